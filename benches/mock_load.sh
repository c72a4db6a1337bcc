#!/usr/bin/env bash
# Load on the local Twilio mock (issue: bounded load): 10,000 requests from 8 concurrent
# clients on 127.0.0.1 against the release-built `twilio-mock` serving spec/, every client
# running create -> fetch -> update -> list -> fetch. Prints requests/s, latency
# percentiles, errors (must be 0) and the server's peak RSS (VmHWM). docs/performance.md
# reports the figures.
# Usage: bash benches/mock_load.sh [requests] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS="${1:-10000}" CLIENTS="${2:-8}" cargo bench --quiet -p twilio-mock --bench load
