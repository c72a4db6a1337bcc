//! Where a document that does not deserialize fails: the deepest part the OpenAPI types
//! reject, as a JSON pointer and the message.

use serde_yaml::Value;

use super::key_str;
use crate::error::escape_token;

/// Deserializes a typed value from a YAML tree; on failure, the pointer (relative to the
/// tree) and message. A panic inside the OpenAPI types (they re-parse on some failures) is
/// turned into an error too.
///
/// Only the error path uses it (the document is built by `typed_head` and `typed_tail`), so
/// it tracks the path from the start: each part is deserialized once.
pub(super) fn typed<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, (String, String)> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        serde_path_to_error::deserialize::<_, T>(v)
    }));
    match result {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner().to_string();
            // serde_yaml appends its own position, meaningless for an in-memory tree.
            let inner = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
            Err((pointer, inner))
        }
        Err(_) => Err((
            String::new(),
            "the OpenAPI parser could not read this part".to_owned(),
        )),
    }
}

fn fail_at<T: serde::de::DeserializeOwned>(v: &Value, at: &str) -> Option<(String, String)> {
    typed::<T>(v).err().map(|(p, m)| (format!("{at}{p}"), m))
}

fn entries<'v>(v: &'v Value, at: &str) -> Vec<(String, &'v Value)> {
    match v {
        Value::Mapping(m) => m
            .iter()
            .map(|(k, child)| (format!("{at}/{}", escape_token(&key_str(k))), child))
            .collect(),
        Value::Sequence(s) => s
            .iter()
            .enumerate()
            .map(|(i, child)| (format!("{at}/{i}"), child))
            .collect(),
        _ => vec![],
    }
}

fn child<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Mapping(m) => m.get(key),
        _ => None,
    }
}

/// Finds the deepest part of the document that fails to deserialize.
pub(super) fn locate(raw: &Value) -> Option<(String, String)> {
    use openapiv3 as oa;
    if let Some(v) = child(raw, "info") {
        if let Some(f) = fail_at::<oa::Info>(v, "/info") {
            return Some(f);
        }
    }
    if let Some(v) = child(raw, "servers") {
        if let Some(f) = fail_at::<Vec<oa::Server>>(v, "/servers") {
            return Some(f);
        }
    }
    if let Some(paths) = child(raw, "paths") {
        for (at, item) in entries(paths, "/paths") {
            if at.starts_with("/paths/x-")
                || fail_at::<oa::ReferenceOr<oa::PathItem>>(item, &at).is_none()
            {
                continue;
            }
            for (op_at, op) in entries(item, &at) {
                let method = op_at.rsplit('/').next().unwrap_or_default();
                if method == "parameters" {
                    for (p_at, p) in entries(op, &op_at) {
                        if let Some(f) = fail_at::<oa::ReferenceOr<oa::Parameter>>(p, &p_at) {
                            return Some(locate_schema_in(p, &p_at).unwrap_or(f));
                        }
                    }
                }
                if ![
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ]
                .contains(&method)
                {
                    continue;
                }
                if let Some(f) = locate_operation(op, &op_at) {
                    return Some(f);
                }
            }
            return fail_at::<oa::ReferenceOr<oa::PathItem>>(item, &at);
        }
    }
    if let Some(components) = child(raw, "components") {
        for (kind_at, kind) in entries(components, "/components") {
            for (at, v) in entries(kind, &kind_at) {
                let failed = match kind_at.as_str() {
                    "/components/schemas" => locate_schema(v, &at),
                    "/components/parameters" => fail_at::<oa::ReferenceOr<oa::Parameter>>(v, &at)
                        .map(|f| locate_schema_in(v, &at).unwrap_or(f)),
                    "/components/requestBodies" => {
                        fail_at::<oa::ReferenceOr<oa::RequestBody>>(v, &at)
                            .map(|f| locate_content(v, &at).unwrap_or(f))
                    }
                    "/components/responses" => fail_at::<oa::ReferenceOr<oa::Response>>(v, &at)
                        .map(|f| locate_content(v, &at).unwrap_or(f)),
                    "/components/securitySchemes" => {
                        fail_at::<oa::ReferenceOr<oa::SecurityScheme>>(v, &at)
                    }
                    _ => None,
                };
                if failed.is_some() {
                    return failed;
                }
            }
        }
        if let Some(f) = fail_at::<oa::Components>(components, "/components") {
            return Some(f);
        }
    }
    None
}

fn locate_operation(op: &Value, at: &str) -> Option<(String, String)> {
    use openapiv3 as oa;
    let whole = fail_at::<oa::Operation>(op, at)?;
    if let Some(params) = child(op, "parameters") {
        let params_at = format!("{at}/parameters");
        if let Some(f) = fail_at::<Vec<oa::ReferenceOr<oa::Parameter>>>(params, &params_at) {
            for (p_at, p) in entries(params, &params_at) {
                if let Some(f) = fail_at::<oa::ReferenceOr<oa::Parameter>>(p, &p_at) {
                    return Some(locate_schema_in(p, &p_at).unwrap_or(f));
                }
            }
            return Some(f);
        }
    }
    if let Some(body) = child(op, "requestBody") {
        let body_at = format!("{at}/requestBody");
        if let Some(f) = fail_at::<oa::ReferenceOr<oa::RequestBody>>(body, &body_at) {
            return Some(locate_content(body, &body_at).unwrap_or(f));
        }
    }
    if let Some(responses) = child(op, "responses") {
        let responses_at = format!("{at}/responses");
        if let Some(f) = fail_at::<oa::Responses>(responses, &responses_at) {
            for (r_at, r) in entries(responses, &responses_at) {
                if r_at.ends_with("/x-") {
                    continue;
                }
                if let Some(f) = fail_at::<oa::ReferenceOr<oa::Response>>(r, &r_at) {
                    return Some(locate_content(r, &r_at).unwrap_or(f));
                }
            }
            return Some(f);
        }
    }
    Some(whole)
}

fn locate_content(v: &Value, at: &str) -> Option<(String, String)> {
    let content = child(v, "content")?;
    for (m_at, media) in entries(content, &format!("{at}/content")) {
        if let Some(schema) = child(media, "schema") {
            if let Some(f) = locate_schema(schema, &format!("{m_at}/schema")) {
                return Some(f);
            }
        }
    }
    None
}

fn locate_schema_in(v: &Value, at: &str) -> Option<(String, String)> {
    locate_schema(child(v, "schema")?, &format!("{at}/schema"))
}

fn locate_schema(v: &Value, at: &str) -> Option<(String, String)> {
    use openapiv3 as oa;
    let whole = fail_at::<oa::ReferenceOr<oa::Schema>>(v, at)?;
    if let Some(props) = child(v, "properties") {
        for (p_at, p) in entries(props, &format!("{at}/properties")) {
            if let Some(f) = locate_schema(p, &p_at) {
                return Some(f);
            }
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(c) = child(v, key) {
            if matches!(c, Value::Mapping(_)) {
                if let Some(f) = locate_schema(c, &format!("{at}/{key}")) {
                    return Some(f);
                }
            }
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = child(v, key) {
            for (c_at, c) in entries(list, &format!("{at}/{key}")) {
                if let Some(f) = locate_schema(c, &c_at) {
                    return Some(f);
                }
            }
        }
    }
    Some(whole)
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}
