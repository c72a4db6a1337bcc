//! Parameters: query, header and path parameters, `$ref`s to component parameters followed.

use super::shape::view_plain;
use super::types::{Owner, Typed};
use super::*;

impl<'a> Builder<'a> {
    pub(super) fn parameter(
        &mut self,
        resource: &str,
        op_id: &str,
        p: &'a ReferenceOr<oa::Parameter>,
        at: &str,
    ) -> Option<(Param, &'static str)> {
        let (param, at): (Cow<'a, oa::Parameter>, String) = match p {
            ReferenceOr::Item(p) => (Cow::Borrowed(p), at.to_owned()),
            ReferenceOr::Reference { reference } => match self.resolve_parameter(reference) {
                Some(p) => (p, reference.trim_start_matches('#').to_owned()),
                None => {
                    self.warn(
                        at,
                        format!("`$ref` `{reference}` is not a parameter; skipped"),
                    );
                    return None;
                }
            },
        };
        let (data, location, loc) = match param.as_ref() {
            oa::Parameter::Query { parameter_data, .. } => {
                (parameter_data, ParamLocation::Query, "query")
            }
            oa::Parameter::Header { parameter_data, .. } => {
                (parameter_data, ParamLocation::Header, "header")
            }
            oa::Parameter::Path { parameter_data, .. } => {
                (parameter_data, ParamLocation::Path, "path")
            }
            oa::Parameter::Cookie { parameter_data, .. } => {
                self.warn(
                    at,
                    format!(
                        "cookie parameter `{}` is not supported; skipped",
                        parameter_data.name
                    ),
                );
                return None;
            }
        };
        let site = format!("{op_id}.{}", data.name);
        let owner = Owner {
            name: resource,
            field: &data.name,
            site: &site,
        };
        let typed = match &data.format {
            oa::ParameterSchemaOrContent::Schema(s) => {
                self.type_of(view_plain(s), &format!("{at}/schema"), owner)
            }
            oa::ParameterSchemaOrContent::Content(_) => {
                self.warn(
                    format!("{at}/content"),
                    format!(
                        "parameter `{}` described by `content` is typed as untyped JSON",
                        data.name
                    ),
                );
                Typed::json()
            }
        };
        let param = Param {
            name: data.name.clone(),
            location,
            ty: typed.ty,
            required: data.required,
            deprecated: data.deprecated.unwrap_or(false) || typed.deprecated,
            description: non_empty(data.description.as_ref()).or(typed.description),
            constraints: typed.constraints,
            required_when: vec![],
            applies_when: vec![],
            pii: pii_of(&data.extensions).or(typed.pii),
            default: typed.default,
        };
        Some((param, loc))
    }

    pub(super) fn resolve_parameter(&self, reference: &str) -> Option<Cow<'a, oa::Parameter>> {
        let mut reference = reference.to_owned();
        for _ in 0..16 {
            if let Some(name) = reference.strip_prefix("#/components/parameters/") {
                let name = unescape(name);
                match self.components()?.parameters.get(&name)? {
                    ReferenceOr::Item(p) => return Some(Cow::Borrowed(p)),
                    ReferenceOr::Reference { reference: next } => reference = next.clone(),
                }
            } else {
                return self.deserialize_at(&reference).map(Cow::Owned);
            }
        }
        None
    }
}
