#!/usr/bin/env bash
# Builds litgraph (Release, into build/; the build's output goes to
# build/run-build.log), ingests a corpus into a store and answers a sample
# question.
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

# The build prints one progress line; its full output goes to a log, shown
# (the end of it) only when the build fails.
mkdir -p build
log="${root}/build/run-build.log"
echo "run: building litgraph (Release, into build/; log: ${log})"
start="${SECONDS}"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release &&
       cmake --build build --target litgraph -j"$(nproc)"; } >"${log}" 2>&1; then
  tail -n 40 "${log}" >&2
  echo "run: the build failed; the whole output is in ${log}" >&2
  exit 1
fi
echo "run: built in $((SECONDS - start)) s"

echo "run: ingesting ${#files[@]} file(s) into ${db}"
build/tools/litgraph ingest --db "${db}" "${files[@]}"

echo "run: litgraph agents KMT2A::AFF1 --db ${db}"
build/tools/litgraph agents KMT2A::AFF1 --db "${db}"
