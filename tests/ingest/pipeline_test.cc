// Pipeline::ExtractBytes end to end on texts of our own: what a source
// contributes, here its mentions (ingest/mentions.h).
#include "ingest/pipeline.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::ingest {
namespace {

const Pipeline& SharedPipeline() {
  static auto pipeline = Pipeline::Create(testing::DataDir());
  REQUIRE(pipeline.ok());
  return **pipeline;
}

const graph::Entity* Find(const graph::SourceData& data, const std::string& id) {
  for (const graph::Entity& e : data.entities) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

// "[begin,end)" of the n-th occurrence (0-based) of `what` in `text`.
std::string SpanOf(const std::string& text, const std::string& what, int n) {
  size_t at = text.find(what);
  for (int i = 0; i < n && at != std::string::npos; ++i) at = text.find(what, at + 1);
  REQUIRE(at != std::string::npos);
  return "[" + std::to_string(at) + "," + std::to_string(at + what.size()) + ")";
}

// A curly quote (3 bytes, 1 once normalised) before the second mention: the
// spans must still be offsets into the bytes as read.
const std::string kText =
    "Menin inhibitors\n\n"
    "Revumenib induced remissions in KMT2A-r leukemia [1]. Patients said "
    "\xE2\x80\x9CRevumenib\xE2\x80\x9D was easy to take, and revumenib is oral [2].\n\n"
    "References\n\n"
    "1. Roe B. Revumenib trial. Nature. 2023;2:3-4.\n"
    "2. Poe C. Venetoclax in infants (NCT01234567). Lancet. 2022;3:5-6.\n";

TEST_CASE("every entity carries its mentions in the body and the reference list",
          "[ingest]") {
  auto data = SharedPipeline().ExtractBytes("test.txt", kText, {});
  REQUIRE(data.ok());
  const graph::Entity* revumenib = Find(*data, "drug:revumenib");
  REQUIRE(revumenib != nullptr);
  REQUIRE(revumenib->sources.size() == 1);
  CHECK(revumenib->sources[0].DebugString() ==
        "test body=3 " + SpanOf(kText, "Revumenib", 0) + " " +
            SpanOf(kText, "Revumenib", 1) + " " + SpanOf(kText, "revumenib", 0) +
            " references=1 " + SpanOf(kText, "Revumenib", 2) +
            " \"Revumenib induced remissions in KMT2A-r leukemia [1].\"");
  // Every entity has its source's summary; entities of the body are not
  // counted as reference-list mentions unless an entry names them.
  for (const graph::Entity& e : data->entities) {
    INFO(e.id);
    REQUIRE(e.sources.size() == 1);
    CHECK(e.sources[0].source == "test");
  }
  const graph::Entity* kmt2a_r = Find(*data, "fusion:KMT2A::?");
  REQUIRE(kmt2a_r != nullptr);
  CHECK(kmt2a_r->sources[0].body == 1);
  CHECK(kmt2a_r->sources[0].references == 0);
}

TEST_CASE("an entity named only in the reference list is recorded as such", "[ingest]") {
  auto data = SharedPipeline().ExtractBytes("test.txt", kText, {});
  REQUIRE(data.ok());
  const graph::Entity* venetoclax = Find(*data, "drug:venetoclax");
  REQUIRE(venetoclax != nullptr);
  CHECK(venetoclax->DebugString() ==
        "drug:venetoclax kind=drug label=venetoclax aliases=[Venetoclax] attrs={} {test "
        "body=0 references=1 " +
            SpanOf(kText, "Venetoclax", 0) +
            " \"2. Poe C. Venetoclax in infants (NCT01234567). Lancet. 2022;3:5-6.\"}");
  const graph::Entity* trial = Find(*data, "trial:NCT01234567");
  REQUIRE(trial != nullptr);
  CHECK(trial->List("registry_ids") == std::vector<std::string>{"NCT01234567"});
  CHECK(trial->attributes.count("registry_ids") == 0);
  CHECK(trial->sources[0].body == 0);
  CHECK(trial->sources[0].references == 1);
  // No fact is drawn from a reference entry.
  for (const graph::Fact& f : data->facts) {
    CHECK(f.subject != "drug:venetoclax");
    CHECK(f.object != "drug:venetoclax");
  }
  CHECK(data->source.counts.entities == data->entities.size());
}

TEST_CASE("a text without a reference list has no reference-list mentions", "[ingest]") {
  auto data = SharedPipeline().ExtractBytes(
      "plain.txt", "Venetoclax inhibits BCL2. Venetoclax is oral.\n", {});
  REQUIRE(data.ok());
  const graph::Entity* venetoclax = Find(*data, "drug:venetoclax");
  REQUIRE(venetoclax != nullptr);
  CHECK(venetoclax->sources[0].body == 2);
  CHECK(venetoclax->sources[0].references == 0);
  CHECK(venetoclax->sources[0].reference_spans.empty());
}

TEST_CASE("one study registered in several registries is one trial", "[ingest]") {
  // Both ids in one registration statement: one node, under the NCT id,
  // carrying the other id, and outcomes of "this trial" go to it.
  const std::string text =
      "Results\n\n"
      "The trial is registered with ISRCTN, number ISRCTN 12345678, and with "
      "ClinicalTrials.gov, number NCT07654321.\n\n"
      "Three-year overall survival was 61% with drug therapy.\n";
  auto data = SharedPipeline().ExtractBytes("reg.txt", text, {});
  REQUIRE(data.ok());
  CHECK(Find(*data, "trial:ISRCTN12345678") == nullptr);
  const graph::Entity* trial = Find(*data, "trial:NCT07654321");
  REQUIRE(trial != nullptr);
  CHECK(trial->List("registry_ids") ==
        std::vector<std::string>{"ISRCTN12345678", "NCT07654321"});

  // Two ids of one registry in one sentence are two trials.
  const std::string two =
      "Results\n\n"
      "The studies were registered as NCT07654321 and NCT07654322.\n";
  auto both = SharedPipeline().ExtractBytes("two.txt", two, {});
  REQUIRE(both.ok());
  CHECK(Find(*both, "trial:NCT07654321") != nullptr);
  CHECK(Find(*both, "trial:NCT07654322") != nullptr);
}

}  // namespace
}  // namespace lg::ingest
