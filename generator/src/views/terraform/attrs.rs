//! The Terraform view of one resource, derived once from the model and shared by the three
//! outputs (providers schema, provider code specification, registry docs) so they agree.
//!
//! Rules, all generic:
//! - arguments are the create body's parameters (required there: `Required`, else
//!   `Optional`), the update body's parameters create lacks (`Optional`), and the path
//!   parameters of the collection path (parent SIDs of nested resources: `Required`);
//! - a create parameter that every update requires (a questionnaire's `Active`) is
//!   `Required`: each update sends it;
//! - the account a path acts in (API v2010's `{AccountSid}`) is `ComputedOptional`: the
//!   provider fills the account of its credentials;
//! - an argument the response model also has is filled by the server when left out:
//!   `Optional` becomes `ComputedOptional`;
//! - response fields that are no argument are `Computed`, and so is `id` (the value of the
//!   instance path's last parameter, the SID);
//! - create parameters that update does not accept (and parent path parameters) force a
//!   new resource when they change (`requires_replace`);
//! - dotted parameter groups become nested blocks whose members are named relative to the
//!   group; their members are `ComputedOptional` when the response carries the group;
//! - header and query parameters are never arguments: they are transport details.

use std::collections::{HashMap, HashSet};

use crate::model::names::snake;
use crate::model::{
    Api, Condition, Constraints, Field, Model, Operation, OperationKind, Param, ParamGroup,
    Resource, Response, Type,
};

use super::names;

/// Terraform value types (the framework's types; `cty` types in the providers schema).
#[derive(Debug, Clone, PartialEq)]
pub enum TfType {
    /// `string`.
    String,
    /// Whole number (`int64` in the framework, `number` in cty).
    Int64,
    /// Floating point number (`float64` in the framework, `number` in cty).
    Float64,
    /// `bool`.
    Bool,
    /// A list of one element type.
    List(Box<TfType>),
    /// A map from strings to one element type.
    Map(Box<TfType>),
    /// An object with named attributes, sorted by name; never empty.
    Object(Vec<(String, TfType)>),
}

impl TfType {
    /// The type in cty's JSON form, as `terraform providers schema -json` prints it.
    pub fn cty(&self) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        match self {
            TfType::String => json!("string"),
            TfType::Int64 | TfType::Float64 => json!("number"),
            TfType::Bool => json!("bool"),
            TfType::List(t) => json!(["list", t.cty()]),
            TfType::Map(t) => json!(["map", t.cty()]),
            TfType::Object(fields) => {
                let mut m = Map::new();
                for (name, t) in fields {
                    m.insert(name.clone(), t.cty());
                }
                Value::Array(vec![json!("object"), Value::Object(m)])
            }
        }
    }
}

/// Whether Terraform configuration sets an attribute, the server does, or either: the
/// provider definition's own type.
pub use twilio_provider_def::Mode;

/// A regular expression a string must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The expression, as the spec writes it.
    pub regex: String,
    /// The SID prefix, when the expression is a SID pattern.
    pub sid_prefix: Option<String>,
}

/// Value checks of an attribute. `one_of` and `pattern` apply to each element of lists and
/// maps; the others to the value itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// The allowed values (enums).
    pub one_of: Vec<String>,
    /// A pattern strings must match (SIDs, and patterns the spec gives).
    pub pattern: Option<Pattern>,
    /// Minimum string length.
    pub min_length: Option<u64>,
    /// Maximum string length.
    pub max_length: Option<u64>,
    /// Inclusive bounds of numbers (exclusive bounds of whole numbers are made inclusive).
    pub minimum: Option<f64>,
    /// See `minimum`.
    pub maximum: Option<f64>,
    /// Minimum number of list items.
    pub min_items: Option<u64>,
    /// Maximum number of list items.
    pub max_items: Option<u64>,
}

/// One attribute of a resource or of a nested block.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// Terraform name (snake_case of the wire name, relative inside blocks).
    pub name: String,
    /// The wire names it comes from: its parameter's (`Integration.Url` inside a block), then
    /// the response field's.
    pub wire: Vec<String>,
    /// Terraform type.
    pub ty: TfType,
    /// The model type it comes from (for example values).
    pub model_ty: Type,
    /// Who sets it.
    pub mode: Mode,
    /// Description from the spec, with a note when the value holds JSON; may be empty.
    pub description: String,
    /// Whether changing it forces a new resource.
    pub requires_replace: bool,
    /// Whether only the update operation takes it (create does not).
    pub update_only: bool,
    /// Whether the value never changes once known (`id` and the SID it copies).
    pub stable: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Whether it holds personal data the spec marks `sensitive`, or a value only the create
    /// response carries (`create_only`).
    pub sensitive: bool,
    /// Whether only the create response carries it (a field of the create response's model
    /// that the fetch response's lacks, such as an API key's `secret`): computed, sensitive
    /// and kept in state, as no read returns it.
    pub create_only: bool,
    /// Value checks.
    pub checks: Checks,
    /// Position among the create operation's parameters (path, then body), if create has it.
    pub create_position: Option<usize>,
    /// Conditions under which the create operation requires it.
    pub required_when: Vec<Condition>,
}

impl Attribute {
    /// Whether a read returns it: computed, or an argument the response also has. An import
    /// cannot fill the other arguments.
    pub fn is_read(&self) -> bool {
        self.name != "id" && (self.mode == Mode::Computed || self.wire.len() >= 2)
    }

