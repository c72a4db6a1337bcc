//! Parsing a large YAML document on several cores.
//!
//! Twilio's specs are block-style YAML documents of several hundred kilobytes, and building
//! the YAML tree is the one long step of a generation that runs on a single core. A document
//! whose structure is plain enough is cut at the keys of its top-level mapping and at the keys
//! of its large sections (`paths`, `components`), the pieces are parsed on all cores (on
//! rayon's pool, which hands each free thread the next piece), and their trees are joined in
//! document order.
//!
//! This is only a faster way to the same tree. Whenever a piece fails to parse (a syntax
//! error, an alias whose anchor is in another piece, a cut inside a multi-line quoted or flow
//! scalar, which leaves the earlier piece unterminated) or the join finds a key twice, the
//! caller parses the whole text as one document, so errors and their line numbers are always
//! those of a plain parse.
//!
//! Where a cut may fall: at a line whose indentation is exactly that of the mapping being cut,
//! starting a plain key. Inside a block scalar or a multi-line plain scalar such a line cannot
//! occur (their lines are indented deeper than the key that owns them); inside a quoted or
//! flow scalar it ends the earlier piece unterminated, which fails as said above.

use rayon::prelude::*;
use serde_yaml::{Mapping, Value};

/// Documents smaller than this are parsed in one go: the threads would cost more than they save.
const MIN_BYTES: usize = 64 * 1024;

/// About how much text one piece holds.
const PIECE_BYTES: usize = 32 * 1024;

/// A section bigger than this share of the document is cut at its own keys.
const SECTION_SHARE: usize = 8;

/// One line of the document: byte range and indentation.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

/// A top-level key's lines, and where the section may be cut (line indexes of its keys).
struct Section {
    /// The header line (`paths:`), as text.
    header: String,
    /// First and one-past-last line index.
    lines: (usize, usize),
    /// Line indexes where a child key starts, when the section is cut at its keys.
    cuts: Vec<usize>,
}

/// Parses `text` into the same tree as `serde_yaml::from_str`, in pieces sized for `threads`
/// threads (the pool's); `None` when the document is not suited or any piece fails (parse it
/// whole then).
pub fn parse(text: &str, threads: usize) -> Option<Value> {
    if text.len() < MIN_BYTES {
        return None;
    }
    parse_any_size(text, threads)
}

fn parse_any_size(text: &str, threads: usize) -> Option<Value> {
    if threads < 2 {
        return None;
    }
    let lines = lines(text)?;
    let sections = sections(text, &lines)?;
    // More pieces than threads: each thread parses its pieces one after the other, and the
    // parser's working memory for one piece is reused for the next.
    let pieces = (text.len() / PIECE_BYTES).clamp(threads, threads * 8);
    let groups = groups(text, &lines, &sections, pieces)?;
    let trees: Vec<Option<Mapping>> = groups
        .par_iter()
        .with_max_len(1)
        .map(|group| {
            // A piece whose parse panicked counts as failed, and the join fails.
            std::panic::catch_unwind(|| parse_group(&group.text))
                .ok()
                .flatten()
        })
        .collect();
    let continues: Vec<bool> = groups.iter().map(|g| g.continues).collect();
    join(trees, &continues)
}

/// A piece of the document to parse on its own.
struct Group {
    text: String,
    /// Whether it starts inside a section (with the section's header repeated).
    continues: bool,
}

fn parse_group(text: &str) -> Option<Mapping> {
    let tree = super::block::parse(text).or_else(|| serde_yaml::from_str(text).ok());
    match tree? {
        Value::Mapping(m) => Some(m),
        _ => None,
    }
}

/// Splits the text into lines; `None` when a line is beyond what the cutter understands
/// (tabs used for indentation, directives, document markers, a byte order mark).
fn lines(text: &str) -> Option<Vec<Line>> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 32);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if body.starts_with(['\t', '%']) || body.starts_with("---") || body.starts_with("...") {
            return None;
        }
        out.push(Line { start, end, indent });
        start = end;
    }
    Some(out)
}

