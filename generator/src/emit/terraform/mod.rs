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
//! [`attrs`] derives one Terraform view per resource from the model (names, types, modes,
//! checks, nested blocks); the three writers only format that view, so they cannot disagree.
//! Nothing here knows a resource, field or parameter by name.

pub mod attrs;
pub mod codespec;
pub mod docs;
pub mod names;
pub mod schema;

use std::collections::BTreeMap;

use crate::model::Api;
use crate::Settings;

use super::EmitError;

/// Path of the providers schema in the output.
pub const PROVIDERS_SCHEMA_PATH: &str = "terraform/providers-schema.json";
/// Path of the provider code specification in the output.
pub const CODE_SPEC_PATH: &str = "terraform/provider-code-spec.json";
/// Directory of the resource docs in the output.
pub const DOCS_DIR: &str = "terraform/docs/resources";

/// The provider's local name, the prefix of every resource type: the last segment of the
/// settings' provider address (`twilio` for `registry.terraform.io/twilio/twilio`).
pub fn provider_name(settings: &Settings) -> Result<String, EmitError> {
    names::provider_local_name(&settings.provider_address).ok_or_else(|| EmitError {
        what: "terraform output".to_owned(),
        message: format!(
            "provider address `{}` does not end in a valid provider name",
            settings.provider_address
        ),
    })
}

/// Emits the Terraform files of every eligible resource (see [`attrs::eligible`]).
///
/// `source` names the spec; only its file name may appear in output. `settings`
/// gives the provider address that keys the providers schema and whose last segment is the
/// provider's local name, the prefix of every resource type (`twilio_flex_flow`).
pub fn emit(
    api: &Api,
    source: &str,
    settings: &Settings,
) -> Result<BTreeMap<String, String>, EmitError> {
    let provider = provider_name(settings)?;
    let spec_file = source.rsplit(['/', '\\']).next().unwrap_or(source);

    let mut resources = Vec::new();
    for resource in api.resources.iter().filter(|r| attrs::eligible(r)) {
        let view = attrs::derive(api, resource, &provider)?;
        if let Some(other) = resources
            .iter()
            .find(|r: &&attrs::TfResource<'_>| r.type_name == view.type_name)
        {
            return Err(EmitError {
                what: "terraform output".to_owned(),
                message: format!(
                    "resources `{}` and `{}` both map to the type `{}`",
                    other.resource.name, resource.name, view.type_name
                ),
            });
        }
        resources.push(view);
    }
    resources.sort_by(|a, b| a.type_name.cmp(&b.type_name));

    let mut files = BTreeMap::new();
    files.insert(
        PROVIDERS_SCHEMA_PATH.to_owned(),
        schema::render(&resources, &settings.provider_address)?,
    );
    files.insert(
        CODE_SPEC_PATH.to_owned(),
        codespec::render(&resources, &provider)?,
    );
    for r in &resources {
        files.insert(
            format!("{DOCS_DIR}/{}.md", r.name),
            docs::render(r, &provider, spec_file)?,
        );
    }
    Ok(files)
}

/// Pretty JSON with a trailing newline.
fn pretty(what: &str, value: &serde_json::Value) -> Result<String, EmitError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| EmitError {
        what: what.to_owned(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}
