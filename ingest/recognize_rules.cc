// The recogniser's rule families that find what needs more than a lexicon
// lookup: spans that are never genes, gene lists and family numbers,
// cytochromes, "Ph+", named trials by shape. Called in order by
// Recognizer::Recognize (recognize.cc).
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <tuple>
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
using recognize_internal::SentenceScan;

namespace {

// Words of a long form that make it a gene's name ("epidermal growth factor
// receptor", "Bruton tyrosine kinase"), and words that make it something
// else even so ("B-cell receptor", "hormone receptor", "hazard ratio").
bool GeneLikeLongForm(std::string_view long_form, std::string_view gene_name) {
  static const std::unordered_set<std::string> kHeads = {
      "receptor",    "receptors", "kinase",      "kinases",   "factor",
      "protein",     "ligand",    "antigen",     "gene",      "oncogene",
      "homolog",     "enzyme",    "transporter", "chemokine", "cytokine",
      "interleukin", "subunit",   "channel",     "inhibitor", "tyrosine"};
  static const std::unordered_set<std::string> kNotGene = {
      "cell",     "cells",        "chimeric",  "hormone",  "ratio",
      "interval", "response",     "remission", "survival", "disease",
      "therapy",  "chemotherapy", "cancer"};
  bool head = false;
  std::string lower = Lower(long_form);
  std::string name = Lower(gene_name);
  std::vector<std::string> name_words;
  for (const Word& w : SplitWords(name, 0, name.size())) {
    if (w.end - w.begin >= 6) name_words.push_back(name.substr(w.begin, w.end - w.begin));
  }
  for (const Word& w : SplitWords(lower, 0, lower.size())) {
    std::string word = lower.substr(w.begin, w.end - w.begin);
    if (kNotGene.count(word)) return false;
    // The gene's own name: "thrombospondin" for THBS1, "neurofibromatosis"
    // for NF1 (neurofibromin): a shared stem of 6 letters or more.
    for (const std::string& nw : name_words) {
      if (word.size() >= 6 && word.compare(0, 6, nw, 0, 6) == 0) head = true;
    }
    if (kHeads.count(word) ||
        (word.size() > 5 && word.compare(word.size() - 3, 3, "ase") == 0)) {
      head = true;
    }
  }
  return head;
}

// True for the name of an organisation: "Eastern Cooperative Oncology
// Group", "Study Group for Lung Cancer", "National Cancer Institute".
bool NamesGroup(std::string_view long_form) {
  static const std::unordered_set<std::string> kGroupWords = {
      "group",    "groups",    "organisation", "organization",
      "society",  "institute", "network",      "consortium",
      "alliance", "council",   "association",  "foundation"};
  std::string lower = Lower(long_form);
  for (const Word& w : SplitWords(lower, 0, lower.size())) {
    if (kGroupWords.count(lower.substr(w.begin, w.end - w.begin))) return true;
  }
  return false;
}

// Names that sit before "trial" without being one: agencies, cooperative
// groups on their own, design words.
const std::unordered_set<std::string> kNotTrialNames = {
    "FDA",      "EMA",        "NCI",  "NIH",  "TKI",  "TKIs",   "RCT",   "RCTs",  "USA",
    "EU",       "UK",         "WHO",  "ECOG", "SWOG", "CALGB",  "NCCTG", "NSABP", "EORTC",
    "MRC",      "COG",        "NCRI", "GOG",  "RTOG", "GCLLSG", "AIO",   "ASCO",  "ESMO",
    "NCCN",     "PDQ",        "HIV",  "CNS",  "ITT",  "OS",     "PFS",   "ORR",   "DFS",
    "EFS",      "MRD",        "ADC",  "ADCs", "CAR",  "DNA",    "RNA",   "PET",   "CT",
    "MRI",      "IHC",        "FISH", "PCR",  "NGS",  "TNM",    "AJCC",  "UICC",  "LOE",
    "COVID-19", "SARS-CoV-2", "SEER", "NCDB", "GWAS", "CRISPR", "SNP",   "SNPs"};

const std::unordered_set<std::string> kTrialWords = {"trial", "trials", "study",
                                                     "studies", "protocol"};

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<std::string> Recognizer::Impl::GroupAliases(const std::string& symbol) const {
  std::vector<std::string> names = {symbol};
  for (const auto& [alias, sym] : lex->overlay()) {
    if (sym != symbol || alias == symbol || alias.size() < 2) continue;
    bool token = std::all_of(alias.begin(), alias.end(), [](unsigned char c) {
      return std::isupper(c) || std::isdigit(c);
    });
    if (token) names.push_back(alias);
  }
  std::sort(names.begin() + 1, names.end());
  std::vector<std::string> out;
  for (const std::string& n : names) {
    for (const char* suffix :
         {"-r", "r", "-rearranged", " rearrangement", " rearrangements"}) {
      out.push_back(n + suffix);
    }
  }
  return out;
}

DocWords Recognizer::Impl::ReadDocWords(const Document& doc) const {
  DocWords dw;
  for (const Sentence& sent : doc.sentences) {
    BlockKind bk = doc.blocks[sent.block].kind;
    if (bk != BlockKind::kParagraph && bk != BlockKind::kTableRow &&
        bk != BlockKind::kCaption && bk != BlockKind::kTableNote) {
      continue;
    }
    for (const Abbreviation& a :
         FindAbbreviations(doc.text.normalized, sent.begin, sent.end)) {
      // "hazard ratio [HR]", "Study Group for Lung Cancer (SGLC)": a plain
      // term or a group, not a trial name.
      if (!HasUpper(a.long_form) || NamesGroup(a.long_form))
        dw.plain.insert(a.short_form);
      // A family word defined as something else: "major molecular response
      // (MMR)" is no mismatch-repair family; "mismatch repair (MMR)" is.
      for (const GeneFamilyEntry& f : lex->gene_families()) {
        if (f.id != a.short_form) continue;
        bool named =
            GeneLikeLongForm(a.long_form, "") ||
            std::any_of(f.aliases.begin(), f.aliases.end(), [&](const std::string& x) {
              return Lower(x) == Lower(a.long_form);
            });
        if (!named) dw.non_genes.insert(a.short_form);
      }
      std::string symbol = GeneSymbol(a.short_form, true, false);
      if (symbol.empty()) continue;
      const GeneEntry* gene = lex->FindSymbol(symbol);
      // A long form the overlay lists for the gene ("mixed lineage
      // leukemia (MLL)") names it whatever its words.
      bool curated =
          std::any_of(lex->overlay().begin(), lex->overlay().end(), [&](const auto& o) {
            return o.second == symbol && Lower(o.first) == Lower(a.long_form);
          });
      if (!curated && !GeneLikeLongForm(a.long_form, gene ? gene->name : "")) {
        dw.non_genes.insert(a.short_form);
      }
    }
  }
  return dw;
}

void Recognizer::Impl::ClaimInitials(SentenceScan& scan) const {
  // "DC, SPS, ECS, SR, and REL": people's initials, a list of four or more
  // capital groups most of which are no gene symbol.
  static const RE2 kInitials(R"(\b([A-Z]{2,4}(?:,\s+(?:and\s+)?[A-Z]{2,4}\b){3,}))");
  static const RE2 kToken(R"(([A-Z]{2,4}))");
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece match;
  while (RE2::FindAndConsume(&input, kInitials, &match)) {
    re2::StringPiece tokens = match;
    std::string token;
    size_t count = 0, genes = 0;
    while (RE2::FindAndConsume(&tokens, kToken, &token)) {
      ++count;
      if (FindSymbolOrOverlay(token)) ++genes;
    }
    size_t b = match.data() - text.data();
    if (2 * genes < count) scan.Claim(b, b + match.size());
  }
}

void Recognizer::Impl::ClaimEvidenceGrades(SentenceScan& scan) const {
  // "[Level of evidence A1]", "(level of evidence: 2A)", "Level of Evidence C3, B1".
  static const RE2 kGrade(
      R"((?i)(\blevels? of evidence\s*:?\s*[A-Za-z0-9]{1,4}(?:\s*(?:,|and|or)\s*[A-Za-z0-9]{1,4}\b)*))");
  if (!scan.SentenceHasIgnoringCase("evidence")) return;  // the pattern needs it
  const Sentence& sent = scan.sentence();
  const std::string& text = scan.text();
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece match;
  while (RE2::FindAndConsume(&input, kGrade, &match)) {
    size_t b = match.data() - text.data();
    scan.Claim(b, b + match.size());
  }
}

namespace {

// The numbers of a list or range: "1, 2 and 3", "4/6", "1-4". Empty when the
// text is not one; ranges longer than 6 are not expanded.
std::vector<std::string> ListNumbers(const std::string& first, std::string_view rest) {
  static const RE2 kItem(R"(\s?(/|-|,|and|or|to)\s?(\d{1,2})\b)");
  std::vector<std::string> out = {first};
  re2::StringPiece input(rest.data(), rest.size());
  std::string sep, num;
  while (RE2::Consume(&input, kItem, &sep, &num)) {
    if (sep == "-" || sep == "to") {
      int a = std::stoi(out.back()), z = std::stoi(num);
      if (z <= a || z - a > 6) return {};
      for (int k = a + 1; k <= z; ++k) out.push_back(std::to_string(k));
    } else {
      out.push_back(num);
    }
  }
  return out;
}

}  // namespace

void Recognizer::Impl::FindFamilyNumbers(SentenceScan& scan) const {
  // A family name followed by member numbers: "VEGF receptor 2", "VEGF
  // receptors 1, 2 and 3", "fibroblast growth factor receptor-4".
  static const RE2 kNumbers(R"(^[- ]?(\d{1,2})((?:\s?(?:/|-|,|and|or)\s?\d{1,2}\b)*))");
  const std::string& text = scan.text();
  const Sentence& sent = scan.sentence();
  std::vector<Mention> added;
  for (Mention& m : scan.mentions()) {
    if (m.kind != MentionKind::kGeneFamily) continue;
    re2::StringPiece input(text.data() + m.end, sent.end - m.end);
    re2::StringPiece whole = input;
    std::string first, rest;
    if (!RE2::Consume(&input, kNumbers, &first, &rest)) continue;
    if (m.end + (input.data() - whole.data()) < sent.end &&
        std::isalnum(static_cast<unsigned char>(*input.data()))) {
      continue;
    }
    std::vector<std::string> symbols;
    for (const std::string& n : ListNumbers(first, rest)) {
      std::string sym = GeneSymbol(m.label + n, true, false);
      if (sym.empty()) {
        symbols.clear();
        break;
      }
      symbols.push_back(sym);
    }
    if (symbols.empty()) continue;
    size_t e = input.data() - text.data();
    scan.Claim(m.end, e);
    m.end = e;
    m.surface = std::string(scan.Text(m.begin, e));
    m.kind = MentionKind::kGene;
    m.rule = "gene-family-number";
    for (size_t k = 0; k < symbols.size(); ++k) {
      Mention g = m;
      g.entity_id = MakeEntityId(EntityKind::kGene, symbols[k]);
      g.label = symbols[k];
      if (k == 0) {
        m = g;
      } else {
        added.push_back(std::move(g));
      }
    }
  }
  for (Mention& g : added) scan.mentions().push_back(std::move(g));
}

namespace recognize_internal {

bool HasNumberList(std::string_view text) {
  auto digit = [&](size_t i) {
    return i < text.size() && text[i] >= '0' && text[i] <= '9';
  };
  auto space = [&](size_t i) {
    return i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                               text[i] == '\f' || text[i] == '\r');
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (!digit(i)) continue;
    for (size_t j : {i + 1, i + 2}) {
      if (j == i + 2 && !space(i + 1)) break;
      for (std::string_view sep : {"/", "-", ",", "and", "or", "to"}) {
        if (text.substr(std::min(j, text.size()), sep.size()) != sep) continue;
        const size_t k = j + sep.size();
        if (digit(k) || (space(k) && digit(k + 1))) return true;
      }
    }
  }
  return false;
}

}  // namespace recognize_internal

