//! Putting generated files on disk, and checking that they are up to date.
//!
//! The output directory belongs to the generator: a run replaces it as a whole, so files of
//! resources that left the spec disappear too. The new tree is written to a temporary
//! sibling directory first and swapped in by renames; when anything fails, the existing
//! directory is left as it was. A marker file guards against replacing a directory the
//! generator did not create.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::Output;

/// The marker file written at the top of every output directory.
pub const MARKER: &str = ".twilio-codegen";

/// A failure to write or read generated files.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An I/O error on a path.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The output directory holds files the generator did not write.
    #[error("{}: refusing to replace a non-empty directory that was not generated (no {MARKER} file in it)", .0.display())]
    NotGenerated(PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `output` to `out`, replacing its previous contents atomically.
pub fn write(out: &Path, output: &Output) -> Result<(), WriteError> {
    if out.exists() && !out.join(MARKER).exists() {
        let empty = fs::read_dir(out).map_err(io_err(out))?.next().is_none();
        if !empty {
            return Err(WriteError::NotGenerated(out.to_owned()));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .map_err(io_err(&parent))?;
    for (rel, content) in &output.files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        fs::write(&path, content).map_err(io_err(&path))?;
    }
    let marker = staging.path().join(MARKER);
    fs::write(&marker, output.marker.as_bytes()).map_err(io_err(&marker))?;

    if out.exists() {
        let backup = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(io_err(&parent))?;
        let backup_path = backup.path().join("tree");
        fs::rename(out, &backup_path).map_err(io_err(out))?;
        if let Err(source) = fs::rename(staging.path(), out) {
            // Put the old tree back before reporting.
            let _ = fs::rename(&backup_path, out);
            return Err(WriteError::Io {
                path: out.to_owned(),
                source,
            });
        }
        // `backup` removes the old tree when dropped.
        drop(backup);
    } else {
        fs::rename(staging.path(), out).map_err(io_err(out))?;
    }
    // The staging directory was renamed away; nothing is left for it to remove.
    let _ = staging.keep();
    Ok(())
}

/// How the files on disk differ from a fresh generation.
#[derive(Debug, Default)]
pub struct Staleness {
    /// Files whose contents differ: (relative path, on disk, expected).
    pub changed: Vec<(String, String, String)>,
    /// Files that should exist and do not.
    pub missing: Vec<String>,
    /// Files on disk that generation would not produce.
    pub extra: Vec<String>,
}

impl Staleness {
    /// Whether the directory is up to date.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// A unified diff of every difference, at most `max_lines` lines long.
    pub fn diff(&self, max_lines: usize) -> String {
        let mut out = String::new();
        for (path, old, new) in &self.changed {
            let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string(),
            );
        }
        for path in &self.missing {
            out.push_str(&format!("missing: {path} (generation would create it)\n"));
        }
        for path in &self.extra {
            out.push_str(&format!("extra: {path} (generation would remove it)\n"));
        }
        let total = out.lines().count();
        if total > max_lines {
            let mut cut: String = out.lines().take(max_lines).collect::<Vec<_>>().join("\n");
            cut.push_str(&format!(
                "\n... {} more diff lines not shown\n",
                total - max_lines
            ));
            cut
        } else {
            out
        }
    }
}

/// Compares `out` with a fresh generation.
pub fn check(out: &Path, output: &Output) -> Result<Staleness, WriteError> {
    let mut on_disk: BTreeMap<String, PathBuf> = BTreeMap::new();
    if out.exists() {
        collect(out, out, &mut on_disk)?;
    }
    let mut s = Staleness::default();
    for (rel, expected) in &output.files {
        match on_disk.remove(rel) {
            Some(path) => {
                let actual = fs::read(&path).map_err(io_err(&path))?;
                if actual != expected.as_bytes() {
                    s.changed.push((
                        rel.clone(),
                        String::from_utf8_lossy(&actual).into_owned(),
                        expected.clone(),
                    ));
                }
            }
            None => s.missing.push(rel.clone()),
        }
    }
    on_disk.remove(MARKER);
    s.extra = on_disk.into_keys().collect();
    Ok(s)
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) -> Result<(), WriteError> {
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let path = entry.path();
        let ty = entry.file_type().map_err(io_err(&path))?;
        if ty.is_dir() {
            // Build artefacts of a generated crate built on its own are not ours to compare.
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            collect(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, path);
        }
    }
    Ok(())
}
