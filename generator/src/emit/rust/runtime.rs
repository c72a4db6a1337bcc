//! The fixed parts of the generated crate: errors, the HTTP client, paging, the SID type,
//! encoding and validation helpers. They do not depend on the spec, so the build script
//! formats them once, when the generator is built; generation only copies the text (and
//! picks the validation helpers the resources call).
//!
//! This file is compiled by the build script only: keep it free of crate imports.

use proc_macro2::TokenStream;
use quote::quote;

/// `src/error.rs`.
pub fn error_rs() -> TokenStream {
    quote! {
        //! Errors returned by the client.

        use std::fmt;

        /// Result alias for this crate.
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

        /// Every error of this crate.
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
            /// The validation error for `param`.
            pub(crate) fn invalid(param: &str, message: impl Into<String>) -> Self {
                Error::Validation(ValidationError {
                    param: param.to_owned(),
                    message: message.into(),
                })
            }

            /// The error for a non-success response.
            pub(crate) fn from_response(status: u16, body: &[u8]) -> Self {
                if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) {
                    let text = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_owned);
                    let message = text("message").or_else(|| text("detail")).or_else(|| text("title"));
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

            /// The decode error for a body that does not match `T`.
            pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
                let de = &mut serde_json::Deserializer::from_slice(body);
                serde_path_to_error::deserialize(de).map_err(|e| {
                    let path = e.path().to_string();
                    Error::Decode {
                        path: if path == "." { String::from("(body)") } else { path },
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
    }
}

/// `src/client.rs`.
pub fn client_rs() -> TokenStream {
    quote! {
        //! The HTTP client: credentials, base URL, timeouts and retries.

        use std::fmt;
        use std::sync::Arc;
        use std::time::Duration;

        use crate::error::{Error, Result, ValidationError};

        /// What a path segment keeps as is: letters, digits and `-._~` (RFC 3986's unreserved
        /// characters); everything else is percent-encoded.
        const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');

        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), " (rust)");

        /// HTTP basic-auth credentials: an account SID and auth token, or an API key SID and
        /// secret. `Debug` never shows the secret.
        #[derive(Clone)]
        pub struct Credentials {
            username: String,
            password: String,
        }

        impl Credentials {
            /// Authenticates with an account SID (`AC…`) and its auth token.
            pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
                Credentials {
                    username: account_sid.into(),
                    password: auth_token.into(),
                }
            }

            /// Authenticates with an API key SID (`SK…`) and its secret.
            pub fn api_key(api_key_sid: impl Into<String>, api_key_secret: impl Into<String>) -> Self {
                Credentials {
                    username: api_key_sid.into(),
                    password: api_key_secret.into(),
                }
            }

            /// The user name sent: the account SID or the API key SID.
            pub fn username(&self) -> &str {
                &self.username
            }
        }

        impl fmt::Debug for Credentials {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Credentials")
                    .field("username", &self.username)
                    .field("password", &"[redacted]")
                    .finish()
            }
        }

        /// When and how often failed requests are retried.
        ///
        /// A `429 Too Many Requests` is retried for every operation (the request was not
        /// processed). Server errors (5xx) and connection failures are retried only for
        /// operations that are safe to repeat: fetch, list, update and delete, never create.
        /// Delays grow exponentially with full jitter and honour `Retry-After`.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct RetryPolicy {
            /// Retries after the first attempt.
            pub max_retries: u32,
            /// Delay before the first retry (before jitter).
            pub initial_backoff: Duration,
            /// Upper bound of any delay, including one asked for by `Retry-After`.
            pub max_backoff: Duration,
        }

        impl Default for RetryPolicy {
            fn default() -> Self {
                RetryPolicy {
                    max_retries: 3,
                    initial_backoff: Duration::from_millis(500),
                    max_backoff: Duration::from_secs(30),
                }
            }
        }

        impl RetryPolicy {
            /// Never retry.
            pub fn none() -> Self {
                RetryPolicy {
                    max_retries: 0,
                    ..RetryPolicy::default()
                }
            }

            fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
                if let Some(wait) = retry_after {
                    return wait.min(self.max_backoff);
                }
                let exp = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry.min(16)));
                let capped = exp.min(self.max_backoff);
                // Full jitter: anywhere between half and all of the capped delay.
                capped.mul_f64(0.5 + fastrand::f64() / 2.0)
            }
        }

        /// Builds a [`Client`].
        #[derive(Debug, Default)]
        #[must_use]
        pub struct ClientBuilder {
            credentials: Option<Credentials>,
            base_url: Option<String>,
            region: Option<String>,
            edge: Option<String>,
            timeout: Option<Duration>,
            retry: Option<RetryPolicy>,
            http: Option<reqwest::Client>,
        }

        impl ClientBuilder {
            /// The credentials to authenticate with (required).
            pub fn credentials(mut self, credentials: Credentials) -> Self {
                self.credentials = Some(credentials);
                self
            }

            /// Sends every request to this base URL instead of the spec's servers (a mock
            /// server, a proxy). Paths are appended to it.
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = Some(base_url.into());
                self
            }

            /// Targets a Twilio region (`ie1`, `au1`): `flex-api.twilio.com` becomes
            /// `flex-api.<edge>.<region>.twilio.com`.
            pub fn region(mut self, region: impl Into<String>) -> Self {
                self.region = Some(region.into());
                self
            }

            /// Targets a Twilio edge location (`dublin`, `sydney`); the region defaults to `us1`.
            pub fn edge(mut self, edge: impl Into<String>) -> Self {
                self.edge = Some(edge.into());
                self
            }

            /// Timeout of each HTTP attempt (default 30 seconds).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// How failed requests are retried (default: [`RetryPolicy::default`]).
            pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.retry = Some(retry);
                self
            }

            /// Uses this `reqwest` client (its own timeout and proxy settings apply).
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// Builds the client.
            pub fn build(self) -> Result<Client> {
                let credentials = self
                    .credentials
                    .ok_or_else(|| Error::Config("no credentials: call ClientBuilder::credentials".into()))?;
                let base_url = match self.base_url {
                    Some(raw) => {
                        let url = url::Url::parse(&raw)
                            .map_err(|e| Error::Config(format!("base URL `{raw}` is not a URL: {e}")))?;
                        if url.cannot_be_a_base() {
                            return Err(Error::Config(format!("base URL `{raw}` cannot have paths")));
                        }
                        Some(url)
                    }
                    None => None,
                };
                let http = match self.http {
                    Some(http) => http,
                    None => reqwest::Client::builder()
                        .timeout(self.timeout.unwrap_or(Duration::from_secs(30)))
                        .user_agent(USER_AGENT)
                        .build()
                        .map_err(Error::Transport)?,
                };
                Ok(Client {
                    inner: Arc::new(Inner {
                        http,
                        credentials,
                        base_url,
                        region: self.region,
                        edge: self.edge,
                        retry: self.retry.unwrap_or_default(),
                    }),
                })
            }
        }

        struct Inner {
            http: reqwest::Client,
            credentials: Credentials,
            base_url: Option<url::Url>,
            region: Option<String>,
            edge: Option<String>,
            retry: RetryPolicy,
        }

        /// The API client. Cheap to clone: clones share one connection pool.
        ///
        /// Resources are reached through accessor methods; each returns a handle whose methods
        /// send requests.
        #[derive(Clone)]
        pub struct Client {
            inner: Arc<Inner>,
        }

        impl fmt::Debug for Client {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Client")
                    .field("credentials", &self.inner.credentials)
                    .field("base_url", &self.inner.base_url.as_ref().map(|u| u.as_str()))
                    .field("region", &self.inner.region)
                    .field("edge", &self.inner.edge)
                    .field("retry", &self.inner.retry)
                    .finish()
            }
        }

        impl Client {
            /// A client authenticating with an account SID and auth token.
            pub fn new(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Result<Self> {
                Client::builder()
                    .credentials(Credentials::auth_token(account_sid, auth_token))
                    .build()
            }

            /// A builder for every other setting.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// A client configured from the environment: `TWILIO_API_KEY` and
            /// `TWILIO_API_SECRET` when both are set, else `TWILIO_ACCOUNT_SID` and
            /// `TWILIO_AUTH_TOKEN`; optionally `TWILIO_REGION` and `TWILIO_EDGE`.
            pub fn from_env() -> Result<Self> {
                let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
                let credentials = match (var("TWILIO_API_KEY"), var("TWILIO_API_SECRET")) {
                    (Some(key), Some(secret)) => Credentials::api_key(key, secret),
                    _ => {
                        let sid = var("TWILIO_ACCOUNT_SID")
                            .ok_or_else(|| Error::Config("TWILIO_ACCOUNT_SID is not set".into()))?;
                        let token = var("TWILIO_AUTH_TOKEN")
                            .ok_or_else(|| Error::Config("TWILIO_AUTH_TOKEN is not set".into()))?;
                        Credentials::auth_token(sid, token)
                    }
                };
                let mut builder = Client::builder().credentials(credentials);
                if let Some(region) = var("TWILIO_REGION") {
                    builder = builder.region(region);
                }
                if let Some(edge) = var("TWILIO_EDGE") {
                    builder = builder.edge(edge);
                }
                builder.build()
            }

            /// The URL of a path under a resource's default base URL (or the configured one).
            /// Segments are percent-encoded; an empty, `.` or `..` segment (a path parameter's
            /// value) is refused: the URL would name another resource.
            pub(crate) fn endpoint(&self, default_base: &str, segments: &[&str]) -> Result<url::Url> {
                let mut url = match &self.inner.base_url {
                    Some(base) => base.clone(),
                    None => {
                        let mut url = url::Url::parse(default_base)
                            .map_err(|e| Error::Config(format!("base URL `{default_base}`: {e}")))?;
                        if self.inner.region.is_some() || self.inner.edge.is_some() {
                            let host = url.host_str().unwrap_or_default().to_owned();
                            let regional = regional_host(&host, self.inner.edge.as_deref(), self.inner.region.as_deref());
                            url.set_host(Some(&regional))
                                .map_err(|e| Error::Config(format!("host `{regional}`: {e}")))?;
                        }
                        url
                    }
                };
                if url.cannot_be_a_base() {
                    return Err(Error::Config("the base URL cannot have paths".into()));
                }
                let mut path = url.path().trim_end_matches('/').to_owned();
                for segment in segments {
                    if matches!(*segment, "" | "." | "..") {
                        return Err(Error::Validation(ValidationError {
                            param: "path".to_owned(),
                            message: format!("`{segment}` cannot be a path segment: the URL would name another resource"),
                        }));
                    }
                    path.push('/');
                    path.extend(percent_encoding::utf8_percent_encode(segment, SEGMENT));
                }
                url.set_path(&path);
                Ok(url)
            }

            /// Sends a request, retrying as the policy allows; returns the success body.
            pub(crate) async fn send(&self, request: &Request) -> Result<bytes::Bytes> {
                let retry = &self.inner.retry;
                let mut attempt = 0u32;
                loop {
                    let mut builder = self
                        .inner
                        .http
                        .request(request.method.clone(), request.url.clone());
                    if !request.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization")) {
                        builder = builder.basic_auth(&self.inner.credentials.username, Some(&self.inner.credentials.password));
                    }
                    builder = builder.header(reqwest::header::USER_AGENT, USER_AGENT);
                    for (name, value) in &request.headers {
                        builder = builder.header(name.as_str(), value.as_str());
                    }
                    match &request.body {
                        Body::None => {}
                        Body::Form(pairs) => {
                            let encoded = form_urlencoded::Serializer::new(String::new())
                                .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                                .finish();
                            builder = builder
                                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                                .body(encoded);
                        }
                        Body::Json(value) => {
                            let encoded = serde_json::to_vec(value)
                                .map_err(|e| Error::Config(format!("cannot encode the JSON body: {e}")))?;
                            builder = builder
                                .header(reqwest::header::CONTENT_TYPE, "application/json")
                                .body(encoded);
                        }
                    }
                    let can_retry = attempt < retry.max_retries;
                    match builder.send().await {
                        Ok(response) => {
                            let status = response.status();
                            if status.is_success() {
                                return response.bytes().await.map_err(Error::Transport);
                            }
                            let transient = status == reqwest::StatusCode::TOO_MANY_REQUESTS
                                || (status.is_server_error() && request.idempotent);
                            if transient && can_retry {
                                let wait = retry.delay(attempt, retry_after(response.headers()));
                                tokio::time::sleep(wait).await;
                                attempt += 1;
                                continue;
                            }
                            let body = response.bytes().await.map_err(Error::Transport)?;
                            return Err(Error::from_response(status.as_u16(), &body));
                        }
                        Err(e) if can_retry && request.idempotent && (e.is_connect() || e.is_timeout()) => {
                            tokio::time::sleep(retry.delay(attempt, None)).await;
                            attempt += 1;
                        }
                        Err(e) => return Err(Error::Transport(e)),
                    }
                }
            }

            /// Sends a request and decodes the JSON body.
            pub(crate) async fn execute<T: serde::de::DeserializeOwned>(&self, request: Request) -> Result<T> {
                let body = self.send(&request).await?;
                Error::decode(&body)
            }

            /// Sends a request whose success response has no body.
            pub(crate) async fn execute_empty(&self, request: Request) -> Result<()> {
                self.send(&request).await.map(|_| ())
            }
        }

        /// `flex-api.twilio.com` + edge `dublin` + region `ie1` -> `flex-api.dublin.ie1.twilio.com`.
        fn regional_host(host: &str, edge: Option<&str>, region: Option<&str>) -> String {
            let Some(product) = host.strip_suffix(".twilio.com") else {
                return host.to_owned();
            };
            // A host that already names a region keeps its product part only.
            let product = product.split('.').next().unwrap_or(product);
            let region = region.unwrap_or("us1");
            match edge {
                Some(edge) => format!("{product}.{edge}.{region}.twilio.com"),
                None => format!("{product}.{region}.twilio.com"),
            }
        }

        /// `Retry-After` as seconds or an HTTP date.
        fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
            let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
            if let Ok(secs) = value.parse::<u64>() {
                return Some(Duration::from_secs(secs));
            }
            let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            let wait = when.signed_duration_since(chrono::Utc::now()).to_std().ok()?;
            Some(wait)
        }

        /// A request body.
        #[derive(Clone, Debug)]
        pub(crate) enum Body {
            None,
            Form(Vec<(String, String)>),
            Json(serde_json::Value),
        }

        /// A request, ready to send (and to resend).
        #[derive(Clone, Debug)]
        pub(crate) struct Request {
            pub(crate) method: reqwest::Method,
            pub(crate) url: url::Url,
            pub(crate) headers: Vec<(String, String)>,
            pub(crate) body: Body,
            /// Whether sending it twice has the effect of sending it once.
            pub(crate) idempotent: bool,
        }

        impl Request {
            /// A request without parameters.
            pub(crate) fn new(method: reqwest::Method, url: url::Url, idempotent: bool) -> Self {
                Request {
                    method,
                    url,
                    headers: Vec::new(),
                    body: Body::None,
                    idempotent,
                }
            }

            /// Validates and encodes an operation's parameters into the request.
            pub(crate) fn with<P: crate::encoding::Params>(mut self, params: &P) -> Result<Self> {
                let mut parts = crate::encoding::Parts::default();
                params.encode(&mut parts);
                params.validate(&parts)?;
                if !parts.query.is_empty() {
                    self.url.query_pairs_mut().extend_pairs(parts.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                }
                self.headers = parts.headers;
                self.body = match parts.json {
                    Some(json) => Body::Json(json),
                    None if !parts.form.is_empty() || P::FORM_BODY => Body::Form(parts.form),
                    None => Body::None,
                };
                Ok(self)
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn regional_hosts() {
                assert_eq!(regional_host("flex-api.twilio.com", Some("dublin"), Some("ie1")), "flex-api.dublin.ie1.twilio.com");
                assert_eq!(regional_host("flex-api.twilio.com", None, Some("au1")), "flex-api.au1.twilio.com");
                assert_eq!(regional_host("flex-api.twilio.com", Some("sydney"), None), "flex-api.sydney.us1.twilio.com");
                assert_eq!(regional_host("localhost", Some("x"), None), "localhost");
            }

            #[test]
            fn retry_delays_grow_and_stay_bounded() {
                let policy = RetryPolicy::default();
                for retry in 0..20 {
                    let d = policy.delay(retry, None);
                    assert!(d <= policy.max_backoff, "{d:?}");
                    assert!(d >= policy.initial_backoff.min(policy.max_backoff) / 2, "{d:?}");
                }
                assert_eq!(policy.delay(0, Some(Duration::from_secs(2))), Duration::from_secs(2));
                assert_eq!(policy.delay(0, Some(Duration::from_secs(3600))), policy.max_backoff);
            }

            #[test]
            fn retry_after_reads_seconds() {
                let mut h = reqwest::header::HeaderMap::new();
                h.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("7"));
                assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
                h.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("soon"));
                assert_eq!(retry_after(&h), None);
            }

            #[test]
            fn debug_output_hides_secrets() {
                let client = Client::new("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "super-secret-token").expect("client builds");
                let debug = format!("{client:?}");
                assert!(!debug.contains("super-secret-token"), "{debug}");
                assert!(debug.contains("[redacted]"));
            }

            #[test]
            fn endpoints_encode_path_segments() {
                let client = Client::builder()
                    .credentials(Credentials::auth_token("AC", "t"))
                    .base_url("http://127.0.0.1:9/prefix/")
                    .build()
                    .expect("client builds");
                let url = client.endpoint(crate::DEFAULT_BASE_URL, &["v1", "Things", "a b/c?d"]).expect("a valid URL");
                assert_eq!(url.as_str(), "http://127.0.0.1:9/prefix/v1/Things/a%20b%2Fc%3Fd");
                // RFC 3986 leaves only unreserved characters bare in a segment.
                let url = client.endpoint(crate::DEFAULT_BASE_URL, &["v1", "x|y^[z]{w}\\é%", "a.b-c_d~e"]).expect("a valid URL");
                assert_eq!(url.path(), "/prefix/v1/x%7Cy%5E%5Bz%5D%7Bw%7D%5C%C3%A9%25/a.b-c_d~e");
                // Segments that would name another resource are refused.
                for bad in ["", ".", ".."] {
                    let err = client.endpoint(crate::DEFAULT_BASE_URL, &["v1", "Things", bad]).expect_err("refused");
                    assert!(matches!(err, Error::Validation(_)), "{bad:?}: {err}");
                }
            }
        }
    }
}

