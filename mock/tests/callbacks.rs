//! Status callbacks: a message or a call created with a `StatusCallback` reports its
//! progress there, in requests signed with the account's auth token; a webhook handler
//! using the runtime's validator (its axum extractor) accepts them, in order, and rejects
//! forged or altered ones.

mod support;

use support::http;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use serde_json::Value;
use support::{shared_spec, ACCOUNT, TOKEN};
use twilio_mock::{Callbacks, Mock, Options, RunningMock};
use twilio_runtime::webhook::axum::{TwilioRequest, WebhookConfig};
use twilio_runtime::webhook::{RequestValidator, SIGNATURE_HEADER};

/// One callback the handler accepted: its path and parameters (body or query).
#[derive(Debug, Clone)]
struct Received {
    path: String,
    params: Vec<(String, String)>,
}

impl Received {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
struct Receiver {
    config: WebhookConfig,
    got: Arc<Mutex<Vec<Received>>>,
    failures: Arc<Mutex<u32>>,
}

impl axum::extract::FromRef<Receiver> for WebhookConfig {
    fn from_ref(r: &Receiver) -> Self {
        r.config.clone()
    }
}

async fn accept(
    State(r): State<Receiver>,
    uri: axum::http::Uri,
    RawQuery(query): RawQuery,
    request: TwilioRequest,
) -> StatusCode {
    let mut params = request.params;
    if params.is_empty() {
        params = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    }
    r.got.lock().expect("the list").push(Received {
        path: uri.path().to_owned(),
        params,
    });
    StatusCode::NO_CONTENT
}

async fn fail(State(r): State<Receiver>) -> StatusCode {
    *r.failures.lock().expect("the count") += 1;
    StatusCode::SERVICE_UNAVAILABLE
}

/// A webhook handler on 127.0.0.1 that accepts only requests signed with `TOKEN`.
async fn receiver() -> (String, Receiver, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("the receiver listens");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let state = Receiver {
        config: WebhookConfig::new(RequestValidator::new(TOKEN), base.clone()),
        got: Arc::default(),
        failures: Arc::default(),
    };
    let app = Router::new()
        .route("/status", post(accept).get(accept))
        .route("/failing", post(fail))
        .with_state(state.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, state, task)
}

async fn mock(callbacks: Callbacks) -> RunningMock {
    Mock::from_spec_paths(
        &[shared_spec("twilio_api_v2010.yaml")],
        Options {
            seed: Some(3),
            callbacks,
            ..Options::default()
        },
    )
    .expect("the mock loads")
    .spawn()
    .await
    .expect("the mock listens")
}

async fn create(mock: &RunningMock, what: &str, pairs: &[(&str, &str)]) -> Value {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let answer = http()
        .post(format!(
            "{}/2010-04-01/Accounts/{ACCOUNT}/{what}.json",
            mock.base_url()
        ))
        .basic_auth(ACCOUNT, Some(TOKEN))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(answer.status(), 201);
    json(answer).await
}

async fn json(answer: reqwest::Response) -> Value {
    let bytes = answer.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).expect("a JSON body")
}

/// Waits (at most 10 s) until `n` callbacks arrived.
async fn wait_for(r: &Receiver, n: usize) -> Vec<Received> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = r.got.lock().expect("the list").clone();
        if got.len() >= n {
            return got;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {} of {n} callbacks arrived: {got:?}",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_message_reports_queued_sent_delivered_signed() {
    let (hooks, r, task) = receiver().await;
    let mock = mock(Callbacks::Immediate).await;
    let message = create(
        &mock,
        "Messages",
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Body", "hello"),
            ("StatusCallback", &format!("{hooks}/status")),
        ],
    )
    .await;
    assert_eq!(message["status"], "queued", "{message}");
    assert_eq!(message["direction"], "outbound-api", "{message}");
    let sid = message["sid"].as_str().expect("a SID").to_owned();
    let got = wait_for(&r, 3).await;
    let statuses: Vec<&str> = got
        .iter()
        .filter_map(|c| c.param("MessageStatus"))
        .collect();
    assert_eq!(statuses, ["queued", "sent", "delivered"]);
    for c in &got {
        assert_eq!(c.path, "/status");
        assert_eq!(c.param("MessageSid"), Some(sid.as_str()), "{c:?}");
        assert_eq!(c.param("AccountSid"), Some(ACCOUNT), "{c:?}");
        assert_eq!(c.param("From"), Some("+15550199"), "{c:?}");
        assert_eq!(c.param("To"), Some("+15550100"), "{c:?}");
        assert_eq!(c.param("ApiVersion"), Some("2010-04-01"), "{c:?}");
    }
    // The item reached the status the last callback reported.
    let fetched = http()
        .get(format!(
            "{}/2010-04-01/Accounts/{ACCOUNT}/Messages/{sid}.json",
            mock.base_url()
        ))
        .basic_auth(ACCOUNT, Some(TOKEN))
        .send()
        .await
        .expect("an answer");
    let fetched = json(fetched).await;
    assert_eq!(fetched["status"], "delivered", "{fetched}");
    let deliveries = mock.deliveries();
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries
        .iter()
        .all(|d| d.status == Some(204) && d.attempts == 1));
    let text = serde_json::to_string(&deliveries).expect("JSON");
    assert!(
        !text.contains(TOKEN),
        "no auth token in what the mock reports"
    );
    mock.shutdown().await;
    task.abort();
}

