//! Command-line interface: parses arguments, calls the library, maps outcomes to exit codes
//! (0 success, 1 stale output or breaking spec changes, 2 error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use twilio_codegen::config::{self, ApiConfig, Config};
use twilio_codegen::{write, Generator, Settings, SpecInput};

/// Generates a typed Rust client crate and Terraform schema definitions from a Twilio
/// OpenAPI spec.
#[derive(Parser)]
#[command(name = "twilio-codegen", version, about, long_about = None)]
struct Cli {
    /// Settings file [default: ./twilio-codegen.toml when it exists]. Flags override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every output (Rust client crate, Terraform schema and docs) into --out,
    /// replacing its previous contents atomically.
    Generate(GenerateArgs),
    /// Exit 0 when --out matches a fresh generation; otherwise print a unified diff of the
    /// stale files and exit 1.
    Check(GenerateArgs),
    /// Print the intermediate model extracted from a spec, as YAML.
    Model(SpecArg),
    /// Report what changes for the generated bindings between two specs, each change
    /// marked breaking or not for the Rust crate and the Terraform schema; exit 1 when a
    /// change is breaking.
    Diff(DiffArgs),
    /// After a spec change: compare each OLD_SPEC with the listed spec of the same file
    /// name, record the crate versions the reports call for in the settings file,
    /// regenerate into `out`, and print the reports.
    Update(UpdateArgs),
}

#[derive(Args)]
struct UpdateArgs {
    /// The previous version of a spec the settings file lists (matched by file name);
    /// repeat for several.
    #[arg(required = true, value_name = "OLD_SPEC")]
    old_specs: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
struct DiffArgs {
    /// The old OpenAPI spec (YAML or JSON).
    old_spec: PathBuf,
    /// The new OpenAPI spec.
    new_spec: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// How `diff` and `update` print their reports.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Readable lines grouped by resource.
    Text,
    /// One JSON object: `changes`, `surface`, `summary`, `bump`, `breaking`.
    Json,
    /// Markdown for a pull-request comment: verdict, bumps, breaking changes, the rest
    /// folded.
    Markdown,
}

#[derive(Args)]
struct SpecArg {
    /// The OpenAPI 3.0.x spec, YAML or JSON; repeat the flag for several specs (one crate
    /// each, one Terraform provider for all) [default: `spec` or `[[api]]` of the settings
    /// file, else spec/twilio_flex_v1.yaml].
    #[arg(long = "spec", value_name = "PATH")]
    specs: Vec<PathBuf>,
}

#[derive(Args)]
struct GenerateArgs {
    #[command(flatten)]
    spec: SpecArg,
    /// Output directory, owned by the generator: its contents are replaced [default: `out`
    /// of the settings file, else generated].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Name of the generated crate [default: `rust.crate_name` of the settings file, else
    /// twilio-<name> from the spec file's stem (twilio_flex_v1.yaml -> twilio-flex-v1)].
    #[arg(long)]
    crate_name: Option<String>,
    /// Version of the generated crate [default: `rust.crate_version` of the settings file,
    /// else 0.1.0].
    #[arg(long)]
    crate_version: Option<String>,
    /// Terraform provider address keying `provider_schemas` [default:
    /// `terraform.provider_address` of the settings file, else
    /// registry.terraform.io/twilio/twilio].
    #[arg(long)]
    provider_address: Option<String>,
    /// Directory of the twilio-runtime crate, which the generated crates depend on by a path
    /// relative to --out [default: `rust.runtime_path` of the settings file, else none: the
    /// crates depend on the published runtime].
    #[arg(long, value_name = "DIR")]
    runtime_path: Option<PathBuf>,
    /// Print how long each stage took (parse, model, emit, write) to stderr.
    #[arg(long)]
    timings: bool,
}

const DEFAULT_SPEC: &str = "spec/twilio_flex_v1.yaml";
const DEFAULT_OUT: &str = "generated";

/// Flags, then the settings file, then built-in defaults.
struct Resolved {
    /// The specs, each with the settings of its own crate (`spec` is the path).
    specs: Vec<ApiConfig>,
    out: PathBuf,
    settings: Settings,
    timings: bool,
}

fn load_config(path: Option<&Path>) -> Result<Config, Failure> {
    let (path, required) = match path {
        Some(p) => (p.to_owned(), true),
        None => (PathBuf::from(config::FILE_NAME), false),
    };
    if !required && !path.exists() {
        return Ok(Config::default());
    }
    let display = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure(format!("{display}: cannot read the settings file: {e}")))?;
    config::parse(&display, &text).map_err(|e| Failure(e.to_string()))
}

