//! HCL configuration of a resource built from its Terraform view: the registry docs'
//! example (SID placeholders as Twilio's documentation writes them) and the acceptance
//! configurations (values valid by the spec's patterns, parents referenced).
//!
//! The example has the required arguments, in the create operation's order, with values from
//! their types (SIDs, the first enum value, URLs, numbers at their minimum, ...), and every
//! required nested block; when none is required, the first block one of whose members the
//! create operation requires under a condition (`Required when integrationType is
//! external`). Among the satisfiable conditions the one needing the fewest placeholder values
//! (SIDs), then the fewest members, wins; the condition's argument is set to its value and
//! the members it requires are filled.

use std::collections::BTreeMap;

use crate::model::{number_text, Type};
use crate::views::terraform::attrs::{Attribute, Block, Checks, Mode, TfResource, TfType};
use crate::views::terraform::names::sid_placeholder;
/// How SIDs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sids {
    /// The prefix and 32 `X`s, as Twilio's documentation writes them.
    Placeholder,
    /// The prefix and 32 hexadecimal digits: valid by the spec's SID patterns.
    Valid,
}

impl Sids {
    /// A SID of this prefix.
    pub fn sid(self, prefix: &str) -> String {
        match self {
            Sids::Placeholder => sid_placeholder(prefix),
            Sids::Valid => format!("{prefix}{}", "0123456789abcdef".repeat(2)),
        }
    }
}

/// An HCL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Hcl {
    Str(String),
    Num(String),
    Bool(bool),
    List(Vec<Hcl>),
    Map(Vec<(String, Hcl)>),
    Expr(String),
}

/// An HCL quoted string: quotes, backslashes and template sequences escaped.
pub fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn hcl(v: &Hcl) -> String {
    match v {
        Hcl::Str(s) => hcl_string(s),
        Hcl::Num(n) => n.clone(),
        Hcl::Bool(b) => b.to_string(),
        Hcl::Expr(e) => e.clone(),
        Hcl::List(items) => {
            let items: Vec<String> = items.iter().map(hcl).collect();
            format!("[{}]", items.join(", "))
        }
        Hcl::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k} = {}", hcl(v)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
    }
}

/// A string matching a pattern of the simple shapes Twilio's specs use: literals and escaped
/// characters, groups of alternatives (the first is taken), character classes and `.`
/// with a quantifier (`{n}`, `{n,m}`, `+`, `*`, `?`), anchors. A class repeated 32 times
/// after two letters is a SID of any type (`^[a-zA-Z]{2}[0-9a-fA-F]{32}$`): written as
/// [`Sids`] write SIDs, with the prefix `XX`. `None` for anything else.
pub fn matching(regex: &str, sids: Sids) -> Option<String> {
    if regex == "^[a-zA-Z]{2}[0-9a-fA-F]{32}$" {
        return Some(sids.sid("XX"));
    }
    let chars: Vec<char> = regex.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        // One unit: the characters it may stand for, in order.
        let unit: Vec<char> = match chars[i] {
            '^' | '$' => {
                i += 1;
                continue;
            }
            '\\' => {
                let c = *chars.get(i + 1)?;
                if c.is_ascii_alphanumeric() {
                    return None;
                }
                i += 2;
                vec![c]
            }
            '(' => {
                // The first alternative of a group without nesting.
                let close = chars[i..].iter().position(|&c| c == ')')? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let first = inner.split('|').next()?;
                if first.contains(['(', '[', '\\', '.', '*', '+', '?', '{']) {
                    return None;
                }
                out.push_str(first);
                i = close + 1;
                if matches!(chars.get(i), Some('{' | '+' | '*' | '?')) {
                    return None;
                }
                continue;
            }
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']')? + i;
                let class = &chars[i + 1..close];
                if class.first() == Some(&'^') {
                    return None;
                }
                let mut members = Vec::new();
                let mut k = 0;
                while k < class.len() {
                    if k + 2 < class.len() && class[k + 1] == '-' {
                        members.extend(class[k]..=class[k + 2]);
                        k += 3;
                    } else {
                        members.push(class[k]);
                        k += 1;
                    }
                }
                i = close + 1;
                members
            }
            '.' => {
                i += 1;
                "example".chars().collect()
            }
            c if c.is_ascii_alphanumeric() || "_-:/ ,@".contains(c) => {
                i += 1;
                vec![c]
            }
            _ => return None,
        };
        if unit.is_empty() {
            return None;
        }
        let (min, step) = match chars.get(i) {
            Some('{') => {
                let close = chars[i..].iter().position(|&c| c == '}')? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let min = inner.split(',').next()?.trim().parse::<usize>().ok()?;
                (min, close + 1 - i)
            }
            Some('+') => (unit.len().min(7), 1),
            Some('*') | Some('?') => (0, 1),
            _ => (1, 0),
        };
        i += step;
        out.extend(unit.iter().cycle().take(min));
    }
    (!out.is_empty()).then_some(out)
}

