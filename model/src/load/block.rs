//! A reader for the plain block-style YAML that Twilio's specs are written in.
//!
//! Twilio's specs use a small part of YAML: block mappings and sequences indented with
//! spaces, plain scalars (folded over several lines), single- and double-quoted scalars,
//! `[]` and `{}`, and `? ` keys where a key is long. This reader builds the same tree as
//! `serde_yaml` for exactly that part, several times faster, and gives up (`None`) at
//! anything else: comments, anchors and aliases, tags, block scalars, flow collections with
//! content, tabs, directives, document markers, unusual escapes or indentation, a key
//! twice, deep nesting. The caller then parses the text with `serde_yaml`, so errors, their
//! line numbers and every construct this reader does not know are always `serde_yaml`'s.
//!
//! Where `serde_yaml` decides what a plain scalar is (null, boolean, number or string), the
//! reader decides the same way for the common cases (words, small integers) and asks
//! `serde_yaml` for any other scalar that could be a number. Tests compare the two trees on
//! every shared spec and on generated documents.

use serde_yaml::{Mapping, Value};

/// Deeper documents are left to `serde_yaml`, which has its own recursion limit.
const MAX_DEPTH: usize = 64;

/// Implicit keys longer than this are left to `serde_yaml` (YAML allows 1024 characters).
const MAX_KEY: usize = 1000;

/// Documents at least this big are read on two threads.
const SPLIT_BYTES: usize = 64 * 1024;

/// Reads `text` into the tree `serde_yaml::from_str` gives, or `None` when the text is not
/// the plain block-style YAML this reader knows. A large document is read in two halves on
/// rayon's pool (see [`cut`]).
pub(super) fn parse(text: &str) -> Option<Value> {
    let lines = lines(text)?;
    if text.len() >= SPLIT_BYTES {
        if let Some(cut) = cut(&lines) {
            return in_two(&lines, cut);
        }
    }
    whole(&lines)
}

/// Reads lines as one document.
fn whole(lines: &[Line]) -> Option<Value> {
    let mut reader = Reader::new(lines);
    let (indent, _) = reader.next_content()?;
    if indent != 0 {
        return None;
    }
    let tree = reader.block_node(0)?;
    reader.next_content().is_none().then_some(tree)
}

/// The text's lines, or `None` when it has what the reader leaves to `serde_yaml` anywhere
/// (characters outside YAML's printable set, tabs, comments, directives, document markers).
fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    // A large text is cut at a line break near its middle and its halves split side by
    // side: `a\nb` splits into the lines of `a`, then those of `b`.
    let mid = text.len() / 2;
    let cut = (text.len() >= SPLIT_BYTES)
        .then(|| text.as_bytes()[mid..].iter().position(|&b| b == b'\n'))
        .flatten()
        .map(|at| mid + at);
    match cut {
        Some(at) => {
            let (head, tail) = rayon::join(|| lines_of(&text[..at]), || lines_of(&text[at + 1..]));
            let mut lines = head?;
            lines.extend(tail?);
            Some(lines)
        }
        None => lines_of(text),
    }
}

/// [`lines`] on one thread.
fn lines_of(text: &str) -> Option<Vec<Line<'_>>> {
    if !printable(text.as_bytes()) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 40);
    for line in text.split('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.starts_with('#')
            || (indent == 0
                && (content.starts_with("---")
                    || content.starts_with("...")
                    || content.starts_with('%')))
        {
            return None;
        }
        let content = if content.trim_end_matches(' ').is_empty() {
            ""
        } else {
            content
        };
        lines.push(Line { indent, content });
    }
    Some(lines)
}

/// Where a document may be read on by a second reader: a key at indentation 2, near the
/// middle, of a top-level entry whose value is a block mapping at indentation 2 (`paths:`).
/// No construct before such a line goes on past it (every one ends at a line indented 2 or
/// less, as at the end of the text), and the entries from it on are read the same whether
/// the reader came from above or starts there; so the two halves give the tree of one read.
fn cut(lines: &[Line]) -> Option<usize> {
    let key = |l: &Line| split_key(l.content).is_some() || l.content.starts_with("? ");
    let at = (lines.len() / 2..lines.len())
        .take_while(|&i| lines[i].indent != 0 || lines[i].content.is_empty())
        .find(|&i| lines[i].indent == 2 && key(&lines[i]))?;
    let owner = lines[..at]
        .iter()
        .rposition(|l| l.indent == 0 && !l.content.is_empty())?;
    let (_, rest) = split_key(lines[owner].content)?;
    let first = lines[owner + 1..at]
        .iter()
        .find(|l| !l.content.is_empty())?;
    (rest.is_empty() && first.indent == 2 && !is_entry(first.content)).then_some(at)
}

