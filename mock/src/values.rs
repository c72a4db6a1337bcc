//! Parameters in, JSON out: checking what a request sends against the operation's
//! parameters, and turning it into the fields of the resource's model.

use std::collections::HashMap;

use serde_json::{Map, Value};
use twilio_model::{
    names, Api, Body, Condition, Constraints, Field, Model, Operation, Param, ParamGroup, Type,
};

use crate::twilio::ApiError;

/// What a request sent in one place (query string or body): form pairs, and the members of
/// a JSON body.
#[derive(Debug, Default, Clone)]
pub(crate) struct Sent {
    pub(crate) pairs: Vec<(String, String)>,
    /// A JSON body's members, as sent.
    pub(crate) json: Option<Map<String, Value>>,
}

impl Sent {
    pub(crate) fn form(text: &[u8]) -> Self {
        Sent {
            pairs: form_urlencoded::parse(text).into_owned().collect(),
            json: None,
        }
    }

    /// A JSON object body; its scalar members (and arrays of scalars) also become pairs, so
    /// they are checked like form values.
    pub(crate) fn json(object: Map<String, Value>) -> Self {
        let mut pairs = Vec::new();
        for (k, v) in &object {
            let scalars: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            for v in scalars {
                match v {
                    Value::String(s) => pairs.push((k.clone(), s.clone())),
                    Value::Number(n) => pairs.push((k.clone(), n.to_string())),
                    Value::Bool(b) => pairs.push((k.clone(), b.to_string())),
                    _ => {}
                }
            }
        }
        Sent {
            pairs,
            json: Some(object),
        }
    }

    /// A request's form or JSON body, by its content type. `json_expected` reads a body
    /// without a content type as JSON.
    pub(crate) fn read(
        content_type: &str,
        body: &[u8],
        json_expected: bool,
    ) -> Result<Self, ApiError> {
        let is_json = content_type.starts_with("application/json")
            || (content_type.is_empty() && json_expected)
            || (content_type.is_empty() && body.first() == Some(&b'{'));
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Sent::default());
        }
        if !is_json {
            return Ok(Sent::form(body));
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => Ok(Sent::json(m)),
            Ok(_) => Err(ApiError::invalid("The JSON body is not an object")),
            Err(e) => Err(ApiError::invalid(format!(
                "The JSON body does not parse: {e}"
            ))),
        }
    }

    /// The values sent for a name, in order.
    pub(crate) fn values(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether anything was sent for a name (a JSON member counts, even an object).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
            || self.json.as_ref().is_some_and(|j| j.contains_key(name))
    }
}

/// Checks the query and body parameters of an operation. `stored` is the item an update
/// changes (conditions look at its values for what the request does not send).
pub(crate) fn check(
    api: &Api,
    op: &Operation,
    query: &Sent,
    body: &Sent,
    stored: Option<&Map<String, Value>>,
    patterns: &HashMap<String, regex::Regex>,
) -> Result<(), ApiError> {
    let body_params: Vec<&Param> = op.body.iter().flat_map(Body::all_params).collect();
    for (p, sent, place) in op
        .query_params
        .iter()
        .map(|p| (p, query, "the query string"))
        .chain(body_params.iter().map(|p| (*p, body, "the post body")))
    {
        if !sent.has(&p.name) {
            if p.required {
                return Err(ApiError::invalid(format!(
                    "Missing required parameter {} in {place}",
                    p.name
                )));
            }
            if let Some(c) = p
                .required_when
                .iter()
                .find(|c| condition_holds(c, sent, stored))
            {
                let stored_has = stored
                    .and_then(|s| stored_value(s, &p.name))
                    .is_some_and(|v| !v.is_null());
                if !stored_has {
                    return Err(ApiError::invalid(format!(
                        "Missing required parameter {}: it is required when {} is {}",
                        p.name,
                        c.param,
                        c.values.join(" or ")
                    )));
                }
            }
            continue;
        }
        let values = sent.values(&p.name);
        if let Type::Array(_) = &p.ty {
            let n = values.len() as u64;
            if p.constraints.min_items.is_some_and(|min| n < min)
                || p.constraints.max_items.is_some_and(|max| n > max)
            {
                return Err(ApiError::invalid(format!(
                    "Invalid {}: {n} values given, {}",
                    p.name,
                    items_range(&p.constraints)
                )));
            }
        }
        for v in values {
            check_value(api, p.ty.leaf(), &p.constraints, v, patterns)
                .map_err(|why| ApiError::invalid(format!("Invalid {}: `{v}` {why}", p.name)))?;
        }
    }
    Ok(())
}

fn items_range(c: &Constraints) -> String {
    match (c.min_items, c.max_items) {
        (Some(a), Some(b)) => format!("expected {a} to {b}"),
        (Some(a), None) => format!("expected at least {a}"),
        (None, Some(b)) => format!("expected at most {b}"),
        (None, None) => String::new(),
    }
}

