// The target grammar of ingest/relate_targets.cc, one rule family at a time,
// on sentences of our own: positives and negatives side by side. Each fact
// is printed as "subject predicate object <rule>" (one line per evidence),
// so a test also pins the rule named in the evidence.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "ingest/pipeline.h"
#include "tests/testing.h"

namespace {

const lg::ingest::Pipeline& SharedPipeline() {
  static auto pipeline = lg::ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  return **pipeline;
}

// "subject predicate object <rule>" for every evidence of every fact
// whose subject is a drug, plus "... stated=false" when inferred.
std::set<std::string> DrugFacts(const std::string& text) {
  auto data = SharedPipeline().ExtractBytes("test.txt", text, {});
  REQUIRE(data.ok());
  std::set<std::string> out;
  for (const auto& f : data->facts) {
    if (f.subject.rfind("drug:", 0) != 0) continue;
    for (const auto& ev : f.evidence) {
      out.insert(f.subject + " " + f.predicate + " " + f.object + " <" + ev.rule + ">" +
                 (ev.stated ? "" : " stated=false"));
    }
  }
  return out;
}

// The (subject, object) pairs of target facts, whatever the rule.
std::set<std::string> TargetPairs(const std::string& text) {
  std::set<std::string> out;
  for (const std::string& line : DrugFacts(text)) {
    std::string subject = line.substr(0, line.find(' '));
    std::string rest = line.substr(line.find(' ') + 1);
    std::string predicate = rest.substr(0, rest.find(' '));
    if (predicate == "member_of" || predicate == "active_in" || predicate == "tests")
      continue;
    rest = rest.substr(rest.find(' ') + 1);
    out.insert(subject + " -> " + rest.substr(0, rest.find(' ')));
  }
  return out;
}

struct Case {
  std::string text;
  std::vector<std::string> present;  // lines of DrugFacts
  std::vector<std::string> absent;   // pairs of TargetPairs ("drug:x -> gene:Y")
};

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    std::set<std::string> facts = DrugFacts(c.text);
    std::set<std::string> pairs = TargetPairs(c.text);
    for (const std::string& f : facts) UNSCOPED_INFO("got: " << f);
    for (const std::string& p : c.present) CHECK(facts.count(p) == 1);
    for (const std::string& a : c.absent) CHECK(pairs.count(a) == 0);
  }
}

}  // namespace

TEST_CASE("targets: verbs", "[ingest]") {
  Check({
      {"Cetuximab blocks EGFR in tumour cells.\n",
       {"drug:cetuximab inhibits gene:EGFR <drug-verb-target>"},
       {}},
      {"Trastuzumab, which is given weekly, binds to HER2.\n",
       {"drug:trastuzumab binds gene:ERBB2 <drug-verb-target>"},
       {}},
      // A list after the verb; a numbered range through the lexicon.
      {"Axitinib inhibits VEGFR1-3 and KIT.\n",
       {"drug:axitinib inhibits gene:FLT1 <drug-verb-target>",
        "drug:axitinib inhibits gene:KDR <drug-verb-target>",
        "drug:axitinib inhibits gene:FLT4 <drug-verb-target>",
        "drug:axitinib inhibits gene:KIT <drug-verb-target>"},
       {}},
      // Negatives: the verb's object is not the gene; a hedge.
      {"Cetuximab inhibits growth of cells with mutated KRAS.\n",
       {},
       {"drug:cetuximab -> gene:KRAS"}},
      {"Cetuximab does not bind KRAS.\n", {}, {"drug:cetuximab -> gene:KRAS"}},
  });
}

