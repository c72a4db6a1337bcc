//! Terraform output: snapshots of the three files generated from spec/, the provider code
//! specification checked against HashiCorp's JSON Schema, the names of the community
//! provider's `twilio_flex_flow` doc, every eligible resource of the full Flex v1 spec, a
//! nested resource, a resource Terraform cannot express (skipped with a warning), and
//! `terraform fmt` on the docs' examples.
//!
//! Expected facts are read from the model (create/update parameters, enums, ranges), not
//! written down here, so the checks hold for any resource.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use twilio_codegen::model::names::snake;
use twilio_codegen::model::{Api, OperationKind, Param, Resource};
use twilio_codegen::{Settings, SpecInput};
use workspace_tests::{
    flexflow_spec, read, repo_root, second_spec, shared_flex_spec, FLEXFLOW_SPEC_NAME,
    SECOND_SPEC_NAME,
};

const SCHEMA: &str = "terraform/providers-schema.json";
const CODE_SPEC: &str = "terraform/provider-code-spec.json";
const DOCS: &str = "terraform/docs/resources/";
const FLEX_FLOW_DOC: &str = "terraform/docs/resources/flex_flow.md";
const FLEX_FLOW_DATA_DOC: &str = "terraform/docs/data-sources/flex_flow.md";
const INDEX_DOC: &str = "terraform/docs/index.md";
const PROVIDER_CRATE: &str = "terraform-provider-twilio/";
const PROVIDER_MAIN: &str = "terraform-provider-twilio/src/main.rs";
const PROVIDER_JSON: &str = "terraform-provider-twilio/src/provider.json";
const PROVIDER_CARGO: &str = "terraform-provider-twilio/Cargo.toml";

/// The Terraform files generated from a spec's text.
fn terraform_files(name: &str, text: &str) -> BTreeMap<String, String> {
    let out = twilio_codegen::Generator::new(Settings::default())
        .generate(&[twilio_codegen::SpecInput::new(name, text)])
        .unwrap_or_else(|e| panic!("{name} generates: {e}"));
    out.files
        .into_iter()
        .filter(|(path, _)| path.starts_with("terraform/") || path.starts_with(PROVIDER_CRATE))
        .collect()
}

fn flexflow() -> (Api, BTreeMap<String, String>) {
    let text = read(&flexflow_spec());
    let api = twilio_codegen::model::read(FLEXFLOW_SPEC_NAME, &text).expect("spec/ builds");
    (api, terraform_files(FLEXFLOW_SPEC_NAME, &text))
}

fn full_flex() -> (Api, BTreeMap<String, String>) {
    let text = read(&shared_flex_spec());
    let api = twilio_codegen::model::read("twilio_flex_v1.yaml", &text).expect("full spec builds");
    (api, terraform_files("twilio_flex_v1.yaml", &text))
}

/// The provider crate's Rust code: `src/main.rs` and every resource module, in path order.
fn provider_code(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .filter(|(path, _)| path.starts_with(PROVIDER_CRATE) && path.ends_with(".rs"))
        .map(|(_, text)| text.as_str())
        .collect()
}

/// The provider's module of one resource (`voice_settings`).
fn provider_module<'f>(files: &'f BTreeMap<String, String>, name: &str) -> &'f str {
    let path = format!("{PROVIDER_CRATE}src/resources/{name}.rs");
    files
        .get(&path)
        .unwrap_or_else(|| panic!("{path} is generated"))
}

fn json(files: &BTreeMap<String, String>, path: &str) -> Value {
    let text = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is generated"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{path} is JSON: {e}"))
}

/// Resources with create and fetch (a delete or not), and objects Twilio already has (a
/// fetch, no collection, no delete, a create or update on the fetch's path).
fn eligible(api: &Api) -> Vec<&Resource> {
    api.resources
        .iter()
        .filter(|r| {
            let owned = [OperationKind::Create, OperationKind::Fetch]
                .iter()
                .all(|k| r.operation(*k).is_some());
            let adopted = r.operation(OperationKind::Fetch).is_some_and(|fetch| {
                r.list_path.is_none()
                    && r.operation(OperationKind::Delete).is_none()
                    && r.operations.iter().any(|o| {
                        matches!(o.kind, OperationKind::Create | OperationKind::Update)
                            && o.path == fetch.path
                    })
            });
            owned || adopted
        })
        .collect()
}

/// HashiCorp's code specification schema, from `../shared/terraform/`.
fn code_spec_validator() -> jsonschema::Validator {
    let path = repo_root().join("../shared/terraform/codegen-spec-v0.1.schema.json");
    assert!(
        path.exists(),
        "{} is missing: HashiCorp's provider code specification schema (v0.1) must be at \
         ../shared/terraform/ beside the checkout",
        path.display()
    );
    let schema: Value = serde_json::from_str(&read(&path)).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("the schema compiles")
}

