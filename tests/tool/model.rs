//! Snapshots of the intermediate model: what the generator extracted from each spec.
//! Review changes with `cargo insta review`.

use workspace_tests::{flexflow_spec, read, shared_flex_spec};

#[test]
fn flexflow_model() {
    let api = twilio_codegen::model::read("spec/twilio_flex_v1.yaml", &read(&flexflow_spec()))
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
    let api = twilio_codegen::model::read("twilio_flex_v1.yaml", &read(&shared_flex_spec()))
        .expect("the full spec builds");
    let paths: std::collections::BTreeSet<&str> = api
        .resources
        .iter()
        .flat_map(|r| r.list_path.iter().chain(r.instance_path.iter()))
        .map(|p| p.as_str())
        .collect();
    assert_eq!(paths.len(), 45, "every path belongs to a resource");
    let ops: usize = api.resources.iter().map(|r| r.operations.len()).sum();
    assert_eq!(ops, 73, "every operation is modelled");
    insta::assert_yaml_snapshot!("full_flex_v1_model", api);
}

#[test]
fn dotted_integration_params_form_one_group() {
    let api =
        twilio_codegen::model::read("spec/twilio_flex_v1.yaml", &read(&flexflow_spec())).unwrap();
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
    let api =
        twilio_codegen::model::read("spec/twilio_flex_v1.yaml", &read(&flexflow_spec())).unwrap();
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

#[test]
fn edge_case_model() {
    use twilio_codegen::model::{OperationKind, Type};
    let api = twilio_codegen::model::read("edge_cases.yaml", &read(&workspace_tests::edge_spec()))
        .expect("edge spec builds");

    // `.json` suffixes: list and instance paths form one resource.
    let calls = api
        .resources
        .iter()
        .find(|r| r.name == "calls")
        .expect("calls");
    assert_eq!(
        calls.list_path.as_deref(),
        Some("/2010-04-01/Accounts/{AccountSid}/Calls.json")
    );
    assert_eq!(
        calls.instance_path.as_deref(),
        Some("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json")
    );
    assert_eq!(calls.operations.len(), 5);
    let fetch = calls.operation(OperationKind::Fetch).unwrap();
    let path_params: Vec<&str> = fetch.path_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(path_params, ["AccountSid", "Sid"]);

    // Dotted parameters two levels deep.
    let notifications = api
        .resources
        .iter()
        .find(|r| r.name == "notifications")
        .unwrap();
    let group = &notifications.groups[0];
    assert_eq!(group.prefix, "Notifications");
    let nested: Vec<&str> = group.groups.iter().map(|g| g.prefix.as_str()).collect();
    // By wire name, whatever the spec's order.
    assert_eq!(
        nested,
        ["Notifications.AddedToChannel", "Notifications.NewMessage"]
    );
    assert_eq!(
        group.groups[0].params[0].name,
        "Notifications.AddedToChannel.Enabled"
    );

    // Numbered dotted parameters form one indexed group.
    let streams = api.resources.iter().find(|r| r.name == "streams").unwrap();
    let create = streams.operation(OperationKind::Create).unwrap();
    let numbered = &create.body.as_ref().unwrap().groups[0];
    assert_eq!(
        (numbered.name.as_str(), numbered.indexed),
        ("Parameter", Some((1, 99)))
    );

    // Formats.
    let call = api.models.iter().find(|m| m.name == "call").unwrap();
    let ty = |f: &str| {
        call.fields
            .iter()
            .find(|x| x.name == f)
            .map(|x| x.ty.to_string())
            .unwrap()
    };
    assert_eq!(ty("date_created"), "date-time-rfc-2822");
    assert_eq!(ty("to"), "phone-number");
    assert_eq!(ty("price"), "currency");
    assert_eq!(ty("subresource_uris"), "map<uri>");
    assert_eq!(ty("annotations"), "map<string>");
    assert_eq!(ty("queue_time"), "integer(int64)");
    assert!(call
        .fields
        .iter()
        .any(|f| f.name == "3d_secure" && f.ty == Type::Boolean));

    // The unsupported oneOf is a warning with its pointer; generation goes on.
    assert_eq!(api.warnings.len(), 1);
    assert_eq!(
        api.warnings[0].pointer,
        "/components/schemas/widgets.v1.widget/properties/shape"
    );
    insta::assert_yaml_snapshot!("edge_case_model", api);
}

/// Twilio publishes every spec as YAML and as JSON: each shared spec, written out as JSON,
/// reads to the same model as its YAML text.
#[test]
fn every_shared_spec_reads_the_same_from_json() {
    let specs = workspace_tests::shared_specs();
    assert_eq!(specs.len(), workspace_tests::SHARED_SPECS, "{specs:?}");
    for path in specs {
        let yaml = read(&path);
        let tree: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("the spec parses");
        let json = serde_json::to_string_pretty(&tree).expect("the tree is JSON");
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        let from_yaml = twilio_codegen::model::read(name, &yaml).expect("the YAML builds");
        let from_json = twilio_codegen::model::read(name, &json).expect("the JSON builds");
        assert_eq!(
            serde_json::to_value(&from_json).expect("serializes"),
            serde_json::to_value(&from_yaml).expect("serializes"),
            "{name}: the model from JSON differs from the model from YAML"
        );
    }
}
