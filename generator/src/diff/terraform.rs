//! The Terraform side of a comparison: each resource's schema as the Terraform emitter
//! derives it ([`crate::views::terraform::attrs::derive`]), flattened to dotted attribute
//! paths (`channel_type`, `integration.url`), and the differences between two of them.
//!
//! Reading the emitter's own view (rather than re-deriving modes from the model) keeps the
//! diff in step with the generated schema: required / optional / computed, forced
//! replacement, types and validators are exactly what the schema files say.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Resource, Type};
use crate::views::terraform::attrs::{self, Checks, Mode, Nesting, TfType};

/// One entry of a flattened resource schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// An attribute.
    Attr(Box<Attr>),
    /// A nested block (its members are entries of their own, under `block.member`).
    Block {
        /// Whether configuration must have it.
        required: bool,
        /// How it repeats.
        nesting: Nesting,
    },
}

/// What matters of an attribute for compatibility.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// Who sets it.
    pub mode: Mode,
    /// Its Terraform type.
    pub ty: TfType,
    /// Whether changing it forces a new resource.
    pub replace: bool,
    /// Its validators.
    pub checks: Checks,
    /// The innermost model type it comes from (to find the users of an enum or SID type).
    pub leaf: Type,
}

/// A resource's Terraform schema, flattened.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The resource type (`twilio_flex_flow`).
    pub type_name: String,
    /// Dotted path -> entry, sorted.
    pub entries: BTreeMap<String, Entry>,
    /// Wire name (a parameter, a response field, a group's prefix) -> the dotted path of the
    /// attribute or block the emitter made of it.
    pub wire: BTreeMap<String, String>,
    /// Destroy only removes it from state (the API has no delete).
    pub kept_on_destroy: bool,
    /// The import ID's format (`/FlexFlows/{sid}`), as the provider reads it.
    pub import: String,
}

impl View {
    /// The path of what the emitter made of a wire name, if anything.
    pub fn path_of(&self, wire: &str) -> Option<&str> {
        self.wire.get(wire).map(String::as_str)
    }
}

/// The Terraform view of a resource: `Ok(None)` when it gets no Terraform resource (it
/// lacks create or fetch); `Err` with the emitter's message when it cannot be
/// derived.
pub fn view(api: &Api, resource: &Resource, provider: &str) -> Result<Option<View>, String> {
    if !attrs::eligible(resource) {
        return Ok(None);
    }
    let tf = attrs::derive(api, resource, provider).map_err(|e| e.to_string())?;
    let mut view = View {
        type_name: tf.type_name.clone(),
        entries: BTreeMap::new(),
        wire: BTreeMap::new(),
        kept_on_destroy: tf.kept_on_destroy,
        import: tf.import_format(),
    };
    for a in &tf.attributes {
        view.add_attr(a, "");
    }
    for b in &tf.blocks {
        view.add_block(b, "");
    }
    Ok(Some(view))
}

fn attr_entry(a: &attrs::Attribute) -> Entry {
    Entry::Attr(Box::new(Attr {
        mode: a.mode,
        ty: a.ty.clone(),
        replace: a.requires_replace,
        checks: a.checks.clone(),
        leaf: a.model_ty.leaf().clone(),
    }))
}

impl View {
    fn add_attr(&mut self, a: &attrs::Attribute, parent: &str) {
        let path = join(parent, &a.name);
        for w in &a.wire {
            self.wire.entry(w.clone()).or_insert_with(|| path.clone());
        }
        self.entries.insert(path, attr_entry(a));
    }

    fn add_block(&mut self, b: &attrs::Block, parent: &str) {
        let path = join(parent, &b.name);
        for w in std::iter::once(&b.prefix).chain(&b.field) {
            self.wire.entry(w.clone()).or_insert_with(|| path.clone());
        }
        self.entries.insert(
            path.clone(),
            Entry::Block {
                required: b.required,
                nesting: b.nesting,
            },
        );
        for a in &b.attributes {
            self.add_attr(a, &path);
        }
        for sub in &b.blocks {
            self.add_block(sub, &path);
        }
    }
}

