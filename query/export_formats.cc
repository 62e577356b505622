#include "query/export_formats.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "graph/text_util.h"

namespace lg::query {
namespace {

constexpr std::string_view kInfores = "infores:litgraph";

// Each source's references by number, read once before streaming.
using RefIndex = std::map<std::string, std::map<std::string, graph::Reference>>;
Result<RefIndex> LoadReferences(const graph::Store& store,
                                std::vector<graph::Source>* sources_out = nullptr) {
  LG_ASSIGN_OR_RETURN(auto sources, store.ListSources());
  RefIndex index;
  for (const graph::Source& s : sources) {
    LG_ASSIGN_OR_RETURN(auto refs, store.GetReferences(s.id));
    auto& by_n = index[s.id];
    for (auto& r : refs) by_n.emplace(r.n, std::move(r));
  }
  if (sources_out) *sources_out = std::move(sources);
  return index;
}

// Joins already-escaped KGX cells with '|', skipping empty ones.
std::string JoinCells(const std::vector<std::string>& cells) {
  std::string out;
  for (const std::string& c : cells) {
    if (c.empty()) continue;
    if (!out.empty()) out += '|';
    out += c;
  }
  return out;
}

// "k=v; k=v".
std::string AttributesText(const std::map<std::string, std::string>& attributes) {
  std::string out;
  for (const auto& [k, v] : attributes) {
    if (!out.empty()) out += "; ";
    out += k + "=" + v;
  }
  return out;
}

// Publication CURIEs, PMID first, then DOI (the prefixes KGX consumers join on).
void AddPublications(std::string_view pmid, std::string_view doi,
                     std::vector<std::string>* out) {
  if (!pmid.empty()) out->push_back("PMID:" + std::string(pmid));
  if (!doi.empty()) out->push_back("DOI:" + std::string(doi));
}

void PushUnique(std::vector<std::string>* v, std::set<std::string>* seen, std::string s) {
  if (!s.empty() && seen->insert(s).second) v->push_back(std::move(s));
}

struct Qualifiers {
  std::string_view aspect, direction;
};
Qualifiers BiolinkQualifiers(std::string_view predicate) {
  if (predicate == graph::pred::kInhibits || predicate == graph::pred::kAntagonises) {
    return {"activity", "decreased"};
  }
  if (predicate == graph::pred::kOverexpresses) return {"expression", "increased"};
  return {};
}

void WriteRow(std::ostream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.put('\t');
    out << cells[i];
  }
  out.put('\n');
}

}  // namespace

std::string_view BiolinkCategory(graph::EntityKind kind) {
  using K = graph::EntityKind;
  switch (kind) {
    case K::kGene:
      return "biolink:Gene";
    case K::kFusion:
      return "biolink:SequenceVariant";
    case K::kDrug:
      return "biolink:Drug";
    case K::kDrugClass:
      return "biolink:ChemicalEntity";
    case K::kTrial:
      return "biolink:ClinicalTrial";
    case K::kCondition:
      return "biolink:Disease";
    case K::kReference:
      return "biolink:Publication";
    case K::kSource:
      return "biolink:Publication";
    case K::kGeneFamily:
      return "biolink:GeneFamily";
    case K::kProcess:
      return "biolink:BiologicalProcess";
  }
  return "biolink:NamedThing";
}

std::string_view BiolinkPredicate(std::string_view p) {
  namespace pred = graph::pred;
  if (p == pred::kInhibits || p == pred::kTargets || p == pred::kAntagonises ||
      p == pred::kOverexpresses) {
    return "biolink:affects";
  }
  if (p == pred::kBinds) return "biolink:directly_physically_interacts_with";
  if (p == pred::kMemberOf) return "biolink:member_of";
  if (p == pred::kInvolves) return "biolink:has_part";
  if (p == pred::kActiveIn) return "biolink:treats_or_applied_or_studied_to_treat";
  if (p == pred::kFrequency) return "biolink:associated_with";
  return "biolink:related_to";  // depends_on, tests, reports_outcome, unknown
}

std::string KgxCurie(std::string_view id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(id.size());
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '%' || c == '|') {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string TsvCell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\t' || c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '|') {
      out += "\xC2\xA6";  // U+00A6 BROKEN BAR: '|' separates KGX list values
    } else {
      out += c;
    }
  }
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows only tab, newline and carriage return below 0x20.
        out += (u < 0x20 && c != '\t' && c != '\n' && c != '\r') ? ' ' : c;
    }
  }
  return out;
}

std::string DotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::vector<std::string> MentionItems(const graph::Entity& entity) {
  std::vector<std::string> items;
  for (const graph::SourceMentions& m : entity.sources) {
    for (const graph::SourceMentions::Place& place : m.Places()) {
      items.push_back(m.source + ":" + std::string(place.in) + ":" +
                      std::to_string(place.mentions));
    }
  }
  return items;
}

// ---- KGX ------------------------------------------------------------------

