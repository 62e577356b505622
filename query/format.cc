#include "query/format.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "graph/text_util.h"
#include "query/json_out.h"

namespace lg::query {
namespace {

// ---- JSON pieces ----------------------------------------------------------

void Begin(JsonOut& w, std::string_view query, int format = kJsonFormat) {
  w.StartObject();
  w.Key("format");
  w.Int(format);
  w.KeyString("query", query);
}

std::string Finish(const JsonOut& w) { return w.str() + "\n"; }

void WriteEntity(JsonOut& w, const EntityRef& e) {
  w.StartObject();
  w.KeyString("id", e.id);
  w.KeyString("kind", e.kind);
  w.KeyString("label", e.label);
  w.EndObject();
}

void WriteRef(JsonOut& w, const RefInfo& r) {
  w.StartObject();
  w.KeyString("source", r.source);
  w.KeyString("n", r.n);
  w.Key("citation");
  if (r.found) {
    w.String(r.citation);
  } else {
    w.Null();
  }
  // Identifiers a reader can follow (null when the entry prints none).
  auto identifier = [&](const char* key, const std::string& value) {
    w.Key(key);
    if (value.empty()) {
      w.Null();
    } else {
      w.String(value);
    }
  };
  identifier("pmid", r.pmid);
  identifier("doi", r.doi);
  identifier("pmcid", r.pmcid);
  w.EndObject();
}

void WriteRefs(JsonOut& w, const std::vector<RefInfo>& refs) {
  w.StartArray();
  for (const RefInfo& r : refs) WriteRef(w, r);
  w.EndArray();
}

void WriteEvidence(JsonOut& w, const std::vector<EvidenceInfo>& evidence) {
  w.StartArray();
  for (const EvidenceInfo& e : evidence) {
    w.StartObject();
    w.KeyString("source", e.source);
    w.KeyString("sentence", e.sentence);
    w.Key("begin");
    w.Uint(e.begin);
    w.Key("end");
    w.Uint(e.end);
    w.Key("refs");
    WriteRefs(w, e.refs);
    w.Key("refs_inherited");
    w.Bool(e.refs_inherited);
    w.Key("stated");
    w.Bool(e.stated);
    w.KeyString("rule", e.rule);
    w.EndObject();
  }
  w.EndArray();
}

void WriteSpans(JsonOut& w, const std::vector<graph::Span>& spans) {
  w.StartArray();
  for (const graph::Span& span : spans) {
    w.StartArray();
    w.Uint(span.begin);
    w.Uint(span.end);
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

void WriteEdge(JsonOut& w, const EdgeInfo& e) {
  w.StartObject();
  w.KeyString("fact", e.fact_id);
  w.KeyString("predicate", e.predicate);
  w.Key("subject");
  WriteEntity(w, e.subject);
  w.Key("object");
  WriteEntity(w, e.object);
  w.KeyString("direction", e.forward ? "forward" : "backward");
  w.Key("attributes");
  w.StringMap(e.attributes);
  w.Key("evidence");
  WriteEvidence(w, e.evidence);
  w.Key("evidence_count");
  w.Uint(e.evidence_count);
  w.EndObject();
}

void WritePaths(JsonOut& w, const std::vector<std::vector<EdgeInfo>>& paths) {
  w.StartArray();
  for (const auto& path : paths) {
    w.StartArray();
    for (const EdgeInfo& e : path) WriteEdge(w, e);
    w.EndArray();
  }
  w.EndArray();
}

void WriteTrial(JsonOut& w, const TrialRow& t) {
  w.StartObject();
  w.Key("trial");
  WriteEntity(w, t.trial);
  w.Key("names");
  w.StringList(t.names);
  w.Key("registry_ids");
  w.StringList(t.registry_ids);
  w.KeyString("phase", t.phase);
  w.KeyString("status", t.status);
  w.KeyString("sponsor", t.sponsor);
  w.Key("drugs");
  w.StartArray();
  for (const EntityRef& d : t.drugs) WriteEntity(w, d);
  w.EndArray();
  w.Key("refs");
  WriteRefs(w, t.refs);
  w.EndObject();
}

void WriteOutcome(JsonOut& w, const OutcomeRow& o) {
  w.StartObject();
  w.KeyString("fact", o.fact_id);
  w.Key("subject");
  WriteEntity(w, o.subject);
  w.Key("object");
  WriteEntity(w, o.object);
  w.KeyString("measure", o.measure);
  w.KeyString("value", o.value);
  w.KeyString("unit", o.unit);
  w.KeyString("qualifier", o.qualifier);
  w.KeyString("horizon", o.horizon);
  w.KeyString("group", o.group);
  w.KeyString("drug", o.drug);
  w.Key("evidence");
  WriteEvidence(w, o.evidence);
  w.EndObject();
}

void WriteFactLines(JsonOut& w,
                    const std::map<std::string, std::vector<FactLine>>& group) {
  w.StartObject();
  for (const auto& [predicate, lines] : group) {
    w.Key(predicate);
    w.StartArray();
    for (const FactLine& l : lines) {
      w.StartObject();
      w.KeyString("fact", l.fact_id);
      w.Key("other");
      WriteEntity(w, l.other);
      w.Key("attributes");
      w.StringMap(l.attributes);
      w.Key("refs");
      WriteRefs(w, l.refs);
      w.Key("evidence_count");
      w.Uint(l.evidence_count);
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
  JsonOut w;
  Begin(w, "agents", kAgentsJsonFormat);
  w.Key("target");
  WriteEntity(w, r.target);
  w.Key("max_hops");
  w.Int(r.max_hops);
  w.KeyString("kind", AgentKindName(r.kind));
  w.KeyString("sort", AgentSortName(r.sort));
  w.Key("total");
  w.Uint(r.total);
  w.Key("offset");
  w.Uint(r.offset);
  w.Key("limit");
  w.Uint(r.limit);
  w.Key("agents");
  w.StartArray();
  for (const Agent& a : r.agents) {
    w.StartObject();
    w.Key("agent");
    WriteEntity(w, a.entity);
    w.Key("hops");
    w.Int(a.hops);
    w.Key("via");
    w.StartArray();
    for (const EntityRef& v : a.via) WriteEntity(w, v);
    w.EndArray();
    w.Key("ref_count");
    w.Uint(a.ref_count);
    w.Key("source_count");
    w.Uint(a.source_count);
    w.Key("rank_group");
    w.Int(a.rank_group);
    w.KeyString("mechanism", a.mechanism);
    w.Key("acts_on");
    WriteEntity(w, a.acts_on);
    w.Key("paths");
    WritePaths(w, a.paths);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(w);
}

std::string AgentsText(const AgentsResult& r, size_t width) {
  std::ostringstream out;
  if (r.total == 0) {
    out << "no agents found for " << r.target.label << " (" << r.target.id << ") within "
        << r.max_hops << (r.max_hops == 1 ? " hop\n" : " hops\n");
    return out.str();
  }
  // "12 found" when the page holds them all, else which of them it shows.
  std::string count = std::to_string(r.total) + " found";
  if (r.agents.size() != r.total) {
    const std::string first = "#" + std::to_string(r.offset + 1);
    if (r.agents.empty()) {
      count += "; none from " + first;
    } else {
      count += "; " + first;
      if (r.agents.size() > 1) count += "-" + std::to_string(r.offset + r.agents.size());
      count += " shown";
    }
  }
  out << Truncate("agents for " + r.target.label + " (" + r.target.id + "), " + count,
                  width)
      << "\n";
  if (r.agents.empty()) return out.str();
  out << "\n";
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < r.agents.size(); ++i) {
    const Agent& a = r.agents[i];
    std::vector<std::string> via;
    for (const EntityRef& v : a.via) via.push_back(v.label);
    rows.push_back({std::to_string(r.offset + i + 1), a.entity.label,
                    a.entity.kind == "drug_class" ? "class" : a.entity.kind,
                    std::to_string(a.rank_group), Join(via, ", "),
                    std::to_string(a.source_count), std::to_string(a.ref_count),
                    std::to_string(a.hops)});
  }
  out << RenderTable({"#", "AGENT", "KIND", "GROUP", "VIA", "SOURCES", "REFS", "HOPS"},
                     rows, width, {true, false, false, true, false, true, true, true});
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
    out << "\n"
        << Truncate(std::to_string(r.offset + i + 1) + ". " + a.entity.label, width)
        << "\n";
    for (const std::string& line : Wrap("mechanism: " + a.mechanism, width, "   ")) {
      out << line << "\n";
    }
    const auto& path = a.paths.front();
    for (const std::string& line : WrapPath(path, width, "   ", "     "))
      out << line << "\n";
    for (const EdgeInfo& e : path) EdgeLines(out, e, width, "   - ");
    if (a.paths.size() > 1) {
      out << "   (+" << a.paths.size() - 1 << " more paths; --json lists them)\n";
    }
  }
  return out.str();
}

// ---- show -------------------------------------------------------------------

std::string CardJson(const Card& c) {
  JsonOut w;
  Begin(w, "show");
  w.Key("entity");
  WriteEntity(w, c.entity);
  w.Key("aliases");
  w.StringList(c.aliases);
  w.Key("attributes");
  w.StringMap(c.attributes);
  w.Key("out");
  WriteFactLines(w, c.out);
  w.Key("in");
  WriteFactLines(w, c.in);
  w.Key("trials");
  w.StartArray();
  for (const TrialRow& t : c.trials) WriteTrial(w, t);
  w.EndArray();
  w.Key("outcomes");
  w.StartArray();
  for (const OutcomeRow& o : c.outcomes) WriteOutcome(w, o);
  w.EndArray();
  w.Key("sources");
  w.StringList(c.sources);
  w.Key("named_in");
  w.StartArray();
  for (const MentionRow& row : c.named_in) {
    w.StartObject();
    w.KeyString("source", row.mentions.source);
    w.Key("body");
    w.Uint(row.mentions.body);
    w.Key("references");
    w.Uint(row.mentions.references);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(w);
}

std::string CardText(const Card& c, size_t width) {
  std::ostringstream out;
  out << Truncate(c.entity.label + "  (" + c.entity.kind + ", " + c.entity.id + ")",
                  width)
      << "\n";
  if (!c.aliases.empty()) {
    for (const auto& line : Wrap("aliases: " + Join(c.aliases, ", "), width, "")) {
      out << line << "\n";
    }
  }
  for (const auto& [k, v] : c.attributes) out << Truncate(k + ": " + v, width) << "\n";
  auto facts = [&](const char* title,
                   const std::map<std::string, std::vector<FactLine>>& g, bool outgoing) {
    if (g.empty()) return;
    out << "\n" << title << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [p, lines] : g) {
      for (const FactLine& l : lines) {
        std::vector<std::string> attrs;
        for (const auto& [k, v] : l.attributes) attrs.push_back(k + "=" + v);
        std::string other =
            l.other.label + (attrs.empty() ? "" : " {" + Join(attrs, ", ") + "}");
        rows.push_back({outgoing ? p : p, other, RefsLine(l.refs)});
      }
    }
    out << RenderTable({"PREDICATE", outgoing ? "OBJECT" : "SUBJECT", "REFS"}, rows,
                       width);
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
      rows.push_back({o.subject.label, o.measure, o.qualifier + o.value + o.unit,
                      o.horizon, o.group});
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
  JsonOut w;
  Begin(w, "mentions");
  w.Key("entity");
  WriteEntity(w, r.entity);
  w.Key("sources");
  w.StartArray();
  for (const MentionRow& row : r.sources) {
    const graph::SourceMentions& m = row.mentions;
    w.StartObject();
    w.KeyString("source", m.source);
    w.KeyString("title", row.title);
    w.KeyString("in", m.Places().front().in);
    w.Key("body");
    w.Uint(m.body);
    w.Key("references");
    w.Uint(m.references);
    w.Key("body_spans");
    WriteSpans(w, m.body_spans);
    w.Key("reference_spans");
    WriteSpans(w, m.reference_spans);
    w.KeyString("sentence", m.sentence);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(w);
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
  JsonOut w;
  Begin(w, "trials");
  w.Key("filter");
  w.StartObject();
  w.KeyString("drug", f.drug);
  w.KeyString("target", f.target);
  w.KeyString("phase", f.phase);
  w.KeyString("status", f.status);
  w.EndObject();
  w.Key("trials");
  w.StartArray();
  for (const TrialRow& t : rows) WriteTrial(w, t);
  w.EndArray();
  w.EndObject();
  return Finish(w);
}

std::string TrialsText(const std::vector<TrialRow>& rows, size_t width) {
  if (rows.empty()) return "no trials found\n";
  std::vector<std::vector<std::string>> cells;
  for (const TrialRow& t : rows) {
    std::vector<std::string> drugs;
    for (const EntityRef& d : t.drugs) drugs.push_back(d.label);
    cells.push_back(
        {t.trial.label, t.phase, t.status, Join(drugs, ", "), RefsLine(t.refs)});
  }
  return RenderTable({"TRIAL", "PHASE", "STATUS", "DRUGS", "REFS"}, cells, width);
}

std::string OutcomesJson(const OutcomeFilter& f, const std::vector<OutcomeRow>& rows) {
  JsonOut w;
  Begin(w, "outcomes");
  w.Key("filter");
  w.StartObject();
  w.KeyString("trial", f.trial);
  w.KeyString("drug", f.drug);
  w.KeyString("measure", f.measure);
  w.KeyString("group", f.group);
  w.EndObject();
  w.Key("outcomes");
  w.StartArray();
  for (const OutcomeRow& o : rows) WriteOutcome(w, o);
  w.EndArray();
  w.EndObject();
  return Finish(w);
}

std::string OutcomesText(const std::vector<OutcomeRow>& rows, size_t width) {
  if (rows.empty()) return "no outcomes found\n";
  std::vector<std::vector<std::string>> cells;
  for (const OutcomeRow& o : rows) {
    std::vector<RefInfo> refs;
    for (const EvidenceInfo& e : o.evidence)
      refs.insert(refs.end(), e.refs.begin(), e.refs.end());
    std::vector<std::string> ns;
    for (const RefInfo& r : refs) {
      if (std::find(ns.begin(), ns.end(), r.n) == ns.end()) ns.push_back(r.n);
    }
    cells.push_back({o.subject.label, o.measure, o.qualifier + o.value + o.unit,
                     o.horizon, o.group, RefsCell(ns)});
  }
  return RenderTable({"COHORT", "MEASURE", "VALUE", "HORIZON", "GROUP", "REFS"}, cells,
                     width);
}

// ---- paths and neighbours -------------------------------------------------------

std::string PathsJson(const PathsResult& r) {
  JsonOut w;
  Begin(w, "path");
  w.Key("from");
  WriteEntity(w, r.from);
  w.Key("to");
  WriteEntity(w, r.to);
  w.Key("hops");
  if (r.hops < 0) {
    w.Null();
  } else {
    w.Int(r.hops);
  }
  w.Key("paths");
  WritePaths(w, r.paths);
  w.EndObject();
  return Finish(w);
}

std::string PathsText(const PathsResult& r, size_t width) {
  std::ostringstream out;
  if (r.paths.empty()) {
    out << "no path found between " << r.from.label << " and " << r.to.label << "\n";
    return out.str();
  }
  out << Truncate(std::to_string(r.paths.size()) + " shortest path" +
                      (r.paths.size() == 1 ? "" : "s") + " of " + std::to_string(r.hops) +
                      " hop" + (r.hops == 1 ? "" : "s") + " from " + r.from.label +
                      " to " + r.to.label,
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
  JsonOut w;
  Begin(w, "neighbors");
  w.Key("center");
  WriteEntity(w, r.center);
  w.Key("depth");
  w.Int(r.depth);
  w.KeyString("predicate", r.predicate);
  w.Key("neighbors");
  w.StartArray();
  for (const Neighbor& n : r.neighbors) {
    w.StartObject();
    w.Key("entity");
    WriteEntity(w, n.entity);
    w.Key("distance");
    w.Int(n.distance);
    w.Key("via");
    WriteEdge(w, n.via);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(w);
}

std::string NeighborsText(const NeighborsResult& r, size_t width) {
  if (r.neighbors.empty()) return "no neighbors found for " + r.center.label + "\n";
  std::vector<std::vector<std::string>> cells;
  for (const Neighbor& n : r.neighbors) {
    std::string edge =
        n.via.subject.label + " -" + n.via.predicate + "-> " + n.via.object.label;
    std::set<std::string> seen;
    std::vector<std::string> ns;
    for (const EvidenceInfo& e : n.via.evidence) {
      for (const RefInfo& ref : e.refs) {
        if (seen.insert(ref.n).second) ns.push_back(ref.n);
      }
    }
    cells.push_back({std::to_string(n.distance), n.entity.label,
                     n.entity.kind == "drug_class" ? "class" : n.entity.kind, edge,
                     RefsCell(ns)});
  }
  return RenderTable({"DIST", "ENTITY", "KIND", "VIA", "REFS"}, cells, width,
                     {true, false, false, false, false});
}

// ---- sources and references -------------------------------------------------------

std::string SourcesJson(const std::vector<graph::Source>& sources) {
  JsonOut w;
  Begin(w, "sources");
  w.Key("sources");
  w.StartArray();
  for (const graph::Source& s : sources) {
    w.StartObject();
    w.KeyString("id", s.id);
    w.KeyString("path", s.path);
    w.KeyString("content_hash", s.content_hash);
    w.KeyString("title", s.title);
    w.KeyString("journal", s.journal);
    w.KeyString("year", s.year);
    w.KeyString("doi", s.doi);
    w.KeyString("pmid", s.pmid);
    w.KeyString("pmcid", s.pmcid);
    w.KeyString("license", s.license);
    w.Key("authors");
    w.StringList(s.authors);
    w.Key("counts");
    w.StartObject();
    w.Key("sentences");
    w.Uint(s.counts.sentences);
    w.Key("entities");
    w.Uint(s.counts.entities);
    w.Key("facts");
    w.Uint(s.counts.facts);
    w.Key("references");
    w.Uint(s.counts.references);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(w);
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
  JsonOut w;
  Begin(w, "refs");
  w.KeyString("source", source);
  w.Key("references");
  w.StartArray();
  for (const graph::Reference& r : refs) {
    w.StartObject();
    w.KeyString("n", r.n);
    w.KeyString("citation", r.ShortCitation());
    w.Key("authors");
    w.StringList(r.authors);
    w.KeyString("first_author", r.first_author);
    w.KeyString("title", r.title);
    w.KeyString("journal", r.journal);
    w.KeyString("year", r.year);
    w.KeyString("volume", r.volume);
    w.KeyString("pages", r.pages);
    w.KeyString("doi", r.doi);
    w.KeyString("pmid", r.pmid);
    w.KeyString("pmcid", r.pmcid);
    w.KeyString("url", r.url);
    w.KeyString("registry_id", r.registry_id);
    w.KeyString("kind", r.kind);
    w.KeyString("raw", r.raw);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish(w);
}

std::string RefsText(std::string_view source, const std::vector<graph::Reference>& refs,
                     size_t width) {
  if (refs.empty()) return "no references for " + std::string(source) + "\n";
  std::vector<std::vector<std::string>> cells;
  for (const graph::Reference& r : refs) {
    cells.push_back({r.n, r.ShortCitation(), r.Locator(), r.title});
  }
  // The ID column (PMID, else DOI, else PMCID) only when an entry prints one.
  const bool ids = std::any_of(refs.begin(), refs.end(), [](const graph::Reference& r) {
    return !r.Locator().empty();
  });
  if (!ids) {
    for (auto& row : cells) row.erase(row.begin() + 2);
    return RenderTable({"N", "CITATION", "TITLE"}, cells, width, {true, false, false});
  }
  return RenderTable({"N", "CITATION", "ID", "TITLE"}, cells, width,
                     {true, false, false, false});
}

}  // namespace lg::query