/// `parent.name`, or `name` at the top.
pub fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// Which validator a check difference is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// `OneOf` (enums).
    OneOf,
    /// `RegexMatches` (SIDs and patterns).
    Pattern,
    /// String length bounds.
    Length,
    /// Number bounds.
    Range,
    /// List size bounds.
    Items,
}

/// What aspect of an entry a difference is about; changes pick the aspects they explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// The entry appears or disappears.
    Presence,
    /// Required / optional / computed, and whether a block is required.
    Mode,
    /// The Terraform type, and a block's nesting.
    Type,
    /// Whether a change forces replacement.
    Replace,
    /// A validator.
    Check(Check),
    /// What destroy does at Twilio (delete, or only forget).
    Destroy,
}

impl Aspect {
    /// Every aspect: for additions, removals and whole-resource comparisons.
    pub const ALL: &'static [Aspect] = &[
        Aspect::Presence,
        Aspect::Mode,
        Aspect::Type,
        Aspect::Replace,
        Aspect::Check(Check::OneOf),
        Aspect::Check(Check::Pattern),
        Aspect::Check(Check::Length),
        Aspect::Check(Check::Range),
        Aspect::Check(Check::Items),
        Aspect::Destroy,
    ];

    /// What a type change of a value affects: the type and the validators the type
    /// implies (enum values, SID patterns).
    pub const TYPE: &'static [Aspect] = &[
        Aspect::Type,
        Aspect::Check(Check::OneOf),
        Aspect::Check(Check::Pattern),
        Aspect::Check(Check::Length),
        Aspect::Check(Check::Range),
        Aspect::Check(Check::Items),
    ];

    /// What a requiredness change affects.
    pub const MODE: &'static [Aspect] = &[Aspect::Mode];
}

/// One difference between two versions of a Terraform schema entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    /// What it is about.
    pub aspect: Aspect,
    /// Whether existing configurations or state may stop working.
    pub breaking: bool,
    /// One clause, naming the attribute.
    pub text: String,
}

fn delta(aspect: Aspect, breaking: bool, text: String) -> Delta {
    Delta {
        aspect,
        breaking,
        text,
    }
}

/// The differences between two versions of the entry at `path` (`label` names it in the
/// text).
pub fn entry_deltas(label: &str, old: Option<&Entry>, new: Option<&Entry>) -> Vec<Delta> {
    match (old, new) {
        (None, None) => Vec::new(),
        (None, Some(Entry::Attr(a))) => {
            let (breaking, what) = match a.mode {
                Mode::Required => (true, "new required argument"),
                Mode::Optional | Mode::ComputedOptional => (false, "new optional argument"),
                Mode::Computed => (false, "new computed attribute"),
            };
            vec![delta(
                Aspect::Presence,
                breaking,
                format!("{what} `{label}`"),
            )]
        }
        (None, Some(Entry::Block { required, .. })) => {
            let text = if *required {
                format!("new required block `{label}`")
            } else {
                format!("new optional block `{label}`")
            };
            vec![delta(Aspect::Presence, *required, text)]
        }
        (Some(old), None) => {
            let what = match old {
                Entry::Attr(a) if a.mode.is_argument() => "argument",
                Entry::Attr(_) => "attribute",
                Entry::Block { .. } => "block",
            };
            vec![delta(
                Aspect::Presence,
                true,
                format!("{what} `{label}` removed"),
            )]
        }
        (Some(Entry::Attr(a)), Some(Entry::Attr(b))) => attr_deltas(label, a, b),
        (
            Some(Entry::Block {
                required: ra,
                nesting: na,
            }),
            Some(Entry::Block {
                required: rb,
                nesting: nb,
            }),
        ) => {
            let mut out = Vec::new();
            if ra != rb {
                let text = if *rb {
                    format!("block `{label}` becomes required")
                } else {
                    format!("block `{label}` becomes optional")
                };
                out.push(delta(Aspect::Mode, *rb, text));
            }
            if let Some((breaking, text)) = nesting_delta(*na, *nb) {
                out.push(delta(Aspect::Type, breaking, format!("`{label}`: {text}")));
            }
            out
        }
        (Some(Entry::Attr(_)), Some(Entry::Block { .. })) => vec![delta(
            Aspect::Type,
            true,
            format!("`{label}` changes from an attribute to a block"),
        )],
        (Some(Entry::Block { .. }), Some(Entry::Attr(_))) => vec![delta(
            Aspect::Type,
            true,
            format!("`{label}` changes from a block to an attribute"),
        )],
    }
}

