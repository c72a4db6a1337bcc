//! Schemas typed: `$ref` resolution and [`Type`] of a schema with its constraints.

use super::shape::{shape, view, view_plain, SchemaRef, Shape};
use super::*;

/// The type of a schema plus what travels with it.
pub(super) struct Typed {
    pub(super) ty: Type,
    pub(super) nullable: bool,
    pub(super) description: Option<String>,
    pub(super) constraints: Constraints,
    pub(super) pii: Option<Pii>,
    pub(super) deprecated: bool,
    /// The schema's `default`.
    pub(super) default: Option<serde_json::Value>,
}

impl Typed {
    /// What a schema's own data says, before its type is known.
    fn of(data: &oa::SchemaData) -> Self {
        Typed {
            ty: Type::Json,
            nullable: data.nullable,
            description: non_empty(data.description.as_ref()),
            constraints: Constraints::default(),
            pii: pii_of(&data.extensions),
            deprecated: data.deprecated,
            default: data.default.clone(),
        }
    }

    /// Untyped JSON, for a schema that cannot be read.
    pub(super) fn json() -> Self {
        Typed {
            ty: Type::Json,
            nullable: true,
            description: None,
            constraints: Constraints::default(),
            pii: None,
            deprecated: false,
            default: None,
        }
    }
}

/// Who holds a value being typed: names inline enums, inline models and SID types.
#[derive(Clone, Copy)]
pub(super) struct Owner<'x> {
    /// Resource or model name.
    pub(super) name: &'x str,
    /// Field or parameter wire name.
    pub(super) field: &'x str,
    /// Label for `SidType::used_by` (`flex_flow.sid`, `CreateFlexFlow.ChatServiceSid`).
    pub(super) site: &'x str,
}