/// An example value for a model type; `checks` apply to the value or its elements.
pub fn example_value(ty: &Type, name: &str, checks: &Checks, sids: Sids) -> Hcl {
    match ty {
        Type::Array(t) => return Hcl::List(vec![example_value(t, name, checks, sids)]),
        Type::Map(t) => {
            return Hcl::Map(vec![(
                "key".to_owned(),
                example_value(t, name, checks, sids),
            )])
        }
        _ => {}
    }
    if let Some(v) = checks.one_of.first() {
        return Hcl::Str(v.clone());
    }
    if let Some(prefix) = checks.pattern.as_ref().and_then(|p| p.sid_prefix.as_ref()) {
        return Hcl::Str(sids.sid(prefix));
    }
    if let Some(text) = checks
        .pattern
        .as_ref()
        .and_then(|p| matching(&p.regex, sids))
    {
        return Hcl::Str(text);
    }
    let s = |v: &str| Hcl::Str(v.to_owned());
    match ty {
        Type::Sid(prefix) => Hcl::Str(sids.sid(prefix)),
        // A callback URL has a path; a bare host would come back with a `/` added.
        Type::Uri if sids == Sids::Valid => s("https://example.com/twilio"),
        Type::Uri => s("https://example.com"),
        Type::PhoneNumber => s("+15005550006"),
        Type::Currency => s("1.00"),
        Type::Date => s("2024-01-01"),
        Type::DateTime => s("2024-01-01T00:00:00Z"),
        Type::DateTimeRfc2822 => s("Mon, 01 Jan 2024 00:00:00 +0000"),
        // A URL the spec types as plain text (`webhook_url`).
        Type::String if name == "url" || name.ends_with("_url") => {
            example_value(&Type::Uri, name, checks, sids)
        }
        Type::String | Type::Enum(_) => Hcl::Str(format!("example-{}", name.replace('_', "-"))),
        Type::Integer | Type::Int64 | Type::Number => {
            let x = match (checks.minimum, checks.maximum) {
                (Some(lo), _) => lo,
                (None, Some(hi)) if hi < 1.0 => hi,
                _ => 1.0,
            };
            Hcl::Num(number_text(x))
        }
        Type::Boolean => Hcl::Bool(true),
        Type::Object | Type::Json | Type::Union(_) => Hcl::Expr("jsonencode({})".to_owned()),
        Type::Model(_) | Type::Group { .. } | Type::Array(_) | Type::Map(_) => {
            Hcl::Expr("{}".to_owned())
        }
    }
}

/// A value of the example's resource body.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Attr(String, String),
    Block(String, Vec<Item>),
}

/// Renders body items at `indent` spaces, aligning the `=` of consecutive attributes as
/// `terraform fmt` does.
fn render_items(items: &[Item], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Attr(..) => {
                let run: Vec<(&String, &String)> = items[i..]
                    .iter()
                    .map_while(|it| match it {
                        Item::Attr(n, v) => Some((n, v)),
                        Item::Block(..) => None,
                    })
                    .collect();
                let width = run.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
                for (n, v) in &run {
                    out.push_str(&format!("{pad}{n:<width$} = {v}\n"));
                }
                i += run.len();
            }
            Item::Block(name, body) => {
                out.push_str(&format!("{pad}{name} {{\n"));
                render_items(body, indent + 2, out);
                out.push_str(&format!("{pad}}}\n"));
                i += 1;
            }
        }
    }
}

