//! The comparison on edited copies of the FlexFlow model.

use super::*;
use crate::model::ParamLocation;

const SPEC: &str = include_str!("../../../../spec/twilio_flex_v1.yaml");

fn flexflow() -> Api {
    crate::model::read("spec/twilio_flex_v1.yaml", SPEC).expect("spec/ builds")
}

fn op(api: &mut Api, kind: OperationKind) -> &mut Operation {
    api.resources[0]
        .operations
        .iter_mut()
        .find(|o| o.kind == kind)
        .expect("the operation exists")
}

/// Create's body parameter `name`, to edit.
fn create_param<'a>(api: &'a mut Api, name: &str) -> &'a mut crate::model::Param {
    op(api, OperationKind::Create)
        .body
        .as_mut()
        .and_then(|b| b.params.iter_mut().find(|p| p.name == name))
        .unwrap_or_else(|| panic!("create has {name}"))
}

fn one(changes: &[Change], kind: Kind) -> &Change {
    let found: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
    assert_eq!(found.len(), 1, "one {kind:?} in {changes:#?}");
    found[0]
}

#[test]
fn a_spec_has_no_changes_against_itself() {
    let api = flexflow();
    assert!(compare(&api, &api, &Settings::default())
        .expect("compares")
        .is_empty());
}

/// The report finds attributes by the names the Terraform emitter gave them, read from what
/// it derived, not by naming them again.
#[test]
fn the_terraform_view_maps_wire_names_to_the_emitters_paths() {
    let api = flexflow();
    let view = terraform::view(&api, &api.resources[0], "twilio")
        .expect("the view derives")
        .expect("FlexFlow has a Terraform resource");
    for (wire, path) in [
        ("FriendlyName", "friendly_name"),
        ("friendly_name", "friendly_name"),
        ("Integration", "integration"),
        ("integration", "integration"),
        ("Integration.Url", "integration.url"),
        ("Integration.RetryCount", "integration.retry_count"),
        ("date_created", "date_created"),
    ] {
        assert_eq!(view.path_of(wire), Some(path), "{wire}");
        assert!(view.entries.contains_key(path), "{path}");
    }
    assert_eq!(
        view.path_of("PageSize"),
        None,
        "list parameters are no arguments"
    );
}

#[test]
fn resources_pair_by_name_then_by_path() {
    let old = flexflow();
    let mut new = old.clone();
    new.resources[0].name = "flow".into();
    let pairs = pair_resources(&old.resources, &new.resources);
    assert_eq!(pairs.len(), 1);
    assert!(matches!(pairs[0], (Some(_), Some(n)) if n.name == "flow"));

    let mut moved = new.clone();
    moved.resources[0].list_path = crate::model::PathTemplate::parse("/v1/Flows").ok();
    moved.resources[0].instance_path = crate::model::PathTemplate::parse("/v1/Flows/{Sid}").ok();
    let pairs = pair_resources(&old.resources, &moved.resources);
    assert_eq!(pairs.len(), 2, "no shared path: removed and added");
}

#[test]
fn a_rename_that_keeps_the_terraform_type_breaks_rust_only() {
    let old = flexflow();
    let mut new = old.clone();
    // `flow` is prefixed with the domain: the Terraform type stays `twilio_flex_flow`.
    new.resources[0].name = "flow".into();
    new.resources[0].mount_name = Some("flow".into());
    let changes = compare(&old, &new, &Settings::default()).expect("compares");
    let c = one(&changes, Kind::ResourceRenamed);
    assert!(c.rust.breaking);
    assert_eq!(c.terraform.breaking, Some(false), "{c:#?}");
    assert!(c.terraform.reason.contains("stays `twilio_flex_flow`"));
    assert!(changes
        .iter()
        .all(|c| c.resource.as_deref() == Some("flow")));
}

#[test]
fn a_group_member_that_stops_being_required_only_drops_a_check() {
    let with = |url_required: bool| {
        let mut api = flexflow();
        let group = &mut op(&mut api, OperationKind::Create)
            .body
            .as_mut()
            .unwrap()
            .groups[0];
        // `Integration.FlowSid` keeps the group (a constructor argument) required.
        group.required = true;
        let member = |name: &str| {
            group
                .params
                .iter()
                .position(|p| p.name == name)
                .expect("a member of Integration")
        };
        let (flow_sid, url) = (member("Integration.FlowSid"), member("Integration.Url"));
        group.params[flow_sid].required = true;
        group.params[url].required = url_required;
        api
    };
    let changes = compare(&with(true), &with(false), &Settings::default()).expect("compares");
    let c = one(&changes, Kind::ParamRequired);
    assert_eq!(c.item, "param Integration.Url");
    assert!(!c.rust.breaking, "{c:#?}");
    assert!(c.rust.reason.contains("check"));
    let back = compare(&with(false), &with(true), &Settings::default()).expect("compares");
    assert!(one(&back, Kind::ParamRequired).rust.breaking);
}

