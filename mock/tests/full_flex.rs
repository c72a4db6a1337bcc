//! Every resource of Twilio's full Flex v1 spec that has create and fetch, driven through
//! the runtime's `Client` (the transport, retries, errors and paging of every generated
//! crate) by a driver that reads the model: create with every parameter the operation
//! takes -> fetch (every sent value comes back, dotted groups as nested objects) ->
//! update -> list across at least three pages -> delete -> fetch is `Error::Api` 404, each
//! step where the resource has the operation. Every answer validates against the spec's
//! response schemas.

mod support;

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use serde_json::{json, Map, Value};
use support::{client, shared_spec, start, ResponseSchemas};
use twilio_model::{
    names, Api, ContentType, Model, Operation, OperationKind, Param, ParamGroup, Resource, Segment,
    Type,
};
use twilio_runtime::encoding::{Params, Parts};
use twilio_runtime::{Client, Method, Request};

/// What one request sends.
#[derive(Default, Clone)]
struct Wire {
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    json: Option<Value>,
}

impl Params for Wire {
    fn encode(&self, parts: &mut Parts) {
        parts.query.extend(self.query.iter().cloned());
        parts.form.extend(self.form.iter().cloned());
        parts.json.clone_from(&self.json);
    }
}

/// A sample value for a parameter: `(wire values, the JSON the field holds)`.
fn sample(api: &Api, p: &Param, n: usize) -> (Vec<String>, Value) {
    let one = |ty: &Type| -> (String, Value) {
        match ty {
            Type::Integer | Type::Int64 => {
                let low = p.constraints.minimum.unwrap_or(0.0) as i64;
                let high = p.constraints.maximum.map_or(low + 10, |m| m as i64);
                let v = (low + 1 + n as i64).min(high);
                (v.to_string(), json!(v))
            }
            Type::Number => ("1.5".into(), json!(1.5)),
            Type::Boolean => {
                let v = n % 2 == 0;
                (v.to_string(), json!(v))
            }
            Type::Enum(name) => {
                let e = api
                    .enums
                    .iter()
                    .find(|e| e.name == *name)
                    .expect("the enum");
                let v = e.values[n % e.values.len()].clone();
                (v.clone(), json!(v))
            }
            Type::Sid(prefix) => {
                let v = format!("{prefix}{:032x}", n + 1);
                (v.clone(), json!(v))
            }
            Type::Uri => {
                let v = format!("https://example.com/{}/{n}", p.name.to_lowercase());
                (v.clone(), json!(v))
            }
            Type::Json | Type::Object | Type::Map(_) => {
                let v = json!({"key": format!("value {n}")});
                (v.to_string(), v)
            }
            Type::DateTime => ("2024-01-02T03:04:05Z".into(), json!("2024-01-02T03:04:05Z")),
            Type::Date => ("2024-01-02".into(), json!("2024-01-02")),
            Type::PhoneNumber => ("+15550100".into(), json!("+15550100")),
            _ => {
                let v = format!("{} {n}", p.name);
                (v.clone(), json!(v))
            }
        }
    };
    match &p.ty {
        Type::Array(item) => {
            let (a, ja) = one(item);
            let (b, jb) = one(item);
            (vec![a, b], json!([ja, jb]))
        }
        t => {
            let (v, j) = one(t);
            (vec![v], j)
        }
    }
}

