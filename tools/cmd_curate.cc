// litgraph source, curate, log, snapshot: parse arguments, call the store and
// query/curation_file.h, print. The overlay format: graph/store/CURATION.md;
// the JSON shapes: query/JSON.md.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/clock.h"
#include "graph/store/curated.h"
#include "query/curation_file.h"
#include "query/format.h"
#include "query/json_out.h"
#include "tools/args.h"
#include "tools/cli.h"

namespace lg::tools {
namespace {

namespace fs = std::filesystem;
using graph::CurationAction;

constexpr const char* kDbHelp =
    "the store directory (else $LITGRAPH_DB, else ./litgraph.db)";
constexpr const char* kJsonHelp = "print JSON (shapes in query/JSON.md)";

int Usage(const Args& args, const std::string& command, const std::string& message,
          std::ostream& err) {
  err << "litgraph " << command << ": " << message << "\n\n" << args.Help();
  return 2;
}

std::string DefaultCurator() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "unknown";
}

// [A-Za-z0-9._-]+, not "." or "..".
bool ValidSnapshotName(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
}

std::string SnapshotDir(const std::string& db, const std::string& name) {
  return (fs::path(db) / "snapshots" / name).string();
}

std::unique_ptr<graph::Store> OpenForWrite(const std::string& db, std::ostream& err) {
  graph::StoreOptions options;
  options.create_if_missing = false;
  options.notice = [&err](const std::string& m) { err << "litgraph: " << m << "\n"; };
  auto store = graph::Store::Open(db, options);
  if (!store.ok()) {
    Fail(store.status(), err);
    return nullptr;
  }
  return std::move(store).value();
}

// "f12ab (drug:x -inhibits-> gene:Y)" or "'MLL-AF4' -> fusion:KMT2A::AFF1".
std::string Describe(const graph::CurationOp& op) {
  switch (op.action) {
    case CurationAction::kReject:
    case CurationAction::kAccept:
    case CurationAction::kAdd:
      return op.fact_id + " (" + op.subject + " -" + op.predicate + "-> " + op.object +
             ")";
    case CurationAction::kAlias:
      return "'" + op.alias + "' -> " + op.entity;
    case CurationAction::kUnalias:
      return "'" + op.alias + "' (was " + op.entity + ")";
  }
  return "";
}

void OpJson(query::JsonOut& j, const graph::CurationOp& op) {
  j.Key("action").String(graph::CurationActionName(op.action));
  j.Key("curator").String(op.curator);
  j.Key("time").String(op.time);
  j.Key("reason").String(op.reason);
  j.Key("fact").StringOrNull(op.fact_id);
  j.Key("subject").StringOrNull(op.subject);
  j.Key("predicate").StringOrNull(op.predicate);
  j.Key("object").StringOrNull(op.object);
  j.Key("source").StringOrNull(op.source);
  j.Key("quote").StringOrNull(op.quote);
  j.Key("refs").StartArray();
  for (const std::string& n : op.refs) j.String(n);
  j.EndArray();
  j.Key("alias").StringOrNull(op.alias);
  j.Key("entity").StringOrNull(op.entity);
}

// Plans and writes `decisions`; prints one line per decision.
int Apply(const std::string& db, const std::vector<query::Decision>& decisions,
          const query::PlanOptions& plan, std::ostream& out, std::ostream& err) {
  auto store = OpenForWrite(db, err);
  if (!store) return 1;
  auto batch = query::PlanCuration(*store, decisions, plan);
  if (!batch.ok()) {
    err << "litgraph: " << batch.status().message() << "\nnothing was changed.\n";
    return 1;
  }
  if (Status s = store->ApplyCuration(*batch); !s.ok()) return Fail(s, err);
  for (const graph::CurationOp& op : batch->ops) {
    static const char* kDone[] = {"",      "rejected", "accepted",
                                  "added", "aliased",  "unaliased"};
    out << kDone[static_cast<int>(op.action)] << " " << Describe(op) << " by "
        << op.curator << "\n";
  }
  return 0;
}

int RunSourceShow(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("source show", "ID",
            "One source: title, DOI, journal, year, authors, path,\n"
            "content hash, ingest time and counts.");
  args.Flag("json", kJsonHelp);
  args.Option("db", "DIR", kDbHelp);
  args.Option("at", "NAME", "read snapshot NAME instead of the live store");
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  auto store = OpenQueryStore(ResolveDbDir(args.Get("db")), args.Get("at"), true, err);
  if (!store) return 1;
  std::string id = args.positionals()[0];
  if (id.rfind("source:", 0) == 0) id = id.substr(7);
  auto source = store->GetSource(id);
  if (!source.ok()) return Fail(source.status(), err);
  const graph::Source& s = *source;
  if (args.Has("json")) {
    query::JsonOut j;
    j.StartObject();
    j.Key("format").Int(query::kJsonFormat);
    j.Key("query").String("source");
    j.Key("source").StartObject();
    j.Key("id").String(s.id);
    j.Key("path").String(s.path);
    j.Key("content_hash").String(s.content_hash);
    j.Key("title").String(s.title);
    j.Key("journal").String(s.journal);
    j.Key("year").String(s.year);
    j.Key("doi").String(s.doi);
    j.Key("pmid").String(s.pmid);
    j.Key("pmcid").String(s.pmcid);
    j.Key("license").String(s.license);
    j.Key("authors").StartArray();
    for (const std::string& a : s.authors) j.String(a);
    j.EndArray();
    j.Key("ingested_at").String(s.ingested_at);
    j.Key("counts").StartObject();
    j.Key("sentences").Uint(s.counts.sentences);
    j.Key("entities").Uint(s.counts.entities);
    j.Key("facts").Uint(s.counts.facts);
    j.Key("references").Uint(s.counts.references);
    j.EndObject();
    j.EndObject();
    j.EndObject();
    out << j.str() << "\n";
    return 0;
  }
  std::string authors;
  for (const std::string& a : s.authors) authors += (authors.empty() ? "" : "; ") + a;
  out << "id:            " << s.id << "\n"
      << "title:         " << s.title << "\n"
      << "doi:           " << s.doi << "\n"
      << "pmid:          " << s.pmid << "\n"
      << "pmcid:         " << s.pmcid << "\n"
      << "license:       " << s.license << "\n"
      << "journal:       " << s.journal << "\n"
      << "year:          " << s.year << "\n"
      << "authors:       " << authors << "\n"
      << "path:          " << s.path << "\n"
      << "content hash:  " << s.content_hash << "\n"
      << "ingested at:   " << s.ingested_at << "\n"
      << "counts:        " << s.counts.sentences << " sentences, " << s.counts.entities
      << " entities, " << s.counts.facts << " facts, " << s.counts.references
      << " references\n";
  return 0;
}

int RunSourceRemove(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("source remove", "ID",
            "Remove a source in one atomic batch: its evidence, references and\n"
            "surface forms. Facts left without evidence disappear; facts another\n"
            "source supports keep that source's evidence. Curation decisions stay.");
  args.Option("db", "DIR", kDbHelp);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  auto store = OpenForWrite(ResolveDbDir(args.Get("db")), err);
  if (!store) return 1;
  std::string id = args.positionals()[0];
  if (id.rfind("source:", 0) == 0) id = id.substr(7);
  auto before = store->GetTotals();
  if (!before.ok()) return Fail(before.status(), err);
  if (Status s = store->RemoveSource(id); !s.ok()) return Fail(s, err);
  auto after = store->GetTotals();
  if (!after.ok()) return Fail(after.status(), err);
  out << "removed source " << id << ": -" << before->facts - after->facts << " facts, -"
      << before->evidence - after->evidence << " evidence, -"
      << before->references - after->references << " references\n";
  return 0;
}

// Options every curate subcommand takes.
void CurateOptions(Args& args) {
  args.Option("db", "DIR", kDbHelp);
  args.Option("curator", "NAME", "who decides (default: $USER, else unknown)");
}

query::PlanOptions PlanFor(const Args& args, const std::string& origin) {
  query::PlanOptions plan;
  plan.curator = args.Has("curator") ? args.Get("curator") : DefaultCurator();
  plan.time = graph::NowUtcIso();
  plan.origin = origin;
  return plan;
}

int RunCurateOne(const std::string& sub, const Argv& argv, std::ostream& out,
                 std::ostream& err) {
  query::Decision d;
  std::string positional, summary;
  int positionals = 1;
  if (sub == "reject") {
    d.action = CurationAction::kReject;
    positional = "FACT";
    summary =
        "Hide fact FACT (its id, e.g. f3c1...) from queries and export. The\n"
        "decision re-attaches when the same fact is extracted again.";
  } else if (sub == "accept") {
    d.action = CurationAction::kAccept;
    positional = "FACT";
    summary = "Accept fact FACT: undo a rejection.";
  } else if (sub == "add") {
    d.action = CurationAction::kAdd;
    positional = "SUBJECT PREDICATE OBJECT";
    positionals = 3;
    summary =
        "Add a fact the extractor missed, with its evidence: the quoted sentence\n"
        "of source --source and its cited references (--ref N, repeatable).\n"
        "SUBJECT and OBJECT are names the store knows or canonical ids.";
  } else if (sub == "alias") {
    d.action = CurationAction::kAlias;
    positional = "ALIAS ENTITY";
    positionals = 2;
    summary = "Merge the surface form ALIAS into ENTITY: queries for ALIAS find ENTITY.";
  } else {
    d.action = CurationAction::kUnalias;
    positional = "ALIAS";
    summary = "Remove the curator alias ALIAS.";
  }
  Args args("curate " + sub, positional, summary);
  args.Option("reason", "TEXT",
              std::string("why") + (sub == "reject" ? " (required)" : ""));
  if (sub == "add") {
    args.Option("source", "ID", "the source the quote comes from (required)");
    args.Option("quote", "TEXT", "the sentence as printed (required)");
    args.Repeated("ref", "N", "a reference number the sentence cites");
  }
  CurateOptions(args);
  args.Positionals(positionals, positionals);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  const auto& pos = args.positionals();
  auto required = [&](const std::string& option) {
    return args.Has(option) && !args.Get(option).empty();
  };
  if (sub == "reject" && !required("reason")) {
    return Usage(args, "curate reject", "--reason TEXT is required", err);
  }
  if (sub == "add") {
    for (const char* option : {"source", "quote"}) {
      if (!required(option)) {
        return Usage(args, "curate add", "--" + std::string(option) + " is required",
                     err);
      }
    }
  }
  if (args.Has("reason")) d.fields["reason"] = args.Get("reason");
  if (sub == "reject" || sub == "accept") d.fields["fact"] = pos[0];
  if (sub == "add") {
    d.fields["subject"] = pos[0];
    d.fields["predicate"] = pos[1];
    d.fields["object"] = pos[2];
    d.fields["source"] = args.Get("source");
    d.fields["quote"] = args.Get("quote");
    d.refs = args.GetAll("ref");
  }
  if (sub == "alias" || sub == "unalias") d.fields["alias"] = pos[0];
  if (sub == "alias") d.fields["entity"] = pos[1];
  return Apply(ResolveDbDir(args.Get("db")), {d}, PlanFor(args, "curate " + sub), out,
               err);
}

int RunCurateApply(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("curate apply", "FILE.json",
            "Apply many decisions at once: a JSON array of objects such as\n"
            "  {\"action\":\"reject\",\"fact\":\"f3c1...\",\"reason\":\"...\"}\n"
            "(actions reject, accept, add, alias, unalias; graph/store/CURATION.md).\n"
            "The file is checked whole first and applied all or nothing.");
  CurateOptions(args);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  const std::string& path = args.positionals()[0];
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Status::IOError("curate apply: cannot read " + path), err);
  std::stringstream text;
  text << in.rdbuf();
  auto decisions = query::ParseCurationFile(text.str(), path);
  if (!decisions.ok()) {
    err << "litgraph: " << decisions.status().message() << "\nnothing was changed.\n";
    return 1;
  }
  return Apply(ResolveDbDir(args.Get("db")), *decisions,
               PlanFor(args, "curate apply: " + path), out, err);
}

