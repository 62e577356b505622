// ingest_bench: ingest throughput on Google Benchmark.
//
//   ingest_bench [--db DIR] [--corpus DIR|FILE ...] [--benchmark_* flags]
//
// Corpus: every *.txt of each DIR plus each FILE; default the real reviews
// (LITGRAPH_CORPUS, else LG_DATA_DIR/../../shared/corpus). Benchmarks, all
// with SetBytesProcessed (MB/s in the "bytes_per_second" column):
//   BM_Extract    read -> split -> cite -> recognise -> relate, one file per
//                 iteration, 1 and 2 threads (real time; threads take the
//                 files in turn from one shared counter), counters
//                 *_ms_per_MB for the stages.
//   BM_Ingest     extract + PutSource into a fresh store under --db or
//                 $TMPDIR; counters facts, bytes_per_fact (on-disk size of
//                 the store / facts). Argument: sources per fsync. 1: each
//                 source synced alone; 16: group commit as `litgraph ingest`
//                 does by default (--sync-every 16; the last batch synced).
//   BM_ScanBound  one pass of RE2::Set(s) of every surface form of the lexicon
//                 (the recogniser's dictionary) over the same normalised
//                 text: the cost of a pure dictionary scan, for comparison
//                 with the recognise stage. Sharded when one set would not
//                 compile within max_mem (counter "shards").
#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "graph/store/store.h"
#include "ingest/document.h"
#include "ingest/pipeline.h"
#include "ingest/text.h"

namespace {

namespace fs = std::filesystem;
using lg::ingest::Pipeline;
using lg::ingest::StageTimes;

struct Config {
  std::string db;                  // parent of the benchmark stores
  std::vector<std::string> files;  // corpus, sorted
  std::vector<uint64_t> sizes;     // bytes of each file
  uint64_t bytes = 0;              // their total size
};

Config& Cfg() {
  static Config c;
  return c;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "ingest_bench: %s\n", what.c_str());
  std::exit(1);
}

const Pipeline& GetPipeline() {
  static std::unique_ptr<Pipeline> p = [] {
    const char* data = std::getenv("LITGRAPH_DATA_DIR");
    auto r = Pipeline::Create(data && *data ? data : LG_DATA_DIR);
    if (!r.ok()) Die(r.status().message());
    return std::move(r).value();
  }();
  return *p;
}

// Adds FILE, or every *.txt of DIR (sorted).
void AddCorpus(const std::string& arg, std::vector<std::string>* out) {
  std::error_code ec;
  if (fs::is_directory(arg, ec)) {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(arg, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".txt")
        found.push_back(e.path());
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) Die("corpus " + arg + ": no *.txt file in the directory");
    out->insert(out->end(), found.begin(), found.end());
  } else if (fs::is_regular_file(arg, ec)) {
    out->push_back(arg);
  } else {
    Die("corpus " + arg + ": not a file or directory");
  }
}

std::string DefaultCorpus() {
  const char* env = std::getenv("LITGRAPH_CORPUS");
  if (env && *env) return env;
  return std::string(LG_DATA_DIR) + "/../../shared/corpus";
}

void AddStages(const StageTimes& t, StageTimes* sum) {
  sum->read += t.read;
  sum->split += t.split;
  sum->recognise += t.recognise;
  sum->relate += t.relate;
  sum->write += t.write;
}

