//! Client behaviour against a local HTTP server (wiremock on 127.0.0.1): paging, retries,
//! errors, decoding, and validation before sending. The resource is written here by hand
//! the way a generated crate writes one.

use std::time::Duration;

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use twilio_runtime::encoding::{Check, Encode, Params, Parts};
use twilio_runtime::{
    Client, Credentials, Error, List, Method, Request, RetryPolicy, Segment, Sid,
};
use wiremock::matchers::{
    any, basic_auth, body_string, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "behaviour-auth-token-0123456789";
const DEFAULT_BASE: &str = "https://things.twilio.com";
const LIST_PATH: &str = "/v1/Things";
const KEY: &str = "things";
const THING: &str = "THaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const FETCH_PATH: &str = "/v1/Things/THaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

// ---- The hand-written resource ----------------------------------------------------------

type ThingSid = Sid<'T', 'H'>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Thing {
    sid: ThingSid,
    friendly_name: String,
    count: i64,
}

/// List parameters: `PageSize` in the query.
#[derive(Default)]
struct ListThings {
    page_size: Option<i64>,
}

impl Params for ListThings {
    fn encode(&self, parts: &mut Parts) {
        self.page_size.encode("PageSize", &mut parts.query);
    }
}

/// Create parameters: a form body; `Webhook.Url` is required when `Kind` is `webhook`.
struct CreateThing {
    friendly_name: String,
    kind: Option<String>,
    webhook_url: Option<String>,
}

impl Params for CreateThing {
    const FORM_BODY: bool = true;

    fn encode(&self, parts: &mut Parts) {
        self.friendly_name.encode("FriendlyName", &mut parts.form);
        self.kind.encode("Kind", &mut parts.form);
        self.webhook_url.encode("Webhook.Url", &mut parts.form);
    }

    fn validate(&self, parts: &Parts) -> twilio_runtime::Result<()> {
        parts.required_when("Webhook.Url", "Kind", &["webhook"])
    }
}

fn things_url(client: &Client) -> twilio_runtime::Result<url::Url> {
    client.endpoint(
        DEFAULT_BASE,
        &[Segment::Literal("v1"), Segment::Literal("Things")],
    )
}

fn list(client: &Client) -> List<Thing> {
    let request = things_url(client)
        .and_then(|url| Request::new(Method::GET, url, true).with(&ListThings::default()));
    List::new(client.clone(), request, KEY)
}

async fn fetch(client: &Client, sid: &ThingSid) -> twilio_runtime::Result<Thing> {
    sid.check("Sid")?;
    let url = client.endpoint(
        DEFAULT_BASE,
        &[
            Segment::Literal("v1"),
            Segment::Literal("Things"),
            Segment::param("Sid", sid.as_str()),
        ],
    )?;
    client.execute(Request::new(Method::GET, url, true)).await
}

async fn create(client: &Client, params: &CreateThing) -> twilio_runtime::Result<Thing> {
    let request = Request::new(Method::POST, things_url(client)?, false).with(params)?;
    client.execute(request).await
}

// ---- Helpers ------------------------------------------------------------------------------

fn thing_sid() -> ThingSid {
    ThingSid::parse(THING).expect("a valid SID")
}

fn item(n: i64) -> serde_json::Value {
    serde_json::json!({"sid": THING, "friendly_name": "example", "count": n})
}

fn client(server: &MockServer) -> Client {
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

/// Page `n` of the list, one item each; `next` is the token of the next page, linked
/// through `base`.
fn page(base: &str, n: i64, next: Option<&str>) -> serde_json::Value {
    let next_page_url = next.map(|token| {
        format!(
            "{base}{LIST_PATH}?PageSize=1&Page={}&PageToken={token}",
            n + 1
        )
    });
    let mut body = serde_json::json!({"meta": {"page": n, "page_size": 1, "key": KEY, "next_page_url": next_page_url}});
    body[KEY] = serde_json::json!([item(n)]);
    body
}

/// API v2010's list of things: `/2010-04-01/Accounts/{AccountSid}/Things.json`, paged by
/// top-level `next_page_uri`s relative to the API host.
const V2010_PATH: &str = "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Things.json";

fn v2010_list(client: &Client) -> List<Thing> {
    let request = client
        .endpoint(
            "https://api.twilio.com",
            &[
                Segment::Literal("2010-04-01"),
                Segment::Literal("Accounts"),
                Segment::param("AccountSid", ACCOUNT_SID),
                Segment::Literal("Things.json"),
            ],
        )
        .and_then(|url| {
            Request::new(Method::GET, url, true).with(&ListThings { page_size: Some(1) })
        });
    List::new(client.clone(), request, KEY)
}

/// Page `n` of the v2010 list, one item each, as API v2010 writes it; `next` is the token
/// of the next page, its link written after `host` (empty: relative, as Twilio sends it).
fn v2010_page(host: &str, n: u64, next: Option<&str>) -> serde_json::Value {
    let uri = |page: u64, token: Option<&str>| {
        let token = token.map(|t| format!("&PageToken={t}")).unwrap_or_default();
        format!("{V2010_PATH}?PageSize=1&Page={page}{token}")
    };
    let mut body = serde_json::json!({
        "first_page_uri": uri(0, None),
        "previous_page_uri": if n == 0 { None } else { Some(uri(n - 1, Some("PB"))) },
        "next_page_uri": next.map(|token| format!("{host}{}", uri(n + 1, Some(token)))),
        "page": n,
        "page_size": 1,
        "start": n,
        "end": n,
        "uri": uri(n, None),
    });
    body[KEY] = serde_json::json!([item(n as i64)]);
    body
}

/// Answers the v2010 list at `prefix` + [`V2010_PATH`]: each `(page token, response,
/// times)` is the response to the request with that `PageToken` (`None`: without one),
/// expected exactly `times` times, with the credentials.
async fn answer_v2010_pages(
    server: &MockServer,
    prefix: &str,
    pages: &[(Option<&str>, ResponseTemplate, u64)],
) {
    for (token, response, times) in pages {
        let mock = Mock::given(method("GET"))
            .and(path(format!("{prefix}{V2010_PATH}")))
            .and(query_param("PageSize", "1"))
            .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN));
        let mock = match token {
            None => mock.and(query_param_is_missing("PageToken")),
            Some(t) => mock.and(query_param("PageToken", *t)),
        };
        mock.respond_with(response.clone())
            .expect(*times)
            .mount(server)
            .await;
    }
}

