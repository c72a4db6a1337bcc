//! SID types: strings of a two-letter prefix and 32 hex digits (`^FO[0-9a-fA-F]{32}$`).
//!
//! Every field and parameter with such a pattern shares one type per prefix. The type's name
//! comes from how the spec uses the prefix: a resource's own `sid` names it after the
//! resource (`flex_flow_sid`), other uses by their field name (`chat_service_sid`).

use std::collections::{BTreeMap, BTreeSet};

use super::SidType;

/// The prefix of a SID pattern, or `None` when the pattern is not a SID pattern.
pub fn sid_prefix(pattern: &str) -> Option<&str> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let prefix = body.get(..2)?;
    (is_prefix(prefix) && is_hex_32(&body[2..])).then_some(prefix)
}

/// The prefixes of a pattern that allows several (`^(SM|MM)[0-9a-fA-F]{32}$`, a Message's
/// SID), in the pattern's order; a SID pattern gives its one prefix. Such a field is no SID
/// type (no one prefix checks it), but what Twilio assigns still starts with one of these.
pub fn sid_alternatives(pattern: &str) -> Option<Vec<&str>> {
    if let Some(prefix) = sid_prefix(pattern) {
        return Some(vec![prefix]);
    }
    let body = pattern.strip_prefix("^(")?.strip_suffix('$')?;
    let (alternatives, rest) = body.split_once(')')?;
    let prefixes: Vec<&str> = alternatives.split('|').collect();
    (prefixes.iter().all(|p| is_prefix(p)) && is_hex_32(rest)).then_some(prefixes)
}

