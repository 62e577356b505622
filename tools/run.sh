#!/usr/bin/env bash
# Builds litgraph (Release, into build/), ingests a corpus into a store and
# answers a sample question.
#
# Usage: tools/run.sh [FILE.txt ...]
#   FILE.txt  review texts to ingest. Default: corpus/sample/*.txt
# Environment:
#   LITGRAPH_DB  the store directory. Default: ./litgraph.db (in the repo root)
# Works from any directory; relative FILE paths are taken from the caller's
# directory.
set -euo pipefail

caller_dir="$(pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Resolve the inputs before leaving the caller's directory.
files=()
for f in "$@"; do
  if [[ "${f}" = /* ]]; then files+=("${f}"); else files+=("${caller_dir}/${f}"); fi
done

cd "${root}"
if [[ ${#files[@]} -eq 0 ]]; then
  shopt -s nullglob
  files=(corpus/sample/*.txt)
  shopt -u nullglob
fi
if [[ ${#files[@]} -eq 0 ]]; then
  echo "run: no input texts (corpus/sample/*.txt is empty)" >&2
  exit 1
fi

db="${LITGRAPH_DB:-${root}/litgraph.db}"
if [[ "${db}" != /* ]]; then db="${caller_dir}/${db}"; fi

bash tools/install_deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build --target litgraph -j"$(nproc)"

echo "run: ingesting ${#files[@]} file(s) into ${db}"
build/tools/litgraph ingest --db "${db}" "${files[@]}"

echo "run: litgraph agents KMT2A::AFF1 --db ${db}"
build/tools/litgraph agents KMT2A::AFF1 --db "${db}"
