// Relation rules: outcomes (measure + value attached to a trial or cohort,
// with its arm's drugs) and fusion frequencies (see relate.h and
// relate_internal.h).
//
// RelateOutcomes reads each sentence with the outcome grammar
// (relate_outcome_grammar.cc: measures, values, horizons, pairing), then
// gives each value its arm (ArmsOf: drugs named after or before it, the
// arms aligned in order, the regimen as printed or as the text defines its
// abbreviation) and its trial (the sentence's, by citation, the
// paragraph's, the governing item's, the article's own); then
// RelateOutcomeTables reads tables with measure columns, one row per arm.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "ingest/relate_internal.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {

// ---------------------------------------------------------------- attribution

namespace {

// The arm of one value: its drugs (labels, in order) and the phrase naming
// it ("in the chemotherapy alone group").
struct Arm {
  std::vector<std::string> drugs;
  std::string text;
  // The comparator of "A vs. B" or an arm beside named ones: never given
  // the drugs of the sentence or of its governing item.
  bool comparator = false;
};

std::vector<std::string> DrugLabels(const std::vector<const Mention*>& ms, size_t begin,
                                    size_t end, const std::string& masked, size_t base) {
  std::vector<std::string> out;
  for (const Mention* m : ms) {
    if (m->kind != MentionKind::kDrug || m->begin < begin || m->end > end) continue;
    // A drug inside a blanked statistic ("HR favoring pertuzumab") names no arm.
    size_t at = m->begin - base;
    if (at < masked.size() && masked[at] == ' ') continue;
    if (std::find(out.begin(), out.end(), m->label) == out.end()) out.push_back(m->label);
  }
  return out;
}

// The arm phrase right after a value: "in the T-DM1 group", "for patients who
// received X", "with X" (up to the next comma, parenthesis or clause); `end`
// is where it ends in `masked_after`. Without `arm_word` a phrase naming no
// arm word ("for X/Y and") is returned too: the caller keeps it only when
// it names a drug.
std::string ArmPhrase(std::string_view masked_after, size_t* end, bool arm_word = true) {
  static const RE2 kArm(
      R"(^\s*(?:,\s*)?((?:in|for|with|among|on|of)\s+(?:the\s+|those\s+|patients\s+)?[^,;()\[\]]{2,80}?)(?:\s*(?:[,;.()\[\]]|$)|\s{2}|\s(?:vs\.?|versus|compared|but|whereas|while)\s))");
  // "147 [39%] of 376 patients (who underwent resection) in the X group":
  // the count's total goes before the arm.
  static const RE2 kOfTotal(
      R"(^(\s*[\])]?\s*of\s+\d+(?:\s+(?:patients|participants|resections))?(?:\s+who\s+\w+(?:\s+[a-z]+){0,2})?)\s+(?:in|for|among|on)\s)");
  re2::StringPiece total;
  if (RE2::PartialMatch(masked_after, kOfTotal, &total)) {
    size_t skip = total.size();
    std::string phrase = ArmPhrase(masked_after.substr(skip), end, arm_word);
    if (!phrase.empty()) *end += skip;
    return phrase;
  }
  re2::StringPiece arm;
  if (!RE2::PartialMatch(masked_after, kArm, &arm)) return "";
  std::string text(arm);
  static const RE2 kArmWord(
      R"(\b(?:groups?|arms?|cohorts?|received|receiving|treated|given|placebo|control|chemotherapy|alone|combination|plus|monotherapy)\b)");
  if (arm_word && !RE2::PartialMatch(Lower(text), kArmWord)) return "";
  *end = size_t(arm.data() - masked_after.data()) + arm.size();
  return text;
}

// The regimen an arm phrase names when the drug lexicon knows none of it:
// "for patients who received FOLFOX-4" -> "FOLFOX-4", "in the IFL/placebo
// arm" -> "IFL/placebo"; "" for an arm named by its role ("the control
// group", "both arms").
std::string ArmRegimen(std::string_view phrase) {
  static const RE2 kCore(
      R"(^(?i:in|for|with|among|on|of|and|or|than|versus|vs\.?|between)\s+(?i:the\s+|those\s+)?(?i:patients\s+)?(?i:who\s+)?(?i:were\s+)?(?i:received\s+|receiving\s+|treated with\s+|given\s+|(?:randomly\s+)?assigned to\s+|randomi[sz]ed to\s+|on\s+)?(?i:the\s+)?(.*?)(?:\s+(?i:groups?|arms?|cohorts?|populations?|alone))*$)");
  static const RE2 kRole(
      R"(^(?i:(?:in|on|of)\s+(?:the\s+)?)?(?i:arms?\s+\w\b|control|standard[- ]of[- ]care|standard|comparator|both|all|overall|observation|experimental|investigational|intervention|treatment|triplet[- ]therapy|doublet[- ]therapy|combination|monotherapy|intention[- ]to[- ]treat|itt|same|other|two|three|each|respective|this|that|these)\b)");
  // "the pooled CAPOX-containing arms" -> "CAPOX".
  static const RE2 kPooled(R"(^(?i:pooled|combined)\s+)");
  static const RE2 kContaining(R"([- ](?i:containing|based)$)");
  std::string core;
  if (!RE2::FullMatch(phrase, kCore, &core)) return "";
  RE2::Replace(&core, kPooled, "");
  RE2::Replace(&core, kContaining, "");
  if (core.empty() || RE2::PartialMatch(core, kRole)) return "";
  if (std::count(core.begin(), core.end(), ' ') > 4) return "";
  return core;
}

// Arms the text defines by a label and their drugs: "- Triplet therapy:
// encorafenib, binimetinib, and cetuximab", "Arm B: FOLFIRI with
// cetuximab" -> "triplet therapy", "arm b" (lower case, hyphens as spaces):
// the drugs the sentence names after the colon. A label is a short run of
// words opening its sentence or bullet.
using ArmLabels = std::map<std::string, std::vector<std::string>>;

std::string LabelKey(std::string_view text) {
  std::string out = Lower(text);
  std::replace(out.begin(), out.end(), '-', ' ');
  return out;
}

ArmLabels ArmDefinitions(const Context& cx) {
  static const RE2 kLabel(R"(^(?:[-*\x{2022}]\s+)?([A-Z][A-Za-z0-9]*(?:[ -][A-Za-z0-9]+){0,3})\s*:\s)");
  ArmLabels out;
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    std::string_view text = cx.SentenceText(si);
    re2::StringPiece label;
    if (!RE2::PartialMatch(text, kLabel, &label)) continue;
    size_t colon = size_t(label.data() - text.data()) + label.size();
    size_t from = cx.doc.sentences[si].begin + colon;
    std::vector<std::string> drugs;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind == MentionKind::kDrug && m->begin >= from &&
          std::find(drugs.begin(), drugs.end(), m->label) == drugs.end()) {
        drugs.push_back(m->label);
      }
    }
    if (!drugs.empty()) out.try_emplace(LabelKey(label), drugs);
  }
  return out;
}

