#!/usr/bin/env bash
# Builds schannel-emu and runs every test: installs the Debian packages it needs first.
# Usage (as root on Debian 12): bash ci/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
  echo "== ci/test.sh: $1 ($(date -u +%H:%M:%S))"
}

step "installing packages"
bash ci/install-deps.sh
bash ci/install-mtas.sh

step "checking formatting"
bash ci/check-format.sh

step "building and running the test suite"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cmake --workflow --preset default 2>&1 | tee "$log"

step "fuzzing smoke run"
bash ci/fuzz-smoke.sh 10

# ctest's own summary scrolled past the fuzzing output; repeat it last.
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
if [[ -n "$summary" ]]; then
  failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/' <<<"$summary")
  total=$(sed -E 's/.* tests failed out of ([0-9]+)/\1/' <<<"$summary")
  step "done"
  echo "ctest: $((total - failed)) passed, $failed failed"
fi
