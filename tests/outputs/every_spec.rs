//! Every spec of `../shared/specs/` (Twilio's OpenAPI specs, 28 of them) generates in one
//! `generate_all` run, every crate of that run passes `cargo clippy --all-targets -D
//! warnings` and its own tests, and the one Terraform provider for all of them passes
//! `cargo clippy -D warnings`.
//!
//! The crates are generated (depending on this repository's `runtime/` by its absolute path)
//! into `target/generated-crates/every-spec/crates/` and made members of one Cargo workspace
//! there, on this repository's Cargo.lock, so the dependencies build once for all of them.
//! The target directory `target/generated-crates` is shared with `tests/outputs/generated_crates.rs`.
//! The crates stay at the same place between runs and regenerating keeps the timestamps of
//! unchanged files, so a second run recompiles only the crates whose code changed (crates in
//! a new temporary directory would all be recompiled: cargo keys them by path). Nothing is
//! skipped: a crate that fails fails the test, and a crate whose tests did not run fails it
//! too.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use twilio_codegen::SpecInput;
use workspace_tests::{
    cargo_workspace, out_of_repo_settings, read, repo_root, shared_specs, SHARED_SPECS as SPECS,
};

/// The target directory of the generated crates, shared with `tests/outputs/generated_crates.rs`.
fn target_dir() -> PathBuf {
    repo_root().join("target/generated-crates")
}

/// Runs cargo in `dir` the way `tests/outputs/generated_crates.rs` does (warnings denied, the shared
/// target directory); stdout and stderr go to one file, so cargo's `Running ...` lines
/// (stderr) come right before the results of that test binary (stdout). Fails the test on
/// failure; returns the combined output.
fn cargo(dir: &Path, args: &[&str]) -> String {
    let log_path = dir.join(format!("cargo-{}.log", args[0]));
    let log = File::create(&log_path).expect("the log file is created");
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_MAKEFLAGS")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("the log file is shared"))
        .stderr(log)
        .status()
        .expect("cargo runs");
    let output = read(&log_path);
    assert!(
        status.success(),
        "`cargo {}` failed in {}:\n{output}",
        args.join(" "),
        dir.display(),
    );
    output
}

/// The test executables cargo builds for the workspace in `dir`: file name -> package name.
fn test_executables(dir: &Path) -> BTreeMap<String, String> {
    let json = cargo(
        dir,
        &[
            "test",
            "--quiet",
            "--workspace",
            "--exclude",
            "terraform-provider-twilio",
            "--no-run",
            "--message-format=json",
        ],
    );
    let mut executables = BTreeMap::new();
    for line in json.lines().filter(|l| l.starts_with('{')) {
        let message: serde_json::Value = serde_json::from_str(line).expect("cargo prints JSON");
        let Some(executable) = message["executable"].as_str() else {
            continue;
        };
        if message["profile"]["test"] != serde_json::Value::Bool(true) {
            continue;
        }
        let id = message["package_id"].as_str().expect("a package id");
        let package = package_name(id);
        let file = Path::new(executable)
            .file_name()
            .expect("an executable file name")
            .to_string_lossy()
            .into_owned();
        executables.insert(file, package);
    }
    executables
}

/// The package of a package ID: `path+file:///tmp/x/twilio-chat-v1#0.1.0` (the directory
/// is the name) or `path+file:///tmp/x/dir#twilio-chat-v1@0.1.0`.
fn package_name(id: &str) -> String {
    let (path, fragment) = id.rsplit_once('#').unwrap_or((id, ""));
    match fragment.split_once('@') {
        Some((name, _version)) => name.to_owned(),
        None => path.rsplit('/').next().unwrap_or(path).to_owned(),
    }
}

/// What one test binary (or one crate's doc tests) reported.
#[derive(Debug, Default, Clone, Copy)]
struct Ran {
    binaries: usize,
    passed: usize,
}

/// Reads `cargo test` output: the results of each test binary, by package. `executables`
/// names the package of each test executable; doc tests are named by the library.
fn results(output: &str, executables: &BTreeMap<String, String>) -> BTreeMap<String, Ran> {
    let mut ran: BTreeMap<String, Ran> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in output.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Running ") {
            let path = rest
                .rsplit_once('(')
                .and_then(|(_, p)| p.strip_suffix(')'))
                .unwrap_or_else(|| panic!("a `Running` line names its executable: {line}"));
            let file = Path::new(path)
                .file_name()
                .expect("an executable file name")
                .to_string_lossy()
                .into_owned();
            let package = executables
                .get(&file)
                .unwrap_or_else(|| panic!("`{file}` is a test executable cargo built"));
            current = Some(package.clone());
        } else if let Some(lib) = line.strip_prefix("Doc-tests ") {
            current = Some(lib.replace('_', "-"));
        } else if let Some(result) = line.strip_prefix("test result: ") {
            let package = current
                .take()
                .unwrap_or_else(|| panic!("a test result follows `Running`: {line}"));
            assert!(result.starts_with("ok."), "{package}: {line}");
            let count = |what: &str| -> usize {
                result
                    .split(';')
                    .find_map(|part| part.trim().strip_suffix(what))
                    .and_then(|n| n.trim().trim_start_matches("ok.").trim().parse().ok())
                    .unwrap_or_else(|| panic!("`{what}` is counted: {line}"))
            };
            assert_eq!(count("ignored"), 0, "{package}: no test is ignored: {line}");
            let entry = ran.entry(package).or_default();
            entry.binaries += 1;
            entry.passed += count("passed");
        }
    }
    ran
}

