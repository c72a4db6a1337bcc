//! What the generated crate checks before it sends a request: the constraints of each value
//! it checks, and the parameters whose `required_when` conditions it checks. The Rust
//! emitter writes these checks and `diff` judges changes by them; both read them here.

use crate::model::{Body, Constraints, ContentType, Operation, Param, ParamGroup, ParamLocation};
use crate::model::{Resource, Type};

use super::types::is_string;

/// One check of a value's constraints, in the order the crate makes them.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueCheck {
    /// The length of a string (`min_length`, `max_length`); at least one is set.
    Length {
        /// Minimum length.
        min: Option<u64>,
        /// Maximum length.
        max: Option<u64>,
    },
    /// A string matches a regular expression the `regex` crate compiles.
    Pattern(String),
    /// A number lies within bounds; at least one is set.
    Range {
        /// Lower bound.
        min: Option<f64>,
        /// Upper bound.
        max: Option<f64>,
        /// Whether the lower bound excludes itself.
        exclusive_min: bool,
        /// Whether the upper bound excludes itself.
        exclusive_max: bool,
    },
    /// The number of items of a list; at least one bound is set.
    Items {
        /// Minimum number of items.
        min: Option<u64>,
        /// Maximum number of items.
        max: Option<u64>,
    },
}

/// Whether the `regex` crate compiles `pattern` (it has no lookaround or backreferences).
/// A pattern it does not compile is not checked.
pub fn pattern_compiles(pattern: &str) -> bool {
    regex::Regex::new(pattern).is_ok()
}

/// The checks a value of type `t` with constraints `c` gets before sending: lengths and
/// compiling patterns of plain strings, ranges of numbers, sizes of lists. SIDs check their
/// own pattern (their type's `check`), and other types carry no constraint checks.
pub fn value_checks(t: &Type, c: &Constraints) -> Vec<ValueCheck> {
    let mut out = Vec::new();
    match t {
        Type::Sid(_) => {}
        t if is_string(t) => {
            if c.min_length.is_some() || c.max_length.is_some() {
                out.push(ValueCheck::Length {
                    min: c.min_length,
                    max: c.max_length,
                });
            }
            if let Some(p) = c.pattern.as_deref().filter(|p| pattern_compiles(p)) {
                out.push(ValueCheck::Pattern(p.to_owned()));
            }
        }
        Type::Integer | Type::Int64 | Type::Number
            if c.minimum.is_some() || c.maximum.is_some() =>
        {
            out.push(ValueCheck::Range {
                min: c.minimum,
                max: c.maximum,
                exclusive_min: c.exclusive_minimum,
                exclusive_max: c.exclusive_maximum,
            });
        }
        Type::Array(_) if c.min_items.is_some() || c.max_items.is_some() => {
            out.push(ValueCheck::Items {
                min: c.min_items,
                max: c.max_items,
            });
        }
        _ => {}
    }
    out
}

/// The checks the crate makes on parameter `p` of operation `op` of resource `r`. Path
/// parameters are handle arguments (a SID type checks itself; nothing else is checked) and a
/// list's page cursor is never set by callers, so neither has any. A member of a dotted group
/// is checked by the resource's group type, which holds the member as the resource's groups
/// have it (from the first operation that has it; see `model::dotted::merge`).
pub fn param_checks(r: &Resource, op: &Operation, p: &Param) -> Vec<ValueCheck> {
    if p.location == ParamLocation::Path || op.is_page_cursor(p) {
        return Vec::new();
    }
    let in_group = op
        .body
        .iter()
        .flat_map(|b| &b.groups)
        .flat_map(ParamGroup::all_params)
        .any(|m| std::ptr::eq(m, p));
    let checked = if in_group {
        r.groups
            .iter()
            .flat_map(ParamGroup::all_params)
            .find(|m| m.name == p.name)
            .unwrap_or(p)
    } else {
        p
    };
    value_checks(&checked.ty, &checked.constraints)
}

/// The parameters whose `required_when` conditions the crate checks, of a parameter set
/// with query parameters `query` and body `body`: the query parameters, and in a form body
/// its parameters and the members of its groups that are not numbered (the checks read the
/// encoded pairs by wire name, which a numbered group's members do not have). Header
/// parameters and JSON bodies are not checked.
pub fn conditional_params<'a>(
    query: impl IntoIterator<Item = &'a Param>,
    body: Option<&'a Body>,
) -> Vec<&'a Param> {
    let form = body
        .into_iter()
        .filter(|b| b.content_type == ContentType::Form);
    query
        .into_iter()
        .chain(form.flat_map(|b| {
            b.params.iter().chain(
                b.groups
                    .iter()
                    .filter(|g| g.indexed.is_none())
                    .flat_map(|g| g.all_params()),
            )
        }))
        .collect()
}

