#!/usr/bin/env bash
# From a fresh Debian 12 machine to a running server: installs the packages, builds, applies the
# migrations and serves on sqlite:roster.db at 127.0.0.1:8080 (ROSTER_DATABASE / ROSTER_LISTEN
# and the other ROSTER_* variables of docs/configuration.md still apply). Extra arguments are
# passed to `roster serve`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build

database=${ROSTER_DATABASE:-sqlite:roster.db}
build/src/roster migrate --database "$database"
exec build/src/roster serve --database "$database" "$@"
