// litgraph ingest, export, eval.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "graph/text_util.h"
#include "ingest/pipeline.h"
#include "query/eval.h"
#include "query/export.h"
#include "query/export_formats.h"
#include "query/json_out.h"
#include "query/params.h"
#include "tools/args.h"
#include "tools/cli.h"
#include "tools/ordered_parallel.h"

namespace lg::tools {
namespace {

std::string Fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

// Source ids name keys, export lines and file names in other tools: refuse
// what could be read as a path or hide in a terminal. Empty when `id` is fine,
// else the reason.
std::string SourceIdProblem(std::string_view id) {
  if (id.empty()) return "it is empty";
  if (id == "." || id == "..") return "it is a directory name";
  for (unsigned char c : id) {
    if (c == '/' || c == '\\') {
      return std::string("it contains the path separator '") + char(c) + "'";
    }
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%02X", c);
      return std::string("it contains the control byte ") + hex;
    }
  }
  return "";
}

// `id` with control bytes shown as \xNN, for messages.
std::string PrintableId(std::string_view id) {
  std::string out;
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", c);
      out += hex;
    } else {
      out += char(c);
    }
  }
  return out;
}

// Writes DIR/nodes.tsv and DIR/edges.tsv (DIR created when missing), each
// through a temporary file and a rename.
int ExportKgxFiles(const graph::Store& store, const std::string& dir, std::ostream& err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Fail(Status::IOError("export: cannot create " + dir + ": " + ec.message()),
                err);
  std::string nodes = dir + "/nodes.tsv", edges = dir + "/edges.tsv";
  {
    std::ofstream n(nodes + ".tmp", std::ios::binary | std::ios::trunc);
    std::ofstream e(edges + ".tmp", std::ios::binary | std::ios::trunc);
    if (!n || !e) return Fail(Status::IOError("export: cannot write into " + dir), err);
    Status s = query::ExportKgx(store, n, e);
    n.flush();
    e.flush();
    if (!s.ok() || !n || !e) {
      std::remove((nodes + ".tmp").c_str());
      std::remove((edges + ".tmp").c_str());
      return Fail(s.ok() ? Status::IOError("export: write into " + dir + " failed") : s,
                  err);
    }
  }
  for (const std::string& path : {nodes, edges}) {
    if (std::rename((path + ".tmp").c_str(), path.c_str()) != 0) {
      return Fail(Status::IOError("export: cannot rename " + path + ".tmp"), err);
    }
  }
  return 0;
}

// What `litgraph ingest` was asked to do.
struct IngestRequest {
  std::vector<std::string> files;
  ingest::IngestOptions options;
  int jobs = 1;           // -j: extraction threads
  int sync_every = 1;     // --sync-every: sources per fsync
  bool progress = false;  // a progress line on stderr (a terminal, no --quiet)
};

// The progress line of the write pass on a terminal: sources written, MB
// read of the total, MB/s since the pass began and the time left at that rate.
class ProgressLine {
 public:
  ProgressLine(bool shown, const std::vector<uint64_t>& sizes, std::ostream& err)
      : shown_(shown), sizes_(sizes), err_(err) {
    for (uint64_t b : sizes) total_ += b;
  }
  // After source `i` (0-based, in order) is written.
  void Written(size_t i) {
    done_ += sizes_[i];
    if (!shown_) return;
    double seconds = Seconds();
    double rate = seconds > 0 ? double(done_) / 1e6 / seconds : 0;
    err_ << "\r[" << i + 1 << "/" << sizes_.size() << "] "
         << Fixed(double(done_) / 1e6, 1) << "/" << Fixed(double(total_) / 1e6, 1)
         << " MB, " << Fixed(rate, 2) << " MB/s";
    if (rate > 0)
      err_ << ", ETA " << Fixed(double(total_ - done_) / 1e6 / rate, 0) << " s";
    err_ << "\x1b[K" << std::flush;
  }
  // Ends the line: erased after success, kept above an error message.
  void Finish(bool ok) {
    if (shown_) err_ << (ok ? "\r\x1b[K" : "\n");
  }
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
        .count();
  }
  uint64_t total_bytes() const { return total_; }

 private:
  bool shown_;
  const std::vector<uint64_t>& sizes_;
  std::ostream& err_;
  uint64_t total_ = 0, done_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// One source as written, for the report.