    /// A string attribute of no parameter or field (`id`, a JSON `body`): every flag off.
    fn new(name: &str, model_ty: Type, mode: Mode, description: String) -> Attribute {
        Attribute {
            name: name.to_owned(),
            wire: Vec::new(),
            ty: TfType::String,
            model_ty,
            mode,
            description,
            requires_replace: false,
            update_only: false,
            stable: false,
            deprecated: false,
            sensitive: false,
            create_only: false,
            checks: Checks::default(),
            create_position: None,
            required_when: Vec::new(),
        }
    }
}

/// How a nested block repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// At most one block, read as an object.
    Single,
    /// A list of blocks (numbered dotted groups such as `Parameter1.*` ... `Parameter9.*`).
    List {
        /// The largest number of items.
        max_items: u64,
    },
}

/// A nested block built from a dotted parameter group.
#[derive(Debug, Clone)]
pub struct Block {
    /// Terraform name (snake_case of the group name).
    pub name: String,
    /// The group's dotted wire prefix (`Integration`).
    pub prefix: String,
    /// The response field that carries the group, if any (`integration`).
    pub field: Option<String>,
    /// Description (the response field's, else a note on the wire prefix).
    pub description: String,
    /// How it repeats.
    pub nesting: Nesting,
    /// Whether configuration must have it (a member is required by create).
    pub required: bool,
    /// Leaf members, sorted by name.
    pub attributes: Vec<Attribute>,
    /// Nested groups, sorted by name.
    pub blocks: Vec<Block>,
}

/// One action of the `timeouts` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout {
    /// `create`, `update`, `read` or `delete`.
    pub action: &'static str,
    /// Default duration in minutes.
    pub minutes: u32,
    /// What the provider is doing meanwhile (`creating`).
    pub doing: &'static str,
}

impl Timeout {
    /// The default as a Go duration string (`10m`).
    pub fn default_duration(&self) -> String {
        format!("{}m", self.minutes)
    }

    /// The description of the `timeouts` attribute.
    pub fn description(&self) -> String {
        format!(
            "How long to wait for the {} operation, as a duration such as `30s` or `1h`. Defaults to `{}`.",
            self.action,
            self.default_duration()
        )
    }
}

/// The `timeouts` actions and their defaults, each with the operation it bounds. Actions
/// whose operation the resource lacks are left out (no `update` without an update
/// operation).
const TIMEOUTS: [(OperationKind, Timeout); 4] = [
    (
        OperationKind::Create,
        Timeout {
            action: "create",
            minutes: 10,
            doing: "creating",
        },
    ),
    (
        OperationKind::Update,
        Timeout {
            action: "update",
            minutes: 10,
            doing: "updating",
        },
    ),
    (
        OperationKind::Fetch,
        Timeout {
            action: "read",
            minutes: 5,
            doing: "retrieving",
        },
    ),
    (
        OperationKind::Delete,
        Timeout {
            action: "delete",
            minutes: 10,
            doing: "deleting",
        },
    ),
];

/// Names Terraform reserves in resource blocks (meta-arguments), plus `id` and `timeouts`
/// which this emitter defines itself. A wire name mapping to one gets a `_value` suffix.
const RESERVED: [&str; 9] = [
    "connection",
    "count",
    "depends_on",
    "for_each",
    "id",
    "lifecycle",
    "provider",
    "provisioner",
    "timeouts",
];

/// The Terraform name of a wire name: snake_case, with reserved names suffixed.
pub fn attribute_name(wire: &str) -> String {
    let name = snake(wire);
    if RESERVED.contains(&name.as_str()) {
        format!("{name}_value")
    } else {
        name
    }
}

/// The Terraform view of one resource with create, fetch and delete operations.
#[derive(Debug, Clone)]
pub struct TfResource<'a> {
    /// The API the resource belongs to.
    pub api: &'a Api,
    /// The resource in the model.
    pub resource: &'a Resource,
    /// Resource type (`twilio_flex_flow`).
    pub type_name: String,
    /// Resource type without the provider prefix (`flex_flow`), the code spec's name.
    pub name: String,
    /// Top-level attributes, `id` included, sorted by name.
    pub attributes: Vec<Attribute>,
    /// Nested blocks from dotted groups, sorted by name.
    pub blocks: Vec<Block>,
    /// The `timeouts` block's actions.
    pub timeouts: Vec<Timeout>,
    /// The attribute `id` copies (`sid`); empty for a singleton whose path has no
    /// parameter, whose `id` is its path (`/Settings`).
    pub id_source: String,
    /// Twilio has it already and has no create for it (a singleton such as voice's
    /// `Settings`, or an object named by its path such as a Routes phone number): create
    /// adopts it by setting its values (the create or update operation on its own path).
    pub adopted: bool,
    /// It has no delete operation: destroying it only removes it from state.
    pub kept_on_destroy: bool,
    /// The instance path (fetch's path), for the import ID.
    pub instance_path: crate::model::PathTemplate,
}

impl TfResource<'_> {
    /// A top-level attribute by name.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attributes the import ID names (`service_sid`, `sid`), in order.
    pub fn import_attributes(&self) -> Vec<String> {
        self.instance_path
            .after_version(&self.api.version)
            .iter()
            .filter_map(|s| match s {
                crate::model::Segment::Param { name, .. } => Some(attribute_name(name)),
                crate::model::Segment::Literal(_) => None,
            })
            .collect()
    }

    /// The top-level arguments no read returns, the import ID's aside: an import cannot fill
    /// them.
    pub fn unread_arguments(&self) -> Vec<String> {
        let in_id = self.import_attributes();
        self.attributes
            .iter()
            .filter(|a| a.mode.is_argument() && !a.is_read() && !in_id.contains(&a.name))
            .map(|a| a.name.clone())
            .collect()
    }
}

