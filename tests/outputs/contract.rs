//! Contract tests: the generated client (`generated/twilio-flex-v1`) against a Prism mock of
//! each spec, `spec/twilio_flex_v1.yaml` and Twilio's full `../shared/specs/twilio_flex_v1.yaml`.
//!
//! Prism checks every request against the spec (basic auth, path and query parameters, form
//! body types, patterns, enums, formats) and answers with the spec's example responses; a
//! request that breaks the spec gets a 422 listing Prism's validation messages. Against each
//! spec:
//!
//! - `every_operation_*`: every FlexFlow operation of the client is accepted (2xx) and its
//!   response, the spec's example, decodes into the typed model without loss.
//! - `client_side_validation_*`: what Prism would reject (bad SIDs in the path, the body and
//!   dotted keys, unknown enum values, out-of-range numbers) the client rejects with
//!   `Error::Validation` before connecting anywhere; the same raw values sent to Prism get a 422
//!   naming the same parameter. Rules the spec states only in prose (conditional requirements,
//!   `Integration.RetryCount` 0..3) the client enforces and Prism cannot.
//! - `prism_rejection_is_a_typed_error_*`: a value the client's types let through but the spec
//!   forbids comes back from Prism's 422 as `Error::Api` with Prism's validation details.
//!
//! Prism reads a dotted form key (`Integration.Url`) as one flat name and validates it against
//! the spec's property of that name (its messages point at `["body", "Integration.Url"]`); it
//! does not nest dotted keys. Its auth check wants an `Authorization: Basic` header holding
//! base64 `user:password`, whatever the values.
//!
//! Each test starts its own Prism and the guard stops it when the test ends or fails (see
//! `contract/harness.rs`, tested at the end of this file). Prism must be installed
//! (`npm ci --prefix tests/contract`); without it, or without the full spec, the tests fail.

#[path = "../contract/harness.rs"]
mod harness;

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::TryStreamExt;
use harness::Prism;
use serde_json::{json, Value};
use twilio_flex_v1::url::Url;
use twilio_flex_v1::{
    ChatServiceSid, Client, CreateFlexFlow, Credentials, Error, FlexFlow, FlexFlowChannelType,
    FlexFlowIntegration, FlexFlowIntegrationType, FlexFlowSid, FlexV1, FlexV1Ext, FlowSid,
    ListFlexFlow, RetryPolicy, UpdateFlexFlow, WorkflowSid, WorkspaceSid,
};
use workspace_tests::{flexflow_spec, shared_flex_spec};

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "contract-test-auth-token";
const LIST: &str = "/v1/FlexFlows";
const INSTANCE: &str = "/v1/FlexFlows/{Sid}";

// ---------------------------------------------------------------------------------------
// The tests, once per spec.

#[tokio::test]
async fn every_operation_against_our_spec() {
    every_operation(Spec::load(&flexflow_spec())).await;
}

#[tokio::test]
async fn every_operation_against_the_full_spec() {
    every_operation(Spec::load(&shared_flex_spec())).await;
}

#[tokio::test]
async fn client_side_validation_against_our_spec() {
    client_side_validation(Spec::load(&flexflow_spec())).await;
}

#[tokio::test]
async fn client_side_validation_against_the_full_spec() {
    client_side_validation(Spec::load(&shared_flex_spec())).await;
}

#[tokio::test]
async fn prism_rejection_is_a_typed_error_against_our_spec() {
    prism_rejection_is_a_typed_error(Spec::load(&flexflow_spec())).await;
}

#[tokio::test]
async fn prism_rejection_is_a_typed_error_against_the_full_spec() {
    prism_rejection_is_a_typed_error(Spec::load(&shared_flex_spec())).await;
}

// ---------------------------------------------------------------------------------------
// Every operation.

