//! Operations and their parameters.

use super::{check_aspects, deprecated_detail, rust, Cx, Side, TfPair, NO_SCHEMA_CHANGE};
use crate::diff::rules::{self, ConstraintChange};
use crate::diff::terraform::Aspect;
use crate::diff::{Change, Kind, RustVerdict, TfVerdict};
use crate::model::names::snake;
use crate::model::{
    Operation, OperationKind, Param, ParamGroup, ParamLocation, Resource, Response,
};
use crate::views::rust::checks::{checks_conditions, param_checks, ValueCheck};
use crate::views::rust::methods::{keeps_bare_method, takes_params};

/// A parameter with where it sits in its operation.
#[derive(Clone, Copy)]
struct PRef<'a> {
    p: &'a Param,
    /// The top-level group of a dotted member (a field of the parameters struct).
    top: Option<&'a ParamGroup>,
    /// The group that holds it directly.
    group: Option<&'a ParamGroup>,
}

impl PRef<'_> {
    fn name(&self) -> &str {
        &self.p.name
    }
}

fn param_refs(op: &Operation) -> Vec<PRef<'_>> {
    fn walk<'a>(g: &'a ParamGroup, top: &'a ParamGroup, out: &mut Vec<PRef<'a>>) {
        for p in &g.params {
            out.push(PRef {
                p,
                top: Some(top),
                group: Some(g),
            });
        }
        for sub in &g.groups {
            walk(sub, top, out);
        }
    }
    let plain = |p| PRef {
        p,
        top: None,
        group: None,
    };
    let mut out: Vec<PRef> = op
        .path_params
        .iter()
        .chain(&op.query_params)
        .chain(&op.header_params)
        .map(plain)
        .collect();
    if let Some(body) = &op.body {
        out.extend(body.params.iter().map(plain));
        for g in &body.groups {
            walk(g, g, &mut out);
        }
    }
    out
}

