//! The crate's top-level files: `lib.rs`, `resources/mod.rs`, `Cargo.toml`, `README.md` and
//! the runnable example.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::doc;
use super::samples::param_sample;
use super::EmitCx;
use crate::emit::EmitError;
use crate::model::{Api, OperationKind, Resource, Response};
use crate::views::rust::names::RustNames;
use crate::views::rust::types::id;

/// `src/lib.rs`: the modules, the API handle and its extension trait, and re-exports of
/// everything a program needs (the runtime's client and error types included).
pub fn lib_rs(api: &Api, names: &RustNames) -> TokenStream {
    let base_url = &api.base_url;
    let modules: Vec<_> = api
        .resources
        .iter()
        .map(|r| id(&names.modules[&r.name]))
        .collect();
    let mut mods = Vec::new();
    let mut globs = Vec::new();
    for (name, present) in [
        ("enums", !api.enums.is_empty()),
        ("models", !api.models.is_empty()),
        ("resources", !api.resources.is_empty()),
        ("sids", !api.sids.is_empty()),
    ] {
        if present {
            let m = id(name);
            mods.push(quote!(pub mod #m;));
            if name != "resources" {
                globs.push(quote!(pub use #m::*;));
            }
        }
    }
    let api_ty = id(&names.api_type);
    let api_ext = id(&names.api_ext);
    let api_method = id(&names.api_method);
    let title = format!(
        "The {} API ({}): every resource of the spec, through one [`Client`].",
        api.title, api.version
    );
    let handle_doc = format!(
        "{title}\n\nGet it with `client.{}()` (the [`{}`] trait) or [`{}::new`].",
        names.api_method, names.api_ext, names.api_type,
    );
    let ext_doc = format!(
        "Reaches the {} API from a [`Client`]: `client.{}()`.",
        api.title, names.api_method
    );
    let method_doc = format!(
        "The {} API ({}), sending through this client.",
        api.title, api.version
    );
    let (handle_doc, ext_doc, method_doc) = (doc(&handle_doc), doc(&ext_doc), doc(&method_doc));
    // Paths under `/Accounts/{AccountSid}` act in the client's account unless the handle
    // names another (a subaccount).
    let scoped = account_scoped(api);
    let (account_field, account_init, account_fn) = if scoped {
        let sid_ty = match names.sids.get("AC") {
            Some(alias) => {
                let alias = id(alias);
                quote!(#alias)
            }
            None => quote!(Sid<'A', 'C'>),
        };
        (
            quote!(account: Option<#sid_ty>,),
            quote!(account: None),
            quote! {
                /// The API acting in this account (a subaccount) instead of the client's:
                /// every path under `/Accounts/{AccountSid}` names it. Without it, calls
                /// act in [`Client::account_sid`] (the account of the credentials).
                pub fn in_account(&self, account_sid: &#sid_ty) -> Self {
                    #api_ty { client: self.client.clone(), account: Some(account_sid.clone()) }
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    quote! {
        #![doc = include_str!("../README.md")]
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        #(#mods)*

        /// The API's default base URL, from the spec's servers.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #handle_doc
        #[derive(Clone, Debug)]
        pub struct #api_ty {
            client: Client,
            #account_field
        }

        impl #api_ty {
            /// The API, sending its requests through `client`.
            pub fn new(client: &Client) -> Self {
                #api_ty { client: client.clone(), #account_init }
            }

            /// The client the requests go through.
            pub fn client(&self) -> &Client {
                &self.client
            }

            #account_fn
        }

        #ext_doc
        pub trait #api_ext {
            #method_doc
            fn #api_method(&self) -> #api_ty;
        }

        impl #api_ext for Client {
            fn #api_method(&self) -> #api_ty {
                #api_ty::new(self)
            }
        }

        pub use twilio_runtime::{
            ApiError, Client, ClientBuilder, Credentials, Error, List, Page, PageMeta, Result,
            RetryPolicy, Sid, SidError, ValidationError,
        };
        pub use twilio_runtime::encoding::ParseEnumError;
        #(#globs)*
        #(pub use resources::#modules::*;)*

        /// Re-exported: the crate's public types use them.
        pub use twilio_runtime::{chrono, serde_json, url};
    }
}

/// `src/resources/mod.rs`.
pub fn resources_mod_rs(api: &Api, names: &RustNames) -> TokenStream {
    let modules: Vec<_> = api
        .resources
        .iter()
        .map(|r| id(&names.modules[&r.name]))
        .collect();
    let api_ty = &names.api_type;
    let text = format!(
        " One module per resource: its parameter types, its handles, and the [`{api_ty}`](crate::{api_ty})\n methods that return them."
    );
    quote! {
        #![doc = #text]

        #(pub mod #modules;)*
    }
}

/// The resource an example shows: the first with create and a paged list, else the first
/// with a paged list.
pub fn showcase(api: &Api) -> Option<&Resource> {
    let paged = |r: &&Resource| {
        r.operation(OperationKind::List)
            .is_some_and(|o| matches!(o.response, Response::Page { .. }))
    };
    api.resources
        .iter()
        .filter(paged)
        .find(|r| r.operation(OperationKind::Create).is_some())
        .or_else(|| api.resources.iter().find(paged))
}

/// The example program: create one item (when possible), then stream the list.
pub fn example_main(cx: &EmitCx) -> String {
    let (api, names) = (cx.api, cx.names);
    let krate = id(&cx.crate_name.replace('-', "_"));
    let api_method = id(&names.api_method);
    let Some(r) = showcase(api) else {
        return format!(
            "use {krate}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    let client = Client::from_env()?;\n    println!(\"{{client:?}}\");\n    Ok(())\n}}\n"
        );
    };
    let mut body = Vec::new();
    let (list_ty_acc, list_args) = match names.list_handles.get(&r.name) {
        Some((_, acc)) => {
            let list = r
                .operation(OperationKind::List)
                .expect("showcase has a list");
            // SID parameters are borrowed; the others take any `Display` value. The account
            // a path acts in is the client's (the credentials').
            let account = list.path.account_param();
            let args: Option<Vec<TokenStream>> = list
                .path_params
                .iter()
                .filter(|p| Some(p.name.as_str()) != account)
                .map(|p| {
                    let e = param_sample(api, names, p)?.expr;
                    Some(match &p.ty {
                        t if names.handle_sid(t).is_some() => quote!(&#e),
                        _ => e,
                    })
                })
                .collect();
            let Some(args) = args else {
                return String::new();
            };
            (id(acc), args)
        }
        None => return String::new(),
    };
    if let Some(create) = r
        .operation(OperationKind::Create)
        .filter(|o| Some(&o.path) == r.list_path.as_ref())
    {
        let required: Option<Vec<TokenStream>> = create
            .request_params()
            .filter(|p| p.required)
            .map(|p| param_sample(api, names, p).map(|s| s.expr))
            .collect();
        let groups_required = create
            .body
            .iter()
            .any(|b| b.groups.iter().any(|g| g.required) || (b.free_form && b.required));
        if let (Some(required), false) = (required, groups_required) {
            let pty = id(&names.params[&create.id]);
            let params = if names.params.contains_key(&create.id) && create.takes_params() {
                quote!(#pty::new(#(#required),*))
            } else {
                quote!()
            };
            let what = format!(" Create {}.", r.name.replace('_', " "));
            body.push(quote! {
                #[doc = #what]
                let created = client.#api_method().#list_ty_acc(#(#list_args),*).create(#params).await?;
                println!("created: {created:?}");
            });
        }
    }
    let list = r
        .operation(OperationKind::List)
        .expect("showcase has a list");
    let lpty = id(&names.params[&list.id]);
    let has_params = list.takes_params();
    let required_ok: Option<Vec<TokenStream>> = list
        .request_params()
        .filter(|p| p.required)
        .map(|p| param_sample(api, names, p).map(|s| s.expr))
        .collect();
    let Some(required) = required_ok else {
        return String::new();
    };
    let page_size = list
        .query_params
        .iter()
        .find(|p| p.name == "PageSize")
        .map(|_| quote!(.page_size(20)))
        .unwrap_or_default();
    let list_params = if has_params {
        quote!(#lpty::new(#(#required),*)#page_size)
    } else {
        quote!()
    };
    body.push(quote! {
        #[doc = " Every item, page after page; at most 100."]
        let mut items = std::pin::pin!(client.#api_method().#list_ty_acc(#(#list_args),*).list(#list_params).limit(100).stream());
        while let Some(item) = items.try_next().await? {
            println!("{item:?}");
        }
    });
    let tokens = quote! {
        use futures_util::TryStreamExt;
        use #krate::*;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #[doc = " Credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN."]
            let client = Client::from_env()?;
            #(#body)*
            Ok(())
        }
    };
    // Doc attributes on statements stand in for comments; turn them into `//` lines.
    let text = super::format_file(tokens, "example").unwrap_or_default();
    text.lines()
        .map(|l| match l.trim_start().strip_prefix("///") {
            Some(rest) => format!("{}//{rest}", &l[..l.len() - l.trim_start().len()]),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The `twilio-runtime` version generated crates require.
pub const RUNTIME_VERSION: &str = "0.1";

/// Renders `Cargo.toml`.
pub fn cargo_toml(cx: &EmitCx, regex: bool) -> Result<String, EmitError> {
    let api = cx.api;
    // A path relative to the output directory is one level further from the crate's.
    let runtime_path = cx.settings.runtime_path.as_deref().map(|p| {
        if std::path::Path::new(p).is_absolute() {
            p.to_owned()
        } else {
            format!("../{}", p.trim_start_matches("./"))
        }
    });
    render(
        "Cargo.toml",
        include_str!("../../../../templates/rust/Cargo.toml.j2"),
        minijinja::context! {
            header => cx.header,
            crate_name => cx.crate_name,
            version => cx.settings.crate_version,
            title => api.title,
            api_version => api.version,
            domain => api.domain,
            regex => regex,
            runtime_path => runtime_path,
            runtime_version => RUNTIME_VERSION,
        },
    )
}

/// Renders `README.md`.
pub fn readme(cx: &EmitCx, example: &str) -> Result<String, EmitError> {
    let api = cx.api;
    let mut resources = Vec::new();
    for r in &api.resources {
        for (path, handle) in [
            (&r.list_path, cx.names.list_handles.get(&r.name)),
            (&r.instance_path, cx.names.context_handles.get(&r.name)),
        ] {
            if let (Some(path), Some((_, method))) = (path, handle) {
                let ops: Vec<&str> = r
                    .operations
                    .iter()
                    .filter(|o| &o.path == path)
                    .map(|o| o.kind.as_str())
                    .collect();
                resources.push(minijinja::context! { method => format!("{method}()"), path => path, ops => ops.join(", ") });
            }
        }
    }
    render(
        "README.md",
        include_str!("../../../../templates/rust/README.md.j2"),
        minijinja::context! {
            crate_name => cx.crate_name,
            title => api.title,
            api_version => api.version,
            spec_file => cx.spec_file,
            spec_version => api.spec_version,
            base_url => api.base_url,
            example => example.trim_end(),
            resources => resources,
            api_type => cx.names.api_type,
            api_ext => cx.names.api_ext,
            api_method => cx.names.api_method,
            krate => cx.crate_name.replace('-', "_"),
            account_scoped => account_scoped(api),
            scoped_call => scoped_call(api, cx.names),
        },
    )
}

/// A call in the client's account, for the README: `addresses().create(..)`.
fn scoped_call(api: &Api, names: &RustNames) -> Option<String> {
    api.resources.iter().find_map(|r| {
        r.list_path.as_ref()?.account_param()?;
        let (_, method) = names.list_handles.get(&r.name)?;
        let op = [OperationKind::Create, OperationKind::List]
            .into_iter()
            .find(|k| r.operation(*k).is_some())?;
        Some(format!("{method}().{}(..)", op.as_str()))
    })
}

/// Whether some path acts in an account (`/Accounts/{AccountSid}/...`): the API handle then
/// has `in_account`.
fn account_scoped(api: &Api) -> bool {
    api.resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|o| o.path.account_param().is_some())
}

fn render(what: &str, template: &str, ctx: minijinja::Value) -> Result<String, EmitError> {
    let mut env = minijinja::Environment::new();
    env.set_keep_trailing_newline(true);
    env.render_str(template, ctx).map_err(|e| EmitError {
        what: what.to_owned(),
        message: e.to_string(),
    })
}
