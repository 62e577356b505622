#include "ingest/relate.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "ingest/words.h"

namespace lg::ingest {
namespace {

using graph::EntityKind;
using graph::Evidence;
using graph::Fact;
using graph::MakeEntityId;
namespace pred = graph::pred;

std::string Lower(std::string_view s) {
  // ASCII only, as std::tolower in the "C" locale, without a libc call per
  // byte (a hot path: sentences and gaps are lowered many times).
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ContainsWord(std::string_view lower_text, std::string_view word) {
  size_t pos = 0;
  while ((pos = lower_text.find(word, pos)) != std::string_view::npos) {
    bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(lower_text[pos - 1]));
    size_t e = pos + word.size();
    bool right = e >= lower_text.size() ||
                 !std::isalnum(static_cast<unsigned char>(lower_text[e]));
    if (left && right) return true;
    pos = e;
  }
  return false;
}

// Any word of `text` (lower case) starting with one of `stems`.
bool HasStem(std::string_view lower_text, std::initializer_list<std::string_view> stems) {
  for (std::string_view stem : stems) {
    size_t pos = 0;
    while ((pos = lower_text.find(stem, pos)) != std::string_view::npos) {
      if (pos == 0 || !std::isalnum(static_cast<unsigned char>(lower_text[pos - 1]))) {
        return true;
      }
      pos += stem.size();
    }
  }
  return false;
}

// A sentence about exposure to an agent as a cause ("maternal exposure to
// DNA topoisomerase II inhibitors may increase the risk of leukemia") states
// nothing about the agent as a therapy.
bool ExposureContext(std::string_view lower) {
  return HasStem(lower, {"exposure", "exposed to", "risk of", "etiolog", "aetiolog",
                         "carcinogen"});
}

bool IsAgent(const Mention& m) {
  return m.kind == MentionKind::kDrug || m.kind == MentionKind::kDrugClass;
}
bool IsFusionLike(const Mention& m) {
  return m.kind == MentionKind::kFusion || m.kind == MentionKind::kKaryotype;
}
bool IsTargetLike(const Mention& m) {
  return m.kind == MentionKind::kGene || m.kind == MentionKind::kGeneFamily ||
         m.kind == MentionKind::kProcess;
}

// Evidence text is bounded: a sentence of at most kMaxEvidenceBytes original
// bytes is stored whole; a longer one (a run-on text the splitter cut only at
// its 16 KB limit, a table row with thousands of cells) is stored as a window
// of exactly kMaxEvidenceBytes bytes of it, fewer only to avoid cutting a
// UTF-8 character, around the fact's own mentions in the sentence: the
// closest pair of a subject and an object mention, padded evenly on both
// sides; the subject's or the object's mention when only one is named there;
// the sentence's first bytes when neither is (an inferred fact). The window
// is original bytes, never rewritten, and the span is the window's, so
// `sentence` stays exactly the bytes of `span` (query/JSON.md); a span that
// does not cover its whole sentence is how a reader sees the cut. One
// evidence per (fact, sentence, rule) as for any sentence. Without the bound
// every fact of a 16 KB run-on sentence held its own 16 KB copy (hundreds of
// MB per input MB on mention-dense text). The longest sentence used as
// evidence in the real reviews is ~450 bytes, so they are unaffected.
constexpr uint64_t kMaxEvidenceBytes = 1024;

// Collects entities and facts, merging evidence of equal facts.
class Builder {
 public:
  Builder(const Document& doc, std::string source_id)
      : doc_(doc), source_(std::move(source_id)) {}

  // The mentions of each sentence, used to place the evidence window of an
  // overlong sentence. Not owned; must outlive the Builder.
  void SetMentions(const std::vector<std::vector<const Mention*>>* by_sentence) {
    by_sentence_ = by_sentence;
  }

  // Citations to use for sentence `si` when they differ from the
  // sentence's own (see TrialCitations).
  void SetRefs(size_t si, std::vector<std::string> refs) {
    refs_override_[si] = std::move(refs);
  }

  graph::Entity& Entity(const std::string& id, EntityKind kind, const std::string& label) {
    auto [it, inserted] = entities_.try_emplace(id);
    if (inserted) {
      it->second.id = id;
      it->second.kind = kind;
      it->second.label = label;
    }
    return it->second;
  }
  bool HasEntity(const std::string& id) const { return entities_.count(id) > 0; }
  graph::Entity* FindEntity(const std::string& id) {
    auto it = entities_.find(id);
    return it == entities_.end() ? nullptr : &it->second;
  }
  void Alias(const std::string& id, const std::string& surface) {
    auto it = entities_.find(id);
    if (it == entities_.end() || surface.empty()) return;
    it->second.aliases.push_back(surface);
  }

  // Adds `fact` (subject, predicate, object, attributes) with evidence from
  // sentence `si`.
  void Add(const std::string& subject, std::string_view predicate, const std::string& object,
           std::map<std::string, std::string> attributes, size_t si, std::string rule,
           bool stated) {
    if (subject == object || subject.empty() || object.empty()) return;
    for (const std::string* id : {&subject, &object}) {
      if (entities_.count(*id)) continue;
      auto parsed = graph::ParseEntityId(*id);
      if (parsed.ok()) Entity(*id, parsed->kind, parsed->key);
    }
    Fact f;
    f.subject = subject;
    f.predicate = std::string(predicate);
    f.object = object;
    f.attributes = std::move(attributes);
    f.id = graph::ComputeFactId(f);
    const Sentence& s = doc_.sentences[si];
    auto [ob, oe] = doc_.text.ToOriginal(s.begin, s.end);
    std::string id = f.id;
    Fact& fact = facts_.try_emplace(std::move(id), std::move(f)).first->second;
    // One evidence per (fact, sentence, rule): a hash set of small keys, so
    // that a fact stated in n sentences costs O(n), not a rescan of its
    // evidence. A fact is named by its node's address (std::map nodes do
    // not move), a rule by its index in rule_ids_.
    uint32_t rule_id = rule_ids_.try_emplace(rule, uint32_t(rule_ids_.size())).first->second;
    if (!evidence_keys_.insert(EvidenceKey{&fact, ob, rule_id}).second) return;
    Evidence ev;
    ev.source = source_;
    if (oe - ob > kMaxEvidenceBytes) {
      std::tie(ob, oe) = EvidenceWindow(si, subject, object, ob, oe);
    }
    ev.begin = ob;
    ev.end = oe;
    ev.sentence = doc_.text.original.substr(ob, oe - ob);
    if (auto it = refs_override_.find(si); it != refs_override_.end()) {
      ev.refs = it->second;
      ev.refs_inherited = true;
    } else {
      ev.refs = s.refs;
      ev.refs_inherited = s.refs_inherited;
    }
    ev.rule = std::move(rule);
    ev.stated = stated;
    fact.evidence.push_back(std::move(ev));
  }

  Extraction Finish() {
    Extraction out;
    std::set<std::string> endpoints;
    for (auto& [id, f] : facts_) {
      std::sort(f.evidence.begin(), f.evidence.end(), [](const Evidence& a, const Evidence& b) {
        return std::tie(a.source, a.begin, a.rule) < std::tie(b.source, b.begin, b.rule);
      });
      endpoints.insert(f.subject);
      endpoints.insert(f.object);
      out.facts.push_back(std::move(f));
    }
    for (auto& [id, e] : entities_) {
      std::sort(e.aliases.begin(), e.aliases.end());
      e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
      out.entities.push_back(std::move(e));
    }
    evidence_keys_.clear();  // before facts_: its keys point into it
    facts_.clear();
    entities_.clear();
    return out;
  }

