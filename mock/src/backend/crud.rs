//! One API request matched to its operation: create, fetch, update and delete on the
//! items of the request's account.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use twilio_model::{
    names, Api, ContentType, Model, Operation, OperationKind, Resource, Segment, Type,
};

use super::{Backend, Request};
use crate::behaviour::{Behaviour, Event, Make};
use crate::callbacks::{self, Callbacks};
use crate::routes::{self, Matched, ResourceInfo};
use crate::state::{self, Item};
use crate::twilio::{is_time, time_value, ApiError};
use crate::values::{self, Sent};

/// One API request matched to its operation.
pub(crate) struct Cx<'a> {
    pub(super) backend: &'a Backend,
    /// What the resource does beyond its spec, if anything.
    pub(super) behaviour: Option<&'a dyn Behaviour>,
    pub(super) api: &'a Api,
    pub(super) resource: &'a Resource,
    pub(super) info: &'a ResourceInfo,
    /// `(api, resource)` indices: the owner of the items it makes.
    pub(super) owner: (usize, usize),
    pub(super) op: &'a Operation,
    pub(super) matched: &'a Matched<'a>,
    /// The account whose items the request works on.
    pub(super) account: &'a str,
    /// The auth token the request authenticated with: status callbacks are signed with it.
    pub(super) token: &'a str,
    pub(super) now: DateTime<Utc>,
}

pub(super) type Outcome = Result<(u16, Option<Value>), ApiError>;

impl Make for Cx<'_> {
    fn item(&self, state: &mut state::State, key: &str, sid: &str) -> Item {
        Item {
            owner: self.owner,
            id: sid.to_owned(),
            value: self.new_object(state, key, &Sent::default(), Some(sid)),
            made: state.next_made(),
            named: false,
        }
    }
}

impl Cx<'_> {
    pub(super) fn run(&self, state: &mut state::State, req: &Request<'_>) -> Outcome {
        let path = req.path;
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
                &self.backend.routes.patterns,
            )
            .is_err();
            if bad {
                return Err(ApiError::not_found(path));
            }
        }
        let query = Sent::form(req.query.as_bytes());
        let json_expected = self
            .op
            .body
            .as_ref()
            .is_some_and(|b| b.content_type == ContentType::Json);
        let sent = if self.op.body.is_some() {
            Sent::read(req.content_type, req.body, json_expected)?
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
                if let Some(value) = self.fetch_elsewhere(state, &concrete) {
                    return Ok(self.value(Some(&value)));
                }
                let key = self.find(state, &concrete)?;
                Ok(self.value(self.items(state).get(&key).map(|i| &i.value)))
            }
            OperationKind::Update => {
                // An item a behaviour answers for (a main account's own record) exists before
                // anything fetched it.
                let _ = self.fetch_elsewhere(state, &concrete);
                self.update(state, &concrete, &query, &sent)
            }
            OperationKind::Delete => {
                let key = self.find(state, &concrete)?;
                state::remove_tree(self.items(state), &key);
                Ok((self.status(), None))
            }
            OperationKind::List => self.list(state, &concrete, &query),
        }
    }

    /// Where a behaviour's hook is called from.
    pub(super) fn event<'k>(&'k self, key: &'k str) -> Event<'k> {
        Event {
            account: self.account,
            host: &self.matched.route.host,
            key,
            token: self.token,
            make: self,
        }
    }

    /// An item the request's account does not hold that its resource's behaviour answers.
    fn fetch_elsewhere(
        &self,
        state: &mut state::State,
        concrete: &str,
    ) -> Option<Map<String, Value>> {
        let behaviour = self.behaviour?;
        if self.items(state).contains_key(concrete) {
            return None;
        }
        behaviour.fetch_missing(&self.event(concrete), state)
    }

    /// The items of the request's account at the route's host.
    pub(super) fn items<'s>(&self, state: &'s mut state::State) -> &'s mut state::Items {
        state.items(self.account, &self.matched.route.host)
    }

    pub(super) fn param(&self, name: &str) -> Option<&str> {
        self.matched
            .params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn status(&self) -> u16 {
        match &self.op.response {
            twilio_model::Response::Empty { status }
            | twilio_model::Response::Value { status, .. }
            | twilio_model::Response::Page { status, .. } => *status,
        }
    }

    pub(super) fn model(&self) -> Option<&Model> {
        routes::operation_model(self.api, self.resource, self.op)
    }

    /// The operation's answer holding an item.
    pub(super) fn value(&self, value: Option<&Map<String, Value>>) -> (u16, Option<Value>) {
        let status = self.status();
        match (&self.op.response, value) {
            (twilio_model::Response::Empty { .. }, _) => (status, None),
            (_, Some(v)) => (status, Some(Value::Object(self.shaped(v)))),
            (_, None) => (status, Some(Value::Object(Map::new()))),
        }
    }

    /// A stored item as this operation's model shows it: a fetch never shows what only the
    /// create answer has (an API key's `secret`).
    pub(super) fn shaped(&self, v: &Map<String, Value>) -> Map<String, Value> {
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
    pub(super) fn find(
        &self,
        state: &mut state::State,
        concrete: &str,
    ) -> Result<String, ApiError> {
        if !self.on_item() {
            if !self.items(state).contains_key(concrete) {
                let value = self.new_object(state, concrete, &Sent::default(), None);
                let made = state.next_made();
                self.items(state).insert(
                    concrete.to_owned(),
                    Item {
                        owner: self.owner,
                        id: concrete.rsplit('/').next().unwrap_or("").to_owned(),
                        value,
                        made,
                        named: false,
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
            &self.backend.routes.patterns,
        )?;
        if let Some(b) = self.behaviour {
            b.creating(&self.event(concrete), state)?;
        }
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
        if let Some(b) = self.behaviour {
            b.created(&self.event(&key), &mut value, state);
        }
        let answer = self.value(Some(&value));
        if self.backend.options.callbacks != Callbacks::Off {
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
        let made = state.next_made();
        self.items(state).insert(
            key,
            Item {
                owner: self.owner,
                named: named.is_some(),
                id: named.map_or(sid, |(_, id)| id),
                value,
                made,
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
            &self.backend.routes.patterns,
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
    pub(super) fn new_object(
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
        let base = self.backend.base();
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
}
