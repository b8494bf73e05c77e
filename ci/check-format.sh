#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (the repo's .clang-format) makes
# of it. Fix with: clang-format -i <file>
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.cc' '*.h')
((${#files[@]} > 0)) || exit 0
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "ci/check-format.sh: run 'clang-format -i' on the files above" >&2
  exit 1
fi