const char* kCurateHelp =
    "usage: litgraph curate reject FACT --reason TEXT\n"
    "       litgraph curate accept FACT\n"
    "       litgraph curate add SUBJECT PREDICATE OBJECT --source ID --quote TEXT [--ref "
    "N]\n"
    "       litgraph curate alias ALIAS ENTITY\n"
    "       litgraph curate unalias ALIAS\n"
    "       litgraph curate apply FILE.json\n"
    "Each takes --curator NAME (default $USER) and --db DIR; see `litgraph curate\n"
    "SUBCOMMAND --help`. Decisions never change the machine output; queries show\n"
    "the curated view (--raw: machine output only); `litgraph log` lists them.\n";

int RunSnapshotCreate(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("snapshot create", "NAME",
            "Save the store as it is now (a RocksDB checkpoint) in DIR/snapshots/NAME;\n"
            "query it later with --at NAME. NAME: letters, digits, '.', '_', '-'.");
  args.Option("db", "DIR", kDbHelp);
  args.Positionals(1, 1);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  const std::string& name = args.positionals()[0];
  if (!ValidSnapshotName(name)) {
    return Usage(
        args, "snapshot create",
        "invalid snapshot name '" + name + "' (use letters, digits, '.', '_', '-')", err);
  }
  std::string db = ResolveDbDir(args.Get("db"));
  auto store = OpenForWrite(db, err);
  if (!store) return 1;
  std::string target = SnapshotDir(db, name);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    return Fail(Status::FailedPrecondition("snapshot: '" + name + "' already exists in " +
                                           db + "/snapshots"),
                err);
  }
  fs::create_directories(fs::path(db) / "snapshots", ec);
  if (ec) {
    return Fail(
        Status::IOError("snapshot: cannot create " + db + "/snapshots: " + ec.message()),
        err);
  }
  if (Status s = store->CreateCheckpoint(target); !s.ok()) return Fail(s, err);
  auto sources = store->ListSources();
  auto generation = store->Generation();
  if (!sources.ok()) return Fail(sources.status(), err);
  if (!generation.ok()) return Fail(generation.status(), err);
  out << "snapshot " << name << ": " << target << " (" << sources->size()
      << " sources, generation " << *generation << ")\n";
  return 0;
}

