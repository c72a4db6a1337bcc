//! `generated/` must equal a fresh generation from `spec/`.

use workspace_tests::{checked_in_settings, flexflow_spec, read, repo_root, FLEXFLOW_SPEC_NAME};

#[test]
fn generated_dir_is_fresh() {
    let output = twilio_codegen::Generator::new(checked_in_settings())
        .generate(&[twilio_codegen::SpecInput::new(
            FLEXFLOW_SPEC_NAME,
            &read(&flexflow_spec()),
        )])
        .expect("spec/ generates");
    let staleness = twilio_codegen::write::check(&repo_root().join("generated"), &output)
        .expect("generated/ is readable");
    assert!(
        staleness.is_fresh(),
        "generated/ is stale; run `cargo run -p twilio-codegen -- generate` and review the diff:\n{}",
        staleness.diff(200)
    );
}
