// Mention counts: how often and where a document names each entity, in its
// body and in its reference list (graph::SourceMentions), attached to the
// entities one source contributes.
//
// Start here: AttachMentions, called by Pipeline::ExtractBytes after Relate.
// Thread-safety: pure function of its inputs.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "graph/model.h"
#include "ingest/document.h"
#include "ingest/recognize.h"

namespace lg::ingest {

// Spans kept per entity, source and place (body or reference list): the
// first ones in text order.
inline constexpr size_t kMaxMentionSpans = 5;
// The sentence kept with the first mention is cut to a window of at most this
// many original bytes around the mention (as relate.cc cuts evidence).
inline constexpr size_t kMaxMentionSentenceBytes = 1024;

// Gives every entity of `entities` (sorted by id) one SourceMentions for
// `source_id`: the mentions of it in `body` (Recognizer::Recognize) and in
// `references` (Recognizer::RecognizeReferences), each counted once per
// distinct span, with the first kMaxMentionSpans spans of each place in
// original-byte offsets and the sentence (or, for an entity the body does not
// name, the reference entry) of its first mention.
// A mention's entity is `canonical[entity_id]` when present (trial identity:
// Extraction::canonical), else its entity_id. An entity only the reference
// list names is added to `entities` (kind from its id, the mention's label,
// its surface form as alias; trials get their "names" or "registry_ids"), so
// the list stays sorted by id. Entities no mention names (a fusion's partner
// gene, a condition a rule implies) get zero counts.
void AttachMentions(const Document& doc, const std::vector<Mention>& body,
                    const std::vector<Mention>& references,
                    const std::map<std::string, std::string>& canonical,
                    const std::string& source_id, std::vector<graph::Entity>* entities);

}  // namespace lg::ingest