 private:
  // The window of at most kMaxEvidenceBytes original bytes of the sentence
  // `si` (original span [ob, oe)) for a fact between `subject` and `object`;
  // see kMaxEvidenceBytes. Linear in the sentence's mentions.
  std::pair<uint64_t, uint64_t> EvidenceWindow(size_t si, const std::string& subject,
                                               const std::string& object, uint64_t ob,
                                               uint64_t oe) const {
    // Focus, in normalised offsets: the closest subject-object pair, else
    // the first mention of either; none: the sentence start.
    bool found = false;
    size_t fb = 0, fe = 0;
    if (by_sentence_ && si < by_sentence_->size()) {
      const Mention* last_subject = nullptr;
      const Mention* last_object = nullptr;
      const Mention* single = nullptr;
      for (const Mention* m : (*by_sentence_)[si]) {
        bool is_subject = m->entity_id == subject;
        bool is_object = m->entity_id == object;
        if (!is_subject && !is_object) continue;
        if (!single) single = m;
        const Mention* other = is_subject ? last_object : last_subject;
        if (other) {
          size_t b = std::min(m->begin, other->begin);
          size_t e = std::max(m->end, other->end);
          if (!found || e - b < fe - fb) {
            fb = b;
            fe = e;
            found = true;
          }
        }
        (is_subject ? last_subject : last_object) = m;
      }
      if (!found && single) {
        fb = single->begin;
        fe = single->end;
        found = true;
      }
    }
    uint64_t wb = ob, we = ob;
    if (found) {
      auto [mb, me] = doc_.text.ToOriginal(fb, fe);
      mb = std::clamp(mb, ob, oe);
      me = std::clamp(me, mb, oe);
      wb = mb;
      we = me;
    }
    if (we - wb >= kMaxEvidenceBytes) {
      we = wb + kMaxEvidenceBytes;
    } else {
      // Pad evenly; what one side cannot take goes to the other.
      uint64_t pad = kMaxEvidenceBytes - (we - wb);
      uint64_t left = std::min(pad / 2, wb - ob);
      uint64_t right = std::min(pad - left, oe - we);
      left = std::min(pad - right, wb - ob);
      wb -= left;
      we += right;
    }
    // Never cut a UTF-8 character: start and end on a lead or ASCII byte.
    const std::string& text = doc_.text.original;
    auto continuation = [&](uint64_t i) {
      return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    };
    while (wb < we && continuation(wb)) ++wb;
    while (we > wb && we < oe && continuation(we)) --we;
    return {wb, we};
  }

  const Document& doc_;
  std::string source_;
  std::map<std::string, graph::Entity> entities_;
  std::map<std::string, Fact> facts_;
  std::map<size_t, std::vector<std::string>> refs_override_;
  struct EvidenceKey {
    const Fact* fact;
    uint64_t sentence_begin;  // original offset
    uint32_t rule;
    bool operator==(const EvidenceKey& o) const {
      return fact == o.fact && sentence_begin == o.sentence_begin && rule == o.rule;
    }
  };
  struct EvidenceKeyHash {
    size_t operator()(const EvidenceKey& k) const {
      uint64_t h = reinterpret_cast<uintptr_t>(k.fact);
      h = (h ^ k.sentence_begin) * 0x9E3779B97F4A7C15ULL;
      h = (h ^ k.rule) * 0x9E3779B97F4A7C15ULL;
      return static_cast<size_t>(h ^ (h >> 29));
    }
  };
  std::unordered_set<EvidenceKey, EvidenceKeyHash> evidence_keys_;
  std::map<std::string, uint32_t> rule_ids_;
  const std::vector<std::vector<const Mention*>>* by_sentence_ = nullptr;
};

// Everything the rules share about the document.
struct Context {
  const Document& doc;
  const Lexicon& lex;
  Builder& out;
  std::vector<std::vector<const Mention*>> by_sentence;  // mentions per sentence
  // Trial identity: any trial entity id -> canonical trial id.
  std::map<std::string, std::string> trial_canonical;

