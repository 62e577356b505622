#include "graph/view/view.h"

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "graph/mutex.h"
#include "graph/view/view_records.h"

namespace lg::graph {
namespace {

// Numeric order for printed reference numbers ("2" < "10").
bool RefLess(const Reference& a, const Reference& b) {
  if (a.n.size() != b.n.size()) return a.n.size() < b.n.size();
  return a.n < b.n;
}

bool EvidenceLess(const Evidence& a, const Evidence& b) {
  return std::tie(a.source, a.begin, a.rule) < std::tie(b.source, b.begin, b.rule);
}

void InsertSorted(std::vector<View::Vertex>* list, View::Vertex v) {
  auto it = std::lower_bound(list->begin(), list->end(), v);
  if (it == list->end() || *it != v) list->insert(it, v);
}

// An int per vertex with O(1) reset: a value counts only when its stamp is
// the current one, so a traversal pays for the vertices it touches, not for
// the whole graph. One per thread and per algorithm (thread_local).
class VertexMarks {
 public:
  // Every vertex below n unmarked.
  void Reset(size_t n) {
    if (slots_.size() < n) slots_.resize(n);
    if (++current_ == 0) {  // wrapped: clear the old stamps once
      for (Slot& slot : slots_) slot.stamp = 0;
      current_ = 1;
    }
  }
  // v's value, -1 when unmarked.
  int Get(uint32_t v) const { return slots_[v].stamp == current_ ? slots_[v].value : -1; }
  // Marks v with `value` unless marked already; true when it marked.
  bool Mark(uint32_t v, int value) {
    Slot& slot = slots_[v];
    if (slot.stamp == current_) return false;
    slot.stamp = current_;
    slot.value = value;
    return true;
  }

 private:
  struct Slot {
    uint32_t stamp = 0;
    int value = 0;
  };
  std::vector<Slot> slots_;
  uint32_t current_ = 0;
};

// A set of vertices with O(1) clear, for traversals that only need "seen":
// a stamp per vertex (4 bytes, half of VertexMarks' slot, so the random
// accesses of a BFS touch half the cache lines). One per thread (thread_local).
class VertexStamps {
 public:
  // Every vertex below n absent.
  void Reset(size_t n) {
    if (stamps_.size() < n) stamps_.resize(n);
    if (++current_ == 0) {
      std::fill(stamps_.begin(), stamps_.end(), 0);
      current_ = 1;
    }
  }
  // Adds v; true when it was absent.
  bool Insert(uint32_t v) {
    if (stamps_[v] == current_) return false;
    stamps_[v] = current_;
    return true;
  }

