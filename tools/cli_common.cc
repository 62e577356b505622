#include <cstdlib>

#include "tools/cli.h"

namespace lg::tools {

std::string ResolveDbDir(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("LITGRAPH_DB"); env && *env) return env;
  return "litgraph.db";
}

std::string DataDir() {
  if (const char* env = std::getenv("LITGRAPH_DATA_DIR"); env && *env) return env;
  return LG_DATA_DIR;
}

std::unique_ptr<graph::Store> OpenForRead(const std::string& db_dir, std::ostream& err) {
  graph::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  auto store = graph::Store::Open(db_dir, options);
  if (!store.ok()) {
    err << "litgraph: " << store.status().message() << "\n";
    return nullptr;
  }
  return std::move(store).value();
}

int Fail(const Status& status, std::ostream& err) {
  err << "litgraph: " << status.message() << "\n";
  return 1;
}

}  // namespace lg::tools
