//! `src/sids.rs`: SID types. One generic [`Sid`] carries the behaviour; each prefix gets a
//! marker type and an alias (`FlexFlowSid = Sid<kind::FlexFlowSid>`), so SIDs of different
//! prefixes are different types shared by every field and parameter that uses them.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc;
use super::names::RustNames;
use super::ty::id;
use crate::model::Api;

/// The module.
pub fn sids_rs(api: &Api, names: &RustNames) -> TokenStream {
    let mut kinds = Vec::new();
    let mut aliases = Vec::new();
    for s in &api.sids {
        let name_str = &names.sids[&s.prefix];
        let name = id(name_str);
        let prefix = &s.prefix;
        let pattern = &s.pattern;
        let upper = pattern.contains("A-F");
        let mut uses: Vec<String> = s.used_by.iter().take(6).map(|u| format!("`{u}`")).collect();
        if s.used_by.len() > 6 {
            uses.push(format!("and {} more", s.used_by.len() - 6));
        }
        let alias_doc = doc(&format!(
            "A SID with prefix `{prefix}` (`{pattern}`).\n\nUsed by {}.",
            uses.join(", ")
        ));
        let kind_doc = doc(&format!("Marks SIDs with prefix `{prefix}`."));
        kinds.push(quote! {
            #kind_doc
            #[derive(Debug)]
            pub enum #name {}

            impl super::SidKind for #name {
                const NAME: &'static str = #name_str;
                const PREFIX: &'static str = #prefix;
                const PATTERN: &'static str = #pattern;
                const UPPER_HEX: bool = #upper;
            }
        });
        aliases.push(quote! {
            #alias_doc
            pub type #name = Sid<kind::#name>;
        });
    }
    quote! {
        //! SID types: one per prefix, shared by every field and parameter that uses it.
        //!
        //! Values from user input are validated ([`Sid::parse`], [`FromStr`], `TryFrom`);
        //! values decoded from responses are kept as received and checked again before they
        //! are sent.

        use std::cmp::Ordering;
        use std::fmt;
        use std::hash::{Hash, Hasher};
        use std::marker::PhantomData;
        use std::str::FromStr;

        use crate::error::{Error, ValidationError};

        /// What distinguishes one SID type from another.
        pub trait SidKind {
            /// The type's name, for messages.
            const NAME: &'static str;
            /// The two-letter prefix.
            const PREFIX: &'static str;
            /// The pattern from the spec.
            const PATTERN: &'static str;
            /// Whether upper-case hexadecimal digits are allowed.
            const UPPER_HEX: bool;
        }

        /// A SID: a two-letter prefix and 32 hexadecimal digits. See the aliases below for the
        /// SID types of this API.
        pub struct Sid<K> {
            value: String,
            kind: PhantomData<fn() -> K>,
        }

        /// A string that is not a valid SID of the expected type.
        #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
        #[error("`{value}` is not a valid {type_name}: expected the pattern `{pattern}`")]
        #[non_exhaustive]
        pub struct SidError {
            /// The SID type that was expected.
            pub type_name: &'static str,
            /// The pattern it must match.
            pub pattern: &'static str,
            /// The rejected value.
            pub value: String,
        }

        impl From<SidError> for Error {
            fn from(e: SidError) -> Self {
                Error::Validation(ValidationError {
                    param: e.type_name.to_owned(),
                    message: format!("`{}` does not match `{}`", e.value, e.pattern),
                })
            }
        }

        impl<K: SidKind> Sid<K> {
            /// The two-letter prefix.
            pub const PREFIX: &'static str = K::PREFIX;
            /// The pattern from the spec.
            pub const PATTERN: &'static str = K::PATTERN;

            /// Validates a SID.
            pub fn parse(value: impl Into<String>) -> Result<Self, SidError> {
                let value = value.into();
                if matches::<K>(&value) {
                    Ok(Sid { value, kind: PhantomData })
                } else {
                    Err(SidError { type_name: K::NAME, pattern: K::PATTERN, value })
                }
            }

            /// Whether the SID matches its pattern (always true for parsed values).
            pub fn is_valid(&self) -> bool {
                matches::<K>(&self.value)
            }
        }

        impl<K> Sid<K> {
            /// The SID as a string.
            pub fn as_str(&self) -> &str {
                &self.value
            }
        }

        fn matches<K: SidKind>(value: &str) -> bool {
            value.len() == 34
                && value.starts_with(K::PREFIX)
                && value.bytes().skip(2).all(|b| {
                    b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || (K::UPPER_HEX && (b'A'..=b'F').contains(&b))
                })
        }

        impl<K> Clone for Sid<K> {
            fn clone(&self) -> Self {
                Sid { value: self.value.clone(), kind: PhantomData }
            }
        }

        impl<K> PartialEq for Sid<K> {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl<K> Eq for Sid<K> {}

        impl<K> PartialOrd for Sid<K> {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl<K> Ord for Sid<K> {
            fn cmp(&self, other: &Self) -> Ordering {
                self.value.cmp(&other.value)
            }
        }

        impl<K> Hash for Sid<K> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.value.hash(state);
            }
        }

        impl<K: SidKind> fmt::Debug for Sid<K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(K::NAME).field(&self.value).finish()
            }
        }

        impl<K> fmt::Display for Sid<K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.value)
            }
        }

        impl<K: SidKind> FromStr for Sid<K> {
            type Err = SidError;

            fn from_str(s: &str) -> Result<Self, SidError> {
                Sid::parse(s)
            }
        }

        impl<K: SidKind> TryFrom<String> for Sid<K> {
            type Error = SidError;

            fn try_from(s: String) -> Result<Self, SidError> {
                Sid::parse(s)
            }
        }

        impl<K: SidKind> TryFrom<&str> for Sid<K> {
            type Error = SidError;

            fn try_from(s: &str) -> Result<Self, SidError> {
                Sid::parse(s)
            }
        }

        impl<K> AsRef<str> for Sid<K> {
            fn as_ref(&self) -> &str {
                &self.value
            }
        }

        impl<K> From<Sid<K>> for String {
            fn from(sid: Sid<K>) -> String {
                sid.value
            }
        }

        impl<K> serde::Serialize for Sid<K> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.value)
            }
        }

        /// Decoding keeps the value as received; it is checked when sent.
        impl<'de, K> serde::Deserialize<'de> for Sid<K> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Sid { value, kind: PhantomData })
            }
        }

        impl<K> crate::encoding::Encode for Sid<K> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.value.clone()));
            }
        }

        impl<K: SidKind> crate::encoding::Check for Sid<K> {
            fn check(&self, param: &str) -> crate::Result<()> {
                if self.is_valid() {
                    Ok(())
                } else {
                    Err(Error::invalid(param, format!("`{}` is not a valid {} (pattern `{}`)", self.value, K::NAME, K::PATTERN)))
                }
            }
        }

        /// Marker types of the SID aliases.
        pub mod kind {
            #(#kinds)*
        }

        #(#aliases)*
    }
}
