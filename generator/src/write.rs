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
    /// Whether the marker file (which names the spec) is new or changed.
    pub marker_changed: bool,
}

impl Written {
    /// Whether the directory was left exactly as it was.
    pub fn nothing_changed(&self) -> bool {
        self.changed == 0 && self.removed == 0 && !self.marker_changed
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
        Some(Comparison::of(out, output)?)
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
            removed: p.extra.len(),
            marker_changed: !p.marker_unchanged,
        },
        None => Written {
            changed: output.files.len(),
            marker_changed: true,
            ..Written::default()
        },
    };
    if written.nothing_changed() {
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

/// A directory's files compared with an output, by relative path (what `write` keeps and
/// `check` reports).
struct Comparison<'o> {
    /// Files with the same contents as in the output.
    unchanged: BTreeSet<&'o str>,
    /// Files of the output the directory has with other contents, and where they are.
    changed: Vec<(&'o str, PathBuf)>,
    /// Files of the output the directory lacks.
    missing: Vec<&'o str>,
    /// Files of the directory the output does not have (the marker aside).
    extra: Vec<String>,
    /// Whether the marker file is there with the same contents.
    marker_unchanged: bool,
}

impl<'o> Comparison<'o> {
    /// Compares the directory `out` (which may not exist) with `output`.
    fn of(out: &Path, output: &'o Output) -> Result<Self, WriteError> {
        let mut on_disk: BTreeMap<String, PathBuf> = BTreeMap::new();
        if out.exists() {
            collect(out, out, &mut on_disk)?;
        }
        let marker_unchanged = on_disk
            .remove(MARKER)
            .is_some_and(|path| same_contents(&path, output.marker.as_bytes()));
        let mut c = Comparison {
            unchanged: BTreeSet::new(),
            changed: Vec::new(),
            missing: Vec::new(),
            extra: Vec::new(),
            marker_unchanged,
        };
        let found: Vec<(&'o str, &'o str, Option<PathBuf>)> = output
            .files
            .iter()
            .map(|(rel, content)| (rel.as_str(), content.as_str(), on_disk.remove(rel)))
            .collect();
        // Reading the previous files is most of the comparison: in parallel.
        let same: Vec<bool> = found
            .par_iter()
            .map(|(_, content, path)| {
                path.as_ref()
                    .is_some_and(|path| same_contents(path, content.as_bytes()))
            })
            .collect();
        for ((rel, _, path), same) in found.into_iter().zip(same) {
            match path {
                Some(_) if same => {
                    c.unchanged.insert(rel);
                }
                Some(path) => c.changed.push((rel, path)),
                None => c.missing.push(rel),
            }
        }
        c.extra = on_disk.into_keys().collect();
        Ok(c)
    }
}

/// Writes the files of `output` into the empty directory `staging`, creating each directory
/// once. The files `previous` found unchanged are hard-linked from the previous tree `out`
/// instead (linking is also cheaper than creating a file); where linking is not possible,
/// they are written too.
fn stage(
    staging: &Path,
    out: &Path,
    previous: Option<&Comparison<'_>>,
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
    // In parallel; when several writes fail, the first in path order is reported.
    let results: Vec<Result<(), WriteError>> = output
        .files
        .par_iter()
        .map(|(rel, content)| {
            let unchanged = previous.is_some_and(|p| p.unchanged.contains(rel.as_str()));
            put(rel, content, unchanged)
        })
        .collect();
    results.into_iter().collect()
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
    let c = Comparison::of(out, output)?;
    let mut changed = Vec::with_capacity(c.changed.len());
    for (rel, path) in c.changed {
        let actual = fs::read(&path).map_err(io_err(&path))?;
        changed.push((
            rel.to_owned(),
            String::from_utf8_lossy(&actual).into_owned(),
            output.files[rel].clone(),
        ));
    }
    Ok(Staleness {
        changed,
        missing: c.missing.into_iter().map(str::to_owned).collect(),
        extra: c.extra,
    })
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
