//! [`derive`]: the Terraform view of one resource, step by step: its operations and name,
//! its `id`, the blocks of its dotted groups, its arguments, then what the responses add.

use std::collections::{HashMap, HashSet};

use super::attribute::{describe, json_leaf};
use super::checks::checks;
use super::{
    adoptable, attribute_name, names, path_pointer, skip, Attribute, Block, Mode, Skip, TfResource,
    TfType, Timeout,
};
use crate::model::{
    Api, Field, Model, Operation, OperationKind, Param, ParamGroup, Resource, Response, Type,
};

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
    let name = resource_type_name(api, resource, fetch)?;
    let identity = identity(resource, fetch, adopt.is_some())?;
    let id_source = identity
        .map(|p| attribute_name(&p.name))
        .unwrap_or_default();
    check_create_answer(api, resource, create, &id_source, adopt.is_some())?;

    let cx = Ctx::new(api, resource, create, fetch);
    // Blocks first: response fields with a block's name belong to the block.
    let (mut blocks, group_fields) = cx.blocks()?;
    let mut attrs = cx.arguments()?;
    for a in &attrs {
        if blocks.iter().any(|b| b.name == a.name) {
            return Err(skip(
                resource,
                cx.pointer_of(a),
                format!(
                    "parameter `{}` and a parameter group share the name",
                    a.name
                ),
            ));
        }
    }
    cx.add_response_fields(&mut attrs, &blocks, &group_fields, &id_source);
    cx.add_create_only(&mut attrs, &blocks);
    attrs.push(id_attribute(identity, &attrs, &id_source));
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

/// The resource type's name without the provider prefix (`flex_flow`), when it is a valid
/// Terraform name.
fn resource_type_name(api: &Api, resource: &Resource, fetch: &Operation) -> Result<String, Skip> {
    let mount = resource.mount_name.as_deref().unwrap_or(&resource.name);
    let name = names::resource_name(&names::type_prefix(api), &api.domain, mount);
    if !names::is_identifier(&name) {
        return Err(skip(
            resource,
            path_pointer(fetch),
            format!("`{name}` is not a valid Terraform resource name"),
        ));
    }
    Ok(name)
}

/// The path parameter that identifies one item (the last of fetch's path), or `None` for a
/// singleton Twilio has already (`adopted`), identified by its path alone. Fetch must be on
/// the instance path, so one item can be read back into state.
fn identity<'a>(
    resource: &Resource,
    fetch: &'a Operation,
    adopted: bool,
) -> Result<Option<&'a Param>, Skip> {
    let identity = match fetch.path_params.last() {
        Some(p) => Some(p),
        None if adopted => None,
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
    Ok(identity)
}

/// Refuses a create answering with another object that lacks the identifier (an outgoing
/// caller ID's create answers a validation request): what it made cannot be named in state.
fn check_create_answer(
    api: &Api,
    resource: &Resource,
    create: &Operation,
    id_source: &str,
    adopted: bool,
) -> Result<(), Skip> {
    let Some(answer) = create_model(api, &create.response) else {
        return Ok(());
    };
    let named = id_source.is_empty()
        || answer
            .fields
            .iter()
            .any(|f| attribute_name(&f.name) == id_source);
    if !named && !adopted {
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
    Ok(())
}

/// The `id` attribute: the value of `identity` (the SID `id_source` names), or the path of a
/// singleton.
fn id_attribute(identity: Option<&Param>, attrs: &[Attribute], id_source: &str) -> Attribute {
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
    id
}

/// The operations a resource's view derives from, and the facts about their parameters and
/// responses that several steps read.
pub(super) struct Ctx<'a> {
    pub(super) api: &'a Api,
    pub(super) resource: &'a Resource,
    /// The operation that makes an object (or sets one Twilio has already).
    create: &'a Operation,
    update: Option<&'a Operation>,
    fetch: &'a Operation,
    /// Create's path and body parameters by wire name, with their position.
    pub(super) create_by_wire: HashMap<&'a str, (usize, &'a Param)>,
    /// The wire names of update's body parameters.
    pub(super) update_wire: HashSet<&'a str>,
    /// What every update must send (a questionnaire's `Active`): required in configuration,
    /// though create may leave it out.
    update_requires: HashSet<&'a str>,
    /// The fields of one item as fetch answers it.
    response_fields: &'a [Field],
}

