// gen_graph: builds a synthetic litgraph store of about N facts
// (tools/bench/synth.h).
//
//   gen_graph --seed S --edges N --db DIR [--via bulk|ingest] [--data DIR]
//
// bulk (default): GraphSynth sources of 5k-20k facts, one PutSource each, in
// the shape ingest produces, until the store holds N distinct facts; then
// Store::Compact. ingest: synthetic documents (GenerateDocument, 100 KB each)
// through ingest::Pipeline until the store holds N facts (slow; small N).
// Prints one JSON line:
//   {"edges":N,"facts":..,"entities":..,"sources":..,"seconds":..,"store_bytes":..}
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>

#include "graph/store/store.h"
#include "ingest/pipeline.h"
#include "tools/bench/synth.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "gen_graph: %s\nusage: gen_graph --seed S --edges N --db DIR "
               "[--via bulk|ingest] [--data DIR]\n",
               why);
  return 2;
}

bool ParseU64(const char* s, uint64_t* out) {
  if (s == nullptr || *s == '\0' || s[0] == '-') return false;
  char* end = nullptr;
  double v = std::strtod(s, &end);  // accepts 1e6
  if (*end != '\0' || v < 0 || v > 1e12) return false;
  *out = static_cast<uint64_t>(v);
  return true;
}

int Fail(const lg::Status& s) {
  std::fprintf(stderr, "gen_graph: %s\n", s.ToString().c_str());
  return 1;
}

uint64_t DirBytes(const std::string& dir) {
  std::error_code ec;
  uint64_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t seed = 1, edges = 0;
  bool have_seed = false;
  std::string db, via = "bulk", data = LG_DATA_DIR;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--seed") {
      if (!ParseU64(v, &seed)) return Usage("--seed needs a number");
      have_seed = true;
    } else if (a == "--edges") {
      if (!ParseU64(v, &edges) || edges == 0)
        return Usage("--edges needs a positive number");
    } else if (a == "--db") {
      if (v == nullptr) return Usage("--db needs a directory");
      db = v;
    } else if (a == "--via") {
      if (v == nullptr || (std::string(v) != "bulk" && std::string(v) != "ingest")) {
        return Usage("--via needs bulk or ingest");
      }
      via = v;
    } else if (a == "--data") {
      if (v == nullptr) return Usage("--data needs a directory");
      data = v;
    } else {
      return Usage(("unknown argument " + a).c_str());
    }
    ++i;
  }
  if (!have_seed || edges == 0 || db.empty()) {
    return Usage("--seed, --edges and --db are required");
  }
  auto start = std::chrono::steady_clock::now();
  auto lex = lg::bench::LoadSynthLexicon(data);
  if (!lex.ok()) return Fail(lex.status());
  // The bulk path writes without a WAL or per-source sync; Compact() at the
  // end makes the store durable (StoreOptions::bulk_load).
  lg::graph::StoreOptions store_options;
  store_options.bulk_load = via == "bulk";
  auto store = lg::graph::Store::Open(db, store_options);
  if (!store.ok()) return Fail(store.status());
  auto totals = (*store)->GetTotals();
  if (!totals.ok()) return Fail(totals.status());

  double make_seconds = 0;  // waiting for the next source (bulk)
  uint64_t written = 0;     // facts written, counting repeats across sources
  if (via == "bulk") {
    lg::bench::GraphOptions options;
    options.seed = seed;
    options.edges = edges;
    if (edges < options.max_source_facts) {
      options.min_source_facts = std::max<uint64_t>(1, edges / 4);
      options.max_source_facts = std::max<uint64_t>(1, edges / 2);
    }
    lg::bench::GraphSynth synth(*lex, options);
    // Source i+1 is built on a second thread while source i is written.
    auto build = [&synth](uint64_t i) { return synth.MakeSource(i); };
    std::future<lg::graph::SourceData> next = std::async(std::launch::async, build, 0);
    for (uint64_t i = 0; totals->facts < edges; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      lg::graph::SourceData source = next.get();
      make_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      next = std::async(std::launch::async, build, i + 1);
      written += source.facts.size();
      auto diff = (*store)->PutSource(source);
      if (!diff.ok()) return Fail(diff.status());
      totals = (*store)->GetTotals();
      if (!totals.ok()) return Fail(totals.status());
    }
    next.wait();
  } else {
    auto pipeline = lg::ingest::Pipeline::Create(data);
    if (!pipeline.ok()) return Fail(pipeline.status());
    for (uint64_t i = 0; totals->facts < edges; ++i) {
      lg::bench::SynthDocument doc =
          lg::bench::GenerateDocument(*lex, lg::bench::Mix(seed, i), 100 * 1000);
      char name[48];
      std::snprintf(name, sizeof(name), "synth_%06llu.txt",
                    static_cast<unsigned long long>(i));
      lg::ingest::IngestOptions io;
      io.source_id = lg::ingest::DefaultSourceId(name);
      auto extracted = (*pipeline)->ExtractBytes(name, std::move(doc.text), io);
      if (!extracted.ok()) return Fail(extracted.status());
      auto diff = (*store)->PutSource(*extracted);
      if (!diff.ok()) return Fail(diff.status());
      totals = (*store)->GetTotals();
      if (!totals.ok()) return Fail(totals.status());
      if (i > 100000) break;  // a lexicon too small to ever reach N
    }
  }
  lg::Status compacted = (*store)->Compact();
  if (!compacted.ok()) return Fail(compacted);
  store->reset();
  if (std::getenv("GEN_GRAPH_VERBOSE") != nullptr) {
    std::fprintf(stderr, "gen_graph: %llu facts written, %.2f s waiting for sources\n",
                 static_cast<unsigned long long>(written), make_seconds);
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"edges\":%llu,\"facts\":%llu,\"entities\":%llu,\"sources\":%llu,\"seconds\":%."
      "2f,"
      "\"store_bytes\":%llu}\n",
      static_cast<unsigned long long>(edges),
      static_cast<unsigned long long>(totals->facts),
      static_cast<unsigned long long>(totals->entities),
      static_cast<unsigned long long>(totals->sources), secs,
      static_cast<unsigned long long>(DirBytes(db)));
  return 0;
}
