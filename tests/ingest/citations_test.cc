#include "ingest/citations.h"

#include <catch2/catch.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "ingest/document.h"

namespace lg::ingest {
namespace {

const std::string kNbsp = "\xC2\xA0";
const std::string kEmSpace = "\xE2\x80\x83";
const std::string kThinSpace = "\xE2\x80\x89";
const std::string kEnDash = "\xE2\x80\x93";

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// "marker=numbers" for each citation found in `input`.
std::vector<std::string> Found(const std::string& input, const CitationStyle& style) {
  auto text = MakeText("c.txt", input);
  REQUIRE(text.ok());
  std::vector<std::string> out;
  for (const Citation& c : FindCitations(*text, 0, text->normalized.size(), style)) {
    out.push_back(text->normalized.substr(c.begin, c.end - c.begin) + "=" +
                  Join(c.numbers));
  }
  return out;
}

CitationStyle Style(int max_number, bool plain) {
  CitationStyle style;
  style.max_number = max_number;
  style.plain_superscripts = plain;
  return style;
}

TEST_CASE("ExpandCitationList reads lists and ranges", "[ingest]") {
  struct Case {
    std::string list;
    int max;
    bool ok;
    std::string numbers;
  };
  const std::vector<Case> cases = {
      {"12", 50, true, "12"},
      {"40,41", 50, true, "40,41"},
      {"36-39", 50, true, "36,37,38,39"},
      {"5,7-9", 50, true, "5,7,8,9"},
      {"5, 7 - 9", 50, true, "5,7,8,9"},
      {"1;3", 50, true, "1,3"},
      {"0", 50, false, ""},
      {"51", 50, false, ""},
      {"9-7", 50, false, ""},
      {"3-3", 50, false, ""},
      {"4,", 50, false, ""},
      {"", 50, false, ""},
      {"07", 50, false, ""},
      {"998", 0, true, "998"},  // no reference list: bounded by kMaxUnlistedNumber
      {"1000", 0, false, ""},
  };
  for (const Case& c : cases) {
    INFO(c.list);
    std::vector<std::string> out = {"kept"};
    CHECK(ExpandCitationList(c.list, c.max, &out) == c.ok);
    std::vector<std::string> expected = {"kept"};
    if (c.ok) {
      for (size_t b = 0, e; b < c.numbers.size(); b = e + 1) {
        e = c.numbers.find(',', b);
        if (e == std::string::npos) e = c.numbers.size();
        expected.push_back(c.numbers.substr(b, e - b));
      }
    }
    CHECK(out == expected);
  }
}

TEST_CASE("SortRefs orders numerically and removes duplicates", "[ingest]") {
  std::vector<std::string> refs = {"10", "9", "100", "9", "2"};
  SortRefs(&refs);
  CHECK(refs == std::vector<std::string>{"2", "9", "10", "100"});
}

TEST_CASE("Bracket citations", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<std::string> found;
  };
  const std::vector<Case> cases = {
      {"Outcomes improved [3].", {"[3]=3"}},
      {"as reported [40,41] and [36" + kEnDash + "39].",
       {"[40,41]=40,41", "[36-39]=36,37,38,39"}},
      {"mixed [5,7" + kEnDash + "9] list", {"[5,7-9]=5,7,8,9"}},
      {"spaced [5, 7] list", {"[5, 7]=5,7"}},
      {"out of range [61] and [0]", {}},
      {"not numbers [see 3] [CrossRef] [n = 4]", {}},
      {"escaped \\[12\\] markdown", {"[12]=12"}},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Found(c.input, Style(60, false)) == c.found);
  }
}

