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
# shellcheck source=benches/provider_common.sh
. benches/provider_common.sh
build_provider all "${specs[@]}"
echo "binary: $(( $(stat -c %s "$provider") / 1024 / 1024 )) MB"

work_dir

startup_median "$provider" "$work"

mirror_and_mock "${specs[@]}"

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
