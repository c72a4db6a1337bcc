//! Encoding parameters (form bodies with dotted keys, query strings, headers, JSON bodies)
//! and checking them against the spec before anything is sent.
//!
//! This is the interface generated code implements and calls: each operation's parameters
//! implement [`Params`], writing themselves into [`Parts`] with [`Encode`] and checking
//! themselves with [`Check`] and the helpers below ([`Parts::required`], [`range`],
//! [`pattern`], ...). Every error names the parameter by its wire name.

use crate::error::{Error, Result, ValidationError};

/// The encoded parts of a request, filled by [`Params::encode`].
#[derive(Debug, Default)]
pub struct Parts {
    /// Query pairs, appended to the URL.
    pub query: Vec<(String, String)>,
    /// Header pairs.
    pub headers: Vec<(String, String)>,
    /// Form body pairs (`application/x-www-form-urlencoded`).
    pub form: Vec<(String, String)>,
    /// A JSON body; when set, it is sent instead of the form pairs.
    pub json: Option<serde_json::Value>,
}

/// The parameters of one operation, as [`Request::with`](crate::Request::with) takes them.
pub trait Params {
    /// Whether the operation sends a form body, even an empty one.
    const FORM_BODY: bool = false;

    /// Writes the parameters into the request parts.
    fn encode(&self, parts: &mut Parts);

    /// Checks the parameters (and the encoded parts) against the spec.
    fn validate(&self, _parts: &Parts) -> Result<()> {
        Ok(())
    }
}

/// A value that can be written as form, query or header pairs. Generated groups of dotted
/// parameters implement it by encoding each member under `{key}.{Member}`.
pub trait Encode {
    /// Appends `key=value` pairs (arrays repeat the key; groups add `.Member` keys).
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>);
}

impl Encode for String {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.clone()));
    }
}

impl Encode for bool {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((
            key.to_owned(),
            if *self { "true" } else { "false" }.to_owned(),
        ));
    }
}

impl Encode for i64 {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.to_string()));
    }
}

impl Encode for f64 {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.to_string()));
    }
}

impl Encode for url::Url {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.as_str().to_owned()));
    }
}

impl Encode for chrono::DateTime<chrono::Utc> {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((
            key.to_owned(),
            self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ));
    }
}

impl Encode for chrono::NaiveDate {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.format("%Y-%m-%d").to_string()));
    }
}

/// Untyped JSON goes as JSON text; a JSON string goes as the string itself.
impl Encode for serde_json::Value {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        let text = match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.push((key.to_owned(), text));
    }
}

impl Encode for serde_json::Map<String, serde_json::Value> {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((
            key.to_owned(),
            serde_json::Value::Object(self.clone()).to_string(),
        ));
    }
}

/// Maps go as JSON text.
impl<T: serde::Serialize> Encode for std::collections::BTreeMap<String, T> {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        let text = serde_json::to_string(self).unwrap_or_default();
        out.push((key.to_owned(), text));
    }
}

/// Arrays repeat the key: `Key=a&Key=b`.
impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        for item in self {
            item.encode(key, out);
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            v.encode(key, out);
        }
    }
}

/// An enum of an API spec: encoded as its wire value and checked to be a value the spec
/// lists (blanket [`Encode`] and [`Check`] implementations). Generated enums keep unknown
/// values, which pass decoding but fail [`Check`] when sent.
pub trait StringEnum {
    /// The type's name, for messages.
    const NAME: &'static str;

    /// Every value the spec lists.
    const VALUES: &'static [&'static str];

    /// The wire value.
    fn as_str(&self) -> &str;
}

impl<T: StringEnum> Encode for T {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.as_str().to_owned()));
    }
}

impl<T: StringEnum> Check for T {
    fn check(&self, param: &str) -> Result<()> {
        let value = self.as_str();
        if T::VALUES.contains(&value) {
            Ok(())
        } else {
            Err(Error::invalid(
                param,
                format!(
                    "`{value}` is not a {}: expected one of {:?}",
                    T::NAME,
                    T::VALUES,
                ),
            ))
        }
    }
}

/// A value the spec constrains beyond its Rust type: SIDs match their pattern, enum
/// values are ones the spec lists, groups check their members.
pub trait Check {
    /// Checks the value, naming `param` in the error.
    fn check(&self, param: &str) -> Result<()>;
}

impl<T: Check> Check for Option<T> {
    fn check(&self, param: &str) -> Result<()> {
        self.as_ref().map_or(Ok(()), |v| v.check(param))
    }
}

impl<T: Check> Check for Vec<T> {
    fn check(&self, param: &str) -> Result<()> {
        self.iter().try_for_each(|v| v.check(param))
    }
}

