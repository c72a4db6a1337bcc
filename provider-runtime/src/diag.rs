//! Diagnostics: attribute paths, the checks the spec states, and client errors.

use std::collections::HashMap;

use crate::def::{AttrDef, Checks};
use crate::ops::Failure;
use crate::proto::tfplugin6 as tf;
use crate::value::Dyn;

/// An attribute path of the plugin protocol.
pub type AttributePath = tf::AttributePath;

/// The diagnostics of one call, in the protocol's form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics {
    /// In the order they were added.
    pub items: Vec<tf::Diagnostic>,
}

impl Diagnostics {
    /// Adds an error (`path` empty: about the whole resource or provider).
    pub fn error(&mut self, path: AttributePath, summary: String, detail: String) {
        self.items.push(tf::Diagnostic {
            severity: tf::diagnostic::Severity::Error as i32,
            summary,
            detail,
            attribute: (!path.steps.is_empty()).then_some(path),
        });
    }

    /// Adds a warning about the whole resource.
    pub fn warning(&mut self, summary: String, detail: String) {
        self.items.push(tf::Diagnostic {
            severity: tf::diagnostic::Severity::Warning as i32,
            summary,
            detail,
            attribute: None,
        });
    }

    /// Whether an error was added.
    pub fn has_errors(&self) -> bool {
        self.items
            .iter()
            .any(|d| d.severity == tf::diagnostic::Severity::Error as i32)
    }
}

/// An attribute path from its steps (`["integration", "url"]`); a step of digits is the
/// index of a list element (`["binding", "0", "url"]`): attribute names never are digits.
pub fn path(steps: &[String]) -> AttributePath {
    use tf::attribute_path::step::Selector;
    AttributePath {
        steps: steps
            .iter()
            .map(|s| tf::attribute_path::Step {
                selector: Some(match s.parse::<i64>() {
                    Ok(i) if s.bytes().all(|b| b.is_ascii_digit()) => Selector::ElementKeyInt(i),
                    _ => Selector::AttributeName(s.clone()),
                }),
            })
            .collect(),
    }
}

/// Adds an error at `steps`.
pub fn error_at(diags: &mut Diagnostics, steps: &[String], summary: String, detail: String) {
    diags.error(path(steps), summary, detail);
}

/// Adds an error about the whole resource (or provider).
pub fn root(diags: &mut Diagnostics, summary: impl Into<String>, detail: impl Into<String>) {
    error_at(diags, &[], summary.into(), detail.into());
}

/// `a.b` for messages.
pub fn dotted(steps: &[String]) -> String {
    steps.join(".")
}

/// Checks one known value against the spec's rules; errors name `steps`.
pub fn check_value(diags: &mut Diagnostics, steps: &[String], a: &AttrDef, v: &Dyn) {
    let c = &a.checks;
    let mut fail = |what: String| {
        error_at(
            diags,
            steps,
            format!("Invalid value for `{}`", dotted(steps)),
            what,
        )
    };
    match v {
        Dyn::List(items) => {
            let n = items.len() as u64;
            if let Some(min) = c.min_items.filter(|m| n < *m) {
                fail(format!("needs at least {min} items, has {n}"));
            }
            if let Some(max) = c.max_items.filter(|m| n > *m) {
                fail(format!("takes at most {max} items, has {n}"));
            }
            for item in items {
                check_scalar(&mut fail, c, item);
            }
        }
        Dyn::Object(members) if matches!(a.ty, crate::value::Ty::Map(_)) => {
            for item in members.values() {
                check_scalar(&mut fail, c, item);
            }
        }
        other => check_scalar(&mut fail, c, other),
    }
}

