//! One generic managed resource and data source, driven by a [`ResourceDef`] and the
//! generated [`Operations`]: plan (unknown computed values, replacement), create, read
//! (removal when gone upstream), update, delete, import, timeouts.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::Value;
use twilio_runtime::Client;

use crate::def::{AttrDef, BlockDef, Mode, ResourceDef};
use crate::diag::{self, AttributePath, Diagnostics};
use crate::ops::{Args, Failure, Operations};
use crate::proto::tfplugin6 as tf;
use crate::value::{Dyn, Ty};

/// The client the provider configured, shared with every resource.
pub type SharedClient = Arc<RwLock<Option<Client>>>;

/// What every resource and data source of one type shares.
pub struct Shared {
    /// Type name (`twilio_flex_flow`).
    pub name: String,
    /// What the generator says about it.
    pub def: ResourceDef,
    /// Its operations through the client crate.
    pub ops: Arc<dyn Operations>,
    /// The configured client.
    pub client: SharedClient,
    /// Wire name -> attribute path, for client validation errors.
    pub wire: HashMap<String, Vec<String>>,
}

impl Shared {
    fn client(&self, diags: &mut Diagnostics) -> Option<Client> {
        let client = self.client.read().ok().and_then(|c| c.clone());
        if client.is_none() {
            crate::diag::root(
                diags,
                "The Twilio provider is not configured",
                "Terraform called the provider before configuring it; no request was sent.",
            );
        }
        client
    }

    /// Runs one operation within the timeout of `action`, turning failures into diagnostics.
    async fn run<T>(
        &self,
        diags: &mut Diagnostics,
        state: &Dyn,
        action: &str,
        doing: &str,
        call: impl std::future::Future<Output = Result<T, Failure>>,
    ) -> Option<Result<T, Failure>> {
        let limit = timeout(&self.def, state, action);
        match tokio::time::timeout(limit, call).await {
            Ok(result) => Some(result),
            Err(_) => {
                crate::diag::root(
                    diags,
                    format!("Timed out while {doing} {}", self.name),
                    format!(
                        "The {action} timeout ({}) ran out. Raise it in the `timeouts` block.",
                        show_duration(limit)
                    ),
                );
                None
            }
        }
    }

    fn fail(&self, diags: &mut Diagnostics, doing: &str, f: Failure) {
        diag::failure(diags, &format!("{doing} {}", self.name), f, &self.wire);
    }
}

/// Reads `10m`, `30s`, `1h30m`, `2h`: Go-style durations with `h`, `m`, `s` units.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let mut total = 0u64;
    let mut digits = String::new();
    let mut any = false;
    for ch in text.trim().chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        let n: u64 = digits.parse().ok()?;
        digits.clear();
        total += n * match ch {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        any = true;
    }
    (digits.is_empty() && any).then(|| Duration::from_secs(total))
}

