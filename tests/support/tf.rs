//! Running the real Terraform CLI against the generated provider: the provider binary built
//! by cargo, a CLI configuration with `dev_overrides` pointing at it (never `terraform init`),
//! one temporary working directory per test, every command time-bounded.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::repo_root;

/// The provider's address, as the checked-in generation names it.
pub const ADDRESS: &str = "registry.terraform.io/twilio/twilio";

/// `terraform` on PATH. Without it: a failure under `CI=true`, else `None` after a loud
/// SKIPPED line on stderr naming `test`.
pub fn terraform(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join("terraform"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: `terraform` is not on PATH (CI=true: the acceptance tests must run)"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {test}: `terraform` is not on PATH, so the provider was NOT run \
             under Terraform. ***\n"
        );
    }
    found
}

/// The cargo target directory of the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Held while a test builds and copies a binary: tests of one binary run in parallel and
/// share the target directory.
pub static BUILD_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Builds a workspace binary (`cargo build -p PACKAGE --bin BIN`) and returns the path of a
/// copy of it in `target/test-bin/PACKAGE/` (so another build cannot replace it while a
/// test runs it).
pub fn build_binary(package: &str, bin: &str) -> PathBuf {
    let _lock = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["build", "-p", package, "--bin", bin])
        .current_dir(repo_root())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo build -p {package} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = target_dir().join("debug").join(bin);
    assert!(path.is_file(), "{} was not built", path.display());
    let dir = target_dir().join("test-bin").join(package);
    std::fs::create_dir_all(&dir).expect("test-bin dir");
    let copy = dir.join(bin);
    let tmp = dir.join(format!(".{bin}.tmp"));
    std::fs::copy(&path, &tmp).expect("copy binary");
    std::fs::rename(&tmp, &copy).expect("move binary");
    copy
}

/// The generated provider's binary, built from the checked-in crate.
pub fn provider_binary() -> PathBuf {
    build_binary("terraform-provider-twilio", "terraform-provider-twilio")
}

/// What one command printed.
#[derive(Debug)]
pub struct Run {
    /// Whether it exited with 0.
    pub ok: bool,
    /// Its exit code (`-1` when killed).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Both outputs, for assertion messages.
    pub fn text(&self) -> String {
        format!("--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr)
    }
}

/// A Terraform working directory using a provider binary through `dev_overrides`.
pub struct Workdir {
    dir: tempfile::TempDir,
    terraform: PathBuf,
    env: Vec<(String, String)>,
}

impl Workdir {
    /// A new directory whose CLI configuration overrides `address` with the directory of
    /// `provider`.
    pub fn new(terraform: &Path, provider: &Path, address: &str) -> Workdir {
        let plugin_dir = provider.parent().expect("binary has a directory");
        Workdir::with_cli_config(
            terraform,
            &format!(
                "provider_installation {{\n  dev_overrides {{\n    \"{address}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                plugin_dir.display()
            ),
        )
    }

    /// A working directory whose CLI configuration installs `address` only from the
    /// filesystem mirror in its own [`Workdir::mirror`] directory (where
    /// `terraform-provider-twilio mirror DIR` writes it), with `terraform init`, as users
    /// without a registry do. Each working directory has its own mirror: tests that write
    /// one at the same time never write the same files.
    pub fn with_mirror(terraform: &Path, address: &str) -> Workdir {
        let dir = tempfile::tempdir().expect("temp dir");
        let mirror = dir.path().join("mirror");
        Workdir::in_dir(
            dir,
            terraform,
            &format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"{address}\"]\n  }}\n}}\n",
                mirror.display()
            ),
        )
    }

    /// The directory of the filesystem mirror [`Workdir::with_mirror`] names.
    pub fn mirror(&self) -> PathBuf {
        self.dir.path().join("mirror")
    }

    /// A working directory with this CLI configuration file, no checkpoint calls and no
    /// prompts.
    fn with_cli_config(terraform: &Path, cli_config: &str) -> Workdir {
        Workdir::in_dir(
            tempfile::tempdir().expect("temp dir"),
            terraform,
            cli_config,
        )
    }

