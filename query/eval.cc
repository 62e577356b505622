#include "query/eval.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "query/eval_export.h"
#include "query/eval_gold.h"
#include "query/eval_text.h"
#include "query/export.h"

namespace lg::query {

using eval::AKey;
using eval::Edge;
using eval::ExportGraph;
using eval::ExportView;
using eval::FKey;
using eval::GoldFile;
using eval::Json;
using eval::Node;
using eval::Rank;
using eval::Tags;

const char* const kEvalCategories[] = {
    "genes",      "fusions",         "drugs",           "targets",  "agents",
    "trials",     "trials_registry", "trials_named",    "outcomes", "outcomes_months",
    "references", "ref_links",       "ref_links_strict"};

namespace {

using RefSet = std::set<std::string>;

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

template <typename A, typename B>
bool Meets(const A& a, const B& b) {
  for (const auto& x : a) {
    if (b.count(x)) return true;
  }
  return false;
}

template <typename S>
void Merge(S& into, const S& from) {
  into.insert(from.begin(), from.end());
}

bool DrugLike(const std::string& kind) {
  return kind == "drug" || kind == "class" || kind == "regimen";
}
bool TargetLike(const std::string& kind) {
  return kind == "gene" || kind == "family" || kind == "process" || kind.empty();
}
bool NonTargetKind(const std::string& kind) {
  static const std::set<std::string> k = {"drug",      "class",     "regimen",
                                          "trial",     "reference", "source",
                                          "condition", "outcome",   "evidence"};
  return k.count(kind) > 0;
}

const std::set<std::string>& MemberPreds() {
  static const std::set<std::string> s = {
      "memberof",     "isa",       "instanceof", "hasclass", "subclassof",
      "inclass",      "classof",   "type",       "kindof",   "belongsto",
      "partof",       "subtypeof", "ingroup",    "childof",  "specializes",
      "hasdrugclass", "drugclass", "class",      "group",    "memberofgroup",
      "ismemberof"};
  return s;
}
const std::set<std::string>& HasMemberPreds() {
  static const std::set<std::string> s = {"hasmember", "includes",    "hassubtype",
                                          "parentof",  "generalizes", "hasinstance",
                                          "contains",  "hasmembers"};
  return s;
}
const std::set<std::string>& MetaPreds() {
  static const std::set<std::string> s = {
      "mentionedin", "citedin",       "hasevidence", "sameas",       "aliasof",
      "synonymof",   "evidence",      "source",      "fromsource",   "hasmention",
      "describedin", "mentions",      "cites",       "hasreference", "referencedin",
      "insource",    "extractedfrom", "appearsin",   "definedin",    "hassource"};
  return s;
}
const std::set<std::string>& PartnerPreds() {
  static const std::set<std::string> s = {"involves",
                                          "haspartner",
                                          "partner",
                                          "fusionpartner",
                                          "fiveprime",
                                          "threeprime",
                                          "5prime",
                                          "3prime",
                                          "has5prime",
                                          "has3prime",
                                          "hasfiveprime",
                                          "hasthreeprime",
                                          "hasgene",
                                          "gene",
                                          "partof",
                                          "contains",
                                          "component",
                                          "formedby",
                                          "fuses",
                                          "fusedto",
                                          "consistsof",
                                          "involvesgene",
                                          "hascomponent",
                                          "fusionof",
                                          "partnergene",
                                          "rearranges",
                                          "rearrangementof",
                                          "fiveprimepartner",
                                          "threeprimepartner",
                                          "has5primepartner",
                                          "has3primepartner"};
  return s;
}

bool IsTargetEdge(const Edge& e) {
  if (e.IsOutcome() || !(e.s->kind == "drug" || e.s->kind == "class")) return false;
  if (NonTargetKind(e.o->kind)) return false;
  return !(MemberPreds().count(e.pkey) || HasMemberPreds().count(e.pkey) ||
           MetaPreds().count(e.pkey));
}

EvalCategory NewCat(const std::string& name, bool applicable = true) {
  EvalCategory c;
  c.name = name;
  c.applicable = applicable;
  return c;
}

std::string Frac(int64_t a, int64_t b) {
  return std::to_string(a) + "/" + std::to_string(b);
}

// score.py's classify: many-to-many scoring of tool items against gold items.
struct GoldItem {
  std::string key;
  Rank status;
  std::string label;
};
using Hits = std::map<std::string, double>;

std::map<std::string, double> Classify(
    EvalCategory& cat, const std::vector<std::pair<std::string, Hits>>& tool,
    const std::vector<GoldItem>& gold) {
  std::map<std::string, Rank> status;
  for (const auto& g : gold) {
    status[g.key] = g.status;
    if (g.status == eval::kRequired) ++cat.gold;
    if (g.status == eval::kOptional) ++cat.opt;
  }
  std::map<std::string, double> best;
  std::set<std::string> claimed;
  for (const auto& [label, hits] : tool) {
    ++cat.tool;
    std::vector<std::string> good;
    bool any_known = false;
    for (const auto& [k, credit] : hits) {
      auto it = status.find(k);
      if (it == status.end()) continue;
      any_known = true;
      if (it->second == eval::kRequired || it->second == eval::kOptional) {
        good.push_back(k);
        best[k] = std::max(best[k], credit);
      }
    }
    if (!good.empty()) {
      bool all_claimed = std::all_of(good.begin(), good.end(), [&](const std::string& k) {
        return claimed.count(k) > 0;
      });
      if (all_claimed) {
        ++cat.dup;
      } else {
        ++cat.tp;
        claimed.insert(good.begin(), good.end());
      }
    } else if (any_known) {
      ++cat.neu;
    } else {
      ++cat.fp;
      cat.false_positives.push_back(label);
    }
  }
  for (const auto& g : gold) {
    if (g.status != eval::kRequired) continue;
    double b = best.count(g.key) ? best[g.key] : 0.0;
    cat.matched += b;
    if (b < 1.0) cat.missing.push_back(g.label + (b > 0 ? " (half credit)" : ""));
  }
  return best;
}

std::vector<std::string> Sorted(const RefSet& s) {
  std::vector<std::string> v(s.begin(), s.end());
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
    return std::make_pair(a.size(), a) < std::make_pair(b.size(), b);
  });
  return v;
}

std::string ListText(const RefSet& s) {
  std::string out = "[";
  for (const auto& x : Sorted(s)) out += (out.size() > 1 ? ", '" : "'") + x + "'";
  return out + "]";
}

struct ToolOutcome {
  std::string cat, measure, horizon, label;
  double value = 0;
  std::set<std::string> cohort;
  Tags drugs;
  RefSet refs;
  std::vector<std::string> sentences;
};

struct TargetItem {
  Tags drug, target;
  bool car = false, class_subject = false, to_fusion = false;
  RefSet refs;
  std::string label;
};

// ---------------------------------------------------------------------------

class Scorer {
 public:
  Scorer(const ExportGraph& ex, GoldFile& gold, const std::string& source)
      : ex_(ex),
        g_(gold),
        source_(source.empty() ? gold.source() : source),
        v_(ex, source_) {}

  EvalText Run();

 private:
  Tags NodeGeneTags(const Node* n);
  Tags NodeFusionTags(const Node* n);
  Tags NodeTargetTags(const Node* n);
  std::pair<Tags, bool> NodeDrugTags(const Node* n);
  const std::map<std::string, Tags>& TrialTests();

  void ScoreGenes();
  void ScoreFusions();
  void ScoreDrugs();
  std::vector<TargetItem> ToolTargets();
  void ScoreTargets();
  void ScoreAgents();
  Tags Via(const Edge& e);
  void ScoreTrials();
  bool Mergeable(size_t i, size_t j) const;
  std::vector<std::pair<std::string, std::string>> TrialFields(
      const std::vector<std::pair<const Node*, std::map<size_t, std::set<std::string>>>>&
          hits);
  std::pair<std::vector<ToolOutcome>, int64_t> ToolOutcomes();
  bool OutcomeCompatible(const ToolOutcome& t, const eval::GoldOutcomeItem& go) const;
  void ScoreOutcomes();
  void ScoreReferences();
  void ScoreRefLinks();
  ReferenceCompleteness Completeness();

  const ExportGraph& ex_;
  GoldFile& g_;
  std::string source_;
  ExportView v_;
  std::map<std::string, EvalCategory> cats_;
  std::optional<std::map<std::string, Tags>> tests_;
  std::map<std::string, double> target_best_;
  std::map<size_t, RefSet> target_matches_;
  std::map<std::string, double> agent_best_;
  std::map<std::string, RefSet> agent_refs_;
  std::map<size_t, ToolOutcome> outcome_assign_;
};

