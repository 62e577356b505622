#include "ingest/references.h"

#include <rapidjson/document.h>
#include <re2/re2.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::ingest {
namespace {

struct Expected {
  std::string n, first_author, title, journal, year, kind, volume, pages, doi, pmid, url,
      registry_id;
};

void CheckReference(const graph::Reference& r, const Expected& e) {
  CHECK(r.n == e.n);
  CHECK(r.first_author == e.first_author);
  CHECK(r.title == e.title);
  CHECK(r.journal == e.journal);
  CHECK(r.year == e.year);
  CHECK(r.kind == e.kind);
  CHECK(r.volume == e.volume);
  CHECK(r.pages == e.pages);
  CHECK(r.doi == e.doi);
  CHECK(r.pmid == e.pmid);
  CHECK(r.url == e.url);
  CHECK(r.registry_id == e.registry_id);
}

TEST_CASE("ParseReference reads the one-line layouts", "[ingest]") {
  struct Case {
    std::string printed;
    Expected expected;
  };
  const std::vector<Case> cases = {
      // MDPI markdown.
      {"Novak, A.; Berg, T.E.; et al. Rare Fusions in Infant Leukemia. *J. Clin. "
       "Hematol.* "
       "**2021**, *23*, 127\xE2\x80\x93"
       "135. [\\[CrossRef\\]](#) [\\[PubMed\\]](#)",
       {"7", "Novak", "Rare Fusions in Infant Leukemia", "J. Clin. Hematol.", "2021", "",
        "23", "127-135", "", "", "", ""}},
      {"van den Berg, M.H.; Ode, K. Titles; with a Semicolon of *KMT2A*. *Blood* "
       "**2019**, "
       "*134*, 2649. [CrossRef]",
       {"7", "van den Berg", "Titles; with a Semicolon of KMT2A", "Blood", "2019", "",
        "134", "2649", "", "", "", ""}},
      {"Available online: <https://clinicaltrials.gov/study/NCT01234567> (accessed on 1 "
       "May "
       "2024).",
       {"7", "", "", "", "", "web", "", "", "", "",
        "https://clinicaltrials.gov/study/NCT01234567", "NCT01234567"}},
      // Vancouver / AMA.
      {"Smith J, Doe AB, et al. A new title: with a colon. J Clin Oncol. "
       "2020;12(3):45-67. "
       "doi:10.1200/JCO.2019.01234. PMID: 31234567",
       {"7", "Smith", "A new title: with a colon", "J Clin Oncol", "2020", "", "12",
        "45-67", "10.1200/JCO.2019.01234", "31234567", "", ""}},
      {"de Vries K, Ode L; Study Group. Survival after relapse [abstract]. Blood. "
       "2015;126(23). "
       "Abstract 809.",
       {"7", "de Vries", "Survival after relapse", "Blood", "2015", "abstract", "126", "",
        "", "", "", ""}},
      {"Lee K, Park J. Outcome of a trial [published correction appears in Leukemia. "
       "2017;31(12):2854]. Leukemia. 2016;30(5):1184-1187.",
       {"7", "Lee", "Outcome of a trial", "Leukemia", "2016", "", "30", "1184-1187", "",
        "", "", ""}},
      {"Kim S, Ode P. Does therapy help infants? Hematology Am Soc Hematol Educ Program. "
       "2013;2013:601-604.",
       {"7", "Kim", "Does therapy help infants?",
        "Hematology Am Soc Hematol Educ Program", "2013", "", "2013", "601-604", "", "",
        "", ""}},
      {"Ray N, Moe AM, et al. Cancer Statistics Review, 1975-2010. Bethesda, MD: "
       "National Cancer "
       "Institute; 2013.",
       {"7", "Ray", "Cancer Statistics Review, 1975-2010", "", "2013", "report", "", "",
        "", "", "", ""}},
      {"Able R, Baker S; St. Clair Hospital Genome Project. The landscape of mutations. "
       "Nat "
       "Genet. 2015;47(4):330-337.",
       {"7", "Able", "The landscape of mutations", "Nat Genet", "2015", "", "47",
        "330-337", "", "", "", ""}},
      {"Children's Oncology Group. Protocol results in infants. Blood. 2019 Mar "
       "5;133(10):1000-1010.",
       {"7", "Children's Oncology Group", "Protocol results in infants", "Blood", "2019",
        "", "133", "1000-1010", "", "", "", ""}},
  };
  for (const Case& c : cases) {
    INFO(c.printed);
    CheckReference(ParseReference("7", c.printed), c.expected);
  }
  const graph::Reference r = ParseReference("3", "Smith J, Doe AB. T. J. 2001;1:1.");
  CHECK(r.authors == std::vector<std::string>{"Smith J", "Doe AB"});
  CHECK(r.raw == "Smith J, Doe AB. T. J. 2001;1:1.");
  const graph::Reference m =
      ParseReference("3", "Novak, A.; Berg, T.E. T. *J.* **2001**, *1*, 2.");
  CHECK(m.authors == std::vector<std::string>{"Novak A", "Berg TE"});
}

TEST_CASE("ParseReference reads the colon-author house styles", "[ingest]") {
  struct Case {
    std::string printed;
    Expected expected;
  };
  const std::vector<Case> cases = {
      // Lancet: authors closed by ':', "Journal Year; Vol: Pages."
      {"Novak A, Berg TE, Ode K: A trial of one drug in two arms. Ann Test Oncol 2011; "
       "29: "
       "11-16.",
       {"7", "Novak", "A trial of one drug in two arms", "Ann Test Oncol", "2011", "",
        "29", "11-16", "", "", "", ""}},
      // Oncotarget: "et al.:", a journal written out, no volume.
      {"Berg TE, Ode K, et al.: Circulating markers of a response. The journal of test "
       "haematology 2015.",
       {"7", "Berg", "Circulating markers of a response",
        "The journal of test haematology", "2015", "", "", "", "", "", "", ""}},
      // PDQ: "Journal Vol (Issue): Pages, Year. [PUBMED Abstract]".
      {"Ode K, Berg TE, et al.: Drug X Versus Drug Y: Results From a Phase III Trial. J "
       "Test "
       "Oncol 38 (17): 1887-1896, 2020. [PUBMED Abstract]",
       {"7", "Ode", "Drug X Versus Drug Y: Results From a Phase III Trial",
        "J Test Oncol", "2020", "", "38", "1887-1896", "", "", "", ""}},
      // PDQ abstract: "[Abstract]" before the journal, two page fields.
      {"Roe C, Poe D: A high dose improves survival. [Abstract] J Test Oncol 23 (Suppl "
       "16): "
       "A-2, 1s, 2005.",
       {"7", "Roe", "A high dose improves survival", "J Test Oncol", "2005", "abstract",
        "23", "A-2", "", "", "", ""}},
      // PDQ: a journal holding ": ", pages left empty.
      {"Roe C: Surgery of a tumour. Cancer: Principles of Test Updates 14 (3): 1-12, "
       "2000.",
       {"7", "Roe", "Surgery of a tumour", "Cancer: Principles of Test Updates", "2000",
        "", "14", "1-12", "", "", "", ""}},
      {"Roe C, et al.: A new cohort. JCO Test Oncol 5: , 2021. [PUBMED Abstract]",
       {"7", "Roe", "A new cohort", "JCO Test Oncol", "2021", "", "5", "", "", "", "",
        ""}},
      // A corporate author closed by ':'.
      {"American Test Society: Survival rates by stage.",
       {"7", "American Test Society", "Survival rates by stage", "", "", "", "", "", "",
        "", "", ""}},
  };
  for (const Case& c : cases) {
    INFO(c.printed);
    CheckReference(ParseReference("7", c.printed), c.expected);
  }
  const graph::Reference r = ParseReference(
      "2", "Novak A, von Berg TE: A title. Ann Test Oncol 2011; 29: 11-16.");
  CHECK(r.authors == std::vector<std::string>{"Novak A", "von Berg TE"});
  // Identifiers printed after the entry.
  const graph::Reference ids = ParseReference(
      "4",
      "Novak A: A title. Ann Test Oncol 2011; 29: 11-16. doi:10.1000/ato.2011.29. "
      "PMID: 21234567. PMCID: PMC3123456");
  CHECK(ids.journal == "Ann Test Oncol");
  CHECK(ids.pages == "11-16");
  CHECK(ids.doi == "10.1000/ato.2011.29");
  CHECK(ids.pmid == "21234567");
  CHECK(ids.pmcid == "PMC3123456");
  CHECK(ParseReference("4", "Novak A: A title. J Test 2011; 1: 2. PMC3123456").pmcid ==
        "PMC3123456");
  CHECK(ParseReference("4", "Novak A: A title about PMC1 cells. J Test 2011; 1: 2.")
            .pmcid.empty());
  // Without the author list's ':' the names are not authors.
  const graph::Reference plain =
      ParseReference("2", "A title only. Ann Test Oncol 2011; 29: 1.");
  CHECK(plain.first_author.empty());
  CHECK(plain.title == "A title only");
  CHECK(plain.journal == "Ann Test Oncol");
}

// The parser looks for a word before running a pattern that needs it
// ("pmid", "[", "http"); the patterns ignore case, so must the look.
TEST_CASE("ParseReference reads identifiers and notes in any letter case", "[ingest]") {
  const graph::Reference r = ParseReference(
      "5",
      "Novak A, Berg T. A title [Abstract] [Published Erratum in J Test 2012]. Ann Test "
      "Oncol. 2011;29:11-16. Pmid: 21234567. Pmcid: PMC3123456. DOI: 10.1000/ato.29.");
  CHECK(r.first_author == "Novak");
  CHECK(r.kind == "abstract");
  CHECK(r.title == "A title");
  CHECK(r.journal == "Ann Test Oncol");
  CHECK(r.year == "2011");
  CHECK(r.volume == "29");
  CHECK(r.pages == "11-16");
  CHECK(r.pmid == "21234567");
  CHECK(r.pmcid == "PMC3123456");
  CHECK(r.doi == "10.1000/ato.29");
  // No identifier words: nothing taken, the fields as printed.
  const graph::Reference bare =
      ParseReference("6", "Novak A, Berg T. Another title. Ann Test Oncol. 2011;29:17.");
  CHECK(bare.title == "Another title");
  CHECK(bare.pages == "17");
  CHECK(bare.pmid.empty());
  CHECK(bare.pmcid.empty());
  CHECK(bare.doi.empty());
  CHECK(bare.url.empty());
  CHECK(bare.kind.empty());
  // A link button is dropped from the entry but kept in the raw text.
  const graph::Reference linked = ParseReference(
      "7", "Novak A, Berg T. A third title. Ann Test Oncol. 2011;29:18. [PubMed]");
  CHECK(linked.title == "A third title");
  CHECK(linked.raw ==
        "Novak A, Berg T. A third title. Ann Test Oncol. 2011;29:18. [PubMed]");
}

// SplitMdpi reads the MDPI layout without RE2: it must give what the
// pattern captures, on hand-checked entries and on every combination of a
// few parts (newlines, several italic runs, years at the edges).
TEST_CASE("SplitMdpi gives the pattern's groups", "[ingest]") {
  auto split = [](std::string_view s) {
    std::optional<MdpiParts> p = SplitMdpi(s);
    if (!p) return std::string("none");
    return std::string(p->head) + "|" + std::string(p->journal) + "|" +
           std::string(p->year) + "|" + std::string(p->tail);
  };
  CHECK(split("Novak, A. A title. *J. Test* **2019**, *3*, 1-2.") ==
        "Novak, A. A title.|J. Test|2019|, *3*, 1-2.");
  // The head is the shortest that works: the first italic run that is
  // followed by a bold year.
  CHECK(split("A *note* here. *J. Test* **2019**") == "A *note* here.|J. Test|2019|");
  CHECK(split("A title. *J. Test*\n **1899**, 4.") == "A title.|J. Test|1899|, 4.");
  CHECK(split("A title. *J.\nTest* **2001**") == "A title.|J.\nTest|2001|");
  CHECK(split("A\ntitle. *J. Test* **2001**") == "none");
  CHECK(split("A title. *J. Test* **2001**, 1\n2") == "none");
  CHECK(split("A title. *J. Test* **1799**") == "none");
  CHECK(split("A title. ** **2001**") == "none");
  CHECK(split("A title.\t*J* **2001**x") == "A title.|J|2001|x");

  auto regex_split = [](const std::string& s) {
    static const RE2 kJournalYear(
        R"(^(.*?)\s\*([^*]+?)\*\s*\*\*((?:1[89]|20)\d\d)\*\*(.*)$)");
    std::string g[4];
    if (!RE2::FullMatch(s, kJournalYear, &g[0], &g[1], &g[2], &g[3]))
      return std::string("none");
    return g[0] + "|" + g[1] + "|" + g[2] + "|" + g[3];
  };
  const std::vector<std::string> heads = {
      "", "A title.", "A *x* b.", "A\nb.", "Café é.", "A \xff b.", "A \xed\xa0\x80 b."};
  const std::vector<std::string> gaps = {" ", "\n", "\t", "", "  "};
  const std::vector<std::string> journals = {"J. Test", "", "J\nT", "J *", "Révue"};
  const std::vector<std::string> mids = {"* ", "*", "*\n ", "* x "};
  const std::vector<std::string> years = {"**2019**", "**1899**", "**1799**",
                                          "**2100**", "**201**",  "*2019**"};
  const std::vector<std::string> tails = {"", ", *3*, 1.", "\nmore", " *J2* **2020**",
                                          "x\xff"};
  size_t matched = 0;
  for (const auto& h : heads)
    for (const auto& g : gaps)
      for (const auto& j : journals)
        for (const auto& m : mids)
          for (const auto& y : years)
            for (const auto& t : tails) {
              const std::string s = h + g + "*" + j + m + y + t;
              INFO("entry: [" << s << "]");
              const std::string want = regex_split(s);
              REQUIRE(split(s) == want);
              if (want != "none") ++matched;
            }
  CHECK(matched > 100);
}

// ReadVancouverAuthor reads an author without RE2: it must give what
// RE2::Consume of the pattern gives, on hand-checked names and on every
// combination of a few parts (initials runs of every length, suffixes,
// accents, a family name at the 61 code point limit, a bad byte).
TEST_CASE("ReadVancouverAuthor gives the pattern's groups", "[ingest]") {
  auto read = [](std::string_view s) {
    std::optional<VancouverAuthor> a = ReadVancouverAuthor(s);
    if (!a) return std::string("none");
    return std::string(a->family) + "|" + std::string(a->initials) + "|" +
           std::to_string(a->length);
  };
  CHECK(read("Novak JA, Berg T.") == "Novak|JA|8");
  CHECK(read("van der Berg TE Jr, Novak A.") == "van der Berg|TE|18");
  CHECK(read("Novak J III. Title") == "Novak|J|11");
  CHECK(read("Novak JABCDE, x") == "none");
  CHECK(read("Novak JAb, x") == "none");
  CHECK(read("Novak DER Berg AB.") == "Novak|DER|9");
  CHECK(read("1Novak J") == "none");
  CHECK(read("Ñovak J.") == "Ñovak|J|8");

  auto regex_read = [](const std::string& s) {
    static const RE2 kAuthor(
        R"(([^,.;:()\[\]0-9][^,.;:()\[\]]{0,60}?) ([A-Z]{1,5})\b(?: (?:Jr|Sr|2nd|3rd|II|III)\b)?)");
    re2::StringPiece rest(s), family, initials;
    if (!RE2::Consume(&rest, kAuthor, &family, &initials)) return std::string("none");
    return std::string(family) + "|" + std::string(initials) + "|" +
           std::to_string(rest.data() - s.data());
  };
  const std::vector<std::string> families = {
      "Novak",
      "van Berg",
      "N",
      "Ñovák",
      "9x",
      std::string(60, 'a'),
      std::string(61, 'a'),
      std::string(30, 'a') + "é" + std::string(29, 'b'),
      "No\xffvak",
      ". Novak",
      "A B"};
  const std::vector<std::string> gaps = {" ", "  ", "", "\t"};
  const std::vector<std::string> initials = {"J",  "JA", "JABCD", "JABCDE", "Ja",
                                             "J_", "J1", "",      "II",     "É"};
  const std::vector<std::string> ends = {"",     ", ",    ".",     " Jr,", " III.",
                                         " IIx", " 2nd ", " Sr_",  " AB",  " Jr Jr",
                                         "\xff", " éx",   "; Berg"};
  size_t matched = 0;
  for (const auto& f : families)
    for (const auto& g : gaps)
      for (const auto& i : initials)
        for (const auto& e : ends) {
          const std::string s = f + g + i + e;
          INFO("author: [" << s << "]");
          const std::string want = regex_read(s);
          REQUIRE(read(s) == want);
          if (want != "none") ++matched;
        }
  CHECK(matched > 300);
}

std::vector<std::string> Numbers(const ReferenceList& list) {
  std::vector<std::string> out;
  for (const graph::Reference& r : list.references)
    out.push_back(r.n + ":" + r.first_author);
  return out;
}

TEST_CASE("FindReferenceList locates the numbered list", "[ingest]") {
  SECTION("an excerpt's list under a heading starts where its section starts") {
    auto text =
        MakeText("r.txt",
                 "Body [53].\n\nReferences\n\n53. Ode A: T1. J Test 1 (2): 3-4, 2001.\n"
                 "54. Poe B: T2. J Test 2 (1): 5-6, 2002.\n"
                 "55. Roe C, et al.: T3. J Test 3 (1): 7-8, 2003.\n");
    REQUIRE(text.ok());
    const ReferenceList list = FindReferenceList(*text);
    REQUIRE(list.found);
    CHECK(Numbers(list) == std::vector<std::string>{"53:Ode", "54:Poe", "55:Roe"});
    CHECK(list.references[2].journal == "J Test");
    CHECK(list.references[2].year == "2003");
  }
  SECTION("a list past 1 needs three entries, and a heading") {
    auto two = MakeText("r.txt",
                        "Body.\n\nReferences\n\n53. Ode A: T1. J Test 1: 3, 2001.\n"
                        "54. Poe B: T2. J Test 2: 5, 2002.\n");
    REQUIRE(two.ok());
    CHECK_FALSE(FindReferenceList(*two).found);
    auto bare =
        MakeText("r.txt",
                 "Body.\n\n53. Ode A: T1. J Test 1: 3, 2001.\n"
                 "54. Poe B: T2. J Test 2: 5, 2002.\n55. Roe C: T3. J 3: 7, 2003.\n");
    REQUIRE(bare.ok());
    CHECK_FALSE(FindReferenceList(*bare).found);
  }
  SECTION("after a heading, past numbered section headings") {
    auto text = MakeText(
        "r.txt",
        "1. Introduction\n\nBody [1].\n\n2. Methods\n\nMore [2].\n\n"
        "References\n\n1. Ode A. T1. J. 2001;1:1.\n2. Poe B. T2. J. 2002;2:2.\n\n"
        "3. Roe C. T3. J. 2003;3:3.\n\nDisclaimer: not a reference.\n");
    REQUIRE(text.ok());
    const ReferenceList list = FindReferenceList(*text);
    REQUIRE(list.found);
    CHECK(Numbers(list) == std::vector<std::string>{"1:Ode", "2:Poe", "3:Roe"});
    CHECK(text->normalized.substr(list.heading_begin,
                                  list.heading_end - list.heading_begin) == "References");
    CHECK(text->normalized.substr(list.entries[2].begin,
                                  list.entries[2].end - list.entries[2].begin) ==
          "3. Roe C. T3. J. 2003;3:3.");
  }
  SECTION("one token per line, without a heading") {
    auto text = MakeText(
        "r.txt",
        "Body text.1\xC2\xA0\n\nCorrespondence: someone.\n\n"
        "1.\nOde\nA\n,\nPoe\nB\n.\nA first "
        "title\n.\nBlood\n.\n2001\n;\n1\n(\n2\n):\n3\n-\n4\n.\n"
        "2.\nRoe\nC\n, et al\n.\nSecond title [abstract]\n.\nLeukemia\n.\n2002\n;\n5\n.\n"
        "3.\nLow\nD\n.\nThird title\n.\nNat "
        "Genet\n.\n2003\n;\n6\n(\n1\n):\n7\n-\n8\n.\n");
    REQUIRE(text.ok());
    const ReferenceList list = FindReferenceList(*text);
    REQUIRE(list.found);
    CHECK(list.heading_begin == list.heading_end);
    REQUIRE(list.references.size() == 3);
    CHECK(list.entries[0].printed ==
          "Ode A, Poe B. A first title. Blood. 2001;1(2):3-4.");
    CheckReference(list.references[0], {"1", "Ode", "A first title", "Blood", "2001", "",
                                        "1", "3-4", "", "", "", ""});
    CHECK(list.references[1].title == "Second title");
    CHECK(list.references[1].kind == "abstract");
    CHECK(list.references[2].journal == "Nat Genet");
  }
  SECTION("no list") {
    auto text = MakeText("r.txt", "1. Only one numbered line.\n\nAnd a paragraph.\n");
    REQUIRE(text.ok());
    CHECK_FALSE(FindReferenceList(*text).found);
  }
}

// ---- The real reference lists against the gold annotations ---------------

std::string Alnum(const std::string& s) {
  std::string out;
  for (char c : s) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c))
                      ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                      : ' ');
  }
  return out;
}

