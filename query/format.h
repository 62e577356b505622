// Rendering of query results (query/engine.h): JSON for scripts, in the
// shapes documented in query/JSON.md "## Query output" (deterministic key
// order, "format": 1 in every top-level object), and aligned text tables for
// people that fit `width` columns (long cells end in "…", sentences wrap).
//
// Every function returns the whole text, ending in "\n". An empty result is
// rendered as such: the JSON has an empty list; the text says
// "no agents found for X" (and the like).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "query/engine.h"

namespace lg::query {

inline constexpr int kJsonFormat = 1;
// The agents answer: 2 since it is ranked by mechanism and its agents carry
// source_count, rank_group and mechanism (query/JSON.md).
inline constexpr int kAgentsJsonFormat = 3;

std::string AgentsJson(const AgentsResult& result);
std::string AgentsText(const AgentsResult& result, size_t width = 80);

std::string CardJson(const Card& card);
std::string CardText(const Card& card, size_t width = 80);

std::string MentionsJson(const MentionsResult& result);
std::string MentionsText(const MentionsResult& result, size_t width = 80);

std::string TrialsJson(const TrialFilter& filter, const std::vector<TrialRow>& rows);
std::string TrialsText(const std::vector<TrialRow>& rows, size_t width = 80);

std::string OutcomesJson(const OutcomeFilter& filter,
                         const std::vector<OutcomeRow>& rows);
std::string OutcomesText(const std::vector<OutcomeRow>& rows, size_t width = 80);

std::string PathsJson(const PathsResult& result);
std::string PathsText(const PathsResult& result, size_t width = 80);

std::string NeighborsJson(const NeighborsResult& result);
std::string NeighborsText(const NeighborsResult& result, size_t width = 80);

std::string SourcesJson(const std::vector<graph::Source>& sources);
std::string SourcesText(const std::vector<graph::Source>& sources, size_t width = 80);

std::string RefsJson(std::string_view source, const std::vector<graph::Reference>& refs);
std::string RefsText(std::string_view source, const std::vector<graph::Reference>& refs,
                     size_t width = 80);

// Text helpers, exposed for tests. Widths count UTF-8 code points.
size_t DisplayWidth(std::string_view s);
// `s` cut to `width` code points, the last one replaced by "…" when cut.
std::string Truncate(std::string_view s, size_t width);
// Words of `s` on lines of at most `width` code points (a longer word is
// truncated); each line starts with `indent` (counted in the width).
std::vector<std::string> Wrap(std::string_view s, size_t width, std::string_view indent);

// Columns of cells, aligned with two spaces between columns. Columns in
// `right_aligned` are right-aligned. When the natural width exceeds `width`,
// the widest column is narrowed (cells truncated) until the table fits.
std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows, size_t width,
                        const std::vector<bool>& right_aligned = {});

}  // namespace lg::query
