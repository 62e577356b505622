// Relate: turns the mentions of a Document into entities and facts, each
// fact with its evidence (sentence, span in the original bytes, citations,
// rule, stated or inferred).
//
// Rules, all general; each rule's name is stored with the evidence. The rule
// families live in relate.cc (entities, structure, biology, trials),
// relate_targets.cc (classes, targets, activity) and relate_outcomes.cc
// (outcomes, frequency); relate_internal.h holds what they share.
//   structure   fusion involves gene (5'/3'), fusion member_of its group
//   classes     drug member_of class by apposition ("the HDAC inhibitor
//               romidepsin", "D, a C", "C such as D1, D2 and D3", "C (D)"),
//               by a table's class column, by a section heading naming the
//               drug's class; class -> its targets; drug -> class targets
//   targets     drug -> gene/family/process by verbs ("inhibits", "binds",
//               "targeting") and by genes named inside the class phrase
//               ("a CD3-CD19 bispecific T-cell engager")
//   biology     fusion/group overexpresses / depends_on gene by cue words in
//               the sentence or the paragraph's fusion topic
//   activity    drug/class active_in fusion/group by efficacy cue words
//   trials      trial tests drug; phase, status, sponsor from table columns and
//               text (a phase or status phrase goes to the trial named right
//               beside it, else to the sentence's one trial; titles of the
//               document and its references give a phase the body does not;
//               relate_trial_cues.cc); a protocol name and a registry id tied
//               by apposition, a table row, or shared citations and drugs
//   outcomes    measure + value (+ qualifier, horizon, group, drug) attached to
//               the trial of the sentence, row or paragraph
//   frequency   fusion has_frequency_in population ("in 70% to 80% of ALL in
//               infants", a table's "Frequency in ..." column)
//
// Thread-safety: pure function of its inputs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "graph/model.h"
#include "ingest/document.h"
#include "ingest/lexicon.h"
#include "ingest/recognize.h"

namespace lg::ingest {

struct Extraction {
  std::vector<graph::Entity> entities;  // sorted by id, aliases sorted unique
  std::vector<graph::Fact> facts;       // sorted by id; ids set; evidence sorted
  // Mention entity ids that name another entity (a trial's protocol name
  // written beside its registry id) -> that entity's id.
  std::map<std::string, std::string> canonical;
};

Extraction Relate(const Document& doc, const std::vector<Mention>& mentions,
                  const Lexicon& lexicon, const std::string& source_id);

// A trial the body names and states no phase of takes the phase the titles
// of its result papers give, the document's own title or its reference
// list's ("... results of the randomised phase 3 ALPHA trial"): from titles
// naming that one trial, when they agree. A document that registers one trial
// as its own ("This trial is registered with ClinicalTrials.gov, number
// NCT...", "It was registered ...") reports it: its title, naming no trial,
// gives that trial's phase ("A randomized phase II trial of ...").
// `body` and `references` are Recognizer::Recognize's and
// RecognizeReferences's mentions.
void TrialPhasesFromTitles(const Document& doc, const std::vector<Mention>& body,
                           const std::vector<Mention>& references, Extraction* ex);

}  // namespace lg::ingest
