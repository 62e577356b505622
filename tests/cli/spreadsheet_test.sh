#!/usr/bin/env bash
# `--format csv|tsv` round trip: for each query that prints a table, on a store
# of ../shared/corpus, Python's csv module reads the CSV (and the TSV) and gets
# the rows that the query's --json gives when flattened by the rule of
# query/JSON.md ("Spreadsheet output"), written again here in Python.
# Usage: spreadsheet_test.sh PATH/TO/litgraph PATH/TO/shared
set -euo pipefail

litgraph="${1:?usage: $0 PATH/TO/litgraph PATH/TO/shared}"
shared="${2:?usage: $0 PATH/TO/litgraph PATH/TO/shared}"
command -v python3 >/dev/null || { echo "FAIL: python3 not installed (tools/install_deps.sh)"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
db="${work}/db"
"${litgraph}" ingest --db "${db}" "${shared}"/corpus/*.txt >/dev/null
source_id="$("${litgraph}" sources --db "${db}" --json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["sources"][0]["id"])')"

fail=0
check() {  # LIST_KEY ARGS...: one query in json, csv and tsv
  local list="$1"
  shift
  "${litgraph}" "$@" --db "${db}" --json >"${work}/a.json"
  "${litgraph}" "$@" --db "${db}" --format csv >"${work}/a.csv"
  "${litgraph}" "$@" --db "${db}" --format tsv >"${work}/a.tsv"
  python3 - "${work}" "${list}" "$*" <<'PY' || fail=1
import csv, json, sys

work, list_key, what = sys.argv[1], sys.argv[2], sys.argv[3]
records = json.load(open(work + "/a.json"))[list_key]

def scalar(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    return json.dumps(v)

def is_scalar(v):
    return not isinstance(v, (dict, list))

def kind_of(lst):
    kinds = set()
    for e in lst:
        if is_scalar(e):
            kinds.add("scalars")
        elif isinstance(e, dict) and all(is_scalar(x) for x in e.values()):
            kinds.add("objects")
        else:
            kinds.add("json")
    return None if not kinds else kinds.pop() if len(kinds) == 1 else "json"

lists = {}
def learn(obj, prefix):
    for k, v in obj.items():
        col = prefix + k
        if isinstance(v, dict):
            learn(v, col + ".")
        elif isinstance(v, list):
            a, b = lists.get(col), kind_of(v)
            lists[col] = a if b is None else b if a is None or a == b else "json"

def cells(obj, prefix, out):
    for k, v in obj.items():
        col = prefix + k
        if isinstance(v, dict):
            cells(v, col + ".", out)
        elif not isinstance(v, list):
            out[col] = scalar(v)
        elif lists.get(col) == "json":
            out[col] = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
        elif lists.get(col) == "objects":
            keys = []
            for e in v:
                keys += [x for x in e if x not in keys]
            for x in keys:
                out[col + "." + x] = ";".join(scalar(e.get(x)) for e in v)
        else:
            out[col] = ";".join(scalar(e) for e in v)

for r in records:
    learn(r, "")
columns, rows = [], []
for r in records:
    row = {}
    cells(r, "", row)
    columns += [c for c in row if c not in columns]
    rows.append(row)
want = [columns] + [[row.get(c, "") for c in columns] for row in rows] if rows else []

with open(work + "/a.csv", newline="", encoding="utf-8") as f:
    got_csv = list(csv.reader(f))
with open(work + "/a.tsv", newline="", encoding="utf-8") as f:
    got_tsv = [line.rstrip("\n").split("\t") for line in f]
want_tsv = [[c.replace("\t", " ").replace("\r", " ").replace("\n", " ") for c in row] for row in want]

bad = False
for name, got, exp in (("csv", got_csv, want), ("tsv", got_tsv, want_tsv)):
    if got != exp:
        bad = True
        print("FAIL %s --format %s: %d rows, want %d" % (what, name, len(got), len(exp)))
        for i, (g, e) in enumerate(zip(got, exp)):
            if g != e:
                print("  first difference at row %d:\n    got  %r\n    want %r" % (i, g[:6], e[:6]))
                break
if not bad:
    print("ok %s: %d records, %d columns" % (what, len(records), len(columns)))
if len(records) == 0:
    print("FAIL %s: no records, nothing was compared" % what)
    bad = True
sys.exit(1 if bad else 0)
PY
}

check agents agents KMT2A::AFF1
check trials trials
check outcomes outcomes
check neighbors neighbors KMT2A::AFF1 --depth 2
check sources sources
check references refs "${source_id}"
check sources mentions venetoclax

# The round trip above covers quoting only if some cell needed it: outcome
# evidence (compact JSON of sentences) holds commas and quotes.
"${litgraph}" outcomes --db "${db}" --format csv >"${work}/o.csv"
if ! grep -q '""' "${work}/o.csv"; then
  echo "FAIL: no quoted cell in the outcomes CSV: quoting was not exercised"
  fail=1
fi
if [[ "${fail}" != 0 ]]; then
  echo "spreadsheet_test: FAILED"
  exit 1
fi
echo "spreadsheet_test: every query's CSV and TSV rows equal its flattened --json"
