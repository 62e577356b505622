// Relation rules: drug classes and drug -> target, activity in a fusion or
// group (see relate.h and relate_internal.h).
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "ingest/relate_internal.h"
#include "ingest/words.h"

namespace lg::ingest::relate_internal {
namespace {
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

}  // namespace

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


}  // namespace lg::ingest::relate_internal
