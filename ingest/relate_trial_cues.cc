// Trial phase and status stated in sentences and reference titles: the cue
// phrases ("a randomized phase 1b/2 trial", "enrollment is ongoing", "was
// terminated early") and the trial each one is said of.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "ingest/relate.h"
#include "ingest/relate_internal.h"
#include "ingest/words.h"

namespace lg::ingest {
namespace relate_internal {
namespace {

bool IsWordByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
}

// The words of a gap between a cue and a trial name that leave the cue said
// of that name: articles, copulas, design adjectives and trial nouns ("X, a
// randomized open-label phase 3 trial", "the phase II ALPHA study").
bool IsFillerWord(std::string_view w) {
  // clang-format off
  static const std::set<std::string_view> kWords = {
      "a", "an", "the", "as", "was", "is", "were", "are", "be", "been", "being", "has",
      "have", "had", "now", "currently", "still", "recently", "already", "also", "not",
      "yet", "its", "this", "that", "which", "so-called", "called", "named", "trial",
      "study", "protocol", "randomized", "randomised", "open-label", "open", "label",
      "double-blind", "double", "blind", "blinded", "placebo-controlled", "placebo",
      "controlled", "multicenter", "multicentre", "multicentric", "multinational",
      "international", "pivotal", "confirmatory", "registration", "registrational",
      "single-arm", "single", "arm", "global", "prospective", "large", "ongoing",
      "noninferiority", "non-inferiority", "superiority", "two-arm", "three-arm",
      "investigator-initiated", "cooperative", "intergroup", "national", "comparative",
      "adaptive", "seamless", "early", "first", "first-in-human"};
  // clang-format on
  return kWords.count(w) > 0;
}

// A gap of only filler words, spaces, brackets and commas, at most 60 bytes.
bool IsFillerGap(std::string_view gap) {
  if (gap.size() > 60) return false;
  size_t i = 0;
  while (i < gap.size()) {
    char c = gap[i];
    if (c == ' ' || c == ',' || c == '(' || c == ')' || c == '[' || c == ']') {
      ++i;
      continue;
    }
    if (!IsWordByte(c)) return false;
    size_t j = i;
    while (j < gap.size() && IsWordByte(gap[j])) ++j;
    if (!IsFillerWord(gap.substr(i, j - i))) return false;
    i = j;
  }
  return true;
}

// A gap joining two names of one trial: brackets, a slash, a trial noun,
// "or", "also known as" ("EMILIA or TDM4370g study (NCT00829166)"). With
// `and_joins`, the names of several trials a status is said of ("X and the Y
// trial are ongoing"): "and", "the" and commas too.
bool IsJoinGap(std::string_view gap, bool and_joins) {
  static const std::set<std::string_view> kWords = {
      "trial", "study", "protocol", "or", "formerly", "also", "known", "as"};
  if (gap.size() > 40) return false;
  size_t i = 0;
  while (i < gap.size()) {
    char c = gap[i];
    if (c == ' ' || c == '(' || c == ')' || c == '[' || c == ']' || c == '/' ||
        (and_joins && c == ',')) {
      ++i;
      continue;
    }
    if (!IsWordByte(c)) return false;
    size_t j = i;
    while (j < gap.size() && IsWordByte(gap[j])) ++j;
    std::string_view w = gap.substr(i, j - i);
    if (!kWords.count(w) && !(and_joins && (w == "and" || w == "the"))) return false;
    i = j;
  }
  return true;
}

std::string Arabic(const std::string& r) {
  if (r == "i") return "1";
  if (r == "ii") return "2";
  if (r == "iii") return "3";
  if (r == "iv") return "4";
  return r;
}

// The word starting at `at` (letters, digits, hyphens), or "".
std::string_view WordAt(std::string_view s, size_t at) {
  size_t j = at;
  while (j < s.size() && IsWordByte(s[j])) ++j;
  return s.substr(at, j - at);
}

// Every whole-word occurrence of `phrase` in `lower`, as a cue of `value`.
void AddPhrase(std::string_view lower, std::string_view phrase, const char* value,
               std::vector<TrialCue>* out) {
  size_t pos = 0;
  while ((pos = lower.find(phrase, pos)) != std::string_view::npos) {
    size_t e = pos + phrase.size();
    bool left = pos == 0 || !IsWordByte(lower[pos - 1]);
    bool right = e >= lower.size() || !std::isalnum(static_cast<unsigned char>(lower[e]));
    if (left && right) out->push_back({value, pos, e});
    pos = e;
  }
}

// A word before the cue that names another trial than the sentence's
// ("an earlier phase 2 study", "a previous phase I trial").
bool OtherTrialBefore(std::string_view lower, size_t at) {
  size_t from = at > 24 ? at - 24 : 0;
  std::string_view before = lower.substr(from, at - from);
  return HasStem(before, {"earlier", "previous", "prior", "preceding", "another",
                          "separate", "other", "similar", "subsequent"});
}

// The subject of a verb at `at` is "the trial", "the study" or "it": only
// filler words stand between ("but the study was", "it has since been").
bool TrialNounBefore(std::string_view lower, size_t at) {
  size_t i = at;
  while (i > 0) {
    while (i > 0 && (lower[i - 1] == ' ' || lower[i - 1] == ',')) --i;
    size_t j = i;
    while (j > 0 && IsWordByte(lower[j - 1])) --j;
    std::string_view w = lower.substr(j, i - j);
    if (w == "trial" || w == "study" || w == "protocol" || w == "it") return true;
    if (w.empty() || !IsFillerWord(w)) return false;
    i = j;
  }
  return false;
}

// The trial mentions of a sentence in text order, with the offsets of the
// sentence.
struct Named {
  const Mention* m;
  size_t begin, end;  // in the sentence
};

// The trials of the names joined to names[i] ("EMILIA or TDM4370g study
// (NCT...)"), walking both ways.
void Group(const Context& cx, std::string_view lower, const std::vector<Named>& names,
           size_t i, bool and_joins, std::set<std::string>* out) {
  out->insert(cx.Trial(names[i].m->entity_id));
  for (size_t j = i; j + 1 < names.size(); ++j) {
    if (names[j + 1].begin < names[j].end) break;
    std::string_view gap = lower.substr(names[j].end, names[j + 1].begin - names[j].end);
    if (!IsJoinGap(gap, and_joins)) break;
    out->insert(cx.Trial(names[j + 1].m->entity_id));
  }
  for (size_t j = i; j > 0; --j) {
    if (names[j].begin < names[j - 1].end) break;
    std::string_view gap =
        lower.substr(names[j - 1].end, names[j].begin - names[j - 1].end);
    if (!IsJoinGap(gap, and_joins)) break;
    out->insert(cx.Trial(names[j - 1].m->entity_id));
  }
}

}  // namespace

std::vector<TrialCue> PhaseCues(std::string_view lower) {
  static const RE2 kPhase(
      R"(\bphase[\s-]*(iv|i{1,3}|[1-4])([ab])?(?:\s*(?:/|-|and|or|to)\s*(?:phase[\s-]*)?)"
      R"((iv|i{1,3}|[1-4])([ab])?)?\b)");
  std::vector<TrialCue> out;
  re2::StringPiece text(lower.data(), lower.size());
  re2::StringPiece g[5];
  size_t pos = 0;
  while (pos < lower.size() &&
         kPhase.Match(text, pos, lower.size(), RE2::UNANCHORED, g, 5)) {
    TrialCue cue;
    cue.begin = static_cast<size_t>(g[0].data() - lower.data());
    cue.end = cue.begin + g[0].size();
    cue.value = Arabic(std::string(g[1])) + std::string(g[2]);
    if (!g[3].empty()) {
      // Appended piece by piece: GCC 12's -Wrestrict misfires on "/" + string.
      cue.value += '/';
      cue.value += Arabic(std::string(g[3]));
      cue.value.append(g[4].data(), g[4].size());
    }
    out.push_back(cue);
    pos = std::max(cue.end, pos + 1);
  }
  if (out.empty()) AddPhrase(lower, "pilot", "pilot", &out);
  return out;
}

std::string PhaseOf(std::string_view lower) {
  std::vector<TrialCue> cues = PhaseCues(lower);
  return cues.empty() ? "" : cues.front().value;
}

std::vector<TrialCue> StatusCues(std::string_view lower_in) {
  // "has completed accrual", "closed to enrollment": enrollment ended, the
  // trial goes on; no status. Blanked so that no cue inside them counts.
  std::string lower(lower_in);
  static const RE2 kAccrual(
      R"(\b(?:completed|complete|closed to|finished)\s+(?:its\s+|their\s+)?)"
      R"((?:accrual|enrollment|enrolment|recruitment|recruiting|enrolling|accruing|new patients))");
  re2::StringPiece whole[1];
  while (kAccrual.Match(re2::StringPiece(lower), 0, lower.size(), RE2::UNANCHORED, whole,
                        1)) {
    size_t at = static_cast<size_t>(whole[0].data() - lower.data());
    std::fill(lower.begin() + at, lower.begin() + at + whole[0].size(), ' ');
  }
  std::vector<TrialCue> out;
  for (std::string_view p :
       {"currently testing", "is testing", "are testing", "recruiting",
        "has been initiated", "have been initiated", "is underway", "are underway",
        "is under way", "are under way", "is enrolling", "are enrolling", "is accruing",
        "are accruing", "are each conducting", "is being conducted",
        "are being conducted", "is in progress", "are in progress"}) {
    AddPhrase(lower, p, "ongoing", &out);
  }
  // "ongoing", unless it qualifies a response or a treatment.
  std::vector<TrialCue> ongoing;
  AddPhrase(lower, "ongoing", "ongoing", &ongoing);
  for (const TrialCue& c : ongoing) {
    std::string_view next = WordAt(lower, std::min(c.end + 1, lower.size()));
    if (!HasStem(next, {"respons", "remission", "treat", "therap", "toxic", "adverse",
                        "benefit", "symptom"})) {
      out.push_back(c);
    }
  }
  // "was completed", "has been completed in 2019": said of the trial, not of
  // an object ("patients completed treatment").
  static const RE2 kCompleted(
      R"(\b(?:has|have|had|was|were|is|are)\s+(?:(?:been|now|recently|already|since)\s+)*)"
      R"(completed\b)");
  re2::StringPiece g[1];
  size_t pos = 0;
  while (pos < lower.size() && kCompleted.Match(re2::StringPiece(lower), pos,
                                                lower.size(), RE2::UNANCHORED, g, 1)) {
    size_t b = static_cast<size_t>(g[0].data() - lower.data()), e = b + g[0].size();
    size_t n = e;
    while (n < lower.size() && lower[n] == ' ') ++n;
    std::string_view next = WordAt(lower, n);
    static const std::set<std::string_view> kAfter = {
        "",      "in",    "on",     "at", "and", "with",
        "early", "after", "before", "as", "by",  "without"};
    if (kAfter.count(next)) out.push_back({"completed", b, e});
    pos = e;
  }
  for (std::string_view p : {"terminated", "stopped early", "closed early",
                             "closed prematurely", "stopped prematurely"}) {
    AddPhrase(lower, p, "terminated", &out);
  }
  for (std::string_view p : {"was withdrawn", "has been withdrawn", "were withdrawn"}) {
    AddPhrase(lower, p, "withdrawn", &out);
  }
  std::sort(out.begin(), out.end(),
            [](const TrialCue& a, const TrialCue& b) { return a.begin < b.begin; });
  return out;
}

std::set<std::string> CueTrials(const Context& cx, size_t si, std::string_view lower,
                                const TrialCue& cue) {
  const size_t base = cx.doc.sentences[si].begin;
  std::vector<Named> names;
  std::set<std::string> all;
  for (const Mention* m : cx.by_sentence[si]) {
    if (m->kind != MentionKind::kTrial || m->begin < base || m->end - base > lower.size())
      continue;
    names.push_back({m, m->begin - base, m->end - base});
    all.insert(cx.Trial(m->entity_id));
  }
  std::sort(names.begin(), names.end(),
            [](const Named& a, const Named& b) { return a.begin < b.begin; });
  const bool status =
      cue.value.find_first_of("0123456789") == std::string::npos && cue.value != "pilot";
  // A cue of all the sentence's trials: "X and Y are pilot trials", "are each
  // conducting".
  size_t n = cue.end;
  while (n < lower.size() && (lower[n] == ' ' || lower[n] == ',')) ++n;
  std::string_view next = WordAt(lower, n);
  if (next == "trials" || next == "studies" ||
      lower.substr(cue.begin, cue.end - cue.begin).find("each") != std::string::npos) {
    return all;
  }
  // The name right after the cue ("the phase III ALPHA trial") or right before
  // it ("ALPHA, a phase 3 trial"; "ALPHA and BETA are ongoing"): the nearer.
  long after = -1, before = -1;
  size_t after_gap = 0, before_gap = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].begin >= cue.end) {
      std::string_view gap = lower.substr(cue.end, names[i].begin - cue.end);
      // After "an earlier phase 2 study", a name past a trial noun or a comma
      // is another trial.
      bool other =
          OtherTrialBefore(lower, cue.begin) &&
          (gap.find(',') != std::string_view::npos || HasStem(gap, {"trial", "stud"}));
      if (IsFillerGap(gap) && !other) after = long(i), after_gap = gap.size();
      break;
    }
  }
  for (size_t i = names.size(); i-- > 0;) {
    if (names[i].end <= cue.begin) {
      std::string_view gap = lower.substr(names[i].end, cue.begin - names[i].end);
      if (IsFillerGap(gap)) before = long(i), before_gap = gap.size();
      break;
    }
  }
  std::set<std::string> out;
  if (after >= 0 && (before < 0 || after_gap <= before_gap)) {
    Group(cx, lower, names, size_t(after), false, &out);
    return out;
  }
  if (before >= 0) {
    Group(cx, lower, names, size_t(before), status, &out);
    return out;
  }
  // The sentence's one trial: a phase, "ongoing", or a status whose subject
  // is "the trial"/"the study"/"it" (treatment is terminated or completed
  // too, drugs withdrawn).
  if (all.size() == 1 && !OtherTrialBefore(lower, cue.begin) &&
      (!status || cue.value == "ongoing" || TrialNounBefore(lower, cue.begin))) {
    return all;
  }
  return out;
}

}  // namespace relate_internal

