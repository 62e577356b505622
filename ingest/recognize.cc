#include "ingest/recognize.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

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
std::string VariantKey(std::string_view s) {
  std::string key;
  for (char c : s) {
    if (c == '-' || c == ' ' || c == '.') continue;
    key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return key;
}
}  // namespace

std::string Recognizer::Impl::VariantSymbol(std::string_view s) const {
  size_t capitals =
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); });
  // A spelling with a digit or a hyphen: an all-capital word ("HERA") is
  // the alias itself, matched (with its context rule) above.
  bool marked = HasDigit(s) || s.find('-') != std::string_view::npos;
  if (!marked || capitals == 0 || lex->IsCommonWord(s) || lex->IsAmbiguous(s)) return "";
  std::string key = VariantKey(s);
  if (key == s) return "";
  // "CAR-T" is not the alias "CART": the key must not be a word itself.
  if (key.size() < 4 || lex->IsCommonWord(key)) return "";
  auto it = variants.find(key);
  if (it == variants.end() || it->second.empty()) return "";
  if (lex->IsAmbiguous(it->second)) return "";
  return it->second;
}

void Recognizer::Impl::AddPhrase(std::string_view text, PhraseTarget target) {
  // Words drop punctuation, so a phrase whose symbols carry meaning ("MRD+",
  // "CD34+") cannot be matched faithfully: it is left out.
  if (text.find_first_of("+%=<>#&") != std::string_view::npos) return;
  std::vector<Word> words = SplitWords(text, 0, text.size());
  if (words.empty()) return;
  std::string key;
  target.exact_tokens.clear();
  for (const Word& w : words) {
    std::string_view token = text.substr(w.begin, w.end - w.begin);
    if (!key.empty()) key += ' ';
    key += Lower(token);
    bool all_upper = token.size() >= 2 && HasUpper(token) &&
                     std::none_of(token.begin(), token.end(),
                                  [](unsigned char c) { return std::islower(c); });
    target.exact_tokens.push_back(all_upper ? std::string(token) : "");
  }
  max_phrase_words = std::max(max_phrase_words, words.size());
  for (size_t pos = key.find(' '); pos != std::string::npos;
       pos = key.find(' ', pos + 1)) {
    phrase_prefixes.insert(key.substr(0, pos));
  }
  phrase_prefixes.insert(key);
  auto& list = phrases[key];
  for (const auto& existing : list) {
    if (existing.id == target.id && existing.kind == target.kind) return;
  }
  list.push_back(std::move(target));
}

std::string Recognizer::Impl::GeneSymbol(std::string_view s, bool context,
                                         bool italic) const {
  if (s.size() < 2) return "";
  if (const GeneEntry* sym = lex->FindSymbol(s)) {
    if (lex->IsAmbiguous(s) && !context && !italic) return "";
    // "C2", "HR", "WG": two-letter symbols are mostly something else.
    if (s.size() <= 2 && !context && !italic) return "";
    return sym->symbol;
  }
  // Curated overlay aliases: always (MLL, AF4, BCL-2, menin).
  if (auto it = overlay_lower.find(Lower(s)); it != overlay_lower.end()) {
    return it->second;
  }
  // A family word ("RAF", "MEK") is the family, never one gene's alias.
  if (family_words.count(std::string(s))) return "";
  // Looked up only now: most words are settled by the two lookups above.
  std::vector<const GeneEntry*> hits = lex->FindAlias(s);
  if (hits.empty()) {
    // "CD-19", "IL-7": the symbol printed with a hyphen before its number.
    size_t dash = s.find('-');
    if (dash != std::string_view::npos && dash >= 2 && dash + 1 < s.size() &&
        s.find('-', dash + 1) == std::string_view::npos &&
        std::isdigit(static_cast<unsigned char>(s[dash + 1])) &&
        std::isupper(static_cast<unsigned char>(s[dash - 1]))) {
      std::string joined =
          std::string(s.substr(0, dash)) + std::string(s.substr(dash + 1));
      if (lex->FindSymbol(joined) && !lex->IsAmbiguous(joined)) return joined;
    }
    return VariantSymbol(s);
  }
  // FindAlias returns the overlay alone when the overlay names the alias.
  if (hits.size() == 1 && lex->IsOverlayAlias(s)) return hits[0]->symbol;
  if (hits.size() != 1) return "";
  if (s.size() < 3 || lex->IsAmbiguous(s) || lex->IsCommonWord(s)) return "";
  if (!HasUpper(s) || !(context || italic)) return "";
  return hits[0]->symbol;
}

std::string Recognizer::Impl::KaryotypeKey(std::string_view raw) const {
  std::string key;
  for (char c : raw) {
    if (c != ' ') key += c;
  }
  return key;
}

Recognizer::Recognizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Recognizer::~Recognizer() = default;