    fn in_dir(dir: tempfile::TempDir, terraform: &Path, cli_config: &str) -> Workdir {
        let config = dir.path().join("cli.tfrc");
        std::fs::write(&config, cli_config).expect("write CLI config");
        std::fs::create_dir(dir.path().join("work")).expect("work dir");
        Workdir {
            env: vec![
                ("TF_CLI_CONFIG_FILE".into(), config.display().to_string()),
                ("CHECKPOINT_DISABLE".into(), "1".into()),
                ("TF_IN_AUTOMATION".into(), "1".into()),
                ("TF_INPUT".into(), "0".into()),
            ],
            dir,
            terraform: terraform.to_owned(),
        }
    }

    /// The configuration directory (where `main.tf` goes).
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Sets an environment variable for every later command.
    pub fn env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
    }

    /// Writes `main.tf`.
    pub fn write(&self, main_tf: &str) {
        std::fs::write(self.path().join("main.tf"), main_tf).expect("write main.tf");
    }

    /// Runs `terraform ARGS` (with `-no-color` after the subcommands that take it), killed after
    /// `limit`.
    pub fn run_for(&self, args: &[&str], limit: Duration) -> Run {
        let mut cmd = Command::new(&self.terraform);
        cmd.arg(args[0]);
        if NO_COLOR.contains(&args[0]) {
            cmd.arg("-no-color");
        }
        cmd.args(&args[1..]);
        cmd.current_dir(self.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // None of the machine's TWILIO_*, TF_* or RUST_* settings leak in (RUST_BACKTRACE
        // would add backtraces to the provider's diagnostics).
        for (k, _) in std::env::vars() {
            if k.starts_with("TWILIO_") || k.starts_with("TF_") || k.starts_with("RUST_") {
                cmd.env_remove(k);
            }
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("terraform starts");
        let out_reader = read_all(child.stdout.take());
        let err_reader = read_all(child.stderr.take());
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for terraform") {
                break Some(status);
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = out_reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        let run = Run {
            ok: status.is_some_and(|s| s.success()),
            code: status.and_then(|s| s.code()).unwrap_or(-1),
            stdout,
            stderr,
        };
        assert!(
            status.is_some(),
            "terraform {args:?} did not finish within {limit:?}:\n{}",
            run.text()
        );
        run
    }

    /// [`Workdir::run_for`] with two minutes.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_for(args, Duration::from_secs(120))
    }

    /// Runs a command that must succeed.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(run.ok, "terraform {args:?} failed:\n{}", run.text());
        run
    }
}

/// Subcommands taking `-no-color`.
const NO_COLOR: [&str; 7] = [
    "plan", "apply", "destroy", "import", "validate", "refresh", "show",
];