namespace {

// `name` in `text` as a whole word, case-sensitively.
bool ContainsName(std::string_view text, std::string_view name) {
  size_t pos = 0;
  while ((pos = text.find(name, pos)) != std::string_view::npos) {
    size_t e = pos + name.size();
    bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
    bool right = e >= text.size() || !std::isalnum(static_cast<unsigned char>(text[e]));
    if (left && right) return true;
    pos = e;
  }
  return false;
}

}  // namespace

// The one trial the document registers as its own ("This trial is registered
// ...", "It was registered with ..."), or "" (none, or several).
std::string OwnTrial(const Document& doc, const std::vector<Mention>& body,
                     const std::map<std::string, std::string>& canonical) {
  std::map<size_t, std::set<std::string>> by_sentence;
  for (const Mention& m : body) {
    if (m.kind != MentionKind::kTrial || m.sentence >= doc.sentences.size()) continue;
    auto it = canonical.find(m.entity_id);
    by_sentence[m.sentence].insert(it == canonical.end() ? m.entity_id : it->second);
  }
  std::set<std::string> own;
  for (const auto& [si, trials] : by_sentence) {
    const Sentence& s = doc.sentences[si];
    std::string lower = Lower(doc.Slice(s.begin, s.end));
    if (!relate_internal::HasStem(lower, {"registered"})) continue;
    bool self = lower.rfind("it ", 0) == 0 ||
                relate_internal::HasStem(lower, {"this study", "this trial", "our study",
                                                 "our trial", "the present study"});
    if (self) own.insert(trials.begin(), trials.end());
  }
  return own.size() == 1 ? *own.begin() : "";
}

