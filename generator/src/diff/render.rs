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
        "{} {noun}: {} breaking (rust {}, terraform {}), {} compatible; public Rust surface: {} item(s) differ, {} breaking",
        s.changes,
        s.breaking,
        s.breaking_rust,
        s.breaking_terraform,
        s.compatible,
        s.surface_changes,
        s.surface_breaking
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
    surface(&mut out, report);
    let _ = writeln!(out, "\n{}", summary_line(&report.summary()));
    let _ = writeln!(out, "{}", bump_line(report));
    out
}

/// The recommended bumps as one line.
pub fn bump_line(report: &Report) -> String {
    let b = report.bump();
    let krate = report.rust_crate.as_deref().unwrap_or("the Rust crate");
    format!(
        "Recommended: {krate} {} ({} -> {}); Terraform provider: {}",
        b.rust.as_str(),
        b.rust_from,
        b.rust_to,
        b.terraform.as_str()
    )
}

/// The Markdown report.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let verdict = if report.breaking() {
        "**Breaking**"
    } else {
        "Compatible"
    };
    let _ = writeln!(out, "### Bindings: `{}` → `{}`\n", report.old, report.new);
    let _ = writeln!(out, "{verdict}. {}\n", bump_line(report));
    let s = report.summary();
    let _ = writeln!(
        out,
        "| | changes | breaking Rust | breaking Terraform | public Rust items |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    let _ = writeln!(
        out,
        "| | {} | {} | {} | {} ({} breaking) |\n",
        s.changes, s.breaking_rust, s.breaking_terraform, s.surface_changes, s.surface_breaking
    );
    let item = |c: &Change| {
        format!(
            "- `{}` {}{}: {}\n  - rust: {}\n  - terraform: {}\n",
            c.resource.as_deref().unwrap_or(API),
            c.operation
                .as_deref()
                .map(|o| format!("{o} "))
                .unwrap_or_default(),
            c.item,
            c.detail,
            c.rust.reason,
            c.terraform.reason
        )
    };
    let surface_item = |c: &super::surface::SurfaceChange| {
        let mut line = format!("- {} `{} {}`", c.how.as_str(), c.kind, c.path);
        match (&c.old, &c.new) {
            (Some(old), Some(new)) if old != new => {
                let _ = write!(line, "\n  - old: `{old}`\n  - new: `{new}`");
            }
            _ => {}
        }
        if c.inside > 0 {
            let _ = write!(line, " (and {} item(s) inside)", c.inside);
        }
        if c.breaking {
            let _ = write!(line, "\n  - why: {}", c.reason);
        }
        line.push('\n');
        line
    };
    let breaking: Vec<&Change> = report.changes.iter().filter(|c| c.breaking()).collect();
    if !breaking.is_empty() {
        let _ = writeln!(out, "#### Breaking changes\n");
        breaking.iter().for_each(|c| out.push_str(&item(c)));
        out.push('\n');
    }
    let surface_breaking: Vec<_> = report.surface.iter().filter(|c| c.breaking).collect();
    if !surface_breaking.is_empty() {
        let krate = report.rust_crate.as_deref().unwrap_or("the crate");
        let _ = writeln!(out, "#### Public Rust items of `{krate}` that break\n");
        surface_breaking
            .iter()
            .for_each(|c| out.push_str(&surface_item(c)));
        out.push('\n');
    }
    let compatible: Vec<&Change> = report.changes.iter().filter(|c| !c.breaking()).collect();
    let added: Vec<_> = report.surface.iter().filter(|c| !c.breaking).collect();
    if !compatible.is_empty() || !added.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} compatible change(s), {} compatible public item(s)</summary>\n",
            compatible.len(),
            added.len()
        );
        compatible.iter().for_each(|c| out.push_str(&item(c)));
        added.iter().for_each(|c| out.push_str(&surface_item(c)));
        let _ = writeln!(out, "\n</details>");
    }
    if report.changes.is_empty() && report.surface.is_empty() {
        let _ = writeln!(out, "No changes to the generated bindings.");
    }
    out
}

/// The section of the public Rust surface: one line per item, the old and new signatures
/// of a changed one, the reason of a breaking one.
fn surface(out: &mut String, report: &Report) {
    let Some(krate) = &report.rust_crate else {
        return;
    };
    if report.surface.is_empty() {
        let _ = writeln!(out, "\nThe public Rust surface of {krate} is unchanged.");
        return;
    }
    let _ = writeln!(
        out,
        "\nPublic Rust surface of {krate} (read from the generated code):"
    );
    for c in &report.surface {
        let marker = if c.breaking { "BREAKING" } else { "compatible" };
        let _ = write!(
            out,
            "{marker:<10}  {} {} {}",
            c.how.as_str(),
            c.kind,
            c.path
        );
        match (&c.old, &c.new) {
            (Some(old), Some(new)) if old != new => {
                let _ = write!(out, "\n    old: {old}\n    new: {new}");
            }
            (Some(d), _) | (None, Some(d)) if !d.is_empty() => {
                let _ = write!(out, ": {d}");
            }
            _ => {}
        }
        if c.inside > 0 {
            let _ = write!(out, " (and {} item(s) inside)", c.inside);
        }
        out.push('\n');
        if c.breaking {
            let _ = writeln!(out, "    why: {}", c.reason);
        }
    }
}

/// The JSON report, pretty, with a trailing newline.
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "old": report.old,
        "new": report.new,
        "breaking": report.breaking(),
        "changes": report.changes,
        "rust_crate": report.rust_crate,
        "surface": report.surface,
        "summary": report.summary(),
        "bump": report.bump(),
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
            rust_crate: None,
            surface: vec![],
            crate_version: "0.1.0".into(),
            terraform_changed: false,
            terraform_provider_changed: false,
        };
        let v: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
        assert_eq!(v["breaking"], true);
        assert_eq!(v["bump"]["rust"], "major");
        assert_eq!(v["bump"]["rust_to"], "0.2.0");
        let md = markdown(&report);
        assert!(md.contains("**Breaking**"), "{md}");
        assert!(md.contains("#### Breaking changes"), "{md}");
        assert_eq!(v["summary"]["breaking_rust"], 1);
        assert_eq!(v["changes"][0]["kind"], "param_required");
        assert_eq!(
            v["changes"][0]["terraform"]["breaking"],
            serde_json::Value::Null
        );
        assert!(
            text(&report).ends_with("1 change: 1 breaking (rust 1, terraform 0), 0 compatible; public Rust surface: 0 item(s) differ, 0 breaking\nRecommended: the Rust crate major (0.1.0 -> 0.2.0); Terraform provider: none\n")
        );
    }
}
