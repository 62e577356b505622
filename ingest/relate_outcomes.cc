// Relation rules: outcomes (measure + value attached to a trial or cohort)
// and fusion frequencies (see relate.h and relate_internal.h).
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "ingest/relate_internal.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {
namespace {
// ---------------------------------------------------------------- outcomes

struct MeasureHit {
  size_t begin, end;
  std::string measure;
  std::string text;
};
struct ValueHit {
  size_t begin, end;
  std::string value;
  std::string qualifier;
  std::string value_max;
};

std::vector<MeasureHit> FindMeasures(std::string_view s, size_t base) {
  struct Pattern {
    const char* re;
    const char* measure;
  };
  static const std::vector<Pattern> kPatterns = {
      {R"((?i)\b(event[- ]free survival|EFS)\b)", "EFS"},
      {R"((?i)\b(relapse[- ]free survival|RFS)\b)", "RFS"},
      {R"((?i)\b(leuka?emia[- ]free survival|LFS)\b)", "LFS"},
      {R"((?i)\b(disease[- ]free survival|DFS)\b)", "DFS"},
      {R"((?i)\b(overall survival|OS|survival(?: rate)?(?: after relapse)?)\b)", "OS"},
      {R"((?i)\b((?:overall|objective) response rate|ORR)\b)", "ORR"},
      {R"((?i)\b(MRD[- ]negative complete (?:remission|response)|complete (?:remission|response) with negative MRD|MRD[- ]negativity|MRD[- ]negative|negative MRD|MRD[- ]free)\b)",
       "MRD-negativity"},
      {R"((?i)\b((?:partial or complete )?MRD response(?: rate)?)\b)", "MRD response"},
      {R"((?i)\b(complete (?:remission|response)(?: rate)?|second remission|CR rate|CR)\b)", "CR"},
      {R"((?i)\b(relapse rate|cumulative incidence of relapse|relapsed?)\b)", "relapse rate"},
  };
  static const std::vector<std::unique_ptr<RE2>> kCompiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const auto& p : kPatterns) out.push_back(std::make_unique<RE2>(p.re));
    return out;
  }();
  std::vector<MeasureHit> hits;
  for (size_t i = 0; i < kPatterns.size(); ++i) {
    re2::StringPiece input(s.data(), s.size());
    re2::StringPiece m;
    while (RE2::FindAndConsume(&input, *kCompiled[i], &m)) {
      size_t b = m.data() - s.data(), e = b + m.size();
      bool overlap = std::any_of(hits.begin(), hits.end(), [&](const MeasureHit& h) {
        return b + base < h.end && h.begin < e + base;
      });
      if (overlap) continue;
      std::string measure = kPatterns[i].measure;
      std::string text(m);
      // "relapsed" counts only as "all ... relapsed" style statements; skip
      // it unless it reads "relapse rate".
      if (measure == "relapse rate" && Lower(text).rfind("relapse", 0) == 0 &&
          Lower(text) != "relapse rate" && Lower(text) != "cumulative incidence of relapse") {
        continue;
      }
      hits.push_back({b + base, e + base, measure, text});
    }
  }
  std::sort(hits.begin(), hits.end(),
            [](const MeasureHit& a, const MeasureHit& b) { return a.begin < b.begin; });
  return hits;
}

std::vector<ValueHit> FindValues(std::string_view s, size_t base) {
  static const RE2 kValue(
      R"((((?:~|>=|<=|>|<|up to |more than |less than |greater than |over |above |below |under |exceeding |exceeded |exceeds |at least |at most |approximately |about |around |nearly |almost |roughly )?)(\d{1,3}(?:\.\d+)?)\s?(?:%|(?:\+/-|±)\s?\d+(?:\.\d+)?\s?%)(?:\s?(?:to|-)\s?(\d{1,3}(?:\.\d+)?)\s?%)?))");
  std::vector<ValueHit> hits;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece whole;
  std::string qual, value, value_max;
  while (RE2::FindAndConsume(&input, kValue, &whole, &qual, &value, &value_max)) {
    size_t b = whole.data() - s.data(), e = b + whole.size();
    ValueHit h{b + base, e + base, value, "", value_max};
    std::string q = Lower(qual);
    while (!q.empty() && q.back() == ' ') q.pop_back();
    if (q == "~" || q == "approximately" || q == "about" || q == "around" ||
        q == "nearly" || q == "almost" || q == "roughly") {
      h.qualifier = "~";
    } else if (q == ">" || q == "more than" || q == "greater than" || q == "over" ||
               q == "above" || q == "exceeding" || q == "exceeded" || q == "exceeds") {
      h.qualifier = ">";
    } else if (q == "<" || q == "less than" || q == "below" || q == "under") {
      h.qualifier = "<";
    } else if (q == ">=" || q == "at least") {
      h.qualifier = ">=";
    } else if (q == "<=" || q == "at most") {
      h.qualifier = "<=";
    }
    else if (q == "up to") h.qualifier = "up to";
    if (!value_max.empty()) h.qualifier = "range";
    hits.push_back(h);
  }
  return hits;
}

