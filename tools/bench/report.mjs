// report.mjs: the results table of one tools/bench/run.sh run.
//   node tools/bench/report.mjs OUT
// Reads the JSON the harness wrote into OUT (machine.json, ingest.json from
// Google Benchmark, oneshot_seed.json, and per graph size N: gen_N.json,
// graph_N.json, kuzu_N.json, oneshot_N.json), prints the tables of
// BENCHMARKS.md with each figure against its target, and writes every figure
// to OUT/results.json. A missed target is reported ("MISSED"), not an error.
// Exit status: 0; 1 when an input file is missing or not JSON (named).
import fs from "node:fs";
import path from "node:path";

const out = process.argv[2];
if (!out) {
  process.stderr.write("usage: node tools/bench/report.mjs OUT\n");
  process.exit(2);
}

function read(name) {
  const file = path.join(out, name);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    process.stderr.write(`report: ${file}: ${e.message}\n`);
    process.exit(1);
  }
}

const fmt = (x, digits = 1) =>
  x === undefined || x === null || Number.isNaN(x) ? "-" : Number(x).toFixed(digits);
const verdict = (ok) => (ok ? "met" : "MISSED");
function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => "| " + r.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  console.log(line(all[0]));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of all.slice(1)) console.log(line(r));
  console.log("");
}

