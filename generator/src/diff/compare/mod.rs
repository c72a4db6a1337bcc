//! Walks two models side by side and lists the changes with their verdicts.
//!
//! This module pairs resources and holds what every part of the walk shares (both sides'
//! models, Rust names and Terraform views); [`operations`] compares operations and their
//! parameters, [`types`] fields, models, enums and SID types, [`names`] the Rust names.

mod names;
mod operations;
mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::rules::Dim;
use super::terraform::{self, Aspect, Check, Delta, Entry, View};
use super::{Change, Kind, RustVerdict, TfVerdict};
use crate::emit::EmitError;
use crate::model::{Api, Model, Operation, OperationKind, Resource, Type};
use crate::views::rust::types::{field_type, param_type, rust_type, type_text, Imports};
use crate::views::rust::RustNames;
use crate::views::terraform::attrs::{Checks, Mode, Nesting, TfType};
use crate::Settings;
use types::FieldTf;

/// Operation kinds in the order the report lists them.
const KINDS: [OperationKind; 5] = [
    OperationKind::Create,
    OperationKind::Fetch,
    OperationKind::List,
    OperationKind::Update,
    OperationKind::Delete,
];

/// The changes of [`compare_all`] alone.
#[cfg(test)]
pub fn compare(old: &Api, new: &Api, settings: &Settings) -> Result<Vec<Change>, EmitError> {
    compare_all(old, new, settings).map(|(changes, _)| changes)
}

/// Every change from `old` to `new`: API-wide changes first, then resources by name; and
/// whether the Terraform schema differs at all (a resource type added or removed, or an
/// attribute or block whose mode, type, replacement or validators differ). The names are
/// those the emitters give with `settings` (crate name, provider address), which fail as
/// generation would on a provider address that names no provider.
pub fn compare_all(
    old: &Api,
    new: &Api,
    settings: &Settings,
) -> Result<(Vec<Change>, TerraformChanged), EmitError> {
    let provider = crate::emit::terraform::provider_name(settings)?;
    let cx = Cx::new(old, new, settings, &provider);
    let imports = |side: &Side<'_>| -> BTreeMap<String, String> {
        side.views
            .values()
            .filter_map(|v| v.as_ref().ok().and_then(Option::as_ref))
            .map(|v| (v.type_name.clone(), v.import.clone()))
            .collect()
    };
    let changed = |all: bool| {
        cx.old.terraform_schema(all) != cx.new.terraform_schema(all)
            || imports(&cx.old) != imports(&cx.new)
    };
    let terraform = TerraformChanged {
        schema: changed(false),
        provider: changed(true),
    };
    let mut out = Vec::new();
    cx.api_changes(&mut out);
    for pair in &cx.pairs {
        match *pair {
            (Some(o), Some(n)) => cx.resource_pair(o, n, &mut out),
            (Some(o), None) => cx.resource_removed(o, &mut out),
            (None, Some(n)) => cx.resource_added(n, &mut out),
            (None, None) => {}
        }
    }
    cx.standalone_models(&mut out);
    cx.unions(&mut out);
    cx.enums(&mut out);
    cx.sids(&mut out);
    cx.rust_type_names(&mut out);
    // Stable: the walk's order is kept within each group.
    out.sort_by(|a, b| a.resource.cmp(&b.resource));
    Ok((out, terraform))
}

/// Whether the Terraform side differs at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerraformChanged {
    /// What users see: a resource type added or removed, an attribute or block whose mode,
    /// type, replacement or validators differ, an import ID format.
    pub schema: bool,
    /// Anything of the provider's definition, the values it knows for computed attributes
    /// included.
    pub provider: bool,
}