// One iteration extracts one file. All threads share one counter and take
// the next file of the list in turn (wrapping around), so with 2 threads the
// files are split between them as a work queue would split them. Throughput
// is total bytes over real time.
void BM_Extract(benchmark::State& state) {
  static std::atomic<size_t> next{0};
  const Pipeline& pipeline = GetPipeline();
  const Config& cfg = Cfg();
  StageTimes mine;
  uint64_t bytes = 0;
  for (auto _ : state) {
    size_t i = next.fetch_add(1, std::memory_order_relaxed) % cfg.files.size();
    StageTimes t;
    auto data = pipeline.Extract(cfg.files[i], {}, &t);
    if (!data.ok()) {
      state.SkipWithError(data.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(data->facts.data());
    bytes += cfg.sizes[i];
    AddStages(t, &mine);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  // Stage cost per MB of the bytes each thread extracted, averaged over the
  // threads.
  double mb = bytes / 1e6;
  if (mb > 0) {
    using C = benchmark::Counter;
    state.counters["read_ms_per_MB"] = C(mine.read / mb, C::kAvgThreads);
    state.counters["split_cite_ms_per_MB"] = C(mine.split / mb, C::kAvgThreads);
    state.counters["recognise_ms_per_MB"] = C(mine.recognise / mb, C::kAvgThreads);
    state.counters["relate_ms_per_MB"] = C(mine.relate / mb, C::kAvgThreads);
  }
}

uint64_t DirSize(const std::string& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

void BM_Ingest(benchmark::State& state) {
  const Pipeline& pipeline = GetPipeline();
  const int64_t sync_every = state.range(0);
  std::string parent = Cfg().db;
  if (parent.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    parent = tmp && *tmp ? tmp : "/tmp";
  }
  std::string dir = parent + "/ingest_bench_store." + std::to_string(::getpid());
  uint64_t bytes = 0;
  size_t facts = 0;
  uint64_t disk = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(dir);
    state.ResumeTiming();
    auto store = lg::graph::Store::Open(dir);
    if (!store.ok()) {
      state.SkipWithError(store.status().message().c_str());
      break;
    }
    facts = 0;
    lg::graph::GroupCommit commit(**store, static_cast<int>(sync_every));
    for (const std::string& f : Cfg().files) {
      auto data = pipeline.Extract(f, {});
      if (!data.ok()) {
        state.SkipWithError(data.status().message().c_str());
        return;
      }
      facts += data->facts.size();
      auto diff = commit.Put(*data);
      if (!diff.ok()) {
        state.SkipWithError(diff.status().message().c_str());
        return;
      }
    }
    if (auto s = commit.Finish(); !s.ok()) {
      state.SkipWithError(s.message().c_str());
      return;
    }
    bytes += Cfg().bytes;
    store->reset();  // close: flush what the store keeps open
    state.PauseTiming();
    disk = DirSize(dir);
    state.ResumeTiming();
  }
  fs::remove_all(dir);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["facts"] = static_cast<double>(facts);
  state.counters["bytes_per_fact"] = facts ? static_cast<double>(disk) / facts : 0.0;
  state.counters["store_bytes"] = static_cast<double>(disk);
}

// Every surface form of the lexicon (what the recogniser's dictionary
// holds), deduplicated.
std::vector<std::string> Surfaces(const lg::ingest::Lexicon& lx) {
  std::set<std::string> s;
  auto add = [&](const std::string& x) {
    if (!x.empty()) s.insert(x);
  };
  for (const auto& g : lx.genes()) {
    add(g.symbol);
    for (const auto& a : g.aliases) add(a);
  }
  for (const auto& o : lx.gene_overlay()) add(o.alias);
  for (const auto& f : lx.gene_families()) {
    add(f.id);
    for (const auto& a : f.aliases) add(a);
  }
  for (const auto& d : lx.drugs()) {
    add(d.name);
    for (const auto& a : d.aliases) add(a);
  }
  for (const auto& c : lx.drug_classes()) {
    add(c.name);
    for (const auto& a : c.aliases) add(a);
  }
  for (const auto& t : lx.trials()) {
    add(t.name);
    for (const auto& a : t.aliases) add(a);
  }
  for (const auto& c : lx.conditions()) {
    add(c.name);
    for (const auto& a : c.aliases) add(a);
  }
  for (const auto& k : lx.known_fusions()) {
    for (const auto& a : k.aliases) add(a);
  }
  for (const auto& p : lx.processes()) add(p);
  return {s.begin(), s.end()};
}

struct ScanSets {
  std::vector<std::unique_ptr<RE2::Set>> sets;
  size_t surfaces = 0;
};

// Tries to compile `surfaces` as one set; halves into shards until each
// compiles within max_mem.
bool Build(const std::vector<std::string>& surfaces, size_t begin, size_t end,
           const RE2::Options& opts, int depth, ScanSets* out) {
  auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  std::string err;
  for (size_t i = begin; i < end; ++i) {
    // Word-bounded literal: \b only where the surface starts or ends with a
    // word character (a surface like "t(4;11)" ends in ')').
    const std::string& s = surfaces[i];
    auto word = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    };
    std::string pat = (word(s.front()) ? "\\b" : "") + RE2::QuoteMeta(s) +
                      (word(s.back()) ? "\\b" : "");
    if (set->Add(pat, &err) < 0) Die("scan bound: pattern " + s + ": " + err);
  }
  if (set->Compile()) {
    out->sets.push_back(std::move(set));
    return true;
  }
  if (depth >= 6 || end - begin < 2) return false;
  size_t mid = begin + (end - begin) / 2;
  return Build(surfaces, begin, mid, opts, depth + 1, out) &&
         Build(surfaces, mid, end, opts, depth + 1, out);
}

const ScanSets& GetScanSets() {
  static ScanSets s = [] {
    ScanSets out;
    std::vector<std::string> surfaces = Surfaces(GetPipeline().lexicon());
    out.surfaces = surfaces.size();
    RE2::Options opts;
    opts.set_max_mem(int64_t{1} << 30);
    opts.set_log_errors(false);
    if (!Build(surfaces, 0, surfaces.size(), opts, 0, &out)) {
      Die("scan bound: the lexicon does not compile into RE2::Sets within 1 GiB");
    }
    return out;
  }();
  return s;
}

// The normalised text of each file, as the recogniser reads it.
const std::vector<std::string>& NormalisedTexts() {
  static std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    for (const std::string& f : Cfg().files) {
      auto t = lg::ingest::ReadText(f);
      if (!t.ok()) Die(t.status().message());
      out.push_back(t->normalized);
    }
    return out;
  }();
  return texts;
}

void BM_ScanBound(benchmark::State& state) {
  const ScanSets& scan = GetScanSets();
  const std::vector<std::string>& texts = NormalisedTexts();
  uint64_t bytes = 0;
  size_t hits = 0;
  std::vector<int> matched;
  for (auto _ : state) {
    hits = 0;
    for (const std::string& t : texts) {
      for (const auto& set : scan.sets) {
        matched.clear();
        set->Match(t, &matched);
        hits += matched.size();
      }
      bytes += t.size();
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["surfaces"] = static_cast<double>(scan.surfaces);
  state.counters["shards"] = static_cast<double>(scan.sets.size());
  state.counters["patterns_hit"] = static_cast<double>(hits);
}

}  // namespace

BENCHMARK(BM_Extract)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ingest)->Arg(1)->Arg(16)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanBound)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  // Our flags first; the rest goes to Google Benchmark.
  std::vector<char*> rest = {argv[0]};
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) {
      Cfg().db = argv[++i];
    } else if (a == "--corpus") {
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
        corpus.push_back(argv[++i]);
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (corpus.empty()) corpus.push_back(DefaultCorpus());
  for (const std::string& c : corpus) AddCorpus(c, &Cfg().files);
  for (const std::string& f : Cfg().files) {
    Cfg().sizes.push_back(fs::file_size(f));
    Cfg().bytes += Cfg().sizes.back();
  }
  // Warm-up: one extraction of every file, so that lazily built state (the
  // function-local static RE2s of ingest/) is not charged to the first
  // iteration, and a bad file fails here with its message.
  for (const std::string& f : Cfg().files) {
    auto data = GetPipeline().Extract(f, {});
    if (!data.ok()) Die(data.status().message());
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 2;
  benchmark::AddCustomContext("corpus_files", std::to_string(Cfg().files.size()));
  benchmark::AddCustomContext("corpus_bytes", std::to_string(Cfg().bytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
