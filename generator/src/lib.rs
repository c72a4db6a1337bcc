//! `twilio-codegen`: Twilio OpenAPI spec -> typed Rust client crate + Terraform schema.
//!
//! The pipeline is visible in the modules: [`load`] parses and checks a spec, [`model`]
//! extracts the intermediate model, [`emit`] turns the model into files, and [`write`]
//! puts files on disk atomically. Everything but [`write`] is pure: text in, text out.

pub mod config;
pub mod diff;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod write;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use error::{Error, Location, Warning};

/// Choices that are not in the spec.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Name of the generated crate; derived from the spec when `None`
    /// (`twilio-<domain>-<version>`, e.g. `twilio-flex-v1`).
    pub crate_name: Option<String>,
    /// Version of the generated crate.
    pub crate_version: String,
    /// Terraform provider address used as the key of `provider_schemas`.
    pub provider_address: String,
    /// Where generated crates find the `twilio-runtime` crate: a directory relative to the
    /// output directory (or absolute), written as a path dependency. `None` depends on the
    /// published crate by version alone.
    pub runtime_path: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: None,
            crate_version: "0.1.0".to_owned(),
            provider_address: "registry.terraform.io/twilio/twilio".to_owned(),
            runtime_path: None,
        }
    }
}

/// Everything a generation produces.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Relative path (with `/` separators) -> file contents. Sorted, so iteration is
    /// deterministic.
    pub files: BTreeMap<String, String>,
    /// Contents of the marker file written at the top of the output directory; it names
    /// every spec.
    pub marker: String,
    /// What was skipped or approximated, spec by spec in the order the specs were given.
    pub warnings: Vec<SpecWarning>,
    /// How long each stage took (`parse`, `model`, `emit`), in order. Not part of the output
    /// files; shown by `twilio-codegen generate --timings`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A [`Warning`] of one spec of a generation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecWarning {
    /// The spec, as it was named to [`generate_all`].
    pub file: String,
    /// JSON pointer of the construct in that spec.
    pub pointer: String,
    /// What was skipped or approximated.
    pub message: String,
}

impl std::fmt::Display for SpecWarning {
    /// `file:#/pointer: message`, the shape of errors.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:#{}: {}", self.file, self.pointer, self.message)
    }
}

/// One spec to generate from, with the settings only its crate takes.
#[derive(Debug, Clone, Copy)]
pub struct SpecInput<'a> {
    /// Names the spec in messages and in the headers of generated files (use a stable,
    /// relative name for reproducible output).
    pub file: &'a str,
    /// The spec's text (YAML or JSON).
    pub text: &'a str,
    /// The crate's name, instead of [`Settings::crate_name`].
    pub crate_name: Option<&'a str>,
    /// The crate's version, instead of [`Settings::crate_version`].
    pub crate_version: Option<&'a str>,
}

impl<'a> SpecInput<'a> {
    /// A spec taking every setting from the [`Settings`] of the run.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        SpecInput {
            file,
            text,
            crate_name: None,
            crate_version: None,
        }
    }

    /// The settings of this spec's crate: `settings` with this spec's own values.
    fn settings(&self, settings: &Settings) -> Settings {
        Settings {
            crate_name: self
                .crate_name
                .map(str::to_owned)
                .or_else(|| settings.crate_name.clone()),
            crate_version: self
                .crate_version
                .map_or_else(|| settings.crate_version.clone(), str::to_owned),
            ..settings.clone()
        }
    }
}

/// Parses a spec and builds its model. `file` names the spec in error messages.
pub fn model(file: &str, text: &str) -> Result<model::Api, Error> {
    let spec = load::parse(file, text)?;
    model::build(&spec)
}

/// Generates every output from a spec's text: [`generate_all`] with one spec.
pub fn generate(file: &str, text: &str, settings: &Settings) -> Result<Output, Error> {
    generate_all(&[SpecInput::new(file, text)], settings)
}

