//! The backend: the mock's state and behaviour, with no HTTP types in its way. It takes a
//! plain [`Request`] (method, host, path, query, body, basic-auth pair) and gives a plain
//! [`Reply`] (status, JSON body, headers): it checks the credentials, finds the route and
//! the operation, and carries it out on the state of the request's account.
//!
//! - `crud.rs`: one request matched to its operation ([`crud::Cx`]): create, fetch, update,
//!   delete;
//! - `list.rs`: lists, their filters and pages;
//! - `placeholder.rs`: what a new object holds where nothing was sent: links, plausible
//!   enum values, a value of each type.

mod crud;
mod list;
mod placeholder;

use std::sync::{Mutex, MutexGuard, OnceLock};

use serde_json::Value;

use crate::behaviour::Registry;
use crate::routes::{Matched, Miss, Routes};
use crate::state::State;
use crate::twilio::{self, ApiError};
use crate::{Error, LoadedApi, Options};

/// One API request, as the HTTP layer read it.
#[derive(Clone, Copy)]
pub(crate) struct Request<'a> {
    /// Upper-case HTTP method.
    pub(crate) method: &'a str,
    /// The `Host` header (or the URI's host), when there is one.
    pub(crate) host: Option<&'a str>,
    /// The path, percent-encoded as received.
    pub(crate) path: &'a str,
    /// The query string, without `?`.
    pub(crate) query: &'a str,
    /// The `Content-Type` header, empty when none.
    pub(crate) content_type: &'a str,
    pub(crate) body: &'a [u8],
    /// The basic-auth user and password, when sent.
    pub(crate) basic_auth: Option<(&'a str, &'a str)>,
}

impl std::fmt::Debug for Request<'_> {
    /// The password is never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .field("user", &self.basic_auth.map(|(user, _)| user))
            .finish_non_exhaustive()
    }
}

impl Request<'_> {
    /// The path's segments, percent-decoded.
    fn segments(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// The backend's answer to a request (no `Debug`: a body may hold a secret shown once,
/// such as a subaccount's auth token).
#[derive(Clone)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    /// The JSON body; `None` for an empty one (a delete's 204).
    pub(crate) body: Option<Value>,
    /// Headers, names in lower case (`allow`, `www-authenticate`).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The API (index) and `operationId` that answered, if one did.
    pub(crate) operation: Option<(usize, String)>,
}

impl Reply {
    /// A Twilio error answer.
    pub(crate) fn error(e: &ApiError) -> Self {
        Reply {
            status: e.status,
            body: Some(e.body()),
            headers: vec![],
            operation: None,
        }
    }

    fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

/// The loaded specs, their routes, the options and the state: everything a request and a
/// status callback work with.
pub(crate) struct Backend {
    pub(crate) apis: Vec<LoadedApi>,
    pub(crate) routes: Routes,
    pub(crate) options: Options,
    state: Mutex<State>,
    base: OnceLock<String>,
    /// Sends status callbacks.
    pub(crate) callback_client: reqwest::Client,
    /// What some resources do beyond their spec.
    behaviours: Registry,
}

impl Backend {
    pub(crate) fn new(apis: Vec<LoadedApi>, options: Options) -> Result<Self, Error> {
        let routes = Routes::new(&apis)?;
        let behaviours = Registry::new(apis.iter().map(|a| &a.api));
        let state = State::new(options.seed);
        let base = OnceLock::new();
        if let Some(url) = &options.public_url {
            let _ = base.set(url.trim_end_matches('/').to_owned());
        }
        Ok(Backend {
            apis,
            routes,
            options,
            state: Mutex::new(state),
            base,
            callback_client: crate::callbacks::client(),
            behaviours,
        })
    }

    /// The state; a request that panicked while holding it leaves it usable.
    pub(crate) fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The base URL of links.
    pub(crate) fn base(&self) -> &str {
        self.base.get().map_or("http://127.0.0.1", String::as_str)
    }

    /// Sets the base URL of links, unless [`Options::public_url`] did.
    pub(crate) fn set_base(&self, url: String) {
        let _ = self.base.set(url);
    }

    /// Forgets every item, fault and record; restarts the seed's SID sequence.
    pub(crate) fn reset(&self) {
        self.lock_state().reset(self.options.seed);
    }

