//! The Rust client crate: model -> `quote!` token streams -> `prettyplease` -> files.
//!
//! One file per concern in the generated crate: `client`, `error`, `paging`, `encoding`,
//! `sids`, `enums`, `models`, and one module per resource under `resources/`.

mod crate_files;
mod doc;
mod enums;
pub mod format;
mod models;
mod names;
mod resources;
mod samples;
mod sids;
mod tests;
mod ty;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use super::EmitError;
use crate::model::Api;
use crate::Settings;

pub use names::RustNames;

/// The fixed modules, formatted when the generator was built (see `build.rs`).
mod fixed {
    include!(concat!(env!("OUT_DIR"), "/fixed/index.rs"));
}

/// What every part of the emitter needs.
pub struct EmitCx<'a> {
    /// The model.
    pub api: &'a Api,
    /// Rust names of everything.
    pub names: &'a RustNames,
    /// The crate name (`twilio-flex-v1`).
    pub crate_name: String,
    /// The spec's file name, for headers.
    pub spec_file: String,
    /// The "generated, do not edit" line.
    pub header: String,
    /// User settings.
    pub settings: &'a Settings,
}

/// Formats a token stream as a Rust file.
pub fn format_file(tokens: TokenStream, what: &str) -> Result<String, EmitError> {
    format::format_tokens(tokens).map_err(|e| EmitError {
        what: what.to_owned(),
        message: format!("generated code does not parse: {e}"),
    })
}

/// What one job produced: a formatted part of a file, and what it used.
#[derive(Default)]
struct Made {
    text: String,
    helpers: BTreeSet<&'static str>,
    rfc2822: models::Rfc2822,
}

/// One job: part `order` of `file`.
struct Part<'a> {
    file: String,
    order: usize,
    make: Box<dyn Fn() -> Result<Made, EmitError> + Sync + 'a>,
}

impl<'a> Part<'a> {
    /// A part made of formatted tokens.
    fn tokens(file: &str, order: usize, make: impl Fn() -> TokenStream + Sync + 'a) -> Self {
        let what = file.to_owned();
        Part {
            file: file.to_owned(),
            order,
            make: Box::new(move || {
                Ok(Made {
                    text: format_file(make(), &what)?,
                    ..Made::default()
                })
            }),
        }
    }

    /// A part that is text made beforehand.
    fn owned(file: &str, order: usize, text: String) -> Self {
        Part {
            file: file.to_owned(),
            order,
            make: Box::new(move || {
                Ok(Made {
                    text: text.clone(),
                    ..Made::default()
                })
            }),
        }
    }

    /// A part that is fixed text.
    fn text(file: &str, order: usize, text: &'a str) -> Self {
        Part {
            file: file.to_owned(),
            order,
            make: Box::new(move || {
                Ok(Made {
                    text: text.to_owned(),
                    ..Made::default()
                })
            }),
        }
    }
}

/// A fixed part by name.
fn fixed_text(name: &str) -> Result<&'static str, EmitError> {
    fixed::text(name).ok_or_else(|| EmitError {
        what: name.to_owned(),
        message: "missing from the fixed modules".to_owned(),
    })
}

