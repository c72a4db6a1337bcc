//! Formats the generated crate's fixed modules (client, errors, paging, the generic SID type,
//! encoding and its helpers) once, when the generator is built: they do not depend on the
//! spec, so generation only copies their text. The token streams and the formatter are the
//! generator's own (`src/emit/rust/runtime.rs`, `src/emit/rust/format.rs`).

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/emit/rust/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/emit/rust/runtime.rs"]
mod runtime;

fn main() {
    println!("cargo:rerun-if-changed=src/emit/rust/runtime.rs");
    println!("cargo:rerun-if-changed=src/emit/rust/format.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("fixed");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    let mut index = String::from(
        "/// The formatted text of a fixed module or part, by name.\npub fn text(name: &str) -> Option<&'static str> {\n    match name {\n",
    );
    for (name, tokens) in runtime::fixed() {
        let text = format::format_tokens(tokens)
            .unwrap_or_else(|e| panic!("fixed part {name} does not parse: {e}"));
        std::fs::write(out.join(&name), text).expect("OUT_DIR is writable");
        let _ = writeln!(
            index,
            "        {name:?} => Some(include_str!(concat!(env!(\"OUT_DIR\"), \"/fixed/{name}\"))),"
        );
    }
    index.push_str("        _ => None,\n    }\n}\n\n/// The validation helpers, in file order, each with the helpers it calls.\npub const HELPERS: &[(&str, &[&str])] = &[");
    for (h, needs) in runtime::HELPERS {
        let _ = write!(index, "({h:?}, &{needs:?}), ");
    }
    index.push_str("];\n");
    std::fs::write(out.join("index.rs"), index).expect("OUT_DIR is writable");
}
