// graph_bench: the query figures of one store, in process.
//   graph_bench --db DIR [--runs N] [--seed S] [--json OUT] [--csv DIR]
//
// Opens DIR read-only (and through the curation overlay, as the CLI does) and
// measures:
//   - cold start: Store::Open, query::Engine::Open (the view build) and the
//     first agents answer, in ms;
//   - memory: bytes of the Boost CSR graph alone (from its arrays), of the
//     whole View (RSS growth around Engine::Open from /proc/self/statm, and an
//     estimate walking its containers), and of the floor CSR below;
//   - warm latency in microseconds (p50, p99, max) over a deterministic
//     sample of query vertices (--seed): agents = query::Agents(view, id)
//     (ResolveEntity + FindAgents, default options) over up to 100 fusions
//     with agents; show = query::Show(view, id) over 100 entities; path =
//     query::FindPaths(view, a, b, 10) over 100 pairs; neighbors1/neighbors2 =
//     View::Neighborhood(v, 1|2) over 100 vertices with an edge;
//   - the floor: a hand-written undirected CSR (uint32 offsets and
//     neighbours, both directions) with a visited-stamp array; csr1/csr2 count
//     the distinct 1-/2-hop neighbours (start excluded) of the same vertices.
//     The counts must equal View::Neighborhood's sizes, else exit 1.
// Each kind runs --runs times (default 2000), cycling over its sample, after
// one untimed pass over the sample.
//
// --csv DIR writes, for the kuzu peer (tools/bench/kuzu/kuzu_bench.mjs):
//   DIR/nodes.csv    header "id", one vertex index a line;
//   DIR/edges.csv    header "from,to,predicate", one fact a line (indexes);
//   DIR/queries.txt  "vertex hop1 hop2" a line: the neighbour sample and the
//                    expected distinct-neighbour counts;
//   DIR/agents_target.txt  the first fusion of the agents sample (the
//                    one-shot CLI's question in tools/bench/run.sh).
//
// --json OUT writes one object; these keys are stable (scripts read them):
//   db, seed, runs, entities, facts, edges (graph edges = facts),
//   cold_start_ms: {store_open, view_build, first_agents, total},
//   memory: {csr_bytes, csr_bytes_per_edge, view_rss_bytes,
//            view_rss_bytes_per_edge, view_estimate_bytes,
//            view_estimate_bytes_per_edge, floor_bytes, floor_bytes_per_edge,
//            peak_rss_bytes},
//   latency_us: {agents, show, path, neighbors1, neighbors2, csr1, csr2}, each
//            {p50, p99, max, mean, runs, sample},
//   agents_sample_with_agents (fusions in the agents sample that have agents),
//   counts_equal (true; the program exits 1 before writing otherwise).
// Exit status: 0; 1 on a store error or a count mismatch; 2 on bad usage.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "graph/store/curated.h"
#include "graph/store/store.h"
#include "graph/view/view.h"
#include "query/engine.h"
#include "query/json_out.h"
#include "tools/bench/bench_args.h"
#include "tools/bench/bench_stats.h"

