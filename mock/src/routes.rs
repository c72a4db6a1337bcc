//! Which operation a request path names, and what the mock derives once per resource: the
//! field naming an item, its SID prefix, its parents.

use std::collections::HashMap;

use twilio_model::{
    names, sid, Api, Model, Operation, OperationKind, PathTemplate, Resource, Segment, Type,
};

use crate::{Error, LoadedApi};

/// A path template of one resource, with the operations on it.
pub(crate) struct Route {
    pub(crate) api: usize,
    /// The host serving it (`chat.twilio.com`), lower-case, without a port.
    pub(crate) host: String,
    pub(crate) resource: usize,
    pub(crate) template: PathTemplate,
    /// Indices into the resource's operations.
    pub(crate) operations: Vec<usize>,
    /// Literal segments: the more, the more specific.
    literals: usize,
    /// Segment counts of the path's prefixes that are items of resources the mock can
    /// create: those items must exist.
    pub(crate) parents: Vec<usize>,
}

/// What the mock knows about a resource beyond the model.
pub(crate) struct ResourceInfo {
    /// The model field holding the item's identifier (`sid`, `questionnaire_sid`).
    pub(crate) id_field: Option<String>,
    /// The prefix of the SIDs it makes.
    pub(crate) sid_prefix: String,
    /// Whether items live under the list path, one per SID (else the instance path names
    /// one object: a singleton such as `/v1/Configuration`).
    pub(crate) collection: bool,
}

/// Every route of every API.
pub(crate) struct Routes {
    pub(crate) routes: Vec<Route>,
    /// `[api][resource]`.
    pub(crate) info: Vec<Vec<ResourceInfo>>,
    /// Compiled patterns of parameters, by pattern text.
    pub(crate) patterns: HashMap<String, regex::Regex>,
}

/// A request path matched to a route: the route and the path parameters' values.
pub(crate) struct Matched<'r> {
    pub(crate) route: &'r Route,
    pub(crate) params: Vec<(String, String)>,
}

/// Why no route answers a request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Miss {
    /// No route has the path.
    NotFound,
    /// The request names no API host, and APIs on these hosts serve the path.
    Ambiguous(Vec<String>),
}

impl Routes {
    pub(crate) fn new(apis: &[LoadedApi]) -> Result<Self, Error> {
        let mut routes: Vec<Route> = Vec::new();
        let mut info = Vec::new();
        let mut patterns = HashMap::new();
        // (host, path shape with `{}` for parameters) -> the spec that serves it.
        let mut shapes: HashMap<(String, String), usize> = HashMap::new();
        for (ai, loaded) in apis.iter().enumerate() {
            let api = &loaded.api;
            let mut api_info = Vec::new();
            for (ri, r) in api.resources.iter().enumerate() {
                api_info.push(resource_info(api, r));
                let mut by_path: Vec<(PathTemplate, Vec<usize>)> = Vec::new();
                for (oi, op) in r.operations.iter().enumerate() {
                    for p in op.all_params() {
                        if let Some(pat) = &p.constraints.pattern {
                            if !patterns.contains_key(pat) {
                                if let Ok(re) = regex::Regex::new(pat) {
                                    patterns.insert(pat.clone(), re);
                                }
                            }
                        }
                    }
                    match by_path.iter_mut().find(|(t, _)| *t == op.path) {
                        Some((_, ops)) => ops.push(oi),
                        None => by_path.push((op.path.clone(), vec![oi])),
                    }
                }
                let host = host_of(&r.base_url);
                for (template, operations) in by_path {
                    let key = (host.clone(), shape(&template));
                    match shapes.get(&key) {
                        Some(other) if *other != ai => {
                            return Err(Error::Conflict {
                                path: format!("{host}{}", template.as_str()),
                                first: apis[*other].name.clone(),
                                second: loaded.name.clone(),
                            });
                        }
                        _ => {
                            shapes.insert(key, ai);
                        }
                    }
                    let literals = template
                        .segments()
                        .iter()
                        .filter(|s| matches!(s, Segment::Literal(_)))
                        .count();
                    routes.push(Route {
                        api: ai,
                        host: host.clone(),
                        resource: ri,
                        template,
                        operations,
                        literals,
                        parents: Vec::new(),
                    });
                }
            }
            info.push(api_info);
        }
        // Parents: prefixes of a path that are the instance path of a creatable resource.
        let items: Vec<(usize, String)> = apis
            .iter()
            .enumerate()
            .flat_map(|(ai, loaded)| {
                loaded.api.resources.iter().filter_map(move |r| {
                    let path = r.instance_path.as_ref()?;
                    r.operation(OperationKind::Create)?;
                    Some((ai, shape(path)))
                })
            })
            .collect();
        for route in &mut routes {
            let segs = route.template.segments();
            for n in 1..segs.len() {
                let prefix = shape_of(&segs[..n]);
                if items.iter().any(|(ai, s)| *ai == route.api && *s == prefix) {
                    route.parents.push(n);
                }
            }
        }
        Ok(Routes {
            routes,
            info,
            patterns,
        })
    }

