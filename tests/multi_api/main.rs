//! One program, four generated Twilio crates (API v2010, Flex v1, Chat v1, Sync v1), one
//! `Client`, one local Twilio serving every shared spec.
//!
//! Built and run by `tests/outputs/generated_crates.rs`, which starts `twilio-mock` with all of
//! `../shared/specs` and gives its address in `TWILIO_LOCAL_URL`: the crates are generated
//! into a temporary directory, and this file is the `main.rs` of a package beside them. It
//! exits non-zero (a panic or an error) when anything is off.
//!
//! What it shows:
//! - one `Client` (credentials, local Twilio, retries) serves every API, and every call
//!   returns the one `twilio_runtime::Error`;
//! - Chat and Sync both have `/v1/Services`: through `ClientBuilder::local_twilio` each call
//!   names its API's host, so the one mock keeps Chat's services and Sync's apart, as Twilio's
//!   `chat.twilio.com` and `sync.twilio.com` do;
//! - `services()` exists in Chat and in Sync, `configuration()` in Flex, and none collide:
//!   each API's resources hang off its own handle (`client.chat_v1()`, `client.sync_v1()`);
//! - the four crates' glob imports coexist: `Client`, `Error` and `Sid` are one item each;
//! - a Chat Service SID (`IS…`) from Chat is what Flex's `CreateFlexFlow::new` takes as its
//!   `ChatServiceSid`, with no conversion: both name `Sid<'I', 'S'>`;
//! - API v2010 acts in the credentials' account with no account argument: an SMS and a call
//!   are created, fetched, listed page by page, updated and deleted; `in_account` names
//!   another account in the path;
//! - webhooks: an axum handler taking the runtime's `TwilioRequest` (a request signed with
//!   the auth token, else 403) receives the SMS's status callbacks from the mock, `queued`,
//!   `sent`, `delivered` in order; forged and altered requests are rejected. The README's
//!   webhook example is made of this file's lines (`tests/outputs/generated_crates.rs` checks it).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use futures_util::TryStreamExt;
use twilio_runtime::webhook::axum::{TwilioRequest, WebhookConfig};
use twilio_runtime::webhook::{RequestValidator, SIGNATURE_HEADER};

#[allow(unused_imports)]
use twilio_api_v2010::*;
#[allow(unused_imports)]
use twilio_chat_v1::*;
#[allow(unused_imports)]
use twilio_flex_v1::*;
#[allow(unused_imports)]
use twilio_sync_v1::*;

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "local-token";

/// Every call of Chat, Sync and Flex, through `client`; any error is the runtime's one `Error`.
async fn run(client: &Client) -> Result<(), twilio_runtime::Error> {
    // Chat: create a Service. Sync has `services()` too, on its own handle and host.
    let chat_service: twilio_chat_v1::Service = client
        .chat_v1()
        .services()
        .create(twilio_chat_v1::CreateService::new("support chat"))
        .await?;
    let sid = chat_service.sid.clone().ok_or_else(|| {
        twilio_runtime::Error::invalid("sid", "the created Chat Service has no SID")
    })?;
    let sync_service = client
        .sync_v1()
        .services()
        .create(twilio_sync_v1::CreateService::new().friendly_name("sync one"))
        .await?;
    assert_ne!(sync_service.sid, chat_service.sid);

    // One path, two APIs, each listing its own.
    let sync_services: Vec<twilio_sync_v1::Service> = client
        .sync_v1()
        .services()
        .list(twilio_sync_v1::ListService::new())
        .stream()
        .try_collect()
        .await?;
    let names: Vec<Option<&str>> = sync_services
        .iter()
        .map(|s| s.friendly_name.as_deref())
        .collect();
    assert_eq!(names, [Some("sync one")]);
    let chat_services: Vec<twilio_chat_v1::Service> = client
        .chat_v1()
        .services()
        .list(twilio_chat_v1::ListService::new().page_size(1))
        .stream()
        .try_collect()
        .await?;
    assert_eq!(chat_services.len(), 1);
    assert_eq!(chat_services[0].sid.as_ref(), Some(&sid));
    // Chat's Service is not Sync's.
    match client.sync_v1().service(&sid).fetch().await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.code, Some(20404)),
        other => panic!("Sync has no service {sid}: {other:?}"),
    }

    // Flex: the Chat Service's SID is the Flex Flow's ChatServiceSid as it is.
    let chat_service_sid: twilio_flex_v1::ChatServiceSid = sid;
    let flow = client
        .flex_v1()
        .flex_flows()
        .create(twilio_flex_v1::CreateFlexFlow::new(
            twilio_flex_v1::FlexFlowChannelType::Web,
            chat_service_sid.clone(),
            "support",
        ))
        .await?;
    assert_eq!(flow.chat_service_sid.as_ref(), Some(&chat_service_sid));
    let flow_sid = flow.sid.clone().ok_or_else(|| {
        twilio_runtime::Error::invalid("sid", "the created Flex Flow has no SID")
    })?;
    let fetched = client.flex_v1().flex_flow(&flow_sid).fetch().await?;
    assert_eq!(fetched.friendly_name.as_deref(), Some("support"));

    // Flex's singleton Configuration exists from its first fetch, as on Twilio.
    let configuration = client.flex_v1().configuration().fetch().await?;
    assert_eq!(
        configuration.account_sid.as_ref().map(|s| s.as_str()),
        Some(ACCOUNT_SID)
    );

    // An API error is the same `Error` type for every crate.
    client.flex_v1().flex_flow(&flow_sid).delete().await?;
    match client.flex_v1().flex_flow(&flow_sid).fetch().await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.code, Some(20404)),
        other => panic!("expected the 404 as an API error, got {other:?}"),
    }
    Ok(())
}

