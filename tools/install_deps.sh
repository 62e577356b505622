#!/usr/bin/env bash
# Installs the Debian 12 packages litgraph needs to build, test and run.
# Idempotent: when everything is installed it only checks (dpkg-query) and
# says so; `apt-get update` runs only when something is missing.
# As root it installs; otherwise it prints the command to run and exits 1.
#
# Usage: tools/install_deps.sh
set -euo pipefail

packages=(
  build-essential cmake pkg-config g++
  librocksdb-dev rapidjson-dev libre2-dev libboost-graph-dev catch2
  libcpp-httplib-dev sqlite3 python3 ca-certificates
)

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)"
  if [[ "${status}" != "install ok installed" ]]; then
    missing+=("${pkg}")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install_deps: all ${#packages[@]} packages present"
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ "$(id -u)" != 0 ]]; then
  echo "install_deps: missing packages: ${missing[*]}" >&2
  echo "install_deps: run as root: apt-get update && ${cmd}" >&2
  exit 1
fi

echo "install_deps: installing ${missing[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
