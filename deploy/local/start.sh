#!/usr/bin/env bash
# Starts a private Redis (AOF, loopback, data in var/redis) and the five crowdsafe processes,
# waits until each reports healthy, and writes their pids to var/run. Logs go to var/log.
# Stop everything with deploy/local/stop.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
BIN="${CS_BIN:-$ROOT/build/release/bin}"
VAR="$ROOT/var"
REDIS_PORT="${CS_REDIS_PORT:-6390}"
mkdir -p "$VAR/redis" "$VAR/log" "$VAR/run"

if [[ -f "$VAR/run/redis.pid" ]] && kill -0 "$(cat "$VAR/run/redis.pid")" 2>/dev/null; then
  echo "start: crowdsafe already running (deploy/local/stop.sh stops it)" >&2
  exit 1
fi

# CS_FRESH=1 starts from empty state (the demo plays a new day); otherwise Redis's AOF brings
# back everything acknowledged before.
if [[ "${CS_FRESH:-0}" == "1" ]]; then
  rm -rf "$VAR/redis" && mkdir -p "$VAR/redis"
fi

# Identity keys (docs/identity.md): one Ed25519 key per process and demo tool, made once and
# kept, in var/keys where the shipped configs' identity.key_dir points.
"$BIN/crowdsafe-keygen" --dir "$VAR/keys" api crowd cases appeals vision sim story >/dev/null

redis-server "$ROOT/deploy/redis/redis-local.conf" --port "$REDIS_PORT" --dir "$VAR/redis" \
  --logfile "$VAR/log/redis.log" --daemonize yes --pidfile "$VAR/run/redis.pid"
for _ in $(seq 1 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$REDIS_PORT" ping >/dev/null || { echo "start: redis did not come up; see $VAR/log/redis.log" >&2; exit 1; }
echo "  redis          127.0.0.1:$REDIS_PORT  (AOF in var/redis)"

start() {  # name binary config
  local name=$1 binary=$2 config=$3
  local file="$ROOT/config/services/$config.yaml"
  # CS_CONFIG_OVERLAY (e.g. config/demo) replaces a service's config when it has a file for it.
  if [[ -n "${CS_CONFIG_OVERLAY:-}" && -f "$ROOT/$CS_CONFIG_OVERLAY/$config.yaml" ]]; then
    file="$ROOT/$CS_CONFIG_OVERLAY/$config.yaml"
  fi
  nohup "$BIN/$binary" --config "$file" --redis-port "$REDIS_PORT" \
    >"$VAR/log/$name.out" 2>"$VAR/log/$name.log" &
  echo $! >"$VAR/run/$name.pid"
}
start crowd crowd-service crowd
start cases case-service cases
start appeals appeal-service appeals
start vision vision-worker vision
start api mobile-api api

check() {  # display-name log-name address
  if "$BIN/crowdsafe-ctl" health "$3" --wait 15 >/dev/null; then
    printf '  %-14s %s  SERVING\n' "$1" "$3"
  else
    echo "start: $1 is not healthy; see var/log/$2.log" >&2
    tail -5 "$VAR/log/$2.log" >&2 || true
    exit 1
  fi
}
check crowd-service crowd 127.0.0.1:50051
check case-service cases 127.0.0.1:50052
check appeal-service appeals 127.0.0.1:50053
check vision-worker vision 127.0.0.1:50054
for _ in $(seq 1 75); do
  curl -fsS http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break
  sleep 0.2
done
if curl -fsS http://127.0.0.1:8080/healthz >/dev/null 2>&1; then
  printf '  %-14s %s  SERVING\n' mobile-api http://127.0.0.1:8080
else
  echo "start: mobile-api is not healthy; see var/log/api.log" >&2
  exit 1
fi