/// API v2010 in the client's account: an SMS and a call, each created, fetched, listed two
/// to a page, updated and deleted.
async fn send_sms_and_place_a_call(client: &Client) -> Result<(), twilio_runtime::Error> {
    use twilio_api_v2010 as v2010;
    let api = client.api_v2010();
    let mut sids = Vec::new();
    for body in ["one", "two", "three"] {
        let sms = api
            .messages()
            .create(
                v2010::CreateMessage::new("+15550100")
                    .from("+15550199")
                    .body(body),
            )
            .await?;
        assert_eq!(
            sms.account_sid.as_ref().map(|a| a.as_str()),
            Some(ACCOUNT_SID)
        );
        let sid = sms.sid.clone().ok_or_else(|| {
            twilio_runtime::Error::invalid("sid", "the created message has no SID")
        })?;
        assert!(sid.starts_with("SM"), "an SMS SID: {sid}");
        sids.push(sid);
    }
    let first = &sids[0];
    let fetched = api.message(first).fetch().await?;
    assert_eq!(fetched.body.as_deref(), Some("one"));
    assert_eq!(fetched.to.as_deref(), Some("+15550100"));
    // Two to a page: the second page comes from v2010's `next_page_uri`.
    let listed: Vec<v2010::Message> = api
        .messages()
        .list(v2010::ListMessage::new().page_size(2))
        .stream()
        .try_collect()
        .await?;
    let mut listed_sids: Vec<String> = listed.iter().filter_map(|m| m.sid.clone()).collect();
    listed_sids.sort();
    let mut want = sids.clone();
    want.sort();
    assert_eq!(listed_sids, want);
    // Redact the body, then delete.
    let redacted = api
        .message(first)
        .update(v2010::UpdateMessage::new().body(""))
        .await?;
    assert_eq!(redacted.body.as_deref(), Some(""));
    api.message(first).delete().await?;
    match api.message(first).fetch().await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.status, 404),
        other => panic!("the deleted message is gone: {other:?}"),
    }

    // A call: create, fetch, list, update, delete.
    let twiml_url = url::Url::parse("https://example.com/twiml").expect("a URL");
    let call = api
        .calls()
        .create(v2010::CreateCall::new("+15550199", "+15550100").url(twiml_url))
        .await?;
    assert_eq!(call.from.as_deref(), Some("+15550199"));
    assert_eq!(call.to.as_deref(), Some("+15550100"));
    let call_sid = call.sid.clone().ok_or_else(|| {
        twilio_runtime::Error::invalid("sid", "the created call has no SID")
    })?;
    let fetched = api.call(&call_sid).fetch().await?;
    assert_eq!(fetched.sid.as_ref(), Some(&call_sid));
    let calls: Vec<v2010::Call> = api
        .calls()
        .list(v2010::ListCall::new().page_size(1))
        .stream()
        .try_collect()
        .await?;
    assert_eq!(calls.len(), 1);
    let updated = api
        .call(&call_sid)
        .update(v2010::UpdateCall::new().twiml("<Response><Hangup/></Response>"))
        .await?;
    assert_eq!(updated.sid.as_ref(), Some(&call_sid));
    api.call(&call_sid).delete().await?;
    match api.call(&call_sid).fetch().await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.status, 404),
        other => panic!("the deleted call is gone: {other:?}"),
    }

    // Another account, named on the handle, is in the path: the mock answers 404 for an
    // account the credentials are not.
    let other = v2010::AccountSid::parse("ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")?;
    match api.in_account(&other).messages().list(v2010::ListMessage::new()).first_page().await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.status, 404),
        other => panic!("another account's messages are not ours: {other:?}"),
    }
    Ok(())
}

