#!/usr/bin/env bash
# Stops the local crowdsafe processes (SIGTERM, then waits) and finally Redis (which rewrites
# nothing: AOF is already on disk). Safe to run when nothing is running.
set -uo pipefail
cd "$(dirname "$0")/../.."
RUN="$PWD/var/run"
REDIS_PORT="${CS_REDIS_PORT:-6390}"

stop_pid() {  # name
  local f="$RUN/$1.pid"
  [[ -f "$f" ]] || return 0
  local pid
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "  $1 did not stop in 10 s; killing" >&2
      kill -KILL "$pid" 2>/dev/null
    else
      echo "  $1 stopped"
    fi
  fi
  rm -f "$f"
}
for name in api vision appeals cases crowd; do stop_pid "$name"; done
if [[ -f "$RUN/redis.pid" ]]; then
  redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do [[ -f "$RUN/redis.pid" ]] && kill -0 "$(cat "$RUN/redis.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
  rm -f "$RUN/redis.pid"
  echo "  redis stopped"
fi
