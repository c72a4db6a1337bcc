//! Attributes and blocks made from parameters, dotted groups and response fields, and the
//! descriptions they carry.

use super::checks::checks;
use super::derive::Ctx;
use super::types::map_type;
use super::{attribute_name, names, skip, Attribute, Block, Mode, Nesting, Skip, TfType};
use crate::model::{Field, Param, ParamGroup, Type};

impl Ctx<'_> {
    /// The attribute of a parameter, named after its wire name.
    pub(super) fn param_attribute(
        &self,
        p: &Param,
        mode: Mode,
        requires_replace: bool,
    ) -> Attribute {
        self.param_attribute_named(attribute_name(&p.name), p, mode, requires_replace)
    }

    /// The attribute of a parameter (or group member) named `name`.
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

    /// The computed attribute of a response field.
    pub(super) fn field_attribute(&self, f: &Field) -> Attribute {
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
    pub(super) fn block(
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

/// Whether the spec marks a value as personal data to keep out of sight.
fn is_sensitive(pii: Option<&crate::model::Pii>) -> bool {
    pii.is_some_and(|p| p.handling.eq_ignore_ascii_case("sensitive"))
}

/// Whether the innermost type is a JSON value carried as a string.
pub(super) fn json_leaf(ty: &Type) -> bool {
    matches!(ty.leaf(), Type::Object | Type::Json)
}

/// The spec's description (trimmed), plus a note when the value holds JSON.
pub(super) fn describe(description: Option<&str>, ty: &TfType, json: bool) -> String {
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
