#include "ingest/relate.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "ingest/relate_internal.h"
#include "ingest/words.h"

namespace lg::ingest {
namespace relate_internal {
// ---------------------------------------------------------------- entities

void AddEntities(Context& cx, const std::vector<Mention>& mentions) {
  for (const Mention& m : mentions) {
    switch (m.kind) {
      case MentionKind::kGene: {
        auto& e = cx.out.Entity(m.entity_id, EntityKind::kGene, m.label);
        if (const GeneEntry* g = cx.lex.FindSymbol(m.label)) {
          if (!g->name.empty()) e.attributes[attr::kName] = g->name;
          if (!g->cytoband.empty()) e.attributes[attr::kCytoband] = g->cytoband;
        }
        cx.out.Alias(m.entity_id, m.surface);
        break;
      }
      case MentionKind::kFusion:
      case MentionKind::kKaryotype: {
        cx.out.Entity(m.entity_id, EntityKind::kFusion, m.label);
        if (m.rule != "fusion-partner-table") cx.out.Alias(m.entity_id, m.surface);
        for (const std::string& alias : m.aliases) cx.out.Alias(m.entity_id, alias);
        if (m.kind == MentionKind::kKaryotype) {
          // "t(4;11)(q21;q23)" is also reachable as "t(4;11)".
          size_t close = m.surface.find(')');
          if (close != std::string::npos)
            cx.out.Alias(m.entity_id, m.surface.substr(0, close + 1));
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
    cx.out.Add(m.entity_id, pred::kInvolves, g5, {{attr::kRole, "5prime"}}, m.sentence,
               "fusion-structure", true);
    if (m.three_prime == "?") continue;
    std::string g3 = MakeEntityId(EntityKind::kGene, m.three_prime);
    cx.out.Entity(g3, EntityKind::kGene, m.three_prime);
    cx.out.Add(m.entity_id, pred::kInvolves, g3, {{attr::kRole, "3prime"}}, m.sentence,
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
      cx.out.Add(m.entity_id, pred::kInvolves, g5, {{attr::kRole, "5prime"}}, m.sentence,
                 "fusion-structure", true);
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
    bool over = HasStem(
        lower, {"overexpress", "upregulat", "high expression", "high levels",
                "highly expressed", "aberrant activation", "constitutively activ"});
    bool depends =
        HasStem(lower, {"depend", "required", "requires", "essential", "critical for",
                        "critical component", "vulnerab", "driven by", "recruit",
                        "necessary", "abnormal", "aberrant", "hypermethyl"});
    if (!over && !depends) continue;
    std::set<std::string> own_genes = {
        MakeEntityId(EntityKind::kGene, fusion->five_prime),
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
      if (g->kind != MentionKind::kGene && g->kind != MentionKind::kGeneFamily &&
          !process) {
        continue;
      }
      if (own_genes.count(g->entity_id)) continue;
      // Genes inside a fusion mention are its partners, not dependencies.
      bool inside = std::any_of(
          cx.by_sentence[si].begin(), cx.by_sentence[si].end(), [&](const Mention* f) {
            return IsFusionLike(*f) && f->begin <= g->begin && g->end <= f->end;
          });
      if (inside) continue;
      bool overexpressed = over && !process;
      cx.out.Add(fusion->entity_id,
                 overexpressed ? pred::kOverexpresses : pred::kDependsOn, g->entity_id,
                 {}, si, overexpressed ? "fusion-overexpression" : "fusion-dependency",
                 stated && g->sentence == si);
    }
  }
}

// ---------------------------------------------------------------- trials

// The registry of a registry id: its leading letters ("NCT00450203" ->
// "NCT", "ISRCTN 46020948" -> "ISRCTN"); EudraCT numbers ("2010-018577-21")
// have none and give "".
std::string RegistryOf(std::string_view id) {
  size_t n = 0;
  while (n < id.size() && std::isalpha(static_cast<unsigned char>(id[n]))) ++n;
  return std::string(id.substr(0, n));
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
            R"(^\s*\)?\s*(?:(?:protocol|trial|study)\s*)?[(\[,;:]\s*(?:[\w.]+\s*(?:identifier|id|number|no\.?)?\s*:?\s*)?$)");
        if (gap.size() <= 40 && RE2::FullMatch(gap, kTie)) tie(*n, *r);
      }
    }
  }
  // Citations: a name in a sentence without registry ids that cites only
  // references each cited by table rows of one registry id ("The XYZ
  // studies [75,76]"; rows "NCT1 ... [75]", "NCT2 ... [76]") names them.
  std::map<std::string, std::map<std::string, const Mention*>>
      ref_rows;  // ref -> id -> one
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    if (cx.doc.blocks[cx.BlockOf(si)].kind != BlockKind::kTableRow) continue;
    std::vector<const Mention*> regs;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind == MentionKind::kTrial && m->trial_form == "registry")
        regs.push_back(m);
    }
    if (regs.size() != 1) continue;
    for (const std::string& n : cx.doc.sentences[si].refs) {
      ref_rows[n].emplace(regs[0]->entity_id, regs[0]);
    }
  }
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    const std::vector<std::string>& refs = cx.doc.sentences[si].refs;
    if (refs.empty() || cx.doc.blocks[cx.BlockOf(si)].kind == BlockKind::kTableRow)
      continue;
    std::vector<const Mention*> names;
    bool has_registry = false;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind != MentionKind::kTrial) continue;
      if (m->trial_form == "registry")
        has_registry = true;
      else
        names.push_back(m);
    }
    if (names.size() != 1 || has_registry) continue;
    bool all = std::all_of(refs.begin(), refs.end(), [&](const std::string& n) {
      auto it = ref_rows.find(n);
      return it != ref_rows.end() && it->second.size() == 1;
    });
    if (!all) continue;
    for (const std::string& n : refs) tie(*names[0], *ref_rows[n].begin()->second);
  }
  // The same name spelled with a space or a hyphen ("BCIRG 007",
  // "BCIRG-007") is the trial its tied spelling names.
  std::map<std::string, std::set<std::string>> spelled;  // normalised name -> regs
  for (const auto& [name, regs] : name_to_registry) {
    spelled[graph::NormalizeAlias(name)].insert(regs.begin(), regs.end());
  }
  for (const Mention& m : mentions) {
    if (m.kind != MentionKind::kTrial || m.trial_form == "registry" ||
        name_to_registry.count(m.entity_id)) {
      continue;
    }
    auto it = spelled.find(graph::NormalizeAlias(m.entity_id));
    if (it != spelled.end()) name_to_registry[m.entity_id] = it->second;
  }
  // One study registered in several registries: a registration statement
  // naming ids of different registries ("registered with ISRCTN, number
  // 46020948, and ClinicalTrials.gov, NCT00450203") names one trial, known
  // by its ClinicalTrials.gov id when it has one.
  std::map<std::string, std::string> same_study;  // registry id -> primary id
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    std::vector<const Mention*> regs;
    for (const Mention* m : cx.by_sentence[si]) {
      if (m->kind == MentionKind::kTrial && m->trial_form == "registry")
        regs.push_back(m);
    }
    // One mention per id (a sentence may repeat one).
    std::sort(regs.begin(), regs.end(), [](const Mention* a, const Mention* b) {
      return std::tie(a->entity_id, a->begin) < std::tie(b->entity_id, b->begin);
    });
    regs.erase(std::unique(regs.begin(), regs.end(),
                           [](const Mention* a, const Mention* b) {
                             return a->entity_id == b->entity_id;
                           }),
               regs.end());
    if (regs.size() < 2 || !ContainsWord(Lower(cx.SentenceText(si)), "registered"))
      continue;
    std::set<std::string> registries;
    for (const Mention* r : regs) registries.insert(RegistryOf(r->label));
    if (registries.size() != regs.size())
      continue;  // two ids of one registry: two trials
    const Mention* primary = regs.front();
    for (const Mention* r : regs) {
      if (RegistryOf(r->label) == "NCT") primary = r;
    }
    for (const Mention* r : regs) {
      if (r != primary) same_study[r->entity_id] = primary->entity_id;
    }
  }
  // Followed to the end of a chain (A -> B in one statement, B -> C in
  // another); at most one step per id, so a cycle cannot loop.
  auto study = [&](const std::string& id) {
    std::string at = id;
    for (size_t steps = 0; steps < same_study.size(); ++steps) {
      auto it = same_study.find(at);
      if (it == same_study.end() || it->second == id) break;
      at = it->second;
    }
    return at;
  };
  for (const auto& [reg, primary] : same_study) cx.trial_canonical[reg] = study(reg);
  for (const auto& [name, regs] : name_to_registry) {
    cx.trial_canonical[name] = study(*regs.begin());
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
      auto* e = cx.out.FindEntity(study(reg));
      if (!e) continue;
      std::string n = parsed.ok() ? parsed->key : name;
      e->aliases.push_back(n);
      std::vector<std::string>& names = e->list_attributes[attr::kNames];
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  }
  for (const Mention& m : mentions) {
    if (m.kind != MentionKind::kTrial) continue;
    std::string id = cx.Trial(m.entity_id);
    auto* e = cx.out.FindEntity(id);
    if (!e) continue;
    if (m.trial_form == "registry") {
      std::vector<std::string>& ids = e->list_attributes[attr::kRegistryIds];
      if (std::find(ids.begin(), ids.end(), m.label) == ids.end()) {
        ids.push_back(m.label);
      }
    } else if (id == m.entity_id) {
      e->list_attributes[attr::kNames] = {m.label};
    }
  }
}

