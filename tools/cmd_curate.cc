// (being written)
#include "tools/cli.h"

namespace lg::tools {
int RunSource(const Argv&, std::ostream&, std::ostream& err) {
  err << "litgraph: not implemented yet\n";
  return 1;
}
int RunCurate(const Argv&, std::ostream&, std::ostream& err) {
  err << "litgraph: not implemented yet\n";
  return 1;
}
int RunLog(const Argv&, std::ostream&, std::ostream& err) {
  err << "litgraph: not implemented yet\n";
  return 1;
}
int RunSnapshot(const Argv&, std::ostream&, std::ostream& err) {
  err << "litgraph: not implemented yet\n";
  return 1;
}
}  // namespace lg::tools