fn mode_delta(label: &str, a: Mode, b: Mode) -> Option<Delta> {
    if a == b {
        return None;
    }
    let (breaking, text) = if a.is_argument() && !b.is_argument() {
        (
            true,
            format!("`{label}` is no longer an argument (computed only): configurations that set it fail"),
        )
    } else if b == Mode::Required {
        (
            true,
            format!("`{label}` becomes required: configurations without it fail"),
        )
    } else if a == Mode::Required {
        (false, format!("`{label}` becomes optional"))
    } else if !a.is_argument() {
        (false, format!("`{label}` becomes an optional argument"))
    } else if b == Mode::ComputedOptional {
        (
            false,
            format!("`{label}` becomes computed: the server's value is read back"),
        )
    } else {
        (
            false,
            format!("`{label}` is no longer computed: the server no longer reports it"),
        )
    };
    Some(delta(Aspect::Mode, breaking, text))
}

fn attr_deltas(label: &str, a: &Attr, b: &Attr) -> Vec<Delta> {
    let mut out = Vec::new();
    out.extend(mode_delta(label, a.mode, b.mode));
    if let Some((breaking, text)) = type_delta(&a.ty, &b.ty) {
        out.push(delta(Aspect::Type, breaking, format!("`{label}`: {text}")));
    }
    if b.mode.is_argument() && a.replace != b.replace {
        out.push(if b.replace {
            delta(
                Aspect::Replace,
                true,
                format!("changing `{label}` now forces replacement: update no longer accepts it"),
            )
        } else {
            delta(
                Aspect::Replace,
                false,
                format!("`{label}` no longer forces replacement"),
            )
        });
    }
    // Validators only see configuration: computed attributes are never validated.
    if b.mode.is_argument() {
        out.extend(check_deltas(
            label,
            &a.checks,
            &b.checks,
            a.mode.is_argument(),
        ));
    }
    out
}

/// How a Terraform type changed: `None` when equal; objects that only gain attributes are
/// compatible (state decodes with the new members null), anything else is breaking.
pub fn type_delta(a: &TfType, b: &TfType) -> Option<(bool, String)> {
    if a == b {
        return None;
    }
    match (a, b) {
        (TfType::List(x), TfType::List(y)) | (TfType::Map(x), TfType::Map(y)) => {
            type_delta(x, y).map(|(breaking, text)| (breaking, format!("element {text}")))
        }
        (TfType::Object(x), TfType::Object(y)) => {
            let old: BTreeMap<&str, &TfType> = x.iter().map(|(n, t)| (n.as_str(), t)).collect();
            let new: BTreeMap<&str, &TfType> = y.iter().map(|(n, t)| (n.as_str(), t)).collect();
            let removed: Vec<&str> = old
                .keys()
                .filter(|k| !new.contains_key(*k))
                .copied()
                .collect();
            let added: Vec<&str> = new
                .keys()
                .filter(|k| !old.contains_key(*k))
                .copied()
                .collect();
            let changed: Vec<&str> = old
                .iter()
                .filter(|(k, t)| new.get(*k).is_some_and(|u| u != *t))
                .map(|(k, _)| *k)
                .collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("object gains {}", code_list(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!("object loses {}", code_list(&removed)));
            }
            if !changed.is_empty() {
                parts.push(format!(
                    "object member types change: {}",
                    code_list(&changed)
                ));
            }
            Some((!removed.is_empty() || !changed.is_empty(), parts.join(", ")))
        }
        _ => Some((true, format!("type {} -> {}", type_name(a), type_name(b)))),
    }
}

