// The graph image's records as they lie in the file (graph/store/IMAGE.md).
// Internal to graph/store. Stored: DO NOT CHANGE a field without bumping
// kVersion (and IMAGE.md).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lg::graph::image_format {

inline constexpr char kMagic[8] = {'L', 'G', 'I', 'M', 'A', 'G', 'E', '\0'};
inline constexpr uint32_t kVersion = 1;
inline constexpr int kSections = 9;

// Section numbers, in file order.
inline constexpr struct {
  int strings = 0;     // char: the string pool
  int predicates = 1;  // StrRef per predicate code, sorted by string
  int vertices = 2;    // VertexRec, by canonical id
  int facts = 3;       // FactRec, by fact id
  int out_begin = 4;   // uint32 per vertex, plus one: out_arcs index
  int out_arcs = 5;    // ImageArc per fact, by subject, then fact number
  int in_begin = 6;    // uint32 per vertex, plus one: in_arcs index
  int in_arcs = 7;     // ImageArc per fact, by object, then fact number
  int aliases = 8;     // AliasRec, by (norm, tier, vertex)
} kSection;

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
  StrRef id;
  uint32_t subject = 0;
  uint32_t object = 0;
  uint32_t predicate = 0;  // code: index into the predicates section
  uint32_t evidence = 0;
  uint32_t references = 0;
  uint32_t sources = 0;
};

struct AliasRec {
  StrRef norm;  // NormalizeAlias form
  uint32_t vertex = 0;
  uint32_t tier = 0;  // 0: id, id key or label; 1: an alias
};

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
  struct Section {
    uint64_t offset = 0;  // from the start of the file, a multiple of 8
    uint64_t bytes = 0;
  } sections[kSections];
};

static_assert(sizeof(StrRef) == 8 && sizeof(VertexRec) == 20 && sizeof(FactRec) == 32 &&
              sizeof(AliasRec) == 16 && sizeof(Header) == 240);
static_assert(offsetof(Header, version) == 16);

inline constexpr size_t kChecksummedFrom = offsetof(Header, version);

// The image checksum: 64 bits over `size` bytes; every single changed byte
// changes it (image.cc).
uint64_t Checksum(const char* data, size_t size);

}  // namespace lg::graph::image_format