impl<T: Check> Check for std::collections::BTreeMap<String, T> {
    fn check(&self, param: &str) -> Result<()> {
        self.values().try_for_each(|v| v.check(param))
    }
}

/// A string that is not one of an enum's values (what generated enums' strict parsing
/// returns).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a {type_name}: expected one of {allowed:?}")]
#[non_exhaustive]
pub struct ParseEnumError {
    /// The enum that was expected.
    pub type_name: &'static str,
    /// The rejected value.
    pub value: String,
    /// The values the spec lists.
    pub allowed: &'static [&'static str],
}

impl ParseEnumError {
    /// The error for `value`, which is not one of `E`'s values.
    pub fn new<E: StringEnum>(value: impl Into<String>) -> Self {
        ParseEnumError {
            type_name: E::NAME,
            value: value.into(),
            allowed: E::VALUES,
        }
    }
}

/// A [`Error::Validation`] whose `param` is the enum's name.
impl From<ParseEnumError> for Error {
    fn from(e: ParseEnumError) -> Self {
        Error::Validation(ValidationError {
            param: e.type_name.to_owned(),
            message: format!("`{}` is not one of {:?}", e.value, e.allowed),
        })
    }
}

impl Parts {
    /// Whether a key (or a dotted key under it: `Integration` covers `Integration.Url`) was
    /// set in the query or the form body.
    pub fn has(&self, key: &str) -> bool {
        self.form.iter().chain(&self.query).any(|(k, _)| {
            k == key
                || k.strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }

    /// The first value of a key in the form body or the query.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.form
            .iter()
            .chain(&self.query)
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Checks "`param` is required when `other` is one of `values`".
    pub fn required_when(&self, param: &str, other: &str, values: &[&str]) -> Result<()> {
        match self.get(other) {
            Some(v) if values.contains(&v) && !self.has(param) => Err(Error::invalid(
                param,
                format!("is required when `{other}` is `{v}`"),
            )),
            _ => Ok(()),
        }
    }

    /// Checks that a required parameter is present.
    pub fn required(&self, param: &str) -> Result<()> {
        if self.has(param) {
            Ok(())
        } else {
            Err(Error::invalid(param, "is required"))
        }
    }

    /// Checks that a parameter this operation does not accept was left out.
    pub fn not_accepted(&self, param: &str) -> Result<()> {
        if self.has(param) {
            Err(Error::invalid(param, "is not accepted by this operation"))
        } else {
            Ok(())
        }
    }
}

/// Numbered groups: `{prefix}{n}` for the n-th item, counting from `first`
/// (`Prefix1.Member`, `Prefix2.Member`, ... when the items are groups).
pub fn encode_indexed<T: Encode>(
    items: &[T],
    prefix: &str,
    first: u32,
    out: &mut Vec<(String, String)>,
) {
    for (i, item) in items.iter().enumerate() {
        let n = u64::from(first) + i as u64;
        item.encode(&format!("{prefix}{n}"), out);
    }
}

/// JSON object bodies: sets member `key` of the body to `value`, unless `value` is null
/// (an unset optional parameter).
pub fn json_member<T: serde::Serialize>(parts: &mut Parts, key: &str, value: &T) {
    let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    if value.is_null() {
        return;
    }
    let body = parts
        .json
        .get_or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
    if let serde_json::Value::Object(map) = body {
        map.insert(key.to_owned(), value);
    }
}

/// Checks a string's length in characters (`minLength`, `maxLength`).
pub fn length(param: &str, value: &str, min: Option<u64>, max: Option<u64>) -> Result<()> {
    let len = value.chars().count() as u64;
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        let bounds = count_bounds(min, max);
        return Err(Error::invalid(
            param,
            format!("must be {bounds} characters long, not {len}"),
        ));
    }
    Ok(())
}

/// `exactly 3`, `1 to 3`, `at least 1`, `at most 3`.
fn count_bounds(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a == b => format!("exactly {a}"),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => String::new(),
    }
}

/// Checks a number against its bounds (`minimum`, `maximum`), each inclusive unless the
/// matching member of `exclusive` (min, max) is true.
pub fn range(
    param: &str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    exclusive: (bool, bool),
) -> Result<()> {
    let below = min.is_some_and(|m| if exclusive.0 { value <= m } else { value < m });
    let above = max.is_some_and(|m| if exclusive.1 { value >= m } else { value > m });
    if below || above {
        let lo = min.map(|m| format!("{}{m}", if exclusive.0 { "> " } else { ">= " }));
        let hi = max.map(|m| format!("{}{m}", if exclusive.1 { "< " } else { "<= " }));
        let bounds: Vec<String> = lo.into_iter().chain(hi).collect();
        return Err(Error::invalid(
            param,
            format!("must be {}, not {value}", bounds.join(" and ")),
        ));
    }
    Ok(())
}

