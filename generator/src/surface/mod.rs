//! The public Rust surface of a generated crate, read back from the files the emitter wrote.
//!
//! A [`Surface`] lists every public item a user's code can name: modules, structs and their
//! public fields, enums and their variants, functions and methods with their full
//! signatures (argument names and order included), traits, trait implementations, constants,
//! type aliases and re-exports, each with the attributes that decide what a change does to
//! users (`#[non_exhaustive]`, `#[must_use]`, `#[deprecated]`), and what the crate checks
//! before it sends a request ([`checks`]: required, ranges, lengths, patterns, conditions).
//! It is computed by parsing the generated code, so it cannot disagree with it: it is what
//! the snapshot of each spec's crate shows and what `diff` compares.

pub mod checks;

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;

/// One public item, keyed by [`Item::key`] in a [`Surface`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    /// `mod`, `struct`, `field`, `enum`, `variant`, `fn`, `trait`, `impl`, `const`,
    /// `static`, `type`, `use`, or `check` (one check run before sending).
    pub kind: &'static str,
    /// The item's path from the crate root (`resources::flex_flow::CreateFlexFlow::new`); a
    /// check's is its function's, the checked parameter and the rule
    /// (`resources::flex_flow::CreateFlexFlow::validate[FriendlyName].length`).
    pub path: String,
    /// What a change of which is a change of the item: a function's signature, a field's
    /// type, a variant's shape, a constant's type; attributes first.
    pub detail: String,
    /// A function's arguments in order, `(name, type)`, its receiver first as `self`; a
    /// check's settings (see [`checks::Check::args`]); empty for other items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
    /// A function's return type (`Self`, `Result<Call>`); empty for `()` and other items.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output: String,
}

impl Item {
    /// The identity of the item across two versions: its kind and path.
    pub fn key(&self) -> String {
        format!("{} {}", self.kind, self.path)
    }
}

/// The public items of one crate, by [`Item::key`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// The crate's name.
    pub krate: String,
    /// Items by key, sorted.
    pub items: BTreeMap<String, Item>,
    /// The wire names each type's `encode` sends, by the type's path: what tells a check of
    /// a parameter old code could set from a check of a new one.
    pub sends: BTreeMap<String, BTreeSet<String>>,
}

/// Why a crate's surface could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SurfaceError {
    /// The generated file.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

impl Surface {
    /// The surface of the crate in `dir` (`twilio-flex-v1`) among generated `files` (paths
    /// relative to the output directory), starting at `src/lib.rs` and following `mod`
    /// declarations.
    pub fn of_crate(files: &BTreeMap<String, String>, dir: &str) -> Result<Surface, SurfaceError> {
        let mut surface = Surface {
            krate: dir.to_owned(),
            ..Surface::default()
        };
        let reader = Reader { files, dir };
        reader.file(&mut surface, "src/lib.rs", "src", &[])?;
        Ok(surface)
    }

    /// The listing: one line per item, `kind path detail`, sorted by path then kind.
    pub fn to_text(&self) -> String {
        let mut items: Vec<&Item> = self.items.values().collect();
        items.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
        let mut out = String::new();
        for item in items {
            out.push_str(item.kind);
            out.push(' ');
            out.push_str(&item.path);
            if !item.detail.is_empty() {
                out.push_str(": ");
                out.push_str(&item.detail);
            }
            out.push('\n');
        }
        out
    }

    fn add(&mut self, kind: &'static str, path: String, detail: String) {
        self.insert(Item {
            kind,
            path,
            detail,
            args: Vec::new(),
            output: String::new(),
        });
    }

    fn add_fn(&mut self, path: String, attributes: &[syn::Attribute], sig: &syn::Signature) {
        self.insert(Item {
            kind: "fn",
            path,
            detail: function(attributes, sig),
            args: arguments(sig),
            output: match &sig.output {
                syn::ReturnType::Default => String::new(),
                syn::ReturnType::Type(_, ty) => tokens(ty),
            },
        });
    }

    fn insert(&mut self, item: Item) {
        self.items.insert(item.key(), item);
    }
}

/// The client crates among generated `files`: the directories holding `src/lib.rs` (the
/// provider is a binary).
pub fn client_crates(files: &BTreeMap<String, String>) -> Vec<&str> {
    files
        .keys()
        .filter_map(|k| k.strip_suffix("/src/lib.rs"))
        .filter(|d| !d.contains('/'))
        .collect()
}

struct Reader<'f> {
    files: &'f BTreeMap<String, String>,
    dir: &'f str,
}

