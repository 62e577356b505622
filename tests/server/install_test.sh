#!/usr/bin/env bash
# The library API from an installed tree: `cmake --install` into a temporary
# prefix, build examples/agents_example.cc with the installed litgraph.pc, run
# it on a store of the sample corpus and compare with `litgraph agents --json`.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR LITGRAPH_BIN
set -euo pipefail
build="$1" src="$2" litgraph="$3"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT

cmake --install "${build}" --prefix "${tmp}/prefix" >/dev/null
for header in graph/store/store.h query/engine.h query/format.h ingest/pipeline.h; do
  [[ -f "${tmp}/prefix/include/litgraph/${header}" ]] || { echo "missing header ${header}" >&2; exit 1; }
done
export PKG_CONFIG_PATH="${tmp}/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
c++ -o "${tmp}/agents_example" "${src}/examples/agents_example.cc" \
  $(pkg-config --cflags --libs litgraph)

"${litgraph}" ingest --db "${tmp}/db" "${src}"/corpus/sample/*.txt >/dev/null
"${tmp}/agents_example" "${tmp}/db" MLL-AF4 >"${tmp}/example.json"
"${litgraph}" agents MLL-AF4 --json --db "${tmp}/db" >"${tmp}/cli.json"
[[ -s "${tmp}/cli.json" ]] || { echo "install_test: empty CLI output" >&2; exit 1; }
grep -q '"agents":\[{' "${tmp}/cli.json" || { echo "install_test: no agents found" >&2; exit 1; }
if ! cmp -s "${tmp}/example.json" "${tmp}/cli.json"; then
  echo "install_test: the installed example's output differs from the CLI's" >&2
  diff "${tmp}/example.json" "${tmp}/cli.json" >&2 || true
  exit 1
fi
echo "install_test: ok ($(wc -c <"${tmp}/example.json") bytes of agents JSON)"
