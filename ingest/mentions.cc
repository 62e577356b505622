#include "ingest/mentions.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "graph/text_util.h"

namespace lg::ingest {
namespace {

using graph::Span;

using graph::IsUtf8Continuation;

// The original bytes [b, e) of `text` cut to at most kMaxMentionSentenceBytes
// around the span [mb, me): the cut ends fall on spaces when there are any
// near them, never inside a UTF-8 sequence.
std::string Window(const std::string& text, uint64_t b, uint64_t e, uint64_t mb,
                   uint64_t me) {
  if (e - b <= kMaxMentionSentenceBytes) return text.substr(b, e - b);
  uint64_t half = kMaxMentionSentenceBytes / 2;
  uint64_t centre = mb + (std::min(me, e) - mb) / 2;
  uint64_t wb = centre > b + half ? centre - half : b;
  uint64_t we = std::min(e, wb + kMaxMentionSentenceBytes);
  wb = we - wb < kMaxMentionSentenceBytes && we == e ? e - kMaxMentionSentenceBytes : wb;
  // Snap inwards to a space (at most a few words away), else to a character.
  if (wb > b) {
    uint64_t space = text.find(' ', wb);
    if (space != std::string::npos && space < mb && space - wb < 64) wb = space + 1;
    while (wb < we && IsUtf8Continuation(text[wb])) ++wb;
  }
  if (we < e) {
    uint64_t space = text.rfind(' ', we);
    if (space != std::string::npos && space >= me && we - space < 64) we = space;
    while (we > wb && IsUtf8Continuation(text[we])) --we;
  }
  return text.substr(wb, we - wb);
}

struct Tally {
  std::set<std::pair<size_t, size_t>> spans;  // distinct normalised spans
  const Mention* first = nullptr;             // in text order
};

// Mentions by final entity id, each place counted by distinct span.
std::map<std::string, Tally> TallyByEntity(
    const std::vector<Mention>& mentions,
    const std::map<std::string, std::string>& canonical) {
  std::map<std::string, Tally> out;
  for (const Mention& m : mentions) {
    auto it = canonical.find(m.entity_id);
    Tally& t = out[it == canonical.end() ? m.entity_id : it->second];
    t.spans.emplace(m.begin, m.end);
    if (t.first == nullptr ||
        std::tie(m.begin, m.end) < std::tie(t.first->begin, t.first->end)) {
      t.first = &m;
    }
  }
  return out;
}

std::vector<Span> FirstSpans(const Document& doc, const Tally& t) {
  std::vector<Span> spans;
  for (const auto& [b, e] : t.spans) {
    if (spans.size() == kMaxMentionSpans) break;
    auto [ob, oe] = doc.text.ToOriginal(b, e);
    spans.push_back(Span{ob, oe});
  }
  return spans;
}

// The entity an entry of the reference list names when the body does not.
graph::Entity ReferenceOnlyEntity(const std::string& id, const Mention& m) {
  graph::Entity e;
  e.id = id;
  auto parsed = graph::ParseEntityId(id);
  e.kind = parsed.ok() ? parsed->kind : graph::EntityKind::kGene;
  e.label = m.label.empty() && parsed.ok() ? parsed->key : m.label;
  if (!m.surface.empty()) e.aliases.push_back(m.surface);
  if (e.kind == graph::EntityKind::kTrial) {
    e.list_attributes[m.trial_form == "registry" ? graph::attr::kRegistryIds
                                                 : graph::attr::kNames] = {e.label};
  }
  return e;
}

}  // namespace

void AttachMentions(const Document& doc, const std::vector<Mention>& body,
                    const std::vector<Mention>& references,
                    const std::map<std::string, std::string>& canonical,
                    const std::string& source_id, std::vector<graph::Entity>* entities) {
  std::map<std::string, Tally> in_body = TallyByEntity(body, canonical);
  std::map<std::string, Tally> in_refs = TallyByEntity(references, canonical);

  // Entities only the reference list names.
  std::set<std::string> known;
  for (const graph::Entity& e : *entities) known.insert(e.id);
  bool added = false;
  for (const auto& [id, tally] : in_refs) {
    if (known.count(id)) continue;
    entities->push_back(ReferenceOnlyEntity(id, *tally.first));
    added = true;
  }
  if (added) {
    std::sort(entities->begin(), entities->end(),
              [](const graph::Entity& a, const graph::Entity& b) { return a.id < b.id; });
  }

  const std::string& original = doc.text.original;
  for (graph::Entity& e : *entities) {
    graph::SourceMentions m;
    m.source = source_id;
    if (auto it = in_body.find(e.id); it != in_body.end()) {
      m.body = it->second.spans.size();
      m.body_spans = FirstSpans(doc, it->second);
      const Mention& first = *it->second.first;
      const Sentence& s = doc.sentences[first.sentence];
      auto [sb, se] = doc.text.ToOriginal(s.begin, s.end);
      m.sentence = Window(original, sb, se, m.body_spans[0].begin, m.body_spans[0].end);
    }
    if (auto it = in_refs.find(e.id); it != in_refs.end()) {
      m.references = it->second.spans.size();
      m.reference_spans = FirstSpans(doc, it->second);
      if (m.sentence.empty()) {
        const Block& entry = doc.blocks[it->second.first->sentence];
        auto [rb, re] = doc.text.ToOriginal(entry.begin, entry.end);
        m.sentence = Window(original, rb, re, m.reference_spans[0].begin,
                            m.reference_spans[0].end);
      }
    }
    e.sources.assign(1, std::move(m));
  }
}

}  // namespace lg::ingest
