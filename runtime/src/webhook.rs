//! Twilio's webhook signatures: check that a request really comes from Twilio, and sign one
//! as Twilio would.
//!
//! Twilio signs every request it sends to an application (status callbacks, incoming
//! messages and calls, ...) in the [`X-Twilio-Signature`](SIGNATURE_HEADER) header:
//! HMAC-SHA1, keyed with the account's auth token, over the full URL Twilio requested
//! followed by each POST parameter's name and value, parameters sorted by name (and a
//! repeated name's values sorted too), base64-encoded. A request with an `application/json`
//! body is signed over the URL alone; that URL carries a `bodySHA256` query parameter, the
//! hex SHA-256 of the body.
//!
//! ```
//! use twilio_runtime::webhook::RequestValidator;
//!
//! let validator = RequestValidator::new("12345");
//! let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
//! let params = [
//!     ("CallSid", "CA1234567890ABCDE"),
//!     ("Caller", "+12349013030"),
//!     ("Digits", "1234"),
//!     ("From", "+12349013030"),
//!     ("To", "+18005551212"),
//! ];
//! let signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="; // the X-Twilio-Signature header
//! assert!(validator.validate(url, &params, signature));
//! assert_eq!(validator.signature(url, &params), signature);
//!
//! // Or from the raw request: form parameters and JSON bodies alike.
//! let body = b"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
//! let content_type = Some("application/x-www-form-urlencoded");
//! assert!(validator.validate_request(url, content_type, body, signature));
//! ```
//!
//! # The URL
//!
//! The URL must be the one Twilio requested, as Twilio saw it: scheme, host, port, path and
//! query. Behind a proxy or a load balancer that terminates TLS or rewrites the host, the URL
//! the application sees is not that one: rebuild it from what the proxy forwards (for
//! example `X-Forwarded-Proto` and `Host`) or from the public address configured for the
//! application, never from a header the caller could choose on a direct connection. The
//! `axum` helper (feature `axum`) takes the public base URL explicitly for that reason.
//!
//! Whether Twilio's signed URL carries the port depends on how the webhook URL was written,
//! so the validator accepts the URL as given, the URL with the scheme's default port added
//! (`:443` for `https`, `:80` for `http`) when it has no port, and the URL without its
//! port when it has one, as Twilio's own helper libraries do.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use subtle::{Choice, ConstantTimeEq as _};

#[cfg(feature = "axum")]
pub mod axum;

/// The header that carries Twilio's signature of a request.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The query parameter that carries the hex SHA-256 of a JSON body.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// Checks and computes Twilio's request signatures with one account's auth token.
///
/// Cheap to clone; its `Debug` output never shows the auth token.
#[derive(Clone)]
pub struct RequestValidator {
    /// HMAC-SHA1 keyed with the auth token, cloned for each signature.
    mac: Hmac<Sha1>,
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestValidator")
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

impl RequestValidator {
    /// A validator for requests signed with `auth_token`, the account's auth token.
    pub fn new(auth_token: impl Into<String>) -> Self {
        let auth_token: String = auth_token.into();
        Self::from_key(auth_token.as_bytes())
    }

    fn from_key(key: &[u8]) -> Self {
        // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
        let mac = match Hmac::<Sha1>::new_from_slice(key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of any length"),
        };
        Self { mac }
    }

    /// The signature Twilio sends in [`SIGNATURE_HEADER`] for a request to `url` with the
    /// form parameters `params` (none for a GET request or a JSON body).
    ///
    /// `url` is signed exactly as given; the order of `params` does not matter.
    pub fn signature<K: AsRef<str>, V: AsRef<str>>(&self, url: &str, params: &[(K, V)]) -> String {
        let mut pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        pairs.sort_unstable();
        self.sign_sorted(url, &pairs)
    }

    fn sign_sorted(&self, url: &str, sorted: &[(&str, &str)]) -> String {
        let mut mac = self.mac.clone();
        mac.update(url.as_bytes());
        for (name, value) in sorted {
            mac.update(name.as_bytes());
            mac.update(value.as_bytes());
        }
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    }

    /// Whether `signature` (the [`SIGNATURE_HEADER`] value) signs a request to `url` with
    /// the form parameters `params`: a form-encoded POST, or a GET request with no
    /// parameters (its parameters are in the URL's query).
    ///
    /// The URL is tried as given, with the default port added and with its port removed
    /// (see the [module documentation](self)). A parameter repeated with the same value is
    /// accepted signed once or signed as often as it occurs: Twilio's helper libraries
    /// differ there. The comparison takes the same time wherever the signatures differ.
    pub fn validate<K: AsRef<str>, V: AsRef<str>>(
        &self,
        url: &str,
        params: &[(K, V)],
        signature: &str,
    ) -> bool {
        let mut pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        pairs.sort_unstable();
        let mut deduplicated = pairs.clone();
        deduplicated.dedup();
        let signature = signature.trim().as_bytes();
        let mut valid = Choice::from(0);
        for url in url_variants(url) {
            valid |= self.sign_sorted(&url, &pairs).as_bytes().ct_eq(signature);
            if deduplicated.len() != pairs.len() {
                valid |= self
                    .sign_sorted(&url, &deduplicated)
                    .as_bytes()
                    .ct_eq(signature);
            }
        }
        valid.into()
    }

