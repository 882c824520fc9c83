#!/usr/bin/env bash
# Everything CI checks: installs the packages, builds, runs the style gate and the whole test
# suite. Exits non-zero when any step fails; the last line is a one-line summary.
# Usage: scripts/test.sh [BUILD_DIR]   (default: build)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir=${1:-build}

summary() { echo "==> test.sh: $1"; }

bash scripts/install-deps.sh || { summary "FAILED (install-deps)"; exit 1; }
bash scripts/build.sh "$build_dir" || { summary "FAILED (build)"; exit 1; }

style=passed
bash scripts/check-style.sh "$build_dir" || style=failed

tests=passed
ctest --test-dir "$build_dir" --output-on-failure -j2 || tests=failed

if [[ "$style" == passed && "$tests" == passed ]]; then
  summary "PASSED (build, style, tests)"
  exit 0
fi
summary "FAILED (style: $style, tests: $tests)"
exit 1