fn show_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s % 60 == 0 {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// The timeout of `action`: the `timeouts` block's value, else the default.
pub fn timeout(def: &ResourceDef, state: &Dyn, action: &str) -> Duration {
    state
        .get("timeouts")
        .get(action)
        .as_str()
        .and_then(parse_duration)
        .unwrap_or_else(|| Duration::from_secs(def.timeouts.get(action).copied().unwrap_or(600)))
}

/// The JSON of an argument value (JSON text parsed for `json` attributes).
fn arg_json(a: &AttrDef, v: &Dyn, steps: &[String]) -> Result<Option<Value>, Failure> {
    let Some(j) = v.to_json() else {
        return Ok(None);
    };
    if !v.is_wholly_known() {
        return Ok(None);
    }
    if !a.json {
        return Ok(Some(j));
    }
    let parse = |s: &str| {
        serde_json::from_str::<Value>(s).map_err(|e| Failure::Argument {
            path: steps.to_vec(),
            message: format!("is not valid JSON: {e}"),
        })
    };
    match j {
        Value::String(s) => parse(&s).map(Some),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => parse(s),
                other => Ok(other.clone()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|v| Some(Value::Array(v))),
        other => Ok(Some(other)),
    }
}

/// The arguments of a state or configuration: known, non-null values.
pub fn args_from(def: &ResourceDef, state: &Dyn) -> Result<Args, Failure> {
    let mut out = serde_json::Map::new();
    for a in &def.attributes {
        let key = match (&a.arg, a.name.as_str()) {
            (Some(k), _) => k.clone(),
            (None, "id") => "id".to_owned(),
            (None, _) => continue,
        };
        if let Some(j) = arg_json(a, state.get(&a.name), std::slice::from_ref(&a.name))? {
            out.insert(key, j);
        }
    }
    for b in &def.blocks {
        let one = |item: &Dyn| -> Result<Option<Value>, Failure> {
            let mut m = serde_json::Map::new();
            for a in &b.attributes {
                let Some(key) = &a.arg else { continue };
                let steps = [b.name.clone(), a.name.clone()];
                if let Some(j) = arg_json(a, item.get(&a.name), &steps)? {
                    m.insert(key.clone(), j);
                }
            }
            Ok((!m.is_empty()).then_some(Value::Object(m)))
        };
        let v = state.get(&b.name);
        if b.list {
            if let Dyn::List(items) = v {
                let mut list = Vec::new();
                for item in items {
                    list.push(one(item)?.unwrap_or_else(|| Value::Object(Default::default())));
                }
                if !list.is_empty() {
                    out.insert(b.name.clone(), Value::Array(list));
                }
            }
        } else if let Some(obj) = one(v)? {
            out.insert(b.name.clone(), obj);
        }
    }
    Ok(Args::new(out))
}

/// Whether two values mean the same: equal, or the same URL, time or JSON written
/// differently (the server may normalize what it was sent).
pub fn equivalent(a: &Dyn, b: &Dyn) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Dyn::Int(x), Dyn::Float(y)) | (Dyn::Float(y), Dyn::Int(x)) => (*x as f64) == *y,
        (Dyn::String(x), Dyn::String(y)) => {
            if let (Ok(u), Ok(v)) = (
                twilio_runtime::url::Url::parse(x),
                twilio_runtime::url::Url::parse(y),
            ) {
                return u == v;
            }
            if let (Ok(u), Ok(v)) = (
                twilio_runtime::chrono::DateTime::parse_from_rfc3339(x),
                twilio_runtime::chrono::DateTime::parse_from_rfc3339(y),
            ) {
                return u == v;
            }
            if let (Ok(u), Ok(v)) = (
                serde_json::from_str::<Value>(x),
                serde_json::from_str::<Value>(y),
            ) {
                return (u.is_object() || u.is_array()) && u == v;
            }
            false
        }
        (Dyn::List(x), Dyn::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equivalent(a, b))
        }
        (Dyn::Object(x), Dyn::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equivalent(v, w)))
        }
        _ => false,
    }
}

fn response_value(a: &AttrDef, resp: &Value) -> Option<Dyn> {
    let key = a.response.as_ref()?;
    Some(a.ty.from_response(resp.get(key).unwrap_or(&Value::Null), a.json))
}

/// How a new state is made from a response.
#[derive(Clone, Copy)]
enum Merge {
    /// After create or update: planned known values stay, unknown ones come from the response.
    Apply,
    /// After read: response values replace prior ones unless they mean the same.
    Refresh,
}

fn merge_attr(a: &AttrDef, base: &Dyn, resp: &Value, how: Merge) -> Dyn {
    match how {
        Merge::Apply if !base.is_unknown() => base.clone(),
        Merge::Apply => response_value(a, resp).unwrap_or(Dyn::Null),
        Merge::Refresh => match response_value(a, resp) {
            Some(new) if equivalent(base, &new) => base.clone(),
            Some(new) => new,
            None => base.clone(),
        },
    }
}

