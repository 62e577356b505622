// The query subcommands' behaviour that is not one exact output: every alias
// of a target gives the same answer, usage errors start with their message and
// end with the usage, --help, a missing store. The exact outputs are golden
// files (tests/cli/golden/*.test, run by golden_test).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "graph/store/store.h"
#include "tests/litgraph_run.h"
#include "tests/testing.h"
#include "tools/bench/query_fixture.h"

namespace lg::testing {
namespace {

// A fresh store holding the fixture; returns its directory.
std::string MakeStore(const TempDir& dir) {
  std::string db = dir.Sub("db");
  auto store = graph::Store::Open(db);
  REQUIRE(store.ok());
  for (const graph::SourceData& d : QueryFixture()) REQUIRE((*store)->PutSource(d).ok());
  return db;
}

TEST_CASE("litgraph agents: every alias gives the same output", "[cli]") {
  TempDir dir;
  std::string db = MakeStore(dir);
  Run reference = Litgraph({"agents", "KMT2A::AFF1", "--json", "--db", db}, dir);
  REQUIRE(reference.code == 0);
  CHECK(reference.out.find("\"label\":\"revumenib\"") != std::string::npos);
  for (const char* name : {"MLL-AF4", "KMT2A-AFF1", "t(4;11)", "mll/af4"}) {
    INFO(name);
    Run run = Litgraph({"agents", name, "--json", "--db", db}, dir);
    CHECK(run.code == 0);
    CHECK(run.out == reference.out);
  }
}

TEST_CASE("litgraph query usage errors: the message, then the usage", "[cli]") {
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
      {{"agents", "MEN1", "--limit", "-1"},
       "litgraph agents: option '--limit' needs a non-negative integer, got '-1'"},
      {{"agents", "MEN1", "--offset", "two"},
       "litgraph agents: option '--offset' needs a non-negative integer, got 'two'"},
      {{"agents", "MEN1", "--max-evidence", "1.5"},
       "litgraph agents: option '--max-evidence' needs a non-negative integer, got "
       "'1.5'"},
      {{"neighbors", "MEN1", "--max-evidence=-0"},
       "litgraph neighbors: option '--max-evidence' needs a non-negative integer, got "
       "'-0'"},
      {{"sources", "extra"}, "litgraph sources: unexpected argument 'extra'"},
  };
  for (const Usage& u : usage) {
    std::vector<std::string> args = u.args;
    args.push_back("--db");
    args.push_back(db);
    INFO(u.first_line);
    Run run = Litgraph(args, dir);
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.substr(0, run.err.find('\n')) == u.first_line);
    CHECK(run.err.find("\n\nusage: litgraph " + u.args[0]) != std::string::npos);
  }
}

TEST_CASE("litgraph query subcommands: --help and a missing store", "[cli]") {
  TempDir dir;
  for (const char* command : {"agents", "show", "mentions", "trials", "outcomes", "path",
                              "neighbors", "sources", "refs"}) {
    INFO(command);
    Run help = Litgraph({command, "--help"}, dir);
    CHECK(help.code == 0);
    CHECK(help.out.rfind(std::string("usage: litgraph ") + command, 0) == 0);
    CHECK(help.out.find("--json") != std::string::npos);
    CHECK(help.out.find("--db DIR") != std::string::npos);
  }
  std::string missing = dir.Sub("nowhere");
  Run run = Litgraph({"sources", "--db", missing}, dir);
  CHECK(run.code == 1);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("litgraph: ", 0) == 0);
  CHECK(run.err.find("no litgraph store at " + missing) != std::string::npos);
  CHECK(run.err.find("litgraph ingest") != std::string::npos);
}

}  // namespace
}  // namespace lg::testing
