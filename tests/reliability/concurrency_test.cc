// Concurrency (docs/RELIABILITY.md): one writer process at a time; a second
// writer is refused with the first one's pid; readers (queries, export,
// check) keep answering from a consistent snapshot while an ingest runs.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace {

using lg::testing::Corpus;
using lg::testing::Exited;
using lg::testing::Litgraph;
using lg::testing::ReadFileOrDie;
using lg::testing::Run;
using lg::testing::Spawn;
using lg::testing::TempDir;
using lg::testing::WriteFile;

pid_t PidFileOf(const std::string& db) {
  std::FILE* f = std::fopen((db + "/litgraph.pid").c_str(), "r");
  if (f == nullptr) return 0;
  long pid = 0;
  if (std::fscanf(f, "%ld", &pid) != 1) pid = 0;
  std::fclose(f);
  return pid_t(pid);
}

// Lines of `text` (without their '\n'); text must end with '\n'.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  return lines;
}

// What a reader must see at any moment of the ingest below: a sound store,
// an export of whole JSON lines with 2 to 26 sources, and the same agents as
// before (the copies repeat the two texts, so they add evidence, not agents).
void CheckReaders(const std::string& db, const std::string& agents_head,
                  const TempDir& tmp) {
  Run check = Litgraph({"check", "--db", db}, tmp, "check");
  INFO(check.out << check.err);
  CHECK(check.code == 0);
  CHECK(check.out.rfind("ok: ", 0) == 0);

  Run exported = Litgraph({"export", "--db", db}, tmp, "export");
  CHECK(exported.code == 0);
  REQUIRE(!exported.out.empty());
  CHECK(exported.out.back() == '\n');
  int sources = 0;
  for (const std::string& line : Lines(exported.out)) {
    REQUIRE(line.size() >= 2);
    CHECK(line.front() == '{');
    CHECK(line.back() == '}');
    if (line.find("\"kind\":\"source\"") != std::string::npos) ++sources;
  }
  CHECK(sources >= 2);
  CHECK(sources <= 26);

  Run agents = Litgraph({"agents", "KMT2A::AFF1", "--db", db}, tmp, "agents");
  CHECK(agents.code == 0);
  CHECK(agents.out.substr(0, agents.out.find('\n')) == agents_head);
}

}  // namespace

TEST_CASE("a second writer is refused with the pid of the first; readers keep answering",
          "[reliability]") {
  TempDir tmp;
  std::string db = tmp.Sub("db");
  REQUIRE(Litgraph({"ingest", "--db", db, Corpus(lg::testing::kText000),
                    Corpus(lg::testing::kText002)},
                   tmp)
              .code == 0);
  Run before = Litgraph({"agents", "KMT2A::AFF1", "--db", db}, tmp);
  REQUIRE(before.code == 0);
  std::string agents_head = before.out.substr(0, before.out.find('\n'));
  REQUIRE(agents_head.rfind("agents for KMT2A::AFF1 (fusion:KMT2A::AFF1), ", 0) == 0);

  // The long writer: 24 more sources.
  std::vector<std::string> args = {"ingest", "--db", db};
  for (int i = 0; i < 12; ++i) {
    for (const char* name : {lg::testing::kText000, lg::testing::kText002}) {
      std::string path = tmp.Sub("copy" + std::to_string(i) + "_" + name);
      WriteFile(path, ReadFileOrDie(Corpus(name)));
      args.push_back(path);
    }
  }
  pid_t writer = Spawn(args, tmp.Sub("writer.out"), tmp.Sub("writer.err"));
  while (PidFileOf(db) != writer && !Exited(writer)) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  REQUIRE(!Exited(writer));
  // Freeze the writer while it holds the store, so that the second writer
  // and the readers below meet it for certain.
  REQUIRE(kill(writer, SIGSTOP) == 0);

  WriteFile(tmp.Sub("small.txt"), "Testinib inhibits ABC1 in a cell line.\n");
  Run second = Litgraph({"ingest", "--db", db, tmp.Sub("small.txt")}, tmp, "second");
  CHECK(second.code == 1);
  CHECK(second.err == "litgraph: graph/store: " + db +
                          " is locked by another litgraph process (pid " +
                          std::to_string(writer) + ")\n");
  CheckReaders(db, agents_head, tmp);

  // Let it run; readers keep answering until it is done.
  REQUIRE(kill(writer, SIGCONT) == 0);
  int reads_during_ingest = 0;
  while (!Exited(writer)) {
    CheckReaders(db, agents_head, tmp);
    if (!Exited(writer)) ++reads_during_ingest;
  }
  REQUIRE(lg::testing::Wait(writer) == 0);
  WARN("concurrency: "
       << reads_during_ingest
       << " rounds of check, export and agents finished while the ingest ran");
  CheckReaders(db, agents_head, tmp);
  CHECK(Lines(Litgraph({"sources", "--db", db}, tmp).out).size() >= 26);

  // With the writer gone the lock is free again.
  Run third = Litgraph({"ingest", "--db", db, tmp.Sub("small.txt")}, tmp, "third");
  INFO(third.err);
  CHECK(third.code == 0);
}