#[tokio::test]
async fn a_call_reports_the_events_asked_for_by_get() {
    let (hooks, r, task) = receiver().await;
    let mock = mock(Callbacks::Immediate).await;
    let call = create(
        &mock,
        "Calls",
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Url", "https://example.com/twiml"),
            ("StatusCallback", &format!("{hooks}/status?leg=a")),
            ("StatusCallbackMethod", "GET"),
            ("StatusCallbackEvent", "completed"),
            ("StatusCallbackEvent", "initiated"),
            ("StatusCallbackEvent", "answered"),
            ("StatusCallbackEvent", "ringing"),
        ],
    )
    .await;
    let sid = call["sid"].as_str().expect("a SID").to_owned();
    let got = wait_for(&r, 4).await;
    let statuses: Vec<&str> = got.iter().filter_map(|c| c.param("CallStatus")).collect();
    assert_eq!(
        statuses,
        ["initiated", "ringing", "in-progress", "completed"]
    );
    let sequence: Vec<&str> = got
        .iter()
        .filter_map(|c| c.param("SequenceNumber"))
        .collect();
    assert_eq!(sequence, ["0", "1", "2", "3"]);
    for c in &got {
        assert_eq!(c.param("CallSid"), Some(sid.as_str()), "{c:?}");
        assert_eq!(
            c.param("leg"),
            Some("a"),
            "the URL's own query is kept: {c:?}"
        );
        assert_eq!(c.param("CallbackSource"), Some("call-progress-events"));
    }
    // Without StatusCallbackEvent, a call reports `completed` only.
    create(
        &mock,
        "Calls",
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Url", "https://example.com/twiml"),
            ("StatusCallback", &format!("{hooks}/status")),
        ],
    )
    .await;
    let got = wait_for(&r, 5).await;
    assert_eq!(got[4].param("CallStatus"), Some("completed"));
    mock.shutdown().await;
    task.abort();
}

#[tokio::test]
async fn callbacks_wait_for_the_control_endpoint_when_asked_to() {
    let (hooks, r, task) = receiver().await;
    let mock = mock(Callbacks::OnRequest).await;
    create(
        &mock,
        "Messages",
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Body", "later"),
            ("StatusCallback", &format!("{hooks}/status")),
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(r.got.lock().expect("the list").is_empty(), "nothing yet");
    let pending = http()
        .get(format!("{}/__mock/callbacks", mock.base_url()))
        .send()
        .await
        .expect("an answer");
    let pending = json(pending).await;
    assert_eq!(pending["pending"], 1, "{pending}");
    let sent = http()
        .post(format!("{}/__mock/callbacks", mock.base_url()))
        .send()
        .await
        .expect("an answer");
    let sent = json(sent).await;
    let statuses: Vec<&str> = sent
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| d["status"].as_u64().map_or("?", |_| "ok"))
        .collect();
    assert_eq!(statuses, ["ok", "ok", "ok"], "{sent}");
    // Delivered before the control endpoint answered.
    assert_eq!(r.got.lock().expect("the list").len(), 3);
    assert!(mock.deliver_callbacks().await.is_empty(), "none left");
    mock.shutdown().await;
    task.abort();
}

#[tokio::test]
async fn a_failing_receiver_is_retried_a_bounded_number_of_times_without_holding_the_api() {
    let (hooks, r, task) = receiver().await;
    let mock = mock(Callbacks::OnRequest).await;
    create(
        &mock,
        "Messages",
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Body", "x"),
            ("StatusCallback", &format!("{hooks}/failing")),
        ],
    )
    .await;
    let sent = mock.deliver_callbacks().await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    for d in &sent {
        assert_eq!(d.attempts, 3, "{d:?}");
        assert_eq!(d.status, Some(503), "{d:?}");
        assert!(
            d.error.as_deref().is_some_and(|e| e.contains("503")),
            "{d:?}"
        );
    }
    assert_eq!(*r.failures.lock().expect("the count"), 9);
    // Nobody listening: bounded too, and the API answers meanwhile.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        l.local_addr().expect("an address")
    };
    let immediate = mock_immediate_with(&format!("http://{closed}/gone")).await;
    immediate.shutdown().await;
    mock.shutdown().await;
    task.abort();
}

/// A mock sending immediately to `url`, which answers its create at once.
async fn mock_immediate_with(url: &str) -> RunningMock {
    let m = mock(Callbacks::Immediate).await;
    let started = std::time::Instant::now();
    create(
        &m,
        "Messages",
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Body", "x"),
            ("StatusCallback", url),
        ],
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the create does not wait for its callbacks"
    );
    m
}

#[tokio::test]
async fn forged_and_altered_callbacks_are_rejected() {
    let (hooks, r, task) = receiver().await;
    let url = format!("{hooks}/status");
    let params = [("MessageSid", "SM1"), ("MessageStatus", "delivered")];
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let send = |signature: String, body: String| {
        http()
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
    };
    let genuine = RequestValidator::new(TOKEN).signature(&url, &params);
    let forged = RequestValidator::new("another token").signature(&url, &params);
    let ok = send(genuine.clone(), body.clone())
        .await
        .expect("an answer");
    assert_eq!(ok.status(), 204);
    let answer = send(forged, body.clone()).await.expect("an answer");
    assert_eq!(answer.status(), 403, "signed with another token");
    let altered = body.replace("delivered", "failed");
    let answer = send(genuine, altered).await.expect("an answer");
    assert_eq!(answer.status(), 403, "a parameter changed after signing");
    let unsigned = http()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("an answer");
    assert_eq!(unsigned.status(), 403, "no signature");
    assert_eq!(
        r.got.lock().expect("the list").len(),
        1,
        "only the genuine one"
    );
    task.abort();
}
