//! `twilio-codegen diff` on pairs of specs: spec/ against edited copies of it, made by the
//! patches of `fixtures/diff/cases/` (each says what it changes; see
//! `support/diff_cases.rs`). Every report is
//! snapshotted as text and as JSON; review changes with `cargo insta review`.

use std::collections::BTreeSet;

use twilio_codegen::diff::{Kind, Level, Report};
use twilio_codegen::Settings;
use workspace_tests::diff_cases::{self, DiffCase};
use workspace_tests::{flexflow_spec, read, shared_flex_spec, FLEXFLOW_SPEC_NAME};

/// spec/ against its copy edited by `case`, generated with `settings`.
fn against_with(case: &DiffCase, settings: &Settings) -> Report {
    let spec = read(&flexflow_spec());
    twilio_codegen::Generator::new(settings.clone())
        .diff(
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec),
            twilio_codegen::SpecInput::new(&case.label(), &case.apply(&spec)),
        )
        .unwrap_or_else(|e| panic!("diff against {}: {e}", case.name))
}

/// Snapshots the report of one case (text and JSON) and checks its verdict.
fn check(case: &DiffCase) {
    let report = against_with(case, &Settings::default());
    snapshot(&case.name, &report, case.breaking);
}

/// Snapshots a report as text and JSON, and checks its verdict in both.
fn snapshot(name: &str, report: &Report, breaking: bool) {
    let text = report.to_text();
    assert_eq!(report.breaking(), breaking, "{name}: {text}");
    insta::assert_snapshot!(name, text);
    insta::assert_snapshot!(format!("{name}_json"), report.to_json());
    insta::assert_snapshot!(format!("{name}_md"), report.to_markdown());
    // The bump follows the verdict: major exactly when something breaks.
    let bump = report.bump();
    let major = bump.rust == Level::Major || bump.terraform == Level::Major;
    assert_eq!(major, breaking, "{name}: {bump:?}");
    agree(name, report);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
    assert_eq!(json["breaking"], breaking);
    assert_eq!(
        json["changes"].as_array().map(Vec::len),
        Some(report.changes.len())
    );
}

/// The spec changes' Rust verdicts and the generated code agree: a change said to break
/// the crate shows as a breaking public item or check, and a breaking item or check has a
/// spec change that says so.
fn agree(name: &str, report: &Report) {
    let said: Vec<String> = report
        .changes
        .iter()
        .filter(|c| c.rust.breaking)
        .map(|c| format!("{} {}", c.item, c.detail))
        .collect();
    let shown: Vec<String> = report
        .surface
        .iter()
        .filter(|c| c.breaking)
        .map(|c| format!("{} {} {}", c.how.as_str(), c.kind, c.path))
        .collect();
    assert_eq!(
        said.is_empty(),
        shown.is_empty(),
        "{name}: spec changes breaking the crate {said:?}, generated items breaking {shown:?}"
    );
    // A Terraform schema that differs has a change that says how.
    if report.terraform_changed {
        assert!(
            report
                .changes
                .iter()
                .any(|c| c.terraform.breaking.is_some() && !c.terraform.reason.starts_with("no ")),
            "{name}: the Terraform schema differs but no change says how"
        );
    }
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(&diff_cases::case(stringify!($name)));
            }
        )*

        /// Every case of `fixtures/diff/cases/` has its test here.
        #[test]
        fn every_case_is_tested() {
            let tested: BTreeSet<String> =
                [$(stringify!($name)),*].into_iter().map(str::to_owned).collect();
            let cases: BTreeSet<String> = diff_cases::cases().into_iter().map(|c| c.name).collect();
            assert_eq!(tested, cases);
        }
    };
}

cases!(
    added_optional_param,
    condition_change,
    descriptions_only,
    moved_paths,
    new_enum_value,
    new_required_param,
    nullability_change,
    pattern_change,
    removed_enum_value,
    removed_field,
    removed_operation,
    removed_update_param,
    renamed_resource,
    required_change,
    respelled_param,
    type_change,
);

