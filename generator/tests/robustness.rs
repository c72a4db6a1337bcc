//! Mutated specs never make the generator panic: it returns output, or one error naming the
//! file and a place in it.
//!
//! Each case takes a valid spec (spec/, the edge-case spec, or Twilio's full Flex v1 spec),
//! applies a few random mutations (dropping keys, replacing values with other types, renaming
//! keys, moving subtrees, truncating or corrupting the text, or replacing it with random YAML)
//! and generates everything from the result.
//!
//! 500 cases run with the test suite; more with for example
//! `PROPTEST_CASES=10000 cargo test --release -p twilio-codegen --test robustness`.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_yaml::{Mapping, Value};
use twilio_codegen::{Location, Settings};

fn repo_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The valid specs mutations start from.
fn bases() -> &'static [(String, Value)] {
    static BASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    BASES.get_or_init(|| {
        [
            "spec/twilio_flex_v1.yaml",
            "tests/specs/edge_cases.yaml",
            "../shared/specs/twilio_flex_v1.yaml",
        ]
        .iter()
        .map(|rel| {
            let text = repo_file(rel);
            let value = serde_yaml::from_str(&text).expect("base specs parse");
            (text, value)
        })
        .collect()
    })
}

#[derive(Clone, Debug)]
enum Segment {
    Key(Value),
    Index(usize),
}