/// A pattern the `regex` crate cannot compile (a lookahead) gets no check in the client, so
/// for Rust adding one is compatible; a pattern it compiles is checked.
#[test]
fn a_pattern_the_client_cannot_compile_is_not_checked() {
    let with = |pattern: Option<&str>| {
        let mut api = flexflow();
        let p = create_param(&mut api, "ContactIdentity");
        p.constraints.pattern = pattern.map(str::to_owned);
        api
    };
    let verdict = |old: Option<&str>, new: Option<&str>| {
        let changes = compare(&with(old), &with(new), &Settings::default()).expect("compares");
        one(&changes, Kind::ParamConstraint).rust.clone()
    };
    let lookahead = verdict(None, Some("^(?=x)"));
    assert!(!lookahead.breaking, "{lookahead:#?}");
    assert_eq!(lookahead.reason, "not checked by the client");
    let compiles = verdict(None, Some("^x"));
    assert!(compiles.breaking, "{compiles:#?}");
    let dropped = verdict(Some("^x"), Some("^(?=x)"));
    assert!(!dropped.breaking, "{dropped:#?}");
    assert_eq!(dropped.reason, "the client accepts more values");
    let gained = verdict(Some("^(?=x)"), Some("^x"));
    assert!(gained.breaking, "{gained:#?}");
}

/// Requests take untyped JSON for a parameter whose schema is a model: a model parameter
/// that becomes free-form JSON keeps its Rust type.
#[test]
fn a_model_parameter_is_json_in_requests() {
    let with = |model: bool| {
        let mut api = flexflow();
        let ty = if model {
            Type::Model(api.models[0].name.clone())
        } else {
            Type::Json
        };
        let p = create_param(&mut api, "ContactIdentity");
        p.ty = ty;
        api
    };
    let changes = compare(&with(true), &with(false), &Settings::default()).expect("compares");
    let c = one(&changes, Kind::ParamType);
    assert!(!c.rust.breaking, "{c:#?}");
    assert_eq!(c.rust.reason, "same Rust type `Value`");
}

/// A fetch without parameters gaining one: an optional one adds `fetch_with(params)` and
/// keeps `fetch()`; a required one changes `fetch()` into `fetch(params)`.
#[test]
fn a_param_on_a_fetch_without_parameters_adds_fetch_with_unless_required() {
    let with_expand = |required: bool| {
        let old = flexflow();
        let mut new = old.clone();
        let fetch = op(&mut new, OperationKind::Fetch);
        let mut p = fetch.path_params[0].clone();
        p.name = "Expand".into();
        p.location = ParamLocation::Query;
        p.required = required;
        p.ty = Type::Boolean;
        p.constraints = Default::default();
        fetch.query_params.push(p);
        let changes = compare(&old, &new, &Settings::default()).expect("compares");
        one(&changes, Kind::ParamAdded).clone()
    };
    let optional = with_expand(false);
    assert!(!optional.rust.breaking, "{optional:#?}");
    assert!(optional
        .rust
        .reason
        .contains("`fetch()` stays; `fetch_with("));
    assert_eq!(optional.terraform.breaking, Some(false));
    assert!(optional
        .terraform
        .reason
        .contains("not a Terraform argument"));
    let required = with_expand(true);
    assert!(required.rust.breaking);
    assert!(required
        .rust
        .reason
        .contains("`fetch` gains a parameters argument"));
}

#[test]
fn dropping_update_forces_replacement() {
    let old = flexflow();
    let mut new = old.clone();
    new.resources[0]
        .operations
        .retain(|o| o.kind != OperationKind::Update);
    let changes = compare(&old, &new, &Settings::default()).expect("compares");
    let c = one(&changes, Kind::OperationRemoved);
    assert!(c.rust.breaking);
    assert_eq!(c.terraform.breaking, Some(true));
    assert!(c.terraform.reason.contains("forces replacement"), "{c:#?}");
}