fn code_spec_errors(validator: &jsonschema::Validator, spec: &Value) -> Vec<String> {
    validator
        .iter_errors(spec)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The providers schema's resource schemas.
fn resource_schemas(schema: &Value) -> &serde_json::Map<String, Value> {
    schema["provider_schemas"][Settings::default().provider_address.as_str()]["resource_schemas"]
        .as_object()
        .expect("resource_schemas keyed by the default provider address")
}

/// Checks a block of the providers schema against the rules of Terraform's format.
fn check_block(block: &Value, at: &str, problems: &mut Vec<String>) {
    let kinds = ["plain", "markdown"];
    if !kinds.contains(&block["description_kind"].as_str().unwrap_or("")) {
        problems.push(format!("{at}: block description_kind"));
    }
    for (name, a) in block["attributes"].as_object().into_iter().flatten() {
        let at = format!("{at}.{name}");
        let flag = |k: &str| a.get(k) == Some(&Value::Bool(true));
        if a.get("type").is_none() {
            problems.push(format!("{at}: no type"));
        }
        if !kinds.contains(&a["description_kind"].as_str().unwrap_or("")) {
            problems.push(format!("{at}: description_kind"));
        }
        if !(flag("required") || flag("optional") || flag("computed")) {
            problems.push(format!("{at}: neither required, optional nor computed"));
        }
        if flag("required") && (flag("optional") || flag("computed")) {
            problems.push(format!("{at}: required with optional or computed"));
        }
    }
    for (name, b) in block["block_types"].as_object().into_iter().flatten() {
        let at = format!("{at}.{name}");
        let modes = ["single", "list", "set", "map", "group"];
        if !modes.contains(&b["nesting_mode"].as_str().unwrap_or("")) {
            problems.push(format!("{at}: nesting_mode"));
        }
        check_block(&b["block"], &at, problems);
    }
}

fn check_providers_schema(schema: &Value) {
    assert_eq!(schema["format_version"], "1.0");
    let mut problems = Vec::new();
    for (name, r) in resource_schemas(schema) {
        check_block(&r["block"], name, &mut problems);
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

fn attribute_names(block: &Value) -> BTreeSet<String> {
    block["attributes"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The code spec's attribute named `name` in a list of attributes: (type key, body).
fn spec_attribute<'a>(attributes: &'a Value, name: &str) -> Option<(&'a str, &'a Value)> {
    attributes.as_array()?.iter().find_map(|a| {
        let obj = a.as_object()?;
        if obj.get("name")?.as_str()? != name {
            return None;
        }
        obj.iter()
            .find(|(k, _)| k.as_str() != "name")
            .map(|(k, v)| (k.as_str(), v))
    })
}

fn definitions(body: &Value, key: &str) -> Vec<String> {
    body[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["custom"]["schema_definition"].as_str())
        .map(str::to_owned)
        .collect()
}

/// The documented naming rule: the mount name, prefixed with the domain unless it already
/// starts with it.
fn expected_name(api: &Api, r: &Resource) -> String {
    let mount = snake(r.mount_name.as_deref().unwrap_or(&r.name));
    if mount == api.domain || mount.starts_with(&format!("{}_", api.domain)) {
        mount
    } else {
        format!("{}_{mount}", api.domain)
    }
}

/// For every eligible resource: each create/update body parameter is one attribute with the
/// mode and plan modifiers the model implies (required in create: required; create but
/// not update: RequiresReplace), and `id` is computed.
fn check_against_model(api: &Api, files: &BTreeMap<String, String>) {
    let schema = json(files, SCHEMA);
    let spec = json(files, CODE_SPEC);
    let schemas = resource_schemas(&schema);
    for r in eligible(api) {
        // An adopted object is created by the operation that sets it (update, when create
        // is missing).
        let create = r
            .operation(OperationKind::Create)
            .or_else(|| r.operation(OperationKind::Update))
            .expect("eligible");
        let update = r.operation(OperationKind::Update);
        let update_names: BTreeSet<&str> = update
            .and_then(|u| u.body.as_ref())
            .map(|b| {
                b.all_params()
                    .into_iter()
                    .map(|p| p.name.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let spec_resource = spec["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .find(|x| x["name"] == expected_name(api, r).as_str())
            .unwrap_or_else(|| panic!("code spec has resource {}", r.name));
        let type_name = format!("twilio_{}", spec_resource["name"].as_str().unwrap_or(""));
        let block = &schemas
            .get(&type_name)
            .unwrap_or_else(|| panic!("providers schema has {type_name}"))["block"];
        assert_eq!(
            block["attributes"]["id"]["computed"], true,
            "{type_name}.id"
        );

        let plain: Vec<&Param> = create
            .path_params
            .iter()
            .chain(create.body.iter().flat_map(|b| &b.params))
            .collect();
        // What every update must send is required too (a questionnaire's `Active`).
        let update_requires = |name: &str| {
            r.operation(OperationKind::Update)
                .and_then(|u| u.body.as_ref())
                .is_some_and(|b| b.params.iter().any(|x| x.name == name && x.required))
        };
        for p in plain {
            let name = snake(&p.name);
            let a = &block["attributes"][&name];
            let path_param = create.path_params.iter().any(|x| x.name == p.name);
            assert_eq!(
                a["required"] == true,
                p.required || path_param || update_requires(&p.name),
                "{type_name}.{name} required"
            );
            let (_, body) = spec_attribute(&spec_resource["schema"]["attributes"], &name)
                .unwrap_or_else(|| panic!("code spec has {type_name}.{name}"));
            let replaces = definitions(body, "plan_modifiers")
                .iter()
                .any(|d| d.ends_with(".RequiresReplace()"));
            assert_eq!(
                replaces,
                path_param || !update_names.contains(p.name.as_str()),
                "{type_name}.{name} RequiresReplace"
            );
        }
        for g in create.body.iter().flat_map(|b| &b.groups) {
            let group = snake(&g.name);
            let members = attribute_names(&block["block_types"][&group]["block"]);
            for p in &g.params {
                let member = snake(g.member_key(p));
                assert!(
                    members.contains(&member),
                    "{type_name}.{group} has {member}: {members:?}"
                );
            }
        }
    }
}

/// The Terraform files of spec/ (their contents are `generated/`, checked in and kept fresh
/// by `tests/tool/freshness.rs`).
#[test]
fn spec_output_has_the_terraform_files() {
    let (_, files) = flexflow();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            PROVIDER_CARGO,
            "terraform-provider-twilio/README.md",
            "terraform-provider-twilio/rustfmt.toml",
            PROVIDER_MAIN,
            PROVIDER_JSON,
            "terraform-provider-twilio/src/resources/flex_flow.rs",
            "terraform-provider-twilio/src/resources/mod.rs",
            FLEX_FLOW_DATA_DOC,
            INDEX_DOC,
            FLEX_FLOW_DOC,
            CODE_SPEC,
            SCHEMA,
        ]
    );
}

#[test]
fn output_is_deterministic_pretty_json() {
    let text = read(&flexflow_spec());
    let a = terraform_files(FLEXFLOW_SPEC_NAME, &text);
    let b = terraform_files(FLEXFLOW_SPEC_NAME, &text);
    assert_eq!(a, b);
    // Only the spec's file name appears, never the path it was given as.
    let c = terraform_files("/some/where/else/twilio_flex_v1.yaml", &text);
    assert_eq!(a, c);
    for path in [SCHEMA, CODE_SPEC] {
        let t = &a[path];
        assert!(t.ends_with("}\n"), "{path} ends with a newline");
        assert!(t.contains("\n  \""), "{path} is pretty-printed");
    }
}

#[test]
fn code_spec_of_spec_is_valid() {
    let (_, files) = flexflow();
    let errors = code_spec_errors(&code_spec_validator(), &json(&files, CODE_SPEC));
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn code_spec_validator_rejects_broken_specs() {
    let (_, files) = flexflow();
    let validator = code_spec_validator();
    let good = json(&files, CODE_SPEC);

    let mut no_mode = good.clone();
    let first = &mut no_mode["resources"][0]["schema"]["attributes"][0];
    let key = first
        .as_object()
        .and_then(|o| o.keys().find(|k| k.as_str() != "name").cloned())
        .expect("a type key");
    first[&key]
        .as_object_mut()
        .expect("attribute body")
        .remove("computed_optional_required");
    assert!(!code_spec_errors(&validator, &no_mode).is_empty());

    let mut bad_name = good.clone();
    bad_name["resources"][0]["name"] = Value::from("Flex-Flow");
    assert!(!code_spec_errors(&validator, &bad_name).is_empty());
}

#[test]
fn flexflow_schema_follows_the_model() {
    let (api, files) = flexflow();
    check_providers_schema(&json(&files, SCHEMA));
    check_against_model(&api, &files);

    let schema = json(&files, SCHEMA);
    let block = &resource_schemas(&schema)["twilio_flex_flow"]["block"];
    let spec = json(&files, CODE_SPEC);
    let resource = &spec["resources"][0];
    assert_eq!(resource["name"], "flex_flow");
    let flow = &api.resources[0];
    let create = flow.operation(OperationKind::Create).expect("create");
    let body = create.body.as_ref().expect("create body");

    // Response-only fields are computed, and only they (plus `id`).
    let model = api
        .models
        .iter()
        .find(|m| Some(&m.name) == flow.model.as_ref())
        .expect("response model");
    let params: BTreeSet<String> = flow
        .operations
        .iter()
        .filter(|o| matches!(o.kind, OperationKind::Create | OperationKind::Update))
        .flat_map(|o| o.body.iter().flat_map(|b| b.params.iter()))
        .map(|p| snake(&p.name))
        .collect();
    let groups: BTreeSet<String> = flow.groups.iter().map(|g| snake(&g.name)).collect();
    let mut expected: BTreeSet<String> = model
        .fields
        .iter()
        .map(|f| snake(&f.name))
        .filter(|n| !params.contains(n) && !groups.contains(n))
        .collect();
    expected.insert("id".into());
    let computed_only: BTreeSet<String> = block["attributes"]
        .as_object()
        .expect("attributes")
        .iter()
        .filter(|(_, a)| a["computed"] == true && a.get("optional").is_none())
        .map(|(n, _)| n.clone())
        .collect();
    assert_eq!(computed_only, expected);
    assert!(computed_only.contains("sid") && computed_only.contains("date_created"));

    // Optional arguments the response also has are optional + computed.
    for p in body.params.iter().filter(|p| !p.required) {
        let a = &block["attributes"][snake(&p.name)];
        assert_eq!(a["optional"], true, "{}", p.name);
        let in_response = model
            .fields
            .iter()
            .any(|f| snake(&f.name) == snake(&p.name));
        assert_eq!(a["computed"] == true, in_response, "{}", p.name);
    }

    // Enums: cty string, OneOf with the model's values.
    for p in &body.params {
        if let twilio_codegen::model::Type::Enum(e) = &p.ty {
            let values = &api
                .enums
                .iter()
                .find(|x| &x.name == e)
                .expect("enum")
                .values;
            let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            let name = snake(&p.name);
            assert_eq!(block["attributes"][&name]["type"], "string");
            let (_, a) = spec_attribute(&resource["schema"]["attributes"], &name).expect("attr");
            assert_eq!(
                definitions(a, "validators"),
                [format!("stringvalidator.OneOf({})", quoted.join(", "))]
            );
        }
        if let Some(pattern) = &p.constraints.pattern {
            let (_, a) =
                spec_attribute(&resource["schema"]["attributes"], &snake(&p.name)).expect("attr");
            let defs = definitions(a, "validators");
            assert!(
                defs.iter()
                    .any(|d| d.contains(&format!("regexp.MustCompile(`{pattern}`)"))),
                "{}: {defs:?}",
                p.name
            );
            let imports = a["validators"][0]["custom"]["imports"].to_string();
            assert!(imports.contains("\"regexp\"") && imports.contains("/stringvalidator"));
        }
    }

    // The dotted group: one nested block, group nesting (optional, never null, so the
    // server fills what configuration leaves out), members relative to it.
    let group = &flow.groups[0];
    let name = snake(&group.name);
    let nested = &block["block_types"][&name];
    assert_eq!(nested["nesting_mode"], "group");
    let members = attribute_names(&nested["block"]);
    let expected: BTreeSet<String> = group
        .params
        .iter()
        .map(|p| snake(group.member_key(p)))
        .collect();
    assert_eq!(members, expected);
    let spec_block = resource["schema"]["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .find(|b| b["name"] == name.as_str())
        .expect("the group's block in the code spec");
    let spec_members = &spec_block["single_nested"]["attributes"];
    for p in &group.params {
        let member = snake(group.member_key(p));
        let (ty, a) = spec_attribute(spec_members, &member).expect("member");
        let defs = definitions(a, "validators");
        if let (Some(lo), Some(hi)) = (p.constraints.minimum, p.constraints.maximum) {
            assert_eq!(ty, "int64", "{member}");
            assert!(
                defs.contains(&format!("int64validator.Between({lo}, {hi})")),
                "{member}: {defs:?}"
            );
            assert_eq!(nested["block"]["attributes"][&member]["type"], "number");
        }
    }
    assert!(
        group
            .params
            .iter()
            .any(|p| p.constraints.minimum.is_some() && p.constraints.maximum.is_some()),
        "the model has a range in the group (Integration.RetryCount)"
    );

    // Timeouts with the four actions.
    let timeouts = attribute_names(&block["block_types"]["timeouts"]["block"]);
    assert_eq!(
        timeouts,
        ["create", "delete", "read", "update"]
            .map(String::from)
            .into()
    );
}

/// Names from one reference section of the community doc: top level, and per block.
#[derive(Debug, Default)]
struct SeedSection {
    top: Vec<(String, Option<String>)>,
    blocks: BTreeMap<String, Vec<String>>,
}

/// Parses the backticked names of the seed doc's Argument and Attributes Reference lists.
fn parse_seed(text: &str) -> BTreeMap<String, SeedSection> {
    let mut out: BTreeMap<String, SeedSection> = BTreeMap::new();
    let mut section: Option<String> = None;
    let mut block: Option<String> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = ["Argument Reference", "Attributes Reference"]
                .contains(&h.trim())
                .then(|| h.trim().to_owned());
            block = None;
            continue;
        }
        let Some(s) = &section else { continue };
        if line.contains("block supports the following") {
            block = line.split('`').nth(1).map(str::to_owned);
            continue;
        }
        let Some(rest) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((name, tail)) = rest.split_once('`') else {
            continue;
        };
        let mode = ["Mandatory", "Optional"]
            .into_iter()
            .find(|m| {
                tail.trim_start_matches(" - ")
                    .starts_with(&format!("({m})"))
            })
            .map(str::to_owned);
        let entry = out.entry(s.clone()).or_default();
        match &block {
            Some(b) => entry
                .blocks
                .entry(b.clone())
                .or_default()
                .push(name.to_owned()),
            None => entry.top.push((name.to_owned(), mode)),
        }
    }
    out
}

fn seed_doc() -> String {
    let dir = repo_root().join("../shared/seeds");
    let found = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}): the seed docs must be at ../shared/seeds/",
                dir.display()
            )
        })
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("000_") && n.ends_with(".txt"))
        })
        .unwrap_or_else(|| panic!("no 000_*.txt in {}", dir.display()));
    read(&found)
}

