// Golden tests of the query subcommands: the litgraph binary run on a store
// built from tests/query/query_fixture.h. Expected outputs written by hand.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "graph/store/store.h"
#include "tests/query/query_fixture.h"
#include "tests/testing.h"

extern char** environ;

namespace lg::testing {
namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

Run Litgraph(const TempDir& dir, std::vector<std::string> args) {
  std::string out_path = dir.Sub("stdout"), err_path = dir.Sub("stderr");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  args.insert(args.begin(), LG_LITGRAPH_BIN);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  Run run;
  if (posix_spawn(&pid, LG_LITGRAPH_BIN, &actions, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  run.out = ReadFileOrDie(out_path);
  run.err = ReadFileOrDie(err_path);
  return run;
}

// A fresh store holding the fixture; returns its directory.
std::string MakeStore(const TempDir& dir) {
  std::string db = dir.Sub("db");
  auto store = graph::Store::Open(db);
  REQUIRE(store.ok());
  for (const graph::SourceData& d : QueryFixture()) REQUIRE((*store)->PutSource(d).ok());
  return db;
}

std::string FactId(const std::string& s, std::string_view p, const std::string& o) {
  graph::Fact f;
  f.subject = s;
  f.predicate = std::string(p);
  f.object = o;
  return graph::ComputeFactId(f);
}

struct Golden {
  std::vector<std::string> args;  // --db is appended
  int code;
  std::string out;
  std::string err;
};

void CheckAll(const std::vector<Golden>& cases) {
  TempDir dir;
  std::string db = MakeStore(dir);
  for (const Golden& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("--db");
    args.push_back(db);
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    INFO("litgraph " << line);
    Run run = Litgraph(dir, args);
    CHECK(run.code == c.code);
    CHECK(run.out == c.out);
    CHECK(run.err == c.err);
  }
}

TEST_CASE("litgraph agents: table, empty, JSON", "[cli]") {
  const std::string men1_class = FactId(kMeninClass, graph::pred::kInhibits, kMen1);
  CheckAll({
      {{"agents", "KMT2A::AFF1", "--kind", "class"},
       0,
       "agents for KMT2A::AFF1 (fusion:KMT2A::AFF1), 1 found\n"
       "\n"
       "#  AGENT            KIND   GROUP  VIA   SOURCES  REFS  HOPS\n"
       "1  menin inhibitor  class      1  MEN1        1     3     3\n"
       "GROUP: 1 target or dependency, 2 marker, 3 reported activity\n"
       "\n"
       "1. menin inhibitor\n"
       "   mechanism: menin inhibitor —inhibits→ MEN1 ←depends on— KMT2A::? ⊃\n"
       "   KMT2A::AFF1\n"
       "   KMT2A::AFF1 -member_of-> KMT2A::? -depends_on-> MEN1\n"
       "     <-inhibits- menin inhibitor\n"
       "   - KMT2A::AFF1 member_of KMT2A::?\n"
       "     \"KMT2A::AFF1 is the commonest KMT2A fusion in babies.\"\n"
       "     review_a: [3] Smith 2019 Blood\n"
       "   - KMT2A::? depends_on MEN1\n"
       "     \"KMT2A-r cells need menin to keep growing.\"\n"
       "     review_a: [12] Krivtsov 2019 Cancer Cell\n"
       "   - menin inhibitor inhibits MEN1\n"
       "     \"Menin inhibitors bind menin.\"\n"
       "     review_a: [12] Krivtsov 2019 Cancer Cell; [57] Issa 2023 Nature\n",
       ""},
      {{"agents", "MLL-AF4", "--max-hops", "1"},
       0,
       "no agents found for KMT2A::AFF1 (fusion:KMT2A::AFF1) within 1 hop\n",
       ""},
      {{"agents", "MEN1", "--kind=class", "--max-hops", "1", "--json"},
       0,
       R"({"format":2,"query":"agents",)"
       R"("target":{"id":"gene:MEN1","kind":"gene","label":"MEN1"},)"
       R"("max_hops":1,"kind":"class","sort":"mechanism","agents":[{)"
       R"("agent":{"id":"drug_class:menin inhibitor","kind":"drug_class","label":"menin inhibitor"},)"
       R"("hops":1,"via":[{"id":"gene:MEN1","kind":"gene","label":"MEN1"}],"ref_count":2,)"
       R"("source_count":1,"rank_group":1,"mechanism":"menin inhibitor —inhibits→ MEN1",)"
       R"("acts_on":{"id":"gene:MEN1","kind":"gene","label":"MEN1"},)"
       R"("paths":[[{"fact":")" + men1_class + R"(","predicate":"inhibits",)"
       R"("subject":{"id":"drug_class:menin inhibitor","kind":"drug_class","label":"menin inhibitor"},)"
       R"("object":{"id":"gene:MEN1","kind":"gene","label":"MEN1"},)"
       R"("direction":"backward","attributes":{},)"
       R"("evidence":[{"source":"review_a","sentence":"Menin inhibitors bind menin.",)"
       R"("begin":0,"end":28,"refs":[)"
       R"({"source":"review_a","n":"12","citation":"Krivtsov 2019 Cancer Cell","pmid":null,)"
       R"("doi":null,"pmcid":null},)"
       R"({"source":"review_a","n":"57","citation":"Issa 2023 Nature","pmid":null,"doi":null,)"
       R"("pmcid":null}],)"
       R"("refs_inherited":false,"stated":true,"rule":"fixture"}],"evidence_count":1}]]}]})"
       "\n",
       ""},
      {{"agents", "MLL-AF4", "--max-hops", "1", "--json"},
       0,
       R"({"format":2,"query":"agents",)"
       R"("target":{"id":"fusion:KMT2A::AFF1","kind":"fusion","label":"KMT2A::AFF1"},)"
       R"("max_hops":1,"kind":"any","sort":"mechanism","agents":[]})"
       "\n",
       ""},
  });
}

TEST_CASE("litgraph agents: every alias gives the same output", "[cli]") {
  TempDir dir;
  std::string db = MakeStore(dir);
  Run reference = Litgraph(dir, {"agents", "KMT2A::AFF1", "--json", "--db", db});
  REQUIRE(reference.code == 0);
  CHECK(reference.out.find("\"label\":\"revumenib\"") != std::string::npos);
  for (const char* name : {"MLL-AF4", "KMT2A-AFF1", "t(4;11)", "mll/af4"}) {
    INFO(name);
    Run run = Litgraph(dir, {"agents", name, "--json", "--db", db});
    CHECK(run.code == 0);
    CHECK(run.out == reference.out);
  }
}

TEST_CASE("litgraph show, trials, outcomes", "[cli]") {
  CheckAll({
      {{"show", "SNDX-5613"},
       0,
       "revumenib  (drug, drug:revumenib)\n"
       "aliases: SNDX-5613, revumenib\n"
       "\n"
       "facts (out):\n"
       "PREDICATE  OBJECT           REFS\n"
       "inhibits   MEN1             [57] Issa 2023 Nature; [2] Issa 2023 Nature\n"
       "member_of  menin inhibitor  [57] Issa 2023 Nature\n"
       "\n"
       "facts (in):\n"
       "PREDICATE  SUBJECT      REFS\n"
       "tests      NCT04065399  [70] https://clinicaltrials.gov/study/NCT04065399\n"
       "\n"
       "trials:\n"
       "TRIAL        PHASE  STATUS   NAMES\n"
       "NCT04065399  1/2    ongoing  AUGMENT-101\n"
       "\n"
       "outcomes:\n"
       "COHORT       MEASURE  VALUE  HORIZON  GROUP\n"
       "NCT04065399  CR       30%             relapsed KMT2A-r\n"
       "\n"
       "sources: review_a, review_b\n"
       "named in: review_a (3, reference list: 1), review_b (1)\n",
       ""},
      // Named only in review_b's reference list: no facts, no evidence.
      {{"show", "p53"},
       0,
       "TP53  (gene, gene:TP53)\n"
       "aliases: TP53, p53\n"
       "\n"
       "named in: review_b (reference list: 1)\n",
       ""},
      {{"show", "TP53", "--json"},
       0,
       R"({"format":1,"query":"show","entity":{"id":"gene:TP53","kind":"gene","label":"TP53"},)"
       R"("aliases":["TP53","p53"],"attributes":{},"out":{},"in":{},"trials":[],"outcomes":[],)"
       R"("sources":[],"named_in":[{"source":"review_b","body":0,"references":1}]})"
       "\n",
       ""},
      {{"trials"},
       0,
       "TRIAL         PHASE  STATUS     DRUGS       REFS\n"
       "Interfant-06  3      completed  cytarabine  [3] Smith 2019 Blood\n"
       "NCT04065399   1/2    ongoing    revumenib   [70] https://clinicaltrials.gov/stu…\n",
       ""},
      {{"trials", "--target", "MLL-AF4", "--phase", "I/II"},
       0,
       "TRIAL        PHASE  STATUS   DRUGS      REFS\n"
       "NCT04065399  1/2    ongoing  revumenib  [70] https://clinicaltrials.gov/study/N…\n",
       ""},
      {{"trials", "--phase", "2"}, 0, "no trials found\n", ""},
      {{"trials", "--drug", "venetoclax", "--json"},
       0,
       R"({"format":1,"query":"trials","filter":{"drug":"venetoclax","target":"",)"
       R"("phase":"","status":""},"trials":[]})"
       "\n",
       ""},
      {{"outcomes", "--measure", "efs"},
       0,
       "COHORT        MEASURE  VALUE  HORIZON  GROUP            REFS\n"
       "Interfant-06  EFS      46%    6y       KMT2A-r infants  [3]\n",
       ""},
      {{"outcomes", "--measure", "OS"}, 0, "no outcomes found\n", ""},
  });
}

TEST_CASE("litgraph path, neighbors, sources, refs", "[cli]") {
  CheckAll({
      {{"path", "MLL-AF4", "venetoclax"},
       0,
       "1 shortest path of 3 hops from KMT2A::AFF1 to venetoclax\n"
       "\n"
       "1. KMT2A::AFF1 -member_of-> KMT2A::? -overexpresses-> BCL2\n"
       "     <-inhibits- venetoclax\n"
       "   - KMT2A::AFF1 member_of KMT2A::?\n"
       "     \"KMT2A::AFF1 is the commonest KMT2A fusion in babies.\"\n"
       "     review_a: [3] Smith 2019 Blood\n"
       "   - KMT2A::? overexpresses BCL2\n"
       "     \"KMT2A-r blasts carry high BCL-2 levels.\"\n"
       "     review_a: [63] Khaw 2016 Blood\n"
       "   - venetoclax inhibits BCL2\n"
       "     \"Venetoclax blocks BCL-2.\"\n"
       "     review_a: [63] Khaw 2016 Blood\n",
       ""},
      // Two sources state it; one piece of evidence shown, the other counted.
      {{"path", "MEN1", "revumenib", "--max-evidence", "1"},
       0,
       "1 shortest path of 1 hop from MEN1 to revumenib\n"
       "\n"
       "1. MEN1 <-inhibits- revumenib\n"
       "   - revumenib inhibits MEN1\n"
       "     \"Revumenib blocks menin.\"\n"
       "     review_a: [57] Issa 2023 Nature (+1 more)\n",
       ""},
      {{"path", "venetoclax", "p53"},
       0,
       "no path found between venetoclax and TP53\n",
       ""},
      {{"neighbors", "menin"},
       0,
       "DIST  ENTITY           KIND    VIA                               REFS\n"
       "   1  revumenib        drug    revumenib -inhibits-> MEN1        [57,2]\n"
       "   1  menin inhibitor  class   menin inhibitor -inhibits-> MEN1  [12,57]\n"
       "   1  KMT2A::?         fusion  KMT2A::? -depends_on-> MEN1       [12]\n",
       ""},
      {{"sources"},
       0,
       "SOURCE    YEAR  FACTS  REFS  TITLE\n"
       "review_a  2024     18     5  Menin and BCL2 in infant leukemia\n"
       "review_b  2025      1     1  Menin inhibitors\n",
       ""},
      {{"refs", "review_a"},
       0,
       " N  CITATION                                      TITLE\n"
       " 3  Smith 2019 Blood                              KMT2A fusions in infants\n"
       "12  Krivtsov 2019 Cancer Cell                     Menin as a target\n"
       "57  Issa 2023 Nature                              Revumenib in acute leukemia\n"
       "63  Khaw 2016 Blood                               Venetoclax in infant ALL\n"
       "70  https://clinicaltrials.gov/study/NCT04065399\n",
       ""},
      {{"refs", "review_b", "--json"},
       0,
       R"({"format":1,"query":"refs","source":"review_b","references":[{"n":"2",)"
       R"("citation":"Issa 2023 Nature","authors":["Issa X"],"first_author":"Issa",)"
       R"("title":"Revumenib in acute leukemia","journal":"Nature","year":"2023",)"
       R"("volume":"","pages":"","doi":"","pmid":"","pmcid":"","url":"","registry_id":"","kind":"",)"
       R"("raw":"Issa X. Revumenib in acute leukemia. Nature 2023."}]})"
       "\n",
       ""},
  });
}

TEST_CASE("litgraph mentions: table, JSON, reference-only, implied", "[cli]") {
  CheckAll({
      {{"mentions", "SNDX-5613"},
       0,
       "revumenib  (drug, drug:revumenib): 2 sources\n"
       "\n"
       "SOURCE    BODY  REF LIST  FIRST    TITLE\n"
       "review_a     3         1  120-129  Menin and BCL2 in infant leukemia\n"
       "review_b     1         0  30-39    Menin inhibitors\n"
       "\n"
       "review_a:\n"
       "  \"Revumenib blocks menin.\"\n"
       "\n"
       "review_b:\n"
       "  \"Revumenib binds menin tightly.\"\n",
       ""},
      {{"mentions", "AUGMENT-101", "--json"},
       0,
       R"({"format":1,"query":"mentions",)"
       R"("entity":{"id":"trial:NCT04065399","kind":"trial","label":"NCT04065399"},)"
       R"("sources":[{"source":"review_a","title":"Menin and BCL2 in infant leukemia",)"
       R"("in":"body","body":2,"references":0,"body_spans":[[700,711],[1500,1511]],)"
       R"("reference_spans":[],"sentence":"AUGMENT-101 gives revumenib."}]})"
       "\n",
       ""},
      {{"mentions", "TP53"},
       0,
       "TP53  (gene, gene:TP53): 1 source\n"
       "\n"
       "SOURCE    BODY  REF LIST  FIRST      TITLE\n"
       "review_b     0         1  2040-2044  Menin inhibitors\n"
       "\n"
       "review_b:\n"
       "  reference list: \"Roe R. TP53 in relapse. Blood 2021.\"\n",
       ""},
      {{"mentions", "gene:TP53", "--json"},
       0,
       R"({"format":1,"query":"mentions","entity":{"id":"gene:TP53","kind":"gene","label":"TP53"},)"
       R"("sources":[{"source":"review_b","title":"Menin inhibitors","in":"references",)"
       R"("body":0,"references":1,"body_spans":[],"reference_spans":[[2040,2044]],)"
       R"("sentence":"Roe R. TP53 in relapse. Blood 2021."}]})"
       "\n",
       ""},
      {{"mentions", "AFF1"},
       0,
       "AFF1  (gene, gene:AFF1): 1 source\n"
       "\n"
       "SOURCE    BODY  REF LIST  FIRST  TITLE\n"
       "review_a     0         0         Menin and BCL2 in infant leukemia\n"
       "\n"
       "review_a:\n"
       "  (implied by its facts; the text does not name it)\n",
       ""},
      {{"mentions", "MLL"},
       1,
       "",
       "litgraph: 'MLL' is ambiguous: fusion:KMT2A::? (KMT2A::?), gene:KMT2A (KMT2A); "
       "give a canonical id\n"},
  });
}

TEST_CASE("litgraph query errors: unknown, ambiguous, usage", "[cli]") {
  CheckAll({
      {{"agents", "MLL-AF5"},
       1,
       "",
       "litgraph: unknown entity 'MLL-AF5'; did you mean: MLL-AF4, MLL-AF9?\n"},
      {{"show", "MLL"},
       1,
       "",
       "litgraph: 'MLL' is ambiguous: fusion:KMT2A::? (KMT2A::?), gene:KMT2A (KMT2A); "
       "give a canonical id\n"},
      {{"path", "MLL-AF4", "zzzzzzzz"}, 1, "", "litgraph: unknown entity 'zzzzzzzz'\n"},
      {{"refs", "review_c"},
       1,
       "",
       "litgraph: unknown source 'review_c'; sources: review_a, review_b\n"},
      {{"trials", "--drug", "venetoclaks"},
       1,
       "",
       "litgraph: unknown entity 'venetoclaks'; did you mean: venetoclax?\n"},
  });
  TempDir dir;
  std::string db = MakeStore(dir);
  struct Usage {
    std::vector<std::string> args;
    std::string first_line;
  };
  std::vector<Usage> usage = {
      {{"agents"}, "litgraph agents: missing TARGET"},
      {{"agents", "MEN1", "--max-hops", "zero"},
       "litgraph agents: option '--max-hops' needs a positive integer, got 'zero'"},
      {{"agents", "MEN1", "--kind", "antibody"},
       "litgraph agents: option '--kind' must be drug, class or any, got 'antibody'"},
      {{"agents", "MEN1", "--bogus"}, "litgraph agents: unknown option '--bogus'"},
      {{"path", "MEN1"}, "litgraph path: expected A B"},
      {{"neighbors", "MEN1", "--depth", "0"},
       "litgraph neighbors: option '--depth' needs a positive integer, got '0'"},
      {{"path", "MEN1", "revumenib", "--max-evidence", "x"},
       "litgraph path: option '--max-evidence' needs a non-negative integer, got 'x'"},
      {{"agents", "MEN1", "--max-evidence", "1.5"},
       "litgraph agents: option '--max-evidence' needs a non-negative integer, got '1.5'"},
      {{"neighbors", "MEN1", "--max-evidence=-0"},
       "litgraph neighbors: option '--max-evidence' needs a non-negative integer, got '-0'"},
      {{"sources", "extra"}, "litgraph sources: unexpected argument 'extra'"},
  };
  for (const Usage& u : usage) {
    std::vector<std::string> args = u.args;
    args.push_back("--db");
    args.push_back(db);
    INFO(u.first_line);
    Run run = Litgraph(dir, args);
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.substr(0, run.err.find('\n')) == u.first_line);
    CHECK(run.err.find("\n\nusage: litgraph " + u.args[0]) != std::string::npos);
  }
}

TEST_CASE("litgraph query subcommands: --help and a missing store", "[cli]") {
  TempDir dir;
  for (const char* command :
       {"agents", "show", "mentions", "trials", "outcomes", "path", "neighbors", "sources",
        "refs"}) {
    INFO(command);
    Run help = Litgraph(dir, {command, "--help"});
    CHECK(help.code == 0);
    CHECK(help.out.rfind(std::string("usage: litgraph ") + command, 0) == 0);
    CHECK(help.out.find("--json") != std::string::npos);
    CHECK(help.out.find("--db DIR") != std::string::npos);
  }
  std::string missing = dir.Sub("nowhere");
  Run run = Litgraph(dir, {"sources", "--db", missing});
  CHECK(run.code == 1);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("litgraph: ", 0) == 0);
  CHECK(run.err.find("no litgraph store at " + missing) != std::string::npos);
  CHECK(run.err.find("litgraph ingest") != std::string::npos);
}

}  // namespace
}  // namespace lg::testing