// The drugs of the arm label `arm_text` names, or {}.
std::vector<std::string> LabelledArm(std::string_view arm_text, const ArmLabels& labels) {
  std::string key = LabelKey(arm_text);
  for (const auto& [label, drugs] : labels) {
    if (ContainsWord(key, label)) return drugs;
  }
  return {};
}

// Regimen abbreviations the text defines, either way round:
// "fludarabine, cyclophosphamide, and rituximab (FCR)" or "FCR
// (fludarabine, cyclophosphamide, and rituximab)" -> FCR: its drugs, in
// order. Only drug mentions joined by connectors (",", "and", "plus",
// "with", "/", "-") count, and the parenthesis holds nothing else.
using Regimens = std::map<std::string, std::vector<std::string>>;
Regimens RegimenAbbreviations(const Context& cx) {
  static const RE2 kAbbr(R"(^\s*\(([A-Z][A-Za-z0-9-]{1,11})\))");
  static const RE2 kAbbrBefore(R"((?:^|[^\w-])([A-Z][A-Za-z0-9-]{1,11})\s*\(\s*$)");
  static const RE2 kClose(R"(^\s*\))");
  static const RE2 kConnector(
      R"(^(?:\s*,\s*(?:and\s+)?|\s+(?:and|plus|with)\s+|\s*[/+-]\s*|\s+)$)");
  auto connected = [&](const Mention& a, const Mention& b) {
    return a.kind == MentionKind::kDrug && b.kind == MentionKind::kDrug &&
           a.end <= b.begin && RE2::FullMatch(cx.Gap(a, b), kConnector);
  };
  Regimens out;
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    const Sentence& sent = cx.doc.sentences[si];
    for (size_t k = 0; k < ms.size(); ++k) {
      if (ms[k]->kind != MentionKind::kDrug) continue;
      // "FCR (fludarabine, ...)": the first drug right after "ABBR (".
      size_t from = ms[k]->begin >= sent.begin + 16 ? ms[k]->begin - 16 : sent.begin;
      std::string abbr;
      if (RE2::PartialMatch(cx.doc.Slice(from, ms[k]->begin), kAbbrBefore, &abbr)) {
        std::vector<std::string> drugs = {ms[k]->label};
        size_t j = k;
        while (j + 1 < ms.size() && connected(*ms[j], *ms[j + 1])) {
          drugs.push_back(ms[++j]->label);
        }
        std::string_view after =
            cx.doc.Slice(ms[j]->end, std::min(sent.end, ms[j]->end + 4));
        if (drugs.size() >= 2 && RE2::PartialMatch(after, kClose) && !out.count(abbr)) {
          out[abbr] = drugs;
        }
      }
      // "fludarabine, ... and rituximab (FCR)": the last drug before "(ABBR)".
      bool last = k + 1 == ms.size() || ms[k + 1]->kind != MentionKind::kDrug;
      if (!last) continue;
      std::string_view after = cx.doc.Slice(ms[k]->end, std::min(sent.end, ms[k]->end + 16));
      if (!RE2::PartialMatch(after, kAbbr, &abbr)) continue;
      std::vector<std::string> drugs = {ms[k]->label};
      for (size_t j = k; j-- > 0;) {
        if (!connected(*ms[j], *ms[j + 1])) break;
        drugs.insert(drugs.begin(), ms[j]->label);
      }
      if (drugs.size() >= 2 && !out.count(abbr)) out[abbr] = drugs;
    }
  }
  return out;
}

// The drugs of a regimen named by abbreviations the text defines ("BR or
// FCR" -> bendamustine, rituximab, fludarabine, cyclophosphamide), or {}
// when a part is not one.
std::vector<std::string> ExpandRegimen(const std::string& regimen,
                                       const Regimens& regimens) {
  static const RE2 kSplit(R"(\s*(?:\bor\b|\band\b|/|\+|,)\s*)");
  std::vector<std::string> drugs;
  std::string rest = regimen;
  std::string part;
  re2::StringPiece input(rest);
  size_t from = 0;
  std::vector<std::string> parts;
  re2::StringPiece sep;
  static const RE2 kSplitCapture(std::string("(") + kSplit.pattern() + ")");
  while (RE2::FindAndConsume(&input, kSplitCapture, &sep)) {
    size_t at = size_t(sep.data() - rest.data());
    parts.push_back(rest.substr(from, at - from));
    from = at + sep.size();
  }
  parts.push_back(rest.substr(from));
  for (const std::string& p : parts) {
    auto it = regimens.find(p);
    if (it == regimens.end()) return {};
    for (const std::string& d : it->second) {
      if (std::find(drugs.begin(), drugs.end(), d) == drugs.end()) drugs.push_back(d);
    }
  }
  return drugs;
}

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

// The arm phrase right before a value in parentheses: "in the X group
// (56%)", "for patients who received X (55.2 months vs. ...)"; or right
// before the verb of a value: "for patients who received X was 1.5 months".
std::string ArmBefore(std::string_view masked_before, size_t* begin) {
  static const RE2 kArm(
      R"(((?:in|for|with|among)\s+(?:the\s+)?(?:[^,;()\[\]]{2,60}?\s(?:groups?|arms?|cohorts?)|patients\s+(?:who\s+)?(?:received|receiving|treated with|given)\s+[^,;()\[\]]{2,40}?)|\b(?:and|or|than|versus|vs\.?|between)\s+(?:the\s+)?patients\s+who\s+(?:received|were\s+given|were\s+treated\s+with)\s+[^,;()\[\]]{2,40}?)\s*\(\s*$)");
  static const RE2 kArmVerb(
      R"((?i)((?:in|for|among)\s+(?:the\s+)?(?:[^,;()\[\]]{2,60}?\s(?:groups?|arms?|cohorts?)|patients\s+(?:who\s+)?(?:received|receiving|were treated with|treated with|were given|given)\s+[^,;()\[\]]{2,40}?))\s+(?:was|were|is|reached)\s+(?:a\s+|an\s+)?$)");
  re2::StringPiece arm;
  if (!RE2::PartialMatch(masked_before, kArm, &arm) &&
      !RE2::PartialMatch(masked_before, kArmVerb, &arm)) {
    return "";
  }
  *begin = size_t(arm.data() - masked_before.data());
  return std::string(arm);
}

// An add-on design a sentence states: "A/B/C with or without X", "A ± X",
// "A plus X or placebo": X, and the backbone (the sentence's other drugs).
struct AddOn {
  std::string added;
  std::vector<std::string> backbone;
};

