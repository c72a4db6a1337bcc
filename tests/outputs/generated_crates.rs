//! The crates generated from Twilio's full Flex v1 spec, from the edge-case spec and from
//! small specs that lack a list, a delete, a body or any operation build with no warnings,
//! pass `cargo clippy -D warnings`, and pass their own tests (every operation against a
//! local HTTP server); and one program uses four generated crates through one `Client` on one `twilio-mock`.
//!
//! The crates are generated into temporary directories (depending on this repository's
//! `runtime/` by path) and built with cargo, sharing one target directory
//! (`target/generated-crates`) and this workspace's Cargo.lock, so only the generated code
//! is recompiled between runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use twilio_codegen::SpecInput;
use workspace_tests::{
    cargo_workspace, edge_spec, out_of_repo_settings, read, repo_root, shared_flex_spec,
    shared_specs, SHARED_SPECS,
};

/// Generates one crate per spec (`(path, display name)`) into `out`.
fn generate_all_into(specs: &[(PathBuf, &str)], out: &Path) -> twilio_codegen::Output {
    let texts: Vec<String> = specs.iter().map(|(p, _)| read(p)).collect();
    let inputs: Vec<SpecInput<'_>> = specs
        .iter()
        .zip(&texts)
        .map(|((_, name), text)| SpecInput::new(name, text))
        .collect();
    let output = twilio_codegen::Generator::new(out_of_repo_settings())
        .generate(&inputs)
        .unwrap_or_else(|e| panic!("the specs generate: {e}"));
    twilio_codegen::write::write(out, &output).unwrap_or_else(|e| panic!("{e}"));
    output
}

/// A Cargo workspace in `dir` with these member directories.
fn workspace(dir: &Path, members: &[&str]) {
    let members: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
    cargo_workspace(dir, &members);
}

/// Runs cargo in `dir` with warnings denied; fails the test on failure; returns stdout.
fn cargo(dir: &Path, args: &[&str]) -> String {
    cargo_with(dir, args, &[])
}

