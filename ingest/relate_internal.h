// Internal to ingest/relate*.cc: what the relation rules share (text
// helpers, the Builder that collects entities and facts, the Context of one
// document) and the rule families, one function each, called in order by
// Relate (relate.cc). Not a public header: include it only from relate*.cc
// and their tests.
//
// Files: relate.cc (driver, entities, structure, biology, trials),
// relate_targets.cc (classes, targets, activity), relate_outcome_grammar.cc
// (measures, values, horizons, pairing), relate_outcome_arms.{h,cc} (the
// arm and drugs of each value), relate_outcomes.cc (outcomes, frequencies).
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/model.h"
#include "graph/text_util.h"
#include "ingest/document.h"
#include "ingest/lexicon.h"
#include "ingest/recognize.h"
#include "ingest/relate.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {

using graph::EntityKind;
using graph::Evidence;
using graph::Fact;
using graph::MakeEntityId;
namespace pred = graph::pred;
namespace attr = graph::attr;

inline bool ContainsWord(std::string_view lower_text, std::string_view word) {
  size_t pos = 0;
  while ((pos = lower_text.find(word, pos)) != std::string_view::npos) {
    bool left =
        pos == 0 || !std::isalnum(static_cast<unsigned char>(lower_text[pos - 1]));
    size_t e = pos + word.size();
    bool right = e >= lower_text.size() ||
                 !std::isalnum(static_cast<unsigned char>(lower_text[e]));
    if (left && right) return true;
    pos = e;
  }
  return false;
}

// Whether `text` contains `lower_needle` (lower-case ASCII), ignoring ASCII
// case. A cheap necessary condition checked before a costly case-insensitive
// pattern that needs the word: keep 's' and 'k' out of the needle, as RE2's
// (?i) also folds them to U+017F and U+212A.
inline bool ContainsAsciiNoCase(std::string_view text, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (text.size() < lower_needle.size()) return false;
  const char first = lower_needle[0];
  const char first_upper = char(std::toupper(static_cast<unsigned char>(first)));
  for (size_t i = 0; i + lower_needle.size() <= text.size(); ++i) {
    if (text[i] != first && text[i] != first_upper) continue;
    size_t k = 1;
    while (k < lower_needle.size() &&
           std::tolower(static_cast<unsigned char>(text[i + k])) == lower_needle[k]) {
      ++k;
    }
    if (k == lower_needle.size()) return true;
  }
  return false;
}

// Any word of `text` (lower case) starting with one of `stems`.
inline bool HasStem(std::string_view lower_text,
                    std::initializer_list<std::string_view> stems) {
  for (std::string_view stem : stems) {
    size_t pos = 0;
    while ((pos = lower_text.find(stem, pos)) != std::string_view::npos) {
      if (pos == 0 || !std::isalnum(static_cast<unsigned char>(lower_text[pos - 1]))) {
        return true;
      }
      pos += stem.size();
    }
  }
  return false;
}

// A sentence about exposure to an agent as a cause ("maternal exposure to
// DNA topoisomerase II inhibitors may increase the risk of leukemia") states
// nothing about the agent as a therapy.
inline bool ExposureContext(std::string_view lower) {
  return HasStem(
      lower, {"exposure", "exposed to", "risk of", "etiolog", "aetiolog", "carcinogen"});
}

inline bool IsAgent(const Mention& m) {
  return m.kind == MentionKind::kDrug || m.kind == MentionKind::kDrugClass;
}
inline bool IsFusionLike(const Mention& m) {
  return m.kind == MentionKind::kFusion || m.kind == MentionKind::kKaryotype;
}
inline bool IsTargetLike(const Mention& m) {
  return m.kind == MentionKind::kGene || m.kind == MentionKind::kGeneFamily ||
         m.kind == MentionKind::kProcess;
}

