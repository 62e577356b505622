// The JSONL export records as the reference scorer (../shared/tools/score.py)
// reads them: nodes with kinds, names and sources, edges with evidence and
// cited reference numbers, and the part of an export that belongs to one
// source. Ported one for one so that `litgraph eval` scores what score.py
// scores, including fields a later export format adds (an entity's `sources`
// with `in: body|references`). Internal to query/eval.
//
// Start here: ExportGraph::Parse (the JSONL text), then ExportView (one source).
// Thread-safety: built once, then read-only.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "graph/status.h"
#include "query/eval_json.h"

namespace lg::query::eval {

// score.py's canon_kind: 'gene', 'family', 'fusion', 'drug', 'class',
// 'regimen', 'trial', 'condition', 'reference', 'source', 'process',
// 'outcome', 'evidence', another lower-case word, or "" (none).
std::string CanonKind(const Json* kind);
std::string CanonKindText(std::string_view kind);
// 'gene:KMT2A' -> {"gene", "KMT2A"}; 'KMT2A::AFF1' -> {"", "KMT2A::AFF1"}.
std::pair<std::string, std::string> SplitPrefix(const std::string& id);
// score.py's ref_numbers on any JSON value (numbers, ranges, {n: ...}, lists).
std::vector<std::string> RefNumbers(const Json* v);

struct Node {
  std::string id, kind;
  std::vector<std::pair<std::string, const Json*>> attrs;  // merged, in order
  std::vector<std::string> primary, secondary;             // names
  std::set<std::string> sources;  // source keys naming it (not reference lists)
  bool phantom = false;

  const Json* Attr(std::string_view key) const;
  // The first of `keys` whose value is not null, "" or [].
  const Json* Get(std::initializer_list<std::string_view> keys) const;
  // Get(keys) as text (strings and numbers), else "".
  std::string GetText(std::initializer_list<std::string_view> keys) const;
  std::vector<std::string> Names() const;
  const std::string& Label() const { return primary.empty() ? id : primary.front(); }
};

struct Evidence {
  std::string source;  // source key, "" when none
  std::string sentence;
  std::set<std::string> refs;
};

struct Edge {
  std::string id, sid, oid, pred, pkey;
  std::vector<std::pair<std::string, const Json*>> attrs;
  std::vector<Evidence> evidence;
  std::set<std::string> sources, refs;
  const Node* s = nullptr;
  const Node* o = nullptr;
  const Json* raw = nullptr;  // the export line

  const Json* Attr(std::string_view key) const;
  std::string AttrText(std::string_view key) const;  // strings and numbers
  bool IsOutcome() const;
  std::vector<std::string> Sentences() const;
};

class ExportGraph {
 public:
  // Reads JSONL text; lines that are not JSON are counted, not fatal.
  static std::unique_ptr<ExportGraph> Parse(std::string_view jsonl);

  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }
  const std::vector<const Node*>& source_nodes() const { return source_nodes_; }
  size_t bad_lines() const { return bad_lines_; }
  // By id, else by bare id (kind preferred), else a phantom node.
  const Node* NodeFor(const std::string& id) const;
  const Node* Find(const std::string& id) const;     // exact id or nullptr
  const Node* Phantom(const std::string& id) const;  // existing phantom or nullptr
  // One key set per source node (its id, path, label, ...).
  const std::vector<std::set<std::string>>& source_groups() const { return groups_; }
  // The distinct sources named by edges and nodes, and the raw keys.
  size_t distinct_sources() const { return distinct_; }
  const std::set<std::string>& raw_source_keys() const { return raw_keys_; }

 private:
  ExportGraph() = default;
  void AddNode(const Json& obj, const std::string& type);
  const Node* MakePhantom(const std::string& id) const;

  std::vector<std::unique_ptr<Json>> lines_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<std::string, size_t> index_;
  std::map<std::string, std::vector<std::string>> bare_;
  mutable std::map<std::string, std::unique_ptr<Node>> phantoms_;
  std::vector<Edge> edges_;
  std::vector<const Node*> source_nodes_;
  std::vector<std::set<std::string>> groups_;
  std::set<std::string> raw_keys_;
  size_t distinct_ = 0;
  size_t bad_lines_ = 0;
};

// The part of an export that belongs to one source (score.py's View).
struct ExportView {
  ExportView(const ExportGraph& ex, const std::string& wanted);

  const ExportGraph& ex;
  std::vector<std::string> warnings;
  std::set<std::string> keys;
  std::vector<const Edge*> edges;
  std::vector<const Node*> nodes;
  std::map<std::string, const Node*> by_id;
};

}  // namespace lg::query::eval