/// `src/paging.rs`.
pub fn paging_rs() -> TokenStream {
    quote! {
        //! Lists: one page at a time, or every item as a stream following `next_page_url`.

        use std::collections::VecDeque;
        use std::future::{Future, IntoFuture};
        use std::marker::PhantomData;
        use std::pin::Pin;

        use futures_core::Stream;
        use serde::de::DeserializeOwned;

        use crate::client::{Client, Request};
        use crate::error::{Error, Result};

        /// Paging information of a list response.
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
        #[non_exhaustive]
        pub struct PageMeta {
            /// Index of this page.
            #[serde(default)]
            pub page: Option<u64>,
            /// Items per page.
            #[serde(default)]
            pub page_size: Option<u64>,
            /// URL of the first page.
            #[serde(default)]
            pub first_page_url: Option<String>,
            /// URL of the previous page, if any.
            #[serde(default)]
            pub previous_page_url: Option<String>,
            /// URL of the next page; `None` on the last page.
            #[serde(default)]
            pub next_page_url: Option<String>,
            /// URL of this page.
            #[serde(default)]
            pub url: Option<String>,
            /// The key holding the items.
            #[serde(default)]
            pub key: Option<String>,
        }

        /// One page of a list.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct Page<T> {
            /// The items of this page.
            pub items: Vec<T>,
            /// Paging information.
            pub meta: PageMeta,
        }

        impl<T: DeserializeOwned> Page<T> {
            /// Decodes `{"meta": {...}, "<key>": [...]}`.
            pub(crate) fn decode(body: &[u8], key: &str) -> Result<Self> {
                #[derive(serde::Deserialize)]
                struct Raw {
                    #[serde(default)]
                    meta: PageMeta,
                    #[serde(flatten)]
                    rest: serde_json::Map<String, serde_json::Value>,
                }
                let mut raw: Raw = Error::decode(body)?;
                let items = match raw.rest.remove(key) {
                    Some(value) => serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
                        path: format!("{key}{}", bracket_path(&e.path().to_string())),
                        message: e.into_inner().to_string(),
                    })?,
                    None => {
                        return Err(Error::Decode {
                            path: key.to_owned(),
                            message: "missing list key".into(),
                        })
                    }
                };
                Ok(Page { items, meta: raw.meta })
            }
        }

        /// `[2].sid` stays, `sid` becomes `.sid`, `.` (the root) disappears.
        fn bracket_path(path: &str) -> String {
            match path {
                "." => String::new(),
                p if p.starts_with('[') => p.to_owned(),
                p => format!(".{p}"),
            }
        }

        /// A list request. `.await` it for the first page, or call [`List::stream`] for every
        /// item of every page.
        #[must_use = "a list does nothing until awaited or streamed"]
        pub struct List<T> {
            client: Client,
            request: Result<Request>,
            key: &'static str,
            limit: Option<usize>,
            _items: PhantomData<fn() -> T>,
        }

        impl<T> std::fmt::Debug for List<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("List").field("key", &self.key).field("limit", &self.limit).finish_non_exhaustive()
            }
        }

        impl<T: DeserializeOwned + Send + 'static> List<T> {
            pub(crate) fn new(client: Client, request: Result<Request>, key: &'static str) -> Self {
                List {
                    client,
                    request,
                    key,
                    limit: None,
                    _items: PhantomData,
                }
            }

            /// Stops the stream after this many items in all.
            pub fn limit(mut self, max_items: usize) -> Self {
                self.limit = Some(max_items);
                self
            }

            /// Fetches the first page.
            pub async fn first_page(self) -> Result<Page<T>> {
                let request = self.request?;
                let body = self.client.send(&request).await?;
                let mut page = Page::decode(&body, self.key)?;
                if let Some(limit) = self.limit {
                    page.items.truncate(limit);
                }
                Ok(page)
            }

            /// Every item, page after page, following `meta.next_page_url` on the same host.
            pub fn stream(self) -> impl Stream<Item = Result<T>> + Send + 'static {
                struct State<T> {
                    client: Client,
                    next: Option<Request>,
                    buffer: VecDeque<T>,
                    remaining: Option<usize>,
                    key: &'static str,
                }
                let (next, error) = match self.request {
                    Ok(r) => (Some(r), None),
                    Err(e) => (None, Some(e)),
                };
                let state = State {
                    client: self.client,
                    next,
                    buffer: VecDeque::new(),
                    remaining: self.limit,
                    key: self.key,
                };
                let first_error = futures_util::stream::iter(error.map(Err));
                let items = futures_util::stream::try_unfold(state, |mut st: State<T>| async move {
                    loop {
                        if st.remaining == Some(0) {
                            return Ok(None);
                        }
                        if let Some(item) = st.buffer.pop_front() {
                            st.remaining = st.remaining.map(|r| r - 1);
                            return Ok(Some((item, st)));
                        }
                        let Some(request) = st.next.take() else {
                            return Ok(None);
                        };
                        let body = st.client.send(&request).await?;
                        let page: Page<T> = Page::decode(&body, st.key)?;
                        if let Some(next) = page.meta.next_page_url.as_deref().filter(|u| !u.is_empty()) {
                            st.next = Some(next_request(&request, next)?);
                        }
                        if page.items.is_empty() && st.next.is_none() {
                            return Ok(None);
                        }
                        st.buffer.extend(page.items);
                    }
                });
                futures_util::StreamExt::chain(first_error, items)
            }
        }

        impl<T: DeserializeOwned + Send + 'static> IntoFuture for List<T> {
            type Output = Result<Page<T>>;
            type IntoFuture = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.first_page())
            }
        }

        /// The request for `next_page_url`: its path and query on the host of the first request,
        /// so credentials never go to a host named by a response.
        fn next_request(previous: &Request, next: &str) -> Result<Request> {
            let parsed = url::Url::parse(next).or_else(|_| previous.url.join(next)).map_err(|e| Error::Decode {
                path: "meta.next_page_url".into(),
                message: format!("not a URL: {e}"),
            })?;
            let mut url = previous.url.clone();
            url.set_path(parsed.path());
            url.set_query(parsed.query());
            let mut request = previous.clone();
            request.url = url;
            Ok(request)
        }
    }
}

