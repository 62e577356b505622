// Results do not move (issue 16): the graph `litgraph ingest` writes does not
// depend on how many threads extract (-j) or how many sources share an fsync
// (--sync-every). The JSONL exports of ../shared/corpus and ../shared/dev/texts
// are compared byte for byte (the export leaves ingested_at out: query/JSON.md).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace {

using lg::testing::Litgraph;
using lg::testing::Run;
using lg::testing::TempDir;

// The JSONL export of a fresh store of `files` ingested with `options`.
std::string ExportOf(const TempDir& tmp, const std::string& name,
                     const std::vector<std::string>& options,
                     const std::vector<std::string>& files) {
  std::string db = tmp.Sub(name);
  std::vector<std::string> args = {"ingest", "--db", db};
  args.insert(args.end(), options.begin(), options.end());
  args.insert(args.end(), files.begin(), files.end());
  Run ingest = Litgraph(args, tmp);
  INFO(ingest.err);
  REQUIRE(ingest.code == 0);
  Run exported = Litgraph({"export", "--db", db, "--format", "jsonl"}, tmp, "export");
  REQUIRE(exported.code == 0);
  return exported.out;
}

}  // namespace

TEST_CASE(
    "the exports of the corpus and the dev texts do not depend on -j or --sync-every",
    "[reliability]") {
  TempDir tmp;
  for (const char* set : {"corpus", "dev/texts"}) {
    std::vector<std::string> files =
        lg::testing::FilesIn(lg::testing::SharedDir() + "/" + set, ".txt");
    INFO(set);
    REQUIRE(files.size() >= 2);
    std::string name = std::string(set) == "corpus" ? "corpus" : "dev";
    std::string sequential =
        ExportOf(tmp, name + "-j1", {"-j", "1", "--sync-every", "1"}, files);
    std::string parallel = ExportOf(tmp, name + "-j4", {"-j4"}, files);
    CHECK(sequential.size() > 10000);
    CHECK(parallel == sequential);
  }
}
