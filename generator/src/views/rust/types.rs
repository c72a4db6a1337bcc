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

/// The Rust type of a request value (a field of a parameters struct or a group type) of
/// model type `t`: the type of its [`request_type`].
pub fn param_type(t: &Type, names: &RustNames, imports: &mut Imports) -> TokenStream {
    rust_type(&request_type(t), names, imports)
}

/// The Rust type of a field of type `t` of the response model `model`, `Option` aside:
/// RFC 2822 date-times are decoded, and a model that holds itself needs an indirection.
pub fn field_type(model: &str, t: &Type, names: &RustNames, imports: &mut Imports) -> TokenStream {
    match t {
        Type::DateTimeRfc2822 => quote!(chrono::DateTime<chrono::Utc>),
        Type::Model(inner) if inner == model => {
            let t = rust_type(t, names, imports);
            quote!(Box<#t>)
        }
        t => rust_type(t, names, imports),
    }
}

/// A type's tokens as a report shows them: without paths (`DateTime<Utc>` for
/// `chrono::DateTime<chrono::Utc>`), spaced as rustfmt spaces a type.
pub fn type_text(tokens: &TokenStream) -> String {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let is_colon =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    let mut out = String::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            // A path segment (`chrono::`) is left out.
            TokenTree::Ident(_) if is_colon(tokens.get(i + 1)) && is_colon(tokens.get(i + 2)) => {
                i += 3;
                continue;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => out.push_str(", "),
            TokenTree::Group(g) => out.push_str(&g.to_string()),
            t => out.push_str(&t.to_string()),
        }
        i += 1;
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Api;

    /// spec/'s model and its names.
    fn flexflow() -> (Api, RustNames) {
        const SPEC: &str = include_str!("../../../../spec/twilio_flex_v1.yaml");
        let api: Api = crate::model::read("spec/twilio_flex_v1.yaml", SPEC).expect("spec/ builds");
        let names = RustNames::new(&api);
        (api, names)
    }

    fn text(t: TokenStream) -> String {
        type_text(&t)
    }

    #[test]
    fn type_text_drops_paths_and_spaces_like_rustfmt() {
        assert_eq!(text(quote!(chrono::DateTime<chrono::Utc>)), "DateTime<Utc>");
        assert_eq!(
            text(quote!(std::collections::BTreeMap<String, Vec<url::Url>>)),
            "BTreeMap<String, Vec<Url>>"
        );
        assert_eq!(
            text(quote!(Option<serde_json::Map<String, serde_json::Value>>)),
            "Option<Map<String, Value>>"
        );
    }

    #[test]
    fn request_values_of_model_types_are_untyped_json() {
        let (api, names) = flexflow();
        let mut imports = Imports::default();
        let model = Type::Model(api.models[0].name.clone());
        assert_ne!(text(rust_type(&model, &names, &mut imports)), "Value");
        assert_eq!(text(param_type(&model, &names, &mut imports)), "Value");
        let list = Type::Array(Box::new(Type::Int64));
        assert_eq!(text(param_type(&list, &names, &mut imports)), "Vec<i64>");
        assert_eq!(
            text(param_type(&Type::DateTimeRfc2822, &names, &mut imports)),
            "String"
        );
    }

    #[test]
    fn response_fields_decode_rfc_2822_and_box_their_own_model() {
        let (api, names) = flexflow();
        let mut imports = Imports::default();
        let m = &api.models[0].name;
        let ty = &names.models[m];
        let rfc = field_type(m, &Type::DateTimeRfc2822, &names, &mut imports);
        assert_eq!(text(rfc), "DateTime<Utc>");
        let own = Type::Model(m.clone());
        assert_eq!(
            text(field_type(m, &own, &names, &mut imports)),
            format!("Box<{ty}>")
        );
        assert_eq!(text(field_type("other", &own, &names, &mut imports)), *ty);
    }
}