/// Whether a line (without its indentation) may start a plain mapping key: not blank, not a
/// comment and not any other YAML indicator (sequence entries, complex keys, flow
/// collections, quotes, anchors, aliases, tags, block scalars, directives).
fn plain_key_start(rest: &str) -> bool {
    match rest.chars().next() {
        None => false,
        Some(c) => {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '-' | '?'
                        | ':'
                        | ','
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '#'
                        | '&'
                        | '*'
                        | '!'
                        | '|'
                        | '>'
                        | '\''
                        | '"'
                        | '%'
                        | '@'
                        | '`'
                )
        }
    }
}

fn line_text<'t>(text: &'t str, line: &Line) -> &'t str {
    text[line.start..line.end].trim_end_matches(['\n', '\r'])
}

/// Whether a line (without its indentation) is an entry of a block sequence, which may sit
/// at the indentation of the key that owns it.
fn is_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Whether a line is blank or a comment.
fn is_filler(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with('#')
}

/// The top-level sections; `None` unless the document is a block mapping whose every
/// top-level line starts a plain key.
fn sections(text: &str, lines: &[Line]) -> Option<Vec<Section>> {
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line_text(text, line);
        let rest = &body[line.indent..];
        if is_filler(rest) {
            continue;
        }
        if line.indent == 0 {
            if plain_key_start(rest) {
                starts.push(i);
            } else if !is_entry(rest) || starts.is_empty() {
                // Only the entries of a sequence (`servers:` then `- url: ...`) may share
                // the top-level keys' indentation.
                return None;
            }
        } else if starts.is_empty() {
            return None;
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let big = text.len() / SECTION_SHARE;
    let mut out = Vec::with_capacity(starts.len());
    for (n, &first) in starts.iter().enumerate() {
        let last = starts.get(n + 1).copied().unwrap_or(lines.len());
        let header = line_text(text, &lines[first]);
        let size = lines[last - 1].end - lines[first].start;
        let cuts = if size > big && header.ends_with(':') && !header.contains(": ") {
            child_keys(text, lines, first + 1, last)
        } else {
            Vec::new()
        };
        out.push(Section {
            header: header.to_owned(),
            lines: (first, last),
            cuts,
        });
    }
    Some(out)
}

/// Line indexes of the keys of a block mapping spanning `from..to`: the lines at the
/// mapping's indentation that start plain keys. Empty when the section is not such a mapping.
fn child_keys(text: &str, lines: &[Line], from: usize, to: usize) -> Vec<usize> {
    let mut indent = None;
    let mut keys = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let rest = &line_text(text, line)[line.indent..];
        if is_filler(rest) {
            continue;
        }
        let want = *indent.get_or_insert(line.indent);
        if line.indent < want {
            return Vec::new();
        }
        if line.indent == want {
            if plain_key_start(rest) {
                keys.push(i);
            } else if !is_entry(rest) || keys.is_empty() {
                // Not a mapping of plain keys (a sequence, complex keys): leave it whole.
                return Vec::new();
            }
        }
    }
    keys
}

/// The document as up to `count` texts of about equal size, each a valid YAML document on
/// its own if the whole is: a group that starts inside a section repeats the section's header.
fn groups(text: &str, lines: &[Line], sections: &[Section], count: usize) -> Option<Vec<Group>> {
    // Cut points: every section start, and every child key of the sections that are cut.
    // Each cut point carries the header to repeat when a group starts there.
    let mut points: Vec<(usize, Option<&str>)> = Vec::new();
    for s in sections {
        points.push((s.lines.0, None));
        for &c in s.cuts.iter().skip(1) {
            points.push((c, Some(s.header.as_str())));
        }
    }
    let target = text.len() / count;
    let mut groups = Vec::with_capacity(count);
    let mut group_start = 0usize; // index into points
    let mut next_goal = target;
    for (p, &(line, _)) in points.iter().enumerate().skip(1) {
        if groups.len() + 1 == count {
            break;
        }
        if lines[line].start >= next_goal {
            groups.push((group_start, p));
            group_start = p;
            next_goal = lines[line].start + target;
        }
    }
    groups.push((group_start, points.len()));
    if groups.len() < 2 {
        return None;
    }
    Some(
        groups
            .into_iter()
            .map(|(a, b)| {
                let (first_line, header) = points[a];
                let from = lines[first_line].start;
                let to = points
                    .get(b)
                    .map_or(text.len(), |&(line, _)| lines[line].start);
                let mut group = String::with_capacity(to - from + 64);
                if let Some(h) = header {
                    group.push_str(h);
                    group.push('\n');
                }
                group.push_str(&text[from..to]);
                Group {
                    text: group,
                    continues: header.is_some(),
                }
            })
            .collect(),
    )
}

