//! `twilio-model`: a Twilio OpenAPI spec read into the intermediate model.
//!
//! [`load`] parses and checks a spec (YAML or JSON, every `$ref` verified, errors naming the
//! file and the place); [`build`] extracts the model: plain serde data that every consumer
//! reads (the generator's emitters, `diff`, the local Twilio mock), none of them seeing
//! OpenAPI types. It serializes to YAML so a snapshot shows a reviewer exactly what was
//! extracted: resources, operations, dotted parameter groups, enums and SID types.
//!
//! [`read`] does both: spec text in, [`Api`] out.

mod build;
pub mod dotted;
pub mod error;
pub mod load;
pub mod names;
pub mod path;
pub mod prose;
pub mod sid;
mod types;

use serde::{Serialize, Serializer};

pub use build::build;
pub use error::{Error, Location, Warning};
pub use path::{PathTemplate, Segment};
pub use types::*;

/// Parses a spec and builds its model. `file` names the spec in error messages.
pub fn read(file: &str, text: &str) -> Result<Api, Error> {
    let spec = load::parse(file, text)?;
    build(&spec)
}

/// One API (one spec file), e.g. Twilio's Flex v1.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `info.version`.
    pub spec_version: String,
    /// The API's name (`flex_v1`, `iam_scim`): the spec file's stem after `twilio_`, else
    /// `<domain>_<version>`. It names the crate (`twilio-flex-v1`), the API's handle
    /// (`FlexV1`) and its client method (`flex_v1()`).
    pub name: String,
    /// Product domain, from the server host (`flex-api.twilio.com` -> `flex`).
    pub domain: String,
    /// API version, from the first path segment (`/v1/...` -> `v1`).
    pub version: String,
    /// The default base URL: the server most paths use.
    pub base_url: String,
    /// Authentication schemes the spec declares.
    pub auth: Vec<AuthScheme>,
    /// Resources, in the order their first path appears in the spec.
    pub resources: Vec<Resource>,
    /// Object types of responses (and of objects nested in them).
    pub models: Vec<Model>,
    /// Values that are one of several models, told apart by a discriminator property
    /// (`oneOf` with a `discriminator`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unions: Vec<Union>,
    /// String enums, each extracted once.
    pub enums: Vec<EnumType>,
    /// SID types, one per two-letter prefix.
    pub sids: Vec<SidType>,
    /// What was skipped or approximated, each naming its JSON pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// An authentication scheme from `components.securitySchemes`.
#[derive(Debug, Clone, Serialize)]
pub struct AuthScheme {
    /// The scheme's key in `securitySchemes`.
    pub name: String,
    /// `http-basic`, `http-bearer`, `api-key` or the scheme type as written.
    pub kind: String,
}

/// A REST resource: a list path and/or an instance path that share a name.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// Canonical snake_case name: `x-twilio.mountName`, else `className`, else the response
    /// schema name, else the path.
    pub name: String,
    /// `x-twilio.mountName`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_name: Option<String>,
    /// `x-twilio.className`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// The path-level description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Path of the collection (`/v1/FlexFlows`), when the resource has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_path: Option<PathTemplate>,
    /// Path of one item (`/v1/FlexFlows/{Sid}`), or of a singleton (`/v1/Configuration`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_path: Option<PathTemplate>,
    /// Base URL of the resource's paths (per-path `servers`, else the API's).
    pub base_url: String,
    /// `x-twilio.parent`: the path of the parent resource, for nested resources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The model that represents one item of this resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Dotted parameter groups used by the resource's operations, merged across operations:
    /// one type per group, shared by requests and responses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ParamGroup>,
    /// `x-twilio.dependentProperties`: sub-resources reachable from one item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependents: Vec<Dependent>,
    /// The operations, in the order create, fetch, list, update, delete, then others.
    pub operations: Vec<Operation>,
}

impl Resource {
    /// The operation of a kind, if the resource has one.
    pub fn operation(&self, kind: OperationKind) -> Option<&Operation> {
        self.operations.iter().find(|o| o.kind == kind)
    }

    /// The path parameters of a handle of this resource: those of the first operation on
    /// `path` (the list or the instance path). Every operation on the path is sent with
    /// these values, typed as that operation types them.
    pub fn handle_params(&self, path: &PathTemplate) -> &[Param] {
        self.operations
            .iter()
            .find(|o| o.path == *path)
            .map_or(&[], |o| o.path_params.as_slice())
    }
}

/// A sub-resource named in `x-twilio.dependentProperties`.
#[derive(Debug, Clone, Serialize)]
pub struct Dependent {
    /// The property name (`channels`).
    pub name: String,
    /// The sub-resource's URL template.
    pub resource_url: String,
    /// Path parameter -> field of this resource that fills it.
    pub mapping: std::collections::BTreeMap<String, String>,
}

