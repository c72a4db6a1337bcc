//! `twilio-codegen diff` on pairs of specs: spec/ against edited copies of it under
//! `tests/specs/diff/` (each file's first lines say what was edited). Every report is
//! snapshotted as text and as JSON; review changes with `cargo insta review`.

use std::collections::BTreeSet;

use twilio_codegen::diff::{Kind, Report};
use twilio_codegen::Settings;
use workspace_tests::{flexflow_spec, read, repo_root, shared_flex_spec, FLEXFLOW_SPEC_NAME};

/// Directory of the edited specs, relative to the repository root.
const PAIRS_DIR: &str = "tests/specs/diff";

/// spec/ against a spec named relative to the repository root.
fn against(new_name: &str) -> Report {
    let new_text = read(&repo_root().join(new_name));
    twilio_codegen::diff(
        FLEXFLOW_SPEC_NAME,
        &read(&flexflow_spec()),
        new_name,
        &new_text,
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("diff against {new_name}: {e}"))
}

/// Snapshots the report of one case (text and JSON) and checks its verdict.
fn check(case: &str, new_name: &str, breaking: bool) {
    let report = against(new_name);
    let text = report.to_text();
    assert_eq!(report.breaking(), breaking, "{text}");
    insta::assert_snapshot!(case, text);
    insta::assert_snapshot!(format!("{case}_json"), report.to_json());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
    assert_eq!(json["breaking"], breaking);
    assert_eq!(
        json["changes"].as_array().map(Vec::len),
        Some(report.changes.len())
    );
}

/// Every edited spec, with whether its changes break the Rust crate or the Terraform schema.
const CASES: &[(&str, bool)] = &[
    ("added_optional_param", false),
    ("condition_change", true),
    ("descriptions_only", false),
    ("new_enum_value", false),
    ("new_required_param", true),
    ("nullability_change", true),
    ("pattern_change", true),
    ("removed_enum_value", true),
    ("removed_field", true),
    ("removed_operation", true),
    ("removed_update_param", true),
    ("renamed_resource", true),
    ("required_change", true),
    ("type_change", true),
];

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let case = stringify!($name);
                let (_, breaking) = CASES
                    .iter()
                    .find(|(c, _)| *c == case)
                    .expect("listed in CASES");
                check(case, &format!("{PAIRS_DIR}/{case}.yaml"), *breaking);
            }
        )*
    };
}

cases!(
    added_optional_param,
    condition_change,
    descriptions_only,
    new_enum_value,
    new_required_param,
    nullability_change,
    pattern_change,
    removed_enum_value,
    removed_field,
    removed_operation,
    removed_update_param,
    renamed_resource,
    required_change,
    type_change,
);

/// The report names what `generate` makes with the same settings: a configured provider
/// address gives other Terraform type names.
#[test]
fn names_follow_the_settings() {
    let new_name = format!("{PAIRS_DIR}/renamed_resource.yaml");
    let settings = Settings {
        provider_address: "registry.terraform.io/acme/tw".to_owned(),
        ..Settings::default()
    };
    let report = twilio_codegen::diff(
        FLEXFLOW_SPEC_NAME,
        &read(&flexflow_spec()),
        &new_name,
        &read(&repo_root().join(&new_name)),
        &settings,
    )
    .expect("the specs diff");
    let text = report.to_text();
    assert!(
        text.contains("`tw_flex_flow` becomes `tw_flex_messaging_flow`"),
        "{text}"
    );
    assert!(!text.contains("twilio_flex_flow"), "{text}");
    // The default settings give the default names.
    assert!(against(&new_name)
        .to_text()
        .contains("`twilio_flex_flow` becomes"));
}

#[test]
fn identical() {
    check("identical", FLEXFLOW_SPEC_NAME, false);
    assert!(against(FLEXFLOW_SPEC_NAME).changes.is_empty());
}

#[test]
fn every_spec_pair_is_a_case() {
    let files: BTreeSet<String> = std::fs::read_dir(repo_root().join(PAIRS_DIR))
        .expect("the spec pairs exist")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let cases: BTreeSet<String> = CASES.iter().map(|(c, _)| format!("{c}.yaml")).collect();
    assert_eq!(files, cases);
}

#[test]
fn the_full_flex_v1_spec_adds_28_resources() {
    let full = read(&shared_flex_spec());
    let spec = read(&flexflow_spec());
    let report = twilio_codegen::diff(
        FLEXFLOW_SPEC_NAME,
        &spec,
        "twilio_flex_v1.yaml",
        &full,
        &Settings::default(),
    )
    .expect("the full spec diffs");
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResourceAdded)
        .filter_map(|c| c.resource.as_deref())
        .collect();
    assert_eq!(added.len(), 28, "{added:?}");
    // spec/ is the full spec's FlexFlow: nothing else changes, and additions break nothing.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.resource.as_deref() != Some("flex_flow")),
        "{}",
        report.to_text()
    );
    assert!(!report.breaking(), "{}", report.to_text());
    let tf_added = report
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResourceAdded && c.terraform.breaking == Some(false))
        .count();
    assert!(
        tf_added > 0,
        "some added resources get a Terraform resource type"
    );

    // The other way round, the same resources are removed: breaking.
    let back = twilio_codegen::diff(
        "twilio_flex_v1.yaml",
        &full,
        FLEXFLOW_SPEC_NAME,
        &spec,
        &Settings::default(),
    )
    .expect("the full spec diffs");
    let removed = back
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResourceRemoved)
        .count();
    assert_eq!(removed, 28);
    assert!(back.breaking());
    assert!(back.changes.iter().all(|c| c.rust.breaking));
}

#[test]
fn a_bad_spec_is_an_error_naming_the_file() {
    let err = twilio_codegen::diff(
        FLEXFLOW_SPEC_NAME,
        &read(&flexflow_spec()),
        "broken.yaml",
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: [\n",
        &Settings::default(),
    )
    .expect_err("a broken spec fails");
    assert!(err.to_string().starts_with("broken.yaml:4:1"), "{err}");
}
