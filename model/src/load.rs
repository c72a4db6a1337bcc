//! Reading a spec: YAML or JSON text -> checked OpenAPI 3.0.x document with every `$ref` verified.
//!
//! Syntax errors are reported with line and column; everything found after parsing with a
//! JSON pointer. Nothing here panics on any input.

mod block;
mod locate;
mod pieces;

use openapiv3::OpenAPI;
use serde::de::value::MapDeserializer;
use serde::de::IntoDeserializer;
use serde::Deserialize;
use serde_yaml::Value;

use crate::error::{Error, Location};
use locate::{locate, typed};

/// A parsed spec: the typed document plus the raw tree (for vendor details that the typed
/// model drops, such as `format` on object schemas, and for `$ref`s into arbitrary places).
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name used in messages and generated headers.
    pub file: String,
    /// The typed OpenAPI document.
    pub doc: OpenAPI,
    /// The same document as a plain YAML tree.
    pub raw: Value,
}

/// How deep a document may nest before it is rejected (guards against stack exhaustion).
const MAX_DEPTH: usize = 256;

/// Parses and checks a spec. `file` names the spec in error messages.
pub fn parse(file: &str, text: &str) -> Result<Spec, Error> {
    let raw = tree(file, text)?;
    let root = match &raw {
        Value::Mapping(m) => m,
        Value::Null => {
            return Err(Error::file(
                file,
                "the file is empty: expected an OpenAPI 3.0.x document",
            ))
        }
        other => {
            return Err(Error::at(
                file,
                "",
                format!(
                    "expected an OpenAPI document (a mapping), found {}",
                    kind(other)
                ),
            ))
        }
    };
    check_depth(file, &raw)?;
    check_version(file, root)?;
    match root.get("paths") {
        None => {
            return Err(Error::at(
                file,
                "/paths",
                "the spec has no `paths`: nothing to generate",
            ))
        }
        Some(Value::Mapping(m)) if m.is_empty() => {
            return Err(Error::at(
                file,
                "/paths",
                "`paths` is empty: nothing to generate",
            ))
        }
        Some(Value::Mapping(_)) => {}
        Some(other) => {
            return Err(Error::at(
                file,
                "/paths",
                format!("`paths` must be a mapping, found {}", kind(other)),
            ))
        }
    }
    // Checking the `$ref`s and building the typed document in parts run side by side; a
    // failure of either is then reported as if they had run one after the other.
    let cut = split_paths(root);
    let ((refs, tail), head) = rayon::join(
        || (check_refs(file, &raw), typed_tail(root, cut)),
        || typed_head(root, cut),
    );
    refs?;
    let doc = head.zip(tail).map(join_typed);
    let typed = match doc {
        Some(doc) => Ok(doc),
        None => typed::<OpenAPI>(&raw),
    };
    let doc: OpenAPI = match typed {
        Ok(doc) => doc,
        Err((pointer, message)) => {
            // openapiv3 flattens extensions into most objects, which hides where inside an
            // object deserialization failed; find the deepest failing part.
            let (pointer, message) = locate(&raw).unwrap_or((pointer, message));
            return Err(Error::at(
                file,
                pointer,
                format!("not a valid OpenAPI 3.0 document: {message}"),
            ));
        }
    };
    Ok(Spec {
        file: file.to_owned(),
        doc,
        raw,
    })
}

/// Where the typed document is cut for building it on two threads: the entries of `paths`
/// before the cut go with the rest of the document, those after it with `components` (and
/// the `$ref` check, which is cheap). A little over half of the paths balances the two
/// halves for Twilio's specs, whose components are small next to their paths.
fn split_paths(root: &serde_yaml::Mapping) -> usize {
    match root.get("paths") {
        Some(Value::Mapping(paths)) => paths.len() * 9 / 16,
        _ => 0,
    }
}

/// A borrowed YAML node given to serde as a deserializer.
struct Borrowed<'a>(&'a Value);

