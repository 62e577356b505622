// Lexicon: the dictionaries the recogniser matches against, loaded from the
// TSV files in corpus/lexicon/ (formats in corpus/lexicon/README.md):
//   genes.tsv          generated from Debian's r-bioc-org.hs.eg.db by
//                      tools/build_gene_lexicon.sh: symbol, aliases, name,
//                      cytoband
//   gene_overlay.tsv   curated oncology usage: alias -> symbol (MLL->KMT2A)
//   gene_families.tsv  families/complexes/pathways: id, aliases, members
//   ambiguous.tsv      short aliases that are common acronyms (ALL, CR, OS...)
//                      and never become genes without gene context
//   drugs.tsv          drugs: name, aliases/code names, classes; generated
//                      from DrugCentral and drug_overlay.tsv by
//                      tools/build_drug_lexicon.sh
//   drug_targets.tsv   drug -> human mechanism-of-action targets (HGNC
//                      symbols), generated with drugs.tsv
//   drug_classes.tsv   classes: name, aliases, relation, targets
//   drug_stems.tsv     INN stems for agents not in drugs.tsv (-mab, -tinib...)
//   trials.tsv         named protocols and cooperative-group patterns
//   conditions.tsv     diseases and patient groups
//   trial_patterns.tsv RE2 patterns for protocol/registry id families
//   english_words.tsv  common English and clinical words: never gene aliases
//   processes.tsv      processes drugs act on ("DNA methylation")
//   fusion_genes.tsv   genes known to fuse, with their usual role
//   known_fusions.tsv  well-known fusions: karyotypes and legacy names
//
// Start here: Lexicon::Load.
// Thread-safety: immutable after Load; share freely between threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/status.h"

namespace lg::ingest {

struct GeneEntry {
  std::string symbol;                // HGNC symbol: "KMT2A"
  std::vector<std::string> aliases;  // previous symbols and synonyms
  std::string name;                  // "lysine methyltransferase 2A"
  std::string cytoband;              // "11q23.3"
};

struct GeneOverlayEntry {
  std::string alias;   // "MLL", "mixed lineage leukemia"
  std::string symbol;  // official symbol in genes.tsv: "KMT2A"
};

struct GeneFamilyEntry {
  std::string id;                    // "HDAC", "MEK", "proteasome"
  std::vector<std::string> aliases;  // "histone deacetylase"
  std::vector<std::string> members;  // gene symbols
};

struct DrugEntry {
  std::string name;                  // lower-case INN, or code name as printed
  std::vector<std::string> aliases;  // code names, brand names, abbreviations
  std::vector<std::string> classes;  // drug class names (drug_classes.tsv)
};

struct DrugClassEntry {
  std::string name;                  // "menin inhibitor"
  std::vector<std::string> aliases;  // "menin inhibitors", "inhibitors of menin"
  std::string relation;              // graph predicate: "inhibits", "targets"...
  std::vector<std::string> targets;  // gene symbols, family ids or processes
};

struct DrugStem {
  std::string suffix;   // "tinib"
  std::string meaning;  // "tyrosine kinase inhibitor"
};

struct TrialEntry {
  std::string name;  // canonical protocol name: "Interfant-06"
  std::vector<std::string> aliases;
  std::string sponsor;  // cooperative group, when known
};

// A gene known to take part in fusions (fusion_genes.tsv); role "5prime" for
// the usual 5' partner (KMT2A, ETV6, BCR), "3prime", or "either".
struct FusionGeneEntry {
  std::string symbol;
  std::string role;
};

// A well-known fusion with its karyotype notations and legacy names
// (known_fusions.tsv): KMT2A AFF1 t(4;11)(q21;q23) MLL-AF4.
struct KnownFusionEntry {
  std::string five_prime;
  std::string three_prime;
  std::vector<std::string> karyotypes;
  std::vector<std::string> aliases;
};

struct TrialPattern {
  std::string pattern;      // RE2 syntax; compiles (checked by Load)
  std::string sponsor;      // "COG"
  std::string description;  // what the pattern covers
};

struct ConditionEntry {
  std::string name;  // canonical: "infant ALL"
  std::vector<std::string> aliases;
};

class Lexicon {
 public:
  // Loads every file of `dir`. Errors: IOError naming a missing file;
  // InvalidArgument "ingest: DIR/drugs.tsv line 12: expected 3 columns, got 2".
  static Result<std::unique_ptr<Lexicon>> Load(const std::string& dir);

