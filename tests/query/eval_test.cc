// query/eval: the text keys and matching rules of the reference scorer
// (../shared/tools/score.py) on small gold files and exports written here.
#include "query/eval.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "query/eval_text.h"
#include "tests/testing.h"

namespace lg::query {
namespace {

using testing::TempDir;
using testing::WriteFile;

// ---------------------------------------------------------------------------
// Text keys.

TEST_CASE("eval text keys follow score.py's normalisation", "[query]") {
  using namespace eval;
  CHECK(Norm("*KMT2A*::AFF1") == "kmt2a-aff1");
  CHECK(Norm("<i>FLT3</i>\u2013ITD") == "flt3-itd");
  CHECK(Norm("  Interfant\u00A0 06\u2009x ") == "interfant 06 x");
  CHECK(Norm("\u201CCR\u201D \u2018x\u2019") == "\"cr\" 'x'");
  CHECK(Norm("CD19\u00B2") == "cd192");  // NFKC: superscript two is a digit
  CHECK(AKey("CPI-0610") == "cpi0610");
  CHECK(AKey("M\u00FCller \u00C9tienne") == "mulleretienne");
  CHECK(AKey("under_score") == "underscore");
  CHECK(FKey("MLL \u2013 AF4") == "mllaf4");
  CHECK(FKey("ETV6::NTRK3") == "etv6ntrk3");
  CHECK(Words("BCR::ABL1-positive ALL") ==
        std::vector<std::string>{"bcr", "abl1", "positive", "all"});
  CHECK(SKey("source:/a/b/002_X.txt") == "002_x");
  CHECK(SKey("pdq_cll_targeted") == "pdq_cll_targeted");
  CHECK(SKey("notes.jsonl") == "notes");
}

TEST_CASE("eval reads reference numbers, registry ids and values as score.py",
          "[query]") {
  using namespace eval;
  CHECK(RefNumbersOfText("[36\u201339]") ==
        std::vector<std::string>{"36", "37", "38", "39"});
  CHECK(RefNumbersOfText("40, 41;7") == std::vector<std::string>{"40", "41", "7"});
  CHECK(RefNumbersOfText("ref 007") == std::vector<std::string>{"7"});
  CHECK(RefNumbersOfText("5-900").size() == 1);  // not a range: more than 300 apart
  CHECK(RegistryIds("see NCT01234567 and EudraCT 2004-001234-56") ==
        std::set<std::string>{"nct01234567", "eudract200400123456"});
  CHECK(IsRegistry("NCT01234567"));
  CHECK(IsRegistry("trial NCT01234567"));
  CHECK_FALSE(IsRegistry("NCT0123"));
  CHECK_FALSE(IsRegistry("a very long protocol name around NCT01234567 here"));
  auto [v1, u1] = ParseNumberText("46.1%");
  CHECK(v1 == Approx(46.1));
  CHECK(u1 == "%");
  auto [v2, u2] = ParseNumberText("14,2 months");
  CHECK(v2 == Approx(14.2));
  CHECK(u2 == "months");
  auto [v3, u3] = ParseNumberText("\u2212 3 mo");
  CHECK(v3 == Approx(3));
  CHECK(u3 == "months");
  CHECK_FALSE(ParseNumberText("not reached").first.has_value());
  CHECK(CanonUnit("mo.") == "months");
  CHECK(CanonUnit("Percent") == "%");
  CHECK(CanonUnit("yrs") == "years");
  CHECK(CanonUnit("days") == "other");
  CHECK(CanonUnit("") == "");
}

TEST_CASE("eval maps measures and phases to score.py's vocabulary", "[query]") {
  using namespace eval;
  CHECK(CanonMeasure("5-year event-free survival rate") == "EFS");
  CHECK(CanonMeasure("median progression-free survival") == "PFS");
  CHECK(CanonMeasure("objective response rate (ORR)") == "ORR");
  CHECK(CanonMeasure("CR/CRi") == "CR+CRi");
  CHECK(CanonMeasure("CRi or complete remission") == "CR+CRi");
  CHECK(CanonMeasure("remission") == "CR");
  CHECK(CanonMeasure("time to next treatment") == "timetonexttreatment");
  CHECK(CanonMeasure("") == "");
  CHECK(NormPhase("Phase I/II") == "1/2");
  CHECK(NormPhase("phase 1b") == "1b");
  CHECK(NormPhase("III") == "3");
  CHECK(NormPhase("pilot") == "pilot");
  CHECK(NormStatus("Recruiting") == "ongoing");
  CHECK(NormStatus("terminated") == "completed");
  CHECK(IsCarName("CD19 CAR-T cells"));
  CHECK(IsCarName("UCART19"));
  CHECK_FALSE(IsCarName("carboplatin"));
  CHECK(DrugComponents("FOLFOX + bevacizumab (Avastin)") ==
        std::set<std::string>{"Avastin", "FOLFOX", "FOLFOX + bevacizumab",
                              "FOLFOX + bevacizumab (Avastin)", "bevacizumab"});
}

// ---------------------------------------------------------------------------
// Scoring. Gold files and exports are our own small samples.

struct Scored {
  EvalRun run;
  const EvalCategory& Cat(const std::string& name) const {
    const EvalCategory* c = run.texts.at(0).Find(name);
    REQUIRE(c != nullptr);
    return *c;
  }
};

Scored Score(const std::string& gold_json, const std::string& jsonl) {
  TempDir tmp;
  WriteFile(tmp.Sub("gold.json"), gold_json);
  auto ex = EvalExport::FromJsonl(jsonl);
  auto run = Evaluate(*ex, {tmp.Sub("gold.json")});
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  return {std::move(run).value()};
}

std::string Node(const std::string& id, const std::string& kind, const std::string& label,
                 const std::string& extra = "") {
  return R"({"type":"node","id":")" + id + R"(","kind":")" + kind + R"(","label":")" +
         label + R"(","aliases":[])" + extra + "}\n";
}