impl<'a> Builder<'a> {
    /// Follows `$ref`s to a schema. Returns the schema, the component name it came from (if
    /// any) and its pointer.
    pub(super) fn resolve_schema<'s>(
        &mut self,
        s: SchemaRef<'s>,
        at: &str,
    ) -> Option<(Cow<'s, oa::Schema>, Option<String>, String)>
    where
        'a: 's,
    {
        let mut reference = match s {
            SchemaRef::Item(s) => return Some((Cow::Borrowed(s), None, at.to_owned())),
            SchemaRef::Ref(r) => r.to_owned(),
        };
        for _ in 0..32 {
            if let Some(name) = reference
                .strip_prefix(COMPONENT_SCHEMAS)
                .filter(|n| !n.contains('/'))
            {
                let name = unescape(name);
                let Some(found) = self.components().and_then(|c| c.schemas.get(&name)) else {
                    self.warn(at, format!("`$ref` `{reference}` does not resolve to a schema; typed as untyped JSON"));
                    return None;
                };
                match found {
                    ReferenceOr::Item(s) => {
                        let pointer = format!("/components/schemas/{}", escape_token(&name));
                        return Some((Cow::Borrowed(s), Some(name), pointer));
                    }
                    ReferenceOr::Reference { reference: next } => reference = next.clone(),
                }
            } else {
                match self.deserialize_at::<ReferenceOr<oa::Schema>>(&reference) {
                    Some(ReferenceOr::Item(s)) => {
                        let pointer = reference.trim_start_matches('#').to_owned();
                        return Some((Cow::Owned(s), None, pointer));
                    }
                    Some(ReferenceOr::Reference { reference: next }) => reference = next,
                    None => {
                        self.warn(
                            at,
                            format!("`$ref` `{reference}` is not a schema; typed as untyped JSON"),
                        );
                        return None;
                    }
                }
            }
        }
        self.warn(
            at,
            format!(
                "`$ref` chain from `{reference}` is too long or circular; typed as untyped JSON"
            ),
        );
        None
    }

    /// The type of a schema, `$ref`s followed. Enums, models, unions and SID types met on
    /// the way are registered, named after `owner` when the spec does not name them.
    pub(super) fn type_of<'s>(&mut self, s: SchemaRef<'s>, at: &str, owner: Owner<'_>) -> Typed
    where
        'a: 's,
    {
        let Some((schema, component, schema_at)) = self.resolve_schema(s, at) else {
            return Typed::json();
        };
        let mut typed = Typed::of(&schema.schema_data);
        let here = Site {
            schema: &schema,
            component: component.as_deref(),
            at: &schema_at,
            owner,
        };
        let (shape, typed_format) = shape(&schema);
        match shape {
            Shape::String {
                format,
                pattern,
                values,
                min_length,
                max_length,
            } => {
                let format = format.map(str::to_owned).or(typed_format);
                typed.constraints.min_length = min_length.map(|v| v as u64);
                typed.constraints.max_length = max_length.map(|v| v as u64);
                typed.constraints.pattern = pattern.map(str::to_owned);
                typed.ty = if !values.is_empty() {
                    let description = typed.description.clone();
                    Type::Enum(self.register_enum(
                        component.as_deref(),
                        &values,
                        description,
                        &schema_at,
                        owner,
                    ))
                } else if let Some(prefix) = pattern.and_then(sid::sid_prefix) {
                    self.sid_type(prefix, pattern.unwrap_or_default(), owner)
                } else {
                    string_type(format.as_deref(), &mut typed.constraints)
                };
            }
            Shape::Integer {
                format,
                minimum,
                maximum,
                exclusive_minimum,
                exclusive_maximum,
            } => {
                let format = format.map(str::to_owned).or(typed_format);
                typed.ty = if format.as_deref() == Some("int64") {
                    Type::Int64
                } else {
                    Type::Integer
                };
                set_range(
                    &mut typed.constraints,
                    minimum,
                    maximum,
                    exclusive_minimum,
                    exclusive_maximum,
                );
            }
            Shape::Number {
                minimum,
                maximum,
                exclusive_minimum,
                exclusive_maximum,
            } => {
                typed.ty = Type::Number;
                set_range(
                    &mut typed.constraints,
                    minimum,
                    maximum,
                    exclusive_minimum,
                    exclusive_maximum,
                );
            }
            Shape::Boolean => typed.ty = Type::Boolean,
            Shape::Object {
                format,
                properties,
                required,
                additional,
            } => typed.ty = self.object_type(here, format, properties, required, additional),
            Shape::Array {
                items,
                min_items,
                max_items,
            } => self.array_type(&mut typed, here, items, min_items, max_items),
            Shape::Composite(keyword, parts) => {
                self.composite_type(&mut typed, here, keyword, parts)
            }
            Shape::Not => self.warn(
                schema_at.clone(),
                "`not` is not supported; typed as untyped JSON",
            ),
            Shape::Unknown(t) => self.warn(
                schema_at.clone(),
                format!("schema type `{t}` is not supported; typed as untyped JSON"),
            ),
            Shape::Untyped => typed.ty = Type::Json,
        }
        typed
    }

    /// A string whose pattern has a SID prefix: the SID type of that prefix, its use noted
    /// for [`sid::assign`] to name.
    fn sid_type(&mut self, prefix: &str, pattern: &str, owner: Owner<'_>) -> Type {
        self.sid_uses.push(SidUse {
            prefix: prefix.to_owned(),
            pattern: pattern.to_owned(),
            candidate: sid::candidate_name(owner.name, &snake(last_segment(owner.field))),
            site: owner.site.to_owned(),
        });
        Type::Sid(prefix.to_owned())
    }

    /// An object: a model when it has properties (named after its component, else after
    /// its owner), else a map by `format: uri-map` or `additionalProperties`, else an
    /// untyped object.
    fn object_type(
        &mut self,
        here: Site<'_>,
        format: Option<&str>,
        properties: &IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        additional: Option<&oa::AdditionalProperties>,
    ) -> Type {
        if !properties.is_empty() {
            let name = match here.component {
                Some(c) => self
                    .component_models
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| snake(c)),
                None => self.inline_model_name(here.at, here.owner),
            };
            self.model(
                &name,
                here.component,
                here.schema,
                properties,
                required,
                here.at,
            );
            Type::Model(name)
        } else if format == Some("uri-map") {
            Type::Map(Box::new(Type::Uri))
        } else {
            match additional {
                Some(oa::AdditionalProperties::Schema(inner)) => {
                    let inner_at = format!("{}/additionalProperties", here.at);
                    let t = self.type_of(view_plain(inner.as_ref()), &inner_at, here.owner);
                    Type::Map(Box::new(t.ty))
                }
                _ => Type::Object,
            }
        }
    }

    /// An array of its items' type; the items' description serves when the array has none.
    fn array_type(
        &mut self,
        typed: &mut Typed,
        here: Site<'_>,
        items: Option<&ReferenceOr<Box<oa::Schema>>>,
        min_items: Option<usize>,
        max_items: Option<usize>,
    ) {
        typed.constraints.min_items = min_items.map(|v| v as u64);
        typed.constraints.max_items = max_items.map(|v| v as u64);
        let inner = match items {
            Some(items) => {
                let t = self.type_of(view(items), &format!("{}/items", here.at), here.owner);
                if typed.description.is_none() {
                    typed.description = t.description;
                }
                t.ty
            }
            None => Type::Json,
        };
        typed.ty = Type::Array(Box::new(inner));
    }

    /// `allOf` of one schema is that schema; `oneOf` is a union when it can be one; anything
    /// else stays untyped JSON, with a warning.
    fn composite_type(
        &mut self,
        typed: &mut Typed,
        here: Site<'_>,
        keyword: &str,
        parts: &[ReferenceOr<oa::Schema>],
    ) {
        if keyword == "allOf" && parts.len() == 1 {
            let inner = self.type_of(
                view_plain(&parts[0]),
                &format!("{}/allOf/0", here.at),
                here.owner,
            );
            typed.ty = inner.ty;
            typed.constraints = inner.constraints;
            typed.description = typed.description.take().or(inner.description);
        } else if keyword == "oneOf" {
            match self.union(here.component, here.schema, parts, here.at, here.owner) {
                Some(name) => typed.ty = Type::Union(name),
                // Responses are read leniently, so alternatives of objects whose
                // fields are all optional cannot be told apart without a
                // discriminator: the value stays JSON.
                None => self.warn(
                    here.at,
                    "`oneOf` without a `discriminator` over named object schemas is typed as untyped JSON (`serde_json::Value`)",
                ),
            }
        } else {
            self.warn(
                here.at,
                format!("`{keyword}` is not supported; typed as untyped JSON"),
            );
        }
    }
}

/// A schema being typed, `$ref`s followed: the schema, the component it came from, its
/// pointer and who holds it.
#[derive(Clone, Copy)]
struct Site<'x> {
    schema: &'x oa::Schema,
    component: Option<&'x str>,
    at: &'x str,
    owner: Owner<'x>,
}

/// The type a string's `format` names; an unknown format is kept in the constraints.
fn string_type(format: Option<&str>, constraints: &mut Constraints) -> Type {
    match format {
        Some("date-time") => Type::DateTime,
        Some("date-time-rfc-2822") => Type::DateTimeRfc2822,
        Some("date") => Type::Date,
        Some("uri") | Some("url") => Type::Uri,
        Some("phone-number") => Type::PhoneNumber,
        Some("currency") => Type::Currency,
        Some(other) => {
            constraints.format = Some(other.to_owned());
            Type::String
        }
        None => Type::String,
    }
}

/// A number's bounds, as the schema gives them.
fn set_range(
    constraints: &mut Constraints,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
) {
    constraints.minimum = minimum;
    constraints.maximum = maximum;
    constraints.exclusive_minimum = exclusive_minimum;
    constraints.exclusive_maximum = exclusive_maximum;
}
