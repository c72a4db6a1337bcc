//! The shape of the generated Rust client crate: its modules, its manifest, no `unwrap` on
//! data from the network. Its files themselves are `generated/twilio-flex-v1/`, checked in
//! and kept fresh by `tests/tool/freshness.rs`.

use workspace_tests::{checked_in_settings, flexflow_spec, read, FLEXFLOW_SPEC_NAME};

#[test]
fn the_crate_is_split_into_modules() {
    let output = twilio_codegen::Generator::new(checked_in_settings())
        .generate(&[twilio_codegen::SpecInput::new(
            FLEXFLOW_SPEC_NAME,
            &read(&flexflow_spec()),
        )])
        .unwrap();
    for module in [
        "models",
        "enums",
        "sids",
        "resources/mod",
        "resources/flex_flow",
        "lib",
    ] {
        let path = format!("twilio-flex-v1/src/{module}.rs");
        assert!(output.files.contains_key(&path), "{path} is generated");
    }
    let lib = &output.files["twilio-flex-v1/src/lib.rs"];
    assert!(lib.contains("#![deny(missing_docs)]"));
    // The client, errors, paging and encoding are the runtime's: re-exported, not copied.
    for module in ["client", "error", "paging", "encoding"] {
        let path = format!("twilio-flex-v1/src/{module}.rs");
        assert!(!output.files.contains_key(&path), "{path} is the runtime's");
    }
    assert!(lib.contains("pub use twilio_runtime::{"), "{lib}");
    let manifest = &output.files["twilio-flex-v1/Cargo.toml"];
    assert!(
        manifest.contains(r#"twilio-runtime = { path = "../../runtime", version = "0.1""#),
        "{manifest}"
    );
    // No unwrap or expect outside unit tests, except on the spec's own regular expressions
    // (checked to compile when generating).
    for (path, text) in &output.files {
        if path.ends_with(".rs") && path.contains("/src/") {
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            assert!(!code.contains(".unwrap()"), "{path} unwraps");
            let expects = code.matches(".expect(").count();
            let allowed = code
                .matches(".expect(\"the spec's pattern compiles\")")
                .count();
            assert_eq!(expects, allowed, "{path} has expect() outside unit tests");
        }
    }
}
