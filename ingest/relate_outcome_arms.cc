// Outcome attribution (see relate_outcome_arms.h): the arm of each value
// of a sentence, and what the document defines for it (regimen
// abbreviations, arm labels, add-on designs).
#include "ingest/relate_outcome_arms.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "graph/text_util.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {

namespace {

// RE2's \s: the cheap checks before a pattern skip what it would.
bool IsReSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

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

// Whether an arm phrase names an arm word ("group", "received", "plus").
bool NamesArmWord(std::string_view phrase) {
  static const RE2 kArmWord(
      R"(\b(?:groups?|arms?|cohorts?|received|receiving|treated|given|placebo|control|chemotherapy|alone|combination|plus|monotherapy)\b)");
  return RE2::PartialMatch(Lower(phrase), kArmWord);
}

}  // namespace

std::optional<std::string_view> ArmPhraseGroup(std::string_view s) {
  static const RE2 kArm(
      R"(^\s*(?:,\s*)?((?:in|for|with|among|on|of)\s+(?:the\s+|those\s+|patients\s+)?[^,;()\[\]]{2,80}?)(?:\s*(?:[,;.()\[\]]|$)|\s{2}|\s(?:vs\.?|versus|compared|but|whereas|while)\s))");
  if (!graph::IsWellFormedUtf8(s)) {
    re2::StringPiece arm;
    if (!RE2::PartialMatch(s, kArm, &arm)) return std::nullopt;
    return std::string_view(arm.data(), arm.size());
  }
  auto space = [&](size_t i) { return i < s.size() && IsReSpace(s[i]); };
  auto spaces = [&](size_t i) {  // the white space run at i
    size_t n = 0;
    while (space(i + n)) ++n;
    return n;
  };
  auto at = [&](size_t i, std::string_view w) {
    return i <= s.size() && s.substr(i, w.size()) == w;
  };
  const std::string_view kStop = ",;()[]";
  // The lead-in: white space, maybe a comma and white space (one reading).
  size_t start = spaces(0);
  if (at(start, ",")) start += 1 + spaces(start + 1);
  size_t keyword = 0;
  for (std::string_view w : {"in", "for", "with", "among", "on", "of"}) {
    if (at(start, w)) keyword = w.size();
  }
  if (keyword == 0) return std::nullopt;
  // What may end the phrase at `q`.
  auto ends_at = [&](size_t q) {
    const size_t k = q + spaces(q);
    if (k == s.size() ||
        std::string_view(",;.()[]").find(s[k]) != std::string_view::npos) {
      return true;
    }
    if (space(q) && space(q + 1)) return true;
    if (!space(q)) return false;
    for (std::string_view w : {"vs", "versus", "compared", "but", "whereas", "while"}) {
      if (!at(q + 1, w)) continue;
      size_t e = q + 1 + w.size();
      if (w == "vs" && at(e, ".") && space(e + 1)) return true;
      if (space(e)) return true;
    }
    return false;
  };
  // The lazy run of 2-80 code points from `p`: its shortest end that an
  // ending follows.
  auto run_from = [&](size_t p) -> std::optional<std::string_view> {
    size_t q = p;
    for (int n = 1; n <= 80; ++n) {
      if (q >= s.size() || kStop.find(s[q]) != std::string_view::npos)
        return std::nullopt;
      const unsigned char c = static_cast<unsigned char>(s[q]);
      q += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (n >= 2 && ends_at(q)) return s.substr(start, q - start);
    }
    return std::nullopt;
  };
  // RE2's order of trial: the keyword's white space longest first; for
  // each, the optional word taken (its white space longest first), then not.
  const size_t after_keyword = start + keyword;
  for (size_t k1 = spaces(after_keyword); k1 >= 1; --k1) {
    const size_t a = after_keyword + k1;
    for (std::string_view w : {"the", "those", "patients"}) {
      if (!at(a, w)) continue;
      for (size_t k2 = spaces(a + w.size()); k2 >= 1; --k2) {
        if (auto g = run_from(a + w.size() + k2)) return g;
      }
    }
    if (auto g = run_from(a)) return g;
  }
  return std::nullopt;
}

