// Relation rules: drug classes and drug -> target, activity in a fusion or
// group (see relate.h and relate_internal.h).
//
// The target grammar, one function per way a review states a mechanism
// (each names its rule in the evidence; query/JSON.md maps the rules to the
// form of the statement):
//   ClassApposition       "X, a Y inhibitor"; "Y inhibitors such as X and Z"
//   ClassStatement        "FLT3 inhibitors synergise with ..." (class facts)
//   ClassCooccurrence     a class and a drug the lexicon files under it
//   NamedProducts         "CD19/CD22 CAR-T cells"
//   VerbTargets           "X inhibits Y", "X, which targets Y"
//   DescriptionTargets    "X is an antibody against Y", "X (an inhibitor of Y)"
//   PrenominalTargets     "the anti-Y antibody X", "Y-directed conjugate X"
//   IndicationTargets     "X is approved for Y-mutated tumours"
//   HeadingTargets        drugs under a heading naming their target
//   TableTargets          a table grouping drugs under a class
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "ingest/relate_internal.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {
namespace {

re2::StringPiece Piece(std::string_view s) {
  return re2::StringPiece(s.data(), s.size());
}

// Drug `drug` acts on `target` (`predicate`). A family stays a family
// (MEK): the lexicon's members answer for it in queries and scoring; the
// members a text names one by one ("VEGF receptors 1, 2 and 3") are read by
// NumberedMembers.
void AddTarget(Context& cx, const std::string& drug, std::string_view predicate,
               const std::string& target, size_t si, const std::string& rule,
               bool stated) {
  cx.out.Add(drug, predicate, target, {}, si, rule, stated);
}

// Drug `d` belongs to class `c`; the class's targets become the drug's.
void AddMembership(Context& cx, const Mention& d, const Mention& c, size_t si,
                   const std::string& rule, bool stated) {
  cx.out.Add(d.entity_id, pred::kMemberOf, c.entity_id, {}, si, rule, stated);
  std::string relation = c.class_relation.empty() ? "inhibits" : c.class_relation;
  for (const std::string& t : c.class_targets) {
    AddTarget(cx, d.entity_id, relation, t, si, rule, stated);
  }
}

// What the drug lexicon says of each drug: its classes (drug_classes.tsv)
// and their targets, and its known mechanism-of-action targets
// (drug_targets.tsv, from DrugCentral), as entity ids. Built once per
// document, for the drugs the document names: lookups are by mention id.
struct DrugLexicon {
  std::map<std::string, std::set<std::string>> classes;           // drug id -> class ids
  std::map<std::string, std::vector<std::string>> class_targets;  // class id -> targets
  std::map<std::string, std::string> class_relation;              // class id -> predicate
  std::map<std::string, std::set<std::string>> targets;           // drug id -> targets
  // The gene families of the lexicon, both ways, so that LexiconAgrees (asked
  // for every drug and target named in one sentence) looks a pair up instead
  // of walking every family: gene id -> family ids, family id -> gene ids.
  std::unordered_map<std::string, std::vector<std::string>> families_of_gene;
  std::unordered_map<std::string, std::vector<std::string>> members_of_family;
};

// `named`: the entity ids of the document's mentions; a drug not among them
// is left out (the rules look drugs up only by their mentions' ids).
DrugLexicon MakeDrugLexicon(const Lexicon& lex, const std::set<std::string>& named) {
  DrugLexicon out;
  for (const DrugClassEntry& c : lex.drug_classes()) {
    std::string cid = MakeEntityId(EntityKind::kDrugClass, c.name);
    out.class_relation[cid] =
        c.relation.empty() ? std::string(pred::kInhibits) : c.relation;
    auto& ids = out.class_targets[cid];
    for (const std::string& t : c.targets) {
      if (lex.FindSymbol(t)) {
        ids.push_back(MakeEntityId(EntityKind::kGene, t));
      } else if (std::any_of(lex.gene_families().begin(), lex.gene_families().end(),
                             [&](const GeneFamilyEntry& f) { return f.id == t; })) {
        ids.push_back(MakeEntityId(EntityKind::kGeneFamily, t));
      } else {
        ids.push_back(MakeEntityId(EntityKind::kProcess, t));
      }
    }
  }
  for (const DrugEntry& d : lex.drugs()) {
    std::string did = MakeEntityId(EntityKind::kDrug, d.name);
    if (!named.count(did)) continue;
    auto& targets = out.targets[did];
    for (const std::string& symbol : lex.KnownTargets(d.name)) {
      targets.insert(MakeEntityId(EntityKind::kGene, symbol));
    }
    for (const std::string& c : d.classes) {
      std::string cid = MakeEntityId(EntityKind::kDrugClass, c);
      out.classes[did].insert(cid);
      auto it = out.class_targets.find(cid);
      if (it != out.class_targets.end())
        targets.insert(it->second.begin(), it->second.end());
    }
  }
  for (const GeneFamilyEntry& f : lex.gene_families()) {
    std::string fid = MakeEntityId(EntityKind::kGeneFamily, f.id);
    auto& members = out.members_of_family[fid];
    for (const std::string& m : f.members) {
      std::string gid = MakeEntityId(EntityKind::kGene, m);
      out.families_of_gene[gid].push_back(fid);
      members.push_back(std::move(gid));
    }
  }
  return out;
}

// Whether the lexicon files `drug` under the class `cls`.
bool LexiconClassOf(const DrugLexicon& known, const Mention& drug, const Mention& cls) {
  auto it = known.classes.find(drug.entity_id);
  return it != known.classes.end() && it->second.count(cls.entity_id) > 0;
}

// True when `surface` (a class as printed) names the target `target_id`:
// its key, or a curated alias of the gene or family ("BCL-2" for BCL2).
bool NamesTarget(const Context& cx, std::string_view surface,
                 const std::string& target_id) {
  auto parsed = graph::ParseEntityId(target_id);
  if (!parsed.ok()) return false;
  std::string lower = Lower(surface);
  auto contains = [&](std::string_view name) {
    return !name.empty() && ContainsWord(lower, Lower(name));
  };
  if (contains(parsed->key)) return true;
  if (parsed->kind == EntityKind::kGene) {
    for (const auto& [alias, symbol] : cx.lex.overlay()) {
      if (symbol == parsed->key && contains(alias)) return true;
    }
  }
  if (parsed->kind == EntityKind::kGeneFamily) {
    for (const GeneFamilyEntry& f : cx.lex.gene_families()) {
      if (f.id != parsed->key) continue;
      for (const std::string& a : f.aliases) {
        if (contains(a)) return true;
      }
    }
  }
  return false;
}

bool IsStatementBlock(const Context& cx, size_t si) {
  BlockKind bk = cx.doc.blocks[cx.BlockOf(si)].kind;
  return bk == BlockKind::kParagraph || bk == BlockKind::kTableRow;
}

// ---------------------------------------------------------------- classes

// Apposition of a class and drugs: "the menin inhibitor revumenib", "BTK
// inhibitors (zanubrutinib or ibrutinib)", "FLT3 inhibitors,
// such as gilteritinib"; "venetoclax, a BCL-2 inhibitor". The class's
// targets become the drugs'; genes inside the apposition ("blinatumomab, a
// bispecific CD3-CD19 T-cell engager") are the drug's targets. Returns
// whether `c` described a drug.
bool ClassApposition(Context& cx, size_t si, const Mention& c) {
  static const RE2 kBeforeDrug(
      R"(^\s*(?:\(\s*)?(?:,?\s*(?:such as|including|like|e\.?g\.?,?|eg,?|namely)\s*|with\s*)?$)");
  static const RE2 kListSeparator(R"(^\s*(?:,|and|or|, and|, or)\s*$)");
  static const RE2 kAfterDrug(
      R"(^\s*(?:,|\(|as|is)\s*(?:a|an|the)?\s*(?:first|second|third|novel|new|potent|selective|oral|small-molecule|[\w-]+,?)?\s*(?:[\w-]+,?\s*){0,3}$)");
  const auto& ms = cx.by_sentence[si];
  bool descriptor = false;
  // A list after the class continues while only separators stand between
  // drugs.
  const Mention* prev = &c;
  for (const Mention* d : ms) {
    if (d->kind != MentionKind::kDrug || d->begin < c.end) continue;
    std::string_view gap = cx.Gap(*prev, *d);
    if (gap.size() > 40) break;
    bool ok = prev == &c ? RE2::FullMatch(Piece(gap), kBeforeDrug)
                         : RE2::FullMatch(Piece(gap), kListSeparator);
    if (!ok) break;
    AddMembership(cx, *d, c, si, "class-apposition", true);
    descriptor = true;
    prev = d;
  }
  for (const Mention* d : ms) {
    if (d->kind != MentionKind::kDrug || d->end > c.begin) continue;
    std::string_view gap = cx.Gap(*d, c);
    if (gap.size() > 60 || !RE2::FullMatch(Piece(gap), kAfterDrug)) continue;
    // No other drug between them.
    bool other = std::any_of(ms.begin(), ms.end(), [&](const Mention* o) {
      return o != d && o->kind == MentionKind::kDrug && o->begin >= d->end &&
             o->end <= c.begin;
    });
    if (other) continue;
    AddMembership(cx, *d, c, si, "class-apposition", true);
    descriptor = true;
    for (const Mention* g : ms) {
      if (IsTargetLike(*g) && g->begin >= d->end && g->end <= c.begin) {
        AddTarget(cx, d->entity_id, pred::kTargets, g->entity_id, si,
                  "class-apposition-target", true);
      }
    }
  }
  return descriptor;
}

// A class the sentence is about ("FLT3 inhibitors synergise with ...")
// acts on the targets its name states ("FLT3 inhibitors", "BCL-2
// inhibitors"); a name that does not ("demethylating agents") states no
// target. A heading or caption names a topic and states nothing.
void ClassStatement(Context& cx, size_t si, const Mention& c) {
  if (!IsStatementBlock(cx, si) || ExposureContext(Lower(cx.SentenceText(si)))) return;
  std::string relation = c.class_relation.empty() ? "inhibits" : c.class_relation;
  for (const std::string& t : c.class_targets) {
    if (NamesTarget(cx, c.surface, t)) {
      cx.out.Add(c.entity_id, relation, t, {}, si, "class-target", true);
    }
  }
}

// A drug of the same sentence that the lexicon files under the class joins
// it; no target (the lexicon's class targets are coarser than the texts).
void ClassCooccurrence(Context& cx, size_t si, const Mention& c,
                       const DrugLexicon& known) {
  for (const Mention* d : cx.by_sentence[si]) {
    if (d->kind == MentionKind::kDrug && LexiconClassOf(known, *d, c)) {
      cx.out.Add(d->entity_id, pred::kMemberOf, c.entity_id, {}, si, "class-cooccurrence",
                 false);
    }
  }
}

// Products named by their targets ("CD19/CD22 CAR-T cells").
void NamedProducts(Context& cx, size_t si) {
  for (const Mention* d : cx.by_sentence[si]) {
    if (d->kind != MentionKind::kDrug) continue;
    for (const std::string& t : d->class_targets) {
      AddTarget(cx, d->entity_id, d->class_relation, t, si, d->rule, true);
    }
  }
}

// ---------------------------------------------------------------- targets

// True when the lexicon's targets of `drug` include `target`, directly or as
// a member of a family it lists (and the reverse: a family named in the text
// whose member the lexicon lists).
bool LexiconAgrees(const DrugLexicon& known, const std::string& drug,
                   const std::string& target) {
  auto it = known.targets.find(drug);
  if (it == known.targets.end()) return false;
  const std::set<std::string>& targets = it->second;
  if (targets.count(target)) return true;
  auto listed = [&](const auto& index) {
    auto related = index.find(target);
    return related != index.end() &&
           std::any_of(related->second.begin(), related->second.end(),
                       [&](const std::string& id) { return targets.count(id) > 0; });
  };
  return listed(known.families_of_gene) || listed(known.members_of_family);
}

// The predicate a cue word states: inhibitors inhibit, antibodies that
// bind bind, everything else targets.
std::string_view PredicateOf(std::string_view cue) {
  std::string lower = Lower(cue);
  if (HasStem(lower, {"inhibit", "tki", "block", "degrad"})) return pred::kInhibits;
  if (HasStem(lower, {"bind"})) return pred::kBinds;
  if (HasStem(lower, {"antagoni"})) return pred::kAntagonises;
  return pred::kTargets;
}

// A target phrase read from the text: the targets named, in order, and the
// normalised offset where the phrase ends.
struct TargetPhrase {
  std::vector<std::string> targets;
  size_t end = 0;
};

// "VEGF receptors 1, 2 and 3", "VEGF receptor-2", "VEGFR1-3": the numbered
// members a family or a numbered gene names, through the lexicon's aliases
// ("VEGFR2" -> KDR). Empty when `m` is not followed by numbers.
std::vector<std::string> NumberedMembers(const Context& cx, const Mention& m,
                                         size_t limit, size_t* end) {
  static const RE2 kNumbers(
      R"(^(s?\s*-?\s*)(\d)((?:\s*(?:,|and|or|, and|, or)\s*\d)*)\b)");
  static const RE2 kRange(R"(^-(\d)\b)");
  std::string_view after = cx.doc.Slice(m.end, std::min(limit, m.end + 40));
  std::string prefix;
  std::vector<int> numbers;
  std::string lead, first, rest;
  int last = 0;
  size_t consumed = 0;
  auto parsed = graph::ParseEntityId(m.entity_id);
  if (!parsed.ok()) return {};
  if (m.kind == MentionKind::kGeneFamily &&
      RE2::PartialMatch(Piece(after), kNumbers, &lead, &first, &rest)) {
    prefix = parsed->key;
    numbers.push_back(first[0] - '0');
    for (char ch : rest) {
      if (std::isdigit(static_cast<unsigned char>(ch))) numbers.push_back(ch - '0');
    }
    consumed = lead.size() + first.size() + rest.size();
  } else if (m.kind == MentionKind::kGene && !m.surface.empty() &&
             std::isdigit(static_cast<unsigned char>(m.surface.back())) &&
             RE2::PartialMatch(Piece(after), kRange, &last)) {
    size_t digits = m.surface.find_last_not_of("0123456789") + 1;
    prefix = m.surface.substr(0, digits);
    while (!prefix.empty() && prefix.back() == '-') prefix.pop_back();
    int from = std::stoi(m.surface.substr(digits));
    for (int n = from; n <= last && n <= from + 5; ++n) numbers.push_back(n);
    consumed = 1 + std::to_string(last).size();
  }
  std::vector<std::string> out;
  for (int n : numbers) {
    std::string name = prefix + std::to_string(n);
    if (const GeneEntry* g = cx.lex.FindSymbol(name)) {
      out.push_back(MakeEntityId(EntityKind::kGene, g->symbol));
      continue;
    }
    auto genes = cx.lex.FindAlias(name);
    if (genes.size() == 1)
      out.push_back(MakeEntityId(EntityKind::kGene, genes[0]->symbol));
  }
  if (!out.empty()) *end = m.end + consumed;
  return out;
}

// Reads the targets named from `from` on, up to `limit`: a few filler words
// ("the kinase domain of", "a different epitope at the"), then a target,
// then more targets while only list separators stand between them ("KIT,
// PDGFRA, and VEGFR", "both HER2 and the EGFR", "VEGFR1-3, PDGFR and KIT").
TargetPhrase ReadTargets(const Context& cx, size_t si, size_t from, size_t limit) {
  static const RE2 kFiller(
      R"(^\s*(?:\(\s*)?(?:\b(?:the|a|an|both|multiple|several|all|three|human|kinase|kinases|domain|domains|of|at|to|on|in|different|distinct|same|epitope|extracellular|intracellular|receptor|receptors|tyrosine|pathway|pathways|family|member|members|mutant|activated|wild-type|oncogenic|protein|proteins|ligand|\w+ing)\b\s*|,\s*(?:including|such as)\s+|including\s+|such as\s+)*$)");
  static const RE2 kSeparator(
      R"(^\s*(?:,|/|and|or|, and|, or|as well as|, as well as)\s*(?:the\s+|both\s+)?$)");
  TargetPhrase out;
  const auto& ms = cx.by_sentence[si];
  auto next_target = [&](size_t at) -> const Mention* {
    const Mention* best = nullptr;
    for (const Mention* m : ms) {
      if (!IsTargetLike(*m) || m->begin < at || m->end > limit) continue;
      if (!best || m->begin < best->begin ||
          (m->begin == best->begin && m->end > best->end)) {
        best = m;
      }
    }
    return best;
  };
  auto drug_between = [&](size_t b, size_t e) {
    return std::any_of(ms.begin(), ms.end(), [&](const Mention* m) {
      return IsAgent(*m) && m->begin >= b && m->end <= e && m->kind == MentionKind::kDrug;
    });
  };
  const Mention* g = next_target(from);
  if (!g || g->begin - from > 60) return out;
  std::string_view filler = cx.doc.Slice(from, g->begin);
  if (!RE2::FullMatch(Piece(Lower(filler)), kFiller) || drug_between(from, g->begin))
    return out;
  while (g) {
    size_t end = g->end;
    std::vector<std::string> numbered = NumberedMembers(cx, *g, limit, &end);
    if (numbered.empty()) {
      // A list or range the recogniser expanded ("VEGFR1-3", "JAK1/2") is
      // one mention per member over the same span: take them all.
      for (const Mention* m : ms) {
        if (IsTargetLike(*m) && m->begin == g->begin && m->end == g->end)
          out.targets.push_back(m->entity_id);
      }
    } else {
      out.targets.insert(out.targets.end(), numbered.begin(), numbered.end());
    }
    out.end = end;
    const Mention* n = next_target(end);
    if (!n || n->begin - end > 20) break;
    if (!RE2::FullMatch(Piece(Lower(cx.doc.Slice(end, n->begin))), kSeparator)) break;
    g = n;
  }
  return out;
}

// A negation or hedge just before a cue ("minimally inhibits", "does not
// bind"): the sentence denies or weakens the fact.
bool Negated(std::string_view lower_before) {
  std::string_view tail =
      lower_before.substr(lower_before.size() > 24 ? lower_before.size() - 24 : 0);
  return ContainsWord(tail, "not") || ContainsWord(tail, "no") ||
         ContainsWord(tail, "minimally") || ContainsWord(tail, "weakly") ||
         ContainsWord(tail, "without") || ContainsWord(tail, "lacks");
}

// Verbs: "D inhibits G", "D targets G", "D binds to G", "D, which targets
// G", "D selectively blocks G and H".
void VerbTargets(Context& cx, size_t si) {
  static const RE2 kVerb(
      R"(^\s*(?:\([^()]{0,60}\)\s*)?(?:,[^,;]{0,80},\s*)?(?:which\s+|that\s+)?(?:(?:also|selectively|potently|directly|specifically|irreversibly|reversibly|covalently|primarily|mainly|strongly)\s+)?(inhibits|inhibited|targets|targeted|binds to|binds|bound to|blocks|blocked|antagonizes|antagonises|degrades)\s)");
  const auto& ms = cx.by_sentence[si];
  size_t sentence_end = cx.doc.sentences[si].end;
  for (const Mention* d : ms) {
    if (d->kind != MentionKind::kDrug) continue;
    std::string_view after = cx.doc.Slice(d->end, std::min(sentence_end, d->end + 160));
    re2::StringPiece input = Piece(after);
    std::string verb;
    if (!RE2::Consume(&input, kVerb, &verb)) continue;
    size_t from = d->end + (input.data() - after.data());
    TargetPhrase phrase = ReadTargets(cx, si, from, sentence_end);
    for (const std::string& t : phrase.targets) {
      AddTarget(cx, d->entity_id, PredicateOf(verb), t, si, "drug-verb-target", true);
    }
  }
}

// The end of the description that starts at `from` (after a drug and its
// opener): the sentence's end, a ';', the closing parenthesis of a
// parenthesised description, the next drug, or a contrast ("than", "but",
// "whereas").
size_t DescriptionEnd(const Context& cx, size_t si, size_t from, bool parenthesised) {
  size_t end = cx.doc.sentences[si].end;
  std::string_view text = cx.doc.Slice(from, end);
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '(') ++depth;
    if (ch == ')') {
      if (depth == 0 && parenthesised) return from + i;
      if (depth > 0) --depth;
    }
    if (ch == ';') return from + i;
  }
  std::string lower = Lower(text);
  for (std::string_view stop :
       {" than ", " but ", " whereas ", " while ", " compared with "}) {
    size_t at = lower.find(stop);
    if (at != std::string::npos) end = std::min(end, from + at);
  }
  for (const Mention* m : cx.by_sentence[si]) {
    if (m->kind == MentionKind::kDrug && m->begin >= from && m->begin < end)
      end = m->begin;
  }
  return end;
}

