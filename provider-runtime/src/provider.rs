//! The provider: its configuration (with environment fallbacks), the client it builds, and
//! the resources and data sources it serves.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use twilio_runtime::{Client, Credentials};

use crate::def::ProviderDef;
use crate::diag::Diagnostics;
use crate::ops::Operations;
use crate::proto::tfplugin6 as tf;
use crate::resource::{GenericDataSource, GenericResource, Shared, SharedClient};
use crate::schema;
use crate::value::{Dyn, Ty};

/// A provider setting: the configuration's value, else the environment's. Empty values
/// count as unset.
fn setting(config: &Dyn, name: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let var = twilio_provider_def::SETTINGS
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.env)
        .unwrap_or_default();
    config
        .get(name)
        .as_str()
        .map(str::to_owned)
        .filter(|s| !s.is_empty())
        .or_else(|| env(var).filter(|s| !s.is_empty()))
}

/// Builds the client from the provider configuration and the environment (`env` reads a
/// variable). Errors name what is missing; they never contain a secret.
pub fn client_from(
    config: &Dyn,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Client, (String, String)> {
    let get = |name: &str| setting(config, name, env);
    let credentials =
        match (get("api_key"), get("api_secret")) {
            (Some(key), Some(secret)) => Credentials::api_key(key, secret),
            (Some(_), None) => {
                return Err((
                    "Missing Twilio API secret".to_owned(),
                    "`api_key` is set but `api_secret` is not: set `api_secret` in the provider \
                 block or TWILIO_API_SECRET in the environment."
                        .to_owned(),
                ))
            }
            (None, Some(_)) => return Err((
                "Missing Twilio API key".to_owned(),
                "`api_secret` is set but `api_key` is not: set `api_key` in the provider block \
                 or TWILIO_API_KEY in the environment."
                    .to_owned(),
            )),
            (None, None) => match (get("account_sid"), get("auth_token")) {
                (Some(sid), Some(token)) => Credentials::auth_token(sid, token),
                (sid, token) => {
                    let mut missing = Vec::new();
                    if sid.is_none() {
                        missing.push("`account_sid` (TWILIO_ACCOUNT_SID)");
                    }
                    if token.is_none() {
                        missing.push("`auth_token` (TWILIO_AUTH_TOKEN)");
                    }
                    return Err((
                        "Missing Twilio credentials".to_owned(),
                        format!(
                            "No credentials: {} not set. Set `account_sid` and `auth_token`, or \
                         `api_key` and `api_secret`, in the provider block or in the environment.",
                            missing.join(" and ")
                        ),
                    ));
                }
            },
        };
    let mut builder = Client::builder().credentials(credentials);
    if let Some(url) = get("base_url") {
        builder = builder.base_url(url);
    }
    if let Some(url) = get("local_twilio") {
        builder = builder.local_twilio(url);
    }
    if let Some(region) = get("region") {
        builder = builder.region(region);
    }
    if let Some(edge) = get("edge") {
        builder = builder.edge(edge);
    }
    builder.build().map_err(|e| {
        (
            "Invalid Twilio provider configuration".to_owned(),
            e.to_string(),
        )
    })
}

/// The generated provider: its definition and one [`Operations`] per resource type.
pub struct TwilioProvider {
    def: ProviderDef,
    ops: HashMap<String, Arc<dyn Operations>>,
    client: SharedClient,
    schema: Result<Schemas, String>,
}

struct Schemas {
    provider: tf::Schema,
    /// Each resource's schema and the type of its states.
    resources: HashMap<String, (tf::Schema, Ty)>,
    data_sources: HashMap<String, DataSourceSchema>,
}

/// A data source's schema, its attributes with their types, and the type of its values.
type DataSourceSchema = (tf::Schema, Vec<(String, Ty)>, Ty);

/// Sets the types of a block's attributes, and of its nested blocks', from its schema.
fn block_types(
    b: &mut crate::def::BlockDef,
    inner: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    for a in &mut b.attributes {
        a.ty = Ty::from_json(&inner["attributes"][&a.name]["type"])
            .map_err(|e| format!("{at}.{}.{}: {e}", b.name, a.name))?;
    }
    let here = format!("{at}.{}", b.name);
    for sub in &mut b.blocks {
        block_types(sub, &inner["block_types"][&sub.name]["block"], &here)?;
    }
    Ok(())
}

/// The provider's part of the providers schema document, under its address.
fn provider_doc<'d>(
    def: &ProviderDef,
    doc: &'d serde_json::Value,
) -> Result<&'d serde_json::Value, String> {
    doc.get("provider_schemas")
        .and_then(|p| p.get(&def.address))
        .ok_or_else(|| {
            format!(
                "the providers schema document has no provider `{}`",
                def.address
            )
        })
}

