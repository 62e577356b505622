// Catalog: the store as the server's request threads see it. An immutable
// Snapshot (the read-only store, its curated view and a query engine over
// it) is shared by the threads; when the store's files change on disk, a new
// Snapshot is opened and swapped in if the store's generation moved on.
//
// Start here: Load() once, then Get() per request; Invalidate() after a
// write of the server's own.
// Thread-safety: every method is safe from any thread; a Snapshot is
// immutable and lives as long as a request holds it.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "graph/mutex.h"
#include "graph/status.h"
#include "graph/store/store.h"
#include "query/engine.h"

namespace lg::serve {

// How often Get() looks at the store's files.
constexpr auto kRecheckInterval = std::chrono::milliseconds(200);

struct Snapshot {
  std::unique_ptr<graph::Store> store;
  std::unique_ptr<query::Engine> engine;
  const graph::View& view() const { return engine->view(); }
};

class Catalog {
 public:
  explicit Catalog(std::string dir) : dir_(std::move(dir)) {}

  // Opens the store at dir() read-only. Errors are the store's (a missing
  // store is NotFound; a store of another format, Corruption).
  Status Load() LG_EXCLUDES(mu_);

  // The current snapshot (null before a successful Load). At most every
  // kRecheckInterval, checks the store's files and reloads when they
  // changed; a failed reload keeps the current snapshot.
  std::shared_ptr<const Snapshot> Get() LG_EXCLUDES(mu_);

  // After a write of the server's own: reload now (a failure keeps the
  // current snapshot, as in Get).
  void Invalidate() LG_EXCLUDES(mu_);

  const std::string& dir() const { return dir_; }

 private:
  // Names, sizes and modification times of the store's files.
  std::string Signature() const;
  Status ReloadLocked(bool force) LG_REQUIRES(mu_);

  const std::string dir_;
  graph::Mutex mu_;
  std::shared_ptr<const Snapshot> current_ LG_GUARDED_BY(mu_);
  std::string signature_ LG_GUARDED_BY(mu_);
  std::chrono::steady_clock::time_point last_check_ LG_GUARDED_BY(mu_){};
};

}  // namespace lg::serve