void Recognizer::Impl::FindGeneLists(SentenceScan& scan) const {
  // "JAK1/2", "FGFR1-4", "HER2/3", "CD19/22" (glued) and "CDK 4 and 6".
  static const RE2 kGlued(
      R"(\b([A-Z][A-Za-z]{1,6}?)(\d{1,2})((?:\s?(?:/|-|,|and|or|to)\s?\d{1,2}\b)+))");
  static const RE2 kSpaced(
      R"(\b([A-Z]{2,6}) (\d{1,2})((?:\s?(?:/|,|and|or)\s?\d{1,2}\b)+))");
  const std::string& text = scan.text();
  const Sentence& sent = scan.sentence();
  // Both patterns need a number list; checking for one is far cheaper.
  if (!recognize_internal::HasNumberList(
          std::string_view(text).substr(sent.begin, sent.end - sent.begin))) {
    return;
  }
  for (const RE2* re : {&kGlued, &kSpaced}) {
    re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
    re2::StringPiece whole;
    std::string stem, first, rest;
    std::vector<std::pair<size_t, size_t>> spans;
    std::vector<std::vector<std::string>> lists;
    while (RE2::FindAndConsume(&input, *re, &stem, &first, &rest)) {
      size_t e = input.data() - text.data();
      size_t b = e - stem.size() - first.size() - rest.size() - (re == &kSpaced ? 1 : 0);
      if (scan.Claimed(b, e)) continue;
      // "FGFR1-4-positive", "JAK1/2-mutant" still list genes; "CD19/22a" does not.
      if (e < sent.end && std::isalnum(static_cast<unsigned char>(text[e]))) continue;
      std::vector<std::string> symbols;
      for (const std::string& n : ListNumbers(first, rest)) {
        bool head = symbols.empty();
        std::string sym = GeneSymbol(stem + n, !head || re == &kSpaced, false);
        if (sym.empty() || (head && !FindSymbolOrOverlay(stem + n))) {
          symbols.clear();
          break;
        }
        if (std::find(symbols.begin(), symbols.end(), sym) == symbols.end())
          symbols.push_back(sym);
      }
      if (symbols.size() < 2) continue;
      spans.emplace_back(b, e);
      lists.push_back(std::move(symbols));
    }
    static const RE2 kFusionAfter(
        R"(^[- ](?:gene )?(fusions?|rearrangements?|rearranged|fusion-positive))");
    for (size_t k = 0; k < spans.size(); ++k) {
      auto [b, e] = spans[k];
      scan.Claim(b, e);
      // "NTRK1-3 fusions": a rearrangement group of each gene.
      re2::StringPiece after(text.data() + e, sent.end - e);
      std::string word;
      bool fusion = RE2::PartialMatch(after, kFusionAfter, &word);
      for (const std::string& sym : lists[k]) {
        scan.Add(MentionKind::kGene, b, e, MakeEntityId(EntityKind::kGene, sym), sym,
                 "gene-list");
        if (!fusion) continue;
        std::string key = graph::FusionKey(sym, "?");
        Mention& m =
            scan.Add(MentionKind::kFusion, b, e, MakeEntityId(EntityKind::kFusion, key),
                     key, "fusion-group-list");
        m.five_prime = sym;
        m.three_prime = "?";
        m.aliases = GroupAliases(sym);
      }
    }
  }
}