/// Create (once per integration type), fetch, list through the stream, update with every
/// parameter, delete. Each must succeed, and each response must be the spec's example decoded
/// into typed values (known enum variants, valid SIDs) that serialize back to the example.
async fn every_operation(spec: Spec) {
    // Prism's start blocks this (current-thread) runtime for a second or two; nothing else
    // runs on it meanwhile.
    let prism = Prism::start(&spec.path);
    let client = client(&prism.base_url());
    let raw = Raw::new(&prism);

    // Prism enforces the spec's basic auth, so the successes below show that the client
    // authenticates.
    let (status, body) = raw.get_without_auth(LIST).await;
    assert_eq!(status, 401, "Prism requires basic auth: {body}");

    // Create, once per integration type. Each sets every parameter of the spec's form body;
    // the three together set every `Integration.*` member it lists.
    let spec_fields = spec.form_fields(LIST, "post");
    let spec_members = spec.dotted_members(LIST, "post", "Integration");
    let mut members_sent = BTreeSet::new();
    let mut created_sids = Vec::new();
    for (kind, integration) in [
        (
            FlexFlowIntegrationType::Studio,
            FlexFlowIntegration::new()
                .flow_sid(flow_sid())
                .retry_count(2),
        ),
        (
            FlexFlowIntegrationType::External,
            FlexFlowIntegration::new()
                .url(Url::parse("https://example.com/flex/inbound?source=contract").unwrap())
                .retry_count(0),
        ),
        (
            FlexFlowIntegrationType::Task,
            FlexFlowIntegration::new()
                .workspace_sid(workspace_sid())
                .workflow_sid(workflow_sid())
                .channel("sms")
                .timeout(3600)
                .priority(5)
                .creation_on_message(true),
        ),
    ] {
        members_sent.extend(set_members(&integration));
        let params = CreateFlexFlow::new(
            FlexFlowChannelType::Web,
            chat_service_sid(),
            format!("Support ({kind})"),
        )
        .contact_identity("+14155551234")
        .enabled(true)
        .integration_type(kind.clone())
        .long_lived(false)
        .janitor_enabled(true)
        .integration(integration);
        assert_eq!(
            set_fields(&params),
            spec_fields,
            "create ({kind}) sets every parameter: {params:#?}"
        );
        let created = succeed(
            &prism,
            &format!("create ({kind})"),
            client.flex_flows().create(params).await,
        );
        check_flow("create", &created, &spec.example(LIST, "post", "201"));
        created_sids.push(created.sid.expect("checked above"));
    }
    assert_eq!(
        members_sent, spec_members,
        "the creates together send every Integration.* member of the spec"
    );

    let sid = &created_sids[0];
    let fetched = succeed(&prism, "fetch", client.flex_flow(sid).fetch().await);
    check_flow("fetch", &fetched, &spec.example(INSTANCE, "get", "200"));

    // The example page has no next page, so the stream ends after it. (Were there one, the
    // client would follow it to Prism, which would answer the same page forever.)
    let page = spec.example(LIST, "get", "200");
    assert!(
        page["meta"]["next_page_url"].is_null(),
        "the list example is one page: {page:#}"
    );
    let items = page["flex_flows"]
        .as_array()
        .expect("the example lists flex_flows");
    assert!(!items.is_empty(), "the list example has items to decode");
    let listed: Vec<FlexFlow> = succeed(
        &prism,
        "list",
        client
            .flex_flows()
            .list(
                // `Page` and `PageToken` are not set by callers: the list follows each
                // page's next-page link, which carries them.
                ListFlexFlow::new().friendly_name("Support").page_size(50),
            )
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(listed.len(), items.len(), "one item per example item");
    for (flow, example) in listed.iter().zip(items) {
        check_flow("list", flow, example);
    }

    // Update with every parameter, every integration member included.
    let all_members = FlexFlowIntegration::new()
        .flow_sid(flow_sid())
        .url(Url::parse("https://example.com/flex/updated").unwrap())
        .workspace_sid(workspace_sid())
        .workflow_sid(workflow_sid())
        .channel("chat")
        .timeout(600)
        .priority(1)
        .creation_on_message(false)
        .retry_count(3);
    assert_eq!(
        set_members(&all_members),
        spec.dotted_members(INSTANCE, "post", "Integration"),
        "the update sends every Integration.* member of the spec"
    );
    let params = UpdateFlexFlow::new()
        .friendly_name("Support (renamed)")
        .chat_service_sid(chat_service_sid())
        .channel_type(FlexFlowChannelType::Sms)
        .contact_identity("+14155550000")
        .enabled(false)
        .integration_type(FlexFlowIntegrationType::Task)
        .long_lived(true)
        .janitor_enabled(false)
        .integration(all_members);
    assert_eq!(
        set_fields(&params),
        spec.form_fields(INSTANCE, "post"),
        "the update sets every parameter: {params:#?}"
    );
    let updated = succeed(&prism, "update", client.flex_flow(sid).update(params).await);
    check_flow("update", &updated, &spec.example(INSTANCE, "post", "200"));

    succeed(&prism, "delete", client.flex_flow(sid).delete().await);
}

/// A decoded flow is the example: typed values where the model has types, and nothing lost
/// (it serializes back to the example).
fn check_flow(operation: &str, flow: &FlexFlow, example: &Value) {
    let sid = flow.sid.as_ref().expect("the example has a sid");
    assert!(
        sid.is_valid() && sid.as_str().starts_with("FO"),
        "{operation}: {sid:?}"
    );
    let account = flow
        .account_sid
        .as_ref()
        .expect("the example has an account_sid");
    assert!(account.is_valid(), "{operation}: {account:?}");
    let chat = flow
        .chat_service_sid
        .as_ref()
        .expect("the example has a chat_service_sid");
    assert!(chat.is_valid(), "{operation}: {chat:?}");
    assert!(
        flow.channel_type.as_ref().is_some_and(|t| t.is_known()),
        "{operation}: {:?} is a value the spec lists",
        flow.channel_type
    );
    assert!(
        flow.integration_type.as_ref().is_some_and(|t| t.is_known()),
        "{operation}: {:?} is a value the spec lists",
        flow.integration_type
    );
    assert!(
        flow.unmatched().is_empty(),
        "{operation}: the example fits the model: {:?}",
        flow.unmatched()
    );
    assert!(flow.date_created.is_some(), "{operation}: date_created");
    let integration = flow
        .integration
        .as_ref()
        .expect("the example has an integration");
    if let Some(flow_sid) = &integration.flow_sid {
        assert!(flow_sid.is_valid(), "{operation}: {flow_sid:?}");
    }
    let decoded = serde_json::to_value(flow).expect("a flow serializes");
    assert_eq!(
        &decoded, example,
        "{operation}: the decoded response serializes back to the spec's example"
    );
}

// ---------------------------------------------------------------------------------------
// Client-side validation.

/// What Prism would reject, the client rejects before sending.
///
/// Each client call goes to a "trap": a listening socket that never accepts. A call the client
/// sent, or only tried to, would leave a connection in the trap's queue (the kernel completes
/// the handshake for a listening socket); after each rejection the queue must be empty. Then the
/// same value goes to Prism in a raw request, to show that Prism rejects it too and names the
/// same parameter.
///
/// A value the spec forbids gets past the client's types in three ways: a SID decoded from JSON
/// (decoding is lenient, so a response never fails on a SID; the client checks it again before
/// sending), an enum's `Other` variant (kept for values the server sends that this version does
/// not know), and an integer outside the spec's range. Required parameters are constructor
/// arguments, so they cannot be missing.
async fn client_side_validation(spec: Spec) {
    let prism = Prism::start(&spec.path);
    let validation = Validation::new(&prism);
    validation.path_sids().await;
    validation.body_sid().await;
    validation.dotted_sids().await;
    validation.unlisted_enum_values().await;
    validation.query_ranges().await;
    validation.description_rules().await;
}

/// What the validation steps share: raw requests to Prism, and a client whose requests go to
/// the trap.
struct Validation {
    raw: Raw,
    trap: TcpListener,
    client: FlexV1,
    /// The path of one flow.
    instance: String,
}

impl Validation {
    /// A trap listening on a free port, a client sending to it, raw requests to `prism`.
    fn new(prism: &Prism) -> Validation {
        let raw = Raw::new(prism);
        let trap = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind the trap");
        trap.set_nonblocking(true).expect("a non-blocking trap");
        let client = client(&format!(
            "http://{}",
            trap.local_addr().expect("the trap's address")
        ));
        Validation {
            raw,
            trap,
            client,
            instance: format!("{LIST}/{FLEX_FLOW_SID}"),
        }
    }

    /// The client refused with `Error::Validation` naming `param`, and did not connect.
    fn rejected(&self, what: &str, result: twilio_flex_v1::Result<()>, param: &str) {
        rejected_before_sending(what, result, param, &self.trap)
    }

    /// A flow SID in the path that does not match `^FO[0-9a-fA-F]{32}$`, or has another prefix.
    async fn path_sids(&self) {
        let bad: FlexFlowSid = lenient("FO0123");
        self.rejected(
            "fetch",
            self.client.flex_flow(&bad).fetch().await.map(drop),
            "Sid",
        );
        self.rejected(
            "update",
            self.client
                .flex_flow(&bad)
                .update(UpdateFlexFlow::new().enabled(true))
                .await
                .map(drop),
            "Sid",
        );
        self.rejected("delete", self.client.flex_flow(&bad).delete().await, "Sid");
        prism_rejects(
            "a short flow SID in the path",
            self.raw.get(&format!("{LIST}/FO0123")).await,
            &["path", "Sid"],
        );
        // Right length, wrong prefix.
        let wrong_prefix: FlexFlowSid = lenient(FLOW_SID);
        self.rejected(
            "fetch with a FW SID",
            self.client.flex_flow(&wrong_prefix).fetch().await.map(drop),
            "Sid",
        );
        prism_rejects(
            "a FW SID in the flow path",
            self.raw.get(&format!("{LIST}/{FLOW_SID}")).await,
            &["path", "Sid"],
        );
    }

    /// A SID in the body.
    async fn body_sid(&self) {
        self.rejected(
            "create with a bad ChatServiceSid",
            self.client
                .flex_flows()
                .create(CreateFlexFlow::new(
                    FlexFlowChannelType::Web,
                    lenient::<ChatServiceSid>("IS0123"),
                    "Support",
                ))
                .await
                .map(drop),
            "ChatServiceSid",
        );
        prism_rejects(
            "a bad ChatServiceSid",
            self.raw
                .post(LIST, &create_form(&[("ChatServiceSid", "IS0123")]))
                .await,
            &["body", "ChatServiceSid"],
        );
    }

    /// SIDs under dotted keys, on create and on update.
    async fn dotted_sids(&self) {
        self.rejected(
            "create with a bad Integration.FlowSid",
            self.client
                .flex_flows()
                .create(
                    CreateFlexFlow::new(FlexFlowChannelType::Web, chat_service_sid(), "Support")
                        .integration_type(FlexFlowIntegrationType::Studio)
                        .integration(
                            FlexFlowIntegration::new().flow_sid(lenient::<FlowSid>("FW0123")),
                        ),
                )
                .await
                .map(drop),
            "Integration.FlowSid",
        );
        prism_rejects(
            "a bad Integration.FlowSid",
            self.raw
                .post(
                    LIST,
                    &create_form(&[
                        ("IntegrationType", "studio"),
                        ("Integration.FlowSid", "FW0123"),
                    ]),
                )
                .await,
            &["body", "Integration.FlowSid"],
        );
        self.rejected(
            "update with a bad Integration.WorkflowSid",
            self.client
                .flex_flow(&flex_flow_sid())
                .update(UpdateFlexFlow::new().integration(
                    FlexFlowIntegration::new().workflow_sid(lenient::<WorkflowSid>(WORKSPACE_SID)),
                ))
                .await
                .map(drop),
            "Integration.WorkflowSid",
        );
        prism_rejects(
            "a WS SID as Integration.WorkflowSid",
            self.raw
                .post(
                    &self.instance,
                    &[("Integration.WorkflowSid", WORKSPACE_SID)],
                )
                .await,
            &["body", "Integration.WorkflowSid"],
        );
    }

    /// Values the enums do not list.
    async fn unlisted_enum_values(&self) {
        self.rejected(
            "create with ChannelType `pigeon`",
            self.client
                .flex_flows()
                .create(CreateFlexFlow::new(
                    FlexFlowChannelType::Other("pigeon".into()),
                    chat_service_sid(),
                    "Support",
                ))
                .await
                .map(drop),
            "ChannelType",
        );
        prism_rejects(
            "ChannelType `pigeon`",
            self.raw
                .post(LIST, &create_form(&[("ChannelType", "pigeon")]))
                .await,
            &["body", "ChannelType"],
        );
        self.rejected(
            "update with IntegrationType `carrier`",
            self.client
                .flex_flow(&flex_flow_sid())
                .update(
                    UpdateFlexFlow::new()
                        .integration_type(FlexFlowIntegrationType::Other("carrier".into())),
                )
                .await
                .map(drop),
            "IntegrationType",
        );
        prism_rejects(
            "IntegrationType `carrier`",
            self.raw
                .post(&self.instance, &[("IntegrationType", "carrier")])
                .await,
            &["body", "IntegrationType"],
        );
    }

    /// Query parameters out of the spec's ranges.
    async fn query_ranges(&self) {
        for (size, text) in [(0, "0"), (1001, "1001")] {
            let first = first_item(&self.client, ListFlexFlow::new().page_size(size)).await;
            self.rejected(
                &format!("list with PageSize {size}"),
                first.map(drop),
                "PageSize",
            );
            prism_rejects(
                &format!("PageSize {size}"),
                self.raw.get(&format!("{LIST}?PageSize={text}")).await,
                &["query", "PageSize"],
            );
        }
        prism_rejects(
            "Page -1",
            self.raw.get(&format!("{LIST}?Page=-1")).await,
            &["query", "Page"],
        );
    }

    /// Rules the spec states only in descriptions: a member "required when `integrationType`
    /// is ..." and RetryCount's "integer values from 0 to 3". The client enforces them; Prism
    /// only reads schemas, so it accepts these requests, and the real API is left to reject them.
    async fn description_rules(&self) {
        for (kind, wire, member) in [
            (
                FlexFlowIntegrationType::Studio,
                "studio",
                "Integration.FlowSid",
            ),
            (
                FlexFlowIntegrationType::External,
                "external",
                "Integration.Url",
            ),
            // The first of task's required members by wire name (the client checks in that order).
            (FlexFlowIntegrationType::Task, "task", "Integration.Channel"),
        ] {
            self.rejected(
                &format!("create ({kind}) without {member}"),
                self.client
                    .flex_flows()
                    .create(
                        CreateFlexFlow::new(
                            FlexFlowChannelType::Web,
                            chat_service_sid(),
                            "Support",
                        )
                        .integration_type(kind.clone()),
                    )
                    .await
                    .map(drop),
                member,
            );
            prism_accepts(
                &format!("IntegrationType {wire} without {member}"),
                self.raw
                    .post(LIST, &create_form(&[("IntegrationType", wire)]))
                    .await,
            );
        }
        self.rejected(
            "create with Integration.RetryCount 4",
            self.client
                .flex_flows()
                .create(
                    CreateFlexFlow::new(FlexFlowChannelType::Web, chat_service_sid(), "Support")
                        .integration_type(FlexFlowIntegrationType::Studio)
                        .integration(
                            FlexFlowIntegration::new()
                                .flow_sid(flow_sid())
                                .retry_count(4),
                        ),
                )
                .await
                .map(drop),
            "Integration.RetryCount",
        );
        prism_accepts(
            "Integration.RetryCount 4",
            self.raw
                .post(
                    LIST,
                    &create_form(&[
                        ("IntegrationType", "studio"),
                        ("Integration.FlowSid", FLOW_SID),
                        ("Integration.RetryCount", "4"),
                    ]),
                )
                .await,
        );
    }
}

/// The form of a create with the required fields, `extra` replacing or joining them.
fn create_form(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let required = [
        ("FriendlyName", "Support"),
        ("ChatServiceSid", CHAT_SERVICE_SID),
        ("ChannelType", "web"),
    ];
    let mut form: Vec<(&str, &str)> = required
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .copied()
        .collect();
    form.extend_from_slice(extra);
    form
}

/// The first item of a list's stream.
async fn first_item(
    client: &FlexV1,
    params: ListFlexFlow,
) -> twilio_flex_v1::Result<Option<FlexFlow>> {
    let stream = client.flex_flows().list(params).stream();
    std::pin::pin!(stream).try_next().await
}

/// The client refused with `Error::Validation` naming `param`, and did not connect.
fn rejected_before_sending(
    what: &str,
    result: twilio_flex_v1::Result<()>,
    param: &str,
    trap: &TcpListener,
) {
    match trap.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        Ok((_, peer)) => {
            panic!("{what}: the client connected (from {peer}); it returned {result:?}")
        }
        Err(e) => panic!("{what}: cannot check the trap: {e}"),
    }
    match result {
        Err(Error::Validation(e)) => assert_eq!(e.param, param, "{what}: {e}"),
        other => panic!("{what}: expected Error::Validation for `{param}`, got {other:?}"),
    }
}

