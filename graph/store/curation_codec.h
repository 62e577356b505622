// The curation overlay's encodings (graph/store/CURATION.md): the CurationOp
// record stored under c/, m/, u/ and l/, and the audit log's sequence numbers
// in l/<seq> and m/<fact>\0<seq> keys. The record's building blocks (varints,
// strings, lists, maps) are those of coding.h.
// Internal to graph/store; nothing else includes this header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/curation.h"
#include "graph/status.h"

namespace lg::graph::coding {

// Log sequence numbers: 16 lower-case hex digits, so keys sort in write order.
std::string LogSeqKey(uint64_t seq);
// The number of a LogSeqKey; Corruption naming `key` (printed with '\0' as
// '|') for anything but 16 lower-case hex digits.
Result<uint64_t> ParseLogSeq(std::string_view hex, std::string_view key);

// CurationOp record: action (varint32), curator, time, reason, fact_id,
// subject, predicate, object (strings), attributes (map), source, quote
// (strings), refs (list), alias, entity (strings).
std::string EncodeCurationOp(const CurationOp& op);
// Corruption for an unknown action or malformed bytes; `what` names the key.
Status DecodeCurationOp(std::string_view bytes, std::string_view what, CurationOp* op);

}  // namespace lg::graph::coding