impl<'a> Ctx<'a> {
    /// The facts of a resource with these create and fetch operations.
    fn new(
        api: &'a Api,
        resource: &'a Resource,
        create: &'a Operation,
        fetch: &'a Operation,
    ) -> Self {
        let update = resource.operation(OperationKind::Update);
        let create_params: Vec<&Param> = create
            .path_params
            .iter()
            .chain(create.body.iter().flat_map(|b| b.all_params()))
            .collect();
        let create_by_wire = create_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), (i, *p)))
            .collect();
        let update_wire = update
            .and_then(|u| u.body.as_ref())
            .map(|b| b.all_params().iter().map(|p| p.name.as_str()).collect())
            .unwrap_or_default();
        let update_requires = update
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
        Ctx {
            api,
            resource,
            create,
            update,
            fetch,
            create_by_wire,
            update_wire,
            update_requires,
            response_fields,
        }
    }

    /// Where a top-level attribute comes from: update's body for update-only ones, else
    /// create's.
    fn pointer_of(&self, a: &Attribute) -> &'a str {
        match self.update {
            Some(u) if a.update_only => u.pointer.as_str(),
            _ => self.create.pointer.as_str(),
        }
    }

    /// The blocks of the groups of create's and update's bodies, and the response fields
    /// that carry a group (by type, else by name).
    fn blocks(&self) -> Result<(Vec<Block>, HashSet<&'a str>), Skip> {
        // Each group with the pointer of the first operation whose body has it.
        let mut groups: Vec<(&ParamGroup, &str)> = Vec::new();
        let body_groups = std::iter::once(self.create)
            .chain(self.update)
            .flat_map(|op| {
                op.body
                    .iter()
                    .flat_map(move |b| &b.groups)
                    .map(move |g| (g, op))
            });
        for (g, op) in body_groups {
            if groups.iter().any(|(x, _)| x.prefix == g.prefix) {
                continue;
            }
            let merged = self.resource.groups.iter().find(|x| x.prefix == g.prefix);
            groups.push((merged.unwrap_or(g), op.pointer.as_str()));
        }
        let mut blocks = Vec::new();
        let mut group_fields: HashSet<&str> = HashSet::new();
        for (g, pointer) in groups {
            let block_name = attribute_name(&g.name);
            let field = self
                .response_fields
                .iter()
                .find(|f| matches!(&f.ty, Type::Group { prefix, .. } if *prefix == g.prefix))
                .or_else(|| {
                    self.response_fields
                        .iter()
                        .find(|f| attribute_name(&f.name) == block_name)
                });
            if let Some(f) = field {
                group_fields.insert(f.name.as_str());
            }
            if let Some(block) = self.block(g, field.is_some(), field, pointer)? {
                if blocks.iter().any(|b: &Block| b.name == block.name) {
                    return Err(skip(
                        self.resource,
                        pointer,
                        format!("two parameter groups are both named `{}`", block.name),
                    ));
                }
                blocks.push(block);
            }
        }
        Ok((blocks, group_fields))
    }

    /// The top-level arguments: the collection's path parameters (parents) and create's body
    /// parameters, then the update body's parameters create lacks, then a free-form JSON
    /// body.
    fn arguments(&self) -> Result<Vec<Attribute>, Skip> {
        let (create, update, resource) = (self.create, self.update, self.resource);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut wire_of: HashMap<String, String> = HashMap::new();
        // Path parameters of the collection (parents), then the create body.
        let plain_create = create
            .path_params
            .iter()
            .chain(create.body.iter().flat_map(|b| &b.params));
        for p in plain_create {
            let a = self.create_argument(p);
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
            if self.create_by_wire.contains_key(p.name.as_str()) {
                continue;
            }
            let mut a = self.param_attribute(p, Mode::Optional, false);
            a.update_only = true;
            let pointer = self.pointer_of(&a);
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
            a.requires_replace =
                update.is_none_or(|u| !u.body.as_ref().is_some_and(|b| b.free_form));
            add(
                &mut attrs,
                &mut wire_of,
                a,
                "body",
                resource,
                &create.pointer,
            )?;
        }
        Ok(attrs)
    }

    /// The argument of a path or body parameter of create.
    fn create_argument(&self, p: &Param) -> Attribute {
        let create = self.create;
        let in_path = create.path_params.iter().any(|x| x.name == p.name);
        // The account a path acts in (API v2010's `{AccountSid}`) defaults to the
        // provider's, as in Twilio's libraries.
        let account = create.path.account_param() == Some(p.name.as_str());
        // The provider fills the account it used in, so the state always names it.
        let mode = if account {
            Mode::ComputedOptional
        } else if p.required || in_path || self.update_requires.contains(p.name.as_str()) {
            Mode::Required
        } else {
            Mode::Optional
        };
        let replace = in_path || !self.update_wire.contains(p.name.as_str());
        let mut a = self.param_attribute(p, mode, replace);
        if account {
            a.description = format!(
                "{} Defaults to the provider's account.",
                a.description.trim_end()
            )
            .trim_start()
            .to_owned();
        }
        a
    }

    /// What the response adds: arguments it also has are filled by the server when left out
    /// and read back; its other fields (those of no block) become computed attributes.
    fn add_response_fields(
        &self,
        attrs: &mut Vec<Attribute>,
        blocks: &[Block],
        group_fields: &HashSet<&str>,
        id_source: &str,
    ) {
        let response_names: HashSet<String> = self
            .response_fields
            .iter()
            .map(|f| attribute_name(&f.name))
            .collect();
        for a in attrs.iter_mut() {
            if a.mode == Mode::Optional && response_names.contains(&a.name) {
                a.mode = Mode::ComputedOptional;
            }
        }
        for f in self.response_fields {
            let fname = attribute_name(&f.name);
            if group_fields.contains(f.name.as_str()) || blocks.iter().any(|b| b.name == fname) {
                continue;
            }
            match attrs.iter_mut().find(|a| a.name == fname) {
                Some(a) => self.read_back(a, f),
                None => {
                    let mut a = self.field_attribute(f);
                    a.stable = fname == id_source;
                    attrs.push(a);
                }
            }
        }
    }

    /// An argument the response field `f` also carries: read back from it.
    fn read_back(&self, a: &mut Attribute, f: &Field) {
        a.wire.push(f.name.clone());
        // What a read reports is a valid value too (a call's `status` is `canceled`
        // or `completed` when an update sets it, `queued`, `ringing`, ... when read):
        // a configuration written from a read, as `plan -generate-config-out`
        // writes it, validates. The client still sends only what the operation takes.
        if !a.checks.one_of.is_empty() {
            for v in checks(self.api, &f.ty, &f.constraints).one_of {
                if !a.checks.one_of.contains(&v) {
                    a.checks.one_of.push(v);
                }
            }
        }
        if a.description.is_empty() {
            a.description = describe(f.description.as_deref(), &a.ty, json_leaf(&f.ty));
        }
    }

    /// Fields only the create response has (an API key's `secret`): the one chance to keep
    /// them is the create's answer, so they are kept in state, sensitive.
    fn add_create_only(&self, attrs: &mut Vec<Attribute>, blocks: &[Block]) {
        let fetch_model =
            response_model(self.api, self.resource, &self.fetch.response).map(|m| m.name.as_str());
        let Some(created) = create_model(self.api, &self.create.response)
            .filter(|m| Some(m.name.as_str()) != fetch_model)
        else {
            return;
        };
        for f in &created.fields {
            let fname = attribute_name(&f.name);
            let taken = attrs.iter().any(|a| a.name == fname)
                || blocks.iter().any(|b| b.name == fname)
                || self.response_fields.iter().any(|r| r.name == f.name)
                || fname == "id"
                || fname == "timeouts"
                || !names::is_identifier(&fname);
            if taken {
                continue;
            }
            let mut a = self.field_attribute(f);
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
