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
//!
//! Split by construct: [`derive`](derive()) walks a resource step by step; `attribute` makes
//! attributes and blocks from parameters and fields; `types` maps model types to Terraform
//! types; `checks` derives value checks.

mod attribute;
mod checks;
mod derive;
mod types;

pub use attribute::with_period;
pub use checks::checks;
pub use derive::derive;
pub use types::map_type;

use crate::model::names::snake;
use crate::model::{Api, Condition, Operation, OperationKind, Resource, Type};

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

    /// The import ID: the instance path's segments after the API version (`.json` dropped),
    /// each parameter standing for the attribute that holds it, the last one for the
    /// attribute `id` copies. The provider reads imports by it, the docs and the acceptance
    /// run write it, and `diff` compares it.
    pub fn import(&self) -> Vec<twilio_provider_def::ImportSegment> {
        use twilio_provider_def::ImportSegment;
        let segments =
            crate::views::terraform::names::import_segments(&self.instance_path, &self.api.version);
        let params = segments
            .iter()
            .filter(|s| matches!(s, crate::views::terraform::names::Segment::Param(_)))
            .count();
        let mut seen = 0;
        segments
            .iter()
            .map(|s| match s {
                crate::views::terraform::names::Segment::Literal(l) => {
                    ImportSegment::Literal((*l).to_owned())
                }
                crate::views::terraform::names::Segment::Param(p) => {
                    seen += 1;
                    ImportSegment::Attribute(if seen == params && !self.id_source.is_empty() {
                        self.id_source.clone()
                    } else {
                        attribute_name(p)
                    })
                }
            })
            .collect()
    }

    /// The import ID's format: `/FlexFlows/{sid}`.
    pub fn import_format(&self) -> String {
        use twilio_provider_def::ImportSegment;
        self.import()
            .iter()
            .map(|s| match s {
                ImportSegment::Literal(l) => format!("/{l}"),
                ImportSegment::Attribute(a) => format!("/{{{a}}}"),
            })
            .collect()
    }

    /// The attributes the import ID names (`service_sid`, `sid`), in order.
    pub fn import_attributes(&self) -> Vec<String> {
        self.import()
            .into_iter()
            .filter_map(|s| match s {
                twilio_provider_def::ImportSegment::Attribute(a) => Some(a),
                twilio_provider_def::ImportSegment::Literal(_) => None,
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

/// A [`Skip`] of `resource` at `pointer`.
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
#[cfg(test)]
mod tests {
    use super::attribute::describe;
    use super::*;
    use crate::model::{Constraints, Field, Model};
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
