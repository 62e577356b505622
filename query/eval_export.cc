#include "query/eval_export.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "query/eval_text.h"

namespace lg::query::eval {
namespace {

const std::map<std::string, std::string>& KindTable() {
  static const auto* m = new std::map<std::string, std::string>{
      {"gene", "gene"},
      {"protein", "gene"},
      {"gene_product", "gene"},
      {"genes", "gene"},
      {"gene_or_gene_product", "gene"},
      {"gene_family", "family"},
      {"family", "family"},
      {"gene_group", "family"},
      {"protein_family", "family"},
      {"complex", "family"},
      {"protein_complex", "family"},
      {"genefamily", "family"},
      {"macromolecular_complex", "family"},
      {"fusion", "fusion"},
      {"gene_fusion", "fusion"},
      {"fusion_group", "fusion"},
      {"rearrangement", "fusion"},
      {"fusion_gene", "fusion"},
      {"sequence_variant", "fusion"},
      {"drug", "drug"},
      {"agent", "drug"},
      {"chemical", "drug"},
      {"compound", "drug"},
      {"small_molecule", "drug"},
      {"therapy", "drug"},
      {"biologic", "drug"},
      {"antibody", "drug"},
      {"cell_therapy", "drug"},
      {"product", "drug"},
      {"chemical_entity", "drug"},
      {"molecular_entity", "drug"},
      {"chemical_substance", "drug"},
      {"drug_class", "class"},
      {"class", "class"},
      {"drugclass", "class"},
      {"agent_class", "class"},
      {"drug_family", "class"},
      {"regimen", "regimen"},
      {"combination", "regimen"},
      {"trial", "trial"},
      {"clinical_trial", "trial"},
      {"clinicaltrial", "trial"},
      {"study", "trial"},
      {"protocol", "trial"},
      {"condition", "condition"},
      {"disease", "condition"},
      {"population", "condition"},
      {"cohort", "condition"},
      {"group", "condition"},
      {"phenotype", "condition"},
      {"disorder", "condition"},
      {"disease_or_phenotypic_feature", "condition"},
      {"reference", "reference"},
      {"ref", "reference"},
      {"citation", "reference"},
      {"publication", "reference"},
      {"paper", "reference"},
      {"article", "reference"},
      {"source", "source"},
      {"document", "source"},
      {"src", "source"},
      {"doc", "source"},
      {"process", "process"},
      {"pathway", "process"},
      {"biological_process", "process"},
      {"outcome", "outcome"},
      {"measure", "outcome"},
      {"evidence", "evidence"},
      {"sentence", "evidence"}};
  return *m;
}

bool IsCanonicalKind(const std::string& k) {
  static const std::set<std::string> values = [] {
    std::set<std::string> out;
    for (const auto& [from, to] : KindTable()) out.insert(to);
    return out;
  }();
  return values.count(k) > 0;
}

const char* const kPrimaryKeys[] = {"label",       "name",           "symbol",
                                    "canonical",   "canonical_name", "preferred_name",
                                    "display_name"};
const char* const kSecondaryKeys[] = {"aliases",
                                      "synonyms",
                                      "names",
                                      "other_names",
                                      "alt_names",
                                      "alternative_names",
                                      "surface_forms",
                                      "registry_ids",
                                      "registry_id",
                                      "nct",
                                      "nct_id",
                                      "nct_ids",
                                      "acronym",
                                      "acronyms",
                                      "short_name",
                                      "protocol",
                                      "protocol_name",
                                      "protocol_names",
                                      "forms",
                                      "alias",
                                      "synonym",
                                      "names_from_reference_titles",
                                      "canonical_aliases",
                                      "ids",
                                      "xrefs"};
const char* const kSourceKeys[] = {"source",      "sources",    "source_id", "source_ids",
                                   "documents",   "doc",        "docs",      "provenance",
                                   "source_file", "sources_ids"};

const Json* FindIn(const std::vector<std::pair<std::string, const Json*>>& attrs,
                   std::string_view key) {
  for (const auto& [k, v] : attrs) {
    if (k == key) return v;
  }
  return nullptr;
}

void SetAttr(std::vector<std::pair<std::string, const Json*>>& attrs,
             const std::string& key, const Json* value) {
  for (auto& [k, v] : attrs) {
    if (k == key) {
      v = value;
      return;
    }
  }
  attrs.emplace_back(key, value);
}

std::string Endpoint(const Json& obj, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const Json* v = obj.Find(k);
    if (v && v->IsObject()) v = v->Find("id");
    if (v == nullptr || v->IsNull() || (v->IsString() && v->str.empty())) continue;
    if (v->IsString() || v->IsNumber()) return v->ScalarText();
  }
  return "";
}

void Uniq(std::vector<std::string>& v) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (auto& x : v) {
    if (seen.insert(x).second) out.push_back(std::move(x));
  }
  v = std::move(out);
}

