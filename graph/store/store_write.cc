// The store's write path: PutSource and RemoveSource validate their input,
// then Replace builds one WriteBatch from named passes: delete what the source
// contributed before, put the new contribution, settle the facts and entities
// that gain their first or lose their last source, and update meta/totals and
// meta/generation, all in the same batch.
#include <rocksdb/write_batch.h>

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "graph/store/coding.h"
#include "graph/store/store_internal.h"

namespace lg::graph::store_internal {
namespace {

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

Status ApplyDelta(uint64_t* total, int64_t delta, std::string_view name) {
  if (delta < 0 && uint64_t(-delta) > *total) {
    return Status::Corruption("graph/store: meta/totals: " + std::string(name) +
                              " would drop below zero; the counters are inconsistent");
  }
  *total = uint64_t(int64_t(*total) + delta);
  return Status::Ok();
}

// An entity of a SourceData holds at most this source's mentions, each place
// with no more spans than mentions and no span that ends before it begins.
Status ValidateMentions(const Entity& e, const std::string& src,
                        const std::string& where) {
  if (e.sources.size() > 1) {
    return Status::InvalidArgument(where + "entity '" + e.id + "' has " +
                                   std::to_string(e.sources.size()) +
                                   " mention summaries; a source gives at most one");
  }
  for (const SourceMentions& m : e.sources) {
    if (!m.source.empty() && m.source != src) {
      return Status::InvalidArgument(where + "entity '" + e.id +
                                     "' has the mentions of another source '" + m.source +
                                     "'");
    }
    for (const auto& [count, spans] : {std::pair{m.body, &m.body_spans},
                                       std::pair{m.references, &m.reference_spans}}) {
      if (spans->size() > count) {
        return Status::InvalidArgument(where + "entity '" + e.id + "' has " +
                                       std::to_string(spans->size()) + " spans for " +
                                       std::to_string(count) + " mentions");
      }
      for (const Span& s : *spans) {
        if (s.begin > s.end) {
          return Status::InvalidArgument(
              where + "entity '" + e.id + "' has a span [" + std::to_string(s.begin) +
              "," + std::to_string(s.end) + ") that ends before it begins");
        }
      }
    }
  }
  return Status::Ok();
}

// The entities of a source: valid ids of the kind they claim, each once, with
// keyable aliases and valid mentions.
Status ValidateEntities(const SourceData& data, const std::string& where) {
  const std::string& src = data.source.id;
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
    LG_RETURN_IF_ERROR(ValidateMentions(e, src, where));
  }
  return Status::Ok();
}

// The facts of a source: each under its computed id, keyable, once, with
// evidence from this source only.
Status ValidateFacts(const SourceData& data, const std::string& where) {
  const std::string& src = data.source.id;
  std::set<std::string_view> seen;
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
  return Status::Ok();
}

// The reference list of a source: keyable numbers, each once, of this source.
Status ValidateReferences(const SourceData& data, const std::string& where) {
  const std::string& src = data.source.id;
  std::set<std::string_view> seen;
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

}  // namespace

// One Replace under construction: its batch, the diff it reports and the
// counter changes it carries to meta/totals.
struct RocksStore::Replacement {
  rocksdb::WriteBatch batch;
  IngestDiff diff;
  int64_t evidence_delta = 0;
  int64_t facts_delta = 0;
  int64_t entities_delta = 0;
  std::map<std::string, const Fact*> next_facts;  // the new contribution's, by id
  std::set<std::string> next_entities;
};

Status RocksStore::Validate(const SourceData& data) const {
  const std::string& src = data.source.id;
  if (src.empty() || HasSep(src)) {
    return Status::InvalidArgument("graph/store: source id '" + Printable(src) +
                                   "' is empty or contains a NUL byte");
  }
  const std::string where = "graph/store: source '" + src + "': ";
  LG_RETURN_IF_ERROR(ValidateEntities(data, where));
  LG_RETURN_IF_ERROR(ValidateFacts(data, where));
  return ValidateReferences(data, where);
}

Result<IngestDiff> RocksStore::Replace(std::string_view source_id, const SourceData* next,
                                       bool sync) {
  // Writes are serialised by the caller, so plain reads see the latest state.
  const rocksdb::ReadOptions ro;
  LG_ASSIGN_OR_RETURN(OldState old, ReadOldState(ro, source_id));
  Replacement r;
  if (next != nullptr && old.source && !next->source.content_hash.empty() &&
      old.source->content_hash == next->source.content_hash) {
    r.diff.source_unchanged = true;
    return r.diff;
  }
  LG_ASSIGN_OR_RETURN(coding::TotalsRecord totals, ReadTotals(ro));
  LG_ASSIGN_OR_RETURN(uint64_t generation, ReadGeneration(ro));

  LG_RETURN_IF_ERROR(DeleteContribution(source_id, old, &r));
  if (next != nullptr) {
    LG_RETURN_IF_ERROR(PutContribution(source_id, *next, &r));
  } else {
    LG_RETURN_IF_ERROR(BatchDelete(&r.batch, MakeKey(kSourcePrefix, {source_id})));
  }
  LG_RETURN_IF_ERROR(SettleFacts(ro, source_id, old, &r));
  LG_RETURN_IF_ERROR(SettleEntities(ro, source_id, old, &r));
  LG_RETURN_IF_ERROR(PutCounters(old, next, totals, generation, &r));

  // One batch is one WAL record: recovery replays it whole or not at all, also
  // when it was not synced (group commit, PutOptions).
  rocksdb::WriteOptions wo;
  wo.sync = sync && !bulk_load_;
  wo.disableWAL = bulk_load_;  // StoreOptions::bulk_load: durable at Compact/close
  LG_RETURN_IF_ERROR(
      Written(db_->Write(wo, &r.batch), "writing source " + std::string(source_id)));
  // The image is rewritten at close and Compact, not here (IMAGE.md "When it
  // is written"): a whole image per write would cost O(store) per source.
  MarkImageStale();
  return r.diff;
}

// Deletes everything the source contributed before. The puts of
// PutContribution win over these deletes for keys the new version keeps (a
// batch applies in order).
Status RocksStore::DeleteContribution(std::string_view source_id, const OldState& old,
                                      Replacement* r) const {
  auto del = [&](const std::string& key) { return BatchDelete(&r->batch, key); };
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
    r->evidence_delta -= int64_t(count);
  }
  for (const std::string& n : old.reference_ns) {
    LG_RETURN_IF_ERROR(del(MakeKey(kReferencePrefix, {source_id, n})));
  }
  return del(MakeKey(kRenderingPrefix, {source_id}));
}