/// Reads the lines before `cut` and from `cut` on side by side, and joins the two trees:
/// the entries from the cut on go into the mapping of the top-level entry the cut is in,
/// the top-level entries after it into the root. A key twice gives `None`, as in one read.
fn in_two(lines: &[Line], cut: usize) -> Option<Value> {
    let (head, tail) = rayon::join(
        || whole(&lines[..cut]),
        || {
            let mut reader = Reader::new(&lines[cut..]);
            // At the depths the entries have in one read.
            reader.depth = 1;
            let section = reader.block_node(2)?;
            reader.depth = 1;
            let rest = reader.mapping(0)?;
            reader.next_content().is_none().then_some((section, rest))
        },
    );
    let (Value::Mapping(mut root), (Value::Mapping(section), Value::Mapping(rest))) =
        (head?, tail?)
    else {
        return None;
    };
    let (_, Value::Mapping(owner)) = root.iter_mut().last()? else {
        return None;
    };
    for (key, value) in section {
        if owner.insert(key, value).is_some() {
            return None;
        }
    }
    for (key, value) in rest {
        if root.insert(key, value).is_some() {
            return None;
        }
    }
    Some(Value::Mapping(root))
}

/// Whether the text has only characters YAML allows (no tab or carriage return either: the
/// reader leaves those to `serde_yaml`).
fn printable(bytes: &[u8]) -> bool {
    // Most of a spec is plain ASCII: runs of it are checked a block at a time (a loop the
    // compiler vectorizes), the rest byte by byte.
    const BLOCK: usize = 64;
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let plain = bytes[start..end].iter().fold(true, |ok, &b| {
            ok & (((0x20..0x7f).contains(&b)) | (b == b'\n'))
        });
        if !plain && !printable_at(bytes, start, end) {
            return false;
        }
        start = end;
    }
    true
}

/// [`printable`] for the bytes from `start` to `end`, looking past `end` where a
/// character goes on.
fn printable_at(bytes: &[u8], start: usize, end: usize) -> bool {
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if (b < 0x20 && b != b'\n') || b == 0x7f {
            return false;
        }
        // C1 controls (other than NEL), U+FFFE and U+FFFF, and a byte order mark.
        if b == 0xc2 && bytes.get(i + 1).is_some_and(|&n| (0x80..0xa0).contains(&n)) {
            return false;
        }
        if b == 0xef
            && matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xbf), Some(0xbe | 0xbf)) | (Some(0xbb), Some(0xbf))
            )
        {
            return false;
        }
        i += 1;
    }
    true
}

#[derive(Clone, Copy)]
struct Line<'t> {
    indent: usize,
    /// The line after its indentation; empty for a blank line.
    content: &'t str,
}

struct Reader<'l, 't> {
    lines: &'l [Line<'t>],
    /// The current line.
    pos: usize,
    /// The current line seen from a column further right: the rest of `- key: value` or
    /// `: key: value` after its indicator, which starts a compact mapping or sequence there.
    virt: Option<Line<'t>>,
    depth: usize,
}

