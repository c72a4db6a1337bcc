//! Operations: kind and id, then parameters, body and response read by their own modules.

use super::resources::{PathInfo, PathType};
use super::*;

impl<'a> Builder<'a> {
    /// One operation of `resource`: `None`, with a warning, when its method is not supported
    /// or its request body cannot be read.
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
        let id = operation_id(op, kind, resource);
        if !op.callbacks.is_empty() {
            self.warn(
                format!("{pointer}/callbacks"),
                "callbacks are not supported; ignored",
            );
        }
        let params = self.operation_params(resource, &id, info, op, pointer);
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
            path_params: params.path,
            query_params: params.query,
            header_params: params.header,
            body,
            response,
            examples,
            pointer: pointer.to_owned(),
        };
        self.resolve_conditions(&mut built);
        Ok(Some(built))
    }
}

/// The spec's `operationId`, else one made of the kind and the resource (`CreateFlexFlow`).
fn operation_id(op: &oa::Operation, kind: OperationKind, resource: &str) -> String {
    op.operation_id
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            format!(
                "{}{}",
                super::names::pascal(kind.as_str()),
                super::names::pascal(resource)
            )
        })
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
