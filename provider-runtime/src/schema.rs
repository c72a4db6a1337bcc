//! Schemas served to Terraform, read from the blocks of a providers schema document (the
//! format `terraform providers schema -json` prints), so what the provider serves is what the
//! generator wrote.

use serde_json::Value;

use crate::proto::tfplugin6 as tf;
use crate::value::Ty;

/// A schema from `{"version": N, "block": {...}}`.
pub fn schema(v: &Value, at: &str) -> Result<tf::Schema, String> {
    Ok(tf::Schema {
        version: v.get("version").and_then(Value::as_i64).unwrap_or(0),
        block: Some(block(
            v.get("block").ok_or_else(|| format!("{at}: no `block`"))?,
            at,
        )?),
    })
}

fn text(v: &Value, name: &str) -> String {
    v.get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn kind(v: &Value) -> i32 {
    match v.get("description_kind").and_then(Value::as_str) {
        Some("markdown") => tf::StringKind::Markdown as i32,
        _ => tf::StringKind::Plain as i32,
    }
}

fn flag(v: &Value, name: &str) -> bool {
    v.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// A block (`attributes`, `block_types`, `description`). Attributes and nested blocks are
/// served in name order.
pub fn block(v: &Value, at: &str) -> Result<tf::schema::Block, String> {
    let mut attributes = Vec::new();
    if let Some(attrs) = v.get("attributes").and_then(Value::as_object) {
        let mut names: Vec<&String> = attrs.keys().collect();
        names.sort();
        for name in names {
            let a = &attrs[name];
            let where_ = format!("{at}.{name}");
            let ty = a.get("type").unwrap_or(&Value::Null);
            // Checked here, served as written: the type is cty's JSON form on the wire too.
            Ty::from_json(ty).map_err(|e| format!("{where_}: {e}"))?;
            let (required, optional, computed) = (
                flag(a, "required"),
                flag(a, "optional"),
                flag(a, "computed"),
            );
            if !(required || optional || computed) {
                return Err(format!("{where_}: neither required, optional nor computed"));
            }
            attributes.push(tf::schema::Attribute {
                name: name.clone(),
                r#type: serde_json::to_vec(ty).map_err(|e| format!("{where_}: {e}"))?,
                nested_type: None,
                description: text(a, "description"),
                required,
                optional: !required && optional,
                computed: !required && computed,
                sensitive: flag(a, "sensitive"),
                description_kind: kind(a),
                deprecated: flag(a, "deprecated"),
            });
        }
    }
    let mut block_types = Vec::new();
    if let Some(types) = v.get("block_types").and_then(Value::as_object) {
        let mut names: Vec<&String> = types.keys().collect();
        names.sort();
        for name in names {
            let b = &types[name];
            let where_ = format!("{at}.{name}");
            let inner = block(b.get("block").unwrap_or(&Value::Null), &where_)?;
            use tf::schema::nested_block::NestingMode;
            let nesting = match b.get("nesting_mode").and_then(Value::as_str) {
                Some("single") => NestingMode::Single,
                Some("list") => NestingMode::List,
                Some("set") => NestingMode::Set,
                Some("map") => NestingMode::Map,
                Some("group") => NestingMode::Group,
                other => {
                    return Err(format!(
                        "{where_}: nesting mode {other:?} is none of single, list, set, map, group"
                    ))
                }
            };
            block_types.push(tf::schema::NestedBlock {
                type_name: name.clone(),
                block: Some(inner),
                nesting: nesting as i32,
                min_items: b.get("min_items").and_then(Value::as_i64).unwrap_or(0),
                max_items: b.get("max_items").and_then(Value::as_i64).unwrap_or(0),
            });
        }
    }
    Ok(tf::schema::Block {
        version: 0,
        attributes,
        block_types,
        description: text(v, "description"),
        description_kind: kind(v),
        deprecated: flag(v, "deprecated"),
    })
}

/// The type of a block's values (a schema's `block`): an object of its attributes and of its
/// nested blocks (objects, or lists and maps of them by nesting mode).
pub fn block_ty(v: &Value) -> Result<Ty, String> {
    let mut members = std::collections::BTreeMap::new();
    if let Some(attrs) = v.get("attributes").and_then(Value::as_object) {
        for (name, a) in attrs {
            members.insert(
                name.clone(),
                Ty::from_json(a.get("type").unwrap_or(&Value::Null))
                    .map_err(|e| format!("{name}: {e}"))?,
            );
        }
    }
    if let Some(types) = v.get("block_types").and_then(Value::as_object) {
        for (name, b) in types {
            let inner = block_ty(b.get("block").unwrap_or(&Value::Null))
                .map_err(|e| format!("{name}.{e}"))?;
            let ty = match b.get("nesting_mode").and_then(Value::as_str) {
                Some("list" | "set") => Ty::List(Box::new(inner)),
                Some("map") => Ty::Map(Box::new(inner)),
                _ => inner,
            };
            members.insert(name.clone(), ty);
        }
    }
    Ok(Ty::Object(members))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_types_nest_by_mode() {
        let v = serde_json::json!({
            "attributes": {"a": {"type": "string", "optional": true}},
            "block_types": {
                "g": {"nesting_mode": "group", "block": {
                    "attributes": {"x": {"type": "bool", "optional": true}},
                    "block_types": {"inner": {"nesting_mode": "group", "block": {
                        "attributes": {"y": {"type": "number", "optional": true}}
                    }}}
                }},
                "l": {"nesting_mode": "list", "block": {
                    "attributes": {"z": {"type": "string", "optional": true}}
                }}
            }
        });
        let t = block_ty(&v).unwrap();
        let want = Ty::from_json(&serde_json::json!(["object", {
            "a": "string",
            "g": ["object", {"x": "bool", "inner": ["object", {"y": "number"}]}],
            "l": ["list", ["object", {"z": "string"}]],
        }]))
        .unwrap();
        assert_eq!(t, want);
        let bad = serde_json::json!({"block_types": {"g": {"block": {
            "attributes": {"x": {"type": "strang"}}
        }}}});
        assert!(
            block_ty(&bad).unwrap_err().contains("g.x"),
            "names the place"
        );
    }

    #[test]
    fn blocks_read_with_modes_and_nesting() {
        let v = serde_json::json!({
            "version": 2,
            "block": {
                "attributes": {
                    "b": {"type": "bool", "optional": true, "computed": true, "sensitive": true,
                          "description": "`b`", "description_kind": "markdown"},
                    "a": {"type": ["list", "string"], "required": true, "description_kind": "plain"}
                },
                "block_types": {
                    "g": {"nesting_mode": "group", "block": {"description_kind": "plain"}},
                    "l": {"nesting_mode": "list", "max_items": 1, "block": {
                        "attributes": {"x": {"type": "number", "computed": true}}
                    }}
                },
                "description_kind": "plain"
            }
        });
        let s = schema(&v, "r").unwrap();
        assert_eq!(s.version, 2);
        let block = s.block.unwrap();
        let names: Vec<&str> = block.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        let a = &block.attributes[0];
        assert!(a.required && !a.optional && !a.computed);
        assert_eq!(a.r#type, br#"["list","string"]"#);
        let b = &block.attributes[1];
        assert!(b.optional && b.computed && b.sensitive);
        assert_eq!(b.description, "`b`");
        assert_eq!(b.description_kind, tf::StringKind::Markdown as i32);
        let g = &block.block_types[0];
        assert_eq!(g.type_name, "g");
        assert_eq!(
            g.nesting,
            tf::schema::nested_block::NestingMode::Group as i32
        );
        let l = &block.block_types[1];
        assert_eq!(
            l.nesting,
            tf::schema::nested_block::NestingMode::List as i32
        );
        assert_eq!((l.min_items, l.max_items), (0, 1));
        assert!(l.block.as_ref().unwrap().attributes[0].computed);
    }

    #[test]
    fn bad_schemas_are_errors_naming_the_place() {
        let v = serde_json::json!({"block": {"block_types": {
            "x": {"nesting_mode": "tuple", "block": {}}
        }}});
        let e = schema(&v, "twilio_thing").unwrap_err();
        assert!(e.contains("twilio_thing.x"), "{e}");
        let v = serde_json::json!({"block": {"attributes": {"y": {"type": "strang", "optional": true}}}});
        let e = schema(&v, "twilio_thing").unwrap_err();
        assert!(e.contains("twilio_thing.y") && e.contains("strang"), "{e}");
        let v = serde_json::json!({"block": {"attributes": {"z": {"type": "string"}}}});
        let e = schema(&v, "twilio_thing").unwrap_err();
        assert!(e.contains("twilio_thing.z"), "{e}");
    }
}