fn schemas(def: &mut ProviderDef, doc: &serde_json::Value) -> Result<Schemas, String> {
    let doc = provider_doc(def, doc)?.clone();
    let provider = schema::schema(&doc["provider"], "provider")?;
    let mut resources = HashMap::new();
    for (name, r) in def.resources.iter_mut() {
        let s = &doc["resource_schemas"][name];
        let block = &s["block"];
        let ty = schema::block_ty(block).map_err(|e| format!("{name}.{e}"))?;
        resources.insert(name.clone(), (schema::schema(s, name)?, ty));
        // Types of each attribute, from the schema.
        for a in &mut r.attributes {
            a.ty = Ty::from_json(&block["attributes"][&a.name]["type"])
                .map_err(|e| format!("{name}.{}: {e}", a.name))?;
        }
        for b in &mut r.blocks {
            block_types(b, &block["block_types"][&b.name]["block"], name)?;
        }
    }
    let mut data_sources = HashMap::new();
    for name in def.data_sources.keys() {
        let s = &doc["data_source_schemas"][name];
        let mut attrs = Vec::new();
        if let Some(m) = s["block"]["attributes"].as_object() {
            for (a, v) in m {
                attrs.push((
                    a.clone(),
                    Ty::from_json(&v["type"]).map_err(|e| format!("{name}.{a}: {e}"))?,
                ));
            }
        }
        let ty = schema::block_ty(&s["block"]).map_err(|e| format!("{name}.{e}"))?;
        data_sources.insert(name.clone(), (schema::schema(s, name)?, attrs, ty));
    }
    Ok(Schemas {
        provider,
        resources,
        data_sources,
    })
}

/// Whether the operations and the definition describe the same resources with the same
/// arguments: each type's operations were compiled against the arguments its definition
/// gives them ([`Operations::arguments`]), and the definition read now must give exactly
/// those.
fn check_arguments(def: &ProviderDef, ops: &[(&str, Arc<dyn Operations>)]) -> Result<(), String> {
    for (name, o) in ops {
        let r = def
            .resources
            .get(*name)
            .ok_or_else(|| format!("`{name}` has operations but no definition"))?;
        let compiled: std::collections::BTreeSet<&str> = o.arguments().iter().copied().collect();
        let defined: std::collections::BTreeSet<&str> = r.arguments().into_iter().collect();
        if compiled != defined {
            let only = |a: &std::collections::BTreeSet<&str>,
                        b: &std::collections::BTreeSet<&str>| {
                a.difference(b).copied().collect::<Vec<_>>().join(", ")
            };
            return Err(format!(
                "the operations of `{name}` were built for other arguments than its definition \
                 gives (only in the operations: [{}]; only in the definition: [{}]): \
                 regenerate the provider",
                only(&compiled, &defined),
                only(&defined, &compiled)
            ));
        }
    }
    match def
        .resources
        .keys()
        .find(|n| !ops.iter().any(|(o, _)| o == n))
    {
        Some(n) => Err(format!("`{n}` has a definition but no operations")),
        None => Ok(()),
    }
}

impl TwilioProvider {
    /// A provider from the generated definition (`provider.json`), the providers schema
    /// document (`providers-schema.json`) and the operations of each resource type. A
    /// definition or document that does not read, or operations that do not fit the
    /// definition, are reported to Terraform as an error diagnostic when it asks for the
    /// schema.
    pub fn new(def_json: &str, schema_json: &str, ops: Vec<(&str, Arc<dyn Operations>)>) -> Self {
        let parsed: Result<(ProviderDef, serde_json::Value), String> =
            serde_json::from_str(def_json)
                .map_err(|e| format!("provider.json: {e}"))
                .and_then(|def| {
                    serde_json::from_str(schema_json)
                        .map(|doc| (def, doc))
                        .map_err(|e| format!("providers-schema.json: {e}"))
                });
        let (def, schema) = match parsed {
            Ok((mut def, doc)) => {
                let s = check_arguments(&def, &ops).and_then(|()| schemas(&mut def, &doc));
                (def, s)
            }
            Err(e) => (
                ProviderDef {
                    name: String::new(),
                    address: String::new(),
                    resources: Default::default(),
                    data_sources: Default::default(),
                },
                Err(e),
            ),
        };
        TwilioProvider {
            def,
            ops: ops.into_iter().map(|(n, o)| (n.to_owned(), o)).collect(),
            client: Arc::new(RwLock::new(None)),
            schema,
        }
    }

