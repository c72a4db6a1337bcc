//! Rendering a [`Report`]: readable text grouped by resource, or JSON.

use std::fmt::Write as _;

use super::{Change, Report, Summary};

/// Width of the verdict column: the longest marker.
const MARKER_WIDTH: usize = "BREAKING (rust, terraform)".len();

/// The verdict column of a change.
pub fn marker(c: &Change) -> &'static str {
    match (c.rust.breaking, c.terraform.breaking == Some(true)) {
        (true, true) => "BREAKING (rust, terraform)",
        (true, false) => "BREAKING (rust)",
        (false, true) => "BREAKING (terraform)",
        (false, false) => "compatible",
    }
}

/// How the resource column shows API-wide changes.
const API: &str = "(api)";

/// One change as a line: `BREAKING (rust)  flex_flow  CreateFlexFlow param X: added`.
pub fn line(c: &Change) -> String {
    let resource = c.resource.as_deref().unwrap_or(API);
    let operation = c
        .operation
        .as_deref()
        .map(|o| format!("{o} "))
        .unwrap_or_default();
    format!(
        "{:<width$}  {resource}  {operation}{}: {}",
        marker(c),
        c.item,
        c.detail,
        width = MARKER_WIDTH
    )
}

/// The summary line.
pub fn summary_line(s: &Summary) -> String {
    let noun = if s.changes == 1 { "change" } else { "changes" };
    format!(
        "{} {noun}: {} breaking (rust {}, terraform {}), {} compatible",
        s.changes, s.breaking, s.breaking_rust, s.breaking_terraform, s.compatible
    )
}

/// The text report: a header, the changes grouped by resource (a blank line between
/// groups), each followed by its reasons, then the summary.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changes from {} to {}", report.old, report.new);
    if report.changes.is_empty() {
        out.push_str("\nNo changes to the generated bindings.\n");
    }
    let mut group: Option<Option<&str>> = None;
    for c in &report.changes {
        if group != Some(c.resource.as_deref()) {
            out.push('\n');
            group = Some(c.resource.as_deref());
        }
        let _ = writeln!(out, "{}", line(c));
        let _ = writeln!(out, "    rust: {}", c.rust.reason);
        let _ = writeln!(out, "    terraform: {}", c.terraform.reason);
    }
    let _ = writeln!(out, "\n{}", summary_line(&report.summary()));
    out
}

/// The JSON report, pretty, with a trailing newline.
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "old": report.old,
        "new": report.new,
        "breaking": report.breaking(),
        "changes": report.changes,
        "summary": report.summary(),
    });
    // Serializing plain data to a string cannot fail; fall back to an empty object anyway.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Kind, RustVerdict, TfVerdict};

    fn change(rust: bool, tf: Option<bool>) -> Change {
        Change {
            kind: Kind::ParamRequired,
            resource: Some("flex_flow".into()),
            operation: Some("CreateFlexFlow".into()),
            item: "param ChannelType".into(),
            detail: "optional -> required".into(),
            rust: RustVerdict {
                breaking: rust,
                reason: "r".into(),
            },
            terraform: TfVerdict {
                breaking: tf,
                reason: "t".into(),
            },
        }
    }

    #[test]
    fn lines_align_and_name_the_targets() {
        assert_eq!(
            line(&change(true, Some(true))),
            "BREAKING (rust, terraform)  flex_flow  CreateFlexFlow param ChannelType: optional -> required"
        );
        assert!(line(&change(false, None)).starts_with("compatible                  flex_flow"));
        assert_eq!(marker(&change(false, Some(true))), "BREAKING (terraform)");
        assert_eq!(marker(&change(true, Some(false))), "BREAKING (rust)");
        let mut api = change(false, None);
        api.resource = None;
        api.operation = None;
        assert!(line(&api).contains("  (api)  param ChannelType"));
    }

    #[test]
    fn json_has_changes_summary_and_verdict() {
        let report = Report {
            old: "a.yaml".into(),
            new: "b.yaml".into(),
            changes: vec![change(true, None)],
        };
        let v: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
        assert_eq!(v["breaking"], true);
        assert_eq!(v["summary"]["breaking_rust"], 1);
        assert_eq!(v["changes"][0]["kind"], "param_required");
        assert_eq!(
            v["changes"][0]["terraform"]["breaking"],
            serde_json::Value::Null
        );
        assert!(
            text(&report).ends_with("1 change: 1 breaking (rust 1, terraform 0), 0 compatible\n")
        );
    }
}
