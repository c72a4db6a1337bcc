//! Acceptance tests: the generated provider under the real Terraform CLI against the
//! stateful local Twilio API (`twilio-mock`), installed by `terraform init` from the
//! filesystem mirror it writes (one test keeps `dev_overrides`), the way a user of seed
//! 000's provider works:
//! apply its example, re-plan, update in place, lose the flow out of band, import, read it
//! through the data source, destroy. Without `terraform` on PATH: a failure under
//! `CI=true`, else a loud skip.

use workspace_tests::flexflow_spec;
use workspace_tests::mock::{MockServer, ACCOUNT_SID, AUTH_TOKEN};
use workspace_tests::tf::{
    build_binary, init, mirrored, provider_binary, provider_for, terraform, Run, Workdir, ADDRESS,
};

/// The `terraform` and `provider` blocks of a configuration using the mock at `mock`.
fn provider_blocks(mock: &str) -> String {
    workspace_tests::tf::provider_blocks("base_url", mock)
}

fn config(mock: &str, url: &str, extra: &str) -> String {
    format!(
        r#"{}
resource "twilio_flex_flow" "flow" {{
  friendly_name    = "twilio-test"
  chat_service_sid = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  channel_type     = "web"

  integration_type = "external"
  integration {{
    url = "{url}"
  }}
}}
{extra}"#,
        provider_blocks(mock)
    )
}

/// `terraform plan -detailed-exitcode`: 0 no changes, 2 changes.
fn plan(wd: &Workdir) -> Run {
    let run = wd.run(&["plan", "-detailed-exitcode"]);
    assert!(
        run.code == 0 || run.code == 2,
        "plan failed:\n{}",
        run.text()
    );
    run
}

fn assert_empty_plan(wd: &Workdir, when: &str) {
    let run = plan(wd);
    assert_eq!(run.code, 0, "the plan {when} is not empty:\n{}", run.text());
}

fn state_value(wd: &Workdir, address: &str, attribute: &str) -> String {
    let run = wd.ok(&["state", "show", "-no-color", address]);
    run.stdout
        .lines()
        .map(str::trim)
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == attribute).then(|| v.trim().trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| panic!("{address} has no {attribute}:\n{}", run.stdout))
}