  std::string_view SentenceText(size_t si) const {
    const Sentence& s = doc.sentences[si];
    return doc.Slice(s.begin, s.end);
  }
  // The text between two mentions, a before b (empty when they overlap). A
  // view: callers check its length before copying or matching, so that
  // sentences with many mentions stay linear in practice.
  std::string_view Gap(const Mention& a, const Mention& b) const {
    if (b.begin < a.end) return {};
    return doc.Slice(a.end, b.begin);
  }
  size_t BlockOf(size_t si) const { return doc.sentences[si].block; }
  int SectionOf(size_t si) const { return doc.blocks[BlockOf(si)].section; }
  std::string Trial(const std::string& id) const {
    auto it = trial_canonical.find(id);
    return it == trial_canonical.end() ? id : it->second;
  }
};

// ---------------------------------------------------------------- entities

void AddEntities(Context& cx, const std::vector<Mention>& mentions) {
  for (const Mention& m : mentions) {
    switch (m.kind) {
      case MentionKind::kGene: {
        auto& e = cx.out.Entity(m.entity_id, EntityKind::kGene, m.label);
        if (const GeneEntry* g = cx.lex.FindSymbol(m.label)) {
          if (!g->name.empty()) e.attributes["name"] = g->name;
          if (!g->cytoband.empty()) e.attributes["cytoband"] = g->cytoband;
        }
        cx.out.Alias(m.entity_id, m.surface);
        break;
      }
      case MentionKind::kFusion:
      case MentionKind::kKaryotype: {
        cx.out.Entity(m.entity_id, EntityKind::kFusion, m.label);
        if (m.rule != "fusion-partner-table") cx.out.Alias(m.entity_id, m.surface);
        if (m.kind == MentionKind::kKaryotype) {
          // "t(4;11)(q21;q23)" is also reachable as "t(4;11)".
          size_t close = m.surface.find(')');
          if (close != std::string::npos) cx.out.Alias(m.entity_id, m.surface.substr(0, close + 1));
        }
        break;
      }
      case MentionKind::kGeneFamily:
      case MentionKind::kProcess:
      case MentionKind::kDrug:
      case MentionKind::kDrugClass:
      case MentionKind::kCondition: {
        // The id's kind is the entity's kind.
        auto parsed = graph::ParseEntityId(m.entity_id);
        if (!parsed.ok()) break;
        cx.out.Entity(m.entity_id, parsed->kind, m.label);
        cx.out.Alias(m.entity_id, m.surface);
        break;
      }
      case MentionKind::kTrial:
        break;  // after identity resolution
    }
  }
}

// ---------------------------------------------------------------- structure

void RelateStructure(Context& cx, const std::vector<Mention>& mentions) {
  std::set<std::string> groups_mentioned;
  for (const Mention& m : mentions) {
    if (IsFusionLike(m) && m.three_prime == "?") groups_mentioned.insert(m.entity_id);
  }
  for (const Mention& m : mentions) {
    if (!IsFusionLike(m)) continue;
    std::string g5 = MakeEntityId(EntityKind::kGene, m.five_prime);
    cx.out.Entity(g5, EntityKind::kGene, m.five_prime);
    cx.out.Add(m.entity_id, pred::kInvolves, g5, {{"role", "5prime"}}, m.sentence,
               "fusion-structure", true);
    if (m.three_prime == "?") continue;
    std::string g3 = MakeEntityId(EntityKind::kGene, m.three_prime);
    cx.out.Entity(g3, EntityKind::kGene, m.three_prime);
    cx.out.Add(m.entity_id, pred::kInvolves, g3, {{"role", "3prime"}}, m.sentence,
               "fusion-structure", true);
    // A specific fusion is a member of its 5' gene's rearrangement group, and
    // of its 3' gene's group when the text speaks of that group.
    // A specific fusion is a member of the rearrangement groups of its genes
    // that the text speaks of (KMT2A::AFF1 of KMT2A::? in a KMT2A-r review);
    // no group is invented for a text that never names one.
    for (const std::string& gene : {m.five_prime, m.three_prime}) {
      std::string group = MakeEntityId(EntityKind::kFusion, graph::FusionKey(gene, "?"));
      if (groups_mentioned.count(group)) {
        cx.out.Add(m.entity_id, pred::kMemberOf, group, {}, m.sentence,
                   "fusion-group-member", true);
      }
    }
  }
  for (const Mention& m : mentions) {
    if (IsFusionLike(m) && m.three_prime == "?") {
      std::string g5 = MakeEntityId(EntityKind::kGene, m.five_prime);
      cx.out.Entity(g5, EntityKind::kGene, m.five_prime);
      cx.out.Add(m.entity_id, pred::kInvolves, g5, {{"role", "5prime"}}, m.sentence,
                 "fusion-structure", true);
    }
  }
}

// ---------------------------------------------------------------- classes

// Drug `d` belongs to class `c`; the class's targets become the drug's.
void AddMembership(Context& cx, const Mention& d, const Mention& c, size_t si,
                   const std::string& rule, bool stated) {
  cx.out.Add(d.entity_id, pred::kMemberOf, c.entity_id, {}, si, rule, stated);
  std::string relation = c.class_relation.empty() ? "inhibits" : c.class_relation;
  for (const std::string& t : c.class_targets) {
    cx.out.Add(d.entity_id, relation, t, {}, si, rule, stated);
  }
}

bool LexiconClassOf(const Context& cx, const Mention& drug, const Mention& cls) {
  for (const DrugEntry& d : cx.lex.drugs()) {
    if (MakeEntityId(EntityKind::kDrug, d.name) != drug.entity_id) continue;
    for (const std::string& c : d.classes) {
      if (MakeEntityId(EntityKind::kDrugClass, c) == cls.entity_id) return true;
    }
  }
  return false;
}

// True when `surface` (a class as printed) names the target `target_id`:
// its key, or a curated alias of the gene or family ("BCL-2" for BCL2).
bool NamesTarget(const Context& cx, std::string_view surface, const std::string& target_id) {
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

void RelateClasses(Context& cx) {
  static const RE2 kBeforeDrug(
      R"(^\s*(?:\(\s*)?(?:(?:such as|including|like|e\.?g\.?,?|eg,?|namely|with)\s*)?$)");
  static const RE2 kAfterDrug(
      R"(^\s*(?:,|\(|as|is)\s*(?:a|an|the)?\s*(?:first|second|third|novel|new|potent|selective|oral|small-molecule|[\w-]+,?)?\s*(?:[\w-]+,?\s*){0,3}$)");
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    std::string lower = Lower(cx.SentenceText(si));
    for (const Mention* c : ms) {
      if (c->kind != MentionKind::kDrugClass) continue;
      // The class acts on the targets its name states ("FLT3 inhibitors",
      // "BCL-2 inhibitors"); a name that does not ("demethylating agents")
      // states no target here.
      std::string relation = c->class_relation.empty() ? "inhibits" : c->class_relation;
      bool descriptor = false;  // set below when the class describes a drug
      // A heading or caption names a topic; it states no class fact.
      BlockKind bk = cx.doc.blocks[cx.BlockOf(si)].kind;
      bool statement = bk == BlockKind::kParagraph || bk == BlockKind::kTableRow;
      // Apposition with drugs; a list after "such as" continues while only
      // separators stand between drugs.
      const Mention* prev = c;
      for (const Mention* d : ms) {
        if (d->kind != MentionKind::kDrug || d->begin < c->end) continue;
        std::string_view gap_view = cx.Gap(*prev, *d);
        if (gap_view.size() > 40) break;
        re2::StringPiece gap(gap_view.data(), gap_view.size());
        // Compiled once (a literal here would build an RE2 per call).
        static const RE2 kListSeparator(R"(^\s*(?:,|and|or|, and|, or)\s*$)");
        bool ok = prev == c ? RE2::FullMatch(gap, kBeforeDrug)
                            : RE2::FullMatch(gap, kListSeparator);
        if (!ok) break;
        AddMembership(cx, *d, *c, si, "class-apposition", true);
        descriptor = true;
        prev = d;
      }
      for (const Mention* d : ms) {
        if (d->kind != MentionKind::kDrug || d->end > c->begin) continue;
        std::string_view gap = cx.Gap(*d, *c);
        if (gap.size() > 60 || !RE2::FullMatch(re2::StringPiece(gap.data(), gap.size()),
                                               kAfterDrug)) {
          continue;
        }
        // No other drug between them.
        bool other = std::any_of(ms.begin(), ms.end(), [&](const Mention* o) {
          return o != d && o->kind == MentionKind::kDrug && o->begin >= d->end &&
                 o->end <= c->begin;
        });
        if (other) continue;
        AddMembership(cx, *d, *c, si, "class-apposition", true);
        descriptor = true;
        // Genes named inside the gap ("blinatumomab, a CD3-CD19 bispecific
        // T-cell engager") are the drug's targets.
        for (const Mention* g : ms) {
          if (IsTargetLike(*g) && g->begin >= d->end && g->end <= c->begin) {
            cx.out.Add(d->entity_id, pred::kTargets, g->entity_id, {}, si,
                       "class-apposition-target", true);
          }
        }
      }
      // A class printed as a drug's descriptor ("bortezomib (a proteasome
      // inhibitor)") gives its target to the drug; a class the sentence is
      // about ("FLT3 inhibitors synergise with ...") states a class fact.
      if (!descriptor && statement && !ExposureContext(lower)) {
        for (const std::string& t : c->class_targets) {
          if (NamesTarget(cx, c->surface, t)) {
            cx.out.Add(c->entity_id, relation, t, {}, si, "class-target", true);
          }
        }
      }
      // A drug of the same sentence that the lexicon files under this class.
      for (const Mention* d : ms) {
        if (d->kind == MentionKind::kDrug && LexiconClassOf(cx, *d, *c)) {
          AddMembership(cx, *d, *c, si, "class-cooccurrence", false);
        }
      }
    }
    // Products named by their targets ("CD19/CD22 CAR-T cells").
    for (const Mention* d : ms) {
      if (d->kind != MentionKind::kDrug) continue;
      for (const std::string& t : d->class_targets) {
        cx.out.Add(d->entity_id, d->class_relation, t, {}, si, d->rule, true);
      }
    }
    // Verbs: "D inhibits G", "D targets G", "D binds G".
    for (const Mention* d : ms) {
      if (d->kind != MentionKind::kDrug) continue;
      for (const Mention* g : ms) {
        if (!IsTargetLike(*g) || g->begin < d->end) continue;
        if (cx.Gap(*d, *g).size() > 40) continue;
        std::string gap = Lower(cx.Gap(*d, *g));
        static const RE2 kVerb(
            R"(^\s*(?:,[^,]*,\s*)?(?:which\s+|that\s+|selectively\s+|potently\s+|directly\s+)?(inhibits|inhibited|targets|targeted|binds|binds to|blocks|antagonizes|antagonises|degrades)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$)");
        std::string verb;
        if (!RE2::FullMatch(gap, kVerb, &verb)) continue;
        std::string_view p = pred::kTargets;
        if (verb.rfind("inhibit", 0) == 0 || verb == "blocks" || verb == "degrades") {
          p = pred::kInhibits;
        } else if (verb.rfind("bind", 0) == 0) {
          p = pred::kBinds;
        } else if (verb.rfind("antagoni", 0) == 0) {
          p = pred::kAntagonises;
        }
        cx.out.Add(d->entity_id, p, g->entity_id, {}, si, "drug-verb-target", true);
      }
    }
  }

  // Section headings naming a class: drugs in that section which the lexicon
  // files under the class.
  // The class mentions of each block in sentence order, gathered once (not
  // by a scan of every sentence per sentence: quadratic on long texts).
  std::vector<std::vector<const Mention*>> block_classes(cx.doc.blocks.size());
  for (size_t hi = 0; hi < cx.by_sentence.size(); ++hi) {
    for (const Mention* m : cx.by_sentence[hi]) {
      if (m->kind == MentionKind::kDrugClass) block_classes[cx.BlockOf(hi)].push_back(m);
    }
  }
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    int section = cx.SectionOf(si);
    if (section < 0) continue;
    const Section& sec = cx.doc.sections[section];
    // The heading's own class mentions.
    const std::vector<const Mention*>& classes = block_classes[sec.block];
    if (classes.empty()) continue;
    for (const Mention* d : cx.by_sentence[si]) {
      if (d->kind != MentionKind::kDrug) continue;
      for (const Mention* c : classes) {
        if (LexiconClassOf(cx, *d, *c)) AddMembership(cx, *d, *c, si, "section-class", false);
      }
    }
  }

