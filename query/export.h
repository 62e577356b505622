// Export: the whole store as JSON Lines, the public contract other apps and
// the acceptance test read. Shapes: query/JSON.md ("Export").
//
// Streaming: entities and facts are written as the store yields them, so
// memory stays flat as the graph grows (only each source's reference list is
// held, to resolve citations).
// Deterministic: the same store content gives byte-identical output.
// Thread-safety: reads a Store; safe alongside other readers.
#pragma once

#include <ostream>

#include "graph/status.h"
#include "graph/store/store.h"

namespace lg::query {

// The "format" of entity node lines (query/JSON.md): 2 since they carry
// `sources` with mentions.
inline constexpr int kExportEntityFormat = 2;

// Writes sources, entities and references as "node" lines, then facts as
// "edge" lines, each line one JSON object. Errors: those of the store;
// IOError "query: export: write failed" when `out` goes bad.
Status ExportJsonl(const graph::Store& store, std::ostream& out);

}  // namespace lg::query