    /// Whether `signature` signs a request with a JSON body: `url` carries the
    /// [`bodySHA256`](BODY_SHA256_PARAM) query parameter, which must be the hex SHA-256 of
    /// `body`, and the signature covers the URL alone.
    ///
    /// False when the URL has no `bodySHA256` parameter.
    pub fn validate_json(&self, url: &str, body: &[u8], signature: &str) -> bool {
        let Some(expected) = query_param(url, BODY_SHA256_PARAM) else {
            return false;
        };
        let hash_matches = body_sha256(body)
            .as_bytes()
            .ct_eq(expected.trim().to_ascii_lowercase().as_bytes());
        let signed = self.validate::<&str, &str>(url, &[], signature);
        (hash_matches & Choice::from(u8::from(signed))).into()
    }

    /// Whether `signature` signs a request, given its raw body and `Content-Type` header.
    ///
    /// - `application/x-www-form-urlencoded`: the body's form parameters are signed
    ///   ([`validate`](Self::validate)).
    /// - An empty body (a GET request, say) and no `bodySHA256` in the URL: the URL alone
    ///   is signed.
    /// - Any other body (`application/json`, ...): it must be covered by the URL's
    ///   `bodySHA256` parameter ([`validate_json`](Self::validate_json)), so that no byte of
    ///   an accepted request goes unsigned.
    pub fn validate_request(
        &self,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
        signature: &str,
    ) -> bool {
        let media_type =
            content_type.map(|value| value.split(';').next().unwrap_or_default().trim());
        match media_type {
            Some(media) if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") => {
                let params: Vec<(Cow<'_, str>, Cow<'_, str>)> =
                    form_urlencoded::parse(body).collect();
                self.validate(url, &params, signature)
            }
            _ if body.is_empty() && query_param(url, BODY_SHA256_PARAM).is_none() => {
                self.validate::<&str, &str>(url, &[], signature)
            }
            _ => self.validate_json(url, body, signature),
        }
    }
}

/// The lowercase hex SHA-256 of `body`: the value of the `bodySHA256` query parameter Twilio
/// adds to the URL of a request with a JSON body.
pub fn body_sha256(body: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(body);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest.iter() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// The first value of the query parameter `name` in `url`, decoded.
fn query_param<'a>(url: &'a str, name: &str) -> Option<Cow<'a, str>> {
    let without_fragment = url.split('#').next().unwrap_or_default();
    let (_, query) = without_fragment.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// The URLs Twilio may have signed for `url`: `url` itself, then the same URL with the
/// default port of its scheme added when it has no port, or without its port when it has one.
fn url_variants(url: &str) -> impl Iterator<Item = Cow<'_, str>> {
    std::iter::once(Cow::Borrowed(url)).chain(port_variant(url).map(Cow::Owned))
}

/// `url` with its port removed, or with the default port of `http` / `https` added; `None`
/// when `url` has no `scheme://authority` to change.
fn port_variant(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let valid_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return None;
    }
    let authority_start = scheme.len() + 3;
    let authority_end = authority_start + rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &url[authority_start..authority_end];
    // The host and port follow any `user:password@`; an IPv6 host is bracketed.
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_and_port = &authority[host_start..];
    let port_search_start = host_and_port.rfind(']').map_or(0, |bracket| bracket + 1);
    match host_and_port[port_search_start..].rfind(':') {
        Some(colon) => {
            let colon = authority_start + host_start + port_search_start + colon;
            Some(format!("{}{}", &url[..colon], &url[authority_end..]))
        }
        None => {
            let port = if scheme.eq_ignore_ascii_case("https") {
                443
            } else if scheme.eq_ignore_ascii_case("http") {
                80
            } else {
                return None;
            };
            if host_and_port.is_empty() {
                return None;
            }
            Some(format!(
                "{}:{port}{}",
                &url[..authority_end],
                &url[authority_end..]
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_variants() {
        let cases = [
            (
                "https://example.com/a?b=c",
                Some("https://example.com:443/a?b=c"),
            ),
            ("http://example.com", Some("http://example.com:80")),
            ("HTTPS://example.com?x", Some("HTTPS://example.com:443?x")),
            ("https://example.com:443/a", Some("https://example.com/a")),
            ("https://example.com:8443/a", Some("https://example.com/a")),
            (
                "http://user:pass@example.com/a",
                Some("http://user:pass@example.com:80/a"),
            ),
            (
                "http://user:pass@example.com:80/a",
                Some("http://user:pass@example.com/a"),
            ),
            ("https://[::1]/a", Some("https://[::1]:443/a")),
            ("https://[::1]:8443/a", Some("https://[::1]/a")),
            ("https://example.com:/a", Some("https://example.com/a")),
            ("ftp://example.com/a", None),
            ("https:///a", None),
            ("/a?u=http://example.com", None),
            ("no url at all", None),
            ("", None),
        ];
        for (url, expected) in cases {
            assert_eq!(port_variant(url).as_deref(), expected, "{url}");
        }
    }

    #[test]
    fn query_params() {
        assert_eq!(
            query_param("https://a.com/?x=1&bodySHA256=ab%63#frag", "bodySHA256").as_deref(),
            Some("abc")
        );
        assert_eq!(query_param("https://a.com/?x=1&y=2", "bodySHA256"), None);
        assert_eq!(
            query_param("https://a.com/#?bodySHA256=1", "bodySHA256"),
            None
        );
    }

    #[test]
    fn body_sha256_is_lowercase_hex() {
        // SHA-256 of the empty string and of "abc" (FIPS 180-2's example).
        assert_eq!(
            body_sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            body_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
