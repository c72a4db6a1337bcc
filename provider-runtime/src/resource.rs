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
use crate::value::{Dyn, Ty, TyValues};

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
    /// [`merge`], then the account the request was made in, when the path names one
    /// (`/Accounts/{AccountSid}/Keys`) and neither the configuration nor the response gave
    /// it: the client sent the account of its credentials, and the import ID needs it.
    fn merged(&self, client: &Client, base: &Dyn, resp: &Value, how: Merge) -> Dyn {
        let mut out = merge(&self.def, base, resp, how);
        let Some(attribute) = &self.def.account else {
            return out;
        };
        if out.get(attribute).is_null() {
            if let Some(account) = client.account_sid() {
                out.set(attribute, Dyn::String(account.to_owned()));
                if out.get("id").is_null() {
                    let id = id_of(&self.def, &out).map_or(Dyn::Null, Dyn::String);
                    out.set("id", id);
                }
            }
        }
        out
    }

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
    if a.rfc2822 {
        // State holds RFC 3339; the API takes RFC 2822.
        if let Value::String(text) = &j {
            if let Ok(t) = twilio_runtime::chrono::DateTime::parse_from_rfc3339(text) {
                return Ok(Some(Value::String(t.to_rfc2822())));
            }
        }
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
        let Some(key) = a.arg_key().map(str::to_owned) else {
            continue;
        };
        if let Some(j) = arg_json(a, state.get(&a.name), std::slice::from_ref(&a.name))? {
            out.insert(key, j);
        }
    }
    for b in &def.blocks {
        if let Some(j) = block_args(b, state.get(&b.name), std::slice::from_ref(&b.name))? {
            out.insert(b.name.clone(), j);
        }
    }
    Ok(Args::new(out))
}

/// The arguments of one block's value (`path` is the block's attribute path): an object keyed
/// by the client's field names, nested groups included, or a list of them; `None` when
/// nothing in it is set.
fn block_args(b: &BlockDef, v: &Dyn, path: &[String]) -> Result<Option<Value>, Failure> {
    let one = |item: &Dyn, path: &[String]| -> Result<Option<Value>, Failure> {
        let mut m = serde_json::Map::new();
        for a in &b.attributes {
            let Some(key) = &a.arg else { continue };
            let steps = [path, std::slice::from_ref(&a.name)].concat();
            if let Some(j) = arg_json(a, item.get(&a.name), &steps)? {
                m.insert(key.clone(), j);
            }
        }
        for sub in &b.blocks {
            let key = sub.arg.as_ref().unwrap_or(&sub.name);
            let steps = [path, std::slice::from_ref(&sub.name)].concat();
            if let Some(j) = block_args(sub, item.get(&sub.name), &steps)? {
                m.insert(key.clone(), j);
            }
        }
        Ok((!m.is_empty()).then_some(Value::Object(m)))
    };
    if !b.list {
        return one(v, path);
    }
    let Dyn::List(items) = v else {
        return Ok(None);
    };
    let mut list = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let steps = [path, &[i.to_string()]].concat();
        list.push(one(item, &steps)?.unwrap_or_else(|| Value::Object(Default::default())));
    }
    Ok((!list.is_empty()).then_some(Value::Array(list)))
}

/// `planned` without the computed arguments the configuration leaves out (`config` null
/// there); the import ID's attributes and `id` always stay. A null `config` (none given)
/// keeps everything.
fn configured(def: &ResourceDef, planned: &Dyn, config: &Dyn) -> Dyn {
    if config.is_null() {
        return planned.clone();
    }
    let ids = def.import_attributes();
    let mut out = planned.clone();
    for a in &def.attributes {
        let kept =
            a.name == "id" || ids.contains(&a.name.as_str()) || a.mode != Mode::ComputedOptional;
        if !kept && config.get(&a.name).is_null() {
            out.set(&a.name, Dyn::Null);
        }
    }
    out
}

