//! Fields of models, models outside resources, enums and SID types.

use std::collections::BTreeSet;

use super::{check_aspects, deprecated_detail, rust, Cx, Side, TfPair, NO_SCHEMA_CHANGE};
use crate::diff::rules;
use crate::diff::terraform::{Aspect, Check};
use crate::diff::{Change, Kind, TfVerdict};
use crate::model::names::snake;
use crate::model::{Api, Field, Model, Type};

/// The path of what the Terraform emitter made of a response field: the block of the group
/// it carries, else its attribute. `None` when neither schema has it.
fn field_path<'v>(pair: &TfPair<'v>, f: &Field) -> Option<&'v str> {
    let from_group = match &f.ty {
        Type::Group { prefix, .. } => pair.path_of(prefix),
        _ => None,
    };
    from_group.or_else(|| pair.path_of(&f.name))
}
impl<'a> Cx<'a> {
    /// Compares the fields of two versions of a model. `label` is the resource the model
    /// belongs to (`None`: shared), `item_prefix` goes before `field x` in the item.
    pub(super) fn fields(
        &self,
        label: Option<&str>,
        item_prefix: &str,
        om: &Model,
        nm: &Model,
        tf: &FieldTf,
        out: &mut Vec<Change>,
    ) {
        let ty_name = self.new.rust_model(&nm.name);
        let old_ty_name = self.old.rust_model(&om.name);
        let change = |kind, f: &Field, detail: String, rust, terraform| Change {
            kind,
            resource: label.map(str::to_owned),
            operation: None,
            item: format!("{item_prefix}field {}", f.name),
            detail,
            rust,
            terraform,
        };
        let tfv = |f: &Field, aspects: &[Aspect], default: &str| match tf {
            FieldTf::Resource(pair) => pair.at(field_path(pair, f), aspects, default),
            FieldTf::Uses(leaf) => {
                if aspects.is_empty() {
                    TfVerdict::na("Terraform has no named object types; the attributes that use it are compared by type")
                } else {
                    self.tf_uses(leaf, &[Aspect::Type])
                }
            }
        };
        for a in &om.fields {
            let Some(b) = nm.fields.iter().find(|b| b.name == a.name) else {
                out.push(change(
                    Kind::FieldRemoved,
                    a,
                    "removed".to_owned(),
                    rust(
                        true,
                        format!("the field `{old_ty_name}::{}` is removed", snake(&a.name)),
                    ),
                    tfv(a, Aspect::ALL, NO_SCHEMA_CHANGE),
                ));
                continue;
            };
            let field = format!("{ty_name}::{}", snake(&b.name));
            if self.norm(&a.ty) != b.ty {
                let (ta, tb) = (
                    self.old.field_type(&om.name, &a.ty),
                    self.new.field_type(&nm.name, &b.ty),
                );
                let verdict = if ta == tb {
                    rust(false, format!("same Rust type `{tb}`"))
                } else {
                    rust(true, format!("`{field}` changes from `{ta}` to `{tb}`"))
                };
                out.push(change(
                    Kind::FieldType,
                    b,
                    format!("{} -> {}", a.ty, b.ty),
                    verdict,
                    tfv(b, Aspect::TYPE, NO_SCHEMA_CHANGE),
                ));
            }
            if a.nullable != b.nullable {
                let t = self.new.field_type(&nm.name, &b.ty);
                out.push(change(
                    Kind::FieldNullable,
                    b,
                    if b.nullable {
                        "non-nullable -> nullable".to_owned()
                    } else {
                        "nullable -> non-nullable".to_owned()
                    },
                    // Every model field is an `Option` (responses are read leniently), so
                    // nullability changes nothing in the crate.
                    rust(false, format!("`{field}` stays `Option<{t}>`")),
                    tfv(
                        b,
                        &[],
                        "no change to the Terraform schema (attributes may be null either way)",
                    ),
                ));
            }
            for c in rules::constraint_changes(&a.constraints, &b.constraints) {
                out.push(change(
                    Kind::FieldConstraint,
                    b,
                    format!("{} {} -> {}", c.dim.as_str(), c.old, c.new),
                    rust(false, "responses are not validated"),
                    tfv(b, check_aspects(c.dim), NO_SCHEMA_CHANGE),
                ));
            }
            if a.deprecated != b.deprecated {
                let reason = if b.deprecated {
                    format!("`{field}` gets `#[deprecated]`: a warning, not an error")
                } else {
                    format!("`{field}` loses `#[deprecated]`")
                };
                out.push(change(
                    Kind::FieldDeprecated,
                    b,
                    deprecated_detail(b.deprecated),
                    rust(false, reason),
                    tfv(b, &[], NO_SCHEMA_CHANGE),
                ));
            }
        }
        for b in nm
            .fields
            .iter()
            .filter(|b| !om.fields.iter().any(|a| a.name == b.name))
        {
            out.push(change(
                Kind::FieldAdded,
                b,
                format!(
                    "added ({}{})",
                    if b.nullable { "nullable " } else { "" },
                    b.ty
                ),
                rust(
                    false,
                    format!(
                        "new field `{ty_name}::{}` (models are `#[non_exhaustive]`)",
                        snake(&b.name)
                    ),
                ),
                tfv(b, Aspect::ALL, NO_SCHEMA_CHANGE),
            ));
        }
    }

