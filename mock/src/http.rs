//! The HTTP layer: the axum router, the control endpoints under `/__mock/`, and every API
//! request read into a plain [`Request`] (basic auth decoded, headers and body as sent),
//! handed to the [`Backend`] with the pending faults applied around it, and its [`Reply`]
//! written out (recorded first when asked).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use serde_json::Value;

use crate::backend::{Backend, Reply, Request};
use crate::callbacks::{self, Callbacks};
use crate::state::{self, Fault};
use crate::twilio::ApiError;
use crate::values::Sent;
use crate::Exchange;

pub(crate) fn router(backend: Arc<Backend>) -> Router {
    Router::new()
        .route("/__mock/faults", post(add_fault).delete(clear_faults))
        .route("/__mock/reset", post(reset))
        .route("/__mock/requests", get(requests))
        .route("/__mock/objects", get(objects))
        .route("/__mock/callbacks", post(deliver_callbacks).get(deliveries))
        .fallback(serve_api)
        .with_state(backend)
}

async fn add_fault(
    State(backend): State<Arc<Backend>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let sent = match Sent::read(content_type, &body, false) {
        Ok(s) => s,
        Err(e) => return error_response(&e),
    };
    let one = |name: &str| sent.values(name).first().map(|v| (*v).to_owned());
    let number = |name: &str| -> Result<Option<u64>, ApiError> {
        one(name)
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    ApiError::invalid(format!("Invalid {name}: `{v}` is not a whole number"))
                })
            })
            .transpose()
    };
    let flag = |name: &str| -> Result<bool, ApiError> {
        match one(name).as_deref() {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(v) => Err(ApiError::invalid(format!(
                "Invalid {name}: `{v}` is not true or false"
            ))),
        }
    };
    let fault = (|| {
        let reshape = flag("reshape")?;
        let status = match (number("status")?, reshape) {
            (Some(s), _) => s,
            (None, true) => 200,
            (None, false) => {
                return Err(ApiError::invalid("Missing required parameter status"));
            }
        };
        if !reshape && !(400..=599).contains(&status) {
            return Err(ApiError::invalid(format!(
                "Invalid status: `{status}` is not 400 to 599"
            )));
        }
        Ok(Fault {
            status: status.min(599) as u16,
            count: number("count")?.unwrap_or(1).min(u64::from(u32::MAX)) as u32,
            retry_after: number("retry_after")?,
            method: one("method").map(|m| m.to_uppercase()),
            path: one("path"),
            after: flag("after")?,
            reshape,
            delay_ms: number("delay_ms")?,
        })
    })();
    match fault {
        Ok(f) => {
            let body = serde_json::json!({
                "status": f.status,
                "count": f.count,
                "retry_after": f.retry_after,
                "method": f.method,
                "path": f.path,
                "after": f.after,
                "reshape": f.reshape,
                "delay_ms": f.delay_ms,
            });
            backend.lock_state().faults.push_back(f);
            json_response(StatusCode::CREATED, &body)
        }
        Err(e) => error_response(&e),
    }
}

