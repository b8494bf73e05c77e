#!/usr/bin/env bash
# load_smoke.sh EMULATOR LOAD: start the emulator on a free loopback port, run a tiny
# load with schannel-load (AES with both client libraries, RC4, lock-step and pipelined
# sessions, idle connections) against a server on three threads, and stop it.
# Proves the tools work together; it asserts no timings.
set -euo pipefail
emu=$1
load=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/schannel-load-smoke.XXXXXX")
emulator_pid=""
cleanup() {
  if [[ -n $emulator_pid ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$emu" --listen "127.0.0.1:$port" --profile win2003-aes --cert-cache "$work/cache" \
  --spool "$work/spool" --threads 3 --quiet 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 600); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done

# run_load ARGS...: one load run that must end with every session ok.
run_load() {
  local line
  line=$("$load" --connect "127.0.0.1:$port" --max-seconds 60 "$@")
  echo "$line"
  if ! grep -q ' errors=0 ' <<<"$line"; then
    echo "load_smoke: a session failed: $line" >&2
    exit 1
  fi
}
run_load --sessions 4 --concurrency 2 --message-bytes 3000
run_load --sessions 2 --concurrency 2 --client libssl --pipelining off
run_load --sessions 2 --concurrency 1 --suite RC4-SHA
"$load" --connect "127.0.0.1:$port" --idle 3 --concurrency 1 --hold-seconds 0.2 --max-seconds 60

messages=$(find "$work/spool" -name '*.eml' | wc -l)
if [[ $messages -ne 8 ]]; then
  echo "load_smoke: expected 8 spooled messages, found $messages" >&2
  exit 1
fi
# A suite libssl cannot offer is refused with a clear line, not attempted.
if "$load" --connect "127.0.0.1:$port" --suite RC4-SHA --client libssl 2>"$work/refusal.txt"; then
  echo "load_smoke: --client libssl --suite RC4-SHA should be refused" >&2
  exit 1
fi
grep -q "cannot offer RC4-SHA" "$work/refusal.txt"
echo "load_smoke: 8 sessions delivered, 3 idle connections held"
