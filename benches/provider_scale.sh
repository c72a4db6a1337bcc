#!/usr/bin/env bash
# Benchmark of the provider at scale, across several APIs (release builds, against the local
# mock): a provider generated outside the repository for the full flex_v1, sync_v1 and
# trusthub_v1 specs, installed with `terraform init` from the filesystem mirror it writes,
# then `terraform plan`, `apply`, the re-plan after it (every resource read back, no change)
# and `destroy` of PER_TYPE flex flows, PER_TYPE sync services and PER_TYPE trusthub end users
# (default 334 each: 1,002 resources). Reports each phase's wall time and the peak RSS of the
# provider and of Terraform, sampled every 100 ms. Also the provider's start-up to its
# plugin handshake (median of 20). Needs terraform on PATH and ../shared/specs beside the
# checkout.
#
#   bash benches/provider_scale.sh [PER_TYPE]
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
command -v terraform >/dev/null || { echo "benches/provider_scale.sh: terraform is not on PATH" >&2; exit 2; }
per_type=${1:-334}
specs=(../shared/specs/twilio_flex_v1.yaml ../shared/specs/twilio_sync_v1.yaml ../shared/specs/twilio_trusthub_v1.yaml)

cargo build --release -q -p twilio-codegen -p twilio-mock
gen=target/bench-scale
rm -rf "$gen/crates"
mkdir -p "$gen"
spec_args=()
for s in "${specs[@]}"; do spec_args+=(--spec "$s"); done
target/release/twilio-codegen generate "${spec_args[@]}" --out "$gen/crates" --runtime-path "$PWD/runtime" > /dev/null 2>&1
members=$(cd "$gen" && for d in crates/*/; do [ -f "$d/Cargo.toml" ] && printf '"%s",' "${d%/}"; done)
printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$members" > "$gen/Cargo.toml"
t0=$(date +%s)
CARGO_TARGET_DIR="$PWD/target/bench-scale-target" cargo build --release -q \
  --manifest-path "$gen/Cargo.toml" -p terraform-provider-twilio
echo "release build of the three-API provider: $(( $(date +%s) - t0 )) s"
provider="$PWD/target/bench-scale-target/release/terraform-provider-twilio"
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

mock_args=()
for s in "${specs[@]}"; do mock_args+=(--spec "$s"); done
"$mock_bin" "${mock_args[@]}" --port 0 --seed 1 \
  --account-sid "$TWILIO_ACCOUNT_SID" --auth-token "$TWILIO_AUTH_TOKEN" > "$work/mock.out" &
mock_pid=$!
for _ in $(seq 100); do grep -q listening "$work/mock.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^twilio-mock listening on //p' "$work/mock.out")

dir="$work/config"
mkdir -p "$dir"
cat > "$dir/main.tf" <<EOF
terraform {
  required_providers {
    twilio = {
      source = "twilio/twilio"
    }
  }
}

provider "twilio" {
  base_url = "$url"
}

resource "twilio_flex_flow" "flow" {
  count            = $per_type
  friendly_name    = "bench-\${count.index}"
  chat_service_sid = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  channel_type     = "web"
}

resource "twilio_sync_service" "sync" {
  count         = $per_type
  friendly_name = "bench-\${count.index}"
}

resource "twilio_trusthub_end_user" "user" {
  count         = $per_type
  friendly_name = "bench-\${count.index}"
  type          = "individual"
  attributes    = jsonencode({ first_name = "Jane", index = count.index })
}
EOF
terraform -chdir="$dir" init -input=false -no-color > /dev/null

total=$(( per_type * 3 ))
phase "plan $total resources" plan
phase "apply $total resources" apply -auto-approve
phase "re-plan ($total reads, no change)" plan -detailed-exitcode
phase "destroy $total resources" destroy -auto-approve
