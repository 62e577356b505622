#include "ingest/document.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::ingest {
namespace {

const std::string kNbsp = "\xC2\xA0";

const char kReferences[] =
    "References\n\n"
    "1. Smith J, Doe A. First title. J Test. 2001;1:1-2.\n"
    "2. Roe B. Second title. J Test. 2002;2:3-4.\n"
    "3. Poe C. Third title. J Test. 2003;3:5-6.\n"
    "4. Low D. Fourth title. J Test. 2004;4:7-8.\n";

Document MustParse(const std::string& bytes) {
  auto text = MakeText("doc.txt", bytes);
  REQUIRE(text.ok());
  auto doc = Parse(std::move(text).value());
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

std::vector<std::string> SentenceTexts(const Document& doc, BlockKind kind) {
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences) {
    if (doc.blocks[s.block].kind == kind) out.emplace_back(doc.Slice(s.begin, s.end));
  }
  return out;
}

const char* KindName(BlockKind kind) {
  switch (kind) {
    case BlockKind::kTitle:
      return "TITLE";
    case BlockKind::kFrontMatter:
      return "FRONT";
    case BlockKind::kHeading:
      return "HEAD";
    case BlockKind::kParagraph:
      return "PARA";
    case BlockKind::kCaption:
      return "CAPT";
    case BlockKind::kTableRow:
      return "ROW";
    case BlockKind::kTableNote:
      return "NOTE";
    case BlockKind::kBackMatter:
      return "BACK";
    case BlockKind::kReferenceEntry:
      return "REF";
  }
  return "?";
}

// "KIND first-20-bytes" per block, with '+' marking a page-break continuation.
std::vector<std::string> BlockDump(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) {
    std::string text(doc.Slice(b.begin, b.end).substr(0, 20));
    std::replace(text.begin(), text.end(), '\n', '|');
    std::replace(text.begin(), text.end(), '\t', '>');
    out.push_back(std::string(KindName(b.kind)) + (b.continues_previous ? "+ " : " ") +
                  text);
  }
  return out;
}

TEST_CASE("Sentence splitting", "[ingest]") {
  struct Case {
    std::string paragraph;
    std::vector<std::string> sentences;
  };
  const std::vector<Case> cases = {
      {"The rate was 46.1% in arm A. The other arm differed.",
       {"The rate was 46.1% in arm A.", "The other arm differed."}},
      {"As shown by Lee et al. (2019), the effect held. It was large.",
       {"As shown by Lee et al. (2019), the effect held.", "It was large."}},
      {"Several agents (e.g. Venetoclax, i.e. Others) work. Agents, eg, drugs, act. Next "
       "one.",
       {"Several agents (e.g. Venetoclax, i.e. Others) work.", "Agents, eg, drugs, act.",
        "Next one."}},
      {"Arm A vs. Arm B showed no difference. See Fig. 2 for details. It rose approx. 50 "
       "percent. Done.",
       {"Arm A vs. Arm B showed no difference.", "See Fig. 2 for details.",
        "It rose approx. 50 percent.", "Done."}},
      {"The work of J. R. Smith came early. The U.S. Food and Drug Administration "
       "approved it.",
       {"The work of J. R. Smith came early.",
        "The U.S. Food and Drug Administration approved it."}},
      {"Infants fared worse [3]. Older children, respectively [2,4]. Then a dose of 2.5 "
       "mg. Next.",
       {"Infants fared worse [3].", "Older children, respectively [2,4].",
        "Then a dose of 2.5 mg.", "Next."}},
      {"Present in most cases [1] It also involves a gene [2].",
       {"Present in most cases [1]", "It also involves a gene [2]."}},
      {"The rate was 47%.4" + kNbsp + "Recent data agree.1,2" + kNbsp +
           "Is it safe? Mostly!",
       {"The rate was 47%.4", "Recent data agree.1,2", "Is it safe?", "Mostly!"}},
      {"A vitamin D. The end \"quoted.\" Then (in brackets.) More.",
       {"A vitamin D.", "The end \"quoted.\"", "Then (in brackets.)", "More."}},
  };
  for (const Case& c : cases) {
    INFO(c.paragraph);
    const Document doc = MustParse("Heading\n\n" + c.paragraph + "\n\n" + kReferences);
    CHECK(SentenceTexts(doc, BlockKind::kParagraph) == c.sentences);
  }
}