/// Whether the crate checks the `required_when` conditions of parameter `p` of `op` (one of
/// [`conditional_params`] of the operation's parameter struct).
pub fn checks_conditions(op: &Operation, p: &Param) -> bool {
    conditional_params(op.settable_query_params(), op.body.as_ref())
        .into_iter()
        .any(|q| std::ptr::eq(q, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OperationKind;

    fn string_with(c: Constraints) -> Vec<ValueCheck> {
        value_checks(&Type::String, &c)
    }

    #[test]
    fn strings_check_lengths_then_compiling_patterns() {
        let c = Constraints {
            min_length: Some(1),
            pattern: Some("^[a-z]+$".into()),
            ..Constraints::default()
        };
        assert_eq!(
            string_with(c),
            [
                ValueCheck::Length {
                    min: Some(1),
                    max: None
                },
                ValueCheck::Pattern("^[a-z]+$".into()),
            ]
        );
    }

    #[test]
    fn a_pattern_regex_cannot_compile_is_not_checked() {
        assert!(!pattern_compiles("^(?=x)"));
        let c = Constraints {
            pattern: Some("^(?=x)".into()),
            ..Constraints::default()
        };
        assert_eq!(string_with(c), []);
    }

    #[test]
    fn sids_and_other_types_carry_no_constraint_checks() {
        let c = Constraints {
            pattern: Some("^FO[0-9a-f]{32}$".into()),
            max_length: Some(34),
            minimum: Some(1.0),
            ..Constraints::default()
        };
        assert_eq!(value_checks(&Type::Sid("FO".into()), &c), []);
        assert_eq!(value_checks(&Type::Uri, &c), []);
        assert_eq!(value_checks(&Type::Boolean, &c), []);
        assert_eq!(
            value_checks(&Type::PhoneNumber, &c),
            [
                ValueCheck::Length {
                    min: None,
                    max: Some(34)
                },
                ValueCheck::Pattern("^FO[0-9a-f]{32}$".into()),
            ]
        );
    }

    #[test]
    fn numbers_check_ranges_and_lists_sizes() {
        let c = Constraints {
            maximum: Some(5.0),
            exclusive_maximum: true,
            max_items: Some(3),
            ..Constraints::default()
        };
        let range = ValueCheck::Range {
            min: None,
            max: Some(5.0),
            exclusive_min: false,
            exclusive_max: true,
        };
        assert_eq!(value_checks(&Type::Int64, &c), std::slice::from_ref(&range));
        assert_eq!(value_checks(&Type::Number, &c), [range]);
        assert_eq!(
            value_checks(&Type::Array(Box::new(Type::Integer)), &c),
            [ValueCheck::Items {
                min: None,
                max: Some(3)
            }]
        );
        let flags_only = Constraints {
            exclusive_minimum: true,
            ..Constraints::default()
        };
        assert_eq!(value_checks(&Type::Integer, &flags_only), []);
    }

    fn flexflow() -> crate::model::Api {
        const SPEC: &str = include_str!("../../../../spec/twilio_flex_v1.yaml");
        crate::model::read("spec/twilio_flex_v1.yaml", SPEC).expect("spec/ builds")
    }

    #[test]
    fn path_params_and_page_cursors_are_not_checked() {
        let mut api = flexflow();
        let r = &mut api.resources[0];
        for op in &mut r.operations {
            for p in op.path_params.iter_mut().chain(&mut op.query_params) {
                p.ty = Type::String;
                p.constraints.max_length = Some(10);
            }
        }
        let r = &api.resources[0];
        let list = r.operation(OperationKind::List).expect("a list");
        let checked = |name: &str| {
            let p = list
                .query_params
                .iter()
                .find(|p| p.name == name)
                .expect("a query parameter");
            param_checks(r, list, p)
        };
        assert_eq!(checked("Page"), []);
        assert_eq!(checked("PageSize").len(), 1);
        let fetch = r.operation(OperationKind::Fetch).expect("a fetch");
        assert_eq!(param_checks(r, fetch, &fetch.path_params[0]), []);
    }

    #[test]
    fn group_members_are_checked_as_the_resource_group_has_them() {
        let mut api = flexflow();
        let r = &mut api.resources[0];
        let update = r
            .operations
            .iter_mut()
            .find(|o| o.kind == OperationKind::Update)
            .expect("an update");
        let member = update
            .body
            .as_mut()
            .and_then(|b| b.groups.first_mut())
            .and_then(|g| {
                g.params
                    .iter_mut()
                    .find(|p| p.name == "Integration.Channel")
            })
            .expect("Integration.Channel in update");
        member.constraints.max_length = Some(5);
        let r = &api.resources[0];
        let update = r.operation(OperationKind::Update).expect("an update");
        let member = update.body.as_ref().expect("a body").groups[0]
            .params
            .iter()
            .find(|p| p.name == "Integration.Channel")
            .expect("the member");
        // The group type is create's: update's own length is not what the client checks.
        assert_eq!(param_checks(r, update, member), []);
    }

    #[test]
    fn conditions_are_checked_on_query_and_form_parameters() {
        let api = flexflow();
        let r = &api.resources[0];
        let list = r.operation(OperationKind::List).expect("a list");
        assert!(list
            .query_params
            .iter()
            .all(|p| checks_conditions(list, p) != list.is_page_cursor(p)));
        let create = r.operation(OperationKind::Create).expect("a create");
        let first = &create.body.as_ref().expect("a body").params[0];
        assert!(checks_conditions(create, first));
        let members = create.body.as_ref().expect("a body").groups[0].all_params();
        assert!(members.iter().all(|m| checks_conditions(create, m)));

        let mut json = create.clone();
        if let Some(b) = json.body.as_mut() {
            b.content_type = ContentType::Json;
        }
        let first = &json.body.as_ref().expect("a body").params[0];
        assert!(
            !checks_conditions(&json, first),
            "JSON bodies are not checked"
        );
        let mut indexed = create.clone();
        if let Some(g) = indexed.body.as_mut().and_then(|b| b.groups.first_mut()) {
            g.indexed = Some((1, 3));
        }
        let member = &indexed.body.as_ref().expect("a body").groups[0].params[0];
        assert!(
            !checks_conditions(&indexed, member),
            "members of numbered groups are not checked"
        );
    }
}
