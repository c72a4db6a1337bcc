//! Generation is deterministic, and writing is all-or-nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use twilio_codegen::{Settings, SpecInput};
use workspace_tests::{
    edge_spec, flexflow_spec, generate_into, read, second_spec, shared_flex_spec,
    FLEXFLOW_SPEC_NAME, SECOND_SPEC_NAME,
};

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).expect("inside").to_owned(),
                    std::fs::read(&p).expect("file"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn two_generations_give_byte_identical_trees() {
    for (spec, name) in [
        (flexflow_spec(), "twilio_flex_v1.yaml"),
        (shared_flex_spec(), "twilio_flex_v1.yaml"),
        (edge_spec(), "edge_cases.yaml"),
    ] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let first = generate_into(&spec, name, &a);
        let second = generate_into(&spec, name, &b);
        assert_eq!(first.files, second.files, "{}", spec.display());
        assert_eq!(tree(&a), tree(&b), "{}", spec.display());
        // Regenerating into the same directory changes nothing.
        generate_into(&spec, name, &a);
        assert_eq!(tree(&a), tree(&b), "{}", spec.display());
    }
}

#[test]
fn output_does_not_depend_on_where_the_spec_is() {
    let text = read(&flexflow_spec());
    let settings = Settings::default();
    let here = twilio_codegen::Generator::new(settings.clone())
        .generate(&[twilio_codegen::SpecInput::new(
            "spec/twilio_flex_v1.yaml",
            &text,
        )])
        .expect("generates");
    let there = twilio_codegen::Generator::new(settings.clone())
        .generate(&[twilio_codegen::SpecInput::new(
            "/somewhere/else/twilio_flex_v1.yaml",
            &text,
        )])
        .expect("generates");
    assert_eq!(here.files, there.files);
}

#[test]
fn a_failure_midway_leaves_the_existing_output_untouched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("generated");
    let good = generate_into(&flexflow_spec(), "twilio_flex_v1.yaml", &out);
    let before = tree(&out);

    // An output whose last file cannot be written (its name is longer than any file system
    // allows): writing fails after the other files were written to the staging directory.
    let mut bad = good.clone();
    for content in bad.files.values_mut() {
        content.push_str("\n// changed\n");
    }
    bad.files.insert(
        format!("twilio-flex-v1/{}.rs", "x".repeat(300)),
        String::new(),
    );
    let err =
        twilio_codegen::write::write(&out, &bad).expect_err("the long name cannot be written");
    assert!(
        err.to_string().contains("xxxx"),
        "the error names the file: {err}"
    );

    assert_eq!(tree(&out), before, "the previous output is intact");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("readable")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n != "generated")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging directory is left behind: {leftovers:?}"
    );
}

