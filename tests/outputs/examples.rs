//! Lenient reading on real data: every 2xx `application/json` response example of every
//! spec in `../shared/specs`, read through its model the way a generated crate reads it
//! (`twilio_runtime::lenient::Reader`, one call per field, with the Rust type the emitter
//! gives the field's model type), item by item for list pages.
//!
//! Decoding cannot fail by construction, so what is asserted is that nothing is lost: every
//! key of an example is read into its field, absent by rule (`null`, `""`), or kept with its
//! raw value in `unmatched`. The examples whose values did not all fit are counted and
//! listed by field, for a reader to see where the specs and the servers' data disagree.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use twilio_codegen::model::{Api, Model, Response, Type};
use twilio_runtime::lenient::{Reader, Unmatched};

#[derive(Default)]
struct Tally {
    examples: usize,
    objects: usize,
    with_mismatches: usize,
    /// `field (type)` -> how many values did not fit.
    mismatched: BTreeMap<String, usize>,
    unknown: usize,
}

/// Reads one field with the type a generated model gives it; whether a value was read.
fn read(r: &mut Reader, key: &str, ty: &Type) -> bool {
    fn typed<T: DeserializeOwned>(r: &mut Reader, key: &str) -> bool {
        r.field::<T>(key).is_some()
    }
    fn leaf<T: DeserializeOwned>(r: &mut Reader, key: &str, nesting: &[u8]) -> bool {
        match nesting {
            [] => typed::<T>(r, key),
            [b'a'] => typed::<Vec<T>>(r, key),
            [b'm'] => typed::<BTreeMap<String, T>>(r, key),
            _ => typed::<Value>(r, key),
        }
    }
    let mut nesting = Vec::new();
    let mut t = ty;
    loop {
        t = match t {
            Type::Array(inner) => {
                nesting.push(b'a');
                inner
            }
            Type::Map(inner) => {
                nesting.push(b'm');
                inner
            }
            _ => break,
        };
    }
    use twilio_runtime::chrono::{DateTime, NaiveDate, Utc};
    match t {
        Type::String | Type::PhoneNumber | Type::Currency if nesting.is_empty() => {
            r.text::<String>(key).is_some()
        }
        Type::Json if nesting.is_empty() => r.text::<Value>(key).is_some(),
        Type::DateTimeRfc2822 if nesting.is_empty() => r.rfc2822(key).is_some(),
        Type::String | Type::PhoneNumber | Type::Currency | Type::DateTimeRfc2822 => {
            leaf::<String>(r, key, &nesting)
        }
        // SIDs decode as received, enums keep unknown values: both read text.
        Type::Sid(_) | Type::Enum(_) => leaf::<String>(r, key, &nesting),
        Type::Integer | Type::Int64 => leaf::<i64>(r, key, &nesting),
        Type::Number => leaf::<f64>(r, key, &nesting),
        Type::Boolean => leaf::<bool>(r, key, &nesting),
        Type::DateTime => leaf::<DateTime<Utc>>(r, key, &nesting),
        Type::Date => leaf::<NaiveDate>(r, key, &nesting),
        Type::Uri => leaf::<twilio_runtime::url::Url>(r, key, &nesting),
        // Groups are plain structs of optional members: any object (members are checked by
        // the generated crates' own tests).
        Type::Group { .. } | Type::Object => leaf::<Map<String, Value>>(r, key, &nesting),
        Type::Model(_) | Type::Union(_) => leaf::<Map<String, Value>>(r, key, &nesting),
        Type::Json => leaf::<Value>(r, key, &nesting),
        Type::Array(_) | Type::Map(_) => unreachable!(),
    }
}

