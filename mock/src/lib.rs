//! `twilio-mock`: a stateful, in-memory Twilio API on loopback, served from the same model
//! the client and the Terraform schema are generated from.
//!
//! Every resource of every loaded spec is served: create assigns a SID with the resource's
//! prefix, fills `account_sid`, `date_created`, `date_updated`, `url` and `links`, applies the
//! spec's defaults and keeps what was sent (dotted parameters such as `Integration.Url` as the
//! nested `integration` object); fetch, update (only what was sent), delete (with the
//! resource's children) and list (the spec's paging style, `PageSize`, `Page`, `PageToken`
//! and the list filters the spec names, in Twilio's order: API v2010 newest first, the other
//! APIs oldest first, named items by name) work on that state. Requests are checked the way
//! Twilio checks them: basic auth (401, code 20003), required parameters, enum values, SID
//! patterns, ranges and the spec's "required when" conditions (400, code 20001), unknown
//! SIDs (404, code 20404).
//!
//! One mock serves every API at once and tells them apart as Twilio does, by the request's
//! `Host` header: `chat.twilio.com/v1/Services` and `sync.twilio.com/v1/Services` are two
//! resources (a regional `sync.dublin.ie1.twilio.com` is Sync's too). A request whose host
//! names no API (`127.0.0.1:PORT`) reaches the one API with its path, and a path several
//! APIs share answers 404 naming their hosts. The runtime's
//! `ClientBuilder::local_twilio(running.base_url())` sends each API's host. Each account
//! (the basic-auth user) sees only the objects it made. API v2010's
//! `POST /2010-04-01/Accounts.json` makes a subaccount, with an auth token of its own: its
//! parent acts in it through `/2010-04-01/Accounts/{its SID}/…`, and its own credentials
//! (accepted even with [`Options::credentials`]) see only its objects. Listing the accounts
//! answers the main account and its subaccounts, or a subaccount alone with its own
//! credentials, as Twilio does; those credentials also fetch and update the subaccount's
//! own record, which its parent holds.
//!
//! Inside, as moto keeps `responses.py` apart from `models.py`: an HTTP layer (`http.rs`:
//! axum, the control endpoints, basic auth, faults around the backend) reads each request
//! into a plain one for the backend (`backend/`: state per account and host, credentials,
//! dispatch, create, fetch, update, delete, list), whose plain reply it writes out. Twilio's
//! conventions (SIDs, dates, error bodies, paging) are in `twilio.rs`, each once; what one
//! resource does beyond its spec is a `Behaviour` in `behaviour/`, one file per resource.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = twilio_mock::Mock::from_spec_paths(
//!     &["spec/twilio_flex_v1.yaml"],
//!     twilio_mock::Options { seed: Some(7), ..Default::default() },
//! )?;
//! let running = mock.spawn().await?; // 127.0.0.1, a free port
//! // ClientBuilder::local_twilio(running.base_url()) ...
//! running.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! Control endpoints, under `/__mock/` (no Twilio path starts so; no auth needed):
//! - `POST /__mock/faults` (form or JSON: `status` 400–599, `count` default 1, `retry_after`
//!   seconds, optional `method` and `path` prefix to aim at): the next `count` matching
//!   requests answer `status` with a Twilio error body (and `Retry-After` when given). They
//!   are refused before anything happens, unless `after=true`: then the request is carried
//!   out (the object created, the change made) and the error answers instead, as when
//!   Twilio applies a request whose answer is lost. `reshape=true` (no `status`) carries the
//!   request out and answers with the body in odd shapes (numbers and booleans as text,
//!   nested objects partial, lists null, an unexpected member; SIDs intact); `delay_ms`
//!   holds any such answer back. `DELETE /__mock/faults` drops pending faults;
//! - `POST /__mock/reset`: forgets every item, fault and recorded exchange, and restarts the
//!   SID sequence of the seed;
//! - `GET /__mock/requests`: the exchanges recorded with [`Options::record`] (JSON array);
//! - `GET /__mock/objects`: every object held, as `{account, host, path}` (JSON array);
//! - `POST /__mock/callbacks`: sends the pending status callbacks ([`Callbacks::OnRequest`])
//!   and answers what was sent; `GET /__mock/callbacks`: every callback sent, and how many
//!   wait.
//!
//! A created resource given a `StatusCallback` reports its progress there in requests signed
//! as Twilio signs them (see [`Callbacks`] for when): a message `queued`, `sent`, `delivered`;
//! a call the `StatusCallbackEvent`s asked for.