    /// Models that represent no resource's items, compared by name.
    pub(super) fn standalone_models(&self, out: &mut Vec<Change>) {
        let resource_models: BTreeSet<&str> = self
            .old
            .api
            .resources
            .iter()
            .chain(&self.new.api.resources)
            .filter_map(|r| r.model.as_deref())
            .collect();
        let standalone = |api: &'a Api| -> Vec<&'a Model> {
            api.models
                .iter()
                .filter(|m| !resource_models.contains(m.name.as_str()))
                .collect()
        };
        let (olds, news) = (standalone(self.old.api), standalone(self.new.api));
        let na = || {
            TfVerdict::na("Terraform has no named object types; the attributes that use it are compared by type")
        };
        for om in &olds {
            let leaf = Type::Model(om.name.clone());
            let label = self.owner(&leaf);
            match news.iter().find(|n| n.name == om.name) {
                Some(nm) => {
                    let item = format!("model {} ", nm.name);
                    self.fields(label.as_deref(), &item, om, nm, &FieldTf::Uses(leaf), out);
                }
                None => out.push(Change {
                    kind: Kind::ModelRemoved,
                    resource: label,
                    operation: None,
                    item: format!("model {}", om.name),
                    detail: "removed".to_owned(),
                    rust: rust(
                        true,
                        format!("the type `{}` is removed", self.old.rust_model(&om.name)),
                    ),
                    terraform: na(),
                }),
            }
        }
        for nm in news
            .iter()
            .filter(|n| !olds.iter().any(|o| o.name == n.name))
        {
            out.push(Change {
                kind: Kind::ModelAdded,
                resource: self.owner(&Type::Model(nm.name.clone())),
                operation: None,
                item: format!("model {}", nm.name),
                detail: "added".to_owned(),
                rust: rust(
                    false,
                    format!("new type `{}`", self.new.rust_model(&nm.name)),
                ),
                terraform: na(),
            });
        }
    }

    // ----- unions -----

