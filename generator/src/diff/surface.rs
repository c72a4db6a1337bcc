//! The public Rust surfaces of the two generated crates, compared item by item.
//!
//! The surfaces are read back from the generated code ([`crate::surface`]), so what this
//! reports is what a user's code meets: a removed handle, a constructor whose arguments
//! changed order, a new enum variant. The verdicts follow Rust's semver rules for the shapes
//! the generator writes (`#[non_exhaustive]` structs and enums, private fields).

use serde::Serialize;

use crate::surface::{Item, Surface};

/// How an item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Gone from the new crate.
    Removed,
    /// Its signature, type, value or attributes differ.
    Changed,
    /// New in the new crate.
    Added,
}

impl How {
    /// The word the text report uses.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Removed => "removed",
            How::Changed => "changed",
            How::Added => "added",
        }
    }
}

/// One public item that differs between the two crates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurfaceChange {
    /// Removed, changed or added.
    pub how: How,
    /// The item's kind (`fn`, `struct`, `variant`, ...).
    pub kind: &'static str,
    /// Its path from the crate root.
    pub path: String,
    /// The old signature or detail, when it existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new one, when it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// How many removed (or added) items inside this one (its methods, fields, variants;
    /// a module's items) are folded into this line.
    #[serde(skip_serializing_if = "is_zero")]
    pub inside: usize,
    /// Whether code using the old crate may stop compiling.
    pub breaking: bool,
    /// Why, in one clause.
    pub reason: String,
}

/// The differences between two surfaces: removed and changed items first, then added ones,
/// each by path.
pub fn compare(old: &Surface, new: &Surface) -> Vec<SurfaceChange> {
    let mut out = Vec::new();
    for (key, a) in &old.items {
        match new.items.get(key) {
            None => out.push(change(How::Removed, a, Some(a), None, old)),
            Some(b) if b.detail != a.detail => {
                out.push(change(How::Changed, b, Some(a), Some(b), old))
            }
            Some(_) => {}
        }
    }
    for (key, b) in &new.items {
        if !old.items.contains_key(key) {
            out.push(change(How::Added, b, None, Some(b), old));
        }
    }
    out.sort_by(|x, y| (x.how, &x.path, x.kind).cmp(&(y.how, &y.path, y.kind)));
    fold(out)
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Folds each removed (added) item inside another removed (added) one into the outermost:
/// a removed module is one line, not one per method of each of its types.
fn fold(changes: Vec<SurfaceChange>) -> Vec<SurfaceChange> {
    let outer = |c: &SurfaceChange, all: &[SurfaceChange]| -> Option<usize> {
        all.iter().position(|o| {
            o.how == c.how
                && o.how != How::Changed
                && matches!(o.kind, "mod" | "struct" | "enum" | "trait")
                && o.path.len() < c.path.len()
                && c.path.starts_with(&o.path)
                && ["::", ".", ":"]
                    .iter()
                    .any(|sep| c.path[o.path.len()..].starts_with(sep))
        })
    };
    let mut owners = Vec::with_capacity(changes.len());
    for c in &changes {
        // The outermost: follow owners up while there is one.
        let mut at = outer(c, &changes);
        while let Some(i) = at {
            match outer(&changes[i], &changes) {
                Some(j) => at = Some(j),
                None => break,
            }
        }
        owners.push(at);
    }
    let mut counts = vec![0usize; changes.len()];
    for owner in owners.iter().flatten() {
        counts[*owner] += 1;
    }
    changes
        .into_iter()
        .zip(owners)
        .zip(counts)
        .filter_map(|((mut c, owner), inside)| {
            c.inside = inside;
            owner.is_none().then_some(c)
        })
        .collect()
}

fn change(
    how: How,
    item: &Item,
    a: Option<&Item>,
    b: Option<&Item>,
    old: &Surface,
) -> SurfaceChange {
    let (breaking, reason) = verdict(how, item, a, b, old);
    SurfaceChange {
        how,
        kind: item.kind,
        path: item.path.clone(),
        old: a.map(|i| i.detail.clone()),
        new: b.map(|i| i.detail.clone()),
        inside: 0,
        breaking,
        reason: reason.to_owned(),
    }
}

/// The item that holds `path` (`a::S` for `a::S.f` and `a::S::new`), in `surface`.
fn parent<'s>(surface: &'s Surface, kind: &str, path: &str) -> Option<&'s Item> {
    let cut = if kind == "field" {
        path.rfind('.')?
    } else {
        path.rfind("::")?
    };
    let owner = &path[..cut];
    ["struct", "enum", "trait"]
        .iter()
        .find_map(|k| surface.items.get(&format!("{k} {owner}")))
}

