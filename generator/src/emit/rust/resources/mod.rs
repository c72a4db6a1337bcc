//! `src/resources/<name>.rs`: one module per resource with its parameter types (dotted
//! groups, one struct per operation), its handles and the `Client` methods that reach them.
//!
//! Split by construct: [`fields`] turns a parameter into a struct field and its checks,
//! [`groups`] makes the types of dotted groups, [`params`] the parameter struct of each
//! operation ([`one_of`] the types of a `oneOf` body), [`handle`] the list and instance
//! handles with their methods; this file puts a module together.

mod fields;
mod groups;
mod handle;
mod one_of;
mod params;

use std::cell::Cell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::sanitize;
use super::text::{Text, MARGIN};
use crate::model::{Api, Param, ParamGroup, PathTemplate, Resource, Type};
use crate::views::rust::names::RustNames;
use crate::views::rust::types::{id, rust_type, Imports};

/// What a module body used, for its `use` lines.
#[derive(Default)]
struct Used {
    check: Cell<bool>,
    encode: Cell<bool>,
    encoding: Cell<bool>,
    list: Cell<bool>,
    params: Cell<bool>,
    parts: Cell<bool>,
    request: Cell<bool>,
    result: Cell<bool>,
    segment: Cell<bool>,
    patterns: std::cell::RefCell<Vec<String>>,
}

impl Used {
    /// The module calls a function of the runtime's `encoding`.
    fn helper(&self) {
        self.encoding.set(true);
    }
}

/// What making one resource module needs: the API, its names, the resource, and what the
/// module's body has used so far.
struct Cx<'a> {
    api: &'a Api,
    names: &'a RustNames,
    resource: &'a Resource,
    imports: Imports,
    used: Used,
    /// Whether parameter structs are written as text where they can be (see
    /// [`text`](super::text)); off only to check that text against the formatted tokens.
    text: bool,
}

/// A piece of a module: tokens to format, or text already in prettyplease's layout.
pub enum Piece {
    Tokens(TokenStream),
    Text(String),
}

impl Cx<'_> {
    /// The Rust type of a model type, recording the crate-level names it uses.
    fn ty(&mut self, t: &Type) -> TokenStream {
        rust_type(t, self.names, &mut self.imports)
    }

    /// `static PATTERN_n` for a pattern the view checks (one that compiles).
    fn pattern_static(&self, pattern: &str) -> proc_macro2::Ident {
        let mut list = self.used.patterns.borrow_mut();
        let i = match list.iter().position(|p| p == pattern) {
            Some(i) => i,
            None => {
                list.push(pattern.to_owned());
                list.len() - 1
            }
        };
        id(&format!("PATTERN_{i}"))
    }
}

/// Whether any parameter of the API has a pattern that is not a SID pattern (the crate then
/// needs `regex`).
pub fn needs_regex(api: &Api) -> bool {
    fn has(p: &Param) -> bool {
        p.constraints.pattern.is_some() && !matches!(p.ty, Type::Sid(_))
    }
    api.resources.iter().any(|r| {
        r.operations.iter().any(|o| {
            o.all_params().any(has)
                || o.body
                    .iter()
                    .flat_map(|b| &b.one_of)
                    .flat_map(|one_of| &one_of.variants)
                    .any(|v| v.params.iter().any(has))
        }) || r.groups.iter().any(|g| g.all_params().into_iter().any(has))
    })
}

