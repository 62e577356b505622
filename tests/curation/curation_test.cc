// End-to-end tests of curation through the real binary, on the two real
// reviews in ../shared/corpus: rejections survive re-ingest, source removal
// leaves no trace, bad curation files change nothing, curator aliases answer
// like the canonical name, snapshots do not see later sources.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>

#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace {

using lg::testing::Litgraph;
using lg::testing::ReadFileOrDie;
using lg::testing::Run;
using lg::testing::SharedDir;
using lg::testing::TempDir;
using lg::testing::WriteFile;

const std::string kId000 = "000_4ae7b0927be87e20";
const std::string kId002 = "002_b349d65e17dedb88";
std::string Corpus(const std::string& id) {
  return SharedDir() + "/corpus/" + id + ".txt";
}

Run Ok(const std::vector<std::string>& args, const TempDir& tmp) {
  Run r = Litgraph(args, tmp);
  INFO(r.err);
  REQUIRE(r.code == 0);
  return r;
}

// The edge lines of an export, by fact id.
std::map<std::string, std::string> Edges(const std::string& jsonl) {
  std::map<std::string, std::string> edges;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    REQUIRE(!d.HasParseError());
    if (std::string(d["type"].GetString()) == "edge") edges[d["id"].GetString()] = line;
  }
  return edges;
}

// The sources of an edge line's evidence, and the evidence items of `source`
// (each re-serialised as its line text slice is not stable; we compare
// sentence + span + rule).
std::multiset<std::string> EvidenceOf(const std::string& edge_line,
                                      const std::string& source) {
  rapidjson::Document d;
  d.Parse(edge_line.c_str());
  std::multiset<std::string> out;
  for (const auto& ev : d["evidence"].GetArray()) {
    if (!source.empty() && ev["source"].GetString() != source) continue;
    std::string item = std::string(ev["source"].GetString()) + "|" +
                       ev["sentence"].GetString() + "|" +
                       std::to_string(ev["span"][0].GetUint64()) + "|" +
                       std::to_string(ev["span"][1].GetUint64()) + "|" +
                       ev["rule"].GetString() + "|" + std::to_string(ev["refs"].Size());
    out.insert(item);
  }
  return out;
}

std::set<std::string> SourcesOf(const std::string& edge_line) {
  std::set<std::string> out;
  for (const std::string& item : EvidenceOf(edge_line, "")) {
    out.insert(item.substr(0, item.find('|')));
  }
  return out;
}

}  // namespace