/// The report names what `generate` makes with the same settings: a configured provider
/// address gives other Terraform type names.
#[test]
fn names_follow_the_settings() {
    let case = diff_cases::case("renamed_resource");
    let settings = Settings {
        provider_address: "registry.terraform.io/acme/tw".to_owned(),
        ..Settings::default()
    };
    let text = against_with(&case, &settings).to_text();
    assert!(
        text.contains("`tw_flex_flow` becomes `tw_flex_messaging_flow`"),
        "{text}"
    );
    assert!(!text.contains("twilio_flex_flow"), "{text}");
    // The default settings give the default names.
    let text = against_with(&case, &Settings::default()).to_text();
    assert!(text.contains("`twilio_flex_flow` becomes"), "{text}");

    // An address that names no provider fails, as generation does.
    let bad = Settings {
        provider_address: "registry.terraform.io/acme/prövider".to_owned(),
        ..Settings::default()
    };
    let spec = read(&flexflow_spec());
    let err = twilio_codegen::Generator::new(bad.clone())
        .diff(
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec),
            twilio_codegen::SpecInput::new(&case.label(), &case.apply(&spec)),
        )
        .expect_err("an invalid provider address fails");
    assert!(err.to_string().contains("provider address"), "{err}");
    assert!(twilio_codegen::Generator::new(bad.clone())
        .generate(&[twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec)])
        .is_err());
}

#[test]
fn identical() {
    let spec = read(&flexflow_spec());
    let report = twilio_codegen::Generator::new(Settings::default())
        .diff(
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec),
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec),
        )
        .expect("spec/ diffs");
    assert!(report.changes.is_empty());
    snapshot("identical", &report, false);
}

/// A hunk whose lines are not in the spec fails, naming the case and the hunk.
#[test]
#[should_panic(expected = "diff case `broken`, hunk 0")]
fn a_missing_anchor_fails_loudly() {
    let case = DiffCase::parse(
        "broken",
        "what: lines that are not in the spec\nbreaking: false\n@@ -1 +1 @@\n-no such text\n+other\n",
    );
    case.apply(&read(&flexflow_spec()));
}

/// A patch is read as `git apply` reads it: context on both sides, removed lines on the old,
/// added ones on the new; a header that is not `what` then `breaking` is refused.
#[test]
fn patches_read_as_unified_diffs() {
    let case = DiffCase::parse(
        "small",
        "what: one line changed\nbreaking: true\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
    );
    assert!(case.breaking);
    assert_eq!(case.what, "one line changed");
    assert_eq!(case.apply("z\na\nb\nc\n"), "z\na\nB\nc\n");
    let bad = std::panic::catch_unwind(|| DiffCase::parse("bad", "breaking: true\n@@\n"));
    assert!(bad.is_err(), "the header starts with `what`");
}

#[test]
fn the_full_flex_v1_spec_adds_28_resources() {
    let full = read(&shared_flex_spec());
    let spec = read(&flexflow_spec());
    let report = twilio_codegen::Generator::new(Settings::default())
        .diff(
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec),
            twilio_codegen::SpecInput::new("twilio_flex_v1.yaml", &full),
        )
        .expect("the full spec diffs");
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResourceAdded)
        .filter_map(|c| c.resource.as_deref())
        .collect();
    assert_eq!(added.len(), 28, "{added:?}");
    // spec/ is the full spec's FlexFlow: nothing else of it changes, and additions break
    // nothing but two SID type names. A SID type is named by the schemas that declare its
    // prefix, so a name does not move when a resource comes or goes; the full spec adds
    // `configuration`, whose schema declares WS and WW as `taskrouter_workspace_sid` and
    // `taskrouter_target_workflow_sid`, where spec/ names them from FlexFlow's parameters.
    // The aliases' type (`Sid<'W', 'S'>`) is the same: only code naming the alias breaks.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.resource.as_deref() != Some("flex_flow")),
        "{}",
        report.to_text()
    );
    let breaking: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.breaking())
        .map(|c| c.item.as_str())
        .collect();
    assert_eq!(breaking, ["SID WS", "SID WW"], "{}", report.to_text());
    let surface: Vec<&str> = report
        .surface
        .iter()
        .filter(|c| c.breaking)
        .map(|c| c.path.as_str())
        .collect();
    assert!(
        surface.iter().all(|p| p.contains("WorkspaceSid")
            || p.contains("WorkflowSid")
            || p.contains("workspace_sid")
            || p.contains("workflow_sid")),
        "{surface:?}"
    );
    let tf_added = report
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResourceAdded && c.terraform.breaking == Some(false))
        .count();
    assert!(
        tf_added > 0,
        "some added resources get a Terraform resource type"
    );

    // The other way round, the same resources are removed: breaking.
    let back = twilio_codegen::Generator::new(Settings::default())
        .diff(
            twilio_codegen::SpecInput::new("twilio_flex_v1.yaml", &full),
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &spec),
        )
        .expect("the full spec diffs");
    let removed = back
        .changes
        .iter()
        .filter(|c| c.kind == Kind::ResourceRemoved)
        .count();
    assert_eq!(removed, 28);
    assert!(back.breaking());
    assert!(back.changes.iter().all(|c| c.rust.breaking));
}

