#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, and runs every test (unit and
# integration, each integration test on its own private redis-server). Exits non-zero on any
# failure.
#   CS_SANITIZE=1 tests/run-all.sh   also builds the asan preset (ASan + UBSan, build/asan) and
#                                    runs the same tests there (.ci/run does; docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
if [[ -d ../shared/data ]]; then
  echo "run-all: ../shared/data found: evaluations on shared data will run"
else
  echo "run-all: ../shared not present: tests and evaluations that read it are SKIPPED (they say so)"
fi

deploy/build.sh release
ctest --preset release

if [[ "${CS_SANITIZE:-0}" == "1" ]]; then
  deploy/build.sh asan
  # Every process of the run (tests, and the services and tools they start) writes its ASan,
  # LSan and UBSan reports to build/asan/sanitizer-reports (CMakePresets.json): a report from a
  # child whose exit code no test looks at fails the run too.
  reports=build/asan/sanitizer-reports
  mkdir -p "$reports"
  rm -f "$reports"/*
  status=0
  ctest --preset asan || status=$?
  if compgen -G "$reports/*" >/dev/null; then
    echo "run-all: sanitizer reports in $reports:" >&2
    head -n 60 "$reports"/* >&2
    status=1
  fi
  exit "$status"
fi