/// A Terraform type in the providers schema's words (`string`, `list(number)`).
pub fn type_name(t: &TfType) -> String {
    match t {
        TfType::String => "string".to_owned(),
        TfType::Int64 => "number (int64)".to_owned(),
        TfType::Float64 => "number (float64)".to_owned(),
        TfType::Bool => "bool".to_owned(),
        TfType::List(t) => format!("list({})", type_name(t)),
        TfType::Map(t) => format!("map({})", type_name(t)),
        TfType::Object(_) => "object".to_owned(),
    }
}

fn nesting_delta(a: Nesting, b: Nesting) -> Option<(bool, String)> {
    match (a, b) {
        _ if a == b => None,
        (Nesting::List { max_items: x }, Nesting::List { max_items: y }) => {
            Some((y < x, format!("at most {x} -> at most {y} blocks")))
        }
        (Nesting::Single, _) => Some((true, "a single block becomes a list".to_owned())),
        (_, Nesting::Single) => Some((true, "a list of blocks becomes a single block".to_owned())),
    }
}

fn code_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bound_delta(
    label: &str,
    what: &str,
    check: Check,
    old: Option<f64>,
    new: Option<f64>,
    lower: bool,
) -> Option<Delta> {
    let tighter =
        super::rules::bound_tighter(old.map(|v| (v, false)), new.map(|v| (v, false)), lower)?;
    let show = |v: Option<f64>| {
        v.map(crate::model::number_text)
            .unwrap_or_else(|| "none".into())
    };
    let text = if tighter {
        format!(
            "{what} of `{label}`: {} -> {}: configurations that passed validation may fail",
            show(old),
            show(new)
        )
    } else {
        format!("{what} of `{label}`: {} -> {}", show(old), show(new))
    };
    Some(delta(Aspect::Check(check), tighter, text))
}

/// Validator differences. `was_argument` tells whether the old attribute was validated at
/// all (a new argument's validators break nothing that was configured before).
fn check_deltas(label: &str, a: &Checks, b: &Checks, was_argument: bool) -> Vec<Delta> {
    let mut out = Vec::new();
    if a.one_of != b.one_of {
        let old: BTreeSet<&str> = a.one_of.iter().map(String::as_str).collect();
        let new: BTreeSet<&str> = b.one_of.iter().map(String::as_str).collect();
        let removed: Vec<&str> = old.difference(&new).copied().collect();
        let added: Vec<&str> = new.difference(&old).copied().collect();
        if old.is_empty() {
            out.push(delta(
                Aspect::Check(Check::OneOf),
                was_argument,
                format!("`{label}` is now restricted to {}", code_list(&added)),
            ));
        } else if new.is_empty() {
            out.push(delta(
                Aspect::Check(Check::OneOf),
                false,
                format!("`{label}` is no longer restricted to a list of values"),
            ));
        } else {
            if !removed.is_empty() {
                out.push(delta(
                    Aspect::Check(Check::OneOf),
                    was_argument,
                    format!(
                        "`{label}` no longer accepts {} (`OneOf` narrows)",
                        code_list(&removed)
                    ),
                ));
            }
            if !added.is_empty() {
                out.push(delta(
                    Aspect::Check(Check::OneOf),
                    false,
                    format!(
                        "`{label}` also accepts {} (`OneOf` widens)",
                        code_list(&added)
                    ),
                ));
            }
        }
    }
    let (pa, pb) = (
        a.pattern.as_ref().map(|p| p.regex.as_str()),
        b.pattern.as_ref().map(|p| p.regex.as_str()),
    );
    if pa != pb {
        let d = match (pa, pb) {
            (_, None) => delta(
                Aspect::Check(Check::Pattern),
                false,
                format!("`{label}` is no longer checked against a pattern"),
            ),
            (None, Some(p)) => delta(
                Aspect::Check(Check::Pattern),
                was_argument,
                format!("`{label}` must now match `{p}`"),
            ),
            (Some(_), Some(p)) => delta(
                Aspect::Check(Check::Pattern),
                was_argument,
                format!("`{label}` must now match `{p}` (pattern changed)"),
            ),
        };
        out.push(d);
    }
    let as_f = |v: Option<u64>| v.map(|n| n as f64);
    let bounds = [
        (
            "minimum length",
            Check::Length,
            as_f(a.min_length),
            as_f(b.min_length),
            true,
        ),
        (
            "maximum length",
            Check::Length,
            as_f(a.max_length),
            as_f(b.max_length),
            false,
        ),
        ("minimum", Check::Range, a.minimum, b.minimum, true),
        ("maximum", Check::Range, a.maximum, b.maximum, false),
        (
            "minimum size",
            Check::Items,
            as_f(a.min_items),
            as_f(b.min_items),
            true,
        ),
        (
            "maximum size",
            Check::Items,
            as_f(a.max_items),
            as_f(b.max_items),
            false,
        ),
    ];
    for (what, check, old, new, lower) in bounds {
        if let Some(mut d) = bound_delta(label, what, check, old, new, lower) {
            d.breaking &= was_argument;
            out.push(d);
        }
    }
    out
}