/// The list items (`- `name``) of one `## ` section of a generated doc, per block heading.
fn doc_names(doc: &str, heading: &str) -> BTreeMap<Option<String>, BTreeSet<String>> {
    let mut out: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    let mut inside = false;
    let mut block = None;
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.trim() == heading;
            block = None;
            continue;
        }
        if !inside {
            continue;
        }
        if line.contains("block supports the following") {
            block = line.split('`').nth(1).map(str::to_owned);
            continue;
        }
        if let Some(name) = line.strip_prefix("- `").and_then(|r| r.split('`').next()) {
            out.entry(block.clone())
                .or_default()
                .insert(name.to_owned());
        }
    }
    out
}

#[test]
fn community_doc_names_appear_in_schema_and_docs() {
    let seed = seed_doc();
    let sections = parse_seed(&seed);
    let args = sections.get("Argument Reference").expect("seed arguments");
    let attrs = sections
        .get("Attributes Reference")
        .expect("seed attributes");
    assert!(args.top.len() >= 5 && !args.blocks.is_empty(), "{args:?}");

    let (_, files) = flexflow();
    let schema = json(&files, SCHEMA);
    let block = &resource_schemas(&schema)["twilio_flex_flow"]["block"];
    let doc = &files[FLEX_FLOW_DOC];
    let doc_args = doc_names(doc, "Argument Reference");
    let doc_attrs = doc_names(doc, "Attributes Reference");

    for (name, mode) in &args.top {
        let a = &block["attributes"][name];
        let is_block = block["block_types"].get(name).is_some();
        assert!(
            a.is_object() || is_block,
            "argument `{name}` is in the schema"
        );
        match mode.as_deref() {
            Some("Mandatory") => assert_eq!(a["required"], true, "{name} is required"),
            Some("Optional") if !is_block => assert_eq!(a["optional"], true, "{name}"),
            _ => {}
        }
        assert!(
            doc_args[&None].contains(name),
            "argument `{name}` in the doc"
        );
    }
    for (name, _) in &attrs.top {
        assert!(
            block["attributes"].get(name).is_some() || block["block_types"].get(name).is_some(),
            "attribute `{name}` is in the schema"
        );
        assert!(
            doc_attrs[&None].contains(name),
            "attribute `{name}` in the doc"
        );
    }
    for (section, docs) in [(args, &doc_args), (attrs, &doc_attrs)] {
        for (b, members) in &section.blocks {
            let schema_members = attribute_names(&block["block_types"][b]["block"]);
            for m in members {
                assert!(schema_members.contains(m), "`{b}.{m}` is in the schema");
                assert!(
                    docs.get(&Some(b.clone())).is_some_and(|s| s.contains(m)),
                    "`{b}.{m}` is in the doc"
                );
            }
        }
    }

    // The resource type and the import command are the same.
    let heading = seed
        .lines()
        .find(|l| l.starts_with("# "))
        .expect("seed title");
    assert!(doc.lines().any(|l| l == heading), "{heading}");
    let import = seed
        .lines()
        .find(|l| l.starts_with("terraform import "))
        .expect("seed import");
    assert!(doc.lines().any(|l| l == import), "{import}");
}

