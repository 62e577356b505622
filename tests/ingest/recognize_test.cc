// The recogniser and the relation rules on sentences of our own: tables of
// {input, expected mentions or facts}.
#include "ingest/recognize.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "ingest/document.h"
#include "ingest/lexicon.h"
#include "ingest/pipeline.h"
#include "ingest/recognize_internal.h"
#include "ingest/relate.h"
#include "ingest/text.h"
#include "ingest/words.h"
#include "tests/testing.h"

namespace {

using lg::ingest::Mention;
using lg::ingest::MentionKind;

const lg::ingest::Pipeline& SharedPipeline() {
  static auto pipeline = lg::ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  return **pipeline;
}

// "kind:id" of every mention of `text`, sorted.
std::set<std::string> MentionsOf(const std::string& text) {
  auto t = lg::ingest::MakeText("test.txt", text);
  REQUIRE(t.ok());
  auto doc = lg::ingest::Parse(std::move(t).value());
  REQUIRE(doc.ok());
  auto recognizer = lg::ingest::Recognizer::Create(SharedPipeline().lexicon());
  REQUIRE(recognizer.ok());
  std::set<std::string> out;
  for (const Mention& m : (*recognizer)->Recognize(*doc)) out.insert(m.entity_id);
  return out;
}

// "subject predicate object" of every fact, plus attributes for outcomes.
std::set<std::string> FactsOf(const std::string& text) {
  auto data = SharedPipeline().ExtractBytes("test.txt", text, {});
  REQUIRE(data.ok());
  std::set<std::string> out;
  for (const auto& f : data->facts) {
    std::string line = f.subject + " " + f.predicate + " " + f.object;
    if (f.predicate == "reports_outcome" || f.predicate == "has_frequency_in") {
      for (const char* k : {"measure", "value", "value_max", "qualifier", "horizon"}) {
        auto it = f.attributes.find(k);
        if (it != f.attributes.end()) line += std::string(" ") + k + "=" + it->second;
      }
    }
    out.insert(line);
  }
  return out;
}

bool Has(const std::set<std::string>& set, const std::string& item) {
  return set.count(item) > 0;
}

struct PresenceCase {
  std::string text;
  std::vector<std::string> present;
  std::vector<std::string> absent;
};

void CheckPresence(const std::vector<PresenceCase>& cases) {
  for (const PresenceCase& c : cases) {
    INFO(c.text);
    auto got = MentionsOf(c.text);
    for (const auto& id : c.present) CHECK(Has(got, id));
    for (const auto& id : c.absent) CHECK_FALSE(Has(got, id));
  }
}

// The entity `id` of `text` as extracted (REQUIREs that it exists).
lg::graph::Entity EntityOf(const std::string& text, const std::string& id) {
  auto data = SharedPipeline().ExtractBytes("test.txt", text, {});
  REQUIRE(data.ok());
  auto it = std::find_if(data->entities.begin(), data->entities.end(),
                         [&](const lg::graph::Entity& e) { return e.id == id; });
  REQUIRE(it != data->entities.end());
  return *it;
}

bool HasAlias(const lg::graph::Entity& e, const std::string& alias) {
  return std::find(e.aliases.begin(), e.aliases.end(), alias) != e.aliases.end();
}

// Every mention of `text` as Mention::DebugString, in document order.
std::vector<std::string> DumpsOf(const std::string& text) {
  auto t = lg::ingest::MakeText("test.txt", text);
  REQUIRE(t.ok());
  auto doc = lg::ingest::Parse(std::move(t).value());
  REQUIRE(doc.ok());
  auto recognizer = lg::ingest::Recognizer::Create(SharedPipeline().lexicon());
  REQUIRE(recognizer.ok());
  std::vector<std::string> out;
  for (const Mention& m : (*recognizer)->Recognize(*doc)) out.push_back(m.DebugString());
  return out;
}

}  // namespace

