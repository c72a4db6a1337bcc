//! `terraform/docs/resources/<name>.md`: registry docs, rendered with minijinja from
//! `templates/terraform/resource.md.j2` (embedded, so the library reads no files).
//!
//! The text comes from the derived view ([`super::attrs`]): arguments (required first, then
//! optional, then nested blocks), exported attributes, timeouts and the import ID. The
//! example is generated from the model too:
//! - the required arguments, in the create operation's order, with example values from
//!   their types (SID placeholders `XX` + 32 `X`s, the first enum value, URLs, numbers at
//!   their minimum, ...);
//! - every required nested block; when none is required, the first block one of whose
//!   members the create operation requires under a condition (`Required when
//!   integrationType is external`). Among the satisfiable conditions the one needing the
//!   fewest placeholder values (SIDs), then the fewest members, wins; the condition's
//!   argument is set to its value and the members it requires are filled.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::model::Type;

use super::attrs::{with_period, Attribute, Block, Checks, Mode, TfResource, TfType};
use super::names::{self, article, sid_placeholder, title, Segment};
use super::EmitError;
use crate::model::number_text;

const TEMPLATE: &str = include_str!("../../../../templates/terraform/resource.md.j2");

#[derive(Serialize)]
struct Entry {
    name: String,
    detail: String,
}