/// The validation helpers generated code may call, in the order they appear in the file,
/// each with the helpers it calls itself (which call none).
pub const HELPERS: &[(&str, &[&str])] = &[
    ("has", &[]),
    ("required_when", &["has"]),
    ("required", &["has"]),
    ("not_accepted", &["has"]),
    ("encode_indexed", &[]),
    ("json_member", &[]),
    ("length", &[]),
    ("range", &[]),
    ("items", &[]),
    ("pattern", &[]),
];

/// One validation helper of `src/encoding.rs`, with its unit tests.
pub fn encoding_helper(name: &str) -> TokenStream {
    match name {
        "has" => quote! {
            impl Parts {
                /// Whether a key (or a dotted key under it) was set in the query or the form body.
                pub(crate) fn has(&self, key: &str) -> bool {
                    self.form.iter().chain(&self.query).any(|(k, _)| k == key || k.strip_prefix(key).is_some_and(|rest| rest.starts_with('.')))
                }
            }
        },
        "required_when" => quote! {
            impl Parts {
                /// The value of a key in the query or the form body.
                pub(crate) fn get(&self, key: &str) -> Option<&str> {
                    self.form.iter().chain(&self.query).find(|(k, _)| k == key).map(|(_, v)| v.as_str())
                }

                /// Checks "`param` is required when `other` is one of `values`".
                pub(crate) fn required_when(&self, param: &str, other: &str, values: &[&str]) -> Result<()> {
                    match self.get(other) {
                        Some(v) if values.contains(&v) && !self.has(param) => Err(Error::invalid(
                            param,
                            format!("is required when `{other}` is `{v}`"),
                        )),
                        _ => Ok(()),
                    }
                }
            }
        },
        "required" => quote! {
            impl Parts {
                /// Checks that a required parameter is present.
                pub(crate) fn required(&self, param: &str) -> Result<()> {
                    if self.has(param) {
                        Ok(())
                    } else {
                        Err(Error::invalid(param, "is required"))
                    }
                }
            }
        },
        "not_accepted" => quote! {
            impl Parts {
                /// Checks that a parameter this operation does not accept was left out.
                pub(crate) fn not_accepted(&self, param: &str) -> Result<()> {
                    if self.has(param) {
                        Err(Error::invalid(param, "is not accepted by this operation"))
                    } else {
                        Ok(())
                    }
                }
            }
        },
        "encode_indexed" => quote! {
            /// Numbered groups: `Prefix1.Member`, `Prefix2.Member`, ... starting at `first`.
            pub(crate) fn encode_indexed<T: Encode>(items: &[T], prefix: &str, first: u32, out: &mut Vec<(String, String)>) {
                for (i, item) in items.iter().enumerate() {
                    let n = u64::from(first) + i as u64;
                    item.encode(&format!("{prefix}{n}"), out);
                }
            }
        },
        "json_member" => quote! {
            /// JSON object bodies: a member per parameter that is set.
            pub(crate) fn json_member<T: serde::Serialize>(parts: &mut Parts, key: &str, value: &T) {
                let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
                if value.is_null() {
                    return;
                }
                let body = parts.json.get_or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
                if let serde_json::Value::Object(map) = body {
                    map.insert(key.to_owned(), value);
                }
            }
        },
        "length" => quote! {
            /// Checks a string's length in characters.
            pub(crate) fn length(param: &str, value: &str, min: Option<u64>, max: Option<u64>) -> Result<()> {
                let len = value.chars().count() as u64;
                if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
                    let bounds = match (min, max) {
                        (Some(a), Some(b)) if a == b => format!("exactly {a}"),
                        (Some(a), Some(b)) => format!("{a} to {b}"),
                        (Some(a), None) => format!("at least {a}"),
                        (None, Some(b)) => format!("at most {b}"),
                        (None, None) => String::new(),
                    };
                    return Err(Error::invalid(param, format!("must be {bounds} characters long, not {len}")));
                }
                Ok(())
            }
        },
        "range" => quote! {
            /// Checks a number against inclusive (or exclusive) bounds.
            pub(crate) fn range(param: &str, value: f64, min: Option<f64>, max: Option<f64>, exclusive: (bool, bool)) -> Result<()> {
                let below = min.is_some_and(|m| if exclusive.0 { value <= m } else { value < m });
                let above = max.is_some_and(|m| if exclusive.1 { value >= m } else { value > m });
                if below || above {
                    let lo = min.map(|m| format!("{}{m}", if exclusive.0 { "> " } else { ">= " }));
                    let hi = max.map(|m| format!("{}{m}", if exclusive.1 { "< " } else { "<= " }));
                    let bounds: Vec<String> = lo.into_iter().chain(hi).collect();
                    return Err(Error::invalid(param, format!("must be {}, not {value}", bounds.join(" and "))));
                }
                Ok(())
            }
        },
        "items" => quote! {
            /// Checks the number of items of a list.
            pub(crate) fn items(param: &str, count: usize, min: Option<u64>, max: Option<u64>) -> Result<()> {
                let n = count as u64;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    return Err(Error::invalid(param, format!("has {n} items, outside {min:?}..={max:?}")));
                }
                Ok(())
            }
        },
        "pattern" => quote! {
            /// Checks a string against a pattern of the spec.
            pub(crate) fn pattern(param: &str, value: &str, re: &regex::Regex, pattern: &str) -> Result<()> {
                if re.is_match(value) {
                    Ok(())
                } else {
                    Err(Error::invalid(param, format!("must match the pattern `{pattern}`")))
                }
            }
        },
        _ => TokenStream::new(),
    }
}