/// [`generate`], handing back the parsed spec instead of freeing it: freeing a large spec's
/// tree takes milliseconds, which a process about to exit need not spend.
pub fn generate_keeping_spec(
    file: &str,
    text: &str,
    settings: &Settings,
) -> Result<(Output, load::Spec), Error> {
    let (output, mut specs) = generate_all_keeping_specs(&[SpecInput::new(file, text)], settings)?;
    let spec = specs.pop().expect("one spec in, one spec out");
    Ok((output, spec))
}

/// Generates every output from several specs: one Rust crate per spec and one set of
/// Terraform files covering the resources of all of them, under one provider.
///
/// The specs are parsed and modelled in parallel. The files do not depend on the order of
/// `specs` (crates are directories of their own, Terraform resources are sorted by type
/// name); the marker names the specs and [`Output::warnings`] lists theirs in the order
/// given. Two specs giving the same crate name or the same Terraform type are an error
/// naming both; so is an empty list. Errors are those of the first failing spec in order.
pub fn generate_all(specs: &[SpecInput<'_>], settings: &Settings) -> Result<Output, Error> {
    generate_all_keeping_specs(specs, settings).map(|(output, _specs)| output)
}

/// [`generate_all`], handing back the parsed specs (see [`generate_keeping_spec`]).
pub fn generate_all_keeping_specs(
    specs: &[SpecInput<'_>],
    settings: &Settings,
) -> Result<(Output, Vec<load::Spec>), Error> {
    use rayon::prelude::*;

    if specs.is_empty() {
        return Err(Error::file("twilio-codegen", "no spec to generate from"));
    }
    let mut timings = Vec::with_capacity(3);
    let start = Instant::now();
    let parsed: Vec<load::Spec> = specs
        .par_iter()
        .map(|s| load::parse(s.file, s.text))
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    timings.push(("parse", start.elapsed()));

    let start = Instant::now();
    let apis: Vec<model::Api> = parsed
        .par_iter()
        .map(model::build)
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    timings.push(("model", start.elapsed()));

    let start = Instant::now();
    let crate_settings: Vec<Settings> = specs.iter().map(|s| s.settings(settings)).collect();
    let sources: Vec<emit::Source<'_>> = specs
        .iter()
        .zip(&apis)
        .zip(&crate_settings)
        .map(|((spec, api), settings)| emit::Source {
            api,
            file: spec.file,
            settings,
        })
        .collect();
    let emitted = emit::emit_all(&sources, settings)?;
    timings.push(("emit", start.elapsed()));

    let names: Vec<&str> = specs.iter().map(|s| s.file).collect();
    // Each spec's warnings: the model's, then what the emitters left out.
    let mut emitted_warnings = emitted.warnings.into_iter();
    let output = Output {
        files: emitted.files,
        marker: format!(
            "Generated by twilio-codegen from {}. Every file here is regenerated: edit the spec or the generator instead.\n",
            names.join(", ")
        ),
        warnings: specs
            .iter()
            .zip(apis)
            .flat_map(|(spec, api)| {
                let emitter = emitted_warnings.next().unwrap_or_default();
                api.warnings
                    .into_iter()
                    .chain(emitter)
                    .map(|w| SpecWarning {
                        file: spec.file.to_owned(),
                        pointer: w.pointer,
                        message: w.message,
                    })
            })
            .collect(),
        timings,
    };
    Ok((output, parsed))
}

/// Compares two specs for what changes in the bindings generated with `settings` (see
/// [`mod@diff`]). Each file name labels its spec in errors and in the report.
pub fn diff(
    old_file: &str,
    old_text: &str,
    new_file: &str,
    new_text: &str,
    settings: &Settings,
) -> Result<diff::Report, Error> {
    let old = model(old_file, old_text)?;
    let new = model(new_file, new_text)?;
    diff::Report::new(old_file, &old, new_file, &new, settings)
        .map_err(|e| Error::file(new_file, e.to_string()))
}
