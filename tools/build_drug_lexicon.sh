#!/usr/bin/env bash
# Builds corpus/lexicon/drugs.tsv and corpus/lexicon/drug_targets.tsv from
# DrugCentral's drug tables (vendored in corpus/lexicon/drugcentral/, see its
# SOURCE.md) and the curated overlay corpus/lexicon/drug_overlay.tsv.
#
# Usage:
#   tools/build_drug_lexicon.sh [--from DIR] [--overlay FILE] [--genes FILE]
#                               [--words FILE] [--version TEXT] [--out-dir DIR]
#     --from DIR      a DrugCentral drug-table directory: drug_target.tsv and
#                     pharm_class.tsv in DrugCentral's "drugtarget" export
#                     format. Default: corpus/lexicon/drugcentral
#     --overlay FILE  curated overlay (name, aliases, classes, why).
#                     Default: corpus/lexicon/drug_overlay.tsv
#     --genes FILE    genes.tsv, to check target symbols (official symbols,
#                     or an alias of exactly one gene). Default:
#                     corpus/lexicon/genes.tsv
#     --words FILE    english_words.tsv: DrugCentral names that are common
#                     words are left out. Default: corpus/lexicon/english_words.tsv
#     --version TEXT  the source named in the header lines. Default: the first
#                     "version:" line of DIR/SOURCE.md, else "DrugCentral DIR"
#     --out-dir DIR   where drugs.tsv and drug_targets.tsv go.
#                     Default: corpus/lexicon
#
# Rules (format of the outputs in corpus/lexicon/README.md):
#   - a DrugCentral drug is taken when one of its pharmacologic classes
#     (pharm_class.tsv CLASS) is an anticancer or immunomodulating class or a
#     supportive-care class reviews name (the CLASS_PATTERN below), or when one
#     of its mechanism-of-action targets is a kinase;
#   - names are DrugCentral's lower-case INNs; a name that is a common word,
#     shorter than 4 bytes, or holds a tab, '|' or '#' is left out;
#   - an overlay line whose name or alias equals (ASCII case-insensitively) a
#     DrugCentral name absorbs that drug: the overlay's name, aliases and
#     classes win, DrugCentral adds its targets; every overlay line is written;
#   - targets: human mechanism-of-action targets (SWISSPROT *_HUMAN) as HGNC
#     symbols checked against --genes; symbols not found are dropped and
#     counted on stderr;
#   - both outputs are sorted bytewise by drug name.
# Needs bash and awk only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lexdir="$(cd "${here}/.." && pwd)/corpus/lexicon"
from="${lexdir}/drugcentral"
overlay="${lexdir}/drug_overlay.tsv"
genes="${lexdir}/genes.tsv"
words="${lexdir}/english_words.tsv"
out_dir="${lexdir}"
version=""

