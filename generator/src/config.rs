//! `twilio-codegen.toml`: the settings of a checked-in generation, so that `generate` and
//! `check` need no flags and the generated crates' versions survive regeneration.
//!
//! ```toml
//! # The spec(s) to generate from: one path, or a list of paths. Each spec gives one Rust
//! # crate; the Terraform output covers the resources of all of them, under one provider.
//! spec = "spec/twilio_flex_v1.yaml"
//! # spec = ["spec/twilio_flex_v1.yaml", "../shared/specs/twilio_chat_v1.yaml"]
//!
//! # The output directory, owned by the generator.
//! out = "generated"
//!
//! # Instead of `spec`: one table per spec, to give a crate its own name or version.
//! # [[api]]
//! # spec = "../shared/specs/twilio_chat_v1.yaml"   # required
//! # crate_name = "twilio-chat"                    # default: from the spec file (twilio-flex-v1)
//! # crate_version = "1.2.0"                       # default: rust.crate_version
//!
//! [rust]
//! # Version of every generated crate without a version of its own.
//! crate_version = "0.1.0"
//! # Name of the generated crate; only when one spec is listed.
//! # crate_name = "twilio-flex-v1"
//! # Directory of the `twilio-runtime` crate, which generated crates depend on by path.
//! runtime_path = "runtime"
//!
//! [terraform]
//! # Address of the provider: keys `provider_schemas`; its last segment prefixes every
//! # resource type (`twilio_flex_flow`).
//! provider_address = "registry.terraform.io/twilio/twilio"
//! ```
//!
//! Every key is optional. Paths (`spec`, `out`, `runtime_path`) are relative to the current
//! directory, not to the file. Command-line flags override the file; the file overrides the
//! built-in defaults (`spec/twilio_flex_v1.yaml` -> `generated/`, version 0.1.0, no runtime
//! path: generated crates then depend on the published runtime by version). `spec` and
//! `[[api]]` cannot both be given, and `rust.crate_name` is refused when several specs are
//! listed: each crate needs its own name.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Location};

/// The parsed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The specs to generate from, in the order the file lists them (from `spec` or the
    /// `[[api]]` tables); empty when the file lists none.
    pub apis: Vec<ApiConfig>,
    /// The output directory.
    pub out: Option<PathBuf>,
    /// The Rust crates' settings.
    pub rust: RustConfig,
    /// The Terraform output's settings.
    pub terraform: TerraformConfig,
}

/// One spec, with the settings of its crate (an `[[api]]` table, or an entry of `spec`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    /// The spec, relative to the current directory.
    pub spec: PathBuf,
    /// Name of this spec's crate.
    pub crate_name: Option<String>,
    /// Version of this spec's crate, instead of `rust.crate_version`.
    pub crate_version: Option<String>,
}

/// `[rust]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RustConfig {
    /// Name of the generated crate (one spec only).
    pub crate_name: Option<String>,
    /// Version of the generated crates: `update` bumps it by the report of a spec change.
    pub crate_version: Option<String>,
    /// Directory of the `twilio-runtime` crate, relative to the current directory.
    pub runtime_path: Option<PathBuf>,
}

/// `[terraform]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TerraformConfig {
    /// Provider address keying `provider_schemas`.
    pub provider_address: Option<String>,
}

impl Config {
    /// The entry of `apis` for the spec at `path`, when the file lists it (compared as
    /// files on disk when both exist, else as written).
    pub fn api_for(&self, path: &Path) -> Option<&ApiConfig> {
        let canonical = path.canonicalize().ok();
        self.apis.iter().find(|a| {
            a.spec == path
                || canonical
                    .as_ref()
                    .is_some_and(|c| a.spec.canonicalize().is_ok_and(|s| &s == c))
        })
    }
}