int RunSnapshotList(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("snapshot list", "", "The snapshots of the store, by name.");
  args.Flag("json", kJsonHelp);
  args.Option("db", "DIR", kDbHelp);
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  std::string db = ResolveDbDir(args.Get("db"));
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(db) / "snapshots", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_directory()) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  struct Row {
    std::string name;
    size_t sources = 0;
    uint64_t facts = 0, generation = 0;
  };
  std::vector<Row> rows;
  for (const std::string& name : names) {
    auto store = OpenQueryStore(db, name, true, err);
    if (!store) return 1;
    auto sources = store->ListSources();
    auto totals = store->GetTotals();
    auto generation = store->Generation();
    if (!sources.ok()) return Fail(sources.status(), err);
    if (!totals.ok()) return Fail(totals.status(), err);
    if (!generation.ok()) return Fail(generation.status(), err);
    rows.push_back(Row{name, sources->size(), totals->facts, *generation});
  }
  if (args.Has("json")) {
    query::JsonOut j;
    j.StartObject();
    j.Key("format").Int(query::kJsonFormat);
    j.Key("query").String("snapshots");
    j.Key("snapshots").StartArray();
    for (const Row& r : rows) {
      j.StartObject();
      j.Key("name").String(r.name);
      j.Key("path").String(SnapshotDir(db, r.name));
      j.Key("sources").Uint(r.sources);
      j.Key("facts").Uint(r.facts);
      j.Key("generation").Uint(r.generation);
      j.EndObject();
    }
    j.EndArray();
    j.EndObject();
    out << j.str() << "\n";
    return 0;
  }
  if (rows.empty()) {
    out << "no snapshots in " << db << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> cells;
  for (const Row& r : rows) {
    cells.push_back({r.name, std::to_string(r.sources), std::to_string(r.facts),
                     std::to_string(r.generation)});
  }
  out << query::RenderTable({"NAME", "SOURCES", "FACTS", "GENERATION"}, cells, 80,
                            {false, true, true, true});
  return 0;
}