/// Prism answered 422 with a validation message at `location` (Prism lower-cases the names of
/// path and query parameters, so names compare without case).
fn prism_rejects(what: &str, (status, body): (u16, Value), location: &[&str]) {
    assert_eq!(status, 422, "{what}: Prism rejects it: {body:#}");
    let want: Vec<String> = location.iter().map(|s| s.to_lowercase()).collect();
    let found = body["validation"].as_array().is_some_and(|messages| {
        messages.iter().any(|m| {
            m["location"].as_array().is_some_and(|at| {
                at.iter()
                    .map(|s| s.as_str().unwrap_or_default().to_lowercase())
                    .eq(want.iter().cloned())
            })
        })
    });
    assert!(found, "{what}: Prism's 422 names {location:?}: {body:#}");
}

/// Prism answered 2xx.
fn prism_accepts(what: &str, (status, body): (u16, Value)) {
    assert!(
        (200..300).contains(&status),
        "{what}: Prism accepts it (the rule is in a description, not the schema); got {status}: \
         {body:#}"
    );
}

// ---------------------------------------------------------------------------------------
// Prism's rejection as a typed error.

/// A value the client's types accept but the spec forbids goes through, and Prism's 422 comes
/// back as `Error::Api` carrying Prism's validation messages.
///
/// The client checks everything Prism checks on SIDs, enums, numbers and booleans (see
/// `client_side_validation`), so the only such value is a URL: `Integration.Url` is a
/// `url::Url`, which follows the WHATWG URL standard and keeps `{`, `}` and `|` in a query
/// unescaped, while the spec's `format: uri` means RFC 3986, which allows none of them there.
/// The client sends the URL as given and Prism rejects it. (Should the client ever check or
/// escape such URLs, the premise assertion below fails first and this test needs another
/// value.)
async fn prism_rejection_is_a_typed_error(spec: Spec) {
    let prism = Prism::start(&spec.path);
    let client = client(&prism.base_url());
    let hook = Url::parse("https://example.com/flex/inbound?ticket={id}|{kind}").unwrap();
    assert!(
        hook.as_str().ends_with("?ticket={id}|{kind}"),
        "premise: url::Url keeps braces and bars in a query unescaped: {hook}"
    );
    let create = client
        .flex_flows()
        .create(
            CreateFlexFlow::new(FlexFlowChannelType::Web, chat_service_sid(), "Support")
                .integration_type(FlexFlowIntegrationType::External)
                .integration(FlexFlowIntegration::new().url(hook.clone())),
        )
        .await;
    prism_422_on(
        "create",
        &prism,
        create.map(drop),
        &["body", "Integration.Url"],
    );
    let update = client
        .flex_flow(&flex_flow_sid())
        .update(UpdateFlexFlow::new().integration(FlexFlowIntegration::new().url(hook)))
        .await;
    prism_422_on(
        "update",
        &prism,
        update.map(drop),
        &["body", "Integration.Url"],
    );
}

