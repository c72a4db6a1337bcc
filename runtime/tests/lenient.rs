//! Lenient reading of responses through a model written exactly as generated crates write
//! theirs (`src/models.rs`): every field optional, read with `lenient::Reader`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use twilio_runtime::{lenient, Sid};

type AccountSid = Sid<'A', 'C'>;

/// An enum that keeps unknown values, as generated enums do.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
enum Status {
    Queued,
    Other(String),
}

impl From<String> for Status {
    fn from(s: String) -> Self {
        match s.as_str() {
            "queued" => Status::Queued,
            _ => Status::Other(s),
        }
    }
}

impl From<Status> for String {
    fn from(s: Status) -> String {
        match s {
            Status::Queued => "queued".into(),
            Status::Other(s) => s,
        }
    }
}

/// A dotted group (`Integration.*`): a plain derive, all members optional.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Integration {
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<url::Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "serde_json::Map<String, serde_json::Value>")]
struct Message {
    sid: Option<AccountSid>,
    body: Option<String>,
    status: Option<Status>,
    price: Option<f64>,
    num_segments: Option<i64>,
    enabled: Option<bool>,
    date_created: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(serialize_with = "twilio_runtime::rfc2822::option::serialize")]
    date_sent: Option<chrono::DateTime<chrono::Utc>>,
    start_date: Option<chrono::NaiveDate>,
    url: Option<url::Url>,
    subresource_uris: Option<BTreeMap<String, url::Url>>,
    media: Option<Vec<Media>>,
    tags: Option<Vec<String>>,
    integration: Option<Integration>,
    #[serde(skip)]
    unmatched: lenient::Unmatched,
}

impl From<serde_json::Map<String, serde_json::Value>> for Message {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        let mut r = lenient::Reader::new(map);
        Self {
            sid: r.field("sid"),
            body: r.text("body"),
            status: r.field("status"),
            price: r.field("price"),
            num_segments: r.field("num_segments"),
            enabled: r.field("enabled"),
            date_created: r.field("date_created"),
            date_sent: r.rfc2822("date_sent"),
            start_date: r.field("start_date"),
            url: r.field("url"),
            subresource_uris: r.field("subresource_uris"),
            media: r.field("media"),
            tags: r.field("tags"),
            integration: r.field("integration"),
            unmatched: r.finish(),
        }
    }
}

/// A nested model: read the same way, with its own unmatched values.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "serde_json::Map<String, serde_json::Value>")]
struct Media {
    content_type: Option<String>,
    size: Option<i64>,
    #[serde(skip)]
    unmatched: lenient::Unmatched,
}

impl From<serde_json::Map<String, serde_json::Value>> for Media {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        let mut r = lenient::Reader::new(map);
        Self {
            content_type: r.text("content_type"),
            size: r.field("size"),
            unmatched: r.finish(),
        }
    }
}

const SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn decode(body: Value) -> Message {
    serde_json::from_value(body).expect("an object always decodes")
}

