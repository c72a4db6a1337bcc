//! Terraform's value types, in the form the providers schema writes them (cty's JSON).

use std::collections::BTreeMap;

/// A Terraform type.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list` of one element type (and `set`).
    List(Box<Ty>),
    /// `map` of one element type.
    Map(Box<Ty>),
    /// `object` with named attributes.
    Object(BTreeMap<String, Ty>),
    /// `dynamic`.
    Dynamic,
}

impl Ty {
    /// Reads a type in cty's JSON form (`"string"`, `["list", "string"]`,
    /// `["object", {"a": "bool"}]`).
    pub fn from_json(v: &serde_json::Value) -> Result<Ty, String> {
        use serde_json::Value;
        match v {
            Value::String(s) => match s.as_str() {
                "string" => Ok(Ty::String),
                "number" => Ok(Ty::Number),
                "bool" => Ok(Ty::Bool),
                "dynamic" => Ok(Ty::Dynamic),
                other => Err(format!("unknown type `{other}`")),
            },
            Value::Array(parts) if parts.len() == 2 => {
                let kind = parts[0].as_str().unwrap_or_default();
                match kind {
                    "list" | "set" => Ok(Ty::List(Box::new(Ty::from_json(&parts[1])?))),
                    "map" => Ok(Ty::Map(Box::new(Ty::from_json(&parts[1])?))),
                    "object" => {
                        let members = parts[1]
                            .as_object()
                            .ok_or_else(|| "object type without attributes".to_owned())?;
                        let mut out = BTreeMap::new();
                        for (k, t) in members {
                            out.insert(k.clone(), Ty::from_json(t)?);
                        }
                        Ok(Ty::Object(out))
                    }
                    other => Err(format!("unknown type `{other}`")),
                }
            }
            other => Err(format!("not a type: {other}")),
        }
    }
}