fn merge_block(b: &BlockDef, base: &Dyn, resp: &Value, how: Merge) -> Dyn {
    let group = b
        .response
        .as_ref()
        .and_then(|k| resp.get(k))
        .unwrap_or(&Value::Null);
    let one = |item: &Dyn, r: &Value| {
        let mut out = Dyn::Null;
        for a in &b.attributes {
            out.set(&a.name, merge_attr(a, item.get(&a.name), r, how));
        }
        out
    };
    if b.list {
        match base {
            Dyn::List(items) => Dyn::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| one(item, group.get(i).unwrap_or(&Value::Null)))
                    .collect(),
            ),
            other => other.clone(),
        }
    } else {
        one(base, group)
    }
}

/// The state after an operation: `base` (planned or prior) with values from the response.
fn merge(def: &ResourceDef, base: &Dyn, resp: &Value, how: Merge) -> Dyn {
    let mut out = base.clone();
    for a in &def.attributes {
        if a.name == "id" {
            continue;
        }
        out.set(&a.name, merge_attr(a, base.get(&a.name), resp, how));
    }
    for b in &def.blocks {
        out.set(&b.name, merge_block(b, base.get(&b.name), resp, how));
    }
    if out.get("id").is_unknown() || out.get("id").is_null() {
        let id = out.get(&def.id_source).clone();
        out.set("id", id);
    }
    out
}

/// Every attribute null, groups as objects of null members: the shape of an empty state.
fn empty_state(def: &ResourceDef) -> Dyn {
    let mut s = Dyn::Null;
    for a in &def.attributes {
        s.set(&a.name, Dyn::Null);
    }
    for b in &def.blocks {
        if b.list {
            s.set(&b.name, Dyn::List(Vec::new()));
        } else {
            let mut g = Dyn::Null;
            for a in &b.attributes {
                g.set(&a.name, Dyn::Null);
            }
            s.set(&b.name, g);
        }
    }
    if !def.timeouts.is_empty() {
        s.set("timeouts", Dyn::Null);
    }
    s
}

/// A managed resource.
pub struct GenericResource {
    /// What it shares with its data source.
    pub shared: Arc<Shared>,
    /// Its schema.
    pub schema: tf::Schema,
}

fn steps(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

/// The value at a path of attribute names.
fn at<'a>(v: &'a Dyn, path: &[String]) -> &'a Dyn {
    path.iter().fold(v, |v, step| v.get(step))
}

impl GenericResource {
    fn validate_config(&self, diags: &mut Diagnostics, config: &Dyn) {
        let def = &self.shared.def;
        let mut check = |a: &AttrDef, path: Vec<String>, v: &Dyn| {
            if v.is_wholly_known() && !v.is_null() {
                diag::check_value(diags, &path, a, v);
            }
            for c in &a.required_when {
                let other = at(config, &c.path);
                if let Some(o) = other.as_str() {
                    if c.values.iter().any(|x| x == o) && v.is_null() {
                        let values: Vec<String> =
                            c.values.iter().map(|x| format!("`{x}`")).collect();
                        diag::error_at(
                            diags,
                            &path,
                            format!("Missing `{}`", diag::dotted(&path)),
                            format!(
                                "`{}` is required when `{}` is {}",
                                diag::dotted(&path),
                                diag::dotted(&c.path),
                                values.join(" or ")
                            ),
                        );
                    }
                }
            }
        };
        for a in def.attributes.iter().filter(|a| a.mode.is_argument()) {
            check(a, vec![a.name.clone()], config.get(&a.name));
        }
        for b in &def.blocks {
            let v = config.get(&b.name);
            let items: Vec<&Dyn> = match v {
                Dyn::List(items) => items.iter().collect(),
                other => vec![other],
            };
            for (i, item) in items.iter().enumerate() {
                for a in &b.attributes {
                    let mut path = vec![b.name.clone()];
                    if b.list {
                        path.push(i.to_string());
                    }
                    path.push(a.name.clone());
                    check(a, path, item.get(&a.name));
                }
            }
        }
        if let Dyn::Object(t) = config.get("timeouts") {
            for (action, v) in t {
                if let Some(text) = v.as_str() {
                    if parse_duration(text).is_none() {
                        diag::error_at(
                            diags,
                            &steps(&["timeouts", action]),
                            "Invalid duration".to_owned(),
                            format!("`{text}` is not a duration such as `30s`, `10m` or `1h`"),
                        );
                    }
                }
            }
        }
    }