#[test]
fn every_shared_spec_generates_one_crate_that_lints_clean_and_passes_its_tests() {
    let specs = shared_specs();
    assert_eq!(
        specs.len(),
        SPECS,
        "../shared/specs holds {SPECS} specs: {specs:?}"
    );
    let names: Vec<String> = specs
        .iter()
        .map(|p| {
            p.file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let texts: Vec<String> = specs.iter().map(|p| read(p)).collect();
    let inputs: Vec<SpecInput<'_>> = names
        .iter()
        .zip(&texts)
        .map(|(name, text)| SpecInput::new(name, text))
        .collect();
    let settings = out_of_repo_settings();
    let output = twilio_codegen::Generator::new(settings.clone())
        .generate(&inputs)
        .unwrap_or_else(|e| panic!("every shared spec generates in one run: {e}"));
    // What the run left out is shown, not hidden: generation went on without it.
    eprintln!(
        "{} warning(s) of the generation (left out or approximated):",
        output.warnings.len()
    );
    for w in &output.warnings {
        eprintln!("warning: {w}");
    }

    let crates: Vec<&str> = output
        .files
        .keys()
        .filter_map(|p| p.strip_suffix("/Cargo.toml"))
        .filter(|dir| !dir.contains('/'))
        // The Terraform provider for all of them is linted below, not tested here: the
        // acceptance tests run it (for Flex v1).
        .filter(|dir| !dir.starts_with("terraform-provider-"))
        .collect();
    let provider = "terraform-provider-twilio";
    assert!(
        output.files.contains_key(&format!("{provider}/Cargo.toml")),
        "one provider for every spec"
    );
    assert_eq!(crates.len(), SPECS, "one crate per spec: {crates:?}");
    // A crate has operation tests unless its spec has no operation the generator supports
    // (then it has no resource module either); those are named loudly below.
    let has_tests = |krate: &str| {
        output
            .files
            .contains_key(&format!("{krate}/tests/operations/main.rs"))
    };
    for krate in &crates {
        let resources = output
            .files
            .keys()
            .any(|p| p.starts_with(&format!("{krate}/src/resources/")));
        assert_eq!(
            has_tests(krate),
            resources,
            "{krate}: operation tests exactly when it has resources"
        );
    }

    // Each crate's tests read its spec's JSON response examples through its models.
    let example_tests: usize = output
        .files
        .iter()
        .filter(|(path, _)| path.ends_with("/tests/operations/response_examples.rs"))
        .map(|(_, text)| text.matches("_reads_example_").count())
        .sum();
    assert!(
        example_tests > 1000,
        "the crates read the specs' examples: {example_tests}"
    );
    eprintln!("{example_tests} response examples are read by the crates' own tests");

    // The workspace: its manifest and lock file, and the generator's output in `crates/`
    // (which the generator owns and replaces as a whole).
    let workspace = target_dir().join("every-spec");
    let out = workspace.as_path();
    std::fs::create_dir_all(out).expect("the workspace directory is made");
    twilio_codegen::write::write(&out.join("crates"), &output).unwrap_or_else(|e| panic!("{e}"));
    let members: Vec<String> = crates
        .iter()
        .chain(std::iter::once(&provider))
        .map(|m| format!("crates/{m}"))
        .collect();
    cargo_workspace(out, &members);

    // Clippy checks every target (library, tests, example) and the provider for all the
    // specs; the test build then compiles the crates for real, with warnings denied too.
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
    let executables = test_executables(out);
    let tested = cargo(out, &["test", "--workspace", "--exclude", provider]);
    let ran = results(&tested, &executables);

    let mut total = 0;
    for krate in &crates {
        let built = executables.values().filter(|p| p == krate).count();
        let r = ran.get(*krate).copied().unwrap_or_default();
        // Each test executable and the doc tests reported a result.
        assert_eq!(
            r.binaries,
            built + 1,
            "{krate}: each of its {built} test executables and its doc tests ran"
        );
        if has_tests(krate) {
            assert!(r.passed > 0, "{krate}: its tests ran ({r:?})");
            eprintln!(
                "{krate}: {} tests passed in {} test binaries",
                r.passed, r.binaries
            );
        } else {
            eprintln!(
                "NOTE: {krate} has no operation the generator supports, so no tests: it is \
                 checked by clippy and the build only ({} tests passed)",
                r.passed
            );
        }
        total += r.passed;
    }
    assert_eq!(
        ran.len(),
        crates.len(),
        "no results of anything but the crates: {ran:?}"
    );
    eprintln!("{} crates, {total} tests passed", crates.len());
}
