// ViewRecords: the full entity and fact records of a View built from the
// store's graph image (View::Build), read from the store on first use.
//
// The image gives every vertex's and fact's skeleton (ids, kind, label,
// predicate, endpoints); what it lacks (aliases, attributes, mentions) a
// query asks for only for what it prints, so one record is one point read
// (Store::GetEntity, Store::GetFact), kept for the view's lifetime. A query
// that scans every record of a kind asks for all of them: then one scan of
// the store fills them in vertex (fact) order.
//
// Internal to graph/view. Thread-safety: every method is safe from several
// threads (the server answers queries concurrently); a record is read at
// most a few times when threads race for it, and one copy is kept.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "graph/model.h"
#include "graph/store/image.h"
#include "graph/store/store.h"

namespace lg::graph {

class ViewRecords {
 public:
  // `store` must outlive the object; `image` is the store's current image.
  ViewRecords(const Store& store, std::shared_ptr<const GraphImage> image);
  ~ViewRecords();
  ViewRecords(const ViewRecords&) = delete;
  ViewRecords& operator=(const ViewRecords&) = delete;

  const Entity& EntityAt(uint32_t v);
  const std::vector<Entity>& AllEntities();
  // A fact without its evidence.
  const Fact& FactAt(uint32_t f);
  const std::vector<Fact>& AllFacts();
  // The evidence of fact `f` (Store::GetFact); keeps the rest of the record
  // when it is not kept yet, so printing a fact reads it once.
  Result<std::vector<Evidence>> FactEvidence(uint32_t f);

 private:
  // What the image alone knows: the record when the store has none (a
  // vertex no source declared) or cannot read it.
  Entity EntitySkeleton(uint32_t v) const;
  Fact FactSkeleton(uint32_t f) const;
  // Publishes `loaded` in `slot` unless another thread did first; the kept one.
  template <typename T>
  static const T& Install(std::atomic<const T*>* slot, std::unique_ptr<T> loaded);
  void ScanEntities();
  void ScanFacts();

  const Store& store_;
  std::shared_ptr<const GraphImage> image_;
  // One slot per vertex (fact), null until read; owned.
  std::unique_ptr<std::atomic<const Entity*>[]> entity_slots_;
  std::unique_ptr<std::atomic<const Fact*>[]> fact_slots_;
  // Every record, once a query asked for all of them; the slots are not read
  // after that.
  std::once_flag entities_once_, facts_once_;
  std::vector<Entity> all_entities_;
  std::vector<Fact> all_facts_;
  std::atomic<bool> all_entities_ready_{false}, all_facts_ready_{false};
};

}  // namespace lg::graph
