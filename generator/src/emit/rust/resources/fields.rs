//! Parameters as struct fields: the field's type and setter argument, its doc, and the
//! checks of the spec's constraints on its value.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::doc::sanitize;
use super::super::text::Expr;
use super::Cx;
use crate::model::{Constraints, Param, Type};
use crate::views::rust::checks::{value_checks, ValueCheck};
use crate::views::rust::types::{id, is_string, param_type, request_type};

/// Checks of explicit constraints on a value `v` (a reference to the Rust value): the
/// view's [`value_checks`] as statements.
pub(super) fn constraint_checks(
    cx: &Cx,
    wire: &TokenStream,
    t: &Type,
    c: &Constraints,
) -> TokenStream {
    let mut out = TokenStream::new();
    let opt_u64 = |v: Option<u64>| match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let opt_f64 = |v: Option<f64>| match v {
        Some(n) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(n);
            quote!(Some(#lit))
        }
        None => quote!(None),
    };
    for check in value_checks(t, c) {
        cx.used.helper();
        match check {
            ValueCheck::Length { min, max } => {
                let (min, max) = (opt_u64(min), opt_u64(max));
                out.extend(quote!(encoding::length(#wire, v, #min, #max)?;));
            }
            ValueCheck::Pattern(p) => {
                let stat = cx.pattern_static(&p);
                out.extend(quote!(encoding::pattern(#wire, #stat.is_match(v), #p)?;));
            }
            ValueCheck::Range {
                min,
                max,
                exclusive_min,
                exclusive_max,
            } => {
                let (min, max) = (opt_f64(min), opt_f64(max));
                let value = if matches!(t, Type::Number) {
                    quote!(*v)
                } else {
                    quote!(*v as f64)
                };
                out.extend(quote!(
                    encoding::range(#wire, #value, #min, #max, (#exclusive_min, #exclusive_max))?;
                ));
            }
            ValueCheck::Items { min, max } => {
                let (min, max) = (opt_u64(min), opt_u64(max));
                out.extend(quote!(encoding::items(#wire, v.len(), #min, #max)?;));
            }
        }
    }
    out
}

/// [`constraint_checks`] as the calls they make, each laid out by [`Expr`] (with `?;`
/// after it).
pub(super) fn constraint_nodes(cx: &Cx, wire: &str, t: &Type, c: &Constraints) -> Vec<Expr> {
    let wire = || Expr::Atom(proc_macro2::Literal::string(wire).to_string());
    let opt_u64 = |v: Option<u64>| {
        Expr::Atom(match v {
            Some(n) => format!("Some({})", proc_macro2::Literal::u64_suffixed(n)),
            None => "None".to_owned(),
        })
    };
    let opt_f64 = |v: Option<f64>| {
        Expr::Atom(match v {
            Some(n) => format!("Some({})", proc_macro2::Literal::f64_unsuffixed(n)),
            None => "None".to_owned(),
        })
    };
    let call = |open: &'static str, items: Vec<Expr>| Expr::list(open, ")", items);
    let mut out = Vec::new();
    for check in value_checks(t, c) {
        cx.used.helper();
        out.push(match check {
            ValueCheck::Length { min, max } => call(
                "encoding::length(",
                vec![
                    wire(),
                    Expr::Atom("v".to_owned()),
                    opt_u64(min),
                    opt_u64(max),
                ],
            ),
            ValueCheck::Pattern(p) => {
                let stat = cx.pattern_static(&p);
                call(
                    "encoding::pattern(",
                    vec![
                        wire(),
                        Expr::Atom(format!("{stat}.is_match(v)")),
                        Expr::Atom(proc_macro2::Literal::string(&p).to_string()),
                    ],
                )
            }
            ValueCheck::Range {
                min,
                max,
                exclusive_min,
                exclusive_max,
            } => {
                let value = if matches!(t, Type::Number) {
                    "*v"
                } else {
                    "*v as f64"
                };
                call(
                    "encoding::range(",
                    vec![
                        wire(),
                        Expr::Atom(value.to_owned()),
                        opt_f64(min),
                        opt_f64(max),
                        Expr::Atom(format!("({exclusive_min}, {exclusive_max})")),
                    ],
                )
            }
            ValueCheck::Items { min, max } => call(
                "encoding::items(",
                vec![
                    wire(),
                    Expr::Atom("v.len()".to_owned()),
                    opt_u64(min),
                    opt_u64(max),
                ],
            ),
        });
    }
    out
}

/// How a setter or constructor argument becomes a field value.
#[derive(Clone, Copy)]
pub(super) enum Conv {
    /// Taken as is.
    Same,
    /// `impl Into<String>`.
    Into,
    /// `impl IntoIterator<Item = T>`.
    Iter,
    /// `impl IntoIterator<Item = impl Into<String>>`.
    IterInto,
}

impl Conv {
    /// The value of the field, from the argument `v`.
    pub(super) fn apply(self, v: TokenStream) -> TokenStream {
        match self {
            Conv::Same => v,
            Conv::Into => quote!(#v.into()),
            Conv::Iter => quote!(#v.into_iter().collect()),
            Conv::IterInto => quote!(#v.into_iter().map(Into::into).collect()),
        }
    }
}

/// A struct field for a parameter or group member.
pub(super) struct FieldSpec {
    /// The field's name.
    pub(super) ident: proc_macro2::Ident,
    /// The field's type (`Option` aside).
    pub(super) ty: TokenStream,
    /// Setter argument type and conversion.
    pub(super) arg: TokenStream,
    /// How the argument becomes the field value.
    pub(super) conv: Conv,
    /// Whether it is a constructor argument.
    pub(super) required: bool,
    /// Its doc comment's text.
    pub(super) docs: String,
}

/// The field of a parameter or member named `ident_name`, of the request form of type `t`.
pub(super) fn field_spec(
    cx: &mut Cx,
    ident_name: &str,
    t: &Type,
    required: bool,
    docs: String,
) -> FieldSpec {
    let ty = param_type(t, cx.names, &mut cx.imports);
    let t = &request_type(t);
    let (arg, conv) = match t {
        t if is_string(t) => (quote!(impl Into<String>), Conv::Into),
        Type::Array(inner) if is_string(inner) => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Conv::IterInto,
        ),
        Type::Array(inner) => {
            let item = cx.ty(inner);
            (quote!(impl IntoIterator<Item = #item>), Conv::Iter)
        }
        _ => (ty.clone(), Conv::Same),
    };
    FieldSpec {
        ident: id(ident_name),
        ty,
        arg,
        conv,
        required,
        docs,
    }
}

/// The doc of a parameter's field: its wire name, then the spec's description.
pub(super) fn param_docs(p: &Param) -> String {
    // Conditions and ranges the prose states are checked before sending; the prose already
    // says them, so the doc adds only the wire name.
    match p
        .description
        .as_deref()
        .map(sanitize)
        .filter(|t| !t.is_empty())
    {
        Some(t) => format!("`{}`: {t}", p.name),
        None => format!("`{}`.", p.name),
    }
}

/// Escapes braces for a `format!` string.
pub(super) fn fmt_escape(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}
