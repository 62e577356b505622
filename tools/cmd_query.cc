// The query subcommands: parse arguments, open the store and its view, call
// query/engine.h, print with query/format.h.
#include <functional>
#include <memory>
#include <optional>

#include "query/engine.h"
#include "query/format.h"
#include "query/json_out.h"
#include "query/params.h"
#include "query/tabular.h"
#include "tools/args.h"
#include "tools/cli.h"

namespace lg::tools {
namespace {

constexpr const char* kJsonHelp = "print JSON (shapes in query/JSON.md)";
constexpr const char* kDbHelp =
    "the store directory (else $LITGRAPH_DB, else ./litgraph.db)";

void CommonOptions(Args& args) {
  args.Flag("json", kJsonHelp);
  args.Option("db", "DIR", kDbHelp);
  args.Flag("raw", "machine output only: ignore curation decisions and aliases");
  args.Option("at", "NAME", "answer from snapshot NAME (`litgraph snapshot list`)");
}

int UsageError(const Args& args, const std::string& command, const std::string& message,
               std::ostream& err) {
  err << "litgraph " << command << ": " << message << "\n\n" << args.Help();
  return 2;
}

// --format, on the queries that print a table: the table (default), JSON
// (as --json), or one row per record for spreadsheets (query/tabular.h).
enum class OutputFormat { kTable, kJson, kTsv, kCsv };

void FormatOption(Args& args) {
  args.Option("format", "FMT",
              "table, json (as --json), tsv or csv (one row per record, a header, lists "
              "joined by ';')",
              "table");
}
bool ParseFormat(const Args& args, const std::string& command, OutputFormat* format,
                 int* rc, std::ostream& err) {
  const std::string f = args.Get("format");
  if (f == "table") {
    *format = OutputFormat::kTable;
  } else if (f == "json") {
    *format = OutputFormat::kJson;
  } else if (f == "tsv") {
    *format = OutputFormat::kTsv;
  } else if (f == "csv") {
    *format = OutputFormat::kCsv;
  } else {
    *rc = UsageError(args, command,
                     "option '--format' must be table, json, tsv or csv, got '" + f + "'",
                     err);
    return false;
  }
  if (args.Has("json") && *format != OutputFormat::kTable &&
      *format != OutputFormat::kJson) {
    *rc = UsageError(args, command, "--json and --format " + f + " ask for two formats",
                     err);
    return false;
  }
  if (args.Has("json")) *format = OutputFormat::kJson;
  return true;
}

// Prints an answer: its JSON, its rows (the records under `list` in the
// JSON), or its table.
int PrintAnswer(OutputFormat format, const std::string& list,
                const std::function<std::string()>& json,
                const std::function<std::string()>& table, std::ostream& out,
                std::ostream& err) {
  if (format == OutputFormat::kTable) {
    out << table();
    return 0;
  }
  if (format == OutputFormat::kJson) {
    out << json();
    return 0;
  }
  auto rows = query::DelimitedRows(
      json(), list,
      format == OutputFormat::kTsv ? query::Delimited::kTsv : query::Delimited::kCsv);
  if (!rows.ok()) return Fail(rows.status(), err);
  out << *rows;
  return 0;
}

// Parses an integer option of at least `min` (0 or 1); false after printing
// a usage error.
bool IntAtLeast(const Args& args, const std::string& command, const std::string& option,
                int min, int* value, int* rc, std::ostream& err) {
  std::string text = args.Get(option);
  std::optional<int> parsed = query::ParseIntAtLeast(text, min);
  if (!parsed) {
    *rc = UsageError(args, command,
                     "option '--" + option + "' needs a " +
                         (min > 0 ? "positive" : "non-negative") + " integer, got '" +
                         text + "'",
                     err);
    return false;
  }
  *value = *parsed;
  return true;
}
bool PositiveInt(const Args& args, const std::string& command, const std::string& option,
                 int* value, int* rc, std::ostream& err) {
  return IntAtLeast(args, command, option, 1, value, rc, err);
}

// --max-evidence: how many pieces of evidence an edge shows.
void MaxEvidenceOption(Args& args) {
  args.Option("max-evidence", "N", "evidence shown per edge, 0 for all",
              std::to_string(query::kDefaultMaxEvidence));
}
bool MaxEvidence(const Args& args, const std::string& command, size_t* value, int* rc,
                 std::ostream& err) {
  int n = 0;
  if (!IntAtLeast(args, command, "max-evidence", 0, &n, rc, err)) return false;
  *value = static_cast<size_t>(n);
  return true;
}

// The store and its view, or nullptr after printing why not.
//
// A query process ends right after its answer, and freeing the view (a few
// million small strings on a graph of 1e6 facts) took a third of a one-shot
// `litgraph show` there (1.1 of 3.5 s). So the view is left to the operating
// system: ~Opened parks the engine behind a static pointer, where it stays
// reachable (no leak for LeakSanitizer) until the process exits. A second
// query in the same process (tests) frees the first one's. The store itself
// is closed as usual.
struct Opened {
  std::unique_ptr<graph::Store> store;
  std::unique_ptr<query::Engine> engine;
  Opened() = default;
  Opened(const Opened&) = delete;
  Opened& operator=(const Opened&) = delete;
  ~Opened() {
    static std::unique_ptr<query::Engine>* parked = new std::unique_ptr<query::Engine>();
    *parked = std::move(engine);
  }
};
bool Open(const Args& args, Opened* opened, std::ostream& err) {
  opened->store =
      OpenQueryStore(ResolveDbDir(args.Get("db")), args.Get("at"), args.Has("raw"), err);
  if (!opened->store) return false;
  auto engine = query::Engine::Open(opened->store.get());
  if (!engine.ok()) {
    Fail(engine.status(), err);
    return false;
  }
  opened->engine = std::move(engine).value();
  return true;
}

// `show --all`: the card, then the rejected facts naming the entity, each with
// who rejected it, when and why (JSON: the card object with a "rejected" key).
int PrintWithRejected(const graph::Store& store, const query::Card& card, bool json,
                      std::ostream& out, std::ostream& err) {
  auto overlay = store.LoadCuration();
  if (!overlay.ok()) return Fail(overlay.status(), err);
  std::vector<const graph::CurationOp*> rejected;
  for (const auto& [id, op] : overlay->decisions) {
    if (op.action == graph::CurationAction::kReject &&
        (op.subject == card.entity.id || op.object == card.entity.id)) {
      rejected.push_back(&op);
    }
  }
  if (json) {
    std::string text = query::CardJson(card);
    size_t end = text.rfind('}');
    query::JsonOut j;
    j.StartArray();
    for (const graph::CurationOp* op : rejected) {
      j.StartObject();
      j.Key("fact").String(op->fact_id);
      j.Key("subject").String(op->subject);
      j.Key("predicate").String(op->predicate);
      j.Key("object").String(op->object);
      j.Key("curator").String(op->curator);
      j.Key("time").String(op->time);
      j.Key("reason").String(op->reason);
      j.EndObject();
    }
    j.EndArray();
    out << text.substr(0, end) << ",\"rejected\":" << j.str() << "}\n";
    return 0;
  }
  out << query::CardText(card);
  if (rejected.empty()) {
    out << "\nno rejected facts\n";
    return 0;
  }
  out << "\nrejected facts (" << rejected.size() << "):\n";
  for (const graph::CurationOp* op : rejected) {
    out << "  " << op->fact_id << "  " << op->subject << " -" << op->predicate << "-> "
        << op->object << "\n    rejected by " << op->curator << " at " << op->time << ": "
        << op->reason << "\n";
  }
  return 0;
}

}  // namespace

int RunAgents(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("agents", "TARGET",
            "Drugs and drug classes that act on TARGET (a fusion, group, gene or\n"
            "condition, by id, name or alias): directly, through its genes, its group,\n"
            "what it depends on or overexpresses, or through a drug class. Each agent\n"
            "comes with its path and the evidence of every edge.");
  args.Option("max-hops", "N", "longest path from TARGET to an agent", "4");
  args.Option("kind", "KIND", "drug, class or any", "any");
  args.Option("sort", "ORDER",
              "mechanism (acting on the target or its dependencies first, then on a "
              "marker, then reported activity; then sources, references), refs, sources "
              "or hops (fewest first, then references)",
              "mechanism");
  args.Option("limit", "N", "agents listed, best first; 0 for all",
              std::to_string(query::kDefaultAgentsLimit));
  args.Option("offset", "N", "ranked agents skipped before the list (paging)", "0");
  MaxEvidenceOption(args);
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  query::AgentsOptions options;
  int rc = 0;
  OutputFormat format = OutputFormat::kTable;
  if (!ParseFormat(args, "agents", &format, &rc, err)) return rc;
  if (!PositiveInt(args, "agents", "max-hops", &options.max_hops, &rc, err)) return rc;
  if (!MaxEvidence(args, "agents", &options.max_evidence, &rc, err)) return rc;
  int limit = 0, offset = 0;
  if (!IntAtLeast(args, "agents", "limit", 0, &limit, &rc, err)) return rc;
  if (!IntAtLeast(args, "agents", "offset", 0, &offset, &rc, err)) return rc;
  options.limit = static_cast<size_t>(limit);
  options.offset = static_cast<size_t>(offset);
  if (auto sort = query::ParseAgentSort(args.Get("sort"))) {
    options.sort = *sort;
  } else {
    return UsageError(args, "agents",
                      "option '--sort' must be mechanism, refs, sources or hops, got '" +
                          args.Get("sort") + "'",
                      err);
  }
  std::string kind = args.Get("kind");
  if (kind == "drug") {
    options.kind = query::AgentKind::kDrug;
  } else if (kind == "class") {
    options.kind = query::AgentKind::kClass;
  } else if (kind != "any") {
    return UsageError(args, "agents",
                      "option '--kind' must be drug, class or any, got '" + kind + "'",
                      err);
  }
  Opened db;
  if (!Open(args, &db, err)) return 1;
  auto result = query::Agents(db.engine->view(), args.positionals()[0], options);
  if (!result.ok()) return Fail(result.status(), err);
  return PrintAnswer(
      format, "agents", [&] { return query::AgentsJson(*result); },
      [&] { return query::AgentsText(*result); }, out, err);
}

int RunShow(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("show", "ENTITY",
            "The card of ENTITY (by id, name or alias): kind, id, aliases,\n"
            "attributes, facts by predicate (out and in), trials, outcomes, sources,\n"
            "and the sources that name it with how often (see `mentions`).");
  args.Flag("all", "also list the facts curators rejected, with who and why");
  CommonOptions(args);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  auto card = query::Show(db.engine->view(), args.positionals()[0]);
  if (!card.ok()) return Fail(card.status(), err);
  if (!args.Has("all")) {
    out << (args.Has("json") ? query::CardJson(*card) : query::CardText(*card));
    return 0;
  }
  return PrintWithRejected(*db.store, *card, args.Has("json"), out, err);
}

int RunMentions(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("mentions", "ENTITY",
            "The sources that name ENTITY (by id, name or alias): how often in the\n"
            "body and in the reference list, where first, and the sentence of the\n"
            "first mention (the reference entry when only the reference list names it).");
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  OutputFormat format = OutputFormat::kTable;
  if (int rc = 0; !ParseFormat(args, "mentions", &format, &rc, err)) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  auto result = query::Mentions(db.engine->view(), args.positionals()[0]);
  if (!result.ok()) return Fail(result.status(), err);
  return PrintAnswer(
      format, "sources", [&] { return query::MentionsJson(*result); },
      [&] { return query::MentionsText(*result); }, out, err);
}

int RunTrials(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("trials", "",
            "Trials in the store, optionally only those testing a drug (or a member\n"
            "of a drug class), a drug acting on a target, a phase or a status.");
  args.Option("drug", "D", "only trials that test this drug or class");
  args.Option("target", "T", "only trials that test an agent of this target");
  args.Option("phase", "P", "only this phase (1/2 = I/II)");
  args.Option("status", "S", "only this status (completed, ongoing, ...)");
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  OutputFormat format = OutputFormat::kTable;
  if (int rc = 0; !ParseFormat(args, "trials", &format, &rc, err)) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  query::TrialFilter filter{args.Get("drug"), args.Get("target"), args.Get("phase"),
                            args.Get("status")};
  auto rows = query::Trials(db.engine->view(), filter);
  if (!rows.ok()) return Fail(rows.status(), err);
  return PrintAnswer(
      format, "trials", [&] { return query::TrialsJson(filter, *rows); },
      [&] { return query::TrialsText(*rows); }, out, err);
}

int RunOutcomes(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("outcomes", "",
            "Outcome facts (EFS, OS, CR, ...), optionally only for a trial or\n"
            "cohort, a drug, a measure or a patient group.");
  args.Option("trial", "T", "only outcomes of this trial or cohort");
  args.Option("drug", "D", "only outcomes whose drug is D");
  args.Option("measure", "M", "only this measure (case-insensitive)");
  args.Option("group", "G", "only groups containing G (case-insensitive)");
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  OutputFormat format = OutputFormat::kTable;
  if (int rc = 0; !ParseFormat(args, "outcomes", &format, &rc, err)) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  query::OutcomeFilter filter{args.Get("trial"), args.Get("drug"), args.Get("measure"),
                              args.Get("group")};
  auto rows = query::Outcomes(db.engine->view(), filter);
  if (!rows.ok()) return Fail(rows.status(), err);
  return PrintAnswer(
      format, "outcomes", [&] { return query::OutcomesJson(filter, *rows); },
      [&] { return query::OutcomesText(*rows); }, out, err);
}

int RunPath(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("path", "A B",
            "The shortest paths between A and B over facts in either direction,\n"
            "each edge with its evidence.");
  args.Option("max-paths", "N", "at most N paths", "10");
  MaxEvidenceOption(args);
  CommonOptions(args);
  args.Positionals(2, 2);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  int cap = 0, rc = 0;
  size_t max_evidence = 0;
  if (!PositiveInt(args, "path", "max-paths", &cap, &rc, err)) return rc;
  if (!MaxEvidence(args, "path", &max_evidence, &rc, err)) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  auto result =
      query::FindPaths(db.engine->view(), args.positionals()[0], args.positionals()[1],
                       static_cast<size_t>(cap), max_evidence);
  if (!result.ok()) return Fail(result.status(), err);
  out << (args.Has("json") ? query::PathsJson(*result) : query::PathsText(*result));
  return 0;
}

int RunNeighbors(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("neighbors", "ENTITY",
            "Entities within --depth steps of ENTITY over facts in either\n"
            "direction, each with the fact that reached it.");
  args.Option("depth", "N", "how many steps", "1");
  args.Option("predicate", "P", "walk only facts with this predicate");
  MaxEvidenceOption(args);
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  query::NeighborsOptions options;
  int rc = 0;
  OutputFormat format = OutputFormat::kTable;
  if (!ParseFormat(args, "neighbors", &format, &rc, err)) return rc;
  if (!PositiveInt(args, "neighbors", "depth", &options.depth, &rc, err)) return rc;
  if (!MaxEvidence(args, "neighbors", &options.max_evidence, &rc, err)) return rc;
  options.predicate = args.Get("predicate");
  Opened db;
  if (!Open(args, &db, err)) return 1;
  auto result = query::Neighbors(db.engine->view(), args.positionals()[0], options);
  if (!result.ok()) return Fail(result.status(), err);
  return PrintAnswer(
      format, "neighbors", [&] { return query::NeighborsJson(*result); },
      [&] { return query::NeighborsText(*result); }, out, err);
}

int RunSources(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("sources", "", "The sources (ingested texts) in the store.");
  args.Flag("long", "also the ingest time, content hash and DOI of each");
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  OutputFormat format = OutputFormat::kTable;
  if (int rc = 0; !ParseFormat(args, "sources", &format, &rc, err)) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  auto sources = query::Sources(db.engine->view());
  if (args.Has("long") && format == OutputFormat::kTable) {
    if (sources.empty()) {
      out << "no sources in the store\n";
      return 0;
    }
    std::vector<std::vector<std::string>> cells;
    for (const graph::Source& s : sources) {
      cells.push_back({s.id, s.ingested_at, s.content_hash.substr(0, 12),
                       std::to_string(s.counts.sentences),
                       std::to_string(s.counts.entities), std::to_string(s.counts.facts),
                       std::to_string(s.counts.references), s.doi, s.title});
    }
    out << query::RenderTable(
        {"SOURCE", "INGESTED", "HASH", "SENTENCES", "ENTITIES", "FACTS", "REFS", "DOI",
         "TITLE"},
        cells, 160, {false, false, false, true, true, true, true, false, false});
    return 0;
  }
  return PrintAnswer(
      format, "sources", [&] { return query::SourcesJson(sources); },
      [&] { return query::SourcesText(sources); }, out, err);
}

int RunRefs(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("refs", "SOURCE",
            "The reference list of SOURCE (a source id or a unique prefix of one).");
  FormatOption(args);
  CommonOptions(args);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  OutputFormat format = OutputFormat::kTable;
  if (int rc = 0; !ParseFormat(args, "refs", &format, &rc, err)) return rc;
  Opened db;
  if (!Open(args, &db, err)) return 1;
  const std::string& source = args.positionals()[0];
  auto refs = query::Refs(db.engine->view(), source);
  if (!refs.ok()) return Fail(refs.status(), err);
  std::string id = refs->empty() ? source : refs->front().source;
  return PrintAnswer(
      format, "references", [&] { return query::RefsJson(id, *refs); },
      [&] { return query::RefsText(id, *refs); }, out, err);
}

}  // namespace lg::tools