/// Pairs parameters by wire name and location, then by wire name alone (a move), then by the
/// Rust name their wire names give (`A2pProfileBundleSid` and `A2PProfileBundleSid` are both
/// `a2p_profile_bundle_sid`: a new spelling of the same parameter).
#[allow(clippy::type_complexity)]
fn pair_params<'a>(
    old: &[PRef<'a>],
    new: &[PRef<'a>],
) -> Vec<(Option<PRef<'a>>, Option<PRef<'a>>)> {
    let mut taken = vec![false; new.len()];
    let mut pairs: Vec<(Option<PRef>, Option<PRef>)> = Vec::new();
    for o in old {
        let found = new
            .iter()
            .enumerate()
            .find(|(i, n)| !taken[*i] && n.name() == o.name() && n.p.location == o.p.location);
        match found {
            Some((i, n)) => {
                taken[i] = true;
                pairs.push((Some(*o), Some(*n)));
            }
            None => pairs.push((Some(*o), None)),
        }
    }
    for pair in &mut pairs {
        let (Some(o), None) = *pair else { continue };
        if let Some((i, n)) = new
            .iter()
            .enumerate()
            .find(|(i, n)| !taken[*i] && n.name() == o.name())
        {
            taken[i] = true;
            pair.1 = Some(*n);
        }
    }
    let rust_name = |p: &PRef| crate::views::rust::names::ident(p.name());
    for pair in &mut pairs {
        let (Some(o), None) = *pair else { continue };
        if let Some((i, n)) = new
            .iter()
            .enumerate()
            .find(|(i, n)| !taken[*i] && rust_name(n) == rust_name(&o))
        {
            taken[i] = true;
            pair.1 = Some(*n);
        }
    }
    for (i, n) in new.iter().enumerate() {
        if !taken[i] {
            pairs.push((None, Some(*n)));
        }
    }
    pairs
}
fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Body => "body",
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

/// Whether a parameter becomes a Terraform argument: create's path and body parameters,
/// update's body parameters.
fn is_argument(kind: OperationKind, loc: ParamLocation) -> bool {
    match kind {
        OperationKind::Create => matches!(loc, ParamLocation::Body | ParamLocation::Path),
        OperationKind::Update => loc == ParamLocation::Body,
        _ => false,
    }
}
/// Response as the model writes it: `200 model(flex_flow)`, `200 page flex_flows of ...`.
fn response_text(r: &Response) -> String {
    match r {
        Response::Empty { status } => format!("{status} empty"),
        Response::Value { status, ty } => format!("{status} {ty}"),
        // The paging style is read from each page's body, so it changes no client code.
        Response::Page {
            status, key, item, ..
        } => format!("{status} page `{key}` of {item}"),
    }
}

/// The Rust return type of an operation.
fn response_rust(r: &Response, side: &Side) -> String {
    match r {
        Response::Empty { .. } => "()".to_owned(),
        Response::Value { ty, .. } => side.rust_type(ty),
        Response::Page { item, .. } => format!("pages of {}", side.rust_type(item)),
    }
}
/// A new method, path or body content type: the client sends the request the new way; no
/// signature changes.
fn request_changes(a: &Operation, b: &Operation, found: &mut OpChanges) {
    if a.method != b.method {
        found.push_rust_only(
            Kind::OperationMethod,
            "method",
            format!("{} -> {}", a.method, b.method),
            rust(
                false,
                "the client sends the new method; no signature changes",
            ),
            NO_SCHEMA_CHANGE,
        );
    }
    if a.path != b.path {
        let reason = if b.kind == OperationKind::Fetch {
            "no schema change; the import ID follows the new path"
        } else {
            NO_SCHEMA_CHANGE
        };
        found.push_rust_only(
            Kind::OperationPath,
            "path",
            format!("{} -> {}", a.path, b.path),
            rust(false, "the client calls the new path; no signature changes"),
            reason,
        );
    }
    if let (Some(x), Some(y)) = (&a.body, &b.body) {
        if x.content_type != y.content_type {
            let name = |c| match c {
                crate::model::ContentType::Form => "application/x-www-form-urlencoded",
                crate::model::ContentType::Json => "application/json",
            };
            found.push_rust_only(
                Kind::OperationContentType,
                "content type",
                format!("{} -> {}", name(x.content_type), name(y.content_type)),
                rust(
                    false,
                    "the client encodes the body the new way; no signature changes",
                ),
                NO_SCHEMA_CHANGE,
            );
        }
    }
}

/// A changed `oneOf` body: only added alternatives, the others unchanged, leave existing
/// code compiling.
fn one_of_change(a: &Operation, b: &Operation, found: &mut OpChanges) {
    let one_of = |o: &Operation| o.body.as_ref().and_then(|b| b.one_of.clone());
    let (x, y) = (one_of(a), one_of(b));
    if x.is_none() && y.is_none() {
        return;
    }
    let tags = |o: &Option<crate::model::OneOfBody>| -> Vec<String> {
        o.iter()
            .flat_map(|o| o.variants.iter().map(|v| v.tag.clone()))
            .collect()
    };
    let (tx, ty) = (tags(&x), tags(&y));
    let same = |o: &Option<crate::model::OneOfBody>| serde_json::to_value(o).unwrap_or_default();
    if same(&x) == same(&y) {
        return;
    }
    // The alternatives are compared as a whole: only added alternatives,
    // the others unchanged, leave existing code compiling.
    let kept: Vec<_> = x
        .iter()
        .flat_map(|o| &o.variants)
        .filter(|v| {
            y.iter()
                .flat_map(|o| &o.variants)
                .any(|w| serde_json::to_value(v).ok() == serde_json::to_value(w).ok())
        })
        .collect();
    let only_added = x.is_some()
        && y.is_some()
        && kept.len() == tx.len()
        && x.as_ref().map(|o| (&o.name, &o.discriminator))
            == y.as_ref().map(|o| (&o.name, &o.discriminator));
    found.push_rust_only(
        Kind::OperationBodyAlternatives,
        "oneOf body",
        format!("alternatives [{}] -> [{}]", tx.join(", "), ty.join(", ")),
        if only_added {
            rust(false, "the body's enum gains alternatives; existing ones are unchanged")
        } else {
            rust(true, "the body's enum or an alternative's parameter struct changes: code that builds the old ones may no longer compile")
        },
        "a `oneOf` body gives Terraform no attributes",
    );
}

/// Where the changes of one operation go, each naming the resource and the operation (by
/// its new id).
struct OpChanges<'a> {
    resource: &'a Resource,
    operation: &'a Operation,
    tf: &'a TfPair<'a>,
    out: &'a mut Vec<Change>,
}

