//! Schemas served to Terraform, read from the blocks of a providers schema document (the
//! format `terraform providers schema -json` prints), so what the provider serves is what the
//! generator wrote.

use std::collections::HashMap;

use serde_json::Value;
use tf_provider::schema::{
    Attribute, AttributeConstraint, Block, Description, NestedBlock, Schema, StringKind,
};

use crate::value::Ty;

/// A schema from `{"version": N, "block": {...}}`.
pub fn schema(v: &Value, at: &str) -> Result<Schema, String> {
    Ok(Schema {
        version: v.get("version").and_then(Value::as_i64).unwrap_or(0),
        block: block(
            v.get("block").ok_or_else(|| format!("{at}: no `block`"))?,
            at,
        )?,
    })
}

fn description(v: &Value) -> Description {
    let content = v
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let kind = match v.get("description_kind").and_then(Value::as_str) {
        Some("markdown") => StringKind::Markdown,
        _ => StringKind::Plain,
    };
    Description { kind, content }
}

fn flag(v: &Value, name: &str) -> bool {
    v.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// A block (`attributes`, `block_types`, `description`).
pub fn block(v: &Value, at: &str) -> Result<Block, String> {
    let mut attributes = HashMap::new();
    if let Some(attrs) = v.get("attributes").and_then(Value::as_object) {
        for (name, a) in attrs {
            let where_ = format!("{at}.{name}");
            let ty = Ty::from_json(a.get("type").unwrap_or(&Value::Null))
                .map_err(|e| format!("{where_}: {e}"))?;
            let constraint = match (
                flag(a, "required"),
                flag(a, "optional"),
                flag(a, "computed"),
            ) {
                (true, _, _) => AttributeConstraint::Required,
                (false, true, true) => AttributeConstraint::OptionalComputed,
                (false, true, false) => AttributeConstraint::Optional,
                (false, false, true) => AttributeConstraint::Computed,
                (false, false, false) => {
                    return Err(format!("{where_}: neither required, optional nor computed"))
                }
            };
            attributes.insert(
                name.clone(),
                Attribute {
                    attr_type: ty.attribute_type(),
                    description: description(a),
                    constraint,
                    sensitive: flag(a, "sensitive"),
                    deprecated: flag(a, "deprecated"),
                },
            );
        }
    }
    let mut blocks = HashMap::new();
    if let Some(types) = v.get("block_types").and_then(Value::as_object) {
        for (name, b) in types {
            let where_ = format!("{at}.{name}");
            let inner = block(b.get("block").unwrap_or(&Value::Null), &where_)?;
            let min = b.get("min_items").and_then(Value::as_i64).unwrap_or(0);
            let max = b.get("max_items").and_then(Value::as_i64).unwrap_or(0);
            // The nesting modes tf-provider serves, with the item counts it reports.
            let nested = match (b.get("nesting_mode").and_then(Value::as_str), min, max) {
                (Some("group"), 0, 0) => NestedBlock::Group(inner),
                (Some("single"), 1, 1) => NestedBlock::Single(inner),
                (Some("list"), 0, 1) => NestedBlock::Optional(inner),
                (Some("list"), 0, 0) => NestedBlock::List(inner),
                (Some("set"), 0, 0) => NestedBlock::Set(inner),
                (mode, min, max) => {
                    return Err(format!(
                        "{where_}: nesting mode {mode:?} with min_items {min} and max_items {max} \
                         cannot be served"
                    ))
                }
            };
            blocks.insert(name.clone(), nested);
        }
    }
    Ok(Block {
        version: 0,
        attributes,
        blocks,
        description: description(v),
        deprecated: flag(v, "deprecated"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_read_with_modes_and_nesting() {
        let v = serde_json::json!({
            "version": 0,
            "block": {
                "attributes": {
                    "a": {"type": "string", "required": true, "description_kind": "plain"},
                    "b": {"type": "bool", "optional": true, "computed": true, "sensitive": true,
                          "description": "`b`", "description_kind": "markdown"}
                },
                "block_types": {
                    "g": {"nesting_mode": "group", "block": {"description_kind": "plain"}}
                },
                "description_kind": "plain"
            }
        });
        let s = schema(&v, "r").unwrap();
        assert_eq!(
            s.block.attributes["a"].constraint,
            AttributeConstraint::Required
        );
        let b = &s.block.attributes["b"];
        assert_eq!(b.constraint, AttributeConstraint::OptionalComputed);
        assert!(b.sensitive);
        assert_eq!(b.description.kind, StringKind::Markdown);
        assert!(matches!(s.block.blocks["g"], NestedBlock::Group(_)));
    }

    #[test]
    fn unservable_nesting_is_an_error_naming_the_block() {
        let v = serde_json::json!({"block": {"block_types": {
            "x": {"nesting_mode": "list", "max_items": 9, "block": {}}
        }}});
        let e = schema(&v, "twilio_thing").unwrap_err();
        assert!(e.contains("twilio_thing.x"), "{e}");
    }
}