/// The specs of `--spec` (each with the settings of its entry in the settings file, when it
/// has one), else those of the settings file, else the default spec.
fn spec_list(arg: &SpecArg, config: &Config) -> Vec<ApiConfig> {
    if !arg.specs.is_empty() {
        return arg
            .specs
            .iter()
            .map(|path| ApiConfig {
                spec: path.clone(),
                ..config.api_for(path).cloned().unwrap_or_default()
            })
            .collect();
    }
    if !config.apis.is_empty() {
        return config.apis.clone();
    }
    vec![ApiConfig {
        spec: PathBuf::from(DEFAULT_SPEC),
        ..ApiConfig::default()
    }]
}

/// The settings of the settings file alone, for commands without generation flags; `api`
/// is the entry of the spec in question, when the file lists it.
fn config_settings(config: &Config, api: Option<&ApiConfig>) -> Settings {
    let defaults = Settings::default();
    let api = api.cloned().unwrap_or_default();
    Settings {
        crate_name: api.crate_name.or_else(|| config.rust.crate_name.clone()),
        crate_version: api
            .crate_version
            .or_else(|| config.rust.crate_version.clone())
            .unwrap_or(defaults.crate_version),
        provider_address: config
            .terraform
            .provider_address
            .clone()
            .unwrap_or(defaults.provider_address),
        runtime_path: None,
    }
}

fn resolve(args: &GenerateArgs, config: &Config) -> Result<Resolved, Failure> {
    let from_config = config_settings(config, None);
    let mut specs = spec_list(&args.spec, config);
    let out = args
        .out
        .clone()
        .or_else(|| config.out.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    let crate_name = args.crate_name.clone().or(from_config.crate_name);
    if crate_name.is_some() && specs.len() > 1 {
        return Err(Failure(format!(
            "a crate name (--crate-name or rust.crate_name) names one crate, but {} specs are              given: give each its own crate_name in an [[api]] table of the settings file",
            specs.len()
        )));
    }
    if args.crate_version.is_some() {
        // The flag wins over every version of the file.
        for spec in &mut specs {
            spec.crate_version = None;
        }
    }
    let runtime_path = match args
        .runtime_path
        .as_ref()
        .or(config.rust.runtime_path.as_ref())
    {
        Some(dir) => Some(config::runtime_path_from(dir, &out).map_err(Failure)?),
        None => None,
    };
    Ok(Resolved {
        specs,
        out,
        settings: Settings {
            crate_name,
            crate_version: args
                .crate_version
                .clone()
                .unwrap_or(from_config.crate_version),
            provider_address: args
                .provider_address
                .clone()
                .unwrap_or(from_config.provider_address),
            runtime_path,
        },
        timings: args.timings,
    })
}

/// When the process started, for `--timings`.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// One stderr line: each stage's time, then the whole run's (from process start).
fn print_timings(output: &twilio_codegen::Output, last: (&str, Duration)) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut line = String::from("timings:");
    for (stage, took) in output.timings.iter().copied().chain([last]) {
        line.push_str(&format!(" {stage} {:.1} ms,", ms(took)));
    }
    let total = STARTED.get().map_or(Duration::ZERO, Instant::elapsed);
    line.push_str(&format!(" total {:.1} ms", ms(total)));
    eprintln!("{line}");
}

/// Fatal outcome: a message already formatted for stderr.
struct Failure(String);

