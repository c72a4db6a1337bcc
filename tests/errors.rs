//! Bad specs give one error naming the file and the place, never a panic.

use twilio_codegen::{Location, Settings};

const GOOD_HEAD: &str = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\n";

fn generate_err(text: &str) -> twilio_codegen::Error {
    twilio_codegen::generate("bad.yaml", text, &Settings::default()).expect_err("must fail")
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
