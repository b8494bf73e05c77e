#!/usr/bin/env bash
# Run the schannel-emu conformance suite against your own SMTP client or MTA build.
#
# Paste this into your project's CI (Debian 12 / Ubuntu 22.04+, as root or with sudo) and
# adapt the three variables. It builds schannel-conform from a schannel-emu checkout, then
# runs the default scenarios against your client and writes JUnit XML for the CI to show.
#
#   SCHANNEL_EMU_DIR   where schannel-emu is (cloned from SCHANNEL_EMU_REPO if missing)
#   CLIENT             an adapter name (postfix, exim, swaks, curl, msmtp, ...), or
#   CLIENT_COMMAND     your own command, e.g. 'my-mta-send --server {host}:{port} < {message}'
#   ADAPTER_FILE       or an adapter file of your own (see docs/CONFORMANCE.md in schannel-emu)
#   EXPECTED_FAILURES  optional file of `scenario-name  reason` lines you know you fail today
set -euo pipefail

SCHANNEL_EMU_DIR=${SCHANNEL_EMU_DIR:-$PWD/.schannel-emu}
SCHANNEL_EMU_REPO=${SCHANNEL_EMU_REPO:-}  # the schannel-emu repository URL, to clone it
CLIENT=${CLIENT:-}
CLIENT_COMMAND=${CLIENT_COMMAND:-}
ADAPTER_FILE=${ADAPTER_FILE:-}
EXPECTED_FAILURES=${EXPECTED_FAILURES:-}
RESULTS=${RESULTS:-$PWD/conformance-results}

if [[ ! -d "$SCHANNEL_EMU_DIR" ]]; then
  if [[ -z "$SCHANNEL_EMU_REPO" ]]; then
    echo "conformance.sh: no schannel-emu in $SCHANNEL_EMU_DIR; set SCHANNEL_EMU_REPO to clone it" >&2
    exit 2
  fi
  git clone --depth 1 "$SCHANNEL_EMU_REPO" "$SCHANNEL_EMU_DIR"
fi

# Build tools and the clients the suite knows (Postfix, Exim unpacked privately, swaks, ...).
bash "$SCHANNEL_EMU_DIR/ci/install-deps.sh"
bash "$SCHANNEL_EMU_DIR/ci/install-mtas.sh"

cmake -S "$SCHANNEL_EMU_DIR" -B "$SCHANNEL_EMU_DIR/build/conformance" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCHANNEL_EMU_TESTS=OFF
cmake --build "$SCHANNEL_EMU_DIR/build/conformance" --target schannel-conform

args=(--junit "$RESULTS/junit.xml" --json "$RESULTS/results.json")
if [[ -n "$CLIENT_COMMAND" ]]; then
  args+=(--client "$CLIENT_COMMAND")
elif [[ -n "$ADAPTER_FILE" ]]; then
  args+=(--adapter "$ADAPTER_FILE")
elif [[ -n "$CLIENT" ]]; then
  args+=(--mta "$CLIENT")
else
  echo "conformance.sh: set CLIENT, CLIENT_COMMAND or ADAPTER_FILE" >&2
  exit 2
fi
[[ -n "$EXPECTED_FAILURES" ]] && args+=(--expected-failures "$EXPECTED_FAILURES")

mkdir -p "$RESULTS"
# Make sure your build's binaries come first on PATH (e.g. export PATH=$PWD/out/bin:$PATH)
# so the adapter runs your client, not the distribution's.
"$SCHANNEL_EMU_DIR/build/conformance/conformance/schannel-conform" "${args[@]}"