impl<'l, 't> Reader<'l, 't> {
    fn new(lines: &'l [Line<'t>]) -> Self {
        Reader {
            lines,
            pos: 0,
            virt: None,
            depth: 0,
        }
    }

    /// The next line with content (blank lines are skipped), not consumed.
    fn next_content(&mut self) -> Option<(usize, &'t str)> {
        if let Some(v) = self.virt {
            return Some((v.indent, v.content));
        }
        while let Some(line) = self.lines.get(self.pos) {
            if !line.content.is_empty() {
                return Some((line.indent, line.content));
            }
            self.pos += 1;
        }
        None
    }

    fn consume(&mut self) {
        self.virt = None;
        self.pos += 1;
    }

    /// A block mapping or sequence starting at the next line, at `indent`.
    fn block_node(&mut self, indent: usize) -> Option<Value> {
        let (_, content) = self.next_content()?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let node = if is_entry(content) {
            self.sequence(indent)
        } else {
            self.mapping(indent)
        };
        self.depth -= 1;
        node
    }

    fn mapping(&mut self, n: usize) -> Option<Value> {
        let mut map = Mapping::new();
        while let Some((indent, content)) = self.next_content() {
            if indent < n || (is_entry(content) && indent == n) {
                break;
            }
            if indent > n {
                return None;
            }
            let (key, value) = if let Some(key) = content.strip_prefix("? ") {
                let key = self.single_line_scalar(key)?;
                self.consume();
                // The value follows on the next line, at the same indentation, after `:`.
                let line = *self.lines.get(self.pos)?;
                if line.indent != n || !line.content.starts_with(':') {
                    return None;
                }
                (key, self.after_dash_or_colon(n, &line.content[1..])?)
            } else {
                let (key, rest) = split_key(content)?;
                self.consume();
                let value = if rest.is_empty() {
                    self.after_indicator(n, true)?
                } else {
                    self.scalar(n, rest)?
                };
                (key, value)
            };
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    fn sequence(&mut self, n: usize) -> Option<Value> {
        let mut seq = Vec::new();
        while let Some((indent, content)) = self.next_content() {
            if indent < n || (indent == n && !is_entry(content)) {
                break;
            }
            if indent > n {
                return None;
            }
            let value = self.after_dash_or_colon(n, &content[1..])?;
            seq.push(value);
        }
        Some(Value::Sequence(seq))
    }

    /// The value after the `-` of a sequence entry or the `:` of a `? ` key at indentation
    /// `n`, on the current line (not consumed); `rest` follows the indicator.
    fn after_dash_or_colon(&mut self, n: usize, rest: &'t str) -> Option<Value> {
        let text = rest.trim_start_matches(' ');
        if text.is_empty() {
            self.consume();
            return self.after_indicator(n, false);
        }
        let spaces = rest.len() - text.len();
        if spaces == 0 {
            return None;
        }
        self.compact(n, n + 1 + spaces, text)
    }

    /// The value after `key:`, `-` or `:` with nothing after it on its line: a block node on
    /// the lines below, indented further (or, after a key, a sequence at the key's own
    /// indentation), else null.
    fn after_indicator(&mut self, n: usize, sequence_here: bool) -> Option<Value> {
        match self.next_content() {
            Some((indent, _)) if indent > n => self.block_node(indent),
            Some((indent, content)) if indent == n && sequence_here && is_entry(content) => {
                self.depth += 1;
                let node = (self.depth <= MAX_DEPTH)
                    .then(|| self.sequence(n))
                    .flatten();
                self.depth -= 1;
                node
            }
            _ => Some(Value::Null),
        }
    }

    /// The value after `- ` or `: ` on the current line (not consumed), starting at column
    /// `col`: a compact mapping or sequence there, or a scalar.
    fn compact(&mut self, n: usize, col: usize, rest: &'t str) -> Option<Value> {
        if is_entry(rest) || split_key(rest).is_some() {
            self.virt = Some(Line {
                indent: col,
                content: rest,
            });
            return self.block_node(col);
        }
        self.consume();
        self.scalar(n, rest)
    }

    /// A scalar starting with `first` (the rest of a consumed line), continued on the lines
    /// below that are indented further than `n`.
    fn scalar(&mut self, n: usize, first: &'t str) -> Option<Value> {
        match *first.as_bytes().first()? {
            b'\'' | b'"' => {
                let (text, after) = self.quoted(first, Some(n))?;
                after
                    .trim_start_matches(' ')
                    .is_empty()
                    .then_some(Value::String(text))
            }
            b'[' if first.trim_end_matches(' ') == "[]" => Some(Value::Sequence(Vec::new())),
            b'{' if first.trim_end_matches(' ') == "{}" => Some(Value::Mapping(Mapping::new())),
            _ => self.plain(n, first),
        }
    }

    /// A plain scalar, folded over the lines below indented further than `n`.
    fn plain(&mut self, n: usize, first: &'t str) -> Option<Value> {
        let first = first.trim_end_matches(' ');
        if !plain_start(first) || !plain_inside(first) {
            return None;
        }
        let mut folded: Option<String> = None;
        loop {
            let mut at = self.pos;
            while self.lines.get(at).is_some_and(|l| l.content.is_empty()) {
                at += 1;
            }
            let Some(line) = self.lines.get(at).filter(|l| l.indent > n) else {
                break;
            };
            let more = line.content.trim_end_matches(' ');
            if !plain_inside(more) || is_entry(more) || more.starts_with(['#', '?']) {
                return None;
            }
            let text = folded.get_or_insert_with(|| first.to_owned());
            let blanks = at - self.pos;
            if blanks == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', blanks));
            }
            text.push_str(more);
            self.pos = at + 1;
        }
        match folded {
            Some(text) => resolve(text),
            None => resolve_str(first),
        }
    }

    /// A scalar alone on a line (`? key`): plain or quoted, nothing after it.
    fn single_line_scalar(&mut self, text: &'t str) -> Option<Value> {
        let text = text.trim_end_matches(' ');
        if text.starts_with(['\'', '"']) {
            let (s, after) = self.quoted(text, None)?;
            return after.is_empty().then_some(Value::String(s));
        }
        if !plain_start(text) || !plain_inside(text) || text.len() > MAX_KEY {
            return None;
        }
        resolve_str(text)
    }

    /// A quoted scalar starting at `first` (which starts with its quote). With `Some(n)` it
    /// may go on over the lines below indented further than `n` (they are consumed), with
    /// `None` it must end on its line. Returns the text and what follows the closing quote.
    fn quoted(&mut self, first: &'t str, n: Option<usize>) -> Option<(String, &'t str)> {
        let double = first.starts_with('"');
        let mut out = String::new();
        let mut segment = &first[1..];
        loop {
            // Where trailing spaces of this line start counting (escaped ones are kept).
            let mut kept = out.len();
            let bytes = segment.as_bytes();
            let mut i = 0;
            let mut escaped_break = false;
            loop {
                let Some(at) = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\'' || (double && (b == b'"' || b == b'\\')))
                else {
                    out.push_str(&segment[i..]);
                    break;
                };
                out.push_str(&segment[i..i + at]);
                i += at;
                match bytes[i] {
                    b'\'' if double => {
                        out.push('\'');
                        i += 1;
                    }
                    b'\'' => {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            out.push('\'');
                            i += 2;
                        } else {
                            return Some((out, &segment[i + 1..]));
                        }
                    }
                    b'"' => return Some((out, &segment[i + 1..])),
                    _ => {
                        if i + 1 == bytes.len() {
                            escaped_break = true;
                            break;
                        }
                        i += 1 + escape(&segment[i + 1..], &mut out)?;
                    }
                }
                kept = out.len();
            }
            let n = n?;
            if !escaped_break {
                let trimmed = out.trim_end_matches(' ').len().max(kept);
                out.truncate(trimmed);
            }
            let mut blanks = 0;
            let line = loop {
                let line = *self.lines.get(self.pos)?;
                self.pos += 1;
                if line.content.is_empty() {
                    blanks += 1;
                } else {
                    break line;
                }
            };
            if line.indent <= n || (escaped_break && blanks > 0) {
                return None;
            }
            if !escaped_break {
                if blanks == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', blanks));
                }
            }
            segment = line.content;
        }
    }
}