const machine = read("machine.json");
const results = { machine, ingest: {}, sizes: [] };
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.mem_gib} GiB; ` +
            `${machine.compiler}; commit ${machine.commit}; ${machine.date}; mode ${machine.mode}\n`);

// ---- ingest (Google Benchmark JSON) ----
const gb = read("ingest.json").benchmarks.filter((b) => b.run_type !== "aggregate");
const bench = (prefix) => gb.find((b) => b.name.startsWith(prefix));
const mbs = (b) => (b ? b.bytes_per_second / 1e6 : NaN);
const e1 = bench("BM_Extract/real_time/threads:1") || bench("BM_Extract/threads:1");
const e2 = bench("BM_Extract/real_time/threads:2") || bench("BM_Extract/threads:2");
const ing = bench("BM_Ingest/1/");    // each source synced alone
const ingGroup = bench("BM_Ingest/16/");  // group commit, as `litgraph ingest` by default
const scan = bench("BM_ScanBound");
const ingest = {
  extract_mb_s_1thread: mbs(e1),
  extract_mb_s_2threads: mbs(e2),
  speedup_2threads: mbs(e2) / mbs(e1),
  ingest_mb_s: mbs(ing),
  ingest_group_commit_mb_s: mbs(ingGroup),
  stage_ms_per_mb: e1 && {
    read: e1.read_ms_per_MB, split_cite: e1.split_cite_ms_per_MB,
    recognise: e1.recognise_ms_per_MB, relate: e1.relate_ms_per_MB,
  },
  bytes_per_fact: ing && ing.bytes_per_fact,
  facts: ing && ing.facts,
  scan_bound_mb_s: mbs(scan),
  scan_surfaces: scan && scan.surfaces,
};
ingest.scan_ratio = ingest.scan_bound_mb_s / ingest.extract_mb_s_1thread;
results.ingest = ingest;
console.log("ingest (synthetic corpus; MB/s of input text)");
table(["figure", "value", "target", ""], [
  ["extract, 1 thread (MB/s per core)", fmt(ingest.extract_mb_s_1thread, 2), ">= 50",
   verdict(ingest.extract_mb_s_1thread >= 50)],
  ["ingest end to end, each source synced alone, 1 thread (MB/s)", fmt(ingest.ingest_mb_s, 2), "", ""],
  ["ingest end to end, group commit (sync every 16 sources), 1 thread (MB/s)",
   fmt(ingest.ingest_group_commit_mb_s, 2), ">= 40", verdict(ingest.ingest_group_commit_mb_s >= 40)],
  ["extract, 2 threads (MB/s)", fmt(ingest.extract_mb_s_2threads, 2), "", ""],
  ["speedup with 2 threads", fmt(ingest.speedup_2threads, 2) + "x", ">= 1.8x",
   verdict(ingest.speedup_2threads >= 1.8)],
  ["stage split, ms per MB (read / split+cite / recognise / relate)",
   ingest.stage_ms_per_mb ? [ingest.stage_ms_per_mb.read, ingest.stage_ms_per_mb.split_cite,
     ingest.stage_ms_per_mb.recognise, ingest.stage_ms_per_mb.relate].map((x) => fmt(x, 0)).join(" / ") : "-",
   "", ""],
  ["store bytes per fact", fmt(ingest.bytes_per_fact, 0), "", ""],
  [`scan bound: RE2::Set of ${ingest.scan_surfaces} surfaces (MB/s)`, fmt(ingest.scan_bound_mb_s, 1), "", ""],
  ["scan bound / extract", fmt(ingest.scan_ratio, 1) + "x", "", ""],
]);

// ---- queries per size ----
const seed = read("oneshot_seed.json");
results.oneshot_seed = seed;
const sizes = fs.readdirSync(out).filter((f) => /^graph_\d+\.json$/.test(f))
  .map((f) => Number(f.match(/\d+/)[0])).sort((a, b) => a - b);
const rows = [];
for (const n of sizes) {
  const gen = read(`gen_${n}.json`), g = read(`graph_${n}.json`);
  const kz = read(`kuzu_${n}.json`), one = read(`oneshot_${n}.json`);
  const lat = g.latency_us;
  const s = {
    edges: g.edges, entities: g.entities, generate_s: gen.seconds, store_bytes: gen.store_bytes,
    cold_start_ms: g.cold_start_ms, memory: g.memory, latency_us: lat,
    kuzu: { load_s: kz.load_s, hop1: kz.latency_us.hop1, hop2: kz.latency_us.hop2 },
    oneshot: one,
    ratios: {
      hop2_view_over_csr: lat.neighbors2.p50 / lat.csr2.p50,
      hop2_view_over_kuzu: lat.neighbors2.p50 / kz.latency_us.hop2.p50,
      hop1_view_over_csr: lat.neighbors1.p50 / lat.csr1.p50,
      hop1_view_over_kuzu: lat.neighbors1.p50 / kz.latency_us.hop1.p50,
    },
  };
  results.sizes.push(s);
  rows.push(s);
}
for (const s of rows) {
  console.log(`graph of ${s.edges} edges, ${s.entities} entities ` +
              `(generated in ${fmt(s.generate_s)} s, store ${fmt(s.store_bytes / 1e6)} MB)`);
  const l = s.latency_us, m = s.memory, at1e6 = s.edges >= 1e6 && s.edges < 1e7;
  table(["figure", "p50", "p99", "target", ""], [
    ["agents, warm (us)", fmt(l.agents.p50), fmt(l.agents.p99), at1e6 ? "p99 <= 100" : "",
     at1e6 ? verdict(l.agents.p99 <= 100) : ""],
    ["show, warm (us)", fmt(l.show.p50), fmt(l.show.p99), "", ""],
    ["path, warm (us)", fmt(l.path.p50), fmt(l.path.p99), "", ""],
    ["1-hop: view / CSR floor / kuzu (us)",
     `${fmt(l.neighbors1.p50, 2)} / ${fmt(l.csr1.p50, 2)} / ${fmt(s.kuzu.hop1.p50)}`,
     `${fmt(l.neighbors1.p99, 2)} / ${fmt(l.csr1.p99, 2)} / ${fmt(s.kuzu.hop1.p99)}`, "", ""],
    ["2-hop: view / CSR floor / kuzu (us)",
     `${fmt(l.neighbors2.p50, 2)} / ${fmt(l.csr2.p50, 2)} / ${fmt(s.kuzu.hop2.p50)}`,
     `${fmt(l.neighbors2.p99, 2)} / ${fmt(l.csr2.p99, 2)} / ${fmt(s.kuzu.hop2.p99)}`,
     "p50 <= 2x CSR, <= 0.5x kuzu",
     verdict(s.ratios.hop2_view_over_csr <= 2 && s.ratios.hop2_view_over_kuzu <= 0.5)],
    ["2-hop ratios: view/CSR, view/kuzu",
     `${fmt(s.ratios.hop2_view_over_csr, 2)}x, ${fmt(s.ratios.hop2_view_over_kuzu, 4)}x`, "", "", ""],
    [`one-shot CLI \`litgraph agents ${s.oneshot.command ? s.oneshot.command[2] : ""}\` (ms)`,
     fmt(s.oneshot.p50_ms), fmt(s.oneshot.p99_ms), at1e6 ? "<= 300" : "",
     at1e6 ? verdict(s.oneshot.p99_ms <= 300) : ""],
    ["one-shot CLI peak RSS (MB)", fmt(s.oneshot.peak_rss_mb, 0), "", "", ""],
    ["cold start in process: open / view / first agents (ms)",
     `${fmt(s.cold_start_ms.store_open)} / ${fmt(s.cold_start_ms.view_build)} / ${fmt(s.cold_start_ms.first_agents)}`,
     "", "", ""],
    ["graph memory: Boost CSR (B/edge)", fmt(m.csr_bytes_per_edge), "", "<= 40",
     verdict(m.csr_bytes_per_edge <= 40)],
    ["whole view incl. entities, facts, indexes (B/edge, RSS)", fmt(m.view_rss_bytes_per_edge, 0), "",
     "<= 40", verdict(m.view_rss_bytes_per_edge <= 40)],
    ["kuzu load (s)", fmt(s.kuzu.load_s, 2), "", "", ""],
  ]);
}
console.log("seed store (corpus/sample): one-shot `litgraph agents KMT2A::AFF1`");
table(["figure", "p50", "p99", "target", ""], [
  ["one-shot CLI (ms)", fmt(seed.p50_ms), fmt(seed.p99_ms), "<= 20", verdict(seed.p99_ms <= 20)],
  ["peak RSS (MB)", fmt(seed.peak_rss_mb, 0), "", "", ""],
]);
fs.writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`report: every figure in ${path.join(out, "results.json")}`);
