//! What the generator tells the runtime about each resource and data source, beyond the
//! schema: where values come from in responses, what forces replacement, the checks the spec
//! states. The generator builds these values and writes them as JSON (`provider.json`, next
//! to the schema); the runtime reads the same types back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Ty;

/// Who sets an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Configuration must set it.
    Required,
    /// Configuration may set it; the server does not report it.
    Optional,
    /// Configuration may set it; the server fills it when left out.
    ComputedOptional,
    /// The server sets it.
    Computed,
}

impl Mode {
    /// Whether configuration may set it.
    pub fn is_argument(self) -> bool {
        self != Mode::Computed
    }
}

/// Value checks the spec states.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checks {
    /// Allowed values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
    /// A regular expression strings must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Minimum string length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum string length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Minimum number of list items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum number of list items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Inclusive lower bound of numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// Inclusive upper bound of numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
}

impl Checks {
    /// Whether it checks nothing.
    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

/// "Required when `other` is one of `values`".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The other attribute, as a path from the resource (`["integration_type"]`).
    pub path: Vec<String>,
    /// Its values that make this attribute required.
    pub values: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// One attribute of a resource or of a nested block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttrDef {
    /// Terraform name.
    pub name: String,
    /// Who sets it.
    pub mode: Mode,
    /// Changing it replaces the resource.
    #[serde(default, skip_serializing_if = "is_false")]
    pub replace: bool,
    /// The value never changes once known (`id`, the SID).
    #[serde(default, skip_serializing_if = "is_false")]
    pub stable: bool,
    /// The string holds JSON text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub json: bool,
    /// Only the create response carries it (an API key's `secret`): it is kept in state,
    /// as reads never return it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub create_only: bool,
    /// Only the update operation takes it: a value set at creation is sent by an update
    /// that follows the create.
    #[serde(default, skip_serializing_if = "is_false")]
    pub update_only: bool,
    /// The API writes it as RFC 2822 date-time text (API v2010); state holds RFC 3339, as
    /// every other Twilio API writes it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub rfc2822: bool,
    /// Its key in the client model's serialized response, when the response has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// Its key in the arguments handed to the generated operations (the client's field
    /// name inside groups), when it is an argument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arg: Option<String>,
    /// The wire names of its parameters (`Integration.Url`), for errors the client reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wire: Vec<String>,
    /// Value checks.
    #[serde(default, skip_serializing_if = "Checks::is_empty")]
    pub checks: Checks,
    /// Conditions under which it is required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_when: Vec<Condition>,
    /// Its type, from the schema (the runtime sets it when it reads the schema document).
    #[serde(skip, default = "string_type")]
    pub ty: Ty,
}

impl AttrDef {
    /// Its key in the arguments handed to the generated operations: `arg`, or `id` for the
    /// `id` attribute; `None` for values only the server sets.
    pub fn arg_key(&self) -> Option<&str> {
        self.arg
            .as_deref()
            .or_else(|| (self.name == "id").then_some("id"))
    }
}

fn string_type() -> Ty {
    Ty::String
}

/// A nested block from a dotted parameter group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockDef {
    /// Terraform name.
    pub name: String,
    /// Its key in the serialized response, when the response has the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// Its key in the enclosing group's arguments and response (nested groups only; a
    /// top-level block's arguments are keyed by its name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arg: Option<String>,
    /// A list of blocks (numbered groups) rather than one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub list: bool,
    /// Configuration must have it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Its members.
    pub attributes: Vec<AttrDef>,
    /// Nested groups (`Notifications.NewMessage.*` inside `Notifications.*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<BlockDef>,
}

/// One segment of the import ID's format (`/FlexFlows/{sid}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportSegment {
    /// Text as written.
    Literal(String),
    /// The value of an attribute (the last one is also the `id`).
    Attribute(String),
}