std::string HorizonBefore(std::string_view lower_window) {
  static const RE2 kHorizon(
      R"(((?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:year|month)s?)(?:[- ]|$))");
  static const RE2 kFollowUp(R"((median follow-up(?: of)?\s*\d+(?:\.\d+)?\s*(?:years|months)))");
  // Both patterns need "year" or "month": most windows have neither.
  if (lower_window.find("year") == std::string_view::npos &&
      lower_window.find("month") == std::string_view::npos) {
    return lower_window.find("long-term") != std::string_view::npos ? "long-term" : "";
  }
  std::string h, last;
  re2::StringPiece input(lower_window.data(), lower_window.size());
  while (RE2::FindAndConsume(&input, kHorizon, &h)) last = h;
  if (!last.empty()) return last;
  std::string f;
  if (RE2::PartialMatch(lower_window, kFollowUp, &f)) return f;
  if (lower_window.find("long-term") != std::string_view::npos) return "long-term";
  return "";
}

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

void AddOutcome(Context& cx, size_t si, const std::string& cohort, const MeasureHit& m,
                const ValueHit& v, const std::string& horizon, const std::string& drug,
                const std::string& group_id, const std::string& rule) {
  std::map<std::string, std::string> attrs;
  attrs["measure"] = m.measure;
  attrs["measure_text"] = m.text;
  attrs["value"] = v.value;
  attrs["unit"] = "%";
  if (!v.qualifier.empty()) attrs["qualifier"] = v.qualifier;
  if (!v.value_max.empty()) attrs["value_max"] = v.value_max;
  if (!horizon.empty()) attrs["horizon"] = horizon;
  if (!drug.empty()) attrs["drug"] = drug;
  std::string object = group_id.empty()
                           ? MakeEntityId(EntityKind::kCondition, "study population")
                           : group_id;
  std::string subject =
      cohort.empty() ? MakeEntityId(EntityKind::kCondition, "unnamed cohort") : cohort;
  if (object == subject) object = MakeEntityId(EntityKind::kCondition, "study population");
  attrs["group"] = graph::ParseEntityId(object)->key;
  cx.out.Add(subject, pred::kOutcome, object, attrs, si, rule, true);
}

}  // namespace

