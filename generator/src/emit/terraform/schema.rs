//! `terraform/providers-schema.json`: the format `terraform providers schema -json` prints
//! (format version 1.0).
//!
//! Keys follow Terraform's own output: attributes and block types sorted by name, each
//! attribute with its cty `type`, `description` and `description_kind`, and the flags
//! `required`, `optional`, `computed`, `sensitive`, `deprecated` only when true. Nested
//! blocks from dotted groups use nesting mode `group` (numbered groups: `list` with
//! `max_items`): written like a `single` block (`integration { url = "…" }`, referenced as
//! `integration.url`), but never null, so the server can fill the members that configuration
//! leaves out (they are optional and computed), and a configuration without the block
//! plans no change against what the server reports. The provider block lists the provider's
//! settings; each resource has a data source of the same name.

use serde_json::{json, Map, Value};

use super::data_source::{self, DsAttribute};
use super::{pretty, EmitError};
use crate::views::terraform::attrs::{Attribute, Block, Mode, Nesting, TfResource, Timeout};
use crate::views::terraform::settings::{self, SETTINGS};

/// Renders the providers schema of `resources`, keyed by the provider `address`.
pub fn render(resources: &[TfResource<'_>], address: &str) -> Result<String, EmitError> {
    pretty(
        "terraform/providers-schema.json",
        &document(resources, address),
    )
}

/// The providers schema document of `resources`, keyed by the provider `address`.
pub fn document(resources: &[TfResource<'_>], address: &str) -> Value {
    let mut schemas = Map::new();
    let mut data_sources = Map::new();
    for r in resources {
        schemas.insert(
            r.type_name.clone(),
            json!({ "version": 0, "block": resource_block(r) }),
        );
        data_sources.insert(
            r.type_name.clone(),
            json!({ "version": 0, "block": data_source_block(r) }),
        );
    }
    let mut providers = Map::new();
    let mut provider = Map::new();
    provider.insert(
        "provider".to_owned(),
        json!({ "version": 0, "block": provider_block() }),
    );
    if !schemas.is_empty() {
        provider.insert("resource_schemas".to_owned(), Value::Object(schemas));
        provider.insert(
            "data_source_schemas".to_owned(),
            Value::Object(data_sources),
        );
    }
    providers.insert(address.to_owned(), Value::Object(provider));
    json!({ "format_version": "1.0", "provider_schemas": providers })
}

fn provider_block() -> Value {
    let mut attrs = Map::new();
    for s in SETTINGS {
        let mut a = Map::new();
        a.insert("type".to_owned(), json!("string"));
        describe(&mut a, s.description);
        a.insert("optional".to_owned(), json!(true));
        if s.sensitive {
            a.insert("sensitive".to_owned(), json!(true));
        }
        attrs.insert(s.name.to_owned(), Value::Object(a));
    }
    let mut out = Map::new();
    out.insert("attributes".to_owned(), Value::Object(attrs));
    describe(&mut out, settings::DESCRIPTION);
    Value::Object(out)
}

fn data_source_block(r: &TfResource<'_>) -> Value {
    let mut attrs = Map::new();
    for a in data_source::attributes(r) {
        attrs.insert(a.name.clone(), data_source_attribute(&a));
    }
    let description = format!(
        "Reads {} by `{}`.",
        r.resource.description.as_deref().unwrap_or(&r.type_name),
        r.import_attributes().join("`, `")
    );
    let mut out = Map::new();
    out.insert("attributes".to_owned(), Value::Object(attrs));
    describe(&mut out, &description);
    Value::Object(out)
}

fn data_source_attribute(a: &DsAttribute) -> Value {
    let mut out = Map::new();
    out.insert("type".to_owned(), a.ty.cty());
    describe(&mut out, &a.description);
    if a.deprecated {
        out.insert("deprecated".to_owned(), json!(true));
    }
    if a.required {
        out.insert("required".to_owned(), json!(true));
    } else {
        out.insert("computed".to_owned(), json!(true));
    }
    if a.sensitive {
        out.insert("sensitive".to_owned(), json!(true));
    }
    Value::Object(out)
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
        Nesting::Single => ("group", None),
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
    // `group`, like the dotted groups: an optional block whose absence is an object of
    // nulls (every action then takes its default).
    json!({
        "nesting_mode": "group",
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