async fn clear_faults(State(backend): State<Arc<Backend>>) -> Response {
    backend.lock_state().faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn reset(State(backend): State<Arc<Backend>>) -> Response {
    backend.reset();
    StatusCode::NO_CONTENT.into_response()
}

/// Sends every pending status callback, in order; answers what was sent.
async fn deliver_callbacks(State(backend): State<Arc<Backend>>) -> Response {
    let sent = crate::deliver_pending(&backend).await;
    json_response(
        StatusCode::OK,
        &serde_json::to_value(sent).unwrap_or_default(),
    )
}

/// Every status callback sent so far, and how many wait.
async fn deliveries(State(backend): State<Arc<Backend>>) -> Response {
    let state = backend.lock_state();
    let body = serde_json::json!({
        "delivered": state.deliveries,
        "pending": state.pending.len(),
    });
    drop(state);
    json_response(StatusCode::OK, &body)
}

async fn requests(State(backend): State<Arc<Backend>>) -> Response {
    let record = backend.lock_state().record.clone();
    json_response(
        StatusCode::OK,
        &serde_json::to_value(record).unwrap_or_default(),
    )
}

/// Every object the mock holds: its account, host and path, in that order.
async fn objects(State(backend): State<Arc<Backend>>) -> Response {
    let held = backend.lock_state().objects();
    json_response(
        StatusCode::OK,
        &Value::Array(
            held.into_iter()
                .map(|(account, host, path)| {
                    serde_json::json!({ "account": account, "host": host, "path": path })
                })
                .collect(),
        ),
    )
}

/// The answer to one API request, before it is sent (and recorded).
struct Answer {
    reply: Reply,
    /// How long to hold the answer back (a fault's `delay_ms`).
    delay: Option<Duration>,
}

/// The error answer of an injected fault.
fn fault_reply(fault: &Fault) -> Reply {
    let mut reply = Reply::error(&ApiError::fault(fault.status));
    if let Some(s) = fault.retry_after {
        reply.headers.push(("retry-after", s.to_string()));
    }
    reply
}

async fn serve_api(
    State(backend): State<Arc<Backend>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let auth = text(header::AUTHORIZATION).and_then(basic_auth);
    let request = Request {
        method: method.as_str(),
        host: text(header::HOST).or_else(|| uri.host()),
        path: uri.path(),
        query: uri.query().unwrap_or(""),
        content_type: text(header::CONTENT_TYPE).unwrap_or(""),
        body: &body,
        basic_auth: auth.as_ref().map(|(u, p)| (u.as_str(), p.as_str())),
    };
    let (answer, jobs) = {
        let mut state = backend.lock_state();
        let answer = answer(&backend, &mut state, &request);
        if backend.options.record {
            state
                .record
                .push(exchange(&backend, &uri, &method, &answer.reply));
        }
        let jobs: Vec<callbacks::Job> = match backend.options.callbacks {
            Callbacks::Immediate => state.pending.drain(..).collect(),
            Callbacks::OnRequest | Callbacks::Off => Vec::new(),
        };
        (answer, jobs)
    };
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    if !jobs.is_empty() {
        // After the answer is made, never in its way.
        let backend = backend.clone();
        tokio::spawn(async move {
            for job in jobs {
                callbacks::deliver(backend.clone(), job).await;
            }
        });
    }
    response(answer.reply)
}

/// The record of one exchange.
fn exchange(backend: &Backend, uri: &Uri, method: &Method, reply: &Reply) -> Exchange {
    Exchange {
        method: method.as_str().to_owned(),
        path: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
        spec: reply
            .operation
            .as_ref()
            .map(|(api, _)| backend.apis[*api].name.clone()),
        operation: reply.operation.as_ref().map(|(_, id)| id.clone()),
        status: reply.status,
        body: redacted(reply.body.clone().unwrap_or(Value::Null)),
    }
}

/// Members whose values are secrets: an account's auth token, an API or signing key's
/// secret.
const SECRETS: [&str; 2] = ["auth_token", "secret"];

/// `body` with the string values of [`SECRETS`] members, at any depth, replaced by
/// `"<redacted>"`.
fn redacted(body: Value) -> Value {
    match body {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(_) if SECRETS.contains(&k.as_str()) => {
                            Value::from("<redacted>")
                        }
                        other => redacted(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redacted).collect()),
        other => other,
    }
}

/// The answer to an API request, faults applied around the backend's.
fn answer(backend: &Backend, state: &mut state::State, request: &Request<'_>) -> Answer {
    let fault = state.take_fault(request.method, request.path);
    let mut reply = match &fault {
        Some(f) if !f.after && !f.reshape => fault_reply(f),
        _ => backend.handle(state, request),
    };
    let mut delay = None;
    if let Some(f) = fault {
        if f.reshape {
            if (200..300).contains(&reply.status) {
                reply.body = reply.body.map(state::reshape);
            }
        } else if f.after {
            let operation = reply.operation.take();
            reply = fault_reply(&f);
            reply.operation = operation;
        }
        delay = f.delay_ms.map(Duration::from_millis);
    }
    Answer { reply, delay }
}

/// The user and password of a basic `Authorization` header.
fn basic_auth(value: &str) -> Option<(String, String)> {
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// A backend's reply as an HTTP response.
fn response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match &reply.body {
        Some(body) => json_response(status, body),
        None => status.into_response(),
    };
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static(name), v);
        }
    }
    response
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

fn error_response(e: &ApiError) -> Response {
    response(Reply::error(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_bodies_hide_secrets_at_any_depth() {
        let body = serde_json::json!({
            "sid": "ACaaa",
            "auth_token": "0123abcd",
            "keys": [{"sid": "SK1", "secret": "s3cr3t", "friendly_name": "k"}],
            "secret": null,
        });
        let text = redacted(body).to_string();
        assert!(
            !text.contains("0123abcd") && !text.contains("s3cr3t"),
            "{text}"
        );
        assert_eq!(
            text,
            r#"{"sid":"ACaaa","auth_token":"<redacted>","keys":[{"sid":"SK1","secret":"<redacted>","friendly_name":"k"}],"secret":null}"#
        );
    }
}
