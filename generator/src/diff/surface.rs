//! The public Rust surfaces of the two generated crates, compared item by item.
//!
//! The surfaces are read back from the generated code ([`crate::surface`]), so what this
//! reports is what a user's code meets: a removed handle, a constructor whose arguments
//! changed order, a new enum variant. The verdicts follow Rust's semver rules for the shapes
//! the generator writes (`#[non_exhaustive]` structs and enums, private fields).

use serde::Serialize;

use super::rules;
use crate::model::Condition;
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
    let (breaking, reason) = if item.kind == "check" {
        check_verdict(how, item, a, b, old)
    } else {
        let (breaking, reason) = verdict(how, item, a, b, old);
        (breaking, reason.to_owned())
    };
    SurfaceChange {
        how,
        kind: item.kind,
        path: item.path.clone(),
        old: a.map(|i| i.detail.clone()),
        new: b.map(|i| i.detail.clone()),
        inside: 0,
        breaking,
        reason,
    }
}

/// The verdict on a check run before sending: a new or narrower check breaks code whose
/// requests it now refuses (when old code could send the parameter it checks); a removed or
/// wider one only lets more requests through.
fn check_verdict(
    how: How,
    item: &Item,
    a: Option<&Item>,
    b: Option<&Item>,
    old: &Surface,
) -> (bool, String) {
    let owner = check_owner(&item.path);
    let param = item.path.split_once('[').map_or("", |(_, rest)| {
        rest.rsplit_once("].").map_or(rest, |(param, _)| param)
    });
    let rule = item.path.rsplit_once("].").map_or("", |(_, rule)| rule);
    let old_sends = |wire: &str| {
        old.sends.get(owner).is_some_and(|sent| {
            sent.contains(wire)
                || wire
                    .split_once('.')
                    .is_some_and(|(group, _)| sent.contains(group))
        })
    };
    let arg = |i: Option<&Item>, name: &str| -> String {
        i.and_then(|i| i.args.iter().find(|(n, _)| n == name))
            .map_or(String::new(), |(_, v)| v.clone())
    };
    match how {
        How::Removed => (
            false,
            "the client no longer checks this before sending".to_owned(),
        ),
        How::Added => {
            // Which parameter old code must have been able to set for the check to refuse
            // one of its requests.
            let trigger = match rule {
                "required_when" => arg(b, "other"),
                _ => param.to_owned(),
            };
            let existed = old.items.contains_key(&format!("struct {owner}"));
            let reachable = match rule {
                "required" => existed,
                _ => old_sends(&trigger),
            };
            if reachable {
                (
                    true,
                    format!(
                        "a new check: requests the old crate sent with `{trigger}` may now be \
                         refused before sending"
                    ),
                )
            } else {
                (
                    false,
                    "a check of something old code could not send".to_owned(),
                )
            }
        }
        How::Changed => {
            let narrower = match rule {
                "length" | "items" | "range" => {
                    let bound = |i: Option<&Item>, name: &str, exclusive: &str| {
                        let value = arg(i, name).parse::<f64>().ok()?;
                        Some((value, arg(i, exclusive) == "true"))
                    };
                    let moved = |name, exclusive, lower| {
                        rules::bound_tighter(
                            bound(a, name, exclusive),
                            bound(b, name, exclusive),
                            lower,
                        ) == Some(true)
                    };
                    moved("min", "exclusive_min", true) || moved("max", "exclusive_max", false)
                }
                "required_when" => {
                    let condition = |i: Option<&Item>| Condition {
                        param: arg(i, "other"),
                        values: arg(i, "values").split(',').map(str::to_owned).collect(),
                    };
                    rules::conditions_tighter(&[condition(a)], &[condition(b)]) == Some(true)
                }
                // Two patterns cannot be compared: a value the old one accepted may fail.
                _ => true,
            };
            if narrower {
                (
                    true,
                    "the check narrows: requests that passed it may now be refused before sending"
                        .to_owned(),
                )
            } else {
                (
                    false,
                    "the check widens: it lets more requests through".to_owned(),
                )
            }
        }
    }
}

/// The type a check belongs to: `a::S` for `a::S::validate[X].length`.
fn check_owner(path: &str) -> &str {
    let function = path.split('[').next().unwrap_or(path);
    function
        .rsplit_once("::")
        .map_or(function, |(owner, _)| owner)
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

    /// A parameters type with one `validate` body, sending `Name` and `Kind`.
    fn params(checks: &str) -> String {
        format!(
            "#[non_exhaustive] pub struct P {{ name: Option<String> }}\n\
             impl Params for P {{\n\
                 fn encode(&self, parts: &mut Parts) {{ self.name.encode(\"Name\", &mut parts.form); self.kind.encode(\"Kind\", &mut parts.form); }}\n\
                 fn validate(&self, parts: &Parts) -> Result<()> {{ {checks} Ok(()) }}\n\
             }}"
        )
    }

    #[test]
    fn a_new_or_narrower_check_breaks_a_removed_or_wider_one_does_not() {
        let length = |max: &str| {
            format!("if let Some(v) = &self.name {{ encoding::length(\"Name\", v, None, Some({max}u64))?; }}")
        };
        let cond = |values: &str| format!("parts.required_when(\"Name\", \"Kind\", &[{values}])?;");
        let lines = |a: String, b: String| -> Vec<(How, String, bool)> {
            compare(&surface(&params(&a)), &surface(&params(&b)))
                .into_iter()
                .map(|c| (c.how, c.path, c.breaking))
                .collect()
        };
        let row = |how, path: &str, breaking| (how, path.to_owned(), breaking);
        assert_eq!(
            lines(String::new(), length("64")),
            [row(How::Added, "P::validate[Name].length", true)]
        );
        assert_eq!(
            lines(length("64"), String::new()),
            [row(How::Removed, "P::validate[Name].length", false)]
        );
        assert_eq!(
            lines(length("64"), length("32")),
            [row(How::Changed, "P::validate[Name].length", true)]
        );
        assert_eq!(
            lines(length("64"), length("128")),
            [row(How::Changed, "P::validate[Name].length", false)]
        );
        assert_eq!(
            lines(cond("\"a\""), cond("\"a\", \"b\"")),
            [row(How::Changed, "P::validate[Name].required_when", true)]
        );
        assert_eq!(
            lines(cond("\"a\", \"b\""), cond("\"a\"")),
            [row(How::Changed, "P::validate[Name].required_when", false)]
        );
        // A check of a parameter the old type did not send refuses no old request.
        assert_eq!(
            lines(
                String::new(),
                "encoding::pattern(\"Fresh\", PATTERN_0.is_match(v), \"^a$\")?;".to_owned()
            ),
            [row(How::Added, "P::validate[Fresh].pattern", false)]
        );
    }
}
