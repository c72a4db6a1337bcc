//! What a generated crate does before it sends a request, read from its code: the checks in
//! the bodies of `validate` (a parameters type) and `check` (a group of parameters), and the
//! wire names each type's `encode` sends.
//!
//! The generated code checks a request through the runtime's functions, called with the
//! spec's values as literals: `encoding::length`, `range`, `items` and `pattern` on a value,
//! `parts.required_when`, `required` and `not_accepted` on the encoded request. Each call is
//! one [`Check`]. A call of another `encoding::` function or `parts.` method in those bodies is
//! kept too, under its own name, so a check the runtime gains later is never missed.

use syn::visit::Visit;

/// One check the generated code runs before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The runtime function: `length`, `range`, `items`, `pattern`, `required_when`,
    /// `required`, `not_accepted` (or another, named as called).
    pub rule: String,
    /// The wire name of the checked parameter; inside a group's `check`, the member's name
    /// after the group's (`*.RetryCount`).
    pub param: String,
    /// The check's settings by name (`min`, `max`, `exclusive_min`, `exclusive_max`,
    /// `pattern`, `other`, `values`); an absent bound is an empty string.
    pub args: Vec<(String, String)>,
}

impl Check {
    /// The setting `name`, empty when absent.
    pub fn arg(&self, name: &str) -> &str {
        self.args
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// What the check demands, in words (`at most 64 characters`, `>= 0 and <= 3`).
    pub fn describe(&self) -> String {
        let bound = |name: &str| Some(self.arg(name)).filter(|v| !v.is_empty());
        match self.rule.as_str() {
            "length" => format!("{} characters", counts(bound("min"), bound("max"))),
            "items" => format!("{} items", counts(bound("min"), bound("max"))),
            "range" => {
                let side = |name: &str, exclusive: &str, open: &str, closed: &str| {
                    bound(name).map(|v| {
                        let op = if self.arg(exclusive) == "true" {
                            open
                        } else {
                            closed
                        };
                        format!("{op} {v}")
                    })
                };
                let parts: Vec<String> = side("min", "exclusive_min", ">", ">=")
                    .into_iter()
                    .chain(side("max", "exclusive_max", "<", "<="))
                    .collect();
                parts.join(" and ")
            }
            "pattern" => format!("matches `{}`", self.arg("pattern")),
            "required_when" => format!(
                "required when {} is {}",
                self.arg("other"),
                self.arg("values").replace(',', " or ")
            ),
            "required" => "required".to_owned(),
            "not_accepted" => "not accepted".to_owned(),
            _ => self.arg("call").to_owned(),
        }
    }
}

/// `exactly 3`, `1 to 3`, `at least 1`, `at most 3`, as the runtime words its errors.
fn counts(min: Option<&str>, max: Option<&str>) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a == b => format!("exactly {a}"),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any number of".to_owned(),
    }
}

/// The checks in a function body, in the order they run.
pub fn checks(body: &syn::Block) -> Vec<Check> {
    let mut found = Found::default();
    found.visit_block(body);
    found.checks
}

/// The wire names an `encode` body sends: the name given to each call (`"FriendlyName"`,
/// `"Integration"`, `*.Url` for a group's member).
pub fn sent(body: &syn::Block) -> Vec<String> {
    let mut found = Found::default();
    found.visit_block(body);
    found.names
}

#[derive(Default)]
struct Found {
    checks: Vec<Check>,
    /// The first name argument of every call.
    names: Vec<String>,
}

