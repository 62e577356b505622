// litgraph check: the integrity verifier (graph::Store::Check).
#include "query/json_out.h"
#include "tools/args.h"
#include "tools/cli.h"

namespace lg::tools {

int RunCheck(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("check", "",
            "Verify the store's invariants: fact endpoints exist, forward and reverse\n"
            "adjacency agree, evidence points to stored sources, spans and references,\n"
            "per-source indexes agree, and the stored totals match a recount; and that\n"
            "the graph image (graph.image) is intact and, when it is of the store's\n"
            "generation, is what the store's records give. Reads a read-only\n"
            "snapshot, so it may run while an ingest writes.\n"
            "Exit status: 0 when the store is sound, 1 with one line per fault.");
  args.Option("db", "DIR", "store directory (else $LITGRAPH_DB, else ./litgraph.db)");
  args.Flag("json", "print {\"ok\", \"counts\", \"faults\"} as JSON");
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  std::string dir = ResolveDbDir(args.Get("db"));
  std::unique_ptr<graph::Store> store = OpenForRead(dir, err);
  if (store == nullptr) return 1;
  auto report = store->Check();
  if (!report.ok()) return Fail(report.status(), err);
  const graph::CheckReport& r = *report;
  bool ok = r.faults.empty();

  if (args.Has("json")) {
    query::JsonOut j;
    j.StartObject();
    j.Key("ok").Bool(ok);
    j.Key("db").String(dir);
    j.Key("counts").StartObject();
    j.Key("keys").Uint(r.keys);
    j.Key("sources").Uint(r.sources);
    j.Key("entities").Uint(r.entities);
    j.Key("facts").Uint(r.facts);
    j.Key("edges").Uint(r.edges);
    j.Key("evidence").Uint(r.evidence);
    j.Key("references").Uint(r.references);
    j.EndObject();
    j.Key("image").String(r.image);
    j.Key("faults").StartArray();
    for (const std::string& fault : r.faults) j.String(fault);
    j.EndArray();
    j.EndObject();
    out << j.str() << "\n";
  } else if (ok) {
    out << "ok: " << r.sources << " sources, " << r.entities << " entities, " << r.facts
        << " facts, " << r.edges << " edges, " << r.evidence << " evidence, "
        << r.references << " references (" << r.keys << " keys)\n"
        << "image: " << r.image << "\n";
  } else {
    for (const std::string& fault : r.faults) out << fault << "\n";
  }
  if (!ok) {
    err << "litgraph: check: " << r.faults.size() << " fault"
        << (r.faults.size() == 1 ? "" : "s") << " in " << dir << "\n";
  }
  return ok ? 0 : 1;
}

}  // namespace lg::tools
