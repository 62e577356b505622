// Internal to ingest/relate_outcomes.cc: who an outcome value belongs to,
// its arm (the drugs or regimen, the phrase naming it) read from its
// sentence and from what the document defines (regimen abbreviations, arm
// labels, add-on designs). Not a public header: include it only from
// relate_outcome*.cc and their tests. Thread-safety: plain functions and
// values over one document.
//
// Start here: ArmsOf (the arms of a sentence's values); the others read the
// document once for it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/relate_internal.h"

namespace lg::ingest::relate_internal {

// The arm of one value: its drugs (labels, in order) and the phrase naming
// it ("in the chemotherapy alone group").
struct Arm {
  std::vector<std::string> drugs;
  std::string text;
  // The comparator of "A vs. B" or an arm beside named ones: never given
  // the drugs of the sentence or of its governing item.
  bool comparator = false;
};

// The arm phrase opening `masked_after` (the text after a value), exactly
// as the first group of
// ^\s*(?:,\s*)?((?:in|for|with|among|on|of)\s+(?:the\s+|those\s+|patients\s+)?
// [^,;()\[\]]{2,80}?)(?:\s*(?:[,;.()\[\]]|$)|\s{2}|\s(?:vs\.?|versus|compared|
// but|whereas|while)\s) gives it; none when that does not match. Internal to
// ArmsOf; here for tests.
std::optional<std::string_view> ArmPhraseGroup(std::string_view masked_after);

// Regimen abbreviations the text defines, either way round:
// "fludarabine, cyclophosphamide, and rituximab (FCR)" or "FCR
// (fludarabine, cyclophosphamide, and rituximab)" -> FCR: its drugs, in
// order. Only drug mentions joined by connectors (",", "and", "plus",
// "with", "/", "-") count, and the parenthesis holds nothing else.
using Regimens = std::map<std::string, std::vector<std::string>>;
Regimens RegimenAbbreviations(const Context& cx);

// Arms the text defines by a label and their drugs: "- Triplet therapy:
// encorafenib, binimetinib, and cetuximab", "Arm B: FOLFIRI with
// cetuximab" -> "triplet therapy", "arm b" (lower case, hyphens as spaces):
// the drugs the sentence names after the colon. A label is a short run of
// words opening its sentence or bullet.
using ArmLabels = std::map<std::string, std::vector<std::string>>;
ArmLabels ArmDefinitions(const Context& cx);

// An add-on design a sentence states: "A/B/C with or without X", "A ± X",
// "A plus X or placebo": X, and the backbone (the sentence's other drugs).
struct AddOn {
  std::string added;
  std::vector<std::string> backbone;
};
// The add-on design sentence `si` states, or none.
std::optional<AddOn> AddOnIn(const Context& cx, size_t si);

// The drugs a text names where it has no mentions of its own (a section
// heading is no sentence): the document's drug names, as its drug mentions
// print them, and the regimen abbreviations it defines, in printed order.
class NamedDrugs {
 public:
  NamedDrugs(const Context& cx, const Regimens& regimens) : regimens_(regimens) {
    for (const auto& ms : cx.by_sentence) {
      for (const Mention* m : ms) {
        if (m->kind == MentionKind::kDrug && m->surface.size() >= 3) {
          names_.try_emplace(Lower(m->surface), m->label);
        }
      }
    }
  }

  std::vector<std::string> In(std::string_view text) const {
    std::vector<std::pair<size_t, std::vector<std::string>>> found;
    std::string lower = Lower(text);
    for (const auto& [name, label] : names_) {
      if (size_t at = WordAt(lower, name); at != std::string::npos) {
        found.push_back({at, {label}});
      }
    }
    for (const auto& [abbr, drugs] : regimens_) {
      if (size_t at = WordAt(text, abbr); at != std::string::npos) {
        found.push_back({at, drugs});
      }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (const auto& [at, drugs] : found) {
      for (const std::string& d : drugs) {
        if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
      }
    }
    return out;
  }

 private:
  // Where `word` first stands as a whole word in `text`, or npos.
  static size_t WordAt(std::string_view text, std::string_view word) {
    size_t pos = 0;
    while ((pos = text.find(word, pos)) != std::string_view::npos) {
      size_t e = pos + word.size();
      bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
      bool right = e >= text.size() || !std::isalnum(static_cast<unsigned char>(text[e]));
      if (left && right) return pos;
      pos = e;
    }
    return std::string_view::npos;
  }

  const Regimens& regimens_;
  std::map<std::string, std::string> names_;  // lower-case surface -> label
};

// The arms of `values` (in sentence order) of sentence `si`, `masked` its
// text with the non-values blanked (MaskNonValues): each value's own arm
// (the phrase after it up to the next value of `all_values`; before it in
// parentheses or before its verb; drugs joined right before its
// parenthesis) with the drugs it names (not those it goes without), else
// the arm label or regimen it names; else the drugs named before the
// values when they align one to one; else the two arms named after "A vs.
// B" pairs; else, for a sentence about one regimen, its drugs (only the
// first value of an "A vs. B" comparison: the other is the comparator, or
// the comparator the sentence names for "from A to B").
std::vector<Arm> ArmsOf(const Context& cx, size_t si, const std::string& masked,
                        const std::vector<OutcomeValue>& values,
                        const std::vector<OutcomeValue>& all_values,
                        const Regimens& regimens, const ArmLabels& labels);

}  // namespace lg::ingest::relate_internal