impl Reader<'_> {
    /// Reads the module file `rel` (relative to the crate), whose child modules' files are
    /// under `children` and whose path is `module`.
    fn file(
        &self,
        surface: &mut Surface,
        rel: &str,
        children: &str,
        module: &[String],
    ) -> Result<(), SurfaceError> {
        let key = format!("{}/{rel}", self.dir);
        let Some(text) = self.files.get(&key) else {
            return Err(SurfaceError {
                file: key,
                message: "a module's file is missing".to_owned(),
            });
        };
        let file = syn::parse_file(text).map_err(|e| SurfaceError {
            file: key.clone(),
            message: format!("does not parse: {e}"),
        })?;
        self.items(surface, &file.items, children, module)
    }

    /// Reads the items of module `module` (whose child modules' files are under `children`).
    fn items(
        &self,
        surface: &mut Surface,
        items: &[syn::Item],
        children: &str,
        module: &[String],
    ) -> Result<(), SurfaceError> {
        let path = |name: &dyn std::fmt::Display| item_path(module, name);
        for item in items {
            match item {
                syn::Item::Mod(m) if public(&m.vis) => self.module(surface, m, children, module)?,
                syn::Item::Struct(s) if public(&s.vis) => struct_items(surface, s, path(&s.ident)),
                syn::Item::Enum(e) if public(&e.vis) => enum_items(surface, e, path(&e.ident)),
                syn::Item::Fn(f) if public(&f.vis) => {
                    surface.add_fn(path(&f.sig.ident), &f.attrs, &f.sig);
                }
                syn::Item::Trait(t) if public(&t.vis) => {
                    let name = path(&t.ident);
                    surface.add("trait", name.clone(), attrs(&t.attrs));
                    for item in &t.items {
                        if let syn::TraitItem::Fn(f) = item {
                            surface.add_fn(format!("{name}::{}", f.sig.ident), &f.attrs, &f.sig);
                        }
                    }
                }
                syn::Item::Impl(i) => impl_items(surface, i, module),
                syn::Item::Const(c) if public(&c.vis) => {
                    surface.add("const", path(&c.ident), tokens(&c.ty));
                }
                syn::Item::Static(s) if public(&s.vis) => {
                    surface.add("static", path(&s.ident), tokens(&s.ty));
                }
                syn::Item::Type(t) if public(&t.vis) => {
                    surface.add("type", path(&t.ident), tokens(&t.ty));
                }
                // The runtime's item macros (`string_enum!`) wrap ordinary items: their
                // bodies are read as such.
                syn::Item::Macro(m) => {
                    if let Ok(mut file) = syn::parse2::<syn::File>(m.mac.tokens.clone()) {
                        if m.mac
                            .path
                            .segments
                            .last()
                            .is_some_and(|s| s.ident == "string_enum")
                        {
                            file.items.iter_mut().for_each(string_enum);
                        }
                        self.items(surface, &file.items, children, module)?;
                    }
                }
                syn::Item::Use(u) if public(&u.vis) => {
                    surface.add("use", path(&tokens(&u.tree)), String::new());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A public module of `module`, and its items: inline, else from its file (`name.rs` or
    /// `name/mod.rs` under `children`).
    fn module(
        &self,
        surface: &mut Surface,
        m: &syn::ItemMod,
        children: &str,
        module: &[String],
    ) -> Result<(), SurfaceError> {
        let name = m.ident.to_string();
        surface.add("mod", item_path(module, &name), attrs(&m.attrs));
        let mut inner = module.to_vec();
        inner.push(name.clone());
        match &m.content {
            Some((_, items)) => self.items(surface, items, &format!("{children}/{name}"), &inner),
            None => {
                let flat = format!("{children}/{name}.rs");
                let nested = format!("{children}/{name}/mod.rs");
                let rel = if self.files.contains_key(&format!("{}/{flat}", self.dir)) {
                    flat
                } else {
                    nested
                };
                let rel = rel.trim_start_matches('/').to_owned();
                self.file(surface, &rel, &format!("{children}/{name}"), &inner)
            }
        }
    }
}

/// The path of an item `name` of `module` from the crate root.
fn item_path(module: &[String], name: &dyn std::fmt::Display) -> String {
    module
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(name.to_string().as_str()))
        .collect::<Vec<_>>()
        .join("::")
}

/// A public struct at `name`, with its shape, and its public fields.
fn struct_items(surface: &mut Surface, s: &syn::ItemStruct, name: String) {
    let shape = match &s.fields {
        syn::Fields::Named(_) => "",
        syn::Fields::Unnamed(_) => " (tuple)",
        syn::Fields::Unit => " (unit)",
    };
    let private = s.fields.iter().any(|f| !public(&f.vis));
    let detail = format!(
        "{}{}{shape}{}",
        attrs(&s.attrs),
        generics(&s.generics),
        if private { " (private fields)" } else { "" }
    );
    surface.add("struct", name.clone(), detail.trim().to_owned());
    for (i, f) in s.fields.iter().enumerate() {
        if public(&f.vis) {
            let field = f.ident.as_ref().map_or(i.to_string(), |i| i.to_string());
            surface.add(
                "field",
                format!("{name}.{field}"),
                join(&attrs(&f.attrs), &tokens(&f.ty)),
            );
        }
    }
}

/// A public enum at `name`, and its variants with their shapes.
fn enum_items(surface: &mut Surface, e: &syn::ItemEnum, name: String) {
    surface.add(
        "enum",
        name.clone(),
        join(&attrs(&e.attrs), &generics(&e.generics)),
    );
    for v in &e.variants {
        let mut shape = match &v.fields {
            syn::Fields::Unit => String::new(),
            fields => tokens(fields),
        };
        // A discriminant is the value on the wire (`Draft = "draft"`).
        if let Some((_, value)) = &v.discriminant {
            shape = join(&shape, &format!("= {}", tokens(value)));
        }
        surface.add(
            "variant",
            format!("{name}::{}", v.ident),
            join(&attrs(&v.attrs), &shape),
        );
    }
}

/// An `impl` block in `module`: a trait implementation, or the public methods of a type.
fn impl_items(surface: &mut Surface, i: &syn::ItemImpl, module: &[String]) {
    let written = tokens(&i.self_ty);
    // `impl crate::Api { … }` in a resource's module adds to the root's type.
    let self_ty = match written.strip_prefix("crate::") {
        Some(rooted) => rooted.to_owned(),
        None => item_path(module, &written),
    };
    behaviour(surface, i, &self_ty);
    match &i.trait_ {
        Some((trait_path, _)) => surface.add(
            "impl",
            format!("{self_ty}: {}", tokens(trait_path)),
            generics(&i.generics),
        ),
        None => {
            for item in &i.items {
                if let syn::ImplItem::Fn(f) = item {
                    if public(&f.vis) {
                        surface.add_fn(format!("{self_ty}::{}", f.sig.ident), &f.attrs, &f.sig);
                    }
                }
            }
        }
    }
}

/// The checks of an `impl` block's `validate` and `check` functions, and the names its
/// `encode` sends, for the type at `self_ty`.
fn behaviour(surface: &mut Surface, i: &syn::ItemImpl, self_ty: &str) {
    for item in &i.items {
        let syn::ImplItem::Fn(f) = item else { continue };
        let function = f.sig.ident.to_string();
        match function.as_str() {
            "validate" | "check" => {
                for c in checks::checks(&f.block) {
                    surface.insert(Item {
                        kind: "check",
                        path: format!("{self_ty}::{function}[{}].{}", c.param, c.rule),
                        detail: c.describe(),
                        args: c.args,
                        output: String::new(),
                    });
                }
            }
            "encode" => surface
                .sends
                .entry(self_ty.to_owned())
                .or_default()
                .extend(checks::sent(&f.block)),
            _ => {}
        }
    }
}

/// What `twilio_runtime::string_enum!` adds to the enum it is given: `#[non_exhaustive]`
/// and the `Other(String)` variant that keeps values the spec does not list.
fn string_enum(item: &mut syn::Item) {
    if let syn::Item::Enum(e) = item {
        e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
        e.variants.push(syn::parse_quote!(Other(String)));
    }
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The attributes that change what a user may do with an item.
fn attrs(attrs: &[syn::Attribute]) -> String {
    let mut out = Vec::new();
    for a in attrs {
        let path = a.path();
        if ["non_exhaustive", "must_use", "deprecated", "derive"]
            .iter()
            .any(|n| path.is_ident(n))
        {
            out.push(format!("#[{}]", tokens(&a.meta)));
        }
    }
    out.join(" ")
}

fn generics(g: &syn::Generics) -> String {
    let params = tokens(g);
    let clause = g.where_clause.as_ref().map(tokens).unwrap_or_default();
    join(&params, &clause)
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a} {b}"),
    }
}

/// A function's signature as one line, as rustfmt would write it, attributes first.
fn function(attributes: &[syn::Attribute], sig: &syn::Signature) -> String {
    // Printed by prettyplease from the signature's tokens with an empty body: the spacing
    // of rustfmt, whatever the tokens' own.
    let text = format!("{} {{}}", sig.to_token_stream());
    let Ok(file) = syn::parse_file(&text) else {
        return join(&attrs(attributes), &tidy(&text));
    };
    let text = one_line(&prettyplease::unparse(&file));
    let text = text.strip_suffix(" {}").unwrap_or(&text);
    // A binding's `mut` is the body's business, not the caller's.
    let text = text.replace("(mut self", "(self").replace(", mut ", ", ");
    join(&attrs(attributes), &text)
}

/// A signature's arguments, `(name, type)`, without the bindings' `mut` (the body's
/// business, not the caller's); the receiver as `("self", "&self")`.
fn arguments(sig: &syn::Signature) -> Vec<(String, String)> {
    let unmut = |t: String| t.strip_prefix("mut ").map(str::to_owned).unwrap_or(t);
    sig.inputs
        .iter()
        .map(|a| match a {
            syn::FnArg::Receiver(r) => ("self".to_owned(), unmut(tokens(r))),
            syn::FnArg::Typed(t) => (unmut(tokens(&t.pat)), tokens(&t.ty)),
        })
        .collect()
}

/// Tokens as one line of Rust, spaced as rustfmt spaces them.
fn tokens(t: &impl ToTokens) -> String {
    let text = t.to_token_stream().to_string();
    tidy(&text)
}

/// Collapses a pretty-printed item to one line.
fn one_line(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .replace("( ", "(")
        .replace(", )", ")")
        .replace(",)", ")")
}

/// The spacing of `proc_macro2`'s token printing, made rustfmt's.
fn tidy(text: &str) -> String {
    let mut s = text.to_owned();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        (" :", ":"),
        ("# [", "#["),
        ("[ ", "["),
        (" ]", "]"),
        (" ;", ";"),
        (" (", "("),
        ("{ ", "{"),
        (", }", "}"),
        (" }", "}"),
    ] {
        s = s.replace(from, to);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(lib: &str, more: &[(&str, &str)]) -> Surface {
        let mut files = BTreeMap::new();
        files.insert("c/src/lib.rs".to_owned(), lib.to_owned());
        for (p, t) in more {
            files.insert(format!("c/src/{p}"), (*t).to_owned());
        }
        Surface::of_crate(&files, "c").expect("reads")
    }

    #[test]
    fn lists_public_items_with_their_signatures_and_follows_modules() {
        let s = surface(
            "pub mod a;\nmod hidden;\npub const X: &str = \"x\";\n",
            &[(
                "a.rs",
                "#[non_exhaustive]\npub struct S { pub f: Option<i64>, g: u8 }\n\
                 impl S { pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self { todo!() } fn private(&self) {} }\n\
                 impl Default for S { fn default() -> Self { todo!() } }\n\
                 pub enum E { A, B(String) }\n",
            )],
        );
        assert_eq!(
            s.to_text(),
            "const X: &str\n\
             mod a\n\
             enum a::E\n\
             variant a::E::A\n\
             variant a::E::B: (String)\n\
             struct a::S: #[non_exhaustive] (private fields)\n\
             field a::S.f: Option<i64>\n\
             impl a::S: Default\n\
             fn a::S::new: fn new(from: impl Into<String>, to: impl Into<String>) -> Self\n"
        );
    }

    #[test]
    fn a_function_keeps_its_arguments_and_return_type_apart() {
        let s = surface(
            "pub struct S; impl S { pub fn f(mut self, mut a: Vec<(u8, u16)>, b: &str) -> Option<Self> { None } }",
            &[],
        );
        let f = &s.items["fn S::f"];
        assert_eq!(
            f.args,
            [
                ("self".to_owned(), "self".to_owned()),
                ("a".to_owned(), "Vec<(u8, u16)>".to_owned()),
                ("b".to_owned(), "&str".to_owned()),
            ]
        );
        assert_eq!(f.output, "Option<Self>");
        assert_eq!(
            f.detail,
            "fn f(self, a: Vec<(u8, u16)>, b: &str) -> Option<Self>"
        );
    }

    #[test]
    fn argument_order_is_part_of_a_signature() {
        let a = surface("pub fn f(from: String, to: String) {}", &[]);
        let b = surface("pub fn f(to: String, from: String) {}", &[]);
        assert_ne!(a.items["fn f"], b.items["fn f"]);
    }

    #[test]
    fn a_missing_module_file_or_bad_code_is_an_error_naming_the_file() {
        let mut files = BTreeMap::new();
        files.insert("c/src/lib.rs".to_owned(), "pub mod gone;".to_owned());
        let e = Surface::of_crate(&files, "c").expect_err("missing file");
        assert_eq!(e.file, "c/src/gone/mod.rs");
        files.insert("c/src/lib.rs".to_owned(), "pub fn (".to_owned());
        let e = Surface::of_crate(&files, "c").expect_err("bad code");
        assert!(
            e.to_string().starts_with("c/src/lib.rs: does not parse"),
            "{e}"
        );
    }
}