fn example_of(a: &Attribute, sids: Sids) -> String {
    let value = example_value(&a.model_ty, &a.name, &a.checks, sids);
    // Acceptance values respect the spec's length bounds.
    let value = match (value, a.checks.max_length, sids) {
        (Hcl::Str(text), Some(max), Sids::Valid) if text.len() as u64 > max => {
            Hcl::Str(text.chars().take(max as usize).collect())
        }
        (value, _, _) => value,
    };
    // An object attribute has every member (Terraform's object type): unset ones are null.
    if let (TfType::Object(fields), Hcl::Expr(e)) = (&a.ty, &value) {
        if e == "{}" {
            let members: Vec<String> = fields.iter().map(|(n, _)| format!("{n} = null")).collect();
            return format!("{{ {} }}", members.join(", "));
        }
    }
    hcl(&value)
}

/// The value of a condition's argument as HCL, by the argument's type.
fn condition_value(a: &Attribute, value: &str) -> String {
    match a.ty {
        TfType::Bool if value == "true" || value == "false" => value.to_owned(),
        TfType::Int64 | TfType::Float64 if value.parse::<f64>().is_ok() => value.to_owned(),
        _ => hcl_string(value),
    }
}

/// A satisfiable condition of a block: the argument to set, its value, and the members
/// it makes required.
struct Choice<'a> {
    argument: &'a Attribute,
    value: String,
    members: Vec<&'a Attribute>,
}

fn choose<'a>(r: &'a TfResource<'_>, b: &'a Block) -> Option<Choice<'a>> {
    let mut best: Option<(Choice<'a>, (usize, usize))> = None;
    for m in &b.attributes {
        for cond in &m.required_when {
            let arg_name = crate::views::terraform::attrs::attribute_name(&cond.param);
            let Some(argument) = r.attribute(&arg_name).filter(|a| a.mode.is_argument()) else {
                continue;
            };
            for value in &cond.values {
                if !argument.checks.one_of.is_empty() && !argument.checks.one_of.contains(value) {
                    continue;
                }
                let members: Vec<&Attribute> = b
                    .attributes
                    .iter()
                    .filter(|x| {
                        x.mode == Mode::Required
                            || x.required_when.iter().any(|c| {
                                crate::views::terraform::attrs::attribute_name(&c.param) == arg_name
                                    && c.values.contains(value)
                            })
                    })
                    .collect();
                let placeholders = members
                    .iter()
                    .filter(|x| {
                        x.checks
                            .pattern
                            .as_ref()
                            .is_some_and(|p| p.sid_prefix.is_some())
                    })
                    .count();
                let score = (placeholders, members.len());
                if best.as_ref().is_none_or(|(_, s)| score < *s) {
                    best = Some((
                        Choice {
                            argument,
                            value: value.clone(),
                            members,
                        },
                        score,
                    ));
                }
            }
        }
    }
    best.map(|(c, _)| c)
}

/// The body of a required block: its required members and required nested blocks.
fn required_body(b: &Block, sids: Sids) -> Vec<Item> {
    let mut items: Vec<Item> = b
        .attributes
        .iter()
        .filter(|a| a.mode == Mode::Required)
        .map(|a| Item::Attr(a.name.clone(), example_of(a, sids)))
        .collect();
    for sub in b.blocks.iter().filter(|s| s.required) {
        items.push(Item::Block(sub.name.clone(), required_body(sub, sids)));
    }
    items
}

/// Adds the arguments and block members that the values set require (`Config.AppId` is
/// required when `factor_type` is `push`, the first value of its enum), each with its
/// example value.
fn required_by_values(
    r: &TfResource<'_>,
    sids: Sids,
    first: &mut Vec<Item>,
    second: &mut Vec<Item>,
) {
    let value_of = |items: &[Item], name: &str| {
        items.iter().find_map(|item| match item {
            Item::Attr(n, v) if n == name => Some(v.clone()),
            _ => None,
        })
    };
    let set: Vec<Item> = first.iter().chain(second.iter()).cloned().collect();
    let required = |a: &Attribute| {
        a.mode != Mode::Required
            && a.required_when.iter().any(|c| {
                let name = crate::views::terraform::attrs::attribute_name(&c.param);
                let Some(arg) = r.attribute(&name) else {
                    return false;
                };
                value_of(&set, &name)
                    .is_some_and(|v| c.values.iter().any(|x| condition_value(arg, x) == v))
            })
    };
    for a in r.attributes.iter().filter(|a| required(a)) {
        if value_of(&set, &a.name).is_none() {
            first.push(Item::Attr(a.name.clone(), example_of(a, sids)));
        }
    }
    for b in &r.blocks {
        let members: Vec<&Attribute> = b.attributes.iter().filter(|a| required(a)).collect();
        if members.is_empty() {
            continue;
        }
        let index = second
            .iter()
            .position(|item| matches!(item, Item::Block(n, _) if *n == b.name));
        let index = index.unwrap_or_else(|| {
            second.push(Item::Block(b.name.clone(), required_body(b, sids)));
            second.len() - 1
        });
        if let Item::Block(_, body) = &mut second[index] {
            for m in members {
                if value_of(body, &m.name).is_none() {
                    body.push(Item::Attr(m.name.clone(), example_of(m, sids)));
                }
            }
        }
    }
}

