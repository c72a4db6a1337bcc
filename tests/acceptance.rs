//! Acceptance tests: the generated provider under the real Terraform CLI against the
//! stateful local Twilio API (`twilio-mock`), the way a user of seed 000's provider works:
//! apply its example, re-plan, update in place, lose the flow out of band, import, read it
//! through the data source, destroy. Without `terraform` on PATH: a failure under
//! `CI=true`, else a loud skip.

use workspace_tests::flexflow_spec;
use workspace_tests::mock::{MockServer, ACCOUNT_SID, AUTH_TOKEN};
use workspace_tests::tf::{build_binary, provider_binary, terraform, Run, Workdir, ADDRESS};

fn config(mock: &str, url: &str, extra: &str) -> String {
    format!(
        r#"terraform {{
  required_providers {{
    twilio = {{
      source = "twilio/twilio"
    }}
  }}
}}

provider "twilio" {{
  account_sid = "{ACCOUNT_SID}"
  base_url    = "{mock}"
}}

resource "twilio_flex_flow" "flow" {{
  friendly_name    = "twilio-test"
  chat_service_sid = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  channel_type     = "web"

  integration_type = "external"
  integration {{
    url = "{url}"
  }}
}}
{extra}"#
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
    let mut wd = Workdir::new(&terraform, &provider, ADDRESS);
    // The token comes from the environment: the configuration has none.
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);

    // Seed 000's example applies; the next plan is empty.
    wd.write(&config(&mock.url, "https://test.com/external", ""));
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
    use workspace_tests::{cargo_workspace, out_of_repo_settings, read, shared_flex_spec};
    let dir = workspace_tests::tf::target_dir().join("provider-full-flex");
    let text = read(&shared_flex_spec());
    let output = twilio_codegen::Generator::new(out_of_repo_settings())
        .generate(&[twilio_codegen::SpecInput::new("twilio_flex_v1.yaml", &text)])
        .unwrap_or_else(|e| panic!("the full spec generates: {e}"));
    std::fs::create_dir_all(&dir).expect("dir");
    twilio_codegen::write::write(&dir.join("crates"), &output).unwrap_or_else(|e| panic!("{e}"));
    cargo_workspace(
        &dir,
        &[
            "crates/twilio-flex-v1".to_owned(),
            "crates/terraform-provider-twilio".to_owned(),
        ],
    );
    // The workspace's own profile, so the build shares this repository's target directory
    // (and its compiled dependencies) instead of building tonic and the rest again.
    let manifest = dir.join("Cargo.toml");
    let mut text = read(&manifest);
    if !text.contains("[profile.dev.package.\"*\"]") {
        text.push_str("\n[profile.dev.package.\"*\"]\nopt-level = 2\n");
        std::fs::write(&manifest, text).expect("manifest");
    }
    let target = workspace_tests::tf::target_dir();
    let _lock = workspace_tests::tf::BUILD_LOCK
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    // cargo's own directory (rustc is beside it) and the system's, where a C compiler and
    // linker are: nothing that could be protoc.
    let cargo = std::path::PathBuf::from(env!("CARGO"));
    let path = format!(
        "{}:/usr/bin:/bin",
        cargo.parent().expect("cargo's directory").display()
    );
    for d in std::env::split_paths(&path) {
        assert!(
            !d.join("protoc").exists(),
            "{} has a protoc: this build would not show that none is needed",
            d.display()
        );
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")));
    let configs = dir
        .ancestors()
        .map(|up| up.join(".cargo"))
        .chain(cargo_home);
    for config_dir in configs {
        for name in ["config.toml", "config"] {
            assert!(
                !config_dir.join(name).exists(),
                "{} would configure this build",
                config_dir.join(name).display()
            );
        }
    }
    let out = std::process::Command::new(&cargo)
        .args(["build", "-p", "terraform-provider-twilio"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("PATH", &path)
        .env_remove("PROTOC")
        .env_remove("PROTOC_INCLUDE")
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the full Flex v1 provider does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The binary has the checked-in provider's name: keep a copy of its own.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let copy = bin.join("terraform-provider-twilio");
    let tmp = bin.join(".terraform-provider-twilio.tmp");
    std::fs::copy(target.join("debug/terraform-provider-twilio"), &tmp).expect("copy binary");
    std::fs::rename(&tmp, &copy).expect("move binary");
    copy
}

#[test]
fn every_resource_of_full_flex_v1_applies_plans_empty_and_destroys() {
    let Some(terraform) =
        terraform("every_resource_of_full_flex_v1_applies_plans_empty_and_destroys")
    else {
        return;
    };
    let provider = full_flex_provider();
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let spec = workspace_tests::shared_flex_spec();
    let mock = MockServer::start(&mock_bin, &[&spec]);
    let mut wd = Workdir::new(&terraform, &provider, ADDRESS);
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);

    // Every resource type of the generated schema appears below.
    wd.write(&config(&mock.url, "https://test.com/external", ""));
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
            "twilio_flex_flow",
            "twilio_flex_insights_questionnaires",
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
    assert!(apply.stdout.contains("4 added"), "{}", apply.text());
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