void Recognizer::Impl::FindCytochromes(SentenceScan& scan) const {
  // "CYP450 3A4", "cytochrome P450 isoenzyme 3A4": the enzyme CYP3A4.
  static const RE2 kCyp(
      R"(\b((?:CYP ?450|[Cc]ytochrome P-?450)(?:\s+(?:isoenzyme|isozyme|isoform|enzyme))?\s+([1-9][0-9]?[A-Z][0-9]{1,2})\b))");
  if (!scan.SentenceHas("450")) return;  // the pattern needs it
  const std::string& text = scan.text();
  const Sentence& sent = scan.sentence();
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece whole;
  std::string member;
  std::vector<std::tuple<size_t, size_t, std::string>> found;
  while (RE2::FindAndConsume(&input, kCyp, &whole, &member)) {
    size_t b = whole.data() - text.data(), e = b + whole.size();
    std::string symbol = "CYP" + member;
    if (scan.Claimed(b, e) || !lex->FindSymbol(symbol)) continue;
    found.emplace_back(b, e, symbol);
  }
  for (const auto& [b, e, symbol] : found) {
    scan.Claim(b, e);
    scan.Add(MentionKind::kGene, b, e, MakeEntityId(EntityKind::kGene, symbol), symbol,
             "gene-cytochrome");
  }
}