// An edge with one evidence sentence of source `src` citing `refs`.
std::string EdgeLine(const std::string& s, const std::string& p, const std::string& o,
                     const std::string& src, const std::string& refs = "",
                     const std::string& attrs = "{}") {
  std::string r;
  for (char c : refs) {
    if (c == ',') continue;
    r += std::string(r.empty() ? "" : ",") + R"({"n":")" + c + R"("})";
  }
  return R"({"type":"edge","id":"e","subject":")" + s + R"(","predicate":")" + p +
         R"(","object":")" + o + R"(","attributes":)" + attrs +
         R"(,"evidence":[{"source":")" + src +
         R"(","sentence":"We wrote this.","refs":[)" + r + "]}]}\n";
}

// A gold file in the schema of ../shared/dev/gold.
constexpr const char* kDevGold = R"json({
  "source": "sample.txt",
  "genes": ["ERBB2", "NTRK3", "ETV6", "FGFR2"],
  "gene_aliases_in_text": {"ERBB2": ["HER2"]},
  "genes_refs_only": ["MTOR"],
  "gene_families": ["MEK (MAP2K1/MAP2K2)"],
  "fusions": [
    {"id": "ETV6-NTRK3", "genes": ["ETV6", "NTRK3"], "aliases_in_text": ["ETV6::NTRK3"],
     "partner_unspecified": false},
    {"id": "FGFR2 fusion", "genes": ["FGFR2"], "aliases_in_text": [],
     "partner_unspecified": true}
  ],
  "drugs": [
    {"name": "trastuzumab", "aliases_in_text": ["Herceptin"], "classes": []},
    {"name": "larotrectinib", "aliases_in_text": [], "classes": []},
    {"name": "pemigatinib", "aliases_in_text": ["INCB054828"], "classes": []}
  ],
  "drugs_supportive": [{"name": "ondansetron", "aliases_in_text": []}],
  "drug_classes": ["TRK inhibitor"],
  "targets": [
    {"drug": "trastuzumab", "target": "ERBB2", "target_kind": "gene",
     "support": "explicit", "refs": ["3"]},
    {"drug": "larotrectinib", "target": "ETV6-NTRK3", "target_kind": "fusion",
     "support": "indication", "refs": ["4"]}
  ],
  "trials": [
    {"id": "NCT01234567", "names": ["ALPHA-1"], "drugs": ["trastuzumab"], "phase": "3"},
    {"id": null, "names": [], "drugs": ["pemigatinib"], "phase": "2",
     "description": "a single-arm study"}
  ],
  "outcomes": [
    {"measure": "ORR", "value_percent": 50, "trial_or_cohort": "NCT01234567",
     "drug": "trastuzumab", "refs": ["5"]},
    {"measure": "ORR", "value_percent": 50, "trial_or_cohort": "a pooled cohort",
     "drug": "trastuzumab", "refs": ["6"]},
    {"measure": "PFS", "value_months": 11.2, "trial_or_cohort": "NCT01234567",
     "drug": "trastuzumab", "refs": []}
  ]
})json";

