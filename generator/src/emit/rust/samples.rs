//! Example values of model types, as Rust expressions (for examples and generated tests),
//! as the wire pairs they encode to, and as JSON (for mocked responses).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::json;

use super::enums::variants;
use crate::model::{Api, Constraints, Model, Param, ParamGroup, Type};
use crate::views::rust::names::{ident, RustNames};
use crate::views::rust::types::id;

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

/// A JSON value as a readable raw string literal (pretty-printed): `r#"..."#`, with as many
/// `#` as the JSON needs.
pub fn json_literal_text(v: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// Example SID for a prefix: the prefix and 32 `a`s (valid for every SID pattern).
pub fn sid_value(prefix: &str) -> String {
    format!("{prefix}{}", "a".repeat(32))
}

fn string_value(c: &Constraints) -> Option<String> {
    if let Some(pattern) = &c.pattern {
        return pattern_value(pattern).filter(|s| {
            let n = s.chars().count() as u64;
            c.min_length.is_none_or(|m| n >= m) && c.max_length.is_none_or(|m| n <= m)
        });
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

/// A short string matching `pattern`, for the patterns specs write: literals, `(a|b)`
/// alternatives (the first is taken), `[...]` classes, `.`, escapes, and `{n}`, `{n,m}`,
/// `+`, `*`, `?` repeats (the fewest allowed). `None` beyond that, or when the result does
/// not match.
pub fn pattern_value(pattern: &str) -> Option<String> {
    let re = regex::Regex::new(pattern).ok()?;
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let out = alternation(&chars, &mut i)?;
    (i == chars.len() && re.is_match(&out)).then_some(out)
}

/// The first alternative of `a|b|...` up to an unmatched `)` or the end; skips the others.
fn alternation(chars: &[char], i: &mut usize) -> Option<String> {
    let first = sequence(chars, i)?;
    while chars.get(*i) == Some(&'|') {
        *i += 1;
        sequence(chars, i)?;
    }
    Some(first)
}

fn sequence(chars: &[char], i: &mut usize) -> Option<String> {
    let mut out = String::new();
    while let Some(&c) = chars.get(*i) {
        let atom = match c {
            '|' | ')' => break,
            '^' | '$' => {
                *i += 1;
                continue;
            }
            '(' => {
                *i += 1;
                if chars.get(*i) == Some(&'?') {
                    return None;
                }
                let inner = alternation(chars, i)?;
                if chars.get(*i) != Some(&')') {
                    return None;
                }
                *i += 1;
                inner
            }
            '[' => {
                *i += 1;
                if chars.get(*i) == Some(&'^') {
                    return None;
                }
                let first = match chars.get(*i)? {
                    '\\' => {
                        *i += 1;
                        escape(*chars.get(*i)?)
                    }
                    c => *c,
                };
                while chars.get(*i)? != &']' {
                    *i += 1;
                }
                *i += 1;
                first.to_string()
            }
            '\\' => {
                *i += 1;
                let e = escape(*chars.get(*i)?);
                *i += 1;
                e.to_string()
            }
            '.' => {
                *i += 1;
                "a".to_owned()
            }
            '*' | '+' | '?' | '{' => return None,
            c => {
                *i += 1;
                c.to_string()
            }
        };
        let times = match chars.get(*i) {
            Some('*') | Some('?') => {
                *i += 1;
                0
            }
            Some('+') => {
                *i += 1;
                1
            }
            Some('{') => {
                let close = chars[*i..].iter().position(|&c| c == '}')? + *i;
                let body: String = chars[*i + 1..close].iter().collect();
                *i = close + 1;
                body.split(',').next()?.trim().parse().ok()?
            }
            _ => 1,
        };
        out.push_str(&atom.repeat(times));
    }
    Some(out)
}

/// A character an escape such as `\d` or `\.` stands for.
fn escape(c: char) -> char {
    match c {
        'd' => '0',
        'w' => 'a',
        's' => ' ',
        c => c,
    }
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
        Type::Json | Type::Model(_) | Type::Union(_) => one(
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
    let mut scope = crate::views::rust::names::Scope::with(&["new"]);
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
    sample(
        api,
        names,
        &crate::views::rust::types::request_type(&p.ty),
        &p.constraints,
    )
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
        // The first alternative, with its tag.
        Type::Union(u) => {
            let union = api.unions.iter().find(|x| &x.name == u);
            let first = union.and_then(|x| Some((x, x.variants.first()?)));
            match first {
                Some((union, v)) if depth < 4 => {
                    let mut value = response_json(api, &Type::Model(v.model.clone()), depth);
                    if let Some(object) = value.as_object_mut() {
                        object.insert(union.discriminator.clone(), json!(v.tag));
                    }
                    value
                }
                _ => json!({}),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::pattern_value;

    #[test]
    fn patterns_of_the_specs_get_matching_samples() {
        let cases = [
            (
                "^(SM|MM)[0-9a-fA-F]{32}$",
                "SM00000000000000000000000000000000",
            ),
            ("^aia_asst_.+$", "aia_asst_a"),
            ("^[A-Z0-9]+$", "A"),
            (
                "^BU[0-9a-fA-F]{32}(,BU[0-9a-fA-F]{32}){0,19}$",
                "BU00000000000000000000000000000000",
            ),
            ("^(STOP|START|HELP)\\.(ALL|ZULU)$", "STOP.ALL"),
            ("^\\d{3}-x?$", "000-"),
        ];
        for (pattern, want) in cases {
            assert_eq!(pattern_value(pattern).as_deref(), Some(want), "{pattern}");
        }
    }

    #[test]
    fn patterns_beyond_the_simple_forms_get_none() {
        for pattern in ["^[^a]+$", "(?i)abc", "a{2", "^(a$", "[", "x**"] {
            assert_eq!(pattern_value(pattern), None, "{pattern}");
        }
    }
}
