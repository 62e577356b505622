#include "query/export.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

namespace lg::query {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
void KeyStr(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  Str(w, value);
}
void KeyStrOrNull(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    Str(w, value);
  }
}
void StrList(Writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const auto& s : items) Str(w, s);
  w.EndArray();
}
std::vector<std::string> SplitBar(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t bar = s.find('|', start);
    out.push_back(s.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

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
    out_.write(buf_.GetString(), static_cast<std::streamsize>(buf_.GetSize()));
    out_.put('\n');
    buf_.Clear();
  }

  void WriteSource(const graph::Source& s) {
    Writer w(buf_);
    w.StartObject();
    KeyStr(w, "type", "node");
    KeyStr(w, "id", graph::MakeEntityId(graph::EntityKind::kSource, s.id));
    KeyStr(w, "kind", "source");
    KeyStr(w, "label", s.title.empty() ? s.id : s.title);
    KeyStr(w, "path", s.path);
    KeyStr(w, "content_hash", s.content_hash);
    KeyStrOrNull(w, "title", s.title);
    KeyStrOrNull(w, "doi", s.doi);
    KeyStrOrNull(w, "pmid", s.pmid);
    KeyStrOrNull(w, "pmcid", s.pmcid);
    KeyStrOrNull(w, "license", s.license);
    KeyStrOrNull(w, "journal", s.journal);
    KeyStrOrNull(w, "year", s.year);
    w.Key("authors");
    StrList(w, s.authors);
    w.Key("counts");
    w.StartObject();
    w.Key("sentences");
    w.Uint64(s.counts.sentences);
    w.Key("entities");
    w.Uint64(s.counts.entities);
    w.Key("facts");
    w.Uint64(s.counts.facts);
    w.Key("references");
    w.Uint64(s.counts.references);
    w.EndObject();
    w.EndObject();
    Emit();
  }

  void WriteEntity(const graph::Entity& e) {
    Writer w(buf_);
    w.StartObject();
    KeyStr(w, "type", "node");
    KeyStr(w, "id", e.id);
    KeyStr(w, "kind", graph::KindName(e.kind));
    KeyStr(w, "label", e.label);
    w.Key("aliases");
    StrList(w, e.aliases);
    if (e.kind == graph::EntityKind::kTrial) {
      auto get = [&](const char* k) -> std::string {
        auto it = e.attributes.find(k);
        return it == e.attributes.end() ? "" : it->second;
      };
      w.Key("names");
      StrList(w, SplitBar(get(graph::attr::kNames)));
      w.Key("registry_ids");
      StrList(w, SplitBar(get(graph::attr::kRegistryIds)));
      KeyStrOrNull(w, "phase", get(graph::attr::kPhase));
      KeyStrOrNull(w, "status", get(graph::attr::kStatus));
      KeyStrOrNull(w, "sponsor", get(graph::attr::kSponsor));
    }
    w.Key("attributes");
    w.StartObject();
    for (const auto& [k, v] : e.attributes) KeyStr(w, k.c_str(), v);
    w.EndObject();
    w.Key("sources");
    w.StartArray();
    for (const graph::SourceMentions& m : e.sources) {
      for (const graph::SourceMentions::Place& place : m.Places()) {
        w.StartObject();
        KeyStr(w, "source", m.source);
        w.Key("mentions");
        w.Uint64(place.mentions);
        KeyStr(w, "in", place.in);
        w.Key("spans");
        w.StartArray();
        for (const graph::Span& span : *place.spans) {
          w.StartArray();
          w.Uint64(span.begin);
          w.Uint64(span.end);
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
    Writer w(buf_);
    w.StartObject();
    KeyStr(w, "type", "node");
    KeyStr(w, "id", graph::MakeEntityId(graph::EntityKind::kReference, r.source + "#" + r.n));
    KeyStr(w, "kind", "reference");
    KeyStr(w, "label", "[" + r.n + "] " + r.ShortCitation());
    KeyStr(w, "source", r.source);
    KeyStr(w, "n", r.n);
    w.Key("authors");
    StrList(w, r.authors);
    KeyStrOrNull(w, "first_author", r.first_author);
    KeyStrOrNull(w, "title", r.title);
    KeyStrOrNull(w, "journal", r.journal);
    KeyStrOrNull(w, "year", r.year);
    KeyStrOrNull(w, "volume", r.volume);
    KeyStrOrNull(w, "pages", r.pages);
    KeyStrOrNull(w, "doi", r.doi);
    KeyStrOrNull(w, "pmid", r.pmid);
    KeyStrOrNull(w, "pmcid", r.pmcid);
    KeyStrOrNull(w, "url", r.url);
    KeyStrOrNull(w, "registry_id", r.registry_id);
    KeyStrOrNull(w, "ref_kind", r.kind);
    KeyStr(w, "raw", r.raw);
    w.EndObject();
    Emit();
  }

  void WriteFact(const graph::Fact& f) {
    Writer w(buf_);
    w.StartObject();
    KeyStr(w, "type", "edge");
    KeyStr(w, "id", f.id);
    KeyStr(w, "subject", f.subject);
    KeyStr(w, "predicate", f.predicate);
    KeyStr(w, "object", f.object);
    w.Key("attributes");
    w.StartObject();
    for (const auto& [k, v] : f.attributes) KeyStr(w, k.c_str(), v);
    w.EndObject();
    w.Key("evidence");
    w.StartArray();
    for (const graph::Evidence& ev : f.evidence) {
      w.StartObject();
      KeyStr(w, "source", ev.source);
      KeyStr(w, "sentence", ev.sentence);
      w.Key("span");
      w.StartArray();
      w.Uint64(ev.begin);
      w.Uint64(ev.end);
      w.EndArray();
      w.Key("refs");
      w.StartArray();
      const auto& by_n = refs_[ev.source];
      for (const std::string& n : ev.refs) {
        w.StartObject();
        KeyStr(w, "n", n);
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
          KeyStr(w, "citation", CitationText(it->second));
          KeyStrOrNull(w, "doi", it->second.doi);
          KeyStrOrNull(w, "pmid", it->second.pmid);
          KeyStrOrNull(w, "pmcid", it->second.pmcid);
        }
        w.EndObject();
      }
      w.EndArray();
      w.Key("refs_inherited");
      w.Bool(ev.refs_inherited);
      KeyStr(w, "rule", ev.rule);
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
  rapidjson::StringBuffer buf_;
  std::map<std::string, std::map<std::string, graph::Reference>> refs_;
  std::vector<std::vector<graph::Reference>> ordered_refs_;
};

}  // namespace

Status ExportJsonl(const graph::Store& store, std::ostream& out) {
  return Exporter(store, out).Run();
}

}  // namespace lg::query