/// Pairs resources: by name, then unmatched ones sharing a list or instance path (a
/// rename). The order follows the old spec, then the new one.
pub fn pair_resources<'a>(
    old: &'a [Resource],
    new: &'a [Resource],
) -> Vec<(Option<&'a Resource>, Option<&'a Resource>)> {
    let mut taken = vec![false; new.len()];
    let mut pairs: Vec<(Option<&Resource>, Option<&Resource>)> = Vec::new();
    for o in old {
        let found = new
            .iter()
            .enumerate()
            .find(|(i, n)| !taken[*i] && n.name == o.name);
        if let Some((i, n)) = found {
            taken[i] = true;
            pairs.push((Some(o), Some(n)));
        } else {
            pairs.push((Some(o), None));
        }
    }
    let same_path = |a: &Option<crate::model::PathTemplate>,
                     b: &Option<crate::model::PathTemplate>| {
        a.is_some() && a == b
    };
    for pair in &mut pairs {
        let (Some(o), None) = *pair else { continue };
        let found = new.iter().enumerate().find(|(i, n)| {
            !taken[*i]
                && (same_path(&o.list_path, &n.list_path)
                    || same_path(&o.instance_path, &n.instance_path))
        });
        if let Some((i, n)) = found {
            taken[i] = true;
            pair.1 = Some(n);
        }
    }
    for (i, n) in new.iter().enumerate() {
        if !taken[i] {
            pairs.push((None, Some(n)));
        }
    }
    pairs
}

/// What the Terraform schema says of one attribute or block.
#[derive(PartialEq)]
enum SchemaEntry<'v> {
    /// Mode, type, forced replacement, and the validators (of an argument; `None` for a
    /// computed attribute, whose value list only the provider's definition holds).
    Attr(&'v Mode, &'v TfType, bool, Option<&'v Checks>),
    Block(bool, &'v Nesting),
}

/// One spec's side of the comparison.
struct Side<'a> {
    api: &'a Api,
    names: RustNames,
    /// Resource name -> its Terraform view (`Ok(None)`: no Terraform resource).
    views: HashMap<&'a str, Result<Option<View>, String>>,
}

impl<'a> Side<'a> {
    fn new(api: &'a Api, provider: &str) -> Self {
        let views = api
            .resources
            .iter()
            .map(|r| (r.name.as_str(), terraform::view(api, r, provider)))
            .collect();
        Side {
            api,
            names: RustNames::new(api),
            views,
        }
    }

    /// The Terraform schema this side's provider shows: type name -> path -> what the
    /// schema says of it (the model types attributes come from left out). With `all`, also
    /// what only the provider's definition holds: the values it knows for computed
    /// attributes.
    fn terraform_schema(&self, all: bool) -> BTreeMap<&str, Vec<(&str, SchemaEntry<'_>)>> {
        self.views
            .values()
            .filter_map(|v| v.as_ref().ok().and_then(Option::as_ref))
            .map(|v| {
                let entries = v
                    .entries
                    .iter()
                    .map(|(path, e)| {
                        let entry = match e {
                            Entry::Attr(a) => SchemaEntry::Attr(
                                &a.mode,
                                &a.ty,
                                a.replace,
                                (all || a.mode.is_argument()).then_some(&a.checks),
                            ),
                            Entry::Block { required, nesting } => {
                                SchemaEntry::Block(*required, nesting)
                            }
                        };
                        (path.as_str(), entry)
                    })
                    .collect();
                (v.type_name.as_str(), entries)
            })
            .collect()
    }

    fn view(&self, r: &Resource) -> Option<&View> {
        self.views
            .get(r.name.as_str())
            .and_then(|v| v.as_ref().ok())
            .and_then(Option::as_ref)
    }

    /// Why a resource has no Terraform view.
    fn no_view(&self, r: &Resource) -> String {
        match self.views.get(r.name.as_str()) {
            Some(Err(e)) => format!("the Terraform emitter rejects `{}`: {e}", r.name),
            _ => "not a Terraform resource (needs create and fetch)".to_owned(),
        }
    }

