#!/usr/bin/env bash
# Runs the Store contract, API and multi-node tests of a build against a throwaway local
# PostgreSQL 15 server (scripts/pg-test-server.sh: installed with apt-get when missing, started
# in a temporary directory on 127.0.0.1, stopped and removed on exit).
#
#   scripts/test-postgres.sh BUILD_DIR [REGEX]
#
# With ROSTER_TEST_POSTGRES_URL set, every API test server gets a fresh database on that server
# (tests/api/server_fixture.h). The tests are those registered from BUILD_DIR/tests/contract,
# tests/api and tests/multinode; REGEX (e.g. 'Users|MultiNode') keeps those whose name it matches.
# ROSTER_TEST_JOBS sets ctest's parallelism (default 2). Exits with ctest's status.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || ! -d $1 ]]; then
  echo "usage: $0 BUILD_DIR [REGEX]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
filter=${2:-}
scripts=$(cd "$(dirname "$0")" && pwd)

# The numbers of the tests whose working directory is one of the three test directories (and
# whose name matches REGEX); ctest -I ",0,,N,M,..." runs exactly those. (ctest -R combined with
# such a list does not intersect them, hence the filter here.)
numbers=$(ctest --test-dir "$build" -N --show-only=json-v1 | python3 -c '
import json, re, sys
build, pattern = sys.argv[1], re.compile(sys.argv[2])
wanted = tuple(f"{build}/tests/{d}" for d in ("contract", "api", "multinode"))
tests = json.load(sys.stdin)["tests"]
numbers = []
for number, test in enumerate(tests, start=1):
    props = {p["name"]: p["value"] for p in test.get("properties", [])}
    directory = props.get("WORKING_DIRECTORY", "")
    if any(directory == w or directory.startswith(w + "/") for w in wanted) and \
            pattern.search(test["name"]):
        numbers.append(str(number))
print(",".join(numbers))
' "$build" "$filter")
if [[ -z $numbers ]]; then
  echo "no contract, api or multinode tests${filter:+ matching $filter} in $build" >&2
  exit 1
fi

pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/roster-pg-XXXXXX")
trap '"$scripts/pg-test-server.sh" stop "$pg_dir"' EXIT
ROSTER_TEST_POSTGRES_URL=$("$scripts/pg-test-server.sh" start "$pg_dir")
export ROSTER_TEST_POSTGRES_URL
echo "PostgreSQL test server: $ROSTER_TEST_POSTGRES_URL" >&2

status=0
ctest --test-dir "$build" --output-on-failure -j"${ROSTER_TEST_JOBS:-2}" -I ",0,,$numbers" ||
  status=$?
exit "$status"
