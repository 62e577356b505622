// `litgraph ingest` shows a progress line (files, MB, MB/s, ETA) only when
// stderr is a terminal and --quiet is not given; --json ends with a summary.
// The terminal is util-linux's `script`, which runs the command on a pty.
#include <catch2/catch.hpp>
#include <cstdio>

#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace {

using lg::testing::Corpus;
using lg::testing::Litgraph;
using lg::testing::Run;
using lg::testing::TempDir;

// What a terminal shows of `litgraph ARGS` (stdout and stderr); "" when
// `script` is missing.
std::string OnATerminal(const std::string& args) {
  std::string command =
      "script -qec \"" + std::string(LG_LITGRAPH_BIN) + " " + args + "\" /dev/null 2>&1";
  std::FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  while (size_t got = std::fread(buf, 1, sizeof buf, p)) out.append(buf, got);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("ingest shows progress on a terminal only, and not with --quiet",
          "[reliability]") {
  TempDir tmp;
  std::string files = Corpus(lg::testing::kText000) + " " + Corpus(lg::testing::kText002);
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("SKIPPED: no `script` (util-linux) to provide a terminal");
    return;
  }
  std::string shown = OnATerminal("ingest -j 2 --db " + tmp.Sub("a") + " " + files);
  INFO(shown);
  CHECK(shown.find("[2/2] ") != std::string::npos);
  CHECK(shown.find(" MB/s") != std::string::npos);
  CHECK(shown.find("store: ") != std::string::npos);
  std::string quiet =
      OnATerminal("ingest --quiet -j 2 --db " + tmp.Sub("b") + " " + files);
  CHECK(quiet.find("store: ") != std::string::npos);
  CHECK(quiet.find("MB/s") == std::string::npos);

  // Not a terminal: stderr is empty; --json carries the summary.
  Run r =
      Litgraph({"ingest", "--json", "--sync-every", "3", "-j", "2", "--db", tmp.Sub("c"),
                Corpus(lg::testing::kText000), Corpus(lg::testing::kText002)},
               tmp);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find(R"("summary":{"files":2,"bytes":)") != std::string::npos);
  CHECK(r.out.find(R"("jobs":2,"sync_every":3})") != std::string::npos);
}