std::string DevExport() {
  std::string s =
      Node("source:sample", "source", "sample", R"(,"path":"texts/sample.txt")");
  s += Node("gene:ERBB2", "gene", "ERBB2", R"(,"aliases":["HER-2"])");
  s += Node("gene:MTOR", "gene", "MTOR");      // reference list only: neutral
  s += Node("gene:MAP2K1", "gene", "MAP2K1");  // family member: neutral
  s += Node("gene:BRCA1", "gene", "BRCA1");    // not in the gold: false positive
  s += Node("fusion:ETV6::NTRK3", "fusion", "ETV6::NTRK3");
  s += Node("fusion:FGFR2::?", "fusion", "FGFR2 rearrangement");
  s += Node("fusion:FGFR2::BICC1", "fusion", "FGFR2::BICC1");  // invented partner
  s += Node("drug:trastuzumab", "drug", "Herceptin");
  s += Node("drug:larotrectinib", "drug", "larotrectinib");
  s += Node("drug:ondansetron", "drug", "ondansetron");       // supportive: neutral
  s += Node("drug:trk_inhibitor", "drug", "TRK inhibitors");  // a class: neutral
  s += Node("trial:NCT01234567", "trial", "NCT01234567",
            R"(,"names":["ALPHA-1"],"registry_ids":["NCT01234567"],"phase":"Phase III")");
  s += Node("trial:BETA-2", "trial", "BETA-2", R"(,"names":["BETA-2"])");  // not in gold
  s += EdgeLine("drug:trastuzumab", "inhibits", "gene:ERBB2", "sample", "3");
  s += EdgeLine("drug:larotrectinib", "inhibits", "gene:NTRK3", "sample", "4");
  s += EdgeLine("trial:NCT01234567", "tests", "drug:trastuzumab", "sample");
  // Two ORR 50% facts: the first fits both gold rows, the second only the
  // first row; one-to-one matching gives each gold row its own fact.
  s += EdgeLine(
      "trial:NCT01234567", "reports", "drug:trastuzumab", "sample", "5",
      R"({"measure":"overall response rate","value":"50%","drug":"drug:trastuzumab"})");
  s += EdgeLine("trial:NCT01234567", "reports", "trial:NCT01234567", "sample", "5",
                R"({"measure":"ORR","value":"50","unit":"%"})");
  s += EdgeLine("trial:NCT01234567", "reports", "trial:NCT01234567", "sample", "",
                R"({"measure":"median PFS","value":"11.2 months"})");
  return s;
}

TEST_CASE("eval scores genes with aliases, neutral items and family members", "[query]") {
  Scored s = Score(kDevGold, DevExport());
  const auto& genes = s.Cat("genes");
  CHECK(genes.gold == 4);
  CHECK(genes.tool == 5);  // with NTRK3, the object of an edge
  CHECK(genes.tp == 2);    // HER-2 -> ERBB2 by its gold alias, NTRK3
  CHECK(genes.neu == 2);   // MTOR (reference list only), MAP2K1 (MEK member)
  CHECK(genes.fp == 1);
  CHECK(genes.false_positives == std::vector<std::string>{"BRCA1"});
  CHECK(genes.matched == 2);
  CHECK(*genes.Precision() == Approx(2.0 / 3));
  CHECK(*genes.Recall() == Approx(0.5));
  CHECK(*genes.F1() == Approx(4.0 / 7));
}

