//! Dotted parameters: `Integration.Url`, `Integration.FlowSid`, ... form one group
//! `Integration`; `Notifications.AddedToChannel.Enabled` nests two levels deep; numbered
//! prefixes with the same members (`Parameter1.Name` ... `Parameter99.Name`) form one
//! indexed group standing for a list. Members always keep their wire names.

use indexmap::IndexMap;

use super::names::split_index;
use super::{Param, ParamGroup};

/// A dotted name that cannot be grouped (an empty segment, as in `Integration.` or `.Url`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid dotted parameter name `{name}`: {reason}")]
pub struct DottedError {
    /// The wire name.
    pub name: String,
    /// Why it is invalid.
    pub reason: &'static str,
}

#[derive(Default)]
struct Node {
    params: Vec<Param>,
    children: IndexMap<String, Node>,
}

/// Splits parameters into plain ones and dotted groups, keeping first-appearance order.
pub fn group(params: Vec<Param>) -> Result<(Vec<Param>, Vec<ParamGroup>), DottedError> {
    let mut plain = Vec::new();
    let mut root = Node::default();
    for p in params {
        if !p.name.contains('.') {
            plain.push(p);
            continue;
        }
        let segments: Vec<&str> = p.name.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            let reason = if p.name.starts_with('.') {
                "it starts with a dot"
            } else if p.name.ends_with('.') {
                "it ends with a dot"
            } else {
                "it has two dots in a row"
            };
            return Err(DottedError {
                name: p.name.clone(),
                reason,
            });
        }
        let mut node = &mut root;
        for seg in &segments[..segments.len() - 1] {
            node = node.children.entry((*seg).to_owned()).or_default();
        }
        node.params.push(p);
    }
    let groups = root
        .children
        .into_iter()
        .map(|(name, node)| to_group(name.clone(), name, node))
        .collect();
    Ok((plain, collapse_indexed(groups)))
}

fn to_group(name: String, prefix: String, node: Node) -> ParamGroup {
    let groups: Vec<ParamGroup> = node
        .children
        .into_iter()
        .map(|(child, n)| {
            let p = format!("{prefix}.{child}");
            to_group(child, p, n)
        })
        .collect();
    let groups = collapse_indexed(groups);
    let required = node.params.iter().any(|p| p.required) || groups.iter().any(|g| g.required);
    ParamGroup {
        name,
        prefix,
        indexed: None,
        required,
        params: node.params,
        groups,
    }
}

/// The structure of a group, relative to itself: member keys with their types, recursively.
fn shape(g: &ParamGroup) -> Vec<String> {
    let mut out: Vec<String> = g
        .params
        .iter()
        .map(|p| format!("{}:{}", g.member_key(p), p.ty))
        .collect();
    for sub in &g.groups {
        let tag = if sub.indexed.is_some() { "[]" } else { "" };
        out.extend(
            shape(sub)
                .into_iter()
                .map(|s| format!("{}{tag}.{s}", sub.name)),
        );
    }
    out
}

/// Merges sibling groups `Base1`, `Base2`, ... `BaseN` with identical shapes into one
/// indexed group `Base` (numbers contiguous, at least two groups).
fn collapse_indexed(groups: Vec<ParamGroup>) -> Vec<ParamGroup> {
    let mut by_base: IndexMap<String, Vec<(u32, usize)>> = IndexMap::new();
    for (i, g) in groups.iter().enumerate() {
        if let Some((base, n)) = split_index(&g.name) {
            by_base.entry(base.to_owned()).or_default().push((n, i));
        }
    }
    let mut merged_into: IndexMap<usize, (String, u32, u32)> = IndexMap::new();
    let mut dropped = vec![false; groups.len()];
    for (base, mut members) in by_base {
        if members.len() < 2 || groups.iter().any(|g| g.name == base) {
            continue;
        }
        members.sort();
        let contiguous = members.windows(2).all(|w| w[1].0 == w[0].0 + 1);
        let first_shape = shape(&groups[members[0].1]);
        if !contiguous
            || members
                .iter()
                .any(|(_, i)| shape(&groups[*i]) != first_shape)
        {
            continue;
        }
        let (lo, hi) = (members[0].0, members[members.len() - 1].0);
        merged_into.insert(members[0].1, (base, lo, hi));
        for (_, i) in &members[1..] {
            dropped[*i] = true;
        }
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !dropped[*i])
        .map(|(i, mut g)| {
            if let Some((base, lo, hi)) = merged_into.swap_remove(&i) {
                let cut = g.prefix.len() - g.name.len();
                g.prefix = format!("{}{}", &g.prefix[..cut], base);
                g.name = base;
                g.indexed = Some((lo, hi));
            }
            g
        })
        .collect()
}

