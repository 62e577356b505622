// Scoring of what one ingested source contributed against a gold annotation
// file (../shared/gold/*.json; schema and matching rules in its README.md).
// `litgraph eval` prints the table of EvalReport.
//
// Start here: Evaluate (one source against one gold file), then
// EvalReport::Merge (micro average over several sources) and ToTable.
//
// Counting, per category (one CategoryScore row each):
//   - recall    = gold_found / gold_required over the gold items the README
//                 marks required (core genes, explicit core named-drug targets,
//                 outcomes not inferred, ...).
//   - precision = (tool_items - tool_false) / tool_items, where tool_items
//                 counts the tool items that match a required gold item or
//                 nothing at all; tool items that match only optional gold
//                 items (non-core genes, gene families, drug classes, inferred
//                 rows, ...) are left out and counted in tool_optional.
//   - "ref links" rows are shares over matched facts: tool_items = facts
//     checked, tool_false = facts whose evidence refs miss the gold refs.
//   - "ref titles" / "ref journals" / "trial fields" are field checks over
//     matched items.
// Thread-safety: plain values and a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"

namespace lg::query {

struct CategoryScore {
  // "core genes", "fusions", "fusion frequencies", "drugs", "targets",
  // "trials (registry id)", "trials (named)", "trial fields", "outcomes",
  // "references", "ref titles", "ref journals", "ref links",
  // "ref links (strict)".
  std::string name;
  bool has_precision = false;
  bool has_recall = false;
  uint64_t tool_items = 0;     // tool items matching a required item or nothing
  uint64_t tool_matched = 0;   // of those, matching a required gold item
  uint64_t tool_false = 0;     // of those, matching nothing
  uint64_t tool_optional = 0;  // matching only optional gold items (not scored)
  uint64_t gold_required = 0;
  uint64_t gold_found = 0;

  // (tool_items - tool_false) / tool_items; 0 when tool_items is 0.
  double precision() const;
  // gold_found / gold_required; 0 when gold_required is 0.
  double recall() const;

  std::vector<std::string> false_positives;  // tool items that matched nothing
  std::vector<std::string> missed;           // required gold items not found
};

struct EvalReport {
  std::vector<std::string> sources;
  std::vector<CategoryScore> categories;

  // nullptr when no row has that name.
  const CategoryScore* Find(const std::string& name) const;

  // Aligned text table, at most 80 columns; "-" where a column does not apply
  // or its denominator is 0. verbose appends, per row, the missed gold items
  // and the false positives, wrapped at 80 columns.
  std::string ToTable(bool verbose = false) const;

  // Sums the counts of rows with the same name (micro average), rows in order
  // of first appearance. With more than one report, listed items are prefixed
  // with "<source>: ".
  static EvalReport Merge(const std::vector<EvalReport>& reports);
};

// Scores `data` (what one source contributed, from Store::LoadSource or
// ingest) against the gold file at `gold_path`.
// Errors: IOError "query: PATH: cannot read: <reason>";
//   InvalidArgument "query: PATH: invalid JSON at offset N: <reason>",
//   "query: PATH: missing key 'genes'" (any of genes, fusions, drugs, targets,
//   trials, outcomes, references), "query: PATH: 'genes' is not an array",
//   "query: PATH: genes[3] is not an object".
Result<EvalReport> Evaluate(const graph::SourceData& data, const std::string& gold_path);

// The README normalisation: ASCII lower case, markup (*, <i>, </i>) removed,
// Unicode dashes and "::" to '-', white space (incl. U+00A0, U+2003, U+2009)
// collapsed to one space and trimmed, curly quotes made straight.
// "*KMT2A*::AFF1" -> "kmt2a-aff1"; "Interfant\u00A0 06" -> "interfant 06".
std::string NormalizeGoldText(std::string_view text);

}  // namespace lg::query
