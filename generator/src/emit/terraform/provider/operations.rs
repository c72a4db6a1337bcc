//! Per resource, the `Operations` implementation: the client crate's parameter structs built
//! from Terraform values (through typed keys) and the calls of its handles.

use proc_macro2::TokenStream;
use quote::quote;

use super::keys::Keys;
use super::EmitError;
use crate::model::{Operation, OperationKind, Param, Type};
use crate::views::rust::names::{ident, RustNames};
use crate::views::rust::types::{id, is_string, request_type, rust_type, Imports};
use crate::views::terraform::attrs::TfResource;

/// `let _ = args;` for a call that reads no argument (a singleton without parameters).
fn unused_args(call: &TokenStream) -> TokenStream {
    let reads = call.clone().into_iter().any(|t| mentions_args(&t));
    if reads {
        quote!()
    } else {
        quote!(let _ = args;)
    }
}

fn mentions_args(t: &proc_macro2::TokenTree) -> bool {
    match t {
        proc_macro2::TokenTree::Ident(i) => i == "args",
        proc_macro2::TokenTree::Group(g) => g.stream().into_iter().any(|t| mentions_args(&t)),
        _ => false,
    }
}

/// The Rust type an argument is read as: the type the client's parameter struct holds.
fn arg_type(t: &Type, names: &RustNames) -> TokenStream {
    let t = request_type(t);
    if is_string(&t) {
        return quote!(String);
    }
    if let Type::Array(inner) = &t {
        if is_string(inner) {
            return quote!(Vec<String>);
        }
    }
    let mut imports = Imports::default();
    rust_type(&t, names, &mut imports)
}