TEST_CASE("a rejected fact stays rejected across re-ingest, with its reason in the log",
          "[curation]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  // A copy under the same file name, so the source id stays the same.
  std::string text = ReadFileOrDie(Corpus(kId002));
  std::string copy = tmp.Sub(kId002 + ".txt");
  WriteFile(copy, text);
  Ok({"ingest", "--db", db, copy}, tmp);
  auto edges = Edges(Ok({"export", "--db", db}, tmp).out);
  REQUIRE(edges.size() > 10);
  const std::string fact = std::next(edges.begin(), 5)->first;

  // The reason is required: a usage error, nothing written.
  Run no_reason = Litgraph({"curate", "reject", fact, "--db", db}, tmp);
  CHECK(no_reason.code == 2);
  CHECK(no_reason.err.find("--reason TEXT is required") != std::string::npos);
  CHECK(Ok({"log", "--db", db}, tmp).out == "no curation decisions\n");

  Run reject = Ok({"curate", "reject", fact, "--reason", "misread negation", "--curator",
                   "alice", "--db", db},
                  tmp);
  CHECK(reject.out.rfind("rejected " + fact + " (", 0) == 0);
  CHECK(Edges(Ok({"export", "--db", db}, tmp).out).count(fact) == 0);
  CHECK(Edges(Ok({"export", "--db", db, "--raw"}, tmp).out).count(fact) == 1);

  SECTION("unchanged file") {
    CHECK(Ok({"ingest", "--db", db, copy}, tmp).out.find("unchanged") !=
          std::string::npos);
  }
  SECTION("changed file") {
    WriteFile(copy, text + "\nA closing line added by the test.\n");
    Run again = Ok({"ingest", "--db", db, copy}, tmp);
    CHECK(again.out.find("unchanged") == std::string::npos);
    CHECK(again.out.find(" =") != std::string::npos);  // the diff summary
  }
  // Re-extracted (same content hash id), and still hidden.
  CHECK(Edges(Ok({"export", "--db", db, "--raw"}, tmp).out).count(fact) == 1);
  CHECK(Edges(Ok({"export", "--db", db}, tmp).out).count(fact) == 0);

  Run log = Ok({"log", "--db", db, "--json"}, tmp);
  rapidjson::Document d;
  d.Parse(log.out.c_str());
  REQUIRE(!d.HasParseError());
  REQUIRE(d["entries"].Size() == 1);
  const auto& e = d["entries"][0];
  CHECK(std::string(e["action"].GetString()) == "reject");
  CHECK(std::string(e["fact"].GetString()) == fact);
  CHECK(std::string(e["curator"].GetString()) == "alice");
  CHECK(std::string(e["reason"].GetString()) == "misread negation");
  CHECK(std::string(e["time"].GetString()).size() == 20);  // 2024-05-01T12:00:00Z
  CHECK(Ok({"log", "--db", db}, tmp).out.find("misread negation") != std::string::npos);
  CHECK(Ok({"log", "--db", db, "--curator", "bob"}, tmp).out ==
        "no curation decisions match\n");
  CHECK(Ok({"log", "--db", db, "--since", "2999-01-01"}, tmp).out ==
        "no curation decisions match\n");
  CHECK(Ok({"log", "--db", db, "--since", "2000-01-01", "--curator", "alice"}, tmp)
            .out.find(fact) != std::string::npos);
  CHECK(Litgraph({"log", "--db", db, "--since", "yesterday"}, tmp).code == 2);
  // --entity: the subject of the rejected fact.
  std::string subject = e["subject"].GetString();
  CHECK(Ok({"log", "--db", db, "--entity", subject}, tmp).out.find(fact) !=
        std::string::npos);

  // show --all lists it with who and why; accept brings it back.
  Run all = Ok({"show", subject, "--all", "--db", db}, tmp);
  CHECK(all.out.find(fact) != std::string::npos);
  CHECK(all.out.find("rejected by alice at ") != std::string::npos);
  CHECK(all.out.find(": misread negation") != std::string::npos);
  Run all_json = Ok({"show", subject, "--all", "--json", "--db", db}, tmp);
  rapidjson::Document card;
  card.Parse(all_json.out.c_str());
  REQUIRE(!card.HasParseError());
  REQUIRE(card["rejected"].Size() == 1);
  CHECK(std::string(card["rejected"][0]["reason"].GetString()) == "misread negation");
  Ok({"curate", "accept", fact, "--db", db}, tmp);
  CHECK(Edges(Ok({"export", "--db", db}, tmp).out).count(fact) == 1);
}

TEST_CASE("removing a source leaves the other source's evidence and no trace of it",
          "[curation]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  Ok({"ingest", "--db", db, Corpus(kId000), Corpus(kId002)}, tmp);
  auto before = Edges(Ok({"export", "--db", db}, tmp).out);
  size_t shared = 0;
  for (const auto& [id, line] : before) shared += SourcesOf(line).size() == 2;
  REQUIRE(shared > 0);

  Run removed = Ok({"source", "remove", kId000, "--db", db}, tmp);
  CHECK(removed.out.rfind("removed source " + kId000 + ": -", 0) == 0);
  std::string after_text = Ok({"export", "--db", db}, tmp).out;
  CHECK(after_text.find(kId000) == std::string::npos);
  auto after = Edges(after_text);
  for (const auto& [id, line] : before) {
    std::set<std::string> sources = SourcesOf(line);
    INFO(id);
    if (!sources.count(kId002)) {
      CHECK(after.count(id) == 0);
      continue;
    }
    REQUIRE(after.count(id) == 1);
    CHECK(EvidenceOf(after.at(id), "") == EvidenceOf(line, kId002));
  }
  CHECK(after.size() ==
        size_t(std::count_if(before.begin(), before.end(), [](const auto& e) {
          return SourcesOf(e.second).count(kId002);
        })));
  Run gone = Litgraph({"source", "show", kId000, "--db", db}, tmp);
  CHECK(gone.code == 1);
  CHECK(gone.err.find("no source '" + kId000 + "'") != std::string::npos);
  Run shown = Ok({"source", "show", kId002, "--db", db}, tmp);
  CHECK(shown.out.find("id:            " + kId002 + "\n") != std::string::npos);
  CHECK(shown.out.find("content hash:  ") != std::string::npos);
  CHECK(Litgraph({"source", "remove", kId000, "--db", db}, tmp).code == 1);
}