/// Paths of every node of a tree.
fn node_paths(v: &Value, prefix: &mut Vec<Segment>, out: &mut Vec<Vec<Segment>>) {
    out.push(prefix.clone());
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                prefix.push(Segment::Key(k.clone()));
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Sequence(s) => {
            for (i, child) in s.iter().enumerate() {
                prefix.push(Segment::Index(i));
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Value, path: &[Segment]) -> Option<&'a mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match (cur, seg) {
            (Value::Mapping(m), Segment::Key(k)) => m.get_mut(k)?,
            (Value::Sequence(s), Segment::Index(i)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[derive(Clone, Debug)]
enum Mutation {
    /// Remove the node from its parent.
    Delete(usize),
    /// Replace the node with another value.
    Replace(usize, Value),
    /// Rename a mapping key.
    Rename(usize, String),
    /// Copy one subtree over another.
    Copy(usize, usize),
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        "[a-zA-Z0-9_.{}$#/ ~-]{0,16}".prop_map(Value::String),
        prop_oneof![
            Just("#/components/schemas/flex.v1.flex_flow"),
            Just("#/components/schemas/missing"),
            Just("object"),
            Just("string"),
            Just("integer"),
            Just("array"),
            Just("date-time"),
            Just("uri-map"),
            Just("^XX[0-9a-fA-F]{32}$"),
            Just("Integration."),
            Just("A..B"),
            Just("{Sid}"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
        Just(Value::Mapping(Mapping::new())),
        Just(Value::Sequence(vec![])),
    ]
}

/// Random YAML trees.
fn random_yaml() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Sequence),
            prop::collection::vec(("[a-z$A-Z./{}]{1,10}", inner), 0..6).prop_map(|entries| {
                Value::Mapping(
                    entries
                        .into_iter()
                        .map(|(k, v)| (Value::String(k), v))
                        .collect(),
                )
            }),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<usize>().prop_map(Mutation::Delete),
        3 => (any::<usize>(), prop_oneof![3 => scalar(), 1 => random_yaml()]).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => (any::<usize>(), "[A-Za-z.$]{0,12}").prop_map(|(i, k)| Mutation::Rename(i, k)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Copy(a, b)),
    ]
}

fn apply(root: &mut Value, m: &Mutation) {
    let mut paths = Vec::new();
    node_paths(root, &mut Vec::new(), &mut paths);
    let pick = |i: usize| paths[i % paths.len()].clone();
    match m {
        Mutation::Delete(i) => {
            let path = pick(*i);
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (get_mut(root, parent), last) {
                (Some(Value::Mapping(map)), Segment::Key(k)) => {
                    map.remove(k);
                }
                (Some(Value::Sequence(s)), Segment::Index(i)) if *i < s.len() => {
                    s.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::Replace(i, v) => {
            if let Some(node) = get_mut(root, &pick(*i)) {
                *node = v.clone();
            }
        }
        Mutation::Rename(i, new) => {
            let path = pick(*i);
            let Some((Segment::Key(k), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Mapping(map)) = get_mut(root, parent) {
                if let Some(v) = map.remove(k) {
                    map.insert(Value::String(new.clone()), v);
                }
            }
        }
        Mutation::Copy(a, b) => {
            let from = get_mut(root, &pick(*a)).map(|v| v.clone());
            if let (Some(from), Some(to)) = (from, get_mut(root, &pick(*b))) {
                *to = from;
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Case {
    /// Tree mutations of a base spec (index), serialized as YAML or JSON.
    Tree(usize, Vec<Mutation>, bool),
    /// The base text cut at a fraction of its length.
    Truncate(usize, f64),
    /// Garbage inserted into the base text at a fraction of its length.
    Corrupt(usize, f64, String),
    /// A random YAML document.
    Random(Value),
}

fn base_index() -> impl Strategy<Value = usize> {
    // The full spec is slower to generate: use it for a tenth of the cases.
    prop_oneof![9 => 0..2usize, 1 => Just(2usize)]
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        6 => (base_index(), prop::collection::vec(mutation(), 1..5), any::<bool>())
            .prop_map(|(b, m, json)| Case::Tree(b, m, json)),
        1 => (base_index(), 0.0..1.0f64).prop_map(|(b, f)| Case::Truncate(b, f)),
        1 => (base_index(), 0.0..1.0f64, "[\\x00-\\x7f:{}\\[\\]'\"&*!|>%@`-]{1,8}")
            .prop_map(|(b, f, g)| Case::Corrupt(b, f, g)),
        1 => random_yaml().prop_map(Case::Random),
    ]
}

fn cut(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at.min(text.len())
}

fn text_of(case: &Case) -> String {
    match case {
        Case::Tree(b, mutations, json) => {
            let mut v = bases()[*b].1.clone();
            for m in mutations {
                apply(&mut v, m);
            }
            if *json {
                serde_json::to_string_pretty(&v)
                    .unwrap_or_else(|_| serde_yaml::to_string(&v).unwrap_or_default())
            } else {
                serde_yaml::to_string(&v).unwrap_or_default()
            }
        }
        Case::Truncate(b, f) => {
            let text = &bases()[*b].0;
            text[..cut(text, *f)].to_owned()
        }
        Case::Corrupt(b, f, garbage) => {
            let mut text = bases()[*b].0.clone();
            let at = cut(&text, *f);
            text.insert_str(at, garbage);
            text
        }
        Case::Random(v) => serde_yaml::to_string(v).unwrap_or_default(),
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_give_output_or_a_located_error(case in case()) {
        let text = text_of(&case);
        match twilio_codegen::Generator::new(Settings::default()).generate(&[twilio_codegen::SpecInput::new("mutated.yaml", &text)]) {
            Ok(output) => {
                prop_assert!(!output.files.is_empty());
                for w in &output.warnings {
                    prop_assert!(w.pointer.is_empty() || w.pointer.starts_with('/'), "warning pointer {:?}", w.pointer);
                    prop_assert!(!w.message.is_empty());
                }
            }
            Err(e) => {
                prop_assert_eq!(&e.file, "mutated.yaml");
                prop_assert!(!e.message.trim().is_empty());
                let shown = e.to_string();
                prop_assert!(shown.starts_with("mutated.yaml"), "{}", shown);
                prop_assert!(!shown.contains('\n'), "one line: {}", shown);
                match &e.location {
                    Location::LineColumn { line, column } => prop_assert!(*line >= 1 && *column >= 1, "{}", shown),
                    Location::Pointer(p) => prop_assert!(p.is_empty() || p.starts_with('/'), "{}", shown),
                    Location::File => {}
                }
            }
        }
    }
}
