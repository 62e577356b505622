// Curation decisions: the `curate apply FILE.json` format and the checks
// every decision passes before Store::ApplyCuration writes it, whether it
// comes from a file or from one `litgraph curate ...` command.
// File schema: graph/store/CURATION.md "Curation files".
//
// Start here: ParseCurationFile (syntax: JSON, actions, fields), then
// PlanCuration (meaning: facts, entities, predicates, sources and references
// exist) which returns the one CurationBatch to write.
// Thread-safety: pure functions over a const Store.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/curation.h"
#include "graph/status.h"
#include "graph/store/store.h"

namespace lg::query {

// One decision as given. String fields by name ("fact", "reason", "curator",
// "subject", "predicate", "object", "source", "quote", "alias", "entity");
// "refs" is a list.
struct Decision {
  graph::CurationAction action = graph::CurationAction::kReject;
  int line = 0;  // line of the object's '{' in the file; 0 on the command line
  std::map<std::string, std::string> fields;
  std::vector<std::string> refs;
  std::map<std::string, int> lines;  // field -> line of its key (file only)

  // The field's value, or "" when absent.
  std::string Get(const std::string& field) const;
};

// The action named `name` ("reject", ...); false when unknown.
bool CurationActionFromName(std::string_view name, graph::CurationAction* action);

// Parses a curation file: a JSON array of objects, each with "action" and the
// fields that action takes (CURATION.md). `name` is the file name for
// messages. InvalidArgument, naming the line and the field:
//   "curate apply: decisions.json line 7: field 'reason' is required for reject"
//   "curate apply: decisions.json line 3: unknown field 'facts' for reject"
//   "curate apply: decisions.json line 2: field 'refs' must be a list of reference
//   numbers" "curate apply: decisions.json line 4: invalid JSON: Missing a comma or ']'
//   after an array element."
Result<std::vector<Decision>> ParseCurationFile(std::string_view text,
                                                std::string_view name);

struct PlanOptions {
  // The default curator of each decision (a decision's "curator" wins).
  std::string curator;
  // The time stamped on every decision, ISO 8601 UTC.
  std::string time;
  // Message prefix: "curate apply: decisions.json" or "curate reject".
  std::string origin;
};

// Checks `decisions` against `store` (the machine store with its overlay) in
// order, as if each earlier one were already applied, and returns the batch
// that applies them all. Each op is stamped with curator and time; reject
// and accept ops carry the fact's subject, predicate and object; add ops get
// their fact id (graph::ComputeFactId) and canonical entity ids; unalias ops
// the entity the alias pointed to. Errors (InvalidArgument, or NotFound for
// what is not in the store), with "line L: field 'F': " after the origin for
// file decisions:
//   a fact id the store has neither extracted nor added; an entity that is
//   neither a known name nor a well-formed id (add) or not in the store
//   (alias); an ambiguous name; a predicate not in graph::pred; a source not
//   in the store; a reference number the source's list lacks; an alias with no
//   letters or digits; unalias of a form that is no curator alias.
Result<graph::CurationBatch> PlanCuration(const graph::Store& store,
                                          const std::vector<Decision>& decisions,
                                          const PlanOptions& options);

// The predicates a curator may use (graph::pred), in a fixed order.
const std::vector<std::string_view>& KnownPredicates();

}  // namespace lg::query
