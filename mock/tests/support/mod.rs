//! Shared by the mock's tests: the spec's response schemas as JSON Schema validators, to
//! check every recorded answer, and a client pointed at a running mock.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Map, Value};
use twilio_mock::{Exchange, Mock, Options, RunningMock};

/// The account the tests authenticate as.
pub const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// Its password.
pub const TOKEN: &str = "test-token";

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the mock crate is in the workspace")
        .to_owned()
}

/// The FlexFlow spec of `spec/`.
pub fn flexflow_spec() -> PathBuf {
    repo_root().join("spec/twilio_flex_v1.yaml")
}

/// A shared spec (`../shared/specs/NAME`).
pub fn shared_spec(name: &str) -> PathBuf {
    repo_root().join("../shared/specs").join(name)
}

/// A recording mock of these specs on 127.0.0.1, seeded.
pub async fn start(specs: &[PathBuf]) -> RunningMock {
    let mock = Mock::from_spec_paths(
        specs,
        Options {
            seed: Some(14),
            record: true,
            ..Options::default()
        },
    )
    .expect("the mock loads its specs");
    mock.spawn().await.expect("the mock listens")
}

/// The runtime's client for the mock, retrying within milliseconds.
pub fn client(mock: &RunningMock) -> twilio_runtime::Client {
    twilio_runtime::Client::builder()
        .credentials(twilio_runtime::Credentials::auth_token(ACCOUNT, TOKEN))
        .base_url(mock.base_url())
        .retry_policy(twilio_runtime::RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .expect("the client builds")
}

/// OpenAPI 3.0 schema -> JSON Schema (2020-12): `nullable: true` adds `null` to the type
/// (or the enum, or wraps a `$ref`); extensions are dropped; `$ref`s stay as written and are
/// resolved against the `components` placed at the root.
fn convert(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                if k == "nullable" || k.starts_with("x-") {
                    continue;
                }
                let converted = match k.as_str() {
                    "properties" | "patternProperties" => match x {
                        Value::Object(props) => Value::Object(
                            props
                                .iter()
                                .map(|(name, s)| (name.clone(), property(name, s)))
                                .collect(),
                        ),
                        other => other.clone(),
                    },
                    "enum" | "required" | "example" | "examples" | "default" => x.clone(),
                    _ => convert(x),
                };
                out.insert(k.clone(), converted);
            }
            if m.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
                if let Some(r) = out.remove("$ref") {
                    out.insert("anyOf".into(), json!([{"$ref": r}, {"type": "null"}]));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        other => other.clone(),
    }
}

/// A property's schema. Twilio names relative links `*_uri` (API v2010's `uri`,
/// `next_page_uri`, which its answers send as paths) but its specs give them `format: uri`;
/// they are checked as `uri-reference`. `*_url` stays `uri` (absolute).
fn property(name: &str, s: &Value) -> Value {
    let mut converted = convert(s);
    if name.ends_with("uri") && converted.get("format") == Some(&json!("uri")) {
        converted["format"] = json!("uri-reference");
    }
    converted
}

/// Every JSON response schema of a spec, by `(operationId, status)`.
pub struct ResponseSchemas {
    validators: HashMap<(String, u16), jsonschema::Validator>,
}

impl ResponseSchemas {
    pub fn of(spec: &Path) -> Self {
        let text = std::fs::read_to_string(spec).expect("the spec reads");
        let doc: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
        let components = convert(&doc["components"]);
        let mut validators = HashMap::new();
        let paths = doc["paths"].as_object().expect("the spec has paths");
        for item in paths.values() {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                    continue;
                }
                let Some(id) = op["operationId"].as_str() else {
                    continue;
                };
                let Some(responses) = op["responses"].as_object() else {
                    continue;
                };
                for (status, response) in responses {
                    let Ok(status) = status.parse::<u16>() else {
                        continue;
                    };
                    let schema = &response["content"]["application/json"]["schema"];
                    if schema.is_null() {
                        continue;
                    }
                    let mut root = match convert(schema) {
                        Value::Object(m) => m,
                        other => {
                            let mut m = Map::new();
                            m.insert("allOf".into(), json!([other]));
                            m
                        }
                    };
                    root.insert("components".into(), components.clone());
                    let validator = jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft202012)
                        .should_validate_formats(true)
                        .build(&Value::Object(root))
                        .unwrap_or_else(|e| panic!("the schema of {id} {status} compiles: {e}"));
                    validators.insert((id.to_owned(), status), validator);
                }
            }
        }
        ResponseSchemas { validators }
    }

    /// Checks every exchange answered by an operation of this spec: a success body against
    /// the operation's response schema (a success without one, except `204`, is an error),
    /// an error body against Twilio's error shape. Returns how many bodies were validated;
    /// panics listing every misfit.
    pub fn check_all(&self, record: &[Exchange]) -> usize {
        let (checked, failures) = self.failures(record);
        assert!(
            failures.is_empty(),
            "{} answers do not fit the spec:\n{}",
            failures.len(),
            failures.join("\n")
        );
        checked
    }

    /// How many bodies were validated, and every misfit.
    pub fn failures(&self, record: &[Exchange]) -> (usize, Vec<String>) {
        let error_schema = jsonschema::validator_for(&json!({
            "type": "object",
            "required": ["code", "message", "more_info", "status"],
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "more_info": {"type": "string"},
                "status": {"type": "integer"}
            }
        }))
        .expect("the error schema compiles");
        let mut checked = 0;
        let mut failures = Vec::new();
        for e in record {
            if e.status >= 400 {
                if let Err(err) = error_schema.validate(&e.body) {
                    failures.push(format!("{} {} {}: {err}", e.method, e.path, e.status));
                }
                checked += 1;
                continue;
            }
            let Some(op) = &e.operation else {
                failures.push(format!(
                    "{} {}: answered without an operation",
                    e.method, e.path
                ));
                continue;
            };
            if e.status == 204 {
                assert!(e.body.is_null(), "{op}: a 204 has no body");
                continue;
            }
            let Some(v) = self.validators.get(&(op.clone(), e.status)) else {
                failures.push(format!("{op}: no response schema for status {}", e.status));
                continue;
            };
            for err in v.iter_errors(&e.body) {
                failures.push(format!(
                    "{op} {} {}: {err} at {}",
                    e.method,
                    e.path,
                    err.instance_path()
                ));
            }
            checked += 1;
        }
        (checked, failures)
    }
}

/// An HTTP client whose requests give up after 10 seconds.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

/// Sends a request: its status and JSON body (`null` when empty).
pub async fn send(req: reqwest::RequestBuilder) -> (u16, Value) {
    let response = req.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("a JSON body")
    };
    (status, body)
}
