#!/usr/bin/env bash
# Configures (Ninja, RelWithDebInfo unless CMAKE_BUILD_TYPE is set) and builds everything.
# Usage: scripts/build.sh [BUILD_DIR]   (default: build). ccache is used when installed, through
# CMAKE_CXX_COMPILER_LAUNCHER in CMakeLists.txt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir=${1:-build}
build_type=${CMAKE_BUILD_TYPE:-RelWithDebInfo}

# Tests are switched on explicitly: a build directory configured without them (bench/run.sh
# does that in its own directory) would otherwise keep running stale test registrations.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DROSTER_BUILD_TESTS=ON
cmake --build "$build_dir" -j "$(nproc)"
