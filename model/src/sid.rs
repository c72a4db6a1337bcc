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

/// Names one SID type per prefix, from what declares it rather than from what happens to use
/// it, so a name does not move when a resource is added or removed.
///
/// `declared` are the SID properties of the spec's component schemas (every one, used or
/// not): a prefix some schema declares is named from those alone: a schema's own `sid`
/// (`key_sid` for `…account.key`'s `sid`) first, then the name most schemas declare
/// (`transcript_sid` over `media_sid` when others refer to transcripts), then the shortest,
/// the most general (`chat_service_sid` before `chat_service_instance_sid`). A prefix no schema
/// declares is named from `uses` (parameters and inline schemas), its most used candidate.
/// Ties go to the alphabetically first name; a name another prefix holds (prefixes choose
/// in alphabetical order) gives way to the next candidate, else `sid_<prefix>`.
pub fn assign(uses: &[SidUse], declared: &[SidUse]) -> Vec<SidType> {
    struct Acc {
        pattern: String,
        counts: BTreeMap<String, usize>,
        /// Declared candidates: whether one is a schema's own `sid`, and how many declare it.
        declared: BTreeMap<String, (bool, usize)>,
        sites: BTreeSet<String>,
    }
    let mut by_prefix: BTreeMap<&str, Acc> = BTreeMap::new();
    for u in uses {
        let acc = by_prefix.entry(&u.prefix).or_insert_with(|| Acc {
            pattern: u.pattern.clone(),
            counts: BTreeMap::new(),
            declared: BTreeMap::new(),
            sites: BTreeSet::new(),
        });
        *acc.counts.entry(u.candidate.clone()).or_default() += 1;
        acc.sites.insert(u.site.clone());
    }
    for d in declared {
        // Only prefixes something uses get a type.
        if let Some(acc) = by_prefix.get_mut(d.prefix.as_str()) {
            let own = d.site.ends_with("/properties/sid");
            let entry = acc.declared.entry(d.candidate.clone()).or_default();
            entry.0 |= own;
            entry.1 += 1;
        }
    }
    // Prefixes choose in alphabetical order: a prefix's name depends on what declares and
    // uses it, not on how popular another prefix is.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    for (prefix, acc) in &by_prefix {
        let candidates: Vec<&String> = if acc.declared.is_empty() {
            let mut c: Vec<(&String, &usize)> = acc.counts.iter().collect();
            c.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            c.into_iter().map(|(n, _)| n).collect()
        } else {
            let mut c: Vec<(&String, &(bool, usize))> = acc.declared.iter().collect();
            c.sort_by(|a, b| {
                (b.1)
                    .0
                    .cmp(&(a.1).0)
                    .then((b.1).1.cmp(&(a.1).1))
                    .then(a.0.len().cmp(&b.0.len()))
                    .then(a.0.cmp(b.0))
            });
            c.into_iter().map(|(n, _)| n).collect()
        };
        let name = candidates
            .into_iter()
            .find(|n| !taken.contains(*n))
            .cloned()
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
        let sids = assign(
            &[
                use_of("FO", "flex_flow_sid", "flex_flow.sid"),
                use_of("FO", "flex_flow_sid", "FetchFlexFlow.Sid"),
                use_of("IS", "chat_service_sid", "flex_flow.chat_service_sid"),
                use_of("IS", "chat_service_sid", "CreateFlexFlow.ChatServiceSid"),
                use_of("FW", "flow_sid", "CreateFlexFlow.Integration.FlowSid"),
            ],
            &[],
        );
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
    fn a_name_claimed_twice_goes_to_the_first_prefix() {
        let sids = assign(
            &[
                use_of("AA", "plugin_sid", "a"),
                use_of("BB", "plugin_sid", "b"),
                use_of("BB", "plugin_sid", "c"),
            ],
            &[],
        );
        let aa = sids.iter().find(|s| s.prefix == "AA").unwrap();
        let bb = sids.iter().find(|s| s.prefix == "BB").unwrap();
        assert_eq!(aa.name, "plugin_sid");
        assert_eq!(bb.name, "sid_bb");
    }

    /// What schemas declare names a prefix, whatever uses it: a schema's own `sid` first.
    #[test]
    fn declared_sids_name_their_prefix_whatever_uses_it() {
        let uses = [
            use_of("SK", "signing_key_sid", "CreateSigningKey.Sid"),
            use_of("SK", "signing_key_sid", "FetchSigningKey.Sid"),
            use_of("IS", "chat_service_sid", "flex_flow.chat_service_sid"),
        ];
        let declared = [
            use_of(
                "SK",
                "key_sid",
                "#/components/schemas/api.key/properties/sid",
            ),
            use_of(
                "SK",
                "signing_key_sid",
                "#/components/schemas/api.signing_key/properties/sid",
            ),
            use_of(
                "SK",
                "new_key_sid",
                "#/components/schemas/api.new_key/properties/key_sid",
            ),
            use_of(
                "SK",
                "new_key_sid",
                "#/components/schemas/api.other/properties/key_sid",
            ),
        ];
        let sids = assign(&uses, &declared);
        let name = |p: &str| sids.iter().find(|s| s.prefix == p).map(|s| s.name.as_str());
        // Own SIDs outweigh references; between two, the shorter.
        assert_eq!(name("SK"), Some("key_sid"));
        assert_eq!(name("IS"), Some("chat_service_sid"));
        // Fewer uses change nothing for a declared prefix.
        let sids = assign(&uses[..1], &declared);
        assert_eq!(sids.len(), 1);
        assert_eq!(sids[0].name, "key_sid");
        // A prefix nothing uses has no type.
        assert!(assign(&[], &declared).is_empty());
    }
}