void TrialPhasesFromTitles(const Document& doc, const std::vector<Mention>& body,
                           const std::vector<Mention>& references, Extraction* ex) {
  using relate_internal::PhaseCues;
  using relate_internal::TrialCue;
  // Title or entry block -> the trials it names (canonical ids): those the
  // recogniser found in the entry, and those whose name in the body the
  // title writes as a word ("(ELEVATE TN): a randomised phase 3 trial", where no
  // trial word stands beside the name).
  std::map<size_t, std::set<std::string>> trials_of;
  for (const Mention& m : references) {
    if (m.kind != MentionKind::kTrial) continue;
    auto it = ex->canonical.find(m.entity_id);
    trials_of[m.sentence].insert(it == ex->canonical.end() ? m.entity_id : it->second);
  }
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    if (doc.blocks[b].kind != BlockKind::kReferenceEntry &&
        doc.blocks[b].kind != BlockKind::kTitle)
      continue;
    std::string_view entry = doc.Slice(doc.blocks[b].begin, doc.blocks[b].end);
    for (const graph::Entity& e : ex->entities) {
      if (e.kind != graph::EntityKind::kTrial) continue;
      for (const std::string& name : e.aliases) {
        if (name.size() >= 3 && ContainsName(entry, name)) trials_of[b].insert(e.id);
      }
    }
  }
  // The document's title naming no trial is its own trial's.
  if (std::string own = OwnTrial(doc, body, ex->canonical); !own.empty()) {
    for (size_t b = 0; b < doc.blocks.size(); ++b) {
      if (doc.blocks[b].kind == BlockKind::kTitle && !trials_of.count(b))
        trials_of[b].insert(own);
    }
  }
  std::map<std::string, std::set<std::string>> phases;  // trial -> values
  for (const auto& [block, trials] : trials_of) {
    if (trials.size() != 1 || block >= doc.blocks.size()) continue;
    std::string lower = Lower(doc.Slice(doc.blocks[block].begin, doc.blocks[block].end));
    std::set<std::string> values;
    for (const TrialCue& cue : PhaseCues(lower)) {
      if (!relate_internal::OtherTrialBefore(lower, cue.begin)) values.insert(cue.value);
    }
    if (values.size() == 1) phases[*trials.begin()].insert(*values.begin());
  }
  for (const auto& [trial, values] : phases) {
    if (values.size() != 1) continue;  // titles that disagree say nothing
    auto it = std::lower_bound(
        ex->entities.begin(), ex->entities.end(), trial,
        [](const graph::Entity& e, const std::string& id) { return e.id < id; });
    if (it == ex->entities.end() || it->id != trial ||
        it->attributes.count(graph::attr::kPhase))
      continue;
    it->attributes[graph::attr::kPhase] = *values.begin();
  }
}

}  // namespace lg::ingest