/// The private state of an object imported and not applied since.
pub const IMPORTED: &[u8] = br#"{"imported":true}"#;

/// An argument no read returns (the response lacks it): an import leaves it unknown.
fn unread(a: &crate::def::AttrDef) -> bool {
    a.mode.is_argument() && a.response.is_none() && a.name != "id"
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
                return (u.is_object() || u.is_array()) && same_json(&u, &v);
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

/// Whether two JSON documents mean the same: key order and whitespace never matter (parsed
/// already), numbers compare by value (`1`, `1.0` and `1e0` are one number).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn response_value(a: &AttrDef, resp: &Value) -> Option<Dyn> {
    let key = a.response.as_ref()?;
    let value =
        a.ty.of_response(resp.get(key).unwrap_or(&Value::Null), a.json);
    Some(if a.rfc2822 { rfc3339(value) } else { value })
}

/// RFC 2822 date-time text (`Sat, 05 Dec 2026 08:48:36 +0000`) as RFC 3339
/// (`2026-12-05T08:48:36Z`); other values as they are.
fn rfc3339(v: Dyn) -> Dyn {
    use twilio_runtime::chrono::{DateTime, SecondsFormat, Utc};
    match &v {
        Dyn::String(text) => match DateTime::parse_from_rfc2822(text) {
            Ok(t) => Dyn::String(
                t.with_timezone(&Utc)
                    .to_rfc3339_opts(SecondsFormat::AutoSi, true),
            ),
            Err(_) => v,
        },
        _ => v,
    }
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
        // Only the create response has it: reads keep what create gave.
        Merge::Refresh if a.create_only => base.clone(),
        Merge::Refresh => match response_value(a, resp) {
            Some(new) if equivalent(base, &new) => base.clone(),
            Some(new) => new,
            None => base.clone(),
        },
    }
}