// Evidence text is bounded: a sentence of at most kMaxEvidenceBytes original
// bytes is stored whole; a longer one (a run-on text the splitter cut only at
// its 16 KB limit, a table row with thousands of cells) is stored as a window
// of exactly kMaxEvidenceBytes bytes of it, fewer only to avoid cutting a
// UTF-8 character, around the fact's own mentions in the sentence: the
// closest pair of a subject and an object mention, padded evenly on both
// sides; the subject's or the object's mention when only one is named there;
// the sentence's first bytes when neither is (an inferred fact). The window
// is original bytes, never rewritten, and the span is the window's, so
// `sentence` stays exactly the bytes of `span` (query/JSON.md); a span that
// does not cover its whole sentence is how a reader sees the cut. One
// evidence per (fact, sentence, rule) as for any sentence. Without the bound
// every fact of a 16 KB run-on sentence held its own 16 KB copy (hundreds of
// MB per input MB on mention-dense text). The longest sentence used as
// evidence in the real reviews is ~450 bytes, so they are unaffected.
constexpr uint64_t kMaxEvidenceBytes = 1024;

// Collects entities and facts, merging evidence of equal facts.
class Builder {
 public:
  Builder(const Document& doc, std::string source_id)
      : doc_(doc), source_(std::move(source_id)) {}

  // The mentions of each sentence, used to place the evidence window of an
  // overlong sentence. Not owned; must outlive the Builder.
  void SetMentions(const std::vector<std::vector<const Mention*>>* by_sentence) {
    by_sentence_ = by_sentence;
  }

  // Citations to use for sentence `si` when they differ from the
  // sentence's own (see TrialCitations).
  void SetRefs(size_t si, std::vector<std::string> refs) {
    refs_override_[si] = std::move(refs);
  }
  bool HasRefsOverride(size_t si) const { return refs_override_.count(si) > 0; }

  graph::Entity& Entity(const std::string& id, EntityKind kind,
                        const std::string& label) {
    auto [it, inserted] = entities_.try_emplace(id);
    if (inserted) {
      it->second.id = id;
      it->second.kind = kind;
      it->second.label = label;
    }
    return it->second;
  }
  bool HasEntity(const std::string& id) const { return entities_.count(id) > 0; }
  graph::Entity* FindEntity(const std::string& id) {
    auto it = entities_.find(id);
    return it == entities_.end() ? nullptr : &it->second;
  }
  void Alias(const std::string& id, const std::string& surface) {
    auto it = entities_.find(id);
    if (it == entities_.end() || surface.empty()) return;
    it->second.aliases.push_back(surface);
  }

  // Adds `fact` (subject, predicate, object, attributes, list attributes)
  // with evidence from sentence `si`.
  void Add(const std::string& subject, std::string_view predicate,
           const std::string& object, std::map<std::string, std::string> attributes,
           size_t si, std::string rule, bool stated,
           graph::ListAttributes list_attributes = {}) {
    if (subject == object || subject.empty() || object.empty()) return;
    for (const std::string* id : {&subject, &object}) {
      if (entities_.count(*id)) continue;
      auto parsed = graph::ParseEntityId(*id);
      if (parsed.ok()) Entity(*id, parsed->kind, parsed->key);
    }
    Fact f;
    f.subject = subject;
    f.predicate = std::string(predicate);
    f.object = object;
    f.attributes = std::move(attributes);
    f.list_attributes = std::move(list_attributes);
    f.id = FactId(f);
    const Sentence& s = doc_.sentences[si];
    auto [ob, oe] = doc_.text.ToOriginal(s.begin, s.end);
    std::string id = f.id;
    Fact& fact = facts_.try_emplace(std::move(id), std::move(f)).first->second;
    // One evidence per (fact, sentence, rule): a hash set of small keys, so
    // that a fact stated in n sentences costs O(n), not a rescan of its
    // evidence. A fact is named by its node's address (std::map nodes do
    // not move), a rule by its index in rule_ids_.
    uint32_t rule_id =
        rule_ids_.try_emplace(rule, uint32_t(rule_ids_.size())).first->second;
    if (!evidence_keys_.insert(EvidenceKey{&fact, ob, rule_id}).second) return;
    Evidence ev;
    ev.source = source_;
    if (oe - ob > kMaxEvidenceBytes) {
      std::tie(ob, oe) = EvidenceWindow(si, subject, object, ob, oe);
    }
    ev.begin = ob;
    ev.end = oe;
    ev.sentence = doc_.text.original.substr(ob, oe - ob);
    if (auto it = refs_override_.find(si); it != refs_override_.end()) {
      ev.refs = it->second;
      ev.refs_inherited = true;
    } else {
      ev.refs = s.refs;
      ev.refs_inherited = s.refs_inherited;
    }
    ev.rule = std::move(rule);
    ev.stated = stated;
    fact.evidence.push_back(std::move(ev));
  }

