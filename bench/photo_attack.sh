#!/bin/sh
# The photo attacks of issue 18 (items 1 and 5) against the photo check, before and after
# common/photo, and against the real gateway process: peak memory growth and time per request.
#
#   bench/photo_attack.sh [build-dir]        (from the repository root; default build/release)
#
# Needs redis-server and curl. Part 1 runs bin/photo_check_mem once per file and mode in a fresh
# process. Part 2 starts bin/mobile-api (config/services/api.yaml, no services behind it) anew
# for each file, so each request's growth of VmHWM is its own: the photo is checked before any
# upstream call, so a valid photo ends in 503/504 (no case-service) after the check has run.
# The peak is reset after the login (argon2id hashing has its own, larger, peak).
set -eu
BUILD=${1:-build/release}
BIN=$BUILD/bin
TMP=$(mktemp -d)
trap 'kill $(cat "$TMP"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BIN/photo_check_mem" make "$TMP"
FILES="bomb_progressive_16384.jpg png_40mpx.png jpeg_cut_midscan.jpg jpeg_12mpx_baseline.jpg jpeg_16mpx_progressive.jpg"

echo "## photo check in one process (peak RSS growth KiB, ms, outcome)"
for f in $FILES; do
  for mode in before validate full; do
    printf '%-28s %-8s %s\n' "$f" "$mode" "$("$BIN/photo_check_mem" measure $mode "$TMP/$f" 2>/dev/null)"
  done
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RPORT=$(free_port)
redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" >"$TMP/redis.log" 2>&1 &
echo $! >"$TMP/redis.pid"
sleep 0.5
# The build's identity keys (docs/identity.md), whatever key_dir the copied configs name.
export CS_IDENTITY_KEY_DIR="${CS_IDENTITY_KEY_DIR:-$BIN/../keys}"
"$BIN/crowdsafe-keygen" --dir "$CS_IDENTITY_KEY_DIR" api crowd cases appeals vision sim story >/dev/null
hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

echo "## gateway process: VmHWM growth of one request (KiB), HTTP status, seconds"
for f in $FILES; do
  : >"$TMP/api.out"
  "$BIN/mobile-api" --config config/services/api.yaml --listen 127.0.0.1:0 --redis-port "$RPORT" \
    --redis-wait 10 >"$TMP/api.out" 2>"$TMP/api.err" &
  PID=$!
  echo $PID >"$TMP/api.pid"
  for _ in $(seq 100); do grep -q '^LISTENING' "$TMP/api.out" && break; sleep 0.1; done
  PORT=$(awk '/^LISTENING/ {print $2; exit}' "$TMP/api.out")
  TOKEN=$(curl -s -X POST "http://127.0.0.1:$PORT/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"patrol1","password":"patrol1-demo"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  # The login (argon2id) has its own peak: reset the high-water mark to the current RSS
  # (Linux: 5 > clear_refs), so what follows is this request's own growth.
  echo 5 >"/proc/$PID/clear_refs"
  BEFORE=$(hwm $PID)
  OUT=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
    -F 'report={"report":{"child":{"sex":"male","ageMin":4,"ageMax":6},"foundZoneId":"penguin","foundAt":"2026-02-01T06:12:00Z","heldAt":"centre"}};type=application/json' \
    -F "photo=@$TMP/$f;type=image/jpeg" "http://127.0.0.1:$PORT/v1/reports/found")
  AFTER=$(hwm $PID)
  printf '%-28s %8d KiB  %s\n' "$f" $((AFTER - BEFORE)) "$OUT"
  kill $PID; wait $PID 2>/dev/null || true
done