struct WrittenSource {
  graph::Source source;  // with counts
  graph::IngestDiff diff;
  ingest::StageTimes times;
};

// Args knows long options only: `-j N` and `-jN` become `--jobs N` and
// `--jobs=N` (before a `--`, after which everything is a file).
Argv WithLongJobs(const Argv& argv) {
  Argv out;
  bool files_only = false;
  for (const std::string& a : argv) {
    if (!files_only && a == "-j") {
      out.push_back("--jobs");
    } else if (!files_only && a.size() > 2 && a.rfind("-j", 0) == 0) {
      out.push_back("--jobs=" + a.substr(2));
    } else {
      files_only = files_only || a == "--";
      out.push_back(a);
    }
  }
  return out;
}

// A positive integer option; false after printing a usage error.
bool PositiveOption(const Args& args, const std::string& option, int* value, int* rc,
                    std::ostream& err) {
  std::optional<int> parsed = query::ParseIntAtLeast(args.Get(option), 1);
  if (!parsed) {
    err << "litgraph ingest: option '--" << option << "' needs a positive integer, got '"
        << args.Get(option) << "'\n\n"
        << args.Help();
    *rc = 2;
    return false;
  }
  *value = *parsed;
  return true;
}

// The first pass: every file is read and validated (Pipeline::Check, on
// request.jobs threads) and its source id checked, so that a bad file stops
// the ingest before anything is written, as when every file was extracted
// before the first write. Fills `sizes`; 0, or 1 after printing the first
// problem in command-line order.
int CheckFiles(const ingest::Pipeline& pipeline, const IngestRequest& request,
               std::vector<uint64_t>* sizes, std::ostream& err) {
  const std::vector<std::string>& files = request.files;
  int rc = 0;
  OrderedParallel<Result<uint64_t>>(
      files.size(), request.jobs, [&](size_t i) { return pipeline.Check(files[i]); },
      [&](size_t i, Result<uint64_t>& size) {
        if (request.progress) {
          err << "\r[" << i + 1 << "/" << files.size() << "] reading " << files[i]
              << "\x1b[K" << std::flush;
        }
        std::string id = ingest::Pipeline::SourceIdFor(files[i], request.options);
        std::string why = size.ok() ? SourceIdProblem(id) : "";
        if (!size.ok() || !why.empty()) {
          if (request.progress) err << "\n";
          if (!size.ok()) {
            err << "litgraph: " << size.status().message() << "\nnothing was written.\n";
          } else {
            err << "litgraph: ingest: invalid source id '" << PrintableId(id) << "' ("
                << files[i] << "): " << why << "\nnothing was written.\n";
          }
          rc = 1;
          return false;
        }
        (*sizes)[i] = *size;
        return true;
      });
  if (rc != 0) return rc;
  std::map<std::string, size_t> first_with_id;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string id = ingest::Pipeline::SourceIdFor(files[i], request.options);
    auto [it, fresh] = first_with_id.emplace(id, i);
    if (!fresh) {
      if (request.progress) err << "\n";
      err << "litgraph: ingest: " << files[it->second] << " and " << files[i]
          << " have the same source id '" << id
          << "'; rename one or ingest them separately with --source-id\nnothing was "
             "written.\n";
      return 1;
    }
  }
  if (request.progress) err << "\r\x1b[K";
  return 0;
}

