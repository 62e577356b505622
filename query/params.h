// The query parameters of the HTTP API (`litgraph serve`, tools/cmd_serve.cc)
// turned into the options of the queries, with no HTTP library involved: the
// server hands over the (already percent-decoded) key/value pairs of the
// request; the fuzz harness `params` (tests/fuzz/) hands over arbitrary ones.
//
// Every failure is InvalidArgument naming the parameter and the reason, the
// text the server sends back with HTTP 400:
//   "serve: missing query parameter 'target'"
//   "serve: query parameter 'max_hops' needs a positive integer, got '0'"
//   "serve: query parameter 'kind' must be drug, class or any, got 'gene'"
// Thread-safety: values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/status.h"
#include "query/engine.h"

namespace lg::query {

// The key/value pairs of a query string, in order. A key given twice keeps
// its first value (as cpp-httplib's get_param_value does).
// `text` as an int of at least `min`: decimal digits only (no sign, no
// space), within int. Shared by the server's parameters and the CLI's options.
std::optional<int> ParseIntAtLeast(std::string_view text, int min);

class QueryParams {
 public:
  QueryParams() = default;
  explicit QueryParams(std::vector<std::pair<std::string, std::string>> pairs)
      : pairs_(std::move(pairs)) {}

  void Add(std::string key, std::string value) {
    pairs_.emplace_back(std::move(key), std::move(value));
  }
  bool Has(std::string_view key) const;
  // The first value of `key`, or "" when absent.
  std::string Get(std::string_view key) const;
  // The first value of `key`, or `fallback` when absent (present but empty
  // gives "").
  std::string GetOr(std::string_view key, std::string_view fallback) const;

  // The value of `key`; InvalidArgument "serve: missing query parameter
  // 'KEY'" when absent or empty.
  Result<std::string> Required(std::string_view key) const;
  // The value of `key` as an integer >= 1 (decimal digits only), or
  // `fallback` when absent; InvalidArgument "serve: query parameter 'KEY'
  // needs a positive integer, got 'TEXT'" otherwise (empty included).
  Result<int> PositiveInt(std::string_view key, int fallback) const;
  // The same for an integer >= 0 ("needs a non-negative integer").
  Result<int> NonNegativeInt(std::string_view key, int fallback) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// GET /v1/agents: target (required), max_hops (>= 1; default
// AgentsOptions), kind (any | drug | class; default any), sort (mechanism |
// refs | sources | hops; default mechanism), max_evidence (>= 0, 0 for all;
// default kDefaultMaxEvidence), limit (>= 0, 0 for all; default
// kDefaultAgentsLimit) and offset (>= 0; default 0), the page of the ranking.
// max_evidence means the same on /v1/path and /v1/neighbors.
struct AgentsParams {
  std::string target;
  AgentsOptions options;
};
Result<AgentsParams> ParseAgentsParams(const QueryParams& params);

// GET /v1/path: from, to (required), max_paths (>= 1; default 10).
struct PathParams {
  std::string from, to;
  int max_paths = 10;
  size_t max_evidence = kDefaultMaxEvidence;
};
Result<PathParams> ParsePathParams(const QueryParams& params);

// GET /v1/neighbors: entity (required), depth (>= 1; default 1), predicate
// (any text; default all).
struct NeighborsParams {
  std::string entity;
  NeighborsOptions options;
};
Result<NeighborsParams> ParseNeighborsParams(const QueryParams& params);

// GET /v1/trials: drug, target, phase, status, each optional (any text).
TrialFilter ParseTrialsParams(const QueryParams& params);
// GET /v1/outcomes: trial, drug, measure, group, each optional (any text).
OutcomeFilter ParseOutcomesParams(const QueryParams& params);

// GET /v1/mentions: entity (required).
Result<std::string> ParseMentionsParams(const QueryParams& params);

// GET /v1/refs: source (required).
Result<std::string> ParseRefsParams(const QueryParams& params);

// GET /v1/complete: q (any text, may be empty), max (>= 1; default 10; more
// than kMaxCompletions asks for kMaxCompletions).
constexpr int kMaxCompletions = 50;
struct CompleteParams {
  std::string q;
  int max = 10;  // 1..kMaxCompletions
};
Result<CompleteParams> ParseCompleteParams(const QueryParams& params);

// GET /v1/export: format (jsonl | graphml | dot; default jsonl).
enum class ExportFormat { kJsonl, kGraphml, kDot };
Result<ExportFormat> ParseExportParams(const QueryParams& params);

// POST /v1/curation: curator (any text; default "api").
std::string ParseCurationParams(const QueryParams& params);

// POST /v1/ingest: source_id (required).
Result<std::string> ParseIngestParams(const QueryParams& params);

}  // namespace lg::query
