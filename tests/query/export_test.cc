#include "query/export.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "graph/store/store.h"
#include "tests/query/query_fixture.h"
#include "tests/testing.h"

namespace lg::query {
namespace {

// The export of the query fixture, stored in a fresh store.
std::string FixtureExport() {
  testing::TempDir tmp;
  auto store = graph::Store::Open(tmp.Sub("db"));
  REQUIRE(store.ok());
  for (const graph::SourceData& data : testing::QueryFixture()) {
    REQUIRE((*store)->PutSource(data).ok());
  }
  std::ostringstream out;
  REQUIRE(ExportJsonl(**store, out).ok());
  return out.str();
}

// The export line of node `id`, or "" when there is none.
std::string NodeLine(const std::string& jsonl, const std::string& id) {
  std::istringstream in(jsonl);
  std::string line;
  const std::string key = "{\"type\":\"node\",\"id\":\"" + id + "\",";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return line;
  }
  return "";
}

std::string SourcesOf(const std::string& line) {
  size_t at = line.find(",\"sources\":");
  return at == std::string::npos ? "" : line.substr(at + 1);
}

TEST_CASE("entity nodes list the sources that have a record of them", "[query]") {
  std::string jsonl = FixtureExport();
  // Named by both sources.
  CHECK(SourcesOf(NodeLine(jsonl, "gene:MEN1")) ==
        R"("sources":[{"source":"review_a"},{"source":"review_b"}]})");
  // Named by one source, with no fact at all.
  CHECK(SourcesOf(NodeLine(jsonl, "gene:TP53")) == R"("sources":[{"source":"review_b"}]})");
  CHECK(SourcesOf(NodeLine(jsonl, "gene:AFF1")) == R"("sources":[{"source":"review_a"}]})");
  // Source and reference nodes carry no such list.
  CHECK(SourcesOf(NodeLine(jsonl, "source:review_a")).empty());
  CHECK(SourcesOf(NodeLine(jsonl, "reference:review_a#3")).empty());
}

}  // namespace
}  // namespace lg::query