    /// The provider's local name (`twilio`), the prefix of every type name.
    pub fn name(&self) -> &str {
        &self.def.name
    }

    fn shared(&self, name: &str) -> Option<Arc<Shared>> {
        let def = self.def.resources.get(name)?.clone();
        let ops = self.ops.get(name)?.clone();
        let mut wire = HashMap::new();
        for a in &def.attributes {
            for w in &a.wire {
                wire.insert(w.clone(), vec![a.name.clone()]);
            }
        }
        fn block_wire(
            b: &crate::def::BlockDef,
            path: &[String],
            wire: &mut HashMap<String, Vec<String>>,
        ) {
            let mut here = path.to_vec();
            here.push(b.name.clone());
            for a in &b.attributes {
                for w in &a.wire {
                    let mut p = here.clone();
                    p.push(a.name.clone());
                    wire.insert(w.clone(), p);
                }
            }
            for sub in &b.blocks {
                block_wire(sub, &here, wire);
            }
        }
        for b in &def.blocks {
            block_wire(b, &[], &mut wire);
        }
        Some(Arc::new(Shared {
            name: name.to_owned(),
            def,
            ops,
            client: self.client.clone(),
            wire,
        }))
    }
}

/// The provider's part of the plugin protocol.
impl TwilioProvider {
    /// The provider block's schema (`None`, with the reason in `diags`, when the generated
    /// definition does not read).
    pub fn schema(&self, diags: &mut Diagnostics) -> Option<tf::Schema> {
        match &self.schema {
            Ok(s) => Some(s.provider.clone()),
            Err(e) => {
                crate::diag::root(
                    diags,
                    "The provider's generated schema is invalid",
                    e.clone(),
                );
                None
            }
        }
    }

    /// ConfigureProvider: builds the client from the configuration and the environment.
    pub fn configure(&self, diags: &mut Diagnostics, config: &Dyn) {
        let env = |name: &str| std::env::var(name).ok();
        match client_from(config, &env) {
            Ok(client) => {
                if let Ok(mut slot) = self.client.write() {
                    *slot = Some(client);
                }
            }
            Err((summary, detail)) => crate::diag::root(diags, summary, detail),
        }
    }

    /// The managed resources by type name (`twilio_flex_flow`).
    pub fn resources(&self, diags: &mut Diagnostics) -> HashMap<String, GenericResource> {
        let mut out = HashMap::new();
        // A definition that does not read is reported once, with the provider's schema.
        let Ok(schemas) = &self.schema else {
            return out;
        };
        for name in self.def.resources.keys() {
            let (Some(shared), Some((schema, ty))) =
                (self.shared(name), schemas.resources.get(name))
            else {
                crate::diag::root(
                    diags,
                    format!("The provider has no operations for `{name}`"),
                    "The generated crate and its provider.json disagree.",
                );
                continue;
            };
            out.insert(
                name.clone(),
                GenericResource {
                    shared,
                    schema: schema.clone(),
                    ty: ty.clone(),
                },
            );
        }
        out
    }

