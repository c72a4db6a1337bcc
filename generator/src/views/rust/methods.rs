//! The shape of an operation's method on its handle: whether it takes a parameters struct,
//! and whether a bare `fetch()` / `delete()` stays next to `<verb>_with(params)`. The Rust
//! emitter writes the methods and `diff` judges changes by them; both read them here.

use crate::model::{Operation, OperationKind};

/// Whether the method takes a parameters struct: the operation has a parameter a caller
/// sets, or a body set as a whole (dotted groups, a free-form or a `oneOf` body). The
/// struct has one field for each of these.
pub fn takes_params(op: &Operation) -> bool {
    op.takes_params()
}

/// Whether the parameters struct has a required field, a constructor argument: a required
/// query, header or body parameter, a required dotted group, or a required free-form or
/// `oneOf` body.
pub fn params_required(op: &Operation) -> bool {
    op.request_params().any(|p| p.required)
        || op.body.as_ref().is_some_and(|b| {
            (b.required && (b.free_form || b.one_of.is_some()))
                || b.groups.iter().any(|g| g.required)
        })
}

/// Whether the handle keeps the method without parameters next to `<verb>_with(params)`: a
/// fetch or delete that takes a parameters struct none of whose fields is required.
pub fn keeps_bare_method(op: &Operation) -> bool {
    matches!(op.kind, OperationKind::Fetch | OperationKind::Delete)
        && takes_params(op)
        && !params_required(op)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Api, ParamLocation, Type};

    fn flexflow() -> Api {
        const SPEC: &str = include_str!("../../../../spec/twilio_flex_v1.yaml");
        crate::model::read("spec/twilio_flex_v1.yaml", SPEC).expect("spec/ builds")
    }

    fn op(api: &Api, kind: OperationKind) -> Operation {
        api.resources[0]
            .operation(kind)
            .expect("the operation exists")
            .clone()
    }

    /// `fetch` with a query parameter `Expand`, required or not.
    fn fetch_with_expand(required: bool) -> Operation {
        let mut fetch = op(&flexflow(), OperationKind::Fetch);
        let mut p = fetch.path_params[0].clone();
        p.name = "Expand".into();
        p.location = ParamLocation::Query;
        p.ty = Type::Boolean;
        p.required = required;
        fetch.query_params.push(p);
        fetch
    }

    #[test]
    fn a_fetch_with_only_path_parameters_has_one_bare_method() {
        let fetch = op(&flexflow(), OperationKind::Fetch);
        assert!(!takes_params(&fetch));
        assert!(!keeps_bare_method(&fetch));
    }

    #[test]
    fn optional_parameters_keep_the_bare_method_and_required_ones_do_not() {
        let optional = fetch_with_expand(false);
        assert!(takes_params(&optional));
        assert!(keeps_bare_method(&optional));
        let required = fetch_with_expand(true);
        assert!(params_required(&required));
        assert!(!keeps_bare_method(&required));
    }

    #[test]
    fn only_fetch_and_delete_keep_a_bare_method() {
        let api = flexflow();
        let list = op(&api, OperationKind::List);
        assert!(takes_params(&list) && !params_required(&list));
        assert!(!keeps_bare_method(&list));
        let create = op(&api, OperationKind::Create);
        assert!(params_required(&create));
    }

    #[test]
    fn a_required_group_or_free_form_body_is_a_constructor_argument() {
        let api = flexflow();
        let mut update = op(&api, OperationKind::Update);
        let body = update.body.as_mut().expect("update has a body");
        body.params.iter_mut().for_each(|p| p.required = false);
        body.groups.iter_mut().for_each(|g| g.required = false);
        assert!(!params_required(&update));
        if let Some(g) = update.body.as_mut().and_then(|b| b.groups.first_mut()) {
            g.required = true;
        }
        assert!(params_required(&update));
        let mut free = op(&api, OperationKind::Delete);
        free.body = update.body.clone().map(|mut b| {
            b.params.clear();
            b.groups.clear();
            b.free_form = true;
            b.required = true;
            b
        });
        assert!(takes_params(&free));
        assert!(!keeps_bare_method(&free));
    }
}
