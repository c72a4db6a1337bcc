//! Shared helpers for the workspace tests: where the specs are, and generation into
//! temporary directories.

use std::path::{Path, PathBuf};

pub mod diff_cases;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

/// The FlexFlow spec written for this repository.
pub fn flexflow_spec() -> PathBuf {
    repo_root().join("spec/twilio_flex_v1.yaml")
}

/// Twilio's full Flex v1 spec, read from `../shared/specs/` beside the checkout.
///
/// Panics with a clear message when it is missing: the tests that use it must not pass
/// silently without it.
pub fn shared_flex_spec() -> PathBuf {
    let path = repo_root().join("../shared/specs/twilio_flex_v1.yaml");
    assert!(
        path.exists(),
        "{} is missing: the full Flex v1 spec must be at ../shared/specs/ beside the checkout",
        path.display()
    );
    path
}

/// Reads a spec file as text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The display name the CLI uses for the default spec, so generated headers match.
pub const FLEXFLOW_SPEC_NAME: &str = "spec/twilio_flex_v1.yaml";

/// The edge-case spec of this repository (`tests/specs/edge_cases.yaml`).
pub fn edge_spec() -> PathBuf {
    repo_root().join("tests/specs/edge_cases.yaml")
}

/// Generates a spec into `dir` (which must not exist) the way the CLI does.
pub fn generate_into(spec: &Path, display: &str, dir: &Path) -> twilio_codegen::Output {
    let output =
        twilio_codegen::generate(display, &read(spec), &twilio_codegen::Settings::default())
            .unwrap_or_else(|e| panic!("{e}"));
    twilio_codegen::write::write(dir, &output).unwrap_or_else(|e| panic!("{e}"));
    output
}