fn read_all<R: std::io::Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut p) = pipe {
            let mut bytes = Vec::new();
            let _ = p.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// `terraform { required_providers { twilio = { source = "twilio/twilio" } } }`.
pub const REQUIRED_PROVIDERS: &str =
    "terraform {\n  required_providers {\n    twilio = {\n      source = \"twilio/twilio\"\n    }\n  }\n}\n";

/// Generates the crates and the provider of `specs` (file name, text) outside the
/// repository, builds the provider with cargo alone, and returns its binary.
pub fn provider_for(name: &str, specs: &[(&str, String)]) -> std::path::PathBuf {
    let dir = provider_workspace(name, specs);
    let target = target_dir();
    let _lock = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let out = build_provider(&dir);
    assert!(
        out.status.success(),
        "the provider of {name} does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The binary has the checked-in provider's name: keep a copy of its own.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let copy = bin.join("terraform-provider-twilio");
    let tmp = bin.join(".terraform-provider-twilio.tmp");
    std::fs::copy(target.join("debug/terraform-provider-twilio"), &tmp).expect("copy binary");
    std::fs::rename(&tmp, &copy).expect("move binary");
    copy
}

/// Generates the crates and the provider of `specs` into a workspace of their own outside
/// the repository, `target/NAME/` (the members in `crates-NAME/`); returns its directory.
pub fn provider_workspace(name: &str, specs: &[(&str, String)]) -> std::path::PathBuf {
    use crate::{cargo_workspace, out_of_repo_settings, read};
    let dir = target_dir().join(name);
    let inputs: Vec<twilio_codegen::SpecInput> = specs
        .iter()
        .map(|(file, text)| twilio_codegen::SpecInput::new(file, text))
        .collect();
    let output = twilio_codegen::Generator::new(out_of_repo_settings())
        .generate(&inputs)
        .unwrap_or_else(|e| panic!("the specs generate: {e}"));
    std::fs::create_dir_all(&dir).expect("dir");
    // The members' directory is named after the workspace: cargo keys a path package's
    // build by its path relative to the workspace, so two of these workspaces sharing the
    // target directory with `crates/twilio-chat-v2` each would take each other's builds.
    let crates = format!("crates-{name}");
    twilio_codegen::write::write(&dir.join(&crates), &output).unwrap_or_else(|e| panic!("{e}"));
    let mut members: Vec<String> = std::fs::read_dir(dir.join(&crates))
        .expect("crates")
        .filter_map(|e| {
            let e = e.ok()?;
            e.path()
                .join("Cargo.toml")
                .exists()
                .then(|| format!("{crates}/{}", e.file_name().to_string_lossy()))
        })
        .collect();
    members.sort();
    cargo_workspace(&dir, &members);
    // The workspace's own profile, so the build shares this repository's target directory
    // (and its compiled dependencies) instead of building tonic and the rest again.
    let manifest = dir.join("Cargo.toml");
    let mut text = read(&manifest);
    if !text.contains("[profile.dev.package.\"*\"]") {
        text.push_str("\n[profile.dev.package.\"*\"]\nopt-level = 2\n");
        std::fs::write(&manifest, text).expect("manifest");
    }
    dir
}

/// `cargo build -p terraform-provider-twilio` in a workspace of [`provider_workspace`],
/// with cargo alone: no protoc in reach, no cargo configuration. Hold [`BUILD_LOCK`].
pub fn build_provider(dir: &std::path::Path) -> std::process::Output {
    let target = target_dir();
    // cargo's own directory (rustc is beside it) and the system's, where a C compiler and
    // linker are: nothing that could be protoc.
    let cargo = std::path::PathBuf::from(env!("CARGO"));
    let path = format!(
        "{}:/usr/bin:/bin",
        cargo.parent().expect("cargo's directory").display()
    );
    for d in std::env::split_paths(&path) {
        assert!(
            !d.join("protoc").exists(),
            "{} has a protoc: this build would not show that none is needed",
            d.display()
        );
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")));
    let configs = dir
        .ancestors()
        .map(|up| up.join(".cargo"))
        .chain(cargo_home);
    for config_dir in configs {
        for name in ["config.toml", "config"] {
            assert!(
                !config_dir.join(name).exists(),
                "{} would configure this build",
                config_dir.join(name).display()
            );
        }
    }
    std::process::Command::new(&cargo)
        .args(["build", "-p", "terraform-provider-twilio"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("PATH", &path)
        .env_remove("PROTOC")
        .env_remove("PROTOC_INCLUDE")
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .expect("cargo runs")
}

/// A working directory that installs `provider` the way users without a registry do: the
/// provider writes its filesystem mirror (`terraform-provider-twilio mirror DIR`), the CLI
/// configuration names it, and `terraform init` (run once `main.tf` is written) installs
/// it and records its hash in the lock file.
pub fn mirrored(terraform: &std::path::Path, provider: &std::path::Path) -> Workdir {
    let wd = Workdir::with_mirror(terraform, ADDRESS);
    let out = std::process::Command::new(provider)
        .arg("mirror")
        .arg(wd.mirror())
        .output()
        .expect("the provider runs");
    assert!(
        out.status.success(),
        "mirror failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("filesystem_mirror") && said.contains(ADDRESS),
        "it says how to use it: {said}"
    );
    wd
}

/// `terraform init` from the mirror; checks the lock file records the provider's hash.
pub fn init(wd: &Workdir) {
    let run = wd.ok(&["init", "-input=false"]);
    assert!(
        run.stdout.contains("Installed twilio/twilio v0.1.0"),
        "{}",
        run.text()
    );
    let lock = std::fs::read_to_string(wd.path().join(".terraform.lock.hcl")).expect("a lock file");
    assert!(
        lock.contains(&format!("provider \"{ADDRESS}\""))
            && lock
                .lines()
                .any(|l| l.replace(' ', "") == "version=\"0.1.0\"")
            && lock.contains("\"h1:"),
        "{lock}"
    );
}

/// The `terraform` and `provider` blocks of a configuration using the mock at `url` through
/// the provider argument `setting` (`base_url` for one API, `local_twilio` for several).
pub fn provider_blocks(setting: &str, url: &str) -> String {
    let account = crate::mock::ACCOUNT_SID;
    format!(
        r#"terraform {{
  required_providers {{
    twilio = {{
      source = "twilio/twilio"
    }}
  }}
}}

provider "twilio" {{
  account_sid = "{account}"
  {setting} = "{url}"
}}
"#
    )
}
