//! The generated acceptance run: every resource type of the provider for all the shared specs
//! (`../shared/specs/`), under the real Terraform CLI against one twilio-mock serving every
//! spec. Each type's configuration comes from the model
//! ([`twilio_codegen::views::terraform::acceptance`]): one object of the type, its parents
//! created first and referenced, values valid by the spec. Each is a module of one root
//! configuration, so every step is one Terraform command for all of them:
//!
//! 1. `apply`, then an empty re-plan;
//! 2. import by ID with `terraform import` (after `terraform state rm`), then an empty plan;
//! 3. import with `import` blocks in a second working directory, `plan
//!    -generate-config-out`, then a plan of the generated configuration that only imports;
//! 4. an in-place update of one updatable argument: planned as an update (not a
//!    replacement), applied, the new value in state, the same ID, then an empty plan;
//! 5. `destroy`, leaving nothing in the mock but what destroy keeps by design.
//!
//! A type passes when every step it has passes. The per-API table of docs/terraform.md is
//! what this run finds (`TWILIO_UPDATE_DOCS=1` rewrites it); the test fails when the run finds
//! anything else, and when a type outside [`KNOWN`] fails. Without `terraform` on PATH: a
//! failure under `CI=true`, else a loud skip.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use twilio_codegen::views::terraform::acceptance::{self, Case, SUBJECT_LABEL};
use workspace_tests::mock::{MockServer, AUTH_TOKEN};
use workspace_tests::tf::{build_binary, init, mirrored, provider_for, terraform, Workdir};
use workspace_tests::{read, repo_root, shared_specs};

/// Resource types known to fail, with the reason (the docs table names them).
const KNOWN: &[(&str, &str)] = &[(
    "twilio_messaging_us_app_to_person",
    "its responses are a `oneOf` of two object schemas without a discriminator, typed as \
         untyped JSON: twilio-mock has no model to answer the create with, so the answer \
         lacks the `sid` (Twilio's carries it)",
)];

const DOC: &str = "docs/terraform.md";
const BEGIN: &str = "<!-- acceptance-table: begin (written by tests/provider/terraform_all.rs) -->";
const END: &str = "<!-- acceptance-table: end -->";

/// The `terraform` and `provider` blocks of a configuration using the mock at `mock`.
fn provider_blocks(mock: &str) -> String {
    workspace_tests::tf::provider_blocks("local_twilio", mock)
}

/// The module (directory name) of a type.
fn module(case: &Case) -> String {
    case.type_name.clone()
}

/// The subject's address in the root configuration.
fn subject(case: &Case) -> String {
    format!("module.{}.{}.{SUBJECT_LABEL}", module(case), case.type_name)
}

/// Writes the modules (with `config` of each case) and the root configuration using them.
fn write_modules(wd: &Workdir, mock: &str, cases: &[(&Case, String)]) {
    let mut root = provider_blocks(mock);
    for (case, config) in cases {
        let dir = wd.path().join("m").join(module(case));
        std::fs::create_dir_all(&dir).expect("module dir");
        std::fs::write(
            dir.join("main.tf"),
            format!(
                "terraform {{\n  required_providers {{\n    twilio = {{\n      source = \"twilio/twilio\"\n    }}\n  }}\n}}\n\n{config}"
            ),
        )
        .expect("module written");
        root.push_str(&format!(
            "\nmodule \"{}\" {{\n  source = \"./m/{}\"\n}}\n",
            module(case),
            module(case)
        ));
    }
    wd.write(&root);
}

