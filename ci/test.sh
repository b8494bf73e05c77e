#!/usr/bin/env bash
# Builds schannel-emu and runs every test: installs the Debian packages it needs first.
# Usage (as root on Debian 12): bash ci/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-deps.sh
bash ci/install-mtas.sh
bash ci/check-format.sh
cmake --workflow --preset default
