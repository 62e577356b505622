#include <algorithm>
#include <cmath>
#include <functional>
#include <regex>

#include "query/eval_scorer.h"
#include "query/eval_text.h"

namespace lg::query::eval {

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
    // An entry whose printed text shows no year ("Society: Survival rates, by
    // stage.") cannot give one: it is left out of the author-and-year share.
    const std::string raw = n->GetText({"raw"});
    static const std::regex kYear(R"((^|[^0-9])(1[89]|20)[0-9]{2}([^0-9]|$))");
    const bool no_year = !year && !raw.empty() && !std::regex_search(raw, kYear);
    bool journal = !n->GetText({"journal"}).empty();
    c.no_year += no_year;
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

}  // namespace lg::query::eval