// The second pass: extracts the files on request.jobs threads (at most
// 2 * jobs extracted sources in memory) and writes them in command-line
// order, each in one atomic batch. Group commit: every request.sync_every-th
// batch is written with sync, which makes the batches before it durable too,
// and the last one is synced before this returns, also after an error, so
// "were written" holds after a crash of the machine. 0, or 1 after printing
// the error.
int ExtractAndWrite(const ingest::Pipeline& pipeline, graph::Store& store,
                    const IngestRequest& request, ProgressLine* progress,
                    std::vector<WrittenSource>* written, std::ostream& err) {
  const std::vector<std::string>& files = request.files;
  std::vector<ingest::StageTimes> times(files.size());
  graph::GroupCommit commit(store, request.sync_every);
  Status failed;
  OrderedParallel<Result<graph::SourceData>>(
      files.size(), request.jobs,
      [&](size_t i) { return pipeline.Extract(files[i], request.options, &times[i]); },
      [&](size_t i, Result<graph::SourceData>& data) {
        // An error here means the file changed since CheckFiles read it.
        if (!data.ok()) {
          failed = data.status();
          return false;
        }
        auto start = std::chrono::steady_clock::now();
        auto diff = commit.Put(*data);
        times[i].write = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - start)
                             .count();
        if (!diff.ok()) {
          failed = diff.status();
          return false;
        }
        written->push_back({std::move(data->source), *diff, times[i]});
        progress->Written(i);
        return true;
      });
  progress->Finish(failed.ok());
  Status synced = commit.Finish();
  if (!failed.ok()) {
    err << "litgraph: " << failed.message() << "\n";
    size_t done = written->size();
    if (done > 0 && synced.ok()) {
      err << "the " << done << " source(s) before " << files[done] << " were written.\n";
    }
  }
  if (!synced.ok()) return Fail(synced, err);
  return failed.ok() ? 0 : 1;
}

void PrintIngestJson(const std::string& db, const IngestRequest& request,
                     const ProgressLine& progress,
                     const std::vector<WrittenSource>& written,
                     const std::vector<uint64_t>& sizes, std::ostream& out) {
  query::JsonOut j;
  j.StartObject();
  j.Key("format").Int(1);
  j.Key("db").String(db);
  // The run as a whole: the write pass (extraction and writes), from the
  // store's open to the last sync.
  const double seconds = progress.Seconds();
  j.Key("summary").StartObject();
  j.Key("files").Uint(written.size());
  j.Key("bytes").Uint(progress.total_bytes());
  j.Key("seconds").Double(seconds);
  j.Key("mb_per_s")
      .Double(seconds > 0 ? double(progress.total_bytes()) / 1e6 / seconds : 0);
  j.Key("jobs").Int(request.jobs);
  j.Key("sync_every").Int(request.sync_every);
  j.EndObject();
  j.Key("sources").StartArray();
  for (size_t i = 0; i < written.size(); ++i) {
    const graph::Source& s = written[i].source;
    const graph::IngestDiff& diff = written[i].diff;
    j.StartObject();
    j.Key("id").String(s.id);
    j.Key("path").String(s.path);
    j.Key("content_hash").String(s.content_hash);
    j.Key("bytes").Uint(sizes[i]);
    j.Key("sentences").Uint(s.counts.sentences);
    j.Key("entities").Uint(s.counts.entities);
    j.Key("facts").Uint(s.counts.facts);
    j.Key("references").Uint(s.counts.references);
    j.Key("milliseconds").Double(written[i].times.Total());
    j.Key("unchanged").Bool(diff.source_unchanged);
    j.Key("diff").StartObject();
    j.Key("added").Uint(diff.added);
    j.Key("removed").Uint(diff.removed);
    j.Key("unchanged").Uint(diff.unchanged);
    j.EndObject();
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  out << j.str() << "\n";
}

void PrintIngestTable(const std::string& db, const std::vector<WrittenSource>& written,
                      std::ostream& out) {
  out << std::left << std::setw(26) << "source" << std::right << std::setw(9)
      << "sentences" << std::setw(9) << "entities" << std::setw(7) << "facts"
      << std::setw(6) << "refs" << std::setw(9) << "ms"
      << "  change\n";
  for (const WrittenSource& w : written) {
    const graph::Source& s = w.source;
    std::string id = s.id.size() > 25 ? s.id.substr(0, 24) + "~" : s.id;
    std::string change = w.diff.source_unchanged
                             ? "unchanged"
                             : "+" + std::to_string(w.diff.added) + " -" +
                                   std::to_string(w.diff.removed) + " =" +
                                   std::to_string(w.diff.unchanged);
    out << std::left << std::setw(26) << id << std::right << std::setw(9)
        << s.counts.sentences << std::setw(9) << s.counts.entities << std::setw(7)
        << s.counts.facts << std::setw(6) << s.counts.references << std::setw(9)
        << Fixed(w.times.Total(), 1) << "  " << change << "\n";
  }
  out << "store: " << db << "\n";
}

}  // namespace

