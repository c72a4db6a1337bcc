#!/usr/bin/env bash
# Benchmark of the provider for all the shared specs (release build, against the local
# mock): generated outside the repository for every spec of ../shared/specs, installed with
# `terraform init` from the filesystem mirror it writes. Reports the release build, the
# binary's size, the start-up to its plugin handshake (median of 20), and the wall time and
# peak RSS of the provider and of Terraform for `terraform providers schema -json` (every
# resource type and data source served) and for `terraform plan`, `apply` and `destroy` of
# one configuration using a resource of five APIs through `local_twilio`. Needs terraform
# on PATH and ../shared/specs beside the checkout.
#
#   bash benches/provider_all_specs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
command -v terraform >/dev/null || { echo "benches/provider_all_specs.sh: terraform is not on PATH" >&2; exit 2; }
specs=(../shared/specs/*.yaml)

cargo build --release -q -p twilio-codegen -p twilio-mock
gen=target/bench-all
rm -rf "$gen/crates"
mkdir -p "$gen"
spec_args=()
for s in "${specs[@]}"; do spec_args+=(--spec "$s"); done
target/release/twilio-codegen generate "${spec_args[@]}" --out "$gen/crates" --runtime-path "$PWD/runtime" > /dev/null 2>&1
members=$(cd "$gen" && for d in crates/*/; do [ -f "$d/Cargo.toml" ] && printf '"%s",' "${d%/}"; done)
printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$members" > "$gen/Cargo.toml"
t0=$(date +%s)
CARGO_TARGET_DIR="$PWD/target/bench-all-target" cargo build --release -q \
  --manifest-path "$gen/Cargo.toml" -p terraform-provider-twilio
echo "release build of the provider for ${#specs[@]} specs: $(( $(date +%s) - t0 )) s"
provider="$PWD/target/bench-all-target/release/terraform-provider-twilio"
echo "binary: $(( $(stat -c %s "$provider") / 1024 / 1024 )) MB"
mock_bin=target/release/twilio-mock

work=$(mktemp -d)
mock_pid=
sampler_pid=
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=benches/provider_common.sh
. benches/provider_common.sh
startup_median "$provider" "$work"

"$provider" mirror "$work/mirror" > /dev/null
printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/twilio/twilio"]\n  }\n}\n' \
  "$work/mirror" > "$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=bench-token

"$mock_bin" "${spec_args[@]}" --port 0 --seed 1 \
  --account-sid "$TWILIO_ACCOUNT_SID" --auth-token "$TWILIO_AUTH_TOKEN" > "$work/mock.out" &
mock_pid=$!
for _ in $(seq 200); do grep -q listening "$work/mock.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^twilio-mock listening on //p' "$work/mock.out")

dir="$work/config"
mkdir -p "$dir"
cat > "$dir/main.tf" <<HCL
terraform {
  required_providers {
    twilio = {
      source = "twilio/twilio"
    }
  }
}

provider "twilio" {
  local_twilio = "$url"
}

resource "twilio_flex_flow" "flow" {
  friendly_name    = "bench"
  chat_service_sid = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  channel_type     = "web"
}

resource "twilio_chat_service" "chat" {
  friendly_name = "bench"
}

resource "twilio_sync_service" "sync" {
  friendly_name = "bench"
}

resource "twilio_verify_v2_service" "verify" {
  friendly_name = "bench"
}

resource "twilio_api_key" "key" {
  friendly_name = "bench"
}
HCL
terraform -chdir="$dir" init -input=false -no-color > /dev/null

# A phase of a tenth of a second: sampled every 10 ms.
SAMPLE_EVERY=0.01 phase "providers schema -json (every type served)" providers schema -json
phase "plan 5 resources of 5 APIs" plan
phase "apply 5 resources" apply -auto-approve
phase "destroy 5 resources" destroy -auto-approve
