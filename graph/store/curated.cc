#include "graph/store/curated.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace lg::graph {
namespace {

void SortEvidence(std::vector<Evidence>* evidence) {
  std::stable_sort(
      evidence->begin(), evidence->end(), [](const Evidence& a, const Evidence& b) {
        return std::tie(a.source, a.begin, a.rule) < std::tie(b.source, b.begin, b.rule);
      });
}

void SortEdges(std::vector<Store::Edge>* edges) {
  std::sort(edges->begin(), edges->end(), [](const Store::Edge& a, const Store::Edge& b) {
    return std::tie(a.predicate, a.other, a.fact_id) <
           std::tie(b.predicate, b.other, b.fact_id);
  });
}

class CuratedStore final : public Store {
 public:
  CuratedStore(const Store* base, std::unique_ptr<Store> owned)
      : Store(base->dir()), base_(base), owned_(std::move(owned)) {}

  // Reads the overlay and precomputes what the view adds or hides.
  Status Load();

  Result<IngestDiff> PutSource(const SourceData&, const PutOptions&) override {
    return ReadOnly();
  }
  Status RemoveSource(std::string_view) override { return ReadOnly(); }
  Status ApplyCuration(const CurationBatch&) override { return ReadOnly(); }

  Result<std::vector<Source>> ListSources() const override {
    return base_->ListSources();
  }
  Result<Source> GetSource(std::string_view id) const override {
    return base_->GetSource(id);
  }
  Result<SourceData> LoadSource(std::string_view id) const override {
    return base_->LoadSource(id);
  }
  Result<std::vector<Reference>> GetReferences(std::string_view id) const override {
    return base_->GetReferences(id);
  }
  Result<Reference> GetReference(std::string_view id, std::string_view n) const override {
    return base_->GetReference(id, n);
  }
  Result<Totals> GetTotals() const override { return base_->GetTotals(); }
  Result<uint64_t> Generation() const override { return base_->Generation(); }
  Result<CheckReport> Check() const override { return base_->Check(); }
  Result<CurationOverlay> LoadCuration() const override { return base_->LoadCuration(); }
  Status ForEachLogEntry(
      const std::function<Status(const LogEntry&)>& fn) const override {
    return base_->ForEachLogEntry(fn);
  }
  Status CreateCheckpoint(const std::string& target) const override {
    return base_->CreateCheckpoint(target);
  }

  Result<Entity> GetEntity(std::string_view entity_id) const override;
  Result<std::vector<std::string>> LookupAlias(std::string_view surface) const override;
  Status ForEachEntity(const std::function<Status(Entity&)>& fn) const override;
  Result<Fact> GetFact(std::string_view fact_id) const override;
  Status ForEachFact(const std::function<Status(const Fact&)>& fn) const override;
  Status ForEachFactHeader(const std::function<Status(Fact&)>& fn) const override;
  Result<Fact> GetFactHeader(std::string_view fact_id) const override;
  Result<std::vector<Edge>> OutEdges(std::string_view entity_id) const override;
  Result<std::vector<Edge>> InEdges(std::string_view entity_id) const override;
  // The base store's image while the overlay changes nothing the image holds
  // (no rejected, curator-added or synthesized fact or entity, no curator
  // alias): the curated graph is then the machine graph. Accepted decisions
  // change nothing. Otherwise none, and readers read the records.
  std::shared_ptr<const GraphImage> Image() const override {
    return ShowsMachineGraph() ? base_->Image() : nullptr;
  }
  std::string ImageNote() const override {
    return ShowsMachineGraph() ? base_->ImageNote()
                               : "the curation overlay changes the machine graph";
  }

 private:
  bool ShowsMachineGraph() const {
    return rejected_.empty() && curator_facts_.empty() && synthesized_.empty() &&
           alias_entity_.empty() && entity_aliases_.empty();
  }
  Status ReadOnly() const {
    return Status::FailedPrecondition("graph/store: the curated view of " + dir() +
                                      " is read-only");
  }
  // Curator aliases in, other entities' forms of a curator alias out.
  Entity Decorate(Entity entity) const;
  // A machine fact with the curator evidence for it added.
  Fact WithCuratorEvidence(Fact fact) const;
  Result<std::vector<Edge>> Edges(std::string_view entity_id, bool out) const;