int RunIngest(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args(
      "ingest", "FILE...",
      "Read review texts (UTF-8 plain text or markdown) into the store; a PMC JATS\n"
      "XML article (.nxml, or .xml whose root is <article>) is read from its markup.\n"
      "Every file is read and checked before anything is written; the files are\n"
      "then extracted on --jobs threads and written in the order given, each source\n"
      "in one atomic batch, so the store is the same whatever --jobs is. Batches\n"
      "share one fsync per --sync-every sources: a crash of the machine loses at\n"
      "most the sources since the last sync, each whole (docs/RELIABILITY.md).\n"
      "Re-ingesting an unchanged file changes nothing; a changed file replaces that\n"
      "source's facts.");
  args.Option("db", "DIR", "store directory (else $LITGRAPH_DB, else ./litgraph.db)");
  args.Option("source-id", "ID", "source id for a single FILE (default: file name stem)");
  // No default value in the help: it would differ from machine to machine.
  args.Option("jobs", "N",
              "extraction threads, also -j N (default: the number of cores)");
  args.Option("sync-every", "N", "sources per fsync; 1: each source synced alone", "16");
  args.Flag("json", "print the per-source counts and a summary as JSON");
  args.Flag("quiet", "no progress line (shown only when stderr is a terminal)");
  args.Positionals(1, -1);
  if (int rc = args.Parse(WithLongJobs(argv), out, err); rc >= 0) return rc;
  IngestRequest request;
  request.files = args.positionals();
  if (args.Has("source-id") && request.files.size() != 1) {
    err << "litgraph ingest: --source-id takes exactly one FILE\n\n" << args.Help();
    return 2;
  }
  request.options.source_id = args.Get("source-id");
  int rc = 0;
  if (!PositiveOption(args, "sync-every", &request.sync_every, &rc, err)) return rc;
  request.jobs = int(std::max(1u, std::thread::hardware_concurrency()));
  if (args.Has("jobs") && !PositiveOption(args, "jobs", &request.jobs, &rc, err)) {
    return rc;
  }
  request.progress =
      !args.Has("quiet") && request.files.size() > 1 && isatty(STDERR_FILENO);

  auto pipeline = ingest::Pipeline::Create(DataDir());
  if (!pipeline.ok()) return Fail(pipeline.status(), err);
  std::vector<uint64_t> sizes(request.files.size());
  if (int failed = CheckFiles(**pipeline, request, &sizes, err)) return failed;

  std::string db = ResolveDbDir(args.Get("db"));
  graph::StoreOptions store_options;
  store_options.notice = [&err](const std::string& m) {
    err << "litgraph: " << m << "\n";
  };
  auto store = graph::Store::Open(db, store_options);
  if (!store.ok()) return Fail(store.status(), err);
  std::vector<WrittenSource> written;
  ProgressLine progress(request.progress, sizes, err);
  if (int failed =
          ExtractAndWrite(**pipeline, **store, request, &progress, &written, err)) {
    return failed;
  }
  if (args.Has("json")) {
    PrintIngestJson(db, request, progress, written, sizes, out);
  } else {
    PrintIngestTable(db, written, out);
  }
  return 0;
}