/// Whether a resource gets Terraform output: it has create and fetch operations (without a
/// delete, destroying it only removes it from state: a Super SIM fleet, a Flex plugin, a
/// subaccount), or it is [`adoptable`].
pub fn eligible(resource: &Resource) -> bool {
    [OperationKind::Create, OperationKind::Fetch]
        .into_iter()
        .all(|k| resource.operation(k).is_some())
        || adoptable(resource).is_some()
}

/// The operation that sets an object Twilio has already, when the resource is one: no
/// collection and no delete, a fetch, and a create or update on the fetch's own path
/// (voice's `Settings`, video's `CompositionSettings`, a Routes phone number).
pub fn adoptable(resource: &Resource) -> Option<&Operation> {
    let fetch = resource.operation(OperationKind::Fetch)?;
    if resource.list_path.is_some() || resource.operation(OperationKind::Delete).is_some() {
        return None;
    }
    [OperationKind::Create, OperationKind::Update]
        .into_iter()
        .filter_map(|k| resource.operation(k))
        .find(|op| op.path == fetch.path)
}

/// Why a resource gets no Terraform output: something of it that Terraform cannot express.
/// The emitter turns it into a warning and goes on with the other resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The resource's name in the model.
    pub resource: String,
    /// JSON pointer of the operation (or path) in the spec that has the problem.
    pub pointer: String,
    /// What Terraform cannot express.
    pub reason: String,
}

impl Skip {
    /// The warning's text: what was skipped, and why.
    pub fn message(&self) -> String {
        format!(
            "the Terraform output skips resource `{}`: {}",
            self.resource, self.reason
        )
    }
}

impl std::fmt::Display for Skip {
    /// `#pointer: message`, the shape of warnings.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message())
    }
}

fn skip(resource: &Resource, pointer: &str, reason: impl Into<String>) -> Skip {
    Skip {
        resource: resource.name.clone(),
        pointer: pointer.to_owned(),
        reason: reason.into(),
    }
}

/// The pointer of the path an operation is on (`/paths/~1v1~1FlexFlows` of
/// `/paths/~1v1~1FlexFlows/post`).
fn path_pointer(op: &Operation) -> &str {
    op.pointer
        .rsplit_once('/')
        .map_or(op.pointer.as_str(), |(path, _method)| path)
}

