// Scoring of a store (or a JSONL export) against gold annotation files, by the
// rules of the reference scorer ../shared/tools/score.py, so that
// `litgraph eval` and score.py agree in every category. Both gold schemas are
// read: ../shared/gold (README "Matching rules for tests") and ../shared/dev/gold
// (README "How a prediction is matched").
//
// Start here: EvalExport::FromStore (the JSONL export records of a store, built
// in memory), then Evaluate (one or more gold files: per text and pooled),
// then FormatEvalRun / EvalRunJson.
//
// Counting, per category (score.py's Cat):
//   gold    = required gold items (the recall denominator), opt = optional ones;
//   tool    = tool items; tp = tool items matching a required or optional gold
//             item first; dup = those repeating an already matched item;
//   neu     = tool items matching only neutral gold items (reference-only
//             names, classes, supportive drugs); fp = the rest;
//   matched = required gold items found (fusion targets may earn half credit);
//   P = tp / (tp + fp), R = matched / gold, F1 their harmonic mean.
// Pooled figures are micro averages: the counts are summed, then divided.
// Categories: genes, fusions, drugs, targets, agents, trials, trials_registry,
// trials_named, outcomes (percent), outcomes_months, references, ref_links,
// ref_links_strict.
//
// Beside the categories, each text gets the completeness of its reference list
// (issue 14): the share of entries with first author and year, and with a
// journal.
// Thread-safety: an EvalExport is read-only once built; Evaluate is not
// reentrant on one EvalExport (it caches per-text views).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/status.h"
#include "graph/store/store.h"

namespace lg::query {

namespace eval {
class ExportGraph;
}

struct EvalCategory {
  std::string name;
  bool applicable = true;
  int64_t gold = 0, opt = 0, tool = 0, tp = 0, fp = 0, neu = 0, dup = 0;
  double matched = 0;
  std::vector<std::string> missing;          // required gold items not (fully) found
  std::vector<std::string> false_positives;  // tool items matching nothing
  std::vector<std::pair<std::string, std::string>> details;  // e.g. field_phase=3/4

  std::optional<double> Precision() const;  // none when tp + fp is 0
  std::optional<double> Recall() const;     // none when gold is 0
  std::optional<double> F1() const;         // none without recall; 0 without precision
  void Add(const EvalCategory& other);      // sums the counts
};

// The reference list of one source, as the store holds it.
struct ReferenceCompleteness {
  int64_t entries = 0;             // reference entries
  int64_t web = 0;                 // web/registry entries (no author expected)
  int64_t no_year = 0;             // non-web entries that print no year (found none)
  int64_t author_year = 0;         // non-web entries with first author and year
  int64_t journal = 0;             // non-web entries with a journal
  int64_t gold_journal = 0;        // gold entries that print a journal (shared schema)
  int64_t gold_journal_found = 0;  // of those, tool entries of that number with one
  void Add(const ReferenceCompleteness& other);
};

struct EvalText {
  std::string gold_path, source, schema;  // schema: "shared" or "dev"
  std::vector<std::string> warnings;
  std::vector<EvalCategory> categories;  // every category, in the order above
  ReferenceCompleteness references;
  const EvalCategory* Find(const std::string& name) const;
};

struct EvalRun {
  std::string export_name;  // "store DIR" or the JSONL file
  std::vector<EvalText> texts;
  std::vector<EvalCategory> total;  // pooled over texts
  ReferenceCompleteness total_references;
  const EvalCategory* Total(const std::string& name) const;
  // "TOTAL targets_f1=0.912 trials_f1=... ": score.py's last line.
  std::string TotalLine() const;
};

// The JSONL export records of a store (query/export.h), read as score.py reads
// them.
class EvalExport {
 public:
  ~EvalExport();
  // Errors: those of the store.
  static Result<std::unique_ptr<EvalExport>> FromStore(const graph::Store& store);
  // Lines that are not JSON objects are skipped, as score.py does.
  static std::unique_ptr<EvalExport> FromJsonl(std::string_view jsonl);
  const eval::ExportGraph& graph() const { return *graph_; }

 private:
  explicit EvalExport(std::unique_ptr<eval::ExportGraph> graph);
  std::unique_ptr<eval::ExportGraph> graph_;
};

// Scores each gold file against the part of the export that belongs to its
// source: sources[i] when given and non-empty, else the gold's "source" file
// name without extension. `sources` is empty or as long as `gold_paths`.
// Errors: those of reading a gold file ("query: PATH: cannot read: ...",
// "query: PATH: invalid JSON at offset N: ...", "query: PATH: not a gold
// annotation ..."); InvalidArgument "query: eval: no gold file given".
Result<EvalRun> Evaluate(const EvalExport& ex, const std::vector<std::string>& gold_paths,
                         const std::vector<std::string>& sources = {});

// The gold files of a directory (*.json holding an object with "source" and
// "genes" or "targets"), sorted by name. Error: NotFound "query: DIR: cannot
// read directory: <reason>".
Result<std::vector<std::string>> GoldFilesIn(const std::string& dir);

// The source a gold file names ("source": "pdq_cll_targeted.txt" ->
// "pdq_cll_targeted"). Errors: those of reading a gold file.
Result<std::string> GoldSourceOf(const std::string& gold_path);

// score.py's text: one table per text, then (with more than one text) the
// pooled table, then the TOTAL line. verbose 1 lists 15 misses and false
// positives per category, 2 all of them.
std::string FormatEvalRun(const EvalRun& run, int verbose = 0);
// score.py --json's object (files[].categories, total, total_line) after
// "format": 1 and "query": "eval", with each file's "reference_completeness"
// beside (query/JSON.md).
std::string EvalRunJson(const EvalRun& run, bool with_lists = false);

// The threshold sets: score.py's "dev-entities", "dev-facts" and "seeds", and
// "references" (issue 14, eval only): in every text, reference entries read,
// >= 95% of the non-web ones with first author and year, >= 90% with a journal
// (of those the gold prints with one, when the gold has a reference list).
std::vector<std::string> EvalThresholdNames();
// score.py --thresholds NAME: what falls short ("genes R 0.897 < 0.90",
// "pdq_gist_kit: journal 0.000 < 0.90"), empty when every threshold is met.
// Error: InvalidArgument "query: eval: unknown thresholds 'X' (dev-entities,
// dev-facts, references, seeds)".
Result<std::vector<std::string>> EvalShortfalls(const EvalRun& run,
                                                const std::string& name);

}  // namespace lg::query
