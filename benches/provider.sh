#!/usr/bin/env bash
# Benchmark of the generated Terraform provider (release build) against the local mock:
# - start-up: the provider binary until its plugin handshake line (median of 20 runs);
# - `terraform plan` and `terraform apply` of 50 twilio_flex_flow (and the re-plan after it),
#   each timed once per round, 3 rounds (a fresh mock and state each round).
# Needs terraform on PATH. Never runs `terraform init`: a CLI configuration with
# dev_overrides points at target/release. Prints one line per figure.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
command -v terraform >/dev/null || { echo "benches/provider.sh: terraform is not on PATH" >&2; exit 2; }

cargo build --release -q -p terraform-provider-twilio -p twilio-mock
provider=target/release/terraform-provider-twilio
mock_bin=target/release/twilio-mock

work=$(mktemp -d)
mock_pid=
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=benches/provider_common.sh
. benches/provider_common.sh
startup_median "$provider" "$work"

printf 'provider_installation {\n  dev_overrides {\n    "registry.terraform.io/twilio/twilio" = "%s"\n  }\n  direct {}\n}\n' \
  "$PWD/target/release" > "$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=bench-token

for round in 1 2 3; do
  "$mock_bin" --spec spec/twilio_flex_v1.yaml --port 0 --seed "$round" \
    --account-sid "$TWILIO_ACCOUNT_SID" --auth-token "$TWILIO_AUTH_TOKEN" > "$work/mock.out" &
  mock_pid=$!
  for _ in $(seq 100); do grep -q listening "$work/mock.out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^twilio-mock listening on //p' "$work/mock.out")
  dir="$work/round$round"
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
  count            = 50
  friendly_name    = "bench-\${count.index}"
  chat_service_sid = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  channel_type     = "web"

  integration_type = "external"
  integration {
    url = "https://example.com/hook/\${count.index}"
  }
}
EOF
  t0=$(now); terraform -chdir="$dir" plan -no-color > /dev/null; t1=$(now)
  terraform -chdir="$dir" apply -auto-approve -no-color > /dev/null; t2=$(now)
  terraform -chdir="$dir" plan -no-color -detailed-exitcode > /dev/null; t3=$(now)
  terraform -chdir="$dir" destroy -auto-approve -no-color > /dev/null; t4=$(now)
  echo "round $round: plan 50 flows $(ms "$t0" "$t1") ms, apply $(ms "$t1" "$t2") ms, re-plan (50 reads, no change) $(ms "$t2" "$t3") ms, destroy $(ms "$t3" "$t4") ms"
  kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; mock_pid=
done