impl OpChanges<'_> {
    /// Records a change of the operation.
    fn push(
        &mut self,
        kind: Kind,
        item: &str,
        detail: String,
        rust: RustVerdict,
        terraform: TfVerdict,
    ) {
        self.out.push(Change {
            kind,
            resource: Some(self.resource.name.clone()),
            operation: Some(self.operation.id.clone()),
            item: item.to_owned(),
            detail,
            rust,
            terraform,
        });
    }

    /// Records a change the Terraform schema does not see.
    fn push_rust_only(
        &mut self,
        kind: Kind,
        item: &str,
        detail: String,
        rust: RustVerdict,
        reason: &str,
    ) {
        let terraform = self.tf.unaffected(reason);
        self.push(kind, item, detail, rust, terraform);
    }
}

impl Cx<'_> {
    /// The changes of an operation the two specs both have (`a` old, `b` new): its id,
    /// method, path, body, response and deprecation, then its groups and parameters.
    pub(super) fn operation_pair(
        &self,
        r: &Resource,
        a: &Operation,
        b: &Operation,
        tf: &TfPair,
        out: &mut Vec<Change>,
    ) {
        let mut found = OpChanges {
            resource: r,
            operation: b,
            tf,
            out,
        };
        self.id_change(a, b, &mut found);
        request_changes(a, b, &mut found);
        one_of_change(a, b, &mut found);
        self.response_change(a, b, &mut found);
        if a.deprecated != b.deprecated {
            found.push_rust_only(
                Kind::OperationDeprecated,
                "operation",
                deprecated_detail(b.deprecated),
                rust(false, "documentation only; no signature changes"),
                NO_SCHEMA_CHANGE,
            );
        }
        let out = found.out;
        self.group_ranges(r, a, b, tf, out);
        let (pa, pb) = (param_refs(a), param_refs(b));
        for pair in pair_params(&pa, &pb) {
            match pair {
                (Some(x), Some(y)) => self.param_pair(r, a, b, x, y, tf, out),
                (Some(x), None) => {
                    let c = self.param_removed(r, a, b, x, tf);
                    out.push(c);
                }
                (None, Some(y)) => {
                    let c = self.param_added(r, a, b, y, tf);
                    out.push(c);
                }
                (None, None) => {}
            }
        }
    }

    /// A new operation id: it names the parameters struct, if the operation has one.
    fn id_change(&self, a: &Operation, b: &Operation, found: &mut OpChanges) {
        if a.id == b.id {
            return;
        }
        let verdict = if takes_params(a) && takes_params(b) {
            let (x, y) = (self.old.params_struct(a), self.new.params_struct(b));
            if x == y {
                rust(false, format!("the parameters struct keeps its name `{y}`"))
            } else {
                rust(true, format!("the parameters struct `{x}` becomes `{y}`"))
            }
        } else {
            rust(false, "no Rust name derives from it (no parameters struct)")
        };
        found.push_rust_only(
            Kind::OperationId,
            "operation id",
            format!("{} -> {}", a.id, b.id),
            verdict,
            NO_SCHEMA_CHANGE,
        );
    }

    /// A new response: breaking for Rust when the method's return type changes.
    fn response_change(&self, a: &Operation, b: &Operation, found: &mut OpChanges) {
        let (ra, rb) = (
            response_text(&self.norm_response(&a.response)),
            response_text(&b.response),
        );
        if ra == rb {
            return;
        }
        let (x, y) = (
            response_rust(&a.response, &self.old),
            response_rust(&b.response, &self.new),
        );
        let verdict = if x == y {
            rust(false, format!("the method still returns `{y}`"))
        } else {
            rust(
                true,
                format!("`{}` returns `{y}` instead of `{x}`", b.kind.as_str()),
            )
        };
        found.push_rust_only(
            Kind::OperationResponse,
            "response",
            format!("{ra} -> {rb}"),
            verdict,
            "attributes follow the resource's model, compared field by field",
        );
    }

    fn norm_response(&self, r: &Response) -> Response {
        match r {
            Response::Empty { status } => Response::Empty { status: *status },
            Response::Value { status, ty } => Response::Value {
                status: *status,
                ty: self.norm(ty),
            },
            Response::Page {
                status,
                key,
                item,
                paging,
            } => Response::Page {
                status: *status,
                key: key.clone(),
                item: self.norm(item),
                paging: *paging,
            },
        }
    }

    fn group_ranges(
        &self,
        r: &Resource,
        a: &Operation,
        b: &Operation,
        tf: &TfPair,
        out: &mut Vec<Change>,
    ) {
        let (ga, gb) = (groups_of(a), groups_of(b));
        for y in &gb {
            let Some((lo2, hi2)) = y.indexed else {
                continue;
            };
            let Some((lo1, hi1)) = ga
                .iter()
                .find(|x| x.prefix == y.prefix)
                .and_then(|x| x.indexed)
            else {
                continue;
            };
            if (lo1, hi1) == (lo2, hi2) {
                continue;
            }
            let path = tf.path_of(&y.prefix);
            out.push(Change {
                kind: Kind::GroupRange,
                resource: Some(r.name.clone()),
                operation: Some(b.id.clone()),
                item: format!("group {}{{N}}", y.prefix),
                detail: format!("{lo1}..{hi1} -> {lo2}..{hi2}"),
                rust: rust(
                    false,
                    "the items are a `Vec` either way; the crate does not check their number",
                ),
                terraform: if is_argument(b.kind, ParamLocation::Body) {
                    tf.at(path, &[Aspect::Type], NO_SCHEMA_CHANGE)
                } else {
                    tf.unaffected("not a Terraform argument")
                },
            });
        }
    }

    // ----- parameters -----

    /// The Terraform verdict on a parameter change.
    #[allow(clippy::too_many_arguments)]
    fn tf_param(
        &self,
        tf: &TfPair,
        r: &Resource,
        a_op: &Operation,
        b_op: &Operation,
        x: Option<PRef>,
        y: Option<PRef>,
        aspects: &[Aspect],
        default: &str,
    ) -> TfVerdict {
        let arg_old = x.is_some_and(|x| is_argument(a_op.kind, x.p.location));
        let arg_new = y.is_some_and(|y| is_argument(b_op.kind, y.p.location));
        if !arg_old && !arg_new {
            let p = y.or(x).map(|p| p.p);
            let what = p
                .map(|p| {
                    format!(
                        "not a Terraform argument ({} parameter of {})",
                        location(p.location),
                        b_op.kind.as_str()
                    )
                })
                .unwrap_or_else(|| "not a Terraform argument".to_owned());
            return tf.unaffected(&what);
        }
        let wire = y.or(x).map(|p| p.p.name.as_str()).unwrap_or_default();
        let path = tf.path_of(wire);
        // The emitter reads an attribute's type and checks from create's copy of a parameter
        // when create has one; update's copy decides replacement, and its mode too (an
        // argument update requires is required).
        let follows_create = b_op.kind == OperationKind::Update
            && r.operation(OperationKind::Create).is_some_and(|c| {
                c.path_params
                    .iter()
                    .chain(c.body.iter().flat_map(|b| b.all_params()))
                    .any(|p| p.name == wire)
            });
        if follows_create {
            let update_decides: Vec<Aspect> = aspects
                .iter()
                .copied()
                .filter(|a| matches!(a, Aspect::Replace | Aspect::Mode))
                .collect();
            return tf.at(
                path,
                &update_decides,
                "no change to the Terraform schema: the attribute follows create's parameter",
            );
        }
        tf.at(path, aspects, default)
    }

    fn param_added(
        &self,
        r: &Resource,
        a_op: &Operation,
        b_op: &Operation,
        y: PRef,
        tf: &TfPair,
    ) -> Change {
        let strukt = self.new.params_struct(b_op);
        let p = y.p;
        let setter = snake(&p.name);
        let verdict = if p.location == ParamLocation::Path {
            rust(
                true,
                format!(
                    "the path gains `{{{}}}`: the handle takes another argument",
                    p.name
                ),
            )
        } else if !takes_params(a_op) && keeps_bare_method(b_op) {
            rust(
                false,
                format!(
                    "`{0}()` stays; `{0}_with({strukt})` is added for the optional parameters",
                    b_op.kind.as_str()
                ),
            )
        } else if !takes_params(a_op) {
            rust(
                true,
                format!(
                    "`{}` gains a parameters argument (`{strukt}`)",
                    b_op.kind.as_str()
                ),
            )
        } else if let (Some(top), Some(g)) = (y.top, y.group) {
            let gty = self.new.group_type(&r.name, &g.prefix);
            let was_required = param_refs(a_op)
                .iter()
                .any(|x| x.top.is_some_and(|t| t.prefix == top.prefix && t.required));
            if p.required && top.required && !was_required {
                rust(
                    true,
                    format!(
                        "`{strukt}::new` gains the argument `{}` (the group `{top_ty}`)",
                        snake(&top.name),
                        top_ty = self.new.group_type(&r.name, &top.prefix)
                    ),
                )
            } else if p.required {
                rust(
                    true,
                    format!("requests without `{}` now fail validation", p.name),
                )
            } else {
                rust(
                    false,
                    format!(
                        "new optional member `{}` (setter `{gty}::{}`)",
                        p.name,
                        snake(g.member_key(p))
                    ),
                )
            }
        } else if p.required {
            rust(
                true,
                format!("`{strukt}::new` gains the argument `{setter}`"),
            )
        } else {
            rust(false, format!("new setter `{strukt}::{setter}`"))
        };
        Change {
            kind: Kind::ParamAdded,
            resource: Some(r.name.clone()),
            operation: Some(b_op.id.clone()),
            item: format!("param {}", p.name),
            detail: format!(
                "added ({} {}{})",
                required_word(p.required),
                p.ty,
                if p.location == ParamLocation::Body {
                    String::new()
                } else {
                    format!(", in {}", location(p.location))
                }
            ),
            rust: verdict,
            terraform: self.tf_param(
                tf,
                r,
                a_op,
                b_op,
                None,
                Some(y),
                Aspect::ALL,
                NO_SCHEMA_CHANGE,
            ),
        }
    }

    fn param_removed(
        &self,
        r: &Resource,
        a_op: &Operation,
        b_op: &Operation,
        x: PRef,
        tf: &TfPair,
    ) -> Change {
        let strukt = self.old.params_struct(a_op);
        let p = x.p;
        let setter = snake(&p.name);
        let mut verdict = if p.location == ParamLocation::Path {
            rust(
                true,
                format!(
                    "the path loses `{{{}}}`: the handle takes one argument less",
                    p.name
                ),
            )
        } else if let Some(g) = x.group {
            let still_typed = ParamGroup::depth_first(&r.groups)
                .iter()
                .any(|m| m.params.iter().any(|m| m.name == p.name));
            if still_typed {
                rust(
                    true,
                    format!(
                        "`{}` no longer accepts `{}`: requests that set it now fail validation",
                        self.new.params_struct(b_op),
                        p.name
                    ),
                )
            } else {
                let gty = self.old.group_type(self.old_name(r), &g.prefix);
                rust(
                    true,
                    format!("the setter `{gty}::{}` is removed", snake(g.member_key(p))),
                )
            }
        } else if p.required {
            rust(
                true,
                format!("`{strukt}::new` loses the argument `{setter}`"),
            )
        } else {
            rust(true, format!("the setter `{strukt}::{setter}` is removed"))
        };
        if takes_params(a_op) && !takes_params(b_op) {
            verdict.reason.push_str(&format!(
                "; `{}` no longer takes parameters",
                b_op.kind.as_str()
            ));
        }
        Change {
            kind: Kind::ParamRemoved,
            resource: Some(r.name.clone()),
            operation: Some(b_op.id.clone()),
            item: format!("param {}", p.name),
            detail: "removed".to_owned(),
            rust: verdict,
            terraform: self.tf_param(
                tf,
                r,
                a_op,
                b_op,
                Some(x),
                None,
                Aspect::ALL,
                NO_SCHEMA_CHANGE,
            ),
        }
    }

    /// The old version of a resource of the new spec.
    fn old_resource(&self, r: &Resource) -> Option<&Resource> {
        let name = self.old_name(r);
        self.old.api.resources.iter().find(|o| o.name == name)
    }

    /// The old name of a resource of the new spec.
    fn old_name<'r>(&'r self, r: &'r Resource) -> &'r str {
        self.renames
            .iter()
            .find(|(_, n)| **n == r.name)
            .map(|(o, _)| *o)
            .unwrap_or(&r.name)
    }

    #[allow(clippy::too_many_arguments)]
    fn param_pair(
        &self,
        r: &Resource,
        a_op: &Operation,
        b_op: &Operation,
        x: PRef,
        y: PRef,
        tf: &TfPair,
        out: &mut Vec<Change>,
    ) {
        let (a, b) = (x.p, y.p);
        let strukt = self.new.params_struct(b_op);
        let change = |kind, detail: String, rust, terraform| Change {
            kind,
            resource: Some(r.name.clone()),
            operation: Some(b_op.id.clone()),
            item: format!("param {}", b.name),
            detail,
            rust,
            terraform,
        };
        let tfv = |aspects: &[Aspect], default: &str| {
            self.tf_param(tf, r, a_op, b_op, Some(x), Some(y), aspects, default)
        };
        if a.name != b.name {
            out.push(change(
                Kind::ParamWireName,
                format!("{} -> {}", a.name, b.name),
                rust(
                    false,
                    format!(
                        "its Rust name stays `{}`; the client sends the new spelling",
                        crate::views::rust::names::ident(&b.name)
                    ),
                ),
                tfv(Aspect::ALL, NO_SCHEMA_CHANGE),
            ));
        }
        if a.location != b.location {
            let verdict = if a.location == ParamLocation::Path || b.location == ParamLocation::Path
            {
                rust(
                    true,
                    "it moves into or out of the path: the handle's arguments change",
                )
            } else {
                rust(
                    false,
                    format!("still set through `{strukt}`; only the encoding changes"),
                )
            };
            out.push(change(
                Kind::ParamLocation,
                format!("{} -> {}", location(a.location), location(b.location)),
                verdict,
                tfv(Aspect::ALL, NO_SCHEMA_CHANGE),
            ));
        }
        if self.norm(&a.ty) != b.ty {
            let (ta, tb) = (self.old.param_type(&a.ty), self.new.param_type(&b.ty));
            let verdict = if ta == tb {
                rust(false, format!("same Rust type `{tb}`"))
            } else {
                let target = setter_path(&self.new, &r.name, b_op, y);
                rust(true, format!("`{target}` takes `{tb}` instead of `{ta}`"))
            };
            out.push(change(
                Kind::ParamType,
                format!("{} -> {}", a.ty, b.ty),
                verdict,
                tfv(Aspect::TYPE, NO_SCHEMA_CHANGE),
            ));
        }
        if a.required != b.required && b.location != ParamLocation::Path {
            let verdict = self.rust_required(r, b_op, x, y);
            out.push(change(
                Kind::ParamRequired,
                format!(
                    "{} -> {}",
                    required_word(a.required),
                    required_word(b.required)
                ),
                verdict,
                tfv(Aspect::MODE, NO_SCHEMA_CHANGE),
            ));
        }
        let old_checks = self
            .old_resource(r)
            .map(|o| param_checks(o, a_op, a))
            .unwrap_or_default();
        let new_checks = param_checks(r, b_op, b);
        for c in rules::constraint_changes(&a.constraints, &b.constraints) {
            let verdict = rust_constraint(&old_checks, &new_checks, &c);
            out.push(change(
                Kind::ParamConstraint,
                format!("{} {} -> {}", c.dim.as_str(), c.old, c.new),
                verdict,
                tfv(check_aspects(c.dim), NO_SCHEMA_CHANGE),
            ));
        }
        if let Some(tighter) = rules::conditions_tighter(&a.required_when, &b.required_when) {
            let checked = checks_conditions(b_op, b);
            let verdict = match (tighter, checked) {
                (true, true) => rust(
                    true,
                    "more requests need it: requests that passed validation may now fail",
                ),
                (true, false) => rust(false, "not checked by the client"),
                (false, _) => rust(false, "fewer requests need it"),
            };
            out.push(change(
                Kind::ParamCondition,
                format!(
                    "required when {} -> {}",
                    rules::describe_conditions(&a.required_when),
                    rules::describe_conditions(&b.required_when)
                ),
                verdict,
                tfv(&[], "documentation only: the docs state the condition"),
            ));
        }
        if a.deprecated != b.deprecated {
            out.push(change(
                Kind::ParamDeprecated,
                deprecated_detail(b.deprecated),
                rust(false, "documentation only; no signature changes"),
                tfv(&[], NO_SCHEMA_CHANGE),
            ));
        }
    }

    fn rust_required(&self, r: &Resource, b_op: &Operation, x: PRef, y: PRef) -> RustVerdict {
        let strukt = self.new.params_struct(b_op);
        let b = y.p;
        let setter = snake(&b.name);
        let (Some(top_a), Some(top_b)) = (x.top, y.top) else {
            return if b.required {
                rust(
                    true,
                    format!("`{setter}` moves from a setter to an argument of `{strukt}::new`"),
                )
            } else {
                rust(
                    true,
                    format!(
                        "`{setter}` leaves `{strukt}::new` and becomes a setter: calls to `new` change"
                    ),
                )
            };
        };
        let top_ty = self.new.group_type(&r.name, &top_b.prefix);
        match (top_a.required, top_b.required, b.required) {
            (false, true, _) => rust(
                true,
                format!("the group `{top_ty}` becomes an argument of `{strukt}::new`"),
            ),
            (true, false, _) => rust(
                true,
                format!("the group `{top_ty}` leaves `{strukt}::new` and becomes a setter"),
            ),
            (_, _, true) => rust(
                true,
                format!("requests without `{}` now fail validation", b.name),
            ),
            (_, _, false) => rust(
                false,
                format!("the check that requires `{}` is dropped", b.name),
            ),
        }
    }
}

