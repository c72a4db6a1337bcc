//! Snapshots of every file of the generated Rust client crate (one snapshot per file), so a
//! change of the generator or the spec shows up file by file in review.

use workspace_tests::{checked_in_settings, flexflow_spec, read, FLEXFLOW_SPEC_NAME};

#[test]
fn every_generated_rust_crate_file() {
    let output = twilio_codegen::generate(
        FLEXFLOW_SPEC_NAME,
        &read(&flexflow_spec()),
        &checked_in_settings(),
    )
    .expect("spec/ generates");
    let crate_files: Vec<(&String, &String)> = output
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("twilio-flex-v1/"))
        .collect();
    assert!(
        crate_files.len() >= 11,
        "the crate has its files: {:?}",
        crate_files.iter().map(|f| f.0).collect::<Vec<_>>()
    );
    for (path, content) in crate_files {
        let name = path.replace('/', "__");
        insta::with_settings!({ snapshot_suffix => "", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, content);
        });
    }
}

#[test]
fn the_crate_is_split_into_modules() {
    let output = twilio_codegen::generate(
        FLEXFLOW_SPEC_NAME,
        &read(&flexflow_spec()),
        &checked_in_settings(),
    )
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
