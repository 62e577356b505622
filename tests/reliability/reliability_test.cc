// litgraph check: Store::Check on a clean store, then on stores corrupted on
// purpose through the raw-key test hooks, one fault kind at a time; and the
// `litgraph check` command's output and exit status.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "graph/store/coding.h"
#include "graph/store/store.h"
#include "graph/store/store_testing.h"
#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace {

using lg::graph::CheckReport;
using lg::graph::Store;
using lg::testing::Litgraph;
using lg::testing::Run;
using lg::testing::TempDir;

// A key from its components, as FORMAT.md writes them with '|'.
std::string K(std::string printable) {
  for (char& c : printable) {
    if (c == '|') c = '\0';
  }
  return printable;
}

// One source "src": drug:testinib inhibits gene:ABC1 (evidence citing [1] and
// [2]), gene:ABC1 fused_with... kept to one fact plus a second fact so that a
// deleted entity leaves a dangling endpoint.
lg::graph::SourceData SampleSource() {
  using namespace lg::graph;
  SourceData d;
  d.source.id = "src";
  d.source.path = "src.txt";
  d.source.content_hash = "h1";
  Entity drug;
  drug.id = "drug:testinib";
  drug.kind = EntityKind::kDrug;
  drug.label = "testinib";
  Entity gene;
  gene.id = "gene:ABC1";
  gene.kind = EntityKind::kGene;
  gene.label = "ABC1";
  d.entities = {drug, gene};
  Fact f;
  f.subject = "drug:testinib";
  f.predicate = "inhibits";
  f.object = "gene:ABC1";
  Evidence ev;
  ev.sentence = "Testinib inhibits ABC1 [1,2].";
  ev.begin = 10;
  ev.end = 39;
  ev.refs = {"1", "2"};
  ev.rule = "verb";
  f.evidence = {ev};
  f.id = ComputeFactId(f);
  d.facts = {f};
  Reference r1, r2;
  r1.n = "1";
  r1.raw = "First reference.";
  r2.n = "2";
  r2.raw = "Second reference.";
  d.references = {r1, r2};
  return d;
}

struct Fixture {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  std::string fact_id;
  Fixture() {
    auto store = Store::Open(db);
    REQUIRE(store.ok());
    lg::graph::SourceData d = SampleSource();
    fact_id = d.facts[0].id;
    REQUIRE((*store)->PutSource(d).ok());
  }
  CheckReport Check() const {
    auto store = Store::Open(db, {true, false});
    REQUIRE(store.ok());
    auto report = (*store)->Check();
    REQUIRE(report.ok());
    return *report;
  }
};

}  // namespace

TEST_CASE("check passes a clean store and counts what it holds", "[reliability]") {
  Fixture fx;
  CheckReport r = fx.Check();
  CHECK(r.faults.empty());
  CHECK(r.sources == 1);
  CHECK(r.entities == 2);
  CHECK(r.facts == 1);
  CHECK(r.edges == 1);
  CHECK(r.evidence == 1);
  CHECK(r.references == 2);
  // 3 meta + s + 2 n + 2 N + 2 a + f + p + F + e + o + i + 2 r.
  CHECK(r.keys == 18);
}

