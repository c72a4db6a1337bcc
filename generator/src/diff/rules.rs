//! Small pure rules the comparison applies: which way a constraint moved, whether a
//! `required_when` condition widened, and which constraint a check of the generated crate
//! covers. What the crate checks, its Rust types and the shapes of its methods are read from
//! the Rust view (`views::rust`), as the emitter reads them.

use std::collections::BTreeSet;

use crate::model::number_text;
use crate::model::{Condition, Constraints};
use crate::views::rust::checks::ValueCheck;

/// One kind of value constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dim {
    /// A regular expression.
    Pattern,
    /// Minimum string length.
    MinLength,
    /// Maximum string length.
    MaxLength,
    /// Lower bound of a number.
    Minimum,
    /// Upper bound of a number.
    Maximum,
    /// Minimum number of list items.
    MinItems,
    /// Maximum number of list items.
    MaxItems,
    /// `format` as written (not expressed by the type).
    Format,
}

impl Dim {
    /// The constraint's name as the model writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Dim::Pattern => "pattern",
            Dim::MinLength => "min_length",
            Dim::MaxLength => "max_length",
            Dim::Minimum => "minimum",
            Dim::Maximum => "maximum",
            Dim::MinItems => "min_items",
            Dim::MaxItems => "max_items",
            Dim::Format => "format",
        }
    }
}

/// One constraint that differs between two versions of a value.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintChange {
    /// Which constraint.
    pub dim: Dim,
    /// The old setting, for display (`none` when absent).
    pub old: String,
    /// The new setting, for display.
    pub new: String,
    /// Whether a value that satisfied the old constraint may fail the new one. A changed
    /// pattern counts as tighter: regular expressions are not compared.
    pub tighter: bool,
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string())
        .unwrap_or_else(|| "none".to_owned())
}

/// Whether a bound moved tighter (`Some(true)`), looser (`Some(false)`) or not at all.
/// `lower` tells a minimum from a maximum; `exclusive` flags count as a tiny step inward.
pub fn bound_tighter(
    old: Option<(f64, bool)>,
    new: Option<(f64, bool)>,
    lower: bool,
) -> Option<bool> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some((a, ax)), Some((b, bx))) => {
            if a == b && ax == bx {
                return None;
            }
            let inward = if lower { b > a } else { b < a };
            Some(inward || (a == b && bx && !ax))
        }
    }
}

/// Every constraint that differs, in a fixed order.
pub fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<ConstraintChange> {
    let mut out = Vec::new();
    if old.pattern != new.pattern {
        out.push(ConstraintChange {
            dim: Dim::Pattern,
            old: show(old.pattern.as_deref().map(|p| format!("`{p}`"))),
            new: show(new.pattern.as_deref().map(|p| format!("`{p}`"))),
            tighter: new.pattern.is_some(),
        });
    }
    let lengths = [
        (Dim::MinLength, old.min_length, new.min_length, true),
        (Dim::MaxLength, old.max_length, new.max_length, false),
        (Dim::MinItems, old.min_items, new.min_items, true),
        (Dim::MaxItems, old.max_items, new.max_items, false),
    ];
    for (dim, a, b, lower) in lengths {
        let as_bound = |v: Option<u64>| v.map(|n| (n as f64, false));
        if let Some(tighter) = bound_tighter(as_bound(a), as_bound(b), lower) {
            out.push(ConstraintChange {
                dim,
                old: show(a),
                new: show(b),
                tighter,
            });
        }
    }
    let ranges = [
        (
            Dim::Minimum,
            old.minimum.map(|m| (m, old.exclusive_minimum)),
            new.minimum.map(|m| (m, new.exclusive_minimum)),
            true,
        ),
        (
            Dim::Maximum,
            old.maximum.map(|m| (m, old.exclusive_maximum)),
            new.maximum.map(|m| (m, new.exclusive_maximum)),
            false,
        ),
    ];
    for (dim, a, b, lower) in ranges {
        if let Some(tighter) = bound_tighter(a, b, lower) {
            let text = |v: Option<(f64, bool)>| match v {
                Some((x, true)) => format!("{} (exclusive)", number_text(x)),
                Some((x, false)) => number_text(x),
                None => "none".to_owned(),
            };
            out.push(ConstraintChange {
                dim,
                old: text(a),
                new: text(b),
                tighter,
            });
        }
    }
    if old.format != new.format {
        out.push(ConstraintChange {
            dim: Dim::Format,
            old: show(old.format.as_deref()),
            new: show(new.format.as_deref()),
            tighter: new.format.is_some(),
        });
    }
    out
}

/// The (parameter, value) pairs that make a parameter required. Any one suffices.
fn triggers(conditions: &[Condition]) -> BTreeSet<(&str, &str)> {
    conditions
        .iter()
        .flat_map(|c| c.values.iter().map(|v| (c.param.as_str(), v.as_str())))
        .collect()
}

