//! The handles of a resource: one for its list path and one for its instance path, each
//! holding the path's parameters, with a method per operation on that path and the method
//! of the API handle that returns it.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::super::doc::{doc, sanitize};
use super::super::text::{impl_item_lines, type_text, Expr, Text, MARGIN};
use super::Cx;
use crate::model::{Operation, OperationKind, PathTemplate, Response, Segment};
use crate::views::rust::methods::{keeps_bare_method, takes_params};
use crate::views::rust::names::{ident, Scope};
use crate::views::rust::types::id;

/// A handle: the list path or the instance path of the resource, with its path parameters.
pub(super) fn handle(
    cx: &mut Cx,
    path: &PathTemplate,
    handle_ty: &str,
    accessor: &str,
) -> (TokenStream, TokenStream) {
    let r = cx.resource;
    let ops: Vec<&Operation> = r.operations.iter().filter(|o| o.path == *path).collect();
    let ty = id(handle_ty);
    let path_fields = path_fields(cx, path);
    let url_fn = url_fn(cx, path, &path_fields);
    let methods: Vec<TokenStream> = ops.iter().map(|op| method(cx, op)).collect();

    let (handle_doc, accessor_doc) = handle_docs(cx, path, &ops, accessor);
    let (handle_doc, accessor_doc) = (doc(&handle_doc), doc(&accessor_doc));
    let acc = id(accessor);
    let PathFields {
        fields,
        args,
        inits,
        ..
    } = path_fields;
    let handle = quote! {
        #handle_doc
        #[derive(Clone, Debug)]
        pub struct #ty {
            client: Client,
            #(#fields)*
        }

        impl #ty {
            #url_fn

            #(#methods)*
        }
    };
    let accessor = quote! {
        #accessor_doc
        pub fn #acc(&self, #(#args),*) -> #ty {
            #ty { client: self.client.clone(), #(#inits)* }
        }
    };
    (handle, accessor)
}

/// The docs of a handle and of its accessor.
fn handle_docs(
    cx: &Cx,
    path: &PathTemplate,
    ops: &[&Operation],
    accessor: &str,
) -> (String, String) {
    let r = cx.resource;
    let kinds: Vec<&str> = ops.iter().map(|o| o.kind.as_str()).collect();
    let what = r.description.clone().unwrap_or_else(|| r.name.clone());
    let api = &cx.names.api_type;
    (
        format!(
            "`{path}` ({}): {}.\n\nGet one with [`{api}::{accessor}`](crate::{api}::{accessor}).",
            sanitize(&what),
            kinds.join(", ")
        ),
        format!("`{path}`: {}.", kinds.join(", ")),
    )
}

/// [`handle`] as text in prettyplease's layout (see [`text`](super::super::text)), the
/// accessor at the indentation of an `impl` item; `url()` is formatted through syn. `None`
/// when a line would not fit the margin or a type is not one [`type_text`] prints; the
/// caller then makes tokens, with the same effect on `cx`.
pub(super) fn handle_text(
    cx: &mut Cx,
    path: &PathTemplate,
    handle_ty: &str,
    accessor: &str,
) -> Option<(String, String)> {
    let r = cx.resource;
    let ops: Vec<&Operation> = r.operations.iter().filter(|o| o.path == *path).collect();
    let pf = path_fields(cx, path);
    let (handle_doc, accessor_doc) = handle_docs(cx, path, &ops, accessor);
    let mut t = Text::new();
    t.doc(0, &handle_doc);
    t.line(0, "#[derive(Clone, Debug)]");
    t.line(0, &format!("pub struct {handle_ty} {{"));
    t.line(4, "client: Client,");
    for f in &pf.fields_text {
        t.line(4, f);
    }
    t.line(0, "}");
    t.blank();
    t.line(0, &format!("impl {handle_ty} {{"));
    match url_text(cx, path, &pf) {
        Some(url) => t.lines(&url),
        None => t.lines(&impl_item_lines(url_fn(cx, path, &pf), handle_ty).ok()?),
    }
    for op in &ops {
        t.blank();
        method_text(cx, op, &mut t)?;
    }
    t.line(0, "}");

    let mut a = Text::new();
    a.doc(4, &accessor_doc);
    let args: Vec<String> = std::iter::once("&self".to_owned())
        .chain(pf.args_text.iter().cloned())
        .collect();
    a.signature(
        4,
        &format!("pub fn {accessor}"),
        &args,
        &format!(" -> {handle_ty} {{"),
    );
    let inits: Vec<String> = std::iter::once("client: self.client.clone()".to_owned())
        .chain(pf.inits_text.iter().cloned())
        .collect();
    a.struct_literal(8, handle_ty, &inits);
    a.line(4, "}");
    Some((t.done()?, a.done()?))
}

