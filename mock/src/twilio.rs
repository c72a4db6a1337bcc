//! Twilio's conventions, each in one place: SIDs, the account SID, timestamps, error bodies
//! and paging. The backend and the HTTP layer ask here rather than spell them out.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use twilio_model::{PageStyle, Type};

/// The prefix of an account's SID.
pub(crate) const ACCOUNT_PREFIX: &str = "AC";

/// A SID: the prefix and 32 lower-case hexadecimal digits made of two random words.
pub(crate) fn sid(prefix: &str, high: u64, low: u64) -> String {
    format!("{prefix}{high:016x}{low:016x}")
}

/// Whether `s` is an account SID: `AC` followed by 32 lower-case hexadecimal digits.
pub(crate) fn is_account_sid(s: &str) -> bool {
    s.len() == 34
        && s.starts_with(ACCOUNT_PREFIX)
        && s[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The current time, to the second (Twilio's timestamps have no fraction).
pub(crate) fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

/// Whether a field of this type can hold a timestamp the mock writes.
pub(crate) fn is_time(ty: &Type) -> bool {
    matches!(
        ty,
        Type::DateTime | Type::DateTimeRfc2822 | Type::Date | Type::String
    )
}

/// A timestamp as the field's format writes it: RFC 2822 (API v2010's `date_created`), a
/// date, else RFC 3339 in UTC (every other API).
pub(crate) fn time_value(ty: &Type, now: DateTime<Utc>) -> Value {
    let format = match ty {
        Type::DateTimeRfc2822 => "%a, %d %b %Y %H:%M:%S +0000",
        Type::Date => "%Y-%m-%d",
        _ => "%Y-%m-%dT%H:%M:%SZ",
    };
    Value::from(now.format(format).to_string())
}

/// The `WWW-Authenticate` value of a 401.
pub(crate) const AUTH_CHALLENGE: &str = "Basic realm=\"Twilio API\"";

/// A Twilio error answer: its HTTP status, Twilio's error code and a message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: u32,
    pub(crate) message: String,
}

impl ApiError {
    /// 400 with code 20001 (invalid or missing parameter).
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        ApiError {
            status: 400,
            code: 20001,
            message: message.into(),
        }
    }

    /// 401 with code 20003: no credentials, or not accepted ones.
    pub(crate) fn unauthenticated() -> Self {
        ApiError {
            status: 401,
            code: 20003,
            message: "Authenticate".to_owned(),
        }
    }

    /// 404 with code 20404.
    pub(crate) fn not_found(path: &str) -> Self {
        ApiError {
            status: 404,
            code: 20404,
            message: format!("The requested resource {path} was not found"),
        }
    }

    /// 404 with code 20404 for a path several APIs serve, on a host that names none.
    pub(crate) fn ambiguous(path: &str, hosts: &[String]) -> Self {
        ApiError {
            status: 404,
            code: 20404,
            message: format!(
                "The requested resource {path} is served by {}: name the API in the Host header",
                and_list(hosts)
            ),
        }
    }

    /// 405 with code 20004.
    pub(crate) fn method_not_allowed(method: &str, path: &str) -> Self {
        ApiError {
            status: 405,
            code: 20004,
            message: format!("Method {method} not allowed on {path}"),
        }
    }

    /// The error of an injected fault: Twilio's codes for 429, 500 and 503, else 20000 plus
    /// the status.
    pub(crate) fn fault(status: u16) -> Self {
        let (code, message) = match status {
            429 => (20429, "Too Many Requests".to_owned()),
            500 => (20500, "An internal server error has occurred".to_owned()),
            503 => (20503, "Service Unavailable".to_owned()),
            s => (20000 + u32::from(s), format!("Injected fault: status {s}")),
        };
        ApiError {
            status,
            code,
            message,
        }
    }

    /// The Twilio error body: `code`, `message`, `more_info`, `status`.
    pub(crate) fn body(&self) -> Value {
        serde_json::json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status,
        })
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Query parameters of paging, never list filters.
pub(crate) const PAGING: [&str; 3] = ["PageSize", "Page", "PageToken"];

/// Items per page when `PageSize` is not sent, and the most a page holds.
pub(crate) const PAGE_SIZE: (usize, usize) = (50, 1000);

/// The paging a list request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRequest {
    /// `PageSize`, 1 to 1000 (50 when not sent or not a number).
    pub(crate) size: usize,
    /// `Page`, from 0.
    pub(crate) page: u64,
    /// `PageToken`, as sent.
    pub(crate) token: Option<String>,
}

