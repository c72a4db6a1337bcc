#!/usr/bin/env bash
# Measures what docs/performance.md reports, on this machine:
#   - end-to-end `twilio-codegen generate` wall time (median of N runs) for spec/, for
#     Twilio's full Flex v1 spec, for api_v2010, and for every spec of ../shared/specs in one
#     run (one crate each, one Terraform provider), release build, in two cases: regenerating
#     into the existing output (nothing changed, nothing written) and generating into an empty
#     directory (every file created);
#   - peak RSS of one run (/usr/bin/time, its maximum resident set size);
#   - lines of the generated full Flex v1 and api_v2010 crates (src/ and tests, physical and
#     code lines);
#   - crate-only debug build time of those crates (dependencies, the runtime included, built
#     first).
# Usage: bash benches/measure.sh [runs] [spec-dir]   (default 30 runs)
#   spec-dir: a directory of further specs, generated all in one run as one more case (for
#   all of Twilio: twilio-oai's spec/yaml or spec/json, 55 specs).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
full_spec="../shared/specs/twilio_flex_v1.yaml"
[ -f "$full_spec" ] || { echo "missing $full_spec (../shared beside the checkout)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cargo build --release --quiet -p twilio-codegen
bin=target/release/twilio-codegen

median_ms() { # prepare command... -> median wall time in ms over $runs runs of command,
  # each after an untimed `$prepare` (a shell command). hyperfine when installed (no shell in
  # the timing); else a loop timed with `date`, which adds about 1 ms of its own.
  local prepare="$1"
  shift
  if command -v hyperfine >/dev/null; then
    hyperfine -N --style none -w 3 -r "$runs" --prepare "$prepare" \
      --export-csv "$tmp/times.csv" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$tmp/times.csv"
    return
  fi
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    eval "$prepare"
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'
}

peak_kb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
# Each case: a name, then the specs (`--spec` flags). The generated crates depend on
# runtime/ by path (--runtime-path), as in this repository.
all_specs=$(printf -- '--spec %s ' ../shared/specs/*.yaml)
cases=("flexflow --spec spec/twilio_flex_v1.yaml" "full_flex_v1 --spec $full_spec"
  "api_v2010 --spec ../shared/specs/twilio_api_v2010.yaml" "all_specs $all_specs")
if [ -n "${2:-}" ]; then
  more=$(find "$2" -maxdepth 1 \( -name '*.yaml' -o -name '*.json' \) | sort | sed 's/^/--spec /')
  [ -n "$more" ] || { echo "no .yaml or .json spec in $2" >&2; exit 1; }
  cases+=("every_spec_of_$(basename "$2") $(echo $more)")
fi
for case in "${cases[@]}"; do
  set -- $case
  name="$1"
  shift
  set -- "$@" --runtime-path runtime
  "$bin" generate "$@" --out "$tmp/$name" >/dev/null 2>&1
  regen=$(median_ms true "$bin" generate "$@" --out "$tmp/$name")
  # Before each run the previous output is moved aside (not deleted) and the file system
  # synced: right after a tree is deleted, or while earlier runs' writes are being flushed,
  # creating files on this VM's ext4 is several times slower, which would measure the
  # benchmark's own churn rather than the generator.
  mkdir -p "$tmp/aside"
  fresh=$(median_ms "sh -c 'mv $tmp/empty $tmp/aside/\$(date +%s%N) 2>/dev/null; sync'" \
    "$bin" generate "$@" --out "$tmp/empty")
  rm -rf "$tmp/empty" "$tmp/aside"
  rss=$(( $(peak_kb "$bin" generate "$@" --out "$tmp/empty") / 1024 ))
  echo "$name: end-to-end median over $runs runs: regeneration $regen ms, into an empty dir $fresh ms; peak RSS $rss MB"
done

count() { find "$@" -name '*.rs' -print0 | xargs -0 cat | wc -l; }
code() { find "$@" -name '*.rs' -print0 | xargs -0 cat | grep -cvE '^\s*($|//)'; }
export CARGO_TARGET_DIR="$tmp/target"
for case in "full_flex_v1 twilio-flex-v1" "api_v2010 twilio-api-v2010"; do
  set -- $case
  crate="$tmp/$1/$2"
  echo "$1 crate lines: src $(count "$crate/src") ($(code "$crate/src") code), tests and examples $(count "$crate/tests" "$crate/examples") ($(code "$crate/tests" "$crate/examples") code)"
  cp Cargo.lock "$crate/"
  (cd "$crate" && cargo build --quiet)
  touch "$crate/src/lib.rs"
  start=$(date +%s%N)
  (cd "$crate" && cargo build --quiet)
  end=$(date +%s%N)
  echo "$1 crate-only debug build: $(( (end - start) / 1000000 )) ms"
done