/// One resource module, in pieces in file order; with `text`, parameter structs are written
/// as text where they can be.
pub fn resource_rs(api: &Api, names: &RustNames, r: &Resource, text: bool) -> Vec<Piece> {
    let mut cx = Cx {
        api,
        names,
        resource: r,
        imports: Imports::default(),
        used: Used::default(),
        text,
    };
    let groups: Vec<TokenStream> = ParamGroup::depth_first(&r.groups)
        .into_iter()
        .map(|g| groups::group_struct(&mut cx, g))
        .collect();
    let params: Vec<Piece> = r
        .operations
        .iter()
        .filter_map(|op| params::params_struct(&mut cx, op))
        .collect();
    let handle_paths: Vec<(&PathTemplate, &(String, String))> = [
        (r.list_path.as_ref(), names.list_handles.get(&r.name)),
        (r.instance_path.as_ref(), names.context_handles.get(&r.name)),
    ]
    .into_iter()
    .filter_map(|(path, handle)| Some((path?, handle?)))
    .collect();
    let api_ty = id(&names.api_type);
    let tail = if text {
        handles_text(&mut cx, &handle_paths).map(Piece::Text)
    } else {
        None
    };
    let tail = tail.unwrap_or_else(|| {
        let mut handles = Vec::new();
        let mut accessors = Vec::new();
        for (path, (ty, acc)) in &handle_paths {
            let (h, a) = handle::handle(&mut cx, path, ty, acc);
            handles.push(h);
            accessors.push(a);
        }
        Piece::Tokens(quote! {
            #(#handles)*

            impl crate::#api_ty {
                #(#accessors)*
            }
        })
    });

    let patterns = pattern_statics(&cx.used);
    let base_const = if r.base_url != api.base_url {
        let b = &r.base_url;
        quote! {
            /// Base URL of this resource, from its path's servers.
            const BASE_URL: &str = #b;
        }
    } else {
        quote!()
    };
    let head_text = if text && groups.is_empty() && patterns.is_empty() {
        head_text(&cx)
    } else {
        None
    };
    let uses = use_lines(&cx);
    let module_doc = module_doc(r);
    let head = quote! {
        #(#![doc = #module_doc])*

        #(#uses)*

        #base_const
        #(#patterns)*

        #(#groups)*
    };
    // Consecutive token pieces are formatted together.
    let mut pieces = vec![match head_text {
        Some(text) => Piece::Text(text),
        None => Piece::Tokens(head),
    }];
    for piece in params.into_iter().chain([tail]) {
        match (pieces.last_mut(), piece) {
            (Some(Piece::Tokens(last)), Piece::Tokens(more)) => last.extend(more),
            (_, piece) => pieces.push(piece),
        }
    }
    pieces
}

/// The handles of a resource and the `impl` of the API handle with their accessors, as text;
/// `None` when one of them cannot be written as text (see [`handle::handle_text`]).
fn handles_text(
    cx: &mut Cx,
    handle_paths: &[(&PathTemplate, &(String, String))],
) -> Option<String> {
    if handle_paths.is_empty() {
        return None;
    }
    let mut handles = Vec::new();
    let mut accessors = Vec::new();
    for (path, (ty, acc)) in handle_paths {
        let (h, a) = handle::handle_text(cx, path, ty, acc)?;
        handles.push(h);
        accessors.push(a);
    }
    Some(format!(
        "{}\nimpl crate::{} {{\n{}}}\n",
        handles.join("\n"),
        cx.names.api_type,
        accessors.join("\n")
    ))
}

/// The `static PATTERN_n` regular expressions the module's checks use, in the order they
/// were first used.
fn pattern_statics(used: &Used) -> Vec<TokenStream> {
    used.patterns
        .borrow()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n = id(&format!("PATTERN_{i}"));
            quote! {
                static #n: std::sync::LazyLock<regex::Regex> =
                    std::sync::LazyLock::new(|| regex::Regex::new(#p).expect("the spec's pattern compiles"));
            }
        })
        .collect()
}

/// The head of a module without group types or patterns, as text: its doc, its `use` lines
/// and its base URL.
fn head_text(cx: &Cx) -> Option<String> {
    let r = cx.resource;
    let mut t = Text::new();
    for l in module_doc(r) {
        t.lines(&format!("//!{}\n", l.trim_end_matches(' ')));
    }
    t.blank();
    for (path, names) in use_names(cx) {
        use_line(&mut t, &path, &names);
    }
    if r.base_url != cx.api.base_url {
        t.blank();
        t.line(0, "/// Base URL of this resource, from its path's servers.");
        t.line(
            0,
            &format!(
                "const BASE_URL: &str = {};",
                proc_macro2::Literal::string(&r.base_url)
            ),
        );
    }
    t.done()
}

/// `use path::{names};` as prettyplease lays it out: on one line when it fits, else the
/// names filling lines of their own.
fn use_line(t: &mut Text, path: &str, names: &[String]) {
    if let [name] = names {
        if name != "self" {
            // prettyplease drops the braces around one name.
            t.line(0, &format!("use {path}::{name};"));
            return;
        }
    }
    let flat = format!("use {path}::{{{}}};", names.join(", "));
    if flat.len() <= MARGIN {
        t.line(0, &flat);
        return;
    }
    t.line(0, &format!("use {path}::{{"));
    let mut line = String::new();
    for (i, name) in names.iter().enumerate() {
        // The last name's comma is not counted: it is there only because the list is broken.
        let comma = usize::from(i + 1 < names.len());
        if !line.is_empty() && 4 + line.len() + name.len() + comma > MARGIN {
            t.line(4, line.trim_end());
            line.clear();
        }
        line.push_str(name);
        line.push_str(", ");
    }
    t.line(4, line.trim_end());
    t.line(0, "};");
}

