// View: a read-only, in-memory Boost.Graph over the store's entities and
// facts, with the alias index and the generic graph algorithms the query
// layer uses (undirected shortest paths, neighbourhoods).
//
// Start here: View::Build (from a Store) or View::FromSources (from
// SourceData, for tests and tools without a store), then Resolve to turn what
// a person typed into vertices, then the Arc iteration (ForEachArc) or the
// algorithms below.
//
// Layout: vertices are entities (index into entities()); every fact is one
// directed edge subject -> object whose property is the fact's index into
// facts(). The graph is an ImageGraph (image_graph.h): a CSR with out- and
// in-edges in the graph image's layout, walked through Boost.Graph's
// concepts. From an image it is the image's own mapped arcs (one adjacency
// structure, nothing built); otherwise the same arrays are built in memory
// (BuildArcs), in the order of the boost::compressed_sparse_row_graph it
// replaces, so answers and their ties did not move.
//
// Two sources: when the store's graph image (graph/store/IMAGE.md) is
// current, Build takes the vertices, the fact skeletons, the graph's arcs and
// the name index from the mapped image and reads a full entity or fact record
// only when a query asks for it (view_records.h); otherwise it reads every
// record. The answers are the same: the image numbers vertices and facts as
// Index does (id order, undeclared endpoints included).
//
// A View is immutable once built; it is a snapshot of the store at
// generation(). Rebuild it when Store::Generation() moves on.
// Thread-safety: const methods are safe from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store/store.h"
#include "graph/view/image_graph.h"

namespace lg::graph {

class ViewRecords;  // view_records.h: the records of an image-built view

class View {
 public:
  using Vertex = uint32_t;
  // Edges are ImageEdge {source, target, fact}; walk with out_edges(v, g) and
  // in_edges(v, g) (argument-dependent lookup) or g.OutArcs(v), g.InArcs(v).
  using Graph = ImageGraph;

  // One step along an edge, in either direction. forward: `from` is the fact's
  // subject and `to` its object; otherwise the edge is walked backwards.
  struct Step {
    Vertex from = 0;
    Vertex to = 0;
    uint32_t fact = 0;
    bool forward = true;
  };
  using Path = std::vector<Step>;

  View();

  // A view of `store` as of its generation. When the store's graph image is
  // current (Store::Image()), the vertices, the facts' skeletons (id,
  // predicate, endpoints), the adjacency and the name index come from the
  // image, and the full entity and fact records are read from the store only
  // when asked for (entity(), fact(), entities(), facts()): a one-shot query
  // reads what it prints, not every record. Otherwise it reads every entity
  // and fact record. Sources and references are read in both cases. Errors
  // are the store's (IOError, Corruption).
  static Result<View> Build(const Store& store);

  // Merges `sources` as the store would: entities by id (aliases united,
  // attributes and list attributes first non-empty in source-id
  // order, empty ones dropped), facts by id (evidence
  // concatenated, sorted by (source, begin, rule)); a fact with an empty id
  // gets ComputeFactId. generation() is 0.
  static View FromSources(std::vector<SourceData> sources);

  uint64_t generation() const { return generation_; }
  const Graph& graph() const { return graph_; }
  size_t num_vertices() const;
  size_t num_facts() const;

  // A vertex's and a fact's skeleton: never reads the store, so traversals
  // that only test kinds and predicates stay in memory (or in the image).
  std::string_view id(Vertex v) const;
  EntityKind kind(Vertex v) const;
  std::string_view label(Vertex v) const;  // as entity(v).label
  std::string fact_id(uint32_t index) const;
  std::string_view predicate(uint32_t index) const;
  Vertex subject(uint32_t index) const;
  Vertex object(uint32_t index) const;

  // A fact's counts, computed when the store wrote its graph image (IMAGE.md
  // "Fact counts"): its evidence items, the distinct studies they cite (as
  // the query layer counts them) and the distinct sources with evidence.
  // nullopt when the view was not built from an image: count the evidence.
  struct FactCounts {
    uint32_t evidence = 0;
    uint32_t references = 0;
    uint32_t sources = 0;
  };
  std::optional<FactCounts> counts(uint32_t index) const;

  // The full record of a vertex (aliases, attributes, mentions). From an
  // image, read from the store on first use and kept (a vertex no source
  // declared, or a failed read, gives the skeleton).
  const Entity& entity(Vertex v) const;
  // Every vertex's record, in vertex order: from an image, one scan of the
  // store on first use.
  const std::vector<Entity>& entities() const;
  // A fact without its evidence when the view was built from a store (Build
  // reads no sentences); with its evidence when built by FromSources. From an
  // image, read from the store on first use and kept.
  const Fact& fact(uint32_t index) const;
  // Every fact, in fact order: from an image, one scan on first use.
  const std::vector<Fact>& facts() const;
  // The evidence of fact `index`, sorted by (source, begin, rule): read from
  // the store (Store::GetFact) for a view that Build made, so the store must
  // outlive the view; from memory for FromSources. Errors are the store's.
  // A read-only store keeps every table file open (max_open_files -1) and
  // sees the store as of its open, so this is the snapshot the view was built
  // from; through a writable store it is the latest write, and a fact removed
  // since the build is NotFound until the view is rebuilt (Engine::Refresh).
  Result<std::vector<Evidence>> FactEvidence(uint32_t index) const;
  const std::vector<Source>& sources() const { return sources_; }

