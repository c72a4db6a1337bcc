//! openapiv3 document -> [`Api`]. Generic over any Twilio spec: resources are found from
//! path structure and `x-twilio` hints, never from resource names.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3 as oa;
use openapiv3::ReferenceOr;

use super::dotted;
use super::names::snake;
use super::prose;
use super::sid::{self, SidUse};
use super::*;
use crate::error::{escape_token, Error, Warning};
use crate::load::{lookup, Spec};

/// Builds the model of a parsed spec. Unsupported constructs become warnings in
/// [`Api::warnings`]; only malformed input is an error.
pub fn build(spec: &Spec) -> Result<Api, Error> {
    Builder::new(spec).run()
}

/// Whether a path is a collection or one item, by `x-twilio.pathType` or by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathType {
    List,
    Instance,
}

/// What the builder knows about one path before it builds operations.
struct PathInfo<'a> {
    path: PathTemplate,
    item: &'a oa::PathItem,
    path_type: PathType,
    pointer: String,
    xt: XTwilio,
}

#[derive(Default)]
struct XTwilio {
    mount_name: Option<String>,
    class_name: Option<String>,
    parent: Option<String>,
    path_type: Option<String>,
    dependents: Vec<Dependent>,
}

impl XTwilio {
    fn from_extensions(ext: &IndexMap<String, serde_json::Value>) -> Self {
        let Some(x) = ext.get("x-twilio").and_then(|v| v.as_object()) else {
            return XTwilio::default();
        };
        let s = |k: &str| x.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let mut dependents = Vec::new();
        if let Some(deps) = x.get("dependentProperties").and_then(|v| v.as_object()) {
            for (name, d) in deps {
                let resource_url = d
                    .get("resource_url")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let mapping: std::collections::BTreeMap<String, String> = d
                    .get("mapping")
                    .and_then(|m| m.as_object())
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                            .collect()
                    })
                    .unwrap_or_default();
                dependents.push(Dependent {
                    name: name.clone(),
                    resource_url: resource_url.to_owned(),
                    mapping,
                });
            }
        }
        XTwilio {
            mount_name: s("mountName"),
            class_name: s("className"),
            parent: s("parent"),
            path_type: s("pathType"),
            dependents,
        }
    }
}

/// The type of a schema plus what travels with it.
struct Typed {
    ty: Type,
    nullable: bool,
    description: Option<String>,
    constraints: Constraints,
    pii: Option<Pii>,
    deprecated: bool,
    /// The schema's `default`.
    default: Option<serde_json::Value>,
}

impl Typed {
    fn json() -> Self {
        Typed {
            ty: Type::Json,
            nullable: true,
            description: None,
            constraints: Constraints::default(),
            pii: None,
            deprecated: false,
            default: None,
        }
    }
}

/// Who holds a value being typed: names inline enums, inline models and SID types.
#[derive(Clone, Copy)]
struct Owner<'x> {
    /// Resource or model name.
    name: &'x str,
    /// Field or parameter wire name.
    field: &'x str,
    /// Label for `SidType::used_by` (`flex_flow.sid`, `CreateFlexFlow.ChatServiceSid`).
    site: &'x str,
}

/// A schema, whether written in place or behind a `$ref`.
enum SchemaRef<'s> {
    Ref(&'s str),
    Item(&'s oa::Schema),
}

fn view<T: std::ops::Deref<Target = oa::Schema>>(r: &ReferenceOr<T>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(s) => SchemaRef::Item(s),
    }
}

fn view_plain(r: &ReferenceOr<oa::Schema>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(s) => SchemaRef::Item(s),
    }
}

/// A schema reduced to the facts the generator uses.
enum Shape<'s> {
    String {
        format: Option<&'s str>,
        pattern: Option<&'s str>,
        values: Vec<String>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    },
    Integer {
        format: Option<&'s str>,
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: bool,
        exclusive_maximum: bool,
    },
    Number {
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: bool,
        exclusive_maximum: bool,
    },
    Boolean,
    Object {
        format: Option<&'s str>,
        properties: &'s IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &'s [String],
        additional: Option<&'s oa::AdditionalProperties>,
    },
    Array {
        items: Option<&'s ReferenceOr<Box<oa::Schema>>>,
        min_items: Option<usize>,
        max_items: Option<usize>,
    },
    Composite(&'static str, &'s [ReferenceOr<oa::Schema>]),
    Not,
    Untyped,
    Unknown(&'s str),
}