// One table row per recogniser pass (Recognizer::Impl::RecognizeSentence):
// the exact mentions, spans and rules, so that a pass that stops firing, fires
// on a neighbour's span or loses a claim shows here.
TEST_CASE("recogniser passes: the exact mentions of each pass", "[ingest]") {
  struct Case {
    std::string pass;
    std::string text;
    std::vector<std::string> expected;
  };
  std::vector<Case> cases = {
      {"registry ids",
       "Patients enrolled in NCT01234567 were followed.\n",
       {"trial trial:NCT01234567 'NCT01234567' s0 [21,32) registry-id"}},
      {"registry ids: a bare EudraCT number needs the word",
       "Batch 2004-001234-56 was shipped.\n",
       {}},
      {"lexicon phrases: a drug claims, a class does not",
       "Revumenib is a menin inhibitor.\n",
       {"drug drug:revumenib 'Revumenib' s0 [0,9) drug-lexicon",
        "gene gene:MEN1 'menin' s0 [15,20) gene",
        "drug_class drug_class:menin inhibitor 'menin inhibitor' s0 [15,30) "
        "class-lexicon"}},
      {"karyotypes resolve to the fusion of the lexicon",
       "Blasts carried t(4;11)(q21;q23).\n",
       {"karyotype fusion:KMT2A::AFF1 't(4;11)(q21;q23)' s0 [15,31) karyotype"}},
      {"compounds: a fusion pair and its genes",
       "Blasts expressed KMT2A-AFF1 transcripts.\n",
       {"gene gene:KMT2A 'KMT2A' s0 [17,22) gene",
        "fusion fusion:KMT2A::AFF1 'KMT2A-AFF1' s0 [17,27) fusion-pair",
        "gene gene:AFF1 'AFF1' s0 [23,27) gene"}},
      {"compounds: a rearrangement group inside a condition, which claims nothing",
       "Infants with KMT2A-rearranged leukemia relapsed.\n",
       {"gene gene:KMT2A 'KMT2A' s0 [13,18) gene",
        "fusion fusion:KMT2A::? 'KMT2A-rearranged' s0 [13,29) fusion-group",
        "condition condition:KMT2A-r leukemia 'KMT2A-rearranged leukemia' s0 [13,38) "
        "condition-lexicon"}},
      {"target classes: a lexicon class wins over the rule",
       "FLT3 inhibitors were tested.\n",
       {"gene gene:FLT3 'FLT3' s0 [0,4) gene",
        "drug_class drug_class:FLT3 inhibitor 'FLT3 inhibitors' s0 [0,15) "
        "class-lexicon"}},
      {"target classes after a gene without a lexicon class",
       "AFF1 antagonists were tested.\n",
       {"gene gene:AFF1 'AFF1' s0 [0,4) gene",
        "drug_class drug_class:AFF1 inhibitor 'AFF1 antagonists' s0 [0,16) "
        "class-target-inhibitor"}},
      {"drug codes in apposition to a class",
       "The menin inhibitor QZ-4417 was tested.\n",
       {"gene gene:MEN1 'menin' s0 [4,9) gene",
        "drug_class drug_class:menin inhibitor 'menin inhibitor' s0 [4,19) class-lexicon",
        "drug drug:QZ-4417 'QZ-4417' s0 [20,27) drug-code-name"}},
      {"agents by INN stem",
       "Patients received zorvatinib daily.\n",
       {"drug drug:zorvatinib 'zorvatinib' s0 [18,28) drug-stem"}},
  };
  for (const Case& c : cases) {
    INFO(c.pass << ": " << c.text);
    CHECK(DumpsOf(c.text) == c.expected);
  }
}