/// Reads `object` as `model` (and its nested models), checks that nothing is lost, and
/// counts what did not fit; whether everything fitted.
fn check(
    api: &Api,
    model: &Model,
    object: &Map<String, Value>,
    at: &str,
    tally: &mut Tally,
) -> bool {
    tally.objects += 1;
    let mut r = Reader::new(object.clone());
    let read: BTreeMap<&str, bool> = model
        .fields
        .iter()
        .map(|f| (f.name.as_str(), read(&mut r, &f.name, &f.ty)))
        .collect();
    let unmatched: Unmatched = r.finish();
    for (key, value) in object {
        let blank = value.is_null() || value == "";
        let kept = unmatched.get(key) == Some(value);
        assert!(
            read.get(key.as_str()).copied().unwrap_or(false) || blank || kept,
            "{at}: `{key}` was neither read nor kept: {value}"
        );
    }
    tally.unknown += unmatched.unknown().len();
    for key in unmatched.mismatched().keys() {
        let top = key.split('.').next().unwrap_or(key);
        let ty = model
            .fields
            .iter()
            .find(|f| f.name == top)
            .map(|f| f.ty.to_string());
        *tally
            .mismatched
            // By field and type across models; members of maps and groups as `field.*`.
            .entry(match key.contains('.') {
                true => format!("{top}.* ({})", ty.unwrap_or_default()),
                false => format!("{top} ({})", ty.unwrap_or_default()),
            })
            .or_default() += 1;
    }
    let mut fits = unmatched.mismatched().is_empty();
    // Nested models are read the same way, with their own unmatched values.
    for f in &model.fields {
        let Some(value) = object.get(&f.name) else {
            continue;
        };
        let nested = |t: &Type| match t {
            Type::Model(m) => api.models.iter().find(|x| &x.name == m),
            _ => None,
        };
        match (&f.ty, value) {
            (t, Value::Object(o)) => {
                if let Some(m) = nested(t) {
                    fits &= check(api, m, o, &format!("{at}.{}", f.name), tally);
                }
            }
            (Type::Array(t), Value::Array(items)) => {
                if let Some(m) = nested(t) {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Object(o) = item {
                            fits &= check(api, m, o, &format!("{at}.{}[{i}]", f.name), tally);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    fits
}

fn examples_of(spec: &Value, pointer: &str, status: u16) -> Vec<(String, Value)> {
    let Some(content) = spec.pointer(&format!(
        "{pointer}/responses/{status}/content/application~1json"
    )) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(Value::Object(examples)) = content.get("examples") {
        for (name, e) in examples {
            if let Some(v) = e.get("value") {
                out.push((name.clone(), v.clone()));
            }
        }
    }
    if let Some(v) = content.get("example") {
        out.push(("example".into(), v.clone()));
    }
    out
}

fn check_spec(path: &Path, tally: &mut Tally) -> usize {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).expect("read the spec");
    let api = twilio_codegen::model::read(&file, &text).expect("the spec builds");
    let spec: Value = serde_yaml::from_str(&text).expect("YAML");
    let model = |name: &str| api.models.iter().find(|m| m.name == name);
    let before = tally.examples;
    for resource in &api.resources {
        for op in &resource.operations {
            let (status, key, ty) = match &op.response {
                Response::Value { status, ty } => (*status, None, ty),
                Response::Page {
                    status, key, item, ..
                } => (*status, Some(key), item),
                Response::Empty { .. } => continue,
            };
            let Type::Model(name) = ty else { continue };
            let Some(m) = model(name) else { continue };
            for (example, value) in examples_of(&spec, &op.pointer, status) {
                let at = format!("{file} {} {example}", op.id);
                let objects: Vec<&Map<String, Value>> = match key {
                    None => value.as_object().into_iter().collect(),
                    Some(key) => value
                        .get(key)
                        .and_then(Value::as_array)
                        .map(|items| items.iter().filter_map(Value::as_object).collect())
                        .unwrap_or_default(),
                };
                tally.examples += 1;
                let mut fits = true;
                for o in objects {
                    fits &= check(&api, m, o, &at, tally);
                }
                if !fits {
                    tally.with_mismatches += 1;
                }
            }
        }
    }
    tally.examples - before
}

#[test]
fn every_response_example_reads_without_losing_a_value() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no specs at {}", dir.display());
        return;
    };
    let mut specs: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    let mut tally = Tally::default();
    for spec in &specs {
        let n = check_spec(spec, &mut tally);
        eprintln!("{}: {n} example(s)", spec.display());
    }
    eprintln!(
        "{} specs, {} examples ({} objects): {} with values that did not fit, {} unknown keys",
        specs.len(),
        tally.examples,
        tally.objects,
        tally.with_mismatches,
        tally.unknown
    );
    for (field, n) in &tally.mismatched {
        eprintln!("  {n:5}  {field}");
    }
    assert!(tally.examples > 0, "the specs have examples");
}