/// The result is `Error::Api` from Prism's 422, whose body names `location`.
fn prism_422_on(what: &str, prism: &Prism, result: twilio_flex_v1::Result<()>, location: &[&str]) {
    let api = match result {
        Err(Error::Api(api)) => api,
        other => panic!(
            "{what}: expected Error::Api from Prism's 422, got {other:?}\nPrism's log:\n{}",
            prism.output_tail(40)
        ),
    };
    assert_eq!(api.status, 422, "{what}: {api}");
    assert_eq!(
        Some(api.message.as_str()),
        api.body["detail"].as_str(),
        "{what}: the message is Prism's detail"
    );
    assert_eq!(
        api.body["type"], "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
        "{what}: {:#}",
        api.body
    );
    prism_rejects(what, (api.status, api.body.clone()), location);
}

// ---------------------------------------------------------------------------------------
// The harness stops Prism.

#[test]
fn prism_is_stopped_and_reaped_when_its_guard_drops() {
    let prism = Prism::start(&flexflow_spec());
    let (pid, port) = (prism.pid(), prism.port());
    assert!(process_exists(pid), "Prism runs as pid {pid}");
    assert!(accepts_connections(port), "Prism listens on {port}");
    drop(prism);
    assert!(
        !process_exists(pid),
        "pid {pid} is gone: killed and reaped, not left a zombie"
    );
    assert!(!accepts_connections(port), "nothing listens on {port}");
}

