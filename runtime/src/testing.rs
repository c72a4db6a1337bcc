//! Helpers for tests of generated crates and of code using them (feature `testing`): a
//! local mock server ([`wiremock`], re-exported, so tests need no dependency of their
//! own on it) and a [`Client`] pointed at it.
//!
//! ```
//! use twilio_runtime::testing::{self, Expect};
//! use twilio_runtime::{Method, Request, Segment};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> testing::TestResult {
//! let server = testing::expect(Expect {
//!     method: "DELETE",
//!     path: "/v1/Things/TH0123",
//!     status: 204,
//!     ..Expect::default()
//! })
//! .await;
//! let client = testing::client(&server);
//! // The operation under test; here, by hand.
//! let url = client.endpoint(
//!     "https://things.twilio.com",
//!     &[Segment::Literal("v1"), Segment::Literal("Things"), Segment::param("Sid", "TH0123")],
//! )?;
//! client.execute_empty(Request::new(Method::DELETE, url, true)).await?;
//! # Ok(())
//! # }
//! ```
//!
//! A server from [`expect`] checks, when dropped, that it received exactly one matching
//! request.

use std::time::Duration;

pub use wiremock;
use wiremock::{matchers, Mock, MockServer, ResponseTemplate};

use crate::client::{Client, Credentials, RetryPolicy};

/// Account SID the test client authenticates with.
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// Auth token the test client authenticates with.
pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";

/// What tests return: any error fails the test with its message.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Parses JSON written in a test; panics if it is not JSON.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("the test's JSON is valid")
}

/// A client sending every request to the mock server with [`ACCOUNT_SID`] and
/// [`AUTH_TOKEN`], retrying twice within milliseconds.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .expect("the client builds")
}

/// What a mocked operation must receive, and what it answers.
#[derive(Clone, Debug)]
pub struct Expect<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Exact path.
    pub path: &'a str,
    /// Query pairs that must be present.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers that must be present.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact form body (any order), when the operation sends one.
    pub form: Option<&'a [(&'a str, &'a str)]>,
    /// The exact JSON body, when the operation sends one.
    pub json: Option<serde_json::Value>,
    /// Whether basic auth with the test credentials must be sent.
    pub basic_auth: bool,
    /// Status of the answer.
    pub status: u16,
    /// JSON body of the answer.
    pub body: Option<serde_json::Value>,
}

/// `GET /`, basic auth required, answered `200` with no body.
impl Default for Expect<'_> {
    fn default() -> Self {
        Expect {
            method: "GET",
            path: "/",
            query: &[],
            headers: &[],
            form: None,
            json: None,
            basic_auth: true,
            status: 200,
            body: None,
        }
    }
}

/// A mock server that answers one request matching `e` exactly once (checked when the
/// server is dropped).
pub async fn expect(e: Expect<'_>) -> MockServer {
    let server = MockServer::start().await;
    let mut mock = Mock::given(matchers::method(e.method)).and(matchers::path(e.path));
    if e.basic_auth {
        mock = mock.and(matchers::basic_auth(ACCOUNT_SID, AUTH_TOKEN));
    }
    for (k, v) in e.query {
        mock = mock.and(matchers::query_param(*k, *v));
    }
    for (k, v) in e.headers {
        mock = mock.and(matchers::header(*k, *v));
    }
    if let Some(form) = e.form {
        mock = mock
            .and(matchers::header(
                "content-type",
                "application/x-www-form-urlencoded",
            ))
            .and(FormBody::new(form));
    }
    if let Some(json) = e.json {
        mock = mock
            .and(matchers::header("content-type", "application/json"))
            .and(matchers::body_json(json));
    }
    let mut answer = ResponseTemplate::new(e.status);
    if let Some(body) = e.body {
        answer = answer.set_body_json(body);
    }
    mock.respond_with(answer).expect(1).mount(&server).await;
    server
}

/// Matches a form body with exactly these pairs, in any order.
#[derive(Clone, Debug)]
pub struct FormBody(Vec<(String, String)>);

