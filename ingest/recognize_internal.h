// Internal to ingest/recognize*.cc: what the recogniser's rule families
// share (text helpers, the per-sentence SentenceScan, what a document says
// about its words) and Recognizer::Impl, whose methods are the rule families.
// Not a public header: include it only from recognize*.cc.
//
// Files: recognize.cc (Create, the driver Recognize and RecognizeSentence,
// the passes over the whole document: partner fusions, karyotype
// resolution), recognize_passes.cc (the sentence passes: registry ids,
// lexicon phrases, protocols, karyotypes, compounds, CAR-T products, target
// classes, code names, INN stems), recognize_rules.cc (never-genes, gene
// lists and family numbers, cytochromes, "Ph+", named trials by shape).
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "graph/model.h"
#include "ingest/document.h"
#include "ingest/lexicon.h"
#include "ingest/recognize.h"
#include "ingest/words.h"

namespace lg::ingest {
namespace recognize_internal {

using graph::EntityKind;
using graph::MakeEntityId;

// "-negative", " negative", "-like" right after a span at `end`.
inline bool FollowedByNegation(const std::string& text, size_t end, size_t limit) {
  std::string_view rest =
      std::string_view(text).substr(end, std::min<size_t>(limit - end, 10));
  for (std::string_view w : {"-negative", " negative", "-like", " like", "-neg"}) {
    if (rest.substr(0, w.size()) == w) return true;
  }
  return false;
}

// The key gene spellings are compared by: upper case (ASCII), without '-',
// ' ' and '.' ("c-Kit" -> "CKIT", "MIP-1a" -> "MIP1A").
inline std::string VariantKey(std::string_view s) {
  std::string key;
  for (char c : s) {
    if (c == '-' || c == ' ' || c == '.') continue;
    key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return key;
}
// VariantKey(s) written into out[0, cap) without allocating; returns the
// key's full length. When that exceeds `cap`, out holds its first cap bytes.
inline size_t VariantKeyInto(std::string_view s, char* out, size_t cap) {
  size_t n = 0;
  for (char c : s) {
    if (c == '-' || c == ' ' || c == '.') continue;
    if (n < cap) out[n] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    ++n;
  }
  return n;
}
// Hash of a std::string set looked up by string_view (with std::equal_to<>)
// without building a std::string.
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

inline bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
inline bool HasUpper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); });
}
inline bool AllLowerOrCapitalized(std::string_view s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if (std::isupper(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// A phrase target: what a lower-cased word sequence may name.
struct PhraseTarget {
  MentionKind kind;
  std::string id;
  std::string label;
  std::string rule;
  // Tokens of the lexicon phrase that are all upper case must match exactly.
  std::vector<std::string> exact_tokens;  // "" where case does not matter
  std::vector<std::string> class_targets;
  std::string class_relation;
};

struct KnownFusion {
  std::string five, three;
};

// What the whole document says about its words, gathered before the
// sentences are read.
struct DocWords {
  // Short forms the text defines as something other than a gene ("hazard
  // ratio [HR]", "chemoimmunotherapy (CIT)"): never genes in this text.
  std::unordered_set<std::string> non_genes;
  // Short forms with a lower-case long form: never trial names.
  std::unordered_set<std::string> plain;
};

// The state of recognising one sentence: claimed spans so that a trial name
// is not also read as a gene, and the mentions found.
class SentenceScan {
 public:
  SentenceScan(const Document& doc, size_t index)
      : doc_(doc), index_(index), sentence_(doc.sentences[index]) {
    words_ = SplitWords(doc.text.normalized, sentence_.begin, sentence_.end);
    // A superscript citation glued to a word ("tisagenlecleucel87") is not
    // part of the word.
    for (const Citation& c : sentence_.citations) {
      Claim(c.begin, c.end);
      for (Word& w : words_) {
        if (w.begin < c.begin && c.begin < w.end) w.end = c.begin;
      }
    }
    words_.erase(std::remove_if(words_.begin(), words_.end(),
                                [&](const Word& w) {
                                  for (const Citation& c : sentence_.citations) {
                                    if (w.begin >= c.begin && w.end <= c.end) return true;
                                  }
                                  return false;
                                }),
                 words_.end());
    for (const Word& w : words_) {
      lower_.push_back(Lower(Text(w.begin, w.end)));
    }
    std::string_view all = Text(sentence_.begin, sentence_.end);
    has_digit_ = HasDigit(all);
  }

  std::string_view Text(size_t b, size_t e) const {
    return std::string_view(doc_.text.normalized).substr(b, e - b);
  }
  const std::vector<Word>& words() const { return words_; }
  const std::string& lower(size_t i) const { return lower_[i]; }
  const Sentence& sentence() const { return sentence_; }
  // True when the sentence has an ASCII digit: the patterns of registry ids,
  // protocols and code names all need one.
  bool has_digit() const { return has_digit_; }
  // True when the sentence's text holds `literal` (exactly; in any ASCII
  // case): a pattern that needs it cannot match otherwise.
  bool SentenceHas(std::string_view literal) const {
    return Text(sentence_.begin, sentence_.end).find(literal) != std::string_view::npos;
  }
  bool SentenceHasIgnoringCase(std::string_view lower_literal) const {
    std::string_view all = Text(sentence_.begin, sentence_.end);
    return std::search(all.begin(), all.end(), lower_literal.begin(), lower_literal.end(),
                       [](char a, char b) {
                         return std::tolower(static_cast<unsigned char>(a)) == b;
                       }) != all.end();
  }
  // The index of the sentence in Document::sentences.
  size_t index() const { return index_; }
  const std::string& text() const { return doc_.text.normalized; }
  // The word index ending exactly at `offset`, or words().size().
  size_t WordEndingAt(size_t offset) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      if (words_[i].end == offset) return i;
    }
    return words_.size();
  }

  bool Claimed(size_t b, size_t e) const {
    for (const auto& [cb, ce] : claimed_) {
      if (b < ce && cb < e) return true;
    }
    return false;
  }
  void Claim(size_t b, size_t e) { claimed_.emplace_back(b, e); }

  bool SentenceHasWord(const std::unordered_set<std::string>& set) const {
    return std::any_of(lower_.begin(), lower_.end(),
                       [&](const std::string& w) { return set.count(w) > 0; });
  }
  // Any of `set` within `radius` words of words [first, last].
  bool NearWord(size_t first, size_t last, size_t radius,
                const std::unordered_set<std::string>& set) const {
    size_t lo = first > radius ? first - radius : 0;
    size_t hi = std::min(words_.size(), last + radius + 1);
    for (size_t i = lo; i < hi; ++i) {
      if (i >= first && i <= last) continue;
      if (set.count(lower_[i])) return true;
    }
    return false;
  }
  // For each word, whether a word of `set` is within `radius` words of it
  // (itself excluded): NearWord(i, i, radius, set) for every i, with one
  // lookup per word.
  std::vector<bool> NearWordEach(size_t radius,
                                 const std::unordered_set<std::string>& set) const {
    std::vector<bool> in(words_.size()), near(words_.size(), false);
    for (size_t i = 0; i < words_.size(); ++i) in[i] = set.count(lower_[i]) > 0;
    for (size_t i = 0; i < words_.size(); ++i) {
      if (!in[i]) continue;
      size_t lo = i > radius ? i - radius : 0;
      size_t hi = std::min(words_.size(), i + radius + 1);
      for (size_t k = lo; k < hi; ++k) {
        if (k != i) near[k] = true;
      }
    }
    return near;
  }
  // The original bytes around a normalised span show emphasis markup
  // ('*' or '<i>' right before), the usual way gene symbols are printed.
  bool Italic(size_t b, size_t e) const {
    uint64_t ob = doc_.text.offsets[b];
    const std::string& o = doc_.text.original;
    if (ob >= 1 && o[ob - 1] == '*') return true;
    if (ob >= 3 && o.compare(ob - 3, 3, "<i>") == 0) return true;
    return false;
  }
  size_t WordIndexAt(size_t offset) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      if (words_[i].begin <= offset && offset < words_[i].end) return i;
    }
    return words_.size();
  }

  Mention& Add(MentionKind kind, size_t b, size_t e, std::string id, std::string label,
               std::string rule) {
    Mention m;
    m.kind = kind;
    m.sentence = index_;
    m.begin = b;
    m.end = e;
    m.entity_id = std::move(id);
    m.label = std::move(label);
    m.surface = std::string(Text(b, e));
    m.rule = std::move(rule);
    mentions_.push_back(std::move(m));
    return mentions_.back();
  }
  std::vector<Mention>& mentions() { return mentions_; }

 private:
  const Document& doc_;
  size_t index_;
  const Sentence& sentence_;
  std::vector<Word> words_;
  std::vector<std::string> lower_;
  std::vector<std::pair<size_t, size_t>> claimed_;
  bool has_digit_ = false;
  std::vector<Mention> mentions_;
};