// True when a longer target mention, or a lexicon class, covers `g`: "MEK"
// inside "MEK inhibitor" is the family or the class, not a gene that one of
// MEK's aliases happens to name.
bool Covered(const std::vector<const Mention*>& ms, const Mention& g) {
  return std::any_of(ms.begin(), ms.end(), [&](const Mention* m) {
    if (m == &g || m->begin > g.begin || m->end < g.end) return false;
    if (m->kind == MentionKind::kDrugClass) return m->rule == "class-lexicon";
    if (!IsTargetLike(*m)) return false;
    return m->end - m->begin > g.end - g.begin ||
           (m->kind == MentionKind::kGeneFamily && g.kind == MentionKind::kGene);
  });
}

// The targets a description [from, end) of sentence `si` ties to its drug:
// a cue word before a target ("inhibitor of", "against", "targeting",
// "binds to", "selective for"), "anti-" before it, or "-targeted",
// "-directed", "-specific", "inhibitor" after it. Each becomes a fact of
// each of `subjects`, with evidence by `rule`.
void Describe(Context& cx, size_t si, const std::vector<const Mention*>& subjects,
              size_t from, size_t end, const std::string& rule) {
  static const RE2 kCueBefore(
      R"(\b((?:inhibitors?|tkis?|antagonists?|blockers?|antibod(?:y|ies)|degraders?|agents?|molecules?)\s+(?:of|for)|against|targeting|targets|targeted to|binds to|binds|binding to|binding|inhibits|inhibiting|blocks|blocking|selective for|specific for|selectivity for|directed against|directed at|directed to|(?:tkis?|inhibitors?)\s*\()\s*)");
  static const RE2 kCueAfter(
      R"(^((?:\s+[a-z]\d+[a-z])?\s*-?\s*(?:targeted|targeting|directed|specific|selective|inhibitors?|inhibition|tkis?|antagonists?|blockers?|antibod(?:y|ies)|kinase inhibitors?)\b))");
  const auto& ms = cx.by_sentence[si];
  std::string description = Lower(cx.doc.Slice(from, end));
  std::set<std::string> found;
  std::vector<std::pair<std::string, std::string>> facts;  // predicate, target
  // Cue words before targets.
  re2::StringPiece input = Piece(description);
  std::string cue;
  while (RE2::FindAndConsume(&input, kCueBefore, &cue)) {
    size_t cue_end = from + (input.data() - description.data());
    size_t cue_begin = cue_end - cue.size();
    if (Negated(std::string_view(description).substr(0, cue_begin - from))) continue;
    TargetPhrase phrase = ReadTargets(cx, si, cue_end, end);
    for (const std::string& t : phrase.targets) {
      if (found.insert(t).second) facts.emplace_back(PredicateOf(cue), t);
    }
  }
  // Cues attached to a target: "anti-G", "G-targeted", "G inhibitor".
  for (const Mention* g : ms) {
    if (!IsTargetLike(*g) || g->begin < from || g->end > end || Covered(ms, *g)) continue;
    std::string before = Lower(cx.doc.Slice(g->begin >= 5 ? g->begin - 5 : 0, g->begin));
    std::string after_g = Lower(cx.doc.Slice(g->end, std::min(end, g->end + 40)));
    std::string attached;
    bool anti = before.size() >= 5 && (before.substr(before.size() - 5) == "anti-" ||
                                       before.substr(before.size() - 5) == "anti ");
    if (!anti && !RE2::PartialMatch(Piece(after_g), kCueAfter, &attached)) continue;
    size_t g_end = g->end;
    std::vector<std::string> targets = NumberedMembers(cx, *g, end, &g_end);
    if (targets.empty()) targets = {g->entity_id};
    for (const std::string& t : targets) {
      if (found.insert(t).second) {
        facts.emplace_back(anti ? pred::kTargets : PredicateOf(attached), t);
      }
    }
  }
  for (const Mention* s : subjects) {
    for (const auto& [p, t] : facts) AddTarget(cx, s->entity_id, p, t, si, rule, true);
  }
}

