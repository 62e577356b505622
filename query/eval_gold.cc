#include "query/eval_gold.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "query/eval_text.h"

namespace lg::query::eval {
namespace {

Rank Better(Rank a, Rank b) { return a >= b ? a : b; }

std::vector<std::string> StrList(const Json* v) {
  std::vector<std::string> out;
  for (const Json* x : AsList(v)) {
    if (x->IsString()) out.push_back(x->str);
  }
  return out;
}

// Reference numbers as the gold writes them (strings or numbers, as printed).
std::set<std::string> RefSet(const Json* v) {
  std::set<std::string> out;
  for (const Json* x : AsList(v)) {
    if (x->IsString() || x->IsNumber()) out.insert(x->ScalarText());
  }
  return out;
}

std::string StripNote(const std::string& s) {
  static const std::regex kNote(R"(\s*\((?:[^)]*reference[^)]*)\)\s*$)",
                                std::regex::icase);
  return Trim(std::regex_replace(s, kNote, ""));
}

std::set<std::string> ClassVariants(const std::string& name) {
  std::set<std::string> out = {name};
  auto [base, par] = SplitParen(name);
  out.insert(base);
  out.insert(par.begin(), par.end());
  std::set<std::string> more;
  for (const auto& x : out) {
    if (!x.empty() && x.back() == 's' && !(x.size() >= 2 && x[x.size() - 2] == 's')) {
      more.insert(x.substr(0, x.size() - 1));
    } else {
      more.insert(x + "s");
    }
  }
  out.insert(more.begin(), more.end());
  return out;
}

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

bool HasDigit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Rank GoldTrialItem::StatusFor(const std::string& category) const {
  if (category == "trials_registry") return registry;
  if (category == "trials_named") return named;
  return trials;
}

Result<std::unique_ptr<GoldFile>> GoldFile::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("query: " + path + ": cannot read: " + std::strerror(errno));
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return FromText(buf.str(), path);
}

Result<std::unique_ptr<GoldFile>> GoldFile::FromText(std::string_view text,
                                                     const std::string& path) {
  LG_ASSIGN_OR_RETURN(Json raw, ParseJson(text, path));
  if (!raw.IsObject() || !raw.Find("source") ||
      !(raw.Find("genes") || raw.Find("targets"))) {
    return Status::InvalidArgument("query: " + path +
                                   ": not a gold annotation (an object with 'source' and "
                                   "'genes' or 'targets')");
  }
  std::unique_ptr<GoldFile> g(new GoldFile);
  g->path_ = path;
  g->raw_ = std::move(raw);
  const Json& r = g->raw_;
  const Json* genes = r.Find("genes");
  bool dict_genes = genes && genes->IsArray() && !genes->items.empty() &&
                    genes->items.front().IsObject();
  g->schema_ =
      (dict_genes || r.Find("fusion_agents") || r.Find("references")) ? "shared" : "dev";
  std::string src = r.Str("source");
  if (src.empty()) {
    size_t slash = path.rfind('/');
    src = slash == std::string::npos ? path : path.substr(slash + 1);
  }
  g->source_ = SKey(src);
  g->LoadGenes();
  g->LoadFusions();
  g->LoadDrugs();
  g->LoadFamilies();
  g->LoadTargets();
  g->LoadAgents();
  g->LoadTrials();
  g->LoadOutcomes();
  if (const Json* refs = r.Find("references")) {
    std::vector<GoldReferenceItem> items;
    for (const Json* x : AsList(refs)) {
      if (!x->IsObject()) continue;
      const Json* n = x->Find("n");
      items.push_back({x, n ? n->ScalarText() : ""});
    }
    g->references_ = std::move(items);
  }
  return g;
}

// --- genes, families, processes

void GoldFile::AddGene(const std::string& raw_sym, Rank status,
                       const std::vector<std::string>& aliases) {
  std::string sym = Trim(raw_sym);
  if (sym.empty()) return;
  auto it = gene_status_.find(sym);
  gene_status_[sym] = Better(status, it == gene_status_.end() ? kNoRank : it->second);
  std::vector<std::string> all = {sym};
  all.insert(all.end(), aliases.begin(), aliases.end());
  for (const auto& a : all) {
    std::string k = AKey(a);
    if (!k.empty()) gene_alias_[k].insert(sym);
  }
}

void GoldFile::AddFamily(const std::string& id, Rank status,
                         const std::vector<std::string>& aliases,
                         const std::vector<std::string>& members) {
  GoldFamily& fam = families_[id];
  fam.status = Better(status, fam.status);
  fam.members.insert(members.begin(), members.end());
  std::vector<std::string> all = {id};
  all.insert(all.end(), aliases.begin(), aliases.end());
  for (const auto& a : all) {
    std::string k = AKey(a);
    if (!k.empty()) family_alias_[k].insert(id);
  }
}

void GoldFile::AddProcess(const std::string& name, Rank status) {
  auto it = process_status_.find(name);
  process_status_[name] =
      Better(status, it == process_status_.end() ? kNoRank : it->second);
  std::vector<std::string> all = {name};
  for (auto& x : ProcessEquivalents(AKey(name))) all.push_back(x);
  for (const auto& a : all) process_alias_[AKey(a)].insert(name);
}

void GoldFile::LoadGenes() {
  const Json& g = raw_;
  if (schema_ == "shared") {
    for (const Json* x : AsList(g.Find("genes"))) {
      if (!x->IsObject()) continue;
      const Json* core = x->Find("core");
      bool is_core = core == nullptr || core->Truthy();
      AddGene(x->Str("symbol"), is_core ? kRequired : kOptional,
              StrList(x->Find("aliases_in_text")));
    }
    return;
  }
  const Json* al = g.Find("gene_aliases_in_text");
  auto aliases = [&](const std::string& s) {
    std::vector<std::string> out;
    if (al && al->IsObject()) {
      for (const auto& a : StrList(al->Find(s))) out.push_back(StripNote(a));
    }
    return out;
  };
  for (const auto& s : StrList(g.Find("genes"))) AddGene(s, kRequired, aliases(s));
  for (const auto& s : StrList(g.Find("genes_refs_only")))
    AddGene(s, kNeutral, aliases(s));
  if (al && al->IsObject()) {
    for (const auto& [s, v] : al->members) {
      if (!gene_status_.count(s)) AddGene(s, kNeutral, aliases(s));
    }
  }
}

void GoldFile::LoadFamilies() {
  const Json& g = raw_;
  if (schema_ == "shared") {
    for (const Json* fam : AsList(g.Find("gene_families"))) {
      if (!fam->IsObject()) continue;
      auto members = StrList(fam->Find("members"));
      AddFamily(fam->Str("id"), kOptional, StrList(fam->Find("aliases_in_text")),
                members);
      for (const auto& m : members) AddGene(m, kOptional, {});
    }
  } else {
    for (const auto& s : StrList(g.Find("gene_families"))) {
      auto [base, par] = SplitParen(s);
      std::vector<std::string> members;
      for (const auto& p : par) {
        std::string cur;
        for (char c : p + "/") {
          if (c == '/' || c == ',') {
            std::string m = Trim(cur);
            if (!m.empty()) members.push_back(m);
            cur.clear();
          } else {
            cur += c;
          }
        }
      }
      if (members.empty()) {  // 'NTRK' -> NTRK1, NTRK2, NTRK3 from the other tables
        for (const auto& [x, st] : gene_status_) {
          if (!StartsWith(x, base) || x.size() == base.size()) continue;
          size_t i = base.size();
          while (i < x.size() && x[i] >= '0' && x[i] <= '9') ++i;
          if (i == base.size()) continue;
          if (i == x.size() || (i + 1 == x.size() && x[i] >= 'A' && x[i] <= 'Z')) {
            members.push_back(x);
          }
        }
      }
      AddFamily(base, kNeutral, {s}, members);
      for (const auto& m : members) AddGene(m, kNeutral, {});
    }
  }
  for (const Json* t : AsList(g.Find("targets"))) {
    if (!t->IsObject()) continue;
    std::string kind = t->Str("target_kind");
    if (kind == "process" || kind == "pathway") AddProcess(t->Str("target"), kNeutral);
  }
}

std::set<std::string> GoldFile::GeneSymbols(const std::string& s) const {
  std::string k = AKey(s);
  if (k.empty()) return {};
  if (auto it = gene_alias_.find(k); it != gene_alias_.end()) return it->second;
  if (const std::string* a = OncoGeneAlias(k)) return {*a};
  return {};
}

Tags GoldFile::ResolveGene(const std::string& s) {
  auto it = memo_gene_.find(s);
  if (it != memo_gene_.end()) return it->second;
  Tags t = ResolveGeneImpl(s);
  memo_gene_[s] = t;
  return t;
}

Tags GoldFile::ResolveGeneImpl(const std::string& s) {
  std::string k = AKey(s);
  if (k.empty()) return {};
  Tags out;
  if (auto it = gene_alias_.find(k); it != gene_alias_.end()) {
    for (const auto& x : it->second) out.insert("g:" + x);
  }
  if (auto it = family_alias_.find(k); it != family_alias_.end()) {
    for (const auto& x : it->second) out.insert("fam:" + x);
  }
  if (auto it = process_alias_.find(k); it != process_alias_.end()) {
    for (const auto& x : it->second) out.insert("p:" + x);
  }
  if (!out.empty()) return out;
  if (const std::string* a = OncoGeneAlias(k)) return {"g:" + *a};
  if (k.size() > 3 && k.back() == 's') {  // 'HDACs', 'histone deacetylases'
    std::string k1 = k.substr(0, k.size() - 1);
    if (auto it = family_alias_.find(k1); it != family_alias_.end()) {
      for (const auto& x : it->second) out.insert("fam:" + x);
    }
    if (auto it = process_alias_.find(k1); it != process_alias_.end()) {
      for (const auto& x : it->second) out.insert("p:" + x);
    }
    if (!out.empty()) return out;
  }
  // Variants and qualifiers: 'BRAF V600E', 'FLT3-ITD', 'NRAS mutation'.
  static const std::regex kQualifier(
      R"([\s-]+([a-z]\d+[a-z*]|itd|tkd|mutations?|mutants?|mutated|variants?|kinase|protein|gene|expression|overexpression|amplification|pocket|kinase domain)$)");
  std::string t = Norm(s);
  std::string t2 = std::regex_replace(t, kQualifier, "");
  if (t2 != t && !t2.empty()) return ResolveGene(t2);
  // Pathway wording: 'hedgehog signaling pathway' ~ 'hedgehog pathway'.
  std::string core = PathwayCore(t);
  if (!core.empty()) {
    for (const auto& [name, st] : process_status_) {
      if (PathwayCore(Norm(name)) == core) out.insert("p:" + name);
    }
  }
  return out;
}

// --- fusions

void GoldFile::LoadFusions() {
  for (const Json* fu : AsList(raw_.Find("fusions"))) {
    if (!fu->IsObject()) continue;
    std::string fid = fu->Str("id");
    auto genes = StrList(fu->Find("genes"));
    GoldFusion f;
    f.genes.insert(genes.begin(), genes.end());
    if (schema_ == "shared") {
      const Json* kind = fu->Find("kind");
      f.group = (kind && kind->IsString() && kind->str == "group") ||
                (fid.size() >= 2 && fid.compare(fid.size() - 2, 2, "-r") == 0);
      const Json* implicit = fu->Find("implicit");
      f.status = implicit && implicit->Truthy() ? kOptional : kRequired;
    } else {
      const Json* pu = fu->Find("partner_unspecified");
      f.group = pu && pu->Truthy();
      f.status = kRequired;
    }
    f.member_of = fu->Str("member_of");
    if (!fusions_.count(fid)) fusion_order_.push_back(fid);
    fusions_[fid] = f;
    std::vector<std::string> names = {fid};
    for (auto& a : StrList(fu->Find("aliases_in_text"))) names.push_back(a);
    for (const auto& a : names) fusion_alias_[FKey(a)].insert(fid);
    if (f.genes == std::set<std::string>{"BCR", "ABL1"}) {
      for (const char* a : {"Ph+", "Ph-positive", "Ph", "Philadelphia chromosome",
                            "Philadelphia chromosome-positive", "Philadelphia-positive",
                            "BCR-ABL", "BCR::ABL"}) {
        fusion_alias_[FKey(a)].insert(fid);
      }
    }
    for (const auto& x : genes) {
      if (!gene_status_.count(x)) AddGene(x, schema_ == "dev" ? kNeutral : kOptional, {});
    }
  }
}

std::optional<GoldFile::ParsedFusion> GoldFile::ParseFusion(const std::string& s) const {
  static const std::set<std::string> kGroupTokens = {"r",
                                                     "?",
                                                     "x",
                                                     "rearrangement",
                                                     "rearrangements",
                                                     "rearranged",
                                                     "translocation",
                                                     "translocations",
                                                     "translocated",
                                                     "fusion",
                                                     "fusions",
                                                     "gene",
                                                     "genes",
                                                     "positive",
                                                     "rearr",
                                                     "partner",
                                                     "partners",
                                                     "unknown",
                                                     "any",
                                                     "fusionpositive",
                                                     "alteration",
                                                     "alterations",
                                                     "altered",
                                                     "negative",
                                                     "variant",
                                                     "variants"};
  std::string t = Norm(s);
  if (t.empty() || StartsWith(t, "t(") || t.find("philadelphia") != std::string::npos) {
    return std::nullopt;
  }
  if (t == "ph" || t == "ph+" || t == "ph-positive" || t == "ph+-positive")
    return std::nullopt;
  for (auto& c : t) {
    if (c == '(' || c == ')' || c == '[' || c == ']') c = ' ';
  }
  std::vector<std::string> toks;
  std::string cur;
  for (char c : t + " ") {
    if (std::isspace((unsigned char)c) || c == '-' || c == '/' || c == ':' || c == ';' ||
        c == ',') {
      if (!cur.empty()) toks.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  // Group words at the end ('KMT2A rearranged') go; a lone gene is a group
  // whether or not one was there.
  while (!toks.empty() && kGroupTokens.count(toks.back())) toks.pop_back();
  std::vector<std::string> kept;
  for (auto& x : toks) {
    if (x != "gene" && x != "genes" && x != "the" && x != "of") kept.push_back(x);
  }
  if (kept.empty() || kept.size() > 3) return std::nullopt;
  std::vector<std::string> genes;
  for (const auto& x : kept) {
    auto syms = GeneSymbols(x);
    std::string sym;
    if (!syms.empty()) {
      sym = *syms.begin();
    } else {
      for (char c : x) sym += char(std::toupper((unsigned char)c));
    }
    if (std::find(genes.begin(), genes.end(), sym) == genes.end()) genes.push_back(sym);
  }
  if (genes.size() == 1) return ParsedFusion{true, {genes[0]}};
  if (genes.size() == 2) return ParsedFusion{false, {genes[0], genes[1]}};
  return std::nullopt;
}

bool GoldFile::FusionCompatible(const ParsedFusion& p, const std::string& fid) const {
  const GoldFusion& gf = fusions_.at(fid);
  if (!p.group) return !gf.group && gf.genes == p.genes;
  if (!gf.group) return false;
  const std::string& val = *p.genes.begin();
  if (gf.genes.count(val)) return true;
  if (val.size() < 3 || gf.genes.empty()) return false;
  return std::all_of(gf.genes.begin(), gf.genes.end(),
                     [&](const std::string& x) { return StartsWith(x, val); });
}

Tags GoldFile::ResolveFusion(const std::string& s) {
  auto it = memo_fusion_.find(s);
  if (it != memo_fusion_.end()) return it->second;
  Tags t = ResolveFusionImpl(s);
  memo_fusion_[s] = t;
  return t;
}

Tags GoldFile::ResolveFusionImpl(const std::string& s) {
  Tags out;
  if (auto it = fusion_alias_.find(FKey(s));
      it != fusion_alias_.end() && !it->second.empty()) {
    for (const auto& x : it->second) out.insert("f:" + x);
    return out;
  }
  if (auto p = ParseFusion(s)) {
    for (const auto& fid : fusion_order_) {
      if (FusionCompatible(*p, fid)) out.insert("f:" + fid);
    }
  }
  return out;
}

// --- drugs

void GoldFile::AddDrugName(const std::string& name, const std::string& tag,
                           const std::vector<std::string>& aliases) {
  std::vector<std::string> all = {name};
  all.insert(all.end(), aliases.begin(), aliases.end());
  for (const auto& a : all) {
    if (a.empty()) continue;
    std::set<std::string> variants = {a};
    if (StartsWith(tag, "c:")) {
      auto cv = ClassVariants(a);
      variants.insert(cv.begin(), cv.end());
    }
    for (const auto& v : variants) {
      std::string k = AKey(v);
      if (!k.empty()) drug_tab_[k].insert(tag);
      auto ws = Words(v);
      std::vector<std::string> stripped;
      for (const auto& w : ws) {
        if (!IsSaltWord(w)) stripped.push_back(w);
      }
      if (!stripped.empty() && stripped != ws) {
        std::string joined;
        for (const auto& w : stripped) joined += w;
        drug_tab_[joined].insert(tag);
      }
    }
  }
}

void GoldFile::AddNeutral(const std::string& prefix, const std::string& name) {
  std::string tag = prefix + name;
  if (!drug_status_.count(tag)) drug_status_[tag] = kNeutral;
  AddDrugName(name, tag, {});
}

void GoldFile::LoadDrugs() {
  const Json& g = raw_;
  for (const Json* d : AsList(g.Find("drugs"))) {
    if (!d->IsObject()) continue;
    std::string name = d->Str("name");
    std::string tag = "d:" + name;
    drug_status_[tag] = kRequired;
    auto aliases = StrList(d->Find("aliases_in_text"));
    AddDrugName(name, tag, aliases);
    bool car = IsCarName(name);
    for (const auto& a : aliases) car = car || IsCarName(a);
    if (car) car_products_.insert(tag);
    for (const auto& c : StrList(d->Find("classes"))) AddNeutral("c:", c);
  }
  for (const auto& c : StrList(g.Find("drug_classes"))) AddNeutral("c:", c);
  for (const Json* r : AsList(g.Find("regimens"))) {
    std::string name = r->IsObject() ? r->Str("name") : r->IsString() ? r->str : "";
    AddNeutral("r:", name);
  }
  for (const char* key : {"drugs_refs_only", "drugs_refs_only_unrelated"}) {
    for (const auto& s : StrList(g.Find(key))) {
      auto [base, par] = SplitParen(s);
      if (!par.empty() && AKey(par[0]) == "regimen") {
        AddNeutral("r:", base);
      } else {
        std::string tag = "n:" + base;
        if (!drug_status_.count(tag)) drug_status_[tag] = kNeutral;
        AddDrugName(base, tag, par);
      }
    }
  }
  for (const Json* d : AsList(g.Find("drugs_supportive"))) {
    if (d->IsObject()) {
      std::string tag = "n:" + d->Str("name");
      if (!drug_status_.count(tag)) drug_status_[tag] = kNeutral;
      AddDrugName(d->Str("name"), tag, StrList(d->Find("aliases_in_text")));
    } else if (d->IsString()) {
      AddNeutral("n:", d->str);
    }
  }
}

Tags GoldFile::ResolveDrug(const std::string& s) {
  auto it = memo_drug_.find(s);
  if (it != memo_drug_.end()) return it->second;
  Tags t = ResolveDrugImpl(s);
  memo_drug_[s] = t;
  return t;
}

Tags GoldFile::ResolveDrugImpl(const std::string& s) {
  std::string k = AKey(s);
  if (k.empty()) return {};
  if (auto it = drug_tab_.find(k); it != drug_tab_.end()) return it->second;
  std::string stripped;
  for (const auto& w : Words(s)) {
    if (!IsSaltWord(w)) stripped += w;
  }
  if (!stripped.empty()) {
    if (auto it = drug_tab_.find(stripped); it != drug_tab_.end()) return it->second;
  }
  const std::string* syn = OncoDrugSynonym(k);
  if (!syn) syn = OncoDrugSynonym(stripped);
  if (syn) {
    if (auto it = drug_tab_.find(AKey(*syn)); it != drug_tab_.end()) return it->second;
  }
  auto [base, par] = SplitParen(s);
  if (!par.empty()) {
    Tags out;
    std::vector<std::string> parts = {base};
    parts.insert(parts.end(), par.begin(), par.end());
    for (const auto& x : parts) {
      if (AKey(x) != k) {
        auto t = ResolveDrug(x);
        out.insert(t.begin(), t.end());
      }
    }
    return out;
  }
  return {};
}

const Tags* GoldFile::DrugTargets(const std::string& tag) const {
  auto it = drug_targets_.find(tag);
  return it == drug_targets_.end() ? nullptr : &it->second;
}

// --- targets

std::pair<Tags, Tags> GoldFile::TargetAccept(const std::string& target,
                                             const std::string& kind,
                                             const std::vector<std::string>& members,
                                             const std::string& in_text) {
  Tags full, partial;
  if (kind == "fusion") {
    full.insert("f:" + target);
    auto fit = fusions_.find(target);
    if (fit != fusions_.end()) {
      const auto& genes = fit->second.genes;
      for (const auto& x : genes) partial.insert("g:" + x);
      for (const auto& [fid, fam] : families_) {
        bool subset =
            !fam.members.empty() && std::includes(genes.begin(), genes.end(),
                                                  fam.members.begin(), fam.members.end());
        if (subset) {
          partial.insert("fam:" + fid);
        } else if (!genes.empty() && std::all_of(genes.begin(), genes.end(),
                                                 [&, &fid = fid](const std::string& x) {
                                                   return StartsWith(x, fid);
                                                 })) {
          partial.insert("fam:" + fid);
        }
      }
    }
  } else if (kind == "process" || kind == "pathway") {
    full.insert("p:" + target);
  } else {
    Tags tags = ResolveGene(target);
    if (kind == "gene") {
      full.insert("g:" + target);
      for (const auto& t : tags) {
        if (StartsWith(t, "g:")) full.insert(t);
      }
    } else {
      full.insert(tags.begin(), tags.end());
      auto fam = families_.find(target);
      if (fam != families_.end()) {
        full.insert("fam:" + target);
        for (const auto& m : fam->second.members) full.insert("g:" + m);
      }
      if (tags.empty() && fam == families_.end()) full.insert("fam:" + target);
    }
    for (const auto& m : members) full.insert("g:" + m);
  }
  if (!in_text.empty()) {
    auto t = ResolveGene(in_text);
    full.insert(t.begin(), t.end());
  }
  return {full, partial};
}

std::string GoldFile::DrugTagFor(const std::string& name,
                                 std::optional<bool> want_class) {
  Tags tags = ResolveDrug(name);
  std::vector<std::string> pick;
  if (want_class.has_value()) {
    for (const auto& t : tags) {
      if (StartsWith(t, *want_class ? "c:" : "d:")) pick.push_back(t);
    }
  }
  if (pick.empty()) pick.assign(tags.begin(), tags.end());
  return pick.empty() ? "d:" + name : *std::min_element(pick.begin(), pick.end());
}

void GoldFile::LoadTargets() {
  std::vector<GoldTargetItem> rows;
  for (const Json* t : AsList(raw_.Find("targets"))) {
    if (!t->IsObject()) continue;
    GoldTargetItem row;
    std::pair<Tags, Tags> acc;
    if (schema_ == "shared") {
      bool is_class = t->Str("drug_kind") == "class";
      row.drug = DrugTagFor(t->Str("drug"), is_class);
      acc = TargetAccept(t->Str("target"), t->Str("target_kind"),
                         StrList(t->Find("target_members")), "");
      const Json* core = t->Find("core");
      bool is_core = core == nullptr || core->Truthy();
      row.status = t->Str("strength") == "explicit" && is_core && !is_class ? kRequired
                                                                            : kOptional;
      row.refs = RefSet(t->Find("refs"));
      row.ctx = RefSet(t->Find("refs_context"));
    } else {
      row.drug = DrugTagFor(t->Str("drug"), false);
      acc = TargetAccept(t->Str("target"), t->Str("target_kind"), {},
                         t->Str("target_in_text"));
      std::string support = t->Str("support");
      row.status = (support == "explicit" || support == "indication" ||
                    support == "table" || support == "section_heading")
                       ? kRequired
                       : kOptional;
      row.refs = RefSet(t->Find("refs"));
    }
    row.target = t->Str("target");
    row.full = std::move(acc.first);
    row.partial = std::move(acc.second);
    row.label = t->Str("drug") + " -> " + row.target;
    drug_targets_[row.drug].insert(row.full.begin(), row.full.end());
    rows.push_back(std::move(row));
  }
  std::map<std::pair<std::string, Tags>, size_t> merged;
  for (auto& r : rows) {
    auto key = std::make_pair(r.drug, r.full);
    auto it = merged.find(key);
    if (it != merged.end()) {
      GoldTargetItem& m = targets_[it->second];
      m.status = Better(r.status, m.status);
      m.refs.insert(r.refs.begin(), r.refs.end());
      m.ctx.insert(r.ctx.begin(), r.ctx.end());
    } else {
      merged[key] = targets_.size();
      targets_.push_back(std::move(r));
    }
  }
}

// --- fusion agents (shared schema)

void GoldFile::LoadAgents() {
  const Json* fa = raw_.Find("fusion_agents");
  if (fa == nullptr) return;
  std::map<std::string, std::vector<const Json*>> by_fusion;
  for (const Json* row : AsList(fa)) {
    if (row->IsObject()) by_fusion[row->Str("fusion")].push_back(row);
  }
  std::vector<GoldAgentItem> items;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const auto& fid : fusion_order_) {
    const GoldFusion& fu = fusions_.at(fid);
    std::vector<const Json*> rows = by_fusion[fid];
    if (!fu.member_of.empty()) {
      for (const Json* r : by_fusion[fu.member_of]) rows.push_back(r);
    }
    for (const Json* row : rows) {
      bool is_class = row->Str("agent_kind") == "class";
      std::string tag = DrugTagFor(row->Str("agent"), is_class);
      Rank status =
          row->Str("strength") == "explicit" && !is_class ? kRequired : kOptional;
      std::string via_name = row->Str("via");
      Tags via = ResolveGene(via_name);
      via.insert("p:" + via_name);
      via.insert("g:" + via_name);
      via.insert("fam:" + via_name);
      if (auto fam = families_.find(via_name); fam != families_.end()) {
        for (const auto& m : fam->second.members) via.insert("g:" + m);
      }
      auto key = std::make_pair(fid, tag);
      auto it = index.find(key);
      if (it == index.end()) {
        GoldAgentItem item;
        item.fusion = fid;
        item.agent = tag;
        item.label = fid + " <- " + row->Str("agent");
        it = index.emplace(key, items.size()).first;
        items.push_back(std::move(item));
      }
      GoldAgentItem& item = items[it->second];
      item.direct = item.direct || row->Str("fusion") == fid;
      item.status = Better(status, item.status);
      item.via.insert(via.begin(), via.end());
      auto refs = RefSet(row->Find("refs")), ctx = RefSet(row->Find("refs_context"));
      item.refs.insert(refs.begin(), refs.end());
      item.ctx.insert(ctx.begin(), ctx.end());
    }
  }
  agents_ = std::move(items);
}

// --- trials

void GoldFile::LoadTrials() {
  static const std::regex kNameInTitle(R"(\bnames?\b[^.;]*only in reference)",
                                       std::regex::icase);
  static const std::regex kTitleOnly(R"(reference[^.;]*title only)", std::regex::icase);
  for (const Json* t : AsList(raw_.Find("trials"))) {
    if (!t->IsObject()) continue;
    GoldTrialItem e;
    const Json* idv = t->Find("id");
    std::string id = idv && idv->IsString() ? idv->str : "";
    e.key = id;
    e.phase = t->Find("phase") && t->Find("phase")->Truthy()
                  ? t->Find("phase")->ScalarText()
                  : "";
    for (const Json* x : AsList(t->Find("phase_alt"))) {
      e.phase_alt.push_back(x->IsString() || x->IsNumber() ? x->ScalarText() : "");
    }
    e.status_field = t->Str("status");
    e.sponsor = t->Str("sponsor");
    e.refs = RefSet(t->Find("refs"));
    for (const auto& x : StrList(t->Find("may_merge_with"))) e.may_merge.insert(x);
    e.unnamed = idv == nullptr || idv->IsNull();
    for (const auto& d : StrList(t->Find("drugs"))) {
      Tags r = ResolveDrug(d);
      if (r.empty()) r.insert("d:" + d);
      e.drugs.insert(r.begin(), r.end());
    }
    std::vector<std::string> ids, reg, names;
    if (schema_ == "shared") {
      reg = StrList(t->Find("registry_ids"));
      names = StrList(t->Find("names"));
      ids = {id};
      ids.insert(ids.end(), reg.begin(), reg.end());
      ids.insert(ids.end(), names.begin(), names.end());
      for (auto& x : StrList(t->Find("names_from_reference_titles"))) ids.push_back(x);
      for (auto& x : StrList(t->Find("canonical_aliases"))) ids.push_back(x);
      e.trials = kRequired;
      e.registry = reg.empty() ? kOptional : kRequired;
      e.named = names.empty() ? kOptional : kRequired;
      e.check_status = t->Find("status_strength") == nullptr;
      e.label = id;
      if (!names.empty() && names[0] != id) {
        e.label += " / ";
        for (size_t i = 0; i < names.size(); ++i) e.label += (i ? "/" : "") + names[i];
      }
    } else {
      std::string note = t->Str("note");
      if (!id.empty()) ids.push_back(id);
      auto tnames = StrList(t->Find("names"));
      ids.insert(ids.end(), tnames.begin(), tnames.end());
      for (const auto& x : ids) (IsRegistry(x) ? reg : names).push_back(x);
      bool name_in_title = std::regex_search(note, kNameInTitle);
      bool title_only =
          std::regex_search(note, kTitleOnly) || (name_in_title && reg.empty());
      if (e.unnamed) {
        e.trials = e.registry = e.named = kOptional;
        auto drugs = StrList(t->Find("drugs"));
        std::string what;
        for (size_t i = 0; i < drugs.size(); ++i) what += (i ? ", " : "") + drugs[i];
        if (what.empty()) what = e.sponsor.empty() ? "?" : e.sponsor;
        e.label = "(unnamed: " + what + ")";
        e.key = "__unnamed_" + std::to_string(trials_.size());
      } else if (title_only) {
        e.trials = e.registry = e.named = kOptional;
        e.label = id + " (reference title only)";
      } else {
        e.trials = kRequired;
        e.registry = reg.empty() ? kOptional : kRequired;
        e.named = !names.empty() && !name_in_title ? kRequired : kOptional;
        e.label = id;
        if (!tnames.empty()) {
          std::string others;
          for (const auto& n : tnames) {
            if (n != id) others += (others.empty() ? "" : "/") + n;
          }
          e.label += " / " + others;
        }
      }
    }
    for (const auto& x : reg) e.reg.insert(AKey(x));
    for (const auto& x : names) e.body.insert(AKey(x));
    for (const auto& x : ids) {
      std::string k = AKey(x);
      if (!k.empty()) e.ids.insert(k);
      auto r = RegistryIds(x);
      e.ids.insert(r.begin(), r.end());
    }
    size_t idx = trials_.size();
    for (const auto& x : ids) {
      bool is_reg = std::find(reg.begin(), reg.end(), x) != reg.end() || IsRegistry(x);
      trial_index_[AKey(x)].insert({idx, is_reg ? "reg" : "name"});
      for (const auto& r : RegistryIds(x)) trial_index_[r].insert({idx, "reg"});
    }
    trials_.push_back(std::move(e));
  }
  for (const auto& s : StrList(raw_.Find("trials_refs_only_unrelated"))) {
    GoldTrialItem e;
    e.key = s;
    e.label = s + " (refs only)";
    e.ids = {AKey(s)};
    e.body = {AKey(s)};
    e.trials = e.registry = e.named = kNeutral;
    e.check_status = false;
    trial_index_[AKey(s)].insert({trials_.size(), "name"});
    trials_.push_back(std::move(e));
  }
}

std::map<size_t, std::set<std::string>> GoldFile::LookupTrial(const std::string& name) {
  auto it = memo_trial_.find(name);
  if (it != memo_trial_.end()) return it->second;
  std::map<size_t, std::set<std::string>> out;
  std::string k = AKey(name);
  if (!k.empty()) {
    if (auto t = trial_index_.find(k); t != trial_index_.end()) {
      for (const auto& [idx, typ] : t->second) out[idx].insert(typ);
    }
    for (const auto& r : RegistryIds(name)) {
      if (auto t = trial_index_.find(r); t != trial_index_.end()) {
        for (const auto& [idx, typ] : t->second) out[idx].insert("reg");
      }
    }
    if (out.empty() && k.size() >= 5 && HasDigit(k)) {
      for (const auto& [gk, hits] : trial_index_) {
        if (gk.size() < 5 || !HasDigit(gk)) continue;
        bool suffix =
            (k.size() >= gk.size() &&
             k.compare(k.size() - gk.size(), gk.size(), gk) == 0) ||
            (gk.size() >= k.size() && gk.compare(gk.size() - k.size(), k.size(), k) == 0);
        if (suffix) {
          for (const auto& [idx, typ] : hits) out[idx].insert(typ);
        }
      }
    }
  }
  memo_trial_[name] = out;
  return out;
}

std::set<std::string> GoldFile::ExpandCohort(const std::vector<std::string>& strs) {
  std::set<std::string> out;
  for (const auto& s : strs) {
    std::string k = AKey(s);
    if (k.empty()) continue;
    out.insert(k);
    auto r = RegistryIds(s);
    out.insert(r.begin(), r.end());
    for (const auto& [idx, typ] : LookupTrial(s)) {
      out.insert(trials_[idx].ids.begin(), trials_[idx].ids.end());
    }
  }
  return out;
}

// --- outcomes

Tags GoldFile::DrugSet(const std::vector<std::string>& strs) {
  Tags out;
  for (const auto& s : strs) {
    for (const auto& c : DrugComponents(s)) {
      auto t = ResolveDrug(c);
      out.insert(t.begin(), t.end());
      std::string k = AKey(c);
      if (k.size() >= 3 && !std::all_of(k.begin(), k.end(),
                                        [](char ch) { return ch >= '0' && ch <= '9'; })) {
        out.insert("a:" + k);
      }
    }
  }
  return out;
}

void GoldFile::LoadOutcomes() {
  static const std::regex kAccept(R"(accept\s+(.*))", std::regex::icase);
  static const std::regex kSplit(R"(\s*(?:,|\bor\b|\band\b|;|\.)\s*)");
  static const std::regex kOf(R"((\d+)\s+of\s+(\d+))");
  size_t i = 0;
  for (const Json* o : AsList(raw_.Find("outcomes"))) {
    size_t idx = i++;
    if (!o->IsObject()) continue;
    GoldOutcomeItem e;
    e.idx = idx;
    for (const char* k : {"measure", "measure_text"}) {
      const Json* m = o->Find(k);
      if (m && m->IsString()) {
        std::string c = CanonMeasure(m->str);
        if (!c.empty()) e.measures.insert(c);
      }
    }
    std::string note = o->Str("note");
    std::smatch m;
    if (std::regex_search(note, m, kAccept)) {
      std::string rest = m[1].str();
      for (std::sregex_token_iterator it(rest.begin(), rest.end(), kSplit, -1), end;
           it != end; ++it) {
        std::string c = CanonMeasure(it->str());
        if (IsMeasureCode(c)) e.measures.insert(c);
      }
    }
    e.refs = RefSet(o->Find("refs"));
    e.ctx = RefSet(o->Find("refs_context"));
    for (const char* k : {"quote", "quote_alt"}) {
      if (!o->Str(k).empty()) e.quotes.push_back(o->Str(k));
    }
    e.horizon = o->Find("horizon") && o->Find("horizon")->Truthy()
                    ? o->Find("horizon")->ScalarText()
                    : "";
    auto num = [&](const char* k) -> std::optional<double> {
      const Json* v = o->Find(k);
      if (v && v->IsNumber()) return v->number;
      if (v && v->IsString()) return ParseNumberText(v->str).first;
      return std::nullopt;
    };
    std::vector<std::optional<double>> values;
    if (schema_ == "shared") {
      e.cat = "outcomes";
      values = {num("value_percent"), num("value_max_percent")};
      for (const Json* a : AsList(o->Find("alt_values"))) {
        if (a->IsNumber()) values.push_back(a->number);
      }
      e.cohort = ExpandCohort(StrList(o->Find("cohort_keys")));
      const Json* strength = o->Find("strength");
      e.status = strength && strength->IsString() && strength->str == "inferred"
                     ? kOptional
                     : kRequired;
    } else {
      auto vp = num("value_percent"), vm = num("value_months");
      e.status = kRequired;
      if (vp) {
        e.cat = "outcomes", values = {vp};
      } else if (vm) {
        e.cat = "outcomes_months", values = {vm};
      } else {
        e.cat = "outcomes";
        std::string vt = o->Str("value_text");
        std::smatch mm;
        if (std::regex_search(vt, mm, kOf)) {
          double of = std::strtod(mm[2].str().c_str(), nullptr);
          if (of != 0) values = {100.0 * std::strtod(mm[1].str().c_str(), nullptr) / of};
        }
        e.status = kOptional;
      }
      std::vector<std::string> cohort;
      const Json* toc = o->Find("trial_or_cohort");
      if (toc && toc->IsString()) cohort.push_back(toc->str);
      for (auto& x : StrList(o->Find("trials"))) cohort.push_back(x);
      e.cohort = ExpandCohort(cohort);
      std::string drug = o->Str("drug");
      e.drugs = DrugSet(drug.empty() ? std::vector<std::string>{} : std::vector{drug});
    }
    for (const auto& v : values) {
      if (v) e.values.push_back(*v);
    }
    const Json* vp = o->Find("value_percent");
    if (!vp) vp = o->Find("value_months");
    e.label = o->Str("measure") + " " +
              (vp && !vp->IsNull() ? vp->ScalarText() : "None") +
              (e.cat == "outcomes" ? "" : " mo") + " " + e.horizon + " [" +
              o->Str("trial_or_cohort") + "]";
    outcomes_.push_back(std::move(e));
  }
}

}  // namespace lg::query::eval
