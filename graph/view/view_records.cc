#include "graph/view/view_records.h"

#include <utility>

namespace lg::graph {

ViewRecords::ViewRecords(const Store& store, std::shared_ptr<const GraphImage> image)
    : store_(store),
      image_(std::move(image)),
      entity_slots_(new std::atomic<const Entity*>[image_->num_vertices()]()),
      fact_slots_(new std::atomic<const Fact*>[image_->num_facts()]()) {}

ViewRecords::~ViewRecords() {
  for (uint32_t v = 0; v < image_->num_vertices(); ++v) delete entity_slots_[v].load();
  for (uint32_t f = 0; f < image_->num_facts(); ++f) delete fact_slots_[f].load();
}

Entity ViewRecords::EntitySkeleton(uint32_t v) const {
  ImageVertex vertex = image_->vertex(v);
  Entity e;
  e.id = std::string(vertex.id);
  e.kind = vertex.kind;
  e.label = std::string(vertex.label);
  return e;
}

Fact ViewRecords::FactSkeleton(uint32_t f) const {
  ImageFact fact = image_->fact(f);
  Fact out;
  out.id = std::string(fact.id);
  out.subject = std::string(image_->vertex(fact.subject).id);
  out.predicate = std::string(image_->predicate(fact.predicate));
  out.object = std::string(image_->vertex(fact.object).id);
  return out;
}

template <typename T>
const T& ViewRecords::Install(std::atomic<const T*>* slot, std::unique_ptr<T> loaded) {
  const T* expected = nullptr;
  if (slot->compare_exchange_strong(expected, loaded.get(), std::memory_order_acq_rel)) {
    return *loaded.release();
  }
  return *expected;  // another thread kept its copy first
}

const Entity& ViewRecords::EntityAt(uint32_t v) {
  if (all_entities_ready_.load(std::memory_order_acquire)) return all_entities_[v];
  if (const Entity* kept = entity_slots_[v].load(std::memory_order_acquire)) return *kept;
  auto read = store_.GetEntity(image_->vertex(v).id);
  auto loaded =
      std::make_unique<Entity>(read.ok() ? std::move(read).value() : EntitySkeleton(v));
  return Install(&entity_slots_[v], std::move(loaded));
}

const Fact& ViewRecords::FactAt(uint32_t f) {
  if (all_facts_ready_.load(std::memory_order_acquire)) return all_facts_[f];
  if (const Fact* kept = fact_slots_[f].load(std::memory_order_acquire)) return *kept;
  auto read = store_.GetFact(image_->fact(f).id);
  std::unique_ptr<Fact> loaded;
  if (read.ok()) {
    loaded = std::make_unique<Fact>(std::move(read).value());
    loaded->evidence.clear();  // a view holds no sentences (View::fact)
  } else {
    loaded = std::make_unique<Fact>(FactSkeleton(f));
  }
  return Install(&fact_slots_[f], std::move(loaded));
}

Result<std::vector<Evidence>> ViewRecords::FactEvidence(uint32_t f) {
  LG_ASSIGN_OR_RETURN(Fact stored, store_.GetFact(image_->fact(f).id));
  std::vector<Evidence> evidence = std::move(stored.evidence);
  stored.evidence.clear();  // a view holds no sentences (View::fact)
  if (!all_facts_ready_.load(std::memory_order_acquire) &&
      fact_slots_[f].load(std::memory_order_acquire) == nullptr) {
    Install(&fact_slots_[f], std::make_unique<Fact>(std::move(stored)));
  }
  return evidence;
}

const std::vector<Entity>& ViewRecords::AllEntities() {
  std::call_once(entities_once_, [this] { ScanEntities(); });
  return all_entities_;
}

const std::vector<Fact>& ViewRecords::AllFacts() {
  std::call_once(facts_once_, [this] { ScanFacts(); });
  return all_facts_;
}

// Both the store's scan and the image's vertices are in id order: a cursor
// walks the vertices beside the scan, and a vertex the scan skips (no source
// declared it) gets its skeleton. A failed scan leaves skeletons for the rest.
void ViewRecords::ScanEntities() {
  const uint32_t n = image_->num_vertices();
  all_entities_.reserve(n);
  Status scanned = store_.ForEachEntity([&](Entity& e) {
    while (all_entities_.size() < n && image_->vertex(all_entities_.size()).id < e.id) {
      all_entities_.push_back(EntitySkeleton(all_entities_.size()));
    }
    if (all_entities_.size() < n && image_->vertex(all_entities_.size()).id == e.id) {
      all_entities_.push_back(std::move(e));
    }
    return Status::Ok();
  });
  (void)scanned;  // what it could not read stays a skeleton
  while (all_entities_.size() < n)
    all_entities_.push_back(EntitySkeleton(all_entities_.size()));
  all_entities_ready_.store(true, std::memory_order_release);
}

void ViewRecords::ScanFacts() {
  const uint32_t n = image_->num_facts();
  all_facts_.reserve(n);
  Status scanned = store_.ForEachFactHeader([&](Fact& f) {
    while (all_facts_.size() < n && image_->fact(all_facts_.size()).id < f.id) {
      all_facts_.push_back(FactSkeleton(all_facts_.size()));
    }
    if (all_facts_.size() < n && image_->fact(all_facts_.size()).id == f.id) {
      all_facts_.push_back(std::move(f));
    }
    return Status::Ok();
  });
  (void)scanned;  // what it could not read stays a skeleton
  while (all_facts_.size() < n) all_facts_.push_back(FactSkeleton(all_facts_.size()));
  all_facts_ready_.store(true, std::memory_order_release);
}

}  // namespace lg::graph
