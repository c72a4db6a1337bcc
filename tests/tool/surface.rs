//! The public Rust surface of the crate generated from each shared spec, one snapshot per
//! spec (`snapshots/surface__<spec>.snap`): every public item with its signature, and every
//! check the crate runs before sending a request, read back from the generated code. A pull request that changes the generator or a spec shows here,
//! in one short file per API, what changes for the crates' users; the generated files
//! themselves are reviewed in `generated/`.

use twilio_codegen::surface::Surface;
use twilio_codegen::{Generator, Settings, SpecInput};
use workspace_tests::{read, shared_specs};

/// The generated crate's directory in an output of one spec.
fn crate_dir(files: &std::collections::BTreeMap<String, String>) -> String {
    let dirs: Vec<&str> = files
        .keys()
        .filter_map(|k| k.strip_suffix("/src/lib.rs"))
        .filter(|d| d.starts_with("twilio-") && !d.contains('/'))
        .collect();
    assert_eq!(dirs.len(), 1, "one client crate: {dirs:?}");
    dirs[0].to_owned()
}

#[test]
fn every_shared_spec_has_its_public_surface_snapshot() {
    let specs = shared_specs();
    assert_eq!(specs.len(), workspace_tests::SHARED_SPECS);
    for spec in specs {
        let name = spec
            .file_stem()
            .and_then(|n| n.to_str())
            .expect("a file name")
            .to_owned();
        let output = Generator::new(Settings::default())
            .generate(&[SpecInput::new(&format!("{name}.yaml"), &read(&spec))])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let dir = crate_dir(&output.files);
        let surface = Surface::of_crate(&output.files, &dir).unwrap_or_else(|e| panic!("{e}"));
        let text = surface.to_text();
        // The listing follows the modules: a crate with resources lists them, each enum
        // of `enums.rs` (written through the runtime's macro) is there with its values.
        let has = |file: &str| output.files.contains_key(&format!("{dir}/src/{file}"));
        assert_eq!(
            has("resources/mod.rs"),
            text.contains("\nmod resources\n"),
            "{name}"
        );
        let enums = output
            .files
            .get(&format!("{dir}/src/enums.rs"))
            .map_or(0, |f| f.matches("pub enum ").count());
        let listed = text
            .lines()
            .filter(|l| l.starts_with("enum enums::"))
            .count();
        assert_eq!(enums, listed, "{name}: every enum is listed");
        // Every check the crate runs before sending is listed: each call of the runtime's
        // checking functions in the generated code is one `check` line.
        let calls: usize = output
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(&format!("{dir}/src/")) && path.ends_with(".rs"))
            .map(|(_, code)| {
                [
                    "encoding::length(",
                    "encoding::range(",
                    "encoding::items(",
                    "encoding::pattern(",
                    "parts.required_when(",
                    "parts.required(",
                    "parts.not_accepted(",
                ]
                .iter()
                .map(|call| code.matches(call).count())
                .sum::<usize>()
            })
            .sum();
        let checks = text.lines().filter(|l| l.starts_with("check ")).count();
        assert_eq!(
            calls, checks,
            "{name}: every check before sending is listed"
        );
        insta::assert_snapshot!(name, text);
    }
}
