// GraphImage: the graph image, a compact copy of the store's machine graph
// (vertices, facts with their precomputed counts, CSR out- and in-adjacency,
// the normalised alias index) in one file beside the store, `graph.image`,
// mapped read-only at open. Layout: graph/store/IMAGE.md.
//
// Start here: Store::Image() gives the image of an open store when it reflects
// the store's generation; GraphImage::Open maps a file (tests, check).
//
// An image names the store generation (and totals) it was built from; the
// writer rebuilds it after its writes (IMAGE.md "When it is written"), so a
// reader compares the two and treats an image of another generation as stale.
// The image holds no evidence text: read a fact's evidence from the store by
// its id (Store::GetFact).
//
// Thread-safety: immutable once opened; every const method is safe from
// several threads. The mapping lives as long as the object.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"

namespace lg::graph {

// The image's file name inside the store directory.
inline constexpr std::string_view kImageFileName = "graph.image";

// The store totals an image was built from (Store::Totals' fields), compared
// at open with the store's own to tell a stale image.
struct ImageTotals {
  uint64_t sources = 0;
  uint64_t entities = 0;
  uint64_t facts = 0;
  uint64_t evidence = 0;
  uint64_t references = 0;
  bool operator==(const ImageTotals&) const = default;
};

struct ImageVertex {
  EntityKind kind = EntityKind::kGene;
  std::string_view id;     // canonical id
  std::string_view label;  // the first source's label; the id's key when none
};

struct ImageFact {
  uint32_t subject = 0;     // vertex
  uint32_t object = 0;      // vertex
  uint32_t predicate = 0;   // predicate code (GraphImage::predicate)
  uint32_t evidence = 0;    // evidence items, all sources
  uint32_t references = 0;  // distinct studies cited by its evidence (IMAGE.md)
  uint32_t sources = 0;     // distinct sources with evidence
};

// One arc of the CSR, as stored (IMAGE.md): for an out-arc `other` is the
// fact's object, for an in-arc its subject.
struct ImageArc {
  uint32_t other = 0;
  uint32_t fact = 0;
};
static_assert(sizeof(ImageArc) == 8);

// The CSR of a graph in the image's layout: the out-arcs of v are
// out_arcs[out_begin[v], out_begin[v+1]) in fact order, its in-arcs
// in_arcs[in_begin[v], in_begin[v+1]) in (subject, fact) order: the order of
// Boost's bidirectional compressed_sparse_row_graph built from the facts in
// fact order. The image stores this; a View built
// in memory makes the same (BuildArcs).
struct ArcArrays {
  std::vector<uint32_t> out_begin, in_begin;
  std::vector<ImageArc> out_arcs, in_arcs;
};
// The arcs of facts 0..n-1 with endpoints ends[f] = (subject, object), all
// below `vertices`.
ArcArrays BuildArcs(std::span<const std::pair<uint32_t, uint32_t>> ends,
                    uint32_t vertices);

namespace image_format {
struct Header;
struct StrRef;
struct VertexRec;
struct FactRec;
struct CountsRec;
struct AliasRec;
}  // namespace image_format

class GraphImage {
 public:
  // How much Open verifies.
  enum class Verify {
    // The header, format version, file size and section table against the
    // counts: O(1), for a reader. The accessors below then bounds-check what
    // they read, so a corrupt record gives an empty or default answer,
    // never a read outside the mapping.
    kHeader,
    // kHeader and the checksum of every byte (writers, `check`).
    kEveryByte,
  };
  // Maps `path` read-only and verifies it (`verify`).
  // Errors: NotFound when the file is missing; Corruption naming the file
  // and what is wrong ("bad magic", "checksum mismatch: stored X, computed
  // Y", "section 3 does not fit its counts", ...); IOError when it cannot be
  // read or mapped.
  static Result<std::shared_ptr<const GraphImage>> Open(
      const std::string& path, Verify verify = Verify::kEveryByte);
  ~GraphImage();
  GraphImage(const GraphImage&) = delete;
  GraphImage& operator=(const GraphImage&) = delete;

  const std::string& path() const { return path_; }
  uint64_t generation() const;
  ImageTotals totals() const;
  size_t size_bytes() const { return size_; }

  uint32_t num_vertices() const;
  uint32_t num_facts() const;
  uint32_t num_predicates() const;
  size_t num_aliases() const;

  // Out of range (a corrupt file): vertex() gives an empty id and label,
  // fact() zeros (endpoints vertex 0), predicate() "", fact_id() "",
  // OutArcs/InArcs an empty span, and an arc list or alias naming a vertex
  // or fact out of range is left out. Nothing reads outside the mapping.
  ImageVertex vertex(uint32_t v) const;
  // The vertex of canonical id `id` (binary search; vertices are in id order).
  std::optional<uint32_t> FindVertex(std::string_view id) const;
  ImageFact fact(uint32_t f) const;
  // The fact's id (a hex id is kept as 8 bytes: made on each call).
  std::string fact_id(uint32_t f) const;
  std::string_view predicate(uint32_t code) const;
  std::optional<uint32_t> PredicateCode(std::string_view predicate) const;
  // The arcs of `v`: out-arcs in fact order, in-arcs in (subject, fact)
  // order (ArcArrays).
  std::span<const ImageArc> OutArcs(uint32_t v) const;
  std::span<const ImageArc> InArcs(uint32_t v) const;

  // What `surface` names, as View::Resolve: the exact canonical id; else the
  // vertices whose id, id key or label normalise (NormalizeAlias) like it;
  // else those with such an alias. Ascending; empty when nothing matches.
  std::vector<uint32_t> Resolve(std::string_view surface) const;

  // One line for messages: "generation N: V vertices, F facts, B bytes".
  std::string Summary() const;

 private:
  GraphImage() = default;
  Status Map(int fd);
  Status Check(Verify verify);
  std::span<const ImageArc> Arcs(const uint32_t* begin, const ImageArc* arcs,
                                 uint32_t v) const;
  std::string_view String(const image_format::StrRef& ref) const;

  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  // Into the mapping (the records: image_format.h).
  const image_format::Header* header_ = nullptr;
  const char* pool_ = nullptr;
  size_t pool_size_ = 0;
  const image_format::StrRef* predicates_ = nullptr;
  const image_format::VertexRec* vertices_ = nullptr;
  const image_format::FactRec* facts_ = nullptr;
  const char* fact_ids_ = nullptr;  // 8 bytes a fact (image_format::kHexFactIds)
  bool hex_fact_ids_ = false;
  const uint32_t* out_begin_ = nullptr;
  const ImageArc* out_arcs_ = nullptr;
  const uint32_t* in_begin_ = nullptr;
  const ImageArc* in_arcs_ = nullptr;
  const image_format::AliasRec* aliases_ = nullptr;
  const image_format::CountsRec* counts_ = nullptr;
};

// The bytes of an image: what the writer writes and `check` compares.
// Internal to graph/store (image_build.cc); declared here for the tests of
// the format.
struct ImageContent {
  uint64_t generation = 0;
  ImageTotals totals;
  std::vector<Entity> entities;  // id, kind, label, aliases used; any order
  struct FactRow {
    std::string id, subject, predicate, object;
    uint32_t evidence = 0, references = 0, sources = 0;
  };
  std::vector<FactRow> facts;  // any order
};
// Lays out `content` as an image file (IMAGE.md). Entities that facts name
// without a record get a vertex as View does (kind and label from the id).
// InvalidArgument when a count or the string pool exceeds 32 bits.
Result<std::string> EncodeImage(ImageContent content);

}  // namespace lg::graph