TEST_CASE("Superscripts followed by a special space in the original", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<std::string> found;
  };
  const std::vector<Case> cases = {
      {"survival was 61%.4" + kEmSpace + "Later work", {"4=4"}},
      {"new therapies,12-14" + kNbsp + "and more", {"12-14=12,13,14"}},
      {"several studies.3-5,9" + kThinSpace + "Then", {"3-5,9=3,4,5,9"}},
      {"lower in samples10" + kNbsp + "and twins", {"10=10"}},
      {"in childhood ALL27" + kNbsp + "and", {"27=27"}},
      {"ends here.8" + kNbsp, {"8=8"}},
      {"the transporter ENT1.36,37" + kNbsp + "Then", {"36,37=36,37"}},
      {"version v1.36" + kNbsp + "was used", {}},
      // Genes, aliases, fusions and decimals are never citations.
      {"FLT3" + kNbsp + "and CD19" + kNbsp + "and AF4" + kNbsp, {}},
      {"H3K79" + kNbsp + "marks and KMT2A-MLLT10" + kNbsp + "fusion", {}},
      {"a rate of 46.1" + kNbsp + "percent", {}},
      {"over 1,000" + kNbsp + "cells", {}},
      {"above 300" + kThinSpace + "000/uL", {}},
      {"beyond the list.75" + kNbsp + "Then", {}},  // 75 > 60 references
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Found(c.input, Style(60, false)) == c.found);
  }
  // Without a reference list no superscript is read.
  CHECK(Found("survival was 61%.4" + kEmSpace + "Later", Style(0, false)).empty());
}

TEST_CASE("Plain superscripts only when the style allows them", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<std::string> found;
  };
  const std::vector<Case> cases = {
      {"as reported previously.12 The next", {"12=12"}},
      {"in this cohort,7 while others", {"7=7"}},
      {"shown in mice3-5 and rats", {"3-5=3,4,5"}},
      {"the p53 pathway", {}},      // one letter
      {"dose 25 mg/m2 daily", {}},  // a unit
      {"FLT3 is mutated", {}},      // upper case: a gene
      {"in CD19 cells", {}},
      {"was 46.1 in total", {}},    // decimal
      {"previously.75 Then", {}},   // beyond the list
      {"previously.12, then", {}},  // not followed by white space
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Found(c.input, Style(60, true)) == c.found);
    if (!c.found.empty()) CHECK(Found(c.input, Style(60, false)).empty());
  }
}

TEST_CASE("Run-on superscripts: Lancet lists and middle-dot decimals", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<std::string> found;
  };
  const std::string kMiddleDot = "\xC2\xB7";
  const std::vector<Case> cases = {
      {"in advanced disease.5, 6 In another", {"5, 6=5,6"}},
      {"only about 40%.3, 4 Despite", {"3, 4=3,4"}},
      {"with few relapses.21, 22, 23, 24 Later", {"21, 22, 23, 24=21,22,23,24"}},
      {"one study21 showed", {"21=21"}},
      // A spaced list must climb: "week.5, 3 patients" is not a marker.
      {"at the visit.5, 3 patients", {}},
      // Middle-dot decimals and numbers in decimals are never citations.
      {"survival was 50" + kMiddleDot + "3% in all", {}},
      {"a ratio of 0" + kMiddleDot + "78, 95% CI", {}},
      {"a ratio of 0.78 in all", {}},
      {"FEV1 >=1" + kMiddleDot + "5 L", {}},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Found(c.input, Style(30, true)) == c.found);
  }
}

TEST_CASE("Numbers below an excerpt's first reference are not superscripts", "[ingest]") {
  CitationStyle style = Style(85, true);
  style.min_number = 53;
  CHECK(Found("as shown before.54 Then", style) == std::vector<std::string>{"54=54"});
  CHECK(Found("as shown before.12 Then", style).empty());
  std::vector<std::string> numbers;
  CHECK_FALSE(ExpandCitationList("12", 85, &numbers, 53));
  CHECK(ExpandCitationList("53-55", 85, &numbers, 53));
  CHECK(Join(numbers) == "53,54,55");
}