// Whether `text` holds a number list: a digit, then (after an optional
// white space) "/", "-", ",", "and", "or" or "to", then (after an optional
// white space) a digit -- "1/2", "4 and 6", "1-4". The gene list patterns
// (FindGeneLists) need one; most sentences have none.
bool HasNumberList(std::string_view text);

}  // namespace recognize_internal

struct Recognizer::Impl {
  const Lexicon* lex = nullptr;
  // Lower-cased space-joined words -> targets (drugs, classes, families,
  // processes, conditions, overlay gene names, trial names).
  std::unordered_map<std::string, std::vector<recognize_internal::PhraseTarget>> phrases;
  size_t max_phrase_words = 1;
  // The phrase keys as a trie over their words, built once by Create
  // (BuildPhraseTrie) and read by FindLexiconPhrases in one walk per start
  // word: a word's id (phrase_word_ids), then (node << 32 | word id) -> child
  // node (phrase_children); node 0 is the root. phrase_ends[node] is the
  // targets of the phrase ending at that node, nullptr where none does.
  std::unordered_map<std::string, uint32_t> phrase_word_ids;
  std::unordered_map<uint64_t, uint32_t> phrase_children;
  std::vector<const std::vector<recognize_internal::PhraseTarget>*> phrase_ends;
  // The key GeneSymbol compares (upper case without '-', ' ' and '.') of
  // every symbol, alias and overlay alias: a span whose key is not here
  // names no gene, which settles most words with one lookup.
  std::unordered_set<std::string, recognize_internal::StringViewHash, std::equal_to<>>
      gene_keys;
  size_t gene_key_max = 0;  // the longest key in gene_keys
  // Curated gene names with lower-case words ("menin", "mixed lineage
  // leukemia"): lower-cased key -> symbol.
  std::unordered_map<std::string, std::string> overlay_lower;
  std::unordered_set<std::string> fusion_genes;      // genes known to fuse
  std::unordered_set<std::string> five_prime_genes;  // usual 5' partners
  std::map<std::string, recognize_internal::KnownFusion>
      karyotypes;  // "t(4;11)(q21;q23)" -> fusion
  std::unique_ptr<RE2> registry_re;
  std::unique_ptr<RE2> protocol_re;
  std::unique_ptr<RE2> generic_protocol_re;
  std::unique_ptr<RE2> karyotype_re;
  std::unique_ptr<RE2> variable_karyotype_re;
  // Gene symbols and aliases keyed in upper case without hyphens, spaces or
  // dots ("CKIT" -> KIT, "MIP1A" -> CCL3); "" where two genes share a key.
  std::unordered_map<std::string, std::string> variants;
  // Fusions named by a phrase ("Philadelphia chromosome"): id -> partners.
  std::unordered_map<std::string, recognize_internal::KnownFusion> fusion_partners;
  // Families of one member ("DNA topoisomerase I"): family id -> symbol.
  std::unordered_map<std::string, std::string> single_member;
  // Family ids and aliases as written ("RAF", "MEK1/2").
  std::unordered_set<std::string> family_words;