fn json_response(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A server that fails the test if it receives any request.
async fn untouched_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}

async fn answer_fetch(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(FETCH_PATH))
        .respond_with(response)
        .mount(server)
        .await;
}

// ---- Paging -------------------------------------------------------------------------------

#[tokio::test]
async fn paging_follows_next_page_url_across_three_pages() -> TestResult {
    let server = MockServer::start().await;
    let uri = server.uri();
    for (token, n, next) in [
        (None, 0, Some("p1")),
        (Some("p1"), 1, Some("p2")),
        (Some("p2"), 2, None),
    ] {
        let mock = Mock::given(method("GET"))
            .and(path(LIST_PATH))
            .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN));
        let mock = match token {
            None => mock.and(query_param_is_missing("PageToken")),
            Some(t) => mock.and(query_param("PageToken", t)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(page(&uri, n, next)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let items: Vec<Thing> = list(&client(&server)).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(items.iter().all(|t| t.sid == thing_sid()));
    Ok(())
}

#[tokio::test]
async fn limit_stops_the_stream_without_fetching_more_pages() -> TestResult {
    let server = MockServer::start().await;
    // The stream and the first-page request below: two requests, never the second page.
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("PageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 0, Some("p1"))))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("PageToken", "p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 1, Some("p2"))))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    let items: Vec<Thing> = list(&client).limit(1).stream().try_collect().await?;
    assert_eq!(items.len(), 1);
    let first = list(&client).await?;
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.meta.page, Some(0));
    assert!(first.meta.next_page_url.is_some());
    Ok(())
}

#[tokio::test]
async fn next_page_urls_never_leave_the_configured_host() -> TestResult {
    let server = MockServer::start().await;
    let elsewhere = page("https://elsewhere.invalid", 0, Some("p1"));
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("PageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(elsewhere))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("PageToken", "p1"))
        .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 1, None)))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<Thing> = list(&client(&server)).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0, 1]);
    Ok(())
}

#[tokio::test]
async fn v2010_paging_follows_next_page_uri_across_three_pages() -> TestResult {
    let server = MockServer::start().await;
    answer_v2010_pages(
        &server,
        "",
        &[
            (None, json_response(v2010_page("", 0, Some("PA1"))), 1),
            (
                Some("PA1"),
                json_response(v2010_page("", 1, Some("PA2"))),
                1,
            ),
            (Some("PA2"), json_response(v2010_page("", 2, None)), 1),
        ],
    )
    .await;
    let items: Vec<Thing> = v2010_list(&client(&server)).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(items.iter().all(|t| t.sid == thing_sid()));
    Ok(())
}

