//! `terraform/provider-code-spec.json`: HashiCorp's provider code specification (v0.1), the
//! input of `tfplugingen-framework`.
//!
//! Each resource is named without the provider prefix (`flex_flow`). Attributes carry
//! `computed_optional_required`, the spec's description, and custom validators and plan
//! modifiers written as Go expressions with their imports:
//! - enums: `stringvalidator.OneOf(...)`; SIDs and other patterns:
//!   `stringvalidator.RegexMatches(regexp.MustCompile(...), ...)`; lengths:
//!   `stringvalidator.Length*`; number ranges: `int64validator.Between(...)` (and `AtLeast`,
//!   `AtMost`, the `float64validator` ones); list sizes: `listvalidator.Size*`; enum and
//!   pattern checks of list and map elements through `ValueStringsAre`;
//! - parameters create accepts and update does not: `<type>planmodifier.RequiresReplace()`;
//! - `id` and the SID it copies: `stringplanmodifier.UseStateForUnknown()`.
//!
//! Dotted groups are `single_nested` blocks (numbered groups: `list_nested` with a size
//! limit), required ones checked with `IsRequired()`; `timeouts` is a `single_nested` block
//! of optional duration strings.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::{data_source, pretty, EmitError};
use crate::model::number_text;
use crate::views::terraform::attrs::{
    Attribute, Block, Checks, Mode, Nesting, Pattern, TfResource, TfType, Timeout,
};
use crate::views::terraform::settings::{self, SETTINGS};

/// The specification version written.
pub const VERSION: &str = "0.1";

const VALIDATORS: &str = "github.com/hashicorp/terraform-plugin-framework-validators";
const PLAN_MODIFIERS: &str = "github.com/hashicorp/terraform-plugin-framework/resource/schema";

/// Renders the code specification of `resources` for the provider named `provider`.
pub fn render(resources: &[TfResource<'_>], provider: &str) -> Result<String, EmitError> {
    let mut list: Vec<&TfResource<'_>> = resources.iter().collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    let datasources: Vec<Value> = list.iter().map(|r| data_source(r)).collect();
    let resources: Vec<Value> = list.into_iter().map(resource).collect();
    let mut doc = Map::new();
    doc.insert("version".to_owned(), json!(VERSION));
    doc.insert("provider".to_owned(), provider_schema(provider));
    doc.insert("resources".to_owned(), Value::Array(resources));
    if !datasources.is_empty() {
        doc.insert("datasources".to_owned(), Value::Array(datasources));
    }
    let doc = Value::Object(doc);
    pretty("terraform/provider-code-spec.json", &doc)
}

/// The provider block: its settings, all optional strings, secrets sensitive.
fn provider_schema(provider: &str) -> Value {
    let attributes: Vec<Value> = SETTINGS
        .iter()
        .map(|s| {
            let mut body = Map::new();
            body.insert("optional_required".to_owned(), json!("optional"));
            body.insert("description".to_owned(), json!(s.description));
            if s.sensitive {
                body.insert("sensitive".to_owned(), json!(true));
            }
            json!({ "name": s.name, "string": body })
        })
        .collect();
    json!({
        "name": provider,
        "schema": { "attributes": attributes, "description": settings::DESCRIPTION },
    })
}

/// The data source of a resource: the attributes naming it required, the rest computed,
/// nested blocks as computed object attributes.
fn data_source(r: &TfResource<'_>) -> Value {
    let attributes: Vec<Value> = data_source::attributes(r)
        .iter()
        .map(|a| {
            let mut body = Map::new();
            body.insert(
                "computed_optional_required".to_owned(),
                json!(mode(data_source::mode(a))),
            );
            match &a.ty {
                TfType::List(t) | TfType::Map(t) => {
                    body.insert("element_type".to_owned(), element_type(t));
                }
                TfType::Object(fields) => {
                    body.insert("attribute_types".to_owned(), attribute_types(fields));
                }
                _ => {}
            }
            if !a.description.is_empty() {
                body.insert("description".to_owned(), json!(a.description));
            }
            if a.sensitive {
                body.insert("sensitive".to_owned(), json!(true));
            }
            let mut out = Map::new();
            out.insert("name".to_owned(), json!(a.name));
            out.insert(type_key(&a.ty).to_owned(), Value::Object(body));
            Value::Object(out)
        })
        .collect();
    json!({ "name": r.name, "schema": { "attributes": attributes } })
}

fn resource(r: &TfResource<'_>) -> Value {
    let mut blocks: Vec<(String, Value)> = r
        .blocks
        .iter()
        .map(|b| (b.name.clone(), block(b)))
        .collect();
    if !r.timeouts.is_empty() {
        blocks.push(("timeouts".to_owned(), timeouts(&r.timeouts)));
    }
    blocks.sort_by(|a, b| a.0.cmp(&b.0));
    let mut schema = Map::new();
    schema.insert(
        "attributes".to_owned(),
        Value::Array(r.attributes.iter().map(attribute).collect()),
    );
    if !blocks.is_empty() {
        schema.insert(
            "blocks".to_owned(),
            Value::Array(blocks.into_iter().map(|(_, b)| b).collect()),
        );
    }
    if let Some(d) = r.resource.description.as_deref().filter(|d| !d.is_empty()) {
        schema.insert("description".to_owned(), json!(d));
    }
    json!({ "name": r.name, "schema": schema })
}

/// The code spec's key for a type (`string`, `int64`, `float64`, `bool`, `list`, `map`,
/// `object`).
pub fn type_key(ty: &TfType) -> &'static str {
    match ty {
        TfType::String => "string",
        TfType::Int64 => "int64",
        TfType::Float64 => "float64",
        TfType::Bool => "bool",
        TfType::List(_) => "list",
        TfType::Map(_) => "map",
        TfType::Object(_) => "object",
    }
}