/// The webhook handler's state: the validator's configuration and what it accepted.
#[derive(Clone)]
struct Hooks {
    config: WebhookConfig,
    seen: Arc<Mutex<Vec<String>>>,
}

impl FromRef<Hooks> for WebhookConfig {
    fn from_ref(hooks: &Hooks) -> Self {
        hooks.config.clone()
    }
}

/// Accepts only requests Twilio (here, the mock) signed: `TwilioRequest` answers 403 first.
async fn message_status(State(hooks): State<Hooks>, request: TwilioRequest) -> StatusCode {
    let status = request.param("MessageStatus").unwrap_or_default().to_owned();
    hooks.seen.lock().expect("the list").push(status);
    StatusCode::NO_CONTENT
}

/// An SMS with a status callback: the handler sees `queued`, `sent`, `delivered` in order,
/// each signed; a forged or altered request is refused.
async fn webhooks(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let base = format!("http://{}", listener.local_addr()?);
    let hooks = Hooks {
        config: WebhookConfig::new(RequestValidator::new(AUTH_TOKEN), &base),
        seen: Arc::default(),
    };
    let app = Router::new()
        .route("/message-status", post(message_status))
        .with_state(hooks.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let callback: url::Url = format!("{base}/message-status").parse()?;
    let sms = client
        .api_v2010()
        .messages()
        .create(
            twilio_api_v2010::CreateMessage::new("+15550100")
                .from("+15550199")
                .body("hello")
                .status_callback(callback.clone()),
        )
        .await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let seen = loop {
        let seen = hooks.seen.lock().expect("the list").clone();
        if seen.len() >= 3 || tokio::time::Instant::now() > deadline {
            break seen;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(seen, ["queued", "sent", "delivered"], "for {:?}", sms.sid);

    // Forged (another token) and altered (a value changed after signing): refused.
    let params = [("MessageSid", "SM1"), ("MessageStatus", "delivered")];
    let body = "MessageSid=SM1&MessageStatus=delivered";
    let http = reqwest::Client::new();
    let forged = RequestValidator::new("not the token").signature(callback.as_str(), &params);
    let genuine = RequestValidator::new(AUTH_TOKEN).signature(callback.as_str(), &params);
    for (signature, body) in [
        (forged, body.to_owned()),
        (genuine, body.replace("delivered", "failed")),
    ] {
        let answer = http
            .post(callback.as_str())
            .header("content-type", "application/x-www-form-urlencoded")
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await?;
        assert_eq!(answer.status(), 403);
    }
    assert_eq!(hooks.seen.lock().expect("the list").len(), 3, "none got in");
    server.abort();
    Ok(())
}

#[tokio::main]
async fn main() {
    let local = std::env::var("TWILIO_LOCAL_URL").expect("TWILIO_LOCAL_URL names the mock");
    // One client: credentials, the local Twilio (every API's), timeout and retries set once.
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .local_twilio(local)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let outcome = tokio::time::timeout(Duration::from_secs(60), async {
        run(&client).await?;
        send_sms_and_place_a_call(&client).await?;
        webhooks(&client).await.map_err(|e| twilio_runtime::Error::Config(e.to_string()))
    })
    .await;
    match outcome {
        Ok(Ok(())) => println!("four APIs, one client, one local Twilio, webhooks: ok"),
        Ok(Err(e)) => panic!("a call failed: {e}"),
        Err(_) => panic!("the program did not finish within 60 s"),
    }
}