impl<'ast> Visit<'ast> for Found {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func {
            let segments: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if let [module, function] = segments.as_slice() {
                if module == "encoding" {
                    let args: Vec<&syn::Expr> = call.args.iter().collect();
                    self.names.extend(args.iter().find_map(|a| name(a)));
                    if let Some(check) = value_check(function, &args) {
                        self.checks.push(check);
                    }
                }
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let args: Vec<&syn::Expr> = call.args.iter().collect();
        self.names.extend(args.first().and_then(|a| name(a)));
        if is_ident(&call.receiver, "parts") {
            if let Some(check) = request_check(&call.method.to_string(), &args) {
                self.checks.push(check);
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// `encoding::length(param, v, min, max)`, `range(param, v, min, max, (emin, emax))`,
/// `items(param, n, min, max)`, `pattern(param, matched, "re")`; other `encoding::`
/// functions that name a parameter first are kept by name.
fn value_check(function: &str, args: &[&syn::Expr]) -> Option<Check> {
    let param = name(args.first()?)?;
    let num = |i: usize| args.get(i).and_then(|e| number(e)).unwrap_or_default();
    let args = match function {
        "length" | "items" => vec![("min", num(2)), ("max", num(3))],
        "range" => {
            let (emin, emax) = match args.get(4) {
                Some(syn::Expr::Tuple(t)) if t.elems.len() == 2 => {
                    (text(&t.elems[0]), text(&t.elems[1]))
                }
                _ => (String::new(), String::new()),
            };
            vec![
                ("min", num(2)),
                ("max", num(3)),
                ("exclusive_min", emin),
                ("exclusive_max", emax),
            ]
        }
        "pattern" => vec![("pattern", args.get(2).and_then(|e| string(e))?)],
        // Encoding helpers (`encode_indexed`, `json_member`) write, they do not check.
        "encode_indexed" | "json_member" => return None,
        _ => vec![("call", format!("{function}({})", joined(&args[1..])))],
    };
    Some(named(function, param, args))
}

/// `parts.required_when(param, other, &[values])`, `parts.required(param)`,
/// `parts.not_accepted(param)`; other methods of `parts` that name a parameter first.
fn request_check(method: &str, args: &[&syn::Expr]) -> Option<Check> {
    let param = name(args.first()?)?;
    let args = match method {
        "required_when" => {
            let values = match args.get(2).map(|e| unref(e)) {
                Some(syn::Expr::Array(a)) => a
                    .elems
                    .iter()
                    .filter_map(string)
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            };
            vec![
                (
                    "other",
                    args.get(1).and_then(|e| name(e)).unwrap_or_default(),
                ),
                ("values", values),
            ]
        }
        "required" | "not_accepted" => Vec::new(),
        // Reading the request (`has`, `get`) checks nothing by itself.
        "has" | "get" => return None,
        _ => vec![("call", format!("{method}({})", joined(&args[1..])))],
    };
    Some(named(method, param, args))
}

fn named(rule: &str, param: String, args: Vec<(&str, String)>) -> Check {
    Check {
        rule: rule.to_owned(),
        param,
        args: args.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
    }
}

fn unref(e: &syn::Expr) -> &syn::Expr {
    match e {
        syn::Expr::Reference(r) => unref(&r.expr),
        syn::Expr::Paren(p) => unref(&p.expr),
        e => e,
    }
}

fn is_ident(e: &syn::Expr, ident: &str) -> bool {
    matches!(unref(e), syn::Expr::Path(p) if p.path.is_ident(ident))
}

/// A string literal's value.
fn string(e: &syn::Expr) -> Option<String> {
    match unref(e) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// A parameter's name: a string literal, or `format!("{key}.Url")` (the placeholder, the
/// enclosing group's name, written `*`).
fn name(e: &syn::Expr) -> Option<String> {
    if let Some(s) = string(e) {
        return Some(s);
    }
    let syn::Expr::Macro(m) = unref(e) else {
        return None;
    };
    if !m.mac.path.is_ident("format") {
        return None;
    }
    let lit: syn::LitStr = m
        .mac
        .parse_body_with(|input: syn::parse::ParseStream| {
            let lit: syn::LitStr = input.parse()?;
            let _: proc_macro2::TokenStream = input.parse()?;
            Ok(lit)
        })
        .ok()?;
    Some(placeholders(&lit.value()))
}

/// `{key}.Url` -> `*.Url`.
fn placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push('*');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A bound: `Some(3u64)`, `Some(-1.5)` -> `3`, `-1.5`; `None` -> empty.
fn number(e: &syn::Expr) -> Option<String> {
    let syn::Expr::Call(call) = unref(e) else {
        return Some(String::new()).filter(|_| is_ident(e, "None"));
    };
    if !matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Some")) {
        return None;
    }
    let inner = call.args.first()?;
    let (negative, lit) = match unref(inner) {
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => (true, unref(&u.expr)),
        other => (false, other),
    };
    let digits = match lit {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_digits().to_owned(),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Float(f),
            ..
        }) => f.base10_digits().to_owned(),
        _ => return None,
    };
    let digits = digits
        .strip_suffix(".0")
        .map(str::to_owned)
        .unwrap_or(digits);
    Some(if negative {
        format!("-{digits}")
    } else {
        digits
    })
}

fn text(e: &syn::Expr) -> String {
    quote::ToTokens::to_token_stream(e).to_string()
}

fn joined(args: &[&syn::Expr]) -> String {
    args.iter().map(|e| text(e)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str) -> syn::Block {
        syn::parse_str(code).expect("a block")
    }

    #[test]
    fn reads_each_runtime_check_with_its_settings() {
        let found = checks(&body(
            r#"{
                self.channel_type.check("ChannelType")?;
                if let Some(v) = &self.retry_count {
                    encoding::range(&format!("{param}.RetryCount"), *v as f64, Some(0.0), Some(3.0), (false, true))?;
                }
                { let v = &self.sid; encoding::length("ObjectSid", v, Some(34u64), None)?; }
                encoding::pattern("Name", PATTERN_0.is_match(v), "^a+$")?;
                encoding::items("Tags", v.len(), None, Some(5u64))?;
                parts.required_when("Integration.Url", "IntegrationType", &["external", "studio"])?;
                parts.not_accepted("Body")?;
                Ok(())
            }"#,
        ));
        let described: Vec<(String, String, String)> = found
            .iter()
            .map(|c| (c.rule.clone(), c.param.clone(), c.describe()))
            .collect();
        let row = |r: &str, p: &str, d: &str| (r.to_owned(), p.to_owned(), d.to_owned());
        assert_eq!(
            described,
            [
                row("range", "*.RetryCount", ">= 0 and < 3"),
                row("length", "ObjectSid", "at least 34 characters"),
                row("pattern", "Name", "matches `^a+$`"),
                row("items", "Tags", "at most 5 items"),
                row(
                    "required_when",
                    "Integration.Url",
                    "required when IntegrationType is external or studio"
                ),
                row("not_accepted", "Body", "not accepted"),
            ]
        );
        assert_eq!(found[0].arg("exclusive_max"), "true");
        assert_eq!(found[0].arg("min"), "0");
    }

    #[test]
    fn negative_bounds_and_unknown_runtime_checks_are_kept() {
        let found = checks(&body(
            r#"{ encoding::range("Lat", *v, Some(-90.0), Some(90.0), (false, false))?; encoding::fresh("X", v, 3)?; }"#,
        ));
        assert_eq!(found[0].describe(), ">= -90 and <= 90");
        assert_eq!(found[1].rule, "fresh");
        assert_eq!(found[1].describe(), "fresh(v, 3)");
    }

    #[test]
    fn encode_bodies_give_the_names_they_send() {
        let names = sent(&body(
            r#"{
                self.friendly_name.encode("FriendlyName", &mut parts.form);
                self.url.encode(&format!("{key}.Url"), out);
                encoding::json_member(parts, "message_id", &self.message_id);
                if let Some(items) = self.parameter.as_ref() {
                    encoding::encode_indexed(items, "Parameter", 1u32, &mut parts.form);
                }
            }"#,
        ));
        assert_eq!(names, ["FriendlyName", "*.Url", "message_id", "Parameter"]);
    }
}
