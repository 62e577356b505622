// (being written: the query subcommands)
#include "tools/cli.h"

namespace lg::tools {
int RunAgents(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunShow(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunTrials(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunOutcomes(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunPath(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunNeighbors(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunSources(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunRefs(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
}  // namespace lg::tools
