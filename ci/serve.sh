#!/usr/bin/env bash
# Builds schannel-emu and starts it with its built-in defaults (win2003 on 127.0.0.1:2525).
# Usage (as root on Debian 12): bash ci/serve.sh [schannel-emu options]
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target schannel-emu
exec build/default/emulator/cli/schannel-emu "$@"
