#include "query/export.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "graph/store/store.h"
#include "query/export_formats.h"
#include "tests/testing.h"
#include "tools/bench/query_fixture.h"

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

TEST_CASE("entity nodes list who names them, where and how often", "[query]") {
  std::string jsonl = FixtureExport();
  // Named in both sources, in review_a also in its reference list.
  CHECK(
      SourcesOf(NodeLine(jsonl, "drug:revumenib")) ==
      R"("sources":[)"
      R"({"source":"review_a","mentions":3,"in":"body","spans":[[120,129],[400,409],[980,989]]},)"
      R"({"source":"review_a","mentions":1,"in":"references","spans":[[5200,5209]]},)"
      R"({"source":"review_b","mentions":1,"in":"body","spans":[[30,39]]}],"format":2})");
  // Named only in review_b's reference list: no body object.
  CHECK(SourcesOf(NodeLine(jsonl, "gene:TP53")) ==
        R"("sources":[{"source":"review_b","mentions":1,"in":"references",)"
        R"("spans":[[2040,2044]]}],"format":2})");
  // Implied by review_a's facts (a fusion partner), never named on its own.
  CHECK(
      SourcesOf(NodeLine(jsonl, "gene:AFF1")) ==
      R"("sources":[{"source":"review_a","mentions":0,"in":"body","spans":[]}],"format":2})");
  // Source and reference nodes carry no such list.
  CHECK(SourcesOf(NodeLine(jsonl, "source:review_a")).empty());
  CHECK(SourcesOf(NodeLine(jsonl, "reference:review_a#3")).empty());
}

// The line of `jsonl` starting with `prefix`, or "" when there is none.
std::string LineStarting(const std::string& jsonl, const std::string& prefix) {
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

TEST_CASE("list attributes export as before: arrays, and joined in attributes",
          "[query]") {
  graph::SourceData d;
  d.source.id = "s";
  d.source.content_hash = "h";
  graph::Entity trial;
  trial.id = "trial:NCT01234567";
  trial.kind = graph::EntityKind::kTrial;
  trial.label = "NCT01234567";
  trial.aliases = {"KESTREL"};
  trial.attributes = {{"phase", "2"}};
  // An item holding '|' stays one item in "names"; "attributes" keeps the
  // joined form the JSONL contract has always had.
  trial.list_attributes = {{"names", {"KESTREL", "K|2"}},
                           {"registry_ids", {"NCT01234567"}}};
  d.entities = {trial};
  graph::Fact f;
  f.subject = "trial:NCT01234567";
  f.predicate = std::string(graph::pred::kOutcome);
  f.object = "condition:X";
  f.attributes = {{"drug", "revumenib"}, {"measure", "CR"}};
  f.list_attributes = {{"drugs", {"revumenib", "venetoclax"}}};
  f.id = graph::ComputeFactId(f);
  d.facts = {f};
  // The fact id of the joined string the model held before.
  graph::Fact joined = f;
  joined.list_attributes.clear();
  joined.attributes["drugs"] = "revumenib + venetoclax";
  CHECK(graph::ComputeFactId(joined) == f.id);

  testing::TempDir tmp;
  auto store = graph::Store::Open(tmp.Sub("db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->PutSource(d).ok());
  std::ostringstream out;
  REQUIRE(ExportJsonl(**store, out).ok());
  std::string node = NodeLine(out.str(), "trial:NCT01234567");
  CHECK(
      node.substr(0, node.find(",\"sources\":")) ==
      R"({"type":"node","id":"trial:NCT01234567","kind":"trial","label":"NCT01234567",)"
      R"("aliases":["KESTREL"],"names":["KESTREL","K|2"],"registry_ids":["NCT01234567"],)"
      R"("phase":"2","status":null,"sponsor":null,)"
      R"("attributes":{"names":"KESTREL|K|2","phase":"2","registry_ids":"NCT01234567"})");
  std::string edge = LineStarting(out.str(), R"({"type":"edge",)");
  CHECK(edge.substr(0, edge.find(",\"evidence\":")) ==
        R"({"type":"edge","id":")" + f.id +
            R"(","subject":"trial:NCT01234567","predicate":"reports_outcome",)"
            R"("object":"condition:X","attributes":{"drug":"revumenib",)"
            R"("drugs":"revumenib + venetoclax","measure":"CR"})");
}

TEST_CASE("KGX and GraphML carry who names an entity", "[query]") {
  testing::TempDir tmp;
  auto store = graph::Store::Open(tmp.Sub("db"));
  REQUIRE(store.ok());
  for (const graph::SourceData& data : testing::QueryFixture()) {
    REQUIRE((*store)->PutSource(data).ok());
  }
  std::ostringstream nodes, edges, graphml;
  REQUIRE(ExportKgx(**store, nodes, edges).ok());
  REQUIRE(ExportGraphml(**store, graphml).ok());
  auto line_of = [](const std::string& text, const std::string& start) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(start, 0) == 0) return line;
    }
    return std::string();
  };
  CHECK(
      line_of(nodes.str(), "id\t") ==
      "id\tcategory\tname\tsynonym\txref\tprovided_by\tlitgraph_kind\tlitgraph_sources");
  CHECK(line_of(nodes.str(), "drug:revumenib\t") ==
        "drug:revumenib\tbiolink:Drug\trevumenib\tSNDX-5613\t\tinfores:litgraph\tdrug\t"
        "review_a:body:3|review_a:references:1|review_b:body:1");
  CHECK(line_of(nodes.str(), "gene:TP53\t") ==
        "gene:TP53\tbiolink:Gene\tTP53\tp53\t\tinfores:litgraph\tgene\t"
        "review_b:references:1");
  std::string xml = graphml.str();
  CHECK(
      xml.find(
          R"(<key id="named_in" for="node" attr.name="named_in" attr.type="string"/>)") !=
      std::string::npos);
  CHECK(xml.find("<data key=\"named_in\">review_b:references:1</data>") !=
        std::string::npos);
  CHECK(xml.find("<data key=\"named_in\">review_a:body:3 | review_a:references:1 | "
                 "review_b:body:1</data>") != std::string::npos);
}

