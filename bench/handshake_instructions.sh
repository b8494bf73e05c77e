#!/usr/bin/env bash
# handshake_instructions.sh: the handshake-vs-RSA ratio in instructions instead of time.
# Runs core_bench's server-side handshake under callgrind, counting only inside the
# replayed handshakes, and prints per handshake the instructions executed and the share
# spent in the RSA decryption (EVP_PKEY_decrypt). Instruction counts do not depend on
# what else the machine is doing, so this ratio is repeatable where the timed one, on a
# shared VM, moves by several per cent between runs.
#
# Usage: bash bench/handshake_instructions.sh [BUILD_DIR] [SUITE] [BITS...]
#   defaults: build/default, AES_128_CBC_SHA, 1024 2048. Needs valgrind.
set -euo pipefail

build=${1:-build/default}
suite=${2:-AES_128_CBC_SHA}
shift $(($# > 2 ? 2 : $#))
bits_list=("$@")
((${#bits_list[@]} > 0)) || bits_list=(1024 2048)
core_bench=$build/bench/core_bench
if [[ ! -x $core_bench ]]; then
  echo "handshake_instructions.sh: $core_bench is missing; build the target core_bench" >&2
  exit 2
fi
command -v valgrind >/dev/null || { echo "handshake_instructions.sh: needs valgrind" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for bits in "${bits_list[@]}"; do
  out=$work/callgrind.$bits
  valgrind --tool=callgrind --callgrind-out-file="$out" \
    --toggle-collect='schannel_emu::bench::ReplayHandshake*' "$core_bench" \
    --benchmark_filter="BM_ServerHandshake/$suite/bits:$bits/" --benchmark_min_time=0.01 \
    >/dev/null 2>&1
  inclusive=$(callgrind_annotate --inclusive=yes "$out" 2>/dev/null)
  calling=$(callgrind_annotate --inclusive=yes --tree=calling "$out" 2>/dev/null)
  first_count() { grep -E "$1" <<<"$inclusive" | head -1 | awk '{gsub(",", "", $1); print $1}'; }
  total=$(first_count 'handshake_replay.cc:schannel_emu::bench::ReplayHandshake')
  rsa=$(first_count '\?\?\?:EVP_PKEY_decrypt')
  handshakes=$(grep -E '=> .*HandleClientKeyExchange.*\([0-9]+x\)' <<<"$calling" | head -1 |
    grep -oE '\([0-9]+x\)' | tr -d '()x')
  if [[ -z $total || -z $rsa || -z $handshakes ]]; then
    echo "handshake_instructions.sh: callgrind found no handshake for $suite/$bits" >&2
    exit 1
  fi
  awk -v t="$total" -v r="$rsa" -v n="$handshakes" -v b="$bits" -v s="$suite" 'BEGIN {
    printf "%s RSA-%d: %d handshakes, %.0f instructions each, %.0f of them in the RSA decryption: %.3f\n",
      s, b, n, t / n, r / n, r / t }'
done