TEST_CASE("a bad curation file changes nothing and names the line and field",
          "[curation]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  Ok({"ingest", "--db", db, Corpus(kId002)}, tmp);
  auto edges = Edges(Ok({"export", "--db", db}, tmp).out);
  REQUIRE(edges.size() > 3);
  std::string f1 = edges.begin()->first, f2 = std::next(edges.begin())->first;
  Ok({"curate", "reject", f1, "--reason", "first", "--db", db}, tmp);
  std::string export_before = Ok({"export", "--db", db}, tmp).out;
  std::string log_before = Ok({"log", "--db", db, "--json"}, tmp).out;

  struct Case {
    std::string file;
    std::string message;
  };
  std::vector<Case> cases = {
      {"[\n"
       "  {\"action\": \"accept\", \"fact\": \"" +
           f1 +
           "\"},\n"
           "  {\"action\": \"alias\", \"alias\": \"Zorblax\", \"entity\": \"KMT2A\"},\n"
           "  {\"action\": \"reject\",\n"
           "   \"fact\": \"" +
           f2 +
           "\",\n"
           "   \"reason\": \"fine\"},\n"
           "  {\"action\": \"reject\", \"fact\": \"" +
           f2 +
           "\"}\n"
           "]\n",
       "line 7: field 'reason' is required for reject"},
      {"[\n"
       "  {\"action\": \"reject\", \"fact\": \"" +
           f2 +
           "\", \"reason\": \"ok\"},\n"
           "  {\"action\": \"reject\", \"fact\": \"fdeadbeefdeadbeef\", \"reason\": "
           "\"x\"}\n"
           "]\n",
       "line 3: field 'fact': no fact 'fdeadbeefdeadbeef' in the store"},
      {"[\n"
       "  {\"action\": \"add\", \"subject\": \"drug:revumenib\", \"predicate\": "
       "\"cures\",\n"
       "   \"object\": \"gene:MEN1\", \"source\": \"" +
           kId002 +
           "\", \"quote\": \"Q.\"}\n"
           "]\n",
       "line 2: field 'predicate': unknown predicate 'cures'"},
      {"[\n  {\"action\": \"accept\", \"fact\": \"" + f1 +
           "\"}\n  {\"action\": \"x\"}\n]\n",
       "line 3: invalid JSON: Missing a comma or ']' after an array element."},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    DYNAMIC_SECTION("case " << i) {
      std::string path = tmp.Sub("decisions.json");
      WriteFile(path, cases[i].file);
      Run r = Litgraph({"curate", "apply", path, "--db", db}, tmp);
      CHECK(r.code == 1);
      CHECK(r.err.find("litgraph: curate apply: " + path + " " + cases[i].message) !=
            std::string::npos);
      CHECK(r.err.find("nothing was changed") != std::string::npos);
      CHECK(Ok({"export", "--db", db}, tmp).out == export_before);
      CHECK(Ok({"log", "--db", db, "--json"}, tmp).out == log_before);
    }
  }
  SECTION("a good file applies all of it") {
    std::string path = tmp.Sub("good.json");
    WriteFile(path, "[{\"action\":\"accept\",\"fact\":\"" + f1 +
                        "\"},{\"action\":\"reject\",\"fact\":\"" + f2 +
                        "\",\"reason\":\"dup\",\"curator\":\"carol\"}]");
    Run r = Ok({"curate", "apply", path, "--db", db, "--curator", "dave"}, tmp);
    CHECK(r.out.find("accepted " + f1) != std::string::npos);
    CHECK(r.out.find("rejected " + f2) != std::string::npos);
    auto now = Edges(Ok({"export", "--db", db}, tmp).out);
    CHECK(now.count(f1) == 1);
    CHECK(now.count(f2) == 0);
    CHECK(Ok({"log", "--db", db, "--curator", "carol"}, tmp).out.find(f2) !=
          std::string::npos);
    CHECK(Ok({"log", "--db", db, "--curator", "dave"}, tmp).out.find(f1) !=
          std::string::npos);
  }
}

