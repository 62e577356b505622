// The gold annotation file (../shared/gold/*.json) read into plain structs,
// and the text keys gold and tool names are compared by. Internal to
// query/eval; the schema and matching rules are in the gold README.md.
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace lg::query::gold {

using StrSet = std::set<std::string>;

// The match key: NormalizeGoldText, then separators (space, '-', '/', '::',
// '_') folded as in graph::NormalizeAlias. "MLL \u2013 AF4" -> "mll-af4".
std::string Key(std::string_view s);

// First decimal number in `s` ("~70", "46.1%"), if any.
std::optional<double> ParseNumber(std::string_view s);
// Shortest form: 46.1 -> "46.1", 70 -> "70".
std::string FormatNumber(double v);

struct GoldGene {
  std::string symbol;
  std::vector<std::string> aliases;
  bool core = false;
};
struct GoldFamily {
  std::string id;
  std::vector<std::string> aliases, members;
};
struct GoldFrequency {
  std::string owner;  // fusion id, gene symbol or feature
  double value = 0;
  std::optional<double> value_max;
  std::string population;
  std::vector<std::string> refs, refs_context;
};
struct GoldFusion {
  std::string id;
  std::vector<std::string> aliases;
  bool implicit = false;
};
struct GoldDrug {
  std::string name;
  std::vector<std::string> aliases;
};
struct GoldTarget {
  std::string drug, drug_kind, target, strength;
  std::vector<std::string> members, refs, refs_context;
  bool core = false;
  bool Required() const { return strength == "explicit" && core && drug_kind == "drug"; }
};
struct GoldTrial {
  std::string id;
  std::vector<std::string> registry_ids, names, other_names, phase_alt;
  std::string phase, status;
  bool status_inferred = false, name_inferred = false;
  StrSet reg_keys, name_keys, all_keys;
  bool NeedsBoth() const {
    return !registry_ids.empty() && !names.empty() && !name_inferred;
  }
};
struct GoldOutcome {
  std::string measure, cohort, horizon;
  double value = 0;
  std::optional<double> value_max;
  std::vector<double> alt_values;
  std::vector<std::string> cohort_keys, refs, refs_context, quotes;
  bool inferred = false;
};
struct GoldReference {
  std::string n, first_author, title, journal, year, kind, url, registry_id;
};

struct Gold {
  std::string source;
  std::vector<GoldGene> genes;
  std::vector<GoldFamily> families;
  std::vector<GoldFusion> fusions;
  std::vector<GoldFrequency> fusion_freqs;  // owner = fusion id
  std::vector<GoldFrequency> other_freqs;   // genes[].frequency, other_frequencies
  std::vector<GoldDrug> drugs;
  std::vector<std::string> class_names;  // drug_classes, class target rows, regimens
  std::vector<GoldTarget> targets;
  std::vector<GoldTrial> trials;
  std::vector<GoldOutcome> outcomes;
  std::vector<GoldReference> references;
};

// Reads and indexes the gold file. Errors as documented for query::Evaluate.
Result<Gold> LoadGold(const std::string& path);

}  // namespace lg::query::gold