Status ExportKgx(const graph::Store& store, std::ostream& nodes, std::ostream& edges) {
  auto check = [&]() -> Status {
    if (!nodes || !edges) return Status::IOError("query: export kgx: write failed");
    return Status::Ok();
  };
  LG_ASSIGN_OR_RETURN(RefIndex refs, LoadReferences(store));
  std::map<std::string, std::vector<std::string>>
      source_publications;  // the review's own
  {
    LG_ASSIGN_OR_RETURN(auto sources, store.ListSources());
    for (const auto& s : sources)
      AddPublications(s.pmid, s.doi, &source_publications[s.id]);
  }

  WriteRow(nodes, {std::begin(kKgxNodeColumns), std::end(kKgxNodeColumns)});
  LG_RETURN_IF_ERROR(store.ForEachEntity([&](const graph::Entity& e) {
    std::vector<std::string> synonyms, xrefs;
    for (const std::string& a : e.aliases) {
      if (a != e.label) synonyms.push_back(TsvCell(a));
    }
    if (e.kind == graph::EntityKind::kTrial) {
      for (const std::string& r : e.List(graph::attr::kRegistryIds)) {
        if (r.rfind("NCT", 0) == 0) xrefs.push_back("clinicaltrials:" + KgxCurie(r));
      }
    }
    std::vector<std::string> named_in = MentionItems(e);
    for (std::string& item : named_in) item = TsvCell(item);
    WriteRow(nodes,
             {KgxCurie(e.id), std::string(BiolinkCategory(e.kind)), TsvCell(e.label),
              JoinCells(synonyms), JoinCells(xrefs), std::string(kInfores),
              std::string(graph::KindName(e.kind)), JoinCells(named_in)});
    return check();
  }));

  WriteRow(edges, {std::begin(kKgxEdgeColumns), std::end(kKgxEdgeColumns)});
  LG_RETURN_IF_ERROR(store.ForEachFact([&](const graph::Fact& f) {
    std::vector<std::string> publications, texts, sources, references;
    std::set<std::string> seen_pub, seen_text, seen_source, seen_ref;
    bool stated = false;
    for (const graph::Evidence& ev : f.evidence) {
      stated = stated || ev.stated;
      PushUnique(&texts, &seen_text, TsvCell(ev.sentence));
      PushUnique(&sources, &seen_source,
                 KgxCurie(graph::MakeEntityId(graph::EntityKind::kSource, ev.source)));
      if (auto it = source_publications.find(ev.source);
          it != source_publications.end()) {
        for (const std::string& c : it->second)
          PushUnique(&publications, &seen_pub, KgxCurie(c));
      }
      const auto& by_n = refs[ev.source];
      for (const std::string& n : ev.refs) {
        auto it = by_n.find(n);
        std::string text = ev.source + "#" + n;
        if (it != by_n.end()) {
          text.append(" ").append(it->second.ShortCitation());
          std::vector<std::string> curies;
          AddPublications(it->second.pmid, it->second.doi, &curies);
          for (std::string& c : curies) PushUnique(&publications, &seen_pub, KgxCurie(c));
        }
        PushUnique(&references, &seen_ref, TsvCell(text));
      }
    }
    Qualifiers q = BiolinkQualifiers(f.predicate);
    WriteRow(edges,
             {KgxCurie("litgraph:" + f.id), KgxCurie(f.subject),
              std::string(BiolinkPredicate(f.predicate)), KgxCurie(f.object),
              "biolink:Association", std::string(q.aspect), std::string(q.direction),
              stated ? "knowledge_assertion" : "not_provided", "text_mining_agent",
              std::string(kInfores), JoinCells(publications), JoinCells(texts),
              TsvCell(f.predicate), TsvCell(AttributesText(f.FlatAttributes())),
              JoinCells(sources), JoinCells(references)});
    return check();
  }));
  return check();
}

// ---- GraphML ----------------------------------------------------------------

namespace {

struct GraphmlKey {
  const char* id;
  const char* domain;  // "node" or "edge"
  const char* type;    // "string" or "int"
};
constexpr GraphmlKey kGraphmlKeys[] = {
    {"kind", "node", "string"},        {"label", "node", "string"},
    {"aliases", "node", "string"},     {"attributes", "node", "string"},
    {"named_in", "node", "string"},    {"predicate", "edge", "string"},
    {"fact", "edge", "string"},        {"edge_attributes", "edge", "string"},
    {"evidence_count", "edge", "int"}, {"sentence", "edge", "string"},
    {"refs", "edge", "string"},        {"sources", "edge", "string"},
};

class GraphmlWriter {
 public:
  explicit GraphmlWriter(std::ostream& out) : out_(out) {}

