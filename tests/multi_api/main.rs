//! One program, three generated Twilio crates (Flex v1, Chat v1, Sync v1), one `Client`, one
//! local Twilio serving every shared spec.
//!
//! Built and run by `tests/generated_crates.rs`, which starts `twilio-mock` with all of
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
//! - the three crates' glob imports coexist: `Client`, `Error` and `Sid` are one item each;
//! - a Chat Service SID (`IS…`) from Chat is what Flex's `CreateFlexFlow::new` takes as its
//!   `ChatServiceSid`, with no conversion: both name `Sid<'I', 'S'>`.

use std::time::Duration;

use futures_util::TryStreamExt;

#[allow(unused_imports)]
use twilio_chat_v1::*;
#[allow(unused_imports)]
use twilio_flex_v1::*;
#[allow(unused_imports)]
use twilio_sync_v1::*;

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "local-token";

/// Every call of the three APIs, through `client`; any error is the runtime's one `Error`.
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
            twilio_flex_v1::ChannelType::Web,
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
    let outcome = tokio::time::timeout(Duration::from_secs(60), run(&client)).await;
    match outcome {
        Ok(Ok(())) => println!("three APIs, one client, one local Twilio: ok"),
        Ok(Err(e)) => panic!("a call failed: {e}"),
        Err(_) => panic!("the program did not finish within 60 s"),
    }
}