mod backend;
mod behaviour;
mod callbacks;
mod http;
mod routes;
mod state;
mod twilio;
mod values;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use twilio_model::Api;

use backend::Backend;
pub use callbacks::{Callbacks, Delivery};
pub use state::Fault;

/// Basic-auth credentials the mock accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The account SID (`AC` + 32 hex digits): the basic-auth user.
    pub account_sid: String,
    /// The auth token: the basic-auth password.
    pub auth_token: String,
}

impl std::fmt::Debug for Credentials {
    /// The token is never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

/// How a mock behaves beyond what its specs say.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Seeds the SIDs the mock makes: the same seed gives the same SIDs in the same order.
    /// `None` seeds from the time.
    pub seed: Option<u64>,
    /// Every timestamp the mock writes (`date_created`, `date_updated`); `None` is the
    /// system clock.
    pub clock: Option<DateTime<Utc>>,
    /// The only credentials accepted. `None` accepts any user matching `^AC[0-9a-f]{32}$`
    /// with a non-empty password, and that user is the account.
    pub credentials: Option<Credentials>,
    /// Keeps every exchange (see [`RunningMock::recorded`] and `GET /__mock/requests`).
    pub record: bool,
    /// The base URL written into `url`, `links` and paging links (`https://mock.test`);
    /// `None` is the address the mock listens on (`http://127.0.0.1:PORT`).
    pub public_url: Option<String>,
    /// When status callbacks are sent (right after the create by default).
    pub callbacks: Callbacks,
}

/// A mock that cannot start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The spec's path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A spec did not load (the generator's located error).
    #[error("{0}")]
    Spec(#[from] twilio_model::Error),
    /// Two specs serve the same path on the same host.
    #[error("path `{path}` is served by both {first} and {second}")]
    Conflict {
        /// The host and path template (`flex-api.twilio.com/v1/FlexFlows`).
        path: String,
        /// The spec that has it first.
        first: String,
        /// The other spec.
        second: String,
    },
    /// No spec was given.
    #[error("no spec to serve: give at least one --spec")]
    NoSpec,
    /// A bad option value.
    #[error("{0}")]
    Option(String),
}

/// One request and the mock's answer, as recorded with [`Options::record`].
#[derive(Debug, Clone, Serialize)]
pub struct Exchange {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path and query, as received.
    pub path: String,
    /// The spec (as named when loaded) whose operation answered, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// The `operationId` that answered, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The HTTP status sent.
    pub status: u16,
    /// The JSON body sent (`null` for none), with the secrets a create shows once (an
    /// account's `auth_token`, a key's `secret`) replaced by `"<redacted>"`: the record is
    /// a log, and secrets stay out of logs.
    pub body: serde_json::Value,
}

/// One loaded spec.
pub(crate) struct LoadedApi {
    pub(crate) name: String,
    pub(crate) api: Api,
}

/// A mock of one or more APIs, ready to serve.
pub struct Mock {
    backend: Arc<Backend>,
}

impl std::fmt::Debug for Mock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.backend.apis.iter().map(|a| a.name.as_str()).collect();
        f.debug_struct("Mock")
            .field("specs", &names)
            .field("options", &self.backend.options)
            .finish()
    }
}