/// Reads the escape after a backslash in a double-quoted scalar into `out`; returns its
/// length, or `None` for an escape the reader leaves to `serde_yaml`.
fn escape(rest: &str, out: &mut String) -> Option<usize> {
    let c = rest.chars().next()?;
    let simple = match c {
        '0' => '\0',
        'a' => '\x07',
        'b' => '\x08',
        't' => '\t',
        'n' => '\n',
        'v' => '\x0b',
        'f' => '\x0c',
        'r' => '\r',
        'e' => '\x1b',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' | 'u' | 'U' => {
            let len = match c {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = rest.get(1..1 + len)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
            return Some(1 + len);
        }
        _ => return None,
    };
    out.push(simple);
    Some(1)
}

/// Whether a line's content is a sequence entry (`-` alone or followed by a space).
fn is_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Whether a plain scalar may start so (not with an indicator).
fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-' | b'?' | b':') => bytes.get(1).is_some_and(|&b| b != b' '),
        Some(&b) => !matches!(
            b,
            b',' | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
                | b' '
        ),
    }
}

/// Whether a line of a plain scalar holds nothing that would end it (`: `, ` #`, a final `:`).
fn plain_inside(text: &str) -> bool {
    !text.contains(": ") && !text.contains(" #") && !text.ends_with(':')
}

