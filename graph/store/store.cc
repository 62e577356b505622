// The RocksDB store itself: open, reads, checkpoint and compaction. Key layout
// and value encodings: graph/store/FORMAT.md; what the store's files share:
// store_internal.h. The write path (PutSource, RemoveSource) is in
// store_write.cc, the curation overlay's reads and writes in store_curation.cc
// (its encodings in curation_codec.cc), the consistency check in
// store_check.cc, the writer lock in writer_lock.cc.
#include "graph/store/store.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>
#include <tuple>

#include "graph/store/coding.h"
#include "graph/store/store_internal.h"
#include "graph/store/writer_lock.h"

namespace lg::graph::store_internal {
namespace {

namespace fs = std::filesystem;

// Sort key for reference numbers: numeric by leading digits, then as text.
auto ReferenceOrder(const std::string& n) {
  size_t digits = 0;
  while (digits < n.size() && n[digits] >= '0' && n[digits] <= '9') ++digits;
  size_t zeros = 0;
  while (zeros + 1 < digits && n[zeros] == '0') ++zeros;
  std::string_view number(n.data() + zeros, digits - zeros);
  return std::make_tuple(digits == 0, number.size(), std::string(number), n);
}

void SortReferences(std::vector<Reference>* refs) {
  std::sort(refs->begin(), refs->end(), [](const Reference& a, const Reference& b) {
    return ReferenceOrder(a.n) < ReferenceOrder(b.n);
  });
}

void SortEvidence(std::vector<Evidence>* evidence) {
  std::stable_sort(
      evidence->begin(), evidence->end(), [](const Evidence& a, const Evidence& b) {
        return std::tie(a.source, a.begin, a.rule) < std::tie(b.source, b.begin, b.rule);
      });
}

// Folds per-source entity records (in source-id order) into the merged entity.
// Each record carries its source in `sources` (one element).
class EntityMerger {
 public:
  void Add(Entity&& record) {
    if (count_++ == 0) {
      merged_ = std::move(record);
      return;
    }
    merged_.sources.insert(merged_.sources.end(),
                           std::make_move_iterator(record.sources.begin()),
                           std::make_move_iterator(record.sources.end()));
    merged_.aliases.insert(merged_.aliases.end(),
                           std::make_move_iterator(record.aliases.begin()),
                           std::make_move_iterator(record.aliases.end()));
    for (auto& [k, v] : record.attributes) {
      auto [it, inserted] = merged_.attributes.emplace(k, v);
      if (!inserted && it->second.empty()) it->second = std::move(v);
    }
    for (auto& [k, items] : record.list_attributes) {
      auto [it, inserted] = merged_.list_attributes.emplace(k, items);
      if (!inserted && it->second.empty()) it->second = std::move(items);
    }
  }
  bool empty() const { return count_ == 0; }
  Entity Take(std::string_view id) {
    merged_.id = std::string(id);
    std::vector<std::string>& aliases = merged_.aliases;
    if (!std::is_sorted(aliases.begin(), aliases.end()) ||
        std::adjacent_find(aliases.begin(), aliases.end()) != aliases.end()) {
      std::sort(aliases.begin(), aliases.end());
      aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
    }
    // An entity named in many sources repeats its aliases in every record:
    // keep no room for the repeats (the view holds every entity).
    aliases.shrink_to_fit();
    Entity out = std::move(merged_);
    *this = EntityMerger();
    return out;
  }

