"""Reads a GraphML file with networkx and prints "nodes N edges M".

Used by tests/server/export_test.cc to check that litgraph's GraphML export is
read back by a standard GraphML reader with the node and edge counts of the
JSONL export. Also checks that every edge has a predicate and every node a kind.
Exit status 1 (with a message) when the file cannot be read.
Usage: graphml_counts.py FILE.graphml
"""
import sys

import networkx as nx


def main(path):
    graph = nx.read_graphml(path, force_multigraph=True)
    if not graph.is_directed():
        print("graphml_counts: graph is not directed", file=sys.stderr)
        return 1
    for node, data in graph.nodes(data=True):
        if not data.get("kind") or not data.get("label"):
            print(f"graphml_counts: node {node} lacks kind or label", file=sys.stderr)
            return 1
    for u, v, data in graph.edges(data=True):
        if not data.get("predicate") or data.get("evidence_count", 0) < 1:
            print(f"graphml_counts: edge {u} -> {v} lacks predicate or evidence",
                  file=sys.stderr)
            return 1
    print(f"nodes {graph.number_of_nodes()} edges {graph.number_of_edges()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
