//! Operations: kind and id, parameters by location and path order, body and response.

use super::resources::{PathInfo, PathType};
use super::*;

impl<'a> Builder<'a> {
    pub(super) fn operation(
        &mut self,
        resource: &str,
        info: &PathInfo<'a>,
        method: &str,
        op: &'a oa::Operation,
        pointer: &str,
    ) -> Result<Option<Operation>, Error> {
        let kind = match operation_kind(op.operation_id.as_deref(), method, info.path_type) {
            Some(k) => k,
            None => {
                self.warn(
                    pointer,
                    format!("`{method}` operations are not supported; skipped"),
                );
                return Ok(None);
            }
        };
        let id = op
            .operation_id
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| {
                format!(
                    "{}{}",
                    super::names::pascal(kind.as_str()),
                    super::names::pascal(resource)
                )
            });
        if !op.callbacks.is_empty() {
            self.warn(
                format!("{pointer}/callbacks"),
                "callbacks are not supported; ignored",
            );
        }

        // Parameters: path-level first, overridden by operation-level ones of the same name.
        let mut raw_params: IndexMap<(String, &'static str), (Param, String)> = IndexMap::new();
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
                if let Some((param, loc)) = self.parameter(resource, &id, p, &at) {
                    raw_params.insert((param.name.clone(), loc), (param, at));
                }
            }
        }
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        for ((_, _), (p, at)) in raw_params {
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
                ParamLocation::Query => query_params.push(p),
                ParamLocation::Header => header_params.push(p),
                ParamLocation::Body => {}
            }
        }
        // Every template variable needs a parameter; order them as in the path.
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
                    ordered.push(Param {
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
                    });
                }
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(rb) => match self.body(resource, &id, rb, &format!("{pointer}/requestBody"))? {
                Some(b) => Some(b),
                None => return Ok(None),
            },
        };
        let response = self.response(&id, kind, op, pointer);
        let examples = self.response_examples(pointer, &response);

        let mut built = Operation {
            id,
            kind,
            method: method.to_owned(),
            path: info.path.clone(),
            description: non_empty(op.description.as_ref())
                .or_else(|| non_empty(op.summary.as_ref())),
            deprecated: op.deprecated,
            path_params: ordered,
            query_params,
            header_params,
            body,
            response,
            examples,
            pointer: pointer.to_owned(),
        };
        self.resolve_conditions(&mut built);
        Ok(Some(built))
    }
}

/// Twilio's operationId prefixes, else the method and path type.
fn operation_kind(id: Option<&str>, method: &str, path_type: PathType) -> Option<OperationKind> {
    if let Some(id) = id {
        for (prefix, kind) in [
            ("Create", OperationKind::Create),
            ("Fetch", OperationKind::Fetch),
            ("List", OperationKind::List),
            ("Update", OperationKind::Update),
            ("Delete", OperationKind::Delete),
        ] {
            if let Some(rest) = id.strip_prefix(prefix) {
                if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                    return Some(kind);
                }
            }
        }
    }
    match (method, path_type) {
        ("GET", PathType::List) => Some(OperationKind::List),
        ("GET", PathType::Instance) => Some(OperationKind::Fetch),
        ("POST", PathType::List) => Some(OperationKind::Create),
        ("POST", PathType::Instance) | ("PUT", _) | ("PATCH", _) => Some(OperationKind::Update),
        ("DELETE", _) => Some(OperationKind::Delete),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn kinds_follow_operation_ids_then_methods() {
        assert_eq!(
            operation_kind(Some("CreateFlexFlow"), "POST", PathType::List),
            Some(OperationKind::Create)
        );
        assert_eq!(
            operation_kind(
                Some("FetchInsightsSettingsAnswersets"),
                "GET",
                PathType::List
            ),
            Some(OperationKind::Fetch)
        );
        assert_eq!(
            operation_kind(Some("CreateInsightsSession"), "POST", PathType::Instance),
            Some(OperationKind::Create)
        );
        assert_eq!(
            operation_kind(Some("Listen"), "GET", PathType::Instance),
            Some(OperationKind::Fetch)
        );
        assert_eq!(
            operation_kind(None, "DELETE", PathType::Instance),
            Some(OperationKind::Delete)
        );
        assert_eq!(operation_kind(None, "HEAD", PathType::Instance), None);
    }
}
