//! Rust names for everything the model defines, unique and stable.
//!
//! All public types are re-exported at the crate root, so type names are unique across the
//! crate. Names are claimed in a fixed order (SIDs, enums, models, groups, parameter structs,
//! handles), each taking its natural name unless that collides; colliding names are
//! qualified (`InteractionChannelType` rather than a second `Type`).

use std::collections::{HashMap, HashSet};

use crate::model::names::{pascal, snake};
use crate::model::{Api, Operation, ParamGroup, Resource};

/// An enum's owner and field, a word the two share at their seam said once:
/// `call_enum_status` -> `call_status`, `interaction_channel_enum_channel_status` ->
/// `interaction_channel_status`.
fn enum_name(name: &str) -> String {
    let Some((owner, field)) = name.split_once("_enum_") else {
        return name.to_owned();
    };
    let last = owner.rsplit('_').next().unwrap_or(owner);
    match field
        .strip_prefix(last)
        .and_then(|rest| rest.strip_prefix('_'))
    {
        Some(rest) if !rest.is_empty() => format!("{owner}_{rest}"),
        _ => format!("{owner}_{field}"),
    }
}

/// The module of a crate's response example tests (`tests/operations/response_examples.rs`).
pub const EXAMPLES_MODULE: &str = "response_examples";

/// Rust keywords (strict and reserved) plus names that cannot be raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Type names the runtime modules and common imports already use.
const RESERVED_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Credentials",
    "RetryPolicy",
    "Error",
    "ApiError",
    "ValidationError",
    "Result",
    "List",
    "Page",
    "PageMeta",
    "Request",
    "Url",
    "Value",
    "Map",
    "DateTime",
    "Utc",
    "NaiveDate",
    "Option",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "BTreeMap",
    "Encode",
    "Check",
    "Params",
    "Parts",
    "SidError",
    "ParseEnumError",
    "Stream",
    "Sid",
    "SidKind",
    "Segment",
    "Method",
    "StringEnum",
];