  // The vertex of canonical id `id` (exact), if any.
  std::optional<Vertex> Find(std::string_view id) const;

  // What `surface` names, best tier first: the exact canonical id; else
  // entities whose id or label normalise (NormalizeAlias) like `surface`;
  // else entities with a matching alias. Sorted by id within the tier; empty
  // when nothing matches; more than one means the name is ambiguous.
  std::vector<Vertex> Resolve(std::string_view surface) const;

  // Up to `max` labels or aliases close to `surface` by edit distance on the
  // normalised forms (one per entity, nearest first, then alphabetical).
  std::vector<std::string> Suggest(std::string_view surface, size_t max = 5) const;

  // A source's references in numeric order (empty when unknown), and one
  // reference (nullptr when the source has no reference `n`). For a view that
  // Build made, a source's list is read from the store on first use (once,
  // safely from several threads; empty if the read fails): an answer reads
  // the lists of the sources it cites, not all of them.
  const std::vector<Reference>& References(std::string_view source) const;
  const Reference* FindReference(std::string_view source, std::string_view n) const;

  // Calls fn(step) for every edge at `v`: out-edges (forward) then in-edges.
  void ForEachArc(Vertex v, const std::function<void(const Step&)>& fn) const;

  // All shortest paths from `a` to `b` over the undirected view (edges walked
  // in either direction; parallel facts give distinct paths), at most `cap`
  // of them. One empty path when a == b; none when b is unreachable.
  std::vector<Path> ShortestPaths(Vertex a, Vertex b, size_t cap = 20) const;

  // Vertices within `depth` undirected steps of `v` (excluding `v`), each with
  // its distance and the first step that reached it, in BFS order. When
  // `predicate` is non-empty only edges with that predicate are walked.
  // 16 bytes (a BFS of 10^4 vertices writes one per vertex): the step that
  // reached it is kept as its parts.
  struct Reached {
    Vertex vertex = 0;
    int distance = 0;
    Vertex from = 0;    // the vertex it was reached from
    uint32_t bits = 0;  // fact << 1 | forward
    Step via() const { return Step{from, vertex, bits >> 1, (bits & 1) != 0}; }
  };
  std::vector<Reached> Neighborhood(Vertex v, int depth,
                                    std::string_view predicate = {}) const;

  // A value a layer above derives from the view and keeps with it (the query
  // layer's outcomes by drug: an index over attributes the graph does not
  // interpret). `build(view)` runs on the first call for type T, once per view:
  // concurrent callers wait for it and then share the value, as do copies of
  // the view, which is immutable. `build` may ask for another type, not for T.
  // A moved-from view answers as an empty one.
  template <typename T, typename Build>
  const T& Derived(Build&& build) const {
    if (!lazy_) {
      static const T kEmpty = build(View());
      return kEmpty;
    }
    DerivedSlot& slot = SlotOf(typeid(T));
    std::call_once(slot.once,
                   [&] { slot.value = std::make_shared<const T>(build(*this)); });
    return *static_cast<const T*>(slot.value.get());
  }

 private:
  // Numbers the vertices, builds the id index and the graph; IndexNames
  // (on a second thread) the label and alias indexes.
  void Index();
  void IndexNames();

  // Fills the view from a current graph image (Build).
  Status ReadRecords(const Store& store);
  void UseImage(std::shared_ptr<const GraphImage> image);
  void BuildGraph(const std::vector<std::pair<uint32_t, uint32_t>>& edges,
                  uint32_t vertices);

  uint64_t generation_ = 0;
  const Store* store_ = nullptr;  // where FactEvidence reads; null: in memory
  // Set when the view was built from the store's graph image: then
  // entities_, facts_, ends_ and the name indexes stay empty, and records_
  // holds the records read so far (shared by copies of the view).
  std::shared_ptr<const GraphImage> image_;
  std::shared_ptr<ViewRecords> records_;
  // (subject, object) of each fact, for a view built in memory.
  std::vector<std::pair<Vertex, Vertex>> ends_;
  // The arcs graph_ walks for a view built in memory (shared by copies);
  // null when graph_ walks the image's.
  std::shared_ptr<const ArcArrays> arcs_;
  std::vector<Entity> entities_;
  std::vector<Fact> facts_;
  std::vector<Source> sources_;
  // Per source, its reference list, read once (References); shared by copies.
  struct ReferenceList {
    std::once_flag once;
    std::vector<Reference> refs;  // sorted by RefLess (numeric n)
  };
  std::map<std::string, std::shared_ptr<ReferenceList>, std::less<>> references_;
  Graph graph_;
  std::unordered_map<std::string, Vertex> by_id_;
  // normalised id/label -> vertices, normalised alias -> vertices.
  std::unordered_map<std::string, std::vector<Vertex>> by_label_;
  std::unordered_map<std::string, std::vector<Vertex>> by_alias_;
  // Indexes built on first use (the undirected adjacency of ShortestPaths and
  // Neighborhood; the Derived values); shared by copies of the view, which is
  // immutable.
  struct Lazy;
  std::shared_ptr<Lazy> lazy_;
  const Lazy& UndirectedArcs() const;  // builds lazy_'s adjacency once
  struct DerivedSlot {
    std::once_flag once;
    std::shared_ptr<const void> value;  // a T, set once under `once`
  };
  DerivedSlot& SlotOf(const std::type_info& type) const;  // made on first use
};

// Levenshtein distance over bytes.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace lg::graph