void Recognizer::Impl::FindPhiladelphia(SentenceScan& scan) const {
  // "Ph+", "Ph-positive", "Ph chromosome": the fusion the lexicon names
  // "Philadelphia chromosome". Not "Ph-negative", "Ph-like".
  if (ph.five.empty() || !scan.SentenceHas("Ph")) return;
  static const RE2 kPh(R"(\b(Ph(?:\+|[- ]positive|[- ]chromosome(?:[- ]positive)?)))");
  const std::string& text = scan.text();
  const Sentence& sent = scan.sentence();
  re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
  re2::StringPiece match;
  std::vector<std::pair<size_t, size_t>> spans;
  while (RE2::FindAndConsume(&input, kPh, &match)) {
    size_t b = match.data() - text.data(), e = b + match.size();
    if (scan.Claimed(b, e) || FollowedByNegation(text, e, sent.end)) continue;
    spans.emplace_back(b, e);
  }
  std::string key = graph::FusionKey(ph.five, ph.three);
  for (auto [b, e] : spans) {
    scan.Claim(b, e);
    Mention& m = scan.Add(MentionKind::kFusion, b, e,
                          MakeEntityId(EntityKind::kFusion, key), key, "fusion-name");
    m.five_prime = ph.five;
    m.three_prime = ph.three;
  }
}

