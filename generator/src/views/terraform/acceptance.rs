//! Acceptance configurations, derived from the Terraform view like the registry docs'
//! examples: for each resource type, the resources that create one object of it, with every
//! parent its path needs created first and referenced, and values valid by the spec (SIDs of
//! the right prefix and hexadecimal digits, the first enum value, numbers in range, lengths
//! within bounds); the one attribute to change in place, and the import ID's format. The
//! acceptance run (`tests/provider/terraform_all.rs`) applies them against twilio-mock.
//!
//! Rules, all generic:
//! - a required path parameter of the create operation (`{ServiceSid}` of
//!   `/v2/Services/{ServiceSid}/Channels`) is bound to a parent: the resource type of the
//!   same API whose instance path is the create path up to that parameter (`/v2/Services/
//!   {Sid}`: parameters match any name, `.json` suffixes are ignored), created in the same
//!   configuration (its own parents bound the same way) and referenced by the attribute its
//!   instance path ends with (`sid`). A parameter no resource type creates keeps a valid
//!   example value and is named in [`Case::unbound`];
//! - the updated attribute is the first argument (by kind, then name) that the update
//!   operation takes in place: a plain string (`friendly_name` first), a URL, a boolean, an
//!   enum of two values or more, a bounded whole number; create-only, update-only,
//!   deprecated, sensitive and replacing arguments are never chosen. Its value before the
//!   update is set explicitly, so the update is a real change.

use std::collections::BTreeMap;

use crate::model::{number_text, Segment, Type};
use crate::views::terraform::attrs::{adoptable, attribute_name, Attribute, Mode, TfResource};
use crate::views::terraform::example::{
    hcl_string, resource_arguments, resource_block, Options, Sids,
};

/// The label of the resource under test in its configuration.
pub const SUBJECT_LABEL: &str = "this";

/// One resource type's acceptance configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The resource type (`twilio_chat_v2_channel`).
    pub type_name: String,
    /// The API it belongs to (`chat_v2`).
    pub api: String,
    /// The resource blocks (HCL), parents first; the subject is labelled [`SUBJECT_LABEL`].
    pub config: String,
    /// The parents' resource types, in the order they are created.
    pub parents: Vec<String>,
    /// Required path parameters no resource type of the API creates: they keep example
    /// values.
    pub unbound: Vec<String>,
    /// The in-place update to try, when an argument can be updated in place.
    pub update: Option<Update>,
    /// The import ID's format, `{attribute}` standing for the state's values
    /// (`/Services/{service_sid}/Channels/{sid}`).
    pub import_format: String,
    /// The subject's arguments as its configuration sets them (HCL), by name (block members
    /// by dotted paths).
    pub arguments: BTreeMap<String, String>,
    /// The subject's arguments no read returns (the import ID's attributes aside), and its
    /// blocks with such members: an import leaves them unset until the configuration sets
    /// them.
    pub unread: Vec<String>,
    /// Create adopts an object Twilio has already (no create operation of its own).
    pub adopted: bool,
    /// Destroy leaves the object at Twilio (no delete operation).
    pub kept_on_destroy: bool,
}

/// An in-place update of one argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// The argument.
    pub attribute: String,
    /// Its value (HCL) in [`Case::config`].
    pub before: String,
    /// Its value (HCL) in [`Update::config`].
    pub after: String,
    /// [`Case::config`] with the argument set to `after`.
    pub config: String,
}

/// The acceptance cases of every resource type the provider for `apis` has (those the
/// Terraform output skips are left out, as it leaves them out), by type name. `provider` is
/// the provider's local name (`twilio`).
pub fn of_apis(apis: &[crate::model::Api], provider: &str) -> Vec<Case> {
    let mut resources: Vec<TfResource<'_>> = apis
        .iter()
        .flat_map(|api| {
            api.resources
                .iter()
                .filter(|r| crate::views::terraform::attrs::eligible(r))
                .filter_map(move |r| crate::views::terraform::attrs::derive(api, r, provider).ok())
        })
        .collect();
    resources.sort_by(|a, b| a.type_name.cmp(&b.type_name));
    cases(&resources)
}