TEST_CASE("a review's own identifiers and its references' reach every export",
          "[query]") {
  std::vector<graph::SourceData> fixture = testing::QueryFixture();
  graph::Source& review = fixture[0].source;
  REQUIRE(review.id == "review_a");
  review.pmid = "31000001";
  review.doi = "10.1000/Review.A";
  review.pmcid = "PMC7000001";
  review.license = "https://creativecommons.org/licenses/by/4.0/";
  graph::Reference& cited = fixture[0].references.at(1);
  REQUIRE(cited.n == "12");
  cited.pmid = "30000012";
  cited.doi = "10.1000/menin|x";  // a bar inside a DOI is escaped, not a cell separator
  testing::TempDir tmp;
  auto store = graph::Store::Open(tmp.Sub("db"));
  REQUIRE(store.ok());
  for (const graph::SourceData& data : fixture) REQUIRE((*store)->PutSource(data).ok());

  std::ostringstream jsonl;
  REQUIRE(ExportJsonl(**store, jsonl).ok());
  std::string node = NodeLine(jsonl.str(), "source:review_a");
  CHECK(node.find(R"("doi":"10.1000/Review.A","pmid":"31000001","pmcid":"PMC7000001",)"
                  R"("license":"https://creativecommons.org/licenses/by/4.0/",)") !=
        std::string::npos);
  // review_b gives none of them: null, as the other absent fields.
  CHECK(NodeLine(jsonl.str(), "source:review_b")
            .find(R"("pmid":null,"pmcid":null,"license":null)") != std::string::npos);

  std::ostringstream nodes, edges;
  REQUIRE(ExportKgx(**store, nodes, edges).ok());
  std::istringstream in(edges.str());
  std::string line, row;
  while (std::getline(in, line)) {
    if (line.find("KMT2A-r cells need menin") != std::string::npos) row = line;
  }
  REQUIRE(!row.empty());
  // The review's PMID and DOI, then those of its reference 12.
  CHECK(
      row.find(
          "\tPMID:31000001|DOI:10.1000/Review.A|PMID:30000012|DOI:10.1000/menin%7Cx\t") !=
      std::string::npos);
  CHECK(row.find("doi:") == std::string::npos);
}

}  // namespace
}  // namespace lg::query
