// The RocksDB store. Key layout and value encodings: graph/store/FORMAT.md.
//
// Every write is one WriteBatch built by Replace(): it reads what the source
// contributed before (its per-source indexes), deletes all of it, puts the new
// contribution, drops the facts and entities that lost their last source, and
// updates meta/totals and meta/generation in the same batch.
#include "graph/store/store.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "graph/store/coding.h"
#include "graph/store/store_testing.h"

namespace lg::graph {
namespace {

namespace fs = std::filesystem;

// Key prefixes (FORMAT.md). Stored; DO NOT CHANGE.
constexpr std::string_view kSchemaVersionKey = "meta/schema_version";
constexpr std::string_view kGenerationKey = "meta/generation";
constexpr std::string_view kTotalsKey = "meta/totals";
constexpr std::string_view kSourcePrefix = "s/";        // s/<source>
constexpr std::string_view kEntityPrefix = "n/";        // n/<entity>\0<source>
constexpr std::string_view kSourceEntityPrefix = "N/";  // N/<source>\0<entity>
constexpr std::string_view kAliasPrefix = "a/";         // a/<norm>\0<entity>\0<source>
constexpr std::string_view kFactPrefix = "f/";          // f/<fact>
constexpr std::string_view kSupportPrefix = "p/";       // p/<fact>\0<source>
constexpr std::string_view kSourceFactPrefix = "F/";    // F/<source>\0<fact>
constexpr std::string_view kEvidencePrefix = "e/";      // e/<fact>\0<source>\0<seq>
constexpr std::string_view kOutPrefix = "o/";           // o/<s>\0<p>\0<o>\0<fact>
constexpr std::string_view kInPrefix = "i/";            // i/<o>\0<p>\0<s>\0<fact>
constexpr std::string_view kReferencePrefix = "r/";     // r/<source>\0<n>
// Curation overlay (CURATION.md). Stored; DO NOT CHANGE.
constexpr std::string_view kDecisionPrefix = "c/";      // c/<fact>
constexpr std::string_view kCuratorFactPrefix = "m/";   // m/<fact>\0<seq>
constexpr std::string_view kCuratorAliasPrefix = "u/";  // u/<norm>
constexpr std::string_view kLogPrefix = "l/";           // l/<seq>
constexpr char kSep = '\0';

constexpr std::string_view kPidFile = "litgraph.pid";

// prefix + parts joined with '\0'.
std::string MakeKey(std::string_view prefix,
                    std::initializer_list<std::string_view> parts) {
  std::string key(prefix);
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) key += kSep;
    first = false;
    key.append(p);
  }
  return key;
}

// Prefix for a scan over every key whose first component is `part`.
std::string ScanPrefix(std::string_view prefix, std::string_view part) {
  std::string key(prefix);
  key.append(part);
  key += kSep;
  return key;
}

// Evidence sequence numbers: 8 lower-case hex digits, so keys sort in order.
std::string SeqKey(uint64_t seq) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%08llx", static_cast<unsigned long long>(seq));
  return buf;
}

std::vector<std::string_view> SplitKey(std::string_view rest) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = rest.find(kSep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(rest.substr(start));
      return parts;
    }
    parts.push_back(rest.substr(start, pos - start));
    start = pos + 1;
  }
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

// Printable form of a key for messages: '\0' shown as '|'.
std::string Printable(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), kSep, '|');
  return out;
}

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

