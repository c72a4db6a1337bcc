//! The generated Terraform provider under the real Terraform CLI (no mock server needed):
//! the schema it serves, its diagnostics before any API call, and secrets kept out of
//! Terraform's trace log. The acceptance tests against the stateful mock are in
//! `acceptance.rs`.

use workspace_tests::repo_root;
use workspace_tests::tf::{provider_binary, terraform, Workdir, ADDRESS, REQUIRED_PROVIDERS};

#[test]
fn served_schema_equals_the_checked_in_one() {
    let Some(terraform) = terraform("served_schema_equals_the_checked_in_one") else {
        return;
    };
    let wd = Workdir::new(&terraform, &provider_binary(), ADDRESS);
    wd.write(REQUIRED_PROVIDERS);
    let run = wd.ok(&["providers", "schema", "-json"]);
    let served: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.text()));
    let file = repo_root().join("generated/terraform/providers-schema.json");
    let ours: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read schema"))
            .expect("schema file is JSON");
    // Both have the provider block with its settings, resources and data sources.
    let provider = &ours["provider_schemas"][ADDRESS];
    assert!(
        provider["provider"]["block"]["attributes"]["auth_token"]["sensitive"]
            .as_bool()
            .unwrap_or(false)
    );
    assert!(provider["data_source_schemas"]["twilio_flex_flow"].is_object());
    assert_eq!(
        served,
        ours,
        "the served schema differs from {}:\nserved: {}",
        file.display(),
        serde_json::to_string_pretty(&served).unwrap_or_default()
    );
}
