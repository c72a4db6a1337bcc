//! The types of values: [`Type`], [`Constraints`] and [`Pii`], and the named types a spec
//! declares (models, unions, enums, SID types).

use std::fmt;

use serde::{Serialize, Serializer};

/// `x-twilio.pii`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pii {
    /// `handling` (`standard`, `sensitive`).
    pub handling: String,
    /// `deleteSla`, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_sla: Option<i64>,
}

/// Constraints on a value, from the schema (and from prose where the schema is silent).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// Regular expression the value must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Minimum string length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum string length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Inclusive minimum.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "number")]
    pub minimum: Option<f64>,
    /// Inclusive maximum.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "number")]
    pub maximum: Option<f64>,
    /// Whether `minimum` excludes itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    /// Whether `maximum` excludes itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    /// Minimum number of array items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum number of array items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// `format`, as written, when it is not already expressed by the type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Where the range came from when the schema had none: `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_from: Option<String>,
}

/// A bound as text: whole numbers without a fraction (`3`, not `3.0`). Rust and Go read it
/// as a literal too.
pub fn number_text(x: f64) -> String {
    match whole(x) {
        Some(n) => n.to_string(),
        None => format!("{x}"),
    }
}

/// The number as an integer, when it is a whole number an `i64` holds exactly.
fn whole(x: f64) -> Option<i64> {
    (x.fract() == 0.0 && x.abs() < 9.0e15).then_some(x as i64)
}

/// Whole numbers print as integers (`3`, not `3.0`).
fn number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v.map(|x| (x, whole(x))) {
        Some((_, Some(n))) => s.serialize_i64(n),
        Some((x, None)) => s.serialize_f64(x),
        None => s.serialize_none(),
    }
}

impl Constraints {
    /// Whether any constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// An object type: a named schema, or an object nested in one.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Unique snake_case name (`flex_flow` for `flex.v1.flex_flow`).
    pub name: String,
    /// The component schema it comes from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Properties, in spec order.
    pub fields: Vec<Field>,
    /// JSON pointer of the schema.
    pub pointer: String,
}

/// A property of a model.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Wire (JSON) name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether `null` (or absence) is allowed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Value constraints.
    #[serde(flatten)]
    pub constraints: Constraints,
    /// `x-twilio.pii`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pii: Option<Pii>,
    /// Whether the spec marks it deprecated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// The value the server gives the field when nothing sets it: the schema's `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

/// A value that is one of several object models, told apart by the value of one property
/// (`oneOf` with a `discriminator`, in a response).
#[derive(Debug, Clone, Serialize)]
pub struct Union {
    /// Unique snake_case name: the component schema's, else `<owner>_<field>`.
    pub name: String,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The property whose value names the alternative (`kind`).
    pub discriminator: String,
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// JSON pointer of the schema.
    pub pointer: String,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// The discriminator's value for it: the `mapping` key naming it, else its schema name.
    pub tag: String,
    /// The model it is read as.
    pub model: String,
}

/// A string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumType {
    /// Unique name: the component schema name (`flex_flow_enum_channel_type`), or
    /// `<resource>_enum_<field>` for enums written inline.
    pub name: String,
    /// The part after `_enum_` (`channel_type`), used for short type names.
    pub short_name: String,
    /// Description from the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The wire values, in spec order.
    pub values: Vec<String>,
    /// JSON pointer of the schema.
    pub pointer: String,
}

/// A SID type: strings matching `^XX[0-9a-fA-F]{32}$` for one two-letter prefix.
#[derive(Debug, Clone, Serialize)]
pub struct SidType {
    /// The prefix (`FO`).
    pub prefix: String,
    /// Unique snake_case name derived from its uses (`flex_flow_sid`, `chat_service_sid`).
    pub name: String,
    /// The pattern as the spec writes it.
    pub pattern: String,
    /// Where it is used: `model.field` or `OperationId.Param`, sorted.
    pub used_by: Vec<String>,
}

/// The type of a field or parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// Any string.
    String,
    /// 32-bit integer (`integer` without format, or `int32`).
    Integer,
    /// 64-bit integer.
    Int64,
    /// Floating point number.
    Number,
    /// `true` / `false`.
    Boolean,
    /// RFC 3339 date-time (`format: date-time`).
    DateTime,
    /// RFC 2822 date-time (`format: date-time-rfc-2822`).
    DateTimeRfc2822,
    /// Calendar date (`format: date`).
    Date,
    /// Absolute URI (`format: uri`).
    Uri,
    /// Phone number in E.164 (`format: phone-number`).
    PhoneNumber,
    /// Decimal amount as a string (`format: currency`).
    Currency,
    /// A SID, by prefix.
    Sid(String),
    /// A string enum, by name.
    Enum(String),
    /// An object type, by model name.
    Model(String),
    /// One of several models, by union name.
    Union(String),
    /// A dotted parameter group of a resource (the type requests and responses share).
    Group {
        /// The resource that owns the group.
        resource: String,
        /// The group's dotted prefix.
        prefix: String,
    },
    /// A list.
    Array(Box<Type>),
    /// A map from string keys (`additionalProperties`; `format: uri-map` is `map<uri>`).
    Map(Box<Type>),
    /// A JSON object whose shape the spec does not give.
    Object,
    /// Any JSON value (a schema without a type).
    Json,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Int64 => f.write_str("integer(int64)"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::DateTime => f.write_str("date-time"),
            Type::DateTimeRfc2822 => f.write_str("date-time-rfc-2822"),
            Type::Date => f.write_str("date"),
            Type::Uri => f.write_str("uri"),
            Type::PhoneNumber => f.write_str("phone-number"),
            Type::Currency => f.write_str("currency"),
            Type::Sid(p) => write!(f, "sid({p})"),
            Type::Enum(n) => write!(f, "enum({n})"),
            Type::Model(n) => write!(f, "model({n})"),
            Type::Union(n) => write!(f, "union({n})"),
            Type::Group { resource, prefix } => write!(f, "group({resource}.{prefix})"),
            Type::Array(t) => write!(f, "array<{t}>"),
            Type::Map(t) => write!(f, "map<{t}>"),
            Type::Object => f.write_str("object"),
            Type::Json => f.write_str("json"),
        }
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Type {
    /// The innermost element type of arrays and maps.
    pub fn leaf(&self) -> &Type {
        match self {
            Type::Array(t) | Type::Map(t) => t.leaf(),
            t => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_whole_numbers_without_a_fraction() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-1.0), "-1");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(1e16), "10000000000000000");
    }
}
