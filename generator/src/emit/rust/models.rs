//! `src/models.rs`: the resource representations returned by the API.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::{doc, doc_or, doc_text, sanitize};
use super::text::{type_text, Text, MARGIN};
use super::{format_file, EmitError};
use crate::model::{Api, Field, Model, Type, Union};
use crate::views::rust::names::{ident, RustNames, Scope};
use crate::views::rust::types::{field_type, id, is_string, Imports};

/// The head of `src/models.rs`: module docs, and the imports the models' code recorded.
pub fn models_head(api: &Api, names: &RustNames, imports: &Imports) -> TokenStream {
    let own: BTreeSet<String> = api
        .models
        .iter()
        .map(|m| names.models[&m.name].clone())
        .chain(api.unions.iter().map(|u| names.unions[&u.name].clone()))
        .collect();
    let uses = imports.use_item(&own);
    quote! {
        //! Resource representations returned by the API, read leniently: every field is an
        //! `Option`, and a value that does not fit the spec's type (`null`, a missing key,
        //! `""` in a URI or a date, a number sent as text) never fails a response. What a
        //! model could not hold is kept, raw, in its `unmatched()`, with the keys the spec
        //! does not list; see `twilio_runtime::lenient`.

        use twilio_runtime::lenient;
        #uses
    }
}

/// One model of `src/models.rs`, formatted, and the crate-root names it refers to: written
/// as text where [`model_text`] can, else formatted from tokens.
pub fn model_item(
    m: &Model,
    names: &RustNames,
    text: bool,
) -> Result<(String, Imports), EmitError> {
    let mut imports = Imports::default();
    if text {
        if let Some(text) = model_text(m, names, &mut imports) {
            return Ok((text, imports));
        }
    }
    let text = format_file(model(m, names, &mut imports), &m.name)?;
    Ok((text, imports))
}

/// The text of [`model`] in prettyplease's layout (see [`text`](super::text)); `None` when
/// a line would not fit the margin or a type is not one [`type_text`] prints.
pub fn model_text(m: &Model, names: &RustNames, imports: &mut Imports) -> Option<String> {
    let name = &names.models[&m.name];
    let fallback = match &m.schema {
        Some(s) => format!("The `{s}` representation."),
        None => format!("The `{}` object.", m.name),
    };
    let mut t = Text::new();
    t.doc(0, &doc_text(m.description.as_deref(), &fallback));
    t.line(
        0,
        "#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]",
    );
    t.line(
        0,
        "#[serde(from = \"serde_json::Map<String, serde_json::Value>\")]",
    );
    t.line(0, "#[non_exhaustive]");
    t.line(0, &format!("pub struct {name} {{"));
    let mut scope = Scope::with(&["unmatched"]);
    let mut reads = Vec::new();
    for f in &m.fields {
        let ident_name = scope.claim(&[ident(&f.name)]);
        let fident = id(&ident_name).to_string();
        let wire = proc_macro2::Literal::string(&f.name).to_string();
        t.doc(
            4,
            &doc_text(f.description.as_deref(), &format!("`{}`.", f.name)),
        );
        if f.deprecated {
            t.line(4, "#[deprecated(note = \"deprecated in the API spec\")]");
        }
        if ident_name != f.name {
            t.line(4, &format!("#[serde(rename = {wire})]"));
        }
        let read = if f.ty == Type::DateTimeRfc2822 {
            t.line(
                4,
                "#[serde(serialize_with = \"twilio_runtime::rfc2822::option::serialize\")]",
            );
            "rfc2822"
        } else if is_string(&f.ty) || f.ty == Type::Json {
            "text"
        } else {
            "field"
        };
        let ty = type_text(&field_type(&m.name, &f.ty, names, imports))?;
        t.generic(4, &format!("pub {fident}: Option"), &ty, ",");
        reads.push((fident, format!(".{read}({wire})")));
    }
    t.line(4, "#[serde(skip)]");
    t.line(4, "unmatched: lenient::Unmatched,");
    t.line(0, "}");
    t.blank();
    if m.fields.iter().any(|f| f.deprecated) {
        t.line(0, "#[allow(deprecated)]");
    }
    t.split_line(
        0,
        "impl From<serde_json::Map<String, serde_json::Value>>",
        &format!("for {name} {{"),
    );
    t.line(
        4,
        "fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {",
    );
    t.line(8, "let mut r = lenient::Reader::new(map);");
    if reads.is_empty() {
        t.struct_literal(8, "Self", &["unmatched: r.finish()".to_owned()]);
    } else {
        t.line(8, "Self {");
        for (fident, read) in reads {
            // A read too long for its line is broken before its dot.
            let line = format!("{fident}: r{read},");
            if 12 + line.len() <= MARGIN {
                t.line(12, &line);
            } else {
                t.line(12, &format!("{fident}: r"));
                t.line(16, &format!("{read},"));
            }
        }
        t.line(12, "unmatched: r.finish(),");
        t.line(8, "}");
    }
    t.line(4, "}");
    t.line(0, "}");
    t.blank();
    t.line(0, &format!("impl {name} {{"));
    t.lines(UNMATCHED);
    t.line(0, "}");
    t.done()
}

