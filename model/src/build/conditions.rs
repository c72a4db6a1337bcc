//! Prose in parameter descriptions read as conditions, ranges and defaults.

use super::*;

impl<'a> Builder<'a> {
    /// Turns prose conditions ("Required when `integrationType` is `studio`") into
    /// [`Condition`]s naming the wire parameter they refer to.
    pub(super) fn resolve_conditions(&mut self, op: &mut Operation) {
        let wire: Vec<(String, Option<Vec<String>>)> = op
            .all_params()
            .map(|p| {
                let values = match &p.ty {
                    Type::Enum(e) => self.enums.get(e).map(|e| e.values.clone()),
                    _ => None,
                };
                (p.name.clone(), values)
            })
            .collect();
        let pointer = op.pointer.clone();
        let mut warnings = Vec::new();
        let mut visit = |p: &mut Param| {
            let Some(desc) = p.description.clone() else {
                return;
            };
            for (found, target) in [
                (prose::required_when(&desc), &mut p.required_when),
                (prose::applies_when(&desc), &mut p.applies_when),
            ] {
                for c in found {
                    match wire.iter().find(|(w, _)| prose::same_name(&c.param, w) && *w != p.name) {
                        Some((w, values)) => {
                            if let Some(allowed) = values {
                                if let Some(bad) = c.values.iter().find(|v| !allowed.contains(v)) {
                                    warnings.push(format!(
                                        "the description of `{}` names value `{bad}` of `{w}`, which is not one of its values; condition ignored",
                                        p.name
                                    ));
                                    continue;
                                }
                            }
                            target.push(Condition {
                                param: w.clone(),
                                values: c.values,
                            });
                        }
                        None => warnings.push(format!(
                            "the description of `{}` names `{}`, which is not a parameter of this operation; condition ignored",
                            p.name, c.param
                        )),
                    }
                }
            }
            if p.constraints.minimum.is_none()
                && p.constraints.maximum.is_none()
                && matches!(p.ty, Type::Integer | Type::Int64 | Type::Number)
            {
                if let Some((lo, hi)) = prose::range(&desc) {
                    p.constraints.minimum = Some(lo as f64);
                    p.constraints.maximum = Some(hi as f64);
                    p.constraints.range_from = Some("description".to_owned());
                }
            }
            if p.default.is_none() {
                p.default = prose::default_value(&desc).and_then(|text| {
                    let values = match &p.ty {
                        Type::Enum(_) => wire
                            .iter()
                            .find(|(w, _)| *w == p.name)
                            .and_then(|(_, v)| v.clone()),
                        _ => None,
                    };
                    typed_default(&text, &p.ty, values.as_deref())
                });
            }
        };
        for p in op
            .query_params
            .iter_mut()
            .chain(op.header_params.iter_mut())
        {
            visit(p);
        }
        if let Some(body) = &mut op.body {
            for p in &mut body.params {
                visit(p);
            }
            fn walk(g: &mut ParamGroup, f: &mut dyn FnMut(&mut Param)) {
                for p in &mut g.params {
                    f(p);
                }
                for sub in &mut g.groups {
                    walk(sub, f);
                }
            }
            for g in &mut body.groups {
                walk(g, &mut visit);
            }
        }
        for w in warnings {
            self.warn(pointer.clone(), w);
        }
    }
}

/// A default read from prose as a value of the parameter's type; `None` when it is not one
/// (a boolean default that is not `true`/`false`, a value outside the enum, ...).
fn typed_default(
    text: &str,
    ty: &Type,
    enum_values: Option<&[String]>,
) -> Option<serde_json::Value> {
    use serde_json::Value;
    match ty {
        Type::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Type::Integer | Type::Int64 => text.parse::<i64>().ok().map(Value::from),
        Type::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Type::Enum(_) => enum_values
            .is_some_and(|v| v.iter().any(|x| x == text))
            .then(|| Value::from(text)),
        Type::String => Some(Value::from(text)),
        _ => None,
    }
}