/// The names of the module's `use` lines, by path (see [`use_lines`]).
fn use_names(cx: &Cx) -> Vec<(String, Vec<String>)> {
    let (r, names) = (cx.resource, cx.names);
    let mut runtime = vec!["Client"];
    if cx.used.list.get() {
        runtime.push("List");
    }
    if cx.used.request.get() {
        runtime.extend(["Method", "Request"]);
    }
    if cx.used.result.get() {
        runtime.push("Result");
    }
    if cx.used.segment.get() {
        runtime.push("Segment");
    }
    let mut uses = vec![(
        "twilio_runtime".to_owned(),
        runtime.into_iter().map(str::to_owned).collect(),
    )];
    let mut enc = Vec::new();
    if cx.used.encoding.get() {
        enc.push("self");
    }
    if cx.used.check.get() {
        enc.push("Check");
    }
    if cx.used.encode.get() {
        enc.push("Encode");
    }
    if cx.used.params.get() {
        enc.push("Params");
    }
    if cx.used.parts.get() {
        enc.push("Parts");
    }
    if !enc.is_empty() {
        uses.push((
            "twilio_runtime::encoding".to_owned(),
            enc.into_iter().map(str::to_owned).collect(),
        ));
    }
    let own: BTreeSet<String> = ParamGroup::depth_first(&r.groups)
        .iter()
        .map(|g| names.groups[&(r.name.clone(), g.prefix.clone())].clone())
        .chain(r.operations.iter().map(|o| names.params[&o.id].clone()))
        .collect();
    let crate_names: Vec<String> = cx
        .imports
        .0
        .iter()
        .filter(|n| !own.contains(*n))
        .cloned()
        .collect();
    if !crate_names.is_empty() {
        uses.push(("crate".to_owned(), crate_names));
    }
    uses
}

/// The module's `use` lines: what it takes from the runtime (the client and request types,
/// then encoding), then the crate-level types it names that it does not define itself.
fn use_lines(cx: &Cx) -> Vec<TokenStream> {
    let (r, names) = (cx.resource, cx.names);
    let mut runtime = vec![quote!(Client)];
    if cx.used.list.get() {
        runtime.push(quote!(List));
    }
    if cx.used.request.get() {
        runtime.extend([quote!(Method), quote!(Request)]);
    }
    if cx.used.result.get() {
        runtime.push(quote!(Result));
    }
    if cx.used.segment.get() {
        runtime.push(quote!(Segment));
    }
    let mut uses = vec![quote!(use twilio_runtime::{#(#runtime),*};)];
    let mut enc = Vec::new();
    if cx.used.encoding.get() {
        enc.push(quote!(self));
    }
    if cx.used.check.get() {
        enc.push(quote!(Check));
    }
    if cx.used.encode.get() {
        enc.push(quote!(Encode));
    }
    if cx.used.params.get() {
        enc.push(quote!(Params));
    }
    if cx.used.parts.get() {
        enc.push(quote!(Parts));
    }
    if !enc.is_empty() {
        uses.push(quote!(use twilio_runtime::encoding::{#(#enc),*};));
    }
    let own: BTreeSet<String> = ParamGroup::depth_first(&r.groups)
        .iter()
        .map(|g| names.groups[&(r.name.clone(), g.prefix.clone())].clone())
        .chain(r.operations.iter().map(|o| names.params[&o.id].clone()))
        .collect();
    uses.push(cx.imports.use_item(&own));
    uses
}

/// The lines of the module's doc: what the resource is, and its paths.
fn module_doc(r: &Resource) -> Vec<String> {
    let paths: Vec<String> = r
        .list_path
        .iter()
        .chain(r.instance_path.iter())
        .map(|p| format!("`{p}`"))
        .collect();
    let title = r
        .description
        .as_deref()
        .map(sanitize)
        .unwrap_or_else(|| r.name.clone());
    let module_doc_text = format!("{title}: {}.", paths.join(", "));
    module_doc_text.lines().map(|l| format!(" {l}")).collect()
}