/// Checks the number of items of a list (`minItems`, `maxItems`).
pub fn items(param: &str, count: usize, min: Option<u64>, max: Option<u64>) -> Result<()> {
    let n = count as u64;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        let bounds = count_bounds(min, max);
        return Err(Error::invalid(
            param,
            format!("must have {bounds} items, not {n}"),
        ));
    }
    Ok(())
}

/// Reports whether a string matched a pattern of the spec. The caller runs the regular
/// expression (so this crate needs no regex engine) and passes whether it `matched`.
pub fn pattern(param: &str, matched: bool, pattern: &str) -> Result<()> {
    if matched {
        Ok(())
    } else {
        Err(Error::invalid(
            param,
            format!("must match the pattern `{pattern}`"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn arrays_repeat_keys_and_booleans_are_words() {
        let mut out = Vec::new();
        vec![String::from("a"), String::from("b")].encode("Key", &mut out);
        true.encode("Flag", &mut out);
        false.encode("Other", &mut out);
        assert_eq!(
            out,
            pairs(&[
                ("Key", "a"),
                ("Key", "b"),
                ("Flag", "true"),
                ("Other", "false")
            ])
        );
    }

    #[test]
    fn objects_go_as_json_text() {
        let mut out = Vec::new();
        serde_json::json!({ "a": 1 }).encode("Attributes", &mut out);
        serde_json::json!("text").encode("Plain", &mut out);
        let map: std::collections::BTreeMap<String, i64> = [("k".to_owned(), 2)].into();
        map.encode("Map", &mut out);
        assert_eq!(
            out,
            pairs(&[
                ("Attributes", "{\"a\":1}"),
                ("Plain", "text"),
                ("Map", "{\"k\":2}")
            ])
        );
    }

    #[test]
    fn scalars_dates_and_options() {
        let mut out = Vec::new();
        7i64.encode("I", &mut out);
        1.5f64.encode("F", &mut out);
        url::Url::parse("https://example.com/a")
            .expect("a URL")
            .encode("U", &mut out);
        let t = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z")
            .expect("a date")
            .to_utc();
        t.encode("T", &mut out);
        chrono::NaiveDate::from_ymd_opt(2024, 1, 2)
            .expect("a date")
            .encode("D", &mut out);
        None::<String>.encode("Missing", &mut out);
        Some(String::from("x")).encode("Present", &mut out);
        assert_eq!(
            out,
            pairs(&[
                ("I", "7"),
                ("F", "1.5"),
                ("U", "https://example.com/a"),
                ("T", "2024-01-02T03:04:05Z"),
                ("D", "2024-01-02"),
                ("Present", "x"),
            ])
        );
    }

    #[derive(Debug)]
    enum Color {
        Red,
        Other(String),
    }

    impl StringEnum for Color {
        const NAME: &'static str = "Color";
        const VALUES: &'static [&'static str] = &["red", "blue"];

        fn as_str(&self) -> &str {
            match self {
                Color::Red => "red",
                Color::Other(s) => s,
            }
        }
    }

    #[test]
    fn enums_encode_their_wire_value_and_check_it() {
        let mut out = Vec::new();
        Color::Red.encode("Color", &mut out);
        assert_eq!(out, pairs(&[("Color", "red")]));
        assert!(Color::Red.check("Color").is_ok());
        let err = Color::Other("green".into())
            .check("Paint.Color")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `Paint.Color` `green` is not a Color: expected one of [\"red\", \"blue\"]"
        );
        assert!(Some(Color::Other("green".into())).check("C").is_err());
        assert!(None::<Color>.check("C").is_ok());
        assert!(vec![Color::Red, Color::Other("x".into())]
            .check("C")
            .is_err());
        let map: std::collections::BTreeMap<String, Color> =
            [("a".to_owned(), Color::Other("x".into()))].into();
        assert!(map.check("C").is_err());
    }

    #[test]
    fn parse_enum_errors_become_validation_errors() {
        let e = ParseEnumError::new::<Color>("green");
        assert_eq!(
            e.to_string(),
            "`green` is not a Color: expected one of [\"red\", \"blue\"]"
        );
        match Error::from(e) {
            Error::Validation(v) => {
                assert_eq!(v.param, "Color");
                assert_eq!(v.message, "`green` is not one of [\"red\", \"blue\"]");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn has_covers_dotted_keys_in_the_form_and_the_query() {
        let parts = Parts {
            form: pairs(&[("Group.X", "1")]),
            query: pairs(&[("PageSize", "5")]),
            ..Parts::default()
        };
        assert!(parts.has("Group"));
        assert!(parts.has("Group.X"));
        assert!(parts.has("PageSize"));
        assert!(!parts.has("Gro"));
        assert!(!parts.has("Group.Y"));
        assert!(!parts.has("Page"));
    }

    #[test]
    fn get_finds_exact_keys_only() {
        let parts = Parts {
            form: pairs(&[("Kind", "a"), ("Kind", "b"), ("Group.X", "1")]),
            query: pairs(&[("Page", "2")]),
            ..Parts::default()
        };
        assert_eq!(parts.get("Kind"), Some("a"));
        assert_eq!(parts.get("Page"), Some("2"));
        assert_eq!(parts.get("Group"), None);
        assert_eq!(parts.get("Missing"), None);
    }

    #[test]
    fn conditions_read_encoded_pairs() {
        let parts = Parts {
            form: pairs(&[("Kind", "a"), ("Group.X", "1")]),
            ..Parts::default()
        };
        assert!(parts.required_when("Group.X", "Kind", &["a"]).is_ok());
        assert!(parts.required_when("Group.Y", "Kind", &["b"]).is_ok());
        assert!(parts.required_when("Group.Y", "Missing", &["a"]).is_ok());
        let err = parts.required_when("Group.Y", "Kind", &["a"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `Group.Y` is required when `Kind` is `a`"
        );
    }

    #[test]
    fn required_and_not_accepted() {
        let parts = Parts {
            form: pairs(&[("Group.X", "1")]),
            ..Parts::default()
        };
        assert!(parts.required("Group").is_ok());
        let err = parts.required("Name").unwrap_err();
        assert_eq!(err.to_string(), "invalid argument: `Name` is required");
        assert!(parts.not_accepted("Name").is_ok());
        let err = parts.not_accepted("Group").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `Group` is not accepted by this operation"
        );
    }

    #[test]
    fn indexed_groups_count_from_first() {
        let mut out = Vec::new();
        encode_indexed(&[String::from("a"), String::from("b")], "Item", 1, &mut out);
        encode_indexed(&[String::from("z")], "Zero", 0, &mut out);
        encode_indexed::<String>(&[], "None", 1, &mut out);
        assert_eq!(
            out,
            pairs(&[("Item1", "a"), ("Item2", "b"), ("Zero0", "z")])
        );
    }

    #[test]
    fn json_members_skip_unset_values() {
        let mut parts = Parts::default();
        json_member(&mut parts, "Missing", &None::<String>);
        assert_eq!(parts.json, None);
        json_member(&mut parts, "Name", &"x");
        json_member(&mut parts, "Count", &Some(2));
        json_member(&mut parts, "Missing", &None::<String>);
        assert_eq!(
            parts.json,
            Some(serde_json::json!({ "Name": "x", "Count": 2 }))
        );
    }

    #[test]
    fn lengths_count_characters() {
        assert!(length("S", "abc", Some(34), Some(34)).is_err());
        assert!(length("S", "h\u{e9}llo", None, Some(5)).is_ok());
        let err = length("S", "abc", Some(34), Some(34)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `S` must be exactly 34 characters long, not 3"
        );
        let err = length("S", "abcdef", None, Some(5)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `S` must be at most 5 characters long, not 6"
        );
    }

    #[test]
    fn ranges_are_inclusive() {
        assert!(range("N", 3.0, Some(0.0), Some(3.0), (false, false)).is_ok());
        assert!(range("N", 0.0, Some(0.0), Some(3.0), (false, false)).is_ok());
        let err = range("N", 4.0, Some(0.0), Some(3.0), (false, false)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `N` must be >= 0 and <= 3, not 4"
        );
        assert!(range("N", 0.0, Some(0.0), None, (true, false)).is_err());
        assert!(range("N", 3.0, None, Some(3.0), (false, true)).is_err());
    }

    #[test]
    fn item_counts_are_bounded() {
        assert!(items("L", 2, Some(1), Some(2)).is_ok());
        assert!(items("L", 0, None, None).is_ok());
        let err = items("L", 3, Some(1), Some(2)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `L` must have 1 to 2 items, not 3"
        );
        assert!(items("L", 0, Some(1), None).is_err());
    }

    #[test]
    fn patterns_report_the_callers_verdict() {
        assert!(pattern("P", true, "^a$").is_ok());
        let err = pattern("P", false, "^a$").unwrap_err();
        match err {
            Error::Validation(v) => {
                assert_eq!(v.param, "P");
                assert_eq!(v.message, "must match the pattern `^a$`");
            }
            other => panic!("{other:?}"),
        }
    }
}