TEST_CASE("a curator alias answers like the canonical name", "[curation]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  Ok({"ingest", "--db", db, Corpus(kId000), Corpus(kId002)}, tmp);
  std::string canonical =
      Ok({"agents", "fusion:KMT2A::AFF1", "--json", "--db", db}, tmp).out;
  REQUIRE(canonical.find("\"agents\":[{") != std::string::npos);
  CHECK(Litgraph({"agents", "Quuxfusion", "--db", db}, tmp).code == 1);

  Run alias = Ok({"curate", "alias", "Quuxfusion", "MLL-AF4", "--db", db}, tmp);
  CHECK(alias.out.rfind("aliased 'Quuxfusion' -> fusion:KMT2A::AFF1 by ", 0) == 0);
  CHECK(Ok({"agents", "Quuxfusion", "--json", "--db", db}, tmp).out == canonical);
  // Looked up in its normalised form (NormalizeAlias): case and dashes fold.
  CHECK(Ok({"agents", "QUUXFUSION", "--json", "--db", db}, tmp).out == canonical);
  CHECK(Litgraph({"agents", "Quuxfusion", "--raw", "--db", db}, tmp).code == 1);
  CHECK(Ok({"show", "Quuxfusion", "--db", db}, tmp).out.find("Quuxfusion") !=
        std::string::npos);

  Run unknown =
      Litgraph({"curate", "alias", "Other", "gene:NOSUCHGENE", "--db", db}, tmp);
  CHECK(unknown.code == 1);
  CHECK(unknown.err.find("curate alias: no entity 'gene:NOSUCHGENE' in the store") !=
        std::string::npos);
  Ok({"curate", "unalias", "Quuxfusion", "--db", db}, tmp);
  CHECK(Litgraph({"agents", "Quuxfusion", "--db", db}, tmp).code == 1);
  Run again = Litgraph({"curate", "unalias", "Quuxfusion", "--db", db}, tmp);
  CHECK(again.code == 1);
  CHECK(again.err.find("'Quuxfusion' is not a curator alias") != std::string::npos);
}

TEST_CASE("a curator fact appears with its evidence and follows its source",
          "[curation]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  Ok({"ingest", "--db", db, Corpus(kId002)}, tmp);
  Run add = Ok({"curate", "add", "drug:zz-test-drug", "inhibits", "gene:MEN1", "--source",
                kId002, "--quote", "Our own test sentence.", "--db", db},
               tmp);
  std::string id = add.out.substr(6, add.out.find(' ', 6) - 6);
  auto edges = Edges(Ok({"export", "--db", db}, tmp).out);
  REQUIRE(edges.count(id) == 1);
  CHECK(EvidenceOf(edges.at(id), "") ==
        std::multiset<std::string>{kId002 + "|Our own test sentence.|0|0|curator|0"});
  CHECK(Ok({"agents", "MEN1", "--db", db}, tmp).out.find("zz-test-drug") !=
        std::string::npos);
  CHECK(Edges(Ok({"export", "--db", db, "--raw"}, tmp).out).count(id) == 0);
  Run bad = Litgraph({"curate", "add", "drug:x", "inhibits", "gene:MEN1", "--source",
                      kId002, "--quote", "Q.", "--ref", "99999", "--db", db},
                     tmp);
  CHECK(bad.code == 1);
  CHECK(bad.err.find("curate add: source '" + kId002 + "' has no reference [99999]") !=
        std::string::npos);
  Ok({"source", "remove", kId002, "--db", db}, tmp);
  CHECK(Ok({"export", "--db", db}, tmp).out.find(id) == std::string::npos);
}

TEST_CASE("a query at an earlier snapshot does not see a later source", "[curation]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  Ok({"ingest", "--db", db, Corpus(kId002)}, tmp);
  Ok({"snapshot", "create", "before-000", "--db", db}, tmp);
  Ok({"ingest", "--db", db, Corpus(kId000)}, tmp);

  CHECK(Ok({"sources", "--json", "--db", db}, tmp).out.find(kId000) != std::string::npos);
  CHECK(
      Ok({"sources", "--json", "--db", db, "--at", "before-000"}, tmp).out.find(kId000) ==
      std::string::npos);
  CHECK(Ok({"export", "--db", db, "--at", "before-000"}, tmp).out.find(kId000) ==
        std::string::npos);
  std::string list = Ok({"snapshot", "list", "--db", db}, tmp).out;
  CHECK(list.find("before-000") != std::string::npos);
  Run dup = Litgraph({"snapshot", "create", "before-000", "--db", db}, tmp);
  CHECK(dup.code == 1);
  CHECK(dup.err.find("'before-000' already exists") != std::string::npos);
  for (const char* bad : {"..", ".", "a/b", "x y", ""}) {
    INFO(bad);
    CHECK(Litgraph({"snapshot", "create", bad, "--db", db}, tmp).code == 2);
  }
  Run missing = Litgraph({"sources", "--db", db, "--at", "nope"}, tmp);
  CHECK(missing.code == 1);
  CHECK(missing.err.find("no snapshot 'nope'") != std::string::npos);
}
