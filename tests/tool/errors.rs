//! Bad specs give one error naming the file and the place, never a panic.

use twilio_codegen::{Location, Settings, SpecInput};

const GOOD_HEAD: &str = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\n";

fn generate_err(text: &str) -> twilio_codegen::Error {
    twilio_codegen::Generator::new(Settings::default())
        .generate(&[twilio_codegen::SpecInput::new("bad.yaml", text)])
        .expect_err("must fail")
}

#[test]
fn not_yaml_gives_line_and_column() {
    let err = generate_err("openapi: 3.0.1\ninfo: {title: t\npaths: {}\n");
    assert!(
        matches!(err.location, Location::LineColumn { line: 3, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.starts_with("bad.yaml:3:"), "{text}");
    assert!(!text.contains('\n'), "one line: {text}");
}

#[test]
fn binary_garbage_is_an_error() {
    let err = generate_err("\u{0}\u{1}\u{2}: [}");
    assert!(err.to_string().starts_with("bad.yaml"), "{err}");
}

#[test]
fn wrong_openapi_version() {
    let err = generate_err("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {}}\n");
    assert_eq!(err.location, Location::Pointer("/openapi".into()));
    assert!(err.message.contains("3.1.0"), "{err}");
    assert_eq!(
        err.to_string(),
        "bad.yaml:#/openapi: unsupported OpenAPI version `3.1.0`: only 3.0.x is supported"
    );
}

#[test]
fn dangling_ref() {
    let text = format!(
        "{GOOD_HEAD}paths:\n  /v1/Things:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/missing'\n"
    );
    let err = generate_err(&text);
    assert_eq!(
        err.location,
        Location::Pointer(
            "/paths/~1v1~1Things/get/responses/200/content/application~1json/schema/$ref".into()
        )
    );
    assert!(
        err.message.contains("#/components/schemas/missing"),
        "{err}"
    );
}

#[test]
fn spec_without_paths() {
    let err = generate_err(GOOD_HEAD);
    assert_eq!(err.location, Location::Pointer("/paths".into()));
    assert!(err.message.contains("no `paths`"), "{err}");
}

#[test]
fn wrong_shape_names_the_pointer() {
    let text = format!(
        "{GOOD_HEAD}paths:\n  /v1/Things:\n    get:\n      parameters: 7\n      responses: {{}}\n"
    );
    let err = generate_err(&text);
    match &err.location {
        Location::Pointer(p) => assert!(p.starts_with("/paths/~1v1~1Things/get"), "{p}"),
        other => panic!("expected a pointer, got {other:?}"),
    }
}

#[test]
fn invalid_dotted_name_is_an_error_at_the_property() {
    let text = format!(
        "{GOOD_HEAD}paths:\n  /v1/Things:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              properties:\n                'Integration.': {{type: string}}\n      responses:\n        '201': {{description: ok}}\n"
    );
    let err = generate_err(&text);
    let Location::Pointer(p) = &err.location else {
        panic!("{err:?}")
    };
    assert!(p.ends_with("/properties/Integration."), "{p}");
    assert!(err.message.contains("ends with a dot"), "{err}");
}

/// Several specs: the first failing one (in the order given) is reported, by its name.
#[test]
fn with_several_specs_the_failing_one_is_named() {
    let good = workspace_tests::read(&workspace_tests::flexflow_spec());
    let bad = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {}}\n";
    let err = twilio_codegen::Generator::new(Settings::default())
        .generate(&[
            SpecInput::new("good.yaml", &good),
            SpecInput::new("bad.yaml", bad),
            SpecInput::new("worse.yaml", "paths: [\n"),
        ])
        .expect_err("must fail");
    assert_eq!(err.file, "bad.yaml", "{err}");
    assert!(twilio_codegen::Generator::new(Settings::default())
        .generate(&[])
        .is_err());
}

#[test]
fn two_specs_giving_one_crate_name_are_an_error_naming_both() {
    let flex = workspace_tests::read(&workspace_tests::flexflow_spec());
    let second = workspace_tests::read(&workspace_tests::second_spec());
    let specs = [
        SpecInput::new("a/flex.yaml", &flex),
        SpecInput {
            crate_name: Some("twilio-flex-v1"),
            ..SpecInput::new("b/second.yaml", &second)
        },
    ];
    let err = twilio_codegen::Generator::new(Settings::default())
        .generate(&specs)
        .expect_err("collides");
    assert_eq!(
        err.to_string(),
        "b/second.yaml: generates the crate `twilio-flex-v1`, as a/flex.yaml does: give one \
         of them its own crate_name"
    );
    // One crate name in the settings of the run names every crate alike.
    let settings = Settings {
        crate_name: Some("x".into()),
        ..Settings::default()
    };
    let specs = [
        SpecInput::new("a/flex.yaml", &flex),
        SpecInput::new("b/second.yaml", &second),
    ];
    let err = twilio_codegen::Generator::new(settings.clone())
        .generate(&specs)
        .expect_err("collides");
    assert!(
        err.to_string()
            .contains("the crate `x`, as a/flex.yaml does"),
        "{err}"
    );
}

#[test]
fn warnings_of_every_spec_are_kept_each_naming_its_file() {
    let edge = workspace_tests::read(&workspace_tests::edge_spec());
    let flex = workspace_tests::read(&workspace_tests::flexflow_spec());
    let alone = twilio_codegen::Generator::new(Settings::default())
        .generate(&[twilio_codegen::SpecInput::new("edge.yaml", &edge)])
        .unwrap();
    assert!(
        !alone.warnings.is_empty(),
        "the edge-case spec has warnings"
    );
    let both = twilio_codegen::Generator::new(Settings::default())
        .generate(&[
            SpecInput::new("flex.yaml", &flex),
            SpecInput::new("edge.yaml", &edge),
        ])
        .unwrap();
    assert_eq!(both.warnings, alone.warnings);
    assert!(both.warnings.iter().all(|w| w.file == "edge.yaml"));
    let shown = both.warnings[0].to_string();
    assert!(shown.starts_with("edge.yaml:#/"), "{shown}");
}