/// Whether the parameter a condition names has one of its values: as sent, else as stored.
fn condition_holds(c: &Condition, sent: &Sent, stored: Option<&Map<String, Value>>) -> bool {
    let sent_values = sent.values(&c.param);
    if !sent_values.is_empty() {
        return sent_values.iter().any(|v| c.values.iter().any(|x| x == v));
    }
    stored
        .and_then(|s| stored_value(s, &c.param))
        .and_then(Value::as_str)
        .is_some_and(|v| c.values.iter().any(|x| x == v))
}

/// The stored field a wire name fills (`Integration.Url` -> `integration.url`).
fn stored_value<'a>(stored: &'a Map<String, Value>, wire: &str) -> Option<&'a Value> {
    let mut parts = wire.split('.');
    let mut value = stored.get(&names::snake(parts.next()?))?;
    for part in parts {
        value = value.get(names::snake(part))?;
    }
    Some(value)
}

/// Why a value does not fit a type and its constraints.
pub(crate) fn check_value(
    api: &Api,
    ty: &Type,
    c: &Constraints,
    v: &str,
    patterns: &HashMap<String, regex::Regex>,
) -> Result<(), String> {
    match ty {
        Type::Integer | Type::Int64 => {
            let n: i64 = v.parse().map_err(|_| "is not an integer".to_owned())?;
            check_range(n as f64, c)?;
        }
        Type::Number => {
            let n: f64 = v.parse().map_err(|_| "is not a number".to_owned())?;
            check_range(n, c)?;
        }
        Type::Boolean if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") => {
            return Err("is not `true` or `false`".to_owned());
        }
        Type::Enum(name) => {
            if let Some(e) = api.enums.iter().find(|e| e.name == *name) {
                if !e.values.is_empty() && !e.values.iter().any(|x| x == v) {
                    return Err(format!("is not one of {}", e.values.join(", ")));
                }
            }
        }
        Type::Uri => {
            url::Url::parse(v).map_err(|_| "is not an absolute URL".to_owned())?;
        }
        _ => {}
    }
    if let Some(pat) = &c.pattern {
        if let Some(re) = patterns.get(pat) {
            if !re.is_match(v) {
                return Err(format!("does not match {pat}"));
            }
        }
    }
    let len = v.chars().count() as u64;
    if c.min_length.is_some_and(|m| len < m) || c.max_length.is_some_and(|m| len > m) {
        return Err(format!(
            "has {len} characters, {}",
            match (c.min_length, c.max_length) {
                (Some(a), Some(b)) if a == b => format!("expected {a}"),
                (Some(a), Some(b)) => format!("expected {a} to {b}"),
                (Some(a), None) => format!("expected at least {a}"),
                (None, Some(b)) => format!("expected at most {b}"),
                (None, None) => String::new(),
            }
        ));
    }
    Ok(())
}

fn check_range(n: f64, c: &Constraints) -> Result<(), String> {
    let low = c
        .minimum
        .is_some_and(|m| if c.exclusive_minimum { n <= m } else { n < m });
    let high = c
        .maximum
        .is_some_and(|m| if c.exclusive_maximum { n >= m } else { n > m });
    if low || high {
        let text = twilio_model::number_text;
        return Err(match (c.minimum, c.maximum) {
            (Some(a), Some(b)) => format!("is out of range: {} to {}", text(a), text(b)),
            (Some(a), None) => format!("is out of range: at least {}", text(a)),
            (None, Some(b)) => format!("is out of range: at most {}", text(b)),
            (None, None) => "is out of range".to_owned(),
        });
    }
    Ok(())
}

/// Form values as the JSON a field of this type holds.
pub(crate) fn to_json(values: &[&str], ty: &Type) -> Value {
    match ty {
        Type::Array(item) => Value::Array(values.iter().map(|v| one(v, item)).collect()),
        t => values.first().map_or(Value::Null, |v| one(v, t)),
    }
}

fn one(v: &str, ty: &Type) -> Value {
    match ty {
        Type::Integer | Type::Int64 => v
            .parse::<i64>()
            .map_or_else(|_| Value::String(v.to_owned()), Value::from),
        Type::Number => v
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(v.to_owned()), Value::Number),
        Type::Boolean => Value::Bool(v.eq_ignore_ascii_case("true")),
        Type::Json | Type::Object | Type::Map(_) | Type::Model(_) => {
            serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_owned()))
        }
        _ => Value::String(v.to_owned()),
    }
}