impl PageRequest {
    /// From the first value sent for each of `PageSize`, `Page` and `PageToken`.
    pub(crate) fn new(size: Option<&str>, page: Option<&str>, token: Option<&str>) -> Self {
        PageRequest {
            size: size
                .and_then(|v| v.parse().ok())
                .unwrap_or(PAGE_SIZE.0)
                .clamp(1, PAGE_SIZE.1),
            page: page.and_then(|v| v.parse().ok()).unwrap_or(0),
            token: token.map(str::to_owned),
        }
    }

    /// Where the token starts the page: after (`PA<key>`) or before (`PB<key>`) an item, by
    /// the item's place in the list's order (its name, or when it was made).
    pub(crate) fn token(&self) -> Option<PageToken<'_>> {
        let t = self.token.as_deref()?;
        if let Some(id) = t.strip_prefix("PA") {
            Some(PageToken::After(id))
        } else {
            t.strip_prefix("PB").map(PageToken::Before)
        }
    }
}

/// The mock's page tokens: the page starts after or ends before the item at this place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageToken<'a> {
    After(&'a str),
    Before(&'a str),
}

impl PageToken<'_> {
    /// `PA<key>` / `PB<key>`.
    pub(crate) fn text(&self) -> String {
        match self {
            PageToken::After(id) => format!("PA{id}"),
            PageToken::Before(id) => format!("PB{id}"),
        }
    }
}

/// One page of a list answer, its links relative (path and query).
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The member holding the items (`flex_flows`, `calls`).
    pub(crate) key: String,
    pub(crate) items: Vec<Value>,
    pub(crate) page: u64,
    pub(crate) page_size: usize,
    pub(crate) this: String,
    pub(crate) first: String,
    pub(crate) next: Option<String>,
    pub(crate) previous: Option<String>,
}

