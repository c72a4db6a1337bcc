//! Terraform value types of model types: scalars, lists, maps, objects of models and groups,
//! and JSON strings where Terraform has no type.

use super::{attribute_name, names, TfType};
use crate::model::{Api, ParamGroup, Type};

/// The largest nesting of model objects inside one attribute; deeper (or recursive) models
/// are carried as JSON strings.
const MAX_OBJECT_DEPTH: usize = 8;

/// Maps a model type to a Terraform type; the flag tells whether the innermost value is JSON
/// carried as a string.
pub fn map_type(api: &Api, ty: &Type) -> (TfType, bool) {
    map_inner(api, ty, &mut Vec::new())
}

/// [`map_type`], with the models and groups being mapped (`stack`), to stop at recursion.
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

/// The group with a prefix, at any depth.
fn find_group<'a>(groups: &'a [ParamGroup], prefix: &str) -> Option<&'a ParamGroup> {
    groups.iter().find_map(|g| {
        if g.prefix == prefix {
            Some(g)
        } else {
            find_group(&g.groups, prefix)
        }
    })
}

/// The object type of a group's members (a list of them when it is numbered).
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