fn mismatched(m: &Message) -> Vec<&str> {
    m.unmatched
        .mismatched()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn a_response_that_fits_the_spec_is_read_whole() {
    let m = decode(json!({
        "sid": SID, "body": "hi", "status": "queued", "price": -0.0075, "num_segments": 1,
        "enabled": true, "date_created": "2016-08-01T22:10:40Z",
        "date_sent": "Mon, 01 Aug 2016 22:10:40 +0000", "start_date": "2016-08-01",
        "url": "https://api.twilio.com/2010-04-01/Messages/1.json",
        "subresource_uris": {"media": "https://api.twilio.com/2010-04-01/Media.json"},
        "media": [{"content_type": "image/png", "size": 10}], "tags": ["a"],
        "integration": {"url": "https://example.com/hook", "timeout": 30}
    }));
    assert!(m.unmatched.is_empty(), "{:?}", m.unmatched);
    assert_eq!(m.sid.as_ref().map(|s| s.as_str()), Some(SID));
    assert_eq!(m.status, Some(Status::Queued));
    assert_eq!(m.media.as_ref().map(|v| v[0].size), Some(Some(10)));
    assert_eq!(m.integration.and_then(|i| i.timeout), Some(30));
}

#[test]
fn null_and_missing_fields_are_absent() {
    let m = decode(json!({"sid": null, "status": null, "tags": null, "media": null}));
    assert_eq!((m.sid, m.status, m.tags, m.media), (None, None, None, None));
    assert_eq!((m.body, m.price, m.url), (None, None, None));
    assert!(m.unmatched.is_empty());
}

#[test]
fn empty_strings_in_typed_fields_are_absent() {
    let m = decode(json!({
        "sid": "", "url": "", "date_created": "", "date_sent": "", "start_date": "",
        "price": "", "num_segments": "", "enabled": "", "status": "", "body": ""
    }));
    assert_eq!(
        (m.sid, m.url, m.date_created, m.date_sent),
        (None, None, None, None)
    );
    assert_eq!(
        (m.start_date, m.price, m.num_segments, m.enabled),
        (None, None, None, None)
    );
    assert_eq!(m.status, None);
    // Text is text: an empty body is an empty body.
    assert_eq!(m.body.as_deref(), Some(""));
    assert!(m.unmatched.is_empty());
    // Also SIDs and enums, whose types would hold the empty text.
    assert_eq!(decode(json!({"sid": "", "status": ""})).sid, None);
    assert_eq!(decode(json!({"status": ""})).status, None);
}

#[test]
fn numbers_and_booleans_sent_as_text_are_coerced() {
    let m =
        decode(json!({"price": "-0.0075", "num_segments": "2", "enabled": "false", "body": 42}));
    assert_eq!(m.price, Some(-0.0075));
    assert_eq!(m.num_segments, Some(2));
    assert_eq!(m.enabled, Some(false));
    assert_eq!(m.body.as_deref(), Some("42"));
    assert!(m.unmatched.is_empty());
}

#[test]
fn values_that_do_not_fit_are_absent_and_kept_raw() {
    let m = decode(json!({
        "sid": 5, "url": "/2010-04-01/Messages/1.json", "num_segments": "two",
        "price": "1.5 USD", "date_created": "yesterday", "enabled": "yes",
        "tags": ["a", {"b": 1}], "media": "none", "body": {"text": "hi"}
    }));
    let c = m.clone();
    // SIDs are kept as received (checked again before they are sent), so a number is read
    // as its text; everything else that does not fit is absent.
    assert_eq!(c.sid.map(|s| s.to_string()).as_deref(), Some("5"));
    assert_eq!((c.url, c.num_segments, c.price), (None, None, None));
    assert_eq!(
        (c.date_created, c.enabled, c.tags, c.media),
        (None, None, None, None)
    );
    assert_eq!(c.body, None);
    assert_eq!(
        mismatched(&m),
        [
            "body",
            "date_created",
            "enabled",
            "media",
            "num_segments",
            "price",
            "tags",
            "url"
        ]
    );
    assert_eq!(
        m.unmatched.get("url"),
        Some(&json!("/2010-04-01/Messages/1.json"))
    );
    assert_eq!(m.unmatched.get("tags"), Some(&json!(["a", {"b": 1}])));
    assert_eq!(m.unmatched.get("price"), Some(&json!("1.5 USD")));
}

#[test]
fn relative_uris_in_a_uri_map_are_kept_raw_per_entry() {
    let m = decode(json!({"subresource_uris": {
        "media": "https://api.twilio.com/2010-04-01/Media.json",
        "notifications": "/2010-04-01/Accounts/AC1/Calls/CA1/Notifications.json"
    }}));
    let uris = m.subresource_uris.as_ref().expect("the map is read");
    assert_eq!(uris.keys().collect::<Vec<_>>(), ["media"]);
    assert_eq!(
        m.unmatched.get("subresource_uris.notifications"),
        Some(&json!(
            "/2010-04-01/Accounts/AC1/Calls/CA1/Notifications.json"
        ))
    );
}

#[test]
fn groups_and_nested_models_are_read_member_by_member() {
    let m = decode(json!({
        "integration": {"url": "not a url", "timeout": "30"},
        "media": [{"content_type": "image/png", "size": "big", "extra": 1}]
    }));
    assert_eq!(m.integration.as_ref().and_then(|i| i.timeout), Some(30));
    assert_eq!(m.integration.as_ref().and_then(|i| i.url.clone()), None);
    assert_eq!(
        m.unmatched.get("integration.url"),
        Some(&json!("not a url"))
    );
    let media = &m.media.as_ref().expect("the list is read")[0];
    assert_eq!(media.content_type.as_deref(), Some("image/png"));
    assert_eq!(media.size, None);
    assert_eq!(media.unmatched.get("size"), Some(&json!("big")));
    assert_eq!(media.unmatched.unknown().get("extra"), Some(&json!(1)));
}

#[test]
fn keys_the_spec_does_not_list_are_kept_as_unknown() {
    let m = decode(json!({"body": "hi", "new_field": {"a": 1}}));
    assert!(m.unmatched.mismatched().is_empty());
    assert_eq!(
        m.unmatched.unknown().get("new_field"),
        Some(&json!({"a": 1}))
    );
}

#[test]
fn only_objects_decode_and_the_serialized_form_is_the_fields() {
    assert!(serde_json::from_value::<Message>(json!("text")).is_err());
    let m = decode(json!({"body": "hi", "price": "0.5", "url": "/relative"}));
    let Value::Object(out) = serde_json::to_value(&m).expect("serializes") else {
        panic!("an object")
    };
    assert_eq!(out["body"], json!("hi"));
    assert_eq!(out["price"], json!(0.5));
    assert_eq!(out["url"], Value::Null);
    assert!(!out.contains_key("unmatched"));
    let _: Map<String, Value> = out;
}

#[test]
fn the_runtime_decodes_pages_leniently_too() {
    #[derive(serde::Deserialize)]
    struct Page {
        messages: Vec<Message>,
    }
    let page: Page = serde_json::from_value(json!({"messages": [
        {"price": "0.01"}, {"price": null}, {"price": "free"}
    ]}))
    .expect("decodes");
    let prices: Vec<_> = page.messages.iter().map(|m| m.price).collect();
    assert_eq!(prices, [Some(0.01), None, None]);
    assert_eq!(
        page.messages[2].unmatched.get("price"),
        Some(&json!("free"))
    );
}