EvalText Scorer::Run() {
  bool shared = g_.schema() == "shared";
  ScoreGenes();
  ScoreFusions();
  ScoreDrugs();
  ScoreTargets();
  if (g_.agents()) {
    ScoreAgents();
  } else {
    cats_["agents"] = NewCat("agents", false);
  }
  ScoreTrials();
  ScoreOutcomes();
  if (shared) cats_["outcomes_months"].applicable = false;
  if (g_.references()) {
    ScoreReferences();
  } else {
    cats_["references"] = NewCat("references", false);
  }
  ScoreRefLinks();
  EvalText out;
  out.gold_path = g_.path();
  out.source = source_;
  out.schema = g_.schema();
  out.warnings = v_.warnings;
  for (const char* name : kEvalCategories) out.categories.push_back(cats_[name]);
  out.references = Completeness();
  return out;
}

// --- node resolution

Tags Scorer::NodeGeneTags(const Node* n) {
  for (const auto* names : {&n->primary, &n->secondary}) {
    for (const auto& s : *names) {
      Tags t = g_.ResolveGene(s);
      if (!t.empty()) return t;
    }
  }
  return {"u:" + AKey(n->Label())};
}

Tags Scorer::NodeFusionTags(const Node* n) {
  for (const auto* names : {&n->primary, &n->secondary}) {
    for (const auto& s : *names) {
      Tags t = g_.ResolveFusion(s);
      if (!t.empty()) return t;
    }
  }
  return {"u:" + FKey(n->Label())};
}

Tags Scorer::NodeTargetTags(const Node* n) {
  if (n->kind == "fusion") {
    Tags t = NodeFusionTags(n);
    for (const auto& x : t) {
      if (StartsWith(x, "f:")) return t;
    }
    for (const auto& s : n->primary) {
      auto p = g_.ParseFusion(s);
      if (p && p->group) return {"g:" + *p->genes.begin()};
    }
    return t;
  }
  for (const auto* names : {&n->primary, &n->secondary}) {
    for (const auto& s : *names) {
      Tags t = g_.ResolveGene(s);
      if (!t.empty()) return t;
    }
  }
  for (const auto& s : n->primary) {
    Tags t = g_.ResolveFusion(s);
    if (!t.empty()) return t;
  }
  return {"u:" + AKey(n->Label())};
}

std::pair<Tags, bool> Scorer::NodeDrugTags(const Node* n) {
  for (const auto* names : {&n->primary, &n->secondary}) {
    for (const auto& s : *names) {
      Tags t = g_.ResolveDrug(s);
      if (!t.empty()) return {t, false};
    }
  }
  bool car = false;
  for (const auto& s : n->Names()) car = car || eval::IsCarName(s);
  if (car && !g_.car_products().empty()) return {g_.car_products(), true};
  return {{"u:" + AKey(n->Label())}, false};
}

const std::map<std::string, Tags>& Scorer::TrialTests() {
  if (!tests_) {
    tests_.emplace();
    for (const Edge* e : v_.edges) {
      if (e->IsOutcome()) continue;
      if (e->s->kind == "trial" && DrugLike(e->o->kind)) {
        Merge((*tests_)[e->s->id], NodeDrugTags(e->o).first);
      } else if (e->o->kind == "trial" && DrugLike(e->s->kind)) {
        Merge((*tests_)[e->o->id], NodeDrugTags(e->s).first);
      }
    }
  }
  return *tests_;
}

// --- genes, fusions, drugs

void Scorer::ScoreGenes() {
  EvalCategory cat = NewCat("genes");
  std::vector<GoldItem> gold;
  for (const auto& [s, st] : g_.gene_status()) gold.push_back({"g:" + s, st, s});
  for (const auto& [fid, fam] : g_.families()) {
    auto it = std::find_if(gold.begin(), gold.end(),
                           [&](const GoldItem& x) { return x.key == "fam:" + fid; });
    if (it == gold.end()) gold.push_back({"fam:" + fid, fam.status, fid});
  }
  for (const auto& [p, st] : g_.process_status()) gold.push_back({"p:" + p, st, p});
  std::vector<std::pair<std::string, Hits>> items;
  for (const Node* n : v_.nodes) {
    if (n->kind != "gene" && n->kind != "family") continue;
    Hits h;
    for (const auto& t : NodeGeneTags(n)) h[t] = 1.0;
    items.emplace_back(n->Label(), h);
  }
  Classify(cat, items, gold);
  cats_["genes"] = cat;
}

void Scorer::ScoreFusions() {
  EvalCategory cat = NewCat("fusions");
  std::vector<GoldItem> gold;
  for (const auto& fid : g_.fusion_order()) {
    gold.push_back({"f:" + fid, g_.fusions().at(fid).status, fid});
  }
  std::vector<std::pair<std::string, Hits>> items;
  for (const Node* n : v_.nodes) {
    if (n->kind != "fusion") continue;
    Hits h;
    for (const auto& t : NodeFusionTags(n)) h[t] = 1.0;
    items.emplace_back(n->Label(), h);
  }
  Classify(cat, items, gold);
  cats_["fusions"] = cat;
}

