// The writer lock: RocksDB's LOCK file lets one writer process open a store at
// a time. The writer also records its pid in DIR/litgraph.pid, so a second
// writer's message can name the process that holds the store. Readers never
// take the lock and never touch the pid file.
// Internal to graph/store; nothing else includes this header.
#pragma once

#include <rocksdb/status.h>

#include <string>
#include <string_view>

#include "graph/status.h"

namespace lg::graph::store_internal {

// Where the writer records its pid, beside RocksDB's own files.
inline constexpr std::string_view kPidFile = "litgraph.pid";

// Writes this process's pid to DIR/litgraph.pid (replacing a dead writer's).
// IOError "graph/store: cannot write DIR/litgraph.pid".
Status RecordLockOwner(const std::string& dir);

// Removes DIR/litgraph.pid; call before the lock is released, so a next
// writer's pid file survives. A file already gone is not an error.
void ForgetLockOwner(const std::string& dir);

// True when a writer's failed RocksDB open means that another process holds
// the lock (and not, say, a read-only file system).
bool HeldByAnotherWriter(const rocksdb::Status& open_status);

// FailedPrecondition "graph/store: DIR is locked by another litgraph process
// (pid N)", N read from DIR/litgraph.pid ("unknown" when unreadable).
Status LockedByAnotherWriter(const std::string& dir);

}  // namespace lg::graph::store_internal