#[test]
fn prism_is_stopped_when_a_test_panics() {
    let (tx, rx) = std::sync::mpsc::channel();
    let outcome = std::thread::spawn(move || {
        let prism = Prism::start(&flexflow_spec());
        tx.send((prism.pid(), prism.port())).expect("send");
        panic!("deliberate panic: the guard stops Prism while this unwinds");
    })
    .join();
    assert!(outcome.is_err(), "the thread panicked");
    let (pid, port) = rx.recv().expect("Prism started before the panic");
    assert!(!process_exists(pid), "pid {pid} is gone after the panic");
    assert!(!accepts_connections(port), "nothing listens on {port}");
}

#[test]
fn prism_that_cannot_start_fails_with_its_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("broken.yaml");
    std::fs::write(&spec, "openapi: [\n").expect("write the broken spec");
    let Err(message) = Prism::try_start(&spec) else {
        panic!("Prism cannot serve a spec that is not YAML");
    };
    assert!(message.contains("Prism exited"), "{message}");
    assert!(
        message.contains("Error parsing") && message.contains("broken.yaml"),
        "Prism's own output is in the message: {message}"
    );
}

fn process_exists(pid: u32) -> bool {
    // A zombie keeps its /proc entry until it is reaped.
    Path::new(&format!("/proc/{pid}")).exists()
}