/// What a resource block is written with.
#[derive(Debug, Clone)]
pub struct Options {
    /// How SIDs are written.
    pub sids: Sids,
    /// The block's label.
    pub label: String,
    /// Top-level arguments set to these HCL expressions instead of their example values
    /// (added when the example does not have them): parents' references, an updated value.
    pub set: BTreeMap<String, String>,
}

/// A resource block (HCL, formatted as `terraform fmt` would): the required arguments and
/// blocks with example values, then what `options` sets.
pub fn resource_block(r: &TfResource<'_>, options: &Options) -> String {
    let (first, second) = body(r, options);
    let mut out = format!("resource \"{}\" \"{}\" {{\n", r.type_name, options.label);
    let sections: Vec<&Vec<Item>> = [&first, &second]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_items(section, 2, &mut out);
    }
    out.push_str("}\n");
    out
}

/// The arguments [`resource_block`] sets, with their values (HCL), by name (block members
/// by dotted paths: `binding.public_key`).
pub fn resource_arguments(r: &TfResource<'_>, options: &Options) -> BTreeMap<String, String> {
    fn walk(items: Vec<Item>, above: &str, out: &mut BTreeMap<String, String>) {
        for item in items {
            match item {
                Item::Attr(name, value) => {
                    out.insert(format!("{above}{name}"), value);
                }
                Item::Block(name, body) => walk(body, &format!("{above}{name}."), out),
            }
        }
    }
    let (first, second) = body(r, options);
    let mut out = BTreeMap::new();
    walk(first.into_iter().chain(second).collect(), "", &mut out);
    out
}

