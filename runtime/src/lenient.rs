//! Tolerant, lossless reading of response objects.
//!
//! Twilio's servers send values their specs do not promise: `null` in fields the spec
//! does not mark nullable, missing required fields, `""` in URI, date, SID, enum and number
//! fields, numbers and booleans as strings (`"price": "-0.0075"`), relative URIs where the
//! spec says `uri`. A generated model reads each field of the response object with
//! [`field`], so one odd value never fails the whole response:
//!
//! - `null` or a missing key reads as absent (`None`), and so does `""` except in text
//!   fields (read with [`Reader::text`]: an empty name is a name);
//! - a value that fits the field's type is read as it is;
//! - else a string holding exactly a number or a boolean is read as that number or boolean,
//!   a whole number written with a fraction (`5.0`) as that integer, and a number or
//!   boolean as its text, when that fits;
//! - else the field is absent and its raw value is kept in the model's [`Unmatched`].
//!
//! Inside nested values the same rules apply member by member: a map (`subresource_uris`)
//! or a nested struct (a dotted group such as `integration`) loses only the members that do
//! not fit, and those are kept in [`Unmatched`] under a dotted key (`integration.url`).
//! An array that holds an item that does not fit is kept whole in [`Unmatched`].
//! Keys the spec does not list are kept too ([`Unmatched::unknown`]).
//!
//! A model, as a generated crate writes it:
//!
//! ```
//! use twilio_runtime::lenient::{self, Unmatched};
//! use twilio_runtime::serde_json::{self, Map, Value};
//!
//! #[derive(Debug, serde::Serialize, serde::Deserialize)]
//! #[serde(from = "Map<String, Value>")]
//! pub struct Price {
//!     pub price: Option<f64>,
//!     pub url: Option<url::Url>,
//!     #[serde(skip)]
//!     unmatched: Unmatched,
//! }
//!
//! impl From<Map<String, Value>> for Price {
//!     fn from(map: Map<String, Value>) -> Self {
//!         let mut r = lenient::Reader::new(map);
//!         Self {
//!             price: r.field("price"),
//!             url: r.field("url"),
//!             unmatched: r.finish(),
//!         }
//!     }
//! }
//!
//! let price: Price = serde_json::from_str(r#"{"price": "-0.0075", "url": "/2010-04-01/Prices"}"#)?;
//! assert_eq!(price.price, Some(-0.0075));
//! assert_eq!(price.url, None);
//! assert_eq!(price.unmatched.get("url"), Some(&Value::from("/2010-04-01/Prices")));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Number, Value};

/// The values of a response object that its model could not hold, with their raw JSON:
/// fields whose value did not fit the spec's type ([`mismatched`](Self::mismatched)) and
/// keys the spec does not list ([`unknown`](Self::unknown)).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unmatched {
    mismatched: BTreeMap<String, Value>,
    unknown: BTreeMap<String, Value>,
}

impl Unmatched {
    /// Fields the spec lists whose value did not fit its type, by key; members of nested
    /// values by dotted key (`integration.url`, `subresource_uris.calls`).
    pub fn mismatched(&self) -> &BTreeMap<String, Value> {
        &self.mismatched
    }

    /// Keys the spec does not list, with their values.
    pub fn unknown(&self) -> &BTreeMap<String, Value> {
        &self.unknown
    }

    /// The raw value kept for a key, mismatched or unknown.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.mismatched.get(key).or_else(|| self.unknown.get(key))
    }

    /// Whether every value was read into the model.
    pub fn is_empty(&self) -> bool {
        self.mismatched.is_empty() && self.unknown.is_empty()
    }

    /// Records a value that did not fit.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        self.mismatched.insert(key.into(), value);
    }

    /// Keeps the keys left in `rest` (those the model did not take) as unknown.
    pub fn with_unknown(mut self, rest: Map<String, Value>) -> Self {
        self.unknown.extend(rest);
        self
    }
}

/// Reads the fields of one JSON object, collecting what does not fit.
#[derive(Debug)]
pub struct Reader {
    map: Map<String, Value>,
    unmatched: Unmatched,
}

impl Reader {
    /// Starts reading an object.
    pub fn new(map: Map<String, Value>) -> Self {
        Reader {
            map,
            unmatched: Unmatched::default(),
        }
    }