TEST_CASE("Structure of a journal-style text", "[ingest]") {
  const std::string input =
      "Review\n\n"
      "Novel Agents for Rare Leukemias\xE2\x80\x94"
      "A Survey\n\n"
      "Ann Example 1, Bob Sample 2,* and Cid Person 1\n\n"
      "1 Department of Testing, Example University, City, Country; ann@example.org\n\n"
      "* Correspondence: bob@example.org\n\n"
      "Abstract: Rare leukemias need new agents. This survey covers them.\n\n"
      "Citation: Example, A.; Sample, B.; Person, C. Novel Agents for Rare "
      "Leukemias\xE2\x80\x94"
      "A Survey. *Int. J. Test. Sci.* **2023**, *24*, 1234. "
      "<https://doi.org/10.1234/ijts24001234>\n\n"
      "Received: 1 January 2023\n\n"
      "Keywords: leukemia; agents\n\n"
      "1. Introduction\n\n"
      "Rare leukemias are hard to treat [1]. Several agents exist and more are coming\n\n"
      "in trials that enrol infants [2].\n\n"
      "Table 1. Agents under study.\n\n"
      "Class\tAgent\tRefs\n"
      "Inhibitor\tdrug-a\t[1]\n"
      "\tdrug-b\t[2]\n\n"
      "Table 1. Cont.\n\n"
      "Class\tAgent\tRefs\n"
      "Antibody\tdrug-c\t[3]\n\n"
      "N/A\xE2\x80\x94not available; Refs\xE2\x80\x94references.\n\n"
      "2.1. Summary of Agents\n\n"
      "Agents help.\n\n"
      "Author Contributions: A.E. wrote it.\n\n"
      "Funding: None.\n\n"
      "References\n\n"
      "1. Example, A. Title one. *J. Test.* **2020**, *1*, 1\xE2\x80\x93"
      "2.\n"
      "2. Sample, B. Title two. *J. Test.* **2021**, *2*, 3\xE2\x80\x93"
      "4.\n"
      "3. Available online: https://clinicaltrials.gov/study/NCT00000001 (accessed on 1 "
      "May "
      "2023).\n";
  const Document doc = MustParse(input);
  const std::vector<std::string> expected = {
      "FRONT Review",
      "TITLE Novel Agents for Rar",
      "FRONT Ann Example 1, Bob S",
      "FRONT 1 Department of Test",
      "FRONT * Correspondence: bo",
      "PARA Abstract: Rare leuke",
      "FRONT Citation: Example, A",
      "FRONT Received: 1 January ",
      "FRONT Keywords: leukemia; ",
      "HEAD 1. Introduction",
      "PARA Rare leukemias are h",
      "PARA+ in trials that enrol",
      "CAPT Table 1. Agents unde",
      "ROW Inhibitor>drug-a>[1]",
      "ROW drug-b>[2]",
      "CAPT Table 1. Cont.",
      "ROW Antibody>drug-c>[3]",
      "NOTE N/A-not available; R",
      "HEAD 2.1. Summary of Agen",
      "PARA Agents help.",
      "BACK Author Contributions",
      "BACK Funding: None.",
      "HEAD References",
      "REF 1. Example, A. Title",
      "REF 2. Sample, B. Title ",
      "REF 3. Available online:",
  };
  CHECK(BlockDump(doc) == expected);

  CHECK(doc.meta.title == "Novel Agents for Rare Leukemias-A Survey");
  CHECK(doc.meta.doi == "10.1234/ijts24001234");
  CHECK(doc.meta.journal == "Int. J. Test. Sci.");
  CHECK(doc.meta.year == "2023");
  CHECK(doc.meta.authors ==
        std::vector<std::string>{"Ann Example", "Bob Sample", "Cid Person"});

  REQUIRE(doc.sections.size() == 3);
  CHECK(doc.sections[1].title == "2.1. Summary of Agents");
  CHECK(doc.blocks[doc.sections[1].block].kind == BlockKind::kHeading);

  REQUIRE(doc.tables.size() == 1);
  const Table& table = doc.tables[0];
  CHECK(table.label == "Table 1");
  CHECK(table.caption == "Agents under study.");
  CHECK(table.header == std::vector<std::string>{"Class", "Agent", "Refs"});
  REQUIRE(table.rows.size() == 3);
  auto cells = [&](const Table::Row& row) {
    std::vector<std::string> out;
    for (const auto& [b, e] : row.cells) out.emplace_back(doc.Slice(b, e));
    return out;
  };
  CHECK(cells(table.rows[0]) == std::vector<std::string>{"Inhibitor", "drug-a", "[1]"});
  CHECK(cells(table.rows[1]) == std::vector<std::string>{"Inhibitor", "drug-b", "[2]"});
  CHECK(cells(table.rows[2]) == std::vector<std::string>{"Antibody", "drug-c", "[3]"});
  CHECK(doc.sentences[table.rows[2].sentence].refs == std::vector<std::string>{"3"});

  // The passage split by the page break inherits across it.
  for (const Sentence& s : doc.sentences) {
    if (doc.Slice(s.begin, s.end) == "Several agents exist and more are coming") {
      CHECK(s.refs == std::vector<std::string>{"2"});
      CHECK(s.refs_inherited);
    }
  }
  REQUIRE(doc.references.size() == 3);
  CHECK(doc.references[2].kind == "web");
  CHECK(doc.references[2].registry_id == "NCT00000001");
  CHECK(doc.references[0].journal == "J. Test.");
}

