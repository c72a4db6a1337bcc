//! `src/enums.rs`: string enums that keep unknown server values.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::{doc, doc_or};
use super::names::{type_name, RustNames, Scope};
use super::ty::id;
use crate::model::names::pascal;
use crate::model::EnumType;

/// `(wire value, variant name)` of each distinct value, in spec order.
pub fn variants(e: &EnumType) -> Vec<(String, String)> {
    let mut scope = Scope::with(&["Other"]);
    let mut seen = std::collections::HashSet::new();
    e.values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| {
            let variant = scope.claim(&[type_name(v), format!("{}Value", pascal(v))]);
            (v.clone(), variant)
        })
        .collect()
}

/// One enum of `src/enums.rs`.
pub fn enum_item(e: &EnumType, names: &RustNames) -> TokenStream {
    let name_str = &names.enums[&e.name];
    let name = id(name_str);
    let docs = doc_or(
        e.description.as_deref(),
        &format!("Values of `{}`.", e.name),
    );
    let vs = variants(e);
    let idents: Vec<_> = vs.iter().map(|(_, v)| id(v)).collect();
    let values: Vec<&String> = vs.iter().map(|(v, _)| v).collect();
    let vdocs: Vec<TokenStream> = values
        .iter()
        .map(|v| doc(&format!("`{}`", v.replace('`', "'"))))
        .collect();
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #idents,)*
            /// A value this version of the crate does not know, kept as received.
            Other(String),
        }

        impl #name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#idents => #values,)*
                    #name::Other(v) => v,
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, #name::Other(_))
            }
        }

        impl From<String> for #name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    #(#values => #name::#idents,)*
                    _ => #name::Other(s),
                }
            }
        }

        impl From<#name> for String {
            fn from(v: #name) -> String {
                match v {
                    #name::Other(s) => s,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl FromStr for #name {
            type Err = ParseEnumError;

            /// Accepts only the values the spec lists.
            fn from_str(s: &str) -> Result<Self, ParseEnumError> {
                match #name::from(s.to_owned()) {
                    #name::Other(value) => Err(ParseEnumError::new::<#name>(value)),
                    known => Ok(known),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl StringEnum for #name {
            const NAME: &'static str = #name_str;
            const VALUES: &'static [&'static str] = #name::VALUES;

            fn as_str(&self) -> &str {
                #name::as_str(self)
            }
        }
    }
}

/// The head of `src/enums.rs`: docs and imports.
pub fn enums_head() -> TokenStream {
    quote! {
        //! Enums of the API. Each keeps values it does not know in `Other`, so a value added to
        //! the API later never breaks decoding; requests accept only the values the spec lists.

        use std::fmt;
        use std::str::FromStr;

        use twilio_runtime::encoding::{ParseEnumError, StringEnum};
    }
}