  // Tables with a class column: each row's drugs belong to the row's class
  // (an empty class cell repeats the one above).
  for (const Table& table : cx.doc.tables) {
    int class_col = -1, drug_col = -1;
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string h = Lower(table.header[i]);
      if (class_col < 0 && h.find("class") != std::string::npos) class_col = int(i);
      else if (drug_col < 0 && (h.find("drug") != std::string::npos ||
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
      bool class_cell_empty =
          class_col >= int(row.cells.size()) ||
          row.cells[class_col].second <= row.cells[class_col].first;
      for (const Mention* m : cx.by_sentence[row.sentence]) {
        if (m->kind == MentionKind::kDrugClass && in_cell(m, class_col)) cls = m;
      }
      if (cls) last_class = cls;
      else if (class_cell_empty) cls = last_class;
      else last_class = nullptr;
      if (!cls) continue;
      for (const Mention* d : cx.by_sentence[row.sentence]) {
        if (d->kind == MentionKind::kDrug && in_cell(d, drug_col)) {
          AddMembership(cx, *d, *cls, row.sentence, "table-class-column", true);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- biology

void RelateBiology(Context& cx) {
  // The fusion or group a paragraph is about: its most recent mention.
  std::map<size_t, const Mention*> topic;  // block -> fusion mention
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    size_t block = cx.BlockOf(si);
    const Mention* here = nullptr;
    for (const Mention* m : cx.by_sentence[si]) {
      if (IsFusionLike(*m)) here = m;
    }
    if (here) topic[block] = here;
    const Mention* fusion = here;
    bool stated = true;
    if (!fusion) {
      auto it = topic.find(block);
      if (it == topic.end()) continue;
      fusion = it->second;
      stated = false;
    }
    std::string lower = Lower(cx.SentenceText(si));
    bool over = HasStem(lower, {"overexpress", "upregulat", "high expression",
                                "high levels", "highly expressed", "aberrant activation",
                                "constitutively activ"});
    bool depends = HasStem(lower, {"depend", "required", "requires", "essential",
                                   "critical for", "critical component", "vulnerab",
                                   "driven by", "recruit", "necessary", "abnormal",
                                   "aberrant", "hypermethyl"});
    if (!over && !depends) continue;
    std::set<std::string> own_genes = {MakeEntityId(EntityKind::kGene, fusion->five_prime),
                                       MakeEntityId(EntityKind::kGene, fusion->three_prime)};
    std::vector<const Mention*> candidates = cx.by_sentence[si];
    // "This interaction is critical for leukemia with KMT2A rearrangements":
    // the genes are those of the previous sentence of the paragraph.
    if (here && si > 0 && cx.BlockOf(si - 1) == block &&
        HasStem(lower, {"this interaction", "this complex", "this binding",
                        "these interactions", "this dependency"})) {
      for (const Mention* m : cx.by_sentence[si - 1]) candidates.push_back(m);
    }
    for (const Mention* g : candidates) {
      bool process = g->kind == MentionKind::kProcess;
      if (g->kind != MentionKind::kGene && g->kind != MentionKind::kGeneFamily && !process) {
        continue;
      }
      if (own_genes.count(g->entity_id)) continue;
      // Genes inside a fusion mention are its partners, not dependencies.
      bool inside = std::any_of(cx.by_sentence[si].begin(), cx.by_sentence[si].end(),
                                [&](const Mention* f) {
                                  return IsFusionLike(*f) && f->begin <= g->begin &&
                                         g->end <= f->end;
                                });
      if (inside) continue;
      bool overexpressed = over && !process;
      cx.out.Add(fusion->entity_id, overexpressed ? pred::kOverexpresses : pred::kDependsOn,
                 g->entity_id, {}, si,
                 overexpressed ? "fusion-overexpression" : "fusion-dependency",
                 stated && g->sentence == si);
    }
  }
}

// ---------------------------------------------------------------- activity

void RelateActivity(Context& cx) {
  std::map<size_t, const Mention*> topic;
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
    bool cue = HasStem(lower, {"kill", "sensitiv", "activity", "active against", "effective",
                               "efficac", "responses", "remission", "promising",
                               "synergi", "reduc", "suppress", "eradicat", "apoptosis",
                               "pilot", "trial of", "trial to", "inhibit the growth",
                               "inhibited the growth", "antileuk"});
    if (!cue || ExposureContext(lower)) continue;
    if (HasStem(lower, {"resistan", "no significant", "did not", "does not improve",
                        "not improve", "poor response", "ineffective", "inferior",
                        "prognos"})) {
      continue;
    }
    for (const Mention* a : ms) {
      if (!IsAgent(*a)) continue;
      cx.out.Add(a->entity_id, pred::kActiveIn, fusion->entity_id, {}, si, "agent-activity",
                 true);
    }
  }

  // A paragraph that names one fusion or group and reports a study or an
  // effect: each agent it names is active in that group ("11 infants were
  // treated with blinatumomab ... All patients had KMT2A rearrangement").
  // Inferred; the agent's own sentence is the evidence and must not be a
  // negative result.
  std::map<size_t, std::vector<size_t>> blocks;
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    if (cx.doc.blocks[cx.BlockOf(si)].kind == BlockKind::kParagraph) {
      blocks[cx.BlockOf(si)].push_back(si);
    }
  }
  for (const auto& [block, sentences] : blocks) {
    std::set<std::string> fusions;
    std::string paragraph;
    for (size_t si : sentences) {
      for (const Mention* m : cx.by_sentence[si]) {
        if (IsFusionLike(*m)) fusions.insert(m->entity_id);
      }
      paragraph += Lower(cx.SentenceText(si)) + " ";
    }
    if (fusions.size() != 1 || ExposureContext(paragraph)) continue;
    if (!HasStem(paragraph, {"study", "trial", "treated with", "received", "kill",
                             "effective", "efficac", "remission", "response", "success"})) {
      continue;
    }
    for (size_t si : sentences) {
      std::string lower = Lower(cx.SentenceText(si));
      if (HasStem(lower, {"resistan", "no significant", "did not", "not improve",
                          "poor response", "ineffective", "inferior", "prognos"})) {
        continue;
      }
      for (const Mention* a : cx.by_sentence[si]) {
        if (a->kind != MentionKind::kDrug) continue;
        cx.out.Add(a->entity_id, pred::kActiveIn, *fusions.begin(), {}, si,
                   "agent-activity-paragraph", false);
      }
    }
  }
}

// ---------------------------------------------------------------- trials

std::string PhaseOf(std::string_view lower) {
  static const RE2 kPhase(
      R"(phase\s*(i{1,3}v?|iv|[1-4])(?:\s*(?:/|-|and)\s*(i{1,3}|[1-4]))?)");
  std::string a, b;
  if (!RE2::PartialMatch(lower, kPhase, &a, &b)) {
    return ContainsWord(lower, "pilot") ? "pilot" : "";
  }
  auto arabic = [](const std::string& r) -> std::string {
    if (r == "i") return "1";
    if (r == "ii") return "2";
    if (r == "iii") return "3";
    if (r == "iv") return "4";
    return r;
  };
  std::string p = arabic(a);
  if (!b.empty()) p += "/" + arabic(b);
  return p;
}

void RelateTrials(Context& cx, const std::vector<Mention>& mentions) {
  // 1. Identity: names tied to registry ids.
  std::map<std::string, std::set<std::string>> name_to_registry;
  auto tie = [&](const Mention& name, const Mention& reg) {
    name_to_registry[name.entity_id].insert(reg.entity_id);
  };
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    std::vector<const Mention*> names, regs;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind != MentionKind::kTrial) continue;
      (m->trial_form == "registry" ? regs : names).push_back(m);
    }
    if (names.empty() || regs.empty()) continue;
    bool row = cx.doc.blocks[cx.BlockOf(si)].kind == BlockKind::kTableRow;
    if (row && names.size() == 1 && regs.size() == 1) {
      tie(*names[0], *regs[0]);
      continue;
    }
    // Apposition: "Interfant-06 protocol (clinicaltrials.gov NCT00550992)",
    // "NCT05327894 (Interfant-21)".
    for (const Mention* n : names) {
      for (const Mention* r : regs) {
        const Mention* a = n->begin < r->begin ? n : r;
        const Mention* b = n->begin < r->begin ? r : n;
        if (cx.Gap(*a, *b).size() > 40) continue;
        std::string gap = Lower(cx.Gap(*a, *b));
        static const RE2 kTie(
            R"(^\s*(?:(?:protocol|trial|study)\s*)?[(\[,;:]\s*(?:[\w.]+\s*(?:identifier|id|number|no\.?)?\s*:?\s*)?$)");
        if (gap.size() <= 40 && RE2::FullMatch(gap, kTie)) tie(*n, *r);
      }
    }
  }
  for (const auto& [name, regs] : name_to_registry) {
    cx.trial_canonical[name] = *regs.begin();
  }

