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
# shellcheck source=benches/provider_common.sh
. benches/provider_common.sh
build_provider scale "${specs[@]}"

work_dir

startup_median "$provider" "$work"

mirror_and_mock "${specs[@]}"

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
