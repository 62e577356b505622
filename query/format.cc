#include "query/format.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "graph/text_util.h"

namespace lg::query {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// ---- JSON pieces ----------------------------------------------------------

void Str(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

void KeyStr(Writer& w, std::string_view k, std::string_view v) {
  Key(w, k);
  Str(w, v);
}

void StrList(Writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const auto& s : items) Str(w, s);
  w.EndArray();
}

void StrMap(Writer& w, const std::map<std::string, std::string>& m) {
  w.StartObject();
  for (const auto& [k, v] : m) KeyStr(w, k, v);
  w.EndObject();
}

void Begin(Writer& w, std::string_view query, int format = kJsonFormat) {
  w.StartObject();
  Key(w, "format");
  w.Int(format);
  KeyStr(w, "query", query);
}

std::string Finish(rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

void WriteEntity(Writer& w, const EntityRef& e) {
  w.StartObject();
  KeyStr(w, "id", e.id);
  KeyStr(w, "kind", e.kind);
  KeyStr(w, "label", e.label);
  w.EndObject();
}

void WriteRef(Writer& w, const RefInfo& r) {
  w.StartObject();
  KeyStr(w, "source", r.source);
  KeyStr(w, "n", r.n);
  Key(w, "citation");
  if (r.found) {
    Str(w, r.citation);
  } else {
    w.Null();
  }
  // Identifiers a reader can follow (null when the entry prints none).
  auto identifier = [&](const char* key, const std::string& value) {
    Key(w, key);
    if (value.empty()) {
      w.Null();
    } else {
      Str(w, value);
    }
  };
  identifier("pmid", r.pmid);
  identifier("doi", r.doi);
  identifier("pmcid", r.pmcid);
  w.EndObject();
}

void WriteRefs(Writer& w, const std::vector<RefInfo>& refs) {
  w.StartArray();
  for (const RefInfo& r : refs) WriteRef(w, r);
  w.EndArray();
}

void WriteEvidence(Writer& w, const std::vector<EvidenceInfo>& evidence) {
  w.StartArray();
  for (const EvidenceInfo& e : evidence) {
    w.StartObject();
    KeyStr(w, "source", e.source);
    KeyStr(w, "sentence", e.sentence);
    Key(w, "begin");
    w.Uint64(e.begin);
    Key(w, "end");
    w.Uint64(e.end);
    Key(w, "refs");
    WriteRefs(w, e.refs);
    Key(w, "refs_inherited");
    w.Bool(e.refs_inherited);
    Key(w, "stated");
    w.Bool(e.stated);
    KeyStr(w, "rule", e.rule);
    w.EndObject();
  }
  w.EndArray();
}

void WriteSpans(Writer& w, const std::vector<graph::Span>& spans) {
  w.StartArray();
  for (const graph::Span& span : spans) {
    w.StartArray();
    w.Uint64(span.begin);
    w.Uint64(span.end);
    w.EndArray();
  }
  w.EndArray();
}

// "review_a (3)", "review_b (reference list: 2)", "review_c (implied)".
std::string NamedInItem(const graph::SourceMentions& m) {
  if (m.body > 0 && m.references > 0) {
    return m.source + " (" + std::to_string(m.body) +
           ", reference list: " + std::to_string(m.references) + ")";
  }
  if (m.body > 0) return m.source + " (" + std::to_string(m.body) + ")";
  if (m.references > 0) {
    return m.source + " (reference list: " + std::to_string(m.references) + ")";
  }
  return m.source + " (implied)";
}

void WriteEdge(Writer& w, const EdgeInfo& e) {
  w.StartObject();
  KeyStr(w, "fact", e.fact_id);
  KeyStr(w, "predicate", e.predicate);
  Key(w, "subject");
  WriteEntity(w, e.subject);
  Key(w, "object");
  WriteEntity(w, e.object);
  KeyStr(w, "direction", e.forward ? "forward" : "backward");
  Key(w, "attributes");
  StrMap(w, e.attributes);
  Key(w, "evidence");
  WriteEvidence(w, e.evidence);
  Key(w, "evidence_count");
  w.Uint64(e.evidence_count);
  w.EndObject();
}

void WritePaths(Writer& w, const std::vector<std::vector<EdgeInfo>>& paths) {
  w.StartArray();
  for (const auto& path : paths) {
    w.StartArray();
    for (const EdgeInfo& e : path) WriteEdge(w, e);
    w.EndArray();
  }
  w.EndArray();
}

void WriteTrial(Writer& w, const TrialRow& t) {
  w.StartObject();
  Key(w, "trial");
  WriteEntity(w, t.trial);
  Key(w, "names");
  StrList(w, t.names);
  Key(w, "registry_ids");
  StrList(w, t.registry_ids);
  KeyStr(w, "phase", t.phase);
  KeyStr(w, "status", t.status);
  KeyStr(w, "sponsor", t.sponsor);
  Key(w, "drugs");
  w.StartArray();
  for (const EntityRef& d : t.drugs) WriteEntity(w, d);
  w.EndArray();
  Key(w, "refs");
  WriteRefs(w, t.refs);
  w.EndObject();
}

void WriteOutcome(Writer& w, const OutcomeRow& o) {
  w.StartObject();
  KeyStr(w, "fact", o.fact_id);
  Key(w, "subject");
  WriteEntity(w, o.subject);
  Key(w, "object");
  WriteEntity(w, o.object);
  KeyStr(w, "measure", o.measure);
  KeyStr(w, "value", o.value);
  KeyStr(w, "unit", o.unit);
  KeyStr(w, "qualifier", o.qualifier);
  KeyStr(w, "horizon", o.horizon);
  KeyStr(w, "group", o.group);
  KeyStr(w, "drug", o.drug);
  Key(w, "evidence");
  WriteEvidence(w, o.evidence);
  w.EndObject();
}

void WriteFactLines(Writer& w, const std::map<std::string, std::vector<FactLine>>& group) {
  w.StartObject();
  for (const auto& [predicate, lines] : group) {
    Key(w, predicate);
    w.StartArray();
    for (const FactLine& l : lines) {
      w.StartObject();
      KeyStr(w, "fact", l.fact_id);
      Key(w, "other");
      WriteEntity(w, l.other);
      Key(w, "attributes");
      StrMap(w, l.attributes);
      Key(w, "refs");
      WriteRefs(w, l.refs);
      Key(w, "evidence_count");
      w.Uint64(l.evidence_count);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

// ---- text pieces ----------------------------------------------------------

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

// A table's REFS cell: "[3,12]", or "" for none. Appended, not
// `"[" + Join(...) + "]"`: that makes GCC 12 -O3 warn falsely (-Wrestrict).
std::string RefsCell(const std::vector<std::string>& ns) {
  std::string out;
  if (!ns.empty()) out.append("[").append(Join(ns, ",")).append("]");
  return out;
}

std::string RefsLine(const std::vector<RefInfo>& refs) {
  std::vector<std::string> parts;
  for (const RefInfo& r : refs) parts.push_back(r.Display());
  return Join(parts, "; ");
}

std::string Pad(std::string_view s, size_t width, bool right) {
  size_t w = DisplayWidth(s);
  std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + std::string(s) : std::string(s) + fill;
}

// "  subject predicate object" then the first evidence sentence, wrapped, and
// its references.
void EdgeLines(std::ostringstream& out, const EdgeInfo& e, size_t width,
               std::string_view indent) {
  out << Truncate(std::string(indent) + e.subject.label + " " + e.predicate + " " +
                      e.object.label,
                  width)
      << "\n";
  std::string inner(DisplayWidth(indent), ' ');
  if (e.evidence.empty()) {
    out << inner << "(no evidence stored)\n";
    return;
  }
  const EvidenceInfo& ev = e.evidence.front();
  for (const std::string& line : Wrap("\"" + ev.sentence + "\"", width, inner)) {
    out << line << "\n";
  }
  std::string refs = RefsLine(ev.refs);
  std::string tail = ev.source;
  if (!refs.empty()) tail += ": " + refs;
  if (e.evidence_count > 1) {
    tail += " (+" + std::to_string(e.evidence_count - 1) + " more)";
  }
  for (const std::string& line : Wrap(tail, width, inner)) out << line << "\n";
}

// PathString split into lines at step boundaries: the first line starts with
// `prefix`, the others with `indent`.
std::vector<std::string> WrapPath(const std::vector<EdgeInfo>& path, size_t width,
                                  std::string_view prefix, std::string_view indent) {
  std::vector<std::string> segments;
  if (path.empty()) return {};
  segments.push_back(path[0].forward ? path[0].subject.label : path[0].object.label);
  for (const EdgeInfo& e : path) {
    segments.push_back(e.forward ? "-" + e.predicate + "-> " + e.object.label
                                 : "<-" + e.predicate + "- " + e.subject.label);
  }
  std::vector<std::string> lines;
  std::string line = std::string(prefix) + segments[0];
  for (size_t i = 1; i < segments.size(); ++i) {
    if (DisplayWidth(line) + 1 + DisplayWidth(segments[i]) > width) {
      lines.push_back(Truncate(line, width));
      line = std::string(indent) + segments[i];
    } else {
      line += " " + segments[i];
    }
  }
  lines.push_back(Truncate(line, width));
  return lines;
}

}  // namespace

// ---- helpers ----------------------------------------------------------------

size_t DisplayWidth(std::string_view s) { return graph::CountCodePoints(s); }

std::string Truncate(std::string_view s, size_t width) {
  if (DisplayWidth(s) <= width) return std::string(s);
  if (width == 0) return "";
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!graph::IsUtf8Continuation(s[i])) {
      if (n == width - 1) break;
      ++n;
    }
    out += s[i];
  }
  return out + "…";
}

std::vector<std::string> Wrap(std::string_view s, size_t width, std::string_view indent) {
  std::vector<std::string> lines;
  size_t room = width > DisplayWidth(indent) ? width - DisplayWidth(indent) : 1;
  std::string line;
  std::istringstream words{std::string(s)};
  std::string word;
  while (words >> word) {
    word = Truncate(word, room);
    if (!line.empty() && DisplayWidth(line) + 1 + DisplayWidth(word) > room) {
      lines.push_back(std::string(indent) + line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(std::string(indent) + line);
  return lines;
}

std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows, size_t width,
                        const std::vector<bool>& right_aligned) {
  size_t cols = header.size();
  std::vector<size_t> w(cols, 0);
  for (size_t c = 0; c < cols; ++c) w[c] = DisplayWidth(header[c]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < cols && c < row.size(); ++c) {
      w[c] = std::max(w[c], DisplayWidth(row[c]));
    }
  }
  auto total = [&] {
    size_t t = cols ? 2 * (cols - 1) : 0;
    for (size_t x : w) t += x;
    return t;
  };
  while (total() > width) {
    size_t widest = std::max_element(w.begin(), w.end()) - w.begin();
    if (w[widest] <= 4) break;
    --w[widest];
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < cols; ++c) {
      std::string cell = Truncate(c < cells.size() ? cells[c] : "", w[c]);
      bool right = c < right_aligned.size() && right_aligned[c];
      out += c + 1 == cols && !right ? cell : Pad(cell, w[c], right);
      if (c + 1 < cols) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto& row : rows) out += line(row);
  return out;
}

// ---- agents ---------------------------------------------------------------

std::string AgentsJson(const AgentsResult& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "agents", kAgentsJsonFormat);
  Key(w, "target");
  WriteEntity(w, r.target);
  Key(w, "max_hops");
  w.Int(r.max_hops);
  KeyStr(w, "kind", AgentKindName(r.kind));
  KeyStr(w, "sort", AgentSortName(r.sort));
  Key(w, "agents");
  w.StartArray();
  for (const Agent& a : r.agents) {
    w.StartObject();
    Key(w, "agent");
    WriteEntity(w, a.entity);
    Key(w, "hops");
    w.Int(a.hops);
    Key(w, "via");
    w.StartArray();
    for (const EntityRef& v : a.via) WriteEntity(w, v);
    w.EndArray();
    Key(w, "ref_count");
    w.Uint64(a.ref_count);
    Key(w, "source_count");
    w.Uint64(a.source_count);
    Key(w, "rank_group");
    w.Int(a.rank_group);
    KeyStr(w, "mechanism", a.mechanism);
    Key(w, "acts_on");
    WriteEntity(w, a.acts_on);
    Key(w, "paths");
    WritePaths(w, a.paths);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string AgentsText(const AgentsResult& r, size_t width) {
  std::ostringstream out;
  if (r.agents.empty()) {
    out << "no agents found for " << r.target.label << " (" << r.target.id << ") within "
        << r.max_hops << (r.max_hops == 1 ? " hop\n" : " hops\n");
    return out.str();
  }
  out << Truncate("agents for " + r.target.label + " (" + r.target.id + "), " +
                      std::to_string(r.agents.size()) + " found",
                  width)
      << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < r.agents.size(); ++i) {
    const Agent& a = r.agents[i];
    std::vector<std::string> via;
    for (const EntityRef& v : a.via) via.push_back(v.label);
    rows.push_back({std::to_string(i + 1), a.entity.label,
                    a.entity.kind == "drug_class" ? "class" : a.entity.kind,
                    std::to_string(a.rank_group), Join(via, ", "),
                    std::to_string(a.source_count), std::to_string(a.ref_count),
                    std::to_string(a.hops)});
  }
  out << RenderTable({"#", "AGENT", "KIND", "GROUP", "VIA", "SOURCES", "REFS", "HOPS"}, rows,
                     width, {true, false, false, true, false, true, true, true});
  out << Truncate("GROUP: 1 " + std::string(RankGroupName(kRankMechanism)) + ", 2 " +
                      std::string(RankGroupName(kRankMarker)) + ", 3 " +
                      std::string(RankGroupName(kRankActivity)) +
                      (r.sort == AgentSort::kMechanism
                           ? ""
                           : "; sorted by " + std::string(AgentSortName(r.sort))),
                  width)
      << "\n";
  for (size_t i = 0; i < r.agents.size(); ++i) {
    const Agent& a = r.agents[i];
    out << "\n" << Truncate(std::to_string(i + 1) + ". " + a.entity.label, width) << "\n";
    for (const std::string& line : Wrap("mechanism: " + a.mechanism, width, "   ")) {
      out << line << "\n";
    }
    const auto& path = a.paths.front();
    for (const std::string& line : WrapPath(path, width, "   ", "     ")) out << line << "\n";
    for (const EdgeInfo& e : path) EdgeLines(out, e, width, "   - ");
    if (a.paths.size() > 1) {
      out << "   (+" << a.paths.size() - 1 << " more paths; --json lists them)\n";
    }
  }
  return out.str();
}

// ---- show -------------------------------------------------------------------

std::string CardJson(const Card& c) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "show");
  Key(w, "entity");
  WriteEntity(w, c.entity);
  Key(w, "aliases");
  StrList(w, c.aliases);
  Key(w, "attributes");
  StrMap(w, c.attributes);
  Key(w, "out");
  WriteFactLines(w, c.out);
  Key(w, "in");
  WriteFactLines(w, c.in);
  Key(w, "trials");
  w.StartArray();
  for (const TrialRow& t : c.trials) WriteTrial(w, t);
  w.EndArray();
  Key(w, "outcomes");
  w.StartArray();
  for (const OutcomeRow& o : c.outcomes) WriteOutcome(w, o);
  w.EndArray();
  Key(w, "sources");
  StrList(w, c.sources);
  Key(w, "named_in");
  w.StartArray();
  for (const MentionRow& row : c.named_in) {
    w.StartObject();
    KeyStr(w, "source", row.mentions.source);
    Key(w, "body");
    w.Uint64(row.mentions.body);
    Key(w, "references");
    w.Uint64(row.mentions.references);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string CardText(const Card& c, size_t width) {
  std::ostringstream out;
  out << Truncate(c.entity.label + "  (" + c.entity.kind + ", " + c.entity.id + ")", width)
      << "\n";
  if (!c.aliases.empty()) {
    for (const auto& line : Wrap("aliases: " + Join(c.aliases, ", "), width, "")) {
      out << line << "\n";
    }
  }
  for (const auto& [k, v] : c.attributes) out << Truncate(k + ": " + v, width) << "\n";
  auto facts = [&](const char* title, const std::map<std::string, std::vector<FactLine>>& g,
                   bool outgoing) {
    if (g.empty()) return;
    out << "\n" << title << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [p, lines] : g) {
      for (const FactLine& l : lines) {
        std::vector<std::string> attrs;
        for (const auto& [k, v] : l.attributes) attrs.push_back(k + "=" + v);
        std::string other = l.other.label + (attrs.empty() ? "" : " {" + Join(attrs, ", ") + "}");
        rows.push_back({outgoing ? p : p, other, RefsLine(l.refs)});
      }
    }
    out << RenderTable({"PREDICATE", outgoing ? "OBJECT" : "SUBJECT", "REFS"}, rows, width);
  };
  facts("facts (out):", c.out, true);
  facts("facts (in):", c.in, false);
  if (!c.trials.empty()) {
    out << "\ntrials:\n";
    std::vector<std::vector<std::string>> rows;
    for (const TrialRow& t : c.trials) {
      rows.push_back({t.trial.label, t.phase, t.status, Join(t.names, ", ")});
    }
    out << RenderTable({"TRIAL", "PHASE", "STATUS", "NAMES"}, rows, width);
  }
  if (!c.outcomes.empty()) {
    out << "\noutcomes:\n";
    std::vector<std::vector<std::string>> rows;
    for (const OutcomeRow& o : c.outcomes) {
      rows.push_back({o.subject.label, o.measure, o.qualifier + o.value + o.unit, o.horizon,
                      o.group});
    }
    out << RenderTable({"COHORT", "MEASURE", "VALUE", "HORIZON", "GROUP"}, rows, width);
  }
  if (!c.sources.empty() || !c.named_in.empty()) out << "\n";
  if (!c.sources.empty()) {
    for (const auto& line : Wrap("sources: " + Join(c.sources, ", "), width, "")) {
      out << line << "\n";
    }
  }
  if (!c.named_in.empty()) {
    std::vector<std::string> items;
    for (const MentionRow& row : c.named_in) items.push_back(NamedInItem(row.mentions));
    for (const auto& line : Wrap("named in: " + Join(items, ", "), width, "")) {
      out << line << "\n";
    }
  }
  return out.str();
}

// ---- mentions -----------------------------------------------------------------

std::string MentionsJson(const MentionsResult& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "mentions");
  Key(w, "entity");
  WriteEntity(w, r.entity);
  Key(w, "sources");
  w.StartArray();
  for (const MentionRow& row : r.sources) {
    const graph::SourceMentions& m = row.mentions;
    w.StartObject();
    KeyStr(w, "source", m.source);
    KeyStr(w, "title", row.title);
    KeyStr(w, "in", m.Places().front().in);
    Key(w, "body");
    w.Uint64(m.body);
    Key(w, "references");
    w.Uint64(m.references);
    Key(w, "body_spans");
    WriteSpans(w, m.body_spans);
    Key(w, "reference_spans");
    WriteSpans(w, m.reference_spans);
    KeyStr(w, "sentence", m.sentence);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string MentionsText(const MentionsResult& r, size_t width) {
  std::ostringstream out;
  std::string head = r.entity.label + "  (" + r.entity.kind + ", " + r.entity.id + ")";
  if (r.sources.empty()) {
    out << Truncate(head, width) << "\nno source names it\n";
    return out.str();
  }
  out << Truncate(head + ": " + std::to_string(r.sources.size()) +
                      (r.sources.size() == 1 ? " source" : " sources"),
                  width)
      << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const MentionRow& row : r.sources) {
    const graph::SourceMentions& m = row.mentions;
    const std::vector<graph::Span>& spans = m.body > 0 ? m.body_spans : m.reference_spans;
    std::string first;
    if (!spans.empty()) {
      first = std::to_string(spans[0].begin) + "-" + std::to_string(spans[0].end);
    }
    rows.push_back({m.source, std::to_string(m.body), std::to_string(m.references), first,
                    row.title});
  }
  out << RenderTable({"SOURCE", "BODY", "REF LIST", "FIRST", "TITLE"}, rows, width,
                     {false, true, true, false, false});
  for (const MentionRow& row : r.sources) {
    const graph::SourceMentions& m = row.mentions;
    out << "\n" << Truncate(m.source + ":", width) << "\n";
    if (m.sentence.empty()) {
      out << "  (implied by its facts; the text does not name it)\n";
      continue;
    }
    std::string text = "\"" + m.sentence + "\"";
    if (m.body == 0) text = "reference list: " + text;
    for (const std::string& line : Wrap(text, width, "  ")) out << line << "\n";
  }
  return out.str();
}

// ---- trials and outcomes ------------------------------------------------------

std::string TrialsJson(const TrialFilter& f, const std::vector<TrialRow>& rows) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "trials");
  Key(w, "filter");
  w.StartObject();
  KeyStr(w, "drug", f.drug);
  KeyStr(w, "target", f.target);
  KeyStr(w, "phase", f.phase);
  KeyStr(w, "status", f.status);
  w.EndObject();
  Key(w, "trials");
  w.StartArray();
  for (const TrialRow& t : rows) WriteTrial(w, t);
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string TrialsText(const std::vector<TrialRow>& rows, size_t width) {
  if (rows.empty()) return "no trials found\n";
  std::vector<std::vector<std::string>> cells;
  for (const TrialRow& t : rows) {
    std::vector<std::string> drugs;
    for (const EntityRef& d : t.drugs) drugs.push_back(d.label);
    cells.push_back({t.trial.label, t.phase, t.status, Join(drugs, ", "), RefsLine(t.refs)});
  }
  return RenderTable({"TRIAL", "PHASE", "STATUS", "DRUGS", "REFS"}, cells, width);
}

std::string OutcomesJson(const OutcomeFilter& f, const std::vector<OutcomeRow>& rows) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "outcomes");
  Key(w, "filter");
  w.StartObject();
  KeyStr(w, "trial", f.trial);
  KeyStr(w, "drug", f.drug);
  KeyStr(w, "measure", f.measure);
  KeyStr(w, "group", f.group);
  w.EndObject();
  Key(w, "outcomes");
  w.StartArray();
  for (const OutcomeRow& o : rows) WriteOutcome(w, o);
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string OutcomesText(const std::vector<OutcomeRow>& rows, size_t width) {
  if (rows.empty()) return "no outcomes found\n";
  std::vector<std::vector<std::string>> cells;
  for (const OutcomeRow& o : rows) {
    std::vector<RefInfo> refs;
    for (const EvidenceInfo& e : o.evidence) refs.insert(refs.end(), e.refs.begin(), e.refs.end());
    std::vector<std::string> ns;
    for (const RefInfo& r : refs) {
      if (std::find(ns.begin(), ns.end(), r.n) == ns.end()) ns.push_back(r.n);
    }
    cells.push_back({o.subject.label, o.measure, o.qualifier + o.value + o.unit, o.horizon,
                     o.group, RefsCell(ns)});
  }
  return RenderTable({"COHORT", "MEASURE", "VALUE", "HORIZON", "GROUP", "REFS"}, cells, width);
}