/// Inode and modification time of every file under `dir`.
#[cfg(unix)]
fn identities(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    tree(dir)
        .into_keys()
        .map(|rel| {
            let meta = std::fs::metadata(dir.join(&rel)).expect("metadata");
            let modified = meta.modified().expect("mtime");
            (rel, (meta.ino(), modified))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn regenerating_touches_only_what_changed() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("generated");
    let output = generate_into(&flexflow_spec(), "twilio_flex_v1.yaml", &out);
    let files = output.files.len();
    let dir_inode = std::fs::metadata(&out).expect("dir").ino();
    let before = identities(&out);

    // The same output again: nothing is written, the directory is the same one.
    let written = twilio_codegen::write::write(&out, &output).expect("writes");
    assert!(written.nothing_changed(), "{written:?}");
    assert_eq!(written.unchanged, files);
    assert_eq!(std::fs::metadata(&out).expect("dir").ino(), dir_inode);
    assert_eq!(identities(&out), before);

    // One file changed, one gone, one new: only those differ; the others keep their inode
    // and timestamp (they are linked from the previous tree).
    let mut next = output.clone();
    let mut names = next.files.keys().cloned();
    let (changed, gone) = (names.next().expect("a file"), names.next().expect("a file"));
    next.files
        .get_mut(&changed)
        .expect("present")
        .push_str("\n// changed\n");
    next.files.remove(&gone);
    next.files
        .insert("twilio-flex-v1/NEW.md".to_owned(), "new\n".to_owned());
    let written = twilio_codegen::write::write(&out, &next).expect("writes");
    assert_eq!(
        (written.changed, written.unchanged, written.removed),
        (2, files - 2, 1),
        "{written:?}"
    );
    let expected: BTreeMap<PathBuf, Vec<u8>> = next
        .files
        .iter()
        .map(|(rel, text)| (PathBuf::from(rel), text.clone().into_bytes()))
        .chain([(
            PathBuf::from(".twilio-codegen"),
            next.marker.clone().into_bytes(),
        )])
        .collect();
    assert_eq!(tree(&out), expected, "the tree is exactly the new output");
    let after = identities(&out);
    for (rel, identity) in &before {
        let name = rel.to_string_lossy();
        if name == changed || name == gone {
            assert_ne!(after.get(rel), Some(identity), "{name} was rewritten");
        } else {
            assert_eq!(
                after.get(rel),
                Some(identity),
                "{name} kept its inode and mtime"
            );
        }
    }

    // A file that generation does not produce is removed, and counted.
    std::fs::write(out.join("stray.txt"), "stray").expect("write a stray file");
    let written = twilio_codegen::write::write(&out, &next).expect("writes");
    assert_eq!((written.changed, written.removed), (0, 1), "{written:?}");
    assert!(!out.join("stray.txt").exists());

    // Only the marker changes (the spec was named differently): that is a change too.
    let mut renamed = next.clone();
    renamed.marker = "Generated by twilio-codegen from elsewhere.yaml.\n".to_owned();
    let written = twilio_codegen::write::write(&out, &renamed).expect("writes");
    assert!(written.marker_changed, "{written:?}");
    assert!(!written.nothing_changed(), "{written:?}");
    assert_eq!((written.changed, written.removed), (0, 0), "{written:?}");
    assert_eq!(
        std::fs::read_to_string(out.join(".twilio-codegen")).expect("marker"),
        renamed.marker
    );
}

#[test]
fn several_specs_land_side_by_side_and_a_removed_spec_takes_its_crate_along() {
    let (flex, second) = (read(&flexflow_spec()), read(&second_spec()));
    let settings = Settings::default();
    let both = |order: [SpecInput<'_>; 2]| {
        twilio_codegen::Generator::new(settings.clone())
            .generate(&order)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let a = SpecInput::new(FLEXFLOW_SPEC_NAME, &flex);
    let b = SpecInput::new(SECOND_SPEC_NAME, &second);
    let (ab, ba) = (both([a, b]), both([b, a]));
    assert_eq!(
        ab.files, ba.files,
        "the files do not depend on the order of the specs"
    );
    assert_ne!(ab.marker, ba.marker, "the marker lists the specs as given");

    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("generated");
    twilio_codegen::write::write(&out, &ab).expect("writes");
    let tops: Vec<String> = std::fs::read_dir(&out)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        tops,
        [
            ".twilio-codegen",
            "terraform",
            "terraform-provider-twilio",
            "twilio-chat-v1",
            "twilio-flex-v1"
        ]
    );

    // Without the second spec: its crate directory goes, and so do its Terraform docs (the
    // resource's and its data source's) and its module in the provider crate.
    let alone = twilio_codegen::Generator::new(settings.clone())
        .generate(&[twilio_codegen::SpecInput::new(FLEXFLOW_SPEC_NAME, &flex)])
        .expect("generates");
    let written = twilio_codegen::write::write(&out, &alone).expect("writes");
    assert!(!out.join("twilio-chat-v1").exists());
    assert!(!out
        .join("terraform/docs/resources/chat_service.md")
        .exists());
    assert!(!out
        .join("terraform/docs/data-sources/chat_service.md")
        .exists());
    assert!(!out
        .join("terraform-provider-twilio/src/resources/chat_service.rs")
        .exists());
    let crate_files = ab
        .files
        .keys()
        .filter(|p| p.starts_with("twilio-chat-v1/"))
        .count();
    assert_eq!(
        written.removed,
        crate_files + 3,
        "the crate's files, two docs and a provider module"
    );
    assert_eq!(
        tree(&out),
        {
            let fresh = tmp.path().join("fresh");
            twilio_codegen::write::write(&fresh, &alone).expect("writes");
            tree(&fresh)
        },
        "the same tree as a generation from the one spec"
    );
}

/// Reverses, in place, every list of parameters and the properties (and `required` list) of
/// every inline request body: what a spec release that only reorders parameters changes.
fn reorder_parameters(spec: &mut serde_yaml::Value) {
    fn reverse_mapping(m: &mut serde_yaml::Mapping) {
        let entries: Vec<_> = std::mem::take(m).into_iter().collect();
        m.extend(entries.into_iter().rev());
    }
    fn reverse_list(v: Option<&mut serde_yaml::Value>) {
        if let Some(serde_yaml::Value::Sequence(list)) = v {
            list.reverse();
        }
    }
    let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_mapping_mut()) else {
        return;
    };
    for (_, item) in paths.iter_mut() {
        reverse_list(item.get_mut("parameters"));
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        for (_, op) in item.iter_mut() {
            reverse_list(op.get_mut("parameters"));
            let Some(content) = op
                .get_mut("requestBody")
                .and_then(|b| b.get_mut("content"))
                .and_then(|c| c.as_mapping_mut())
            else {
                continue;
            };
            for (_, media) in content.iter_mut() {
                if let Some(schema) = media.get_mut("schema") {
                    reverse_list(schema.get_mut("required"));
                    if let Some(props) = schema
                        .get_mut("properties")
                        .and_then(|p| p.as_mapping_mut())
                    {
                        reverse_mapping(props);
                    }
                }
            }
        }
    }
}

/// A release that only reorders parameters must not change what a call sends: constructor
/// arguments follow the wire names, not the spec's order, so the output is byte-identical
/// (a reorder that changed it could swap two arguments of one type, `from` and `to`, and
/// still compile).
#[test]
fn a_spec_that_only_reorders_parameters_generates_the_same_files() {
    let mut specs = workspace_tests::shared_specs();
    specs.push(edge_spec());
    let mut reordered_some = 0;
    for spec in specs {
        let name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name")
            .to_owned();
        let text = read(&spec);
        let original: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec parses");
        let mut reordered = original.clone();
        reorder_parameters(&mut reordered);
        // Mappings compare without regard to order: compare the texts.
        if serde_yaml::to_string(&reordered).ok() != serde_yaml::to_string(&original).ok() {
            reordered_some += 1;
        }
        let generate = |value: &serde_yaml::Value| {
            let text = serde_yaml::to_string(value).expect("serializes");
            twilio_codegen::Generator::new(Settings::default())
                .generate(&[SpecInput::new(&name, &text)])
                .unwrap_or_else(|e| panic!("{e}"))
                .files
        };
        let (before, after) = (generate(&original), generate(&reordered));
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{name}: the same files"
        );
        for (path, content) in &before {
            assert!(
                after[path] == *content,
                "{name}: {path} changed when only the order of parameters did"
            );
        }
    }
    assert!(
        reordered_some > 20,
        "the reordering reorders: {reordered_some} specs"
    );
}

