// The graph image's records as they lie in the file (graph/store/IMAGE.md).
// Internal to graph/store. Stored: DO NOT CHANGE a field without bumping
// kVersion (and IMAGE.md).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lg::graph::image_format {

inline constexpr char kMagic[8] = {'L', 'G', 'I', 'M', 'A', 'G', 'E', '\0'};
inline constexpr uint32_t kVersion = 2;
inline constexpr int kSections = 11;

// Section numbers, in file order.
inline constexpr struct {
  int strings = 0;     // char: the string pool
  int predicates = 1;  // StrRef per predicate code, sorted by string
  int vertices = 2;    // VertexRec, by canonical id
  int facts = 3;       // FactRec, by fact id
  int fact_ids = 4;    // 8 bytes per fact: a hex id's value or a StrRef (kHexFactIds)
  int out_begin = 5;   // uint32 per vertex, plus one: out_arcs index
  int out_arcs = 6;    // ImageArc per fact, by subject, then fact number
  int in_begin = 7;    // uint32 per vertex, plus one: in_arcs index
  int in_arcs = 8;     // ImageArc per fact, by object, subject, then fact number
  int aliases = 9;     // AliasRec, by (norm, tier, vertex)
  int counts = 10;     // CountsRec, by fact: the counts FactRec cannot hold
} kSection;

// Header flags.
// Every fact id is "f" and 16 lower-case hex digits (ComputeFactId): the
// fact_ids section holds their values as u64 (same order as the ids);
// otherwise a StrRef per fact into the string pool.
inline constexpr uint32_t kHexFactIds = 1;
// The length of such an id, and its hex digits.
inline constexpr size_t kHexFactIdLength = 17;

struct StrRef {
  uint32_t offset = 0;  // into the string pool
  uint32_t length = 0;
};

struct VertexRec {
  StrRef id;
  StrRef label;
  uint32_t kind = 0;  // EntityKind number
};

struct FactRec {
  uint32_t subject = 0;
  uint32_t object = 0;
  uint16_t predicate = 0;  // code: index into the predicates section
  // Counts below kCountsElsewhere; when one is not, all three are
  // kCountsElsewhere and the fact's CountsRec holds them.
  uint16_t evidence = 0;
  uint16_t references = 0;
  uint16_t sources = 0;
};
inline constexpr uint16_t kCountsElsewhere = 0xffff;

struct CountsRec {
  uint32_t fact = 0;
  uint32_t evidence = 0;
  uint32_t references = 0;
  uint32_t sources = 0;
};

struct AliasRec {
  StrRef norm;  // NormalizeAlias form
  // vertex | tier << 31; tier 0: id, id key or label; 1: an alias.
  uint32_t vertex_tier = 0;
};
inline constexpr uint32_t kAliasTierBit = 1u << 31;

struct Header {
  char magic[8] = {};
  uint64_t checksum = 0;  // Checksum of bytes [kChecksummedFrom, file_size)
  uint32_t version = 0;
  uint32_t schema = 0;  // the store's kSchemaVersion
  uint64_t generation = 0;
  uint64_t file_size = 0;
  uint64_t totals[5] = {};  // sources, entities, facts, evidence, references
  uint32_t vertices = 0;
  uint32_t facts = 0;
  uint32_t predicates = 0;
  uint32_t aliases = 0;
  uint32_t flags = 0;   // kHexFactIds
  uint32_t counts = 0;  // CountsRec rows
  struct Section {
    uint64_t offset = 0;  // from the start of the file, a multiple of 8
    uint64_t bytes = 0;
  } sections[kSections];
};

static_assert(sizeof(StrRef) == 8 && sizeof(VertexRec) == 20 && sizeof(FactRec) == 16 &&
              sizeof(CountsRec) == 16 && sizeof(AliasRec) == 12 && sizeof(Header) == 280);
static_assert(offsetof(Header, version) == 16);

inline constexpr size_t kChecksummedFrom = offsetof(Header, version);

// The image checksum: 64 bits over `size` bytes; every single changed byte
// changes it (image.cc).
uint64_t Checksum(const char* data, size_t size);

}  // namespace lg::graph::image_format