fn check_scalar(fail: &mut impl FnMut(String), c: &Checks, v: &Dyn) {
    match v {
        Dyn::String(s) => {
            if !c.one_of.is_empty() && !c.one_of.iter().any(|x| x == s) {
                let list: Vec<String> = c.one_of.iter().map(|x| format!("`{x}`")).collect();
                fail(format!("`{s}` is not one of {}", list.join(", ")));
            }
            if let Some(p) = &c.pattern {
                match regex::Regex::new(p) {
                    Ok(re) if !re.is_match(s) => fail(format!("`{s}` does not match `{p}`")),
                    _ => {}
                }
            }
            let n = s.chars().count() as u64;
            if let Some(min) = c.min_length.filter(|m| n < *m) {
                fail(format!("needs at least {min} characters, has {n}"));
            }
            if let Some(max) = c.max_length.filter(|m| n > *m) {
                fail(format!("takes at most {max} characters, has {n}"));
            }
        }
        Dyn::Int(_) | Dyn::Float(_) => {
            let x = match v {
                Dyn::Int(i) => *i as f64,
                Dyn::Float(f) => *f,
                _ => return,
            };
            let shown = |f: f64| {
                if f.fract() == 0.0 {
                    format!("{}", f as i64)
                } else {
                    f.to_string()
                }
            };
            let out_of_range = c.minimum.is_some_and(|m| x < m) || c.maximum.is_some_and(|m| x > m);
            if out_of_range {
                let range = match (c.minimum, c.maximum) {
                    (Some(lo), Some(hi)) => format!("from {} to {}", shown(lo), shown(hi)),
                    (Some(lo), None) => format!("at least {}", shown(lo)),
                    (None, Some(hi)) => format!("at most {}", shown(hi)),
                    (None, None) => String::new(),
                };
                fail(format!("{} is out of range: must be {range}", shown(x)));
            }
        }
        _ => {}
    }
}

/// Turns a failure into diagnostics; client validation errors name the attribute of their
/// wire name (`Integration.Url` -> `integration.url`) through `wire`.
pub fn failure(
    diags: &mut Diagnostics,
    doing: &str,
    f: Failure,
    wire: &HashMap<String, Vec<String>>,
) {
    match f {
        Failure::Argument {
            path: steps,
            message,
        } => error_at(
            diags,
            &steps,
            format!("Invalid value for `{}`", dotted(&steps)),
            format!("`{}` {message}", dotted(&steps)),
        ),
        Failure::Response(message) => crate::diag::root(
            diags,
            format!("Cannot read the response while {doing}"),
            message,
        ),
        Failure::Client(e) => client_error(diags, doing, e, wire),
    }
}

fn client_error(
    diags: &mut Diagnostics,
    doing: &str,
    e: twilio_runtime::Error,
    wire: &HashMap<String, Vec<String>>,
) {
    use twilio_runtime::Error;
    match e {
        Error::Api(api) => {
            let code = api.code.map(|c| format!(" {c}")).unwrap_or_default();
            let mut detail = format!("HTTP {} while {doing}: {}", api.status, api.message);
            if let Some(more) = &api.more_info {
                detail.push_str(&format!("\nMore information: {more}"));
            }
            crate::diag::root(
                diags,
                format!("Twilio API error{code}: {}", api.message),
                detail,
            );
        }
        Error::Validation(v) => match wire.get(&v.param) {
            Some(steps) => error_at(
                diags,
                steps,
                format!("Invalid value for `{}`", dotted(steps)),
                format!("`{}` {}", dotted(steps), v.message),
            ),
            None => crate::diag::root(
                diags,
                format!("Invalid argument `{}`", v.param),
                format!("{v}, while {doing}"),
            ),
        },
        other => crate::diag::root(
            diags,
            format!("Twilio request failed while {doing}"),
            other.to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::tfplugin6::attribute_path::step::Selector;

    #[test]
    fn paths_name_attributes_and_list_indexes() {
        let p = path(&["binding".into(), "0".into(), "url".into()]);
        let steps: Vec<_> = p.steps.into_iter().map(|s| s.selector).collect();
        assert_eq!(
            steps,
            [
                Some(Selector::AttributeName("binding".into())),
                Some(Selector::ElementKeyInt(0)),
                Some(Selector::AttributeName("url".into())),
            ]
        );
        let mut diags = Diagnostics::default();
        root(&mut diags, "whole", "detail");
        assert!(diags.has_errors());
        assert_eq!(diags.items[0].attribute, None);
    }
}