/// The arguments of a handle accessor: parent attributes, then `id` for the instance path's
/// last parameter.
fn handle_args(
    params: &[Param],
    names: &RustNames,
    instance: bool,
    keys: &Keys,
) -> Vec<TokenStream> {
    let n = params.len();
    params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let key = if instance && i + 1 == n {
                "id".to_owned()
            } else {
                crate::views::terraform::attrs::attribute_name(&p.name)
            };
            match names.handle_sid(&p.ty) {
                Some(sid) => {
                    let k = keys.key(&key, {
                        let sid = id(sid);
                        quote!(#sid)
                    });
                    quote!(&args.req(#k)?)
                }
                None => {
                    let k = keys.key(&key, quote!(String));
                    quote!(args.req(#k)?)
                }
            }
        })
        .collect()
}

/// Builds the parameter struct of an operation from the arguments, the way the Rust emitter
/// lays it out: query, header and body parameters, then groups; required ones are
/// constructor arguments, optional ones setters.
fn params_value(
    r: &TfResource<'_>,
    op: &crate::model::Operation,
    names: &RustNames,
    keys: &Keys,
) -> Option<(TokenStream, bool)> {
    let struct_name = names.params.get(&op.id)?;
    let ty = id(struct_name);
    let mut scope = crate::views::rust::names::Scope::with(&["new"]);
    let mut required = Vec::new();
    let mut setters = Vec::new();
    let mut any = false;
    let mut add = |ident_name: String, has_key: bool, read: TokenStream, req: bool| {
        any = true;
        let f = id(&ident_name);
        if req {
            required.push(read);
        } else if has_key {
            setters.push(quote! {
                if let Some(v) = #read { p = p.#f(v); }
            });
        }
    };
    let read_of = |key: &Option<String>, t: &TokenStream, req: bool| match key {
        Some(k) if req => {
            let k = keys.key(k, t.clone());
            quote!(args.req(#k)?)
        }
        Some(k) => {
            let k = keys.key(k, t.clone());
            quote!(args.opt(#k)?)
        }
        None => quote!(None),
    };

    let plain = |p: &Param| Some(crate::views::terraform::attrs::attribute_name(&p.name));
    for p in op.query_params.iter().chain(&op.header_params) {
        let f = scope.claim(&[ident(&p.name)]);
        // Query and header parameters are no attributes; only required ones are read (and
        // report their absence).
        let key = p
            .required
            .then(|| crate::views::terraform::attrs::attribute_name(&p.name));
        let read = read_of(&key, &arg_type(&p.ty, names), p.required);
        add(f, key.is_some(), read, p.required);
    }
    if let Some(body) = &op.body {
        if body.free_form {
            let f = scope.claim(&["body".to_owned()]);
            let key = Some("body".to_owned());
            let read = read_of(&key, &quote!(serde_json::Value), body.required);
            add(f, true, read, body.required);
        }
        for p in &body.params {
            let f = scope.claim(&[ident(&p.name)]);
            let key = plain(p).filter(|k| r.attribute(k).is_some());
            let read = read_of(&key, &arg_type(&p.ty, names), p.required);
            add(f, key.is_some(), read, p.required);
        }
        for g in &body.groups {
            let f = scope.claim(&[ident(&g.name)]);
            let gty = id(names
                .groups
                .get(&(r.resource.name.clone(), g.prefix.clone()))?);
            let t = if g.indexed.is_some() {
                quote!(Vec<#gty>)
            } else {
                quote!(#gty)
            };
            let key = r
                .blocks
                .iter()
                .find(|b| b.prefix == g.prefix)
                .map(|b| b.name.clone());
            // Only the members this operation takes: the group's type is shared with the
            // other operations of the resource.
            let accepted = accepted_members(g, "");
            let read = match &key {
                Some(k) if g.required => {
                    let k = keys.key(k, t);
                    quote!(args.req_group(#k, &[#(#accepted),*])?)
                }
                Some(k) => {
                    let k = keys.key(k, t);
                    quote!(args.group(#k, &[#(#accepted),*])?)
                }
                None => quote!(None),
            };
            add(f, key.is_some(), read, g.required);
        }
    }
    if !any {
        return None;
    }
    let build = if required.is_empty() {
        quote!(#ty::new())
    } else {
        quote!(#ty::new(#(#required),*))
    };
    let has_required = !required.is_empty();
    if setters.is_empty() {
        Some((build, has_required))
    } else {
        Some((
            quote!({
                let mut p = #build;
                #(#setters)*
                p
            }),
            has_required,
        ))
    }
}

/// The members of a parameter group an operation takes, by the client's field names (nested
/// groups' members dotted after their group's field name).
fn accepted_members(g: &crate::model::ParamGroup, above: &str) -> Vec<String> {
    let mut out: Vec<String> = g
        .params
        .iter()
        .map(|p| {
            let member = p
                .name
                .strip_prefix(&format!("{}.", g.prefix))
                .unwrap_or(&p.name);
            format!("{above}{}", ident(member))
        })
        .collect();
    for sub in &g.groups {
        let last = sub.prefix.rsplit('.').next().unwrap_or(&sub.prefix);
        out.extend(accepted_members(sub, &format!("{above}{}.", ident(last))));
    }
    out
}

/// The `Operations` implementation of one resource.
pub(super) fn operations(
    r: &TfResource<'_>,
    names: &RustNames,
    crate_name: &str,
) -> Result<Module, EmitError> {
    let first = Keys::default();
    Calls::new(r, names, &first)?.implementation(crate_name)?;
    let keys = Keys::named(first);
    Calls::new(r, names, &keys)?.implementation(crate_name)
}

/// A resource module's parts: its `use` lines and the arguments it reads (as text where
/// [`Keys::declarations_text`] writes them), then `Ops` and its `Operations` impl.
pub(super) struct Module {
    /// The client crate's Rust name (`twilio_flex_v1`).
    pub(super) krate: String,
    pub(super) declarations: TokenStream,
    pub(super) declarations_text: Option<String>,
    pub(super) ops: TokenStream,
    /// `ops` as text in prettyplease's layout (methods it cannot lay out formatted through
    /// syn); `None` on the first pass, which only learns the keys.
    pub(super) ops_text: Option<Result<String, EmitError>>,
    /// How many of the four methods `ops_text` wrote as text (what the tests check).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) methods_as_text: usize,
}

/// The calls one resource's operations make, reading arguments through `keys`.
struct Calls<'a> {
    r: &'a TfResource<'a>,
    names: &'a RustNames,
    keys: &'a Keys,
    /// The operation that creates the object (or, for an adopted one, sets it).
    create: &'a Operation,
    fetch: &'a Operation,
    delete: Option<&'a Operation>,
}

impl<'a> Calls<'a> {
    fn new(r: &'a TfResource<'a>, names: &'a RustNames, keys: &'a Keys) -> Result<Self, EmitError> {
        let res = r.resource;
        let fail = |what: &str| fail(r, what);
        // An adopted object is created by the operation that sets it.
        let create = crate::views::terraform::attrs::adoptable(res)
            .or_else(|| res.operation(OperationKind::Create))
            .ok_or_else(|| fail("create"))?;
        let fetch = res
            .operation(OperationKind::Fetch)
            .ok_or_else(|| fail("fetch"))?;
        let delete = res.operation(OperationKind::Delete);
        if delete.is_none() && !r.kept_on_destroy {
            return Err(fail("delete"));
        }
        Ok(Calls {
            r,
            names,
            keys,
            create,
            fetch,
            delete,
        })
    }

    /// The API handle an operation's path acts in: scoped to the `account_sid` attribute
    /// when set, else the client's (the provider's account).
    fn scoped_api(&self, op: &Operation) -> TokenStream {
        let api_method = id(&self.names.api_method);
        let account = op.path.account_param();
        let Some(p) = self
            .r
            .resource
            .handle_params(&op.path)
            .iter()
            .find(|p| Some(p.name.as_str()) == account)
        else {
            return quote!(client.#api_method());
        };
        let key = crate::views::terraform::attrs::attribute_name(&p.name);
        let sid = self.names.handle_sid(&p.ty).map_or_else(
            || quote!(String),
            |s| {
                let s = id(s);
                quote!(#s)
            },
        );
        let k = self.keys.key(&key, sid);
        quote! {{
            let api = client.#api_method();
            match args.opt(#k)? {
                Some(account) => api.in_account(&account),
                None => api,
            }
        }}
    }

    /// The handle an operation is called on (`client.flex_v1().flex_flow(&id)`).
    fn handle(&self, op: &Operation) -> Result<TokenStream, EmitError> {
        let res = self.r.resource;
        let on_list = Some(&op.path) == res.list_path.as_ref();
        let (handles, instance, what) = if on_list {
            (&self.names.list_handles, false, "list handle")
        } else {
            (&self.names.context_handles, true, "instance handle")
        };
        let method = &handles.get(&res.name).ok_or_else(|| fail(self.r, what))?.1;
        let m = id(method);
        let account = op.path.account_param();
        let params: Vec<Param> = res
            .handle_params(&op.path)
            .iter()
            .filter(|p| Some(p.name.as_str()) != account)
            .cloned()
            .collect();
        // Before an adopted object is in state its `id` is unknown: its path parameters are
        // read by their attribute names.
        let by_id = !(self.r.adopted && std::ptr::eq(op, self.create));
        let args = handle_args(&params, self.names, instance && by_id, self.keys);
        let scoped = self.scoped_api(op);
        Ok(quote!(#scoped.#m(#(#args),*)))
    }

    /// An operation's call on its handle, with its parameter struct.
    fn call(&self, op: &Operation) -> Result<TokenStream, EmitError> {
        let h = self.handle(op)?;
        let verb = id(op.kind.as_str());
        // Fetch and delete without required parameters are `fetch()` beside `fetch_with(p)`.
        let split = matches!(op.kind, OperationKind::Fetch | OperationKind::Delete);
        Ok(match params_value(self.r, op, self.names, self.keys) {
            Some((p, true)) => quote!(#h.#verb(#p)),
            Some((p, false)) if split => {
                let with = id(&format!("{}_with", op.kind.as_str()));
                quote!(#h.#with(#p))
            }
            Some((p, false)) => quote!(#h.#verb(#p)),
            None => quote!(#h.#verb()),
        })
    }

    /// The body of `delete`: without a delete operation, destroy leaves the object at Twilio.
    fn delete_body(&self) -> Result<TokenStream, EmitError> {
        Ok(match self.delete {
            Some(d) => {
                let c = self.call(d)?;
                quote! {
                    #c.await?;
                    Ok(())
                }
            }
            None => quote! {
                let _ = (client, args);
                Ok(())
            },
        })
    }

    /// The body of `update`: `None` without an update operation.
    fn update_body(&self) -> Result<TokenStream, EmitError> {
        Ok(match self.r.resource.operation(OperationKind::Update) {
            Some(u) => {
                let c = self.call(u)?;
                let unused = unused_args(&c);
                quote! {
                    #unused
                    let result: std::result::Result<serde_json::Value, Failure> = async {
                        to_json(&#c.await?)
                    }
                    .await;
                    Some(result)
                }
            }
            None => quote! {
                let _ = (client, args);
                None
            },
        })
    }

    /// The resource module's contents: its keys, `Ops` and its `Operations` impl.
    fn implementation(&self, crate_name: &str) -> Result<Module, EmitError> {
        let krate = crate_name.replace('-', "_");
        let create_call = self.call(self.create)?;
        let fetch_call = self.call(self.fetch)?;
        let delete_body = self.delete_body()?;
        let update = self.update_body()?;
        let (create_unused, fetch_unused) = (unused_args(&create_call), unused_args(&fetch_call));
        let allow_deprecated = if self.r.resource.operations.iter().any(|o| o.deprecated) {
            quote!(#[allow(deprecated)])
        } else {
            quote!()
        };
        let def = super::definition::resource_def(self.r);
        let arguments = def.arguments();
        let mut methods_as_text = 0;
        let ops_text = self.keys.is_named().then(|| {
            let unused = |c: &TokenStream| unused_args(c);
            ops_text(
                !allow_deprecated.is_empty(),
                [
                    ("create", RESULT, {
                        let u = unused(&create_call);
                        quote!(#u to_json(&#create_call.await?))
                    }),
                    ("read", RESULT, {
                        let u = unused(&fetch_call);
                        quote!(#u to_json(&#fetch_call.await?))
                    }),
                    ("update", UPDATE_RESULT, update.clone()),
                    ("delete", DELETE_RESULT, delete_body.clone()),
                ],
                &mut methods_as_text,
            )
        });
        let declarations = self.keys.declarations(&arguments);
        let declarations_text = self.keys.declarations_text(&arguments);
        let ops = quote! {
            /// The operations of this resource type.
            pub struct Ops;

            #allow_deprecated
            #[async_trait]
            impl Operations for Ops {
                fn arguments(&self) -> &'static [&'static str] {
                    ARGUMENTS
                }

                async fn create(&self, client: &Client, args: &Args) -> std::result::Result<serde_json::Value, Failure> {
                    #create_unused
                    to_json(&#create_call.await?)
                }

                async fn read(&self, client: &Client, args: &Args) -> std::result::Result<serde_json::Value, Failure> {
                    #fetch_unused
                    to_json(&#fetch_call.await?)
                }

                async fn update(&self, client: &Client, args: &Args) -> Option<std::result::Result<serde_json::Value, Failure>> {
                    #update
                }

                async fn delete(&self, client: &Client, args: &Args) -> std::result::Result<(), Failure> {
                    #delete_body
                }
            }
        };
        Ok(Module {
            krate,
            declarations,
            declarations_text,
            ops,
            ops_text,
            methods_as_text,
        })
    }
}

/// The return types of the operations, as written.
const RESULT: &str = "std::result::Result<serde_json::Value, Failure>";
const UPDATE_RESULT: &str = "Option<std::result::Result<serde_json::Value, Failure>>";
const DELETE_RESULT: &str = "std::result::Result<(), Failure>";

/// `Ops` and its `Operations` implementation as text in prettyplease's layout: each method
/// whose body [`Stmt`] reads and lays out is written as text, any other formatted through
/// syn.
fn ops_text(
    allow_deprecated: bool,
    methods: [(&str, &str, TokenStream); 4],
    as_text: &mut usize,
) -> Result<String, EmitError> {
    use crate::emit::rust::text::{impl_item_lines, Stmt, Text};
    let mut out = String::from("/// The operations of this resource type.\npub struct Ops;\n\n");
    if allow_deprecated {
        out.push_str("#[allow(deprecated)]\n");
    }
    out.push_str("#[async_trait]\nimpl Operations for Ops {\n    fn arguments(&self) -> &'static [&'static str] {\n        ARGUMENTS\n    }\n");
    for (name, ret, body) in methods {
        out.push('\n');
        let args = ["&self", "client: &Client", "args: &Args"].map(str::to_owned);
        let text = Stmt::all_of(body.clone()).and_then(|stmts| {
            let mut t = Text::new();
            t.signature(
                4,
                &format!("async fn {name}"),
                &args,
                &format!(" -> {ret} {{"),
            );
            let mut lines = String::new();
            if !stmts.iter().all(|s| s.lay_out(8, &mut lines)) {
                return None;
            }
            t.lines(&lines);
            t.line(4, "}");
            t.done()
        });
        match text {
            Some(text) => {
                *as_text += 1;
                out.push_str(&text);
            }
            None => {
                let (name, ret) = (
                    id(name),
                    ret.parse::<TokenStream>().map_err(|e| EmitError {
                        what: "terraform provider".to_owned(),
                        message: e.to_string(),
                    })?,
                );
                out.push_str(&impl_item_lines(
                    quote!(async fn #name(&self, client: &Client, args: &Args) -> #ret { #body }),
                    "terraform provider",
                )?);
            }
        }
    }
    out.push_str("}\n");
    Ok(out)
}

/// The error of a resource that lacks `what`.
fn fail(r: &TfResource<'_>, what: &str) -> EmitError {
    EmitError {
        what: format!("terraform provider: {}", r.type_name),
        message: format!("resource `{}` has no {what}", r.resource.name),
    }
}
