#include "query/complete.h"

#include <algorithm>
#include <tuple>

#include "query/json_out.h"

namespace lg::query {

std::vector<Completion> Complete(const View& view, std::string_view prefix, size_t max) {
  std::string want = graph::NormalizeAlias(prefix);
  if (want.empty()) return {};
  struct Hit {
    int tier;  // 0: prefix, 1: inside
    std::string text;
    View::Vertex v;
  };
  std::vector<Hit> hits;
  // Every name is a candidate: one pass over all records (a view built from
  // the graph image reads them in one scan, not one by one).
  const std::vector<graph::Entity>& entities = view.entities();
  for (View::Vertex v = 0; v < entities.size(); ++v) {
    const graph::Entity& e = entities[v];
    if (e.kind == graph::EntityKind::kSource || e.kind == graph::EntityKind::kReference) {
      continue;
    }
    std::optional<Hit> best;
    auto consider = [&](const std::string& name) {
      size_t at = graph::NormalizeAlias(name).find(want);
      if (at == std::string::npos) return;
      Hit h{at == 0 ? 0 : 1, name, v};
      if (!best || std::make_tuple(h.tier, h.text.size(), h.text) <
                       std::make_tuple(best->tier, best->text.size(), best->text)) {
        best = h;
      }
    };
    consider(e.label);
    for (const std::string& a : e.aliases) consider(a);
    if (best) hits.push_back(std::move(*best));
  }
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    return std::make_tuple(a.tier, a.text.size(), a.text, view.id(a.v)) <
           std::make_tuple(b.tier, b.text.size(), b.text, view.id(b.v));
  });
  if (hits.size() > max) hits.resize(max);
  std::vector<Completion> out;
  for (const Hit& h : hits) out.push_back({h.text, MakeEntityRef(view, h.v)});
  return out;
}

std::string CompletionsJson(std::string_view prefix,
                            const std::vector<Completion>& items) {
  JsonOut j;
  j.StartObject();
  j.Key("format").Int(1);
  j.Key("query").String("complete");
  j.Key("q").String(prefix);
  j.Key("completions").StartArray();
  for (const Completion& c : items) {
    j.StartObject();
    j.Key("text").String(c.text);
    j.Key("entity").StartObject();
    j.Key("id").String(c.entity.id);
    j.Key("kind").String(c.entity.kind);
    j.Key("label").String(c.entity.label);
    j.EndObject();
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  return j.str() + "\n";
}

}  // namespace lg::query