  Extraction Finish() {
    Extraction out;
    std::set<std::string> endpoints;
    for (auto& [id, f] : facts_) {
      std::sort(f.evidence.begin(), f.evidence.end(),
                [](const Evidence& a, const Evidence& b) {
                  return std::tie(a.source, a.begin, a.rule) <
                         std::tie(b.source, b.begin, b.rule);
                });
      endpoints.insert(f.subject);
      endpoints.insert(f.object);
      out.facts.push_back(std::move(f));
    }
    for (auto& [id, e] : entities_) {
      std::sort(e.aliases.begin(), e.aliases.end());
      e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
      out.entities.push_back(std::move(e));
    }
    evidence_keys_.clear();  // before facts_: its keys point into it
    facts_.clear();
    entities_.clear();
    return out;
  }

 private:
  const std::string& FactId(const Fact& f) {
    std::string input = graph::FactIdInput(f);
    auto [it, added] = fact_ids_.try_emplace(std::move(input));
    if (added) it->second = graph::FactIdOfInput(it->first);
    return it->second;
  }

  // The window of at most kMaxEvidenceBytes original bytes of the sentence
  // `si` (original span [ob, oe)) for a fact between `subject` and `object`;
  // see kMaxEvidenceBytes. Linear in the sentence's mentions.
  std::pair<uint64_t, uint64_t> EvidenceWindow(size_t si, const std::string& subject,
                                               const std::string& object, uint64_t ob,
                                               uint64_t oe) const {
    // Focus, in normalised offsets: the closest subject-object pair, else
    // the first mention of either; none: the sentence start.
    bool found = false;
    size_t fb = 0, fe = 0;
    if (by_sentence_ && si < by_sentence_->size()) {
      const Mention* last_subject = nullptr;
      const Mention* last_object = nullptr;
      const Mention* single = nullptr;
      for (const Mention* m : (*by_sentence_)[si]) {
        bool is_subject = m->entity_id == subject;
        bool is_object = m->entity_id == object;
        if (!is_subject && !is_object) continue;
        if (!single) single = m;
        const Mention* other = is_subject ? last_object : last_subject;
        if (other) {
          size_t b = std::min(m->begin, other->begin);
          size_t e = std::max(m->end, other->end);
          if (!found || e - b < fe - fb) {
            fb = b;
            fe = e;
            found = true;
          }
        }
        (is_subject ? last_subject : last_object) = m;
      }
      if (!found && single) {
        fb = single->begin;
        fe = single->end;
        found = true;
      }
    }
    uint64_t wb = ob, we = ob;
    if (found) {
      auto [mb, me] = doc_.text.ToOriginal(fb, fe);
      mb = std::clamp(mb, ob, oe);
      me = std::clamp(me, mb, oe);
      wb = mb;
      we = me;
    }
    if (we - wb >= kMaxEvidenceBytes) {
      we = wb + kMaxEvidenceBytes;
    } else {
      // Pad evenly; what one side cannot take goes to the other.
      uint64_t pad = kMaxEvidenceBytes - (we - wb);
      uint64_t left = std::min(pad / 2, wb - ob);
      uint64_t right = std::min(pad - left, oe - we);
      left = std::min(pad - right, wb - ob);
      wb -= left;
      we += right;
    }
    // Never cut a UTF-8 character: start and end on a lead or ASCII byte.
    const std::string& text = doc_.text.original;
    auto continuation = [&](uint64_t i) {
      return i < text.size() && graph::IsUtf8Continuation(text[i]);
    };
    while (wb < we && continuation(wb)) ++wb;
    while (we > wb && we < oe && continuation(we)) --we;
    return {wb, we};
  }

