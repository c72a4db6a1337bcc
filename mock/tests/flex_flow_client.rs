//! The generated FlexFlow client (`generated/twilio-flex-v1`) against the mock of `spec/`:
//! a whole round trip, retries end to end, and every answer valid by the spec's schemas.

mod support;

use futures_util::TryStreamExt;
use support::{client, flexflow_spec, start, ResponseSchemas};
use twilio_flex_v1::*;
use twilio_mock::Fault;

fn chat_service() -> ChatServiceSid {
    ChatServiceSid::parse("ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").expect("a chat service SID")
}

#[tokio::test]
async fn flex_flow_round_trip_with_the_generated_client() {
    let mock = start(&[flexflow_spec()]).await;
    let flex = client(&mock).flex_v1();
    let hook = url::Url::parse("https://example.com/hook").expect("a URL");

    // create: every sent value comes back, the Integration group as one object.
    let created = flex
        .flex_flows()
        .create(
            CreateFlexFlow::new(FlexFlowChannelType::Web, chat_service(), "Support")
                .contact_identity("+15550100")
                .enabled(true)
                .integration_type(FlexFlowIntegrationType::External)
                .long_lived(true)
                .janitor_enabled(false)
                .integration(FlexFlowIntegration::new().url(hook.clone()).retry_count(2)),
        )
        .await
        .expect("create succeeds");
    let sid = created.sid.clone().expect("a SID");
    assert!(sid.as_str().starts_with("FO"), "{sid}");
    assert_eq!(
        created.account_sid.as_ref().map(|s| s.as_str()),
        Some(support::ACCOUNT)
    );
    assert!(created.date_created.is_some() && created.date_updated.is_some());
    assert_eq!(
        created.url.as_ref().map(url::Url::as_str),
        Some(format!("{}/v1/FlexFlows/{sid}", mock.base_url()).as_str())
    );

    let fetched = flex.flex_flow(&sid).fetch().await.expect("fetch succeeds");
    assert_eq!(fetched.friendly_name.as_deref(), Some("Support"));
    assert_eq!(fetched.chat_service_sid, Some(chat_service()));
    assert_eq!(fetched.channel_type, Some(FlexFlowChannelType::Web));
    assert_eq!(fetched.contact_identity.as_deref(), Some("+15550100"));
    assert_eq!(fetched.enabled, Some(true));
    assert_eq!(
        fetched.integration_type,
        Some(FlexFlowIntegrationType::External)
    );
    assert_eq!(fetched.long_lived, Some(true));
    assert_eq!(fetched.janitor_enabled, Some(false));
    let integration = fetched.integration.clone().expect("the integration object");
    assert_eq!(integration.url, Some(hook.clone()));
    assert_eq!(integration.retry_count, Some(2));
    assert_eq!(integration.flow_sid, None);
    assert_eq!(fetched.sid, Some(sid.clone()));

    // update changes only what was sent (one Integration member included).
    let updated = flex
        .flex_flow(&sid)
        .update(
            UpdateFlexFlow::new()
                .friendly_name("Sales")
                .integration(FlexFlowIntegration::new().retry_count(3)),
        )
        .await
        .expect("update succeeds");
    assert_eq!(updated.friendly_name.as_deref(), Some("Sales"));
    assert_eq!(updated.enabled, Some(true));
    assert_eq!(updated.contact_identity.as_deref(), Some("+15550100"));
    let integration = updated.integration.expect("the integration object");
    assert_eq!(integration.retry_count, Some(3));
    assert_eq!(
        integration.url,
        Some(hook),
        "a member not sent keeps its value"
    );
    let refetched = flex.flex_flow(&sid).fetch().await.expect("fetch succeeds");
    assert_eq!(refetched.friendly_name.as_deref(), Some("Sales"));

    // list across pages: 7 flows, 3 per page -> 3 pages.
    for i in 0..6 {
        flex.flex_flows()
            .create(CreateFlexFlow::new(
                FlexFlowChannelType::Sms,
                chat_service(),
                format!("Flow {i}"),
            ))
            .await
            .expect("create succeeds");
    }
    let flows: Vec<FlexFlow> = flex
        .flex_flows()
        .list(ListFlexFlow::new().page_size(3))
        .stream()
        .try_collect()
        .await
        .expect("the list streams");
    assert_eq!(flows.len(), 7);
    let mut sids: Vec<String> = flows
        .iter()
        .filter_map(|f| f.sid.as_ref().map(|s| s.as_str().to_owned()))
        .collect();
    sids.sort();
    sids.dedup();
    assert_eq!(sids.len(), 7, "each flow once");
    let pages = mock
        .recorded()
        .iter()
        .filter(|e| e.operation.as_deref() == Some("ListFlexFlow"))
        .count();
    assert_eq!(pages, 3, "three pages were fetched");
    let first = flex
        .flex_flows()
        .list(ListFlexFlow::new().page_size(3))
        .first_page()
        .await
        .expect("a page");
    assert_eq!(first.items.len(), 3);
    assert!(first
        .meta
        .next_page_url
        .as_deref()
        .is_some_and(|u| u.starts_with(&mock.base_url())));

    // The filter the spec names.
    let sales: Vec<FlexFlow> = flex
        .flex_flows()
        .list(ListFlexFlow::new().friendly_name("Sales"))
        .stream()
        .try_collect()
        .await
        .expect("the list streams");
    assert_eq!(sales.len(), 1);
    assert_eq!(sales[0].sid, Some(sid.clone()));

    // delete, then 404.
    flex.flex_flow(&sid)
        .delete()
        .await
        .expect("delete succeeds");
    match flex.flex_flow(&sid).fetch().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code, Some(20404));
        }
        other => panic!("a deleted flow is not found: {other:?}"),
    }

    let checked = ResponseSchemas::of(&flexflow_spec()).check_all(&mock.recorded());
    assert!(checked >= 14, "{checked} answers validated");
    mock.shutdown().await;
}