#[tokio::test]
async fn v2010_limit_stops_the_stream_without_fetching_more_pages() -> TestResult {
    let server = MockServer::start().await;
    // Two streams (limits 1 and 2) and the first-page request: the first page three times,
    // the second once, the third never.
    answer_v2010_pages(
        &server,
        "",
        &[
            (None, json_response(v2010_page("", 0, Some("PA1"))), 3),
            (
                Some("PA1"),
                json_response(v2010_page("", 1, Some("PA2"))),
                1,
            ),
            (Some("PA2"), json_response(v2010_page("", 2, None)), 0),
        ],
    )
    .await;
    let client = client(&server);
    let items: Vec<Thing> = v2010_list(&client).limit(1).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0]);
    let items: Vec<Thing> = v2010_list(&client).limit(2).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0, 1]);
    let first = v2010_list(&client).await?;
    assert_eq!(first.items.len(), 1);
    let uri = |query: &str| Some(format!("{V2010_PATH}?{query}"));
    assert_eq!(first.meta.page, Some(0));
    assert_eq!(first.meta.page_size, Some(1));
    assert_eq!(first.meta.start, Some(0));
    assert_eq!(first.meta.end, Some(0));
    assert_eq!(first.meta.first_page_uri, uri("PageSize=1&Page=0"));
    assert_eq!(first.meta.uri, uri("PageSize=1&Page=0"));
    assert_eq!(first.meta.previous_page_uri, None);
    assert_eq!(
        first.meta.next_page_uri,
        uri("PageSize=1&Page=1&PageToken=PA1")
    );
    assert_eq!(first.meta.next_page(), first.meta.next_page_uri.as_deref());
    assert_eq!(first.meta.next_page_url, None);
    Ok(())
}

#[tokio::test]
async fn v2010_next_page_uris_never_leave_the_configured_host() -> TestResult {
    let server = MockServer::start().await;
    // An absolute link to another host, then a scheme-relative one: both are followed on
    // the local server, with the credentials going nowhere else.
    answer_v2010_pages(
        &server,
        "",
        &[
            (
                None,
                json_response(v2010_page("https://elsewhere.invalid", 0, Some("PA1"))),
                1,
            ),
            (
                Some("PA1"),
                json_response(v2010_page("//elsewhere.invalid", 1, Some("PA2"))),
                1,
            ),
            (Some("PA2"), json_response(v2010_page("", 2, None)), 1),
        ],
    )
    .await;
    let items: Vec<Thing> = v2010_list(&client(&server)).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0, 1, 2]);
    Ok(())
}

#[tokio::test]
async fn v2010_next_page_uris_keep_the_base_urls_path() -> TestResult {
    let server = MockServer::start().await;
    answer_v2010_pages(
        &server,
        "/proxy",
        &[
            (None, json_response(v2010_page("", 0, Some("PA1"))), 1),
            (Some("PA1"), json_response(v2010_page("", 1, None)), 1),
        ],
    )
    .await;
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(format!("{}/proxy", server.uri()))
        .build()?;
    let items: Vec<Thing> = v2010_list(&client).stream().try_collect().await?;
    assert_eq!(items.iter().map(|t| t.count).collect::<Vec<_>>(), [0, 1]);
    Ok(())
}