/// The acceptance case of each resource, in the order given. `resources` are every resource
/// type of the provider: parents are looked up among those of the same API.
pub fn cases(resources: &[TfResource<'_>]) -> Vec<Case> {
    resources.iter().map(|r| case(r, resources)).collect()
}

fn case(r: &TfResource<'_>, all: &[TfResource<'_>]) -> Case {
    let update = updatable(r);
    let mut set = BTreeMap::new();
    if let Some((a, before, _)) = &update {
        set.insert(a.name.clone(), before.clone());
    }
    let mut built = Built::default();
    let (subject, arguments) =
        instantiate(r, SUBJECT_LABEL, &BTreeMap::new(), &set, all, &mut built);
    let config = |subject: &str| {
        let mut out = built.blocks.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(subject);
        out
    };
    let update = update.map(|(a, before, after)| {
        let mut changed = set.clone();
        changed.insert(a.name.clone(), after.clone());
        let mut ignored = Built::default();
        let (subject, _) = instantiate(
            r,
            SUBJECT_LABEL,
            &BTreeMap::new(),
            &changed,
            all,
            &mut ignored,
        );
        Update {
            attribute: a.name.clone(),
            before,
            after,
            config: config(&subject),
        }
    });
    let unread = r
        .unread_arguments()
        .into_iter()
        .chain(
            r.blocks
                .iter()
                .filter(|b| block_unread(b))
                .map(|b| b.name.clone()),
        )
        .collect();
    Case {
        type_name: r.type_name.clone(),
        api: r.api.name.clone(),
        config: config(&subject),
        parents: built.types,
        unbound: built.unbound,
        update,
        import_format: r.import_format(),
        arguments,
        unread,
        adopted: r.adopted,
        kept_on_destroy: r.kept_on_destroy,
    }
}

/// Whether a block has members no read returns.
fn block_unread(b: &crate::views::terraform::attrs::Block) -> bool {
    b.field.is_none()
        || b.attributes
            .iter()
            .any(|a| a.mode.is_argument() && !a.is_read())
        || b.blocks.iter().any(block_unread)
}

/// The parents created so far for one case.
#[derive(Default)]
struct Built {
    /// Their resource blocks, in creation order.
    blocks: Vec<String>,
    /// Their types, in the same order.
    types: Vec<String>,
    /// Path parameters left to example values.
    unbound: Vec<String>,
}

/// A path segment compared across resources: literals without `.json`, parameters by
/// position only.
fn shape(s: &Segment) -> Option<&str> {
    match s {
        Segment::Literal(text) => Some(text.strip_suffix(".json").unwrap_or(text)),
        Segment::Param { .. } => None,
    }
}