TEST_CASE("Structure of a web-page text with duplicated tables", "[ingest]") {
  const std::string input =
      "Opening paragraph of the review that cites a source.1" + kNbsp +
      "Another sentence follows here.\n\n"
      "Table 1.\n\n"
      "Agents by class\n\n"
      "Class nameAgentTarget\n"
      "Kinase inhibitor" +
      kNbsp + "drug-a" + kNbsp + "KIT" + kNbsp +
      "\n"
      "Antibody" +
      kNbsp + "drug-c" + kNbsp + "CD33" + kNbsp +
      "\n"
      "Class nameAgentTarget\n"
      "Kinase inhibitor" +
      kNbsp + "drug-a" + kNbsp + "KIT" + kNbsp +
      "\n"
      "Antibody" +
      kNbsp + "drug-c" + kNbsp + "CD33" + kNbsp +
      "\n\n"
      "KIT, a receptor; CD33, a marker.\n\n"
      "Figure 1.\n\n"
      "A schema of the agents.\n\n"
      "Figure 1.\n\n"
      "A schema of the agents.\n\n"
      "Close modal\n\n"
      "Therapy\n\n"
      "Agents were given.2" +
      kNbsp +
      "\n\n"
      "Contribution: A.B. wrote the paper.\n\n"
      "1.\nAble\nR\n.\nFirst title\n.\nBlood\n.\n2001\n;\n1\n.\n"
      "2.\nBaker\nS\n, et al\n.\nSecond title\n.\nLeukemia\n.\n2002\n;\n2\n.\n"
      "3.\nCole\nT\n.\nThird title\n.\nNat Med\n.\n2003\n;\n3\n.\n";
  const Document doc = MustParse(input);
  const std::vector<std::string> expected = {
      "PARA Opening paragraph of",
      "CAPT Table 1.||Agents by ",
      "ROW Kinase inhibitor dru",
      "ROW Antibody drug-c CD33",
      "NOTE KIT, a receptor; CD3",
      "CAPT Figure 1.||A schema ",
      "HEAD Therapy",
      "PARA Agents were given.2",
      "BACK Contribution: A.B. w",
      "REF 1.|Able|R|.|First ti",
      "REF 2.|Baker|S|, et al|.",
      "REF 3.|Cole|T|.|Third ti",
  };
  CHECK(BlockDump(doc) == expected);
  CHECK(doc.meta.title.empty());
  CHECK(doc.meta.doi.empty());
  REQUIRE(doc.tables.size() == 1);
  CHECK(doc.tables[0].header ==
        std::vector<std::string>{"Class name", "Agent", "Target"});
  REQUIRE(doc.tables[0].rows.size() == 2);
  const auto& cells = doc.tables[0].rows[0].cells;
  REQUIRE(cells.size() == 3);
  CHECK(doc.Slice(cells[0].first, cells[0].second) == "Kinase inhibitor");
  CHECK(doc.Slice(cells[2].first, cells[2].second) == "KIT");
  CHECK(SentenceTexts(doc, BlockKind::kCaption) ==
        std::vector<std::string>{"Table 1.\n\nAgents by class",
                                 "Figure 1.\n\nA schema of the agents."});
  CHECK(SentenceTexts(doc, BlockKind::kParagraph) ==
        std::vector<std::string>{"Opening paragraph of the review that cites a source.1",
                                 "Another sentence follows here.",
                                 "Agents were given.2"});
  REQUIRE(doc.references.size() == 3);
  CHECK(doc.references[1].first_author == "Baker");
}

