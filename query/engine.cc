#include "query/engine.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "graph/text_util.h"

namespace lg::query {
namespace {

using graph::EntityKind;
namespace attr = graph::attr;
using Vertex = View::Vertex;

using graph::Lower;

// The non-empty items of a list attribute.
std::vector<std::string> NonEmptyItems(std::vector<std::string> items) {
  std::erase(items, std::string());
  return items;
}

std::string Attr(const std::map<std::string, std::string>& attrs,
                 const std::string& key) {
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
    RefInfo ref;
    ref.source = ev.source;
    ref.n = n;
    if (const graph::Reference* r = view.FindReference(ev.source, n)) {
      ref.citation = r->ShortCitation();
      ref.found = true;
      ref.pmid = r->pmid;
      ref.doi = r->doi;
      ref.pmcid = r->pmcid;
      ref.locator = r->Locator();
    }
    out.push_back(std::move(ref));
  }
  return out;
}

// The evidence of fact `index` (View::FactEvidence reads it from the store).
// A store that fails to read it (I/O error, corruption: `litgraph check` names
// the fault) gives no evidence, which the output shows as such, rather than
// failing the whole answer.
std::vector<graph::Evidence> EvidenceOf(const View& view, uint32_t index) {
  auto evidence = view.FactEvidence(index);
  if (!evidence.ok()) return {};
  return std::move(evidence).value();
}

std::vector<EvidenceInfo> MakeEvidence(const View& view,
                                       const std::vector<graph::Evidence>& evidence) {
  std::vector<EvidenceInfo> out;
  for (const graph::Evidence& ev : evidence) {
    out.push_back(EvidenceInfo{ev.source, ev.sentence, ev.begin, ev.end,
                               ResolveRefs(view, ev), ev.refs_inherited, ev.stated,
                               ev.rule});
  }
  return out;
}

// The edge of fact `index` with its evidence (the fact's, in store order),
// the first max_evidence of it shown (0: all).
// The edge of fact `index` showing `shown`, the first of its `count` pieces
// of evidence.
EdgeInfo EdgeShowing(const View& view, uint32_t index, bool forward,
                     const std::vector<graph::Evidence>& shown, size_t count) {
  const graph::Fact& f = view.fact(index);
  EdgeInfo edge;
  edge.fact_id = f.id;
  edge.predicate = f.predicate;
  edge.subject = MakeEntityRef(view, view.subject(index));
  edge.object = MakeEntityRef(view, view.object(index));
  edge.forward = forward;
  edge.attributes = f.FlatAttributes();
  edge.evidence_count = count;
  edge.evidence = MakeEvidence(view, shown);
  return edge;
}

EdgeInfo EdgeFromEvidence(const View& view, uint32_t index, bool forward,
                          std::vector<graph::Evidence> evidence, size_t max_evidence) {
  const size_t count = evidence.size();
  if (max_evidence != 0 && evidence.size() > max_evidence) evidence.resize(max_evidence);
  return EdgeShowing(view, index, forward, evidence, count);
}

// Distinct refs of a fact's evidence, in evidence order.
std::vector<RefInfo> FactRefs(const View& view,
                              const std::vector<graph::Evidence>& evidence) {
  std::vector<RefInfo> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const graph::Evidence& ev : evidence) {
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
  row.subject = MakeEntityRef(view, view.subject(index));
  row.object = MakeEntityRef(view, view.object(index));
  row.measure = Attr(f.attributes, attr::kMeasure);
  row.value = Attr(f.attributes, attr::kValue);
  row.unit = Attr(f.attributes, attr::kUnit);
  row.qualifier = Attr(f.attributes, attr::kQualifier);
  row.horizon = Attr(f.attributes, attr::kHorizon);
  row.group = Attr(f.attributes, attr::kGroup);
  row.drug = Attr(f.attributes, attr::kDrug);
  row.evidence = MakeEvidence(view, EvidenceOf(view, index));
  return row;
}

TrialRow MakeTrial(const View& view, Vertex v) {
  const graph::Entity& e = view.entity(v);
  TrialRow row;
  row.trial = MakeEntityRef(view, v);
  row.names = NonEmptyItems(e.List(attr::kNames));
  row.registry_ids = NonEmptyItems(e.List(attr::kRegistryIds));
  row.phase = Attr(e.attributes, attr::kPhase);
  row.status = Attr(e.attributes, attr::kStatus);
  row.sponsor = Attr(e.attributes, attr::kSponsor);
  std::set<std::pair<std::string, std::string>> seen;
  view.ForEachArc(v, [&](const View::Step& s) {
    if (!s.forward || view.predicate(s.fact) != graph::pred::kTests) return;
    row.drugs.push_back(MakeEntityRef(view, s.to));
    for (RefInfo& r : FactRefs(view, EvidenceOf(view, s.fact))) {
      if (seen.emplace(r.source, r.n).second) row.refs.push_back(std::move(r));
    }
  });
  std::sort(row.drugs.begin(), row.drugs.end(),
            [](const EntityRef& a, const EntityRef& b) { return a.id < b.id; });
  row.drugs.erase(
      std::unique(row.drugs.begin(), row.drugs.end(),
                  [](const EntityRef& a, const EntityRef& b) { return a.id == b.id; }),
      row.drugs.end());
  return row;
}

// The reports_outcome facts by the vertices their "drug" attribute names
// (Resolve of its text, which may name several), fact indexes ascending. Kept
// with the view (View::Derived): built on the first show or `outcomes --drug`,
// reading the outcome facts' records and resolving each distinct drug text
// once.
struct OutcomesByDrug {
  std::unordered_map<Vertex, std::vector<uint32_t>> facts;