fn verdict(
    how: How,
    item: &Item,
    a: Option<&Item>,
    b: Option<&Item>,
    old: &Surface,
) -> (bool, &'static str) {
    let non_exhaustive =
        |i: Option<&Item>| i.is_some_and(|i| i.detail.contains("#[non_exhaustive]"));
    match how {
        How::Removed => (true, "code that names it no longer compiles"),
        How::Added => {
            let owner = parent(old, item.kind, &item.path);
            match item.kind {
                "variant" if !non_exhaustive(owner) && owner.is_some() => (
                    true,
                    "a variant of an exhaustive enum: matches on it stop compiling",
                ),
                "field"
                    if owner.is_some_and(|o| {
                        !o.detail.contains("#[non_exhaustive]")
                            && !o.detail.contains("(private fields)")
                    }) =>
                {
                    (
                        true,
                        "a field of a struct built with a literal: the literals stop compiling",
                    )
                }
                "fn" if owner.is_some_and(|o| o.kind == "trait") => (
                    true,
                    "a trait method: implementations outside the crate stop compiling",
                ),
                _ => (false, "a new item"),
            }
        }
        How::Changed => match item.kind {
            "fn" if same_types_other_names(a, b) => (
                true,
                "SILENT: the arguments' types line up but their names differ: old calls still \
                 compile and send their values as other parameters; review every call",
            ),
            "fn" => (
                true,
                "the signature differs: calls written for the old one no longer compile",
            ),
            "field" => (true, "the field's type differs"),
            "variant" => (true, "the variant's shape or wire value differs"),
            "struct" | "enum" | "trait" => {
                let (a, b) = (a.map_or("", |i| &i.detail), b.map_or("", |i| &i.detail));
                let lost = attributes(a)
                    .into_iter()
                    .any(|x| !attributes(b).contains(&x));
                let closed = !a.contains("#[non_exhaustive]") && b.contains("#[non_exhaustive]");
                let hidden = !a.contains("(private fields)") && b.contains("(private fields)");
                if lost || closed || hidden {
                    (
                        true,
                        "a derive or an attribute users rely on is gone, or the type closed",
                    )
                } else {
                    (false, "only gains derives or attributes")
                }
            }
            _ => (true, "what it names differs"),
        },
    }
}

/// Whether two signatures take arguments of the same types in the same order under other
/// names (`new(from: String, to: String)` and `new(to: String, from: String)`): the change
/// old code compiles through.
fn same_types_other_names(a: Option<&Item>, b: Option<&Item>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let types = |i: &Item| i.args.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>();
    a.args.len() == b.args.len() && types(a) == types(b) && a.args != b.args && a.output == b.output
}

/// The attributes and derived traits of a detail (`#[derive(Clone, Debug)] #[must_use]`),
/// one by one.
fn attributes(detail: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in detail.split("#[").skip(1) {
        let body = part.split(']').next().unwrap_or("");
        match body
            .strip_prefix("derive(")
            .and_then(|d| d.strip_suffix(')'))
        {
            Some(derives) => out.extend(derives.split(',').map(|d| d.trim().to_owned())),
            None => out.push(body.to_owned()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn surface(lib: &str) -> Surface {
        let files = BTreeMap::from([("c/src/lib.rs".to_owned(), lib.to_owned())]);
        Surface::of_crate(&files, "c").expect("reads")
    }

    fn verdicts(a: &str, b: &str) -> Vec<(How, String, bool)> {
        compare(&surface(a), &surface(b))
            .into_iter()
            .map(|c| (c.how, format!("{} {}", c.kind, c.path), c.breaking))
            .collect()
    }

    #[test]
    fn swapped_arguments_are_a_breaking_change_of_the_signature() {
        let changes = compare(
            &surface("pub struct C; impl C { pub fn new(from: String, to: String) -> Self { C } }"),
            &surface("pub struct C; impl C { pub fn new(to: String, from: String) -> Self { C } }"),
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].how, How::Changed);
        assert!(changes[0].breaking);
        assert_eq!(
            changes[0].old.as_deref(),
            Some("fn new(from: String, to: String) -> Self")
        );
    }

    #[test]
    fn additions_break_only_exhaustive_shapes() {
        assert_eq!(
            verdicts(
                "#[non_exhaustive] pub enum E { A } pub enum F { A } #[non_exhaustive] pub struct S { pub a: u8 } pub struct T { pub a: u8 }",
                "#[non_exhaustive] pub enum E { A, B } pub enum F { A, B } #[non_exhaustive] pub struct S { pub a: u8, pub b: u8 } pub struct T { pub a: u8, pub b: u8 } pub fn f() {}",
            ),
            [
                (How::Added, "variant E::B".to_owned(), false),
                (How::Added, "variant F::B".to_owned(), true),
                (How::Added, "field S.b".to_owned(), false),
                (How::Added, "field T.b".to_owned(), true),
                (How::Added, "fn f".to_owned(), false),
            ]
        );
    }

    #[test]
    fn what_is_inside_a_removed_item_folds_into_it() {
        let changes = compare(
            &surface("pub mod m { pub struct S { pub a: u8 } impl S { pub fn f(&self) {} } } pub fn kept() {}"),
            &surface("pub fn kept() {} pub mod n { pub enum E { A } }"),
        );
        let lines: Vec<(How, String, usize)> = changes
            .iter()
            .map(|c| (c.how, format!("{} {}", c.kind, c.path), c.inside))
            .collect();
        assert_eq!(
            lines,
            [
                (How::Removed, "mod m".to_owned(), 3),
                (How::Added, "mod n".to_owned(), 2),
            ]
        );
    }

    #[test]
    fn a_removed_item_or_a_lost_derive_breaks_a_gained_one_does_not() {
        assert_eq!(
            verdicts(
                "#[derive(Clone)] pub struct S; #[derive(Clone, Debug)] pub struct T; pub fn gone() {}",
                "#[derive(Clone, Debug)] pub struct S; #[derive(Clone)] pub struct T;",
            ),
            [
                (How::Removed, "fn gone".to_owned(), true),
                (How::Changed, "struct S".to_owned(), false),
                (How::Changed, "struct T".to_owned(), true),
            ]
        );
    }
}