TEST_CASE("eval matches partner-unspecified fusions and refuses invented partners",
          "[query]") {
  Scored s = Score(kDevGold, DevExport());
  const auto& f = s.Cat("fusions");
  CHECK(f.gold == 2);
  CHECK(f.matched ==
        2);  // ETV6::NTRK3 by its alias, "FGFR2 rearrangement" as FGFR2 fusion
  CHECK(f.tp == 2);
  CHECK(f.fp == 1);  // FGFR2::BICC1: a partner the text does not give
  CHECK(f.false_positives == std::vector<std::string>{"FGFR2::BICC1"});
}

TEST_CASE("eval leaves supportive drugs and classes neutral", "[query]") {
  Scored s = Score(kDevGold, DevExport());
  const auto& d = s.Cat("drugs");
  CHECK(d.gold == 3);
  CHECK(d.tool == 4);
  CHECK(d.tp == 2);  // Herceptin -> trastuzumab, larotrectinib
  CHECK(d.neu == 2);
  CHECK(d.fp == 0);
  CHECK(d.missing == std::vector<std::string>{"pemigatinib"});
}

TEST_CASE("eval gives half credit for one partner of a fusion target", "[query]") {
  Scored s = Score(kDevGold, DevExport());
  const auto& t = s.Cat("targets");
  CHECK(t.gold == 2);
  CHECK(t.tp == 2);
  CHECK(t.matched == 1.5);  // trastuzumab -> ERBB2 whole, larotrectinib -> NTRK3 half
  CHECK(*t.Recall() == Approx(0.75));
  CHECK(t.missing ==
        std::vector<std::string>{"larotrectinib -> ETV6-NTRK3 (half credit)"});
}

TEST_CASE("eval scores trials by id or name, unnamed ones optional", "[query]") {
  Scored s = Score(kDevGold, DevExport());
  const auto& t = s.Cat("trials");
  CHECK(t.gold == 1);  // the unnamed study is optional
  CHECK(t.opt == 1);
  CHECK(t.matched == 1);
  CHECK(t.tp == 1);
  CHECK(t.fp == 1);  // BETA-2
  CHECK(s.Cat("trials_registry").matched == 1);
  CHECK(s.Cat("trials_named").gold == 1);
  CHECK(s.Cat("trials_named").matched == 1);  // ALPHA-1 sits on the registry node
  bool phase = false;
  for (const auto& [k, v] : t.details)
    phase = phase || (k == "field_phase" && v == "1/1");
  CHECK(phase);
}

TEST_CASE("eval matches outcomes one to one, percent and months apart", "[query]") {
  Scored s = Score(kDevGold, DevExport());
  const auto& o = s.Cat("outcomes");
  CHECK(o.gold == 2);
  CHECK(o.tool == 2);
  CHECK(o.matched == 2);
  CHECK(o.tp == 2);
  CHECK(o.dup == 0);
  const auto& m = s.Cat("outcomes_months");
  CHECK(m.gold == 1);
  CHECK(m.matched == 1);
  // Reference links: the matched target and outcomes whose gold cites refs.
  const auto& links = s.Cat("ref_links");
  CHECK(links.gold == 4);  // two targets, two ORR rows (the PFS row cites none)
  CHECK(links.tp == 3);
  CHECK(links.fp == 1);  // the pooled-cohort row got the fact citing 5, gold 6
  CHECK(links.false_positives ==
        std::vector<std::string>{"ORR 50  [a pooled cohort]: tool ['5'], gold ['6']"});
  CHECK(s.Cat("references").applicable == false);  // the dev schema has no reference list
}