  // 2. Entities with names and registry ids.
  for (const Mention& m : mentions) {
    if (m.kind != MentionKind::kTrial) continue;
    std::string id = cx.Trial(m.entity_id);
    auto parsed = graph::ParseEntityId(id);
    auto& e = cx.out.Entity(id, EntityKind::kTrial, parsed.ok() ? parsed->key : id);
    e.aliases.push_back(m.surface);
  }
  for (const auto& [name, regs] : name_to_registry) {
    auto parsed = graph::ParseEntityId(name);
    for (const std::string& reg : regs) {
      auto* e = cx.out.FindEntity(reg);
      if (!e) continue;
      std::string n = parsed.ok() ? parsed->key : name;
      e->aliases.push_back(n);
      std::string& names = e->attributes["names"];
      if (("|" + names + "|").find("|" + n + "|") == std::string::npos) {
        names = names.empty() ? n : names + "|" + n;
      }
    }
  }
  for (const Mention& m : mentions) {
    if (m.kind != MentionKind::kTrial) continue;
    std::string id = cx.Trial(m.entity_id);
    auto* e = cx.out.FindEntity(id);
    if (!e) continue;
    if (m.trial_form == "registry") {
      e->attributes["registry_ids"] = m.label;
    } else if (id == m.entity_id) {
      e->attributes["names"] = m.label;
    }
  }

}

// Trial attributes and tested drugs, from table rows and sentences.
void RelateTrialFacts(Context& cx) {
  // 3. Attributes and tested drugs from table rows.
  for (const Table& table : cx.doc.tables) {
    int phase_col = -1, status_col = -1, sponsor_col = -1, drug_col = -1;
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string h = Lower(table.header[i]);
      if (h.find("phase") != std::string::npos) phase_col = int(i);
      else if (h.find("status") != std::string::npos || h.find("ongoing") != std::string::npos ||
               h.find("completed") != std::string::npos) status_col = int(i);
      else if (h.find("sponsor") != std::string::npos || h.find("responsible") != std::string::npos)
        sponsor_col = int(i);
      else if (drug_col < 0 && h.find("class") == std::string::npos &&
               (h.find("drug") != std::string::npos || h.find("agent") != std::string::npos ||
                h.find("intervention") != std::string::npos))
        drug_col = int(i);
    }
    std::vector<const Mention*> last_drugs;
    for (const Table::Row& row : table.rows) {
      auto cell = [&](int col) -> std::string {
        if (col < 0 || col >= int(row.cells.size())) return "";
        std::string v(cx.doc.Slice(row.cells[col].first, row.cells[col].second));
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(0, 1);
        return v;
      };
      std::vector<const Mention*> trials, drugs;
      for (const Mention* m : cx.by_sentence[row.sentence]) {
        if (m->kind == MentionKind::kTrial) trials.push_back(m);
        if (m->kind == MentionKind::kDrug && drug_col >= 0 &&
            drug_col < int(row.cells.size()) && m->begin >= row.cells[drug_col].first &&
            m->end <= row.cells[drug_col].second) {
          drugs.push_back(m);
        }
      }
      if (drugs.empty() && !cell(drug_col).empty() && cell(drug_col) != "-") {
        last_drugs.clear();
      }
      if (drugs.empty() && cell(drug_col).empty()) drugs = last_drugs;
      if (!drugs.empty()) last_drugs = drugs;
      std::set<std::string> ids;
      for (const Mention* t : trials) ids.insert(cx.Trial(t->entity_id));
      if (ids.size() != 1) continue;
      const std::string& id = *ids.begin();
      auto* e = cx.out.FindEntity(id);
      if (!e) continue;
      if (std::string p = PhaseOf("phase " + Lower(cell(phase_col))); !p.empty() && phase_col >= 0)
        e->attributes["phase"] = p;
      std::string st = Lower(cell(status_col));
      if (st.find("ongoing") != std::string::npos || st.find("recruit") != std::string::npos ||
          st.find("active") != std::string::npos) {
        e->attributes["status"] = "ongoing";
      } else if (st.find("complet") != std::string::npos) {
        e->attributes["status"] = "completed";
      }
      if (std::string sp = cell(sponsor_col); !sp.empty()) e->attributes["sponsor"] = sp;
      for (const Mention* d : drugs) {
        cx.out.Add(id, pred::kTests, d->entity_id, {}, row.sentence, "table-trial-drug", true);
      }
    }
  }

  // 4. Text: tested drugs, phase and status near a trial mention.
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    if (cx.doc.blocks[cx.BlockOf(si)].kind == BlockKind::kTableRow) continue;
    const auto& ms = cx.by_sentence[si];
    std::set<std::string> trials;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kTrial) trials.insert(cx.Trial(m->entity_id));
    }
    if (trials.size() != 1) continue;
    const std::string& id = *trials.begin();
    std::string lower = Lower(cx.SentenceText(si));
    auto* e = cx.out.FindEntity(id);
    if (e) {
      if (std::string p = PhaseOf(lower); !p.empty() && !e->attributes.count("phase")) {
        e->attributes["phase"] = p;
      }
      if (!e->attributes.count("status")) {
        if (HasStem(lower, {"ongoing", "currently testing", "is testing", "are testing",
                            "recruiting", "has been initiated", "is underway"})) {
          e->attributes["status"] = "ongoing";
        }
      }
    }
    bool cue = HasStem(lower, {"test", "evaluat", "assess", "investigat", "randomi",
                               "receiv", "combination", "combined", "addition", "adding",
                               "incorporat", "treated", "pilot", "arm", "trial of",
                               "study of", "with"});
    if (!cue) continue;
    for (const Mention* d : ms) {
      if (d->kind == MentionKind::kDrug) {
        cx.out.Add(id, pred::kTests, d->entity_id, {}, si, "trial-drug-sentence", true);
      }
    }
  }
}

// ---------------------------------------------------------------- outcomes

struct MeasureHit {
  size_t begin, end;
  std::string measure;
  std::string text;
};
struct ValueHit {
  size_t begin, end;
  std::string value;
  std::string qualifier;
  std::string value_max;
};

