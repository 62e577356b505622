#include "query/params.h"

#include <algorithm>
#include <charconv>

namespace lg::query {

bool QueryParams::Has(std::string_view key) const {
  return std::any_of(pairs_.begin(), pairs_.end(),
                     [&](const auto& kv) { return kv.first == key; });
}

std::string QueryParams::Get(std::string_view key) const { return GetOr(key, ""); }

std::string QueryParams::GetOr(std::string_view key, std::string_view fallback) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return v;
  }
  return std::string(fallback);
}

Result<std::string> QueryParams::Required(std::string_view key) const {
  std::string value = Get(key);
  if (value.empty()) {
    return Status::InvalidArgument("serve: missing query parameter '" + std::string(key) +
                                   "'");
  }
  return value;
}

std::optional<int> ParseIntAtLeast(std::string_view text, int min) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // Digits only: from_chars also reads a sign, and "-0" is no count.
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min ||
      text[0] == '-') {
    return std::nullopt;
  }
  return value;
}

namespace {

// The value of `key` as an integer >= min (0 or 1), or `fallback` when absent.
Result<int> IntAtLeast(const QueryParams& params, std::string_view key, int min,
                       int fallback) {
  if (!params.Has(key)) return fallback;
  std::string text = params.Get(key);
  std::optional<int> value = ParseIntAtLeast(text, min);
  if (!value) {
    return Status::InvalidArgument(
        "serve: query parameter '" + std::string(key) + "' needs a " +
        (min > 0 ? "positive" : "non-negative") + " integer, got '" + text + "'");
  }
  return *value;
}

Result<size_t> MaxEvidence(const QueryParams& params) {
  LG_ASSIGN_OR_RETURN(int n, params.NonNegativeInt(
                                 "max_evidence", static_cast<int>(kDefaultMaxEvidence)));
  return static_cast<size_t>(n);
}

}  // namespace

Result<int> QueryParams::PositiveInt(std::string_view key, int fallback) const {
  return IntAtLeast(*this, key, 1, fallback);
}

Result<int> QueryParams::NonNegativeInt(std::string_view key, int fallback) const {
  return IntAtLeast(*this, key, 0, fallback);
}

Result<AgentsParams> ParseAgentsParams(const QueryParams& params) {
  AgentsParams out;
  LG_ASSIGN_OR_RETURN(out.target, params.Required("target"));
  LG_ASSIGN_OR_RETURN(out.options.max_hops,
                      params.PositiveInt("max_hops", out.options.max_hops));
  LG_ASSIGN_OR_RETURN(out.options.max_evidence, MaxEvidence(params));
  LG_ASSIGN_OR_RETURN(
      int limit, params.NonNegativeInt("limit", static_cast<int>(kDefaultAgentsLimit)));
  LG_ASSIGN_OR_RETURN(int offset, params.NonNegativeInt("offset", 0));
  out.options.limit = static_cast<size_t>(limit);
  out.options.offset = static_cast<size_t>(offset);
  std::string kind = params.GetOr("kind", "any");
  if (kind == "drug") {
    out.options.kind = AgentKind::kDrug;
  } else if (kind == "class") {
    out.options.kind = AgentKind::kClass;
  } else if (kind != "any") {
    return Status::InvalidArgument(
        "serve: query parameter 'kind' must be drug, class or any, got '" + kind + "'");
  }
  const std::string sort = params.GetOr("sort", "mechanism");
  if (auto parsed = ParseAgentSort(sort)) {
    out.options.sort = *parsed;
  } else {
    return Status::InvalidArgument(
        "serve: query parameter 'sort' must be mechanism, refs, sources or hops, got '" +
        sort + "'");
  }
  return out;
}

Result<PathParams> ParsePathParams(const QueryParams& params) {
  PathParams out;
  LG_ASSIGN_OR_RETURN(out.from, params.Required("from"));
  LG_ASSIGN_OR_RETURN(out.to, params.Required("to"));
  LG_ASSIGN_OR_RETURN(out.max_paths, params.PositiveInt("max_paths", out.max_paths));
  LG_ASSIGN_OR_RETURN(out.max_evidence, MaxEvidence(params));
  return out;
}

Result<NeighborsParams> ParseNeighborsParams(const QueryParams& params) {
  NeighborsParams out;
  LG_ASSIGN_OR_RETURN(out.entity, params.Required("entity"));
  LG_ASSIGN_OR_RETURN(out.options.depth, params.PositiveInt("depth", out.options.depth));
  LG_ASSIGN_OR_RETURN(out.options.max_evidence, MaxEvidence(params));
  out.options.predicate = params.Get("predicate");
  return out;
}

TrialFilter ParseTrialsParams(const QueryParams& params) {
  return TrialFilter{params.Get("drug"), params.Get("target"), params.Get("phase"),
                     params.Get("status")};
}

OutcomeFilter ParseOutcomesParams(const QueryParams& params) {
  return OutcomeFilter{params.Get("trial"), params.Get("drug"), params.Get("measure"),
                       params.Get("group")};
}

Result<std::string> ParseMentionsParams(const QueryParams& params) {
  return params.Required("entity");
}

Result<std::string> ParseRefsParams(const QueryParams& params) {
  return params.Required("source");
}

Result<CompleteParams> ParseCompleteParams(const QueryParams& params) {
  CompleteParams out;
  LG_ASSIGN_OR_RETURN(out.max, params.PositiveInt("max", out.max));
  out.max = std::min(out.max, kMaxCompletions);
  out.q = params.Get("q");
  return out;
}

Result<ExportFormat> ParseExportParams(const QueryParams& params) {
  std::string format = params.GetOr("format", "jsonl");
  if (format == "jsonl") return ExportFormat::kJsonl;
  if (format == "graphml") return ExportFormat::kGraphml;
  if (format == "dot") return ExportFormat::kDot;
  return Status::InvalidArgument(
      "serve: query parameter 'format' must be jsonl, graphml or dot, got '" + format +
      "'");
}

std::string ParseCurationParams(const QueryParams& params) {
  return params.GetOr("curator", "api");
}

Result<std::string> ParseIngestParams(const QueryParams& params) {
  return params.Required("source_id");
}

}  // namespace lg::query