  void AddPhrase(std::string_view text, recognize_internal::PhraseTarget target);
  // Fills phrase_word_ids, phrase_children and phrase_ends from phrases.
  void BuildPhraseTrie();
  // Gene symbol for a compound or word, or "" when it is not (confidently) a
  // gene. `context` tells whether gene context is present.
  std::string GeneSymbol(std::string_view s, bool context, bool italic) const;
  std::string KaryotypeKey(std::string_view raw) const;
  // A spelling variant of a symbol or alias ("c-KIT", "b-FGF", "Her2",
  // "MIP-1a"): a digit, a hyphen or two capitals, and one gene with that
  // key. "" otherwise.
  std::string VariantSymbol(std::string_view s) const;
  // True for an official symbol or a curated overlay alias, exactly.
  bool FindSymbolOrOverlay(const std::string& s) const {
    return lex->FindSymbol(s) != nullptr || lex->IsOverlayAlias(s);
  }
  // The names a rearrangement group of `symbol` is written under, with the
  // curated old symbols: "KMT2A-r", "MLLr", "MLL-rearranged"...
  std::vector<std::string> GroupAliases(const std::string& symbol) const;
  recognize_internal::DocWords ReadDocWords(const Document& doc) const;

  // Every pass below over one sentence, in order; the mentions end up in
  // scan.mentions(). Each pass sees the spans the passes before it claimed.
  void RecognizeSentence(recognize_internal::SentenceScan& scan,
                         const recognize_internal::DocWords& dw) const;

