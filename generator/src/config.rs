//! `twilio-codegen.toml`: the settings of a checked-in generation, so that `generate` and
//! `check` need no flags and the generated crate's version survives regeneration.
//!
//! ```toml
//! spec = "spec/twilio_flex_v1.yaml"
//! out = "generated"
//!
//! [rust]
//! crate_version = "0.1.0"
//! # crate_name = "twilio-flex-v1"
//!
//! [terraform]
//! provider_address = "registry.terraform.io/twilio/twilio"
//! ```
//!
//! Command-line flags override the file; the file overrides the built-in defaults.

use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Error, Location};

/// The parsed file. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The spec to generate from, relative to the current directory.
    pub spec: Option<PathBuf>,
    /// The output directory.
    pub out: Option<PathBuf>,
    /// The Rust crate's settings.
    #[serde(default)]
    pub rust: RustConfig,
    /// The Terraform output's settings.
    #[serde(default)]
    pub terraform: TerraformConfig,
}

/// `[rust]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RustConfig {
    /// Name of the generated crate.
    pub crate_name: Option<String>,
    /// Version of the generated crate: bump it by the `diff` report.
    pub crate_version: Option<String>,
}

/// `[terraform]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TerraformConfig {
    /// Provider address keying `provider_schemas`.
    pub provider_address: Option<String>,
}

/// The default file name, looked up in the current directory.
pub const FILE_NAME: &str = "twilio-codegen.toml";

/// Parses the file; errors name the file, line and column.
pub fn parse(file: &str, text: &str) -> Result<Config, Error> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = match e.span() {
            Some(span) => {
                let before = text.get(..span.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[line_start..].chars().count() + 1;
                (line, column)
            }
            None => (1, 1),
        };
        Error {
            file: file.to_owned(),
            location: Location::LineColumn { line, column },
            message: e.message().replace('\n', " "),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let c = parse(
            "t.toml",
            "spec = \"s.yaml\"\nout = \"o\"\n[rust]\ncrate_version = \"2.0.0\"\ncrate_name = \"x\"\n[terraform]\nprovider_address = \"p\"\n",
        )
        .unwrap();
        assert_eq!(c.spec, Some(PathBuf::from("s.yaml")));
        assert_eq!(c.rust.crate_version.as_deref(), Some("2.0.0"));
        assert_eq!(c.terraform.provider_address.as_deref(), Some("p"));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located_errors() {
        let e = parse("t.toml", "[rust]\ncrate_verison = \"1\"\n").unwrap_err();
        assert_eq!(e.location, Location::LineColumn { line: 2, column: 1 });
        assert!(e.to_string().starts_with("t.toml:2:1:"), "{e}");
        let e = parse("t.toml", "spec = 3\n").unwrap_err();
        assert!(
            matches!(e.location, Location::LineColumn { line: 1, .. }),
            "{e}"
        );
        assert!(parse("t.toml", "").unwrap() == Config::default());
    }

    #[test]
    fn columns_count_characters() {
        let e = parse("t.toml", "out = \"é\" x\n").unwrap_err();
        assert_eq!(
            e.location,
            Location::LineColumn {
                line: 1,
                column: 11
            }
        );
    }
}