    /// The most specific route matching the path's segments (already split and decoded),
    /// on the API the request's host names (`verify.twilio.com`, or a regional
    /// `verify.dublin.ie1.twilio.com`). A host no API has (`127.0.0.1`, a proxy's name) names
    /// none: the path alone must then tell the API.
    pub(crate) fn find(
        &self,
        host: Option<&str>,
        segments: &[String],
    ) -> Result<Matched<'_>, Miss> {
        let host = host
            .map(api_host)
            .filter(|h| self.routes.iter().any(|r| r.host == *h));
        let mut best: Vec<Matched<'_>> = Vec::new();
        for route in &self.routes {
            if host.as_ref().is_some_and(|h| *h != route.host) {
                continue;
            }
            let Some(params) = match_template(&route.template, segments) else {
                continue;
            };
            match best.first() {
                Some(b) if route.literals < b.route.literals => {}
                Some(b) if route.literals == b.route.literals => {
                    best.push(Matched { route, params });
                }
                _ => best = vec![Matched { route, params }],
            }
        }
        let mut hosts: Vec<String> = best.iter().map(|m| m.route.host.clone()).collect();
        hosts.sort();
        hosts.dedup();
        if hosts.len() > 1 {
            return Err(Miss::Ambiguous(hosts));
        }
        best.into_iter().next().ok_or(Miss::NotFound)
    }
}

/// The host of a URL, lower-case, without its port: `https://Chat.twilio.com:443/x` ->
/// `chat.twilio.com`.
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    strip_port(host).to_ascii_lowercase()
}

/// A `Host` header's API host: without its port, and a regional Twilio host
/// (`flex-api.dublin.ie1.twilio.com`) as its product's (`flex-api.twilio.com`).
fn api_host(header: &str) -> String {
    let host = strip_port(header.trim()).to_ascii_lowercase();
    match host.strip_suffix(".twilio.com") {
        Some(labels) if labels.contains('.') => {
            let product = labels.split('.').next().unwrap_or(labels);
            format!("{product}.twilio.com")
        }
        _ => host,
    }
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // An IPv6 literal: `[::1]:8080`.
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..=h.len()]);
    }
    host.rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
}

/// `/v1/FlexFlows/{}`: a template with its parameter names left out.
fn shape(t: &PathTemplate) -> String {
    shape_of(t.segments())
}

fn shape_of(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        match s {
            Segment::Literal(l) => out.push_str(l),
            Segment::Param { suffix, .. } => {
                out.push_str("{}");
                out.push_str(suffix);
            }
        }
    }
    out
}

fn match_template(t: &PathTemplate, segments: &[String]) -> Option<Vec<(String, String)>> {
    if t.segments().len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (s, actual) in t.segments().iter().zip(segments) {
        match s {
            Segment::Literal(l) if l == actual => {}
            Segment::Literal(_) => return None,
            Segment::Param { name, suffix } => {
                let value = actual.strip_suffix(suffix.as_str())?;
                if value.is_empty() {
                    return None;
                }
                params.push((name.clone(), value.to_owned()));
            }
        }
    }
    Some(params)
}

/// The concrete path of a template filled with these parameter values.
pub(crate) fn fill(segments: &[Segment], params: &[(String, String)]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        match s {
            Segment::Literal(l) => out.push_str(l),
            Segment::Param { name, suffix } => {
                let value = params
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("", |(_, v)| v.as_str());
                out.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
                out.push_str(suffix);
            }
        }
    }
    out
}

/// What stays unencoded in a path segment: RFC 3986's unreserved characters.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The model of a resource's items.
pub(crate) fn model_of<'a>(api: &'a Api, r: &Resource) -> Option<&'a Model> {
    let name = r.model.as_deref()?;
    api.models.iter().find(|m| m.name == name)
}