/// The body of an operation with every parameter it takes, and what each field should hold
/// afterwards (`field` or `field.member` -> JSON).
fn body_for(api: &Api, model: &Model, op: &Operation, n: usize) -> (Wire, BTreeMap<String, Value>) {
    let mut wire = Wire::default();
    let mut expected = BTreeMap::new();
    let Some(body) = &op.body else {
        return (wire, expected);
    };
    if body.free_form {
        // Any JSON object: one string member per writable string field of the model.
        let mut object = Map::new();
        for f in &model.fields {
            if f.ty == Type::String && !["url", "uri"].contains(&f.name.as_str()) {
                let v = json!(format!("{} {n}", f.name));
                object.insert(f.name.clone(), v.clone());
                expected.insert(f.name.clone(), v);
            }
        }
        wire.json = Some(Value::Object(object));
        return (wire, expected);
    }
    let field_of = |name: &str| model.fields.iter().find(|f| f.name == names::snake(name));
    let mut json_body = Map::new();
    for p in &body.params {
        let (values, value) = sample(api, p, n);
        if let Some(f) = field_of(&p.name) {
            // A field typed as a string keeps the text (a JSON parameter's text included).
            let stored = match (&f.ty, &p.ty) {
                (Type::String, Type::Json) => json!(values[0]),
                _ => value.clone(),
            };
            expected.insert(f.name.clone(), stored);
        }
        if body.content_type == ContentType::Json {
            json_body.insert(p.name.clone(), value);
        } else {
            wire.form
                .extend(values.into_iter().map(|v| (p.name.clone(), v)));
        }
    }
    fn group(
        api: &Api,
        g: &ParamGroup,
        n: usize,
        path: &str,
        wire: &mut Wire,
        expected: &mut BTreeMap<String, Value>,
    ) {
        for p in &g.params {
            let (values, value) = sample(api, p, n);
            expected.insert(format!("{path}.{}", names::snake(g.member_key(p))), value);
            wire.form
                .extend(values.into_iter().map(|v| (p.name.clone(), v)));
        }
        for inner in &g.groups {
            group(
                api,
                inner,
                n,
                &format!("{path}.{}", names::snake(&inner.name)),
                wire,
                expected,
            );
        }
    }
    for g in &body.groups {
        let field = model
            .fields
            .iter()
            .find(|f| matches!(&f.ty, Type::Group { prefix, .. } if *prefix == g.prefix))
            .map_or_else(|| names::snake(&g.prefix), |f| f.name.clone());
        group(api, g, n, &field, &mut wire, &mut expected);
    }
    if body.content_type == ContentType::Json {
        wire.json = Some(Value::Object(json_body));
    }
    (wire, expected)
}

/// `a.b` in a JSON object.
fn dig<'v>(v: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(v, |v, k| &v[k])
}

fn shape(segments: &[Segment]) -> Vec<String> {
    segments
        .iter()
        .map(|s| match s {
            Segment::Literal(l) => l.clone(),
            Segment::Param { suffix, .. } => format!("{{}}{suffix}"),
        })
        .collect()
}

struct Driver<'a> {
    api: &'a Api,
    client: Client,
    base: String,
    /// One created item per resource: its values.
    created: BTreeMap<String, Value>,
    /// The path parameters it was created under.
    scopes: BTreeMap<String, Vec<(String, String)>>,
    counter: usize,
    compared: usize,
}

