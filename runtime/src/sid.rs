//! SIDs: one type per two-letter prefix, shared by every generated crate.
//!
//! A SID is its prefix followed by 32 hexadecimal digits (Twilio's pattern for `WS` is
//! `^WS[0-9a-fA-F]{32}$`). [`Sid<'W', 'S'>`](Sid) is the one type of `WS…` SIDs, so a
//! workspace SID read through one API's crate is accepted by another's without
//! conversion; generated crates only name it: `pub type WorkspaceSid = Sid<'W', 'S'>;`.
//!
//! Values from user input are validated ([`Sid::parse`], [`FromStr`], `TryFrom`); values
//! decoded from responses are kept as received and checked again ([`Check`]) before they
//! are sent.

use std::fmt;
use std::str::FromStr;

use crate::encoding::{Check, Encode};
use crate::error::{Error, Result, ValidationError};

/// A SID with prefix `A` `B` (`Sid<'W', 'S'>` for `WS…`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sid<const A: char, const B: char> {
    value: String,
}

/// A string that is not a valid SID of the expected prefix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{value}` is not a valid `{prefix}` SID: expected the pattern `^{prefix}[0-9a-fA-F]{{32}}$`"
)]
#[non_exhaustive]
pub struct SidError {
    /// The expected prefix (`WS`).
    pub prefix: String,
    /// The rejected value.
    pub value: String,
}

impl SidError {
    /// The pattern the value had to match (`^WS[0-9a-fA-F]{32}$`).
    pub fn pattern(&self) -> String {
        pattern_of(&self.prefix)
    }
}

/// A [`Error::Validation`] whose `param` is `WS SID` (the value is not a parameter yet).
impl From<SidError> for Error {
    fn from(e: SidError) -> Self {
        Error::Validation(ValidationError {
            param: format!("{} SID", e.prefix),
            message: format!("`{}` does not match `{}`", e.value, e.pattern()),
        })
    }
}

fn pattern_of(prefix: &str) -> String {
    format!("^{prefix}[0-9a-fA-F]{{32}}$")
}

impl<const A: char, const B: char> Sid<A, B> {
    /// The two characters of the prefix.
    pub const PREFIX: [char; 2] = [A, B];

    /// Validates a SID: exactly the prefix followed by 32 hexadecimal digits, either case.
    pub fn parse(value: impl Into<String>) -> Result<Self, SidError> {
        let value = value.into();
        if Self::matches(&value) {
            Ok(Sid { value })
        } else {
            Err(SidError {
                prefix: Self::prefix(),
                value,
            })
        }
    }

    /// Whether the SID matches its pattern (always true for parsed values; decoded values
    /// are kept as received).
    pub fn is_valid(&self) -> bool {
        Self::matches(&self.value)
    }

    /// The SID as a string.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The prefix (`WS`).
    pub fn prefix() -> String {
        String::from_iter(Self::PREFIX)
    }

    /// The pattern of the spec (`^WS[0-9a-fA-F]{32}$`).
    pub fn pattern() -> String {
        pattern_of(&Self::prefix())
    }

    fn matches(value: &str) -> bool {
        let Some(rest) = value.strip_prefix(A).and_then(|v| v.strip_prefix(B)) else {
            return false;
        };
        rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

/// `Sid("WS…")`.
impl<const A: char, const B: char> fmt::Debug for Sid<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Sid").field(&self.value).finish()
    }
}

impl<const A: char, const B: char> fmt::Display for Sid<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<const A: char, const B: char> FromStr for Sid<A, B> {
    type Err = SidError;

    fn from_str(s: &str) -> Result<Self, SidError> {
        Sid::parse(s)
    }
}

impl<const A: char, const B: char> TryFrom<String> for Sid<A, B> {
    type Error = SidError;

    fn try_from(s: String) -> Result<Self, SidError> {
        Sid::parse(s)
    }
}

impl<const A: char, const B: char> TryFrom<&str> for Sid<A, B> {
    type Error = SidError;

    fn try_from(s: &str) -> Result<Self, SidError> {
        Sid::parse(s)
    }
}

impl<const A: char, const B: char> AsRef<str> for Sid<A, B> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<const A: char, const B: char> From<Sid<A, B>> for String {
    fn from(sid: Sid<A, B>) -> String {
        sid.value
    }
}

impl<const A: char, const B: char> serde::Serialize for Sid<A, B> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