namespace lg::bench {
namespace {

using graph::View;
using Clock = std::chrono::steady_clock;

constexpr size_t kSample = 100;
volatile size_t g_sink = 0;
constexpr size_t kAgentProbes = 5000;  // fusions tried for the agents sample

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
double Us(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

// Resident set size in bytes (/proc/self/statm, second field).
uint64_t RssBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

// Peak RSS in bytes (/proc/self/status VmHWM).
uint64_t PeakRssBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0)
      return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

struct Stats {
  double p50 = 0, p99 = 0, max = 0, mean = 0;
  size_t runs = 0, sample = 0;
};

Stats Summarize(std::vector<double> v, size_t sample) {
  Stats s;
  s.runs = v.size();
  s.sample = sample;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.p50 = Percentile(v, 0.50);
  s.p99 = Percentile(v, 0.99);
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

// Times fn(sample[i % n]) `runs` times after one untimed pass over the sample.
template <typename T, typename Fn>
Stats Time(const std::vector<T>& sample, size_t runs, Fn fn) {
  if (sample.empty()) return Stats{};
  for (const T& x : sample) fn(x);
  std::vector<double> us;
  us.reserve(runs);
  for (size_t i = 0; i < runs; ++i) {
    const T& x = sample[i % sample.size()];
    auto a = Clock::now();
    fn(x);
    auto b = Clock::now();
    us.push_back(Us(a, b));
  }
  return Summarize(std::move(us), sample.size());
}

// The floor: an undirected CSR over the view's edges (each edge stored at both
// ends, self-loops and parallel edges kept, as Neighborhood walks them).
class FloorCsr {
 public:
  explicit FloorCsr(const View& view) : stamp_(view.num_vertices(), 0) {
    size_t n = view.num_vertices();
    offsets_.assign(n + 1, 0);
    for (uint32_t f = 0; f < view.num_facts(); ++f) {
      ++offsets_[view.subject(f) + 1];
      ++offsets_[view.object(f) + 1];
    }
    for (size_t v = 0; v < n; ++v) offsets_[v + 1] += offsets_[v];
    neighbours_.resize(offsets_[n]);
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (uint32_t f = 0; f < view.num_facts(); ++f) {
      uint32_t s = view.subject(f);
      uint32_t t = view.object(f);
      neighbours_[fill[s]++] = t;
      neighbours_[fill[t]++] = s;
    }
    frontier_.reserve(1024);
  }

  size_t Bytes() const {
    return (offsets_.size() + neighbours_.size() + stamp_.size()) * sizeof(uint32_t);
  }

  // Distinct vertices within `depth` (1 or 2) steps of v, v excluded.
  size_t Count(uint32_t v, int depth) {
    uint32_t mark = NextMark();
    stamp_[v] = mark;
    frontier_.clear();
    size_t count = 0;
    for (uint32_t i = offsets_[v]; i < offsets_[v + 1]; ++i) {
      uint32_t u = neighbours_[i];
      if (stamp_[u] == mark) continue;
      stamp_[u] = mark;
      ++count;
      if (depth > 1) frontier_.push_back(u);
    }
    for (uint32_t u : frontier_) {
      for (uint32_t i = offsets_[u]; i < offsets_[u + 1]; ++i) {
        uint32_t w = neighbours_[i];
        if (stamp_[w] == mark) continue;
        stamp_[w] = mark;
        ++count;
      }
    }
    return count;
  }

 private:
  uint32_t NextMark() {
    if (++mark_ == 0) {  // wrapped: clear the stamps once every 2^32 queries
      std::fill(stamp_.begin(), stamp_.end(), 0);
      mark_ = 1;
    }
    return mark_;
  }

  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> neighbours_;
  std::vector<uint32_t> stamp_;
  std::vector<uint32_t> frontier_;
  uint32_t mark_ = 0;
};

// Bytes of the view's CSR arrays (ImageGraph: out and in row starts and arcs),
// whether built in memory or mapped from the graph image.
size_t CsrBytes(const View& view) {
  return 2 * (view.num_vertices() + 1) * sizeof(uint32_t) +
         2 * view.num_facts() * sizeof(graph::ImageArc);
}

// Heap bytes of one string beyond the object (0 within the small buffer).
size_t Heap(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }
size_t Heap(const std::vector<std::string>& v) {
  size_t b = v.capacity() * sizeof(std::string);
  for (const auto& s : v) b += Heap(s);
  return b;
}
size_t Heap(const std::map<std::string, std::string>& m) {
  constexpr size_t kNode = 32 + 2 * sizeof(std::string);  // rb header + pair
  size_t b = m.size() * kNode;
  for (const auto& [k, v] : m) b += Heap(k) + Heap(v);
  return b;
}
size_t Heap(const graph::ListAttributes& m) {
  constexpr size_t kNode = 32 + sizeof(std::string) + sizeof(std::vector<std::string>);
  size_t b = m.size() * kNode;
  for (const auto& [k, v] : m) b += Heap(k) + Heap(v);
  return b;
}

// An estimate of the View's bytes: its entity and fact vectors with every
// string, vector and map they own, the CSR arrays, and the three hash
// indexes (one node per entity id, label and alias; the index key strings
// counted like the entity's). Sources and references are left out.
size_t EstimateViewBytes(const View& view) {
  size_t b = CsrBytes(view);
  b += view.entities().capacity() * sizeof(graph::Entity);
  constexpr size_t kHashNode = 8 + sizeof(std::string) + 8 + 8;  // next, key, value, hash
  constexpr size_t kListNode = kHashNode + sizeof(std::vector<View::Vertex>) + 4;
  for (const graph::Entity& e : view.entities()) {
    b += Heap(e.id) + Heap(e.label) + Heap(e.aliases) + Heap(e.attributes) +
         Heap(e.list_attributes);
    b += kHashNode + 8 + Heap(e.id);                            // by_id_ (+ bucket)
    b += 2 * (kListNode + 8) + Heap(e.label);                   // by_label_ id and label
    b += e.aliases.size() * (kListNode + 8) + Heap(e.aliases);  // by_alias_
  }
  b += view.facts().capacity() * sizeof(graph::Fact);
  for (const graph::Fact& f : view.facts()) {
    b += Heap(f.id) + Heap(f.subject) + Heap(f.predicate) + Heap(f.object) +
         Heap(f.attributes) + Heap(f.list_attributes);
    b += f.evidence.capacity() * sizeof(graph::Evidence);
    for (const graph::Evidence& ev : f.evidence) {
      b += Heap(ev.source) + Heap(ev.sentence) + Heap(ev.refs) + Heap(ev.rule);
    }
  }
  return b;
}

struct Options {
  std::string db, json, csv;
  size_t runs = 2000;
  uint64_t seed = 1;
};

int Usage(const std::string& why) {
  std::fprintf(stderr,
               "graph_bench: %s\nusage: graph_bench --db DIR [--runs N (default 2000)] "
               "[--seed S (default 1)] [--json OUT] [--csv DIR]\n",
               why.c_str());
  return 2;
}

// Picks up to k distinct items of `from` in a seeded order.
template <typename T>
std::vector<T> Pick(std::vector<T> from, size_t k, std::mt19937_64& rng) {
  for (size_t i = from.size(); i > 1; --i) std::swap(from[i - 1], from[rng() % i]);
  if (from.size() > k) from.resize(k);
  return from;
}

int WriteCsv(const View& view, const std::string& dir,
             const std::vector<uint32_t>& sample,
             const std::vector<std::pair<size_t, size_t>>& counts) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "graph_bench: --csv %s: %s\n", dir.c_str(),
                 ec.message().c_str());
    return 1;
  }
  std::ofstream nodes(dir + "/nodes.csv"), edges(dir + "/edges.csv"),
      queries(dir + "/queries.txt");
  nodes << "id\n";
  for (size_t v = 0; v < view.num_vertices(); ++v) nodes << v << '\n';
  edges << "from,to,predicate\n";
  const View::Graph& g = view.graph();
  for (uint32_t v = 0; v < view.num_vertices(); ++v) {
    for (const graph::ImageArc& arc : g.OutArcs(v)) {
      std::string_view p = view.predicate(arc.fact);
      bool quote = p.find_first_of(",\"\n") != std::string::npos;
      edges << v << ',' << arc.other << ',';
      if (quote) {
        edges << '"';
        for (char c : p) edges << (c == '"' ? std::string("\"\"") : std::string(1, c));
        edges << '"';
      } else {
        edges << p;
      }
      edges << '\n';
    }
  }
  for (size_t i = 0; i < sample.size(); ++i) {
    queries << sample[i] << ' ' << counts[i].first << ' ' << counts[i].second << '\n';
  }
  nodes.close();
  edges.close();
  queries.close();
  if (!nodes || !edges || !queries) {
    std::fprintf(stderr, "graph_bench: --csv %s: write failed\n", dir.c_str());
    return 1;
  }
  return 0;
}

