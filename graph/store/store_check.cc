// Store::Check: one pass over every key under a snapshot collects what each
// record claims (a Census); the invariants of FORMAT.md are then checked
// against it, one function per invariant family. Faults are reported in a
// fixed order: those of the scan (malformed keys, undecodable values, unknown
// keys) in key order, then each invariant in the order of CheckInvariants,
// each in key order.
#include <rocksdb/iterator.h>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/store/coding.h"
#include "graph/store/store_internal.h"

namespace lg::graph::store_internal {
namespace {

using Pair = std::pair<std::string, std::string>;
using Triple = std::array<std::string, 3>;
using Edge4 = std::array<std::string, 4>;  // subject, predicate, object, fact
using Faults = std::vector<std::string>;

struct EvidenceItem {
  std::string key, fact, source;
  uint64_t begin, end;
  std::vector<std::string> refs;
  std::string sentence;
};

// What the records claim, gathered in one pass over every key.
struct Census {
  std::set<std::string> sources;
  std::set<Pair> entity_records;   // (entity, source) from n/
  std::set<Pair> source_entities;  // (source, entity) from N/
  std::set<std::string> entity_ids;
  std::vector<Triple> alias_keys;              // norm, entity, source
  std::map<std::string, Triple> facts;         // id -> s, p, o
  std::set<Pair> supports;                     // (fact, source) from p/
  std::map<Pair, uint64_t> source_facts;       // (source, fact) -> count from F/
  std::map<Pair, std::set<std::string>> seqs;  // (fact, source) -> evidence seqs
  std::vector<EvidenceItem> evidence;
  std::set<Edge4> out_edges, in_edges;
  std::set<Pair> references;                      // (source, n)
  std::map<std::string, std::string> renderings;  // source -> t/ value
  std::optional<coding::TotalsRecord> totals;
  bool has_schema = false, has_generation = false;
};

// A key's printable form, for fault lines.
std::string KeyText(std::string_view prefix,
                    std::initializer_list<std::string_view> parts) {
  return Printable(MakeKey(prefix, parts));
}

// ---- The scan: one key at a time into the Census --------------------------

class Collector {
 public:
  Collector(Census* census, Faults* faults) : census_(*census), faults_(*faults) {}

  void Add(std::string_view key, std::string_view value);

 private:
  // The components of a record key after its prefix.
  using Parts = std::vector<std::string>;
  using Record = void (Collector::*)(const Parts& c, std::string_view value,
                                     const std::string& printable);
  struct RecordKind {
    std::string_view prefix;
    size_t components;
    Record record;
  };
  static const RecordKind kRecordKinds[];

  bool AddMeta(std::string_view key, std::string_view value,
               const std::string& printable);
  // The `n` non-empty components of `key` after `prefix`; a fault otherwise.
  std::optional<Parts> Components(std::string_view key, std::string_view prefix,
                                  size_t n);
  // True when `s` is ok; a fault otherwise.
  bool Decoded(const Status& s);

  void Source(const Parts& c, std::string_view value, const std::string& printable);
  void EntityRecord(const Parts& c, std::string_view value, const std::string& printable);
  void SourceEntity(const Parts& c, std::string_view, const std::string&);
  void Alias(const Parts& c, std::string_view, const std::string&);
  void FactRecord(const Parts& c, std::string_view value, const std::string& printable);
  void Support(const Parts& c, std::string_view, const std::string&);
  void SourceFact(const Parts& c, std::string_view value, const std::string& printable);
  void EvidenceRecord(const Parts& c, std::string_view value,
                      const std::string& printable);
  void OutEdge(const Parts& c, std::string_view, const std::string&);
  void InEdge(const Parts& c, std::string_view, const std::string&);
  void ReferenceRecord(const Parts& c, std::string_view value,
                       const std::string& printable);
  void Rendering(const Parts& c, std::string_view value, const std::string&);

