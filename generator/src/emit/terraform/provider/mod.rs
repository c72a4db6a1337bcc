//! The provider crate (`terraform-provider-twilio/`, binary `terraform-provider-twilio`):
//! what the spec decides, on the hand-written `twilio-terraform-runtime`.
//!
//! - `src/provider.json`: per resource, what the runtime needs beyond the providers schema
//!   document (`terraform/providers-schema.json`, which `main.rs` embeds from beside the
//!   crate, so it exists once): where each attribute is in
//!   the client model's response, what forces replacement, the checks and conditions the
//!   spec states, the import ID's format and the default timeouts; all read from the
//!   [`TfResource`] view, never re-derived;
//! - `src/main.rs`: per resource, the `Operations` that build the client crate's parameter
//!   structs from Terraform values and call its handles (`client.flex_v1().flex_flows()`),
//!   formatted by prettyplease;
//! - `Cargo.toml`, `README.md` from `templates/terraform/provider/`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Value};
use twilio_provider_def as def;

use super::EmitError;
use crate::model::{Api, OperationKind, Param, Type};
use crate::views::rust::names::{ident, RustNames};
use crate::views::rust::types::{id, is_string, request_type, rust_type, Imports};
use crate::views::terraform::attrs::{Attribute, Block, Mode, Nesting, TfResource};
use crate::views::terraform::names;

/// The crate's directory in the output, for the provider named `provider`.
pub fn crate_dir(provider: &str) -> String {
    format!("terraform-provider-{provider}")
}

/// What the provider crate needs to know about the client crates.
pub struct ClientCrate<'a> {
    /// The API.
    pub api: &'a Api,
    /// Its crate name (`twilio-flex-v1`).
    pub name: String,
}