fn accepts_connections(port: u16) -> bool {
    TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok()
}

// ---------------------------------------------------------------------------------------
// Helpers.

/// The Flex API on a client for `base_url` that never retries (a retry could hide a
/// failure) and gives up quickly.
fn client(base_url: &str) -> FlexV1 {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("the client builds")
        .flex_v1()
}

/// The result of an operation that must succeed; a failure shows the error, Prism's validation
/// messages (for a 422) and the end of Prism's log, which has the request the client sent.
fn succeed<T>(prism: &Prism, operation: &str, result: twilio_flex_v1::Result<T>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => {
            let validation = match &error {
                Error::Api(api) => api.body["validation"]
                    .as_array()
                    .map(|messages| {
                        messages
                            .iter()
                            .map(|m| format!("  {}: {}", m["location"], m["message"]))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            };
            panic!(
                "{operation} failed against Prism serving {}: {error}\n\
                 Prism's validation messages:\n{validation}\nPrism's log:\n{}",
                prism.spec().display(),
                prism.output_tail(40)
            )
        }
    }
}

const CHAT_SERVICE_SID: &str = "IS0123456789abcdef0123456789abcdef";
const FLOW_SID: &str = "FW0123456789abcdef0123456789abcdef";
const WORKSPACE_SID: &str = "WS0123456789abcdef0123456789abcdef";
const WORKFLOW_SID: &str = "WW0123456789abcdef0123456789abcdef";
const FLEX_FLOW_SID: &str = "FO0123456789abcdef0123456789abcdef";

fn chat_service_sid() -> ChatServiceSid {
    ChatServiceSid::parse(CHAT_SERVICE_SID).unwrap()
}

fn flow_sid() -> FlowSid {
    FlowSid::parse(FLOW_SID).unwrap()
}

fn workspace_sid() -> WorkspaceSid {
    WorkspaceSid::parse(WORKSPACE_SID).unwrap()
}

fn workflow_sid() -> WorkflowSid {
    WorkflowSid::parse(WORKFLOW_SID).unwrap()
}

fn flex_flow_sid() -> FlexFlowSid {
    FlexFlowSid::parse(FLEX_FLOW_SID).unwrap()
}

/// A value decoded from JSON, the way responses are: SIDs are kept as received.
fn lenient<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_value(json!(text)).expect("decodes")
}

