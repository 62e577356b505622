// Acceptance: ingest both review texts of ../shared/corpus into a fresh store,
// score them with the code behind `litgraph eval` against ../shared/gold, print
// the table, and hold the thresholds of the ingest issue.
#include <catch2/catch.hpp>
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

const lg::query::CategoryScore* Find(const lg::query::EvalReport& report,
                                     const std::string& name) {
  for (const auto& c : report.categories) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

struct Threshold {
  const char* category;
  double precision;  // 0: not checked
  double recall;
};

// The acceptance table of the ingest issue.
const Threshold kThresholds[] = {
    {"core genes", 0.90, 0.90},
    {"fusions", 0.0, 0.95},
    {"drugs", 0.90, 0.90},
    {"targets", 0.85, 0.95},
    {"trials (registry id)", 0.0, 1.0},
    {"trials (named)", 0.0, 0.90},
    {"outcomes", 0.90, 0.90},
};

}  // namespace

TEST_CASE("extraction meets the acceptance thresholds on the two reviews",
          "[acceptance]") {
  TempDir tmp;
  auto store = lg::graph::Store::Open(tmp.Sub("db"));
  REQUIRE(store.ok());
  auto pipeline = lg::ingest::Pipeline::Create(DataDir());
  REQUIRE(pipeline.ok());

  std::vector<lg::query::EvalReport> reports;
  for (const char* id : kSources) {
    auto result = (*pipeline)->Run(**store, SharedDir() + "/corpus/" + id + ".txt", {});
    INFO(result.status().ToString());
    REQUIRE(result.ok());
    auto data = (*store)->LoadSource(id);
    REQUIRE(data.ok());
    auto report = lg::query::Evaluate(*data, SharedDir() + "/gold/" + id + ".json");
    INFO(report.status().ToString());
    REQUIRE(report.ok());
    std::cout << "== " << id << "\n" << report->ToTable(false) << "\n";
    reports.push_back(std::move(report).value());

    // Every reference parsed with first author and year (web entries: url).
    const auto* refs = Find(reports.back(), "references");
    REQUIRE(refs != nullptr);
    CHECK(refs->gold_found == refs->gold_required);
  }
  lg::query::EvalReport all = lg::query::EvalReport::Merge(reports);
  std::cout << "== both texts\n" << all.ToTable(true) << "\n";

  for (const Threshold& t : kThresholds) {
    const auto* c = Find(all, t.category);
    INFO("category " << t.category);
    REQUIRE(c != nullptr);
    if (t.precision > 0) CHECK(c->precision() >= t.precision);
    CHECK(c->recall() >= t.recall);
  }
  // The share of matched facts whose citations are the gold numbers: the
  // "precision" column of the ref-link row.
  const auto* links = Find(all, "ref links");
  REQUIRE(links != nullptr);
  REQUIRE(links->tool_items >= 50);
  CHECK(links->precision() >= 0.95);
}