/// The `unmatched` method of every model, as prettyplease lays it out.
const UNMATCHED: &str =
    "    /// The values of the response this model could not hold, with their raw JSON:
    /// fields whose value does not fit the spec's type, and keys the spec does not list.
    pub fn unmatched(&self) -> &lenient::Unmatched {
        &self.unmatched
    }
";

fn model(m: &Model, names: &RustNames, imports: &mut Imports) -> TokenStream {
    let name = id(&names.models[&m.name]);
    let fallback = match &m.schema {
        Some(s) => format!("The `{s}` representation."),
        None => format!("The `{}` object.", m.name),
    };
    let docs = doc_or(m.description.as_deref(), &fallback);
    let mut scope = Scope::with(&["unmatched"]);
    let (fields, reads): (Vec<_>, Vec<_>) = m
        .fields
        .iter()
        .map(|f| field(m, f, names, imports, &mut scope))
        .unzip();
    let allow = if m.fields.iter().any(|f| f.deprecated) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(from = "serde_json::Map<String, serde_json::Value>")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #[serde(skip)]
            unmatched: lenient::Unmatched,
        }

        #allow
        impl From<serde_json::Map<String, serde_json::Value>> for #name {
            fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
                let mut r = lenient::Reader::new(map);
                Self {
                    #(#reads)*
                    unmatched: r.finish(),
                }
            }
        }

        impl #name {
            /// The values of the response this model could not hold, with their raw JSON:
            /// fields whose value does not fit the spec's type, and keys the spec does not list.
            pub fn unmatched(&self) -> &lenient::Unmatched {
                &self.unmatched
            }
        }
    }
}

/// One union of `src/models.rs`: an enum with a variant per alternative, read by the value
/// of its discriminator; a value whose discriminator this crate does not know (or that has
/// none) is kept whole in `Other`.
pub fn union_item(u: &Union, names: &RustNames) -> TokenStream {
    let name = id(&names.unions[&u.name]);
    let disc = &u.discriminator;
    let docs = doc(&format!(
        "{}\n\nTold apart by `{disc}`.",
        u.description
            .as_deref()
            .map(sanitize)
            .unwrap_or_else(|| format!("The `{}` value: one of several representations.", u.name))
    ));
    let mut scope = Scope::with(&["Other"]);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for v in &u.variants {
        let variant = id(&scope.claim(&[
            crate::views::rust::names::type_name(&v.tag),
            names.models[&v.model].clone(),
        ]));
        let model = id(&names.models[&v.model]);
        let tag = &v.tag;
        let vdoc = doc(&format!("`{disc}: {tag}`."));
        variants.push(quote!(#vdoc #variant(#model),));
        arms.push(quote!(Some(#tag) => #name::#variant(#model::from(map)),));
    }
    let other_doc = doc(&format!(
        "A value whose `{disc}` is missing or not one of the above, kept as received."
    ));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged, from = "serde_json::Map<String, serde_json::Value>")]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_doc
            Other(serde_json::Map<String, serde_json::Value>),
        }

        impl From<serde_json::Map<String, serde_json::Value>> for #name {
            fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
                match map.get(#disc).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => #name::Other(map),
                }
            }
        }
    }
}

/// A field of the struct, and the expression of its `From<Map>` that reads it.
fn field(
    m: &Model,
    f: &Field,
    names: &RustNames,
    imports: &mut Imports,
    scope: &mut Scope,
) -> (TokenStream, TokenStream) {
    let ident_name = scope.claim(&[ident(&f.name)]);
    let rename = if ident_name != f.name {
        let wire = &f.name;
        quote!(#[serde(rename = #wire)])
    } else {
        quote!()
    };
    let fident = id(&ident_name);
    let docs = doc_or(f.description.as_deref(), &format!("`{}`.", f.name));
    let wire = &f.name;
    let mut with = quote!();
    // `""` is absent, except where it is a value: in text and untyped JSON.
    let mut read = if is_string(&f.ty) || f.ty == Type::Json {
        quote!(r.text(#wire))
    } else {
        quote!(r.field(#wire))
    };
    if f.ty == Type::DateTimeRfc2822 {
        with = quote!(#[serde(serialize_with = "twilio_runtime::rfc2822::option::serialize")]);
        read = quote!(r.rfc2822(#wire));
    }
    let ty = field_type(&m.name, &f.ty, names, imports);
    // Every field is optional: servers send `null` and leave keys out where the spec does
    // not allow it (a `$ref`ed enum cannot even be marked nullable).
    let deprecated = if f.deprecated {
        quote!(#[deprecated(note = "deprecated in the API spec")])
    } else {
        quote!()
    };
    let member = quote! {
        #docs
        #deprecated
        #rename
        #with
        pub #fident: Option<#ty>,
    };
    (member, quote!(#fident: #read,))
}
