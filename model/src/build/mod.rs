//! openapiv3 document -> [`Api`]. Generic over any Twilio spec: resources are found from
//! path structure and `x-twilio` hints, never from resource names.
//!
//! One [`Builder`] walks the spec; its methods are split by construct:
//! - [`resources`]: paths classified and grouped into resources;
//! - [`operations`]: one operation of a resource, its parameters by location;
//! - [`params`]: query, header and path parameters;
//! - [`bodies`]: request bodies, `oneOf` bodies included;
//! - [`responses`]: the success response, list pages, examples;
//! - [`conditions`]: what parameter descriptions say in prose;
//! - [`types`] and [`shape`]: the type of a schema;
//! - [`models`]: the models, unions and enums typing registers.
//!
//! This module holds the entry point, the builder's state and the API-level facts.

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

mod bodies;
mod conditions;
mod models;
mod operations;
mod params;
mod resources;
mod responses;
mod shape;
mod types;

/// Builds the model of a parsed spec. Unsupported constructs become warnings in
/// [`Api::warnings`]; only malformed input is an error.
pub fn build(spec: &Spec) -> Result<Api, Error> {
    Builder::new(spec).run()
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

    /// The SID properties of every component schema (used by a path or not), nested objects
    /// included, each with the name it suggests: what [`sid::assign`] names prefixes from
    /// first.
    fn declared_sids(&self) -> Vec<SidUse> {
        let Some(components) = self.components() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, schema) in &components.schemas {
            let (ReferenceOr::Item(schema), Some(model)) = (schema, self.component_models.get(key))
            else {
                continue;
            };
            let at = format!("#/components/schemas/{}", crate::error::escape_token(key));
            declared_in(schema, model, &at, 0, &mut out);
        }
        out
    }

    /// Builds the whole model: resources from the paths, then the API-level facts.
    fn run(mut self) -> Result<Api, Error> {
        let doc = &self.spec.doc;
        let auth = self.auth();
        let doc_server = doc
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned());

        // 1. Classify paths and group them into resources by their collection path.
        let groups = self.group_paths();

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
        let base_url = api_base_url(&resources, doc_server.as_deref());
        let domain = domain_of(&base_url);
        let version = version_of(
            doc.paths
                .paths
                .keys()
                .next()
                .map(String::as_str)
                .unwrap_or(""),
        );
        let name = api_name(self.file, &domain, &version);
        let sids = sid::assign(&self.sid_uses, &self.declared_sids());
        // Enums are registered as parameters and fields are typed: by name, the order does
        // not follow the order the spec lists parameters in.
        self.enums.sort_keys();

        Ok(Api {
            title: doc.info.title.clone(),
            description: non_empty(doc.info.description.as_ref()),
            spec_version: doc.info.version.clone(),
            name,
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

    fn deserialize_at<T: serde::de::DeserializeOwned>(&self, reference: &str) -> Option<T> {
        let value = lookup(&self.spec.raw, reference.strip_prefix('#')?)?;
        serde_yaml::from_value(value.clone()).ok()
    }
}

/// The SID properties of an object schema and of the objects nested in it (not through
/// `$ref`s, which are schemas of their own), named for `model`.
fn declared_in(schema: &oa::Schema, model: &str, at: &str, depth: usize, out: &mut Vec<SidUse>) {
    let oa::SchemaKind::Type(oa::Type::Object(object)) = &schema.schema_kind else {
        return;
    };
    if depth > 8 {
        return;
    }
    for (prop, value) in &object.properties {
        let ReferenceOr::Item(value) = value else {
            continue;
        };
        let here = format!("{at}/properties/{}", crate::error::escape_token(prop));
        match &value.schema_kind {
            oa::SchemaKind::Type(oa::Type::String(text)) => {
                let Some(pattern) = text.pattern.as_deref() else {
                    continue;
                };
                let Some(prefix) = sid::sid_prefix(pattern) else {
                    continue;
                };
                out.push(SidUse {
                    prefix: prefix.to_owned(),
                    pattern: pattern.to_owned(),
                    candidate: sid::candidate_name(model, &snake(prop)),
                    site: if depth == 0 {
                        here
                    } else {
                        format!("{here}/nested")
                    },
                });
            }
            oa::SchemaKind::Type(oa::Type::Object(_)) => {
                declared_in(value, model, &here, depth + 1, out);
            }
            _ => {}
        }
    }
}

fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The server most resources use (on a tie, the first met), else the document's, else
/// Twilio's main API host.
fn api_base_url(resources: &[Resource], doc_server: Option<&str>) -> String {
    let mut url_counts: IndexMap<&str, usize> = IndexMap::new();
    for r in resources {
        *url_counts.entry(r.base_url.as_str()).or_default() += 1;
    }
    url_counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(std::cmp::Ordering::Greater))
        .map(|(u, _)| (*u).to_owned())
        .or(doc_server.map(str::to_owned))
        .unwrap_or_else(|| "https://api.twilio.com".to_owned())
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

/// The API's name: the spec file's stem after `twilio_` (`twilio_iam_scim.yaml` ->
/// `iam_scim`), as twilio-oai names its files, one per API; else `<domain>_<version>` from the
/// spec's contents. Two specs whose servers and paths look alike (`twilio_iam_v1` and
/// `twilio_iam_scim`; `twilio_verify_v3`, whose paths say `v2`) keep names of their own.
fn api_name(file: &str, domain: &str, version: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.split_once('.').map_or(base, |(stem, _)| stem);
    match stem.strip_prefix("twilio_") {
        Some(name)
            if !name.is_empty()
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
        {
            name.to_owned()
        }
        _ => format!("{domain}_{version}"),
    }
}

/// `/v1/FlexFlows` -> `v1`; `/2010-04-01/Accounts` -> `v2010`; else `v1`.
fn version_of(path: &str) -> String {
    let first = path.split('/').find(|s| !s.is_empty()).unwrap_or("");
    super::path::version_of_segment(first).unwrap_or_else(|| "v1".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_and_version() {
        assert_eq!(domain_of("https://flex-api.twilio.com"), "flex");
        assert_eq!(domain_of("https://api.twilio.com"), "api");
        assert_eq!(domain_of("https://studio.twilio.com/"), "studio");
        assert_eq!(version_of("/v1/FlexFlows"), "v1");
        assert_eq!(version_of("/2010-04-01/Accounts.json"), "v2010");
    }

    #[test]
    fn the_api_name_is_the_file_stem_of_a_twilio_spec() {
        assert_eq!(
            api_name("spec/twilio_flex_v1.yaml", "flex", "v1"),
            "flex_v1"
        );
        assert_eq!(api_name("twilio_iam_scim.json", "iam", "v1"), "iam_scim");
        assert_eq!(
            api_name("a\\twilio_verify_v3.yaml", "verify", "v2"),
            "verify_v3"
        );
        // Other names say nothing: the contents decide.
        assert_eq!(api_name("2022-07-21_783430b.yaml", "flex", "v1"), "flex_v1");
        assert_eq!(api_name("edge_cases.yaml", "edge", "v1"), "edge_v1");
        assert_eq!(api_name("twilio_Bad-Name.yaml", "flex", "v1"), "flex_v1");
        assert_eq!(api_name("twilio_.yaml", "flex", "v1"), "flex_v1");
    }
}
