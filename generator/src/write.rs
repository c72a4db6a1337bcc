//! Putting generated files on disk, and checking that they are up to date.
//!
//! The output directory belongs to the generator: a run replaces it as a whole, so files of
//! resources that left the spec disappear too. The new tree is written to a temporary
//! sibling directory first and swapped in by renames; when anything fails, the existing
//! directory is left as it was. A marker file guards against replacing a directory the
//! generator did not create.
//!
//! Files whose contents did not change are hard-linked into the new tree rather than
//! written, so they keep their timestamps and `cargo build` recompiles only what changed;
//! when nothing changed at all, the directory is not touched.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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

/// What [`write`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Files whose contents are new or changed.
    pub changed: usize,
    /// Files that were already there with the same contents.
    pub unchanged: usize,
    /// Files of the previous tree that generation no longer produces, now removed.
    pub removed: usize,
}

impl Written {
    /// Whether the directory was left exactly as it was.
    pub fn nothing_changed(&self) -> bool {
        self.changed == 0 && self.removed == 0
    }
}

/// Writes `output` to `out`, replacing its previous contents atomically.
///
/// When every file is already there with the same contents and nothing else is, the
/// directory is left alone. Otherwise the new tree is staged beside it and swapped in; files
/// that did not change are hard-linked from the previous tree, so they keep their
/// timestamps (and `cargo build` does not recompile what did not change).
pub fn write(out: &Path, output: &Output) -> Result<Written, WriteError> {
    let previous = if out.join(MARKER).exists() {
        Some(Previous::read(out, output)?)
    } else {
        if out.exists() && fs::read_dir(out).map_err(io_err(out))?.next().is_some() {
            return Err(WriteError::NotGenerated(out.to_owned()));
        }
        None
    };
    let written = match &previous {
        Some(p) => Written {
            changed: output.files.len() - p.unchanged.len(),
            unchanged: p.unchanged.len(),
            removed: p.extra,
        },
        None => Written {
            changed: output.files.len(),
            ..Written::default()
        },
    };
    if previous
        .as_ref()
        .is_some_and(|p| p.marker_unchanged && written.nothing_changed())
    {
        return Ok(written);
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
    stage(staging.path(), out, previous.as_ref(), output)?;

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
    Ok(written)
}

/// What the previous generated tree holds, compared with a new output.
struct Previous<'o> {
    /// Files with the same contents as in the output.
    unchanged: BTreeSet<&'o str>,
    /// How many files of the previous tree the output does not have.
    extra: usize,
    /// Whether the marker file is the same.
    marker_unchanged: bool,
}

impl<'o> Previous<'o> {
    fn read(out: &Path, output: &'o Output) -> Result<Self, WriteError> {
        let mut on_disk: BTreeMap<String, PathBuf> = BTreeMap::new();
        collect(out, out, &mut on_disk)?;
        let marker_unchanged = on_disk
            .remove(MARKER)
            .is_some_and(|path| same_contents(&path, output.marker.as_bytes()));
        let mut unchanged = BTreeSet::new();
        for (rel, content) in &output.files {
            if let Some(path) = on_disk.remove(rel) {
                if same_contents(&path, content.as_bytes()) {
                    unchanged.insert(rel.as_str());
                }
            }
        }
        Ok(Previous {
            unchanged,
            extra: on_disk.len(),
            marker_unchanged,
        })
    }
}

/// Writes the files of `output` into the empty directory `staging`, creating each directory
/// once. The files `previous` found unchanged are hard-linked from the previous tree `out`
/// instead (linking is also cheaper than creating a file); where linking is not possible,
/// they are written too.
fn stage(
    staging: &Path,
    out: &Path,
    previous: Option<&Previous<'_>>,
    output: &Output,
) -> Result<(), WriteError> {
    let dirs: BTreeSet<&Path> = output
        .files
        .keys()
        .filter_map(|rel| Path::new(rel).parent())
        .filter(|dir| !dir.as_os_str().is_empty())
        .collect();
    for dir in dirs {
        let path = staging.join(dir);
        fs::create_dir_all(&path).map_err(io_err(&path))?;
    }
    let put = |rel: &str, content: &str, unchanged: bool| {
        let path = staging.join(rel);
        if unchanged && fs::hard_link(out.join(rel), &path).is_ok() {
            return Ok(());
        }
        fs::write(&path, content).map_err(io_err(&path))
    };
    put(
        MARKER,
        &output.marker,
        previous.is_some_and(|p| p.marker_unchanged),
    )?;
    output.files.par_iter().try_for_each(|(rel, content)| {
        let unchanged = previous.is_some_and(|p| p.unchanged.contains(rel.as_str()));
        put(rel, content, unchanged)
    })
}

/// Whether `path` is a regular file holding exactly `content` (false when it cannot be read).
fn same_contents(path: &Path, content: &[u8]) -> bool {
    // The size first: most changed files change size, and it costs no read.
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == content.len() as u64 => {}
        _ => return false,
    }
    fs::read(path).is_ok_and(|old| old == content)
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
