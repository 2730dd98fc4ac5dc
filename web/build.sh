#!/usr/bin/env bash
# Builds the dashboard into web/dist. Installs the pinned npm packages (package-lock.json) only
# when node_modules is missing or the lockfile changed since the last install, so running it again
# needs no network. Install scripts are skipped: esbuild runs from its platform package without them.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "web/build.sh: npm is missing (apt-get install npm)" >&2; exit 1; }
stamp=node_modules/.crowdsafe-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -d node_modules || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  npm ci --no-audit --no-fund --prefer-offline --ignore-scripts
  echo "$want" >"$stamp"
fi
npm run --silent build