/// [`method`] as text, added to `t`.
fn method_text(cx: &mut Cx, op: &Operation, t: &mut Text) -> Option<()> {
    let m = op.kind.as_str();
    let http = &op.method;
    let idempotent = op.kind != OperationKind::Create;
    let docs = method_doc(op);
    let deprecated = |t: &mut Text| {
        if op.deprecated {
            t.line(4, "#[deprecated(note = \"deprecated in the API spec\")]");
        }
    };
    let params = takes_params(op);
    let (mut args, with) = (
        vec!["&self".to_owned()],
        if params { ".with(&params)?" } else { "" },
    );
    if params {
        args.push(format!("params: {}", cx.names.params[&op.id]));
    }
    cx.used.request.set(true);
    let (ret, call) = match &op.response {
        Response::Page { key, item, .. } => {
            let item_ty = type_text(&cx.ty(item))?;
            cx.used.list.set(true);
            let new = format!("Request::new(Method::{http}, url, {idempotent})");
            let make = if params {
                format!("{new}.with(&params)")
            } else {
                format!("Ok({new})")
            };
            t.doc(4, &docs);
            deprecated(t);
            t.signature(
                4,
                &format!("pub fn {m}"),
                &args,
                &format!(" -> List<{item_ty}> {{"),
            );
            let flat = format!("let request = self.url().and_then(|url| {make});");
            if 8 + flat.len() <= MARGIN {
                t.line(8, &flat);
            } else {
                // prettyplease breaks the whole chain before each dot.
                t.line(8, "let request = self");
                t.line(12, ".url()");
                t.line(12, &format!(".and_then(|url| {make});"));
            }
            let key = proc_macro2::Literal::string(key).to_string();
            t.line(
                8,
                &format!("List::new(self.client.clone(), request, {key})"),
            );
            t.line(4, "}");
            return Some(());
        }
        Response::Empty { .. } => ("()".to_owned(), "self.client.execute_empty(request).await"),
        Response::Value { ty, .. } => {
            (type_text(&cx.ty(ty))?, "self.client.execute(request).await")
        }
    };
    let build =
        format!("let request = Request::new(Method::{http}, self.url()?, {idempotent}){with};");
    let tail = format!(" -> Result<{ret}> {{");
    if keeps_bare_method(op) {
        let with_m = format!("{m}_with");
        let pty = &cx.names.params[&op.id];
        t.doc(4, &docs);
        deprecated(t);
        t.signature(4, &format!("pub async fn {m}"), &args[..1], &tail);
        t.line(8, &format!("self.{with_m}({pty}::default()).await"));
        t.line(4, "}");
        t.blank();
        t.doc(4, &docs);
        deprecated(t);
        t.signature(4, &format!("pub async fn {with_m}"), &args, &tail);
    } else {
        t.doc(4, &docs);
        deprecated(t);
        t.signature(4, &format!("pub async fn {m}"), &args, &tail);
    }
    t.line(8, &build);
    t.line(8, call);
    t.line(4, "}");
    Some(())
}

/// The doc of an operation's method: the spec's description, then the method and path.
fn method_doc(op: &Operation) -> String {
    format!(
        "{}\n\n`{} {}`",
        op.description
            .as_deref()
            .map(sanitize)
            .unwrap_or_else(|| format!("{} operation.", op.id)),
        op.method,
        op.path
    )
}

/// The path parameters of a handle, each as a field of the handle, an argument of its
/// accessor, the field's initializer, and the checks its URL makes.
#[derive(Default)]
struct PathFields {
    fields: Vec<TokenStream>,
    args: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    sid_checks: Vec<TokenStream>,
    /// `fields`, `args` and `inits` as text (`inits` without their commas).
    fields_text: Vec<String>,
    args_text: Vec<String>,
    inits_text: Vec<String>,
    /// `sid_checks` as lines of text; `None` for one whose layout is not written here.
    checks_text: Vec<Option<String>>,
    /// Wire name -> field.
    field_of: HashMap<String, proc_macro2::Ident>,
    /// The wire name of the account the path acts in, if it has one.
    account_value: Option<String>,
}

