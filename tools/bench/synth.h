// Synthetic review corpora and graphs at scale, for the benchmarks
// (tools/bench/gen_corpus, tools/bench/gen_graph).
//
// Everything here is deterministic for a seed on every platform: the only
// source of randomness is Rng (splitmix64), never <random>'s distributions,
// whose output differs between standard libraries.
//
// Start here: LoadSynthLexicon (the names to draw from), then
//   - GenerateDocument: one review-like text and what it planted;
//   - WriteCorpus: many documents into a directory;
//   - GraphSynth::MakeSource: one source of a large graph, in the shape
//     ingest produces, ready for graph::Store::PutSource.
// Thread-safety: values and const functions; an Rng is not shared.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"

namespace lg::bench {

// splitmix64: a 64-bit generator with a fixed, documented output sequence.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n); 0 when n == 0.
  uint64_t Below(uint64_t n);
  // In [lo, hi]; lo when hi <= lo.
  uint64_t Between(uint64_t lo, uint64_t hi);
  // True with probability percent/100.
  bool Chance(uint32_t percent) { return Below(100) < percent; }
  // In [0, n), index 0 most likely: floor(n * u^power) for uniform u. The
  // largest share of index 0 is n^(-1/power) (bounded skew).
  uint64_t Skewed(uint64_t n, int power);
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

// A 64-bit hash of two words (splitmix64 finaliser); used to derive the seed
// of a document or source from the run's seed and its index.
uint64_t Mix(uint64_t a, uint64_t b);

// The parts of corpus/lexicon the generators draw names from.
struct SynthLexicon {
  struct Drug {
    std::string name;
    std::vector<std::string> classes;
  };
  struct DrugClass {
    std::string name;
    std::string relation;              // inhibits, targets, binds, antagonises
    std::vector<std::string> targets;  // gene symbols only (families dropped)
  };
  struct KnownFusion {
    std::string five, three;
    std::vector<std::string> karyotypes;  // "t(4;11)(q21;q23)"
    std::vector<std::string> aliases;     // "MLL-AF4"
  };
  struct Gene {
    std::string symbol, name, cytoband;
  };
  std::vector<Gene> genes;  // genes.tsv, in file order
  std::vector<std::string> fusion_genes;
  std::vector<KnownFusion> known_fusions;
  std::vector<Drug> drugs;
  std::vector<DrugClass> classes;
  std::vector<std::string> trials;  // named trials (trials.tsv column 1)
  std::vector<std::string>
      conditions;  // diseases only (names with ALL, leuk, lymphoma...)
  // Drugs that have a class with a relation and gene targets: what the
  // corpus generator writes drug->target sentences about.
  std::vector<size_t> targeted_drugs;  // indexes into drugs
};

// Reads DATA_DIR/lexicon/{genes,fusion_genes,known_fusions,drugs,
// drug_classes,trials,conditions}.tsv. IOError naming the file when one
// cannot be read; InvalidArgument ("bench/synth: FILE line N: ...") for a
// line with too few columns.
Result<SynthLexicon> LoadSynthLexicon(const std::string& data_dir);

// What GenerateDocument wrote on purpose, in the ids ingest gives them.
struct Planted {
  std::set<std::string> fusions;  // "fusion:KMT2A::AFF1"
  // "drug:revumenib inhibits gene:MEN1"
  std::set<std::string> targets;
  std::set<std::string> trials;    // "trial:NCT01234567", "trial:Interfant-06"
  std::set<std::string> outcomes;  // "EFS 46.1" (measure, value as printed)
};

struct SynthDocument {
  std::string text;
  Planted planted;
};

// One review-like text of about `target_bytes` (at least a few KB): a title
// line, an abstract, headed sections of paragraphs, a tab-separated table and a
// numbered reference list. The citation style (brackets or glued
// superscripts followed by U+00A0) is chosen per document. Deterministic in
// (seed); ASCII except U+00A0.
SynthDocument GenerateDocument(const SynthLexicon& lex, uint64_t seed,
                               size_t target_bytes);

struct CorpusStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
};

// Writes ceil(total_bytes / doc_bytes) documents DIR/synth_000000.txt, ...
// (document i from Mix(seed, i)), creating DIR. InvalidArgument for
// doc_bytes == 0; IOError naming the file when a write fails.
Result<CorpusStats> WriteCorpus(const SynthLexicon& lex, uint64_t seed,
                                uint64_t total_bytes, uint64_t doc_bytes,
                                const std::string& dir);

struct GraphOptions {
  uint64_t seed = 1;
  // Distinct facts the whole graph should hold; sizes the entity universes.
  uint64_t edges = 100000;
  // Facts per source are drawn in [min, max]. Default: 5000..20000.
  uint64_t min_source_facts = 5000;
  uint64_t max_source_facts = 20000;
};

// Builds the sources of a large graph one at a time (bounded memory): genes
// from genes.tsv, fusions of two genes that are members of their 5' gene's
// group (fusion:X::?), drugs (lexicon names, then invented INN-like names)
// with classes and gene targets, trials (NCT ids and lexicon names) that test
// drugs and report outcomes, frequencies of fusions in conditions, activity
// of drugs in fusions. Endpoints are drawn with bounded skew, so hubs exist but
// no entity holds more than a few percent of the edges. Facts recur across
// sources (more evidence for the same fact), so the distinct-fact count grows
// a little slower than the facts written; callers stop when the store's total
// reaches the goal.
class GraphSynth {
 public:
  GraphSynth(const SynthLexicon& lex, const GraphOptions& options);

  // Source `index` (0, 1, ...): source id "synth_<seed>_<index, 6 digits>",
  // 5k-20k facts with one evidence each, the entities of every endpoint, a
  // reference list that every evidence ref lies in. Deterministic in
  // (options, index).
  graph::SourceData MakeSource(uint64_t index) const;

 private:
  struct Universe {
    uint64_t genes, fusions, drugs, trials, conditions;
  };
  const SynthLexicon& lex_;
  GraphOptions options_;
  Universe u_;
};

// The small synthetic graph the tests share (the golden `synthetic` fixture,
// the query tests): GraphSynth seed 1, 3,000 facts' universes, sources 0-3
// of 500-1,000 facts each (~3,000 facts with hubs, parallel facts and facts
// restated across sources).
std::vector<graph::SourceData> SmallGraphSources(const SynthLexicon& lex);

}  // namespace lg::bench
