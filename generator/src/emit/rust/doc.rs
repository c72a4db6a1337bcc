//! Documentation text from the spec, made safe for rustdoc: no accidental code blocks,
//! doctests, broken intra-doc links or HTML tags; bare and relative links made absolute.

use proc_macro2::TokenStream;
use quote::quote;

/// `[label](target)` at the start of `rest`: label without brackets, target without
/// parentheses or whitespace. Returns both and the length consumed.
fn link_at(rest: &str) -> Option<(&str, &str, usize)> {
    let label_end = rest[1..].find([']', '['])? + 1;
    if rest.as_bytes()[label_end] != b']' {
        return None;
    }
    let after = rest[label_end + 1..].strip_prefix('(')?;
    let target_end = after.find(|c: char| matches!(c, '(' | ')') || c.is_whitespace())?;
    if !after[target_end..].starts_with(')') {
        return None;
    }
    let len = label_end + 2 + target_end + 1;
    Some((&rest[1..label_end], &after[..target_end], len))
}

/// Cleans one piece of spec prose for use in a doc comment.
pub fn sanitize(text: &str) -> String {
    let mut lines = Vec::new();
    let mut in_code = false;
    for line in text.replace("\r\n", "\n").lines() {
        let line = line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        lines.push(if in_code {
            format!("`{line}`")
        } else {
            line.to_owned()
        });
    }
    let text = lines.join("\n");
    let text = text.trim();

    // One pass: keep links (relative targets made absolute), turn bare URLs into autolinks,
    // escape the rest of the markup.
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('[') {
            if let Some((label, target, len)) = link_at(rest) {
                let target = if target.starts_with('/') {
                    format!("https://www.twilio.com{target}")
                } else {
                    target.to_owned()
                };
                out.push_str(&format!("[{}]({target})", escape(label)));
                i += len;
                continue;
            }
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '`')
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '\'', '"']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        push_escaped(&mut out, c);
        i += c.len_utf8();
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Pushes one character of prose, escaped where rustdoc would read it as a link or a tag
/// (`_`, `*` and `|` only matter next to words or in tables, and are left alone).
fn push_escaped(out: &mut String, c: char) {
    if matches!(c, '[' | ']' | '<' | '>') {
        out.push('\\');
    }
    out.push(c);
}

/// `#[doc = "..."]` attributes for a text, one per line.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            proc_macro2::Literal::string("")
        } else {
            raw_literal(&format!(" {l}"))
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// A string literal written raw (`r"..."`, with as many `#` as the text needs): the same
/// string, but neither escaped when made nor unescaped when the file is formatted, which
/// for doc prose is most of the formatting's work on literals. Text a raw literal cannot
/// hold (a carriage return) is written as an ordinary literal.
fn raw_literal(text: &str) -> proc_macro2::Literal {
    if !text.contains('\r') {
        let mut hashes = String::new();
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        if let Ok(lit) = format!("r{hashes}\"{text}\"{hashes}").parse() {
            return lit;
        }
    }
    proc_macro2::Literal::string(text)
}

/// Doc attributes for spec prose, with a fallback when the spec says nothing.
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    doc(&doc_text(text, fallback))
}

/// Spec prose made safe for rustdoc, or the fallback when the spec says nothing.
pub fn doc_text(text: Option<&str>, fallback: &str) -> String {
    text.map(sanitize)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        assert_eq!(
            sanitize("See [Integration Type](/docs/flex/x#y) here."),
            "See [Integration Type](https://www.twilio.com/docs/flex/x#y) here."
        );
    }

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(
            sanitize("SID (TCXXXX) [optional] <b>"),
            "SID (TCXXXX) \\[optional\\] \\<b\\>"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            sanitize("Go to https://example.com/a."),
            "Go to <https://example.com/a>."
        );
        // Any whitespace ends a URL, a no-break space too.
        assert_eq!(
            sanitize("See https://example.com/a\u{a0}now"),
            "See <https://example.com/a>\u{a0}now"
        );
    }

    #[test]
    fn code_fences_and_indentation_cannot_make_doctests() {
        let s = sanitize("Example:\n```\nfoo()\n```\n    indented");
        assert!(!s.contains("```"));
        assert!(!s.contains("    "));
        assert!(s.contains("`foo()`"));
    }
}