    fn model(&self, name: Option<&str>) -> Option<&'a Model> {
        let name = name?;
        self.api.models.iter().find(|m| m.name == name)
    }

    fn rust_model(&self, name: &str) -> String {
        self.names
            .models
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    fn params_struct(&self, op: &Operation) -> String {
        self.names
            .params
            .get(&op.id)
            .cloned()
            .unwrap_or_else(|| op.id.clone())
    }

    /// The Rust type of `t` as the crate writes it (a method's return type), as the report
    /// shows it.
    fn rust_type(&self, t: &Type) -> String {
        type_text(&rust_type(t, &self.names, &mut Imports::default()))
    }

    /// The Rust type of a request value of type `t` (a parameters struct's or a group's
    /// field), as the report shows it.
    fn param_type(&self, t: &Type) -> String {
        type_text(&param_type(t, &self.names, &mut Imports::default()))
    }

    /// The Rust type of a field of type `t` of the response model `model` (`Option` aside),
    /// as the report shows it.
    fn field_type(&self, model: &str, t: &Type) -> String {
        type_text(&field_type(model, t, &self.names, &mut Imports::default()))
    }

    fn group_type(&self, resource: &str, prefix: &str) -> String {
        self.names
            .groups
            .get(&(resource.to_owned(), prefix.to_owned()))
            .cloned()
            .unwrap_or_else(|| prefix.to_owned())
    }
}

/// The Terraform views of one resource pair.
struct TfPair<'v> {
    old: Option<&'v View>,
    new: Option<&'v View>,
    /// Why neither side has a view.
    note: String,
}

const NO_SCHEMA_CHANGE: &str = "no change to the Terraform schema";

impl<'v> TfPair<'v> {
    /// The path of what the emitter made of a wire name (a parameter, a response field, a
    /// group's prefix): in the new schema, else in the old one. `None` when neither has it.
    fn path_of(&self, wire: &str) -> Option<&'v str> {
        [self.new, self.old]
            .into_iter()
            .flatten()
            .find_map(|v| v.path_of(wire))
    }

    /// The verdict from the differences under `path` (none when it is `None`), limited to
    /// `aspects`.
    fn at(&self, path: Option<&str>, aspects: &[Aspect], default: &str) -> TfVerdict {
        match (self.old, self.new) {
            (Some(o), Some(n)) => {
                let deltas = path
                    .into_iter()
                    .flat_map(|p| terraform::subtree_deltas(o, n, p))
                    .filter(|d| aspects.contains(&d.aspect))
                    .collect();
                verdict(deltas, default)
            }
            _ => self.elsewhere(),
        }
    }

    /// A change the Terraform schema does not reflect.
    fn unaffected(&self, reason: &str) -> TfVerdict {
        match (self.old, self.new) {
            (Some(_), Some(_)) => TfVerdict::new(false, reason),
            _ => self.elsewhere(),
        }
    }

    /// The verdict when one side or both have no Terraform resource.
    fn elsewhere(&self) -> TfVerdict {
        match (self.old, self.new) {
            (None, None) => TfVerdict::na(self.note.clone()),
            (Some(o), None) => TfVerdict::na(format!(
                "`{}` is not generated from the new spec (see the operation changes)",
                o.type_name
            )),
            (None, Some(n)) => TfVerdict::na(format!(
                "`{}` is new in the new spec (see the operation changes)",
                n.type_name
            )),
            (Some(_), Some(_)) => TfVerdict::new(false, NO_SCHEMA_CHANGE),
        }
    }

    /// The verdict on a change that may reshape the whole resource (operations come and
    /// go): every difference, or the resource type appearing or disappearing.
    fn whole(&self) -> TfVerdict {
        match (self.old, self.new) {
            (Some(o), Some(n)) => verdict(terraform::all_deltas(o, n), NO_SCHEMA_CHANGE),
            (Some(o), None) => TfVerdict::new(
                true,
                format!(
                    "`{}` is no longer generated: it needs create and fetch operations",
                    o.type_name
                ),
            ),
            (None, Some(n)) => TfVerdict::new(
                false,
                format!(
                    "new resource type `{}` (create and fetch are present)",
                    n.type_name
                ),
            ),
            (None, None) => TfVerdict::na(self.note.clone()),
        }
    }
}

