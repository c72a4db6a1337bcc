//! The typed keys through which the generated operations read their arguments.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::views::rust::types::id;

/// The arguments one resource's operations read, each declared once as a typed
/// `Key` (`const CHANNEL_TYPE: Key<FlexFlowChannelType> = Key::new("channel_type")`) in a
/// `key` module beside its `Ops`: every read names its key, so the compiler checks each
/// use against the client's types, and the runtime checks the names against the
/// definition. An attribute the client takes as two types (a parent SID that one handle
/// takes typed and another as text) has a key per type, `CONFERENCE_SID_AS_STRING`.
///
/// The operations are built twice: once to learn every (name, type) read, once with the
/// final names.
#[derive(Default)]
pub(super) struct Keys {
    /// (attribute name, Rust type as text) -> the type, for every read.
    read: std::cell::RefCell<BTreeMap<(String, String), TokenStream>>,
    /// The names of the keys, once every read is known.
    names: Option<BTreeMap<(String, String), proc_macro2::Ident>>,
}

impl Keys {
    /// The key of attribute `name` read as `ty` (`key::CHANNEL_TYPE`).
    pub(super) fn key(&self, name: &str, ty: TokenStream) -> TokenStream {
        let k = (name.to_owned(), ty.to_string());
        let c = match &self.names {
            Some(names) => names.get(&k).cloned(),
            None => None,
        };
        self.read.borrow_mut().entry(k).or_insert(ty);
        let c = c.unwrap_or_else(|| id("PENDING"));
        quote!(key::#c)
    }

    /// The keys with their final names, from the reads of a first pass.
    pub(super) fn named(first: Keys) -> Keys {
        use heck::ToShoutySnakeCase;
        let read = first.read.into_inner();
        let mut names = BTreeMap::new();
        for (name, ty) in read.keys() {
            let types = read.keys().filter(|(n, _)| n == name).count();
            let c = if types == 1 {
                name.to_shouty_snake_case()
            } else {
                let ty: String = ty
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                format!("{name} as {ty}").to_shouty_snake_case()
            };
            names.insert((name.clone(), ty.clone()), id(&c));
        }
        Keys {
            read: Default::default(),
            names: Some(names),
        }
    }

    /// The `key` module and the `KEYS` list of names.
    /// `arguments`: the arguments the resource's definition gives the operations; every key
    /// is checked against them when the provider is built.
    pub(super) fn declarations(&self, arguments: &[&str]) -> TokenStream {
        let read = self.read.borrow();
        let names = self.names.as_ref();
        let consts = read.iter().filter_map(|(k, ty)| {
            let c = names?.get(k)?;
            let name = &k.0;
            Some(quote!(pub const #c: Key<#ty> = Key::of(#name, ARGUMENTS);))
        });
        // The client crate's types come from the parent's `use`; the standard ones need none.
        let std_only = read.values().all(|ty| {
            ty.clone().into_iter().all(|t| match t {
                proc_macro2::TokenTree::Ident(i) => matches!(
                    i.to_string().as_str(),
                    "String" | "Vec" | "bool" | "i32" | "i64" | "u32" | "u64" | "f64"
                ),
                _ => true,
            })
        });
        let parent = if std_only {
            quote!(
                use super::ARGUMENTS;
            )
        } else {
            quote!(
                use super::*;
            )
        };
        quote! {
            /// The arguments this resource's definition (`provider.json`) gives its
            /// operations; the runtime checks that the definition it reads gives the same.
            const ARGUMENTS: &[&str] = &[#(#arguments),*];

            /// The arguments the operations read: each attribute's name and the client type
            /// its value becomes, checked against `ARGUMENTS` when the provider is built.
            mod key {
                #parent
                use twilio_terraform_runtime::Key;

                #(#consts)*
            }
        }
    }
}
