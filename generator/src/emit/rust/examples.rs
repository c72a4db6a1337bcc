//! `tests/operations/response_examples.rs`: the spec's own JSON examples of success
//! responses, read through this crate's models; each test fails when a key of its example
//! is neither read into a field nor kept, raw, in the model's `unmatched()`. List pages
//! are read item by item.

use proc_macro2::TokenStream;
use quote::quote;

use super::EmitCx;
use crate::model::{Operation, Response, ResponseExample, Type};
use crate::views::rust::names::{ident, Scope};
use crate::views::rust::types::id;

/// The test module's name (reserved among module names).
pub use crate::views::rust::names::EXAMPLES_MODULE as MODULE;

/// How an example is read: into the model, or item by item from a page.
#[derive(Clone, Copy)]
enum Read<'a> {
    One,
    Page(&'a str),
}

/// The examples of `op` that a model reads, with how.
fn readable<'a>(
    cx: &EmitCx<'a>,
    op: &'a Operation,
) -> Option<(&'a str, Read<'a>, Vec<&'a ResponseExample>)> {
    let (model, read) = match &op.response {
        Response::Value {
            ty: Type::Model(m), ..
        } => (m, Read::One),
        Response::Page {
            key,
            item: Type::Model(m),
            ..
        } => (m, Read::Page(key)),
        _ => return None,
    };
    let ty = cx.names.models.get(model)?;
    let examples: Vec<&ResponseExample> = op
        .examples
        .iter()
        .filter(|e| match &read {
            Read::One => e.value.is_object(),
            Read::Page(key) => e
                .value
                .get(*key)
                .and_then(|v| v.as_array())
                .is_some_and(|items| items.iter().all(|i| i.is_object())),
        })
        .collect();
    (!examples.is_empty()).then_some((ty.as_str(), read, examples))
}

/// Whether the crate gets the module: some operation has an example a model reads.
pub fn any(cx: &EmitCx) -> bool {
    cx.api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|op| readable(cx, op).is_some())
}

/// The module's head: docs and imports.
pub fn head(cx: &EmitCx) -> TokenStream {
    let krate = id(&cx.crate_name.replace('-', "_"));
    quote! {
        //! The spec's JSON examples of success responses, read through this crate's
        //! models: every key is read into a field, or is blank (`null`, `""`), or is kept
        //! with its raw value in `unmatched()`. List pages are read item by item.

        use super::common;

        #[allow(unused_imports)]
        use #krate::*;
    }
}

/// One test of an example: plain data, so tests are made and formatted in parallel.
pub struct ExampleTest<'a> {
    name: String,
    ty: &'a str,
    read: Read<'a>,
    doc: String,
    value: &'a serde_json::Value,
}

/// One test per example, in operation order.
pub fn tests<'a>(cx: &EmitCx<'a>) -> Vec<ExampleTest<'a>> {
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for op in cx.api.resources.iter().flat_map(|r| &r.operations) {
        let Some((ty, read, examples)) = readable(cx, op) else {
            continue;
        };
        for e in examples {
            out.push(ExampleTest {
                name: scope.claim(&[format!(
                    "{}_reads_example_{}",
                    ident(&op.id),
                    ident(&e.name)
                )]),
                ty,
                read,
                doc: format!(" `{}`: example `{}`.", op.id, e.name),
                value: &e.value,
            });
        }
    }
    out
}

/// The test as formatted text: a fixed shape around the example's JSON, written directly
/// (formatting large literals through syn and prettyplease costs more than the rest of a
/// crate's tests).
pub fn test_text(t: &ExampleTest) -> String {
    let json = super::samples::json_literal_text(t.value);
    let (function, mut args) = match t.read {
        Read::One => ("read_losslessly", vec!["&raw".to_owned()]),
        Read::Page(key) => (
            "read_page_losslessly",
            vec!["&raw".to_owned(), format!("{key:?}")],
        ),
    };
    args.push(format!("{}::unmatched", t.ty));
    // One line when it fits in prettyplease's margin (89 columns), else one argument per line.
    let mut read = format!("common::{function}({})?;", args.join(", "));
    if read.len() + 4 > 89 {
        read = format!(
            "common::{function}(\n{}    )?;",
            args.iter()
                .map(|a| format!("        {a},\n"))
                .collect::<String>()
        );
    }
    format!(
        "///{doc}\n#[test]\nfn {name}() -> common::TestResult {{\n    let raw = common::json(\n        {json},\n    );\n    {read}\n    Ok(())\n}}\n",
        doc = t.doc,
        name = t.name,
    )
}
