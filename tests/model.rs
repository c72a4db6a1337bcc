//! Snapshots of the intermediate model: what the generator extracted from each spec.
//! Review changes with `cargo insta review`.

use workspace_tests::{flexflow_spec, read, shared_flex_spec};

#[test]
fn flexflow_model() {
    let api = twilio_codegen::model("spec/twilio_flex_v1.yaml", &read(&flexflow_spec()))
        .expect("spec/ builds");
    assert!(
        api.warnings.is_empty(),
        "unexpected warnings: {:?}",
        api.warnings
    );
    insta::assert_yaml_snapshot!("flexflow_model", api);
}

#[test]
fn full_flex_v1_model() {
    let api = twilio_codegen::model("twilio_flex_v1.yaml", &read(&shared_flex_spec()))
        .expect("the full spec builds");
    let paths: std::collections::BTreeSet<&str> = api
        .resources
        .iter()
        .flat_map(|r| r.list_path.iter().chain(r.instance_path.iter()))
        .map(String::as_str)
        .collect();
    assert_eq!(paths.len(), 45, "every path belongs to a resource");
    let ops: usize = api.resources.iter().map(|r| r.operations.len()).sum();
    assert_eq!(ops, 73, "every operation is modelled");
    insta::assert_yaml_snapshot!("full_flex_v1_model", api);
}

#[test]
fn dotted_integration_params_form_one_group() {
    let api = twilio_codegen::model("spec/twilio_flex_v1.yaml", &read(&flexflow_spec())).unwrap();
    let flow = &api.resources[0];
    let create = flow
        .operation(twilio_codegen::model::OperationKind::Create)
        .unwrap();
    let body = create.body.as_ref().unwrap();
    assert_eq!(body.groups.len(), 1);
    let group = &body.groups[0];
    assert_eq!(group.name, "Integration");
    let names: Vec<&str> = group.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 9);
    assert!(names.iter().all(|n| n.starts_with("Integration.")));
    assert!(names.contains(&"Integration.RetryCount"));
    assert!(body.params.iter().all(|p| !p.name.contains('.')));
}

#[test]
fn enums_and_sids_are_extracted_once() {
    let api = twilio_codegen::model("spec/twilio_flex_v1.yaml", &read(&flexflow_spec())).unwrap();
    let enums: Vec<&str> = api.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        enums,
        [
            "flex_flow_enum_channel_type",
            "flex_flow_enum_integration_type"
        ]
    );
    let prefixes: Vec<&str> = api.sids.iter().map(|s| s.prefix.as_str()).collect();
    assert_eq!(prefixes, ["AC", "FO", "FW", "IS", "WS", "WW"]);
}