Result<std::unique_ptr<Recognizer>> Recognizer::Create(const Lexicon& lex) {
  auto impl = std::make_unique<Impl>();
  impl->lex = &lex;

  for (const auto& d : lex.drugs()) {
    PhraseTarget t{MentionKind::kDrug,
                   MakeEntityId(EntityKind::kDrug, d.name),
                   d.name,
                   "drug-lexicon",
                   {},
                   {},
                   ""};
    impl->AddPhrase(d.name, t);
    for (const auto& a : d.aliases) impl->AddPhrase(a, t);
  }
  for (const auto& c : lex.drug_classes()) {
    PhraseTarget t{MentionKind::kDrugClass,
                   MakeEntityId(EntityKind::kDrugClass, c.name),
                   c.name,
                   "class-lexicon",
                   {},
                   {},
                   c.relation};
    for (const auto& target : c.targets) {
      if (lex.FindSymbol(target)) {
        t.class_targets.push_back(MakeEntityId(EntityKind::kGene, target));
      } else if (std::any_of(lex.gene_families().begin(), lex.gene_families().end(),
                             [&](const GeneFamilyEntry& f) { return f.id == target; })) {
        t.class_targets.push_back(MakeEntityId(EntityKind::kGeneFamily, target));
      } else {
        t.class_targets.push_back(MakeEntityId(EntityKind::kProcess, target));
      }
    }
    std::vector<std::string> forms = c.aliases;
    forms.push_back(c.name);
    for (const auto& f : forms) {
      impl->AddPhrase(f, t);
      impl->AddPhrase(Pluralize(f), t);
    }
  }
  for (const auto& f : lex.gene_families()) {
    impl->family_words.insert(f.id);
    for (const auto& a : f.aliases) impl->family_words.insert(a);
    if (f.members.size() == 1) {
      impl->single_member[MakeEntityId(EntityKind::kGeneFamily, f.id)] = f.members[0];
    }
    PhraseTarget t{MentionKind::kGeneFamily,
                   MakeEntityId(EntityKind::kGeneFamily, f.id),
                   f.id,
                   "family-lexicon",
                   {},
                   {},
                   ""};
    impl->AddPhrase(f.id, t);
    for (const auto& a : f.aliases) impl->AddPhrase(a, t);
  }
  for (const auto& p : lex.processes()) {
    PhraseTarget t{MentionKind::kProcess,
                   MakeEntityId(EntityKind::kProcess, p),
                   p,
                   "process-lexicon",
                   {},
                   {},
                   ""};
    impl->AddPhrase(p, t);
  }
  for (const auto& c : lex.conditions()) {
    PhraseTarget t{MentionKind::kCondition,
                   MakeEntityId(EntityKind::kCondition, c.name),
                   c.name,
                   "condition-lexicon",
                   {},
                   {},
                   ""};
    impl->AddPhrase(c.name, t);
    for (const auto& a : c.aliases) impl->AddPhrase(a, t);
  }
  for (const auto& tr : lex.trials()) {
    PhraseTarget t{MentionKind::kTrial,
                   MakeEntityId(EntityKind::kTrial, tr.name),
                   tr.name,
                   "trial-lexicon",
                   {},
                   {},
                   ""};
    impl->AddPhrase(tr.name, t);
    for (const auto& a : tr.aliases) impl->AddPhrase(a, t);
  }
  for (const auto& [alias, symbol] : lex.overlay()) {
    // Multi-word or lower-case curated names ("menin", "FLT3 ligand").
    if (alias.find(' ') != std::string::npos || AllLowerOrCapitalized(alias)) {
      if (alias.find(' ') != std::string::npos) {
        PhraseTarget t{MentionKind::kGene,
                       MakeEntityId(EntityKind::kGene, symbol),
                       symbol,
                       "gene-name",
                       {},
                       {},
                       ""};
        impl->AddPhrase(alias, t);
      } else {
        impl->overlay_lower[Lower(alias)] = symbol;
      }
    }
  }
  for (const GeneEntry& g : lex.genes()) {
    auto add = [&](const std::string& form) {
      std::string key = VariantKey(form);
      if (key.size() < 4) return;
      auto [it, inserted] = impl->variants.try_emplace(key, g.symbol);
      if (!inserted && it->second != g.symbol) it->second.clear();
    };
    add(g.symbol);
    for (const std::string& a : g.aliases) add(a);
  }
  for (const auto& [alias, symbol] : lex.overlay()) {
    // The curated overlay decides a shared key ("HER2" is ERBB2).
    std::string key = VariantKey(alias);
    if (key.size() >= 4) impl->variants[key] = symbol;
  }
  for (const auto& kf : lex.known_fusions()) {
    // Names with words ("Philadelphia chromosome"); hyphenated names
    // ("TEL-AML1") are read as compounds of their genes.
    std::string key = graph::FusionKey(kf.five_prime, kf.three_prime);
    PhraseTarget t{MentionKind::kFusion,
                   MakeEntityId(EntityKind::kFusion, key),
                   key,
                   "fusion-name",
                   {},
                   {},
                   ""};
    impl->fusion_partners[t.id] = {kf.five_prime, kf.three_prime};
    for (const auto& a : kf.aliases) {
      if (a.find(' ') != std::string::npos) impl->AddPhrase(a, t);
      if (a == "Philadelphia chromosome") impl->ph = {kf.five_prime, kf.three_prime};
    }
  }
  for (const auto& fg : lex.fusion_genes()) {
    impl->fusion_genes.insert(fg.symbol);
    if (fg.role == "5prime") impl->five_prime_genes.insert(fg.symbol);
  }
  for (const auto& kf : lex.known_fusions()) {
    for (const auto& k : kf.karyotypes) {
      impl->karyotypes[impl->KaryotypeKey(k)] = {kf.five_prime, kf.three_prime};
    }
  }

  RE2::Options opts;
  opts.set_max_mem(64 << 20);
  opts.set_log_errors(false);
  impl->registry_re = std::make_unique<RE2>(
      R"((NCT\d{8}|UMIN\d{5,9}|NTR\d{3,5}|ISRCTN ?\d{8}|ACTRN\d{14}|ChiCTR-?[A-Z]{0,4}-?\d{6,10}|JPRN-[A-Za-z]{2,8}-?\d{6,12}|DRKS\d{8}|CTRI/\d{4}/\d{2,3}/\d{5,6}|EudraCT\s?(?:[Nn]o\.?\s?)?\d{4}-\d{6}-\d{2}|\d{4}-\d{6}-\d{2}))",
      opts);
  // Cooperative-group protocol ids: COG A(ALL|AML...)NNNN, group-number names.
  impl->protocol_re = std::make_unique<RE2>(
      R"(\b(A(?:ALL|AML|HOD|NHL|REN|EWS|OST|RST|CNS|DVL)\d{2}[A-Z0-9]{1,3}|(?:Interfant|UKALL|NOPHO|DCOG|GMALL|GRAALL|HOVON|JPLSG|CCLG|EORTC|AIEOP-BFM|ALL-BFM|AML-BFM|COG|CCG|POG|MRC AML|NCRI AML)[- ]?(?:ALL[- ]?|AML[- ]?)?\d{2,4}(?:/\d{2,4})?)\b)",
      opts);
  // Generic "NAME-NN" protocol names; need trial words in the sentence.
  impl->generic_protocol_re = std::make_unique<RE2>(
      R"(\b([A-Z][A-Z]{2,9}-?\d{2,3}|[A-Z]{3,8}\d{2}|P\d{4})\b)", opts);
  impl->karyotype_re = std::make_unique<RE2>(
      R"(\b((?:t\((?:\d{1,2}|X|Y);(?:\d{1,2}|X|Y)\)|inv\(\d{1,2}\))(?: ?\([pq][\d.]+;?[pq][\d.]+\))?))",
      opts);
  impl->variable_karyotype_re = std::make_unique<RE2>(
      R"(\b(t\(v;(\d{1,2}[pq][\d.]+)\)|t\((\d{1,2}[pq][\d.]+);v\)))", opts);
  for (const RE2* re :
       {impl->registry_re.get(), impl->protocol_re.get(), impl->generic_protocol_re.get(),
        impl->karyotype_re.get(), impl->variable_karyotype_re.get()}) {
    if (!re->ok()) {
      return Status::Internal("ingest: recogniser pattern does not compile: " +
                              re->error());
    }
  }
  return std::unique_ptr<Recognizer>(new Recognizer(std::move(impl)));
}