std::optional<AddOn> AddOnIn(const Context& cx, size_t si) {
  static const RE2 kBefore(R"((?i)(?:with or without|\x{00B1}|\+/-|placebo or)\s*$)");
  static const RE2 kAfter(R"((?i)^\s*or\s+(?:a\s+)?placebo\b)");
  const Sentence& sent = cx.doc.sentences[si];
  const auto& ms = cx.by_sentence[si];
  for (const Mention* x : ms) {
    if (x->kind != MentionKind::kDrug) continue;
    size_t from = x->begin >= sent.begin + 20 ? x->begin - 20 : sent.begin;
    std::string_view before = cx.doc.Slice(from, x->begin);
    std::string_view after = cx.doc.Slice(x->end, std::min(sent.end, x->end + 16));
    if (!RE2::PartialMatch(before, kBefore) && !RE2::PartialMatch(after, kAfter)) continue;
    AddOn design;
    design.added = x->label;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kDrug && m->label != design.added &&
          std::find(design.backbone.begin(), design.backbone.end(), m->label) ==
              design.backbone.end()) {
        design.backbone.push_back(m->label);
      }
    }
    if (!design.backbone.empty()) return design;
  }
  return std::nullopt;
}

// The comparator sentence `si` names after "compared with"/"versus": its
// drugs ("compared with docetaxel plus placebo"), or "placebo"; {} when it
// names neither.
std::vector<std::string> ComparatorNamed(const Context& cx, size_t si) {
  static const RE2 kCompared(
      R"((?i)\b(?:compared (?:with|to)|versus|vs\.?)\s+((?:the\s+)?[\w/+-]+(?:\s+(?:plus|and|with)\s+[\w/+-]+)?))");
  const Sentence& sent = cx.doc.sentences[si];
  std::string_view text = cx.SentenceText(si);
  re2::StringPiece phrase;
  if (!RE2::PartialMatch(text, kCompared, &phrase)) return {};
  size_t b = sent.begin + size_t(phrase.data() - text.data());
  size_t e = b + phrase.size();
  std::vector<std::string> out;
  for (const Mention* m : cx.by_sentence[si]) {
    if (m->kind == MentionKind::kDrug && m->begin >= b && m->end <= e &&
        std::find(out.begin(), out.end(), m->label) == out.end()) {
      out.push_back(m->label);
    }
  }
  if (ContainsWord(Lower(phrase), "placebo")) out.insert(out.begin(), "placebo");
  return out;
}

// The arms of `values` (in sentence order) of sentence `si`: each value's
// own arm (the phrase after it up to the next value of `all_values`, or
// before it when the value stands in parentheses) with the drugs it names,
// else the regimen it names; else the drugs named before the values when
// they align one to one; else, for a sentence about one regimen, its
// drugs (only the first value of an "A vs. B" comparison: the other is
// the comparator).
std::vector<Arm> ArmsOf(const Context& cx, size_t si, const std::string& masked,
                        const std::vector<OutcomeValue>& values,
                        const std::vector<OutcomeValue>& all_values,
                        const Regimens& regimens, const ArmLabels& labels) {
  const Sentence& sent = cx.doc.sentences[si];
  const auto& ms = cx.by_sentence[si];
  std::string_view text = cx.SentenceText(si);
  std::vector<Arm> arms(values.size());
  bool any_own = false;
  for (size_t i = 0; i < values.size(); ++i) {
    size_t seg_begin = sent.begin;
    size_t seg_end = sent.end;
    for (const OutcomeValue& o : all_values) {
      if (o.end <= values[i].begin) seg_begin = o.end;
      if (o.begin >= values[i].end) {
        seg_end = o.begin;
        break;
      }
    }
    std::string_view after = std::string_view(masked).substr(values[i].end - sent.begin,
                                                             seg_end - values[i].end);
    size_t arm_end = 0;
    size_t b = 0, e = 0;  // the phrase, in sentence offsets
    std::string phrase = ArmPhrase(after, &arm_end);
    if (phrase.empty()) {
      // "7.3 months for X/Y and 8.8 months for Y alone": a phrase with no
      // arm word is an arm when it names a drug.
      std::string bare = ArmPhrase(after, &arm_end, /*arm_word=*/false);
      size_t bb = values[i].end + (arm_end - bare.size());
      if (!bare.empty() && !DrugLabels(ms, bb, bb + bare.size(), masked, sent.begin).empty()) {
        phrase = bare;
      }
    }
    if (!phrase.empty()) {
      b = values[i].end - sent.begin + (arm_end - phrase.size());
      e = b + phrase.size();
    } else {
      std::string_view before = std::string_view(masked).substr(
          seg_begin - sent.begin, values[i].begin - seg_begin);
      size_t at = 0;
      phrase = ArmBefore(before, &at);
      if (!phrase.empty()) {
        b = seg_begin - sent.begin + at;
        e = b + phrase.size();
      }
    }
    if (phrase.empty()) {
      // "ibrutinib alone (87%) or ibrutinib plus rituximab (88%)": the
      // drugs joined right before the value's parenthesis.
      std::string_view before = std::string_view(masked).substr(
          seg_begin - sent.begin, values[i].begin - seg_begin);
      static const RE2 kOpen(R"((?i)^\s*(?:alone|monotherapy)?\s*\(\s*$)");
      static const RE2 kJoin(R"((?i)^(?:\s*[/+-]\s*|\s+(?:plus|and|with)\s+|\s*,\s*)$)");
      const Mention* last = nullptr;
      size_t last_k = 0;
      for (size_t k = 0; k < ms.size(); ++k) {
        if (ms[k]->kind == MentionKind::kDrug && ms[k]->begin >= seg_begin &&
            ms[k]->end <= values[i].begin) {
          last = ms[k];
          last_k = k;
        }
      }
      if (!last || !RE2::FullMatch(before.substr(last->end - seg_begin), kOpen)) continue;
      size_t first_k = last_k;
      while (first_k > 0 && ms[first_k - 1]->kind == MentionKind::kDrug &&
             ms[first_k - 1]->begin >= seg_begin &&
             RE2::FullMatch(cx.Gap(*ms[first_k - 1], *ms[first_k]), kJoin)) {
        --first_k;
      }
      b = ms[first_k]->begin - sent.begin;
      size_t open = before.rfind('(');
      e = seg_begin - sent.begin + open;
      phrase = std::string(text.substr(b, e - b));
    }
    // As printed, up to where the mask blanked a statistic.
    size_t cut = b;
    while (cut < e && masked[cut] == text[cut]) ++cut;
    while (cut > b && (text[cut - 1] == ' ' || text[cut - 1] == '.')) --cut;
    std::string printed(text.substr(b, cut - b));
    static const RE2 kTrailing(
        R"((?i)\s+(?:and|or|but|whereas|while|compared with|than)$)");
    RE2::Replace(&printed, kTrailing, "");
    arms[i].text = printed;
    arms[i].drugs = DrugLabels(ms, sent.begin + b, sent.begin + e, masked, sent.begin);
    // "chemotherapy without bevacizumab", "who did not receive cetuximab":
    // a drug the arm goes without is not the arm's.
    static const RE2 kWithout(
        R"((?i)\b(?:without|not\s+(?:receive|receiving|given|treated\s+with)|no)\s+(?:\w+\s+){0,2}$)");
    for (const Mention* m : ms) {
      if (m->kind != MentionKind::kDrug || m->begin < sent.begin + b ||
          m->end > sent.begin + e) {
        continue;
      }
      if (RE2::PartialMatch(text.substr(b, m->begin - sent.begin - b), kWithout)) {
        arms[i].drugs.erase(
            std::remove(arms[i].drugs.begin(), arms[i].drugs.end(), m->label),
            arms[i].drugs.end());
      }
    }
    if (arms[i].drugs.empty()) arms[i].drugs = LabelledArm(arms[i].text, labels);
    if (arms[i].drugs.empty()) {
      std::string regimen = ArmRegimen(arms[i].text);
      std::vector<std::string> expanded = ExpandRegimen(regimen, regimens);
      if (!expanded.empty()) {
        arms[i].drugs = expanded;
      } else if (!regimen.empty()) {
        arms[i].drugs = {regimen};
      }
    }
    any_own = any_own || !arms[i].drugs.empty();
  }
  if (any_own) {
    for (Arm& a : arms) a.comparator = a.drugs.empty();
    return arms;
  }
  // "X versus Y ... 10 vs. 6 months": the arms named before, in order.
  std::vector<std::string> before =
      DrugLabels(ms, sent.begin, values.front().begin, masked, sent.begin);
  if (values.size() >= 2 && before.size() == values.size()) {
    for (size_t i = 0; i < values.size(); ++i) arms[i].drugs = {before[i]};
    return arms;
  }
  // "(10.8 vs. 9.2 months) and OS (28.3 vs. 20.9 months) when assigned to
  // the X arm than ... the Y arm": "A vs. B" pairs take, in order, the two
  // arms named after the last value.
  static const RE2 kPairVersus(R"((?i)^[^%]{0,20}?\b(?:vs\.?|versus)\s[^%]{0,4}$)");
  bool vs_pairs = values.size() >= 2 && values.size() % 2 == 0;
  for (size_t i = 0; vs_pairs && i < values.size(); i += 2) {
    vs_pairs = RE2::FullMatch(
        text.substr(values[i].end - sent.begin, values[i + 1].begin - values[i].end),
        kPairVersus);
  }
  if (vs_pairs) {
    static const RE2 kNamedArm(
        R"((?i)\b(?:to|in|on|with|of)\s+the\s+([^,;()\[\]]{2,40}?)\s+(?:arm|group)s?\b)");
    std::string_view rest = text.substr(values.back().end - sent.begin);
    re2::StringPiece input(rest.data(), rest.size());
    re2::StringPiece name;
    std::vector<std::vector<std::string>> named;
    while (RE2::FindAndConsume(&input, kNamedArm, &name)) {
      size_t b = sent.begin + size_t(name.data() - text.data());
      named.push_back(DrugLabels(ms, b, b + name.size(), masked, sent.begin));
      if (named.back().empty()) {
        // A regimen the lexicon does not know, kept as printed ("FOLFOX-4").
        std::string regimen(name);
        named.back() = ExpandRegimen(regimen, regimens);
        if (named.back().empty() && regimen.find(' ') == std::string::npos) {
          named.back() = {regimen};
        }
      }
    }
    if (named.size() == 2 && !named[0].empty() && !named[1].empty() &&
        named[0] != named[1]) {
      for (size_t i = 0; i < values.size(); ++i) arms[i].drugs = named[i % 2];
      return arms;
    }
  }
  // One regimen: every value without an arm phrase of its own gets its
  // drugs, but the second of "A vs. B" is the comparator's.
  std::vector<std::string> all = DrugLabels(ms, sent.begin, sent.end, masked, sent.begin);
  bool distinct_arms = std::count_if(arms.begin(), arms.end(),
                                     [](const Arm& a) { return !a.text.empty(); }) >= 2;
  if (distinct_arms) {
    for (Arm& a : arms) a.comparator = true;
    return arms;
  }
  static const RE2 kVersus(R"((?i)\b(?:vs\.?|versus|compared with|compared to|than)\s)");
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      std::string_view between = text.substr(values[i - 1].end - sent.begin,
                                             values[i].begin - values[i - 1].end);
      if (RE2::PartialMatch(between, kVersus)) {
        arms[i].comparator = true;
        continue;
      }
      // "from 3.8 months to 5.2 months": the first is the comparator's.
      static const RE2 kFromTo(R"((?i)^\s*(?:months?|weeks?|days?|%)?\s*to\s*$)");
      static const RE2 kFrom(R"((?i)\bfrom\s*$)");
      if (RE2::PartialMatch(between, kFromTo) &&
          RE2::PartialMatch(text.substr(0, values[i - 1].begin - sent.begin), kFrom)) {
        // "compared with placebo from 3.8 to 5.2 months": the comparator
        // the sentence names is the first value's arm.
        std::vector<std::string> named = ComparatorNamed(cx, si);
        arms[i - 1].comparator = named.empty();
        arms[i - 1].drugs = named;
        if (arms[i].text.empty()) {
          arms[i].drugs = all;
          for (const std::string& d : named) {
            arms[i].drugs.erase(std::remove(arms[i].drugs.begin(), arms[i].drugs.end(), d),
                                arms[i].drugs.end());
          }
        }
        continue;
      }
    }
    if (arms[i].text.empty() || values.size() == 1) arms[i].drugs = all;
  }
  return arms;
}

}  // namespace

