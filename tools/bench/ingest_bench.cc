// ingest_bench: end-to-end ingest throughput on real files, one thread.
//   ingest_bench [--runs N] [--db DIR] FILE...
// Each run extracts every FILE (read -> split -> cite -> recognise -> relate)
// and, with --db, writes it into a fresh store under DIR (one WriteBatch per
// source). Prints MB/s over the best and the median run and the split by
// stage of the median run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "graph/store/store.h"
#include "ingest/pipeline.h"

namespace {

struct RunResult {
  double ms = 0;
  lg::ingest::StageTimes stages;
};

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  std::string db;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else {
      files.push_back(a);
    }
  }
  if (files.empty() || runs < 1) {
    std::fprintf(stderr, "usage: ingest_bench [--runs N] [--db DIR] FILE...\n");
    return 2;
  }
  const char* data = std::getenv("LITGRAPH_DATA_DIR");
  auto pipeline = lg::ingest::Pipeline::Create(data && *data ? data : LG_DATA_DIR);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "ingest_bench: %s\n", pipeline.status().message().c_str());
    return 1;
  }
  uint64_t bytes = 0;
  for (const auto& f : files) bytes += std::filesystem::file_size(f);

  std::vector<RunResult> results;
  for (int r = 0; r < runs; ++r) {
    std::unique_ptr<lg::graph::Store> store;
    std::string dir = db.empty() ? "" : db + "/run" + std::to_string(r);
    if (!db.empty()) {
      std::filesystem::remove_all(dir);
      auto s = lg::graph::Store::Open(dir);
      if (!s.ok()) {
        std::fprintf(stderr, "ingest_bench: %s\n", s.status().message().c_str());
        return 1;
      }
      store = std::move(s).value();
    }
    RunResult rr;
    auto start = std::chrono::steady_clock::now();
    for (const auto& f : files) {
      lg::ingest::StageTimes t;
      auto extracted = (*pipeline)->Extract(f, {}, &t);
      if (!extracted.ok()) {
        std::fprintf(stderr, "ingest_bench: %s\n", extracted.status().message().c_str());
        return 1;
      }
      if (store) {
        auto w0 = std::chrono::steady_clock::now();
        auto diff = store->PutSource(*extracted);
        if (!diff.ok()) {
          std::fprintf(stderr, "ingest_bench: %s\n", diff.status().message().c_str());
          return 1;
        }
        t.write = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count();
      }
      rr.stages.read += t.read;
      rr.stages.split += t.split;
      rr.stages.recognise += t.recognise;
      rr.stages.relate += t.relate;
      rr.stages.write += t.write;
    }
    rr.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    results.push_back(rr);
    store.reset();
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
  std::sort(results.begin(), results.end(),
            [](const RunResult& a, const RunResult& b) { return a.ms < b.ms; });
  const RunResult& best = results.front();
  const RunResult& median = results[results.size() / 2];
  double mb = bytes / 1e6;
  std::printf("files %zu, %.3f MB, runs %d, %s\n", files.size(), mb, runs,
              db.empty() ? "extract only" : "extract + write");
  std::printf("best   %8.2f ms  %7.2f MB/s\n", best.ms, mb / (best.ms / 1e3));
  std::printf("median %8.2f ms  %7.2f MB/s\n", median.ms, mb / (median.ms / 1e3));
  const auto& s = median.stages;
  std::printf("median stages (ms): read %.2f  split+cite %.2f  recognise %.2f  relate %.2f  write %.2f\n",
              s.read, s.split, s.recognise, s.relate, s.write);
  return 0;
}
