//! The built binary: generate, check, model, and bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The edited copies of spec/ that the diff tests compare (shared with `tests/tool/diff.rs`).
#[allow(dead_code)]
#[path = "../../tests/support/diff_cases.rs"]
mod diff_cases;

/// spec/ edited by the diff case `name`, written as `<dir>/<name>.yaml`.
fn edited_spec(dir: &Path, name: &str) -> PathBuf {
    let case = diff_cases::case(name);
    let spec = std::fs::read_to_string(repo_root().join("spec/twilio_flex_v1.yaml")).unwrap();
    let path = dir.join(case.label());
    std::fs::write(&path, case.apply(&spec)).unwrap();
    path
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_twilio-codegen"));
    cmd.current_dir(repo_root());
    cmd
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the binary runs");
    eprintln!(
        "--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_owned(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn generate_then_check_then_detect_staleness() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = run(bin().args(["generate", "--out"]).arg(&out_dir));
    assert!(out.status.success());
    let first = tree(&out_dir);
    assert!(first.len() > 1, "generate wrote files");

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{} file(s) new or changed", first.len() - 1)),
        "{stderr}"
    );

    // Re-running gives byte-identical files, and says that nothing had to be written.
    let again = run(bin().args(["generate", "--timings", "--out"]).arg(&out_dir));
    assert!(again.status.success());
    assert_eq!(first, tree(&out_dir), "regeneration is byte-identical");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("is up to date"), "{stderr}");
    for stage in ["parse", "model", "emit", "write", "total"] {
        assert!(
            stderr.contains(&format!(" {stage} ")),
            "--timings shows {stage}: {stderr}"
        );
    }

    let out = run(bin().args(["check", "--out"]).arg(&out_dir));
    assert_eq!(out.status.code(), Some(0));

    // Change one generated file: check fails, names it and shows a diff.
    let (victim, content) = first
        .iter()
        .find(|(p, _)| !p.ends_with(".twilio-codegen"))
        .unwrap();
    let mut changed = content.clone();
    changed.extend_from_slice(b"\nhand edit\n");
    std::fs::write(out_dir.join(victim), changed).unwrap();
    let out = run(bin().args(["check", "--out"]).arg(&out_dir));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let victim = victim.to_string_lossy().replace('\\', "/");
    assert!(
        stdout.contains(&format!("--- a/{victim}")),
        "diff names the file"
    );
    assert!(stdout.contains("-hand edit"), "diff shows the change");
    assert!(stderr.contains(&victim));
    assert!(
        stderr.contains("twilio-codegen -- generate"),
        "says how to fix"
    );
}

#[test]
fn bad_spec_exits_2_with_one_line_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("broken.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: [\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = run(bin()
        .arg("generate")
        .arg("--spec")
        .arg(&spec)
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    assert!(
        stderr.contains("broken.yaml:4:1"),
        "names file, line and column: {stderr}"
    );
    assert!(!out_dir.exists(), "nothing written");
}

#[test]
fn failed_generation_leaves_existing_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    assert!(run(bin().args(["generate", "--out"]).arg(&out_dir))
        .status
        .success());
    let before = tree(&out_dir);
    let spec = tmp.path().join("v31.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {}}\n",
    )
    .unwrap();
    let out = run(bin()
        .arg("generate")
        .arg("--spec")
        .arg(&spec)
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("v31.yaml:#/openapi"));
    assert_eq!(before, tree(&out_dir));
}

