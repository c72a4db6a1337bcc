//! Names belong to their subject: a public name (Rust type, module, handle, method, SID type,
//! enum, Terraform type, attribute and block) depends only on what it names, never on which
//! other resources exist. For every shared spec, each resource is removed in turn and the
//! public names of what remains are compared with those of the whole spec: a name that
//! appears only without the removed resource is one that resource's presence had changed.
//!
//! Names are taken from the views the emitters write from (`RustNames`, the Terraform view
//! of each resource), so the check costs a model build per removal, not a generation.
//!
//! One exception, printed when met: two resources the spec itself gives one `mountName`
//! (trusthub_v1's two `compliance_inquiries`) cannot both have it; the second is `_2`, and
//! becomes the first when the first is removed.

use std::collections::BTreeSet;

use twilio_codegen::model::{load, Api};
use twilio_codegen::views::rust::RustNames;
use twilio_codegen::views::terraform::attrs;
use workspace_tests::{read, shared_specs, SHARED_SPECS};

/// Every public name of an API, each tagged with what it names.
fn public_names(api: &Api) -> BTreeSet<String> {
    let names = RustNames::new(api);
    let mut out = BTreeSet::new();
    let mut put = |kind: &str, name: &str| {
        out.insert(format!("{kind} {name}"));
    };
    for n in names
        .sids
        .values()
        .chain(names.enums.values())
        .chain(names.models.values())
        .chain(names.unions.values())
        .chain(names.groups.values())
        .chain(names.params.values())
    {
        put("type", n);
    }
    for o in names.one_ofs.values() {
        put("type", &o.ty);
        for (variant, ty) in &o.variants {
            put("type", ty);
            put("variant", &format!("{}::{variant}", o.ty));
        }
    }
    for m in names.modules.values() {
        put("module", m);
    }
    for (ty, method) in names
        .list_handles
        .values()
        .chain(names.context_handles.values())
    {
        put("type", ty);
        put("method", &format!("{}::{method}", names.api_type));
    }
    for r in &api.resources {
        let Ok(tf) = attrs::derive(api, r, "twilio") else {
            continue;
        };
        put("terraform", &tf.type_name);
        for a in &tf.attributes {
            put("terraform", &format!("{}.{}", tf.type_name, a.name));
        }
        for b in &tf.blocks {
            put("terraform", &format!("{}.{}", tf.type_name, b.name));
        }
    }
    out
}

/// The names that exist only once `removed`'s paths are gone: renames its presence caused.
fn renamed_by_removing(
    spec: &load::Spec,
    paths: &[String],
    full: &BTreeSet<String>,
) -> Vec<String> {
    let mut reduced = spec.clone();
    reduced
        .doc
        .paths
        .paths
        .retain(|p, _| !paths.iter().any(|x| x == p));
    if let Some(serde_yaml::Value::Mapping(m)) = reduced.raw.get_mut("paths") {
        m.retain(|k, _| !k.as_str().is_some_and(|k| paths.iter().any(|x| x == k)));
    }
    let Ok(api) = twilio_codegen::model::build(&reduced) else {
        return Vec::new();
    };
    public_names(&api).difference(full).cloned().collect()
}

#[test]
fn removing_a_resource_renames_nothing_else() {
    let specs = shared_specs();
    assert_eq!(specs.len(), SHARED_SPECS, "{specs:?}");
    let mut problems = Vec::new();
    let mut removals = 0;
    let mut known = 0;
    for path in &specs {
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let spec = load::parse(&file, &read(path)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let api = twilio_codegen::model::build(&spec).unwrap_or_else(|e| panic!("{file}: {e}"));
        let full = public_names(&api);
        let mut mounts = std::collections::BTreeMap::<&str, usize>::new();
        for m in api.resources.iter().filter_map(|r| r.mount_name.as_deref()) {
            *mounts.entry(m).or_default() += 1;
        }
        for r in &api.resources {
            let mut paths: Vec<String> = r
                .operations
                .iter()
                .map(|o| o.path.as_str().to_owned())
                .collect();
            paths.extend(
                r.list_path
                    .iter()
                    .chain(&r.instance_path)
                    .map(|p| p.as_str().to_owned()),
            );
            paths.sort();
            paths.dedup();
            removals += 1;
            let renamed = renamed_by_removing(&spec, &paths, &full);
            let shared_mount = r.mount_name.as_deref().is_some_and(|m| mounts[m] > 1);
            if !renamed.is_empty() && shared_mount {
                eprintln!(
                    "KNOWN: {file}: `{}` shares its mountName with another resource; \
                     without it: {}",
                    r.name,
                    renamed.join(", ")
                );
                known += 1;
            } else if !renamed.is_empty() {
                problems.push(format!(
                    "{file}: without `{}` ({}), new names: {}",
                    r.name,
                    paths.join(", "),
                    renamed.join(", ")
                ));
            }
        }
    }
    assert!(removals > 300, "{removals} removals");
    assert!(
        known <= 2,
        "{known} removals rename a resource sharing its mountName"
    );
    assert!(
        problems.is_empty(),
        "{} of {removals} removals rename something else:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