namespace {

// Where an outcome's cohort comes from when its sentence names no trial
// before the value: registry trials whose table rows cite the same
// references, trials named in the titles of the cited references, the
// paragraph's trial.
class CohortResolver {
 public:
  explicit CohortResolver(const Context& cx) {
    // Trial rows of tables: refs -> trial, drugs per trial.
    for (const Table& table : cx.doc.tables) {
      for (const Table::Row& row : table.rows) {
        std::set<std::string> trials;
        std::set<std::string> drugs;
        for (const Mention* m : cx.by_sentence[row.sentence]) {
          if (m->kind == MentionKind::kTrial) trials.insert(cx.Trial(m->entity_id));
          if (m->kind == MentionKind::kDrug) drugs.insert(m->entity_id);
        }
        if (trials.size() != 1) continue;
        for (const std::string& n : cx.doc.sentences[row.sentence].refs) {
          row_trials_[n].insert(*trials.begin());
        }
        trial_drugs_[*trials.begin()].insert(drugs.begin(), drugs.end());
      }
    }
    // Trials named in reference titles (names the body also uses).
    std::set<std::string> names;
    for (const auto& ms : cx.by_sentence) {
      for (const Mention* m : ms) {
        if (m->kind == MentionKind::kTrial) names.insert(m->surface);
      }
    }
    // Lowered once here, not per (reference, name) pair.
    std::vector<std::pair<std::string, std::string>> lowered;  // name, lower
    for (const std::string& name : names) lowered.emplace_back(name, Lower(name));
    for (const graph::Reference& r : cx.doc.references) {
      const std::string title = Lower(r.title);
      for (const auto& [name, lower_name] : lowered) {
        if (name.size() >= 4 && ContainsWord(title, lower_name)) {
          for (const auto& ms : cx.by_sentence) {
            for (const Mention* m : ms) {
              if (m->kind == MentionKind::kTrial && m->surface == name) {
                title_trials_[r.n].insert(cx.Trial(m->entity_id));
              }
            }
          }
        }
      }
    }
  }

