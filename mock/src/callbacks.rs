//! Status callbacks: a created resource that was given a `StatusCallback` URL reports its
//! progress there, as Twilio does, in signed requests.
//!
//! What is sent follows Twilio's status callbacks:
//! - the statuses: with a `StatusCallbackEvent` parameter (a call's), one request per event
//!   asked for (default `completed`), in the order `initiated`, `ringing`, `answered`,
//!   `completed` (the status of `answered` is `in-progress`); otherwise the statuses of
//!   [`PROGRESSION`] the resource's `status` enum has (a message: `queued`, `sent`,
//!   `delivered`);
//! - the parameters: `<Resource>Sid` and `<Resource>Status` (`MessageSid`, `MessageStatus`),
//!   `AccountSid`, `ApiVersion`, the item's `From`, `To` and `Direction` when it has them,
//!   and for events `CallbackSource` and `SequenceNumber`;
//! - the method: `StatusCallbackMethod` (`POST` by default; `GET` puts the parameters in the
//!   query), signed in `X-Twilio-Signature` with the auth token of the account holding the
//!   item: a subaccount's own, else the password of the request that created the item;
//! - each step first sets the stored item's `status` and `date_updated`, so a fetch after a
//!   callback sees the status it reported.
//!
//! A request that fails (no connection, a 5xx or 429 answer) is retried twice, after 100 and
//! 200 ms; a request takes at most 5 seconds. Callbacks never hold up the API: they are sent
//! after the answer, from their own task ([`Callbacks::Immediate`]), or when asked for
//! ([`Callbacks::OnRequest`]).

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};
use twilio_model::{names, Api, Operation, Resource, Segment, Type};
use twilio_runtime::webhook::{RequestValidator, SIGNATURE_HEADER};

use crate::backend::Backend;
use crate::values::Sent;

/// When the mock sends status callbacks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Callbacks {
    /// Right after the answer to the create, from a task of their own (as Twilio does).
    #[default]
    Immediate,
    /// When asked: `POST /__mock/callbacks` or [`crate::RunningMock::deliver_callbacks`]
    /// sends every pending one, for tests that step through them.
    OnRequest,
    /// Never.
    Off,
}

/// Statuses reported in this order, those the resource's `status` enum has.
pub const PROGRESSION: [&str; 5] = ["queued", "in-progress", "sent", "delivered", "completed"];

/// A call's status callback events, in the order they happen.
const EVENTS: [&str; 4] = ["initiated", "ringing", "answered", "completed"];

/// One callback request, sent or not.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// `POST` or `GET`.
    pub method: String,
    /// The URL requested (for `GET`, with the parameters in its query).
    pub url: String,
    /// The parameters sent, in the order sent.
    pub params: Vec<(String, String)>,
    /// The receiver's HTTP status, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How many times it was sent (at most 3).
    pub attempts: u32,
    /// Why the last attempt failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The callbacks of one created item, sent in order.
pub(crate) struct Job {
    url: String,
    get: bool,
    steps: Vec<Vec<(String, String)>>,
    /// The status each step sets on the stored item.
    statuses: Vec<String>,
    /// Signs the requests; `Debug` never shows the token.
    validator: RequestValidator,
    /// The type of the item's `date_updated`, when it has one.
    date_updated: Option<Type>,
    /// Where the item is stored: account, host, path.
    account: String,
    host: String,
    key: String,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("url", &self.url)
            .field("steps", &self.steps.len())
            .finish_non_exhaustive()
    }
}

/// What a create needs to plan its callbacks.
pub(crate) struct Created<'a> {
    pub(crate) api: &'a Api,
    pub(crate) resource: &'a Resource,
    pub(crate) op: &'a Operation,
    pub(crate) sent: &'a Sent,
    pub(crate) object: &'a Map<String, Value>,
    pub(crate) account: &'a str,
    pub(crate) token: &'a str,
    pub(crate) host: &'a str,
    pub(crate) key: &'a str,
}

