//! The Rust code of the plugin protocol (`src/proto/*.rs`) is generated once from
//! `proto/*.proto` by tonic-build and checked in, so that building the provider needs no
//! protoc. This test generates it again with the protoc binary of the crates.io package
//! `protoc-bin-vendored-linux-x86_64` and fails, naming the file, when the checked-in code
//! differs. To refresh it (after changing a `.proto` file or tonic-build), run
//! `UPDATE_PROTOCOL_CODE=1 cargo test -p twilio-terraform-runtime --test protocol_code`.

use std::path::{Path, PathBuf};

/// The `.proto` files and the Rust file each gives (named after its package).
const FILES: [(&str, &str); 2] = [
    ("tfplugin6.5.proto", "tfplugin6.rs"),
    ("plugin.proto", "plugin.rs"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn protoc() -> Option<(PathBuf, PathBuf)> {
    Some((
        protoc_bin_vendored_linux_x86_64::protoc_bin_path(),
        protoc_bin_vendored_linux_x86_64::include_path(),
    ))
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
fn protoc() -> Option<(PathBuf, PathBuf)> {
    None
}

fn generate(protoc: &Path, include: &Path, out: &Path) {
    let mut config = prost_build::Config::new();
    config.protoc_executable(protoc);
    let protos: Vec<PathBuf> = FILES
        .iter()
        .map(|(proto, _)| root().join("proto").join(proto))
        .collect();
    tonic_build::configure()
        .build_client(false)
        .build_server(true)
        .out_dir(out)
        .compile_protos_with_config(config, &protos, &[root().join("proto"), include.to_owned()])
        .unwrap_or_else(|e| panic!("tonic-build cannot generate the protocol code: {e}"));
}

#[test]
fn checked_in_protocol_code_is_what_tonic_build_generates() {
    let Some((protoc, include)) = protoc() else {
        eprintln!(
            "SKIPPED checked_in_protocol_code_is_what_tonic_build_generates: the vendored protoc \
             is a linux-x86_64 binary; this machine is another platform"
        );
        return;
    };
    let out = std::env::temp_dir().join(format!("twilio-protocol-code-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    generate(&protoc, &include, &out);
    let update = std::env::var_os("UPDATE_PROTOCOL_CODE").is_some();
    let mut stale = Vec::new();
    for (_, rs) in FILES {
        let fresh = std::fs::read_to_string(out.join(rs))
            .unwrap_or_else(|e| panic!("tonic-build wrote no {rs}: {e}"));
        let path = root().join("src/proto").join(rs);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != fresh {
            if update {
                std::fs::write(&path, &fresh).expect("write protocol code");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    std::fs::remove_dir_all(&out).ok();
    assert!(
        stale.is_empty(),
        "the checked-in protocol code differs from what tonic-build generates: {}\nrefresh it \
         with `UPDATE_PROTOCOL_CODE=1 cargo test -p twilio-terraform-runtime --test protocol_code`",
        stale.join(", ")
    );
}