/// Conditions as prose: `IntegrationType is studio or external`; `none` when empty.
pub fn describe_conditions(conditions: &[Condition]) -> String {
    if conditions.is_empty() {
        return "none".to_owned();
    }
    conditions
        .iter()
        .map(|c| format!("{} is {}", c.param, c.values.join(" or ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether `required_when` conditions changed, and if so whether they now require the
/// parameter in a case where it was optional before (tighter).
pub fn conditions_tighter(old: &[Condition], new: &[Condition]) -> Option<bool> {
    let (a, b) = (triggers(old), triggers(new));
    if a == b {
        None
    } else {
        Some(!b.is_subset(&a))
    }
}

/// Whether the crate's `checks` of a value (see [`value_checks`]) check the constraint
/// `dim`: each check covers the bounds it has, and `format` is never checked.
///
/// [`value_checks`]: crate::views::rust::checks::value_checks
pub fn checked(checks: &[ValueCheck], dim: Dim) -> bool {
    checks.iter().any(|c| match (c, dim) {
        (ValueCheck::Length { min, .. }, Dim::MinLength) => min.is_some(),
        (ValueCheck::Length { max, .. }, Dim::MaxLength) => max.is_some(),
        (ValueCheck::Pattern(_), Dim::Pattern) => true,
        (ValueCheck::Range { min, .. }, Dim::Minimum) => min.is_some(),
        (ValueCheck::Range { max, .. }, Dim::Maximum) => max.is_some(),
        (ValueCheck::Items { min, .. }, Dim::MinItems) => min.is_some(),
        (ValueCheck::Items { max, .. }, Dim::MaxItems) => max.is_some(),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(param: &str, values: &[&str]) -> Condition {
        Condition {
            param: param.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn bounds_move_inward_or_outward() {
        assert_eq!(bound_tighter(None, None, true), None);
        assert_eq!(bound_tighter(None, Some((1.0, false)), true), Some(true));
        assert_eq!(bound_tighter(Some((1.0, false)), None, false), Some(false));
        assert_eq!(
            bound_tighter(Some((0.0, false)), Some((1.0, false)), true),
            Some(true)
        );
        assert_eq!(
            bound_tighter(Some((3.0, false)), Some((5.0, false)), false),
            Some(false)
        );
        assert_eq!(
            bound_tighter(Some((3.0, false)), Some((3.0, true)), false),
            Some(true)
        );
        assert_eq!(
            bound_tighter(Some((3.0, true)), Some((3.0, false)), false),
            Some(false)
        );
        assert_eq!(
            bound_tighter(Some((3.0, true)), Some((3.0, true)), true),
            None
        );
    }

    #[test]
    fn constraint_changes_list_each_dimension() {
        let old = Constraints {
            maximum: Some(3.0),
            max_length: Some(34),
            ..Constraints::default()
        };
        let new = Constraints {
            pattern: Some("^a$".into()),
            maximum: Some(5.0),
            max_length: Some(20),
            ..Constraints::default()
        };
        let changes = constraint_changes(&old, &new);
        let summary: Vec<(Dim, &str, &str, bool)> = changes
            .iter()
            .map(|c| (c.dim, c.old.as_str(), c.new.as_str(), c.tighter))
            .collect();
        assert_eq!(
            summary,
            [
                (Dim::Pattern, "none", "`^a$`", true),
                (Dim::MaxLength, "34", "20", true),
                (Dim::Maximum, "3", "5", false),
            ]
        );
        assert!(constraint_changes(&old, &old).is_empty());
        let removed = constraint_changes(&new, &Constraints::default());
        assert!(removed.iter().all(|c| !c.tighter));
    }

    #[test]
    fn conditions_widen_or_narrow() {
        let studio = [cond("IntegrationType", &["studio"])];
        let both = [cond("IntegrationType", &["studio", "external"])];
        assert_eq!(conditions_tighter(&studio, &studio), None);
        assert_eq!(conditions_tighter(&studio, &both), Some(true));
        assert_eq!(conditions_tighter(&both, &studio), Some(false));
        assert_eq!(conditions_tighter(&[], &studio), Some(true));
        assert_eq!(conditions_tighter(&studio, &[]), Some(false));
        let other = [cond("IntegrationType", &["task"])];
        assert_eq!(conditions_tighter(&studio, &other), Some(true));
        assert_eq!(
            describe_conditions(&both),
            "IntegrationType is studio or external"
        );
        assert_eq!(describe_conditions(&[]), "none");
    }

    #[test]
    fn a_check_covers_the_bounds_it_has() {
        let length = [ValueCheck::Length {
            min: None,
            max: Some(34),
        }];
        assert!(checked(&length, Dim::MaxLength));
        assert!(!checked(&length, Dim::MinLength));
        assert!(!checked(&length, Dim::Pattern));
        let range = [ValueCheck::Range {
            min: Some(1.0),
            max: None,
            exclusive_min: true,
            exclusive_max: false,
        }];
        assert!(checked(&range, Dim::Minimum));
        assert!(!checked(&range, Dim::Maximum));
        let items = [ValueCheck::Items {
            min: Some(1),
            max: Some(3),
        }];
        assert!(checked(&items, Dim::MinItems) && checked(&items, Dim::MaxItems));
        assert!(checked(&[ValueCheck::Pattern("^a$".into())], Dim::Pattern));
        assert!(!checked(&[], Dim::Format));
    }
}