int RunExport(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args(
      "export", "",
      "Write the whole graph. jsonl: one JSON object per line (nodes, then edges),\n"
      "the public contract documented in query/JSON.md. graphml, dot: the graph for\n"
      "Cytoscape, Gephi, networkx or Graphviz. kgx: nodes.tsv and edges.tsv with\n"
      "Biolink categories and predicates (docs/KGX.md), written into --out DIR.");
  args.Option("db", "DIR", "store directory (else $LITGRAPH_DB, else ./litgraph.db)");
  args.Option("format", "FORMAT", "output format: jsonl, kgx, graphml or dot", "jsonl");
  args.Option("out", "FILE",
              "write to FILE instead of standard output (kgx: a directory)");
  args.Flag("raw", "machine output only: ignore curation decisions and aliases");
  args.Option("at", "NAME", "export snapshot NAME (`litgraph snapshot list`)");
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  const std::string format = args.Get("format");
  std::function<Status(const graph::Store&, std::ostream&)> write;
  if (format == "jsonl") {
    write = query::ExportJsonl;
  } else if (format == "graphml") {
    write = query::ExportGraphml;
  } else if (format == "dot") {
    write = query::ExportDot;
  } else if (format != "kgx") {
    err << "litgraph export: unknown format '" << format
        << "' (known: jsonl, kgx, graphml, dot)\n\n"
        << args.Help();
    return 2;
  }
  if (format == "kgx" && !args.Has("out")) {
    err << "litgraph export: --format kgx needs --out DIR\n\n" << args.Help();
    return 2;
  }
  auto store =
      OpenQueryStore(ResolveDbDir(args.Get("db")), args.Get("at"), args.Has("raw"), err);
  if (!store) return 1;
  if (format == "kgx") return ExportKgxFiles(*store, args.Get("out"), err);
  if (!args.Has("out")) {
    Status s = write(*store, out);
    return s.ok() ? 0 : Fail(s, err);
  }
  // Write to a temporary file and rename, so FILE is whole or untouched.
  std::string path = args.Get("out"), tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Fail(Status::IOError("export: cannot write " + tmp), err);
    Status s = write(*store, f);
    f.flush();
    if (!s.ok() || !f) {
      std::remove(tmp.c_str());
      return Fail(s.ok() ? Status::IOError("export: write to " + tmp + " failed") : s,
                  err);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Fail(Status::IOError("export: cannot rename " + tmp + " to " + path), err);
  }
  return 0;
}

