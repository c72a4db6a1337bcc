//! The HTTP side: control endpoints, then every API request: faults, auth, the route, the
//! operation.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use twilio_model::{
    names, Api, ContentType, Model, Operation, OperationKind, Resource, Segment, Type,
};

use crate::callbacks::{self, Callbacks};
use crate::routes::{self, Matched, Miss, ResourceInfo};
use crate::state::{self, Fault, Item};
use crate::twilio::{self, is_time, time_value, ApiError, Page, PageRequest, PageToken, PAGING};
use crate::values::{self, Sent};
use crate::{Exchange, Shared};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__mock/faults", post(add_fault).delete(clear_faults))
        .route("/__mock/reset", post(reset))
        .route("/__mock/requests", get(requests))
        .route("/__mock/objects", get(objects))
        .route("/__mock/callbacks", post(deliver_callbacks).get(deliveries))
        .fallback(serve_api)
        .with_state(shared)
}

async fn add_fault(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let sent = match read_body(&headers, &body, false) {
        Ok(s) => s,
        Err(e) => return error_response(&e, None),
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
            shared.lock_state().faults.push_back(f);
            json_response(StatusCode::CREATED, &body)
        }
        Err(e) => error_response(&e, None),
    }
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock_state().faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock_state().reset(shared.options.seed);
    StatusCode::NO_CONTENT.into_response()
}

/// Sends every pending status callback, in order; answers what was sent.
async fn deliver_callbacks(State(shared): State<Arc<Shared>>) -> Response {
    let sent = crate::deliver_pending(&shared).await;
    json_response(
        StatusCode::OK,
        &serde_json::to_value(sent).unwrap_or_default(),
    )
}

/// Every status callback sent so far, and how many wait.
async fn deliveries(State(shared): State<Arc<Shared>>) -> Response {
    let state = shared.lock_state();
    let body = serde_json::json!({
        "delivered": state.deliveries,
        "pending": state.pending.len(),
    });
    drop(state);
    json_response(StatusCode::OK, &body)
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    let record = shared.lock_state().record.clone();
    json_response(
        StatusCode::OK,
        &serde_json::to_value(record).unwrap_or_default(),
    )
}

/// Every object the mock holds: its account, host and path, in that order.
async fn objects(State(shared): State<Arc<Shared>>) -> Response {
    let held = shared.lock_state().objects();
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
    status: u16,
    body: Option<Value>,
    headers: Vec<(header::HeaderName, String)>,
    operation: Option<(usize, String)>,
    /// How long to hold the answer back (a fault's `delay_ms`).
    delay: Option<std::time::Duration>,
}

impl Answer {
    fn error(e: &ApiError) -> Self {
        Answer {
            status: e.status,
            body: Some(e.body()),
            headers: vec![],
            operation: None,
            delay: None,
        }
    }

    /// The error answer of an injected fault.
    fn fault(fault: &Fault) -> Self {
        let mut a = Answer::error(&ApiError::fault(fault.status));
        if let Some(s) = fault.retry_after {
            a.headers.push((header::RETRY_AFTER, s.to_string()));
        }
        a
    }
}

async fn serve_api(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (answer, jobs) = {
        let mut state = shared.lock_state();
        let answer = answer(&shared, &mut state, &method, &uri, &headers, &body);
        if shared.options.record {
            state.record.push(Exchange {
                method: method.as_str().to_owned(),
                path: uri
                    .path_and_query()
                    .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
                spec: answer
                    .operation
                    .as_ref()
                    .map(|(api, _)| shared.apis[*api].name.clone()),
                operation: answer.operation.as_ref().map(|(_, id)| id.clone()),
                status: answer.status,
                body: answer.body.clone().unwrap_or(Value::Null),
            });
        }
        let jobs: Vec<callbacks::Job> = match shared.options.callbacks {
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
        let shared = shared.clone();
        tokio::spawn(async move {
            for job in jobs {
                callbacks::deliver(shared.clone(), job).await;
            }
        });
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match &answer.body {
        Some(body) => json_response(status, body),
        None => status.into_response(),
    };
    for (name, value) in answer.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, v);
        }
    }
    response
}

