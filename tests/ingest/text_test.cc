#include "ingest/text.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::ingest {
namespace {

Text MustMake(const std::string& bytes) {
  auto text = MakeText("t.txt", bytes);
  REQUIRE(text.ok());
  return std::move(text).value();
}

bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Every maximal run of word bytes of the normalised view maps back to
// original bytes that normalise to the same run. Returns the failures.
std::vector<std::string> RoundTripFailures(const Text& text) {
  std::vector<std::string> failures;
  const std::string& s = text.normalized;
  size_t i = 0;
  while (i < s.size()) {
    if (!IsWordByte(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && IsWordByte(s[j])) ++j;
    const auto [b, e] = text.ToOriginal(i, j);
    auto back = MakeText("word", text.original.substr(b, e - b));
    const std::string word = s.substr(i, j - i);
    if (!back.ok() || back->normalized != word) failures.push_back(word);
    i = j;
  }
  return failures;
}

TEST_CASE("MakeText normalises the view matching sees", "[ingest]") {
  struct Case {
    std::string input;
    std::string normalized;
  };
  const std::vector<Case> cases = {
      {"plain ascii", "plain ascii"},
      {"KMT2A\xE2\x80\x93"
       "AFF1",
       "KMT2A-AFF1"},  // en dash
      {"a\xE2\x80\x94"
       "b\xE2\x80\x90"
       "c\xE2\x88\x92"
       "1",
       "a-b-c-1"},  // em, hyphen, minus
      {"x\xC2\xA0y\xE2\x80\x83z\xE2\x80\x89w\xE2\x80\xAFv", "x y z w v"},
      {"cells\tkept\tas tabs", "cells\tkept\tas tabs"},
      {"\xE2\x80\x9Cquoted\xE2\x80\x9D and \xE2\x80\x98it\xE2\x80\x99s\xE2\x80\x99",
       "\"quoted\" and 'it's'"},
      {"\xE2\x88\xBC"
       "50% \xCB\x9C"
       "3",
       "~50% ~3"},
      {"age \xE2\x89\xA5 6 and \xE2\x89\xA4 9", "age >= 6 and <= 9"},
      {"*KMT2A*-r and **2024**, *23*, 27", "KMT2A-r and 2024, 23, 27"},
      {"*Curr. Oncol. Rep.* next", "Curr. Oncol. Rep. next"},
      {"a * b\n*\nc", "a * b\n*\nc"},  // lone stars are not markup
      {"<i>AFF1</i> and <b>bold</b>", "AFF1 and bold"},
      {"WBC $\\geq 300$ or $\\ge 5$", "WBC >= 300 or >= 5"},
      {"$\\leq 2$, $\\le 3$", "<= 2, <= 3"},
      {"$n = 12.4 \\pm 6\\%$", "n = 12.4 +/- 6%"},
      {"MRD $10^{-4}$ level", "MRD 10^-4 level"},
      {"$300/\\mu\\text{L}$", "300/L"},
      {"\\[CrossRef\\]", "[CrossRef]"},
      {"a\r\nb\rc\n", "a\nb\nc\n"},
      {"caf\xC3\xA9 \xCE\xB2-catenin", "caf\xC3\xA9 \xCE\xB2-catenin"},
      {"costs $5 today", "costs $5 today"},  // no closing '$' on the line
  };
  for (const Case& c : cases) {
    INFO(c.input);
    const Text text = MustMake(c.input);
    CHECK(text.normalized == c.normalized);
    CHECK(text.original == c.input);
    REQUIRE(text.offsets.size() == text.normalized.size() + 1);
    CHECK(text.offsets.back() == c.input.size());
  }
}

TEST_CASE("Offsets point into the original bytes", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<uint32_t> offsets;  // the full offsets vector
  };
  const std::vector<Case> cases = {
      {"a\xE2\x80\x93"
       "b",
       {0, 1, 4, 5}},
      {"*AB*", {1, 2, 4}},
      {"\xE2\x89\xA5"
       "1",
       {0, 0, 3, 4}},
      {"x\r\ny", {0, 1, 3, 4}},
      {"$\\pm$", {1, 1, 1, 5}},
      {"\\[7\\]", {0, 2, 3, 5}},
      {"<i>A</i>", {3, 8}},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(MustMake(c.input).offsets == c.offsets);
  }
}

TEST_CASE("ToOriginal returns the smallest covering original range", "[ingest]") {
  const Text text = MustMake("*KMT2A*\xE2\x80\x93r \xE2\x89\xA5 5 <i>AFF1</i>.");
  // normalised: "KMT2A-r >= 5 AFF1."
  REQUIRE(text.normalized == "KMT2A-r >= 5 AFF1.");
  auto slice = [&](size_t b, size_t e) {
    const auto [ob, oe] = text.ToOriginal(b, e);
    return text.original.substr(ob, oe - ob);
  };
  CHECK(slice(0, 5) == "KMT2A");                // markup excluded
  CHECK(slice(0, 7) == "KMT2A*\xE2\x80\x93r");  // dash and inner star
  CHECK(slice(5, 6) == "\xE2\x80\x93");         // the dash alone
  CHECK(slice(8, 9) == "\xE2\x89\xA5");         // '>' of ">="
  CHECK(slice(8, 10) == "\xE2\x89\xA5");
  CHECK(slice(13, 17) == "AFF1");
  CHECK(text.ToOriginal(3, 3) == std::make_pair<uint64_t, uint64_t>(4, 4));
  // The leading '*' is markup: the covering range starts after it.
  CHECK(text.ToOriginal(0, text.normalized.size()) ==
        std::make_pair<uint64_t, uint64_t>(1, text.original.size()));
}

TEST_CASE("Every word round-trips through ToOriginal", "[ingest]") {
  const std::vector<std::string> inputs = {
      "*KMT2A*-rearranged <i>MLL</i>\xE2\x80\x93<b>AF4</b> cases\xC2\xA0were "
      "47%.4\xE2\x80\x83Next",
      "WBC $\\geq 300,000/\\mu\\text{L}$ and \\[12\\] \xE2\x80\x9Cquote\xE2\x80\x9D",
      "line one\r\nline two\rthree \xE2\x88\xBC"
      "50%",
  };
  for (const std::string& input : inputs) {
    INFO(input);
    CHECK(RoundTripFailures(MustMake(input)).empty());
  }
  for (const char* name : {"000_4ae7b0927be87e20.txt", "002_b349d65e17dedb88.txt"}) {
    auto text = ReadText(testing::SharedDir() + "/corpus/" + name);
    REQUIRE(text.ok());
    const auto failures = RoundTripFailures(*text);
    INFO(name << " first failure: " << (failures.empty() ? "" : failures.front()));
    CHECK(failures.empty());
  }
}

TEST_CASE("MakeText refuses what is not UTF-8 text", "[ingest]") {
  struct Case {
    std::string input;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "ingest: paper.txt: empty file"},
      {std::string("ab\0c", 4), "ingest: paper.txt: NUL byte at offset 2"},
      {"ab\x01", "ingest: paper.txt: binary content (control byte 0x01) at offset 2"},
      {"x\x1B[0m", "ingest: paper.txt: binary content (control byte 0x1B) at offset 1"},
      {"ab\xC3(", "ingest: paper.txt: invalid UTF-8 byte 0xC3 at offset 2"},
      {"\x80", "ingest: paper.txt: invalid UTF-8 byte 0x80 at offset 0"},
      {"ok \xC0\xAF", "ingest: paper.txt: invalid UTF-8 byte 0xC0 at offset 3"},
      {"\xED\xA0\x80", "ingest: paper.txt: invalid UTF-8 byte 0xED at offset 0"},
      {"\xF4\x90\x80\x80", "ingest: paper.txt: invalid UTF-8 byte 0xF4 at offset 0"},
      {"end \xE2\x80", "ingest: paper.txt: invalid UTF-8 byte 0xE2 at offset 4"},
      {"\xFF\xFE", "ingest: paper.txt: invalid UTF-8 byte 0xFF at offset 0"},
  };
  for (const Case& c : cases) {
    auto text = MakeText("paper.txt", c.input);
    REQUIRE_FALSE(text.ok());
    CHECK(text.status().code() == Status::Code::kInvalidArgument);
    CHECK(text.status().message() == c.message);
  }
  // Tabs, form feeds and line ends are text.
  CHECK(MakeText("paper.txt", "a\tb\fc\r\n").ok());
}

TEST_CASE("ReadText reads files and explains failures", "[ingest]") {
  testing::TempDir dir;
  testing::WriteFile(dir.Sub("a.txt"), "Title\n\nBody \xE2\x80\x93 text.\n");
  auto text = ReadText(dir.Sub("a.txt"));
  REQUIRE(text.ok());
  CHECK(text->name == dir.Sub("a.txt"));
  CHECK(text->normalized == "Title\n\nBody - text.\n");

  auto missing = ReadText(dir.Sub("missing.txt"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kIOError);
  CHECK(missing.status().message() ==
        "ingest: " + dir.Sub("missing.txt") + ": cannot read: No such file or directory");

  auto directory = ReadText(dir.path());
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.status().message() ==
        "ingest: " + dir.path() + ": cannot read: Is a directory");

  testing::WriteFile(dir.Sub("empty.txt"), "");
  auto empty = ReadText(dir.Sub("empty.txt"));
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().message() == "ingest: " + dir.Sub("empty.txt") + ": empty file");
}

}  // namespace
}  // namespace lg::ingest
