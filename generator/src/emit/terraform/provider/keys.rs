//! The typed keys through which the generated operations read their arguments.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::views::rust::types::id;

/// The arguments one resource's operations read, each declared once as a typed
/// `Key` (`const CHANNEL_TYPE: Key<FlexFlowChannelType> = Key::new("channel_type")`) in a
/// `key` module beside its `Ops`: every read names its key, so the compiler checks each
/// use against the client's types, and the runtime checks the names against the
/// definition. An attribute the client takes as two types (a parent SID that one handle
/// takes typed and another as text) has a key per type, `CONFERENCE_SID_AS_STRING`.
///
/// The operations are built twice: once to learn every (name, type) read, once with the
/// final names.
/// The docs of `ARGUMENTS` and of the `key` module, as prettyplease prints them.
const DECLARATIONS_DOC: &str =
    "/// The arguments this resource's definition (`provider.json`) gives its
/// operations; the runtime checks that the definition it reads gives the same.
";
const KEY_DOC: &str = "
/// The arguments the operations read: each attribute's name and the client type
/// its value becomes, checked against `ARGUMENTS` when the provider is built.
";

/// Whether every type read is a standard one: the client crate's types come from the
/// parent's `use`; the standard ones need none.
fn std_only(read: &BTreeMap<(String, String), TokenStream>) -> bool {
    read.values().all(|ty| {
        ty.clone().into_iter().all(|t| match t {
            proc_macro2::TokenTree::Ident(i) => matches!(
                i.to_string().as_str(),
                "String" | "Vec" | "bool" | "i32" | "i64" | "u32" | "u64" | "f64"
            ),
            _ => true,
        })
    })
}

#[derive(Default)]
pub(super) struct Keys {
    /// (attribute name, Rust type as text) -> the type, for every read.
    read: std::cell::RefCell<BTreeMap<(String, String), TokenStream>>,
    /// The names of the keys, once every read is known.
    names: Option<BTreeMap<(String, String), proc_macro2::Ident>>,
}

impl Keys {
    /// Whether the keys have their final names (the second pass).
    pub(super) fn is_named(&self) -> bool {
        self.names.is_some()
    }

    /// The key of attribute `name` read as `ty` (`key::CHANNEL_TYPE`).
    pub(super) fn key(&self, name: &str, ty: TokenStream) -> TokenStream {
        let k = (name.to_owned(), ty.to_string());
        let c = match &self.names {
            Some(names) => names.get(&k).cloned(),
            None => None,
        };
        self.read.borrow_mut().entry(k).or_insert(ty);
        let c = c.unwrap_or_else(|| id("PENDING"));
        quote!(key::#c)
    }

    /// The keys with their final names, from the reads of a first pass.
    pub(super) fn named(first: Keys) -> Keys {
        use heck::ToShoutySnakeCase;
        let read = first.read.into_inner();
        let mut names = BTreeMap::new();
        for (name, ty) in read.keys() {
            let types = read.keys().filter(|(n, _)| n == name).count();
            let c = if types == 1 {
                name.to_shouty_snake_case()
            } else {
                let ty: String = ty
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                format!("{name} as {ty}").to_shouty_snake_case()
            };
            names.insert((name.clone(), ty.clone()), id(&c));
        }
        Keys {
            read: Default::default(),
            names: Some(names),
        }
    }

    /// [`Keys::declarations`] as text in prettyplease's layout; `None` when a line would
    /// not fit the margin or a type is not one `type_text` prints.
    pub(super) fn declarations_text(&self, arguments: &[&str]) -> Option<String> {
        use crate::emit::rust::text::{type_text, Expr, Text, MARGIN};
        let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
        let read = self.read.borrow();
        let names = self.names.as_ref()?;
        let mut out = String::from(DECLARATIONS_DOC);
        let list = Expr::list(
            "&[",
            "]",
            arguments.iter().map(|a| Expr::Atom(lit(a))).collect(),
        );
        if !list.lay_out(0, "const ARGUMENTS: &[&str] = ", ";", true, &mut out) {
            return None;
        }
        out.push_str(KEY_DOC);
        out.push_str("mod key {\n");
        out.push_str(if std_only(&read) {
            "    use super::ARGUMENTS;\n"
        } else {
            "    use super::*;\n"
        });
        out.push_str("    use twilio_terraform_runtime::Key;\n");
        let mut t = Text::new();
        t.lines(&out);
        for (k, ty) in read.iter() {
            let c = names.get(k)?;
            let ty = type_text(ty)?;
            let call = Expr::list(
                "Key::of(",
                ")",
                vec![Expr::Atom(lit(&k.0)), Expr::Atom("ARGUMENTS".to_owned())],
            );
            let mut lines = String::new();
            let head = format!("pub const {c}: Key<{ty}>");
            // Measured with ` = `, which follows the type without a break.
            let (first_fits, laid_out) = if 4 + head.len() + 3 <= MARGIN {
                // The type stays whole; `= Key::of(` may then run past the margin, the
                // arguments going on the next lines.
                (
                    true,
                    call.lay_out(4, &format!("{head} = "), ";", true, &mut lines),
                )
            } else {
                // prettyplease breaks the type's generic argument first.
                lines.push_str(&format!("    pub const {c}: Key<\n        {ty},\n"));
                (false, call.lay_out(4, "> = ", ";", true, &mut lines))
            };
            let skip = usize::from(first_fits);
            if !laid_out || lines.lines().skip(skip).any(|l| l.len() > MARGIN) {
                return None;
            }
            t.blank();
            t.lines(&lines);
        }
        t.line(0, "}");
        if read.is_empty() {
            return None;
        }
        t.done()
    }

    /// The `key` module and the `KEYS` list of names.
    /// `arguments`: the arguments the resource's definition gives the operations; every key
    /// is checked against them when the provider is built.
    pub(super) fn declarations(&self, arguments: &[&str]) -> TokenStream {
        let read = self.read.borrow();
        let names = self.names.as_ref();
        let consts = read.iter().filter_map(|(k, ty)| {
            let c = names?.get(k)?;
            let name = &k.0;
            Some(quote!(pub const #c: Key<#ty> = Key::of(#name, ARGUMENTS);))
        });
        let parent = if std_only(&read) {
            quote!(
                use super::ARGUMENTS;
            )
        } else {
            quote!(
                use super::*;
            )
        };
        quote! {
            /// The arguments this resource's definition (`provider.json`) gives its
            /// operations; the runtime checks that the definition it reads gives the same.
            const ARGUMENTS: &[&str] = &[#(#arguments),*];

            /// The arguments the operations read: each attribute's name and the client type
            /// its value becomes, checked against `ARGUMENTS` when the provider is built.
            mod key {
                #parent
                use twilio_terraform_runtime::Key;

                #(#consts)*
            }
        }
    }
}