impl Driver<'_> {
    fn model(&self, r: &Resource) -> &Model {
        let name = r.model.as_deref().expect("a model");
        self.api
            .models
            .iter()
            .find(|m| m.name == name)
            .expect("the model")
    }

    /// The field naming an item: the instance path's last parameter in snake_case, else `sid`.
    fn id_field(&self, r: &Resource) -> String {
        let model = self.model(r);
        match r.instance_path.as_ref().and_then(|p| p.segments().last()) {
            Some(Segment::Param { name, .. })
                if model.fields.iter().any(|f| f.name == names::snake(name)) =>
            {
                names::snake(name)
            }
            _ => "sid".into(),
        }
    }

    fn url(&self, segments: &[Segment], params: &[(String, String)], query: &str) -> url::Url {
        let mut path = String::new();
        for s in segments {
            path.push('/');
            match s {
                Segment::Literal(l) => path.push_str(l),
                Segment::Param { name, suffix } => {
                    let v = params
                        .iter()
                        .find(|(n, _)| n == name)
                        .unwrap_or_else(|| panic!("a value for {{{name}}}"));
                    path.push_str(&v.1);
                    path.push_str(suffix);
                }
            }
        }
        url::Url::parse(&format!("{}{path}{query}", self.base)).expect("a URL")
    }

    /// Values for the path parameters of a create path: the SID of a created parent where
    /// the mock holds parents of that kind (created first), else a sample of the type.
    async fn scope(&mut self, op: &Operation) -> Vec<(String, String)> {
        let segs = op.path.segments();
        let mut params = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            let Segment::Param { name, .. } = s else {
                continue;
            };
            let prefix = shape(&segs[..=i]);
            let parent = self.api.resources.iter().find(|r| {
                r.instance_path
                    .as_ref()
                    .is_some_and(|p| shape(p.segments()) == prefix)
                    && r.operation(OperationKind::Create).is_some()
            });
            let value = match parent {
                Some(parent) => {
                    if !self.created.contains_key(&parent.name) {
                        Box::pin(self.create(parent)).await;
                    }
                    let id = self.id_field(parent);
                    self.created[&parent.name][&id]
                        .as_str()
                        .expect("the parent's SID")
                        .to_owned()
                }
                None => {
                    let p = op
                        .path_params
                        .iter()
                        .find(|p| p.name == *name)
                        .expect("the param");
                    sample(self.api, p, 0).0.remove(0)
                }
            };
            params.push((name.clone(), value));
        }
        params
    }

    /// Creates one item, checks what came back and what a fetch gives; returns it.
    async fn create(&mut self, r: &Resource) -> Value {
        let op = r.operation(OperationKind::Create).expect("create");
        let scope = self.scope(op).await;
        self.counter += 1;
        let model = self.model(r).clone();
        let (wire, expected) = body_for(self.api, &model, op, self.counter);
        let request = Request::new(
            Method::POST,
            self.url(op.path.segments(), &scope, ""),
            false,
        )
        .with(&wire)
        .expect("the request encodes");
        let created: Value = self
            .client
            .execute(request)
            .await
            .unwrap_or_else(|e| panic!("{}: create fails: {e}", r.name));
        for (path, value) in &expected {
            assert_eq!(
                dig(&created, path),
                value,
                "{}: `{path}` comes back",
                r.name
            );
            self.compared += 1;
        }
        let id_field = self.id_field(r);
        let id = created[&id_field]
            .as_str()
            .expect("the item's SID")
            .to_owned();
        if let Some(Type::Sid(prefix)) = model
            .fields
            .iter()
            .find(|f| f.name == id_field)
            .map(|f| &f.ty)
        {
            assert!(
                id.starts_with(prefix.as_str()),
                "{}: {id} has prefix {prefix}",
                r.name
            );
        }
        assert_eq!(
            created
                .get("account_sid")
                .map_or(json!(support::ACCOUNT), Clone::clone),
            json!(support::ACCOUNT)
        );
        let fetched = self.fetch(r, &scope, &id).await.expect("fetch succeeds");
        assert_eq!(fetched, created, "{}: fetch gives what create gave", r.name);
        self.created
            .entry(r.name.clone())
            .or_insert_with(|| created.clone());
        self.scopes.entry(r.name.clone()).or_insert(scope);
        created
    }

    async fn fetch(
        &self,
        r: &Resource,
        scope: &[(String, String)],
        id: &str,
    ) -> twilio_runtime::Result<Value> {
        let op = r.operation(OperationKind::Fetch).expect("fetch");
        let mut params = scope.to_vec();
        if let Some(Segment::Param { name, .. }) = op.path.segments().last() {
            params.push((name.clone(), id.to_owned()));
        }
        let request = Request::new(Method::GET, self.url(op.path.segments(), &params, ""), true);
        self.client.execute(request).await
    }

    /// The whole round trip of one resource.
    async fn round_trip(&mut self, r: &Resource, record: impl Fn() -> Vec<twilio_mock::Exchange>) {
        let item = self.create(r).await;
        let scope = self.scopes[&r.name].clone();
        let id_field = self.id_field(r);
        let id = item[&id_field].as_str().expect("a SID").to_owned();
        let model = self.model(r).clone();

        if let Some(op) = r.operation(OperationKind::Update) {
            self.counter += 1;
            let (wire, expected) = body_for(self.api, &model, op, self.counter);
            let mut params = scope.clone();
            if let Some(Segment::Param { name, .. }) = op.path.segments().last() {
                params.push((name.clone(), id.clone()));
            }
            let request = Request::new(
                Method::POST,
                self.url(op.path.segments(), &params, ""),
                true,
            )
            .with(&wire)
            .expect("the request encodes");
            let updated: Value = self
                .client
                .execute(request)
                .await
                .unwrap_or_else(|e| panic!("{}: update fails: {e}", r.name));
            for (path, value) in &expected {
                assert_eq!(
                    dig(&updated, path),
                    value,
                    "{}: update sets `{path}`",
                    r.name
                );
                self.compared += 1;
            }
            // What the update did not send is unchanged.
            let sent_fields: Vec<&str> = expected
                .keys()
                .map(|k| k.split('.').next().unwrap_or(k))
                .collect();
            for f in &model.fields {
                if !sent_fields.contains(&f.name.as_str()) && f.name != "date_updated" {
                    assert_eq!(
                        updated[&f.name], item[&f.name],
                        "{}: `{}` keeps its value",
                        r.name, f.name
                    );
                }
            }
            let fetched = self.fetch(r, &scope, &id).await.expect("fetch succeeds");
            assert_eq!(fetched, updated, "{}: fetch gives the update", r.name);
        }

        if let Some(op) = r.operation(OperationKind::List) {
            // At least 7 items in this scope: three pages of 3.
            for _ in 0..6 {
                let create = r.operation(OperationKind::Create).expect("create");
                self.counter += 1;
                let (wire, _) = body_for(self.api, &model, create, self.counter);
                let request = Request::new(
                    Method::POST,
                    self.url(create.path.segments(), &scope, ""),
                    false,
                )
                .with(&wire)
                .expect("the request encodes");
                let _: Value = self.client.execute(request).await.expect("create succeeds");
            }
            let twilio_model::Response::Page { key, .. } = &op.response else {
                panic!("{}: a list answers pages", r.name);
            };
            let key: &'static str = Box::leak(key.clone().into_boxed_str());
            let before = record()
                .iter()
                .filter(|e| e.operation.as_deref() == Some(op.id.as_str()))
                .count();
            let request = Request::new(
                Method::GET,
                self.url(op.path.segments(), &scope, "?PageSize=3"),
                true,
            );
            let items: Vec<Value> =
                twilio_runtime::List::new(self.client.clone(), Ok(request), key)
                    .stream()
                    .try_collect()
                    .await
                    .unwrap_or_else(|e| panic!("{}: list fails: {e}", r.name));
            let pages = record()
                .iter()
                .filter(|e| e.operation.as_deref() == Some(op.id.as_str()))
                .count()
                - before;
            assert!(items.len() >= 7, "{}: {} items listed", r.name, items.len());
            assert!(pages >= 3, "{}: {pages} pages", r.name);
            assert!(
                items.iter().any(|i| i[&id_field] == json!(id)),
                "{}: the first item is listed",
                r.name
            );
        }

        if let Some(op) = r.operation(OperationKind::Delete) {
            let mut params = scope.clone();
            if let Some(Segment::Param { name, .. }) = op.path.segments().last() {
                params.push((name.clone(), id.clone()));
            }
            let request = Request::new(
                Method::DELETE,
                self.url(op.path.segments(), &params, ""),
                true,
            );
            self.client
                .execute_empty(request)
                .await
                .unwrap_or_else(|e| panic!("{}: delete fails: {e}", r.name));
            match self.fetch(r, &scope, &id).await {
                Err(twilio_runtime::Error::Api(e)) => {
                    assert_eq!(e.status, 404, "{}", r.name);
                    assert_eq!(e.code, Some(20404), "{}", r.name);
                }
                other => panic!("{}: a deleted item is not found: {other:?}", r.name),
            }
        }
    }
}

