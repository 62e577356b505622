// (being written)
#include "tools/cli.h"

namespace lg::tools {
int RunCheck(const Argv&, std::ostream&, std::ostream& err) {
  err << "litgraph: not implemented yet\n";
  return 1;
}
}  // namespace lg::tools
