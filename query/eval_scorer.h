// The scorer of query/eval: one gold file against the part of an export that
// belongs to its source, by the rules of ../shared/tools/score.py (its Scorer
// class, one function per category). Internal to query/eval: eval_scorer.cc
// holds node resolution and the entity categories (genes, fusions, drugs,
// targets, agents), eval_scorer_facts.cc trials, outcomes, references and
// reference links.
// Thread-safety: one Scorer per text, on one thread (GoldFile memoises).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "query/eval.h"
#include "query/eval_export.h"
#include "query/eval_gold.h"

namespace lg::query::eval {

// The categories, in score.py's order.
extern const char* const kEvalCategories[13];

using RefSet = std::set<std::string>;

template <typename A, typename B>
bool Meets(const A& a, const B& b) {
  for (const auto& x : a) {
    if (b.count(x)) return true;
  }
  return false;
}

template <typename S>
void Merge(S& into, const S& from) {
  into.insert(from.begin(), from.end());
}

bool StartsWith(const std::string& s, const char* p);
bool DrugLike(const std::string& kind);
EvalCategory NewCat(const std::string& name, bool applicable = true);
std::string Frac(int64_t a, int64_t b);  // "3/4"

// score.py's classify: many-to-many scoring of tool items (label, {gold key:
// credit}) against gold items; returns the best credit per gold key.
struct GoldItem {
  std::string key;
  Rank status;
  std::string label;
};
using Hits = std::map<std::string, double>;
std::map<std::string, double> Classify(
    EvalCategory& cat, const std::vector<std::pair<std::string, Hits>>& tool,
    const std::vector<GoldItem>& gold);
// "['5', '12']": reference numbers in numeric order, as score.py prints them.
std::string ListText(const RefSet& s);

struct ToolOutcome {
  std::string cat, measure, horizon, label;
  double value = 0;
  std::set<std::string> cohort;
  Tags drugs;
  RefSet refs;
  std::vector<std::string> sentences;
};

struct TargetItem {
  Tags drug, target;
  bool car = false, class_subject = false, to_fusion = false;
  RefSet refs;
  std::string label;
};

class Scorer {
 public:
  Scorer(const ExportGraph& ex, GoldFile& gold, const std::string& source)
      : ex_(ex),
        g_(gold),
        source_(source.empty() ? gold.source() : source),
        v_(ex, source_) {}

  EvalText Run();

 private:
  Tags NodeGeneTags(const Node* n);
  Tags NodeFusionTags(const Node* n);
  Tags NodeTargetTags(const Node* n);
  std::pair<Tags, bool> NodeDrugTags(const Node* n);
  const std::map<std::string, Tags>& TrialTests();

  void ScoreGenes();
  void ScoreFusions();
  void ScoreDrugs();
  std::vector<TargetItem> ToolTargets();
  void ScoreTargets();
  void ScoreAgents();
  Tags Via(const Edge& e);
  void ScoreTrials();
  bool Mergeable(size_t i, size_t j) const;
  std::vector<std::pair<std::string, std::string>> TrialFields(
      const std::vector<std::pair<const Node*, std::map<size_t, std::set<std::string>>>>&
          hits);
  std::pair<std::vector<ToolOutcome>, int64_t> ToolOutcomes();
  bool OutcomeCompatible(const ToolOutcome& t, const GoldOutcomeItem& go) const;
  void ScoreOutcomes();
  void ScoreReferences();
  void ScoreRefLinks();
  ReferenceCompleteness Completeness();

  const ExportGraph& ex_;
  GoldFile& g_;
  std::string source_;
  ExportView v_;
  std::map<std::string, EvalCategory> cats_;
  std::optional<std::map<std::string, Tags>> tests_;
  std::map<std::string, double> target_best_;
  std::map<size_t, RefSet> target_matches_;
  std::map<std::string, double> agent_best_;
  std::map<std::string, RefSet> agent_refs_;
  std::map<size_t, ToolOutcome> outcome_assign_;
};

}  // namespace lg::query::eval