  static OutcomesByDrug Build(const View& view) {
    OutcomesByDrug index;
    std::unordered_map<std::string, std::vector<Vertex>> resolved;  // per drug text
    // The predicate from the skeleton: only the outcomes' records are read.
    for (uint32_t i = 0; i < view.num_facts(); ++i) {
      if (view.predicate(i) != graph::pred::kOutcome) continue;
      const graph::Fact& f = view.fact(i);
      auto drug = f.attributes.find(attr::kDrug);
      if (drug == f.attributes.end() || drug->second.empty()) continue;
      auto it = resolved.find(drug->second);
      if (it == resolved.end())
        it = resolved.emplace(drug->second, view.Resolve(drug->second)).first;
      for (Vertex named : it->second) {
        std::vector<uint32_t>& list = index.facts[named];
        if (list.empty() || list.back() != i) list.push_back(i);
      }
    }
    return index;
  }
};

// Indexes (ascending) of the reports_outcome facts whose "drug" attribute
// names `v`.
const std::vector<uint32_t>& OutcomesNamingDrug(const View& view, Vertex v) {
  static const std::vector<uint32_t> kNone;
  const OutcomesByDrug& index = view.Derived<OutcomesByDrug>(OutcomesByDrug::Build);
  auto it = index.facts.find(v);
  return it == index.facts.end() ? kNone : it->second;
}

// MakeEdgeInfo memoised over one answer: its paths share edges, and each
// edge reads the fact's evidence and resolves its references. RefsOf gives
// the references cited by all of a cached fact's evidence, also past the
// max_evidence shown, as sorted distinct numbers that stand for studies
// within this cache: an entry with a PMID (else a DOI, else a PMCID) is its
// study, the same in every source citing it; an entry without one is its own
// (source, n) pair. A well-known fact is cited hundreds of times, and
// counting numbers is cheaper than counting pairs of strings. The edge
// itself (the fact's record, the shown evidence's references resolved) is
// made on the first Get: ranking counts many more edges than a page shows.
class EdgeCache {
 public:
  EdgeCache(const View& view, size_t max_evidence)
      : view_(view), max_evidence_(max_evidence) {}
  const EdgeInfo& Get(uint32_t fact, bool forward) {
    Entry& entry = Lookup(fact);
    std::optional<EdgeInfo>& edge = entry.edge[forward ? 1 : 0];
    if (!edge) edge = EdgeShowing(view_, fact, forward, entry.shown, entry.count);
    return *edge;
  }
  const std::vector<uint32_t>& RefsOf(uint32_t fact) { return Lookup(fact).refs; }
  // The distinct sources of all the fact's evidence, shown or not, sorted.
  const std::vector<std::string>& SourcesOf(uint32_t fact) {
    return Lookup(fact).sources;
  }

