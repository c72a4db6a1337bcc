//! `src/sids.rs`: one alias per SID prefix of the spec. The SID type itself is the runtime's
//! `Sid<'F', 'O'>`, keyed by the prefix alone, so a `WS…` SID of one generated crate is the
//! same type as the `WS…` SID of every other.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::doc::doc;
use crate::model::Api;
use crate::views::rust::names::RustNames;
use crate::views::rust::types::id;

/// `src/sids.rs`.
pub fn sids_rs(api: &Api, names: &RustNames) -> TokenStream {
    let mut aliases = Vec::new();
    for s in &api.sids {
        let name = id(&names.sids[&s.prefix]);
        let prefix = &s.prefix;
        let pattern = &s.pattern;
        let mut chars = prefix.chars();
        let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
            continue;
        };
        let (a, b) = (Literal::character(a), Literal::character(b));
        let mut uses: Vec<String> = s.used_by.iter().take(6).map(|u| format!("`{u}`")).collect();
        if s.used_by.len() > 6 {
            uses.push(format!("and {} more", s.used_by.len() - 6));
        }
        let alias_doc = doc(&format!(
            "A SID with prefix `{prefix}` (`{pattern}`), used by {}.",
            uses.join(", ")
        ));
        aliases.push(quote! {
            #alias_doc
            pub type #name = twilio_runtime::Sid<#a, #b>;
        });
    }
    quote! {
        //! SID types: one per prefix, shared by every field and parameter that uses it, and by
        //! every generated Twilio crate (each alias names the runtime's [`Sid`](twilio_runtime::Sid)
        //! of that prefix).
        //!
        //! Values from user input are validated (`parse`, `FromStr`, `TryFrom`); values decoded
        //! from responses are kept as received and checked again before they are sent.

        #(#aliases)*
    }
}
