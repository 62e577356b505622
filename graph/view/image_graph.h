// ImageGraph: Boost.Graph over arcs in the graph image's layout
// (graph/store/image.h ArcArrays): the mapped image's CSR, without copying
// it, or the same arrays built in memory (a View built without an image). It
// models IncidenceGraph, BidirectionalGraph, VertexListGraph and
// AdjacencyGraph through boost::graph_traits, so BGL's algorithms
// (breadth_first_search with a visitor, ...) walk the CSR directly;
// ImageFactMap and ImagePredicateMap give an edge's fact number and predicate
// code, and get(vertex_index, g) the vertex number.
//
// Start here: ImageGraph g(*store.Image()); then out_edges(v, g) (found by
// argument-dependent lookup, not boost::out_edges), boost::breadth_first_search(g, s,
// ...).
//
// Vertices are vertex numbers (uint32_t); an edge is one fact, subject ->
// object, the same edge whether reached as an out- or an in-edge. Out-edges
// are in fact order, in-edges in (source, fact) order: those of Boost's
// compressed_sparse_row_graph built from the facts in fact order.
// An ImageGraph is a handle: the image or arrays must outlive it. Over an
// image, each vertex's arcs are bounds-checked as they are read
// (GraphImage::OutArcs). Thread-safety: immutable; every function is safe
// from several threads.
#pragma once

#include <boost/graph/adjacency_iterator.hpp>
#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstdint>
#include <span>
#include <utility>

#include "graph/store/image.h"

namespace lg::graph {

class ImageGraph {
 public:
  ImageGraph() = default;
  // The arcs of a mapped image.
  explicit ImageGraph(const GraphImage& image)
      : image_(&image), vertices_(image.num_vertices()) {}
  // Arcs in memory, for `vertices` vertices (out_begin.size() == vertices + 1).
  explicit ImageGraph(const ArcArrays& arcs)
      : arcs_(&arcs), vertices_(static_cast<uint32_t>(arcs.out_begin.size() - 1)) {}

  // The image; only for a graph over one.
  const GraphImage& image() const { return *image_; }
  uint32_t num_vertices() const { return vertices_; }
  std::span<const ImageArc> OutArcs(uint32_t v) const {
    if (image_ != nullptr) return image_->OutArcs(v);
    if (arcs_ == nullptr) return {};
    return {arcs_->out_arcs.data() + arcs_->out_begin[v],
            arcs_->out_arcs.data() + arcs_->out_begin[v + 1]};
  }
  std::span<const ImageArc> InArcs(uint32_t v) const {
    if (image_ != nullptr) return image_->InArcs(v);
    if (arcs_ == nullptr) return {};
    return {arcs_->in_arcs.data() + arcs_->in_begin[v],
            arcs_->in_arcs.data() + arcs_->in_begin[v + 1]};
  }

 private:
  const GraphImage* image_ = nullptr;
  const ArcArrays* arcs_ = nullptr;
  uint32_t vertices_ = 0;
};

// An edge: the fact `fact`, from its subject to its object.
struct ImageEdge {
  uint32_t source = 0;
  uint32_t target = 0;
  uint32_t fact = 0;
  bool operator==(const ImageEdge& o) const { return fact == o.fact; }
  bool operator!=(const ImageEdge& o) const { return fact != o.fact; }
};

// The out- or in-edges of one vertex: a walk over its CSR arcs.
class ImageEdgeIterator
    : public boost::iterator_facade<ImageEdgeIterator, ImageEdge,
                                    std::random_access_iterator_tag, ImageEdge> {
 public:
  ImageEdgeIterator() = default;
  ImageEdgeIterator(const ImageArc* arc, uint32_t vertex, bool out)
      : arc_(arc), vertex_(vertex), out_(out) {}

 private:
  friend class boost::iterator_core_access;
  ImageEdge dereference() const {
    return out_ ? ImageEdge{vertex_, arc_->other, arc_->fact}
                : ImageEdge{arc_->other, vertex_, arc_->fact};
  }
  bool equal(const ImageEdgeIterator& o) const { return arc_ == o.arc_; }
  void increment() { ++arc_; }
  void decrement() { --arc_; }
  void advance(std::ptrdiff_t n) { arc_ += n; }
  std::ptrdiff_t distance_to(const ImageEdgeIterator& o) const { return o.arc_ - arc_; }

  const ImageArc* arc_ = nullptr;
  uint32_t vertex_ = 0;
  bool out_ = true;
};

struct ImageTraversalCategory : boost::bidirectional_graph_tag,
                                boost::vertex_list_graph_tag,
                                boost::adjacency_graph_tag {};

}  // namespace lg::graph