void RelateOutcomes(Context& cx) {
  CohortResolver resolver(cx);
  std::map<size_t, std::string> paragraph_trial;  // block -> latest trial
  std::map<size_t, size_t> last_measured;  // block -> last sentence with measures and values
  std::map<size_t, std::set<std::string>> paragraph_drugs;  // block -> drugs so far
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    size_t block = cx.BlockOf(si);
    const Sentence& sent = cx.doc.sentences[si];
    std::string_view text = cx.SentenceText(si);
    std::string lower = Lower(text);
    std::vector<const Mention*> trial_mentions;
    std::set<std::string> drugs;
    std::string drug;
    std::string group;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kTrial) trial_mentions.push_back(m);
      if (m->kind == MentionKind::kDrug) {
        drugs.insert(m->entity_id);
        if (drug.empty()) drug = m->label;
      }
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
    std::vector<ValueHit> values;
    if (text.find('%') != std::string_view::npos) values = FindValues(text, sent.begin);
    values.erase(std::remove_if(values.begin(), values.end(),
                                [&](const ValueHit& v) {
                                  for (const Citation& c : sent.citations) {
                                    if (v.begin < c.end && c.begin < v.end) return true;
                                  }
                                  return false;
                                }),
                 values.end());
    size_t previous = last_measured.count(block) ? last_measured[block] : SIZE_MAX;
    if (values.empty()) continue;
    std::vector<MeasureHit> measures = FindMeasures(text, sent.begin);
    if (!measures.empty()) last_measured[block] = si;
    // "the same criteria were 49.4% and 65.8%, respectively": the measures of
    // the paragraph's previous sentence with values, when they pair one to one.
    if (measures.empty() && values.size() >= 2 && previous != SIZE_MAX &&
        lower.find("respectively") != std::string::npos) {
      std::vector<MeasureHit> distinct;
      for (const MeasureHit& m :
           FindMeasures(cx.SentenceText(previous), cx.doc.sentences[previous].begin)) {
        if (std::none_of(distinct.begin(), distinct.end(),
                         [&](const MeasureHit& d) { return d.measure == m.measure; })) {
          distinct.push_back(m);
        }
      }
      if (distinct.size() == values.size()) {
        measures = distinct;
        for (MeasureHit& m : measures) m.begin = m.end = sent.begin;  // stand before the values
      }
    }
    if (measures.empty()) continue;

    // Pairing values with measures.
    std::vector<std::pair<const MeasureHit*, const ValueHit*>> pairs;
    if (lower.find("respectively") != std::string::npos) {
      // "EFS and OS ... 44.4% and 55.6%, respectively".
      std::vector<const MeasureHit*> listed;
      for (const MeasureHit& m : measures) {
        if (m.begin < values.front().begin) listed.push_back(&m);
      }
      if (listed.size() >= 2 && listed.size() == values.size()) {
        for (size_t k = 0; k < values.size(); ++k) pairs.push_back({listed[k], &values[k]});
      }
    }
    if (pairs.empty()) {
      static const RE2 kAchieved(
          R"(^\s*(?:of (?:them|the patients|patients|infants|children|cases)\s+)?(?:achieved|attained|reached|obtained)\b)");
      static const RE2 kSubject(
          R"(^\s*(?:of [\w-]+\s+)?(?:proceeded|underwent|received|had|were|was|died|developed|experienced|required|became|constituted)\b)");
      for (const ValueHit& v : values) {
        std::string after = Lower(cx.doc.Slice(v.end, std::min<size_t>(sent.end, v.end + 48)));
        const MeasureHit* next = nullptr;
        for (const MeasureHit& m : measures) {
          if (m.begin >= v.end) {
            next = &m;
            break;
          }
        }
        // "a 100% MRD response rate": the value right before its measure.
        if (next && next->begin - v.end <= 3 &&
            cx.doc.Slice(v.end, next->begin).find_first_not_of(' ') == std::string_view::npos) {
          pairs.push_back({next, &v});
          continue;
        }
        // "60% of them achieved complete remission".
        if (next && next->begin - v.end <= 50 && RE2::PartialMatch(after, kAchieved)) {
          pairs.push_back({next, &v});
          continue;
        }
        // "40% proceeded to transplant": the share of patients, no rate.
        if (RE2::PartialMatch(after, kSubject)) continue;
        const MeasureHit* best = nullptr;
        for (const MeasureHit& m : measures) {
          if (m.end <= v.begin && v.begin - m.end <= 200) best = &m;
        }
        if (!best) continue;
        bool proportion = after.rfind(" of patients", 0) == 0 ||
                          after.rfind(" of cases", 0) == 0 ||
                          after.rfind(" of infants", 0) == 0 ||
                          after.rfind(" of children", 0) == 0;
        bool value_between = std::any_of(values.begin(), values.end(), [&](const ValueHit& o) {
          return o.begin >= best->end && o.end <= v.begin;
        });
        // "(30% of patients) had a relapse rate of 31%" after an earlier
        // "relapse rate of 13%": a group's share, not the measure's value.
        if (proportion && value_between) continue;
        pairs.push_back({best, &v});
      }
    }

    std::string from_citations =
        resolver.FromCitations(sent.refs, drugs.empty() ? paragraph_drugs[block] : drugs);
    bool both = lower.find("in both") != std::string::npos ||
                lower.find("both trials") != std::string::npos;
    for (const auto& [m, v] : pairs) {
      size_t window_begin = m->begin >= sent.begin + 40 ? m->begin - 40 : sent.begin;
      std::string horizon = HorizonBefore(Lower(cx.doc.Slice(window_begin, m->end)));
      if (horizon.empty()) horizon = HorizonBefore(Lower(cx.doc.Slice(m->end, v->begin)));
      if (horizon.empty()) horizon = HorizonBefore(lower);
      // The cohort: the sentence's trial named before the value (all of them
      // for "in both trials"), else by citation, else the paragraph's trial.
      std::vector<std::string> cohorts;
      const Mention* before = nullptr;
      for (const Mention* t : trial_mentions) {
        if (t->end <= v->begin) before = t;
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
      } else {
        cohorts.push_back("");
      }
      for (const std::string& cohort : cohorts) {
        AddOutcome(cx, si, cohort, *m, *v, horizon, drug, group, "outcome-sentence");
      }
    }
  }

  // Tables with a measure column ("Approximate EFS, %"): one outcome per row.
  for (const Table& table : cx.doc.tables) {
    for (size_t col = 0; col < table.header.size(); ++col) {
      const std::string& h = table.header[col];
      std::vector<MeasureHit> hm = FindMeasures(h, 0);
      if (hm.size() != 1 || h.find('%') == std::string::npos) continue;
      bool approximate = Lower(h).find("approx") != std::string::npos;
      for (const Table::Row& row : table.rows) {
        // A glued header can have fewer columns than the rows: the last
        // header column is the last cell.
        size_t c = col;
        if (col + 1 == table.header.size() && row.cells.size() > table.header.size()) {
          c = row.cells.size() - 1;
        }
        if (c >= row.cells.size()) continue;
        std::string cell(cx.doc.Slice(row.cells[c].first, row.cells[c].second));
        static const RE2 kNumber(R"(\s*[~>=<]*\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*)");
        std::string number;
        if (!RE2::FullMatch(cell, kNumber, &number)) continue;
        ValueHit v{row.cells[c].first, row.cells[c].second, number,
                   approximate ? "~" : "", ""};
        std::set<std::string> trials;
        for (const Mention* m : cx.by_sentence[row.sentence]) {
          if (m->kind == MentionKind::kTrial) trials.insert(cx.Trial(m->entity_id));
        }
        AddOutcome(cx, row.sentence, trials.size() == 1 ? *trials.begin() : "", hm[0], v, "",
                   "", "", "table-measure-column");
      }
    }
  }
}