TEST_CASE("Parenthesised citations when the document cites that way", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<std::string> found;
  };
  CitationStyle style = Style(30, false);
  style.parentheses = true;
  const std::vector<Case> cases = {
      {"as reported (12).", {"(12)=12"}},
      {"in two trials (3, 4), and", {"(3, 4)=3,4"}},
      {"over time (5-7); then", {"(5-7)=5,6,7"}},
      {"at the end (9)", {"(9)=9"}},
      // Not citations: counts, percentages, years, enumerations, functions.
      {"patients (n = 12).", {}},
      {"a rate (12%).", {}},
      {"since (2019).", {}},
      {"three steps: (1) screen the patients", {}},
      {"the value f(1).", {}},
      {"beyond the list (45).", {}},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Found(c.input, style) == c.found);
    if (!c.found.empty()) CHECK(Found(c.input, Style(30, false)).empty());
  }
}

TEST_CASE("Unicode superscript digits are citations, not units or powers", "[ingest]") {
  struct Case {
    std::string input;
    std::vector<std::string> found;
  };
  const std::string k1 = "\xC2\xB9", k2 = "\xC2\xB2", k3 = "\xC2\xB3",
                    k4 = "\xE2\x81\xB4", k9 = "\xE2\x81\xB9", kMinus = "\xE2\x81\xBB";
  const std::vector<Case> cases = {
      {"in most cancers" + k1 + k2 + " and", {k1 + k2 + "=12"}},
      {"shown before." + k3 + "," + k4 + " Then", {k3 + "," + k4 + "=3,4"}},
      {"several trials" + k2 + kMinus + k4 + " agree", {k2 + kMinus + k4 + "=2,3,4"}},
      {"a dose of 25 mg/m" + k2 + " daily", {}},
      {"counts of 10" + k9 + "/L", {}},
      {"an area in cm" + k2 + " only", {}},
      {"beyond the list" + k4 + k4 + " here", {}},  // 44 > 30
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Found(c.input, Style(30, false)) == c.found);
  }
  // Without a reference list no superscript is read.
  CHECK(Found("in most cancers" + k1 + " and", Style(0, false)).empty());
}

TEST_CASE("DetectCitationStyle turns plain superscripts off for styled texts",
          "[ingest]") {
  auto detect = [](const std::string& input) {
    auto text = MakeText("c.txt", input);
    REQUIRE(text.ok());
    return DetectCitationStyle(*text, {{0, text->normalized.size()}}, 20);
  };
  CHECK(detect("One [1]. Two [2]. Three [3].").plain_superscripts == false);
  CHECK(
      detect("One.1" + kNbsp + "Two.2" + kNbsp + "Three.3" + kNbsp).plain_superscripts ==
      false);
  CHECK(detect("One.1 Two.2 Three [3].").plain_superscripts == true);
  CHECK(detect("One.1 Two.2 Three [3].").max_number == 20);
  CHECK(detect("One (1). Two (2). Three (3).").parentheses == true);
  CHECK(detect("One (1). Two (2). Three [3]. Four [4]. Five [5].").parentheses == false);
  CHECK(detect("One (1). Two (2). Three.").parentheses == false);
}

// A small reference list so that numbers 1..5 are valid.
const char kReferences[] =
    "References\n\n"
    "1. Smith J, Doe A. First title. J Test. 2001;1:1-2.\n"
    "2. Roe B. Second title. J Test. 2002;2:3-4.\n"
    "3. Poe C. Third title. J Test. 2003;3:5-6.\n"
    "4. Low D. Fourth title. J Test. 2004;4:7-8.\n"
    "5. Ray E. Fifth title. J Test. 2005;5:9-10.\n";

struct SentenceRefs {
  std::string text;
  std::string refs;
  bool inherited;
  bool operator==(const SentenceRefs&) const = default;
};

std::ostream& operator<<(std::ostream& os, const SentenceRefs& s) {
  return os << "{" << s.text << " | " << s.refs << (s.inherited ? " inherited" : "")
            << "}";
}