 private:
  std::vector<uint32_t> stamps_;
  uint32_t current_ = 0;
};

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] =
          std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

struct View::Lazy {
  Mutex derived_mu;
  // unique_ptr: a slot stays where it is while the map grows.
  std::unordered_map<std::type_index, std::unique_ptr<DerivedSlot>> derived
      LG_GUARDED_BY(derived_mu);
  // The undirected adjacency in ForEachArc order, two parallel arrays: the
  // arcs of v are [arc_begin[v], arc_begin[v + 1]); arc_to is the other end,
  // arc_bits is fact << 1 | forward. Traversals scan arc_to and read
  // arc_bits only for the arcs they keep. 8 bytes an arc, both directions:
  // 16 bytes a fact.
  std::once_flag arcs_once;
  std::vector<uint32_t> arc_begin;
  std::vector<Vertex> arc_to;
  std::vector<uint32_t> arc_bits;
};

const View::Lazy& View::UndirectedArcs() const {
  std::call_once(lazy_->arcs_once, [this] {
    lazy_->arc_begin.reserve(num_vertices() + 1);
    lazy_->arc_to.reserve(2 * num_facts());
    lazy_->arc_bits.reserve(2 * num_facts());
    for (Vertex v = 0; v < num_vertices(); ++v) {
      lazy_->arc_begin.push_back(static_cast<uint32_t>(lazy_->arc_to.size()));
      for (const ImageArc& arc : graph_.OutArcs(v)) {
        lazy_->arc_to.push_back(arc.other);
        lazy_->arc_bits.push_back(arc.fact << 1 | 1u);
      }
      for (const ImageArc& arc : graph_.InArcs(v)) {
        lazy_->arc_to.push_back(arc.other);
        lazy_->arc_bits.push_back(arc.fact << 1);
      }
    }
    lazy_->arc_begin.push_back(static_cast<uint32_t>(lazy_->arc_to.size()));
  });
  return *lazy_;
}

View::View() : lazy_(std::make_shared<Lazy>()) {}

Result<View> View::Build(const Store& store) {
  View view;
  LG_ASSIGN_OR_RETURN(view.generation_, store.Generation());
  LG_ASSIGN_OR_RETURN(view.sources_, store.ListSources());
  for (const Source& source : view.sources_) {
    view.references_[source.id] = std::make_shared<ReferenceList>();  // read on use
  }
  view.store_ = &store;
  // The image is current only when it names the generation read above: a
  // writer between the two calls makes it stale (nullptr), never wrong.
  std::shared_ptr<const GraphImage> image = store.Image();
  if (image != nullptr && image->generation() == view.generation_) {
    view.UseImage(std::move(image));
    return view;
  }
  LG_RETURN_IF_ERROR(view.ReadRecords(store));
  view.Index();
  return view;
}

Status View::ReadRecords(const Store& store) {
  // The stored totals size the arrays (a hint: curation may add a few).
  LG_ASSIGN_OR_RETURN(Store::Totals totals, store.GetTotals());
  entities_.reserve(totals.entities);
  facts_.reserve(totals.facts);
  // Entities and facts are two independent scans (a Store reads from
  // several threads): facts on a second thread. Facts come without their
  // evidence: the view holds no sentences; FactEvidence reads them from the
  // store when a query shows them.
  Status facts_read;
  std::thread facts_reader([&] {
    facts_read = store.ForEachFactHeader([&](Fact& f) {
      facts_.push_back(std::move(f));
      return Status::Ok();
    });
  });
  Status entities_read = store.ForEachEntity([&](Entity& e) {
    entities_.push_back(std::move(e));
    return Status::Ok();
  });
  facts_reader.join();
  LG_RETURN_IF_ERROR(entities_read);
  return facts_read;
}

void View::UseImage(std::shared_ptr<const GraphImage> image) {
  // The image numbers vertices and facts as Index does (both in id order,
  // undeclared endpoints included) and orders its arcs as BuildArcs does, so
  // answers and their ties are the same. The graph walks the image's arcs:
  // nothing is built, no record is read.
  graph_ = Graph(*image);
  records_ = std::make_shared<ViewRecords>(*store_, image);
  image_ = std::move(image);
}

void View::BuildGraph(const std::vector<std::pair<uint32_t, uint32_t>>& edges,
                      uint32_t vertices) {
  arcs_ = std::make_shared<const ArcArrays>(BuildArcs(edges, vertices));
  graph_ = Graph(*arcs_);
}

size_t View::num_vertices() const {
  return image_ ? image_->num_vertices() : entities_.size();
}

size_t View::num_facts() const { return image_ ? image_->num_facts() : facts_.size(); }

std::string_view View::id(Vertex v) const {
  return image_ ? image_->vertex(v).id : std::string_view(entities_[v].id);
}

EntityKind View::kind(Vertex v) const {
  return image_ ? image_->vertex(v).kind : entities_[v].kind;
}

std::string_view View::label(Vertex v) const {
  return image_ ? image_->vertex(v).label : std::string_view(entities_[v].label);
}

std::string View::fact_id(uint32_t index) const {
  return image_ ? image_->fact_id(index) : facts_[index].id;
}

std::string_view View::predicate(uint32_t index) const {
  return image_ ? image_->predicate(image_->fact(index).predicate)
                : std::string_view(facts_[index].predicate);
}

std::optional<View::FactCounts> View::counts(uint32_t index) const {
  if (!image_) return std::nullopt;
  const ImageFact f = image_->fact(index);
  return FactCounts{f.evidence, f.references, f.sources};
}

View::Vertex View::subject(uint32_t index) const {
  return image_ ? image_->fact(index).subject : ends_[index].first;
}

View::Vertex View::object(uint32_t index) const {
  return image_ ? image_->fact(index).object : ends_[index].second;
}

const Entity& View::entity(Vertex v) const {
  return records_ ? records_->EntityAt(v) : entities_[v];
}

const std::vector<Entity>& View::entities() const {
  return records_ ? records_->AllEntities() : entities_;
}

const Fact& View::fact(uint32_t index) const {
  return records_ ? records_->FactAt(index) : facts_[index];
}

const std::vector<Fact>& View::facts() const {
  return records_ ? records_->AllFacts() : facts_;
}

Result<std::vector<Evidence>> View::FactEvidence(uint32_t index) const {
  if (records_) return records_->FactEvidence(index);
  const Fact& fact = facts_[index];
  if (store_ == nullptr) return fact.evidence;
  LG_ASSIGN_OR_RETURN(Fact stored, store_->GetFact(fact.id));
  return std::move(stored.evidence);
}

View View::FromSources(std::vector<SourceData> sources) {
  std::sort(sources.begin(), sources.end(), [](const SourceData& a, const SourceData& b) {
    return a.source.id < b.source.id;
  });
  View view;
  std::map<std::string, Entity> entities;
  std::map<std::string, Fact> facts;
  for (SourceData& data : sources) {
    view.sources_.push_back(data.source);
    auto list = std::make_shared<ReferenceList>();
    std::sort(data.references.begin(), data.references.end(), RefLess);
    std::call_once(list->once, [&] { list->refs = data.references; });
    view.references_[data.source.id] = std::move(list);
    for (Entity e : data.entities) {
      // As the store's readers: one mention summary per source with a record.
      e.sources.resize(1);
      e.sources.front().source = data.source.id;
      auto [it, inserted] = entities.emplace(e.id, e);
      if (inserted) continue;
      Entity& merged = it->second;
      merged.sources.push_back(std::move(e.sources.front()));
      if (merged.label.empty()) merged.label = e.label;
      merged.aliases.insert(merged.aliases.end(), e.aliases.begin(), e.aliases.end());
      for (const auto& [k, v] : e.attributes) {
        if (merged.attributes[k].empty()) merged.attributes[k] = v;
      }
      for (const auto& [k, items] : e.list_attributes) {
        if (merged.list_attributes[k].empty()) merged.list_attributes[k] = items;
      }
    }
    for (Fact f : data.facts) {
      if (f.id.empty()) f.id = ComputeFactId(f);
      auto [it, inserted] = facts.emplace(f.id, f);
      if (!inserted) {
        it->second.evidence.insert(it->second.evidence.end(), f.evidence.begin(),
                                   f.evidence.end());
      }
    }
  }
  for (auto& [id, e] : entities) {
    std::sort(e.aliases.begin(), e.aliases.end());
    e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
    std::erase_if(e.attributes, [](const auto& kv) { return kv.second.empty(); });
    std::erase_if(e.list_attributes, [](const auto& kv) { return kv.second.empty(); });
    view.entities_.push_back(std::move(e));
  }
  for (auto& [id, f] : facts) {
    std::stable_sort(f.evidence.begin(), f.evidence.end(), EvidenceLess);
    view.facts_.push_back(std::move(f));
  }
  view.Index();
  return view;
}

namespace {

// The vertex of an id that facts name but no source declared.
Entity UndeclaredEntity(const std::string& id) {
  Entity e;
  e.id = id;
  auto parsed = ParseEntityId(id);
  if (parsed.ok()) {
    e.kind = parsed->kind;
    e.label = parsed->key;
  } else {
    e.kind = EntityKind::kCondition;
    e.label = id;
  }
  return e;
}

}  // namespace

void View::Index() {
  // A store yields both in id order already; sort only what is not.
  auto by_entity_id = [](const Entity& a, const Entity& b) { return a.id < b.id; };
  if (!std::is_sorted(entities_.begin(), entities_.end(), by_entity_id)) {
    std::sort(entities_.begin(), entities_.end(), by_entity_id);
  }
  auto by_fact_id = [](const Fact& a, const Fact& b) { return a.id < b.id; };
  if (!std::is_sorted(facts_.begin(), facts_.end(), by_fact_id)) {
    std::sort(facts_.begin(), facts_.end(), by_fact_id);
  }

  // Vertices are positions in id order. Facts may name entities no source
  // declared: they get a vertex too, and the numbering is done again (rare:
  // hand-made sources and tests). The name indexes depend on the entities
  // only, so a second thread builds them meanwhile.
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  for (;;) {
    by_id_.clear();
    by_id_.reserve(entities_.size());
    for (Vertex v = 0; v < entities_.size(); ++v) by_id_.emplace(entities_[v].id, v);
    std::thread names([this] { IndexNames(); });
    edges.clear();
    edges.reserve(facts_.size());
    std::set<std::string> undeclared;
    for (const Fact& f : facts_) {
      auto subject = by_id_.find(f.subject);
      auto object = by_id_.find(f.object);
      if (subject == by_id_.end()) undeclared.insert(f.subject);
      if (object == by_id_.end()) undeclared.insert(f.object);
      if (undeclared.empty()) edges.emplace_back(subject->second, object->second);
    }
    names.join();
    if (undeclared.empty()) break;
    for (const std::string& id : undeclared) entities_.push_back(UndeclaredEntity(id));
    std::sort(entities_.begin(), entities_.end(), by_entity_id);
  }

  BuildGraph(edges, static_cast<uint32_t>(entities_.size()));
  ends_ = std::move(edges);
}

void View::IndexNames() {
  by_label_.clear();
  by_alias_.clear();
  by_label_.reserve(entities_.size() * 2);
  by_alias_.reserve(entities_.size());
  for (Vertex v = 0; v < entities_.size(); ++v) {
    const Entity& e = entities_[v];
    InsertSorted(&by_label_[NormalizeAlias(e.id)], v);
    auto parsed = ParseEntityId(e.id);
    if (parsed.ok()) InsertSorted(&by_label_[NormalizeAlias(parsed->key)], v);
    // The label is most often the id's key, normalised just above.
    if (!e.label.empty() && !(parsed.ok() && parsed->key == e.label)) {
      InsertSorted(&by_label_[NormalizeAlias(e.label)], v);
    }
    for (const std::string& alias : e.aliases) {
      std::string key = NormalizeAlias(alias);
      if (!key.empty()) InsertSorted(&by_alias_[key], v);
    }
  }
}

std::optional<View::Vertex> View::Find(std::string_view id) const {
  if (image_) return image_->FindVertex(id);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<View::Vertex> View::Resolve(std::string_view surface) const {
  // The image's alias index holds the same tiers, in the same order.
  if (image_) return image_->Resolve(surface);
  if (auto v = Find(surface)) return {*v};
  std::string key = NormalizeAlias(surface);
  if (key.empty()) return {};
  if (auto it = by_label_.find(key); it != by_label_.end()) return it->second;
  if (auto it = by_alias_.find(key); it != by_alias_.end()) return it->second;
  return {};
}

std::vector<std::string> View::Suggest(std::string_view surface, size_t max) const {
  std::string key = NormalizeAlias(surface);
  if (key.empty()) return {};
  size_t limit = std::max<size_t>(2, key.size() / 3);
  // Best (distance, text) per vertex.
  std::map<Vertex, std::pair<size_t, std::string>> best;
  auto consider = [&](Vertex v, const std::string& text) {
    std::string norm = NormalizeAlias(text);
    if (norm.empty()) return;
    size_t d = EditDistance(key, norm);
    if (d > limit) return;
    auto it = best.find(v);
    if (it == best.end() || std::make_pair(d, text) < it->second) best[v] = {d, text};
  };
  // Only a name that resolves to nothing gets here: reading every record
  // (from an image-built view, on first use) is the error path's cost.
  const std::vector<Entity>& all = entities();
  for (Vertex v = 0; v < all.size(); ++v) {
    const Entity& e = all[v];
    consider(v, e.label.empty() ? e.id : e.label);
    for (const std::string& alias : e.aliases) consider(v, alias);
  }
  std::vector<std::pair<size_t, std::string>> ranked;
  for (auto& [v, entry] : best) ranked.push_back(entry);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (auto& [d, text] : ranked) {
    if (out.size() == max) break;
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  return out;
}

const std::vector<Reference>& View::References(std::string_view source) const {
  static const std::vector<Reference> kNone;
  auto it = references_.find(source);
  if (it == references_.end()) return kNone;
  ReferenceList& list = *it->second;
  std::call_once(list.once, [&] {
    auto read = store_->GetReferences(it->first);
    if (!read.ok()) return;  // as a failed record read: nothing (check names it)
    list.refs = std::move(read).value();
    std::sort(list.refs.begin(), list.refs.end(), RefLess);
  });
  return list.refs;
}

const Reference* View::FindReference(std::string_view source, std::string_view n) const {
  const auto& refs = References(source);
  Reference probe;
  probe.n = std::string(n);
  auto it = std::lower_bound(refs.begin(), refs.end(), probe, RefLess);
  if (it == refs.end() || it->n != n) return nullptr;
  return &*it;
}

void View::ForEachArc(Vertex v, const std::function<void(const Step&)>& fn) const {
  for (const ImageArc& arc : graph_.OutArcs(v)) fn(Step{v, arc.other, arc.fact, true});
  for (const ImageArc& arc : graph_.InArcs(v)) fn(Step{v, arc.other, arc.fact, false});
}

std::vector<View::Path> View::ShortestPaths(Vertex a, Vertex b, size_t cap) const {
  if (a == b) return {Path{}};
  if (cap == 0) return {};
  // Bidirectional BFS over the undirected adjacency, whole layers at a time,
  // the cheaper frontier (sum of degrees) first, until a layer reaches a
  // vertex the other side has seen. Distances from a (from_a) and from b
  // (from_b) live in per-thread stamped arrays, so the call costs what it
  // visits. Then D = depth_a + depth_b, and from_a is exact up to depth_a,
  // from_b up to depth_b.
  if (!lazy_) return {};  // a moved-from view
  const Lazy& adj = UndirectedArcs();
  thread_local VertexMarks marks_a, marks_b, marks_on;
  VertexMarks& from_a = marks_a;
  VertexMarks& from_b = marks_b;
  VertexMarks& on_path = marks_on;  // level of a vertex on a shortest path
  from_a.Reset(num_vertices());
  from_b.Reset(num_vertices());
  on_path.Reset(num_vertices());
  from_a.Mark(a, 0);
  from_b.Mark(b, 0);
  std::vector<Vertex> layer_a{a}, layer_b{b}, next, met;
  int depth_a = 0, depth_b = 0;
  auto cost = [&](const std::vector<Vertex>& layer) {
    size_t sum = 0;
    for (Vertex u : layer) sum += adj.arc_begin[u + 1] - adj.arc_begin[u];
    return sum;
  };
  while (met.empty()) {
    if (layer_a.empty() || layer_b.empty()) return {};  // b is not reachable
    bool side_a = cost(layer_a) <= cost(layer_b);
    VertexMarks& mine = side_a ? from_a : from_b;
    const VertexMarks& theirs = side_a ? from_b : from_a;
    std::vector<Vertex>& layer = side_a ? layer_a : layer_b;
    int depth = (side_a ? depth_a : depth_b) + 1;
    next.clear();
    for (Vertex u : layer) {
      for (uint32_t i = adj.arc_begin[u], end = adj.arc_begin[u + 1]; i < end; ++i) {
        Vertex to = adj.arc_to[i];
        if (!mine.Mark(to, depth)) continue;
        next.push_back(to);
        if (theirs.Get(to) >= 0) met.push_back(to);
      }
    }
    layer.swap(next);
    (side_a ? depth_a : depth_b) = depth;
  }
  // The vertices at distance j from a on a shortest path, for j > depth_a:
  // the neighbours of level j - 1 at distance D - j from b (from_b is exact
  // there, and such a neighbour is at distance exactly j from a). The met
  // vertices are level depth_a.
  const int total = depth_a + depth_b;
  for (Vertex x : met) on_path.Mark(x, depth_a);
  for (int j = depth_a + 1; j < total; ++j) {
    next.clear();
    for (Vertex u : met) {
      for (uint32_t i = adj.arc_begin[u], end = adj.arc_begin[u + 1]; i < end; ++i) {
        Vertex to = adj.arc_to[i];
        if (from_b.Get(to) == total - j && on_path.Mark(to, j)) next.push_back(to);
      }
    }
    met.swap(next);
  }
  // Distance from a of a vertex x next to a shortest-path vertex of level
  // j + 1, when that distance is j (else anything but j).
  auto level_is = [&](Vertex x, int j) {
    return j <= depth_a ? from_a.Get(x) == j : on_path.Get(x) == j;
  };
  // Walk back from b along steps that decrease the distance from a by one
  // (arcs in ForEachArc order), then reverse each path so it reads a -> b.
  std::vector<Path> out;
  Path suffix;  // steps from b backwards, each oriented towards b
  auto walk = [&](auto& self, Vertex w, int level) -> void {
    if (out.size() >= cap) return;
    if (w == a) {
      out.emplace_back(suffix.rbegin(), suffix.rend());
      return;
    }
    for (uint32_t i = adj.arc_begin[w], end = adj.arc_begin[w + 1]; i < end; ++i) {
      if (out.size() >= cap) return;
      Vertex to = adj.arc_to[i];
      if (!level_is(to, level - 1)) continue;
      suffix.push_back(Step{to, w, adj.arc_bits[i] >> 1, (adj.arc_bits[i] & 1) == 0});
      self(self, to, level - 1);
      suffix.pop_back();
    }
  };
  walk(walk, b, total);
  return out;
}

View::DerivedSlot& View::SlotOf(const std::type_info& type) const {
  MutexLock lock(&lazy_->derived_mu);
  std::unique_ptr<DerivedSlot>& slot = lazy_->derived[std::type_index(type)];
  if (!slot) slot = std::make_unique<DerivedSlot>();
  return *slot;
}

std::vector<View::Reached> View::Neighborhood(Vertex v, int depth,
                                              std::string_view predicate) const {
  std::vector<Reached> out;
  if (depth < 1) return out;
  // BFS over the undirected adjacency; `out` is the queue (BFS order).
  // Visited vertices are stamped in a per-thread array, so the call costs
  // what it visits.
  if (!lazy_) return out;  // a moved-from view
  const Lazy& adj = UndirectedArcs();
  thread_local VertexStamps stamps;
  VertexStamps& seen = stamps;  // one TLS lookup, not one per arc
  seen.Reset(num_vertices());
  seen.Insert(v);
  // One allocation for the first two rings: at most the degrees of v and of
  // its neighbours.
  size_t bound = adj.arc_begin[v + 1] - adj.arc_begin[v];
  if (depth >= 2) {
    for (uint32_t i = adj.arc_begin[v], end = adj.arc_begin[v + 1]; i < end; ++i) {
      Vertex to = adj.arc_to[i];
      bound += adj.arc_begin[to + 1] - adj.arc_begin[to];
    }
  }
  out.reserve(std::min(bound, num_vertices()));
  auto expand = [&](Vertex u, int distance) {
    for (uint32_t i = adj.arc_begin[u], end = adj.arc_begin[u + 1]; i < end; ++i) {
      Vertex to = adj.arc_to[i];
      if (!predicate.empty() && this->predicate(adj.arc_bits[i] >> 1) != predicate)
        continue;
      if (!seen.Insert(to)) continue;
      out.push_back(Reached{to, distance, u, adj.arc_bits[i]});
    }
  };
  expand(v, 1);
  for (size_t i = 0; i < out.size() && out[i].distance < depth; ++i) {
    Vertex u = out[i].vertex;
    expand(u, out[i].distance + 1);
  }
  return out;
}

}  // namespace lg::graph