  // The trial for a sentence citing `refs` and naming `drugs`, or "".
  std::string FromCitations(const std::vector<std::string>& refs,
                            const std::set<std::string>& drugs) const {
    std::set<std::string> found;
    for (const std::string& n : refs) {
      if (auto it = row_trials_.find(n); it != row_trials_.end()) {
        found.insert(it->second.begin(), it->second.end());
      }
    }
    if (found.size() > 1 && !drugs.empty()) {
      std::set<std::string> with_drug;
      for (const std::string& t : found) {
        auto it = trial_drugs_.find(t);
        if (it == trial_drugs_.end()) continue;
        for (const std::string& d : drugs) {
          if (it->second.count(d)) with_drug.insert(t);
        }
      }
      found = with_drug;
    }
    if (found.size() == 1) return *found.begin();
    std::set<std::string> titled;
    for (const std::string& n : refs) {
      if (auto it = title_trials_.find(n); it != title_trials_.end()) {
        titled.insert(it->second.begin(), it->second.end());
      }
    }
    return titled.size() == 1 ? *titled.begin() : "";
  }

 private:
  std::map<std::string, std::set<std::string>> row_trials_;
  std::map<std::string, std::set<std::string>> trial_drugs_;
  std::map<std::string, std::set<std::string>> title_trials_;
};

}  // namespace

// ---------------------------------------------------------------- outcomes

namespace {

// One outcome fact: what RelateOutcomes and the table rule found.
struct OutcomeFact {
  std::string cohort;  // trial id or ""
  const OutcomeMeasure* measure = nullptr;
  const OutcomeValue* value = nullptr;
  std::string horizon;
  Arm arm;
  std::string group;  // condition id or ""
};

void AddOutcome(Context& cx, size_t si, const OutcomeFact& o, const std::string& rule) {
  std::map<std::string, std::string> attrs;
  attrs["measure"] = o.measure->measure;
  attrs["measure_text"] = o.measure->text;
  attrs["value"] = o.value->value;
  attrs["unit"] = o.value->unit;
  attrs["statistic"] = o.value->unit == "%" ? "rate" : "median";
  if (!o.value->qualifier.empty()) attrs["qualifier"] = o.value->qualifier;
  if (!o.value->value_max.empty()) attrs["value_max"] = o.value->value_max;
  if (!o.horizon.empty()) attrs["horizon"] = o.horizon;
  if (!o.arm.drugs.empty()) {
    attrs["drug"] = o.arm.drugs.front();
    std::string regimen;
    for (const std::string& d : o.arm.drugs)
      regimen += (regimen.empty() ? "" : " + ") + d;
    attrs["drugs"] = regimen;
  }
  if (!o.arm.text.empty()) attrs["arm"] = o.arm.text;
  std::string object = o.group.empty()
                           ? MakeEntityId(EntityKind::kCondition, "study population")
                           : o.group;
  std::string subject = o.cohort.empty()
                            ? MakeEntityId(EntityKind::kCondition, "unnamed cohort")
                            : o.cohort;
  if (object == subject)
    object = MakeEntityId(EntityKind::kCondition, "study population");
  if (auto trial = graph::ParseEntityId(o.cohort); trial.ok()) attrs["trial"] = trial->key;
  if (auto group = graph::ParseEntityId(object); group.ok()) attrs["group"] = group->key;
  cx.out.Add(subject, pred::kOutcome, object, attrs, si, rule, true);
}

// Where a sentence's outcomes take their drugs and trial from when it names
// none: the evidence item it belongs to (its paragraph's opening sentence,
// else the lead-in ending in ':' of the bullet list it is in), and the
// trial the article itself reports ("This trial is registered ... NCT...").
class OutcomeContext {
 public:
  explicit OutcomeContext(const Context& cx) : cx_(cx) {
    for (size_t si = 0; si < cx.doc.sentences.size(); ++si) {
      size_t b = cx.BlockOf(si);
      if (!first_.count(b)) first_[b] = si;
      last_[b] = si;
    }
    std::set<std::string> own;
    for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
      std::string lower = Lower(cx.SentenceText(si));
      if (lower.find("registered") == std::string::npos) continue;
      if (!HasStem(lower, {"this trial", "this study", "the trial", "the study", "it was",
                           "our trial", "our study"})) {
        continue;
      }
      for (const Mention* m : cx.by_sentence[si]) {
        if (m->kind == MentionKind::kTrial && m->trial_form == "registry") {
          own.insert(cx.Trial(m->entity_id));
        }
      }
    }
    if (own.size() == 1) own_trial_ = *own.begin();
  }

  // The article's own trial for sentence `si`, but not in its introduction
  // or methods (other trials, design assumptions).
  std::string OwnTrial(size_t si) const {
    int section = cx_.SectionOf(si);
    if (section >= 0) {
      std::string title = Lower(cx_.doc.sections[static_cast<size_t>(section)].title);
      if (HasStem(title,
                  {"introduction", "background", "method", "design", "statistic"})) {
        return "";
      }
    }
    return own_trial_;
  }

  // The sentences whose drugs and trial govern sentence `si`: for a
  // bullet, the numbered item it hangs under (all of it: "1." may be a
  // sentence of its own, and the regimen may come second) or the last
  // sentence of its lead-in; else its paragraph's opening sentence.
  std::vector<size_t> Governing(size_t si) const {
    const Block& block = cx_.doc.blocks[cx_.BlockOf(si)];
    if (block.parent >= 0) {
      size_t parent = static_cast<size_t>(block.parent);
      if (!first_.count(parent)) return {};
      if (!cx_.doc.blocks[parent].numbered_item) {
        // A lead-in naming no drug and no trial ("The primary end point was
        // PFS.") sits inside the numbered item before it: that item governs
        // too (first, so that the lead-in's own trial would win).
        size_t lead_in = last_.at(parent);
        std::vector<size_t> out;
        if (!NamesAgentOrTrial(lead_in)) {
          std::optional<size_t> item = NumberedItemBefore(parent);
          if (item && first_.count(*item)) {
            for (size_t k = first_.at(*item); k <= last_.at(*item); ++k) out.push_back(k);
          }
        }
        out.push_back(lead_in);
        return out;
      }
      std::vector<size_t> out;
      for (size_t k = first_.at(parent); k <= last_.at(parent); ++k) out.push_back(k);
      return out;
    }
    size_t first = first_.at(cx_.BlockOf(si));
    if (first == si) return {};
    return {first};
  }

 private:
  bool NamesAgentOrTrial(size_t si) const {
    for (const Mention* m : cx_.by_sentence[si]) {
      if (m->kind == MentionKind::kDrug || m->kind == MentionKind::kTrial) return true;
    }
    return false;
  }