fn mode(m: Mode) -> &'static str {
    match m {
        Mode::Required => "required",
        Mode::Optional => "optional",
        Mode::ComputedOptional => "computed_optional",
        Mode::Computed => "computed",
    }
}

/// The element type of a list or map, or an object's attribute type.
fn element_type(ty: &TfType) -> Value {
    let mut inner = Map::new();
    match ty {
        TfType::List(t) | TfType::Map(t) => {
            inner.insert("element_type".to_owned(), element_type(t));
        }
        TfType::Object(fields) => {
            inner.insert("attribute_types".to_owned(), attribute_types(fields));
        }
        _ => {}
    }
    let mut out = Map::new();
    out.insert(type_key(ty).to_owned(), Value::Object(inner));
    Value::Object(out)
}

fn attribute_types(fields: &[(String, TfType)]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|(name, t)| {
                let mut m = Map::new();
                m.insert("name".to_owned(), json!(name));
                if let Value::Object(e) = element_type(t) {
                    m.extend(e);
                }
                Value::Object(m)
            })
            .collect(),
    )
}

fn attribute(a: &Attribute) -> Value {
    let mut body = Map::new();
    body.insert("computed_optional_required".to_owned(), json!(mode(a.mode)));
    match &a.ty {
        TfType::List(t) | TfType::Map(t) => {
            body.insert("element_type".to_owned(), element_type(t));
        }
        TfType::Object(fields) => {
            body.insert("attribute_types".to_owned(), attribute_types(fields));
        }
        _ => {}
    }
    if !a.description.is_empty() {
        body.insert("description".to_owned(), json!(a.description));
    }
    if a.deprecated {
        body.insert(
            "deprecation_message".to_owned(),
            json!("Deprecated by the API."),
        );
    }
    if a.sensitive {
        body.insert("sensitive".to_owned(), json!(true));
    }
    let modifiers = plan_modifiers(a);
    if !modifiers.is_empty() {
        body.insert("plan_modifiers".to_owned(), Value::Array(modifiers));
    }
    // Validators check configuration: computed-only attributes have none to check.
    let validators = if a.mode.is_argument() {
        validators(&a.ty, &a.checks)
    } else {
        Vec::new()
    };
    if !validators.is_empty() {
        body.insert("validators".to_owned(), Value::Array(validators));
    }
    let mut out = Map::new();
    out.insert("name".to_owned(), json!(a.name));
    out.insert(type_key(&a.ty).to_owned(), Value::Object(body));
    Value::Object(out)
}

/// A custom validator, plan modifier or default: Go code and the packages it needs.
fn custom(imports: BTreeSet<String>, definition: String) -> Value {
    let imports: Vec<Value> = imports
        .into_iter()
        .map(|path| json!({ "path": path }))
        .collect();
    json!({ "custom": { "imports": imports, "schema_definition": definition } })
}

fn plan_modifiers(a: &Attribute) -> Vec<Value> {
    let pkg = format!("{}planmodifier", type_key(&a.ty));
    let import = || BTreeSet::from([format!("{PLAN_MODIFIERS}/{pkg}")]);
    let mut out = Vec::new();
    if a.requires_replace && a.mode.is_argument() {
        out.push(custom(import(), format!("{pkg}.RequiresReplace()")));
    }
    if a.stable && a.mode == Mode::Computed {
        out.push(custom(import(), format!("{pkg}.UseStateForUnknown()")));
    }
    out
}

/// A Go interpreted string literal.
pub fn go_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Go literal for a regular expression: a raw string when possible.
fn go_regex(re: &str) -> String {
    if re.contains('`') || re.contains('\r') {
        go_string(re)
    } else {
        format!("`{re}`")
    }
}