fn is_prefix(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_hex_32(text: &str) -> bool {
    matches!(
        text,
        "[0-9a-fA-F]{32}" | "[a-fA-F0-9]{32}" | "[0-9a-f]{32}" | "[a-f0-9]{32}" | "[0-9A-Fa-f]{32}"
    )
}

/// One use of a SID pattern.
#[derive(Debug, Clone)]
pub struct SidUse {
    /// The prefix.
    pub prefix: String,
    /// The pattern as written.
    pub pattern: String,
    /// The name this use suggests (`chat_service_sid`).
    pub candidate: String,
    /// Where it is used, for the model's `used_by`.
    pub site: String,
}

/// The name a field or parameter suggests for its SID type. `owner` is the resource or model
/// that holds it; a bare `sid` (or `sids`) is the owner's own SID.
pub fn candidate_name(owner: &str, snake_name: &str) -> String {
    let base = snake_name
        .strip_suffix('s')
        .filter(|b| b.ends_with("_sid"))
        .unwrap_or(snake_name);
    match base {
        "sid" => format!("{owner}_sid"),
        b if b.ends_with("_sid") => b.to_owned(),
        b => format!("{b}_sid"),
    }
}

/// Names one SID type per prefix. Each prefix takes its most used candidate name that no
/// other prefix has taken (ties: alphabetical), else `sid_<prefix>`.
pub fn assign(uses: &[SidUse]) -> Vec<SidType> {
    struct Acc {
        pattern: String,
        counts: BTreeMap<String, usize>,
        sites: BTreeSet<String>,
    }
    let mut by_prefix: BTreeMap<&str, Acc> = BTreeMap::new();
    for u in uses {
        let acc = by_prefix.entry(&u.prefix).or_insert_with(|| Acc {
            pattern: u.pattern.clone(),
            counts: BTreeMap::new(),
            sites: BTreeSet::new(),
        });
        *acc.counts.entry(u.candidate.clone()).or_default() += 1;
        acc.sites.insert(u.site.clone());
    }
    // Prefixes with the strongest claim choose first, so a popular name goes to its main user.
    let mut order: Vec<(&str, usize)> = by_prefix
        .iter()
        .map(|(p, a)| (*p, a.counts.values().copied().max().unwrap_or(0)))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    for (prefix, _) in order {
        let acc = &by_prefix[prefix];
        let mut candidates: Vec<(&String, &usize)> = acc.counts.iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let name = candidates
            .iter()
            .map(|(n, _)| (*n).clone())
            .find(|n| !taken.contains(n))
            .unwrap_or_else(|| format!("sid_{}", prefix.to_ascii_lowercase()));
        taken.insert(name.clone());
        names.insert(prefix, name);
    }
    by_prefix
        .into_iter()
        .map(|(prefix, acc)| SidType {
            prefix: prefix.to_owned(),
            name: names
                .remove(prefix)
                .unwrap_or_else(|| format!("sid_{}", prefix.to_ascii_lowercase())),
            pattern: acc.pattern,
            used_by: acc.sites.into_iter().collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_of(prefix: &str, candidate: &str, site: &str) -> SidUse {
        SidUse {
            prefix: prefix.into(),
            pattern: format!("^{prefix}[0-9a-fA-F]{{32}}$"),
            candidate: candidate.into(),
            site: site.into(),
        }
    }

    #[test]
    fn prefixes_come_from_sid_patterns_only() {
        assert_eq!(sid_prefix("^FO[0-9a-fA-F]{32}$"), Some("FO"));
        assert_eq!(sid_prefix("^AC[0-9a-fA-F]{32}$"), Some("AC"));
        assert_eq!(sid_prefix("^FO[0-9a-fA-F]{31}$"), None);
        assert_eq!(sid_prefix("^fo[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("FO[0-9a-fA-F]{32}"), None);
        assert_eq!(sid_prefix("^[a-z]+$"), None);
        assert_eq!(sid_prefix("^F"), None);
        assert_eq!(sid_prefix("^(SM|MM)[0-9a-fA-F]{32}$"), None);
    }

    #[test]
    fn alternatives_give_each_prefix_in_order() {
        assert_eq!(
            sid_alternatives("^(SM|MM)[0-9a-fA-F]{32}$"),
            Some(vec!["SM", "MM"])
        );
        assert_eq!(sid_alternatives("^CA[0-9a-fA-F]{32}$"), Some(vec!["CA"]));
        assert_eq!(sid_alternatives("^(SM|mm)[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_alternatives("^(SM|MM)[0-9]{5}$"), None);
        assert_eq!(sid_alternatives("^(SM|MM)"), None);
        assert_eq!(sid_alternatives("^[a-z]+$"), None);
    }

    #[test]
    fn candidates_follow_the_field_name() {
        assert_eq!(candidate_name("flex_flow", "sid"), "flex_flow_sid");
        assert_eq!(
            candidate_name("flex_flow", "chat_service_sid"),
            "chat_service_sid"
        );
        assert_eq!(candidate_name("question", "question_sids"), "question_sid");
        assert_eq!(candidate_name("x", "participant"), "participant_sid");
    }

    #[test]
    fn one_type_per_prefix_named_by_its_main_use() {
        let sids = assign(&[
            use_of("FO", "flex_flow_sid", "flex_flow.sid"),
            use_of("FO", "flex_flow_sid", "FetchFlexFlow.Sid"),
            use_of("IS", "chat_service_sid", "flex_flow.chat_service_sid"),
            use_of("IS", "chat_service_sid", "CreateFlexFlow.ChatServiceSid"),
            use_of("FW", "flow_sid", "CreateFlexFlow.Integration.FlowSid"),
        ]);
        let names: Vec<(&str, &str)> = sids
            .iter()
            .map(|s| (s.prefix.as_str(), s.name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("FO", "flex_flow_sid"),
                ("FW", "flow_sid"),
                ("IS", "chat_service_sid")
            ]
        );
        assert_eq!(sids[0].used_by, vec!["FetchFlexFlow.Sid", "flex_flow.sid"]);
    }

    #[test]
    fn a_name_claimed_twice_goes_to_the_stronger_claim() {
        let sids = assign(&[
            use_of("AA", "plugin_sid", "a"),
            use_of("BB", "plugin_sid", "b"),
            use_of("BB", "plugin_sid", "c"),
        ]);
        let aa = sids.iter().find(|s| s.prefix == "AA").unwrap();
        let bb = sids.iter().find(|s| s.prefix == "BB").unwrap();
        assert_eq!(bb.name, "plugin_sid");
        assert_eq!(aa.name, "sid_aa");
    }
}
