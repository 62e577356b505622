#include "query/eval.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "query/eval_gold.h"

namespace lg::query {
namespace {

using gold::FormatNumber;
using gold::Gold;
using gold::GoldFrequency;
using gold::GoldGene;
using gold::GoldOutcome;
using gold::GoldReference;
using gold::GoldTarget;
using gold::GoldTrial;
using gold::Key;
using gold::LoadGold;
using gold::ParseNumber;
using gold::StrSet;
using graph::Entity;
using graph::EntityKind;
using graph::Fact;
using graph::SourceData;

CategoryScore Row(std::string name, bool precision, bool recall) {
  CategoryScore row;
  row.name = std::move(name);
  row.has_precision = precision;
  row.has_recall = recall;
  return row;
}

// ---------------------------------------------------------------------------
// Text helpers.

std::vector<std::string> SplitBar(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t bar = s.find('|', start);
    if (bar == std::string_view::npos) bar = s.size();
    if (bar > start) out.emplace_back(s.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::string Attr(const std::map<std::string, std::string>& attrs,
                 const std::string& name) {
  auto it = attrs.find(name);
  return it == attrs.end() ? std::string() : it->second;
}

std::string IdKey(std::string_view id) {
  size_t colon = id.find(':');
  return std::string(colon == std::string_view::npos ? id : id.substr(colon + 1));
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string Join(const StrSet& items) {
  return Join(std::vector<std::string>(items.begin(), items.end()), ",");
}

// Latin letters with diacritics (U+00C0..U+017F) to ASCII base letters.
constexpr std::string_view kLatin1 =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
constexpr std::string_view kLatinExtA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNn"
    "OoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatin1.size() == 64);
static_assert(kLatinExtA.size() == 128);

// ASCII lower case with Latin diacritics folded; other non-ASCII dropped.
std::string FoldLatin(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out += char(std::tolower(c));
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t len = 1;
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
    }
    if (cp >= 0xC0 && cp < 0x100) {
      out += char(std::tolower(kLatin1[cp - 0xC0]));
    } else if (cp >= 0x100 && cp < 0x180) {
      out += char(std::tolower(kLatinExtA[cp - 0x100]));
    }
    i += len;
  }
  return out;
}

std::string AlnumOnly(std::string_view s) {
  std::string out;
  for (char c : FoldLatin(s)) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

StrSet AlnumTokens(std::string_view s) {
  StrSet out;
  std::string cur;
  for (char c : FoldLatin(s)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += c;
    } else if (!cur.empty()) {
      out.insert(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.insert(cur);
  return out;
}

double Jaccard(const StrSet& a, const StrSet& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  for (const auto& t : a) common += b.count(t);
  return double(common) / double(a.size() + b.size() - common);
}

// Citation numbers with ranges expanded: "53-55" / "36–39" -> 53, 54, 55.
void AddRefs(const std::vector<std::string>& refs, StrSet* out) {
  for (const std::string& r : refs) {
    std::string norm = NormalizeGoldText(r);
    size_t dash = norm.find('-');
    if (dash != std::string::npos) {
      auto lo = ParseNumber(norm.substr(0, dash));
      auto hi = ParseNumber(norm.substr(dash + 1));
      if (lo && hi && *hi >= *lo && *hi - *lo < 100) {
        for (int n = int(*lo); n <= int(*hi); ++n) out->insert(std::to_string(n));
        continue;
      }
    }
    if (!norm.empty()) out->insert(norm);
  }
}

bool Intersects(const StrSet& a, const StrSet& b) {
  for (const auto& x : a) {
    if (b.count(x)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Resolving tool names to gold keys.

// Key -> canonical gold name (first declaration wins).
class NameIndex {
 public:
  void Add(const std::string& canonical, const std::string& surface) {
    std::string k = Key(surface);
    if (!k.empty()) map_.emplace(k, canonical);
  }
  const std::string* Find(std::string_view surface) const {
    auto it = map_.find(Key(surface));
    return it == map_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string, std::string> map_;
};

// Where a tool item landed.
enum class Outcome { kRequired, kOptional, kFalse };

class Scorer {
 public:
  Scorer(const Gold& gold, const SourceData& data) : gold_(gold), data_(data) {
    for (const auto& g : gold.genes) {
      genes_.Add(g.symbol, g.symbol);
      for (const auto& a : g.aliases) genes_.Add(g.symbol, a);
    }
    for (const auto& f : gold.families) {
      families_.Add(f.id, f.id);
      for (const auto& a : f.aliases) families_.Add(f.id, a);
      family_members_[f.id] = f.members;
    }
    for (const auto& f : gold.fusions) {
      fusions_.Add(f.id, f.id);
      for (const auto& a : f.aliases) fusions_.Add(f.id, a);
    }
    for (const auto& d : gold.drugs) {
      drugs_.Add(d.name, d.name);
      for (const auto& a : d.aliases) drugs_.Add(d.name, a);
    }
    for (const auto& c : gold.class_names) classes_.Add(c, c);
    for (const auto& e : data.entities) entities_[e.id] = &e;
  }

  EvalReport Run();

 private:
  // Surface forms of the entity `id`: label, aliases, then the id's key.
  std::vector<std::string> Surfaces(const std::string& id) const {
    std::vector<std::string> out;
    auto it = entities_.find(id);
    if (it != entities_.end()) {
      out.push_back(it->second->label);
      out.insert(out.end(), it->second->aliases.begin(), it->second->aliases.end());
    }
    out.push_back(IdKey(id));
    return out;
  }

  // Gold fusion id for a tool fusion label or surface form, or "".
  std::string ResolveFusion(const std::vector<std::string>& surfaces) const {
    for (const std::string& s : surfaces) {
      std::string form = s;
      size_t sep = form.find("::");
      if (sep != std::string::npos) {
        std::string five = form.substr(0, sep), three = form.substr(sep + 2);
        if (three == graph::kUnknownPartner) {
          const std::string* sym = genes_.Find(five);
          if (sym) {
            if (const std::string* hit = fusions_.Find(*sym + "-r")) return *hit;
          }
          form = five + "-r";
        } else if (const std::string* a = genes_.Find(five)) {
          const std::string* b = genes_.Find(three);
          if (b) {
            if (const std::string* hit = fusions_.Find(*a + "-" + *b)) return *hit;
          }
        }
      }
      if (const std::string* hit = fusions_.Find(form)) return *hit;
    }
    return "";
  }

  // Canonical drug key: gold drug name, else gold class name, else Key(name).
  std::string ResolveDrug(const std::vector<std::string>& surfaces) const {
    for (const auto& s : surfaces) {
      if (const std::string* d = drugs_.Find(s)) return Key(*d);
    }
    for (const auto& s : surfaces) {
      if (const std::string* c = classes_.Find(s)) return Key(*c);
    }
    return surfaces.empty() ? "" : Key(surfaces.front());
  }

  // Canonical target key: gene symbol, else family id, else Key(name).
  std::string ResolveTarget(const std::vector<std::string>& surfaces) const {
    for (const auto& s : surfaces) {
      if (const std::string* g = genes_.Find(s)) return Key(*g);
    }
    for (const auto& s : surfaces) {
      if (const std::string* f = families_.Find(s)) return Key(*f);
    }
    return surfaces.empty() ? "" : Key(surfaces.front());
  }

  // Keys of a gold cohort, expanded through the gold trial it names.
  StrSet CohortKeys(const GoldOutcome& o) const {
    StrSet out;
    for (const auto& ck : o.cohort_keys) {
      std::string k = Key(ck);
      out.insert(k);
      const GoldTrial* only = nullptr;
      int by_name = 0;
      for (const auto& t : gold_.trials) {
        if (Key(t.id) == k || t.reg_keys.count(k)) {
          out.insert(t.all_keys.begin(), t.all_keys.end());
        } else if (t.name_keys.count(k)) {
          only = &t;
          ++by_name;
        }
      }
      if (by_name == 1) out.insert(only->all_keys.begin(), only->all_keys.end());
    }
    return out;
  }

  StrSet TrialKeys(const Entity& t) const {
    StrSet keys;
    keys.insert(Key(IdKey(t.id)));
    keys.insert(Key(t.label));
    for (const auto& n : SplitBar(Attr(t.attributes, "names"))) keys.insert(Key(n));
    for (const auto& r : SplitBar(Attr(t.attributes, "registry_ids")))
      keys.insert(Key(r));
    for (const auto& a : t.aliases) keys.insert(Key(a));
    keys.erase("");
    return keys;
  }

  static StrSet EvidenceRefs(const Fact& f) {
    StrSet refs;
    for (const auto& e : f.evidence) AddRefs(e.refs, &refs);
    return refs;
  }

  // A matched fact whose refs the "ref links" rows check.
  struct LinkCheck {
    std::string label;
    StrSet tool_refs;
    StrSet gold_refs, gold_context;
  };
  void AddLink(const std::string& label, const StrSet& tool_refs,
               const std::vector<std::string>& refs,
               const std::vector<std::string>& context,
               std::vector<LinkCheck>* pending) const {
    LinkCheck* c = nullptr;
    for (auto& p : *pending) {
      if (p.label == label) c = &p;
    }
    if (!c) {
      pending->push_back({label, tool_refs, {}, {}});
      c = &pending->back();
    }
    AddRefs(refs, &c->gold_refs);
    AddRefs(context, &c->gold_context);
  }

  static void Count(CategoryScore* row, Outcome o, const std::string& label) {
    if (o == Outcome::kOptional) {
      ++row->tool_optional;
      return;
    }
    ++row->tool_items;
    if (o == Outcome::kRequired) {
      ++row->tool_matched;
    } else {
      ++row->tool_false;
      row->false_positives.push_back(label);
    }
  }

  CategoryScore Genes() const;
  CategoryScore Fusions() const;
  CategoryScore Frequencies(std::vector<LinkCheck>* links) const;
  CategoryScore Drugs() const;
  CategoryScore Targets(std::vector<LinkCheck>* links) const;
  std::vector<CategoryScore> Trials() const;
  CategoryScore Outcomes(std::vector<LinkCheck>* links) const;
  std::vector<CategoryScore> References() const;
  static std::vector<CategoryScore> Links(const std::vector<LinkCheck>& links);

  const Gold& gold_;
  const SourceData& data_;
  NameIndex genes_, families_, fusions_, drugs_, classes_;
  std::map<std::string, std::vector<std::string>> family_members_;
  std::unordered_map<std::string, const Entity*> entities_;
};

CategoryScore Scorer::Genes() const {
  CategoryScore row = Row("core genes", true, true);
  StrSet found;
  NameIndex members;
  for (const auto& [id, list] : family_members_) {
    for (const auto& m : list) members.Add(id, m);
  }
  for (const Entity& e : data_.entities) {
    if (e.kind != EntityKind::kGene) continue;
    std::vector<std::string> surfaces = {e.label};
    surfaces.insert(surfaces.end(), e.aliases.begin(), e.aliases.end());
    const GoldGene* hit = nullptr;
    for (const auto& s : surfaces) {
      if (const std::string* sym = genes_.Find(s)) {
        for (const auto& g : gold_.genes) {
          if (g.symbol == *sym) hit = &g;
        }
        break;
      }
    }
    Outcome o = Outcome::kFalse;
    if (hit && hit->core) {
      o = Outcome::kRequired;
      found.insert(hit->symbol);
    } else if (hit) {
      o = Outcome::kOptional;
    } else {
      for (const auto& s : surfaces) {
        if (families_.Find(s) || members.Find(s)) o = Outcome::kOptional;
      }
    }
    Count(&row, o, e.label);
  }
  for (const auto& g : gold_.genes) {
    if (!g.core) continue;
    ++row.gold_required;
    if (found.count(g.symbol)) {
      ++row.gold_found;
    } else {
      row.missed.push_back(g.symbol);
    }
  }
  return row;
}

CategoryScore Scorer::Fusions() const {
  CategoryScore row = Row("fusions", true, true);
  StrSet found;
  for (const Entity& e : data_.entities) {
    if (e.kind != EntityKind::kFusion) continue;
    std::string id = ResolveFusion(Surfaces(e.id));
    Outcome o = Outcome::kFalse;
    for (const auto& f : gold_.fusions) {
      if (f.id != id) continue;
      o = f.implicit ? Outcome::kOptional : Outcome::kRequired;
      found.insert(f.id);
    }
    Count(&row, o, e.label);
  }
  for (const auto& f : gold_.fusions) {
    if (f.implicit) continue;
    ++row.gold_required;
    if (found.count(f.id)) {
      ++row.gold_found;
    } else {
      row.missed.push_back(f.id);
    }
  }
  return row;
}

// Disease (ALL / AML) and age group (infant / childhood) named in a population.
struct PopulationTags {
  bool all = false, aml = false, infant = false, child = false;
};
PopulationTags TagPopulation(std::string_view text) {
  PopulationTags t;
  std::string word;
  auto flush = [&] {
    std::string lower = FoldLatin(word);
    if (word == "ALL" || lower == "lymphoblastic" || lower == "lymphoid") t.all = true;
    if (lower == "aml" || lower == "myeloid") t.aml = true;
    if (lower.rfind("infan", 0) == 0) t.infant = true;
    if (lower.rfind("child", 0) == 0 || lower == "pediatric" || lower == "paediatric")
      t.child = true;
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return t;
}

bool SamePopulation(std::string_view gold, std::string_view tool) {
  PopulationTags g = TagPopulation(gold), t = TagPopulation(tool);
  if ((g.all || g.aml) && !((g.all && t.all) || (g.aml && t.aml))) return false;
  if ((g.infant || g.child) && !((g.infant && t.infant) || (g.child && t.child)))
    return false;
  return true;
}

bool FrequencyValueMatches(const GoldFrequency& g, double v) {
  return std::fabs(v - g.value) <= 0.5 + 1e-9 ||
         (g.value_max && std::fabs(v - *g.value_max) < 1e-6);
}

CategoryScore Scorer::Frequencies(std::vector<LinkCheck>* links) const {
  CategoryScore row = Row("fusion frequencies", true, true);
  std::vector<bool> found(gold_.fusion_freqs.size());
  for (const Fact& f : data_.facts) {
    if (f.predicate != graph::pred::kFrequency) continue;
    std::optional<double> value = ParseNumber(Attr(f.attributes, "value"));
    std::string population = Attr(f.attributes, "population");
    if (population.empty()) population = IdKey(f.object);
    std::string fusion = ResolveFusion(Surfaces(f.subject));
    std::string label =
        IdKey(f.subject) + " " + Attr(f.attributes, "value") + "% in " + population;
    Outcome o = Outcome::kFalse;
    StrSet tool_refs = EvidenceRefs(f);
    for (size_t i = 0; value && i < gold_.fusion_freqs.size(); ++i) {
      const GoldFrequency& g = gold_.fusion_freqs[i];
      if (g.owner != fusion || !FrequencyValueMatches(g, *value) ||
          !SamePopulation(g.population, population))
        continue;
      o = Outcome::kRequired;
      found[i] = true;
      AddLink(label, tool_refs, g.refs, g.refs_context, links);
    }
    for (size_t i = 0; value && o == Outcome::kFalse && i < gold_.other_freqs.size();
         ++i) {
      const GoldFrequency& g = gold_.other_freqs[i];
      if (FrequencyValueMatches(g, *value) && SamePopulation(g.population, population))
        o = Outcome::kOptional;
    }
    Count(&row, o, label);
  }
  for (size_t i = 0; i < gold_.fusion_freqs.size(); ++i) {
    const GoldFrequency& g = gold_.fusion_freqs[i];
    ++row.gold_required;
    if (found[i]) {
      ++row.gold_found;
    } else {
      row.missed.push_back(g.owner + " " + FormatNumber(g.value) + "% in " +
                           g.population);
    }
  }
  return row;
}

CategoryScore Scorer::Drugs() const {
  CategoryScore row = Row("drugs", true, true);
  StrSet found;
  for (const Entity& e : data_.entities) {
    if (e.kind != EntityKind::kDrug) continue;
    std::vector<std::string> surfaces = {e.label};
    surfaces.insert(surfaces.end(), e.aliases.begin(), e.aliases.end());
    Outcome o = Outcome::kFalse;
    for (const auto& s : surfaces) {
      if (const std::string* d = drugs_.Find(s)) {
        found.insert(*d);
        o = Outcome::kRequired;
        break;
      }
    }
    if (o == Outcome::kFalse) {
      for (const auto& s : surfaces) {
        if (classes_.Find(s)) o = Outcome::kOptional;
      }
    }
    Count(&row, o, e.label);
  }
  for (const auto& d : gold_.drugs) {
    ++row.gold_required;
    if (found.count(d.name)) {
      ++row.gold_found;
    } else {
      row.missed.push_back(d.name);
    }
  }
  return row;
}

CategoryScore Scorer::Targets(std::vector<LinkCheck>* links) const {
  CategoryScore row = Row("targets", true, true);
  // Gold rows with resolved keys.
  struct Row {
    std::string drug;
    StrSet targets;  // the target and its members
  };
  std::vector<Row> rows;
  for (const auto& t : gold_.targets) {
    Row r{ResolveDrug({t.drug}), {ResolveTarget({t.target})}};
    for (const auto& m : t.members) r.targets.insert(ResolveTarget({m}));
    auto fam = family_members_.find(t.target);
    if (fam != family_members_.end()) {
      for (const auto& m : fam->second) r.targets.insert(ResolveTarget({m}));
    }
    rows.push_back(std::move(r));
  }
  std::vector<bool> found(rows.size());
  // One tool item per (drug, target) pair, whatever the predicate.
  std::map<std::pair<std::string, std::string>, std::vector<const Fact*>> pairs;
  std::vector<std::pair<std::string, std::string>> order;
  for (const Fact& f : data_.facts) {
    if (!graph::IsTargetPredicate(f.predicate)) continue;
    std::pair<std::string, std::string> key{ResolveDrug(Surfaces(f.subject)),
                                            ResolveTarget(Surfaces(f.object))};
    if (!pairs.count(key)) order.push_back(key);
    pairs[key].push_back(&f);
  }
  for (const auto& key : order) {
    const auto& facts = pairs[key];
    std::string label =
        IdKey(facts.front()->subject) + " -> " + IdKey(facts.front()->object);
    StrSet tool_refs;
    for (const Fact* f : facts) {
      StrSet r = EvidenceRefs(*f);
      tool_refs.insert(r.begin(), r.end());
    }
    Outcome o = Outcome::kFalse;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].drug != key.first || !rows[i].targets.count(key.second)) continue;
      const GoldTarget& g = gold_.targets[i];
      if (g.Required()) {
        o = Outcome::kRequired;
        found[i] = true;
      } else if (o == Outcome::kFalse) {
        o = Outcome::kOptional;
      }
      AddLink(label, tool_refs, g.refs, g.refs_context, links);
    }
    Count(&row, o, label);
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const GoldTarget& g = gold_.targets[i];
    if (!g.Required()) continue;
    ++row.gold_required;
    if (found[i]) {
      ++row.gold_found;
    } else {
      row.missed.push_back(g.drug + " -> " + g.target);
    }
  }
  return row;
}

// "Phase I/II" -> "1/2"; "pilot" stays.
std::string NormalizePhase(std::string_view phase) {
  std::string s = NormalizeGoldText(phase);
  if (s.rfind("phase", 0) == 0) s = s.substr(5);
  std::string out, word;
  auto flush = [&] {
    if (word == "i") word = "1";
    if (word == "ii") word = "2";
    if (word == "iii") word = "3";
    if (word == "iv") word = "4";
    out += word;
    word.clear();
  };
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
      if (c == '/' || c == '-') out += '/';
    }
  }
  flush();
  return out;
}

std::string NormalizeStatus(std::string_view status) {
  std::string s = NormalizeGoldText(status);
  if (s.find("complet") != std::string::npos) return "completed";
  if (s.find("recruit") != std::string::npos || s.find("ongoing") != std::string::npos ||
      s.find("active") != std::string::npos)
    return "ongoing";
  return s;
}

std::vector<CategoryScore> Scorer::Trials() const {
  CategoryScore reg = Row("trials (registry id)", true, true);
  CategoryScore named = Row("trials (named)", true, true);
  CategoryScore fields = Row("trial fields", true, true);
  std::vector<const Entity*> tool;
  std::vector<StrSet> keys;
  for (const Entity& e : data_.entities) {
    if (e.kind != EntityKind::kTrial) continue;
    tool.push_back(&e);
    keys.push_back(TrialKeys(e));
  }
  // Precision: a tool trial is scored in the row(s) its identifiers belong to.
  for (size_t i = 0; i < tool.size(); ++i) {
    bool has_reg = !Attr(tool[i]->attributes, "registry_ids").empty();
    bool has_name = !Attr(tool[i]->attributes, "names").empty() || !has_reg;
    Outcome in_reg = Outcome::kFalse, in_named = Outcome::kFalse;
    for (const auto& g : gold_.trials) {
      if (!Intersects(keys[i], g.all_keys)) continue;
      if (!g.registry_ids.empty()) {
        in_reg = Outcome::kRequired;
      } else if (in_reg == Outcome::kFalse) {
        in_reg = Outcome::kOptional;
      }
      if (!g.names.empty()) {
        in_named = Outcome::kRequired;
      } else if (in_named == Outcome::kFalse) {
        in_named = Outcome::kOptional;
      }
    }
    if (has_reg) Count(&reg, in_reg, tool[i]->label);
    if (has_name) Count(&named, in_named, tool[i]->label);
  }
  // Recall; a gold entry holding a registry id and a body name must be found
  // in one tool trial.
  for (const auto& g : gold_.trials) {
    const Entity* best = nullptr;
    bool by_reg = false, by_name = false, split = false;
    for (size_t i = 0; i < tool.size(); ++i) {
      bool r = Intersects(keys[i], g.reg_keys), n = Intersects(keys[i], g.name_keys);
      if (!r && !n) continue;
      bool whole = !g.NeedsBoth() || (r && n);
      if (!whole) split = true;
      if (whole && r) by_reg = true;
      if (whole && n) by_name = true;
      if (whole && (!best || r)) best = tool[i];
    }
    std::string why = split ? " (split)" : "";
    if (!g.registry_ids.empty()) {
      ++reg.gold_required;
      if (by_reg) {
        ++reg.gold_found;
      } else {
        reg.missed.push_back(g.id + why);
      }
    }
    if (!g.names.empty()) {
      ++named.gold_required;
      if (by_name) {
        ++named.gold_found;
      } else {
        std::string names = Join(g.names, "/");
        named.missed.push_back(names + (names == g.id ? "" : " = " + g.id) + why);
      }
    }
    if (!best) continue;
    auto check = [&](const char* field, const std::string& gold_value,
                     std::vector<std::string> accepted, auto normalize) {
      if (gold_value.empty()) return;
      ++fields.gold_required;
      std::string tool_value = Attr(best->attributes, field);
      if (tool_value.empty()) {
        fields.missed.push_back(g.id + " " + field + " " + gold_value);
        return;
      }
      ++fields.tool_items;
      accepted.push_back(gold_value);
      for (const auto& a : accepted) {
        if (normalize(a) == normalize(tool_value)) {
          ++fields.gold_found;
          ++fields.tool_matched;
          return;
        }
      }
      ++fields.tool_false;
      fields.false_positives.push_back(g.id + " " + field + " " + tool_value + " (gold " +
                                       gold_value + ")");
      fields.missed.push_back(g.id + " " + field + " " + gold_value);
    };
    check("phase", g.phase, g.phase_alt, NormalizePhase);
    if (!g.status_inferred) check("status", g.status, {}, NormalizeStatus);
  }
  return {reg, named, fields};
}

// "event-free survival" -> "EFS"; unknown measures keep their key.
std::string CanonicalMeasure(std::string_view measure) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kTable = {
      {"efs", "EFS"},
      {"event-free-survival", "EFS"},
      {"os", "OS"},
      {"overall-survival", "OS"},
      {"survival", "OS"},
      {"survival-after-relapse", "OS"},
      {"rfs", "RFS"},
      {"relapse-free-survival", "RFS"},
      {"lfs", "LFS"},
      {"leukemia-free-survival", "LFS"},
      {"leukaemia-free-survival", "LFS"},
      {"dfs", "DFS"},
      {"disease-free-survival", "DFS"},
      {"orr", "ORR"},
      {"overall-response-rate", "ORR"},
      {"objective-response-rate", "ORR"},
      {"cr", "CR"},
      {"complete-remission", "CR"},
      {"complete-response", "CR"},
      {"cr-rate", "CR"},
      {"complete-remission-rate", "CR"},
      {"second-remission-rate", "CR"},
      {"mrd-negativity", "MRD-negativity"},
      {"mrd-negative", "MRD-negativity"},
      {"mrd-negative-cr", "MRD-negativity"},
      {"mrd-response", "MRD response"},
      {"relapse-rate", "relapse rate"},
      {"relapse", "relapse rate"},
      {"cumulative-incidence-of-relapse", "relapse rate"},
  };
  std::string k = Key(measure);
  for (const auto& [from, to] : kTable) {
    if (k == from) return std::string(to);
  }
  return k;
}

bool OutcomeValueMatches(const GoldOutcome& g, double v) {
  if (std::fabs(v - g.value) <= 0.05 + 1e-9) return true;
  if (g.value_max && std::fabs(v - *g.value_max) < 1e-6) return true;
  for (double a : g.alt_values) {
    if (std::fabs(v - a) < 1e-6) return true;
  }
  return false;
}

CategoryScore Scorer::Outcomes(std::vector<LinkCheck>* links) const {
  CategoryScore row = Row("outcomes", true, true);
  // Tool facts grouped by (measure, value, cohort): duplicates count once.
  struct Group {
    std::string measure, value_text, label;
    std::optional<double> value;
    StrSet cohort, refs;
    std::vector<std::string> sentences;
  };
  std::vector<Group> groups;
  std::map<std::string, size_t> by_key;
  for (const Fact& f : data_.facts) {
    if (f.predicate != graph::pred::kOutcome) continue;
    std::string measure = CanonicalMeasure(Attr(f.attributes, "measure"));
    std::string value_text = Attr(f.attributes, "value");
    std::optional<double> value = ParseNumber(value_text);
    std::string dedupe =
        measure + "|" + (value ? FormatNumber(*value) : value_text) + "|" + f.subject;
    auto [it, added] = by_key.emplace(dedupe, groups.size());
    if (added) {
      Group g{measure, value_text, measure + " " + value_text + " " + IdKey(f.subject),
              value,   {},         {},
              {}};
      auto entity = entities_.find(f.subject);
      if (entity != entities_.end() && entity->second->kind == EntityKind::kTrial) {
        g.cohort = TrialKeys(*entity->second);
      }
      g.cohort.insert(Key(IdKey(f.subject)));
      groups.push_back(std::move(g));
    }
    Group& g = groups[it->second];
    for (const auto& e : f.evidence) {
      AddRefs(e.refs, &g.refs);
      g.sentences.push_back(NormalizeGoldText(e.sentence));
    }
  }
  std::vector<StrSet> gold_cohorts;
  for (const auto& o : gold_.outcomes) gold_cohorts.push_back(CohortKeys(o));
  std::vector<bool> found(gold_.outcomes.size());
  for (const Group& g : groups) {
    Outcome o = Outcome::kFalse;
    for (size_t i = 0; g.value && i < gold_.outcomes.size(); ++i) {
      const GoldOutcome& gold = gold_.outcomes[i];
      if (CanonicalMeasure(gold.measure) != g.measure ||
          !OutcomeValueMatches(gold, *g.value))
        continue;
      bool cohort = false;
      if (!gold.cohort_keys.empty()) {
        cohort = Intersects(g.cohort, gold_cohorts[i]);
      } else if (!gold.refs.empty()) {
        StrSet refs;
        AddRefs(gold.refs, &refs);
        cohort = Intersects(g.refs, refs);
      } else {
        for (const auto& q : gold.quotes) {
          std::string nq = NormalizeGoldText(q);
          for (const auto& s : g.sentences) {
            if (!nq.empty() && s.find(nq) != std::string::npos) cohort = true;
          }
        }
      }
      if (!cohort) continue;
      if (!gold.inferred) {
        o = Outcome::kRequired;
        found[i] = true;
      } else if (o == Outcome::kFalse) {
        o = Outcome::kOptional;
      }
      AddLink(g.label, g.refs, gold.refs, gold.refs_context, links);
    }
    Count(&row, o, g.label);
  }
  for (size_t i = 0; i < gold_.outcomes.size(); ++i) {
    const GoldOutcome& g = gold_.outcomes[i];
    if (g.inferred) continue;
    ++row.gold_required;
    if (found[i]) {
      ++row.gold_found;
    } else {
      std::string horizon = g.horizon.empty() ? "" : " [" + g.horizon + "]";
      row.missed.push_back(g.measure + " " + FormatNumber(g.value) + " " + g.cohort +
                           horizon);
    }
  }
  return row;
}

std::string NormalizeUrl(std::string_view url) {
  std::string s = NormalizeGoldText(url);
  while (!s.empty() && (s.back() == '/' || s.back() == '.')) s.pop_back();
  for (std::string_view scheme : {"https://", "http://"}) {
    if (s.rfind(scheme, 0) == 0) s = s.substr(scheme.size());
  }
  return s;
}

std::string JournalKey(std::string_view journal) {
  std::string out;
  for (char c : FoldLatin(journal)) {
    if (c != '.' && !std::isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

std::vector<CategoryScore> Scorer::References() const {
  CategoryScore refs = Row("references", true, true);
  CategoryScore titles = Row("ref titles", false, true);
  CategoryScore journals = Row("ref journals", false, true);
  std::map<std::string, const graph::Reference*> tool;
  for (const auto& r : data_.references) tool.emplace(r.n, &r);
  std::map<std::string, const GoldReference*> gold;
  for (const auto& g : gold_.references) gold.emplace(g.n, &g);

  auto matches = [](const GoldReference& g, const graph::Reference& t) {
    if (g.kind == "web") {
      return (!g.registry_id.empty() && Key(g.registry_id) == Key(t.registry_id)) ||
             (!g.url.empty() && NormalizeUrl(g.url) == NormalizeUrl(t.url));
    }
    if (!g.first_author.empty() && AlnumOnly(g.first_author) != AlnumOnly(t.first_author))
      return false;
    return g.year.empty() || g.year == t.year;
  };
  auto describe = [](const graph::Reference& t) {
    if (t.kind == "web")
      return t.n + " " + (t.registry_id.empty() ? t.url : t.registry_id);
    return t.n + " " + t.first_author + " " + t.year;
  };

  for (const auto& t : data_.references) {
    auto it = gold.find(t.n);
    Count(&refs,
          it != gold.end() && matches(*it->second, t) ? Outcome::kRequired
                                                      : Outcome::kFalse,
          describe(t));
  }
  for (const auto& g : gold_.references) {
    auto it = tool.find(g.n);
    const graph::Reference* t = it == tool.end() ? nullptr : it->second;
    ++refs.gold_required;
    if (t && matches(g, *t)) {
      ++refs.gold_found;
    } else {
      std::string want = g.kind == "web" ? (g.registry_id.empty() ? g.url : g.registry_id)
                                         : g.first_author + " " + g.year;
      refs.missed.push_back(g.n + " " + want +
                            (t ? " (tool: " + describe(*t) + ")" : ""));
    }
    if (!g.title.empty()) {
      ++titles.gold_required;
      if (t && Jaccard(AlnumTokens(g.title), AlnumTokens(t->title)) >= 0.9) {
        ++titles.gold_found;
      } else {
        titles.missed.push_back(g.n + " " + g.title.substr(0, 50));
      }
    }
    if (!g.journal.empty()) {
      ++journals.gold_required;
      if (t && JournalKey(g.journal) == JournalKey(t->journal)) {
        ++journals.gold_found;
      } else {
        journals.missed.push_back(g.n + " " + g.journal +
                                  (t ? " (tool: " + t->journal + ")" : ""));
      }
    }
  }
  return {refs, titles, journals};
}

std::vector<CategoryScore> Scorer::Links(const std::vector<LinkCheck>& links) {
  CategoryScore loose = Row("ref links", true, false);
  CategoryScore strict = Row("ref links (strict)", true, false);
  for (const LinkCheck& c : links) {
    StrSet both = c.gold_refs;
    both.insert(c.gold_context.begin(), c.gold_context.end());
    std::string label = c.label + " refs [" + Join(c.tool_refs) + "] gold [" +
                        Join(c.gold_refs) + "|" + Join(c.gold_context) + "]";
    if (!both.empty()) {
      Count(&loose, Intersects(c.tool_refs, both) ? Outcome::kRequired : Outcome::kFalse,
            label);
    }
    if (!c.gold_refs.empty()) {
      Count(&strict,
            Intersects(c.tool_refs, c.gold_refs) ? Outcome::kRequired : Outcome::kFalse,
            label);
    }
  }
  return {loose, strict};
}

EvalReport Scorer::Run() {
  EvalReport report;
  std::string stem = gold_.source.substr(0, gold_.source.rfind('.'));
  report.sources.push_back(data_.source.id.empty() ? stem : data_.source.id);
  std::vector<LinkCheck> links;
  auto& rows = report.categories;
  rows.push_back(Genes());
  rows.push_back(Fusions());
  rows.push_back(Frequencies(&links));
  rows.push_back(Drugs());
  rows.push_back(Targets(&links));
  for (auto& r : Trials()) rows.push_back(std::move(r));
  rows.push_back(Outcomes(&links));
  for (auto& r : References()) rows.push_back(std::move(r));
  for (auto& r : Links(links)) rows.push_back(std::move(r));
  return report;
}

// "83.3%", or "-" when not applicable.
std::string Percent(bool has, uint64_t denominator, double value) {
  if (!has || denominator == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * value);
  return buf;
}

std::string CountText(bool has, uint64_t n) { return has ? std::to_string(n) : "-"; }

// "  label (N): a, b, c" wrapped at 80 columns, continuation indented.
void AppendList(const std::string& label, const std::vector<std::string>& items,
                std::string* out) {
  if (items.empty()) return;
  std::string line = "  " + label + " (" + std::to_string(items.size()) + "):";
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item = " " + items[i] + (i + 1 < items.size() ? ";" : "");
    if (line.size() + item.size() > 80 && line.size() > 4) {
      *out += line + "\n";
      line = "   ";
    }
    line += item;
  }
  *out += line + "\n";
}

}  // namespace

double CategoryScore::precision() const {
  return tool_items == 0 ? 0.0 : double(tool_items - tool_false) / double(tool_items);
}

double CategoryScore::recall() const {
  return gold_required == 0 ? 0.0 : double(gold_found) / double(gold_required);
}

const CategoryScore* EvalReport::Find(const std::string& name) const {
  for (const auto& c : categories) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string EvalReport::ToTable(bool verbose) const {
  std::string out = "sources: " + Join(sources, ", ") + "\n";
  char line[128];
  std::snprintf(line, sizeof line, "%-20s %6s %5s %6s %9s %8s %6s %7s\n", "category",
                "tool", "opt", "false", "precision", "required", "found", "recall");
  out += line;
  for (const auto& c : categories) {
    std::snprintf(line, sizeof line, "%-20s %6s %5s %6s %9s %8s %6s %7s\n",
                  c.name.substr(0, 20).c_str(),
                  CountText(c.has_precision, c.tool_items).c_str(),
                  CountText(c.has_precision, c.tool_optional).c_str(),
                  CountText(c.has_precision, c.tool_false).c_str(),
                  Percent(c.has_precision, c.tool_items, c.precision()).c_str(),
                  CountText(c.has_recall, c.gold_required).c_str(),
                  CountText(c.has_recall, c.gold_found).c_str(),
                  Percent(c.has_recall, c.gold_required, c.recall()).c_str());
    out += line;
  }
  if (verbose) {
    for (const auto& c : categories) {
      if (c.missed.empty() && c.false_positives.empty()) continue;
      out += "\n" + c.name + "\n";
      AppendList("missed", c.missed, &out);
      AppendList("false positives", c.false_positives, &out);
    }
  }
  return out;
}

EvalReport EvalReport::Merge(const std::vector<EvalReport>& reports) {
  EvalReport merged;
  bool prefix = reports.size() > 1;
  for (const auto& r : reports) {
    merged.sources.insert(merged.sources.end(), r.sources.begin(), r.sources.end());
    std::string tag = prefix && !r.sources.empty() ? r.sources.front() + ": " : "";
    for (const auto& c : r.categories) {
      CategoryScore* m = nullptr;
      for (auto& existing : merged.categories) {
        if (existing.name == c.name) m = &existing;
      }
      if (!m) {
        merged.categories.push_back(Row(c.name, false, false));
        m = &merged.categories.back();
      }
      m->has_precision |= c.has_precision;
      m->has_recall |= c.has_recall;
      m->tool_items += c.tool_items;
      m->tool_matched += c.tool_matched;
      m->tool_false += c.tool_false;
      m->tool_optional += c.tool_optional;
      m->gold_required += c.gold_required;
      m->gold_found += c.gold_found;
      for (const auto& x : c.false_positives) m->false_positives.push_back(tag + x);
      for (const auto& x : c.missed) m->missed.push_back(tag + x);
    }
  }
  return merged;
}

Result<EvalReport> Evaluate(const graph::SourceData& data, const std::string& gold_path) {
  LG_ASSIGN_OR_RETURN(Gold gold, LoadGold(gold_path));
  // An entity only the reference list names is not one the text names (as
  // ../shared/tools/score.py counts it).
  graph::SourceData named = data;
  std::erase_if(named.entities, [](const graph::Entity& e) {
    return !e.sources.empty() && e.sources.front().OnlyInReferences();
  });
  Scorer scorer(gold, named);
  return scorer.Run();
}

}  // namespace lg::query
