//! Names: Terraform type names, labels, titles and import IDs, all derived from the model.
//!
//! Every function here is pure and small, so its rule is pinned by a unit test.

use crate::model::names::snake;
use crate::model::{self, PathTemplate};

/// The provider's local name: the last segment of its address
/// (`registry.terraform.io/twilio/twilio` -> `twilio`). Terraform prefixes every resource
/// type with it.
pub fn provider_local_name(address: &str) -> Option<String> {
    let last = address.trim_end_matches('/').rsplit('/').next()?;
    let name = snake(last);
    is_identifier(&name).then_some(name)
}

/// The prefix of an API's Terraform type names: the product domain for `v1` and `v2010`
/// APIs named as their contents say (`flex`, `api`: `twilio_flex_flow`), else the API's
/// whole name (`chat_v2`, `studio_v2`, `iam_scim`). The rule depends on the API alone, so
/// adding chat v1 next to chat v2 (or studio v1 next to studio v2) renames nothing: their
/// types are `twilio_chat_channel` and `twilio_chat_v2_channel`.
pub fn type_prefix(api: &crate::model::Api) -> String {
    let plain = ["v1", "v2010"].contains(&api.version.as_str())
        && api.name == format!("{}_{}", api.domain, api.version);
    if plain {
        snake(&api.domain)
    } else {
        snake(&api.name)
    }
}

/// The resource's name without the provider prefix: its mount name (the canonical model
/// name), after the API's [`type_prefix`]; a mount name that starts with the API's domain
/// as a whole word does not repeat it.
///
/// `flex` + `channel` -> `flex_channel`; `flex` + `flex_flow` -> `flex_flow`;
/// `flex` + `flexible` -> `flex_flexible`; `chat_v2` (domain `chat`) + `chat_channel` ->
/// `chat_v2_channel`.
pub fn resource_name(prefix: &str, domain: &str, mount_name: &str) -> String {
    let domain = snake(domain);
    let name = snake(mount_name);
    let rest = if name == domain {
        ""
    } else {
        name.strip_prefix(&format!("{domain}_")).unwrap_or(&name)
    };
    match (prefix == domain, rest.is_empty()) {
        (true, true) => domain,
        (true, false) if name.starts_with(&format!("{domain}_")) => name,
        (_, true) => prefix.to_owned(),
        (_, false) => format!("{prefix}_{rest}"),
    }
}

/// Whether a name is a valid Terraform attribute or type name (`^[a-z_][a-z0-9_]*$`).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The label used in examples (`resource "twilio_flex_flow" "flow"`): the last word of the
/// resource name.
pub fn label(resource_name: &str) -> String {
    resource_name
        .rsplit('_')
        .find(|w| !w.is_empty())
        .unwrap_or(resource_name)
        .to_owned()
}

/// Words of a snake_case name in title case: `flex_flow` -> `Flex Flow`.
pub fn title(snake_name: &str) -> String {
    snake_name
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `a` or `an`, by the first letter of the word that follows.
pub fn article(word: &str) -> &'static str {
    match word.trim_start_matches('`').chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}

/// One segment of an import ID: literal text or a path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A literal segment (`FlexFlows`).
    Literal(&'a str),
    /// A parameter (`{Sid}` -> `Sid`).
    Param(&'a str),
}

/// The import ID's segments: the instance path's model segments after the API version
/// segment (`/v1/FlexFlows/{Sid}` -> `FlexFlows`, `{Sid}`), without file suffixes such as
/// `.json` (`/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json` -> `Accounts`,
/// `{AccountSid}`, `Calls`, `{Sid}`): an import ID names the resource, not its wire format.
pub fn import_segments<'a>(path: &'a PathTemplate, version: &str) -> Vec<Segment<'a>> {
    path.after_version(version)
        .iter()
        .map(|s| match s {
            model::Segment::Literal(text) => {
                Segment::Literal(text.strip_suffix(".json").unwrap_or(text))
            }
            model::Segment::Param { name, .. } => Segment::Param(name),
        })
        .collect()
}

/// Renders import segments, each parameter through `param`:
/// `/FlexFlows/{sid}` for the format, `/FlexFlows/FOXXXX…` for the example.
pub fn render_import(segments: &[Segment<'_>], mut param: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        match s {
            Segment::Literal(l) => out.push_str(l),
            Segment::Param(p) => out.push_str(&param(p)),
        }
    }
    out
}