/// `src/encoding.rs` without the validation helpers.
pub fn encoding_base() -> TokenStream {
    quote! {
        //! Encoding parameters (form bodies with dotted keys, query strings, headers) and
        //! checking them against the spec before anything is sent.

        use crate::error::{Error, Result};

        /// The encoded parts of a request.
        #[derive(Debug, Default)]
        pub(crate) struct Parts {
            pub(crate) query: Vec<(String, String)>,
            pub(crate) headers: Vec<(String, String)>,
            pub(crate) form: Vec<(String, String)>,
            pub(crate) json: Option<serde_json::Value>,
        }

        /// The parameters of one operation.
        pub(crate) trait Params {
            /// Whether the operation sends a form body, even an empty one.
            const FORM_BODY: bool = false;

            /// Writes the parameters into the request parts.
            fn encode(&self, parts: &mut Parts);

            /// Checks the parameters (and the encoded parts) against the spec.
            fn validate(&self, _parts: &Parts) -> Result<()> {
                Ok(())
            }
        }

        /// A value that can be written as form or query pairs.
        pub(crate) trait Encode {
            /// Appends `key=value` pairs (arrays repeat the key; groups add `.Member` keys).
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>);
        }

        impl Encode for String {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.clone()));
            }
        }

        impl Encode for bool {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), if *self { "true" } else { "false" }.to_owned()));
            }
        }

        impl Encode for i64 {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.to_string()));
            }
        }

        impl Encode for f64 {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.to_string()));
            }
        }

        impl Encode for url::Url {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.as_str().to_owned()));
            }
        }

        impl Encode for chrono::DateTime<chrono::Utc> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)));
            }
        }

        impl Encode for chrono::NaiveDate {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.format("%Y-%m-%d").to_string()));
            }
        }

        /// Untyped JSON goes as JSON text; a JSON string goes as the string itself.
        impl Encode for serde_json::Value {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                let text = match self {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push((key.to_owned(), text));
            }
        }

        impl Encode for serde_json::Map<String, serde_json::Value> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), serde_json::Value::Object(self.clone()).to_string()));
            }
        }

        /// Maps go as JSON text.
        impl<T: serde::Serialize> Encode for std::collections::BTreeMap<String, T> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                let text = serde_json::to_string(self).unwrap_or_default();
                out.push((key.to_owned(), text));
            }
        }

        /// Arrays repeat the key: `Key=a&Key=b`.
        impl<T: Encode> Encode for Vec<T> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                for item in self {
                    item.encode(key, out);
                }
            }
        }

        impl<T: Encode> Encode for Option<T> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                if let Some(v) = self {
                    v.encode(key, out);
                }
            }
        }

        /// The enums of the API (`enums`): encoded as their wire value, checked to be a value
        /// the spec lists.
        pub(crate) trait StringEnum {
            /// The type's name, for messages.
            const NAME: &'static str;
            /// Every value the spec lists.
            const VALUES: &'static [&'static str];
            /// The wire value.
            fn as_str(&self) -> &str;
        }

        impl<T: StringEnum> Encode for T {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.as_str().to_owned()));
            }
        }

        impl<T: StringEnum> Check for T {
            fn check(&self, param: &str) -> Result<()> {
                let value = self.as_str();
                if T::VALUES.contains(&value) {
                    Ok(())
                } else {
                    Err(Error::invalid(param, format!("`{value}` is not a {}: expected one of {:?}", T::NAME, T::VALUES)))
                }
            }
        }

        /// A value the spec constrains beyond its Rust type: SIDs match their pattern, enum
        /// values are ones the spec lists, groups check their members.
        pub(crate) trait Check {
            /// Checks the value, naming `param` in the error.
            fn check(&self, param: &str) -> Result<()>;
        }

        impl<T: Check> Check for Option<T> {
            fn check(&self, param: &str) -> Result<()> {
                self.as_ref().map_or(Ok(()), |v| v.check(param))
            }
        }

        impl<T: Check> Check for Vec<T> {
            fn check(&self, param: &str) -> Result<()> {
                self.iter().try_for_each(|v| v.check(param))
            }
        }

        impl<T: Check> Check for std::collections::BTreeMap<String, T> {
            fn check(&self, param: &str) -> Result<()> {
                self.values().try_for_each(|v| v.check(param))
            }
        }

    }
}

