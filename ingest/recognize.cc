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
using recognize_internal::VariantKey;
using recognize_internal::VariantKeyInto;

std::string Recognizer::Impl::VariantSymbol(std::string_view s) const {
  size_t capitals =
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); });
  // A spelling with a digit or a hyphen: an all-capital word ("HERA") is
  // the alias itself, matched (with its context rule) above.
  bool marked = HasDigit(s) || s.find('-') != std::string_view::npos;
  if (!marked || capitals == 0 || lex->IsCommonWord(s) || lex->IsAmbiguous(s)) return {};
  std::string key = VariantKey(s);
  if (key == s) return {};
  // "CAR-T" is not the alias "CART": the key must not be a word itself.
  if (key.size() < 4 || lex->IsCommonWord(key)) return {};
  auto it = variants.find(key);
  if (it == variants.end() || it->second.empty()) return {};
  if (lex->IsAmbiguous(it->second)) return {};
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
  auto& list = phrases[key];
  for (const auto& existing : list) {
    if (existing.id == target.id && existing.kind == target.kind) return;
  }
  list.push_back(std::move(target));
}

void Recognizer::Impl::BuildPhraseTrie() {
  phrase_ends.assign(1, nullptr);
  for (const auto& [key, targets] : phrases) {
    uint32_t node = 0;
    size_t from = 0;
    while (from <= key.size()) {
      size_t to = std::min(key.find(' ', from), key.size());
      std::string word = key.substr(from, to - from);
      auto [wid, unused] = phrase_word_ids.try_emplace(
          word, static_cast<uint32_t>(phrase_word_ids.size()));
      uint64_t edge = (static_cast<uint64_t>(node) << 32) | wid->second;
      auto [child, added] =
          phrase_children.try_emplace(edge, static_cast<uint32_t>(phrase_ends.size()));
      if (added) phrase_ends.push_back(nullptr);
      node = child->second;
      from = to + 1;
    }
    phrase_ends[node] = &targets;
  }
}

std::string Recognizer::Impl::GeneSymbol(std::string_view s, bool context,
                                         bool italic) const {
  if (s.size() < 2) return {};
  // Every way below to a symbol passes through a key of gene_keys.
  // The key built on the stack: this runs for nearly every word.
  char buf[64];
  size_t n = VariantKeyInto(s, buf, sizeof buf);
  if (n > gene_key_max) return {};
  if (n <= sizeof buf) {
    if (!gene_keys.count(std::string_view(buf, n))) return {};
  } else if (!gene_keys.count(VariantKey(s))) {
    return {};
  }
  if (const GeneEntry* sym = lex->FindSymbol(s)) {
    if (lex->IsAmbiguous(s) && !context && !italic) return {};
    // "C2", "HR", "WG": two-letter symbols are mostly something else.
    if (s.size() <= 2 && !context && !italic) return {};
    return sym->symbol;
  }
  // Curated overlay aliases: always (MLL, AF4, BCL-2, menin).
  if (auto it = overlay_lower.find(Lower(s)); it != overlay_lower.end()) {
    return it->second;
  }
  // A family word ("RAF", "MEK") is the family, never one gene's alias.
  if (family_words.count(std::string(s))) return {};
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
  if (hits.size() != 1) return {};
  if (s.size() < 3 || lex->IsAmbiguous(s) || lex->IsCommonWord(s)) return {};
  if (!HasUpper(s) || !(context || italic)) return {};
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
    impl->gene_keys.insert(VariantKey(g.symbol));
    for (const std::string& a : g.aliases) impl->gene_keys.insert(VariantKey(a));
  }
  for (const auto& [alias, symbol] : lex.overlay())
    impl->gene_keys.insert(VariantKey(alias));
  for (const std::string& key : impl->gene_keys)
    impl->gene_key_max = std::max(impl->gene_key_max, key.size());
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

  impl->BuildPhraseTrie();

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

namespace {

// Sorts `all` stably by (sentence, begin, end).
void SortBySentenceAndSpan(std::vector<Mention>& all) {
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
}

}  // namespace

std::vector<Mention> Recognizer::Recognize(const Document& doc) const {
  const Impl& im = *impl_;
  const DocWords doc_words = im.ReadDocWords(doc);
  std::vector<Mention> all;
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    BlockKind bk = doc.blocks[doc.sentences[si].block].kind;
    if (bk != BlockKind::kParagraph && bk != BlockKind::kTableRow &&
        bk != BlockKind::kCaption && bk != BlockKind::kTitle &&
        bk != BlockKind::kHeading && bk != BlockKind::kTableNote) {
      continue;
    }
    SentenceScan scan(doc, si);
    im.RecognizeSentence(scan, doc_words);
    for (Mention& m : scan.mentions()) all.push_back(std::move(m));
  }
  im.AddPartnerFusions(doc, all);
  std::map<std::string, KnownFusion> doc_karyotypes = im.SentenceKaryotypes(all);
  im.AddFusionPartnerTables(doc, all, doc_karyotypes);
  im.ResolveKaryotypes(doc_karyotypes, all);
  SortBySentenceAndSpan(all);
  return all;
}