impl<'a> IntoDeserializer<'a, serde_yaml::Error> for Borrowed<'a> {
    type Deserializer = &'a Value;

    fn into_deserializer(self) -> &'a Value {
        self.0
    }
}

/// Some entries of a mapping, given to serde as a mapping.
struct Entries<'a>(Vec<(&'a Value, &'a Value)>);

impl<'a> IntoDeserializer<'a, serde_yaml::Error> for Entries<'a> {
    type Deserializer = MapDeserializer<
        'a,
        std::iter::Map<
            std::vec::IntoIter<(&'a Value, &'a Value)>,
            fn((&'a Value, &'a Value)) -> (Borrowed<'a>, Borrowed<'a>),
        >,
        serde_yaml::Error,
    >;

    fn into_deserializer(self) -> Self::Deserializer {
        let borrow: fn((&'a Value, &'a Value)) -> (Borrowed<'a>, Borrowed<'a>) =
            |(k, v)| (Borrowed(k), Borrowed(v));
        MapDeserializer::new(self.0.into_iter().map(borrow))
    }
}

/// Deserializes `T` from some entries of a mapping; `None` on any failure (the whole
/// document is then deserialized again, for the error).
fn typed_entries<'a, T: Deserialize<'a>>(entries: Vec<(&'a Value, &'a Value)>) -> Option<T> {
    quietly(|| T::deserialize(Entries(entries).into_deserializer()).ok())
}

/// `Paths` from some entries of `paths`, as `openapiv3` reads them (entries keyed `/...`
/// are paths, `x-...` extensions, others ignored), with each path item read directly: serde
/// reads `Paths` through two copies of the whole subtree (its flattened maps, then the
/// untagged `ReferenceOr` of each item), most of loading's work on a large spec. An item
/// with a `$ref`, and anything unusual, is read by serde as before.
fn typed_paths<'a>(
    entries: impl Iterator<Item = (&'a Value, &'a Value)>,
) -> Option<openapiv3::Paths> {
    use openapiv3::{PathItem, ReferenceOr};
    let mut out = openapiv3::Paths::default();
    for (k, v) in entries {
        let key = k.as_str()?;
        if key.starts_with('/') {
            let item = match v {
                Value::Mapping(m) if !m.contains_key("$ref") => {
                    ReferenceOr::Item(quietly(|| PathItem::deserialize(v).ok())?)
                }
                _ => quietly(|| ReferenceOr::<PathItem>::deserialize(v).ok())?,
            };
            out.paths.insert(key.to_owned(), item);
        } else if key.starts_with("x-") {
            let value = quietly(|| serde_json::Value::deserialize(v).ok())?;
            out.extensions.insert(key.to_owned(), value);
        }
    }
    Some(out)
}

/// Runs a deserialization, `None` if it panics (the OpenAPI types re-parse on some failures).
fn quietly<T>(f: impl FnOnce() -> Option<T>) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .ok()
        .flatten()
}

/// The typed document without `components` and with only the `paths` entries before `cut`.
fn typed_head(root: &serde_yaml::Mapping, cut: usize) -> Option<OpenAPI> {
    let Some(Value::Mapping(paths)) = root.get("paths") else {
        return None;
    };
    // Every top-level entry but `components`, with an empty `paths`: the head entries of
    // `paths` are deserialized on their own.
    let empty = Value::Mapping(serde_yaml::Mapping::new());
    let rest: Vec<(&Value, &Value)> = root
        .iter()
        .filter(|(k, _)| k.as_str() != Some("components"))
        .map(|(k, v)| {
            (
                k,
                if k.as_str() == Some("paths") {
                    &empty
                } else {
                    v
                },
            )
        })
        .collect();
    let mut doc: OpenAPI = typed_entries(rest)?;
    doc.paths = typed_paths(paths.iter().take(cut))?;
    Some(doc)
}

/// The typed `components` (when present) and `paths` entries from `cut` on.
type Tail = (Option<openapiv3::Components>, openapiv3::Paths);

