// Store: the durable knowledge graph, on RocksDB. The ONLY code that includes
// <rocksdb/...>. Key layout and value encodings: graph/store/FORMAT.md.
//
// Start here: Open, PutSource (ingest writes one source atomically), then the
// readers (ForEachEntity, ForEachFact, edges, references) that export, eval and
// the graph view use.
//
// Durability and atomicity: every PutSource/RemoveSource is one WriteBatch, so
// a source is in the store whole or not at all, also after a crash. By default
// the batch is synced before PutSource returns; PutOptions::sync = false and
// Sync() let a bulk ingest share one fsync among many sources (group commit):
// a crash of the machine then loses at most the sources written since the last
// sync, each of them whole (FORMAT.md "Durability").
//
// Concurrency: one writer process at a time (RocksDB's LOCK file; a second
// writer gets FailedPrecondition "graph/store: DIR is locked by another
// litgraph process (pid N)").
// A Store opened read_only never takes the lock and sees the state as of
// Open. A Store object is safe to use from several threads for reads; writes
// must be serialised by the caller.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/curation.h"
#include "graph/model.h"
#include "graph/status.h"
#include "graph/store/image.h"

namespace lg::graph {

// Bumped when the key layout or an encoding changes. Opening a store written
// with another version fails with FailedPrecondition (an older one with what
// it lacks and how to rebuild). 2: entity records carry the source's mentions
// of the entity; sources carry pmid, pmcid, license and a JATS article's
// rendering (t/<source>). 3: entity and fact records carry list attributes as
// lists. See graph/store/FORMAT.md.
inline constexpr int kSchemaVersion = 3;

struct StoreOptions {
  // Open without taking the writer lock; all writes fail. Default: false.
  bool read_only = false;
  // Create the directory and an empty store when missing (never when
  // read_only). Default: true.
  bool create_if_missing = true;
  // For bulk loaders (tools/bench/gen_graph): PutSource skips the write-ahead
  // log and the sync, and the memtables are larger. Sources become durable at
  // Compact() or when the store is closed; a crash during the load loses
  // what was written since the open. Never for ingest. Default: false.
  bool bulk_load = false;
  // Called with a message for the user when Open does work worth knowing of:
  // building the graph image of a store that has none or a stale one
  // (IMAGE.md). Default: none (silent).
  std::function<void(const std::string&)> notice = nullptr;
};

// How PutSource makes its batch durable.
struct PutOptions {
  // true: the write-ahead log is fsynced before PutSource returns, and with it
  // every earlier unsynced batch. false (group commit): the batch is in the
  // WAL file but not fsynced, so a killed process loses nothing (the bytes are
  // the kernel's), while a machine crash or power loss before the next sync
  // (a synced PutSource or Sync()) may lose it and the batches after it, each
  // whole: recovery replays the WAL up to its last intact batch. Default: true.
  bool sync = true;
};

// What PutSource changed for that source, by fact id.
struct IngestDiff {
  uint64_t added = 0;             // facts of this source that it did not have before
  uint64_t removed = 0;           // facts this source supported before and no longer does
  uint64_t unchanged = 0;         // facts this source supported before and still does
  bool source_unchanged = false;  // same content hash as stored: nothing written
};

// What Store::Check found: one line per fault (empty when the store is
// sound), and what it counted while scanning.
struct CheckReport {
  std::vector<std::string> faults;
  uint64_t keys = 0;  // every key scanned, meta/ included
  uint64_t sources = 0;
  uint64_t entities = 0;  // distinct entity ids with a record
  uint64_t facts = 0;
  uint64_t edges = 0;  // out-edges (`o/` keys)
  uint64_t evidence = 0;
  uint64_t references = 0;
  // The graph image's state (IMAGE.md), one line: "current (generation N: V
  // vertices, F facts, B bytes)", "missing: ...", "stale: ...". A missing or
  // stale image is no fault (the next writer builds it); a corrupt one, or one
  // of the store's generation that disagrees with the store, is.
  std::string image;
};

class Store {
 public:
  // Opens (or creates) the store in `dir`.
  // Errors: NotFound when missing and !create_if_missing or read_only
  //   ("graph/store: no litgraph store at DIR; run `litgraph ingest FILE
  //   --db DIR` first");
  //   FailedPrecondition for another schema version or a second writer;
  //   IOError for an unreadable or unwritable directory; Corruption.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir,
                                             const StoreOptions& options = {});
  virtual ~Store() = default;