namespace {

// The arm phrase right after a value: "in the T-DM1 group", "for patients who
// received X", "with X" (up to the next comma, parenthesis or clause); `end`
// is where it ends in `masked_after`. A phrase naming no arm word ("for X/Y
// and") is returned too: the caller keeps it only when it names a drug
// (NamesArmWord).
std::string ArmPhrase(std::string_view masked_after, size_t* end) {
  // "147 [39%] of 376 patients (who underwent resection) in the X group":
  // the count's total goes before the arm.
  static const RE2 kOfTotal(
      R"(^(\s*[\])]?\s*of\s+\d+(?:\s+(?:patients|participants|resections))?(?:\s+who\s+\w+(?:\s+[a-z]+){0,2})?)\s+(?:in|for|among|on)\s)");
  // Both patterns are anchored: check their first words before running them.
  auto skip_spaces = [&](size_t i) {
    while (i < masked_after.size() && IsReSpace(masked_after[i])) ++i;
    return i;
  };
  auto word_at = [&](size_t i, std::string_view word) {
    return masked_after.substr(i, word.size()) == word;
  };
  size_t lead = skip_spaces(0);
  size_t total_at = lead;
  if (total_at < masked_after.size() &&
      (masked_after[total_at] == ']' || masked_after[total_at] == ')')) {
    total_at = skip_spaces(total_at + 1);
  }
  size_t arm_at = lead;
  if (arm_at < masked_after.size() && masked_after[arm_at] == ',') {
    arm_at = skip_spaces(arm_at + 1);
  }
  bool may_arm = false;
  for (std::string_view w : {"in", "for", "with", "among", "on", "of"}) {
    may_arm = may_arm || word_at(arm_at, w);
  }
  re2::StringPiece total;
  if (word_at(total_at, "of") && RE2::PartialMatch(masked_after, kOfTotal, &total)) {
    size_t skip = total.size();
    std::string phrase = ArmPhrase(masked_after.substr(skip), end);
    if (!phrase.empty()) *end += skip;
    return phrase;
  }
  std::optional<std::string_view> arm;
  if (!may_arm || !(arm = ArmPhraseGroup(masked_after))) return "";
  *end = size_t(arm->data() - masked_after.data()) + arm->size();
  return std::string(*arm);
}

// The regimen an arm phrase names when the drug lexicon knows none of it:
// "for patients who received FOLFOX-4" -> "FOLFOX-4", "in the IFL/placebo
// arm" -> "IFL/placebo"; "" for an arm named by its role ("the control
// group", "both arms").
std::string ArmRegimen(std::string_view phrase) {
  static const RE2 kCore(
      R"(^(?:(?i:in|for|with|among|on|of|and|or|than|versus|vs\.?|between)\s+)?(?i:the\s+|those\s+)?(?i:patients\s+)?(?i:who\s+)?(?i:were\s+)?(?i:received\s+|receiving\s+|treated with\s+|given\s+|(?:randomly\s+)?assigned to\s+|randomi[sz]ed to\s+|on\s+)?(?i:the\s+)?(.*?)(?:\s+(?i:groups?|arms?|cohorts?|populations?|alone))*$)");
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

std::string LabelKey(std::string_view text) {
  std::string out = Lower(text);
  std::replace(out.begin(), out.end(), '-', ' ');
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

// The arm phrase right before a value in parentheses: "in the X group
// (56%)", "for patients who received X (55.2 months vs. ...)"; or right
// before the verb of a value: "for patients who received X was 1.5 months".
std::string ArmBefore(std::string_view masked_before, size_t* begin) {
  static const RE2 kArm(
      R"(((?:in|for|with|among)\s+(?:the\s+)?(?:[^,;()\[\]]{2,60}?\s(?:groups?|arms?|cohorts?)|patients\s+(?:who\s+)?(?:received|receiving|treated with|given)\s+[^,;()\[\]]{2,40}?)|\b(?:and|or|than|versus|vs\.?|between)\s+(?:the\s+)?patients\s+who\s+(?:received|were\s+given|were\s+treated\s+with)\s+[^,;()\[\]]{2,40}?)\s*\(\s*$)");
  static const RE2 kArmVerb(
      R"((?i)((?:in|for|among)\s+(?:the\s+)?(?:[^,;()\[\]]{2,60}?\s(?:groups?|arms?|cohorts?)|patients\s+(?:who\s+)?(?:received|receiving|were treated with|treated with|were given|given)\s+[^,;()\[\]]{2,40}?))\s+(?:was|were|is|reached)\s+(?:a\s+|an\s+)?$)");
  // "patients who received X had a median OS of", "..., with median
  // survival times of": the arm, then its measure, then the value.
  static const RE2 kArmHad(
      R"((?i)((?:(?:in|for|among)\s+)?(?:the\s+)?patients\s+(?:who\s+)?(?:received|were\s+given|were\s+treated\s+with|treated\s+with|given)\s+[^,;()\[\]]{2,40}?)(?:,\s*with|\s+had)\s+(?:an?\s+|the\s+)?[^;()\[\]%]{2,80}?\s(?:of|was|were)\s*$)");
  // Each pattern needs one of its words and its ending; most segments have
  // neither, and the patterns are costly to run (their bounded repeats).
  size_t trimmed = masked_before.size();
  while (trimmed > 0 && IsReSpace(masked_before[trimmed - 1])) --trimmed;
  bool patient = ContainsAsciiNoCase(masked_before, "patient");
  bool arm_word = patient || ContainsAsciiNoCase(masked_before, "group") ||
                  ContainsAsciiNoCase(masked_before, "arm") ||
                  ContainsAsciiNoCase(masked_before, "cohort");
  bool may_arm = arm_word && trimmed > 0 && masked_before[trimmed - 1] == '(';
  bool may_verb = arm_word && trimmed < masked_before.size();
  re2::StringPiece arm;
  if (!(may_arm && RE2::PartialMatch(masked_before, kArm, &arm)) &&
      !(may_verb && RE2::PartialMatch(masked_before, kArmVerb, &arm)) &&
      !(patient && RE2::PartialMatch(masked_before, kArmHad, &arm))) {
    return "";
  }
  *begin = size_t(arm.data() - masked_before.data());
  return std::string(arm);
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

}  // namespace

ArmLabels ArmDefinitions(const Context& cx) {
  static const RE2 kLabel(
      R"(^(?:[-*\x{2022}]\s+)?([A-Z][A-Za-z0-9]*(?:[ -][A-Za-z0-9]+){0,3})\s*:\s)");
  ArmLabels out;
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    std::string_view text = cx.SentenceText(si);
    // The pattern starts with a bullet or a capital and needs a colon.
    if (text.empty() || text.find(':') == std::string_view::npos) continue;
    const char first = text[0];
    if (first != '-' && first != '*' && first != '\xE2' &&
        !(first >= 'A' && first <= 'Z'))
      continue;
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
      // "fludarabine, ... and rituximab (FCR)": the last drug before "(ABBR)"
      // (a drug named later in the sentence, "(FCR) with rituximab alone",
      // is not part of it).
      bool last = k + 1 == ms.size() || !connected(*ms[k], *ms[k + 1]);
      if (!last) continue;
      std::string_view after =
          cx.doc.Slice(ms[k]->end, std::min(sent.end, ms[k]->end + 16));
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
    if (!RE2::PartialMatch(before, kBefore) && !RE2::PartialMatch(after, kAfter))
      continue;
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
    // One search for both readings: the phrase with an arm word, else
    // ("7.3 months for X/Y and 8.8 months for Y alone") one with no arm word
    // when it names a drug.
    std::string bare = ArmPhrase(after, &arm_end);
    std::string phrase;
    if (!bare.empty() && NamesArmWord(bare)) {
      phrase = bare;
    } else {
      size_t bb = values[i].end + (arm_end - bare.size());
      if (!bare.empty() &&
          !DrugLabels(ms, bb, bb + bare.size(), masked, sent.begin).empty()) {
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
      std::string_view lead_in = text.substr(b, m->begin - sent.begin - b);
      if ((ContainsAsciiNoCase(lead_in, "no") ||
           ContainsAsciiNoCase(lead_in, "without")) &&
          RE2::PartialMatch(lead_in, kWithout)) {
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
            arms[i].drugs.erase(
                std::remove(arms[i].drugs.begin(), arms[i].drugs.end(), d),
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

}  // namespace lg::ingest::relate_internal
