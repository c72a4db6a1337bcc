//! Errors and warnings, each naming the file and the place in it.

use std::fmt;

use serde::Serialize;

/// Where in the spec something is: a line and column for syntax errors, a JSON pointer
/// (RFC 6901, e.g. `/paths/~1v1~1FlexFlows/get`) for everything found after parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line and column in the spec text.
    LineColumn { line: usize, column: usize },
    /// JSON pointer into the spec document.
    Pointer(String),
    /// The whole file (I/O errors, empty documents).
    File,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Location::Pointer(p) if p.is_empty() => f.write_str("#"),
            Location::Pointer(p) => write!(f, "#{p}"),
            Location::File => Ok(()),
        }
    }
}

/// A generation failure. `Display` is a single line: `file:place: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.file, .location, .message))]
pub struct Error {
    /// The spec file as the user named it.
    pub file: String,
    /// The place in the file.
    pub location: Location,
    /// What is wrong, in one sentence.
    pub message: String,
}

fn render(file: &str, location: &Location, message: &str) -> String {
    let message = message.replace('\n', " ");
    match location {
        Location::File => format!("{file}: {message}"),
        other => format!("{file}:{other}: {message}"),
    }
}

impl Error {
    /// An error at a JSON pointer.
    pub fn at(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            location: Location::Pointer(pointer.into()),
            message: message.into(),
        }
    }

    /// An error about the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            location: Location::File,
            message: message.into(),
        }
    }
}

/// Something the generator could not fully support; generation went on without it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// JSON pointer of the construct.
    pub pointer: String,
    /// What was skipped or approximated.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Escapes one JSON pointer reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON pointer from unescaped tokens.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        out.push_str(&escape_token(t.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/v1/FlexFlows/{Sid}", "get"]),
            "/paths/~1v1~1FlexFlows~1{Sid}/get"
        );
        assert_eq!(pointer(["a~b"]), "/a~0b");
    }

    #[test]
    fn errors_render_on_one_line() {
        let e = Error::at("spec.yaml", "/paths", "spec has\nno paths");
        assert_eq!(e.to_string(), "spec.yaml:#/paths: spec has no paths");
        let e = Error {
            file: "x.yaml".into(),
            location: Location::LineColumn { line: 3, column: 7 },
            message: "bad".into(),
        };
        assert_eq!(e.to_string(), "x.yaml:3:7: bad");
    }
}