// ---- paths and neighbours -------------------------------------------------------

std::string PathsJson(const PathsResult& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "path");
  Key(w, "from");
  WriteEntity(w, r.from);
  Key(w, "to");
  WriteEntity(w, r.to);
  Key(w, "hops");
  if (r.hops < 0) {
    w.Null();
  } else {
    w.Int(r.hops);
  }
  Key(w, "paths");
  WritePaths(w, r.paths);
  w.EndObject();
  return Finish(buffer);
}

std::string PathsText(const PathsResult& r, size_t width) {
  std::ostringstream out;
  if (r.paths.empty()) {
    out << "no path found between " << r.from.label << " and " << r.to.label << "\n";
    return out.str();
  }
  out << Truncate(std::to_string(r.paths.size()) + " shortest path" +
                      (r.paths.size() == 1 ? "" : "s") + " of " + std::to_string(r.hops) +
                      " hop" + (r.hops == 1 ? "" : "s") + " from " + r.from.label + " to " +
                      r.to.label,
                  width)
      << "\n";
  for (size_t i = 0; i < r.paths.size(); ++i) {
    out << "\n";
    std::string number = std::to_string(i + 1) + ". ";
    for (const auto& line :
         WrapPath(r.paths[i], width, number, std::string(number.size() + 2, ' '))) {
      out << line << "\n";
    }
    for (const EdgeInfo& e : r.paths[i]) EdgeLines(out, e, width, "   - ");
  }
  return out.str();
}