int RunEval(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("eval", "",
            "Score what the store holds against gold annotation files (the schemas of\n"
            "../shared/gold/README.md and ../shared/dev/README.md) by the rules of the\n"
            "reference scorer ../shared/tools/score.py: per text and pooled, P/R/F1 per\n"
            "category, the reference lists' completeness, and the TOTAL line.");
  args.Option("db", "DIR", "store directory (else $LITGRAPH_DB, else ./litgraph.db)");
  args.Option("export", "FILE.jsonl", "score a JSONL export instead of a store");
  args.Repeated("gold", "FILE.json", "gold annotation file (repeatable)");
  args.Repeated("gold-dir", "DIR", "directory of gold *.json files (repeatable)");
  args.Repeated("source", "ID",
                "source id to score, one per gold file (default: the gold's 'source')");
  args.Option("thresholds", "NAME",
              "exit 1 when the figures fall short of NAME: score.py's seeds, "
              "dev-entities, dev-facts; references (issue 14: every text's list)");
  args.Flag("json", "print score.py --json's object");
  args.Flag("verbose", "list up to 15 misses and false positives per category");
  args.Flag("all", "with --verbose: list all of them");
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  std::vector<std::string> golds = args.GetAll("gold");
  for (const std::string& dir : args.GetAll("gold-dir")) {
    auto files = query::GoldFilesIn(dir);
    if (!files.ok()) return Fail(files.status(), err);
    golds.insert(golds.end(), files->begin(), files->end());
  }
  if (golds.empty()) {
    err << "litgraph eval: give --gold FILE.json or --gold-dir DIR\n\n" << args.Help();
    return 2;
  }
  std::vector<std::string> sources = args.GetAll("source");
  if (!sources.empty() && sources.size() != golds.size()) {
    err << "litgraph eval: give one --source per gold file (" << golds.size()
        << " gold files, " << sources.size() << " --source)\n\n"
        << args.Help();
    return 2;
  }
  std::unique_ptr<query::EvalExport> ex;
  std::string export_name;
  if (args.Has("export")) {
    std::ifstream f(args.Get("export"), std::ios::binary);
    if (!f) return Fail(Status::IOError("eval: cannot read " + args.Get("export")), err);
    std::stringstream text;
    text << f.rdbuf();
    ex = query::EvalExport::FromJsonl(text.str());
    export_name =
        "export " + std::filesystem::path(args.Get("export")).filename().string();
  } else {
    std::string db = ResolveDbDir(args.Get("db"));
    auto store = OpenForRead(db, err);
    if (!store) return 1;
    // A gold file names its source; with a store, that source must be there.
    auto listed = store->ListSources();
    if (!listed.ok()) return Fail(listed.status(), err);
    for (size_t i = 0; i < golds.size(); ++i) {
      std::string id = i < sources.size() ? sources[i] : "";
      if (id.empty()) {
        auto gold = query::GoldSourceOf(golds[i]);
        if (!gold.ok()) return Fail(gold.status(), err);
        id = *gold;
      }
      bool found = false;
      for (const auto& s : *listed)
        found = found || graph::Lower(s.id) == graph::Lower(id);
      if (!found) {
        return Fail(
            Status::NotFound("eval: source '" + id +
                             "' is not in the store; pass --source ID (see `litgraph "
                             "sources`)"),
            err);
      }
    }
    auto built = query::EvalExport::FromStore(*store);
    if (!built.ok()) return Fail(built.status(), err);
    ex = std::move(built).value();
    export_name = "store " + std::filesystem::path(db).filename().string();
  }
  auto run = query::Evaluate(*ex, golds, sources);
  if (!run.ok()) return Fail(run.status(), err);
  run->export_name = export_name;
  for (const auto& t : run->texts) {
    for (const auto& w : t.warnings) {
      err << "warning: " << std::filesystem::path(t.gold_path).filename().string() << ": "
          << w << "\n";
    }
  }
  std::vector<std::string> shortfalls;
  if (args.Has("thresholds")) {
    auto found = query::EvalShortfalls(*run, args.Get("thresholds"));
    if (!found.ok()) return Fail(found.status(), err);
    shortfalls = std::move(found).value();
  }
  if (args.Has("json")) {
    // The JSON is score.py's; a shortfall still makes the exit status 1.
    out << query::EvalRunJson(*run, args.Has("verbose"));
    for (const std::string& s : shortfalls) err << "short: " << s << "\n";
    return shortfalls.empty() ? 0 : 1;
  }
  out << query::FormatEvalRun(*run, args.Has("verbose") ? (args.Has("all") ? 2 : 1) : 0);
  if (args.Has("thresholds")) {
    if (shortfalls.empty()) {
      out << "all thresholds met\n";
    } else {
      out << "short: ";
      for (size_t i = 0; i < shortfalls.size(); ++i)
        out << (i ? "; " : "") << shortfalls[i];
      out << "\n";
    }
    out << run->TotalLine() << "\n";
    return shortfalls.empty() ? 0 : 1;
  }
  out << run->TotalLine() << "\n";
  return 0;
}

}  // namespace lg::tools