/// Where Rust code sets a parameter: `CreateFlexFlow::friendly_name`,
/// `Integration::url` for group members, `{Sid}` for path parameters.
fn setter_path(side: &Side, resource: &str, op: &Operation, p: PRef) -> String {
    match p.group {
        Some(g) => format!(
            "{}::{}",
            side.group_type(resource, &g.prefix),
            snake(g.member_key(p.p))
        ),
        None if p.p.location == ParamLocation::Path => format!("{{{}}}", p.p.name),
        None => format!("{}::{}", side.params_struct(op), snake(&p.p.name)),
    }
}
fn groups_of(op: &Operation) -> Vec<&ParamGroup> {
    op.body
        .as_ref()
        .map(|b| ParamGroup::depth_first(&b.groups))
        .unwrap_or_default()
}
/// The Rust verdict on a parameter constraint change, from what the client checks of the
/// parameter before (`old`) and after (`new`): breaking when the new client checks the
/// constraint and the old one did not, or checked a looser one.
fn rust_constraint(old: &[ValueCheck], new: &[ValueCheck], c: &ConstraintChange) -> RustVerdict {
    let (before, after) = (rules::checked(old, c.dim), rules::checked(new, c.dim));
    match (before, after) {
        (false, false) => rust(false, "not checked by the client"),
        (_, true) if c.tighter || !before => rust(
            true,
            "the client now rejects values it accepted before sending",
        ),
        _ => rust(false, "the client accepts more values"),
    }
}
