// What the files of the RocksDB store share: the key layout of FORMAT.md, the
// key helpers, and RocksStore, the one Store implementation. store.cc holds
// the store itself (open, reads), store_write.cc its write path,
// store_curation.cc the curation overlay's reads and writes, store_check.cc
// the consistency check, writer_lock.cc the writer lock's owner record,
// curation_codec.cc the curation overlay's encodings, store_testing.cc the
// test hooks.
// Internal to graph/store; nothing else includes this header.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/mutex.h"
#include "graph/store/coding.h"
#include "graph/store/image.h"
#include "graph/store/store.h"

namespace lg::graph::store_internal {

// Key prefixes (FORMAT.md). Stored; DO NOT CHANGE.
inline constexpr std::string_view kSchemaVersionKey = "meta/schema_version";
inline constexpr std::string_view kGenerationKey = "meta/generation";
inline constexpr std::string_view kTotalsKey = "meta/totals";
inline constexpr std::string_view kSourcePrefix = "s/";        // s/<source>
inline constexpr std::string_view kEntityPrefix = "n/";        // n/<entity>\0<source>
inline constexpr std::string_view kSourceEntityPrefix = "N/";  // N/<source>\0<entity>
inline constexpr std::string_view kAliasPrefix = "a/";    // a/<norm>\0<entity>\0<source>
inline constexpr std::string_view kFactPrefix = "f/";     // f/<fact>
inline constexpr std::string_view kSupportPrefix = "p/";  // p/<fact>\0<source>
inline constexpr std::string_view kSourceFactPrefix = "F/";  // F/<source>\0<fact>
inline constexpr std::string_view kEvidencePrefix = "e/";    // e/<fact>\0<source>\0<seq>
inline constexpr std::string_view kOutPrefix = "o/";         // o/<s>\0<p>\0<o>\0<fact>
inline constexpr std::string_view kInPrefix = "i/";          // i/<o>\0<p>\0<s>\0<fact>
inline constexpr std::string_view kReferencePrefix = "r/";   // r/<source>\0<n>
inline constexpr std::string_view kRenderingPrefix = "t/";   // t/<source>
// Curation overlay (CURATION.md). Stored; DO NOT CHANGE.
inline constexpr std::string_view kDecisionPrefix = "c/";      // c/<fact>
inline constexpr std::string_view kCuratorFactPrefix = "m/";   // m/<fact>\0<seq>
inline constexpr std::string_view kCuratorAliasPrefix = "u/";  // u/<norm>
inline constexpr std::string_view kLogPrefix = "l/";           // l/<seq>
inline constexpr char kSep = '\0';

// prefix + parts joined with '\0'.
inline std::string MakeKey(std::string_view prefix,
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
inline std::string ScanPrefix(std::string_view prefix, std::string_view part) {
  std::string key(prefix);
  key.append(part);
  key += kSep;
  return key;
}

// Evidence sequence numbers: 8 lower-case hex digits, so keys sort in order.
inline std::string SeqKey(uint64_t seq) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%08llx", static_cast<unsigned long long>(seq));
  return buf;
}

inline std::vector<std::string_view> SplitKey(std::string_view rest) {
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

inline rocksdb::Slice ToSlice(std::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}
inline std::string_view ToView(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

// Printable form of a key for messages: '\0' shown as '|'.
inline std::string Printable(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), kSep, '|');
  return out;
}

inline bool HasSep(std::string_view s) { return s.find(kSep) != std::string_view::npos; }

// The RocksDB options every open uses (store.cc).
rocksdb::Options MakeOptions();

// Store::Open (store.cc).
Result<std::unique_ptr<Store>> OpenRocksStore(const std::string& dir,
                                              const StoreOptions& options);

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
  ~RocksStore() override;

  Result<IngestDiff> PutSource(const SourceData& data,
                               const PutOptions& options) override;
  Status Sync() override;
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
  Result<Fact> GetFactHeader(std::string_view fact_id) const override;
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
  Result<CheckReport> Check() const override;  // store_check.cc
  std::shared_ptr<const GraphImage> Image() const override;
  std::string ImageNote() const override;

