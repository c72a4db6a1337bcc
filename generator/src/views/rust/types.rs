//! Model types -> Rust types.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::names::RustNames;
use crate::model::Type;

/// An identifier token.
pub fn id(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Crate-root names a module refers to, for its `use crate::{...}` line.
#[derive(Default)]
pub struct Imports(pub BTreeSet<String>);

impl Imports {
    /// Records a name and returns its identifier.
    pub fn add(&mut self, name: &str) -> TokenStream {
        self.0.insert(name.to_owned());
        let i = id(name);
        quote!(#i)
    }

    /// The `use crate::{...};` item.
    pub fn use_item(&self, exclude: &BTreeSet<String>) -> TokenStream {
        let names: Vec<Ident> = self
            .0
            .iter()
            .filter(|n| !exclude.contains(*n))
            .map(|n| id(n))
            .collect();
        match names.len() {
            0 => quote!(),
            1 => quote!(use crate::#(#names)*;),
            _ => quote!(use crate::{#(#names),*};),
        }
    }
}

/// The Rust type of a model type.
pub fn rust_type(t: &Type, names: &RustNames, imports: &mut Imports) -> TokenStream {
    let named = |map: Option<&String>, imports: &mut Imports| match map {
        Some(n) => imports.add(n),
        None => quote!(String),
    };
    match t {
        Type::String | Type::PhoneNumber | Type::Currency => quote!(String),
        Type::Integer | Type::Int64 => quote!(i64),
        Type::Number => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        // RFC 2822 is typed only for response fields (see `models`); elsewhere it is text.
        Type::DateTimeRfc2822 => quote!(String),
        Type::Date => quote!(chrono::NaiveDate),
        Type::Uri => quote!(url::Url),
        Type::Sid(p) => named(names.sids.get(p), imports),
        Type::Enum(e) => named(names.enums.get(e), imports),
        Type::Model(m) => named(names.models.get(m), imports),
        Type::Union(u) => named(names.unions.get(u), imports),
        Type::Group { resource, prefix } => named(
            names.groups.get(&(resource.clone(), prefix.clone())),
            imports,
        ),
        Type::Array(inner) => {
            let inner = rust_type(inner, names, imports);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, names, imports);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Type::Object => quote!(serde_json::Map<String, serde_json::Value>),
        Type::Json => quote!(serde_json::Value),
    }
}

/// Whether values of this type are plain strings on the Rust side (setters take
/// `impl Into<String>`).
pub fn is_string(t: &Type) -> bool {
    matches!(t, Type::String | Type::PhoneNumber | Type::Currency)
}

/// What a type needs checked before sending, beyond its explicit constraints.
pub fn needs_check(t: &Type) -> bool {
    match t {
        Type::Sid(_) | Type::Enum(_) | Type::Group { .. } => true,
        Type::Array(inner) | Type::Map(inner) => needs_check(inner),
        _ => false,
    }
}

/// The type a request parameter takes: objects with a schema are sent as JSON, so requests
/// take untyped JSON for them (response models are not built by users).
pub fn request_type(t: &Type) -> Type {
    match t {
        Type::Model(_) | Type::Union(_) => Type::Json,
        Type::Array(inner) => Type::Array(Box::new(request_type(inner))),
        Type::Map(inner) => Type::Map(Box::new(request_type(inner))),
        other => other.clone(),
    }
}
