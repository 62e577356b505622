// The golden runner itself: the .test format's parser and renderer, its diff,
// and golden_test run on deliberately wrong files (it must fail, naming the
// file and line; --update must rewrite them).
#include "tests/cli/golden.h"

#include <catch2/catch.hpp>

#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace lg::testing::golden {
namespace {

TEST_CASE("golden files: canonical texts parse and render back unchanged", "[cli]") {
  struct Case {
    std::string text;
    size_t commands;
    std::string out, err;  // of the last command
    int code;
  };
  std::vector<Case> cases = {
      {"-FIXTURE query\n$ litgraph sources\nline 1\n\nline 3\n", 1, "line 1\n\nline 3\n",
       "", 0},
      {"# why\n\n-FIXTURE query\n$ litgraph x\n--- stderr\nbad\n--- exit 2\n", 1, "",
       "bad\n", 2},
      {"-FIXTURE query\n$ litgraph x\npartial\n\\ no newline at end\n--- stderr\nerr\n"
       "\\ no newline at end\n--- exit 1\n",
       1, "partial", "err", 1},
      {"-FIXTURE query\n$ litgraph a\nA\n$ litgraph b\n\n--- exit 3\n", 2, "\n", "", 3},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    File file;
    std::string error;
    REQUIRE(Parse(c.text, &file, &error));
    CHECK(file.fixture == "query");
    REQUIRE(file.commands.size() == c.commands);
    CHECK(file.commands.back().out == c.out);
    CHECK(file.commands.back().err == c.err);
    CHECK(file.commands.back().code == c.code);
    CHECK(Render(file) == c.text);
  }
}

TEST_CASE("golden files: malformed texts name the line", "[cli]") {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"$ litgraph x\n", "1: missing '-FIXTURE NAME' before the first command"},
      {"-FIXTURE query\n", "2: no '$ litgraph ...' command"},
      {"-FIXTURE query\nstray\n$ litgraph x\n",
       "2: expected '# comment', one '-FIXTURE NAME' or '$ litgraph ...'"},
      {"-FIXTURE a\n-FIXTURE b\n$ litgraph x\n",
       "2: expected '# comment', one '-FIXTURE NAME' or '$ litgraph ...'"},
      {"-FIXTURE query\n$ ls -l\n", "2: a command runs litgraph: '$ litgraph ARGS...'"},
      {"-FIXTURE query\n$ litgraph x\n--- exit one\n",
       "3: '--- exit N' needs an integer"},
      {"-FIXTURE query\n$ litgraph x\n--- exit 1\n--- stderr\nlate\n",
       "4: expected '--- stderr', '--- exit N' (in that order), the next '$ litgraph "
       "...' "
       "or the end of the file"},
      {"-FIXTURE query\n$ litgraph x\n--- stdout\n",
       "3: expected '--- stderr', '--- exit N' (in that order), the next '$ litgraph "
       "...' "
       "or the end of the file"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    File file;
    std::string error;
    CHECK_FALSE(Parse(text, &file, &error));
    CHECK(error == message);
  }
}

TEST_CASE("golden files: outputs the format cannot hold are refused", "[cli]") {
  CHECK(Representable("plain\n$5 and -- dashes\n"));
  CHECK_FALSE(Representable("ok\n$ looks like a command\n"));
  CHECK_FALSE(Representable("--- stderr\n"));
  CHECK_FALSE(Representable("\\ no newline at end\n"));
}

TEST_CASE("golden files: command lines split at spaces, quotes group", "[cli]") {
  std::vector<std::string> args;
  REQUIRE(
      SplitArgs("litgraph  agents t(4;11) --kind=class 'menin inhibitor' \"\"", &args));
  CHECK(args == std::vector<std::string>{"litgraph", "agents", "t(4;11)", "--kind=class",
                                         "menin inhibitor", ""});
  CHECK_FALSE(SplitArgs("litgraph show 'open", &args));
}