 private:
  size_t count_ = 0;
  Entity merged_;
};

}  // namespace

RocksStore::~RocksStore() {
  if (!read_only_ && !write_failed_) {
    // After a failed write (a full disk) RocksDB refuses further writes and
    // Debian's build asserts on them, so skip this then: batches not yet
    // synced (group commit) are still in the WAL file, safe from anything
    // but a machine crash.
    rocksdb::Status synced = db_->FlushWAL(/*sync=*/true);
    db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
    // What was written since the last image is durable now: image it.
    if (synced.ok()) RefreshImage();
  }
  // Before the lock is released, so a next writer's pid file survives.
  if (!read_only_) ForgetLockOwner(dir());
  db_->Close().PermitUncheckedError();
  delete db_;
}

Status RocksStore::FromRocks(const rocksdb::Status& s, std::string_view what) const {
  if (s.ok()) return Status::Ok();
  std::string message =
      "graph/store: " + dir() + ": " + std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(message);
  if (s.IsCorruption()) return Status::Corruption(message);
  if (s.IsIOError()) return Status::IOError(message);
  return Status::Internal(message);
}

// FromRocks for the result of a batch write; remembers a failure.
Status RocksStore::Written(const rocksdb::Status& s, std::string_view what) const {
  if (!s.ok()) write_failed_ = true;
  return FromRocks(s, what);
}

Status RocksStore::BatchPut(rocksdb::WriteBatch* batch, const std::string& key,
                            const std::string& value) const {
  return FromRocks(batch->Put(key, value), "building the write batch");
}

Status RocksStore::BatchDelete(rocksdb::WriteBatch* batch, const std::string& key) const {
  return FromRocks(batch->Delete(key), "building the write batch");
}

Status RocksStore::CheckWritable() const {
  if (read_only_) {
    return Status::FailedPrecondition("graph/store: " + dir() +
                                      " is open read-only; writes are not allowed");
  }
  return Status::Ok();
}

Result<std::optional<std::string>> RocksStore::GetValue(const rocksdb::ReadOptions& ro,
                                                        std::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(ro, ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading " + Printable(key));
  return std::optional<std::string>(std::move(value));
}

Status RocksStore::Scan(
    const rocksdb::ReadOptions& ro, std::string_view prefix,
    const std::function<Status(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(ToSlice(prefix)); it->Valid(); it->Next()) {
    std::string_view key = ToView(it->key());
    if (key.substr(0, prefix.size()) != prefix) break;
    LG_RETURN_IF_ERROR(fn(key.substr(prefix.size()), ToView(it->value())));
  }
  return FromRocks(it->status(), "scanning " + Printable(prefix));
}

Result<bool> RocksStore::HasOtherSource(const rocksdb::ReadOptions& ro,
                                        std::string_view prefix,
                                        std::string_view except) const {
  bool found = false;
  LG_RETURN_IF_ERROR(Scan(ro, prefix, [&](std::string_view rest, std::string_view) {
    if (rest != except) found = true;
    return Status::Ok();
  }));
  return found;
}

Result<coding::TotalsRecord> RocksStore::ReadTotals(
    const rocksdb::ReadOptions& ro) const {
  LG_ASSIGN_OR_RETURN(auto value, GetValue(ro, kTotalsKey));
  if (!value) {
    return Status::Corruption("graph/store: " + dir() +
                              ": meta/totals record is missing");
  }
  coding::TotalsRecord totals;
  LG_RETURN_IF_ERROR(coding::DecodeTotals(*value, "meta/totals", &totals));
  return totals;
}

Result<uint64_t> RocksStore::ReadGeneration(const rocksdb::ReadOptions& ro) const {
  LG_ASSIGN_OR_RETURN(auto value, GetValue(ro, kGenerationKey));
  if (!value) {
    return Status::Corruption("graph/store: " + dir() +
                              ": meta/generation record is missing");
  }
  uint64_t generation = 0;
  LG_RETURN_IF_ERROR(coding::DecodeUint64(*value, "meta/generation", &generation));
  return generation;
}

Status RocksStore::Initialise() {
  rocksdb::WriteBatch batch;
  std::string version = std::to_string(kSchemaVersion);
  batch.Put(ToSlice(kSchemaVersionKey), version);
  batch.Put(ToSlice(kGenerationKey), coding::EncodeUint64(0));
  batch.Put(ToSlice(kTotalsKey), coding::EncodeTotals({}));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return Written(db_->Write(wo, &batch), "writing the schema version record");
}

Status RocksStore::CheckSchema() const {
  LG_ASSIGN_OR_RETURN(auto value, GetValue(rocksdb::ReadOptions(), kSchemaVersionKey));
  if (!value) {
    return Status::FailedPrecondition("graph/store: " + dir() +
                                      " is not a litgraph store (no meta/schema_version "
                                      "record)");
  }
  bool numeric = !value->empty() && value->size() <= 9 &&
                 std::all_of(value->begin(), value->end(),
                             [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric) {
    return Status::Corruption("graph/store: " + dir() +
                              ": meta/schema_version is not a number: '" +
                              Printable(*value) + "'");
  }
  int version = std::stoi(*value);
  if (version < kSchemaVersion) {
    // What each later version records that `version` does not; ingest
    // recomputes every record from the texts.
    std::string added;
    if (version < 2) added += "each source's mentions of each entity, and ";
    added += "list-valued attributes as lists";
    return Status::FailedPrecondition(
        "graph/store: " + dir() + " has schema version " + std::to_string(version) +
        "; this litgraph reads version " + std::to_string(kSchemaVersion) +
        " (it also records " + added +
        "): ingest the texts again into a new store (litgraph ingest --db NEW_DIR "
        "FILE...)");
  }
  if (version != kSchemaVersion) {
    return Status::FailedPrecondition(
        "graph/store: " + dir() + " has schema version " + std::to_string(version) +
        "; this litgraph reads version " + std::to_string(kSchemaVersion));
  }
  return Status::Ok();
}

Result<OldState> RocksStore::ReadOldState(const rocksdb::ReadOptions& ro,
                                          std::string_view source_id) const {
  OldState old;
  LG_ASSIGN_OR_RETURN(auto source_value,
                      GetValue(ro, MakeKey(kSourcePrefix, {source_id})));
  if (source_value) {
    Source source;
    source.id = std::string(source_id);
    LG_RETURN_IF_ERROR(coding::DecodeSource(
        *source_value, "source record " + std::string(source_id), &source));
    old.source = std::move(source);
  }
  std::vector<std::string> entity_ids;
  LG_RETURN_IF_ERROR(Scan(ro, ScanPrefix(kSourceEntityPrefix, source_id),
                          [&](std::string_view entity_id, std::string_view) {
                            entity_ids.emplace_back(entity_id);
                            return Status::Ok();
                          }));
  for (const std::string& id : entity_ids) {
    std::string key = MakeKey(kEntityPrefix, {id, source_id});
    LG_ASSIGN_OR_RETURN(auto value, GetValue(ro, key));
    if (!value) {
      return Status::Corruption("graph/store: " + dir() + ": index key N/" +
                                std::string(source_id) + "|" + id +
                                " has no entity record");
    }
    Entity record;
    record.id = id;
    LG_RETURN_IF_ERROR(coding::DecodeEntityRecord(*value, Printable(key), &record));
    record.sources.front().source = std::string(source_id);
    old.entities.emplace(id, std::move(record));
  }
  LG_RETURN_IF_ERROR(Scan(ro, ScanPrefix(kSourceFactPrefix, source_id),
                          [&](std::string_view fact_id, std::string_view value) {
                            uint64_t count = 0;
                            LG_RETURN_IF_ERROR(coding::DecodeUint64(
                                value, "F/" + std::string(fact_id), &count));
                            old.facts.emplace(std::string(fact_id), count);
                            return Status::Ok();
                          }));
  LG_RETURN_IF_ERROR(Scan(ro, ScanPrefix(kReferencePrefix, source_id),
                          [&](std::string_view n, std::string_view) {
                            old.reference_ns.emplace_back(n);
                            return Status::Ok();
                          }));
  return old;
}

Result<std::vector<Source>> RocksStore::ListSources() const {
  std::vector<Source> sources;
  LG_RETURN_IF_ERROR(Scan(rocksdb::ReadOptions(), kSourcePrefix,
                          [&](std::string_view id, std::string_view v) {
                            Source s;
                            s.id = std::string(id);
                            LG_RETURN_IF_ERROR(
                                coding::DecodeSource(v, "source record " + s.id, &s));
                            sources.push_back(std::move(s));
                            return Status::Ok();
                          }));
  return sources;
}

Result<Source> RocksStore::GetSource(std::string_view source_id) const {
  LG_ASSIGN_OR_RETURN(
      auto value, GetValue(rocksdb::ReadOptions(), MakeKey(kSourcePrefix, {source_id})));
  if (!value || source_id.empty() || HasSep(source_id)) {
    return Status::NotFound("graph/store: no source '" + Printable(source_id) + "' in " +
                            dir());
  }
  Source s;
  s.id = std::string(source_id);
  LG_RETURN_IF_ERROR(coding::DecodeSource(*value, "source record " + s.id, &s));
  return s;
}

Result<std::vector<Evidence>> RocksStore::ReadEvidence(const rocksdb::ReadOptions& ro,
                                                       std::string_view fact_id,
                                                       std::string_view source_id) const {
  std::string prefix = ScanPrefix(kEvidencePrefix, fact_id);
  if (!source_id.empty()) {
    prefix.append(source_id);
    prefix += kSep;
  }
  std::vector<Evidence> evidence;
  LG_RETURN_IF_ERROR(Scan(ro, prefix, [&](std::string_view rest, std::string_view value) {
    std::string key = prefix + std::string(rest);
    Evidence ev;
    if (source_id.empty()) {
      std::vector<std::string_view> parts = SplitKey(rest);  // source, seq
      if (parts.size() != 2) {
        return Status::Corruption("graph/store: " + dir() + ": malformed evidence key " +
                                  Printable(key));
      }
      ev.source = std::string(parts[0]);
    } else {
      ev.source = std::string(source_id);
    }
    LG_RETURN_IF_ERROR(coding::DecodeEvidence(value, Printable(key), &ev));
    evidence.push_back(std::move(ev));
    return Status::Ok();
  }));
  return evidence;
}

Result<Fact> RocksStore::ReadFact(const rocksdb::ReadOptions& ro,
                                  std::string_view fact_id) const {
  std::string key = MakeKey(kFactPrefix, {fact_id});
  LG_ASSIGN_OR_RETURN(auto value, GetValue(ro, key));
  if (!value || fact_id.empty() || HasSep(fact_id)) {
    return Status::NotFound("graph/store: no fact '" + Printable(fact_id) + "' in " +
                            dir());
  }
  Fact fact;
  fact.id = std::string(fact_id);
  LG_RETURN_IF_ERROR(coding::DecodeFactRecord(*value, key, &fact));
  return fact;
}

Result<SourceData> RocksStore::LoadSource(std::string_view source_id) const {
  Snapshot snap(db_);
  LG_ASSIGN_OR_RETURN(OldState state, ReadOldState(snap.options, source_id));
  if (!state.source || source_id.empty() || HasSep(source_id)) {
    return Status::NotFound("graph/store: no source '" + Printable(source_id) + "' in " +
                            dir());
  }
  SourceData data;
  data.source = std::move(*state.source);
  for (auto& [id, record] : state.entities) data.entities.push_back(std::move(record));
  for (const auto& [id, count] : state.facts) {
    LG_ASSIGN_OR_RETURN(Fact fact, ReadFact(snap.options, id));
    LG_ASSIGN_OR_RETURN(fact.evidence, ReadEvidence(snap.options, id, source_id));
    data.facts.push_back(std::move(fact));
  }
  LG_RETURN_IF_ERROR(Scan(snap.options, ScanPrefix(kReferencePrefix, source_id),
                          [&](std::string_view n, std::string_view value) {
                            Reference r;
                            r.source = std::string(source_id);
                            LG_RETURN_IF_ERROR(coding::DecodeReference(
                                value, "reference " + std::string(n), &r));
                            data.references.push_back(std::move(r));
                            return Status::Ok();
                          }));
  SortReferences(&data.references);
  LG_ASSIGN_OR_RETURN(auto rendering,
                      GetValue(snap.options, MakeKey(kRenderingPrefix, {source_id})));
  if (rendering) data.rendering = std::move(*rendering);
  return data;
}

Result<Entity> RocksStore::GetEntity(std::string_view entity_id) const {
  Snapshot snap(db_);
  EntityMerger merger;
  if (!entity_id.empty() && !HasSep(entity_id)) {
    std::string prefix = ScanPrefix(kEntityPrefix, entity_id);
    LG_RETURN_IF_ERROR(
        Scan(snap.options, prefix, [&](std::string_view source, std::string_view value) {
          Entity record;
          LG_RETURN_IF_ERROR(coding::DecodeEntityRecord(
              value, Printable(prefix + std::string(source)), &record));
          record.sources.front().source = std::string(source);
          merger.Add(std::move(record));
          return Status::Ok();
        }));
  }
  if (merger.empty()) {
    return Status::NotFound("graph/store: no entity '" + Printable(entity_id) + "' in " +
                            dir());
  }
  return merger.Take(entity_id);
}

Result<std::vector<std::string>> RocksStore::LookupAlias(std::string_view surface) const {
  std::vector<std::string> ids;
  std::string norm = NormalizeAlias(surface);
  if (norm.empty() || HasSep(norm)) return ids;
  LG_RETURN_IF_ERROR(Scan(rocksdb::ReadOptions(), ScanPrefix(kAliasPrefix, norm),
                          [&](std::string_view rest, std::string_view) {
                            std::string_view id = rest.substr(0, rest.find(kSep));
                            if (ids.empty() || ids.back() != id) ids.emplace_back(id);
                            return Status::Ok();
                          }));
  return ids;
}

Status RocksStore::ForEachEntity(const std::function<Status(Entity&)>& fn) const {
  Snapshot snap(db_);
  return ForEachEntityAt(snap.options, fn);
}

Status RocksStore::ForEachEntityAt(const rocksdb::ReadOptions& ro,
                                   const std::function<Status(Entity&)>& fn) const {
  EntityMerger merger;
  std::string current;
  LG_RETURN_IF_ERROR(
      Scan(ro, kEntityPrefix, [&](std::string_view rest, std::string_view value) {
        size_t sep = rest.find(kSep);
        if (sep == std::string_view::npos) {
          return Status::Corruption("graph/store: " + dir() +
                                    ": malformed entity key n/" + std::string(rest));
        }
        std::string_view id = rest.substr(0, sep);
        if (!merger.empty() && id != current) {
          Entity merged = merger.Take(current);
          LG_RETURN_IF_ERROR(fn(merged));
        }
        current.assign(id);
        Entity record;
        // The key is spelled out (Printable) only for the message of a
        // failure: decoding again gives the same failure, named.
        if (!coding::DecodeEntityRecord(value, "n/", &record).ok()) {
          return coding::DecodeEntityRecord(value, "n/" + Printable(rest), &record);
        }
        record.sources.front().source = std::string(rest.substr(sep + 1));
        merger.Add(std::move(record));
        return Status::Ok();
      }));
  if (!merger.empty()) {
    Entity merged = merger.Take(current);
    LG_RETURN_IF_ERROR(fn(merged));
  }
  return Status::Ok();
}

Result<Fact> RocksStore::GetFact(std::string_view fact_id) const {
  Snapshot snap(db_);
  LG_ASSIGN_OR_RETURN(Fact fact, ReadFact(snap.options, fact_id));
  LG_ASSIGN_OR_RETURN(fact.evidence, ReadEvidence(snap.options, fact_id, ""));
  SortEvidence(&fact.evidence);
  return fact;
}

Result<Fact> RocksStore::GetFactHeader(std::string_view fact_id) const {
  Snapshot snap(db_);
  return ReadFact(snap.options, fact_id);
}

Status RocksStore::ForEachFact(const std::function<Status(const Fact&)>& fn) const {
  Snapshot snap(db_);
  return Scan(
      snap.options, kFactPrefix, [&](std::string_view id, std::string_view value) {
        Fact fact;
        fact.id = std::string(id);
        LG_RETURN_IF_ERROR(coding::DecodeFactRecord(value, "f/" + fact.id, &fact));
        LG_ASSIGN_OR_RETURN(fact.evidence, ReadEvidence(snap.options, id, ""));
        SortEvidence(&fact.evidence);
        return fn(fact);
      });
}

Status RocksStore::ForEachFactHeader(const std::function<Status(Fact&)>& fn) const {
  Snapshot snap(db_);
  Fact fact;
  return Scan(snap.options, kFactPrefix,
              [&](std::string_view id, std::string_view value) {
                fact = Fact();
                fact.id = std::string(id);
                if (!coding::DecodeFactRecord(value, "f/", &fact)
                         .ok()) {  // named on failure only
                  return coding::DecodeFactRecord(value, "f/" + fact.id, &fact);
                }
                return fn(fact);
              });
}

Result<std::vector<Store::Edge>> RocksStore::Edges(std::string_view prefix,
                                                   std::string_view entity_id) const {
  std::vector<Edge> edges;
  if (entity_id.empty() || HasSep(entity_id)) return edges;
  std::string scan = ScanPrefix(prefix, entity_id);
  LG_RETURN_IF_ERROR(
      Scan(rocksdb::ReadOptions(), scan, [&](std::string_view rest, std::string_view) {
        std::vector<std::string_view> parts = SplitKey(rest);  // predicate, other, fact
        if (parts.size() != 3) {
          return Status::Corruption("graph/store: " + dir() + ": malformed edge key " +
                                    Printable(scan + std::string(rest)));
        }
        edges.push_back(
            Edge{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])});
        return Status::Ok();
      }));
  return edges;
}

Result<std::vector<Store::Edge>> RocksStore::OutEdges(std::string_view entity_id) const {
  return Edges(kOutPrefix, entity_id);
}

Result<std::vector<Store::Edge>> RocksStore::InEdges(std::string_view entity_id) const {
  return Edges(kInPrefix, entity_id);
}

Result<std::vector<Reference>> RocksStore::GetReferences(
    std::string_view source_id) const {
  Snapshot snap(db_);
  LG_ASSIGN_OR_RETURN(auto source,
                      GetValue(snap.options, MakeKey(kSourcePrefix, {source_id})));
  if (!source || source_id.empty() || HasSep(source_id)) {
    return Status::NotFound("graph/store: no source '" + Printable(source_id) + "' in " +
                            dir());
  }
  std::vector<Reference> refs;
  LG_RETURN_IF_ERROR(Scan(snap.options, ScanPrefix(kReferencePrefix, source_id),
                          [&](std::string_view n, std::string_view value) {
                            Reference r;
                            r.source = std::string(source_id);
                            LG_RETURN_IF_ERROR(coding::DecodeReference(
                                value, "reference " + std::string(n), &r));
                            refs.push_back(std::move(r));
                            return Status::Ok();
                          }));
  SortReferences(&refs);
  return refs;
}

Result<Reference> RocksStore::GetReference(std::string_view source_id,
                                           std::string_view n) const {
  Snapshot snap(db_);
  LG_ASSIGN_OR_RETURN(auto source,
                      GetValue(snap.options, MakeKey(kSourcePrefix, {source_id})));
  if (!source || source_id.empty() || HasSep(source_id)) {
    return Status::NotFound("graph/store: no source '" + Printable(source_id) + "' in " +
                            dir());
  }
  std::string key = MakeKey(kReferencePrefix, {source_id, n});
  LG_ASSIGN_OR_RETURN(auto value, GetValue(snap.options, key));
  if (!value || n.empty() || HasSep(n)) {
    return Status::NotFound("graph/store: source '" + std::string(source_id) +
                            "' has no reference [" + Printable(n) + "]");
  }
  Reference r;
  r.source = std::string(source_id);
  LG_RETURN_IF_ERROR(coding::DecodeReference(*value, Printable(key), &r));
  return r;
}

Result<Store::Totals> RocksStore::GetTotals() const {
  LG_ASSIGN_OR_RETURN(coding::TotalsRecord t, ReadTotals(rocksdb::ReadOptions()));
  return Totals{t.sources, t.entities, t.facts, t.evidence, t.references};
}

Result<uint64_t> RocksStore::Generation() const {
  return ReadGeneration(rocksdb::ReadOptions());
}

Status RocksStore::CreateCheckpoint(const std::string& target_dir) const {
  LG_RETURN_IF_ERROR(CheckWritable());
  rocksdb::Checkpoint* raw = nullptr;
  LG_RETURN_IF_ERROR(
      FromRocks(rocksdb::Checkpoint::Create(db_, &raw), "preparing a checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  rocksdb::Status s = checkpoint->CreateCheckpoint(target_dir);
  if (!s.ok()) {
    return Status::IOError("graph/store: " + dir() + ": cannot create checkpoint " +
                           target_dir + ": " + s.ToString());
  }
  return Status::Ok();
}

Status RocksStore::Sync() {
  LG_RETURN_IF_ERROR(CheckWritable());
  // After a failed write RocksDB refuses further writes and Debian's build
  // asserts on a WAL flush (see ~RocksStore); the batches before it stay in
  // the WAL file, unsynced.
  if (write_failed_) {
    return Status::IOError("graph/store: " + dir() +
                           ": cannot sync after a failed write; the sources written "
                           "before it are in the log but not synced");
  }
  // FlushWAL(true) fsyncs every WAL file that holds unsynced batches (bulk
  // load writes none: its sources become durable at Compact or close).
  LG_RETURN_IF_ERROR(Written(db_->FlushWAL(/*sync=*/true), "syncing the WAL"));
  return Status::Ok();
}

Status RocksStore::Compact() {
  LG_RETURN_IF_ERROR(CheckWritable());
  LG_RETURN_IF_ERROR(Written(db_->FlushWAL(/*sync=*/true), "flushing the WAL"));
  rocksdb::FlushOptions flush;
  flush.wait = true;
  LG_RETURN_IF_ERROR(Written(db_->Flush(flush), "flushing the memtables"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  LG_RETURN_IF_ERROR(Written(db_->CompactRange(compact, nullptr, nullptr), "compacting"));
  RefreshImage();
  return Status::Ok();
}

namespace {

// Sane defaults; the data are small. Compression: the best the linked
// RocksDB supports (Debian builds differ).
// RocksDB's own info LOG is not written: on a full disk its writer asserts
// in Debian's build (abort instead of an error), and litgraph's messages
// say what failed.
class NullLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

rocksdb::Options MakeOptions() {
  rocksdb::Options options;
  options.info_log = std::make_shared<NullLogger>();
  options.max_open_files = -1;
  // RocksDB's default, named because group commit relies on it: after a crash
  // the WAL is replayed up to its last intact batch, so a torn tail of
  // unsynced batches is dropped whole, never applied in part.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  options.compression = rocksdb::kNoCompression;
  for (rocksdb::CompressionType preferred :
       {rocksdb::kLZ4Compression, rocksdb::kSnappyCompression, rocksdb::kZSTD}) {
    if (std::find(supported.begin(), supported.end(), preferred) != supported.end()) {
      options.compression = preferred;
      break;
    }
  }
  return options;
}

namespace {

// True when every entry of `dir` is a file RocksDB (or our pid file) writes
// before a new database's CURRENT file: LOCK, LOG*, IDENTITY, MANIFEST-*,
// OPTIONS-*, *.log, *.dbtmp, litgraph.pid. True for an empty directory.
bool OnlyCreationLeftovers(const std::string& dir, std::error_code* ec) {
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, *ec)) {
    std::string name = entry.path().filename().string();
    auto starts = [&](std::string_view p) { return name.rfind(p, 0) == 0; };
    auto ends = [&](std::string_view x) {
      return name.size() >= x.size() &&
             name.compare(name.size() - x.size(), x.size(), x) == 0;
    };
    bool leftover = name == "LOCK" || starts("LOG") || name == "IDENTITY" ||
                    starts("MANIFEST-") || starts("OPTIONS-") || ends(".log") ||
                    ends(".dbtmp") || name == kPidFile;
    if (!leftover || !entry.is_regular_file()) return false;
  }
  return !*ec;
}

Status NoStore(const std::string& dir) {
  return Status::NotFound("graph/store: no litgraph store at " + dir +
                          "; run `litgraph ingest FILE --db " + dir + "` first");
}

// Makes `dir` ready for RocksDB; true when it already holds a database (its
// CURRENT file). A missing directory, or one holding only what RocksDB writes
// while creating a database (a writer killed before CURRENT existed), is a
// store never created: created afresh when the options allow.
Result<bool> PrepareDirectory(const std::string& dir, const StoreOptions& options) {
  std::error_code ec;
  fs::file_status status = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::IOError("graph/store: cannot access " + dir + ": " + ec.message());
  }
  bool exists = fs::exists(status);
  if (exists && !fs::is_directory(status)) {
    return Status::FailedPrecondition("graph/store: " + dir +
                                      " is not a litgraph store (not a directory)");
  }
  ec.clear();
  bool has_db = exists && fs::exists(fs::path(dir) / "CURRENT", ec);
  if (has_db) return true;
  bool empty = !exists || OnlyCreationLeftovers(dir, &ec);
  if (ec) {
    return Status::IOError("graph/store: cannot read " + dir + ": " + ec.message());
  }
  if (!empty) {
    return Status::FailedPrecondition(
        "graph/store: " + dir +
        " is not a litgraph store (a non-empty directory without a store)");
  }
  if (options.read_only || !options.create_if_missing) return NoStore(dir);
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::IOError("graph/store: cannot create " + dir + ": " + ec.message());
  }
  return false;
}

// Opens RocksDB in `dir` (read-only, or as the one writer).
Result<rocksdb::DB*> OpenDb(const std::string& dir, const StoreOptions& options,
                            bool has_db) {
  rocksdb::Options db_options = MakeOptions();
  db_options.create_if_missing = !has_db;
  if (options.bulk_load && !options.read_only) db_options.write_buffer_size = 256 << 20;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = options.read_only
                          ? rocksdb::DB::OpenForReadOnly(db_options, dir, &db)
                          : rocksdb::DB::Open(db_options, dir, &db);
  if (s.ok()) return db;
  if (!options.read_only && HeldByAnotherWriter(s)) return LockedByAnotherWriter(dir);
  std::string message = "graph/store: cannot open " + dir + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(message);
  return Status::IOError(message);
}

// True when the database holds not a single key.
bool HasNoKeys(rocksdb::DB* db) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  it->SeekToFirst();
  return !it->Valid() && it->status().ok();
}

}  // namespace

// Store::Open.
Result<std::unique_ptr<Store>> OpenRocksStore(const std::string& dir,
                                              const StoreOptions& options) {
  LG_ASSIGN_OR_RETURN(bool has_db, PrepareDirectory(dir, options));
  LG_ASSIGN_OR_RETURN(rocksdb::DB * db, OpenDb(dir, options, has_db));
  auto store = std::make_unique<RocksStore>(dir, db, options.read_only,
                                            options.bulk_load && !options.read_only);
  // A writer killed between creating the RocksDB files and writing the first
  // records leaves a database without a single key: that is a store never
  // created, so a writer initialises it and a reader reports no store.
  bool fresh = !has_db;
  if (has_db && HasNoKeys(db)) {
    if (options.read_only) return NoStore(dir);
    fresh = true;
  }
  if (fresh) LG_RETURN_IF_ERROR(store->Initialise());
  LG_RETURN_IF_ERROR(store->CheckSchema());
  if (!options.read_only) LG_RETURN_IF_ERROR(RecordLockOwner(dir));
  LG_RETURN_IF_ERROR(store->OpenImage(fresh, options.notice));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace lg::graph::store_internal

namespace lg::graph {

Status Store::ForEachFactHeader(const std::function<Status(Fact&)>& fn) const {
  return ForEachFact([&](const Fact& f) {
    Fact header = f;
    header.evidence.clear();
    return fn(header);
  });
}

Result<Fact> Store::GetFactHeader(std::string_view fact_id) const {
  LG_ASSIGN_OR_RETURN(Fact fact, GetFact(fact_id));
  fact.evidence.clear();
  return fact;
}

Status Store::Sync() {
  return Status::FailedPrecondition("graph/store: " + dir() +
                                    ": this store is read-only");
}

std::shared_ptr<const GraphImage> Store::Image() const { return nullptr; }

std::string Store::ImageNote() const { return "this store keeps no graph image"; }

Status Store::Compact() {
  return Status::FailedPrecondition("graph/store: " + dir() +
                                    ": this store cannot be compacted");
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir,
                                           const StoreOptions& options) {
  return store_internal::OpenRocksStore(dir, options);
}

}  // namespace lg::graph
