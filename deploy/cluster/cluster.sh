#!/usr/bin/env bash
# One machine, the shape of a real deployment (issue 17):
#   - a 6-node Redis Cluster (3 primaries, 3 replicas; Debian's redis-server and redis-cli),
#   - two replicas of every service (crowd, cases, appeals, vision, mobile-api) on Redis
#     Cluster with writes confirmed by a replica (redis.wait_replicas: 1),
#   - HAProxy (Debian's) in front of the two mobile-api replicas.
#
#   deploy/cluster/cluster.sh up       start it all (fresh state), wait until every part serves
#   deploy/cluster/cluster.sh status   what runs, and the cluster's state
#   deploy/cluster/cluster.sh down     stop it all (SIGTERM, then SIGKILL after 10 s)
#
# Environment: CS_BIN (binaries, default build/release/bin), CS_CLUSTER_DIR (state, logs, pids;
# default var/cluster), CS_CLUSTER_PORT (first port, default 7100; uses PORT..PORT+60 and the
# Redis cluster bus ports PORT+10000..PORT+10005). Ports, in order: Redis PORT..PORT+5,
# crowd +11/+12, cases +21/+22, appeals +31/+32, vision +41/+42, mobile-api +51/+52, HAProxy +80
# (its statistics page, /stats, on +81).
# Services use the configs of config/services, rewritten per replica by make_configs.py, with
# mutual TLS between every pair (certificates by deploy/tls/make-certs.sh in $DIR/tls) and
# identity verified (keys by crowdsafe-keygen); mobile-api serves HTTPS behind HAProxy.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
BIN="${CS_BIN:-$ROOT/build/release/bin}"
DIR="${CS_CLUSTER_DIR:-$ROOT/var/cluster}"
BASE="${CS_CLUSTER_PORT:-7100}"
RUN="$DIR/run"
TLS="$DIR/tls"
# crowdsafe-ctl's probe speaks mutual TLS with its own certificate, like any client.
CTL_TLS=(--tls-ca "$TLS/ca.pem" --tls-cert "$TLS/ctl.pem" --tls-key "$TLS/ctl.key")

redis_ports() { for i in 0 1 2 3 4 5; do echo $((BASE + i)); done; }
service_port() {  # service replica(1|2)
  local offset
  case "$1" in
    crowd) offset=11 ;; cases) offset=21 ;; appeals) offset=31 ;; vision) offset=41 ;;
    api) offset=51 ;;
  esac
  echo $((BASE + offset + $2 - 1))
}
HAPROXY_PORT=$((BASE + 80))
SERVICES=(crowd:crowd-service cases:case-service appeals:appeal-service vision:vision-worker
          api:mobile-api)