/// A block's new value; `resp` is the enclosing object of the response (the whole response
/// for top-level blocks).
fn merge_block(b: &BlockDef, base: &Dyn, resp: &Value, how: Merge) -> Dyn {
    let group = b
        .response
        .as_ref()
        .and_then(|k| resp.get(k))
        .unwrap_or(&Value::Null);
    let one = |item: &Dyn, r: &Value| {
        let mut out = match item {
            Dyn::Object(_) => item.clone(),
            _ => Dyn::Null,
        };
        for a in &b.attributes {
            out.set(&a.name, merge_attr(a, item.get(&a.name), r, how));
        }
        for sub in &b.blocks {
            out.set(&sub.name, merge_block(sub, item.get(&sub.name), r, how));
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
        let id = id_of(def, &out).map_or(Dyn::Null, Dyn::String);
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
        s.set(&b.name, empty_block(b));
    }
    if !def.timeouts.is_empty() {
        s.set("timeouts", Dyn::Null);
    }
    s
}

/// Whether the configuration sets a value only the update operation takes.
fn update_only_set(def: &ResourceDef, planned: &Dyn) -> bool {
    fn in_block(b: &BlockDef, v: &Dyn) -> bool {
        let mut found = false;
        each_item(b, v, &[], &mut |item, _| {
            found |= b
                .attributes
                .iter()
                .any(|a| a.update_only && is_set(item.get(&a.name)))
                || b.blocks
                    .iter()
                    .any(|sub| in_block(sub, item.get(&sub.name)));
        });
        found
    }
    // Unknown: left out of the configuration, for the server to fill.
    fn is_set(v: &Dyn) -> bool {
        !v.is_null() && !v.is_unknown()
    }
    def.attributes
        .iter()
        .any(|a| a.update_only && is_set(planned.get(&a.name)))
        || def.blocks.iter().any(|b| in_block(b, planned.get(&b.name)))
}

/// Says that a create whose answer never came may have made the object at Twilio.
fn maybe_created(diags: &mut Diagnostics, name: &str) {
    crate::diag::root(
        diags,
        format!("The {name} may exist at Twilio"),
        "The create request was sent and no successful answer came back, so the object \
         may have been created without Terraform knowing its ID. Look for it before applying \
         again; if it exists, import it rather than creating another.",
    );
}

/// An absent block: no items, or an object of null members (nested groups likewise).
fn empty_block(b: &BlockDef) -> Dyn {
    if b.list {
        return Dyn::List(Vec::new());
    }
    let mut g = Dyn::Null;
    for a in &b.attributes {
        g.set(&a.name, Dyn::Null);
    }
    for sub in &b.blocks {
        g.set(&sub.name, empty_block(sub));
    }
    g
}

/// Calls `f` with every item of a block's value and its attribute path: the value itself, or
/// each list item.
fn each_item<'a>(
    b: &BlockDef,
    v: &'a Dyn,
    path: &[String],
    f: &mut dyn FnMut(&'a Dyn, Vec<String>),
) {
    match (b.list, v) {
        (true, Dyn::List(items)) => {
            for (i, item) in items.iter().enumerate() {
                f(item, [path, &[i.to_string()]].concat());
            }
        }
        (true, _) => {}
        (false, v) => f(v, path.to_vec()),
    }
}

/// On create, the computed optional members of a block the configuration leaves out become
/// unknown (the server fills them), in nested groups too.
fn unknown_members(b: &BlockDef, v: &mut Dyn, cfg: &Dyn) {
    let fill = |item: &mut Dyn, cfg: &Dyn| {
        for a in &b.attributes {
            if a.mode == Mode::ComputedOptional
                && cfg.get(&a.name).is_null()
                && item.get(&a.name).is_null()
            {
                item.set(&a.name, Dyn::Unknown);
            }
        }
        if let Dyn::Object(members) = item {
            for sub in &b.blocks {
                if let Some(x) = members.get_mut(&sub.name) {
                    unknown_members(sub, x, cfg.get(&sub.name));
                }
            }
        }
    };
    match v {
        Dyn::List(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let cfg = match cfg {
                    Dyn::List(c) => c.get(i).cloned().unwrap_or_default(),
                    _ => Dyn::Null,
                };
                fill(item, &cfg);
            }
        }
        Dyn::Null => {}
        item => fill(item, cfg),
    }
}

/// The paths of a block's members (nested groups included) whose change replaces the object.
fn replaced(
    b: &BlockDef,
    prior: &Dyn,
    planned: &Dyn,
    path: &[String],
    imported: bool,
    out: &mut Vec<AttributePath>,
) {
    let mut visit = |p: &Dyn, n: &Dyn, here: Vec<String>| {
        for a in b.attributes.iter().filter(|a| a.replace) {
            let (pv, nv) = (p.get(&a.name), n.get(&a.name));
            if imported && unread(a) && pv.is_null() {
                continue;
            }
            if !nv.is_unknown() && !nv.is_null() && !equivalent(pv, nv) {
                out.push(diag::path(
                    &[&here[..], std::slice::from_ref(&a.name)].concat(),
                ));
            }
        }
        for sub in &b.blocks {
            let at = [&here[..], std::slice::from_ref(&sub.name)].concat();
            replaced(sub, p.get(&sub.name), n.get(&sub.name), &at, imported, out);
        }
    };
    match (b.list, planned) {
        (true, Dyn::List(items)) => {
            for (i, n) in items.iter().enumerate() {
                let p = match prior {
                    Dyn::List(ps) => ps.get(i).cloned().unwrap_or_default(),
                    _ => Dyn::Null,
                };
                visit(&p, n, [path, &[i.to_string()]].concat());
            }
        }
        (true, _) => {}
        (false, n) => visit(prior, n, path.to_vec()),
    }
}