// Descriptions of a drug: a copula or an apposition that says what the drug
// is ("D is a monoclonal antibody against G", "D, a selective inhibitor of
// G", "D (an anti-G antibody)", "D is an oral TKI selective for the kinase
// domain of G", "D is a pan-HER TKI (HER1, HER2, and HER4)", "D1 and D2 are
// G-specific inhibitors"). Inside the description a target counts when a cue
// ties it to the drug: a cue word before it ("inhibitor of", "against",
// "targeting", "binds to", "selective for"), "anti-" before it, or "-targeted",
// "-directed", "-specific", "inhibitor" after it (see Describe). A sentence
// opening with "It is a ..." describes the drug that opens the paragraph's
// previous sentence.
void DescriptionTargets(Context& cx, size_t si) {
  static const RE2 kOpener(
      R"(^(\s*(?:\([^()]{0,60}\)\s*)?(?:(,|\(|\s(?:is|was|are|were|remains|represents)\s+(?:also\s+)?(?:a|an|the|one|two|three|both)\b)\s*)))");
  static const RE2 kDrugList(R"(^\s*(?:,|and|or|, and|, or)\s*$)");
  // "It is a ...", "This agent acts as an ...": the subject of the
  // paragraph's previous sentence, when that sentence opens with a drug.
  static const RE2 kPronoun(
      R"(^((?:it|this (?:agent|drug|compound|molecule|inhibitor|antibody))\s+(?:is|was|works as|acts as|functions as|serves as)\s+(?:also\s+)?(?:a|an|the)\b\s*))");
  const auto& ms = cx.by_sentence[si];
  if (!IsStatementBlock(cx, si)) return;
  size_t sentence_end = cx.doc.sentences[si].end;
  std::vector<const Mention*> drugs;
  for (const Mention* m : ms) {
    if (m->kind == MentionKind::kDrug) drugs.push_back(m);
  }
  for (size_t k = 0; k < drugs.size(); ++k) {
    const Mention* d = drugs[k];
    std::string_view after = cx.doc.Slice(d->end, std::min(sentence_end, d->end + 80));
    std::string whole, opener;
    if (!RE2::PartialMatch(Piece(after), kOpener, &whole, &opener)) continue;
    bool parenthesised = opener == "(";
    size_t from = d->end + whole.size();
    size_t end = DescriptionEnd(cx, si, from, parenthesised);
    if (end <= from) continue;
    // The drugs a description belongs to: its drug and those listed before
    // it ("D1 and D2 are ...").
    std::vector<const Mention*> subjects = {d};
    for (size_t j = k; j > 0; --j) {
      if (!RE2::FullMatch(Piece(cx.Gap(*drugs[j - 1], *drugs[j])), kDrugList)) break;
      subjects.push_back(drugs[j - 1]);
    }
    Describe(cx, si, subjects, from, end, "drug-description-target");
  }
  // A pronoun subject.
  if (si == 0 || cx.BlockOf(si - 1) != cx.BlockOf(si)) return;
  size_t sb = cx.doc.sentences[si].begin;
  std::string head = Lower(cx.doc.Slice(sb, std::min(sentence_end, sb + 60)));
  std::string matched;
  if (!RE2::PartialMatch(head, kPronoun, &matched)) return;
  size_t pb = cx.doc.sentences[si - 1].begin;
  const Mention* subject = nullptr;
  for (const Mention* m : cx.by_sentence[si - 1]) {
    if (m->kind == MentionKind::kDrug && m->begin <= pb + 1) subject = m;
  }
  if (!subject) return;
  size_t from = sb + matched.size();
  size_t end = DescriptionEnd(cx, si, from, false);
  if (end > from) Describe(cx, si, {subject}, from, end, "pronoun-description-target");
}