// The normalised forms an entity record is indexed under: label and aliases.
std::set<std::string> AliasForms(const Entity& entity) {
  std::set<std::string> forms;
  auto add = [&](const std::string& surface) {
    std::string norm = NormalizeAlias(surface);
    if (!norm.empty()) forms.insert(std::move(norm));
  };
  add(entity.label);
  for (const std::string& alias : entity.aliases) add(alias);
  return forms;
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
    merged_.aliases.insert(merged_.aliases.end(), std::make_move_iterator(record.aliases.begin()),
                           std::make_move_iterator(record.aliases.end()));
    for (auto& [k, v] : record.attributes) {
      auto [it, inserted] = merged_.attributes.emplace(k, v);
      if (!inserted && it->second.empty()) it->second = std::move(v);
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

Status ApplyDelta(uint64_t* total, int64_t delta, std::string_view name) {
  if (delta < 0 && uint64_t(-delta) > *total) {
    return Status::Corruption("graph/store: meta/totals: " + std::string(name) +
                              " would drop below zero; the counters are inconsistent");
  }
  *total = uint64_t(int64_t(*total) + delta);
  return Status::Ok();
}

bool HasSep(std::string_view s) { return s.find(kSep) != std::string_view::npos; }

// What a source contributed before a write.
struct OldState {
  std::optional<Source> source;
  std::map<std::string, Entity> entities;  // entity id -> this source's record
  std::map<std::string, uint64_t> facts;   // fact id -> evidence count
  std::vector<std::string> reference_ns;
};

class RocksStore final : public Store {
 public:
  RocksStore(std::string dir, rocksdb::DB* db, bool read_only, bool bulk_load = false)
      : Store(std::move(dir)), db_(db), read_only_(read_only), bulk_load_(bulk_load) {}

  ~RocksStore() override {
    if (!read_only_ && !write_failed_) {
      // After a failed write (a full disk) RocksDB refuses further writes and
      // Debian's build asserts on them; every batch was synced, so skip this.
      db_->FlushWAL(/*sync=*/true).PermitUncheckedError();
      db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
    }
    if (!read_only_) {
      // Before the lock is released, so a next writer's pid file survives.
      std::error_code ec;
      fs::remove(fs::path(dir()) / kPidFile, ec);
    }
    db_->Close().PermitUncheckedError();
    delete db_;
  }

  Result<IngestDiff> PutSource(const SourceData& data) override;
  Status RemoveSource(std::string_view source_id) override;
  Result<std::vector<Source>> ListSources() const override;
  Result<Source> GetSource(std::string_view source_id) const override;
  Result<SourceData> LoadSource(std::string_view source_id) const override;
  Result<Entity> GetEntity(std::string_view entity_id) const override;
  Result<std::vector<std::string>> LookupAlias(std::string_view surface) const override;
  Status ForEachEntity(const std::function<Status(Entity&)>& fn) const override;
  Result<Fact> GetFact(std::string_view fact_id) const override;
  Status ForEachFact(const std::function<Status(const Fact&)>& fn) const override;
  Status ForEachFactHeader(const std::function<Status(Fact&)>& fn) const override;
  Result<std::vector<Edge>> OutEdges(std::string_view entity_id) const override;
  Result<std::vector<Edge>> InEdges(std::string_view entity_id) const override;
  Result<std::vector<Reference>> GetReferences(std::string_view source_id) const override;
  Result<Reference> GetReference(std::string_view source_id,
                                 std::string_view n) const override;
  Result<Totals> GetTotals() const override;
  Result<uint64_t> Generation() const override;
  Status ApplyCuration(const CurationBatch& batch) override;
  Result<CurationOverlay> LoadCuration() const override;
  Status ForEachLogEntry(const std::function<Status(const LogEntry&)>& fn) const override;
  Status CreateCheckpoint(const std::string& target_dir) const override;
  Status Compact() override;
  Result<CheckReport> Check() const override;

  // Writes the records of a fresh store (schema version, zero counters).
  Status Initialise();
  // FailedPrecondition unless meta/schema_version is kSchemaVersion.
  Status CheckSchema() const;

 private:
  // A consistent view for multi-key reads; released on destruction.
  class Snapshot {
   public:
    explicit Snapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {
      options.snapshot = snapshot_;
    }
    ~Snapshot() {
      if (snapshot_ != nullptr) db_->ReleaseSnapshot(snapshot_);
    }
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    rocksdb::ReadOptions options;

   private:
    rocksdb::DB* db_;
    const rocksdb::Snapshot* snapshot_;
  };

  Status FromRocks(const rocksdb::Status& s, std::string_view what) const;
  Status Written(const rocksdb::Status& s, std::string_view what) const;
  Status CheckWritable() const;
  Status Validate(const SourceData& data) const;

  // The value at `key`, or nullopt when absent.
  Result<std::optional<std::string>> GetValue(const rocksdb::ReadOptions& ro,
                                              std::string_view key) const;
  // Calls fn(rest of key after `prefix`, value) for every key with `prefix`.
  Status Scan(const rocksdb::ReadOptions& ro, std::string_view prefix,
              const std::function<Status(std::string_view, std::string_view)>& fn) const;
  // True when a key starts with `prefix` + "<x>" for some x != `except`
  // (the last component); used to ask "does another source support this?".
  Result<bool> HasOtherSource(const rocksdb::ReadOptions& ro, std::string_view prefix,
                              std::string_view except) const;

  Result<OldState> ReadOldState(const rocksdb::ReadOptions& ro,
                                std::string_view source_id) const;
  Result<std::vector<Evidence>> ReadEvidence(const rocksdb::ReadOptions& ro,
                                             std::string_view fact_id,
                                             std::string_view source_id) const;
  Result<Fact> ReadFact(const rocksdb::ReadOptions& ro, std::string_view fact_id) const;
  Result<std::vector<Edge>> Edges(std::string_view prefix,
                                  std::string_view entity_id) const;
  Result<coding::TotalsRecord> ReadTotals(const rocksdb::ReadOptions& ro) const;
  Result<uint64_t> ReadGeneration(const rocksdb::ReadOptions& ro) const;

  // Replaces what `source_id` contributed with `next` (nullptr: nothing).
  Result<IngestDiff> Replace(std::string_view source_id, const SourceData* next);

  rocksdb::DB* db_;
  bool read_only_;
  bool bulk_load_;  // StoreOptions::bulk_load
  mutable bool write_failed_ = false;  // set by Written on a failed write
};

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
  if (version != kSchemaVersion) {
    return Status::FailedPrecondition(
        "graph/store: " + dir() + " has schema version " + std::to_string(version) +
        "; this litgraph reads version " + std::to_string(kSchemaVersion));
  }
  return Status::Ok();
}

Status RocksStore::Validate(const SourceData& data) const {
  const std::string& src = data.source.id;
  if (src.empty() || HasSep(src)) {
    return Status::InvalidArgument("graph/store: source id '" + Printable(src) +
                                   "' is empty or contains a NUL byte");
  }
  const std::string where = "graph/store: source '" + src + "': ";
  std::set<std::string_view> seen;
  for (const Entity& e : data.entities) {
    auto parsed = ParseEntityId(e.id);
    if (!parsed.ok()) return Status::InvalidArgument(where + parsed.status().message());
    if (HasSep(e.id)) {
      return Status::InvalidArgument(where + "entity id '" + Printable(e.id) +
                                     "' contains a NUL byte");
    }
    if (parsed->kind != e.kind) {
      return Status::InvalidArgument(where + "entity '" + e.id + "' has kind " +
                                     std::string(KindName(e.kind)) + " but its id says " +
                                     std::string(KindName(parsed->kind)));
    }
    if (!seen.insert(e.id).second) {
      return Status::InvalidArgument(where + "entity '" + e.id + "' is listed twice");
    }
    for (const std::string& form : AliasForms(e)) {
      if (HasSep(form)) {
        return Status::InvalidArgument(where + "entity '" + e.id +
                                       "' has an alias with a NUL byte");
      }
    }
  }
  seen.clear();
  for (const Fact& f : data.facts) {
    std::string expected = ComputeFactId(f);
    if (f.id != expected) {
      return Status::InvalidArgument(where + "fact '" + Printable(f.id) + "' (" +
                                     f.DebugString() + ") should have id " + expected);
    }
    if (HasSep(f.subject) || HasSep(f.predicate) || HasSep(f.object)) {
      return Status::InvalidArgument(where + "fact '" + f.id +
                                     "' has a NUL byte in subject, predicate or object");
    }
    if (!seen.insert(f.id).second) {
      return Status::InvalidArgument(where + "fact '" + f.id + "' is listed twice");
    }
    for (const Evidence& ev : f.evidence) {
      if (!ev.source.empty() && ev.source != src) {
        return Status::InvalidArgument(where + "fact '" + f.id +
                                       "' has evidence from another source '" +
                                       ev.source + "'");
      }
    }
  }
  seen.clear();
  for (const Reference& r : data.references) {
    if (r.n.empty() || HasSep(r.n)) {
      return Status::InvalidArgument(where + "reference number '" + Printable(r.n) +
                                     "' is empty or contains a NUL byte");
    }
    if (!r.source.empty() && r.source != src) {
      return Status::InvalidArgument(where + "reference [" + r.n +
                                     "] belongs to another source '" + r.source + "'");
    }
    if (!seen.insert(r.n).second) {
      return Status::InvalidArgument(where + "reference [" + r.n + "] is listed twice");
    }
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

Result<IngestDiff> RocksStore::Replace(std::string_view source_id,
                                       const SourceData* next) {
  // Writes are serialised by the caller, so plain reads see the latest state.
  const rocksdb::ReadOptions ro;
  LG_ASSIGN_OR_RETURN(OldState old, ReadOldState(ro, source_id));
  IngestDiff diff;
  if (next != nullptr && old.source && !next->source.content_hash.empty() &&
      old.source->content_hash == next->source.content_hash) {
    diff.source_unchanged = true;
    return diff;
  }
  LG_ASSIGN_OR_RETURN(coding::TotalsRecord totals, ReadTotals(ro));
  LG_ASSIGN_OR_RETURN(uint64_t generation, ReadGeneration(ro));

  rocksdb::WriteBatch batch;
  auto put = [&](const std::string& key, const std::string& value) {
    return FromRocks(batch.Put(key, value), "building the write batch");
  };
  auto del = [&](const std::string& key) {
    return FromRocks(batch.Delete(key), "building the write batch");
  };

  // 1. Delete everything the source contributed before. Puts below win over
  // these deletes for keys the new version keeps (a batch applies in order).
  int64_t evidence_delta = 0;
  for (const auto& [id, record] : old.entities) {
    LG_RETURN_IF_ERROR(del(MakeKey(kEntityPrefix, {id, source_id})));
    LG_RETURN_IF_ERROR(del(MakeKey(kSourceEntityPrefix, {source_id, id})));
    for (const std::string& form : AliasForms(record)) {
      LG_RETURN_IF_ERROR(del(MakeKey(kAliasPrefix, {form, id, source_id})));
    }
  }
  for (const auto& [id, count] : old.facts) {
    LG_RETURN_IF_ERROR(del(MakeKey(kSourceFactPrefix, {source_id, id})));
    LG_RETURN_IF_ERROR(del(MakeKey(kSupportPrefix, {id, source_id})));
    for (uint64_t seq = 0; seq < count; ++seq) {
      LG_RETURN_IF_ERROR(del(MakeKey(kEvidencePrefix, {id, source_id, SeqKey(seq)})));
    }
    evidence_delta -= int64_t(count);
  }
  for (const std::string& n : old.reference_ns) {
    LG_RETURN_IF_ERROR(del(MakeKey(kReferencePrefix, {source_id, n})));
  }

  // 2. Put the new contribution.
  std::map<std::string, const Fact*> next_facts;
  std::set<std::string> next_entities;
  if (next != nullptr) {
    LG_RETURN_IF_ERROR(
        put(MakeKey(kSourcePrefix, {source_id}), coding::EncodeSource(next->source)));
    for (const Entity& e : next->entities) {
      next_entities.insert(e.id);
      LG_RETURN_IF_ERROR(
          put(MakeKey(kEntityPrefix, {e.id, source_id}), coding::EncodeEntityRecord(e)));
      LG_RETURN_IF_ERROR(put(MakeKey(kSourceEntityPrefix, {source_id, e.id}), ""));
      for (const std::string& form : AliasForms(e)) {
        LG_RETURN_IF_ERROR(put(MakeKey(kAliasPrefix, {form, e.id, source_id}), ""));
      }
    }
    for (const Fact& f : next->facts) {
      next_facts.emplace(f.id, &f);
      LG_RETURN_IF_ERROR(put(MakeKey(kFactPrefix, {f.id}), coding::EncodeFactRecord(f)));
      LG_RETURN_IF_ERROR(
          put(MakeKey(kOutPrefix, {f.subject, f.predicate, f.object, f.id}), ""));
      LG_RETURN_IF_ERROR(
          put(MakeKey(kInPrefix, {f.object, f.predicate, f.subject, f.id}), ""));
      LG_RETURN_IF_ERROR(put(MakeKey(kSupportPrefix, {f.id, source_id}), ""));
      LG_RETURN_IF_ERROR(put(MakeKey(kSourceFactPrefix, {source_id, f.id}),
                             coding::EncodeUint64(f.evidence.size())));
      for (size_t seq = 0; seq < f.evidence.size(); ++seq) {
        LG_RETURN_IF_ERROR(put(MakeKey(kEvidencePrefix, {f.id, source_id, SeqKey(seq)}),
                               coding::EncodeEvidence(f.evidence[seq])));
      }
      evidence_delta += int64_t(f.evidence.size());
    }
    for (const Reference& r : next->references) {
      LG_RETURN_IF_ERROR(
          put(MakeKey(kReferencePrefix, {source_id, r.n}), coding::EncodeReference(r)));
    }
  } else {
    LG_RETURN_IF_ERROR(del(MakeKey(kSourcePrefix, {source_id})));
  }

  // 3. Facts and entities that gain their first or lose their last source.
  int64_t facts_delta = 0;
  for (const auto& [id, count] : old.facts) {
    if (next_facts.count(id)) {
      ++diff.unchanged;
      continue;
    }
    ++diff.removed;
    LG_ASSIGN_OR_RETURN(bool others,
                        HasOtherSource(ro, ScanPrefix(kSupportPrefix, id), source_id));
    if (others) continue;
    --facts_delta;
    LG_ASSIGN_OR_RETURN(Fact fact, ReadFact(ro, id));
    LG_RETURN_IF_ERROR(del(MakeKey(kFactPrefix, {id})));
    LG_RETURN_IF_ERROR(
        del(MakeKey(kOutPrefix, {fact.subject, fact.predicate, fact.object, id})));
    LG_RETURN_IF_ERROR(
        del(MakeKey(kInPrefix, {fact.object, fact.predicate, fact.subject, id})));
  }
  for (const auto& [id, fact] : next_facts) {
    if (old.facts.count(id)) continue;
    ++diff.added;
    LG_ASSIGN_OR_RETURN(bool others,
                        HasOtherSource(ro, ScanPrefix(kSupportPrefix, id), source_id));
    if (!others) ++facts_delta;
  }
  int64_t entities_delta = 0;
  std::set<std::string> touched = next_entities;
  for (const auto& [id, record] : old.entities) touched.insert(id);
  for (const std::string& id : touched) {
    bool before = old.entities.count(id) > 0;
    bool after = next_entities.count(id) > 0;
    if (before == after) continue;
    LG_ASSIGN_OR_RETURN(bool others,
                        HasOtherSource(ro, ScanPrefix(kEntityPrefix, id), source_id));
    if (!others) entities_delta += after ? 1 : -1;
  }

  // 4. Counters and generation, in the same batch.
  int64_t sources_delta = (next != nullptr) - old.source.has_value();
  int64_t references_delta =
      int64_t(next ? next->references.size() : 0) - int64_t(old.reference_ns.size());
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.sources, sources_delta, "sources"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.entities, entities_delta, "entities"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.facts, facts_delta, "facts"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.evidence, evidence_delta, "evidence"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.references, references_delta, "references"));
  LG_RETURN_IF_ERROR(put(std::string(kTotalsKey), coding::EncodeTotals(totals)));
  LG_RETURN_IF_ERROR(
      put(std::string(kGenerationKey), coding::EncodeUint64(generation + 1)));

  rocksdb::WriteOptions wo;
  wo.sync = !bulk_load_;
  wo.disableWAL = bulk_load_;  // StoreOptions::bulk_load: durable at Compact/close
  LG_RETURN_IF_ERROR(
      Written(db_->Write(wo, &batch), "writing source " + std::string(source_id)));
  return diff;
}

Result<IngestDiff> RocksStore::PutSource(const SourceData& data) {
  LG_RETURN_IF_ERROR(CheckWritable());
  LG_RETURN_IF_ERROR(Validate(data));
  return Replace(data.source.id, &data);
}

Status RocksStore::RemoveSource(std::string_view source_id) {
  LG_RETURN_IF_ERROR(CheckWritable());
  if (source_id.empty() || HasSep(source_id)) {
    return Status::NotFound("graph/store: no source '" + Printable(source_id) + "' in " +
                            dir());
  }
  LG_ASSIGN_OR_RETURN(
      auto value, GetValue(rocksdb::ReadOptions(), MakeKey(kSourcePrefix, {source_id})));
  if (!value) {
    return Status::NotFound("graph/store: no source '" + std::string(source_id) +
                            "' in " + dir());
  }
  return Replace(source_id, nullptr).status();
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
          record.sources.emplace_back().source = std::string(source);
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
  EntityMerger merger;
  std::string current;
  LG_RETURN_IF_ERROR(Scan(
      snap.options, kEntityPrefix, [&](std::string_view rest, std::string_view value) {
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
        record.sources.emplace_back().source = std::string(rest.substr(sep + 1));
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
  return Scan(snap.options, kFactPrefix, [&](std::string_view id, std::string_view value) {
    fact = Fact();
    fact.id = std::string(id);
    if (!coding::DecodeFactRecord(value, "f/", &fact).ok()) {  // named on failure only
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

// Store::Check: one pass over every key under a snapshot collects what each
// record claims; the invariants of FORMAT.md are then checked against it.
// Faults are reported in a fixed order (by kind, then key order).
Result<CheckReport> RocksStore::Check() const {
  Snapshot snap(db_);
  CheckReport report;
  auto fault = [&](std::string line) { report.faults.push_back(std::move(line)); };
  using Pair = std::pair<std::string, std::string>;
  using Edge4 = std::array<std::string, 4>;  // subject, predicate, object, fact
  struct EvidenceItem {
    std::string key, fact, source;
    uint64_t begin, end;
    std::vector<std::string> refs;
  };
  std::set<std::string> sources;
  std::set<Pair> entity_records;    // (entity, source) from n/
  std::set<Pair> source_entities;   // (source, entity) from N/
  std::set<std::string> entity_ids;
  std::vector<std::array<std::string, 3>> alias_keys;  // norm, entity, source
  std::map<std::string, std::array<std::string, 3>> facts;  // id -> s, p, o
  std::set<Pair> supports;                     // (fact, source) from p/
  std::map<Pair, uint64_t> source_facts;       // (source, fact) -> count from F/
  std::map<Pair, std::set<std::string>> seqs;  // (fact, source) -> evidence seqs
  std::vector<EvidenceItem> evidence;
  std::set<Edge4> out_edges, in_edges;
  std::set<Pair> references;  // (source, n)
  std::optional<coding::TotalsRecord> totals;
  bool has_schema = false, has_generation = false;

  auto components = [&](std::string_view key, std::string_view prefix, size_t n)
      -> std::optional<std::vector<std::string>> {
    std::vector<std::string_view> parts = SplitKey(key.substr(prefix.size()));
    bool ok = parts.size() == n;
    for (std::string_view part : parts) ok = ok && !part.empty();
    if (!ok) {
      fault("malformed key " + Printable(key) + ": expected " + std::to_string(n) +
            " non-empty components");
      return std::nullopt;
    }
    return std::vector<std::string>(parts.begin(), parts.end());
  };
  auto decoded = [&](const Status& s) {
    if (!s.ok()) fault(s.message());
    return s.ok();
  };

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snap.options));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++report.keys;
    std::string_view key = ToView(it->key());
    std::string_view value = ToView(it->value());
    std::string printable = Printable(key);
    auto starts = [&](std::string_view prefix) { return key.substr(0, prefix.size()) == prefix; };
    if (key == kSchemaVersionKey) {
      has_schema = true;
    } else if (key == kGenerationKey) {
      has_generation = true;
      uint64_t generation = 0;
      decoded(coding::DecodeUint64(value, printable, &generation));
    } else if (key == kTotalsKey) {
      coding::TotalsRecord t;
      if (decoded(coding::DecodeTotals(value, printable, &t))) totals = t;
    } else if (starts(kSourcePrefix)) {
      auto c = components(key, kSourcePrefix, 1);
      if (!c) continue;
      Source src;
      decoded(coding::DecodeSource(value, printable, &src));
      sources.insert((*c)[0]);
    } else if (starts(kEntityPrefix)) {
      auto c = components(key, kEntityPrefix, 2);
      if (!c) continue;
      Entity e;
      decoded(coding::DecodeEntityRecord(value, printable, &e));
      entity_records.emplace((*c)[0], (*c)[1]);
      entity_ids.insert((*c)[0]);
    } else if (starts(kSourceEntityPrefix)) {
      auto c = components(key, kSourceEntityPrefix, 2);
      if (c) source_entities.emplace((*c)[0], (*c)[1]);
    } else if (starts(kAliasPrefix)) {
      auto c = components(key, kAliasPrefix, 3);
      if (c) alias_keys.push_back({(*c)[0], (*c)[1], (*c)[2]});
    } else if (starts(kFactPrefix)) {
      auto c = components(key, kFactPrefix, 1);
      if (!c) continue;
      Fact f;
      if (decoded(coding::DecodeFactRecord(value, printable, &f))) {
        facts[(*c)[0]] = {f.subject, f.predicate, f.object};
      }
    } else if (starts(kSupportPrefix)) {
      auto c = components(key, kSupportPrefix, 2);
      if (c) supports.emplace((*c)[0], (*c)[1]);
    } else if (starts(kSourceFactPrefix)) {
      auto c = components(key, kSourceFactPrefix, 2);
      if (!c) continue;
      uint64_t count = 0;
      if (decoded(coding::DecodeUint64(value, printable, &count))) {
        source_facts[{(*c)[0], (*c)[1]}] = count;
      }
    } else if (starts(kEvidencePrefix)) {
      auto c = components(key, kEvidencePrefix, 3);
      if (!c) continue;
      seqs[{(*c)[0], (*c)[1]}].insert((*c)[2]);
      Evidence ev;
      if (decoded(coding::DecodeEvidence(value, printable, &ev))) {
        evidence.push_back({printable, (*c)[0], (*c)[1], ev.begin, ev.end, ev.refs});
      }
    } else if (starts(kOutPrefix)) {
      auto c = components(key, kOutPrefix, 4);
      if (c) out_edges.insert({(*c)[0], (*c)[1], (*c)[2], (*c)[3]});
    } else if (starts(kInPrefix)) {
      auto c = components(key, kInPrefix, 4);
      if (c) in_edges.insert({(*c)[2], (*c)[1], (*c)[0], (*c)[3]});
    } else if (starts(kReferencePrefix)) {
      auto c = components(key, kReferencePrefix, 2);
      if (!c) continue;
      Reference r;
      decoded(coding::DecodeReference(value, printable, &r));
      references.emplace((*c)[0], (*c)[1]);
    } else if (starts(kDecisionPrefix) || starts(kCuratorFactPrefix) ||
               starts(kCuratorAliasPrefix) || starts(kLogPrefix)) {
      // The curation overlay (CURATION.md); it never refers to machine keys.
    } else {
      fault("unknown key " + printable);
    }
  }
  LG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning every key"));
  auto key = [](std::string_view prefix, std::initializer_list<std::string_view> parts) {
    return Printable(MakeKey(prefix, parts));
  };

  if (!has_schema) fault("meta/schema_version is missing");
  if (!has_generation) fault("meta/generation is missing");
  for (const auto& [e, s] : entity_records) {
    if (!sources.count(s)) {
      fault("entity record " + key(kEntityPrefix, {e, s}) + ": source '" + s +
            "' is not stored");
    }
    if (!source_entities.count({s, e})) {
      fault("entity record " + key(kEntityPrefix, {e, s}) + ": index " +
            key(kSourceEntityPrefix, {s, e}) + " is missing");
    }
  }
  for (const auto& [s, e] : source_entities) {
    if (!entity_records.count({e, s})) {
      fault("index " + key(kSourceEntityPrefix, {s, e}) + ": entity record " +
            key(kEntityPrefix, {e, s}) + " is missing");
    }
  }
  for (const auto& [norm, e, s] : alias_keys) {
    if (!entity_records.count({e, s})) {
      fault("alias " + key(kAliasPrefix, {norm, e, s}) + ": entity record " +
            key(kEntityPrefix, {e, s}) + " is missing");
    }
  }
  std::set<std::string> supported;
  for (const auto& [x, s] : supports) supported.insert(x);
  for (const auto& [x, spo] : facts) {
    const auto& [subject, predicate, object] = spo;
    if (!entity_ids.count(subject)) {
      fault("fact " + x + ": subject '" + subject + "' has no entity record");
    }
    if (!entity_ids.count(object)) {
      fault("fact " + x + ": object '" + object + "' has no entity record");
    }
    if (!out_edges.count({subject, predicate, object, x})) {
      fault("fact " + x + ": out-edge " + key(kOutPrefix, {subject, predicate, object, x}) +
            " is missing");
    }
    if (!in_edges.count({subject, predicate, object, x})) {
      fault("fact " + x + ": in-edge " + key(kInPrefix, {object, predicate, subject, x}) +
            " is missing");
    }
    if (!supported.count(x)) {
      fault("fact " + x + ": no source supports it (no " + key(kSupportPrefix, {x}) +
            "|* key)");
    }
  }
  auto matches_fact = [&](const Edge4& e) {
    auto it = facts.find(e[3]);
    return it != facts.end() && it->second == std::array<std::string, 3>{e[0], e[1], e[2]};
  };
  for (const Edge4& e : out_edges) {
    if (!matches_fact(e)) {
      fault("out-edge " + key(kOutPrefix, {e[0], e[1], e[2], e[3]}) +
            ": no fact record matches");
    }
  }
  for (const Edge4& e : in_edges) {
    if (!matches_fact(e)) {
      fault("in-edge " + key(kInPrefix, {e[2], e[1], e[0], e[3]}) +
            ": no fact record matches");
    }
  }
  for (const auto& [x, s] : supports) {
    std::string p = key(kSupportPrefix, {x, s});
    if (!sources.count(s)) fault("support " + p + ": source '" + s + "' is not stored");
    if (!facts.count(x)) fault("support " + p + ": fact record f/" + x + " is missing");
    if (!source_facts.count({s, x})) {
      fault("support " + p + ": index " + key(kSourceFactPrefix, {s, x}) + " is missing");
    }
  }
  for (const auto& [sx, count] : source_facts) {
    const auto& [s, x] = sx;
    std::string f = key(kSourceFactPrefix, {s, x});
    if (!supports.count({x, s})) {
      fault("index " + f + ": support record " + key(kSupportPrefix, {x, s}) +
            " is missing");
    }
    std::set<std::string> want;
    for (uint64_t i = 0; i < count; ++i) want.insert(SeqKey(i));
    auto found = seqs.find({x, s});
    const std::set<std::string> none;
    const std::set<std::string>& got = found == seqs.end() ? none : found->second;
    if (got != want) {
      fault("index " + f + ": counts " + std::to_string(count) +
            " evidence records, found " + std::to_string(got.size()) + " (" +
            key(kEvidencePrefix, {x, s}) + "|*)");
    }
  }
  for (const auto& [xs, seq_set] : seqs) {
    const auto& [x, s] = xs;
    if (!source_facts.count({s, x})) {
      fault("evidence " + key(kEvidencePrefix, {x, s}) + "|*: index " +
            key(kSourceFactPrefix, {s, x}) + " is missing");
    }
  }
  for (const EvidenceItem& ev : evidence) {
    if (!sources.count(ev.source)) {
      fault("evidence " + ev.key + ": source '" + ev.source + "' is not stored");
    }
    if (!facts.count(ev.fact)) {
      fault("evidence " + ev.key + ": fact record f/" + ev.fact + " is missing");
    }
    if (ev.begin >= ev.end) {
      fault("evidence " + ev.key + ": span [" + std::to_string(ev.begin) + ", " +
            std::to_string(ev.end) + ") is empty or inverted");
    }
    // A source without a reference list (no r/S|* at all) keeps the numbers
    // it cites unresolved; with a list, every cited number must be in it.
    auto has_list = references.lower_bound({ev.source, ""});
    bool listed = has_list != references.end() && has_list->first == ev.source;
    for (const std::string& n : ev.refs) {
      if (listed && !references.count({ev.source, n})) {
        fault("evidence " + ev.key + ": cites reference [" + n + "] but " +
              key(kReferencePrefix, {ev.source, n}) + " is missing");
      }
    }
  }
  for (const auto& [s, n] : references) {
    if (!sources.count(s)) {
      fault("reference " + key(kReferencePrefix, {s, n}) + ": source '" + s +
            "' is not stored");
    }
  }

  report.sources = sources.size();
  report.entities = entity_ids.size();
  report.facts = facts.size();
  report.edges = out_edges.size();
  report.evidence = 0;
  for (const auto& [xs, seq_set] : seqs) report.evidence += seq_set.size();
  report.references = references.size();
  if (!totals) {
    fault("meta/totals is missing");
  } else {
    auto compare = [&](const char* name, uint64_t stored, uint64_t counted) {
      if (stored != counted) {
        fault(std::string("meta/totals: ") + name + " is " + std::to_string(stored) +
              ", counted " + std::to_string(counted));
      }
    };
    compare("sources", totals->sources, report.sources);
    compare("entities", totals->entities, report.entities);
    compare("facts", totals->facts, report.facts);
    compare("evidence", totals->evidence, report.evidence);
    compare("references", totals->references, report.references);
  }
  return report;
}

Result<Store::Totals> RocksStore::GetTotals() const {
  LG_ASSIGN_OR_RETURN(coding::TotalsRecord t, ReadTotals(rocksdb::ReadOptions()));
  return Totals{t.sources, t.entities, t.facts, t.evidence, t.references};
}

Result<uint64_t> RocksStore::Generation() const {
  return ReadGeneration(rocksdb::ReadOptions());
}

// ---- Curation overlay ------------------------------------------------------

// Log sequence numbers: 16 lower-case hex digits, so keys sort in write order.
std::string LogSeqKey(uint64_t seq) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(seq));
  return buf;
}

Result<uint64_t> ParseLogSeq(std::string_view hex, std::string_view key) {
  uint64_t seq = 0;
  bool ok = hex.size() == 16;
  for (char c : hex) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) ok = false;
    seq = seq * 16 + uint64_t(digit < 0 ? 0 : digit);
  }
  if (!ok) {
    return Status::Corruption("graph/store: malformed log sequence in key " +
                              Printable(key));
  }
  return seq;
}

// CurationOp record (CURATION.md): action (varint32), curator, time, reason,
// fact_id, subject, predicate, object (strings), attributes (map), source,
// quote (strings), refs (list), alias, entity (strings).
std::string EncodeCurationOp(const CurationOp& op) {
  std::string out;
  coding::PutVarint32(&out, static_cast<uint32_t>(op.action));
  for (const std::string* f : {&op.curator, &op.time, &op.reason, &op.fact_id, &op.subject,
                               &op.predicate, &op.object}) {
    coding::PutString(&out, *f);
  }
  coding::PutStringMap(&out, op.attributes);
  coding::PutString(&out, op.source);
  coding::PutString(&out, op.quote);
  coding::PutStringList(&out, op.refs);
  coding::PutString(&out, op.alias);
  coding::PutString(&out, op.entity);
  return out;
}

Status DecodeCurationOp(std::string_view bytes, std::string_view what, CurationOp* op) {
  coding::Decoder d(bytes, what);
  uint32_t action = 0;
  LG_RETURN_IF_ERROR(d.GetVarint32(&action));
  if (action < uint32_t(CurationAction::kReject) ||
      action > uint32_t(CurationAction::kUnalias)) {
    return Status::Corruption("graph/store: " + std::string(what) +
                              ": unknown curation action " + std::to_string(action));
  }
  op->action = static_cast<CurationAction>(action);
  for (std::string* f : {&op->curator, &op->time, &op->reason, &op->fact_id, &op->subject,
                         &op->predicate, &op->object}) {
    LG_RETURN_IF_ERROR(d.GetString(f));
  }
  LG_RETURN_IF_ERROR(d.GetStringMap(&op->attributes));
  LG_RETURN_IF_ERROR(d.GetString(&op->source));
  LG_RETURN_IF_ERROR(d.GetString(&op->quote));
  LG_RETURN_IF_ERROR(d.GetStringList(&op->refs));
  LG_RETURN_IF_ERROR(d.GetString(&op->alias));
  LG_RETURN_IF_ERROR(d.GetString(&op->entity));
  return d.ExpectEnd();
}

Status RocksStore::ApplyCuration(const CurationBatch& batch) {
  LG_RETURN_IF_ERROR(CheckWritable());
  const rocksdb::ReadOptions ro;
  // The next log sequence number: one past the last l/ key.
  uint64_t seq = 1;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    const std::string past_log = "l0";  // '0' follows '/', so this sorts after every l/ key
    it->SeekForPrev(past_log);
    if (it->Valid() && ToView(it->key()).substr(0, kLogPrefix.size()) == kLogPrefix) {
      std::string_view key = ToView(it->key());
      LG_ASSIGN_OR_RETURN(uint64_t last, ParseLogSeq(key.substr(kLogPrefix.size()), key));
      seq = last + 1;
    }
    LG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the audit log"));
  }
  LG_ASSIGN_OR_RETURN(uint64_t generation, ReadGeneration(ro));
  rocksdb::WriteBatch wb;
  auto put = [&](const std::string& key, const std::string& value) {
    return FromRocks(wb.Put(key, value), "building the write batch");
  };
  for (const CurationOp& op : batch.ops) {
    std::string value = EncodeCurationOp(op);
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
          LG_RETURN_IF_ERROR(
              put(MakeKey(kCuratorFactPrefix, {op.fact_id, LogSeqKey(seq)}), value));
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
          LG_RETURN_IF_ERROR(FromRocks(wb.Delete(key), "building the write batch"));
        }
        break;
      }
    }
    LG_RETURN_IF_ERROR(put(MakeKey(kLogPrefix, {LogSeqKey(seq)}), value));
    ++seq;
  }
  LG_RETURN_IF_ERROR(
      put(std::string(kGenerationKey), coding::EncodeUint64(generation + 1)));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return Written(db_->Write(wo, &wb), "writing curation decisions");
}

