// The curation overlay's reads and writes (graph/store/CURATION.md): curator
// decisions, curator facts and aliases under their own key prefixes, each
// write also logged in the audit log. The records' encodings are in
// curation_codec.cc. Machine keys are never touched.
#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/store/coding.h"
#include "graph/store/curation_codec.h"
#include "graph/store/store_internal.h"

namespace lg::graph::store_internal {

Result<uint64_t> RocksStore::NextLogSeq(const rocksdb::ReadOptions& ro) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  const std::string past_log = "l0";  // '0' follows '/', so this sorts after every l/ key
  it->SeekForPrev(past_log);
  uint64_t seq = 1;
  if (it->Valid() && ToView(it->key()).substr(0, kLogPrefix.size()) == kLogPrefix) {
    std::string_view key = ToView(it->key());
    LG_ASSIGN_OR_RETURN(uint64_t last,
                        coding::ParseLogSeq(key.substr(kLogPrefix.size()), key));
    seq = last + 1;
  }
  LG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the audit log"));
  return seq;
}

Status RocksStore::ApplyCuration(const CurationBatch& batch) {
  LG_RETURN_IF_ERROR(CheckWritable());
  const rocksdb::ReadOptions ro;
  LG_ASSIGN_OR_RETURN(uint64_t seq, NextLogSeq(ro));
  LG_ASSIGN_OR_RETURN(uint64_t generation, ReadGeneration(ro));
  rocksdb::WriteBatch wb;
  for (const CurationOp& op : batch.ops) {
    LG_RETURN_IF_ERROR(PutCurationOp(op, seq, &wb));
    ++seq;
  }
  LG_RETURN_IF_ERROR(
      BatchPut(&wb, std::string(kGenerationKey), coding::EncodeUint64(generation + 1)));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  LG_RETURN_IF_ERROR(Written(db_->Write(wo, &wb), "writing curation decisions"));
  MarkImageStale();
  return Status::Ok();
}

// One op's current-state record (c/, m/ or u/; an unalias deletes its u/
// key) and its audit log entry l/<seq>.
Status RocksStore::PutCurationOp(const CurationOp& op, uint64_t seq,
                                 rocksdb::WriteBatch* wb) const {
  auto put = [&](const std::string& key, const std::string& value) {
    return BatchPut(wb, key, value);
  };
  std::string value = coding::EncodeCurationOp(op);
  std::string action(CurationActionName(op.action));
  switch (op.action) {
    case CurationAction::kReject:
    case CurationAction::kAccept:
    case CurationAction::kAdd:
      if (op.fact_id.empty() || HasSep(op.fact_id)) {
        return Status::InvalidArgument("graph/store: curation " + action + ": fact id '" +
                                       Printable(op.fact_id) +
                                       "' is empty or contains a NUL byte");
      }
      if (op.action == CurationAction::kAdd) {
        LG_RETURN_IF_ERROR(put(
            MakeKey(kCuratorFactPrefix, {op.fact_id, coding::LogSeqKey(seq)}), value));
      } else {
        LG_RETURN_IF_ERROR(put(MakeKey(kDecisionPrefix, {op.fact_id}), value));
      }
      break;
    case CurationAction::kAlias:
    case CurationAction::kUnalias: {
      std::string norm = NormalizeAlias(op.alias);
      if (norm.empty() || HasSep(norm)) {
        return Status::InvalidArgument("graph/store: curation " + action + ": alias '" +
                                       Printable(op.alias) +
                                       "' is empty or contains a NUL byte");
      }
      std::string key = MakeKey(kCuratorAliasPrefix, {norm});
      if (op.action == CurationAction::kAlias) {
        LG_RETURN_IF_ERROR(put(key, value));
      } else {
        LG_RETURN_IF_ERROR(BatchDelete(wb, key));
      }
      break;
    }
  }
  return put(MakeKey(kLogPrefix, {coding::LogSeqKey(seq)}), value);
}

Result<CurationOverlay> RocksStore::LoadCuration() const {
  Snapshot snap(db_);
  CurationOverlay overlay;
  LG_RETURN_IF_ERROR(Scan(
      snap.options, kDecisionPrefix, [&](std::string_view fact, std::string_view value) {
        CurationOp op;
        LG_RETURN_IF_ERROR(coding::DecodeCurationOp(value, "c/" + Printable(fact), &op));
        overlay.decisions.emplace(std::string(fact), std::move(op));
        return Status::Ok();
      }));
  LG_RETURN_IF_ERROR(Scan(
      snap.options, kCuratorFactPrefix,
      [&](std::string_view rest, std::string_view value) {
        std::vector<std::string_view> parts = SplitKey(rest);
        if (parts.size() != 2) {
          return Status::Corruption("graph/store: " + dir() +
                                    ": malformed curator fact key m/" + Printable(rest));
        }
        CurationOp op;
        LG_RETURN_IF_ERROR(coding::DecodeCurationOp(value, "m/" + Printable(rest), &op));
        overlay.added[std::string(parts[0])].push_back(std::move(op));
        return Status::Ok();
      }));
  LG_RETURN_IF_ERROR(Scan(snap.options, kCuratorAliasPrefix,
                          [&](std::string_view norm, std::string_view value) {
                            CurationOp op;
                            LG_RETURN_IF_ERROR(coding::DecodeCurationOp(
                                value, "u/" + Printable(norm), &op));
                            overlay.aliases.emplace(std::string(norm), std::move(op));
                            return Status::Ok();
                          }));
  return overlay;
}

Status RocksStore::ForEachLogEntry(
    const std::function<Status(const LogEntry&)>& fn) const {
  Snapshot snap(db_);
  return Scan(snap.options, kLogPrefix,
              [&](std::string_view hex, std::string_view value) {
                LogEntry entry;
                std::string key = "l/" + std::string(hex);
                LG_ASSIGN_OR_RETURN(entry.seq, coding::ParseLogSeq(hex, key));
                LG_RETURN_IF_ERROR(coding::DecodeCurationOp(value, key, &entry.op));
                return fn(entry);
              });
}

}  // namespace lg::graph::store_internal
