//! Rust written directly as text in prettyplease's layout, for the most regular items (a
//! parameter struct's fields, constructor and setters): formatting them through syn and
//! prettyplease was most of the generator's work. Each writer gives up (`None`) on anything
//! whose layout it does not know (a line that would not fit the margin, a type it cannot
//! print), and its caller then formats tokens as before; a test makes every module of the
//! shared specs both ways and compares them byte for byte.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use super::format_file;
use super::EmitError;

/// prettyplease's margin: a line of up to this many columns is kept on one line.
pub const MARGIN: usize = 89;

/// Text in the making; `None` once a line would not fit.
pub struct Text(Option<String>);

impl Text {
    pub fn new() -> Self {
        Text(Some(String::with_capacity(4096)))
    }

    /// A line of code at `indent`; one that would not fit the margin gives up.
    pub fn line(&mut self, indent: usize, line: &str) {
        if indent + line.len() > MARGIN {
            self.0 = None;
        }
        if let Some(out) = &mut self.0 {
            push_indent(out, indent);
            out.push_str(line);
            out.push('\n');
        }
    }

    /// Lines already laid out, with their indentation.
    pub fn lines(&mut self, lines: &str) {
        if let Some(out) = &mut self.0 {
            out.push_str(lines);
        }
    }

    /// An empty line.
    pub fn blank(&mut self) {
        if let Some(out) = &mut self.0 {
            out.push('\n');
        }
    }

    /// Doc comment lines at `indent`, as prettyplease prints the attributes
    /// [`doc`](super::doc::doc) makes of `text` (never broken, trailing spaces trimmed).
    pub fn doc(&mut self, indent: usize, text: &str) {
        if text.contains('\r') {
            // An ordinary literal, which prettyplease prints as a block comment.
            self.0 = None;
        }
        let Some(out) = &mut self.0 else { return };
        for l in text.lines() {
            push_indent(out, indent);
            if l.is_empty() {
                out.push_str("///");
            } else {
                out.push_str("/// ");
                out.push_str(l.trim_end_matches(' '));
            }
            out.push('\n');
        }
    }

    /// A function's head (or a call): `head(` the arguments `) tail`, on one line when it
    /// fits the margin, else the arguments one per line, each with a comma.
    pub fn signature(&mut self, indent: usize, head: &str, args: &[String], tail: &str) {
        let flat = format!("{head}({}){tail}", args.join(", "));
        if args.is_empty() || indent + flat.len() <= MARGIN {
            self.line(indent, &flat);
        } else {
            self.line(indent, &format!("{head}("));
            for a in args {
                self.line(indent + 4, &format!("{a},"));
            }
            self.line(indent, &format!("){tail}"));
        }
    }

    /// `head<arg>tail` (a field of type `Option<T>`): on one line when it fits the margin,
    /// else the generic argument on a line of its own, as prettyplease breaks it.
    pub fn generic(&mut self, indent: usize, head: &str, arg: &str, tail: &str) {
        let flat = format!("{head}<{arg}>{tail}");
        if indent + flat.len() <= MARGIN {
            self.line(indent, &flat);
        } else {
            self.line(indent, &format!("{head}<"));
            self.line(indent + 4, &format!("{arg},"));
            self.line(indent, &format!(">{tail}"));
        }
    }

    /// `{head} {rest}` (an `impl` head): on one line when it fits the margin, else `rest`
    /// on the next line at the same indentation, as prettyplease breaks an `impl` head
    /// before `for`.
    pub fn split_line(&mut self, indent: usize, head: &str, rest: &str) {
        if indent + head.len() + 1 + rest.len() <= MARGIN {
            self.line(indent, &format!("{head} {rest}"));
        } else {
            self.line(indent, head);
            self.line(indent, rest);
        }
    }

    /// A struct literal `name { inits }` (each init without its comma): on one line when it
    /// is short (prettyplease keeps one on a line up to 34 columns before its `}`), else a
    /// field per line.
    pub fn struct_literal(&mut self, indent: usize, name: &str, inits: &[String]) {
        let flat = format!("{name} {{ {} }}", inits.join(", "));
        if flat.len() - 1 <= 34 {
            self.line(indent, &flat);
        } else {
            self.line(indent, &format!("{name} {{"));
            for init in inits {
                self.line(indent + 4, &format!("{init},"));
            }
            self.line(indent, "}");
        }
    }

