#!/usr/bin/env bash
# deploy/k8s/make-secrets.sh (issue 16): the Secrets it writes have exactly the shape the
# manifests mount (deploy/k8s/secrets/shape.yaml); each certificate is signed by the CA and names
# its Service's cluster DNS name and 127.0.0.1 (the probes); each seed is the key crowdsafe-keygen
# made; a second run keeps every key; a folder git tracks is refused.
#   tests/cluster/k8s_secrets_test.sh BIN_DIR WORK_DIR
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN="$1"
WORK="$2"
rm -rf "$WORK" && mkdir -p "$WORK"
failed=0
check() {
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failed=$((failed + 1)); fi
}
OUT="$WORK/secrets"
CS_BIN="$BIN" deploy/k8s/make-secrets.sh "$OUT" || { echo "FAILED: make-secrets.sh"; exit 1; }
check "the Secrets have the shape the manifests mount" \
  python3 tests/cluster/check_k8s_manifests.py deploy/k8s --secrets "$OUT/secrets.yaml"
names() {
  local pair name service
  for pair in crowd:crowd-service cases:case-service appeals:appeal-service \
    vision:vision-worker api:mobile-api; do
    name="${pair%%:*}" service="${pair#*:}"
    openssl verify -CAfile "$OUT/tls/ca.pem" "$OUT/tls/$name.pem" >/dev/null || return 1
    openssl x509 -in "$OUT/tls/$name.pem" -noout -ext subjectAltName |
      grep -q "DNS:$service.crowdsafe.svc.cluster.local" || { echo "$name: no cluster name"; return 1; }
    openssl x509 -in "$OUT/tls/$name.pem" -noout -ext subjectAltName | grep -q "IP Address:127.0.0.1" ||
      return 1
  done
}
check "each certificate is the CA's and names its Service and 127.0.0.1" names
check "the secrets file is private (0600)" test "$(stat -c %a "$OUT/secrets.yaml")" = 600
check "no private key in the public Secret" \
  bash -c "python3 -c \"import yaml,sys; d=[x for x in yaml.safe_load_all(open('$OUT/secrets.yaml')) if x['metadata']['name']=='crowdsafe-identity-public'][0]; sys.exit(any(k.endswith('.key') for k in d['data']))\""
before=$(sha256sum "$OUT/secrets.yaml")
CS_BIN="$BIN" deploy/k8s/make-secrets.sh "$OUT" >/dev/null
check "a second run keeps every key and certificate" test "$before" = "$(sha256sum "$OUT/secrets.yaml")"
check "a folder git tracks is refused" \
  bash -c "! CS_BIN='$BIN' deploy/k8s/make-secrets.sh deploy/k8s/secrets/out 2>/dev/null"
rm -rf deploy/k8s/secrets/out
((failed == 0))