TEST_CASE("Structure of a PDQ-style excerpt", "[ingest]") {
  const std::string input =
      "Test Cancer Treatment (PDQ)\xE2\x80\x93Health Professional Version\n\n"
      "Treatment Options\n\n"
      "Options include:\n\n"
      "1. Initial therapy.\n\n"
      "- Drug-a.\n"
      "- Drug-b\n"
      "2. Later therapy\n\n"
      "Evidence (drug-a):\n\n"
      "1. The ALPHA trial assigned 80 patients.[54][Level of evidence A1]\n\n"
      "- The response rate was 40%.\n\n"
      "References\n\n"
      "53. Ode A, et al.: First title. J Test 1 (2): 3-4, 2001. [PUBMED Abstract]\n"
      "54. Poe B: Second title. J Test 2 (1): 5-6, 2002. [PUBMED Abstract]\n"
      "55. Roe C: Third title. J Test 3 (1): 7-8, 2003. [PUBMED Abstract]\n";
  const Document doc = MustParse(input);
  CHECK(doc.meta.title == "Test Cancer Treatment (PDQ)-Health Professional Version");
  // ('+': "Evidence" follows an item printed without its period.)
  const std::vector<std::string> blocks = {
      "TITLE Test Cancer Treatmen",
      "HEAD Treatment Options",
      "PARA Options include:",
      "PARA 1. Initial therapy.",
      "PARA - Drug-a.",
      "PARA - Drug-b",
      "PARA 2. Later therapy",
      "PARA+ Evidence (drug-a):",
      "PARA 1. The ALPHA trial a",
      "PARA - The response rate ",
      "HEAD References",
      "REF 53. Ode A, et al.: F",
      "REF 54. Poe B: Second ti",
      "REF 55. Roe C: Third tit",
  };
  CHECK(BlockDump(doc) == blocks);
  REQUIRE(doc.references.size() == 3);
  CHECK(doc.references[0].n == "53");
  CHECK(doc.references[0].journal == "J Test");
  // Bullets hang under the item before them; items and lead-ins do not.
  CHECK(doc.blocks[4].bullet);
  CHECK(doc.blocks[4].parent == 3);
  CHECK(doc.blocks[5].parent == 3);
  CHECK(doc.blocks[6].numbered_item);
  CHECK(doc.blocks[6].parent == -1);
  CHECK(doc.blocks[9].parent == 8);
  const Sentence* bullet = nullptr;
  for (const Sentence& sent : doc.sentences) {
    if (sent.block == 9) bullet = &sent;
  }
  REQUIRE(bullet != nullptr);
  CHECK(bullet->refs == std::vector<std::string>{"54"});
  CHECK(bullet->refs_inherited);
}

TEST_CASE("Tables separated by '|' or aligned spaces: one row, one sentence",
          "[ingest]") {
  const std::string input =
      "Results\n\n"
      "Responses are shown in Table 1 [1].\n\n"
      "Table 1 Response by arm\n\n"
      "|  | Arm A (N=30) | Arm B (N=31) | p-value |\n"
      "|---|---|---|---|\n"
      "| ORR | 27 (90%) | 20 (64.5%) | 0.02 |\n"
      "| CR | 12 (40%) | 6 (19.4%) | 0.08 |\n\n"
      "ORR, overall response rate; CR, complete response.\n\n"
      "Table 2. Doses.\n\n"
      "Drug       Dose      Days\n"
      "drug-a     10 mg     1-5\n"
      "drug-b     2 mg      1\n\n"
      "The text goes on here.\n";
  const Document doc = MustParse(input + "\n" + kReferences);
  REQUIRE(doc.tables.size() == 2);
  const Table& pipes = doc.tables[0];
  CHECK(pipes.label == "Table 1");
  CHECK(pipes.caption == "Response by arm");
  CHECK(pipes.header ==
        std::vector<std::string>{"", "Arm A (N=30)", "Arm B (N=31)", "p-value"});
  REQUIRE(pipes.rows.size() == 2);
  std::vector<std::string> cells;
  for (const auto& [b, e] : pipes.rows[1].cells) cells.emplace_back(doc.Slice(b, e));
  CHECK(cells == std::vector<std::string>{"CR", "12 (40%)", "6 (19.4%)", "0.08"});
  CHECK(std::string(doc.Slice(doc.sentences[pipes.rows[0].sentence].begin,
                              doc.sentences[pipes.rows[0].sentence].end)) ==
        "| ORR | 27 (90%) | 20 (64.5%) | 0.02 |");
  // The rows take the refs of the sentence citing the table.
  CHECK(doc.sentences[pipes.rows[0].sentence].refs == std::vector<std::string>{"1"});
  const Table& aligned = doc.tables[1];
  CHECK(aligned.header == std::vector<std::string>{"Drug", "Dose", "Days"});
  REQUIRE(aligned.rows.size() == 2);
  cells.clear();
  for (const auto& [b, e] : aligned.rows[0].cells) cells.emplace_back(doc.Slice(b, e));
  CHECK(cells == std::vector<std::string>{"drug-a", "10 mg", "1-5"});
  // Ordinary prose is neither a table nor a caption.
  const Document prose = MustParse(
      "Results\n\nTable 1 shows the doses used.\nThe  text has a double space.\n");
  CHECK(prose.tables.empty());
}