/// The unit tests of the encoding base.
pub fn encoding_base_tests() -> TokenStream {
    quote! {
        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn arrays_repeat_keys_and_booleans_are_words() {
                let mut out = Vec::new();
                vec![String::from("a"), String::from("b")].encode("Key", &mut out);
                true.encode("Flag", &mut out);
                false.encode("Other", &mut out);
                assert_eq!(
                    out,
                    vec![
                        ("Key".to_owned(), "a".to_owned()),
                        ("Key".to_owned(), "b".to_owned()),
                        ("Flag".to_owned(), "true".to_owned()),
                        ("Other".to_owned(), "false".to_owned()),
                    ]
                );
            }

            #[test]
            fn objects_go_as_json_text() {
                let mut out = Vec::new();
                serde_json::json!({"a": 1}).encode("Attributes", &mut out);
                assert_eq!(out, vec![("Attributes".to_owned(), "{\"a\":1}".to_owned())]);
            }

        }
    }
}

/// The unit tests of a validation helper, if it has any.
pub fn encoding_helper_tests(name: &str) -> Option<TokenStream> {
    let body = match name {
        "required_when" => quote! {
                #[test]
                fn conditions_read_encoded_pairs() {
                    let parts = Parts {
                        form: vec![("Kind".into(), "a".into()), ("Group.X".into(), "1".into())],
                        ..Parts::default()
                    };
                    assert!(parts.required_when("Group.X", "Kind", &["a"]).is_ok());
                    assert!(parts.required_when("Group.Y", "Kind", &["b"]).is_ok());
                    let err = parts.required_when("Group.Y", "Kind", &["a"]).unwrap_err();
                    assert_eq!(err.to_string(), "invalid argument: `Group.Y` is required when `Kind` is `a`");
                    assert!(parts.has("Group"));
                    assert!(!parts.has("Gro"));
                }
        },
        "length" => quote! {
                #[test]
                fn lengths_count_characters() {
                    assert!(length("S", "abc", Some(34), Some(34)).is_err());
                    assert!(length("S", "h\u{e9}llo", None, Some(5)).is_ok());
                }
        },
        "range" => quote! {
                #[test]
                fn ranges_are_inclusive() {
                    assert!(range("N", 3.0, Some(0.0), Some(3.0), (false, false)).is_ok());
                    assert!(range("N", 0.0, Some(0.0), Some(3.0), (false, false)).is_ok());
                    let err = range("N", 4.0, Some(0.0), Some(3.0), (false, false)).unwrap_err();
                    assert_eq!(err.to_string(), "invalid argument: `N` must be >= 0 and <= 3, not 4");
                    assert!(range("N", 0.0, Some(0.0), None, (true, false)).is_err());
                }
        },
        _ => return None,
    };
    let module = proc_macro2::Ident::new(&format!("{name}_tests"), proc_macro2::Span::call_site());
    Some(quote! {
        #[cfg(test)]
        mod #module {
            use super::*;

            #body
        }
    })
}