    /// Marks what the server will fill as unknown: on create, every computed value the
    /// configuration leaves out; on update (`creating` false) the computed-only values when
    /// something changes. Optional computed values left out of the configuration keep their
    /// prior value on update (null included): the server keeps them.
    fn unknown_computed(&self, planned: &mut Dyn, config: &Dyn, changed: bool, creating: bool) {
        let def = &self.shared.def;
        for a in &def.attributes {
            let cfg = config.get(&a.name);
            let unknown = match a.mode {
                Mode::Computed => changed && (!a.stable || planned.get(&a.name).is_null()),
                Mode::ComputedOptional => {
                    creating && cfg.is_null() && planned.get(&a.name).is_null()
                }
                _ => false,
            };
            if unknown {
                planned.set(&a.name, Dyn::Unknown);
            }
        }
        for b in &def.blocks {
            let cfg_block = config.get(&b.name).clone();
            let block = planned.members_mut().entry(b.name.clone()).or_default();
            let fill = |item: &mut Dyn, cfg: &Dyn| {
                for a in &b.attributes {
                    if creating
                        && a.mode == Mode::ComputedOptional
                        && cfg.get(&a.name).is_null()
                        && item.get(&a.name).is_null()
                    {
                        item.set(&a.name, Dyn::Unknown);
                    }
                }
            };
            match block {
                Dyn::List(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        let cfg = match &cfg_block {
                            Dyn::List(c) => c.get(i).cloned().unwrap_or_default(),
                            _ => Dyn::Null,
                        };
                        fill(item, &cfg);
                    }
                }
                Dyn::Null => {}
                item => fill(item, &cfg_block),
            }
        }
    }

    /// Whether any value the API holds differs between two states (not `timeouts`).
    fn api_changed(&self, prior: &Dyn, planned: &Dyn) -> bool {
        let def = &self.shared.def;
        def.attributes
            .iter()
            .filter(|a| a.mode.is_argument())
            .any(|a| planned.get(&a.name) != prior.get(&a.name))
            || def
                .blocks
                .iter()
                .any(|b| planned.get(&b.name) != prior.get(&b.name))
    }
}

/// The operations of the plugin protocol on a managed resource. Each returns `None` when it
/// failed, with the reason in `diags`.
impl GenericResource {
    /// ValidateResourceConfig: the checks the spec states.
    pub fn validate(&self, diags: &mut Diagnostics, config: &Dyn) {
        self.validate_config(diags, config);
    }

    /// ReadResource: the state refreshed from the API; `None` when the object is gone
    /// upstream (the state is left as it was when the read fails otherwise).
    pub async fn read(&self, diags: &mut Diagnostics, state: Dyn) -> Option<Dyn> {
        let shared = &self.shared;
        let Some(client) = shared.client(diags) else {
            return Some(state);
        };
        let args = match args_from(&shared.def, &state) {
            Ok(args) => args,
            Err(f) => {
                shared.fail(diags, "reading", f);
                return Some(state);
            }
        };
        let Some(result) = shared
            .run(
                diags,
                &state,
                "read",
                "reading",
                shared.ops.read(&client, &args),
            )
            .await
        else {
            return Some(state);
        };
        match result {
            Ok(resp) => Some(merge(&shared.def, &state, &resp, Merge::Refresh)),
            // Gone upstream: leave the state, so the next plan creates it again.
            Err(f) if f.is_not_found() => None,
            Err(f) => {
                shared.fail(diags, "reading", f);
                Some(state)
            }
        }
    }

    /// PlanResourceChange of a new object: unknown computed values and ID.
    pub fn plan_create(&self, diags: &mut Diagnostics, proposed: Dyn, config: &Dyn) -> Dyn {
        self.validate_config(diags, config);
        let mut planned = proposed;
        self.unknown_computed(&mut planned, config, true, true);
        planned.set("id", Dyn::Unknown);
        planned
    }

