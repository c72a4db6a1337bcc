//! Facts the spec states only in descriptions, derived by pattern (never by resource name):
//!
//! - "Required when `integrationType` is `studio`." -> a conditional requirement;
//! - "Optional when `integrationType` is `task`, not applicable otherwise." -> applicability;
//! - "Takes integer values from 0 to 3" -> an inclusive range.

use std::sync::LazyLock;

// Byte regexes without Unicode classes: every delimiter is ASCII, so matches on UTF-8 text are
// the same and compiling the patterns costs a fraction of the Unicode-aware ones.
use regex::bytes::Regex;

/// A condition as written: the referenced name (as in the prose, e.g. `integrationType`)
/// and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseCondition {
    /// The name as written in the description.
    pub param: String,
    /// The values listed.
    pub values: Vec<String>,
}

static REQUIRED_WHEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\brequired (?:when|if) `([A-Za-z0-9_.]+)` is ((?:`[^`]+`(?:,? or |, )?)+)")
        .expect("static regex")
});
static APPLIES_WHEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\boptional (?:when|if) `([A-Za-z0-9_.]+)` is ((?:`[^`]+`(?:,? or |, )?)+),? (?:and )?not applicable otherwise",
    )
    .expect("static regex")
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:takes|accepts) (?:integer |numeric )?values? (?:from|between) (-?\d+) (?:to|and) (-?\d+)")
        .expect("static regex")
});
static TICKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)`([^`]+)`").expect("static regex"));

/// A capture as text (the input is UTF-8 and captures end at ASCII delimiters).
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn conditions(re: &Regex, description: &str) -> Vec<ProseCondition> {
    re.captures_iter(description.as_bytes())
        .map(|c| ProseCondition {
            param: text(&c[1]),
            values: TICKED.captures_iter(&c[2]).map(|v| text(&v[1])).collect(),
        })
        .collect()
}

/// "Required when `x` is `a` or `b`" conditions.
pub fn required_when(description: &str) -> Vec<ProseCondition> {
    conditions(&REQUIRED_WHEN, description)
}

/// "Optional when `x` is `a`, not applicable otherwise" conditions.
pub fn applies_when(description: &str) -> Vec<ProseCondition> {
    conditions(&APPLIES_WHEN, description)
}

/// "Takes integer values from 0 to 3" -> `(0, 3)`.
pub fn range(description: &str) -> Option<(i64, i64)> {
    let c = RANGE.captures(description.as_bytes())?;
    let lo: i64 = text(&c[1]).parse().ok()?;
    let hi: i64 = text(&c[2]).parse().ok()?;
    (lo <= hi).then_some((lo, hi))
}

/// Whether a name written in prose (`integrationType`) denotes a wire name (`IntegrationType`):
/// equal ignoring case and punctuation.
pub fn same_name(prose: &str, wire: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(prose) == norm(wire)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_when_one_value() {
        let c = required_when(
            "The SID of the Studio Flow. Required when `integrationType` is `studio`.",
        );
        assert_eq!(
            c,
            vec![ProseCondition {
                param: "integrationType".into(),
                values: vec!["studio".into()]
            }]
        );
    }

    #[test]
    fn applicable_and_required_counts_as_required() {
        let c = required_when("Applicable and required when `integrationType` is `task`. The default value is `default`.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].values, vec!["task"]);
    }

    #[test]
    fn applies_when_lists_values() {
        let text = "Takes integer values from 0 to 3 with the default being 3. Optional when `integrationType` is `studio` or `external`, not applicable otherwise.";
        let c = applies_when(text);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].param, "integrationType");
        assert_eq!(c[0].values, vec!["studio", "external"]);
        assert!(required_when(text).is_empty());
        assert_eq!(range(text), Some((0, 3)));
    }

    #[test]
    fn three_values_with_commas() {
        let c = required_when("Required when `Kind` is `a`, `b`, or `c`.");
        assert_eq!(c[0].values, vec!["a", "b", "c"]);
    }

    #[test]
    fn no_false_positives() {
        assert!(required_when("Whether the new Flex Flow is enabled.").is_empty());
        assert_eq!(range("How many resources to return in each list page. The default is 50, and the maximum is 1000."), None);
        assert_eq!(range("Takes values from 5 to 1"), None);
    }

    #[test]
    fn names_match_across_cases() {
        assert!(same_name("integrationType", "IntegrationType"));
        assert!(same_name("integration.url", "Integration.Url"));
        assert!(!same_name("integration", "IntegrationType"));
    }
}