/// Joins the groups' trees in order; a section cut across groups is joined into one mapping.
/// `None` when a group failed or a key appears twice.
fn join(trees: Vec<Option<Mapping>>, continues: &[bool]) -> Option<Value> {
    let mut root = Mapping::new();
    let mut last_key: Option<Value> = None;
    for (tree, &cont) in trees.into_iter().zip(continues) {
        let tree = tree?;
        for (i, (key, value)) in tree.into_iter().enumerate() {
            let continues = cont && i == 0 && last_key.as_ref() == Some(&key);
            if cont && i == 0 && !continues {
                return None;
            }
            if continues {
                let Some(Value::Mapping(into)) = root.get_mut(&key) else {
                    return None;
                };
                let Value::Mapping(more) = value else {
                    return None;
                };
                for (k, v) in more {
                    if into.insert(k, v).is_some() {
                        return None;
                    }
                }
            } else if root.insert(key.clone(), value).is_some() {
                return None;
            }
            last_key = Some(key);
        }
    }
    Some(Value::Mapping(root))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn big_doc(paths: usize) -> String {
        let mut text = String::from("openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\npaths:\n");
        for i in 0..paths {
            text.push_str(&format!(
                "  /v1/Things{i}:\n    get:\n      description: \"thing\n        {i}\"\n      summary: |\n        block\n        text\n      tags:\n      - a\n"
            ));
        }
        text.push_str(
            "components:\n  schemas:\n    a:\n      type: string\n      enum:\n      - x\n",
        );
        text.push_str("servers:\n- url: https://example.com\ntags:\n- name: a\n");
        text
    }

    /// The tree as YAML text: mapping keys in their order (`Value`'s equality ignores the
    /// order of mapping keys, and the order of paths and fields is the order of the output).
    fn in_order(v: &Value) -> String {
        serde_yaml::to_string(v).expect("a tree serializes")
    }

    fn serial(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test document parses")
    }

    fn shared_or_repo(rel: &str) -> Option<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        std::fs::read_to_string(path).ok()
    }

    #[test]
    fn pieces_give_the_same_tree_as_one_parse() {
        let text = big_doc(3000);
        assert!(text.len() > MIN_BYTES);
        for threads in [2, 3, 4, 7] {
            let v = parse(&text, threads).expect("the document is cut");
            assert_eq!(v, serial(&text), "{threads} threads");
            assert_eq!(in_order(&v), in_order(&serial(&text)), "{threads} threads");
        }
    }

    #[test]
    fn twilios_spec_is_parsed_in_pieces_to_the_same_tree() {
        // Twilio's full Flex v1 spec (beside the checkout) is what the pieces are for: it must
        // be cut, and give the same tree.
        let rel = "../../shared/specs/twilio_flex_v1.yaml";
        let Some(text) = shared_or_repo(rel) else {
            panic!("{rel} is missing: ../shared must be beside the checkout");
        };
        let whole = serial(&text);
        for threads in [2, 4] {
            let pieces = parse(&text, threads);
            assert_eq!(pieces.as_ref(), Some(&whole), "{threads} threads");
            assert_eq!(
                pieces.as_ref().map(in_order),
                Some(in_order(&whole)),
                "{threads} threads: key order"
            );
        }
    }

    #[test]
    fn cuts_fall_inside_the_big_section() {
        let text = big_doc(3000);
        let lines = lines(&text).expect("lines");
        let sections = sections(&text, &lines).expect("sections");
        let groups = groups(&text, &lines, &sections, 2).expect("groups");
        assert_eq!(groups.len(), 2);
        assert!(groups[1].continues);
        assert!(
            groups[1].text.starts_with("paths:\n  /v1/Things"),
            "{}",
            &groups[1].text[..40]
        );
    }

    #[test]
    fn small_or_unusual_documents_are_left_whole() {
        assert!(parse("openapi: 3.0.1\npaths: {}\n", 2).is_none());
        let text = big_doc(3000);
        assert!(parse(&text, 1).is_none());
        for prefix in ["---\n", "%YAML 1.2\n---\n", "\u{feff}", "- a\n"] {
            assert!(parse(&format!("{prefix}{text}"), 2).is_none(), "{prefix:?}");
        }
        let json = format!(
            "{{\"openapi\": \"3.0.1\", \"x\": \"{}\"}}",
            "a".repeat(MIN_BYTES)
        );
        assert!(parse(&json, 2).is_none());
    }

    #[test]
    fn aliases_across_pieces_fall_back() {
        let text =
            big_doc(3000).replacen("openapi: 3.0.1", "openapi: &v 3.0.1", 1) + "x-version: *v\n";
        assert!(parse(&text, 2).is_none());
        assert_eq!(serial(&text)["x-version"], Value::from("3.0.1"));
    }

    #[test]
    fn a_key_twice_across_pieces_falls_back() {
        let text = big_doc(3000) + "paths:\n  /v1/Other:\n    get: {}\n";
        assert!(parse(&text, 2).is_none());
    }

    /// Lines inserted at random places below: ones that keep the document valid (so that it
    /// is often cut and the trees are compared), and ones that are hard on the cutter.
    fn inserted_line() -> impl Strategy<Value = String> {
        let tricky = prop_oneof![
            Just("  /v1/Quoted: \"open".to_owned()),
            Just("  closed\": x".to_owned()),
            Just("  /v1/Flow: {a: 1,".to_owned()),
            Just("  b: 2}".to_owned()),
            Just("  /v1/Things1: {}".to_owned()),
            Just("  ? complex".to_owned()),
            Just("  : value".to_owned()),
            Just("  - entry".to_owned()),
            Just("- top entry".to_owned()),
            Just("  &anchor /v1/Anchored: {}".to_owned()),
            Just("  /v1/Alias: *anchor".to_owned()),
            Just("x-anchor: &top 1".to_owned()),
            Just("x-alias: *top".to_owned()),
            Just("\t/v1/Tab: 1".to_owned()),
            Just("---".to_owned()),
            Just("...".to_owned()),
            Just("paths:".to_owned()),
            Just("   /v1/Odd: 1".to_owned()),
            Just("  'quoted': 1".to_owned()),
            Just("  /v1/Block: |".to_owned()),
            Just("plain continued".to_owned()),
            "[ -~]{0,12}".prop_map(|s| format!("  {s}")),
            "[ -~]{0,12}",
        ];
        let benign = prop_oneof![
            (0u32..1000).prop_map(|n| format!("  /v1/New{n}: {{}}")),
            (0u32..1000).prop_map(|n| format!("x-top-{n}: {n}")),
            Just("  # comment".to_owned()),
            Just("".to_owned()),
            Just("        continued text".to_owned()),
        ];
        prop_oneof![3 => benign, 2 => tricky]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// Whatever the document, the pieces give the tree of one parse, or nothing (and the
        /// caller parses it whole).
        #[test]
        fn pieces_never_give_another_tree(
            inserts in proptest::collection::vec((0.0f64..1.0, inserted_line()), 1..5),
            threads in 2usize..5,
        ) {
            let mut lines: Vec<String> = big_doc(40).lines().map(str::to_owned).collect();
            for (at, line) in inserts {
                let i = ((lines.len() as f64) * at) as usize;
                lines.insert(i.min(lines.len()), line);
            }
            let text = lines.join("\n") + "\n";
            if let Some(tree) = parse_any_size(&text, threads) {
                let whole: Result<Value, _> = serde_yaml::from_str(&text);
                prop_assert_eq!(whole.as_ref().ok().map(in_order), Some(in_order(&tree)), "{}", text);
                prop_assert_eq!(whole.ok(), Some(tree), "{}", text);
            }
        }
    }
}
