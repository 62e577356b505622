// ArmPhraseGroup (ingest/relate_outcome_arms.cc) reads the arm phrase after
// a value without RE2. These tests hold it to the capture group of the
// pattern it replaces, on phrases of our own: hand-checked cases at the
// lazy repeat's edges, then every combination of a few phrase parts.
#include "ingest/relate_outcome_arms.h"

#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

namespace {

using lg::ingest::relate_internal::ArmPhraseGroup;

std::string Read(std::string_view s) {
  std::optional<std::string_view> g = ArmPhraseGroup(s);
  if (!g) return "none";
  return std::to_string(g->data() - s.data()) + ":" + std::string(*g);
}

std::string Captured(const std::string& s) {
  static const RE2 kArm(
      R"(^\s*(?:,\s*)?((?:in|for|with|among|on|of)\s+(?:the\s+|those\s+|patients\s+)?[^,;()\[\]]{2,80}?)(?:\s*(?:[,;.()\[\]]|$)|\s{2}|\s(?:vs\.?|versus|compared|but|whereas|while)\s))");
  re2::StringPiece arm;
  if (!RE2::PartialMatch(s, kArm, &arm)) return "none";
  return std::to_string(arm.data() - s.data()) + ":" + std::string(arm);
}

}  // namespace

TEST_CASE("ArmPhraseGroup: the phrase up to its ending", "[ingest]") {
  CHECK(Read(" in the zeta group, and") == "1:in the zeta group");
  CHECK(Read(" , for patients given Q vs. 4") == "3:for patients given Q");
  // The shortest run of two or more characters that an ending follows.
  CHECK(Read(" in Q (") == "1:in Q ");
  CHECK(Read(" in QZ  and more") == "1:in QZ");
  // "the" needs white space after it to be the optional word.
  CHECK(Read(" in the (") == "1:in the");
  CHECK(Read(" with QZ versus R") == "1:with QZ");
  CHECK(Read(" with Q versus R") == "1:with Q versus R");
  CHECK(Read(" with QZ versusR") == "1:with QZ versusR");
  CHECK(Read(" of arm A") == "1:of arm A");
  CHECK(Read(" into arm A.") == "none");
  CHECK(Read("in" + std::string(81, 'z') + ".") == "none");
  CHECK(Read("in " + std::string(80, 'z') + ".") == "0:in " + std::string(80, 'z'));
}

TEST_CASE("ArmPhraseGroup: the capture group, every combination", "[ingest]") {
  const std::vector<std::string> leads = {"", " ", " , ", ",", "  ,\t"};
  const std::vector<std::string> keywords = {"in", "for", "with", "among",
                                             "on", "of",  "into", "In"};
  const std::vector<std::string> gaps = {" ", "  ", "", "\t\n"};
  const std::vector<std::string> words = {"",          "the ", "those  ",
                                          "patients ", "the",  "thee "};
  const std::vector<std::string> runs = {
      "Q",    "QZ",   "zeta arm",           "Q é",
      "é",    "a  b", std::string(79, 'z'), std::string(81, 'z'),
      "Q vs", "x\xff"};
  const std::vector<std::string> endings = {"",       ",",     " (",         ".",
                                            " vs. 3", " vs 3", " vs.3",      " versus",
                                            " but ",  "  x",   " whereas y", "\n"};
  size_t found = 0;
  for (const auto& l : leads)
    for (const auto& k : keywords)
      for (const auto& g : gaps)
        for (const auto& w : words)
          for (const auto& r : runs)
            for (const auto& e : endings) {
              const std::string s = l + k + g + w + r + e;
              INFO("after: [" << s << "]");
              const std::string want = Captured(s);
              REQUIRE(Read(s) == want);
              if (want != "none") ++found;
            }
  CHECK(found > 5000);
}
