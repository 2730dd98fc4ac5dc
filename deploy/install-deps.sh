#!/usr/bin/env bash
# Installs what crowdsafe needs to build, test and run, from Debian 12 (bookworm) packages only.
# Idempotent: when every package is already installed it changes nothing and asks no network.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates curl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libopencv-dev opencv-data libhiredis-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libcpp-httplib-dev libyaml-cpp-dev libcli11-dev libopencc-dev opencc rime-data-luna-pinyin
  libcurl4-openssl-dev libsodium-dev libxml2-utils redis-server redis-tools
  chromium fonts-wqy-microhei wrk openssl
  libssl-dev  # libcrypto: SHA1 of Lua scripts for EVALSHA (common/redis/redis_script.cc)
  clang-14 libclang-rt-14-dev  # the libFuzzer targets (fuzz/, the fuzz preset, bench/fuzz.sh)
  python3-yaml haproxy  # deploy/k8s manifest checks; deploy/cluster (HAProxy before mobile-api)
  liblinear-dev  # crowdsafe-triage-train fits the triage's linear model (the service reads its file)
)
# The dashboard is built with npm. Debian's nodejs + npm are enough; a machine that already has
# Node.js with its own npm (e.g. a nodejs package that bundles npm) keeps it.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
# The packaged redis-server starts a system instance on 6379; crowdsafe runs its own on 6390
# (deploy/local) and tests start private ones, so the system one is left as Debian set it up.