TEST_CASE("targets: descriptions by copula and apposition", "[ingest]") {
  Check({
      {"Panitumumab is a human antibody against the EGFR.\n",
       {"drug:panitumumab targets gene:EGFR <drug-description-target>"},
       {}},
      {"We gave venetoclax (a selective inhibitor of BCL2) to all patients.\n",
       {"drug:venetoclax inhibits gene:BCL2 <drug-description-target>"},
       {}},
      {"Tucatinib is a TKI that is selective for HER2 over EGFR in our hands.\n",
       {"drug:tucatinib targets gene:ERBB2 <drug-description-target>"},
       {}},
      {"Neratinib is a pan-HER TKI (HER1, HER2, and HER4) given by mouth.\n",
       {"drug:neratinib inhibits gene:EGFR <drug-description-target>",
        "drug:neratinib inhibits gene:ERBB2 <drug-description-target>",
        "drug:neratinib inhibits gene:ERBB4 <drug-description-target>"},
       {}},
      {"Ramucirumab, an antibody against VEGF receptor 2, was given weekly.\n",
       {"drug:ramucirumab targets gene:KDR <drug-description-target>"},
       {"drug:ramucirumab -> gene_family:VEGFR"}},
      {"Aflibercept is an anti-VEGF fusion protein.\n",
       {"drug:aflibercept targets gene:VEGFA <drug-description-target>"},
       {}},
      // Both drugs of "D1 and D2 are ...".
      {"Sotorasib and adagrasib are both KRAS G12C-specific inhibitors, taken orally.\n",
       {"drug:sotorasib targets gene:KRAS <drug-description-target>",
        "drug:adagrasib targets gene:KRAS <drug-description-target>"},
       {}},
      // "It is a ...": the drug that opens the previous sentence.
      {"Ripretinib was approved in 2020. It acts as a broad switch-pocket inhibitor of "
       "several targets, including KIT and PDGFRA.\n",
       {"drug:ripretinib targets gene:KIT <pronoun-description-target>",
        "drug:ripretinib targets gene:PDGFRA <pronoun-description-target>"},
       {}},
      // A family inside its class is the family, not a gene one of its
      // aliases names.
      {"Trametinib is a MEK inhibitor.\n",
       {"drug:trametinib inhibits gene_family:MEK <class-apposition>"},
       {"drug:trametinib -> gene:MAP2K7"}},
      // Negatives: a pronoun with no drug opening the previous sentence.
      {"Many agents were approved in 2020. It is an inhibitor of KIT.\n", {}, {}},
      // Negatives: a contrast ends the description; a hedge; a target named
      // after the next drug belongs to that drug's phrase, not this one's.
      {"Pertuzumab is an antibody that binds a domain other than the one trastuzumab "
       "binds, unlike the anti-EGFR antibody cetuximab.\n",
       {},
       {"drug:pertuzumab -> gene:EGFR"}},
      {"Tucatinib is an oral TKI that minimally inhibits EGFR.\n",
       {},
       {"drug:tucatinib -> gene:EGFR"}},
      {"Docetaxel is a taxane given with trastuzumab to HER2-positive patients.\n",
       {},
       {"drug:docetaxel -> gene:ERBB2"}},
  });
}

TEST_CASE("targets: noun phrases before the drug", "[ingest]") {
  Check({
      {"Patients then received the anti-EGFR antibody panitumumab.\n",
       {"drug:panitumumab targets gene:EGFR <prenominal-target>"},
       {}},
      {"Anti-EGFR antibodies such as cetuximab and panitumumab were studied.\n",
       {"drug:cetuximab targets gene:EGFR <prenominal-target>",
        "drug:panitumumab targets gene:EGFR <prenominal-target>"},
       {}},
      // Negative: a gene that only qualifies the patients.
      {"HER2-positive patients received paclitaxel.\n",
       {},
       {"drug:paclitaxel -> gene:ERBB2"}},
  });
}

TEST_CASE("targets: classes in apposition and lists", "[ingest]") {
  Check({
      {"BTK inhibitors (zanubrutinib, acalabrutinib, or ibrutinib) were chosen.\n",
       {"drug:acalabrutinib inhibits gene:BTK <class-apposition>",
        "drug:zanubrutinib inhibits gene:BTK <class-apposition>",
        "drug:ibrutinib inhibits gene:BTK <class-apposition>"},
       {}},
      {"Responses to BTK inhibitors, such as ibrutinib, were durable.\n",
       {"drug:ibrutinib inhibits gene:BTK <class-apposition>"},
       {}},
      // Negative: a class next to a drug in a list of arms is no apposition.
      {"Arms were trastuzumab plus taxane, pertuzumab plus placebo.\n",
       {},
       {"drug:pertuzumab -> process:microtubule assembly"}},
  });
}

TEST_CASE("targets: indications", "[ingest]") {
  Check({
      {"In 2020, the agency approved avapritinib for adults with GIST harbouring a "
       "PDGFRA exon 18 variant.\n",
       {"drug:avapritinib targets gene:PDGFRA <indication-target>"},
       {}},
      {"Larotrectinib is approved for NTRK fusion-positive solid tumours.\n",
       {"drug:larotrectinib targets gene_family:TRK <indication-target>"},
       {}},
      // Negatives: a drug given alongside the approved one; a negative group.
      {"The agency approved pertuzumab with docetaxel for HER2-positive disease.\n",
       {"drug:pertuzumab targets gene:ERBB2 <indication-target>"},
       {"drug:docetaxel -> gene:ERBB2"}},
      {"Palbociclib is approved for HER2-negative breast cancer.\n",
       {},
       {"drug:palbociclib -> gene:ERBB2"}},
  });
}