/// A page's body in the API's style: `meta` with absolute `*_url`s (the newer APIs), or
/// API v2010's members beside the items, with relative `*_uri`s and `start` / `end`.
pub(crate) fn page_body(style: &PageStyle, page: Page, base: &str) -> Map<String, Value> {
    let mut body = Map::new();
    match style {
        PageStyle::Meta => {
            let abs =
                |l: Option<String>| l.map_or(Value::Null, |l| Value::from(format!("{base}{l}")));
            let mut meta = Map::new();
            meta.insert("page".into(), Value::from(page.page));
            meta.insert("page_size".into(), Value::from(page.page_size));
            meta.insert("first_page_url".into(), abs(Some(page.first)));
            meta.insert("previous_page_url".into(), abs(page.previous));
            meta.insert("url".into(), abs(Some(page.this)));
            meta.insert("next_page_url".into(), abs(page.next));
            meta.insert("key".into(), Value::from(page.key.as_str()));
            body.insert(page.key, Value::Array(page.items));
            body.insert("meta".into(), Value::Object(meta));
        }
        PageStyle::V2010 => {
            let start = page.page.saturating_mul(page.page_size as u64);
            let end = (start + page.items.len() as u64)
                .saturating_sub(1)
                .max(start);
            let rel = |l: Option<String>| l.map_or(Value::Null, Value::from);
            body.insert("first_page_uri".into(), rel(Some(page.first)));
            body.insert("end".into(), Value::from(end));
            body.insert("previous_page_uri".into(), rel(page.previous));
            body.insert(page.key, Value::Array(page.items));
            body.insert("uri".into(), rel(Some(page.this)));
            body.insert("page_size".into(), Value::from(page.page_size));
            body.insert("start".into(), Value::from(start));
            body.insert("next_page_uri".into(), rel(page.next));
            body.insert("page".into(), Value::from(page.page));
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_a_prefix_and_32_hex_digits() {
        let s = sid("FO", 1, u64::MAX);
        assert_eq!(s, "FO0000000000000001ffffffffffffffff");
        assert_eq!(s.len(), 34);
        assert!(is_account_sid(&sid(ACCOUNT_PREFIX, 7, 8)));
    }

    #[test]
    fn account_sids_are_checked() {
        assert!(is_account_sid("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assert!(!is_account_sid("ACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assert!(!is_account_sid("AC123"));
        assert!(!is_account_sid("SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assert!(!is_account_sid("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé"));
    }

    #[test]
    fn timestamps_follow_the_fields_format() {
        let t = DateTime::parse_from_rfc3339("2024-03-05T06:07:08Z")
            .expect("a time")
            .with_timezone(&Utc);
        assert_eq!(time_value(&Type::DateTime, t), "2024-03-05T06:07:08Z");
        assert_eq!(
            time_value(&Type::DateTimeRfc2822, t),
            "Tue, 05 Mar 2024 06:07:08 +0000"
        );
        assert_eq!(time_value(&Type::Date, t), "2024-03-05");
        assert_eq!(now().timestamp_subsec_nanos(), 0);
    }

    #[test]
    fn error_bodies_have_code_message_more_info_and_status() {
        let body = ApiError::not_found("/v1/X").body();
        assert_eq!(
            body,
            serde_json::json!({
                "code": 20404,
                "message": "The requested resource /v1/X was not found",
                "more_info": "https://www.twilio.com/docs/errors/20404",
                "status": 404,
            })
        );
        assert_eq!(ApiError::fault(503).code, 20503);
        assert_eq!(ApiError::fault(502).code, 20502);
        assert_eq!(ApiError::unauthenticated().status, 401);
        let hosts = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert!(ApiError::ambiguous("/v1/S", &hosts)
            .message
            .contains("a, b and c"));
    }

    #[test]
    fn page_requests_are_read_leniently() {
        let p = PageRequest::new(Some("5000"), Some("x"), Some("PAFO1"));
        assert_eq!((p.size, p.page), (1000, 0));
        assert_eq!(p.token(), Some(PageToken::After("FO1")));
        assert_eq!(PageRequest::new(None, Some("2"), None).size, 50);
        assert_eq!(PageRequest::new(Some("0"), None, Some("x")).token(), None);
        assert_eq!(PageToken::Before("FO1").text(), "PBFO1");
    }

    fn page() -> Page {
        Page {
            key: "calls".into(),
            items: vec![Value::from(1), Value::from(2)],
            page: 1,
            page_size: 2,
            this: "/L?Page=1".into(),
            first: "/L?Page=0".into(),
            next: None,
            previous: Some("/L?Page=0&PageToken=PB2".into()),
        }
    }

    #[test]
    fn meta_pages_have_absolute_urls() {
        let body = Value::Object(page_body(&PageStyle::Meta, page(), "http://h"));
        assert_eq!(body["calls"], serde_json::json!([1, 2]));
        assert_eq!(body["meta"]["key"], "calls");
        assert_eq!(body["meta"]["page"], 1);
        assert_eq!(body["meta"]["page_size"], 2);
        assert_eq!(body["meta"]["first_page_url"], "http://h/L?Page=0");
        assert_eq!(body["meta"]["url"], "http://h/L?Page=1");
        assert_eq!(body["meta"]["next_page_url"], Value::Null);
        assert_eq!(
            body["meta"]["previous_page_url"],
            "http://h/L?Page=0&PageToken=PB2"
        );
    }

    #[test]
    fn v2010_pages_have_relative_uris_start_and_end() {
        let body = Value::Object(page_body(&PageStyle::V2010, page(), "http://h"));
        assert_eq!(body["first_page_uri"], "/L?Page=0");
        assert_eq!(body["uri"], "/L?Page=1");
        assert_eq!(body["next_page_uri"], Value::Null);
        assert_eq!(
            (body["start"].clone(), body["end"].clone()),
            (2.into(), 3.into())
        );
        assert_eq!(body["page"], 1);
        assert!(body.get("meta").is_none());
    }
}