fn typed_tail(root: &serde_yaml::Mapping, cut: usize) -> Option<Tail> {
    let Some(Value::Mapping(paths)) = root.get("paths") else {
        return None;
    };
    let components = match root.get("components") {
        None => None,
        Some(c) => Some(quietly(|| openapiv3::Components::deserialize(c).ok())?),
    };
    let tail = typed_paths(paths.iter().skip(cut))?;
    Some((components, tail))
}

/// The document from its two typed parts.
fn join_typed((mut doc, (components, tail)): (OpenAPI, Tail)) -> OpenAPI {
    doc.components = components;
    doc.paths.paths.extend(tail.paths);
    doc.paths.extensions.extend(tail.extensions);
    doc
}

/// The document tree of a text. A text that opens with `{` is read as JSON first, by a JSON
/// parser: YAML 1.2 reads most JSON too, but not all of it (serde_yaml rejects the escaped
/// surrogate pairs, such as `\ud83d\udc4d`, that Twilio's JSON specs carry in examples). When
/// the JSON parser refuses the text it is read as YAML (a YAML flow mapping also opens with
/// `{`), and when both refuse it the JSON parser's error is the one reported.
fn tree(file: &str, text: &str) -> Result<Value, Error> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if !body.starts_with('{') {
        return yaml_tree(text).map_err(|e| syntax_error(file, &e));
    }
    let json = match serde_json::from_str::<Value>(body) {
        Ok(tree) => return Ok(tree),
        Err(e) => e,
    };
    yaml_tree(text).map_err(|_| {
        // Lines before the document's first character are not in `body`.
        let skipped = text.len() - body.len();
        let offset = text[..skipped].matches('\n').count();
        let column = if json.line() == 1 {
            json.column() + text[..skipped].rsplit('\n').next().map_or(0, str::len)
        } else {
            json.column()
        };
        let message = json.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        Error {
            file: file.to_owned(),
            location: Location::LineColumn {
                line: json.line() + offset,
                column,
            },
            message: format!("not valid JSON: {message}"),
        }
    })
}

/// The YAML tree of a text: by the reader of plain block-style YAML (see [`block`]) when the
/// text is that, else in pieces on all cores when the document allows it (see [`pieces`],
/// whose pieces go to the same reader first), else in one parse by `serde_yaml`, which also
/// gives the error of an invalid document.
fn yaml_tree(text: &str) -> Result<Value, serde_yaml::Error> {
    let tree = block::parse(text).or_else(|| pieces::parse(text, rayon::current_num_threads()));
    match tree {
        Some(tree) => Ok(tree),
        None => serde_yaml::from_str(text),
    }
}

fn syntax_error(file: &str, e: &serde_yaml::Error) -> Error {
    let message = e.to_string();
    // serde_yaml renders "<msg> at line L column C"; keep only the message, the place goes first.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    match e.location() {
        Some(loc) => Error {
            file: file.to_owned(),
            location: Location::LineColumn {
                line: loc.line(),
                column: loc.column(),
            },
            message: format!("not valid YAML or JSON: {message}"),
        },
        None => Error::file(file, format!("not valid YAML or JSON: {message}")),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a sequence",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn check_version(file: &str, root: &serde_yaml::Mapping) -> Result<(), Error> {
    match root.get("openapi") {
        Some(Value::String(v)) => {
            let mut parts = v.split('.');
            let ok = parts.next() == Some("3")
                && parts.next() == Some("0")
                && parts
                    .next()
                    .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                && parts.next().is_none();
            if ok {
                Ok(())
            } else {
                Err(Error::at(
                    file,
                    "/openapi",
                    format!("unsupported OpenAPI version `{v}`: only 3.0.x is supported"),
                ))
            }
        }
        Some(other) => Err(Error::at(
            file,
            "/openapi",
            format!(
                "`openapi` must be a version string such as \"3.0.1\", found {}",
                kind(other)
            ),
        )),
        None if root.contains_key("swagger") => Err(Error::at(
            file,
            "/swagger",
            "Swagger 2.0 documents are not supported: convert to OpenAPI 3.0.x",
        )),
        None => Err(Error::at(
            file,
            "",
            "not an OpenAPI document: the `openapi` version field is missing",
        )),
    }
}

