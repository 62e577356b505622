#include "graph/view/view_records.h"

#include <functional>
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
  out.id = image_->fact_id(f);
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
  auto read = store_.GetFactHeader(image_->fact_id(f));  // no sentences (View::fact)
  std::unique_ptr<Fact> loaded;
  if (read.ok()) {
    loaded = std::make_unique<Fact>(std::move(read).value());
  } else {
    loaded = std::make_unique<Fact>(FactSkeleton(f));
  }
  return Install(&fact_slots_[f], std::move(loaded));
}

Result<std::vector<Evidence>> ViewRecords::FactEvidence(uint32_t f) {
  LG_ASSIGN_OR_RETURN(Fact stored, store_.GetFact(image_->fact_id(f)));
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

namespace {

// Both the store's scan and the image's records are in id order: a cursor
// walks the image beside the scan, and a record the scan skips (no source
// declared the vertex) or cannot read gets its skeleton. `scan(fn)` is the
// store's ForEachEntity or ForEachFactHeader.
template <typename T, typename Scan, typename IdAt, typename Skeleton>
void MergeInIdOrder(uint32_t n, Scan scan, IdAt id_at, Skeleton skeleton,
                    std::vector<T>* out) {
  out->reserve(n);
  Status scanned = scan([&](T& record) {
    while (out->size() < n && id_at(out->size()) < record.id) {
      out->push_back(skeleton(out->size()));
    }
    if (out->size() < n && id_at(out->size()) == record.id) {
      out->push_back(std::move(record));
    }
    return Status::Ok();
  });
  (void)scanned;  // what it could not read stays a skeleton
  while (out->size() < n) out->push_back(skeleton(out->size()));
}

}  // namespace

void ViewRecords::ScanEntities() {
  MergeInIdOrder<Entity>(
      image_->num_vertices(),
      [&](const std::function<Status(Entity&)>& fn) { return store_.ForEachEntity(fn); },
      [&](size_t v) { return image_->vertex(uint32_t(v)).id; },
      [&](size_t v) { return EntitySkeleton(uint32_t(v)); }, &all_entities_);
  all_entities_ready_.store(true, std::memory_order_release);
}

void ViewRecords::ScanFacts() {
  MergeInIdOrder<Fact>(
      image_->num_facts(),
      [&](const std::function<Status(Fact&)>& fn) {
        return store_.ForEachFactHeader(fn);
      },
      [&](size_t f) { return image_->fact_id(uint32_t(f)); },
      [&](size_t f) { return FactSkeleton(uint32_t(f)); }, &all_facts_);
  all_facts_ready_.store(true, std::memory_order_release);
}

}  // namespace lg::graph