TEST_CASE("The first line of a text is its title when it reads as one", "[ingest]") {
  CHECK(
      MustParse("A Trial of Drug-a in Test Cancer: Final Results\n\nAbstract\n\nText.\n")
          .meta.title == "A Trial of Drug-a in Test Cancer: Final Results");
  CHECK(MustParse("Abstract\n\nText here.\n").meta.title.empty());
  CHECK(MustParse("Leukemia in infants is rare.\n\nText here.\n").meta.title.empty());
  CHECK(MustParse("Short Title\n\nText here.\n").meta.title.empty());
  // A DOI printed under the title is the text's DOI, and not body text.
  const Document with_doi = MustParse(
      "A Trial of Drug-a in Test Cancer\n\nDOI: "
      "10.1000/tc.2024.001\n\nAbstract\n\nText.\n");
  CHECK(with_doi.meta.doi == "10.1000/tc.2024.001");
  CHECK(with_doi.blocks[1].kind == BlockKind::kFrontMatter);
  CHECK(MustParse(
            "A Trial of Drug-a in Test Cancer\n\nhttps://doi.org/10.1000/tc.2024.002\n\n"
            "Text.\n")
            .meta.doi == "10.1000/tc.2024.002");
}

TEST_CASE("Unstructured input is one paragraph of sentences", "[ingest]") {
  const Document doc = MustParse("just some words. and more words without capitals");
  REQUIRE(doc.blocks.size() == 1);
  CHECK(doc.blocks[0].kind == BlockKind::kParagraph);
  CHECK(doc.sentences.size() == 1);
  CHECK(doc.references.empty());
}

// ---- The real texts --------------------------------------------------------

