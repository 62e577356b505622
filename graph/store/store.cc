// The RocksDB store. Key layout and value encodings: graph/store/FORMAT.md.
//
// Every write is one WriteBatch built by Replace(): it reads what the source
// contributed before (its per-source indexes), deletes all of it, puts the new
// contribution, drops the facts and entities that lost their last source, and
// updates meta/totals and meta/generation in the same batch.
#include "graph/store/store.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
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
class EntityMerger {
 public:
  void Add(const Entity& record) {
    if (count_++ == 0) {
      merged_.kind = record.kind;
      merged_.label = record.label;
    }
    aliases_.insert(record.aliases.begin(), record.aliases.end());
    for (const auto& [k, v] : record.attributes) {
      auto [it, inserted] = merged_.attributes.emplace(k, v);
      if (!inserted && it->second.empty()) it->second = v;
    }
  }
  bool empty() const { return count_ == 0; }
  Entity Take(std::string id) {
    merged_.id = std::move(id);
    merged_.aliases.assign(aliases_.begin(), aliases_.end());
    Entity out = std::move(merged_);
    *this = EntityMerger();
    return out;
  }

 private:
  size_t count_ = 0;
  Entity merged_;
  std::set<std::string> aliases_;
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
  RocksStore(std::string dir, rocksdb::DB* db, bool read_only)
      : Store(std::move(dir)), db_(db), read_only_(read_only) {}

  ~RocksStore() override {
    if (!read_only_) {
      db_->FlushWAL(/*sync=*/true).PermitUncheckedError();
      db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
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
  Status ForEachEntity(const std::function<Status(const Entity&)>& fn) const override;
  Result<Fact> GetFact(std::string_view fact_id) const override;
  Status ForEachFact(const std::function<Status(const Fact&)>& fn) const override;
  Result<std::vector<Edge>> OutEdges(std::string_view entity_id) const override;
  Result<std::vector<Edge>> InEdges(std::string_view entity_id) const override;
  Result<std::vector<Reference>> GetReferences(std::string_view source_id) const override;
  Result<Reference> GetReference(std::string_view source_id,
                                 std::string_view n) const override;
  Result<Totals> GetTotals() const override;
  Result<uint64_t> Generation() const override;

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
  return FromRocks(db_->Write(wo, &batch), "writing the schema version record");
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
  wo.sync = true;
  LG_RETURN_IF_ERROR(
      FromRocks(db_->Write(wo, &batch), "writing source " + std::string(source_id)));
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
          merger.Add(record);
          return Status::Ok();
        }));
  }
  if (merger.empty()) {
    return Status::NotFound("graph/store: no entity '" + Printable(entity_id) + "' in " +
                            dir());
  }
  return merger.Take(std::string(entity_id));
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

Status RocksStore::ForEachEntity(const std::function<Status(const Entity&)>& fn) const {
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
        if (!merger.empty() && id != current)
          LG_RETURN_IF_ERROR(fn(merger.Take(current)));
        current = std::string(id);
        Entity record;
        LG_RETURN_IF_ERROR(
            coding::DecodeEntityRecord(value, "n/" + Printable(rest), &record));
        merger.Add(record);
        return Status::Ok();
      }));
  if (!merger.empty()) LG_RETURN_IF_ERROR(fn(merger.Take(current)));
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

// Sane defaults; the data are small. Compression: the best the linked
// RocksDB supports (Debian builds differ).
rocksdb::Options MakeOptions() {
  rocksdb::Options options;
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

Status NoStore(const std::string& dir) {
  return Status::NotFound("graph/store: no litgraph store at " + dir +
                          "; run `litgraph ingest FILE --db " + dir + "` first");
}

}  // namespace

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
    bool empty = !exists || fs::is_empty(dir, ec);
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
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = options.read_only
                          ? rocksdb::DB::OpenForReadOnly(db_options, dir, &db)
                          : rocksdb::DB::Open(db_options, dir, &db);
  if (!s.ok()) {
    if (!options.read_only && s.IsIOError() &&
        s.ToString().find("lock") != std::string::npos) {
      return Status::FailedPrecondition("graph/store: " + dir +
                                        " is locked by another litgraph process (pid " +
                                        ReadPid(dir) + ")");
    }
    std::string message = "graph/store: cannot open " + dir + ": " + s.ToString();
    if (s.IsCorruption()) return Status::Corruption(message);
    return Status::IOError(message);
  }
  auto store = std::make_unique<RocksStore>(dir, db, options.read_only);
  if (!has_db) LG_RETURN_IF_ERROR(store->Initialise());
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