  const Store* base_;
  std::unique_ptr<Store> owned_;
  std::set<std::string, std::less<>> rejected_;
  // Curator facts with evidence from stored sources, by fact id; only_curator_
  // holds those the base store does not have.
  std::map<std::string, Fact, std::less<>> curator_facts_;
  std::set<std::string, std::less<>> only_curator_;
  std::map<std::string, Entity, std::less<>> synthesized_;
  std::map<std::string, std::string, std::less<>> alias_entity_;  // norm -> entity
  std::map<std::string, std::vector<std::string>, std::less<>> entity_aliases_;
};

Status CuratedStore::Load() {
  LG_ASSIGN_OR_RETURN(CurationOverlay overlay, base_->LoadCuration());
  for (const auto& [id, op] : overlay.decisions) {
    if (op.action == CurationAction::kReject) rejected_.insert(id);
  }
  LG_ASSIGN_OR_RETURN(std::vector<Source> sources, base_->ListSources());
  std::set<std::string, std::less<>> live;
  for (const Source& s : sources) live.insert(s.id);
  for (const auto& [id, ops] : overlay.added) {
    if (rejected_.count(id)) continue;
    Fact fact;
    for (const CurationOp& op : ops) {
      if (!live.count(op.source)) continue;
      fact.id = id;
      fact.subject = op.subject;
      fact.predicate = op.predicate;
      fact.object = op.object;
      UnflattenAttributes(op.attributes, &fact.attributes, &fact.list_attributes);
      Evidence ev;
      ev.source = op.source;
      ev.sentence = op.quote;
      ev.refs = op.refs;
      ev.rule = "curator";
      fact.evidence.push_back(std::move(ev));
    }
    if (fact.evidence.empty()) continue;
    auto machine = base_->GetFact(id);
    if (!machine.ok() && machine.status().code() != Status::Code::kNotFound) {
      return machine.status();
    }
    if (!machine.ok()) {
      only_curator_.insert(id);
      for (const std::string* end : {&fact.subject, &fact.object}) {
        if (synthesized_.count(*end)) continue;
        auto entity = base_->GetEntity(*end);
        if (entity.ok()) continue;
        if (entity.status().code() != Status::Code::kNotFound) return entity.status();
        auto parsed = ParseEntityId(*end);
        if (!parsed.ok()) return parsed.status();
        Entity e;
        e.id = *end;
        e.kind = parsed->kind;
        e.label = parsed->key;
        synthesized_.emplace(*end, std::move(e));
      }
    }
    curator_facts_.emplace(id, std::move(fact));
  }
  for (const auto& [norm, op] : overlay.aliases) {
    bool exists = synthesized_.count(op.entity) > 0;
    if (!exists) {
      auto entity = base_->GetEntity(op.entity);
      if (!entity.ok() && entity.status().code() != Status::Code::kNotFound) {
        return entity.status();
      }
      exists = entity.ok();
    }
    if (!exists) continue;
    alias_entity_.emplace(norm, op.entity);
    entity_aliases_[op.entity].push_back(op.alias);
  }
  return Status::Ok();
}

Entity CuratedStore::Decorate(Entity entity) const {
  if (alias_entity_.empty()) return entity;
  std::set<std::string> aliases;
  for (std::string& alias : entity.aliases) {
    auto it = alias_entity_.find(NormalizeAlias(alias));
    if (it == alias_entity_.end() || it->second == entity.id) {
      aliases.insert(std::move(alias));
    }
  }
  if (auto it = entity_aliases_.find(entity.id); it != entity_aliases_.end()) {
    aliases.insert(it->second.begin(), it->second.end());
  }
  entity.aliases.assign(aliases.begin(), aliases.end());
  return entity;
}

Fact CuratedStore::WithCuratorEvidence(Fact fact) const {
  auto it = curator_facts_.find(fact.id);
  if (it == curator_facts_.end()) return fact;
  fact.evidence.insert(fact.evidence.end(), it->second.evidence.begin(),
                       it->second.evidence.end());
  SortEvidence(&fact.evidence);
  return fact;
}

Result<Entity> CuratedStore::GetEntity(std::string_view entity_id) const {
  auto entity = base_->GetEntity(entity_id);
  if (entity.ok()) return Decorate(std::move(entity).value());
  if (entity.status().code() != Status::Code::kNotFound) return entity.status();
  auto it = synthesized_.find(entity_id);
  if (it == synthesized_.end()) return entity.status();
  return Decorate(it->second);
}

Result<std::vector<std::string>> CuratedStore::LookupAlias(
    std::string_view surface) const {
  auto it = alias_entity_.find(NormalizeAlias(surface));
  if (it != alias_entity_.end()) return std::vector<std::string>{it->second};
  return base_->LookupAlias(surface);
}

Status CuratedStore::ForEachEntity(const std::function<Status(Entity&)>& fn) const {
  auto next = synthesized_.begin();
  auto decorated = [&](Entity e) {
    Entity out = Decorate(std::move(e));
    return fn(out);
  };
  LG_RETURN_IF_ERROR(base_->ForEachEntity([&](Entity& e) {
    for (; next != synthesized_.end() && next->first < e.id; ++next) {
      LG_RETURN_IF_ERROR(decorated(next->second));
    }
    return decorated(std::move(e));
  }));
  for (; next != synthesized_.end(); ++next) LG_RETURN_IF_ERROR(decorated(next->second));
  return Status::Ok();
}

Result<Fact> CuratedStore::GetFact(std::string_view fact_id) const {
  if (rejected_.count(fact_id)) {
    return Status::NotFound("graph/store: fact '" + std::string(fact_id) +
                            "' is rejected in " + dir() + " (see `litgraph log`)");
  }
  if (only_curator_.count(fact_id)) return curator_facts_.find(fact_id)->second;
  LG_ASSIGN_OR_RETURN(Fact fact, base_->GetFact(fact_id));
  return WithCuratorEvidence(std::move(fact));
}

Status CuratedStore::ForEachFact(const std::function<Status(const Fact&)>& fn) const {
  auto next = only_curator_.begin();
  LG_RETURN_IF_ERROR(base_->ForEachFact([&](const Fact& f) {
    for (; next != only_curator_.end() && *next < f.id; ++next) {
      LG_RETURN_IF_ERROR(fn(curator_facts_.find(*next)->second));
    }
    if (rejected_.count(f.id)) return Status::Ok();
    return fn(WithCuratorEvidence(f));
  }));
  for (; next != only_curator_.end(); ++next) {
    LG_RETURN_IF_ERROR(fn(curator_facts_.find(*next)->second));
  }
  return Status::Ok();
}

Result<Fact> CuratedStore::GetFactHeader(std::string_view fact_id) const {
  // As ForEachFactHeader: the base's header, a curator-only fact without its
  // evidence, nothing for a rejected fact.
  if (rejected_.count(fact_id) || only_curator_.count(fact_id)) {
    LG_ASSIGN_OR_RETURN(Fact fact, GetFact(fact_id));
    fact.evidence.clear();
    return fact;
  }
  return base_->GetFactHeader(fact_id);
}

Status CuratedStore::ForEachFactHeader(const std::function<Status(Fact&)>& fn) const {
  auto next = only_curator_.begin();
  auto curator_fact = [&](const std::string& id) {
    Fact header = curator_facts_.find(id)->second;
    header.evidence.clear();
    return fn(header);
  };
  LG_RETURN_IF_ERROR(base_->ForEachFactHeader([&](Fact& f) {
    for (; next != only_curator_.end() && *next < f.id; ++next) {
      LG_RETURN_IF_ERROR(curator_fact(*next));
    }
    if (rejected_.count(f.id)) return Status::Ok();
    return fn(f);
  }));
  for (; next != only_curator_.end(); ++next) LG_RETURN_IF_ERROR(curator_fact(*next));
  return Status::Ok();
}

Result<std::vector<Store::Edge>> CuratedStore::Edges(std::string_view entity_id,
                                                     bool out) const {
  LG_ASSIGN_OR_RETURN(std::vector<Edge> edges,
                      out ? base_->OutEdges(entity_id) : base_->InEdges(entity_id));
  edges.erase(
      std::remove_if(edges.begin(), edges.end(),
                     [&](const Edge& e) { return rejected_.count(e.fact_id) > 0; }),
      edges.end());
  for (const std::string& id : only_curator_) {
    const Fact& f = curator_facts_.find(id)->second;
    if ((out ? f.subject : f.object) != entity_id) continue;
    edges.push_back(Edge{f.predicate, out ? f.object : f.subject, f.id});
  }
  SortEdges(&edges);
  return edges;
}

Result<std::vector<Store::Edge>> CuratedStore::OutEdges(
    std::string_view entity_id) const {
  return Edges(entity_id, true);
}

Result<std::vector<Store::Edge>> CuratedStore::InEdges(std::string_view entity_id) const {
  return Edges(entity_id, false);
}

}  // namespace

Result<std::unique_ptr<Store>> OpenCuratedView(std::unique_ptr<Store> base) {
  const Store* raw = base.get();
  auto view = std::make_unique<CuratedStore>(raw, std::move(base));
  LG_RETURN_IF_ERROR(view->Load());
  return std::unique_ptr<Store>(std::move(view));
}

Result<std::unique_ptr<Store>> MakeCuratedView(const Store& base) {
  auto view = std::make_unique<CuratedStore>(&base, nullptr);
  LG_RETURN_IF_ERROR(view->Load());
  return std::unique_ptr<Store>(std::move(view));
}

}  // namespace lg::graph
