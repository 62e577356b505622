// The binary value encodings of the store (graph/store/FORMAT.md): varints,
// length-prefixed strings, string lists and maps, and the records built from
// them (source, per-source entity, fact, evidence, reference, totals).
//
// Encoders append to a std::string. Decoders read from a Decoder over the
// stored bytes and return Corruption on truncated or invalid input; they never
// crash and never read past the end.
// Internal to graph/store (and its tests); nothing else includes this header.
// Thread-safety: free functions over caller-owned values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"

namespace lg::graph::coding {

// Little-endian base-128 varints, as in leveldb: 1..5 bytes for 32 bits,
// 1..10 bytes for 64 bits.
void PutVarint32(std::string* out, uint32_t value);
void PutVarint64(std::string* out, uint64_t value);
// varint32 length, then the bytes.
void PutString(std::string* out, std::string_view value);
// varint32 count, then each string.
void PutStringList(std::string* out, const std::vector<std::string>& values);
// varint32 count, then key and value strings in key order.
void PutStringMap(std::string* out, const std::map<std::string, std::string>& values);
// varint32 count, then each key string and its string list, in key order.
void PutListMap(std::string* out, const ListAttributes& values);

// Reads one value after another from `input` (not owned; must outlive the
// Decoder). `what` names the record in error messages:
//   "graph/store: fact record f12ab: truncated string at offset 7".
class Decoder {
 public:
  Decoder(std::string_view input, std::string_view what) : input_(input), what_(what) {}

  Status GetVarint32(uint32_t* value);
  Status GetVarint64(uint64_t* value);
  Status GetString(std::string* value);
  Status GetStringList(std::vector<std::string>* values);
  // Corruption also for keys out of order or repeated.
  Status GetStringMap(std::map<std::string, std::string>* values);
  // Corruption also for keys out of order or repeated.
  Status GetListMap(ListAttributes* values);
  // Corruption when bytes are left over.
  Status ExpectEnd() const;

  size_t offset() const { return offset_; }

 private:
  Status Error(std::string_view why) const;

  std::string_view input_;
  std::string_view what_;
  size_t offset_ = 0;
};

// Record encodings. Fields that the key already holds (ids, source) are not
// repeated in the value; decoders leave them untouched. `what` names the
// record (and key) in Corruption messages.

// Source: everything but id.
std::string EncodeSource(const Source& source);
Status DecodeSource(std::string_view bytes, std::string_view what, Source* source);

// What one source says about one entity: kind, label, aliases, attributes,
// list attributes, then its mentions in that source (the first of `sources`, zeros when
// empty). The decoder sets `sources` to that one element, source left empty.
std::string EncodeEntityRecord(const Entity& entity);
Status DecodeEntityRecord(std::string_view bytes, std::string_view what, Entity* entity);

// Fact identity: subject, predicate, object, attributes, list attributes (no
// id, no evidence).
std::string EncodeFactRecord(const Fact& fact);
Status DecodeFactRecord(std::string_view bytes, std::string_view what, Fact* fact);

// Evidence: everything but source.
std::string EncodeEvidence(const Evidence& evidence);
Status DecodeEvidence(std::string_view bytes, std::string_view what, Evidence* evidence);

// Reference: everything but source.
std::string EncodeReference(const Reference& reference);
Status DecodeReference(std::string_view bytes, std::string_view what,
                       Reference* reference);

// The stored counters (meta/totals).
struct TotalsRecord {
  uint64_t sources = 0;
  uint64_t entities = 0;
  uint64_t facts = 0;
  uint64_t evidence = 0;
  uint64_t references = 0;
};
std::string EncodeTotals(const TotalsRecord& totals);
Status DecodeTotals(std::string_view bytes, std::string_view what, TotalsRecord* totals);

// A single varint64 value (meta/generation, per-source fact support).
std::string EncodeUint64(uint64_t value);
Status DecodeUint64(std::string_view bytes, std::string_view what, uint64_t* value);

}  // namespace lg::graph::coding
