// The query layer: questions over the graph view (graph/view) answered as
// typed results. query/format.h renders them as tables or JSON
// (query/JSON.md "## Query output").
//
// Start here: Engine::Open (a store and its view, rebuilt when the store's
// generation moves on), ResolveEntity (what a person typed -> one vertex),
// then the queries: Agents, Show, Mentions, Trials, Outcomes, FindPaths,
// Neighbors, Sources, Refs. Each is one function over a const View.
//
// Thread-safety: the query functions only read the View and may run
// concurrently; Engine::Refresh must not run concurrently with them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store/store.h"
#include "graph/view/view.h"

namespace lg::query {

using graph::View;

// Owns the view of a store (not owned; must outlive the Engine).
class Engine {
 public:
  // Builds the view. Errors are the store's.
  static Result<std::unique_ptr<Engine>> Open(const graph::Store* store);
  // Rebuilds the view when Store::Generation() differs from the view's.
  Status Refresh();
  const View& view() const { return view_; }

 private:
  explicit Engine(const graph::Store* store) : store_(store) {}
  const graph::Store* store_;
  View view_;
};

// One vertex for `surface` (canonical id, label or alias; View::Resolve).
// NotFound: "unknown entity 'X'; did you mean: A, B?" (suggestions from
//   View::Suggest; the clause is left out when there are none).
// InvalidArgument when ambiguous: "'X' is ambiguous: gene:KMT2A (KMT2A),
//   fusion:KMT2A::? (KMT2A::?); give a canonical id".
Result<View::Vertex> ResolveEntity(const View& view, std::string_view surface);

struct EntityRef {
  std::string id;
  std::string kind;   // KindName
  std::string label;  // the label, or the id's key when there is none
};
EntityRef MakeEntityRef(const View& view, View::Vertex v);

// A cited reference as shown: "[57] Issa 2023 Nature". found is false when the
// source's reference list has no entry `n` (citation is then empty).
struct RefInfo {
  std::string source;
  std::string n;
  std::string citation;  // Reference::ShortCitation()
  bool found = false;
  std::string pmid;  // "" when the entry prints none
  std::string doi;
  std::string pmcid;
  std::string locator;  // Reference::Locator(): "PMID 28163000", "DOI 10.1/x" or ""
  // "[57] Issa 2023 Nature · PMID 28163000", "[57] Issa 2023 Nature" or "[57]"
  std::string Display() const;
};

struct EvidenceInfo {
  std::string source;
  std::string sentence;
  uint64_t begin = 0;
  uint64_t end = 0;
  std::vector<RefInfo> refs;
  bool refs_inherited = false;
  bool stated = true;
  std::string rule;
};

// One fact walked as one step of a path: from -> to; forward is true when
// `from` is the fact's subject.
struct EdgeInfo {
  std::string fact_id;
  std::string predicate;
  EntityRef subject;
  EntityRef object;
  bool forward = true;
  std::map<std::string, std::string> attributes;  // flat (graph::FlatAttributes)
  // The first max_evidence pieces of the fact's evidence, in the store's order
  // (source, begin, rule); evidence_count counts all of them.
  std::vector<EvidenceInfo> evidence;
  size_t evidence_count = 0;
};

// Evidence shown per edge in agents, path and neighbors answers unless asked
// otherwise (--max-evidence; 0 shows all). A well-known fact is restated by
// many reviews: on a graph of 1e6 facts an agents answer that printed every
// sentence of every edge ran to 1 GB of JSON.
inline constexpr size_t kDefaultMaxEvidence = 5;
// Agents an answer lists unless told otherwise (`--limit`, `limit=`).
inline constexpr size_t kDefaultAgentsLimit = 50;

// The edge of fact `fact` walked forward or backward, with at most
// `max_evidence` pieces of evidence (0: all).
EdgeInfo MakeEdgeInfo(const View& view, uint32_t fact, bool forward,
                      size_t max_evidence = kDefaultMaxEvidence);

// "KMT2A::AFF1 -member_of-> KMT2A::? -depends_on-> MEN1 <-inhibits- revumenib".
std::string PathString(const std::vector<EdgeInfo>& path);

// ---- agents -----------------------------------------------------------

enum class AgentKind { kAny, kDrug, kClass };
// "any", "drug", "class".
std::string_view AgentKindName(AgentKind kind);

// How agents are ordered (--sort).
enum class AgentSort {
  // rank_group, then more distinct sources, more references, fewer hops.
  kMechanism,
  // More references, then more sources, fewer hops (before issue 17 the order
  // was hops, then references).
  kRefs,
  // More distinct sources, then more references, fewer hops.
  kSources,
  // Fewer hops, then more references: the order before issue 17.
  kHops,
};
// "mechanism", "refs", "sources", "hops"; nullopt for another name.
std::optional<AgentSort> ParseAgentSort(std::string_view name);
std::string_view AgentSortName(AgentSort sort);

// What a researcher asks first: does the agent act on what the target is?
// 1: it acts (inhibits, targets, binds, antagonises) on the target, on a gene
//    or group it is made of, or on what it depends on;
// 2: it acts on a marker the target's cells carry: one they overexpress, or a
//    surface antigen (CD19, CD22: HGNC "CD" and a number);
// 3: its activity in the target is reported without a molecular target
//    (active_in).
inline constexpr int kRankMechanism = 1, kRankMarker = 2, kRankActivity = 3;
// "target or dependency", "marker", "reported activity".
std::string_view RankGroupName(int group);

struct AgentsOptions {
  // Longest path, in edges, from the target to an agent. Default: 4, which
  // reaches a drug through its class from a specific fusion
  // (KMT2A::AFF1 -member_of-> KMT2A::? -depends_on-> MEN1 <-inhibits-
  // menin inhibitor <-member_of- revumenib).
  int max_hops = 4;
  // Which agents to list. Default: kAny.
  AgentKind kind = AgentKind::kAny;
  // Paths kept per agent (shortest first). Default: 5.
  size_t max_paths = 5;
  // Evidence shown per edge (0: all). ref_count still counts the references
  // of all of it. Default: kDefaultMaxEvidence.
  size_t max_evidence = kDefaultMaxEvidence;
  // The order of the answer. Default: kMechanism.
  AgentSort sort = AgentSort::kMechanism;
  // The page of the ranked agents listed: `limit` of them (0: all) after
  // skipping `offset`. AgentsResult::total counts them all. Default: the
  // first kDefaultAgentsLimit. Only the page's evidence is read, and the
  // evidence of agents whose place the graph image's per-fact counts leave
  // open (View::counts); the page is the same as the whole ranking's.
  size_t limit = kDefaultAgentsLimit;
  size_t offset = 0;
};

struct Agent {
  EntityRef entity;            // kind "drug" or "drug_class"
  int hops = 0;                // edges on the shortest path
  std::vector<EntityRef> via;  // what the agent acts on, over the kept paths
  size_t ref_count = 0;  // distinct (source, n) cited by all evidence of the kept paths
  // Distinct sources with evidence that the agent acts (its acting and class
  // edges on the kept paths), so independent reviews count once each.
  size_t source_count = 0;
  int rank_group = kRankActivity;  // the best over all its paths, not only the kept
  // Its best path in words, from the agent to the target: "revumenib ∈ menin
  // inhibitor —inhibits→ MEN1 ←depends on— KMT2A::? ⊃ KMT2A::AFF1".
  std::string mechanism;
  // What that path's acting edge acts on (MEN1 above): the entity the page
  // groups the agent under.
  EntityRef acts_on;
  std::vector<std::vector<EdgeInfo>> paths;  // target ... agent, shortest first
};

struct AgentsResult {
  EntityRef target;
  int max_hops = 0;
  AgentKind kind = AgentKind::kAny;
  AgentSort sort = AgentSort::kMechanism;
  size_t total = 0;   // agents found, before the page was cut
  size_t offset = 0;  // the options' page
  size_t limit = 0;
  // The page, in `sort` order, then label, then id: agents [offset,
  // offset + limit) of the ranking (all from offset when limit is 0).
  std::vector<Agent> agents;
};

// Every drug or drug class that acts on the vertex `target`, over simple
// paths of at most max_hops edges of the form
//   target (-context->)* X <-acts- A [<-member_of- D]
// where context edges are walked forward and have predicate member_of,
// involves, depends_on or overexpresses (fusion -> group, fusion/group ->
// gene, gene -> family, target -> dependency); `acts` is a target predicate
// (IsTargetPredicate) or active_in, walked backwards to A of kind drug or
// drug_class; the optional last step walks member_of backwards from a class A
// to a drug D.
// Every A and D on such a path is an agent.
AgentsResult FindAgents(const View& view, View::Vertex target,
                        const AgentsOptions& options);
// ResolveEntity then FindAgents; InvalidArgument for max_hops < 1.
Result<AgentsResult> Agents(const View& view, std::string_view target,
                            const AgentsOptions& options = {});

// ---- show ---------------------------------------------------------------

struct FactLine {
  std::string fact_id;
  std::string predicate;
  EntityRef other;  // the object of an out-fact, the subject of an in-fact
  std::map<std::string, std::string> attributes;  // flat (graph::FlatAttributes)
  std::vector<RefInfo> refs;                      // distinct over the evidence
  size_t evidence_count = 0;
};

struct OutcomeRow {
  std::string fact_id;
  EntityRef subject;  // trial or condition
  EntityRef object;   // condition
  std::string measure, value, unit, qualifier, horizon, group, drug;
  std::vector<EvidenceInfo> evidence;
};

struct TrialRow {
  EntityRef trial;
  std::vector<std::string> names;         // list attribute "names", non-empty items
  std::vector<std::string> registry_ids;  // list attribute "registry_ids", likewise
  std::string phase, status, sponsor;
  std::vector<EntityRef> drugs;  // tests
  std::vector<RefInfo> refs;     // of the tests facts
};

// One source that names an entity (or has a record of it: an implied entity
// has zero mentions), with the source's title.
struct MentionRow {
  graph::SourceMentions mentions;  // counts, first spans, first sentence
  std::string title;               // the source's title; "" when it has none
};

struct Card {
  EntityRef entity;
  std::vector<std::string> aliases;
  std::map<std::string, std::string> attributes;     // flat (graph::FlatAttributes)
  std::map<std::string, std::vector<FactLine>> out;  // by predicate
  std::map<std::string, std::vector<FactLine>> in;
  std::vector<TrialRow> trials;      // trials with an edge to the entity (or itself)
  std::vector<OutcomeRow> outcomes;  // outcome facts naming the entity
  std::vector<std::string> sources;  // sources with evidence on its facts
  std::vector<MentionRow> named_in;  // as MakeMentions
};
Card MakeCard(const View& view, View::Vertex v);
Result<Card> Show(const View& view, std::string_view entity);

// ---- mentions ---------------------------------------------------------------

struct MentionsResult {
  EntityRef entity;
  std::vector<MentionRow> sources;
};
// The sources with a record of `v`: most body mentions first, then most
// reference-list mentions, then by source id.
std::vector<MentionRow> MakeMentions(const View& view, View::Vertex v);
// ResolveEntity, then MakeMentions.
Result<MentionsResult> Mentions(const View& view, std::string_view entity);

// ---- trials and outcomes ------------------------------------------------

struct TrialFilter {
  std::string drug;    // tests this drug (or a member of this class)
  std::string target;  // tests a drug among Agents(target)
  std::string phase;   // "1/2" = "I/II" = "phase 1/2"
  std::string status;  // case-insensitive
};
// Trials in id order. NotFound/InvalidArgument when drug or target does not
// resolve.
Result<std::vector<TrialRow>> Trials(const View& view, const TrialFilter& filter);

struct OutcomeFilter {
  std::string trial;    // subject or object is this entity
  std::string drug;     // attribute "drug" names this drug
  std::string measure;  // case-insensitive ("efs" = "EFS")
  std::string group;    // case-insensitive substring of attribute "group"
};
// Outcome facts in (subject, measure, fact id) order.
Result<std::vector<OutcomeRow>> Outcomes(const View& view, const OutcomeFilter& filter);

// ---- paths and neighbours -----------------------------------------------

struct PathsResult {
  EntityRef from, to;
  int hops = -1;  // -1: not connected
  std::vector<std::vector<EdgeInfo>> paths;
};
// All shortest undirected paths, at most `cap`, each edge with at most
// `max_evidence` pieces of evidence (0: all).
Result<PathsResult> FindPaths(const View& view, std::string_view a, std::string_view b,
                              size_t cap = 10, size_t max_evidence = kDefaultMaxEvidence);

struct NeighborsOptions {
  int depth = 1;          // Default: 1.
  std::string predicate;  // only edges with this predicate. Default: all.
  // Evidence shown on each `via` edge (0: all). Default: kDefaultMaxEvidence.
  size_t max_evidence = kDefaultMaxEvidence;
};
struct Neighbor {
  EntityRef entity;
  int distance = 0;
  EdgeInfo via;  // the step that first reached it
};
struct NeighborsResult {
  EntityRef center;
  int depth = 1;
  std::string predicate;
  std::vector<Neighbor> neighbors;  // by (distance, id)
};
Result<NeighborsResult> Neighbors(const View& view, std::string_view entity,
                                  const NeighborsOptions& options = {});

// ---- sources and references ----------------------------------------------

std::vector<graph::Source> Sources(const View& view);
// `source` is a source id, "source:<id>" or a unique prefix of one.
// NotFound "unknown source 'X'; sources: a, b" when absent.
Result<std::vector<graph::Reference>> Refs(const View& view, std::string_view source);

}  // namespace lg::query
