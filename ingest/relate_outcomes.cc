// Relation rules: outcomes (measure + value attached to a trial or cohort,
// with its arm's drugs) and fusion frequencies (see relate.h and
// relate_internal.h).
//
// RelateOutcomes reads each sentence with the outcome grammar
// (relate_outcome_grammar.cc: measures, values, horizons, pairing), then
// gives each value its arm (ArmsOf, relate_outcome_arms.cc: drugs named
// after or before it, the arms aligned in order, the regimen as printed or
// as the text defines its abbreviation) and its trial (the sentence's, by citation, the
// paragraph's, the governing item's, the article's own); then
// RelateOutcomeTables reads tables with measure columns, one row per arm,
// and RelateArmColumnTables tables with arm columns, one row per measure.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "ingest/relate_internal.h"
#include "ingest/relate_outcome_arms.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {

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
  graph::ListAttributes lists;
  attrs[attr::kMeasure] = o.measure->measure;
  attrs[attr::kMeasureText] = o.measure->text;
  attrs[attr::kValue] = o.value->value;
  attrs[attr::kUnit] = o.value->unit;
  attrs[attr::kStatistic] = o.value->unit == "%" ? "rate" : "median";
  if (!o.value->qualifier.empty()) attrs[attr::kQualifier] = o.value->qualifier;
  if (!o.value->value_max.empty()) attrs[attr::kValueMax] = o.value->value_max;
  if (!o.horizon.empty()) attrs[attr::kHorizon] = o.horizon;
  if (!o.arm.drugs.empty()) {
    attrs[attr::kDrug] = o.arm.drugs.front();
    lists[attr::kDrugs] = o.arm.drugs;
  }
  if (!o.arm.text.empty()) attrs[attr::kArm] = o.arm.text;
  std::string object = o.group.empty()
                           ? MakeEntityId(EntityKind::kCondition, "study population")
                           : o.group;
  std::string subject = o.cohort.empty()
                            ? MakeEntityId(EntityKind::kCondition, "unnamed cohort")
                            : o.cohort;
  if (object == subject)
    object = MakeEntityId(EntityKind::kCondition, "study population");
  if (auto trial = graph::ParseEntityId(o.cohort); trial.ok())
    attrs[attr::kTrial] = trial->key;
  if (auto group = graph::ParseEntityId(object); group.ok())
    attrs[attr::kGroup] = group->key;
  cx.out.Add(subject, pred::kOutcome, object, attrs, si, rule, true, std::move(lists));
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
      if (blocks[k].kind == BlockKind::kHeading ||
          blocks[k].section != blocks[b].section) {
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

// The unit a table header or row label gives its values: "%" for "ORR, %",
// "months" for "Median PFS, mo"; "" when it names none.
std::string LabelUnit(std::string_view label) {
  static const RE2 kMonths(R"((?i)\b(?:mo|mos|months?)\b)");
  if (label.find('%') != std::string_view::npos) return "%";
  if (RE2::PartialMatch(label, kMonths)) return "months";
  return "";
}

// The value of a table cell under `label_unit` (LabelUnit of its header or
// row label): "42", "42%", "~42 (35-50)", and "12 (40%)" or "12/30 (40%)"
// as 40%. None for a cell holding anything else, a count with no unit, a
// percent over 100, or a count's percent where the label says months.
std::optional<OutcomeValue> CellValue(const Context& cx, std::pair<size_t, size_t> cell,
                                      const std::string& label_unit) {
  static const RE2 kNumber(
      R"(\s*([~>=<]*)\s*(\d{1,3}(?:\.\d+)?)\s*(%?)\s*(?:\([^()]*\))?\s*)");
  static const RE2 kCountPercent(
      R"(\s*\d+(?:\s*/\s*\d+)?\s*\(\s*(\d{1,3}(?:\.\d+)?)\s*%\s*\)\s*)");
  std::string text(cx.doc.Slice(cell.first, cell.second));
  std::string qualifier, number, percent;
  std::string unit = label_unit;
  if (RE2::FullMatch(text, kCountPercent, &number)) {
    if (unit == "months") return std::nullopt;
    unit = "%";
  } else if (RE2::FullMatch(text, kNumber, &qualifier, &number, &percent)) {
    if (!percent.empty() && unit != "months") unit = "%";
  } else {
    return std::nullopt;
  }
  if (unit.empty() || (unit == "%" && std::stod(number) > 100)) return std::nullopt;
  OutcomeValue v;
  v.begin = cell.first;
  v.end = cell.second;
  v.value = number;
  v.unit = unit;
  v.qualifier = ValueQualifier(qualifier);
  return v;
}

// The measures whose medians a table may give in months.
bool IsTimedMeasure(const std::string& measure) {
  static const std::set<std::string> kTimed = {"OS",  "PFS", "EFS", "DFS", "RFS",
                                               "LFS", "TTP", "DOR", "TFS", "TTNT"};
  return kTimed.count(measure) > 0;
}

// The trial of a table row: the one trial it names, else none.
std::string RowTrial(const Context& cx, size_t row_sentence) {
  std::set<std::string> trials;
  for (const Mention* m : TrialsOf(cx, row_sentence))
    trials.insert(cx.Trial(m->entity_id));
  return trials.size() == 1 ? *trials.begin() : "";
}

// Adds to `arm` the drugs `text` names, and takes `text` as the arm's
// wording when it has none yet.
void AddArmText(const NamedDrugs& named, std::string_view text, Arm* arm) {
  std::vector<std::string> drugs = named.In(text);
  if (drugs.empty()) return;
  if (arm->text.empty()) arm->text = graph::TrimSpace(text);
  for (const std::string& d : drugs) {
    if (std::find(arm->drugs.begin(), arm->drugs.end(), d) == arm->drugs.end()) {
      arm->drugs.push_back(d);
    }
  }
}

// The outcomes stated by the rows of tables: a header column naming one
// measure ("Approximate EFS, %", "ORR", "Median PFS, mo", "5-y OS") gives one
// outcome per row whose cell holds a number. The unit is the header's ("%",
// "mo"/"months"; a median needs a time-to-event measure), else the cell's
// '%'; "12 (40%)" reads as 40%. The row's other cells name its arm: the drugs
// or regimens they name, the first such cell as printed.
void RelateOutcomeTables(Context& cx, const NamedDrugs& named) {
  for (const Table& table : cx.doc.tables) {
    std::vector<bool> measure_col(table.header.size(), false);
    for (size_t col = 0; col < table.header.size(); ++col) {
      measure_col[col] = FindOutcomeMeasures(table.header[col], 0).size() == 1;
    }
    for (size_t col = 0; col < table.header.size(); ++col) {
      if (!measure_col[col]) continue;
      const std::string& h = table.header[col];
      std::vector<OutcomeMeasure> hm = FindOutcomeMeasures(h, 0);
      std::string header_unit = LabelUnit(h);
      if (header_unit == "months" && !IsTimedMeasure(hm[0].measure)) continue;
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
        std::optional<OutcomeValue> v = CellValue(cx, row.cells[c], header_unit);
        if (!v) continue;
        if (approximate)
          v->qualifier.assign(1, '~');  // `= "~"`: a false GCC 12 -Wrestrict
        OutcomeFact o;
        o.cohort = RowTrial(cx, row.sentence);
        o.measure = &hm[0];
        o.value = &*v;
        o.horizon = horizon;
        // The arm: the drugs of the row's cells outside measure columns.
        for (size_t k = 0; k < row.cells.size(); ++k) {
          if ((k < measure_col.size() && measure_col[k]) || k == c) continue;
          AddArmText(named, cx.doc.Slice(row.cells[k].first, row.cells[k].second),
                     &o.arm);
        }
        AddOutcome(cx, row.sentence, o, "table-measure-column");
      }
    }
  }
}