Document ParseCorpus(const std::string& stem) {
  auto text = ReadText(testing::SharedDir() + "/corpus/" + stem + ".txt");
  REQUIRE(text.ok());
  auto doc = Parse(std::move(text).value());
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

// The first sentence whose text contains `needle`.
const Sentence* FindSentence(const Document& doc, const std::string& needle) {
  for (const Sentence& s : doc.sentences) {
    if (doc.Slice(s.begin, s.end).find(needle) != std::string_view::npos) return &s;
  }
  return nullptr;
}

TEST_CASE("The Blood 2019 text (000)", "[ingest]") {
  const Document doc = ParseCorpus("000_4ae7b0927be87e20");
  CHECK(doc.meta.title.empty());  // not printed: left empty rather than guessed
  CHECK(doc.meta.doi.empty());
  CHECK(doc.references.size() == 100);
  REQUIRE(doc.tables.size() == 5);  // each printed twice, kept once
  const std::vector<size_t> rows = {7, 6, 3, 3, 5};
  for (size_t t = 0; t < 5; ++t) {
    CHECK(doc.tables[t].label == "Table " + std::to_string(t + 1));
    CHECK(doc.tables[t].rows.size() == rows[t]);
  }
  CHECK(doc.tables[0].header == std::vector<std::string>{"Gene name", "Alias",
                                                         "Chromosome", "Translocation",
                                                         "Fusion protein", "Alias"});
  const Sentence* s = FindSentence(doc, "was 47%");
  REQUIRE(s != nullptr);
  CHECK(s->refs == std::vector<std::string>{"4"});
  CHECK_FALSE(s->refs_inherited);
  // Markers expand ranges and lists: "therapies,88-90", "ALL.43-46,59".
  auto marker = [&](const std::string& needle, const std::string& printed) {
    const Sentence* s = FindSentence(doc, needle);
    REQUIRE(s != nullptr);
    for (const Citation& c : s->citations) {
      if (doc.Slice(c.begin, c.end) == printed) return c.numbers;
    }
    return std::vector<std::string>{};
  };
  CHECK(marker("therapies,88-90", "88-90") == std::vector<std::string>{"88", "89", "90"});
  CHECK(marker("ALL.43-46,59", "43-46,59") ==
        std::vector<std::string>{"43", "44", "45", "46", "59"});
  // No gene of a table row becomes a citation.
  for (const Table& table : doc.tables) {
    for (const Table::Row& row : table.rows)
      CHECK(doc.sentences[row.sentence].refs.empty());
  }
  for (const Block& b : doc.blocks) CHECK(b.kind != BlockKind::kTitle);
}

TEST_CASE("The IJMS 2024 text (002)", "[ingest]") {
  const Document doc = ParseCorpus("002_b349d65e17dedb88");
  CHECK(doc.meta.title ==
        "Infant Acute Lymphoblastic Leukemia-New Therapeutic Opportunities");
  CHECK(doc.meta.doi == "10.3390/ijms25073721");
  CHECK(doc.meta.journal == "Int. J. Mol. Sci.");
  CHECK(doc.meta.year == "2024");
  CHECK(doc.meta.authors ==
        std::vector<std::string>{"Marika Kulczycka", "Kamila Derlatka", "Justyna Tasior",
                                 "Maja Sygacz", "Monika Lejman", "Joanna Zawitkowska"});
  CHECK(doc.references.size() == 79);
  REQUIRE(doc.tables.size() == 2);  // "Table 2. Cont." continues Table 2
  CHECK(doc.tables[0].rows.size() == 5);
  CHECK(doc.tables[1].rows.size() == 15);
  CHECK(doc.tables[1].header.back() == "References");

  const Sentence* own = FindSentence(doc, "64.4%");
  REQUIRE(own != nullptr);
  CHECK(own->refs == std::vector<std::string>{"28", "29"});
  CHECK_FALSE(own->refs_inherited);
  // An uncited sentence of the same paragraph takes the closing citation.
  const Sentence* inherited = FindSentence(doc, "MLL96 and MLL98");
  REQUIRE(inherited != nullptr);
  CHECK(inherited->refs == std::vector<std::string>{"28", "29"});
  CHECK(inherited->refs_inherited);
  // Table 1 rows take the citation of the sentence that presents the table.
  for (const Table::Row& row : doc.tables[0].rows) {
    CHECK(doc.sentences[row.sentence].refs == std::vector<std::string>{"10", "11"});
  }
  // Table 2 rows carry their References cell; an inherited leading cell
  // repeats the drug class above.
  const Table::Row& second = doc.tables[1].rows[1];
  CHECK(doc.sentences[second.sentence].refs == std::vector<std::string>{"45"});
  CHECK(doc.Slice(second.cells[1].first, second.cells[1].second) == "Blinatumomab");
  // Front and back matter are not body text.
  CHECK(FindSentence(doc, "Received:") == nullptr);
  CHECK(FindSentence(doc, "Conflicts of Interest") == nullptr);
}

// The refs attached to the sentence holding each gold quote intersect the gold
// refs or refs_context.
TEST_CASE("Gold quotes find sentences with the gold citations", "[ingest]") {
  int checked = 0, matched = 0;
  for (const char* stem : {"000_4ae7b0927be87e20", "002_b349d65e17dedb88"}) {
    const Document doc = ParseCorpus(stem);
    rapidjson::Document gold;
    gold.Parse(
        testing::ReadFileOrDie(testing::SharedDir() + "/gold/" + stem + ".json").c_str());
    REQUIRE_FALSE(gold.HasParseError());
    std::vector<const rapidjson::Value*> items;
    for (const char* section : {"targets", "fusion_agents", "outcomes"}) {
      for (const auto& item : gold[section].GetArray()) items.push_back(&item);
    }
    for (const auto& fusion : gold["fusions"].GetArray()) {
      if (!fusion.HasMember("frequency")) continue;
      for (const auto& f : fusion["frequency"].GetArray()) items.push_back(&f);
    }
    for (const rapidjson::Value* item : items) {
      if (!item->HasMember("quote") || !(*item)["quote"].IsString()) continue;
      if (!item->HasMember("refs") || (*item)["refs"].Empty()) continue;
      std::vector<std::string> wanted;
      for (const char* key : {"refs", "refs_context"}) {
        if (!item->HasMember(key) || !(*item)[key].IsArray()) continue;
        for (const auto& r : (*item)[key].GetArray()) wanted.emplace_back(r.GetString());
      }
      const std::string quote = (*item)["quote"].GetString();
      const size_t at = doc.text.original.find(quote);
      ++checked;
      if (at == std::string::npos) {
        UNSCOPED_INFO(stem << ": quote not in text: " << quote.substr(0, 40));
        continue;
      }
      // The first non-space byte of the quote, mapped to the normalised view.
      size_t first = at;
      while (first < at + quote.size() &&
             std::isspace(static_cast<unsigned char>(doc.text.original[first])))
        ++first;
      const auto it =
          std::lower_bound(doc.text.offsets.begin(), doc.text.offsets.end(), first);
      const size_t pos = static_cast<size_t>(it - doc.text.offsets.begin());
      const Sentence* found = nullptr;
      for (const Sentence& s : doc.sentences) {
        if (s.begin <= pos && pos < s.end) found = &s;
      }
      bool ok = false;
      if (found != nullptr) {
        for (const std::string& r : found->refs) {
          ok = ok || std::find(wanted.begin(), wanted.end(), r) != wanted.end();
        }
      }
      if (ok) {
        ++matched;
      } else {
        std::string refs;
        if (found != nullptr)
          for (const auto& r : found->refs) refs += r + " ";
        UNSCOPED_INFO(stem << ": refs [" << refs << "] for: " << quote.substr(0, 50));
      }
    }
  }
  const double share = checked == 0 ? 0.0 : static_cast<double>(matched) / checked;
  std::printf("gold quotes with matching refs: %d/%d = %.3f\n", matched, checked, share);
  CHECK(checked > 100);
  CHECK(share >= 0.95);
}

// ---- Limits ----------------------------------------------------------------

double SecondsToParse(const std::string& bytes, size_t* sentences) {
  const auto start = std::chrono::steady_clock::now();
  const Document doc = MustParse(bytes);
  *sentences = doc.sentences.size();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("A 50 MB single line parses in linear time", "[ingest]") {
  const std::string sentence =
      "The agent inhibits the target in most infants with relapsed disease, and the "
      "effect "
      "lasted (e.g. in 46.1% of cases) for months after the end of therapy [12]. ";
  auto line = [&](size_t bytes) {
    std::string out;
    out.reserve(bytes + sentence.size());
    while (out.size() < bytes) out += sentence;
    return out;
  };
  size_t small_count = 0, large_count = 0;
  const std::string small = line(5u << 20);
  const std::string large = line(50u << 20);
  const double small_seconds = SecondsToParse(small, &small_count);
  const double large_seconds = SecondsToParse(large, &large_count);
  std::printf("5 MB: %.2fs, 50 MB: %.2fs\n", small_seconds, large_seconds);
  CHECK(small_count ==
        small.size() / sentence.size() + (small.size() % sentence.size() != 0));
  CHECK(large_count ==
        large.size() / sentence.size() + (large.size() % sentence.size() != 0));
  // Ten times the input: linear work takes ~10x; quadratic would take ~100x.
  CHECK(large_seconds < 25 * small_seconds + 1.0);
}

TEST_CASE("A sentence with 100,000 citations", "[ingest]") {
  std::string bytes = "Claims are supported";
  for (int i = 0; i < 100000; ++i) bytes += " [" + std::to_string(i % 900 + 1) + "]";
  bytes += ".";
  const auto start = std::chrono::steady_clock::now();
  const Document doc = MustParse(bytes);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t citations = 0;
  for (const Sentence& s : doc.sentences) {
    citations += s.citations.size();
    CHECK(s.end - s.begin <= 16384 + 8);  // long sentences are cut into bounded pieces
  }
  CHECK(citations == 100000);
  CHECK(seconds < 10.0);
}

}  // namespace
}  // namespace lg::ingest