/// One resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDef {
    /// The attribute `id` copies; empty when the `id` is the path the import format renders
    /// (a singleton such as `/Settings`).
    pub id_source: String,
    /// The import ID's format.
    pub import: Vec<ImportSegment>,
    /// Top-level attributes (with `id`).
    pub attributes: Vec<AttrDef>,
    /// Nested blocks.
    #[serde(default)]
    pub blocks: Vec<BlockDef>,
    /// Default timeout of each action (`create`, `read`, `update`, `delete`), in seconds.
    #[serde(default)]
    pub timeouts: BTreeMap<String, u64>,
    /// Twilio has the object already: create adopts it by setting its values (the generated
    /// create calls the operation that sets it), and the plan says so in a warning.
    #[serde(default, skip_serializing_if = "is_false")]
    pub adopted: bool,
    /// There is no delete operation: destroy only removes the object from state.
    #[serde(default, skip_serializing_if = "is_false")]
    pub kept_on_destroy: bool,
    /// The attribute naming the account the object's path acts in (API v2010's
    /// `account_sid`): when neither configuration nor response gives it, it is the account
    /// of the provider's credentials, which the client used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

impl ResourceDef {
    /// A top-level attribute.
    pub fn attribute(&self, name: &str) -> Option<&AttrDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The arguments the generated operations are given: each attribute's
    /// [`AttrDef::arg_key`], then each block's name.
    pub fn arguments(&self) -> Vec<&str> {
        self.attributes
            .iter()
            .filter_map(AttrDef::arg_key)
            .chain(self.blocks.iter().map(|b| b.name.as_str()))
            .collect()
    }

    /// The import format as users write it (`/FlexFlows/{sid}`).
    pub fn import_format(&self) -> String {
        self.import
            .iter()
            .map(|s| match s {
                ImportSegment::Literal(l) => format!("/{l}"),
                ImportSegment::Attribute(a) => format!("/{{{a}}}"),
            })
            .collect()
    }

    /// The `id` of a state whose attribute values `value` gives: the value of `id_source`,
    /// or the import format rendered with those values when `id_source` is empty; `None`
    /// while a value is missing.
    pub fn id_of(&self, value: impl Fn(&str) -> Option<String>) -> Option<String> {
        if !self.id_source.is_empty() {
            return value(&self.id_source);
        }
        let mut out = String::new();
        for s in &self.import {
            out.push('/');
            match s {
                ImportSegment::Literal(l) => out.push_str(l),
                ImportSegment::Attribute(a) => out.push_str(&value(a)?),
            }
        }
        Some(out)
    }

    /// The attributes the import ID names, in order.
    pub fn import_attributes(&self) -> Vec<&str> {
        self.import
            .iter()
            .filter_map(|s| match s {
                ImportSegment::Attribute(a) => Some(a.as_str()),
                ImportSegment::Literal(_) => None,
            })
            .collect()
    }

    /// Reads an import ID: the instance path in the import format, or the bare value of its
    /// only attribute. Returns the attributes' values in order.
    pub fn parse_import(&self, id: &str) -> Result<Vec<(String, String)>, String> {
        let names = self.import_attributes();
        let id = id.trim();
        if !id.starts_with('/') && names.len() == 1 && !id.is_empty() && !id.contains('/') {
            return Ok(vec![(names[0].to_owned(), id.to_owned())]);
        }
        let parts: Vec<&str> = id.trim_start_matches('/').split('/').collect();
        let mismatch = || {
            let bare = if names.len() == 1 {
                format!(", or the bare `{}`", names[0])
            } else {
                String::new()
            };
            format!(
                "the import ID `{id}` does not have the format `{}`{bare}",
                self.import_format()
            )
        };
        if parts.len() != self.import.len() {
            return Err(mismatch());
        }
        let mut out = Vec::new();
        for (part, seg) in parts.iter().zip(&self.import) {
            match seg {
                ImportSegment::Literal(l) if l == part => {}
                ImportSegment::Literal(_) => return Err(mismatch()),
                ImportSegment::Attribute(a) if !part.is_empty() => {
                    out.push((a.clone(), (*part).to_owned()))
                }
                ImportSegment::Attribute(_) => return Err(mismatch()),
            }
        }
        Ok(out)
    }
}

