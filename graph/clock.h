// The wall clock as the store records it: ISO 8601 UTC to the second.
// Thread-safety: safe from any thread.
#pragma once

#include <string>

namespace lg::graph {

// Now, as "2026-11-21T10:00:00Z".
std::string NowUtcIso();

}  // namespace lg::graph
