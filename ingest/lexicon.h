// Lexicon: the dictionaries the recogniser matches against, loaded from the
// TSV files in corpus/lexicon/ (formats in corpus/lexicon/README.md):
//   genes.tsv          generated from Debian's r-bioc-org.hs.eg.db by
//                      tools/build_gene_lexicon.sh: symbol, aliases, name,
//                      cytoband
//   gene_overlay.tsv   curated oncology usage: alias -> symbol (MLL->KMT2A)
//   gene_families.tsv  families/complexes/pathways: id, aliases, members
//   ambiguous.tsv      short aliases that are common acronyms (ALL, CR, OS...)
//                      and never become genes without gene context
//   drugs.tsv          drugs: name, aliases/code names, classes
//   drug_classes.tsv   classes: name, aliases, relation, targets
//   drug_stems.tsv     INN stems for agents not in drugs.tsv (-mab, -tinib...)
//   trials.tsv         named protocols and cooperative-group patterns
//   conditions.tsv     diseases and patient groups
//
// Start here: Lexicon::Load.
// Thread-safety: immutable after Load; share freely between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"

namespace lg::ingest {

struct GeneEntry {
  std::string symbol;                // HGNC symbol: "KMT2A"
  std::vector<std::string> aliases;  // previous symbols and synonyms
  std::string name;                  // "lysine methyltransferase 2A"
  std::string cytoband;              // "11q23.3"
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
  std::string suffix;  // "tinib"
  std::string meaning; // "tyrosine kinase inhibitor"
};

struct TrialEntry {
  std::string name;  // canonical protocol name: "Interfant-06"
  std::vector<std::string> aliases;
  std::string sponsor;  // cooperative group, when known
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

  // Exact (case-sensitive) official symbol; nullptr when none.
  const GeneEntry* FindSymbol(std::string_view symbol) const;
  // Genes having `alias` (case-sensitive) as a lexicon alias or an overlay
  // alias; the overlay wins and is returned alone when it names the alias.
  std::vector<const GeneEntry*> FindAlias(std::string_view alias) const;
  // Genes on a cytoband prefix: "11q23" matches "11q23.3". Empty when none.
  std::vector<const GeneEntry*> FindByCytoband(std::string_view band) const;
  // True for an acronym listed in ambiguous.tsv (case-sensitive).
  bool IsAmbiguous(std::string_view token) const;

 private:
  std::vector<GeneEntry> genes_;
  std::vector<GeneFamilyEntry> families_;
  std::vector<DrugEntry> drugs_;
  std::vector<DrugClassEntry> classes_;
  std::vector<DrugStem> stems_;
  std::vector<TrialEntry> trials_;
  std::vector<ConditionEntry> conditions_;
  std::unordered_map<std::string, size_t> by_symbol_;
  std::unordered_map<std::string, std::vector<size_t>> by_alias_;
  std::unordered_map<std::string, size_t> overlay_;
  std::unordered_map<std::string, std::vector<size_t>> by_band_;
  std::vector<std::string> ambiguous_;  // sorted
};

}  // namespace lg::ingest
