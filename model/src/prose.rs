//! Facts the spec states only in descriptions, derived by pattern (never by resource name):
//!
//! - "Required when `integrationType` is `studio`." -> a conditional requirement;
//! - "Optional when `integrationType` is `task`, not applicable otherwise." -> applicability;
//! - "Takes integer values from 0 to 3" -> an inclusive range.

/// A condition as written: the referenced name (as in the prose, e.g. `integrationType`)
/// and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseCondition {
    /// The name as written in the description.
    pub param: String,
    /// The values listed.
    pub values: Vec<String>,
}

/// A cursor over a description. Keywords match ASCII case-insensitively; names and values
/// are taken from the text as written.
struct Cursor<'a> {
    text: &'a str,
    /// `text` in ASCII lower case (same byte offsets).
    lower: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, lower: &'a str, at: usize) -> Self {
        Cursor { text, lower, at }
    }

    /// Consumes one of `words` (lower case) if the text continues with it.
    fn word(&mut self, words: &[&str]) -> bool {
        for w in words {
            if self.lower[self.at..].starts_with(w) {
                self.at += w.len();
                return true;
            }
        }
        false
    }

    /// Consumes `` `name` `` and returns `name`, if `ok` accepts every character.
    fn ticked(&mut self, ok: impl Fn(char) -> bool) -> Option<&'a str> {
        let rest = self.text.get(self.at..)?.strip_prefix('`')?;
        let end = rest.find('`')?;
        let inner = &rest[..end];
        if inner.is_empty() || !inner.chars().all(ok) {
            return None;
        }
        self.at += end + 2;
        Some(inner)
    }

    /// Consumes a possibly negative integer.
    fn int(&mut self) -> Option<i64> {
        let rest = &self.text[self.at..];
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        let len = digits.len()
            - digits
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        if len == 0 {
            return None;
        }
        let total = len + (rest.len() - digits.len());
        let value = rest[..total].parse().ok()?;
        self.at += total;
        Some(value)
    }

    /// Consumes `` `a` ``, `` `a` or `b` ``, `` `a`, `b`, or `c` ``.
    fn values(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(v) = self.ticked(|c| c != '`') {
            out.push(v.to_owned());
            let before = self.at;
            if !self.word(&[", or ", " or ", ", "]) {
                break;
            }
            if !self.text[self.at..].starts_with('`') {
                self.at = before;
                break;
            }
        }
        out
    }
}

/// Offsets where `phrase` (lower case) starts a word in `lower` (a lower-cased text).
fn starts(lower: &str, phrase: &str) -> Vec<usize> {
    lower
        .match_indices(phrase)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric())
        .collect()
}

/// `<keyword> when|if `name` is <values>`, at each place `keyword` starts a word.
fn conditions(
    description: &str,
    keyword: &str,
    then: impl Fn(&mut Cursor) -> bool,
) -> Vec<ProseCondition> {
    let mut out = Vec::new();
    let lower = description.to_ascii_lowercase();
    for at in starts(&lower, keyword) {
        let mut c = Cursor::new(description, &lower, at + keyword.len());
        if !c.word(&[" when ", " if "]) {
            continue;
        }
        let Some(param) = c.ticked(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')
        else {
            continue;
        };
        if !c.word(&[" is "]) {
            continue;
        }
        let values = c.values();
        if !values.is_empty() && then(&mut c) {
            out.push(ProseCondition {
                param: param.to_owned(),
                values,
            });
        }
    }
    out
}

/// "Required when `x` is `a` or `b`" conditions.
pub fn required_when(description: &str) -> Vec<ProseCondition> {
    conditions(description, "required", |_| true)
}

/// "Optional when `x` is `a`, not applicable otherwise" conditions.
pub fn applies_when(description: &str) -> Vec<ProseCondition> {
    conditions(description, "optional", |c| {
        c.word(&[","]);
        c.word(&[" "]);
        c.word(&["and "]);
        c.word(&["not applicable otherwise"])
    })
}

/// "Takes integer values from 0 to 3" -> `(0, 3)`.
pub fn range(description: &str) -> Option<(i64, i64)> {
    let lower = description.to_ascii_lowercase();
    for keyword in ["takes", "accepts"] {
        for at in starts(&lower, keyword) {
            let mut c = Cursor::new(description, &lower, at + keyword.len());
            let found = c.word(&[" "])
                && {
                    c.word(&["integer ", "numeric "]);
                    c.word(&["values ", "value "])
                }
                && c.word(&["from ", "between "]);
            if !found {
                continue;
            }
            let Some(lo) = c.int() else { continue };
            if !c.word(&[" to ", " and "]) {
                continue;
            }
            let Some(hi) = c.int() else { continue };
            if lo <= hi {
                return Some((lo, hi));
            }
        }
    }
    None
}

/// The default a description states: "Defaults to `false`", "The default value is `default`",
/// "The default is 50", "with the default being 3" -> the value's text (`86,400` -> `86400`).
pub fn default_value(description: &str) -> Option<String> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\bdefaults?(?: value)?\s+(?:to|is|being)\s+(?:`([^`]+)`|(true|false|-?[0-9][0-9,]*)\b)",
        )
        .expect("the pattern compiles")
    });
    let caps = RE.captures(description)?;
    match (caps.get(1), caps.get(2)) {
        (Some(quoted), _) => Some(quoted.as_str().to_owned()),
        (None, Some(bare)) => Some(bare.as_str().replace(',', "")),
        (None, None) => None,
    }
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
    #[test]
    fn defaults_are_read_from_prose() {
        assert_eq!(
            default_value("Defaults to `false`.").as_deref(),
            Some("false")
        );
        assert_eq!(
            default_value("The task channel. The default value is `default`.").as_deref(),
            Some("default")
        );
        assert_eq!(
            default_value("Takes integer values from 0 to 3 with the default being 3.").as_deref(),
            Some("3")
        );
        assert_eq!(
            default_value("Default is 86,400 seconds (24 hours).").as_deref(),
            Some("86400")
        );
        assert_eq!(
            default_value("How many resources to return in each list page. The default is 50, and the maximum is 1000.").as_deref(),
            Some("50")
        );
        assert_eq!(default_value("The default priority is 0."), None);
        assert_eq!(default_value("Whether it is enabled."), None);
    }

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
    fn variants_of_the_phrases() {
        assert_eq!(required_when("REQUIRED IF `Kind` is `a`.")[0].param, "Kind");
        assert!(required_when("Notrequired when `Kind` is `a`.").is_empty());
        assert!(required_when("Required when `Kind` is not set.").is_empty());
        assert_eq!(
            required_when("Required when `A` is `x`. Required when `B` is `y`.").len(),
            2
        );
        assert!(applies_when("Optional when `Kind` is `a`.").is_empty());
        assert_eq!(range("Accepts values between -5 and 10."), Some((-5, 10)));
        assert_eq!(range("Takes value from 1 to 1"), Some((1, 1)));
        assert_eq!(range("takes values from x to 3"), None);
    }

    #[test]
    fn names_match_across_cases() {
        assert!(same_name("integrationType", "IntegrationType"));
        assert!(same_name("integration.url", "Integration.Url"));
        assert!(!same_name("integration", "IntegrationType"));
    }
}
