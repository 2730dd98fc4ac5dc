#!/usr/bin/env bash
# The README's run command: installs dependencies, builds, starts Redis and every service, and
# plays the demo: a holiday day through crowd-service, then the lost-child story through
# case-service and appeal-service. Stops everything at the end (or on Ctrl-C).
#   CS_DEMO_SPEEDUP=1200 deploy/local/demo.sh     faster
#   CS_DEMO_KEEP=1 deploy/local/demo.sh           leave the services running afterwards
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "== crowdsafe demo =="
echo "-- 1/5 dependencies (Debian packages)"
deploy/install-deps.sh
echo "-- 2/5 build (release preset, ccache)"
deploy/build.sh release
echo "-- 3/5 start Redis (fresh state in var/redis) and the five services"
deploy/local/stop.sh >/dev/null 2>&1 || true
trap 'echo "-- stopping"; deploy/local/stop.sh' EXIT
CS_FRESH=1 CS_CONFIG_OVERLAY=config/demo deploy/local/start.sh
echo "   gateway health: $(curl -fsS http://127.0.0.1:8080/v1/health || true)"

echo "-- 4/5 scenario: a Spring Festival day at the ocean park"
echo "   (Ctrl-C stops the demo and the services; logs are in var/log/)"
build/release/bin/crowdsafe-sim --crowd 127.0.0.1:50051 --identity-key var/keys/sim.key \
  --speedup "${CS_DEMO_SPEEDUP:-1800}" --report-every 30

echo "-- 5/5 the lost-child story: a boy found alone at the penguin pavilion"
build/release/bin/crowdsafe-story --cases 127.0.0.1:50052 --appeals 127.0.0.1:50053 \
  --identity-key var/keys/story.key

if [[ "${CS_DEMO_KEEP:-0}" == "1" ]]; then
  trap - EXIT
  echo "-- services left running; stop them with deploy/local/stop.sh"
fi
