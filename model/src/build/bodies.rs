//! Request bodies: form and JSON bodies, their parameters and dotted groups, `oneOf` bodies.

use super::shape::{shape, view, view_plain, Shape};
use super::types::Owner;
use super::*;

impl<'a> Builder<'a> {
    /// The request body of an operation: `None`, with a warning, when it cannot be read (the
    /// operation is then skipped); an error when its dotted parameters clash.
    pub(super) fn body(
        &mut self,
        resource: &str,
        op_id: &str,
        rb: &'a ReferenceOr<oa::RequestBody>,
        at: &str,
    ) -> Result<Option<Body>, Error> {
        let Some((rb, at)) = self.request_body(rb, at) else {
            return Ok(None);
        };
        let Some((content_type, media, media_key)) = self.body_media(&rb, &at) else {
            return Ok(None);
        };
        let schema_at = format!("{at}/content/{}/schema", escape_token(media_key));
        let Some(schema) = &media.schema else {
            return Ok(Some(Body {
                content_type,
                required: rb.required,
                free_form: content_type == ContentType::Json,
                params: vec![],
                groups: vec![],
                one_of: None,
            }));
        };
        let (resolved, component, schema_at) =
            match self.resolve_schema(view_plain(schema), &schema_at) {
                Some(found) => found,
                None => return Ok(None),
            };
        let (properties, required) = match shape(&resolved).0 {
            Shape::Object {
                properties,
                required,
                ..
            } => (properties, required),
            Shape::Composite("oneOf", parts) => {
                let name = component.unwrap_or_else(|| format!("{op_id}_request"));
                return Ok(self.one_of_body(
                    resource,
                    op_id,
                    &resolved,
                    parts,
                    content_type,
                    rb.required,
                    (&name, &schema_at),
                ));
            }
            _ => {
                self.warn(
                    schema_at,
                    "a request body that is not an object is not supported; the operation is skipped",
                );
                return Ok(None);
            }
        };
        let params = self.body_params(resource, op_id, properties, required, None, &schema_at);
        let free_form = params.is_empty() && content_type == ContentType::Json;
        let (params, groups) = if content_type == ContentType::Form {
            dotted::group(params).map_err(|e| {
                Error::at(
                    self.file,
                    format!("{schema_at}/properties/{}", escape_token(&e.name)),
                    e.to_string(),
                )
            })?
        } else {
            (params, vec![])
        };
        Ok(Some(Body {
            content_type,
            required: rb.required,
            free_form,
            params,
            groups,
            one_of: None,
        }))
    }

