//! Edited copies of `spec/twilio_flex_v1.yaml` for the `twilio-codegen diff` tests, kept as
//! unified diffs in `tests/fixtures/diff/cases/NAME.patch` (`git apply` takes them from the
//! repository's root). Each file starts with two lines, `what: ...` (what the edit changes)
//! and `breaking: true|false` (whether the report must find a change that breaks the Rust
//! crate or the Terraform schema), then the patch. A hunk applies where its old lines (context
//! and removed) occur exactly once, so a change of spec/ that moves a hunk's lines fails
//! loudly, naming the case and the hunk, instead of comparing against a stale copy.
//!
//! Used by `tests/tool/diff.rs` and, through `#[path]`, by the CLI tests of the generator.

use std::path::{Path, PathBuf};

/// One edited copy of spec/.
#[derive(Debug, Clone)]
pub struct DiffCase {
    /// The case's name (its file's stem): its test, its snapshots, and the label of the
    /// edited spec.
    pub name: String,
    /// What the edit changes.
    pub what: String,
    /// Whether the report must find a change that breaks the Rust crate or the Terraform
    /// schema.
    pub breaking: bool,
    /// The hunks: `(old lines, new lines)`, each as text with its line ends.
    pub hunks: Vec<(String, String)>,
}

/// The directory of the cases.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff/cases")
}

impl DiffCase {
    /// Reads a case from its patch file's text. Panics, naming the file, when it is not one.
    pub fn parse(name: &str, text: &str) -> DiffCase {
        let mut lines = text.lines();
        let mut header = |key: &str| -> String {
            let line = lines.next().unwrap_or_default();
            line.strip_prefix(key)
                .and_then(|r| r.strip_prefix(": "))
                .unwrap_or_else(|| panic!("{name}.patch: expected `{key}: ...`, found `{line}`"))
                .to_owned()
        };
        let what = header("what");
        let breaking = match header("breaking").as_str() {
            "true" => true,
            "false" => false,
            other => panic!("{name}.patch: `breaking` is `true` or `false`, not `{other}`"),
        };
        let mut hunks: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with("--- ") || line.starts_with("+++ ") || line.starts_with('\\') {
                continue;
            }
            if line.starts_with("@@") {
                hunks.push((String::new(), String::new()));
                continue;
            }
            let Some((old, new)) = hunks.last_mut() else {
                panic!("{name}.patch: a line before the first hunk: `{line}`");
            };
            match line.split_at_checked(1) {
                Some((" ", rest)) | Some(("", rest)) => {
                    for side in [&mut *old, &mut *new] {
                        side.push_str(rest);
                        side.push('\n');
                    }
                }
                Some(("-", rest)) => {
                    old.push_str(rest);
                    old.push('\n');
                }
                Some(("+", rest)) => {
                    new.push_str(rest);
                    new.push('\n');
                }
                _ => panic!("{name}.patch: not a line of a hunk: `{line}`"),
            }
        }
        assert!(!hunks.is_empty(), "{name}.patch has no hunk");
        DiffCase {
            name: name.to_owned(),
            what,
            breaking,
            hunks,
        }
    }

    /// The label of the edited spec in reports (`new_required_param.yaml`).
    pub fn label(&self) -> String {
        format!("{}.yaml", self.name)
    }

    /// The edited spec. Panics, naming the case and the hunk, when a hunk's old lines do not
    /// occur exactly once.
    pub fn apply(&self, spec: &str) -> String {
        let mut text = spec.to_owned();
        for (i, (old, new)) in self.hunks.iter().enumerate() {
            let found = text.matches(old.as_str()).count();
            assert_eq!(
                found, 1,
                "diff case `{}`, hunk {i}: its old lines occur {found} times in the spec \
                 (expected once); update tests/fixtures/diff/cases/{}.patch after a change of \
                 spec/:\n{old}",
                self.name, self.name
            );
            text = text.replacen(old.as_str(), new, 1);
        }
        text
    }
}

/// Every case, sorted by name.
pub fn cases() -> Vec<DiffCase> {
    let mut out: Vec<DiffCase> = std::fs::read_dir(dir())
        .unwrap_or_else(|e| panic!("{}: {e}", dir().display()))
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "patch").then_some((name, path))
        })
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            DiffCase::parse(&name, &text)
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The case of this name. Panics for an unknown name.
pub fn case(name: &str) -> DiffCase {
    cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no diff case `{name}` in {}", dir().display()))
}