fn read_spec(path: &Path) -> Result<(String, String), Failure> {
    let display = path.display().to_string();
    let text = std::fs::read(path)
        .map_err(|e| Failure(format!("{display}: cannot read the spec: {e}")))?;
    let text = String::from_utf8(text).map_err(|e| {
        Failure(format!(
            "{display}: the spec is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok((display, text))
}

fn generate(args: &Resolved) -> Result<twilio_codegen::Output, Failure> {
    let texts = args
        .specs
        .iter()
        .map(|s| read_spec(&s.spec))
        .collect::<Result<Vec<_>, _>>()?;
    if texts.iter().map(|(_, text)| text.len()).sum::<usize>() >= HUGE_PAGES_FROM {
        huge_pages(true);
    }
    let inputs: Vec<SpecInput<'_>> = args
        .specs
        .iter()
        .zip(&texts)
        .map(|(s, (display, text))| SpecInput {
            crate_name: s.crate_name.as_deref(),
            crate_version: s.crate_version.as_deref(),
            ..SpecInput::new(display, text)
        })
        .collect();
    let output = Generator::new(args.settings.clone())
        .generate(&inputs)
        .map_err(|e| Failure(e.to_string()))?;
    for w in &output.warnings {
        eprintln!("warning: {w}");
    }
    Ok(output)
}

/// Spec text from which `generate` uses transparent huge pages (api_v2010 is 1.5 MB, the
/// next largest shared spec 0.4 MB).
const HUGE_PAGES_FROM: usize = 1 << 20;

/// Turns transparent huge pages (2 MiB) on or off for the process, from here on. The
/// allocator asks for them; they spare a large run most of its page faults (api_v2010: about
/// 10,000 fewer, a tenth of its wall time) but cost about 15 MB of memory, and a small run
/// gains nothing from them. So the process starts without them and a large `generate` turns
/// them on.
fn huge_pages(on: bool) {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours. Its
    // failure (an old kernel) leaves the pages as they were, which is only slower or larger.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(!on), 0, 0, 0);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = on;
}

/// The `generate` command that makes what `check` compared against: the same settings
/// file and flags, with the spec and output resolved.
fn fix_command(config: Option<&Path>, given: &GenerateArgs, resolved: &Resolved) -> String {
    let path = |p: &Path| shell_word(&p.display().to_string());
    let mut command = String::from("cargo run -p twilio-codegen --");
    if let Some(config) = config {
        command.push_str(&format!(" --config {}", path(config)));
    }
    command.push_str(" generate");
    for spec in &resolved.specs {
        command.push_str(&format!(" --spec {}", path(&spec.spec)));
    }
    command.push_str(&format!(" --out {}", path(&resolved.out)));
    if let Some(runtime) = &given.runtime_path {
        command.push_str(&format!(" --runtime-path {}", path(runtime)));
    }
    let flags = [
        ("--crate-name", &given.crate_name),
        ("--crate-version", &given.crate_version),
        ("--provider-address", &given.provider_address),
    ];
    for (flag, value) in flags {
        if let Some(value) = value {
            command.push_str(&format!(" {flag} {}", shell_word(value)));
        }
    }
    command
}

/// A word as a POSIX shell reads it back: as is when it holds no special characters, else
/// in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Reads a spec and builds its model, printing its warnings.
fn load_model(path: &Path) -> Result<(String, twilio_codegen::model::Api), Failure> {
    let (display, text) = read_spec(path)?;
    let api = twilio_codegen::model::read(&display, &text).map_err(|e| Failure(e.to_string()))?;
    for w in &api.warnings {
        eprintln!("warning: {display}:{w}");
    }
    Ok((display, api))
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let config = load_config(cli.config.as_deref())?;
    match cli.command {
        Command::Generate(args) => {
            let args = resolve(&args, &config)?;
            // The process ends after writing: the output (and the parsed specs it holds) is
            // left to the exit rather than freed node by node (milliseconds for a large spec).
            let output = std::mem::ManuallyDrop::new(generate(&args)?);
            let start = Instant::now();
            let written = write::write(&args.out, &output).map_err(|e| Failure(e.to_string()))?;
            if args.timings {
                print_timings(&output, ("write", start.elapsed()));
            }
            if written.nothing_changed() {
                eprintln!(
                    "{} is up to date ({} files): nothing to write",
                    args.out.display(),
                    written.unchanged
                );
            } else {
                eprintln!(
                    "wrote {}: {} file(s) new or changed, {} unchanged, {} removed",
                    args.out.display(),
                    written.changed,
                    written.unchanged,
                    written.removed
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(given) => {
            let args = resolve(&given, &config)?;
            let output = std::mem::ManuallyDrop::new(generate(&args)?);
            let start = Instant::now();
            let staleness = write::check(&args.out, &output).map_err(|e| Failure(e.to_string()))?;
            if args.timings {
                print_timings(&output, ("compare", start.elapsed()));
            }
            if staleness.is_fresh() {
                eprintln!(
                    "{} is up to date ({} files)",
                    args.out.display(),
                    output.files.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            print!("{}", staleness.diff(400));
            let mut stale: Vec<&str> = staleness
                .changed
                .iter()
                .map(|(p, _, _)| p.as_str())
                .collect();
            stale.extend(staleness.missing.iter().map(String::as_str));
            stale.extend(staleness.extra.iter().map(String::as_str));
            eprintln!(
                "{} is stale: {} file(s) differ: {}",
                args.out.display(),
                stale.len(),
                stale.join(", ")
            );
            eprintln!("fix: {}", fix_command(cli.config.as_deref(), &given, &args));
            Ok(ExitCode::from(1))
        }
        Command::Model(args) => {
            // One YAML document per spec.
            let specs = spec_list(&args, &config);
            for (i, spec) in specs.iter().enumerate() {
                let (_, api) = load_model(&spec.spec)?;
                let yaml = serde_yaml::to_string(&api)
                    .map_err(|e| Failure(format!("cannot print the model: {e}")))?;
                if i > 0 {
                    println!("---");
                }
                print!("{yaml}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Update(args) => update(cli.config.as_deref(), &config, &args),
        Command::Diff(args) => {
            let (old_name, old_text) = read_spec(&args.old_spec)?;
            let (new_name, new_text) = read_spec(&args.new_spec)?;
            // Names as `generate` gives them with the settings file (crate, provider): the
            // crate settings of the file's entry for the new spec, else for the old one.
            let api = config
                .api_for(&args.new_spec)
                .or_else(|| config.api_for(&args.old_spec));
            let settings = config_settings(&config, api);
            // The models and the public surfaces of the crates both sides generate.
            let report = twilio_codegen::Generator::new(settings)
                .diff(
                    twilio_codegen::SpecInput::new(&old_name, &old_text),
                    twilio_codegen::SpecInput::new(&new_name, &new_text),
                )
                .map_err(|e| Failure(e.to_string()))?;
            match args.format {
                Format::Text => print!("{}", report.to_text()),
                Format::Json => print!("{}", report.to_json()),
                Format::Markdown => print!("{}", report.to_markdown()),
            }
            Ok(if report.breaking() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// `update`: the reports first, then the new versions and the generation in memory, then
/// the output (swapped in atomically) and the settings file. Nothing is written when a spec
/// fails to read, to match, to compare or to generate.
fn update(path: Option<&Path>, config: &Config, args: &UpdateArgs) -> Result<ExitCode, Failure> {
    let path = path.map_or_else(|| PathBuf::from(config::FILE_NAME), Path::to_owned);
    let display = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Failure(format!(
            "{display}: update records the new versions in the settings file: {e}"
        ))
    })?;
    let none = GenerateArgs {
        spec: SpecArg { specs: Vec::new() },
        out: None,
        crate_name: None,
        crate_version: None,
        provider_address: None,
        runtime_path: None,
        timings: false,
    };
    let listed = resolve(&none, config)?.specs;
    let file_name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut reports = Vec::new();
    for old in &args.old_specs {
        let api = listed
            .iter()
            .find(|a| file_name(&a.spec) == file_name(old))
            .ok_or_else(|| {
                let names: Vec<String> = listed
                    .iter()
                    .map(|a| a.spec.display().to_string())
                    .collect();
                Failure(format!(
                    "{}: no spec of {display} has its file name (it lists {})",
                    old.display(),
                    names.join(", ")
                ))
            })?;
        let (old_name, old_text) = read_spec(old)?;
        let (new_name, new_text) = read_spec(&api.spec)?;
        let report = Generator::new(config_settings(config, Some(api)))
            .diff(
                SpecInput::new(&old_name, &old_text),
                SpecInput::new(&new_name, &new_text),
            )
            .map_err(|e| Failure(e.to_string()))?;
        reports.push((api.clone(), report));
    }
    // A crate with a version of its own moves by its report; the others, and the provider,
    // share `rust.crate_version`, which moves by the largest bump among them.
    let mut per_api = Vec::new();
    let mut shared = twilio_codegen::diff::Level::None;
    for (api, report) in &reports {
        let bump = report.bump();
        shared = shared.max(bump.terraform);
        match &api.crate_version {
            Some(own) if bump.rust != twilio_codegen::diff::Level::None => {
                let to = bump.rust.apply(own).ok_or_else(|| {
                    Failure(format!(
                        "{display}: crate_version `{own}` is not MAJOR.MINOR.PATCH"
                    ))
                })?;
                per_api.push((api.spec.clone(), to));
            }
            Some(_) => {}
            None => shared = shared.max(bump.rust),
        }
    }
    let current = config_settings(config, None).crate_version;
    let global = if shared == twilio_codegen::diff::Level::None {
        None
    } else {
        Some(shared.apply(&current).ok_or_else(|| {
            Failure(format!(
                "{display}: rust.crate_version `{current}` is not MAJOR.MINOR.PATCH"
            ))
        })?)
    };
    let new_text = config::with_versions(&display, &text, global.as_deref(), &per_api)
        .map_err(|e| Failure(e.to_string()))?;
    let new_config = config::parse(&display, &new_text).map_err(|e| Failure(e.to_string()))?;
    let resolved = resolve(&none, &new_config)?;
    let output = generate(&resolved)?;
    let written = write::write(&resolved.out, &output).map_err(|e| Failure(e.to_string()))?;
    if new_text != text {
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, &new_text)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| {
                Failure(format!(
                    "{display}: cannot record the new versions ({e}); {} is regenerated with them",
                    resolved.out.display()
                ))
            })?;
    }
    for (_, report) in &reports {
        match args.format {
            Format::Text => print!("{}", report.to_text()),
            Format::Json => print!("{}", report.to_json()),
            Format::Markdown => print!("{}", report.to_markdown()),
        }
    }
    match &global {
        Some(v) => eprintln!(
            "{display}: rust.crate_version {current} -> {v} ({})",
            shared.as_str()
        ),
        None => eprintln!("{display}: rust.crate_version stays {current}"),
    }
    for (spec, v) in &per_api {
        eprintln!("{display}: crate_version of {} -> {v}", spec.display());
    }
    eprintln!(
        "wrote {}: {} file(s) new or changed, {} unchanged, {} removed",
        resolved.out.display(),
        written.changed,
        written.unchanged,
        written.removed
    );
    Ok(ExitCode::SUCCESS)
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    STARTED.get_or_init(Instant::now);
    huge_pages(false);
    // Start the worker threads now, while the arguments and the spec are read: a thread
    // started in the middle of the work can wait milliseconds before a core takes it.
    // (Failing here only means the pool is made on first use.)
    let _ = rayon::ThreadPoolBuilder::new().build_global();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(
            shell_word("spec/twilio_flex_v1.yaml"),
            "spec/twilio_flex_v1.yaml"
        );
        assert_eq!(shell_word("my specs/a.yaml"), "'my specs/a.yaml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
