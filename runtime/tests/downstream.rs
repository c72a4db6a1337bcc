//! What a generated crate implements, from outside this crate: `Encode` and `Check` for a
//! group of dotted parameters, `StringEnum` for an enum (which then encodes and checks
//! itself through the blanket implementations), `Params` for an operation, and SID aliases
//! shared between crates. If coherence rules refused any of this, this file would not
//! compile.

use std::fmt;
use std::str::FromStr;

use twilio_runtime::encoding::{self, Check, Encode, Params, ParseEnumError, Parts, StringEnum};
use twilio_runtime::{Error, Result, Sid};

/// Two crates' aliases of the same prefix.
mod flex {
    pub type WorkspaceSid = twilio_runtime::Sid<'W', 'S'>;
}
mod taskrouter {
    pub type WorkspaceSid = twilio_runtime::Sid<'W', 'S'>;

    pub fn accepts(sid: &WorkspaceSid) -> &str {
        sid.as_str()
    }
}

const WS: &str = "WS0123456789abcdef0123456789ABCDEF";

/// An enum that keeps unknown values.
#[derive(Clone, Debug, PartialEq, Eq)]
enum IntegrationType {
    Studio,
    External,
    Other(String),
}

impl StringEnum for IntegrationType {
    const NAME: &'static str = "IntegrationType";
    const VALUES: &'static [&'static str] = &["studio", "external"];

    fn as_str(&self) -> &str {
        match self {
            IntegrationType::Studio => "studio",
            IntegrationType::External => "external",
            IntegrationType::Other(s) => s,
        }
    }
}

impl FromStr for IntegrationType {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> std::result::Result<Self, ParseEnumError> {
        match s {
            "studio" => Ok(IntegrationType::Studio),
            "external" => Ok(IntegrationType::External),
            other => Err(ParseEnumError::new::<IntegrationType>(other)),
        }
    }
}

impl fmt::Display for IntegrationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A group of dotted parameters (`Integration.Url`, `Integration.WorkspaceSid`, ...).
#[derive(Clone, Debug, Default)]
struct Integration {
    url: Option<url::Url>,
    workspace_sid: Option<flex::WorkspaceSid>,
    retry_count: Option<i64>,
}

impl Encode for Integration {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        self.url.encode(&format!("{key}.Url"), out);
        self.workspace_sid
            .encode(&format!("{key}.WorkspaceSid"), out);
        self.retry_count.encode(&format!("{key}.RetryCount"), out);
    }
}

impl Check for Integration {
    fn check(&self, param: &str) -> Result<()> {
        self.workspace_sid.check(&format!("{param}.WorkspaceSid"))?;
        if let Some(n) = self.retry_count {
            encoding::range(
                &format!("{param}.RetryCount"),
                n as f64,
                Some(0.0),
                Some(3.0),
                (false, false),
            )?;
        }
        Ok(())
    }
}

/// An operation's parameters.
struct CreateFlexFlow {
    friendly_name: String,
    integration_type: IntegrationType,
    integration: Option<Integration>,
    tags: Vec<IntegrationType>,
}

impl Params for CreateFlexFlow {
    const FORM_BODY: bool = true;

    fn encode(&self, parts: &mut Parts) {
        self.friendly_name.encode("FriendlyName", &mut parts.form);
        self.integration_type
            .encode("IntegrationType", &mut parts.form);
        self.integration.encode("Integration", &mut parts.form);
        self.tags.encode("Tag", &mut parts.form);
    }

    fn validate(&self, parts: &Parts) -> Result<()> {
        self.integration_type.check("IntegrationType")?;
        self.integration.check("Integration")?;
        self.tags.check("Tag")?;
        encoding::length("FriendlyName", &self.friendly_name, Some(1), Some(64))?;
        encoding::pattern(
            "FriendlyName",
            !self.friendly_name.contains('\n'),
            "^[^\\n]*$",
        )?;
        parts.required_when("Integration.Url", "IntegrationType", &["external"])
    }
}

fn params() -> CreateFlexFlow {
    CreateFlexFlow {
        friendly_name: "Support".into(),
        integration_type: IntegrationType::External,
        integration: Some(Integration {
            url: Some(url::Url::parse("https://example.com/hook").expect("a URL")),
            workspace_sid: Some(flex::WorkspaceSid::parse(WS).expect("a SID")),
            retry_count: Some(1),
        }),
        tags: vec![IntegrationType::Studio],
    }
}

fn encoded(p: &CreateFlexFlow) -> Result<Parts> {
    let mut parts = Parts::default();
    p.encode(&mut parts);
    p.validate(&parts)?;
    Ok(parts)
}

#[test]
fn downstream_groups_and_enums_encode_to_dotted_pairs() -> Result<()> {
    let parts = encoded(&params())?;
    let form: Vec<(&str, &str)> = parts
        .form
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        form,
        [
            ("FriendlyName", "Support"),
            ("IntegrationType", "external"),
            ("Integration.Url", "https://example.com/hook"),
            ("Integration.WorkspaceSid", WS),
            ("Integration.RetryCount", "1"),
            ("Tag", "studio"),
        ]
    );
    Ok(())
}

#[test]
fn downstream_checks_name_the_dotted_parameter() {
    let mut p = params();
    if let Some(i) = p.integration.as_mut() {
        i.retry_count = Some(9);
    }
    let err = encoded(&p).expect_err("refused");
    assert!(
        matches!(&err, Error::Validation(v) if v.param == "Integration.RetryCount"),
        "{err}"
    );

    let mut p = params();
    p.tags.push(IntegrationType::Other("later".into()));
    let err = encoded(&p).expect_err("refused");
    assert!(
        matches!(&err, Error::Validation(v) if v.param == "Tag"),
        "{err}"
    );

    let mut p = params();
    p.integration = Some(Integration::default());
    let err = encoded(&p).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "invalid argument: `Integration.Url` is required when `IntegrationType` is `external`"
    );

    let mut p = params();
    p.friendly_name = "two\nlines".into();
    let err = encoded(&p).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "invalid argument: `FriendlyName` must match the pattern `^[^\\n]*$`"
    );
}

#[test]
fn downstream_enum_parse_errors_convert_to_errors() {
    let err: Error = "nope"
        .parse::<IntegrationType>()
        .expect_err("refused")
        .into();
    assert!(
        matches!(&err, Error::Validation(v) if v.param == "IntegrationType"),
        "{err}"
    );
    assert_eq!(IntegrationType::Studio.to_string(), "studio");
}

#[test]
fn sids_are_shared_between_crates() {
    let from_flex = flex::WorkspaceSid::parse(WS).expect("a SID");
    assert_eq!(taskrouter::accepts(&from_flex), WS);
    let same: Sid<'W', 'S'> = from_flex.clone();
    assert_eq!(same, from_flex);
}