std::vector<MeasureHit> FindMeasures(std::string_view s, size_t base) {
  struct Pattern {
    const char* re;
    const char* measure;
  };
  static const std::vector<Pattern> kPatterns = {
      {R"((?i)\b(event[- ]free survival|EFS)\b)", "EFS"},
      {R"((?i)\b(relapse[- ]free survival|RFS)\b)", "RFS"},
      {R"((?i)\b(leuka?emia[- ]free survival|LFS)\b)", "LFS"},
      {R"((?i)\b(disease[- ]free survival|DFS)\b)", "DFS"},
      {R"((?i)\b(overall survival|OS|survival(?: rate)?(?: after relapse)?)\b)", "OS"},
      {R"((?i)\b((?:overall|objective) response rate|ORR)\b)", "ORR"},
      {R"((?i)\b(MRD[- ]negative complete (?:remission|response)|complete (?:remission|response) with negative MRD|MRD[- ]negativity|MRD[- ]negative|negative MRD|MRD[- ]free)\b)",
       "MRD-negativity"},
      {R"((?i)\b((?:partial or complete )?MRD response(?: rate)?)\b)", "MRD response"},
      {R"((?i)\b(complete (?:remission|response)(?: rate)?|second remission|CR rate|CR)\b)", "CR"},
      {R"((?i)\b(relapse rate|cumulative incidence of relapse|relapsed?)\b)", "relapse rate"},
  };
  static const std::vector<std::unique_ptr<RE2>> kCompiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const auto& p : kPatterns) out.push_back(std::make_unique<RE2>(p.re));
    return out;
  }();
  std::vector<MeasureHit> hits;
  for (size_t i = 0; i < kPatterns.size(); ++i) {
    re2::StringPiece input(s.data(), s.size());
    re2::StringPiece m;
    while (RE2::FindAndConsume(&input, *kCompiled[i], &m)) {
      size_t b = m.data() - s.data(), e = b + m.size();
      bool overlap = std::any_of(hits.begin(), hits.end(), [&](const MeasureHit& h) {
        return b + base < h.end && h.begin < e + base;
      });
      if (overlap) continue;
      std::string measure = kPatterns[i].measure;
      std::string text(m);
      // "relapsed" counts only as "all ... relapsed" style statements; skip
      // it unless it reads "relapse rate".
      if (measure == "relapse rate" && Lower(text).rfind("relapse", 0) == 0 &&
          Lower(text) != "relapse rate" && Lower(text) != "cumulative incidence of relapse") {
        continue;
      }
      hits.push_back({b + base, e + base, measure, text});
    }
  }
  std::sort(hits.begin(), hits.end(),
            [](const MeasureHit& a, const MeasureHit& b) { return a.begin < b.begin; });
  return hits;
}

std::vector<ValueHit> FindValues(std::string_view s, size_t base) {
  static const RE2 kValue(
      R"((((?:~|>=|<=|>|<|up to |more than |less than |greater than |over |above |below |under |exceeding |exceeded |exceeds |at least |at most |approximately |about |around |nearly |almost |roughly )?)(\d{1,3}(?:\.\d+)?)\s?(?:%|(?:\+/-|±)\s?\d+(?:\.\d+)?\s?%)(?:\s?(?:to|-)\s?(\d{1,3}(?:\.\d+)?)\s?%)?))");
  std::vector<ValueHit> hits;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece whole;
  std::string qual, value, value_max;
  while (RE2::FindAndConsume(&input, kValue, &whole, &qual, &value, &value_max)) {
    size_t b = whole.data() - s.data(), e = b + whole.size();
    ValueHit h{b + base, e + base, value, "", value_max};
    std::string q = Lower(qual);
    while (!q.empty() && q.back() == ' ') q.pop_back();
    if (q == "~" || q == "approximately" || q == "about" || q == "around" ||
        q == "nearly" || q == "almost" || q == "roughly") {
      h.qualifier = "~";
    } else if (q == ">" || q == "more than" || q == "greater than" || q == "over" ||
               q == "above" || q == "exceeding" || q == "exceeded" || q == "exceeds") {
      h.qualifier = ">";
    } else if (q == "<" || q == "less than" || q == "below" || q == "under") {
      h.qualifier = "<";
    } else if (q == ">=" || q == "at least") {
      h.qualifier = ">=";
    } else if (q == "<=" || q == "at most") {
      h.qualifier = "<=";
    }
    else if (q == "up to") h.qualifier = "up to";
    if (!value_max.empty()) h.qualifier = "range";
    hits.push_back(h);
  }
  return hits;
}

std::string HorizonBefore(std::string_view lower_window) {
  static const RE2 kHorizon(
      R"(((?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:year|month)s?)(?:[- ]|$))");
  static const RE2 kFollowUp(R"((median follow-up(?: of)?\s*\d+(?:\.\d+)?\s*(?:years|months)))");
  // Both patterns need "year" or "month": most windows have neither.
  if (lower_window.find("year") == std::string_view::npos &&
      lower_window.find("month") == std::string_view::npos) {
    return lower_window.find("long-term") != std::string_view::npos ? "long-term" : "";
  }
  std::string h, last;
  re2::StringPiece input(lower_window.data(), lower_window.size());
  while (RE2::FindAndConsume(&input, kHorizon, &h)) last = h;
  if (!last.empty()) return last;
  std::string f;
  if (RE2::PartialMatch(lower_window, kFollowUp, &f)) return f;
  if (lower_window.find("long-term") != std::string_view::npos) return "long-term";
  return "";
}

// Where an outcome's cohort comes from when its sentence names no trial
// before the value: registry trials whose table rows cite the same
// references, trials named in the titles of the cited references, the
// paragraph's trial.
class CohortResolver {
 public:
  explicit CohortResolver(const Context& cx) {
    // Trial rows of tables: refs -> trial, drugs per trial.
    for (const Table& table : cx.doc.tables) {
      for (const Table::Row& row : table.rows) {
        std::set<std::string> trials;
        std::set<std::string> drugs;
        for (const Mention* m : cx.by_sentence[row.sentence]) {
          if (m->kind == MentionKind::kTrial) trials.insert(cx.Trial(m->entity_id));
          if (m->kind == MentionKind::kDrug) drugs.insert(m->entity_id);
        }
        if (trials.size() != 1) continue;
        for (const std::string& n : cx.doc.sentences[row.sentence].refs) {
          row_trials_[n].insert(*trials.begin());
        }
        trial_drugs_[*trials.begin()].insert(drugs.begin(), drugs.end());
      }
    }
    // Trials named in reference titles (names the body also uses).
    std::set<std::string> names;
    for (const auto& ms : cx.by_sentence) {
      for (const Mention* m : ms) {
        if (m->kind == MentionKind::kTrial) names.insert(m->surface);
      }
    }
    // Lowered once here, not per (reference, name) pair.
    std::vector<std::pair<std::string, std::string>> lowered;  // name, lower
    for (const std::string& name : names) lowered.emplace_back(name, Lower(name));
    for (const graph::Reference& r : cx.doc.references) {
      const std::string title = Lower(r.title);
      for (const auto& [name, lower_name] : lowered) {
        if (name.size() >= 4 && ContainsWord(title, lower_name)) {
          for (const auto& ms : cx.by_sentence) {
            for (const Mention* m : ms) {
              if (m->kind == MentionKind::kTrial && m->surface == name) {
                title_trials_[r.n].insert(cx.Trial(m->entity_id));
              }
            }
          }
        }
      }
    }
  }

  // The trial for a sentence citing `refs` and naming `drugs`, or "".
  std::string FromCitations(const std::vector<std::string>& refs,
                            const std::set<std::string>& drugs) const {
    std::set<std::string> found;
    for (const std::string& n : refs) {
      if (auto it = row_trials_.find(n); it != row_trials_.end()) {
        found.insert(it->second.begin(), it->second.end());
      }
    }
    if (found.size() > 1 && !drugs.empty()) {
      std::set<std::string> with_drug;
      for (const std::string& t : found) {
        auto it = trial_drugs_.find(t);
        if (it == trial_drugs_.end()) continue;
        for (const std::string& d : drugs) {
          if (it->second.count(d)) with_drug.insert(t);
        }
      }
      found = with_drug;
    }
    if (found.size() == 1) return *found.begin();
    std::set<std::string> titled;
    for (const std::string& n : refs) {
      if (auto it = title_trials_.find(n); it != title_trials_.end()) {
        titled.insert(it->second.begin(), it->second.end());
      }
    }
    return titled.size() == 1 ? *titled.begin() : "";
  }

