//! The crates generated from Twilio's full Flex v1 spec and from the edge-case spec build
//! with no warnings, pass `cargo clippy -D warnings`, and pass their own tests (every
//! operation against a local HTTP server).
//!
//! The crates are generated into temporary directories and built with cargo, sharing one
//! target directory (`target/generated-crates`) and this workspace's Cargo.lock, so only the
//! generated code is recompiled between runs.

use std::path::Path;
use std::process::Command;

use workspace_tests::{edge_spec, generate_into, repo_root, shared_flex_spec};

fn cargo(dir: &Path, args: &[&str]) {
    let target = repo_root().join("target/generated-crates");
    let out = Command::new(env!("CARGO"))
        .args(args)
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
}

fn check_crate(spec: &Path, display: &str, crate_name: &str, expected_resources: usize) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let output = generate_into(spec, display, &out);
    let dir = out.join(crate_name);
    let modules = output
        .files
        .keys()
        .filter(|p| {
            p.starts_with(&format!("{crate_name}/src/resources/")) && !p.ends_with("mod.rs")
        })
        .count();
    assert_eq!(modules, expected_resources, "one module per resource");
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
    );
}

#[test]
fn edge_case_crate_builds_lints_and_passes_its_tests() {
    check_crate(&edge_spec(), "edge_cases.yaml", "twilio-api-v2010", 4);
}