/// Derives the Terraform view of an eligible resource. `provider` is the provider's local
/// name (`twilio`). A resource Terraform cannot express is a [`Skip`] naming the operation
/// at fault.
pub fn derive<'a>(
    api: &'a Api,
    resource: &'a Resource,
    provider: &str,
) -> Result<TfResource<'a>, Skip> {
    let adopt = adoptable(resource);
    let (Some(create), Some(fetch)) = (
        adopt.or_else(|| resource.operation(OperationKind::Create)),
        resource.operation(OperationKind::Fetch),
    ) else {
        let pointer = resource.operations.first().map_or("", |o| path_pointer(o));
        return Err(skip(
            resource,
            pointer,
            "it needs create and fetch operations",
        ));
    };
    let update = resource.operation(OperationKind::Update);
    let mount = resource.mount_name.as_deref().unwrap_or(&resource.name);
    let name = names::resource_name(&names::type_prefix(api), &api.domain, mount);
    if !names::is_identifier(&name) {
        return Err(skip(
            resource,
            path_pointer(fetch),
            format!("`{name}` is not a valid Terraform resource name"),
        ));
    }
    // A singleton without path parameters is identified by its path alone.
    let identity = match fetch.path_params.last() {
        Some(p) => Some(p),
        None if adopt.is_some() => None,
        None => {
            return Err(skip(
                resource,
                &fetch.pointer,
                "the fetch operation has no path parameter that identifies one item, \
                 so there is no `id` to import or read it by",
            ))
        }
    };
    if resource.instance_path.as_ref() != Some(&fetch.path) {
        return Err(skip(
            resource,
            &fetch.pointer,
            "its fetch operation is not on the path of one item, so one item cannot be read \
             back into state",
        ));
    }
    let id_source = identity
        .map(|p| attribute_name(&p.name))
        .unwrap_or_default();
    // A create answering with another object that lacks the identifier (an outgoing caller
    // ID's create answers a validation request): what it made cannot be named in state.
    if let Some(answer) = create_model(api, &create.response) {
        let named = id_source.is_empty()
            || answer
                .fields
                .iter()
                .any(|f| attribute_name(&f.name) == id_source);
        if !named && adopt.is_none() {
            return Err(skip(
                resource,
                path_pointer(create),
                format!(
                    "its create operation answers `{}`, which lacks `{id_source}`: the object \
                     it makes could not be identified in state",
                    answer.name
                ),
            ));
        }
    }

    let create_params: Vec<&Param> = create
        .path_params
        .iter()
        .chain(create.body.iter().flat_map(|b| b.all_params()))
        .collect();
    let create_by_wire: HashMap<&str, (usize, &Param)> = create_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), (i, *p)))
        .collect();
    let update_wire: HashSet<&str> = update
        .and_then(|u| u.body.as_ref())
        .map(|b| b.all_params().iter().map(|p| p.name.as_str()).collect())
        .unwrap_or_default();
    // What every update must send (a questionnaire's `Active`): required in configuration,
    // though create may leave it out.
    let update_requires: HashSet<&str> = update
        .and_then(|u| u.body.as_ref())
        .map(|b| {
            b.params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.as_str())
                .collect()
        })
        .unwrap_or_default();

    let response_fields = response_model(api, resource, &fetch.response)
        .map(|m| m.fields.as_slice())
        .unwrap_or_default();
    let response_names: HashSet<String> = response_fields
        .iter()
        .map(|f| attribute_name(&f.name))
        .collect();

    // Blocks first: response fields with a block's name belong to the block.
    // Each group with the pointer of the first operation whose body has it.
    let mut groups: Vec<(&ParamGroup, &str)> = Vec::new();
    let body_groups = std::iter::once(create).chain(update).flat_map(|op| {
        op.body
            .iter()
            .flat_map(move |b| &b.groups)
            .map(move |g| (g, op))
    });
    for (g, op) in body_groups {
        if groups.iter().any(|(x, _)| x.prefix == g.prefix) {
            continue;
        }
        let merged = resource.groups.iter().find(|x| x.prefix == g.prefix);
        groups.push((merged.unwrap_or(g), op.pointer.as_str()));
    }
    let ctx = Ctx {
        api,
        resource,
        create_by_wire: &create_by_wire,
        update_wire: &update_wire,
    };
    // Where a top-level attribute comes from: update's body for update-only ones.
    let pointer_of = |a: &Attribute| match update {
        Some(u) if a.update_only => u.pointer.as_str(),
        _ => create.pointer.as_str(),
    };
    let mut blocks = Vec::new();
    // Response fields that carry a group (by type, else by name).
    let mut group_fields: HashSet<&str> = HashSet::new();
    for (g, pointer) in groups {
        let block_name = attribute_name(&g.name);
        let field = response_fields
            .iter()
            .find(|f| matches!(&f.ty, Type::Group { prefix, .. } if *prefix == g.prefix))
            .or_else(|| {
                response_fields
                    .iter()
                    .find(|f| attribute_name(&f.name) == block_name)
            });
        if let Some(f) = field {
            group_fields.insert(f.name.as_str());
        }
        if let Some(block) = ctx.block(g, field.is_some(), field, pointer)? {
            if blocks.iter().any(|b: &Block| b.name == block.name) {
                return Err(skip(
                    resource,
                    pointer,
                    format!("two parameter groups are both named `{}`", block.name),
                ));
            }
            blocks.push(block);
        }
    }

    let mut attrs: Vec<Attribute> = Vec::new();
    let mut wire_of: HashMap<String, String> = HashMap::new();
    // Path parameters of the collection (parents), then the create body.
    let plain_create = create
        .path_params
        .iter()
        .chain(create.body.iter().flat_map(|b| &b.params));
    for p in plain_create {
        let in_path = create.path_params.iter().any(|x| x.name == p.name);
        // The account a path acts in (API v2010's `{AccountSid}`) defaults to the
        // provider's, as in Twilio's libraries.
        let account = create.path.account_param() == Some(p.name.as_str());
        // The provider fills the account it used in, so the state always names it.
        let mode = if account {
            Mode::ComputedOptional
        } else if p.required || in_path || update_requires.contains(p.name.as_str()) {
            Mode::Required
        } else {
            Mode::Optional
        };
        let replace = in_path || !update_wire.contains(p.name.as_str());
        let mut a = ctx.param_attribute(p, mode, replace);
        if account {
            a.description = format!(
                "{} Defaults to the provider's account.",
                a.description.trim_end()
            )
            .trim_start()
            .to_owned();
        }
        add(
            &mut attrs,
            &mut wire_of,
            a,
            &p.name,
            resource,
            &create.pointer,
        )?;
    }
    for p in update
        .and_then(|u| u.body.as_ref())
        .iter()
        .flat_map(|b| &b.params)
    {
        if create_by_wire.contains_key(p.name.as_str()) {
            continue;
        }
        let mut a = ctx.param_attribute(p, Mode::Optional, false);
        a.update_only = true;
        let pointer = pointer_of(&a);
        add(&mut attrs, &mut wire_of, a, &p.name, resource, pointer)?;
    }
    // A free-form JSON body (Flex's `Configuration`) is one JSON argument, `body`.
    if let Some(body) = create.body.as_ref().filter(|b| b.free_form) {
        let description = describe(
            Some("The JSON document sent as the request body; members left out keep their value at Twilio."),
            &TfType::String,
            true,
        );
        let mode = if body.required {
            Mode::Required
        } else {
            Mode::Optional
        };
        let mut a = Attribute::new("body", Type::Json, mode, description);
        a.requires_replace = update.is_none_or(|u| !u.body.as_ref().is_some_and(|b| b.free_form));
        add(
            &mut attrs,
            &mut wire_of,
            a,
            "body",
            resource,
            &create.pointer,
        )?;
    }
    for a in &attrs {
        if blocks.iter().any(|b| b.name == a.name) {
            return Err(skip(
                resource,
                pointer_of(a),
                format!(
                    "parameter `{}` and a parameter group share the name",
                    a.name
                ),
            ));
        }
    }
    for a in &mut attrs {
        if a.mode == Mode::Optional && response_names.contains(&a.name) {
            a.mode = Mode::ComputedOptional;
        }
    }
    for f in response_fields {
        let fname = attribute_name(&f.name);
        if group_fields.contains(f.name.as_str()) || blocks.iter().any(|b| b.name == fname) {
            continue;
        }
        match attrs.iter_mut().find(|a| a.name == fname) {
            Some(a) => {
                a.wire.push(f.name.clone());
                // What a read reports is a valid value too (a call's `status` is `canceled`
                // or `completed` when an update sets it, `queued`, `ringing`, ... when read):
                // a configuration written from a read, as `plan -generate-config-out`
                // writes it, validates. The client still sends only what the operation takes.
                if !a.checks.one_of.is_empty() {
                    for v in checks(api, &f.ty, &f.constraints).one_of {
                        if !a.checks.one_of.contains(&v) {
                            a.checks.one_of.push(v);
                        }
                    }
                }
                if a.description.is_empty() {
                    a.description = describe(f.description.as_deref(), &a.ty, json_leaf(&f.ty));
                }
            }
            None => {
                let mut a = ctx.field_attribute(f);
                a.stable = fname == id_source;
                attrs.push(a);
            }
        }
    }
    // Fields only the create response has (an API key's `secret`): the one chance to keep
    // them is the create's answer.
    let fetch_model = response_model(api, resource, &fetch.response).map(|m| m.name.as_str());
    if let Some(created) =
        create_model(api, &create.response).filter(|m| Some(m.name.as_str()) != fetch_model)
    {
        for f in &created.fields {
            let fname = attribute_name(&f.name);
            let taken = attrs.iter().any(|a| a.name == fname)
                || blocks.iter().any(|b| b.name == fname)
                || response_fields.iter().any(|r| r.name == f.name)
                || fname == "id"
                || fname == "timeouts"
                || !names::is_identifier(&fname);
            if taken {
                continue;
            }
            let mut a = ctx.field_attribute(f);
            a.create_only = true;
            a.sensitive = true;
            a.stable = true;
            a.description = format!(
                "{} Only the create response has it: it is kept in state from creation \
                 (null after an import).",
                a.description.trim_end()
            )
            .trim_start()
            .to_owned();
            attrs.push(a);
        }
    }
    let id_description = match identity {
        None => "The ID of this resource: its path.".to_owned(),
        Some(_) if attrs.iter().any(|a| a.name == id_source) => {
            format!("The ID of this resource: the same value as `{id_source}`.")
        }
        Some(p) => format!("The ID of this resource: the `{}` of its path.", p.name),
    };
    let mut id = Attribute::new(
        "id",
        identity.map_or(Type::String, |p| p.ty.clone()),
        Mode::Computed,
        id_description,
    );
    id.stable = true;
    attrs.push(id);
    attrs.sort_by(|a, b| a.name.cmp(&b.name));
    blocks.sort_by(|a, b| a.name.cmp(&b.name));

    let timeouts = TIMEOUTS
        .iter()
        .filter(|(kind, _)| {
            resource.operation(*kind).is_some()
                || (*kind == OperationKind::Create && adopt.is_some())
        })
        .map(|(_, t)| *t)
        .collect();
    Ok(TfResource {
        api,
        resource,
        type_name: format!("{provider}_{name}"),
        name,
        attributes: attrs,
        blocks,
        timeouts,
        id_source,
        adopted: adopt.is_some(),
        kept_on_destroy: resource.operation(OperationKind::Delete).is_none(),
        instance_path: fetch.path.clone(),
    })
}

