// The curation overlay: what curators decided about the machine output.
// Decisions are stored beside the machine output (graph/store/CURATION.md)
// and never change it; the curated view (graph/store/curated.h) applies them.
//
// Start here: CurationOp (one decision: reject, accept, add, alias, unalias),
// CurationBatch (what Store::ApplyCuration writes atomically), CurationOverlay
// (the current decisions, as Store::LoadCuration reads them).
// A decision on a fact is keyed by the fact's content-hash id (Fact::id), so it
// re-attaches when the same fact is extracted again.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lg::graph {

// Stored. DO NOT CHANGE the numbers.
enum class CurationAction : uint8_t {
  kReject = 1,   // hide a fact from the curated view
  kAccept = 2,   // undo a rejection (the fact is shown again)
  kAdd = 3,      // a fact the extractor missed, with one piece of evidence
  kAlias = 4,    // merge a surface form into an entity
  kUnalias = 5,  // remove a curator alias
};

// "reject", "accept", "add", "alias", "unalias"; "" for an unknown value.
inline std::string_view CurationActionName(CurationAction action) {
  switch (action) {
    case CurationAction::kReject:
      return "reject";
    case CurationAction::kAccept:
      return "accept";
    case CurationAction::kAdd:
      return "add";
    case CurationAction::kAlias:
      return "alias";
    case CurationAction::kUnalias:
      return "unalias";
  }
  return "";
}

// One curator decision, as stored in the audit log and in the current-state
// records. Which fields are set depends on the action:
//   reject, accept: fact_id, and subject/predicate/object of that fact (for
//     the log, so it stays readable after the fact is gone);
//   add: fact_id (ComputeFactId of subject, predicate, object, attributes),
//     subject, predicate, object, attributes, source, quote, refs;
//   alias: alias (the surface form as typed) and entity;
//   unalias: alias, and entity (the one the alias pointed to).
struct CurationOp {
  CurationAction action = CurationAction::kReject;
  std::string curator;  // who decided
  std::string time;     // when, ISO 8601 UTC: "2024-05-01T12:00:00Z"
  std::string reason;   // why (required for reject)
  std::string fact_id;
  std::string subject, predicate, object;
  // In flat form (graph::FlatAttributes): a list attribute joined.
  std::map<std::string, std::string> attributes;
  std::string source;             // add: the source id the quote comes from
  std::string quote;              // add: the sentence as printed
  std::vector<std::string> refs;  // add: citation numbers, as printed
  std::string alias;
  std::string entity;
};

// One audit log entry: the op and its position in the log.
struct LogEntry {
  uint64_t seq = 0;  // 1, 2, 3, ... in the order decisions were written
  CurationOp op;
};

// Decisions written together: all or nothing, in order (a later op on the
// same fact or alias wins). Each op also becomes one log entry.
struct CurationBatch {
  std::vector<CurationOp> ops;
};

// The current curation state.
struct CurationOverlay {
  std::map<std::string, CurationOp> decisions;           // fact id -> reject|accept
  std::map<std::string, std::vector<CurationOp>> added;  // fact id -> add ops, log order
  std::map<std::string, CurationOp> aliases;  // NormalizeAlias(form) -> alias op
};

}  // namespace lg::graph