#[test]
fn a_bad_spec_is_an_error_naming_the_file() {
    let err = twilio_codegen::Generator::new(Settings::default())
        .diff(
            twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &read(&flexflow_spec())),
            twilio_codegen::SpecInput::new(
                "broken.yaml",
                "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: [\n",
            ),
        )
        .expect_err("a broken spec fails");
    assert!(err.to_string().starts_with("broken.yaml:4:1"), "{err}");
}

/// `diff` between two consecutive versions of a spec from twilio-oai's history
/// (`../shared/history/<spec>/<date>_<commit>.yaml`).
fn history(spec: &str, old: &str, new: &str) -> Report {
    let dir = workspace_tests::repo_root()
        .join("../shared/history")
        .join(spec);
    let (a, b) = (
        dir.join(format!("{old}.yaml")),
        dir.join(format!("{new}.yaml")),
    );
    let (a_text, b_text) = (read(&a), read(&b));
    let report = twilio_codegen::Generator::new(Settings::default())
        .diff(
            twilio_codegen::SpecInput::new(&format!("{spec}/{old}.yaml"), &a_text),
            twilio_codegen::SpecInput::new(&format!("{spec}/{new}.yaml"), &b_text),
        )
        .unwrap_or_else(|e| panic!("{spec} {old} -> {new}: {e}"));
    agree(&format!("{spec} {old} -> {new}"), &report);
    report
}

/// The public surface of the crate generated from one side of a history pair.
fn history_surface(spec: &str, side: &str) -> twilio_codegen::surface::Surface {
    let path = workspace_tests::repo_root()
        .join("../shared/history")
        .join(spec)
        .join(format!("{side}.yaml"));
    let output = twilio_codegen::Generator::new(Settings::default())
        .generate(&[twilio_codegen::SpecInput::new(
            &format!("{spec}.yaml"),
            &read(&path),
        )])
        .unwrap_or_else(|e| panic!("{spec} {side}: {e}"));
    let crates = twilio_codegen::surface::client_crates(&output.files);
    twilio_codegen::surface::Surface::of_crate(&output.files, crates[0])
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Twilio's release of 2022-07-21 reordered the required parameters of every spec
/// (`CreateCall`: `To`, `From` became `From`, `To`). Constructors follow wire names, so no
/// generated function only permutes its arguments, `CreateCall::new(from, to)` stays, and
/// `diff` does not mention it.
#[test]
fn history_the_2022_07_21_reorder_changes_no_argument_order() {
    let (old, new) = ("2022-07-13_981a215", "2022-07-21_783430b");
    for (spec, constructor, args) in [
        (
            "twilio_api_v2010",
            "fn resources::call::CreateCall::new",
            &["from", "to"][..],
        ),
        (
            "twilio_flex_v1",
            "fn resources::flex_flow::CreateFlexFlow::new",
            &["channel_type", "chat_service_sid", "friendly_name"][..],
        ),
    ] {
        let (a, b) = (history_surface(spec, old), history_surface(spec, new));
        let mut compared = 0;
        for (key, x) in a.items.iter().filter(|(_, i)| i.kind == "fn") {
            let Some(y) = b.items.get(key) else {
                continue;
            };
            compared += 1;
            if x.args != y.args {
                let (mut xs, mut ys) = (x.args.clone(), y.args.clone());
                xs.sort();
                ys.sort();
                assert_ne!(xs, ys, "{spec}: {key} only reorders its arguments");
            }
        }
        assert!(compared > 100, "{spec}: {compared} functions on both sides");
        let names: Vec<&str> = b.items[constructor]
            .args
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, args, "{spec}");
        assert_eq!(a.items[constructor], b.items[constructor], "{spec}");

        let report = history(spec, old, new);
        assert!(
            report.rust_crate.is_some(),
            "{spec}: the surfaces were compared"
        );
        let path = constructor.trim_start_matches("fn ");
        assert!(
            report.surface.iter().all(|c| c.path != path),
            "{spec}: {}",
            report.to_text()
        );
    }
}