/// The snake_case names of the members an `Integration` sets.
fn set_members(integration: &FlexFlowIntegration) -> BTreeSet<String> {
    let value = serde_json::to_value(integration).expect("an integration serializes");
    value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

/// The fields a parameter struct sets (is not `None` in), read from its pretty `Debug` output:
/// the lines at the first level of indentation.
fn set_fields(params: &impl std::fmt::Debug) -> BTreeSet<String> {
    format!("{params:#?}")
        .lines()
        .filter_map(|line| {
            let field = line.strip_prefix("    ")?;
            let (name, value) = field.split_once(": ")?;
            let top_level = !name.starts_with(' ');
            (top_level && !value.starts_with("None")).then(|| name.to_owned())
        })
        .collect()
}

/// Requests sent without the client, to see what Prism itself accepts.
struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    fn new(prism: &Prism) -> Raw {
        Raw {
            http: reqwest::Client::new(),
            base: prism.base_url(),
        }
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let request = self
            .http
            .get(format!("{}{path}", self.base))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN));
        Raw::send(request).await
    }

    async fn get_without_auth(&self, path: &str) -> (u16, Value) {
        Raw::send(self.http.get(format!("{}{path}", self.base))).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .form(form);
        Raw::send(request).await
    }

    async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.expect("Prism answers");
        let status = response.status().as_u16();
        let body = response.bytes().await.expect("Prism's body");
        let body = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, body)
    }
}