 private:
  struct Entry {
    std::vector<uint32_t> refs;
    std::vector<std::string> sources;
    std::vector<graph::Evidence> shown;  // the first max_evidence (0: all)
    size_t count = 0;                    // all of it
    std::optional<EdgeInfo> edge[2];     // walked backward, forward
  };
  Entry& Lookup(uint32_t fact) {
    auto [it, inserted] = cache_.try_emplace(fact);
    if (inserted) it->second = MakeEntry(fact);
    return it->second;
  }
  Entry MakeEntry(uint32_t fact) {
    Entry entry;
    std::vector<graph::Evidence> evidence = EvidenceOf(view_, fact);
    std::string cited;
    for (const graph::Evidence& ev : evidence) {
      if (std::find(entry.sources.begin(), entry.sources.end(), ev.source) ==
          entry.sources.end()) {
        entry.sources.push_back(ev.source);
      }
      for (const std::string& n : ev.refs) {
        cited.assign(ev.source).append(1, '\0').append(n);
        auto [it, added] = number_of_cited_.try_emplace(cited, 0);
        if (added) it->second = StudyNumber(ev.source, n, cited);
        entry.refs.push_back(it->second);
      }
    }
    std::sort(entry.refs.begin(), entry.refs.end());
    entry.refs.erase(std::unique(entry.refs.begin(), entry.refs.end()), entry.refs.end());
    std::sort(entry.sources.begin(), entry.sources.end());
    entry.count = evidence.size();
    if (max_evidence_ != 0 && evidence.size() > max_evidence_) {
      evidence.resize(max_evidence_);
    }
    entry.shown = std::move(evidence);
    return entry;
  }
  // The number of the study that reference `n` of `source` ("source\0n",
  // `cited`) stands for.
  uint32_t StudyNumber(const std::string& source, const std::string& n,
                       const std::string& cited) {
    const graph::Reference* r = view_.FindReference(source, n);
    std::string study = r != nullptr ? r->StudyKey() : std::string();
    // No source id starts with NUL.
    std::string key = study.empty() ? cited : std::string(1, '\0') + study;
    return ref_numbers_.try_emplace(std::move(key), ref_numbers_.size()).first->second;
  }
  const View& view_;
  size_t max_evidence_;
  std::unordered_map<uint32_t, Entry> cache_;
  // "source\0n" or "\0pmid:28163000" -> number
  std::unordered_map<std::string, uint32_t> ref_numbers_;
  // "source\0n" -> its number in ref_numbers_: each reference resolved once.
  std::unordered_map<std::string, uint32_t> number_of_cited_;
};

// The size of the union of sorted, duplicate-free vectors. Each element is
// counted in the first of the vectors, largest first, that holds it, found by
// binary search: a hub fact's long list, shared by every agent through it,
// is neither copied nor walked per agent.
template <typename T>
size_t UnionSize(std::vector<const std::vector<T>*> sets) {
  std::sort(sets.begin(), sets.end());
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());  // the same fact
  std::sort(sets.begin(), sets.end(),
            [](const std::vector<T>* a, const std::vector<T>* b) {
              return a->size() > b->size();
            });
  size_t n = sets.empty() ? 0 : sets[0]->size();
  for (size_t i = 1; i < sets.size(); ++i) {
    for (const T& x : *sets[i]) {
      bool seen = false;
      for (size_t j = 0; j < i && !seen; ++j) {
        seen = std::binary_search(sets[j]->begin(), sets[j]->end(), x);
      }
      if (!seen) ++n;
    }
  }
  return n;
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
  // The skeleton only: an answer names many entities it does not describe.
  EntityRef ref{std::string(view.id(v)), std::string(graph::KindName(view.kind(v))),
                std::string(view.label(v))};
  if (ref.label.empty()) {
    auto parsed = graph::ParseEntityId(ref.id);
    ref.label = parsed.ok() ? parsed->key : ref.id;
  }
  return ref;
}

std::string RefInfo::Display() const {
  return "[" + n + "]" + (citation.empty() ? "" : " " + citation) +
         (locator.empty() ? "" : " \xC2\xB7 " + locator);
}