/// Emits the provider crate's files (paths relative to the output directory).
pub fn emit(
    resources: &[TfResource<'_>],
    crates: &[ClientCrate<'_>],
    provider: &str,
    settings: &crate::Settings,
    header: &str,
) -> Result<BTreeMap<String, String>, EmitError> {
    let dir = crate_dir(provider);
    let mut files = BTreeMap::new();
    let mut defs = BTreeMap::new();
    let mut data_sources = BTreeMap::new();
    let mut modules = Vec::new();
    let mut registrations = Vec::new();
    let mut used_crates: Vec<&ClientCrate<'_>> = Vec::new();
    for r in resources {
        let krate = crates
            .iter()
            .find(|c| std::ptr::eq(c.api, r.api))
            .ok_or_else(|| EmitError {
                what: format!("{dir}/src/main.rs"),
                message: format!("no client crate for `{}`", r.type_name),
            })?;
        if !used_crates.iter().any(|c| c.name == krate.name) {
            used_crates.push(krate);
        }
        defs.insert(r.type_name.clone(), resource_def(r));
        data_sources.insert(
            r.type_name.clone(),
            def::DataSourceDef {
                resource: r.type_name.clone(),
            },
        );
        let names = RustNames::new(r.api);
        let module = id(&r.name);
        let body = operations(r, &names, &krate.name)?;
        let ty = &r.type_name;
        modules.push(quote! {
            #[doc = concat!("`", #ty, "`: its operations through the client crate.")]
            mod #module {
                #body
            }
        });
        registrations.push(quote! {
            (#ty, Arc::new(#module::Ops) as Arc<dyn Operations>)
        });
    }
    let def = def::ProviderDef {
        name: provider.to_owned(),
        address: settings.provider_address.clone(),
        resources: defs,
        data_sources,
    };
    let mut def_text = serde_json::to_string_pretty(&def).map_err(|e| EmitError {
        what: format!("{dir}/src/provider.json"),
        message: e.to_string(),
    })?;
    def_text.push('\n');
    files.insert(format!("{dir}/src/provider.json"), def_text);

    let address = &settings.provider_address;
    let doc = format!(
        " The Terraform provider `{address}`, generated from the API specs; every API call goes \
         through the generated client crates. Terraform starts it; run alone, it says so."
    );
    let not_alone = format!(
        "This is a Terraform provider: Terraform runs it. `{dir} mirror DIR` writes a \
         filesystem mirror for `terraform init`; see its README."
    );
    let schema_path = format!("../../{}", super::PROVIDERS_SCHEMA_PATH);
    let main = quote! {
        #![doc = #doc]
        #![forbid(unsafe_code)]

        use std::sync::Arc;

        use twilio_terraform_runtime::Operations;

        /// What the binary says when run outside Terraform.
        const NOT_ALONE: &str = #not_alone;

        /// The behaviour of every resource, generated beside this file.
        const PROVIDER: &str = include_str!("provider.json");

        /// The providers schema document, generated beside this crate.
        const SCHEMA: &str = include_str!(#schema_path);

        #(#modules)*

        #[tokio::main]
        async fn main() -> std::process::ExitCode {
            let args: Vec<String> = std::env::args().skip(1).collect();
            if args.first().map(String::as_str) == Some("mirror") {
                return twilio_terraform_runtime::mirror::command(PROVIDER, env!("CARGO_PKG_VERSION"), &args[1..]);
            }
            if std::env::var_os("TF_PLUGIN_MAGIC_COOKIE").is_none() {
                eprintln!("{}", NOT_ALONE);
                return std::process::ExitCode::from(1);
            }
            let ops: Vec<(&str, Arc<dyn Operations>)> = vec![#(#registrations),*];
            match twilio_terraform_runtime::serve(PROVIDER, SCHEMA, ops).await {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("terraform-provider: {e}");
                    std::process::ExitCode::from(1)
                }
            }
        }
    };
    let text = crate::emit::rust::format_file(main, &format!("{dir}/src/main.rs"))?;
    files.insert(
        format!("{dir}/src/main.rs"),
        format!("// {header}\n\n{text}"),
    );

    let runtime_path = settings.runtime_path.as_deref().map(|p| {
        let provider_runtime = std::path::Path::new(p)
            .with_file_name("provider-runtime")
            .to_string_lossy()
            .replace('\\', "/");
        if std::path::Path::new(p).is_absolute() {
            provider_runtime
        } else {
            format!("../{}", provider_runtime.trim_start_matches("./"))
        }
    });
    let client_crates: Vec<Value> = used_crates
        .iter()
        .map(|c| json!({ "name": c.name, "path": format!("../{}", c.name) }))
        .collect();
    let render = |name: &str, template: &str| -> Result<String, EmitError> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_template(name, template)
            .and_then(|_| env.get_template(name))
            .and_then(|t| {
                t.render(minijinja::context! {
                    header => header,
                    crate_name => dir,
                    provider => provider,
                    address => address,
                    version => settings.crate_version,
                    runtime_path => runtime_path,
                    client_crates => client_crates,
                    resources => resources.iter().map(|r| r.type_name.clone()).collect::<Vec<_>>(),
                })
            })
            .map(|mut s| {
                if !s.ends_with('\n') {
                    s.push('\n');
                }
                s
            })
            .map_err(|e| EmitError {
                what: format!("{dir}/{name}"),
                message: e.to_string(),
            })
    };
    files.insert(
        format!("{dir}/Cargo.toml"),
        render(
            "Cargo.toml",
            include_str!("../../../../../templates/terraform/provider/Cargo.toml.j2"),
        )?,
    );
    files.insert(
        format!("{dir}/README.md"),
        render(
            "README.md",
            include_str!("../../../../../templates/terraform/provider/README.md.j2"),
        )?,
    );
    files.insert(
        format!("{dir}/rustfmt.toml"),
        format!(
            "# {header}\n# The code is formatted by prettyplease when generated; `cargo fmt` leaves it as is.\ndisable_all_formatting = true\n"
        ),
    );
    Ok(files)
}

/// The JSON text of a model type's values: open objects, carried as strings.
fn is_json(ty: &Type) -> bool {
    matches!(ty.leaf(), Type::Object | Type::Json)
}

/// Where a top-level attribute is in the serialized response model (wire field names):
/// computed attributes come from a response field; arguments the response also has list
/// that field after their parameter.
fn response_key(a: &Attribute) -> Option<String> {
    match a.mode {
        _ if !a.is_read() => None,
        Mode::Computed => a.wire.first().cloned(),
        _ => a.wire.last().cloned(),
    }
}

/// The member key of a group member (`Url` of `Integration.Url`).
fn member_key<'a>(b: &Block, a: &'a Attribute) -> &'a str {
    let wire = a.wire.first().map(String::as_str).unwrap_or(&a.name);
    wire.strip_prefix(&format!("{}.", b.prefix)).unwrap_or(wire)
}