// An arm's column header: one naming a drug or regimen, or an arm's role
// ("Chemotherapy alone", "Control group", "Placebo", "Observation"), and
// no measure.
bool IsArmHeader(const NamedDrugs& named, std::string_view h) {
  static const RE2 kArmWord(
      R"((?i)\b(?:alone|control|placebo|observation|arms?|groups?|cohorts?|standard)\b)");
  if (!FindOutcomeMeasures(h, 0).empty()) return false;
  return !named.In(h).empty() || RE2::PartialMatch(h, kArmWord);
}

// Tables whose columns are arms and whose rows are measures: a header with a
// label column, then two or more arm columns (IsArmHeader); a row whose
// label names one measure gives one outcome per arm whose cell holds a value
// ("Partial response | 12/40 (30%) | 20/41 (49%)"). The arm is the column's
// header without its "(n=...)"; the trial the row's, else the article's own.
// Returns the row sentences it read, which the sentence rule leaves alone.
std::set<size_t> RelateArmColumnTables(Context& cx, const NamedDrugs& named,
                                       const OutcomeContext& context) {
  static const RE2 kCount(R"(\s*\((?:n|N)\s*=\s*\d+\)\s*)");
  std::set<size_t> read;
  for (const Table& table : cx.doc.tables) {
    if (table.header.size() < 3) continue;
    std::vector<Arm> arms(table.header.size());
    size_t arm_columns = 0;
    for (size_t col = 1; col < table.header.size(); ++col) {
      if (!IsArmHeader(named, table.header[col])) continue;
      std::string text = table.header[col];
      RE2::GlobalReplace(&text, kCount, " ");
      arms[col].text = graph::TrimSpace(text);
      arms[col].drugs = named.In(text);
      ++arm_columns;
    }
    if (arm_columns < 2) continue;
    for (const Table::Row& row : table.rows) {
      if (row.cells.size() < 2) continue;
      std::string_view label = cx.doc.Slice(row.cells[0].first, row.cells[0].second);
      std::vector<OutcomeMeasure> measures = FindOutcomeMeasures(label, 0);
      if (measures.size() != 1) continue;
      std::string unit = LabelUnit(label);
      if (unit == "months" && !IsTimedMeasure(measures[0].measure)) continue;
      std::string trial = RowTrial(cx, row.sentence);
      if (trial.empty()) trial = context.OwnTrial(row.sentence);
      const std::string horizon = OutcomeHorizon(Lower(label));
      for (size_t col = 1; col < row.cells.size() && col < arms.size(); ++col) {
        if (arms[col].text.empty()) continue;
        std::optional<OutcomeValue> v = CellValue(cx, row.cells[col], unit);
        if (!v) continue;
        if (trial.empty() && arms[col].drugs.empty()) continue;
        OutcomeFact o;
        o.cohort = trial;
        o.measure = &measures[0];
        o.value = &*v;
        o.horizon = horizon;
        o.arm = arms[col];
        AddOutcome(cx, row.sentence, o, "table-arm-column");
        read.insert(row.sentence);
      }
    }
  }
  return read;
}