EdgeInfo MakeEdgeInfo(const View& view, uint32_t index, bool forward,
                      size_t max_evidence) {
  return EdgeFromEvidence(view, index, forward, EvidenceOf(view, index), max_evidence);
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

std::optional<AgentSort> ParseAgentSort(std::string_view name) {
  if (name == "mechanism") return AgentSort::kMechanism;
  if (name == "refs") return AgentSort::kRefs;
  if (name == "sources") return AgentSort::kSources;
  if (name == "hops") return AgentSort::kHops;
  return std::nullopt;
}

std::string_view AgentSortName(AgentSort sort) {
  switch (sort) {
    case AgentSort::kRefs:
      return "refs";
    case AgentSort::kSources:
      return "sources";
    case AgentSort::kHops:
      return "hops";
    case AgentSort::kMechanism:
      break;
  }
  return "mechanism";
}

std::string_view RankGroupName(int group) {
  switch (group) {
    case kRankMechanism:
      return "target or dependency";
    case kRankMarker:
      return "marker";
    default:
      return "reported activity";
  }
}

namespace {

// A cluster-of-differentiation antigen (HGNC "CD" and a number: CD19, CD22,
// CD33, CD123 is IL3RA and not one): a lineage marker on the cell surface,
// what an antibody or CAR-T cell binds, whatever verb the text used to tie it
// to the disease.
bool IsSurfaceMarker(EntityKind kind, std::string_view s) {
  if (kind != EntityKind::kGene) return false;
  size_t i = 2;
  if (s.size() < 3 || s.compare(0, 2, "CD") != 0) return false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i > 2 && (i == s.size() || (i + 1 == s.size() && s[i] >= 'A' && s[i] <= 'Z'));
}

// The rank group of a path of the agents grammar (engine.h): by its acting
// step, and whether it acts on a marker: one reached over `overexpresses`, or
// a surface antigen.
int RankGroupOf(const View& view, const View::Path& path) {
  bool marker = false;
  for (const View::Step& s : path) {
    std::string_view p = view.predicate(s.fact);
    if (s.forward) {
      marker = marker || p == graph::pred::kOverexpresses;
    } else if (IsActingPredicate(p)) {
      if (p == kActiveIn) return kRankActivity;
      marker = marker || IsSurfaceMarker(view.kind(s.from), view.label(s.from));
      return marker ? kRankMarker : kRankMechanism;
    }
  }
  return kRankActivity;
}

std::string PredicateWords(std::string p) {
  std::replace(p.begin(), p.end(), '_', ' ');
  return p;
}

// The path in words from its agent (the far end) back to the target.
std::string MechanismText(const View& view, const View::Path& path) {
  if (path.empty()) return "";
  std::string out(view.label(path.back().to));
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    std::string p(view.predicate(it->fact));
    std::string from(view.label(it->from));
    if (p == graph::pred::kMemberOf) {
      // Walked backward: a drug of a class; forward: a member of a group.
      out += (it->forward ? " ⊃ " : " ∈ ") + from;
    } else if (it->forward) {
      out += " ←" + PredicateWords(p) + "— " + from;
    } else {
      out += " —" + PredicateWords(p) + "→ " + from;
    }
  }
  return out;
}

// An agent the walk found, before the page is cut (FindAgents).
struct Ranked {
  Vertex vertex = 0;
  int hops = 0;  // of its shortest kept path
  int group = kRankActivity;
  std::string id;                 // the last sort key
  std::string lowered;            // its label lower-cased, the key before
  View::Path best;                // the path its mechanism is told by
  std::vector<View::Path> paths;  // kept, shortest first
  // Its distinct sources (of its own, backward, steps) and studies (of all
  // steps), as Agent counts them: between lo and hi; exact when they meet.
  struct Count {
    long long lo = 0;
    long long hi = std::numeric_limits<long long>::max();
  };
  Count sources, refs;
};

// Bounds the counts of `r` by its facts' counts from the image (none
// without an image): a union of sets is at least the largest and at most the
// sum.
void BoundCounts(const View& view, Ranked& r) {
  std::vector<uint32_t> all, backward;
  for (const View::Path& p : r.paths) {
    for (const View::Step& s : p) {
      all.push_back(s.fact);
      if (!s.forward) backward.push_back(s.fact);
    }
  }
  auto bound = [&](std::vector<uint32_t>& facts, uint32_t View::FactCounts::*field) {
    std::sort(facts.begin(), facts.end());
    facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
    Ranked::Count c{0, 0};
    for (uint32_t f : facts) {
      std::optional<View::FactCounts> counts = view.counts(f);
      if (!counts) return Ranked::Count{};
      c.lo = std::max<long long>(c.lo, (*counts).*field);
      c.hi += (*counts).*field;
    }
    return c;
  };
  r.sources = bound(backward, &View::FactCounts::sources);
  r.refs = bound(all, &View::FactCounts::references);
}

// Counts the distinct sources and studies of r's evidence: exact.
void CountEvidence(EdgeCache& cache, Ranked& r) {
  std::vector<const std::vector<uint32_t>*> refs;
  std::vector<const std::vector<std::string>*> sources;  // of its backward steps
  for (const View::Path& p : r.paths) {
    for (const View::Step& s : p) {
      refs.push_back(&cache.RefsOf(s.fact));
      if (!s.forward) sources.push_back(&cache.SourcesOf(s.fact));
    }
  }
  const auto n_refs = static_cast<long long>(UnionSize(std::move(refs)));
  const auto n_sources = static_cast<long long>(UnionSize(std::move(sources)));
  r.refs = {n_refs, n_refs};
  r.sources = {n_sources, n_sources};
}

// The keys of `sort` (engine.h) before label and id, smaller first: with the
// largest counts r's bounds allow (`best`), or the smallest.
std::array<long long, 4> SortKeys(AgentSort sort, const Ranked& r, bool best) {
  // Larger is later: negate what should come first when larger.
  const long long sources = -(best ? r.sources.hi : r.sources.lo);
  const long long refs = -(best ? r.refs.hi : r.refs.lo);
  switch (sort) {
    case AgentSort::kRefs:
      return {refs, sources, r.hops, 0};
    case AgentSort::kSources:
      return {sources, refs, r.hops, 0};
    case AgentSort::kHops:
      return {r.hops, refs, 0, 0};
    case AgentSort::kMechanism:
      break;
  }
  return {r.group, sources, refs, r.hops};
}

// The indices of the first `n` of `ranked` in the order of `sort`, then
// lower-cased label, then id (a total order: ids are unique). Counts evidence
// only for the agents whose bounds leave their place open (FindAgents).
std::vector<size_t> FirstInOrder(std::vector<Ranked>& ranked, size_t n, AgentSort sort,
                                 EdgeCache& cache) {
  auto exact = [&](const Ranked& r) {
    return SortKeys(sort, r, true) == SortKeys(sort, r, false);
  };
  // A heap with the best possible first: std::*_heap keep the largest on top.
  auto later = [&](size_t i, size_t j) {
    const Ranked& a = ranked[i];
    const Ranked& b = ranked[j];
    const auto ka = SortKeys(sort, a, true), kb = SortKeys(sort, b, true);
    if (ka != kb) return ka > kb;
    if (a.lowered != b.lowered) return a.lowered > b.lowered;
    return a.id > b.id;
  };
  std::vector<size_t> heap(ranked.size());
  for (size_t i = 0; i < heap.size(); ++i) heap[i] = i;
  std::make_heap(heap.begin(), heap.end(), later);
  std::vector<size_t> first;
  while (first.size() < n && !heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    Ranked& top = ranked[heap.back()];
    if (!exact(top)) {
      CountEvidence(cache, top);  // its key can only move back
      std::push_heap(heap.begin(), heap.end(), later);
      continue;
    }
    first.push_back(heap.back());
    heap.pop_back();
  }
  return first;
}

// The agent `r` as the answer shows it: its paths with their evidence.
Agent Describe(const View& view, Ranked& r, EdgeCache& cache) {
  Agent agent;
  agent.entity = MakeEntityRef(view, r.vertex);
  agent.hops = r.hops;
  agent.rank_group = r.group;
  agent.mechanism = MechanismText(view, r.best);
  for (const View::Step& s : r.best) {
    if (!s.forward && IsActingPredicate(view.predicate(s.fact))) {
      agent.acts_on = MakeEntityRef(view, s.from);
    }
  }
  std::set<std::string> via_seen;
  for (const View::Path& p : r.paths) {
    std::vector<EdgeInfo> edges;
    for (const View::Step& s : p) {
      edges.push_back(cache.Get(s.fact, s.forward));
      if (!s.forward && IsActingPredicate(view.predicate(s.fact)) &&
          via_seen.insert(std::string(view.id(s.from))).second) {
        agent.via.push_back(MakeEntityRef(view, s.from));
      }
    }
    agent.paths.push_back(std::move(edges));
  }
  // From the evidence, whatever the bounds said.
  CountEvidence(cache, r);
  agent.ref_count = static_cast<size_t>(r.refs.lo);
  agent.source_count = static_cast<size_t>(r.sources.lo);
  return agent;
}

}  // namespace