/// The checks of an attribute, as the definition states them.
fn checks(a: &Attribute) -> def::Checks {
    let c = &a.checks;
    def::Checks {
        one_of: c.one_of.clone(),
        pattern: c.pattern.as_ref().map(|p| p.regex.clone()),
        min_length: c.min_length,
        max_length: c.max_length,
        min_items: c.min_items,
        max_items: c.max_items,
        minimum: c.minimum,
        maximum: c.maximum,
    }
}

/// The attribute path of a parameter by wire name, top level or in a block.
fn path_of(r: &TfResource<'_>, wire: &str) -> Option<Vec<String>> {
    if let Some(a) = r
        .attributes
        .iter()
        .find(|a| a.wire.first().map(String::as_str) == Some(wire))
    {
        return Some(vec![a.name.clone()]);
    }
    r.blocks.iter().find_map(|b| {
        b.attributes
            .iter()
            .find(|a| a.wire.first().map(String::as_str) == Some(wire))
            .map(|a| vec![b.name.clone(), a.name.clone()])
    })
}

/// `in_response`: whether the response carries the enclosing block.
fn attribute_def(
    r: &TfResource<'_>,
    a: &Attribute,
    block: Option<&Block>,
    in_response: bool,
) -> def::AttrDef {
    let (response, arg) = match block {
        Some(b) => {
            let key = ident(member_key(b, a));
            let response = in_response.then(|| key.clone());
            (response, a.mode.is_argument().then_some(key))
        }
        None => (
            response_key(a),
            a.mode.is_argument().then(|| a.name.clone()),
        ),
    };
    def::AttrDef {
        name: a.name.clone(),
        mode: a.mode,
        replace: a.requires_replace,
        stable: a.stable,
        json: is_json(&a.model_ty),
        create_only: a.create_only,
        update_only: a.update_only && a.mode.is_argument(),
        rfc2822: matches!(a.model_ty.leaf(), Type::DateTimeRfc2822),
        response,
        arg,
        wire: match a.wire.first() {
            Some(w) if a.mode.is_argument() => vec![w.clone()],
            _ => Vec::new(),
        },
        checks: checks(a),
        required_when: a
            .required_when
            .iter()
            .filter_map(|c| {
                path_of(r, &c.param).map(|path| def::Condition {
                    path,
                    values: c.values.clone(),
                })
            })
            .collect(),
        ty: def::Ty::String,
    }
}

/// A block's definition. `response`: its key in the enclosing response object, if the
/// response carries it; `arg`: its key in the enclosing group's arguments (nested groups).
fn block_def(
    r: &TfResource<'_>,
    b: &Block,
    response: Option<String>,
    arg: Option<String>,
) -> def::BlockDef {
    let blocks = b
        .blocks
        .iter()
        .map(|sub| {
            // The client's group struct names a nested group by its last segment.
            let last = sub.prefix.rsplit('.').next().unwrap_or(&sub.prefix);
            let key = ident(last);
            block_def(r, sub, response.as_ref().map(|_| key.clone()), Some(key))
        })
        .collect();
    def::BlockDef {
        name: b.name.clone(),
        attributes: b
            .attributes
            .iter()
            .map(|a| attribute_def(r, a, Some(b), response.is_some()))
            .collect(),
        response,
        arg,
        list: matches!(b.nesting, Nesting::List { .. }),
        required: b.required,
        blocks,
    }
}

