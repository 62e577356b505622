// The litgraph library in a few lines: open a store read-only, build its
// view, ask for the agents of a fusion, print them as JSON.
//   agents_example DB_DIR FUSION      e.g. agents_example litgraph.db MLL-AF4
#include <iostream>

#include "graph/store/store.h"
#include "query/engine.h"
#include "query/format.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: agents_example DB_DIR FUSION\n";
    return 2;
  }
  lg::graph::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  auto store = lg::graph::Store::Open(argv[1], options);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 1;
  }
  auto engine = lg::query::Engine::Open(store->get());
  if (!engine.ok()) {
    std::cerr << engine.status().ToString() << "\n";
    return 1;
  }
  auto agents = lg::query::Agents((*engine)->view(), argv[2]);
  if (!agents.ok()) {
    std::cerr << agents.status().ToString() << "\n";
    return 1;
  }
  std::cout << lg::query::AgentsJson(*agents);
  return 0;
}