#[test]
fn every_eligible_resource_of_full_flex_v1() {
    let (api, files) = full_flex();
    let count = eligible(&api).len();
    assert!(count > 1, "the full spec has several eligible resources");

    let spec = json(&files, CODE_SPEC);
    let errors = code_spec_errors(&code_spec_validator(), &spec);
    assert!(errors.is_empty(), "{errors:#?}");
    let names: Vec<&str> = spec["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names.len(), count, "{names:?}");
    assert_eq!(
        names,
        [
            "flex_channel",
            "flex_configuration",
            "flex_flow",
            "flex_insights_questionnaires",
            "flex_interaction",
            "flex_interaction_transfer",
            "flex_plugin",
            "flex_plugin_configurations",
            "flex_plugin_releases",
            "flex_plugin_versions",
            "flex_web_channel"
        ]
    );

    let schema = json(&files, SCHEMA);
    check_providers_schema(&schema);
    assert_eq!(resource_schemas(&schema).len(), count);
    let docs = files.keys().filter(|p| p.starts_with(DOCS)).count();
    assert_eq!(docs, count);
    for name in &names {
        assert!(files.contains_key(&format!("{DOCS}{name}.md")), "{name}");
        assert!(resource_schemas(&schema).contains_key(&format!("twilio_{name}")));
    }
    check_against_model(&api, &files);

    // The instance SID of a resource whose path parameter is not `Sid` is still `id`.
    let q = &resource_schemas(&schema)["twilio_flex_insights_questionnaires"]["block"];
    assert_eq!(q["attributes"]["questionnaire_sid"]["computed"], true);
    assert!(files[&format!("{DOCS}flex_insights_questionnaires.md")]
        .contains("/Insights/QualityManagement/Questionnaires/{questionnaire_sid}"));
    // Header parameters (Authorization) are not arguments.
    assert!(q["attributes"].get("authorization").is_none());
}

/// A nested resource (create on `/v1/Things/{ThingSid}/Parts`), without update.
const NESTED_SPEC: &str = include_str!("../specs/nested.yaml");

/// API v2010's resources act in the provider's account unless `account_sid` names another:
/// the attribute is optional (and computed where the response has `account_sid`), and the
/// provider scopes the API handle only when it is set.
#[test]
fn the_v2010_account_defaults_to_the_providers() {
    let path = repo_root().join("../shared/specs/twilio_api_v2010.yaml");
    let files = terraform_files("twilio_api_v2010.yaml", &read(&path));
    let schema = json(&files, SCHEMA);
    let schemas = resource_schemas(&schema);
    let definition = json(&files, PROVIDER_JSON);
    let mut scoped = 0;
    for (name, s) in schemas {
        // The definition names the account attribute for the runtime to fill.
        let named = &definition["resources"][name.as_str()]["account"];
        let Some(account) = s["block"]["attributes"].get("account_sid") else {
            assert!(named.is_null(), "{name}: {named}");
            continue;
        };
        assert_eq!(named, "account_sid", "{name}");
        scoped += 1;
        assert_eq!(account["optional"], true, "{name}: {account}");
        assert!(account.get("required").is_none(), "{name}: {account}");
        assert!(
            account["description"]
                .as_str()
                .is_some_and(|d| d.ends_with("Defaults to the provider's account.")),
            "{name}: {account}"
        );
    }
    assert!(
        scoped >= 20,
        "{scoped} v2010 resource types have account_sid"
    );
    // A message's response names its account: the value is read back into state.
    let message = &schemas["twilio_api_message"]["block"]["attributes"]["account_sid"];
    assert_eq!(message["computed"], true, "{message}");
    let main = provider_code(&files);
    assert!(
        main.contains("Some(account) => api.in_account(&account)"),
        "the provider scopes the API handle to a set account_sid"
    );
    // Read as an optional key, never a required one.
    assert!(main.contains("match args.opt(key::ACCOUNT_SID)?"));
    assert!(!main.contains("args.req(key::ACCOUNT_SID)"));
}

#[test]
fn nested_resource_takes_its_parent_sid() {
    let api =
        twilio_codegen::model::read("nested.yaml", NESTED_SPEC).expect("the nested spec builds");
    assert_eq!(eligible(&api).len(), 1);
    let files = terraform_files("nested.yaml", NESTED_SPEC);
    check_against_model(&api, &files);
    let spec = json(&files, CODE_SPEC);
    assert!(code_spec_errors(&code_spec_validator(), &spec).is_empty());

    let schema = json(&files, SCHEMA);
    let schemas = resource_schemas(&schema);
    let block = &schemas
        .get("twilio_example_parts")
        .unwrap_or_else(|| panic!("domain-prefixed type: {:?}", schemas.keys()))["block"];
    let parent = &block["attributes"]["thing_sid"];
    assert_eq!(parent["required"], true);
    assert!(block["attributes"]
        .get("sid")
        .is_some_and(|s| s["computed"] == true));
    let (_, body) =
        spec_attribute(&spec["resources"][0]["schema"]["attributes"], "thing_sid").expect("arg");
    assert_eq!(
        definitions(body, "plan_modifiers"),
        ["stringplanmodifier.RequiresReplace()"]
    );
    // Without an update operation there is no update timeout.
    let timeouts = attribute_names(&block["block_types"]["timeouts"]["block"]);
    assert!(!timeouts.contains("update") && timeouts.contains("create"));

    let doc = &files[&format!("{DOCS}example_parts.md")];
    assert!(
        doc.contains(
            "terraform import twilio_example_parts.parts /Things/THXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Parts/PTXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        ),
        "{doc}"
    );
    // The example satisfies the group member's condition: Kind = large, with the color.
    let example = hcl_blocks(doc).join("\n");
    assert!(example.contains("kind = \"large\""), "{example}");
    assert!(
        example.contains("settings {\n    color = \"example-color\"\n  }"),
        "{example}"
    );
    assert!(
        example.contains("thing_sid = \"THXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\""),
        "{example}"
    );
}

/// The contents of the ```hcl blocks of a doc.
fn hcl_blocks(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match &mut current {
            None if line.trim() == "```hcl" => current = Some(String::new()),
            Some(_) if line.trim() == "```" => out.extend(current.take()),
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

fn terraform_fmt_check(terraform: &Path, files: &BTreeMap<String, String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("empty.tfrc");
    std::fs::write(&config, "").expect("write CLI config");
    let mut checked = 0;
    for (path, doc) in files.iter().filter(|(p, _)| p.starts_with(DOCS)) {
        let blocks = hcl_blocks(doc);
        assert_eq!(blocks.len(), 1, "{path} has one hcl example");
        let tf = dir.path().join(format!("example{checked}.tf"));
        std::fs::write(&tf, &blocks[0]).expect("write example");
        let out = Command::new(terraform)
            .args(["fmt", "-check", "-diff"])
            .arg(&tf)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", &config)
            .output()
            .expect("terraform runs");
        assert!(
            out.status.success(),
            "terraform fmt -check rejects the example of {path}:\n{}\n{}\n{}",
            blocks[0],
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    assert!(checked > 0, "no docs checked");
}

#[test]
fn terraform_fmt_accepts_the_examples() {
    let Some(terraform) = find_on_path("terraform") else {
        // Written to the stderr handle, not with eprintln!: the test harness captures the
        // latter for passing tests, and a skip must show in the test command's output.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED terraform_fmt_accepts_the_examples: `terraform` is not on PATH, so \
             the docs' HCL examples were NOT checked with `terraform fmt -check`. ***\n"
        );
        return;
    };
    terraform_fmt_check(&terraform, &flexflow().1);
    terraform_fmt_check(&terraform, &full_flex().1);
    terraform_fmt_check(&terraform, &terraform_files("nested.yaml", NESTED_SPEC));
}

/// spec/ and the second spec, generated together.
fn two_specs() -> ([Api; 2], BTreeMap<String, String>) {
    let (flex, second) = (read(&flexflow_spec()), read(&second_spec()));
    let out = twilio_codegen::Generator::new(Settings::default())
        .generate(&[
            SpecInput::new(FLEXFLOW_SPEC_NAME, &flex),
            SpecInput::new(SECOND_SPEC_NAME, &second),
        ])
        .unwrap_or_else(|e| panic!("the two specs generate: {e}"));
    let apis = [
        twilio_codegen::model::read(FLEXFLOW_SPEC_NAME, &flex).unwrap(),
        twilio_codegen::model::read(SECOND_SPEC_NAME, &second).unwrap(),
    ];
    let files = out
        .files
        .into_iter()
        .filter(|(path, _)| path.starts_with("terraform/") || path.starts_with(PROVIDER_CRATE))
        .collect();
    (apis, files)
}

#[test]
fn two_specs_share_one_provider() {
    let ([flex, second], files) = two_specs();
    // Every file of each spec's own Terraform output, but the two shared ones, is there
    // unchanged: its resource docs.
    let (_, flex_alone) = flexflow();
    let second_alone = terraform_files(SECOND_SPEC_NAME, &read(&second_spec()));
    for (path, text) in flex_alone.iter().chain(&second_alone) {
        if path.starts_with(DOCS) {
            assert_eq!(files.get(path), Some(text), "{path}");
        }
    }
    let docs: Vec<&str> = files
        .keys()
        .filter(|p| p.starts_with(DOCS))
        .map(String::as_str)
        .collect();
    assert_eq!(
        docs,
        [
            "terraform/docs/resources/chat_service.md",
            "terraform/docs/resources/flex_flow.md"
        ]
    );

    // One providers schema, under one provider address, with the resources of both; each
    // is exactly the one its spec gives alone.
    let schema = json(&files, SCHEMA);
    check_providers_schema(&schema);
    let types: Vec<&String> = resource_schemas(&schema).keys().collect();
    assert_eq!(types, ["twilio_chat_service", "twilio_flex_flow"]);
    for alone in [&flex_alone, &second_alone] {
        for (name, r) in resource_schemas(&json(alone, SCHEMA)) {
            assert_eq!(&resource_schemas(&schema)[name], r, "{name}");
        }
    }
    assert_eq!(
        schema["provider_schemas"].as_object().unwrap().len(),
        1,
        "one provider"
    );

    // One code spec for the provider, valid, listing both resources in name order.
    let code_spec = json(&files, CODE_SPEC);
    assert!(code_spec_errors(&code_spec_validator(), &code_spec).is_empty());
    assert_eq!(code_spec["provider"]["name"], "twilio");
    let names: Vec<&str> = code_spec["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["chat_service", "flex_flow"]);

    // Each resource follows its own API's model.
    check_against_model(&flex, &files);
    check_against_model(&second, &files);

    // The chat service: required name from create, update-only settings optional, the SID
    // computed, import by its own path.
    let service = &resource_schemas(&schema)["twilio_chat_service"]["block"]["attributes"];
    assert_eq!(service["friendly_name"]["required"], true);
    assert_eq!(service["typing_indicator_timeout"]["optional"], true);
    assert_eq!(service["sid"]["computed"], true);
    let doc = &files["terraform/docs/resources/chat_service.md"];
    assert!(
        doc.contains("/Services/"),
        "import by the instance path: {doc}"
    );
    assert!(
        doc.contains("from second_api.yaml"),
        "the doc names its own spec"
    );
}

#[test]
fn spec_order_does_not_change_the_terraform_files() {
    let (flex, second) = (read(&flexflow_spec()), read(&second_spec()));
    let run = |specs: &[SpecInput<'_>]| {
        twilio_codegen::Generator::new(Settings::default())
            .generate(specs)
            .unwrap_or_else(|e| panic!("{e}"))
            .files
    };
    let a = SpecInput::new(FLEXFLOW_SPEC_NAME, &flex);
    let b = SpecInput::new(SECOND_SPEC_NAME, &second);
    assert_eq!(run(&[a, b]), run(&[b, a]));
}

#[test]
fn one_terraform_type_from_two_specs_is_an_error_naming_both() {
    // Twilio's chat v1 spec has the second spec's Service: with the crates named apart, the
    // type `twilio_chat_service` collides.
    let chat_path = repo_root().join("../shared/specs/twilio_chat_v1.yaml");
    assert!(chat_path.exists(), "{} is missing", chat_path.display());
    let (chat, second) = (read(&chat_path), read(&second_spec()));
    let err = twilio_codegen::Generator::new(Settings::default())
        .generate(&[
            SpecInput {
                crate_name: Some("twilio-chat-mini"),
                ..SpecInput::new(SECOND_SPEC_NAME, &second)
            },
            SpecInput::new("twilio_chat_v1.yaml", &chat),
        ])
        .expect_err("the type collides");
    assert_eq!(err.file, "twilio_chat_v1.yaml");
    assert_eq!(
        err.to_string(),
        format!(
            "twilio_chat_v1.yaml: terraform output: resource `service` maps to the type \
             `twilio_chat_service`, as resource `service` of {SECOND_SPEC_NAME} does: one \
             provider cannot have the type twice"
        )
    );
}

/// A spec with a resource Terraform cannot express (`allowlist`: fetched and deleted by a
/// query parameter on a path without parameters, so it has no `id`) beside one it can.
const UNIDENTIFIED_SPEC_NAME: &str = "tests/specs/unidentified_item.yaml";

/// intelligence_v2's operator attachment is created and deleted at
/// `/v2/Services/{ServiceSid}/Operators/{OperatorSid}` but read only as the service's list of
/// attachments: no one item can be read back, so the Terraform output skips it, saying why,
/// and the provider of that spec builds without it.
#[test]
fn a_resource_read_only_as_a_collection_is_skipped_with_a_warning() {
    let name = "twilio_intelligence_v2.yaml";
    let text = read(&repo_root().join("../shared/specs").join(name));
    let output = twilio_codegen::Generator::new(Settings::default())
        .generate(&[twilio_codegen::SpecInput::new(name, &text)])
        .unwrap_or_else(|e| panic!("{name} generates: {e}"));
    let skipped: Vec<String> = output
        .warnings
        .iter()
        .filter(|w| w.message.contains("Terraform output skips"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        skipped,
        [format!(
            "{name}:#/paths/~1v2~1Services~1{{ServiceSid}}~1Operators/get: the Terraform output \
             skips resource `operator_attachment`: its fetch operation is not on the path of one \
             item, so one item cannot be read back into state"
        )]
    );
    let schema = json(&output.files, SCHEMA);
    assert!(!resource_schemas(&schema).contains_key("twilio_intelligence_operator_attachment"));
    assert!(!provider_code(&output.files).contains("operator_attachment("));
    assert!(!output
        .files
        .keys()
        .any(|p| p.ends_with("resources/intelligence_operator_attachment.rs")));
}

#[test]
fn a_resource_without_an_item_path_parameter_is_skipped_with_a_warning() {
    let text = read(&repo_root().join(UNIDENTIFIED_SPEC_NAME));
    let api = twilio_codegen::model::read(UNIDENTIFIED_SPEC_NAME, &text).expect("the spec builds");
    let mut names: Vec<&str> = eligible(&api).iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["allowlist", "widget"],
        "both have create, fetch and delete"
    );
    let allowlist = api
        .resources
        .iter()
        .find(|r| r.name == "allowlist")
        .expect("the allowlist resource");
    let fetch = allowlist
        .operation(OperationKind::Fetch)
        .expect("allowlist has a fetch operation");
    assert!(
        fetch.path_params.is_empty(),
        "no path parameter names an item"
    );

    let output = twilio_codegen::Generator::new(Settings::default())
        .generate(&[twilio_codegen::SpecInput::new(
            UNIDENTIFIED_SPEC_NAME,
            &text,
        )])
        .unwrap_or_else(|e| panic!("one resource does not abort the run: {e}"));

    // One warning, naming the fetch operation and what was skipped.
    let skipped: Vec<String> = output
        .warnings
        .iter()
        .filter(|w| w.message.contains("Terraform"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        skipped,
        [format!(
            "{UNIDENTIFIED_SPEC_NAME}:#/paths/~1v1~1Allowlist~1Numbers/get: the Terraform output \
             skips resource `allowlist`: the fetch operation has no path parameter that \
             identifies one item, so there is no `id` to import or read it by"
        )]
    );
    assert_eq!(fetch.pointer, "/paths/~1v1~1Allowlist~1Numbers/get");

    // The Terraform output lacks only that resource: the widget is in all three formats.
    let schema = json(&output.files, SCHEMA);
    check_providers_schema(&schema);
    let types: Vec<&String> = resource_schemas(&schema).keys().collect();
    assert_eq!(types, ["twilio_unidentified_widget"]);
    let code_spec = json(&output.files, CODE_SPEC);
    assert!(code_spec_errors(&code_spec_validator(), &code_spec).is_empty());
    let spec_names: Vec<&str> = code_spec["resources"]
        .as_array()
        .expect("a resource list")
        .iter()
        .map(|r| r["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(spec_names, ["unidentified_widget"]);
    let docs: Vec<&str> = output
        .files
        .keys()
        .filter(|p| p.starts_with(DOCS))
        .map(String::as_str)
        .collect();
    assert_eq!(docs, ["terraform/docs/resources/unidentified_widget.md"]);

    // The Rust crate still has both resources, with every operation of the skipped one.
    let module = &output.files["twilio-unidentified-v1/src/resources/allowlist.rs"];
    for op in &allowlist.operations {
        assert!(
            module.contains(&format!("pub async fn {}(", op.kind.as_str())),
            "the crate's allowlist module has `{}`",
            op.kind.as_str()
        );
    }
    assert!(output
        .files
        .contains_key("twilio-unidentified-v1/src/resources/widget.rs"));
}

/// A shared spec's Terraform files.
fn shared(file: &str) -> BTreeMap<String, String> {
    let path = repo_root().join("../shared/specs").join(file);
    terraform_files(file, &read(&path))
}

#[test]
fn values_only_the_create_answer_carries_are_computed_sensitive_and_kept() {
    let files = shared("twilio_api_v2010.yaml");
    let schema = json(&files, SCHEMA);
    let provider = json(&files, PROVIDER_JSON);
    let doc = &schema["provider_schemas"][Settings::default().provider_address.as_str()];
    // An API key's and a signing key's secret: in the create answer, not in a fetch. (An
    // outgoing caller ID's create answers a validation request without the caller ID's
    // `sid`: that resource is left out, see `a_create_answering_without_the_id_is_skipped`.)
    for (ty, field) in [
        ("twilio_api_key", "secret"),
        ("twilio_api_signing_key", "secret"),
    ] {
        let a = &doc["resource_schemas"][ty]["block"]["attributes"][field];
        assert_eq!(a["computed"], true, "{ty}.{field}: {a}");
        assert_eq!(a["sensitive"], true, "{ty}.{field}: {a}");
        assert!(
            a.get("optional").is_none() && a.get("required").is_none(),
            "{a}"
        );
        let def = provider["resources"][ty]["attributes"]
            .as_array()
            .and_then(|l| l.iter().find(|x| x["name"] == field))
            .cloned()
            .unwrap_or_else(|| panic!("{ty}.{field} in provider.json"));
        assert_eq!(def["create_only"], true, "{def}");
        assert_eq!(def["stable"], true, "{def}");
        assert!(
            doc["data_source_schemas"][ty]["block"]["attributes"]
                .get(field)
                .is_none(),
            "the data source cannot read {ty}.{field}"
        );
    }
    // What a fetch returns is not create-only.
    let sid = provider["resources"]["twilio_api_key"]["attributes"]
        .as_array()
        .and_then(|l| l.iter().find(|x| x["name"] == "sid"))
        .cloned()
        .expect("sid");
    assert!(sid.get("create_only").is_none(), "{sid}");
    // Dates API v2010 writes as RFC 2822 are marked for conversion to RFC 3339.
    let date = provider["resources"]["twilio_api_key"]["attributes"]
        .as_array()
        .and_then(|l| l.iter().find(|x| x["name"] == "date_created"))
        .cloned()
        .expect("date_created");
    assert_eq!(date["rfc2822"], true, "{date}");
}

#[test]
fn groups_inside_groups_are_nested_blocks_the_provider_sends_and_reads() {
    let files = shared("twilio_ip_messaging_v2.yaml");
    let provider = json(&files, PROVIDER_JSON);
    let blocks = provider["resources"]["twilio_ip_messaging_v2_service"]["blocks"]
        .as_array()
        .cloned()
        .expect("blocks");
    let notifications = blocks
        .iter()
        .find(|b| b["name"] == "notifications")
        .expect("the notifications block");
    let nested: Vec<&str> = notifications["blocks"]
        .as_array()
        .expect("nested blocks")
        .iter()
        .filter_map(|b| b["name"].as_str())
        .collect();
    assert_eq!(
        nested,
        [
            "added_to_channel",
            "invited_to_channel",
            "new_message",
            "removed_from_channel"
        ]
    );
    let new_message = &notifications["blocks"][2];
    // The client's group struct has the field `new_message`; the answer the same key.
    assert_eq!(new_message["arg"], "new_message");
    assert_eq!(new_message["response"], "new_message");
    let enabled = new_message["attributes"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["name"] == "enabled"))
        .expect("enabled");
    assert_eq!(enabled["wire"][0], "Notifications.NewMessage.Enabled");
    // Only update takes them: a create that sets them is followed by an update.
    assert_eq!(enabled["update_only"], true, "{enabled}");
    let schema = json(&files, SCHEMA);
    let block = &schema["provider_schemas"][Settings::default().provider_address.as_str()]
        ["resource_schemas"]["twilio_ip_messaging_v2_service"]["block"]["block_types"]
        ["notifications"]["block"];
    assert_eq!(
        block["block_types"]["new_message"]["nesting_mode"], "group",
        "{block}"
    );
}

#[test]
fn objects_twilio_already_has_are_adopted_not_created() {
    let voice = shared("twilio_voice_v1.yaml");
    let provider = json(&voice, PROVIDER_JSON);
    let settings = &provider["resources"]["twilio_voice_settings"];
    assert_eq!(settings["adopted"], true, "{settings}");
    assert_eq!(settings["kept_on_destroy"], true, "{settings}");
    assert_eq!(settings["id_source"], "", "a singleton's id is its path");
    assert_eq!(
        settings["import"],
        serde_json::json!([{"literal": "Settings"}])
    );
    let ops = provider_module(&voice, "voice_settings");
    assert!(
        ops.contains(".update("),
        "create sets the singleton:\n{ops}"
    );
    assert!(!ops.contains(".delete("), "no delete call:\n{ops}");
    // Named by its path: the phone number is a required argument that replaces.
    let routes = json(&shared("twilio_routes_v2.yaml"), PROVIDER_JSON);
    let number = &routes["resources"]["twilio_routes_v2_phone_number"];
    assert_eq!(number["id_source"], "phone_number");
    let attr = number["attributes"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["name"] == "phone_number"))
        .expect("phone_number");
    assert_eq!(attr["mode"], "required", "{attr}");
    assert_eq!(attr["replace"], true, "{attr}");
    // Set by a free-form JSON body (Flex's `Configuration`): one JSON argument, `body`.
    let flex = json(&full_flex().1, PROVIDER_JSON);
    let configuration = &flex["resources"]["twilio_flex_configuration"];
    assert_eq!(configuration["adopted"], true, "{configuration}");
    let body = configuration["attributes"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["name"] == "body"))
        .expect("a body argument");
    assert_eq!(body["mode"], "optional", "{body}");
    assert_eq!(body["json"], true, "{body}");
    assert!(body.get("replace").is_none(), "update takes it too: {body}");
}

/// The acceptance configurations built from the model: a nested resource gets its parent
/// created first and referenced, values valid by the spec, an in-place update of a plain
/// string, the import format with its parents' attributes, and the arguments an import
/// cannot read.
#[test]
fn acceptance_cases_create_parents_first_with_valid_values() {
    use twilio_codegen::views::terraform::acceptance;
    let file = "twilio_ip_messaging_v2.yaml";
    let path = repo_root().join("../shared/specs").join(file);
    let api = twilio_codegen::model::read(file, &read(&path)).expect("the spec models");
    let service_path = api
        .resources
        .iter()
        .find(|r| r.instance_path.as_deref() == Some("/v2/Services/{Sid}"))
        .map(|r| r.name.clone())
        .expect("a service resource");
    let cases = acceptance::of_apis(std::slice::from_ref(&api), "twilio");
    let case = |t: &str| {
        cases
            .iter()
            .find(|c| c.type_name == t)
            .unwrap_or_else(|| panic!("no case for {t}: {service_path}"))
    };

    let channel = case("twilio_ip_messaging_v2_channel");
    assert_eq!(channel.parents, ["twilio_ip_messaging_v2_service"]);
    let words = channel
        .config
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("service_sid = twilio_ip_messaging_v2_service.parent2.sid"),
        "{}",
        channel.config
    );
    assert!(
        channel
            .config
            .find("resource \"twilio_ip_messaging_v2_service\" \"parent2\"")
            < channel
                .config
                .find("resource \"twilio_ip_messaging_v2_channel\" \"this\""),
        "the parent comes first:\n{}",
        channel.config
    );
    assert_eq!(
        channel.import_format,
        "/Services/{service_sid}/Channels/{sid}"
    );
    let update = channel
        .update
        .as_ref()
        .expect("a channel is updated in place");
    assert_eq!(update.attribute, "friendly_name");
    assert_ne!(update.before, update.after);
    let subject = |config: &str| {
        let at = config
            .find("\"this\"")
            .expect("the subject is labelled `this`");
        config[at..].to_owned()
    };
    assert!(subject(&channel.config).contains(&update.before));
    let updated = subject(&update.config);
    assert!(updated.contains(&update.after) && !updated.contains(&update.before));

    // A message needs the channel, and the channel the service: one service for both.
    let message = case("twilio_ip_messaging_v2_message");
    assert_eq!(
        message.parents,
        [
            "twilio_ip_messaging_v2_service",
            "twilio_ip_messaging_v2_channel"
        ]
    );
    assert_eq!(
        message
            .config
            .matches("resource \"twilio_ip_messaging_v2_service\"")
            .count(),
        1,
        "{}",
        message.config
    );

    // Every SID written is valid by its pattern: its prefix and 32 hexadecimal digits.
    for c in &cases {
        for word in c.config.split('"') {
            let looks_like_sid =
                word.len() == 34 && word[..2].chars().all(|ch| ch.is_ascii_uppercase());
            if looks_like_sid {
                assert!(
                    word[2..].chars().all(|ch| ch.is_ascii_hexdigit()),
                    "{}: `{word}` is no valid SID",
                    c.type_name
                );
            }
        }
        assert!(!c.config.contains("XXXX"), "{}: a placeholder", c.type_name);
    }
}

/// A create answering with another object that lacks the identifier (an outgoing caller
/// ID's create answers a validation request): the resource is left out of the Terraform
/// output with a warning naming the create, as nothing could name the object in state.
#[test]
fn a_create_answering_without_the_id_is_skipped() {
    let file = "twilio_api_v2010.yaml";
    let path = repo_root().join("../shared/specs").join(file);
    let output = twilio_codegen::Generator::new(Settings::default())
        .generate(&[SpecInput::new(file, &read(&path))])
        .expect("the spec generates");
    let schema: Value = serde_json::from_str(&output.files[SCHEMA]).expect("JSON");
    let doc = &schema["provider_schemas"][Settings::default().provider_address.as_str()];
    assert!(doc["resource_schemas"]["twilio_api_outgoing_caller_id"].is_null());
    assert!(!doc["resource_schemas"]["twilio_api_key"].is_null());
    let warning = output
        .warnings
        .iter()
        .find(|w| w.message.contains("`outgoing_caller_id`"))
        .expect("a warning names the skipped resource");
    assert!(
        warning.pointer.contains("OutgoingCallerIds.json")
            && warning.message.contains("`validation_request`")
            && warning.message.contains("lacks `sid`"),
        "{warning:?}"
    );
}
