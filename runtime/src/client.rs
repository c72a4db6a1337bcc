//! The HTTP client: credentials, base URL, timeouts and retries.

use crate::error::{Error, Result};
use crate::request::{Body, Request, Segment};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What a path segment keeps as is: letters, digits and `-._~` (RFC 3986's unreserved
/// characters); everything else is percent-encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
const USER_AGENT: &str = concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION"),
    " (rust)",
);

/// HTTP basic-auth credentials: an account SID and auth token, or an API key SID and
/// secret. `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credentials {
    username: String,
    password: String,
    /// The account an auth token belongs to (an API key does not name its account).
    account_sid: Option<String>,
}

impl Credentials {
    /// Authenticates with an account SID (`AC…`) and its auth token.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        let account_sid = account_sid.into();
        Credentials {
            username: account_sid.clone(),
            password: auth_token.into(),
            account_sid: Some(account_sid),
        }
    }

    /// Authenticates with an API key SID (`SK…`) and its secret.
    pub fn api_key(api_key_sid: impl Into<String>, api_key_secret: impl Into<String>) -> Self {
        Credentials {
            username: api_key_sid.into(),
            password: api_key_secret.into(),
            account_sid: None,
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
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(16)));
        let capped = exp.min(self.max_backoff);
        capped.mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    account_sid: Option<String>,
    base_url: Option<String>,
    local_twilio: Option<String>,
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

    /// The account that account-scoped calls (API v2010's `/Accounts/{AccountSid}/...`)
    /// act in when the call names none. Defaults to the account of auth-token
    /// credentials; set it with API-key credentials (a key does not name its account), or
    /// to act in a subaccount with its parent's credentials.
    pub fn account_sid(mut self, account_sid: impl Into<String>) -> Self {
        self.account_sid = Some(account_sid.into());
        self
    }

    /// Sends every request, whichever API it belongs to, to this base URL instead of the
    /// API's own host (a mock server, a proxy). Paths are appended to it.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sends every request to a local Twilio at this URL (`twilio-mock`'s
    /// `http://127.0.0.1:PORT`), naming each API's own host in the `Host` header
    /// (`chat.twilio.com`, `verify.twilio.com`) as Twilio tells its APIs apart: APIs that
    /// share a path (`/v2/Services` at Chat and at Verify) reach their own resources there.
    /// A path of the URL is put before every request's path. Not with
    /// [`ClientBuilder::base_url`]; the region and edge are ignored.
    pub fn local_twilio(mut self, url: impl Into<String>) -> Self {
        self.local_twilio = Some(url.into());
        self
    }

    /// Targets a Twilio region (`ie1`, `au1`) for every API: `<product>.twilio.com`
    /// (`flex-api.twilio.com`) becomes `<product>.<edge>.<region>.twilio.com`, or
    /// `<product>.<region>.twilio.com` without an edge. Ignored when a base URL is set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Targets a Twilio edge location (`dublin`, `sydney`); the region defaults to `us1`.
    /// Ignored when a base URL is set.
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
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config("no credentials: call ClientBuilder::credentials".into())
        })?;
        if self.base_url.is_some() && self.local_twilio.is_some() {
            return Err(Error::Config(
                "a base URL and a local Twilio are both set: choose one".into(),
            ));
        }
        let base_url = self
            .base_url
            .map(|raw| base_of(&raw, "base URL"))
            .transpose()?;
        let local_twilio = self
            .local_twilio
            .map(|raw| base_of(&raw, "local Twilio URL"))
            .transpose()?;
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
                account_sid: self.account_sid.or_else(|| credentials.account_sid.clone()),
                credentials,
                base_url,
                local_twilio,
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
    account_sid: Option<String>,
    base_url: Option<url::Url>,
    local_twilio: Option<url::Url>,
    region: Option<String>,
    edge: Option<String>,
    retry: RetryPolicy,
}