/// A spec file and its parsed document (YAML mappings keep their order, so "the first example"
/// is the one Prism serves).
struct Spec {
    path: PathBuf,
    doc: serde_yaml::Value,
}

impl Spec {
    fn load(path: &Path) -> Spec {
        let doc = serde_yaml::from_str(&workspace_tests::read(path))
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        Spec {
            path: path.to_owned(),
            doc,
        }
    }

    fn operation(&self, path: &str, method: &str) -> &serde_yaml::Value {
        let op = &self.doc["paths"][path][method];
        assert!(
            op.is_mapping(),
            "{} has {} {path}",
            self.path.display(),
            method.to_uppercase()
        );
        op
    }

    /// Follows a local `$ref`.
    fn resolve<'a>(&'a self, node: &'a serde_yaml::Value) -> &'a serde_yaml::Value {
        match node.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => {
                let pointer = reference
                    .strip_prefix("#/")
                    .unwrap_or_else(|| panic!("a local $ref: {reference}"));
                pointer.split('/').fold(&self.doc, |node, key| {
                    &node[key.replace("~1", "/").replace("~0", "~").as_str()]
                })
            }
            None => node,
        }
    }

    /// The first example of a JSON response: the one Prism answers with when the request does
    /// not ask for another.
    fn example(&self, path: &str, method: &str, status: &str) -> Value {
        let content = &self.operation(path, method)["responses"][status]["content"];
        let examples = content["application/json"]["examples"]
            .as_mapping()
            .unwrap_or_else(|| panic!("{method} {path} {status} has examples"));
        let (_, first) = examples.iter().next().expect("at least one example");
        serde_json::to_value(&first["value"]).expect("the example converts to JSON")
    }

    /// The properties of an operation's form body, snake_case, each dotted group as one
    /// (`Integration.FlowSid` -> `integration`): the fields of the client's parameter struct.
    fn form_fields(&self, path: &str, method: &str) -> BTreeSet<String> {
        self.form_properties(path, method)
            .iter()
            .map(|name| snake_case(name.split('.').next().unwrap_or(name)))
            .collect()
    }

    /// The members of a dotted group (`Integration.FlowSid` -> `flow_sid`) of an operation's
    /// form body.
    fn dotted_members(&self, path: &str, method: &str, group: &str) -> BTreeSet<String> {
        let prefix = format!("{group}.");
        let members: BTreeSet<String> = self
            .form_properties(path, method)
            .iter()
            .filter_map(|name| name.strip_prefix(&prefix).map(snake_case))
            .collect();
        assert!(!members.is_empty(), "{method} {path} has {group}.* members");
        members
    }
}

impl Spec {
    /// The property names of an operation's form body, as the spec writes them.
    fn form_properties(&self, path: &str, method: &str) -> Vec<String> {
        let body = self.resolve(&self.operation(path, method)["requestBody"]);
        let schema = self.resolve(&body["content"]["application/x-www-form-urlencoded"]["schema"]);
        let properties = schema["properties"]
            .as_mapping()
            .unwrap_or_else(|| panic!("{method} {path} has form properties"));
        properties
            .keys()
            .map(|k| k.as_str().expect("property names are strings").to_owned())
            .collect()
    }
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