TEST_CASE("targets: headings and tables", "[ingest]") {
  const std::string intro =
      "A review of new agents\n\nIntroduction\n\nThis review covers them.\n\n";
  Check({
      // The heading names the target; the lexicon files everolimus under an
      // mTOR inhibitor class; vinorelbine, under the same heading, is not.
      {intro + "MTOR inhibition\n\nIn one trial, everolimus was added to vinorelbine.\n",
       {"drug:everolimus inhibits gene:MTOR <section-target> stated=false"},
       {"drug:vinorelbine -> gene:MTOR"}},
      // The heading names a lexicon class.
      {intro + "Menin inhibitors\n\nIn one trial, revumenib was added to cytarabine.\n",
       {"drug:revumenib member_of drug_class:menin inhibitor <section-class> "
        "stated=false",
        "drug:revumenib inhibits gene:MEN1 <section-class> stated=false"},
       {"drug:cytarabine -> gene:MEN1"}},
      // A heading with no class or cued target gives nothing.
      {intro + "Results in infants\n\nIn one trial, revumenib was added to cytarabine.\n",
       {},
       {"drug:revumenib -> gene:MEN1"}},
  });
}

TEST_CASE("targets: the lexicon raises a close pair to an inferred fact", "[ingest]") {
  Check({
      {"Imatinib for KIT-mutant tumours was effective.\n",
       {"drug:imatinib targets gene:KIT <lexicon-target-sentence> stated=false"},
       {}},
      // A known target (drug_targets.tsv) that no class of the drug names.
      {"Imatinib for PDGFRB-rearranged neoplasms was effective.\n",
       {"drug:imatinib targets gene:PDGFRB <lexicon-target-sentence> stated=false"},
       {}},
      // Negative: not a target the lexicon knows for the drug.
      {"Imatinib for FLT3-mutant leukemia was not tested.\n",
       {},
       {"drug:imatinib -> gene:FLT3"}},
      // Negative: far apart, or another drug between them.
      {"Imatinib was effective; later, resistance arose through KIT exon 17 variants.\n",
       {},
       {"drug:imatinib -> gene:KIT"}},
  });
}

TEST_CASE("activity: a sentence ties the effect, a paragraph does not", "[ingest]") {
  auto facts = DrugFacts(
      "Trametinib induced remissions in KMT2A-rearranged leukemia cells.\n\n"
      "Infants with KMT2A-rearranged leukemia are rare. Dasatinib was licensed in 2006 "
      "and "
      "is widely available.\n\n"
      "Eleven infants were treated with blinatumomab after induction. All patients had "
      "KMT2A rearrangements.\n");
  for (const std::string& f : facts) UNSCOPED_INFO("got: " << f);
  CHECK(facts.count("drug:trametinib active_in fusion:KMT2A::? <agent-activity>") == 1);
  CHECK(facts.count("drug:blinatumomab active_in fusion:KMT2A::? <agent-activity-cohort> "
                    "stated=false") == 1);
  for (const std::string& f : facts)
    CHECK(f.find("drug:dasatinib active_in") == std::string::npos);
}

TEST_CASE("activity: a drug studied in patients with the group", "[ingest]") {
  auto facts = DrugFacts(
      "Two trials are testing dasatinib in infants with KMT2A-rearranged leukemia.\n\n"
      "Imatinib was given first, then dasatinib was studied in children with "
      "BCR::ABL1-positive leukemia.\n\n"
      "KMT2A-rearranged leukemia was described in 1991, the year nilotinib was "
      "synthesised.\n");
  for (const std::string& f : facts) UNSCOPED_INFO("got: " << f);
  CHECK(facts.count("drug:dasatinib active_in fusion:KMT2A::? <agent-in-group>") == 1);
  CHECK(facts.count("drug:dasatinib active_in fusion:BCR::ABL1 <agent-in-group>") == 1);
  // Another drug stands between imatinib and the group; nilotinib is not
  // studied in anyone.
  for (const std::string& f : facts) {
    CHECK(f.find("drug:imatinib active_in") == std::string::npos);
    CHECK(f.find("drug:nilotinib active_in") == std::string::npos);
  }
}