// Puts the new contribution: the source record, its entities, facts with
// their evidence, references and rendering.
Status RocksStore::PutContribution(std::string_view source_id, const SourceData& next,
                                   Replacement* r) const {
  auto put = [&](const std::string& key, const std::string& value) {
    return BatchPut(&r->batch, key, value);
  };
  LG_RETURN_IF_ERROR(
      put(MakeKey(kSourcePrefix, {source_id}), coding::EncodeSource(next.source)));
  for (const Entity& e : next.entities) {
    r->next_entities.insert(e.id);
    LG_RETURN_IF_ERROR(
        put(MakeKey(kEntityPrefix, {e.id, source_id}), coding::EncodeEntityRecord(e)));
    LG_RETURN_IF_ERROR(put(MakeKey(kSourceEntityPrefix, {source_id, e.id}), ""));
    for (const std::string& form : AliasForms(e)) {
      LG_RETURN_IF_ERROR(put(MakeKey(kAliasPrefix, {form, e.id, source_id}), ""));
    }
  }
  for (const Fact& f : next.facts) {
    r->next_facts.emplace(f.id, &f);
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
    r->evidence_delta += int64_t(f.evidence.size());
  }
  for (const Reference& ref : next.references) {
    LG_RETURN_IF_ERROR(
        put(MakeKey(kReferencePrefix, {source_id, ref.n}), coding::EncodeReference(ref)));
  }
  if (!next.rendering.empty()) {
    LG_RETURN_IF_ERROR(put(MakeKey(kRenderingPrefix, {source_id}), next.rendering));
  }
  return Status::Ok();
}

