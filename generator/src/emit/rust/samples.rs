//! Example values of model types, as Rust expressions (for examples and generated tests),
//! as the wire pairs they encode to, and as JSON (for mocked responses).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::json;

use super::enums::variants;
use super::names::{ident, RustNames};
use super::ty::id;
use crate::model::{Api, Constraints, Model, Param, ParamGroup, Type};

/// An example request value.
pub struct Sample {
    /// Rust expression of the setter argument.
    pub expr: TokenStream,
    /// `(key, value)` pairs it encodes to, with keys relative to the parameter (`""` for
    /// the parameter itself, `.Url` for a group member).
    pub pairs: Vec<(String, String)>,
    /// The value as JSON (for JSON bodies).
    pub json: serde_json::Value,
}

/// A JSON value as a readable raw string literal (pretty-printed).
pub fn json_literal(v: &serde_json::Value) -> TokenStream {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_default()
}

/// Example SID for a prefix: the prefix and 32 `a`s (valid for every SID pattern).
pub fn sid_value(prefix: &str) -> String {
    format!("{prefix}{}", "a".repeat(32))
}

fn string_value(c: &Constraints) -> Option<String> {
    if c.pattern.is_some() {
        return None;
    }
    let mut s = String::from("example");
    if let Some(min) = c.min_length {
        while (s.chars().count() as u64) < min {
            s.push('x');
        }
    }
    if let Some(max) = c.max_length {
        s = s.chars().take(max as usize).collect();
    }
    if c.min_length.is_some_and(|m| (s.chars().count() as u64) < m) {
        return None;
    }
    Some(s)
}

fn int_value(c: &Constraints) -> i64 {
    let mut v = 1.0f64;
    if let Some(min) = c.minimum {
        if v < min || (c.exclusive_minimum && v <= min) {
            v = if c.exclusive_minimum {
                min.floor() + 1.0
            } else {
                min.ceil()
            };
        }
    }
    if let Some(max) = c.maximum {
        if v > max || (c.exclusive_maximum && v >= max) {
            v = if c.exclusive_maximum {
                max.ceil() - 1.0
            } else {
                max.floor()
            };
        }
    }
    v as i64
}

/// 1.5, or the middle of the spec's range when 1.5 is outside it.
fn number_value(c: &Constraints) -> f64 {
    let inside = |v: f64| {
        let above = c
            .minimum
            .is_none_or(|m| if c.exclusive_minimum { v > m } else { v >= m });
        let below = c
            .maximum
            .is_none_or(|m| if c.exclusive_maximum { v < m } else { v <= m });
        above && below
    };
    match (c.minimum, c.maximum) {
        _ if inside(1.5) => 1.5,
        (Some(lo), Some(hi)) => (lo + hi) / 2.0,
        (Some(lo), None) => lo + 1.5,
        (None, Some(hi)) => hi - 1.5,
        (None, None) => 1.5,
    }
}