 private:
  std::map<std::string, std::set<std::string>> row_trials_;
  std::map<std::string, std::set<std::string>> trial_drugs_;
  std::map<std::string, std::set<std::string>> title_trials_;
};

void AddOutcome(Context& cx, size_t si, const std::string& cohort, const MeasureHit& m,
                const ValueHit& v, const std::string& horizon, const std::string& drug,
                const std::string& group_id, const std::string& rule) {
  std::map<std::string, std::string> attrs;
  attrs["measure"] = m.measure;
  attrs["measure_text"] = m.text;
  attrs["value"] = v.value;
  attrs["unit"] = "%";
  if (!v.qualifier.empty()) attrs["qualifier"] = v.qualifier;
  if (!v.value_max.empty()) attrs["value_max"] = v.value_max;
  if (!horizon.empty()) attrs["horizon"] = horizon;
  if (!drug.empty()) attrs["drug"] = drug;
  std::string object = group_id.empty()
                           ? MakeEntityId(EntityKind::kCondition, "study population")
                           : group_id;
  std::string subject =
      cohort.empty() ? MakeEntityId(EntityKind::kCondition, "unnamed cohort") : cohort;
  if (object == subject) object = MakeEntityId(EntityKind::kCondition, "study population");
  attrs["group"] = graph::ParseEntityId(object)->key;
  cx.out.Add(subject, pred::kOutcome, object, attrs, si, rule, true);
}

void RelateOutcomes(Context& cx) {
  CohortResolver resolver(cx);
  std::map<size_t, std::string> paragraph_trial;  // block -> latest trial
  std::map<size_t, size_t> last_measured;  // block -> last sentence with measures and values
  std::map<size_t, std::set<std::string>> paragraph_drugs;  // block -> drugs so far
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    // A bullet reads in the context of the item it hangs under.
    const int parent = cx.doc.blocks[cx.BlockOf(si)].parent;
    size_t block = parent >= 0 ? static_cast<size_t>(parent) : cx.BlockOf(si);
    const Sentence& sent = cx.doc.sentences[si];
    std::string_view text = cx.SentenceText(si);
    std::string lower = Lower(text);
    std::vector<const Mention*> trial_mentions;
    std::set<std::string> drugs;
    std::string drug;
    std::string group;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kTrial) trial_mentions.push_back(m);
      if (m->kind == MentionKind::kDrug) {
        drugs.insert(m->entity_id);
        if (drug.empty()) drug = m->label;
      }
      if (m->kind == MentionKind::kCondition && group.empty()) group = m->entity_id;
    }
    std::string earlier_trial;
    if (auto it = paragraph_trial.find(block); it != paragraph_trial.end()) {
      earlier_trial = it->second;
    }
    if (!trial_mentions.empty()) {
      paragraph_trial[block] = cx.Trial(trial_mentions.back()->entity_id);
    }

    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kDrug) paragraph_drugs[block].insert(m->entity_id);
    }
    // Values first: the measure patterns run only where a value stands.
    std::vector<ValueHit> values;
    if (text.find('%') != std::string_view::npos) values = FindValues(text, sent.begin);
    values.erase(std::remove_if(values.begin(), values.end(),
                                [&](const ValueHit& v) {
                                  for (const Citation& c : sent.citations) {
                                    if (v.begin < c.end && c.begin < v.end) return true;
                                  }
                                  return false;
                                }),
                 values.end());
    size_t previous = last_measured.count(block) ? last_measured[block] : SIZE_MAX;
    if (values.empty()) continue;
    std::vector<MeasureHit> measures = FindMeasures(text, sent.begin);
    if (!measures.empty()) last_measured[block] = si;
    // "the same criteria were 49.4% and 65.8%, respectively": the measures of
    // the paragraph's previous sentence with values, when they pair one to one.
    if (measures.empty() && values.size() >= 2 && previous != SIZE_MAX &&
        lower.find("respectively") != std::string::npos) {
      std::vector<MeasureHit> distinct;
      for (const MeasureHit& m :
           FindMeasures(cx.SentenceText(previous), cx.doc.sentences[previous].begin)) {
        if (std::none_of(distinct.begin(), distinct.end(),
                         [&](const MeasureHit& d) { return d.measure == m.measure; })) {
          distinct.push_back(m);
        }
      }
      if (distinct.size() == values.size()) {
        measures = distinct;
        for (MeasureHit& m : measures) m.begin = m.end = sent.begin;  // stand before the values
      }
    }
    if (measures.empty()) continue;

    // Pairing values with measures.
    std::vector<std::pair<const MeasureHit*, const ValueHit*>> pairs;
    if (lower.find("respectively") != std::string::npos) {
      // "EFS and OS ... 44.4% and 55.6%, respectively".
      std::vector<const MeasureHit*> listed;
      for (const MeasureHit& m : measures) {
        if (m.begin < values.front().begin) listed.push_back(&m);
      }
      if (listed.size() >= 2 && listed.size() == values.size()) {
        for (size_t k = 0; k < values.size(); ++k) pairs.push_back({listed[k], &values[k]});
      }
    }
    if (pairs.empty()) {
      static const RE2 kAchieved(
          R"(^\s*(?:of (?:them|the patients|patients|infants|children|cases)\s+)?(?:achieved|attained|reached|obtained)\b)");
      static const RE2 kSubject(
          R"(^\s*(?:of [\w-]+\s+)?(?:proceeded|underwent|received|had|were|was|died|developed|experienced|required|became|constituted)\b)");
      for (const ValueHit& v : values) {
        std::string after = Lower(cx.doc.Slice(v.end, std::min<size_t>(sent.end, v.end + 48)));
        const MeasureHit* next = nullptr;
        for (const MeasureHit& m : measures) {
          if (m.begin >= v.end) {
            next = &m;
            break;
          }
        }
        // "a 100% MRD response rate": the value right before its measure.
        if (next && next->begin - v.end <= 3 &&
            cx.doc.Slice(v.end, next->begin).find_first_not_of(' ') == std::string_view::npos) {
          pairs.push_back({next, &v});
          continue;
        }
        // "60% of them achieved complete remission".
        if (next && next->begin - v.end <= 50 && RE2::PartialMatch(after, kAchieved)) {
          pairs.push_back({next, &v});
          continue;
        }
        // "40% proceeded to transplant": the share of patients, no rate.
        if (RE2::PartialMatch(after, kSubject)) continue;
        const MeasureHit* best = nullptr;
        for (const MeasureHit& m : measures) {
          if (m.end <= v.begin && v.begin - m.end <= 200) best = &m;
        }
        if (!best) continue;
        bool proportion = after.rfind(" of patients", 0) == 0 ||
                          after.rfind(" of cases", 0) == 0 ||
                          after.rfind(" of infants", 0) == 0 ||
                          after.rfind(" of children", 0) == 0;
        bool value_between = std::any_of(values.begin(), values.end(), [&](const ValueHit& o) {
          return o.begin >= best->end && o.end <= v.begin;
        });
        // "(30% of patients) had a relapse rate of 31%" after an earlier
        // "relapse rate of 13%": a group's share, not the measure's value.
        if (proportion && value_between) continue;
        pairs.push_back({best, &v});
      }
    }

    std::string from_citations =
        resolver.FromCitations(sent.refs, drugs.empty() ? paragraph_drugs[block] : drugs);
    bool both = lower.find("in both") != std::string::npos ||
                lower.find("both trials") != std::string::npos;
    for (const auto& [m, v] : pairs) {
      size_t window_begin = m->begin >= sent.begin + 40 ? m->begin - 40 : sent.begin;
      std::string horizon = HorizonBefore(Lower(cx.doc.Slice(window_begin, m->end)));
      if (horizon.empty()) horizon = HorizonBefore(Lower(cx.doc.Slice(m->end, v->begin)));
      if (horizon.empty()) horizon = HorizonBefore(lower);
      // The cohort: the sentence's trial named before the value (all of them
      // for "in both trials"), else by citation, else the paragraph's trial.
      std::vector<std::string> cohorts;
      const Mention* before = nullptr;
      for (const Mention* t : trial_mentions) {
        if (t->end <= v->begin) before = t;
      }
      if (both && trial_mentions.size() >= 2) {
        for (const Mention* t : trial_mentions) {
          std::string id = cx.Trial(t->entity_id);
          if (std::find(cohorts.begin(), cohorts.end(), id) == cohorts.end()) {
            cohorts.push_back(id);
          }
        }
      } else if (before) {
        cohorts.push_back(cx.Trial(before->entity_id));
      } else if (!from_citations.empty()) {
        cohorts.push_back(from_citations);
      } else if (trial_mentions.empty() && !earlier_trial.empty()) {
        cohorts.push_back(earlier_trial);
      } else {
        cohorts.push_back("");
      }
      for (const std::string& cohort : cohorts) {
        AddOutcome(cx, si, cohort, *m, *v, horizon, drug, group, "outcome-sentence");
      }
    }
  }

  // Tables with a measure column ("Approximate EFS, %"): one outcome per row.
  for (const Table& table : cx.doc.tables) {
    for (size_t col = 0; col < table.header.size(); ++col) {
      const std::string& h = table.header[col];
      std::vector<MeasureHit> hm = FindMeasures(h, 0);
      if (hm.size() != 1 || h.find('%') == std::string::npos) continue;
      bool approximate = Lower(h).find("approx") != std::string::npos;
      for (const Table::Row& row : table.rows) {
        // A glued header can have fewer columns than the rows: the last
        // header column is the last cell.
        size_t c = col;
        if (col + 1 == table.header.size() && row.cells.size() > table.header.size()) {
          c = row.cells.size() - 1;
        }
        if (c >= row.cells.size()) continue;
        std::string cell(cx.doc.Slice(row.cells[c].first, row.cells[c].second));
        static const RE2 kNumber(R"(\s*[~>=<]*\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*)");
        std::string number;
        if (!RE2::FullMatch(cell, kNumber, &number)) continue;
        ValueHit v{row.cells[c].first, row.cells[c].second, number,
                   approximate ? "~" : "", ""};
        std::set<std::string> trials;
        for (const Mention* m : cx.by_sentence[row.sentence]) {
          if (m->kind == MentionKind::kTrial) trials.insert(cx.Trial(m->entity_id));
        }
        AddOutcome(cx, row.sentence, trials.size() == 1 ? *trials.begin() : "", hm[0], v, "",
                   "", "", "table-measure-column");
      }
    }
  }
}

