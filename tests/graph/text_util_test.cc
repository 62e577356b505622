#include "graph/text_util.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace lg::graph {
namespace {

using Items = std::vector<std::string>;

TEST_CASE("SplitList keeps empty items; \"\" is no items", "[text_util]") {
  CHECK(SplitList("", "|").empty());
  CHECK(SplitList("NCT01", "|") == Items{"NCT01"});
  CHECK(SplitList("a||b|", "|") == Items{"a", "", "b", ""});
  CHECK(SplitList("|", "|") == Items{"", ""});
  // A separator of several bytes is matched whole.
  CHECK(SplitList("a + b+c + ", " + ") == Items{"a", "b+c", ""});
  CHECK(SplitList("a +  + b", " + ") == Items{"a", "", "b"});
}

TEST_CASE("Lower and the predicates are ASCII only", "[text_util]") {
  CHECK(Lower("KMT2A-AFF1 Ä") == "kmt2a-aff1 Ä");
  CHECK(IsSpace('\v'));
  CHECK(IsSpace('\f'));
  CHECK_FALSE(IsSpace('\0'));
  CHECK_FALSE(IsLetter('\xC3'));
  CHECK(IsDigit('7'));
  CHECK_FALSE(IsDigit('a'));
}

TEST_CASE("Utf8Length accepts well-formed sequences only", "[text_util]") {
  CHECK(Utf8Length("a", 0) == 1);
  CHECK(Utf8Length("\xCE\xB1", 0) == 2);          // α
  CHECK(Utf8Length("\xE2\x80\x93", 0) == 3);      // en dash
  CHECK(Utf8Length("\xF0\x9F\x98\x80", 0) == 4);  // emoji
  CHECK(Utf8Length("\xC0\x80", 0) == 0);          // overlong
  CHECK(Utf8Length("\xED\xA0\x80", 0) == 0);      // surrogate
  CHECK(Utf8Length("\xF4\x90\x80\x80", 0) == 0);  // beyond U+10FFFF
  CHECK(Utf8Length("\xE2\x80", 0) == 0);          // cut short
  CHECK(Utf8Length("\x80", 0) == 0);              // lone continuation
}

TEST_CASE("IsWellFormedUtf8: every sequence of the text well-formed", "[text_util]") {
  CHECK(IsWellFormedUtf8(""));
  CHECK(IsWellFormedUtf8("in the \xCE\xB1 arm \xE2\x80\x93 \xF0\x9F\x98\x80"));
  CHECK_FALSE(IsWellFormedUtf8("arm \xC0\x80"));        // overlong
  CHECK_FALSE(IsWellFormedUtf8("arm \xED\xA0\x80 b"));  // surrogate
  CHECK_FALSE(IsWellFormedUtf8("arm \xE2\x80"));        // cut short at the end
  CHECK_FALSE(IsWellFormedUtf8("\x80 arm"));            // lone continuation
}

TEST_CASE("DecodeUtf8 and AppendUtf8 round-trip", "[text_util]") {
  for (uint32_t cp : {0x41u, 0x3B1u, 0x2013u, 0x1F600u}) {
    std::string s;
    AppendUtf8(cp, s);
    size_t len = Utf8Length(s, 0);
    REQUIRE(len == s.size());
    CHECK(DecodeUtf8(s, 0, len) == cp);
  }
  CHECK(CountCodePoints("a\xCE\xB1\xE2\x80\x93") == 3);
  CHECK(IsUtf8Continuation('\xB1'));
  CHECK_FALSE(IsUtf8Continuation('\xCE'));
}

}  // namespace
}  // namespace lg::graph