    /// A request body, `$ref` followed, with its pointer; `None`, with a warning, when the
    /// `$ref` leads to no request body.
    fn request_body(
        &mut self,
        rb: &'a ReferenceOr<oa::RequestBody>,
        at: &str,
    ) -> Option<(Cow<'a, oa::RequestBody>, String)> {
        match rb {
            ReferenceOr::Item(b) => Some((Cow::Borrowed(b), at.to_owned())),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|n| self.components()?.request_bodies.get(&unescape(n)))
                    .and_then(|b| b.as_item())
                    .map(Cow::Borrowed)
                    .or_else(|| self.deserialize_at(reference).map(Cow::Owned));
                match found {
                    Some(b) => Some((b, reference.trim_start_matches('#').to_owned())),
                    None => {
                        self.warn(at, format!("`$ref` `{reference}` is not a request body; the operation is skipped"));
                        None
                    }
                }
            }
        }
    }

    /// The media type a body is read as: a form if it offers one, else JSON; `None`, with a
    /// warning, for any other.
    fn body_media<'r>(
        &mut self,
        rb: &'r oa::RequestBody,
        at: &str,
    ) -> Option<(ContentType, &'r oa::MediaType, &'static str)> {
        if let Some(m) = rb.content.get("application/x-www-form-urlencoded") {
            Some((ContentType::Form, m, "application/x-www-form-urlencoded"))
        } else if let Some(m) = rb.content.get("application/json") {
            Some((ContentType::Json, m, "application/json"))
        } else {
            let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            self.warn(
                format!("{at}/content"),
                format!(
                    "request body type(s) {types:?} are not supported; the operation is skipped"
                ),
            );
            None
        }
    }

    /// The parameters of a body object's properties, leaving out `skip` (a discriminator).
    pub(super) fn body_params(
        &mut self,
        resource: &str,
        op_id: &str,
        properties: &IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        skip: Option<&str>,
        schema_at: &str,
    ) -> Vec<Param> {
        let mut params = Vec::new();
        // By wire name, whatever the order the spec lists them in: a reorder in the spec
        // must not reorder constructor arguments (two strings swapped still compile).
        let mut sorted: Vec<_> = properties.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, s) in sorted {
            if Some(name.as_str()) == skip {
                continue;
            }
            let site = format!("{op_id}.{name}");
            let typed = self.type_of(
                view(s),
                &format!("{schema_at}/properties/{}", escape_token(name)),
                Owner {
                    name: resource,
                    field: name,
                    site: &site,
                },
            );
            params.push(Param {
                name: name.clone(),
                location: ParamLocation::Body,
                ty: typed.ty,
                required: required.contains(name),
                deprecated: typed.deprecated,
                description: typed.description,
                constraints: typed.constraints,
                required_when: vec![],
                applies_when: vec![],
                pii: typed.pii,
                default: typed.default,
            });
        }
        params
    }

    /// A `oneOf` request body. With a `discriminator` and object alternatives it is a
    /// [`OneOfBody`]; without a discriminator it is sent as untyped JSON, with a warning;
    /// anything else skips the operation, with a warning.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn one_of_body(
        &mut self,
        resource: &str,
        op_id: &str,
        schema: &oa::Schema,
        parts: &[ReferenceOr<oa::Schema>],
        content_type: ContentType,
        required: bool,
        (name, at): (&str, &str),
    ) -> Option<Body> {
        if content_type != ContentType::Json {
            self.warn(
                at,
                "`oneOf` in a form body is not supported; the operation is skipped",
            );
            return None;
        }
        let untyped = Body {
            content_type,
            required,
            free_form: true,
            params: vec![],
            groups: vec![],
            one_of: None,
        };
        let Some(discriminator) = &schema.schema_data.discriminator else {
            self.warn(
                at,
                "`oneOf` without a `discriminator`: the body is sent as untyped JSON",
            );
            return Some(untyped);
        };
        let property = discriminator.property_name.clone();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_at = format!("{at}/oneOf/{i}");
            let reference = match part {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            };
            let (resolved, component, pointer) = self.resolve_schema(view_plain(part), &part_at)?;
            let Shape::Object {
                properties,
                required,
                ..
            } = shape(&resolved).0
            else {
                self.warn(
                    pointer,
                    "a `oneOf` alternative that is not an object is not supported; the operation is skipped",
                );
                return None;
            };
            let variant_name = component
                .clone()
                .unwrap_or_else(|| format!("{name}_{}", i + 1));
            let tag = discriminator_value(
                discriminator,
                reference,
                properties.get(&property),
                &variant_name,
            );
            if variants.iter().any(|v: &OneOfVariant| v.tag == tag) {
                self.warn(
                    pointer,
                    format!("two `oneOf` alternatives share the discriminator value `{tag}`; the operation is skipped"),
                );
                return None;
            }
            let params = self.body_params(
                resource,
                op_id,
                properties,
                required,
                Some(&property),
                &pointer,
            );
            variants.push(OneOfVariant {
                tag,
                name: snake(&variant_name),
                description: non_empty(resolved.schema_data.description.as_ref()),
                params,
                pointer,
            });
        }
        Some(Body {
            one_of: Some(OneOfBody {
                name: snake(name),
                description: non_empty(schema.schema_data.description.as_ref()),
                discriminator: property,
                variants,
                pointer: at.to_owned(),
            }),
            free_form: false,
            ..untyped
        })
    }
}

/// The discriminator value of a `oneOf` alternative: its key in the discriminator's
/// `mapping`, else the one value its discriminator property allows, else `fallback`.
fn discriminator_value(
    discriminator: &oa::Discriminator,
    reference: Option<&str>,
    property: Option<&ReferenceOr<Box<oa::Schema>>>,
    fallback: &str,
) -> String {
    let single_value = property.and_then(|p| {
        let values = match p {
            ReferenceOr::Item(s) => match &s.schema_kind {
                oa::SchemaKind::Type(oa::Type::String(st)) => {
                    st.enumeration.iter().flatten().cloned().collect::<Vec<_>>()
                }
                _ => vec![],
            },
            ReferenceOr::Reference { .. } => vec![],
        };
        (values.len() == 1).then(|| values[0].clone())
    });
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| Some(target.as_str()) == reference)
        .map(|(tag, _)| tag.clone())
        .or(single_value)
        .unwrap_or_else(|| fallback.to_owned())
}