double TokenJaccard(const std::string& a, const std::string& b) {
  auto tokens = [](const std::string& s) {
    std::set<std::string> out;
    std::string cur;
    for (char c : Alnum(s) + " ") {
      if (c == ' ') {
        if (!cur.empty()) out.insert(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    return out;
  };
  const auto ta = tokens(a), tb = tokens(b);
  size_t common = 0;
  for (const auto& t : ta) common += tb.count(t);
  const size_t all = ta.size() + tb.size() - common;
  return all == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(all);
}

std::string NoDotsSpaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != '.' && c != ' ')
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// Lower case, Latin-1 diacritics folded (the gold spells "Gröger", "Chillón").
std::string FoldName(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[++i]) | 0x20;  // lower-case the letter
      const char* map =
          "aaaaaaaceeeeiiii"
          "dnooooo ouuuuyty";
      out.push_back(d >= 0xA0 && d <= 0xBF ? map[d - 0xA0] : '?');
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

std::string Field(const rapidjson::Value& v, const char* name) {
  if (!v.HasMember(name)) return "";
  const rapidjson::Value& f = v[name];
  if (f.IsString()) return f.GetString();
  if (f.IsInt()) return std::to_string(f.GetInt());
  return "";
}

// The reference lists of ../shared/dev/texts, every house style: entries
// that print a year get their first author and year (>= 95% in every text),
// entries that are not web pages their journal (>= 90%).
TEST_CASE("Reference lists of the dev texts carry author, year and journal", "[ingest]") {
  // A year 1800-2099 printed as a word of four digits.
  auto prints_year = [](const std::string& raw) {
    for (size_t i = 0; i + 4 <= raw.size(); ++i) {
      const bool start = i == 0 || !std::isalnum(static_cast<unsigned char>(raw[i - 1]));
      const bool end =
          i + 4 == raw.size() || !std::isalnum(static_cast<unsigned char>(raw[i + 4]));
      const bool digits = std::all_of(raw.begin() + static_cast<long>(i),
                                      raw.begin() + static_cast<long>(i) + 4,
                                      [](char c) { return c >= '0' && c <= '9'; });
      if (start && end && digits &&
          (raw.compare(i, 2, "18") == 0 || raw.compare(i, 2, "19") == 0 ||
           raw.compare(i, 2, "20") == 0)) {
        return true;
      }
    }
    return false;
  };
  int texts = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::SharedDir() + "/dev/texts")) {
    if (entry.path().extension() != ".txt") continue;
    ++texts;
    auto text = ReadText(entry.path().string());
    REQUIRE(text.ok());
    const ReferenceList list = FindReferenceList(*text);
    INFO(entry.path().filename().string());
    REQUIRE(list.references.size() >= 20);
    int dated = 0, author_year = 0, articles = 0, journal = 0;
    for (const graph::Reference& r : list.references) {
      if (r.kind == "web") continue;
      if (prints_year(r.raw)) {
        ++dated;
        author_year += !r.first_author.empty() && !r.year.empty();
      }
      if (r.kind == "report" || r.kind == "book") continue;
      ++articles;
      journal += !r.journal.empty();
    }
    std::printf("%s: %zu references from %s, author+year %d/%d, journal %d/%d\n",
                entry.path().filename().string().c_str(), list.references.size(),
                list.references.front().n.c_str(), author_year, dated, journal, articles);
    CHECK(author_year >= 0.95 * dated);
    CHECK(journal >= 0.90 * articles);
  }
  CHECK(texts >= 6);
}