/// Adds an attribute, refusing two wire names that map to one Terraform name. `pointer` is
/// the operation the parameter comes from.
fn add(
    attrs: &mut Vec<Attribute>,
    wire_of: &mut HashMap<String, String>,
    a: Attribute,
    wire: &str,
    resource: &Resource,
    pointer: &str,
) -> Result<(), Skip> {
    if let Some(other) = wire_of.get(&a.name) {
        if other != wire {
            return Err(skip(
                resource,
                pointer,
                format!(
                    "parameters `{other}` and `{wire}` both map to the attribute `{}`",
                    a.name
                ),
            ));
        }
        return Ok(());
    }
    if !names::is_identifier(&a.name) {
        return Err(skip(
            resource,
            pointer,
            format!(
                "parameter `{wire}` maps to `{}`, not a valid attribute name",
                a.name
            ),
        ));
    }
    wire_of.insert(a.name.clone(), wire.to_owned());
    attrs.push(a);
    Ok(())
}

/// The model of one item: the resource's, else the fetch response's.
fn response_model<'a>(api: &'a Api, resource: &Resource, response: &Response) -> Option<&'a Model> {
    let name = match (&resource.model, response) {
        (Some(m), _) => m,
        (
            None,
            Response::Value {
                ty: Type::Model(m), ..
            },
        ) => m,
        _ => return None,
    };
    api.models.iter().find(|m| &m.name == name)
}

/// The model of the create response's item, if it has one.
fn create_model<'a>(api: &'a Api, response: &Response) -> Option<&'a Model> {
    match response {
        Response::Value {
            ty: Type::Model(m), ..
        } => api.models.iter().find(|x| &x.name == m),
        _ => None,
    }
}

struct Ctx<'a> {
    api: &'a Api,
    resource: &'a Resource,
    create_by_wire: &'a HashMap<&'a str, (usize, &'a Param)>,
    update_wire: &'a HashSet<&'a str>,
}