TEST_CASE("golden files: the diff names the file and the first changed line", "[cli]") {
  std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
  std::string after = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\nl\nm\n";
  CHECK(Diff(before, before, "x.test").empty());
  CHECK(Diff(before, after, "x.test") ==
        "x.test:5:\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        "x.test:12:\n@@ -10,3 +10,4 @@\n j\n k\n l\n+m\n");
  CHECK(Diff("a\n", "a", "x.test") == "x.test: differs only in its final newline\n");
}

// A case whose expected stdout is wrong on line 4.
const char* kWrong =
    "# trials of phase 2: none in the fixture\n"
    "-FIXTURE query\n"
    "$ litgraph trials --phase 2 --db {db}\n"
    "no trials at all\n";

TEST_CASE("golden_test fails on a mismatch naming the file and line; --update fixes it",
          "[cli]") {
  TempDir tmp;
  std::string path = tmp.Sub("wrong.test");
  WriteFile(path, kWrong);
  Run run = RunProgram(LG_GOLDEN_BIN, {path}, tmp);
  CHECK(run.code == 1);
  CHECK(run.out == "FAIL " + path +
                       " (- expected, + actual; golden_test --update rewrites it):\n" +
                       path +
                       ":4:\n@@ -1,4 +1,4 @@\n # trials of phase 2: none in the fixture\n"
                       " -FIXTURE query\n $ litgraph trials --phase 2 --db {db}\n"
                       "-no trials at all\n+no trials found\n"
                       "golden: 1 files, 0 passed, 1 failed\n");
  CHECK(ReadFileOrDie(path) == kWrong);  // without --update the file stays

  run = RunProgram(LG_GOLDEN_BIN, {"--update", path}, tmp);
  CHECK(run.code == 0);
  CHECK(run.out.rfind("updated " + path + " (- before, + now):\n" + path + ":4:\n", 0) ==
        0);
  CHECK(run.out.find("\n-no trials at all\n+no trials found\n") != std::string::npos);
  CHECK(ReadFileOrDie(path) ==
        "# trials of phase 2: none in the fixture\n-FIXTURE query\n"
        "$ litgraph trials --phase 2 --db {db}\nno trials found\n");
  run = RunProgram(LG_GOLDEN_BIN, {path}, tmp);
  CHECK(run.code == 0);
  CHECK(run.out == "golden: 1 files, 1 passed, 0 failed\n");
}

TEST_CASE("golden_test: an error exit, an unknown fixture, a malformed file", "[cli]") {
  TempDir tmp;
  // The exit status and stderr are compared too: here both are missing.
  std::string silent = tmp.Sub("silent.test");
  WriteFile(silent, "-FIXTURE query\n$ litgraph refs review_c --db {db}\n");
  Run run = RunProgram(LG_GOLDEN_BIN, {silent}, tmp);
  CHECK(run.code == 1);
  CHECK(run.out.find(silent + ":2:\n@@ -1,2 +1,5 @@\n") != std::string::npos);
  CHECK(run.out.find("\n+--- stderr\n+litgraph: unknown source 'review_c'; sources: "
                     "review_a, review_b\n+--- exit 1\n") != std::string::npos);

  std::string unknown = tmp.Sub("unknown.test");
  WriteFile(unknown, "-FIXTURE nothing\n$ litgraph sources --db {db}\n");
  run = RunProgram(LG_GOLDEN_BIN, {unknown}, tmp);
  CHECK(run.code == 1);
  CHECK(run.out.rfind(
            unknown + ": unknown fixture 'nothing'; known: query, seeds, synthetic\n",
            0) == 0);

  std::string malformed = tmp.Sub("malformed.test");
  WriteFile(malformed, "-FIXTURE query\n$ litgraph show 'MEN1\n");
  run = RunProgram(LG_GOLDEN_BIN, {"--update", malformed}, tmp);
  CHECK(run.code == 1);
  CHECK(run.out.rfind(malformed + ":2: unclosed quote\n", 0) == 0);

  run = RunProgram(LG_GOLDEN_BIN, {"--bogus"}, tmp);
  CHECK(run.code == 2);
  CHECK(run.err.rfind("golden_test: unknown option '--bogus'\n\nusage: golden_test", 0) ==
        0);
}

}  // namespace
}  // namespace lg::testing::golden
