//! Serde helpers for RFC 2822 date-times (`Mon, 15 Aug 2016 22:10:40 +0000`), the format
//! of the date fields of Twilio's older APIs.
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Call {
//!     #[serde(with = "twilio_runtime::rfc2822")]
//!     date_created: chrono::DateTime<chrono::Utc>,
//!     #[serde(default, with = "twilio_runtime::rfc2822::option")]
//!     end_time: Option<chrono::DateTime<chrono::Utc>>,
//! }
//! let call: Call = serde_json::from_str(
//!     r#"{"date_created": "Mon, 15 Aug 2016 22:10:40 +0000", "end_time": ""}"#,
//! )?;
//! assert_eq!(call.date_created.to_rfc3339(), "2016-08-15T22:10:40+00:00");
//! assert_eq!(call.end_time, None);
//! # Ok::<(), serde_json::Error>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serializer};

fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc2822(text).map(|t| t.with_timezone(&Utc))
}

/// Writes the date-time as RFC 2822 text.
pub fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&value.to_rfc2822())
}

/// Reads RFC 2822 text (any offset; converted to UTC).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// The same for optional date-times; use with `#[serde(default)]`.
pub mod option {
    use super::*;

    /// Writes the date-time as RFC 2822 text, or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_str(&v.to_rfc2822()),
            None => s.serialize_none(),
        }
    }

    /// Reads RFC 2822 text; `null` and the empty string are both no date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) if text.is_empty() => Ok(None),
            Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Dates {
        #[serde(with = "crate::rfc2822")]
        created: DateTime<Utc>,
        #[serde(default, with = "crate::rfc2822::option")]
        ended: Option<DateTime<Utc>>,
    }

    #[test]
    fn dates_round_trip_in_utc() {
        let dates: Dates = serde_json::from_str(
            r#"{"created": "Mon, 15 Aug 2016 22:10:40 +0200", "ended": "Tue, 16 Aug 2016 01:00:00 +0000"}"#,
        )
        .expect("decodes");
        assert_eq!(dates.created.to_rfc3339(), "2016-08-15T20:10:40+00:00");
        assert_eq!(
            dates.ended.map(|d| d.to_rfc3339()).as_deref(),
            Some("2016-08-16T01:00:00+00:00")
        );
        let json = serde_json::to_value(&dates).expect("encodes");
        assert_eq!(
            json,
            serde_json::json!({"created": "Mon, 15 Aug 2016 20:10:40 +0000", "ended": "Tue, 16 Aug 2016 01:00:00 +0000"})
        );
    }

    #[test]
    fn missing_null_and_empty_are_no_date() {
        for body in [
            r#"{"created": "Mon, 15 Aug 2016 22:10:40 +0000"}"#,
            r#"{"created": "Mon, 15 Aug 2016 22:10:40 +0000", "ended": null}"#,
            r#"{"created": "Mon, 15 Aug 2016 22:10:40 +0000", "ended": ""}"#,
        ] {
            let dates: Dates = serde_json::from_str(body).expect("decodes");
            assert_eq!(dates.ended, None, "{body}");
        }
        let dates: Dates =
            serde_json::from_str(r#"{"created": "Mon, 15 Aug 2016 22:10:40 +0000"}"#)
                .expect("decodes");
        assert_eq!(
            serde_json::to_value(&dates).expect("encodes")["ended"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn other_text_is_an_error() {
        assert!(serde_json::from_str::<Dates>(r#"{"created": "2016-08-15T22:10:40Z"}"#).is_err());
        assert!(serde_json::from_str::<Dates>(r#"{"created": ""}"#).is_err());
        assert!(serde_json::from_str::<Dates>(
            r#"{"created": "Mon, 15 Aug 2016 22:10:40 +0000", "ended": "yesterday"}"#
        )
        .is_err());
    }
}