/// What an operation does, by Twilio's conventions (operationId prefix, else method and path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// Creates an item (`POST` on the list path).
    Create,
    /// Reads one item.
    Fetch,
    /// Reads a page of items.
    List,
    /// Changes an item (`POST` on the instance path).
    Update,
    /// Removes an item.
    Delete,
}

impl OperationKind {
    /// The lower-case verb.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Create => "create",
            OperationKind::Fetch => "fetch",
            OperationKind::List => "list",
            OperationKind::Update => "update",
            OperationKind::Delete => "delete",
        }
    }
}

/// One HTTP operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `operationId` (synthesized from kind and resource when missing).
    pub id: String,
    /// What it does.
    pub kind: OperationKind,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, parsed into segments.
    pub path: PathTemplate,
    /// Summary or description, whichever is non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the spec marks it deprecated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Path parameters, in path order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<Param>,
    /// Query parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<Param>,
    /// Header parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header_params: Vec<Param>,
    /// The request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The success response.
    pub response: Response,
    /// The spec's JSON examples of the success response (snapshots list their names).
    #[serde(
        rename = "response_examples",
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "example_names"
    )]
    pub examples: Vec<ResponseExample>,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
}

/// A JSON example of a success response, as the spec gives it.
#[derive(Debug, Clone)]
pub struct ResponseExample {
    /// Its key in `examples` (`example` for a lone `example`).
    pub name: String,
    /// The example.
    pub value: serde_json::Value,
}

fn example_names<S: Serializer>(examples: &[ResponseExample], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(examples.iter().map(|e| &e.name))
}

impl Operation {
    /// Every parameter of the operation: path, query, header, then body (flattened).
    pub fn all_params(&self) -> impl Iterator<Item = &Param> {
        self.path_params
            .iter()
            .chain(&self.query_params)
            .chain(&self.header_params)
            .chain(self.body.iter().flat_map(|b| b.all_params()))
    }

    /// Whether `p` is a list operation's page cursor (`Page`, `PageToken`): the server puts it
    /// into each page's next-page link, which a client follows, so callers do not set it.
    pub fn is_page_cursor(&self, p: &Param) -> bool {
        self.kind == OperationKind::List
            && p.location == ParamLocation::Query
            && matches!(p.name.as_str(), "Page" | "PageToken")
    }

    /// The query parameters a caller sets: all but the page cursor of a list.
    pub fn settable_query_params(&self) -> impl Iterator<Item = &Param> {
        self.query_params
            .iter()
            .filter(move |p| !self.is_page_cursor(p))
    }

    /// The parameters a caller sets one by one: query, header, then the body's ungrouped
    /// parameters (dotted groups and free-form bodies are set as a whole). The order of an
    /// operation's parameter struct, and of its constructor's arguments for the required ones.
    pub fn request_params(&self) -> impl Iterator<Item = &Param> {
        self.settable_query_params()
            .chain(&self.header_params)
            .chain(self.body.iter().flat_map(|b| b.params.iter()))
    }

