// The outcome grammar (ingest/relate_outcomes.cc), one rule family at a
// time, on sentences of our own: positives and negatives side by side.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ingest/pipeline.h"
#include "ingest/relate_internal.h"
#include "tests/testing.h"

namespace {

using lg::ingest::relate_internal::FindOutcomeMeasures;
using lg::ingest::relate_internal::FindOutcomeValues;
using lg::ingest::relate_internal::MaskNonValues;
using lg::ingest::relate_internal::OutcomeHorizon;
using lg::ingest::relate_internal::OutcomeMeasure;
using lg::ingest::relate_internal::OutcomeValue;
using lg::ingest::relate_internal::PairOutcomes;

// "measure" of every measure in `s`, space separated.
std::string Measures(const std::string& s) {
  std::string out;
  for (const OutcomeMeasure& m : FindOutcomeMeasures(s, 0)) {
    out += (out.empty() ? "" : " ") + m.measure;
  }
  return out;
}

// "value unit" of every value in `s` ("50.3%", "10.1 months", "24-40 months").
std::string Values(const std::string& s) {
  std::string out;
  for (const OutcomeValue& v : FindOutcomeValues(s, 0)) {
    std::string one = v.value + (v.value_max.empty() ? "" : "-" + v.value_max);
    one += v.unit == "%" ? "%" : " " + v.unit;
    if (!v.qualifier.empty() && v.qualifier != "range") one = v.qualifier + one;
    out += (out.empty() ? "" : ", ") + one;
  }
  return out;
}

// "measure=value" of every pair in `s`.
std::string Pairs(const std::string& s) {
  auto measures = FindOutcomeMeasures(s, 0);
  auto values = FindOutcomeValues(s, 0);
  std::string out;
  for (auto [mi, vi] : PairOutcomes(s, measures, values)) {
    out += (out.empty() ? "" : ", ") + measures[mi].measure + "=" + values[vi].value +
           (values[vi].unit == "%" ? "%" : " " + values[vi].unit);
  }
  return out;
}

}  // namespace

