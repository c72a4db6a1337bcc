//! Paths grouped into resources: path classification, `x-twilio` hints, resource names and
//! the model a resource's responses share.

use super::shape::{shape, Shape};
use super::*;

/// Whether a path is a collection or one item, by `x-twilio.pathType` or by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PathType {
    List,
    Instance,
}

/// What the builder knows about one path before it builds operations.
pub(super) struct PathInfo<'a> {
    pub(super) path: PathTemplate,
    pub(super) item: &'a oa::PathItem,
    pub(super) path_type: PathType,
    pub(super) pointer: String,
    pub(super) xt: XTwilio,
}

#[derive(Default)]
pub(super) struct XTwilio {
    pub(super) mount_name: Option<String>,
    pub(super) class_name: Option<String>,
    pub(super) parent: Option<String>,
    pub(super) path_type: Option<String>,
    pub(super) dependents: Vec<Dependent>,
}

impl XTwilio {
    pub(super) fn from_extensions(ext: &IndexMap<String, serde_json::Value>) -> Self {
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

impl<'a> Builder<'a> {
    /// The spec's paths classified and grouped by collection path (`/v1/Flows` and
    /// `/v1/Flows/{Sid}` are one group), in spec order; a path that cannot be read is skipped
    /// with a warning.
    pub(super) fn group_paths(&mut self) -> IndexMap<PathTemplate, Vec<PathInfo<'a>>> {
        let spec = self.spec;
        let mut groups: IndexMap<PathTemplate, Vec<PathInfo<'a>>> = IndexMap::new();
        for (path, item) in &spec.doc.paths.paths {
            let Some(info) = self.path_info(path, item) else {
                continue;
            };
            // `{Sid}` or `{Sid}.json`: the suffix also ends the collection path (`Calls.json`).
            let collection = match info.path.collection() {
                Some(c) if info.path_type == PathType::Instance => c,
                _ => info.path.clone(),
            };
            groups.entry(collection).or_default().push(info);
        }
        groups
    }

    /// One path, parsed and classified as a list or an instance; `None`, with a warning, when
    /// it cannot be read.
    fn path_info(
        &mut self,
        path: &str,
        item: &'a ReferenceOr<oa::PathItem>,
    ) -> Option<PathInfo<'a>> {
        let pointer = format!("/paths/{}", escape_token(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                self.warn(
                    pointer,
                    "a path item given as `$ref` is not supported; the path is skipped",
                );
                return None;
            }
        };
        if !path.starts_with('/') {
            self.warn(pointer, "path does not start with `/`; skipped");
            return None;
        }
        let template = match PathTemplate::parse(path) {
            Ok(t) => t,
            Err(e) => {
                self.warn(pointer, format!("{e}; the path is skipped"));
                return None;
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
        Some(PathInfo {
            path: template,
            item,
            path_type,
            pointer,
            xt,
        })
    }

    /// The model name a resource's responses point at, found without building anything.
    pub(super) fn peek_model_name(&self, infos: &[PathInfo<'a>]) -> Option<String> {
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

    /// One resource from the paths of one collection (its list and instance paths) and their
    /// operations; `None`, with a warning, when none of its operations is supported.
    pub(super) fn resource(
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
        let name = unique_name(&base, taken);

        let first = list.or(instance).expect("a group has at least one path");
        let base_url = self.resource_base_url(first, doc_server);
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

        let operations = self.resource_operations(&name, &infos)?;
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
        let model = resource_model(&operations);
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

    /// The server of a resource's first path, else the document's; Twilio's main API host,
    /// with a warning, when neither gives one.
    fn resource_base_url(&mut self, first: &PathInfo<'a>, doc_server: Option<&str>) -> String {
        let base_url = first
            .item
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned())
            .or_else(|| doc_server.map(str::to_owned));
        match base_url {
            Some(u) => u,
            None => {
                self.warn(
                    first.pointer.clone(),
                    "no `servers` for this path or the document; using https://api.twilio.com",
                );
                "https://api.twilio.com".to_owned()
            }
        }
    }

    /// The supported operations of a resource's paths, in kind order. A second operation
    /// of a kind is skipped with a warning.
    fn resource_operations(
        &mut self,
        name: &str,
        infos: &[PathInfo<'a>],
    ) -> Result<Vec<Operation>, Error> {
        let mut operations: Vec<Operation> = Vec::new();
        for info in infos {
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
                if let Some(built) = self.operation(name, info, method, op, &pointer)? {
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
        Ok(operations)
    }

    /// A response field the spec leaves untyped (`integration: {nullable: true}`) takes the
    /// type of the dotted group with the same name (`Integration.*`), so responses decode into
    /// the same type that requests send.
    pub(super) fn type_fields_by_groups(
        &mut self,
        resource: &str,
        model: &str,
        groups: &[ParamGroup],
    ) {
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
}

fn has_indexed(g: &ParamGroup) -> bool {
    g.groups
        .iter()
        .any(|s| s.indexed.is_some() || has_indexed(s))
}

/// `base`, or `base_2`, `base_3`, ... when it is taken; the name returned is taken.
fn unique_name(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// The model of a resource: the one its fetch returns, else its create, update or list.
fn resource_model(operations: &[Operation]) -> Option<String> {
    [
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
    })
}