// A target named before the drug, in the noun phrase that names it: "the
// anti-G antibody D", "the G inhibitor D", "an G-directed antibody-drug
// conjugate, D", "anti-G antibodies such as D1 and D2".
void PrenominalTargets(Context& cx, size_t si) {
  static const RE2 kHead(
      R"(^((?:\s+[a-z]\d+[a-z])?\s*-?\s*(?:targeted|targeting|directed|specific|selective)?\s*(?:[\w-]+\s+){0,3}?(?:inhibitors?|antibod(?:y|ies)|agents?|conjugates?|adcs?|tkis?|drugs?|therap(?:y|ies)|molecules?|engagers?|blockers?|antagonists?|degraders?))\s*(?:,?\s*(?:such as|including|e\.g\.,?|namely)\s*|\(\s*|,\s*)?$)");
  static const RE2 kListSeparator(R"(^\s*(?:,|and|or|, and|, or)\s*$)");
  if (!IsStatementBlock(cx, si)) return;
  const auto& ms = cx.by_sentence[si];
  for (const Mention* g : ms) {
    if (!IsTargetLike(*g)) continue;
    // A lexicon class printed around the target ("BCR inhibitors": B-cell
    // receptor signaling, not the gene BCR) says what it targets;
    // ClassApposition reads it.
    bool in_class = std::any_of(ms.begin(), ms.end(), [&](const Mention* c) {
      return c->kind == MentionKind::kDrugClass && c->rule == "class-lexicon" &&
             c->begin <= g->begin && c->end >= g->end;
    });
    if (in_class) continue;
    std::string before = Lower(cx.doc.Slice(g->begin >= 5 ? g->begin - 5 : 0, g->begin));
    bool anti = before.size() >= 5 && (before.substr(before.size() - 5) == "anti-" ||
                                       before.substr(before.size() - 5) == "anti ");
    const Mention* prev = nullptr;
    for (const Mention* d : ms) {
      if (d->kind != MentionKind::kDrug || d->begin < g->end) continue;
      std::string_view gap = prev ? cx.Gap(*prev, *d) : cx.Gap(*g, *d);
      if (gap.size() > 60) break;
      std::string head;
      bool ok = prev ? RE2::FullMatch(Piece(gap), kListSeparator)
                     : RE2::FullMatch(Piece(Lower(gap)), kHead, &head);
      if (!ok) break;
      if (!prev && !anti &&
          !HasStem(head, {"targeted", "targeting", "directed", "specific", "selective",
                          "inhibitor", "antagonist", "tki", "blocker", "degrader"})) {
        break;
      }
      AddTarget(cx, d->entity_id, anti ? pred::kTargets : PredicateOf(head), g->entity_id,
                si, "prenominal-target", true);
      prev = d;
    }
  }
}

