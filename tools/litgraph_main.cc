// litgraph: the command-line entry point. Dispatches to tools/cli.h.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const lg::tools::Argv&, std::ostream&, std::ostream&);
  const char* summary;
};

constexpr Command kCommands[] = {
    {"ingest", lg::tools::RunIngest, "read review texts into the store"},
    {"export", lg::tools::RunExport, "write the whole graph (JSONL)"},
    {"eval", lg::tools::RunEval,
     "score the store against gold annotation files (as score.py)"},
    {"agents", lg::tools::RunAgents,
     "agents acting on a fusion, gene, group or condition"},
    {"show", lg::tools::RunShow, "an entity card"},
    {"mentions", lg::tools::RunMentions, "the sources that name an entity, how often"},
    {"trials", lg::tools::RunTrials, "trials, by drug, target, phase or status"},
    {"outcomes", lg::tools::RunOutcomes,
     "outcome facts, by trial, drug, measure or group"},
    {"path", lg::tools::RunPath, "shortest evidence paths between two entities"},
    {"neighbors", lg::tools::RunNeighbors, "entities around an entity"},
    {"sources", lg::tools::RunSources, "the sources in the store"},
    {"refs", lg::tools::RunRefs, "a source's reference list"},
    {"source", lg::tools::RunSource, "show or remove one source"},
    {"curate", lg::tools::RunCurate, "reject, accept or add facts; teach aliases"},
    {"log", lg::tools::RunLog, "the curation audit trail"},
    {"snapshot", lg::tools::RunSnapshot, "create and list store snapshots"},
    {"check", lg::tools::RunCheck, "verify the store's integrity"},
    {"serve", lg::tools::RunServe, "HTTP JSON API and web page"},
};

void PrintHelp(std::ostream& out) {
  out << "usage: litgraph COMMAND [options]   (litgraph COMMAND --help for more)\n\n"
         "A knowledge graph of genes, fusions, drugs, trials and outcomes read from\n"
         "review articles, every fact with its sentence and references.\n\ncommands:\n";
  for (const auto& c : kCommands) {
    std::string name = c.name;
    out << "  " << name << std::string(12 - name.size(), ' ') << c.summary << "\n";
  }
  out << "\nThe store is --db DIR, else $LITGRAPH_DB, else ./litgraph.db.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintHelp(std::cerr);
    return 2;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    PrintHelp(std::cout);
    return 0;
  }
  if (command == "--version") {
    std::cout << "litgraph " << LG_VERSION << "\n";
    return 0;
  }
  lg::tools::Argv rest(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (command == c.name) return c.run(rest, std::cout, std::cerr);
  }
  std::cerr << "litgraph: unknown command '" << command << "'\n\n";
  PrintHelp(std::cerr);
  return 2;
}