TEST_CASE("eval counts a repeated outcome as a duplicate, not a false positive",
          "[query]") {
  std::string gold = R"json({"source": "sample.txt", "genes": [], "drugs": [],
    "outcomes": [{"measure": "CR", "value_percent": 80, "trial_or_cohort": "GAMMA-3",
                  "refs": []}],
    "trials": [{"id": "GAMMA-3", "names": []}]})json";
  std::string ex = Node("source:sample", "source", "sample") +
                   Node("trial:GAMMA-3", "trial", "GAMMA-3") +
                   EdgeLine("trial:GAMMA-3", "reports", "trial:GAMMA-3", "sample", "",
                            R"({"measure":"complete remission","value":"80%"})") +
                   EdgeLine("trial:GAMMA-3", "reports", "trial:GAMMA-3", "sample", "",
                            R"({"measure":"CR rate","value":"80.04"})");
  Scored s = Score(gold, ex);
  const auto& o = s.Cat("outcomes");
  CHECK(o.tp == 1);
  CHECK(o.dup == 1);
  CHECK(o.fp == 0);
  CHECK(*o.Precision() == Approx(1.0));
}

TEST_CASE("eval ties entities to a source through their sources field", "[query]") {
  // Two sources; genes named by no fact are in a source's part only through
  // `sources`, and a reference-list mention does not count as naming them.
  std::string gold = R"json({"source": "one.txt", "genes": ["KIT", "PDGFRA"],
    "drugs": [], "targets": []})json";
  std::string ex = Node("source:one", "source", "one") +
                   Node("source:two", "source", "two") +
                   Node("gene:KIT", "gene", "KIT",
                        R"(,"sources":[{"source":"one","mentions":2,"in":"body"}])") +
                   Node("gene:PDGFRA", "gene", "PDGFRA",
                        R"(,"sources":[{"source":"one","mentions":1,"in":"references"},)"
                        R"({"source":"two","mentions":1,"in":"body"}])") +
                   EdgeLine("drug:a", "inhibits", "gene:X", "one") +
                   EdgeLine("drug:b", "inhibits", "gene:Y", "two");
  Scored s = Score(gold, ex);
  const auto& g = s.Cat("genes");
  CHECK(g.matched == 1);
  CHECK(g.missing == std::vector<std::string>{"PDGFRA"});
}

// A gold file in the schema of ../shared/gold.
constexpr const char* kSharedGold = R"json({
  "source": "review.txt",
  "genes": [
    {"symbol": "KMT2A", "aliases_in_text": ["MLL"], "core": true},
    {"symbol": "MME", "aliases_in_text": ["CD10"], "core": false}
  ],
  "gene_families": [],
  "fusions": [{"id": "KMT2A-r", "genes": ["KMT2A"], "kind": "group", "aliases_in_text": []}],
  "drugs": [{"name": "revumenib", "aliases_in_text": ["SNDX-5613"], "classes": []}],
  "targets": [],
  "fusion_agents": [],
  "trials": [],
  "outcomes": [],
  "references": [
    {"n": "1", "first_author": "Smith", "title": "A study of things", "journal": "Blood",
     "year": 2019},
    {"n": "2", "first_author": "M\u00fcller", "title": "Other things", "journal": "J. Clin. Oncol.",
     "year": 2020},
    {"n": "3", "kind": "web", "url": "https://clinicaltrials.gov/ct2/show/NCT01234567",
     "registry_id": "NCT01234567", "first_author": null, "title": null, "journal": null,
     "year": null}
  ]
})json";

std::string RefNode(const std::string& n, const std::string& fields) {
  return R"({"type":"node","id":"reference:review#)" + n +
         R"(","kind":"reference","source":"review","n":")" + n + "\"," + fields + "}\n";
}