/// The client of every Twilio API. Cheap to clone: clones share one connection pool.
///
/// Each generated crate (`twilio-flex-v1`, ...) adds its resources' accessor methods
/// through an extension trait; bring the trait into scope (or use the crate's prelude) to
/// call them. [`Client::endpoint`], [`Client::execute`], [`Client::execute_empty`] and
/// [`Client::send`] are what the generated code calls.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.inner.credentials)
            .field("account_sid", &self.inner.account_sid)
            .field(
                "base_url",
                &self.inner.base_url.as_ref().map(|u| u.as_str()),
            )
            .field(
                "local_twilio",
                &self.inner.local_twilio.as_ref().map(|u| u.as_str()),
            )
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
    /// `TWILIO_API_SECRET` when both are set (with `TWILIO_ACCOUNT_SID`, when set, as the
    /// account), else `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`; optionally
    /// `TWILIO_REGION` and `TWILIO_EDGE`.
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
        let api_key = credentials.account_sid.is_none();
        let mut builder = Client::builder().credentials(credentials);
        if let Some(account) = var("TWILIO_ACCOUNT_SID").filter(|_| api_key) {
            builder = builder.account_sid(account);
        }
        if let Some(region) = var("TWILIO_REGION") {
            builder = builder.region(region);
        }
        if let Some(edge) = var("TWILIO_EDGE") {
            builder = builder.edge(edge);
        }
        builder.build()
    }

    /// The account account-scoped calls act in by default: the one set with
    /// [`ClientBuilder::account_sid`], else the account of auth-token credentials.
    pub fn account_sid(&self) -> Option<&str> {
        self.inner.account_sid.as_deref()
    }

    /// The account a call acts in: `named` when the call names one (an API handle scoped
    /// with `.account(..)`), else [`Client::account_sid`]; an [`Error::Config`] when
    /// neither is known. Called by generated crates.
    pub fn acting_account<'a>(&'a self, named: Option<&'a str>) -> Result<&'a str> {
        named.or(self.account_sid()).ok_or_else(|| {
            Error::Config(
                "no account to act in: API-key credentials do not name one; set \
                 ClientBuilder::account_sid (or TWILIO_ACCOUNT_SID), or scope the API with \
                 .account(..)"
                    .into(),
            )
        })
    }

    /// The URL of a path under an API's default base URL (`https://flex-api.twilio.com`).
    /// Called by generated crates.
    ///
    /// The base URL set with [`ClientBuilder::base_url`] replaces `default_base` for every
    /// API; otherwise the region and edge, if set, rewrite a `*.twilio.com` host (not with
    /// [`ClientBuilder::local_twilio`], which redirects the URL when it is sent). Each
    /// segment adds `/` and its text: [`Segment::Literal`] as is, [`Segment::Param`]
    /// percent-encoded (only RFC 3986's unreserved characters `A-Z a-z 0-9 - . _ ~` are
    /// kept) and followed by its suffix. An empty, `.` or `..` parameter value is refused
    /// with [`Error::Validation`] naming the parameter: the URL would name another resource.
    pub fn endpoint(&self, default_base: &str, segments: &[Segment<'_>]) -> Result<url::Url> {
        let mut url = match &self.inner.base_url {
            Some(base) => base.clone(),
            None => {
                let mut url = url::Url::parse(default_base)
                    .map_err(|e| Error::Config(format!("base URL `{default_base}`: {e}")))?;
                let regional = self.inner.region.is_some() || self.inner.edge.is_some();
                if regional && self.inner.local_twilio.is_none() {
                    let host = url.host_str().unwrap_or_default().to_owned();
                    let regional = regional_host(
                        &host,
                        self.inner.edge.as_deref(),
                        self.inner.region.as_deref(),
                    );
                    url.set_host(Some(&regional))
                        .map_err(|e| Error::Config(format!("host `{regional}`: {e}")))?;
                }
                url
            }
        };
        if url.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "the base URL `{url}` cannot have paths"
            )));
        }
        let mut path = url.path().trim_end_matches('/').to_owned();
        for segment in segments {
            path.push('/');
            match *segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param {
                    name,
                    value,
                    suffix,
                } => {
                    if matches!(value, "" | "." | "..") {
                        return Err(Error::invalid(
                            name,
                            format!("`{value}` cannot be a path segment: the URL would name another resource"),
                        ));
                    }
                    path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
                    path.push_str(suffix);
                }
            }
        }
        url.set_path(&path);
        Ok(url)
    }

    /// Sends a request, retrying as the [`RetryPolicy`] allows, and returns the body of the
    /// success response. Called by generated crates.
    ///
    /// A non-success response becomes [`Error::Api`] (a Twilio error body) or
    /// [`Error::Http`] (any other body, cut to 1 KiB).
    pub async fn send(&self, request: &Request) -> Result<bytes::Bytes> {
        let retry = &self.inner.retry;
        let mut attempt = 0u32;
        loop {
            let mut builder = match &self.inner.local_twilio {
                Some(local) => {
                    let (url, host) = redirect(local, &request.url);
                    self.inner
                        .http
                        .request(request.method.clone(), url)
                        .header(reqwest::header::HOST, host)
                }
                None => self
                    .inner
                    .http
                    .request(request.method.clone(), request.url.clone()),
            };
            if !request
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            {
                builder = builder.basic_auth(
                    &self.inner.credentials.username,
                    Some(&self.inner.credentials.password),
                );
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
                        .header(
                            reqwest::header::CONTENT_TYPE,
                            "application/x-www-form-urlencoded",
                        )
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

    /// Sends a request and decodes the JSON body of the response; a body that does not
    /// match `T` is an [`Error::Decode`] naming the offending value. Called by generated
    /// crates.
    pub async fn execute<T: serde::de::DeserializeOwned>(&self, request: Request) -> Result<T> {
        let body = self.send(&request).await?;
        Error::decode(&body)
    }

    /// Sends a request whose success response has no body (or one that does not matter).
    /// Called by generated crates.
    pub async fn execute_empty(&self, request: Request) -> Result<()> {
        self.send(&request).await.map(|_| ())
    }
}

/// A base URL setting, parsed: `what` names it in errors.
fn base_of(raw: &str, what: &str) -> Result<url::Url> {
    let url = url::Url::parse(raw)
        .map_err(|e| Error::Config(format!("{what} `{raw}` is not a URL: {e}")))?;
    if url.cannot_be_a_base() {
        return Err(Error::Config(format!("{what} `{raw}` cannot have paths")));
    }
    Ok(url)
}

/// A request to `https://chat.twilio.com/v2/Services?x` sent to a local Twilio at
/// `http://127.0.0.1:PORT`: the URL `http://127.0.0.1:PORT/v2/Services?x` and the `Host`
/// header `chat.twilio.com` (with the port when it is not the scheme's).
fn redirect(local: &url::Url, url: &url::Url) -> (url::Url, String) {
    let mut target = local.clone();
    target.set_path(&format!(
        "{}{}",
        local.path().trim_end_matches('/'),
        url.path()
    ));
    target.set_query(url.query());
    let host = url.host_str().unwrap_or_default();
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    (target, host)
}

/// `flex-api.twilio.com` + edge `dublin` + region `ie1` -> `flex-api.dublin.ie1.twilio.com`.
fn regional_host(host: &str, edge: Option<&str>, region: Option<&str>) -> String {
    let Some(product) = host.strip_suffix(".twilio.com") else {
        return host.to_owned();
    };
    let product = product.split('.').next().unwrap_or(product);
    let region = region.unwrap_or("us1");
    match edge {
        Some(edge) => format!("{product}.{edge}.{region}.twilio.com"),
        None => format!("{product}.{region}.twilio.com"),
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when
        .signed_duration_since(chrono::Utc::now())
        .to_std()
        .ok()?;
    Some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_hosts() {
        assert_eq!(
            regional_host("flex-api.twilio.com", Some("dublin"), Some("ie1")),
            "flex-api.dublin.ie1.twilio.com",
        );
        assert_eq!(
            regional_host("flex-api.twilio.com", None, Some("au1")),
            "flex-api.au1.twilio.com",
        );
        assert_eq!(
            regional_host("flex-api.twilio.com", Some("sydney"), None),
            "flex-api.sydney.us1.twilio.com",
        );
        assert_eq!(regional_host("localhost", Some("x"), None), "localhost");
    }

    #[test]
    fn retry_delays_grow_and_stay_bounded() {
        let policy = RetryPolicy::default();
        for retry in 0..20 {
            let d = policy.delay(retry, None);
            assert!(d <= policy.max_backoff, "{d:?}");
            assert!(
                d >= policy.initial_backoff.min(policy.max_backoff) / 2,
                "{d:?}"
            );
        }
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(2))),
            Duration::from_secs(2),
        );
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3600))),
            policy.max_backoff
        );
    }

    #[test]
    fn retry_after_reads_seconds() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(
            reqwest::header::RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("7"),
        );
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            reqwest::header::RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn debug_output_hides_secrets() {
        let client = Client::new("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "super-secret-token")
            .expect("client builds");
        let debug = format!("{client:?}");
        assert!(!debug.contains("super-secret-token"), "{debug}");
        assert!(debug.contains("[redacted]"));
    }

    fn mock_client() -> Client {
        Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .base_url("http://127.0.0.1:9/prefix/")
            .build()
            .expect("client builds")
    }

    const BASE: &str = "https://flex-api.twilio.com";

    #[test]
    fn endpoints_encode_path_parameters() {
        let client = mock_client();
        let url = client
            .endpoint(
                BASE,
                &[
                    Segment::Literal("v1"),
                    Segment::Literal("Things"),
                    Segment::param("Sid", "a b/c?d"),
                ],
            )
            .expect("a valid URL");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/prefix/v1/Things/a%20b%2Fc%3Fd"
        );
        let url = client
            .endpoint(
                BASE,
                &[
                    Segment::Literal("v1"),
                    Segment::param("A", "x|y^[z]{w}\\é%"),
                    Segment::param("B", "a.b-c_d~e"),
                ],
            )
            .expect("a valid URL");
        assert_eq!(
            url.path(),
            "/prefix/v1/x%7Cy%5E%5Bz%5D%7Bw%7D%5C%C3%A9%25/a.b-c_d~e"
        );
    }

    #[test]
    fn literals_and_suffixes_are_written_as_is() {
        let client = mock_client();
        let url = client
            .endpoint(
                BASE,
                &[
                    Segment::Literal("2010-04-01"),
                    Segment::Literal("Accounts"),
                    Segment::param_with_suffix("AccountSid", "AC 1", ".json"),
                ],
            )
            .expect("a valid URL");
        assert_eq!(url.path(), "/prefix/2010-04-01/Accounts/AC%201.json");
        // The value is checked before its suffix: `.` is refused even as `..json`.
        let err = client
            .endpoint(BASE, &[Segment::param_with_suffix("Sid", ".", ".json")])
            .expect_err("refused");
        assert!(
            matches!(&err, Error::Validation(v) if v.param == "Sid"),
            "{err}"
        );
    }

    #[test]
    fn empty_and_dot_values_are_refused_naming_the_parameter() {
        let client = mock_client();
        for bad in ["", ".", ".."] {
            let err = client
                .endpoint(
                    BASE,
                    &[
                        Segment::Literal("v1"),
                        Segment::Literal("Things"),
                        Segment::param("ThingSid", bad),
                    ],
                )
                .expect_err("refused");
            match err {
                Error::Validation(v) => {
                    assert_eq!(v.param, "ThingSid", "{bad:?}");
                    assert!(
                        v.message.contains("cannot be a path segment"),
                        "{}",
                        v.message
                    );
                }
                other => panic!("{bad:?}: {other}"),
            }
        }
        // Dots inside a value are fine: only whole `.` and `..` segments move up the path.
        let url = client
            .endpoint(BASE, &[Segment::param("Name", "...")])
            .expect("a valid URL");
        assert_eq!(url.path(), "/prefix/...");
    }

    #[test]
    fn default_bases_take_the_region_and_edge() {
        let plain = Client::new("AC", "t").expect("client builds");
        let url = plain
            .endpoint(BASE, &[Segment::Literal("v1")])
            .expect("a valid URL");
        assert_eq!(url.as_str(), "https://flex-api.twilio.com/v1");
        let regional = Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .region("ie1")
            .edge("dublin")
            .build()
            .expect("client builds");
        let url = regional
            .endpoint(BASE, &[Segment::Literal("v1")])
            .expect("a valid URL");
        assert_eq!(url.as_str(), "https://flex-api.dublin.ie1.twilio.com/v1");
        // A base URL set by hand wins over region and edge, for every API.
        let both = Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .region("ie1")
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("client builds");
        let url = both
            .endpoint("https://api.twilio.com", &[Segment::Literal("v1")])
            .expect("a valid URL");
        assert_eq!(url.as_str(), "http://127.0.0.1:9/v1");
    }

    #[test]
    fn a_local_twilio_gets_the_path_and_the_api_host() {
        let local = url::Url::parse("http://127.0.0.1:9/mock/").expect("a URL");
        let url = url::Url::parse("https://chat.twilio.com/v2/Services?PageSize=2").expect("a URL");
        let (target, host) = redirect(&local, &url);
        assert_eq!(
            target.as_str(),
            "http://127.0.0.1:9/mock/v2/Services?PageSize=2"
        );
        assert_eq!(host, "chat.twilio.com");
        let odd = url::Url::parse("http://x.test:8080/v1").expect("a URL");
        assert_eq!(redirect(&local, &odd).1, "x.test:8080");
        // The logical URL keeps the API's own host; the region does not apply.
        let client = Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .local_twilio("http://127.0.0.1:9")
            .region("ie1")
            .build()
            .expect("client builds");
        let url = client
            .endpoint("https://verify.twilio.com", &[Segment::Literal("v2")])
            .expect("a valid URL");
        assert_eq!(url.as_str(), "https://verify.twilio.com/v2");
        let err = Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .local_twilio("http://127.0.0.1:9")
            .base_url("http://127.0.0.1:9")
            .build()
            .expect_err("exclusive");
        assert!(err.to_string().contains("choose one"), "{err}");
        let err = Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .local_twilio("not a url")
            .build()
            .expect_err("bad URL");
        assert!(err.to_string().contains("local Twilio URL"), "{err}");
    }

    #[test]
    fn the_account_comes_from_the_token_or_is_set() {
        let token = Client::new("ACa", "t").expect("client builds");
        assert_eq!(token.account_sid(), Some("ACa"));
        assert_eq!(token.acting_account(None).ok(), Some("ACa"));
        assert_eq!(token.acting_account(Some("ACsub")).ok(), Some("ACsub"));
        let key = Client::builder()
            .credentials(Credentials::api_key("SKk", "secret"))
            .build()
            .expect("client builds");
        assert_eq!(key.account_sid(), None);
        let err = key.acting_account(None).expect_err("no account");
        assert!(
            matches!(&err, Error::Config(m) if m.contains("ClientBuilder::account_sid")),
            "{err}"
        );
        assert!(!err.to_string().contains("secret"));
        let named = Client::builder()
            .credentials(Credentials::api_key("SKk", "secret"))
            .account_sid("ACb")
            .build()
            .expect("client builds");
        assert_eq!(named.acting_account(None).ok(), Some("ACb"));
    }

    #[test]
    fn bad_configuration_is_reported() {
        let err = Client::builder().build().expect_err("no credentials");
        assert!(matches!(err, Error::Config(_)), "{err}");
        let err = Client::builder()
            .credentials(Credentials::auth_token("AC", "t"))
            .base_url("mailto:x@example.com")
            .build()
            .expect_err("cannot be a base");
        assert!(matches!(err, Error::Config(_)), "{err}");
        let err = Client::new("AC", "t")
            .expect("client builds")
            .endpoint("not a url", &[])
            .expect_err("bad default base");
        assert!(matches!(err, Error::Config(_)), "{err}");
    }
}
