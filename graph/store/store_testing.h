// Test-only hooks into the store's on-disk state. Production code never
// includes this header.
#pragma once

#include <string>

#include "graph/status.h"

namespace lg::graph {

// Overwrites the meta/schema_version record of the closed store in `dir`
// with `version`, so tests can exercise the version check of Store::Open.
Status SetSchemaVersionForTesting(const std::string& dir, int version);

}  // namespace lg::graph