  void Node(std::string_view id, std::string_view kind, std::string_view label,
            std::string_view aliases, std::string_view attributes,
            std::string_view named_in = "") {
    out_ << "    <node id=\"" << XmlEscape(id) << "\">\n";
    Data("kind", kind);
    Data("label", label);
    if (!aliases.empty()) Data("aliases", aliases);
    if (!attributes.empty()) Data("attributes", attributes);
    if (!named_in.empty()) Data("named_in", named_in);
    out_ << "    </node>\n";
  }
  void Edge(const graph::Fact& f, const RefIndex& refs) {
    out_ << "    <edge id=\"" << XmlEscape(f.id) << "\" source=\"" << XmlEscape(f.subject)
         << "\" target=\"" << XmlEscape(f.object) << "\">\n";
    Data("predicate", f.predicate);
    Data("fact", f.id);
    if (!f.attributes.empty())
      Data("edge_attributes", AttributesText(f.FlatAttributes()));
    Data("evidence_count", std::to_string(f.evidence.size()));
    if (!f.evidence.empty()) Data("sentence", f.evidence.front().sentence);
    std::string ref_text, source_text;
    std::set<std::string> seen;
    for (const graph::Evidence& ev : f.evidence) {
      if (seen.insert(ev.source).second) {
        source_text += (source_text.empty() ? "" : " | ") + ev.source;
      }
      auto by_n = refs.find(ev.source);
      for (const std::string& n : ev.refs) {
        std::string one = "[" + n + "]";
        if (by_n != refs.end()) {
          if (auto it = by_n->second.find(n); it != by_n->second.end()) {
            one.append(" ").append(it->second.ShortCitation());
          }
        }
        if (seen.insert(ev.source + "#" + n).second) {
          ref_text += (ref_text.empty() ? "" : " | ") + one;
        }
      }
    }
    if (!ref_text.empty()) Data("refs", ref_text);
    Data("sources", source_text);
    out_ << "    </edge>\n";
  }

 private:
  void Data(std::string_view key, std::string_view value) {
    out_ << "      <data key=\"" << key << "\">" << XmlEscape(value) << "</data>\n";
  }
  std::ostream& out_;
};

std::string JoinAliases(const std::vector<std::string>& aliases) {
  std::string out;
  for (const auto& a : aliases) out += (out.empty() ? "" : " | ") + a;
  return out;
}

}  // namespace

Status ExportGraphml(const graph::Store& store, std::ostream& out) {
  auto check = [&]() -> Status {
    if (!out) return Status::IOError("query: export graphml: write failed");
    return Status::Ok();
  };
  std::vector<graph::Source> sources;
  LG_ASSIGN_OR_RETURN(RefIndex refs, LoadReferences(store, &sources));
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const GraphmlKey& k : kGraphmlKeys) {
    out << "  <key id=\"" << k.id << "\" for=\"" << k.domain << "\" attr.name=\"" << k.id
        << "\" attr.type=\"" << k.type << "\"/>\n";
  }
  out << "  <graph id=\"litgraph\" edgedefault=\"directed\">\n";
  GraphmlWriter w(out);
  for (const graph::Source& s : sources) {
    w.Node(graph::MakeEntityId(graph::EntityKind::kSource, s.id), "source",
           s.title.empty() ? s.id : s.title, "", s.doi.empty() ? "" : "doi=" + s.doi);
  }
  LG_RETURN_IF_ERROR(store.ForEachEntity([&](const graph::Entity& e) {
    w.Node(e.id, graph::KindName(e.kind), e.label, JoinAliases(e.aliases),
           AttributesText(e.FlatAttributes()), JoinAliases(MentionItems(e)));
    return check();
  }));
  for (const auto& [source, by_n] : refs) {
    // Numeric order, as in the JSONL export.
    std::vector<const graph::Reference*> ordered;
    for (const auto& [n, r] : by_n) ordered.push_back(&r);
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
      return a->n.size() != b->n.size() ? a->n.size() < b->n.size() : a->n < b->n;
    });
    for (const graph::Reference* r : ordered) {
      w.Node(graph::MakeEntityId(graph::EntityKind::kReference, r->source + "#" + r->n),
             "reference", "[" + r->n + "] " + r->ShortCitation(), "",
             r->doi.empty() ? "" : "doi=" + r->doi);
    }
  }
  LG_RETURN_IF_ERROR(store.ForEachFact([&](const graph::Fact& f) {
    w.Edge(f, refs);
    return check();
  }));
  out << "  </graph>\n</graphml>\n";
  return check();
}

// ---- DOT ------------------------------------------------------------------

Status ExportDot(const graph::Store& store, std::ostream& out) {
  auto check = [&]() -> Status {
    if (!out) return Status::IOError("query: export dot: write failed");
    return Status::Ok();
  };
  out << "digraph litgraph {\n  node [shape=box];\n";
  LG_RETURN_IF_ERROR(store.ForEachEntity([&](const graph::Entity& e) {
    out << "  " << DotQuote(e.id) << " [label=" << DotQuote(e.label)
        << ", kind=" << DotQuote(graph::KindName(e.kind)) << "];\n";
    return check();
  }));
  LG_RETURN_IF_ERROR(store.ForEachFact([&](const graph::Fact& f) {
    out << "  " << DotQuote(f.subject) << " -> " << DotQuote(f.object)
        << " [label=" << DotQuote(f.predicate) << ", fact=" << DotQuote(f.id) << "];\n";
    return check();
  }));
  out << "}\n";
  return check();
}

}  // namespace lg::query