/// The operation's item model: its response's (page item or value), else the resource's.
pub(crate) fn operation_model<'a>(api: &'a Api, r: &Resource, op: &Operation) -> Option<&'a Model> {
    let ty = match &op.response {
        twilio_model::Response::Value { ty, .. } => Some(ty),
        twilio_model::Response::Page { item, .. } => Some(item),
        twilio_model::Response::Empty { .. } => None,
    };
    match ty {
        Some(Type::Model(name)) => api.models.iter().find(|m| m.name == *name),
        _ => model_of(api, r),
    }
}

fn resource_info(api: &Api, r: &Resource) -> ResourceInfo {
    let list_len = r.list_path.as_ref().map(|p| p.segments().len());
    let id_param = r
        .instance_path
        .as_ref()
        .and_then(|p| match p.segments().last() {
            Some(Segment::Param { name, .. }) if Some(p.segments().len()) != list_len => {
                Some(name.clone())
            }
            _ => None,
        });
    let collection = r.list_path.is_some()
        && (r.instance_path.is_none() || id_param.is_some())
        && r.list_path != r.instance_path;
    let model = model_of(api, r);
    let field = |name: &str| model.and_then(|m| m.fields.iter().find(|f| f.name == name));
    let id_field = id_param
        .as_deref()
        .map(names::snake)
        .filter(|n| field(n).is_some())
        .or_else(|| field("sid").map(|f| f.name.clone()));
    let param_type = id_param.as_deref().and_then(|name| {
        r.operations
            .iter()
            .flat_map(|o| &o.path_params)
            .find(|p| p.name == name)
            .map(|p| p.ty.clone())
    });
    // The instance path's parameter first: a SID the canonical path rejects could not be
    // fetched (a short code application's model says `AP`, its path `WF`).
    let sid_prefix = param_type
        .into_iter()
        .chain(id_field.as_deref().and_then(field).map(|f| f.ty.clone()))
        .find_map(|t| match t {
            Type::Sid(p) => Some(p),
            _ => None,
        })
        .or_else(|| {
            // A pattern with alternatives (`^(SM|MM)[0-9a-fA-F]{32}$`, a Message's SID) is
            // no SID type; its first alternative is the prefix Twilio assigns.
            let mut patterns = id_field
                .as_deref()
                .and_then(field)
                .and_then(|f| f.constraints.pattern.as_deref())
                .into_iter()
                .chain(
                    r.operations
                        .iter()
                        .flat_map(|o| &o.path_params)
                        .filter(|p| Some(&p.name) == id_param.as_ref())
                        .filter_map(|p| p.constraints.pattern.as_deref()),
                );
            patterns.find_map(|p| Some(sid::sid_alternatives(p)?.first()?.to_string()))
        })
        .unwrap_or_else(|| {
            // No SID type anywhere: two letters of the resource's name.
            let up = r.name.to_uppercase().replace('_', "");
            let mut p: String = up
                .chars()
                .filter(char::is_ascii_alphabetic)
                .take(2)
                .collect();
            while p.len() < 2 {
                p.push('X');
            }
            p
        });
    ResourceInfo {
        id_field,
        sid_prefix,
        collection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn templates_match_with_suffixes() {
        let t = PathTemplate::parse("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json").unwrap();
        let m = match_template(&t, &segs("/2010-04-01/Accounts/AC1/Calls/CA2.json")).unwrap();
        assert_eq!(
            m,
            [
                ("AccountSid".to_owned(), "AC1".to_owned()),
                ("Sid".to_owned(), "CA2".to_owned())
            ]
        );
        assert!(match_template(&t, &segs("/2010-04-01/Accounts/AC1/Calls/CA2")).is_none());
        assert!(match_template(&t, &segs("/2010-04-01/Accounts/AC1/Calls/.json")).is_none());
        assert_eq!(
            fill(t.segments(), &m),
            "/2010-04-01/Accounts/AC1/Calls/CA2.json"
        );
    }

    #[test]
    fn shapes_ignore_parameter_names() {
        let a = PathTemplate::parse("/v1/Services/{Sid}").unwrap();
        let b = PathTemplate::parse("/v1/Services/{ServiceSid}").unwrap();
        assert_eq!(shape(&a), shape(&b));
        assert_eq!(shape(&a), "/v1/Services/{}");
    }
}