void Recognizer::Impl::RecognizeSentence(SentenceScan& scan, const DocWords& dw) const {
  ClaimEvidenceGrades(scan);
  ClaimInitials(scan);
  FindRegistryIds(scan);
  FindLexiconPhrases(scan, dw);
  FindFamilyNumbers(scan);
  FindGeneLists(scan);
  FindPhiladelphia(scan);
  FindCytochromes(scan);
  FindGroupProtocols(scan);
  FindKaryotypes(scan);
  FindCompounds(scan, dw);
  FindCarTProducts(scan);
  FindTargetClasses(scan);
  FindDrugCodes(scan);
  FindNamedTrials(scan, dw);
  FindGenericProtocols(scan);
  FindStemAgents(scan);
}

void Recognizer::Impl::AddPartnerFusions(const Document& doc,
                                         std::vector<Mention>& all) const {
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
            fusion_genes.count(m->label)) {
          anchor = m->label;
        }
      }
      if (anchor.empty() && block_group.count(block)) anchor = block_group[block];
      if (!anchor.empty()) {
        for (const Mention* g : ms) {
          if (g->kind != MentionKind::kGene || g->begin < partner_at ||
              g->label == anchor || !fusion_genes.count(g->label)) {
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

std::map<std::string, KnownFusion> Recognizer::Impl::SentenceKaryotypes(
    const std::vector<Mention>& all) const {
  std::map<std::string, KnownFusion> doc_karyotypes;
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
    doc_karyotypes[KaryotypeKey(karyo->surface)] = {f->five_prime, f->three_prime};
  }
  return doc_karyotypes;
}

void Recognizer::Impl::AddFusionPartnerTables(
    const Document& doc, std::vector<Mention>& all,
    std::map<std::string, KnownFusion>& doc_karyotypes) const {
  for (const Table& table : doc.tables) {
    if (table.header.empty()) continue;
    std::string five;
    for (const std::string& h : table.header) {
      std::string lh = Lower(h);
      size_t pos = lh.find("fusion partner");
      if (pos == std::string::npos) continue;
      std::vector<Word> hw = SplitWords(h, 0, pos);
      for (const Word& w : hw) {
        std::string sym =
            GeneSymbol(std::string_view(h).substr(w.begin, w.end - w.begin), true, true);
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
      if (karyo) doc_karyotypes[KaryotypeKey(karyo->surface)] = {five, three};
    }
  }
}

void Recognizer::Impl::ResolveKaryotypes(
    const std::map<std::string, KnownFusion>& doc_karyotypes,
    std::vector<Mention>& all) const {
  auto resolve_by_bands = [&](std::string_view raw) -> std::optional<KnownFusion> {
    // t(4;11)(q21;q23): chromosome a with band p, chromosome b with band q.
    static const RE2 parts_re(R"(t\((\w+);(\w+)\) ?\(([pq][\d.]+);([pq][\d.]+)\))");
    std::string c1, c2, b1, b2;
    if (!RE2::FullMatch(raw, parts_re, &c1, &c2, &b1, &b2)) return std::nullopt;
    auto unique_fusion_gene = [&](const std::string& band) -> std::string {
      std::string found;
      for (const GeneEntry* g : lex->FindByCytoband(band)) {
        if (!fusion_genes.count(g->symbol)) continue;
        if (!found.empty() && found != g->symbol) return "";
        found = g->symbol;
      }
      return found;
    };
    std::string g1 = unique_fusion_gene(c1 + b1), g2 = unique_fusion_gene(c2 + b2);
    if (g1.empty() || g2.empty() || g1 == g2) return std::nullopt;
    if (five_prime_genes.count(g2) && !five_prime_genes.count(g1)) std::swap(g1, g2);
    return KnownFusion{g1, g2};
  };

  for (Mention& m : all) {
    if (m.kind != MentionKind::kKaryotype) continue;
    std::string key = KaryotypeKey(m.surface);
    std::optional<KnownFusion> kf;
    if (auto it = karyotypes.find(key); it != karyotypes.end()) kf = it->second;
    if (!kf) {
      if (auto it = doc_karyotypes.find(key); it != doc_karyotypes.end()) kf = it->second;
    }
    if (!kf) {
      // A short form "t(4;11)" matches a longer one of the text or lexicon
      // when exactly one fits.
      std::set<std::pair<std::string, std::string>> fits;
      const std::map<std::string, KnownFusion>* tables[] = {&doc_karyotypes, &karyotypes};
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