  // Replaces everything `data.source.id` contributed with `data`, in one
  // WriteBatch: its evidence, the facts only it supported, its entity
  // surface forms, its references and its source record. Facts also supported
  // by other sources keep their other evidence. When the stored content hash
  // equals data.source.content_hash nothing is written
  // (IngestDiff::source_unchanged).
  // `options.sync`: see PutOptions (group commit).
  virtual Result<IngestDiff> PutSource(const SourceData& data,
                                       const PutOptions& options = {}) = 0;
  // Makes every write before it durable: one fsync of the write-ahead log,
  // the end of a group commit (PutOptions::sync = false). A no-op when
  // nothing is unsynced. FailedPrecondition on a read-only store (the
  // default); IOError from RocksDB.
  virtual Status Sync();

  // Removes a source as PutSource would replace it with nothing.
  // NotFound when the source is not stored.
  virtual Status RemoveSource(std::string_view source_id) = 0;

  // Sources sorted by id.
  virtual Result<std::vector<Source>> ListSources() const = 0;
  // NotFound when absent.
  virtual Result<Source> GetSource(std::string_view source_id) const = 0;
  // What one source contributed: its entities (with the surface forms seen in
  // it), its facts with only its evidence, its references. NotFound when absent.
  virtual Result<SourceData> LoadSource(std::string_view source_id) const = 0;

  // The merged entity: aliases are the union over sources, attributes and list
  // attributes take the first non-empty value (list) in source-id order. NotFound when no
  // source has it.
  virtual Result<Entity> GetEntity(std::string_view entity_id) const = 0;
  // Entity ids whose aliases (or label) normalise (NormalizeAlias) to the same
  // string as `surface`; sorted, possibly empty.
  virtual Result<std::vector<std::string>> LookupAlias(
      std::string_view surface) const = 0;
  // Every entity in id order. Stops early and returns the callback's error.
  // The entity is the callback's to keep: it may move from it.
  virtual Status ForEachEntity(const std::function<Status(Entity&)>& fn) const = 0;

  // The fact with all its evidence, sorted by (source, begin, rule).
  virtual Result<Fact> GetFact(std::string_view fact_id) const = 0;
  // Every fact, with evidence, in id order.
  virtual Status ForEachFact(const std::function<Status(const Fact&)>& fn) const = 0;
  // Every fact in id order WITHOUT its evidence (Fact::evidence is empty): what
  // the graph view loads, without reading every sentence; GetFact gives a
  // fact's evidence when it is needed. The fact is the callback's to keep:
  // it may move from it. The default drops the evidence of ForEachFact.
  virtual Status ForEachFactHeader(const std::function<Status(Fact&)>& fn) const;
  // One fact WITHOUT its evidence, as ForEachFactHeader gives it: a query that
  // prints a fact's attributes reads no sentence. The default drops the
  // evidence of GetFact.
  virtual Result<Fact> GetFactHeader(std::string_view fact_id) const;

  struct Edge {
    std::string predicate;
    std::string other;  // object for out-edges, subject for in-edges
    std::string fact_id;
  };
  // Adjacency by prefix scan, sorted by (predicate, other, fact_id).
  virtual Result<std::vector<Edge>> OutEdges(std::string_view entity_id) const = 0;
  virtual Result<std::vector<Edge>> InEdges(std::string_view entity_id) const = 0;

  // A source's reference list in numeric order; NotFound for an unknown source.
  virtual Result<std::vector<Reference>> GetReferences(
      std::string_view source_id) const = 0;
  // NotFound when the source has no reference `n`.
  virtual Result<Reference> GetReference(std::string_view source_id,
                                         std::string_view n) const = 0;

  // Totals kept in the store, for `check` and `sources`.
  struct Totals {
    uint64_t sources = 0;
    uint64_t entities = 0;
    uint64_t facts = 0;
    uint64_t evidence = 0;
    uint64_t references = 0;
  };
  virtual Result<Totals> GetTotals() const = 0;