/// An example value of a parameter type, or `None` when one cannot be made (a pattern the
/// generator cannot satisfy).
pub fn sample(api: &Api, names: &RustNames, t: &Type, c: &Constraints) -> Option<Sample> {
    let one = |expr: TokenStream, wire: String, json: serde_json::Value| Sample {
        expr,
        pairs: vec![(String::new(), wire)],
        json,
    };
    Some(match t {
        Type::String | Type::PhoneNumber | Type::Currency | Type::DateTimeRfc2822 => {
            let s = match t {
                Type::PhoneNumber => "+14155550100".to_owned(),
                Type::Currency => "1.50".to_owned(),
                Type::DateTimeRfc2822 => "Mon, 15 Aug 2016 22:10:40 +0000".to_owned(),
                _ => string_value(c)?,
            };
            one(quote!(#s), s.clone(), json!(s))
        }
        Type::Integer | Type::Int64 => {
            let v = int_value(c);
            let lit = proc_macro2::Literal::i64_unsuffixed(v);
            one(quote!(#lit), v.to_string(), json!(v))
        }
        Type::Number => {
            let v = number_value(c);
            let lit = proc_macro2::Literal::f64_unsuffixed(v);
            one(quote!(#lit), v.to_string(), json!(v))
        }
        Type::Boolean => one(quote!(true), "true".to_owned(), json!(true)),
        Type::DateTime => one(
            quote!(chrono::DateTime::from_timestamp(1_470_089_440, 0).unwrap_or_default()),
            "2016-08-01T22:10:40Z".to_owned(),
            json!("2016-08-01T22:10:40Z"),
        ),
        Type::Date => one(
            quote!(chrono::NaiveDate::from_ymd_opt(2016, 8, 1).unwrap_or_default()),
            "2016-08-01".to_owned(),
            json!("2016-08-01"),
        ),
        Type::Uri => one(
            quote!(url::Url::parse("https://example.com/hook")?),
            "https://example.com/hook".to_owned(),
            json!("https://example.com/hook"),
        ),
        Type::Sid(prefix) => {
            let ty = id(names.sids.get(prefix)?);
            let v = sid_value(prefix);
            one(quote!(#ty::parse(#v)?), v.clone(), json!(v))
        }
        Type::Enum(e) => {
            let ty = id(names.enums.get(e)?);
            let en = api.enums.iter().find(|x| &x.name == e)?;
            let (value, variant) = variants(en).into_iter().next()?;
            let variant = id(&variant);
            one(quote!(#ty::#variant), value.clone(), json!(value))
        }
        Type::Array(inner) => {
            let s = sample(api, names, inner, &Constraints::default())?;
            let expr = s.expr;
            Sample {
                expr: quote!(vec![#expr]),
                pairs: s.pairs,
                json: json!([s.json]),
            }
        }
        Type::Json | Type::Model(_) => one(
            quote!(serde_json::json!({"key": "value"})),
            r#"{"key":"value"}"#.to_owned(),
            json!({"key": "value"}),
        ),
        Type::Object => one(quote!(serde_json::Map::new()), "{}".to_owned(), json!({})),
        Type::Map(_) => one(
            quote!(std::collections::BTreeMap::new()),
            "{}".to_owned(),
            json!({}),
        ),
        Type::Group { .. } => return None,
    })
}

/// An example of a group with every member set (members of `accepted` only, when given).
pub fn group_sample(
    api: &Api,
    names: &RustNames,
    resource: &str,
    g: &ParamGroup,
) -> Option<Sample> {
    let ty = id(names.groups.get(&(resource.to_owned(), g.prefix.clone()))?);
    let mut expr = quote!(#ty::new());
    let mut pairs = Vec::new();
    let mut scope = super::names::Scope::with(&["new"]);
    // The group's struct is shared by the resource's operations: its members have the types
    // of the resource's merged group, which another operation may have set.
    let merged = api
        .resources
        .iter()
        .find(|r| r.name == resource)
        .and_then(|r| {
            ParamGroup::depth_first(&r.groups)
                .into_iter()
                .find(|m| m.prefix == g.prefix)
        });
    for p in &g.params {
        let key = g.member_key(p);
        let setter = id(&scope.claim(&[ident(key)]));
        let member = merged
            .and_then(|m| m.params.iter().find(|q| q.name == p.name))
            .unwrap_or(p);
        let s = sample(api, names, &member.ty, &member.constraints)?;
        let e = s.expr;
        expr = quote!(#expr.#setter(#e));
        pairs.extend(s.pairs.into_iter().map(|(k, v)| (format!(".{key}{k}"), v)));
    }
    for sub in &g.groups {
        let setter = id(&scope.claim(&[ident(&sub.name)]));
        let s = group_sample(api, names, resource, sub)?;
        let e = s.expr;
        match sub.indexed {
            Some((lo, _)) => {
                expr = quote!(#expr.#setter(vec![#e]));
                pairs.extend(
                    s.pairs
                        .into_iter()
                        .map(|(k, v)| (format!(".{}{lo}{k}", sub.name), v)),
                );
            }
            None => {
                expr = quote!(#expr.#setter(#e));
                pairs.extend(
                    s.pairs
                        .into_iter()
                        .map(|(k, v)| (format!(".{}{k}", sub.name), v)),
                );
            }
        }
    }
    Some(Sample {
        expr,
        pairs,
        json: serde_json::Value::Null,
    })
}

/// Example value of a parameter.
pub fn param_sample(api: &Api, names: &RustNames, p: &Param) -> Option<Sample> {
    sample(api, names, &super::ty::request_type(&p.ty), &p.constraints)
}

/// Example JSON of a response type (for mocks). `depth` stops recursion through models.
pub fn response_json(api: &Api, t: &Type, depth: usize) -> serde_json::Value {
    match t {
        Type::String | Type::PhoneNumber => json!("example"),
        Type::Currency => json!("1.50"),
        Type::Integer | Type::Int64 => json!(1),
        Type::Number => json!(1.5),
        Type::Boolean => json!(true),
        Type::DateTime => json!("2016-08-01T22:10:40Z"),
        Type::DateTimeRfc2822 => json!("Mon, 15 Aug 2016 22:10:40 +0000"),
        Type::Date => json!("2016-08-01"),
        Type::Uri => json!("https://example.com/resource"),
        Type::Sid(p) => json!(sid_value(p)),
        Type::Enum(e) => api
            .enums
            .iter()
            .find(|x| &x.name == e)
            .and_then(|x| x.values.first())
            .map(|v| json!(v))
            .unwrap_or(json!("value")),
        Type::Model(m) => match api.models.iter().find(|x| &x.name == m) {
            Some(model) if depth < 4 => model_json(api, model, depth + 1),
            _ => json!({}),
        },
        Type::Group { resource, prefix } => {
            let g = api
                .resources
                .iter()
                .find(|r| &r.name == resource)
                .and_then(|r| find_group(&r.groups, prefix));
            match g {
                Some(g) => group_json(api, g, depth),
                None => json!({}),
            }
        }
        Type::Array(inner) => json!([response_json(api, inner, depth)]),
        Type::Map(inner) => json!({ "key": response_json(api, inner, depth) }),
        Type::Object | Type::Json => json!({ "key": "value" }),
    }
}

fn find_group<'a>(groups: &'a [ParamGroup], prefix: &str) -> Option<&'a ParamGroup> {
    for g in groups {
        if g.prefix == prefix {
            return Some(g);
        }
        if let Some(found) = find_group(&g.groups, prefix) {
            return Some(found);
        }
    }
    None
}

fn group_json(api: &Api, g: &ParamGroup, depth: usize) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for p in &g.params {
        map.insert(
            crate::model::names::snake(g.member_key(p)),
            response_json(api, &p.ty, depth),
        );
    }
    for sub in &g.groups {
        let v = group_json(api, sub, depth);
        let v = if sub.indexed.is_some() { json!([v]) } else { v };
        map.insert(crate::model::names::snake(&sub.name), v);
    }
    serde_json::Value::Object(map)
}

/// Example JSON of a model with every field set.
pub fn model_json(api: &Api, m: &Model, depth: usize) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for f in &m.fields {
        map.insert(f.name.clone(), response_json(api, &f.ty, depth));
    }
    serde_json::Value::Object(map)
}