/// [`cargo`] with these environment variables set.
fn cargo_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let target = repo_root().join("target/generated-crates");
    let out = Command::new(env!("CARGO"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "`cargo {}` failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Generates the crate of `spec`, adds the hand-written `extra_tests` to its `tests/`, and
/// builds, lints and tests it.
fn check_crate(
    spec: &Path,
    display: &str,
    crate_name: &str,
    expected_resources: usize,
    extra_tests: &[&str],
) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let output = generate_all_into(&[(spec.to_owned(), display)], &out);
    let dir = out.join(crate_name);
    let modules = output
        .files
        .keys()
        .filter(|p| {
            p.starts_with(&format!("{crate_name}/src/resources/")) && !p.ends_with("mod.rs")
        })
        .count();
    assert_eq!(modules, expected_resources, "one module per resource");
    for test in extra_tests {
        let from = repo_root().join(test);
        let name = from.file_name().expect("a test file name");
        std::fs::copy(&from, dir.join("tests").join(name))
            .unwrap_or_else(|e| panic!("{test} copies into the crate: {e}"));
    }
    // The same dependency versions as the workspace: no resolution, no network.
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("Cargo.lock copies");
    cargo(&dir, &["build", "--quiet"]);
    cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    cargo(&dir, &["test", "--quiet"]);
}

#[test]
fn full_flex_v1_crate_builds_lints_and_passes_its_tests() {
    check_crate(
        &shared_flex_spec(),
        "twilio_flex_v1.yaml",
        "twilio-flex-v1",
        29,
        &[],
    );
}

#[test]
fn edge_case_crate_builds_lints_and_passes_its_tests() {
    check_crate(
        &edge_spec(),
        "edge_cases.yaml",
        "twilio-api-v2010",
        5,
        &["tests/edge_crate/one_of.rs"],
    );
}

/// A crate without a list, without a delete, without request bodies, or without any
/// operation the generator supports: nothing of the runtime is left unused in it, so each
/// builds with `-D warnings` and is clippy-clean.
#[test]
fn crates_of_specs_lacking_lists_deletes_bodies_or_operations_build_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path();
    let dir = repo_root().join("tests/specs/clean");
    let specs: Vec<(PathBuf, &str)> = [
        ("no_list.yaml", "twilio-nolist-v1"),
        ("no_delete.yaml", "twilio-nodelete-v1"),
        ("no_body.yaml", "twilio-nobody-v1"),
        ("no_operation.yaml", "twilio-api-v1"),
    ]
    .iter()
    .map(|(file, _)| (dir.join(file), *file))
    .collect();
    let output = generate_all_into(&specs, out);
    let crates = [
        "twilio-nolist-v1",
        "twilio-nodelete-v1",
        "twilio-nobody-v1",
        "twilio-api-v1",
    ];
    for krate in crates {
        assert!(
            output.files.contains_key(&format!("{krate}/src/lib.rs")),
            "{krate} is generated"
        );
    }
    // What each spec lacks, its crate lacks.
    let has = |krate: &str, needle: &str| {
        output
            .files
            .iter()
            .any(|(p, text)| p.starts_with(&format!("{krate}/src/")) && text.contains(needle))
    };
    assert!(
        !has("twilio-nolist-v1", "List<"),
        "no list in twilio-nolist-v1"
    );
    assert!(
        !has("twilio-nodelete-v1", "execute_empty"),
        "no delete in twilio-nodelete-v1"
    );
    assert!(
        !has("twilio-nobody-v1", "FORM_BODY"),
        "no body in twilio-nobody-v1"
    );
    assert!(
        !has("twilio-api-v1", "Request::new"),
        "no operation in twilio-api-v1"
    );
    workspace(out, &crates);
    cargo(
        out,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(out, &["test", "--quiet", "--workspace"]);
}

/// The README's webhook example is made of lines of `tests/multi_api/main.rs`, which runs
/// them: the example cannot drift from code that works.
#[test]
fn the_readme_webhook_example_is_lines_of_the_program() {
    let readme = read(&repo_root().join("README.md"));
    let marker = "<!-- webhook example: each line is a line of tests/multi_api/main.rs -->";
    let start = readme
        .find(marker)
        .expect("the README has the webhook example");
    let block = readme[start..]
        .split("```")
        .nth(1)
        .expect("a code block follows the marker");
    let program = read(&repo_root().join("tests/multi_api/main.rs"));
    let lines: std::collections::HashSet<&str> = program.lines().map(str::trim).collect();
    let example: Vec<&str> = block
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(example.len() >= 12, "{example:?}");
    for line in example {
        assert!(
            lines.contains(line),
            "README line not in the program: {line}"
        );
    }
}

/// One program builds one `Client` and calls API v2010, Flex v1, Chat v1 and Sync v1 through
/// it (`tests/multi_api/main.rs`), against one `twilio-mock` serving all 28 shared specs.
#[test]
fn one_client_serves_four_generated_apis_on_one_local_twilio() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path();
    let shared = shared_flex_spec();
    let specs_dir = shared.parent().expect("the shared specs have a folder");
    let specs: Vec<(PathBuf, &str)> = vec![
        (shared.clone(), "twilio_flex_v1.yaml"),
        (specs_dir.join("twilio_chat_v1.yaml"), "twilio_chat_v1.yaml"),
        (specs_dir.join("twilio_sync_v1.yaml"), "twilio_sync_v1.yaml"),
        (
            specs_dir.join("twilio_api_v2010.yaml"),
            "twilio_api_v2010.yaml",
        ),
    ];
    generate_all_into(&specs, out);
    let program = out.join("program");
    std::fs::create_dir_all(program.join("src")).expect("the program's folder is made");
    std::fs::copy(
        repo_root().join("tests/multi_api/main.rs"),
        program.join("src/main.rs"),
    )
    .expect("the program's source copies");
    let runtime = repo_root().join("runtime");
    std::fs::write(
        program.join("Cargo.toml"),
        format!(
            r#"[package]
name = "program"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
futures-util = "0.3"
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "time", "net"] }}
url = "2"
axum = {{ version = "0.8", default-features = false, features = ["http1", "tokio"] }}
reqwest = {{ version = "0.12", default-features = false }}
twilio-api-v2010 = {{ path = "../twilio-api-v2010" }}
twilio-chat-v1 = {{ path = "../twilio-chat-v1" }}
twilio-flex-v1 = {{ path = "../twilio-flex-v1" }}
twilio-runtime = {{ path = {runtime:?}, features = ["axum"] }}
twilio-sync-v1 = {{ path = "../twilio-sync-v1" }}
"#,
            runtime = runtime.display().to_string()
        ),
    )
    .expect("the program's manifest is written");
    workspace(
        out,
        &[
            "twilio-flex-v1",
            "twilio-chat-v1",
            "twilio-sync-v1",
            "twilio-api-v2010",
            "program",
        ],
    );
    cargo(
        out,
        &["clippy", "--quiet", "-p", "program", "--", "-D", "warnings"],
    );
    cargo(out, &["build", "--quiet", "-p", "program"]);
    // Every shared spec on one mock, for the program's run.
    let all = shared_specs();
    assert_eq!(all.len(), SHARED_SPECS, "{all:?}");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mock = twilio_mock::Mock::from_spec_paths(&all, twilio_mock::Options::default())
        .unwrap_or_else(|e| panic!("the mock serves every shared spec: {e}"));
    let running = runtime
        .block_on(mock.spawn())
        .expect("the mock listens on 127.0.0.1");
    let url = running.base_url();
    let stdout = cargo_with(
        out,
        &["run", "--quiet", "-p", "program"],
        &[("TWILIO_LOCAL_URL", url.as_str())],
    );
    runtime.block_on(running.shutdown());
    assert!(
        stdout.contains("four APIs, one client, one local Twilio, webhooks: ok"),
        "the program ran to its end: {stdout}"
    );
}