  // The numbered item before block `b` in the same section, with no heading
  // between them, or none.
  std::optional<size_t> NumberedItemBefore(size_t b) const {
    const auto& blocks = cx_.doc.blocks;
    for (size_t k = b; k-- > 0;) {
      if (blocks[k].kind == BlockKind::kHeading || blocks[k].section != blocks[b].section) {
        return std::nullopt;
      }
      if (blocks[k].numbered_item) return k;
    }
    return std::nullopt;
  }

  const Context& cx_;
  std::map<size_t, size_t> first_, last_;  // block -> sentence
  std::string own_trial_;
};

std::vector<const Mention*> TrialsOf(const Context& cx, size_t si) {
  std::vector<const Mention*> out;
  for (const Mention* m : cx.by_sentence[si]) {
    if (m->kind == MentionKind::kTrial) out.push_back(m);
  }
  return out;
}

// The outcomes stated by the rows of tables: a header column naming one
// measure ("Approximate EFS, %", "ORR", "Median PFS, mo", "5-y OS") gives one
// outcome per row whose cell holds a number. The unit is the header's ("%",
// "mo"/"months"; a median needs a time-to-event measure), else the cell's
// '%'; "12 (40%)" reads as 40%. The row's other cells name its arm: the drugs
// or regimens they name, the first such cell as printed.
void RelateOutcomeTables(Context& cx, const NamedDrugs& named) {
  static const std::set<std::string> kTimed = {"OS",  "PFS", "EFS", "DFS", "RFS",
                                               "LFS", "TTP", "DOR", "TFS", "TTNT"};
  static const RE2 kNumber(R"(\s*([~>=<]*)\s*(\d{1,3}(?:\.\d+)?)\s*(%?)\s*(?:\([^()]*\))?\s*)");
  static const RE2 kCountPercent(R"(\s*\d+(?:\s*/\s*\d+)?\s*\(\s*(\d{1,3}(?:\.\d+)?)\s*%\s*\)\s*)");
  static const RE2 kMonths(R"((?i)\b(?:mo|mos|months?)\b)");
  for (const Table& table : cx.doc.tables) {
    std::vector<bool> measure_col(table.header.size(), false);
    for (size_t col = 0; col < table.header.size(); ++col) {
      measure_col[col] = FindOutcomeMeasures(table.header[col], 0).size() == 1;
    }
    for (size_t col = 0; col < table.header.size(); ++col) {
      if (!measure_col[col]) continue;
      const std::string& h = table.header[col];
      std::vector<OutcomeMeasure> hm = FindOutcomeMeasures(h, 0);
      std::string header_unit = h.find('%') != std::string::npos ? "%"
                                : RE2::PartialMatch(h, kMonths) ? "months"
                                                                : "";
      if (header_unit == "months" && !kTimed.count(hm[0].measure)) continue;
      bool approximate = Lower(h).find("approx") != std::string::npos;
      std::string horizon = OutcomeHorizon(Lower(h));
      for (const Table::Row& row : table.rows) {
        // A glued header can have fewer columns than the rows: the last
        // header column is the last cell.
        size_t c = col;
        if (col + 1 == table.header.size() && row.cells.size() > table.header.size()) {
          c = row.cells.size() - 1;
        }
        if (c >= row.cells.size()) continue;
        std::string cell(cx.doc.Slice(row.cells[c].first, row.cells[c].second));
        std::string qualifier, number, percent;
        std::string unit = header_unit;
        if (RE2::FullMatch(cell, kCountPercent, &number)) {
          if (unit == "months") continue;
          unit = "%";
        } else if (RE2::FullMatch(cell, kNumber, &qualifier, &number, &percent)) {
          if (!percent.empty() && unit != "months") unit = "%";
        } else {
          continue;
        }
        if (unit.empty() || (unit == "%" && std::stod(number) > 100)) continue;
        OutcomeValue v;
        v.begin = row.cells[c].first;
        v.end = row.cells[c].second;
        v.value = number;
        v.unit = unit;
        v.qualifier = approximate ? "~" : ValueQualifier(qualifier);
        std::set<std::string> trials;
        for (const Mention* m : TrialsOf(cx, row.sentence))
          trials.insert(cx.Trial(m->entity_id));
        OutcomeFact o;
        o.cohort = trials.size() == 1 ? *trials.begin() : "";
        o.measure = &hm[0];
        o.value = &v;
        o.horizon = horizon;
        // The arm: the drugs of the row's cells outside measure columns.
        for (size_t k = 0; k < row.cells.size(); ++k) {
          if (k < measure_col.size() && measure_col[k]) continue;
          if (k == c) continue;
          std::string_view text = cx.doc.Slice(row.cells[k].first, row.cells[k].second);
          std::vector<std::string> drugs = named.In(text);
          if (drugs.empty()) continue;
          if (o.arm.text.empty()) {
            o.arm.text = std::string(text);
            while (!o.arm.text.empty() && o.arm.text.back() == ' ') o.arm.text.pop_back();
            while (!o.arm.text.empty() && o.arm.text.front() == ' ') o.arm.text.erase(0, 1);
          }
          for (const std::string& d : drugs) {
            if (std::find(o.arm.drugs.begin(), o.arm.drugs.end(), d) == o.arm.drugs.end()) {
              o.arm.drugs.push_back(d);
            }
          }
        }
        AddOutcome(cx, row.sentence, o, "table-measure-column");
      }
    }
  }
}

}  // namespace

