//! Shared helpers for the workspace tests: where the specs are, and generation into
//! temporary directories.

use std::path::{Path, PathBuf};

pub mod diff_cases;
pub mod mock;
pub mod tf;

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

/// How many specs `../shared/specs/` holds, so a spec that goes missing fails the test
/// instead of shrinking it.
pub const SHARED_SPECS: usize = 28;

/// The shared specs, sorted by file name.
pub fn shared_specs() -> Vec<PathBuf> {
    let dir = repo_root().join("../shared/specs");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}): Twilio's specs must be at ../shared/specs/ beside the checkout",
            dir.display()
        )
    });
    let mut specs: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    specs
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
    let output = twilio_codegen::Generator::new(twilio_codegen::Settings::default())
        .generate(&[twilio_codegen::SpecInput::new(display, &read(spec))])
        .unwrap_or_else(|e| panic!("{e}"));
    twilio_codegen::write::write(dir, &output).unwrap_or_else(|e| panic!("{e}"));
    output
}

/// The small second API of the multi-spec tests (`tests/specs/second_api.yaml`): a chat
/// Service under chat.twilio.com.
pub fn second_spec() -> PathBuf {
    repo_root().join("tests/specs/second_api.yaml")
}

/// The display name of [`second_spec`], as the CLI shows it from the repository root.
pub const SECOND_SPEC_NAME: &str = "tests/specs/second_api.yaml";

/// The settings of the checked-in generation, as `twilio-codegen.toml` gives them to the CLI:
/// the generated crates depend on `runtime/` by a path relative to `out`.
pub fn checked_in_settings() -> twilio_codegen::Settings {
    let root = repo_root();
    let file = root.join(twilio_codegen::config::FILE_NAME);
    let config = twilio_codegen::config::parse(twilio_codegen::config::FILE_NAME, &read(&file))
        .unwrap_or_else(|e| panic!("{e}"));
    let runtime = config
        .rust
        .runtime_path
        .as_ref()
        .map(|r| root.join(r))
        .expect("twilio-codegen.toml names the runtime");
    let out = root.join(
        config
            .out
            .as_deref()
            .expect("twilio-codegen.toml names `out`"),
    );
    twilio_codegen::Settings {
        runtime_path: Some(
            twilio_codegen::config::runtime_path_from(&runtime, &out)
                .unwrap_or_else(|e| panic!("{e}")),
        ),
        ..twilio_codegen::Settings::default()
    }
}

/// The README's Rust example, compiled as a doc test (`no_run`: it needs credentials).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExample;

/// Settings of a generation outside the repository: the generated crates depend on this
/// repository's `runtime/` by its absolute path.
pub fn out_of_repo_settings() -> twilio_codegen::Settings {
    twilio_codegen::Settings {
        runtime_path: Some(repo_root().join("runtime").display().to_string()),
        ..twilio_codegen::Settings::default()
    }
}

/// Writes `contents` to `path` unless it already holds them (keeping its timestamp, so
/// cargo does not rebuild what depends on it).
pub fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .unwrap_or_else(|e| panic!("{} is written: {e}", path.display()));
    }
}

/// A Cargo workspace in `dir` with these member directories (relative to `dir`), on this
/// repository's lock file, so no dependency is resolved anew.
pub fn cargo_workspace(dir: &Path, members: &[String]) {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write_if_changed(
        &dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        )
        .as_bytes(),
    );
    write_if_changed(
        &dir.join("Cargo.lock"),
        read(&repo_root().join("Cargo.lock")).as_bytes(),
    );
}