fn format_str<T: std::fmt::Debug>(f: &'_ oa::VariantOrUnknownOrEmpty<T>) -> Option<Cow<'_, str>> {
    match f {
        oa::VariantOrUnknownOrEmpty::Item(item) => {
            // The known variants render in kebab case (`date-time`), as written in specs.
            let dbg = format!("{item:?}");
            Some(Cow::Owned(super::names::snake(&dbg).replace('_', "-")))
        }
        oa::VariantOrUnknownOrEmpty::Unknown(s) => Some(Cow::Borrowed(s.as_str())),
        oa::VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn shape(s: &oa::Schema) -> (Shape<'_>, Option<String>) {
    use oa::{SchemaKind as K, Type as T};
    match &s.schema_kind {
        K::Type(T::String(st)) => {
            let fmt = format_str(&st.format);
            let owned = fmt.as_ref().map(|c| c.to_string());
            (
                Shape::String {
                    format: None,
                    pattern: st.pattern.as_deref(),
                    values: st.enumeration.iter().flatten().cloned().collect(),
                    min_length: st.min_length,
                    max_length: st.max_length,
                },
                owned,
            )
        }
        K::Type(T::Integer(it)) => {
            let fmt = format_str(&it.format).map(|c| c.to_string());
            (
                Shape::Integer {
                    format: None,
                    minimum: it.minimum.map(|v| v as f64),
                    maximum: it.maximum.map(|v| v as f64),
                    exclusive_minimum: it.exclusive_minimum,
                    exclusive_maximum: it.exclusive_maximum,
                },
                fmt,
            )
        }
        K::Type(T::Number(nt)) => (
            Shape::Number {
                minimum: nt.minimum,
                maximum: nt.maximum,
                exclusive_minimum: nt.exclusive_minimum,
                exclusive_maximum: nt.exclusive_maximum,
            },
            None,
        ),
        K::Type(T::Boolean(_)) => (Shape::Boolean, None),
        K::Type(T::Object(ot)) => (
            Shape::Object {
                format: None,
                properties: &ot.properties,
                required: &ot.required,
                additional: ot.additional_properties.as_ref(),
            },
            None,
        ),
        K::Type(T::Array(at)) => (
            Shape::Array {
                items: at.items.as_ref(),
                min_items: at.min_items,
                max_items: at.max_items,
            },
            None,
        ),
        K::OneOf { one_of } => (Shape::Composite("oneOf", one_of), None),
        K::AnyOf { any_of } => (Shape::Composite("anyOf", any_of), None),
        K::AllOf { all_of } => (Shape::Composite("allOf", all_of), None),
        K::Not { .. } => (Shape::Not, None),
        K::Any(a) => (any_shape(a), None),
    }
}

/// openapiv3 keeps schemas that mix keywords (`type: object` with `format: uri-map`, or a
/// string with `minimum`) as `AnySchema`; read them by their `type`.
fn any_shape(a: &oa::AnySchema) -> Shape<'_> {
    if !a.one_of.is_empty() {
        return Shape::Composite("oneOf", &a.one_of);
    }
    if !a.any_of.is_empty() {
        return Shape::Composite("anyOf", &a.any_of);
    }
    if !a.all_of.is_empty() {
        return Shape::Composite("allOf", &a.all_of);
    }
    if a.not.is_some() {
        return Shape::Not;
    }
    let object = || Shape::Object {
        format: a.format.as_deref(),
        properties: &a.properties,
        required: &a.required,
        additional: a.additional_properties.as_ref(),
    };
    match a.typ.as_deref() {
        Some("string") => Shape::String {
            format: a.format.as_deref(),
            pattern: a.pattern.as_deref(),
            values: a
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            min_length: a.min_length,
            max_length: a.max_length,
        },
        Some("integer") => Shape::Integer {
            format: a.format.as_deref(),
            minimum: a.minimum,
            maximum: a.maximum,
            exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
        },
        Some("number") => Shape::Number {
            minimum: a.minimum,
            maximum: a.maximum,
            exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
        },
        Some("boolean") => Shape::Boolean,
        Some("object") => object(),
        Some("array") => Shape::Array {
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
        },
        Some(other) => Shape::Unknown(other),
        None if !a.properties.is_empty() || a.additional_properties.is_some() => object(),
        None if a.items.is_some() => Shape::Array {
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
        },
        None => Shape::Untyped,
    }
}

fn pii_of(ext: &IndexMap<String, serde_json::Value>) -> Option<Pii> {
    let pii = ext.get("x-twilio")?.get("pii")?;
    Some(Pii {
        handling: pii.get("handling")?.as_str()?.to_owned(),
        delete_sla: pii.get("deleteSla").and_then(|v| v.as_i64()),
    })
}

fn non_empty(s: Option<&String>) -> Option<String> {
    s.map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

struct Builder<'a> {
    spec: &'a Spec,
    file: &'a str,
    warnings: Vec<Warning>,
    enums: IndexMap<String, EnumType>,
    models: IndexMap<String, Model>,
    /// Component schema name -> model name, assigned up front so names do not depend on
    /// visiting order.
    component_models: HashMap<String, String>,
    /// Inline schema pointer -> model name.
    inline_models: HashMap<String, String>,
    /// Unions by name, in the order they were met; schema pointer -> union name.
    unions: IndexMap<String, Union>,
    union_at: HashMap<String, String>,
    sid_uses: Vec<SidUse>,
}

const COMPONENT_SCHEMAS: &str = "#/components/schemas/";

impl<'a> Builder<'a> {
    fn new(spec: &'a Spec) -> Self {
        let mut b = Builder {
            spec,
            file: &spec.file,
            warnings: Vec::new(),
            enums: IndexMap::new(),
            models: IndexMap::new(),
            component_models: HashMap::new(),
            inline_models: HashMap::new(),
            unions: IndexMap::new(),
            union_at: HashMap::new(),
            sid_uses: Vec::new(),
        };
        b.assign_component_model_names();
        b
    }

    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    fn components(&self) -> Option<&'a oa::Components> {
        self.spec.doc.components.as_ref()
    }

    /// Model names for component schemas: the last dotted segment (`flex.v1.flex_flow` ->
    /// `flex_flow`), lengthened with earlier segments while two schemas would share it.
    fn assign_component_model_names(&mut self) {
        let Some(components) = self.components() else {
            return;
        };
        let names: Vec<&String> = components.schemas.keys().collect();
        let segments: Vec<Vec<&str>> = names.iter().map(|n| n.split('.').collect()).collect();
        let mut taken: HashSet<String> = HashSet::new();
        let mut depth = vec![1usize; names.len()];
        loop {
            let candidates: Vec<String> = segments
                .iter()
                .zip(&depth)
                .map(|(segs, d)| snake(&segs[segs.len().saturating_sub(*d)..].join("_")))
                .collect();
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for c in &candidates {
                *counts.entry(c.as_str()).or_default() += 1;
            }
            let mut changed = false;
            for (i, c) in candidates.iter().enumerate() {
                if counts[c.as_str()] > 1 && depth[i] < segments[i].len() {
                    depth[i] += 1;
                    changed = true;
                }
            }
            if !changed {
                for (name, c) in names.iter().zip(candidates) {
                    let mut unique = c.clone();
                    let mut n = 2;
                    while !taken.insert(unique.clone()) {
                        unique = format!("{c}_{n}");
                        n += 1;
                    }
                    self.component_models.insert((*name).clone(), unique);
                }
                return;
            }
        }
    }

    fn run(mut self) -> Result<Api, Error> {
        let doc = &self.spec.doc;
        let auth = self.auth();
        let doc_server = doc
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned());

        // 1. Classify paths and group them into resources by their collection path.
        let mut groups: IndexMap<PathTemplate, Vec<PathInfo<'a>>> = IndexMap::new();
        for (path, item) in &doc.paths.paths {
            let pointer = format!("/paths/{}", escape_token(path));
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.warn(
                        pointer,
                        "a path item given as `$ref` is not supported; the path is skipped",
                    );
                    continue;
                }
            };
            if !path.starts_with('/') {
                self.warn(pointer, "path does not start with `/`; skipped");
                continue;
            }
            let template = match PathTemplate::parse(path) {
                Ok(t) => t,
                Err(e) => {
                    self.warn(pointer, format!("{e}; the path is skipped"));
                    continue;
                }
            };
            let xt = XTwilio::from_extensions(&item.extensions);
            let ends_with_param = template.trailing_param().is_some();
            let path_type = match xt.path_type.as_deref() {
                Some("list") => PathType::List,
                Some("instance") => PathType::Instance,
                _ if ends_with_param => PathType::Instance,
                _ => PathType::List,
            };
            // `{Sid}` or `{Sid}.json`: the suffix also ends the collection path (`Calls.json`).
            let collection = match template.collection() {
                Some(c) if path_type == PathType::Instance => c,
                _ => template.clone(),
            };
            groups.entry(collection).or_default().push(PathInfo {
                path: template,
                item,
                path_type,
                pointer,
                xt,
            });
        }

        // 2. Build each resource.
        let mut resources = Vec::new();
        let mut taken_names: HashSet<String> = HashSet::new();
        for (collection, infos) in groups {
            if let Some(r) =
                self.resource(&collection, infos, doc_server.as_deref(), &mut taken_names)?
            {
                resources.push(r);
            }
        }

        // 3. API-level facts.
        let mut url_counts: IndexMap<&str, usize> = IndexMap::new();
        for r in &resources {
            *url_counts.entry(r.base_url.as_str()).or_default() += 1;
        }
        let base_url = url_counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(std::cmp::Ordering::Greater))
            .map(|(u, _)| (*u).to_owned())
            .or(doc_server.clone())
            .unwrap_or_else(|| "https://api.twilio.com".to_owned());
        let domain = domain_of(&base_url);
        let version = version_of(
            doc.paths
                .paths
                .keys()
                .next()
                .map(String::as_str)
                .unwrap_or(""),
        );
        let sids = sid::assign(&self.sid_uses);

        Ok(Api {
            title: doc.info.title.clone(),
            description: non_empty(doc.info.description.as_ref()),
            spec_version: doc.info.version.clone(),
            domain,
            version,
            base_url,
            auth,
            resources,
            models: self.models.into_values().collect(),
            unions: self.unions.into_values().collect(),
            enums: self.enums.into_values().collect(),
            sids,
            warnings: self.warnings,
        })
    }

    fn auth(&mut self) -> Vec<AuthScheme> {
        let mut out = Vec::new();
        let Some(components) = self.components() else {
            return out;
        };
        for (name, scheme) in &components.security_schemes {
            let kind = match scheme {
                ReferenceOr::Reference { .. } => "reference".to_owned(),
                ReferenceOr::Item(oa::SecurityScheme::HTTP { scheme, .. }) => {
                    format!("http-{}", scheme.to_ascii_lowercase())
                }
                ReferenceOr::Item(oa::SecurityScheme::APIKey { .. }) => "api-key".to_owned(),
                ReferenceOr::Item(oa::SecurityScheme::OAuth2 { .. }) => "oauth2".to_owned(),
                ReferenceOr::Item(oa::SecurityScheme::OpenIDConnect { .. }) => {
                    "openid-connect".to_owned()
                }
            };
            if kind != "http-basic" {
                self.warn(
                    format!("/components/securitySchemes/{}", escape_token(name)),
                    format!("security scheme `{kind}` is not supported; clients authenticate with HTTP basic auth"),
                );
            }
            out.push(AuthScheme {
                name: name.clone(),
                kind,
            });
        }
        out
    }

    /// The model name a resource's responses point at, found without building anything.
    fn peek_model_name(&self, infos: &[PathInfo<'a>]) -> Option<String> {
        for info in infos {
            for op in [&info.item.get, &info.item.post].into_iter().flatten() {
                for (code, resp) in &op.responses.responses {
                    let oa::StatusCode::Code(200..=299) = code else {
                        continue;
                    };
                    let resp = match resp {
                        ReferenceOr::Item(r) => r,
                        ReferenceOr::Reference { reference } => {
                            let name = reference.strip_prefix("#/components/responses/")?;
                            self.components()?.responses.get(name)?.as_item()?
                        }
                    };
                    let schema = resp.content.get("application/json")?.schema.as_ref()?;
                    if let ReferenceOr::Reference { reference } = schema {
                        if let Some(name) = reference.strip_prefix(COMPONENT_SCHEMAS) {
                            return self.component_models.get(name).cloned();
                        }
                    }
                    if let ReferenceOr::Item(s) = schema {
                        if let (Shape::Object { properties, .. }, _) = shape(s) {
                            for (key, p) in properties {
                                if key == "meta" {
                                    continue;
                                }
                                if let ReferenceOr::Item(p) = p {
                                    if let (
                                        Shape::Array {
                                            items: Some(ReferenceOr::Reference { reference }),
                                            ..
                                        },
                                        _,
                                    ) = shape(p)
                                    {
                                        if let Some(name) =
                                            reference.strip_prefix(COMPONENT_SCHEMAS)
                                        {
                                            return self.component_models.get(name).cloned();
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        None
    }

    fn resource(
        &mut self,
        collection: &PathTemplate,
        infos: Vec<PathInfo<'a>>,
        doc_server: Option<&str>,
        taken: &mut HashSet<String>,
    ) -> Result<Option<Resource>, Error> {
        let list = infos.iter().find(|i| i.path_type == PathType::List);
        let instance = infos.iter().find(|i| i.path_type == PathType::Instance);
        let hint = |f: fn(&XTwilio) -> &Option<String>| {
            list.and_then(|i| f(&i.xt).clone())
                .or_else(|| instance.and_then(|i| f(&i.xt).clone()))
        };
        let mount_name = hint(|x| &x.mount_name);
        let class_name = hint(|x| &x.class_name);
        let parent = hint(|x| &x.parent);
        let base = mount_name
            .as_deref()
            .or(class_name.as_deref())
            .map(snake)
            .or_else(|| self.peek_model_name(&infos))
            .or_else(|| collection.last_literal().map(snake))
            .unwrap_or_else(|| "root".to_owned());
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }

        let first = list.or(instance).expect("a group has at least one path");
        let base_url = first
            .item
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned())
            .or_else(|| doc_server.map(str::to_owned));
        let base_url = match base_url {
            Some(u) => u,
            None => {
                self.warn(
                    first.pointer.clone(),
                    "no `servers` for this path or the document; using https://api.twilio.com",
                );
                "https://api.twilio.com".to_owned()
            }
        };
        let description = non_empty(first.item.description.as_ref()).or_else(|| {
            infos
                .iter()
                .find_map(|i| non_empty(i.item.description.as_ref()))
        });
        let dependents = list
            .map(|i| i.xt.dependents.clone())
            .filter(|d| !d.is_empty())
            .or_else(|| instance.map(|i| i.xt.dependents.clone()))
            .unwrap_or_default();

        let mut operations: Vec<Operation> = Vec::new();
        for info in &infos {
            let item = info.item;
            let methods: [(&str, &Option<oa::Operation>); 8] = [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
                ("HEAD", &item.head),
                ("OPTIONS", &item.options),
                ("TRACE", &item.trace),
            ];
            for (method, op) in methods {
                let Some(op) = op else { continue };
                let pointer = format!("{}/{}", info.pointer, method.to_ascii_lowercase());
                if let Some(built) = self.operation(&name, info, method, op, &pointer)? {
                    if let Some(existing) = operations.iter().find(|o| o.kind == built.kind) {
                        let msg = format!(
                            "a second `{}` operation for resource `{name}` (the first is `{}`); skipped",
                            built.kind.as_str(),
                            existing.id
                        );
                        self.warn(pointer, msg);
                        continue;
                    }
                    operations.push(built);
                }
            }
        }
        operations.sort_by_key(|o| o.kind);
        if operations.is_empty() {
            self.warn(
                first.pointer.clone(),
                "no supported operations; the resource is skipped",
            );
            taken.remove(&name);
            return Ok(None);
        }

        let mut groups: Vec<ParamGroup> = Vec::new();
        for op in &operations {
            if let Some(body) = &op.body {
                dotted::merge(&mut groups, &body.groups);
            }
        }
        let model = [
            OperationKind::Fetch,
            OperationKind::Create,
            OperationKind::Update,
            OperationKind::List,
        ]
        .iter()
        .filter_map(|k| operations.iter().find(|o| o.kind == *k))
        .find_map(|o| match &o.response {
            Response::Value {
                ty: Type::Model(m), ..
            } => Some(m.clone()),
            Response::Page {
                item: Type::Model(m),
                ..
            } => Some(m.clone()),
            _ => None,
        });
        if let Some(m) = &model {
            self.type_fields_by_groups(&name, m, &groups);
        }

        Ok(Some(Resource {
            name,
            mount_name,
            class_name,
            description,
            list_path: list.map(|i| i.path.clone()),
            instance_path: instance.map(|i| i.path.clone()),
            base_url,
            parent,
            model,
            groups,
            dependents,
            operations,
        }))
    }

    /// A response field the spec leaves untyped (`integration: {nullable: true}`) takes the
    /// type of the dotted group with the same name (`Integration.*`), so responses decode into
    /// the same type that requests send.
    fn type_fields_by_groups(&mut self, resource: &str, model: &str, groups: &[ParamGroup]) {
        let Some(m) = self.models.get_mut(model) else {
            return;
        };
        for f in &mut m.fields {
            if !matches!(f.ty, Type::Json | Type::Object) {
                continue;
            }
            if let Some(g) = groups.iter().find(|g| {
                g.indexed.is_none() && !has_indexed(g) && snake(&g.name) == snake(&f.name)
            }) {
                f.ty = Type::Group {
                    resource: resource.to_owned(),
                    prefix: g.prefix.clone(),
                };
            }
        }
    }

    fn operation(
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

    /// The inline JSON examples (`examples.*.value`, else `example`) of the success response
    /// of the operation at `pointer`.
    fn response_examples(&self, pointer: &str, response: &Response) -> Vec<ResponseExample> {
        let status = match response {
            Response::Empty { .. } => return Vec::new(),
            Response::Value { status, .. } | Response::Page { status, .. } => *status,
        };
        let at = format!("{pointer}/responses/{status}/content/application~1json");
        let Some(content) = lookup(&self.spec.raw, &at) else {
            return Vec::new();
        };
        let json = |v: &serde_yaml::Value| serde_json::to_value(v).ok();
        let mut out = Vec::new();
        if let Some(examples) = content.get("examples").and_then(|e| e.as_mapping()) {
            for (name, e) in examples {
                if let (Some(name), Some(value)) = (name.as_str(), e.get("value").and_then(json)) {
                    out.push(ResponseExample {
                        name: name.to_owned(),
                        value,
                    });
                }
            }
        } else if let Some(value) = content.get("example").and_then(json) {
            out.push(ResponseExample {
                name: "example".to_owned(),
                value,
            });
        }
        out
    }

    /// Turns prose conditions ("Required when `integrationType` is `studio`") into
    /// [`Condition`]s naming the wire parameter they refer to.
    fn resolve_conditions(&mut self, op: &mut Operation) {
        let wire: Vec<(String, Option<Vec<String>>)> = op
            .all_params()
            .map(|p| {
                let values = match &p.ty {
                    Type::Enum(e) => self.enums.get(e).map(|e| e.values.clone()),
                    _ => None,
                };
                (p.name.clone(), values)
            })
            .collect();
        let pointer = op.pointer.clone();
        let mut warnings = Vec::new();
        let mut visit = |p: &mut Param| {
            let Some(desc) = p.description.clone() else {
                return;
            };
            for (found, target) in [
                (prose::required_when(&desc), &mut p.required_when),
                (prose::applies_when(&desc), &mut p.applies_when),
            ] {
                for c in found {
                    match wire.iter().find(|(w, _)| prose::same_name(&c.param, w) && *w != p.name) {
                        Some((w, values)) => {
                            if let Some(allowed) = values {
                                if let Some(bad) = c.values.iter().find(|v| !allowed.contains(v)) {
                                    warnings.push(format!(
                                        "the description of `{}` names value `{bad}` of `{w}`, which is not one of its values; condition ignored",
                                        p.name
                                    ));
                                    continue;
                                }
                            }
                            target.push(Condition {
                                param: w.clone(),
                                values: c.values,
                            });
                        }
                        None => warnings.push(format!(
                            "the description of `{}` names `{}`, which is not a parameter of this operation; condition ignored",
                            p.name, c.param
                        )),
                    }
                }
            }
            if p.constraints.minimum.is_none()
                && p.constraints.maximum.is_none()
                && matches!(p.ty, Type::Integer | Type::Int64 | Type::Number)
            {
                if let Some((lo, hi)) = prose::range(&desc) {
                    p.constraints.minimum = Some(lo as f64);
                    p.constraints.maximum = Some(hi as f64);
                    p.constraints.range_from = Some("description".to_owned());
                }
            }
            if p.default.is_none() {
                p.default = prose::default_value(&desc).and_then(|text| {
                    let values = match &p.ty {
                        Type::Enum(_) => wire
                            .iter()
                            .find(|(w, _)| *w == p.name)
                            .and_then(|(_, v)| v.clone()),
                        _ => None,
                    };
                    typed_default(&text, &p.ty, values.as_deref())
                });
            }
        };
        for p in op
            .query_params
            .iter_mut()
            .chain(op.header_params.iter_mut())
        {
            visit(p);
        }
        if let Some(body) = &mut op.body {
            for p in &mut body.params {
                visit(p);
            }
            fn walk(g: &mut ParamGroup, f: &mut dyn FnMut(&mut Param)) {
                for p in &mut g.params {
                    f(p);
                }
                for sub in &mut g.groups {
                    walk(sub, f);
                }
            }
            for g in &mut body.groups {
                walk(g, &mut visit);
            }
        }
        for w in warnings {
            self.warn(pointer.clone(), w);
        }
    }

    fn parameter(
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

    fn resolve_parameter(&self, reference: &str) -> Option<Cow<'a, oa::Parameter>> {
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

    fn deserialize_at<T: serde::de::DeserializeOwned>(&self, reference: &str) -> Option<T> {
        let value = lookup(&self.spec.raw, reference.strip_prefix('#')?)?;
        serde_yaml::from_value(value.clone()).ok()
    }

    fn body(
        &mut self,
        resource: &str,
        op_id: &str,
        rb: &'a ReferenceOr<oa::RequestBody>,
        at: &str,
    ) -> Result<Option<Body>, Error> {
        let (rb, at): (Cow<'a, oa::RequestBody>, String) = match rb {
            ReferenceOr::Item(b) => (Cow::Borrowed(b), at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|n| self.components()?.request_bodies.get(&unescape(n)))
                    .and_then(|b| b.as_item())
                    .map(Cow::Borrowed)
                    .or_else(|| self.deserialize_at(reference).map(Cow::Owned));
                match found {
                    Some(b) => (b, reference.trim_start_matches('#').to_owned()),
                    None => {
                        self.warn(at, format!("`$ref` `{reference}` is not a request body; the operation is skipped"));
                        return Ok(None);
                    }
                }
            }
        };
        let (content_type, media, media_key) =
            if let Some(m) = rb.content.get("application/x-www-form-urlencoded") {
                (ContentType::Form, m, "application/x-www-form-urlencoded")
            } else if let Some(m) = rb.content.get("application/json") {
                (ContentType::Json, m, "application/json")
            } else {
                let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
                self.warn(
                    format!("{at}/content"),
                    format!(
                    "request body type(s) {types:?} are not supported; the operation is skipped"
                ),
                );
                return Ok(None);
            };
        let schema_at = format!("{at}/content/{}/schema", escape_token(media_key));
        let Some(schema) = &media.schema else {
            return Ok(Some(Body {
                content_type,
                required: rb.required,
                free_form: content_type == ContentType::Json,
                params: vec![],
                groups: vec![],
                one_of: None,
            }));
        };
        let (resolved, component, schema_at) =
            match self.resolve_schema(view_plain(schema), &schema_at) {
                Some(found) => found,
                None => return Ok(None),
            };
        let (properties, required) = match shape(&resolved).0 {
            Shape::Object {
                properties,
                required,
                ..
            } => (properties, required),
            Shape::Composite("oneOf", parts) => {
                let name = component.unwrap_or_else(|| format!("{op_id}_request"));
                return Ok(self.one_of_body(
                    resource,
                    op_id,
                    &resolved,
                    parts,
                    content_type,
                    rb.required,
                    (&name, &schema_at),
                ));
            }
            _ => {
                self.warn(
                    schema_at,
                    "a request body that is not an object is not supported; the operation is skipped",
                );
                return Ok(None);
            }
        };
        let params = self.body_params(resource, op_id, properties, required, None, &schema_at);
        let free_form = params.is_empty() && content_type == ContentType::Json;
        let (params, groups) = if content_type == ContentType::Form {
            dotted::group(params).map_err(|e| {
                Error::at(
                    self.file,
                    format!("{schema_at}/properties/{}", escape_token(&e.name)),
                    e.to_string(),
                )
            })?
        } else {
            (params, vec![])
        };
        Ok(Some(Body {
            content_type,
            required: rb.required,
            free_form,
            params,
            groups,
            one_of: None,
        }))
    }

    /// The parameters of a body object's properties, leaving out `skip` (a discriminator).
    fn body_params(
        &mut self,
        resource: &str,
        op_id: &str,
        properties: &IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        skip: Option<&str>,
        schema_at: &str,
    ) -> Vec<Param> {
        let mut params = Vec::new();
        for (name, s) in properties {
            if Some(name.as_str()) == skip {
                continue;
            }
            let site = format!("{op_id}.{name}");
            let typed = self.type_of(
                view(s),
                &format!("{schema_at}/properties/{}", escape_token(name)),
                Owner {
                    name: resource,
                    field: name,
                    site: &site,
                },
            );
            params.push(Param {
                name: name.clone(),
                location: ParamLocation::Body,
                ty: typed.ty,
                required: required.contains(name),
                deprecated: typed.deprecated,
                description: typed.description,
                constraints: typed.constraints,
                required_when: vec![],
                applies_when: vec![],
                pii: typed.pii,
                default: typed.default,
            });
        }
        params
    }

    /// A `oneOf` request body. With a `discriminator` and object alternatives it is a
    /// [`OneOfBody`]; without a discriminator it is sent as untyped JSON, with a warning;
    /// anything else skips the operation, with a warning.
    #[allow(clippy::too_many_arguments)]
    fn one_of_body(
        &mut self,
        resource: &str,
        op_id: &str,
        schema: &oa::Schema,
        parts: &[ReferenceOr<oa::Schema>],
        content_type: ContentType,
        required: bool,
        (name, at): (&str, &str),
    ) -> Option<Body> {
        if content_type != ContentType::Json {
            self.warn(
                at,
                "`oneOf` in a form body is not supported; the operation is skipped",
            );
            return None;
        }
        let untyped = Body {
            content_type,
            required,
            free_form: true,
            params: vec![],
            groups: vec![],
            one_of: None,
        };
        let Some(discriminator) = &schema.schema_data.discriminator else {
            self.warn(
                at,
                "`oneOf` without a `discriminator`: the body is sent as untyped JSON",
            );
            return Some(untyped);
        };
        let property = discriminator.property_name.clone();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_at = format!("{at}/oneOf/{i}");
            let reference = match part {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            };
            let (resolved, component, pointer) = self.resolve_schema(view_plain(part), &part_at)?;
            let Shape::Object {
                properties,
                required,
                ..
            } = shape(&resolved).0
            else {
                self.warn(
                    pointer,
                    "a `oneOf` alternative that is not an object is not supported; the operation is skipped",
                );
                return None;
            };
            let single_value = properties.get(&property).and_then(|p| {
                let values = match p {
                    ReferenceOr::Item(s) => match &s.schema_kind {
                        oa::SchemaKind::Type(oa::Type::String(st)) => {
                            st.enumeration.iter().flatten().cloned().collect::<Vec<_>>()
                        }
                        _ => vec![],
                    },
                    ReferenceOr::Reference { .. } => vec![],
                };
                (values.len() == 1).then(|| values[0].clone())
            });
            let variant_name = component
                .clone()
                .unwrap_or_else(|| format!("{name}_{}", i + 1));
            let tag = discriminator
                .mapping
                .iter()
                .find(|(_, target)| Some(target.as_str()) == reference)
                .map(|(tag, _)| tag.clone())
                .or(single_value)
                .unwrap_or_else(|| variant_name.clone());
            if variants.iter().any(|v: &OneOfVariant| v.tag == tag) {
                self.warn(
                    pointer,
                    format!("two `oneOf` alternatives share the discriminator value `{tag}`; the operation is skipped"),
                );
                return None;
            }
            let params = self.body_params(
                resource,
                op_id,
                properties,
                required,
                Some(&property),
                &pointer,
            );
            variants.push(OneOfVariant {
                tag,
                name: snake(&variant_name),
                description: non_empty(resolved.schema_data.description.as_ref()),
                params,
                pointer,
            });
        }
        Some(Body {
            one_of: Some(OneOfBody {
                name: snake(name),
                description: non_empty(schema.schema_data.description.as_ref()),
                discriminator: property,
                variants,
                pointer: at.to_owned(),
            }),
            free_form: false,
            ..untyped
        })
    }

    fn response(
        &mut self,
        op_id: &str,
        kind: OperationKind,
        op: &'a oa::Operation,
        pointer: &str,
    ) -> Response {
        let mut best: Option<(u16, &'a ReferenceOr<oa::Response>, String)> = None;
        for (code, resp) in &op.responses.responses {
            let status = match code {
                oa::StatusCode::Code(c @ 200..=299) => *c,
                oa::StatusCode::Range(2) => 200,
                _ => continue,
            };
            if best.as_ref().is_none_or(|(s, _, _)| status < *s) {
                best = Some((
                    status,
                    resp,
                    format!("{pointer}/responses/{}", escape_token(&code.to_string())),
                ));
            }
        }
        let Some((status, resp, at)) = best else {
            self.warn(
                format!("{pointer}/responses"),
                "no success (2xx) response; the result is ignored",
            );
            return Response::Empty { status: 200 };
        };
        let (resp, at): (Cow<'a, oa::Response>, String) = match resp {
            ReferenceOr::Item(r) => (Cow::Borrowed(r), at),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|n| self.components()?.responses.get(&unescape(n)))
                    .and_then(|r| r.as_item())
                    .map(Cow::Borrowed)
                    .or_else(|| self.deserialize_at(reference).map(Cow::Owned));
                match found {
                    Some(r) => (r, reference.trim_start_matches('#').to_owned()),
                    None => {
                        self.warn(
                            at,
                            format!(
                                "`$ref` `{reference}` is not a response; the result is ignored"
                            ),
                        );
                        return Response::Empty { status };
                    }
                }
            }
        };
        let json = resp
            .content
            .iter()
            .find(|(k, _)| k.as_str() == "application/json" || k.ends_with("+json"));
        let Some((media_key, media)) = json else {
            if let Some(k) = resp.content.keys().next() {
                self.warn(
                    format!("{at}/content"),
                    format!("response type `{k}` is not supported; the body is ignored"),
                );
            }
            return Response::Empty { status };
        };
        let Some(schema) = &media.schema else {
            return Response::Value {
                status,
                ty: Type::Json,
            };
        };
        let schema_at = format!("{at}/content/{}/schema", escape_token(media_key));
        if kind == OperationKind::List {
            if let Some(page) = self.page(op_id, view_plain(schema), &schema_at, status) {
                return page;
            }
        }
        let site = format!("{op_id}.response");
        let op_snake = snake(op_id);
        let typed = self.type_of(
            view_plain(schema),
            &schema_at,
            Owner {
                name: &op_snake,
                field: "response",
                site: &site,
            },
        );
        Response::Value {
            status,
            ty: typed.ty,
        }
    }

    /// Twilio's list envelopes: `{"meta": {...}, "<key>": [items]}`, or API v2010's
    /// top-level paging properties (`next_page_uri`, `page_size`, ...) beside the one array
    /// of items. An object with one array property and neither is no page.
    fn page<'s>(
        &mut self,
        op_id: &str,
        schema: SchemaRef<'s>,
        at: &str,
        status: u16,
    ) -> Option<Response>
    where
        'a: 's,
    {
        let (resolved, _, at) = self.resolve_schema(schema, at)?;
        let resolved: &oa::Schema = &resolved;
        let (Shape::Object { properties, .. }, _) = shape(resolved) else {
            return None;
        };
        let paging = if properties.contains_key("meta") {
            PageStyle::Meta
        } else if properties.contains_key("next_page_uri") {
            PageStyle::V2010
        } else {
            return None;
        };
        let arrays: Vec<(&String, &ReferenceOr<Box<oa::Schema>>)> = properties
            .iter()
            .filter(|(k, _)| k.as_str() != "meta")
            .filter(|(_, s)| matches!(s, ReferenceOr::Item(s) if matches!(shape(s).0, Shape::Array { .. })))
            .collect();
        let [(key, items_schema)] = arrays.as_slice() else {
            return None;
        };
        let ReferenceOr::Item(array) = items_schema else {
            return None;
        };
        let (Shape::Array { items, .. }, _) = shape(array) else {
            return None;
        };
        let site = format!("{op_id}.{key}");
        let op_snake = snake(op_id);
        let item = match items {
            Some(items) => {
                self.type_of(
                    view(items),
                    &format!("{at}/properties/{}/items", escape_token(key)),
                    Owner {
                        name: &op_snake,
                        field: key,
                        site: &site,
                    },
                )
                .ty
            }
            None => Type::Json,
        };
        Some(Response::Page {
            status,
            key: (*key).clone(),
            item,
            paging,
        })
    }

    /// Follows `$ref`s to a schema. Returns the schema, the component name it came from (if
    /// any) and its pointer.
    fn resolve_schema<'s>(
        &mut self,
        s: SchemaRef<'s>,
        at: &str,
    ) -> Option<(Cow<'s, oa::Schema>, Option<String>, String)>
    where
        'a: 's,
    {
        let mut reference = match s {
            SchemaRef::Item(s) => return Some((Cow::Borrowed(s), None, at.to_owned())),
            SchemaRef::Ref(r) => r.to_owned(),
        };
        for _ in 0..32 {
            if let Some(name) = reference
                .strip_prefix(COMPONENT_SCHEMAS)
                .filter(|n| !n.contains('/'))
            {
                let name = unescape(name);
                let Some(found) = self.components().and_then(|c| c.schemas.get(&name)) else {
                    self.warn(at, format!("`$ref` `{reference}` does not resolve to a schema; typed as untyped JSON"));
                    return None;
                };
                match found {
                    ReferenceOr::Item(s) => {
                        let pointer = format!("/components/schemas/{}", escape_token(&name));
                        return Some((Cow::Borrowed(s), Some(name), pointer));
                    }
                    ReferenceOr::Reference { reference: next } => reference = next.clone(),
                }
            } else {
                match self.deserialize_at::<ReferenceOr<oa::Schema>>(&reference) {
                    Some(ReferenceOr::Item(s)) => {
                        let pointer = reference.trim_start_matches('#').to_owned();
                        return Some((Cow::Owned(s), None, pointer));
                    }
                    Some(ReferenceOr::Reference { reference: next }) => reference = next,
                    None => {
                        self.warn(
                            at,
                            format!("`$ref` `{reference}` is not a schema; typed as untyped JSON"),
                        );
                        return None;
                    }
                }
            }
        }
        self.warn(
            at,
            format!(
                "`$ref` chain from `{reference}` is too long or circular; typed as untyped JSON"
            ),
        );
        None
    }

    fn type_of<'s>(&mut self, s: SchemaRef<'s>, at: &str, owner: Owner<'_>) -> Typed
    where
        'a: 's,
    {
        let Some((schema, component, schema_at)) = self.resolve_schema(s, at) else {
            return Typed::json();
        };
        let data = &schema.schema_data;
        let mut typed = Typed {
            ty: Type::Json,
            nullable: data.nullable,
            description: non_empty(data.description.as_ref()),
            constraints: Constraints::default(),
            pii: pii_of(&data.extensions),
            deprecated: data.deprecated,
            default: data.default.clone(),
        };
        let (shape, typed_format) = shape(&schema);
        match shape {
            Shape::String {
                format,
                pattern,
                values,
                min_length,
                max_length,
            } => {
                let format = format.map(str::to_owned).or(typed_format);
                typed.constraints.min_length = min_length.map(|v| v as u64);
                typed.constraints.max_length = max_length.map(|v| v as u64);
                typed.constraints.pattern = pattern.map(str::to_owned);
                let sid_prefix = pattern.and_then(sid::sid_prefix);
                typed.ty = if !values.is_empty() {
                    Type::Enum(self.register_enum(
                        component.as_deref(),
                        &values,
                        typed.description.clone(),
                        &schema_at,
                        owner,
                    ))
                } else if let Some(prefix) = sid_prefix {
                    self.sid_uses.push(SidUse {
                        prefix: prefix.to_owned(),
                        pattern: pattern.unwrap_or_default().to_owned(),
                        candidate: sid::candidate_name(
                            owner.name,
                            &snake(last_segment(owner.field)),
                        ),
                        site: owner.site.to_owned(),
                    });
                    Type::Sid(prefix.to_owned())
                } else {
                    match format.as_deref() {
                        Some("date-time") => Type::DateTime,
                        Some("date-time-rfc-2822") => Type::DateTimeRfc2822,
                        Some("date") => Type::Date,
                        Some("uri") | Some("url") => Type::Uri,
                        Some("phone-number") => Type::PhoneNumber,
                        Some("currency") => Type::Currency,
                        Some(other) => {
                            typed.constraints.format = Some(other.to_owned());
                            Type::String
                        }
                        None => Type::String,
                    }
                };
            }
            Shape::Integer {
                format,
                minimum,
                maximum,
                exclusive_minimum,
                exclusive_maximum,
            } => {
                let format = format.map(str::to_owned).or(typed_format);
                typed.ty = if format.as_deref() == Some("int64") {
                    Type::Int64
                } else {
                    Type::Integer
                };
                typed.constraints.minimum = minimum;
                typed.constraints.maximum = maximum;
                typed.constraints.exclusive_minimum = exclusive_minimum;
                typed.constraints.exclusive_maximum = exclusive_maximum;
            }
            Shape::Number {
                minimum,
                maximum,
                exclusive_minimum,
                exclusive_maximum,
            } => {
                typed.ty = Type::Number;
                typed.constraints.minimum = minimum;
                typed.constraints.maximum = maximum;
                typed.constraints.exclusive_minimum = exclusive_minimum;
                typed.constraints.exclusive_maximum = exclusive_maximum;
            }
            Shape::Boolean => typed.ty = Type::Boolean,
            Shape::Object {
                format,
                properties,
                required,
                additional,
            } => {
                typed.ty = if !properties.is_empty() {
                    let name = match &component {
                        Some(c) => self
                            .component_models
                            .get(c)
                            .cloned()
                            .unwrap_or_else(|| snake(c)),
                        None => self.inline_model_name(&schema_at, owner),
                    };
                    self.model(
                        &name,
                        component.as_deref(),
                        &schema,
                        properties,
                        required,
                        &schema_at,
                    );
                    Type::Model(name)
                } else if format == Some("uri-map") {
                    Type::Map(Box::new(Type::Uri))
                } else {
                    match additional {
                        Some(oa::AdditionalProperties::Schema(inner)) => {
                            let inner_at = format!("{schema_at}/additionalProperties");
                            let t = self.type_of(view_plain(inner.as_ref()), &inner_at, owner);
                            Type::Map(Box::new(t.ty))
                        }
                        _ => Type::Object,
                    }
                };
            }
            Shape::Array {
                items,
                min_items,
                max_items,
            } => {
                typed.constraints.min_items = min_items.map(|v| v as u64);
                typed.constraints.max_items = max_items.map(|v| v as u64);
                let inner = match items {
                    Some(items) => {
                        let t = self.type_of(view(items), &format!("{schema_at}/items"), owner);
                        if typed.description.is_none() {
                            typed.description = t.description;
                        }
                        t.ty
                    }
                    None => Type::Json,
                };
                typed.ty = Type::Array(Box::new(inner));
            }
            Shape::Composite(keyword, parts) => {
                if keyword == "allOf" && parts.len() == 1 {
                    let inner = self.type_of(
                        view_plain(&parts[0]),
                        &format!("{schema_at}/allOf/0"),
                        owner,
                    );
                    typed.ty = inner.ty;
                    typed.constraints = inner.constraints;
                    typed.description = typed.description.or(inner.description);
                } else if keyword == "oneOf" {
                    match self.union(component.as_deref(), &schema, parts, &schema_at, owner) {
                        Some(name) => typed.ty = Type::Union(name),
                        // Responses are read leniently, so alternatives of objects whose
                        // fields are all optional cannot be told apart without a
                        // discriminator: the value stays JSON.
                        None => self.warn(
                            schema_at.clone(),
                            "`oneOf` without a `discriminator` over named object schemas is typed as untyped JSON (`serde_json::Value`)",
                        ),
                    }
                } else {
                    self.warn(
                        schema_at.clone(),
                        format!("`{keyword}` is not supported; typed as untyped JSON"),
                    );
                }
            }
            Shape::Not => self.warn(
                schema_at.clone(),
                "`not` is not supported; typed as untyped JSON",
            ),
            Shape::Unknown(t) => self.warn(
                schema_at.clone(),
                format!("schema type `{t}` is not supported; typed as untyped JSON"),
            ),
            Shape::Untyped => typed.ty = Type::Json,
        }
        typed
    }

    /// A `oneOf` with a `discriminator` whose alternatives are `$ref`s to object schemas,
    /// as a [`Union`] of their models; `None` (and nothing registered) otherwise.
    fn union(
        &mut self,
        component: Option<&str>,
        schema: &oa::Schema,
        parts: &[ReferenceOr<oa::Schema>],
        at: &str,
        owner: Owner<'_>,
    ) -> Option<String> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        if let Some(name) = self.union_at.get(at) {
            return Some(name.clone());
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let ReferenceOr::Reference { reference } = part else {
                return None;
            };
            let t = self.type_of(view_plain(part), &format!("{at}/oneOf/{i}"), owner);
            let Type::Model(model) = t.ty else {
                return None;
            };
            let tag = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference)
                .map(|(tag, _)| tag.clone())
                .unwrap_or_else(|| unescape(reference.rsplit('/').next().unwrap_or(reference)));
            if variants.iter().any(|v| v.tag == tag) {
                return None;
            }
            variants.push(UnionVariant { tag, model });
        }
        let base = match component {
            Some(c) => snake(c),
            None => format!("{}_{}", owner.name, snake(last_segment(owner.field))),
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.unions.contains_key(&name) || self.models.contains_key(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.union_at.insert(at.to_owned(), name.clone());
        self.unions.insert(
            name.clone(),
            Union {
                name: name.clone(),
                description: non_empty(schema.schema_data.description.as_ref()),
                discriminator: discriminator.property_name.clone(),
                variants,
                pointer: at.to_owned(),
            },
        );
        Some(name)
    }

    fn inline_model_name(&mut self, at: &str, owner: Owner<'_>) -> String {
        if let Some(n) = self.inline_models.get(at) {
            return n.clone();
        }
        let base = format!("{}_{}", owner.name, snake(last_segment(owner.field)));
        let mut name = base.clone();
        let mut n = 2;
        let taken = |x: &str, b: &Builder| {
            b.models.contains_key(x) || b.component_models.values().any(|v| v == x)
        };
        while taken(&name, self) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.inline_models.insert(at.to_owned(), name.clone());
        name
    }

    fn model(
        &mut self,
        name: &str,
        component: Option<&str>,
        schema: &oa::Schema,
        properties: &IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        at: &str,
    ) {
        if self.models.contains_key(name) {
            return;
        }
        // Placeholder first: a model may refer to itself.
        self.models.insert(
            name.to_owned(),
            Model {
                name: name.to_owned(),
                schema: component.map(str::to_owned),
                description: non_empty(schema.schema_data.description.as_ref()),
                fields: vec![],
                pointer: at.to_owned(),
            },
        );
        let mut fields = Vec::new();
        for (prop, s) in properties {
            let site = format!("{name}.{prop}");
            let prop_at = format!("{at}/properties/{}", escape_token(prop));
            let typed = self.type_of(
                view(s),
                &prop_at,
                Owner {
                    name,
                    field: prop,
                    site: &site,
                },
            );
            fields.push(Field {
                name: prop.clone(),
                ty: typed.ty,
                nullable: typed.nullable || (!required.is_empty() && !required.contains(prop)),
                description: typed.description,
                constraints: typed.constraints,
                pii: typed.pii,
                deprecated: typed.deprecated,
                default: typed.default,
            });
        }
        if let Some(m) = self.models.get_mut(name) {
            m.fields = fields;
        }
    }

    fn register_enum(
        &mut self,
        component: Option<&str>,
        values: &[String],
        description: Option<String>,
        at: &str,
        owner: Owner<'_>,
    ) -> String {
        let base = match component {
            Some(c) => snake(c),
            None => format!("{}_enum_{}", owner.name, snake(last_segment(owner.field))),
        };
        let mut name = base.clone();
        let mut n = 2;
        loop {
            match self.enums.get(&name) {
                Some(e) if e.values == values => return name,
                Some(_) => {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                None => break,
            }
        }
        let short_name = match name.split_once("_enum_") {
            Some((_, s)) if !s.is_empty() => s.to_owned(),
            _ => name.clone(),
        };
        self.enums.insert(
            name.clone(),
            EnumType {
                name: name.clone(),
                short_name,
                description,
                values: values.to_vec(),
                pointer: at.to_owned(),
            },
        );
        name
    }
}

fn has_indexed(g: &ParamGroup) -> bool {
    g.groups
        .iter()
        .any(|s| s.indexed.is_some() || has_indexed(s))
}

fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
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

/// `https://flex-api.twilio.com` -> `flex`.
fn domain_of(base_url: &str) -> String {
    let host = base_url.split("://").nth(1).unwrap_or(base_url);
    let host = host.split(['/', ':']).next().unwrap_or(host);
    let label = host.split('.').next().unwrap_or(host);
    let label = label.strip_suffix("-api").unwrap_or(label);
    let s = snake(label);
    if s.is_empty() {
        "api".to_owned()
    } else {
        s
    }
}

/// `/v1/FlexFlows` -> `v1`; `/2010-04-01/Accounts` -> `v2010`; else `v1`.
fn version_of(path: &str) -> String {
    let first = path.split('/').find(|s| !s.is_empty()).unwrap_or("");
    super::path::version_of_segment(first).unwrap_or_else(|| "v1".to_owned())
}

/// A default read from prose as a value of the parameter's type; `None` when it is not one
/// (a boolean default that is not `true`/`false`, a value outside the enum, ...).
fn typed_default(
    text: &str,
    ty: &Type,
    enum_values: Option<&[String]>,
) -> Option<serde_json::Value> {
    use serde_json::Value;
    match ty {
        Type::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Type::Integer | Type::Int64 => text.parse::<i64>().ok().map(Value::from),
        Type::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Type::Enum(_) => enum_values
            .is_some_and(|v| v.iter().any(|x| x == text))
            .then(|| Value::from(text)),
        Type::String => Some(Value::from(text)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_operation_ids_then_methods() {
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

    #[test]
    fn domain_and_version() {
        assert_eq!(domain_of("https://flex-api.twilio.com"), "flex");
        assert_eq!(domain_of("https://api.twilio.com"), "api");
        assert_eq!(domain_of("https://studio.twilio.com/"), "studio");
        assert_eq!(version_of("/v1/FlexFlows"), "v1");
        assert_eq!(version_of("/2010-04-01/Accounts.json"), "v2010");
    }
}
