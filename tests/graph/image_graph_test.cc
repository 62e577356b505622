// ImageGraph (graph/view/image_graph.h): BGL's concepts hold on the mapped
// CSR, and boost::breadth_first_search over it gives exact distances, on a
// graph of our own and, against a naive BFS, on small random graphs.
#include "graph/view/image_graph.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/visitors.hpp>
#include <catch2/catch.hpp>
#include <deque>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::graph {
namespace {

BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<ImageGraph>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<ImageGraph>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<ImageGraph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<ImageGraph>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<ImagePredicateMap, ImageEdge>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<ImageFactMap, ImageEdge>));

constexpr uint32_t kFar = UINT32_MAX;

// The image of `content`, written to a file in `tmp` and mapped.
std::shared_ptr<const GraphImage> Map(const ImageContent& content,
                                      const testing::TempDir& tmp) {
  auto bytes = EncodeImage(content);
  REQUIRE(bytes.ok());
  std::string path = tmp.Sub("graph.image");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << *bytes;
  }
  auto image = GraphImage::Open(path);
  INFO(image.status().ToString());
  REQUIRE(image.ok());
  return *image;
}

Entity E(const std::string& id) {
  Entity e;
  e.id = id;
  auto parsed = ParseEntityId(id);
  e.kind = parsed->kind;
  e.label = parsed->key;
  return e;
}

// Distances from `s` by boost::breadth_first_search over `g`, kFar when
// unreachable.
template <typename G>
std::vector<uint32_t> BfsDistances(const G& g, uint32_t s, uint32_t n) {
  std::vector<uint32_t> distance(n, kFar);
  std::vector<boost::default_color_type> colors(n);
  distance[s] = 0;
  auto index = boost::typed_identity_property_map<uint32_t>();
  boost::breadth_first_search(
      g, s,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
                         boost::make_iterator_property_map(distance.begin(), index),
                         boost::on_tree_edge())))
          .color_map(boost::make_iterator_property_map(colors.begin(), index)));
  return distance;
}

TEST_CASE("breadth_first_search over the image gives exact distances", "[graph]") {
  // drug:a -> gene:C -> gene:D -> gene:E, drug:a -> gene:E, drug:b -> drug:a,
  // drug:b -> gene:C, fusion:F::G -> gene:C; gene:H has no fact.
  ImageContent content;
  for (const char* id :
       {"drug:a", "drug:b", "gene:C", "gene:D", "gene:E", "fusion:F::G", "gene:H"}) {
    content.entities.push_back(E(id));
  }
  content.facts = {{"f1", "drug:a", "inhibits", "gene:C", 1, 0, 1},
                   {"f2", "gene:C", "binds", "gene:D", 1, 0, 1},
                   {"f3", "gene:D", "binds", "gene:E", 1, 0, 1},
                   {"f4", "drug:a", "inhibits", "gene:E", 1, 0, 1},
                   {"f5", "drug:b", "member_of", "drug:a", 1, 0, 1},
                   {"f6", "drug:b", "inhibits", "gene:C", 1, 0, 1},
                   {"f7", "fusion:F::G", "involves", "gene:C", 1, 0, 1}};
  testing::TempDir tmp;
  auto image = Map(content, tmp);
  ImageGraph g(*image);
  REQUIRE(num_vertices(g) == 7);
  auto v = [&](const char* id) { return *image->FindVertex(id); };

  // Out-edges: directed distances from drug:a.
  std::vector<uint32_t> d = BfsDistances(g, v("drug:a"), 7);
  std::map<std::string, uint32_t> expected = {
      {"drug:a", 0},    {"gene:C", 1},         {"gene:E", 1},   {"gene:D", 2},
      {"drug:b", kFar}, {"fusion:F::G", kFar}, {"gene:H", kFar}};
  for (const auto& [id, want] : expected) {
    INFO(id);
    CHECK(d[v(id.c_str())] == want);
  }
  // In-edges (the reverse graph): who reaches gene:E, and how far.
  d = BfsDistances(boost::make_reverse_graph(g), v("gene:E"), 7);
  expected = {{"gene:E", 0}, {"gene:D", 1},      {"drug:a", 1},   {"gene:C", 2},
              {"drug:b", 2}, {"fusion:F::G", 3}, {"gene:H", kFar}};
  for (const auto& [id, want] : expected) {
    INFO("reverse " << id);
    CHECK(d[v(id.c_str())] == want);
  }

  // The property maps: fact number and predicate of each out-edge of drug:a.
  std::vector<std::string> seen;
  for (auto [it, end] = out_edges(v("drug:a"), g); it != end; ++it) {
    ImageEdge e = *it;
    CHECK(source(e, g) == v("drug:a"));
    seen.push_back(image->fact_id(get(ImageFactMap(), e)) + " " +
                   std::string(image->predicate(get(PredicateMap(g), e))) + " " +
                   std::string(image->vertex(target(e, g)).id));
  }
  CHECK(seen == std::vector<std::string>{"f1 inhibits gene:C", "f4 inhibits gene:E"});
  CHECK(in_degree(v("gene:C"), g) == 3);
  CHECK(degree(v("gene:C"), g) == 4);
  std::vector<uint32_t> adjacent;
  for (auto [it, end] = adjacent_vertices(v("drug:b"), g); it != end; ++it) {
    adjacent.push_back(*it);
  }
  // In fact order: f5 (drug:b -> drug:a), then f6 (drug:b -> gene:C).
  CHECK(adjacent == std::vector<uint32_t>{v("drug:a"), v("gene:C")});
}

TEST_CASE("breadth_first_search over the image agrees with a naive BFS", "[graph]") {
  std::mt19937 rng(20261207);
  testing::TempDir tmp;
  for (int round = 0; round < 40; ++round) {
    const uint32_t n = 2 + rng() % 30;
    const uint32_t m = rng() % (3 * n);
    ImageContent content;
    std::vector<std::string> ids;
    for (uint32_t i = 0; i < n; ++i) {
      char id[24];
      std::snprintf(id, sizeof(id), "gene:G%03u", i);  // sorts as numbered
      ids.push_back(id);
      content.entities.push_back(E(id));
    }
    std::vector<std::vector<uint32_t>> out(n);
    for (uint32_t i = 0; i < m; ++i) {
      uint32_t a = rng() % n, b = rng() % n;  // loops and parallel facts too
      content.facts.push_back(
          {"f" + std::to_string(i), ids[a], "binds", ids[b], 1, 0, 1});
      out[a].push_back(b);
    }
    auto image = Map(content, tmp);
    ImageGraph g(*image);
    uint32_t s = rng() % n;
    // The naive reference: a queue over the adjacency lists built above.
    std::vector<uint32_t> want(n, kFar);
    std::deque<uint32_t> queue{s};
    want[s] = 0;
    while (!queue.empty()) {
      uint32_t u = queue.front();
      queue.pop_front();
      for (uint32_t w : out[u]) {
        if (want[w] == kFar) {
          want[w] = want[u] + 1;
          queue.push_back(w);
        }
      }
    }
    INFO("round " << round << ": " << n << " vertices, " << m << " facts, from " << s);
    CHECK(BfsDistances(g, s, n) == want);
  }
}

}  // namespace
}  // namespace lg::graph
