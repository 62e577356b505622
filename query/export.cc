#include "query/export.h"

#include <map>

#include "query/json_out.h"

namespace lg::query {
namespace {

// "Issa GC, et al. The menin inhibitor ... Nature 2023".
std::string CitationText(const graph::Reference& r) {
  if (r.first_author.empty() && r.title.empty()) return r.url.empty() ? r.raw : r.url;
  std::string out = r.authors.empty() ? r.first_author : r.authors.front();
  if (r.authors.size() > 1) out += ", et al";
  out += ". ";
  if (!r.title.empty()) out += r.title + ". ";
  out += r.journal;
  if (!r.year.empty()) out += (r.journal.empty() ? "" : " ") + r.year;
  return out;
}

class Exporter {
 public:
  Exporter(const graph::Store& store, std::ostream& out) : store_(store), out_(out) {}

  Status Run() {
    LG_ASSIGN_OR_RETURN(auto sources, store_.ListSources());
    for (const graph::Source& s : sources) {
      LG_ASSIGN_OR_RETURN(auto refs, store_.GetReferences(s.id));
      auto& by_n = refs_[s.id];
      for (const auto& r : refs) by_n.emplace(r.n, r);
      ordered_refs_.push_back(std::move(refs));
      WriteSource(s);
    }
    LG_RETURN_IF_ERROR(store_.ForEachEntity([&](const graph::Entity& e) {
      WriteEntity(e);
      return Check();
    }));
    for (const auto& refs : ordered_refs_) {
      for (const auto& r : refs) WriteReference(r);  // numeric order, per source
    }
    LG_RETURN_IF_ERROR(store_.ForEachFact([&](const graph::Fact& f) {
      WriteFact(f);
      return Check();
    }));
    return Check();
  }

 private:
  Status Check() {
    if (!out_) return Status::IOError("query: export: write failed");
    return Status::Ok();
  }
  void Emit() {
    std::string_view line = json_.view();
    out_.write(line.data(), static_cast<std::streamsize>(line.size()));
    out_.put('\n');
    json_.Clear();
  }

  void WriteSource(const graph::Source& s) {
    JsonOut& w = json_;
    w.StartObject();
    w.KeyString("type", "node");
    w.KeyString("id", graph::MakeEntityId(graph::EntityKind::kSource, s.id));
    w.KeyString("kind", "source");
    w.KeyString("label", s.title.empty() ? s.id : s.title);
    w.KeyString("path", s.path);
    w.KeyString("content_hash", s.content_hash);
    w.KeyStringOrNull("title", s.title);
    w.KeyStringOrNull("doi", s.doi);
    w.KeyStringOrNull("pmid", s.pmid);
    w.KeyStringOrNull("pmcid", s.pmcid);
    w.KeyStringOrNull("license", s.license);
    w.KeyStringOrNull("journal", s.journal);
    w.KeyStringOrNull("year", s.year);
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
    Emit();
  }

  void WriteEntity(const graph::Entity& e) {
    JsonOut& w = json_;
    w.StartObject();
    w.KeyString("type", "node");
    w.KeyString("id", e.id);
    w.KeyString("kind", graph::KindName(e.kind));
    w.KeyString("label", e.label);
    w.Key("aliases");
    w.StringList(e.aliases);
    if (e.kind == graph::EntityKind::kTrial) {
      auto get = [&](const char* k) -> std::string {
        auto it = e.attributes.find(k);
        return it == e.attributes.end() ? "" : it->second;
      };
      w.Key("names");
      w.StringList(e.List(graph::attr::kNames));
      w.Key("registry_ids");
      w.StringList(e.List(graph::attr::kRegistryIds));
      w.KeyStringOrNull("phase", get(graph::attr::kPhase));
      w.KeyStringOrNull("status", get(graph::attr::kStatus));
      w.KeyStringOrNull("sponsor", get(graph::attr::kSponsor));
    }
    w.Key("attributes");
    w.StartObject();
    for (const auto& [k, v] : e.FlatAttributes()) w.KeyString(k.c_str(), v);
    w.EndObject();
    w.Key("sources");
    w.StartArray();
    for (const graph::SourceMentions& m : e.sources) {
      for (const graph::SourceMentions::Place& place : m.Places()) {
        w.StartObject();
        w.KeyString("source", m.source);
        w.Key("mentions");
        w.Uint(place.mentions);
        w.KeyString("in", place.in);
        w.Key("spans");
        w.StartArray();
        for (const graph::Span& span : *place.spans) {
          w.StartArray();
          w.Uint(span.begin);
          w.Uint(span.end);
          w.EndArray();
        }
        w.EndArray();
        w.EndObject();
      }
    }
    w.EndArray();
    w.Key("format");
    w.Int(kExportEntityFormat);
    w.EndObject();
    Emit();
  }