bool Recognizer::Impl::TrialNameShape(std::string_view token, const DocWords& dw) const {
  if (token.size() < 3 || token.size() > 24) return false;
  if (!std::isupper(static_cast<unsigned char>(token[0]))) return false;
  size_t letters = 0, capitals = 0, digits = 0;
  size_t start = 0;
  while (start <= token.size()) {
    size_t end = token.find('-', start);
    if (end == std::string_view::npos) end = token.size();
    std::string_view part = token.substr(start, end - start);
    if (part.empty()) return false;
    size_t upper = 0, lower = 0, digit = 0;
    for (unsigned char c : part) {
      if (std::isupper(c))
        ++upper;
      else if (std::islower(c))
        ++lower;
      else if (std::isdigit(c))
        ++digit;
      else
        return false;
    }
    // A part is capitals and digits ("DESTINY", "N9741", "3"), a capitalised
    // word with digits ("Breast03"), a word with inner capitals
    // ("CodeBreaK"), or capitals and digits ending in one small letter
    // ("TDM4370g").
    bool caps = lower == 0;
    bool with_digits = std::isupper(static_cast<unsigned char>(part[0])) && digit > 0;
    bool camel = std::isupper(static_cast<unsigned char>(part[0])) && upper >= 2;
    bool tail =
        lower == 1 && std::islower(static_cast<unsigned char>(part.back())) && digit > 0;
    if (!(caps || with_digits || camel || tail)) return false;
    letters += upper + lower;
    capitals += upper;
    digits += digit;
    start = end + 1;
  }
  if (capitals < 2) return false;
  if (digits == 0 && letters < 4) return false;  // "CRC", "TKI": too short alone
  std::string t(token);
  // Variants ("G12C", "V600E") and compounds with a gene ("EGFR-TKI").
  static const RE2 kVariant(R"([A-Z]\d{1,4}[A-Z])");
  if (RE2::FullMatch(t, kVariant)) return false;
  if (t.find('-') != std::string::npos) {
    for (const Word& w : SplitWords(t, 0, t.size())) {
      if (FindSymbolOrOverlay(t.substr(w.begin, w.end - w.begin))) return false;
    }
  }
  if (IsRomanNumeral(t) || kNotTrialNames.count(t) || dw.plain.count(t) ||
      dw.non_genes.count(t)) {
    return false;
  }
  if (lex->IsAmbiguous(t) || FindSymbolOrOverlay(t)) return false;
  return true;
}

