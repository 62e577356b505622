// query_bench: latency of query::Agents, warm, in process.
//   query_bench [--db DIR] [TARGET] [RUNS]
// Without --db it uses the hand-made test fixture (tools/bench/query_fixture.h)
// put into a fresh store under $TMPDIR. Prints p50/p99/max in microseconds.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "graph/store/store.h"
#include "query/engine.h"
#include "tools/bench/bench_stats.h"
#include "tools/bench/query_fixture.h"

int main(int argc, char** argv) {
  std::string db, target = "KMT2A::AFF1";
  int runs = 1000;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else {
      rest.push_back(a);
    }
  }
  if (!rest.empty()) target = rest[0];
  if (rest.size() > 1) runs = std::atoi(rest[1].c_str());
  std::string temp;
  if (db.empty()) {
    const char* base = std::getenv("TMPDIR");
    temp = std::string(base && *base ? base : "/tmp") + "/query_bench_" +
           std::to_string(getpid());
    db = temp;
    auto store = lg::graph::Store::Open(db);
    if (!store.ok()) {
      std::fprintf(stderr, "query_bench: %s\n", store.status().message().c_str());
      return 1;
    }
    for (const auto& d : lg::testing::QueryFixture()) {
      if (auto r = (*store)->PutSource(d); !r.ok()) {
        std::fprintf(stderr, "query_bench: %s\n", r.status().message().c_str());
        return 1;
      }
    }
  }
  int rc = 0;
  {
    lg::graph::StoreOptions options;
    options.read_only = true;
    options.create_if_missing = false;
    auto store = lg::graph::Store::Open(db, options);
    if (!store.ok()) {
      std::fprintf(stderr, "query_bench: %s\n", store.status().message().c_str());
      return 1;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto engine = lg::query::Engine::Open(store->get());
    auto t1 = std::chrono::steady_clock::now();
    if (!engine.ok()) {
      std::fprintf(stderr, "query_bench: %s\n", engine.status().message().c_str());
      return 1;
    }
    std::vector<double> micros;
    size_t agents = 0;
    for (int i = 0; i < runs + 10; ++i) {  // 10 warm-up runs
      auto s = std::chrono::steady_clock::now();
      auto r = lg::query::Agents((*engine)->view(), target);
      auto e = std::chrono::steady_clock::now();
      if (!r.ok()) {
        std::fprintf(stderr, "query_bench: %s\n", r.status().message().c_str());
        rc = 1;
        break;
      }
      agents = r->agents.size();
      if (i >= 10)
        micros.push_back(std::chrono::duration<double, std::micro>(e - s).count());
    }
    if (rc == 0 && !micros.empty()) {
      std::sort(micros.begin(), micros.end());
      std::printf(
          "view build %.1f ms (%zu vertices, %zu facts); Agents(%s): %zu agents, %d "
          "runs: "
          "p50 %.1f us, p99 %.1f us, max %.1f us\n",
          std::chrono::duration<double, std::milli>(t1 - t0).count(),
          (*engine)->view().num_vertices(), (*engine)->view().num_facts(), target.c_str(),
          agents, runs, lg::bench::Percentile(micros, 0.50),
          lg::bench::Percentile(micros, 0.99), micros.back());
    }
  }
  if (!temp.empty()) std::filesystem::remove_all(temp);
  return rc;
}