#[tokio::test]
async fn a_page_linking_to_itself_ends_the_stream() -> TestResult {
    let server = MockServer::start().await;
    let mut body = v2010_page("", 0, None);
    body["next_page_uri"] = serde_json::json!(format!("{V2010_PATH}?PageSize=1"));
    answer_v2010_pages(&server, "", &[(None, json_response(body), 1)]).await;
    let items: Vec<Thing> = v2010_list(&client(&server)).stream().try_collect().await?;
    assert_eq!(items.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_request_that_failed_to_build_fails_the_list_without_sending() -> TestResult {
    let server = untouched_server().await;
    let client = client(&server);
    let broken = || {
        List::<Thing>::new(
            client.clone(),
            Err(Error::invalid("PageSize", "is wrong")),
            KEY,
        )
    };
    match broken().await {
        Err(Error::Validation(v)) => assert_eq!(v.param, "PageSize"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let streamed: Result<Vec<Thing>, Error> = broken().stream().try_collect().await;
    assert!(
        matches!(streamed, Err(Error::Validation(_))),
        "{streamed:?}"
    );
    Ok(())
}

// ---- Retries ------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_requests_are_retried() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FETCH_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(FETCH_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(item(7)))
        .expect(1)
        .mount(&server)
        .await;
    let thing = fetch(&client(&server), &thing_sid()).await?;
    assert_eq!(thing.count, 7);
    Ok(())
}

#[tokio::test]
async fn rate_limited_creates_are_retried_too() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LIST_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(LIST_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(item(1)))
        .expect(1)
        .mount(&server)
        .await;
    let params = CreateThing {
        friendly_name: "example".into(),
        kind: None,
        webhook_url: None,
    };
    assert_eq!(create(&client(&server), &params).await?.count, 1);
    Ok(())
}

#[tokio::test]
async fn retries_are_bounded() -> TestResult {
    let server = MockServer::start().await;
    // The first attempt and two retries.
    Mock::given(method("GET"))
        .and(path(FETCH_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_raw("<html>busy</html>", "text/html"))
        .expect(3)
        .mount(&server)
        .await;
    match fetch(&client(&server), &thing_sid()).await {
        Err(Error::Http { status, body }) => {
            assert_eq!(status, 503);
            assert_eq!(body, "<html>busy</html>");
        }
        other => panic!("expected an HTTP error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn server_errors_on_creates_are_not_retried() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LIST_PATH))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let params = CreateThing {
        friendly_name: "example".into(),
        kind: None,
        webhook_url: None,
    };
    match create(&client(&server), &params).await {
        Err(Error::Http { status, .. }) => assert_eq!(status, 503),
        other => panic!("expected an HTTP error, got {other:?}"),
    }
    Ok(())
}

// ---- Errors and decoding ------------------------------------------------------------------

#[tokio::test]
async fn twilio_error_bodies_become_api_errors() -> TestResult {
    let server = MockServer::start().await;
    answer_fetch(
        &server,
        ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "code": 20404,
            "message": "The requested resource was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404
        })),
    )
    .await;
    let err = fetch(&client(&server), &thing_sid())
        .await
        .expect_err("a 404");
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    assert!(
        !display.contains(AUTH_TOKEN) && !debug.contains(AUTH_TOKEN),
        "{debug}"
    );
    assert_eq!(
        display,
        "API error: HTTP 404, code 20404: The requested resource was not found (https://www.twilio.com/docs/errors/20404)"
    );
    match err {
        Error::Api(e) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code, Some(20404));
            assert_eq!(e.message, "The requested resource was not found");
            assert_eq!(
                e.more_info.as_deref(),
                Some("https://www.twilio.com/docs/errors/20404")
            );
            assert_eq!(e.body["code"], 20404);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn long_unexpected_error_bodies_are_truncated() -> TestResult {
    let server = MockServer::start().await;
    answer_fetch(
        &server,
        ResponseTemplate::new(400).set_body_raw("x".repeat(10_000), "text/plain"),
    )
    .await;
    match fetch(&client(&server), &thing_sid()).await {
        Err(Error::Http { status, body }) => {
            assert_eq!(status, 400);
            assert!(body.len() < 1200, "{}", body.len());
            assert!(body.ends_with("(10000 bytes in all)"), "{body}");
        }
        other => panic!("expected an HTTP error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() -> TestResult {
    let server = MockServer::start().await;
    let client = client(&server);
    for body in ["{\"sid\": 12", "", "[1, 2]", "null", "\u{0}\u{ff}"] {
        server.reset().await;
        answer_fetch(
            &server,
            ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        )
        .await;
        match fetch(&client, &thing_sid()).await {
            Err(Error::Decode { .. }) => {}
            other => panic!("body {body:?}: expected a decode error, got {other:?}"),
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_wrongly_typed_field_is_a_decode_error_naming_it() -> TestResult {
    let server = MockServer::start().await;
    let mut body = item(1);
    body["friendly_name"] = serde_json::json!(12345);
    answer_fetch(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    match fetch(&client(&server), &thing_sid()).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "friendly_name"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_wrongly_typed_list_item_is_a_decode_error_naming_it() -> TestResult {
    let server = MockServer::start().await;
    let mut body = page(&server.uri(), 0, None);
    body[KEY] = serde_json::json!([item(0), {"sid": THING, "friendly_name": "x", "count": "many"}]);
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    match list(&client(&server)).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "things[1].count"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    Ok(())
}

#[test]
fn secrets_never_show_in_debug_output() {
    let creds = Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN);
    let debug = format!("{creds:?}");
    assert!(
        !debug.contains(AUTH_TOKEN) && debug.contains(ACCOUNT_SID),
        "{debug}"
    );
    let key = Credentials::api_key("SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", AUTH_TOKEN);
    assert!(!format!("{key:?}").contains(AUTH_TOKEN));
    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN).expect("client");
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(AUTH_TOKEN) && debug.contains("[redacted]"),
        "{debug}"
    );
}

// ---- Validation before sending ------------------------------------------------------------

#[tokio::test]
async fn invalid_sids_are_rejected_before_sending() -> TestResult {
    let err = ThingSid::parse("not-a-sid").expect_err("rejected");
    assert!(err.to_string().contains("^TH[0-9a-fA-F]{32}$"), "{err}");
    assert!(ThingSid::parse(format!("TH{}", "g".repeat(32))).is_err());
    // A SID that came from elsewhere unchecked is still checked before sending.
    let server = untouched_server().await;
    let unchecked: ThingSid = serde_json::from_value(serde_json::json!("XX123"))?;
    match fetch(&client(&server), &unchecked).await {
        Err(Error::Validation(v)) => {
            assert_eq!(v.param, "Sid");
            assert!(v.message.contains("XX123"), "{}", v.message);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn path_values_that_would_name_another_resource_are_refused() -> TestResult {
    let server = untouched_server().await;
    let client = client(&server);
    for value in ["", ".", ".."] {
        let url = client.endpoint(
            DEFAULT_BASE,
            &[Segment::Literal("v1"), Segment::param("ThingSid", value)],
        );
        match url {
            Err(Error::Validation(v)) => assert_eq!(v.param, "ThingSid", "{value:?}"),
            other => panic!("{value:?}: expected a validation error, got {other:?}"),
        }
    }
    Ok(())
}

#[tokio::test]
async fn conditional_requirements_are_checked_before_sending() -> TestResult {
    let server = untouched_server().await;
    let params = CreateThing {
        friendly_name: "example".into(),
        kind: Some("webhook".into()),
        webhook_url: None,
    };
    match create(&client(&server), &params).await {
        Err(Error::Validation(v)) => {
            assert_eq!(v.param, "Webhook.Url");
            assert!(v.message.contains("Kind"), "{}", v.message);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    Ok(())
}

// ---- What is sent, and where --------------------------------------------------------------

#[tokio::test]
async fn forms_go_form_encoded_with_basic_auth_and_a_user_agent() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LIST_PATH))
        .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header(
            "user-agent",
            concat!("twilio-runtime/", env!("CARGO_PKG_VERSION"), " (rust)"),
        ))
        .and(body_string(
            "FriendlyName=a+b%26c&Kind=webhook&Webhook.Url=https%3A%2F%2Fexample.com%2Fhook",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(item(3)))
        .expect(1)
        .mount(&server)
        .await;
    let params = CreateThing {
        friendly_name: "a b&c".into(),
        kind: Some("webhook".into()),
        webhook_url: Some("https://example.com/hook".into()),
    };
    assert_eq!(create(&client(&server), &params).await?.count, 3);
    Ok(())
}

#[tokio::test]
async fn the_base_url_replaces_every_apis_host_and_keeps_its_path() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/proxy/v1/Things/THaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item(5)))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(format!("{}/proxy/", server.uri()))
        .region("ie1")
        .build()?;
    assert_eq!(fetch(&client, &thing_sid()).await?.count, 5);
    // Another API's default base is replaced as well.
    let other = client.endpoint("https://api.twilio.com", &[Segment::Literal("2010-04-01")])?;
    assert_eq!(other.as_str(), format!("{}/proxy/2010-04-01", server.uri()));
    Ok(())
}

#[test]
fn region_and_edge_rewrite_twilio_hosts() -> TestResult {
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .region("au1")
        .edge("sydney")
        .build()?;
    let url = client.endpoint(
        DEFAULT_BASE,
        &[Segment::Literal("v1"), Segment::Literal("Things")],
    )?;
    assert_eq!(
        url.as_str(),
        "https://things.sydney.au1.twilio.com/v1/Things"
    );
    let url = client.endpoint("https://api.twilio.com", &[Segment::Literal("2010-04-01")])?;
    assert_eq!(url.as_str(), "https://api.sydney.au1.twilio.com/2010-04-01");
    let region_only = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .region("ie1")
        .build()?;
    let url = region_only.endpoint(DEFAULT_BASE, &[Segment::Literal("v1")])?;
    assert_eq!(url.as_str(), "https://things.ie1.twilio.com/v1");
    Ok(())
}