/// A resource's paths in words: `list /v1/Flows, instance /v1/Flows/{Sid}`.
fn paths(r: &Resource) -> String {
    let list = r.list_path.as_ref().map(|p| format!("list {p}"));
    let instance = r.instance_path.as_ref().map(|p| format!("instance {p}"));
    let both: Vec<String> = list.into_iter().chain(instance).collect();
    if both.is_empty() {
        "no paths".to_owned()
    } else {
        both.join(", ")
    }
}

/// At most this many clauses in a Terraform reason.
const MAX_CLAUSES: usize = 3;

/// A verdict from differences: breaking if any is; breaking clauses first; `default` when
/// there are none.
fn verdict(mut deltas: Vec<Delta>, default: &str) -> TfVerdict {
    if deltas.is_empty() {
        return TfVerdict::new(false, default);
    }
    deltas.sort_by_key(|d| !d.breaking);
    let breaking = deltas[0].breaking;
    let mut texts: Vec<&str> = Vec::new();
    for d in &deltas {
        if !texts.contains(&d.text.as_str()) {
            texts.push(&d.text);
        }
    }
    let more = texts.len().saturating_sub(MAX_CLAUSES);
    let mut reason = texts[..texts.len().min(MAX_CLAUSES)].join("; ");
    if more > 0 {
        reason.push_str(&format!("; and {more} more"));
    }
    TfVerdict::new(breaking, reason)
}

fn rust(breaking: bool, reason: impl Into<String>) -> RustVerdict {
    RustVerdict {
        breaking,
        reason: reason.into(),
    }
}
/// Resources that use a type (as the innermost type of a parameter or of a field of their
/// model).
fn users<'a>(api: &'a Api, leaf: &Type) -> BTreeSet<&'a str> {
    api.resources
        .iter()
        .filter(|r| {
            let in_params = r
                .operations
                .iter()
                .any(|o| o.all_params().any(|p| p.ty.leaf() == leaf));
            let in_fields = r.model.as_deref().is_some_and(|m| {
                api.models
                    .iter()
                    .filter(|x| x.name == m)
                    .any(|x| x.fields.iter().any(|f| f.ty.leaf() == leaf))
            });
            in_params || in_fields
        })
        .map(|r| r.name.as_str())
        .collect()
}