// Indications: "D is approved for G-positive ...", "the FDA approved D for
// patients with a G exon 18 variant", "approval of D for G-mutated ...". The
// drug is the one approved (next to the approval word), the target is
// followed by an alteration.
void IndicationTargets(Context& cx, size_t si) {
  static const RE2 kApproval(R"(\b(?:approv\w*|indicated|licensed)\b)");
  static const RE2 kApprovedDrug(
      R"(^\s*(?:of\s+|for\s+)?(?:the\s+)?(?:[\w-]+\s+){0,1}$)");
  static const RE2 kDrugApproved(
      R"(^\s*(?:\([^()]{0,60}\)\s*)?(?:is|was|has been|have been|were|are|had been|received|receives|got)\s+(?:\w+\s+){0,2}$)");
  static const RE2 kAlteration(
      R"(^\s*-?\s*(?:positive|mutated|mutant|mutation|mutations|variant|variants|exon|rearranged|rearrangement|rearrangements|fusion|fusions|fusion-positive|amplified|amplification|overexpressing|overexpression|altered|alteration|alterations|[a-z]\d+[a-z])\b)");
  if (!IsStatementBlock(cx, si)) return;
  std::string lower = Lower(cx.SentenceText(si));
  if (!RE2::PartialMatch(lower, kApproval)) return;
  const auto& ms = cx.by_sentence[si];
  size_t sb = cx.doc.sentences[si].begin;
  for (const Mention* d : ms) {
    if (d->kind != MentionKind::kDrug) continue;
    // The drug is the one approved: the approval word right before or after.
    bool approved = false;
    re2::StringPiece input(lower);
    re2::StringPiece word;
    static const RE2 kApprovalWord(R"(\b(approv\w*|indicated|licensed)\b)");
    while (RE2::FindAndConsume(&input, kApprovalWord, &word)) {
      size_t wb = sb + (word.data() - lower.data());
      size_t we = wb + word.size();
      if (we <= d->begin && d->begin - we < 30 &&
          RE2::FullMatch(Piece(Lower(cx.doc.Slice(we, d->begin))), kApprovedDrug)) {
        approved = true;
      }
      if (wb >= d->end && wb - d->end < 40 &&
          RE2::FullMatch(Piece(Lower(cx.doc.Slice(d->end, wb))), kDrugApproved)) {
        approved = true;
      }
    }
    if (!approved) continue;
    for (const Mention* g : ms) {
      if (!IsTargetLike(*g) || g->begin < d->end || g->begin - d->end > 160) continue;
      std::string gap = Lower(cx.doc.Slice(d->end, g->begin));
      if (!ContainsWord(gap, "for") || gap.find(';') != std::string::npos) continue;
      std::string after =
          Lower(cx.doc.Slice(g->end, std::min(cx.doc.sentences[si].end, g->end + 30)));
      if (!RE2::PartialMatch(Piece(after), kAlteration)) continue;
      AddTarget(cx, d->entity_id, pred::kTargets, g->entity_id, si, "indication-target",
                true);
    }
  }
}

