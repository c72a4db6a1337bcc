//! Terraform output: the schema of every resource that has create, fetch and delete
//! operations, in three formats existing tools read.
//!
//! - `terraform/providers-schema.json`: what `terraform providers schema -json` prints for a
//!   provider with these resources;
//! - `terraform/provider-code-spec.json`: HashiCorp's provider code specification (v0.1),
//!   the input of `tfplugingen-framework`, with validators and plan modifiers;
//! - `terraform/docs/resources/<name>.md`: registry docs, rendered from
//!   `templates/terraform/resource.md.j2`.
//!
//! [`attrs`] (in [`crate::views::terraform`]) derives one Terraform view per resource from the model (names, types, modes,
//! checks, nested blocks); the three writers only format that view, so they cannot disagree.
//! Nothing here knows a resource, field or parameter by name.

pub mod codespec;
pub mod data_source;
pub mod docs;
pub mod provider;
pub mod schema;

use std::collections::BTreeMap;

use crate::model::Api;
use crate::views::terraform::{attrs, names};
use crate::{Error, Settings, Warning};

use super::{EmitError, Emitted};

/// Path of the providers schema in the output.
pub const PROVIDERS_SCHEMA_PATH: &str = "terraform/providers-schema.json";
/// Path of the provider code specification in the output.
pub const CODE_SPEC_PATH: &str = "terraform/provider-code-spec.json";
/// Directory of the resource docs in the output.
pub const DOCS_DIR: &str = "terraform/docs/resources";
/// Directory of the data source docs in the output.
pub const DATA_SOURCES_DIR: &str = "terraform/docs/data-sources";
/// The provider's page in the output.
pub const INDEX_PATH: &str = "terraform/docs/index.md";

/// The provider's local name, the prefix of every resource type: the last segment of the
/// settings' provider address (`twilio` for `registry.terraform.io/twilio/twilio`).
pub fn provider_name(settings: &Settings) -> Result<String, EmitError> {
    names::provider_local_name(&settings.provider_address).ok_or_else(|| EmitError {
        what: TERRAFORM_OUTPUT.to_owned(),
        message: format!(
            "provider address `{}` does not end in a valid provider name",
            settings.provider_address
        ),
    })
}

/// Emits one set of Terraform files for every eligible resource of every API, all under the
/// one provider of `settings` (see [`attrs::eligible`]).
///
/// Each API comes with `source`, the name of its spec (errors name it, and its file name
/// appears in the docs of its resources), and `crates[i]` is the name of its client crate
/// (the provider crate depends on them, by path beside it). `settings` gives the provider address that keys the
/// providers schema and whose last segment is the provider's local name, the prefix of every
/// resource type (`twilio_flex_flow`).
///
/// Resources are ordered by type name, so the output does not depend on the order of `apis`.
/// A resource Terraform cannot express (see [`attrs::Skip`]) is left out with a warning of its
/// API naming the operation at fault; the other resources are emitted. Two resources mapping
/// to one type name are an error naming both (and both specs when they come from different
/// ones).
pub(crate) fn emit(
    apis: &[(&Api, &str)],
    crates: &[String],
    settings: &Settings,
) -> Result<Emitted, Error> {
    let everyone = || {
        let mut names: Vec<&str> = apis.iter().map(|(_, source)| *source).collect();
        names.dedup();
        names.join(", ")
    };
    let provider = provider_name(settings).map_err(|e| Error::file(&everyone(), e.to_string()))?;

    // Each resource's view, with the index of the API it comes from.
    let mut resources: Vec<(attrs::TfResource<'_>, usize)> = Vec::new();
    let mut warnings: Vec<Vec<Warning>> = vec![Vec::new(); apis.len()];
    for (index, (api, source)) in apis.iter().enumerate() {
        for resource in api.resources.iter().filter(|r| attrs::eligible(r)) {
            let view = match attrs::derive(api, resource, &provider) {
                Ok(view) => view,
                Err(skip) => {
                    warnings[index].push(Warning {
                        pointer: skip.pointer.clone(),
                        message: skip.message(),
                    });
                    continue;
                }
            };
            if let Some((other, other_index)) = resources
                .iter()
                .find(|(r, _)| r.type_name == view.type_name)
            {
                let message = if *other_index == index {
                    format!(
                        "resources `{}` and `{}` both map to the type `{}`",
                        other.resource.name, resource.name, view.type_name
                    )
                } else {
                    format!(
                        "resource `{}` maps to the type `{}`, as resource `{}` of {} does: \
                         one provider cannot have the type twice",
                        resource.name, view.type_name, other.resource.name, apis[*other_index].1
                    )
                };
                return Err(Error::file(
                    source,
                    format!("{TERRAFORM_OUTPUT}: {message}"),
                ));
            }
            resources.push((view, index));
        }
    }
    resources.sort_by(|a, b| a.0.type_name.cmp(&b.0.type_name));
    let (resources, sources): (Vec<attrs::TfResource<'_>>, Vec<usize>) =
        resources.into_iter().unzip();

    let whole = |e: EmitError| Error::file(&everyone(), e.to_string());
    let mut files = BTreeMap::new();
    files.insert(
        PROVIDERS_SCHEMA_PATH.to_owned(),
        schema::render(&resources, &settings.provider_address).map_err(whole)?,
    );
    if !resources.is_empty() {
        let clients: Vec<provider::ClientCrate<'_>> = apis
            .iter()
            .zip(crates)
            .map(|((api, _), name)| provider::ClientCrate {
                api,
                name: name.clone(),
            })
            .collect();
        let mut spec_files: Vec<&str> = apis
            .iter()
            .map(|(_, source)| source.rsplit(['/', '\\']).next().unwrap_or(source))
            .collect();
        spec_files.sort_unstable();
        spec_files.dedup();
        let header = format!(
            "Generated by twilio-codegen from {}. Do not edit: regenerate instead.",
            spec_files.join(", ")
        );
        files.insert(
            INDEX_PATH.to_owned(),
            docs::render_index(&resources, &provider, &spec_files.join(", ")).map_err(whole)?,
        );
        let crate_files =
            provider::emit(&resources, &clients, &provider, settings, &header).map_err(whole)?;
        files.extend(crate_files);
    }
    files.insert(
        CODE_SPEC_PATH.to_owned(),
        codespec::render(&resources, &provider).map_err(whole)?,
    );
    for (r, index) in resources.iter().zip(sources) {
        let source = apis[index].1;
        let spec_file = source.rsplit(['/', '\\']).next().unwrap_or(source);
        let doc = docs::render(r, &provider, spec_file)
            .map_err(|e| Error::file(source, e.to_string()))?;
        files.insert(format!("{DOCS_DIR}/{}.md", r.name), doc);
        let page = docs::render_data_source(r, &provider, spec_file)
            .map_err(|e| Error::file(source, e.to_string()))?;
        files.insert(format!("{DATA_SOURCES_DIR}/{}.md", r.name), page);
    }
    Ok(Emitted { files, warnings })
}

/// What Terraform errors say they are about.
const TERRAFORM_OUTPUT: &str = "terraform output";

/// Pretty JSON with a trailing newline.
fn pretty(what: &str, value: &serde_json::Value) -> Result<String, EmitError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| EmitError {
        what: what.to_owned(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}