// Facts that gain their first or lose their last source: counted, and a fact
// no source supports any more is deleted with its adjacency. Fills the diff.
Status RocksStore::SettleFacts(const rocksdb::ReadOptions& ro, std::string_view source_id,
                               const OldState& old, Replacement* r) const {
  auto del = [&](const std::string& key) { return BatchDelete(&r->batch, key); };
  for (const auto& [id, count] : old.facts) {
    if (r->next_facts.count(id)) {
      ++r->diff.unchanged;
      continue;
    }
    ++r->diff.removed;
    LG_ASSIGN_OR_RETURN(bool others,
                        HasOtherSource(ro, ScanPrefix(kSupportPrefix, id), source_id));
    if (others) continue;
    --r->facts_delta;
    LG_ASSIGN_OR_RETURN(Fact fact, ReadFact(ro, id));
    LG_RETURN_IF_ERROR(del(MakeKey(kFactPrefix, {id})));
    LG_RETURN_IF_ERROR(
        del(MakeKey(kOutPrefix, {fact.subject, fact.predicate, fact.object, id})));
    LG_RETURN_IF_ERROR(
        del(MakeKey(kInPrefix, {fact.object, fact.predicate, fact.subject, id})));
  }
  for (const auto& [id, fact] : r->next_facts) {
    if (old.facts.count(id)) continue;
    ++r->diff.added;
    LG_ASSIGN_OR_RETURN(bool others,
                        HasOtherSource(ro, ScanPrefix(kSupportPrefix, id), source_id));
    if (!others) ++r->facts_delta;
  }
  return Status::Ok();
}

// Entities that gain their first or lose their last source, counted.
Status RocksStore::SettleEntities(const rocksdb::ReadOptions& ro,
                                  std::string_view source_id, const OldState& old,
                                  Replacement* r) const {
  std::set<std::string> touched = r->next_entities;
  for (const auto& [id, record] : old.entities) touched.insert(id);
  for (const std::string& id : touched) {
    bool before = old.entities.count(id) > 0;
    bool after = r->next_entities.count(id) > 0;
    if (before == after) continue;
    LG_ASSIGN_OR_RETURN(bool others,
                        HasOtherSource(ro, ScanPrefix(kEntityPrefix, id), source_id));
    if (!others) r->entities_delta += after ? 1 : -1;
  }
  return Status::Ok();
}

// Counters and generation, in the same batch.
Status RocksStore::PutCounters(const OldState& old, const SourceData* next,
                               coding::TotalsRecord totals, uint64_t generation,
                               Replacement* r) const {
  int64_t sources_delta = (next != nullptr) - old.source.has_value();
  int64_t references_delta =
      int64_t(next ? next->references.size() : 0) - int64_t(old.reference_ns.size());
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.sources, sources_delta, "sources"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.entities, r->entities_delta, "entities"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.facts, r->facts_delta, "facts"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.evidence, r->evidence_delta, "evidence"));
  LG_RETURN_IF_ERROR(ApplyDelta(&totals.references, references_delta, "references"));
  LG_RETURN_IF_ERROR(
      BatchPut(&r->batch, std::string(kTotalsKey), coding::EncodeTotals(totals)));
  return BatchPut(&r->batch, std::string(kGenerationKey),
                  coding::EncodeUint64(generation + 1));
}

Result<IngestDiff> RocksStore::PutSource(const SourceData& data,
                                         const PutOptions& options) {
  LG_RETURN_IF_ERROR(CheckWritable());
  LG_RETURN_IF_ERROR(Validate(data));
  return Replace(data.source.id, &data, options.sync);
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

}  // namespace lg::graph::store_internal