    /// PlanResourceChange of an existing object: the planned state and the attributes whose
    /// change replaces the object.
    pub fn plan_update(
        &self,
        diags: &mut Diagnostics,
        prior: &Dyn,
        proposed: Dyn,
        config: &Dyn,
    ) -> (Dyn, Vec<AttributePath>) {
        self.validate_config(diags, config);
        let def = &self.shared.def;
        let mut planned = proposed;
        let changed = self.api_changed(prior, &planned);
        let mut replace = Vec::new();
        for a in def.attributes.iter().filter(|a| a.replace) {
            let (p, n) = (prior.get(&a.name), planned.get(&a.name));
            if !n.is_unknown() && !equivalent(p, n) {
                replace.push(diag::path(std::slice::from_ref(&a.name)));
            }
        }
        for b in &def.blocks {
            for a in b.attributes.iter().filter(|a| a.replace) {
                let (p, n) = (
                    prior.get(&b.name).get(&a.name),
                    planned.get(&b.name).get(&a.name),
                );
                if !n.is_unknown() && !n.is_null() && !equivalent(p, n) {
                    replace.push(diag::path(&[b.name.clone(), a.name.clone()]));
                }
            }
        }
        self.unknown_computed(&mut planned, config, changed, false);
        (planned, replace)
    }

    /// ApplyResourceChange of a new object: creates it.
    pub async fn create(&self, diags: &mut Diagnostics, planned: Dyn) -> Option<Dyn> {
        let shared = &self.shared;
        let client = shared.client(diags)?;
        let args = match args_from(&shared.def, &planned) {
            Ok(args) => args,
            Err(f) => {
                shared.fail(diags, "creating", f);
                return None;
            }
        };
        let result = shared
            .run(
                diags,
                &planned,
                "create",
                "creating",
                shared.ops.create(&client, &args),
            )
            .await?;
        match result {
            Ok(resp) => Some(merge(&shared.def, &planned, &resp, Merge::Apply)),
            Err(f) => {
                shared.fail(diags, "creating", f);
                None
            }
        }
    }

    /// ApplyResourceChange of an existing object: updates it.
    pub async fn update(&self, diags: &mut Diagnostics, prior: &Dyn, planned: Dyn) -> Option<Dyn> {
        let shared = &self.shared;
        if !self.api_changed(prior, &planned) {
            // Only `timeouts` changed: nothing to send.
            let resp = Value::Null;
            return Some(merge(&shared.def, &planned, &resp, Merge::Apply));
        }
        let client = shared.client(diags)?;
        let args = match args_from(&shared.def, &planned) {
            Ok(args) => args,
            Err(f) => {
                shared.fail(diags, "updating", f);
                return None;
            }
        };
        let call = async {
            match shared.ops.update(&client, &args).await {
                Some(r) => r,
                None => Err(Failure::Response(
                    "the API has no update operation for this resource".to_owned(),
                )),
            }
        };
        let result = shared
            .run(diags, &planned, "update", "updating", call)
            .await?;
        match result {
            Ok(resp) => Some(merge(&shared.def, &planned, &resp, Merge::Apply)),
            Err(f) => {
                shared.fail(diags, "updating", f);
                None
            }
        }
    }

    /// ApplyResourceChange of a destroyed object: deletes it (gone already counts as done).
    pub async fn destroy(&self, diags: &mut Diagnostics, prior: &Dyn) -> Option<()> {
        let shared = &self.shared;
        let client = shared.client(diags)?;
        let args = match args_from(&shared.def, prior) {
            Ok(args) => args,
            Err(f) => {
                shared.fail(diags, "deleting", f);
                return None;
            }
        };
        let result = shared
            .run(
                diags,
                prior,
                "delete",
                "deleting",
                shared.ops.delete(&client, &args),
            )
            .await?;
        match result {
            Ok(()) => Some(()),
            Err(f) if f.is_not_found() => Some(()),
            Err(f) => {
                shared.fail(diags, "deleting", f);
                None
            }
        }
    }