/// The callbacks a create asked for: none without a `StatusCallback` the operation takes.
pub(crate) fn plan(c: &Created<'_>) -> Option<Job> {
    let body = c.op.body.as_ref()?;
    let takes = |name: &str| body.params.iter().any(|p| p.name == name);
    if !takes("StatusCallback") {
        return None;
    }
    let url = c.sent.values("StatusCallback").first()?.trim().to_owned();
    if url.is_empty() {
        return None;
    }
    let get = c
        .sent
        .values("StatusCallbackMethod")
        .first()
        .is_some_and(|m| m.eq_ignore_ascii_case("GET"));
    let noun = names::pascal(&c.resource.name);
    let sid = c
        .object
        .get("sid")
        .and_then(Value::as_str)
        .unwrap_or_else(|| c.key.rsplit('/').next().unwrap_or(""));
    let text = |field: &str| c.object.get(field).and_then(Value::as_str);
    let api_version = match c.op.path.segments().first() {
        Some(Segment::Literal(v)) => v.clone(),
        _ => c.api.version.clone(),
    };
    let (statuses, events): (Vec<String>, Option<Vec<&str>>) = if takes("StatusCallbackEvent") {
        let asked = c.sent.values("StatusCallbackEvent");
        let asked: Vec<&str> = asked
            .iter()
            .flat_map(|v| v.split([' ', ',']))
            .filter(|v| !v.is_empty())
            .collect();
        let events: Vec<&str> = if asked.is_empty() {
            vec!["completed"]
        } else {
            EVENTS
                .into_iter()
                .filter(|e| asked.iter().any(|a| a.eq_ignore_ascii_case(e)))
                .collect()
        };
        let statuses = events
            .iter()
            .map(|e| match *e {
                "answered" => "in-progress".to_owned(),
                other => other.to_owned(),
            })
            .collect();
        (statuses, Some(events))
    } else {
        let values = status_values(c.api, c.resource);
        let statuses = PROGRESSION
            .into_iter()
            .filter(|s| values.iter().any(|v| v == s))
            .map(str::to_owned)
            .collect();
        (statuses, None)
    };
    if statuses.is_empty() {
        return None;
    }
    let steps = statuses
        .iter()
        .enumerate()
        .map(|(i, status)| {
            let mut params = vec![
                ("AccountSid".to_owned(), c.account.to_owned()),
                ("ApiVersion".to_owned(), api_version.clone()),
                (format!("{noun}Sid"), sid.to_owned()),
                (format!("{noun}Status"), status.clone()),
            ];
            for field in ["from", "to", "direction"] {
                if let Some(v) = text(field) {
                    params.push((names::pascal(field), v.to_owned()));
                }
            }
            if let Some(events) = &events {
                params.push((
                    "CallbackSource".to_owned(),
                    format!("{}-progress-events", c.resource.name),
                ));
                params.push(("SequenceNumber".to_owned(), i.to_string()));
                params.push(("StatusCallbackEvent".to_owned(), events[i].to_owned()));
            }
            params
        })
        .collect();
    Some(Job {
        url,
        get,
        steps,
        statuses,
        validator: RequestValidator::new(c.token),
        date_updated: crate::routes::model_of(c.api, c.resource)
            .and_then(|m| m.fields.iter().find(|f| f.name == "date_updated"))
            .map(|f| f.ty.clone()),
        account: c.account.to_owned(),
        host: c.host.to_owned(),
        key: c.key.to_owned(),
    })
}

/// The values of the `status` enum of the resource's items.
fn status_values(api: &Api, resource: &Resource) -> Vec<String> {
    let Some(model) = crate::routes::model_of(api, resource) else {
        return Vec::new();
    };
    match model
        .fields
        .iter()
        .find(|f| f.name == "status")
        .map(|f| &f.ty)
    {
        Some(Type::Enum(name)) => api
            .enums
            .iter()
            .find(|e| e.name == *name)
            .map(|e| e.values.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Sends a job's callbacks in order, recording each.
pub(crate) async fn deliver(backend: Arc<Backend>, job: Job) -> Vec<Delivery> {
    let mut done = Vec::with_capacity(job.steps.len());
    for (params, status) in job.steps.iter().zip(&job.statuses) {
        {
            let mut state = backend.lock_state();
            let now = backend.options.clock.unwrap_or_else(crate::twilio::now);
            if let Some(item) = state.items(&job.account, &job.host).get_mut(&job.key) {
                if item.value.contains_key("status") {
                    item.value
                        .insert("status".to_owned(), Value::from(status.as_str()));
                }
                if let Some(ty) = &job.date_updated {
                    item.value.insert(
                        "date_updated".to_owned(),
                        crate::twilio::time_value(ty, now),
                    );
                }
            }
        }
        let delivery = send(&backend.callback_client, &job, params).await;
        backend.lock_state().deliveries.push(delivery.clone());
        done.push(delivery);
    }
    done
}

/// One request, retried twice when it fails for a reason that may pass.
async fn send(client: &reqwest::Client, job: &Job, params: &[(String, String)]) -> Delivery {
    let (url, signed_params): (String, &[(String, String)]) = if job.get {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let sep = if job.url.contains('?') { '&' } else { '?' };
        (format!("{}{sep}{query}", job.url), &[])
    } else {
        (job.url.clone(), params)
    };
    let signature = job.validator.signature(&url, signed_params);
    let mut delivery = Delivery {
        method: if job.get { "GET" } else { "POST" }.to_owned(),
        url: url.clone(),
        params: params.to_vec(),
        status: None,
        attempts: 0,
        error: None,
    };
    for attempt in 0..3u32 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(100 << (attempt - 1))).await;
        }
        delivery.attempts = attempt + 1;
        let request = if job.get {
            client.get(&url)
        } else {
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params)
                .finish();
            client
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
        };
        match request
            .header(SIGNATURE_HEADER, &signature)
            .header("user-agent", "TwilioProxy/1.1 (twilio-mock)")
            .send()
            .await
        {
            Ok(answer) => {
                let status = answer.status();
                delivery.status = Some(status.as_u16());
                delivery.error = None;
                if !(status.is_server_error() || status.as_u16() == 429) {
                    return delivery;
                }
                delivery.error = Some(format!("the receiver answered {status}"));
            }
            Err(e) => {
                delivery.status = None;
                delivery.error = Some(transport_error(&e));
            }
        }
    }
    delivery
}

/// A transport error without the URL's query (it may carry parameters).
fn transport_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    format!("the request {kind}")
}

/// The client callbacks are sent with: 5 seconds per request, no redirects.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}
