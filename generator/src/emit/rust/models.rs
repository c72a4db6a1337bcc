//! `src/models.rs`: the resource representations returned by the API.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc_or;
use super::names::{ident, RustNames, Scope};
use super::ty::{id, rust_type, Imports};
use crate::model::{Api, Field, Model, Type};

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

/// One model of `src/models.rs` and the crate-root names it refers to.
pub fn model_item(m: &Model, names: &RustNames) -> (TokenStream, Imports) {
    let mut imports = Imports::default();
    let tokens = model(m, names, &mut imports);
    (tokens, imports)
}

fn model(m: &Model, names: &RustNames, imports: &mut Imports) -> TokenStream {
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
        .map(|f| field(m, f, names, imports, &mut scope));
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
                quote!(#[serde(default, with = "twilio_runtime::rfc2822::option")])
            } else {
                quote!(#[serde(with = "twilio_runtime::rfc2822")])
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