  Census& census_;
  Faults& faults_;
};

const Collector::RecordKind Collector::kRecordKinds[] = {
    {kSourcePrefix, 1, &Collector::Source},
    {kEntityPrefix, 2, &Collector::EntityRecord},
    {kSourceEntityPrefix, 2, &Collector::SourceEntity},
    {kAliasPrefix, 3, &Collector::Alias},
    {kFactPrefix, 1, &Collector::FactRecord},
    {kSupportPrefix, 2, &Collector::Support},
    {kSourceFactPrefix, 2, &Collector::SourceFact},
    {kEvidencePrefix, 3, &Collector::EvidenceRecord},
    {kOutPrefix, 4, &Collector::OutEdge},
    {kInPrefix, 4, &Collector::InEdge},
    {kReferencePrefix, 2, &Collector::ReferenceRecord},
    {kRenderingPrefix, 1, &Collector::Rendering},
};

void Collector::Add(std::string_view key, std::string_view value) {
  std::string printable = Printable(key);
  if (AddMeta(key, value, printable)) return;
  auto starts = [&](std::string_view prefix) {
    return key.substr(0, prefix.size()) == prefix;
  };
  for (const RecordKind& kind : kRecordKinds) {
    if (!starts(kind.prefix)) continue;
    std::optional<Parts> c = Components(key, kind.prefix, kind.components);
    if (c) (this->*kind.record)(*c, value, printable);
    return;
  }
  if (starts(kDecisionPrefix) || starts(kCuratorFactPrefix) ||
      starts(kCuratorAliasPrefix) || starts(kLogPrefix)) {
    return;  // The curation overlay (CURATION.md); it never refers to machine keys.
  }
  faults_.push_back("unknown key " + printable);
}

bool Collector::AddMeta(std::string_view key, std::string_view value,
                        const std::string& printable) {
  if (key == kSchemaVersionKey) {
    census_.has_schema = true;
  } else if (key == kGenerationKey) {
    census_.has_generation = true;
    uint64_t generation = 0;
    Decoded(coding::DecodeUint64(value, printable, &generation));
  } else if (key == kTotalsKey) {
    coding::TotalsRecord t;
    if (Decoded(coding::DecodeTotals(value, printable, &t))) census_.totals = t;
  } else {
    return false;
  }
  return true;
}

std::optional<Collector::Parts> Collector::Components(std::string_view key,
                                                      std::string_view prefix, size_t n) {
  std::vector<std::string_view> parts = SplitKey(key.substr(prefix.size()));
  bool ok = parts.size() == n;
  for (std::string_view part : parts) ok = ok && !part.empty();
  if (!ok) {
    faults_.push_back("malformed key " + Printable(key) + ": expected " +
                      std::to_string(n) + " non-empty components");
    return std::nullopt;
  }
  return Parts(parts.begin(), parts.end());
}

bool Collector::Decoded(const Status& s) {
  if (!s.ok()) faults_.push_back(s.message());
  return s.ok();
}

void Collector::Source(const Parts& c, std::string_view value,
                       const std::string& printable) {
  graph::Source src;
  Decoded(coding::DecodeSource(value, printable, &src));
  census_.sources.insert(c[0]);
}

void Collector::EntityRecord(const Parts& c, std::string_view value,
                             const std::string& printable) {
  Entity e;
  Decoded(coding::DecodeEntityRecord(value, printable, &e));
  census_.entity_records.emplace(c[0], c[1]);
  census_.entity_ids.insert(c[0]);
}

void Collector::SourceEntity(const Parts& c, std::string_view, const std::string&) {
  census_.source_entities.emplace(c[0], c[1]);
}

void Collector::Alias(const Parts& c, std::string_view, const std::string&) {
  census_.alias_keys.push_back({c[0], c[1], c[2]});
}

void Collector::FactRecord(const Parts& c, std::string_view value,
                           const std::string& printable) {
  Fact f;
  if (Decoded(coding::DecodeFactRecord(value, printable, &f))) {
    census_.facts[c[0]] = {f.subject, f.predicate, f.object};
  }
}

void Collector::Support(const Parts& c, std::string_view, const std::string&) {
  census_.supports.emplace(c[0], c[1]);
}

void Collector::SourceFact(const Parts& c, std::string_view value,
                           const std::string& printable) {
  uint64_t count = 0;
  if (Decoded(coding::DecodeUint64(value, printable, &count))) {
    census_.source_facts[{c[0], c[1]}] = count;
  }
}

void Collector::EvidenceRecord(const Parts& c, std::string_view value,
                               const std::string& printable) {
  census_.seqs[{c[0], c[1]}].insert(c[2]);
  Evidence ev;
  if (Decoded(coding::DecodeEvidence(value, printable, &ev))) {
    census_.evidence.push_back(
        {printable, c[0], c[1], ev.begin, ev.end, ev.refs, std::move(ev.sentence)});
  }
}

void Collector::OutEdge(const Parts& c, std::string_view, const std::string&) {
  census_.out_edges.insert({c[0], c[1], c[2], c[3]});
}

void Collector::InEdge(const Parts& c, std::string_view, const std::string&) {
  census_.in_edges.insert({c[2], c[1], c[0], c[3]});  // stored as object first
}

void Collector::ReferenceRecord(const Parts& c, std::string_view value,
                                const std::string& printable) {
  Reference r;
  Decoded(coding::DecodeReference(value, printable, &r));
  census_.references.emplace(c[0], c[1]);
}

void Collector::Rendering(const Parts& c, std::string_view value, const std::string&) {
  census_.renderings.emplace(c[0], std::string(value));
}

// ---- The invariants, each over the whole Census ---------------------------

// The meta records exist (meta/totals is checked with the counts).
void CheckMetaRecords(const Census& census, Faults* faults) {
  if (!census.has_schema) faults->push_back("meta/schema_version is missing");
  if (!census.has_generation) faults->push_back("meta/generation is missing");
}

// Every entity record n/E|S names a stored source and has its index N/S|E.
void CheckEntityRecords(const Census& census, Faults* faults) {
  for (const auto& [e, s] : census.entity_records) {
    if (!census.sources.count(s)) {
      faults->push_back("entity record " + KeyText(kEntityPrefix, {e, s}) + ": source '" +
                        s + "' is not stored");
    }
    if (!census.source_entities.count({s, e})) {
      faults->push_back("entity record " + KeyText(kEntityPrefix, {e, s}) + ": index " +
                        KeyText(kSourceEntityPrefix, {s, e}) + " is missing");
    }
  }
}

// Every index key N/S|E has its entity record n/E|S.
void CheckEntityIndex(const Census& census, Faults* faults) {
  for (const auto& [s, e] : census.source_entities) {
    if (!census.entity_records.count({e, s})) {
      faults->push_back("index " + KeyText(kSourceEntityPrefix, {s, e}) +
                        ": entity record " + KeyText(kEntityPrefix, {e, s}) +
                        " is missing");
    }
  }
}

// Every alias key a/N|E|S has its entity record n/E|S.
void CheckAliases(const Census& census, Faults* faults) {
  for (const auto& [norm, e, s] : census.alias_keys) {
    if (!census.entity_records.count({e, s})) {
      faults->push_back("alias " + KeyText(kAliasPrefix, {norm, e, s}) +
                        ": entity record " + KeyText(kEntityPrefix, {e, s}) +
                        " is missing");
    }
  }
}

// Every fact has entity records for its endpoints, both adjacency keys, and
// at least one support key.
void CheckFacts(const Census& census, Faults* faults) {
  std::set<std::string> supported;
  for (const auto& [x, s] : census.supports) supported.insert(x);
  for (const auto& [x, spo] : census.facts) {
    const auto& [subject, predicate, object] = spo;
    if (!census.entity_ids.count(subject)) {
      faults->push_back("fact " + x + ": subject '" + subject + "' has no entity record");
    }
    if (!census.entity_ids.count(object)) {
      faults->push_back("fact " + x + ": object '" + object + "' has no entity record");
    }
    if (!census.out_edges.count({subject, predicate, object, x})) {
      faults->push_back("fact " + x + ": out-edge " +
                        KeyText(kOutPrefix, {subject, predicate, object, x}) +
                        " is missing");
    }
    if (!census.in_edges.count({subject, predicate, object, x})) {
      faults->push_back("fact " + x + ": in-edge " +
                        KeyText(kInPrefix, {object, predicate, subject, x}) +
                        " is missing");
    }
    if (!supported.count(x)) {
      faults->push_back("fact " + x + ": no source supports it (no " +
                        KeyText(kSupportPrefix, {x}) + "|* key)");
    }
  }
}

// Every out- and in-edge matches a fact record.
void CheckAdjacency(const Census& census, Faults* faults) {
  auto matches_fact = [&](const Edge4& e) {
    auto it = census.facts.find(e[3]);
    return it != census.facts.end() && it->second == Triple{e[0], e[1], e[2]};
  };
  for (const Edge4& e : census.out_edges) {
    if (!matches_fact(e)) {
      faults->push_back("out-edge " + KeyText(kOutPrefix, {e[0], e[1], e[2], e[3]}) +
                        ": no fact record matches");
    }
  }
  for (const Edge4& e : census.in_edges) {
    if (!matches_fact(e)) {
      faults->push_back("in-edge " + KeyText(kInPrefix, {e[2], e[1], e[0], e[3]}) +
                        ": no fact record matches");
    }
  }
}

// Every support key p/X|S names a stored source and a fact, and has its index
// F/S|X.
void CheckSupports(const Census& census, Faults* faults) {
  for (const auto& [x, s] : census.supports) {
    std::string p = KeyText(kSupportPrefix, {x, s});
    if (!census.sources.count(s)) {
      faults->push_back("support " + p + ": source '" + s + "' is not stored");
    }
    if (!census.facts.count(x)) {
      faults->push_back("support " + p + ": fact record f/" + x + " is missing");
    }
    if (!census.source_facts.count({s, x})) {
      faults->push_back("support " + p + ": index " + KeyText(kSourceFactPrefix, {s, x}) +
                        " is missing");
    }
  }
}

// Every index key F/S|X has its support key, and its count matches the
// evidence records e/X|S|0 .. e/X|S|count-1 exactly.
void CheckSourceFacts(const Census& census, Faults* faults) {
  for (const auto& [sx, count] : census.source_facts) {
    const auto& [s, x] = sx;
    std::string f = KeyText(kSourceFactPrefix, {s, x});
    if (!census.supports.count({x, s})) {
      faults->push_back("index " + f + ": support record " +
                        KeyText(kSupportPrefix, {x, s}) + " is missing");
    }
    std::set<std::string> want;
    for (uint64_t i = 0; i < count; ++i) want.insert(SeqKey(i));
    auto found = census.seqs.find({x, s});
    const std::set<std::string> none;
    const std::set<std::string>& got = found == census.seqs.end() ? none : found->second;
    if (got != want) {
      faults->push_back("index " + f + ": counts " + std::to_string(count) +
                        " evidence records, found " + std::to_string(got.size()) + " (" +
                        KeyText(kEvidencePrefix, {x, s}) + "|*)");
    }
  }
}

// Every (fact, source) with evidence records has its index F/S|X.
void CheckEvidenceIndex(const Census& census, Faults* faults) {
  for (const auto& [xs, seq_set] : census.seqs) {
    const auto& [x, s] = xs;
    if (!census.source_facts.count({s, x})) {
      faults->push_back("evidence " + KeyText(kEvidencePrefix, {x, s}) + "|*: index " +
                        KeyText(kSourceFactPrefix, {s, x}) + " is missing");
    }
  }
}

// A piece of evidence names a stored source and a fact, with a span that
// begins before it ends.
void CheckEvidenceRecord(const Census& census, const EvidenceItem& ev, Faults* faults) {
  if (!census.sources.count(ev.source)) {
    faults->push_back("evidence " + ev.key + ": source '" + ev.source +
                      "' is not stored");
  }
  if (!census.facts.count(ev.fact)) {
    faults->push_back("evidence " + ev.key + ": fact record f/" + ev.fact +
                      " is missing");
  }
  if (ev.begin >= ev.end) {
    faults->push_back("evidence " + ev.key + ": span [" + std::to_string(ev.begin) +
                      ", " + std::to_string(ev.end) + ") is empty or inverted");
  }
}

// Spans into a stored rendering hold the evidence sentence exactly.
void CheckEvidenceSpan(const Census& census, const EvidenceItem& ev, Faults* faults) {
  auto rendering = census.renderings.find(ev.source);
  if (rendering != census.renderings.end() && ev.begin < ev.end &&
      (ev.end > rendering->second.size() ||
       rendering->second.compare(ev.begin, ev.end - ev.begin, ev.sentence) != 0)) {
    faults->push_back("evidence " + ev.key + ": span [" + std::to_string(ev.begin) +
                      ", " + std::to_string(ev.end) + ") does not hold its sentence in " +
                      KeyText(kRenderingPrefix, {ev.source}));
  }
}

// A source without a reference list (no r/S|* at all) keeps the numbers it
// cites unresolved; with a list, every cited number must be in it.
void CheckEvidenceCitations(const Census& census, const EvidenceItem& ev,
                            Faults* faults) {
  auto has_list = census.references.lower_bound({ev.source, ""});
  bool listed = has_list != census.references.end() && has_list->first == ev.source;
  for (const std::string& n : ev.refs) {
    if (listed && !census.references.count({ev.source, n})) {
      faults->push_back("evidence " + ev.key + ": cites reference [" + n + "] but " +
                        KeyText(kReferencePrefix, {ev.source, n}) + " is missing");
    }
  }
}

void CheckEvidence(const Census& census, Faults* faults) {
  for (const EvidenceItem& ev : census.evidence) {
    CheckEvidenceRecord(census, ev, faults);
    CheckEvidenceSpan(census, ev, faults);
    CheckEvidenceCitations(census, ev, faults);
  }
}

// Every rendering t/S names a stored source.
void CheckRenderings(const Census& census, Faults* faults) {
  for (const auto& [s, text] : census.renderings) {
    if (!census.sources.count(s)) {
      faults->push_back("rendering " + KeyText(kRenderingPrefix, {s}) + ": source '" + s +
                        "' is not stored");
    }
  }
}

// Every reference r/S|N names a stored source.
void CheckReferences(const Census& census, Faults* faults) {
  for (const auto& [s, n] : census.references) {
    if (!census.sources.count(s)) {
      faults->push_back("reference " + KeyText(kReferencePrefix, {s, n}) + ": source '" +
                        s + "' is not stored");
    }
  }
}

// The report's counts, from the Census.
void Count(const Census& census, CheckReport* report) {
  report->sources = census.sources.size();
  report->entities = census.entity_ids.size();
  report->facts = census.facts.size();
  report->edges = census.out_edges.size();
  report->evidence = 0;
  for (const auto& [xs, seq_set] : census.seqs) report->evidence += seq_set.size();
  report->references = census.references.size();
}

// meta/totals exists and matches the counts.
void CheckTotals(const Census& census, CheckReport* report) {
  Faults& faults = report->faults;
  if (!census.totals) {
    faults.push_back("meta/totals is missing");
    return;
  }
  auto compare = [&](const char* name, uint64_t stored, uint64_t counted) {
    if (stored != counted) {
      faults.push_back(std::string("meta/totals: ") + name + " is " +
                       std::to_string(stored) + ", counted " + std::to_string(counted));
    }
  };
  const coding::TotalsRecord& totals = *census.totals;
  compare("sources", totals.sources, report->sources);
  compare("entities", totals.entities, report->entities);
  compare("facts", totals.facts, report->facts);
  compare("evidence", totals.evidence, report->evidence);
  compare("references", totals.references, report->references);
}

void CheckInvariants(const Census& census, CheckReport* report) {
  Faults* faults = &report->faults;
  CheckMetaRecords(census, faults);
  CheckEntityRecords(census, faults);
  CheckEntityIndex(census, faults);
  CheckAliases(census, faults);
  CheckFacts(census, faults);
  CheckAdjacency(census, faults);
  CheckSupports(census, faults);
  CheckSourceFacts(census, faults);
  CheckEvidenceIndex(census, faults);
  CheckEvidence(census, faults);
  CheckRenderings(census, faults);
  CheckReferences(census, faults);
  Count(census, report);
  CheckTotals(census, report);
}

}  // namespace

Result<CheckReport> RocksStore::Check() const {
  Snapshot snap(db_);
  CheckReport report;
  Census census;
  Collector collector(&census, &report.faults);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snap.options));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++report.keys;
    collector.Add(ToView(it->key()), ToView(it->value()));
  }
  LG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning every key"));
  CheckInvariants(census, &report);
  report.image = CheckImage(snap.options, &report.faults);
  return report;
}

}  // namespace lg::graph::store_internal