#[test]
fn refuses_to_replace_a_directory_it_did_not_generate() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("precious.txt"), "keep me").unwrap();
    let out = run(bin().args(["generate", "--out"]).arg(tmp.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn model_prints_yaml() {
    let out = run(bin().args(["model", "--spec", "spec/twilio_flex_v1.yaml"]));
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("name: flex_flow"));
    assert!(stdout.contains("prefix: Integration"));
}

#[test]
fn missing_spec_and_bad_arguments_exit_2() {
    let out = run(bin().args(["model", "--spec", "does/not/exist.yaml"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.yaml"));
    let out = run(bin().args(["generate", "--no-such-flag"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(bin().arg("--help"));
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["generate", "check", "model"] {
        assert!(help.contains(cmd), "--help lists {cmd}");
    }
}

#[test]
fn diff_exits_0_without_breaking_changes_1_with_and_2_on_errors() {
    let tmp = tempfile::tempdir().unwrap();
    const SPEC: &str = "spec/twilio_flex_v1.yaml";
    let out = run(bin().args(["diff", SPEC, SPEC]));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No changes"));

    let out = run(bin()
        .args(["diff", SPEC])
        .arg(edited_spec(tmp.path(), "added_optional_param")));
    assert_eq!(
        out.status.code(),
        Some(0),
        "optional parameters break nothing"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("compatible"));
    assert!(stdout.contains("flex_flow  CreateFlexFlow param Locale: added"));

    let out = run(bin()
        .args(["diff", SPEC])
        .arg(edited_spec(tmp.path(), "new_required_param")));
    assert_eq!(
        out.status.code(),
        Some(1),
        "a new required parameter breaks"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("BREAKING (rust, terraform)"));

    let out = run(bin()
        .args(["diff", SPEC])
        .arg(edited_spec(tmp.path(), "removed_enum_value"))
        .args(["--format", "json"]));
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["changes"][0]["kind"], "enum_value_removed");
    assert_eq!(json["changes"][0]["terraform"]["breaking"], true);

    let out = run(bin()
        .args(["diff", SPEC])
        .arg(edited_spec(tmp.path(), "new_enum_value"))
        .args(["--format", "json"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "a new enum value breaks nothing"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["bump"]["rust"], "minor", "a new variant: {json}");
    // `OneOf` widens: the provider's schema changes, compatibly.
    assert_eq!(
        json["bump"]["terraform"], "minor",
        "a new accepted value: {json}"
    );
    assert_eq!(json["surface"][0]["how"], "added");

    let out = run(bin()
        .args(["diff", SPEC])
        .arg(edited_spec(tmp.path(), "removed_enum_value"))
        .args(["--format", "markdown"]));
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("### Bindings: "), "{md}");
    assert!(
        md.contains("**Breaking**. Recommended: twilio-flex-v1 major"),
        "{md}"
    );

    // Errors: a bad spec names the file and the place; a missing one names the file.
    let broken = tmp.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: [\n",
    )
    .unwrap();
    let out = run(bin().args(["diff", SPEC]).arg(&broken));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    assert!(stderr.contains("broken.yaml:4:1"), "{stderr}");
    assert!(out.stdout.is_empty(), "no report on errors");
    let out = run(bin().args(["diff", "does/not/exist.yaml", SPEC]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.yaml"));
    let out = run(bin().args(["diff", SPEC]));
    assert_eq!(out.status.code(), Some(2), "both specs are needed");
    let out = run(bin().args(["diff", SPEC, SPEC, "--format", "xml"]));
    assert_eq!(out.status.code(), Some(2));

    let help = run(bin().arg("--help"));
    assert!(String::from_utf8_lossy(&help.stdout).contains("diff"));

    // The settings file's provider address names the Terraform types in the report.
    let config = tmp.path().join("settings.toml");
    std::fs::write(
        &config,
        "[terraform]\nprovider_address = \"registry.terraform.io/acme/tw\"\n",
    )
    .unwrap();
    let out = run(bin()
        .arg("--config")
        .arg(&config)
        .args(["diff", SPEC])
        .arg(edited_spec(tmp.path(), "renamed_resource")));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("`tw_flex_flow` becomes"), "{stdout}");
}

#[test]
fn diff_reports_the_resources_the_full_spec_adds() {
    let full = repo_root().join("../shared/specs/twilio_flex_v1.yaml");
    assert!(full.exists(), "{} is missing", full.display());
    let out = run(bin()
        .args(["diff", "spec/twilio_flex_v1.yaml"])
        .arg(&full)
        .args(["--format", "json"]));
    // Adding resources breaks nothing but two SID aliases: the full spec's `configuration`
    // schema declares WS and WW (`taskrouter_workspace_sid`), which spec/ names from
    // FlexFlow's parameters (`workspace_sid`); tests/tool/diff.rs pins that down.
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let breaking: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rust"]["breaking"] == true || c["terraform"]["breaking"] == true)
        .filter_map(|c| c["item"].as_str())
        .collect();
    assert_eq!(breaking, ["SID WS", "SID WW"], "{json}");
    let added = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "resource_added")
        .count();
    assert_eq!(added, 28);
}

#[test]
fn settings_file_sets_the_crate_version_and_flags_override_it() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("settings.toml");
    std::fs::write(&config, "[rust]\ncrate_version = \"2.3.4\"\n").unwrap();
    let out_dir = tmp.path().join("out");
    let out = run(bin()
        .arg("--config")
        .arg(&config)
        .args(["generate", "--out"])
        .arg(&out_dir));
    assert!(out.status.success());
    let manifest = std::fs::read_to_string(out_dir.join("twilio-flex-v1/Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"2.3.4\""), "{manifest}");
    // `check` reads the same file, so the output is up to date.
    let out = run(bin()
        .arg("--config")
        .arg(&config)
        .args(["check", "--out"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(0));
    // A flag wins over the file; the output is then stale.
    let out = run(bin()
        .arg("--config")
        .arg(&config)
        .args(["check", "--crate-version", "3.0.0", "--out"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+version = \"3.0.0\""));
    // The command it suggests uses the same settings file and flags.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fix = format!("--config {} generate --spec", config.display());
    assert!(stderr.contains(&fix), "{stderr}");
    assert!(stderr.contains("--crate-version 3.0.0"), "{stderr}");
    // A misspelt key is an error naming the file and line.
    std::fs::write(&config, "[rust]\ncrate_verison = \"1\"\n").unwrap();
    let out = run(bin().arg("--config").arg(&config).arg("check"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("settings.toml:2:1"));
}

/// The second API of the multi-spec tests: a chat Service under chat.twilio.com.
const SECOND_SPEC: &str = "tests/specs/second_api.yaml";

/// The resource types of a generated providers schema.
fn resource_types(out_dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(out_dir.join("terraform/providers-schema.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["provider_schemas"]["registry.terraform.io/twilio/twilio"]["resource_schemas"]
        .as_object()
        .expect("resource schemas")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn several_specs_give_one_crate_each_and_one_terraform_provider() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = run(bin()
        .args([
            "generate",
            "--spec",
            "spec/twilio_flex_v1.yaml",
            "--spec",
            SECOND_SPEC,
        ])
        .arg("--out")
        .arg(&out_dir));
    assert!(out.status.success());
    for manifest in ["twilio-flex-v1/Cargo.toml", "twilio-chat-v1/Cargo.toml"] {
        assert!(out_dir.join(manifest).is_file(), "{manifest} is generated");
    }
    assert_eq!(
        resource_types(&out_dir),
        ["twilio_chat_service", "twilio_flex_flow"],
        "one schema lists the resources of both specs"
    );
    let docs: Vec<String> = std::fs::read_dir(out_dir.join("terraform/docs/resources"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(docs, ["chat_service.md", "flex_flow.md"]);
    let doc =
        std::fs::read_to_string(out_dir.join("terraform/docs/resources/chat_service.md")).unwrap();
    assert!(
        doc.contains("from second_api.yaml"),
        "each doc names its own spec"
    );
    let marker = std::fs::read_to_string(out_dir.join(".twilio-codegen")).unwrap();
    assert!(
        marker.contains("from spec/twilio_flex_v1.yaml, tests/specs/second_api.yaml."),
        "the marker names every spec: {marker}"
    );

    // `check` compares the whole output: fresh, then stale after an edit in the second crate.
    let check = |extra: &[&str]| {
        run(bin()
            .args([
                "check",
                "--spec",
                "spec/twilio_flex_v1.yaml",
                "--spec",
                SECOND_SPEC,
            ])
            .args(extra)
            .arg("--out")
            .arg(&out_dir))
    };
    assert_eq!(check(&[]).status.code(), Some(0));
    let edited = out_dir.join("twilio-chat-v1/src/lib.rs");
    let original = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{original}// hand edit\n")).unwrap();
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--- a/twilio-chat-v1/src/lib.rs"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "--spec spec/twilio_flex_v1.yaml --spec {SECOND_SPEC}"
        )),
        "the fix names both specs: {stderr}"
    );
    std::fs::write(&edited, original).unwrap();

    // Regenerating without the second spec removes its crate, keeps the first one's files
    // (same inode) and its resource leaves the Terraform files.
    let kept = out_dir.join("twilio-flex-v1/src/lib.rs");
    let inode = |p: &Path| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).unwrap().ino()
        }
        #[cfg(not(unix))]
        {
            std::fs::metadata(p).unwrap().len()
        }
    };
    let before = inode(&kept);
    let out = run(bin()
        .args(["generate", "--spec", "spec/twilio_flex_v1.yaml", "--out"])
        .arg(&out_dir));
    assert!(out.status.success());
    assert!(
        !out_dir.join("twilio-chat-v1").exists(),
        "the removed spec's crate is gone"
    );
    assert_eq!(
        inode(&kept),
        before,
        "unchanged files are kept, not rewritten"
    );
    assert_eq!(resource_types(&out_dir), ["twilio_flex_flow"]);
    assert!(!out_dir
        .join("terraform/docs/resources/chat_service.md")
        .exists());
}

#[test]
fn a_spec_listed_twice_is_an_error_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = run(bin()
        .args(["generate", "--spec", SECOND_SPEC, "--spec", SECOND_SPEC])
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: {SECOND_SPEC}: generates the crate `twilio-chat-v1`, as {SECOND_SPEC} \
             does: the spec is listed twice"
        )
    );
    assert!(!out_dir.exists(), "nothing written");
}

#[test]
fn two_specs_with_one_terraform_type_are_an_error_naming_both() {
    // Twilio's chat v1 spec has the Service resource of the second spec: with the crates
    // named apart, the Terraform type `twilio_chat_service` still collides.
    let chat = "../shared/specs/twilio_chat_v1.yaml";
    assert!(repo_root().join(chat).exists(), "{chat} is missing");
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let config = tmp.path().join("settings.toml");
    std::fs::write(
        &config,
        format!(
            "[[api]]\nspec = \"{SECOND_SPEC}\"\ncrate_name = \"twilio-chat-mini\"\n\n[[api]]\nspec = \"{chat}\"\n"
        ),
    )
    .unwrap();
    let out = run(bin()
        .arg("--config")
        .arg(&config)
        .args(["generate", "--out"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    assert!(stderr.starts_with(&format!("error: {chat}: ")), "{stderr}");
    assert!(stderr.contains("`twilio_chat_service`"), "{stderr}");
    assert!(stderr.contains(&format!("of {SECOND_SPEC}")), "{stderr}");
    assert!(!out_dir.exists(), "nothing written");

    // Without the crate name, the crates collide first.
    std::fs::write(&config, format!("spec = [\"{SECOND_SPEC}\", \"{chat}\"]\n")).unwrap();
    let out = run(bin()
        .arg("--config")
        .arg(&config)
        .args(["generate", "--out"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{chat}: generates the crate `twilio-chat-v1`, as {SECOND_SPEC} does"
        )),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing written");
}

#[test]
fn api_tables_give_each_crate_its_own_name_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let config = tmp.path().join("settings.toml");
    std::fs::write(
        &config,
        format!(
            "[rust]\ncrate_version = \"1.0.0\"\n\n[[api]]\nspec = \"spec/twilio_flex_v1.yaml\"\n\n\
             [[api]]\nspec = \"{SECOND_SPEC}\"\ncrate_name = \"twilio-chat\"\ncrate_version = \"0.4.0\"\n"
        ),
    )
    .unwrap();
    let with_config = || {
        let mut cmd = bin();
        cmd.arg("--config").arg(&config);
        cmd
    };
    let out = run(with_config().args(["generate", "--out"]).arg(&out_dir));
    assert!(out.status.success());
    let manifest = |krate: &str| {
        std::fs::read_to_string(out_dir.join(krate).join("Cargo.toml"))
            .unwrap_or_else(|e| panic!("{krate}: {e}"))
    };
    assert!(manifest("twilio-flex-v1").contains("version = \"1.0.0\""));
    let chat = manifest("twilio-chat");
    assert!(chat.contains("name = \"twilio-chat\""), "{chat}");
    assert!(chat.contains("version = \"0.4.0\""), "{chat}");

    // `--spec` overrides the list but keeps the settings of the spec's entry.
    let out = run(with_config()
        .args([
            "check",
            "--spec",
            "spec/twilio_flex_v1.yaml",
            "--spec",
            SECOND_SPEC,
            "--out",
        ])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(0));

    // `diff` takes the crate settings of the settings file's entry for the specs it
    // compares (the new one, else the old one): the crate keeps the entry's name.
    let moved = repo_root().join(MOVED_SECOND_SPEC);
    let second = std::fs::read_to_string(repo_root().join(SECOND_SPEC)).unwrap();
    assert_eq!(
        std::fs::read_to_string(&moved)
            .unwrap()
            .replace("conversations.twilio.com", "chat.twilio.com"),
        second,
        "{MOVED_SECOND_SPEC} is {SECOND_SPEC} on another host"
    );
    let out = run(with_config().args(["diff", SECOND_SPEC]).arg(&moved));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("the crate keeps its name `twilio-chat`"),
        "{stdout}"
    );
    // Without the file, the name follows the domain.
    let out = run(bin().args(["diff", SECOND_SPEC]).arg(&moved));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("the crate is renamed `twilio-chat-v1` -> `twilio-conversations-v1`"),
        "{stdout}"
    );

    // A crate name for several specs is refused.
    let out = run(with_config()
        .args(["generate", "--crate-name", "one", "--out"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("names one crate, but 2 specs"));
}

/// The second spec moved to another host (`tests/specs/second_api.yaml` with
/// `conversations.twilio.com` for `chat.twilio.com`): another domain, so another default
/// crate name.
const MOVED_SECOND_SPEC: &str = "tests/specs/second_api_moved.yaml";

#[test]
fn runtime_path_is_written_relative_to_the_output_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let runtime = tmp.path().join("rt");
    std::fs::create_dir(&runtime).unwrap();
    let out_dir = tmp.path().join("nested/out");
    // Not a crate yet: one error line, exit 2, nothing written.
    let out = run(bin()
        .args(["generate", "--runtime-path"])
        .arg(&runtime)
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    assert!(stderr.contains("has no Cargo.toml"), "{stderr}");
    assert!(!out_dir.exists(), "nothing written");
    let out = run(bin()
        .args(["generate", "--runtime-path", "does/not/exist", "--out"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`does/not/exist` is not a directory"));

    std::fs::write(
        runtime.join("Cargo.toml"),
        "[package]\nname = \"twilio-runtime\"\n",
    )
    .unwrap();
    let out = run(bin()
        .args(["generate", "--runtime-path"])
        .arg(&runtime)
        .arg("--out")
        .arg(&out_dir));
    assert!(out.status.success());
    // nested/out -> rt is ../../rt; the crate is one level further down.
    let manifest = std::fs::read_to_string(out_dir.join("twilio-flex-v1/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("twilio-runtime = { path = \"../../../rt\""),
        "{manifest}"
    );
}

/// `update OLD_SPEC`: the report of the change, the crate version it calls for recorded in
/// the settings file (its comments kept), the output regenerated with it; `check` then
/// agrees. Run again with nothing changed, the version stays; an old spec that matches no
/// listed spec is an error that writes nothing.
#[test]
fn update_reports_bumps_the_version_and_regenerates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::create_dir_all(dir.join("old")).unwrap();
    let original = std::fs::read_to_string(repo_root().join("spec/twilio_flex_v1.yaml")).unwrap();
    std::fs::write(dir.join("old/twilio_flex_v1.yaml"), &original).unwrap();
    // The new spec adds a required parameter: breaking, so 0.1.0 becomes 0.2.0.
    let breaking = diff_cases::case("new_required_param");
    std::fs::write(
        dir.join("spec/twilio_flex_v1.yaml"),
        breaking.apply(&original),
    )
    .unwrap();
    let settings = "spec = \"spec/twilio_flex_v1.yaml\"\nout = \"generated\"\n\n[rust]\n# bumped by `update`\ncrate_version = \"0.1.0\" # every crate\n";
    std::fs::write(dir.join("twilio-codegen.toml"), settings).unwrap();
    let in_dir = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_twilio-codegen"));
        cmd.current_dir(dir).args(args);
        run(&mut cmd)
    };

    // An old spec no listed spec is named like: an error, nothing written.
    std::fs::write(dir.join("old/other.yaml"), &original).unwrap();
    let out = in_dir(&["update", "old/other.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("old/other.yaml"));
    assert!(!dir.join("generated").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("twilio-codegen.toml")).unwrap(),
        settings
    );

    let out = in_dir(&["update", "old/twilio_flex_v1.yaml", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("twilio-flex-v1"), "{stdout}");
    assert!(stdout.to_lowercase().contains("breaking"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0.1.0 -> 0.2.0"), "{stderr}");
    let recorded = std::fs::read_to_string(dir.join("twilio-codegen.toml")).unwrap();
    assert_eq!(recorded, settings.replace("\"0.1.0\"", "\"0.2.0\""));
    for manifest in [
        "generated/twilio-flex-v1/Cargo.toml",
        "generated/terraform-provider-twilio/Cargo.toml",
    ] {
        let text = std::fs::read_to_string(dir.join(manifest)).unwrap();
        assert!(text.contains("version = \"0.2.0\""), "{manifest}: {text}");
    }
    assert_eq!(in_dir(&["check"]).status.code(), Some(0), "check agrees");

    // Nothing changed since: the version stays and nothing is rewritten.
    std::fs::copy(
        dir.join("spec/twilio_flex_v1.yaml"),
        dir.join("old/twilio_flex_v1.yaml"),
    )
    .unwrap();
    let before = tree(&dir.join("generated"));
    let out = in_dir(&["update", "old/twilio_flex_v1.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stays 0.2.0"));
    assert_eq!(tree(&dir.join("generated")), before);
    assert_eq!(
        std::fs::read_to_string(dir.join("twilio-codegen.toml")).unwrap(),
        recorded
    );
}