/// The settings file's text with new crate versions: `global` for `rust.crate_version`,
/// `per_api` for the `[[api]]` tables whose `spec` is the given path (as written). Comments
/// and layout are kept. `file` names the file in errors.
pub fn with_versions(
    file: &str,
    text: &str,
    global: Option<&str>,
    per_api: &[(PathBuf, String)],
) -> Result<String, Error> {
    let error = |message: String| Error {
        file: file.to_owned(),
        location: Location::LineColumn { line: 1, column: 1 },
        message,
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| error(e.message().replace('\n', " ")))?;
    if let Some(version) = global {
        let rust = doc
            .entry("rust")
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
        let Some(rust) = rust.as_table_like_mut() else {
            return Err(error("`rust` is not a table".to_owned()));
        };
        match rust.get_mut("crate_version").and_then(|v| v.as_value_mut()) {
            // The value replaced in place keeps its comment.
            Some(v) => {
                let decor = v.decor().clone();
                *v = toml_edit::Value::from(version);
                *v.decor_mut() = decor;
            }
            None => {
                rust.insert("crate_version", toml_edit::value(version));
            }
        }
    }
    for (spec, version) in per_api {
        let wanted = spec.to_string_lossy();
        let tables = doc
            .get_mut("api")
            .and_then(|a| a.as_array_of_tables_mut())
            .ok_or_else(|| error(format!("no [[api]] table for `{wanted}`")))?;
        let table = tables
            .iter_mut()
            .find(|t| t.get("spec").and_then(|v| v.as_str()) == Some(wanted.as_ref()))
            .ok_or_else(|| error(format!("no [[api]] table for `{wanted}`")))?;
        match table
            .get_mut("crate_version")
            .and_then(|v| v.as_value_mut())
        {
            Some(v) => {
                let decor = v.decor().clone();
                *v = toml_edit::Value::from(version.as_str());
                *v.decor_mut() = decor;
            }
            None => {
                table.insert("crate_version", toml_edit::value(version.as_str()));
            }
        }
    }
    Ok(doc.to_string())
}

/// The file as written, with the places of the keys checked across tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    spec: Option<Spanned<SpecList>>,
    api: Option<Spanned<Vec<ApiConfig>>>,
    out: Option<PathBuf>,
    #[serde(default)]
    rust: RawRust,
    #[serde(default)]
    terraform: TerraformConfig,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRust {
    crate_name: Option<Spanned<String>>,
    crate_version: Option<String>,
    runtime_path: Option<PathBuf>,
}

/// `spec`: a path or a list of paths.
struct SpecList(Vec<PathBuf>);

