//! Emitters: model and views -> files. Each emitter reads the model and the views derived
//! from it ([`crate::views`]), never the OpenAPI document.

pub(crate) mod rust;
pub(crate) mod terraform;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::Api;
use crate::{Error, Settings, Warning};

/// An emitter failed (a template did not render, generated code did not parse).
#[derive(Debug, thiserror::Error)]
#[error("{what}: {message}")]
pub struct EmitError {
    /// Which output failed.
    pub what: String,
    /// Why.
    pub message: String,
}

/// What the emitters made of some APIs.
#[derive(Debug, Clone, Default)]
pub struct Emitted {
    /// Relative path (with `/` separators) -> file contents.
    pub files: BTreeMap<String, String>,
    /// What an output could not express and left out (a Terraform resource, ...), one list
    /// per API in the order the APIs were given, each warning naming the place in that API's
    /// spec.
    pub warnings: Vec<Vec<Warning>>,
}

/// One API to emit: its model, the name of its spec (as the user gave it) and the settings
/// of its crate.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The model.
    pub api: &'a Api,
    /// The spec's name: errors name it, generated headers show its file name.
    pub file: &'a str,
    /// The settings of this API's crate (`crate_name`, `crate_version`, `runtime_path`).
    pub settings: &'a Settings,
}

/// Runs every emitter on several APIs: one Rust crate per API (each with its source's
/// settings) and one set of Terraform files covering all of them, under the provider of
/// `settings`. Paths are relative to the output directory.
///
/// Two APIs giving the same crate name, or resources of two APIs giving the same Terraform
/// type, are an error naming both specs; so is any other path two emitters both produce.
/// What one output cannot express of a resource is a warning of its API (in
/// [`Emitted::warnings`]), and that output leaves the resource out; the other outputs still
/// have it. The files do not depend on the order of `sources`; when several things are
/// wrong, the error reported is the first in that order.
pub(crate) fn emit(sources: &[Source<'_>], settings: &Settings) -> Result<Emitted, Error> {
    let mut crates: BTreeMap<String, &str> = BTreeMap::new();
    for source in sources {
        let name = crate::views::rust::crate_name(source.api, source.settings);
        if let Some(other) = crates.insert(name.clone(), source.file) {
            let how = if other == source.file {
                "the spec is listed twice".to_owned()
            } else {
                "give one of them its own crate_name".to_owned()
            };
            return Err(Error::file(
                source.file,
                format!("generates the crate `{name}`, as {other} does: {how}"),
            ));
        }
    }

    // The Terraform output is small; it is made while the Rust crates are formatted. A panic
    // in an emitter is reported as an error of that emitter.
    let (rust, terraform) = rayon::join(
        || sources.par_iter().map(rust_crate).collect::<Vec<_>>(),
        || {
            let apis: Vec<(&Api, &str)> = sources.iter().map(|s| (s.api, s.file)).collect();
            let crates: Vec<String> = sources
                .iter()
                .map(|s| crate::views::rust::crate_name(s.api, s.settings))
                .collect();
            std::panic::catch_unwind(|| terraform::emit(&apis, &crates, settings)).unwrap_or_else(
                |_| {
                    let files: Vec<&str> = apis.iter().map(|(_, f)| *f).collect();
                    Err(Error::file(
                        &files.join(", "),
                        "terraform: the emitter panicked",
                    ))
                },
            )
        },
    );

    // Which spec's crate made each path (`None`: the Terraform output), to name both when
    // two make the same one. Only a crate named `terraform` can collide this way.
    let mut files = BTreeMap::new();
    let mut made_by: BTreeMap<String, Option<&str>> = BTreeMap::new();
    let (terraform, warnings) = match terraform {
        Ok(emitted) => (Ok(emitted.files), emitted.warnings),
        Err(e) => (Err(e), Vec::new()),
    };
    let made = rust
        .into_iter()
        .zip(sources)
        .map(|(r, s)| r.map(|f| (f, Some(s.file))))
        .chain([terraform.map(|f| (f, None))]);
    for result in made {
        let (made, by) = result?;
        for (path, contents) in made {
            if let Some(Some(other)) = made_by.insert(path.clone(), by) {
                let message = match by {
                    Some(_) => format!("generates the file `{path}`, as {other} does"),
                    None => format!("generates the file `{path}`, as the Terraform output does"),
                };
                return Err(Error::file(by.unwrap_or(other), message));
            }
            files.insert(path, contents);
        }
    }
    Ok(Emitted { files, warnings })
}

/// One spec's Rust crate (`<crate_name>/...`), its headers naming the spec by its file
/// name; a panic of the emitter is an error naming the spec.
pub(crate) fn rust_crate(s: &Source<'_>) -> Result<BTreeMap<String, String>, Error> {
    let spec_file = std::path::Path::new(s.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| s.file.to_owned());
    std::panic::catch_unwind(|| rust::emit(s.api, &spec_file, s.settings))
        .unwrap_or_else(|_| {
            Err(EmitError {
                what: "rust".to_owned(),
                message: "the emitter panicked".to_owned(),
            })
        })
        .map_err(|e| Error::file(s.file, e.to_string()))
}

/// The specs the byte-for-byte tests of the text writers read: every YAML spec of `spec/`,
/// of the test specs (edge cases among them), of `../shared/specs`, then of a twilio-oai
/// checkout's `spec/yaml` when `TWILIO_OAI` names one.
#[cfg(test)]
pub(crate) fn test_spec_files() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("../spec"),
        root.join("../tests/specs"),
        root.join("../tests/specs/clean"),
        root.join("../../shared/specs"),
    ];
    if let Some(oai) = std::env::var_os("TWILIO_OAI") {
        dirs.push(std::path::Path::new(&oai).join("spec/yaml"));
    }
    let mut all = Vec::new();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        all.extend(files);
    }
    all
}

/// Each spec of [`test_spec_files`] with its file name, parsed and modelled (each must be).
#[cfg(test)]
pub(crate) fn test_apis() -> impl Iterator<Item = (String, crate::model::Api)> {
    test_spec_files().into_iter().map(|path| {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        let spec = crate::load::parse(&file, &text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let api = crate::model::build(&spec).unwrap_or_else(|e| panic!("{file}: {e}"));
        (file, api)
    })
}

/// Asserts two texts are the same, naming the first line that differs.
#[cfg(test)]
pub(crate) fn assert_same_text(text: &str, formatted: &str, what: &str) {
    if text != formatted {
        let at = text
            .lines()
            .zip(formatted.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(text.lines().count().min(formatted.lines().count()));
        panic!(
            "{what}: line {} differs:\n  text:      {:?}\n  formatted: {:?}",
            at + 1,
            text.lines().nth(at),
            formatted.lines().nth(at)
        );
    }
}
