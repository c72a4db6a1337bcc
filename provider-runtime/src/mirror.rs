//! A filesystem mirror of the running provider, so that `terraform init` installs it with no
//! registry: `terraform-provider-twilio mirror DIR` writes, under
//! `DIR/<hostname>/<namespace>/<type>/`, the release as a registry publishes it:
//! `terraform-provider-<type>_<version>_<os>_<arch>.zip` (the binary, named
//! `terraform-provider-<type>_v<version>`), `terraform-provider-<type>_<version>_SHA256SUMS`
//! and `terraform-provider-<type>_<version>_manifest.json` (protocol 6.0). A CLI
//! configuration with `filesystem_mirror { path = "DIR" }` then finds it, and `terraform init`
//! records its hash in `.terraform.lock.hcl`.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Terraform's name of the platform this binary runs on (`linux_amd64`).
pub fn platform() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{os}_{arch}")
}

/// Writes the mirror of `binary` for the provider `address`
/// (`registry.terraform.io/twilio/twilio`) at `version` (`0.1.0`) into `out`; returns the
/// zip's path. The files are written beside their final names and renamed into place.
pub fn write(out: &Path, address: &str, version: &str, binary: &Path) -> Result<PathBuf, String> {
    let parts: Vec<&str> = address.split('/').collect();
    let [host, namespace, kind] = parts[..] else {
        return Err(format!(
            "the provider address `{address}` is not HOSTNAME/NAMESPACE/TYPE"
        ));
    };
    if version.is_empty() || version.contains(['/', '_']) {
        return Err(format!("`{version}` is not a provider version"));
    }
    let dir = out.join(host).join(namespace).join(kind);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let stem = format!("terraform-provider-{kind}_{version}");
    let zip_name = format!("{stem}_{}.zip", platform());
    let fail = |what: &Path, e: &dyn std::fmt::Display| format!("{}: {e}", what.display());

    // The zip, streamed from the binary (stored: Terraform reads any zip).
    let zip_tmp = dir.join(format!(".{zip_name}.tmp"));
    let mut program = std::fs::File::open(binary).map_err(|e| fail(binary, &e))?;
    let size = program.metadata().map_err(|e| fail(binary, &e))?.len();
    let file = std::fs::File::create(&zip_tmp).map_err(|e| fail(&zip_tmp, &e))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o755)
        .large_file(size >= u64::from(u32::MAX));
    zip.start_file(format!("terraform-provider-{kind}_v{version}"), options)
        .map_err(|e| fail(&zip_tmp, &e))?;
    std::io::copy(&mut program, &mut zip).map_err(|e| fail(&zip_tmp, &e))?;
    zip.finish().map_err(|e| fail(&zip_tmp, &e))?;
    let sum = sha256_file(&zip_tmp).map_err(|e| fail(&zip_tmp, &e))?;
    let sums = format!("{sum}  {zip_name}\n");
    let manifest =
        "{\n  \"version\": 1,\n  \"metadata\": {\n    \"protocol_versions\": [\"6.0\"]\n  }\n}\n";
    for (name, bytes) in [
        (format!("{stem}_SHA256SUMS"), sums.as_bytes()),
        (format!("{stem}_manifest.json"), manifest.as_bytes()),
    ] {
        let path = dir.join(&name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).map_err(|e| fail(&tmp, &e))?;
        std::fs::rename(&tmp, &path).map_err(|e| fail(&path, &e))?;
    }
    let zip_path = dir.join(&zip_name);
    std::fs::rename(&zip_tmp, &zip_path).map_err(|e| fail(&zip_path, &e))?;
    Ok(zip_path)
}

/// The SHA-256 of a file, in lower-case hex.
fn sha256_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// `mirror DIR`: writes the mirror of the running binary for the provider that `def_json`
/// (the generated `provider.json`) describes, and says how to use it.
pub fn command(def_json: &str, version: &str, args: &[String]) -> std::process::ExitCode {
    let [out] = args else {
        let program = std::env::args().next().unwrap_or_default();
        eprintln!("usage: {program} mirror DIR");
        return std::process::ExitCode::from(2);
    };
    let address = serde_json::from_str::<serde_json::Value>(def_json)
        .ok()
        .and_then(|d| d["address"].as_str().map(str::to_owned))
        .filter(|a| !a.is_empty());
    let result = match (address, std::env::current_exe()) {
        (Some(address), Ok(binary)) => {
            write(Path::new(out), &address, version, &binary).map(|zip| (address, zip))
        }
        (None, _) => Err("the generated provider.json names no provider address".to_owned()),
        (_, Err(e)) => Err(format!("cannot find this program's file: {e}")),
    };
    match result {
        Ok((address, zip)) => {
            println!("wrote {}", zip.display());
            println!(
                "\nIn the Terraform CLI configuration (TF_CLI_CONFIG_FILE):\n\n\
                 provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    \
                 include = [\"{address}\"]\n  }}\n  direct {{\n    exclude = [\"{address}\"]\n  }}\n}}",
                std::fs::canonicalize(out).map_or_else(|_| out.clone(), |p| p.display().to_string())
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_is_laid_out_as_terraform_reads_it() {
        let tmp = std::env::temp_dir().join(format!("mirror-test-{}", std::process::id()));
        let binary = tmp.join("program");
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(&binary, b"#!/bin/sh\n").unwrap();
        let zip_path = write(
            &tmp.join("m"),
            "registry.terraform.io/twilio/twilio",
            "1.2.3",
            &binary,
        )
        .expect("written");
        let dir = tmp.join("m/registry.terraform.io/twilio/twilio");
        assert_eq!(
            zip_path,
            dir.join(format!(
                "terraform-provider-twilio_1.2.3_{}.zip",
                platform()
            ))
        );
        let bytes = std::fs::read(&zip_path).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        let entry = archive.by_index(0).unwrap();
        assert_eq!(entry.name(), "terraform-provider-twilio_v1.2.3");
        assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o755));
        drop(entry);
        let sums = std::fs::read_to_string(dir.join("terraform-provider-twilio_1.2.3_SHA256SUMS"))
            .unwrap();
        assert_eq!(
            sums,
            format!(
                "{}  terraform-provider-twilio_1.2.3_{}.zip\n",
                sha256_file(&zip_path).unwrap(),
                platform()
            )
        );
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("terraform-provider-twilio_1.2.3_manifest.json"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(manifest["metadata"]["protocol_versions"][0], "6.0");
        let abc = tmp.join("abc");
        std::fs::write(&abc, b"abc").unwrap();
        assert_eq!(
            sha256_file(&abc).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(write(&tmp.join("m"), "twilio", "1.2.3", &binary).is_err());
        assert!(write(&tmp.join("m"), "a/b/c", "", &binary).is_err());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