TEST_CASE("check reports each kind of corruption with an exact message",
          "[reliability]") {
  struct Case {
    std::string name;
    std::vector<std::string> deletes;                       // printable keys
    std::vector<std::pair<std::string, std::string>> puts;  // printable key, value
    std::vector<std::string> faults;  // expected, in order; FACT stands for the fact id
  };
  lg::graph::Evidence inverted;
  inverted.sentence = "x";
  inverted.begin = 9;
  inverted.end = 9;
  inverted.refs = {"1"};
  inverted.rule = "verb";
  lg::graph::Evidence cites_missing = inverted;
  cites_missing.begin = 0;
  cites_missing.refs = {"7"};
  lg::graph::coding::TotalsRecord wrong_totals{1, 2, 1, 1, 3};
  const std::vector<Case> cases = {
      {"an edge endpoint without an entity",
       {"n/gene:ABC1|src", "N/src|gene:ABC1", "a/abc1|gene:ABC1|src"},
       {{"meta/totals", lg::graph::coding::EncodeTotals({1, 1, 1, 1, 2})}},
       {"fact FACT: object 'gene:ABC1' has no entity record"}},
      {"a missing reverse edge",
       {"i/gene:ABC1|inhibits|drug:testinib|FACT"},
       {},
       {"fact FACT: in-edge i/gene:ABC1|inhibits|drug:testinib|FACT is missing"}},
      {"a missing forward edge",
       {"o/drug:testinib|inhibits|gene:ABC1|FACT"},
       {},
       {"fact FACT: out-edge o/drug:testinib|inhibits|gene:ABC1|FACT is missing"}},
      {"an edge that disagrees with its fact",
       {},
       {{"o/drug:testinib|binds|gene:ABC1|FACT", ""}},
       {"out-edge o/drug:testinib|binds|gene:ABC1|FACT: no fact record matches"}},
      {"a reverse edge without a fact",
       {},
       {{"i/gene:ABC1|inhibits|drug:testinib|f0000", ""}},
       {"in-edge i/gene:ABC1|inhibits|drug:testinib|f0000: no fact record matches"}},
      {"evidence citing a missing reference",
       {"r/src|2"},
       {{"meta/totals", lg::graph::coding::EncodeTotals({1, 2, 1, 1, 1})}},
       {"evidence e/FACT|src|00000000: cites reference [2] but r/src|2 is missing"}},
      {"evidence with an inverted span and an unknown reference",
       {},
       {{"e/FACT|src|00000000", lg::graph::coding::EncodeEvidence(inverted)},
        {"e/FACT|src|00000001", lg::graph::coding::EncodeEvidence(cites_missing)}},
       {"index F/src|FACT: counts 1 evidence records, found 2 (e/FACT|src|*)",
        "evidence e/FACT|src|00000000: span [9, 9) is empty or inverted",
        "evidence e/FACT|src|00000001: cites reference [7] but r/src|7 is missing",
        "meta/totals: evidence is 1, counted 2"}},
      {"a source record that is gone",
       {"s/src"},
       {{"meta/totals", lg::graph::coding::EncodeTotals({0, 2, 1, 1, 2})}},
       {"entity record n/drug:testinib|src: source 'src' is not stored",
        "entity record n/gene:ABC1|src: source 'src' is not stored",
        "support p/FACT|src: source 'src' is not stored",
        "evidence e/FACT|src|00000000: source 'src' is not stored",
        "reference r/src|1: source 'src' is not stored",
        "reference r/src|2: source 'src' is not stored"}},
      {"a per-source index out of step",
       {"F/src|FACT"},
       {},
       {"support p/FACT|src: index F/src|FACT is missing",
        "evidence e/FACT|src|*: index F/src|FACT is missing"}},
      {"a fact without support",
       {"p/FACT|src"},
       {},
       {"fact FACT: no source supports it (no p/FACT|* key)",
        "index F/src|FACT: support record p/FACT|src is missing"}},
      {"an entity index without its record",
       {"n/drug:testinib|src"},
       {{"meta/totals", lg::graph::coding::EncodeTotals({1, 1, 1, 1, 2})}},
       {"index N/src|drug:testinib: entity record n/drug:testinib|src is missing",
        "alias a/testinib|drug:testinib|src: entity record n/drug:testinib|src is "
        "missing",
        "fact FACT: subject 'drug:testinib' has no entity record"}},
      {"totals that do not match a recount",
       {},
       {{"meta/totals", lg::graph::coding::EncodeTotals(wrong_totals)}},
       {"meta/totals: references is 3, counted 2"}},
      {"an undecodable record and an unknown key",
       {},
       {{"f/FACT",
         "\x05"
         "ab"},
        {"zz/what", "x"}},
       {"graph/store: f/FACT: truncated string at offset 0", "unknown key zz/what",
        // The fact record no longer decodes, so its edges match no fact.
        "out-edge o/drug:testinib|inhibits|gene:ABC1|FACT: no fact record matches",
        "in-edge i/gene:ABC1|inhibits|drug:testinib|FACT: no fact record matches",
        "support p/FACT|src: fact record f/FACT is missing",
        "evidence e/FACT|src|00000000: fact record f/FACT is missing",
        "meta/totals: facts is 1, counted 0"}},
      {"a malformed key",
       {},
       {{"p/onlyone", ""}},
       {"malformed key p/onlyone: expected 2 non-empty components"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      Fixture fx;
      auto fill = [&](std::string s) {
        for (size_t pos; (pos = s.find("FACT")) != std::string::npos;) {
          s.replace(pos, 4, fx.fact_id);
        }
        return s;
      };
      for (const std::string& key : c.deletes) {
        REQUIRE(lg::graph::DeleteRawKeyForTesting(fx.db, K(fill(key))).ok());
      }
      for (const auto& [key, value] : c.puts) {
        REQUIRE(lg::graph::PutRawKeyForTesting(fx.db, K(fill(key)), value).ok());
      }
      std::vector<std::string> expected;
      for (const std::string& f : c.faults) expected.push_back(fill(f));
      CHECK(fx.Check().faults == expected);
    }
  }
}

// The scans the graph view reads name an undecodable record by its key (they
// spell the key out only when a record fails, not for every record).
TEST_CASE("entity and fact scans name the record that does not decode", "[reliability]") {
  Fixture fx;
  REQUIRE(lg::graph::PutRawKeyForTesting(fx.db, K("n/gene:ABC1|src"),
                                         std::string("\x0b\0\0\0", 4))
              .ok());
  REQUIRE(lg::graph::PutRawKeyForTesting(fx.db, K("f/" + fx.fact_id),
                                         "\x05"
                                         "ab")
              .ok());
  auto store = Store::Open(fx.db, {true, false});
  REQUIRE(store.ok());
  size_t seen = 0;
  lg::Status s = (*store)->ForEachEntity([&](lg::graph::Entity&) {
    ++seen;
    return lg::Status::Ok();
  });
  CHECK(s.code() == lg::Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: n/gene:ABC1|src: unknown entity kind 11");
  CHECK(seen == 1);  // drug:testinib sorts first and decodes
  s = (*store)->ForEachFactHeader([](lg::graph::Fact&) { return lg::Status::Ok(); });
  CHECK(s.code() == lg::Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: f/" + fx.fact_id + ": truncated string at offset 0");
}

TEST_CASE("litgraph check prints ok or one line per fault", "[reliability][cli]") {
  Fixture fx;
  Run r = Litgraph({"check", "--db", fx.db}, fx.tmp);
  INFO(r.err);
  CHECK(r.code == 0);
  // The image: one source written, generation 1; its size is the file's.
  const std::string image =
      "current (generation 1: 2 vertices, 1 facts, " +
      std::to_string(std::filesystem::file_size(fx.db + "/graph.image")) + " bytes)";
  CHECK(r.out ==
        "ok: 1 sources, 2 entities, 1 facts, 1 edges, 1 evidence, 2 references (18 "
        "keys)\nimage: " +
            image + "\n");
  CHECK(r.err.empty());

  r = Litgraph({"check", "--db", fx.db, "--json"}, fx.tmp);
  CHECK(r.code == 0);
  CHECK(r.out ==
        "{\"ok\":true,\"db\":\"" + fx.db +
            "\",\"counts\":{\"keys\":18,\"sources\":1,\"entities\":2,\"facts\":1,"
            "\"edges\":1,\"evidence\":1,\"references\":2},\"image\":\"" +
            image + "\",\"faults\":[]}\n");

  REQUIRE(lg::graph::DeleteRawKeyForTesting(fx.db, K("r/src|1")).ok());
  r = Litgraph({"check", "--db", fx.db}, fx.tmp);
  CHECK(r.code == 1);
  CHECK(r.out == "evidence e/" + fx.fact_id +
                     "|src|00000000: cites reference [1] but r/src|1 is missing\n"
                     "meta/totals: references is 2, counted 1\n");
  CHECK(r.err == "litgraph: check: 2 faults in " + fx.db + "\n");

  r = Litgraph({"check", "--db", fx.db, "--json"}, fx.tmp);
  CHECK(r.code == 1);
  CHECK(r.out.find("\"ok\":false") != std::string::npos);
  CHECK(r.out.find("\"faults\":[\"evidence e/" + fx.fact_id) != std::string::npos);

  r = Litgraph({"check", "--db", fx.tmp.Sub("nowhere")}, fx.tmp);
  CHECK(r.code == 1);
  CHECK(r.err.find("no litgraph store at " + fx.tmp.Sub("nowhere")) != std::string::npos);
  r = Litgraph({"check", "extra"}, fx.tmp);
  CHECK(r.code == 2);
}

TEST_CASE("check passes a store of the two real reviews", "[reliability][cli]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  using lg::testing::Corpus;
  Run r = Litgraph({"ingest", "--db", db, Corpus(lg::testing::kText000),
                    Corpus(lg::testing::kText002)},
                   tmp);
  REQUIRE(r.code == 0);
  r = Litgraph({"check", "--db", db}, tmp);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out.rfind("ok: 2 sources, ", 0) == 0);
}
