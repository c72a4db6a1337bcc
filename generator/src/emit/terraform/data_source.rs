//! The data source of each resource (`data "twilio_flex_flow"`): the resource read by the
//! attributes that name it (the instance path's parameters: parent SIDs and the SID), with
//! every other attribute computed. Nested blocks become computed object attributes, since a
//! data source's blocks would come from configuration.

use crate::views::terraform::attrs::{Attribute, Mode, Nesting, TfResource, TfType};

/// One attribute of a data source.
#[derive(Debug, Clone)]
pub struct DsAttribute {
    /// Terraform name.
    pub name: String,
    /// Terraform type.
    pub ty: TfType,
    /// Whether configuration sets it (the attributes naming the resource); else computed.
    pub required: bool,
    /// Description from the spec.
    pub description: String,
    /// Whether the value is personal data the spec marks sensitive.
    pub sensitive: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
}

fn object_of(attributes: &[Attribute]) -> TfType {
    TfType::Object(
        attributes
            .iter()
            .map(|a| (a.name.clone(), a.ty.clone()))
            .collect(),
    )
}

/// The data source's attributes, sorted by name.
pub fn attributes(r: &TfResource<'_>) -> Vec<DsAttribute> {
    let lookup = r.import_attributes();
    // What only the create response carries cannot be read.
    let mut out: Vec<DsAttribute> = r
        .attributes
        .iter()
        .filter(|a| !a.create_only)
        .map(|a| DsAttribute {
            name: a.name.clone(),
            ty: a.ty.clone(),
            required: lookup.contains(&a.name),
            description: a.description.clone(),
            sensitive: a.sensitive,
            deprecated: a.deprecated,
        })
        .collect();
    for b in &r.blocks {
        let members = object_of(&b.attributes);
        let ty = match b.nesting {
            Nesting::Single => members,
            Nesting::List { .. } => TfType::List(Box::new(members)),
        };
        out.push(DsAttribute {
            name: b.name.clone(),
            ty,
            required: false,
            description: b.description.clone(),
            sensitive: false,
            deprecated: false,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The mode of a data source attribute, in the resource's terms.
pub fn mode(a: &DsAttribute) -> Mode {
    if a.required {
        Mode::Required
    } else {
        Mode::Computed
    }
}