  const Document& doc_;
  std::string source_;
  std::map<std::string, graph::Entity> entities_;
  std::map<std::string, Fact> facts_;
  // The fact id of each graph::FactIdInput met: a fact stated in many
  // sentences is hashed once.
  std::unordered_map<std::string, std::string> fact_ids_;
  std::map<size_t, std::vector<std::string>> refs_override_;
  struct EvidenceKey {
    const Fact* fact;
    uint64_t sentence_begin;  // original offset
    uint32_t rule;
    bool operator==(const EvidenceKey& o) const {
      return fact == o.fact && sentence_begin == o.sentence_begin && rule == o.rule;
    }
  };
  struct EvidenceKeyHash {
    size_t operator()(const EvidenceKey& k) const {
      uint64_t h = reinterpret_cast<uintptr_t>(k.fact);
      h = (h ^ k.sentence_begin) * 0x9E3779B97F4A7C15ULL;
      h = (h ^ k.rule) * 0x9E3779B97F4A7C15ULL;
      return static_cast<size_t>(h ^ (h >> 29));
    }
  };
  std::unordered_set<EvidenceKey, EvidenceKeyHash> evidence_keys_;
  std::map<std::string, uint32_t> rule_ids_;
  const std::vector<std::vector<const Mention*>>* by_sentence_ = nullptr;
};

// Everything the rules share about the document.
struct Context {
  const Document& doc;
  const Lexicon& lex;
  Builder& out;
  std::vector<std::vector<const Mention*>> by_sentence;  // mentions per sentence
  // Trial identity: any trial entity id -> canonical trial id.
  std::map<std::string, std::string> trial_canonical;

  std::string_view SentenceText(size_t si) const {
    const Sentence& s = doc.sentences[si];
    return doc.Slice(s.begin, s.end);
  }
  // The text between two mentions, a before b (empty when they overlap). A
  // view: callers check its length before copying or matching, so that
  // sentences with many mentions stay linear in practice.
  std::string_view Gap(const Mention& a, const Mention& b) const {
    if (b.begin < a.end) return {};
    return doc.Slice(a.end, b.begin);
  }
  size_t BlockOf(size_t si) const { return doc.sentences[si].block; }
  int SectionOf(size_t si) const { return doc.blocks[BlockOf(si)].section; }
  std::string Trial(const std::string& id) const {
    auto it = trial_canonical.find(id);
    return it == trial_canonical.end() ? id : it->second;
  }
};

// The outcome grammar (relate_outcome_grammar.cc), one function per step, exposed
// for its tests. Offsets are into the string given plus `base`.
struct OutcomeMeasure {
  size_t begin = 0, end = 0;
  std::string measure;  // canonical: "OS", "PFS", "CR/CRi", "MRD-negativity"
  std::string text;     // as printed
};
struct OutcomeValue {
  size_t begin = 0, end = 0;
  std::string value;      // "50.3" (a middle-dot decimal read as a point)
  std::string value_max;  // the upper end of a range, else ""
  std::string unit;       // "%", "months", "weeks" or "days"
  std::string qualifier;  // "~", ">", "<", ">=", "<=", "up to", "range" or ""
};
// The efficacy and mortality endpoints named in `s`, in order.
std::vector<OutcomeMeasure> FindOutcomeMeasures(std::string_view s, size_t base);
// `s` with what is never an outcome value blanked to spaces (same length):
// confidence intervals (level and bounds), HR/OR/RR, p-values, +/- deviations,
// relative reductions, follow-up times, time points ("at 24 months").
std::string MaskNonValues(std::string_view s);
// The percent and time values of `s` (masked first): "50.3%", "10.1 months",
// and the bare first number of "9.2 vs. 6.1 months". `*masked`, when given,
// receives MaskNonValues(s), so that a caller needing it too masks once.
std::vector<OutcomeValue> FindOutcomeValues(std::string_view s, size_t base,
                                            std::string* masked = nullptr);
