//! The types of dotted parameter groups (`Integration.*`): one struct per group of the
//! resource, shared by its operations and its responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::doc::doc;
use super::fields::{constraint_checks, field_spec, fmt_escape, param_docs, Conv, FieldSpec};
use super::Cx;
use crate::model::{Param, ParamGroup};
use crate::views::rust::names::{ident, Scope};
use crate::views::rust::types::{id, needs_check};

/// The pieces of a group struct, one entry per member in each list.
#[derive(Default)]
struct Members {
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    encodes: Vec<TokenStream>,
    checks: Vec<TokenStream>,
}

/// One group type (shared by all operations of the resource and by responses).
pub(super) fn group_struct(cx: &mut Cx, g: &ParamGroup) -> TokenStream {
    let name = id(&cx.names.groups[&(cx.resource.name.clone(), g.prefix.clone())]);
    let what = match g.indexed {
        Some((lo, hi)) => format!(
            "One item of the numbered `{p}{{N}}.*` parameters (`{p}{lo}` to `{p}{hi}`).",
            p = g.prefix
        ),
        None => format!(
            "The `{}.*` parameters, sent as dotted form keys and received as a JSON object.",
            g.prefix
        ),
    };
    let docs = doc(&what);
    let mut scope = Scope::with(&["new"]);
    let mut members = Members::default();
    for p in &g.params {
        let key = g.member_key(p);
        let fname = scope.claim(&[ident(key)]);
        let spec = field_spec(cx, &fname, &p.ty, false, param_docs(p));
        members.param(cx, &spec, key, &fname, p);
    }
    for sub in &g.groups {
        let fname = scope.claim(&[ident(&sub.name)]);
        members.sub_group(cx, sub, &fname);
    }
    cx.used.result.set(true);
    let Members {
        fields,
        setters,
        encodes,
        checks,
    } = members;
    let param_arg = if checks.is_empty() {
        quote!(_param)
    } else {
        quote!(param)
    };
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// No members set.
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*
        }

        impl Encode for #name {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                #(#encodes)*
            }
        }

        impl Check for #name {
            fn check(&self, #param_arg: &str) -> Result<()> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

impl Members {
    /// A member parameter `p` under its key relative to the group, as the field `spec`
    /// named `fname`.
    fn param(&mut self, cx: &mut Cx, spec: &FieldSpec, key: &str, fname: &str, p: &Param) {
        let (t, c) = (&p.ty, &p.constraints);
        let f = &spec.ident;
        let (fdocs, fty, farg) = (doc(&spec.docs), &spec.ty, &spec.arg);
        let conv = spec.conv.apply(quote!(value));
        // Response objects use snake_case keys; requests use the dotted wire keys.
        let json_key = crate::model::names::snake(key);
        let rename = if json_key != fname {
            quote!(#[serde(rename = #json_key)])
        } else {
            quote!()
        };
        // Members that are not set are left out, as the API leaves them out of responses.
        self.fields.push(quote! {
            #fdocs
            #rename
            #[serde(skip_serializing_if = "Option::is_none")]
            pub #f: Option<#fty>,
        });
        self.setters.push(quote! {
            #fdocs
            pub fn #f(mut self, value: #farg) -> Self {
                self.#f = Some(#conv);
                self
            }
        });
        let key_fmt = format!("{{key}}.{}", fmt_escape(key));
        let param_fmt = format!("{{param}}.{}", fmt_escape(key));
        self.encodes
            .push(quote! { self.#f.encode(&format!(#key_fmt), out); });
        cx.used.encode.set(true);
        let wire = quote!(&format!(#param_fmt));
        if needs_check(t) {
            self.checks.push(quote! { self.#f.check(#wire)?; });
            cx.used.check.set(true);
        }
        let inner = constraint_checks(cx, &wire, t, c);
        if !inner.is_empty() {
            self.checks
                .push(quote! { if let Some(v) = &self.#f { #inner } });
        }
    }

    /// A nested group `sub` as the field named `fname`: one value of its type, or a list of
    /// them when it is numbered.
    fn sub_group(&mut self, cx: &mut Cx, sub: &ParamGroup, fname: &str) {
        let sub_ty = id(&cx.names.groups[&(cx.resource.name.clone(), sub.prefix.clone())]);
        let (ty, arg) = if sub.indexed.is_some() {
            (quote!(Vec<#sub_ty>), quote!(Vec<#sub_ty>))
        } else {
            (quote!(#sub_ty), quote!(#sub_ty))
        };
        let spec = FieldSpec {
            ident: id(fname),
            ty,
            arg,
            conv: Conv::Same,
            required: false,
            docs: format!("The `{}.*` parameters.", sub.prefix),
        };
        let f = &spec.ident;
        let key_fmt = format!("{{key}}.{}", fmt_escape(&sub.name));
        let param_fmt = format!("{{param}}.{}", fmt_escape(&sub.name));
        let (fdocs, fty, farg) = (doc(&spec.docs), &spec.ty, &spec.arg);
        self.fields.push(quote! { #fdocs #[serde(skip_serializing_if = "Option::is_none")] pub #f: Option<#fty>, });
        self.setters.push(quote! { #fdocs pub fn #f(mut self, value: #farg) -> Self { self.#f = Some(value); self } });
        if sub.indexed.is_some() {
            cx.used.helper();
        }
        match sub.indexed {
            Some((lo, _)) => self.encodes.push(quote! {
                if let Some(items) = &self.#f {
                    encoding::encode_indexed(items, &format!(#key_fmt), #lo, out);
                }
            }),
            None => self
                .encodes
                .push(quote! { self.#f.encode(&format!(#key_fmt), out); }),
        }
        self.checks
            .push(quote! { self.#f.check(&format!(#param_fmt))?; });
        cx.used.check.set(true);
        cx.used.encode.set(true);
    }
}