struct Cx<'a> {
    settings: &'a Settings,
    old: Side<'a>,
    new: Side<'a>,
    pairs: Vec<(Option<&'a Resource>, Option<&'a Resource>)>,
    /// Old resource name -> new name, for renamed resources.
    renames: HashMap<&'a str, &'a str>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Api, new: &'a Api, settings: &'a Settings, provider: &str) -> Self {
        let pairs = pair_resources(&old.resources, &new.resources);
        let renames = pairs
            .iter()
            .filter_map(|p| match p {
                (Some(o), Some(n)) if o.name != n.name => Some((o.name.as_str(), n.name.as_str())),
                _ => None,
            })
            .collect();
        Cx {
            settings,
            old: Side::new(old, provider),
            new: Side::new(new, provider),
            pairs,
            renames,
        }
    }

    /// An old type in the new spec's terms: groups of renamed resources follow the rename.
    fn norm(&self, t: &Type) -> Type {
        match t {
            Type::Group { resource, prefix } => Type::Group {
                resource: self
                    .renames
                    .get(resource.as_str())
                    .map(|n| (*n).to_owned())
                    .unwrap_or_else(|| resource.clone()),
                prefix: prefix.clone(),
            },
            Type::Array(inner) => Type::Array(Box::new(self.norm(inner))),
            Type::Map(inner) => Type::Map(Box::new(self.norm(inner))),
            t => t.clone(),
        }
    }

    fn tf_pair(&self, o: Option<&Resource>, n: Option<&Resource>) -> TfPair<'_> {
        let old = o.and_then(|r| self.old.view(r));
        let new = n.and_then(|r| self.new.view(r));
        let note = match (n, o) {
            (Some(r), _) => self.new.no_view(r),
            (None, Some(r)) => self.old.no_view(r),
            (None, None) => String::new(),
        };
        TfPair { old, new, note }
    }

    /// Resource pairs that have a Terraform resource on both sides.
    fn view_pairs(&self) -> Vec<(&View, &View)> {
        self.pairs
            .iter()
            .filter_map(|p| match *p {
                (Some(o), Some(n)) => Some((self.old.view(o)?, self.new.view(n)?)),
                _ => None,
            })
            .collect()
    }

    /// The resource a shared type belongs to when exactly one resource uses it.
    fn owner(&self, leaf: &Type) -> Option<String> {
        let mut set = users(self.new.api, leaf);
        if set.is_empty() {
            set = users(self.old.api, &self.norm(leaf));
        }
        (set.len() == 1)
            .then(|| set.into_iter().next().map(str::to_owned))
            .flatten()
    }

    /// The Terraform verdict on a change to a shared type: the differences of every
    /// attribute whose innermost type is `leaf`, across resources.
    fn tf_uses(&self, leaf: &Type, aspects: &[Aspect]) -> TfVerdict {
        let mut used = false;
        let mut deltas = Vec::new();
        for (o, n) in self.view_pairs() {
            let uses = |v: &View, k: &str| matches!(v.entries.get(k), Some(Entry::Attr(a)) if a.leaf == *leaf);
            let keys: BTreeSet<&str> = o
                .entries
                .keys()
                .chain(n.entries.keys())
                .map(String::as_str)
                .filter(|k| uses(o, k) || uses(n, k))
                .collect();
            if keys.is_empty() {
                continue;
            }
            used = true;
            let prefix = format!("{}.", n.type_name);
            deltas.extend(
                terraform::paths_deltas(o, n, |k| keys.contains(k), &prefix)
                    .into_iter()
                    .filter(|d| aspects.contains(&d.aspect)),
            );
        }
        if !used {
            return TfVerdict::na("no Terraform attribute uses it");
        }
        verdict(deltas, NO_SCHEMA_CHANGE)
    }

    // ----- the API -----

    fn api_changes(&self, out: &mut Vec<Change>) {
        let (o, n) = (self.old.api, self.new.api);
        let change = |kind, item: &str, detail: String, rust, terraform| Change {
            kind,
            resource: None,
            operation: None,
            item: item.to_owned(),
            detail,
            rust,
            terraform,
        };
        if o.base_url != n.base_url {
            out.push(change(
                Kind::ApiBaseUrl,
                "base URL",
                format!("{} -> {}", o.base_url, n.base_url),
                rust(
                    false,
                    "the client's default base URL changes; no signature changes",
                ),
                TfVerdict::new(false, NO_SCHEMA_CHANGE),
            ));
        }
        let (old_crate, new_crate) = (
            crate::views::rust::crate_name(o, self.settings),
            crate::views::rust::crate_name(n, self.settings),
        );
        let crate_verdict = || {
            if old_crate == new_crate {
                rust(false, format!("the crate keeps its name `{new_crate}`"))
            } else {
                rust(
                    true,
                    format!("the crate is renamed `{old_crate}` -> `{new_crate}`"),
                )
            }
        };
        if o.domain != n.domain {
            let renamed: Vec<String> = self
                .view_pairs()
                .into_iter()
                .filter(|(a, b)| a.type_name != b.type_name)
                .map(|(a, b)| format!("`{}` -> `{}`", a.type_name, b.type_name))
                .collect();
            let tf = if renamed.is_empty() {
                TfVerdict::new(false, "no resource type changes")
            } else {
                TfVerdict::new(
                    true,
                    format!("resource types are renamed: {}", renamed.join(", ")),
                )
            };
            out.push(change(
                Kind::ApiDomain,
                "domain",
                format!("{} -> {}", o.domain, n.domain),
                crate_verdict(),
                tf,
            ));
        }
        if o.version != n.version {
            out.push(change(
                Kind::ApiVersion,
                "version",
                format!("{} -> {}", o.version, n.version),
                crate_verdict(),
                TfVerdict::new(false, "the version is not part of Terraform names"),
            ));
        }
    }

    // ----- resources -----

    fn resource_added(&self, n: &Resource, out: &mut Vec<Change>) {
        let tf = match self.new.view(n) {
            Some(v) => TfVerdict::new(false, format!("new resource type `{}`", v.type_name)),
            None => TfVerdict::na(self.new.no_view(n)),
        };
        out.push(Change {
            kind: Kind::ResourceAdded,
            resource: Some(n.name.clone()),
            operation: None,
            item: "resource".to_owned(),
            detail: "added".to_owned(),
            rust: rust(false, "new module, types and client methods"),
            terraform: tf,
        });
    }

    fn resource_removed(&self, o: &Resource, out: &mut Vec<Change>) {
        let tf = match self.old.view(o) {
            Some(v) => TfVerdict::new(
                true,
                format!("the resource type `{}` is removed", v.type_name),
            ),
            None => TfVerdict::na(self.old.no_view(o)),
        };
        let module = self
            .old
            .names
            .modules
            .get(&o.name)
            .cloned()
            .unwrap_or_else(|| o.name.clone());
        out.push(Change {
            kind: Kind::ResourceRemoved,
            resource: Some(o.name.clone()),
            operation: None,
            item: "resource".to_owned(),
            detail: "removed".to_owned(),
            rust: rust(
                true,
                format!("the module `{module}`, its types and client methods are removed"),
            ),
            terraform: tf,
        });
    }

    fn resource_pair(&self, o: &Resource, n: &Resource, out: &mut Vec<Change>) {
        let tf = self.tf_pair(Some(o), Some(n));
        let change =
            |kind, operation: Option<&str>, item: String, detail: String, rust, terraform| Change {
                kind,
                resource: Some(n.name.clone()),
                operation: operation.map(str::to_owned),
                item,
                detail,
                rust,
                terraform,
            };
        if o.name != n.name {
            let terraform = match (tf.old, tf.new) {
                (Some(a), Some(b)) if a.type_name == b.type_name => TfVerdict::new(
                    false,
                    format!("the resource type stays `{}`", b.type_name),
                ),
                (Some(a), Some(b)) => TfVerdict::new(
                    true,
                    format!(
                        "the resource type `{}` becomes `{}`: existing resources must be moved or re-imported",
                        a.type_name, b.type_name
                    ),
                ),
                _ => tf.whole(),
            };
            out.push(change(
                Kind::ResourceRenamed,
                None,
                "resource".to_owned(),
                format!("renamed {} -> {} (same paths)", o.name, n.name),
                rust(
                    true,
                    "its module, handle types and client methods are named after it (listed below)",
                ),
                terraform,
            ));
        }
        let follows_api =
            o.base_url == self.old.api.base_url && n.base_url == self.new.api.base_url;
        if o.base_url != n.base_url && !follows_api {
            out.push(change(
                Kind::ResourceBaseUrl,
                None,
                "base URL".to_owned(),
                format!("{} -> {}", o.base_url, n.base_url),
                rust(false, "the client calls the new URL; no signature changes"),
                tf.unaffected(NO_SCHEMA_CHANGE),
            ));
        }
        if let (Some(a), Some(b)) = (tf.old, tf.new) {
            if a.import != b.import {
                out.push(change(
                    Kind::ImportFormat,
                    None,
                    "import ID".to_owned(),
                    format!("{} -> {}", a.import, b.import),
                    rust(false, "no Rust item names it"),
                    TfVerdict::new(
                        false,
                        format!(
                            "`{}` imports by `{}` now: resources in state keep their IDs; new \
                             `terraform import` commands and `import` blocks use the new form",
                            b.type_name, b.import
                        ),
                    ),
                ));
            }
        }
        let has = |r: &Resource| (r.list_path.is_some(), r.instance_path.is_some());
        if has(o) != has(n) {
            out.push(change(
                Kind::ResourcePaths,
                None,
                "paths".to_owned(),
                format!("{} -> {}", paths(o), paths(n)),
                self.handle_verdict(o, n),
                tf.whole(),
            ));
        }
        if o.model != n.model {
            let show = |m: &Option<String>| m.clone().unwrap_or_else(|| "none".to_owned());
            let (a, b) = (
                o.model.as_deref().map(|m| self.old.rust_model(m)),
                n.model.as_deref().map(|m| self.new.rust_model(m)),
            );
            let verdict = match (a, b) {
                (Some(a), Some(b)) if a == b => {
                    rust(false, format!("the item type keeps its name `{b}`"))
                }
                (Some(a), Some(b)) => {
                    rust(true, format!("operations return `{b}` instead of `{a}`"))
                }
                _ => rust(true, "the item type changes"),
            };
            out.push(change(
                Kind::ResourceModel,
                None,
                "model".to_owned(),
                format!("{} -> {}", show(&o.model), show(&n.model)),
                verdict,
                tf.unaffected("attributes follow the model's fields, compared one by one"),
            ));
        }
        self.rust_resource_names(o, n, out);
        for kind in KINDS {
            let os: Vec<&Operation> = o.operations.iter().filter(|x| x.kind == kind).collect();
            let ns: Vec<&Operation> = n.operations.iter().filter(|x| x.kind == kind).collect();
            for i in 0..os.len().max(ns.len()) {
                match (os.get(i), ns.get(i)) {
                    (Some(a), Some(b)) => self.operation_pair(n, a, b, &tf, out),
                    (Some(a), None) => out.push(change(
                        Kind::OperationRemoved,
                        Some(&a.id),
                        "operation".to_owned(),
                        format!("removed ({})", kind.as_str()),
                        rust(true, format!("the method `{}` is removed", kind.as_str())),
                        tf.whole(),
                    )),
                    (None, Some(b)) => out.push(change(
                        Kind::OperationAdded,
                        Some(&b.id),
                        "operation".to_owned(),
                        format!("added ({}: {} {})", kind.as_str(), b.method, b.path),
                        rust(false, format!("new method `{}`", kind.as_str())),
                        tf.whole(),
                    )),
                    (None, None) => {}
                }
            }
        }
        let (om, nm) = (
            self.old.model(o.model.as_deref()),
            self.new.model(n.model.as_deref()),
        );
        if let (Some(om), Some(nm)) = (om, nm) {
            self.fields(Some(&n.name), "", om, nm, &FieldTf::Resource(&tf), out);
        }
    }
}

/// The Terraform aspects a constraint change touches.
fn check_aspects(dim: Dim) -> &'static [Aspect] {
    match dim {
        Dim::Pattern => &[Aspect::Check(Check::Pattern)],
        Dim::MinLength | Dim::MaxLength => &[Aspect::Check(Check::Length)],
        Dim::Minimum | Dim::Maximum => &[Aspect::Check(Check::Range)],
        Dim::MinItems | Dim::MaxItems => &[Aspect::Check(Check::Items)],
        Dim::Format => &[],
    }
}

/// `deprecated` / `no longer deprecated`.
fn deprecated_detail(now: bool) -> String {
    if now {
        "deprecated".to_owned()
    } else {
        "no longer deprecated".to_owned()
    }
}

#[cfg(test)]
mod tests;