namespace boost {

template <>
struct graph_traits<lg::graph::ImageGraph> {
  using vertex_descriptor = uint32_t;
  using edge_descriptor = lg::graph::ImageEdge;
  using directed_category = bidirectional_tag;
  using edge_parallel_category = allow_parallel_edge_tag;
  using traversal_category = lg::graph::ImageTraversalCategory;
  using vertices_size_type = uint32_t;
  using edges_size_type = uint32_t;
  using degree_size_type = uint32_t;
  using vertex_iterator = counting_iterator<uint32_t>;
  using out_edge_iterator = lg::graph::ImageEdgeIterator;
  using in_edge_iterator = lg::graph::ImageEdgeIterator;
  using adjacency_iterator =
      adjacency_iterator_generator<lg::graph::ImageGraph, vertex_descriptor,
                                   out_edge_iterator>::type;
  // Not an EdgeListGraph: there is no edge_iterator.
  using edge_iterator = void;
  static vertex_descriptor null_vertex() { return UINT32_MAX; }
};

}  // namespace boost

namespace lg::graph {

using ImageTraits = boost::graph_traits<ImageGraph>;

// ---- VertexListGraph --------------------------------------------------------
inline std::pair<ImageTraits::vertex_iterator, ImageTraits::vertex_iterator> vertices(
    const ImageGraph& g) {
  return {ImageTraits::vertex_iterator(0),
          ImageTraits::vertex_iterator(g.num_vertices())};
}
inline uint32_t num_vertices(const ImageGraph& g) { return g.num_vertices(); }

// ---- IncidenceGraph, BidirectionalGraph --------------------------------------
inline uint32_t source(const ImageEdge& e, const ImageGraph&) { return e.source; }
inline uint32_t target(const ImageEdge& e, const ImageGraph&) { return e.target; }

inline std::pair<ImageEdgeIterator, ImageEdgeIterator> out_edges(uint32_t v,
                                                                 const ImageGraph& g) {
  auto arcs = g.OutArcs(v);
  return {ImageEdgeIterator(arcs.data(), v, true),
          ImageEdgeIterator(arcs.data() + arcs.size(), v, true)};
}
inline std::pair<ImageEdgeIterator, ImageEdgeIterator> in_edges(uint32_t v,
                                                                const ImageGraph& g) {
  auto arcs = g.InArcs(v);
  return {ImageEdgeIterator(arcs.data(), v, false),
          ImageEdgeIterator(arcs.data() + arcs.size(), v, false)};
}
inline uint32_t out_degree(uint32_t v, const ImageGraph& g) {
  return static_cast<uint32_t>(g.OutArcs(v).size());
}
inline uint32_t in_degree(uint32_t v, const ImageGraph& g) {
  return static_cast<uint32_t>(g.InArcs(v).size());
}
inline uint32_t degree(uint32_t v, const ImageGraph& g) {
  return out_degree(v, g) + in_degree(v, g);
}

// ---- AdjacencyGraph ----------------------------------------------------------
inline std::pair<ImageTraits::adjacency_iterator, ImageTraits::adjacency_iterator>
adjacent_vertices(uint32_t v, const ImageGraph& g) {
  auto [first, last] = out_edges(v, g);
  return {ImageTraits::adjacency_iterator(first, &g),
          ImageTraits::adjacency_iterator(last, &g)};
}

// ---- Property maps -----------------------------------------------------------
// The edge's fact number (GraphImage::fact).
struct ImageFactMap {
  using key_type = ImageEdge;
  using value_type = uint32_t;
  using reference = uint32_t;
  using category = boost::readable_property_map_tag;
};
inline uint32_t get(const ImageFactMap&, const ImageEdge& e) { return e.fact; }

// The edge's predicate code (GraphImage::predicate gives its name); for a
// graph over an image.
struct ImagePredicateMap {
  const GraphImage* image = nullptr;
  using key_type = ImageEdge;
  using value_type = uint32_t;
  using reference = uint32_t;
  using category = boost::readable_property_map_tag;
};
inline uint32_t get(const ImagePredicateMap& m, const ImageEdge& e) {
  return m.image->fact(e.fact).predicate;
}
inline ImagePredicateMap PredicateMap(const ImageGraph& g) {
  return ImagePredicateMap{&g.image()};
}

// Vertex numbers are their own index.
inline boost::typed_identity_property_map<uint32_t> get(boost::vertex_index_t,
                                                        const ImageGraph&) {
  return {};
}

}  // namespace lg::graph

namespace boost {

template <>
struct property_map<lg::graph::ImageGraph, vertex_index_t> {
  using type = typed_identity_property_map<uint32_t>;
  using const_type = type;
};

}  // namespace boost