/// A resource's definition: its attributes and blocks, import format, timeouts and plan
/// behaviour.
fn resource_def(r: &TfResource<'_>) -> def::ResourceDef {
    let segments = names::import_segments(&r.instance_path, &r.api.version);
    let n = segments
        .iter()
        .filter(|s| matches!(s, names::Segment::Param(_)))
        .count();
    let mut seen = 0;
    let import = segments
        .iter()
        .map(|s| match s {
            names::Segment::Literal(l) => def::ImportSegment::Literal((*l).to_owned()),
            names::Segment::Param(p) => {
                seen += 1;
                def::ImportSegment::Attribute(if seen == n {
                    r.id_source.clone()
                } else {
                    crate::views::terraform::attrs::attribute_name(p)
                })
            }
        })
        .collect();
    def::ResourceDef {
        id_source: r.id_source.clone(),
        import,
        attributes: r
            .attributes
            .iter()
            .map(|a| attribute_def(r, a, None, false))
            .collect(),
        blocks: r
            .blocks
            .iter()
            .map(|b| block_def(r, b, b.field.clone(), None))
            .collect(),
        timeouts: r
            .timeouts
            .iter()
            .map(|t| (t.action.to_owned(), u64::from(t.minutes) * 60))
            .collect(),
        adopted: r.adopted,
        kept_on_destroy: r.kept_on_destroy,
    }
}

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

/// The arguments one resource's operations read, each declared once as a typed
/// `Key` (`const CHANNEL_TYPE: Key<FlexFlowChannelType> = Key::new("channel_type")`) in a
/// `key` module beside its `Ops`: every read names its key, so the compiler checks each
/// use against the client's types, and the runtime checks the names against the
/// definition. An attribute the client takes as two types (a parent SID that one handle
/// takes typed and another as text) has a key per type, `CONFERENCE_SID_AS_STRING`.
///
/// The operations are built twice: once to learn every (name, type) read, once with the
/// final names.
#[derive(Default)]
struct Keys {
    /// (attribute name, Rust type as text) -> the type, for every read.
    read: std::cell::RefCell<BTreeMap<(String, String), TokenStream>>,
    /// The names of the keys, once every read is known.
    names: Option<BTreeMap<(String, String), proc_macro2::Ident>>,
}