// A drug and a target the drug lexicon gives it, named in one sentence: the
// sentence supports the fact, which is inferred (the text does not state
// it, the lexicon does).
void LexiconTargetsInSentence(Context& cx, size_t si, const DrugLexicon& known) {
  if (!IsStatementBlock(cx, si)) return;
  std::string lower = Lower(cx.SentenceText(si));
  if (ExposureContext(lower)) return;
  const auto& ms = cx.by_sentence[si];
  for (const Mention* d : ms) {
    if (d->kind != MentionKind::kDrug) continue;
    for (const Mention* g : ms) {
      if (!IsTargetLike(*g)) continue;
      // Close and in one clause: nothing but a few words between them. Tested
      // before the lexicon, which is dearer: a sentence naming thousands of
      // drugs and genes (a table row run together) makes millions of pairs.
      const Mention* a = d->begin < g->begin ? d : g;
      const Mention* b = a == d ? g : d;
      std::string_view gap = cx.Gap(*a, *b);
      if (gap.size() > 40 || gap.find_first_of(";()[],.") != std::string_view::npos)
        continue;
      if (!LexiconAgrees(known, d->entity_id, g->entity_id)) continue;
      bool between = std::any_of(ms.begin(), ms.end(), [&](const Mention* o) {
        return o != a && o != b && (IsAgent(*o) || IsTargetLike(*o)) &&
               o->begin >= a->end && o->end <= b->begin;
      });
      if (between) continue;
      AddTarget(cx, d->entity_id, pred::kTargets, g->entity_id, si,
                "lexicon-target-sentence", false);
    }
  }
}

// What a section heading names as a target: the lexicon classes it names
// ("Menin inhibitors": the class and its targets) and the genes or families
// it names with a cue ("MTOR inhibition", "BCL-2 inhibitors", "Anti-HER2
// therapy", "EGFR-targeted agents"). Headings are not sentences, so they
// are read here from the section's title through the lexicon.
struct HeadingNames {
  std::vector<std::string> classes;  // drug_class ids
  std::vector<std::string> targets;  // gene or gene_family ids
};

// The lower-cased forms each lexicon drug class is written in (name, its
// plural, aliases), in the order of Lexicon::drug_classes().
std::vector<std::vector<std::string>> ClassForms(const Lexicon& lex) {
  std::vector<std::vector<std::string>> forms;
  for (const DrugClassEntry& c : lex.drug_classes()) {
    std::vector<std::string>& f = forms.emplace_back();
    f.push_back(Lower(c.name));
    f.push_back(Lower(Pluralize(c.name)));
    for (const std::string& a : c.aliases) f.push_back(Lower(a));
  }
  return forms;
}