/// Generated configuration with the arguments no read returns (`name = null`, in blocks
/// too) set to the values of each type's case.
fn fill_unread(generated: &str, by_type: &BTreeMap<&str, &Case>) -> String {
    let mut out = String::new();
    let mut current: Option<&Case> = None;
    let mut blocks: Vec<String> = Vec::new();
    for line in generated.lines() {
        let trimmed = line.trim();
        if let Some(rest) = line.strip_prefix("resource \"") {
            current = rest.split('"').next().and_then(|t| by_type.get(t).copied());
            blocks.clear();
        } else if let Some(name) = trimmed
            .strip_suffix(" {")
            .map(|n| n.trim_end_matches(" =").trim())
            .filter(|n| !n.contains(' '))
        {
            // A block (`binding {`) or an object attribute (`binding = {`).
            blocks.push(name.to_owned());
        } else if trimmed == "}" {
            blocks.pop();
        }
        let filled = current.and_then(|c| {
            let (name, value) = trimmed.split_once('=')?;
            let name = name.trim();
            let null = value.split_whitespace().next() == Some("null");
            let top = blocks.first().map_or(name, String::as_str);
            let path: String = blocks.iter().map(|b| format!("{b}.")).collect::<String>() + name;
            let indent = &line[..line.len() - line.trim_start().len()];
            (null && c.unread.iter().any(|u| u == top))
                .then(|| c.arguments.get(&path))
                .flatten()
                .map(|v| format!("{indent}{name} = {v}"))
        });
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The JSON messages of a `-json` run.
fn messages(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// The module (type) an address belongs to: `module.X.` prefix.
fn module_of(address: &str) -> Option<&str> {
    address.strip_prefix("module.")?.split('.').next()
}

/// Error diagnostics of a `-json` run by module (a type's name); those naming no resource
/// under `""`. A diagnostic without an address or a range (a read's) is the type's whose
/// name it says (`while reading twilio_x`), the longest such name.
fn errors(stdout: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in messages(stdout) {
        if m["type"] != "diagnostic" || m["diagnostic"]["severity"] != "error" {
            continue;
        }
        let d = &m["diagnostic"];
        // The resource's address, else the module of the configuration it points at.
        let address = d["address"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| {
                let file = d["range"]["filename"].as_str()?;
                let m = file.strip_prefix("m/")?.split('/').next()?;
                Some(format!("module.{m}"))
            })
            .unwrap_or_default();
        let text = format!(
            "{}: {}",
            d["summary"].as_str().unwrap_or(""),
            d["detail"].as_str().unwrap_or("").replace('\n', " ")
        );
        // A module's name is its type's; a root resource's type names it too.
        let named = || {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| w.starts_with("twilio_"))
                .max_by_key(|w| w.len())
        };
        let owner = module_of(&address)
            .or_else(|| address.split('.').next().filter(|a| !a.is_empty()))
            .or_else(named)
            .unwrap_or("");
        out.entry(owner.to_owned()).or_default().push(text);
    }
    out
}

/// One planned change: the action, and what differs (the attributes whose values change,
/// those forcing replacement marked).
#[derive(Debug, Clone)]
struct Change {
    action: String,
    detail: String,
    /// The attributes whose values change.
    attributes: Vec<String>,
}

/// Runs `terraform plan -json -out=tfplan` (extra arguments after); when it succeeds, the
/// changes it plans that are not no-ops, by address, read from `terraform show -json`.
fn plan(wd: &Workdir, extra: &[&str]) -> (workspace_tests::tf::Run, BTreeMap<String, Change>) {
    let mut args = vec!["plan", "-json", "-out=tfplan"];
    args.extend_from_slice(extra);
    let run = wd.run_for(&args, LONG);
    let mut out = BTreeMap::new();
    if !run.ok {
        return (run, out);
    }
    let shown = wd.ok(&["show", "-json", "tfplan"]);
    let v: Value = serde_json::from_str(&shown.stdout).expect("JSON");
    for rc in v["resource_changes"].as_array().into_iter().flatten() {
        let actions: Vec<&str> = rc["change"]["actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let importing = !rc["change"]["importing"].is_null();
        let action = match actions.as_slice() {
            ["no-op"] if importing => "import",
            ["no-op"] | ["read"] => continue,
            ["create"] => "create",
            ["update"] => "update",
            ["delete"] => "delete",
            _ if actions.contains(&"create") && actions.contains(&"delete") => "replace",
            _ => "other",
        };
        let before = &rc["change"]["before"];
        let after = &rc["change"]["after"];
        let replace: Vec<String> = rc["change"]["replace_paths"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p[0].as_str().unwrap_or("").to_owned())
            .collect();
        let mut diffs = Vec::new();
        let mut attributes = Vec::new();
        if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
            for (k, av) in a {
                let bv = b.get(k).unwrap_or(&Value::Null);
                // Values known only after apply are no difference yet.
                if differs(bv, av, &rc["change"]["after_unknown"][k]) && k != "timeouts" {
                    let mark = if replace.contains(k) {
                        " (forces replacement)"
                    } else {
                        ""
                    };
                    diffs.push(format!("`{k}` {bv} -> {av}{mark}"));
                    attributes.push(k.clone());
                }
            }
        }
        let addr = rc["address"].as_str().unwrap_or("").to_owned();
        out.insert(
            addr,
            Change {
                action: action.to_owned(),
                detail: if diffs.is_empty() {
                    action.to_owned()
                } else {
                    format!("{action}: {}", diffs.join(", "))
                },
                attributes,
            },
        );
    }
    (run, out)
}

/// Whether a planned value differs from the prior one in what is known of it (`unknown` is
/// its `after_unknown` mark: `true`, or the same shape marking members).
fn differs(before: &Value, after: &Value, unknown: &Value) -> bool {
    match (before, after, unknown) {
        (_, _, Value::Bool(true)) => false,
        (Value::Object(b), Value::Object(a), u) => a
            .iter()
            .any(|(k, av)| differs(b.get(k).unwrap_or(&Value::Null), av, &u[k])),
        (Value::Array(b), Value::Array(a), u) if a.len() == b.len() => a
            .iter()
            .enumerate()
            .any(|(i, av)| differs(&b[i], av, &u[i])),
        (b, a, _) => b != a,
    }
}

/// Every resource in state: address -> values.
fn state(wd: &Workdir) -> BTreeMap<String, Value> {
    let run = wd.ok(&["show", "-json"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let mut out = BTreeMap::new();
    let mut stack = vec![v["values"]["root_module"].clone()];
    while let Some(m) = stack.pop() {
        for r in m["resources"].as_array().into_iter().flatten() {
            if let Some(a) = r["address"].as_str() {
                out.insert(a.to_owned(), r["values"].clone());
            }
        }
        stack.extend(m["child_modules"].as_array().into_iter().flatten().cloned());
    }
    out
}

/// The import ID of a case from its subject's values in state.
fn import_id(case: &Case, values: &Value) -> Option<String> {
    let mut out = String::new();
    let mut rest = case.import_format.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        match &values[&rest[open + 1..close]] {
            Value::String(s) => out.push_str(s),
            Value::Number(n) => out.push_str(&n.to_string()),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// An HCL literal as the JSON value state holds.
fn literal(hcl: &str) -> Value {
    serde_json::from_str(hcl).unwrap_or_else(|_| Value::String(hcl.to_owned()))
}

/// A mock object's path as the import IDs it may be: without `.json`, with and without
/// its first segment (the version of most APIs; preview's paths have none).
fn object_ids(path: &str) -> [String; 2] {
    let whole = path.replace(".json/", "/");
    let whole = whole.strip_suffix(".json").unwrap_or(&whole).to_owned();
    let rest = whole
        .trim_start_matches('/')
        .split_once('/')
        .map_or_else(String::new, |(_, rest)| format!("/{rest}"));
    [rest, whole]
}

/// Whether an import ID has an import format's shape: its literal segments, any value
/// where the format has `{attribute}`.
fn in_format(id: &str, format: &str) -> bool {
    let ids: Vec<&str> = id.split('/').collect();
    let formats: Vec<&str> = format.split('/').collect();
    ids.len() == formats.len()
        && ids
            .iter()
            .zip(&formats)
            .all(|(i, f)| i == f || (f.starts_with('{') && f.ends_with('}') && !i.is_empty()))
}

/// The objects the mock holds, each as the import IDs it may be.
fn held(mock: &MockServer) -> Vec<[String; 2]> {
    let (status, body) = mock.call("GET", "/__mock/objects");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["path"].as_str().map(object_ids))
        .collect()
}

/// Writes the modules of the cases not failed yet (`config` of each) and plans until the plan
/// has no errors: a type whose configuration or plan fails fails `step` (an invalid value
/// stops every plan, so it is left out of the later ones). Returns the last plan's output.
fn converge(
    wd: &Workdir,
    mock: &str,
    cases: &[Case],
    failed: &mut BTreeMap<String, String>,
    step: &str,
    config: impl Fn(&Case) -> String,
) -> BTreeMap<String, Change> {
    for _ in 0..8 {
        let configs: Vec<(&Case, String)> = cases
            .iter()
            .filter(|c| !failed.contains_key(&c.type_name))
            .map(|c| (c, config(c)))
            .collect();
        write_modules(wd, mock, &configs);
        let (plan, changes) = plan(wd, &[]);
        if plan.ok {
            return changes;
        }
        let errs = errors(&plan.stdout);
        assert!(
            !errs.is_empty() && !errs.contains_key(""),
            "{step}: the plan failed outside any module: {errs:?}\n{}",
            plan.stderr
        );
        for (m, e) in errs {
            failed
                .entry(m)
                .or_insert_with(|| format!("{step}: {}", e.join(" | ")));
        }
    }
    panic!("{step}: the plan still fails after leaving out the failing types");
}

const LONG: std::time::Duration = std::time::Duration::from_secs(900);

#[test]
fn every_resource_type_of_every_shared_spec_under_terraform() {
    let name = "every_resource_type_of_every_shared_spec_under_terraform";
    let Some(terraform) = terraform(name) else {
        return;
    };
    let paths = shared_specs();
    let specs: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let file = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            (file, read(p))
        })
        .collect();
    let apis: Vec<twilio_codegen::model::Api> = specs
        .iter()
        .map(|(file, text)| {
            twilio_codegen::model::read(file, text).unwrap_or_else(|e| panic!("{file}: {e}"))
        })
        .collect();
    let cases = acceptance::of_apis(&apis, "twilio");
    assert!(cases.len() > 100, "{} resource types", cases.len());

    let inputs: Vec<(&str, String)> = specs.iter().map(|(f, t)| (f.as_str(), t.clone())).collect();
    let provider = provider_for("all-shared-specs", &inputs);
    let mock_bin = build_binary("twilio-mock", "twilio-mock");
    let spec_paths: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let mock = MockServer::start(&mock_bin, &spec_paths);
    let mut wd = mirrored(&terraform, &provider);
    wd.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);

    let mut acceptance = Acceptance {
        cases: &cases,
        by_type: cases.iter().map(|c| (c.type_name.as_str(), c)).collect(),
        mock: &mock,
        wd,
        failed: BTreeMap::new(),
        ids: BTreeMap::new(),
    };
    let applied = acceptance.apply();
    acceptance.import_by_id(&applied);
    acceptance.import_blocks(&terraform, &provider);
    acceptance.update_in_place();
    let strays = acceptance.destroy();

    let table = table(&cases, &acceptance.failed);
    eprintln!("{table}");
    if !strays.is_empty() {
        eprintln!("objects left in the mock after destroy: {strays:?}");
    }
    check_docs_table(&table);
    let unknown: Vec<(&String, &String)> = acceptance
        .failed
        .iter()
        .filter(|(t, _)| !KNOWN.iter().any(|(k, _)| k == t))
        .collect();
    assert!(
        unknown.is_empty(),
        "resource types failing under Terraform: {unknown:#?}"
    );
    assert!(
        strays.is_empty(),
        "objects left in the mock after destroy: {strays:?}"
    );
}

/// The run of every case through the steps, in one working directory against one mock.
struct Acceptance<'a> {
    cases: &'a [Case],
    by_type: BTreeMap<&'a str, &'a Case>,
    mock: &'a MockServer,
    wd: Workdir,
    /// What failed, by type: the first failing step and what it said.
    failed: BTreeMap<String, String>,
    /// The import ID of each type's subject, once applied.
    ids: BTreeMap<String, String>,
}

impl<'a> Acceptance<'a> {
    /// Records that type `t` failed, unless it failed at an earlier step.
    fn fail(&mut self, t: &str, why: String) {
        self.failed.entry(t.to_owned()).or_insert(why);
    }

    /// The cases that have not failed yet.
    fn passing(&self) -> Vec<&'a Case> {
        self.cases
            .iter()
            .filter(|c| !self.failed.contains_key(&c.type_name))
            .collect()
    }

    /// Plans with `config` of each case not failed yet, until the plan has no errors (see
    /// [`converge`]).
    fn converge(
        &mut self,
        step: &str,
        config: impl Fn(&Case) -> String,
    ) -> BTreeMap<String, Change> {
        converge(
            &self.wd,
            &self.mock.url,
            self.cases,
            &mut self.failed,
            step,
            config,
        )
    }

    /// Fails each type a plan would change, at `step`.
    fn fail_changed(&mut self, step: &str) {
        let (_, changes) = plan(&self.wd, &[]);
        for (addr, change) in changes {
            if let Some(m) = module_of(&addr) {
                self.fail(m, format!("{step}: {}", change.detail));
            }
        }
    }

    /// Fails each type whose module an `apply` (or `destroy`) reported errors for, at `step`.
    fn fail_errors(&mut self, step: &str, stdout: &str) {
        for (m, errs) in errors(stdout) {
            self.fail(&m, format!("{step}: {}", errs.join(" | ")));
        }
    }

    /// Step 1: apply, then an empty re-plan. Returns the state after the apply.
    fn apply(&mut self) -> BTreeMap<String, Value> {
        let all: Vec<(&Case, String)> = self.cases.iter().map(|c| (c, c.config.clone())).collect();
        write_modules(&self.wd, &self.mock.url, &all);
        init(&self.wd);
        self.converge("plan", |c| c.config.clone());
        let apply = self.wd.run_for(&["apply", "-auto-approve", "-json"], LONG);
        let applied = state(&self.wd);
        for (m, errs) in errors(&apply.stdout) {
            if m.is_empty() {
                panic!(
                    "apply failed outside any module: {errs:?}\n{}",
                    apply.text()
                );
            }
            self.fail(&m, format!("apply: {}", errs.join(" | ")));
        }
        for c in self.cases {
            if !applied.contains_key(&subject(c)) {
                self.fail(&c.type_name, "apply: not in state".to_owned());
            }
        }
        let replan = self.converge("re-plan after apply", |c| c.config.clone());
        for (addr, change) in replan {
            if let Some(m) = module_of(&addr) {
                self.fail(m, format!("re-plan after apply: {}", change.detail));
            }
        }
        applied
    }

    /// Step 2: `terraform import` of each subject, after removing it from state; the import IDs
    /// come from the `applied` state.
    fn import_by_id(&mut self, applied: &BTreeMap<String, Value>) {
        self.ids = self
            .passing()
            .iter()
            .filter_map(|c| {
                Some((
                    c.type_name.clone(),
                    import_id(c, applied.get(&subject(c))?)?,
                ))
            })
            .collect();
        for c in self.passing() {
            if !self.ids.contains_key(&c.type_name) {
                self.fail(
                    &c.type_name,
                    format!("import ID: `{}` has no value", c.import_format),
                );
            }
        }
        let now: Vec<&Case> = self.passing();
        let mut rm: Vec<String> = vec!["state".into(), "rm".into()];
        rm.extend(now.iter().map(|c| subject(c)));
        let rm: Vec<&str> = rm.iter().map(String::as_str).collect();
        self.wd.ok(&rm);
        for c in &now {
            let run = self.wd.run(&[
                "import",
                "-input=false",
                &subject(c),
                &self.ids[&c.type_name],
            ]);
            if !run.ok {
                let said = run
                    .stderr
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.fail(&c.type_name, format!("terraform import: {said}"));
            }
        }
        // Only what no read returns may differ, and setting it is only recorded.
        let (run, changes) = plan(&self.wd, &[]);
        assert!(run.ok, "{}", run.stderr);
        for (addr, change) in changes {
            let Some(m) = module_of(&addr) else { continue };
            let unread = self
                .by_type
                .get(m)
                .map(|c| c.unread.as_slice())
                .unwrap_or_default();
            let recorded = change.action == "update"
                && addr == subject(self.by_type[m])
                && change.attributes.iter().all(|a| unread.contains(a));
            if !recorded {
                self.fail(m, format!("plan after terraform import: {}", change.detail));
            }
        }
        let apply = self.wd.run_for(&["apply", "-auto-approve", "-json"], LONG);
        self.fail_errors("apply after terraform import", &apply.stdout);
        self.fail_changed("re-plan after import and apply");
    }

    /// Step 3: `import` blocks and generated configuration, in a second working directory.
    fn import_blocks(&mut self, terraform: &Path, provider: &Path) {
        let mut wd2 = mirrored(terraform, provider);
        wd2.env("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        let mut root = provider_blocks(&self.mock.url);
        for c in &self.passing() {
            root.push_str(&format!(
                "\nimport {{\n  to = {}.{SUBJECT_LABEL}\n  id = \"{}\"\n}}\n",
                c.type_name, self.ids[&c.type_name]
            ));
        }
        wd2.write(&root);
        init(&wd2);
        // Terraform validates what it generates: a required argument no read returns is
        // `null` there, an error until it is set. Only a type it wrote nothing for fails here.
        let generate = wd2.run_for(
            &["plan", "-json", "-generate-config-out=generated.tf"],
            LONG,
        );
        let generated_path = wd2.path().join("generated.tf");
        let generated = read(&generated_path);
        for (t, errs) in errors(&generate.stdout) {
            assert!(!t.is_empty(), "plan -generate-config-out failed: {errs:?}");
            let written = format!("resource \"{t}\" \"{SUBJECT_LABEL}\"");
            if !generated.contains(&written) {
                self.fail(&t, format!("generated config: {}", errs.join(" | ")));
            }
        }
        // The arguments no read returns are generated as `null`: set them as a user would.
        std::fs::write(&generated_path, fill_unread(&generated, &self.by_type))
            .expect("generated.tf");
        let (run, changes) = plan(&wd2, &[]);
        for (t, errs) in errors(&run.stdout) {
            assert!(
                !t.is_empty(),
                "the plan of the generated config failed: {errs:?}"
            );
            self.fail(
                &t,
                format!("plan of the generated config: {}", errs.join(" | ")),
            );
        }
        for (addr, change) in changes {
            let t = addr.split('.').next().unwrap_or("");
            let unread = self
                .by_type
                .get(t)
                .map(|c| c.unread.as_slice())
                .unwrap_or_default();
            let recorded =
                change.action == "update" && change.attributes.iter().all(|a| unread.contains(a));
            if change.action != "import" && !recorded {
                self.fail(
                    t,
                    format!("plan of the generated config: {}", change.detail),
                );
            }
        }
    }

    /// Step 4: an in-place update of one argument: planned as an update, applied, the new value in
    /// state, the same ID, then an empty plan.
    fn update_in_place(&mut self) {
        let planned = self.converge("update", |c| {
            c.update
                .as_ref()
                .map_or_else(|| c.config.clone(), |u| u.config.clone())
        });
        let updating: Vec<&Case> = self
            .passing()
            .into_iter()
            .filter(|c| c.update.is_some())
            .collect();
        for c in &updating {
            match planned.get(&subject(c)).map(|p| p.action.as_str()) {
                Some("update") => {}
                other => self.fail(
                    &c.type_name,
                    format!(
                        "update of `{}`: planned {other:?}, not an in-place update",
                        c.update.as_ref().map_or("", |u| u.attribute.as_str())
                    ),
                ),
            }
        }
        let apply = self.wd.run_for(&["apply", "-auto-approve", "-json"], LONG);
        self.fail_errors("update", &apply.stdout);
        let updated = state(&self.wd);
        for c in &updating {
            let Some(u) = &c.update else { continue };
            let Some(values) = updated.get(&subject(c)) else {
                self.fail(&c.type_name, "update: gone from state".into());
                continue;
            };
            if values[&u.attribute] != literal(&u.after) {
                self.fail(
                    &c.type_name,
                    format!(
                        "update: `{}` is {} in state, not {}",
                        u.attribute, values[&u.attribute], u.after
                    ),
                );
            }
            if import_id(c, values).as_ref() != self.ids.get(&c.type_name) {
                self.fail(&c.type_name, "update: the ID changed".into());
            }
        }
        self.fail_changed("re-plan after the update");
    }

    /// Step 5: destroy; nothing is left but what destroy keeps by design. Returns the objects left
    /// in the mock that no type keeps (the strays).
    fn destroy(&mut self) -> Vec<String> {
        // Objects of the types without a delete stay, as subjects or as parents of others.
        let kept: Vec<&str> = self
            .cases
            .iter()
            .filter(|c| c.kept_on_destroy)
            .map(|c| c.import_format.as_str())
            .collect();
        let destroy = self
            .wd
            .run_for(&["destroy", "-auto-approve", "-json"], LONG);
        self.fail_errors("destroy", &destroy.stdout);
        let left = held(self.mock);
        for c in self.cases {
            if let Some(id) = self.ids.get(&c.type_name).cloned() {
                if !c.kept_on_destroy && left.iter().any(|o| o.contains(&id)) {
                    self.fail(&c.type_name, format!("destroy left {id} in the mock"));
                }
            }
        }
        left.iter()
            .filter(|o| {
                !kept
                    .iter()
                    .any(|format| o.iter().any(|id| in_format(id, format)))
            })
            .map(|o| o[1].clone())
            .collect()
    }
}

/// The table of the run: per API, the types that passed, of how many, of which updated in
/// place, of which with parents; then the exceptions with their reasons.
fn table(cases: &[Case], failed: &BTreeMap<String, String>) -> String {
    let mut by_api: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for c in cases {
        let e = by_api.entry(c.api.as_str()).or_default();
        e[1] += 1;
        if !failed.contains_key(&c.type_name) {
            e[0] += 1;
            e[2] += usize::from(c.update.is_some());
            e[3] += usize::from(!c.parents.is_empty());
        }
    }
    let mut table = String::from(
        "| API | passed | of | passed, updated in place | passed, with parents |\n\
         |---|---:|---:|---:|---:|\n",
    );
    let mut all = [0; 4];
    for (api, n) in &by_api {
        table.push_str(&format!(
            "| {api} | {} | {} | {} | {} |\n",
            n[0], n[1], n[2], n[3]
        ));
        for (a, x) in all.iter_mut().zip(n) {
            *a += x;
        }
    }
    table.push_str(&format!(
        "| **all** | **{}** | **{}** | **{}** | **{}** |\n",
        all[0], all[1], all[2], all[3]
    ));
    if !failed.is_empty() {
        table.push_str("\nExceptions:\n\n");
        for (t, why) in failed {
            let reason = KNOWN
                .iter()
                .find(|(k, _)| k == t)
                .map_or(why.as_str(), |(_, r)| r);
            table.push_str(&format!("- `{t}`: {reason}\n"));
        }
    }
    table
}

/// Checks that docs/terraform.md shows `table`, or writes it there under
/// `TWILIO_UPDATE_DOCS`.
fn check_docs_table(table: &str) {
    let doc_path = repo_root().join(DOC);
    let doc = read(&doc_path);
    let section = format!("{BEGIN}\n{table}{END}");
    let current = doc
        .find(BEGIN)
        .and_then(|b| doc[b..].find(END).map(|e| (b, b + e + END.len())));
    if std::env::var_os("TWILIO_UPDATE_DOCS").is_some() {
        let new = match current {
            Some((b, e)) => format!("{}{section}{}", &doc[..b], &doc[e..]),
            None => format!("{doc}\n{section}\n"),
        };
        std::fs::write(&doc_path, new).expect("docs written");
    } else {
        let found = current.map(|(b, e)| &doc[b..e]);
        assert_eq!(
            found,
            Some(section.as_str()),
            "{DOC}'s acceptance table is not what this run found (TWILIO_UPDATE_DOCS=1 rewrites it)"
        );
    }
}