#[tokio::test]
async fn every_flex_v1_resource_with_create_and_fetch_round_trips() {
    let spec = shared_spec("twilio_flex_v1.yaml");
    let text = std::fs::read_to_string(&spec).expect("the full Flex v1 spec");
    let api = twilio_model::read("twilio_flex_v1.yaml", &text).expect("the spec loads");
    let mock = start(std::slice::from_ref(&spec)).await;
    let mut driver = Driver {
        api: &api,
        client: client(&mock),
        base: mock.base_url(),
        created: BTreeMap::new(),
        scopes: BTreeMap::new(),
        counter: 0,
        compared: 0,
    };
    let resources: Vec<&Resource> = api
        .resources
        .iter()
        .filter(|r| {
            r.operation(OperationKind::Create).is_some()
                && r.operation(OperationKind::Fetch).is_some()
        })
        .collect();
    let names: Vec<&str> = resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "channel",
            "flex_flow",
            "insights_questionnaires",
            "interaction",
            "interaction_transfer",
            "plugin",
            "plugin_configurations",
            "plugin_releases",
            "plugin_versions",
            "web_channel"
        ]
    );
    for r in &resources {
        driver.round_trip(r, || mock.recorded()).await;
    }
    assert!(
        driver.compared >= 60,
        "{} sent values compared",
        driver.compared
    );

    // Nested: a plugin's versions belong to that plugin.
    let plugin = api
        .resources
        .iter()
        .find(|r| r.name == "plugin")
        .expect("plugin");
    let other = driver.create(plugin).await;
    let other_sid = other["sid"].as_str().expect("a SID");
    let versions = api
        .resources
        .iter()
        .find(|r| r.name == "plugin_versions")
        .expect("versions");
    let list = versions.operation(OperationKind::List).expect("list");
    let request = Request::new(
        Method::GET,
        driver.url(
            list.path.segments(),
            &[("PluginSid".into(), other_sid.into())],
            "",
        ),
        true,
    );
    let items: Vec<Value> =
        twilio_runtime::List::new(driver.client.clone(), Ok(request), "plugin_versions")
            .stream()
            .try_collect()
            .await
            .expect("the list streams");
    assert!(
        items.is_empty(),
        "another plugin has no versions: {items:?}"
    );
    let scope = &driver.scopes["plugin_versions"];
    let first_version = driver.created["plugin_versions"]["sid"]
        .as_str()
        .expect("a SID")
        .to_owned();
    let mut wrong_scope = scope.clone();
    wrong_scope[0].1 = other_sid.to_owned();
    match driver.fetch(versions, &wrong_scope, &first_version).await {
        Err(twilio_runtime::Error::Api(e)) => assert_eq!(e.status, 404),
        other => panic!("a version is not found under another plugin: {other:?}"),
    }

    let record = mock.recorded();
    let checked = ResponseSchemas::of(&spec).check_all(&record);
    assert!(checked >= 100, "{checked} answers validated");
    eprintln!(
        "{} resources, {} requests, {checked} answers validated, {} sent values compared",
        resources.len(),
        record.len(),
        driver.compared
    );
    mock.shutdown().await;
}

