// Completion of what a person is typing into an entity name, for the search
// box of the web page (`GET /v1/complete?q=`).
//
// Thread-safety: pure functions over a const View.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/view/view.h"
#include "query/engine.h"

namespace lg::query {

struct Completion {
  std::string text;  // the label or alias that matched, as printed
  EntityRef entity;
};

// Entities whose label or an alias starts with `prefix` (compared as
// graph::NormalizeAlias forms), then those where it occurs later; one per
// entity (its shortest matching name), shorter names first, then
// alphabetically; at most `max`. Empty for an empty (normalised) prefix.
std::vector<Completion> Complete(const View& view, std::string_view prefix,
                                 size_t max = 10);

// {"format":1,"query":"complete","q":"...","completions":[{"text","entity":entity}]}
std::string CompletionsJson(std::string_view prefix,
                            const std::vector<Completion>& items);

}  // namespace lg::query
