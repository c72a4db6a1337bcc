//! The provider crate (`terraform-provider-twilio/`, binary `terraform-provider-twilio`):
//! what the spec decides, on the hand-written `twilio-terraform-runtime`.
//!
//! - `src/provider.json`: per resource, what the runtime needs beyond the providers schema
//!   document (`terraform/providers-schema.json`, which `main.rs` embeds from beside the
//!   crate, so it exists once): where each attribute is in
//!   the client model's response, what forces replacement, the checks and conditions the
//!   spec states, the import ID's format and the default timeouts; all read from the
//!   [`TfResource`] view, never re-derived;
//! - `src/resources/NAME.rs`: per resource, the `Operations` that build the client crate's
//!   parameter structs from Terraform values and call its handles
//!   (`client.flex_v1().flex_flows()`), formatted by prettyplease, one file each (made in
//!   parallel); `src/resources/mod.rs` lists them;
//! - `src/main.rs`: the binary, which registers each resource's operations and serves them
//!   to Terraform (or writes its own mirror);
//! - `Cargo.toml`, `README.md` from `templates/terraform/provider/`.

mod definition;
mod keys;
mod operations;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Value};
use twilio_provider_def as def;

use super::EmitError;
use crate::model::Api;
use crate::views::rust::names::RustNames;
use crate::views::rust::types::id;
use crate::views::terraform::attrs::TfResource;

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
    let parts = Parts::of(resources, crates, &dir)?;
    let mut files = BTreeMap::new();
    let def = def::ProviderDef {
        name: provider.to_owned(),
        address: settings.provider_address.clone(),
        resources: parts.defs,
        data_sources: parts.data_sources,
    };
    let mut def_text = serde_json::to_string_pretty(&def).map_err(|e| EmitError {
        what: format!("{dir}/src/provider.json"),
        message: e.to_string(),
    })?;
    def_text.push('\n');
    files.insert(format!("{dir}/src/provider.json"), def_text);
    let main = main_rs(&dir, &settings.provider_address, &parts.registrations);
    let text = crate::emit::rust::format_file(main, &format!("{dir}/src/main.rs"))?;
    files.insert(
        format!("{dir}/src/main.rs"),
        format!("// {header}\n\n{text}"),
    );
    let mut list = format!(
        "// {header}\n\n//! One module per resource type: its operations through the client crate.\n\n"
    );
    for (module, text) in &parts.modules {
        list.push_str(&format!("pub mod {};\n", id(module)));
        files.insert(
            format!("{dir}/src/resources/{module}.rs"),
            format!("// {header}\n\n{text}"),
        );
    }
    files.insert(format!("{dir}/src/resources/mod.rs"), list);
    let manifest = Manifest {
        dir: &dir,
        provider,
        settings,
        header,
        used_crates: &parts.used_crates,
        resources,
    };
    files.insert(
        format!("{dir}/Cargo.toml"),
        manifest.render(
            "Cargo.toml",
            include_str!("../../../../../templates/terraform/provider/Cargo.toml.j2"),
        )?,
    );
    files.insert(
        format!("{dir}/README.md"),
        manifest.render(
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

/// What each resource contributes: its definition, its data source, its module of
/// operations (formatted) and their registration, and the client crates they call.
struct Parts<'c> {
    defs: BTreeMap<String, def::ResourceDef>,
    data_sources: BTreeMap<String, def::DataSourceDef>,
    /// Module name and the module file's formatted text.
    modules: Vec<(String, String)>,
    registrations: Vec<TokenStream>,
    used_crates: Vec<&'c ClientCrate<'c>>,
}

impl<'c> Parts<'c> {
    fn of(
        resources: &[TfResource<'_>],
        crates: &'c [ClientCrate<'c>],
        dir: &str,
    ) -> Result<Self, EmitError> {
        use rayon::prelude::*;
        let missing = |r: &TfResource<'_>| EmitError {
            what: format!("{dir}/src/main.rs"),
            message: format!("no client crate for `{}`", r.type_name),
        };
        let mut parts = Parts {
            defs: BTreeMap::new(),
            data_sources: BTreeMap::new(),
            modules: Vec::new(),
            registrations: Vec::new(),
            used_crates: Vec::new(),
        };
        // The Rust names of each API, derived once.
        let mut names: Vec<(&ClientCrate<'_>, RustNames)> = Vec::new();
        for r in resources {
            let krate = crates
                .iter()
                .find(|c| std::ptr::eq(c.api, r.api))
                .ok_or_else(|| missing(r))?;
            if !parts.used_crates.iter().any(|c| c.name == krate.name) {
                parts.used_crates.push(krate);
                names.push((krate, RustNames::new(krate.api)));
            }
        }
        // Each module's file, built and formatted on its own.
        let modules: Vec<String> = resources
            .par_iter()
            .map(|r| {
                let (krate, names) = names
                    .iter()
                    .find(|(c, _)| std::ptr::eq(c.api, r.api))
                    .ok_or_else(|| missing(r))?;
                let path = format!("{dir}/src/resources/{}.rs", r.name);
                module_text(r, names, &krate.name, &path, true)
            })
            .collect::<Result<_, EmitError>>()?;
        for (r, text) in resources.iter().zip(modules) {
            parts
                .defs
                .insert(r.type_name.clone(), definition::resource_def(r));
            parts.data_sources.insert(
                r.type_name.clone(),
                def::DataSourceDef {
                    resource: r.type_name.clone(),
                },
            );
            let ty = &r.type_name;
            let m = id(&r.name);
            parts.registrations.push(quote! {
                (#ty, Arc::new(resources::#m::Ops) as Arc<dyn Operations>)
            });
            parts.modules.push((r.name.clone(), text));
        }
        Ok(parts)
    }
}

/// `src/main.rs`: the binary, which serves the resources to Terraform or writes its own
/// mirror.
/// A resource's module: its `use` lines and the arguments it reads as text (with `text`,
/// where they can be written so), then its operations formatted.
fn module_text(
    r: &TfResource<'_>,
    names: &RustNames,
    crate_name: &str,
    path: &str,
    text: bool,
) -> Result<String, EmitError> {
    let module = operations::operations(r, names, crate_name)?;
    let doc = format!(
        " `{}`: its operations through the client crate.",
        r.type_name
    );
    let krate = id(&module.krate);
    let head = quote! {
        #![doc = #doc]

        use twilio_terraform_runtime::{async_trait, to_json, Args, Failure, Operations};
        use #krate::*;
    };
    let (declarations, ops) = (module.declarations, module.ops);
    if !text {
        return crate::emit::rust::format_file(quote!(#head #declarations #ops), path);
    }
    // Each part on its own (prettyplease lays out items one by one), joined with a blank
    // line as it joins items.
    let declarations = match module.declarations_text {
        Some(declarations) => declarations,
        None => crate::emit::rust::format_file(declarations, path)?,
    };
    let ops = match module.ops_text {
        Some(ops) => ops?,
        None => crate::emit::rust::format_file(ops, path)?,
    };
    Ok(format!(
        "//!{doc}\n\nuse twilio_terraform_runtime::{{async_trait, to_json, Args, Failure, Operations}};\nuse {krate}::*;\n\n{declarations}\n{ops}"
    ))
}

fn main_rs(dir: &str, address: &str, registrations: &[TokenStream]) -> TokenStream {
    let doc = format!(
        " The Terraform provider `{address}`, generated from the API specs; every API call goes \
         through the generated client crates. Terraform starts it; run alone, it says so."
    );
    let not_alone = format!(
        "This is a Terraform provider: Terraform runs it. `{dir} mirror DIR` writes a \
         filesystem mirror for `terraform init`; see its README."
    );
    let schema_path = format!("../../{}", super::PROVIDERS_SCHEMA_PATH);
    quote! {
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

        mod resources;

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
    }
}

/// What the crate's `Cargo.toml` and `README.md` templates are rendered with.
struct Manifest<'a> {
    dir: &'a str,
    provider: &'a str,
    settings: &'a crate::Settings,
    header: &'a str,
    used_crates: &'a [&'a ClientCrate<'a>],
    resources: &'a [TfResource<'a>],
}

impl Manifest<'_> {
    /// The provider runtime's path: beside the client runtime's (`--runtime-path`).
    fn runtime_path(&self) -> Option<String> {
        self.settings.runtime_path.as_deref().map(|p| {
            let provider_runtime = std::path::Path::new(p)
                .with_file_name("provider-runtime")
                .to_string_lossy()
                .replace('\\', "/");
            if std::path::Path::new(p).is_absolute() {
                provider_runtime
            } else {
                format!("../{}", provider_runtime.trim_start_matches("./"))
            }
        })
    }

    fn render(&self, name: &str, template: &str) -> Result<String, EmitError> {
        let client_crates: Vec<Value> = self
            .used_crates
            .iter()
            .map(|c| json!({ "name": c.name, "path": format!("../{}", c.name) }))
            .collect();
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_template(name, template)
            .and_then(|_| env.get_template(name))
            .and_then(|t| {
                t.render(minijinja::context! {
                    header => self.header,
                    crate_name => self.dir,
                    provider => self.provider,
                    address => self.settings.provider_address,
                    version => self.settings.crate_version,
                    runtime_path => self.runtime_path(),
                    client_crates => client_crates,
                    resources => self.resources.iter().map(|r| r.type_name.clone()).collect::<Vec<_>>(),
                })
            })
            .map(|mut s| {
                if !s.ends_with('\n') {
                    s.push('\n');
                }
                s
            })
            .map_err(|e| EmitError {
                what: format!("{}/{name}", self.dir),
                message: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::terraform::attrs;

    /// Every resource module of the provider for the shared specs (and of twilio-oai's specs
    /// with `TWILIO_OAI` naming a checkout): with the arguments and the operations written as
    /// text, the module is byte-identical to the one formatted from tokens, and most are
    /// written as text.
    #[test]
    fn modules_as_text_are_what_prettyplease_makes() {
        let (mut modules, mut as_text, mut methods_as_text) = (0, 0, 0);
        for (file, api) in crate::emit::test_apis() {
            let names = RustNames::new(&api);
            for resource in api.resources.iter().filter(|r| attrs::eligible(r)) {
                let Ok(view) = attrs::derive(&api, resource, "twilio") else {
                    continue;
                };
                let with = module_text(&view, &names, "twilio-x", "m", true).expect("formats");
                let without = module_text(&view, &names, "twilio-x", "m", false).expect("formats");
                crate::emit::assert_same_text(
                    &with,
                    &without,
                    &format!("{file}: {}", view.type_name),
                );
                modules += 1;
                let module = operations::operations(&view, &names, "twilio-x").expect("made");
                if module.declarations_text.is_some() {
                    as_text += 1;
                }
                methods_as_text += module.methods_as_text;
            }
        }
        eprintln!("{as_text} of {modules} provider modules' arguments written as text");
        assert!(modules >= 100, "{modules}");
        assert!(as_text * 10 >= modules * 9, "{as_text} of {modules}");
        let methods = modules * 4;
        eprintln!("{methods_as_text} of {methods} provider methods written as text");
        assert!(
            methods_as_text * 10 >= methods * 9,
            "{methods_as_text} of {methods}"
        );
    }
}