/// A snake_case identifier that is not a keyword (`type` -> `type_`).
pub fn ident(raw: &str) -> String {
    let s = snake(raw);
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// A PascalCase type name that is not a keyword.
pub fn type_name(raw: &str) -> String {
    let s = pascal(raw);
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// Unique names within one scope (a struct's fields, a type's methods).
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub fn with(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes the first free candidate, else the first with a number appended.
    pub fn claim(&mut self, candidates: &[String]) -> String {
        for c in candidates {
            if self.taken.insert(c.clone()) {
                return c.clone();
            }
        }
        let base = candidates
            .first()
            .cloned()
            .unwrap_or_else(|| "value".to_owned());
        let mut n = 2;
        loop {
            let c = format!("{base}{n}");
            if self.taken.insert(c.clone()) {
                return c;
            }
            n += 1;
        }
    }
}

/// The Rust names of a `oneOf` request body.
pub struct OneOfNames {
    /// The enum (`TypingIndicatorRequest`).
    pub ty: String,
    /// Per alternative, in spec order: (variant, struct), such as
    /// (`Whatsapp`, `WhatsAppTypingIndicatorRequest`).
    pub variants: Vec<(String, String)>,
}

/// Every crate-level name.
pub struct RustNames {
    /// SID prefix -> type name.
    pub sids: HashMap<String, String>,
    /// Enum name -> type name.
    pub enums: HashMap<String, String>,
    /// Model name -> type name.
    pub models: HashMap<String, String>,
    /// Union name -> type name.
    pub unions: HashMap<String, String>,
    /// (resource, group prefix) -> type name.
    pub groups: HashMap<(String, String), String>,
    /// Operation id -> parameter struct name.
    pub params: HashMap<String, String>,
    /// Operation id -> the names of its `oneOf` body: the enum and, per alternative, the
    /// variant and its struct.
    pub one_ofs: HashMap<String, OneOfNames>,
    /// The API's handle type (`FlexV1`): every resource's accessor is one of its methods.
    pub api_type: String,
    /// The extension trait giving `Client` the method that returns the handle (`FlexV1Ext`).
    pub api_ext: String,
    /// That method (`flex_v1`).
    pub api_method: String,
    /// Resource -> module name.
    pub modules: HashMap<String, String>,
    /// Resource -> (list handle type, `Client` method), when it has a list path.
    pub list_handles: HashMap<String, (String, String)>,
    /// Resource -> (instance handle type, `Client` method), when it has an instance path.
    pub context_handles: HashMap<String, (String, String)>,
}

impl RustNames {
    /// The SID type a handle takes for a path parameter of type `ty` (by reference), or
    /// `None` when the handle takes any `Display` value for it. Handles, their tests and
    /// the example all decide with this.
    pub fn handle_sid(&self, ty: &crate::model::Type) -> Option<&str> {
        match ty {
            crate::model::Type::Sid(prefix) => self.sids.get(prefix).map(String::as_str),
            _ => None,
        }
    }

    /// Names everything in `api`. Type names are claimed in one scope, in this order: the
    /// API's handle, SIDs, enums, models, unions, groups, parameter structs, `oneOf` bodies,
    /// then the handles of resources.
    pub fn new(api: &Api) -> Self {
        let mut types = Scope::with(RESERVED_TYPES);
        // The API's handle and the extension trait that reaches it from a `Client`:
        // `FlexV1` and `client.flex_v1()`, from the API's name.
        let api_base = api.name.clone();
        let api_type = types.claim(&[type_name(&api_base), format!("{}Api", type_name(&api_base))]);
        let api_ext = types.claim(&[format!("{api_type}Ext"), format!("{api_type}ClientExt")]);
        let api_method = ident(&api_base);

        let sids = claim_each(&mut types, &api.sids, |s| {
            let natural = type_name(&s.name);
            let qualified = format!("{natural}{}", pascal(&s.prefix.to_ascii_lowercase()));
            (s.prefix.clone(), [natural, qualified])
        });
        // An enum is named by its owner and field (`CallStatus`, `FlexFlowChannelType`),
        // never shortened when no other enum has its field name: another resource's enum
        // would then rename it.
        let enums = claim_each(&mut types, &api.enums, |e| {
            let long = type_name(&enum_name(&e.name));
            (e.name.clone(), [long.clone(), format!("{long}Enum")])
        });
        let models = claim_each(&mut types, &api.models, |m| {
            let natural = type_name(&m.name);
            (
                m.name.clone(),
                [natural.clone(), format!("{natural}Resource")],
            )
        });
        let unions = claim_each(&mut types, &api.unions, |u| {
            let natural = type_name(&u.name);
            (u.name.clone(), [natural.clone(), format!("{natural}Union")])
        });
        let groups = group_names(&mut types, api);
        let operations: Vec<&Operation> =
            api.resources.iter().flat_map(|r| &r.operations).collect();
        let params = claim_each(&mut types, &operations, |op| {
            let natural = type_name(&op.id);
            (op.id.clone(), [natural.clone(), format!("{natural}Params")])
        });
        let one_ofs = one_of_names(&mut types, &operations);
        let modules = module_names(api);
        let (list_handles, context_handles) = handle_names(&mut types, api);

        RustNames {
            api_type,
            api_ext,
            api_method,
            sids,
            enums,
            models,
            unions,
            groups,
            params,
            one_ofs,
            modules,
            list_handles,
            context_handles,
        }
    }
}

/// Names each item in `types`, in order: `candidates` gives its key and the names to try.
fn claim_each<T>(
    types: &mut Scope,
    items: &[T],
    candidates: impl Fn(&T) -> (String, [String; 2]),
) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for item in items {
        let (key, tried) = candidates(item);
        names.insert(key, types.claim(&tried));
    }
    names
}

/// A parameter group is named by its resource and prefix (`FlexFlowIntegration`).
fn group_names(types: &mut Scope, api: &Api) -> HashMap<(String, String), String> {
    let mut groups = HashMap::new();
    for r in &api.resources {
        for g in ParamGroup::depth_first(&r.groups) {
            let long = type_name(&format!("{}_{}", r.name, g.prefix.replace('.', "_")));
            groups.insert(
                (r.name.clone(), g.prefix.clone()),
                types.claim(&[long.clone(), format!("{long}Params")]),
            );
        }
    }
    groups
}

/// The names of the `oneOf` bodies of `operations`: the enum, and per alternative its variant
/// (by tag, else by name) and its struct.
fn one_of_names(types: &mut Scope, operations: &[&Operation]) -> HashMap<String, OneOfNames> {
    let mut one_ofs = HashMap::new();
    for op in operations {
        let Some(o) = op.body.as_ref().and_then(|b| b.one_of.as_ref()) else {
            continue;
        };
        let natural = type_name(&o.name);
        let ty = types.claim(&[natural.clone(), format!("{natural}Body")]);
        let mut variant_scope = Scope::default();
        let variants = o
            .variants
            .iter()
            .map(|v| {
                let variant = variant_scope.claim(&[type_name(&v.tag), type_name(&v.name)]);
                let natural = type_name(&v.name);
                let ty = types.claim(&[natural.clone(), format!("{natural}Body")]);
                (variant, ty)
            })
            .collect();
        one_ofs.insert(op.id.clone(), OneOfNames { ty, variants });
    }
    one_ofs
}

/// Resource -> module name. Module names also name files: src/resources/<m>.rs and
/// tests/operations/<m>.rs.
fn module_names(api: &Api) -> HashMap<String, String> {
    let mut modules = HashMap::new();
    let mut module_scope = Scope::with(&[
        "client",
        "common",
        "encoding",
        "enums",
        "error",
        "main",
        "mod",
        "models",
        "paging",
        "sids",
        EXAMPLES_MODULE,
    ]);
    for r in &api.resources {
        modules.insert(r.name.clone(), module_scope.claim(&[ident(&r.name)]));
    }
    modules
}

/// Resource -> (handle type, method of the API handle).
type Handles = HashMap<String, (String, String)>;

/// The list handles and the instance handles; the instance handles choose their names
/// first.
fn handle_names(types: &mut Scope, api: &Api) -> (Handles, Handles) {
    // Methods of the API handle: resources with fewer path parameters choose first, so
    // top-level collections keep the short names. `in_account` scopes the API to an
    // account (API v2010's `/Accounts/{AccountSid}/...`).
    let mut methods = Scope::with(&["new", "client", "clone", "fmt", "in_account"]);
    let mut order: Vec<&Resource> = api.resources.iter().collect();
    let depth = |r: &Resource| {
        r.instance_path
            .as_ref()
            .or(r.list_path.as_ref())
            .map(|p| p.param_count())
            .unwrap_or(0)
    };
    order.sort_by_key(|r| depth(r));
    let mut list_handles = HashMap::new();
    let mut context_handles = HashMap::new();
    // A handle only for a path with operations (the others were all skipped).
    let has_ops = |r: &Resource, path: &Option<crate::model::PathTemplate>| {
        path.as_ref()
            .is_some_and(|p| r.operations.iter().any(|o| o.path == *p))
    };
    for r in order.iter().filter(|r| has_ops(r, &r.instance_path)) {
        let base = type_name(&r.name);
        let ty = types.claim(&[format!("{base}Context"), format!("{base}ContextHandle")]);
        let method = methods.claim(&[ident(&r.name)]);
        context_handles.insert(r.name.clone(), (ty, method));
    }
    for r in order.iter() {
        let Some(list_path) = r.list_path.as_ref().filter(|_| has_ops(r, &r.list_path)) else {
            continue;
        };
        let base = type_name(&r.name);
        let ty = types.claim(&[format!("{base}List"), format!("{base}ListHandle")]);
        let mut candidates = Vec::new();
        if let Some(seg) = list_path.last_literal() {
            candidates.push(ident(seg));
        }
        candidates.push(format!("{}_list", ident(&r.name)));
        let method = methods.claim(&candidates);
        list_handles.insert(r.name.clone(), (ty, method));
    }
    (list_handles, context_handles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_are_named_by_owner_and_field_a_shared_word_once() {
        assert_eq!(enum_name("call_enum_status"), "call_status");
        assert_eq!(
            enum_name("flex_flow_enum_channel_type"),
            "flex_flow_channel_type"
        );
        assert_eq!(
            enum_name("interaction_channel_enum_channel_status"),
            "interaction_channel_status"
        );
        assert_eq!(
            enum_name("interaction_transfer_enum_transfer_type"),
            "interaction_transfer_type"
        );
        // A field that is only the shared word keeps it.
        assert_eq!(enum_name("channel_enum_channel"), "channel_channel");
        assert_eq!(enum_name("plain_inline_name"), "plain_inline_name");
    }

    #[test]
    fn keywords_get_an_underscore() {
        assert_eq!(ident("type"), "type_");
        assert_eq!(ident("Ref"), "ref_");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("FriendlyName"), "friendly_name");
        assert_eq!(ident("3dSecure"), "n3d_secure");
        assert_eq!(type_name("self"), "Self_");
    }

    #[test]
    fn scopes_number_repeats() {
        let mut s = Scope::with(&["new"]);
        assert_eq!(s.claim(&["new".into()]), "new2");
        assert_eq!(s.claim(&["a".into(), "b".into()]), "a");
        assert_eq!(s.claim(&["a".into(), "b".into()]), "b");
        assert_eq!(s.claim(&["a".into()]), "a2");
    }
}