/// A managed resource.
pub struct GenericResource {
    /// What it shares with its data source.
    pub shared: Arc<Shared>,
    /// Its schema.
    pub schema: tf::Schema,
    /// The type of its states, from the schema.
    pub ty: Ty,
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
        fn walk(
            b: &BlockDef,
            v: &Dyn,
            path: &[String],
            check: &mut dyn FnMut(&AttrDef, Vec<String>, &Dyn),
        ) {
            each_item(b, v, path, &mut |item, here| {
                for a in &b.attributes {
                    check(
                        a,
                        [&here[..], std::slice::from_ref(&a.name)].concat(),
                        item.get(&a.name),
                    );
                }
                for sub in &b.blocks {
                    let at = [&here[..], std::slice::from_ref(&sub.name)].concat();
                    walk(sub, item.get(&sub.name), &at, check);
                }
            });
        }
        for b in &def.blocks {
            walk(
                b,
                config.get(&b.name),
                std::slice::from_ref(&b.name),
                &mut check,
            );
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
        if !creating {
            return;
        }
        for b in &def.blocks {
            if let Some(block) = planned.members_mut().get_mut(&b.name) {
                unknown_members(b, block, config.get(&b.name));
            }
        }
    }

    /// Whether any value the API holds differs between two states (not `timeouts`).
    /// Whether an argument changes, so the API is called; after an import, arguments no read
    /// returns that were unknown are only recorded.
    fn api_changed(&self, prior: &Dyn, planned: &Dyn, imported: bool) -> bool {
        let def = &self.shared.def;
        def.attributes
            .iter()
            .filter(|a| a.mode.is_argument())
            .filter(|a| !(imported && unread(a) && prior.get(&a.name).is_null()))
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
            Ok(resp) => Some(shared.merged(&client, &state, &resp, Merge::Refresh)),
            // Gone upstream: leave the state, so the next plan creates it again.
            Err(f) if f.is_not_found() => None,
            Err(f) => {
                shared.fail(diags, "reading", f);
                Some(state)
            }
        }
    }

    /// PlanResourceChange of a destroy: a warning when destroying leaves the object at Twilio.
    pub fn plan_destroy(&self, diags: &mut Diagnostics, prior: &Dyn) {
        let def = &self.shared.def;
        if def.kept_on_destroy {
            let id = id_of(def, prior).unwrap_or_default();
            diags.warning(
                format!("Destroying {} `{id}` leaves it at Twilio", self.shared.name),
                "Twilio has no delete for it: destroy only removes it from Terraform's state, \
                 and its settings stay as they are."
                    .to_owned(),
            );
        }
    }

    /// PlanResourceChange of a new object: unknown computed values and ID.
    pub fn plan_create(&self, diags: &mut Diagnostics, proposed: Dyn, config: &Dyn) -> Dyn {
        self.validate_config(diags, config);
        if self.shared.def.adopted {
            diags.warning(
                format!("Creating {} adopts the object Twilio has", self.shared.name),
                "Twilio has no create for it: the object exists already, and applying sets \
                 the configured values on it (values left out keep what Twilio has)."
                    .to_owned(),
            );
        }
        let mut planned = proposed;
        self.unknown_computed(&mut planned, config, true, true);
        planned.set("id", Dyn::Unknown);
        planned
    }

    /// PlanResourceChange of an existing object: the planned state and the attributes whose
    /// change replaces the object. `imported`: the object was imported and not applied since,
    /// so the arguments no read returns are unknown rather than unset; setting them records
    /// them, it neither replaces the object nor calls Twilio.
    pub fn plan_update(
        &self,
        diags: &mut Diagnostics,
        prior: &Dyn,
        proposed: Dyn,
        config: &Dyn,
        imported: bool,
    ) -> (Dyn, Vec<AttributePath>) {
        self.validate_config(diags, config);
        let def = &self.shared.def;
        let mut planned = proposed;
        let changed = self.api_changed(prior, &planned, imported);
        let mut replace = Vec::new();
        for a in def.attributes.iter().filter(|a| a.replace) {
            let (p, n) = (prior.get(&a.name), planned.get(&a.name));
            if imported && unread(a) && p.is_null() {
                continue;
            }
            if !n.is_unknown() && !equivalent(p, n) {
                replace.push(diag::path(std::slice::from_ref(&a.name)));
            }
        }
        for b in &def.blocks {
            replaced(
                b,
                prior.get(&b.name),
                planned.get(&b.name),
                std::slice::from_ref(&b.name),
                imported,
                &mut replace,
            );
        }
        self.unknown_computed(&mut planned, config, changed, false);
        (planned, replace)
    }

    /// ApplyResourceChange of a new object: creates it, then sets what only the update
    /// operation takes. Once the create succeeded, the object is never lost: whatever fails
    /// after it, the state returned has its ID (with the error, so Terraform taints it and
    /// the next apply replaces it).
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
        let Some(result) = shared
            .run(
                diags,
                &planned,
                "create",
                "creating",
                shared.ops.create(&client, &args),
            )
            .await
        else {
            maybe_created(diags, &shared.name);
            return None;
        };
        let resp = match result {
            Ok(resp) => resp,
            Err(f) => {
                let ambiguous = f.may_have_applied();
                shared.fail(diags, "creating", f);
                if ambiguous {
                    maybe_created(diags, &shared.name);
                }
                return None;
            }
        };
        let state = shared.merged(&client, &planned, &resp, Merge::Apply);
        let id = state.get("id").as_str().unwrap_or_default().to_owned();
        if id.is_empty() {
            crate::diag::root(
                diags,
                format!("Created {} without an ID", shared.name),
                "Twilio answered the create without what identifies the object; it may \
                 exist at Twilio and is not in Terraform's state."
                    .to_owned(),
            );
            return None;
        }
        if !update_only_set(&shared.def, &planned) {
            return Some(state);
        }
        // Values only the update operation takes: a second call, on the object just made.
        let after = |diags: &mut Diagnostics, why: String| {
            crate::diag::root(
                diags,
                format!(
                    "Created {} `{id}`, but could not finish configuring it",
                    shared.name
                ),
                format!(
                    "{why}\n\nThe object exists at Twilio and is in Terraform's state as \
                     tainted: the next apply replaces it."
                ),
            );
        };
        let args = match args_from(&shared.def, &state) {
            Ok(args) => args,
            Err(f) => {
                shared.fail(diags, "updating", f);
                after(
                    diags,
                    "Its arguments could not be read for the update.".to_owned(),
                );
                return Some(state);
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
        match shared
            .run(diags, &planned, "create", "updating", call)
            .await
        {
            Some(Ok(resp)) => Some(shared.merged(&client, &state, &resp, Merge::Apply)),
            Some(Err(f)) => {
                shared.fail(diags, "updating", f);
                after(
                    diags,
                    "Setting the values only the update operation takes failed.".to_owned(),
                );
                Some(state)
            }
            None => {
                after(
                    diags,
                    "Setting the values only the update operation takes timed out.".to_owned(),
                );
                Some(state)
            }
        }
    }

    /// ApplyResourceChange of an existing object: updates it.
    /// When it fails, the state is the prior one: the object stays in state, as it stays at
    /// Twilio, and the error says why.
    pub async fn update(
        &self,
        diags: &mut Diagnostics,
        prior: &Dyn,
        planned: Dyn,
        config: &Dyn,
        imported: bool,
    ) -> Dyn {
        match self
            .try_update(diags, prior, planned, config, imported)
            .await
        {
            Some(state) => state,
            None => prior.clone(),
        }
    }

    async fn try_update(
        &self,
        diags: &mut Diagnostics,
        prior: &Dyn,
        planned: Dyn,
        config: &Dyn,
        imported: bool,
    ) -> Option<Dyn> {
        let shared = &self.shared;
        if !self.api_changed(prior, &planned, imported) {
            // Only `timeouts` changed, or values an import could not read are recorded:
            // nothing to send.
            let resp = Value::Null;
            return Some(merge(&shared.def, &planned, &resp, Merge::Apply));
        }
        let client = shared.client(diags)?;
        // What the configuration sets is sent, and the identifiers: a value Twilio filled
        // in is not sent back, as what it reports (a call's `status`, `queued`) is not
        // always what an update accepts (`canceled`, `completed`).
        let args = match args_from(&shared.def, &configured(&shared.def, &planned, config)) {
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
            Ok(resp) => Some(shared.merged(&client, &planned, &resp, Merge::Apply)),
            Err(f) => {
                shared.fail(diags, "updating", f);
                None
            }
        }
    }

    /// ApplyResourceChange of a destroyed object: deletes it (gone already counts as done);
    /// one without a delete operation is only removed from state.
    pub async fn destroy(&self, diags: &mut Diagnostics, prior: &Dyn) -> Option<()> {
        let shared = &self.shared;
        if shared.def.kept_on_destroy {
            return Some(());
        }
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
        for (name, value) in values {
            state.set(&name, Dyn::String(value));
        }
        let id = id_of(def, &state).map_or(Dyn::Null, Dyn::String);
        state.set("id", id);
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
    /// The type of its values, from the schema.
    pub ty: Ty,
}

impl GenericDataSource {
    /// ReadDataSource: the object the configuration names, read from the API.
    pub async fn read(&self, diags: &mut Diagnostics, config: Dyn) -> Option<Dyn> {
        let shared = &self.shared;
        let def = &shared.def;
        let client = shared.client(diags)?;
        let mut lookup = config.clone();
        let id = id_of(def, &config).map_or(Dyn::Null, Dyn::String);
        lookup.set("id", id);
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
                response_value(a, &resp).unwrap_or(Dyn::Null)
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
                        let sub = b.blocks.iter().find(|s| &s.name == m);
                        let v = match (a, sub) {
                            (Some(a), _) => response_value(a, group).unwrap_or(Dyn::Null),
                            (None, Some(sub)) => match &sub.response {
                                Some(key) => {
                                    mty.of_response(group.get(key).unwrap_or(&Value::Null), false)
                                }
                                None => Dyn::Null,
                            },
                            (None, None) => Dyn::Null,
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
        let id = id_of(def, &out).map_or(Dyn::Null, Dyn::String);
        out.set("id", id);
        Some(out)
    }
}

/// The `id` of a state ([`ResourceDef::id_of`]).
fn id_of(def: &ResourceDef, state: &Dyn) -> Option<String> {
    def.id_of(|a| state.get(a).as_text().map(|t| t.into_owned()))
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

    fn service() -> ResourceDef {
        serde_json::from_value(serde_json::json!({
            "id_source": "sid",
            "import": [{"literal": "Services"}, {"attribute": "sid"}],
            "attributes": [
                {"name": "sid", "mode": "computed", "response": "sid", "stable": true},
                {"name": "secret", "mode": "computed", "response": "secret", "stable": true,
                 "create_only": true},
                {"name": "date_created", "mode": "computed", "response": "date_created",
                 "rfc2822": true},
                {"name": "id", "mode": "computed", "stable": true},
            ],
            "blocks": [{
                "name": "notifications", "response": "notifications",
                "attributes": [{"name": "log_enabled", "mode": "computed_optional",
                                "response": "log_enabled", "arg": "log_enabled",
                                "update_only": true}],
                "blocks": [{
                    "name": "new_message", "response": "new_message", "arg": "new_message",
                    "attributes": [{"name": "enabled", "mode": "computed_optional",
                                    "response": "enabled", "arg": "enabled",
                                    "update_only": true}],
                }],
            }],
        }))
        .expect("a definition")
    }

    #[test]
    fn nested_groups_are_sent_and_read_back() {
        let mut def = service();
        // Types come from the schema; here by hand.
        def.blocks[0].attributes[0].ty = Ty::Bool;
        def.blocks[0].blocks[0].attributes[0].ty = Ty::Bool;
        let mut planned = Dyn::Null;
        let mut inner = Dyn::Null;
        inner.set("enabled", Dyn::Bool(true));
        let mut group = Dyn::Null;
        group.set("log_enabled", Dyn::Unknown);
        group.set("new_message", inner);
        planned.set("notifications", group);
        for computed in ["sid", "id", "secret", "date_created"] {
            planned.set(computed, Dyn::Unknown);
        }
        let args = args_from(&def, &planned).expect("arguments");
        let sent: Option<serde_json::Value> = args
            .opt(crate::Key::new("notifications"))
            .expect("an object");
        assert_eq!(
            sent,
            Some(serde_json::json!({"new_message": {"enabled": true}})),
            "unknown members are not sent, nested ones are"
        );
        assert!(update_only_set(&def, &planned));
        let resp = serde_json::json!({
            "sid": "IS1", "secret": "s3cr3t", "date_created": "Sat, 05 Dec 2026 08:48:36 +0000",
            "notifications": {"log_enabled": false, "new_message": {"enabled": true}},
        });
        let state = merge(&def, &planned, &resp, Merge::Apply);
        assert_eq!(state.get("id"), &Dyn::String("IS1".into()));
        assert_eq!(
            state.get("date_created"),
            &Dyn::String("2026-12-05T08:48:36Z".into()),
            "RFC 2822 becomes RFC 3339"
        );
        assert_eq!(
            state.get("notifications").get("log_enabled"),
            &Dyn::Bool(false)
        );
        assert_eq!(
            state.get("notifications").get("new_message").get("enabled"),
            &Dyn::Bool(true)
        );
        // A read has no secret: the state keeps the one create gave.
        let fetched = serde_json::json!({"sid": "IS1", "secret": null});
        let refreshed = merge(&def, &state, &fetched, Merge::Refresh);
        assert_eq!(refreshed.get("secret"), &Dyn::String("s3cr3t".into()));
        // Nothing only update takes is set: no second call.
        let mut plain = planned.clone();
        plain.set("notifications", empty_block(&def.blocks[0]));
        assert!(!update_only_set(&def, &plain));
    }

    #[test]
    fn failures_that_may_have_been_applied() {
        use twilio_runtime::Error;
        let api = |status: u16| {
            Failure::Client(Error::Http {
                status,
                body: String::new(),
            })
        };
        assert!(api(500).may_have_applied());
        assert!(api(503).may_have_applied());
        assert!(!api(400).may_have_applied());
        assert!(!api(429).may_have_applied());
        assert!(Failure::Client(Error::Decode {
            path: String::new(),
            message: String::new(),
        })
        .may_have_applied());
        assert!(!Failure::Client(Error::invalid("To", "missing")).may_have_applied());
        let argument = Failure::Argument {
            path: vec![],
            message: String::new(),
        };
        assert!(!argument.may_have_applied());
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
        assert!(equivalent(
            &s("{\n  \"b\": [1.0, 2e0],\n  \"a\": {\"x\": 0.5}\n}"),
            &s(r#"{"a":{"x":0.5},"b":[1,2]}"#)
        ));
        assert!(!equivalent(&s(r#"{"a": 1}"#), &s(r#"{"a": 1.5}"#)));
        assert!(!equivalent(&s(r#"{"a": [1, 2]}"#), &s(r#"{"a": [2, 1]}"#)));
        assert!(!equivalent(&s(r#"{"a": "1"}"#), &s(r#"{"a": 1}"#)));
        assert!(!equivalent(&s("a"), &s("b")));
        assert!(!equivalent(&s("1"), &s("1.0")));
        assert!(equivalent(&Dyn::Int(3), &Dyn::Float(3.0)));
    }
}