void RelateOutcomes(Context& cx) {
  CohortResolver resolver(cx);
  OutcomeContext context(cx);
  const Regimens regimens = RegimenAbbreviations(cx);
  const NamedDrugs named(cx, regimens);
  const ArmLabels labels = ArmDefinitions(cx);
  std::map<size_t, std::string> paragraph_trial;  // block -> latest trial
  std::map<size_t, size_t>
      last_measured;  // block -> last sentence with measures and values
  std::map<size_t, std::set<std::string>> paragraph_drugs;  // block -> drugs so far
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    // A bullet reads in the context of the item it hangs under.
    const int parent = cx.doc.blocks[cx.BlockOf(si)].parent;
    size_t block = parent >= 0 ? static_cast<size_t>(parent) : cx.BlockOf(si);
    const Sentence& sent = cx.doc.sentences[si];
    std::string_view text = cx.SentenceText(si);
    std::string lower = Lower(text);
    std::vector<const Mention*> trial_mentions = TrialsOf(cx, si);
    std::set<std::string> drugs;
    std::string group;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kDrug) drugs.insert(m->entity_id);
      if (m->kind == MentionKind::kCondition && group.empty()) group = m->entity_id;
    }
    std::string earlier_trial;
    if (auto it = paragraph_trial.find(block); it != paragraph_trial.end()) {
      earlier_trial = it->second;
    }
    if (!trial_mentions.empty()) {
      paragraph_trial[block] = cx.Trial(trial_mentions.back()->entity_id);
    }
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kDrug) paragraph_drugs[block].insert(m->entity_id);
    }
    // Values first: the measure patterns run only where a value stands.
    std::vector<OutcomeValue> values;
    if (text.find('%') != std::string_view::npos ||
        lower.find("month") != std::string::npos ||
        lower.find("week") != std::string::npos ||
        lower.find("day") != std::string::npos ||
        lower.find(" mo") != std::string::npos) {
      values = FindOutcomeValues(text, sent.begin);
    }
    values.erase(std::remove_if(values.begin(), values.end(),
                                [&](const OutcomeValue& v) {
                                  for (const Citation& c : sent.citations) {
                                    if (v.begin < c.end && c.begin < v.end) return true;
                                  }
                                  return false;
                                }),
                 values.end());
    size_t previous = last_measured.count(block) ? last_measured[block] : SIZE_MAX;
    if (values.empty()) continue;
    std::vector<OutcomeMeasure> measures = FindOutcomeMeasures(text, sent.begin);
    if (!measures.empty()) last_measured[block] = si;
    // "by the same measures they were 41.2% and 57.9%, respectively": the measures of
    // the paragraph's previous sentence with values, when they pair one to one.
    if (measures.empty() && values.size() >= 2 && previous != SIZE_MAX &&
        lower.find("respectively") != std::string::npos) {
      std::vector<OutcomeMeasure> distinct;
      for (const OutcomeMeasure& m : FindOutcomeMeasures(
               cx.SentenceText(previous), cx.doc.sentences[previous].begin)) {
        if (std::none_of(distinct.begin(), distinct.end(), [&](const OutcomeMeasure& d) {
              return d.measure == m.measure;
            })) {
          distinct.push_back(m);
        }
      }
      if (distinct.size() == values.size()) {
        measures = distinct;
        for (OutcomeMeasure& m : measures)
          m.begin = m.end = sent.begin;  // before the values
      }
    }
    // "The rates were higher for patients who received X (87%) ...": a
    // sentence naming its measure only as "the rate(s)" or "the median(s)"
    // takes the one measure of the paragraph's previous sentence with values.
    static const RE2 kAnaphor(
        R"(\b(?:(?:the|these|those|such|both|corresponding|respective)\s+(?:\w+\s+)?(?:rates?|medians?)|(?:this|that|the same)\s+(?:comparison|analysis|end ?point))\b)");
    if (measures.empty() && previous != SIZE_MAX && RE2::PartialMatch(lower, kAnaphor)) {
      std::vector<OutcomeMeasure> earlier = FindOutcomeMeasures(
          cx.SentenceText(previous), cx.doc.sentences[previous].begin);
      bool one = !earlier.empty() &&
                 std::all_of(earlier.begin(), earlier.end(), [&](const OutcomeMeasure& m) {
                   return m.measure == earlier[0].measure;
                 });
      if (one) {
        measures = {earlier[0]};
        // Right before the first value: the sentence may run long before it.
        measures[0].begin = measures[0].end = values.front().begin;
      }
    }
    if (measures.empty()) continue;

    // Pairing runs on the sentence itself (base 0).
    std::vector<OutcomeMeasure> local_measures = measures;
    for (OutcomeMeasure& m : local_measures) {
      m.begin -= sent.begin;
      m.end -= sent.begin;
    }
    std::vector<OutcomeValue> local_values = values;
    for (OutcomeValue& v : local_values) {
      v.begin -= sent.begin;
      v.end -= sent.begin;
    }
    std::vector<std::pair<size_t, size_t>> pairs =
        PairOutcomes(text, local_measures, local_values);
    if (pairs.empty()) continue;
    std::string masked = MaskNonValues(text);
    std::vector<OutcomeValue> paired;
    for (const auto& [mi, vi] : pairs) paired.push_back(values[vi]);
    std::vector<Arm> arms = ArmsOf(cx, si, masked, paired, values, regimens, labels);
    // A sentence naming no drug takes those of the item it belongs to (its
    // drugs, else the regimens it names), else those its section heading
    // names.
    std::vector<size_t> governing = context.Governing(si);
    if (drugs.empty()) {
      std::vector<std::string> item;
      for (size_t g : governing) {
        for (const Mention* m : cx.by_sentence[g]) {
          if (m->kind == MentionKind::kDrug &&
              std::find(item.begin(), item.end(), m->label) == item.end()) {
            item.push_back(m->label);
          }
        }
      }
      for (size_t g : governing) {
        if (item.empty()) item = named.In(cx.SentenceText(g));
      }
      if (int section = cx.SectionOf(si); item.empty() && section >= 0) {
        item = named.In(cx.doc.sections[static_cast<size_t>(section)].title);
      }
      for (Arm& a : arms) {
        if (a.drugs.empty() && a.text.empty() && !a.comparator) a.drugs = item;
      }
    }
    // In an add-on design ("A/B with or without X"), stated by the sentence
    // or its item, a comparator arm ("10.7 months in the group who did not
    // receive X") is the backbone.
    std::optional<AddOn> design = AddOnIn(cx, si);
    for (size_t g : governing) {
      if (!design) design = AddOnIn(cx, g);
    }
    if (design) {
      for (Arm& a : arms) {
        if (a.drugs.empty() && a.comparator) a.drugs = design->backbone;
      }
    }
    // A bullet citing nothing takes the citations of its governing item.
    if (sent.refs.empty() && !cx.out.HasRefsOverride(si)) {
      std::set<std::string> cited;
      for (size_t g : governing) {
        for (const std::string& n : cx.doc.sentences[g].refs) cited.insert(n);
      }
      std::vector<std::string> refs(cited.begin(), cited.end());
      std::sort(refs.begin(), refs.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
      });
      if (!refs.empty()) cx.out.SetRefs(si, refs);
    }
    std::string governing_trial;
    for (size_t g : governing) {
      auto gt = TrialsOf(cx, g);
      if (!gt.empty()) governing_trial = cx.Trial(gt.back()->entity_id);
    }

    std::string from_citations =
        resolver.FromCitations(sent.refs, drugs.empty() ? paragraph_drugs[block] : drugs);
    bool both = lower.find("in both") != std::string::npos ||
                lower.find("both trials") != std::string::npos;
    for (size_t k = 0; k < pairs.size(); ++k) {
      const OutcomeMeasure& m = measures[pairs[k].first];
      const OutcomeValue& v = values[pairs[k].second];
      size_t window_begin = m.begin >= sent.begin + 40 ? m.begin - 40 : sent.begin;
      std::string horizon = OutcomeHorizon(Lower(cx.doc.Slice(window_begin, m.end)));
      if (horizon.empty() && v.begin > m.end) {
        horizon = OutcomeHorizon(Lower(cx.doc.Slice(m.end, v.begin)));
      }
      if (horizon.empty()) horizon = OutcomeHorizon(Lower(MaskNonValues(text)));
      // The cohort: the sentence's trial named before the value (all of them
      // for "in both trials"), else by citation, else the paragraph's trial,
      // else the item's, else the article's; none when the sentence names
      // trials only after the value ("compared to 40% in trial X").
      std::vector<std::string> cohorts;
      const Mention* before = nullptr;
      for (const Mention* t : trial_mentions) {
        if (t->end <= v.begin) before = t;
      }
      if (both && trial_mentions.size() >= 2) {
        for (const Mention* t : trial_mentions) {
          std::string id = cx.Trial(t->entity_id);
          if (std::find(cohorts.begin(), cohorts.end(), id) == cohorts.end()) {
            cohorts.push_back(id);
          }
        }
      } else if (before) {
        cohorts.push_back(cx.Trial(before->entity_id));
      } else if (!from_citations.empty()) {
        cohorts.push_back(from_citations);
      } else if (trial_mentions.empty() && !earlier_trial.empty()) {
        cohorts.push_back(earlier_trial);
      } else if (trial_mentions.empty() && !governing_trial.empty()) {
        cohorts.push_back(governing_trial);
      } else if (trial_mentions.empty() && sent.citations.empty()) {
        // A sentence citing others reports their results, not the article's.
        cohorts.push_back(context.OwnTrial(si));
      } else {
        cohorts.push_back("");
      }
      // A value of no named trial and no drug (a comparator, a role such as
      // "the control group", a subgroup of a series the text does not name):
      // nothing to attribute it to.
      if (cohorts.size() == 1 && cohorts[0].empty() && arms[k].drugs.empty()) continue;
      // "a median PFS of 38.4 months in both arms" of "X was noninferior to
      // Y": one outcome per arm's drug, not one of the combination X + Y.
      static const RE2 kBothArms(R"((?i)\b(?:both|each|either)\s+(?:arms?|groups?|cohorts?)\b)");
      std::vector<Arm> each = {arms[k]};
      if (arms[k].drugs.size() >= 2 && RE2::PartialMatch(arms[k].text, kBothArms)) {
        each.clear();
        for (const std::string& d : arms[k].drugs) {
          Arm one = arms[k];
          one.drugs = {d};
          each.push_back(one);
        }
      }
      for (const std::string& cohort : cohorts) {
        for (const Arm& arm : each) {
          OutcomeFact o;
          o.cohort = cohort;
          o.measure = &m;
          o.value = &v;
          o.horizon = horizon;
          o.arm = arm;
          o.group = group;
          AddOutcome(cx, si, o, "outcome-sentence");
        }
      }
    }
  }
  RelateOutcomeTables(cx, named);
}