// The last horizon in `lower_window`, one form: "2-year", "24-month",
// "long-term", or "".
std::string OutcomeHorizon(std::string_view lower_window);
// Which measure each value belongs to: (measure index, value index) pairs,
// for `measures` and `values` found in `s` with base 0. `masked`, when given,
// is MaskNonValues(s), which the caller has already.
std::vector<std::pair<size_t, size_t>> PairOutcomes(
    std::string_view s, const std::vector<OutcomeMeasure>& measures,
    const std::vector<OutcomeValue>& values, const std::string* masked = nullptr);

// The qualifier printed before a value, normalised: "~" (approximately,
// about, ...), ">" (more than, over, ...), "<", ">=", "<=", "up to"; "" for
// none or an unknown one. Outcome values and fusion frequencies share it.
inline std::string ValueQualifier(std::string_view printed) {
  std::string q = Lower(printed);
  while (!q.empty() && q.back() == ' ') q.pop_back();
  if (q == "~" || q == "approximately" || q == "about" || q == "around" ||
      q == "nearly" || q == "almost" || q == "roughly") {
    return "~";
  }
  if (q == ">" || q == "more than" || q == "greater than" || q == "over" ||
      q == "above" || q == "exceeding" || q == "exceeded" || q == "exceeds") {
    return ">";
  }
  if (q == "<" || q == "less than" || q == "below" || q == "under") return "<";
  if (q == ">=" || q == "at least") return ">=";
  if (q == "<=" || q == "at most") return "<=";
  if (q == "up to") return "up to";
  return "";
}

// Trial phase and status cues (relate_trial_cues.cc). A cue is a phrase of
// a lower-cased sentence and the value it states: a phase in norm form ("3",
// "1b/2", "2/3", "pilot") or a status of the vocabulary ongoing, completed,
// terminated, withdrawn.
struct TrialCue {
  std::string value;
  size_t begin = 0;  // in the lower-cased sentence
  size_t end = 0;
};
// "phase III", "phase 1b/2", "phase I-II", "phase 2 to 3"; "pilot" only when
// no numbered phase is written.
std::vector<TrialCue> PhaseCues(std::string_view lower);
// The first of PhaseCues, or "".
std::string PhaseOf(std::string_view lower);
// ongoing ("enrollment is ongoing", "is recruiting", "are each conducting"),
// completed ("was completed", "has been completed in 2019"), terminated
// ("terminated", "stopped early"), withdrawn ("was withdrawn"). Finishing or
// closing accrual, enrollment or recruitment is not a status.
std::vector<TrialCue> StatusCues(std::string_view lower);
// The trials (canonical ids) sentence `si`, lower-cased as `lower`, says
// `cue` of: all of them when the cue is plural ("pilot trials", "are each
// conducting"); else the name right after it or right before it with only design
// words between ("the randomized phase III ALPHA trial", "ALPHA, a phase 2
// study", "ALPHA is ongoing"), with the names joined to it ("ALPHA or ABC-12
// (NCT...)"; for a status also "and"); else the sentence's one trial unless an
// "earlier"/"previous"/"another" before the cue names another; else none.
std::set<std::string> CueTrials(const Context& cx, size_t si, std::string_view lower,
                                const TrialCue& cue);

// The rule families, in the order Relate calls them.
void AddEntities(Context& cx, const std::vector<Mention>& mentions);
void RelateTrials(Context& cx, const std::vector<Mention>& mentions);
void TrialCitations(Context& cx);
void RelateTrialFacts(Context& cx);
void RelateStructure(Context& cx, const std::vector<Mention>& mentions);
void RelateClasses(Context& cx);  // relate_targets.cc
void RelateBiology(Context& cx);
void RelateActivity(Context& cx);     // relate_targets.cc
void RelateOutcomes(Context& cx);     // relate_outcomes.cc
void RelateFrequencies(Context& cx);  // relate_outcomes.cc

}  // namespace lg::ingest::relate_internal
