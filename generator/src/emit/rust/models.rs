//! `src/models.rs`: the resource representations returned by the API.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc_or;
use super::names::{ident, RustNames, Scope};
use super::ty::{id, rust_type, Imports};
use crate::model::{Api, Field, Model, Type};

/// Which RFC 2822 serde helpers the models use: for plain and for `Option` fields.
#[derive(Clone, Copy, Default)]
pub struct Rfc2822 {
    /// Used by a non-nullable field.
    pub plain: bool,
    /// Used by a nullable field.
    pub option: bool,
}

impl Rfc2822 {
    /// Whether any helper is needed.
    pub fn any(self) -> bool {
        self.plain || self.option
    }
}

/// The head of `src/models.rs`: module docs, and the imports the models' code recorded.
pub fn models_head(api: &Api, names: &RustNames, imports: &Imports) -> TokenStream {
    let own: BTreeSet<String> = api
        .models
        .iter()
        .map(|m| names.models[&m.name].clone())
        .collect();
    let uses = imports.use_item(&own);
    quote! {
        //! Resource representations returned by the API. Fields the spec marks nullable are
        //! `Option`; JSON keys the spec does not list are ignored, so new server fields never
        //! break decoding.

        #uses
    }
}

/// One model of `src/models.rs`, the RFC 2822 serde helpers it needs and the crate-root
/// names it refers to.
pub fn model_item(m: &Model, names: &RustNames) -> (TokenStream, Rfc2822, Imports) {
    let mut imports = Imports::default();
    let mut rfc2822 = Rfc2822::default();
    let tokens = model(m, names, &mut imports, &mut rfc2822);
    (tokens, rfc2822, imports)
}

fn model(
    m: &Model,
    names: &RustNames,
    imports: &mut Imports,
    rfc2822: &mut Rfc2822,
) -> TokenStream {
    let name = id(&names.models[&m.name]);
    let fallback = match &m.schema {
        Some(s) => format!("The `{s}` representation."),
        None => format!("The `{}` object.", m.name),
    };
    let docs = doc_or(m.description.as_deref(), &fallback);
    let mut scope = Scope::default();
    let fields = m
        .fields
        .iter()
        .map(|f| field(m, f, names, imports, &mut scope, rfc2822));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(
    m: &Model,
    f: &Field,
    names: &RustNames,
    imports: &mut Imports,
    scope: &mut Scope,
    rfc2822: &mut Rfc2822,
) -> TokenStream {
    let ident_name = scope.claim(&[ident(&f.name)]);
    let rename = if ident_name != f.name {
        let wire = &f.name;
        quote!(#[serde(rename = #wire)])
    } else {
        quote!()
    };
    let fident = id(&ident_name);
    let docs = doc_or(f.description.as_deref(), &format!("`{}`.", f.name));
    let mut with = quote!();
    let mut ty = match &f.ty {
        Type::DateTimeRfc2822 => {
            with = if f.nullable {
                rfc2822.option = true;
                quote!(#[serde(default, with = "crate::rfc2822::option")])
            } else {
                rfc2822.plain = true;
                quote!(#[serde(with = "crate::rfc2822")])
            };
            quote!(chrono::DateTime<chrono::Utc>)
        }
        // A model that holds itself needs an indirection.
        Type::Model(inner) if *inner == m.name => {
            let t = rust_type(&f.ty, names, imports);
            quote!(Box<#t>)
        }
        t => rust_type(t, names, imports),
    };
    if f.nullable {
        ty = quote!(Option<#ty>);
    }
    let deprecated = if f.deprecated {
        quote!(#[deprecated(note = "deprecated in the API spec")])
    } else {
        quote!()
    };
    quote! {
        #docs
        #deprecated
        #rename
        #with
        pub #fident: #ty,
    }
}

/// `src/rfc2822.rs`: serde helpers for RFC 2822 date-times (`Mon, 15 Aug 2016 22:10:40 +0000`),
/// with only the parts the models use.
pub fn rfc2822_rs(used: Rfc2822) -> TokenStream {
    let plain = if used.plain {
        quote! {
            pub(crate) fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&value.to_rfc2822())
            }

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
                parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    } else {
        quote!()
    };
    let option = if used.option {
        quote! {
            pub(crate) mod option {
                use super::*;

                pub(crate) fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(v) => s.serialize_str(&v.to_rfc2822()),
                        None => s.serialize_none(),
                    }
                }

                /// `null` and the empty string are both no date.
                pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
                    match Option::<String>::deserialize(d)? {
                        None => Ok(None),
                        Some(text) if text.is_empty() => Ok(None),
                        Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
                    }
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        //! Serde helpers for RFC 2822 date-times.

        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
            DateTime::parse_from_rfc2822(text).map(|t| t.with_timezone(&Utc))
        }

        #plain

        #option
    }
}