impl Mock {
    /// A mock of the specs at these paths (YAML or JSON).
    pub fn from_spec_paths<P: AsRef<Path>>(paths: &[P], options: Options) -> Result<Mock, Error> {
        let mut specs = Vec::with_capacity(paths.len());
        for p in paths {
            let path = p.as_ref().display().to_string();
            let text = std::fs::read_to_string(p.as_ref()).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            specs.push((path, text));
        }
        let refs: Vec<(&str, &str)> = specs
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Mock::from_specs(&refs, options)
    }

    /// A mock of these specs, each `(name, text)`; the name labels the spec in errors.
    pub fn from_specs(specs: &[(&str, &str)], options: Options) -> Result<Mock, Error> {
        if specs.is_empty() {
            return Err(Error::NoSpec);
        }
        if let Some(c) = &options.credentials {
            if !twilio::is_account_sid(&c.account_sid) {
                return Err(Error::Option(format!(
                    "--account-sid `{}` is not `AC` followed by 32 hexadecimal digits",
                    c.account_sid
                )));
            }
            if c.auth_token.is_empty() {
                return Err(Error::Option("--auth-token is empty".to_owned()));
            }
        }
        let mut apis = Vec::with_capacity(specs.len());
        for (name, text) in specs {
            let api = twilio_model::read(name, text)?;
            apis.push(LoadedApi {
                name: (*name).to_owned(),
                api,
            });
        }
        Ok(Mock {
            backend: Arc::new(Backend::new(apis, options)?),
        })
    }

    /// The axum router serving this mock. Links use [`Options::public_url`], else
    /// `http://127.0.0.1`: prefer [`Mock::serve`], which knows the port.
    pub fn router(&self) -> axum::Router {
        http::router(self.backend.clone())
    }

    /// Serves on `listener` until `shutdown` completes.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let addr = listener.local_addr()?;
        self.backend.set_base(format!("http://{addr}"));
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Binds `127.0.0.1` on a free port and serves in a background task.
    pub async fn spawn(self) -> std::io::Result<RunningMock> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        self.spawn_on(listener)
    }

    /// Serves on `listener` in a background task.
    pub fn spawn_on(self, listener: tokio::net::TcpListener) -> std::io::Result<RunningMock> {
        let addr = listener.local_addr()?;
        let backend = self.backend.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(self.serve(listener, async move {
            let _ = rx.await;
        }));
        Ok(RunningMock {
            addr,
            backend,
            stop: Some(tx),
            task: Some(task),
        })
    }
}

/// A mock serving in the background; stops when [`RunningMock::shutdown`] is called or
/// when dropped.
pub struct RunningMock {
    addr: SocketAddr,
    backend: Arc<Backend>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for RunningMock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningMock")
            .field("addr", &self.addr)
            .finish()
    }
}

impl RunningMock {
    /// `http://127.0.0.1:PORT`: give it to `ClientBuilder::local_twilio` (or, for a mock of
    /// APIs without shared paths, `ClientBuilder::base_url`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The exchanges recorded so far (empty unless [`Options::record`]).
    pub fn recorded(&self) -> Vec<Exchange> {
        self.backend.lock_state().record.clone()
    }

    /// Makes the next requests fail (see [`Fault`]).
    pub fn inject(&self, fault: Fault) {
        self.backend.lock_state().faults.push_back(fault);
    }

    /// Sends every pending status callback ([`Callbacks::OnRequest`]), in order, and
    /// returns what was sent.
    pub async fn deliver_callbacks(&self) -> Vec<Delivery> {
        deliver_pending(&self.backend).await
    }

    /// Every status callback sent so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.backend.lock_state().deliveries.clone()
    }

    /// Forgets every item, fault and record; restarts the seed's SID sequence.
    pub fn reset(&self) {
        self.backend.reset();
    }

    /// Stops serving and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Sends the pending status callbacks, in order.
pub(crate) async fn deliver_pending(backend: &Arc<Backend>) -> Vec<Delivery> {
    let jobs: Vec<callbacks::Job> = backend.lock_state().pending.drain(..).collect();
    let mut sent = Vec::new();
    for job in jobs {
        sent.extend(callbacks::deliver(backend.clone(), job).await);
    }
    sent
}
