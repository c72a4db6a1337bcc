//! `src/sids.rs`: SID types. One generic `Sid` carries the behaviour; each prefix gets a
//! marker type and an alias (`FlexFlowSid = Sid<kind::FlexFlowSid>`), so SIDs of different
//! prefixes are different types shared by every field and parameter that uses them.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc;
use super::names::RustNames;
use super::ty::id;
use crate::model::Api;

/// The part of `src/sids.rs` that depends on the spec: the marker types and the aliases
/// (the generic `Sid` before it is fixed: `runtime::sids_head`).
pub fn sids_tail(api: &Api, names: &RustNames) -> TokenStream {
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
            "A SID with prefix `{prefix}` (`{pattern}`), used by {}.",
            uses.join(", ")
        ));
        let kind_doc = doc(&format!("Marks SIDs with prefix `{prefix}`."));
        kinds.push(quote! {
            #kind_doc
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
        /// Marker types of the SID aliases.
        pub mod kind {
            #(#kinds)*
        }

        #(#aliases)*
    }
}
