//! Emitters: model -> files. Each emitter reads only the model.

pub mod rust;
pub mod terraform;

use std::collections::BTreeMap;

use crate::model::Api;
use crate::Settings;

/// An emitter failed (a template did not render, generated code did not parse).
#[derive(Debug, thiserror::Error)]
#[error("{what}: {message}")]
pub struct EmitError {
    /// Which output failed.
    pub what: String,
    /// Why.
    pub message: String,
}

/// The generated crate's name: from the settings, else `twilio-<domain>-<version>`.
pub fn crate_name(api: &Api, settings: &Settings) -> String {
    settings
        .crate_name
        .clone()
        .unwrap_or_else(|| format!("twilio-{}-{}", api.domain.replace('_', "-"), api.version))
}

/// Runs every emitter. Paths are relative to the output directory.
pub fn emit(
    api: &Api,
    source: &str,
    settings: &Settings,
) -> Result<BTreeMap<String, String>, EmitError> {
    let spec_file = std::path::Path::new(source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.to_owned());
    // The Terraform output is small; it is made while the Rust crate is formatted. A panic
    // in either emitter is reported as an error of that emitter.
    let caught = |what: &str, result: std::thread::Result<_>| {
        result.unwrap_or_else(|_| {
            Err(EmitError {
                what: what.to_owned(),
                message: "the emitter panicked".to_owned(),
            })
        })
    };
    let (rust, terraform) = rayon::join(
        || std::panic::catch_unwind(|| rust::emit(api, &spec_file, settings)),
        || std::panic::catch_unwind(|| terraform::emit(api, source, settings)),
    );
    let (rust, terraform) = (caught("rust", rust), caught("terraform", terraform));
    let mut files = rust?;
    files.extend(terraform?);
    Ok(files)
}