impl Ctx<'_> {
    fn param_attribute(&self, p: &Param, mode: Mode, requires_replace: bool) -> Attribute {
        self.param_attribute_named(attribute_name(&p.name), p, mode, requires_replace)
    }

    fn param_attribute_named(
        &self,
        name: String,
        p: &Param,
        mode: Mode,
        requires_replace: bool,
    ) -> Attribute {
        let (ty, json) = map_type(self.api, &p.ty);
        Attribute {
            name,
            wire: vec![p.name.clone()],
            description: describe(p.description.as_deref(), &ty, json),
            checks: checks(self.api, &p.ty, &p.constraints),
            ty,
            model_ty: p.ty.clone(),
            mode,
            requires_replace,
            update_only: false,
            stable: false,
            deprecated: p.deprecated,
            sensitive: is_sensitive(p.pii.as_ref()),
            create_only: false,
            create_position: self.create_by_wire.get(p.name.as_str()).map(|(i, _)| *i),
            required_when: p.required_when.clone(),
        }
    }

    fn field_attribute(&self, f: &Field) -> Attribute {
        let (ty, json) = map_type(self.api, &f.ty);
        Attribute {
            name: attribute_name(&f.name),
            wire: vec![f.name.clone()],
            description: describe(f.description.as_deref(), &ty, json),
            checks: checks(self.api, &f.ty, &f.constraints),
            ty,
            model_ty: f.ty.clone(),
            mode: Mode::Computed,
            requires_replace: false,
            update_only: false,
            stable: false,
            deprecated: f.deprecated,
            sensitive: is_sensitive(f.pii.as_ref()),
            create_only: false,
            create_position: None,
            required_when: Vec::new(),
        }
    }

    /// A block from a dotted group; `None` when no member is a create or update parameter.
    /// `pointer` is the operation whose body has the group.
    fn block(
        &self,
        g: &ParamGroup,
        computed: bool,
        field: Option<&Field>,
        pointer: &str,
    ) -> Result<Option<Block>, Skip> {
        let name = attribute_name(&g.name);
        if !names::is_identifier(&name) {
            return Err(skip(
                self.resource,
                pointer,
                format!(
                    "group `{}` maps to `{name}`, not a valid block name",
                    g.prefix
                ),
            ));
        }
        let mut attributes: Vec<Attribute> = Vec::new();
        for p in &g.params {
            let in_create = self.create_by_wire.get(p.name.as_str()).map(|(_, p)| *p);
            let in_update = self.update_wire.contains(p.name.as_str());
            if in_create.is_none() && !in_update {
                continue;
            }
            // Requirements are per operation: read them from create's copy of the member.
            let source = in_create.unwrap_or(p);
            let mode = if source.required {
                Mode::Required
            } else if computed {
                Mode::ComputedOptional
            } else {
                Mode::Optional
            };
            let member = attribute_name(g.member_key(p));
            if attributes.iter().any(|a| a.name == member) {
                return Err(skip(
                    self.resource,
                    pointer,
                    format!("two members of group `{}` map to `{member}`", g.prefix),
                ));
            }
            if !names::is_identifier(&member) {
                return Err(skip(
                    self.resource,
                    pointer,
                    format!(
                        "`{}` maps to `{member}`, not a valid attribute name",
                        p.name
                    ),
                ));
            }
            let replace = in_create.is_some() && !in_update;
            let mut a = self.param_attribute_named(member, source, mode, replace);
            a.update_only = in_create.is_none();
            attributes.push(a);
        }
        let mut blocks = Vec::new();
        for sub in &g.groups {
            if let Some(b) = self.block(sub, computed, None, pointer)? {
                if attributes.iter().any(|a| a.name == b.name)
                    || blocks.iter().any(|x: &Block| x.name == b.name)
                {
                    return Err(skip(
                        self.resource,
                        pointer,
                        format!("`{}` is used twice in group `{}`", b.name, g.prefix),
                    ));
                }
                blocks.push(b);
            }
        }
        if attributes.is_empty() && blocks.is_empty() {
            return Ok(None);
        }
        attributes.sort_by(|a, b| a.name.cmp(&b.name));
        blocks.sort_by(|a, b| a.name.cmp(&b.name));
        let required = attributes.iter().any(|a| a.mode == Mode::Required)
            || blocks.iter().any(|b| b.required);
        let description = field
            .and_then(|f| f.description.clone())
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| format!("The `{}.*` parameters.", g.prefix));
        let nesting = match g.indexed {
            Some((lo, hi)) => Nesting::List {
                max_items: u64::from(hi.saturating_sub(lo)) + 1,
            },
            None => Nesting::Single,
        };
        Ok(Some(Block {
            name,
            prefix: g.prefix.clone(),
            field: field.map(|f| f.name.clone()),
            description,
            nesting,
            required,
            attributes,
            blocks,
        }))
    }
}

fn is_sensitive(pii: Option<&crate::model::Pii>) -> bool {
    pii.is_some_and(|p| p.handling.eq_ignore_ascii_case("sensitive"))
}

/// Whether the innermost type is a JSON value carried as a string.
fn json_leaf(ty: &Type) -> bool {
    matches!(ty.leaf(), Type::Object | Type::Json)
}

/// The spec's description (trimmed), plus a note when the value holds JSON.
fn describe(description: Option<&str>, ty: &TfType, json: bool) -> String {
    let text = description.map(str::trim).unwrap_or_default().to_owned();
    if !json {
        return text;
    }
    let note = match ty {
        TfType::List(_) => "Each element is a JSON-encoded string (use `jsonencode`).",
        TfType::Map(_) => "Each value is a JSON-encoded string (use `jsonencode`).",
        _ => "A JSON-encoded string (use `jsonencode`).",
    };
    if text.is_empty() {
        note.to_owned()
    } else {
        format!("{} {note}", with_period(&text))
    }
}