/// The differences in the subtree at `path` (the entry and, for blocks, its members). A
/// block that appears or disappears is one difference, not one per member.
pub fn subtree_deltas(old: &View, new: &View, path: &str) -> Vec<Delta> {
    let under = |k: &str| k == path || k.starts_with(&format!("{path}."));
    paths_deltas(old, new, |k| under(k), "")
}

/// Every difference between two views of a resource.
pub fn all_deltas(old: &View, new: &View) -> Vec<Delta> {
    let mut out = paths_deltas(old, new, |_| true, "");
    match (old.kept_on_destroy, new.kept_on_destroy) {
        (false, true) => out.push(Delta {
            aspect: Aspect::Destroy,
            breaking: true,
            text: "destroy no longer deletes the object at Twilio (the API has no delete): it \
                   only removes it from state"
                .to_owned(),
        }),
        (true, false) => out.push(Delta {
            aspect: Aspect::Destroy,
            breaking: false,
            text: "destroy now deletes the object at Twilio".to_owned(),
        }),
        _ => {}
    }
    out
}

/// The differences of entries whose key passes `keep`; `prefix` goes before each label
/// (`twilio_flex_flow.` when several resources are involved).
pub fn paths_deltas(
    old: &View,
    new: &View,
    keep: impl Fn(&str) -> bool,
    prefix: &str,
) -> Vec<Delta> {
    let keys: BTreeSet<&str> = old
        .entries
        .keys()
        .chain(new.entries.keys())
        .map(String::as_str)
        .filter(|k| keep(k))
        .collect();
    let mut gone_blocks: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for k in keys {
        if gone_blocks.iter().any(|b| k.starts_with(&format!("{b}."))) {
            continue;
        }
        let (a, b) = (old.entries.get(k), new.entries.get(k));
        if a.is_none() != b.is_none() && matches!(a.or(b), Some(Entry::Block { .. })) {
            gone_blocks.push(k.to_owned());
        }
        out.extend(entry_deltas(&format!("{prefix}{k}"), a, b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(mode: Mode, ty: TfType) -> Entry {
        Entry::Attr(Box::new(Attr {
            mode,
            ty,
            replace: false,
            checks: Checks::default(),
            leaf: Type::String,
        }))
    }

    fn texts(d: &[Delta]) -> Vec<(bool, &str)> {
        d.iter().map(|d| (d.breaking, d.text.as_str())).collect()
    }

    #[test]
    fn additions_break_only_when_required() {
        let req = attr(Mode::Required, TfType::String);
        let opt = attr(Mode::Optional, TfType::String);
        let comp = attr(Mode::Computed, TfType::String);
        assert_eq!(
            texts(&entry_deltas("x", None, Some(&req))),
            [(true, "new required argument `x`")]
        );
        assert_eq!(
            texts(&entry_deltas("x", None, Some(&opt))),
            [(false, "new optional argument `x`")]
        );
        assert_eq!(
            texts(&entry_deltas("x", None, Some(&comp))),
            [(false, "new computed attribute `x`")]
        );
        assert_eq!(
            texts(&entry_deltas("x", Some(&comp), None)),
            [(true, "attribute `x` removed")]
        );
    }

    #[test]
    fn mode_changes() {
        let d = |a, b| {
            entry_deltas(
                "x",
                Some(&attr(a, TfType::String)),
                Some(&attr(b, TfType::String)),
            )
        };
        assert!(d(Mode::Optional, Mode::Required)[0].breaking);
        assert!(!d(Mode::Required, Mode::Optional)[0].breaking);
        assert!(d(Mode::Optional, Mode::Computed)[0].breaking);
        assert!(!d(Mode::Computed, Mode::ComputedOptional)[0].breaking);
        assert!(!d(Mode::ComputedOptional, Mode::Optional)[0].breaking);
        assert!(d(Mode::Optional, Mode::Optional).is_empty());
    }

    #[test]
    fn objects_may_gain_members() {
        let obj = |m: &[&str]| {
            TfType::Object(
                m.iter()
                    .map(|n| ((*n).to_owned(), TfType::String))
                    .collect(),
            )
        };
        assert_eq!(type_delta(&obj(&["a"]), &obj(&["a"])), None);
        assert_eq!(
            type_delta(&obj(&["a"]), &obj(&["a", "b"])),
            Some((false, "object gains `b`".to_owned()))
        );
        assert!(type_delta(&obj(&["a", "b"]), &obj(&["a"])).unwrap().0);
        assert_eq!(
            type_delta(&TfType::String, &TfType::Int64),
            Some((true, "type string -> number (int64)".to_owned()))
        );
    }

    #[test]
    fn validators_narrow_or_widen() {
        let with = |values: &[&str]| {
            let mut e = attr(Mode::Optional, TfType::String);
            if let Entry::Attr(a) = &mut e {
                a.checks.one_of = values.iter().map(|v| (*v).to_owned()).collect();
            }
            e
        };
        let d = entry_deltas("t", Some(&with(&["a", "b"])), Some(&with(&["a", "b", "c"])));
        assert_eq!(
            texts(&d),
            [(false, "`t` also accepts `c` (`OneOf` widens)")]
        );
        let d = entry_deltas("t", Some(&with(&["a", "b"])), Some(&with(&["a"])));
        assert_eq!(
            texts(&d),
            [(true, "`t` no longer accepts `b` (`OneOf` narrows)")]
        );
    }

    #[test]
    fn replacement_is_breaking_when_it_starts() {
        let mut a = Attr {
            mode: Mode::Optional,
            ty: TfType::Bool,
            replace: false,
            checks: Checks::default(),
            leaf: Type::Boolean,
        };
        let old = Entry::Attr(Box::new(a.clone()));
        a.replace = true;
        let new = Entry::Attr(Box::new(a));
        let d = entry_deltas("enabled", Some(&old), Some(&new));
        assert_eq!(d.len(), 1);
        assert!(d[0].breaking);
        assert!(d[0].text.contains("forces replacement"));
        assert!(!entry_deltas("enabled", Some(&new), Some(&old))[0].breaking);
    }

    #[test]
    fn a_removed_block_is_one_difference() {
        let mut old = View {
            type_name: "t".into(),
            entries: BTreeMap::new(),
            wire: BTreeMap::new(),
            kept_on_destroy: false,
            import: "/T/{sid}".into(),
        };
        old.entries.insert(
            "integration".into(),
            Entry::Block {
                required: false,
                nesting: Nesting::Single,
            },
        );
        old.entries.insert(
            "integration.url".into(),
            attr(Mode::Optional, TfType::String),
        );
        let mut new = View {
            type_name: "t".into(),
            entries: BTreeMap::new(),
            wire: BTreeMap::new(),
            kept_on_destroy: false,
            import: "/T/{sid}".into(),
        };
        let d = all_deltas(&old, &new);
        assert_eq!(texts(&d), [(true, "block `integration` removed")]);
        assert_eq!(subtree_deltas(&old, &new, "integration.url").len(), 1);

        // Losing the delete operation changes what destroy does: breaking; gaining it is not.
        old.entries.clear();
        new.kept_on_destroy = true;
        let d = all_deltas(&old, &new);
        assert!(d.len() == 1 && d[0].breaking, "{d:?}");
        assert!(d[0].text.contains("destroy no longer deletes"), "{d:?}");
        let d = all_deltas(&new, &old);
        assert!(d.len() == 1 && !d[0].breaking, "{d:?}");
    }
}