die() { echo "build_drug_lexicon: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) [[ $# -ge 2 ]] || die "--from needs a DIR"; from="$2"; shift 2 ;;
    --overlay) [[ $# -ge 2 ]] || die "--overlay needs a FILE"; overlay="$2"; shift 2 ;;
    --genes) [[ $# -ge 2 ]] || die "--genes needs a FILE"; genes="$2"; shift 2 ;;
    --words) [[ $# -ge 2 ]] || die "--words needs a FILE"; words="$2"; shift 2 ;;
    --version) [[ $# -ge 2 ]] || die "--version needs a TEXT"; version="$2"; shift 2 ;;
    --out-dir) [[ $# -ge 2 ]] || die "--out-dir needs a DIR"; out_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

for f in "${from}/drug_target.tsv" "${from}/pharm_class.tsv" "${overlay}" "${genes}" "${words}"; do
  [[ -r "${f}" ]] || die "${f}: cannot read"
done
head -n 1 "${from}/drug_target.tsv" | grep -q $'^DRUG_ID\tCHEMBL_ID\tDRUG_NAME\tTARGET_NAME\tTARGET_FAMILY\tUNIPROT\tGENE\tSWISSPROT' ||
  die "${from}/drug_target.tsv: not a DrugCentral drug_target table (header DRUG_ID CHEMBL_ID DRUG_NAME ...)"
head -n 1 "${from}/pharm_class.tsv" | grep -q $'^DRUG_ID\tDRUG_NAME\tTYPE\tCLASS_SOURCE_ID\tCLASS\tSOURCE' ||
  die "${from}/pharm_class.tsv: not a DrugCentral pharm_class table (header DRUG_ID DRUG_NAME TYPE ...)"
if [[ -z "${version}" && -r "${from}/SOURCE.md" ]]; then
  version="$(sed -n 's/^version: *//p' "${from}/SOURCE.md" | head -n 1)"
fi
[[ -n "${version}" ]] || version="DrugCentral $(basename "${from}")"

# Pharmacologic classes (MeSH pharmacological actions and FDA established
# pharmacologic classes / mechanisms; ChEBI roles are too loose: ChEBI calls
# tamsulosin an antineoplastic agent) that make a drug an oncology agent or a
# supportive-care drug of oncology reviews, matched case-insensitively against
# CLASS. A drug with an anti-infective class is left out whatever else it has
# (MeSH files fluoroquinolones under topoisomerase II inhibitors).
SELECT_RE='antineoplastic|kinase inhibitor|alkylating|topoisomerase|tubulin|microtubule'
SELECT_RE+='|angiogenesis inhibitor|aromatase inhibitor|estrogen antagonist|estrogen receptor'
SELECT_RE+='|androgen antagonist|androgen receptor inhibitor|androgen receptor antagonist'
SELECT_RE+='|histone deacetylase|proteasome|immunosuppressive|gonadotropin releasing hormone'
SELECT_RE+='|cd20|programmed death|ctla-4|her2|epidermal growth factor|vascular endothelial'
SELECT_RE+='|antiemetic|colony-stimulating|glucocorticoid|retinoid|bcl-2|poly\\(adp-ribose\\)'
SELECT_RE+='|hedgehog|mtor|interferon|folic acid antagonist'
EXCLUDE_RE='anti-bacterial|antibacterial|antiviral|anti-infective|antifungal|antiprotozoal'
EXCLUDE_RE+='|anthelmintic|antitubercular|antimalarial|antiparasitic|antitrichomonal'

# Salt and ester words: "NAME WORD" is an alias of NAME when NAME is listed.
SALT_RE=' (phosphate|acetate|hydrochloride|dihydrochloride|mesylate|mesilate|dimesylate'
SALT_RE+='|sodium|disodium|potassium|calcium|succinate|citrate|carbonate|sulfate|sulphate'
SALT_RE+='|maleate|tosylate|ditosylate|besylate|tartrate|fumarate|malate|bromide|chloride'
SALT_RE+='|dipropionate|propionate|valerate|benzoate|pivalate|caproate|lactate|hydrobromide'
SALT_RE+='|acetonide|benetonide|diacetate|camsylate|nitrate|phosphate sodium)$'

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
export LC_ALL=C

awk -F '\t' -v OFS='\t' -v select_re="${SELECT_RE}" -v exclude_re="${EXCLUDE_RE}" \
    -v words="${words}" -v genes="${genes}" -v overlay="${overlay}" \
    -v salt_re="${SALT_RE}" -v pharm="${from}/pharm_class.tsv" -v targets="${from}/drug_target.tsv" \
    -v out_drugs="${work}/drugs.body" -v out_targets="${work}/targets.body" '
function err(msg) { print "build_drug_lexicon: " msg > "/dev/stderr"; failed = 1; exit 1 }
function strip(s) { gsub(/^"|"$/, "", s); gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
BEGIN {
  while ((getline line < words) > 0) {
    if (line ~ /^#/ || line == "") continue
    common[tolower(line)] = 1
  }
  # genes.tsv: official symbols, and aliases held by exactly one gene.
  while ((getline line < genes) > 0) {
    if (line ~ /^#/ || line == "") continue
    split(line, c, "\t"); symbol[c[1]] = 1
    n = split(c[2], al, "|")
    for (i = 1; i <= n; i++) {
      if (al[i] in alias_of && alias_of[al[i]] != c[1]) alias_of[al[i]] = ""
      else alias_of[al[i]] = c[1]
    }
  }
  # Overlay: name, aliases, classes, why.
  ln = 0
  while ((getline line < overlay) > 0) {
    ln++
    if (line ~ /^#/ || line == "") continue
    nf = split(line, c, "\t")
    if (nf != 4) err(overlay " line " ln ": expected 4 columns, got " nf)
    if (c[1] == "") err(overlay " line " ln ": empty name")
    if (c[4] == "") err(overlay " line " ln ": empty why column")
    if (c[1] in ov_aliases) err(overlay " line " ln ": duplicate drug " c[1])
    ov_aliases[c[1]] = c[2]; ov_classes[c[1]] = c[3]
    key[tolower(c[1])] = c[1]
    n = split(c[2], al, "|")
    for (i = 1; i <= n; i++) if (!(tolower(al[i]) in key)) key[tolower(al[i])] = c[1]
  }
  # pharm_class.tsv: selection by class.
  getline line < pharm
  while ((getline line < pharm) > 0) {
    split(line, c, "\t")
    id = strip(c[1]); dc_name[id] = tolower(strip(c[2])); cls = tolower(strip(c[5]))
    if (cls ~ exclude_re) excluded[id] = 1
    if (strip(c[6]) != "CHEBI" && cls ~ select_re) selected[id] = 1
  }
  # drug_target.tsv: human MoA targets; kinase targets select the drug.
  getline line < targets
  while ((getline line < targets) > 0) {
    split(line, c, "\t")
    id = strip(c[1]); dc_name[id] = tolower(strip(c[3]))
    nsym = split(strip(c[7]), sym, "|"); nsp = split(strip(c[8]), sp, "|")
    human = 0
    for (i = 1; i <= nsp; i++) if (sp[i] ~ /_HUMAN$/) human = 1
    if (!human) continue
    if (strip(c[5]) == "Kinase" && strip(c[9]) == "INHIBITOR") selected[id] = 1
    for (i = 1; i <= nsym; i++) {
      sy = sym[i]
      if (sy == "") continue
      if (!(sy in symbol)) {
        if ((sy in alias_of) && alias_of[sy] != "") sy = alias_of[sy]
        else { dropped[sym[i]] = 1; continue }
      }
      tlist[id] = tlist[id] " " sy
    }
  }
  # Merge.
  for (id in selected) {
    if (id in excluded) continue
    name = dc_name[id]
    if (name == "") continue
    if (tolower(name) in key) { absorbed[id] = key[tolower(name)]; continue }
    if (name in common || length(name) < 4 || name ~ /[\t|#]/) { skipped[name] = 1; continue }
    if (name in dc_out) continue
    dc_out[name] = id
  }
  # Targets of overlay drugs named by DrugCentral, selected or not.
  for (id in dc_name) if (tolower(dc_name[id]) in key) absorbed[id] = key[tolower(dc_name[id])]
  for (id in absorbed) add_targets(absorbed[id], id)
  # A salt or ester of a drug already listed ("fludarabine phosphate",
  # "betamethasone valerate") is an alias of the parent, which gets its targets.
  for (name in dc_out) {
    parent = name
    if (!sub(salt_re, "", parent)) continue
    if (parent in key) pname = key[parent]
    else if ((parent in dc_out) && !match(parent, salt_re)) pname = parent
    else continue
    if (pname in ov_aliases) ov_aliases[pname] = ov_aliases[pname] (ov_aliases[pname] == "" ? "" : "|") name
    else dc_alias[pname] = dc_alias[pname] (dc_alias[pname] == "" ? "" : "|") name
    salt_of[name] = pname
  }
  for (name in salt_of) { add_targets(salt_of[name], dc_out[name]); delete dc_out[name] }
  for (name in dc_out) add_targets(name, dc_out[name])

  nd = 0
  for (name in ov_aliases) { print name, ov_aliases[name], ov_classes[name] > out_drugs; nd++ }
  for (name in dc_out) { print name, dc_alias[name], "" > out_drugs; nd++; ndc++ }
  for (name in out_t) {
    n = split(substr(out_t[name], 2), ts, " ")
    # sort the symbols (insertion sort: lists are short)
    for (i = 2; i <= n; i++) { v = ts[i]; j = i - 1; while (j > 0 && ts[j] > v) { ts[j+1] = ts[j]; j-- } ts[j+1] = v }
    list = ts[1]; for (i = 2; i <= n; i++) list = list "|" ts[i]
    print name, list > out_targets; nt++
  }
  nskip = 0; for (k in skipped) nskip++
  ndrop = 0; for (k in dropped) ndrop++
  printf "build_drug_lexicon: %d drugs (%d from DrugCentral only), %d with targets; left out %d common or short names; dropped %d target symbols not in genes.tsv\n", nd, ndc, nt, nskip, ndrop > "/dev/stderr"
}
function add_targets(name, id,    n, i, parts) {
  n = split(tlist[id], parts, " ")
  for (i = 1; i <= n; i++) {
    if ((name, parts[i]) in has_t) continue
    has_t[name, parts[i]] = 1; out_t[name] = out_t[name] " " parts[i]
  }
}' /dev/null 2> "${work}/stderr" || { cat "${work}/stderr" >&2; exit 1; }
grep -q '^build_drug_lexicon: [0-9]* drugs' "${work}/stderr" || { cat "${work}/stderr" >&2; exit 1; }

mkdir -p "${out_dir}"
{
  printf '# drugs.tsv: generated by tools/build_drug_lexicon.sh from %s and drug_overlay.tsv; columns: name, aliases, classes\n' "${version}"
  sort -t $'\t' -k1,1 "${work}/drugs.body"
} > "${work}/drugs.tsv"
{
  printf '# drug_targets.tsv: generated by tools/build_drug_lexicon.sh from %s (human mechanism-of-action targets); columns: drug, HGNC symbols\n' "${version}"
  sort -t $'\t' -k1,1 "${work}/targets.body"
} > "${work}/drug_targets.tsv"
mv "${work}/drugs.tsv" "${out_dir}/drugs.tsv"
mv "${work}/drug_targets.tsv" "${out_dir}/drug_targets.tsv"
cat "${work}/stderr" >&2