// YYYY-MM-DD, optionally followed by THH, THH:MM or THH:MM:SS and Z.
bool ValidTime(const std::string& t) {
  static const std::string kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() < 10 || t.size() > kShape.size()) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    char want = kShape[i];
    bool ok = want == 'd' ? (t[i] >= '0' && t[i] <= '9') : t[i] == want;
    if (!ok && !(i == t.size() - 1 && t[i] == 'Z' && i >= 13)) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<graph::Store> OpenQueryStore(const std::string& db_dir,
                                             const std::string& at, bool raw,
                                             std::ostream& err) {
  std::string dir = db_dir;
  if (!at.empty()) {
    if (!ValidSnapshotName(at)) {
      err << "litgraph: invalid snapshot name '" << at
          << "' (use letters, digits, '.', '_', '-')\n";
      return nullptr;
    }
    dir = SnapshotDir(db_dir, at);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      err << "litgraph: no snapshot '" << at << "' in " << db_dir
          << " (see `litgraph snapshot list`)\n";
      return nullptr;
    }
  }
  auto store = OpenForRead(dir, err);
  if (!store || raw) return store;
  auto curated = graph::OpenCuratedView(std::move(store));
  if (!curated.ok()) {
    Fail(curated.status(), err);
    return nullptr;
  }
  return std::move(curated).value();
}

