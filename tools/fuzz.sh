#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/) with clang in build-fuzz/ and
# runs each for a bounded time, starting from its seed corpus
# tests/fuzz/corpus/<name>/ (read-only; new inputs go to a temporary
# directory). Prints one line per harness: "fuzz: NAME: N executions, ...".
# A crash stops that harness; its input is left in build-fuzz/crashes/ to be
# fixed and then copied into tests/fuzz/corpus/<name>/ as a regression case.
#
# Usage: tools/fuzz.sh [SECONDS]   (per harness; default 60)
# Exit status: 0 when no harness crashed, 1 otherwise (or a build failure).
set -euo pipefail

seconds="${1:-60}"
if ! [[ "${seconds}" =~ ^[0-9]+$ ]]; then
  echo "fuzz: SECONDS must be a number, not '${seconds}'" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${root}/build-fuzz"
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (tools/install_deps.sh installs it)" >&2
  exit 1
fi
CC=clang CXX=clang++ cmake -S "${root}" -B "${build}" -DLG_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLG_BUILD_TESTS=ON >/dev/null
harnesses=(maketext parse citations references jats curation params)
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_${h}"); done
cmake --build "${build}" -j"$(nproc)" --target "${targets[@]}" >/dev/null

mkdir -p "${build}/crashes"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
failed=0
export ASAN_OPTIONS="detect_leaks=1"
# ubsan.supp: one known-benign report inside RapidJSON 1.1.0's own header
# (Debian 12), not in our code.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=${root}/tests/fuzz/ubsan.supp"
for h in "${harnesses[@]}"; do
  mkdir -p "${work}/${h}"
  log="${work}/${h}.log" rc=0
  "${build}/tests/fuzz/fuzz_${h}" -max_total_time="${seconds}" -max_len=65536 \
    -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="${build}/crashes/${h}-" \
    "${work}/${h}" "${root}/tests/fuzz/corpus/${h}" >"${log}" 2>&1 || rc=$?
  # (A harness that fails on its first input prints no stats: "|| true".)
  runs="$(grep -E '^stat::number_of_executed_units' "${log}" | awk '{print $2}' | tail -n 1 || true)"
  cov="$(grep -E '^#[0-9]+.*cov:' "${log}" | tail -n 1 | sed -E 's/.*cov: ([0-9]+).*/\1/' || true)"
  if [[ ${rc} -ne 0 ]]; then
    failed=1
    echo "fuzz: ${h}: CRASH after ${runs:-?} executions (status ${rc}); input in ${build}/crashes/"
    grep -E 'ERROR|SUMMARY|==[0-9]+==' "${log}" | head -n 5 || true
  else
    echo "fuzz: ${h}: ${runs:-?} executions in ${seconds} s, coverage ${cov:-?}, no crash"
  fi
done
exit "${failed}"