void Scorer::ScoreDrugs() {
  EvalCategory cat = NewCat("drugs");
  std::vector<GoldItem> gold;
  for (const auto& [t, st] : g_.drug_status())
    gold.push_back({t, st, t.substr(t.find(':') + 1)});
  std::map<std::string, Tags> node_targets;  // to pick among CAR products
  for (const Edge* e : v_.edges) {
    if (IsTargetEdge(*e)) Merge(node_targets[e->s->id], NodeTargetTags(e->o));
  }
  std::vector<std::pair<std::string, Hits>> items;
  Tags claimed_car;
  for (const Node* n : v_.nodes) {
    if (n->kind != "drug") continue;
    auto [tags, car] = NodeDrugTags(n);
    if (car) {
      std::vector<std::string> cands(tags.begin(), tags.end());
      const Tags& mine = node_targets[n->id];
      auto key = [&](const std::string& t) {
        const Tags* dt = g_.DrugTargets(t);
        int64_t shared = 0;
        if (dt) {
          for (const auto& x : *dt) shared += mine.count(x);
        }
        return std::make_tuple(
            -shared, claimed_car.count(t) > 0,
            -eval::Jaccard(eval::Words(t.substr(2)), eval::Words(n->Label())));
      };
      std::stable_sort(
          cands.begin(), cands.end(),
          [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
      tags.clear();
      if (!cands.empty()) tags.insert(cands.front());
      Merge(claimed_car, tags);
    }
    Hits h;
    for (const auto& t : tags) h[t] = 1.0;
    items.emplace_back(n->Label(), h);
  }
  Classify(cat, items, gold);
  cats_["drugs"] = cat;
}

// --- targets

std::vector<TargetItem> Scorer::ToolTargets() {
  std::vector<TargetItem> items;
  std::map<std::pair<Tags, Tags>, size_t> index;
  for (const Edge* e : v_.edges) {
    if (!IsTargetEdge(*e)) continue;
    auto [dt, car] = NodeDrugTags(e->s);
    Tags tt = NodeTargetTags(e->o);
    auto key = std::make_pair(dt, tt);
    auto it = index.find(key);
    if (it == index.end()) {
      TargetItem item;
      item.drug = dt;
      item.car = car;
      item.target = tt;
      item.label = e->s->Label() + " -> " + e->o->Label();
      bool any_d = std::any_of(dt.begin(), dt.end(),
                               [](const auto& t) { return StartsWith(t, "d:"); });
      bool any_c = std::any_of(dt.begin(), dt.end(),
                               [](const auto& t) { return StartsWith(t, "c:"); });
      item.class_subject = e->s->kind == "class" || (!any_d && any_c);
      item.to_fusion = e->o->kind == "fusion";
      it = index.emplace(key, items.size()).first;
      items.push_back(std::move(item));
    }
    Merge(items[it->second].refs, e->refs);
  }
  return items;
}

void Scorer::ScoreTargets() {
  EvalCategory cat = NewCat("targets");
  bool shared = g_.schema() == "shared";
  const auto& targets = g_.targets();
  std::vector<GoldItem> gold;
  for (size_t i = 0; i < targets.size(); ++i) {
    gold.push_back({std::to_string(i), targets[i].status, targets[i].label});
  }
  std::vector<std::pair<std::string, Hits>> items;
  std::vector<std::pair<const TargetItem*, Hits>> kept;
  std::vector<TargetItem> tool = ToolTargets();
  int64_t excluded = 0;
  for (const TargetItem& it : tool) {
    if (shared && it.to_fusion) {
      ++excluded;  // drug -> fusion links are scored under 'agents' in the shared schema
      continue;
    }
    Hits hits;
    for (size_t i = 0; i < targets.size(); ++i) {
      const auto& gt = targets[i];
      if (!it.drug.count(gt.drug)) continue;
      std::string k = std::to_string(i);
      if (Meets(it.target, gt.full)) {
        hits[k] = 1.0;
      } else if (Meets(it.target, gt.partial)) {
        hits[k] = std::max(hits.count(k) ? hits[k] : 0.0, 0.5);
      }
    }
    if (!shared && it.class_subject && hits.empty()) {
      ++cat.tool;
      ++cat.neu;  // dev gold annotates drug -> target only
      continue;
    }
    items.emplace_back(it.label, hits);
    kept.emplace_back(&it, hits);
  }
  target_best_ = Classify(cat, items, gold);
  if (excluded)
    cat.details.emplace_back("drug_to_fusion_edges_scored_as_agents",
                             std::to_string(excluded));
  for (const auto& [it, hits] : kept) {
    for (const auto& [k, credit] : hits) Merge(target_matches_[std::stoul(k)], it->refs);
  }
  cats_["targets"] = cat;
}

// --- fusion agents (shared schema)

Tags Scorer::Via(const Edge& e) {
  Tags out;
  for (const char* k : {"via", "through", "target", "mechanism_target", "via_gene"}) {
    for (const auto& v : eval::Strings(e.Attr(k))) {
      const Node* n = ex_.Find(v);
      Merge(out, n ? NodeTargetTags(n) : g_.ResolveGene(v));
    }
  }
  return out;
}

void Scorer::ScoreAgents() {
  EvalCategory cat = NewCat("agents");
  struct Direct {
    const Node* agent;
    Tags via;
    RefSet refs;
  };
  std::map<std::string, std::vector<Direct>> direct;
  std::map<std::string, std::vector<std::pair<const Node*, RefSet>>> dep, by_obj;
  std::map<std::string, std::set<std::string>> members;
  std::vector<const Node*> fusion_nodes;
  std::set<std::string> fusion_ids;
  for (const Node* n : v_.nodes) {
    if (n->kind == "fusion") {
      fusion_nodes.push_back(n);
      fusion_ids.insert(n->id);
    }
  }
  for (const Edge* e : v_.edges) {
    if (IsTargetEdge(*e)) by_obj[e->o->id].emplace_back(e->s, e->refs);
  }
  auto parsed = [&](const Node* n, bool want_group) {
    for (const auto& x : n->primary) {
      auto p = g_.ParseFusion(x);
      if (p && p->group == want_group) return true;
    }
    return false;
  };
  for (const Edge* e : v_.edges) {
    if (e->IsOutcome()) continue;
    const Node *s = e->s, *o = e->o;
    const std::string& pk = e->pkey;
    if (s->kind == "fusion" && DrugLike(o->kind)) {
      direct[s->id].push_back({o, Via(*e), e->refs});
    } else if (o->kind == "fusion" && DrugLike(s->kind) && !MemberPreds().count(pk) &&
               !MetaPreds().count(pk)) {
      direct[o->id].push_back({s, Via(*e), e->refs});
    } else if (s->kind == "fusion" && o->kind == "fusion") {
      if (MemberPreds().count(pk)) {
        members[s->id].insert(o->id);
      } else if (HasMemberPreds().count(pk)) {
        members[o->id].insert(s->id);
      } else if (parsed(o, true) && parsed(s, false)) {
        members[s->id].insert(o->id);
      } else if (parsed(s, true) && parsed(o, false)) {
        members[o->id].insert(s->id);
      }
    } else if (s->kind == "fusion" && TargetLike(o->kind) && !PartnerPreds().count(pk) &&
               !MetaPreds().count(pk)) {
      dep[s->id].emplace_back(o, e->refs);
    } else if (o->kind == "fusion" && TargetLike(s->kind) && !PartnerPreds().count(pk) &&
               !MetaPreds().count(pk)) {
      dep[o->id].emplace_back(s, e->refs);
    }
  }
  for (const Node* n : fusion_nodes) {
    for (const char* k : {"member_of", "group", "groups", "parent", "parents"}) {
      for (const auto& v : eval::Strings(n->Get({k}))) {
        const Node* tgt = ex_.NodeFor(v);
        if (fusion_ids.count(tgt->id) && tgt->id != n->id) members[n->id].insert(tgt->id);
      }
    }
  }
  auto partner_tags = [&](const Node* n) {
    Tags out;
    for (const auto& s : n->primary) {
      if (auto p = g_.ParseFusion(s)) {
        for (const auto& x : p->genes) out.insert("g:" + x);
      }
    }
    return out;
  };
  struct Found {
    const Node* agent;
    Tags via;
    RefSet refs;
  };
  std::function<std::vector<Found>(const std::string&, const std::set<std::string>&)>
      agents_of = [&](const std::string& nid, const std::set<std::string>& seen) {
        auto bit = v_.by_id.find(nid);
        const Node* node = bit != v_.by_id.end() ? bit->second : ex_.NodeFor(nid);
        std::vector<Found> out;
        for (const auto& d : direct[nid]) out.push_back({d.agent, d.via, d.refs});
        Tags ptags = partner_tags(node);
        for (const auto& [dn, refs1] : dep[nid]) {
          Tags vt = NodeTargetTags(dn);
          if (Meets(vt, ptags)) continue;
          for (const auto& [d, refs2] : by_obj[dn->id]) {
            RefSet refs = refs1;
            Merge(refs, refs2);
            out.push_back({d, vt, refs});
          }
        }
        for (const auto& grp : members[nid]) {
          if (seen.count(grp)) continue;
          auto next = seen;
          next.insert(nid);
          for (auto& f : agents_of(grp, next)) out.push_back(std::move(f));
        }
        return out;
      };
  const auto& gold_agents = *g_.agents();
  auto agent_key = [](const std::string& fusion, const std::string& agent) {
    return fusion + '\x1f' + agent;
  };
  std::vector<GoldItem> gold;
  std::map<std::string, std::vector<const eval::GoldAgentItem*>> gold_by_f;
  for (const auto& a : gold_agents) {
    gold.push_back({agent_key(a.fusion, a.agent), a.status, a.label});
    gold_by_f[a.fusion].push_back(&a);
  }
  struct Item {
    std::string fusion;
    Tags agent;
    bool car = false;
    Tags via;
    RefSet refs;
    std::string label;
    bool via_known = false;
  };
  std::vector<Item> items;
  std::map<std::string, size_t> index;
  int64_t unresolved = 0;
  for (const Node* n : fusion_nodes) {
    std::set<std::string> ftags;
    for (const auto& t : NodeFusionTags(n)) {
      if (StartsWith(t, "f:") && gold_by_f.count(t.substr(2))) ftags.insert(t.substr(2));
    }
    auto found = agents_of(n->id, {n->id});
    if (ftags.empty()) {
      unresolved += int64_t(found.size());
      continue;
    }
    for (const auto& f : found) {
      auto [at, car] = NodeDrugTags(f.agent);
      for (const auto& fid : ftags) {
        std::string key = fid + '\x1f';
        if (car) {
          key += "car\x1f" + f.agent->id;
        } else {
          for (const auto& t : at) key += t + '\x1e';
        }
        auto it = index.find(key);
        if (it == index.end()) {
          Item item;
          item.fusion = fid;
          item.agent = at;
          item.car = car;
          item.label = fid + " <- " + f.agent->Label();
          it = index.emplace(key, items.size()).first;
          items.push_back(std::move(item));
        }
        Item& item = items[it->second];
        if (!f.via.empty()) {
          Merge(item.via, f.via);
          item.via_known = true;
        }
        Merge(item.refs, f.refs);
      }
    }
  }
  std::vector<std::pair<std::string, Hits>> tool_items;
  std::map<std::string, bool> via_ok;
  std::set<std::string> via_checked;
  for (const Item& it : items) {
    Hits hits;
    for (const auto* ga : gold_by_f[it.fusion]) {
      if (!it.agent.count(ga->agent)) continue;
      if (it.car && !Meets(it.via, ga->via)) continue;
      std::string k = agent_key(ga->fusion, ga->agent);
      hits[k] = 1.0;
      Merge(agent_refs_[k], it.refs);
      if (it.via_known) {
        via_checked.insert(k);
        via_ok[k] = via_ok[k] || Meets(it.via, ga->via);
      }
    }
    tool_items.emplace_back(it.label, hits);
  }
  agent_best_ = Classify(cat, tool_items, gold);
  int64_t checked = 0, agree = 0;
  for (const auto& g : gold) {
    if (g.status != eval::kRequired || !agent_best_.count(g.key) ||
        agent_best_[g.key] == 0)
      continue;
    if (!via_checked.count(g.key)) continue;
    ++checked;
    agree += via_ok[g.key];
  }
  cat.details.emplace_back("via_agree", Frac(agree, checked));
  if (unresolved)
    cat.details.emplace_back("pairs_on_unknown_fusions", std::to_string(unresolved));
  cats_["agents"] = cat;
}

// --- trials

bool Scorer::Mergeable(size_t i, size_t j) const {
  const auto& a = g_.trials()[i];
  const auto& b = g_.trials()[j];
  for (const auto& x : a.may_merge) {
    if (b.ids.count(AKey(x))) return true;
  }
  for (const auto& x : b.may_merge) {
    if (a.ids.count(AKey(x))) return true;
  }
  return false;
}

void Scorer::ScoreTrials() {
  const auto& trials = g_.trials();
  const auto& tests = TrialTests();
  struct NodeHits {
    const Node* n;
    std::map<size_t, std::set<std::string>> hits;
    bool has_reg, has_name;
  };
  std::vector<NodeHits> node_hits;
  for (const Node* n : v_.nodes) {
    if (n->kind != "trial") continue;
    std::map<size_t, std::set<std::string>> hits;
    auto names = n->Names();
    for (const auto& s : names) {
      for (const auto& [idx, typ] : g_.LookupTrial(s)) Merge(hits[idx], typ);
    }
    bool has_reg = std::any_of(names.begin(), names.end(),
                               [](const std::string& s) { return eval::IsRegistry(s); });
    std::set<size_t> reg_hit;
    for (const auto& [i, t] : hits) {
      if (t.count("reg")) reg_hit.insert(i);
    }
    if (!reg_hit.empty()) {  // a shared name must not pull in a trial with another
                             // registry id
      for (auto it = hits.begin(); it != hits.end();) {
        size_t i = it->first;
        bool drop = !reg_hit.count(i) && !trials[i].reg.empty() &&
                    !std::any_of(reg_hit.begin(), reg_hit.end(),
                                 [&](size_t j) { return Mergeable(i, j); });
        it = drop ? hits.erase(it) : std::next(it);
      }
    }
    if (hits.empty() && !has_reg) {
      // Unnamed gold trials (dev, id null): match on tested drugs, else on sponsor.
      auto tit = tests.find(n->id);
      Tags td = tit == tests.end() ? Tags{} : tit->second;
      std::string sp = n->GetText({"sponsor"});
      std::string phase = n->GetText({"phase"});
      for (size_t idx = 0; idx < trials.size(); ++idx) {
        const auto& e = trials[idx];
        if (!e.unnamed) continue;
        bool by_sponsor = false;
        if (e.drugs.empty() && !sp.empty() && !e.sponsor.empty()) {
          std::string a = AKey(sp), b = AKey(e.sponsor);
          by_sponsor = b.find(a) != std::string::npos || a.find(b) != std::string::npos;
        }
        if (Meets(td, e.drugs) || by_sponsor) {
          if (!e.phase.empty() && !phase.empty() &&
              eval::NormPhase(phase) != eval::NormPhase(e.phase)) {
            continue;
          }
          hits[idx].insert("name");
        }
      }
    }
    std::string bare = eval::SplitPrefix(n->id).second;
    std::vector<std::string> own;
    for (const auto& x : names) {
      if (x != bare) own.push_back(x);
    }
    if (own.empty()) own = names;
    bool has_name = std::any_of(own.begin(), own.end(), [](const std::string& x) {
      return !eval::IsRegistry(x);
    });
    node_hits.push_back({n, std::move(hits), has_reg, has_name});
  }
  // Split check: a gold entry holding a registry id and a body name must sit on one node.
  std::set<size_t> split;
  for (size_t idx = 0; idx < trials.size(); ++idx) {
    const auto& e = trials[idx];
    if (e.reg.empty() || e.body.empty()) continue;
    bool via_reg = false, via_name = false, both = false;
    for (const auto& nh : node_hits) {
      auto it = nh.hits.find(idx);
      if (it == nh.hits.end()) continue;
      via_reg |= it->second.count("reg") > 0;
      via_name |= it->second.count("name") > 0;
      both |= it->second == std::set<std::string>{"name", "reg"};
    }
    if (via_reg && via_name && !both) split.insert(idx);
  }
  for (const char* catname : {"trials", "trials_registry", "trials_named"}) {
    EvalCategory cat = NewCat(catname);
    std::vector<GoldItem> gold;
    for (size_t i = 0; i < trials.size(); ++i) {
      gold.push_back({std::to_string(i), trials[i].StatusFor(catname), trials[i].label});
    }
    std::vector<std::pair<std::string, Hits>> items;
    for (const auto& nh : node_hits) {
      if (std::string(catname) == "trials_registry" && !nh.has_reg) continue;
      if (std::string(catname) == "trials_named" && !nh.has_name) continue;
      Hits h;
      for (const auto& [i, t] : nh.hits)
        h[std::to_string(i)] = split.count(i) ? 0.0 : 1.0;
      items.emplace_back(nh.n->Label(), h);
    }
    Classify(cat, items, gold);
    if (!split.empty()) {
      std::vector<std::string> labels;
      for (size_t i : split) labels.push_back(trials[i].label);
      std::sort(labels.begin(), labels.end());
      std::string text;
      for (const auto& l : labels) text += (text.empty() ? "" : ", ") + l;
      cat.details.emplace_back("split", "[" + text + "]");
    }
    cats_[catname] = cat;
  }
  std::vector<std::pair<const Node*, std::map<size_t, std::set<std::string>>>> plain;
  for (const auto& nh : node_hits) plain.emplace_back(nh.n, nh.hits);
  for (auto& d : TrialFields(plain)) cats_["trials"].details.push_back(d);
}

std::vector<std::pair<std::string, std::string>> Scorer::TrialFields(
    const std::vector<std::pair<const Node*, std::map<size_t, std::set<std::string>>>>&
        node_hits) {
  const auto& trials = g_.trials();
  const auto& tests = TrialTests();
  int64_t f[4][2] = {
      {0, 0}, {0, 0}, {0, 0}, {0, 0}};  // phase, status, sponsor, drugs_subset
  for (size_t idx = 0; idx < trials.size(); ++idx) {
    const auto& e = trials[idx];
    std::vector<const Node*> nodes;
    for (const auto& [n, h] : node_hits) {
      if (h.count(idx)) nodes.push_back(n);
    }
    if (nodes.empty() || e.trials < eval::kOptional) continue;
    if (!e.phase.empty()) {
      ++f[0][1];
      std::set<std::string> ok = {eval::NormPhase(e.phase)};
      for (const auto& x : e.phase_alt) ok.insert(eval::NormPhase(x));
      for (const Node* n : nodes) {
        std::string p = n->GetText({"phase"});
        if (!p.empty() && ok.count(eval::NormPhase(p))) {
          ++f[0][0];
          break;
        }
      }
    }
    if (!e.status_field.empty() && e.check_status) {
      ++f[1][1];
      for (const Node* n : nodes) {
        std::string s = n->GetText({"status"});
        if (!s.empty() && eval::NormStatus(s) == eval::NormStatus(e.status_field)) {
          ++f[1][0];
          break;
        }
      }
    }
    if (!e.sponsor.empty()) {
      ++f[2][1];
      std::string gs = AKey(e.sponsor);
      for (const Node* n : nodes) {
        std::string sp = n->GetText({"sponsor"});
        if (sp.empty()) continue;
        std::string k = AKey(sp);
        if (gs.find(k) != std::string::npos || k.find(gs) != std::string::npos) {
          ++f[2][0];
          break;
        }
      }
    }
    Tags td;
    for (const Node* n : nodes) {
      if (auto it = tests.find(n->id); it != tests.end()) Merge(td, it->second);
    }
    if (!td.empty()) {
      ++f[3][1];
      if (std::includes(e.drugs.begin(), e.drugs.end(), td.begin(), td.end())) ++f[3][0];
    }
  }
  return {{"field_phase", Frac(f[0][0], f[0][1])},
          {"field_status", Frac(f[1][0], f[1][1])},
          {"field_sponsor", Frac(f[2][0], f[2][1])},
          {"field_drugs_subset", Frac(f[3][0], f[3][1])}};
}

// --- outcomes

std::pair<std::vector<ToolOutcome>, int64_t> Scorer::ToolOutcomes() {
  const auto& tests = TrialTests();
  std::vector<ToolOutcome> out;
  int64_t ignored = 0;
  for (const Edge* e : v_.edges) {
    if (!e->IsOutcome()) continue;
    std::optional<double> val;
    std::string hint;
    const Json* value = e->Attr("value");
    if (value && value->IsObject()) {
      for (const char* k : {"value", "v", "number"}) {
        if (const Json* x = value->Find(k)) {
          value = x;
          break;
        }
      }
    }
    if (value && value->IsNumber()) {
      val = value->number;
    } else if (value && value->IsString()) {
      std::tie(val, hint) = eval::ParseNumberText(value->str);
    }
    std::string unit = eval::CanonUnit(e->AttrText("unit"));
    if (unit.empty()) unit = hint;
    if (!val) {
      ++ignored;
      continue;
    }
    if (unit == "years") val = *val * 12, unit = "months";
    ToolOutcome t;
    if (unit == "%" || unit.empty()) {
      t.cat = "outcomes";
    } else if (unit == "months") {
      t.cat = "outcomes_months";
    } else {
      ++ignored;
      continue;
    }
    std::vector<std::string> cohort;
    for (const Node* end : {e->s, e->o}) {
      if (end &&
          (end->kind == "trial" || end->kind == "condition" || end->kind.empty()) &&
          !end->phantom) {
        for (auto& x : end->Names()) cohort.push_back(x);
      }
    }
    for (const char* k :
         {"trial", "trial_id", "trials", "cohort", "study", "study_id", "trial_name"}) {
      for (const auto& v : eval::Strings(e->Attr(k))) {
        const Node* n = ex_.Find(v);
        if (n) {
          for (auto& x : n->Names()) cohort.push_back(x);
        } else {
          cohort.push_back(v);
        }
      }
    }
    std::vector<std::string> drug_strs;
    Tags dtags;
    for (const char* k :
         {"drug", "drugs", "agent", "agents", "treatment", "intervention"}) {
      for (const auto& v : eval::Strings(e->Attr(k))) {
        const Node* n = ex_.Find(v);
        if (n) {
          Merge(dtags, NodeDrugTags(n).first);
          for (auto& x : n->primary) drug_strs.push_back(x);
        } else {
          drug_strs.push_back(v);
        }
      }
    }
    if (e->s->kind == "trial") {
      if (auto it = tests.find(e->s->id); it != tests.end()) Merge(dtags, it->second);
    }
    for (const Node* end : {e->s, e->o}) {
      if (end && DrugLike(end->kind)) Merge(dtags, NodeDrugTags(end).first);
    }
    t.measure = eval::CanonMeasure(e->AttrText("measure"));
    t.value = *val;
    t.cohort = g_.ExpandCohort(cohort);
    t.drugs = dtags;
    Merge(t.drugs, g_.DrugSet(drug_strs));
    t.refs = e->refs;
    t.sentences = e->Sentences();
    t.horizon = e->AttrText("horizon");
    t.label = e->AttrText("measure") + " " + e->AttrText("value") +
              (t.cat == "outcomes" ? "" : " mo") + " [" + e->s->Label() + "]";
    out.push_back(std::move(t));
  }
  return {out, ignored};
}

bool Scorer::OutcomeCompatible(const ToolOutcome& t,
                               const eval::GoldOutcomeItem& go) const {
  if (t.cat != go.cat || !go.measures.count(t.measure)) return false;
  if (!std::any_of(go.values.begin(), go.values.end(),
                   [&](double v) { return std::fabs(t.value - v) <= 0.05 + 1e-9; })) {
    return false;
  }
  if (g_.schema() == "shared") {
    if (!go.cohort.empty()) return Meets(t.cohort, go.cohort);
    if (!go.refs.empty()) return Meets(t.refs, go.refs);
    for (const auto& s : t.sentences) {
      for (const auto& q : go.quotes) {
        if (eval::SameSentence(s, q)) return true;
      }
    }
    return false;
  }
  return Meets(t.cohort, go.cohort) || Meets(t.drugs, go.drugs);
}

void Scorer::ScoreOutcomes() {
  auto [tool, ignored] = ToolOutcomes();
  for (const char* catname : {"outcomes", "outcomes_months"}) {
    EvalCategory cat = NewCat(catname);
    std::vector<const eval::GoldOutcomeItem*> golds;
    for (const auto& go : g_.outcomes()) {
      if (go.cat == catname) golds.push_back(&go);
    }
    std::vector<const ToolOutcome*> tools;
    for (const auto& t : tool) {
      if (t.cat == catname) tools.push_back(&t);
    }
    std::map<size_t, std::vector<size_t>> cand;  // gold -> tools, best first
    std::set<size_t> compatible_t;
    for (size_t gi = 0; gi < golds.size(); ++gi) {
      const auto& go = *golds[gi];
      std::vector<std::pair<int, size_t>> c;
      for (size_t ti = 0; ti < tools.size(); ++ti) {
        const auto& t = *tools[ti];
        if (!OutcomeCompatible(t, go)) continue;
        bool same = false;
        for (const auto& s : t.sentences) {
          for (const auto& q : go.quotes) same = same || eval::SameSentence(s, q);
        }
        int score = int(Meets(t.refs, go.refs)) +
                    int(!go.horizon.empty() && !t.horizon.empty() &&
                        AKey(t.horizon) == AKey(go.horizon)) +
                    int(same);
        c.emplace_back(score, ti);
        compatible_t.insert(ti);
      }
      std::stable_sort(c.begin(), c.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      if (!c.empty()) {
        for (const auto& [s, ti] : c) cand[gi].push_back(ti);
      }
    }
    // One to one: augmenting paths, required gold items first.
    std::map<size_t, size_t> match_t;  // tool -> gold
    std::function<bool(size_t, std::set<size_t>&)> augment = [&](size_t gi,
                                                                 std::set<size_t>& seen) {
      for (size_t ti : cand[gi]) {
        if (seen.count(ti)) continue;
        seen.insert(ti);
        auto it = match_t.find(ti);
        if (it == match_t.end() || augment(it->second, seen)) {
          match_t[ti] = gi;
          return true;
        }
      }
      return false;
    };
    std::vector<size_t> order(golds.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return (golds[a]->status != eval::kRequired) <
             (golds[b]->status != eval::kRequired);
    });
    for (size_t gi : order) {
      std::set<size_t> seen;
      augment(gi, seen);
    }
    std::map<size_t, size_t> assigned;
    for (const auto& [ti, gi] : match_t) assigned[gi] = ti;
    for (const auto* go : golds)
      (go->status == eval::kRequired ? cat.gold : cat.opt) += 1;
    for (size_t gi = 0; gi < golds.size(); ++gi) {
      const auto& go = *golds[gi];
      bool has = assigned.count(gi) > 0;
      if (go.status == eval::kRequired) {
        if (has) {
          cat.matched += 1;
        } else {
          cat.missing.push_back(go.label);
        }
      }
      if (has) outcome_assign_[go.idx] = *tools[assigned[gi]];
    }
    for (size_t ti = 0; ti < tools.size(); ++ti) {
      ++cat.tool;
      if (match_t.count(ti)) {
        ++cat.tp;
      } else if (compatible_t.count(ti)) {
        ++cat.dup;
      } else {
        ++cat.fp;
        cat.false_positives.push_back(tools[ti]->label);
      }
    }
    if (std::string(catname) == "outcomes") {
      int64_t with = 0, agree = 0;
      for (const auto* go : golds) {
        auto it = outcome_assign_.find(go->idx);
        if (it == outcome_assign_.end() || go->horizon.empty()) continue;
        ++with;
        const std::string& th = it->second.horizon;
        if (th.empty()) continue;
        static const std::regex kNum(R"(\d+(?:\.\d+)?)");
        auto nums = [&](const std::string& s) {
          std::string n = eval::Norm(s);
          std::vector<std::string> out;
          for (std::sregex_iterator m(n.begin(), n.end(), kNum), end; m != end; ++m) {
            out.push_back(m->str());
          }
          return out;
        };
        auto na = nums(th), nb = nums(go->horizon);
        if (AKey(th) == AKey(go->horizon) || (!na.empty() && na == nb)) ++agree;
      }
      cat.details.emplace_back("horizon_agree", Frac(agree, with));
    }
    cats_[catname] = cat;
  }
  if (ignored)
    cats_["outcomes"].details.emplace_back("ignored_tool_outcomes",
                                           std::to_string(ignored));
}

// --- references

bool AuthorEq(const std::string& gold, const std::string& tool) {
  if (tool.empty()) return false;
  auto g = eval::Words(gold), t = eval::Words(tool);
  if (g.empty() || t.empty()) return false;
  auto joined = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x;
    return s;
  };
  if (t.size() >= g.size() && std::equal(g.begin(), g.end(), t.begin())) return true;
  if (t.size() >= g.size() && std::equal(g.begin(), g.end(), t.end() - long(g.size())))
    return true;
  if (joined(g) == joined(t)) return true;
  return t.size() > g.size() && std::equal(g.begin(), g.end(), t.begin() + 1) &&
         t[0].size() <= 2;
}

bool TitleEq(const std::string& gold, const std::string& tool) {
  if (tool.empty()) return false;
  if (AKey(gold) == AKey(tool)) return true;
  return eval::Jaccard(eval::Words(gold), eval::Words(tool)) >= 0.9;
}

double Coverage(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  if (sa.empty()) return 0.0;
  size_t n = 0;
  for (const auto& x : sa) n += sb.count(x);
  return double(n) / double(sa.size());
}

std::string NoDotsSpaces(const std::string& s) {
  std::string out;
  for (char c : eval::Fold(s)) {
    if (c != '.' && c != ' ') out += c;
  }
  return out;
}

std::string JoinWords(const std::vector<std::string>& w) {
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

// _ref_agrees: one gold reference against a tool reference node (or a citation).
std::pair<bool, std::vector<std::pair<std::string, int>>> RefAgrees(
    const Json& r, const Node* n, std::string citation) {
  std::vector<std::pair<std::string, int>> per;
  auto gold_str = [&](const char* k) {
    const Json* v = r.Find(k);
    return v && v->Truthy() && (v->IsString() || v->IsNumber()) ? v->ScalarText()
                                                                : std::string();
  };
  if (r.Str("kind") == "web") {
    std::vector<std::string> parts;
    if (n) {
      for (const auto& [k, v] : n->attrs) {
        for (auto& s : eval::Strings(v->IsArray() ? nullptr : v)) parts.push_back(s);
      }
      parts.push_back(n->id);
    } else {
      parts.push_back("");
    }
    parts.push_back(citation);
    std::string hay;
    for (size_t i = 0; i < parts.size(); ++i) hay += (i ? " " : "") + parts[i];
    std::string hk = AKey(hay);
    bool ok = false;
    std::string reg = gold_str("registry_id"), url = gold_str("url");
    if (!reg.empty() && hk.find(AKey(reg)) != std::string::npos) ok = true;
    if (!url.empty()) {
      static const std::regex kScheme(R"(^https?://)");
      if (hk.find(AKey(std::regex_replace(url, kScheme, ""))) != std::string::npos)
        ok = true;
    }
    per.emplace_back("web", ok);
    return {ok, per};
  }
  if (n && !n->Get({"first_author", "firstAuthor", "author", "authors", "title",
                    "journal", "year"})) {
    std::string cit;
    for (const auto& s :
         eval::Strings(n->Get({"citation", "text", "raw", "reference", "label"}))) {
      cit += (cit.empty() ? "" : " ") + s;
    }
    citation = cit;
    n = nullptr;  // only a citation string: compare by containment
  }
  std::string fa, title, journal, year;
  bool has_journal = false;
  if (n) {
    auto text = [](const Json* v) {
      return v && (v->IsString() || v->IsNumber()) ? v->ScalarText() : std::string();
    };
    fa = text(n->Get({"first_author", "firstAuthor", "author"}));
    if (fa.empty()) {
      const Json* au = n->Get({"authors"});
      auto ss = eval::Strings(au);
      if (!ss.empty()) {
        fa = ss[0];
      } else if (au && au->IsString()) {
        fa = au->str;
      }
      if (au && au->IsString() && fa.find(',') != std::string::npos)
        fa = fa.substr(0, fa.find(','));
    }
    title = text(n->Get({"title"}));
    const Json* j = n->Get({"journal", "venue", "container_title"});
    has_journal = j != nullptr;
    journal = text(j);
    year = text(n->Get({"year", "date"}));
  }
  std::string gfa = gold_str("first_author");
  if (!gfa.empty()) {
    if (n) {
      per.emplace_back("first_author", AuthorEq(gfa, fa));
    } else {
      std::string cw = JoinWords(eval::Words(citation));
      size_t lim = 80 + gfa.size();
      per.emplace_back("first_author",
                       !citation.empty() && cw.substr(0, lim).find(JoinWords(
                                                eval::Words(gfa))) != std::string::npos);
    }
  }
  std::string gt = gold_str("title");
  if (!gt.empty()) {
    if (n) {
      per.emplace_back("title", TitleEq(gt, title));
    } else {
      per.emplace_back(
          "title",
          !citation.empty() && (AKey(citation).find(AKey(gt)) != std::string::npos ||
                                Coverage(eval::Words(gt), eval::Words(citation)) >= 0.9));
    }
  }
  std::string gj = gold_str("journal");
  if (!gj.empty()) {
    if (n) {
      per.emplace_back("journal",
                       has_journal && NoDotsSpaces(journal) == NoDotsSpaces(gj));
    } else {
      per.emplace_back(
          "journal", !citation.empty() && NoDotsSpaces(citation).find(NoDotsSpaces(gj)) !=
                                              std::string::npos);
    }
  }
  std::string gy = gold_str("year");
  if (!gy.empty()) {
    if (n) {
      static const std::regex kYear(R"((?:19|20)\d\d)");
      std::smatch m;
      bool ok = !year.empty() && std::regex_search(year, m, kYear) &&
                std::atol(m.str().c_str()) == std::atol(gy.c_str());
      per.emplace_back("year", ok);
    } else {
      per.emplace_back("year",
                       !citation.empty() && citation.find(gy) != std::string::npos);
    }
  }
  bool all =
      std::all_of(per.begin(), per.end(), [](const auto& p) { return p.second != 0; });
  return {all, per};
}

std::string RefNumberOf(const Node* n) {
  for (const char* k :
       {"n", "number", "num", "index", "ref_n", "refno", "citation_number", "ordinal"}) {
    const Json* v = n->Get({k});
    if (v) {
      auto rn = eval::RefNumbers(v);
      if (!rn.empty()) return rn.front();
    }
  }
  std::string bare = eval::SplitPrefix(n->id).second;
  size_t end = bare.size();
  while (end > 0 && !(bare[end - 1] >= '0' && bare[end - 1] <= '9')) --end;
  if (end == 0) return "";
  size_t start = end;
  while (start > 0 && bare[start - 1] >= '0' && bare[start - 1] <= '9') --start;
  std::string digits = bare.substr(start, end - start);
  size_t z = 0;
  while (z + 1 < digits.size() && digits[z] == '0') ++z;
  return digits.substr(z);
}

void Scorer::ScoreReferences() {
  EvalCategory cat = NewCat("references");
  struct ToolRef {
    std::string num;
    const Node* n;
    std::string citation;
  };
  std::vector<ToolRef> tool;
  for (const Node* n : v_.nodes) {
    if (n->kind == "reference") tool.push_back({RefNumberOf(n), n, ""});
  }
  bool fallback = false;
  if (tool.empty()) {  // no reference nodes: use the citations carried by the evidence
    fallback = true;
    std::vector<std::string> order;
    std::map<std::string, std::string> seen;
    for (const Edge* e : v_.edges) {
      if (!e->raw) continue;
      for (const Json* ev : AsList(e->raw->Find("evidence"))) {
        if (!ev->IsObject()) continue;
        for (const Json* r : AsList(ev->Find("refs"))) {
          std::string cit;
          if (r->IsObject()) {
            cit = r->Str("citation");
            if (cit.empty()) cit = r->Str("text");
          }
          for (const auto& num : eval::RefNumbers(r)) {
            auto it = seen.find(num);
            if (it == seen.end()) {
              order.push_back(num);
              seen[num] = cit;
            } else if (!cit.empty() && it->second.empty()) {
              it->second = cit;
            }
          }
        }
      }
    }
    for (const auto& num : order) tool.push_back({num, nullptr, seen[num]});
  }
  std::map<std::string, const Json*> gold;
  for (const auto& r : *g_.references()) {
    gold.emplace(r.n, r.raw);
    ++cat.gold;
  }
  std::vector<std::string> field_order = {"first_author", "title", "journal", "year",
                                          "web"};
  std::map<std::string, std::pair<int64_t, int64_t>> fields;
  std::map<std::string, bool> best;
  for (const auto& t : tool) {
    ++cat.tool;
    auto git = gold.find(t.num);
    if (git == gold.end()) {
      ++cat.fp;
      cat.false_positives.push_back("ref " + t.num + " (no such number)");
      continue;
    }
    auto [ok, per] = RefAgrees(*git->second, t.n, t.citation);
    for (const auto& [k, v] : per) {
      if (!best.count(t.num)) {
        fields[k].second += 1;
        fields[k].first += v;
      }
    }
    if (best.count(t.num) && ok && best[t.num]) {
      ++cat.dup;
      continue;
    }
    if (ok) {
      ++cat.tp;
    } else {
      ++cat.fp;
      std::string bad;
      for (const auto& [k, v] : per) {
        if (!v) bad += (bad.empty() ? "" : ", ") + k;
      }
      cat.false_positives.push_back("ref " + t.num + " (" + bad + ")");
    }
    best[t.num] = best[t.num] || ok;
  }
  for (const auto& r : *g_.references()) {
    if (best.count(r.n) && best[r.n]) {
      cat.matched += 1;
    } else {
      cat.missing.push_back(
          "ref " + r.n + " " + r.raw->Str("first_author") + " " +
          (r.raw->Find("year") ? r.raw->Find("year")->ScalarText() : ""));
    }
  }
  for (const auto& k : field_order) {
    auto it = fields.find(k);
    if (it != fields.end() && it->second.second) {
      cat.details.emplace_back("field_" + k, Frac(it->second.first, it->second.second));
    }
  }
  if (fallback) cat.details.emplace_back("from_evidence_citations", "True");
  cats_["references"] = cat;
}

// --- reference links

void Scorer::ScoreRefLinks() {
  EvalCategory lenient = NewCat("ref_links"), strict = NewCat("ref_links_strict");
  struct FactRefs {
    std::string label;
    RefSet refs, ctx, trefs;
  };
  std::vector<FactRefs> facts;
  const auto& targets = g_.targets();
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& gt = targets[i];
    auto b = target_best_.find(std::to_string(i));
    if (gt.status >= eval::kOptional && b != target_best_.end() && b->second > 0) {
      facts.push_back({gt.label, gt.refs, gt.ctx, target_matches_[i]});
    }
  }
  if (g_.agents()) {
    for (const auto& a : *g_.agents()) {
      std::string k = a.fusion + '\x1f' + a.agent;
      auto b = agent_best_.find(k);
      if (a.status >= eval::kOptional && a.direct && b != agent_best_.end() &&
          b->second > 0) {
        facts.push_back({a.label, a.refs, a.ctx, agent_refs_[k]});
      }
    }
  }
  for (const auto& go : g_.outcomes()) {
    auto it = outcome_assign_.find(go.idx);
    if (it != outcome_assign_.end())
      facts.push_back({go.label, go.refs, go.ctx, it->second.refs});
  }
  for (const auto& f : facts) {
    RefSet either = f.refs;
    Merge(either, f.ctx);
    if (!either.empty()) {
      ++lenient.gold;
      if (!f.trefs.empty()) {
        ++lenient.tool;
        if (Meets(f.trefs, either)) {
          ++lenient.tp;
          lenient.matched += 1;
        } else {
          ++lenient.fp;
          lenient.false_positives.push_back(f.label + ": tool " + ListText(f.trefs) +
                                            ", gold " + ListText(either));
        }
      } else {
        lenient.missing.push_back(f.label + ": no refs");
      }
    }
    if (!f.refs.empty()) {
      ++strict.gold;
      if (!f.trefs.empty()) ++strict.tool;
      bool ok = g_.schema() == "shared" ? Meets(f.trefs, f.refs) : f.trefs == f.refs;
      if (ok) {
        ++strict.tp;
        strict.matched += 1;
      } else {
        if (!f.trefs.empty()) ++strict.fp;
        strict.missing.push_back(f.label + ": tool " + ListText(f.trefs) + ", gold " +
                                 ListText(f.refs));
      }
    }
  }
  cats_["ref_links"] = lenient;
  cats_["ref_links_strict"] = strict;
}

// --- reference list completeness (issue 14)

ReferenceCompleteness Scorer::Completeness() {
  ReferenceCompleteness c;
  std::map<std::string, bool> journal_by_n;
  for (const Node* n : v_.nodes) {
    if (n->kind != "reference") continue;
    ++c.entries;
    std::string kind = n->GetText({"ref_kind"});
    if (kind == "web") {
      ++c.web;
      continue;
    }
    bool author = !n->GetText({"first_author"}).empty() ||
                  !eval::Strings(n->Get({"authors"})).empty();
    bool year = !n->GetText({"year"}).empty();
    bool journal = !n->GetText({"journal"}).empty();
    c.author_year += author && year;
    c.journal += journal;
    std::string num = RefNumberOf(n);
    journal_by_n[num] = journal_by_n[num] || journal;
  }
  if (g_.references()) {
    for (const auto& r : *g_.references()) {
      if (r.raw->Str("journal").empty() || r.raw->Str("kind") == "web") continue;
      ++c.gold_journal;
      c.gold_journal_found += journal_by_n.count(r.n) && journal_by_n[r.n];
    }
  }
  return c;
}

// ---------------------------------------------------------------------------
// Output.

std::string Fmt(std::optional<double> x, int w = 6) {
  char buf[32];
  if (x) {
    std::snprintf(buf, sizeof buf, "%*.3f", w, *x);
  } else {
    std::snprintf(buf, sizeof buf, "%*s", w, "-");
  }
  return buf;
}

std::string MatchedText(double m) {
  char buf[32];
  if (m == std::floor(m)) {
    std::snprintf(buf, sizeof buf, "%d", int(m));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", m);
  }
  return buf;
}

void PrintTable(const std::string& title, const std::vector<EvalCategory>& cats,
                std::string& out) {
  char buf[256];
  out += title + "\n";
  std::snprintf(buf, sizeof buf, "%-17s %5s %5s %8s %6s %6s %6s  %4s %4s %4s %4s %4s\n",
                "category", "gold", "tool", "matched", "P", "R", "F1", "tp", "fp", "neu",
                "dup", "opt");
  out += buf;
  for (const auto& c : cats) {
    if (!c.applicable) continue;
    std::snprintf(buf, sizeof buf,
                  "%-17s %5lld %5lld %8s %s %s %s  %4lld %4lld %4lld %4lld %4lld\n",
                  c.name.c_str(), (long long)c.gold, (long long)c.tool,
                  MatchedText(c.matched).c_str(), Fmt(c.Precision()).c_str(),
                  Fmt(c.Recall()).c_str(), Fmt(c.F1()).c_str(), (long long)c.tp,
                  (long long)c.fp, (long long)c.neu, (long long)c.dup, (long long)c.opt);
    out += buf;
  }
}

void PrintDetails(const std::vector<EvalCategory>& cats, size_t limit, std::string& out) {
  for (const auto& c : cats) {
    if (!c.applicable) continue;
    if (!c.details.empty()) {
      out += "  " + c.name + ": ";
      for (size_t i = 0; i < c.details.size(); ++i) {
        out += (i ? ", " : "") + c.details[i].first + "=" + c.details[i].second;
      }
      out += "\n";
    }
    if (!limit) continue;
    char buf[64];
    auto list = [&](const std::vector<std::string>& items, const char* what,
                    const char* more) {
      for (size_t i = 0; i < items.size() && i < limit; ++i) {
        std::snprintf(buf, sizeof buf, "    %s  %-15s ", what, c.name.c_str());
        out += buf + items[i] + "\n";
      }
      if (items.size() > limit) {
        out += "    ... " + std::to_string(items.size() - limit) + " more " + more + "\n";
      }
    };
    list(c.missing, "missed", "missed");
    list(c.false_positives, "false+", "false positives");
  }
}

std::string Percent(int64_t a, int64_t b) {
  if (b == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * double(a) / double(b));
  return buf;
}

void PrintCompleteness(const ReferenceCompleteness& c, std::string& out) {
  int64_t real = c.entries - c.web;
  out += "  reference list: " + std::to_string(c.entries) + " entries (" +
         std::to_string(c.web) + " web); first author and year " +
         Frac(c.author_year, real) + " (" + Percent(c.author_year, real) + "), journal " +
         Frac(c.journal, real) + " (" + Percent(c.journal, real) + ")";
  if (c.gold_journal) {
    out += ", journal where the gold prints one " +
           Frac(c.gold_journal_found, c.gold_journal) + " (" +
           Percent(c.gold_journal_found, c.gold_journal) + ")";
  }
  out += "\n";
}

void JsonStr(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

std::string JsonNum(std::optional<double> x) {
  if (!x) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *x);  // ties to even, as Python's round()
  return buf;
}

void CategoryJson(const EvalCategory& c, bool with_lists, std::string& out) {
  out +=
      "{\"gold\": " + std::to_string(c.gold) + ", \"tool\": " + std::to_string(c.tool) +
      ", \"matched\": " +
      (c.matched == std::floor(c.matched) ? std::to_string(int64_t(c.matched))
                                          : JsonNum(std::round(c.matched * 100) / 100)) +
      ", \"precision\": " + JsonNum(c.Precision()) +
      ", \"recall\": " + JsonNum(c.Recall()) + ", \"f1\": " + JsonNum(c.F1()) +
      ", \"tp\": " + std::to_string(c.tp) + ", \"fp\": " + std::to_string(c.fp) +
      ", \"neutral\": " + std::to_string(c.neu) +
      ", \"duplicates\": " + std::to_string(c.dup) +
      ", \"optional\": " + std::to_string(c.opt);
  if (!c.details.empty()) {
    out += ", \"details\": {";
    for (size_t i = 0; i < c.details.size(); ++i) {
      if (i) out += ", ";
      JsonStr(out, c.details[i].first);
      out += ": ";
      JsonStr(out, c.details[i].second);
    }
    out += "}";
  }
  if (with_lists) {
    for (const auto& [key, list] :
         {std::make_pair("missing", &c.missing),
          std::make_pair("false_positives", &c.false_positives)}) {
      out += ", \"" + std::string(key) + "\": [";
      for (size_t i = 0; i < list->size(); ++i) {
        if (i) out += ", ";
        JsonStr(out, (*list)[i]);
      }
      out += "]";
    }
  }
  out += "}";
}

void CompletenessJson(const ReferenceCompleteness& c, std::string& out) {
  out += "{\"entries\": " + std::to_string(c.entries) +
         ", \"web\": " + std::to_string(c.web) +
         ", \"author_year\": " + std::to_string(c.author_year) +
         ", \"journal\": " + std::to_string(c.journal) +
         ", \"gold_journal\": " + std::to_string(c.gold_journal) +
         ", \"gold_journal_found\": " + std::to_string(c.gold_journal_found) + "}";
}

std::string BaseName(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// (category, measure, minimum): the acceptance thresholds of the issues (score.py).
struct Threshold {
  const char* category;
  char measure;  // 'P', 'R' or 'F'
  double minimum;
};
const std::map<std::string, std::vector<Threshold>>& Thresholds() {
  static const auto* m =
      new std::map<std::string, std::vector<Threshold>>{{"seeds",
                                                         {{"genes", 'P', 0.90},
                                                          {"genes", 'R', 0.90},
                                                          {"fusions", 'R', 0.95},
                                                          {"drugs", 'P', 0.90},
                                                          {"drugs", 'R', 0.90},
                                                          {"targets", 'P', 0.85},
                                                          {"targets", 'R', 0.95},
                                                          {"trials_registry", 'R', 1.0},
                                                          {"trials_named", 'R', 0.90},
                                                          {"outcomes", 'P', 0.90},
                                                          {"outcomes", 'R', 0.90},
                                                          {"references", 'R', 0.95},
                                                          {"ref_links", 'R', 0.95}}},
                                                        {"dev-entities",
                                                         {{"genes", 'F', 0.85},
                                                          {"genes", 'P', 0.85},
                                                          {"drugs", 'F', 0.90},
                                                          {"drugs", 'P', 0.85},
                                                          {"trials", 'F', 0.90},
                                                          {"trials", 'P', 0.85},
                                                          {"trials_named", 'F', 0.85}}},
                                                        {"dev-facts",
                                                         {{"targets", 'F', 0.85},
                                                          {"targets", 'P', 0.85},
                                                          {"outcomes", 'F', 0.85},
                                                          {"outcomes_months", 'F', 0.80},
                                                          {"ref_links", 'F', 0.90}}}};
  return *m;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API.

std::optional<double> EvalCategory::Precision() const {
  int64_t d = tp + fp;
  return d ? std::optional<double>(double(tp) / double(d)) : std::nullopt;
}
std::optional<double> EvalCategory::Recall() const {
  return gold ? std::optional<double>(matched / double(gold)) : std::nullopt;
}
std::optional<double> EvalCategory::F1() const {
  auto p = Precision(), r = Recall();
  if (!r) return std::nullopt;
  if (!p) return gold ? std::optional<double>(0.0) : std::nullopt;
  return *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}
void EvalCategory::Add(const EvalCategory& o) {
  gold += o.gold, opt += o.opt, tool += o.tool, tp += o.tp, fp += o.fp, neu += o.neu,
      dup += o.dup, matched += o.matched;
}

void ReferenceCompleteness::Add(const ReferenceCompleteness& o) {
  entries += o.entries, web += o.web, author_year += o.author_year, journal += o.journal,
      gold_journal += o.gold_journal, gold_journal_found += o.gold_journal_found;
}

const EvalCategory* EvalText::Find(const std::string& name) const {
  for (const auto& c : categories) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const EvalCategory* EvalRun::Total(const std::string& name) const {
  for (const auto& c : total) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string EvalRun::TotalLine() const {
  std::string out = "TOTAL";
  for (const char* k : {"targets", "trials", "outcomes", "genes", "drugs", "fusions",
                        "agents", "trials_registry", "trials_named", "outcomes_months",
                        "references", "ref_links"}) {
    const EvalCategory* c = Total(k);
    std::optional<double> f;
    if (c && c->applicable && (c->gold || c->tool)) f = c->F1();
    char buf[64];
    if (f) {
      std::snprintf(buf, sizeof buf, " %s_f1=%.3f", k, *f);
    } else {
      std::snprintf(buf, sizeof buf, " %s_f1=NA", k);
    }
    out += buf;
  }
  return out;
}

EvalExport::EvalExport(std::unique_ptr<ExportGraph> graph) : graph_(std::move(graph)) {}
EvalExport::~EvalExport() = default;

Result<std::unique_ptr<EvalExport>> EvalExport::FromStore(const graph::Store& store) {
  std::ostringstream out;
  LG_RETURN_IF_ERROR(ExportJsonl(store, out));
  return FromJsonl(out.str());
}

std::unique_ptr<EvalExport> EvalExport::FromJsonl(std::string_view jsonl) {
  return std::unique_ptr<EvalExport>(new EvalExport(ExportGraph::Parse(jsonl)));
}

Result<EvalRun> Evaluate(const EvalExport& ex, const std::vector<std::string>& gold_paths,
                         const std::vector<std::string>& sources) {
  if (gold_paths.empty())
    return Status::InvalidArgument("query: eval: no gold file given");
  EvalRun run;
  for (const char* name : kEvalCategories) run.total.push_back(NewCat(name, false));
  for (size_t i = 0; i < gold_paths.size(); ++i) {
    LG_ASSIGN_OR_RETURN(auto gold, GoldFile::Load(gold_paths[i]));
    std::string source = i < sources.size() ? sources[i] : "";
    EvalText text = Scorer(ex.graph(), *gold, source).Run();
    for (size_t k = 0; k < text.categories.size(); ++k) {
      if (!text.categories[k].applicable) continue;
      run.total[k].applicable = true;
      run.total[k].Add(text.categories[k]);
    }
    run.total_references.Add(text.references);
    run.texts.push_back(std::move(text));
  }
  return run;
}

Result<std::string> GoldSourceOf(const std::string& gold_path) {
  LG_ASSIGN_OR_RETURN(auto gold, GoldFile::Load(gold_path));
  return gold->source();
}

Result<std::vector<std::string>> GoldFilesIn(const std::string& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec)
    return Status::NotFound("query: " + dir + ": cannot read directory: " + ec.message());
  std::vector<std::string> out;
  for (; it != end; it.increment(ec)) {
    if (ec)
      return Status::NotFound("query: " + dir +
                              ": cannot read directory: " + ec.message());
    const auto& p = it->path();
    if (p.extension() != ".json" || !it->is_regular_file()) continue;
    // Files that do not read as a gold annotation are skipped, as score.py does.
    if (GoldFile::Load(p.string()).ok()) out.push_back(p.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string FormatEvalRun(const EvalRun& run, int verbose) {
  std::string out;
  size_t limit = verbose <= 0 ? 0 : verbose == 1 ? 15 : SIZE_MAX;
  for (const auto& t : run.texts) {
    PrintTable("== " + BaseName(t.gold_path) + "  (source " + t.source + ", " + t.schema +
                   " schema; " + run.export_name + ")",
               t.categories, out);
    PrintDetails(t.categories, limit, out);
    PrintCompleteness(t.references, out);
    out += "\n";
  }
  if (run.texts.size() > 1) {
    PrintTable("== TOTAL (micro-average over " + std::to_string(run.texts.size()) +
                   " gold files)",
               run.total, out);
    PrintCompleteness(run.total_references, out);
    out += "\n";
  }
  return out;
}

std::string EvalRunJson(const EvalRun& run, bool with_lists) {
  std::string out = "{\"files\": [";
  for (size_t i = 0; i < run.texts.size(); ++i) {
    const auto& t = run.texts[i];
    if (i) out += ", ";
    out += "{\"export\": ";
    JsonStr(out, run.export_name);
    out += ", \"gold\": ";
    JsonStr(out, t.gold_path);
    out += ", \"source\": ";
    JsonStr(out, t.source);
    out += ", \"schema\": ";
    JsonStr(out, t.schema);
    out += ", \"warnings\": [";
    for (size_t w = 0; w < t.warnings.size(); ++w) {
      if (w) out += ", ";
      JsonStr(out, t.warnings[w]);
    }
    out += "], \"categories\": {";
    bool first = true;
    for (const auto& c : t.categories) {
      if (!c.applicable) continue;
      if (!first) out += ", ";
      first = false;
      JsonStr(out, c.name);
      out += ": ";
      CategoryJson(c, with_lists, out);
    }
    out += "}, \"reference_completeness\": ";
    CompletenessJson(t.references, out);
    out += "}";
  }
  out += "], \"total\": {";
  bool first = true;
  for (const auto& c : run.total) {
    if (!c.applicable) continue;
    if (!first) out += ", ";
    first = false;
    JsonStr(out, c.name);
    out += ": ";
    CategoryJson(c, false, out);
  }
  out += "}, \"reference_completeness\": ";
  CompletenessJson(run.total_references, out);
  out += ", \"total_line\": ";
  JsonStr(out, run.TotalLine());
  out += "}\n";
  return out;
}

std::vector<std::string> EvalThresholdNames() {
  std::vector<std::string> out;
  for (const auto& [name, list] : Thresholds()) out.push_back(name);
  return out;
}

Result<std::vector<std::string>> EvalShortfalls(const EvalRun& run,
                                                const std::string& name) {
  auto it = Thresholds().find(name);
  if (it == Thresholds().end()) {
    std::string names;
    for (const auto& n : EvalThresholdNames()) names += (names.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("query: eval: unknown thresholds '" + name + "' (" +
                                   names + ")");
  }
  std::vector<std::string> short_;
  for (const Threshold& t : it->second) {
    const EvalCategory* c = run.Total(t.category);
    if (c == nullptr || !c->applicable) {
      short_.push_back(std::string(t.category) + " not scored");
      continue;
    }
    auto v = t.measure == 'P' ? c->Precision() : t.measure == 'R' ? c->Recall() : c->F1();
    if (!v || *v < t.minimum) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%s %s %s < %.2f", t.category,
                    t.measure == 'F'   ? "F1"
                    : t.measure == 'P' ? "P"
                                       : "R",
                    v ? Fmt(v, 0).c_str() : "n/a", t.minimum);
      short_.push_back(buf);
    }
  }
  return short_;
}

}  // namespace lg::query
