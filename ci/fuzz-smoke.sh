#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset `fuzz`: clang++-14, ASan + UBSan) and runs
# each for a bounded time over its committed corpus. Exits non-zero when any target
# finds a crash, a leak, a timeout or a broken property; the input that did it is kept
# in build/fuzz-preset/findings/ and the target's log tail is printed.
#
# Usage: bash ci/fuzz-smoke.sh [SECONDS_PER_TARGET]   (default 15; 8 targets ~ 2 minutes)
# Needs: clang-14 and libclang-rt-14-dev (ci/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-15}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

bin=build/fuzz-preset/fuzz
findings=build/fuzz-preset/findings
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$findings"

dict_for() {
  case "$1" in
    fuzz_smtp_engine|fuzz_session) echo "-dict=fuzz/smtp.dict" ;;
    fuzz_client_hello|fuzz_verdict|fuzz_tls_engine) echo "-dict=fuzz/tls.dict" ;;
    *) echo "" ;;
  esac
}

status=0
ran=0
for corpus in fuzz/fuzz_*_corpus; do
  target="$(basename "$corpus" _corpus)"
  if [[ ! -x "$bin/$target" ]]; then
    echo "fuzz-smoke: $target was not built; skipping it" >&2
    continue
  fi
  ran=$((ran + 1))
  mkdir -p "$work/$target"
  log="$work/$target.log"
  # New inputs go to the scratch folder (listed first), never into the committed corpus.
  # shellcheck disable=SC2046
  if "$bin/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 $(dict_for "$target") -artifact_prefix="$findings/$target-" \
      "$work/$target" "$corpus" >"$log" 2>&1; then
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    echo "fuzz-smoke: $target ok (${seconds}s, ${rate:-?} execs/s)"
  else
    status=1
    echo "fuzz-smoke: $target FOUND A PROBLEM; input kept under $findings/" >&2
    grep -v '^"' "$log" | tail -n 60 >&2
  fi
done

if [[ "$ran" -eq 0 ]]; then
  echo "fuzz-smoke: no fuzz target was built; check that the fuzz preset configured" >&2
  exit 1
fi
exit "$status"