void Recognizer::Impl::FindNamedTrials(SentenceScan& scan, const DocWords& dw) const {
  const auto& words = scan.words();
  const std::string& text = scan.text();
  std::vector<std::pair<size_t, size_t>> found;
  // The hyphen compound ending with word `last`: its first word.
  auto compound_start = [&](size_t last) {
    size_t first = last;
    while (first > 0 && scan.Text(words[first - 1].end, words[first].begin) == "-")
      --first;
    return first;
  };
  // The name ending with word `last`, as [first word, last word], or false.
  auto name_at = [&](size_t last, size_t* first_out) -> bool {
    size_t first = compound_start(last);
    std::string_view token = scan.Text(words[first].begin, words[last].end);
    if (scan.Claimed(words[first].begin, words[last].end)) return false;
    if (TrialNameShape(token, dw)) {
      // "MRC OE05", "CodeBreaK 300": a second word after a name is kept
      // below; a group before the name stays out.
      *first_out = first;
      return true;
    }
    // "CodeBreaK 300", "ELEVATE TN", "CALGB 80405", "EMR 62202-013": a name
    // or group code and a number or short code.
    bool number = AllDigits(scan.lower(last)) && scan.lower(last).size() >= 2;
    bool short_code = !number && first == last && token.size() <= 3 &&
                      std::all_of(token.begin(), token.end(),
                                  [](unsigned char c) { return std::isupper(c); });
    if ((number || short_code) && first > 0 &&
        scan.Text(words[first - 1].end, words[first].begin) == " ") {
      size_t p = first - 1;
      size_t pf = compound_start(p);
      std::string_view prev = scan.Text(words[pf].begin, words[p].end);
      bool group = prev.size() >= 2 && prev.size() <= 8 &&
                   std::all_of(prev.begin(), prev.end(), [](unsigned char c) {
                     return std::isupper(c) || c == '/';
                   });
      if ((TrialNameShape(prev, dw) ||
           (number && group && !FindSymbolOrOverlay(std::string(prev)) &&
            !lex->IsAmbiguous(prev))) &&
          !scan.Claimed(words[pf].begin, words[last].end)) {
        *first_out = pf;
        return true;
      }
      // "Intergroup study 80405": a capitalised word, study, number.
      if (number && pf == p && kTrialWords.count(scan.lower(p)) && p > 0 &&
          std::isupper(static_cast<unsigned char>(text[words[p - 1].begin])) &&
          scan.Text(words[p - 1].end, words[p].begin) == " " &&
          !lex->IsCommonWord(scan.lower(p - 1)) && scan.lower(p - 1) != "the") {
        *first_out = p - 1;
        return true;
      }
    }
    return false;
  };
  for (size_t k = 1; k < words.size(); ++k) {
    // "Intergroup study 80405": a capitalised word, study, a number.
    if (kTrialWords.count(scan.lower(k)) && k + 1 < words.size() &&
        AllDigits(scan.lower(k + 1)) && scan.lower(k + 1).size() >= 3 &&
        scan.Text(words[k].end, words[k + 1].begin) == " ") {
      size_t first = 0;
      if (name_at(k + 1, &first) && first + 1 == k) {
        found.emplace_back(words[first].begin, words[k + 1].end);
      }
    }
    // 1. A name before trial/study/protocol: "the NALA trial", "(PRIME) study".
    if (kTrialWords.count(scan.lower(k))) {
      std::string_view gap = scan.Text(words[k - 1].end, words[k].begin);
      size_t first = 0;
      if ((gap == " " || gap == ") ") && name_at(k - 1, &first)) {
        found.emplace_back(words[first].begin, words[k - 1].end);
        // "the EMILIA or TDM4370g study": the other name too.
        if (first >= 2 &&
            (scan.lower(first - 1) == "or" || scan.lower(first - 1) == "and")) {
          size_t other = 0;
          if (name_at(first - 2, &other))
            found.emplace_back(words[other].begin, words[first - 2].end);
        }
      }
    }
  }
  // 2. A name right before a registry id: "ALPHA-7 (NCT01234567)", "BETA
  // [NCT07654321]", "The Garnet Study (XYZ 12345-678 [NCT01111111])".
  for (const Mention& r : scan.mentions()) {
    if (r.kind != MentionKind::kTrial || r.trial_form != "registry") continue;
    size_t w = words.size();
    for (size_t k = 0; k < words.size(); ++k) {
      if (words[k].end <= r.begin) w = k;
    }
    if (w == words.size()) continue;
    std::string_view gap = scan.Text(words[w].end, r.begin);
    if (gap != " (" && gap != "(" && gap != " [" && gap != "[") continue;
    size_t first = 0;
    if (name_at(w, &first)) {
      found.emplace_back(words[first].begin, words[w].end);
      // "The Garnet Study (XYZ 12345-678 [NCT...])": the study's own name.
      if (first >= 2 && scan.Text(words[first - 1].end, words[first].begin) == " (") {
        size_t s = first - 1;
        if (kTrialWords.count(scan.lower(s)) &&
            std::isupper(static_cast<unsigned char>(text[words[s].begin])) &&
            scan.Text(words[s - 1].end, words[s].begin) == " " &&
            std::isupper(static_cast<unsigned char>(text[words[s - 1].begin])) &&
            !scan.Claimed(words[s - 1].begin, words[s].end)) {
          found.emplace_back(words[s - 1].begin, words[s].end);
        }
      }
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (auto [b, e] : found) {
    if (scan.Claimed(b, e)) continue;
    std::string name(scan.Text(b, e));
    scan.Claim(b, e);
    scan.Add(MentionKind::kTrial, b, e, MakeEntityId(EntityKind::kTrial, name), name,
             "trial-name-shape")
        .trial_form = "name";
  }
}

}  // namespace lg::ingest