/// Runs jobs on the machine's cores (this thread and helpers); results in job order. Files
/// are independent and so are the parts of a file (prettyplease formats items one by one),
/// so the output does not depend on the number of threads.
fn run_jobs(jobs: &[Part<'_>]) -> Result<Vec<Made>, EmitError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            out.push((i, (job.make)()));
        }
        out
    };
    let panicked = || {
        vec![(
            usize::MAX,
            Err(EmitError {
                what: "rust".to_owned(),
                message: "an emission thread panicked".to_owned(),
            }),
        )]
    };
    let mut results: Vec<(usize, Result<Made, EmitError>)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
            .unwrap_or_else(|_| panicked());
        for h in helpers {
            results.extend(h.join().unwrap_or_else(|_| panicked()));
        }
        results
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Emits the crate into `<crate_name>/`.
pub fn emit(
    api: &Api,
    spec_file: &str,
    settings: &Settings,
) -> Result<BTreeMap<String, String>, EmitError> {
    let names = RustNames::new(api);
    let crate_name = super::crate_name(api, settings);
    let header =
        format!("Generated by twilio-codegen from {spec_file}. Do not edit: regenerate instead.");
    let cx = EmitCx {
        api,
        names: &names,
        crate_name: crate_name.clone(),
        spec_file: spec_file.to_owned(),
        header: header.clone(),
        settings,
    };
    let (cx, names) = (&cx, &names);

    // Generated Rust is formatted by prettyplease; the crate's rustfmt.toml keeps `cargo fmt`
    // from reformatting it. Large files are made of parts formatted in parallel.
    let mut jobs: Vec<Part<'_>> = Vec::new();
    for r in &api.resources {
        let module = &names.modules[&r.name];
        jobs.push(Part {
            file: format!("src/resources/{module}.rs"),
            order: 0,
            make: Box::new(move || {
                let (tokens, helpers) = resources::resource_rs(api, names, r);
                Ok(Made {
                    text: format_file(tokens, &r.name)?,
                    helpers,
                    ..Made::default()
                })
            }),
        });
    }
    for r in tests::tested_resources(cx) {
        let module = &names.modules[&r.name];
        let file = format!("tests/operations/{module}.rs");
        jobs.push(Part::tokens(&file, 0, move || {
            tests::operations_module(cx, r)
        }));
    }
    for (i, m) in api.models.iter().enumerate() {
        jobs.push(Part {
            file: "src/models.rs".to_owned(),
            order: i + 1,
            make: Box::new(move || {
                let (tokens, rfc2822) = models::model_item(m, names);
                Ok(Made {
                    text: format_file(tokens, &m.name)?,
                    rfc2822,
                    ..Made::default()
                })
            }),
        });
    }
    for (i, e) in api.enums.iter().enumerate() {
        jobs.push(Part::tokens("src/enums.rs", i + 1, move || {
            enums::enum_item(e, names)
        }));
    }
    // Behaviour tests: fixed text, run on a fixture the spec provides.
    let krate = crate_name.replace('-', "_");
    let has_fixture = tests::client_fixture(cx).is_some();
    if has_fixture {
        jobs.push(Part::tokens("tests/client/fixture.rs", 0, move || {
            tests::client_fixture(cx).unwrap_or_default()
        }));
        let text = fixed_text("tests.client.rs")?.replace("__crate__", &krate);
        jobs.push(Part::owned("tests/client/main.rs", 0, text));
    }
    jobs.push(Part {
        file: "examples/quickstart.rs".to_owned(),
        order: 0,
        make: Box::new(move || {
            Ok(Made {
                text: crate_files::example_main(cx),
                ..Made::default()
            })
        }),
    });
    jobs.push(Part::tokens("src/models.rs", 0, move || {
        models::models_head(api, names)
    }));
    jobs.push(Part::tokens("src/enums.rs", 0, move || {
        enums::enums_head(api)
    }));
    jobs.push(Part::text("src/sids.rs", 0, fixed_text("sids.rs")?));
    jobs.push(Part::tokens("src/sids.rs", 1, move || {
        sids::sids_tail(api, names)
    }));
    jobs.push(Part::tokens("src/resources/mod.rs", 0, move || {
        crate_files::resources_mod_rs(api, names)
    }));
    jobs.push(Part::tokens("tests/operations/main.rs", 0, move || {
        tests::operations_main(cx)
    }));
    let common = fixed_text("tests.common.rs")?.replace("__crate__", &krate);
    jobs.push(Part::owned("tests/common/mod.rs", 0, common));
    for name in ["client.rs", "error.rs", "paging.rs"] {
        jobs.push(Part::text(&format!("src/{name}"), 0, fixed_text(name)?));
    }

    let mut parts: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut helpers = BTreeSet::new();
    let mut rfc2822 = models::Rfc2822::default();
    let made = run_jobs(&jobs)?;
    for (job, done) in jobs.iter().zip(made) {
        helpers.extend(done.helpers);
        rfc2822.plain |= done.rfc2822.plain;
        rfc2822.option |= done.rfc2822.option;
        if !done.text.trim().is_empty() {
            parts
                .entry(job.file.clone())
                .or_default()
                .push((job.order, done.text));
        }
    }
    drop(jobs);

    // What depends on the other files: the validation helpers the resources call, the
    // RFC 2822 helpers the models use, and the crate root.
    if helpers
        .iter()
        .any(|h| ["required_when", "required", "not_accepted"].contains(h))
    {
        helpers.insert("has");
    }
    let mut encoding = vec![(0, fixed_text("encoding.rs")?.to_owned())];
    for (i, h) in fixed::HELPERS.iter().enumerate() {
        if helpers.contains(h) {
            encoding.push((i + 1, fixed_text(&format!("encoding.{h}.rs"))?.to_owned()));
        }
    }
    // Unit tests last: the base's, then the helpers'.
    let tests_at = fixed::HELPERS.len() + 1;
    encoding.push((tests_at, fixed_text("encoding.tests.rs")?.to_owned()));
    for (i, h) in fixed::HELPERS.iter().enumerate() {
        if helpers.contains(h) {
            if let Some(text) = fixed::text(&format!("encoding.{h}.tests.rs")) {
                encoding.push((tests_at + 1 + i, text.to_owned()));
            }
        }
    }
    parts.insert("src/encoding.rs".to_owned(), encoding);
    parts.insert(
        "src/lib.rs".to_owned(),
        vec![(
            0,
            format_file(crate_files::lib_rs(api, names, rfc2822.any()), "src/lib.rs")?,
        )],
    );
    if rfc2822.any() {
        parts.insert(
            "src/rfc2822.rs".to_owned(),
            vec![(
                0,
                format_file(models::rfc2822_rs(rfc2822), "src/rfc2822.rs")?,
            )],
        );
    }

    let mut files = BTreeMap::new();
    for (file, mut pieces) in parts {
        pieces.sort_by_key(|(order, _)| *order);
        let body: Vec<String> = pieces.into_iter().map(|(_, text)| text).collect();
        files.insert(
            format!("{crate_name}/{file}"),
            format!("// {header}\n\n{}", body.join("\n")),
        );
    }
    let regex = resources::needs_regex(api);
    let example = files
        .get(&format!("{crate_name}/examples/quickstart.rs"))
        .and_then(|text| text.split_once("\n\n").map(|(_, body)| body.to_owned()))
        .unwrap_or_default();
    files.insert(
        format!("{crate_name}/Cargo.toml"),
        crate_files::cargo_toml(cx, regex)?,
    );
    files.insert(
        format!("{crate_name}/rustfmt.toml"),
        format!("# {header}\n# The code is formatted by prettyplease when generated; `cargo fmt` leaves it as is.\ndisable_all_formatting = true\n"),
    );
    files.insert(
        format!("{crate_name}/README.md"),
        crate_files::readme(cx, &example)?,
    );
    Ok(files)
}
