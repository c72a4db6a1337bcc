//! The types of a `oneOf` request body: an enum of the alternatives and a parameter struct
//! per alternative.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::doc::{doc, sanitize};
use super::params::{param_set_struct, ParamSet};
use super::Cx;
use crate::model::{Body, ContentType, OneOfBody, OneOfVariant};
use crate::views::rust::names::OneOfNames;
use crate::views::rust::types::id;

/// The enum of a `oneOf` body and a struct per alternative. Each alternative's struct is a
/// parameter set of its own (required properties are `new` arguments); the enum writes the
/// discriminator and delegates encoding and validation to the alternative.
pub(super) fn one_of_types(cx: &mut Cx, o: &OneOfBody, o_names: &OneOfNames) -> TokenStream {
    let ty = id(&o_names.ty);
    let disc = &o.discriminator;
    let mut structs = Vec::new();
    let mut variants = Vec::new();
    let mut froms = Vec::new();
    let mut encodes = Vec::new();
    let mut validates = Vec::new();
    for (v, (variant, vty)) in o.variants.iter().zip(&o_names.variants) {
        let tag = &v.tag;
        structs.push(alternative_struct(cx, o, o_names, v, vty));
        let (variant, vty) = (id(variant), id(vty));
        let vdoc = doc(&format!("`{disc}: {tag}`."));
        variants.push(quote!(#vdoc #variant(#vty),));
        froms.push(quote! {
            impl From<#vty> for #ty {
                fn from(value: #vty) -> Self {
                    #ty::#variant(value)
                }
            }
        });
        encodes.push(quote! {
            #ty::#variant(value) => {
                encoding::json_member(parts, #disc, &#tag);
                value.encode(parts);
            }
        });
        validates.push(quote!(#ty::#variant(value) => value.validate(parts),));
    }
    cx.used.helper();
    cx.used.params.set(true);
    cx.used.parts.set(true);
    cx.used.result.set(true);
    let docs = doc(&format!(
        "{}\n\nOne of the alternatives below, told apart on the wire by `{disc}`, which the \
         variant sets.",
        o.description
            .as_deref()
            .map(sanitize)
            .unwrap_or_else(|| format!("The `{}` body.", o.name))
    ));
    quote! {
        #(#structs)*

        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #ty {
            #(#variants)*
        }

        #(#froms)*

        impl Params for #ty {
            fn encode(&self, parts: &mut Parts) {
                match self {
                    #(#encodes)*
                }
            }

            fn validate(&self, parts: &Parts) -> Result<()> {
                match self {
                    #(#validates)*
                }
            }
        }
    }
}

/// The struct of one alternative `v` of a `oneOf` body, named `vty`: a parameter set of its
/// own, or a unit struct when the discriminator is its only property.
fn alternative_struct(
    cx: &mut Cx,
    o: &OneOfBody,
    o_names: &OneOfNames,
    v: &OneOfVariant,
    vty: &str,
) -> TokenStream {
    let disc = &o.discriminator;
    let body = Body {
        content_type: ContentType::Json,
        required: true,
        free_form: false,
        params: v.params.clone(),
        groups: vec![],
        one_of: None,
    };
    let tag = &v.tag;
    let docs = format!(
        "The `{disc}: {tag}` alternative of [`{}`].{}",
        o_names.ty,
        v.description
            .as_deref()
            .map(|d| format!("\n\n{}", sanitize(d)))
            .unwrap_or_default()
    );
    let set = ParamSet {
        name: vty,
        docs,
        query: vec![],
        header: &[],
        body: Some(&body),
        one_of: None,
    };
    param_set_struct(cx, set).unwrap_or_else(|| {
        // An alternative with no property besides the discriminator.
        let n = id(vty);
        quote! {
            #[doc = "An alternative without properties besides the discriminator."]
            #[derive(Clone, Debug, Default, PartialEq)]
            pub struct #n;
            impl Params for #n {
                fn encode(&self, _parts: &mut Parts) {}
            }
        }
    })
}