/// Text ending in sentence punctuation, so more sentences can follow.
pub fn with_period(text: &str) -> String {
    let t = text.trim_end();
    if t.is_empty() || t.ends_with(['.', '!', '?', ')', ':']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// The largest nesting of model objects inside one attribute; deeper (or recursive) models
/// are carried as JSON strings.
const MAX_OBJECT_DEPTH: usize = 8;

/// Maps a model type to a Terraform type; the flag tells whether the innermost value is JSON
/// carried as a string.
pub fn map_type(api: &Api, ty: &Type) -> (TfType, bool) {
    map_inner(api, ty, &mut Vec::new())
}

fn map_inner(api: &Api, ty: &Type, stack: &mut Vec<String>) -> (TfType, bool) {
    match ty {
        Type::String
        | Type::DateTime
        | Type::DateTimeRfc2822
        | Type::Date
        | Type::Uri
        | Type::PhoneNumber
        | Type::Currency
        | Type::Sid(_)
        | Type::Enum(_) => (TfType::String, false),
        Type::Integer | Type::Int64 => (TfType::Int64, false),
        Type::Number => (TfType::Float64, false),
        Type::Boolean => (TfType::Bool, false),
        Type::Array(t) => {
            let (inner, json) = map_inner(api, t, stack);
            (TfType::List(Box::new(inner)), json)
        }
        Type::Map(t) => {
            let (inner, json) = map_inner(api, t, stack);
            (TfType::Map(Box::new(inner)), json)
        }
        // A union is one of several shapes: Terraform gets it as JSON text.
        Type::Object | Type::Json | Type::Union(_) => (TfType::String, true),
        Type::Model(name) => {
            let key = format!("model:{name}");
            if stack.contains(&key) || stack.len() >= MAX_OBJECT_DEPTH {
                return (TfType::String, true);
            }
            let Some(model) = api.models.iter().find(|m| &m.name == name) else {
                return (TfType::String, true);
            };
            stack.push(key);
            let members = model
                .fields
                .iter()
                .map(|f| (attribute_name(&f.name), map_inner(api, &f.ty, stack).0))
                .collect();
            stack.pop();
            object(members)
        }
        Type::Group { resource, prefix } => {
            let key = format!("group:{resource}.{prefix}");
            if stack.contains(&key) || stack.len() >= MAX_OBJECT_DEPTH {
                return (TfType::String, true);
            }
            let group = api
                .resources
                .iter()
                .filter(|r| &r.name == resource)
                .find_map(|r| find_group(&r.groups, prefix));
            let Some(group) = group else {
                return (TfType::String, true);
            };
            stack.push(key);
            let t = group_object(api, group, stack);
            stack.pop();
            t
        }
    }
}

fn find_group<'a>(groups: &'a [ParamGroup], prefix: &str) -> Option<&'a ParamGroup> {
    groups.iter().find_map(|g| {
        if g.prefix == prefix {
            Some(g)
        } else {
            find_group(&g.groups, prefix)
        }
    })
}

fn group_object(api: &Api, g: &ParamGroup, stack: &mut Vec<String>) -> (TfType, bool) {
    let mut members: Vec<(String, TfType)> = g
        .params
        .iter()
        .map(|p| {
            (
                attribute_name(g.member_key(p)),
                map_inner(api, &p.ty, stack).0,
            )
        })
        .collect();
    for sub in &g.groups {
        let (t, _) = group_object(api, sub, stack);
        members.push((attribute_name(&sub.name), t));
    }
    let (t, json) = object(members);
    match (g.indexed, json) {
        (Some(_), false) => (TfType::List(Box::new(t)), false),
        _ => (t, json),
    }
}

/// An object type from members: sorted, duplicates and invalid names dropped; no members
/// leaves a JSON string.
fn object(mut members: Vec<(String, TfType)>) -> (TfType, bool) {
    members.retain(|(n, _)| names::is_identifier(n));
    members.sort_by(|a, b| a.0.cmp(&b.0));
    members.dedup_by(|a, b| a.0 == b.0);
    if members.is_empty() {
        (TfType::String, true)
    } else {
        (TfType::Object(members), false)
    }
}