/// The tooling change of 2021-06-10 turned flex's configuration list handle into an
/// instance handle: code that names `ConfigurationList` no longer compiles, and `diff`
/// says so although no parameter, field or operation of the model changed.
#[test]
fn history_flex_configuration_handle_change_is_breaking() {
    let report = history("twilio_flex_v1", "2021-06-02_1168039", "2021-06-10_98232d0");
    assert!(report.breaking(), "{}", report.to_text());
    let removed = report
        .surface
        .iter()
        .find(|c| c.path == "resources::configuration::ConfigurationList")
        .unwrap_or_else(|| panic!("ConfigurationList is reported: {}", report.to_text()));
    assert!(removed.breaking);
    let method = report
        .surface
        .iter()
        .find(|c| c.path == "FlexV1::configuration")
        .expect("the client method's new return type is reported");
    assert_eq!(
        method.new.as_deref(),
        Some("fn configuration(&self) -> ConfigurationContext")
    );
    // The spec change behind it: the path became the resource's instance path, which also
    // makes the singleton a Terraform resource type.
    let paths = report
        .changes
        .iter()
        .find(|c| c.kind == Kind::ResourcePaths)
        .unwrap_or_else(|| panic!("the path change is reported: {}", report.to_text()));
    assert_eq!(
        paths.detail,
        "list /v1/Configuration -> instance /v1/Configuration"
    );
    assert!(paths.rust.breaking, "{}", paths.rust.reason);
    assert_eq!(paths.terraform.breaking, Some(false));
    assert_eq!(report.bump().terraform, Level::Minor);
}

/// 2024-09-05 changed only nullability in flex_v1: every model field is an `Option` either
/// way, so nothing breaks and the surface is unchanged.
#[test]
fn history_a_nullable_only_change_is_no_false_alarm() {
    let report = history("twilio_flex_v1", "2024-08-26_e3252d1", "2024-09-05_c22dc49");
    assert!(!report.breaking(), "{}", report.to_text());
    assert!(report.surface.is_empty(), "{}", report.to_text());
    assert!(report
        .changes
        .iter()
        .any(|c| c.kind == Kind::FieldNullable && !c.rust.breaking));
}

/// The `stream` resource added to api_v2010 on 2022-02-09 has enum and group field names
/// that siprec has too (`Track`, `Parameter`). Names belong to their subject (enums and
/// groups are always named with their resource: `SiprecTrack`), so the addition renames
/// nothing: nothing is removed, the stream resource is added.
#[test]
fn history_the_stream_addition_renames_nothing() {
    let report = history(
        "twilio_api_v2010",
        "2022-01-26_90a4a1b",
        "2022-02-09_1d63bf0",
    );
    let removed: Vec<&str> = report
        .surface
        .iter()
        .filter(|c| c.how == twilio_codegen::diff::surface::How::Removed)
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(removed, Vec::<&str>::new(), "{}", report.to_text());
    assert!(report
        .surface
        .iter()
        .any(|c| c.path == "resources::stream" && !c.breaking));
}

