// Test-only hooks into the store's on-disk state. Production code never
// includes this header.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/status.h"

namespace lg::graph {

// Overwrites the meta/schema_version record of the closed store in `dir`
// with `version`, so tests can exercise the version check of Store::Open.
Status SetSchemaVersionForTesting(const std::string& dir, int version);

// Raw access to the keys of the closed store in `dir` (FORMAT.md), so tests
// can corrupt a store on purpose and watch Store::Check report it. Keys and
// values are the stored bytes (components separated by '\0'). The writes
// (and SetSchemaVersionForTesting) delete the graph image, which the damage
// would leave disagreeing with the store.
Status PutRawKeyForTesting(const std::string& dir, std::string_view key,
                           std::string_view value);
Status DeleteRawKeyForTesting(const std::string& dir, std::string_view key);
// Every (key, value) whose key starts with `prefix`, in key order.
Result<std::vector<std::pair<std::string, std::string>>> ScanRawKeysForTesting(
    const std::string& dir, std::string_view prefix);

}  // namespace lg::graph
