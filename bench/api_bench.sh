#!/usr/bin/env bash
# mobile-api load run: the real gateway in front of the real crowd-service, case-service and
# appeal-service on a private redis-server (AOF, appendfsync always, as deployed), driven by wrk.
#   GET  /v1/occupancy      (desk token)
#   POST /v1/reports/found  (patrol token, JSON body with a generated PNG photo; bench/api_found.lua)
# Prints requests/s, p50/p99 latency and non-2xx counts. Results go in docs/benchmarks.md.
#
# Usage: bench/api_bench.sh [BUILD_DIR=build-api] [SECONDS=15] [CONNECTIONS=32] [THREADS=2]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build-api}" && pwd)
SECONDS_=${2:-15}
CONNS=${3:-32}
THREADS=${4:-2}
BIN=$BUILD/bin
TMP=$(mktemp -d /tmp/cs-api-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_line() {  # file, prefix
  for _ in $(seq 1 200); do
    grep -q "^$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1" >&2
  exit 1
}

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$TMP" --save "" --appendonly yes \
  --appendfsync always --daemonize no >"$TMP/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# The build's identity keys (docs/identity.md), whatever key_dir the copied configs name.
export CS_IDENTITY_KEY_DIR="${CS_IDENTITY_KEY_DIR:-$BIN/../keys}"
"$BIN/crowdsafe-keygen" --dir "$CS_IDENTITY_KEY_DIR" api crowd cases appeals vision sim story >/dev/null
VENUE="venue_file: $ROOT/config/venues/ocean.yaml"
start() {  # name binary config port
  "$BIN/$2" --config "$3" --listen "127.0.0.1:$4" --redis-port "$REDIS_PORT" --redis-wait 5 \
    >"$TMP/$1.out" 2>"$TMP/$1.log" &
  PIDS+=($!)
  wait_line "$TMP/$1.out" LISTENING
}
CROWD=$(free_port); APPEALS=$(free_port); CASES=$(free_port); API=$(free_port)
sed "s#venue_file: ../venues/ocean.yaml#$VENUE#; s#level: info#level: warn#" \
  "$ROOT/config/services/crowd.yaml" >"$TMP/crowd.yaml"
sed "s#venue_file: ../venues/ocean.yaml#$VENUE#; s#level: info#level: warn#" \
  "$ROOT/config/services/appeals.yaml" >"$TMP/appeals.yaml"
sed "s#venue_file: ../venues/ocean.yaml#$VENUE#; s#appeals: 127.0.0.1:50053#appeals: 127.0.0.1:$APPEALS#; s#level: info#level: warn#" \
  "$ROOT/config/services/cases.yaml" >"$TMP/cases.yaml"
# The per-token limit is lifted: this run measures the gateway, not its throttle.
sed "s#venue_file: ../venues/ocean.yaml#$VENUE#; s#crowd: 127.0.0.1:50051#crowd: 127.0.0.1:$CROWD#; \
s#cases: 127.0.0.1:50052#cases: 127.0.0.1:$CASES#; s#appeals: 127.0.0.1:50053#appeals: 127.0.0.1:$APPEALS#; \
s#requests_per_s_per_token: 50#requests_per_s_per_token: 1000000#; \
s#request_burst_per_token: 100#request_burst_per_token: 1000000#; s#level: info#level: warn#" \
  "$ROOT/config/services/api.yaml" >"$TMP/api.yaml"
start crowd crowd-service "$TMP/crowd.yaml" "$CROWD"
start appeals appeal-service "$TMP/appeals.yaml" "$APPEALS"
start cases case-service "$TMP/cases.yaml" "$CASES"
start api mobile-api "$TMP/api.yaml" "$API"

login() {
  curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$1-demo\"}" "http://127.0.0.1:$API/v1/auth/login" |
    python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])'
}
DESK=$(login desk1)
PATROL=$(login patrol1)

# A 320x240 PNG photo (a colour gradient with some texture, ~40 KB), written with Python's zlib so
# the run needs no image tools.
python3 - "$TMP/photo.b64" <<'PY'
import base64, random, struct, sys, zlib
w, h = 320, 240
random.seed(1)
rows = b"".join(b"\0" + bytes(v for x in range(w) for v in
                ((x * 255 // w) ^ random.randint(0, 7), (y * 255 // h), 128)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
open(sys.argv[1], "w").write(base64.b64encode(png).decode())
PY
PHOTO="$TMP/photo.b64"
echo "photo: $(base64 -d "$PHOTO" | wc -c) bytes PNG"

echo "== probe (one request each)"
curl -s -o /dev/null -w "GET /v1/occupancy -> %{http_code}\n" -H "Authorization: Bearer $DESK" \
  "http://127.0.0.1:$API/v1/occupancy"
curl -s -o "$TMP/probe.json" -w "POST /v1/reports/found -> %{http_code}\n" \
  -H "Authorization: Bearer $PATROL" -H 'Content-Type: application/json' \
  -d '{"report":{"foundZoneId":"penguin","child":{"ageMin":4,"ageMax":6}}}' \
  "http://127.0.0.1:$API/v1/reports/found"
head -c 300 "$TMP/probe.json"; echo

echo "== wrk GET /v1/occupancy  (-t$THREADS -c$CONNS -d${SECONDS_}s)"
wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_}s" --latency -H "Authorization: Bearer $DESK" \
  "http://127.0.0.1:$API/v1/occupancy"
echo "== wrk POST /v1/reports/found  (-t$THREADS -c$CONNS -d${SECONDS_}s, photo: $(base64 -d "$PHOTO" | wc -c) B PNG)"
CS_TOKEN=$PATROL CS_PHOTO_B64_FILE=$PHOTO wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_}s" --latency \
  -s "$ROOT/bench/api_found.lua" "http://127.0.0.1:$API/v1/reports/found"
echo "== gateway metrics (request counts by status)"
curl -s -H "Authorization: Bearer $(login admin1)" "http://127.0.0.1:$API/metrics" |
  grep -E '^cs_http_requests_total\{route="(GET /v1/occupancy|POST /v1/reports/found)"'