/// Writes what the request sent into the object's fields: each plain body parameter into
/// the field of its snake_case name, each dotted group into its nested object (members
/// not sent keep their value), each member of a free-form JSON body into the field of its
/// name. Returns the names of the fields set.
pub(crate) fn apply(
    model: &Model,
    op: &Operation,
    sent: &Sent,
    object: &mut Map<String, Value>,
) -> Vec<String> {
    let mut set = Vec::new();
    let Some(body) = &op.body else {
        return set;
    };
    for p in &body.params {
        if !sent.has(&p.name) {
            continue;
        }
        let name = names::snake(&p.name);
        let Some(field) = model.fields.iter().find(|f| f.name == name) else {
            continue;
        };
        let value = match sent.json.as_ref().and_then(|j| j.get(&p.name)) {
            Some(v) => v.clone(),
            None => to_json(&sent.values(&p.name), json_type(field, p)),
        };
        object.insert(field.name.clone(), value);
        set.push(field.name.clone());
    }
    for g in &body.groups {
        let Some(field) = group_field(model, g) else {
            continue;
        };
        let mut nested = match object.get(&field.name) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        if apply_group(g, sent, &mut nested) {
            object.insert(field.name.clone(), Value::Object(nested));
            set.push(field.name.clone());
        }
    }
    if body.free_form {
        if let Some(json) = &sent.json {
            for (k, v) in json {
                let name = names::snake(k);
                if let Some(field) = model.fields.iter().find(|f| f.name == *k || f.name == name) {
                    object.insert(field.name.clone(), v.clone());
                    set.push(field.name.clone());
                }
            }
        }
    }
    set
}

/// The type a sent value is stored as: the field's, unless the field is a string and the
/// parameter says more (a list, JSON).
fn json_type<'a>(field: &'a Field, p: &'a Param) -> &'a Type {
    match (&field.ty, &p.ty) {
        (Type::Json, t) | (Type::String, t @ (Type::Array(_) | Type::Json)) => t,
        (t, _) => t,
    }
}

/// The field holding a dotted group: typed as the group, else named after its prefix.
fn group_field<'m>(model: &'m Model, g: &ParamGroup) -> Option<&'m Field> {
    model
        .fields
        .iter()
        .find(|f| matches!(&f.ty, Type::Group { prefix, .. } if *prefix == g.prefix))
        .or_else(|| {
            let name = names::snake(&g.prefix);
            model.fields.iter().find(|f| f.name == name)
        })
}

/// Writes a group's members that were sent into `nested`; whether any was.
fn apply_group(g: &ParamGroup, sent: &Sent, nested: &mut Map<String, Value>) -> bool {
    let mut any = false;
    for p in &g.params {
        let values = sent.values(&p.name);
        if values.is_empty() {
            continue;
        }
        nested.insert(names::snake(g.member_key(p)), to_json(&values, &p.ty));
        any = true;
    }
    for inner in &g.groups {
        let key = names::snake(&inner.name);
        let mut m = match nested.get(&key) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        if apply_group(inner, sent, &mut m) {
            nested.insert(key, Value::Object(m));
            any = true;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_convert_to_the_fields_type() {
        assert_eq!(to_json(&["3"], &Type::Integer), Value::from(3));
        assert_eq!(to_json(&["True"], &Type::Boolean), Value::Bool(true));
        assert_eq!(to_json(&["x"], &Type::Integer), Value::from("x"));
        assert_eq!(
            to_json(&["a", "b"], &Type::Array(Box::new(Type::String))),
            serde_json::json!(["a", "b"])
        );
        assert_eq!(
            to_json(&[r#"{"k": 1}"#], &Type::Json),
            serde_json::json!({"k": 1})
        );
        assert_eq!(to_json(&[], &Type::String), Value::Null);
    }

    #[test]
    fn ranges_and_lengths_are_checked() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/twilio_flex_v1.yaml");
        let text = std::fs::read_to_string(path).expect("the FlexFlow spec");
        let api = twilio_model::read("twilio_flex_v1.yaml", &text).expect("it loads");
        let channel = Type::Enum("flex_flow_enum_channel_type".into());
        assert!(check_value(
            &api,
            &channel,
            &Constraints::default(),
            "web",
            &HashMap::new()
        )
        .is_ok());
        assert!(check_value(
            &api,
            &channel,
            &Constraints::default(),
            "fax",
            &HashMap::new()
        )
        .is_err());
        let p = HashMap::new();
        let c = Constraints {
            minimum: Some(0.0),
            maximum: Some(3.0),
            ..Constraints::default()
        };
        assert!(check_value(&api, &Type::Integer, &c, "3", &p).is_ok());
        assert_eq!(
            check_value(&api, &Type::Integer, &c, "4", &p),
            Err("is out of range: 0 to 3".to_owned())
        );
        assert_eq!(
            check_value(&api, &Type::Integer, &c, "x", &p),
            Err("is not an integer".to_owned())
        );
        let c = Constraints {
            min_length: Some(2),
            max_length: Some(2),
            ..Constraints::default()
        };
        assert!(check_value(&api, &Type::String, &c, "ab", &p).is_ok());
        assert!(check_value(&api, &Type::String, &c, "abc", &p).is_err());
        assert!(check_value(&api, &Type::Uri, &Constraints::default(), "/relative", &p).is_err());
        assert!(check_value(&api, &Type::Boolean, &Constraints::default(), "yes", &p).is_err());
    }
}
