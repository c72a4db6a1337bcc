//! `twilio-codegen`: Twilio OpenAPI spec -> typed Rust client crate + Terraform schema.
//!
//! The pipeline is visible in the modules: [`load`] parses and checks a spec, [`model`]
//! extracts the intermediate model, [`emit`] turns the model into files, and [`write`]
//! puts files on disk atomically. Everything but [`write`] is pure: text in, text out.

pub mod config;
pub mod diff;
pub mod emit;
pub mod surface;
pub mod views;
pub mod write;

/// The spec loader and the intermediate model (the `twilio-model` crate).
pub use twilio_model as model;
pub use twilio_model::{error, load};

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use error::{Error, Location, Warning};

/// Choices that are not in the spec.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Name of the generated crate; derived from the spec when `None`
    /// (`twilio-<name>`: the spec file's stem, `twilio_flex_v1.yaml` -> `twilio-flex-v1`, else
    /// `twilio-<domain>-<version>` from the spec's server and paths).
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
    /// The parsed specs and their models, kept rather than freed: freeing a large spec's
    /// trees takes milliseconds, which a process about to exit need not spend (it exits
    /// without dropping its output).
    parsed: Parsed,
}

/// Parsed specs and their models an [`Output`] holds on to (see its `parsed` field).
#[derive(Clone, Default)]
struct Parsed(Vec<load::Spec>, Vec<model::Api>);

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} parsed specs, {} models", self.0.len(), self.1.len())
    }
}

/// A [`Warning`] of one spec of a generation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecWarning {
    /// The spec, as it was named to [`Generator::generate`].
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

/// Generates the bindings of Twilio specs with one [`Settings`]: the one way in.
///
/// ```no_run
/// # fn main() -> Result<(), twilio_codegen::Error> {
/// use twilio_codegen::{Generator, Settings, SpecInput};
/// let text = std::fs::read_to_string("spec/twilio_flex_v1.yaml").expect("readable");
/// let output = Generator::new(Settings::default())
///     .generate(&[SpecInput::new("spec/twilio_flex_v1.yaml", &text)])?;
/// twilio_codegen::write::write(std::path::Path::new("generated"), &output)
///     .expect("written");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Generator {
    settings: Settings,
}

impl Generator {
    /// A generator with these settings.
    pub fn new(settings: Settings) -> Self {
        Generator { settings }
    }

    /// The settings every output is made with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Generates every output from one or several specs: one Rust crate per spec and one set
    /// of Terraform files (and one provider) covering the resources of all of them.
    ///
    /// The specs are parsed and modelled in parallel. The files do not depend on the order
    /// of `specs` (crates are directories of their own, Terraform resources are sorted by
    /// type name); the marker names the specs and [`Output::warnings`] lists theirs in the
    /// order given. Two specs giving the same crate name or the same Terraform type are an
    /// error naming both; so is an empty list. Errors are those of the first failing spec in
    /// order.
    pub fn generate(&self, specs: &[SpecInput<'_>]) -> Result<Output, Error> {
        use rayon::prelude::*;

        if specs.is_empty() {
            return Err(Error::file("twilio-codegen", "no spec to generate from"));
        }
        let start = Instant::now();
        let parsed: Vec<load::Spec> = specs
            .par_iter()
            .map(|s| load::parse(s.file, s.text))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<_, _>>()?;
        let parse = start.elapsed();

        let start = Instant::now();
        let apis: Vec<model::Api> = parsed
            .par_iter()
            .map(model::build)
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<_, _>>()?;
        let modelled = start.elapsed();

        let mut output = self.emit(specs, &apis)?;
        output
            .timings
            .splice(0..0, [("parse", parse), ("model", modelled)]);
        output.parsed = Parsed(parsed, apis);
        Ok(output)
    }

    /// Generates every output from specs already modelled: `apis[i]` is the model of
    /// `specs[i]` (whose text is not read again). [`Generator::generate`] without the parse
    /// and model stages.
    pub fn emit(&self, specs: &[SpecInput<'_>], apis: &[model::Api]) -> Result<Output, Error> {
        if specs.is_empty() || specs.len() != apis.len() {
            return Err(Error::file(
                "twilio-codegen",
                "each spec to generate from needs its model",
            ));
        }
        let start = Instant::now();
        let crate_settings: Vec<Settings> =
            specs.iter().map(|s| s.settings(&self.settings)).collect();
        let sources: Vec<emit::Source<'_>> = specs
            .iter()
            .zip(apis)
            .zip(&crate_settings)
            .map(|((spec, api), settings)| emit::Source {
                api,
                file: spec.file,
                settings,
            })
            .collect();
        let emitted = emit::emit(&sources, &self.settings)?;
        let emit_time = start.elapsed();

        let names: Vec<&str> = specs.iter().map(|s| s.file).collect();
        // Each spec's warnings: the model's, then what the emitters left out.
        let mut emitted_warnings = emitted.warnings.into_iter();
        Ok(Output {
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
                        .iter()
                        .cloned()
                        .chain(emitter)
                        .map(|w| SpecWarning {
                            file: spec.file.to_owned(),
                            pointer: w.pointer,
                            message: w.message,
                        })
                })
                .collect(),
            timings: vec![("emit", emit_time)],
            parsed: Parsed::default(),
        })
    }

    /// Compares two specs for what changes in the bindings this generator makes (see
    /// [`mod@diff`]). Each input's file name labels its spec in errors and in the report.
    pub fn diff(&self, old: SpecInput<'_>, new: SpecInput<'_>) -> Result<diff::Report, Error> {
        let old_api = model::read(old.file, old.text)?;
        let new_api = model::read(new.file, new.text)?;
        let settings = new.settings(&self.settings);
        let report = diff::Report::new(old.file, &old_api, new.file, &new_api, &settings)
            .map_err(|e| Error::file(new.file, e.to_string()))?;
        // The public surfaces of the crates both sides generate, from the models above and
        // read back from the code.
        let old_settings = old.settings(&self.settings);
        let a = client_surface(&old_api, old.file, &old_settings)?;
        let b = client_surface(&new_api, new.file, &settings)?;
        Ok(report.with_surfaces(&a, &b))
    }
}

/// The public surface of the client crate the Rust emitter makes of `api` (the Rust crate
/// alone: no Terraform output, no second parse of the spec).
fn client_surface(
    api: &model::Api,
    file: &str,
    settings: &Settings,
) -> Result<surface::Surface, Error> {
    let files = emit::rust_crate(&emit::Source {
        api,
        file,
        settings,
    })?;
    let dir = views::rust::crate_name(api, settings);
    surface::Surface::of_crate(&files, &dir).map_err(|e| Error::file(file, e.to_string()))
}