    /// Takes the field `key` ([`field`]): `null` and `""` are absent.
    pub fn field<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        field(&mut self.map, key, &mut self.unmatched)
    }

    /// Takes the text (or any-JSON) field `key` ([`text`]): `""` is kept.
    pub fn text<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        text(&mut self.map, key, &mut self.unmatched)
    }

    /// Takes the RFC 2822 date-time field `key` ([`rfc2822`]).
    pub fn rfc2822(&mut self, key: &str) -> Option<DateTime<Utc>> {
        rfc2822(&mut self.map, key, &mut self.unmatched)
    }

    /// What did not fit, and the keys not taken (unknown to the spec).
    pub fn finish(self) -> Unmatched {
        self.unmatched.with_unknown(self.map)
    }
}

/// Takes `key` out of `map` and reads it as a `T` by the rules of this module (`null` and
/// `""` are absent); a value that does not fit is recorded in `unmatched`.
pub fn field<T: DeserializeOwned>(
    map: &mut Map<String, Value>,
    key: &str,
    unmatched: &mut Unmatched,
) -> Option<T> {
    match map.remove(key)? {
        Value::String(s) if s.is_empty() => None,
        value => read(value, key, unmatched),
    }
}

/// [`field`] for text: `""` is read as the empty text (when it fits `T`).
pub fn text<T: DeserializeOwned>(
    map: &mut Map<String, Value>,
    key: &str,
    unmatched: &mut Unmatched,
) -> Option<T> {
    read(map.remove(key)?, key, unmatched)
}

/// [`field`] for an RFC 2822 date-time (`Mon, 15 Aug 2016 22:10:40 +0000`).
pub fn rfc2822(
    map: &mut Map<String, Value>,
    key: &str,
    unmatched: &mut Unmatched,
) -> Option<DateTime<Utc>> {
    struct Rfc2822(DateTime<Utc>);
    impl<'de> Deserialize<'de> for Rfc2822 {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            crate::rfc2822::deserialize(d).map(Rfc2822)
        }
    }
    field::<Rfc2822>(map, key, unmatched).map(|d| d.0)
}

/// Reads `value` as a `T`, repairing what does not fit: coercing, or dropping (and
/// recording) the innermost member that fails, until it fits or nothing is left to repair.
fn read<T: DeserializeOwned>(original: Value, key: &str, unmatched: &mut Unmatched) -> Option<T> {
    if original.is_null() {
        return None;
    }
    if let Ok(v) = T::deserialize(&original) {
        return Some(v);
    }
    let mut value = original.clone();
    let mut dropped: Vec<(String, Value)> = Vec::new();
    // Per path: the coercions of its raw value, and how many were tried.
    let mut coerced: Vec<(Vec<String>, Vec<Value>, usize)> = Vec::new();
    loop {
        let path = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(v) => {
                for (k, v) in dropped {
                    unmatched.insert(k, v);
                }
                return Some(v);
            }
            Err(e) => members(e.path()),
        };
        let Some(at) = locate(&mut value, &path) else {
            break;
        };
        let candidate = match coerced.iter_mut().find(|(p, _, _)| *p == path) {
            Some((_, candidates, tried)) => {
                *tried += 1;
                candidates.get(*tried - 1).cloned()
            }
            None => {
                let candidates = coercions(at);
                let first = candidates.first().cloned();
                coerced.push((path.clone(), candidates, 1));
                first
            }
        };
        if let Some(c) = candidate {
            *at = c;
            continue;
        }
        // Drop the failing value: a member of an object can go; the whole value, or an
        // item of an array, cannot.
        let Some((last, parent)) = path.split_last() else {
            break;
        };
        match locate(&mut value, parent) {
            Some(Value::Object(members)) => {
                members.remove(last);
                // Keys are only ever removed, so the path still leads to the raw value.
                let raw = path.iter().try_fold(&original, |at, k| match at {
                    Value::Object(m) => m.get(k),
                    _ => None,
                });
                if let Some(raw) = raw.filter(|raw| !is_blank(raw)) {
                    dropped.push((format!("{key}.{}", path.join(".")), raw.clone()));
                }
            }
            _ => break,
        }
    }
    if !is_blank(&original) {
        unmatched.insert(key, original);
    }
    None
}

/// The object keys of a serde path, up to its first array index or enum variant (the
/// innermost object member that can be dropped or coerced).
fn members(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    let mut keys = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => keys.push(key.clone()),
            // Seq items cannot be dropped; a seq path stops at the array itself.
            Segment::Seq { index } => {
                keys.push(index.to_string());
                break;
            }
            Segment::Enum { .. } | Segment::Unknown => break,
        }
    }
    keys
}

