// (being written: ingest, export, eval)
#include "tools/cli.h"

namespace lg::tools {
int RunIngest(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunExport(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
int RunEval(const Argv&, std::ostream&, std::ostream& err) { err << "not yet\n"; return 1; }
}  // namespace lg::tools
