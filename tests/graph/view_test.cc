#include "graph/view/view.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "graph/store/store.h"
#include "tests/testing.h"
#include "tools/bench/query_fixture.h"

namespace lg::graph {
namespace {

std::vector<std::string> Ids(const View& view, const std::vector<View::Vertex>& vs) {
  std::vector<std::string> out;
  for (View::Vertex v : vs) out.push_back(view.entity(v).id);
  return out;
}

TEST_CASE("View merges sources and keeps both edge directions", "[graph]") {
  View view = View::FromSources(testing::QueryFixture());
  CHECK(view.num_vertices() == 17);
  CHECK(view.facts().size() == 19);  // revumenib inhibits MEN1 is one fact, 2 evidence
  auto men1 = view.Find("gene:MEN1");
  REQUIRE(men1);
  // Out: none. In: depends_on (group), inhibits (revumenib, class).
  std::multiset<std::string> arcs;
  view.ForEachArc(*men1, [&](const View::Step& s) {
    arcs.insert(std::string(s.forward ? "out " : "in ") + view.fact(s.fact).predicate +
                " " + view.entity(s.to).id);
  });
  CHECK(arcs == std::multiset<std::string>{"in depends_on fusion:KMT2A::?",
                                           "in inhibits drug:revumenib",
                                           "in inhibits drug_class:menin inhibitor"});
  const Entity& revumenib = view.entity(*view.Find("drug:revumenib"));
  CHECK(revumenib.aliases == std::vector<std::string>{"SNDX-5613", "revumenib"});
  for (const Fact& f : view.facts()) {
    if (f.subject == "drug:revumenib" && f.predicate == "inhibits") {
      REQUIRE(f.evidence.size() == 2);
      CHECK(f.evidence[0].source == "review_a");
      CHECK(f.evidence[1].source == "review_b");
    }
  }
  REQUIRE(view.FindReference("review_a", "57"));
  CHECK(view.FindReference("review_a", "57")->ShortCitation() == "Issa 2023 Nature");
  CHECK(view.FindReference("review_a", "58") == nullptr);
  CHECK(view.FindReference("review_c", "57") == nullptr);
}

TEST_CASE("Facts naming undeclared entities get a vertex", "[graph]") {
  SourceData data;
  data.source.id = "s";
  Fact f;
  f.subject = "drug:newdrug";
  f.predicate = "inhibits";
  f.object = "gene:NEW1";
  data.facts.push_back(f);
  View view = View::FromSources({data});
  REQUIRE(view.num_vertices() == 2);
  const Entity& gene = view.entity(*view.Find("gene:NEW1"));
  CHECK(gene.kind == EntityKind::kGene);
  CHECK(gene.label == "NEW1");
  CHECK(view.facts()[0].id == ComputeFactId(f));
}

TEST_CASE("Resolve: ids, labels and aliases, normalised", "[graph]") {
  View view = View::FromSources(testing::QueryFixture());
  struct Case {
    std::string input;
    std::vector<std::string> expected;
  };
  std::vector<Case> cases = {
      {"fusion:KMT2A::AFF1", {"fusion:KMT2A::AFF1"}},
      {"KMT2A::AFF1", {"fusion:KMT2A::AFF1"}},
      {"KMT2A-AFF1", {"fusion:KMT2A::AFF1"}},
      {"MLL-AF4", {"fusion:KMT2A::AFF1"}},
      {"mll/af4", {"fusion:KMT2A::AFF1"}},
      {"t(4;11)", {"fusion:KMT2A::AFF1"}},
      {"FUSION:kmt2a::aff1", {"fusion:KMT2A::AFF1"}},
      {"KMT2A", {"gene:KMT2A"}},  // a label beats the group's aliases
      {"kmt2a-r", {"fusion:KMT2A::?"}},
      {"MLL", {"fusion:KMT2A::?", "gene:KMT2A"}},  // ambiguous
      {"Menin Inhibitors", {"drug_class:menin inhibitor"}},
      {"menin", {"gene:MEN1"}},
      {"", {}},
      {"--", {}},
      {"nothing", {}},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Ids(view, view.Resolve(c.input)) == c.expected);
  }
  CHECK(view.Suggest("venetoclaks") == std::vector<std::string>{"venetoclax"});
  CHECK(view.Suggest("BCL-3") == std::vector<std::string>{"BCL-2"});
  CHECK(view.Suggest("qqqqqqqq").empty());
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
}

TEST_CASE("View built from a store equals the in-memory merge", "[graph]") {
  testing::TempDir dir;
  auto store = Store::Open(dir.Sub("db"));
  REQUIRE(store.ok());
  for (const SourceData& d : testing::QueryFixture())
    REQUIRE((*store)->PutSource(d).ok());
  auto built = View::Build(**store);
  REQUIRE(built.ok());
  View memory = View::FromSources(testing::QueryFixture());
  CHECK(built->generation() == 2);
  REQUIRE(built->num_vertices() == memory.num_vertices());
  for (View::Vertex v = 0; v < memory.num_vertices(); ++v) {
    CHECK(built->entity(v).DebugString() == memory.entity(v).DebugString());
  }
  REQUIRE(built->facts().size() == memory.facts().size());
  for (size_t i = 0; i < memory.facts().size(); ++i) {
    CHECK(built->fact(i).DebugString() == memory.fact(i).DebugString());
    // Build keeps no sentences in memory; FactEvidence reads them back from
    // the store, equal to the in-memory merge's.
    CHECK(built->fact(i).evidence.empty());
    auto stored = built->FactEvidence(i);
    REQUIRE(stored.ok());
    auto kept = memory.FactEvidence(i);
    REQUIRE(kept.ok());
    REQUIRE(stored->size() == memory.fact(i).evidence.size());
    REQUIRE(kept->size() == stored->size());
    for (size_t k = 0; k < stored->size(); ++k) {
      const Evidence& a = (*stored)[k];
      const Evidence& b = memory.fact(i).evidence[k];
      CHECK(a.source == b.source);
      CHECK(a.sentence == b.sentence);
      CHECK(a.begin == b.begin);
      CHECK(a.end == b.end);
      CHECK(a.refs == b.refs);
      CHECK(a.rule == b.rule);
      CHECK((*kept)[k].sentence == b.sentence);
    }
  }
  // Reference lists, read from the store on first use: as the merge's.
  REQUIRE(built->sources().size() == memory.sources().size());
  for (const Source& s : memory.sources()) {
    std::vector<std::string> a, b;
    for (const Reference& r : built->References(s.id)) a.push_back(r.DebugString());
    for (const Reference& r : memory.References(s.id)) b.push_back(r.DebugString());
    CHECK(a == b);
  }
  CHECK(built->References("review_a").size() == 5);
  CHECK(built->References("no_such_source").empty());
}

// Every name a person could type at `view`: ids, labels, id keys, aliases,
// some with case and punctuation changed, and misses.
std::vector<std::string> Surfaces(const View& view) {
  std::vector<std::string> out = {"", "nothing-like-it", "KMT2A", "kmt2a aff1", "menin"};
  for (const Entity& e : view.entities()) {
    out.push_back(e.id);
    out.push_back(e.label);
    for (const std::string& alias : e.aliases) {
      out.push_back(alias);
      std::string lower;
      for (char c : alias) lower += static_cast<char>(std::tolower(c));
      out.push_back(lower + " ");
    }
  }
  return out;
}

// The query fixture written to a store at `db`, opened read-only. Closing
// the writer writes the graph image, so the reader's is current.
Result<std::unique_ptr<Store>> FixtureStoreReader(const std::string& db) {
  {
    auto writer = Store::Open(db);
    if (!writer.ok()) return writer.status();
    for (const SourceData& d : testing::QueryFixture()) {
      auto put = (*writer)->PutSource(d);
      if (!put.ok()) return put.status();
    }
  }
  StoreOptions options;
  options.read_only = true;
  return Store::Open(db, options);
}

TEST_CASE("View built from the graph image answers as one built from the records",
          "[graph]") {
  testing::TempDir dir;
  auto store = FixtureStoreReader(dir.Sub("db"));
  REQUIRE(store.ok());
  INFO((*store)->ImageNote());
  REQUIRE((*store)->Image() != nullptr);
  auto built = View::Build(**store);
  REQUIRE(built.ok());
  View memory = View::FromSources(testing::QueryFixture());
  CHECK(built->generation() == 2);
  REQUIRE(built->num_vertices() == memory.num_vertices());
  REQUIRE(built->num_facts() == memory.num_facts());
  // Skeletons, then records one by one (each read from the store), then the
  // whole arrays (one scan).
  for (View::Vertex v = 0; v < memory.num_vertices(); ++v) {
    CHECK(built->id(v) == memory.id(v));
    CHECK(built->kind(v) == memory.kind(v));
    CHECK(built->label(v) == memory.label(v));
    CHECK(built->entity(v).DebugString() == memory.entity(v).DebugString());
  }
  for (uint32_t i = 0; i < memory.num_facts(); ++i) {
    CHECK(built->fact_id(i) == memory.fact_id(i));
    CHECK(built->predicate(i) == memory.predicate(i));
    CHECK(built->subject(i) == memory.subject(i));
    CHECK(built->object(i) == memory.object(i));
    Fact header = memory.fact(i);
    header.evidence.clear();
    CHECK(built->fact(i).DebugString() == header.DebugString());
    auto stored = built->FactEvidence(i);
    REQUIRE(stored.ok());
    CHECK(stored->size() == memory.fact(i).evidence.size());
  }
  // A fact first read for its evidence keeps its record without it.
  {
    auto again = View::Build(**store);
    REQUIRE(again.ok());
    for (uint32_t i = 0; i < memory.num_facts(); ++i) {
      auto stored = again->FactEvidence(i);
      REQUIRE(stored.ok());
      CHECK(stored->size() == memory.fact(i).evidence.size());
      Fact header = memory.fact(i);
      header.evidence.clear();
      CHECK(again->fact(i).DebugString() == header.DebugString());
    }
  }
  REQUIRE(built->entities().size() == memory.entities().size());
  for (size_t v = 0; v < memory.entities().size(); ++v) {
    CHECK(built->entities()[v].DebugString() == memory.entities()[v].DebugString());
  }
  REQUIRE(built->facts().size() == memory.facts().size());
  for (View::Vertex v = 0; v < memory.num_vertices(); ++v) {
    std::vector<std::string> a, b;
    built->ForEachArc(v, [&](const View::Step& s) {
      a.push_back(std::to_string(s.to) + " " + std::to_string(s.fact) +
                  (s.forward ? "+" : "-"));
    });
    memory.ForEachArc(v, [&](const View::Step& s) {
      b.push_back(std::to_string(s.to) + " " + std::to_string(s.fact) +
                  (s.forward ? "+" : "-"));
    });
    CHECK(a == b);
  }
  // Resolve through the image's alias index: the same tiers, in the same order.
  for (const std::string& surface : Surfaces(memory)) {
    INFO(surface);
    CHECK(built->Find(surface) == memory.Find(surface));
    CHECK(built->Resolve(surface) == memory.Resolve(surface));
    CHECK(built->Suggest(surface) == memory.Suggest(surface));
  }
}

TEST_CASE("An image-built view reads each record once, safely from several threads",
          "[graph]") {
  testing::TempDir dir;
  auto store = FixtureStoreReader(dir.Sub("db"));
  REQUIRE(store.ok());
  auto built = View::Build(**store);
  REQUIRE(built.ok());
  const View& view = *built;
  // Every thread asks for every record; all must get the same objects.
  std::vector<std::vector<const void*>> seen(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (View::Vertex v = 0; v < view.num_vertices(); ++v)
        seen[t].push_back(&view.entity(v));
      for (uint32_t i = 0; i < view.num_facts(); ++i) seen[t].push_back(&view.fact(i));
      // A source's reference list is read on first use, once.
      for (const Source& s : view.sources()) seen[t].push_back(&view.References(s.id));
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t t = 1; t < seen.size(); ++t) CHECK(seen[t] == seen[0]);
  CHECK(view.entity(*view.Find("drug:revumenib")).aliases ==
        std::vector<std::string>{"SNDX-5613", "revumenib"});
}

TEST_CASE("View merges list attributes as the store does: first non-empty by source",
          "[graph]") {
  // Given out of source-id order; B's names lose to A's, A's empty
  // registry ids to B's, and A's empty sponsors are dropped.
  auto source = [](const std::string& id, ListAttributes lists) {
    SourceData d;
    d.source.id = id;
    d.source.content_hash = "h" + id;
    Entity e;
    e.id = "trial:NCT01234567";
    e.kind = EntityKind::kTrial;
    e.label = "NCT01234567";
    e.list_attributes = std::move(lists);
    d.entities = {e};
    return d;
  };
  std::vector<SourceData> sources = {
      source("B", {{"names", {"OTHER"}}, {"registry_ids", {"NCT01234567"}}}),
      source("A", {{"names", {"K|2", "K + 2"}}, {"registry_ids", {}}, {"sponsors", {}}}),
  };
  View memory = View::FromSources(sources);
  const Entity& trial = memory.entity(*memory.Find("trial:NCT01234567"));
  CHECK(trial.list_attributes ==
        ListAttributes{{"names", {"K|2", "K + 2"}}, {"registry_ids", {"NCT01234567"}}});

  testing::TempDir dir;
  auto store = Store::Open(dir.Sub("db"));
  REQUIRE(store.ok());
  for (const SourceData& d : sources) REQUIRE((*store)->PutSource(d).ok());
  auto stored = (*store)->GetEntity("trial:NCT01234567");
  REQUIRE(stored.ok());
  CHECK(stored->FlatAttributes() ==
        std::map<std::string, std::string>{
            {"names", "K|2|K + 2"}, {"registry_ids", "NCT01234567"}, {"sponsors", ""}});
  CHECK(stored->list_attributes.at("names") == trial.list_attributes.at("names"));
}

TEST_CASE("Neighborhood by depth and predicate", "[graph]") {
  View view = View::FromSources(testing::QueryFixture());
  auto aff1 = *view.Find("fusion:KMT2A::AFF1");
  std::map<std::string, int> got;
  for (const auto& r : view.Neighborhood(aff1, 1))
    got[view.entity(r.vertex).id] = r.distance;
  CHECK(got == std::map<std::string, int>{{"fusion:KMT2A::?", 1},
                                          {"gene:KMT2A", 1},
                                          {"gene:AFF1", 1},
                                          {"condition:infant ALL", 1}});
  got.clear();
  for (const auto& r : view.Neighborhood(aff1, 3, "member_of")) {
    got[view.entity(r.vertex).id] = r.distance;
  }
  CHECK(got ==
        std::map<std::string, int>{{"fusion:KMT2A::?", 1}, {"fusion:KMT2A::MLLT3", 2}});
}

// ---- differential test: shortest paths vs a naive BFS ----------------------

TEST_CASE("ShortestPaths agrees with a naive BFS on random graphs", "[graph]") {
  std::mt19937 rng(7);
  const std::vector<std::string> predicates = {"inhibits", "member_of", "involves",
                                               "depends_on", "tests"};
  int connected = 0;
  for (int round = 0; round < 200; ++round) {
    int n = 5 + static_cast<int>(rng() % 26);
    SourceData data;
    data.source.id = "r";
    for (int v = 0; v < n; ++v) {
      data.entities.push_back(
          testing::FixtureEntity(EntityKind::kGene, "G" + std::to_string(v), {}));
    }
    std::vector<std::pair<int, int>> edges;
    std::set<std::string> fact_ids;
    int m = static_cast<int>(rng() % (2 * n));
    for (int k = 0; k < m; ++k) {
      int s = static_cast<int>(rng() % n), o = static_cast<int>(rng() % n);
      Fact f = testing::FixtureFact("r", data.entities[s].id,
                                    predicates[rng() % predicates.size()],
                                    data.entities[o].id, "x", {});
      if (!fact_ids.insert(f.id).second) continue;
      edges.emplace_back(s, o);
      data.facts.push_back(f);
    }
    View view = View::FromSources({data});
    auto vertex = [&](int i) { return *view.Find(data.entities[i].id); };
    int a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n);
    // Naive: BFS over an adjacency map; count shortest paths (parallel edges
    // count separately; self-loops never lie on a shortest path).
    std::map<int, std::vector<int>> adj;
    for (auto [s, o] : edges) {
      if (s == o) continue;
      adj[s].push_back(o);
      adj[o].push_back(s);
    }
    std::map<int, int> dist{{a, 0}};
    std::map<int, long> count{{a, 1}};
    std::deque<int> queue{a};
    while (!queue.empty()) {
      int u = queue.front();
      queue.pop_front();
      for (int w : adj[u]) {
        if (!dist.count(w)) {
          dist[w] = dist[u] + 1;
          queue.push_back(w);
        }
        if (dist[w] == dist[u] + 1) count[w] += count[u];
      }
    }
    auto paths = view.ShortestPaths(vertex(a), vertex(b), 100000);
    INFO("round " << round << " a=" << a << " b=" << b);
    if (!dist.count(b)) {
      CHECK(paths.empty());
      continue;
    }
    ++connected;
    CHECK(static_cast<long>(paths.size()) == (a == b ? 1 : count[b]));
    std::set<std::vector<uint32_t>> distinct;
    for (const auto& path : paths) {
      CHECK(static_cast<int>(path.size()) == dist[b]);
      std::vector<uint32_t> facts;
      View::Vertex at = vertex(a);
      for (const auto& step : path) {
        const Fact& f = view.fact(step.fact);
        CHECK(step.from == at);
        CHECK(view.entity(step.from).id == (step.forward ? f.subject : f.object));
        CHECK(view.entity(step.to).id == (step.forward ? f.object : f.subject));
        at = step.to;
        facts.push_back(step.fact);
      }
      CHECK(at == vertex(b));
      distinct.insert(facts);
    }
    CHECK(distinct.size() == paths.size());
    // The cap is honoured.
    CHECK(view.ShortestPaths(vertex(a), vertex(b), 1).size() == 1);
  }
  CHECK(connected > 50);
}

// A value of the layer above, kept with the view: Derived.
struct FactCount {
  size_t facts = 0;
};

TEST_CASE("Derived builds once per view, shared by threads and copies", "[graph]") {
  View view = View::FromSources(testing::QueryFixture());
  std::atomic<int> builds{0};
  auto build = [&](const View& v) {
    ++builds;
    return FactCount{v.facts().size()};
  };
  std::vector<const FactCount*> seen(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = &view.Derived<FactCount>(build); });
  }
  for (std::thread& t : threads) t.join();
  CHECK(builds == 1);
  CHECK(seen[0]->facts == 19);
  for (const FactCount* p : seen) CHECK(p == seen[0]);
  View copy = view;
  CHECK(&copy.Derived<FactCount>(build) == seen[0]);
  CHECK(builds == 1);
  // Another type is another value; another view builds its own.
  CHECK(view.Derived<std::string>([](const View&) { return std::string("x"); }) == "x");
  View other = View::FromSources({});
  CHECK(other.Derived<FactCount>(build).facts == 0);
  CHECK(builds == 2);
}

}  // namespace
}  // namespace lg::graph