TEST_CASE("eval scores references and their completeness", "[query]") {
  std::string ex =
      Node("source:review", "source", "review") + Node("gene:KMT2A", "gene", "MLL") +
      Node("gene:MME", "gene", "CD10") +
      RefNode("1", R"("first_author":"Smith","title":"A study of things.",)"
                   R"("journal":"Blood","year":"2019")") +
      RefNode("2", R"("first_author":"Muller","title":"Other things",)"
                   R"("journal":"J Clin Oncol","year":"2021")") +
      RefNode("3", R"("first_author":null,"url":"clinicaltrials.gov/ct2/show/)"
                   R"(NCT01234567","ref_kind":"web")") +
      RefNode("4", R"("first_author":"Nobody","journal":null,"year":"2001")");
  Scored s = Score(kSharedGold, ex);
  const auto& genes = s.Cat("genes");
  CHECK(genes.gold == 1);
  CHECK(genes.opt == 1);
  CHECK(genes.tp == 2);  // a non-core gene counts when found
  CHECK(genes.matched == 1);
  const auto& refs = s.Cat("references");
  CHECK(refs.gold == 3);
  CHECK(refs.tp == 2);  // 1, and the web entry by its registry id
  CHECK(refs.fp == 2);  // 2 (wrong year), 4 (no such number)
  CHECK(refs.matched == 2);
  CHECK(s.Cat("outcomes_months").applicable == false);
  const auto& c = s.run.texts[0].references;
  CHECK(c.entries == 4);
  CHECK(c.web == 1);
  CHECK(c.author_year == 3);
  CHECK(c.journal == 2);
  CHECK(c.gold_journal == 2);
  CHECK(c.gold_journal_found == 2);
  std::string table = FormatEvalRun(s.run);
  CHECK(table.find("first author and year 3/3 (100.0%), journal 2/3 (66.7%)") !=
        std::string::npos);
  // The reference-list check of issue 14: journals are counted where the gold
  // prints one (2 of 2 here), so this list passes.
  auto refs_short = EvalShortfalls(s.run, "references");
  REQUIRE(refs_short.ok());
  CHECK(refs_short->empty());
}

TEST_CASE("an entry that prints no year is left out of the author-and-year share",
          "[query]") {
  std::string ex =
      Node("source:review", "source", "review") +
      RefNode("1", R"("first_author":"Smith","journal":"Blood","year":"2019",)"
                   R"("raw":"Smith A: A study of things. Blood 2019; 1: 2.")") +
      // An organisation's page: no year printed, none to find.
      RefNode("2", R"("first_author":"Cancer Society","journal":null,"year":null,)"
                   R"("raw":"Cancer Society: Survival rates by stage.")") +
      // A year printed but not read: a miss of the reader.
      RefNode("3", R"("first_author":"Nobody","journal":"J Test","year":null,)"
                   R"("raw":"Nobody B: Untitled. J Test 2001; 3: 4.")");
  Scored s = Score(kSharedGold, ex);
  const auto& c = s.run.texts[0].references;
  CHECK(c.entries == 3);
  CHECK(c.web == 0);
  CHECK(c.no_year == 1);
  CHECK(c.author_year == 1);
  CHECK(FormatEvalRun(s.run).find(
            "first author and year 1/2 (50.0%) of 2 that print a year (1 print none), "
            "journal 2/3 (66.7%)") != std::string::npos);
  auto refs_short = EvalShortfalls(s.run, "references");
  REQUIRE(refs_short.ok());
  CHECK(std::find(refs_short->begin(), refs_short->end(),
                  "review: first author and year 0.500 < 0.95") != refs_short->end());
}

