#!/usr/bin/env bash
# Builds and runs the tests twice:
#   build-test/  warnings as errors (-DLG_WERROR=ON)
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer (-DLG_SANITIZE=ON)
# then runs the libFuzzer harnesses (tools/fuzz.sh) and the benchmark harness
# at its smallest size (tools/bench/run.sh --smoke), and ends with one plain
# line "N passed, N failed" (both ctest runs summed, plus 1 for the bench
# smoke; a stage whose configure or build fails counts as 1 failed).
#
# Usage: tools/test.sh [--quick]
#   --quick  skip the sanitizer build, the fuzzers and the bench smoke
# Exit status: 0 when everything built and every test passed, 1 otherwise,
# 2 on a usage error. Works from any directory.
set -euo pipefail

quick=0
for arg in "$@"; do
  case "${arg}" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test: unknown argument: ${arg} (usage: tools/test.sh [--quick])" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"

bash tools/install_deps.sh

jobs="$(nproc)"
total_passed=0
total_failed=0
logs="$(mktemp -d)"
trap 'rm -rf "${logs}"' EXIT

# stage NAME BUILD_DIR CMAKE_ARGS...: configure, build, run ctest, add counts.
stage() {
  local name="$1" dir="$2"
  shift 2
  echo "=== test: ${name} (${dir}/)"
  if ! cmake -S . -B "${dir}" "$@" || ! cmake --build "${dir}" -j"${jobs}"; then
    echo "test: ${name}: configure or build FAILED" >&2
    total_failed=$((total_failed + 1))
    return
  fi
  local log="${logs}/${name}.log" rc=0
  ctest --test-dir "${dir}" --output-on-failure --no-tests=error 2>&1 | tee "${log}" || rc=$?
  # ctest's summary: "80% tests passed, 1 tests failed out of 5"
  local line failed=0 total=0
  line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "${log}" | tail -n 1 || true)"
  if [[ -n "${line}" ]]; then
    failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"${line}")"
    total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"${line}")"
  fi
  total_passed=$((total_passed + total - failed))
  if [[ ${rc} -ne 0 && ${failed} -eq 0 ]]; then
    # ctest failed without counting a failed test (no tests found, a crash).
    echo "test: ${name}: ctest exited with status ${rc}" >&2
    failed=1
  fi
  total_failed=$((total_failed + failed))
}

stage werror build-test -DLG_WERROR=ON

if [[ ${quick} -eq 0 ]]; then
  export ASAN_OPTIONS="detect_leaks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  stage sanitize build-asan -DLG_SANITIZE=ON
fi

# libFuzzer harnesses (tests/fuzz/), each for a bounded time; a crash counts
# as 1 failed. LG_FUZZ_SECONDS overrides the time per harness.
if [[ ${quick} -eq 0 ]]; then
  echo "=== test: fuzz (build-fuzz/)"
  if ! bash tools/fuzz.sh "${LG_FUZZ_SECONDS:-60}"; then
    echo "test: fuzz: a harness crashed or did not build" >&2
    total_failed=$((total_failed + 1))
  fi
fi

# The benchmark harness at its smallest size (tools/bench/run.sh --smoke), so
# that it keeps building and running; its figures are not checked against the
# targets (BENCHMARKS.md). Counts as 1 passed or 1 failed.
if [[ ${quick} -eq 0 ]]; then
  echo "=== test: bench smoke (build-bench/)"
  if bash tools/bench/run.sh --smoke --out "${logs}/bench"; then
    total_passed=$((total_passed + 1))
  else
    echo "test: bench smoke: the harness failed" >&2
    total_failed=$((total_failed + 1))
  fi
fi

echo "${total_passed} passed, ${total_failed} failed"
[[ ${total_failed} -eq 0 ]]