// `class_forms`: ClassForms(cx.lex).
HeadingNames ReadHeading(const Context& cx, std::string_view title,
                         const std::vector<std::vector<std::string>>& class_forms) {
  static const RE2 kCued(
      R"((?i)(?:\banti-?\s*([A-Za-z][\w-]*[A-Za-z0-9])|\b([A-Za-z][\w-]*[A-Za-z0-9])(?:\s+kinase)?(?:\s+|-)(?:inhibitors?|inhibition|antagonists?|targeted|directed)\b))");
  HeadingNames out;
  std::string lower = Lower(title);
  for (size_t i = 0; i < class_forms.size(); ++i) {
    bool named =
        std::any_of(class_forms[i].begin(), class_forms[i].end(),
                    [&](const std::string& f) { return ContainsWord(lower, f); });
    if (named) {
      out.classes.push_back(
          MakeEntityId(EntityKind::kDrugClass, cx.lex.drug_classes()[i].name));
    }
  }
  re2::StringPiece input = Piece(title);
  std::string anti, before;
  while (RE2::FindAndConsume(&input, kCued, &anti, &before)) {
    std::string name = anti.empty() ? before : anti;
    if (const GeneEntry* g = cx.lex.FindSymbol(name)) {
      out.targets.push_back(MakeEntityId(EntityKind::kGene, g->symbol));
      continue;
    }
    auto overlay = cx.lex.overlay().find(name);
    if (overlay != cx.lex.overlay().end()) {
      out.targets.push_back(MakeEntityId(EntityKind::kGene, overlay->second));
      continue;
    }
    for (const GeneFamilyEntry& f : cx.lex.gene_families()) {
      bool named = f.id == name ||
                   std::find(f.aliases.begin(), f.aliases.end(), name) != f.aliases.end();
      if (named) out.targets.push_back(MakeEntityId(EntityKind::kGeneFamily, f.id));
    }
  }
  return out;
}

// Section headings naming a class or a target: the drugs of the section
// that the lexicon files under that class join it (and get its targets);
// those whose lexicon targets include a target the heading names act on it.
// Inferred from the document's structure, never from the heading alone: a
// drug of the section the lexicon does not agree with gets nothing.
void HeadingTargets(Context& cx, const DrugLexicon& known) {
  std::vector<HeadingNames> names(cx.doc.sections.size());
  const std::vector<std::vector<std::string>> class_forms = ClassForms(cx.lex);
  for (size_t i = 0; i < cx.doc.sections.size(); ++i) {
    names[i] = ReadHeading(cx, cx.doc.sections[i].title, class_forms);
  }
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    int section = cx.SectionOf(si);
    if (section < 0) continue;
    const HeadingNames& heading = names[size_t(section)];
    if (heading.classes.empty() && heading.targets.empty()) continue;
    for (const Mention* d : cx.by_sentence[si]) {
      if (d->kind != MentionKind::kDrug) continue;
      auto classes = known.classes.find(d->entity_id);
      for (const std::string& c : heading.classes) {
        if (classes == known.classes.end() || !classes->second.count(c)) continue;
        cx.out.Add(d->entity_id, pred::kMemberOf, c, {}, si, "section-class", false);
        for (const std::string& t : known.class_targets.at(c)) {
          AddTarget(cx, d->entity_id, known.class_relation.at(c), t, si, "section-class",
                    false);
        }
      }
      for (const std::string& t : heading.targets) {
        if (LexiconAgrees(known, d->entity_id, t)) {
          AddTarget(cx, d->entity_id, pred::kInhibits, t, si, "section-target", false);
        }
      }
    }
  }
}

// Tables with a class column: each row's drugs belong to the row's class
// (an empty class cell repeats the one above).
void TableTargets(Context& cx) {
  for (const Table& table : cx.doc.tables) {
    int class_col = -1, drug_col = -1;
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string h = Lower(table.header[i]);
      if (class_col < 0 && (h.find("class") != std::string::npos ||
                            h.find("target") != std::string::npos)) {
        class_col = int(i);
      } else if (drug_col < 0 && (h.find("drug") != std::string::npos ||
                                  h.find("agent") != std::string::npos ||
                                  h.find("therapy") != std::string::npos)) {
        drug_col = int(i);
      }
    }
    if (class_col < 0 || drug_col < 0) continue;
    const Mention* last_class = nullptr;
    for (const Table::Row& row : table.rows) {
      auto in_cell = [&](const Mention* m, int col) {
        if (col >= int(row.cells.size())) return false;
        return m->begin >= row.cells[col].first && m->end <= row.cells[col].second;
      };
      const Mention* cls = nullptr;
      bool class_cell_empty = class_col >= int(row.cells.size()) ||
                              row.cells[class_col].second <= row.cells[class_col].first;
      for (const Mention* m : cx.by_sentence[row.sentence]) {
        bool names = m->kind == MentionKind::kDrugClass || IsTargetLike(*m);
        if (names && in_cell(m, class_col) &&
            (!cls || cls->kind != MentionKind::kDrugClass)) {
          cls = m;
        }
      }
      if (cls)
        last_class = cls;
      else if (class_cell_empty)
        cls = last_class;
      else
        last_class = nullptr;
      if (!cls) continue;
      for (const Mention* d : cx.by_sentence[row.sentence]) {
        if (d->kind != MentionKind::kDrug || !in_cell(d, drug_col)) continue;
        if (cls->kind == MentionKind::kDrugClass) {
          AddMembership(cx, *d, *cls, row.sentence, "table-class-column", true);
        } else {
          AddTarget(cx, d->entity_id, pred::kTargets, cls->entity_id, row.sentence,
                    "table-target-column", true);
        }
      }
    }
  }
}

}  // namespace