    pub(super) fn unions(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old.api, self.new.api);
        let na = || TfVerdict::na("Terraform takes a union as JSON text");
        let tags = |u: &crate::model::Union| -> Vec<String> {
            u.variants
                .iter()
                .map(|v| format!("{} ({})", v.tag, v.model))
                .collect()
        };
        for o in &old.unions {
            let leaf = Type::Union(o.name.clone());
            let old_ty = self
                .old
                .names
                .unions
                .get(&o.name)
                .cloned()
                .unwrap_or_default();
            let Some(n) = new.unions.iter().find(|n| n.name == o.name) else {
                out.push(Change {
                    kind: Kind::UnionChanged,
                    resource: self.owner(&leaf),
                    operation: None,
                    item: format!("union {}", o.name),
                    detail: "removed".to_owned(),
                    rust: rust(true, format!("the enum `{old_ty}` is removed")),
                    terraform: na(),
                });
                continue;
            };
            let (a, b) = (tags(o), tags(n));
            if a == b && o.discriminator == n.discriminator {
                continue;
            }
            let only_added = o.discriminator == n.discriminator && a.iter().all(|t| b.contains(t));
            out.push(Change {
                kind: Kind::UnionChanged,
                resource: self.owner(&leaf),
                operation: None,
                item: format!("union {}", n.name),
                detail: format!(
                    "`{}`: [{}] -> `{}`: [{}]",
                    o.discriminator,
                    a.join(", "),
                    n.discriminator,
                    b.join(", ")
                ),
                rust: if only_added {
                    rust(false, format!("`{old_ty}` gains variants (`#[non_exhaustive]`; they read as `Other` before)"))
                } else {
                    rust(true, format!("`{old_ty}` loses or changes variants: code that names them may no longer compile"))
                },
                terraform: na(),
            });
        }
        for n in new
            .unions
            .iter()
            .filter(|n| !old.unions.iter().any(|o| o.name == n.name))
        {
            out.push(Change {
                kind: Kind::UnionChanged,
                resource: self.owner(&Type::Union(n.name.clone())),
                operation: None,
                item: format!("union {}", n.name),
                detail: "added".to_owned(),
                rust: rust(false, "a new enum"),
                terraform: na(),
            });
        }
    }

    // ----- enums and SIDs -----

    pub(super) fn enums(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old.api, self.new.api);
        let na = || {
            TfVerdict::na("Terraform has no enum types: attributes that use it are strings with a `OneOf` validator")
        };
        for o in &old.enums {
            let leaf = Type::Enum(o.name.clone());
            let label = self.owner(&leaf);
            let old_ty = self
                .old
                .names
                .enums
                .get(&o.name)
                .cloned()
                .unwrap_or_default();
            let Some(n) = new.enums.iter().find(|n| n.name == o.name) else {
                out.push(Change {
                    kind: Kind::EnumRemoved,
                    resource: label,
                    operation: None,
                    item: format!("enum {}", o.name),
                    detail: "removed".to_owned(),
                    rust: rust(true, format!("the enum `{old_ty}` is removed")),
                    terraform: na(),
                });
                continue;
            };
            let ty = self
                .new
                .names
                .enums
                .get(&n.name)
                .cloned()
                .unwrap_or_default();
            for v in o.values.iter().filter(|v| !n.values.contains(v)) {
                out.push(Change {
                    kind: Kind::EnumValueRemoved,
                    resource: label.clone(),
                    operation: None,
                    item: format!("enum {} value {v}", n.name),
                    detail: "removed".to_owned(),
                    rust: rust(
                        true,
                        format!("`{ty}` loses the variant for `{v}`: code that names it no longer compiles"),
                    ),
                    terraform: self.tf_uses(&leaf, &[Aspect::Check(Check::OneOf)]),
                });
            }
            for v in n.values.iter().filter(|v| !o.values.contains(v)) {
                out.push(Change {
                    kind: Kind::EnumValueAdded,
                    resource: label.clone(),
                    operation: None,
                    item: format!("enum {} value {v}", n.name),
                    detail: "added".to_owned(),
                    rust: rust(
                        false,
                        format!("`{ty}` gains a variant for `{v}` (`#[non_exhaustive]`; it decoded as `{ty}::Other` before)"),
                    ),
                    terraform: self.tf_uses(&leaf, &[Aspect::Check(Check::OneOf)]),
                });
            }
        }
        for n in new
            .enums
            .iter()
            .filter(|n| !old.enums.iter().any(|o| o.name == n.name))
        {
            let ty = self
                .new
                .names
                .enums
                .get(&n.name)
                .cloned()
                .unwrap_or_default();
            out.push(Change {
                kind: Kind::EnumAdded,
                resource: self.owner(&Type::Enum(n.name.clone())),
                operation: None,
                item: format!("enum {}", n.name),
                detail: format!("added ({})", n.values.join(", ")),
                rust: rust(false, format!("new enum `{ty}`")),
                terraform: na(),
            });
        }
    }

    pub(super) fn sids(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old.api, self.new.api);
        let na =
            || TfVerdict::na("Terraform has no SID types: SIDs are strings checked by pattern");
        let rust_name =
            |side: &Side, prefix: &str| side.names.sids.get(prefix).cloned().unwrap_or_default();
        for o in &old.sids {
            let leaf = Type::Sid(o.prefix.clone());
            let label = self.owner(&leaf);
            let Some(n) = new.sids.iter().find(|n| n.prefix == o.prefix) else {
                out.push(Change {
                    kind: Kind::SidRemoved,
                    resource: label,
                    operation: None,
                    item: format!("SID {}", o.prefix),
                    detail: format!("removed ({})", o.name),
                    rust: rust(
                        true,
                        format!(
                            "the SID type `{}` is removed",
                            rust_name(&self.old, &o.prefix)
                        ),
                    ),
                    terraform: na(),
                });
                continue;
            };
            if o.name != n.name {
                let (a, b) = (
                    rust_name(&self.old, &o.prefix),
                    rust_name(&self.new, &n.prefix),
                );
                let verdict = if a == b {
                    rust(false, format!("the Rust type keeps its name `{b}`"))
                } else {
                    rust(true, format!("the SID type `{a}` becomes `{b}`"))
                };
                out.push(Change {
                    kind: Kind::SidName,
                    resource: label.clone(),
                    operation: None,
                    item: format!("SID {}", n.prefix),
                    detail: format!("name {} -> {}", o.name, n.name),
                    rust: verdict,
                    terraform: na(),
                });
            }
            if o.pattern != n.pattern {
                out.push(Change {
                    kind: Kind::SidPattern,
                    resource: label.clone(),
                    operation: None,
                    item: format!("SID {}", n.prefix),
                    detail: format!("pattern `{}` -> `{}`", o.pattern, n.pattern),
                    rust: rust(
                        true,
                        format!(
                            "`{}::parse` may reject values it accepted (patterns are not compared)",
                            rust_name(&self.new, &n.prefix)
                        ),
                    ),
                    terraform: self.tf_uses(&leaf, &[Aspect::Check(Check::Pattern)]),
                });
            }
        }
        for n in new
            .sids
            .iter()
            .filter(|n| !old.sids.iter().any(|o| o.prefix == n.prefix))
        {
            out.push(Change {
                kind: Kind::SidAdded,
                resource: self.owner(&Type::Sid(n.prefix.clone())),
                operation: None,
                item: format!("SID {}", n.prefix),
                detail: format!("added ({})", n.name),
                rust: rust(
                    false,
                    format!("new SID type `{}`", rust_name(&self.new, &n.prefix)),
                ),
                terraform: na(),
            });
        }
    }
}

/// Where the Terraform verdict on a field change comes from.
pub(super) enum FieldTf<'v> {
    /// The field belongs to a resource's model: its attribute in the resource's views.
    Resource(&'v TfPair<'v>),
    /// The field belongs to a shared model: every attribute whose type is that model.
    Uses(Type),
}