// The measures a sentence with values but none of its own takes from
// `previous`, the paragraph's previous sentence with measures and values:
// all of them for "... they were 41.2% and 57.9%, respectively" when they
// pair one to one; its one measure for a sentence naming it only as "the
// rate(s)", "the median(s)" or "this comparison" ("The rates were higher
// for patients who received X (87%) ..."). {} otherwise.
std::vector<OutcomeMeasure> CarriedMeasures(const Context& cx, size_t si, size_t previous,
                                            const std::vector<OutcomeValue>& values,
                                            const std::string& lower) {
  const Sentence& sent = cx.doc.sentences[si];
  std::vector<OutcomeMeasure> earlier =
      FindOutcomeMeasures(cx.SentenceText(previous), cx.doc.sentences[previous].begin);
  std::vector<OutcomeMeasure> distinct;
  for (const OutcomeMeasure& m : earlier) {
    if (std::none_of(distinct.begin(), distinct.end(),
                     [&](const OutcomeMeasure& d) { return d.measure == m.measure; })) {
      distinct.push_back(m);
    }
  }
  if (values.size() >= 2 && lower.find("respectively") != std::string::npos &&
      distinct.size() == values.size()) {
    for (OutcomeMeasure& m : distinct) m.begin = m.end = sent.begin;  // before the values
    return distinct;
  }
  static const RE2 kAnaphor(
      R"(\b(?:(?:the|these|those|such|both|corresponding|respective)\s+(?:\w+\s+)?(?:rates?|medians?)|(?:this|that|the same)\s+(?:comparison|analysis|end ?point))\b)");
  if (distinct.size() == 1 && RE2::PartialMatch(lower, kAnaphor)) {
    // Right before the first value: the sentence may run long before it.
    distinct[0].begin = distinct[0].end = values.front().begin;
    return distinct;
  }
  return {};
}

// The drugs of arms with none of their own (no phrase, no comparator) in a
// sentence naming no drug: those of the item it belongs to (`governing`:
// its drugs, else the regimens it names), else those its section heading
// names.
void GiveItemDrugs(const Context& cx, size_t si, const std::vector<size_t>& governing,
                   const NamedDrugs& named, std::vector<Arm>* arms) {
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
  for (Arm& a : *arms) {
    if (a.drugs.empty() && a.text.empty() && !a.comparator) a.drugs = item;
  }
}