#[tokio::test]
async fn retries_run_end_to_end() {
    let mock = start(&[flexflow_spec()]).await;
    let flex = client(&mock).flex_v1();
    let count = |op: &str| mock.recorded().iter().filter(|e| e.method == op).count();

    // A 429 (with Retry-After) then success: the create is sent again and succeeds.
    mock.inject(Fault::new(429, 1).retry_after(0));
    let flow = flex
        .flex_flows()
        .create(CreateFlexFlow::new(
            FlexFlowChannelType::Web,
            chat_service(),
            "Support",
        ))
        .await
        .expect("the create succeeds after the 429");
    assert_eq!(count("POST"), 2, "the 429 and the retry");
    let statuses: Vec<u16> = mock.recorded().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [429, 201]);
    let sid = flow.sid.expect("a SID");

    // A 503 on a fetch is retried.
    mock.inject(Fault::new(503, 1));
    let fetched = flex
        .flex_flow(&sid)
        .fetch()
        .await
        .expect("the fetch is retried");
    assert_eq!(fetched.sid, Some(sid));
    assert_eq!(count("GET"), 2, "the 503 and the retry");

    // A 503 on a create is not: the request may have been processed.
    mock.inject(Fault::new(503, 1));
    match flex
        .flex_flows()
        .create(CreateFlexFlow::new(
            FlexFlowChannelType::Web,
            chat_service(),
            "Again",
        ))
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 503);
            assert_eq!(e.code, Some(20503));
        }
        other => panic!("a 503 on create is the caller's: {other:?}"),
    }
    assert_eq!(count("POST"), 3, "no retry of the create");
    // The fault was used up: the next create succeeds at once.
    flex.flex_flows()
        .create(CreateFlexFlow::new(
            FlexFlowChannelType::Web,
            chat_service(),
            "Again",
        ))
        .await
        .expect("the next create succeeds");

    ResponseSchemas::of(&flexflow_spec()).check_all(&mock.recorded());
    mock.shutdown().await;
}