impl FormBody {
    /// The expected pairs.
    pub fn new(pairs: &[(&str, &str)]) -> Self {
        FormBody(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }
}

impl wiremock::Match for FormBody {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let mut got: Vec<(String, String)> =
            form_urlencoded::parse(&request.body).into_owned().collect();
        let mut want = self.0.clone();
        got.sort();
        want.sort();
        got == want
    }
}

/// Reads the JSON object `raw` as `T` (a generated model), writes it back, and checks that
/// nothing was lost: each key of `raw` is blank (`null` or `""`, which read as absent), or
/// present again in what `T` writes, or kept with its raw value in `unmatched(&value)`.
/// Returns the value read; the error names the first lost key.
pub fn read_losslessly<T>(
    raw: &serde_json::Value,
    unmatched: fn(&T) -> &crate::lenient::Unmatched,
) -> Result<T, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let object = raw
        .as_object()
        .ok_or_else(|| format!("not a JSON object: {raw}"))?;
    let value: T = serde_json::from_value(raw.clone()).map_err(|e| format!("not read: {e}"))?;
    let written = serde_json::to_value(&value).map_err(|e| format!("not written: {e}"))?;
    let kept = unmatched(&value);
    for (key, v) in object {
        let blank = v.is_null() || v == "";
        let again = written.get(key).is_some_and(|w| !w.is_null());
        if !(blank || again || kept.get(key) == Some(v)) {
            return Err(format!("`{key}` was neither read nor kept: {v}"));
        }
    }
    Ok(value)
}