/// One data source: a resource read by the attributes that name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataSourceDef {
    /// The resource type it reads.
    pub resource: String,
}

/// Everything the generator tells the runtime.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderDef {
    /// The provider's name (`twilio`).
    pub name: String,
    /// The provider's address (`registry.terraform.io/twilio/twilio`), its key in the
    /// providers schema document. The document itself is generated once, as
    /// `terraform/providers-schema.json` beside the provider crate, which embeds it from
    /// there: the runtime gets the two side by side.
    pub address: String,
    /// Resources by type name.
    pub resources: BTreeMap<String, ResourceDef>,
    /// Data sources by type name.
    #[serde(default)]
    pub data_sources: BTreeMap<String, DataSourceDef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow() -> ResourceDef {
        serde_json::from_value(serde_json::json!({
            "id_source": "sid",
            "import": [{"literal": "FlexFlows"}, {"attribute": "sid"}],
            "attributes": [],
        }))
        .unwrap()
    }

    #[test]
    fn ids_come_from_the_source_or_the_path() {
        fn value(state: &BTreeMap<&str, &str>) -> impl Fn(&str) -> Option<String> {
            let state: BTreeMap<String, String> = state
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            move |a: &str| state.get(a).cloned()
        }
        let mut state = BTreeMap::from([("sid", "FO1")]);
        assert_eq!(flow().id_of(value(&state)).as_deref(), Some("FO1"));
        let singleton: ResourceDef = serde_json::from_value(serde_json::json!({
            "id_source": "",
            "adopted": true,
            "kept_on_destroy": true,
            "import": [{"literal": "Exports"}, {"attribute": "resource_type"},
                       {"literal": "Configuration"}],
            "attributes": [],
        }))
        .unwrap();
        assert!(singleton.adopted && singleton.kept_on_destroy);
        let written = serde_json::to_value(&singleton).unwrap();
        assert_eq!(
            serde_json::from_value::<ResourceDef>(written.clone()).unwrap(),
            singleton,
            "{written}"
        );
        assert_eq!(written.get("blocks"), Some(&serde_json::json!([])));
        assert_eq!(singleton.id_of(value(&state)), None, "a value is missing");
        state.insert("resource_type", "Messages");
        assert_eq!(
            singleton.id_of(value(&state)).as_deref(),
            Some("/Exports/Messages/Configuration")
        );
        assert_eq!(
            singleton.parse_import("/Exports/Calls/Configuration"),
            Ok(vec![("resource_type".to_owned(), "Calls".to_owned())])
        );
    }

    #[test]
    fn arguments_are_argument_keys_then_blocks() {
        let r: ResourceDef = serde_json::from_value(serde_json::json!({
            "id_source": "sid",
            "import": [{"literal": "Flows"}, {"attribute": "sid"}],
            "attributes": [
                {"name": "id", "mode": "computed"},
                {"name": "sid", "mode": "computed"},
                {"name": "friendly_name", "mode": "required", "arg": "friendly_name"},
            ],
            "blocks": [{"name": "integration", "attributes": []}],
        }))
        .unwrap();
        assert_eq!(r.arguments(), ["id", "friendly_name", "integration"]);
    }

    #[test]
    fn import_ids_by_path_and_bare() {
        let r = flow();
        assert_eq!(r.import_format(), "/FlexFlows/{sid}");
        assert_eq!(
            r.parse_import("/FlexFlows/FO123").unwrap(),
            vec![("sid".to_owned(), "FO123".to_owned())]
        );
        assert_eq!(
            r.parse_import("FO123").unwrap(),
            vec![("sid".to_owned(), "FO123".to_owned())]
        );
        let e = r.parse_import("/Flows/FO123").unwrap_err();
        assert!(e.contains("/FlexFlows/{sid}"), "{e}");
        assert!(r.parse_import("/FlexFlows/").is_err());
        assert!(r.parse_import("").is_err());
    }
}
