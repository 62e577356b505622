// golden_test: runs the golden CLI cases (tests/cli/golden/*.test, format in
// its README.md) through the real litgraph binary and compares stdout, stderr
// and exit status exactly. A mismatch prints a diff of the file as it is
// against the file as the run would write it, naming the file and line.
//
//   golden_test [--update] [PATH...]
//
// PATH: .test files or directories of them (default: the source tree's
// tests/cli/golden). --update rewrites each differing file with the actual
// outputs and prints the same diff for review. Exit 0 when every file passes
// (or was updated), 1 on a mismatch or a malformed file, 2 on a usage error.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "graph/store/store.h"
#include "tests/cli/golden.h"
#include "tests/litgraph_run.h"
#include "tests/testing.h"
#include "tools/bench/query_fixture.h"
#include "tools/bench/synth.h"

namespace lg::testing::golden {
namespace {

constexpr const char* kUsage =
    "usage: golden_test [--update] [PATH...]\n"
    "  PATH      .test files or directories of them (default: " LG_SOURCE_DIR
    "/tests/cli/golden)\n"
    "  --update  rewrite each differing file with the actual outputs; print the diff\n";

// The stores a .test file can name in -FIXTURE, each built once per run, on
// first use. Commands must not write to them: later files see the same store.
class Fixtures {
 public:
  // The store's directory, or "" with `*error` set.
  std::string Get(const std::string& name, std::string* error) {
    auto it = built_.find(name);
    if (it != built_.end()) return it->second;
    std::string db = dir_.Sub(name);
    bool ok = false;
    if (name == "query") {
      ok = Put(db, QueryFixture(), error);
    } else if (name == "seeds") {
      ok = IngestSeeds(db, error);
    } else if (name == "synthetic") {
      ok = BuildSynthetic(db, error);
    } else {
      *error = "unknown fixture '" + name + "'; known: query, seeds, synthetic";
    }
    if (!ok) return "";
    built_[name] = db;
    return db;
  }

 private:
  // `sources`, one PutSource each, into a new store at `db`.
  static bool Put(const std::string& db, const std::vector<graph::SourceData>& sources,
                  std::string* error) {
    auto store = graph::Store::Open(db);
    if (!store.ok()) {
      *error = store.status().ToString();
      return false;
    }
    for (const graph::SourceData& d : sources) {
      auto put = (*store)->PutSource(d);
      if (!put.ok()) {
        *error = put.status().ToString();
        return false;
      }
    }
    return true;
  }

  // The two real reviews of ../shared/corpus, through `litgraph ingest`.
  bool IngestSeeds(const std::string& db, std::string* error) {
    std::vector<std::string> args = {"ingest", "--quiet", "--db", db};
    std::vector<std::string> files = FilesIn(SharedDir() + "/corpus", ".txt");
    args.insert(args.end(), files.begin(), files.end());
    Run run = Litgraph(args, dir_, "seeds-ingest");
    if (run.code != 0 || files.empty()) {
      *error = "fixture 'seeds': litgraph ingest of " + SharedDir() +
               "/corpus exited with " + std::to_string(run.code) + ": " + run.err;
      return false;
    }
    return true;
  }

  // tools/bench/synth.h's GraphSynth, seed 1: 4 sources of a graph of about
  // 3,000 facts, with hubs, parallel facts and facts shared across sources.
  static bool BuildSynthetic(const std::string& db, std::string* error) {
    auto lex = bench::LoadSynthLexicon(LG_DATA_DIR);
    if (!lex.ok()) {
      *error = lex.status().ToString();
      return false;
    }
    return Put(db, bench::SmallGraphSources(*lex), error);
  }

  TempDir dir_;
  std::map<std::string, std::string> built_;
};

enum class Outcome { kPass, kFail, kUpdated };

// Runs one command with {db} and {tmp} filled in; in its outputs the paths go
// back to their placeholders, so that the expectation does not hold them.
bool RunCommand(const std::string& db, const TempDir& tmp, Command* c,
                std::string* error) {
  auto fill = [&](std::string s) {
    return ReplaceAll(ReplaceAll(std::move(s), "{db}", db), "{tmp}", tmp.path());
  };
  auto unfill = [&](std::string s) {
    return ReplaceAll(ReplaceAll(std::move(s), db, "{db}"), tmp.path(), "{tmp}");
  };
  std::vector<std::string> args;
  if (!SplitArgs(fill(c->text), &args)) {
    *error = std::to_string(c->line) + ": unclosed quote";
    return false;
  }
  args.erase(args.begin());  // "litgraph"
  Run run = Litgraph(args, tmp, "command");
  c->out = unfill(run.out);
  c->err = unfill(run.err);
  c->code = run.code;
  if (!Representable(c->out) || !Representable(c->err)) {
    *error = std::to_string(c->line) +
             ": an output line starts with '$ ', '--- ' or '\\ ', which the format "
             "reserves";
    return false;
  }
  return true;
}

// Runs every command of the file at `path`; prints what differs.
Outcome CheckFile(const std::string& path, bool update, Fixtures* fixtures) {
  std::string text = ReadFileOrDie(path), error;
  File file;
  if (!Parse(text, &file, &error)) {
    std::cout << path << ":" << error << "\n";
    return Outcome::kFail;
  }
  std::string db = fixtures->Get(file.fixture, &error);
  if (db.empty()) {
    std::cout << path << ": " << error << "\n";
    return Outcome::kFail;
  }
  TempDir tmp;
  for (Command& c : file.commands) {
    if (!RunCommand(db, tmp, &c, &error)) {
      std::cout << path << ":" << error << "\n";
      return Outcome::kFail;
    }
  }
  std::string actual = Render(file);
  std::string diff = Diff(text, actual, path);
  if (diff.empty()) return Outcome::kPass;
  if (update) {
    WriteFile(path, actual);
    std::cout << "updated " << path << " (- before, + now):\n" << diff;
    return Outcome::kUpdated;
  }
  std::cout << "FAIL " << path << " (- expected, + actual; golden_test --update "
            << "rewrites it):\n"
            << diff;
  return Outcome::kFail;
}

// The .test files named by `paths`, directories expanded, in name order.
std::vector<std::string> TestFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    if (!std::filesystem::is_directory(p)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& entry : std::filesystem::directory_iterator(p)) {
      if (entry.path().extension() == ".test") in_dir.push_back(entry.path().string());
    }
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

int Main(int argc, char** argv) {
  bool update = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--update") {
      update = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg.rfind("-", 0) == 0) {
      std::cerr << "golden_test: unknown option '" << arg << "'\n\n" << kUsage;
      return 2;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) paths.push_back(LG_SOURCE_DIR "/tests/cli/golden");
  std::vector<std::string> files = TestFiles(paths);
  if (files.empty()) {
    std::cerr << "golden_test: no .test files\n";
    return 1;
  }
  Fixtures fixtures;
  std::map<Outcome, int> count;
  for (const std::string& f : files) ++count[CheckFile(f, update, &fixtures)];
  std::cout << "golden: " << files.size() << " files, " << count[Outcome::kPass]
            << " passed, " << count[Outcome::kFail] << " failed";
  if (update) std::cout << ", " << count[Outcome::kUpdated] << " updated";
  std::cout << "\n";
  return count[Outcome::kFail] > 0 ? 1 : 0;
}

}  // namespace
}  // namespace lg::testing::golden

int main(int argc, char** argv) {
  try {
    return lg::testing::golden::Main(argc, argv);
  } catch (const std::exception& e) {  // ReadFileOrDie, TempDir
    std::cerr << "golden_test: " << e.what() << "\n";
    return 1;
  }
}
