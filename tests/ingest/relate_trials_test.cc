// Trial phase and status stated in text (ingest/relate_trial_cues.cc), on
// sentences of our own: each case lists the phase and status every trial of
// the text must carry ("" for none), so a cue given to the wrong trial, or
// read where the text states no status, fails.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <utility>

#include "ingest/pipeline.h"
#include "tests/testing.h"

namespace {

const lg::ingest::Pipeline& SharedPipeline() {
  static auto pipeline = lg::ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  return **pipeline;
}

// "id phase=P status=S; " of every trial entity of `text`, by id.
std::string Joined(const std::map<std::string, std::string>& attributes) {
  std::string out;
  for (const auto& [id, value] : attributes) out += id + " " + value + "; ";
  return out;
}

std::string TrialAttributes(const std::string& text) {
  auto data = SharedPipeline().ExtractBytes("test.txt", text, {});
  REQUIRE(data.ok());
  std::map<std::string, std::string> out;
  for (const auto& e : data->entities) {
    if (e.id.rfind("trial:", 0) != 0) continue;
    auto get = [&](const char* key) {
      auto it = e.attributes.find(key);
      return it == e.attributes.end() ? std::string() : it->second;
    };
    out[e.id] = "phase=" + get("phase") + " status=" + get("status");
  }
  return Joined(out);
}

struct Case {
  std::string text;
  std::map<std::string, std::string> want;  // every trial of the text
};

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(TrialAttributes(c.text) == Joined(c.want));
  }
}

}  // namespace

TEST_CASE("trials: the phase a sentence states of a trial", "[ingest]") {
  Check({
      // Roman and Arabic, before the name or in apposition after it.
      {"The randomized phase III KESTREL trial enrolled adults.\n",
       {{"trial:KESTREL", "phase=3 status="}}},
      {"In the phase 2 TALON study, adults received the drug.\n",
       {{"trial:TALON", "phase=2 status="}}},
      {"The KESTREL trial (NCT01234567) was a phase 1b/2 study in adults.\n",
       {{"trial:NCT01234567", "phase=1b/2 status="}}},
      {"The ORCA-77 trial was an open-label phase I-II trial.\n",
       {{"trial:ORCA-77", "phase=1/2 status="}}},
      {"The ORCA-77 trial was a seamless phase 2 to 3 trial.\n",
       {{"trial:ORCA-77", "phase=2/3 status="}}},
      // Each trial its own phase.
      {"The phase III KESTREL trial and the phase II TALON trial were reported.\n",
       {{"trial:KESTREL", "phase=3 status="}, {"trial:TALON", "phase=2 status="}}},
      // Names of one trial joined by "or" and a registry id take it together.
      {"The phase III HERON or XB-4 study (NCT07654321) enrolled adults.\n",
       {{"trial:HERON", "phase=3 status="}, {"trial:NCT07654321", "phase=3 status="}}},
      // A plural cue is said of every trial of the sentence.
      {"The KESTREL trial and the TALON trial are pilot trials of a new drug.\n",
       {{"trial:KESTREL", "phase=pilot status="},
        {"trial:TALON", "phase=pilot status="}}},
      // Not: a phase named for another trial of the sentence.
      {"Unlike the phase 2 TALON study, the KESTREL trial enrolled adults.\n",
       {{"trial:TALON", "phase=2 status="}, {"trial:KESTREL", "phase= status="}}},
      // Not: a phase of an earlier, unnamed trial.
      {"Building on an earlier phase 2 study, the KESTREL trial enrolled adults.\n",
       {{"trial:KESTREL", "phase= status="}}},
      // Not: a phase between two trials, said of neither by position.
      {"The KESTREL trial drew on phase 2 data and on the TALON trial.\n",
       {{"trial:KESTREL", "phase= status="}, {"trial:TALON", "phase= status="}}},
  });
}

