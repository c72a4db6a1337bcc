//! Value checks of an attribute from the spec: enums, SID and spec patterns, bounds.

use super::types::map_type;
use super::{Checks, Pattern, TfType};
use crate::model::{Api, Constraints, Type};

/// The checks of a parameter or field: allowed values of enums, SID and spec patterns,
/// length, range and size bounds.
pub fn checks(api: &Api, ty: &Type, c: &Constraints) -> Checks {
    let leaf = ty.leaf();
    let scalar = !matches!(ty, Type::Array(_) | Type::Map(_));
    let mut out = Checks::default();
    if let Type::Enum(name) = leaf {
        if let Some(e) = api.enums.iter().find(|e| &e.name == name) {
            out.one_of = e.values.clone();
        }
    }
    out.pattern = match leaf {
        Type::Sid(prefix) => {
            let regex = c
                .pattern
                .clone()
                .filter(|_| scalar)
                .or_else(|| {
                    api.sids
                        .iter()
                        .find(|s| &s.prefix == prefix)
                        .map(|s| s.pattern.clone())
                })
                .unwrap_or_else(|| format!("^{prefix}[0-9a-fA-F]{{32}}$"));
            Some(Pattern {
                regex,
                sid_prefix: Some(prefix.clone()),
            })
        }
        Type::String | Type::Uri | Type::PhoneNumber | Type::Currency if scalar => {
            c.pattern.clone().map(|regex| Pattern {
                regex,
                sid_prefix: None,
            })
        }
        _ => None,
    };
    if scalar && matches!(map_type(api, ty).0, TfType::String) && out.pattern.is_none() {
        out.min_length = c.min_length;
        out.max_length = c.max_length;
    }
    match ty {
        Type::Integer | Type::Int64 => {
            out.minimum = c.minimum.map(|m| {
                if c.exclusive_minimum {
                    m.floor() + 1.0
                } else {
                    m.ceil()
                }
            });
            out.maximum = c.maximum.map(|m| {
                if c.exclusive_maximum {
                    m.ceil() - 1.0
                } else {
                    m.floor()
                }
            });
        }
        // Exclusive bounds of floats have no inclusive equivalent: they are left out.
        Type::Number => {
            out.minimum = c.minimum.filter(|_| !c.exclusive_minimum);
            out.maximum = c.maximum.filter(|_| !c.exclusive_maximum);
        }
        Type::Array(_) => {
            out.min_items = c.min_items;
            out.max_items = c.max_items;
        }
        _ => {}
    }
    out
}
