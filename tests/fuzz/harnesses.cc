#include "tests/fuzz/harnesses.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "ingest/citations.h"
#include "ingest/document.h"
#include "ingest/jats.h"
#include "ingest/references.h"
#include "ingest/text.h"
#include "query/curation_file.h"
#include "query/params.h"

namespace lg::fuzz {
namespace {

std::string Bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The number after `prefix` at the start of `message` ("... line 12: ..."),
// or -1 when the message does not start so.
long LineAfter(const std::string& message, std::string_view prefix) {
  if (message.compare(0, prefix.size(), prefix) != 0) return -1;
  size_t i = prefix.size();
  long line = 0;
  size_t digits = 0;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9' && digits < 9;
       ++i, ++digits) {
    line = line * 10 + (message[i] - '0');
  }
  if (digits == 0 || message.compare(i, 2, ": ") != 0 || message.size() <= i + 2)
    return -1;
  return line;
}

// The fields each curation action takes (graph/store/CURATION.md).
struct ActionSpec {
  std::set<std::string> required, optional;
};
const ActionSpec& SpecOf(graph::CurationAction action) {
  static const ActionSpec kReject{{"fact", "reason"}, {"curator"}};
  static const ActionSpec kAccept{{"fact"}, {"reason", "curator"}};
  static const ActionSpec kAdd{{"subject", "predicate", "object", "source", "quote"},
                               {"refs", "reason", "curator"}};
  static const ActionSpec kAlias{{"alias", "entity"}, {"reason", "curator"}};
  static const ActionSpec kUnalias{{"alias"}, {"reason", "curator"}};
  switch (action) {
    case graph::CurationAction::kReject:
      return kReject;
    case graph::CurationAction::kAccept:
      return kAccept;
    case graph::CurationAction::kAdd:
      return kAdd;
    case graph::CurationAction::kAlias:
      return kAlias;
    case graph::CurationAction::kUnalias:
      return kUnalias;
  }
  __builtin_trap();
}

bool AllDigits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An error of an endpoint's parser: InvalidArgument, "serve: ", naming one of
// `names` in quotes.
void CheckParamError(const Status& status,
                     std::initializer_list<std::string_view> names) {
  if (status.code() != Status::Code::kInvalidArgument) __builtin_trap();
  const std::string& m = status.message();
  if (m.rfind("serve: ", 0) != 0) __builtin_trap();
  bool named = std::any_of(names.begin(), names.end(), [&](std::string_view n) {
    return m.find("'" + std::string(n) + "'") != std::string::npos;
  });
  if (!named) __builtin_trap();
}

// An integer parameter of at least `min` (0 or 1) that parsed: absent gives
// `fallback`, present is all digits and reads back as `value`.
void CheckIntAtLeast(const query::QueryParams& params, std::string_view key, int min,
                     long long value, long long fallback) {
  if (value < min) __builtin_trap();
  if (!params.Has(key)) {
    if (value != fallback) __builtin_trap();
    return;
  }
  std::string text = params.Get(key);
  if (text.empty() || !AllDigits(text)) __builtin_trap();
  size_t first = text.find_first_not_of('0');
  std::string digits = first == std::string::npos ? "0" : text.substr(first);
  if (digits != std::to_string(value)) __builtin_trap();
}
void CheckPositive(const query::QueryParams& params, std::string_view key, int value,
                   int fallback) {
  CheckIntAtLeast(params, key, 1, value, fallback);
}
// max_evidence (agents, path, neighbors): >= 0, default kDefaultMaxEvidence.
void CheckMaxEvidence(const query::QueryParams& params, size_t value) {
  CheckIntAtLeast(params, "max_evidence", 0, static_cast<long long>(value),
                  static_cast<long long>(query::kDefaultMaxEvidence));
}

// A required parameter that parsed: the first value given, non-empty.
void CheckRequired(const query::QueryParams& params, std::string_view key,
                   const std::string& value) {
  if (value.empty() || value != params.Get(key) || !params.Has(key)) __builtin_trap();
}

}  // namespace

void FuzzMakeText(const uint8_t* data, size_t size) {
  auto text = ingest::MakeText("fuzz", Bytes(data, size));
  if (!text.ok()) return;
  // The offsets map every normalised byte into the original.
  if (text->offsets.size() != text->normalized.size() + 1) __builtin_trap();
  for (uint32_t o : text->offsets) {
    if (o > text->original.size()) __builtin_trap();
  }
  text->ToOriginal(0, text->normalized.size());
}