#[test]
fn seed_000_example_lifecycle_against_the_mock() {
    let Some(terraform) = terraform("seed_000_example_lifecycle_against_the_mock") else {
        return;
    };
    let provider = provider_binary();
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let mock = MockServer::start(&mock_bin, &[&flexflow_spec()]);
    let mut wd = mirrored(&terraform, &provider);
    // The token comes from the environment: the configuration has none.
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);

    // Seed 000's example applies; the next plan is empty.
    wd.write(&config(&mock.url, "https://test.com/external", ""));
    init(&wd);
    let apply = wd.ok(&["apply", "-auto-approve"]);
    assert!(apply.stdout.contains("1 added"), "{}", apply.text());
    assert_empty_plan(&wd, "after apply");
    let sid = state_value(&wd, "twilio_flex_flow.flow", "sid");
    assert!(sid.starts_with("FO") && sid.len() == 34, "{sid}");
    assert_eq!(state_value(&wd, "twilio_flex_flow.flow", "id"), sid);
    let (status, body) = mock.call("GET", &format!("/v1/FlexFlows/{sid}"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("https://test.com/external"), "{body}");

    // Changing integration.url updates in place.
    wd.write(&config(&mock.url, "https://test.com/v2", ""));
    let run = plan(&wd);
    assert!(
        run.stdout.contains("update in-place") && run.stdout.contains("0 to destroy"),
        "{}",
        run.text()
    );
    wd.ok(&["apply", "-auto-approve"]);
    assert_eq!(
        state_value(&wd, "twilio_flex_flow.flow", "sid"),
        sid,
        "same flow"
    );
    let (_, body) = mock.call("GET", &format!("/v1/FlexFlows/{sid}"));
    assert!(body.contains("https://test.com/v2"), "{body}");
    assert_empty_plan(&wd, "after the update");

    // An out-of-band delete: the refresh drops it and the plan creates it again.
    let (status, body) = mock.call("DELETE", &format!("/v1/FlexFlows/{sid}"));
    assert_eq!(status, 204, "{body}");
    let run = plan(&wd);
    assert!(
        run.stdout.contains("1 to add, 0 to change, 0 to destroy"),
        "{}",
        run.text()
    );
    wd.ok(&["apply", "-auto-approve"]);
    let sid = state_value(&wd, "twilio_flex_flow.flow", "sid");
    assert_eq!(mock.call("GET", &format!("/v1/FlexFlows/{sid}")).0, 200);
    assert_empty_plan(&wd, "after the re-creation");

    // Import by the instance path, then by the bare SID: the plan is empty.
    for id in [format!("/FlexFlows/{sid}"), sid.clone()] {
        wd.ok(&["state", "rm", "twilio_flex_flow.flow"]);
        wd.ok(&["import", "twilio_flex_flow.flow", &id]);
        assert_eq!(state_value(&wd, "twilio_flex_flow.flow", "id"), sid);
        assert_empty_plan(&wd, &format!("after importing {id}"));
    }
    let bad = wd.run(&["import", "twilio_flex_flow.flow", "/Flows/x/y"]);
    assert!(!bad.ok);
    assert!(bad.stderr.contains("/FlexFlows/{sid}"), "{}", bad.text());

    // The data source reads it.
    let data = r#"
data "twilio_flex_flow" "read" {
  sid = twilio_flex_flow.flow.sid
}

output "read_name" {
  value = data.twilio_flex_flow.read.friendly_name
}

output "read_url" {
  value = data.twilio_flex_flow.read.integration.url
}
"#;
    wd.write(&config(&mock.url, "https://test.com/v2", data));
    wd.ok(&["apply", "-auto-approve"]);
    assert_eq!(
        wd.ok(&["output", "-raw", "read_name"]).stdout,
        "twilio-test"
    );
    assert_eq!(
        wd.ok(&["output", "-raw", "read_url"]).stdout,
        "https://test.com/v2"
    );

    // Destroy leaves nothing in the mock.
    wd.ok(&["destroy", "-auto-approve"]);
    assert_eq!(mock.call("GET", &format!("/v1/FlexFlows/{sid}")).0, 404);
    let (status, body) = mock.call("GET", "/v1/FlexFlows");
    assert_eq!(status, 200, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON list");
    assert_eq!(list["flex_flows"], serde_json::json!([]), "{body}");
}

#[test]
fn diagnostics_before_any_call_and_no_token_in_trace_logs() {
    let Some(terraform) = terraform("diagnostics_before_any_call_and_no_token_in_trace_logs")
    else {
        return;
    };
    let provider = provider_binary();
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let mock = MockServer::start(&mock_bin, &[&flexflow_spec()]);
    let mut wd = Workdir::new(&terraform, &provider, ADDRESS);
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);

    // Enum, SID pattern, range and a required-when condition, each with its path.
    let bad = r#"
resource "twilio_flex_flow" "bad" {
  friendly_name    = "bad"
  chat_service_sid = "XX123"
  channel_type     = "pigeon"
  integration_type = "external"
  integration {
    retry_count = 7
  }
}
"#;
    let text = config(&mock.url, "https://test.com/external", bad);
    wd.write(&text);
    let run = wd.run(&["plan"]);
    assert!(!run.ok, "{}", run.text());
    let err = &run.stderr;
    for (summary, detail) in [
        (
            "Invalid value for `chat_service_sid`",
            "does not match `^IS[0-9a-fA-F]{32}$`",
        ),
        ("Invalid value for `channel_type`", "`pigeon` is not one of"),
        (
            "Invalid value for `integration.retry_count`",
            "7 is out of range: must be from 0 to 3",
        ),
        (
            "Missing `integration.url`",
            "required when `integration_type` is `external`",
        ),
    ] {
        assert!(err.contains(summary), "no `{summary}`:\n{err}");
        assert!(err.contains(detail), "no `{detail}`:\n{err}");
    }
    assert!(err.contains("with twilio_flex_flow.bad"), "{err}");
    assert!(!err.contains("with twilio_flex_flow.flow"), "{err}");
    // Nothing was sent for the bad resource: the mock has no flow.
    let (_, body) = mock.call("GET", "/v1/FlexFlows");
    assert!(body.contains("\"flex_flows\":[]"), "{body}");

    // An API error: Twilio's code, message and more_info, and the trace log (provider and
    // Terraform) never shows the token.
    let missing = r#"
data "twilio_flex_flow" "missing" {
  sid = "FO00000000000000000000000000000000"
}
"#;
    wd.write(&config(&mock.url, "https://test.com/external", missing));
    wd.env("TF_LOG", "trace");
    let run = wd.run(&["plan"]);
    assert!(!run.ok, "{}", run.text());
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("Twilio API error 20404"), "{}", run.text());
    assert!(all.contains("More information: https://"), "{}", run.text());
    assert!(
        all.contains("[TRACE]"),
        "the trace log is on: {}",
        run.text()
    );
    assert!(
        !all.contains(AUTH_TOKEN),
        "the auth token appears in the output or the trace log"
    );

    // Missing credentials: a diagnostic naming what is missing.
    wd.env("TF_LOG", "");
    wd.env("TWILIO_AUTH_TOKEN", "");
    let run = wd.run(&["plan"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("Missing Twilio credentials")
            && run.stderr.contains("`auth_token` (TWILIO_AUTH_TOKEN)")
            && !run.stderr.contains("`account_sid` (TWILIO_ACCOUNT_SID)"),
        "{}",
        run.text()
    );
}

