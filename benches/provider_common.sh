# Helpers shared by benches/provider.sh and benches/provider_scale.sh (sourced, not run):
# wall-clock arithmetic and the provider's start-up to its plugin handshake.

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
