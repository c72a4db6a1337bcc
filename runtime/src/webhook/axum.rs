//! An [axum](https://docs.rs/axum) extractor that accepts only requests signed by Twilio
//! (feature `axum`).
//!
//! Put a [`WebhookConfig`] in the router's state (or make it reachable with
//! [`FromRef`]) and take a [`TwilioRequest`] in the handler: a request whose
//! `X-Twilio-Signature` does not match is answered `403 Forbidden` before the handler runs.
//!
//! ```
//! use axum::{routing::post, Router};
//! use twilio_runtime::webhook::axum::{TwilioRequest, WebhookConfig};
//! use twilio_runtime::webhook::RequestValidator;
//!
//! async fn message_status(request: TwilioRequest) -> &'static str {
//!     let status = request.param("MessageStatus").unwrap_or_default();
//!     println!("message {:?} is {status}", request.param("MessageSid"));
//!     "" // Twilio ignores a status callback's answer
//! }
//!
//! // The URL Twilio calls, as Twilio sees it: scheme, host and port in front of any proxy.
//! let config = WebhookConfig::new(RequestValidator::new("the auth token"), "https://hooks.example.com");
//! let app: Router = Router::new().route("/message-status", post(message_status)).with_state(config);
//! ```
//!
//! The URL checked is the public base URL followed by the request's path and query (the
//! path before any [`Router::nest`](::axum::Router::nest) stripped its prefix). The body is
//! read with axum's body limit ([`DefaultBodyLimit`](::axum::extract::DefaultBodyLimit)).

use ::axum::body::Bytes;
use ::axum::extract::{FromRef, FromRequest, OriginalUri, Request};
use ::axum::http::request::Parts;
use ::axum::http::{header, Extensions, HeaderMap, StatusCode, Uri};
use ::axum::response::{IntoResponse, Response};

use super::{RequestValidator, SIGNATURE_HEADER};

/// What the [`TwilioRequest`] extractor needs: the validator and the public base URL of
/// the application, the scheme, host, port and path prefix Twilio requested (for example
/// `https://hooks.example.com` or `https://example.com/app`).
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    validator: RequestValidator,
    public_base_url: String,
}

impl WebhookConfig {
    /// A configuration checking requests with `validator`, whose public URLs start with
    /// `public_base_url` (a trailing `/` is ignored).
    pub fn new(validator: RequestValidator, public_base_url: impl Into<String>) -> Self {
        let mut public_base_url: String = public_base_url.into();
        while public_base_url.ends_with('/') {
            public_base_url.pop();
        }
        Self {
            validator,
            public_base_url,
        }
    }

    /// The validator.
    pub fn validator(&self) -> &RequestValidator {
        &self.validator
    }

    /// The public URL of a request: the public base URL followed by the path and query
    /// the client requested ([`OriginalUri`] when the router set it, else `uri`).
    pub fn public_url(&self, uri: &Uri, extensions: &Extensions) -> String {
        let uri = extensions
            .get::<OriginalUri>()
            .map_or(uri, |original| &original.0);
        let path_and_query = uri.path_and_query().map_or("/", |path| path.as_str());
        format!("{}{path_and_query}", self.public_base_url)
    }

    /// Whether a request (its head and its whole body) is signed by Twilio, by
    /// [`RequestValidator::validate_request`]: for a middleware or a handler that reads the
    /// body itself.
    pub fn is_valid(&self, parts: &Parts, body: &[u8]) -> bool {
        self.signed(&parts.uri, &parts.headers, &parts.extensions)
            .is_some_and(|signed| signed.check(self, body))
    }

    fn signed(&self, uri: &Uri, headers: &HeaderMap, extensions: &Extensions) -> Option<Signed> {
        let signature = headers.get(SIGNATURE_HEADER)?.to_str().ok()?.to_owned();
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Some(Signed {
            url: self.public_url(uri, extensions),
            signature,
            content_type,
        })
    }
}

/// What a request's head gives the check: kept while its body is read.
struct Signed {
    url: String,
    signature: String,
    content_type: Option<String>,
}

impl Signed {
    fn check(&self, config: &WebhookConfig, body: &[u8]) -> bool {
        config.validator.validate_request(
            &self.url,
            self.content_type.as_deref(),
            body,
            &self.signature,
        )
    }

    fn is_form(&self) -> bool {
        self.content_type
            .as_deref()
            .and_then(|value| value.split(';').next())
            .is_some_and(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
    }
}

/// A request signed by Twilio: extracting it answers `403 Forbidden` when the signature is
/// missing or does not match.
#[derive(Clone, Debug)]
pub struct TwilioRequest {
    /// The form parameters of the body (empty unless the body is
    /// `application/x-www-form-urlencoded`), in the order sent.
    pub params: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

impl TwilioRequest {
    /// The first value of the form parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl<S> FromRequest<S> for TwilioRequest
where
    S: Send + Sync,
    WebhookConfig: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let forbidden = || (StatusCode::FORBIDDEN, "invalid X-Twilio-Signature").into_response();
        let signed = config
            .signed(request.uri(), request.headers(), request.extensions())
            .ok_or_else(forbidden)?;
        let body = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if !signed.check(&config, &body) {
            return Err(forbidden());
        }
        let params = if signed.is_form() {
            form_urlencoded::parse(&body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self { params, body })
    }
}