/// The provider of Twilio's full Flex v1 spec, generated outside the repository (as
/// generated_crates.rs does for the client) into `target/provider-full-flex` and built in
/// this repository's target directory, as a user's machine builds it: cargo alone, with no
/// protoc on `PATH`, no `PROTOC` and no `.cargo/config.toml` on the way up.
fn full_flex_provider() -> std::path::PathBuf {
    let text = workspace_tests::read(&workspace_tests::shared_flex_spec());
    provider_for("provider-full-flex", &[("twilio_flex_v1.yaml", text)])
}

/// The full Flex v1 provider, installed from its mirror, and a mock of the full spec; the
/// auth token comes from the environment.
fn full_flex_against_the_mock(terraform: &std::path::Path) -> (MockServer, Workdir) {
    let provider = full_flex_provider();
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let spec = workspace_tests::shared_flex_spec();
    let mock = MockServer::start(&mock_bin, &[&spec]);
    let mut wd = mirrored(terraform, &provider);
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
    (mock, wd)
}

#[test]
fn every_resource_of_full_flex_v1_applies_plans_empty_and_destroys() {
    let Some(terraform) =
        terraform("every_resource_of_full_flex_v1_applies_plans_empty_and_destroys")
    else {
        return;
    };
    let (mock, wd) = full_flex_against_the_mock(&terraform);

    // The resource types of the generated schema; those of the original five are applied
    // below (every type of every shared spec is applied by tests/provider/terraform_all.rs).
    wd.write(&config(&mock.url, "https://test.com/external", ""));
    init(&wd);
    let schema = wd.ok(&["providers", "schema", "-json"]);
    let schema: serde_json::Value = serde_json::from_str(&schema.stdout).expect("JSON");
    let mut types: Vec<String> = schema["provider_schemas"][ADDRESS]["resource_schemas"]
        .as_object()
        .expect("resources")
        .keys()
        .cloned()
        .collect();
    types.sort();
    assert_eq!(
        types,
        [
            "twilio_flex_channel",
            "twilio_flex_configuration",
            "twilio_flex_flow",
            "twilio_flex_insights_questionnaires",
            "twilio_flex_interaction",
            "twilio_flex_interaction_transfer",
            "twilio_flex_plugin",
            "twilio_flex_plugin_configurations",
            "twilio_flex_plugin_releases",
            "twilio_flex_plugin_versions",
            "twilio_flex_web_channel"
        ]
    );

    let resources = |customer: &str| {
        format!(
            r#"
resource "twilio_flex_channel" "channel" {{
  flex_flow_sid           = twilio_flex_flow.flow.sid
  identity                = "alice"
  chat_user_friendly_name = "Alice"
  chat_friendly_name      = "Support chat"
}}

resource "twilio_flex_web_channel" "web" {{
  flex_flow_sid          = twilio_flex_flow.flow.sid
  identity               = "bob"
  customer_friendly_name = "{customer}"
  chat_friendly_name     = "Web chat"
}}

resource "twilio_flex_insights_questionnaires" "q" {{
  name        = "Quality"
  description = "Monthly review"
  active      = true
}}

# The account's one configuration: adopted, set by a free-form JSON body, left on destroy.
resource "twilio_flex_configuration" "config" {{
  body = jsonencode({{ ui_language = "fr" }})
}}
"#
        )
    };
    wd.write(&config(
        &mock.url,
        "https://test.com/external",
        &resources("Bob"),
    ));
    let apply = wd.ok(&["apply", "-auto-approve"]);
    assert!(apply.stdout.contains("5 added"), "{}", apply.text());
    let (status, body) = mock.call("GET", "/v1/Configuration");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""ui_language":"fr""#), "{body}");
    assert_empty_plan(&wd, "after applying every resource");

    // A create-only attribute (the web channel's customer_friendly_name) replaces.
    let web_sid = state_value(&wd, "twilio_flex_web_channel.web", "sid");
    wd.write(&config(
        &mock.url,
        "https://test.com/external",
        &resources("Robert"),
    ));
    let run = plan(&wd);
    assert!(
        run.stdout.contains("must be replaced")
            && run.stdout.contains("forces replacement")
            && run.stdout.contains("1 to add, 0 to change, 1 to destroy"),
        "{}",
        run.text()
    );
    wd.ok(&["apply", "-auto-approve"]);
    let new_sid = state_value(&wd, "twilio_flex_web_channel.web", "sid");
    assert_ne!(new_sid, web_sid, "a new web channel");
    assert_eq!(
        mock.call("GET", &format!("/v1/WebChannels/{web_sid}")).0,
        404
    );
    assert_empty_plan(&wd, "after the replacement");

    wd.ok(&["destroy", "-auto-approve"]);
    for (list, key) in [
        ("/v1/FlexFlows", "flex_flows"),
        ("/v1/Channels", "flex_chat_channels"),
        ("/v1/WebChannels", "flex_chat_channels"),
    ] {
        let (status, body) = mock.call("GET", list);
        assert_eq!(status, 200, "{list}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(
            v[key],
            serde_json::json!([]),
            "{list} after destroy: {body}"
        );
    }
}