/// String checks as `stringvalidator` calls, each with the imports its code needs.
fn string_checks(c: &Checks) -> Vec<(String, BTreeSet<String>)> {
    let pkg = format!("{VALIDATORS}/stringvalidator");
    let mut out = Vec::new();
    if !c.one_of.is_empty() {
        let values: Vec<String> = c.one_of.iter().map(|v| go_string(v)).collect();
        out.push((
            format!("stringvalidator.OneOf({})", values.join(", ")),
            BTreeSet::from([pkg.clone()]),
        ));
    }
    if let Some(Pattern { regex, sid_prefix }) = &c.pattern {
        let message = match sid_prefix {
            Some(prefix) => format!("must be a SID: {prefix} followed by 32 hexadecimal digits"),
            None => format!("must match {regex}"),
        };
        out.push((
            format!(
                "stringvalidator.RegexMatches(regexp.MustCompile({}), {})",
                go_regex(regex),
                go_string(&message)
            ),
            BTreeSet::from([pkg.clone(), "regexp".to_owned()]),
        ));
    }
    let length = match (c.min_length, c.max_length) {
        (Some(lo), Some(hi)) => Some(format!("stringvalidator.LengthBetween({lo}, {hi})")),
        (Some(lo), None) => Some(format!("stringvalidator.LengthAtLeast({lo})")),
        (None, Some(hi)) => Some(format!("stringvalidator.LengthAtMost({hi})")),
        (None, None) => None,
    };
    if let Some(def) = length {
        out.push((def, BTreeSet::from([pkg])));
    }
    out
}

/// Range checks as `<pkg>.Between/AtLeast/AtMost` calls.
fn range_checks(pkg: &str, c: &Checks) -> Option<String> {
    match (c.minimum, c.maximum) {
        (Some(lo), Some(hi)) => Some(format!(
            "{pkg}.Between({}, {})",
            number_text(lo),
            number_text(hi)
        )),
        (Some(lo), None) => Some(format!("{pkg}.AtLeast({})", number_text(lo))),
        (None, Some(hi)) => Some(format!("{pkg}.AtMost({})", number_text(hi))),
        (None, None) => None,
    }
}

fn validators(ty: &TfType, c: &Checks) -> Vec<Value> {
    let mut out = Vec::new();
    match ty {
        TfType::String => {
            for (def, imports) in string_checks(c) {
                out.push(custom(imports, def));
            }
        }
        TfType::Int64 | TfType::Float64 => {
            let pkg = format!("{}validator", type_key(ty));
            if let Some(def) = range_checks(&pkg, c) {
                out.push(custom(BTreeSet::from([format!("{VALIDATORS}/{pkg}")]), def));
            }
        }
        TfType::List(elem) | TfType::Map(elem) => {
            let pkg = format!("{}validator", type_key(ty));
            let own = BTreeSet::from([format!("{VALIDATORS}/{pkg}")]);
            if let TfType::List(_) = ty {
                let size = match (c.min_items, c.max_items) {
                    (Some(lo), Some(hi)) => Some(format!("{pkg}.SizeBetween({lo}, {hi})")),
                    (Some(lo), None) => Some(format!("{pkg}.SizeAtLeast({lo})")),
                    (None, Some(hi)) => Some(format!("{pkg}.SizeAtMost({hi})")),
                    (None, None) => None,
                };
                if let Some(def) = size {
                    out.push(custom(own.clone(), def));
                }
            }
            if **elem == TfType::String {
                let element_checks = Checks {
                    one_of: c.one_of.clone(),
                    pattern: c.pattern.clone(),
                    ..Checks::default()
                };
                let inner = string_checks(&element_checks);
                if !inner.is_empty() {
                    let mut imports = own;
                    let mut defs = Vec::new();
                    for (def, i) in inner {
                        imports.extend(i);
                        defs.push(def);
                    }
                    out.push(custom(
                        imports,
                        format!("{pkg}.ValueStringsAre({})", defs.join(", ")),
                    ));
                }
            }
        }
        TfType::Bool | TfType::Object(_) => {}
    }
    out
}

fn nested_attributes(b: &Block) -> (Value, Option<Value>) {
    let attributes = Value::Array(b.attributes.iter().map(attribute).collect());
    let blocks = (!b.blocks.is_empty()).then(|| Value::Array(b.blocks.iter().map(block).collect()));
    (attributes, blocks)
}