/// The resource block of `r` labelled `label`, and its top-level arguments (HCL) by name. `bound` holds the references already made
/// for path segments (by index): a parent's own parents are the subject's. Parents created
/// for the other required path parameters are added to `built`.
fn instantiate(
    r: &TfResource<'_>,
    label: &str,
    bound: &BTreeMap<usize, String>,
    set: &BTreeMap<String, String>,
    all: &[TfResource<'_>],
    built: &mut Built,
) -> (String, BTreeMap<String, String>) {
    let create =
        adoptable(r.resource).or_else(|| r.resource.operation(crate::model::OperationKind::Create));
    let mut bound = bound.clone();
    let mut set = set.clone();
    if let Some(create) = create {
        let segments = create.path.segments();
        for (k, segment) in segments.iter().enumerate() {
            let Segment::Param { name, .. } = segment else {
                continue;
            };
            let Some(attribute) = r
                .attribute(&attribute_name(name))
                .filter(|a| a.mode == Mode::Required)
            else {
                continue;
            };
            if let Some(reference) = bound.get(&k) {
                set.insert(attribute.name.clone(), reference.clone());
                continue;
            }
            let prefix: Vec<Option<&str>> = segments[..=k].iter().map(shape).collect();
            let parent = all.iter().find(|p| {
                p.api.name == r.api.name
                    && p.type_name != r.type_name
                    && p.instance_path
                        .segments()
                        .iter()
                        .map(shape)
                        .eq(prefix.iter().copied())
            });
            let Some(parent) = parent else {
                built.unbound.push(attribute.name.clone());
                // A SID by the type another operation gives the parameter, when create's
                // leaves it a plain string.
                let prefix = r.resource.operations.iter().find_map(|op| {
                    op.path_params.iter().find_map(|p| match &p.ty {
                        Type::Sid(prefix) if p.name == *name => Some(prefix.clone()),
                        _ => None,
                    })
                });
                if let (Some(prefix), None) = (prefix, &attribute.checks.pattern) {
                    set.insert(
                        attribute.name.clone(),
                        hcl_string(&Sids::Valid.sid(&prefix)),
                    );
                }
                continue;
            };
            let parent_label = format!("parent{k}");
            let (block, _) =
                instantiate(parent, &parent_label, &bound, &BTreeMap::new(), all, built);
            built.blocks.push(block);
            built.types.push(parent.type_name.clone());
            let id = parent
                .instance_path
                .trailing_param()
                .map(|(name, _)| attribute_name(name))
                .filter(|name| parent.attribute(name).is_some())
                .unwrap_or_else(|| parent.id_source.clone());
            let reference = format!("{}.{parent_label}.{id}", parent.type_name);
            set.insert(attribute.name.clone(), reference.clone());
            bound.insert(k, reference);
        }
    }
    let options = Options {
        sids: Sids::Valid,
        label: label.to_owned(),
        set,
    };
    (resource_block(r, &options), resource_arguments(r, &options))
}

/// The argument to update in place, with its value before and after.
fn updatable<'a>(r: &'a TfResource<'_>) -> Option<(&'a Attribute, String, String)> {
    let update = r.resource.operation(crate::model::OperationKind::Update)?;
    let takes = |a: &Attribute| {
        update
            .body
            .iter()
            .flat_map(|b| b.params.iter())
            .any(|p| a.wire.first().is_some_and(|w| *w == p.name))
    };
    let mut options: Vec<(u8, &Attribute, String, String)> = r
        .attributes
        .iter()
        .filter(|a| {
            a.mode.is_argument()
                && !a.requires_replace
                && !a.update_only
                && !a.create_only
                && !a.deprecated
                && !a.sensitive
                && !a.stable
                && a.required_when.is_empty()
                && takes(a)
        })
        .filter_map(|a| {
            let (rank, before, after) = values(a)?;
            Some((rank, a, before, after))
        })
        .collect();
    options.sort_by(|x, y| (x.0, &x.1.name).cmp(&(y.0, &y.1.name)));
    options
        .into_iter()
        .next()
        .map(|(_, a, before, after)| (a, before, after))
}

/// The kind rank of an argument and two distinct valid values of it (HCL).
fn values(a: &Attribute) -> Option<(u8, String, String)> {
    let c = &a.checks;
    let text = |word: &str| {
        let v = format!("{word}-{}", a.name.replace('_', "-"));
        let v: String = match c.max_length {
            Some(max) => v.chars().take(max as usize).collect(),
            None => v,
        };
        hcl_string(&v)
    };
    let (rank, before, after) = match &a.model_ty {
        Type::String if c.one_of.is_empty() && c.pattern.is_none() => {
            let rank = if a.name == "friendly_name" { 0 } else { 1 };
            (rank, text("example"), text("updated"))
        }
        Type::Uri if c.pattern.is_none() => (
            2,
            hcl_string("https://example.com/twilio"),
            hcl_string("https://example.com/updated"),
        ),
        Type::Boolean => (3, "true".to_owned(), "false".to_owned()),
        Type::Enum(_) | Type::String if c.one_of.len() >= 2 => {
            (4, hcl_string(&c.one_of[0]), hcl_string(&c.one_of[1]))
        }
        Type::Integer | Type::Int64 => {
            let lo = c.minimum.unwrap_or(1.0);
            let hi = lo + 1.0;
            if c.maximum.is_some_and(|max| hi > max) {
                return None;
            }
            (5, number_text(lo), number_text(hi))
        }
        _ => return None,
    };
    (before != after).then_some((rank, before, after))
}