/// Splits `key: rest` (or `key:`) into the key and the rest; `None` when the line is not a
/// mapping entry this reader knows.
fn split_key(content: &str) -> Option<(Value, &str)> {
    let (key, after) = if content.starts_with(['\'', '"']) {
        let mut scratch = Reader::new(&[]);
        let (key, after) = scratch.quoted(content, None)?;
        (Value::String(key), after)
    } else {
        if !plain_start(content) {
            return None;
        }
        let end = match content.find(": ") {
            Some(at) => at,
            None if content.ends_with(':') => content.len() - 1,
            None => return None,
        };
        let key = &content[..end];
        if key.ends_with(' ') || key.contains(" #") || key.len() > MAX_KEY {
            return None;
        }
        (resolve_str(key)?, &content[end..])
    };
    let rest = after.strip_prefix(':')?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// What a plain scalar is, as `serde_yaml` reads it.
fn resolve_str(text: &str) -> Option<Value> {
    match special(text) {
        Some(value) => value,
        None => Some(Value::String(text.to_owned())),
    }
}

fn resolve(text: String) -> Option<Value> {
    match special(&text) {
        Some(value) => value,
        None => Some(Value::String(text)),
    }
}

/// `None` for a plain scalar that is a string; else what it is (`Some(None)`: leave the
/// document to `serde_yaml`).
fn special(text: &str) -> Option<Option<Value>> {
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Some(Value::Null)),
        "true" | "True" | "TRUE" => return Some(Some(Value::Bool(true))),
        "false" | "False" | "FALSE" => return Some(Some(Value::Bool(false))),
        _ => {}
    }
    // A plain scalar folded over a blank line is text: no number, boolean or null spans
    // lines. (Read on its own by `serde_yaml`, `0\n...` would be `0` and a document end.)
    if text.contains('\n') {
        return None;
    }
    let first = *text.as_bytes().first()?;
    // Only these start a number (decimal, `0x`/`0o`/`0b`, signed, `.5`, `.inf`, `.nan`).
    if !first.is_ascii_digit() && !matches!(first, b'+' | b'-' | b'.') {
        return None;
    }
    if text.len() <= 18
        && (first != b'0' || text.len() == 1)
        && text.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(text.parse::<u64>().ok().map(Value::from));
    }
    // Anything else that may be a number is read by `serde_yaml` on its own.
    Some(match serde_yaml::from_str::<Value>(text) {
        Ok(v @ (Value::Null | Value::Bool(_) | Value::Number(_))) => Some(v),
        Ok(Value::String(s)) if s == text => Some(Value::String(s)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`printable`] byte by byte, as the block check must decide.
    fn printable_bytewise(bytes: &[u8]) -> bool {
        printable_at(bytes, 0, bytes.len())
    }

    #[test]
    fn printable_blocks_decide_as_bytes_do() {
        let plain = "abc: def\n".repeat(20).into_bytes();
        for at in [0, 1, 62, 63, 64, 65, 127, 150] {
            for bad in [
                &b"\t"[..],
                b"\r",
                b"\x7f",
                b"\xc2\x85",
                b"\xc2\x9f",
                b"\xef\xbb\xbf",
                b"\xef\xbf\xbe",
            ] {
                let mut text = plain.clone();
                text.splice(at..at, bad.iter().copied());
                assert!(!printable(&text), "{bad:?} at {at}");
                assert!(!printable_bytewise(&text), "{bad:?} at {at}");
            }
            for good in ["é", "’", "\u{a0}", "\u{85}x", "\u{fffd}"] {
                let mut text = plain.clone();
                text.splice(at..at, good.bytes());
                assert_eq!(
                    printable(&text),
                    printable_bytewise(&text),
                    "{good:?} at {at}"
                );
            }
        }
        assert!(printable(&plain));
    }

    #[test]
    fn a_large_text_splits_into_the_lines_of_one_pass() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/specs/twilio_api_v2010.yaml");
        let text = std::fs::read_to_string(spec).expect("shared spec reads");
        assert!(text.len() >= SPLIT_BYTES);
        fn key(l: &Line) -> (usize, String) {
            (l.indent, l.content.to_owned())
        }
        let two: Vec<_> = lines(&text).expect("plain").iter().map(key).collect();
        let one: Vec<_> = lines_of(&text).expect("plain").iter().map(key).collect();
        assert_eq!(two, one);
        // A text ending without a line break, and one of blank lines.
        for text in [text.trim_end(), &"\n".repeat(SPLIT_BYTES + 3)] {
            let two: Vec<_> = lines(text).expect("plain").iter().map(key).collect();
            let one: Vec<_> = lines_of(text).expect("plain").iter().map(key).collect();
            assert_eq!(two, one);
        }
    }

    /// The tree as YAML text, mapping keys in their order (`Value`'s equality ignores it).
    fn in_order(v: &Value) -> String {
        serde_yaml::to_string(v).expect("a tree serializes")
    }

    /// Asserts the reader gives `serde_yaml`'s tree, or nothing; returns whether it read it.
    fn agrees(text: &str) -> bool {
        let Some(tree) = parse(text) else {
            return false;
        };
        let whole: Value = serde_yaml::from_str(text)
            .unwrap_or_else(|e| panic!("read a text serde_yaml rejects ({e}):\n{text}"));
        assert_eq!(in_order(&tree), in_order(&whole), "{text}");
        assert_eq!(tree, whole, "{text}");
        true
    }

    /// Compares the reader with `serde_yaml` on every YAML spec of a directory; returns how
    /// many specs it read and how many there are.
    fn agrees_on_specs(dir: &std::path::Path) -> (usize, usize) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let (mut read, mut all) = (0, 0);
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).expect("spec reads");
                all += 1;
                if agrees(&text) {
                    read += 1;
                }
            }
        }
        (read, all)
    }

    #[test]
    fn every_shared_spec_reads_as_serde_yaml_reads_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
        let (read, all) = agrees_on_specs(&dir);
        // The reader exists for these specs: all but the odd one must not fall back.
        assert!(
            all >= 28 && read + 1 >= all,
            "{read} of {all} shared specs read"
        );
        // With a twilio-oai checkout named by `TWILIO_OAI`, every spec Twilio publishes too.
        if let Some(oai) = std::env::var_os("TWILIO_OAI") {
            let (read, all) = agrees_on_specs(&std::path::Path::new(&oai).join("spec/yaml"));
            eprintln!("twilio-oai: {read} of {all} specs read without serde_yaml");
            assert!(
                all >= 55 && read + 2 >= all,
                "{read} of {all} twilio-oai specs read"
            );
        }
    }

    #[test]
    fn large_specs_are_read_in_two_halves() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
        for spec in ["twilio_api_v2010.yaml", "twilio_flex_v1.yaml"] {
            let text = std::fs::read_to_string(dir.join(spec)).expect("shared spec reads");
            assert!(text.len() >= SPLIT_BYTES, "{spec}");
            let lines = lines(&text).expect("plain block YAML");
            let at = cut(&lines).unwrap_or_else(|| panic!("{spec}: no cut"));
            // Inside `paths`, not far from the middle.
            assert_eq!(lines[at].indent, 2, "{spec}");
            assert!(
                at >= lines.len() / 2 && at < lines.len() * 3 / 4,
                "{spec}: {at}"
            );
            let two = in_two(&lines, at).expect("read in two");
            let one = whole(&lines).expect("read in one");
            assert_eq!(in_order(&two), in_order(&one), "{spec}");
        }
    }

    #[test]
    fn scalars_resolve_as_serde_yaml_resolves_them() {
        for s in [
            "a",
            "null",
            "Null",
            "NULL",
            "nULL",
            "~",
            "~a",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "0",
            "7",
            "007",
            "0x1F",
            "0o17",
            "0b11",
            "-1",
            "+1",
            "-0",
            "1.5",
            "-1.5",
            "1e3",
            "1_000",
            ".5",
            ".inf",
            "-.inf",
            ".nan",
            ".NaN",
            "inf",
            "nan",
            "Infinity",
            "12345678901234567890",
            "123456789012345678",
            "1.",
            "1:2",
            "1 2",
            "2010-04-01",
            "12:30",
            "^AC[0-9a-fA-F]{32}$",
            "/v1/Flows",
            "-a",
            "+a",
            ".a",
            "3.0.1",
        ] {
            let doc = format!("k: {s}\n");
            assert!(agrees(&doc) || parse(&doc).is_none(), "{s}");
            let doc = format!("{s}: v\n");
            agrees(&doc);
        }
        assert!(parse("k: 12\n").is_some());
        assert!(parse("k: word\n").is_some());
    }

    #[test]
    fn quoted_scalars_and_folding() {
        for doc in [
            "k: 'it''s'\n",
            "k: \"a\\\"b\\\\c\\/d\\u00e9\\U0001F44D\\x41\\n\\t\\ \"\n",
            "k: 'one\n  two\n\n  three'\n",
            "k: \"one \\\n  two\"\n",
            "k: \"one\\\n  \\ two\"\n",
            "k: \"trailing   \n  next\"\n",
            "k: \"kept\\   \n  next\"\n",
            "k: 'a  \n\n\n  b'\n",
            "k: plain\n  folded\n\n  with a break\n",
            "k:\n- a: 0\n\n    ...\n",
            "k: 12\n\n  ---\n",
            "k: true\n\n\n  null\n",
            "k: plain   \n  folded   \n",
            "'quoted key': 1\n\"double\": 2\n",
            "k: []\nj: {}\nl:\n- []\n- {}\n",
            "? long key\n: value\n",
            "? long key\n: a: 1\n  b: 2\nnext: 3\n",
            "s:\n- a\n- b: 1\n  c: 2\n-\n  d: 3\n- - nested\n  - more\nt: x\n",
            "s:\n  - a\n  -   b: 1\n      c: 2\n",
            "empty:\nafter: 1\n",
            "k: v\n\n\nj: w\n",
            "- a\n- b\n",
        ] {
            assert!(agrees(doc), "not read: {doc:?}");
        }
    }

    #[test]
    fn what_the_reader_does_not_know_is_left_to_serde_yaml() {
        for doc in [
            "k: v # comment\n",
            "# comment\nk: v\n",
            "k: &a v\nj: *a\n",
            "k: !tag v\n",
            "k: |\n  block\n",
            "k: >\n  folded\n",
            "k: [a, b]\n",
            "k: {a: 1}\n",
            "k:\tv\n",
            "---\nk: v\n",
            "k: v\nk: w\n",
            "k: 'unterminated\n",
            "k: \"\\q\"\n",
            "k: \"\\ud83d\"\n",
            "k: a: b\n",
            "k: ends:\n",
            "k: v\n  j: w\n",
            "  k: v\n",
            "k:\n  - a\n   - b\n",
            "k: \"a\r\nb\"\n",
            "",
        ] {
            assert!(parse(doc).is_none(), "read: {doc:?}");
        }
    }

    #[test]
    fn deep_documents_are_left_to_serde_yaml() {
        let mut doc = String::new();
        for depth in 0..(MAX_DEPTH + 5) {
            doc.push_str(&"  ".repeat(depth));
            doc.push_str("k:\n");
        }
        assert!(parse(&doc).is_none());
    }

    /// A scalar as it may be written after `key: ` or `- ` at indentation `n`: plain (on
    /// one line or folded over more), single- or double-quoted (over lines too), keywords
    /// and numbers, and some texts the reader leaves to `serde_yaml`.
    fn scalar() -> impl Strategy<Value = Vec<String>> {
        let word = prop_oneof![
            "[a-z][a-z0-9_/.-]{0,8}",
            "[0-9]{1,20}",
            "[-+.]?[0-9.e]{1,6}",
            prop::sample::select(vec![
                "~",
                "null",
                "Null",
                "NULL",
                "true",
                "True",
                "TRUE",
                "false",
                "False",
                "FALSE",
                "yes",
                "No",
                ".inf",
                "-.inf",
                ".nan",
                "0x1F",
                "0o17",
                "007",
                "-0",
                "+1",
                "1e3",
                "1_000",
                "3.0.1",
                "2010-04-01",
                "[]",
                "{}",
                "[a]",
                "a # b",
                "a: b",
                "a:",
            ])
            .prop_map(str::to_owned),
            "[ -~]{0,10}",
        ];
        let quoted = prop_oneof![
            "[ -~]{0,10}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
            "[ -~]{0,10}"
                .prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))),
            Just("\"\\u00e9\\x41\\t\\ \\/\"".to_owned()),
            Just("'open".to_owned()),
            Just("\"bad \\q\"".to_owned()),
        ];
        prop_oneof![
            3 => word.clone().prop_map(|w| vec![w]),
            1 => quoted.prop_map(|q| vec![q]),
            // Folded over lines: `\u{0}` marks where a line break (and indentation) goes.
            1 => (word.clone(), word.clone(), 0usize..3).prop_map(|(a, b, blanks)| {
                vec![a, format!("{}{b}", "\u{0}".repeat(blanks))]
            }),
            1 => ("[ -~]{0,8}", "[ -~]{0,8}", prop::bool::ANY).prop_map(|(a, b, double)| {
                if double {
                    vec![format!("\"{a}\\"), format!("\\ {b}\"")]
                } else {
                    vec![format!("'{}", a.replace('\'', "''")), format!("{}'", b.replace('\'', "''"))]
                }
            }),
        ]
    }

    #[derive(Clone, Debug)]
    enum Node {
        Scalar(Vec<String>),
        Map(Vec<(String, bool, Node)>),
        Seq(Vec<Node>),
    }

    fn node() -> impl Strategy<Value = Node> {
        let key = prop_oneof![
            "[a-z][a-zA-Z0-9_]{0,6}",
            Just("'200'".to_owned()),
            Just("200".to_owned()),
            Just("\"quoted key\"".to_owned()),
        ];
        scalar()
            .prop_map(Node::Scalar)
            .prop_recursive(5, 40, 5, move |inner| {
                prop_oneof![
                    prop::collection::vec(
                        (key.clone(), prop::bool::weighted(0.1), inner.clone()),
                        0..5
                    )
                    .prop_map(Node::Map),
                    prop::collection::vec(inner, 0..4).prop_map(Node::Seq),
                ]
            })
    }

    /// Writes a node as block YAML: `first` is the text before it on its first line (`key:`
    /// or `-`), `n` the indentation of that line.
    fn render(out: &mut String, node: &Node, first: &str, n: usize, same_line: bool) {
        let pad = " ".repeat(n);
        match node {
            Node::Scalar(lines) => {
                out.push_str(&format!("{first} {}\n", lines[0]));
                for line in &lines[1..] {
                    for part in line.split('\u{0}') {
                        if part.is_empty() {
                            out.push('\n');
                        } else {
                            out.push_str(&format!("{pad}  {part}\n"));
                        }
                    }
                }
            }
            Node::Map(entries) if entries.is_empty() => out.push_str(&format!("{first} {{}}\n")),
            Node::Seq(items) if items.is_empty() => out.push_str(&format!("{first} []\n")),
            Node::Map(entries) => {
                let (inner, mut head) = if same_line {
                    (n + 2, format!("{first} "))
                } else {
                    out.push_str(&format!("{first}\n"));
                    (n + 2, " ".repeat(n + 2))
                };
                for (key, complex, value) in entries {
                    if *complex {
                        out.push_str(&format!("{head}? {key}\n"));
                        let colon = format!("{}:", " ".repeat(inner));
                        render(out, value, &colon, inner, true);
                    } else {
                        render(out, value, &format!("{head}{key}:"), inner, false);
                    }
                    head = " ".repeat(inner);
                }
            }
            Node::Seq(items) => {
                out.push_str(&format!("{first}\n"));
                for item in items {
                    render(out, item, &format!("{pad}  -"), n + 2, true);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Whatever the document, the reader gives serde_yaml's tree or nothing.
        #[test]
        fn the_reader_never_gives_another_tree(
            entries in prop::collection::vec(("[a-z]{1,3}", node()), 1..6),
        ) {
            let mut text = String::new();
            for (key, value) in &entries {
                render(&mut text, value, &format!("{key}:"), 0, false);
            }
            // Read in two halves wherever a cut can fall, the same tree as one read.
            let lines = lines(&text);
            if let Some(at) = lines.as_deref().and_then(cut) {
                let lines = lines.as_deref().unwrap_or_default();
                prop_assert_eq!(in_two(lines, at).as_ref().map(in_order), whole(lines).as_ref().map(in_order), "cut at line {}: {}", at, text);
            }
            if let Some(tree) = parse(&text) {
                let whole: Result<Value, _> = serde_yaml::from_str(&text);
                prop_assert_eq!(whole.as_ref().ok().map(in_order), Some(in_order(&tree)), "{}", text);
                prop_assert_eq!(whole.ok(), Some(tree), "{}", text);
            }
        }
    }
}
