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

# Every test on the embedded SQLite store; the PostgreSQL-only tests skip themselves here.
tests=passed
ctest --test-dir "$build_dir" --output-on-failure -j2 || tests=failed

# The contract, API and multi-node suites again on a throwaway local PostgreSQL 15.
postgres=passed
bash scripts/test-postgres.sh "$build_dir" || postgres=failed

if [[ "$style" == passed && "$tests" == passed && "$postgres" == passed ]]; then
  summary "PASSED (build, style, tests on SQLite and PostgreSQL)"
  exit 0
fi
summary "FAILED (style: $style, tests on SQLite: $tests, tests on PostgreSQL: $postgres)"
exit 1