fn check_depth(file: &str, v: &Value) -> Result<(), Error> {
    match too_deep(v, 0) {
        None => Ok(()),
        Some(mut tokens) => {
            tokens.reverse();
            Err(Error::at(
                file,
                crate::error::pointer(tokens),
                format!("the document nests deeper than {MAX_DEPTH} levels"),
            ))
        }
    }
}

/// Whether a node has children (the walks below only descend into these).
fn nested(v: &Value) -> bool {
    matches!(v, Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_))
}

/// The path (innermost token first) to a node nested deeper than [`MAX_DEPTH`], if any. The
/// path is built only on failure: most documents are checked without allocating.
fn too_deep(v: &Value, depth: usize) -> Option<Vec<String>> {
    if depth > MAX_DEPTH {
        return Some(Vec::new());
    }
    match v {
        Value::Mapping(m) => m.iter().filter(|(_, c)| nested(c)).find_map(|(k, child)| {
            let mut path = too_deep(child, depth + 1)?;
            path.push(key_str(k));
            Some(path)
        }),
        Value::Sequence(s) => {
            s.iter()
                .enumerate()
                .filter(|(_, c)| nested(c))
                .find_map(|(i, child)| {
                    let mut path = too_deep(child, depth + 1)?;
                    path.push(i.to_string());
                    Some(path)
                })
        }
        Value::Tagged(t) => too_deep(&t.value, depth + 1),
        _ => None,
    }
}

/// A mapping key as pointer text (non-string keys such as `200:` become their YAML text).
pub(crate) fn key_str(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        _ => "?".to_owned(),
    }
}

/// Verifies that every `$ref` points at something in this document.
fn check_refs(file: &str, root: &Value) -> Result<(), Error> {
    match bad_ref(root, root) {
        None => Ok(()),
        Some((mut tokens, message)) => {
            tokens.reverse();
            Err(Error::at(file, crate::error::pointer(tokens), message))
        }
    }
}

/// The first `$ref` under `v` that does not resolve: its path (innermost token first) and
/// what is wrong with it. As in [`too_deep`], the path is built only on failure.
fn bad_ref(root: &Value, v: &Value) -> Option<(Vec<String>, String)> {
    match v {
        Value::Mapping(m) => m.iter().find_map(|(k, child)| {
            if matches!(k, Value::String(k) if k == "$ref") {
                let message = ref_problem(root, child)?;
                return Some((vec!["$ref".to_owned()], message));
            }
            if !nested(child) {
                return None;
            }
            let mut bad = bad_ref(root, child)?;
            bad.0.push(key_str(k));
            Some(bad)
        }),
        Value::Sequence(s) => {
            s.iter()
                .enumerate()
                .filter(|(_, c)| nested(c))
                .find_map(|(i, child)| {
                    let mut bad = bad_ref(root, child)?;
                    bad.0.push(i.to_string());
                    Some(bad)
                })
        }
        Value::Tagged(t) => bad_ref(root, &t.value),
        _ => None,
    }
}

/// What is wrong with the value of a `$ref`, if anything.
fn ref_problem(root: &Value, r: &Value) -> Option<String> {
    let Value::String(target) = r else {
        return Some("`$ref` must be a string".to_owned());
    };
    let Some(local) = target.strip_prefix('#') else {
        return Some(format!(
            "external `$ref` `{target}` is not supported: only references within the document (`#/...`)"
        ));
    };
    match lookup(root, local) {
        Some(_) => None,
        None => Some(format!(
            "dangling `$ref`: `{target}` does not exist in the document"
        )),
    }
}

