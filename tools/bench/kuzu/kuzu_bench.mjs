// kuzu_bench: the kuzu peer of tools/bench/graph_bench's 1- and 2-hop figures.
//   node tools/bench/kuzu/kuzu_bench.mjs --csv DIR [--runs N] [--json OUT]
//
// DIR is what `graph_bench --csv DIR` wrote: nodes.csv (id), edges.csv
// (from,to,predicate) and queries.txt ("vertex hop1 hop2" a line). This
// creates an on-disk kuzu database in a fresh temporary directory, loads one
// node table N(id INT64) and one rel table E(FROM N TO N, predicate STRING)
// with COPY FROM, then runs, as prepared statements executed synchronously,
// the distinct-neighbour counts of every query vertex over the undirected
// graph, start excluded:
//   1-hop: MATCH (a:N {id: $id})-[:E]-(b:N) WHERE b.id <> $id
//          RETURN count(DISTINCT b.id)
//   2-hop: MATCH (a:N {id: $id})-[:E*1..2]-(b:N) WHERE b.id <> $id
//          RETURN count(DISTINCT b.id)
// (kuzu's variable-length match walks trails: a 2-hop walk back to the start
// is excluded by the WHERE clause, as graph_bench's counts exclude it.)
// Every count must equal queries.txt's, else exit 1. Each query kind runs
// --runs times (default 2000) cycling over the vertices, after one untimed
// pass; latencies are wall time of executeSync + getAllSync, microseconds.
//
// --json OUT writes one object; these keys are stable:
//   engine ("kuzu"), version, nodes, edges, load_s (COPY FROM of both files),
//   runs, queries, latency_us: {hop1, hop2} each {p50, p99, max, mean, runs},
//   counts_equal (true; the program exits 1 before writing otherwise).
// Exit status: 0; 1 on a load error or a count mismatch; 2 on bad usage.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import kuzu from "kuzu";

function usage(why) {
  process.stderr.write(
    `kuzu_bench: ${why}\nusage: node kuzu_bench.mjs --csv DIR [--runs N (default 2000)] [--json OUT]\n`
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opt = { csv: "", runs: 2000, json: "" };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const has = i + 1 < argv.length;
    if (a === "--csv" && has) opt.csv = argv[++i];
    else if (a === "--json" && has) opt.json = argv[++i];
    else if (a === "--runs" && has) {
      const text = argv[++i];
      if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
        usage(`option '--runs' needs a positive integer, got '${text}'`);
      }
      opt.runs = Number(text);
    } else usage(`unknown or incomplete argument '${a}'`);
  }
  if (!opt.csv) usage("--csv DIR is required");
  return opt;
}

// Nearest-rank percentiles, as the C++ tools compute them (tools/bench/bench_stats.h).
function summarize(us) {
  const v = [...us].sort((x, y) => x - y);
  const rank = (p) => v[Math.min(Math.max(Math.ceil(p * v.length), 1), v.length) - 1];
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return { p50: rank(0.5), p99: rank(0.99), max: v[v.length - 1], mean, runs: v.length };
}

function countOf(result) {
  const rows = result.getAllSync();
  result.close();
  return Number(Object.values(rows[0])[0]);
}

function readQueries(file) {
  const out = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const [id, hop1, hop2] = line.trim().split(/\s+/).map(Number);
    if (![id, hop1, hop2].every(Number.isInteger)) {
      process.stderr.write(`kuzu_bench: ${file}: bad line '${line}'\n`);
      process.exit(1);
    }
    out.push({ id, hop1, hop2 });
  }
  return out;
}