TEST_CASE("trials: the status a sentence states of a trial", "[ingest]") {
  Check({
      {"Enrollment in the KESTREL trial is ongoing.\n",
       {{"trial:KESTREL", "phase= status=ongoing"}}},
      {"The KESTREL trial was terminated early for futility.\n",
       {{"trial:KESTREL", "phase= status=terminated"}}},
      {"The KESTREL trial was completed in 2019.\n",
       {{"trial:KESTREL", "phase= status=completed"}}},
      {"The KESTREL trial has been withdrawn.\n",
       {{"trial:KESTREL", "phase= status=withdrawn"}}},
      {"The KESTREL trial enrolled adults, but the study was terminated early.\n",
       {{"trial:KESTREL", "phase= status=terminated"}}},
      // Each trial its own status, as the subject of its verb.
      {"The KESTREL trial is recruiting adults, and the TALON trial was terminated.\n",
       {{"trial:KESTREL", "phase= status=ongoing"},
        {"trial:TALON", "phase= status=terminated"}}},
      {"The KESTREL trial and the TALON trial are ongoing.\n",
       {{"trial:KESTREL", "phase= status=ongoing"},
        {"trial:TALON", "phase= status=ongoing"}}},
      // Not a status: accrual or enrollment finished, the trial goes on.
      {"The KESTREL trial has completed accrual.\n",
       {{"trial:KESTREL", "phase= status="}}},
      {"The KESTREL trial closed to enrollment in 2020.\n",
       {{"trial:KESTREL", "phase= status="}}},
      // Not: completed with an object, withdrawn said of a drug, ongoing
      // said of a response.
      {"Patients who had completed chemotherapy entered the KESTREL trial.\n",
       {{"trial:KESTREL", "phase= status="}}},
      {"Imatinib was withdrawn before the KESTREL trial began.\n",
       {{"trial:KESTREL", "phase= status="}}},
      {"In the KESTREL trial, treatment was terminated in a tenth of patients.\n",
       {{"trial:KESTREL", "phase= status="}}},
      {"In the KESTREL trial, therapy was completed in most patients.\n",
       {{"trial:KESTREL", "phase= status="}}},
      {"In the KESTREL trial, ongoing responses were seen.\n",
       {{"trial:KESTREL", "phase= status="}}},
  });
}

TEST_CASE("trials: the phase a title states of a trial the body names", "[ingest]") {
  const std::string references =
      "References\n\n"
      "1. Doe A, Roe B. Drug A versus drug B in adults (KESTREL): a randomised, phase 3 "
      "trial. J Test. 2020;1:1-9.\n"
      "2. Poe C. Long-term results of the TALON study. J Test. 2021;2:3-8.\n"
      "3. Low D. A phase 2 study of drug C. J Test. 2019;3:5-6.\n";
  Check({
      // The title names KESTREL without a trial word beside it.
      {"Drugs in adults\n\nThe KESTREL trial enrolled adults [1]. The TALON trial "
       "enrolled "
       "children [2].\n\n" +
           references,
       {{"trial:KESTREL", "phase=3 status="}, {"trial:TALON", "phase= status="}}},
      // A report of its own trial: the document's title gives the phase of the
      // trial it registers as its own, not of one it only names.
      {"A randomized phase II trial of drug A in adults\n\nWe treated adults with drug "
       "A. This trial is registered with ClinicalTrials.gov, number NCT01234567.\n",
       {{"trial:NCT01234567", "phase=2 status="}}},
      {"A randomized phase II trial of drug A in adults\n\nWe treated adults with drug "
       "A. The TALON trial (NCT01234567) was registered in 2010.\n",
       {{"trial:NCT01234567", "phase= status="}}},
      // The body's phase wins over a title's.
      {"Drugs in adults\n\nThe KESTREL trial was a phase 2 study [1].\n\n" + references,
       {{"trial:KESTREL", "phase=2 status="}, {"trial:TALON", "phase= status="}}},
  });
}