  void WriteReference(const graph::Reference& r) {
    JsonOut& w = json_;
    w.StartObject();
    w.KeyString("type", "node");
    w.KeyString("id",
                graph::MakeEntityId(graph::EntityKind::kReference, r.source + "#" + r.n));
    w.KeyString("kind", "reference");
    w.KeyString("label", "[" + r.n + "] " + r.ShortCitation());
    w.KeyString("source", r.source);
    w.KeyString("n", r.n);
    w.Key("authors");
    w.StringList(r.authors);
    w.KeyStringOrNull("first_author", r.first_author);
    w.KeyStringOrNull("title", r.title);
    w.KeyStringOrNull("journal", r.journal);
    w.KeyStringOrNull("year", r.year);
    w.KeyStringOrNull("volume", r.volume);
    w.KeyStringOrNull("pages", r.pages);
    w.KeyStringOrNull("doi", r.doi);
    w.KeyStringOrNull("pmid", r.pmid);
    w.KeyStringOrNull("pmcid", r.pmcid);
    w.KeyStringOrNull("url", r.url);
    w.KeyStringOrNull("registry_id", r.registry_id);
    w.KeyStringOrNull("ref_kind", r.kind);
    w.KeyString("raw", r.raw);
    w.EndObject();
    Emit();
  }

  void WriteFact(const graph::Fact& f) {
    JsonOut& w = json_;
    w.StartObject();
    w.KeyString("type", "edge");
    w.KeyString("id", f.id);
    w.KeyString("subject", f.subject);
    w.KeyString("predicate", f.predicate);
    w.KeyString("object", f.object);
    w.Key("attributes");
    w.StartObject();
    for (const auto& [k, v] : f.FlatAttributes()) w.KeyString(k.c_str(), v);
    w.EndObject();
    w.Key("evidence");
    w.StartArray();
    for (const graph::Evidence& ev : f.evidence) {
      w.StartObject();
      w.KeyString("source", ev.source);
      w.KeyString("sentence", ev.sentence);
      w.Key("span");
      w.StartArray();
      w.Uint(ev.begin);
      w.Uint(ev.end);
      w.EndArray();
      w.Key("refs");
      w.StartArray();
      const auto& by_n = refs_[ev.source];
      for (const std::string& n : ev.refs) {
        w.StartObject();
        w.KeyString("n", n);
        auto it = by_n.find(n);
        if (it == by_n.end()) {
          w.Key("citation");
          w.Null();
          w.Key("doi");
          w.Null();
          w.Key("pmid");
          w.Null();
          w.Key("pmcid");
          w.Null();
        } else {
          w.KeyString("citation", CitationText(it->second));
          w.KeyStringOrNull("doi", it->second.doi);
          w.KeyStringOrNull("pmid", it->second.pmid);
          w.KeyStringOrNull("pmcid", it->second.pmcid);
        }
        w.EndObject();
      }
      w.EndArray();
      w.Key("refs_inherited");
      w.Bool(ev.refs_inherited);
      w.KeyString("rule", ev.rule);
      w.Key("stated");
      w.Bool(ev.stated);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    Emit();
  }

  const graph::Store& store_;
  std::ostream& out_;
  JsonOut json_;  // the line being written
  std::map<std::string, std::map<std::string, graph::Reference>> refs_;
  std::vector<std::vector<graph::Reference>> ordered_refs_;
};

}  // namespace

Status ExportJsonl(const graph::Store& store, std::ostream& out) {
  return Exporter(store, out).Run();
}

}  // namespace lg::query