TEST_CASE("outcome measures: spelled out and abbreviated", "[ingest]") {
  struct Case {
    std::string text, expected;
  };
  std::vector<Case> cases = {
      {"progression-free survival and overall survival", "PFS OS"},
      {"PFS, OS, EFS, DFS and RFS", "PFS OS EFS DFS RFS"},
      {"event-free survival, relapse-free survival, disease-free survival",
       "EFS RFS DFS"},
      {"the objective response rate and the ORR", "ORR ORR"},
      {"overall response, response rate", "ORR ORR"},
      {"CR/CRi and CR + CRh", "CR/CRi CR/CRh"},
      {"complete remission with incomplete count recovery", "CRi"},
      {"complete response, partial response, stable disease", "CR PR SD"},
      {"a CR, a PR and SD", "CR PR"},
      {"disease control rate, duration of response, time to progression", "DCR DOR TTP"},
      {"pathologic complete response (pCR)", "pCR pCR"},
      {"MRD negativity, major molecular response, complete cytogenetic response",
       "MRD-negativity MMR CCyR"},
      {"complete hematologic response, treatment-related mortality, induction death",
       "CHR TRM induction death"},
      {"the undetectable MRD rate", "undetectable MRD"},
      {"treatment-free survival (TFS), time to next treatment (TTNT)",
       "TFS TFS TTNT TTNT"},
      {"| SD | 0 (0.0%) | 1 (3.0%) |", "SD"},
      {"the median time-to-disease progression", "TTP"},
      {"a mean age of 60 (SD 8) years", ""},
      {"30-day post-operative mortality; they died within 90 days of surgery",
       "post-operative mortality post-operative mortality"},
      {"clinical CR, n-PR, then CR or CR with incomplete count recovery (CRi)",
       "CCR nPR CR/CRi"},
      {"pathological tumour response and R0 resections",
       "pathological response R0 resection"},
      {"the proportion of patients responding", "ORR"},
      // Negatives: the progesterone receptor, other survival phrases.
      {"ER/PR-positive and HR+/PR+ tumours", ""},
      {"metastasis-free survival", ""},
      {"the rate for patients with stable disease", ""},
      {"a survival benefit", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(Measures(c.text) == c.expected);
  }
}

TEST_CASE("outcome values: percent and time, never statistics", "[ingest]") {
  struct Case {
    std::string text, expected;
  };
  std::vector<Case> cases = {
      {"was 47% and 55.6%", "47%, 55.6%"},
      // "or" is a conjunction; OR the ratio stands right before its number.
      {"patients with KRAS or BRAF variants had a PFS of 10.8 months vs. 9.2 months",
       "10.8 months, 9.2 months"},
      {"the ORR was 40% (OR, 1.5) and 30% (OR = 0.9)", "40%, 30%"},
      {"was 50\xC2\xB7"
       "3% in the control group",
       "50.3%"},
      {"median PFS was 10.1 months and 5.4 mo", "10.1 months, 5.4 months"},
      {"median OS, 31.4 months vs. 19.2 months", "31.4 months, 19.2 months"},
      {"median PFS was 9.2 vs. 6.1 months", "9.2 months, 6.1 months"},
      {"median OS was 24 to 40 months", "24-40 months"},
      {"from 7.4 to 9.6 months and from 3.8 months to 5.2 months",
       "7.4 months, 9.6 months, 3.8 months, 5.2 months"},
      {"approximately 40% and more than 60%", "~40%, >60%"},
      {"a median DOR of 12 weeks and 30 days", "12 weeks, 30 days"},
      // Negatives, each beside a real value.
      {"50% (95% CI, 45-55)", "50%"},
      {"50% (95% CI 45.5%-54.9%)", "50%"},
      {"13.2 months (95% CI, 11.4-15.2 months)", "13.2 months"},
      {"40% (HR, 0.62; 95% CI, 0.51-0.74; P < .001)", "40%"},
      {"HR 0.76, 95% CI 0.59-0.98, 30%", "30%"},
      {"60% +/- 5%", "60%"},
      {"a 3-year EFS of 88 +/- 8%", "88%"},
      {"a 24% relative risk reduction and an ORR of 33%", "33%"},
      {"after a median follow-up of 50 months, 12 months", "12 months"},
      {"at 24 months the rate was 80%", "80%"},
      {"improved by 6.3 months to 20 months", "20 months"},
      {"designed with 90% power and a one-sided 2.5% significance level", ""},
      {"the 12-month PFS rate", ""},
      {"in 150% of cases", ""},
      {"a landmark 6 months from randomisation", ""},
      {"an adjusted difference of 39% (P < .001)", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(Values(c.text) == c.expected);
  }
}

TEST_CASE("outcome horizons: one form", "[ingest]") {
  struct Case {
    std::string text, expected;
  };
  std::vector<Case> cases = {
      {"the 5-year os", "5-year"},
      {"two-year pfs", "2-year"},
      {"the 3-y rate", "3-year"},
      {"pfs at 24 months", "24-month"},
      {"12-month pfs", "12-month"},
      {"median pfs was 10.1 months", ""},
      {"after a median follow-up of 3 years, the 4-year efs", "4-year"},
      {"long-term survival", "long-term"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(OutcomeHorizon(c.text) == c.expected);
  }
}

TEST_CASE("outcome pairs: each value with its measure", "[ingest]") {
  struct Case {
    std::string text, expected;
  };
  std::vector<Case> cases = {
      {"The 4-year EFS and OS were 47% and 55%, respectively.", "EFS=47%, OS=55%"},
      {"Median PFS and OS were 10 and 20 months, respectively.",
       "PFS=10 months, OS=20 months"},
      {"The median PFS was 10.1 months with drug A and 5.4 months with drug B.",
       "PFS=10.1 months, PFS=5.4 months"},
      {"The ORR was 62% and the CR rate was 20%.", "ORR=62%, CR=20%"},
      {"A 100% MRD response rate.", "MRD response=100%"},
      {"Of them, 60% achieved complete remission.", "CR=60%"},
      // Negatives: a share of patients, adverse events, a time with a rate.
      {"In the trial, 40% proceeded to transplant and the EFS exceeded 60%.", "EFS=60%"},
      {"The ORR was 45%; grade 3 neutropenia occurred in 30%.", "ORR=45%"},
      {"The ORR was 45%, and 25% of patients had grade 3 or higher adverse events.",
       "ORR=45%"},
      {"The CR rate was 30% at 12 months.", "CR=30%"},
      {"The EFS was 15% for those older than 90 days.", "EFS=15%"},
      {"The EFS was 15% for infants > 90 days old.", "EFS=15%"},
      {"The median duration of therapy was 8 months in the PFS analysis.", ""},
      {"The ORR was 40% after a median follow-up of 14 months.", "ORR=40%"},
      {"Median PFS was 7 months (HR, 0.59; 95% CI, 0.36-0.97; P = .03).", "PFS=7 months"},
      {"The CR rate was 20%, with 30% of patients discontinuing for toxicity.", "CR=20%"},
      // Design assumptions and shares of patients are no results.
      {"The 5-year OS in the control group was estimated to be 40%.", ""},
      {"No OS difference, owing to 76% of patients crossing over.", ""},
      {"The ORR was 60%, and 80% of patients achieved a response.", "ORR=60%"},
      {"An overall response in 88%, with five (9%) achieving a complete response.",
       "ORR=88%, CR=9%"},
      {"Every patient responded (100% overall response rate), with 18 (54.5%) reaching a "
       "CR or CR-i.",
       "ORR=100%, CR/CRi=54.5%"},
      {"The PFS was 80% for patients with stable disease and 33% otherwise.",
       "PFS=80%, PFS=33%"},
      {"The median OS was 24 to 40 months across studies.", ""},
      {"At 12 months, 70% of patients who received drug A were alive without disease "
       "progression and 90% were alive.",
       "PFS=70%, OS=90%"},
      {"A median OS difference of 4 months.", ""},
      // A comparator's share stated like the value before it.
      {"At 12 months, 70% of patients who received drug A were alive without disease "
       "progression, compared with 40% of patients who received drug B.",
       "PFS=70%, PFS=40%"},
      {"Median TFS was 39 months and the median time to next treatment was 50 months.",
       "TFS=39 months, TTNT=50 months"},
      // A share with its arm before the verb of its measure.
      {"At the end of therapy, 40.5% of patients who received ibrutinib and "
       "venetoclax achieved undetectable MRD.",
       "undetectable MRD=40.5%"},
      {"For the 43% of patients assigned to drug A who achieved a complete remission, "
       "the median DOR was 19 months.",
       "CR=43%, DOR=19 months"},
      {"Of note, 30% of patients who received drug A had grade 3 rash and a complete "
       "response.",
       ""},
      // Counts' shares before a verb measure; its comparator right after it.
      {"In the trial, 20 (4%) of 500 patients in arm A and 30 (6%) of 490 in arm B "
       "died within 90 days of surgery.",
       "post-operative mortality=4%, post-operative mortality=6%"},
      {"Two (5%) of 40 patients in arm A died within 30 days of the operation versus "
       "six (12%) of 50 in arm B, and reoperations were needed in 10 (25%) of 40.",
       "post-operative mortality=5%, post-operative mortality=12%"},
      // A ';' inside a value's parenthesis ends no clause; one outside does.
      {"The median OS was longer in the study group (7.0 months; 95% CI, 6.0-8.0) than "
       "in the placebo group (4.0 months; 95% CI, 3.5-4.5).",
       "OS=7.0 months, OS=4.0 months"},
      {"The median OS was 7.0 months; the median time on drug was 4.0 months.",
       "OS=7.0 months"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(Pairs(c.text) == c.expected);
  }
}

TEST_CASE("outcome masks keep offsets", "[ingest]") {
  std::string s = "OS 50% (95% CI, 45-55; p = 0.03) and 40%";
  std::string masked = MaskNonValues(s);
  REQUIRE(masked.size() == s.size());
  CHECK(masked.find("95%") == std::string::npos);
  CHECK(masked.find("0.03") == std::string::npos);
  CHECK(masked.substr(0, 6) == "OS 50%");
  CHECK(masked.substr(masked.size() - 7) == "and 40%");
}

namespace {

// "measure value unit drugs [arm] @subject" of every outcome fact of `text`.
std::set<std::string> OutcomesOf(const std::string& text) {
  static auto pipeline = lg::ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  auto data = (*pipeline)->ExtractBytes("test.txt", text, {});
  REQUIRE(data.ok());
  std::set<std::string> out;
  for (const auto& f : data->facts) {
    if (f.predicate != "reports_outcome") continue;
    auto attr = [&](const char* k) {
      auto it = f.attributes.find(k);
      return it == f.attributes.end() ? std::string() : it->second;
    };
    // The regimen, " + "-joined here for the table below.
    std::string drugs;
    for (const std::string& d : f.List("drugs"))
      drugs += (drugs.empty() ? "" : " + ") + d;
    std::string line =
        attr("measure") + " " + attr("value") + " " + attr("unit") + " " + drugs;
    if (!attr("arm").empty()) line += " [" + attr("arm") + "]";
    out.insert(line + " @" + f.subject);
  }
  return out;
}

}  // namespace

TEST_CASE("outcome attribution: arms, regimens, the governing item", "[ingest]") {
  struct Case {
    std::string text;
    std::set<std::string> expected;
  };
  std::vector<Case> cases = {
      // Arms after their values, in order; the regimen of an arm the
      // lexicon does not know is kept as printed.
      {"The median PFS was 10.1 months for patients who received ibrutinib and 5.4 "
       "months "
       "for patients who received FOLFOX-4 (HR, 0.5; 95% CI, 0.3-0.7).\n",
       {"PFS 10.1 months ibrutinib [for patients who received ibrutinib] "
        "@condition:unnamed cohort",
        "PFS 5.4 months FOLFOX-4 [for patients who received FOLFOX-4] @condition:unnamed "
        "cohort"}},
      // An arm before its value in parentheses; a role is no regimen, and
      // with no trial named there is nothing to attribute its value to.
      {"The ORR was higher in the venetoclax group (56%) than in the control group "
       "(16%).\n",
       {"ORR 56 % venetoclax [in the venetoclax group] @condition:unnamed cohort"}},
      {"In NCT01234567, the ORR was higher in the venetoclax group (56%) than in the "
       "control "
       "group (16%).\n",
       {"ORR 56 % venetoclax [in the venetoclax group] @trial:NCT01234567",
        "ORR 16 %  [in the control group] @trial:NCT01234567"}},
      // A value of no trial and no drug has nothing to be attributed to.
      {"A surgical series was reviewed.\n\n"
       "The 1-year OS rate was 90% for patients with stable disease and 40% for "
       "patients with progression.\n",
       {}},
      // ... but a sentence naming a trial after its value keeps it.
      {"The 5-year EFS reached 60% for all patients enrolled in NCT01234567.\n",
       {"EFS 60 %  @condition:unnamed cohort"}},
      // One regimen named before "A vs. B": the comparator's value gets none.
      {"Patients given rituximab had a longer OS (20.3 months vs. 15.6 months; P < "
       ".001).\n",
       {"OS 20.3 months rituximab @condition:unnamed cohort"}},
      {"In NCT01234567, patients given rituximab had a longer OS (20.3 months vs. 15.6 "
       "months; "
       "P < .001).\n",
       {"OS 20.3 months rituximab @trial:NCT01234567",
        "OS 15.6 months  @trial:NCT01234567"}},
      // An arm phrase naming a drug needs no arm word; an arm phrase
      // before the value's verb is the value's.
      {"In NCT01234567, the median PFS was 7.0 months (95% CI, 6.1-7.9) for "
       "venetoclax/rituximab and 5.0 months for rituximab alone.\n",
       {"PFS 7.0 months venetoclax + rituximab [for venetoclax/rituximab] "
        "@trial:NCT01234567",
        "PFS 5.0 months rituximab [for rituximab alone] @trial:NCT01234567"}},
      {"Within NCT01234567, median TTP for patients who received cetuximab was 2.1 "
       "months, against 3.9 months for patients who received irinotecan plus "
       "cetuximab.\n",
       {"TTP 2.1 months cetuximab [for patients who received cetuximab] "
        "@trial:NCT01234567",
        "TTP 3.9 months irinotecan + cetuximab [for patients who received irinotecan "
        "plus cetuximab] @trial:NCT01234567"}},
      // Drugs joined right before a value's parenthesis are its arm; "the
      // rates" take the one measure of the sentence before.
      {"In NCT01234567, the 2-year PFS rate was 70% for patients who received "
       "chemotherapy. The rates were higher for patients who received venetoclax "
       "alone (85%; HR, 0.4) or venetoclax plus rituximab (90%; HR, 0.3).\n",
       {"PFS 70 % chemotherapy [for patients who received chemotherapy] "
        "@trial:NCT01234567",
        "PFS 85 % venetoclax [for patients who received venetoclax alone] "
        "@trial:NCT01234567",
        "PFS 90 % venetoclax + rituximab [venetoclax plus rituximab] "
        "@trial:NCT01234567"}},
      {"In NCT01234567, the ORR was 50% and the 2-year PFS rate was 70%. The rates "
       "were higher with venetoclax (85%).\n",
       {"ORR 50 %  @trial:NCT01234567", "PFS 70 %  @trial:NCT01234567"}},
      // ... however far into its sentence the value stands.
      {"In NCT01234567, the ORR was 40% in the ibrutinib group. A repeat of this "
       "analysis restricted to the 300 patients with complete data who stayed on the "
       "study drug for at least six cycles of treatment, as judged by the "
       "investigators of the participating centres in the three countries of the "
       "consortium, gave a similar result of 45% in the ibrutinib group.\n",
       {"ORR 40 % ibrutinib [in the ibrutinib group] @trial:NCT01234567",
        "ORR 45 % ibrutinib [in the ibrutinib group] @trial:NCT01234567"}},
      // "patients who received X had a median OS of", "..., with median
      // survival times of": the arm before its measure and value.
      {"In NCT01234567, patients who received rituximab had a median OS of 20.0 "
       "months; versus patients who received placebo/FOLFOX, with median "
       "survival times of 15.0 months.\n",
       {"OS 20.0 months rituximab [patients who received rituximab] @trial:NCT01234567",
        "OS 15.0 months placebo/FOLFOX [patients who received placebo/FOLFOX] "
        "@trial:NCT01234567"}},
      // A drug an arm goes without is not its drug.
      {"In NCT01234567, the median OS was 11.0 months for patients who received "
       "irinotecan plus aflibercept and 9.0 months for patients who received "
       "irinotecan without aflibercept. The median PFS was 6.0 months in the group "
       "who received cetuximab and 4.0 months in the group who did not receive "
       "cetuximab.\n",
       {"OS 11.0 months irinotecan + aflibercept [for patients who received irinotecan "
        "plus aflibercept] @trial:NCT01234567",
        "OS 9.0 months irinotecan [for patients who received irinotecan without "
        "aflibercept] @trial:NCT01234567",
        "PFS 6.0 months cetuximab [in the group who received cetuximab] "
        "@trial:NCT01234567",
        "PFS 4.0 months  [in the group who did not receive cetuximab] "
        "@trial:NCT01234567"}},
      // "pooled X-containing arms" name the regimen X.
      {"In NCT01234567, the median PFS was 8.0 months in the pooled ABC-containing "
       "arms versus 7.5 months in the XYZ-based arms.\n",
       {"PFS 8.0 months ABC [in the pooled ABC-containing arms] @trial:NCT01234567",
        "PFS 7.5 months XYZ [in the XYZ-based arms] @trial:NCT01234567"}},
      // Arms the text defines by a label ("- Doublet therapy: ...").
      {"Patients were assigned to one of two arms:\n\n"
       "- Doublet therapy: encorafenib and cetuximab (n = 100).\n"
       "- Control group: irinotecan with cetuximab (n = 100).\n\n"
       "In NCT01234567, the OS was 9.5 months in the doublet-therapy arm and 5.5 "
       "months in the control group.\n",
       {"OS 9.5 months encorafenib + cetuximab [in the doublet-therapy arm] "
        "@trial:NCT01234567",
        "OS 5.5 months irinotecan + cetuximab [in the control group] "
        "@trial:NCT01234567"}},
      // A count's total goes before its arm; "this comparison" takes the
      // one measure of the sentence before.
      {"In NCT01234567, pathological responses were seen in 100 [30%] of 333 patients "
       "in the chemotherapy alone group vs 90 [28%] of 321 in the chemotherapy plus "
       "bevacizumab group. A repeat of this comparison in resected patients gave 100 "
       "[40%] of 250 patients who had surgery in the chemotherapy alone group vs 90 "
       "[37%] of 243 in the chemotherapy plus bevacizumab group.\n",
       {"pathological response 30 % chemotherapy [in the chemotherapy alone group] "
        "@trial:NCT01234567",
        "pathological response 28 % bevacizumab [in the chemotherapy plus bevacizumab "
        "group] @trial:NCT01234567",
        "pathological response 40 % chemotherapy [in the chemotherapy alone group] "
        "@trial:NCT01234567",
        "pathological response 37 % bevacizumab [in the chemotherapy plus bevacizumab "
        "group] @trial:NCT01234567"}},
      // "compared with placebo from A to B": A is the comparator's.
      {"Ramucirumab increased the median OS compared with placebo from 4.0 months to "
       "6.0 months.\n",
       {"OS 4.0 months placebo @condition:unnamed cohort",
        "OS 6.0 months ramucirumab @condition:unnamed cohort"}},
      // "in both arms": one outcome per arm's drug, not their combination.
      {"Acalabrutinib was noninferior to ibrutinib, with a median PFS of 38.0 months "
       "for patients in both arms.\n",
       {"PFS 38.0 months acalabrutinib [for patients in both arms] @condition:unnamed "
        "cohort",
        "PFS 38.0 months ibrutinib [for patients in both arms] @condition:unnamed "
        "cohort"}},
      // "A vs. B" pairs take, in order, the two arms named after them.
      {"In NCT01234567, patients had a longer PFS (10.0 months vs. 8.0 months) and OS "
       "(20.0 months vs. 16.0 months) when assigned to the rituximab arm than those "
       "assigned to the FOLFOX-4 arm.\n",
       {"PFS 10.0 months rituximab @trial:NCT01234567",
        "PFS 8.0 months FOLFOX-4 @trial:NCT01234567",
        "OS 20.0 months rituximab @trial:NCT01234567",
        "OS 16.0 months FOLFOX-4 @trial:NCT01234567"}},
      // An arm before its parenthesis after "between"/"and".
      {"In NCT01234567, OS rates did not differ between patients who received "
       "ibrutinib (80%) and patients who received rituximab (78%).\n",
       {"OS 80 % ibrutinib [between patients who received ibrutinib] "
        "@trial:NCT01234567",
        "OS 78 % rituximab [and patients who received rituximab] @trial:NCT01234567"}},
      // In an add-on design its item states, a comparator is the backbone.
      {"1. A trial (NCT01234567) gave capecitabine and oxaliplatin with or without "
       "cetuximab.\n\n"
       "- Median PFS: 9.0 months in the group who received cetuximab, 11.0 "
       "months in the group who did not receive cetuximab.\n",
       {"PFS 9.0 months cetuximab [in the group who received cetuximab] "
        "@trial:NCT01234567",
        "PFS 11.0 months capecitabine + oxaliplatin [in the group who did not receive "
        "cetuximab] @trial:NCT01234567"}},
      // A regimen abbreviation the text defines stands for its drugs.
      {"Bendamustine and rituximab (BR) is a standard.\n\n"
       "In NCT01234567, PFS at three years was 61% for patients who received BR.\n",
       {"PFS 61 % bendamustine + rituximab [for patients who received BR] "
        "@trial:NCT01234567"}},
      {"Bendamustine and rituximab (BR) is a standard.\n\n"
       "In NCT01234567, PFS was longer for patients who received BR (55.2 months vs. "
       "41.7 "
       "months).\n",
       {"PFS 55.2 months bendamustine + rituximab [for patients who received BR] "
        "@trial:NCT01234567",
        "PFS 41.7 months  @trial:NCT01234567"}},
      // ... also when the abbreviation comes first: "IR (ibrutinib and
      // rituximab)"; a parenthesis holding more than drugs defines nothing.
      {"Patients were assigned to IR (ibrutinib and rituximab) or to chemotherapy.\n\n"
       "In NCT01234567, the 3-year OS rate was 90% for patients who received IR.\n",
       {"OS 90 % ibrutinib + rituximab [for patients who received IR] "
        "@trial:NCT01234567"}},
      {"Patients were assigned to IR (ibrutinib and rituximab given weekly) or to "
       "chemotherapy.\n\n"
       "In NCT01234567, the 3-year OS rate was 90% for patients who received IR.\n",
       {"OS 90 % IR [for patients who received IR] @trial:NCT01234567"}},
      // An item naming a regimen by its abbreviation gives its drugs.
      {"Bendamustine and rituximab (BR) is a standard.\n\n"
       "1. A trial (NCT01234567) gave BR to 300 older patients.\n\n"
       "- The 2-year PFS rate was 80%.\n",
       {"PFS 80 % bendamustine + rituximab @trial:NCT01234567"}},
      // A section heading naming a drug governs outcome sentences naming none.
      {"Ibrutinib is an oral agent.\n\nIbrutinib\n\n"
       "In NCT01234567, the 2-year PFS rate was 80%.\n",
       {"PFS 80 % ibrutinib @trial:NCT01234567"}},
      // ... also through a lead-in naming neither drug nor trial, but not
      // across a heading.
      {"1. A trial (NCT01234567) gave ibrutinib to 300 patients.\n\n"
       "The primary end point was PFS.\n\n"
       "- The 2-year PFS rate was 80%.\n",
       {"PFS 80 % ibrutinib @trial:NCT01234567"}},
      {"1. A trial (NCT01234567) gave ibrutinib to 300 patients.\n\n"
       "Secondary end points\n\n"
       "The primary end point was PFS.\n\n"
       "- The 2-year PFS rate was 80%.\n",
       {}},
      // A bullet takes the drugs and trial of the numbered item it hangs under.
      {"1. A trial (NCT01234567) enrolled 300 patients.\nAll received ibrutinib.\n\n"
       "- The 2-year PFS rate was 80%.\n",
       {"PFS 80 % ibrutinib @trial:NCT01234567"}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto got = OutcomesOf(c.text);
    for (const auto& f : got) UNSCOPED_INFO("got: " << f);
    CHECK(got == c.expected);
  }
}

TEST_CASE("outcome tables: a row per arm, a column per measure", "[ingest]") {
  struct Case {
    std::string text;
    std::set<std::string> expected;
  };
  const std::set<std::string> both_arms = {
      "ORR 60 % venetoclax + rituximab [Venetoclax plus rituximab] @condition:unnamed "
      "cohort",
      "PFS 12.5 months venetoclax + rituximab [Venetoclax plus rituximab] "
      "@condition:unnamed cohort",
      "OS 80 % venetoclax + rituximab [Venetoclax plus rituximab] @condition:unnamed "
      "cohort",
      "ORR 30 % rituximab [Rituximab alone] @condition:unnamed cohort",
      "PFS 7.0 months rituximab [Rituximab alone] @condition:unnamed cohort",
      "OS 65 % rituximab [Rituximab alone] @condition:unnamed cohort"};
  std::vector<Case> cases = {
      // '|' and tab-separated tables alike; "n (x%)" reads as x%, a
      // median's interval is no value, a count column is no measure.
      {"Both agents were studied in older patients.\n\n"
       "Table 1. Results by arm.\n\n"
       "| Arm | Patients, n | ORR | Median PFS, mo | 2-y OS, % |\n"
       "| Venetoclax plus rituximab | 40 | 24 (60%) | 12.5 | 80 |\n"
       "| Rituximab alone | 40 | 12 (30%) | 7.0 (5.1-8.2) | 65 |\n",
       both_arms},
      {"Both agents were studied in older patients.\n\n"
       "Table 1. Results by arm.\n\n"
       "Arm\tPatients, n\tORR\tMedian PFS, mo\t2-y OS, %\n"
       "Venetoclax plus rituximab\t40\t24 (60%)\t12.5\t80\n"
       "Rituximab alone\t40\t12 (30%)\t7.0 (5.1-8.2)\t65\n",
       both_arms},
      // A months header on a measure that has no median gives nothing; a
      // bare number under a header with no unit is no value.
      {"Both agents were studied in older patients.\n\n"
       "Table 1. Results by arm.\n\n"
       "| Arm | ORR, mo | CR |\n"
       "| Venetoclax plus rituximab | 12.5 | 18 |\n",
       {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto got = OutcomesOf(c.text);
    for (const auto& f : got) UNSCOPED_INFO("got: " << f);
    CHECK(got == c.expected);
  }
}

TEST_CASE("outcome tables: a column per arm, a row per measure", "[ingest]") {
  struct Case {
    std::string text;
    std::set<std::string> expected;
  };
  std::vector<Case> cases = {
      // Each arm column gives its value; the arm is the header without its
      // "(n=...)", its drugs those the header names (a regimen abbreviation
      // the text defines too); a bare count and a label naming no measure
      // give nothing; the p-value column is no arm.
      {"We compared venetoclax plus rituximab (VR) with rituximab alone in older "
       "patients.\n\n"
       "Table 2. Responses by arm.\n\n"
       "|  | VR (n=40) | Rituximab alone (N= 41) | p |\n"
       "| Complete response | 10/40 (25%) | 4/41 (10%) | 0.04 |\n"
       "| Partial response | 20 (50%) | 16 (39%) | 0.30 |\n"
       "| Not assessed | 3 | 2 | |\n"
       "| Median PFS, months | 14.2 | 8.1 | 0.01 |\n",
       {"CR 25 % venetoclax + rituximab [VR] @condition:unnamed cohort",
        "CR 10 % rituximab [Rituximab alone] @condition:unnamed cohort",
        "PR 50 % venetoclax + rituximab [VR] @condition:unnamed cohort",
        "PR 39 % rituximab [Rituximab alone] @condition:unnamed cohort",
        "PFS 14.2 months venetoclax + rituximab [VR] @condition:unnamed cohort",
        "PFS 8.1 months rituximab [Rituximab alone] @condition:unnamed cohort"}},
      // A trial named in the row is the row's cohort; an arm of no drug
      // ("Control group") keeps its wording there.
      {"Ibrutinib was studied in two trials.\n\n"
       "Table 1. Results.\n\n"
       "| Trial | Ibrutinib group | Control group |\n"
       "| ORR in NCT01234567 | 45% | 20% |\n",
       {"ORR 45 % ibrutinib [Ibrutinib group] @trial:NCT01234567",
        "ORR 20 %  [Control group] @trial:NCT01234567"}},
      // Columns that are not arms (a frequency, an age): nothing; one arm
      // column is no comparison either.
      {"Ibrutinib was studied in older patients.\n\n"
       "Table 3. Patients.\n\n"
       "| Feature | Frequency, % | Median age |\n"
       "| Complete response | 30% | 61 |\n",
       {}},
      {"Ibrutinib was studied in older patients.\n\n"
       "Table 3. Patients.\n\n"
       "| Feature | Ibrutinib group | Median age |\n"
       "| Complete response | 30% | 61 |\n",
       {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto got = OutcomesOf(c.text);
    for (const auto& f : got) UNSCOPED_INFO("got: " << f);
    CHECK(got == c.expected);
  }
}

TEST_CASE("outcome refs: a bullet citing nothing takes its item's", "[ingest]") {
  static auto pipeline = lg::ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  auto data = (*pipeline)->ExtractBytes(
      "test.txt",
      "1. A trial (NCT01234567) gave ibrutinib to 300 patients.[4,5]\n\n"
      "- The 2-year PFS rate was 80%.\n"
      "- The ORR was 90%.[7]\n",
      {});
  REQUIRE(data.ok());
  std::map<std::string, std::vector<std::string>> refs;  // measure -> refs
  for (const auto& f : data->facts) {
    if (f.predicate != "reports_outcome") continue;
    REQUIRE(f.evidence.size() == 1);
    refs[f.attributes.at("measure")] = f.evidence[0].refs;
  }
  CHECK(refs["PFS"] == std::vector<std::string>{"4", "5"});
  CHECK(refs["ORR"] == std::vector<std::string>{"7"});
}
