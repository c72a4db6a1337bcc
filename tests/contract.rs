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
//!
//! Prism reads a dotted form key (`Integration.Url`) as one flat name and validates it against
//! the spec's property of that name (its messages point at `["body", "Integration.Url"]`); it
//! does not nest dotted keys. Its auth check wants an `Authorization: Basic` header holding
//! base64 `user:password`, whatever the values.
//!
//! Each test starts its own Prism and the guard stops it when the test ends or fails (see
//! `contract/harness.rs`, tested at the end of this file). Prism must be installed
//! (`npm ci --prefix tests/contract`); without it, or without the full spec, the tests fail.

#[path = "contract/harness.rs"]
mod harness;

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::TryStreamExt;
use harness::Prism;
use serde_json::Value;
use twilio_flex_v1::url::Url;
use twilio_flex_v1::{
    ChannelType, ChatServiceSid, Client, CreateFlexFlow, Credentials, Error, FlexFlow, FlowSid,
    Integration, IntegrationType, ListFlexFlow, RetryPolicy, UpdateFlexFlow, WorkflowSid,
    WorkspaceSid,
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
            IntegrationType::Studio,
            Integration::new().flow_sid(flow_sid()).retry_count(2),
        ),
        (
            IntegrationType::External,
            Integration::new()
                .url(Url::parse("https://example.com/flex/inbound?source=contract").unwrap())
                .retry_count(0),
        ),
        (
            IntegrationType::Task,
            Integration::new()
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
            format!("Support ({kind})"),
            chat_service_sid(),
            ChannelType::Web,
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
                ListFlexFlow::new()
                    .friendly_name("Support")
                    .page_size(50)
                    .page(0)
                    .page_token("PT0"),
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
    let all_members = Integration::new()
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
        .channel_type(ChannelType::Sms)
        .contact_identity("+14155550000")
        .enabled(false)
        .integration_type(IntegrationType::Task)
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
        flow.channel_type.is_known(),
        "{operation}: {:?} is a value the spec lists",
        flow.channel_type
    );
    assert!(
        flow.integration_type.is_known(),
        "{operation}: {:?} is a value the spec lists",
        flow.integration_type
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

/// A client for `base_url` that never retries (a retry could hide a failure) and gives up
/// quickly.
fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("the client builds")
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

/// The snake_case names of the members an `Integration` sets.
fn set_members(integration: &Integration) -> BTreeSet<String> {
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

    async fn get_without_auth(&self, path: &str) -> (u16, Value) {
        Raw::send(self.http.get(format!("{}{path}", self.base))).await
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
