//! Schemas reduced to the facts the builder uses, whatever keywords openapiv3 kept them in.

use super::*;

/// A schema, whether written in place or behind a `$ref`.
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Item(&'s oa::Schema),
}

/// A schema reduced to the facts the generator uses.
pub(super) enum Shape<'s> {
    String {
        format: Option<&'s str>,
        pattern: Option<&'s str>,
        values: Vec<String>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    },
    Integer {
        format: Option<&'s str>,
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: bool,
        exclusive_maximum: bool,
    },
    Number {
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: bool,
        exclusive_maximum: bool,
    },
    Boolean,
    Object {
        format: Option<&'s str>,
        properties: &'s IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &'s [String],
        additional: Option<&'s oa::AdditionalProperties>,
    },
    Array {
        items: Option<&'s ReferenceOr<Box<oa::Schema>>>,
        min_items: Option<usize>,
        max_items: Option<usize>,
    },
    Composite(&'static str, &'s [ReferenceOr<oa::Schema>]),
    Not,
    Untyped,
    Unknown(&'s str),
}

pub(super) fn view<T: std::ops::Deref<Target = oa::Schema>>(r: &ReferenceOr<T>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(s) => SchemaRef::Item(s),
    }
}

pub(super) fn view_plain(r: &ReferenceOr<oa::Schema>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(s) => SchemaRef::Item(s),
    }
}

fn format_str<T: std::fmt::Debug>(f: &'_ oa::VariantOrUnknownOrEmpty<T>) -> Option<Cow<'_, str>> {
    match f {
        oa::VariantOrUnknownOrEmpty::Item(item) => {
            // The known variants render in kebab case (`date-time`), as written in specs.
            let dbg = format!("{item:?}");
            Some(Cow::Owned(super::names::snake(&dbg).replace('_', "-")))
        }
        oa::VariantOrUnknownOrEmpty::Unknown(s) => Some(Cow::Borrowed(s.as_str())),
        oa::VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub(super) fn shape(s: &oa::Schema) -> (Shape<'_>, Option<String>) {
    use oa::{SchemaKind as K, Type as T};
    match &s.schema_kind {
        K::Type(T::String(st)) => {
            let fmt = format_str(&st.format);
            let owned = fmt.as_ref().map(|c| c.to_string());
            (
                Shape::String {
                    format: None,
                    pattern: st.pattern.as_deref(),
                    values: st.enumeration.iter().flatten().cloned().collect(),
                    min_length: st.min_length,
                    max_length: st.max_length,
                },
                owned,
            )
        }
        K::Type(T::Integer(it)) => {
            let fmt = format_str(&it.format).map(|c| c.to_string());
            (
                Shape::Integer {
                    format: None,
                    minimum: it.minimum.map(|v| v as f64),
                    maximum: it.maximum.map(|v| v as f64),
                    exclusive_minimum: it.exclusive_minimum,
                    exclusive_maximum: it.exclusive_maximum,
                },
                fmt,
            )
        }
        K::Type(T::Number(nt)) => (
            Shape::Number {
                minimum: nt.minimum,
                maximum: nt.maximum,
                exclusive_minimum: nt.exclusive_minimum,
                exclusive_maximum: nt.exclusive_maximum,
            },
            None,
        ),
        K::Type(T::Boolean(_)) => (Shape::Boolean, None),
        K::Type(T::Object(ot)) => (
            Shape::Object {
                format: None,
                properties: &ot.properties,
                required: &ot.required,
                additional: ot.additional_properties.as_ref(),
            },
            None,
        ),
        K::Type(T::Array(at)) => (
            Shape::Array {
                items: at.items.as_ref(),
                min_items: at.min_items,
                max_items: at.max_items,
            },
            None,
        ),
        K::OneOf { one_of } => (Shape::Composite("oneOf", one_of), None),
        K::AnyOf { any_of } => (Shape::Composite("anyOf", any_of), None),
        K::AllOf { all_of } => (Shape::Composite("allOf", all_of), None),
        K::Not { .. } => (Shape::Not, None),
        K::Any(a) => (any_shape(a), None),
    }
}

/// openapiv3 keeps schemas that mix keywords (`type: object` with `format: uri-map`, or a
/// string with `minimum`) as `AnySchema`; read them by their `type`.
fn any_shape(a: &oa::AnySchema) -> Shape<'_> {
    if !a.one_of.is_empty() {
        return Shape::Composite("oneOf", &a.one_of);
    }
    if !a.any_of.is_empty() {
        return Shape::Composite("anyOf", &a.any_of);
    }
    if !a.all_of.is_empty() {
        return Shape::Composite("allOf", &a.all_of);
    }
    if a.not.is_some() {
        return Shape::Not;
    }
    let object = || Shape::Object {
        format: a.format.as_deref(),
        properties: &a.properties,
        required: &a.required,
        additional: a.additional_properties.as_ref(),
    };
    match a.typ.as_deref() {
        Some("string") => Shape::String {
            format: a.format.as_deref(),
            pattern: a.pattern.as_deref(),
            values: a
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            min_length: a.min_length,
            max_length: a.max_length,
        },
        Some("integer") => Shape::Integer {
            format: a.format.as_deref(),
            minimum: a.minimum,
            maximum: a.maximum,
            exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
        },
        Some("number") => Shape::Number {
            minimum: a.minimum,
            maximum: a.maximum,
            exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
        },
        Some("boolean") => Shape::Boolean,
        Some("object") => object(),
        Some("array") => Shape::Array {
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
        },
        Some(other) => Shape::Unknown(other),
        None if !a.properties.is_empty() || a.additional_properties.is_some() => object(),
        None if a.items.is_some() => Shape::Array {
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
        },
        None => Shape::Untyped,
    }
}
