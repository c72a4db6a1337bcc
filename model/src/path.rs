//! Path templates, parsed once into typed segments: `/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json`
//! is the literal `2010-04-01`, the literal `Accounts`, the parameter `AccountSid`, the literal
//! `Calls` and the parameter `Sid` with the suffix `.json`.
//!
//! Every emitter reads paths through [`PathTemplate`]: the request URL, the import id of a
//! Terraform resource, the paths a test expects and the names taken from a path all come
//! from the same segments.

use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// Text sent as written (`v1`, `FlexFlows`, `Calls.json`).
    Literal(String),
    /// A path parameter's value, then a literal suffix (`{Sid}.json`: `Sid`, `.json`; the
    /// suffix is usually empty).
    Param {
        /// The parameter's wire name (`Sid`).
        name: String,
        /// Text after the parameter in the same segment (`.json`), or empty.
        suffix: String,
    },
}

/// A path template as the spec writes it, with its segments.
///
/// Dereferences to the template text, and serializes as it, so the model snapshot shows the
/// path as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathTemplate {
    template: String,
    segments: Vec<Segment>,
}

/// A template segment this model does not support: a parameter with text before it, two
/// parameters in one segment, an unclosed brace.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("path segment `{segment}` is not supported: a segment is literal text, `{{Name}}` or `{{Name}}.suffix`")]
pub struct PathError {
    /// The offending segment.
    pub segment: String,
}

impl PathTemplate {
    /// Parses a template (`/v1/FlexFlows/{Sid}`). Empty segments (`//`, a trailing `/`) are
    /// dropped, as HTTP clients do.
    pub fn parse(template: &str) -> Result<Self, PathError> {
        let segments = template
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                parse_segment(s).ok_or_else(|| PathError {
                    segment: s.to_owned(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(PathTemplate {
            template: template.to_owned(),
            segments,
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// The segments, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The parameters' wire names, in path order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param { name, .. } => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// How many parameters the path has (its nesting depth).
    pub fn param_count(&self) -> usize {
        self.params().count()
    }

    /// The last segment when it is a parameter: its name and suffix.
    pub fn trailing_param(&self) -> Option<(&str, &str)> {
        match self.segments.last()? {
            Segment::Param { name, suffix } => Some((name, suffix)),
            Segment::Literal(_) => None,
        }
    }

    /// The parameter naming the account a path acts in: its first parameter, when it is
    /// `{AccountSid}` right after a literal `Accounts` (`/2010-04-01/Accounts/{AccountSid}/
    /// Calls.json`). Twilio's libraries default it to the account of the credentials.
    pub fn account_param(&self) -> Option<&str> {
        let first = self
            .segments
            .iter()
            .position(|s| matches!(s, Segment::Param { .. }))?;
        match (
            first.checked_sub(1).map(|i| &self.segments[i]),
            &self.segments[first],
        ) {
            (Some(Segment::Literal(l)), Segment::Param { name, suffix })
                if l == "Accounts" && name == "AccountSid" && suffix.is_empty() =>
            {
                Some(name)
            }
            _ => None,
        }
    }

    /// The path without a trailing parameter, its suffix moved to the new last segment:
    /// `/v1/FlexFlows/{Sid}` -> `/v1/FlexFlows`, `/Calls/{Sid}.json` -> `/Calls.json`.
    /// `None` when the last segment is not a parameter.
    pub fn collection(&self) -> Option<PathTemplate> {
        let (_, suffix) = self.trailing_param()?;
        let mut segments = self.segments[..self.segments.len() - 1].to_vec();
        if !suffix.is_empty() {
            match segments.last_mut() {
                Some(Segment::Literal(text)) => text.push_str(suffix),
                Some(Segment::Param { suffix: s, .. }) => s.push_str(suffix),
                None => segments.push(Segment::Literal(suffix.to_owned())),
            }
        }
        Some(PathTemplate::from_segments(segments))
    }

    /// The last literal segment without a file suffix (`FlexFlows` for `/v1/FlexFlows/{Sid}`,
    /// `Calls` for `/Calls.json`).
    pub fn last_literal(&self) -> Option<&str> {
        self.segments.iter().rev().find_map(|s| match s {
            Segment::Literal(text) => Some(text.split('.').next().unwrap_or(text)),
            Segment::Param { .. } => None,
        })
    }

    /// The path with each parameter replaced by `value(name)`, suffixes kept.
    pub fn fill(&self, mut value: impl FnMut(&str) -> String) -> String {
        let mut out = String::new();
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Literal(text) => out.push_str(text),
                Segment::Param { name, suffix } => {
                    out.push_str(&value(name));
                    out.push_str(suffix);
                }
            }
        }
        out
    }

    fn from_segments(segments: Vec<Segment>) -> Self {
        let mut template = String::new();
        for s in &segments {
            template.push('/');
            match s {
                Segment::Literal(text) => template.push_str(text),
                Segment::Param { name, suffix } => {
                    template.push('{');
                    template.push_str(name);
                    template.push('}');
                    template.push_str(suffix);
                }
            }
        }
        PathTemplate { template, segments }
    }
}

/// The API version a path's first segment names: `v1` -> `v1`, `2010-04-01` -> `v2010`;
/// `None` for other text.
pub fn version_of_segment(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if text.len() > 1
        && (bytes[0] == b'v' || bytes[0] == b'V')
        && bytes[1..].iter().all(u8::is_ascii_digit)
    {
        return Some(text.to_ascii_lowercase());
    }
    if text.len() >= 4 && bytes[..4].iter().all(u8::is_ascii_digit) {
        return Some(format!("v{}", &text[..4]));
    }
    None
}

impl PathTemplate {
    /// The segments after the API version segment (`/v1/FlexFlows/{Sid}` with version `v1`:
    /// `FlexFlows`, `{Sid}`); all of them when the first segment is not that version.
    pub fn after_version(&self, version: &str) -> &[Segment] {
        match self.segments.first() {
            Some(Segment::Literal(first))
                if version_of_segment(first).as_deref() == Some(version) =>
            {
                &self.segments[1..]
            }
            _ => &self.segments,
        }
    }
}

/// `Calls` -> literal; `{Sid}` and `{Sid}.json` -> parameter; anything else with a brace ->
/// `None`.
fn parse_segment(seg: &str) -> Option<Segment> {
    if !seg.contains(['{', '}']) {
        return Some(Segment::Literal(seg.to_owned()));
    }
    let rest = seg.strip_prefix('{')?;
    let end = rest.find('}')?;
    let (name, suffix) = (&rest[..end], &rest[end + 1..]);
    let valid = !name.is_empty()
        && !name.contains('{')
        && !suffix.contains(['{', '}'])
        && (suffix.is_empty() || suffix.starts_with('.'));
    valid.then(|| Segment::Param {
        name: name.to_owned(),
        suffix: suffix.to_owned(),
    })
}

impl Deref for PathTemplate {
    type Target = str;

    fn deref(&self) -> &str {
        &self.template
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.template)
    }
}

impl Serialize for PathTemplate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.template)
    }
}