/// The fixed head of `src/sids.rs`: the generic SID type; `sids::sids_tail` adds one marker
/// and alias per prefix.
pub fn sids_head() -> TokenStream {
    quote! {
        //! SID types: one per prefix, shared by every field and parameter that uses it.
        //!
        //! Values from user input are validated ([`Sid::parse`], [`FromStr`], `TryFrom`);
        //! values decoded from responses are kept as received and checked again before they
        //! are sent.

        use std::cmp::Ordering;
        use std::fmt;
        use std::hash::{Hash, Hasher};
        use std::marker::PhantomData;
        use std::str::FromStr;

        use crate::error::{Error, ValidationError};

        /// What distinguishes one SID type from another.
        pub trait SidKind {
            /// The type's name, for messages.
            const NAME: &'static str;
            /// The two-letter prefix.
            const PREFIX: &'static str;
            /// The pattern from the spec.
            const PATTERN: &'static str;
            /// Whether upper-case hexadecimal digits are allowed.
            const UPPER_HEX: bool;
        }

        /// A SID: a two-letter prefix and 32 hexadecimal digits. See the aliases below for the
        /// SID types of this API.
        pub struct Sid<K> {
            value: String,
            kind: PhantomData<fn() -> K>,
        }

        /// A string that is not a valid SID of the expected type.
        #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
        #[error("`{value}` is not a valid {type_name}: expected the pattern `{pattern}`")]
        #[non_exhaustive]
        pub struct SidError {
            /// The SID type that was expected.
            pub type_name: &'static str,
            /// The pattern it must match.
            pub pattern: &'static str,
            /// The rejected value.
            pub value: String,
        }

        impl From<SidError> for Error {
            fn from(e: SidError) -> Self {
                Error::Validation(ValidationError {
                    param: e.type_name.to_owned(),
                    message: format!("`{}` does not match `{}`", e.value, e.pattern),
                })
            }
        }

        impl<K: SidKind> Sid<K> {
            /// The two-letter prefix.
            pub const PREFIX: &'static str = K::PREFIX;
            /// The pattern from the spec.
            pub const PATTERN: &'static str = K::PATTERN;

            /// Validates a SID.
            pub fn parse(value: impl Into<String>) -> Result<Self, SidError> {
                let value = value.into();
                if matches::<K>(&value) {
                    Ok(Sid { value, kind: PhantomData })
                } else {
                    Err(SidError { type_name: K::NAME, pattern: K::PATTERN, value })
                }
            }

            /// Whether the SID matches its pattern (always true for parsed values).
            pub fn is_valid(&self) -> bool {
                matches::<K>(&self.value)
            }
        }

        impl<K> Sid<K> {
            /// The SID as a string.
            pub fn as_str(&self) -> &str {
                &self.value
            }
        }

        fn matches<K: SidKind>(value: &str) -> bool {
            value.len() == 34
                && value.starts_with(K::PREFIX)
                && value.bytes().skip(2).all(|b| {
                    b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || (K::UPPER_HEX && (b'A'..=b'F').contains(&b))
                })
        }

        impl<K> Clone for Sid<K> {
            fn clone(&self) -> Self {
                Sid { value: self.value.clone(), kind: PhantomData }
            }
        }

        impl<K> PartialEq for Sid<K> {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl<K> Eq for Sid<K> {}

        impl<K> PartialOrd for Sid<K> {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl<K> Ord for Sid<K> {
            fn cmp(&self, other: &Self) -> Ordering {
                self.value.cmp(&other.value)
            }
        }

        impl<K> Hash for Sid<K> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.value.hash(state);
            }
        }

        impl<K: SidKind> fmt::Debug for Sid<K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(K::NAME).field(&self.value).finish()
            }
        }

        impl<K> fmt::Display for Sid<K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.value)
            }
        }

        impl<K: SidKind> FromStr for Sid<K> {
            type Err = SidError;

            fn from_str(s: &str) -> Result<Self, SidError> {
                Sid::parse(s)
            }
        }

        impl<K: SidKind> TryFrom<String> for Sid<K> {
            type Error = SidError;

            fn try_from(s: String) -> Result<Self, SidError> {
                Sid::parse(s)
            }
        }

        impl<K: SidKind> TryFrom<&str> for Sid<K> {
            type Error = SidError;

            fn try_from(s: &str) -> Result<Self, SidError> {
                Sid::parse(s)
            }
        }

        impl<K> AsRef<str> for Sid<K> {
            fn as_ref(&self) -> &str {
                &self.value
            }
        }

        impl<K> From<Sid<K>> for String {
            fn from(sid: Sid<K>) -> String {
                sid.value
            }
        }

        impl<K> serde::Serialize for Sid<K> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.value)
            }
        }

        /// Decoding keeps the value as received; it is checked when sent.
        impl<'de, K> serde::Deserialize<'de> for Sid<K> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Sid { value, kind: PhantomData })
            }
        }

        impl<K> crate::encoding::Encode for Sid<K> {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                out.push((key.to_owned(), self.value.clone()));
            }
        }

        impl<K: SidKind> crate::encoding::Check for Sid<K> {
            fn check(&self, param: &str) -> crate::Result<()> {
                if self.is_valid() {
                    Ok(())
                } else {
                    Err(Error::invalid(param, format!("`{}` is not a valid {} (pattern `{}`)", self.value, K::NAME, K::PATTERN)))
                }
            }
        }
    }
}

