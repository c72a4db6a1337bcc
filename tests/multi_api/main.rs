//! One program, four generated Twilio crates (API v2010, Flex v1, Chat v1, Sync v1), one
//! `Client`, one local Twilio serving every shared spec.
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
//! - the four crates' glob imports coexist: `Client`, `Error` and `Sid` are one item each;
//! - a Chat Service SID (`IS…`) from Chat is what Flex's `CreateFlexFlow::new` takes as its
//!   `ChatServiceSid`, with no conversion: both name `Sid<'I', 'S'>`;
//! - API v2010 acts in the credentials' account with no account argument: an SMS and a call
//!   are created, fetched, listed page by page, updated and deleted; `in_account` names
//!   another account in the path.

use std::time::Duration;

use futures_util::TryStreamExt;

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
        send_sms_and_place_a_call(&client).await
    })
    .await;
    match outcome {
        Ok(Ok(())) => println!("four APIs, one client, one local Twilio: ok"),
        Ok(Err(e)) => panic!("a call failed: {e}"),
        Err(_) => panic!("the program did not finish within 60 s"),
    }
}