    /// The answer to an API request as the API gives it.
    pub(crate) fn handle(&self, state: &mut State, req: &Request<'_>) -> Reply {
        let Some((authenticated, password)) = self.authenticate(state, req) else {
            return Reply::error(&ApiError::unauthenticated())
                .with_header("www-authenticate", twilio::AUTH_CHALLENGE.to_owned());
        };
        let segments = req.segments();
        let matched = match self.routes.find(req.host, &segments) {
            Ok(m) => m,
            Err(Miss::NotFound) => return Reply::error(&ApiError::not_found(req.path)),
            Err(Miss::Ambiguous(hosts)) => {
                return Reply::error(&ApiError::ambiguous(req.path, &hosts))
            }
        };
        let route = matched.route;
        let api = &self.apis[route.api].api;
        let resource = &api.resources[route.resource];
        let ops = route.operations.iter().map(|i| &resource.operations[*i]);
        let Some(op) = ops
            .clone()
            .find(|o| o.method.eq_ignore_ascii_case(req.method))
        else {
            let allow: Vec<&str> = ops.map(|o| o.method.as_str()).collect();
            return Reply::error(&ApiError::method_not_allowed(req.method, req.path))
                .with_header("allow", allow.join(", "));
        };
        let operation = Some((route.api, op.id.clone()));
        let Some(account) = scope(state, &authenticated, &matched) else {
            let mut reply = Reply::error(&ApiError::not_found(req.path));
            reply.operation = operation;
            return reply;
        };
        let behaviour = self.behaviours.of((route.api, route.resource));
        let concrete = crate::routes::fill(matched.route.template.segments(), &matched.params);
        let account = behaviour
            .and_then(|b| b.holder(&account, &concrete, state))
            .unwrap_or(account);
        // Callbacks are signed with the token of the account that holds the item.
        let token = state
            .account(&account)
            .map_or(password, |a| a.auth_token.clone());
        let cx = crud::Cx {
            backend: self,
            behaviour,
            api,
            resource,
            info: &self.routes.info[route.api][route.resource],
            owner: (route.api, route.resource),
            op,
            matched: &matched,
            account: &account,
            token: &token,
            now: self.options.clock.unwrap_or_else(twilio::now),
        };
        let mut reply = match cx.run(state, req) {
            Ok((status, body)) => Reply {
                status,
                body,
                headers: vec![],
                operation: None,
            },
            Err(e) => Reply::error(&e),
        };
        reply.operation = operation;
        reply
    }

    /// The account and auth token of a request's basic auth, when the credentials are
    /// accepted: a subaccount made through the mock with its own token; else the configured
    /// credentials, or without them any account SID with a password.
    fn authenticate(&self, state: &State, req: &Request<'_>) -> Option<(String, String)> {
        let (user, password) = req.basic_auth?;
        let accepted = match (state.account(user), &self.options.credentials) {
            (Some(sub), _) => sub.auth_token == password,
            (None, Some(c)) => user == c.account_sid && password == c.auth_token,
            (None, None) => twilio::is_account_sid(user) && !password.is_empty(),
        };
        accepted.then(|| (user.to_owned(), password.to_owned()))
    }
}

/// The account whose objects a request works on: the path's `AccountSid` when the
/// authenticated account may act in it (its own, or a subaccount it made), else none; the
/// authenticated account when the path names none.
fn scope(state: &State, authenticated: &str, matched: &Matched<'_>) -> Option<String> {
    match matched.params.iter().find(|(n, _)| n == "AccountSid") {
        Some((_, sid)) => state.may_act_in(authenticated, sid).then(|| sid.clone()),
        None => Some(authenticated.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requests_debug_never_shows_the_password() {
        let req = Request {
            method: "GET",
            host: None,
            path: "/v1/%46lows",
            query: "",
            content_type: "",
            body: b"",
            basic_auth: Some(("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "s3cret")),
        };
        let shown = format!("{req:?}");
        assert!(
            shown.contains("ACaaaa") && !shown.contains("s3cret"),
            "{shown}"
        );
        assert_eq!(req.segments(), ["v1", "Flows"]);
    }
}