void JsonStats(std::FILE* f, const char* name, const Stats& s, bool last) {
  std::fprintf(
      f,
      "    \"%s\": {\"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f, \"mean\": %.3f, "
      "\"runs\": %zu, \"sample\": %zu}%s\n",
      name, s.p50, s.p99, s.max, s.mean, s.runs, s.sample, last ? "" : ",");
}

int Run(const Options& opt) {
  // ---- cold start ----
  auto t0 = Clock::now();
  graph::StoreOptions so;
  so.read_only = true;
  so.create_if_missing = false;
  auto base = graph::Store::Open(opt.db, so);
  if (!base.ok()) {
    std::fprintf(stderr, "graph_bench: %s\n", base.status().message().c_str());
    return 1;
  }
  auto curated = graph::OpenCuratedView(std::move(base).value());
  if (!curated.ok()) {
    std::fprintf(stderr, "graph_bench: %s\n", curated.status().message().c_str());
    return 1;
  }
  std::unique_ptr<graph::Store> store = std::move(curated).value();
  auto t1 = Clock::now();
  uint64_t rss_before = RssBytes();
  auto engine_or = query::Engine::Open(store.get());
  auto t2 = Clock::now();
  uint64_t rss_after = RssBytes();
  if (!engine_or.ok()) {
    std::fprintf(stderr, "graph_bench: %s\n", engine_or.status().message().c_str());
    return 1;
  }
  std::unique_ptr<query::Engine> engine = std::move(engine_or).value();
  const View& view = engine->view();

  // The first agents answer: the first fusion in id order (else vertex 0).
  std::vector<uint32_t> fusions;
  for (uint32_t v = 0; v < view.num_vertices(); ++v) {
    if (view.kind(v) == graph::EntityKind::kFusion) fusions.push_back(v);
  }
  auto t3 = Clock::now();
  if (view.num_vertices() > 0) {
    const std::string id(view.id(fusions.empty() ? 0 : fusions[0]));
    auto first = query::Agents(view, id);
    if (!first.ok()) {
      std::fprintf(stderr, "graph_bench: %s\n", first.status().message().c_str());
      return 1;
    }
  }
  auto t4 = Clock::now();
  double cold_store = Ms(t0, t1), cold_view = Ms(t1, t2), cold_agents = Ms(t3, t4);

  size_t n_entities = view.num_vertices(), n_facts = view.num_facts();
  size_t n_edges = view.num_facts();
  if (n_edges == 0) {
    std::fprintf(stderr, "graph_bench: store %s has no facts\n", opt.db.c_str());
    return 1;
  }

  // ---- samples ----
  std::mt19937_64 rng(opt.seed);
  std::vector<std::string> agents_ids;
  size_t probes = 0;
  for (uint32_t v : Pick(fusions, fusions.size(), rng)) {
    if (agents_ids.size() == kSample || probes++ == kAgentProbes) break;
    graph::View::Vertex vv = v;
    if (!query::FindAgents(view, vv, {}).agents.empty())
      agents_ids.emplace_back(view.id(v));
  }
  size_t with_agents = agents_ids.size();
  if (agents_ids.empty()) {  // no fusion has agents: time the misses instead
    for (uint32_t v : Pick(fusions, kSample, rng)) agents_ids.emplace_back(view.id(v));
  }
  std::vector<uint32_t> all(n_entities), connected;
  for (uint32_t v = 0; v < n_entities; ++v) {
    all[v] = v;
    if (!view.graph().OutArcs(v).empty() || !view.graph().InArcs(v).empty()) {
      connected.push_back(v);
    }
  }
  std::vector<std::string> show_ids;
  for (uint32_t v : Pick(all, kSample, rng)) show_ids.emplace_back(view.id(v));
  std::vector<std::pair<std::string, std::string>> path_pairs;
  for (size_t i = 0; i < kSample && !connected.empty(); ++i) {
    path_pairs.emplace_back(view.id(connected[rng() % connected.size()]),
                            view.id(connected[rng() % connected.size()]));
  }
  std::vector<uint32_t> hop_sample = Pick(connected, kSample, rng);

  // ---- the floor, and the counts check ----
  auto f0 = Clock::now();
  FloorCsr floor(view);
  auto f1 = Clock::now();
  std::vector<std::pair<size_t, size_t>> counts;
  int mismatches = 0;
  for (uint32_t v : hop_sample) {
    size_t v1 = view.Neighborhood(v, 1).size(), v2 = view.Neighborhood(v, 2).size();
    size_t c1 = floor.Count(v, 1), c2 = floor.Count(v, 2);
    if (v1 != c1 || v2 != c2) {
      std::fprintf(
          stderr,
          "graph_bench: count mismatch at %s: Neighborhood %zu/%zu, CSR %zu/%zu\n",
          std::string(view.id(v)).c_str(), v1, v2, c1, c2);
      ++mismatches;
    }
    counts.emplace_back(v1, v2);
  }
  if (mismatches > 0) return 1;
  if (!opt.csv.empty()) {
    if (int rc = WriteCsv(view, opt.csv, hop_sample, counts); rc != 0) return rc;
    // The first fusion of the agents sample: what tools/bench/run.sh asks the
    // one-shot CLI (`litgraph agents ID`).
    std::ofstream target(opt.csv + "/agents_target.txt");
    target << agents_ids.front() << "\n";
    if (!target) {
      std::fprintf(stderr, "graph_bench: cannot write %s/agents_target.txt\n",
                   opt.csv.c_str());
      return 1;
    }
  }

  // ---- warm latency ----
  size_t sink = 0;
  Stats agents = Time(agents_ids, opt.runs, [&](const std::string& id) {
    auto r = query::Agents(view, id);
    sink += r.ok() ? r->agents.size() : 1;
  });
  Stats show = Time(show_ids, opt.runs, [&](const std::string& id) {
    auto r = query::Show(view, id);
    sink += r.ok() ? r->out.size() : 1;
  });
  Stats path =
      Time(path_pairs, opt.runs, [&](const std::pair<std::string, std::string>& p) {
        auto r = query::FindPaths(view, p.first, p.second, 10);
        sink += r.ok() ? r->paths.size() : 1;
      });
  Stats n1 = Time(hop_sample, opt.runs,
                  [&](uint32_t v) { sink += view.Neighborhood(v, 1).size(); });
  Stats n2 = Time(hop_sample, opt.runs,
                  [&](uint32_t v) { sink += view.Neighborhood(v, 2).size(); });
  Stats c1 = Time(hop_sample, opt.runs, [&](uint32_t v) { sink += floor.Count(v, 1); });
  Stats c2 = Time(hop_sample, opt.runs, [&](uint32_t v) { sink += floor.Count(v, 2); });

  // ---- memory ----
  double e = static_cast<double>(n_edges);
  size_t csr = CsrBytes(view);
  uint64_t view_rss = rss_after > rss_before ? rss_after - rss_before : 0;
  size_t estimate = EstimateViewBytes(view);
  size_t floor_bytes = floor.Bytes();
  uint64_t peak = PeakRssBytes();

  std::printf("graph_bench  db %s  seed %" PRIu64 "  runs %zu\n", opt.db.c_str(),
              opt.seed, opt.runs);
  std::printf("  entities %zu  facts %zu  edges %zu  (floor CSR built in %.1f ms)\n",
              n_entities, n_facts, n_edges, Ms(f0, f1));
  std::printf(
      "\n  cold start (ms)   store open %9.2f   view build %9.2f   first agents %9.3f"
      "   total %9.2f\n",
      cold_store, cold_view, cold_agents, cold_store + cold_view + cold_agents);
  std::printf("\n  %-22s %14s %12s\n", "memory", "bytes", "bytes/edge");
  auto mem = [&](const char* name, double bytes) {
    std::printf("  %-22s %14.0f %12.1f\n", name, bytes, bytes / e);
  };
  mem("boost CSR graph", static_cast<double>(csr));
  mem("view (RSS growth)", static_cast<double>(view_rss));
  mem("view (estimate)", static_cast<double>(estimate));
  mem("floor CSR (+stamps)", static_cast<double>(floor_bytes));
  mem("peak RSS", static_cast<double>(peak));
  std::printf("\n  %-34s %7s %10s %10s %10s %10s\n", "warm latency (us)", "sample", "p50",
              "p99", "max", "mean");
  auto row = [](const char* name, const Stats& s) {
    std::printf("  %-34s %7zu %10.2f %10.2f %10.2f %10.2f\n", name, s.sample, s.p50,
                s.p99, s.max, s.mean);
  };
  row("agents  query::Agents", agents);
  row("show    query::Show", show);
  row("path    query::FindPaths", path);
  row("1-hop   View::Neighborhood(v,1)", n1);
  row("2-hop   View::Neighborhood(v,2)", n2);
  row("1-hop   floor CSR", c1);
  row("2-hop   floor CSR", c2);
  std::printf(
      "\n  agents sample: %zu fusions with agents (of %zu fusions); 2-hop View/CSR p50 "
      "%.1fx; counts equal (%zu vertices)\n",
      with_agents, fusions.size(), c2.p50 > 0 ? n2.p50 / c2.p50 : 0.0, hop_sample.size());

  if (!opt.json.empty()) {
    std::FILE* f = std::fopen(opt.json.c_str(), "w");
    if (f == nullptr) {
      std::fprintf(stderr, "graph_bench: --json %s: cannot write\n", opt.json.c_str());
      return 1;
    }
    std::fprintf(f, "{\n  \"db\": %s,\n  \"seed\": %" PRIu64 ",\n  \"runs\": %zu,\n",
                 query::JsonString(opt.db).c_str(), opt.seed, opt.runs);
    std::fprintf(f, "  \"entities\": %zu,\n  \"facts\": %zu,\n  \"edges\": %zu,\n",
                 n_entities, n_facts, n_edges);
    std::fprintf(f,
                 "  \"cold_start_ms\": {\"store_open\": %.3f, \"view_build\": %.3f, "
                 "\"first_agents\": %.3f, \"total\": %.3f},\n",
                 cold_store, cold_view, cold_agents,
                 cold_store + cold_view + cold_agents);
    std::fprintf(f,
                 "  \"memory\": {\"csr_bytes\": %zu, \"csr_bytes_per_edge\": %.2f, "
                 "\"view_rss_bytes\": %" PRIu64
                 ", \"view_rss_bytes_per_edge\": %.2f, "
                 "\"view_estimate_bytes\": %zu, \"view_estimate_bytes_per_edge\": %.2f, "
                 "\"floor_bytes\": %zu, \"floor_bytes_per_edge\": %.2f, "
                 "\"peak_rss_bytes\": %" PRIu64 "},\n",
                 csr, static_cast<double>(csr) / e, view_rss,
                 static_cast<double>(view_rss) / e, estimate,
                 static_cast<double>(estimate) / e, floor_bytes,
                 static_cast<double>(floor_bytes) / e, peak);
    std::fprintf(f, "  \"latency_us\": {\n");
    JsonStats(f, "agents", agents, false);
    JsonStats(f, "show", show, false);
    JsonStats(f, "path", path, false);
    JsonStats(f, "neighbors1", n1, false);
    JsonStats(f, "neighbors2", n2, false);
    JsonStats(f, "csr1", c1, false);
    JsonStats(f, "csr2", c2, true);
    std::fprintf(
        f, "  },\n  \"agents_sample_with_agents\": %zu,\n  \"counts_equal\": true\n}\n",
        with_agents);
    if (std::fclose(f) != 0) {
      std::fprintf(stderr, "graph_bench: --json %s: write failed\n", opt.json.c_str());
      return 1;
    }
  }
  g_sink = sink;  // keeps the timed calls observable
  return 0;
}

}  // namespace
}  // namespace lg::bench

int main(int argc, char** argv) {
  lg::bench::Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--db" && has_value) {
      opt.db = argv[++i];
    } else if (a == "--json" && has_value) {
      opt.json = argv[++i];
    } else if (a == "--csv" && has_value) {
      opt.csv = argv[++i];
    } else if ((a == "--runs" || a == "--seed") && has_value) {
      uint64_t v = 0;
      if (!lg::bench::ParseU64(argv[++i], &v) || (a == "--runs" && v == 0)) {
        return lg::bench::Usage("option '" + a + "' needs a positive integer, got '" +
                                argv[i] + "'");
      }
      if (a == "--runs")
        opt.runs = v;
      else
        opt.seed = v;
    } else {
      return lg::bench::Usage("unknown or incomplete argument '" + a + "'");
    }
  }
  if (opt.db.empty()) return lg::bench::Usage("--db DIR is required");
  return lg::bench::Run(opt);
}
