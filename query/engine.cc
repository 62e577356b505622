#include "query/engine.h"

#include <algorithm>
#include <set>
#include <utility>

namespace lg::query {
namespace {

using graph::EntityKind;
using Vertex = View::Vertex;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> SplitBar(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t bar = s.find('|', start);
    std::string item = s.substr(start, bar == std::string::npos ? bar : bar - start);
    if (!item.empty()) out.push_back(item);
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string Attr(const std::map<std::string, std::string>& attrs, const std::string& key) {
  auto it = attrs.find(key);
  return it == attrs.end() ? "" : it->second;
}

// "Phase I/II" -> "1/2".
std::string NormalizePhase(std::string_view phase) {
  std::string s = Lower(phase);
  if (s.rfind("phase", 0) == 0) s = s.substr(5);
  std::string out, token;
  auto flush = [&] {
    static const std::map<std::string, std::string> kRoman = {
        {"i", "1"}, {"ii", "2"}, {"iii", "3"}, {"iv", "4"}};
    auto it = kRoman.find(token);
    out += it == kRoman.end() ? token : it->second;
    token.clear();
  };
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    if (c == '/' || c == '-') {
      flush();
      out += '/';
    } else {
      token += c;
    }
  }
  flush();
  return out;
}

bool IsContextPredicate(std::string_view p) {
  namespace pred = graph::pred;
  return p == pred::kMemberOf || p == pred::kInvolves || p == pred::kDependsOn ||
         p == pred::kOverexpresses;
}

// A drug or class acting on the object: the target predicates, and
// "active_in" (drug -> fusion, group or condition; query/JSON.md).
constexpr std::string_view kActiveIn = "active_in";
bool IsActingPredicate(std::string_view p) {
  return graph::IsTargetPredicate(p) || p == kActiveIn;
}

bool IsAgentKind(EntityKind k) {
  return k == EntityKind::kDrug || k == EntityKind::kDrugClass;
}

bool KindWanted(EntityKind k, AgentKind wanted) {
  switch (wanted) {
    case AgentKind::kAny:
      return IsAgentKind(k);
    case AgentKind::kDrug:
      return k == EntityKind::kDrug;
    case AgentKind::kClass:
      return k == EntityKind::kDrugClass;
  }
  return false;
}

std::vector<RefInfo> ResolveRefs(const View& view, const graph::Evidence& ev) {
  std::vector<RefInfo> out;
  for (const std::string& n : ev.refs) {
    RefInfo ref{ev.source, n, "", false};
    if (const graph::Reference* r = view.FindReference(ev.source, n)) {
      ref.citation = r->ShortCitation();
      ref.found = true;
    }
    out.push_back(std::move(ref));
  }
  return out;
}

std::vector<EvidenceInfo> MakeEvidence(const View& view, const graph::Fact& fact) {
  std::vector<EvidenceInfo> out;
  for (const graph::Evidence& ev : fact.evidence) {
    out.push_back(EvidenceInfo{ev.source, ev.sentence, ev.begin, ev.end, ResolveRefs(view, ev),
                               ev.refs_inherited, ev.stated, ev.rule});
  }
  return out;
}

// Distinct refs of a fact's evidence, in evidence order.
std::vector<RefInfo> FactRefs(const View& view, const graph::Fact& fact) {
  std::vector<RefInfo> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const graph::Evidence& ev : fact.evidence) {
    for (RefInfo& r : ResolveRefs(view, ev)) {
      if (seen.emplace(r.source, r.n).second) out.push_back(std::move(r));
    }
  }
  return out;
}

OutcomeRow MakeOutcome(const View& view, uint32_t index) {
  const graph::Fact& f = view.fact(index);
  OutcomeRow row;
  row.fact_id = f.id;
  row.subject = MakeEntityRef(view, *view.Find(f.subject));
  row.object = MakeEntityRef(view, *view.Find(f.object));
  row.measure = Attr(f.attributes, "measure");
  row.value = Attr(f.attributes, "value");
  row.unit = Attr(f.attributes, "unit");
  row.qualifier = Attr(f.attributes, "qualifier");
  row.horizon = Attr(f.attributes, "horizon");
  row.group = Attr(f.attributes, "group");
  row.drug = Attr(f.attributes, "drug");
  row.evidence = MakeEvidence(view, f);
  return row;
}

TrialRow MakeTrial(const View& view, Vertex v) {
  const graph::Entity& e = view.entity(v);
  TrialRow row;
  row.trial = MakeEntityRef(view, v);
  row.names = SplitBar(Attr(e.attributes, "names"));
  row.registry_ids = SplitBar(Attr(e.attributes, "registry_ids"));
  row.phase = Attr(e.attributes, "phase");
  row.status = Attr(e.attributes, "status");
  row.sponsor = Attr(e.attributes, "sponsor");
  std::set<std::pair<std::string, std::string>> seen;
  view.ForEachArc(v, [&](const View::Step& s) {
    const graph::Fact& f = view.fact(s.fact);
    if (!s.forward || f.predicate != graph::pred::kTests) return;
    row.drugs.push_back(MakeEntityRef(view, s.to));
    for (RefInfo& r : FactRefs(view, f)) {
      if (seen.emplace(r.source, r.n).second) row.refs.push_back(std::move(r));
    }
  });
  std::sort(row.drugs.begin(), row.drugs.end(),
            [](const EntityRef& a, const EntityRef& b) { return a.id < b.id; });
  row.drugs.erase(std::unique(row.drugs.begin(), row.drugs.end(),
                              [](const EntityRef& a, const EntityRef& b) { return a.id == b.id; }),
                  row.drugs.end());
  return row;
}

// True when the outcome's "drug" attribute names entity v.
bool OutcomeNamesDrug(const View& view, const graph::Fact& f, Vertex v) {
  std::string drug = Attr(f.attributes, "drug");
  if (drug.empty()) return false;
  std::vector<Vertex> hits = view.Resolve(drug);
  return std::find(hits.begin(), hits.end(), v) != hits.end();
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const graph::Store* store) {
  std::unique_ptr<Engine> engine(new Engine(store));
  LG_ASSIGN_OR_RETURN(engine->view_, View::Build(*store));
  return engine;
}

Status Engine::Refresh() {
  LG_ASSIGN_OR_RETURN(uint64_t generation, store_->Generation());
  if (generation == view_.generation()) return Status::Ok();
  LG_ASSIGN_OR_RETURN(view_, View::Build(*store_));
  return Status::Ok();
}

Result<Vertex> ResolveEntity(const View& view, std::string_view surface) {
  std::vector<Vertex> hits = view.Resolve(surface);
  if (hits.size() == 1) return hits[0];
  if (hits.empty()) {
    std::string message = "unknown entity '" + std::string(surface) + "'";
    std::vector<std::string> near = view.Suggest(surface, 5);
    for (size_t i = 0; i < near.size(); ++i) {
      message += (i == 0 ? "; did you mean: " : ", ") + near[i];
    }
    if (!near.empty()) message += "?";
    return Status::NotFound(message);
  }
  std::string message = "'" + std::string(surface) + "' is ambiguous: ";
  for (size_t i = 0; i < hits.size(); ++i) {
    const graph::Entity& e = view.entity(hits[i]);
    message += (i ? ", " : "") + e.id + " (" + MakeEntityRef(view, hits[i]).label + ")";
  }
  return Status::InvalidArgument(message + "; give a canonical id");
}

EntityRef MakeEntityRef(const View& view, Vertex v) {
  const graph::Entity& e = view.entity(v);
  EntityRef ref{e.id, std::string(graph::KindName(e.kind)), e.label};
  if (ref.label.empty()) {
    auto parsed = graph::ParseEntityId(e.id);
    ref.label = parsed.ok() ? parsed->key : e.id;
  }
  return ref;
}

std::string RefInfo::Display() const {
  return "[" + n + "]" + (citation.empty() ? "" : " " + citation);
}

EdgeInfo MakeEdgeInfo(const View& view, uint32_t index, bool forward) {
  const graph::Fact& f = view.fact(index);
  EdgeInfo edge;
  edge.fact_id = f.id;
  edge.predicate = f.predicate;
  edge.subject = MakeEntityRef(view, *view.Find(f.subject));
  edge.object = MakeEntityRef(view, *view.Find(f.object));
  edge.forward = forward;
  edge.attributes = f.attributes;
  edge.evidence = MakeEvidence(view, f);
  return edge;
}

std::string PathString(const std::vector<EdgeInfo>& path) {
  if (path.empty()) return "";
  std::string out = path[0].forward ? path[0].subject.label : path[0].object.label;
  for (const EdgeInfo& e : path) {
    if (e.forward) {
      out += " -" + e.predicate + "-> " + e.object.label;
    } else {
      out += " <-" + e.predicate + "- " + e.subject.label;
    }
  }
  return out;
}

// ---- agents -------------------------------------------------------------

std::string_view AgentKindName(AgentKind kind) {
  switch (kind) {
    case AgentKind::kDrug:
      return "drug";
    case AgentKind::kClass:
      return "class";
    case AgentKind::kAny:
      break;
  }
  return "any";
}

AgentsResult FindAgents(const View& view, Vertex target, const AgentsOptions& options) {
  AgentsResult result;
  result.target = MakeEntityRef(view, target);
  result.max_hops = options.max_hops;
  result.kind = options.kind;

  // Depth-first enumeration of the simple paths of the grammar in engine.h.
  // phase 0: context steps; 1: at an agent after the acting step; 2: at a
  // drug after member_of backwards from a class (terminal).
  struct Found {
    std::vector<View::Path> paths;
  };
  std::map<Vertex, Found> found;
  std::vector<char> on_path(view.num_vertices(), 0);
  View::Path path;
  std::function<void(Vertex, int)> walk = [&](Vertex u, int phase) {
    if (static_cast<int>(path.size()) >= options.max_hops) return;
    view.ForEachArc(u, [&](const View::Step& s) {
      if (on_path[s.to]) return;
      const graph::Fact& f = view.fact(s.fact);
      EntityKind to_kind = view.entity(s.to).kind;
      int next = -1;
      if (phase == 0 && s.forward && IsContextPredicate(f.predicate)) {
        next = 0;
      } else if (phase == 0 && !s.forward && IsActingPredicate(f.predicate) &&
                 IsAgentKind(to_kind)) {
        next = 1;
      } else if (phase == 1 && !s.forward && f.predicate == graph::pred::kMemberOf &&
                 view.entity(u).kind == EntityKind::kDrugClass &&
                 to_kind == EntityKind::kDrug) {
        next = 2;
      }
      if (next < 0) return;
      path.push_back(s);
      on_path[s.to] = 1;
      if (next >= 1 && KindWanted(to_kind, options.kind)) found[s.to].paths.push_back(path);
      walk(s.to, next);
      on_path[s.to] = 0;
      path.pop_back();
    });
  };
  on_path[target] = 1;
  walk(target, 0);

  for (auto& [v, f] : found) {
    std::stable_sort(f.paths.begin(), f.paths.end(),
                     [](const View::Path& a, const View::Path& b) { return a.size() < b.size(); });
    if (f.paths.size() > options.max_paths) f.paths.resize(options.max_paths);
    Agent agent;
    agent.entity = MakeEntityRef(view, v);
    agent.hops = static_cast<int>(f.paths.front().size());
    std::set<std::pair<std::string, std::string>> refs;
    std::set<std::string> via_seen;
    for (const View::Path& p : f.paths) {
      std::vector<EdgeInfo> edges;
      for (const View::Step& s : p) {
        edges.push_back(MakeEdgeInfo(view, s.fact, s.forward));
        for (const graph::Evidence& ev : view.fact(s.fact).evidence) {
          for (const std::string& n : ev.refs) refs.emplace(ev.source, n);
        }
        if (!s.forward && IsActingPredicate(view.fact(s.fact).predicate) &&
            via_seen.insert(view.entity(s.from).id).second) {
          agent.via.push_back(MakeEntityRef(view, s.from));
        }
      }
      agent.paths.push_back(std::move(edges));
    }
    agent.ref_count = refs.size();
    result.agents.push_back(std::move(agent));
  }
  std::sort(result.agents.begin(), result.agents.end(), [](const Agent& a, const Agent& b) {
    if (a.hops != b.hops) return a.hops < b.hops;
    if (a.ref_count != b.ref_count) return a.ref_count > b.ref_count;
    std::string la = Lower(a.entity.label), lb = Lower(b.entity.label);
    if (la != lb) return la < lb;
    return a.entity.id < b.entity.id;
  });
  return result;
}

Result<AgentsResult> Agents(const View& view, std::string_view target,
                            const AgentsOptions& options) {
  if (options.max_hops < 1) {
    return Status::InvalidArgument("query: --max-hops must be at least 1, got " +
                                   std::to_string(options.max_hops));
  }
  LG_ASSIGN_OR_RETURN(Vertex v, ResolveEntity(view, target));
  return FindAgents(view, v, options);
}

// ---- show ---------------------------------------------------------------

Card MakeCard(const View& view, Vertex v) {
  const graph::Entity& e = view.entity(v);
  Card card;
  card.entity = MakeEntityRef(view, v);
  card.aliases = e.aliases;
  card.attributes = e.attributes;
  std::set<std::string> sources, outcome_ids;
  std::set<Vertex> trials;
  if (e.kind == EntityKind::kTrial) trials.insert(v);
  view.ForEachArc(v, [&](const View::Step& s) {
    const graph::Fact& f = view.fact(s.fact);
    FactLine line{f.id, f.predicate, MakeEntityRef(view, s.to), f.attributes,
                  FactRefs(view, f), f.evidence.size()};
    (s.forward ? card.out : card.in)[f.predicate].push_back(std::move(line));
    for (const graph::Evidence& ev : f.evidence) sources.insert(ev.source);
    if (view.entity(s.to).kind == EntityKind::kTrial) trials.insert(s.to);
    if (f.predicate == graph::pred::kOutcome) outcome_ids.insert(f.id);
  });
  for (uint32_t i = 0; i < view.facts().size(); ++i) {
    const graph::Fact& f = view.fact(i);
    if (f.predicate == graph::pred::kOutcome &&
        (outcome_ids.count(f.id) || OutcomeNamesDrug(view, f, v))) {
      card.outcomes.push_back(MakeOutcome(view, i));
    }
  }
  for (auto* group : {&card.out, &card.in}) {
    for (auto& [p, lines] : *group) {
      std::stable_sort(lines.begin(), lines.end(), [](const FactLine& a, const FactLine& b) {
        return a.other.id < b.other.id;
      });
    }
  }
  for (Vertex t : trials) card.trials.push_back(MakeTrial(view, t));
  card.sources.assign(sources.begin(), sources.end());
  return card;
}

Result<Card> Show(const View& view, std::string_view entity) {
  LG_ASSIGN_OR_RETURN(Vertex v, ResolveEntity(view, entity));
  return MakeCard(view, v);
}

// ---- trials and outcomes --------------------------------------------------

Result<std::vector<TrialRow>> Trials(const View& view, const TrialFilter& filter) {
  std::set<Vertex> drugs;  // empty: no drug constraint
  bool constrained = false;
  if (!filter.drug.empty()) {
    constrained = true;
    LG_ASSIGN_OR_RETURN(Vertex d, ResolveEntity(view, filter.drug));
    drugs.insert(d);
    if (view.entity(d).kind == EntityKind::kDrugClass) {
      view.ForEachArc(d, [&](const View::Step& s) {
        if (!s.forward && view.fact(s.fact).predicate == graph::pred::kMemberOf) {
          drugs.insert(s.to);
        }
      });
    }
  }
  if (!filter.target.empty()) {
    LG_ASSIGN_OR_RETURN(AgentsResult agents, Agents(view, filter.target));
    std::set<Vertex> acting;
    for (const Agent& a : agents.agents) acting.insert(*view.Find(a.entity.id));
    if (constrained) {
      std::set<Vertex> both;
      std::set_intersection(drugs.begin(), drugs.end(), acting.begin(), acting.end(),
                            std::inserter(both, both.begin()));
      drugs = std::move(both);
    } else {
      drugs = std::move(acting);
    }
    constrained = true;
  }
  std::vector<TrialRow> out;
  for (Vertex v = 0; v < view.num_vertices(); ++v) {
    const graph::Entity& e = view.entity(v);
    if (e.kind != EntityKind::kTrial) continue;
    if (!filter.phase.empty() &&
        NormalizePhase(Attr(e.attributes, "phase")) != NormalizePhase(filter.phase)) {
      continue;
    }
    if (!filter.status.empty() && Lower(Attr(e.attributes, "status")) != Lower(filter.status)) {
      continue;
    }
    if (constrained) {
      bool hit = false;
      view.ForEachArc(v, [&](const View::Step& s) {
        if (s.forward && view.fact(s.fact).predicate == graph::pred::kTests &&
            drugs.count(s.to)) {
          hit = true;
        }
      });
      if (!hit) continue;
    }
    out.push_back(MakeTrial(view, v));
  }
  return out;
}

Result<std::vector<OutcomeRow>> Outcomes(const View& view, const OutcomeFilter& filter) {
  std::optional<Vertex> trial, drug;
  if (!filter.trial.empty()) {
    LG_ASSIGN_OR_RETURN(trial, ResolveEntity(view, filter.trial));
  }
  if (!filter.drug.empty()) {
    LG_ASSIGN_OR_RETURN(drug, ResolveEntity(view, filter.drug));
  }
  std::string group = Lower(filter.group);
  std::vector<OutcomeRow> out;
  for (uint32_t i = 0; i < view.facts().size(); ++i) {
    const graph::Fact& f = view.fact(i);
    if (f.predicate != graph::pred::kOutcome) continue;
    if (trial) {
      const std::string& id = view.entity(*trial).id;
      if (f.subject != id && f.object != id) continue;
    }
    if (drug && !OutcomeNamesDrug(view, f, *drug)) continue;
    if (!filter.measure.empty() &&
        Lower(Attr(f.attributes, "measure")) != Lower(filter.measure)) {
      continue;
    }
    if (!group.empty() && Lower(Attr(f.attributes, "group")).find(group) == std::string::npos) {
      continue;
    }
    out.push_back(MakeOutcome(view, i));
  }
  std::stable_sort(out.begin(), out.end(), [](const OutcomeRow& a, const OutcomeRow& b) {
    return std::tie(a.subject.id, a.measure, a.fact_id) <
           std::tie(b.subject.id, b.measure, b.fact_id);
  });
  return out;
}

// ---- paths and neighbours -----------------------------------------------

Result<PathsResult> FindPaths(const View& view, std::string_view a, std::string_view b,
                              size_t cap) {
  LG_ASSIGN_OR_RETURN(Vertex va, ResolveEntity(view, a));
  LG_ASSIGN_OR_RETURN(Vertex vb, ResolveEntity(view, b));
  PathsResult result;
  result.from = MakeEntityRef(view, va);
  result.to = MakeEntityRef(view, vb);
  for (const View::Path& p : view.ShortestPaths(va, vb, cap)) {
    result.hops = static_cast<int>(p.size());
    std::vector<EdgeInfo> edges;
    for (const View::Step& s : p) edges.push_back(MakeEdgeInfo(view, s.fact, s.forward));
    result.paths.push_back(std::move(edges));
  }
  return result;
}

Result<NeighborsResult> Neighbors(const View& view, std::string_view entity,
                                  const NeighborsOptions& options) {
  if (options.depth < 1) {
    return Status::InvalidArgument("query: --depth must be at least 1, got " +
                                   std::to_string(options.depth));
  }
  LG_ASSIGN_OR_RETURN(Vertex v, ResolveEntity(view, entity));
  NeighborsResult result;
  result.center = MakeEntityRef(view, v);
  result.depth = options.depth;
  result.predicate = options.predicate;
  for (const View::Reached& r : view.Neighborhood(v, options.depth, options.predicate)) {
    result.neighbors.push_back(Neighbor{MakeEntityRef(view, r.vertex), r.distance,
                                        MakeEdgeInfo(view, r.via.fact, r.via.forward)});
  }
  std::stable_sort(result.neighbors.begin(), result.neighbors.end(),
                   [](const Neighbor& a, const Neighbor& b) {
                     return std::tie(a.distance, a.entity.id) < std::tie(b.distance, b.entity.id);
                   });
  return result;
}

// ---- sources and references ----------------------------------------------

std::vector<graph::Source> Sources(const View& view) { return view.sources(); }

Result<std::vector<graph::Reference>> Refs(const View& view, std::string_view source) {
  if (source.rfind("source:", 0) == 0) source.remove_prefix(7);
  const graph::Source* prefixed = nullptr;
  size_t prefix_hits = 0;
  for (const graph::Source& s : view.sources()) {
    if (s.id == source) return view.References(source);
    if (!source.empty() && s.id.rfind(source, 0) == 0) {
      prefixed = &s;
      ++prefix_hits;
    }
  }
  if (prefix_hits == 1) return view.References(prefixed->id);
  std::string message = "unknown source '" + std::string(source) + "'";
  for (size_t i = 0; i < view.sources().size(); ++i) {
    message += (i ? ", " : "; sources: ") + view.sources()[i].id;
  }
  return Status::NotFound(message);
}

}  // namespace lg::query