AgentsResult FindAgents(const View& view, Vertex target, const AgentsOptions& options) {
  AgentsResult result;
  result.target = MakeEntityRef(view, target);
  result.max_hops = options.max_hops;
  result.kind = options.kind;
  result.sort = options.sort;

  // Depth-first enumeration of the simple paths of the grammar in engine.h.
  // phase 0: context steps; 1: at an agent after the acting step; 2: at a
  // drug after member_of backwards from a class (terminal).
  // Per agent, its first max_paths paths of each length in walk order: the
  // first max_paths of all its paths by (length, walk order) are among them,
  // and only those are shown, so the walk stores no more.
  struct Found {
    std::vector<std::vector<View::Path>> by_length;
    int group = kRankActivity + 1;  // the best rank group over all its paths
    View::Path best;                // the shortest path of that group, first found
  };
  std::map<Vertex, Found> found;
  const View::Graph& g = view.graph();
  std::vector<Vertex> on_path{target};  // at most max_hops + 1 vertices
  View::Path path;
  auto keep = [&](Vertex agent) {
    Found& f = found[agent];
    const int group = RankGroupOf(view, path);
    if (group < f.group || (group == f.group && path.size() < f.best.size())) {
      f.group = group;
      f.best = path;
    }
    std::vector<std::vector<View::Path>>& lists = f.by_length;
    if (lists.size() <= path.size()) lists.resize(path.size() + 1);
    if (lists[path.size()].size() < options.max_paths) lists[path.size()].push_back(path);
  };
  // Arcs at u in ForEachArc order (out-edges, then in-edges), with the kind
  // test before the predicate test (cheaper; both must hold).
  auto walk = [&](auto& self, Vertex u, int phase) -> void {
    if (static_cast<int>(path.size()) >= options.max_hops) return;
    auto take = [&](const View::Step& s, int next) {
      if (std::find(on_path.begin(), on_path.end(), s.to) != on_path.end()) return;
      path.push_back(s);
      on_path.push_back(s.to);
      if (next >= 1 && KindWanted(view.kind(s.to), options.kind)) keep(s.to);
      if (next < 2) self(self, s.to, next);  // phase 2 is terminal
      on_path.pop_back();
      path.pop_back();
    };
    if (phase == 0) {
      for (const graph::ImageArc& arc : g.OutArcs(u)) {
        if (!IsContextPredicate(view.predicate(arc.fact))) continue;
        take(View::Step{u, arc.other, arc.fact, true}, 0);
      }
      for (const graph::ImageArc& arc : g.InArcs(u)) {
        if (!IsAgentKind(view.kind(arc.other)) ||
            !IsActingPredicate(view.predicate(arc.fact))) {
          continue;
        }
        take(View::Step{u, arc.other, arc.fact, false}, 1);
      }
    } else if (phase == 1 && view.kind(u) == EntityKind::kDrugClass) {
      for (const graph::ImageArc& arc : g.InArcs(u)) {
        if (view.kind(arc.other) != EntityKind::kDrug ||
            view.predicate(arc.fact) != graph::pred::kMemberOf) {
          continue;
        }
        take(View::Step{u, arc.other, arc.fact, false}, 2);
      }
    }
  };
  walk(walk, target, 0);

  // Rank, then describe only the page. An agent's sort keys need its counts:
  // the distinct sources and studies of the evidence on its kept paths,
  // which reading every agent's evidence gives exactly and, for a hub, at the
  // cost of the whole neighbourhood's evidence. The image's per-fact counts
  // (View::counts) bound them instead: a union of sets is at least its
  // largest set and at most their sum. Agents are taken best first by the
  // best key their bounds allow; one whose key is not yet exact is counted
  // from its evidence and put back. An exact key that comes first is in its
  // place, since every other agent's key is at least its bound. Most agents
  // of a hub have one acting fact, hence an exact key from the counts.
  EdgeCache edge_cache(view, options.max_evidence);
  std::vector<Ranked> ranked;
  for (auto& [v, f] : found) {
    std::vector<View::Path> kept;
    for (auto& list : f.by_length) {
      for (View::Path& p : list) {
        if (kept.size() < options.max_paths) kept.push_back(std::move(p));
      }
    }
    if (kept.empty()) continue;  // max_paths == 0
    Ranked r;
    r.vertex = v;
    r.hops = static_cast<int>(kept.front().size());
    r.group = f.group;
    r.id = std::string(view.id(v));
    r.lowered = Lower(MakeEntityRef(view, v).label);
    r.best = std::move(f.best);
    r.paths = std::move(kept);
    BoundCounts(view, r);
    ranked.push_back(std::move(r));
  }
  result.total = ranked.size();
  result.offset = options.offset;
  result.limit = options.limit;
  const size_t begin = std::min(options.offset, ranked.size());
  const size_t end =
      options.limit == 0 ? ranked.size() : std::min(ranked.size(), begin + options.limit);
  std::vector<size_t> first = FirstInOrder(ranked, end, options.sort, edge_cache);
  for (size_t k = begin; k < end; ++k) {
    result.agents.push_back(Describe(view, ranked[first[k]], edge_cache));
  }
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
  card.attributes = e.FlatAttributes();
  std::set<std::string> sources;
  // Outcomes at v and outcomes naming v as their drug, by fact index.
  std::vector<uint32_t> outcomes = OutcomesNamingDrug(view, v);
  std::set<Vertex> trials;
  if (e.kind == EntityKind::kTrial) trials.insert(v);
  view.ForEachArc(v, [&](const View::Step& s) {
    const graph::Fact& f = view.fact(s.fact);
    std::vector<graph::Evidence> evidence = EvidenceOf(view, s.fact);
    FactLine line{f.id,
                  f.predicate,
                  MakeEntityRef(view, s.to),
                  f.FlatAttributes(),
                  FactRefs(view, evidence),
                  evidence.size()};
    (s.forward ? card.out : card.in)[f.predicate].push_back(std::move(line));
    for (const graph::Evidence& ev : evidence) sources.insert(ev.source);
    if (view.kind(s.to) == EntityKind::kTrial) trials.insert(s.to);
    if (f.predicate == graph::pred::kOutcome) outcomes.push_back(s.fact);
  });
  std::sort(outcomes.begin(), outcomes.end());
  outcomes.erase(std::unique(outcomes.begin(), outcomes.end()), outcomes.end());
  for (uint32_t i : outcomes) card.outcomes.push_back(MakeOutcome(view, i));
  for (auto* group : {&card.out, &card.in}) {
    for (auto& [p, lines] : *group) {
      std::stable_sort(
          lines.begin(), lines.end(),
          [](const FactLine& a, const FactLine& b) { return a.other.id < b.other.id; });
    }
  }
  for (Vertex t : trials) card.trials.push_back(MakeTrial(view, t));
  card.sources.assign(sources.begin(), sources.end());
  card.named_in = MakeMentions(view, v);
  return card;
}