void InitNode(Node& n) {
  auto [pk, bare] = SplitPrefix(n.id);
  if (n.kind.empty()) n.kind = pk;
  n.primary.clear();
  n.secondary.clear();
  n.sources.clear();
  for (const char* k : kPrimaryKeys) {
    for (auto& s : Strings(n.Attr(k))) n.primary.push_back(std::move(s));
  }
  n.primary.push_back(bare);
  Uniq(n.primary);
  std::vector<std::string> sec;
  for (const char* k : kSecondaryKeys) {
    for (auto& s : Strings(n.Attr(k))) sec.push_back(std::move(s));
  }
  Uniq(sec);
  for (auto& s : sec) {
    if (std::find(n.primary.begin(), n.primary.end(), s) == n.primary.end()) {
      n.secondary.push_back(std::move(s));
    }
  }
  for (const char* k : kSourceKeys) {
    for (const Json* v : AsList(n.Attr(k))) {
      if (v->IsString()) {
        n.sources.insert(SKey(v->str));
      } else if (v->IsObject()) {
        // A source that names the entity only in its reference list does not
        // count as naming it.
        const Json* where = nullptr;
        for (const char* wk : {"in", "where", "section"}) {
          const Json* w = v->Find(wk);
          if (w && w->Truthy()) {
            where = w;
            break;
          }
        }
        if (where && where->IsString() && PyLower(where->str).rfind("ref", 0) == 0)
          continue;
        for (const char* kk : {"source", "id", "source_id", "name"}) {
          const Json* s = v->Find(kk);
          if (s && s->IsString()) {
            n.sources.insert(SKey(s->str));
            break;
          }
        }
      }
    }
  }
  for (const char* k : {"evidence", "mentions", "occurrences"}) {
    for (const Json* v : AsList(n.Attr(k))) {
      if (!v->IsObject()) continue;
      for (const char* kk : {"source", "source_id", "doc"}) {
        const Json* s = v->Find(kk);
        if (s && s->IsString()) {
          n.sources.insert(SKey(s->str));
          break;
        }
      }
    }
  }
}

Evidence MakeEvidence(const Json* d) {
  Evidence ev;
  if (!d->IsObject()) {
    ev.sentence = d->IsString() ? d->str : d->ScalarText();
    return ev;
  }
  const Json* src = d->Find("source");
  if (!src) src = d->Find("source_id");
  if (!src) src = d->Find("doc");
  if (src && src->IsString()) ev.source = SKey(src->str);
  for (const char* k : {"sentence", "text", "quote"}) {
    const Json* s = d->Find(k);
    if (s && s->Truthy()) {
      ev.sentence = s->IsString() ? s->str : s->ScalarText();
      break;
    }
  }
  const Json* refs = d->Find("refs");
  if (!refs) refs = d->Find("citations");
  if (!refs) refs = d->Find("references");
  for (const Json* r : AsList(refs)) {
    for (auto& n : RefNumbers(r)) ev.refs.insert(std::move(n));
  }
  return ev;
}

}  // namespace

std::string CanonKindText(std::string_view k) {
  std::string s = Trim(k);
  if (s.size() >= 8 && PyLower(s.substr(0, 8)) == "biolink:") s = s.substr(8);
  std::string snake;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && std::isupper((unsigned char)s[i]) &&
        std::islower((unsigned char)s[i - 1])) {
      snake += '_';
    }
    snake += s[i];
  }
  snake = PyLower(snake);
  for (auto& c : snake) {
    if (c == ' ' || c == '-') c = '_';
  }
  auto it = KindTable().find(snake);
  return it == KindTable().end() ? snake : it->second;
}

std::string CanonKind(const Json* k) {
  if (k == nullptr || k->IsNull()) return "";
  if (k->IsArray()) {
    for (const Json& x : k->items) {
      std::string c = CanonKind(&x);
      if (IsCanonicalKind(c)) return c;
    }
    return k->items.empty() ? "" : CanonKind(&k->items.front());
  }
  return CanonKindText(k->IsString() ? k->str : k->ScalarText());
}

std::pair<std::string, std::string> SplitPrefix(const std::string& id) {
  size_t colon = id.find(':');
  if (colon != std::string::npos) {
    std::string kind = CanonKindText(id.substr(0, colon));
    std::string rest = id.substr(colon + 1);
    if (IsCanonicalKind(kind) && !rest.empty() && rest[0] != ':') return {kind, rest};
  }
  return {"", id};
}

