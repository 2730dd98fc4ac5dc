#!/usr/bin/env bash
# Makes a private CA and one certificate per crowdsafe process, for mutual TLS between services
# (docs/identity.md). Each certificate serves as both server and client certificate.
#
#   deploy/tls/make-certs.sh DIR [NAME...]     default names: api crowd cases appeals vision
#   CS_TLS_HOSTS="cases.crowdsafe.svc,10.0.0.5" deploy/tls/make-certs.sh var/tls
#
# Writes DIR/ca.pem (the CA certificate every process trusts), DIR/ca.key (kept 0600, only
# needed to make more certificates) and DIR/NAME.pem + DIR/NAME.key. Each certificate names
# localhost, 127.0.0.1, NAME and every host in CS_TLS_HOSTS. Existing files are kept, so
# running it again changes nothing.
set -euo pipefail
dir="${1:?usage: make-certs.sh DIR [NAME...]}"
shift
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(api crowd cases appeals vision)
command -v openssl >/dev/null || { echo "make-certs.sh: openssl is missing" >&2; exit 1; }
mkdir -p "$dir"
umask 077

if [[ ! -f "$dir/ca.pem" ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
    -subj "/CN=crowdsafe local CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    >/dev/null 2>&1
  chmod 0644 "$dir/ca.pem"
  echo "made CA $dir/ca.pem"
fi

for name in "${names[@]}"; do
  [[ "$name" =~ ^[a-z0-9-]+$ ]] || { echo "make-certs.sh: bad name '$name'" >&2; exit 2; }
  if [[ -f "$dir/$name.pem" ]]; then
    echo "kept $name"
    continue
  fi
  san="DNS:localhost,IP:127.0.0.1,DNS:$name"
  IFS=',' read -r -a extra <<<"${CS_TLS_HOSTS:-}"
  for h in "${extra[@]}"; do
    [[ -z "$h" ]] && continue
    if [[ "$h" =~ ^[0-9.]+$ ]]; then san+=",IP:$h"; else san+=",DNS:$h"; fi
  done
  ext="$(mktemp)"
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n' \
    "$san" >"$ext"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" >/dev/null 2>&1
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 825 -extfile "$ext" -out "$dir/$name.pem" >/dev/null 2>&1
  rm -f "$dir/$name.csr" "$ext"
  chmod 0644 "$dir/$name.pem"
  echo "made $name"
done