/// The placeholder of a SID in examples: its prefix followed by 32 `X`s, as in Twilio's
/// documentation (`FOXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`).
pub fn sid_placeholder(prefix: &str) -> String {
    format!("{prefix}{}", "X".repeat(32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_local_name_is_the_last_address_segment() {
        assert_eq!(
            provider_local_name("registry.terraform.io/twilio/twilio").as_deref(),
            Some("twilio")
        );
        assert_eq!(
            provider_local_name("example.com/acme/my-cloud/").as_deref(),
            Some("my_cloud")
        );
        assert_eq!(
            provider_local_name("example.com/acme/3d").as_deref(),
            Some("n3d")
        );
    }

    #[test]
    fn resource_names_get_the_domain_once() {
        assert_eq!(resource_name("flex", "flex", "flex_flow"), "flex_flow");
        assert_eq!(resource_name("flex", "flex", "channel"), "flex_channel");
        assert_eq!(
            resource_name("flex", "flex", "web_channel"),
            "flex_web_channel"
        );
        assert_eq!(resource_name("flex", "flex", "flex"), "flex");
        assert_eq!(resource_name("flex", "flex", "flexible"), "flex_flexible");
        assert_eq!(
            resource_name("flex", "flex", "insights_questionnaires"),
            "flex_insights_questionnaires"
        );
        assert_eq!(
            resource_name("trusthub", "trusthub", "CustomerProfiles"),
            "trusthub_customer_profiles"
        );
        // APIs past v1 carry their version, the domain still once.
        assert_eq!(
            resource_name("chat_v2", "chat", "channel"),
            "chat_v2_channel"
        );
        assert_eq!(
            resource_name("chat_v2", "chat", "chat_channel"),
            "chat_v2_channel"
        );
        assert_eq!(resource_name("chat_v2", "chat", "chat"), "chat_v2");
        assert_eq!(resource_name("iam_scim", "iam", "user"), "iam_scim_user");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("flex_flow"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("Flex"));
        assert!(!is_identifier("a-b"));
    }

    #[test]
    fn labels_titles_articles() {
        assert_eq!(label("flex_flow"), "flow");
        assert_eq!(label("flex_insights_questionnaires"), "questionnaires");
        assert_eq!(label("channel"), "channel");
        assert_eq!(title("flex_web_channel"), "Flex Web Channel");
        assert_eq!(title("twilio"), "Twilio");
        assert_eq!(article("integration"), "an");
        assert_eq!(article("`integration`"), "an");
        assert_eq!(article("notification"), "a");
    }

    fn path(template: &str) -> PathTemplate {
        PathTemplate::parse(template).expect("the test's path parses")
    }

    #[test]
    fn import_ids_drop_the_version_and_keep_parents() {
        let p = path("/v1/FlexFlows/{Sid}");
        let segs = import_segments(&p, "v1");
        assert_eq!(segs, [Segment::Literal("FlexFlows"), Segment::Param("Sid")]);
        assert_eq!(
            render_import(&segs, |p| format!("{{{}}}", snake(p))),
            "/FlexFlows/{sid}"
        );
        let p = path("/v1/PluginService/Plugins/{PluginSid}/Versions/{Sid}");
        let segs = import_segments(&p, "v1");
        assert_eq!(
            render_import(&segs, |p| format!("{{{}}}", snake(p))),
            "/PluginService/Plugins/{plugin_sid}/Versions/{sid}"
        );
        // A first segment that is not the version stays.
        let p = path("/2010-04-01/Things/{Sid}");
        let segs = import_segments(&p, "v1");
        assert_eq!(segs[0], Segment::Literal("2010-04-01"));
        // v2010: the date is the version; `{Sid}.json` is the parameter, without the suffix.
        let p = path("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json");
        assert_eq!(
            render_import(&import_segments(&p, "v2010"), |p| format!(
                "{{{}}}",
                snake(p)
            )),
            "/Accounts/{account_sid}/Calls/{sid}"
        );
    }

    #[test]
    fn sid_placeholders_have_34_characters() {
        let p = sid_placeholder("FO");
        assert_eq!(p.len(), 34);
        assert_eq!(p, "FOXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    }
}