/// The answer to an API request, faults included.
fn answer(
    shared: &Shared,
    state: &mut state::State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Answer {
    let fault = state.take_fault(method.as_str(), uri.path());
    let mut answer = match &fault {
        Some(f) if !f.after && !f.reshape => Answer::fault(f),
        _ => carry_out(shared, state, method, uri, headers, body),
    };
    if let Some(f) = fault {
        if f.reshape {
            if (200..300).contains(&answer.status) {
                answer.body = answer.body.map(state::reshape);
            }
        } else if f.after {
            let operation = answer.operation.take();
            answer = Answer::fault(&f);
            answer.operation = operation;
        }
        answer.delay = f.delay_ms.map(std::time::Duration::from_millis);
    }
    answer
}

/// The answer to an API request as the API gives it.
fn carry_out(
    shared: &Shared,
    state: &mut state::State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Answer {
    let path = uri.path();
    let (account, token) = match authenticate(shared, headers) {
        Some(a) => a,
        None => {
            let mut a = Answer::error(&ApiError::unauthenticated());
            a.headers
                .push((header::WWW_AUTHENTICATE, twilio::AUTH_CHALLENGE.to_owned()));
            return a;
        }
    };
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.host());
    let matched = match shared.routes.find(host, &segments) {
        Ok(m) => m,
        Err(Miss::NotFound) => return Answer::error(&ApiError::not_found(path)),
        Err(Miss::Ambiguous(hosts)) => return Answer::error(&ApiError::ambiguous(path, &hosts)),
    };
    let route = matched.route;
    let api = &shared.apis[route.api].api;
    let resource = &api.resources[route.resource];
    let Some(op) = route
        .operations
        .iter()
        .map(|i| &resource.operations[*i])
        .find(|o| o.method.eq_ignore_ascii_case(method.as_str()))
    else {
        let allow: Vec<&str> = route
            .operations
            .iter()
            .map(|i| resource.operations[*i].method.as_str())
            .collect();
        let mut a = Answer::error(&ApiError::method_not_allowed(method.as_str(), path));
        a.headers.push((header::ALLOW, allow.join(", ")));
        return a;
    };
    let cx = Cx {
        shared,
        api,
        resource,
        info: &shared.routes.info[route.api][route.resource],
        owner: (route.api, route.resource),
        op,
        matched: &matched,
        account: &account,
        token: &token,
        now: shared.options.clock.unwrap_or_else(twilio::now),
    };
    let result = cx.run(state, uri, headers, body);
    let mut answer = match result {
        Ok((status, body)) => Answer {
            status,
            body,
            headers: vec![],
            operation: None,
            delay: None,
        },
        Err(e) => Answer::error(&e),
    };
    answer.operation = Some((route.api, op.id.clone()));
    answer
}

/// The account and auth token of a request's basic auth, when the credentials are accepted.
fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    match &shared.options.credentials {
        Some(c) => (user == c.account_sid && password == c.auth_token)
            .then(|| (user.to_owned(), password.to_owned())),
        None => (twilio::is_account_sid(user) && !password.is_empty())
            .then(|| (user.to_owned(), password.to_owned())),
    }
}

/// A request's form or JSON body. `json_expected` reads a body without a content type as
/// JSON.
fn read_body(headers: &HeaderMap, body: &[u8], json_expected: bool) -> Result<Sent, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let is_json = content_type.starts_with("application/json")
        || (content_type.is_empty() && json_expected)
        || (content_type.is_empty() && body.first() == Some(&b'{'));
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Sent::default());
    }
    if is_json {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => Ok(Sent::json(m)),
            Ok(_) => Err(ApiError::invalid("The JSON body is not an object")),
            Err(e) => Err(ApiError::invalid(format!(
                "The JSON body does not parse: {e}"
            ))),
        }
    } else {
        Ok(Sent::form(body))
    }
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

