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
cmake --workflow --preset default

step "fuzzing smoke run"
bash ci/fuzz-smoke.sh 10

step "done"
