// Acceptance: ingest both review texts of ../shared/corpus into a fresh store,
// score them with the code behind `litgraph eval` (the rules of
// ../shared/tools/score.py) against ../shared/gold, print the tables, and hold
// the thresholds of `score.py --thresholds seeds`; the same for the texts of
// ../shared/dev and score.py's dev thresholds.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>

#include "graph/store/store.h"
#include "ingest/pipeline.h"
#include "query/eval.h"
#include "tests/testing.h"

namespace {

using lg::testing::DataDir;
using lg::testing::SharedDir;
using lg::testing::TempDir;

const char* kSources[] = {"000_4ae7b0927be87e20", "002_b349d65e17dedb88"};

// Ingests `texts` into a fresh store and scores it against `golds` with the
// code behind `litgraph eval`; prints the tables.
lg::query::EvalRun IngestAndEvaluate(const std::vector<std::string>& texts,
                                     const std::vector<std::string>& golds,
                                     const std::string& name) {
  TempDir tmp;
  auto store = lg::graph::Store::Open(tmp.Sub("db"));
  REQUIRE(store.ok());
  auto pipeline = lg::ingest::Pipeline::Create(DataDir());
  REQUIRE(pipeline.ok());
  for (const std::string& path : texts) {
    auto result = (*pipeline)->Run(**store, path, {});
    INFO(result.status().ToString());
    REQUIRE(result.ok());
  }
  auto ex = lg::query::EvalExport::FromStore(**store);
  REQUIRE(ex.ok());
  auto run = lg::query::Evaluate(**ex, golds);
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  run->export_name = name;
  std::cout << lg::query::FormatEvalRun(*run, 1) << run->TotalLine() << "\n";
  return std::move(*run);
}

// The shortfalls of `run` against score.py's threshold set `name`, printed.
std::vector<std::string> Shortfalls(const lg::query::EvalRun& run,
                                    const std::string& name) {
  auto shortfalls = lg::query::EvalShortfalls(run, name);
  REQUIRE(shortfalls.ok());
  for (const auto& s : *shortfalls)
    std::cout << "short of score.py's " << name << ": " << s << "\n";
  return *shortfalls;
}

}  // namespace

TEST_CASE("extraction meets score.py's seed thresholds on the two reviews",
          "[acceptance]") {
  std::vector<std::string> texts, golds;
  for (const char* id : kSources) {
    texts.push_back(SharedDir() + "/corpus/" + id + ".txt");
    golds.push_back(SharedDir() + "/gold/" + id + ".json");
  }
  lg::query::EvalRun run = IngestAndEvaluate(texts, golds, "acceptance store");
  // Every reference parsed with first author, title, journal and year (web
  // entries: url or registry id), in each text.
  for (const auto& text : run.texts) {
    const auto* refs = text.Find("references");
    REQUIRE(refs != nullptr);
    INFO(text.source);
    CHECK(refs->matched == refs->gold);
    CHECK(text.references.author_year == text.references.entries - text.references.web);
  }
  CHECK(Shortfalls(run, "seeds").empty());
}

// The texts of ../shared/dev (other cancers and house styles) against their
// gold: issue 12's entity thresholds (score.py's dev-entities) and issue
// 13's fact thresholds (dev-facts: targets, outcomes in percent and in
// months, reference links) in full.
TEST_CASE("extraction meets score.py's dev thresholds on ../shared/dev", "[acceptance]") {
  std::vector<std::string> texts, golds;
  for (const auto& entry :
       std::filesystem::directory_iterator(SharedDir() + "/dev/texts")) {
    if (entry.path().extension() != ".txt") continue;
    texts.push_back(entry.path().string());
    golds.push_back(SharedDir() + "/dev/gold/" + entry.path().stem().string() + ".json");
  }
  std::sort(texts.begin(), texts.end());
  std::sort(golds.begin(), golds.end());
  REQUIRE(texts.size() >= 6);
  lg::query::EvalRun run = IngestAndEvaluate(texts, golds, "dev store");
  CHECK(Shortfalls(run, "dev-entities").empty());
  CHECK(Shortfalls(run, "dev-facts") == std::vector<std::string>{});
}
