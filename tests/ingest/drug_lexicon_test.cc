// The generated drug lexicon (DrugCentral, NCIt synonyms, drug_overlay.tsv)
// as the recogniser sees it, on sentences of our own: INN/USAN variants, salts,
// formulations, brand and code names land on one node each; DrugCentral-only
// agents are drugs; anti-infectives, family and plain words are not.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "ingest/document.h"
#include "ingest/pipeline.h"
#include "ingest/recognize.h"
#include "ingest/text.h"
#include "tests/testing.h"

namespace {

const lg::ingest::Pipeline& Pipeline() {
  static auto pipeline = lg::ingest::Pipeline::Create(lg::testing::DataDir());
  REQUIRE(pipeline.ok());
  return **pipeline;
}

// Entity ids of the drug mentions of `text`.
std::set<std::string> DrugsOf(const std::string& text) {
  auto t = lg::ingest::MakeText("test.txt", text);
  REQUIRE(t.ok());
  auto doc = lg::ingest::Parse(std::move(t).value());
  REQUIRE(doc.ok());
  auto recognizer = lg::ingest::Recognizer::Create(Pipeline().lexicon());
  REQUIRE(recognizer.ok());
  std::set<std::string> out;
  for (const auto& m : (*recognizer)->Recognize(*doc)) {
    if (m.kind == lg::ingest::MentionKind::kDrug) out.insert(m.entity_id);
  }
  return out;
}

TEST_CASE("drug lexicon: variants, salts and formulations are one node each",
          "[ingest]") {
  struct Case {
    std::string text;
    std::set<std::string> drugs;
  };
  const std::vector<Case> cases = {
      {"Hydroxycarbamide was stopped before the cycle began.\n", {"drug:hydroxyurea"}},
      {"Maintenance used tioguanine by mouth.\n", {"drug:thioguanine"}},
      {"She then received fludarabine phosphate for five days.\n", {"drug:fludarabine"}},
      {"Patients took nab-paclitaxel weekly, others paclitaxel.\n",
       {"drug:nab-paclitaxel", "drug:paclitaxel"}},
      {"Nilutamide was added to castration.\n", {"drug:nilutamide"}},
      {"Ciprofloxacin was given as prophylaxis.\n", {}},
      // Brand and code names from the NCI Thesaurus synonym table.
      {"GA101 was infused on the first day.\n", {"drug:obinutuzumab"}},
      {"Hydrea was continued at a lower dose.\n", {"drug:hydroxyurea"}},
      {"Trazimera replaced the reference product.\n", {"drug:trastuzumab"}},
      {"Two patients took PD 0332991 with letrozole.\n",
       {"drug:palbociclib", "drug:letrozole"}},
      // A family word the table lists as a synonym is no drug.
      {"Platinum doublets were given first.\n", {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(DrugsOf(c.text) == c.drugs);
  }
}

}  // namespace
