//! `src/models.rs`: the resource representations returned by the API.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc_or;
use super::names::{ident, RustNames, Scope};
use super::ty::{id, rust_type, Imports};
use crate::model::{Api, Field, Model, Type};

/// The module, and whether it needs the RFC 2822 serde helpers.
pub fn models_rs(api: &Api, names: &RustNames) -> (TokenStream, bool) {
    let mut imports = Imports::default();
    let mut rfc2822 = false;
    let models: Vec<TokenStream> = api
        .models
        .iter()
        .map(|m| model(m, names, &mut imports, &mut rfc2822))
        .collect();
    let own: BTreeSet<String> = api
        .models
        .iter()
        .map(|m| names.models[&m.name].clone())
        .collect();
    let uses = imports.use_item(&own);
    let tokens = quote! {
        //! Resource representations returned by the API. Fields the spec marks nullable are
        //! `Option`; JSON keys the spec does not list are ignored, so new server fields never
        //! break decoding.

        #uses

        #(#models)*
    };
    (tokens, rfc2822)
}

fn model(m: &Model, names: &RustNames, imports: &mut Imports, rfc2822: &mut bool) -> TokenStream {
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
    rfc2822: &mut bool,
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
            *rfc2822 = true;
            with = if f.nullable {
                quote!(#[serde(default, with = "crate::rfc2822::option")])
            } else {
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

/// `src/rfc2822.rs`: serde helpers for RFC 2822 date-times (`Tue, 01 Aug 2016 22:10:40 +0000`).
pub fn rfc2822_rs() -> TokenStream {
    quote! {
        //! Serde helpers for RFC 2822 date-times.

        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&value.to_rfc2822())
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
            let text = String::deserialize(d)?;
            DateTime::parse_from_rfc2822(&text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(serde::de::Error::custom)
        }

        pub(crate) mod option {
            use super::*;

            pub(crate) fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(v) => super::serialize(v, s),
                    None => s.serialize_none(),
                }
            }

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
                match Option::<String>::deserialize(d)? {
                    None => Ok(None),
                    Some(text) if text.is_empty() => Ok(None),
                    Some(text) => DateTime::parse_from_rfc2822(&text)
                        .map(|t| Some(t.with_timezone(&Utc)))
                        .map_err(serde::de::Error::custom),
                }
            }
        }
    }
}