/// `diff` of a synthetic pair in `fixtures/diff/pairs/<name>/{old,new}.yaml`.
fn fixture(name: &str) -> Report {
    let dir = workspace_tests::repo_root()
        .join("tests/fixtures/diff/pairs")
        .join(name);
    let (old, new) = (read(&dir.join("old.yaml")), read(&dir.join("new.yaml")));
    let report = twilio_codegen::Generator::new(Settings::default())
        .diff(
            twilio_codegen::SpecInput::new(&format!("{name}/old.yaml"), &old),
            twilio_codegen::SpecInput::new(&format!("{name}/new.yaml"), &new),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    agree(name, &report);
    report
}

/// Every fixture pair has its report snapshotted, and each says what it was made for.
#[test]
fn fixture_pairs() {
    let dir = workspace_tests::repo_root().join("tests/fixtures/diff/pairs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["reorder_only", "required_swap"]);
    for name in &names {
        insta::assert_snapshot!(format!("fixture_{name}"), fixture(name).to_text());
    }

    // Parameters listed in another order: nothing generated changes.
    let reorder = fixture("reorder_only");
    assert!(reorder.changes.is_empty() && reorder.surface.is_empty());
    assert!(!reorder.breaking());

    // A required parameter swapped for another of the same type: old calls still compile,
    // and the report says so.
    let swap = fixture("required_swap");
    assert!(swap.breaking());
    let new = swap
        .surface
        .iter()
        .find(|c| c.path == "resources::call::CreateCall::new")
        .expect("the constructor is reported");
    assert!(new.reason.starts_with("SILENT"), "{new:?}");
    assert_eq!(swap.bump().rust, Level::Major);
}

/// The specs whose whole history `twilio_oai_history_agrees` walks unless told others.
const HISTORY_SPECS: &str =
    "flex_v1 api_v2010 studio_v2 messaging_v1 verify_v2 conversations_v1 taskrouter_v1";

/// `git` in a twilio-oai checkout (a bare clone will do); its standard output.
fn git(dir: &std::ffi::OsStr, args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    assert!(out.status.success(), "git {args:?}: {:?}", out.status);
    out.stdout
}

/// Every consecutive pair of versions of each spec in twilio-oai's history: `diff` reads
/// both sides without an error, and its two readings agree (see [`agree`]). Needs a
/// twilio-oai checkout, so it runs when asked:
/// `TWILIO_OAI=<dir> cargo test -p workspace-tests --test diff -- --ignored`
/// (`TWILIO_OAI_SPECS="flex_v1 chat_v2"` to choose the specs).
#[test]
#[ignore = "needs a twilio-oai checkout: TWILIO_OAI=<dir> cargo test -p workspace-tests --test diff -- --ignored"]
fn twilio_oai_history_agrees() {
    let dir = std::env::var_os("TWILIO_OAI")
        .expect("TWILIO_OAI names a twilio-oai checkout (a bare clone will do)");
    let specs = std::env::var("TWILIO_OAI_SPECS").unwrap_or_else(|_| HISTORY_SPECS.to_owned());
    let mut pairs = 0;
    for spec in specs.split_whitespace() {
        let path = format!("spec/yaml/twilio_{spec}.yaml");
        let log = git(&dir, &["log", "--reverse", "--format=%h", "--", &path]);
        let commits: Vec<String> = String::from_utf8_lossy(&log)
            .lines()
            .map(str::to_owned)
            .collect();
        let file = format!("twilio_{spec}.yaml");
        let mut previous: Option<(String, String)> = None;
        for commit in commits {
            let show = std::process::Command::new("git")
                .arg("-C")
                .arg(&dir)
                .args(["show", &format!("{commit}:{path}")])
                .output()
                .expect("git runs");
            if !show.status.success() {
                // The spec was deleted at this commit: the next version starts afresh.
                previous = None;
                continue;
            }
            let text = String::from_utf8(show.stdout).expect("a spec is UTF-8");
            if let Some((old_commit, old_text)) = &previous {
                let report = twilio_codegen::Generator::new(Settings::default())
                    .diff(
                        twilio_codegen::SpecInput::new(&file, old_text),
                        twilio_codegen::SpecInput::new(&file, &text),
                    )
                    .unwrap_or_else(|e| panic!("{spec} {old_commit} -> {commit}: {e}"));
                agree(&format!("{spec} {old_commit} -> {commit}"), &report);
                pairs += 1;
            }
            previous = Some((commit, text));
        }
    }
    eprintln!("{pairs} consecutive pairs of {specs}: every report's readings agree");
    assert!(pairs > 0, "no history found for {specs}");
}