TEST_CASE("eval pools texts by summing counts and prints score.py's lines", "[query]") {
  TempDir tmp;
  WriteFile(tmp.Sub("a.json"), kDevGold);
  WriteFile(tmp.Sub("b.json"), kSharedGold);
  auto ex = EvalExport::FromJsonl(DevExport());
  auto run = Evaluate(*ex, {tmp.Sub("a.json"), tmp.Sub("b.json")}, {"sample", "sample"});
  REQUIRE(run.ok());
  REQUIRE(run->texts.size() == 2);
  const EvalCategory* drugs = run->Total("drugs");
  REQUIRE(drugs != nullptr);
  CHECK(drugs->gold ==
        run->texts[0].Find("drugs")->gold + run->texts[1].Find("drugs")->gold);
  CHECK(drugs->tp == run->texts[0].Find("drugs")->tp + run->texts[1].Find("drugs")->tp);
  CHECK(run->Total("agents")->applicable);  // applicable in one text
  std::string line = run->TotalLine();
  CHECK(line.rfind("TOTAL targets_f1=", 0) == 0);
  CHECK(line.find(" outcomes_months_f1=1.000 ") != std::string::npos);
  std::string table = FormatEvalRun(*run);
  CHECK(table.find("== TOTAL (micro-average over 2 gold files)") != std::string::npos);
  CHECK(table.find(
            "category           gold  tool  matched      P      R     F1    tp   fp  "
            "neu  dup  opt") != std::string::npos);
  std::string json = EvalRunJson(*run);
  CHECK(json.find("\"total_line\": \"TOTAL targets_f1=") != std::string::npos);
  auto shortfalls = EvalShortfalls(*run, "dev-entities");
  REQUIRE(shortfalls.ok());
  CHECK_FALSE(shortfalls->empty());
  auto refs_short = EvalShortfalls(*run, "references");
  REQUIRE(refs_short.ok());
  CHECK(*refs_short == std::vector<std::string>{"sample: no reference entries",
                                                "sample: no reference entries"});
  CHECK(EvalShortfalls(*run, "bogus")
            .status()
            .ToString()
            .find("unknown thresholds 'bogus' (dev-entities, dev-facts, references, "
                  "seeds)") != std::string::npos);
}

TEST_CASE("eval reports unreadable and malformed gold files", "[query]") {
  TempDir tmp;
  auto ex = EvalExport::FromJsonl("");
  auto missing = Evaluate(*ex, {tmp.Sub("none.json")});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().ToString().find("query: " + tmp.Sub("none.json") +
                                         ": cannot read") != std::string::npos);
  WriteFile(tmp.Sub("bad.json"), "{\"source\": ");
  auto bad = Evaluate(*ex, {tmp.Sub("bad.json")});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().ToString().find(tmp.Sub("bad.json") + ": invalid JSON at offset") !=
        std::string::npos);
  WriteFile(tmp.Sub("other.json"), "{\"name\": 1}");
  auto other = Evaluate(*ex, {tmp.Sub("other.json")});
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().ToString().find("not a gold annotation") != std::string::npos);
  CHECK_FALSE(Evaluate(*ex, {}).ok());
  auto files = GoldFilesIn(tmp.path());
  REQUIRE(files.ok());
  CHECK(files->empty());  // none of them reads as a gold file
  WriteFile(tmp.Sub("g.json"), kDevGold);
  files = GoldFilesIn(tmp.path());
  REQUIRE(files.ok());
  CHECK(*files == std::vector<std::string>{tmp.Sub("g.json")});
  CHECK_FALSE(GoldFilesIn(tmp.Sub("nowhere")).ok());
}

TEST_CASE("the real gold files load in both schemas", "[query]") {
  auto dev = GoldFilesIn(testing::SharedDir() + "/dev/gold");
  REQUIRE(dev.ok());
  CHECK(dev->size() == 6);
  auto seeds = GoldFilesIn(testing::SharedDir() + "/gold");
  REQUIRE(seeds.ok());
  REQUIRE(seeds->size() == 2);
  auto ex = EvalExport::FromJsonl("");
  auto run = Evaluate(*ex, *seeds);
  REQUIRE(run.ok());
  CHECK(run->texts[0].schema == "shared");
  CHECK(run->Total("references")->gold == 179);
  CHECK(run->Total("references")->matched == 0);
  auto dev_run = Evaluate(*ex, *dev);
  REQUIRE(dev_run.ok());
  CHECK(dev_run->texts[0].schema == "dev");
  CHECK_FALSE(dev_run->Total("references")->applicable);
}

}  // namespace
}  // namespace lg::query