  // The sentence passes, in the order RecognizeSentence runs them.
  // Spans that name nothing: "[Level of evidence C2]", authors' initials.
  void ClaimEvidenceGrades(recognize_internal::SentenceScan& scan) const;
  void ClaimInitials(recognize_internal::SentenceScan& scan) const;
  // Trial registry ids: "NCT01234567", "ISRCTN 12345678", "EudraCT
  // 2004-001234-56" (a bare EudraCT number needs the word near).
  void FindRegistryIds(recognize_internal::SentenceScan& scan) const;
  // Lexicon phrases (drugs, classes, families, processes, conditions, trial
  // names, multi-word gene names, named fusions), longest match first.
  void FindLexiconPhrases(recognize_internal::SentenceScan& scan,
                          const recognize_internal::DocWords& dw) const;
  // Genes by number after a family ("VEGF receptors 1, 2 and 3"), gene
  // lists ("JAK1/2", "CDK 4 and 6"), "Ph+", cytochromes.
  void FindFamilyNumbers(recognize_internal::SentenceScan& scan) const;
  void FindGeneLists(recognize_internal::SentenceScan& scan) const;
  void FindPhiladelphia(recognize_internal::SentenceScan& scan) const;
  void FindCytochromes(recognize_internal::SentenceScan& scan) const;
  // Cooperative-group protocol ids: "AALL0232", "UKALL 2003".
  void FindGroupProtocols(recognize_internal::SentenceScan& scan) const;
  // Karyotypes "t(4;11)(q21;q23)", "inv(16)" (resolved to fusions after all
  // sentences, by ResolveKaryotypes) and variable ones "t(v;11q23)".
  void FindKaryotypes(recognize_internal::SentenceScan& scan) const;
  // Compounds, runs of words joined by '-', '/' or '::': fusions "A-B",
  // groups "A-r" / "A-rearranged" / "A rearrangements", genes (the gene
  // guard: context words, italics, ambiguity), "KMT2Ar", "rearrangements of
  // the PAX5 gene".
  void FindCompounds(recognize_internal::SentenceScan& scan,
                     const recognize_internal::DocWords& dw) const;
  // CAR-T products named by their antigens: "CD19- and CD22 specific CAR-T
  // cells" -> "CD19/CD22 CAR-T cells".
  void FindCarTProducts(recognize_internal::SentenceScan& scan) const;
  // "<TARGET> inhibitor(s)" / "antagonist" classes after genes and families.
  void FindTargetClasses(recognize_internal::SentenceScan& scan) const;
  // Code names not in the lexicon ("KO-539"): an agent next to a class, an
  // alias of a drug in brackets, or used as an agent (a dose, an arm).
  void FindDrugCodes(recognize_internal::SentenceScan& scan) const;
  // Named trials by shape ("CLEOPATRA", "DESTINY-Breast03").
  void FindNamedTrials(recognize_internal::SentenceScan& scan,
                       const recognize_internal::DocWords& dw) const;
  // Generic "NAME-NN" protocol names in a sentence about trials.
  void FindGenericProtocols(recognize_internal::SentenceScan& scan) const;
  // Unknown agents by INN stem ("-tinib", "-mab").
  void FindStemAgents(recognize_internal::SentenceScan& scan) const;

  // The passes over the whole document, after every sentence, in order.
  // Partner fusions: in a sentence about "partner" genes, the rearranged
  // gene fuses with each fusion gene named after that word.
  void AddPartnerFusions(const Document& doc, std::vector<Mention>& all) const;
  // Karyotypes tied to fusions by a sentence or table row that holds one
  // karyotype and one fusion: normalised karyotype -> fusion.
  std::map<std::string, recognize_internal::KnownFusion> SentenceKaryotypes(
      const std::vector<Mention>& all) const;
  // Fusion-partner tables: a header "<GENE> fusion partner" makes each row's
  // first gene the 3' partner of GENE; adds that fusion for each row, and to
  // `doc_karyotypes` the row's karyotype.
  void AddFusionPartnerTables(
      const Document& doc, std::vector<Mention>& all,
      std::map<std::string, recognize_internal::KnownFusion>& doc_karyotypes) const;
  // Each karyotype mention resolved to a fusion (the lexicon, then
  // `doc_karyotypes`, then a unique longer form, then cytobands); those
  // left unresolved are dropped.
  void ResolveKaryotypes(
      const std::map<std::string, recognize_internal::KnownFusion>& doc_karyotypes,
      std::vector<Mention>& all) const;
  // A word shaped like a trial name: "CLEOPATRA", "DESTINY-Breast03",
  // "NCCTG-N9741", "TH3RESA", "CodeBreaK", "TDM4370g".
  bool TrialNameShape(std::string_view token,
                      const recognize_internal::DocWords& dw) const;
  recognize_internal::KnownFusion
      ph;  // the fusion "Philadelphia chromosome" names, if listed
};

}  // namespace lg::ingest
