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
  # ingest/jats.cc: PMC JATS XML articles.
  libxml2-dev
  libcpp-httplib-dev sqlite3 python3 ca-certificates
  # litgraph serve's tests: networkx reads the GraphML export, Chromium shows
  # the web page (driven by playwright-core from web/node_modules, below).
  python3-networkx chromium
  # tools/fuzz.sh: clang with libFuzzer (-fsanitize=fuzzer); format_test and
  # thread_safety_test: clang-format and clang's -Wthread-safety.
  clang libclang-rt-14-dev clang-format
  # tools/bench/: Google Benchmark.
  libbenchmark-dev
)
# Node and npm for web/ (cytoscape.js, playwright-core): any node >= 18 will do,
# so Debian's packages are added only when no node/npm is on the PATH.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)"
  if [[ "${status}" != "install ok installed" ]]; then
    missing+=("${pkg}")
  fi
done

# DIR/node_modules from DIR/package-lock.json (`npm ci`), redone only when the
# lock file changed since the last install (a stamp holds its hash) or the
# file CHECK (under DIR/node_modules) is missing.
# Usage: node_modules_ci DIR CHECK   (DIR relative to the repository root)
node_modules_ci() {
  local dir="$1" check="$2" abs root stamp want
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  abs="${root}/${dir}"
  stamp="${abs}/node_modules/.litgraph-lock-sha256"
  want="$(sha256sum "${abs}/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "${stamp}" && "$(cat "${stamp}")" == "${want}" &&
        -f "${abs}/node_modules/${check}" ]]; then
    echo "install_deps: ${dir}/node_modules up to date"
    return 0
  fi
  echo "install_deps: npm ci in ${dir}/"
  (cd "${abs}" && npm ci --no-audit --no-fund --loglevel=error)
  echo "${want}" >"${stamp}"
}
# web/: cytoscape.js, its fcose layout and playwright-core; tools/bench/kuzu/:
# the kuzu peer of tools/bench/graph_bench (npm kuzu, prebuilt binary in the
# package).
node_modules_all() {
  node_modules_ci web cytoscape-fcose/cytoscape-fcose.js
  node_modules_ci tools/bench/kuzu kuzu/kuzujs.node
}

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install_deps: all ${#packages[@]} packages present"
  node_modules_all
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
node_modules_all
