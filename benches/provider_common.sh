# Helpers shared by benches/provider.sh, benches/provider_scale.sh and
# benches/provider_all_specs.sh (sourced, not run): wall-clock arithmetic, the provider's
# start-up to its plugin handshake, Terraform phases with the peak RSS of the provider and
# of Terraform, a provider generated and built outside the repository, the mock.

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Prints the median time from starting the provider binary $1 until its handshake line
# (`1|6|tcp|...`) on stdout, over 20 runs; $2 is a scratch directory.
startup_median() {
  local provider=$1 work=$2 t0 t1
  local startups=()
  for _ in $(seq 20); do
    t0=$(now)
    {
      TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2 \
        PLUGIN_PROTOCOL_VERSIONS=6 "$provider" & echo $! > "$work/pid"
    } | head -n 1 > /dev/null
    t1=$(now)
    kill "$(cat "$work/pid")" 2>/dev/null || true
    wait 2>/dev/null || true
    startups+=("$(ms "$t0" "$t1")")
  done
  echo "provider start-up to handshake: median $(printf '%s\n' "${startups[@]}" | median) ms (20 runs)"
}

# Writes "PROVIDER_KB TERRAFORM_KB" to $1, the peak RSS of the provider and of Terraform
# so far, sampled with ps every SAMPLE_EVERY seconds (default 0.1), until killed.
sample() {
  local out=$1 p=0 t=0 x
  while :; do
    x=$(ps -C terraform-provider-twilio -o rss= 2>/dev/null | sort -n | tail -1 || true)
    if [ "${x:-0}" -gt "$p" ]; then p=$x; fi
    x=$(ps -C terraform -o rss= 2>/dev/null | sort -n | tail -1 || true)
    if [ "${x:-0}" -gt "$t" ]; then t=$x; fi
    echo "$p $t" > "$out"
    sleep "${SAMPLE_EVERY:-0.1}"
  done
}

# Runs `terraform -chdir=$dir ARGS...` as the phase NAME ($1) and prints its wall time and
# peak RSS; needs $dir and $work, and sets $sampler_pid while it runs (for cleanup).
phase() {
  local name=$1; shift
  sample "$work/rss" & sampler_pid=$!
  local t0 t1
  t0=$(now)
  terraform -chdir="$dir" "$@" -no-color > "$work/phase.log" 2>&1 || { cat "$work/phase.log" >&2; exit 1; }
  t1=$(now)
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=
  read -r p t < "$work/rss"
  echo "$name: $(ms "$t0" "$t1") ms; peak RSS provider $(( p / 1024 )) MB, terraform $(( t / 1024 )) MB"
}

# Generates the crates and the provider of the specs after $1 (a name) outside the
# repository, in target/bench-$1, and builds the provider in release in its own target
# directory; prints the build time and sets $provider to the binary.
build_provider() {
  local name=$1; shift
  local gen="target/bench-$name" args=() members t0
  for s in "$@"; do args+=(--spec "$s"); done
  rm -rf "$gen/crates"
  mkdir -p "$gen"
  target/release/twilio-codegen generate "${args[@]}" --out "$gen/crates" --runtime-path "$PWD/runtime" > /dev/null 2>&1
  members=$(cd "$gen" && for d in crates/*/; do [ -f "$d/Cargo.toml" ] && printf '"%s",' "${d%/}"; done)
  printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$members" > "$gen/Cargo.toml"
  t0=$(date +%s)
  CARGO_TARGET_DIR="$PWD/target/bench-$name-target" cargo build --release -q \
    --manifest-path "$gen/Cargo.toml" -p terraform-provider-twilio
  echo "release build of the provider for $# spec(s): $(( $(date +%s) - t0 )) s"
  provider="$PWD/target/bench-$name-target/release/terraform-provider-twilio"
}

# Starts target/release/twilio-mock for the specs given, with the account in the
# environment (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN); sets $mock_pid and $url. Needs $work.
start_mock() {
  local args=()
  for s in "$@"; do args+=(--spec "$s"); done
  target/release/twilio-mock "${args[@]}" --port 0 --seed 1 \
    --account-sid "$TWILIO_ACCOUNT_SID" --auth-token "$TWILIO_AUTH_TOKEN" > "$work/mock.out" &
  mock_pid=$!
  for _ in $(seq 200); do grep -q listening "$work/mock.out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^twilio-mock listening on //p' "$work/mock.out")
}

# A scratch directory `$work`, removed at exit with the mock and the sampler.
work_dir() {
  work=$(mktemp -d)
  mock_pid=
  sampler_pid=
  trap work_cleanup EXIT
}
work_cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}

# Installs $provider from its own filesystem mirror (a CLI configuration in $work, the
# credentials in the environment) and starts the mock serving the specs given.
mirror_and_mock() {
  "$provider" mirror "$work/mirror" > /dev/null
  printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/twilio/twilio"]\n  }\n}\n' \
    "$work/mirror" > "$work/cli.tfrc"
  export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
  export TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=bench-token
  start_mock "$@"
}