/// The fields of a handle for the parameters of `path`.
fn path_fields(cx: &mut Cx, path: &PathTemplate) -> PathFields {
    let mut out = PathFields::default();
    let mut scope = Scope::with(&["client"]);
    let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
    // The account a path acts in is not an argument: the API handle's `.account(..)`, else
    // the client's account (the credentials'), filled in when the URL is made.
    let account_param = path.account_param();
    for p in cx.resource.handle_params(path) {
        let f = id(&scope.claim(&[ident(&p.name)]));
        out.field_of.insert(p.name.clone(), f.clone());
        let w = &p.name;
        if Some(p.name.as_str()) == account_param {
            match cx.names.handle_sid(&p.ty) {
                Some(sid) => {
                    let sid_ty = cx.imports.add(sid);
                    out.fields.push(quote!(#f: Option<#sid_ty>,));
                    out.inits.push(quote!(#f: self.account.clone(),));
                    out.fields_text.push(format!("{f}: Option<{sid}>,"));
                    out.inits_text.push(format!("{f}: self.account.clone()"));
                    out.sid_checks.push(quote! {
                        if let Some(account) = &self.#f {
                            account.check(#w)?;
                        }
                    });
                    let mut t = Text::new();
                    t.line(8, &format!("if let Some(account) = &self.{f} {{"));
                    t.line(12, &format!("account.check({})?;", lit(w)));
                    t.line(8, "}");
                    out.checks_text.push(t.done());
                    cx.used.check.set(true);
                }
                None => {
                    out.fields.push(quote!(#f: Option<String>,));
                    out.inits
                        .push(quote!(#f: self.account.as_ref().map(|a| a.as_str().to_owned()),));
                    out.fields_text.push(format!("{f}: Option<String>,"));
                    out.inits_text.push(format!(
                        "{f}: self.account.as_ref().map(|a| a.as_str().to_owned())"
                    ));
                }
            }
            out.sid_checks.push(quote! {
                let account = self.client.acting_account(self.#f.as_ref().map(|a| a.as_str()))?;
            });
            let call = format!(".acting_account(self.{f}.as_ref().map(|a| a.as_str()))?;");
            let mut t = Text::new();
            if 8 + "let account = self.client".len() + call.len() <= MARGIN {
                t.line(8, &format!("let account = self.client{call}"));
            } else {
                // prettyplease breaks the chain before each dot.
                t.line(8, "let account = self");
                t.line(12, ".client");
                t.line(12, &call);
            }
            out.checks_text.push(t.done());
            out.account_value = Some(p.name.clone());
            continue;
        }
        match cx.names.handle_sid(&p.ty) {
            Some(sid) => {
                let sid_ty = cx.imports.add(sid);
                out.fields.push(quote!(#f: #sid_ty,));
                out.args.push(quote!(#f: &#sid_ty));
                out.inits.push(quote!(#f: #f.clone(),));
                out.fields_text.push(format!("{f}: {sid},"));
                out.args_text.push(format!("{f}: &{sid}"));
                out.inits_text.push(format!("{f}: {f}.clone()"));
                out.sid_checks.push(quote!(self.#f.check(#w)?;));
                let mut t = Text::new();
                t.line(8, &format!("self.{f}.check({})?;", lit(w)));
                out.checks_text.push(t.done());
                cx.used.check.set(true);
            }
            None => {
                out.fields.push(quote!(#f: String,));
                out.args.push(quote!(#f: impl std::fmt::Display));
                out.inits.push(quote!(#f: #f.to_string(),));
                out.fields_text.push(format!("{f}: String,"));
                out.args_text.push(format!("{f}: impl std::fmt::Display"));
                out.inits_text.push(format!("{f}: {f}.to_string()"));
            }
        }
    }
    out
}

/// [`url_fn`] as text, or `None` where its layout is not one written here.
fn url_text(cx: &Cx, path: &PathTemplate, pf: &PathFields) -> Option<String> {
    let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
    let segs: Vec<Expr> = path
        .segments()
        .iter()
        .map(|seg| match seg {
            Segment::Literal(text) => Expr::Atom(format!("Segment::Literal({})", lit(text))),
            Segment::Param { name, suffix } => {
                let value = match pf.field_of.get(name) {
                    _ if pf.account_value.as_ref() == Some(name) => "account".to_owned(),
                    Some(f) => format!("self.{f}.as_str()"),
                    None => "\"\"".to_owned(),
                };
                let mut items = vec![Expr::Atom(lit(name)), Expr::Atom(value)];
                if suffix.is_empty() {
                    Expr::list("Segment::param(", ")", items)
                } else {
                    items.push(Expr::Atom(lit(suffix)));
                    Expr::list("Segment::param_with_suffix(", ")", items)
                }
            }
        })
        .collect();
    cx.used.segment.set(true);
    let base = if cx.resource.base_url == cx.api.base_url {
        "crate::DEFAULT_BASE_URL"
    } else {
        "BASE_URL"
    };
    cx.used.result.set(true);
    let mut t = Text::new();
    t.line(
        4,
        "/// The URL of this handle's path; checks the path parameters.",
    );
    t.line(4, "fn url(&self) -> Result<url::Url> {");
    for check in &pf.checks_text {
        t.lines(check.as_ref()?);
    }
    let array = Expr::list("&[", "]", segs);
    let args = format!("{base}, {}", array.flat());
    if 8 + "self.client.endpoint()".len() + args.len() <= MARGIN {
        t.line(8, &format!("self.client.endpoint({args})"));
    } else if 12 + ".endpoint()".len() + args.len() <= MARGIN {
        // A layout between the two, not written here.
        return None;
    } else {
        t.line(8, "self.client");
        t.line(12, ".endpoint(");
        t.line(16, &format!("{base},"));
        let mut lines = String::new();
        if !array.lay_out(16, "", ",", false, &mut lines) || lines.lines().any(|l| l.len() > MARGIN)
        {
            return None;
        }
        t.lines(&lines);
        t.line(12, ")");
    }
    t.line(4, "}");
    t.done()
}

/// The handle's `url()`: checks the path parameters, then joins the path's segments to the
/// base URL.
fn url_fn(cx: &Cx, path: &PathTemplate, pf: &PathFields) -> TokenStream {
    // URL segments: literals as written, parameter values percent-encoded by the runtime.
    let segs: Vec<TokenStream> = path
        .segments()
        .iter()
        .map(|seg| match seg {
            Segment::Literal(text) => quote!(Segment::Literal(#text)),
            Segment::Param { name, suffix } => {
                let value = match pf.field_of.get(name) {
                    _ if pf.account_value.as_ref() == Some(name) => quote!(account),
                    Some(f) => quote!(self.#f.as_str()),
                    None => quote!(""),
                };
                if suffix.is_empty() {
                    quote!(Segment::param(#name, #value))
                } else {
                    quote!(Segment::param_with_suffix(#name, #value, #suffix))
                }
            }
        })
        .collect();
    cx.used.segment.set(true);
    let base = if cx.resource.base_url == cx.api.base_url {
        quote!(crate::DEFAULT_BASE_URL)
    } else {
        quote!(BASE_URL)
    };
    let sid_checks = &pf.sid_checks;
    cx.used.result.set(true);
    quote! {
        /// The URL of this handle's path; checks the path parameters.
        fn url(&self) -> Result<url::Url> {
            #(#sid_checks)*
            self.client.endpoint(#base, &[#(#segs),*])
        }
    }
}

/// The handle's method for an operation: a `List` for a page response, else an async call
/// (with a `_with` variant taking the parameters when the view keeps a bare method; see
/// [`keeps_bare_method`]).
fn method(cx: &mut Cx, op: &Operation) -> TokenStream {
    let method_name = op.kind.as_str();
    let m = id(method_name);
    let http = id(&op.method);
    let idempotent = op.kind != OperationKind::Create;
    let docs = doc(&method_doc(op));
    let deprecated = if op.deprecated {
        quote!(#[deprecated(note = "deprecated in the API spec")])
    } else {
        quote!()
    };
    let params = takes_params(op);
    let (param_arg, with) = if params {
        let pty = id(&cx.names.params[&op.id]);
        (quote!(params: #pty), quote!(.with(&params)?))
    } else {
        (quote!(), quote!())
    };
    cx.used.request.set(true);
    let build = quote! {
        let request = Request::new(Method::#http, self.url()?, #idempotent)#with;
    };
    let (ret, call) = match &op.response {
        Response::Page { key, item, .. } => {
            let item_ty = cx.ty(item);
            cx.used.list.set(true);
            let new = quote!(Request::new(Method::#http, url, #idempotent));
            let make = if params {
                quote!(#new.with(&params))
            } else {
                quote!(Ok(#new))
            };
            return quote! {
                #docs
                #deprecated
                pub fn #m(&self, #param_arg) -> List<#item_ty> {
                    let request = self.url().and_then(|url| #make);
                    List::new(self.client.clone(), request, #key)
                }
            };
        }
        Response::Empty { .. } => (quote!(()), quote!(self.client.execute_empty(request).await)),
        Response::Value { ty, .. } => {
            let t = cx.ty(ty);
            (t, quote!(self.client.execute(request).await))
        }
    };
    // `fetch()` next to `fetch_with(params)` when no parameter is required.
    if keeps_bare_method(op) {
        let with_m = id(&format!("{method_name}_with"));
        let pty = id(&cx.names.params[&op.id]);
        quote! {
            #docs
            #deprecated
            pub async fn #m(&self) -> Result<#ret> {
                self.#with_m(#pty::default()).await
            }

            #docs
            #deprecated
            pub async fn #with_m(&self, #param_arg) -> Result<#ret> {
                #build
                #call
            }
        }
    } else {
        quote! {
            #docs
            #deprecated
            pub async fn #m(&self, #param_arg) -> Result<#ret> {
                #build
                #call
            }
        }
    }
}
