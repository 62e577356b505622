#include "ingest/lexicon.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::ingest {
namespace {

const Lexicon& RealLexicon() {
  static const Lexicon* lex = [] {
    auto loaded = Lexicon::Load(lg::testing::DataDir() + "/lexicon");
    if (!loaded.ok()) FAIL(loaded.status().ToString());
    return std::move(loaded).value().release();
  }();
  return *lex;
}

std::vector<std::string> Symbols(const std::vector<const GeneEntry*>& genes) {
  std::vector<std::string> out;
  for (const GeneEntry* g : genes) out.push_back(g->symbol);
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A minimal valid lexicon directory; tests overwrite one file to break it.
std::map<std::string, std::string> MinimalFiles() {
  return {
      {"genes.tsv",
       "# header\n"
       "AFF1\tAF4|FEL\tALF transcription elongation factor 1\t4q21.3-q22.1\n"
       "KMT2A\tHRX|MLL\tlysine methyltransferase 2A\t11q23.3\n"
       "MEN1\t\tmenin 1\t11q13.1\n"
       "MLLT3\tAF9\tMLLT3 super elongation complex subunit\t9p21.3\n"
       "SLC6A2\tNET\tsolute carrier family 6 member 2\t16q12.2\n"
       "XYZ9\tMLL|CAT\ttest gene\t\n"},
      {"gene_overlay.tsv", "MLL\tKMT2A\nmenin\tMEN1\n"},
      {"gene_families.tsv", "MLL partners\t\tAFF1|MLLT3\n"},
      {"processes.tsv", "DNA methylation\n"},
      {"drug_classes.tsv",
       "menin inhibitor\tmenin inhibitors\tinhibits\tMEN1\n"
       "demethylating agent\t\tinhibits\tDNA methylation\n"
       "antimetabolite\t\t\t\n"},
      {"drugs.tsv",
       "# comment\n"
       "\n"
       "revumenib\tSNDX-5613\tmenin inhibitor\n"
       "azacitidine\t5-azacytidine\tdemethylating agent|antimetabolite\n"},
      {"drug_targets.tsv", "# drug, targets\nrevumenib\tMEN1\nazacitidine\tAFF1|KMT2A\n"},
      {"drug_stems.tsv", "menib\tmenin inhibitor\n"},
      {"trials.tsv", "Interfant-06\tInterfant 06\tInterfant\n"},
      {"trial_patterns.tsv", "\\bNCT\\d{8}\\b\tClinicalTrials.gov\tregistry id\n"},
      {"conditions.tsv", "infant ALL\tinfant acute lymphoblastic leukemia\n"},
      {"ambiguous.tsv", "ALL\tacute lymphoblastic leukemia\n"},
      {"english_words.tsv", "cat\nnet\n"},
      {"fusion_genes.tsv", "KMT2A\t5prime\nAFF1\t3prime\n"},
      {"known_fusions.tsv", "KMT2A\tAFF1\tt(4;11)(q21;q23)\tMLL-AF4\n"},
  };
}

void WriteAll(const lg::testing::TempDir& dir,
              const std::map<std::string, std::string>& files) {
  for (const auto& [name, bytes] : files) lg::testing::WriteFile(dir.Sub(name), bytes);
}

TEST_CASE("real lexicon: genes, overlay, cytobands, ambiguity", "[ingest]") {
  const Lexicon& lex = RealLexicon();
  CHECK(lex.genes().size() > 70000);

  const GeneEntry* kmt2a = lex.FindSymbol("KMT2A");
  REQUIRE(kmt2a != nullptr);
  CHECK(kmt2a->cytoband == "11q23.3");
  CHECK(kmt2a->name == "lysine methyltransferase 2A");
  CHECK(Contains(kmt2a->aliases, "MLL"));
  CHECK(Contains(kmt2a->aliases, "HTRX"));
  CHECK_FALSE(Contains(kmt2a->aliases, "KMT2A"));  // the symbol is not an alias
  CHECK(lex.FindSymbol("kmt2a") == nullptr);       // case-sensitive
  CHECK(lex.FindSymbol("MLL") == nullptr);         // an alias, not a symbol

  // MLL is also an alias of other genes in some releases; the overlay wins.
  CHECK(Symbols(lex.FindAlias("MLL")) == std::vector<std::string>{"KMT2A"});
  CHECK(Symbols(lex.FindAlias("AF4")) == std::vector<std::string>{"AFF1"});
  CHECK(Symbols(lex.FindAlias("mixed lineage leukemia")) ==
        std::vector<std::string>{"KMT2A"});
  CHECK(Symbols(lex.FindAlias("CD10")) == std::vector<std::string>{"MME"});
  CHECK(Symbols(lex.FindAlias("menin")) == std::vector<std::string>{"MEN1"});
  // Not in the overlay: every gene having the alias, in symbol order.
  CHECK(Symbols(lex.FindAlias("NET")) ==
        std::vector<std::string>{"ELK3", "EPHB1", "SLC6A2"});
  CHECK(lex.FindAlias("no such alias").empty());

  CHECK(Contains(Symbols(lex.FindByCytoband("4q21")), "AFF1"));
  CHECK(Contains(Symbols(lex.FindByCytoband("11q23")), "KMT2A"));
  CHECK_FALSE(Contains(Symbols(lex.FindByCytoband("11q24")), "KMT2A"));

  CHECK(lex.IsAmbiguous("ALL"));
  CHECK(lex.IsAmbiguous("MDS"));
  CHECK_FALSE(lex.IsAmbiguous("all"));
  CHECK_FALSE(lex.IsAmbiguous("KMT2A"));
}

TEST_CASE("real lexicon: every curated file cross-checks", "[ingest]") {
  const Lexicon& lex = RealLexicon();
  // Load already rejects unknown symbols, classes and targets; check sizes
  // and a few hand-picked rows so an emptied file fails here.
  CHECK(lex.drugs().size() >= 350);
  CHECK(lex.drug_classes().size() >= 80);
  CHECK(lex.gene_overlay().size() >= 300);
  CHECK(lex.overlay().at("AF9") == "MLLT3");
  CHECK(lex.overlay().at("ENT1") == "SLC29A1");
  CHECK(lex.IsOverlayAlias("BCL-2"));
  CHECK_FALSE(lex.IsOverlayAlias("BCL2"));

  auto drug = std::find_if(lex.drugs().begin(), lex.drugs().end(),
                           [](const DrugEntry& d) { return d.name == "venetoclax"; });
  REQUIRE(drug != lex.drugs().end());
  CHECK(Contains(drug->aliases, "ABT-199"));
  CHECK(drug->classes == std::vector<std::string>{"BCL-2 inhibitor"});

  auto cls =
      std::find_if(lex.drug_classes().begin(), lex.drug_classes().end(),
                   [](const DrugClassEntry& c) { return c.name == "CXCR4 inhibitor"; });
  REQUIRE(cls != lex.drug_classes().end());
  CHECK(Contains(cls->aliases, "CXCR4 antagonist"));
  CHECK(cls->relation == "antagonises");
  CHECK(cls->targets == std::vector<std::string>{"CXCR4"});

  CHECK(Contains(lex.processes(), "DNA methylation"));
  auto fam = std::find_if(lex.gene_families().begin(), lex.gene_families().end(),
                          [](const GeneFamilyEntry& f) { return f.id == "MEK"; });
  REQUIRE(fam != lex.gene_families().end());
  CHECK(fam->members == std::vector<std::string>{"MAP2K1", "MAP2K2"});

  auto trial = std::find_if(lex.trials().begin(), lex.trials().end(),
                            [](const TrialEntry& t) { return t.name == "CCG-1953"; });
  REQUIRE(trial != lex.trials().end());
  CHECK(Contains(trial->aliases, "CCG 1953"));
  CHECK_FALSE(lex.trial_patterns().empty());
  CHECK(lex.known_fusions().front().five_prime == "KMT2A");
}

TEST_CASE("FindByCytoband matches whole band components", "[ingest]") {
  lg::testing::TempDir dir;
  WriteAll(dir, MinimalFiles());
  auto lex = Lexicon::Load(dir.path());
  REQUIRE(lex.ok());
  struct Case {
    std::string band;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"11q23.3", {"KMT2A"}},
      {"11q23", {"KMT2A"}},
      {"11q2", {"KMT2A"}},
      {"11q", {"KMT2A", "MEN1"}},
      {"11", {"KMT2A", "MEN1"}},
      {"1", {}},           // chromosome 1 does not contain 11q...
      {"11q23.31", {}},    // narrower than the gene's band
      {"4q21", {"AFF1"}},  // first end of 4q21.3-q22.1
      {"4q22", {"AFF1"}},  // second end, chromosome taken from the first
      {"4q21.3-q22.1", {"AFF1"}},
      {"4q21-q22", {}},  // a range query matches only the same range
      {"9p", {"MLLT3"}},
      {"", {}},
  };
  for (const Case& c : cases) {
    INFO(c.band);
    CHECK(Symbols(lex.value()->FindByCytoband(c.band)) == c.expected);
  }
}

TEST_CASE("IsUsableAlias applies the recogniser's alias rule", "[ingest]") {
  lg::testing::TempDir dir;
  WriteAll(dir, MinimalFiles());
  auto loaded = Lexicon::Load(dir.path());
  REQUIRE(loaded.ok());
  const Lexicon& lex = *loaded.value();
  CHECK(Symbols(lex.FindAlias("MLL")) == std::vector<std::string>{"KMT2A"});
  CHECK(Symbols(lex.FindAlias("CAT")) == std::vector<std::string>{"XYZ9"});
  struct Case {
    std::string alias;
    bool usable;
  };
  const std::vector<Case> cases = {
      {"MLL", true},    // overlay
      {"menin", true},  // overlay, lower case
      {"HRX", true},    // lexicon alias, 3 letters, not a word
      {"FEL", true},      {"AF9", true},
      {"AF4", true},      {"NET", false},    // English word (case-insensitive)
      {"CAT", false},     {"KMT2A", false},  // a symbol, not an alias
      {"ALL", false},                        // not an alias here
      {"unknown", false},
  };
  for (const Case& c : cases) {
    INFO(c.alias);
    CHECK(lex.IsUsableAlias(c.alias) == c.usable);
  }
  CHECK(lex.IsCommonWord("Net"));
  CHECK(lex.IsCommonWord("NET"));
  CHECK_FALSE(lex.IsCommonWord("HRX"));
}

// Every genes.tsv alias that is a clinical acronym or an English word must be
// unusable without gene context. The acronym list is written here, apart from
// ambiguous.tsv, so a missing entry there fails this test.
TEST_CASE("real lexicon: no clinical acronym or English word is a usable alias",
          "[ingest]") {
  const Lexicon& lex = RealLexicon();
  const std::set<std::string> clinical = {
      "ALL", "AML",  "APL",   "CML",  "CLL",  "MDS", "MPN",  "NHL", "MCL",  "TLS", "DIC",
      "SOS", "VOD",  "CSF",   "CNS",  "PLT",  "WBC", "HGB",  "ANC", "PTC",  "HCC", "RCC",
      "SCC", "SCLC", "NSCLC", "CRC",  "GBM",  "RMS", "OS",   "EFS", "RFS",  "DFS", "LFS",
      "PFS", "TTP",  "TTF",   "ORR",  "CR",   "PR",  "SD",   "PD",  "NRM",  "TRM", "CIR",
      "DOR", "DCR",  "CBR",   "DLT",  "MTD",  "HR",  "CI",   "SE",  "HSCT", "HCT", "SCT",
      "BMT", "CAR",  "CART",  "FISH", "FCM",  "PCR", "NGS",  "CT",  "MRI",  "PET", "RT",
      "TBI", "IV",   "SC",    "IT",   "ITD",  "TKD", "COG",  "BFM", "NCI",  "FDA", "EMA",
      "ASH", "POG",  "CCG",   "MRC",  "ELN",  "WHO", "ATP",  "GTP", "ROS",  "UTR", "MHC",
      "TCR", "HSC",  "LSC",   "MSC",  "CAF",  "EMT", "ADC",  "MTX", "CTX",  "ASP", "CRS",
      "MRD", "JMML", "MPAL",  "GVHD", "HSPC", "IDH", "CHOP", "TDT", "JPLSG"};
  std::vector<std::string> offenders;
  for (const GeneEntry& g : lex.genes()) {
    for (const std::string& alias : g.aliases) {
      if (lex.FindSymbol(alias) != nullptr) continue;  // symbols have own rule
      if (lex.IsOverlayAlias(alias)) continue;         // curated on purpose
      bool is_word = lex.IsCommonWord(alias);
      bool is_acronym = clinical.count(alias) > 0;
      if ((is_word || is_acronym) && lex.IsUsableAlias(alias)) {
        offenders.push_back(alias);
      }
      if (is_acronym && !lex.IsAmbiguous(alias))
        offenders.push_back(alias + " (ambiguous.tsv)");
    }
  }
  CHECK(offenders.empty());
  if (!offenders.empty()) WARN(offenders.front());
  // The rule is not vacuous: short plain aliases stay usable.
  CHECK(lex.IsUsableAlias("HTRX"));
  CHECK(lex.IsUsableAlias("FEL"));
  CHECK_FALSE(lex.IsUsableAlias("MAP"));   // English word
  CHECK_FALSE(lex.IsUsableAlias("MDS"));   // ambiguous
  CHECK_FALSE(lex.IsUsableAlias("p53x"));  // not an alias at all
}

TEST_CASE("Load reports malformed files with file and line", "[ingest]") {
  struct Case {
    std::string file;
    std::string bytes;
    std::string message;  // after "ingest: DIR/"
  };
  const std::vector<Case> cases = {
      {"drugs.tsv", "# c\nrevumenib\tSNDX-5613\tmenin inhibitor\nvenetoclax\tABT-199\n",
       "drugs.tsv line 3: expected 3 columns, got 2"},
      {"genes.tsv", "A\tB\tC\tD\tE\n", "genes.tsv line 1: expected 4 columns, got 5"},
      {"genes.tsv", "KMT2A\t\tx\t\nKMT2A\t\ty\t\n",
       "genes.tsv line 2: duplicate symbol 'KMT2A'"},
      {"conditions.tsv", "\tinfant ALL\n", "conditions.tsv line 1: empty first column"},
      {"conditions.tsv", "infant ALL\ta||b\n",
       "conditions.tsv line 1: empty item in column 2"},
      {"gene_overlay.tsv", "MLL\tKMT2A\nAF4\tNOPE1\n",
       "gene_overlay.tsv line 2: unknown gene symbol 'NOPE1'"},
      {"drugs.tsv", "revumenib\t\tmenin blocker\n",
       "drugs.tsv line 1: unknown drug class 'menin blocker'"},
      {"drug_classes.tsv", "x inhibitor\t\tinhibits\tNOPE\n",
       "drug_classes.tsv line 1: unknown target 'NOPE' (not a gene symbol, family id or "
       "process)"},
      {"drug_classes.tsv", "x inhibitor\t\tblocks\tMEN1\n",
       "drug_classes.tsv line 1: unknown relation 'blocks' (expected inhibits, targets, "
       "binds or antagonises)"},
      {"drug_classes.tsv", "x inhibitor\t\tinhibits\t\n",
       "drug_classes.tsv line 1: relation and targets must be both empty or both set"},
      {"drug_targets.tsv", "revumenib\tMEN1\nvenetoclax\tMEN1\n",
       "drug_targets.tsv line 2: unknown drug 'venetoclax' (not in drugs.tsv)"},
      {"drug_targets.tsv", "revumenib\tMEN1|NOPE1\n",
       "drug_targets.tsv line 1: unknown gene symbol 'NOPE1'"},
      {"drug_targets.tsv", "revumenib\t\n",
       "drug_targets.tsv line 1: no target for drug 'revumenib'"},
      {"drug_targets.tsv", "revumenib\tMEN1\nrevumenib\tKMT2A\n",
       "drug_targets.tsv line 2: duplicate drug 'revumenib'"},
      {"fusion_genes.tsv", "KMT2A\t5'\n",
       "fusion_genes.tsv line 1: unknown role '5'' (expected 5prime, 3prime or either)"},
      {"trial_patterns.tsv", "\\bNCT(\\d{8}\tx\ty\n",
       "trial_patterns.tsv line 1: invalid RE2 pattern: missing ): \\bNCT(\\d{8}"},
  };
  for (const Case& c : cases) {
    INFO(c.file << ": " << c.message);
    lg::testing::TempDir dir;
    auto files = MinimalFiles();
    files[c.file] = c.bytes;
    WriteAll(dir, files);
    auto lex = Lexicon::Load(dir.path());
    REQUIRE_FALSE(lex.ok());
    CHECK(lex.status().code() == Status::Code::kInvalidArgument);
    CHECK(lex.status().message() == "ingest: " + dir.path() + "/" + c.message);
  }
}

TEST_CASE("KnownTargets returns a drug's targets by its drugs.tsv name", "[ingest]") {
  lg::testing::TempDir dir;
  WriteAll(dir, MinimalFiles());
  auto loaded = Lexicon::Load(dir.path());
  REQUIRE(loaded.ok());
  const Lexicon& lex = *loaded.value();
  CHECK(lex.KnownTargets("revumenib") == std::vector<std::string>{"MEN1"});
  CHECK(lex.KnownTargets("azacitidine") == std::vector<std::string>{"AFF1", "KMT2A"});
  CHECK(lex.KnownTargets("SNDX-5613").empty());  // an alias: not resolved here
  CHECK(lex.KnownTargets("Revumenib").empty());  // case-sensitive
  CHECK(lex.KnownTargets("no such drug").empty());
}

TEST_CASE("real lexicon: DrugCentral targets and INN variants", "[ingest]") {
  const Lexicon& lex = RealLexicon();
  CHECK(lex.KnownTargets("imatinib") ==
        std::vector<std::string>{"ABL1", "KIT", "PDGFRB"});
  CHECK(lex.KnownTargets("venetoclax") == std::vector<std::string>{"BCL2"});
  CHECK(lex.KnownTargets("rituximab") == std::vector<std::string>{"MS4A1"});
  CHECK(lex.KnownTargets("trastuzumab") == std::vector<std::string>{"ERBB2"});
  CHECK(lex.KnownTargets("bevacizumab") == std::vector<std::string>{"VEGFA"});
  // DrugCentral names hydroxyurea by its INN; the overlay keeps the USAN name.
  CHECK(lex.KnownTargets("hydroxyurea") == std::vector<std::string>{"RRM1", "RRM2"});
  auto find = [&](const std::string& name) -> const DrugEntry* {
    for (const DrugEntry& d : lex.drugs()) {
      if (d.name == name) return &d;
    }
    return nullptr;
  };
  const DrugEntry* hu = find("hydroxyurea");
  REQUIRE(hu != nullptr);
  CHECK(Contains(hu->aliases, "hydroxycarbamide"));
  CHECK(find("hydroxycarbamide") == nullptr);
  const DrugEntry* tg = find("thioguanine");
  REQUIRE(tg != nullptr);
  CHECK(Contains(tg->aliases, "tioguanine"));
  // A salt of a listed drug is an alias, not a drug of its own.
  const DrugEntry* flu = find("fludarabine");
  REQUIRE(flu != nullptr);
  CHECK(Contains(flu->aliases, "fludarabine phosphate"));
  CHECK(find("fludarabine phosphate") == nullptr);
  // Agents only DrugCentral brings in, and agents only the overlay has.
  CHECK(find("nilutamide") != nullptr);
  CHECK(find("revumenib") != nullptr);
  // Anti-infectives and common words stay out.
  CHECK(find("ciprofloxacin") == nullptr);
  for (const DrugEntry& d : lex.drugs()) {
    INFO(d.name);
    CHECK_FALSE(lex.IsCommonWord(d.name));
  }
}

TEST_CASE("Load reports a missing file as IOError", "[ingest]") {
  lg::testing::TempDir dir;
  auto files = MinimalFiles();
  files.erase("trials.tsv");
  WriteAll(dir, files);
  auto lex = Lexicon::Load(dir.path());
  REQUIRE_FALSE(lex.ok());
  CHECK(lex.status().code() == Status::Code::kIOError);
  CHECK(lex.status().message() ==
        "ingest: " + dir.path() + "/trials.tsv: cannot read: No such file or directory");
}

TEST_CASE("Load keeps empty columns and CRLF lines", "[ingest]") {
  lg::testing::TempDir dir;
  auto files = MinimalFiles();
  files["conditions.tsv"] =
      "infant ALL\t\r\nchildhood ALL\tpediatric ALL|paediatric ALL\r\n";
  WriteAll(dir, files);
  auto lex = Lexicon::Load(dir.path());
  REQUIRE(lex.ok());
  const auto& conditions = lex.value()->conditions();
  REQUIRE(conditions.size() == 2);
  CHECK(conditions[0].name == "infant ALL");
  CHECK(conditions[0].aliases.empty());
  CHECK(conditions[1].aliases ==
        std::vector<std::string>{"pediatric ALL", "paediatric ALL"});
  const GeneEntry* men1 = lex.value()->FindSymbol("MEN1");
  REQUIRE(men1 != nullptr);
  CHECK(men1->aliases.empty());
  CHECK(men1->cytoband == "11q13.1");
}

// Not run by default: `ingest_test "[.bench]"` prints the load time.
TEST_CASE("bench: load the real lexicon", "[.bench]") {
  auto start = std::chrono::steady_clock::now();
  auto lex = Lexicon::Load(lg::testing::DataDir() + "/lexicon");
  auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
          .count();
  REQUIRE(lex.ok());
  WARN("Lexicon::Load: " << ms << " ms for " << lex.value()->genes().size() << " genes");
}

// IsCommonWord looks the word up lower-cased (ASCII only) in a hash set:
// whole words only, any case, a longer word than any listed, and a word
// longer than its 64-byte stack buffer.
TEST_CASE("IsCommonWord: whole words in any ASCII case", "[ingest]") {
  lg::testing::TempDir dir;
  std::map<std::string, std::string> files = MinimalFiles();
  const std::string long_word(70, 'q');
  files["english_words.tsv"] = "Cat\nnet\nwell-being\n\xc3\x89tude\n" + long_word + "\n";
  WriteAll(dir, files);
  auto loaded = Lexicon::Load(dir.path());
  REQUIRE(loaded.ok());
  const Lexicon& lex = *loaded.value();
  for (const std::string& yes :
       {std::string("cat"), std::string("CAT"), std::string("cAt"), std::string("Net"),
        std::string("WELL-Being"), std::string("\xc3\x89TUDE"), long_word,
        std::string(70, 'Q')}) {
    INFO(yes);
    CHECK(lex.IsCommonWord(yes));
  }
  // Non-ASCII letters are not folded: "\xc3\xa9tude" is another word.
  for (const std::string& no :
       {std::string(""), std::string("ca"), std::string("cats"), std::string("net "),
        std::string("wellbeing"), std::string("\xc3\xa9tude"), std::string(69, 'q'),
        std::string(71, 'q')}) {
    INFO(no);
    CHECK_FALSE(lex.IsCommonWord(no));
  }
}

}  // namespace
}  // namespace lg::ingest
