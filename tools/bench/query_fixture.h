// A small hand-made graph for the query tests (engine_test, query_cli_test,
// the golden files' `query` store) and for query_bench without --db: two
// sources about KMT2A-rearranged leukemia, written in our own words. It lives
// here, not under tests/, so that the bench (tools/) includes no test code;
// tests may include tools/bench.
//
//   KMT2A::AFF1 -member_of-> KMT2A::?      [a3]
//   KMT2A::AFF1 -involves-> KMT2A (5prime) [a3], AFF1 (3prime)
//   KMT2A::MLLT3 -member_of-> KMT2A::?, -involves-> MLLT3 (3prime)
//   KMT2A::? -involves-> KMT2A
//   KMT2A::? -depends_on-> MEN1            [a12]
//   KMT2A::? -overexpresses-> BCL2         [a63]
//   revumenib -inhibits-> MEN1             [a57] and [b2]
//   revumenib -member_of-> menin inhibitor [a57]
//   menin inhibitor -inhibits-> MEN1       [a12, a57]
//   ziftomenib -member_of-> menin inhibitor [a12]
//   ziftomenib -targets-> KMT2A::?         [a12]
//   venetoclax -inhibits-> BCL2            [a63]
//   NCT04065399 -tests-> revumenib         [a70]
//   Interfant-06 -tests-> cytarabine       [a3]
//   Interfant-06 -reports_outcome-> infant ALL {EFS 46 % 6y, KMT2A-r infants} [a3]
//   NCT04065399 -reports_outcome-> infant ALL {CR 30 %, relapsed, revumenib}  [a57]
//   KMT2A::AFF1 -has_frequency_in-> infant ALL {49 %}                        [a3]
// Source a = "review_a", b = "review_b". "MLL" is an alias of both gene:KMT2A
// and fusion:KMT2A::? (ambiguous on purpose). gene:TP53 (source b) has no
// facts and is named only in b's reference list.
// Mentions: revumenib 3 times in a's body (and once in its reference list),
// once in b's; NCT04065399 twice in a's body; the other entities carry no
// mention summary (implied, 0 mentions).
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"