  // A monotonically increasing number bumped by every successful write; the
  // graph view uses it to know when to rebuild. Starts at 0.
  virtual Result<uint64_t> Generation() const = 0;

  // Verifies the store's invariants (FORMAT.md "Invariants") by scanning every
  // key under one snapshot: every fact's endpoints have entity records; out-
  // (`o/`) and in- (`i/`) adjacency each match a fact record; every piece of
  // evidence names a stored source, a fact, a span with begin < end, and
  // references the source has (when it has a reference list at all); per-source indexes
  // agree with the records; the stored totals match a recount; the graph image
  // (IMAGE.md) verifies and, when it names the snapshot's generation, is what the
  // records give (CheckReport::image). A fault is a finding, not
  // an error: the Result is an error only when the store cannot be read at all (IOError).
  // Memory grows with the number of keys.
  virtual Result<CheckReport> Check() const = 0;

  // ---- Curation overlay (graph/store/CURATION.md) -------------------------
  // Writes `batch` in one synced WriteBatch: for each op in order its current-
  // state record (reject/accept: c/<fact>; add: m/<fact>|<seq>; alias:
  // u/<norm>; unalias deletes u/<norm>) and its audit log entry l/<seq>, then
  // bumps meta/generation. Machine keys are never touched. The caller
  // validates the ops (query/curation_file.h); the store only rejects what it
  // cannot key (InvalidArgument: empty or NUL-holding fact id or alias).
  virtual Status ApplyCuration(const CurationBatch& batch) = 0;
  // The current decisions, curator facts and aliases.
  virtual Result<CurationOverlay> LoadCuration() const = 0;
  // The audit log in write order. Stops early and returns the callback's error.
  virtual Status ForEachLogEntry(
      const std::function<Status(const LogEntry&)>& fn) const = 0;
  // A consistent copy of the store (RocksDB checkpoint: hard links where
  // possible) in `target_dir`, which must not exist; its parent must.
  // FailedPrecondition on a read-only store; IOError otherwise.
  virtual Status CreateCheckpoint(const std::string& target_dir) const = 0;
  // Flushes the WAL and the memtables to table files, then compacts the whole
  // key space, so the next Open replays no WAL and reads a compact tree (bulk
  // loaders call it once at the end). Contents are unchanged.
  // FailedPrecondition on a read-only store or a store that cannot compact
  // (the default); IOError (or Corruption) from RocksDB.
  virtual Status Compact();

  // ---- Graph image (graph/store/IMAGE.md) ---------------------------------
  // The graph image mapped at open (or written since by this writer) when it
  // reflects the store's generation and totals; nullptr when there is none
  // (a store that cannot have one, a missing, stale or corrupt file): then
  // ImageNote() says why, and readers use the store itself. A writable store
  // rebuilds its image at Compact() and when it closes, not after each write
  // (IMAGE.md "When it is written"), so between them it is stale. The image stays valid
  // as long as the pointer is held, also after the store writes a new one.
  virtual std::shared_ptr<const GraphImage> Image() const;
  // Why Image() is nullptr; empty when it is not.
  virtual std::string ImageNote() const;

  const std::string& dir() const { return dir_; }

 protected:
  explicit Store(std::string dir) : dir_(std::move(dir)) {}

 private:
  std::string dir_;
};

// Group commit as a policy over one store: every `sync_every`-th source that
// writes something is put with sync, which makes the ones before it durable
// too, and Finish syncs the rest. `litgraph ingest --sync-every` and the
// ingest benchmark both write through it, so the benchmark measures the
// policy the command runs.
class GroupCommit {
 public:
  // `sync_every` < 1 is taken as 1 (each source synced alone).
  GroupCommit(Store& store, int sync_every)
      : store_(store), sync_every_(sync_every < 1 ? 1 : sync_every) {}
  // Store::PutSource, synced when this is the sync_every-th changed source
  // since the last sync. An unchanged source writes nothing and is not
  // counted; a failed put leaves the count as it was.
  Result<IngestDiff> Put(const SourceData& data);
  // Store::Sync when a source is unsynced; Ok otherwise.
  Status Finish();
  // Changed sources written since the last sync.
  int unsynced() const { return unsynced_; }

 private:
  Store& store_;
  int sync_every_;
  int unsynced_ = 0;
};

}  // namespace lg::graph