void FuzzParse(const uint8_t* data, size_t size) {
  auto text = ingest::MakeText("fuzz", Bytes(data, size));
  if (!text.ok()) return;
  auto doc = ingest::Parse(std::move(text).value());
  if (!doc.ok()) return;
  for (const auto& s : doc->sentences) {
    if (s.begin > s.end || s.end > doc->text.normalized.size()) __builtin_trap();
  }
  ingest::AttachRefs(&*doc);
}

void FuzzCitations(const uint8_t* data, size_t size) {
  std::string bytes = Bytes(data, size);
  std::vector<std::string> numbers;
  ingest::ExpandCitationList(bytes, 0, &numbers);
  ingest::ExpandCitationList(bytes, 120, &numbers);
  ingest::SortRefs(&numbers);
  auto text = ingest::MakeText("fuzz", std::move(bytes));
  if (!text.ok()) return;
  size_t n = text->normalized.size();
  ingest::CitationStyle style;
  style.max_number = 120;
  std::vector<std::pair<size_t, size_t>> spans = {{0, n}};
  ingest::DetectCitationStyle(*text, spans, 120);
  ingest::FindCitations(*text, 0, n, style);
  ingest::FindCitations(*text, n / 3, n - n / 3, ingest::CitationStyle());
}

void FuzzReferences(const uint8_t* data, size_t size) {
  std::string bytes = Bytes(data, size);
  ingest::ParseReference("1", bytes);
  auto text = ingest::MakeText("fuzz", std::move(bytes));
  if (!text.ok()) return;
  ingest::ReferenceList list = ingest::FindReferenceList(*text);
  for (const auto& e : list.entries) {
    if (e.begin > e.end || e.end > text->normalized.size()) __builtin_trap();
  }
}

void FuzzJats(const uint8_t* data, size_t size) {
  auto article = ingest::ParseJats(
      "fuzz.nxml", std::string_view(reinterpret_cast<const char*>(data), size));
  if (!article.ok()) {
    if (article.status().code() != Status::Code::kInvalidArgument) __builtin_trap();
    if (article.status().message().rfind("ingest: fuzz.nxml", 0) != 0) __builtin_trap();
    return;
  }
  const ingest::Document& doc = article->doc;
  const size_t n = doc.text.normalized.size();
  if (doc.text.offsets.size() != n + 1) __builtin_trap();
  auto inside = [n](size_t b, size_t e) { return b <= e && e <= n; };
  for (const auto& b : doc.blocks) {
    if (!inside(b.begin, b.end)) __builtin_trap();
  }
  std::set<std::string> numbers;
  for (const auto& r : doc.references) numbers.insert(r.n);
  for (const auto& s : doc.sentences) {
    if (!inside(s.begin, s.end) || s.block >= doc.blocks.size()) __builtin_trap();
    for (const auto& c : s.citations) {
      if (c.begin < s.begin || c.end > s.end || c.begin > c.end) __builtin_trap();
      for (const std::string& k : c.numbers) {
        if (!numbers.count(k)) __builtin_trap();
      }
    }
    auto [ob, oe] = doc.text.ToOriginal(s.begin, s.end);
    if (ob > oe || oe > doc.text.original.size()) __builtin_trap();
  }
  for (const auto& t : doc.tables) {
    for (const auto& row : t.rows) {
      if (row.sentence >= doc.sentences.size() || row.block >= doc.blocks.size())
        __builtin_trap();
      for (const auto& [b, e] : row.cells) {
        if (!inside(b, e)) __builtin_trap();
      }
    }
  }
}

void FuzzCuration(const uint8_t* data, size_t size) {
  std::string text = Bytes(data, size);
  long lines = 1 + std::count(text.begin(), text.end(), '\n');
  auto parsed = query::ParseCurationFile(text, "fuzz.json");
  if (!parsed.ok()) {
    if (parsed.status().code() != Status::Code::kInvalidArgument) __builtin_trap();
    long line = LineAfter(parsed.status().message(), "curate apply: fuzz.json line ");
    if (line < 1 || line > lines) __builtin_trap();
    return;
  }
  for (const query::Decision& d : *parsed) {
    if (d.line < 1 || d.line > lines) __builtin_trap();
    const ActionSpec& spec = SpecOf(d.action);
    for (const std::string& field : spec.required) {
      if (d.Get(field).empty()) __builtin_trap();
    }
    for (const auto& [field, value] : d.fields) {
      if (!spec.required.count(field) && !spec.optional.count(field)) __builtin_trap();
      if (field == "refs") __builtin_trap();  // refs is a list, never a string field
      auto it = d.lines.find(field);
      if (it == d.lines.end() || it->second < d.line || it->second > lines)
        __builtin_trap();
    }
    if (!d.refs.empty() && d.action != graph::CurationAction::kAdd) __builtin_trap();
  }
  // The parse is a function of the text.
  auto again = query::ParseCurationFile(text, "fuzz.json");
  if (!again.ok() || again->size() != parsed->size()) __builtin_trap();
  for (size_t i = 0; i < parsed->size(); ++i) {
    const query::Decision &a = (*parsed)[i], &b = (*again)[i];
    if (a.action != b.action || a.fields != b.fields || a.refs != b.refs ||
        a.line != b.line) {
      __builtin_trap();
    }
  }
}

