#!/usr/bin/env bash
# Smoke test of deploy/cluster/cluster.sh (issue 17): `up` on free ports, then through HAProxy:
# both mobile-api replicas UP in its statistics, a login and an occupancy read that goes
# gateway -> crowd-service -> Redis Cluster; one gateway killed with SIGKILL and the same token
# still served by the other (sessions live in the cluster); `down` leaves no process behind.
# Issue 16: every service listens with mutual TLS (a plain-text client and a TLS client without
# a certificate from the run's CA are refused), the gateways serve HTTPS only, no config says
# insecure, and every gRPC server with callers verifies identity.
#   tests/cluster/cluster_smoke.sh BIN_DIR WORK_DIR
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN="$1"
WORK="$2"
rm -rf "$WORK" && mkdir -p "$WORK"

# A base port whose whole range (and the Redis bus ports, +10000) is free now.
BASE=$(python3 - <<'EOF'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
for _ in range(200):
    b = random.randrange(20000, 40000, 100)
    if all(free(b + i) for i in range(90)) and all(free(b + 10000 + i) for i in range(6)):
        print(b); break
EOF
)
[[ -n "$BASE" ]] || { echo "no free port range"; exit 1; }
export CS_BIN="$BIN" CS_CLUSTER_DIR="$WORK/cluster" CS_CLUSTER_PORT="$BASE"
passed=0
failed=0
check() {  # description command...
  local what=$1
  shift
  if "$@"; then
    echo "ok: $what"
    passed=$((passed + 1))
  else
    echo "FAILED: $what"
    failed=$((failed + 1))
  fi
}
trap 'deploy/cluster/cluster.sh down >/dev/null 2>&1' EXIT

if ! deploy/cluster/cluster.sh up; then
  echo "FAILED: cluster.sh up"
  for f in "$CS_CLUSTER_DIR"/log/*.log; do echo "== $f"; tail -5 "$f"; done
  exit 1
fi
HAPROXY="http://127.0.0.1:$((BASE + 80))"
API1_PID=$(cat "$CS_CLUSTER_DIR/run/api-1.pid")
TLS="$CS_CLUSTER_DIR/tls"
CASES1="127.0.0.1:$((BASE + 21))"

check "case-service refuses a plain-text client" \
  bash -c "! '$BIN/crowdsafe-ctl' health $CASES1 >/dev/null"
check "case-service refuses a TLS client with no certificate" \
  bash -c "! '$BIN/crowdsafe-ctl' health $CASES1 --tls-ca '$TLS/ca.pem' >/dev/null"
check "case-service serves a client with a certificate of the run's CA" \
  "$BIN/crowdsafe-ctl" health "$CASES1" --tls-ca "$TLS/ca.pem" --tls-cert "$TLS/ctl.pem" \
  --tls-key "$TLS/ctl.key"
check "mobile-api refuses plain HTTP" \
  bash -c "! curl -fsS -o /dev/null http://127.0.0.1:$((BASE + 51))/healthz 2>/dev/null"
check "no service config says insecure" \
  bash -c "! grep -l 'insecure: true' '$CS_CLUSTER_DIR'/config/*.yaml"
verifies() {  # every crowd, cases and appeals config lists trusted issuers and a client CA
  local f
  for f in "$CS_CLUSTER_DIR"/config/{crowd,cases,appeals}-*.yaml; do
    grep -q '^  trusted:' "$f" && grep -q 'client_ca_file:' "$f" || { echo "not verified: $f"; return 1; }
  done
}
check "every gRPC server with callers verifies identity over mutual TLS" verifies

both_up() {
  local csv
  csv=$(curl -fsS "http://127.0.0.1:$((BASE + 81))/stats;csv") || return 1
  grep -q '^mobile_api,api1,.*,UP' <<<"$csv" && grep -q '^mobile_api,api2,.*,UP' <<<"$csv"
}
check "HAProxy reports both mobile-api replicas UP" both_up
check "HAProxy answers /healthz" curl -fsS -o /dev/null "$HAPROXY/healthz"

TOKEN=$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"username":"desk1","password":"desk1-demo"}' "$HAPROXY/v1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])' 2>/dev/null)
check "login through HAProxy" test -n "$TOKEN"
occupancy() {
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$HAPROXY/v1/occupancy"
}
check "occupancy through HAProxy, gateway, crowd-service and Redis Cluster" occupancy

kill -KILL "$API1_PID"
# HAProxy retries a refused connection on the other server (redispatch), so every call after
# the kill must succeed, including the ones before its health check has noticed.
after_kill() {
  local i
  for i in 1 2 3 4 5 6; do occupancy || return 1; done
}
check "one gateway killed (SIGKILL): the same token still served, 6 of 6 calls" after_kill

deploy/cluster/cluster.sh down
pids=$(cat "$CS_CLUSTER_DIR"/run/*.pid 2>/dev/null || true)
check "down leaves no pid file" test -z "$pids"
left=$(pgrep -f "$CS_CLUSTER_DIR" || true)
check "down leaves no process of this run" test -z "$left"
echo "$passed passed, $failed failed"
((failed == 0))