// In an add-on design ("A/B with or without X") stated by sentence `si` or
// its item, a comparator arm with no drug ("8.2 months for those never given
// X") is the backbone.
void GiveBackbone(const Context& cx, size_t si, const std::vector<size_t>& governing,
                  std::vector<Arm>* arms) {
  std::optional<AddOn> design = AddOnIn(cx, si);
  for (size_t g : governing) {
    if (!design) design = AddOnIn(cx, g);
  }
  if (!design) return;
  for (Arm& a : *arms) {
    if (a.drugs.empty() && a.comparator) a.drugs = design->backbone;
  }
}

// A sentence citing nothing (a bullet) takes the citations of its
// governing item.
void InheritItemRefs(Context& cx, size_t si, const std::vector<size_t>& governing) {
  if (!cx.doc.sentences[si].refs.empty() || cx.out.HasRefsOverride(si)) return;
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

}  // namespace

void RelateOutcomes(Context& cx) {
  CohortResolver resolver(cx);
  OutcomeContext context(cx);
  const Regimens regimens = RegimenAbbreviations(cx);
  const NamedDrugs named(cx, regimens);
  const ArmLabels labels = ArmDefinitions(cx);
  const std::set<size_t> arm_table_rows = RelateArmColumnTables(cx, named, context);
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
    if (arm_table_rows.count(si)) continue;
    // Values first: the measure patterns run only where a value stands.
    std::vector<OutcomeValue> values;
    std::string masked;  // MaskNonValues(text): set with the values
    if (text.find('%') != std::string_view::npos ||
        lower.find("month") != std::string::npos ||
        lower.find("week") != std::string::npos ||
        lower.find("day") != std::string::npos ||
        lower.find(" mo") != std::string::npos) {
      values = FindOutcomeValues(text, sent.begin, &masked);
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
    if (measures.empty() && previous != SIZE_MAX) {
      measures = CarriedMeasures(cx, si, previous, values, lower);
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
        PairOutcomes(text, local_measures, local_values, &masked);
    if (pairs.empty()) continue;
    std::string lower_masked;  // the last horizon's fallback, made once
    std::vector<OutcomeValue> paired;
    for (const auto& [mi, vi] : pairs) paired.push_back(values[vi]);
    std::vector<Arm> arms = ArmsOf(cx, si, masked, paired, values, regimens, labels);
    std::vector<size_t> governing = context.Governing(si);
    if (drugs.empty()) GiveItemDrugs(cx, si, governing, named, &arms);
    GiveBackbone(cx, si, governing, &arms);
    InheritItemRefs(cx, si, governing);
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
      if (horizon.empty()) {
        if (lower_masked.empty()) lower_masked = Lower(masked);
        horizon = OutcomeHorizon(lower_masked);
      }
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
      // A value of no trial and no drug (a comparator, a role such as "the
      // control group", a subgroup of a series the text does not name):
      // nothing to attribute it to; but a sentence naming a trial after the
      // value ("... reached 60% for all patients enrolled in X") keeps it,
      // unattributed.
      if (cohorts.size() == 1 && cohorts[0].empty() && arms[k].drugs.empty() &&
          (trial_mentions.empty() || arms[k].comparator || !arms[k].text.empty())) {
        continue;
      }
      // "a median PFS of 38.4 months in both arms" of "X was noninferior to
      // Y": one outcome per arm's drug, not one of the combination X + Y.
      static const RE2 kBothArms(
          R"((?i)\b(?:both|each|either)\s+(?:arms?|groups?|cohorts?)\b)");
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
    // Only a value after a fusion can be its frequency: without one, skip
    // the measure search too.
    const bool fusion_first = std::any_of(ms.begin(), ms.end(), [&](const Mention* m) {
      return IsFusionLike(*m) &&
             std::any_of(values.begin(), values.end(),
                         [&](const ValueHit& v) { return m->end <= v.begin; });
    });
    if (!fusion_first) continue;
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
      std::map<std::string, std::string> attrs{{attr::kValue, v.value},
                                               {attr::kPopulation, population}};
      if (!v.qualifier.empty()) attrs[attr::kQualifier] = v.qualifier;
      if (!v.value_max.empty()) attrs[attr::kValueMax] = v.value_max;
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
                 {{attr::kValue, vs[0].value}, {attr::kPopulation, population}},
                 row.sentence, "table-frequency", true);
    }
  }
}

}  // namespace lg::ingest::relate_internal
