//! One program, three generated Twilio crates (Flex v1, Chat v1, Sync v1), one `Client`.
//!
//! Built and run by `tests/generated_crates.rs` against a local HTTP server: the crates
//! are generated into a temporary directory, and this file is the `main.rs` of a package
//! beside them. It exits non-zero (a panic or an error) when anything is off.
//!
//! What it shows:
//! - one `Client` (credentials, base URL, retries) serves every API, and every call returns
//!   the one `twilio_runtime::Error`;
//! - `services()` exists in Chat and in Sync, `configuration()` in Flex, and none collide:
//!   each API's resources hang off its own handle (`client.chat_v1()`, `client.sync_v1()`);
//! - the three crates' glob imports coexist: `Client`, `Error` and `Sid` are one item each;
//! - a Chat Service SID (`IS…`) from Chat is what Flex's `CreateFlexFlow::new` takes as its
//!   `ChatServiceSid`, with no conversion: both name `Sid<'I', 'S'>`.

use std::time::Duration;

use futures_util::TryStreamExt;
use twilio_runtime::testing::wiremock::matchers::{basic_auth, body_string_contains, method, path};
use twilio_runtime::testing::wiremock::{Mock, MockServer, ResponseTemplate};
use twilio_runtime::testing::{ACCOUNT_SID, AUTH_TOKEN};

#[allow(unused_imports)]
use twilio_chat_v1::*;
#[allow(unused_imports)]
use twilio_flex_v1::*;
#[allow(unused_imports)]
use twilio_sync_v1::*;

const CHAT_SERVICE: &str = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const FLOW: &str = "FOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// Answers `body` to `verb path` requests with the test credentials, `times` times.
async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: serde_json::Value) {
    Mock::given(method(verb))
        .and(path(at))
        .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// Every call of the three APIs, through `client`; any error is the runtime's one `Error`.
async fn run(client: &Client, server: &MockServer) -> Result<(), twilio_runtime::Error> {
    // Chat: create a Service. Sync has `services()` too, on its own handle.
    let chat_service: twilio_chat_v1::Service = client
        .chat_v1()
        .services()
        .create(twilio_chat_v1::CreateService::new("support chat"))
        .await?;
    let sid = chat_service.sid.clone().ok_or_else(|| {
        twilio_runtime::Error::invalid("sid", "the created Chat Service has no SID")
    })?;

    // Flex: the Chat Service's SID is the Flex Flow's ChatServiceSid as it is.
    let chat_service_sid: twilio_flex_v1::ChatServiceSid = sid;
    let flow = client
        .flex_v1()
        .flex_flows()
        .create(twilio_flex_v1::CreateFlexFlow::new(
            twilio_flex_v1::ChannelType::Web,
            chat_service_sid.clone(),
            "support",
        ))
        .await?;
    assert_eq!(flow.chat_service_sid.as_ref(), Some(&chat_service_sid));
    assert_eq!(flow.sid.as_ref().map(|s| s.as_str()), Some(FLOW));

    // Sync: list its Services, through the same client.
    let sync_services: Vec<twilio_sync_v1::Service> = client
        .sync_v1()
        .services()
        .list(twilio_sync_v1::ListService::new())
        .stream()
        .try_collect()
        .await?;
    assert_eq!(sync_services.len(), 1);
    assert_eq!(sync_services[0].friendly_name.as_deref(), Some("sync one"));

    // Flex's singleton Configuration: an API error is the same `Error` type as the others.
    match client.flex_v1().configuration().fetch().await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.code, Some(20404)),
        other => panic!("expected the 404 as an API error, got {other:?}"),
    }
    server.verify().await;
    Ok(())
}

#[tokio::main]
async fn main() {
    let server = MockServer::start().await;
    // Chat's Service create and Sync's Service list share a path on the one base URL, as
    // they do on Twilio's hosts (chat.twilio.com/v1/Services, sync.twilio.com/v1/Services).
    Mock::given(method("POST"))
        .and(path("/v1/Services"))
        .and(body_string_contains("FriendlyName=support+chat"))
        .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "sid": CHAT_SERVICE,
            "account_sid": ACCOUNT_SID,
            "friendly_name": "support chat",
            "typing_indicator_timeout": 5,
            "consumption_report_interval": 10,
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/FlexFlows"))
        .and(body_string_contains(format!(
            "ChatServiceSid={CHAT_SERVICE}"
        )))
        .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "sid": FLOW,
            "chat_service_sid": CHAT_SERVICE,
            "friendly_name": "support",
            "channel_type": "web",
            "integration_type": "studio",
        })))
        .expect(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/v1/Services",
        200,
        serde_json::json!({
            "services": [{"sid": "ISbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "friendly_name": "sync one", "reachability_debouncing_window": 5000}],
            "meta": {"key": "services", "page": 0, "page_size": 50, "next_page_url": null},
        }),
    )
    .await;
    answer(
        &server,
        "GET",
        "/v1/Configuration",
        404,
        serde_json::json!({"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}),
    )
    .await;

    // One client: credentials, base URL (every API's), timeout and retries set once.
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.uri())
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let outcome = tokio::time::timeout(Duration::from_secs(60), run(&client, &server)).await;
    match outcome {
        Ok(Ok(())) => println!("three APIs, one client: ok"),
        Ok(Err(e)) => panic!("a call failed: {e}"),
        Err(_) => panic!("the program did not finish within 60 s"),
    }
}