/// The items of a resource block: the arguments, then the blocks (and the condition's
/// argument they need).
fn body(r: &TfResource<'_>, options: &Options) -> (Vec<Item>, Vec<Item>) {
    let sids = options.sids;
    let mut required: Vec<&Attribute> = r
        .attributes
        .iter()
        .filter(|a| a.mode == Mode::Required)
        .collect();
    required.sort_by_key(|a| (a.create_position.unwrap_or(usize::MAX), a.name.clone()));
    let mut first: Vec<Item> = required
        .iter()
        .map(|a| Item::Attr(a.name.clone(), example_of(a, sids)))
        .collect();

    let mut second: Vec<Item> = Vec::new();
    for b in r.blocks.iter().filter(|b| b.required) {
        second.push(Item::Block(b.name.clone(), required_body(b, sids)));
    }
    if second.is_empty() {
        if let Some((b, choice)) = r.blocks.iter().find_map(|b| choose(r, b).map(|c| (b, c))) {
            let value = condition_value(choice.argument, &choice.value);
            let mut set = false;
            for item in &mut first {
                if let Item::Attr(n, v) = item {
                    if *n == choice.argument.name {
                        *v = value.clone();
                        set = true;
                    }
                }
            }
            if !set {
                second.push(Item::Attr(choice.argument.name.clone(), value));
            }
            let mut body: Vec<Item> = choice
                .members
                .iter()
                .map(|a| Item::Attr(a.name.clone(), example_of(a, sids)))
                .collect();
            for sub in b.blocks.iter().filter(|s| s.required) {
                body.push(Item::Block(sub.name.clone(), required_body(sub, sids)));
            }
            second.push(Item::Block(b.name.clone(), body));
        }
    }

    for (name, value) in &options.set {
        let present = [&mut first, &mut second]
            .into_iter()
            .flatten()
            .find_map(|item| match item {
                Item::Attr(n, v) if n == name => Some(v),
                _ => None,
            });
        match present {
            Some(v) => v.clone_from(value),
            None => first.push(Item::Attr(name.clone(), value.clone())),
        }
    }
    required_by_values(r, sids, &mut first, &mut second);
    (first, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_the_patterns_twilio_uses() {
        let m = |r: &str| matching(r, Sids::Valid);
        assert_eq!(
            m("^[a-zA-Z]{2}[0-9a-fA-F]{32}$").as_deref(),
            Some("XX0123456789abcdef0123456789abcdef")
        );
        assert_eq!(
            matching("^[a-zA-Z]{2}[0-9a-fA-F]{32}$", Sids::Placeholder).as_deref(),
            Some("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
        );
        assert_eq!(
            m("^(SM|MM)[0-9a-fA-F]{32}$").as_deref(),
            Some("SM0123456789abcdefABCDEF0123456789")
        );
        assert_eq!(m("^aia_asst_.+$").as_deref(), Some("aia_asst_example"));
        assert_eq!(m("^[A-Z0-9]+$").as_deref(), Some("ABCDEFG"));
        assert_eq!(
            m("^(STOP|START|HELP)\\.(ALL|ZULU)$").as_deref(),
            Some("STOP.ALL")
        );
        // What it cannot write is no value, not a wrong one.
        assert_eq!(m("^[^a]+$"), None);
        assert_eq!(m("^\\d+$"), None);
        assert_eq!(m("^(a(b|c))$"), None);
        for (regex, value) in [
            ("^BU[0-9a-fA-F]{32}(,BU[0-9a-fA-F]{32}){0,19}$", None),
            (
                "^BN[0-9a-f]{32}$",
                Some("BN0123456789abcdef0123456789abcdef"),
            ),
        ] {
            assert_eq!(m(regex).as_deref(), value, "{regex}");
        }
    }

    #[test]
    fn hcl_strings_escape_templates() {
        assert_eq!(hcl_string("a\"b"), r#""a\"b""#);
        assert_eq!(hcl_string("${x} %{y} $z"), r#""$${x} %%{y} $z""#);
    }

    #[test]
    fn example_values_follow_types() {
        let none = Checks::default();
        assert_eq!(
            hcl(&example_value(
                &Type::Sid("IS".into()),
                "chat_service_sid",
                &none,
                Sids::Placeholder
            )),
            "\"ISXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\""
        );
        assert_eq!(
            hcl(&example_value(
                &Type::String,
                "friendly_name",
                &none,
                Sids::Placeholder
            )),
            "\"example-friendly-name\""
        );
        let range = Checks {
            minimum: Some(0.0),
            maximum: Some(3.0),
            ..Checks::default()
        };
        assert_eq!(
            hcl(&example_value(
                &Type::Integer,
                "n",
                &range,
                Sids::Placeholder
            )),
            "0"
        );
        assert_eq!(
            hcl(&example_value(
                &Type::Integer,
                "n",
                &none,
                Sids::Placeholder
            )),
            "1"
        );
        let one_of = Checks {
            one_of: vec!["web".into(), "sms".into()],
            ..Checks::default()
        };
        assert_eq!(
            hcl(&example_value(
                &Type::Enum("e".into()),
                "channel_type",
                &one_of,
                Sids::Placeholder
            )),
            "\"web\""
        );
        assert_eq!(
            hcl(&example_value(
                &Type::Array(Box::new(Type::Sid("GE".into()))),
                "x",
                &none,
                Sids::Placeholder
            )),
            "[\"GEXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"]"
        );
        assert_eq!(
            hcl(&example_value(&Type::Json, "x", &none, Sids::Placeholder)),
            "jsonencode({})"
        );
    }

    #[test]
    fn items_align_like_terraform_fmt() {
        let items = vec![
            Item::Attr("friendly_name".into(), "\"a\"".into()),
            Item::Attr("channel_type".into(), "\"web\"".into()),
            Item::Block(
                "integration".into(),
                vec![Item::Attr("url".into(), "\"https://example.com\"".into())],
            ),
            Item::Attr("x".into(), "1".into()),
        ];
        let mut out = String::new();
        render_items(&items, 2, &mut out);
        assert_eq!(
            out,
            "  friendly_name = \"a\"\n  channel_type  = \"web\"\n  integration {\n    url = \"https://example.com\"\n  }\n  x = 1\n"
        );
    }
}