/// The fixed modules and parts, by name, for the build script.
pub fn fixed() -> Vec<(String, TokenStream)> {
    let mut out = vec![
        ("error.rs".to_owned(), error_rs()),
        ("client.rs".to_owned(), client_rs()),
        ("paging.rs".to_owned(), paging_rs()),
        ("encoding.rs".to_owned(), encoding_base()),
        ("encoding.tests.rs".to_owned(), encoding_base_tests()),
        ("sids.rs".to_owned(), sids_head()),
        ("tests.common.rs".to_owned(), test_common()),
        ("tests.client.rs".to_owned(), test_client()),
    ];
    for (helper, _) in HELPERS {
        out.push((format!("encoding.{helper}.rs"), encoding_helper(helper)));
        if let Some(tests) = encoding_helper_tests(helper) {
            out.push((format!("encoding.{helper}.tests.rs"), tests));
        }
    }
    out
}

/// `tests/common/mod.rs` of the generated crate (`__crate__` stands for the crate's name).
pub fn test_common() -> TokenStream {
    quote! {
        //! Helpers shared by the tests.
        #![allow(dead_code)]

        use std::time::Duration;

        use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
        use __crate__::{Client, Credentials, RetryPolicy};

        /// Account SID the tests authenticate with.
        pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        /// Auth token the tests authenticate with.
        pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";

        /// What the tests return: any error fails the test with its message.
        pub type TestResult = Result<(), Box<dyn std::error::Error>>;

        /// Parses JSON written in a test.
        pub fn json(text: &str) -> serde_json::Value {
            serde_json::from_str(text).expect("the test's JSON is valid")
        }

        /// A client sending to the mock server, retrying quickly.
        pub fn client(server: &wiremock::MockServer) -> Client {
            Client::builder()
                .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
                .base_url(server.uri())
                .retry_policy(RetryPolicy {
                    max_retries: 2,
                    initial_backoff: Duration::from_millis(1),
                    max_backoff: Duration::from_millis(20),
                })
                .build()
                .expect("the client builds")
        }

        /// What a mocked operation must receive, and what it answers.
        pub struct Expect<'a> {
            /// HTTP method.
            pub method: &'a str,
            /// Exact path.
            pub path: &'a str,
            /// Query pairs that must be present.
            pub query: &'a [(&'a str, &'a str)],
            /// Headers that must be present.
            pub headers: &'a [(&'a str, &'a str)],
            /// The exact form body (any order), when the operation sends one.
            pub form: Option<&'a [(&'a str, &'a str)]>,
            /// The exact JSON body, when the operation sends one.
            pub json: Option<serde_json::Value>,
            /// Whether basic auth with the test credentials must be sent.
            pub basic_auth: bool,
            /// Status of the answer.
            pub status: u16,
            /// JSON body of the answer.
            pub body: Option<serde_json::Value>,
        }

        impl Default for Expect<'_> {
            fn default() -> Self {
                Expect {
                    method: "GET",
                    path: "/",
                    query: &[],
                    headers: &[],
                    form: None,
                    json: None,
                    basic_auth: true,
                    status: 200,
                    body: None,
                }
            }
        }

        /// A mock server that answers one request matching `e` exactly once (checked when the
        /// server is dropped).
        pub async fn expect(e: Expect<'_>) -> MockServer {
            let server = MockServer::start().await;
            let mut mock = Mock::given(matchers::method(e.method)).and(matchers::path(e.path));
            if e.basic_auth {
                mock = mock.and(matchers::basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            }
            for (k, v) in e.query {
                mock = mock.and(matchers::query_param(*k, *v));
            }
            for (k, v) in e.headers {
                mock = mock.and(matchers::header(*k, *v));
            }
            if let Some(form) = e.form {
                mock = mock
                    .and(matchers::header("content-type", "application/x-www-form-urlencoded"))
                    .and(FormBody::new(form));
            }
            if let Some(json) = e.json {
                mock = mock.and(matchers::header("content-type", "application/json")).and(matchers::body_json(json));
            }
            let mut answer = ResponseTemplate::new(e.status);
            if let Some(body) = e.body {
                answer = answer.set_body_json(body);
            }
            mock.respond_with(answer).expect(1).mount(&server).await;
            server
        }

        /// Matches a form body with exactly these pairs, in any order.
        pub struct FormBody(Vec<(String, String)>);

        impl FormBody {
            /// The expected pairs.
            pub fn new(pairs: &[(&str, &str)]) -> Self {
                FormBody(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
            }
        }

        impl wiremock::Match for FormBody {
            fn matches(&self, request: &wiremock::Request) -> bool {
                let mut got: Vec<(String, String)> = form_urlencoded::parse(&request.body).into_owned().collect();
                let mut want = self.0.clone();
                got.sort();
                want.sort();
                got == want
            }
        }
    }
}