    /// ImportResourceState: the state an import ID names (read next by Terraform).
    pub fn import(&self, diags: &mut Diagnostics, id: &str) -> Option<Dyn> {
        let def = &self.shared.def;
        let values = match def.parse_import(id) {
            Ok(v) => v,
            Err(e) => {
                crate::diag::root(diags, format!("Cannot import {}", self.shared.name), e);
                return None;
            }
        };
        let mut state = empty_state(def);
        let last = values.last().map(|(_, v)| v.clone());
        for (name, value) in values {
            state.set(&name, Dyn::String(value));
        }
        if let Some(id) = last {
            state.set("id", Dyn::String(id));
        }
        Some(state)
    }
}

/// A data source reading one resource by the attributes that name it.
pub struct GenericDataSource {
    /// What it shares with its resource.
    pub shared: Arc<Shared>,
    /// Its schema.
    pub schema: tf::Schema,
    /// Its attributes with their types (groups are object attributes here).
    pub attributes: Vec<(String, Ty)>,
}

impl GenericDataSource {
    /// ReadDataSource: the object the configuration names, read from the API.
    pub async fn read(&self, diags: &mut Diagnostics, config: Dyn) -> Option<Dyn> {
        let shared = &self.shared;
        let def = &shared.def;
        let client = shared.client(diags)?;
        let mut lookup = config.clone();
        let sid = config.get(&def.id_source).clone();
        lookup.set("id", sid);
        let args = match args_from(def, &lookup) {
            Ok(a) => a,
            Err(f) => {
                shared.fail(diags, "reading", f);
                return None;
            }
        };
        let result = shared
            .run(
                diags,
                &config,
                "read",
                "reading",
                shared.ops.read(&client, &args),
            )
            .await?;
        let resp = match result {
            Ok(resp) => resp,
            Err(f) => {
                shared.fail(diags, "reading", f);
                return None;
            }
        };
        let mut out = config.clone();
        for (name, ty) in &self.attributes {
            if !config.get(name).is_null() || name == "id" {
                continue;
            }
            let value = if let Some(a) = def.attribute(name) {
                match &a.response {
                    Some(key) => ty.from_response(resp.get(key).unwrap_or(&Value::Null), a.json),
                    None => Dyn::Null,
                }
            } else if let Some(b) = def.blocks.iter().find(|b| &b.name == name) {
                let group = b
                    .response
                    .as_ref()
                    .and_then(|k| resp.get(k))
                    .unwrap_or(&Value::Null);
                let mut obj = Dyn::Null;
                if let Ty::Object(members) = ty {
                    for (m, mty) in members {
                        let a = b.attributes.iter().find(|a| &a.name == m);
                        let v = match a.and_then(|a| a.response.as_ref().map(|k| (a, k))) {
                            Some((a, key)) => {
                                mty.from_response(group.get(key).unwrap_or(&Value::Null), a.json)
                            }
                            None => Dyn::Null,
                        };
                        obj.set(m, v);
                    }
                }
                if group.is_null() {
                    Dyn::Null
                } else {
                    obj
                }
            } else {
                Dyn::Null
            };
            out.set(name, value);
        }
        let id = out.get(&def.id_source).clone();
        out.set("id", id);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_go() {
        assert_eq!(parse_duration("10m"), Some(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45s"), Some(Duration::from_secs(45)));
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("5d"), None);
    }

    #[test]
    fn normalized_values_are_equivalent() {
        let s = |x: &str| Dyn::String(x.to_owned());
        assert!(equivalent(&s("https://test.com"), &s("https://test.com/")));
        assert!(equivalent(
            &s("2024-01-02T03:04:05Z"),
            &s("2024-01-02T03:04:05+00:00")
        ));
        assert!(equivalent(&s(r#"{"a": 1}"#), &s(r#"{"a":1}"#)));
        assert!(!equivalent(&s("a"), &s("b")));
        assert!(!equivalent(&s("1"), &s("1.0")));
        assert!(equivalent(&Dyn::Int(3), &Dyn::Float(3.0)));
    }
}