std::vector<Mention> Recognizer::Recognize(const Document& doc) const {
  const Impl& im = *impl_;
  std::vector<Mention> all;

  // Translocations tied to fusions by the text itself: a table row or
  // sentence holding one karyotype and one fusion (or fusion-partner table).
  std::map<std::string, KnownFusion> doc_karyotypes;
  const DocWords doc_words = im.ReadDocWords(doc);

  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& sent = doc.sentences[si];
    BlockKind bk = doc.blocks[sent.block].kind;
    if (bk != BlockKind::kParagraph && bk != BlockKind::kTableRow &&
        bk != BlockKind::kCaption && bk != BlockKind::kTitle &&
        bk != BlockKind::kHeading && bk != BlockKind::kTableNote) {
      continue;
    }
    SentenceScan scan(doc, si);
    const auto& words = scan.words();
    const std::string& text = doc.text.normalized;

    // 0. Spans that name nothing: "[Level of evidence C2]".
    im.ClaimEvidenceGrades(scan);
    im.ClaimInitials(scan);
    // 1. Registry ids.
    {
      re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
      re2::StringPiece match;
      while (RE2::FindAndConsume(&input, *im.registry_re, &match)) {
        size_t b = match.data() - text.data(), e = b + match.size();
        std::string id(match);
        if (id.rfind("ISRCTN", 0) == 0) {
          id.erase(std::remove(id.begin(), id.end(), ' '), id.end());
        } else if (id.rfind("EudraCT", 0) == 0) {
          id = id.substr(id.find_first_of("0123456789"));
        } else if (std::isdigit(static_cast<unsigned char>(id[0])) &&
                   !scan.NearWord(scan.WordIndexAt(b), scan.WordIndexAt(b), 3,
                                  {"eudract"})) {
          continue;  // a bare 2004-001234-56 is only EudraCT with the word near
        }
        scan.Claim(b, e);
        scan.Add(MentionKind::kTrial, b, e, MakeEntityId(EntityKind::kTrial, id), id,
                 "registry-id")
            .trial_form = "registry";
      }
    }
    // 2. Named protocols: lexicon phrases first (below, with phrases), then
    // group patterns, then generic names in trial context.
    auto add_protocol = [&](size_t b, size_t e, const std::string& rule) {
      std::string name(scan.Text(b, e));
      scan.Claim(b, e);
      scan.Add(MentionKind::kTrial, b, e, MakeEntityId(EntityKind::kTrial, name), name,
               rule)
          .trial_form = "name";
    };

    // 3. Phrases (lexicon): longest match first over words.
    for (size_t i = 0; i < words.size(); ++i) {
      size_t max_n = std::min(im.max_phrase_words, words.size() - i);
      // The keys of the candidates starting at word i, as long as some phrase
      // can continue them; words must be contiguous modulo one separator.
      std::vector<std::string> keys;
      for (size_t k = 0; k < max_n; ++k) {
        std::string key = k ? keys.back() + ' ' : std::string();
        if (k) {
          std::string_view gap = scan.Text(words[i + k - 1].end, words[i + k].begin);
          if (gap.size() > 2 || gap.find_first_not_of(" -/") != std::string_view::npos)
            break;
        }
        key += scan.lower(i + k);
        if (!im.phrase_prefixes.count(key)) break;
        keys.push_back(std::move(key));
      }
      for (size_t n = keys.size(); n >= 1; --n) {
        const std::string& key = keys[n - 1];
        auto it = im.phrases.find(key);
        if (it == im.phrases.end()) continue;
        size_t b = words[i].begin, e = words[i + n - 1].end;
        if (scan.Claimed(b, e)) continue;
        bool matched = false;
        for (const PhraseTarget& t : it->second) {
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
              doc_words.non_genes.count(std::string(scan.Text(b, e)))) {
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
            const KnownFusion& kf = im.fusion_partners.at(t.id);
            m.five_prime = kf.five;
            m.three_prime = kf.three;
          } else if (auto one = im.single_member.find(t.id);
                     one != im.single_member.end()) {
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

    // Genes by number after a family ("VEGF receptors 1, 2 and 3"), gene
    // lists ("JAK1/2", "CDK 4 and 6"), "Ph+".
    im.FindFamilyNumbers(scan);
    im.FindGeneLists(scan);
    im.FindPhiladelphia(scan);
    im.FindCytochromes(scan);

    // Group-number protocol ids and generic names in trial context.
    {
      re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
      re2::StringPiece match;
      while (RE2::FindAndConsume(&input, *im.protocol_re, &match)) {
        size_t b = match.data() - text.data(), e = b + match.size();
        if (!scan.Claimed(b, e)) add_protocol(b, e, "protocol-pattern");
      }
    }

    // 4. Karyotypes. Both patterns start with "t(": skip the two scans in
    // the (most) sentences without it.
    if (std::string_view(text).substr(sent.begin, sent.end - sent.begin).find("t(") !=
            std::string_view::npos ||
        std::string_view(text).substr(sent.begin, sent.end - sent.begin).find("inv(") !=
            std::string_view::npos) {
      re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
      re2::StringPiece match;
      while (RE2::FindAndConsume(&input, *im.karyotype_re, &match)) {
        size_t b = match.data() - text.data(), e = b + match.size();
        if (scan.Claimed(b, e)) continue;
        std::string key = im.KaryotypeKey(match);
        Mention m;
        m.kind = MentionKind::kKaryotype;
        m.sentence = si;
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
      while (
          RE2::FindAndConsume(&in2, *im.variable_karyotype_re, &whole, &band1, &band2)) {
        size_t b = whole.data() - text.data(), e = b + whole.size();
        std::string band = band1.empty() ? band2 : band1;
        std::string gene;
        for (const GeneEntry* g : im.lex->FindByCytoband(band)) {
          if (im.fusion_genes.count(g->symbol)) {
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

    // 5. Compounds: fusions "A-B", groups "A-r"/"A-rearranged", genes.
    // A compound is a run of words joined by '-', '/' or '::' without spaces.
    std::vector<bool> gene_context(words.size(), false);
    for (size_t i = 0; i < words.size(); ++i) {
      gene_context[i] = scan.NearWord(i, i, 3, kGeneContext);
    }
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
          if (doc_words.non_genes.count(std::string(s))) continue;
          std::string sym = im.GeneSymbol(s, ctx, italic);
          if (!sym.empty()) {
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
          bool known = im.fusion_genes.count(a.symbol) || im.fusion_genes.count(b.symbol);
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
          Mention& m = scan.Add(MentionKind::kFusion, fb, fe,
                                MakeEntityId(EntityKind::kFusion, key), key,
                                sep == "::" ? "fusion-hgnc" : "fusion-pair");
          m.five_prime = a.symbol;
          m.three_prime = b.symbol;
          made_pair = true;
        }
      }
      for (const Part& part : parts) {
        int suffix = made_pair ? 0 : group_suffix(part.last + 1);
        bool is_group =
            (suffix == 2 || (suffix == 1 && im.fusion_genes.count(part.symbol))) &&
            !negated_before(part.first) &&
            !(part.first > i && scan.lower(part.first - 1) == "non");
        // "KMT2Ar": symbol glued to 'r'.
        if (is_group) {
          size_t gb = words[part.first].begin;
          size_t ge = part.last + 1 <= j ? words[part.last + 1].end
                                         : words[std::min(words.size() - 1, j + 1)].end;
          std::string key = graph::FusionKey(part.symbol, "?");
          Mention& m =
              scan.Add(MentionKind::kFusion, gb, ge,
                       MakeEntityId(EntityKind::kFusion, key), key, "fusion-group");
          m.five_prime = part.symbol;
          m.three_prime = "?";
          m.aliases = im.GroupAliases(part.symbol);
        }
        size_t pb = words[part.first].begin, pe = words[part.last].end;
        scan.Add(MentionKind::kGene, pb, pe, MakeEntityId(EntityKind::kGene, part.symbol),
                 part.symbol, "gene");
      }
      // "KMT2Ar" / "MLLr": a fusion gene glued to a final 'r'.
      if (parts.empty() && i == j) {
        std::string_view w = word_text(i);
        if (w.size() > 2 && w.back() == 'r') {
          std::string sym = im.GeneSymbol(w.substr(0, w.size() - 1), true, false);
          if (!sym.empty() && im.fusion_genes.count(sym) && !negated_before(i)) {
            std::string key = graph::FusionKey(sym, "?");
            Mention& m =
                scan.Add(MentionKind::kFusion, cb, ce,
                         MakeEntityId(EntityKind::kFusion, key), key, "fusion-group");
            m.five_prime = sym;
            m.three_prime = "?";
            m.aliases = im.GroupAliases(sym);
          }
        }
      }
      // "rearrangement(s) of the PAX5 gene".
      if (!parts.empty() && parts.front().first >= 3 &&
          im.fusion_genes.count(parts.front().symbol)) {
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
          m.aliases = im.GroupAliases(parts.front().symbol);
        }
      }
      i = j + 1;
    }

    // 6a. CAR-T products named by their antigens: "CD19- and CD22 specific
    // CAR-T cells" -> "CD19/CD22 CAR-T cells"; "CD19-CAR T cells also
    // expressing an EGFRt" -> "CD19 CAR-T cells (EGFRt)".
    {
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
          std::string sym = im.GeneSymbol(token, true, false);
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
        Mention& m =
            scan.Add(MentionKind::kDrug, b, e, MakeEntityId(EntityKind::kDrug, label),
                     label, "car-t-product");
        for (const std::string& sym : symbols) {
          m.class_targets.push_back(MakeEntityId(EntityKind::kGene, sym));
        }
        m.class_relation = "targets";
      }
    }

    // 6. "<TARGET> inhibitor(s)" classes for genes and families.
    {
      auto& ms = scan.mentions();
      size_t n = ms.size();
      for (size_t k = 0; k < n; ++k) {
        const Mention target = ms[k];
        if (target.kind != MentionKind::kGene &&
            target.kind != MentionKind::kGeneFamily) {
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
        } else if (next == "antagonist" || next == "antagonists" ||
                   next == "antagonism") {
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

    // 7a. Code names not in the lexicon ("KO-539", "ABC123"): an agent when
    // printed in apposition to a drug class ("the menin inhibitor KO-539",
    // "XYZ-123, a BCL-2 inhibitor"), an alias of a drug when parenthesised
    // right after it ("revumenib (SNDX-5613)").
    {
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
      static const RE2 kBeforeClass(
          R"(^\s*(?:,|\()\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$)");
      re2::StringPiece input(text.data() + sent.begin, sent.end - sent.begin);
      re2::StringPiece code;
      std::vector<Mention> found;
      while (RE2::FindAndConsume(&input, kCode, &code)) {
        size_t b = code.data() - text.data(), e = b + code.size();
        if (scan.Claimed(b, e)) continue;
        std::string_view name(code.data(), code.size());
        if (im.lex->FindSymbol(name) || !im.lex->FindAlias(name).empty() ||
            !im.GeneSymbol(name, true, false).empty()) {
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
                     scan.Text(m.end, b).find_first_not_of(" ([") ==
                         std::string_view::npos &&
                     scan.Text(m.end, b).find_first_of("([") != std::string_view::npos) {
            anchor = &m;
            alias = true;
          } else if (m.kind == MentionKind::kDrug && m.begin >= e &&
                     scan.Text(e, m.begin).find_first_not_of(" ([") ==
                         std::string_view::npos &&
                     scan.Text(e, m.begin).find_first_of("([") !=
                         std::string_view::npos) {
            // "ABT-199 (venetoclax)": the code first, the INN in brackets.
            anchor = &m;
            alias = true;
          }
        }
        if (!anchor) {
          std::string_view after =
              std::string_view(text).substr(e, std::min<size_t>(sent.end - e, 60));
          std::string_view before =
              std::string_view(text).substr(sent.begin, b - sent.begin);
          if (before.size() > 40) before = before.substr(before.size() - 40);
          // A regimen with its variant number ("FOLFOX4") is not a code.
          std::string prefix;
          for (char c : name) {
            if (std::isalpha(static_cast<unsigned char>(c)))
              prefix += c;
            else
              break;
          }
          bool regimen = im.phrases.count(Lower(prefix)) > 0;
          if (!regimen && (RE2::PartialMatch(after, kUseAfter) ||
                           RE2::PartialMatch(before, kUseBefore))) {
            Mention m;
            m.kind = MentionKind::kDrug;
            m.sentence = si;
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
        m.sentence = si;
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

    // 7b. Named trials by shape and generic "NAME-NN" protocol names in
    // trial context, after drug code names have claimed theirs.
    im.FindNamedTrials(scan, doc_words);
    if (scan.SentenceHasWord(kTrialContext)) {
      re2::StringPiece in2(text.data() + sent.begin, sent.end - sent.begin);
      re2::StringPiece match;
      while (RE2::FindAndConsume(&in2, *im.generic_protocol_re, &match)) {
        size_t b = match.data() - text.data(), e = b + match.size();
        if (scan.Claimed(b, e)) continue;
        std::string_view name = scan.Text(b, e);
        // Not a gene, a drug code or a registry-like token.
        if (im.lex->FindSymbol(name) || !im.lex->FindAlias(name).empty()) continue;
        size_t wi = scan.WordIndexAt(b);
        if (!scan.NearWord(wi, wi, 4, kTrialContext)) continue;
        add_protocol(b, e, "protocol-generic");
      }
    }

    // 7. Unknown agents by INN stem.
    for (size_t k = 0; k < words.size(); ++k) {
      const std::string& w = scan.lower(k);
      if (w.size() < 8 || scan.Claimed(words[k].begin, words[k].end)) continue;
      std::string_view orig = scan.Text(words[k].begin, words[k].end);
      if (!AllLowerOrCapitalized(orig) || HasDigit(orig)) continue;
      if (im.lex->IsCommonWord(w)) continue;
      for (const DrugStem& stem : im.lex->drug_stems()) {
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

    for (Mention& m : scan.mentions()) all.push_back(std::move(m));
  }

  // Partners: in a sentence about "partner" genes, the rearranged gene (a
  // fusion gene named before "partner", else the paragraph's group) fuses
  // with each fusion gene the sentence names after that word:
  // "4 partner genes account for 93%: AFF1 (49%), MLLT1 (22%)".
  {
    std::map<size_t, std::string> block_group;  // block -> group gene
    std::vector<Mention> partners;
    std::map<size_t, std::vector<const Mention*>> per_sentence;
    for (const Mention& m : all) per_sentence[m.sentence].push_back(&m);
    for (size_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& sent = doc.sentences[si];
      size_t block = sent.block;
      const auto& ms = per_sentence[si];
      std::string lower = Lower(doc.Slice(sent.begin, sent.end));
      size_t word = std::string::npos;
      for (const char* w : {" partner", "partner"}) {
        size_t pos = lower.find(w);
        if (pos != std::string::npos && (word == std::string::npos || pos < word))
          word = pos;
      }
      if (word != std::string::npos) {
        size_t partner_at = sent.begin + word;
        std::string anchor;
        for (const Mention* m : ms) {
          if (m->kind == MentionKind::kGene && m->end <= partner_at &&
              im.fusion_genes.count(m->label)) {
            anchor = m->label;
          }
        }
        if (anchor.empty() && block_group.count(block)) anchor = block_group[block];
        if (!anchor.empty()) {
          for (const Mention* g : ms) {
            if (g->kind != MentionKind::kGene || g->begin < partner_at ||
                g->label == anchor || !im.fusion_genes.count(g->label)) {
              continue;
            }
            bool in_fusion = std::any_of(ms.begin(), ms.end(), [&](const Mention* f) {
              return f->kind == MentionKind::kFusion && f->begin <= g->begin &&
                     g->end <= f->end;
            });
            if (in_fusion) continue;
            Mention f = *g;
            f.kind = MentionKind::kFusion;
            f.label = graph::FusionKey(anchor, g->label);
            f.entity_id = MakeEntityId(EntityKind::kFusion, f.label);
            f.five_prime = anchor;
            f.three_prime = g->label;
            f.rule = "fusion-partner";
            partners.push_back(std::move(f));
          }
        }
      }
      for (const Mention* m : ms) {
        if (m->kind == MentionKind::kFusion && m->three_prime == "?") {
          block_group[block] = m->five_prime;
        }
      }
    }
    for (Mention& m : partners) all.push_back(std::move(m));
  }

  // Resolve karyotypes: known fusions, then the document's own rows/sentences
  // (a karyotype and exactly one fusion, or a fusion-partner table row), then
  // cytobands among fusion genes.
  std::map<size_t, std::vector<const Mention*>> by_sentence;
  for (const Mention& m : all) by_sentence[m.sentence].push_back(&m);
  for (const auto& [si, ms] : by_sentence) {
    const Mention* karyo = nullptr;
    std::set<std::string> fusions;
    int karyos = 0;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kKaryotype) {
        karyo = m;
        ++karyos;
      }
      if (m->kind == MentionKind::kFusion && m->three_prime != "?")
        fusions.insert(m->label);
    }
    if (karyos != 1 || fusions.size() != 1) continue;
    const Mention* f = nullptr;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kFusion && m->three_prime != "?") f = m;
    }
    doc_karyotypes[im.KaryotypeKey(karyo->surface)] = {f->five_prime, f->three_prime};
  }
  // Fusion-partner tables: a header "<GENE> fusion partner" makes each row's
  // first gene the 3' partner of GENE.
  for (const Table& table : doc.tables) {
    if (table.header.empty()) continue;
    std::string five;
    for (const std::string& h : table.header) {
      std::string lh = Lower(h);
      size_t pos = lh.find("fusion partner");
      if (pos == std::string::npos) continue;
      std::vector<Word> hw = SplitWords(h, 0, pos);
      for (const Word& w : hw) {
        std::string sym = im.GeneSymbol(
            std::string_view(h).substr(w.begin, w.end - w.begin), true, true);
        if (!sym.empty()) five = sym;
      }
    }
    if (five.empty()) continue;
    for (const Table::Row& row : table.rows) {
      std::string three;
      const Mention* karyo = nullptr;
      size_t first_gene_begin = SIZE_MAX;
      for (const Mention& m : all) {
        if (m.sentence != row.sentence) continue;
        if (m.kind == MentionKind::kGene && m.label != five &&
            m.begin < first_gene_begin) {
          three = m.label;
          first_gene_begin = m.begin;
        }
        if (m.kind == MentionKind::kKaryotype) karyo = &m;
      }
      if (three.empty()) continue;
      std::string key = graph::FusionKey(five, three);
      Mention m;
      m.kind = MentionKind::kFusion;
      m.sentence = row.sentence;
      m.begin =
          row.cells.empty() ? doc.sentences[row.sentence].begin : row.cells[0].first;
      m.end = row.cells.empty() ? doc.sentences[row.sentence].end : row.cells[0].second;
      m.entity_id = MakeEntityId(EntityKind::kFusion, key);
      m.label = key;
      m.surface = std::string(doc.Slice(m.begin, m.end));
      m.rule = "fusion-partner-table";
      m.five_prime = five;
      m.three_prime = three;
      all.push_back(m);
      if (karyo) doc_karyotypes[im.KaryotypeKey(karyo->surface)] = {five, three};
    }
  }

  auto resolve_by_bands = [&](std::string_view raw) -> std::optional<KnownFusion> {
    // t(4;11)(q21;q23): chromosome a with band p, chromosome b with band q.
    static const RE2 parts_re(R"(t\((\w+);(\w+)\) ?\(([pq][\d.]+);([pq][\d.]+)\))");
    std::string c1, c2, b1, b2;
    if (!RE2::FullMatch(raw, parts_re, &c1, &c2, &b1, &b2)) return std::nullopt;
    auto unique_fusion_gene = [&](const std::string& band) -> std::string {
      std::string found;
      for (const GeneEntry* g : im.lex->FindByCytoband(band)) {
        if (!im.fusion_genes.count(g->symbol)) continue;
        if (!found.empty() && found != g->symbol) return "";
        found = g->symbol;
      }
      return found;
    };
    std::string g1 = unique_fusion_gene(c1 + b1), g2 = unique_fusion_gene(c2 + b2);
    if (g1.empty() || g2.empty() || g1 == g2) return std::nullopt;
    if (im.five_prime_genes.count(g2) && !im.five_prime_genes.count(g1))
      std::swap(g1, g2);
    return KnownFusion{g1, g2};
  };

  for (Mention& m : all) {
    if (m.kind != MentionKind::kKaryotype) continue;
    std::string key = im.KaryotypeKey(m.surface);
    std::optional<KnownFusion> kf;
    if (auto it = im.karyotypes.find(key); it != im.karyotypes.end()) kf = it->second;
    if (!kf) {
      if (auto it = doc_karyotypes.find(key); it != doc_karyotypes.end()) kf = it->second;
    }
    if (!kf) {
      // A short form "t(4;11)" matches a longer one of the text or lexicon
      // when exactly one fits.
      std::set<std::pair<std::string, std::string>> fits;
      const std::map<std::string, KnownFusion>* tables[] = {&doc_karyotypes,
                                                            &im.karyotypes};
      for (const auto* table : tables) {
        for (const auto& [k, v] : *table) {
          if (k.rfind(key, 0) == 0) fits.insert({v.five, v.three});
        }
      }
      if (fits.size() == 1) kf = KnownFusion{fits.begin()->first, fits.begin()->second};
    }
    if (!kf) kf = resolve_by_bands(key);
    if (!kf) continue;
    std::string fkey = graph::FusionKey(kf->five, kf->three);
    m.entity_id = MakeEntityId(EntityKind::kFusion, fkey);
    m.label = fkey;
    m.five_prime = kf->five;
    m.three_prime = kf->three;
    m.rule = "karyotype";
  }
  all.erase(std::remove_if(all.begin(), all.end(),
                           [](const Mention& m) {
                             return m.kind == MentionKind::kKaryotype &&
                                    m.entity_id.empty();
                           }),
            all.end());
  // Stable sort of indices, then the permutation applied in place, one move
  // per mention (plus one per cycle): a Mention is large (several strings),
  // and moving them inside the sort costs more than the comparisons, while a
  // second vector would add a copy of them all to the peak memory. Same
  // order as a stable_sort of `all` itself.
  std::vector<size_t> order(all.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&all](size_t x, size_t y) {
    const Mention& a = all[x];
    const Mention& b = all[y];
    return std::tie(a.sentence, a.begin, a.end) < std::tie(b.sentence, b.begin, b.end);
  });
  // Position i takes all[order[i]]; a placed position is marked order[i] = i.
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] == i) continue;
    Mention held = std::move(all[i]);
    size_t j = i;
    while (order[j] != i) {
      size_t from = order[j];
      all[j] = std::move(all[from]);
      order[j] = j;
      j = from;
    }
    all[j] = std::move(held);
    order[j] = j;
  }
  return all;
}

std::vector<Mention> Recognizer::RecognizeReferences(const Document& doc) const {
  std::vector<size_t> entry_blocks;
  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (b.kind == BlockKind::kReferenceEntry && b.begin < b.end) {
      entry_blocks.push_back(bi);
    }
  }
  if (entry_blocks.empty()) return {};
  // The entries are doc.references in order; when they pair up, only an
  // entry's title is read where the parser found it in the entry (author
  // initials such as "AR" or "TF" are not genes), else what follows its
  // last author, else the whole entry.
  const bool paired = doc.references.size() == entry_blocks.size();
  // A document of the entries alone: each one paragraph of one sentence, over
  // the same text, so offsets stay valid.
  Document entries;
  entries.text = doc.text;
  for (size_t i = 0; i < entry_blocks.size(); ++i) {
    const Block& b = doc.blocks[entry_blocks[i]];
    size_t begin = b.begin, end = b.end;
    if (paired) {
      const graph::Reference& r = doc.references[i];
      std::string_view text = doc.Slice(b.begin, b.end);
      size_t at = r.title.empty() ? std::string_view::npos : text.find(r.title);
      size_t last_author =
          r.authors.empty() ? std::string_view::npos : text.find(r.authors.back());
      if (at != std::string_view::npos) {
        begin = b.begin + at;
        end = begin + r.title.size();
      } else if (last_author != std::string_view::npos) {
        begin = b.begin + last_author + r.authors.back().size();  // after the authors
      }
    }
    Sentence sentence;
    sentence.begin = begin;
    sentence.end = end;
    sentence.block = entries.blocks.size();
    Block& block = entries.blocks.emplace_back(b);
    block.kind = BlockKind::kParagraph;
    block.begin = begin;
    block.end = end;
    entries.sentences.push_back(std::move(sentence));
  }
  std::vector<Mention> mentions = Recognize(entries);
  for (Mention& m : mentions) m.sentence = entry_blocks[m.sentence];
  return mentions;
}

std::string_view MentionKindName(MentionKind kind) {
  switch (kind) {
    case MentionKind::kGene:
      return "gene";
    case MentionKind::kGeneFamily:
      return "gene_family";
    case MentionKind::kProcess:
      return "process";
    case MentionKind::kFusion:
      return "fusion";
    case MentionKind::kKaryotype:
      return "karyotype";
    case MentionKind::kDrug:
      return "drug";
    case MentionKind::kDrugClass:
      return "drug_class";
    case MentionKind::kTrial:
      return "trial";
    case MentionKind::kCondition:
      return "condition";
  }
  return "unknown";
}

std::string Mention::DebugString() const {
  return std::string(MentionKindName(kind)) + " " + entity_id + " '" + surface + "' s" +
         std::to_string(sentence) + " [" + std::to_string(begin) + "," +
         std::to_string(end) + ") " + rule;
}

}  // namespace lg::ingest
