// GroupCommit (store.h): the sync policy of a bulk ingest.
#include "graph/store/store.h"

namespace lg::graph {

Result<IngestDiff> GroupCommit::Put(const SourceData& data) {
  PutOptions put;
  put.sync = unsynced_ + 1 >= sync_every_;
  auto diff = store_.PutSource(data, put);
  if (!diff.ok()) return diff;
  // An unchanged source writes nothing, so its sync flag synced nothing.
  if (!diff->source_unchanged) unsynced_ = put.sync ? 0 : unsynced_ + 1;
  return diff;
}

Status GroupCommit::Finish() {
  if (unsynced_ == 0) return Status::Ok();
  Status synced = store_.Sync();
  if (synced.ok()) unsynced_ = 0;
  return synced;
}

}  // namespace lg::graph
