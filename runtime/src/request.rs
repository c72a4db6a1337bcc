//! Requests as generated code builds them: a URL from path [`Segment`]s, then the
//! operation's parameters.

use crate::encoding::{Params, Parts};
use crate::error::Result;

/// The HTTP method of a request.
pub use reqwest::Method;

/// One segment of a request path, for [`Client::endpoint`](crate::Client::endpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text from the spec (`v1`, `FlexFlows`, `Accounts`), written as is.
    Literal(&'a str),
    /// A path parameter: its value is percent-encoded (only RFC 3986's unreserved
    /// characters are kept) and followed by `suffix`, written as is (`.json` in
    /// `/Calls/{Sid}.json`; usually empty). An empty, `.` or `..` value is refused with a
    /// [`ValidationError`](crate::ValidationError) naming the parameter.
    Param {
        /// The parameter's wire name (`Sid`), for errors.
        name: &'static str,
        /// The parameter's value.
        value: &'a str,
        /// Literal text after the value.
        suffix: &'static str,
    },
}

impl<'a> Segment<'a> {
    /// A path parameter filling a whole segment.
    pub fn param(name: &'static str, value: &'a str) -> Self {
        Segment::Param {
            name,
            value,
            suffix: "",
        }
    }

    /// A path parameter followed by literal text in the same segment (`{Sid}.json`).
    pub fn param_with_suffix(name: &'static str, value: &'a str, suffix: &'static str) -> Self {
        Segment::Param {
            name,
            value,
            suffix,
        }
    }
}

/// A request body.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
}

/// A request, ready to send (and to resend): what generated operations build and hand to
/// [`Client::execute`](crate::Client::execute), [`Client::execute_empty`](crate::Client::execute_empty)
/// or [`List::new`](crate::List::new).
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) url: url::Url,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    /// Whether sending it twice has the effect of sending it once.
    pub(crate) idempotent: bool,
}

impl Request {
    /// A request without parameters. `idempotent` says whether sending it twice has the
    /// effect of sending it once (fetch, list, update, delete; not create): only those are
    /// retried after a server error or a connection failure.
    pub fn new(method: Method, url: url::Url, idempotent: bool) -> Self {
        Request {
            method,
            url,
            headers: Vec::new(),
            body: Body::None,
            idempotent,
        }
    }

    /// Encodes an operation's parameters into the request and validates them
    /// ([`Params::encode`], then [`Params::validate`]): query pairs are appended to the URL;
    /// a JSON member makes a JSON body, else form pairs (or [`Params::FORM_BODY`]) make a
    /// form body. Headers replace any set before.
    pub fn with<P: Params>(mut self, params: &P) -> Result<Self> {
        let mut parts = Parts::default();
        params.encode(&mut parts);
        params.validate(&parts)?;
        if !parts.query.is_empty() {
            self.url
                .query_pairs_mut()
                .extend_pairs(parts.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        self.headers = parts.headers;
        self.body = match parts.json {
            Some(json) => Body::Json(json),
            None if !parts.form.is_empty() || P::FORM_BODY => Body::Form(parts.form),
            None => Body::None,
        };
        Ok(self)
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL, query included.
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// The headers the parameters set.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Whether the request may be retried after a server error or a connection failure.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::Encode;

    struct Search {
        name: Option<String>,
        header: Option<String>,
        form: Option<String>,
    }

    impl Params for Search {
        fn encode(&self, parts: &mut Parts) {
            self.name.encode("Name", &mut parts.query);
            self.header
                .encode("X-Twilio-Webhook-Enabled", &mut parts.headers);
            self.form.encode("Form", &mut parts.form);
        }

        fn validate(&self, parts: &Parts) -> Result<()> {
            parts.not_accepted("Forbidden")
        }
    }

    struct EmptyForm;

    impl Params for EmptyForm {
        const FORM_BODY: bool = true;

        fn encode(&self, _parts: &mut Parts) {}
    }

    fn request() -> Request {
        Request::new(
            Method::GET,
            url::Url::parse("http://127.0.0.1:9/v1/Things").expect("a URL"),
            true,
        )
    }

    #[test]
    fn parameters_go_to_the_query_the_headers_and_the_body() -> Result<()> {
        let r = request().with(&Search {
            name: Some("a b&c".into()),
            header: Some("true".into()),
            form: None,
        })?;
        assert_eq!(
            r.url().as_str(),
            "http://127.0.0.1:9/v1/Things?Name=a+b%26c"
        );
        assert_eq!(
            r.headers(),
            &[("X-Twilio-Webhook-Enabled".to_owned(), "true".to_owned())]
        );
        assert!(matches!(r.body, Body::None));
        assert!(r.is_idempotent());
        assert_eq!(*r.method(), Method::GET);

        let r = request().with(&Search {
            name: None,
            header: None,
            form: Some("x".into()),
        })?;
        assert!(
            matches!(&r.body, Body::Form(pairs) if pairs == &[("Form".to_owned(), "x".to_owned())])
        );
        assert_eq!(r.url().query(), None);
        Ok(())
    }

    #[test]
    fn form_operations_send_a_form_even_when_empty() -> Result<()> {
        let r = request().with(&EmptyForm)?;
        assert!(matches!(&r.body, Body::Form(pairs) if pairs.is_empty()));
        Ok(())
    }

    #[test]
    fn validation_runs_on_the_encoded_parts() {
        struct Bad;
        impl Params for Bad {
            fn encode(&self, parts: &mut Parts) {
                parts.form.push(("Forbidden.Member".into(), "1".into()));
            }
            fn validate(&self, parts: &Parts) -> Result<()> {
                parts.not_accepted("Forbidden")
            }
        }
        let err = request().with(&Bad).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "invalid argument: `Forbidden` is not accepted by this operation"
        );
    }

    #[test]
    fn segments_name_their_parts() {
        assert_eq!(
            Segment::param("Sid", "x"),
            Segment::Param {
                name: "Sid",
                value: "x",
                suffix: ""
            }
        );
        assert_eq!(
            Segment::param_with_suffix("Sid", "x", ".json"),
            Segment::Param {
                name: "Sid",
                value: "x",
                suffix: ".json"
            }
        );
    }
}