#[derive(Serialize)]
struct DocBlock {
    heading: String,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Context {
    page_title: String,
    subcategory: String,
    notice: String,
    type_name: String,
    label: String,
    summary: String,
    paragraphs: Vec<String>,
    example: String,
    arguments: Vec<Entry>,
    argument_blocks: Vec<DocBlock>,
    attributes: Vec<Entry>,
    attribute_blocks: Vec<DocBlock>,
    timeouts: Vec<Entry>,
    import_subject: String,
    import_format: String,
    import_example: String,
}

/// Renders the registry doc of one resource. `spec_file` is the spec's file name.
pub fn render(r: &TfResource<'_>, provider: &str, spec_file: &str) -> Result<String, EmitError> {
    let what = format!("terraform/docs/resources/{}.md", r.name);
    let ctx = context(r, provider, spec_file);
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    let fail = |e: minijinja::Error| EmitError {
        what: what.clone(),
        message: e.to_string(),
    };
    env.add_template("resource.md", TEMPLATE).map_err(fail)?;
    env.get_template("resource.md")
        .and_then(|t| t.render(&ctx))
        .map_err(fail)
}

fn context(r: &TfResource<'_>, provider: &str, spec_file: &str) -> Context {
    let subject = title(&r.name);
    let label = names::label(&r.name);
    let mut paragraphs = Vec::new();
    if let Some(d) = r.resource.description.as_deref().map(one_line) {
        if !d.is_empty() && !d.eq_ignore_ascii_case(&subject) {
            paragraphs.push(with_period(&d));
        }
    }

    let mut arguments: Vec<&Attribute> = r
        .attributes
        .iter()
        .filter(|a| a.mode.is_argument())
        .collect();
    arguments.sort_by_key(|a| (a.mode != Mode::Required, a.name.clone()));
    let mut argument_entries: Vec<Entry> = arguments.iter().map(|a| argument(a)).collect();
    for b in &r.blocks {
        argument_entries.push(Entry {
            name: b.name.clone(),
            detail: format!(
                "({}) {} `{}` block as documented below.",
                if b.required { "Mandatory" } else { "Optional" },
                capitalize(article(&b.name)),
                b.name
            ),
        });
    }

    let mut attributes: Vec<&Attribute> = r.attributes.iter().collect();
    attributes.sort_by_key(|a| (a.name != "id", a.name.clone()));
    let mut attribute_entries: Vec<Entry> = attributes
        .iter()
        .map(|a| Entry {
            name: a.name.clone(),
            detail: one_line(&a.description),
        })
        .collect();
    for b in &r.blocks {
        attribute_entries.push(Entry {
            name: b.name.clone(),
            detail: format!(
                "{} `{}` block as documented below.",
                capitalize(article(&b.name)),
                b.name
            ),
        });
    }

    let timeouts = r
        .timeouts
        .iter()
        .map(|t| Entry {
            name: t.action.to_owned(),
            detail: format!(
                "(Defaults to {} minutes) Used when {} the {subject}",
                t.minutes, t.doing
            ),
        })
        .collect();

    let segments = names::import_segments(&r.instance_path, &r.api.version);
    let import_format = names::render_import(&segments, |p| {
        format!("{{{}}}", super::attrs::attribute_name(p))
    });
    let import_example = import_example(r, &segments);

    Context {
        page_title: format!("{} {subject}", title(provider)),
        subcategory: title(&crate::model::names::snake(&r.api.domain)),
        notice: format!(
            "Generated by twilio-codegen from {spec_file}: edit the spec or the generator, not this file."
        ),
        type_name: r.type_name.clone(),
        label,
        summary: format!("Manages {} {subject}.", article(&subject)),
        paragraphs,
        example: example(r),
        arguments: argument_entries,
        argument_blocks: block_docs(&r.blocks, None, true),
        attributes: attribute_entries,
        attribute_blocks: block_docs(&r.blocks, None, false),
        timeouts,
        import_subject: format!("{} {subject}", capitalize(article(&subject))),
        import_format,
        import_example,
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Collapses whitespace (descriptions may span lines) so a list item stays one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `a`, `b` or `c`.
fn or_list(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Sentences the checks add to an argument's description.
fn check_notes(a: &Attribute) -> Vec<String> {
    let mut notes = Vec::new();
    let c = &a.checks;
    if !c.one_of.is_empty() {
        let whose = match a.ty {
            TfType::List(_) | TfType::Map(_) => "Valid element values are",
            _ => "Valid values are",
        };
        notes.push(format!("{whose} {}.", or_list(&c.one_of)));
    }
    match (c.minimum, c.maximum) {
        (Some(lo), Some(hi)) => notes.push(format!(
            "Must be between `{}` and `{}`.",
            number_text(lo),
            number_text(hi)
        )),
        (Some(lo), None) => notes.push(format!("Must be at least `{}`.", number_text(lo))),
        (None, Some(hi)) => notes.push(format!("Must be at most `{}`.", number_text(hi))),
        (None, None) => {}
    }
    if a.requires_replace {
        notes.push("Changing this forces a new resource to be created.".to_owned());
    }
    if a.update_only {
        notes.push("Only the update operation takes it, not create.".to_owned());
    }
    notes
}

fn argument(a: &Attribute) -> Entry {
    let mode = if a.mode == Mode::Required {
        "Mandatory"
    } else {
        "Optional"
    };
    let mut parts = vec![format!("({mode})")];
    let description = one_line(&a.description);
    if !description.is_empty() {
        parts.push(with_period(&description));
    }
    parts.extend(check_notes(a));
    Entry {
        name: a.name.clone(),
        detail: parts.join(" "),
    }
}

/// The member lists of nested blocks, depth first; `arguments` picks the argument form.
fn block_docs(blocks: &[Block], parent: Option<&str>, arguments: bool) -> Vec<DocBlock> {
    let mut out = Vec::new();
    for b in blocks {
        let within = parent
            .map(|p| format!(" (inside `{p}`)"))
            .unwrap_or_default();
        let mut entries: Vec<Entry> = b
            .attributes
            .iter()
            .filter(|a| !arguments || a.mode.is_argument())
            .map(|a| {
                if arguments {
                    argument(a)
                } else {
                    Entry {
                        name: a.name.clone(),
                        detail: one_line(&a.description),
                    }
                }
            })
            .collect();
        for sub in &b.blocks {
            let detail = format!(
                "{} `{}` block as documented below.",
                capitalize(article(&sub.name)),
                sub.name
            );
            entries.push(Entry {
                name: sub.name.clone(),
                detail: if arguments {
                    let mode = if sub.required {
                        "Mandatory"
                    } else {
                        "Optional"
                    };
                    format!("({mode}) {detail}")
                } else {
                    detail
                },
            });
        }
        out.push(DocBlock {
            heading: format!(
                "{} `{}` block{within} supports the following:",
                capitalize(article(&b.name)),
                b.name
            ),
            entries,
        });
        out.extend(block_docs(&b.blocks, Some(&b.name), arguments));
    }
    out
}

fn import_example(r: &TfResource<'_>, segments: &[Segment<'_>]) -> String {
    let fetch = r
        .resource
        .operation(crate::model::OperationKind::Fetch)
        .map(|o| o.path_params.as_slice())
        .unwrap_or_default();
    names::render_import(segments, |p| {
        let param = fetch.iter().find(|x| x.name == p);
        match param {
            Some(param) => {
                let checks = super::attrs::checks(r.api, &param.ty, &param.constraints);
                match example_value(&param.ty, &super::attrs::attribute_name(p), &checks) {
                    Hcl::Str(s) | Hcl::Num(s) | Hcl::Expr(s) => s,
                    Hcl::Bool(b) => b.to_string(),
                    other => hcl(&other),
                }
            }
            None => format!("{{{}}}", super::attrs::attribute_name(p)),
        }
    })
}

/// An HCL value.
#[derive(Debug, Clone, PartialEq)]
enum Hcl {
    Str(String),
    Num(String),
    Bool(bool),
    List(Vec<Hcl>),
    Map(Vec<(String, Hcl)>),
    Expr(String),
}

/// An HCL quoted string: quotes, backslashes and template sequences escaped.
fn hcl_string(s: &str) -> String {
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

fn hcl(v: &Hcl) -> String {
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

/// An example value for a model type; `checks` apply to the value or its elements.
fn example_value(ty: &Type, name: &str, checks: &Checks) -> Hcl {
    match ty {
        Type::Array(t) => return Hcl::List(vec![example_value(t, name, checks)]),
        Type::Map(t) => return Hcl::Map(vec![("key".to_owned(), example_value(t, name, checks))]),
        _ => {}
    }
    if let Some(v) = checks.one_of.first() {
        return Hcl::Str(v.clone());
    }
    if let Some(prefix) = checks.pattern.as_ref().and_then(|p| p.sid_prefix.as_ref()) {
        return Hcl::Str(sid_placeholder(prefix));
    }
    let s = |v: &str| Hcl::Str(v.to_owned());
    match ty {
        Type::Sid(prefix) => Hcl::Str(sid_placeholder(prefix)),
        Type::Uri => s("https://example.com"),
        Type::PhoneNumber => s("+15005550006"),
        Type::Currency => s("1.00"),
        Type::Date => s("2024-01-01"),
        Type::DateTime => s("2024-01-01T00:00:00Z"),
        Type::DateTimeRfc2822 => s("Mon, 01 Jan 2024 00:00:00 +0000"),
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

fn example_of(a: &Attribute) -> String {
    hcl(&example_value(&a.model_ty, &a.name, &a.checks))
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
            let arg_name = super::attrs::attribute_name(&cond.param);
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
                                super::attrs::attribute_name(&c.param) == arg_name
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
fn required_body(b: &Block) -> Vec<Item> {
    let mut items: Vec<Item> = b
        .attributes
        .iter()
        .filter(|a| a.mode == Mode::Required)
        .map(|a| Item::Attr(a.name.clone(), example_of(a)))
        .collect();
    for sub in b.blocks.iter().filter(|s| s.required) {
        items.push(Item::Block(sub.name.clone(), required_body(sub)));
    }
    items
}

/// The example configuration (HCL, formatted as `terraform fmt` would).
fn example(r: &TfResource<'_>) -> String {
    let mut required: Vec<&Attribute> = r
        .attributes
        .iter()
        .filter(|a| a.mode == Mode::Required)
        .collect();
    required.sort_by_key(|a| (a.create_position.unwrap_or(usize::MAX), a.name.clone()));
    let mut first: Vec<Item> = required
        .iter()
        .map(|a| Item::Attr(a.name.clone(), example_of(a)))
        .collect();

    let mut second: Vec<Item> = Vec::new();
    for b in r.blocks.iter().filter(|b| b.required) {
        second.push(Item::Block(b.name.clone(), required_body(b)));
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
                .map(|a| Item::Attr(a.name.clone(), example_of(a)))
                .collect();
            for sub in b.blocks.iter().filter(|s| s.required) {
                body.push(Item::Block(sub.name.clone(), required_body(sub)));
            }
            second.push(Item::Block(b.name.clone(), body));
        }
    }

    let label = names::label(&r.name);
    let mut out = format!("resource \"{}\" \"{label}\" {{\n", r.type_name);
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

#[cfg(test)]
mod tests {
    use super::*;

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
                &none
            )),
            "\"ISXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\""
        );
        assert_eq!(
            hcl(&example_value(&Type::String, "friendly_name", &none)),
            "\"example-friendly-name\""
        );
        let range = Checks {
            minimum: Some(0.0),
            maximum: Some(3.0),
            ..Checks::default()
        };
        assert_eq!(hcl(&example_value(&Type::Integer, "n", &range)), "0");
        assert_eq!(hcl(&example_value(&Type::Integer, "n", &none)), "1");
        let one_of = Checks {
            one_of: vec!["web".into(), "sms".into()],
            ..Checks::default()
        };
        assert_eq!(
            hcl(&example_value(
                &Type::Enum("e".into()),
                "channel_type",
                &one_of
            )),
            "\"web\""
        );
        assert_eq!(
            hcl(&example_value(
                &Type::Array(Box::new(Type::Sid("GE".into()))),
                "x",
                &none
            )),
            "[\"GEXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"]"
        );
        assert_eq!(
            hcl(&example_value(&Type::Json, "x", &none)),
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

    #[test]
    fn or_lists() {
        assert_eq!(or_list(&["a".into()]), "`a`");
        assert_eq!(
            or_list(&["a".into(), "b".into(), "c".into()]),
            "`a`, `b` or `c`"
        );
    }
}