void FuzzParams(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  query::QueryParams params;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    size_t eq = pair.find('=');
    params.Add(std::string(pair.substr(0, eq)),
               eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }

  if (auto p = query::ParseAgentsParams(params); p.ok()) {
    CheckRequired(params, "target", p->target);
    CheckPositive(params, "max_hops", p->options.max_hops,
                  query::AgentsOptions().max_hops);
    CheckMaxEvidence(params, p->options.max_evidence);
    CheckIntAtLeast(params, "limit", 0, static_cast<long long>(p->options.limit),
                    static_cast<long long>(query::kDefaultAgentsLimit));
    CheckIntAtLeast(params, "offset", 0, static_cast<long long>(p->options.offset), 0);
    std::string kind = params.GetOr("kind", "any");
    if (std::string_view(query::AgentKindName(p->options.kind)) != kind) __builtin_trap();
    std::string sort = params.GetOr("sort", "mechanism");
    if (std::string_view(query::AgentSortName(p->options.sort)) != sort) __builtin_trap();
  } else {
    CheckParamError(p.status(), {"target", "max_hops", "kind", "sort", "max_evidence",
                                 "limit", "offset"});
  }
  if (auto p = query::ParsePathParams(params); p.ok()) {
    CheckRequired(params, "from", p->from);
    CheckRequired(params, "to", p->to);
    CheckPositive(params, "max_paths", p->max_paths, 10);
    CheckMaxEvidence(params, p->max_evidence);
  } else {
    CheckParamError(p.status(), {"from", "to", "max_paths", "max_evidence"});
  }
  if (auto p = query::ParseNeighborsParams(params); p.ok()) {
    CheckRequired(params, "entity", p->entity);
    CheckPositive(params, "depth", p->options.depth, 1);
    if (p->options.predicate != params.Get("predicate")) __builtin_trap();
    CheckMaxEvidence(params, p->options.max_evidence);
  } else {
    CheckParamError(p.status(), {"entity", "depth", "max_evidence"});
  }
  if (auto p = query::ParseRefsParams(params); p.ok()) {
    CheckRequired(params, "source", *p);
  } else {
    CheckParamError(p.status(), {"source"});
  }
  if (auto p = query::ParseIngestParams(params); p.ok()) {
    CheckRequired(params, "source_id", *p);
  } else {
    CheckParamError(p.status(), {"source_id"});
  }
  if (auto p = query::ParseCompleteParams(params); p.ok()) {
    if (p->max < 1 || p->max > query::kMaxCompletions || p->q != params.Get("q")) {
      __builtin_trap();
    }
    if (!params.Has("max") && p->max != 10) __builtin_trap();
    if (params.Has("max") && !AllDigits(params.Get("max"))) __builtin_trap();
  } else {
    CheckParamError(p.status(), {"max"});
  }
  if (auto p = query::ParseExportParams(params); p.ok()) {
    static const char* const kNames[] = {"jsonl", "graphml", "dot"};
    if (params.GetOr("format", "jsonl") != kNames[static_cast<int>(*p)]) __builtin_trap();
  } else {
    CheckParamError(p.status(), {"format"});
  }
  query::TrialFilter trials = query::ParseTrialsParams(params);
  if (trials.drug != params.Get("drug") || trials.status != params.Get("status"))
    __builtin_trap();
  query::OutcomeFilter outcomes = query::ParseOutcomesParams(params);
  if (outcomes.group != params.Get("group")) __builtin_trap();
  if (query::ParseCurationParams(params) != params.GetOr("curator", "api"))
    __builtin_trap();
}

const std::vector<NamedHarness>& AllHarnesses() {
  static const std::vector<NamedHarness> all = {
      {"maketext", FuzzMakeText},     {"parse", FuzzParse}, {"citations", FuzzCitations},
      {"references", FuzzReferences}, {"jats", FuzzJats},   {"curation", FuzzCuration},
      {"params", FuzzParams},
  };
  return all;
}

}  // namespace lg::fuzz