impl Keys {
    /// The key of attribute `name` read as `ty` (`key::CHANNEL_TYPE`).
    fn key(&self, name: &str, ty: TokenStream) -> TokenStream {
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
    fn named(first: Keys) -> Keys {
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

    /// The `key` module and the `KEYS` list of names.
    fn declarations(&self) -> TokenStream {
        let read = self.read.borrow();
        let names = self.names.as_ref();
        let consts = read.iter().filter_map(|(k, ty)| {
            let c = names?.get(k)?;
            let name = &k.0;
            Some(quote!(pub const #c: Key<#ty> = Key::new(#name);))
        });
        let list = read.keys().filter_map(|k| {
            let c = names?.get(k)?;
            Some(quote!(key::#c.name()))
        });
        // The client crate's types come from the parent's `use`; the standard ones need none.
        let std_only = read.values().all(|ty| {
            ty.clone().into_iter().all(|t| match t {
                proc_macro2::TokenTree::Ident(i) => matches!(
                    i.to_string().as_str(),
                    "String" | "Vec" | "bool" | "i32" | "i64" | "u32" | "u64" | "f64"
                ),
                _ => true,
            })
        });
        let parent = if std_only {
            quote!()
        } else {
            quote!(
                use super::*;
            )
        };
        quote! {
            /// The arguments the operations read: each attribute's name and the client type
            /// its value becomes.
            mod key {
                #parent
                use twilio_terraform_runtime::Key;

                #(#consts)*
            }

            /// The names of the arguments the operations read.
            const KEYS: &[&str] = &[#(#list),*];
        }
    }
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
fn operations(
    r: &TfResource<'_>,
    names: &RustNames,
    crate_name: &str,
) -> Result<TokenStream, EmitError> {
    let first = Keys::default();
    operations_with(r, names, crate_name, &first)?;
    operations_with(r, names, crate_name, &Keys::named(first))
}

/// [`operations`], reading arguments through `keys`.
fn operations_with(
    r: &TfResource<'_>,
    names: &RustNames,
    crate_name: &str,
    keys: &Keys,
) -> Result<TokenStream, EmitError> {
    let krate = id(&crate_name.replace('-', "_"));
    let api_method = id(&names.api_method);
    let res = r.resource;
    let fail = |what: &str| EmitError {
        what: format!("terraform provider: {}", r.type_name),
        message: format!("resource `{}` has no {what}", res.name),
    };
    let (list_ty_method, ctx_method) = (
        names.list_handles.get(&res.name),
        names.context_handles.get(&res.name),
    );
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
    // Before an adopted object is in state its `id` is unknown: its path parameters are
    // read by their attribute names.
    let by_id = |op: &crate::model::Operation| !(r.adopted && std::ptr::eq(op, create));
    let handle = |op: &crate::model::Operation| -> Result<TokenStream, EmitError> {
        let on_list = Some(&op.path) == res.list_path.as_ref();
        let (method, instance) = if on_list {
            (
                list_ty_method.ok_or_else(|| fail("list handle"))?.1.clone(),
                false,
            )
        } else {
            (
                ctx_method.ok_or_else(|| fail("instance handle"))?.1.clone(),
                true,
            )
        };
        let m = id(&method);
        // The account a path acts in: the attribute when set, else the client's (the
        // provider's account).
        let account = op.path.account_param();
        let params: Vec<Param> = res
            .handle_params(&op.path)
            .iter()
            .filter(|p| Some(p.name.as_str()) != account)
            .cloned()
            .collect();
        let scoped = match res
            .handle_params(&op.path)
            .iter()
            .find(|p| Some(p.name.as_str()) == account)
        {
            Some(p) => {
                let key = crate::views::terraform::attrs::attribute_name(&p.name);
                let sid = names.handle_sid(&p.ty).map_or_else(
                    || quote!(String),
                    |s| {
                        let s = id(s);
                        quote!(#s)
                    },
                );
                let k = keys.key(&key, sid);
                quote! {{
                    let api = client.#api_method();
                    match args.opt(#k)? {
                        Some(account) => api.in_account(&account),
                        None => api,
                    }
                }}
            }
            None => quote!(client.#api_method()),
        };
        let args = handle_args(&params, names, instance && by_id(op), keys);
        Ok(quote!(#scoped.#m(#(#args),*)))
    };
    let call = |op: &crate::model::Operation| -> Result<TokenStream, EmitError> {
        let h = handle(op)?;
        let verb = id(op.kind.as_str());
        // Fetch and delete without required parameters are `fetch()` beside `fetch_with(p)`.
        let split = matches!(op.kind, OperationKind::Fetch | OperationKind::Delete);
        Ok(match params_value(r, op, names, keys) {
            Some((p, true)) => quote!(#h.#verb(#p)),
            Some((p, false)) if split => {
                let with = id(&format!("{}_with", op.kind.as_str()));
                quote!(#h.#with(#p))
            }
            Some((p, false)) => quote!(#h.#verb(#p)),
            None => quote!(#h.#verb()),
        })
    };
    let create_call = call(create)?;
    let fetch_call = call(fetch)?;
    // Without a delete operation, destroy leaves the object at Twilio.
    let delete_body = match delete {
        Some(d) => {
            let c = call(d)?;
            quote! {
                #c.await?;
                Ok(())
            }
        }
        None => quote! {
            let _ = (client, args);
            Ok(())
        },
    };
    let update = match res.operation(OperationKind::Update) {
        Some(u) => {
            let c = call(u)?;
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
    };
    let (create_unused, fetch_unused) = (unused_args(&create_call), unused_args(&fetch_call));
    let allow_deprecated = if res.operations.iter().any(|o| o.deprecated) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let declarations = keys.declarations();
    Ok(quote! {
        use twilio_terraform_runtime::{async_trait, to_json, Args, Failure, Operations};
        use #krate::*;

        #declarations

        /// The operations of this resource type.
        pub struct Ops;

        #allow_deprecated
        #[async_trait]
        impl Operations for Ops {
            fn keys(&self) -> &'static [&'static str] {
                KEYS
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
    })
}