fn error_response(e: &ApiError, _headers: Option<()>) -> Response {
    json_response(
        StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
        &e.body(),
    )
}

/// One API request matched to its operation.
struct Cx<'a> {
    shared: &'a Shared,
    api: &'a Api,
    resource: &'a Resource,
    info: &'a ResourceInfo,
    owner: (usize, usize),
    op: &'a Operation,
    matched: &'a Matched<'a>,
    account: &'a str,
    /// The auth token the request authenticated with: status callbacks are signed with it.
    token: &'a str,
    now: DateTime<Utc>,
}

type Outcome = Result<(u16, Option<Value>), ApiError>;

impl Cx<'_> {
    fn run(
        &self,
        state: &mut state::State,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Outcome {
        let path = uri.path();
        // A path parameter that cannot name anything names nothing: 404, as Twilio answers.
        for p in &self.op.path_params {
            let Some(value) = self.param(&p.name) else {
                continue;
            };
            let bad = values::check_value(
                self.api,
                &p.ty,
                &p.constraints,
                value,
                &self.shared.routes.patterns,
            )
            .is_err();
            let other_account = p.name == "AccountSid" && value != self.account;
            if bad || other_account {
                return Err(ApiError::not_found(path));
            }
        }
        let query = Sent::form(uri.query().unwrap_or("").as_bytes());
        let json_expected = self
            .op
            .body
            .as_ref()
            .is_some_and(|b| b.content_type == ContentType::Json);
        let sent = if self.op.body.is_some() {
            read_body(headers, body, json_expected)?
        } else {
            Sent::default()
        };
        let segments = self.matched.route.template.segments();
        for n in &self.matched.route.parents {
            let parent = routes::fill(&segments[..*n], &self.matched.params);
            if !self.items(state).contains_key(&parent) {
                return Err(ApiError::not_found(&parent));
            }
        }
        let concrete = routes::fill(segments, &self.matched.params);
        match self.op.kind {
            OperationKind::Create => self.create(state, &concrete, &query, &sent),
            OperationKind::Fetch => {
                let key = self.find(state, &concrete)?;
                Ok(self.value(self.items(state).get(&key).map(|i| &i.value)))
            }
            OperationKind::Update => self.update(state, &concrete, &query, &sent),
            OperationKind::Delete => {
                let key = self.find(state, &concrete)?;
                state::remove_tree(self.items(state), &key);
                Ok((self.status(), None))
            }
            OperationKind::List => self.list(state, &concrete, &query),
        }
    }

    /// The items of the request's account at the route's host.
    fn items<'s>(&self, state: &'s mut state::State) -> &'s mut state::Items {
        state.items(self.account, &self.matched.route.host)
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.matched
            .params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn status(&self) -> u16 {
        match &self.op.response {
            twilio_model::Response::Empty { status }
            | twilio_model::Response::Value { status, .. }
            | twilio_model::Response::Page { status, .. } => *status,
        }
    }

    fn model(&self) -> Option<&Model> {
        routes::operation_model(self.api, self.resource, self.op)
    }

    /// The operation's answer holding an item.
    fn value(&self, value: Option<&Map<String, Value>>) -> (u16, Option<Value>) {
        let status = self.status();
        match (&self.op.response, value) {
            (twilio_model::Response::Empty { .. }, _) => (status, None),
            (_, Some(v)) => (status, Some(Value::Object(self.shaped(v)))),
            (_, None) => (status, Some(Value::Object(Map::new()))),
        }
    }

    /// A stored item as this operation's model shows it: a fetch never shows what only the
    /// create answer has (an API key's `secret`).
    fn shaped(&self, v: &Map<String, Value>) -> Map<String, Value> {
        match self.model() {
            Some(model) if !model.fields.is_empty() => model
                .fields
                .iter()
                .map(|f| {
                    (
                        f.name.clone(),
                        v.get(&f.name).cloned().unwrap_or(Value::Null),
                    )
                })
                .collect(),
            _ => v.clone(),
        }
    }

    /// Whether a field of this operation's model is one the fetch model lacks: what only
    /// the create answer carries, which Twilio always fills.
    fn create_only(&self, field: &str) -> bool {
        let Some(fetch) = self
            .resource
            .operation(OperationKind::Fetch)
            .and_then(|op| routes::operation_model(self.api, self.resource, op))
        else {
            return false;
        };
        self.op.kind == OperationKind::Create
            && self.model().is_some_and(|m| m.name != fetch.name)
            && !fetch.fields.iter().any(|f| f.name == field)
    }

    /// Whether the operation works on one item of a collection (else on a singleton).
    fn on_item(&self) -> bool {
        self.info.collection
            && self.resource.instance_path.as_ref() == Some(&self.op.path)
            && self.resource.list_path.as_ref() != Some(&self.op.path)
    }

    /// The key of the item the request names: stored under its path, or (for a plugin's
    /// `{Sid}` that also takes the unique name) the item whose `unique_name` it is. A
    /// singleton is made on first use.
    fn find(&self, state: &mut state::State, concrete: &str) -> Result<String, ApiError> {
        if !self.on_item() {
            if !self.items(state).contains_key(concrete) {
                let value = self.new_object(state, concrete, &Sent::default(), None);
                self.items(state).insert(
                    concrete.to_owned(),
                    Item {
                        owner: self.owner,
                        id: concrete.rsplit('/').next().unwrap_or("").to_owned(),
                        value,
                    },
                );
            }
            return Ok(concrete.to_owned());
        }
        if self
            .items(state)
            .get(concrete)
            .is_some_and(|i| i.owner == self.owner)
        {
            return Ok(concrete.to_owned());
        }
        // By unique name, where the id parameter is not typed as a SID.
        let (parent, last) = concrete.rsplit_once('/').unwrap_or(("", concrete));
        let wanted = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
        let prefix = format!("{parent}/");
        self.items(state)
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .find(|(k, i)| {
                i.owner == self.owner
                    && !k[prefix.len()..].contains('/')
                    && i.value.get("unique_name").and_then(Value::as_str) == Some(&wanted)
            })
            .map(|(k, _)| k.clone())
            .ok_or_else(|| ApiError::not_found(concrete))
    }

    /// The identifier of a new item that the create names (`Identity`, `Key`, `PhoneNumber`,
    /// or the `Sid` of a sender added to a service): the value sent under the instance
    /// path's last parameter; else, for a whole-number field (a list item's `index`), the
    /// number after the collection's highest. `None` when the mock makes a SID.
    fn named_id(
        &self,
        state: &mut state::State,
        concrete: &str,
        name: &str,
        sent: &Sent,
    ) -> Option<String> {
        if let Some(v) = sent.values(name).first() {
            return Some((*v).to_owned());
        }
        if name == "Sid" || name.ends_with("Sid") {
            return None;
        }
        let field = names::snake(name);
        let numbered = self.model().is_some_and(|m| {
            m.fields
                .iter()
                .any(|f| f.name == field && matches!(f.ty, Type::Integer | Type::Int64))
        });
        if !numbered {
            return None;
        }
        // After the highest number taken: a count would reuse a number once an item
        // before it is deleted, and the new item would replace a live one.
        let prefix = format!("{concrete}/");
        let next = self
            .items(state)
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix)?.parse::<u64>().ok())
            .max()
            .map_or(0, |n| n + 1);
        Some(next.to_string())
    }

    fn create(
        &self,
        state: &mut state::State,
        concrete: &str,
        query: &Sent,
        sent: &Sent,
    ) -> Outcome {
        values::check(
            self.api,
            self.op,
            query,
            sent,
            None,
            &self.shared.routes.patterns,
        )?;
        let sid = state.sid(&self.info.sid_prefix);
        let in_collection =
            self.info.collection && self.resource.list_path.as_ref() == Some(&self.op.path);
        // An item named by something other than its SID: the name and its value.
        let named = match self
            .resource
            .instance_path
            .as_ref()
            .map(|p| p.segments().last())
        {
            Some(Some(Segment::Param { name, .. })) if in_collection => self
                .named_id(state, concrete, name, sent)
                .map(|v| (name.clone(), v)),
            _ => None,
        };
        let key = if in_collection {
            match &self.resource.instance_path {
                Some(instance) => {
                    let mut params = self.matched.params.clone();
                    if let Some(Segment::Param { name, .. }) = instance.segments().last() {
                        let id = named.as_ref().map_or(&sid, |(_, v)| v);
                        params.push((name.clone(), id.clone()));
                    }
                    routes::fill(instance.segments(), &params)
                }
                None => format!("{concrete}/{sid}"),
            }
        } else {
            concrete.to_owned()
        };
        let mut value = self.new_object(state, &key, sent, Some(&sid));
        if let Some((name, id)) = &named {
            let field = names::snake(name);
            if let Some(f) = self
                .model()
                .and_then(|m| m.fields.iter().find(|f| f.name == field))
            {
                value.insert(field, values::to_json(&[id.as_str()], &f.ty));
            }
        }
        let answer = self.value(Some(&value));
        if self.shared.options.callbacks != Callbacks::Off {
            let job = callbacks::plan(&callbacks::Created {
                api: self.api,
                resource: self.resource,
                op: self.op,
                sent,
                object: &value,
                account: self.account,
                token: self.token,
                host: &self.matched.route.host,
                key: &key,
            });
            state.pending.extend(job);
        }
        self.items(state).insert(
            key,
            Item {
                owner: self.owner,
                id: named.map_or(sid, |(_, id)| id),
                value,
            },
        );
        Ok(answer)
    }

    fn update(
        &self,
        state: &mut state::State,
        concrete: &str,
        query: &Sent,
        sent: &Sent,
    ) -> Outcome {
        let key = self.find(state, concrete)?;
        let Some(item) = self.items(state).get(&key) else {
            return Err(ApiError::not_found(concrete));
        };
        values::check(
            self.api,
            self.op,
            query,
            sent,
            Some(&item.value),
            &self.shared.routes.patterns,
        )?;
        let mut value = item.value.clone();
        if let Some(model) = self.model() {
            let set = values::apply(model, self.op, sent, &mut value);
            if !set.is_empty() {
                if let Some(f) = model.fields.iter().find(|f| f.name == "date_updated") {
                    value.insert(f.name.clone(), time_value(&f.ty, self.now));
                }
            }
        }
        let answer = self.value(Some(&value));
        if let Some(item) = self.items(state).get_mut(&key) {
            item.value = value;
        }
        Ok(answer)
    }

    /// A new item's object: every field of the model, from what was sent, from the path,
    /// from what the mock assigns (SID, account, timestamps, URLs), from the spec's defaults,
    /// else `null` when nullable and a value of the field's type when not.
    fn new_object(
        &self,
        state: &mut state::State,
        key: &str,
        sent: &Sent,
        sid: Option<&str>,
    ) -> Map<String, Value> {
        let mut object = Map::new();
        let Some(model) = self.model() else {
            return object;
        };
        let set = values::apply(model, self.op, sent, &mut object);
        let base = self.shared.base();
        let body_params: Vec<_> = self.op.body.iter().flat_map(|b| b.all_params()).collect();
        let mut filled = Map::new();
        for f in &model.fields {
            if set.contains(&f.name) {
                filled.insert(
                    f.name.clone(),
                    object.remove(&f.name).unwrap_or(Value::Null),
                );
                continue;
            }
            let from_path = self
                .matched
                .params
                .iter()
                .find(|(n, _)| names::snake(n) == f.name)
                .map(|(_, v)| values::to_json(&[v.as_str()], &f.ty));
            let default = f.default.clone().or_else(|| {
                body_params
                    .iter()
                    .find(|p| names::snake(&p.name) == f.name)
                    .and_then(|p| p.default.clone())
            });
            let value = if Some(&f.name) == self.info.id_field.as_ref() && sid.is_some() {
                Value::from(sid.unwrap_or_default())
            } else if f.name == "account_sid" {
                Value::from(self.account)
            } else if matches!(f.name.as_str(), "date_created" | "date_updated") && is_time(&f.ty) {
                time_value(&f.ty, self.now)
            } else if f.name == "url" {
                Value::from(format!("{base}{key}"))
            } else if f.name == "uri" {
                Value::from(key)
            } else if f.name == "links" && matches!(f.ty, Type::Map(_) | Type::Object | Type::Json)
            {
                Value::Object(self.links(base, &filled, key))
            } else if let Some(v) = from_path {
                v
            } else if let Some(v) = default {
                v
            } else if let Some(v) = self.plausible(f) {
                v
            } else if self.create_only(&f.name) && matches!(f.ty, Type::String) {
                // A secret shown once: a fresh token.
                Value::from(state.sid(""))
            } else if f.nullable {
                Value::Null
            } else {
                self.placeholder(state, &f.ty, 0)
            };
            filled.insert(f.name.clone(), value);
        }
        filled
    }

    /// `links`: the sub-resources the spec names for an item (`x-twilio.dependentProperties`),
    /// else the resources nested right under its path.
    fn links(&self, base: &str, object: &Map<String, Value>, key: &str) -> Map<String, Value> {
        let mut links = Map::new();
        for d in &self.resource.dependents {
            let mut url = d.resource_url.clone();
            for (var, field) in &d.mapping {
                let value = object
                    .get(field)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| key.rsplit('/').next().unwrap_or("").to_owned());
                url = url.replace(&format!("{{{var}}}"), &value);
            }
            links.insert(d.name.clone(), Value::from(format!("{base}{url}")));
        }
        if links.is_empty() {
            if let Some(instance) = &self.resource.instance_path {
                let n = instance.segments().len();
                for r in &self.api.resources {
                    let Some(list) = &r.list_path else { continue };
                    let segs = list.segments();
                    if segs.len() == n + 1 && same_shape(&segs[..n], instance.segments()) {
                        if let Some(Segment::Literal(l)) = segs.last() {
                            links.insert(names::snake(l), Value::from(format!("{base}{key}/{l}")));
                        }
                    }
                }
            }
        }
        links
    }

    /// What a newly created item plausibly holds in an enum field nothing set, rather than
    /// the enum's first value: `outbound-api` where the enum has it (a message or call made
    /// through the API), and a `status` at the start of [`callbacks::PROGRESSION`]
    /// (`queued`).
    fn plausible(&self, f: &twilio_model::Field) -> Option<Value> {
        let Type::Enum(name) = &f.ty else {
            return None;
        };
        let values = &self.api.enums.iter().find(|e| e.name == *name)?.values;
        let has = |v: &str| values.iter().any(|x| x == v);
        if has("outbound-api") {
            return Some(Value::from("outbound-api"));
        }
        if f.name == "status" {
            return callbacks::PROGRESSION
                .into_iter()
                .find(|v| has(v))
                .map(Value::from);
        }
        None
    }

    /// A value of the type for a field the mock has nothing for.
    fn placeholder(&self, state: &mut state::State, ty: &Type, depth: usize) -> Value {
        match ty {
            Type::String | Type::PhoneNumber | Type::Currency => Value::from(""),
            Type::Integer | Type::Int64 | Type::Number => Value::from(0),
            Type::Boolean => Value::Bool(false),
            Type::DateTime | Type::DateTimeRfc2822 | Type::Date => time_value(ty, self.now),
            Type::Uri => Value::from(self.shared.base()),
            Type::Sid(prefix) => Value::from(state.sid(prefix)),
            Type::Enum(name) => self
                .api
                .enums
                .iter()
                .find(|e| e.name == *name)
                .and_then(|e| e.values.first())
                .map_or_else(|| Value::from(""), |v| Value::from(v.as_str())),
            Type::Array(_) => Value::Array(vec![]),
            Type::Map(_) | Type::Object | Type::Group { .. } => Value::Object(Map::new()),
            Type::Model(name) => {
                let mut m = Map::new();
                if depth < 4 {
                    if let Some(model) = self.api.models.iter().find(|m| m.name == *name) {
                        for f in &model.fields {
                            let v = match &f.default {
                                Some(d) => d.clone(),
                                None if f.nullable => Value::Null,
                                None => self.placeholder(state, &f.ty, depth + 1),
                            };
                            m.insert(f.name.clone(), v);
                        }
                    }
                }
                Value::Object(m)
            }
            // The first alternative, tagged.
            Type::Union(name) => {
                let union = self.api.unions.iter().find(|u| u.name == *name);
                match union.and_then(|u| Some((u, u.variants.first()?))) {
                    Some((u, v)) => {
                        let mut value =
                            self.placeholder(state, &Type::Model(v.model.clone()), depth);
                        if let Value::Object(m) = &mut value {
                            m.insert(u.discriminator.clone(), Value::from(v.tag.as_str()));
                        }
                        value
                    }
                    None => Value::Object(Map::new()),
                }
            }
            Type::Json => Value::Null,
        }
    }

    fn list(&self, state: &mut state::State, concrete: &str, query: &Sent) -> Outcome {
        values::check(
            self.api,
            self.op,
            query,
            &Sent::default(),
            None,
            &self.shared.routes.patterns,
        )?;
        let first = |name: &str| query.values(name).first().copied();
        let paging = PageRequest::new(first("PageSize"), first("Page"), first("PageToken"));
        let filters = self.filters(query);
        let prefix = self.list_prefix(concrete);
        let all: Vec<&Item> = self
            .items(state)
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, i)| {
                i.owner == self.owner
                    && !k[prefix.len()..].contains('/')
                    && filters.iter().all(|f| f.passes(&i.value))
            })
            .map(|(_, i)| i)
            .collect();
        let selected = select(&all, &paging);
        let items: Vec<Value> = selected
            .iter()
            .map(|i| Value::Object(self.shaped(&i.value)))
            .collect();
        let twilio_model::Response::Page {
            key, paging: style, ..
        } = &self.op.response
        else {
            return Ok((self.status(), Some(Value::Array(items))));
        };
        let links = Links::new(concrete, query, &paging);
        let page = Page {
            key: key.clone(),
            items,
            page: paging.page,
            page_size: paging.size,
            this: links.to(paging.page, paging.token.clone()),
            first: links.to(0, None),
            next: selected
                .last()
                .filter(|last| all.iter().any(|i| i.id > last.id))
                .map(|i| links.to(paging.page + 1, Some(PageToken::After(&i.id).text()))),
            previous: selected
                .first()
                .filter(|first| paging.page > 0 && all.iter().any(|i| i.id < first.id))
                .map(|i| links.to(paging.page - 1, Some(PageToken::Before(&i.id).text()))),
        };
        let body = twilio::page_body(style, page, self.shared.base());
        Ok((self.status(), Some(Value::Object(body))))
    }

    /// The list filters sent that name a field of the item model (`Status`,
    /// `DateCreated<`), each once.
    fn filters<'q>(&self, query: &'q Sent) -> Vec<Filter<'q>> {
        let model = self.model();
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in &query.pairs {
            if !PAGING.contains(&k.as_str()) && !seen.contains(&k.as_str()) {
                seen.push(k);
            }
        }
        seen.into_iter()
            .filter_map(|k| {
                let (name, op) = match k.strip_suffix('<') {
                    Some(n) => (n, '<'),
                    None => match k.strip_suffix('>') {
                        Some(n) => (n, '>'),
                        None => (k, '='),
                    },
                };
                let field = names::snake(name);
                model?.fields.iter().find(|f| f.name == field)?;
                Some(Filter {
                    field,
                    op,
                    wanted: query.values(k),
                })
            })
            .collect()
    }

    /// Where the listed items live: under the instance path's parent (`/Calls/{Sid}.json`
    /// under `/Calls`, not under the list path `/Calls.json`), else under the list path.
    fn list_prefix(&self, concrete: &str) -> String {
        match &self.resource.instance_path {
            Some(instance) if self.info.collection => {
                let segs = instance.segments();
                format!(
                    "{}/",
                    routes::fill(&segs[..segs.len() - 1], &self.matched.params)
                )
            }
            _ => format!("{concrete}/"),
        }
    }
}