    /// Whether a caller passes parameters beyond the path: some parameter to set, or a body
    /// set as a whole (dotted groups, a free-form or a `oneOf` body).
    pub fn takes_params(&self) -> bool {
        self.request_params().next().is_some()
            || self
                .body
                .as_ref()
                .is_some_and(|b| b.free_form || !b.groups.is_empty() || b.one_of.is_some())
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ContentType {
    /// `application/x-www-form-urlencoded`.
    #[serde(rename = "application/x-www-form-urlencoded")]
    Form,
    /// `application/json`.
    #[serde(rename = "application/json")]
    Json,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Its encoding.
    pub content_type: ContentType,
    /// Whether a body must be sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// A body the spec leaves open (an object without properties): any JSON object is sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub free_form: bool,
    /// Plain (undotted) parameters, in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// Dotted parameters grouped by prefix (`Integration.Url` -> group `Integration`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ParamGroup>,
    /// A JSON body that is one of several object shapes (`oneOf` with a `discriminator`);
    /// `params` and `groups` are then empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<OneOfBody>,
}

/// A JSON request body that is one of several objects, told apart by the value of one
/// property (`oneOf` with a `discriminator`).
#[derive(Debug, Clone, Serialize)]
pub struct OneOfBody {
    /// snake_case name of the schema (`typing_indicator_request`).
    pub name: String,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The property whose value names the alternative (`channel`).
    pub discriminator: String,
    /// The alternatives, in spec order.
    pub variants: Vec<OneOfVariant>,
    /// JSON pointer of the schema.
    pub pointer: String,
}

/// One alternative of a [`OneOfBody`].
#[derive(Debug, Clone, Serialize)]
pub struct OneOfVariant {
    /// The discriminator's value for it (`WHATSAPP`): the `mapping` key naming it, else the
    /// single value its discriminator property allows, else its schema name.
    pub tag: String,
    /// snake_case name of its schema (`whats_app_typing_indicator_request`).
    pub name: String,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its properties other than the discriminator, in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// JSON pointer of its schema.
    pub pointer: String,
}

impl Body {
    /// Every body parameter, plain and grouped, depth first.
    pub fn all_params(&self) -> Vec<&Param> {
        let mut out: Vec<&Param> = self.params.iter().collect();
        for g in &self.groups {
            g.collect_params(&mut out);
        }
        out
    }
}

/// Parameters sharing a dotted prefix: `Integration.Url`, `Integration.FlowSid`, ...
#[derive(Debug, Clone, Serialize)]
pub struct ParamGroup {
    /// The last prefix segment (`AddedToChannel` in `Notifications.AddedToChannel.Enabled`).
    pub name: String,
    /// The whole dotted prefix (`Notifications.AddedToChannel`).
    pub prefix: String,
    /// For numbered groups (`Parameter1.Name` ... `Parameter99.Name`): the first and last
    /// number. The group then stands for a list; `name` and `prefix` omit the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<(u32, u32)>,
    /// Whether any member is required.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Leaf members, each keeping its full wire name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// Nested groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ParamGroup>,
}

impl ParamGroup {
    fn collect_params<'a>(&'a self, out: &mut Vec<&'a Param>) {
        out.extend(&self.params);
        for g in &self.groups {
            g.collect_params(out);
        }
    }

    /// These groups and every group nested in them, depth first.
    pub fn depth_first(groups: &[ParamGroup]) -> Vec<&ParamGroup> {
        let mut out = Vec::new();
        for g in groups {
            out.push(g);
            out.extend(Self::depth_first(&g.groups));
        }
        out
    }

    /// Every leaf member, depth first.
    pub fn all_params(&self) -> Vec<&Param> {
        let mut out = Vec::new();
        self.collect_params(&mut out);
        out
    }

    /// The member's key relative to this group (`Url` for `Integration.Url`).
    pub fn member_key<'a>(&self, param: &'a Param) -> &'a str {
        param.name.rsplit('.').next().unwrap_or(&param.name)
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the request body.
    Body,
}

/// A request parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Wire name, exactly as sent (`Integration.RetryCount`, `StartDate<`).
    pub name: String,
    /// Where it goes.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether the operation requires it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Whether the spec marks it deprecated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Value constraints.
    #[serde(flatten)]
    pub constraints: Constraints,
    /// Conditions under which the parameter becomes required, derived from prose such as
    /// "Required when `integrationType` is `studio`". Any one condition suffices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_when: Vec<Condition>,
    /// Conditions outside which the parameter does not apply ("Optional when `x` is `y`, not
    /// applicable otherwise"). Documentation only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_when: Vec<Condition>,
    /// `x-twilio.pii`: personal data handling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pii: Option<Pii>,
    /// The value the server uses when the parameter is not sent: the schema's `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

/// "`param` is one of `values`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// Wire name of the parameter the condition looks at.
    pub param: String,
    /// The values that make the condition true.
    pub values: Vec<String>,
}

/// The success response of an operation.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// No body (`204`).
    Empty {
        /// HTTP status.
        status: u16,
    },
    /// One value.
    Value {
        /// HTTP status.
        status: u16,
        /// Its type.
        #[serde(rename = "type")]
        ty: Type,
    },
    /// A page of a list: `{"meta": {...}, "<key>": [items]}`, or API v2010's
    /// `{"next_page_uri": ..., "page_size": ..., "<key>": [items]}`.
    Page {
        /// HTTP status.
        status: u16,
        /// The JSON key holding the items.
        key: String,
        /// The item type.
        item: Type,
        /// Where the paging information is (written only when it is not `meta`).
        #[serde(skip_serializing_if = "PageStyle::is_meta")]
        paging: PageStyle,
    },
}

/// Where a list page carries its paging information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStyle {
    /// A `meta` object: `{"meta": {"next_page_url": ..., "key": ...}, "<key>": [...]}`.
    Meta,
    /// API v2010's top-level properties: `next_page_uri` (relative to the API host),
    /// `first_page_uri`, `previous_page_uri`, `page`, `page_size`, `start`, `end`, `uri`.
    V2010,
}

impl PageStyle {
    /// Whether this is the `meta` style (the default, left out of snapshots).
    pub fn is_meta(&self) -> bool {
        *self == PageStyle::Meta
    }
}