/// Merges `from` into `into` by prefix: members missing from `into` are added. Used to make
/// one type per group for a resource, shared by all its operations and its responses.
/// Merged members are never required: requirements stay per operation.
pub fn merge(into: &mut Vec<ParamGroup>, from: &[ParamGroup]) {
    for g in from {
        match into
            .iter_mut()
            .find(|x| x.prefix == g.prefix && x.indexed.is_some() == g.indexed.is_some())
        {
            Some(existing) => {
                for p in &g.params {
                    if !existing.params.iter().any(|e| e.name == p.name) {
                        let mut p = p.clone();
                        p.required = false;
                        existing.params.push(p);
                    }
                }
                if let (Some((a, b)), Some((c, d))) = (existing.indexed, g.indexed) {
                    existing.indexed = Some((a.min(c), b.max(d)));
                }
                merge(&mut existing.groups, &g.groups);
            }
            None => {
                let mut g = g.clone();
                unrequire(&mut g);
                into.push(g);
            }
        }
    }
}

fn unrequire(g: &mut ParamGroup) {
    g.required = false;
    for p in &mut g.params {
        p.required = false;
    }
    for sub in &mut g.groups {
        unrequire(sub);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Constraints, ParamLocation, Type};

    fn param(name: &str) -> Param {
        Param {
            name: name.into(),
            location: ParamLocation::Body,
            ty: Type::String,
            required: false,
            deprecated: false,
            description: None,
            constraints: Constraints::default(),
            required_when: vec![],
            applies_when: vec![],
            pii: None,
            default: None,
        }
    }

    fn names(ps: &[Param]) -> Vec<&str> {
        ps.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn one_level_groups_keep_wire_names_and_order() {
        let (plain, groups) = group(vec![
            param("FriendlyName"),
            param("Integration.FlowSid"),
            param("Enabled"),
            param("Integration.Url"),
            param("Integration.RetryCount"),
        ])
        .unwrap();
        assert_eq!(names(&plain), vec!["FriendlyName", "Enabled"]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].name, "Integration");
        assert_eq!(groups[0].prefix, "Integration");
        assert_eq!(
            names(&groups[0].params),
            vec![
                "Integration.FlowSid",
                "Integration.Url",
                "Integration.RetryCount"
            ]
        );
        assert_eq!(groups[0].member_key(&groups[0].params[2]), "RetryCount");
    }

    #[test]
    fn two_level_nesting() {
        let (plain, groups) = group(vec![
            param("Notifications.AddedToChannel.Enabled"),
            param("Notifications.AddedToChannel.Template"),
            param("Notifications.NewMessage.Enabled"),
            param("Notifications.LogEnabled"),
        ])
        .unwrap();
        assert!(plain.is_empty());
        let n = &groups[0];
        assert_eq!(n.name, "Notifications");
        assert_eq!(names(&n.params), vec!["Notifications.LogEnabled"]);
        assert_eq!(n.groups.len(), 2);
        assert_eq!(n.groups[0].name, "AddedToChannel");
        assert_eq!(n.groups[0].prefix, "Notifications.AddedToChannel");
        assert_eq!(
            names(&n.groups[0].params),
            vec![
                "Notifications.AddedToChannel.Enabled",
                "Notifications.AddedToChannel.Template"
            ]
        );
        assert_eq!(n.groups[1].prefix, "Notifications.NewMessage");
    }

    #[test]
    fn works_for_any_prefix_and_depth() {
        let (_, groups) = group(vec![param("A.B.C.D"), param("X.Y")]).unwrap();
        assert_eq!(groups[0].groups[0].groups[0].prefix, "A.B.C");
        assert_eq!(
            names(&groups[0].groups[0].groups[0].params),
            vec!["A.B.C.D"]
        );
        assert_eq!(groups[1].prefix, "X");
    }

    #[test]
    fn empty_segments_are_errors() {
        for bad in ["Integration.", ".Url", "Integration..Url", "."] {
            let err = group(vec![param(bad)]).unwrap_err();
            assert_eq!(err.name, bad);
            assert!(err.to_string().contains(bad));
        }
    }

    #[test]
    fn numbered_groups_collapse_into_one_list() {
        let mut ps = Vec::new();
        for i in 1..=99 {
            ps.push(param(&format!("Parameter{i}.Name")));
            ps.push(param(&format!("Parameter{i}.Value")));
        }
        let (_, groups) = group(ps).unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].name, "Parameter");
        assert_eq!(groups[0].indexed, Some((1, 99)));
        assert_eq!(
            names(&groups[0].params),
            vec!["Parameter1.Name", "Parameter1.Value"]
        );
    }

    #[test]
    fn numbered_groups_of_different_shapes_stay_apart() {
        let (_, groups) = group(vec![param("Step1.Name"), param("Step2.Other")]).unwrap();
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.indexed.is_none()));
    }

    #[test]
    fn merge_unions_members_and_drops_requirements() {
        let mut required = param("Integration.Url");
        required.required = true;
        let (_, a) = group(vec![required]).unwrap();
        let (_, b) = group(vec![param("Integration.Url"), param("Integration.FlowSid")]).unwrap();
        let mut merged = Vec::new();
        merge(&mut merged, &a);
        merge(&mut merged, &b);
        assert_eq!(merged.len(), 1);
        assert_eq!(
            names(&merged[0].params),
            vec!["Integration.Url", "Integration.FlowSid"]
        );
        assert!(merged[0].params.iter().all(|p| !p.required));
        assert!(!merged[0].required);
    }
}