fn locate<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    let mut at = value;
    for key in path {
        at = match at {
            Value::Object(m) => m.get_mut(key)?,
            Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// The other reading of a value that did not fit: `null` for `""` (absent), the number or
/// boolean a string holds exactly, the text of a number or boolean.
fn coercions(value: &Value) -> Vec<Value> {
    match value {
        Value::String(s) if s.is_empty() => vec![Value::Null],
        Value::String(s) => number(s)
            .map(Value::Number)
            .or(match s.as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            })
            .into_iter()
            .collect(),
        Value::Number(n) => {
            // A whole number written with a fraction (`5.0`) is that integer, then text.
            let whole = n
                .as_f64()
                .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| Value::from(f as i64));
            whole
                .into_iter()
                .chain([Value::String(n.to_string())])
                .collect()
        }
        Value::Bool(b) => vec![Value::String(b.to_string())],
        _ => vec![],
    }
}

/// The number `text` is exactly: JSON number syntax, nothing around it.
fn number(text: &str) -> Option<Number> {
    let n: Number = serde_json::from_str(text).ok()?;
    // `from_str` skips surrounding whitespace; "exactly" does not.
    (text.trim() == text).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_one<T: DeserializeOwned>(value: Value) -> (Option<T>, Unmatched) {
        let mut map = Map::new();
        map.insert("k".into(), value);
        let mut unmatched = Unmatched::default();
        let v = text(&mut map, "k", &mut unmatched);
        assert!(map.is_empty(), "the key is taken");
        (v, unmatched)
    }

    #[test]
    fn values_that_fit_are_read_as_they_are() {
        assert_eq!(read_one::<i64>(json!(5)).0, Some(5));
        assert_eq!(read_one::<String>(json!("")).0, Some(String::new()));
        assert_eq!(read_one::<bool>(json!(false)).0, Some(false));
    }

    #[test]
    fn null_missing_and_blank_are_absent_and_not_recorded() {
        let (v, u) = read_one::<url::Url>(json!(null));
        assert!(v.is_none() && u.is_empty());
        let (v, u) = read_one::<url::Url>(json!(""));
        assert!(v.is_none() && u.is_empty());
        let (v, u) = read_one::<f64>(json!(""));
        assert!(v.is_none() && u.is_empty());
        // `field` treats `""` as absent even where it would fit (SIDs, enums).
        let mut map = Map::new();
        map.insert("k".into(), json!(""));
        let mut u = Unmatched::default();
        assert_eq!(field::<String>(&mut map, "k", &mut u), None);
        let (v, u) = read_one::<Vec<i64>>(json!(null));
        assert!(v.is_none() && u.is_empty());
        let mut u = Unmatched::default();
        assert_eq!(field::<i64>(&mut Map::new(), "k", &mut u), None);
        assert!(u.is_empty());
    }

    #[test]
    fn strings_holding_exactly_a_number_or_boolean_are_coerced() {
        assert_eq!(read_one::<f64>(json!("-0.0075")).0, Some(-0.0075));
        assert_eq!(read_one::<i64>(json!("42")).0, Some(42));
        assert_eq!(read_one::<bool>(json!("true")).0, Some(true));
        for text in [" 42", "42 ", "4 2", "0x2a", "42abc", "NaN", "inf"] {
            let (v, u) = read_one::<i64>(json!(text));
            assert_eq!(v, None, "{text:?}");
            assert_eq!(u.get("k"), Some(&json!(text)));
        }
        // An integer field does not take a fraction.
        assert_eq!(read_one::<i64>(json!("1.5")).0, None);
    }

    #[test]
    fn numbers_and_booleans_are_read_as_text_where_text_is_expected() {
        assert_eq!(read_one::<String>(json!(0.5)).0.as_deref(), Some("0.5"));
        assert_eq!(read_one::<String>(json!(true)).0.as_deref(), Some("true"));
        assert_eq!(read_one::<String>(json!(5.0)).0.as_deref(), Some("5.0"));
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_are_integers() {
        assert_eq!(read_one::<i64>(json!(5.0)).0, Some(5));
        assert_eq!(read_one::<Vec<i64>>(json!([1, 2.0])).0, Some(vec![1, 2]));
        assert_eq!(
            read_one::<BTreeMap<String, i64>>(json!({"a": 3.0}))
                .0
                .map(|m| m["a"]),
            Some(3)
        );
        let (v, u) = read_one::<i64>(json!(5.5));
        assert_eq!(v, None);
        assert_eq!(u.get("k"), Some(&json!(5.5)));
    }

    #[test]
    fn a_value_that_does_not_fit_is_absent_and_kept_raw() {
        let (v, u) = read_one::<url::Url>(json!("/2010-04-01/Accounts.json"));
        assert_eq!(v, None);
        assert_eq!(
            u.mismatched().get("k"),
            Some(&json!("/2010-04-01/Accounts.json"))
        );
        let (v, u) = read_one::<i64>(json!({"a": 1}));
        assert_eq!(v, None);
        assert_eq!(u.get("k"), Some(&json!({"a": 1})));
    }

    #[test]
    fn maps_lose_only_the_entries_that_do_not_fit() {
        let (v, u) = read_one::<BTreeMap<String, url::Url>>(json!({
            "calls": "https://api.twilio.com/2010-04-01/Calls.json",
            "notifications": "/2010-04-01/Notifications.json",
            "empty": "",
            "count": "12",
        }));
        let v = v.expect("the map is read");
        assert_eq!(v.keys().collect::<Vec<_>>(), ["calls"]);
        assert_eq!(
            u.mismatched().keys().collect::<Vec<_>>(),
            ["k.count", "k.notifications"]
        );
        assert_eq!(u.get("k.count"), Some(&json!("12")));
    }

    #[test]
    fn an_empty_sid_in_a_nested_value_is_absent() {
        #[derive(Debug, Default, PartialEq, Deserialize)]
        #[serde(default)]
        struct Group {
            flow_sid: Option<crate::Sid<'F', 'W'>>,
            retry_count: Option<i64>,
        }
        let (v, u) = read_one::<Group>(json!({"flow_sid": "", "retry_count": 1}));
        let v = v.expect("the group is read");
        assert_eq!(v.flow_sid, None);
        assert_eq!(v.retry_count, Some(1));
        assert!(u.is_empty(), "a blank value is absent by rule: {u:?}");
    }

    #[test]
    fn nested_structs_are_coerced_and_repaired_member_by_member() {
        #[derive(Debug, Default, PartialEq, Deserialize)]
        #[serde(default)]
        struct Group {
            url: Option<url::Url>,
            timeout: Option<i64>,
            retry: Option<bool>,
        }
        let (v, u) = read_one::<Group>(json!({"url": "nope", "timeout": "30", "retry": ""}));
        assert_eq!(
            v,
            Some(Group {
                url: None,
                timeout: Some(30),
                retry: None
            })
        );
        assert_eq!(u.mismatched().len(), 1);
        assert_eq!(u.get("k.url"), Some(&json!("nope")));
    }

    #[test]
    fn arrays_are_coerced_per_item_or_kept_whole() {
        assert_eq!(read_one::<Vec<i64>>(json!(["1", 2])).0, Some(vec![1, 2]));
        let (v, u) = read_one::<Vec<i64>>(json!([1, "x"]));
        assert_eq!(v, None);
        assert_eq!(u.get("k"), Some(&json!([1, "x"])));
    }

    #[test]
    fn rfc2822_dates_are_read_leniently() {
        let mut map = Map::new();
        map.insert("a".into(), json!("Mon, 15 Aug 2016 22:10:40 +0000"));
        map.insert("b".into(), json!(""));
        map.insert("c".into(), json!("yesterday"));
        let mut u = Unmatched::default();
        let a = rfc2822(&mut map, "a", &mut u).map(|d| d.to_rfc3339());
        assert_eq!(a.as_deref(), Some("2016-08-15T22:10:40+00:00"));
        assert_eq!(rfc2822(&mut map, "b", &mut u), None);
        assert_eq!(rfc2822(&mut map, "c", &mut u), None);
        assert_eq!(u.mismatched().keys().collect::<Vec<_>>(), ["c"]);
    }

    #[test]
    fn a_reader_takes_fields_and_keeps_the_rest() {
        let map = json!({"a": "1", "b": "x", "c": null, "d": true});
        let Value::Object(map) = map else {
            unreachable!()
        };
        let mut r = Reader::new(map);
        assert_eq!(r.field::<i64>("a"), Some(1));
        assert_eq!(r.field::<i64>("b"), None);
        assert_eq!(r.field::<i64>("c"), None);
        assert_eq!(r.field::<i64>("missing"), None);
        let u = r.finish();
        assert_eq!(u.mismatched().keys().collect::<Vec<_>>(), ["b"]);
        assert_eq!(u.unknown().keys().collect::<Vec<_>>(), ["d"]);
    }

    #[test]
    fn keys_left_over_are_unknown() {
        let mut map = Map::new();
        map.insert("new_field".into(), json!(1));
        let u = Unmatched::default().with_unknown(map);
        assert_eq!(u.unknown().get("new_field"), Some(&json!(1)));
        assert_eq!(u.get("new_field"), Some(&json!(1)));
        assert!(u.mismatched().is_empty() && !u.is_empty());
    }
}