/// A crate is named after its spec file as twilio-oai names them, so two APIs whose servers
/// and paths look alike (`twilio_iam_scim` and `twilio_iam_v1`; `twilio_verify_v3`, whose
/// paths say v2) get crates of their own in one run.
#[test]
fn crates_are_named_after_their_spec_files() {
    let scim = workspace_tests::repo_root().join("../shared/specs/twilio_iam_scim.yaml");
    let text = read(&scim);
    let output = twilio_codegen::Generator::new(Settings::default())
        .generate(&[
            SpecInput::new("twilio_iam_scim.yaml", &text),
            SpecInput::new("twilio_iam_v1.yaml", &text),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    let crates = twilio_codegen::surface::client_crates(&output.files);
    assert_eq!(crates, ["twilio-iam-scim", "twilio-iam-v1"]);
    assert!(output.files["twilio-iam-scim/src/lib.rs"].contains("pub trait IamScimExt"));
    // A file named otherwise: the name comes from the server and the paths.
    let other = twilio_codegen::Generator::new(Settings::default())
        .generate(&[SpecInput::new("scim.yaml", &text)])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        twilio_codegen::surface::client_crates(&other.files),
        ["twilio-iam-v1"]
    );
}

/// Terraform type names carry the API's version past v1 (and v2010), by a rule on the API
/// alone: chat v1 and v2 (likewise studio, ip_messaging) have one provider, and adding one
/// renames nothing of the other.
#[test]
fn terraform_types_of_two_versions_of_an_api_stay_apart() {
    let text = read(&second_spec());
    let generate = |files: &[&str]| {
        let specs: Vec<SpecInput> = files.iter().map(|f| SpecInput::new(f, &text)).collect();
        let output = twilio_codegen::Generator::new(Settings::default())
            .generate(&specs)
            .unwrap_or_else(|e| panic!("{e}"));
        let schema: serde_json::Value =
            serde_json::from_str(&output.files["terraform/providers-schema.json"]).expect("JSON");
        let types: Vec<String> = schema["provider_schemas"]
            .as_object()
            .and_then(|p| p.values().next())
            .and_then(|p| p["resource_schemas"].as_object())
            .map(|r| r.keys().cloned().collect())
            .unwrap_or_default();
        types
    };
    let v1 = generate(&["twilio_chat_v1.yaml"]);
    assert_eq!(v1, ["twilio_chat_service"]);
    let both = generate(&["twilio_chat_v1.yaml", "twilio_chat_v2.yaml"]);
    assert_eq!(both, ["twilio_chat_service", "twilio_chat_v2_service"]);
}