Result<Card> Show(const View& view, std::string_view entity) {
  LG_ASSIGN_OR_RETURN(Vertex v, ResolveEntity(view, entity));
  return MakeCard(view, v);
}

// ---- mentions ---------------------------------------------------------------

std::vector<MentionRow> MakeMentions(const View& view, Vertex v) {
  std::map<std::string_view, std::string_view> titles;
  for (const graph::Source& s : view.sources()) titles.emplace(s.id, s.title);
  std::vector<MentionRow> rows;
  for (const graph::SourceMentions& m : view.entity(v).sources) {
    auto it = titles.find(m.source);
    rows.push_back(MentionRow{m, it == titles.end() ? "" : std::string(it->second)});
  }
  auto before = [](const MentionRow& a, const MentionRow& b) {
    return std::tie(b.mentions.body, b.mentions.references, a.mentions.source) <
           std::tie(a.mentions.body, a.mentions.references, b.mentions.source);
  };
  std::stable_sort(rows.begin(), rows.end(), before);
  return rows;
}

Result<MentionsResult> Mentions(const View& view, std::string_view entity) {
  LG_ASSIGN_OR_RETURN(Vertex v, ResolveEntity(view, entity));
  return MentionsResult{MakeEntityRef(view, v), MakeMentions(view, v)};
}