// Phase and status a sentence states of its trials (CueTrials); the first
// sentence to state one wins, after table columns.
void TrialAttributesOfSentence(Context& cx, size_t si, std::string_view lower) {
  auto set = [&](const char* key, const TrialCue& cue) {
    for (const std::string& id : CueTrials(cx, si, lower, cue)) {
      auto* e = cx.out.FindEntity(id);
      if (e && !e->attributes.count(key)) e->attributes[key] = cue.value;
    }
  };
  for (const TrialCue& cue : PhaseCues(lower)) set(attr::kPhase, cue);
  for (const TrialCue& cue : StatusCues(lower)) set(attr::kStatus, cue);
}

// Trial attributes and tested drugs, from table rows and sentences.
void RelateTrialFacts(Context& cx) {
  // 3. Attributes and tested drugs from table rows.
  for (const Table& table : cx.doc.tables) {
    int phase_col = -1, status_col = -1, sponsor_col = -1, drug_col = -1;
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string h = Lower(table.header[i]);
      if (h.find("phase") != std::string::npos)
        phase_col = int(i);
      else if (h.find("status") != std::string::npos ||
               h.find("ongoing") != std::string::npos ||
               h.find("completed") != std::string::npos)
        status_col = int(i);
      else if (h.find("sponsor") != std::string::npos ||
               h.find("responsible") != std::string::npos)
        sponsor_col = int(i);
      else if (drug_col < 0 && h.find("class") == std::string::npos &&
               (h.find("drug") != std::string::npos ||
                h.find("agent") != std::string::npos ||
                h.find("intervention") != std::string::npos))
        drug_col = int(i);
    }
    std::vector<const Mention*> last_drugs;
    for (const Table::Row& row : table.rows) {
      auto cell = [&](int col) -> std::string {
        if (col < 0 || col >= int(row.cells.size())) return "";
        std::string v(cx.doc.Slice(row.cells[col].first, row.cells[col].second));
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
          v.pop_back();
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front())))
          v.erase(0, 1);
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
      if (std::string p = PhaseOf("phase " + Lower(cell(phase_col)));
          !p.empty() && phase_col >= 0)
        e->attributes[attr::kPhase] = p;
      std::string st = Lower(cell(status_col));
      if (st.find("withdrawn") != std::string::npos) {
        e->attributes[attr::kStatus] = "withdrawn";
      } else if (st.find("terminat") != std::string::npos) {
        e->attributes[attr::kStatus] = "terminated";
      } else if (st.find("ongoing") != std::string::npos ||
                 st.find("recruit") != std::string::npos ||
                 st.find("active") != std::string::npos) {
        e->attributes[attr::kStatus] = "ongoing";
      } else if (st.find("complet") != std::string::npos) {
        e->attributes[attr::kStatus] = "completed";
      }
      if (std::string sp = cell(sponsor_col); !sp.empty())
        e->attributes[attr::kSponsor] = sp;
      for (const Mention* d : drugs) {
        cx.out.Add(id, pred::kTests, d->entity_id, {}, row.sentence, "table-trial-drug",
                   true);
      }
    }
  }

  // 4. Text: phase and status said of a trial; tested drugs near a trial
  // mention.
  for (size_t si = 0; si < cx.by_sentence.size(); ++si) {
    if (cx.doc.blocks[cx.BlockOf(si)].kind == BlockKind::kTableRow) continue;
    const auto& ms = cx.by_sentence[si];
    std::set<std::string> trials;
    for (const Mention* m : ms) {
      if (m->kind == MentionKind::kTrial) trials.insert(cx.Trial(m->entity_id));
    }
    if (trials.empty()) continue;
    std::string lower = Lower(cx.SentenceText(si));
    TrialAttributesOfSentence(cx, si, lower);
    if (trials.size() != 1) continue;
    const std::string& id = *trials.begin();
    bool cue =
        HasStem(lower, {"test", "evaluat", "assess", "investigat", "randomi", "receiv",
                        "combination", "combined", "addition", "adding", "incorporat",
                        "treated", "pilot", "arm", "trial of", "study of", "with"});
    if (!cue) continue;
    for (const Mention* d : ms) {
      if (d->kind == MentionKind::kDrug) {
        cx.out.Add(id, pred::kTests, d->entity_id, {}, si, "trial-drug-sentence", true);
      }
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
    std::sort(sorted.begin(), sorted.end(),
              [](const std::string& a, const std::string& b) {
                return a.size() != b.size() ? a.size() < b.size() : a < b;
              });
    cx.out.SetRefs(si, std::move(sorted));
  }
}

}  // namespace relate_internal

Extraction Relate(const Document& doc, const std::vector<Mention>& mentions,
                  const Lexicon& lexicon, const std::string& source_id) {
  using namespace relate_internal;
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
  Extraction out = builder.Finish();
  out.canonical = std::move(cx.trial_canonical);
  return out;
}

}  // namespace lg::ingest