fn block(b: &Block) -> Value {
    let (attributes, blocks) = nested_attributes(b);
    let mut body = Map::new();
    let key = match b.nesting {
        Nesting::Single => {
            body.insert("attributes".to_owned(), attributes);
            if let Some(blocks) = blocks {
                body.insert("blocks".to_owned(), blocks);
            }
            "single_nested"
        }
        Nesting::List { .. } => {
            let mut nested = Map::new();
            nested.insert("attributes".to_owned(), attributes);
            if let Some(blocks) = blocks {
                nested.insert("blocks".to_owned(), blocks);
            }
            body.insert("nested_object".to_owned(), Value::Object(nested));
            "list_nested"
        }
    };
    if !b.description.is_empty() {
        body.insert("description".to_owned(), json!(b.description));
    }
    let mut validators = Vec::new();
    match b.nesting {
        Nesting::Single => {
            if b.required {
                let pkg = format!("{VALIDATORS}/objectvalidator");
                validators.push(custom(
                    BTreeSet::from([pkg]),
                    "objectvalidator.IsRequired()".to_owned(),
                ));
            }
        }
        Nesting::List { max_items } => {
            let import = || BTreeSet::from([format!("{VALIDATORS}/listvalidator")]);
            if b.required {
                validators.push(custom(import(), "listvalidator.IsRequired()".to_owned()));
            }
            validators.push(custom(
                import(),
                format!("listvalidator.SizeAtMost({max_items})"),
            ));
        }
    }
    if !validators.is_empty() {
        body.insert("validators".to_owned(), Value::Array(validators));
    }
    let mut out = Map::new();
    out.insert("name".to_owned(), json!(b.name));
    out.insert(key.to_owned(), Value::Object(body));
    Value::Object(out)
}

fn timeouts(actions: &[Timeout]) -> Value {
    let mut sorted: Vec<&Timeout> = actions.iter().collect();
    sorted.sort_by_key(|t| t.action);
    let attributes: Vec<Value> = sorted
        .into_iter()
        .map(|t| {
            json!({
                "name": t.action,
                "string": {
                    "computed_optional_required": "optional",
                    "description": t.description(),
                },
            })
        })
        .collect();
    json!({
        "name": "timeouts",
        "single_nested": {
            "attributes": attributes,
            "description": "How long each operation may take before it fails.",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_literals() {
        assert_eq!(go_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(go_string("x\ny"), r#""x\ny""#);
        assert_eq!(go_regex("^FO[0-9a-fA-F]{32}$"), "`^FO[0-9a-fA-F]{32}$`");
        assert_eq!(go_regex("a`b"), "\"a`b\"");
    }

    fn definitions(v: &[Value]) -> Vec<&str> {
        v.iter()
            .filter_map(|x| x["custom"]["schema_definition"].as_str())
            .collect()
    }

    #[test]
    fn string_validators() {
        let c = Checks {
            one_of: vec!["web".into(), "sms".into()],
            ..Checks::default()
        };
        let v = validators(&TfType::String, &c);
        assert_eq!(definitions(&v), [r#"stringvalidator.OneOf("web", "sms")"#]);
        assert_eq!(
            v[0]["custom"]["imports"],
            json!([{"path": "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"}])
        );
        let c = Checks {
            pattern: Some(Pattern {
                regex: "^FO[0-9a-fA-F]{32}$".into(),
                sid_prefix: Some("FO".into()),
            }),
            ..Checks::default()
        };
        let v = validators(&TfType::String, &c);
        assert_eq!(
            definitions(&v),
            ["stringvalidator.RegexMatches(regexp.MustCompile(`^FO[0-9a-fA-F]{32}$`), \"must be a SID: FO followed by 32 hexadecimal digits\")"]
        );
        let imports: Vec<&str> = v[0]["custom"]["imports"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["path"].as_str())
            .collect();
        assert_eq!(
            imports,
            [
                "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator",
                "regexp"
            ]
        );
    }

    #[test]
    fn number_and_list_validators() {
        let c = Checks {
            minimum: Some(0.0),
            maximum: Some(3.0),
            ..Checks::default()
        };
        assert_eq!(
            definitions(&validators(&TfType::Int64, &c)),
            ["int64validator.Between(0, 3)"]
        );
        let c = Checks {
            minimum: Some(1.0),
            ..Checks::default()
        };
        assert_eq!(
            definitions(&validators(&TfType::Float64, &c)),
            ["float64validator.AtLeast(1)"]
        );
        let c = Checks {
            one_of: vec!["a".into()],
            max_items: Some(5),
            ..Checks::default()
        };
        let list = TfType::List(Box::new(TfType::String));
        assert_eq!(
            definitions(&validators(&list, &c)),
            [
                "listvalidator.SizeAtMost(5)",
                r#"listvalidator.ValueStringsAre(stringvalidator.OneOf("a"))"#
            ]
        );
        assert!(validators(&TfType::Bool, &c).is_empty());
    }
}