impl PartialEq<str> for PathTemplate {
    fn eq(&self, other: &str) -> bool {
        self.template == other
    }
}

impl PartialEq<&str> for PathTemplate {
    fn eq(&self, other: &&str) -> bool {
        self.template == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_parameter_is_the_first_after_accounts() {
        let p = |t: &str| PathTemplate::parse(t).expect("a template");
        let calls = p("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json");
        assert_eq!(calls.account_param(), Some("AccountSid"));
        for none in [
            "/2010-04-01/Accounts/{Sid}.json",
            "/2010-04-01/Accounts.json",
            "/v1/Services/{ServiceSid}/Accounts/{AccountSid}",
            "/v1/Accounts/{AccountSid}.json",
            "/v1/FlexFlows/{Sid}",
        ] {
            assert_eq!(p(none).account_param(), None, "{none}");
        }
    }

    fn lit(s: &str) -> Segment {
        Segment::Literal(s.to_owned())
    }

    fn param(name: &str, suffix: &str) -> Segment {
        Segment::Param {
            name: name.to_owned(),
            suffix: suffix.to_owned(),
        }
    }

    #[test]
    fn segments_are_literals_or_parameters_with_a_suffix() {
        let p = PathTemplate::parse("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json").unwrap();
        assert_eq!(
            p.segments(),
            [
                lit("2010-04-01"),
                lit("Accounts"),
                param("AccountSid", ""),
                lit("Calls"),
                param("Sid", ".json"),
            ]
        );
        assert_eq!(p.params().collect::<Vec<_>>(), ["AccountSid", "Sid"]);
        assert_eq!(p.trailing_param(), Some(("Sid", ".json")));
        assert_eq!(p.last_literal(), Some("Calls"));
        assert_eq!(&*p, "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json");
        let p = PathTemplate::parse("/2010-04-01/Accounts.json").unwrap();
        assert_eq!(p.last_literal(), Some("Accounts"));
    }

    #[test]
    fn the_collection_of_an_instance_path_keeps_the_suffix() {
        let p = PathTemplate::parse("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json").unwrap();
        let c = p.collection().unwrap();
        assert_eq!(c.as_str(), "/2010-04-01/Accounts/{AccountSid}/Calls.json");
        assert_eq!(c.last_literal(), Some("Calls"));
        assert_eq!(c.trailing_param(), None);
        assert!(c.collection().is_none());
        let p = PathTemplate::parse("/v1/FlexFlows/{Sid}").unwrap();
        assert_eq!(p.collection().unwrap().as_str(), "/v1/FlexFlows");
        // A suffix after a parameter that ends the collection stays on it.
        let p = PathTemplate::parse("/v1/{A}/{B}.json").unwrap();
        assert_eq!(p.collection().unwrap().as_str(), "/v1/{A}.json");
    }

    #[test]
    fn the_version_segment_is_recognized() {
        let p = PathTemplate::parse("/2010-04-01/Accounts/{Sid}.json").unwrap();
        assert_eq!(
            p.after_version("v2010"),
            [lit("Accounts"), param("Sid", ".json")]
        );
        assert_eq!(p.after_version("v1").len(), 3);
        let p = PathTemplate::parse("/v1/FlexFlows").unwrap();
        assert_eq!(p.after_version("v1"), [lit("FlexFlows")]);
        assert_eq!(version_of_segment("V2"), Some("v2".to_owned()));
        assert_eq!(version_of_segment("Flows"), None);
    }

    #[test]
    fn fill_replaces_parameters_and_keeps_suffixes() {
        let p = PathTemplate::parse("/v1/Things/{Sid}.json").unwrap();
        assert_eq!(p.fill(|n| format!("<{n}>")), "/v1/Things/<Sid>.json");
    }

    #[test]
    fn unsupported_segments_are_errors_naming_them() {
        for bad in [
            "/v1/a{B}",
            "/v1/{A}{B}",
            "/v1/{}",
            "/v1/{A}x",
            "/v1/{A",
            "/v1/A}",
        ] {
            let e = PathTemplate::parse(bad).unwrap_err();
            assert!(bad.ends_with(&e.segment), "{bad}: {e}");
        }
        assert_eq!(PathTemplate::parse("/").unwrap().segments(), []);
        assert_eq!(
            PathTemplate::parse("/v1//X/").unwrap().segments(),
            [lit("v1"), lit("X")]
        );
    }
}