  // The graph image at open (store_image.cc): a writer builds it when it is
  // missing, stale or corrupt (telling `notice` why, unless the store is
  // new); a reader maps it when it is current, else notes why not.
  Status OpenImage(bool fresh, const std::function<void(const std::string&)>& notice);
  // Writes the image of the current state unless the mapped one is current;
  // at Compact and close. A failure leaves the old file (stale: rebuilt later) and
  // is kept in ImageNote(); the write itself stands.
  void RefreshImage();
  // After a write: Image() is nullptr until RefreshImage (at Compact, close).
  void MarkImageStale();

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

  // ---- Graph image (store_image.cc) ----
  std::string ImagePath() const;
  // The content of the image of the state `ro` sees.
  Result<ImageContent> ReadImageContent(const rocksdb::ReadOptions& ro) const;
  // Builds the image of the current state, writes it atomically (temporary
  // file, fsync, rename, fsync of the directory) and maps it.
  Status WriteImage();
  // The image's state against the state `ro` sees, for Check: a fault for
  // a corrupt image or one that disagrees with the store.
  std::string CheckImage(const rocksdb::ReadOptions& ro,
                         std::vector<std::string>* faults) const;
  void SetImage(std::shared_ptr<const GraphImage> image, std::string note);

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
  // ForEachEntity under `ro`.
  Status ForEachEntityAt(const rocksdb::ReadOptions& ro,
                         const std::function<Status(Entity&)>& fn) const;
  Result<std::vector<Edge>> Edges(std::string_view prefix,
                                  std::string_view entity_id) const;
  Result<coding::TotalsRecord> ReadTotals(const rocksdb::ReadOptions& ro) const;
  Result<uint64_t> ReadGeneration(const rocksdb::ReadOptions& ro) const;
  // One past the last audit log sequence number (1 for an empty log).
  Result<uint64_t> NextLogSeq(const rocksdb::ReadOptions& ro) const;
  // Adds one curation op, as log entry `seq`, to `wb` (store_curation.cc).
  Status PutCurationOp(const CurationOp& op, uint64_t seq, rocksdb::WriteBatch* wb) const;

  // Adds to a batch being built; a failure is a Status naming the store.
  Status BatchPut(rocksdb::WriteBatch* batch, const std::string& key,
                  const std::string& value) const;
  Status BatchDelete(rocksdb::WriteBatch* batch, const std::string& key) const;

  // Replaces what `source_id` contributed with `next` (nullptr: nothing), in
  // one batch built by the passes below, in their order (store_write.cc).
  // `sync`: PutOptions::sync (RemoveSource always syncs).
  Result<IngestDiff> Replace(std::string_view source_id, const SourceData* next,
                             bool sync = true);
  struct Replacement;
  Status DeleteContribution(std::string_view source_id, const OldState& old,
                            Replacement* r) const;
  Status PutContribution(std::string_view source_id, const SourceData& next,
                         Replacement* r) const;
  Status SettleFacts(const rocksdb::ReadOptions& ro, std::string_view source_id,
                     const OldState& old, Replacement* r) const;
  Status SettleEntities(const rocksdb::ReadOptions& ro, std::string_view source_id,
                        const OldState& old, Replacement* r) const;
  Status PutCounters(const OldState& old, const SourceData* next,
                     coding::TotalsRecord totals, uint64_t generation,
                     Replacement* r) const;

  rocksdb::DB* db_;
  bool read_only_;
  bool bulk_load_;                     // StoreOptions::bulk_load
  mutable bool write_failed_ = false;  // set by Written on a failed write
  mutable Mutex image_mu_;
  std::shared_ptr<const GraphImage> image_ LG_GUARDED_BY(image_mu_);
  std::string image_note_ LG_GUARDED_BY(image_mu_);  // why image_ is null
};

}  // namespace lg::graph::store_internal