Result<CurationOverlay> RocksStore::LoadCuration() const {
  Snapshot snap(db_);
  CurationOverlay overlay;
  LG_RETURN_IF_ERROR(Scan(snap.options, kDecisionPrefix,
                          [&](std::string_view fact, std::string_view value) {
                            CurationOp op;
                            LG_RETURN_IF_ERROR(DecodeCurationOp(
                                value, "c/" + Printable(fact), &op));
                            overlay.decisions.emplace(std::string(fact), std::move(op));
                            return Status::Ok();
                          }));
  LG_RETURN_IF_ERROR(Scan(snap.options, kCuratorFactPrefix,
                          [&](std::string_view rest, std::string_view value) {
                            std::vector<std::string_view> parts = SplitKey(rest);
                            if (parts.size() != 2) {
                              return Status::Corruption("graph/store: " + dir() +
                                                        ": malformed curator fact key m/" +
                                                        Printable(rest));
                            }
                            CurationOp op;
                            LG_RETURN_IF_ERROR(
                                DecodeCurationOp(value, "m/" + Printable(rest), &op));
                            overlay.added[std::string(parts[0])].push_back(std::move(op));
                            return Status::Ok();
                          }));
  LG_RETURN_IF_ERROR(Scan(snap.options, kCuratorAliasPrefix,
                          [&](std::string_view norm, std::string_view value) {
                            CurationOp op;
                            LG_RETURN_IF_ERROR(
                                DecodeCurationOp(value, "u/" + Printable(norm), &op));
                            overlay.aliases.emplace(std::string(norm), std::move(op));
                            return Status::Ok();
                          }));
  return overlay;
}

