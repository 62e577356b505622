#include "graph/view/view.h"

#include <algorithm>
#include <deque>
#include <set>
#include <utility>

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

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

View::View() = default;

Result<View> View::Build(const Store& store) {
  View view;
  LG_ASSIGN_OR_RETURN(view.generation_, store.Generation());
  LG_ASSIGN_OR_RETURN(view.sources_, store.ListSources());
  for (const Source& source : view.sources_) {
    LG_ASSIGN_OR_RETURN(auto refs, store.GetReferences(source.id));
    std::sort(refs.begin(), refs.end(), RefLess);
    view.references_[source.id] = std::move(refs);
  }
  LG_RETURN_IF_ERROR(store.ForEachEntity([&](const Entity& e) {
    view.entities_.push_back(e);
    return Status::Ok();
  }));
  LG_RETURN_IF_ERROR(store.ForEachFact([&](const Fact& f) {
    view.facts_.push_back(f);
    return Status::Ok();
  }));
  view.Index();
  return view;
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
    std::sort(data.references.begin(), data.references.end(), RefLess);
    view.references_[data.source.id] = data.references;
    for (const Entity& e : data.entities) {
      auto [it, inserted] = entities.emplace(e.id, e);
      if (inserted) continue;
      Entity& merged = it->second;
      if (merged.label.empty()) merged.label = e.label;
      merged.aliases.insert(merged.aliases.end(), e.aliases.begin(), e.aliases.end());
      for (const auto& [k, v] : e.attributes) {
        if (merged.attributes[k].empty()) merged.attributes[k] = v;
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
    for (auto it = e.attributes.begin(); it != e.attributes.end();) {
      it = it->second.empty() ? e.attributes.erase(it) : std::next(it);
    }
    view.entities_.push_back(std::move(e));
  }
  for (auto& [id, f] : facts) {
    std::stable_sort(f.evidence.begin(), f.evidence.end(), EvidenceLess);
    view.facts_.push_back(std::move(f));
  }
  view.Index();
  return view;
}

void View::Index() {
  // Facts may name entities no source declared: give them a vertex too.
  std::set<std::string> known;
  for (const Entity& e : entities_) known.insert(e.id);
  for (const Fact& f : facts_) {
    for (const std::string* id : {&f.subject, &f.object}) {
      if (!known.insert(*id).second) continue;
      Entity e;
      e.id = *id;
      auto parsed = ParseEntityId(*id);
      if (parsed.ok()) {
        e.kind = parsed->kind;
        e.label = parsed->key;
      } else {
        e.kind = EntityKind::kCondition;
        e.label = *id;
      }
      entities_.push_back(std::move(e));
    }
  }
  std::sort(entities_.begin(), entities_.end(),
            [](const Entity& a, const Entity& b) { return a.id < b.id; });
  std::sort(facts_.begin(), facts_.end(),
            [](const Fact& a, const Fact& b) { return a.id < b.id; });

  by_id_.clear();
  by_label_.clear();
  by_alias_.clear();
  for (Vertex v = 0; v < entities_.size(); ++v) {
    const Entity& e = entities_[v];
    by_id_.emplace(e.id, v);
    InsertSorted(&by_label_[NormalizeAlias(e.id)], v);
    if (!e.label.empty()) InsertSorted(&by_label_[NormalizeAlias(e.label)], v);
    if (auto parsed = ParseEntityId(e.id); parsed.ok()) {
      InsertSorted(&by_label_[NormalizeAlias(parsed->key)], v);
    }
    for (const std::string& alias : e.aliases) {
      std::string key = NormalizeAlias(alias);
      if (!key.empty()) InsertSorted(&by_alias_[key], v);
    }
  }

  std::vector<std::pair<uint32_t, uint32_t>> edges;
  std::vector<EdgeProp> props;
  edges.reserve(facts_.size());
  props.reserve(facts_.size());
  for (uint32_t i = 0; i < facts_.size(); ++i) {
    edges.emplace_back(by_id_.at(facts_[i].subject), by_id_.at(facts_[i].object));
    props.push_back(EdgeProp{i});
  }
  graph_ = Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                 props.begin(), static_cast<uint32_t>(entities_.size()));
}

std::optional<View::Vertex> View::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<View::Vertex> View::Resolve(std::string_view surface) const {
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
  for (Vertex v = 0; v < entities_.size(); ++v) {
    const Entity& e = entities_[v];
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
  return it == references_.end() ? kNone : it->second;
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
  for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
    fn(Step{v, static_cast<Vertex>(boost::target(*it, graph_)), graph_[*it].fact, true});
  }
  for (auto [it, end] = boost::in_edges(v, graph_); it != end; ++it) {
    fn(Step{v, static_cast<Vertex>(boost::source(*it, graph_)), graph_[*it].fact, false});
  }
}

std::vector<View::Path> View::ShortestPaths(Vertex a, Vertex b, size_t cap) const {
  if (a == b) return {Path{}};
  if (cap == 0) return {};
  // BFS from a; dist[x] = undirected distance.
  std::vector<int> dist(entities_.size(), -1);
  std::deque<Vertex> queue{a};
  dist[a] = 0;
  while (!queue.empty() && dist[b] < 0) {
    Vertex u = queue.front();
    queue.pop_front();
    ForEachArc(u, [&](const Step& s) {
      if (dist[s.to] < 0) {
        dist[s.to] = dist[u] + 1;
        queue.push_back(s.to);
      }
    });
  }
  if (dist[b] < 0) return {};
  // Walk back from b along steps that decrease the distance by one, then
  // reverse each path so it reads a -> b.
  std::vector<Path> out;
  Path suffix;  // steps from b backwards, each oriented towards b
  std::function<void(Vertex)> walk = [&](Vertex w) {
    if (out.size() >= cap) return;
    if (w == a) {
      out.emplace_back(suffix.rbegin(), suffix.rend());
      return;
    }
    ForEachArc(w, [&](const Step& s) {
      if (out.size() >= cap || dist[s.to] != dist[w] - 1 || dist[s.to] < 0) return;
      suffix.push_back(Step{s.to, w, s.fact, !s.forward});
      walk(s.to);
      suffix.pop_back();
    });
  };
  walk(b);
  return out;
}

std::vector<View::Reached> View::Neighborhood(Vertex v, int depth,
                                              std::string_view predicate) const {
  std::vector<Reached> out;
  std::vector<int> dist(entities_.size(), -1);
  dist[v] = 0;
  std::deque<Vertex> queue{v};
  while (!queue.empty()) {
    Vertex u = queue.front();
    queue.pop_front();
    if (dist[u] >= depth) continue;
    ForEachArc(u, [&](const Step& s) {
      if (!predicate.empty() && facts_[s.fact].predicate != predicate) return;
      if (dist[s.to] >= 0) return;
      dist[s.to] = dist[u] + 1;
      out.push_back(Reached{s.to, dist[s.to], s});
      queue.push_back(s.to);
    });
  }
  return out;
}

}  // namespace lg::graph
