//! `src/enums.rs`: string enums that keep unknown server values.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc_text;
use crate::model::names::pascal;
use crate::model::EnumType;
use crate::views::rust::names::{type_name, RustNames, Scope};

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

/// One enum of `src/enums.rs`: a `twilio_runtime::string_enum!` declaration of its values,
/// written as formatted text (prettyplease leaves macro bodies on one line).
pub fn enum_item(e: &EnumType, names: &RustNames) -> String {
    let name = &names.enums[&e.name];
    let docs = doc_text(
        e.description.as_deref(),
        &format!("Values of `{}`.", e.name),
    );
    let mut out = String::from("twilio_runtime::string_enum! {\n");
    for line in docs.lines() {
        push_doc(&mut out, "    ", line);
    }
    out.push_str(&format!("    pub enum {name} {{\n"));
    for (value, variant) in variants(e) {
        push_doc(
            &mut out,
            "        ",
            &format!("`{}`", value.replace('`', "'")),
        );
        out.push_str(&format!("        {variant} = {},\n", rust_string(&value)));
    }
    out.push_str("    }\n}\n");
    out
}

/// A `///` line at `indent`.
fn push_doc(out: &mut String, indent: &str, line: &str) {
    out.push_str(indent);
    out.push_str("///");
    if !line.is_empty() {
        out.push(' ');
        out.push_str(line);
    }
    out.push('\n');
}

/// A Rust string literal of `value`.
fn rust_string(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// The head of `src/enums.rs`: its docs.
pub fn enums_head() -> TokenStream {
    quote! {
        //! Enums of the API. Each keeps values it does not know in `Other`, so a value added to
        //! the API later never breaks decoding; requests accept only the values the spec lists.
        //! The runtime's `string_enum!` writes each enum's methods and conversions.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_string_literals() {
        assert_eq!(rust_string("no-answer"), "\"no-answer\"");
        assert_eq!(rust_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        let mut out = String::new();
        push_doc(&mut out, "  ", "");
        push_doc(&mut out, "  ", "text");
        assert_eq!(out, "  ///\n  /// text\n");
    }
}
