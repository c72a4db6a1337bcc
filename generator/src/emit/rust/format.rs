//! Formatting generated code: `syn` parses the token stream, `prettyplease` prints it, and
//! blank lines are put between items. Shared with the build script, which formats the
//! crate's fixed modules once, when the generator is built.

use proc_macro2::TokenStream;

/// Formats a token stream as a Rust file.
pub fn format_tokens(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

const ITEM_STARTS: &[&str] = &[
    "///",
    "#[",
    "#![",
    "pub ",
    "pub(",
    "fn ",
    "async fn ",
    "impl ",
    "impl<",
    "struct ",
    "enum ",
    "trait ",
    "mod ",
    "use ",
    "const ",
    "static ",
    "type ",
];

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Blank lines between items, as a person would write them (prettyplease emits none): after
/// the module docs, between groups of `use` / `mod` lines and other items, and between items
/// or methods. Expressions and statements inside bodies are left alone.
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let (a, b) = (line.trim(), next.trim());
        if a.is_empty() || b.is_empty() || indent(line) != indent(next) {
            continue;
        }
        let starts_item = ITEM_STARTS.iter().any(|p| b.starts_with(p));
        let group = |l: &str| {
            if l.starts_with("use ") || l.starts_with("pub use ") {
                1
            } else if l.starts_with("mod ") || l.starts_with("pub mod ") {
                2
            } else if l.starts_with("#![") {
                3
            } else if l.starts_with("const ") {
                4
            } else {
                0
            }
        };
        let blank = if a.starts_with("//!") {
            !b.starts_with("//!")
        } else if a == "}" || a == "};" {
            starts_item
        } else if a.ends_with(';') || a.starts_with("#![") {
            let (ga, gb) = (group(a), group(b));
            starts_item && (ga != gb || ga == 0) && !(a.starts_with("#![") && gb == 3)
        } else {
            false
        };
        if blank {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_get_blank_lines_and_bodies_do_not() {
        let text = "//! Docs.\nuse a::b;\nuse c::d;\nconst X: u8 = 1;\n/// S.\npub struct S {\n    a: u8,\n}\nimpl S {\n    fn f(&self) {\n        if true {\n            g();\n        }\n        let x = 1;\n    }\n    fn h() {}\n}\n";
        let want = "//! Docs.\n\nuse a::b;\nuse c::d;\n\nconst X: u8 = 1;\n\n/// S.\npub struct S {\n    a: u8,\n}\n\nimpl S {\n    fn f(&self) {\n        if true {\n            g();\n        }\n        let x = 1;\n    }\n\n    fn h() {}\n}\n";
        assert_eq!(space_items(text), want);
    }
}