    /// The data sources by type name.
    pub fn data_sources(&self, diags: &mut Diagnostics) -> HashMap<String, GenericDataSource> {
        let mut out = HashMap::new();
        let Ok(schemas) = &self.schema else {
            return out;
        };
        for (name, ds) in &self.def.data_sources {
            let (Some(shared), Some((schema, attributes, ty))) =
                (self.shared(&ds.resource), schemas.data_sources.get(name))
            else {
                crate::diag::root(
                    diags,
                    format!("The provider has no operations for data source `{name}`"),
                    "The generated crate and its provider.json disagree.",
                );
                continue;
            };
            out.insert(
                name.clone(),
                GenericDataSource {
                    shared,
                    schema: schema.clone(),
                    attributes: attributes.clone(),
                    ty: ty.clone(),
                },
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Dyn {
        let mut c = Dyn::Null;
        for (k, v) in pairs {
            c.set(k, Dyn::String((*v).to_owned()));
        }
        c
    }

    /// Operations built for the arguments given; they are never called.
    struct Reads(&'static [&'static str]);

    #[crate::async_trait]
    impl Operations for Reads {
        fn arguments(&self) -> &'static [&'static str] {
            self.0
        }
        async fn create(
            &self,
            _: &Client,
            _: &crate::Args,
        ) -> Result<serde_json::Value, crate::Failure> {
            Ok(serde_json::Value::Null)
        }
        async fn read(
            &self,
            _: &Client,
            _: &crate::Args,
        ) -> Result<serde_json::Value, crate::Failure> {
            Ok(serde_json::Value::Null)
        }
        async fn update(
            &self,
            _: &Client,
            _: &crate::Args,
        ) -> Option<Result<serde_json::Value, crate::Failure>> {
            None
        }
        async fn delete(&self, _: &Client, _: &crate::Args) -> Result<(), crate::Failure> {
            Ok(())
        }
    }

    #[test]
    fn operations_are_built_for_the_arguments_the_definition_gives() {
        let def: ProviderDef = serde_json::from_value(serde_json::json!({
            "name": "twilio",
            "address": "registry.terraform.io/twilio/twilio",
            "resources": {"twilio_flow": {
                "id_source": "sid",
                "import": [{"literal": "Flows"}, {"attribute": "sid"}],
                "attributes": [
                    {"name": "id", "mode": "computed"},
                    {"name": "sid", "mode": "computed"},
                    {"name": "friendly_name", "mode": "required", "arg": "friendly_name"},
                ],
                "blocks": [{"name": "integration", "attributes": []}],
            }},
        }))
        .expect("a definition");
        let ops = |keys: &'static [&'static str]| -> Vec<(&str, Arc<dyn Operations>)> {
            vec![("twilio_flow", Arc::new(Reads(keys)))]
        };
        assert_eq!(
            check_arguments(&def, &ops(&["friendly_name", "id", "integration"])),
            Ok(())
        );
        let e = check_arguments(&def, &ops(&["id", "friendly", "integration"])).unwrap_err();
        assert!(
            e.contains(
                "only in the operations: [friendly]; only in the definition: [friendly_name]"
            ),
            "{e}"
        );
        // A computed value is no argument; every argument must be there.
        assert!(
            check_arguments(&def, &ops(&["friendly_name", "id", "integration", "sid"])).is_err()
        );
        assert!(check_arguments(&def, &ops(&["friendly_name", "id"])).is_err());
        let e = check_arguments(&def, &[]).unwrap_err();
        assert!(
            e.contains("`twilio_flow` has a definition but no operations"),
            "{e}"
        );
        let other: Vec<(&str, Arc<dyn Operations>)> = vec![
            (
                "twilio_flow",
                Arc::new(Reads(&["friendly_name", "id", "integration"])),
            ),
            ("twilio_x", Arc::new(Reads(&[]))),
        ];
        let e = check_arguments(&def, &other).unwrap_err();
        assert!(
            e.contains("`twilio_x` has operations but no definition"),
            "{e}"
        );
        // The provider reports it to Terraform instead of serving a schema.
        let provider = TwilioProvider::new(
            &serde_json::to_string(&def).expect("json"),
            "{}",
            ops(&["nope"]),
        );
        assert!(provider.schema.is_err());
    }

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn configuration_wins_over_the_environment() {
        let env = env_of(&[
            ("TWILIO_ACCOUNT_SID", "ACenv"),
            ("TWILIO_AUTH_TOKEN", "env-token"),
        ]);
        let c = client_from(&config(&[("account_sid", "ACcfg")]), &env).unwrap();
        let shown = format!("{c:?}");
        assert!(shown.contains("ACcfg"), "{shown}");
        assert!(!shown.contains("ACenv"), "{shown}");
        assert!(!shown.contains("env-token"), "the token leaked: {shown}");
    }

    #[test]
    fn missing_credentials_are_named() {
        let env = env_of(&[]);
        let (summary, detail) =
            client_from(&config(&[("auth_token", "secret-x")]), &env).unwrap_err();
        assert_eq!(summary, "Missing Twilio credentials");
        assert!(
            detail.contains("`account_sid` (TWILIO_ACCOUNT_SID)"),
            "{detail}"
        );
        assert!(!detail.contains("auth_token` (TWILIO"), "{detail}");
        assert!(!detail.contains("secret-x"));
        let (summary, _) = client_from(&config(&[("api_key", "SK1")]), &env).unwrap_err();
        assert_eq!(summary, "Missing Twilio API secret");
    }

    #[test]
    fn empty_values_fall_back_to_the_environment() {
        let env = env_of(&[
            ("TWILIO_ACCOUNT_SID", "ACenv"),
            ("TWILIO_AUTH_TOKEN", "t"),
            ("TWILIO_BASE_URL", "not a url"),
        ]);
        let (summary, detail) = client_from(&config(&[("account_sid", "")]), &env).unwrap_err();
        assert_eq!(summary, "Invalid Twilio provider configuration");
        assert!(detail.contains("not a url"), "{detail}");
    }
}