/// The resource `address` in `terraform show -json`: its values and whether it is tainted.
fn shown(wd: &Workdir, address: &str) -> (serde_json::Value, bool) {
    let run = wd.ok(&["show", "-json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let resources = v["values"]["root_module"]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let r = resources
        .iter()
        .find(|r| r["address"] == address)
        .unwrap_or_else(|| panic!("{address} is not in state:\n{}", run.stdout));
    (r["values"].clone(), r["tainted"] == true)
}

#[test]
fn nothing_created_is_lost_when_what_follows_the_create_fails() {
    let Some(terraform) = terraform("nothing_created_is_lost_when_what_follows_the_create_fails")
    else {
        return;
    };
    let (mock, wd) = full_flex_against_the_mock(&terraform);
    let url = "https://test.com/external";

    // The create's answer comes back in odd shapes (numbers and booleans as text, nested
    // objects partial, an unexpected member): read as leniently as the client reads it.
    mock.fault("reshape=true&method=POST&path=/v1/FlexFlows");
    wd.write(&config(&mock.url, url, ""));
    init(&wd);
    let apply = wd.ok(&["apply", "-auto-approve"]);
    assert!(apply.stdout.contains("1 added"), "{}", apply.text());
    let (flow, tainted) = shown(&wd, "twilio_flex_flow.flow");
    assert!(!tainted);
    let sid = flow["sid"].as_str().expect("the SID is in state");
    assert_eq!(mock.call("GET", &format!("/v1/FlexFlows/{sid}")).0, 200);
    assert_empty_plan(&wd, "after a reshaped create answer");

    // The create succeeds, the update that sets what only update takes fails: the web
    // channel is in state with its ID, tainted, and the error says so.
    let web = |status: &str| {
        format!(
            r#"
resource "twilio_flex_web_channel" "web" {{
  flex_flow_sid          = twilio_flex_flow.flow.sid
  identity               = "bob"
  customer_friendly_name = "Bob"
  chat_friendly_name     = "Web chat"
  {status}
}}
"#
        )
    };
    wd.write(&config(&mock.url, url, &web(r#"chat_status = "inactive""#)));
    // An update is safe to repeat, so the client tries it 1 + 3 times: every one fails.
    mock.fault("status=500&count=4&after=true&method=POST&path=/v1/WebChannels/");
    let failed = wd.run(&["apply", "-auto-approve"]);
    assert!(!failed.ok, "{}", failed.text());
    assert!(
        failed.stderr.contains("could not finish configuring it")
            && failed.stderr.contains("tainted"),
        "{}",
        failed.text()
    );
    let (channel, tainted) = shown(&wd, "twilio_flex_web_channel.web");
    assert!(tainted, "{channel}");
    let first = channel["sid"].as_str().expect("the ID is kept").to_owned();
    assert_eq!(
        mock.call("GET", &format!("/v1/WebChannels/{first}")).0,
        200,
        "it exists at the mock"
    );
    // The next apply replaces it: the first is deleted, a configured one takes its place.
    let run = plan(&wd);
    assert!(
        run.stdout.contains("is tainted, so must be replaced"),
        "{}",
        run.text()
    );
    wd.ok(&["apply", "-auto-approve"]);
    let (channel, tainted) = shown(&wd, "twilio_flex_web_channel.web");
    assert!(!tainted);
    assert_ne!(channel["sid"], first.as_str());
    assert_eq!(channel["chat_status"], "inactive");
    assert_eq!(mock.call("GET", &format!("/v1/WebChannels/{first}")).0, 404);
    assert_empty_plan(&wd, "after replacing the tainted web channel");

    // An update that fails leaves the object in state as it was, not tainted; the next apply
    // makes the change.
    let flow_sid = sid.to_owned();
    let web_status = r#"chat_status = "inactive""#;
    wd.write(&config(
        &mock.url,
        "https://test.com/changed",
        &web(web_status),
    ));
    mock.fault("status=500&count=4&method=POST&path=/v1/FlexFlows/");
    let failed = wd.run(&["apply", "-auto-approve"]);
    assert!(!failed.ok, "{}", failed.text());
    let (flow, tainted) = shown(&wd, "twilio_flex_flow.flow");
    assert!(!tainted, "{flow}");
    assert_eq!(flow["sid"], flow_sid.as_str(), "still in state");
    assert_eq!(flow["integration"]["url"], url, "the prior values: {flow}");
    let again = wd.ok(&["apply", "-auto-approve"]);
    assert!(again.stdout.contains("1 changed"), "{}", again.text());
    wd.write(&config(&mock.url, url, &web(web_status)));
    wd.ok(&["apply", "-auto-approve"]);

    // The create's answer does not come within the create timeout: the object may exist,
    // and the error says so rather than nothing.
    let questionnaire = r#"
resource "twilio_flex_insights_questionnaires" "q" {
  name   = "Quality"
  active = true
  timeouts {
    create = "1s"
  }
}
"#;
    wd.write(&config(
        &mock.url,
        url,
        &format!("{}{questionnaire}", web(r#"chat_status = "inactive""#)),
    ));
    mock.fault("status=500&after=true&delay_ms=3000&method=POST&path=/v1/Insights");
    let late = wd.run(&["apply", "-auto-approve"]);
    assert!(!late.ok, "{}", late.text());
    assert!(
        late.stderr.contains("Timed out while creating")
            && late.stderr.contains("may exist at Twilio")
            && late.stderr.contains("import it"),
        "{}",
        late.text()
    );
    wd.ok(&["destroy", "-auto-approve"]);
}

/// The paths `keep` of a shared spec, everything else of the spec as it is: real resources
/// of a large API without building all of it. Returns the slice's path and text.
fn slice(file: &str, keep: &[&str]) -> (String, String) {
    let path = workspace_tests::repo_root()
        .join("../shared/specs")
        .join(file);
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str(&workspace_tests::read(&path)).expect("YAML");
    let paths = doc
        .get_mut("paths")
        .and_then(serde_yaml::Value::as_mapping_mut)
        .expect("paths");
    paths.retain(|k, _| k.as_str().is_some_and(|k| keep.contains(&k)));
    assert_eq!(paths.len(), keep.len(), "{file} has the paths {keep:?}");
    let text = serde_yaml::to_string(&doc).expect("YAML");
    let dir = workspace_tests::tf::target_dir().join("spec-slices");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join(file), &text).expect("slice written");
    (dir.join(file).display().to_string(), text)
}

/// The configuration of the real-API test: an API key named `key_name`, a chat service with
/// nested notification groups, and an end user with hand-written JSON attributes, against the
/// mock at `mock`.
fn real_apis_config(mock: &str, key_name: &str) -> String {
    format!(
        r#"{}
resource "twilio_api_key" "ci" {{
  friendly_name = "{key_name}"
}}

resource "twilio_ip_messaging_v2_service" "chat" {{
  friendly_name = "Support"
  notifications {{
    log_enabled = true
    new_message {{
      enabled  = true
      template = "You have a new message"
    }}
  }}
}}

resource "twilio_trusthub_end_user" "owner" {{
  friendly_name = "Owner"
  type          = "individual"
  # Written by hand: key order, spacing and number forms Twilio will not keep.
  attributes = <<-JSON
    {{
      "last_name":  "Doe",
      "first_name": "Jane",
      "shares":     [ 1.0, 2 ]
    }}
  JSON
}}
"#,
        provider_blocks(mock)
    )
}

/// Twilio answers the end user's JSON as an object of its own formatting: no diff for it.
fn check_end_user_json(wd: &Workdir, mock: &MockServer) {
    let (owner, _) = shown(wd, "twilio_trusthub_end_user.owner");
    let (status, body) = mock.call(
        "GET",
        &format!("/v1/EndUsers/{}", owner["sid"].as_str().expect("sid")),
    );
    assert_eq!(status, 200, "{body}");
    let fetched: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(fetched["attributes"]["first_name"], "Jane", "{body}");
}

/// The API key's secret, which only the create answer carries: in state, sensitive, never
/// shown; its dates are RFC 3339. `config` is the applied configuration. Returns the secret.
fn check_api_key_secret(wd: &Workdir, mock: &MockServer, apply: &Run, config: &str) -> String {
    let (key, _) = shown(wd, "twilio_api_key.ci");
    let secret = key["secret"].as_str().expect("the secret is kept");
    assert!(!secret.is_empty());
    let (status, body) = mock.call(
        "GET",
        &format!(
            "/2010-04-01/Accounts/{ACCOUNT_SID}/Keys/{}.json",
            key["sid"].as_str().expect("sid")
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains(secret), "a fetch does not carry it: {body}");
    assert!(!apply.stdout.contains(secret), "{}", apply.text());
    // Terraform itself treats it as sensitive: an output of it must say so.
    wd.write(&format!(
        "{}\noutput \"secret\" {{\n  value = twilio_api_key.ci.secret\n}}\n",
        config
    ));
    let refused = wd.run(&["plan"]);
    assert!(
        !refused.ok && refused.stderr.contains("Output refers to sensitive values"),
        "{}",
        refused.text()
    );
    wd.write(config);
    // Dates as RFC 3339, though API v2010 writes RFC 2822.
    let created = key["date_created"].as_str().expect("a date");
    assert!(
        created.len() == 20 && created.as_bytes()[10] == b'T' && created.ends_with('Z'),
        "{created}"
    );
    secret.to_owned()
}

/// The nested groups of the service's notifications, set by the update that follows the
/// create (only update takes them), are at the mock and in state.
fn check_nested_groups(wd: &Workdir, mock: &MockServer) {
    let (service, _) = shown(wd, "twilio_ip_messaging_v2_service.chat");
    assert_eq!(
        service["notifications"]["new_message"]["enabled"], true,
        "{service}"
    );
    let sid = service["sid"].as_str().expect("sid");
    let (status, body) = mock.call("GET", &format!("/v2/Services/{sid}"));
    assert_eq!(status, 200, "{body}");
    let fetched: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        fetched["notifications"]["new_message"]["template"], "You have a new message",
        "{body}"
    );
}

#[test]
fn create_only_secrets_nested_groups_json_and_dates_of_real_apis() {
    let Some(terraform) =
        terraform("create_only_secrets_nested_groups_json_and_dates_of_real_apis")
    else {
        return;
    };
    let (v2010_path, v2010) = slice(
        "twilio_api_v2010.yaml",
        &[
            "/2010-04-01/Accounts/{AccountSid}/Keys.json",
            "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json",
            "/2010-04-01/Accounts/{AccountSid}/SigningKeys.json",
            "/2010-04-01/Accounts/{AccountSid}/SigningKeys/{Sid}.json",
        ],
    );
    let (chat_path, chat) = slice(
        "twilio_ip_messaging_v2.yaml",
        &["/v2/Services", "/v2/Services/{Sid}"],
    );
    let (trust_path, trust) = slice(
        "twilio_trusthub_v1.yaml",
        &["/v1/EndUsers", "/v1/EndUsers/{Sid}"],
    );
    let provider = provider_for(
        "provider-key-service",
        &[
            ("twilio_api_v2010.yaml", v2010),
            ("twilio_ip_messaging_v2.yaml", chat),
            ("twilio_trusthub_v1.yaml", trust),
        ],
    );
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let mock = MockServer::start(
        &mock_bin,
        &[
            std::path::Path::new(&v2010_path),
            std::path::Path::new(&chat_path),
            std::path::Path::new(&trust_path),
        ],
    );
    let mut wd = mirrored(&terraform, &provider);
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
    let main = |name: &str| real_apis_config(&mock.url, name);
    wd.write(&main("ci"));
    init(&wd);
    let apply = wd.ok(&["apply", "-auto-approve"]);
    assert!(apply.stdout.contains("3 added"), "{}", apply.text());
    check_end_user_json(&wd, &mock);
    let secret = check_api_key_secret(&wd, &mock, &apply, &main("ci"));
    check_nested_groups(&wd, &mock);
    assert_empty_plan(&wd, "after creating a key, a service and an end user");
    let refreshed = wd.ok(&["apply", "-refresh-only", "-auto-approve"]);
    assert!(
        !refreshed.stdout.contains("attributes"),
        "a refresh keeps the configuration's JSON text: {}",
        refreshed.text()
    );

    // A refresh keeps the secret; an update in place keeps it too.
    wd.write(&main("ci-renamed"));
    let update = wd.ok(&["apply", "-auto-approve"]);
    assert!(update.stdout.contains("1 changed"), "{}", update.text());
    assert!(!update.stdout.contains(&secret), "{}", update.text());
    let (key, _) = shown(&wd, "twilio_api_key.ci");
    assert_eq!(key["secret"], secret);
    assert_empty_plan(&wd, "after renaming the key");

    wd.ok(&["destroy", "-auto-approve"]);
    let (_, keys) = mock.call(
        "GET",
        &format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Keys.json"),
    );
    let keys: serde_json::Value = serde_json::from_str(&keys).expect("JSON");
    assert_eq!(keys["keys"], serde_json::json!([]), "{keys}");
}

#[test]
fn objects_twilio_already_has_are_adopted_and_left_on_destroy() {
    let Some(terraform) = terraform("objects_twilio_already_has_are_adopted_and_left_on_destroy")
    else {
        return;
    };
    let slices = [
        slice("twilio_voice_v1.yaml", &["/v1/Settings"]),
        slice("twilio_routes_v2.yaml", &["/v2/PhoneNumbers/{PhoneNumber}"]),
        slice("twilio_video_v1.yaml", &["/v1/CompositionSettings/Default"]),
    ];
    let files = [
        "twilio_voice_v1.yaml",
        "twilio_routes_v2.yaml",
        "twilio_video_v1.yaml",
    ];
    let specs: Vec<(&str, String)> = files
        .iter()
        .zip(&slices)
        .map(|(f, (_, text))| (*f, text.clone()))
        .collect();
    let provider = provider_for("provider-adopted", &specs);
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let paths: Vec<&std::path::Path> = slices
        .iter()
        .map(|(p, _)| std::path::Path::new(p))
        .collect();
    let mock = MockServer::start(&mock_bin, &paths);
    let mut wd = mirrored(&terraform, &provider);
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
    let main = |inheritance: bool| {
        format!(
            r#"{}
# Singletons: there is one per account, with no create and no delete.
resource "twilio_voice_settings" "voice" {{
  dialing_permissions_inheritance = {inheritance}
}}

resource "twilio_video_composition_settings" "default" {{
  friendly_name = "Compositions"
}}

# Named by its path: Routes has no create or delete for a phone number.
resource "twilio_routes_v2_phone_number" "main" {{
  phone_number  = "+15555550100"
  friendly_name = "Main line"
  voice_region  = "au1"
}}
"#,
            provider_blocks(&mock.url)
        )
    };
    wd.write(&main(true));
    init(&wd);
    let apply = wd.ok(&["apply", "-auto-approve"]);
    assert!(apply.stdout.contains("3 added"), "{}", apply.text());
    assert!(
        apply.text().contains("adopts the object Twilio has"),
        "the plan says create adopts: {}",
        apply.text()
    );
    let settings = |mock: &MockServer| -> serde_json::Value {
        let (status, body) = mock.call("GET", "/v1/Settings");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).expect("JSON")
    };
    assert_eq!(settings(&mock)["dialing_permissions_inheritance"], true);
    let (status, body) = mock.call("GET", "/v2/PhoneNumbers/%2B15555550100");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("au1") && body.contains("Main line"), "{body}");
    let (voice, _) = shown(&wd, "twilio_voice_settings.voice");
    assert_eq!(voice["id"], "/Settings", "a singleton's ID is its path");
    let (number, _) = shown(&wd, "twilio_routes_v2_phone_number.main");
    assert_eq!(number["id"], "+15555550100");
    assert_empty_plan(&wd, "after adopting");

    // Update in place, then import by path as for any resource.
    wd.write(&main(false));
    let update = wd.ok(&["apply", "-auto-approve"]);
    assert!(update.stdout.contains("1 changed"), "{}", update.text());
    assert_eq!(settings(&mock)["dialing_permissions_inheritance"], false);
    wd.ok(&["state", "rm", "twilio_voice_settings.voice"]);
    wd.ok(&["import", "twilio_voice_settings.voice", "/Settings"]);
    assert_empty_plan(&wd, "after importing the singleton");

    // Destroy says it leaves them, and does.
    let run = wd.ok(&["plan", "-destroy"]);
    assert!(
        run.stderr.contains("leaves it at Twilio") || run.stdout.contains("leaves it at Twilio"),
        "{}",
        run.text()
    );
    wd.ok(&["destroy", "-auto-approve"]);
    assert_eq!(
        settings(&mock)["dialing_permissions_inheritance"],
        false,
        "the settings stay as the last apply left them"
    );
    let (status, _) = mock.call("GET", "/v2/PhoneNumbers/%2B15555550100");
    assert_eq!(status, 200);
}

/// A generated operation that reads an argument its resource's definition does not give
/// fails `cargo build` of the provider, not `terraform plan`: each key is checked against
/// the definition's arguments when the provider compiles. Made here by renaming one key's
/// attribute in the generated module of FlexFlow (no Terraform needed).
#[test]
fn a_key_the_definition_lacks_fails_the_providers_build() {
    use workspace_tests::tf::{build_provider, provider_workspace, BUILD_LOCK};
    let text = workspace_tests::read(&flexflow_spec());
    let dir = provider_workspace("provider-key-check", &[("twilio_flex_v1.yaml", text)]);
    let module =
        dir.join("crates-provider-key-check/terraform-provider-twilio/src/resources/flex_flow.rs");
    let code = workspace_tests::read(&module);
    let key = "Key::of(\"friendly_name\", ARGUMENTS)";
    assert_eq!(
        code.matches(key).count(),
        1,
        "the module declares the key:\n{code}"
    );
    std::fs::write(
        &module,
        code.replace(key, "Key::of(\"friendly\", ARGUMENTS)"),
    )
    .expect("the module is written");
    let out = {
        let _lock = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        build_provider(&dir)
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the provider built:\n{stderr}");
    assert!(
        stderr.contains("an operation reads an argument its resource's definition does not have"),
        "{stderr}"
    );
    assert!(stderr.contains("FRIENDLY_NAME"), "{stderr}");
}