/// The checks of a parameter or field: allowed values of enums, SID and spec patterns,
/// length, range and size bounds.
pub fn checks(api: &Api, ty: &Type, c: &Constraints) -> Checks {
    let leaf = ty.leaf();
    let scalar = !matches!(ty, Type::Array(_) | Type::Map(_));
    let mut out = Checks::default();
    if let Type::Enum(name) = leaf {
        if let Some(e) = api.enums.iter().find(|e| &e.name == name) {
            out.one_of = e.values.clone();
        }
    }
    out.pattern = match leaf {
        Type::Sid(prefix) => {
            let regex = c
                .pattern
                .clone()
                .filter(|_| scalar)
                .or_else(|| {
                    api.sids
                        .iter()
                        .find(|s| &s.prefix == prefix)
                        .map(|s| s.pattern.clone())
                })
                .unwrap_or_else(|| format!("^{prefix}[0-9a-fA-F]{{32}}$"));
            Some(Pattern {
                regex,
                sid_prefix: Some(prefix.clone()),
            })
        }
        Type::String | Type::Uri | Type::PhoneNumber | Type::Currency if scalar => {
            c.pattern.clone().map(|regex| Pattern {
                regex,
                sid_prefix: None,
            })
        }
        _ => None,
    };
    if scalar && matches!(map_type(api, ty).0, TfType::String) && out.pattern.is_none() {
        out.min_length = c.min_length;
        out.max_length = c.max_length;
    }
    match ty {
        Type::Integer | Type::Int64 => {
            out.minimum = c.minimum.map(|m| {
                if c.exclusive_minimum {
                    m.floor() + 1.0
                } else {
                    m.ceil()
                }
            });
            out.maximum = c.maximum.map(|m| {
                if c.exclusive_maximum {
                    m.ceil() - 1.0
                } else {
                    m.floor()
                }
            });
        }
        // Exclusive bounds of floats have no inclusive equivalent: they are left out.
        Type::Number => {
            out.minimum = c.minimum.filter(|_| !c.exclusive_minimum);
            out.maximum = c.maximum.filter(|_| !c.exclusive_maximum);
        }
        Type::Array(_) => {
            out.min_items = c.min_items;
            out.max_items = c.max_items;
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api() -> Api {
        Api {
            title: "t".into(),
            description: None,
            spec_version: "1".into(),
            name: "flex_v1".into(),
            domain: "flex".into(),
            version: "v1".into(),
            base_url: "https://flex-api.twilio.com".into(),
            auth: vec![],
            resources: vec![],
            models: vec![],
            unions: vec![],
            enums: vec![],
            sids: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn scalar_types_map_to_cty() {
        let api = api();
        let cases = [
            (Type::String, json!("string")),
            (Type::Uri, json!("string")),
            (Type::PhoneNumber, json!("string")),
            (Type::Currency, json!("string")),
            (Type::Date, json!("string")),
            (Type::DateTime, json!("string")),
            (Type::Sid("FO".into()), json!("string")),
            (Type::Enum("e".into()), json!("string")),
            (Type::Integer, json!("number")),
            (Type::Int64, json!("number")),
            (Type::Number, json!("number")),
            (Type::Boolean, json!("bool")),
        ];
        for (ty, cty) in cases {
            let (t, json) = map_type(&api, &ty);
            assert_eq!(t.cty(), cty, "{ty}");
            assert!(!json, "{ty}");
        }
        assert_eq!(map_type(&api, &Type::Integer).0, TfType::Int64);
        assert_eq!(map_type(&api, &Type::Number).0, TfType::Float64);
    }

    #[test]
    fn containers_and_json() {
        let api = api();
        let (t, json) = map_type(&api, &Type::Array(Box::new(Type::Sid("GE".into()))));
        assert_eq!(t.cty(), json!(["list", "string"]));
        assert!(!json);
        let (t, _) = map_type(&api, &Type::Map(Box::new(Type::Uri)));
        assert_eq!(t.cty(), json!(["map", "string"]));
        let (t, json) = map_type(&api, &Type::Array(Box::new(Type::Json)));
        assert_eq!(t.cty(), json!(["list", "string"]));
        assert!(json);
        assert_eq!(map_type(&api, &Type::Object), (TfType::String, true));
    }

    #[test]
    fn models_become_objects_and_recursion_stops() {
        let mut api = api();
        api.models.push(Model {
            name: "node".into(),
            schema: None,
            description: None,
            fields: vec![
                Field {
                    name: "Label".into(),
                    ty: Type::String,
                    nullable: false,
                    description: None,
                    constraints: Constraints::default(),
                    pii: None,
                    deprecated: false,
                    default: None,
                },
                Field {
                    name: "next".into(),
                    ty: Type::Model("node".into()),
                    nullable: true,
                    description: None,
                    constraints: Constraints::default(),
                    pii: None,
                    deprecated: false,
                    default: None,
                },
            ],
            pointer: "/x".into(),
        });
        let (t, json) = map_type(&api, &Type::Model("node".into()));
        assert!(!json);
        assert_eq!(
            t.cty(),
            json!(["object", {"label": "string", "next": "string"}]),
            "the recursive field is carried as JSON"
        );
        assert_eq!(
            map_type(&api, &Type::Model("missing".into())),
            (TfType::String, true)
        );
    }

    #[test]
    fn skips_read_as_warnings_of_the_operation() {
        let s = Skip {
            resource: "safelist".into(),
            pointer: "/paths/~1v1~1SafeList~1Numbers/get".into(),
            reason: "why".into(),
        };
        assert_eq!(
            s.to_string(),
            "#/paths/~1v1~1SafeList~1Numbers/get: the Terraform output skips resource `safelist`: why"
        );
    }

    #[test]
    fn reserved_names_get_a_suffix() {
        assert_eq!(attribute_name("ChatServiceSid"), "chat_service_sid");
        assert_eq!(attribute_name("RetryCount"), "retry_count");
        assert_eq!(attribute_name("Count"), "count_value");
        assert_eq!(attribute_name("Id"), "id_value");
        assert_eq!(attribute_name("Timeouts"), "timeouts_value");
    }

    #[test]
    fn integer_bounds_are_inclusive() {
        let api = api();
        let c = Constraints {
            minimum: Some(0.0),
            maximum: Some(3.0),
            ..Constraints::default()
        };
        let k = checks(&api, &Type::Integer, &c);
        assert_eq!((k.minimum, k.maximum), (Some(0.0), Some(3.0)));
        let c = Constraints {
            minimum: Some(0.0),
            maximum: Some(3.0),
            exclusive_minimum: true,
            exclusive_maximum: true,
            ..Constraints::default()
        };
        let k = checks(&api, &Type::Int64, &c);
        assert_eq!((k.minimum, k.maximum), (Some(1.0), Some(2.0)));
        let k = checks(&api, &Type::Number, &c);
        assert_eq!((k.minimum, k.maximum), (None, None));
    }

    #[test]
    fn sid_patterns_come_from_the_sid_type() {
        let mut api = api();
        api.sids.push(crate::model::SidType {
            prefix: "GE".into(),
            name: "question_sid".into(),
            pattern: "^GE[0-9a-fA-F]{32}$".into(),
            used_by: vec![],
        });
        let k = checks(
            &api,
            &Type::Array(Box::new(Type::Sid("GE".into()))),
            &Constraints::default(),
        );
        assert_eq!(
            k.pattern,
            Some(Pattern {
                regex: "^GE[0-9a-fA-F]{32}$".into(),
                sid_prefix: Some("GE".into())
            })
        );
        let k = checks(&api, &Type::Sid("ZZ".into()), &Constraints::default());
        assert_eq!(
            k.pattern.map(|p| p.regex).as_deref(),
            Some("^ZZ[0-9a-fA-F]{32}$")
        );
    }

    #[test]
    fn json_notes_and_periods() {
        assert_eq!(with_period("The URL"), "The URL.");
        assert_eq!(with_period("The URL."), "The URL.");
        assert_eq!(
            describe(
                Some("Questions"),
                &TfType::List(Box::new(TfType::String)),
                true
            ),
            "Questions. Each element is a JSON-encoded string (use `jsonencode`)."
        );
        assert_eq!(describe(Some(" x "), &TfType::String, false), "x");
    }
}
