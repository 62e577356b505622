// Recognizer: finds the entity mentions of a Document: genes, gene families,
// processes, fusions and rearrangement groups (including karyotype notation),
// drugs and drug classes, trials (registry ids and named protocols) and
// conditions. Relations are the next step (ingest/relate.h).
//
// How it matches (general rules, no per-text cases):
//   - words are runs of letters and digits; compounds join words by '-', '/'
//     or '::' without spaces ("KMT2A-AFF1", "BCL-2", "wt-KMT2A");
//   - spans that are never genes: evidence-grade tags ("[Level of evidence
//     C2]"), abbreviations the text defines as something else ("hazard ratio
//     [HR]"), two-letter symbols without gene context;
//   - genes: official symbols case-sensitively; lists and ranges expand
//     ("JAK1/2", "CDK 4 and 6", "FGFR1-4", "VEGF receptors 1, 2 and 3");
//     spelling variants match the lexicon up to case and hyphens ("c-KIT",
//     "b-FGF", "MIP-1a"); curated overlay aliases
//     (MLL, AF4, menin, BCL-2) always; other lexicon aliases only when
//     unambiguous, at least 3 characters, not an English word and with gene
//     context nearby; acronyms listed in ambiguous.tsv never without context;
//   - fusions: two genes joined by '-', '/' or '::' where at least one is a
//     known fusion gene (fusion_genes.tsv) and the pair is not an immunophenotype
//     pair (CD19/CD22) or an axis/pathway ("CXCR4/SDF-1 axis");
//     karyotypes t(a;b)(p;q) through the known-fusion lexicon, the text's own
//     tables, or cytobands; groups "<GENE>-r", "<GENE>-rearranged",
//     "<GENE> rearrangement(s)/translocations", "t(v;11q23)", not after "non-",
//     "wt-", "germline";
//   - drugs: lexicon names and code names, INN stems for unknown agents;
//     classes from drug_classes.tsv, and "<TARGET> inhibitor(s)" for any gene
//     or family target;
//   - trials: registry ids by pattern (NCT, UMIN, NTR, EudraCT, ISRCTN,
//     ACTRN, ChiCTR, JPRN, DRKS, CTRI), named protocols by lexicon and
//     pattern, named trials by shape: a capitalised name with capitals,
//     digits or hyphens before trial/study/protocol ("the CLEOPATRA trial",
//     "DESTINY-Breast03 trial", "CodeBreaK 300 trial") or before a registry
//     id ("VOYAGER (NCT03465722)"), a group's code with its number
//     ("CALGB 80405"). Drug code names are claimed first: never trials.
//
// Thread-safety: a Recognizer is immutable after Create; Recognize may run
// concurrently on different documents.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "ingest/document.h"
#include "ingest/lexicon.h"

namespace lg::ingest {

enum class MentionKind {
  kGene,
  kGeneFamily,
  kProcess,
  kFusion,     // specific fusion or group; group has three_prime == "?"
  kKaryotype,  // a translocation resolved to a fusion (entity_id is the fusion)
  kDrug,
  kDrugClass,
  kTrial,
  kCondition,
};

struct Mention {
  MentionKind kind = MentionKind::kGene;
  size_t sentence = 0;  // index into Document::sentences
  size_t begin = 0;     // normalised offsets of the surface form
  size_t end = 0;
  std::string entity_id;  // canonical graph id
  std::string label;      // canonical label ("KMT2A::AFF1", "revumenib")
  std::string surface;    // as in the normalised text
  std::string rule;       // which rule matched
  // Fusions: the 5' and 3' gene symbols ("?" for a group's unknown partner).
  std::string five_prime;
  std::string three_prime;
  // Trials: "registry" for a registry id, "name" for a protocol name.
  std::string trial_form;
  // Drug classes: the targets the class acts on (graph ids) and the predicate.
  std::vector<std::string> class_targets;
  std::string class_relation;
  // Other names of the entity a query may use: a rearrangement group under
  // its gene's old symbols ("MLL-r", "MLLr", "MLL-rearranged" for KMT2A::?).
  std::vector<std::string> aliases;

  std::string DebugString() const;
};

class Recognizer {
 public:
  // Errors: Internal when a pattern does not compile (a bug in the lexicon).
  static Result<std::unique_ptr<Recognizer>> Create(const Lexicon& lexicon);
  ~Recognizer();

  // Every mention of `doc`, sorted by (sentence, begin). Reference-list
  // entries, front and back matter are not searched.
  std::vector<Mention> Recognize(const Document& doc) const;

  // The mentions in the entries of `doc`'s reference list (blocks of kind
  // kReferenceEntry), each entry read by the same rules as a body
  // paragraph of one sentence: only its title when the reference parser
  // found the title in it (authors' initials are not genes), else what
  // follows its last author, else all of it.
  // Mention::sentence is the index of the entry's block in Document::blocks;
  // offsets are into doc.text as usual.
  std::vector<Mention> RecognizeReferences(const Document& doc) const;

 private:
  struct Impl;
  explicit Recognizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

std::string_view MentionKindName(MentionKind kind);

}  // namespace lg::ingest
