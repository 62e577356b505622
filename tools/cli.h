// The litgraph command line: one function per subcommand. Each takes the
// arguments after the subcommand name and returns the exit code:
//   0 success (also an empty result, which says so), 1 a failure the user can
//   act on (unknown entity, bad input file, missing store), 2 a usage error
//   (help shown). Messages go to `err`, results to `out`.
// tools/ holds no logic: parse arguments, call the library, print.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/store/store.h"

namespace lg::tools {

using Argv = std::vector<std::string>;

// Ingest, export, eval (tools/cmd_ingest.cc).
int RunIngest(const Argv& args, std::ostream& out, std::ostream& err);
int RunExport(const Argv& args, std::ostream& out, std::ostream& err);
int RunEval(const Argv& args, std::ostream& out, std::ostream& err);

// Questions (tools/cmd_query.cc).
int RunAgents(const Argv& args, std::ostream& out, std::ostream& err);
int RunShow(const Argv& args, std::ostream& out, std::ostream& err);
int RunMentions(const Argv& args, std::ostream& out, std::ostream& err);
int RunTrials(const Argv& args, std::ostream& out, std::ostream& err);
int RunOutcomes(const Argv& args, std::ostream& out, std::ostream& err);
int RunPath(const Argv& args, std::ostream& out, std::ostream& err);
int RunNeighbors(const Argv& args, std::ostream& out, std::ostream& err);
int RunSources(const Argv& args, std::ostream& out, std::ostream& err);
int RunRefs(const Argv& args, std::ostream& out, std::ostream& err);

// Integrity check (tools/cmd_admin.cc).
int RunCheck(const Argv& args, std::ostream& out, std::ostream& err);

// Curation: sources, curation decisions, audit log, snapshots
// (tools/cmd_curate.cc).
int RunSource(const Argv& args, std::ostream& out, std::ostream& err);
int RunCurate(const Argv& args, std::ostream& out, std::ostream& err);
int RunLog(const Argv& args, std::ostream& out, std::ostream& err);
int RunSnapshot(const Argv& args, std::ostream& out, std::ostream& err);

// The HTTP JSON API and web page (tools/cmd_serve.cc).
int RunServe(const Argv& args, std::ostream& out, std::ostream& err);

// The store directory: --db DIR, else $LITGRAPH_DB, else ./litgraph.db.
std::string ResolveDbDir(const std::string& flag_value);
// The data directory (lexicons): $LITGRAPH_DATA_DIR, else the build-time
// LG_DATA_DIR (the source tree's corpus/).
std::string DataDir();

// Opens the store for reading; on failure prints "litgraph: <message>" and a
// hint to `err` and returns nullptr.
std::unique_ptr<graph::Store> OpenForRead(const std::string& db_dir, std::ostream& err);

// Opens the store a query reads (tools/cmd_curate.cc): DIR, or its snapshot
// NAME (DIR/snapshots/NAME) when `at` is non-empty, read-only, through the
// curation overlay (graph/store/curated.h) unless `raw`. On failure prints
// "litgraph: <message>" to `err` and returns nullptr.
std::unique_ptr<graph::Store> OpenQueryStore(const std::string& db_dir,
                                             const std::string& at, bool raw,
                                             std::ostream& err);

// Prints "litgraph: <status message>" to err and returns 1.
int Fail(const Status& status, std::ostream& err);

}  // namespace lg::tools
