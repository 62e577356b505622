#include "query/engine.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "graph/store/store.h"
#include "query/format.h"
#include "tests/testing.h"
#include "tools/bench/query_fixture.h"
#include "tools/bench/synth.h"

namespace lg::query {
namespace {

using graph::View;
using testing::QueryFixture;

View FixtureView() { return View::FromSources(QueryFixture()); }

// agent id -> hops, in result order.
std::vector<std::pair<std::string, int>> AgentHops(const AgentsResult& r) {
  std::vector<std::pair<std::string, int>> out;
  for (const Agent& a : r.agents) out.emplace_back(a.entity.id, a.hops);
  return out;
}

std::vector<std::string> Strings(const std::vector<RefInfo>& refs) {
  std::vector<std::string> out;
  for (const RefInfo& r : refs) out.push_back(r.source + ":" + r.Display());
  return out;
}

TEST_CASE("Agents of KMT2A::AFF1 on the fixture, ranked by hops", "[query]") {
  View view = FixtureView();
  AgentsOptions three_hops;
  three_hops.max_hops = 3;
  three_hops.sort = AgentSort::kHops;
  auto r = Agents(view, "KMT2A::AFF1", three_hops);
  REQUIRE(r.ok());
  CHECK(r->target.id == testing::kAff1);
  // ziftomenib targets the group directly (2 hops); then 3 hops ranked by
  // distinct refs: revumenib {a3,a12,a57,b2}, menin inhibitor {a3,a12,a57},
  // venetoclax {a3,a63}.
  CHECK(AgentHops(*r) ==
        std::vector<std::pair<std::string, int>>{{testing::kZiftomenib, 2},
                                                 {testing::kRevumenib, 3},
                                                 {testing::kMeninClass, 3},
                                                 {testing::kVenetoclax, 3}});
  CHECK(r->agents[1].ref_count == 4);
  CHECK(r->agents[2].ref_count == 3);
  CHECK(r->agents[3].ref_count == 2);
  CHECK(r->agents[2].entity.kind == "drug_class");

  const Agent& revumenib = r->agents[1];
  REQUIRE(revumenib.paths.size() == 1);  // the class path needs 4 hops
  CHECK(PathString(revumenib.paths[0]) ==
        "KMT2A::AFF1 -member_of-> KMT2A::? -depends_on-> MEN1 <-inhibits- revumenib");
  REQUIRE(revumenib.via.size() == 1);
  CHECK(revumenib.via[0].id == testing::kMen1);
  const EdgeInfo& acts = revumenib.paths[0][2];
  CHECK(acts.predicate == "inhibits");
  CHECK_FALSE(acts.forward);
  REQUIRE(acts.evidence.size() == 2);  // one from each source
  CHECK(acts.evidence[0].sentence == "Revumenib blocks menin.");
  CHECK(Strings(acts.evidence[0].refs) ==
        std::vector<std::string>{"review_a:[57] Issa 2023 Nature"});
  CHECK(Strings(acts.evidence[1].refs) ==
        std::vector<std::string>{"review_b:[2] Issa 2023 Nature"});
  const EdgeInfo& inherited = revumenib.paths[0][1];
  CHECK(inherited.subject.id == testing::kGroup);
  CHECK(Strings(inherited.evidence[0].refs) ==
        std::vector<std::string>{"review_a:[12] Krivtsov 2019 Cancer Cell"});

  // The default (4 hops) also reaches revumenib through its class.
  auto full = Agents(view, "KMT2A::AFF1");
  REQUIRE(full.ok());
  auto it = std::find_if(full->agents.begin(), full->agents.end(), [](const Agent& a) {
    return a.entity.id == testing::kRevumenib;
  });
  REQUIRE(it != full->agents.end());
  REQUIRE(it->paths.size() == 2);
  CHECK(
      PathString(it->paths[1]) ==
      "KMT2A::AFF1 -member_of-> KMT2A::? -depends_on-> MEN1 <-inhibits- menin inhibitor "
      "<-member_of- revumenib");
}

TEST_CASE("Agents: a page of the ranking, with the total", "[query]") {
  View view = FixtureView();
  AgentsOptions all;
  all.max_hops = 3;
  all.limit = 0;
  auto full = Agents(view, "KMT2A::AFF1", all);
  REQUIRE(full.ok());
  REQUIRE(full->agents.size() ==
          4);  // revumenib, menin inhibitor, ziftomenib, venetoclax
  CHECK(full->total == 4);
  auto ids = [](const std::vector<Agent>& agents, size_t from, size_t to) {
    std::vector<std::string> out;
    for (size_t i = from; i < to && i < agents.size(); ++i)
      out.push_back(agents[i].entity.id);
    return out;
  };
  struct Case {
    size_t limit, offset;
    size_t from, to;  // the expected page: full answer [from, to)
  };
  for (const Case& c : std::vector<Case>{{2, 1, 1, 3},  // the middle two
                                         {2, 3, 3, 4},  // a short last page
                                         {0, 2, 2, 4},  // all from the third
                                         {1, 4, 4, 4},  // past the end: none
                                         {9, 0, 0, 4}}) {
    INFO("limit " << c.limit << " offset " << c.offset);
    AgentsOptions page = all;
    page.limit = c.limit;
    page.offset = c.offset;
    auto r = Agents(view, "KMT2A::AFF1", page);
    REQUIRE(r.ok());
    CHECK(r->total == 4);
    CHECK(r->limit == c.limit);
    CHECK(r->offset == c.offset);
    CHECK(ids(r->agents, 0, r->agents.size()) == ids(full->agents, c.from, c.to));
  }
  // The default lists the first kDefaultAgentsLimit.
  CHECK(AgentsOptions().limit == kDefaultAgentsLimit);
  CHECK(kDefaultAgentsLimit == 50);
}

// The synthetic graph of the golden tests (bench::SmallGraphSources: four
// sources, ~3,000 facts, hubs, facts restated across sources) in a store,
// read back through its graph image; and the same sources merged in memory.
struct SyntheticViews {
  testing::TempDir dir;
  std::unique_ptr<graph::Store> store;
  View image, memory;
};
std::unique_ptr<SyntheticViews> MakeSyntheticViews() {
  auto out = std::make_unique<SyntheticViews>();
  auto lex = bench::LoadSynthLexicon(LG_DATA_DIR);
  REQUIRE(lex.ok());
  std::vector<graph::SourceData> sources = bench::SmallGraphSources(*lex);
  const std::string db = out->dir.Sub("db");
  {
    auto writer = graph::Store::Open(db);
    REQUIRE(writer.ok());
    for (const graph::SourceData& d : sources) REQUIRE((*writer)->PutSource(d).ok());
  }  // closing writes the image
  graph::StoreOptions read_only;
  read_only.read_only = true;
  auto reader = graph::Store::Open(db, read_only);
  REQUIRE(reader.ok());
  out->store = std::move(*reader);
  REQUIRE(out->store->Image() != nullptr);
  auto built = View::Build(*out->store);
  REQUIRE(built.ok());
  out->image = std::move(*built);
  out->memory = View::FromSources(std::move(sources));
  return out;
}

// An agent as a line: what the page shows of it.
std::vector<std::string> AgentLines(const std::vector<Agent>& agents) {
  std::vector<std::string> out;
  for (const Agent& a : agents) {
    std::string line = a.entity.id + " g" + std::to_string(a.rank_group) + " s" +
                       std::to_string(a.source_count) + " r" +
                       std::to_string(a.ref_count) + " h" + std::to_string(a.hops);
    for (const auto& path : a.paths) {
      line += " |";
      for (const EdgeInfo& e : path) line += " " + e.fact_id;
    }
    out.push_back(line);
  }
  return out;
}

TEST_CASE("Agents ranked from the image's counts: every page is the exact ranking's",
          "[query]") {
  auto views = MakeSyntheticViews();
  const View& image = views->image;
  const View& memory = views->memory;
  REQUIRE(image.counts(0).has_value());  // the bounds are used
  CHECK_FALSE(memory.counts(0).has_value());
  // The targets with the most agents: the hubs, where the bounds matter.
  std::vector<std::pair<size_t, View::Vertex>> by_agents;
  for (View::Vertex v = 0; v < memory.num_vertices(); ++v) {
    graph::EntityKind k = memory.kind(v);
    if (k != graph::EntityKind::kFusion && k != graph::EntityKind::kGene) continue;
    AgentsOptions all;
    all.limit = 0;
    all.max_paths = 1;
    by_agents.emplace_back(FindAgents(memory, v, all).total, v);
  }
  std::sort(by_agents.rbegin(), by_agents.rend());
  REQUIRE(by_agents.size() > 8);
  REQUIRE(by_agents[7].first >= 10);  // a page of 5 leaves some agents out
  int compared = 0;
  for (size_t t = 0; t < 8; ++t) {
    const std::string id(memory.id(by_agents[t].second));
    INFO(id);
    for (AgentSort sort : {AgentSort::kMechanism, AgentSort::kRefs, AgentSort::kSources,
                           AgentSort::kHops}) {
      INFO(AgentSortName(sort));
      AgentsOptions all;
      all.sort = sort;
      all.limit = 0;
      // The exact ranking: every agent counted from its evidence in memory.
      auto full = FindAgents(memory, *memory.Find(id), all);
      const std::vector<std::string> expected = AgentLines(full.agents);
      CHECK(AgentLines(FindAgents(image, *image.Find(id), all).agents) == expected);
      for (auto [offset, limit] : std::vector<std::pair<size_t, size_t>>{
               {0, 1}, {0, 5}, {3, 5}, {7, 2}, {full.total - 1, 5}}) {
        INFO("offset " << offset << " limit " << limit);
        AgentsOptions page = all;
        page.offset = offset;
        page.limit = limit;
        auto got = FindAgents(image, *image.Find(id), page);
        CHECK(got.total == full.total);
        const size_t end = std::min(full.total, offset + limit);
        CHECK(
            AgentLines(got.agents) ==
            std::vector<std::string>(expected.begin() + offset, expected.begin() + end));
        ++compared;
      }
    }
  }
  CHECK(compared == 8 * 4 * 5);
}

TEST_CASE("trials --target reads every agent, not the first page", "[query]") {
  using graph::EntityKind;
  graph::SourceData data;
  data.source.id = "s";
  data.entities = {
      testing::FixtureEntity(EntityKind::kGene, "GENEX", {"GENEX"}),
      testing::FixtureEntity(EntityKind::kTrial, "NCT00000001", {"NCT00000001"})};
  // 60 drugs inhibit GENEX; the trial tests the one ranked last ("drug 59":
  // equal ranks, then label order).
  for (int i = 0; i < 60; ++i) {
    std::string name = "drug " + std::string(i < 10 ? "0" : "") + std::to_string(i);
    data.entities.push_back(testing::FixtureEntity(EntityKind::kDrug, name, {name}));
    data.facts.push_back(testing::FixtureFact("s", "drug:" + name, graph::pred::kInhibits,
                                              "gene:GENEX", name + " blocks GENEX.", {}));
  }
  data.facts.push_back(testing::FixtureFact("s", "trial:NCT00000001", graph::pred::kTests,
                                            "drug:drug 59", "A trial of drug 59.", {}));
  View view = View::FromSources({data});
  auto agents = Agents(view, "GENEX");
  REQUIRE(agents.ok());
  CHECK(agents->total == 60);
  CHECK(agents->agents.size() == kDefaultAgentsLimit);
  CHECK(agents->agents.back().entity.id == "drug:drug 49");
  TrialFilter filter;
  filter.target = "GENEX";
  auto trials = Trials(view, filter);
  REQUIRE(trials.ok());
  REQUIRE(trials->size() == 1);
  CHECK((*trials)[0].trial.id == "trial:NCT00000001");
}

TEST_CASE("Agents ranked by mechanism, then sources, then references", "[query]") {
  View view = FixtureView();
  AgentsOptions options;
  options.max_hops = 3;  // the default sort: mechanism
  auto r = Agents(view, "KMT2A::AFF1", options);
  REQUIRE(r.ok());
  CHECK(r->sort == AgentSort::kMechanism);
  // Group 1 (acts on the target or what it depends on): revumenib (MEN1; two
  // sources say so), menin inhibitor (one source, refs {a3,a12,a57}),
  // ziftomenib (the group itself; one source, refs {a3,a12}). Group 2:
  // venetoclax acts on BCL2, which KMT2A-r blasts overexpress.
  std::vector<std::tuple<std::string, int, size_t, size_t>> got;
  for (const Agent& a : r->agents) {
    got.emplace_back(a.entity.id, a.rank_group, a.source_count, a.ref_count);
  }
  CHECK(got == std::vector<std::tuple<std::string, int, size_t, size_t>>{
                   {testing::kRevumenib, kRankMechanism, 2, 4},
                   {testing::kMeninClass, kRankMechanism, 1, 3},
                   {testing::kZiftomenib, kRankMechanism, 1, 2},
                   {testing::kVenetoclax, kRankMarker, 1, 2}});
  CHECK(r->agents[0].mechanism ==
        "revumenib —inhibits→ MEN1 ←depends on— KMT2A::? ⊃ KMT2A::AFF1");
  CHECK(r->agents[0].acts_on.id == testing::kMen1);
  CHECK(r->agents[2].acts_on.id == testing::kGroup);
  CHECK(r->agents[2].mechanism == "ziftomenib —targets→ KMT2A::? ⊃ KMT2A::AFF1");
  CHECK(r->agents[3].mechanism ==
        "venetoclax —inhibits→ BCL2 ←overexpresses— KMT2A::? ⊃ KMT2A::AFF1");
  // With 4 hops revumenib also reaches MEN1 through its class; the shortest
  // path of the best group is the one put in words.
  options.max_hops = 4;
  auto four = Agents(view, "KMT2A::AFF1", options);
  REQUIRE(four.ok());
  CHECK(four->agents[0].mechanism == r->agents[0].mechanism);

  // --sort refs and sources keep the other orders: by refs, revumenib (4),
  // then menin inhibitor (3), then ziftomenib and venetoclax (2 each; one
  // source each; ziftomenib has fewer hops).
  options.max_hops = 3;
  options.sort = AgentSort::kRefs;
  auto by_refs = Agents(view, "KMT2A::AFF1", options);
  REQUIRE(by_refs.ok());
  std::vector<std::string> ids;
  for (const Agent& a : by_refs->agents) ids.push_back(a.entity.id);
  CHECK(ids == std::vector<std::string>{testing::kRevumenib, testing::kMeninClass,
                                        testing::kZiftomenib, testing::kVenetoclax});
  CHECK(ParseAgentSort("sources") == AgentSort::kSources);
  CHECK(ParseAgentSort("hops") == AgentSort::kHops);
  CHECK(!ParseAgentSort("label").has_value());
}

TEST_CASE("A surface antigen is a marker, whatever verb tied it to the disease",
          "[query]") {
  using graph::EntityKind;
  graph::SourceData data;
  data.source.id = "s";
  data.entities = {
      testing::FixtureEntity(EntityKind::kFusion, "KMT2A::?", {"KMT2A-r"}),
      testing::FixtureEntity(EntityKind::kGene, "CD19", {"CD19"}),
      testing::FixtureEntity(EntityKind::kGene, "CDK4", {"CDK4"}),
      testing::FixtureEntity(EntityKind::kDrug, "blinatumomab", {"blinatumomab"}),
      testing::FixtureEntity(EntityKind::kDrug, "drug x", {"drug x"})};
  data.facts = {
      testing::FixtureFact("s", "fusion:KMT2A::?", graph::pred::kDependsOn, "gene:CD19",
                           "KMT2A-r blasts need CD19.", {}),
      testing::FixtureFact("s", "drug:blinatumomab", graph::pred::kTargets, "gene:CD19",
                           "Blinatumomab engages CD19.", {"1", "2"}),
      // CDK4 starts with "CD" but is a kinase, not a CD antigen.
      testing::FixtureFact("s", "fusion:KMT2A::?", graph::pred::kDependsOn, "gene:CDK4",
                           "KMT2A-r blasts need CDK4.", {}),
      testing::FixtureFact("s", "drug:drug x", graph::pred::kInhibits, "gene:CDK4",
                           "Drug X blocks CDK4.", {})};
  View view = View::FromSources({data});
  auto r = Agents(view, "KMT2A::?");
  REQUIRE(r.ok());
  REQUIRE(r->agents.size() == 2);
  // drug x first although blinatumomab has more references.
  CHECK(r->agents[0].entity.id == "drug:drug x");
  CHECK(r->agents[0].rank_group == kRankMechanism);
  CHECK(r->agents[1].entity.id == "drug:blinatumomab");
  CHECK(r->agents[1].rank_group == kRankMarker);
  CHECK(r->agents[1].ref_count == 2);
}

TEST_CASE("One study cited by two sources counts once; tables print its PMID",
          "[query]") {
  std::vector<graph::SourceData> sources = QueryFixture();
  // review_a [57] and review_b [2] are the same paper: give both its PMID.
  for (graph::SourceData& s : sources) {
    for (graph::Reference& r : s.references) {
      if ((r.source == "review_a" && r.n == "57") ||
          (r.source == "review_b" && r.n == "2")) {
        r.pmid = "36922593";
      }
      if (r.source == "review_a" && r.n == "63") r.doi = "10.1000/Venetoclax.Infant";
    }
  }
  View view = View::FromSources(sources);
  AgentsOptions three_hops;
  three_hops.max_hops = 3;
  three_hops.sort = AgentSort::kHops;
  auto r = Agents(view, "KMT2A::AFF1", three_hops);
  REQUIRE(r.ok());
  REQUIRE(r->agents.size() == 4);
  // revumenib {a3, a12, pmid:36922593}: 3 studies, no longer 4 (a57 = b2),
  // so it no longer outranks menin inhibitor {a3, a12, pmid:36922593}.
  CHECK(r->agents[1].entity.id == testing::kMeninClass);
  CHECK(r->agents[1].ref_count == 3);
  REQUIRE(r->agents[2].entity.id == testing::kRevumenib);
  CHECK(r->agents[2].ref_count == 3);
  const EdgeInfo& acts = r->agents[2].paths[0][2];
  REQUIRE(acts.evidence.size() == 2);
  CHECK(
      Strings(acts.evidence[0].refs) ==
      std::vector<std::string>{"review_a:[57] Issa 2023 Nature \xC2\xB7 PMID 36922593"});
  CHECK(acts.evidence[1].refs[0].pmid == "36922593");
  CHECK(acts.evidence[1].refs[0].doi.empty());
  // A DOI is the study key when there is no PMID, case-insensitively.
  graph::Reference doi;
  doi.doi = "10.1000/Venetoclax.Infant";
  CHECK(doi.StudyKey() == "doi:10.1000/venetoclax.infant");
  CHECK(doi.Locator() == "DOI 10.1000/Venetoclax.Infant");
  graph::Reference pmc;
  pmc.pmcid = "PMC5123456";
  CHECK(pmc.StudyKey() == "pmcid:PMC5123456");
  CHECK(graph::Reference().StudyKey().empty());
  // `refs` shows an ID column when an entry prints an identifier.
  graph::Reference a =
      testing::FixtureRef("s", "1", "Issa", "2023", "Nature", "Revumenib");
  a.pmid = "36922593";
  graph::Reference b =
      testing::FixtureRef("s", "2", "Khaw", "2016", "Blood", "Venetoclax");
  CHECK(RefsText("s", {a, b}, 200) ==
        "N  CITATION          ID             TITLE\n"
        "1  Issa 2023 Nature  PMID 36922593  Revumenib\n"
        "2  Khaw 2016 Blood                  Venetoclax\n");
  CHECK(RefsText("s", {b}, 200) ==
        "N  CITATION         TITLE\n"
        "2  Khaw 2016 Blood  Venetoclax\n");
}

TEST_CASE("Edges show at most max_evidence pieces of evidence and count all", "[query]") {
  View view = FixtureView();
  AgentsOptions one;
  one.max_hops = 3;
  one.max_evidence = 1;
  one.sort = AgentSort::kHops;
  auto r = Agents(view, "KMT2A::AFF1", one);
  REQUIRE(r.ok());
  REQUIRE(r->agents.size() == 4);
  const Agent& revumenib = r->agents[1];
  REQUIRE(revumenib.entity.id == testing::kRevumenib);
  const EdgeInfo& acts = revumenib.paths[0][2];
  REQUIRE(acts.evidence.size() == 1);  // the first in (source, begin, rule) order
  CHECK(acts.evidence[0].source == "review_a");
  CHECK(acts.evidence_count == 2);
  // review_b's [2] is on the evidence not shown and still counts: the
  // ranking does not depend on how much evidence is shown.
  CHECK(revumenib.ref_count == 4);
  AgentsOptions three;
  three.max_hops = 3;
  three.sort = AgentSort::kHops;
  CHECK(AgentHops(*r) == AgentHops(*Agents(view, "KMT2A::AFF1", three)));

  AgentsOptions all;
  all.max_hops = 3;
  all.max_evidence = 0;
  all.sort = AgentSort::kHops;
  auto every = Agents(view, "KMT2A::AFF1", all);
  REQUIRE(every.ok());
  CHECK(every->agents[1].paths[0][2].evidence.size() == 2);
  CHECK(every->agents[1].paths[0][2].evidence_count == 2);

  auto p = FindPaths(view, "menin", "revumenib", 10, 1);
  REQUIRE(p.ok());
  REQUIRE(p->paths.size() == 1);
  CHECK(p->paths[0][0].evidence.size() == 1);
  CHECK(p->paths[0][0].evidence_count == 2);
  CHECK(FindPaths(view, "menin", "revumenib")->paths[0][0].evidence.size() == 2);

  NeighborsOptions near{1, "inhibits", 1};
  auto n = Neighbors(view, "menin", near);
  REQUIRE(n.ok());
  auto rev =
      std::find_if(n->neighbors.begin(), n->neighbors.end(),
                   [](const Neighbor& x) { return x.entity.id == testing::kRevumenib; });
  REQUIRE(rev != n->neighbors.end());
  CHECK(rev->via.evidence.size() == 1);
  CHECK(rev->via.evidence_count == 2);
}

TEST_CASE("Agents options: kind, max hops", "[query]") {
  View view = FixtureView();
  struct Case {
    std::string target;
    int max_hops;
    AgentKind kind;
    std::vector<std::pair<std::string, int>> expected;
  };
  std::vector<Case> cases = {
      {"KMT2A::AFF1", 3, AgentKind::kClass, {{testing::kMeninClass, 3}}},
      {"KMT2A::AFF1",
       3,
       AgentKind::kDrug,
       {{testing::kZiftomenib, 2}, {testing::kRevumenib, 3}, {testing::kVenetoclax, 3}}},
      {"KMT2A::AFF1", 1, AgentKind::kAny, {}},
      {"KMT2A::AFF1", 2, AgentKind::kAny, {{testing::kZiftomenib, 2}}},
      {"KMT2A-r", 1, AgentKind::kAny, {{testing::kZiftomenib, 1}}},
      // MEN1: revumenib's two paths cite {a57,b2} and {a12,a57}: 3 refs;
      // the class cites {a12,a57}.
      {"menin",
       2,
       AgentKind::kAny,
       {{testing::kRevumenib, 1}, {testing::kMeninClass, 1}, {testing::kZiftomenib, 2}}},
      // With one hop revumenib keeps only {a57,b2}: a tie, then the name.
      {"MEN1", 1, AgentKind::kAny, {{testing::kMeninClass, 1}, {testing::kRevumenib, 1}}},
      {"BCL-2", 3, AgentKind::kAny, {{testing::kVenetoclax, 1}}},
      {"revumenib", 3, AgentKind::kAny, {}},
  };
  for (const Case& c : cases) {
    INFO(c.target << " max_hops=" << c.max_hops);
    AgentsOptions options;
    options.max_hops = c.max_hops;
    options.kind = c.kind;
    options.sort = AgentSort::kHops;
    auto r = Agents(view, c.target, options);
    REQUIRE(r.ok());
    CHECK(AgentHops(*r) == c.expected);
  }
}

TEST_CASE("Agents with 4 hops reaches drugs through their class", "[query]") {
  View view = FixtureView();
  AgentsOptions options;
  options.max_hops = 4;
  options.sort = AgentSort::kHops;
  auto r = Agents(view, "KMT2A::AFF1", options);
  REQUIRE(r.ok());
  const Agent* revumenib = nullptr;
  for (const Agent& a : r->agents) {
    if (a.entity.id == testing::kRevumenib) revumenib = &a;
  }
  REQUIRE(revumenib != nullptr);
  CHECK(revumenib->hops == 3);
  REQUIRE(revumenib->paths.size() == 2);
  CHECK(
      PathString(revumenib->paths[1]) ==
      "KMT2A::AFF1 -member_of-> KMT2A::? -depends_on-> MEN1 <-inhibits- menin inhibitor "
      "<-member_of- revumenib");
  // ziftomenib: 2 hops direct, plus a 4-hop path through the class.
  CHECK(r->agents[0].entity.id == testing::kZiftomenib);
  CHECK(r->agents[0].paths.size() == 2);
}

TEST_CASE("Every alias of KMT2A::AFF1 gives the same agents", "[query]") {
  View view = FixtureView();
  auto reference = Agents(view, "KMT2A::AFF1");
  REQUIRE(reference.ok());
  std::string expected = AgentsJson(*reference);
  for (const char* name : {"MLL-AF4", "mll/af4", "KMT2A-AFF1", "kmt2a::aff1", "t(4;11)",
                           "fusion:KMT2A::AFF1", "MLL AF4"}) {
    INFO(name);
    auto r = Agents(view, name);
    REQUIRE(r.ok());
    CHECK(AgentsJson(*r) == expected);
  }
}

TEST_CASE("Resolution errors name the input and the candidates", "[query]") {
  View view = FixtureView();
  struct Case {
    std::string input;
    Status::Code code;
    std::string message;
  };
  std::vector<Case> cases = {
      {"MLL", Status::Code::kInvalidArgument,
       "'MLL' is ambiguous: fusion:KMT2A::? (KMT2A::?), gene:KMT2A (KMT2A); give a "
       "canonical id"},
      {"revumenib2", Status::Code::kNotFound,
       "unknown entity 'revumenib2'; did you mean: revumenib?"},
      {"MLL-AF5", Status::Code::kNotFound,
       "unknown entity 'MLL-AF5'; did you mean: MLL-AF4, MLL-AF9?"},
      {"zzzzzzzz", Status::Code::kNotFound, "unknown entity 'zzzzzzzz'"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    auto r = Agents(view, c.input);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
    CHECK(r.status().message() == c.message);
  }
  AgentsOptions zero;
  zero.max_hops = 0;
  CHECK(Agents(view, "KMT2A::AFF1", zero).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("Show gives the entity card", "[query]") {
  View view = FixtureView();
  auto card = Show(view, "SNDX-5613");
  REQUIRE(card.ok());
  CHECK(card->entity.id == testing::kRevumenib);
  CHECK(card->aliases == std::vector<std::string>{"SNDX-5613", "revumenib"});
  REQUIRE(card->out.count("inhibits"));
  CHECK(card->out.at("inhibits").size() == 1);
  CHECK(card->out.at("inhibits")[0].other.id == testing::kMen1);
  CHECK(card->out.at("inhibits")[0].evidence_count == 2);
  CHECK(Strings(card->out.at("inhibits")[0].refs) ==
        std::vector<std::string>{"review_a:[57] Issa 2023 Nature",
                                 "review_b:[2] Issa 2023 Nature"});
  REQUIRE(card->in.count("tests"));
  CHECK(card->in.at("tests")[0].other.id == "trial:NCT04065399");
  REQUIRE(card->trials.size() == 1);
  CHECK(card->trials[0].phase == "1/2");
  REQUIRE(card->outcomes.size() == 1);  // by its "drug" attribute
  CHECK(card->outcomes[0].measure == "CR");
  CHECK(card->sources == std::vector<std::string>{"review_a", "review_b"});
}

TEST_CASE("Trials and outcomes filters", "[query]") {
  View view = FixtureView();
  struct TrialCase {
    TrialFilter filter;
    std::vector<std::string> expected;
  };
  std::vector<TrialCase> trial_cases = {
      {{}, {"trial:Interfant-06", "trial:NCT04065399"}},
      {{"revumenib", "", "", ""}, {"trial:NCT04065399"}},
      {{"menin inhibitor", "", "", ""}, {"trial:NCT04065399"}},  // a member
      {{"", "KMT2A::AFF1", "", ""}, {"trial:NCT04065399"}},
      {{"", "", "I/II", ""}, {"trial:NCT04065399"}},
      {{"", "", "phase 3", "Completed"}, {"trial:Interfant-06"}},
      {{"", "", "", "ongoing"}, {"trial:NCT04065399"}},
      {{"venetoclax", "", "", ""}, {}},
  };
  for (const auto& c : trial_cases) {
    INFO(c.filter.drug << "|" << c.filter.target << "|" << c.filter.phase);
    auto rows = Trials(view, c.filter);
    REQUIRE(rows.ok());
    std::vector<std::string> ids;
    for (const auto& t : *rows) ids.push_back(t.trial.id);
    CHECK(ids == c.expected);
  }
  auto t = Trials(view, {"revumenib", "", "", ""});
  REQUIRE(t.ok());
  CHECK(t->at(0).names == std::vector<std::string>{"AUGMENT-101"});
  CHECK(Strings(t->at(0).refs) ==
        std::vector<std::string>{
            "review_a:[70] https://clinicaltrials.gov/study/NCT04065399"});
  CHECK(Trials(view, {"nodrug", "", "", ""}).status().code() == Status::Code::kNotFound);

  struct OutcomeCase {
    OutcomeFilter filter;
    std::vector<std::string> expected;  // measure=value
  };
  std::vector<OutcomeCase> outcome_cases = {
      {{}, {"EFS=46", "CR=30"}},
      {{"Interfant-06", "", "", ""}, {"EFS=46"}},
      {{"", "SNDX-5613", "", ""}, {"CR=30"}},
      {{"", "", "efs", ""}, {"EFS=46"}},
      {{"", "", "", "kmt2a-r"}, {"EFS=46", "CR=30"}},
      {{"", "", "", "infants"}, {"EFS=46"}},
      {{"", "", "OS", ""}, {}},
  };
  for (const auto& c : outcome_cases) {
    auto rows = Outcomes(view, c.filter);
    REQUIRE(rows.ok());
    std::vector<std::string> got;
    for (const auto& o : *rows) got.push_back(o.measure + "=" + o.value);
    CHECK(got == c.expected);
  }
}

TEST_CASE("Paths, neighbors, sources, refs", "[query]") {
  View view = FixtureView();
  auto p = FindPaths(view, "MLL-AF4", "venetoclax");
  REQUIRE(p.ok());
  CHECK(p->hops == 3);
  REQUIRE(p->paths.size() == 1);
  CHECK(PathString(p->paths[0]) ==
        "KMT2A::AFF1 -member_of-> KMT2A::? -overexpresses-> BCL2 <-inhibits- venetoclax");
  auto none = FindPaths(view, "venetoclax", "venetoclax");
  REQUIRE(none.ok());
  CHECK(none->hops == 0);

  auto n = Neighbors(view, "menin", {1, ""});
  REQUIRE(n.ok());
  std::set<std::string> ids;
  for (const auto& x : n->neighbors) ids.insert(x.entity.id);
  CHECK(ids == std::set<std::string>{testing::kGroup, testing::kRevumenib,
                                     testing::kMeninClass});
  auto n2 = Neighbors(view, "menin", {2, "inhibits"});
  REQUIRE(n2.ok());
  CHECK(n2->neighbors.size() == 2);
  CHECK(Neighbors(view, "menin", {0, ""}).status().code() ==
        Status::Code::kInvalidArgument);

  auto sources = Sources(view);
  REQUIRE(sources.size() == 2);
  CHECK(sources[0].id == "review_a");
  auto refs = Refs(view, "review_a");
  REQUIRE(refs.ok());
  std::vector<std::string> ns;
  for (const auto& r : *refs) ns.push_back(r.n);
  CHECK(ns == std::vector<std::string>{"3", "12", "57", "63", "70"});
  CHECK(Refs(view, "review_b")->size() == 1);
  CHECK(Refs(view, "source:review_b")->size() == 1);
  auto missing = Refs(view, "review_c");
  CHECK(missing.status().message() ==
        "unknown source 'review_c'; sources: review_a, review_b");
  CHECK(Refs(view, "review").status().code() ==
        Status::Code::kNotFound);  // ambiguous prefix
}

TEST_CASE("Engine over a store rebuilds its view when the store changes", "[query]") {
  testing::TempDir dir;
  auto store = graph::Store::Open(dir.Sub("db"));
  REQUIRE(store.ok());
  auto sources = QueryFixture();
  REQUIRE((*store)->PutSource(sources[0]).ok());
  auto engine = Engine::Open(store->get());
  REQUIRE(engine.ok());
  AgentsOptions by_hops;
  by_hops.sort = AgentSort::kHops;
  auto before = Agents((*engine)->view(), "KMT2A::AFF1", by_hops);
  REQUIRE(before.ok());
  CHECK(before->agents[1].entity.id ==
        testing::kMeninClass);  // revumenib has 3 refs: tie
  REQUIRE((*store)->PutSource(sources[1]).ok());
  REQUIRE((*engine)->Refresh().ok());
  auto after = Agents((*engine)->view(), "KMT2A::AFF1", by_hops);
  REQUIRE(after.ok());
  // Same answer as the in-memory merge of both sources.
  auto memory = Agents(FixtureView(), "KMT2A::AFF1", by_hops);
  REQUIRE(memory.ok());
  CHECK(AgentsJson(*after) == AgentsJson(*memory));
  CHECK(after->agents[1].entity.id == testing::kRevumenib);
}

// ---- differential test against a naive reference -----------------------

struct NaiveEdge {
  int s, o;
  std::string p;
};

// Every simple path from `target` (as lists of (edge index, forward)), by brute
// force, then the grammar checked on the finished sequence.
std::map<int, int> NaiveAgents(int n, const std::vector<graph::EntityKind>& kinds,
                               const std::vector<NaiveEdge>& edges, int target,
                               int max_hops, AgentKind wanted) {
  using graph::EntityKind;
  auto is_agent = [&](int v) {
    return kinds[v] == EntityKind::kDrug || kinds[v] == EntityKind::kDrugClass;
  };
  auto wanted_kind = [&](int v) {
    if (wanted == AgentKind::kDrug) return kinds[v] == EntityKind::kDrug;
    if (wanted == AgentKind::kClass) return kinds[v] == EntityKind::kDrugClass;
    return is_agent(v);
  };
  const std::set<std::string> context = {"member_of", "involves", "depends_on",
                                         "overexpresses"};
  const std::set<std::string> acting = {"inhibits", "targets", "binds", "antagonises",
                                        "active_in"};
  std::map<int, int> best;
  std::vector<int> nodes{target};
  std::vector<std::pair<int, bool>> steps;
  std::function<void()> grow = [&] {
    // Check the current path.
    if (!steps.empty()) {
      size_t i = 0;
      while (i < steps.size() && steps[i].second &&
             context.count(edges[steps[i].first].p))
        ++i;
      bool ok = false;
      if (i < steps.size() && !steps[i].second && acting.count(edges[steps[i].first].p) &&
          is_agent(nodes[i + 1])) {
        if (steps.size() == i + 1) {
          ok = true;
        } else if (steps.size() == i + 2) {
          const NaiveEdge& e = edges[steps[i + 1].first];
          ok = !steps[i + 1].second && e.p == "member_of" &&
               kinds[nodes[i + 1]] == EntityKind::kDrugClass &&
               kinds[nodes[i + 2]] == EntityKind::kDrug;
        }
      }
      int last = nodes.back();
      if (ok && wanted_kind(last)) {
        int len = static_cast<int>(steps.size());
        if (!best.count(last) || best[last] > len) best[last] = len;
      }
    }
    if (static_cast<int>(steps.size()) == max_hops) return;
    int u = nodes.back();
    for (size_t k = 0; k < edges.size(); ++k) {
      for (bool fwd : {true, false}) {
        int from = fwd ? edges[k].s : edges[k].o;
        int to = fwd ? edges[k].o : edges[k].s;
        if (from != u) continue;
        if (std::find(nodes.begin(), nodes.end(), to) != nodes.end()) continue;
        nodes.push_back(to);
        steps.emplace_back(static_cast<int>(k), fwd);
        grow();
        steps.pop_back();
        nodes.pop_back();
      }
    }
  };
  grow();
  (void)n;
  return best;
}

TEST_CASE("Agents agrees with a naive reference on random graphs", "[query]") {
  using graph::EntityKind;
  std::mt19937 rng(20240611);
  const std::vector<EntityKind> kind_pool = {EntityKind::kFusion, EntityKind::kGene,
                                             EntityKind::kDrug, EntityKind::kDrugClass,
                                             EntityKind::kGeneFamily};
  const std::vector<std::string> predicates = {
      "member_of",        "involves",  "depends_on", "overexpresses",
      "inhibits",         "targets",   "binds",      "tests",
      "has_frequency_in", "active_in", "antagonises"};
  int compared = 0, nonempty = 0;
  for (int round = 0; round < 200; ++round) {
    int n = 5 + static_cast<int>(rng() % 26);
    std::vector<EntityKind> kinds(n);
    graph::SourceData data;
    data.source.id = "random";
    for (int v = 0; v < n; ++v) {
      kinds[v] = kind_pool[rng() % kind_pool.size()];
      data.entities.push_back(
          testing::FixtureEntity(kinds[v], "n" + std::to_string(v), {}));
    }
    std::vector<NaiveEdge> edges;
    std::set<std::string> fact_ids;
    int m = n + static_cast<int>(rng() % (2 * n));
    for (int k = 0; k < m; ++k) {
      NaiveEdge e{static_cast<int>(rng() % n), static_cast<int>(rng() % n),
                  predicates[rng() % predicates.size()]};
      graph::Fact f = testing::FixtureFact("random", data.entities[e.s].id, e.p,
                                           data.entities[e.o].id, "s", {},
                                           {{"k", std::to_string(k % 3)}});
      if (!fact_ids.insert(f.id).second) continue;  // same fact twice
      edges.push_back(e);
      data.facts.push_back(f);
    }
    View view = View::FromSources({data});
    int target = static_cast<int>(rng() % n);
    for (int max_hops = 1; max_hops <= 4; ++max_hops) {
      for (AgentKind kind : {AgentKind::kAny, AgentKind::kDrug, AgentKind::kClass}) {
        AgentsOptions options;
        options.max_hops = max_hops;
        options.kind = kind;
        AgentsResult got =
            FindAgents(view, *view.Find(data.entities[target].id), options);
        std::map<int, int> got_map;
        for (const Agent& a : got.agents) {
          got_map[std::stoi(a.entity.label.substr(1))] = a.hops;
          // Every kept path starts at the target and ends at the agent.
          for (const auto& path : a.paths) {
            REQUIRE(!path.empty());
            CHECK(static_cast<int>(path.size()) <= max_hops);
            const EdgeInfo& last = path.back();
            CHECK((last.forward ? last.object.id : last.subject.id) == a.entity.id);
          }
        }
        std::map<int, int> expected =
            NaiveAgents(n, kinds, edges, target, max_hops, kind);
        INFO("round " << round << " max_hops " << max_hops);
        CHECK(got_map == expected);
        ++compared;
        if (!expected.empty()) ++nonempty;
      }
    }
  }
  CHECK(compared == 200 * 12);
  CHECK(nonempty > 100);  // the random graphs do exercise the grammar
}

TEST_CASE("Mentions lists the sources that name an entity, most mentions first",
          "[query]") {
  View view = FixtureView();
  auto rows = [&](std::string_view name) {
    std::vector<std::string> out;
    auto r = Mentions(view, name);
    if (!r.ok()) return std::vector<std::string>{r.status().message()};
    for (const MentionRow& row : r->sources) {
      out.push_back(row.mentions.DebugString() + " | " + row.title);
    }
    return out;
  };
  CHECK(rows("SNDX-5613") ==
        std::vector<std::string>{
            "review_a body=3 [120,129) [400,409) [980,989) references=1 [5200,5209) "
            "\"Revumenib blocks menin.\" | Menin and BCL2 in infant leukemia",
            "review_b body=1 [30,39) references=0 \"Revumenib binds menin tightly.\" | "
            "Menin inhibitors"});
  // Named in both sources' records, but in neither text: two implied rows,
  // by source id.
  CHECK(rows("MEN1") ==
        std::vector<std::string>{
            "review_a body=0 references=0 | Menin and BCL2 in infant leukemia",
            "review_b body=0 references=0 | Menin inhibitors"});
  CHECK(rows("TP53") == std::vector<std::string>{
                            "review_b body=0 references=1 [2040,2044) \"Roe R. TP53 in "
                            "relapse. Blood 2021.\" | Menin inhibitors"});
  CHECK(rows("MLL-AF5") ==
        std::vector<std::string>{
            "unknown entity 'MLL-AF5'; did you mean: MLL-AF4, MLL-AF9?"});
  // The card carries the same rows.
  auto card = Show(view, "revumenib");
  REQUIRE(card.ok());
  REQUIRE(card->named_in.size() == 2);
  CHECK(card->named_in[0].mentions.source == "review_a");
  CHECK(card->named_in[1].mentions.body == 1);
}

}  // namespace
}  // namespace lg::query
