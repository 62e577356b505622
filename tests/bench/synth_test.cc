#include "tools/bench/synth.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "graph/store/store.h"
#include "ingest/pipeline.h"
#include "tests/testing.h"

namespace lg::bench {
namespace {

const SynthLexicon& Lex() {
  static const SynthLexicon lex = [] {
    auto loaded = LoadSynthLexicon(lg::testing::DataDir());
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return lex;
}

TEST_CASE("Rng is splitmix64", "[bench]") {
  // The reference sequence of splitmix64 (Vigna) from state 0.
  Rng rng(0);
  CHECK(rng.Next() == 0xE220A8397B1DCDAFULL);
  CHECK(rng.Next() == 0x6E789E6AA1B965F4ULL);
  CHECK(rng.Next() == 0x06C45D188009454FULL);
}

TEST_CASE("Rng ranges", "[bench]") {
  Rng rng(7);
  struct Case {
    uint64_t lo, hi;
  };
  for (Case c : {Case{0, 0}, Case{3, 3}, Case{5, 9}, Case{10, 2}}) {
    for (int i = 0; i < 200; ++i) {
      uint64_t v = rng.Between(c.lo, c.hi);
      CHECK(v >= c.lo);
      CHECK(v <= std::max(c.lo, c.hi));
    }
  }
  CHECK(rng.Below(0) == 0);
  // Skewed(n, 3): index 0 holds about n^(-1/3) of the draws (0.1 for n=1000).
  int zeros = 0;
  for (int i = 0; i < 20000; ++i) {
    uint64_t v = rng.Skewed(1000, 3);
    REQUIRE(v < 1000);
    zeros += v == 0;
  }
  CHECK(zeros > 1600);
  CHECK(zeros < 2400);
}

TEST_CASE("LoadSynthLexicon names the file of a short line", "[bench]") {
  lg::testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("lexicon"));
  lg::testing::WriteFile(dir.Sub("lexicon/genes.tsv"), "# header\nKMT2A\tMLL\n");
  auto lex = LoadSynthLexicon(dir.path());
  REQUIRE_FALSE(lex.ok());
  CHECK(lex.status().message() ==
        "bench/synth: " + dir.path() +
            "/lexicon/genes.tsv line 2: expected 4 columns, got 2");
  auto missing = LoadSynthLexicon(dir.Sub("nowhere"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kIOError);
}

TEST_CASE("GenerateDocument is deterministic and sized", "[bench]") {
  SynthDocument a = GenerateDocument(Lex(), 42, 50000);
  SynthDocument b = GenerateDocument(Lex(), 42, 50000);
  SynthDocument c = GenerateDocument(Lex(), 43, 50000);
  CHECK(a.text == b.text);
  CHECK(a.planted.fusions == b.planted.fusions);
  CHECK(a.text != c.text);
  for (size_t size : {8000, 50000, 200000}) {
    SynthDocument d = GenerateDocument(Lex(), size, size);
    INFO("target " << size);
    CHECK(d.text.size() > size * 9 / 10);
    CHECK(d.text.size() < size * 11 / 10);
    CHECK(d.text.find("\nReferences\n\n1. ") != std::string::npos);
    CHECK(d.text.find("\nAgent\tTarget\tTrial\tPhase\n") != std::string::npos);
  }
}

TEST_CASE("WriteCorpus writes about the requested bytes", "[bench]") {
  lg::testing::TempDir dir;
  auto stats = WriteCorpus(Lex(), 5, 300000, 50000, dir.Sub("c"));
  REQUIRE(stats.ok());
  CHECK(stats->files == 6);
  CHECK(stats->bytes > 270000);
  CHECK(stats->bytes < 330000);
  std::string first = lg::testing::ReadFileOrDie(dir.Sub("c/synth_000000.txt"));
  std::string last = lg::testing::ReadFileOrDie(dir.Sub("c/synth_000005.txt"));
  CHECK(first == GenerateDocument(Lex(), Mix(5, 0), 50000).text);
  CHECK(last == GenerateDocument(Lex(), Mix(5, 5), 50000).text);
  CHECK_FALSE(std::filesystem::exists(dir.Sub("c/synth_000006.txt")));
  auto zero = WriteCorpus(Lex(), 5, 1000, 0, dir.Sub("d"));
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.status().message() == "bench/synth: document size is 0");
}

// What ingest extracted, in Planted's terms.
Planted Found(const graph::SourceData& data) {
  Planted found;
  for (const graph::Entity& e : data.entities) {
    if (e.kind == graph::EntityKind::kFusion) found.fusions.insert(e.id);
    if (e.kind == graph::EntityKind::kTrial) found.trials.insert(e.id);
  }
  for (const graph::Fact& f : data.facts) {
    if (graph::IsTargetPredicate(f.predicate)) {
      found.targets.insert(f.subject + " " + f.predicate + " " + f.object);
    }
    if (f.predicate == graph::pred::kOutcome) {
      auto m = f.attributes.find("measure");
      auto v = f.attributes.find("value");
      if (m != f.attributes.end() && v != f.attributes.end()) {
        found.outcomes.insert(m->second + " " + v->second);
      }
    }
  }
  return found;
}

std::vector<std::string> Missing(const std::set<std::string>& planted,
                                 const std::set<std::string>& found) {
  std::vector<std::string> out;
  std::set_difference(planted.begin(), planted.end(), found.begin(), found.end(),
                      std::back_inserter(out));
  return out;
}

TEST_CASE("ingest finds what the generator planted", "[bench]") {
  auto pipeline = ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  std::set<bool> superscripts;  // both citation styles are covered
  for (uint64_t seed : {1, 2, 3, 4}) {
    SynthDocument doc = GenerateDocument(Lex(), seed, 30000);
    INFO("seed " << seed);
    superscripts.insert(doc.text.find("\xC2\xA0") != std::string::npos);
    REQUIRE(!doc.planted.fusions.empty());
    REQUIRE(!doc.planted.targets.empty());
    REQUIRE(!doc.planted.trials.empty());
    REQUIRE(!doc.planted.outcomes.empty());
    ingest::IngestOptions options;
    options.source_id = "synth";
    auto data = (*pipeline)->ExtractBytes("synth.txt", doc.text, options);
    REQUIRE(data.ok());
    Planted found = Found(*data);
    CHECK(Missing(doc.planted.fusions, found.fusions) == std::vector<std::string>{});
    CHECK(Missing(doc.planted.targets, found.targets) == std::vector<std::string>{});
    CHECK(Missing(doc.planted.trials, found.trials) == std::vector<std::string>{});
    CHECK(Missing(doc.planted.outcomes, found.outcomes) == std::vector<std::string>{});
    // The reference list parses whole.
    CHECK(data->references.size() == 33);  // clamp(30000 / 900, 20, 400)
  }
  CHECK(superscripts == std::set<bool>{false, true});
}

TEST_CASE("GraphSynth sources are deterministic, valid and bounded", "[bench]") {
  GraphOptions options;
  options.seed = 9;
  options.edges = 4000;
  options.min_source_facts = 800;
  options.max_source_facts = 1200;
  GraphSynth synth(Lex(), options);
  graph::SourceData s0 = synth.MakeSource(0);
  graph::SourceData again = synth.MakeSource(0);
  graph::SourceData s1 = synth.MakeSource(1);
  CHECK(s0.source.id == "synth_9_000000");
  CHECK(s1.source.id == "synth_9_000001");
  REQUIRE(s0.facts.size() == again.facts.size());
  for (size_t i = 0; i < s0.facts.size(); ++i) {
    CHECK(s0.facts[i].DebugString() == again.facts[i].DebugString());
  }
  CHECK(s0.facts.size() >= 800);
  CHECK(s0.facts.size() <= 1200);
  CHECK(s0.source.counts.facts == s0.facts.size());

  lg::testing::TempDir dir;
  auto store = graph::Store::Open(dir.Sub("db"));
  REQUIRE(store.ok());
  std::map<std::string, uint64_t> degree;
  uint64_t i = 0;
  for (;; ++i) {
    auto totals = (*store)->GetTotals();
    REQUIRE(totals.ok());
    if (totals->facts >= options.edges) break;
    graph::SourceData s = synth.MakeSource(i);
    REQUIRE((*store)->PutSource(s).ok());
  }
  REQUIRE((*store)->Compact().ok());
  uint64_t edges = 0;
  REQUIRE((*store)
              ->ForEachFact([&](const graph::Fact& f) {
                ++edges;
                ++degree[f.subject];
                ++degree[f.object];
                return Status::Ok();
              })
              .ok());
  auto report = (*store)->Check();
  REQUIRE(report.ok());
  CHECK(report->faults == std::vector<std::string>{});
  CHECK(report->sources == i);
  CHECK(edges >= options.edges);
  graph::StoreOptions read_only;
  read_only.read_only = true;
  auto reader = graph::Store::Open(dir.Sub("db"), read_only);
  REQUIRE(reader.ok());
  Status compact = (*reader)->Compact();
  CHECK(compact.code() == Status::Code::kFailedPrecondition);
  CHECK(compact.message() ==
        "graph/store: " + dir.Sub("db") + " is open read-only; writes are not allowed");
  uint64_t max_degree = 0;
  for (const auto& [id, d] : degree) max_degree = std::max(max_degree, d);
  CHECK(max_degree * 10 < edges);  // no hub holds 10% of the edges
}

}  // namespace
}  // namespace lg::bench