/// [`read_losslessly`] for each item of the list page `raw` under `key`; the error names
/// the item.
pub fn read_page_losslessly<T>(
    raw: &serde_json::Value,
    key: &str,
    unmatched: fn(&T) -> &crate::lenient::Unmatched,
) -> Result<Vec<T>, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let items = raw
        .get(key)
        .and_then(|v| v.as_array())
        .ok_or_else(|| format!("no `{key}` array in the page"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read_losslessly(item, unmatched).map_err(|e| format!("{key}[{i}]: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{json_member, Encode, Params, Parts};
    use crate::{Error, Method, Request, Segment};

    struct Create {
        name: String,
        tags: Vec<String>,
        page_size: Option<i64>,
        header: Option<String>,
    }

    impl Params for Create {
        const FORM_BODY: bool = true;

        fn encode(&self, parts: &mut Parts) {
            self.name.encode("FriendlyName", &mut parts.form);
            self.tags.encode("Tag", &mut parts.form);
            self.page_size.encode("PageSize", &mut parts.query);
            self.header
                .encode("X-Twilio-Webhook-Enabled", &mut parts.headers);
        }
    }

    struct Patch {
        name: &'static str,
    }

    impl Params for Patch {
        fn encode(&self, parts: &mut Parts) {
            json_member(parts, "name", &self.name);
        }
    }

    fn create() -> Create {
        Create {
            name: "a b&c".into(),
            tags: vec!["x".into(), "y".into()],
            page_size: Some(5),
            header: Some("true".into()),
        }
    }

    #[tokio::test]
    async fn expect_matches_what_the_client_sends() -> TestResult {
        let server = expect(Expect {
            method: "POST",
            path: "/v1/Things",
            query: &[("PageSize", "5")],
            headers: &[("X-Twilio-Webhook-Enabled", "true")],
            form: Some(&[("Tag", "y"), ("FriendlyName", "a b&c"), ("Tag", "x")]),
            status: 201,
            body: Some(json(r#"{"sid": "TH1"}"#)),
            ..Expect::default()
        })
        .await;
        let client = client(&server);
        let url = client.endpoint(
            "https://example.twilio.com",
            &[Segment::Literal("v1"), Segment::Literal("Things")],
        )?;
        let answer: serde_json::Value = client
            .execute(Request::new(Method::POST, url, false).with(&create())?)
            .await?;
        assert_eq!(answer, json(r#"{"sid": "TH1"}"#));
        Ok(())
    }

    #[tokio::test]
    async fn json_bodies_are_matched_too() -> TestResult {
        let server = expect(Expect {
            method: "PATCH",
            path: "/v2/Things/1",
            json: Some(json(r#"{"name": "n"}"#)),
            status: 204,
            ..Expect::default()
        })
        .await;
        let client = client(&server);
        let url = client.endpoint(
            "https://example.twilio.com",
            &[
                Segment::Literal("v2"),
                Segment::Literal("Things"),
                Segment::param("Id", "1"),
            ],
        )?;
        client
            .execute_empty(Request::new(Method::PATCH, url, true).with(&Patch { name: "n" })?)
            .await?;
        Ok(())
    }

    #[tokio::test]
    async fn a_different_form_is_not_matched() -> TestResult {
        let server = MockServer::start().await;
        Mock::given(matchers::method("POST"))
            .and(FormBody::new(&[("FriendlyName", "other")]))
            .respond_with(ResponseTemplate::new(201))
            .expect(0)
            .mount(&server)
            .await;
        let client = client(&server);
        let url = client.endpoint("https://example.twilio.com", &[Segment::Literal("v1")])?;
        let result = client
            .execute_empty(Request::new(Method::POST, url, false).with(&create())?)
            .await;
        // wiremock answers unmatched requests with 404 and an empty body.
        assert!(
            matches!(result, Err(Error::Http { status: 404, .. })),
            "{result:?}"
        );
        Ok(())
    }
}

#[cfg(test)]
mod lossless {
    use super::{read_losslessly, read_page_losslessly};
    use crate::lenient::{Reader, Unmatched};
    use serde_json::{json, Map, Value};

    /// A model as generated crates write it.
    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(from = "Map<String, Value>")]
    struct Price {
        price: Option<f64>,
        #[serde(skip)]
        unmatched: Unmatched,
    }

    impl From<Map<String, Value>> for Price {
        fn from(map: Map<String, Value>) -> Self {
            let mut r = Reader::new(map);
            Price {
                price: r.field("price"),
                unmatched: r.finish(),
            }
        }
    }

    fn unmatched(p: &Price) -> &Unmatched {
        &p.unmatched
    }

    /// A model that reads a field and forgets to keep what did not fit.
    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(from = "Map<String, Value>")]
    struct Forgetful {
        price: Option<f64>,
        #[serde(skip)]
        unmatched: Unmatched,
    }

    impl From<Map<String, Value>> for Forgetful {
        fn from(map: Map<String, Value>) -> Self {
            let mut r = Reader::new(map);
            let price = r.field("price");
            drop(r.finish());
            Forgetful {
                price,
                unmatched: Unmatched::default(),
            }
        }
    }

    #[test]
    fn read_fitted_blank_and_kept_values_lose_nothing() {
        for raw in [
            json!({"price": 1.5}),
            json!({"price": "-0.0075"}),
            json!({"price": null}),
            json!({"price": ""}),
            json!({"price": "n/a", "extra": [1]}),
        ] {
            read_losslessly(&raw, unmatched).unwrap_or_else(|e| panic!("{raw}: {e}"));
        }
        let page = json!({"prices": [{"price": 1}, {"price": "x"}], "meta": {}});
        assert_eq!(
            read_page_losslessly(&page, "prices", unmatched).map(|v| v.len()),
            Ok(2)
        );
    }

    #[test]
    fn a_value_neither_read_nor_kept_is_named() {
        let err = read_losslessly(&json!({"price": "n/a"}), |f: &Forgetful| &f.unmatched)
            .expect_err("the value is lost");
        assert!(err.contains("`price`"), "{err}");
        let page = json!({"prices": [{"price": 1}, {"other": true}]});
        let err = read_page_losslessly(&page, "prices", |f: &Forgetful| &f.unmatched)
            .expect_err("the second item's key is lost");
        assert!(err.starts_with("prices[1]: `other`"), "{err}");
        assert!(
            read_losslessly(&json!([1]), unmatched).is_err(),
            "not an object"
        );
        assert!(
            read_page_losslessly(&page, "items", unmatched).is_err(),
            "no such key"
        );
    }
}