function lineCount(file) {
  const text = fs.readFileSync(file, "utf8");
  let n = 0;
  for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) === 10) ++n;
  return n - 1; // header
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const nodesCsv = path.resolve(opt.csv, "nodes.csv");
  const edgesCsv = path.resolve(opt.csv, "edges.csv");
  for (const f of [nodesCsv, edgesCsv, path.join(opt.csv, "queries.txt")]) {
    if (!fs.existsSync(f)) {
      process.stderr.write(`kuzu_bench: ${f}: missing; run graph_bench --csv ${opt.csv}\n`);
      process.exit(1);
    }
  }
  const queries = readQueries(path.join(opt.csv, "queries.txt"));
  if (queries.length === 0) {
    process.stderr.write(`kuzu_bench: ${opt.csv}/queries.txt: no query vertices\n`);
    process.exit(1);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kuzu_bench_"));
  let rc = 0;
  try {
    const db = new kuzu.Database(path.join(tmp, "db"));
    const conn = new kuzu.Connection(db);
    conn.querySync("CREATE NODE TABLE N(id INT64, PRIMARY KEY (id))").close();
    conn.querySync("CREATE REL TABLE E(FROM N TO N, predicate STRING)").close();
    const t0 = process.hrtime.bigint();
    conn.querySync(`COPY N FROM '${nodesCsv}' (header=true)`).close();
    conn.querySync(`COPY E FROM '${edgesCsv}' (header=true)`).close();
    const loadS = Number(process.hrtime.bigint() - t0) / 1e9;

    const stmts = {
      hop1: conn.prepareSync(
        "MATCH (a:N {id: $id})-[:E]-(b:N) WHERE b.id <> $id RETURN count(DISTINCT b.id)"
      ),
      hop2: conn.prepareSync(
        "MATCH (a:N {id: $id})-[:E*1..2]-(b:N) WHERE b.id <> $id RETURN count(DISTINCT b.id)"
      ),
    };
    for (const [k, s] of Object.entries(stmts)) {
      if (!s.isSuccess()) throw new Error(`prepare ${k}: ${s.getErrorMessage()}`);
    }

    // Untimed pass: the counts check.
    let bad = 0;
    for (const q of queries) {
      for (const k of ["hop1", "hop2"]) {
        const got = countOf(conn.executeSync(stmts[k], { id: q.id }));
        if (got !== q[k]) {
          process.stderr.write(`kuzu_bench: ${k} count mismatch at ${q.id}: kuzu ${got}, expected ${q[k]}\n`);
          ++bad;
        }
      }
    }
    if (bad > 0) {
      rc = 1;
    } else {
      const latency = {};
      for (const k of ["hop1", "hop2"]) {
        const us = [];
        for (let i = 0; i < opt.runs; ++i) {
          const q = queries[i % queries.length];
          const a = process.hrtime.bigint();
          countOf(conn.executeSync(stmts[k], { id: q.id }));
          us.push(Number(process.hrtime.bigint() - a) / 1e3);
        }
        latency[k] = summarize(us);
      }
      const nodes = lineCount(nodesCsv);
      const edges = lineCount(edgesCsv);
      const f = (x) => x.toFixed(2).padStart(10);
      console.log(`kuzu_bench  kuzu ${kuzu.VERSION}  csv ${opt.csv}  runs ${opt.runs}`);
      console.log(`  nodes ${nodes}  edges ${edges}  load (COPY FROM) ${loadS.toFixed(2)} s`);
      console.log(`\n  ${"warm latency (us)".padEnd(20)} ${"sample".padStart(7)} ${"p50".padStart(10)} ${"p99".padStart(10)} ${"max".padStart(10)} ${"mean".padStart(10)}`);
      for (const k of ["hop1", "hop2"]) {
        const s = latency[k];
        const name = k === "hop1" ? "1-hop  kuzu" : "2-hop  kuzu";
        console.log(`  ${name.padEnd(20)} ${String(queries.length).padStart(7)} ${f(s.p50)} ${f(s.p99)} ${f(s.max)} ${f(s.mean)}`);
      }
      console.log(`\n  counts equal graph_bench's (${queries.length} vertices)`);
      if (opt.json) {
        const out = {
          engine: "kuzu",
          version: kuzu.VERSION,
          nodes,
          edges,
          load_s: loadS,
          runs: opt.runs,
          queries: queries.length,
          latency_us: latency,
          counts_equal: true,
        };
        fs.writeFileSync(opt.json, JSON.stringify(out, null, 2) + "\n");
      }
    }
    conn.closeSync();
    db.closeSync();
  } catch (e) {
    process.stderr.write(`kuzu_bench: ${e.message}\n`);
    rc = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(rc);
}

main();