namespace lg::testing {

// `attributes` in flat form: list attributes ("names") are split
// (graph::UnflattenAttributes).
inline graph::Entity FixtureEntity(graph::EntityKind kind, const std::string& key,
                                   std::vector<std::string> aliases,
                                   std::map<std::string, std::string> attributes = {}) {
  graph::Entity e;
  e.id = graph::MakeEntityId(kind, key);
  e.kind = kind;
  e.label = key;
  e.aliases = std::move(aliases);
  std::sort(e.aliases.begin(), e.aliases.end());
  graph::UnflattenAttributes(attributes, &e.attributes, &e.list_attributes);
  return e;
}

inline graph::SourceMentions FixtureMentions(const std::string& source, uint64_t body,
                                             std::vector<graph::Span> body_spans,
                                             uint64_t references,
                                             std::vector<graph::Span> reference_spans,
                                             const std::string& sentence) {
  graph::SourceMentions m;
  m.source = source;
  m.body = body;
  m.body_spans = std::move(body_spans);
  m.references = references;
  m.reference_spans = std::move(reference_spans);
  m.sentence = sentence;
  return m;
}

inline graph::Fact FixtureFact(const std::string& source, const std::string& subject,
                               std::string_view predicate, const std::string& object,
                               const std::string& sentence, std::vector<std::string> refs,
                               std::map<std::string, std::string> attributes = {}) {
  graph::Fact f;
  f.subject = subject;
  f.predicate = std::string(predicate);
  f.object = object;
  graph::UnflattenAttributes(attributes, &f.attributes, &f.list_attributes);
  f.id = graph::ComputeFactId(f);
  graph::Evidence ev;
  ev.source = source;
  ev.sentence = sentence;
  ev.begin = 0;
  ev.end = sentence.size();
  ev.refs = std::move(refs);
  ev.rule = "fixture";
  f.evidence.push_back(ev);
  return f;
}

inline graph::Reference FixtureRef(const std::string& source, const std::string& n,
                                   const std::string& first_author,
                                   const std::string& year, const std::string& journal,
                                   const std::string& title) {
  graph::Reference r;
  r.source = source;
  r.n = n;
  r.first_author = first_author;
  r.authors = {first_author + " X"};
  r.year = year;
  r.journal = journal;
  r.title = title;
  r.raw = first_author + " X. " + title + ". " + journal + " " + year + ".";
  return r;
}

// Ids used by the tests.
inline const std::string kAff1 = "fusion:KMT2A::AFF1";
inline const std::string kGroup = "fusion:KMT2A::?";
inline const std::string kMen1 = "gene:MEN1";
inline const std::string kBcl2 = "gene:BCL2";
inline const std::string kRevumenib = "drug:revumenib";
inline const std::string kZiftomenib = "drug:ziftomenib";
inline const std::string kVenetoclax = "drug:venetoclax";
inline const std::string kMeninClass = "drug_class:menin inhibitor";
inline const std::string kInfantAll = "condition:infant ALL";

inline std::vector<graph::SourceData> QueryFixture() {
  using graph::EntityKind;
  namespace pred = graph::pred;
  const std::string a = "review_a", b = "review_b";

  graph::SourceData sa;
  sa.source.id = a;
  sa.source.path = "review_a.txt";
  sa.source.content_hash = graph::Sha256Hex("review a");
  sa.source.title = "Menin and BCL2 in infant leukemia";
  sa.source.journal = "Leuk Rev";
  sa.source.year = "2024";
  sa.source.counts = {40, 14, 18, 5};
  sa.entities = {
      FixtureEntity(EntityKind::kFusion, "KMT2A::AFF1",
                    {"KMT2A::AFF1", "KMT2A-AFF1", "MLL-AF4", "t(4;11)"}),
      FixtureEntity(EntityKind::kFusion, "KMT2A::?", {"KMT2A-r", "MLL", "MLL-r"}),
      FixtureEntity(EntityKind::kFusion, "KMT2A::MLLT3", {"KMT2A-MLLT3", "MLL-AF9"}),
      FixtureEntity(EntityKind::kGene, "KMT2A", {"KMT2A", "MLL"},
                    {{"cytoband", "11q23"}}),
      FixtureEntity(EntityKind::kGene, "AFF1", {"AF4", "AFF1"}),
      FixtureEntity(EntityKind::kGene, "MLLT3", {"AF9", "MLLT3"}),
      FixtureEntity(EntityKind::kGene, "MEN1", {"MEN1", "menin"}),
      FixtureEntity(EntityKind::kGene, "BCL2", {"BCL-2", "BCL2"}),
      FixtureEntity(EntityKind::kDrug, "revumenib", {"SNDX-5613", "revumenib"}),
      FixtureEntity(EntityKind::kDrug, "ziftomenib", {"KO-539", "ziftomenib"}),
      FixtureEntity(EntityKind::kDrug, "venetoclax", {"venetoclax"}),
      FixtureEntity(EntityKind::kDrug, "cytarabine", {"ara-C", "cytarabine"}),
      FixtureEntity(EntityKind::kDrugClass, "menin inhibitor",
                    {"menin inhibitor", "menin inhibitors"}),
      FixtureEntity(EntityKind::kTrial, "NCT04065399", {"AUGMENT-101", "NCT04065399"},
                    {{"names", "AUGMENT-101"},
                     {"registry_ids", "NCT04065399"},
                     {"phase", "1/2"},
                     {"status", "ongoing"},
                     {"sponsor", "Syndax"}}),
      FixtureEntity(EntityKind::kTrial, "Interfant-06", {"Interfant-06"},
                    {{"names", "Interfant-06"},
                     {"registry_ids", "NCT00550992"},
                     {"phase", "3"},
                     {"status", "completed"},
                     {"sponsor", "Interfant"}}),
      FixtureEntity(EntityKind::kCondition, "infant ALL", {"infant ALL"}),
  };
  sa.entities[8].sources = {FixtureMentions(a, 3, {{120, 129}, {400, 409}, {980, 989}}, 1,
                                            {{5200, 5209}}, "Revumenib blocks menin.")};
  sa.entities[13].sources = {FixtureMentions(a, 2, {{700, 711}, {1500, 1511}}, 0, {},
                                             "AUGMENT-101 gives revumenib.")};
  sa.facts = {
      FixtureFact(a, kAff1, pred::kMemberOf, kGroup,
                  "KMT2A::AFF1 is the commonest KMT2A fusion in babies.", {"3"}),
      FixtureFact(a, kAff1, pred::kInvolves, "gene:KMT2A",
                  "KMT2A::AFF1 joins KMT2A to AFF1.", {"3"}, {{"role", "5prime"}}),
      FixtureFact(a, kAff1, pred::kInvolves, "gene:AFF1",
                  "KMT2A::AFF1 joins KMT2A to AFF1.", {"3"}, {{"role", "3prime"}}),
      FixtureFact(a, "fusion:KMT2A::MLLT3", pred::kMemberOf, kGroup,
                  "KMT2A::MLLT3 is a rarer partner.", {}),
      FixtureFact(a, "fusion:KMT2A::MLLT3", pred::kInvolves, "gene:MLLT3",
                  "KMT2A::MLLT3 is a rarer partner.", {}, {{"role", "3prime"}}),
      FixtureFact(a, kGroup, pred::kInvolves, "gene:KMT2A", "All of them break KMT2A.",
                  {}),
      FixtureFact(a, kGroup, pred::kDependsOn, kMen1,
                  "KMT2A-r cells need menin to keep growing.", {"12"}),
      FixtureFact(a, kGroup, pred::kOverexpresses, kBcl2,
                  "KMT2A-r blasts carry high BCL-2 levels.", {"63"}),
      FixtureFact(a, kRevumenib, pred::kInhibits, kMen1, "Revumenib blocks menin.",
                  {"57"}),
      FixtureFact(a, kRevumenib, pred::kMemberOf, kMeninClass,
                  "Revumenib is a menin inhibitor.", {"57"}),
      FixtureFact(a, kMeninClass, pred::kInhibits, kMen1, "Menin inhibitors bind menin.",
                  {"12", "57"}),
      FixtureFact(a, kZiftomenib, pred::kMemberOf, kMeninClass,
                  "Ziftomenib is another menin inhibitor.", {"12"}),
      FixtureFact(a, kZiftomenib, pred::kTargets, kGroup,
                  "Ziftomenib was made for KMT2A-r leukemia.", {"12"}),
      FixtureFact(a, kVenetoclax, pred::kInhibits, kBcl2, "Venetoclax blocks BCL-2.",
                  {"63"}),
      FixtureFact(a, "trial:NCT04065399", pred::kTests, kRevumenib,
                  "AUGMENT-101 gives revumenib.", {"70"}),
      FixtureFact(a, "trial:Interfant-06", pred::kTests, "drug:cytarabine",
                  "Interfant-06 used cytarabine.", {"3"}),
      FixtureFact(a, "trial:Interfant-06", pred::kOutcome, kInfantAll,
                  "Interfant-06 reached 46% EFS at 6 years.", {"3"},
                  {{"measure", "EFS"},
                   {"value", "46"},
                   {"unit", "%"},
                   {"horizon", "6y"},
                   {"group", "KMT2A-r infants"}}),
      FixtureFact(a, "trial:NCT04065399", pred::kOutcome, kInfantAll,
                  "AUGMENT-101 saw 30% CR with revumenib.", {"57"},
                  {{"measure", "CR"},
                   {"value", "30"},
                   {"unit", "%"},
                   {"group", "relapsed KMT2A-r"},
                   {"drug", "revumenib"}}),
      FixtureFact(a, kAff1, pred::kFrequency, kInfantAll,
                  "About half of infant ALL has KMT2A::AFF1.", {"3"},
                  {{"value", "49"}, {"unit", "%"}}),
  };
  sa.references = {
      FixtureRef(a, "3", "Smith", "2019", "Blood", "KMT2A fusions in infants"),
      FixtureRef(a, "12", "Krivtsov", "2019", "Cancer Cell", "Menin as a target"),
      FixtureRef(a, "57", "Issa", "2023", "Nature", "Revumenib in acute leukemia"),
      FixtureRef(a, "63", "Khaw", "2016", "Blood", "Venetoclax in infant ALL"),
  };
  graph::Reference web;
  web.source = a;
  web.n = "70";
  web.url = "https://clinicaltrials.gov/study/NCT04065399";
  web.registry_id = "NCT04065399";
  web.kind = "web";
  web.raw = "Available online: " + web.url;
  sa.references.push_back(web);

  graph::SourceData sb;
  sb.source.id = b;
  sb.source.path = "review_b.txt";
  sb.source.content_hash = graph::Sha256Hex("review b");
  sb.source.title = "Menin inhibitors";
  sb.source.year = "2025";
  sb.source.counts = {10, 2, 1, 1};
  sb.entities = {
      FixtureEntity(EntityKind::kDrug, "revumenib", {"revumenib"}),
      FixtureEntity(EntityKind::kGene, "MEN1", {"MEN1"}),
      FixtureEntity(EntityKind::kGene, "TP53", {"TP53", "p53"}),  // no facts
  };
  sb.entities[0].sources = {
      FixtureMentions(b, 1, {{30, 39}}, 0, {}, "Revumenib binds menin tightly.")};
  sb.entities[2].sources = {FixtureMentions(b, 0, {}, 1, {{2040, 2044}},
                                            "Roe R. TP53 in relapse. Blood 2021.")};
  sb.facts = {
      FixtureFact(b, kRevumenib, pred::kInhibits, kMen1, "Revumenib binds menin tightly.",
                  {"2"}),
  };
  sb.references = {
      FixtureRef(b, "2", "Issa", "2023", "Nature", "Revumenib in acute leukemia")};
  return {sa, sb};
}

}  // namespace lg::testing