// The target grammar, sentence by sentence, then the document's structure.
void RelateClasses(Context& cx) {
  std::set<std::string> named;
  for (const auto& ms : cx.by_sentence) {
    for (const Mention* m : ms) named.insert(m->entity_id);
  }
  const DrugLexicon known = MakeDrugLexicon(cx.lex, named);
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    for (const Mention* c : cx.by_sentence[si]) {
      if (c->kind != MentionKind::kDrugClass) continue;
      // A class printed as a drug's descriptor ("bortezomib (a proteasome
      // inhibitor)") gives its target to the drug; a class the sentence is
      // about states a class fact.
      if (!ClassApposition(cx, si, *c)) ClassStatement(cx, si, *c);
      ClassCooccurrence(cx, si, *c, known);
    }
    NamedProducts(cx, si);
    VerbTargets(cx, si);
    DescriptionTargets(cx, si);
    PrenominalTargets(cx, si);
    IndicationTargets(cx, si);
    LexiconTargetsInSentence(cx, si, known);
  }
  HeadingTargets(cx, known);
  TableTargets(cx);
}

// ---------------------------------------------------------------- activity

namespace {

// A sentence that studies or gives agent `a` to patients or cells with the
// group, printed after it: "trials of D in infants with F", "D was given to
// children with F-rearranged leukemia", "D for patients harbouring F".
bool StudiedInGroup(const Context& cx, size_t si, const Mention& a, const Mention& group,
                    std::string_view lower_sentence) {
  static const RE2 kTie(
      R"(\b(?:in|to|for|of)\s+(?:[\w/-]+\s+){0,3}?(?:infants|patients|children|adults|cases|subjects|cells|blasts)\s+(?:with|harbou?ring|carrying|bearing)\s+(?:[\w/-]+\s+){0,3}?$)");
  if (group.begin < a.end || group.begin - a.end > 160) return false;
  if (!HasStem(lower_sentence, {"trial", "stud", "investigat", "treat", "given",
                                "administ", "receiv", "evaluat", "tested"})) {
    return false;
  }
  // No other agent between: "D1 then D2 in patients with F" ties D2.
  for (const Mention* m : cx.by_sentence[si]) {
    if (IsAgent(*m) && m != &a && m->begin >= a.end && m->end <= group.begin)
      return false;
  }
  std::string gap = Lower(cx.doc.Slice(a.end, group.begin));
  return RE2::PartialMatch(gap, kTie);
}

// A cohort named in one sentence and described in another of the same
// paragraph: "Eleven infants were treated with D ... All patients had G":
// the drug's sentence reports treating patients, the group's sentence says
// the patients had the fusion, and the paragraph names no other fusion.
// Inferred (the tie is the cohort, not one sentence); never from two
// sentences that only share a paragraph.
void ActivityInCohort(Context& cx) {
  static const RE2 kTreated(
      R"(\b(?:patients|infants|children|adults|cases|subjects)\b.{0,60}\b(?:treated with|received|were given|was given|receiving)\b)");
  static const RE2 kHad(
      R"(\b(?:all|each|both|these|the)\s+(?:\w+\s+){0,2}(?:patients|infants|children|cases|subjects)\s+(?:had|harbou?red|carried|were positive for|showed)\b)");
  std::map<size_t, std::vector<size_t>> blocks;
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    if (cx.doc.blocks[cx.BlockOf(si)].kind == BlockKind::kParagraph) {
      blocks[cx.BlockOf(si)].push_back(si);
    }
  }
  for (const auto& [block, sentences] : blocks) {
    std::set<std::string> fusions;
    std::string cohort_fusion;
    for (size_t si : sentences) {
      bool drugs = false;
      for (const Mention* m : cx.by_sentence[si]) {
        if (IsFusionLike(*m)) fusions.insert(m->entity_id);
        if (IsAgent(*m)) drugs = true;
      }
      if (drugs) continue;
      std::string lower = Lower(cx.SentenceText(si));
      if (!RE2::PartialMatch(lower, kHad)) continue;
      for (const Mention* m : cx.by_sentence[si]) {
        if (IsFusionLike(*m)) cohort_fusion = m->entity_id;
      }
    }
    if (fusions.size() != 1 || cohort_fusion.empty()) continue;
    for (size_t si : sentences) {
      std::string lower = Lower(cx.SentenceText(si));
      if (!RE2::PartialMatch(lower, kTreated) || ExposureContext(lower)) continue;
      if (HasStem(lower, {"resistan", "no significant", "did not", "not improve",
                          "poor response", "ineffective", "inferior", "prognos"})) {
        continue;
      }
      for (const Mention* a : cx.by_sentence[si]) {
        if (a->kind != MentionKind::kDrug) continue;
        cx.out.Add(a->entity_id, pred::kActiveIn, cohort_fusion, {}, si,
                   "agent-activity-cohort", false);
      }
    }
  }
}

}  // namespace

void RelateActivity(Context& cx) {
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    const Mention* fusion = nullptr;
    for (const Mention* m : ms) {
      if (IsFusionLike(*m)) {
        fusion = m;
        break;
      }
    }
    if (!fusion) continue;
    std::string lower = Lower(cx.SentenceText(si));
    // Efficacy ("kill", "effective", "responses observed") or a trial of the
    // agent in the group; not a prognostic remark ("poor response to
    // prednisone") nor a negative result.
    bool cue = HasStem(lower, {"kill",
                               "sensitiv",
                               "activity",
                               "active against",
                               "effective",
                               "efficac",
                               "responses",
                               "remission",
                               "promising",
                               "synergi",
                               "reduc",
                               "suppress",
                               "eradicat",
                               "apoptosis",
                               "pilot",
                               "trial of",
                               "trial to",
                               "inhibit the growth",
                               "inhibited the growth",
                               "antileuk"});
    if (ExposureContext(lower)) continue;
    if (HasStem(lower,
                {"resistan", "no significant", "did not", "does not improve",
                 "not improve", "poor response", "ineffective", "inferior", "prognos"})) {
      continue;
    }
    for (const Mention* a : ms) {
      if (!IsAgent(*a)) continue;
      if (cue) {
        cx.out.Add(a->entity_id, pred::kActiveIn, fusion->entity_id, {}, si,
                   "agent-activity", true);
      } else if (a->kind == MentionKind::kDrug &&
                 StudiedInGroup(cx, si, *a, *fusion, lower)) {
        cx.out.Add(a->entity_id, pred::kActiveIn, fusion->entity_id, {}, si,
                   "agent-in-group", true);
      }
    }
  }

  ActivityInCohort(cx);
}

}  // namespace lg::ingest::relate_internal