TEST_CASE("All references of the real texts match the gold annotations", "[ingest]") {
  for (const char* stem : {"000_4ae7b0927be87e20", "002_b349d65e17dedb88"}) {
    auto text = ReadText(testing::SharedDir() + "/corpus/" + stem + ".txt");
    REQUIRE(text.ok());
    const ReferenceList list = FindReferenceList(*text);
    rapidjson::Document gold;
    gold.Parse(
        testing::ReadFileOrDie(testing::SharedDir() + "/gold/" + stem + ".json").c_str());
    REQUIRE_FALSE(gold.HasParseError());
    const rapidjson::Value& refs = gold["references"];
    REQUIRE(list.references.size() == refs.Size());
    int mismatches = 0;
    for (rapidjson::SizeType i = 0; i < refs.Size(); ++i) {
      const rapidjson::Value& g = refs[i];
      const graph::Reference& r = list.references[i];
      std::vector<std::string> errors;
      if (r.n != Field(g, "n")) errors.push_back("n " + r.n);
      if (Field(g, "kind") == "web") {
        if (r.kind != "web") errors.push_back("kind " + r.kind);
        if (r.registry_id != Field(g, "registry_id"))
          errors.push_back("registry " + r.registry_id);
        if (r.url != Field(g, "url")) errors.push_back("url " + r.url);
        if (!r.first_author.empty() || !r.title.empty() || !r.year.empty()) {
          errors.push_back("web entry with fields");
        }
      } else {
        if (FoldName(r.first_author) != FoldName(Field(g, "first_author"))) {
          errors.push_back("first_author " + r.first_author);
        }
        if (r.year != Field(g, "year")) errors.push_back("year " + r.year);
        if (NoDotsSpaces(r.journal) != NoDotsSpaces(Field(g, "journal"))) {
          errors.push_back("journal " + r.journal);
        }
        if (TokenJaccard(r.title, Field(g, "title")) < 0.9)
          errors.push_back("title " + r.title);
        if (r.kind != Field(g, "kind")) errors.push_back("kind " + r.kind);
      }
      if (!errors.empty()) {
        ++mismatches;
        std::string all;
        for (const auto& e : errors) all += e + "; ";
        UNSCOPED_INFO(stem << " [" << Field(g, "n") << "] " << all);
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Hand-checked references of the real texts", "[ingest]") {
  struct Row {
    const char* stem;
    size_t index;
    const char* n;
    const char* first_author;
    const char* year;
    const char* journal;
  };
  const std::vector<Row> rows = {
      {"000_4ae7b0927be87e20", 0, "1", "Howlader", "2013", ""},
      {"000_4ae7b0927be87e20", 1, "2", "Hilden", "2006", "Blood"},
      {"000_4ae7b0927be87e20", 13, "14", "Strick", "2000", "Proc Natl Acad Sci USA"},
      {"000_4ae7b0927be87e20", 19, "20", "Cooper", "2017", "Blood"},
      {"000_4ae7b0927be87e20", 25, "26", "de Rooij", "2017", "Nat Genet"},
      {"000_4ae7b0927be87e20", 31, "32", "Gibson", "2011", "Br J Haematol"},
      {"000_4ae7b0927be87e20", 32, "33", "Sison", "2013",
       "Hematology Am Soc Hematol Educ Program"},
      {"000_4ae7b0927be87e20", 41, "42", "Driessen", "2016", "Leukemia"},
      {"000_4ae7b0927be87e20", 43, "44", "Andersson", "2015", "Nat Genet"},
      {"000_4ae7b0927be87e20", 46, "47", "Kostadinov", "2015", "Blood"},
      {"000_4ae7b0927be87e20", 94, "95", "Qasim", "2017", "Sci Transl Med"},
      {"000_4ae7b0927be87e20", 99, "100", "Kerstjens", "2018", "Haematologica"},
      {"002_b349d65e17dedb88", 0, "1", "Ibrahimova", "2021", "Curr. Oncol. Rep."},
      {"002_b349d65e17dedb88", 3, "4", "El Chaer", "2020", "Curr. Hematol. Malig. Rep."},
      {"002_b349d65e17dedb88", 5, "6", "van der Linden", "2009", "Blood"},
      {"002_b349d65e17dedb88", 9, "10", "Meyer", "2023", "Leukemia"},
      {"002_b349d65e17dedb88", 27, "28", "Isoyama", "2002", "Br. J. Haematol."},
      {"002_b349d65e17dedb88", 49, "50", "Du", "2021", "Pediatr. Dev. Pathol."},
      {"002_b349d65e17dedb88", 59, "60", "", "", ""},
      {"002_b349d65e17dedb88", 65, "66", "Karol", "2019", "Blood"},
      {"002_b349d65e17dedb88", 74, "75", "Guest", "2022", "Blood"},
      {"002_b349d65e17dedb88", 78, "79", "", "", ""},
  };
  std::string loaded;
  ReferenceList list;
  for (const Row& row : rows) {
    if (loaded != row.stem) {
      auto text = ReadText(testing::SharedDir() + "/corpus/" + row.stem + ".txt");
      REQUIRE(text.ok());
      list = FindReferenceList(*text);
      loaded = row.stem;
    }
    REQUIRE(row.index < list.references.size());
    const graph::Reference& r = list.references[row.index];
    INFO(row.stem << " " << row.n);
    CHECK(r.n == row.n);
    CHECK(r.first_author == row.first_author);
    CHECK(r.year == row.year);
    CHECK(r.journal == row.journal);
  }
}

}  // namespace
}  // namespace lg::ingest
