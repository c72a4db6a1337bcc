//! `terraform/providers-schema.json`: the format `terraform providers schema -json` prints
//! (format version 1.0).
//!
//! Keys follow Terraform's own output: attributes and block types sorted by name, each
//! attribute with its cty `type`, `description` and `description_kind`, and the flags
//! `required`, `optional`, `computed`, `sensitive`, `deprecated` only when true. Nested
//! blocks from dotted groups use nesting mode `single` (numbered groups: `list` with
//! `max_items`), the mode a framework provider built from the code specification reports.

use serde_json::{json, Map, Value};

use super::attrs::{Attribute, Block, Mode, Nesting, TfResource, Timeout};
use super::{pretty, EmitError};

/// Renders the providers schema of `resources`, keyed by the provider `address`.
pub fn render(resources: &[TfResource<'_>], address: &str) -> Result<String, EmitError> {
    let mut schemas = Map::new();
    for r in resources {
        schemas.insert(
            r.type_name.clone(),
            json!({ "version": 0, "block": resource_block(r) }),
        );
    }
    let mut providers = Map::new();
    providers.insert(
        address.to_owned(),
        json!({
            "provider": { "version": 0, "block": { "description_kind": "plain" } },
            "resource_schemas": schemas,
        }),
    );
    let doc = json!({ "format_version": "1.0", "provider_schemas": providers });
    pretty("terraform/providers-schema.json", &doc)
}

/// `markdown` when a description uses Markdown (code spans, links), else `plain`.
pub fn description_kind(text: &str) -> &'static str {
    if text.contains('`') || text.contains("](") {
        "markdown"
    } else {
        "plain"
    }
}

fn resource_block(r: &TfResource<'_>) -> Value {
    let description = r.resource.description.clone().unwrap_or_default();
    let mut blocks: Vec<(String, Value)> = r
        .blocks
        .iter()
        .map(|b| (b.name.clone(), block_type(b)))
        .collect();
    if !r.timeouts.is_empty() {
        blocks.push(("timeouts".to_owned(), timeouts(&r.timeouts)));
    }
    block(&r.attributes, blocks, &description)
}

fn block(attributes: &[Attribute], mut blocks: Vec<(String, Value)>, description: &str) -> Value {
    let mut out = Map::new();
    let mut attrs: Vec<&Attribute> = attributes.iter().collect();
    attrs.sort_by(|a, b| a.name.cmp(&b.name));
    if !attrs.is_empty() {
        let mut m = Map::new();
        for a in attrs {
            m.insert(a.name.clone(), attribute(a));
        }
        out.insert("attributes".to_owned(), Value::Object(m));
    }
    blocks.sort_by(|a, b| a.0.cmp(&b.0));
    if !blocks.is_empty() {
        out.insert(
            "block_types".to_owned(),
            Value::Object(blocks.into_iter().collect()),
        );
    }
    describe(&mut out, description);
    Value::Object(out)
}

fn describe(out: &mut Map<String, Value>, description: &str) {
    if !description.is_empty() {
        out.insert("description".to_owned(), json!(description));
    }
    out.insert(
        "description_kind".to_owned(),
        json!(description_kind(description)),
    );
}

fn attribute(a: &Attribute) -> Value {
    let mut out = Map::new();
    out.insert("type".to_owned(), a.ty.cty());
    describe(&mut out, &a.description);
    if a.deprecated {
        out.insert("deprecated".to_owned(), json!(true));
    }
    match a.mode {
        Mode::Required => {
            out.insert("required".to_owned(), json!(true));
        }
        Mode::Optional => {
            out.insert("optional".to_owned(), json!(true));
        }
        Mode::ComputedOptional => {
            out.insert("optional".to_owned(), json!(true));
            out.insert("computed".to_owned(), json!(true));
        }
        Mode::Computed => {
            out.insert("computed".to_owned(), json!(true));
        }
    }
    if a.sensitive {
        out.insert("sensitive".to_owned(), json!(true));
    }
    Value::Object(out)
}

fn block_type(b: &Block) -> Value {
    let nested = b
        .blocks
        .iter()
        .map(|x| (x.name.clone(), block_type(x)))
        .collect();
    let mut out = Map::new();
    let (mode, max) = match b.nesting {
        Nesting::Single => ("single", None),
        Nesting::List { max_items } => ("list", Some(max_items)),
    };
    out.insert("nesting_mode".to_owned(), json!(mode));
    out.insert(
        "block".to_owned(),
        block(&b.attributes, nested, &b.description),
    );
    // Terraform reports item counts for list blocks only.
    if let Some(max) = max {
        if b.required {
            out.insert("min_items".to_owned(), json!(1));
        }
        out.insert("max_items".to_owned(), json!(max));
    }
    Value::Object(out)
}

fn timeouts(actions: &[Timeout]) -> Value {
    let mut sorted: Vec<&Timeout> = actions.iter().collect();
    sorted.sort_by_key(|t| t.action);
    let mut attrs = Map::new();
    for t in sorted {
        let description = t.description();
        let mut a = Map::new();
        a.insert("type".to_owned(), json!("string"));
        describe(&mut a, &description);
        a.insert("optional".to_owned(), json!(true));
        attrs.insert(t.action.to_owned(), Value::Object(a));
    }
    json!({
        "nesting_mode": "single",
        "block": { "attributes": attrs, "description_kind": "plain" },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_detected() {
        assert_eq!(description_kind("The SID of the chat service."), "plain");
        assert_eq!(description_kind("One of `web` or `sms`."), "markdown");
        assert_eq!(description_kind("See [docs](https://x.y)."), "markdown");
        assert_eq!(description_kind(""), "plain");
    }
}
