#!/usr/bin/env bash
# Writes the Secrets the Kubernetes manifests mount (shape: deploy/k8s/secrets/shape.yaml):
# a private CA and one certificate per process (deploy/tls/make-certs.sh, named for its Service in
# the crowdsafe namespace), and the Ed25519 identity keys of the processes that sign
# (crowdsafe-keygen). Nothing is sent anywhere; apply the result yourself:
#
#   CS_BIN=build/release/bin deploy/k8s/make-secrets.sh var/k8s-secrets
#   kubectl apply -f var/k8s-secrets/secrets.yaml
#
# OUT_DIR keeps the CA key, the certificates and the seeds (mode 0600): it must not be inside the
# repository unless git ignores it (var/ is ignored). Files that exist are kept, so running it
# again writes the same Secrets; delete OUT_DIR/tls/NAME.pem or OUT_DIR/keys/NAME.key to renew one.
# CS_API_HOSTS: extra names for mobile-api's certificate (the venue's public host name), comma
# separated; a public deployment usually ends TLS at its Ingress with a certificate of its own.
set -euo pipefail
out="${1:?usage: make-secrets.sh OUT_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${CS_BIN:-$repo/build/release/bin}"
[[ -x "$bin/crowdsafe-keygen" ]] || { echo "make-secrets.sh: $bin/crowdsafe-keygen not built" >&2; exit 1; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if git -C "$out" rev-parse --show-toplevel >/dev/null 2>&1 && ! git -C "$out" check-ignore -q "$out/x"; then
  echo "make-secrets.sh: $out is tracked by git; use an ignored folder (var/...) or one outside" >&2
  exit 2
fi
umask 077

namespace=crowdsafe
# process name : its Service
for pair in crowd:crowd-service cases:case-service appeals:appeal-service vision:vision-worker \
  api:mobile-api; do
  name="${pair%%:*}" service="${pair#*:}"
  hosts="$service,$service.$namespace,$service.$namespace.svc,$service.$namespace.svc.cluster.local"
  [[ "$name" == api && -n "${CS_API_HOSTS:-}" ]] && hosts+=",$CS_API_HOSTS"
  CS_TLS_HOSTS="$hosts" "$repo/deploy/tls/make-certs.sh" "$out/tls" "$name" >/dev/null
done
"$bin/crowdsafe-keygen" --dir "$out/keys" api appeals vision >/dev/null

python3 - "$out" "$namespace" <<'PY'
import base64, os, sys
out, namespace = sys.argv[1], sys.argv[2]

def read(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()

def secret(name, data):
    lines = [f"apiVersion: v1", "kind: Secret",
             f"metadata: {{name: {name}, namespace: {namespace}}}", "type: Opaque", "data:"]
    lines += [f"  {key}: {value}" for key, value in data.items()]
    return "\n".join(lines) + "\n"

docs = []
for name in ("crowd", "cases", "appeals", "vision", "api"):
    docs.append(secret(f"crowdsafe-tls-{name}", {
        "ca.crt": read(f"{out}/tls/ca.pem"), "tls.crt": read(f"{out}/tls/{name}.pem"),
        "tls.key": read(f"{out}/tls/{name}.key")}))
for name in ("api", "appeals", "vision"):
    # The seed as the key file holds it (one line of base64), which is what signing_key_env reads.
    with open(f"{out}/keys/{name}.key", encoding="ascii") as f:
        seed = f.read().strip()
    docs.append(secret(f"crowdsafe-identity-{name}", {"seed": base64.b64encode(seed.encode()).decode()}))
docs.append(secret("crowdsafe-identity-public", {
    f"{name}.pub": read(f"{out}/keys/{name}.pub") for name in ("api", "appeals", "vision")}))
path = os.path.join(out, "secrets.yaml")
with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
    f.write("---\n".join(docs))
print(f"wrote {path} ({len(docs)} Secrets); apply with: kubectl apply -f {path}")
PY
