//! Nothing to build: the build-dependency on `protoc-bin-vendored-linux-x86_64` exists so that
//! cargo unpacks the protoc binary that `tools/protoc` runs for tf-provider's build script.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