int RunSource(const Argv& argv, std::ostream& out, std::ostream& err) {
  std::string sub = argv.empty() ? "" : argv[0];
  Argv rest(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
  if (sub == "show") return RunSourceShow(rest, out, err);
  if (sub == "remove") return RunSourceRemove(rest, out, err);
  if (sub == "--help" || sub == "-h") {
    out << "usage: litgraph source show ID | litgraph source remove ID\n";
    return 0;
  }
  err << "litgraph source: "
      << (sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'")
      << "\n\nusage: litgraph source show ID | litgraph source remove ID\n";
  return 2;
}

int RunCurate(const Argv& argv, std::ostream& out, std::ostream& err) {
  std::string sub = argv.empty() ? "" : argv[0];
  Argv rest(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
  if (sub == "reject" || sub == "accept" || sub == "add" || sub == "alias" ||
      sub == "unalias") {
    return RunCurateOne(sub, rest, out, err);
  }
  if (sub == "apply") return RunCurateApply(rest, out, err);
  if (sub == "--help" || sub == "-h") {
    out << kCurateHelp;
    return 0;
  }
  err << "litgraph curate: "
      << (sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'")
      << "\n\n"
      << kCurateHelp;
  return 2;
}

int RunLog(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("log", "",
            "The curation audit trail: every decision with who made it, when and why,\n"
            "oldest first.");
  args.Option("entity", "X", "only decisions about entity X (id, name or alias)");
  args.Option("curator", "NAME", "only decisions by NAME");
  args.Option("since", "TIME",
              "only decisions at or after TIME (2024-05-01[T12:00:00Z])");
  args.Flag("json", kJsonHelp);
  args.Option("db", "DIR", kDbHelp);
  args.Option("at", "NAME", "read snapshot NAME instead of the live store");
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  std::string since = args.Get("since");
  if (args.Has("since") && !ValidTime(since)) {
    return Usage(args, "log",
                 "option '--since' needs an ISO 8601 UTC time such as 2024-05-01 or "
                 "2024-05-01T12:00:00Z, got '" +
                     since + "'",
                 err);
  }
  auto store = OpenQueryStore(ResolveDbDir(args.Get("db")), args.Get("at"), false, err);
  if (!store) return 1;
  std::string entity;
  if (args.Has("entity")) {
    entity = args.Get("entity");
    if (!graph::ParseEntityId(entity).ok()) {
      auto ids = store->LookupAlias(entity);
      if (!ids.ok()) return Fail(ids.status(), err);
      if (ids->size() != 1) {
        return Fail(Status::NotFound(
                        "log: " + std::string(ids->empty() ? "unknown" : "ambiguous") +
                        " entity '" + entity + "'; give a canonical id"),
                    err);
      }
      entity = ids->front();
    }
  }
  std::vector<graph::LogEntry> entries;
  Status s = store->ForEachLogEntry([&](const graph::LogEntry& e) {
    const graph::CurationOp& op = e.op;
    if (!entity.empty() && op.subject != entity && op.object != entity &&
        op.entity != entity) {
      return Status::Ok();
    }
    if (args.Has("curator") && op.curator != args.Get("curator")) return Status::Ok();
    if (!since.empty() && op.time < since) return Status::Ok();
    entries.push_back(e);
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s, err);
  if (args.Has("json")) {
    query::JsonOut j;
    j.StartObject();
    j.Key("format").Int(query::kJsonFormat);
    j.Key("query").String("log");
    j.Key("entries").StartArray();
    for (const graph::LogEntry& e : entries) {
      j.StartObject();
      j.Key("seq").Uint(e.seq);
      OpJson(j, e.op);
      j.EndObject();
    }
    j.EndArray();
    j.EndObject();
    out << j.str() << "\n";
    return 0;
  }
  if (entries.empty()) {
    out << "no curation decisions"
        << (args.Has("entity") || args.Has("curator") || args.Has("since") ? " match"
                                                                           : "")
        << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> cells;
  for (const graph::LogEntry& e : entries) {
    cells.push_back({std::to_string(e.seq), e.op.time, e.op.curator,
                     std::string(graph::CurationActionName(e.op.action)), Describe(e.op),
                     e.op.reason});
  }
  out << query::RenderTable({"SEQ", "TIME", "CURATOR", "ACTION", "WHAT", "REASON"}, cells,
                            160, {true, false, false, false, false, false});
  return 0;
}

int RunSnapshot(const Argv& argv, std::ostream& out, std::ostream& err) {
  std::string sub = argv.empty() ? "" : argv[0];
  Argv rest(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
  if (sub == "create") return RunSnapshotCreate(rest, out, err);
  if (sub == "list") return RunSnapshotList(rest, out, err);
  const char* usage = "usage: litgraph snapshot create NAME | litgraph snapshot list\n";
  if (sub == "--help" || sub == "-h") {
    out << usage;
    return 0;
  }
  err << "litgraph snapshot: "
      << (sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'")
      << "\n\n"
      << usage;
  return 2;
}

}  // namespace lg::tools
