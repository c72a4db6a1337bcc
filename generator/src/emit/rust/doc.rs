//! Documentation text from the spec, made safe for rustdoc: no accidental code blocks,
//! doctests, broken intra-doc links or HTML tags; bare and relative links made absolute.

use std::sync::LazyLock;

use proc_macro2::TokenStream;
use quote::quote;
use regex::Regex;

// ASCII whitespace only: cheaper to compile than `\s`, and the same for links and URLs.
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]*)\]\(([^() \t\r\n]*)\)").expect("static regex"));
static BARE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[^ \t\r\n<>()\[\]`]+").expect("static regex"));

/// Cleans one piece of spec prose for use in a doc comment.
pub fn sanitize(text: &str) -> String {
    let mut out_lines = Vec::new();
    let mut in_code = false;
    for line in text.replace("\r\n", "\n").lines() {
        let line = line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        out_lines.push(if in_code {
            format!("`{line}`")
        } else {
            line.to_owned()
        });
    }
    let text = out_lines.join("\n");
    let text = text.trim().to_owned();

    // Protect real links, escape the rest of the markup, then put links back.
    let mut links = Vec::new();
    let text = LINK
        .replace_all(&text, |c: &regex::Captures| {
            let target = &c[2];
            let target = if target.starts_with('/') {
                format!("https://www.twilio.com{target}")
            } else {
                target.to_owned()
            };
            links.push(format!("[{}]({target})", escape(&c[1])));
            format!("\u{0}{}\u{0}", links.len() - 1)
        })
        .into_owned();
    let mut urls = Vec::new();
    let text = BARE_URL
        .replace_all(&text, |c: &regex::Captures| {
            let url = c[0].trim_end_matches(['.', ',', ';', ':', '\'', '"']);
            let rest = &c[0][url.len()..];
            urls.push(format!("<{url}>"));
            format!("\u{1}{}\u{1}{rest}", urls.len() - 1)
        })
        .into_owned();
    let mut text = escape(&text);
    for (i, l) in links.iter().enumerate() {
        text = text.replace(&format!("\u{0}{i}\u{0}"), l);
    }
    for (i, u) in urls.iter().enumerate() {
        text = text.replace(&format!("\u{1}{i}\u{1}"), u);
    }
    text
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '|' => {
                // `_` and `*` only matter next to words; escaping them is harmless.
                if matches!(c, '_' | '*' | '|') {
                    out.push(c);
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `#[doc = "..."]` attributes for a text, one per line.
pub fn doc(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    quote! { #( #[doc = #lines] )* }
}

/// Doc attributes for spec prose, with a fallback when the spec says nothing.
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(sanitize).filter(|t| !t.is_empty()) {
        Some(t) => doc(&t),
        None => doc(fallback),
    }
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
    }

    #[test]
    fn code_fences_and_indentation_cannot_make_doctests() {
        let s = sanitize("Example:\n```\nfoo()\n```\n    indented");
        assert!(!s.contains("```"));
        assert!(!s.contains("    "));
        assert!(s.contains("`foo()`"));
    }
}
