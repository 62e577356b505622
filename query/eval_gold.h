// A gold annotation file read as the reference scorer (../shared/tools/score.py)
// reads it, in either schema: ../shared/gold (genes with `core`, targets with
// `strength`, fusion_agents, references) and ../shared/dev/gold (targets with
// `support`, outcomes with value_percent/value_months, nullable trial ids).
// Gold items are keyed by tags: "g:SYMBOL", "fam:ID", "p:PROCESS", "f:FUSION",
// "d:DRUG", "c:CLASS", "r:REGIMEN", "n:NEUTRAL"; the Resolve* functions map a
// tool's name to the tags it may match. Internal to query/eval.
// Thread-safety: Load builds it; the Resolve* memos make it single-threaded.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/status.h"
#include "query/eval_json.h"

namespace lg::query::eval {

using Tags = std::set<std::string>;

// Gold item status, ordered: a neutral item is neither required nor a false
// positive; an optional one counts when hit and not when missed.
enum Rank { kNoRank = -1, kNeutral = 0, kOptional = 1, kRequired = 2 };

struct GoldFusion {
  std::set<std::string> genes;
  bool group = false;
  Rank status = kRequired;
  std::string member_of;
};
struct GoldFamily {
  std::set<std::string> members;
  Rank status = kNoRank;
};
struct GoldTargetItem {
  std::string drug;  // tag
  std::string target;
  Tags full, partial;
  Rank status = kOptional;
  std::set<std::string> refs, ctx;
  std::string label;
};
struct GoldAgentItem {
  std::string fusion, agent;  // fusion id, drug tag
  Rank status = kNoRank;
  Tags via;
  std::set<std::string> refs, ctx;
  bool direct = false;
  std::string label;
};
struct GoldTrialItem {
  std::string key, label;
  Tags drugs;
  std::string phase, status_field, sponsor;
  std::vector<std::string> phase_alt;
  std::set<std::string> refs, may_merge;
  bool unnamed = false, check_status = true;
  Rank trials = kRequired, registry = kOptional, named = kOptional;
  std::set<std::string> reg, body, ids;  // akeys
  Rank StatusFor(const std::string& category) const;
};
struct GoldOutcomeItem {
  size_t idx = 0;
  std::set<std::string> measures;
  std::set<std::string> refs, ctx;
  std::vector<std::string> quotes;
  std::string horizon;
  std::string cat;  // "outcomes" or "outcomes_months"
  std::vector<double> values;
  std::set<std::string> cohort;
  Tags drugs;
  Rank status = kRequired;
  std::string label;
};
struct GoldReferenceItem {
  const Json* raw = nullptr;  // the reference object
  std::string n;
};

class GoldFile {
 public:
  // Reads PATH. Errors: IOError "query: PATH: cannot read: <reason>";
  // InvalidArgument "query: PATH: invalid JSON at offset N: <reason>",
  // "query: PATH: not a gold annotation (an object with 'source' and 'genes'
  // or 'targets')".
  static Result<std::unique_ptr<GoldFile>> Load(const std::string& path);
  // The same from JSON text (`path` names it in messages).
  static Result<std::unique_ptr<GoldFile>> FromText(std::string_view text,
                                                    const std::string& path);

  const std::string& path() const { return path_; }
  const std::string& schema() const { return schema_; }  // "shared" or "dev"
  const std::string& source() const { return source_; }  // skey of 'source'

  const std::map<std::string, Rank>& gene_status() const { return gene_status_; }
  const std::map<std::string, GoldFamily>& families() const { return families_; }
  const std::map<std::string, Rank>& process_status() const { return process_status_; }
  const std::vector<std::string>& fusion_order() const { return fusion_order_; }
  const std::map<std::string, GoldFusion>& fusions() const { return fusions_; }
  const std::map<std::string, Rank>& drug_status() const { return drug_status_; }
  const Tags& car_products() const { return car_products_; }
  const Tags* DrugTargets(const std::string& tag) const;
  const std::vector<GoldTargetItem>& targets() const { return targets_; }
  const std::optional<std::vector<GoldAgentItem>>& agents() const { return agents_; }
  const std::vector<GoldTrialItem>& trials() const { return trials_; }
  const std::vector<GoldOutcomeItem>& outcomes() const { return outcomes_; }
  const std::optional<std::vector<GoldReferenceItem>>& references() const {
    return references_;
  }

  std::set<std::string> GeneSymbols(const std::string& s) const;
  Tags ResolveGene(const std::string& s);
  Tags ResolveFusion(const std::string& s);
  Tags ResolveDrug(const std::string& s);
  // parse_fusion: ("pair", {A,B}) | ("group", {A}); nullopt when not a fusion.
  struct ParsedFusion {
    bool group = false;
    std::set<std::string> genes;
  };
  std::optional<ParsedFusion> ParseFusion(const std::string& s) const;
  // trial name -> {trial index: {"reg", "name"}}
  std::map<size_t, std::set<std::string>> LookupTrial(const std::string& name);
  std::set<std::string> ExpandCohort(const std::vector<std::string>& strs);
  Tags DrugSet(const std::vector<std::string>& strs);

 private:
  GoldFile() = default;
  void AddGene(const std::string& sym, Rank status,
               const std::vector<std::string>& aliases);
  void AddFamily(const std::string& id, Rank status,
                 const std::vector<std::string>& aliases,
                 const std::vector<std::string>& members);
  void AddProcess(const std::string& name, Rank status);
  void AddDrugName(const std::string& name, const std::string& tag,
                   const std::vector<std::string>& aliases);
  void AddNeutral(const std::string& prefix, const std::string& name);
  void LoadGenes();
  void LoadFusions();
  void LoadDrugs();
  void LoadFamilies();
  void LoadTargets();
  void LoadAgents();
  void LoadTrials();
  void LoadOutcomes();
  Tags ResolveGeneImpl(const std::string& s);
  Tags ResolveFusionImpl(const std::string& s);
  Tags ResolveDrugImpl(const std::string& s);
  bool FusionCompatible(const ParsedFusion& p, const std::string& fid) const;
  std::pair<Tags, Tags> TargetAccept(const std::string& target, const std::string& kind,
                                     const std::vector<std::string>& members,
                                     const std::string& in_text);
  std::string DrugTagFor(const std::string& name, std::optional<bool> want_class);

  std::string path_, schema_, source_;
  Json raw_;
  std::map<std::string, Rank> gene_status_;
  std::map<std::string, std::set<std::string>> gene_alias_;
  std::map<std::string, GoldFamily> families_;
  std::map<std::string, std::set<std::string>> family_alias_;
  std::map<std::string, Rank> process_status_;
  std::map<std::string, std::set<std::string>> process_alias_;
  std::vector<std::string> fusion_order_;
  std::map<std::string, GoldFusion> fusions_;
  std::map<std::string, std::set<std::string>> fusion_alias_;
  std::map<std::string, Tags> drug_tab_;
  std::map<std::string, Rank> drug_status_;
  Tags car_products_;
  std::map<std::string, Tags> drug_targets_;
  std::vector<GoldTargetItem> targets_;
  std::optional<std::vector<GoldAgentItem>> agents_;
  std::vector<GoldTrialItem> trials_;
  std::map<std::string, std::set<std::pair<size_t, std::string>>> trial_index_;
  std::vector<GoldOutcomeItem> outcomes_;
  std::optional<std::vector<GoldReferenceItem>> references_;
  std::unordered_map<std::string, Tags> memo_gene_, memo_fusion_, memo_drug_;
  std::unordered_map<std::string, std::map<size_t, std::set<std::string>>> memo_trial_;
};

}  // namespace lg::query::eval