/// One list filter: a field, how it compares, the values sent.
struct Filter<'q> {
    field: String,
    op: char,
    wanted: Vec<&'q str>,
}

impl Filter<'_> {
    fn passes(&self, value: &Map<String, Value>) -> bool {
        matches_filter(value.get(&self.field), self.op, &self.wanted)
    }
}

/// The items of the page asked for: after or before a page token's item, else the `Page`th
/// page.
fn select<'i>(all: &[&'i Item], paging: &PageRequest) -> Vec<&'i Item> {
    match paging.token() {
        Some(PageToken::Before(id)) => {
            let before: Vec<&Item> = all.iter().copied().filter(|i| i.id.as_str() < id).collect();
            let skip = before.len().saturating_sub(paging.size);
            before[skip..].to_vec()
        }
        Some(PageToken::After(id)) => all
            .iter()
            .copied()
            .filter(|i| i.id.as_str() > id)
            .take(paging.size)
            .collect(),
        None => all
            .iter()
            .copied()
            .skip(
                usize::try_from(paging.page)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(paging.size),
            )
            .take(paging.size)
            .collect(),
    }
}

/// A list's page links: the path, the filters sent, then the paging.
struct Links<'a> {
    path: &'a str,
    filters: String,
    size: usize,
}

impl<'a> Links<'a> {
    fn new(path: &'a str, query: &Sent, paging: &PageRequest) -> Self {
        let mut filters = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &query.pairs {
            if !PAGING.contains(&k.as_str()) {
                filters.append_pair(k, v);
            }
        }
        Links {
            path,
            filters: filters.finish(),
            size: paging.size,
        }
    }

