//! Errors returned by the client.

use std::fmt;

/// Result alias of this crate (and of the generated crates).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most bytes of an unparseable response body kept in [`Error::Http`].
const BODY_EXCERPT: usize = 1024;

/// An error reported by the API in its JSON error body.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: u16,
    /// Twilio error code, see <https://www.twilio.com/docs/api/errors>.
    pub code: Option<i64>,
    /// Human-readable message.
    pub message: String,
    /// Link to the documentation of the error code.
    pub more_info: Option<String>,
    /// The whole error body, including fields not listed above.
    pub body: serde_json::Value,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, ", code {code}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(more) = &self.more_info {
            write!(f, " ({more})")?;
        }
        Ok(())
    }
}

/// A request argument broke a rule of the API spec; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// The parameter, by its wire name (`Integration.Url`).
    pub param: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.param, self.message)
    }
}

/// Every error of the client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error body.
    #[error("API error: {0}")]
    Api(Box<ApiError>),
    /// The API answered with an error status and a body that is not an error document.
    #[error("HTTP {status} with an unexpected body: {body}")]
    Http {
        /// HTTP status.
        status: u16,
        /// The start of the body, at most 1 KiB.
        body: String,
    },
    /// The request could not be sent or the response could not be read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A success response did not match the expected shape.
    #[error("cannot decode the response at `{path}`: {message}")]
    Decode {
        /// Path of the offending value (`integration.retry_count`, `flex_flows[2].sid`).
        path: String,
        /// What was wrong.
        message: String,
    },
    /// An argument broke a rule of the spec; no request was sent.
    #[error("invalid argument: {0}")]
    Validation(ValidationError),
    /// The client is misconfigured (missing credentials, bad base URL).
    #[error("configuration error: {0}")]
    Config(String),
}

impl Error {
    /// The validation error for `param` (its wire name): what generated `Params::validate`
    /// and `Check` implementations return.
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        Error::Validation(ValidationError {
            param: param.to_owned(),
            message: message.into(),
        })
    }

    /// The error for a non-success response: [`Error::Api`] when the body is a JSON object
    /// with a `message` (or `detail`, or `title`), else [`Error::Http`] with the start of the
    /// body.
    pub(crate) fn from_response(status: u16, body: &[u8]) -> Self {
        if let Ok(serde_json::Value::Object(map)) =
            serde_json::from_slice::<serde_json::Value>(body)
        {
            let text = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let message = text("message")
                .or_else(|| text("detail"))
                .or_else(|| text("title"));
            if let Some(message) = message {
                return Error::Api(Box::new(ApiError {
                    status: map
                        .get("status")
                        .and_then(|v| v.as_u64())
                        .and_then(|s| u16::try_from(s).ok())
                        .unwrap_or(status),
                    code: map.get("code").and_then(|v| v.as_i64()),
                    message,
                    more_info: text("more_info"),
                    body: serde_json::Value::Object(map),
                }));
            }
        }
        Error::Http {
            status,
            body: excerpt(body),
        }
    }

    /// Decodes a JSON body as `T`; on failure, an [`Error::Decode`] naming the path of the
    /// offending value (`(body)` for the whole body).
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
        let de = &mut serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            Error::Decode {
                path: if path == "." {
                    String::from("(body)")
                } else {
                    path
                },
                message: e.into_inner().to_string(),
            }
        })
    }
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= BODY_EXCERPT {
        return text.into_owned();
    }
    let mut end = BODY_EXCERPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], body.len())
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

/// A URL argument that does not parse (`Url::parse(text)?` in code returning this
/// crate's `Result`).
impl From<url::ParseError> for Error {
    fn from(e: url::ParseError) -> Self {
        Error::Validation(ValidationError {
            param: "url".to_owned(),
            message: format!("is not a valid URL: {e}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_become_api_errors() {
        let body =
            br#"{"code": 20404, "message": "Not found", "more_info": "https://x", "status": 404}"#;
        match Error::from_response(404, body) {
            Error::Api(e) => {
                assert_eq!((e.status, e.code), (404, Some(20404)));
                assert_eq!(e.to_string(), "HTTP 404, code 20404: Not found (https://x)");
            }
            other => panic!("{other:?}"),
        }
        match Error::from_response(400, br#"{"detail": "bad"}"#) {
            Error::Api(e) => assert_eq!((e.status, e.message.as_str()), (400, "bad")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn other_bodies_are_kept_in_part() {
        match Error::from_response(502, b"{\"no\": \"message\"}") {
            Error::Http { status, body } => {
                assert_eq!((status, body.as_str()), (502, "{\"no\": \"message\"}"))
            }
            other => panic!("{other:?}"),
        }
        // Cut on a character boundary: `é` is two bytes and straddles byte 1024.
        let long = format!("a{}", "é".repeat(1000));
        match Error::from_response(500, long.as_bytes()) {
            Error::Http { body, .. } => {
                assert!(body.starts_with(&long[..1023]), "{body}");
                assert!(body.ends_with("… (2001 bytes in all)"), "{body}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_errors_name_the_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Inner,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: i64,
        }
        match Error::decode::<Outer>(br#"{"inner": {"n": "x"}}"#) {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "inner.n"),
            other => panic!("{other:?}"),
        }
        match Error::decode::<Outer>(b"[]") {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "(body)"),
            other => panic!("{other:?}"),
        }
    }
}