TEST_CASE("recogniser: genes, aliases and acronyms", "[ingest]") {
  struct Case {
    std::string text;
    std::vector<std::string> present;
    std::vector<std::string> absent;
  };
  std::vector<Case> cases = {
      {"Loss of TP53 and gain of MYC were frequent.\n", {"gene:TP53", "gene:MYC"}, {}},
      // Curated aliases map to HGNC symbols.
      {"Blasts overexpress BCL-2 and depend on menin.\n", {"gene:BCL2", "gene:MEN1"}, {}},
      {"The MLL gene was first cloned from leukemic cells.\n", {"gene:KMT2A"}, {}},
      // Clinical acronyms that are also gene aliases or symbols stay out.
      {"The EFS and OS of infants with ALL improved after CR.\n",
       {},
       {"gene:EFS", "gene:BCR", "gene:CR1"}},
      // A CD marker printed with a hyphen.
      {"Blasts were CD-19 positive in every case.\n", {"gene:CD19"}, {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto got = MentionsOf(c.text);
    for (const auto& id : c.present) CHECK(Has(got, id));
    for (const auto& id : c.absent) CHECK_FALSE(Has(got, id));
  }
}

TEST_CASE("recogniser: fusions, groups and karyotypes", "[ingest]") {
  struct Case {
    std::string text;
    std::vector<std::string> present;
    std::vector<std::string> absent;
  };
  std::vector<Case> cases = {
      {"Most cases carried KMT2A::AFF1 or ETV6-RUNX1.\n",
       {"fusion:KMT2A::AFF1", "fusion:ETV6::RUNX1"},
       {}},
      // Legacy names resolve through the curated aliases.
      {"The MLL-AF9 model was sensitive to the compound.\n", {"fusion:KMT2A::MLLT3"}, {}},
      // A translocation resolves to its fusion.
      {"Cells with t(4;11)(q21;q23) were studied.\n", {"fusion:KMT2A::AFF1"}, {}},
      // Rearrangement groups with an unknown partner.
      {"Infants with KMT2A-rearranged leukemia did poorly.\n", {"fusion:KMT2A::?"}, {}},
      {"KMT2A rearrangements occur in most infants.\n", {"fusion:KMT2A::?"}, {}},
      // Negated groups are not groups.
      {"Infants with wt-KMT2A leukemia did well.\n", {"gene:KMT2A"}, {"fusion:KMT2A::?"}},
      // Antigen pairs and axes are not fusions.
      {"A CD3-CD19 bispecific antibody was given.\n",
       {"gene:CD19"},
       {"fusion:CD3::CD19"}},
      {"The CXCR4/SDF-1 axis supports blasts.\n",
       {"gene:CXCR4", "gene:CXCL12"},
       {"fusion:CXCR4::CXCL12"}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto got = MentionsOf(c.text);
    for (const auto& id : c.present) CHECK(Has(got, id));
    for (const auto& id : c.absent) CHECK_FALSE(Has(got, id));
  }
}

TEST_CASE("recogniser: drugs, classes, CAR-T products and trials", "[ingest]") {
  auto got = MentionsOf(
      "Revumenib (SNDX-5613) and the FLT3 inhibitor lestaurtinib were tested in "
      "NCT04065399 and the Interfant-06 trial; CD19- and CD22 specific CAR-T cells and "
      "foobarotinib were also given.\n");
  CHECK(Has(got, "drug:revumenib"));
  CHECK(Has(got, "drug:lestaurtinib"));
  CHECK(Has(got, "drug_class:FLT3 inhibitor"));
  CHECK(Has(got, "trial:NCT04065399"));
  CHECK(Has(got, "trial:Interfant-06"));
  CHECK(Has(got, "drug:CD19/CD22 CAR-T cells"));
  // An unknown agent by its INN stem.
  CHECK(Has(got, "drug:foobarotinib"));
}

TEST_CASE("recogniser: code names by apposition", "[ingest]") {
  // Not in the lexicon: agents when a class stands beside them.
  auto got = MentionsOf(
      "The menin inhibitor ZQ-4411 and QX77, a BCL-2 inhibitor, were tested.\n");
  CHECK(Has(got, "drug:ZQ-4411"));
  CHECK(Has(got, "drug:QX77"));
  // A code name alone is no agent (it could be a cell line or a protocol).
  got = MentionsOf("Cells of the ZQ-4411 line were grown.\n");
  CHECK_FALSE(Has(got, "drug:ZQ-4411"));
  // Parenthesised after a drug: an alias of that drug.
  auto data = SharedPipeline().ExtractBytes("test.txt",
                                            "Venetoclax (QX-9090) inhibits BCL-2.\n", {});
  REQUIRE(data.ok());
  auto it =
      std::find_if(data->entities.begin(), data->entities.end(),
                   [](const lg::graph::Entity& e) { return e.id == "drug:venetoclax"; });
  REQUIRE(it != data->entities.end());
  CHECK(std::find(it->aliases.begin(), it->aliases.end(), "QX-9090") !=
        it->aliases.end());
}

TEST_CASE("relations: classes, targets, dependencies and activity", "[ingest]") {
  auto facts = FactsOf(
      "Menin inhibitors\n\n"
      "Blasts with KMT2A rearrangements depend on menin [1]. The menin inhibitor "
      "revumenib induced remissions in KMT2A-r leukemia [2]. Blinatumomab, a bispecific "
      "CD3-CD19 T-cell engager, was also studied [3].\n\n"
      "References\n\n"
      "1. Smith J, Doe A. Menin dependency. Blood. 2020;1:1-2.\n"
      "2. Roe B. Revumenib trial. Nature. 2023;2:3-4.\n"
      "3. Poe C. Blinatumomab in infants. Lancet. 2022;3:5-6.\n");
  CHECK(Has(facts, "fusion:KMT2A::? depends_on gene:MEN1"));
  CHECK(Has(facts, "drug:revumenib member_of drug_class:menin inhibitor"));
  CHECK(Has(facts, "drug:revumenib inhibits gene:MEN1"));
  CHECK(Has(facts, "drug:revumenib active_in fusion:KMT2A::?"));
  CHECK(Has(facts, "drug:blinatumomab targets gene:CD19"));
  CHECK(Has(facts, "drug:blinatumomab targets gene_family:CD3"));
  // A class in apposition to a drug states no class-level fact.
  CHECK_FALSE(Has(facts, "drug_class:menin inhibitor inhibits gene:MEN1"));
}

TEST_CASE("relations: exposure as a cause states no therapy", "[ingest]") {
  auto facts = FactsOf(
      "Maternal exposure to FLT3 inhibitors may increase the risk of KMT2A-r "
      "leukemia.\n");
  for (const auto& f : facts) {
    INFO(f);
    CHECK(f.find("active_in") == std::string::npos);
    CHECK(f.find("drug_class:FLT3 inhibitor inhibits") == std::string::npos);
  }
}

TEST_CASE("relations: outcomes with their measures, values and cohorts", "[ingest]") {
  struct Case {
    std::string text;
    std::vector<std::string> present;
    std::vector<std::string> absent;
  };
  std::vector<Case> cases = {
      // "respectively" pairs measures and values in order.
      {"In the Interfant-99 trial, the 4-year EFS and OS were 47% and 55%, "
       "respectively.\n",
       {"trial:Interfant-99 reports_outcome condition:study population measure=EFS "
        "value=47 horizon=4-year",
        "trial:Interfant-99 reports_outcome condition:study population measure=OS "
        "value=55 horizon=4-year"},
       {}},
      // A qualifier, and a share of patients that is not a rate.
      {"In the MLL-10 trial, 40% proceeded to transplant and the EFS exceeded 60%.\n",
       {"trial:MLL-10 reports_outcome condition:study population measure=EFS value=60 "
        "qualifier=>"},
       {"trial:MLL-10 reports_outcome condition:study population measure=EFS value=40"}},
      // A value before its measure.
      {"The AALL0631 study reported a 100% MRD response rate.\n",
       {"trial:AALL0631 reports_outcome condition:study population measure=MRD response "
        "value=100"},
       {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto facts = FactsOf(c.text);
    for (const auto& f : facts) UNSCOPED_INFO("got: " << f);
    for (const auto& f : c.present) CHECK(Has(facts, f));
    for (const auto& f : c.absent) CHECK_FALSE(Has(facts, f));
  }
}

// The evidence of `predicate` facts from `subject` to `object` in `text`.
std::vector<lg::graph::Evidence> EvidenceOf(const std::string& text,
                                            const std::string& subject,
                                            const std::string& predicate,
                                            const std::string& object) {
  auto data = SharedPipeline().ExtractBytes("test.txt", text, {});
  REQUIRE(data.ok());
  for (const auto& f : data->facts) {
    if (f.subject == subject && f.predicate == predicate && f.object == object) {
      return f.evidence;
    }
  }
  return {};
}

TEST_CASE("relations: a fact stated in many sentences keeps one evidence each",
          "[ingest]") {
  // 24 bytes and a space per sentence; the same fact 500 times (its
  // duplicate check once rescanned all evidence kept: quadratic).
  const std::string sentence = "Revumenib inhibits MEN1.";
  std::string text;
  for (int i = 0; i < 500; ++i) text += sentence + " ";
  text += "\n";
  auto evidence = EvidenceOf(text, "drug:revumenib", "inhibits", "gene:MEN1");
  REQUIRE(evidence.size() == 500);
  for (size_t i = 0; i < evidence.size(); ++i) {
    INFO(i);
    CHECK(evidence[i].begin == 25 * i);
    CHECK(evidence[i].end == 25 * i + 24);
    CHECK(evidence[i].sentence == sentence);
    CHECK(evidence[i].rule == "drug-verb-target");
  }
}

TEST_CASE("relations: an overlong sentence gives a bounded window of evidence",
          "[ingest]") {
  struct Case {
    std::string filler;     // repeated before and after the statement
    uint64_t begin_offset;  // evidence begin - offset of "revumenib"
    uint64_t size;          // evidence bytes
  };
  // The statement "revumenib inhibits MEN1" (23 bytes) padded evenly to
  // 1024 bytes: 500 before, 501 after; a window never cuts a UTF-8
  // character ("é" is 2 bytes: the window starts one byte later).
  std::vector<Case> cases = {
      {"lorem ipsum ", 500, 1024},
      {"\xC3\xA9", 499, 1023},
  };
  for (const Case& c : cases) {
    INFO(c.filler);
    std::string before = "x";
    std::string after;
    for (int i = 0; i < 1000; ++i) before += c.filler;
    for (int i = 0; i < 1000; ++i) after += c.filler;
    std::string text = before + " revumenib inhibits MEN1 " + after + ".\n";
    uint64_t at = before.size() + 1;
    auto evidence = EvidenceOf(text, "drug:revumenib", "inhibits", "gene:MEN1");
    REQUIRE(evidence.size() == 1);
    const auto& ev = evidence[0];
    CHECK(ev.begin == at - c.begin_offset);
    CHECK(ev.end - ev.begin == c.size);
    CHECK(ev.sentence == text.substr(ev.begin, ev.end - ev.begin));
    CHECK(ev.sentence.find("revumenib inhibits MEN1") == c.begin_offset);
  }
}

TEST_CASE("recogniser: what is never a gene", "[ingest]") {
  CheckPresence({
      // Evidence-grade tags.
      {"Responses lasted a year.[4][Level of evidence C2]\n", {}, {"gene:C2"}},
      {"Survival improved (level of evidence: C3).\n", {}, {"gene:C3"}},
      // Abbreviations the text defines as something else; the same word
      // stays a gene in a text that does not.
      {"Patients received chemoimmunotherapy (CIT). Relapse after CIT was rare.\n",
       {},
       {"gene:CIT"}},
      {"Inhibitors of CIT kinase slowed growth.\n", {"gene:CIT"}, {}},
      {"The hazard ratio [HR] for death was 0.61 and the HR for relapse 0.7.\n",
       {},
       {"gene:HR"}},
      // A family word defined as a response is no family; as its own name it is.
      {"The major molecular response (MMR) rate was 40%; MMR was durable.\n",
       {},
       {"gene_family:MMR"}},
      {"Loss of mismatch repair (MMR) proteins was tested; MMR status mattered.\n",
       {"gene_family:MMR"},
       {}},
      // A definition naming a gene keeps it.
      {"Bruton tyrosine kinase (BTK) inhibitors were given; BTK was mutated.\n",
       {"gene:BTK"},
       {}},
      {"Patients with neurofibromatosis type 1 (NF1) were excluded; NF1 loss was rare.\n",
       {"gene:NF1"},
       {}},
      {"The mixed lineage leukemia (MLL) gene fuses with AF4; MLL partners vary.\n",
       {"gene:KMT2A"},
       {}},
      // People's initials.
      {"AB, SPS, ECS, and REL designed the study.\n", {}, {"gene:REL"}},
      {"KRAS, NRAS, BRAF, and ALK were sequenced.\n",
       {"gene:KRAS", "gene:NRAS", "gene:BRAF", "gene:ALK"},
       {}},
      // Two-letter symbols need gene context.
      {"Arm C2 enrolled 40 patients.\n", {}, {"gene:C2"}},
      // Doses, stages and trial arms.
      {"Patients with stage IIIB disease received 100 mg twice daily in arm B.\n",
       {},
       {"gene:IIIB", "gene:ARMB"}},
      // "CAR-T" is no spelling of the alias CART.
      {"CAR-T cells were infused.\n", {}, {"gene:CARTPT"}},
  });
}

TEST_CASE("recogniser: gene lists, ranges, families and spelling variants", "[ingest]") {
  CheckPresence({
      {"JAK1/2 inhibitors and FGFR1-4 fusions were studied.\n",
       {"gene:JAK1", "gene:JAK2", "gene:FGFR1", "gene:FGFR2", "gene:FGFR3", "gene:FGFR4"},
       {}},
      {"Ribociclib blocks CDK 4 and 6.\n", {"gene:CDK4", "gene:CDK6"}, {}},
      {"HER2/3 heterodimers signal strongly.\n", {"gene:ERBB2", "gene:ERBB3"}, {}},
      // Numbers after a family name: its members.
      {"The drug blocks VEGF receptors 1, 2 and 3.\n",
       {"gene:FLT1", "gene:KDR", "gene:FLT4"},
       {"gene_family:VEGFR"}},
      {"The antibody binds VEGF receptor 2.\n", {"gene:KDR"}, {"gene_family:VEGFR"}},
      // Family words alone stay families.
      {"RAF and RAS signal through MEK.\n",
       {"gene_family:MEK", "gene_family:RAF", "gene_family:RAS"},
       {}},
      // A family word is never one gene's alias ("RAF" is also an alias of ZHX2).
      {"MEK and RAF inhibitors were combined.\n", {"gene_family:MEK"}, {"gene:ZHX2"}},
      // Not lists: scores, stages.
      {"Patients had an ECOG score of 0 or 1 and grade 3 or 4 events.\n",
       {},
       {"gene:ECOG0", "gene:GRADE3"}},
      // Spelling variants of lexicon symbols and aliases.
      {"Tumors with c-KIT and HER-2 expression were compared.\n",
       {"gene:KIT", "gene:ERBB2"},
       {}},
      {"Her2/neu and Bcl-2 were overexpressed.\n", {"gene:ERBB2", "gene:BCL2"}, {}},
      {"Plasma b-FGF and MIP-1a levels rose.\n", {"gene:FGF2", "gene:CCL3"}, {}},
      // Cytochromes written with their family name.
      {"Avoid inhibitors of cytochrome P450 isoenzyme 3A4 (CYP450 3A4).\n",
       {"gene:CYP3A4"},
       {}},
      {"Cytochrome P450 levels rose.\n", {}, {"gene:CYP450"}},
  });
}

TEST_CASE("recogniser: fusions in every wording", "[ingest]") {
  CheckPresence({
      {"Tumors with FGFR2 fusions responded.\n", {"fusion:FGFR2::?"}, {}},
      {"NTRK1-3 fusions respond to larotrectinib.\n",
       {"fusion:NTRK1::?", "fusion:NTRK2::?", "fusion:NTRK3::?"},
       {}},
      {"NTRK1-3 expression was low.\n", {"gene:NTRK2"}, {"fusion:NTRK2::?"}},
      {"An NRG1 gene fusion was found.\n", {"fusion:NRG1::?"}, {}},
      {"ETV6::NTRK3 and EML4-ALK-positive tumors responded.\n",
       {"fusion:ETV6::NTRK3", "fusion:EML4::ALK"},
       {}},
      {"Patients with Philadelphia chromosome-positive leukemia or Ph+ ALL were "
       "treated.\n",
       {"fusion:BCR::ABL1"},
       {}},
      {"Ph-like ALL and Philadelphia chromosome-negative disease differ.\n",
       {},
       {"fusion:BCR::ABL1"}},
      // Karyotypes and names of their own, from the alias table.
      {"Cases with t(12;21) or TEL-AML1 did well.\n", {"fusion:ETV6::RUNX1"}, {}},
      {"AML with inv(16) or t(15;17) has a good prognosis.\n",
       {"fusion:CBFB::MYH11", "fusion:PML::RARA"},
       {}},
      // Old symbols in every group form.
      {"MLL-r, MLLr and MLL-rearranged leukemias were pooled.\n",
       {"fusion:KMT2A::?"},
       {}},
      // A slash between genes with a state after it means "or".
      {"KIT/PDGFRA wild-type tumors were excluded.\n",
       {"gene:KIT", "gene:PDGFRA"},
       {"fusion:KIT::PDGFRA"}},
  });
  // A group is found under its gene's old symbols too.
  auto group =
      EntityOf("Infants with KMT2A-rearranged ALL relapse early.\n", "fusion:KMT2A::?");
  CHECK(HasAlias(group, "MLL-r"));
  CHECK(HasAlias(group, "MLLr"));
  CHECK(HasAlias(group, "MLL-rearranged"));
  CHECK(HasAlias(group, "KMT2A-r"));
}

TEST_CASE("recogniser: named trials by shape, registry ids of every registry",
          "[ingest]") {
  CheckPresence({
      {"In the phase III ZEPHYR trial, survival improved.\n", {"trial:ZEPHYR"}, {}},
      {"The ORCA-Lung07 study and the TR4CE trial enrolled adults.\n",
       {"trial:ORCA-Lung07", "trial:TR4CE"},
       {}},
      {"The BeamUp 300 trial and the ALPHA TN trial were reported.\n",
       {"trial:BeamUp 300", "trial:ALPHA TN"},
       {}},
      {"The XYZG 12-345 trial and the Intergroup study 90123 were pooled.\n",
       {"trial:XYZG 12-345", "trial:Intergroup study 90123"},
       {}},
      // Names in a registry-like position.
      {"KESTREL (NCT01234567) and TALON [NCT07654321] enrolled adults.\n",
       {"trial:KESTREL", "trial:TALON", "trial:NCT01234567", "trial:NCT07654321"},
       {}},
      // Registry ids of every common registry.
      {"It was registered as ISRCTN 12345678, EudraCT 2010-012345-67, "
       "ACTRN12612000123456, ChiCTR2000012345, JPRN-UMIN000012345, NTR1234 and "
       "UMIN000012345.\n",
       {"trial:ISRCTN12345678", "trial:2010-012345-67", "trial:ACTRN12612000123456",
        "trial:ChiCTR2000012345", "trial:JPRN-UMIN000012345", "trial:NTR1234",
        "trial:UMIN000012345"},
       {}},
      // Not names: design words, phases, statuses, variants, agencies, the
      // text's own abbreviations.
      {"A randomized phase III trial and the HER2-positive study were reported.\n",
       {},
       {"trial:III", "trial:HER2-positive"}},
      {"A KRAS G12C trial and an FDA study followed.\n", {}, {"trial:G12C", "trial:FDA"}},
      {"We gave chemoimmunotherapy (CIT) in a CIT trial.\n", {}, {"trial:CIT"}},
      {"The Study Group for Lung Cancer (SGLC) trial and the SEER study were cited.\n",
       {},
       {"trial:SGLC", "trial:SEER"}},
      // A trial name that is also a gene alias is no gene ("HERA" is an ERAL1 alias).
      {"The HERA trial enrolled women.\n", {"trial:HERA"}, {"gene:ERAL1"}},
  });
  // A name and an id written together are one trial, with its phase.
  auto trial = EntityOf("The phase II KESTREL trial (NCT01234567) enrolled adults.\n",
                        "trial:NCT01234567");
  CHECK(HasAlias(trial, "KESTREL"));
  CHECK(trial.attributes["phase"] == "2");
  // The same name spelled with a space elsewhere is the same trial.
  auto spelled = EntityOf(
      "The ORCA-77 trial (NCT01234567) enrolled adults. In the ORCA 77 trial, survival "
      "improved.\n",
      "trial:NCT01234567");
  CHECK(HasAlias(spelled, "ORCA 77"));
  // Alone, the name is a trial of its own.
  CHECK(EntityOf("The ORCA 77 trial was reported.\n", "trial:ORCA 77").label ==
        "ORCA 77");
  auto bracketed = EntityOf("A randomized trial (TALON [NCT07654321]) enrolled adults.\n",
                            "trial:NCT07654321");
  CHECK(HasAlias(bracketed, "TALON"));
}

TEST_CASE("recogniser: code names by shape and use", "[ingest]") {
  CheckPresence({
      {"Patients received QX-123456 400 mg daily.\n", {"drug:QX-123456"}, {}},
      {"ZQ-7788 was given for 28 days.\n", {"drug:ZQ-7788"}, {}},
      {"Rituximab plus QRS7701 was compared with the QRS7701 arm alone.\n",
       {"drug:QRS7701"},
       {}},
      // Never a trial, even beside trial words.
      {"A phase I study of QRS-5678 400 mg enrolled adults.\n",
       {"drug:QRS-5678"},
       {"trial:QRS-5678"}},
      // A regimen's variant number is no code name.
      {"Patients received FOLFOX4 plus cetuximab.\n", {}, {"drug:FOLFOX4"}},
  });
  // The code first, the INN in brackets: one node.
  auto drug = EntityOf("ABT-7777 (venetoclax) inhibits BCL-2.\n", "drug:venetoclax");
  CHECK(HasAlias(drug, "ABT-7777"));
}

TEST_CASE("words: abbreviations a text defines, Roman numerals", "[ingest]") {
  std::string text =
      "The hazard ratio [HR] was low after chemoimmunotherapy (CIT), and "
      "event-free survival (EFS; 3 years) too, but not (see above) or (n = 4).";
  auto found = lg::ingest::FindAbbreviations(text, 0, text.size());
  std::vector<std::string> got;
  for (const auto& a : found) got.push_back(a.short_form + "=" + a.long_form);
  CHECK(got == std::vector<std::string>{"HR=hazard ratio", "CIT=chemoimmunotherapy",
                                        "EFS=event-free survival"});
  REQUIRE(found.size() == 3);
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "HR");
  CHECK(lg::ingest::IsRomanNumeral("III"));
  CHECK(lg::ingest::IsRomanNumeral("iv"));
  CHECK_FALSE(lg::ingest::IsRomanNumeral("IIIB"));
  CHECK_FALSE(lg::ingest::IsRomanNumeral("MIX"));
}

TEST_CASE("relations: a trial name tied to registry ids by shared citations",
          "[ingest]") {
  // The name's sentence cites [1,2]; table rows with one registry id each
  // cite [1] and [2]: both registered trials carry the name.
  std::string text =
      "The QUAIL studies test a new agent in infants [1,2].\n\n"
      "Table 1. Ongoing trials of new agents.\n"
      "Agent\tRegistry\tPhase\tReference\n"
      "vorinostat\tNCT01111111\t1/2\t[1]\n"
      "bortezomib\tNCT02222222\t2\t[2]\n\n"
      "References\n\n"
      "1. Smith A. A first title. Blood 2020;1:1-2.\n"
      "2. Jones B. A second title. Blood 2021;2:3-4.\n";
  CHECK(HasAlias(EntityOf(text, "trial:NCT01111111"), "QUAIL"));
  CHECK(HasAlias(EntityOf(text, "trial:NCT02222222"), "QUAIL"));
  // A sentence citing a reference no registry row cites names no registry trial.
  std::string other = text;
  other.replace(other.find("[1,2]"), 5, "[1,3]");
  CHECK_FALSE(HasAlias(EntityOf(other, "trial:NCT01111111"), "QUAIL"));
}

// The cheap check FindGeneLists runs before its patterns: it must hold for
// every list the patterns read, else a list would be lost.
TEST_CASE("HasNumberList: a digit, a list separator, a digit", "[ingest]") {
  using lg::ingest::recognize_internal::HasNumberList;
  for (const char* yes : {"JAK1/2", "FGFR1-4 fusions", "HER2,3", "CDK 4 and 6",
                          "CD19 /22", "IL2 to 7", "KIT 9or11", "X1 -\t4", "ends 3, 5"}) {
    INFO(yes);
    CHECK(HasNumberList(yes));
  }
  for (const char* no : {"", "HER2 and KRAS", "1 and", "a/2", "1  /2", "1/  2", "1 andy",
                         "TP53 or BRCA", "2 to\n\nfour", "7"}) {
    INFO(no);
    CHECK_FALSE(HasNumberList(no));
  }
}

// GeneSymbol's stack key: the same bytes as VariantKey, its full length
// returned even when the buffer is too short, and a string_view lookup in a
// StringViewHash set finding what a std::string lookup finds.
TEST_CASE("VariantKeyInto: VariantKey without allocating", "[ingest]") {
  using lg::ingest::recognize_internal::StringViewHash;
  using lg::ingest::recognize_internal::VariantKey;
  using lg::ingest::recognize_internal::VariantKeyInto;
  CHECK(VariantKey("c-Kit") == "CKIT");
  CHECK(VariantKey("mip-1.a b") == "MIP1AB");
  CHECK(VariantKey("- . -") == "");
  CHECK(VariantKey("zeta\xc3\xa9") == "ZETA\xc3\xa9");
  for (const char* s :
       {"", "c-Kit", "Ab.c d-E", "---", "xyz123-q", "AbcdefghijKLMNOP-qrs",
        "\xce\xb1-tub", "a b c d e f g h i j k l m n"}) {
    INFO(s);
    std::string key = VariantKey(s);
    char buf[8];
    size_t n = VariantKeyInto(s, buf, sizeof buf);
    CHECK(n == key.size());
    CHECK(std::string(buf, std::min(n, sizeof buf)) == key.substr(0, sizeof buf));
  }
  std::unordered_set<std::string, StringViewHash, std::equal_to<>> keys = {"CKIT",
                                                                           "MIP1A"};
  char buf[16];
  size_t n = VariantKeyInto("c-kit", buf, sizeof buf);
  CHECK(keys.count(std::string_view(buf, n)) == 1);
  n = VariantKeyInto("MIP-1a.", buf, sizeof buf);
  CHECK(keys.count(std::string_view(buf, n)) == 1);
  n = VariantKeyInto("c-ki", buf, sizeof buf);
  CHECK(keys.count(std::string_view(buf, n)) == 0);
}