    fn to(&self, page: u64, token: Option<String>) -> String {
        let mut s = form_urlencoded::Serializer::new(self.filters.clone());
        s.append_pair("PageSize", &self.size.to_string());
        s.append_pair("Page", &page.to_string());
        if let Some(t) = &token {
            s.append_pair("PageToken", t);
        }
        format!("{}?{}", self.path, s.finish())
    }
}

fn same_shape(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Segment::Literal(l), Segment::Literal(m)) => l == m,
            (Segment::Param { suffix: s, .. }, Segment::Param { suffix: t, .. }) => s == t,
            _ => false,
        })
}

/// Whether a stored value passes a list filter: equal to one of the values (`=`), or
/// before (`<`) / after (`>`) the first, compared as text (RFC 3339 times and dates sort so).
fn matches_filter(value: Option<&Value>, op: char, wanted: &[&str]) -> bool {
    let text = match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) | None => return false,
        Some(v) => v.to_string(),
    };
    match op {
        '<' => wanted.first().is_some_and(|w| text.as_str() <= *w),
        '>' => wanted.first().is_some_and(|w| text.as_str() >= *w),
        _ => wanted.iter().any(|w| {
            *w == text || (value.is_some_and(Value::is_boolean) && w.eq_ignore_ascii_case(&text))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_compare_as_text() {
        let v = Value::from("2024-01-02T00:00:00Z");
        assert!(matches_filter(Some(&v), '<', &["2024-01-03"]));
        assert!(!matches_filter(Some(&v), '>', &["2024-01-03"]));
        assert!(matches_filter(Some(&Value::Bool(true)), '=', &["True"]));
        assert!(!matches_filter(None, '=', &["x"]));
    }
}