/// The validation above can fail: an answer with a value of the wrong type is caught.
#[tokio::test]
async fn a_wrong_answer_fails_the_schema_check() {
    let spec = support::flexflow_spec();
    let mock = start(std::slice::from_ref(&spec)).await;
    let flex = twilio_flex_v1::FlexV1::new(&client(&mock));
    let _ = flex
        .flex_flows()
        .list(twilio_flex_v1::ListFlexFlow::new())
        .first_page()
        .await;
    let _ = flex
        .flex_flows()
        .create(twilio_flex_v1::CreateFlexFlow::new(
            twilio_flex_v1::FlexFlowChannelType::Web,
            twilio_flex_v1::ChatServiceSid::parse("ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .expect("SID"),
            "Support",
        ))
        .await
        .expect("create succeeds");
    let mut record = mock.recorded();
    let schemas = ResponseSchemas::of(&spec);
    assert_eq!(schemas.check_all(&record), 2);
    record[1].body["channel_type"] = json!(7);
    let (_, failures) = schemas.failures(&record);
    assert!(
        !failures.is_empty(),
        "a number where the spec says an enum fails"
    );
    assert!(
        failures.iter().all(|f| f.contains("/channel_type")),
        "{failures:?}"
    );
    record[1].body["channel_type"] = json!("web");
    record[1].body["date_created"] = json!("yesterday");
    let (_, failures) = schemas.failures(&record);
    assert!(!failures.is_empty(), "a date-time that is not one fails");
    assert!(
        failures.iter().all(|f| f.contains("/date_created")),
        "{failures:?}"
    );
    mock.shutdown().await;
}
