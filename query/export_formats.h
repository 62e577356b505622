// Exports for other tools, besides the JSONL contract (query/export.h):
//   KGX TSV (nodes.tsv + edges.tsv, Biolink categories and predicates; the
//     mapping is documented in docs/KGX.md), for knowledge-graph loaders;
//   GraphML (node and edge attributes), for Cytoscape, Gephi, networkx;
//   DOT, for Graphviz.
//
// Streaming: entities and facts are written as Store::ForEachEntity and
// Store::ForEachFact yield them; only the sources' reference lists are held
// (to resolve citations), so memory stays flat as the graph grows.
// Deterministic: the same store content gives byte-identical output.
// Thread-safety: reads a Store; safe alongside other readers.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store/store.h"

namespace lg::query {

// KGX TSV. nodes: one row per entity (sources and references are not nodes;
// they appear in the edges' provenance columns), with the sources that name
// it (MentionsCell). edges: one row per fact.
// Header rows name the columns (KgxNodeColumns / KgxEdgeColumns).
// Errors: those of the store; IOError "query: export kgx: write failed".
Status ExportKgx(const graph::Store& store, std::ostream& nodes, std::ostream& edges);

// The columns, in order, as written in the header rows.
inline constexpr std::string_view kKgxNodeColumns[] = {
    "id",   "category",    "name",          "synonym",
    "xref", "provided_by", "litgraph_kind", "litgraph_sources"};
inline constexpr std::string_view kKgxEdgeColumns[] = {"id",
                                                       "subject",
                                                       "predicate",
                                                       "object",
                                                       "category",
                                                       "object_aspect_qualifier",
                                                       "object_direction_qualifier",
                                                       "knowledge_level",
                                                       "agent_type",
                                                       "primary_knowledge_source",
                                                       "publications",
                                                       "supporting_text",
                                                       "litgraph_predicate",
                                                       "litgraph_attributes",
                                                       "litgraph_sources",
                                                       "litgraph_references"};

// The Biolink category of an entity kind ("biolink:Gene"); sources and
// references give "biolink:Publication".
std::string_view BiolinkCategory(graph::EntityKind kind);
// The Biolink predicate of a litgraph predicate ("inhibits" ->
// "biolink:affects"); unknown predicates give "biolink:related_to".
std::string_view BiolinkPredicate(std::string_view predicate);
// A litgraph id as a CURIE: the key is kept, with '%', white space, '|' and
// control characters percent-encoded ("drug_class:menin inhibitor" ->
// "drug_class:menin%20inhibitor").
std::string KgxCurie(std::string_view id);

// GraphML: source, entity and reference nodes (as in the JSONL export; entity
// nodes with "named_in", MentionItems joined by " | ") and one directed edge
// per fact, with typed <key> declarations. Text is XML-escaped;
// characters XML 1.0 forbids are replaced by spaces.
// Errors: those of the store; IOError "query: export graphml: write failed".
Status ExportGraphml(const graph::Store& store, std::ostream& out);

// DOT: one node per entity (labelled with its label) and one edge per fact
// (labelled with its predicate); strings are quoted and escaped.
// Errors: those of the store; IOError "query: export dot: write failed".
Status ExportDot(const graph::Store& store, std::ostream& out);

// Who names an entity, one item per source and place, as in the JSONL
// export's `sources`: "review_a:body:3", "review_b:references:1" (0 for an
// implied entity). KGX joins them with '|', GraphML ("named_in") with " | ".
std::vector<std::string> MentionItems(const graph::Entity& entity);

// Escapes, exposed for tests.
std::string XmlEscape(std::string_view s);
std::string DotQuote(std::string_view s);  // with the surrounding quotes
std::string TsvCell(std::string_view s);   // tabs, newlines -> ' ', '|' -> '¦'

}  // namespace lg::query
