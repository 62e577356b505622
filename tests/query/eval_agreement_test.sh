#!/usr/bin/env bash
# `litgraph eval` agrees with the reference scorer ../shared/tools/score.py:
# both score a store of ../shared/dev (and of ../shared/corpus against
# ../shared/gold), per text and pooled, and every category's P, R and F1 must
# agree within 0.01 (the counts are compared too and reported).
# Also: score.py --thresholds seeds passes on ../shared/gold exactly when
# `litgraph eval --thresholds seeds` does.
# Usage: eval_agreement_test.sh PATH/TO/litgraph PATH/TO/shared
set -euo pipefail

litgraph="${1:?usage: $0 PATH/TO/litgraph PATH/TO/shared}"
shared="${2:?usage: $0 PATH/TO/litgraph PATH/TO/shared}"
score="${shared}/tools/score.py"
command -v python3 >/dev/null || { echo "FAIL: python3 not installed (tools/install_deps.sh)"; exit 1; }
[[ -f "${score}" ]] || { echo "FAIL: ${score} not found"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

fail=0
compare() {  # NAME GOLD_DIR, the texts in ${texts[@]}
  local name="$1" gold="$2"
  "${litgraph}" ingest --db "${work}/${name}.db" "${texts[@]}" >/dev/null
  "${litgraph}" export --db "${work}/${name}.db" --format jsonl --out "${work}/${name}.jsonl"
  python3 "${score}" --export "${work}/${name}.jsonl" --gold-dir "${gold}" --json \
    > "${work}/${name}.py.json"
  "${litgraph}" eval --db "${work}/${name}.db" --gold-dir "${gold}" --json \
    > "${work}/${name}.eval.json"
  python3 - "${work}/${name}.eval.json" "${work}/${name}.py.json" "${name}" <<'PY' || fail=1
import json, sys
ours, ref, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
bad, rows = [], 0
def check(label, a, b):
    global rows
    if sorted(a) != sorted(b):
        bad.append('%s: categories differ: eval %s, score.py %s' % (label, sorted(a), sorted(b)))
    for cat in sorted(set(a) & set(b)):
        rows += 1
        for m in ('precision', 'recall', 'f1'):
            x, y = a[cat][m], b[cat][m]
            if (x is None) != (y is None) or (x is not None and abs(x - y) > 0.01):
                bad.append('%s %s %s: eval %s, score.py %s' % (label, cat, m, x, y))
        for m in ('gold', 'tool', 'matched', 'tp', 'fp'):
            if a[cat][m] != b[cat][m]:
                print('note: %s %s %s: eval %s, score.py %s' % (label, cat, m, a[cat][m], b[cat][m]))
if len(ours['files']) != len(ref['files']):
    bad.append('eval scored %d files, score.py %d' % (len(ours['files']), len(ref['files'])))
for fa, fb in zip(ours['files'], ref['files']):
    check(fb['gold'].rsplit('/', 1)[-1], fa['categories'], fb['categories'])
check('TOTAL', ours['total'], ref['total'])
if ours['total_line'] != ref['total_line']:
    print('note: TOTAL lines differ:\n  eval     %s\n  score.py %s' % (ours['total_line'], ref['total_line']))
for b in bad:
    print('FAIL: %s: %s' % (name, b))
print('%s: %d category rows compared, %d disagreements' % (name, rows, len(bad)))
sys.exit(1 if bad else 0)
PY
}

texts=("${shared}"/dev/texts/*.txt)
compare dev "${shared}/dev/gold"
texts=("${shared}"/corpus/*.txt)
compare seeds "${shared}/gold"

# The thresholds verdict is the same.
py_rc=0; python3 "${score}" --export "${work}/seeds.jsonl" --gold-dir "${shared}/gold" \
  --thresholds seeds --quiet > "${work}/py.txt" || py_rc=$?
ev_rc=0; "${litgraph}" eval --db "${work}/seeds.db" --gold-dir "${shared}/gold" \
  --thresholds seeds > "${work}/ev.txt" || ev_rc=$?
if [[ "${py_rc}" != "${ev_rc}" ]]; then
  echo "FAIL: --thresholds seeds: score.py exit ${py_rc}, litgraph eval exit ${ev_rc}"; fail=1
fi
if ! diff <(grep -E '^(short|all thresholds)' "${work}/py.txt") \
          <(grep -E '^(short|all thresholds)' "${work}/ev.txt"); then
  echo "FAIL: --thresholds seeds verdicts differ"; fail=1
fi
diff <(tail -1 "${work}/py.txt") <(tail -1 "${work}/ev.txt") ||
  { echo "FAIL: TOTAL lines differ"; fail=1; }

[[ "${fail}" == 0 ]] && echo "PASS: eval_agreement_test"
exit "${fail}"