Status RocksStore::ForEachLogEntry(
    const std::function<Status(const LogEntry&)>& fn) const {
  Snapshot snap(db_);
  return Scan(snap.options, kLogPrefix, [&](std::string_view hex, std::string_view value) {
    LogEntry entry;
    std::string key = "l/" + std::string(hex);
    LG_ASSIGN_OR_RETURN(entry.seq, ParseLogSeq(hex, key));
    LG_RETURN_IF_ERROR(DecodeCurationOp(value, key, &entry.op));
    return fn(entry);
  });
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

Status RocksStore::Compact() {
  LG_RETURN_IF_ERROR(CheckWritable());
  LG_RETURN_IF_ERROR(Written(db_->FlushWAL(/*sync=*/true), "flushing the WAL"));
  rocksdb::FlushOptions flush;
  flush.wait = true;
  LG_RETURN_IF_ERROR(Written(db_->Flush(flush), "flushing the memtables"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return Written(db_->CompactRange(compact, nullptr, nullptr), "compacting");
}

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

rocksdb::Options MakeOptions() {
  rocksdb::Options options;
  options.info_log = std::make_shared<NullLogger>();
  options.max_open_files = -1;
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

std::string ReadPid(const std::string& dir) {
  std::ifstream in(fs::path(dir) / kPidFile);
  std::string pid;
  if (!(in >> pid) || pid.empty() ||
      !std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "unknown";
  }
  return pid;
}

// True when every entry of `dir` is a file RocksDB (or our pid file) writes
// before a new database's CURRENT file: LOCK, LOG*, IDENTITY, MANIFEST-*,
// OPTIONS-*, *.log, *.dbtmp, litgraph.pid. True for an empty directory.
bool OnlyCreationLeftovers(const std::string& dir, std::error_code* ec) {
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, *ec)) {
    std::string name = entry.path().filename().string();
    auto starts = [&](std::string_view p) { return name.rfind(p, 0) == 0; };
    auto ends = [&](std::string_view x) {
      return name.size() >= x.size() && name.compare(name.size() - x.size(), x.size(), x) == 0;
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

}  // namespace

Status Store::ForEachFactHeader(const std::function<Status(Fact&)>& fn) const {
  return ForEachFact([&](const Fact& f) {
    Fact header = f;
    header.evidence.clear();
    return fn(header);
  });
}

Status Store::Compact() {
  return Status::FailedPrecondition("graph/store: " + dir() +
                                    ": this store cannot be compacted");
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir,
                                           const StoreOptions& options) {
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
  if (!has_db) {
    // Only files RocksDB writes while creating a database (a writer killed
    // before CURRENT existed): a store never created, created afresh.
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
  }

  rocksdb::Options db_options = MakeOptions();
  db_options.create_if_missing = !has_db;
  if (options.bulk_load && !options.read_only) db_options.write_buffer_size = 256 << 20;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = options.read_only
                          ? rocksdb::DB::OpenForReadOnly(db_options, dir, &db)
                          : rocksdb::DB::Open(db_options, dir, &db);
  if (!s.ok()) {
    if (!options.read_only && s.IsIOError() &&
        s.ToString().find("lock") != std::string::npos &&
        s.ToString().find("Read-only file system") == std::string::npos) {
      return Status::FailedPrecondition("graph/store: " + dir +
                                        " is locked by another litgraph process (pid " +
                                        ReadPid(dir) + ")");
    }
    std::string message = "graph/store: cannot open " + dir + ": " + s.ToString();
    if (s.IsCorruption()) return Status::Corruption(message);
    return Status::IOError(message);
  }
  auto store = std::make_unique<RocksStore>(dir, db, options.read_only,
                                            options.bulk_load && !options.read_only);
  // A writer killed between creating the RocksDB files and writing the first
  // records leaves a database without a single key: that is a store never
  // created, so a writer initialises it and a reader reports no store.
  bool fresh = !has_db;
  if (has_db) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
    it->SeekToFirst();
    if (!it->Valid() && it->status().ok()) {
      if (options.read_only) return NoStore(dir);
      fresh = true;
    }
  }
  if (fresh) LG_RETURN_IF_ERROR(store->Initialise());
  LG_RETURN_IF_ERROR(store->CheckSchema());
  if (!options.read_only) {
    std::ofstream pid(fs::path(dir) / kPidFile, std::ios::trunc);
    pid << ::getpid() << "\n";
    if (!pid.flush()) {
      return Status::IOError("graph/store: cannot write " + dir + "/" +
                             std::string(kPidFile));
    }
  }
  return std::unique_ptr<Store>(std::move(store));
}

namespace {

// Opens the closed store in `dir` for one raw write (test hooks only).
Status WithRawDb(const std::string& dir, const std::function<rocksdb::Status(rocksdb::DB*)>& fn) {
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(MakeOptions(), dir, &db);
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  s = fn(db);
  db->Close().PermitUncheckedError();
  delete db;
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  return Status::Ok();
}

}  // namespace

Status PutRawKeyForTesting(const std::string& dir, std::string_view key,
                           std::string_view value) {
  return WithRawDb(dir, [&](rocksdb::DB* db) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return db->Put(wo, ToSlice(key), ToSlice(value));
  });
}

Status DeleteRawKeyForTesting(const std::string& dir, std::string_view key) {
  return WithRawDb(dir, [&](rocksdb::DB* db) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return db->Delete(wo, ToSlice(key));
  });
}

Result<std::vector<std::pair<std::string, std::string>>> ScanRawKeysForTesting(
    const std::string& dir, std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  Status status = WithRawDb(dir, [&](rocksdb::DB* db) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
    for (it->Seek(ToSlice(prefix)); it->Valid(); it->Next()) {
      std::string_view key = ToView(it->key());
      if (key.substr(0, prefix.size()) != prefix) break;
      out.emplace_back(std::string(key), std::string(ToView(it->value())));
    }
    return it->status();
  });
  if (!status.ok()) return status;
  return out;
}

Status SetSchemaVersionForTesting(const std::string& dir, int version) {
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(MakeOptions(), dir, &db);
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  rocksdb::WriteOptions wo;
  wo.sync = true;
  s = db->Put(wo, ToSlice(kSchemaVersionKey), std::to_string(version));
  db->Close().PermitUncheckedError();
  delete db;
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  return Status::Ok();
}

}  // namespace lg::graph
