//! Named types met while typing: models, unions and enums.

use super::shape::{view, view_plain};
use super::types::Owner;
use super::*;

impl<'a> Builder<'a> {
    pub(super) fn model(
        &mut self,
        name: &str,
        component: Option<&str>,
        schema: &oa::Schema,
        properties: &IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        at: &str,
    ) {
        if self.models.contains_key(name) {
            return;
        }
        // Placeholder first: a model may refer to itself.
        self.models.insert(
            name.to_owned(),
            Model {
                name: name.to_owned(),
                schema: component.map(str::to_owned),
                description: non_empty(schema.schema_data.description.as_ref()),
                fields: vec![],
                pointer: at.to_owned(),
            },
        );
        let mut fields = Vec::new();
        for (prop, s) in properties {
            let site = format!("{name}.{prop}");
            let prop_at = format!("{at}/properties/{}", escape_token(prop));
            let typed = self.type_of(
                view(s),
                &prop_at,
                Owner {
                    name,
                    field: prop,
                    site: &site,
                },
            );
            fields.push(Field {
                name: prop.clone(),
                ty: typed.ty,
                nullable: typed.nullable || (!required.is_empty() && !required.contains(prop)),
                description: typed.description,
                constraints: typed.constraints,
                pii: typed.pii,
                deprecated: typed.deprecated,
                default: typed.default,
            });
        }
        if let Some(m) = self.models.get_mut(name) {
            m.fields = fields;
        }
    }

    pub(super) fn inline_model_name(&mut self, at: &str, owner: Owner<'_>) -> String {
        if let Some(n) = self.inline_models.get(at) {
            return n.clone();
        }
        let base = format!("{}_{}", owner.name, snake(last_segment(owner.field)));
        let mut name = base.clone();
        let mut n = 2;
        let taken = |x: &str, b: &Builder| {
            b.models.contains_key(x) || b.component_models.values().any(|v| v == x)
        };
        while taken(&name, self) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.inline_models.insert(at.to_owned(), name.clone());
        name
    }

    /// A `oneOf` with a `discriminator` whose alternatives are `$ref`s to object schemas,
    /// as a [`Union`] of their models; `None` (and nothing registered) otherwise.
    pub(super) fn union(
        &mut self,
        component: Option<&str>,
        schema: &oa::Schema,
        parts: &[ReferenceOr<oa::Schema>],
        at: &str,
        owner: Owner<'_>,
    ) -> Option<String> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        if let Some(name) = self.union_at.get(at) {
            return Some(name.clone());
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let ReferenceOr::Reference { reference } = part else {
                return None;
            };
            let t = self.type_of(view_plain(part), &format!("{at}/oneOf/{i}"), owner);
            let Type::Model(model) = t.ty else {
                return None;
            };
            let tag = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference)
                .map(|(tag, _)| tag.clone())
                .unwrap_or_else(|| unescape(reference.rsplit('/').next().unwrap_or(reference)));
            if variants.iter().any(|v| v.tag == tag) {
                return None;
            }
            variants.push(UnionVariant { tag, model });
        }
        let base = match component {
            Some(c) => snake(c),
            None => format!("{}_{}", owner.name, snake(last_segment(owner.field))),
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.unions.contains_key(&name) || self.models.contains_key(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.union_at.insert(at.to_owned(), name.clone());
        self.unions.insert(
            name.clone(),
            Union {
                name: name.clone(),
                description: non_empty(schema.schema_data.description.as_ref()),
                discriminator: discriminator.property_name.clone(),
                variants,
                pointer: at.to_owned(),
            },
        );
        Some(name)
    }

    pub(super) fn register_enum(
        &mut self,
        component: Option<&str>,
        values: &[String],
        description: Option<String>,
        at: &str,
        owner: Owner<'_>,
    ) -> String {
        let base = match component {
            Some(c) => snake(c),
            None => format!("{}_enum_{}", owner.name, snake(last_segment(owner.field))),
        };
        let mut name = base.clone();
        let mut n = 2;
        loop {
            match self.enums.get(&name) {
                Some(e) if e.values == values => return name,
                Some(_) => {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                None => break,
            }
        }
        let short_name = match name.split_once("_enum_") {
            Some((_, s)) if !s.is_empty() => s.to_owned(),
            _ => name.clone(),
        };
        self.enums.insert(
            name.clone(),
            EnumType {
                name: name.clone(),
                short_name,
                description,
                values: values.to_vec(),
                pointer: at.to_owned(),
            },
        );
        name
    }
}