std::vector<std::string> RefNumbers(const Json* r) {
  if (r == nullptr) return {};
  const Json* v = r;
  if (r->IsObject()) {
    v = nullptr;
    for (const char* k : {"n", "number", "num", "ref", "index", "id"}) {
      const Json* x = r->Find(k);
      if (x && !x->IsNull() && !(x->IsString() && x->str.empty())) {
        v = x;
        break;
      }
    }
  }
  if (v == nullptr || v->IsNull() || v->type == Json::Type::kBool) return {};
  if (v->IsArray()) {
    std::vector<std::string> out;
    for (const Json& x : v->items) {
      for (auto& n : RefNumbers(&x)) out.push_back(std::move(n));
    }
    return out;
  }
  if (v->IsObject()) return {};
  return RefNumbersOfText(v->IsString() ? v->str : v->ScalarText());
}

// ---------------------------------------------------------------------------

const Json* Node::Attr(std::string_view key) const { return FindIn(attrs, key); }

const Json* Node::Get(std::initializer_list<std::string_view> keys) const {
  for (auto k : keys) {
    const Json* v = Attr(k);
    if (v && !v->Blank()) return v;
  }
  return nullptr;
}

std::string Node::GetText(std::initializer_list<std::string_view> keys) const {
  const Json* v = Get(keys);
  if (v == nullptr) return "";
  if (v->IsString() || v->IsNumber()) return v->ScalarText();
  return "";
}

std::vector<std::string> Node::Names() const {
  std::vector<std::string> out = primary;
  out.insert(out.end(), secondary.begin(), secondary.end());
  return out;
}

const Json* Edge::Attr(std::string_view key) const { return FindIn(attrs, key); }

std::string Edge::AttrText(std::string_view key) const {
  const Json* v = Attr(key);
  if (v == nullptr || !(v->IsString() || v->IsNumber())) return "";
  return v->ScalarText();
}

bool Edge::IsOutcome() const {
  const Json* m = Attr("measure");
  return m != nullptr && !m->IsNull() && !(m->IsString() && m->str.empty());
}

std::vector<std::string> Edge::Sentences() const {
  std::vector<std::string> out;
  for (const auto& ev : evidence) {
    if (!ev.sentence.empty()) out.push_back(ev.sentence);
  }
  return out;
}

// ---------------------------------------------------------------------------