running_pids() {
  local f
  for f in "$RUN"/*.pid; do
    [[ -f "$f" ]] || continue
    local pid
    pid="$(cat "$f")"
    kill -0 "$pid" 2>/dev/null && echo "$pid"
  done
  return 0
}

wait_for() {  # seconds description command...
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "cluster: $what did not come up within ${seconds}s (logs: $DIR/log)" >&2
      return 1
    fi
    sleep 0.2
  done
}

cluster_ok() {  # every node reports cluster_state:ok
  local p
  for p in $(redis_ports); do
    redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

up() {
  if [[ -n "$(running_pids)" ]]; then
    echo "cluster: already running ($0 down stops it)" >&2
    exit 1
  fi
  for tool in redis-server redis-cli haproxy python3 curl openssl; do
    command -v "$tool" >/dev/null || { echo "cluster: $tool not found (deploy/install-deps.sh)" >&2; exit 1; }
  done
  for s in "${SERVICES[@]}"; do
    [[ -x "$BIN/${s#*:}" ]] || { echo "cluster: $BIN/${s#*:} not built (deploy/build.sh)" >&2; exit 1; }
  done
  [[ -x "$BIN/crowdsafe-ctl" ]] || { echo "cluster: $BIN/crowdsafe-ctl not built" >&2; exit 1; }
  rm -rf "$DIR"
  mkdir -p "$RUN" "$DIR/log" "$DIR/config"

  # Redis Cluster: six servers, AOF on as in production, a short node timeout so a killed
  # primary is replaced within seconds, and no wait before a returning node's re-sync: with one
  # replica per primary and redis.wait_replicas 1 nothing is acknowledged until it has synced
  # (kill to the first acknowledged write 7.7 s with the default 5 s delay, 2.6 s without;
  # docs/benchmarks.md, redis_failover_bench).
  local p nodes=()
  for p in $(redis_ports); do
    mkdir -p "$DIR/redis/$p"
    redis-server --port "$p" --bind 127.0.0.1 --dir "$DIR/redis/$p" --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 2000 --appendonly yes \
      --appendfsync everysec --save "" --repl-diskless-sync-delay 0 \
      --daemonize yes --pidfile "$RUN/redis-$p.pid" \
      --logfile "$DIR/log/redis-$p.log"
    nodes+=("127.0.0.1:$p")
  done
  for p in $(redis_ports); do wait_for 10 "redis $p" redis-cli -p "$p" ping; done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes \
    >"$DIR/log/cluster-create.log" 2>&1 || {
    echo "cluster: redis-cli --cluster create failed; see $DIR/log/cluster-create.log" >&2
    exit 1
  }
  wait_for 30 "Redis Cluster (cluster_state:ok on every node)" cluster_ok
  echo "  redis cluster  ${nodes[*]}  (3 primaries, 3 replicas)"

  # The service configs, one per replica.
  local ports
  ports=$(printf '{"redis": [%s], "crowd": [%s, %s], "cases": [%s, %s], "appeals": [%s, %s], "vision": [%s, %s], "api": [%s, %s]}' \
    "$(redis_ports | paste -sd, -)" \
    "$(service_port crowd 1)" "$(service_port crowd 2)" "$(service_port cases 1)" \
    "$(service_port cases 2)" "$(service_port appeals 1)" "$(service_port appeals 2)" \
    "$(service_port vision 1)" "$(service_port vision 2)" "$(service_port api 1)" \
    "$(service_port api 2)")
  # A private CA and one certificate per process (and one for crowdsafe-ctl), fresh each run.
  "$ROOT/deploy/tls/make-certs.sh" "$TLS" api crowd cases appeals vision ctl >/dev/null
  python3 "$ROOT/deploy/cluster/make_configs.py" "$ROOT" "$DIR/config" "$ports" "$TLS"
  # Identity keys (docs/identity.md): the configs moved, so the key folder is named to every
  # process; var/keys unless the caller (a test) names its own.
  export CS_IDENTITY_KEY_DIR="${CS_IDENTITY_KEY_DIR:-$ROOT/var/keys}"
  "$BIN/crowdsafe-keygen" --dir "$CS_IDENTITY_KEY_DIR" api crowd cases appeals vision sim story \
    >/dev/null

  local s name binary n
  for s in "${SERVICES[@]}"; do
    name="${s%%:*}" binary="${s#*:}"
    for n in 1 2; do
      nohup "$BIN/$binary" --config "$DIR/config/$name-$n.yaml" --redis-wait 30 \
        >"$DIR/log/$name-$n.out" 2>"$DIR/log/$name-$n.log" &
      echo $! >"$RUN/$name-$n.pid"
    done
  done
  for s in "${SERVICES[@]}"; do
    name="${s%%:*}"
    [[ "$name" == api ]] && continue
    for n in 1 2; do
      "$BIN/crowdsafe-ctl" health "127.0.0.1:$(service_port "$name" "$n")" "${CTL_TLS[@]}" \
        --wait 60 >/dev/null || {
        echo "cluster: $name-$n is not healthy; see $DIR/log/$name-$n.log" >&2
        tail -5 "$DIR/log/$name-$n.log" >&2 || true
        exit 1
      }
    done
    echo "  ${s#*:} x2    127.0.0.1:$(service_port "$name" 1), :$(service_port "$name" 2)  SERVING (mTLS)"
  done
  for n in 1 2; do
    wait_for 60 "mobile-api-$n" curl -fsS --cacert "$TLS/ca.pem" \
      "https://127.0.0.1:$(service_port api "$n")/healthz"
  done
  echo "  mobile-api x2      https://127.0.0.1:$(service_port api 1), :$(service_port api 2)  SERVING"

  # HAProxy: round robin over the two gateways, each checked on /healthz every second and
  # taken out after two failures; long timeouts for the desk's event streams (SSE). It speaks
  # HTTPS to them and checks their certificates against the run's CA (name "api").
  cat >"$DIR/haproxy.cfg" <<EOF
global
    log stdout format raw local0 warning
    maxconn 4096
defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    retries 2
    # A killed gateway: its refused connections and the reused connections it reset are sent
    # to the other one (HAProxy resends only requests it knows are safe to resend).
    retry-on conn-failure empty-response
    option redispatch
frontend crowdsafe
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend mobile_api
backend mobile_api
    balance roundrobin
    option httpchk GET /healthz
    default-server inter 1s fall 2 rise 1 ssl verify required ca-file $TLS/ca.pem verifyhost api
    server api1 127.0.0.1:$(service_port api 1) check
    server api2 127.0.0.1:$(service_port api 2) check
listen stats
    bind 127.0.0.1:$((HAPROXY_PORT + 1))
    stats enable
    stats uri /stats
EOF
  haproxy -c -q -f "$DIR/haproxy.cfg"
  nohup haproxy -W -db -f "$DIR/haproxy.cfg" >"$DIR/log/haproxy.log" 2>&1 &
  echo $! >"$RUN/haproxy.pid"
  wait_for 20 "HAProxy" curl -fsS "http://127.0.0.1:$HAPROXY_PORT/healthz"
  echo "  haproxy            http://127.0.0.1:$HAPROXY_PORT  ->  both mobile-api replicas (stats :$((HAPROXY_PORT + 1))/stats)"
  echo "cluster: up (state, logs and pids in $DIR; $0 down stops it)"
}

down() {
  local pids
  pids="$(running_pids)"
  if [[ -z "$pids" ]]; then
    echo "cluster: nothing running"
    return 0
  fi
  # Gateways and services first (they drain), Redis last.
  local f pid
  for f in "$RUN"/haproxy.pid "$RUN"/api-*.pid "$RUN"/{crowd,cases,appeals,vision}-*.pid \
    "$RUN"/redis-*.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    kill -TERM "$pid" 2>/dev/null || true
  done
  local deadline=$((SECONDS + 10))
  while [[ -n "$(running_pids)" ]] && ((SECONDS < deadline)); do sleep 0.2; done
  for pid in $(running_pids); do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$RUN"/*.pid
  echo "cluster: down"
}

status() {
  local f name pid
  for f in "$RUN"/*.pid; do
    [[ -f "$f" ]] || continue
    name="$(basename "$f" .pid)" pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then echo "  $name  pid $pid  running"; else echo "  $name  stopped"; fi
  done
  redis-cli -p "$BASE" cluster info 2>/dev/null | grep -E '^cluster_(state|known_nodes|size)' || true
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