/// `tests/client/main.rs` of the generated crate: client behaviour, on the resource that the
/// generated `tests/client/fixture.rs` names (`__crate__` stands for the crate's name).
pub fn test_client() -> TokenStream {
    quote! {
        //! Client behaviour against a local HTTP server: paging, retries, errors, decoding and
        //! validation before sending, on the resource `fixture.rs` names. Tests that need
        //! something the spec lacks (an enum field, a SID path parameter, a conditional
        //! requirement) say they are skipped.

        #[path = "../common/mod.rs"]
        mod common;
        mod fixture;

        use futures_util::TryStreamExt;
        use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        use __crate__::{Client, Credentials, Error};

        use fixture::{FETCH_PATH, KEY, LIST_PATH};

        /// Page `n` of the list, one item each; `next` is the token of the next page, linked
        /// through `base`.
        fn page(base: &str, n: u32, next: Option<&str>) -> serde_json::Value {
            let next_page_url = next.map(|token| format!("{base}{LIST_PATH}?PageSize=1&Page={}&PageToken={token}", n + 1));
            let mut body = serde_json::json!({"meta": {"page": n, "page_size": 1, "key": KEY, "next_page_url": next_page_url}});
            body[KEY] = serde_json::json!([fixture::item()]);
            body
        }

        /// A server that fails the test if it receives any request.
        async fn untouched_server() -> MockServer {
            let server = MockServer::start().await;
            Mock::given(any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
            server
        }

        #[tokio::test]
        async fn paging_follows_next_page_url_across_three_pages() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param_is_missing("PageToken"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 0, Some("p1")))).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param("PageToken", "p1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 1, Some("p2")))).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param("PageToken", "p2"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 2, None))).expect(1).mount(&server).await;
            let client = common::client(&server);
            let items: Vec<_> = fixture::list(&client)?.stream().try_collect().await?;
            assert_eq!(items.len(), 3);
            let item = fixture::item();
            assert!(items.iter().all(|i| serde_json::to_value(i).ok() == Some(item.clone())));
            Ok(())
        }

        #[tokio::test]
        async fn limit_stops_the_stream_without_fetching_more_pages() -> common::TestResult {
            let server = MockServer::start().await;
            // The stream and the first-page request below: two requests, never the second page.
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param_is_missing("PageToken"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 0, Some("p1")))).expect(2).mount(&server).await;
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param("PageToken", "p1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 1, Some("p2")))).expect(0).mount(&server).await;
            let client = common::client(&server);
            let items: Vec<_> = fixture::list(&client)?.limit(1).stream().try_collect().await?;
            assert_eq!(items.len(), 1);
            let first = fixture::list(&client)?.await?;
            assert_eq!(first.items.len(), 1);
            assert!(first.meta.next_page_url.is_some());
            Ok(())
        }

        #[tokio::test]
        async fn next_page_urls_never_leave_the_configured_host() -> common::TestResult {
            let server = MockServer::start().await;
            let elsewhere = page("https://elsewhere.invalid", 0, Some("p1"));
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param_is_missing("PageToken"))
                .respond_with(ResponseTemplate::new(200).set_body_json(elsewhere)).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(LIST_PATH)).and(query_param("PageToken", "p1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server.uri(), 2, None))).expect(1).mount(&server).await;
            let client = common::client(&server);
            let items: Vec<_> = fixture::list(&client)?.stream().try_collect().await?;
            assert_eq!(items.len(), 2);
            Ok(())
        }

        #[tokio::test]
        async fn rate_limited_requests_are_retried() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
                .up_to_n_times(1).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(200).set_body_json(fixture::model()))
                .expect(1).mount(&server).await;
            let client = common::client(&server);
            let value = fixture::fetch(&client).await?;
            assert_eq!(serde_json::to_value(&value)?, fixture::model());
            Ok(())
        }

        #[tokio::test]
        async fn retries_are_bounded() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(503).set_body_raw("<html>busy</html>", "text/html"))
                .expect(3).mount(&server).await;
            let client = common::client(&server);
            match fixture::fetch(&client).await {
                Err(Error::Http { status, body }) => {
                    assert_eq!(status, 503);
                    assert_eq!(body, "<html>busy</html>");
                }
                other => panic!("expected an HTTP error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn twilio_error_bodies_become_api_errors() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
                    "code": 20404,
                    "message": "The requested resource was not found",
                    "more_info": "https://www.twilio.com/docs/errors/20404",
                    "status": 404
                })))
                .expect(1).mount(&server).await;
            let client = common::client(&server);
            match fixture::fetch(&client).await {
                Err(Error::Api(e)) => {
                    assert_eq!(e.status, 404);
                    assert_eq!(e.code, Some(20404));
                    assert_eq!(e.message, "The requested resource was not found");
                    assert_eq!(e.more_info.as_deref(), Some("https://www.twilio.com/docs/errors/20404"));
                    assert!(!Error::Api(e).to_string().contains(common::AUTH_TOKEN));
                }
                other => panic!("expected an API error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn long_unexpected_error_bodies_are_truncated() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(400).set_body_raw("x".repeat(10_000), "text/plain"))
                .expect(1).mount(&server).await;
            let client = common::client(&server);
            match fixture::fetch(&client).await {
                Err(Error::Http { status, body }) => {
                    assert_eq!(status, 400);
                    assert!(body.len() < 1200, "{}", body.len());
                    assert!(body.ends_with("(10000 bytes in all)"));
                }
                other => panic!("expected an HTTP error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn malformed_json_is_a_decode_error() -> common::TestResult {
            let server = MockServer::start().await;
            for body in ["{\"sid\": 12", "", "[1, 2]", "null", "\u{0}\u{ff}"] {
                server.reset().await;
                Mock::given(method("GET")).and(path(FETCH_PATH))
                    .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                    .mount(&server).await;
                let client = common::client(&server);
                match fixture::fetch(&client).await {
                    Err(Error::Decode { .. }) => {}
                    other => panic!("body {body:?}: expected a decode error, got {other:?}"),
                }
            }
            Ok(())
        }

        #[tokio::test]
        async fn a_wrongly_typed_field_is_a_decode_error_naming_it() -> common::TestResult {
            let Some(field) = fixture::TEXT_FIELD else {
                eprintln!("SKIPPED: the fetched resource has no text field to break");
                return Ok(());
            };
            let server = MockServer::start().await;
            let mut body = fixture::model();
            body[field] = serde_json::json!(12345);
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
            let client = common::client(&server);
            match fixture::fetch(&client).await {
                Err(Error::Decode { path, .. }) => assert_eq!(path, field),
                other => panic!("expected a decode error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn unknown_enum_values_and_fields_are_kept_or_ignored() -> common::TestResult {
            let Some((field, read)) = fixture::enum_field() else {
                eprintln!("SKIPPED: the fetched resource has no enum field");
                return Ok(());
            };
            let server = MockServer::start().await;
            let mut body = fixture::model();
            body[field] = serde_json::json!("a-value-added-later");
            body["a_field_added_later"] = serde_json::json!({"nested": true});
            Mock::given(method("GET")).and(path(FETCH_PATH))
                .respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
            let client = common::client(&server);
            let value = fixture::fetch(&client).await?;
            assert_eq!(read(&value), Some(("a-value-added-later".to_owned(), false)));
            Ok(())
        }

        #[tokio::test]
        async fn invalid_sids_are_rejected_before_sending() -> common::TestResult {
            let Some((prefix, pattern)) = fixture::SID else {
                eprintln!("SKIPPED: the fetch path has no SID parameter");
                return Ok(());
            };
            let err = fixture::sid_error("not-a-sid").expect("`not-a-sid` is rejected");
            assert!(err.contains(pattern), "{err}");
            assert!(fixture::sid_error(&format!("{prefix}{}", "g".repeat(32))).is_some());
            assert!(fixture::sid_error(&format!("{prefix}{}", "a".repeat(32))).is_none());
            // A SID that came from elsewhere unchecked is still checked before sending.
            let server = untouched_server().await;
            let client = common::client(&server);
            let (result, param) = fixture::fetch_with_unchecked_sid(&client, "XX123").await;
            match result {
                Err(Error::Validation(v)) => assert_eq!(v.param, param),
                other => panic!("expected a validation error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn conditional_requirements_are_checked_before_sending() -> common::TestResult {
            let server = untouched_server().await;
            let client = common::client(&server);
            let Some((result, param, depends_on)) = fixture::break_condition(&client).await else {
                eprintln!("SKIPPED: the spec states no conditional requirement");
                return Ok(());
            };
            match result {
                Err(Error::Validation(v)) => {
                    assert_eq!(v.param, param);
                    assert!(v.message.contains(depends_on), "{}", v.message);
                }
                other => panic!("expected a validation error, got {other:?}"),
            }
            Ok(())
        }

        #[test]
        fn secrets_never_show_in_debug_output() {
            let creds = Credentials::auth_token(common::ACCOUNT_SID, common::AUTH_TOKEN);
            assert!(!format!("{creds:?}").contains(common::AUTH_TOKEN));
            let client = Client::new(common::ACCOUNT_SID, common::AUTH_TOKEN).expect("client");
            assert!(!format!("{client:?}").contains(common::AUTH_TOKEN));
        }
    }
}
