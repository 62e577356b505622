#include "query/eval_scorer.h"

#include <algorithm>
#include <functional>

#include "query/eval_text.h"

namespace lg::query::eval {

const char* const kEvalCategories[13] = {
    "genes",      "fusions",         "drugs",           "targets",  "agents",
    "trials",     "trials_registry", "trials_named",    "outcomes", "outcomes_months",
    "references", "ref_links",       "ref_links_strict"};

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

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

EvalCategory NewCat(const std::string& name, bool applicable) {
  EvalCategory c;
  c.name = name;
  c.applicable = applicable;
  return c;
}

std::string Frac(int64_t a, int64_t b) {
  return std::to_string(a) + "/" + std::to_string(b);
}

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
    const std::string key = "fam:" + fid;
    auto it = std::find_if(gold.begin(), gold.end(),
                           [&](const GoldItem& x) { return x.key == key; });
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

}  // namespace lg::query::eval