    pub fn done(self) -> Option<String> {
        self.0
    }
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

/// A type as prettyplease prints it (`Option<Vec<url::Url>>`,
/// `impl IntoIterator<Item = impl Into<String>>`), for the paths, generic arguments and
/// `impl` types the generator makes; `None` for anything else (tuples, arrays, references).
pub fn type_text(tokens: &TokenStream) -> Option<String> {
    let mut out = String::new();
    let mut word_before = false;
    for t in tokens.clone() {
        match t {
            TokenTree::Ident(i) => {
                if word_before {
                    out.push(' ');
                }
                out.push_str(&i.to_string());
                word_before = true;
            }
            TokenTree::Punct(p) => {
                match (p.as_char(), p.spacing()) {
                    (':', _) | ('<', _) | ('>', _) => out.push(p.as_char()),
                    (',', Spacing::Alone) => out.push_str(", "),
                    ('=', Spacing::Alone) => out.push_str(" = "),
                    _ => return None,
                }
                word_before = false;
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                let inner = type_text(&g.stream())?;
                if word_before {
                    out.push(' ');
                }
                out.push_str(&inner);
                word_before = true;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The lines of an item of an `impl` block (a method), formatted through syn and
/// prettyplease in a stand-in `impl`: the same lines as in place, since prettyplease lays out
/// each item on its own.
pub fn impl_item_lines(item: TokenStream, what: &str) -> Result<String, EmitError> {
    Ok(inner_lines(&format_file(
        quote::quote!(impl S { #item }),
        what,
    )?))
}

/// The lines of a formatted stand-in item between its first and last line (the body of a
/// stand-in `fn` or `impl`).
pub fn inner_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .map(|l| format!("{l}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn types_print_as_prettyplease_prints_them() {
        for ty in [
            quote!(Option<Vec<url::Url>>),
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(chrono::DateTime<chrono::Utc>),
            quote!(std::collections::BTreeMap<String, serde_json::Value>),
            quote!(Vec<Vec<i64>>),
        ] {
            let text = type_text(&ty).expect("printable");
            let want = format_file(quote!(type T = #ty;), "test").expect("formats");
            assert_eq!(format!("type T = {text};\n"), want);
        }
        assert_eq!(type_text(&quote!((u8, u8))), None);
        assert_eq!(type_text(&quote!(&'static str)), None);
    }

    #[test]
    fn signatures_break_where_prettyplease_breaks_them() {
        // Arguments of growing length, until the line no longer fits.
        for n in 40..70 {
            let arg_ty = "A".repeat(n);
            let ty = proc_macro2::Ident::new(&arg_ty, proc_macro2::Span::call_site());
            let want = format_file(
                quote!(impl S { pub fn setter(mut self, value: #ty) -> Self { self } }),
                "test",
            )
            .expect("formats");
            let mut t = Text::new();
            t.line(0, "impl S {");
            t.signature(
                4,
                "pub fn setter",
                &["mut self".to_owned(), format!("value: {arg_ty}")],
                " -> Self {",
            );
            t.line(8, "self");
            t.line(4, "}");
            t.line(0, "}");
            assert_eq!(t.done().as_deref(), Some(want.as_str()), "{n}");
        }
    }

    #[test]
    fn too_long_lines_give_up() {
        let mut t = Text::new();
        t.line(4, &"x".repeat(MARGIN - 4));
        assert!(t.0.is_some());
        t.line(4, &"x".repeat(MARGIN - 3));
        assert_eq!(t.done(), None);
    }

    #[test]
    fn docs_print_as_prettyplease_prints_them() {
        let text = "First line.  \n\nThird `line` \\[x\\]";
        let attrs = super::super::doc::doc(text);
        let want = format_file(quote!(#attrs struct S;), "test").expect("formats");
        let mut t = Text::new();
        t.doc(0, text);
        t.line(0, "struct S;");
        assert_eq!(t.done().as_deref(), Some(want.as_str()));
    }
}

/// An expression of the kinds generated tests and calls are made of, read from tokens and
/// laid out as prettyplease lays it out: paths and literals, calls and macros with
/// parenthesized or bracketed arguments, `&`, and chains of method calls, fields, `.await`
/// and `?`. [`Expr::of`] reads nothing else (closures, blocks, operators: `None`).
#[derive(Debug)]
pub enum Expr {
    /// Text that is never broken (a path, a literal).
    Atom(String),
    /// `&` before an expression.
    Ref(Box<Expr>),
    /// `callee(args)` or `callee![args]`, then `tail` (`?`).
    Call {
        callee: String,
        open: &'static str,
        close: &'static str,
        args: Vec<Expr>,
        tail: String,
    },
    /// A receiver, then `.method(args)`, `.field` or `.await`, each with its `?`s.
    Chain {
        receiver: Box<Expr>,
        links: Vec<Link>,
    },
    /// A block (`async` or not) of statements, which prettyplease always breaks.
    Block { asyncness: bool, stmts: Vec<Stmt> },
}

/// A statement of a block, of the kinds generated code is made of.
#[derive(Debug)]
pub enum Stmt {
    /// `let pat[: ty] = init;`
    Let {
        pat: String,
        ty: Option<String>,
        init: Expr,
    },
    /// `lhs = rhs;`
    Assign { lhs: String, rhs: Expr },
    /// `if let Some(bind) = scrutinee { body }`
    IfLetSome {
        bind: String,
        scrutinee: Expr,
        body: Vec<Stmt>,
    },
    /// `match scrutinee { pattern => expr, ... }`
    Match {
        scrutinee: Expr,
        arms: Vec<(String, Expr)>,
    },
    /// `expr;`
    Semi(Expr),
    /// The block's value.
    Tail(Expr),
}

impl Stmt {
    /// The statements `tokens` hold, or `None` when they hold anything else.
    pub fn all_of(tokens: TokenStream) -> Option<Vec<Stmt>> {
        let t: Vec<TokenTree> = tokens.into_iter().collect();
        Self::read_all(&t)
    }

    fn read_all(t: &[TokenTree]) -> Option<Vec<Stmt>> {
        let mut at = 0;
        let mut out = Vec::new();
        let is = |t: &[TokenTree], at: usize, word: &str| matches!(t.get(at), Some(TokenTree::Ident(i)) if i == word);
        let punct = |t: &[TokenTree], at: usize, c: char| matches!(t.get(at), Some(TokenTree::Punct(p)) if p.as_char() == c);
        while at < t.len() {
            if is(t, at, "let") && !is(t, at + 1, "Some") {
                at += 1;
                let mut pat = String::new();
                if is(t, at, "mut") {
                    pat.push_str("mut ");
                    at += 1;
                }
                let TokenTree::Ident(name) = t.get(at)? else {
                    return None;
                };
                pat.push_str(&name.to_string());
                at += 1;
                let mut ty = None;
                if punct(t, at, ':') {
                    let end = (at + 1..t.len()).find(|&i| {
                        matches!(&t[i], TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone)
                    })?;
                    ty = Some(type_text(&t[at + 1..end].iter().cloned().collect())?);
                    at = end;
                }
                if !punct(t, at, '=') {
                    return None;
                }
                at += 1;
                let init = Expr::read(t, &mut at)?;
                if !punct(t, at, ';') {
                    return None;
                }
                at += 1;
                out.push(Stmt::Let { pat, ty, init });
            } else if is(t, at, "if") && is(t, at + 1, "let") && is(t, at + 2, "Some") {
                let Some(TokenTree::Group(g)) = t.get(at + 3) else {
                    return None;
                };
                let bind = g.stream().to_string();
                if !punct(t, at + 4, '=') {
                    return None;
                }
                at += 5;
                let scrutinee = Expr::read(t, &mut at)?;
                let Some(TokenTree::Group(body)) = t.get(at) else {
                    return None;
                };
                at += 1;
                out.push(Stmt::IfLetSome {
                    bind,
                    scrutinee,
                    body: Stmt::all_of(body.stream())?,
                });
            } else if is(t, at, "match") {
                at += 1;
                let scrutinee = Expr::read(t, &mut at)?;
                let Some(TokenTree::Group(g)) = t.get(at) else {
                    return None;
                };
                at += 1;
                let a: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut i = 0;
                let mut arms = Vec::new();
                while i < a.len() {
                    let arrow = (i..a.len()).find(|&j| {
                        matches!(&a[j], TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Joint)
                            && matches!(a.get(j + 1), Some(TokenTree::Punct(p)) if p.as_char() == '>')
                    })?;
                    let pattern = match &a[i..arrow] {
                        [TokenTree::Ident(v)] => v.to_string(),
                        [TokenTree::Ident(v), TokenTree::Group(g)] => {
                            format!("{v}({})", g.stream())
                        }
                        _ => return None,
                    };
                    i = arrow + 2;
                    let e = Expr::read(&a, &mut i)?;
                    if punct(&a, i, ',') {
                        i += 1;
                    }
                    arms.push((pattern, e));
                }
                out.push(Stmt::Match { scrutinee, arms });
            } else if matches!(t.get(at), Some(TokenTree::Ident(_)))
                && matches!(t.get(at + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=' && p.spacing() == Spacing::Alone)
            {
                let lhs = t[at].to_string();
                at += 2;
                let rhs = Expr::read(t, &mut at)?;
                if !punct(t, at, ';') {
                    return None;
                }
                at += 1;
                out.push(Stmt::Assign { lhs, rhs });
            } else {
                let e = Expr::read(t, &mut at)?;
                if punct(t, at, ';') {
                    at += 1;
                    out.push(Stmt::Semi(e));
                } else if at == t.len() {
                    out.push(Stmt::Tail(e));
                } else {
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Appends the statement's lines at `indent`; `false` where the layout is not known.
    pub fn lay_out(&self, indent: usize, out: &mut String) -> bool {
        let pad = " ".repeat(indent);
        match self {
            Stmt::Let { pat, ty, init } => {
                let prefix = match ty {
                    Some(ty) => format!("let {pat}: {ty} = "),
                    None => format!("let {pat} = "),
                };
                init.lay_out(indent, &prefix, ";", true, out)
            }
            Stmt::Assign { lhs, rhs } => rhs.lay_out(indent, &format!("{lhs} = "), ";", true, out),
            Stmt::Semi(e) => e.lay_out(indent, "", ";", true, out),
            Stmt::Tail(e) => e.lay_out(indent, "", "", true, out),
            Stmt::IfLetSome {
                bind,
                scrutinee,
                body,
            } => {
                let head = format!("{pad}if let Some({bind}) = {} {{", scrutinee.flat());
                if scrutinee.has_block() || head.len() > MARGIN {
                    return false;
                }
                out.push_str(&head);
                out.push('\n');
                if !body.iter().all(|s| s.lay_out(indent + 4, out)) {
                    return false;
                }
                out.push_str(&format!("{pad}}}\n"));
                true
            }
            Stmt::Match { scrutinee, arms } => {
                let head = format!("{pad}match {} {{", scrutinee.flat());
                if scrutinee.has_block() || head.len() > MARGIN {
                    return false;
                }
                out.push_str(&head);
                out.push('\n');
                for (pattern, e) in arms {
                    let arm = format!("{pad}    {pattern} => {},", e.flat());
                    if e.has_block() || arm.len() > MARGIN {
                        return false;
                    }
                    out.push_str(&arm);
                    out.push('\n');
                }
                out.push_str(&format!("{pad}}}\n"));
                true
            }
        }
    }
}

/// One link of a chain: `.name`, with its arguments when it is a call, and its `?`s.
#[derive(Debug)]
pub struct Link {
    name: String,
    args: Option<Vec<Expr>>,
    tail: String,
}

impl Link {
    fn width(&self) -> usize {
        1 + self.name.len()
            + self.tail.len()
            + self.args.as_deref().map_or(0, |a| 2 + list_width(a))
    }

    fn flat(&self) -> String {
        let mut out = String::with_capacity(self.width());
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        out.push('.');
        out.push_str(&self.name);
        if let Some(args) = &self.args {
            out.push('(');
            write_list(args, out);
            out.push(')');
        }
        out.push_str(&self.tail);
    }
}

fn list_width(args: &[Expr]) -> usize {
    args.iter().map(Expr::width).sum::<usize>() + 2 * args.len().saturating_sub(1)
}

fn write_list(args: &[Expr], out: &mut String) {
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        a.write_flat(out);
    }
}

impl Expr {
    /// `open` items `close`: a call (`Some(`, `)`), an array (`&[`, `]`), a tuple.
    pub fn list(open: &'static str, close: &'static str, items: Vec<Expr>) -> Expr {
        Expr::Call {
            callee: String::new(),
            open,
            close,
            args: items,
            tail: String::new(),
        }
    }

    /// The expression `tokens` hold, or `None` when they hold anything else.
    pub fn of(tokens: TokenStream) -> Option<Expr> {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut at = 0;
        let e = Self::read(&tokens, &mut at)?;
        (at == tokens.len()).then_some(e)
    }

    fn read(t: &[TokenTree], at: &mut usize) -> Option<Expr> {
        let mut e = Self::primary(t, at)?;
        let mut links: Vec<Link> = Vec::new();
        loop {
            match t.get(*at) {
                Some(TokenTree::Punct(p)) if p.as_char() == '?' => {
                    *at += 1;
                    match links.last_mut() {
                        Some(link) => link.tail.push('?'),
                        None => match &mut e {
                            Expr::Call { tail, .. } => tail.push('?'),
                            _ => return None,
                        },
                    }
                }
                Some(TokenTree::Punct(p)) if p.as_char() == '.' => {
                    let Some(TokenTree::Ident(name)) = t.get(*at + 1) else {
                        return None;
                    };
                    *at += 2;
                    let args = match t.get(*at) {
                        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                            *at += 1;
                            Some(Self::read_list(g.stream())?)
                        }
                        _ => None,
                    };
                    links.push(Link {
                        name: name.to_string(),
                        args,
                        tail: String::new(),
                    });
                }
                _ => break,
            }
        }
        Some(if links.is_empty() {
            e
        } else {
            Expr::Chain {
                receiver: Box::new(e),
                links,
            }
        })
    }

    fn primary(t: &[TokenTree], at: &mut usize) -> Option<Expr> {
        match t.get(*at)? {
            TokenTree::Ident(i) if i == "async" => match t.get(*at + 1) {
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    *at += 2;
                    Some(Expr::Block {
                        asyncness: true,
                        stmts: Stmt::all_of(g.stream())?,
                    })
                }
                _ => None,
            },
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                *at += 1;
                Some(Expr::Block {
                    asyncness: false,
                    stmts: Stmt::all_of(g.stream())?,
                })
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
                *at += 1;
                Some(Expr::Call {
                    callee: String::new(),
                    open: "(",
                    close: ")",
                    args: Self::read_list(g.stream())?,
                    tail: String::new(),
                })
            }
            TokenTree::Punct(p) if p.as_char() == '&' && p.spacing() == Spacing::Alone => {
                *at += 1;
                let inner = Self::read(t, at)?;
                Some(Expr::Ref(Box::new(inner)))
            }
            TokenTree::Punct(p) if p.as_char() == '-' => match t.get(*at + 1) {
                Some(TokenTree::Literal(l)) => {
                    *at += 2;
                    Some(Expr::Atom(format!("-{l}")))
                }
                _ => None,
            },
            TokenTree::Literal(l) => {
                *at += 1;
                Some(Expr::Atom(l.to_string()))
            }
            TokenTree::Ident(_) => {
                let mut path = String::new();
                loop {
                    let TokenTree::Ident(i) = t.get(*at)? else {
                        return None;
                    };
                    path.push_str(&i.to_string());
                    *at += 1;
                    match (t.get(*at), t.get(*at + 1)) {
                        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                            if a.as_char() == ':'
                                && a.spacing() == Spacing::Joint
                                && b.as_char() == ':' =>
                        {
                            path.push_str("::");
                            *at += 2;
                        }
                        _ => break,
                    }
                }
                let bang = matches!(t.get(*at), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                if bang {
                    path.push('!');
                    *at += 1;
                }
                match t.get(*at) {
                    Some(TokenTree::Group(g))
                        if g.delimiter() == Delimiter::Parenthesis
                            || (bang && g.delimiter() == Delimiter::Bracket) =>
                    {
                        *at += 1;
                        let (open, close) = if g.delimiter() == Delimiter::Bracket {
                            ("[", "]")
                        } else {
                            ("(", ")")
                        };
                        Some(Expr::Call {
                            callee: path,
                            open,
                            close,
                            args: Self::read_list(g.stream())?,
                            tail: String::new(),
                        })
                    }
                    _ if bang => None,
                    _ => Some(Expr::Atom(path)),
                }
            }
            _ => None,
        }
    }

    /// Comma-separated expressions (a trailing comma allowed).
    fn read_list(tokens: TokenStream) -> Option<Vec<Expr>> {
        let t: Vec<TokenTree> = tokens.into_iter().collect();
        let mut at = 0;
        let mut out = Vec::new();
        while at < t.len() {
            out.push(Self::read(&t, &mut at)?);
            match t.get(at) {
                None => {}
                Some(TokenTree::Punct(p)) if p.as_char() == ',' => at += 1,
                Some(_) => return None,
            }
        }
        Some(out)
    }

    /// The expression on one line.
    pub fn flat(&self) -> String {
        let mut out = String::with_capacity(self.width().min(1 << 12));
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Ref(inner) => {
                out.push('&');
                inner.write_flat(out);
            }
            Expr::Call {
                callee,
                open,
                close,
                args,
                tail,
            } => {
                out.push_str(callee);
                out.push_str(open);
                write_list(args, out);
                out.push_str(close);
                out.push_str(tail);
            }
            Expr::Chain { receiver, links } => {
                receiver.write_flat(out);
                for link in links {
                    link.write_flat(out);
                }
            }
            // Never on one line (see `width`).
            Expr::Block { .. } => out.push_str("{ .. }"),
        }
    }

    /// The length of [`Expr::flat`], without making it; a block's is beyond any margin.
    pub fn width(&self) -> usize {
        match self {
            Expr::Atom(text) => text.len(),
            Expr::Ref(inner) => 1 + inner.width(),
            Expr::Call {
                callee,
                open,
                close,
                args,
                tail,
            } => callee.len() + open.len() + list_width(args) + close.len() + tail.len(),
            Expr::Chain { receiver, links } => {
                receiver.width() + links.iter().map(Link::width).sum::<usize>()
            }
            Expr::Block { .. } => usize::MAX / 4,
        }
    }

    /// Whether the expression holds a block, which prettyplease always breaks.
    pub fn has_block(&self) -> bool {
        match self {
            Expr::Atom(_) => false,
            Expr::Ref(inner) => inner.has_block(),
            Expr::Call { args, .. } => args.iter().any(Expr::has_block),
            Expr::Chain { receiver, links } => {
                receiver.has_block()
                    || links
                        .iter()
                        .any(|l| l.args.iter().flatten().any(Expr::has_block))
            }
            Expr::Block { .. } => true,
        }
    }

    /// Appends the expression's lines at `indent`, after `prefix` and before `suffix`
    /// (counted against the margin when `weighed`): on one line when it fits, else a
    /// call's arguments one per line and a chain's links one per line, each laid out in
    /// turn. `false` where the layout is not known (a block statement it cannot write, an
    /// empty argument list past the margin); what was appended is then not to be used.
    #[must_use]
    pub fn lay_out(
        &self,
        indent: usize,
        prefix: &str,
        suffix: &str,
        weighed: bool,
        out: &mut String,
    ) -> bool {
        let pad = " ".repeat(indent);
        let width = indent + prefix.len() + self.width() + if weighed { suffix.len() } else { 0 };
        if width <= MARGIN {
            out.push_str(&format!("{pad}{prefix}{}{suffix}\n", self.flat()));
            return true;
        }
        match self {
            // Nothing breaks a path or a literal: prettyplease writes it past the margin (a
            // literal spanning lines is measured with its whole length).
            Expr::Atom(text) => {
                out.push_str(&format!("{pad}{prefix}{text}{suffix}\n"));
                true
            }
            Expr::Block { asyncness, stmts } => {
                let kw = if *asyncness { "async " } else { "" };
                out.push_str(&format!("{pad}{prefix}{kw}{{\n"));
                if !stmts.iter().all(|s| s.lay_out(indent + 4, out)) {
                    return false;
                }
                out.push_str(&format!("{pad}}}{suffix}\n"));
                true
            }
            Expr::Ref(inner) => inner.lay_out(indent, &format!("{prefix}&"), suffix, weighed, out),
            Expr::Call {
                callee,
                open,
                close,
                args,
                tail,
            } => {
                let head = format!("{prefix}{callee}{open}");
                let close = format!("{close}{tail}{suffix}");
                lay_call([indent, indent + 4, indent], &head, args, &close, out)
            }
            Expr::Chain { receiver, links } => {
                // The receiver is in the chain's box, indented by its links' indentation: a
                // call broken there has its arguments one level further in.
                let receiver_fits = indent + prefix.len() + receiver.width() <= MARGIN;
                let ok = match &**receiver {
                    _ if receiver_fits => receiver.lay_out(indent, prefix, "", true, out),
                    // A block (or a reference to one) ends at the chain's indentation.
                    Expr::Block { .. } => receiver.lay_out(indent, prefix, "", true, out),
                    Expr::Ref(inner) if matches!(**inner, Expr::Block { .. }) => {
                        receiver.lay_out(indent, prefix, "", true, out)
                    }
                    Expr::Call {
                        callee,
                        open,
                        close,
                        args,
                        tail,
                    } => lay_call(
                        [indent, indent + 8, indent + 4],
                        &format!("{prefix}{callee}{open}"),
                        args,
                        &format!("{close}{tail}"),
                        out,
                    ),
                    _ => false,
                };
                if !ok {
                    return false;
                }
                for (i, link) in links.iter().enumerate() {
                    let last = i + 1 == links.len();
                    let end = if last { suffix } else { "" };
                    // A block's width is beyond any margin.
                    let width =
                        indent + 4 + link.width() + if weighed || !last { end.len() } else { 0 };
                    let ok = match &link.args {
                        _ if width <= MARGIN => {
                            out.push_str(&format!("{pad}    {}{end}\n", link.flat()));
                            true
                        }
                        // A block as the only argument hugs the parentheses.
                        Some(args)
                            if matches!(
                                args.as_slice(),
                                [Expr::Block {
                                    asyncness: false,
                                    ..
                                }]
                            ) =>
                        {
                            let Expr::Block { stmts, .. } = &args[0] else {
                                return false;
                            };
                            out.push_str(&format!("{pad}    .{}({{\n", link.name));
                            if !stmts.iter().all(|s| s.lay_out(indent + 8, out)) {
                                return false;
                            }
                            out.push_str(&format!("{pad}    }}){}{end}\n", link.tail));
                            true
                        }
                        Some(args) => lay_call(
                            [indent + 4, indent + 8, indent + 4],
                            &format!(".{}(", link.name),
                            args,
                            &format!("){}{end}", link.tail),
                            out,
                        ),
                        None => false,
                    };
                    if !ok {
                        return false;
                    }
                }
                true
            }
        }
    }
}

/// A call broken over lines: `head`, the arguments one per line with their commas (the
/// last one's not counted against the margin), then `close`; at the indentations
/// `[head, arguments, close]`.
fn lay_call(
    [head_at, args_at, close_at]: [usize; 3],
    head: &str,
    args: &[Expr],
    close: &str,
    out: &mut String,
) -> bool {
    if args.is_empty() {
        return false;
    }
    out.push_str(&format!("{}{head}\n", " ".repeat(head_at)));
    for (i, a) in args.iter().enumerate() {
        if !a.lay_out(args_at, "", ",", i + 1 < args.len(), out) {
            return false;
        }
    }
    out.push_str(&format!("{}{close}\n", " ".repeat(close_at)));
    true
}