std::vector<SentenceRefs> Attached(const std::string& body) {
  auto text = MakeText("doc.txt", body + "\n" + kReferences);
  REQUIRE(text.ok());
  auto doc = Parse(std::move(text).value());
  REQUIRE(doc.ok());
  std::vector<SentenceRefs> out;
  for (const Sentence& s : doc->sentences) {
    out.push_back(
        {std::string(doc->Slice(s.begin, s.end)), Join(s.refs), s.refs_inherited});
  }
  return out;
}

TEST_CASE("AttachRefs: a passage takes the citation that closes it", "[ingest]") {
  const auto got = Attached(
      "Results\n\n"
      "First claim is made here. Second claim is supported [2]. A closing remark has "
      "none.\n\n"
      "Another paragraph ends without its period\n\n"
      "and continues after the page break [3,4]. Last words.\n\n"
      "A new paragraph cites nothing at all.\n");
  const std::vector<SentenceRefs> expected = {
      {"First claim is made here.", "2", true},
      {"Second claim is supported [2].", "2", false},
      // A tail no citation closes takes the nearest one before it.
      {"A closing remark has none.", "2", true},
      {"Another paragraph ends without its period", "3,4", true},
      {"and continues after the page break [3,4].", "3,4", false},
      {"Last words.", "3,4", true},
      {"A new paragraph cites nothing at all.", "", false},
  };
  CHECK(got == expected);
}

TEST_CASE("AttachRefs: superscript style attaches to the sentence before", "[ingest]") {
  const auto got = Attached("Background\n\nThe rate was 47%.4" + kNbsp +
                            "Recent trials report more,1,2" + kNbsp + "but not all.5" +
                            kNbsp + "An uncited end.\n");
  const std::vector<SentenceRefs> expected = {
      {"The rate was 47%.4", "4", false},
      {"Recent trials report more,1,2 but not all.5", "1,2,5", false},
      {"An uncited end.", "1,2,5", true},
  };
  CHECK(got == expected);
}

TEST_CASE("AttachRefs: a bullet takes the refs of the item it hangs under", "[ingest]") {
  const auto got = Attached(
      "Evidence\n\n"
      "1. The ALPHA trial assigned 100 patients to two arms.[2][Level of evidence A1]\n\n"
      "- The median survival was 10 months in the first arm.\n"
      "- The response rate was 40% with the drug.[3]\n"
      "- Toxicity was mild\n\n"
      "A lead-in without citations:\n\n"
      "- An item without refs.\n");
  const std::vector<SentenceRefs> expected = {
      {"1. The ALPHA trial assigned 100 patients to two arms.[2][Level of evidence A1]",
       "2", false},
      {"- The median survival was 10 months in the first arm.", "2", true},
      {"- The response rate was 40% with the drug.[3]", "3", false},
      {"- Toxicity was mild", "2", true},
      {"A lead-in without citations:", "", false},
      {"- An item without refs.", "", false},
  };
  CHECK(got == expected);
}

TEST_CASE("AttachRefs: table rows use the References cell or the citing sentence",
          "[ingest]") {
  const auto got = Attached(
      "Trials\n\n"
      "The agents are listed in Table 1 [1].\n\n"
      "Table 1. Agents.\n\n"
      "Drug\tPhase\n"
      "alpha-mab\t1\n"
      "beta-nib\t2\n\n"
      "Table 2. Trials.\n\n"
      "Trial\tResult\tRefs\n"
      "T-1\tgood\t3, 4\n"
      "T-2\tpoor\t[5]\n"
      "T-3\tnone\t\n");
  const std::vector<SentenceRefs> expected = {
      {"The agents are listed in Table 1 [1].", "1", false},
      {"Table 1. Agents.", "", false},
      {"alpha-mab\t1", "1", true},
      {"beta-nib\t2", "1", true},
      {"Table 2. Trials.", "", false},
      {"T-1\tgood\t3, 4", "3,4", false},
      {"T-2\tpoor\t[5]", "5", false},
      {"T-3\tnone", "", false},
  };
  CHECK(got == expected);
}

}  // namespace
}  // namespace lg::ingest
