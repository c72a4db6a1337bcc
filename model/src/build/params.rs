//! Parameters: an operation's query, header and path parameters, by location and in path
//! order; `$ref`s to component parameters followed.

use super::resources::PathInfo;
use super::shape::view_plain;
use super::types::{Owner, Typed};
use super::*;

impl<'a> Builder<'a> {
    /// An operation's query, header and path parameters. Path-level parameters come first,
    /// overridden by operation-level ones of the same name and location; path parameters
    /// follow the order of the path template, one for each of its variables.
    pub(super) fn operation_params(
        &mut self,
        resource: &str,
        op_id: &str,
        info: &PathInfo<'a>,
        op: &'a oa::Operation,
        pointer: &str,
    ) -> OperationParams {
        let declared = self.declared_params(resource, op_id, info, op, pointer);
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut header = Vec::new();
        for ((_, _), (p, at)) in declared {
            match p.location {
                ParamLocation::Path => {
                    if info.path.params().any(|v| v == p.name) {
                        path_params.push(p);
                    } else {
                        self.warn(
                            at,
                            format!(
                                "path parameter `{}` is not in the path template; ignored",
                                p.name
                            ),
                        );
                    }
                }
                ParamLocation::Query => query.push(p),
                ParamLocation::Header => header.push(p),
                ParamLocation::Body => {}
            }
        }
        let path = self.path_params_in_order(path_params, info, pointer);
        OperationParams {
            path,
            query,
            header,
        }
    }

    /// The parameters the path item and the operation declare, keyed by name and location
    /// (the operation's replacing the path item's), each with its pointer, sorted by name
    /// and location whatever the order the spec lists them in.
    fn declared_params(
        &mut self,
        resource: &str,
        op_id: &str,
        info: &PathInfo<'a>,
        op: &'a oa::Operation,
        pointer: &str,
    ) -> IndexMap<(String, &'static str), (Param, String)> {
        let mut declared: IndexMap<(String, &'static str), (Param, String)> = IndexMap::new();
        let sources = [
            (
                &info.item.parameters,
                format!("{}/parameters", info.pointer),
            ),
            (&op.parameters, format!("{pointer}/parameters")),
        ];
        for (list, base) in sources {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                if let Some((param, loc)) = self.parameter(resource, op_id, p, &at) {
                    declared.insert((param.name.clone(), loc), (param, at));
                }
            }
        }
        // By wire name, so that a spec listing the same parameters in another order gives
        // the same operation: the order of constructor arguments follows from this one.
        declared.sort_keys();
        declared
    }

    /// Path parameters in the order of the template's variables, all required; a variable
    /// without a parameter gets a string one, with a warning.
    fn path_params_in_order(
        &mut self,
        mut path_params: Vec<Param>,
        info: &PathInfo<'a>,
        pointer: &str,
    ) -> Vec<Param> {
        let mut ordered = Vec::new();
        for var in info.path.params() {
            match path_params.iter().position(|p: &Param| p.name == var) {
                Some(i) => {
                    let mut p = path_params.remove(i);
                    p.required = true;
                    ordered.push(p);
                }
                None => {
                    self.warn(
                        format!("{pointer}/parameters"),
                        format!("path variable `{{{var}}}` has no parameter; typed as a string"),
                    );
                    ordered.push(string_path_param(var));
                }
            }
        }
        ordered
    }

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

/// An operation's parameters by location; path parameters in path order.
pub(super) struct OperationParams {
    pub(super) path: Vec<Param>,
    pub(super) query: Vec<Param>,
    pub(super) header: Vec<Param>,
}

/// A required string path parameter, for a path variable the spec does not declare.
fn string_path_param(var: &str) -> Param {
    Param {
        name: var.to_owned(),
        location: ParamLocation::Path,
        ty: Type::String,
        required: true,
        deprecated: false,
        description: None,
        constraints: Constraints::default(),
        required_when: vec![],
        applies_when: vec![],
        pii: None,
        default: None,
    }
}