/// Resolves a JSON pointer (without the leading `#`) in a YAML tree.
pub fn lookup<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let rest = pointer.strip_prefix('/')?;
    let mut cur = root;
    for raw_token in rest.split('/') {
        let token: std::borrow::Cow<'_, str> = if raw_token.contains('~') {
            raw_token.replace("~1", "/").replace("~0", "~").into()
        } else {
            raw_token.into()
        };
        let entry = |m: &'a serde_yaml::Mapping| {
            // String keys first, without allocating; other keys by their YAML text.
            m.get(token.as_ref()).or_else(|| {
                m.iter()
                    .find(|(k, _)| !k.is_string() && key_str(k) == token)
                    .map(|(_, v)| v)
            })
        };
        cur = match cur {
            Value::Mapping(m) => entry(m)?,
            Value::Sequence(s) => s.get(token.parse::<usize>().ok()?)?,
            Value::Tagged(t) => match &t.value {
                Value::Mapping(m) => entry(m)?,
                _ => return None,
            },
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /v1/Things:\n    get:\n      responses:\n        '200': {description: ok}\n";

    /// The typed document built in two parts on two threads equals the one built at once.
    #[test]
    fn the_typed_document_in_parts_is_the_same() {
        let read = |rel: &str| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        };
        let extensions = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  x-first: 1\n  /v1/A: {get: {responses: {'200': {description: ok}}}}\n  x-middle: [1]\n  /v1/B: {}\n  /v1/C: {$ref: '#/paths/~1v1~1B'}\n  x-last: {a: b}\nx-top: 2\n";
        let mut texts = vec![
            MINIMAL.to_owned(),
            extensions.to_owned(),
            read("../spec/twilio_flex_v1.yaml"),
            read("../tests/specs/edge_cases.yaml"),
        ];
        // Every shared spec (and every spec of a twilio-oai checkout named by `TWILIO_OAI`).
        let mut dirs =
            vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs")];
        if let Some(oai) = std::env::var_os("TWILIO_OAI") {
            dirs.push(std::path::Path::new(&oai).join("spec/yaml"));
        }
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("spec directory reads")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            files.sort();
            texts.extend(
                files
                    .iter()
                    .map(|p| std::fs::read_to_string(p).expect("spec reads")),
            );
        }
        assert!(texts.len() >= 32, "{} documents", texts.len());
        for text in &texts {
            let raw: Value = serde_yaml::from_str(text).expect("parses");
            let Value::Mapping(root) = &raw else {
                panic!("not a mapping")
            };
            let whole = typed::<OpenAPI>(&raw).expect("typed at once");
            let paths = whole.paths.paths.len();
            let cuts = if text.len() < 100_000 {
                vec![0, 1, split_paths(root), paths]
            } else {
                vec![split_paths(root)]
            };
            for cut in cuts {
                let parts = typed_head(root, cut)
                    .zip(typed_tail(root, cut))
                    .map(join_typed);
                assert_eq!(parts.as_ref(), Some(&whole), "cut at {cut} of {paths}");
                // Equality of maps ignores their order; the output follows it.
                let in_order = |doc: &OpenAPI| serde_json::to_string(doc).expect("serializes");
                assert_eq!(
                    parts.as_ref().map(in_order),
                    Some(in_order(&whole)),
                    "cut at {cut} of {paths}: order"
                );
            }
            // And what `parse` returns.
            assert_eq!(parse("s.yaml", text).expect("parses").doc, whole);
        }
    }

    #[test]
    fn accepts_a_minimal_document() {
        let spec = parse("m.yaml", MINIMAL).expect("minimal spec parses");
        assert_eq!(spec.doc.paths.paths.len(), 1);
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let err = parse("bad.yaml", "openapi: 3.0.1\npaths: [unclosed\n").unwrap_err();
        assert!(matches!(err.location, Location::LineColumn { .. }), "{err}");
        assert!(err.to_string().starts_with("bad.yaml:"), "{err}");
    }

    #[test]
    fn rejects_other_versions() {
        let err = parse("s.yaml", &MINIMAL.replace("3.0.1", "3.1.0")).unwrap_err();
        assert_eq!(err.location, Location::Pointer("/openapi".into()));
        let err = parse("s.yaml", "swagger: '2.0'\npaths: {}\n").unwrap_err();
        assert_eq!(err.location, Location::Pointer("/swagger".into()));
        let err = parse("s.yaml", &MINIMAL.replace("openapi: 3.0.1", "openapi: 3.0")).unwrap_err();
        assert!(err.message.contains("version string"), "{err}");
    }

    #[test]
    fn dangling_refs_are_named() {
        let text = MINIMAL.replace("{description: ok}", "{$ref: '#/components/responses/Nope'}");
        let err = parse("r.yaml", &text).unwrap_err();
        assert_eq!(
            err.location,
            Location::Pointer("/paths/~1v1~1Things/get/responses/200/$ref".into())
        );
        assert!(err.message.contains("#/components/responses/Nope"), "{err}");
    }

    #[test]
    fn bad_refs_are_located_in_sequences_and_escaped_keys() {
        let cases = [
            ("{$ref: 'other.yaml#/x'}", "external `$ref`"),
            ("{$ref: [1]}", "must be a string"),
            ("{$ref: '#/nope~1x'}", "dangling `$ref`"),
        ];
        for (bad, message) in cases {
            let text = format!(
                "{MINIMAL}x-list:\n  - {{ok: 1}}\n  - {{a/b: {{c~d: {bad}}}}}\ncomponents: {{schemas: {{Nope: {{$ref: '#/x-list/0'}}}}}}\n"
            );
            let err = parse("r.yaml", &text).unwrap_err();
            assert_eq!(
                err.location,
                Location::Pointer("/x-list/1/a~1b/c~0d/$ref".into()),
                "{bad}"
            );
            assert!(err.message.contains(message), "{bad}: {err}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let mut text =
            String::from("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {/a: {}}\nx: ");
        for _ in 0..400 {
            text.push('[');
        }
        for _ in 0..400 {
            text.push(']');
        }
        text.push('\n');
        assert!(parse("deep.yaml", &text).is_err());
    }

    /// Twilio publishes its specs as JSON too; api_v2010.json has an escaped surrogate pair
    /// (an emoji) in an example, which is valid JSON that serde_yaml refuses.
    #[test]
    fn json_with_escaped_surrogate_pairs_reads() {
        let text = r#"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
  "paths": {"/v1/Things": {"get": {"responses": {"200": {"description": "ok",
    "content": {"application/json": {"example": {"body": "\ud83d\udc4d \u00e9"}}}}}}}}}"#;
        let spec = parse("api.json", text).expect("valid JSON reads");
        let example = lookup(
            &spec.raw,
            "/paths/~1v1~1Things/get/responses/200/content/application~1json/example/body",
        );
        assert_eq!(example, Some(&Value::from("\u{1f44d} \u{e9}")));
    }

    /// A YAML flow mapping also opens with `{`: it still reads as YAML.
    #[test]
    fn a_yaml_flow_mapping_is_not_mistaken_for_json() {
        let text = "{openapi: 3.0.1, info: {title: t, version: '1'},\n paths: {/v1/Things: {get: {responses: {'200': {description: ok}}}}}}\n";
        let spec = parse("flow.yaml", text).expect("a YAML flow mapping reads");
        assert_eq!(spec.doc.paths.paths.len(), 1);
    }

    /// Broken JSON names its line and column (counted in the whole text) and says JSON.
    #[test]
    fn broken_json_names_its_place() {
        let text =
            "\n\n{\"openapi\": \"3.0.1\",\n  \"info\": {\"title\": \"t\" \"version\": \"1\"}}";
        let e = parse("api.json", text).expect_err("broken JSON is an error");
        assert_eq!(
            e.location,
            Location::LineColumn {
                line: 4,
                column: 25
            },
            "{e}"
        );
        assert!(e.message.starts_with("not valid JSON: expected"), "{e}");
    }

    #[test]
    fn lookup_follows_escaped_tokens() {
        let v: Value = serde_yaml::from_str("a:\n  b/c: [1, {d: 2}]\n").unwrap();
        assert_eq!(lookup(&v, "/a/b~1c/1/d"), Some(&Value::from(2)));
        assert_eq!(lookup(&v, "/a/x"), None);
    }
}
