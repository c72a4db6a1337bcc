//! `src/provider.json`: the definition of each resource as the runtime reads it, built from
//! the [`TfResource`] view with the types of `twilio-provider-def`.

use twilio_provider_def as def;

use crate::model::Type;
use crate::views::rust::names::ident;
use crate::views::terraform::attrs::{Attribute, Block, Mode, Nesting, TfResource};

/// The JSON text of a model type's values: open objects, carried as strings.
fn is_json(ty: &Type) -> bool {
    matches!(ty.leaf(), Type::Object | Type::Json)
}

/// Where a top-level attribute is in the serialized response model (wire field names):
/// computed attributes come from a response field; arguments the response also has list
/// that field after their parameter.
fn response_key(a: &Attribute) -> Option<String> {
    match a.mode {
        _ if !a.is_read() => None,
        Mode::Computed => a.wire.first().cloned(),
        _ => a.wire.last().cloned(),
    }
}

/// The member key of a group member (`Url` of `Integration.Url`).
fn member_key<'a>(b: &Block, a: &'a Attribute) -> &'a str {
    let wire = a.wire.first().map(String::as_str).unwrap_or(&a.name);
    wire.strip_prefix(&format!("{}.", b.prefix)).unwrap_or(wire)
}

/// The checks of an attribute, as the definition states them.
fn checks(a: &Attribute) -> def::Checks {
    let c = &a.checks;
    def::Checks {
        one_of: c.one_of.clone(),
        pattern: c.pattern.as_ref().map(|p| p.regex.clone()),
        min_length: c.min_length,
        max_length: c.max_length,
        min_items: c.min_items,
        max_items: c.max_items,
        minimum: c.minimum,
        maximum: c.maximum,
    }
}

/// The attribute path of a parameter by wire name, top level or in a block.
fn path_of(r: &TfResource<'_>, wire: &str) -> Option<Vec<String>> {
    if let Some(a) = r
        .attributes
        .iter()
        .find(|a| a.wire.first().map(String::as_str) == Some(wire))
    {
        return Some(vec![a.name.clone()]);
    }
    r.blocks.iter().find_map(|b| {
        b.attributes
            .iter()
            .find(|a| a.wire.first().map(String::as_str) == Some(wire))
            .map(|a| vec![b.name.clone(), a.name.clone()])
    })
}

/// `in_response`: whether the response carries the enclosing block.
fn attribute_def(
    r: &TfResource<'_>,
    a: &Attribute,
    block: Option<&Block>,
    in_response: bool,
) -> def::AttrDef {
    let (response, arg) = match block {
        Some(b) => {
            let key = ident(member_key(b, a));
            let response = in_response.then(|| key.clone());
            (response, a.mode.is_argument().then_some(key))
        }
        None => (
            response_key(a),
            a.mode.is_argument().then(|| a.name.clone()),
        ),
    };
    def::AttrDef {
        name: a.name.clone(),
        mode: a.mode,
        replace: a.requires_replace,
        stable: a.stable,
        json: is_json(&a.model_ty),
        create_only: a.create_only,
        update_only: a.update_only && a.mode.is_argument(),
        rfc2822: matches!(a.model_ty.leaf(), Type::DateTimeRfc2822),
        response,
        arg,
        wire: match a.wire.first() {
            Some(w) if a.mode.is_argument() => vec![w.clone()],
            _ => Vec::new(),
        },
        checks: checks(a),
        required_when: a
            .required_when
            .iter()
            .filter_map(|c| {
                path_of(r, &c.param).map(|path| def::Condition {
                    path,
                    values: c.values.clone(),
                })
            })
            .collect(),
        ty: def::Ty::String,
    }
}

/// A block's definition. `response`: its key in the enclosing response object, if the
/// response carries it; `arg`: its key in the enclosing group's arguments (nested groups).
fn block_def(
    r: &TfResource<'_>,
    b: &Block,
    response: Option<String>,
    arg: Option<String>,
) -> def::BlockDef {
    let blocks = b
        .blocks
        .iter()
        .map(|sub| {
            // The client's group struct names a nested group by its last segment.
            let last = sub.prefix.rsplit('.').next().unwrap_or(&sub.prefix);
            let key = ident(last);
            block_def(r, sub, response.as_ref().map(|_| key.clone()), Some(key))
        })
        .collect();
    def::BlockDef {
        name: b.name.clone(),
        attributes: b
            .attributes
            .iter()
            .map(|a| attribute_def(r, a, Some(b), response.is_some()))
            .collect(),
        response,
        arg,
        list: matches!(b.nesting, Nesting::List { .. }),
        required: b.required,
        blocks,
    }
}

/// A resource's definition: its attributes and blocks, import format, timeouts and plan
/// behaviour.
pub(super) fn resource_def(r: &TfResource<'_>) -> def::ResourceDef {
    let import = r.import();
    def::ResourceDef {
        id_source: r.id_source.clone(),
        import,
        attributes: r
            .attributes
            .iter()
            .map(|a| attribute_def(r, a, None, false))
            .collect(),
        blocks: r
            .blocks
            .iter()
            .map(|b| block_def(r, b, b.field.clone(), None))
            .collect(),
        timeouts: r
            .timeouts
            .iter()
            .map(|t| (t.action.to_owned(), u64::from(t.minutes) * 60))
            .collect(),
        adopted: r.adopted,
        kept_on_destroy: r.kept_on_destroy,
        account: account_attribute(r),
    }
}

/// The attribute naming the account the resource's create path acts in (API v2010's
/// `account_sid`), when the resource has it.
fn account_attribute(r: &TfResource<'_>) -> Option<String> {
    let create = crate::views::terraform::attrs::adoptable(r.resource)
        .or_else(|| r.resource.operation(crate::model::OperationKind::Create))?;
    let name = crate::views::terraform::attrs::attribute_name(create.path.account_param()?);
    r.attribute(&name).is_some().then_some(name)
}