std::string NeighborsJson(const NeighborsResult& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "neighbors");
  Key(w, "center");
  WriteEntity(w, r.center);
  Key(w, "depth");
  w.Int(r.depth);
  KeyStr(w, "predicate", r.predicate);
  Key(w, "neighbors");
  w.StartArray();
  for (const Neighbor& n : r.neighbors) {
    w.StartObject();
    Key(w, "entity");
    WriteEntity(w, n.entity);
    Key(w, "distance");
    w.Int(n.distance);
    Key(w, "via");
    WriteEdge(w, n.via);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string NeighborsText(const NeighborsResult& r, size_t width) {
  if (r.neighbors.empty()) return "no neighbors found for " + r.center.label + "\n";
  std::vector<std::vector<std::string>> cells;
  for (const Neighbor& n : r.neighbors) {
    std::string edge = n.via.subject.label + " -" + n.via.predicate + "-> " + n.via.object.label;
    std::set<std::string> seen;
    std::vector<std::string> ns;
    for (const EvidenceInfo& e : n.via.evidence) {
      for (const RefInfo& ref : e.refs) {
        if (seen.insert(ref.n).second) ns.push_back(ref.n);
      }
    }
    cells.push_back({std::to_string(n.distance), n.entity.label,
                     n.entity.kind == "drug_class" ? "class" : n.entity.kind, edge, RefsCell(ns)});
  }
  return RenderTable({"DIST", "ENTITY", "KIND", "VIA", "REFS"}, cells, width,
                     {true, false, false, false, false});
}

// ---- sources and references -------------------------------------------------------

std::string SourcesJson(const std::vector<graph::Source>& sources) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "sources");
  Key(w, "sources");
  w.StartArray();
  for (const graph::Source& s : sources) {
    w.StartObject();
    KeyStr(w, "id", s.id);
    KeyStr(w, "path", s.path);
    KeyStr(w, "content_hash", s.content_hash);
    KeyStr(w, "title", s.title);
    KeyStr(w, "journal", s.journal);
    KeyStr(w, "year", s.year);
    KeyStr(w, "doi", s.doi);
    KeyStr(w, "pmid", s.pmid);
    KeyStr(w, "pmcid", s.pmcid);
    KeyStr(w, "license", s.license);
    Key(w, "authors");
    StrList(w, s.authors);
    Key(w, "counts");
    w.StartObject();
    Key(w, "sentences");
    w.Uint64(s.counts.sentences);
    Key(w, "entities");
    w.Uint64(s.counts.entities);
    Key(w, "facts");
    w.Uint64(s.counts.facts);
    Key(w, "references");
    w.Uint64(s.counts.references);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string SourcesText(const std::vector<graph::Source>& sources, size_t width) {
  if (sources.empty()) return "no sources in the store\n";
  std::vector<std::vector<std::string>> cells;
  for (const graph::Source& s : sources) {
    cells.push_back({s.id, s.year, std::to_string(s.counts.facts),
                     std::to_string(s.counts.references), s.title});
  }
  return RenderTable({"SOURCE", "YEAR", "FACTS", "REFS", "TITLE"}, cells, width,
                     {false, false, true, true, false});
}

std::string RefsJson(std::string_view source, const std::vector<graph::Reference>& refs) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  Begin(w, "refs");
  KeyStr(w, "source", source);
  Key(w, "references");
  w.StartArray();
  for (const graph::Reference& r : refs) {
    w.StartObject();
    KeyStr(w, "n", r.n);
    KeyStr(w, "citation", r.ShortCitation());
    Key(w, "authors");
    StrList(w, r.authors);
    KeyStr(w, "first_author", r.first_author);
    KeyStr(w, "title", r.title);
    KeyStr(w, "journal", r.journal);
    KeyStr(w, "year", r.year);
    KeyStr(w, "volume", r.volume);
    KeyStr(w, "pages", r.pages);
    KeyStr(w, "doi", r.doi);
    KeyStr(w, "pmid", r.pmid);
    KeyStr(w, "pmcid", r.pmcid);
    KeyStr(w, "url", r.url);
    KeyStr(w, "registry_id", r.registry_id);
    KeyStr(w, "kind", r.kind);
    KeyStr(w, "raw", r.raw);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(buffer);
}

std::string RefsText(std::string_view source, const std::vector<graph::Reference>& refs,
                     size_t width) {
  if (refs.empty()) return "no references for " + std::string(source) + "\n";
  std::vector<std::vector<std::string>> cells;
  for (const graph::Reference& r : refs) {
    cells.push_back({r.n, r.ShortCitation(), r.Locator(), r.title});
  }
  // The ID column (PMID, else DOI, else PMCID) only when an entry prints one.
  const bool ids = std::any_of(refs.begin(), refs.end(),
                               [](const graph::Reference& r) { return !r.Locator().empty(); });
  if (!ids) {
    for (auto& row : cells) row.erase(row.begin() + 2);
    return RenderTable({"N", "CITATION", "TITLE"}, cells, width, {true, false, false});
  }
  return RenderTable({"N", "CITATION", "ID", "TITLE"}, cells, width, {true, false, false, false});
}

}  // namespace lg::query
