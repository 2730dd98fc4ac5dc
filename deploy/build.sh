#!/usr/bin/env bash
# Configures and builds crowdsafe with the given CMake preset (default: release) into build/<preset>.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
export CCACHE_BASEDIR="$PWD"
# Without this ccache hashes the folder into every -g object, so a clone elsewhere (CI's) would
# miss the cache that builds of the same code in other folders filled.
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --preset "$preset" >/dev/null
# Two cores: more jobs only thrash memory on the gRPC-generated files.
cmake --build --preset "$preset" -j "${CS_JOBS:-2}"
# The dashboard (web/dist), served by mobile-api: pinned npm packages, no CDN at run time.
web/build.sh