// ---- trials and outcomes --------------------------------------------------

Result<std::vector<TrialRow>> Trials(const View& view, const TrialFilter& filter) {
  std::set<Vertex> drugs;  // empty: no drug constraint
  bool constrained = false;
  if (!filter.drug.empty()) {
    constrained = true;
    LG_ASSIGN_OR_RETURN(Vertex d, ResolveEntity(view, filter.drug));
    drugs.insert(d);
    if (view.kind(d) == EntityKind::kDrugClass) {
      view.ForEachArc(d, [&](const View::Step& s) {
        if (!s.forward && view.predicate(s.fact) == graph::pred::kMemberOf) {
          drugs.insert(s.to);
        }
      });
    }
  }
  if (!filter.target.empty()) {
    AgentsOptions every;  // all agents, not the first page
    every.limit = 0;
    LG_ASSIGN_OR_RETURN(AgentsResult agents, Agents(view, filter.target, every));
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
    if (view.kind(v) != EntityKind::kTrial) continue;  // no record read
    const graph::Entity& e = view.entity(v);
    if (!filter.phase.empty() && NormalizePhase(Attr(e.attributes, attr::kPhase)) !=
                                     NormalizePhase(filter.phase)) {
      continue;
    }
    if (!filter.status.empty() &&
        Lower(Attr(e.attributes, attr::kStatus)) != Lower(filter.status)) {
      continue;
    }
    if (constrained) {
      bool hit = false;
      view.ForEachArc(v, [&](const View::Step& s) {
        if (s.forward && view.predicate(s.fact) == graph::pred::kTests &&
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
  // Predicate and trial from the skeleton: only the records of the outcomes
  // left are read. The order is the sort's below (fact ids are unique).
  auto consider = [&](uint32_t i) {
    if (trial && view.subject(i) != *trial && view.object(i) != *trial) return;
    const graph::Fact& f = view.fact(i);
    if (!filter.measure.empty() &&
        Lower(Attr(f.attributes, attr::kMeasure)) != Lower(filter.measure)) {
      return;
    }
    if (!group.empty() &&
        Lower(Attr(f.attributes, attr::kGroup)).find(group) == std::string::npos) {
      return;
    }
    out.push_back(MakeOutcome(view, i));
  };
  if (drug) {
    for (uint32_t i : OutcomesNamingDrug(view, *drug)) consider(i);
  } else {
    for (uint32_t i = 0; i < view.num_facts(); ++i) {
      if (view.predicate(i) == graph::pred::kOutcome) consider(i);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const OutcomeRow& a, const OutcomeRow& b) {
    return std::tie(a.subject.id, a.measure, a.fact_id) <
           std::tie(b.subject.id, b.measure, b.fact_id);
  });
  return out;
}

// ---- paths and neighbours -----------------------------------------------

Result<PathsResult> FindPaths(const View& view, std::string_view a, std::string_view b,
                              size_t cap, size_t max_evidence) {
  LG_ASSIGN_OR_RETURN(Vertex va, ResolveEntity(view, a));
  LG_ASSIGN_OR_RETURN(Vertex vb, ResolveEntity(view, b));
  PathsResult result;
  result.from = MakeEntityRef(view, va);
  result.to = MakeEntityRef(view, vb);
  EdgeCache edge_cache(view, max_evidence);
  for (const View::Path& p : view.ShortestPaths(va, vb, cap)) {
    result.hops = static_cast<int>(p.size());
    std::vector<EdgeInfo> edges;
    for (const View::Step& s : p) edges.push_back(edge_cache.Get(s.fact, s.forward));
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
    View::Step via = r.via();
    result.neighbors.push_back(
        Neighbor{MakeEntityRef(view, r.vertex), r.distance,
                 MakeEdgeInfo(view, via.fact, via.forward, options.max_evidence)});
  }
  std::stable_sort(result.neighbors.begin(), result.neighbors.end(),
                   [](const Neighbor& a, const Neighbor& b) {
                     return std::tie(a.distance, a.entity.id) <
                            std::tie(b.distance, b.entity.id);
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