// ---------------------------------------------------------------- frequency

void RelateFrequencies(Context& cx) {
  static const RE2 kPop(
      R"(^\s*(?:of\s+)?(?:all\s+)?((?:[\w-]+\s+){0,3}?(?:ALL|AML|MPAL|leuka?emias?|infants|children|cases)(?:\s+(?:in|among)\s+(?:infants|children))?))");
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const auto& ms = cx.by_sentence[si];
    const Sentence& sent = cx.doc.sentences[si];
    if (cx.SentenceText(si).find('%') == std::string_view::npos) continue;
    std::vector<ValueHit> values = FindValues(cx.SentenceText(si), sent.begin);
    if (values.empty()) continue;
    std::string lower = Lower(cx.SentenceText(si));
    if (!FindMeasures(cx.SentenceText(si), sent.begin).empty()) continue;
    for (const ValueHit& v : values) {
      // The nearest fusion before the value.
      const Mention* fusion = nullptr;
      for (const Mention* m : ms) {
        if (IsFusionLike(*m) && m->end <= v.begin) fusion = m;
      }
      if (!fusion) continue;
      std::string after(cx.doc.Slice(v.end, sent.end));
      std::string population;
      if (RE2::PartialMatch(after, kPop, &population)) {
        while (!population.empty() && population.back() == ' ') population.pop_back();
      }
      // "In infant ALL, ... AFF1 (formerly AF4; 49%)": the sentence's
      // opening population.
      static const RE2 kLeading(
          R"(^In ((?:(?:infant|childhood|pediatric|paediatric|adult)\s+)?(?:ALL|AML|MPAL|B-ALL|T-ALL)),)");
      if (population.empty() || population == "cases") {
        std::string leading;
        if (RE2::PartialMatch(cx.SentenceText(si), kLeading, &leading)) population = leading;
      }
      if (population.empty() || population == "cases") continue;
      std::map<std::string, std::string> attrs{{"value", v.value}, {"population", population}};
      if (!v.qualifier.empty()) attrs["qualifier"] = v.qualifier;
      if (!v.value_max.empty()) attrs["value_max"] = v.value_max;
      std::string cond = MakeEntityId(EntityKind::kCondition, population);
      cx.out.Entity(cond, EntityKind::kCondition, population);
      cx.out.Add(fusion->entity_id, pred::kFrequency, cond, attrs, si, "fusion-frequency", true);
    }
  }
  // Tables with a "Frequency in <population>" column.
  for (const Table& table : cx.doc.tables) {
    int col = -1;
    std::string population;
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string h = table.header[i];
      size_t pos = Lower(h).find("frequency in ");
      if (pos != std::string::npos) {
        col = int(i);
        population = h.substr(pos + 13);
      }
    }
    if (col < 0) continue;
    for (const Table::Row& row : table.rows) {
      if (col >= int(row.cells.size())) continue;
      const Mention* fusion = nullptr;
      for (const Mention* m : cx.by_sentence[row.sentence]) {
        if (IsFusionLike(*m) && m->three_prime != "?") fusion = m;
      }
      if (!fusion) continue;
      std::vector<ValueHit> vs =
          FindValues(cx.doc.Slice(row.cells[col].first, row.cells[col].second),
                     row.cells[col].first);
      if (vs.size() != 1) continue;
      std::string cond = MakeEntityId(EntityKind::kCondition, population);
      cx.out.Entity(cond, EntityKind::kCondition, population);
      cx.out.Add(fusion->entity_id, pred::kFrequency, cond,
                 {{"value", vs[0].value}, {"population", population}}, row.sentence,
                 "table-frequency", true);
    }
  }
}

// A sentence with no citation, own or inherited, that names a trial takes
// the citations the text gives where it names that trial elsewhere (the
// trial's result paper cited a paragraph away). Marked inherited.
void TrialCitations(Context& cx) {
  std::map<std::string, std::set<std::string>> trial_refs;
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const Sentence& s = cx.doc.sentences[si];
    if (s.refs.empty()) continue;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind == MentionKind::kTrial) {
        trial_refs[cx.Trial(m->entity_id)].insert(s.refs.begin(), s.refs.end());
      }
    }
  }
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    if (!cx.doc.sentences[si].refs.empty()) continue;
    std::set<std::string> refs;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind != MentionKind::kTrial) continue;
      auto it = trial_refs.find(cx.Trial(m->entity_id));
      if (it != trial_refs.end()) refs.insert(it->second.begin(), it->second.end());
    }
    if (refs.empty()) continue;
    std::vector<std::string> sorted(refs.begin(), refs.end());
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    cx.out.SetRefs(si, std::move(sorted));
  }
}

}  // namespace

Extraction Relate(const Document& doc, const std::vector<Mention>& mentions,
                  const Lexicon& lexicon, const std::string& source_id) {
  Builder builder(doc, source_id);
  Context cx{doc, lexicon, builder, {}, {}};
  cx.by_sentence.resize(doc.sentences.size());
  for (const Mention& m : mentions) cx.by_sentence[m.sentence].push_back(&m);
  builder.SetMentions(&cx.by_sentence);

  AddEntities(cx, mentions);
  RelateTrials(cx, mentions);  // trial identity first: citations and cohorts use it
  TrialCitations(cx);
  RelateTrialFacts(cx);
  RelateStructure(cx, mentions);
  RelateClasses(cx);
  RelateBiology(cx);
  RelateActivity(cx);
  RelateOutcomes(cx);
  RelateFrequencies(cx);
  return builder.Finish();
}

}  // namespace lg::ingest