  const std::vector<GeneEntry>& genes() const { return genes_; }
  const std::vector<GeneFamilyEntry>& gene_families() const { return families_; }
  const std::vector<DrugEntry>& drugs() const { return drugs_; }
  const std::vector<DrugClassEntry>& drug_classes() const { return classes_; }
  const std::vector<DrugStem>& drug_stems() const { return stems_; }
  const std::vector<TrialEntry>& trials() const { return trials_; }
  const std::vector<ConditionEntry>& conditions() const { return conditions_; }
  const std::vector<GeneOverlayEntry>& gene_overlay() const { return overlay_entries_; }
  const std::vector<TrialPattern>& trial_patterns() const { return trial_patterns_; }
  const std::vector<FusionGeneEntry>& fusion_genes() const { return fusion_genes_; }
  const std::vector<KnownFusionEntry>& known_fusions() const { return known_fusions_; }
  // Processes drugs act on ("DNA methylation"), from processes.tsv.
  const std::vector<std::string>& processes() const { return processes_; }
  // The curated overlay, alias -> symbol.
  const std::unordered_map<std::string, std::string>& overlay() const {
    return overlay_symbols_;
  }

  // The human mechanism-of-action targets of the drug named `drug` (its
  // drugs.tsv name, case-sensitive: "imatinib"), as HGNC symbols sorted
  // bytewise, from drug_targets.tsv (DrugCentral). Empty for an unknown drug
  // or one without recorded targets; aliases are not resolved here.
  const std::vector<std::string>& KnownTargets(std::string_view drug) const;

  // Exact (case-sensitive) official symbol; nullptr when none.
  const GeneEntry* FindSymbol(std::string_view symbol) const;
  // Genes having `alias` (case-sensitive) as a lexicon alias or an overlay
  // alias; the overlay wins and is returned alone when it names the alias.
  std::vector<const GeneEntry*> FindAlias(std::string_view alias) const;
  // Genes on a cytoband prefix: "11q23" matches "11q23.3". Empty when none.
  std::vector<const GeneEntry*> FindByCytoband(std::string_view band) const;
  // True for an acronym listed in ambiguous.tsv (case-sensitive).
  bool IsAmbiguous(std::string_view token) const;
  // The recogniser's rule for matching `alias` as a gene without gene
  // context: true for an overlay alias; for a genes.tsv alias, true when it
  // has >= 3 bytes and a letter, is not ambiguous and is not a common word
  // (IsCommonWord).
  // False for anything else (official symbols are matched on their own).
  bool IsUsableAlias(std::string_view alias) const;
  // True when the curated overlay names `alias` (case-sensitive).
  bool IsOverlayAlias(std::string_view alias) const;
  // True for a common English or clinical word (english_words.tsv),
  // compared in lower case.
  bool IsCommonWord(std::string_view word) const;

 private:
  std::vector<GeneEntry> genes_;
  std::vector<GeneFamilyEntry> families_;
  std::vector<DrugEntry> drugs_;
  std::vector<DrugClassEntry> classes_;
  std::vector<DrugStem> stems_;
  std::vector<TrialEntry> trials_;
  std::vector<ConditionEntry> conditions_;
  std::vector<GeneOverlayEntry> overlay_entries_;
  std::vector<TrialPattern> trial_patterns_;
  std::unordered_map<std::string, size_t> by_symbol_;
  std::unordered_map<std::string, std::vector<size_t>> by_alias_;
  std::unordered_map<std::string, size_t> overlay_;
  std::unordered_map<std::string, std::vector<size_t>> by_band_;
  std::vector<std::string> ambiguous_;  // sorted
  std::vector<FusionGeneEntry> fusion_genes_;
  std::vector<KnownFusionEntry> known_fusions_;
  std::vector<std::string> processes_;
  std::unordered_map<std::string, std::string> overlay_symbols_;
  // Hashes a string_view, so that common_words_ is looked up without
  // building a std::string.
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_set<std::string, ViewHash, std::equal_to<>> common_words_;  // lower case
  size_t common_word_max_ = 0;  // the longest of common_words_, in bytes
  std::unordered_map<std::string, std::vector<std::string>> known_targets_;
};

}  // namespace lg::ingest
