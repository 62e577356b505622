#!/usr/bin/env bash
# The benchmark harness (BENCHMARKS.md): builds the Release benchmarks into
# build-bench/, generates a synthetic corpus and graphs, and measures
#   ingest   MB/s per core end to end, split by stage, 2 threads, bytes per
#            fact, against the RE2::Set scan bound (tools/bench/ingest_bench);
#   queries  at each graph size: cold start, view memory, warm p50/p99 of
#            agents, show, path and 2-hop neighbours, the hand-written CSR
#            floor (tools/bench/graph_bench), the kuzu peer
#            (tools/bench/kuzu/), and the one-shot CLI with its peak RSS
#            (tools/bench/oneshot_bench);
#   bounded  ingest time and memory of pathological inputs at 1 and 4 MB
#            (tools/bench/pathological_bench; fails when one grows faster
#            than linearly or costs over 20 CPU s per MB);
# then prints the results table against the targets (tools/bench/report.mjs)
# and writes every figure to OUT/results.json.
#
# Usage: tools/bench/run.sh [--smoke | --large] [--out DIR]
#   (default)  corpus 10 MB; graphs of 1e5 and 1e6 edges (under 10 minutes)
#   --large    also the 1e7-edge graph (about 20 more minutes, 8 GB of memory)
#   --smoke    corpus 1 MB, graph 1e5 edges, fewer runs: what CI runs to
#              keep the harness from rotting (its figures are not reported)
#   --out DIR  where inputs, stores and JSON go. Default: build-bench/out
# Environment: LG_BENCH_SEED (default 1) seeds the generators.
# Exit status: 0 when every step ran, 1 when one failed (its name is printed),
# 2 on a usage error. A missed target is reported, not an error.
set -euo pipefail

mode=default
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) mode=smoke ;;
    --large) mode=large ;;
    --out) [[ $# -ge 2 ]] || { echo "bench: --out needs a directory" >&2; exit 2; }
           out="$2"; shift ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument: $1 (usage: tools/bench/run.sh [--smoke|--large] [--out DIR])" >&2
       exit 2 ;;
  esac
  shift
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${root}"
build="${root}/build-bench"
out="${out:-${build}/out}"
seed="${LG_BENCH_SEED:-1}"

# runs: warm queries per kind (graph_bench cycles over 100 sampled vertices);
# one-shot runs fall with the size, as each run builds the whole view.
case "${mode}" in
  smoke)   corpus_mb=1;  sizes=(100000);                  runs=100; seed_runs=5 ;;
  default) corpus_mb=10; sizes=(100000 1000000);          runs=500; seed_runs=50 ;;
  large)   corpus_mb=10; sizes=(100000 1000000 10000000); runs=500; seed_runs=50 ;;
esac
oneshot_runs() {
  case "${mode}:$1" in
    smoke:*) echo 3 ;;
    *:100000) echo 20 ;;
    *:1000000) echo 10 ;;
    *) echo 3 ;;
  esac
}

step() { echo "=== bench: $*"; }
fail() { echo "bench: FAILED: $*" >&2; exit 1; }

bash tools/install_deps.sh

step "build (Release, ${build}/)"
cmake -S . -B "${build}" -DCMAKE_BUILD_TYPE=Release -DLG_BUILD_TESTS=OFF >/dev/null
cmake --build "${build}" -j"$(nproc)" --target litgraph gen_corpus gen_graph ingest_bench \
  graph_bench oneshot_bench pathological_bench >/dev/null || fail "build"
bin="${build}/tools/bench"
litgraph="${build}/tools/litgraph"

rm -rf "${out}"
mkdir -p "${out}"
{
  echo "{\"mode\": \"${mode}\", \"seed\": ${seed}, \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo " \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')\", \"cores\": $(nproc),"
  echo " \"mem_gib\": $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo),"
  echo " \"compiler\": \"$(c++ --version | head -n 1)\", \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}"
} >"${out}/machine.json"

step "corpus: ${corpus_mb} MB, seed ${seed}"
"${bin}/gen_corpus" --seed "${seed}" --mb "${corpus_mb}" --out "${out}/corpus" || fail "gen_corpus"

step "ingest (Google Benchmark)"
"${bin}/ingest_bench" --corpus "${out}/corpus" --db "${out}/ingest-db" \
  --benchmark_out="${out}/ingest.json" --benchmark_out_format=json || fail "ingest_bench"

step "seed store: corpus/sample, one-shot agents"
"${litgraph}" ingest --db "${out}/seed-db" corpus/sample/*.txt >/dev/null || fail "ingest corpus/sample"
"${bin}/oneshot_bench" --runs "${seed_runs}" --label seed --json "${out}/oneshot_seed.json" -- \
  "${litgraph}" agents KMT2A::AFF1 --db "${out}/seed-db" || fail "oneshot seed"

for n in "${sizes[@]}"; do
  step "graph: ${n} edges"
  "${bin}/gen_graph" --seed "${seed}" --edges "${n}" --db "${out}/g${n}" \
    >"${out}/gen_${n}.json" || fail "gen_graph ${n}"
  cat "${out}/gen_${n}.json"
  "${bin}/graph_bench" --db "${out}/g${n}" --runs "${runs}" --seed "${seed}" \
    --json "${out}/graph_${n}.json" --csv "${out}/csv_${n}" || fail "graph_bench ${n}"
  target="$(head -n 1 "${out}/csv_${n}/agents_target.txt")"
  "${bin}/oneshot_bench" --runs "$(oneshot_runs "${n}")" --label "agents ${n}" --json "${out}/oneshot_${n}.json" -- \
    "${litgraph}" agents "${target}" --db "${out}/g${n}" || fail "oneshot ${n}"
  step "kuzu: ${n} edges"
  node tools/bench/kuzu/kuzu_bench.mjs --csv "${out}/csv_${n}" --runs "${runs}" \
    --json "${out}/kuzu_${n}.json" || fail "kuzu ${n}"
  # The inputs of the largest graphs are big; keep only the figures.
  rm -rf "${out}/csv_${n}/edges.csv" "${out}/csv_${n}/nodes.csv"
done

step "bounded cost: pathological inputs at 1 and 4 MB (docs/RELIABILITY.md)"
"${bin}/pathological_bench" --sizes 1,4 --json "${out}/pathological.json" || fail "pathological_bench (nonlinear or slow?)"

step "report"
node tools/bench/report.mjs "${out}" || fail "report"