// ---------------------------------------------------------------- frequency

void RelateFrequencies(Context& cx) {
  static const RE2 kPop(
      R"(^\s*(?:of\s+)?(?:all\s+)?((?:[\w-]+\s+){0,3}?(?:ALL|AML|MPAL|leuka?emias?|infants|children|cases)(?:\s+(?:in|among)\s+(?:infants|children))?))");
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    const Sentence& sent = cx.doc.sentences[si];
    if (cx.SentenceText(si).find('%') == std::string_view::npos) continue;
    std::vector<ValueHit> values = FindValues(cx.SentenceText(si), sent.begin);
    if (values.empty()) continue;
    std::string lower = Lower(cx.SentenceText(si));
    if (!FindMeasures(cx.SentenceText(si), sent.begin).empty()) continue;
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
        if (RE2::PartialMatch(cx.SentenceText(si), kLeading, &leading)) population = leading;
      }
      if (population.empty() || population == "cases") continue;
      std::map<std::string, std::string> attrs{{"value", v.value}, {"population", population}};
      if (!v.qualifier.empty()) attrs["qualifier"] = v.qualifier;
      if (!v.value_max.empty()) attrs["value_max"] = v.value_max;
      std::string cond = MakeEntityId(EntityKind::kCondition, population);
      cx.out.Entity(cond, EntityKind::kCondition, population);
      cx.out.Add(fusion->entity_id, pred::kFrequency, cond, attrs, si, "fusion-frequency", true);
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
          FindValues(cx.doc.Slice(row.cells[col].first, row.cells[col].second),
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
