// The passes the recogniser runs on each sentence, in the order of
// Recognizer::Impl::RecognizeSentence (recognize.cc): registry ids, lexicon
// phrases, protocol ids, karyotypes, compounds (genes, fusions, groups), CAR-T
// products, "<TARGET> inhibitor" classes, drug code names, generic protocol
// names, agents by INN stem. Each reads and extends one SentenceScan.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ingest/recognize_internal.h"
#include "ingest/words.h"

namespace lg::ingest {

using recognize_internal::AllLowerOrCapitalized;
using recognize_internal::DocWords;
using recognize_internal::EntityKind;
using recognize_internal::FollowedByNegation;
using recognize_internal::HasDigit;
using recognize_internal::HasUpper;
using recognize_internal::KnownFusion;
using recognize_internal::MakeEntityId;
using recognize_internal::PhraseTarget;
using recognize_internal::SentenceScan;

namespace {

// Words near a symbol that say "this is a gene".
const std::unordered_set<std::string> kGeneContext = {
    "gene",        "genes",          "protein",        "proteins",   "expression",
    "expressed",   "mutation",       "mutations",      "mutated",    "mutant",
    "fusion",      "fusions",        "partner",        "partners",   "rearrangement",
    "rearranged",  "rearrangements", "locus",          "loci",       "transcript",
    "transcripts", "promoter",       "amplification",  "deletion",   "deletions",
    "knockdown",   "overexpression", "overexpressed",  "allele",     "alleles",
    "variant",     "variants",       "encodes",        "encoding",   "receptor",
    "kinase",      "ligand",         "signaling",      "signalling", "pathway",
    "antigen",     "inhibitor",      "inhibitors",     "inhibition", "knockout",
    "methylation", "upregulation",   "downregulation", "targeting",  "translocation"};

// Words after a two-gene compound that say it is not a fusion.
const std::unordered_set<std::string> kNotFusionAfter = {
    "axis",         "pathway",   "pathways",   "signaling",  "signalling",  "interaction",
    "interactions", "complex",   "binding",    "bispecific", "specific",    "dual",
    "ratio",        "inhibitor", "inhibitors", "antagonist", "antagonists", "car",
    "cars",         "directed",  "targeted",   "double",     "positive",    "negative",
    "expression",   "levels",    "engager",    "axes"};

// Words after "A/B" that make the slash an "or": "KIT/PDGFRA wild-type".
const std::unordered_set<std::string> kEitherGeneAfter = {
    "wild",      "wt",      "mutant",   "mutants",    "mutation",    "mutations",
    "mutated",   "variant", "variants", "alteration", "alterations", "amplification",
    "amplified", "status",  "testing",  "deficient"};

// Words before a group mention that negate it ("wt-KMT2A", "non-KMT2A-r").
const std::unordered_set<std::string> kGroupNegation = {
    "non", "wt", "wild", "germline", "without", "unrearranged", "negative"};

// Words that mark a sentence as talking about trials (generic protocol ids
// need one).
const std::unordered_set<std::string> kTrialContext = {
    "trial",  "trials", "study",    "studies",    "protocol",   "protocols",
    "cohort", "phase",  "enrolled", "randomized", "randomised", "registry"};

}  // namespace

namespace {

// A named protocol: a trial mention that claims its span.
void AddProtocol(SentenceScan& scan, size_t b, size_t e, const std::string& rule) {
  std::string name(scan.Text(b, e));
  scan.Claim(b, e);
  scan.Add(MentionKind::kTrial, b, e, MakeEntityId(EntityKind::kTrial, name), name, rule)
      .trial_form = "name";
}

}  // namespace

void Recognizer::Impl::FindRegistryIds(SentenceScan& scan) const {
  if (!scan.has_digit()) return;  // every pattern below needs a digit
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece match;
  while (RE2::FindAndConsume(&input, *registry_re, &match)) {
    size_t b = match.data() - text.data(), e = b + match.size();
    std::string id(match);
    if (id.rfind("ISRCTN", 0) == 0) {
      id.erase(std::remove(id.begin(), id.end(), ' '), id.end());
    } else if (id.rfind("EudraCT", 0) == 0) {
      id = id.substr(id.find_first_of("0123456789"));
    } else if (std::isdigit(static_cast<unsigned char>(id[0])) &&
               !scan.NearWord(scan.WordIndexAt(b), scan.WordIndexAt(b), 3, {"eudract"})) {
      continue;  // a bare 2004-001234-56 is only EudraCT with the word near
    }
    scan.Claim(b, e);
    scan.Add(MentionKind::kTrial, b, e, MakeEntityId(EntityKind::kTrial, id), id,
             "registry-id")
        .trial_form = "registry";
  }
}

void Recognizer::Impl::FindLexiconPhrases(SentenceScan& scan, const DocWords& dw) const {
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  const std::vector<Word>& words = scan.words();
  // Each word's id in the phrase trie, looked up once.
  constexpr uint32_t kNoWord = UINT32_MAX;
  std::vector<uint32_t> ids(words.size(), kNoWord);
  for (size_t i = 0; i < words.size(); ++i) {
    auto it = phrase_word_ids.find(scan.lower(i));
    if (it != phrase_word_ids.end()) ids[i] = it->second;
  }
  std::vector<uint32_t> nodes;
  for (size_t i = 0; i < words.size(); ++i) {
    if (ids[i] == kNoWord) continue;
    size_t max_n = std::min(max_phrase_words, words.size() - i);
    // The trie nodes of the candidates starting at word i, as long as some
    // phrase can continue them; words must be contiguous modulo one
    // separator.
    nodes.clear();
    uint32_t node = 0;
    for (size_t k = 0; k < max_n; ++k) {
      if (k) {
        std::string_view gap = scan.Text(words[i + k - 1].end, words[i + k].begin);
        if (gap.size() > 2 || gap.find_first_not_of(" -/") != std::string_view::npos)
          break;
      }
      if (ids[i + k] == kNoWord) break;
      auto child = phrase_children.find((static_cast<uint64_t>(node) << 32) | ids[i + k]);
      if (child == phrase_children.end()) break;
      node = child->second;
      nodes.push_back(node);
    }
    for (size_t n = nodes.size(); n >= 1; --n) {
      const std::vector<PhraseTarget>* targets = phrase_ends[nodes[n - 1]];
      if (targets == nullptr) continue;
      size_t b = words[i].begin, e = words[i + n - 1].end;
      if (scan.Claimed(b, e)) continue;
      bool matched = false;
      for (const PhraseTarget& t : *targets) {
        bool case_ok = true;
        for (size_t k = 0; k < n && k < t.exact_tokens.size(); ++k) {
          const std::string& exact = t.exact_tokens[k];
          if (!exact.empty() &&
              scan.Text(words[i + k].begin, words[i + k].end) != exact) {
            case_ok = false;
          }
        }
        if (!case_ok) continue;
        // A plural 's' glued after the phrase belongs to it.
        size_t end = e;
        if (end < sent.end && (text[end] == 's') &&
            (end + 1 == sent.end ||
             !std::isalnum(static_cast<unsigned char>(text[end + 1])))) {
          ++end;
        }
        // A family word the text defines as something else ("MMR").
        if (t.kind == MentionKind::kGeneFamily &&
            dw.non_genes.count(std::string(scan.Text(b, e)))) {
          continue;
        }
        if (t.kind == MentionKind::kTrial) {
          scan.Claim(b, end);
          Mention& m = scan.Add(t.kind, b, end, t.id, t.label, t.rule);
          m.trial_form = "name";
        } else if (t.kind == MentionKind::kFusion) {
          // "Philadelphia chromosome-negative" names no fusion.
          if (FollowedByNegation(text, end, sent.end)) continue;
          scan.Claim(b, end);
          Mention& m = scan.Add(t.kind, b, end, t.id, t.label, t.rule);
          const KnownFusion& kf = fusion_partners.at(t.id);
          m.five_prime = kf.five;
          m.three_prime = kf.three;
        } else if (auto one = single_member.find(t.id); one != single_member.end()) {
          // A family of one member names that gene: "topoisomerase I" is TOP1.
          scan.Claim(b, end);
          scan.Add(MentionKind::kGene, b, end,
                   MakeEntityId(EntityKind::kGene, one->second), one->second,
                   "gene-name");
        } else {
          Mention& m = scan.Add(t.kind, b, end, t.id, t.label, t.rule);
          m.class_targets = t.class_targets;
          m.class_relation = t.class_relation;
          // Genes and fusions may still be read inside a class or condition
          // phrase ("FLT3 inhibitor", "KMT2A-rearranged leukemia"); drugs,
          // families and processes claim their span.
          if (t.kind != MentionKind::kDrugClass && t.kind != MentionKind::kCondition) {
            scan.Claim(b, end);
          }
        }
        matched = true;
      }
      if (matched) {
        i += n - 1;
        break;
      }
    }
  }
}

void Recognizer::Impl::FindGroupProtocols(SentenceScan& scan) const {
  if (!scan.has_digit()) return;  // every pattern below needs a digit
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece match;
  while (RE2::FindAndConsume(&input, *protocol_re, &match)) {
    size_t b = match.data() - text.data(), e = b + match.size();
    if (!scan.Claimed(b, e)) AddProtocol(scan, b, e, "protocol-pattern");
  }
}

void Recognizer::Impl::FindKaryotypes(SentenceScan& scan) const {
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  if (std::string_view(text).substr(sent.begin, sent.end - sent.begin).find("t(") !=
          std::string_view::npos ||
      std::string_view(text).substr(sent.begin, sent.end - sent.begin).find("inv(") !=
          std::string_view::npos) {
    re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
    re2::StringPiece match;
    while (RE2::FindAndConsume(&input, *karyotype_re, &match)) {
      size_t b = match.data() - text.data(), e = b + match.size();
      if (scan.Claimed(b, e)) continue;
      std::string key = KaryotypeKey(match);
      Mention m;
      m.kind = MentionKind::kKaryotype;
      m.sentence = scan.index();
      m.begin = b;
      m.end = e;
      m.surface = std::string(match);
      m.rule = "karyotype";
      // Resolution happens after all sentences (document tables first).
      scan.Claim(b, e);
      scan.mentions().push_back(std::move(m));
    }
    re2::StringPiece in2(text.data() + sent.begin, sent.end - sent.begin);
    std::string band1, band2;
    re2::StringPiece whole;
    while (RE2::FindAndConsume(&in2, *variable_karyotype_re, &whole, &band1, &band2)) {
      size_t b = whole.data() - text.data(), e = b + whole.size();
      std::string band = band1.empty() ? band2 : band1;
      std::string gene;
      for (const GeneEntry* g : lex->FindByCytoband(band)) {
        if (fusion_genes.count(g->symbol)) {
          if (!gene.empty() && gene != g->symbol) {
            gene.clear();
            break;
          }
          gene = g->symbol;
        }
      }
      if (gene.empty()) continue;
      scan.Claim(b, e);
      Mention& m =
          scan.Add(MentionKind::kFusion, b, e,
                   MakeEntityId(EntityKind::kFusion, graph::FusionKey(gene, "?")),
                   graph::FusionKey(gene, "?"), "karyotype-variable");
      m.five_prime = gene;
      m.three_prime = "?";
    }
  }
}

void Recognizer::Impl::FindCompounds(SentenceScan& scan, const DocWords& dw) const {
  const std::vector<Word>& words = scan.words();
  std::vector<bool> gene_context(words.size(), false);
  gene_context = scan.NearWordEach(3, kGeneContext);
  size_t i = 0;
  while (i < words.size()) {
    size_t j = i;
    while (j + 1 < words.size()) {
      std::string_view gap = scan.Text(words[j].end, words[j + 1].begin);
      if (gap == "-" || gap == "/" || gap == "::") {
        ++j;
      } else {
        break;
      }
    }
    // Words i..j form a compound.
    size_t cb = words[i].begin, ce = words[j].end;
    auto word_text = [&](size_t k) { return scan.Text(words[k].begin, words[k].end); };
    bool ctx = false;
    for (size_t k = i; k <= j; ++k) ctx = ctx || gene_context[k];
    // "X-positive", "X-low", "X-amplified": a status joined to the word.
    for (size_t k = i + 1; k <= j; ++k) {
      const std::string& w = scan.lower(k);
      if (w == "positive" || w == "negative" || w == "low" || w == "amplified" ||
          w == "overexpressing" || w == "mutant" || w == "mutated") {
        ctx = true;
      }
    }

    // Group negation: "non-", "wt-", "germline" right before.
    auto negated_before = [&](size_t k) {
      if (k > 0 && kGroupNegation.count(scan.lower(k - 1))) return true;
      if (k > 1 && scan.lower(k - 1) == "type" && scan.lower(k - 2) == "wild")
        return true;
      return false;
    };

    // Parts: maximal gene matches left to right inside the compound,
    // preferring the longest sub-compound ("BCL-2", "SDF-1", "miR-152").
    struct Part {
      size_t first, last;
      std::string symbol;
    };
    std::vector<Part> parts;
    for (size_t k = i; k <= j;) {
      bool found = false;
      for (size_t l = j + 1; l-- > k;) {
        if (scan.Claimed(words[k].begin, words[l].end)) continue;
        std::string_view s = scan.Text(words[k].begin, words[l].end);
        bool italic = scan.Italic(words[k].begin, words[l].end);
        std::string sym = GeneSymbol(s, ctx, italic);
        if (!sym.empty() && !dw.non_genes.count(std::string(s))) {
          parts.push_back({k, l, sym});
          k = l + 1;
          found = true;
          break;
        }
      }
      if (!found) ++k;
    }

    // Group suffix: the word after the gene part.
    // Group suffix: the word after the gene part. 2 for words that say
    // "fusion" of any gene ("FGFR2 fusion", "NRG1 gene fusion", "ROS1
    // rearrangement", "ALK-rearranged"), 1 for those that need a known
    // fusion gene ("KMT2A-r", "KMT2A translocations"), 0 for none.
    auto group_suffix = [&](size_t after) -> int {
      auto strength = [](const std::string& w) {
        if (w == "rearranged" || w == "rearrangement" || w == "rearrangements" ||
            w == "fusion" || w == "fusions") {
          return 2;
        }
        if (w == "r" || w == "translocated" || w == "translocation" ||
            w == "translocations") {
          return 1;
        }
        return 0;
      };
      if (after > j) {
        // "KMT2A rearrangements", "KMT2A gene rearrangement", "NRG1 gene fusion".
        size_t k = j + 1;
        if (k < words.size() && scan.lower(k) == "gene") ++k;
        if (k < words.size() && scan.lower(k) != "r") {
          // "X fusion protein" of a single gene is a construct, not a fusion.
          if (k + 1 < words.size() && scan.lower(k) == "fusion" &&
              scan.lower(k + 1) == "protein") {
            return 0;
          }
          return strength(scan.lower(k));
        }
        return 0;
      }
      return strength(scan.lower(after));
    };

    bool made_pair = false;
    if (parts.size() >= 2) {
      // Fusion between consecutive gene parts.
      for (size_t p = 0; p + 1 < parts.size(); ++p) {
        const Part& a = parts[p];
        const Part& b = parts[p + 1];
        if (b.first != a.last + 1) continue;
        bool known = fusion_genes.count(a.symbol) || fusion_genes.count(b.symbol);
        bool markers = a.symbol.rfind("CD", 0) == 0 && b.symbol.rfind("CD", 0) == 0;
        bool not_fusion =
            j + 1 < words.size() && kNotFusionAfter.count(scan.lower(j + 1));
        std::string_view sep = scan.Text(words[a.last].end, words[b.first].begin);
        // "KIT/PDGFRA wild-type", "KRAS/NRAS mutations": a slash between
        // genes with a state after it means "or".
        if (sep == "/" && j + 1 < words.size() &&
            kEitherGeneAfter.count(scan.lower(j + 1))) {
          not_fusion = true;
        }
        if (a.symbol == b.symbol || markers || not_fusion) continue;
        if (!known && sep != "::") continue;
        // Lower-case names ("menin-KMT2A complex") are not fusion notation.
        if (!HasUpper(word_text(a.first)) || !HasUpper(word_text(b.first))) continue;
        size_t fb = words[a.first].begin, fe = words[b.last].end;
        std::string key = graph::FusionKey(a.symbol, b.symbol);
        Mention& m =
            scan.Add(MentionKind::kFusion, fb, fe, MakeEntityId(EntityKind::kFusion, key),
                     key, sep == "::" ? "fusion-hgnc" : "fusion-pair");
        m.five_prime = a.symbol;
        m.three_prime = b.symbol;
        made_pair = true;
      }
    }
    for (const Part& part : parts) {
      int suffix = made_pair ? 0 : group_suffix(part.last + 1);
      bool is_group = (suffix == 2 || (suffix == 1 && fusion_genes.count(part.symbol))) &&
                      !negated_before(part.first) &&
                      !(part.first > i && scan.lower(part.first - 1) == "non");
      // "KMT2Ar": symbol glued to 'r'.
      if (is_group) {
        size_t gb = words[part.first].begin;
        size_t ge = part.last + 1 <= j ? words[part.last + 1].end
                                       : words[std::min(words.size() - 1, j + 1)].end;
        std::string key = graph::FusionKey(part.symbol, "?");
        Mention& m =
            scan.Add(MentionKind::kFusion, gb, ge, MakeEntityId(EntityKind::kFusion, key),
                     key, "fusion-group");
        m.five_prime = part.symbol;
        m.three_prime = "?";
        m.aliases = GroupAliases(part.symbol);
      }
      size_t pb = words[part.first].begin, pe = words[part.last].end;
      scan.Add(MentionKind::kGene, pb, pe, MakeEntityId(EntityKind::kGene, part.symbol),
               part.symbol, "gene");
    }
    // "KMT2Ar" / "MLLr": a fusion gene glued to a final 'r'.
    if (parts.empty() && i == j) {
      std::string_view w = word_text(i);
      if (w.size() > 2 && w.back() == 'r') {
        std::string sym = GeneSymbol(w.substr(0, w.size() - 1), true, false);
        if (!sym.empty() && fusion_genes.count(sym) && !negated_before(i)) {
          std::string key = graph::FusionKey(sym, "?");
          Mention& m =
              scan.Add(MentionKind::kFusion, cb, ce,
                       MakeEntityId(EntityKind::kFusion, key), key, "fusion-group");
          m.five_prime = sym;
          m.three_prime = "?";
          m.aliases = GroupAliases(sym);
        }
      }
    }
    // "rearrangement(s) of the PAX5 gene".
    if (!parts.empty() && parts.front().first >= 3 &&
        fusion_genes.count(parts.front().symbol)) {
      size_t f = parts.front().first;
      const std::string& w3 = scan.lower(f - 3);
      if ((w3 == "rearrangement" || w3 == "rearrangements" || w3 == "translocations") &&
          scan.lower(f - 2) == "of" && scan.lower(f - 1) == "the") {
        std::string key = graph::FusionKey(parts.front().symbol, "?");
        Mention& m =
            scan.Add(MentionKind::kFusion, words[f - 3].begin, ce,
                     MakeEntityId(EntityKind::kFusion, key), key, "fusion-group");
        m.five_prime = parts.front().symbol;
        m.three_prime = "?";
        m.aliases = GroupAliases(parts.front().symbol);
      }
    }
    i = j + 1;
  }
}

void Recognizer::Impl::FindCarTProducts(SentenceScan& scan) const {
  if (!scan.has_digit()) return;  // every pattern below needs a digit
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  static const RE2 kCar(
      R"((((?:[A-Z]{2,5}-?\d{1,3}[a-z]?)(?:\s*-?\s*(?:and|/|,|or)\s*[A-Z]{2,5}-?\d{1,3}[a-z]?)*)\s*-?\s*(?:(?:specific|directed|targeted|targeting|redirected)\s+)?(?:CAR[- ]?T(?:[- ](?i:cells?|cell therapy))?|CAR (?:construct|transgene))(?:\s+(?:also\s+)?expressing\s+(?:an?\s+)?([A-Za-z0-9]+))?))");
  static const RE2 kAntigen(R"(([A-Z]{2,5}-?\d{1,3}[a-z]?))");
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece whole;
  std::string antigens, marker;
  while (RE2::FindAndConsume(&input, kCar, &whole, &antigens, &marker)) {
    size_t b = whole.data() - text.data(), e = b + whole.size();
    std::vector<std::string> symbols;
    re2::StringPiece ain(antigens);
    std::string token;
    bool all_genes = true;
    while (RE2::FindAndConsume(&ain, kAntigen, &token)) {
      std::string sym = GeneSymbol(token, true, false);
      if (sym.empty()) {
        all_genes = false;
        break;
      }
      if (std::find(symbols.begin(), symbols.end(), sym) == symbols.end()) {
        symbols.push_back(sym);
      }
    }
    if (!all_genes || symbols.empty()) continue;
    std::string label;
    for (const std::string& sym : symbols) label += (label.empty() ? "" : "/") + sym;
    label += " CAR-T cells";
    if (!marker.empty()) label += " (" + marker + ")";
    Mention& m = scan.Add(MentionKind::kDrug, b, e,
                          MakeEntityId(EntityKind::kDrug, label), label, "car-t-product");
    for (const std::string& sym : symbols) {
      m.class_targets.push_back(MakeEntityId(EntityKind::kGene, sym));
    }
    m.class_relation = "targets";
  }
}

void Recognizer::Impl::FindTargetClasses(SentenceScan& scan) const {
  const std::vector<Word>& words = scan.words();
  auto& ms = scan.mentions();
  size_t n = ms.size();
  for (size_t k = 0; k < n; ++k) {
    const Mention target = ms[k];
    if (target.kind != MentionKind::kGene && target.kind != MentionKind::kGeneFamily) {
      continue;
    }
    size_t wi = scan.WordIndexAt(target.end - 1);
    // "FLT3 tyrosine kinase inhibitors", "JAK kinase inhibition".
    if (wi + 2 < words.size() && scan.lower(wi + 1) == "kinase") wi += 1;
    if (wi + 3 < words.size() && scan.lower(wi + 1) == "tyrosine" &&
        scan.lower(wi + 2) == "kinase") {
      wi += 2;
    }
    if (wi + 1 >= words.size()) continue;
    const std::string& next = scan.lower(wi + 1);
    std::string suffix;
    std::string relation = "inhibits";
    if (next == "inhibitor" || next == "inhibitors" || next == "inhibition") {
      suffix = " inhibitor";
    } else if (next == "antagonist" || next == "antagonists" || next == "antagonism") {
      suffix = " inhibitor";
      relation = "antagonises";
    } else {
      continue;
    }
    size_t b = target.begin, e = words[wi + 1].end;
    // A lexicon class already covering this span wins.
    bool covered = std::any_of(ms.begin(), ms.begin() + n, [&](const Mention& m) {
      return m.kind == MentionKind::kDrugClass && m.begin <= b && m.end >= e;
    });
    if (covered) continue;
    std::string label = target.label + suffix;
    Mention& m = scan.Add(MentionKind::kDrugClass, b, e,
                          MakeEntityId(EntityKind::kDrugClass, label), label,
                          "class-target-inhibitor");
    m.class_targets = {target.entity_id};
    m.class_relation = relation;
  }
}

void Recognizer::Impl::FindDrugCodes(SentenceScan& scan) const {
  if (!scan.has_digit()) return;  // every pattern below needs a digit
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  static const RE2 kCode(R"(\b([A-Z]{2,6}-?\d{2,8}[A-Za-z]?)\b)");
  // Use as an agent: a dose, administration or an arm after it
  // ("XYZ-123 400 mg daily", "XYZ-123 was given", "the XYZ-123 arm"),
  // receiving or combining before it ("received XYZ-123", "rituximab
  // plus XYZ-123").
  static const RE2 kUseAfter(
      R"(^\s*(?:\(\s*)?(?:\d+(?:\.\d+)?\s*(?:mg|µg|mcg|g/m|mg/kg|mg/m)|(?:was|were|is|are)\s+(?:given|administered|dosed|infused)|monotherapy\b|arm\b|(?:plus|in combination with)\s+\w+(?:mab|nib|lib|ciclib|rafenib|platin|taxel|rubicin|mustine|ide)\b))");
  static const RE2 kUseBefore(
      R"((?:received|receiving|treated with|treatment with|administration of|dose of|doses of|plus)\s+$)");
  static const RE2 kAfterClass(R"(^\s*$)");
  static const RE2 kBeforeClass(R"(^\s*(?:,|\()\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$)");
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece code;
  std::vector<Mention> found;
  while (RE2::FindAndConsume(&input, kCode, &code)) {
    size_t b = code.data() - text.data(), e = b + code.size();
    if (scan.Claimed(b, e)) continue;
    std::string_view name(code.data(), code.size());
    if (lex->FindSymbol(name) || !lex->FindAlias(name).empty() ||
        !GeneSymbol(name, true, false).empty()) {
      continue;
    }
    const Mention* anchor = nullptr;
    bool alias = false;
    for (const Mention& m : scan.mentions()) {
      if (m.kind == MentionKind::kDrugClass && m.end <= b &&
          RE2::FullMatch(scan.Text(m.end, b), kAfterClass)) {
        anchor = &m;
      } else if (m.kind == MentionKind::kDrugClass && m.begin >= e &&
                 RE2::FullMatch(scan.Text(e, m.begin), kBeforeClass)) {
        anchor = &m;
      } else if (m.kind == MentionKind::kDrug && m.end <= b &&
                 scan.Text(m.end, b).find_first_not_of(" ([") == std::string_view::npos &&
                 scan.Text(m.end, b).find_first_of("([") != std::string_view::npos) {
        anchor = &m;
        alias = true;
      } else if (m.kind == MentionKind::kDrug && m.begin >= e &&
                 scan.Text(e, m.begin).find_first_not_of(" ([") ==
                     std::string_view::npos &&
                 scan.Text(e, m.begin).find_first_of("([") != std::string_view::npos) {
        // "ABT-199 (venetoclax)": the code first, the INN in brackets.
        anchor = &m;
        alias = true;
      }
    }
    if (!anchor) {
      std::string_view after =
          std::string_view(text).substr(e, std::min<size_t>(sent.end - e, 60));
      std::string_view before = std::string_view(text).substr(sent.begin, b - sent.begin);
      if (before.size() > 40) before = before.substr(before.size() - 40);
      // A regimen with its variant number ("FOLFOX4") is not a code.
      std::string prefix;
      for (char c : name) {
        if (std::isalpha(static_cast<unsigned char>(c)))
          prefix += c;
        else
          break;
      }
      bool regimen = phrases.count(Lower(prefix)) > 0;
      if (!regimen && (RE2::PartialMatch(after, kUseAfter) ||
                       RE2::PartialMatch(before, kUseBefore))) {
        Mention m;
        m.kind = MentionKind::kDrug;
        m.sentence = scan.index();
        m.begin = b;
        m.end = e;
        m.surface = std::string(name);
        m.label = std::string(name);
        m.entity_id = MakeEntityId(EntityKind::kDrug, name);
        m.rule = "drug-code-use";
        found.push_back(std::move(m));
      }
      continue;
    }
    if (!anchor) continue;
    Mention m;
    m.kind = MentionKind::kDrug;
    m.sentence = scan.index();
    m.begin = b;
    m.end = e;
    m.surface = std::string(name);
    if (alias) {
      m.entity_id = anchor->entity_id;
      m.label = anchor->label;
      m.rule = "drug-code-alias";
    } else {
      m.label = std::string(name);
      m.entity_id = MakeEntityId(EntityKind::kDrug, name);
      m.rule = "drug-code-name";
    }
    found.push_back(std::move(m));
  }
  for (Mention& m : found) {
    scan.Claim(m.begin, m.end);
    scan.mentions().push_back(std::move(m));
  }
}

void Recognizer::Impl::FindGenericProtocols(SentenceScan& scan) const {
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  if (scan.has_digit() && scan.SentenceHasWord(kTrialContext)) {
    re2::StringPiece in2(text.data() + sent.begin, sent.end - sent.begin);
    re2::StringPiece match;
    while (RE2::FindAndConsume(&in2, *generic_protocol_re, &match)) {
      size_t b = match.data() - text.data(), e = b + match.size();
      if (scan.Claimed(b, e)) continue;
      std::string_view name = scan.Text(b, e);
      // Not a gene, a drug code or a registry-like token.
      if (lex->FindSymbol(name) || !lex->FindAlias(name).empty()) continue;
      size_t wi = scan.WordIndexAt(b);
      if (!scan.NearWord(wi, wi, 4, kTrialContext)) continue;
      AddProtocol(scan, b, e, "protocol-generic");
    }
  }
}

void Recognizer::Impl::FindStemAgents(SentenceScan& scan) const {
  const std::vector<Word>& words = scan.words();
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = scan.lower(k);
    if (w.size() < 8 || scan.Claimed(words[k].begin, words[k].end)) continue;
    std::string_view orig = scan.Text(words[k].begin, words[k].end);
    if (!AllLowerOrCapitalized(orig) || HasDigit(orig)) continue;
    if (lex->IsCommonWord(w)) continue;
    for (const DrugStem& stem : lex->drug_stems()) {
      // Most stems end in another letter: skip them before comparing.
      if (!stem.suffix.empty() && stem.suffix.back() != w.back()) continue;
      if (w.size() > stem.suffix.size() + 3 &&
          w.compare(w.size() - stem.suffix.size(), stem.suffix.size(), stem.suffix) ==
              0) {
        scan.Claim(words[k].begin, words[k].end);
        scan.Add(MentionKind::kDrug, words[k].begin, words[k].end,
                 MakeEntityId(EntityKind::kDrug, w), w, "drug-stem");
        break;
      }
    }
  }
}

}  // namespace lg::ingest