std::unique_ptr<ExportGraph> ExportGraph::Parse(std::string_view jsonl) {
  std::unique_ptr<ExportGraph> ex(new ExportGraph);
  size_t pos = 0;
  while (pos < jsonl.size()) {
    size_t nl = jsonl.find('\n', pos);
    if (nl == std::string_view::npos) nl = jsonl.size();
    std::string line = Trim(jsonl.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    auto parsed = ParseJson(line, "export line");
    if (!parsed.ok()) {
      ++ex->bad_lines_;
      continue;
    }
    if (!parsed->IsObject()) continue;
    ex->lines_.push_back(std::make_unique<Json>(std::move(parsed).value()));
    const Json& obj = *ex->lines_.back();
    const Json* type = obj.Find("type");
    std::string t = PyLower(type == nullptr    ? ""
                            : type->IsString() ? type->str
                            : type->IsNull()   ? "None"
                                               : type->ScalarText());
    bool has_s = !Endpoint(obj, {"subject", "subj", "from", "head", "src"}).empty();
    bool has_o = !Endpoint(obj, {"object", "obj", "to", "tail", "dst", "target"}).empty();
    bool measure = false;
    const Json* attributes = obj.Find("attributes");
    if (attributes == nullptr || attributes->IsObject()) {
      const Json* m = obj.Find("measure");
      if (!(m && m->Truthy()) && attributes) m = attributes->Find("measure");
      measure = m && m->Truthy();
    }
    static const std::set<std::string> kEdgeTypes = {
        "edge", "fact", "relation", "relationship", "link", "statement", "association"};
    if (kEdgeTypes.count(t) ||
        (t != "node" && t != "entity" && has_s && (has_o || measure || t == "outcome"))) {
      Edge e;
      e.raw = &obj;
      const Json* id = obj.Find("id");
      if (id && (id->IsString() || id->IsNumber())) e.id = id->ScalarText();
      e.sid = Endpoint(
          obj, {"subject", "subj", "from", "head", "src", "start", "source_node", "s"});
      bool has_oks = false;
      for (const char* k :
           {"object", "obj", "to", "tail", "dst", "end", "target_node", "o"}) {
        has_oks |= obj.Find(k) != nullptr;
      }
      e.oid = has_oks ? Endpoint(obj, {"object", "obj", "to", "tail", "dst", "end",
                                       "target_node", "o"})
                      : Endpoint(obj, {"target"});
      for (const char* k : {"predicate", "relation", "rel", "label"}) {
        const Json* p = obj.Find(k);
        if (p && p->Truthy()) {
          e.pred = p->IsString() ? p->str : p->ScalarText();
          break;
        }
      }
      e.pkey = AKey(e.pred);
      for (const char* k : {"attributes", "attrs", "properties"}) {
        const Json* a = obj.Find(k);
        if (a && a->IsObject()) {
          for (const auto& [ak, av] : a->members) SetAttr(e.attrs, ak, &av);
        }
      }
      static const std::set<std::string> kSkip = {
          "type",     "id",         "subject", "object",     "predicate",
          "evidence", "attributes", "attrs",   "properties", "subj",
          "obj",      "from",       "to",      "relation",   "rel"};
      for (const auto& [k, v] : obj.members) {
        if (!kSkip.count(k) && FindIn(e.attrs, k) == nullptr) e.attrs.emplace_back(k, &v);
      }
      for (const Json* ev : AsList(obj.Find("evidence")))
        e.evidence.push_back(MakeEvidence(ev));
      for (const auto& ev : e.evidence) {
        if (!ev.source.empty()) e.sources.insert(ev.source);
        e.refs.insert(ev.refs.begin(), ev.refs.end());
      }
      for (const char* k : {"source", "sources", "source_id", "source_ids"}) {
        for (const Json* v : AsList(obj.Find(k))) {
          if (v->IsString()) e.sources.insert(SKey(v->str));
        }
      }
      for (const char* k : {"refs", "citations"}) {
        for (const Json* r : AsList(e.Attr(k))) {
          for (auto& n : RefNumbers(r)) e.refs.insert(std::move(n));
        }
      }
      ex->edges_.push_back(std::move(e));
    } else {
      const Json* id = obj.Find("id");
      if (id != nullptr && !id->IsNull()) ex->AddNode(obj, t);
    }
  }
  for (const auto& n : ex->nodes_) {
    ex->bare_[PyLower(SplitPrefix(n->id).second)].push_back(n->id);
  }
  for (auto& e : ex->edges_) {
    e.s = ex->NodeFor(e.sid);
    e.o = ex->NodeFor(e.oid);
  }
  for (const auto& n : ex->nodes_) {
    if (n->kind == "source") ex->source_nodes_.push_back(n.get());
  }
  // Source groups and the distinct sources.
  for (const Node* sn : ex->source_nodes_) {
    std::set<std::string> keys = {SKey(sn->id)};
    for (const char* k : {"label", "name", "path", "file", "filename", "uri", "url",
                          "title", "source_id", "aliases", "file_name", "source"}) {
      for (const auto& v : Strings(sn->Attr(k))) keys.insert(SKey(v));
    }
    keys.insert(SKey(SplitPrefix(sn->id).second));
    ex->groups_.push_back(std::move(keys));
  }
  for (const auto& e : ex->edges_)
    ex->raw_keys_.insert(e.sources.begin(), e.sources.end());
  for (const auto& n : ex->nodes_) {
    if (n->kind != "source") ex->raw_keys_.insert(n->sources.begin(), n->sources.end());
  }
  std::set<std::pair<int, std::string>> distinct;
  for (const auto& k : ex->raw_keys_) {
    int gi = -1;
    for (size_t i = 0; i < ex->groups_.size(); ++i) {
      if (ex->groups_[i].count(k)) {
        gi = int(i);
        break;
      }
    }
    distinct.emplace(gi, gi >= 0 ? "" : k);
  }
  ex->distinct_ = distinct.empty() ? ex->groups_.size() : distinct.size();
  return ex;
}

void ExportGraph::AddNode(const Json& obj, const std::string& t) {
  std::vector<std::pair<std::string, const Json*>> attrs;
  for (const char* k : {"attributes", "attrs", "properties"}) {
    const Json* a = obj.Find(k);
    if (a && a->IsObject()) {
      for (const auto& [ak, av] : a->members) SetAttr(attrs, ak, &av);
    }
  }
  static const std::set<std::string> kStruct = {
      "type", "id", "kind", "category", "attributes", "attrs", "properties"};
  for (const auto& [k, v] : obj.members) {
    if (!kStruct.count(k)) SetAttr(attrs, k, &v);
  }
  const Json* kind_value = nullptr;
  for (const Json* cand :
       {obj.Find("kind"), obj.Find("category"), FindIn(attrs, "kind")}) {
    if (cand && cand->Truthy()) {
      kind_value = cand;
      break;
    }
  }
  std::string kind = kind_value ? CanonKind(kind_value)
                     : (t != "node" && t != "entity" && !t.empty()) ? CanonKindText(t)
                                                                    : "";
  const Json* idv = obj.Find("id");
  std::string id = idv->IsString() ? idv->str : idv->ScalarText();
  auto it = index_.find(id);
  if (it != index_.end()) {  // a repeated node line: fill what the first left empty
    Node& old = *nodes_[it->second];
    for (const auto& [k, v] : attrs) {
      const Json* had = FindIn(old.attrs, k);
      if (had == nullptr || had->Blank()) SetAttr(old.attrs, k, v);
    }
    if (old.kind.empty()) old.kind = kind;
    InitNode(old);
    return;
  }
  auto n = std::make_unique<Node>();
  n->id = id;
  n->kind = kind;
  n->attrs = std::move(attrs);
  InitNode(*n);
  index_[id] = nodes_.size();
  nodes_.push_back(std::move(n));
}

const Node* ExportGraph::Find(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : nodes_[it->second].get();
}

const Node* ExportGraph::Phantom(const std::string& id) const {
  auto it = phantoms_.find(id);
  return it == phantoms_.end() ? nullptr : it->second.get();
}

const Node* ExportGraph::MakePhantom(const std::string& id) const {
  auto& slot = phantoms_[id];
  if (!slot) {
    slot = std::make_unique<Node>();
    slot->id = id;
    slot->phantom = true;
    InitNode(*slot);
  }
  return slot.get();
}

const Node* ExportGraph::NodeFor(const std::string& id) const {
  if (id.empty()) return MakePhantom("?");
  if (const Node* n = Find(id)) return n;
  auto [pk, bare] = SplitPrefix(id);
  auto it = bare_.find(PyLower(bare));
  if (it != bare_.end() && !it->second.empty()) {
    if (!pk.empty()) {
      for (const auto& c : it->second) {
        if (Find(c)->kind == pk) return Find(c);
      }
    }
    return Find(it->second.front());
  }
  return MakePhantom(id);
}

// ---------------------------------------------------------------------------

ExportView::ExportView(const ExportGraph& graph, const std::string& wanted) : ex(graph) {
  const auto& groups = ex.source_groups();
  if (!wanted.empty()) keys.insert(SKey(wanted));
  auto meets = [](const std::set<std::string>& a, const std::set<std::string>& b) {
    for (const auto& x : a) {
      if (b.count(x)) return true;
    }
    return false;
  };
  for (const auto& g : groups) {
    if (meets(keys, g)) keys.insert(g.begin(), g.end());
  }
  bool single = ex.distinct_sources() <= 1;
  bool found = meets(keys, ex.raw_source_keys());
  for (const auto& g : groups) found = found || meets(keys, g);
  if (!wanted.empty() && !found) {
    if (single) {
      warnings.push_back("source '" + wanted +
                         "' not found; the export has one source, scoring all of it");
    } else {
      warnings.push_back("source '" + wanted + "' not found among " +
                         std::to_string(ex.distinct_sources()) +
                         " sources in the export; nothing scored");
    }
  }
  bool take_all = single;
  std::set<std::string> src_node_ids;
  for (const Node* n : ex.source_nodes()) {
    bool hit = keys.count(SKey(n->id)) > 0;
    for (const auto& x : n->Names()) hit = hit || keys.count(SKey(x)) > 0;
    if (hit) src_node_ids.insert(n->id);
  }
  std::set<std::string> inside;
  for (const Edge& e : ex.edges()) {
    bool keep = take_all || meets(e.sources, keys) ||
                (e.sources.empty() &&
                 (src_node_ids.count(e.s->id) || src_node_ids.count(e.o->id)));
    if (!keep) continue;
    edges.push_back(&e);
    inside.insert(e.s->id);
    inside.insert(e.o->id);
  }
  for (const auto& n : ex.nodes()) {
    bool keep = take_all || meets(n->sources, keys) || inside.count(n->id);
    if (!keep && n->sources.empty()) {
      std::string lower_id = PyLower(n->id);
      for (const auto& k : keys) {
        if (k.size() >= 4 && lower_id.find(k) != std::string::npos) {
          keep = true;
          break;
        }
      }
    }
    if (keep) nodes.push_back(n.get());
  }
  for (const auto& pid : inside) {
    if (const Node* p = ex.Phantom(pid)) nodes.push_back(p);
  }
  for (const Node* n : nodes) by_id[n->id] = n;
}

}  // namespace lg::query::eval