// ---------------------------------------------------------------- frequency

namespace {

// A fusion's share of a population: "AFF1 (49%)", "~10% to 15%".
struct ValueHit {
  size_t begin, end;
  std::string value;
  std::string qualifier;
  std::string value_max;
};

std::vector<ValueHit> FindPercents(std::string_view s, size_t base) {
  static const RE2 kValue(
      R"((((?:~|>=|<=|>|<|up to |more than |less than |greater than |over |above |below |under |exceeding |exceeded |exceeds |at least |at most |approximately |about |around |nearly |almost |roughly )?)(\d{1,3}(?:\.\d+)?)\s?(?:%|(?:\+/-|±)\s?\d+(?:\.\d+)?\s?%)(?:\s?(?:to|-)\s?(\d{1,3}(?:\.\d+)?)\s?%)?))");
  std::vector<ValueHit> hits;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece whole;
  std::string qual, value, value_max;
  while (RE2::FindAndConsume(&input, kValue, &whole, &qual, &value, &value_max)) {
    size_t b = whole.data() - s.data(), e = b + whole.size();
    ValueHit h{b + base, e + base, value, "", value_max};
    h.qualifier = ValueQualifier(qual);
    if (!value_max.empty()) h.qualifier = "range";
    hits.push_back(h);
  }
  return hits;
}

}  // namespace

void RelateFrequencies(Context& cx) {
  static const RE2 kPop(
      R"(^\s*(?:of\s+)?(?:all\s+)?((?:[\w-]+\s+){0,3}?(?:ALL|AML|MPAL|leuka?emias?|infants|children|cases)(?:\s+(?:in|among)\s+(?:infants|children))?))");
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    const Sentence& sent = cx.doc.sentences[si];
    if (cx.SentenceText(si).find('%') == std::string_view::npos) continue;
    std::vector<ValueHit> values = FindPercents(cx.SentenceText(si), sent.begin);
    if (values.empty()) continue;
    std::string lower = Lower(cx.SentenceText(si));
    if (!FindOutcomeMeasures(cx.SentenceText(si), sent.begin).empty()) continue;
    for (const ValueHit& v : values) {
      // The nearest fusion before the value.
      const Mention* fusion = nullptr;
      for (const Mention* m : ms) {
        if (IsFusionLike(*m) && m->end <= v.begin) fusion = m;
      }
      if (!fusion) continue;
      std::string after(cx.doc.Slice(v.end, sent.end));
      std::string population;
      if (RE2::PartialMatch(after, kPop, &population)) {
        while (!population.empty() && population.back() == ' ') population.pop_back();
      }
      // "In infant ALL, ... AFF1 (formerly AF4; 49%)": the sentence's
      // opening population.
      static const RE2 kLeading(
          R"(^In ((?:(?:infant|childhood|pediatric|paediatric|adult)\s+)?(?:ALL|AML|MPAL|B-ALL|T-ALL)),)");
      if (population.empty() || population == "cases") {
        std::string leading;
        if (RE2::PartialMatch(cx.SentenceText(si), kLeading, &leading))
          population = leading;
      }
      if (population.empty() || population == "cases") continue;
      std::map<std::string, std::string> attrs{{"value", v.value},
                                               {"population", population}};
      if (!v.qualifier.empty()) attrs["qualifier"] = v.qualifier;
      if (!v.value_max.empty()) attrs["value_max"] = v.value_max;
      std::string cond = MakeEntityId(EntityKind::kCondition, population);
      cx.out.Entity(cond, EntityKind::kCondition, population);
      cx.out.Add(fusion->entity_id, pred::kFrequency, cond, attrs, si, "fusion-frequency",
                 true);
    }
  }
  // Tables with a "Frequency in <population>" column.
  for (const Table& table : cx.doc.tables) {
    int col = -1;
    std::string population;
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string h = table.header[i];
      size_t pos = Lower(h).find("frequency in ");
      if (pos != std::string::npos) {
        col = int(i);
        population = h.substr(pos + 13);
      }
    }
    if (col < 0) continue;
    for (const Table::Row& row : table.rows) {
      if (col >= int(row.cells.size())) continue;
      const Mention* fusion = nullptr;
      for (const Mention* m : cx.by_sentence[row.sentence]) {
        if (IsFusionLike(*m) && m->three_prime != "?") fusion = m;
      }
      if (!fusion) continue;
      std::vector<ValueHit> vs =
          FindPercents(cx.doc.Slice(row.cells[col].first, row.cells[col].second),
                       row.cells[col].first);
      if (vs.size() != 1) continue;
      std::string cond = MakeEntityId(EntityKind::kCondition, population);
      cx.out.Entity(cond, EntityKind::kCondition, population);
      cx.out.Add(fusion->entity_id, pred::kFrequency, cond,
                 {{"value", vs[0].value}, {"population", population}}, row.sentence,
                 "table-frequency", true);
    }
  }
}

}  // namespace lg::ingest::relate_internal