/// Enums are named by their owner and field (`FlexFlowChannelType`): another resource's enum
/// on a field of the same name (`channel_type`) renames nothing.
#[test]
fn an_enum_of_the_same_field_name_renames_nothing() {
    let old = flexflow();
    let mut new = old.clone();
    let mut other = new.enums[0].clone();
    other.name = "channel_enum_channel_type".into();
    other.pointer = "/components/schemas/channel_enum_channel_type".into();
    new.enums.push(other);
    let changes = compare(&old, &new, &Settings::default()).expect("compares");
    let added = one(&changes, Kind::EnumAdded);
    assert!(!added.rust.breaking);
    assert!(
        changes.iter().all(|c| c.kind != Kind::RustName),
        "{changes:#?}"
    );
    assert!(changes.iter().all(|c| !c.breaking()), "{changes:#?}");
}

#[test]
fn api_wide_changes_come_first() {
    let old = flexflow();
    let mut new = old.clone();
    new.base_url = "https://example.com".into();
    new.resources[0].base_url = "https://example.com".into();
    new.enums[1].values.push("bot".into());
    let changes = compare(&old, &new, &Settings::default()).expect("compares");
    let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Kind::ApiBaseUrl, Kind::EnumValueAdded]);
    assert_eq!(changes[0].resource, None);
    assert_eq!(changes[1].resource.as_deref(), Some("flex_flow"));
    assert!(changes.iter().all(|c| !c.breaking()));
}

#[test]
fn verdicts_put_breaking_clauses_first_and_cap_them() {
    let d = |breaking, text: &str| Delta {
        aspect: Aspect::Mode,
        breaking,
        text: text.to_owned(),
    };
    let v = verdict(
        vec![
            d(false, "a"),
            d(true, "b"),
            d(true, "c"),
            d(false, "e"),
            d(true, "f"),
        ],
        "none",
    );
    assert_eq!(v.breaking, Some(true));
    assert_eq!(v.reason, "b; c; f; and 2 more");
    assert_eq!(verdict(Vec::new(), "none").reason, "none");
}

const EDGE: &str = include_str!("../../../../tests/specs/edge_cases.yaml");

fn edge() -> Api {
    crate::model::read("edge_cases.yaml", EDGE).expect("the edge-case spec builds")
}

fn one_of_body(api: &mut Api) -> &mut crate::model::OneOfBody {
    api.resources
        .iter_mut()
        .flat_map(|r| &mut r.operations)
        .find_map(|o| o.body.as_mut().and_then(|b| b.one_of.as_mut()))
        .expect("the edge-case spec has a oneOf body")
}

#[test]
fn a_new_body_alternative_is_compatible_and_a_changed_one_breaks() {
    let old = edge();
    let mut added = old.clone();
    let body = one_of_body(&mut added);
    let mut extra = body.variants[0].clone();
    extra.tag = "spin".into();
    extra.name = "spin_event".into();
    body.variants.push(extra);
    let changes = compare(&old, &added, &Settings::default()).expect("compares");
    let c = one(&changes, Kind::OperationBodyAlternatives);
    assert!(!c.rust.breaking, "{c:#?}");
    assert!(
        c.detail.ends_with("[resize, RenameEvent, spin]"),
        "{}",
        c.detail
    );

    let mut changed = old.clone();
    one_of_body(&mut changed).variants[0].params[0].required = false;
    let changes = compare(&old, &changed, &Settings::default()).expect("compares");
    assert!(one(&changes, Kind::OperationBodyAlternatives).rust.breaking);
}

#[test]
fn a_union_gaining_a_variant_is_compatible_and_losing_one_breaks() {
    let old = edge();
    let mut gained = old.clone();
    let extra = crate::model::UnionVariant {
        tag: "triangle".into(),
        model: gained.unions[0].variants[0].model.clone(),
    };
    gained.unions[0].variants.push(extra);
    let changes = compare(&old, &gained, &Settings::default()).expect("compares");
    assert!(!one(&changes, Kind::UnionChanged).rust.breaking);

    let mut lost = old.clone();
    lost.unions[0].variants.pop();
    let changes = compare(&old, &lost, &Settings::default()).expect("compares");
    let c = one(&changes, Kind::UnionChanged);
    assert!(c.rust.breaking, "{c:#?}");
    assert!(c.detail.contains("Square (square)"), "{}", c.detail);
}