/// Decoding keeps the value as received, unchecked (it is checked when sent), except the
/// empty string, which is no SID: servers send `""` for "none", and lenient reading turns
/// the refusal into an absent value, in nested values too.
impl<'de, const A: char, const B: char> serde::Deserialize<'de> for Sid<A, B> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        if value.is_empty() {
            return Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(""),
                &"a SID",
            ));
        }
        Ok(Sid { value })
    }
}

impl<const A: char, const B: char> Encode for Sid<A, B> {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        out.push((key.to_owned(), self.value.clone()));
    }
}

impl<const A: char, const B: char> Check for Sid<A, B> {
    fn check(&self, param: &str) -> Result<()> {
        if self.is_valid() {
            Ok(())
        } else {
            Err(Error::invalid(
                param,
                format!(
                    "`{}` is not a valid `{}` SID (pattern `{}`)",
                    self.value,
                    Self::prefix(),
                    Self::pattern()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type WorkspaceSid = Sid<'W', 'S'>;
    type FlowSid = Sid<'F', 'W'>;

    const LOWER: &str = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa00";
    const UPPER: &str = "WSABCDEF0123456789abcdef0123456789";

    #[test]
    fn parse_accepts_the_prefix_and_32_hex_digits_of_either_case() {
        assert_eq!(
            WorkspaceSid::parse(LOWER).map(|s| s.to_string()),
            Ok(LOWER.to_owned())
        );
        assert!(WorkspaceSid::parse(UPPER).is_ok());
        for bad in [
            "",
            "WS",
            "ws0123456789abcdef0123456789abcdef",
            "FW0123456789abcdef0123456789abcdef",
            "WS0123456789abcdef0123456789abcde",
            "WS0123456789abcdef0123456789abcdef0",
            "WS0123456789abcdef0123456789abcdeg",
            " WS0123456789abcdef0123456789abcde",
            "WS0123456789abcdef0123456789abcd\u{e9}",
        ] {
            assert!(WorkspaceSid::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn errors_name_the_prefix_and_the_pattern() {
        let err = WorkspaceSid::parse("nope").unwrap_err();
        assert_eq!(err.prefix, "WS");
        assert_eq!(err.value, "nope");
        assert_eq!(
            err.to_string(),
            "`nope` is not a valid `WS` SID: expected the pattern `^WS[0-9a-fA-F]{32}$`"
        );
        match Error::from(err) {
            Error::Validation(v) => {
                assert_eq!(v.param, "WS SID");
                assert_eq!(v.message, "`nope` does not match `^WS[0-9a-fA-F]{32}$`");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn prefix_and_pattern() {
        assert_eq!(WorkspaceSid::PREFIX, ['W', 'S']);
        assert_eq!(WorkspaceSid::prefix(), "WS");
        assert_eq!(FlowSid::pattern(), "^FW[0-9a-fA-F]{32}$");
    }

    #[test]
    fn conversions_and_formatting() -> Result<(), SidError> {
        let sid: WorkspaceSid = LOWER.parse()?;
        assert_eq!(WorkspaceSid::try_from(LOWER)?, sid);
        assert_eq!(WorkspaceSid::try_from(LOWER.to_owned())?, sid);
        assert_eq!(sid.as_str(), LOWER);
        assert_eq!(AsRef::<str>::as_ref(&sid), LOWER);
        assert_eq!(format!("{sid:?}"), format!("Sid({LOWER:?})"));
        assert_eq!(String::from(sid.clone()), LOWER);
        assert!(WorkspaceSid::parse(UPPER)? < sid);
        Ok(())
    }

    #[test]
    fn decoding_keeps_bad_values_and_check_refuses_them() {
        let sid: WorkspaceSid =
            serde_json::from_value(serde_json::json!("XX123")).expect("decodes");
        assert!(!sid.is_valid());
        assert_eq!(
            serde_json::to_value(&sid).expect("encodes"),
            serde_json::json!("XX123")
        );
        let err = sid.check("Integration.WorkspaceSid").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument: `Integration.WorkspaceSid` `XX123` is not a valid `WS` SID (pattern `^WS[0-9a-fA-F]{32}$`)"
        );
        let good: WorkspaceSid = serde_json::from_value(serde_json::json!(LOWER)).expect("decodes");
        assert!(good.check("WorkspaceSid").is_ok());
        let mut out = Vec::new();
        good.encode("WorkspaceSid", &mut out);
        assert_eq!(out, vec![("WorkspaceSid".to_owned(), LOWER.to_owned())]);
    }
}