impl<'de> Deserialize<'de> for SpecList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Paths;
        impl<'de> Visitor<'de> for Paths {
            type Value = SpecList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a path or a list of paths")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SpecList, E> {
                Ok(SpecList(vec![PathBuf::from(v)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SpecList, A::Error> {
                let mut paths = Vec::new();
                while let Some(p) = seq.next_element::<PathBuf>()? {
                    paths.push(p);
                }
                Ok(SpecList(paths))
            }
        }
        deserializer.deserialize_any(Paths)
    }
}

/// The default file name, looked up in the current directory.
pub const FILE_NAME: &str = "twilio-codegen.toml";

/// Parses the file; errors name the file, line and column.
pub fn parse(file: &str, text: &str) -> Result<Config, Error> {
    let at = |span: Option<std::ops::Range<usize>>, message: &str| {
        let (line, column) = span.map_or((1, 1), |s| line_column(text, s.start));
        Error {
            file: file.to_owned(),
            location: Location::LineColumn { line, column },
            message: message.replace('\n', " "),
        }
    };
    let raw: Raw = toml::from_str(text).map_err(|e| at(e.span(), e.message()))?;

    let apis = match (raw.spec, raw.api) {
        (Some(_), Some(api)) => {
            return Err(at(
                Some(api.span()),
                "`spec` and `[[api]]` both list specs: use one of them",
            ))
        }
        (Some(spec), None) => {
            let span = spec.span();
            let paths = spec.into_inner().0;
            if paths.is_empty() {
                return Err(at(Some(span), "`spec` lists no spec"));
            }
            paths
                .into_iter()
                .map(|spec| ApiConfig {
                    spec,
                    ..ApiConfig::default()
                })
                .collect()
        }
        (None, Some(api)) => api.into_inner(),
        (None, None) => Vec::new(),
    };
    if let Some(name) = &raw.rust.crate_name {
        if apis.len() > 1 {
            return Err(at(
                Some(name.span()),
                &format!(
                    "`rust.crate_name` names one crate, but {} specs are listed: give each \
                     its own `crate_name` in an `[[api]]` table",
                    apis.len()
                ),
            ));
        }
    }
    Ok(Config {
        apis,
        out: raw.out,
        rust: RustConfig {
            crate_name: raw.rust.crate_name.map(Spanned::into_inner),
            crate_version: raw.rust.crate_version,
            runtime_path: raw.rust.runtime_path,
        },
        terraform: raw.terraform,
    })
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Where generated crates find the runtime crate, as `Settings::runtime_path` wants it: the
/// directory `runtime` relative to the output directory `out`, with `/` separators. Both
/// paths are taken relative to the current directory; `out` need not exist yet.
///
/// Fails with one sentence when `runtime` is not a directory holding a `Cargo.toml`.
pub fn runtime_path_from(runtime: &Path, out: &Path) -> Result<String, String> {
    let shown = runtime.display();
    if !runtime.join("Cargo.toml").is_file() {
        let why = if runtime.is_dir() {
            "has no Cargo.toml"
        } else {
            "is not a directory"
        };
        return Err(format!(
            "runtime path `{shown}` {why}: it must be the directory of the twilio-runtime crate"
        ));
    }
    let runtime = runtime
        .canonicalize()
        .map_err(|e| format!("runtime path `{shown}`: {e}"))?;
    let out = absolute_through_existing(out)
        .map_err(|e| format!("output directory `{}`: {e}", out.display()))?;
    Ok(relative_path(&out, &runtime))
}

/// `path` made absolute: its nearest existing ancestor canonicalized (symbolic links
/// resolved), then the rest appended, `.` and `..` applied by name (nothing there exists to
/// be a link).
fn absolute_through_existing(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let parts: Vec<Component<'_>> = path.components().collect();
    for existing in (1..=parts.len()).rev() {
        let Ok(mut out) = parts[..existing].iter().collect::<PathBuf>().canonicalize() else {
            continue;
        };
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        return Ok(out);
    }
    Ok(path)
}

/// The path from the directory `from` to `to`, both absolute and normalized, with `..` for
/// each component of `from` they do not share and `/` separators; `.` when they are the
/// same. When they share no root (Windows drives), `to` itself.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from_parts: Vec<Component<'_>> = from.components().collect();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    if from_parts.first() != to_parts.first() {
        return to.to_string_lossy().replace('\\', "/");
    }
    let (from, to) = (from_parts, to_parts);
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - shared];
    parts.extend(
        to[shared..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_paths(c: &Config) -> Vec<&str> {
        c.apis.iter().map(|a| a.spec.to_str().unwrap()).collect()
    }

    #[test]
    fn reads_every_setting() {
        let c = parse(
            "t.toml",
            "spec = \"s.yaml\"\nout = \"o\"\n[rust]\ncrate_version = \"2.0.0\"\ncrate_name = \"x\"\nruntime_path = \"rt\"\n[terraform]\nprovider_address = \"p\"\n",
        )
        .unwrap();
        assert_eq!(spec_paths(&c), ["s.yaml"]);
        assert_eq!(
            c.apis[0].crate_name, None,
            "the [rust] name stays in [rust]"
        );
        assert_eq!(c.out, Some(PathBuf::from("o")));
        assert_eq!(c.rust.crate_version.as_deref(), Some("2.0.0"));
        assert_eq!(c.rust.crate_name.as_deref(), Some("x"));
        assert_eq!(c.rust.runtime_path, Some(PathBuf::from("rt")));
        assert_eq!(c.terraform.provider_address.as_deref(), Some("p"));
    }

    #[test]
    fn spec_may_be_a_list_kept_in_order() {
        let c = parse("t.toml", "spec = [\"b.yaml\", \"a.yaml\"]\n").unwrap();
        assert_eq!(spec_paths(&c), ["b.yaml", "a.yaml"]);
        let e = parse("t.toml", "out = \"o\"\nspec = []\n").unwrap_err();
        assert_eq!(e.to_string(), "t.toml:2:8: `spec` lists no spec");
        let e = parse("t.toml", "spec = [\"a.yaml\", 3]\n").unwrap_err();
        assert!(e.to_string().starts_with("t.toml:1:"), "{e}");
    }

    #[test]
    fn api_tables_give_crates_their_own_settings() {
        let c = parse(
            "t.toml",
            "[[api]]\nspec = \"a.yaml\"\ncrate_name = \"a\"\n\n[[api]]\nspec = \"b.yaml\"\ncrate_version = \"3.0.0\"\n",
        )
        .unwrap();
        assert_eq!(spec_paths(&c), ["a.yaml", "b.yaml"]);
        assert_eq!(c.apis[0].crate_name.as_deref(), Some("a"));
        assert_eq!(c.apis[1].crate_version.as_deref(), Some("3.0.0"));
        assert!(c.api_for(Path::new("b.yaml")).is_some());
        assert!(c.api_for(Path::new("c.yaml")).is_none());

        let e = parse("t.toml", "[[api]]\ncrate_name = \"a\"\n").unwrap_err();
        assert!(e.message.contains("`spec`"), "{e}");
        let e = parse("t.toml", "[[api]]\nspec = \"a.yaml\"\nout = \"o\"\n").unwrap_err();
        assert_eq!(e.location, Location::LineColumn { line: 3, column: 1 });
    }

    #[test]
    fn versions_are_set_keeping_comments_and_layout() {
        let text = "# settings\nspec = \"s.yaml\"\n\n[rust]\n# bump by diff\ncrate_version = \"0.1.0\" # the crates\nruntime_path = \"rt\"\n";
        let out = with_versions("f.toml", text, Some("0.2.0"), &[]).expect("edits");
        assert_eq!(out, text.replace("\"0.1.0\"", "\"0.2.0\""));
        let tables =
            "[[api]]\nspec = \"a.yaml\"\ncrate_version = \"1.0.0\"\n\n[[api]]\nspec = \"b.yaml\"\n";
        let out = with_versions(
            "f.toml",
            tables,
            Some("0.1.1"),
            &[
                (PathBuf::from("a.yaml"), "2.0.0".to_owned()),
                (PathBuf::from("b.yaml"), "0.3.0".to_owned()),
            ],
        )
        .expect("edits");
        let parsed = parse("f.toml", &out).expect("still valid");
        assert_eq!(parsed.apis[0].crate_version.as_deref(), Some("2.0.0"));
        assert_eq!(parsed.apis[1].crate_version.as_deref(), Some("0.3.0"));
        assert_eq!(parsed.rust.crate_version.as_deref(), Some("0.1.1"));
        let err = with_versions(
            "f.toml",
            tables,
            None,
            &[(PathBuf::from("c.yaml"), "1.0.0".into())],
        )
        .expect_err("no such table");
        assert!(err.to_string().contains("c.yaml"), "{err}");
    }

    #[test]
    fn conflicting_keys_are_located_errors() {
        let e = parse("t.toml", "spec = \"a.yaml\"\n[[api]]\nspec = \"b.yaml\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.toml:2:1: `spec` and `[[api]]`"),
            "{e}"
        );
        let e = parse(
            "t.toml",
            "spec = [\"a.yaml\", \"b.yaml\"]\n[rust]\ncrate_name = \"x\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.toml:3:14: `rust.crate_name` names one crate, but 2"),
            "{e}"
        );
        // One spec listed: the [rust] name applies to it.
        assert!(parse(
            "t.toml",
            "spec = [\"a.yaml\"]\n[rust]\ncrate_name = \"x\"\n"
        )
        .is_ok());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located_errors() {
        let e = parse("t.toml", "[rust]\ncrate_verison = \"1\"\n").unwrap_err();
        assert_eq!(e.location, Location::LineColumn { line: 2, column: 1 });
        assert!(e.to_string().starts_with("t.toml:2:1:"), "{e}");
        let e = parse("t.toml", "spec = 3\n").unwrap_err();
        assert_eq!(e.location, Location::LineColumn { line: 1, column: 8 });
        assert!(e.message.contains("a path or a list of paths"), "{e}");
        let e = parse("t.toml", "[rust]\nruntime_path = 1\n").unwrap_err();
        assert_eq!(
            e.location,
            Location::LineColumn {
                line: 2,
                column: 16
            }
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

    #[test]
    fn relative_paths_climb_to_the_shared_ancestor() {
        let p = |from: &str, to: &str| relative_path(Path::new(from), Path::new(to));
        assert_eq!(p("/w/main/generated", "/w/main/runtime"), "../runtime");
        assert_eq!(p("/w/main/a/b", "/w/rt"), "../../../rt");
        assert_eq!(p("/w/main", "/w/main/runtime"), "runtime");
        assert_eq!(p("/w/main", "/w/main"), ".");
        assert_eq!(p("/", "/rt"), "rt");
    }

    #[test]
    fn runtime_paths_are_relative_to_the_output_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("runtime")).unwrap();
        std::fs::write(root.join("runtime/Cargo.toml"), "[package]\n").unwrap();
        std::fs::create_dir_all(root.join("existing")).unwrap();

        let rt = root.join("runtime");
        assert_eq!(
            runtime_path_from(&rt, &root.join("generated")).unwrap(),
            "../runtime",
            "an output directory that does not exist yet"
        );
        assert_eq!(
            runtime_path_from(&rt, &root.join("existing/new/deeper")).unwrap(),
            "../../../runtime"
        );
        assert_eq!(
            runtime_path_from(&rt, &root.join("missing/../existing/./x")).unwrap(),
            "../../runtime",
            "`..` and `.` of the missing part are applied by name"
        );
        assert_eq!(runtime_path_from(&rt, root).unwrap(), "runtime");

        // Through a symbolic link, the real directories count.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("existing"), root.join("link")).unwrap();
            assert_eq!(
                runtime_path_from(&root.join("link/../runtime"), &root.join("link/out")).unwrap(),
                "../../runtime"
            );
        }

        let e = runtime_path_from(&root.join("nope"), root).unwrap_err();
        assert!(e.contains("is not a directory"), "{e}");
        let e = runtime_path_from(&root.join("existing"), root).unwrap_err();
        assert!(e.contains("has no Cargo.toml"), "{e}");
        assert!(e.contains("existing"), "names the path: {e}");
    }
}
