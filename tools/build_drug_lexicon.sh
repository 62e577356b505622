#!/usr/bin/env bash
# Builds corpus/lexicon/drugs.tsv and corpus/lexicon/drug_targets.tsv from
# DrugCentral's drug tables (obtained once into corpus/lexicon/drugcentral/,
# see its SOURCE.md; not committed), a synonym table of the NCI Thesaurus (brand names, code names,
# INN/USAN variants; see corpus/lexicon/README.md) and the curated overlay
# corpus/lexicon/drug_overlay.tsv. Targets' UniProt accessions become HGNC
# symbols through org.Hs.eg.db (Debian's r-bioc-org.hs.eg.db, the package
# genes.tsv is built from; see tools/lib/orgdb.sh).
#
# Usage:
#   tools/build_drug_lexicon.sh [--from DIR] [--overlay FILE] [--genes FILE]
#                               [--words FILE] [--synonyms FILE] [--version TEXT]
#                               [--orgdb FILE] [--orgdb-version TEXT]
#                               [--out-dir DIR]
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
#     --synonyms FILE a synonym table (NCI_CODE, NAME, SYNONYMS separated by '|';
#                     '#' lines are comments, the first "# version:" line names
#                     it): brand names, code names and INN/USAN variants of the
#                     drugs listed, as the NCI Thesaurus gives them. Default:
#                     corpus/lexicon/ncit/ncit_drug_synonyms.tsv when it
#                     exists (see corpus/lexicon/README.md), else none, with
#                     a warning; --synonyms '' reads none. Without a table,
#                     aliases come from the overlay only
#     --version TEXT  the source named in the header lines. Default: the first
#                     "version:" line of DIR/SOURCE.md, else "DrugCentral DIR"
#     --orgdb FILE    an org.Hs.eg.sqlite (or a fixture with its tables genes,
#                     gene_info and uniprot) mapping UniProt accessions to
#                     symbols. Default: download r-bioc-org.hs.eg.db as
#                     build_gene_lexicon.sh does; --orgdb '' maps none (the
#                     targets are DrugCentral's GENE column), with a warning
#     --orgdb-version TEXT  the mapping named in drug_targets.tsv's header.
#                     Default: the downloaded package's name and version,
#                     or "sqlite FILE-BASENAME" with --orgdb
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
#   - targets: the rows of human mechanism-of-action targets (a SWISSPROT
#     entry *_HUMAN), as HGNC symbols of --genes. With org.Hs.eg.db, each
#     UNIPROT accession of the row (DrugCentral sorts UNIPROT, GENE and
#     SWISSPROT of a row independently, so a row's lists are compared as
#     sets, never position by position):
#       . mapped to exactly one symbol -> that symbol;
#       . mapped to several (a read-through such as CHURC1-FNTB beside FNTB)
#         -> those of them the row's GENE column names; none named -> as
#         unmapped;
#       . unmapped (not human, obsolete, or not in Entrez's UniProt links)
#         -> the row's GENE symbols that no mapped accession gave are kept
#         as a fallback when they are in genes.tsv;
#     a GENE symbol of a row without unmapped accessions that the mapping
#     does not give is dropped (the mapping wins), and the row counted as a
#     mismatch, as is a row whose mapping gives a symbol its GENE column
#     lacks. GENE symbols are compared after resolving genes.tsv aliases
#     (GUCY1A3 is GUCY1A1). Without org.Hs.eg.db (--orgdb ''), the GENE
#     column's symbols are the targets. Symbols not in genes.tsv (an
#     official symbol, or an alias of exactly one gene) are dropped. Counts
#     on stderr;
#   - synonyms (--synonyms): a table row belongs to the listed drug whose name
#     or alias equals its NAME (salt word removed: "Imatinib Mesylate" ->
#     imatinib), else to the one drug that one of its usable synonyms names.
#     A synonym is usable when it is a code name (letters and digits, at most
#     two words, at most 8 letters, a two-word one starting with 2 or more
#     letters: ABT-199, PD 0332991, GA101), a one-word
#     name of 5 or more letters (a brand name or INN variant: Venclexta,
#     hydroxycarbamide; all capitals become "Xxxx"), or NAME plus a salt word;
#     4 to 30 bytes of letters, digits, spaces and hyphens only; not starting
#     with "anti"; not a common word; and not a gene symbol or alias of
#     genes.tsv (compared without case, spaces, hyphens and dots: "IL-2",
#     "CD20"). A usable synonym is dropped as ambiguous when two rows with
#     different names (salt words removed) carry it, when it is a one-word
#     name that three or more such rows use as a word in a name or synonym (a
#     family or class word: "platinum", "mustard"), or when it is already a
#     name or alias of another listed drug. The rest become aliases of the
#     row's drug, in table order; counts on stderr;
#   - both outputs are sorted bytewise by drug name.
# Needs bash and awk; sqlite3 (and apt-get/dpkg when downloading) for org.Hs.eg.db.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/orgdb.sh
source "${here}/lib/orgdb.sh"
lexdir="$(cd "${here}/.." && pwd)/corpus/lexicon"
from="${lexdir}/drugcentral"
overlay="${lexdir}/drug_overlay.tsv"
genes="${lexdir}/genes.tsv"
words="${lexdir}/english_words.tsv"
synonyms="${lexdir}/ncit/ncit_drug_synonyms.tsv"
synonyms_given=0
out_dir="${lexdir}"
version=""
orgdb=""
orgdb_given=0
orgdb_version=""

die() { echo "build_drug_lexicon: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) [[ $# -ge 2 ]] || die "--from needs a DIR"; from="$2"; shift 2 ;;
    --overlay) [[ $# -ge 2 ]] || die "--overlay needs a FILE"; overlay="$2"; shift 2 ;;
    --genes) [[ $# -ge 2 ]] || die "--genes needs a FILE"; genes="$2"; shift 2 ;;
    --words) [[ $# -ge 2 ]] || die "--words needs a FILE"; words="$2"; shift 2 ;;
    --synonyms) [[ $# -ge 2 ]] || die "--synonyms needs a FILE"; synonyms="$2"; synonyms_given=1; shift 2 ;;
    --version) [[ $# -ge 2 ]] || die "--version needs a TEXT"; version="$2"; shift 2 ;;
    --orgdb) [[ $# -ge 2 ]] || die "--orgdb needs a FILE"; orgdb="$2"; orgdb_given=1; shift 2 ;;
    --orgdb-version) [[ $# -ge 2 ]] || die "--orgdb-version needs a TEXT"; orgdb_version="$2"; shift 2 ;;
    --out-dir) [[ $# -ge 2 ]] || die "--out-dir needs a DIR"; out_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,94p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

if [[ "${synonyms_given}" == 0 && ! -e "${synonyms}" ]]; then
  echo "build_drug_lexicon: warning: no synonym table (${synonyms} is missing; see --synonyms): brand and code names come from the overlay only" >&2
  synonyms=""
fi
if [[ "${orgdb_given}" == 1 && -z "${orgdb}" ]]; then
  echo "build_drug_lexicon: warning: no org.Hs.eg.db (--orgdb ''): targets are DrugCentral's GENE column" >&2
fi
for f in "${from}/drug_target.tsv" "${from}/pharm_class.tsv" "${overlay}" "${genes}" "${words}" ${synonyms:+"${synonyms}"} ${orgdb:+"${orgdb}"}; do
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
sources="${version}"
if [[ -n "${synonyms}" ]]; then
  syn_version="$(sed -n 's/^# version: *//p' "${synonyms}" | head -n 1)"
  sources+=", ${syn_version:-synonyms $(basename "${synonyms}")}"
fi

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

# org.Hs.eg.db's UniProt links as "accession TAB symbol" lines.
uniprot=""
if [[ "${orgdb_given}" == 0 || -n "${orgdb}" ]]; then
  orgdb_need_sqlite3 build_drug_lexicon || exit 1
  if [[ "${orgdb_given}" == 0 ]]; then
    orgdb_download build_drug_lexicon "${work}" || exit 1
    orgdb="${ORGDB_SQLITE}"
    [[ -n "${orgdb_version}" ]] || orgdb_version="${ORGDB_VERSION}"
  fi
  [[ -n "${orgdb_version}" ]] || orgdb_version="sqlite $(basename "${orgdb}")"
  eg_date="$(orgdb_source_date "${orgdb}")"
  [[ -z "${eg_date}" ]] || orgdb_version+=" (Entrez Gene ${eg_date})"
  uniprot="${work}/uniprot.tsv"
  sqlite3 -batch -bail -separator $'\t' "${orgdb}" > "${uniprot}" 2> "${work}/sqlite.err" <<'SQL' ||
SELECT DISTINCT u.uniprot_id, gi.symbol FROM uniprot u JOIN gene_info gi ON gi._id = u._id
ORDER BY u.uniprot_id, gi.symbol;
SQL
    die "${orgdb}: not an org.Hs.eg.db schema (tables uniprot, gene_info): $(cat "${work}/sqlite.err")"
fi

awk -F '\t' -v OFS='\t' -v select_re="${SELECT_RE}" -v exclude_re="${EXCLUDE_RE}" \
    -v words="${words}" -v genes="${genes}" -v overlay="${overlay}" \
    -v salt_re="${SALT_RE}" -v synonyms="${synonyms}" -v uniprot="${uniprot}" -v pharm="${from}/pharm_class.tsv" -v targets="${from}/drug_target.tsv" \
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
    if (synonyms != "") { gkey[vkey(c[1])] = 1; for (i = 1; i <= n; i++) gkey[vkey(al[i])] = 1 }
    for (i = 1; i <= n; i++) {
      if (al[i] in alias_of && alias_of[al[i]] != c[1]) alias_of[al[i]] = ""
      else alias_of[al[i]] = c[1]
    }
  }
  # org.Hs.eg.db: accession -> its symbols (up_n of them).
  if (uniprot != "") {
    while ((getline line < uniprot) > 0) {
      split(line, c, "\t"); up_sym[c[1], ++up_n[c[1]]] = c[2]
    }
    close(uniprot)
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
    if (uniprot != "") { map_row(id, strip(c[6]), nsym, sym); continue }
    for (i = 1; i <= nsym; i++) {
      if (sym[i] == "") continue
      sy = gene_symbol(sym[i])
      if (sy == "") dropped[sym[i]] = 1
      else tlist[id] = tlist[id] " " sy
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
  if (synonyms != "") add_synonyms()

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
  if (uniprot != "") {
    for (a in acc_seen) {
      if (!(a in up_n)) nacc_none++
      else if (up_n[a] == 1) nacc_one++
      else if (a in acc_resolved) nacc_resolved++
      else nacc_unresolved++
    }
    printf "build_drug_lexicon: uniprot: %d accessions: %d mapped to one symbol, %d to several (%d resolved by GENE), %d unmapped; %d rows with an unmapped accession kept %d GENE symbols as fallback; %d rows where GENE and the mapping differ (mapping kept; %d GENE symbols dropped)\n", nacc_one + nacc_resolved + nacc_unresolved + nacc_none, nacc_one, nacc_resolved + nacc_unresolved, nacc_resolved, nacc_none, nrow_unmapped, nfallback, nrow_mismatch, ngene_lost > "/dev/stderr"
  }
  printf "build_drug_lexicon: %d drugs (%d from DrugCentral only), %d with targets; left out %d common or short names; dropped %d target symbols not in genes.tsv\n", nd, ndc, nt, nskip, ndrop > "/dev/stderr"
  if (synonyms != "") {
    namb = 0; for (k in dropped_amb) namb++
    printf "build_drug_lexicon: synonyms: %d of %d rows matched a listed drug; %d aliases added; %d usable synonyms dropped as ambiguous\n", nmapped, nrow, nsyn_added, namb > "/dev/stderr"
  }
}
# Upper case without spaces, hyphens and dots: "IL-2" and "il2" give "IL2".
function vkey(s,    t) { t = toupper(s); gsub(/[- .]/, "", t); return t }
# The spelling a synonym is kept in, or "" when it is not usable (see the
# rules above).
function usable(s,    n, tok, letters) {
  gsub(/^[ ]+|[ ]+$/, "", s)
  if (length(s) < 4 || length(s) > 30 || s ~ /[^A-Za-z0-9 -]/) return ""
  if (s ~ /--|^-|-$|  / || tolower(s) ~ /^anti[- ]/) return ""
  n = split(s, tok, " ")
  if (s ~ /[0-9]/) {
    if (s !~ /[A-Za-z]/ || n > 2) return ""
    if (n == 2 && (tok[1] !~ /^[A-Za-z][A-Za-z]+$/ || tok[2] !~ /^[0-9][0-9A-Za-z-]*$/)) return ""
    letters = s; gsub(/[^A-Za-z]/, "", letters)
    if (length(letters) > 8) return ""
  } else {
    if (n == 2) { if (tolower(s) !~ salt_re) return "" }
    else if (n != 1 || length(s) < 5) return ""
    if (s !~ /[a-z]/) s = substr(s, 1, 1) tolower(substr(s, 2))
  }
  if ((tolower(s) in common) || (vkey(s) in gkey)) return ""
  return s
}
function note_name(s, drug,    k) {
  k = tolower(s)
  if (!(k in drug_of)) drug_of[k] = drug
  else if (drug_of[k] != drug) drug_of[k] = ""
}
function add_synonyms(    line, c, nf, n, i, r, s, k, base, tgt, al, sy, ln, header, nm) {
  # every name and alias listed so far -> its drug ("" when two drugs share it)
  for (nm in ov_aliases) {
    note_name(nm, nm); n = split(ov_aliases[nm], al, "|")
    for (i = 1; i <= n; i++) note_name(al[i], nm)
  }
  for (nm in dc_out) {
    note_name(nm, nm); n = split(dc_alias[nm], al, "|")
    for (i = 1; i <= n; i++) note_name(al[i], nm)
  }
  ln = 0; nrow = 0; header = 0
  while ((getline line < synonyms) > 0) {
    ln++
    if (line ~ /^#/ || line == "") continue
    if (!header) {
      if (line != "NCI_CODE\tNAME\tSYNONYMS") err(synonyms " line " ln ": expected the header NCI_CODE, NAME, SYNONYMS")
      header = 1; continue
    }
    nf = split(line, c, "\t")
    if (nf != 3) err(synonyms " line " ln ": expected 3 columns, got " nf)
    if (c[2] == "") err(synonyms " line " ln ": empty name")
    nrow++
    base = tolower(c[2]); sub(salt_re, "", base)
    row_base[nrow] = base; row_name[nrow] = tolower(c[2]); row_n[nrow] = 0
    n = split(tolower(c[2] "|" c[3]), sy, /[^a-z0-9]+/)
    for (i = 1; i <= n; i++) {
      if (sy[i] == "" || (sy[i], base) in word_row) continue
      word_row[sy[i], base] = 1; word_rows[sy[i]]++
    }
    n = split(c[3], sy, "|")
    for (i = 1; i <= n; i++) {
      s = usable(sy[i])
      if (s == "") continue
      k = tolower(s)
      if ((k in syn_base) && syn_base[k] != base) syn_shared[k] = 1
      syn_base[k] = base
      row_syn[nrow, ++row_n[nrow]] = s
    }
  }
  close(synonyms)
  if (!header) err(synonyms ": no header line NCI_CODE, NAME, SYNONYMS")
  # A one-word name that three or more rows (different names) use as a word
  # is a family or class word ("platinum", "mustard", "epothilone").
  for (k in syn_base) if (k ~ /^[a-z]+$/ && word_rows[k] >= 3) syn_shared[k] = 1
  for (r = 1; r <= nrow; r++) {
    tgt = ""
    if ((row_base[r] in drug_of) && drug_of[row_base[r]] != "") tgt = drug_of[row_base[r]]
    else if ((row_name[r] in drug_of) && drug_of[row_name[r]] != "") tgt = drug_of[row_name[r]]
    else {
      for (i = 1; i <= row_n[r]; i++) {
        k = tolower(row_syn[r, i])
        if ((k in syn_shared) || !(k in drug_of) || drug_of[k] == "") continue
        if (tgt == "") tgt = drug_of[k]
        else if (tgt != drug_of[k]) { tgt = ""; break }
      }
    }
    if (tgt == "") continue
    nmapped++
    for (i = 1; i <= row_n[r]; i++) {
      s = row_syn[r, i]; k = tolower(s)
      if (k in syn_shared) { dropped_amb[k] = 1; continue }
      if (k in drug_of) { if (drug_of[k] != tgt) dropped_amb[k] = 1; continue }
      drug_of[k] = tgt
      if (tgt in ov_aliases) ov_aliases[tgt] = ov_aliases[tgt] (ov_aliases[tgt] == "" ? "" : "|") s
      else dc_alias[tgt] = dc_alias[tgt] (dc_alias[tgt] == "" ? "" : "|") s
      nsyn_added++
    }
  }
}
# A symbol of genes.tsv: official, or an alias of exactly one gene; else "".
function gene_symbol(s) {
  if (s in symbol) return s
  if ((s in alias_of) && alias_of[s] != "") return alias_of[s]
  return ""
}
# The targets of one human row through org.Hs.eg.db (the rules above): adds
# them to tlist[id] and counts what the mapping changed.
function map_row(id, accs, nsym, sym,    want, got, mapped, n, a, i, k, s, hits, n_up, unmapped, mismatch) {
  for (i = 1; i <= nsym; i++) { s = gene_symbol(sym[i]); if (s != "") want[s] = 1 }
  n = split(accs, a, "|")
  for (i = 1; i <= n; i++) {
    if (a[i] == "") continue
    acc_seen[a[i]] = 1
    hits = 0; n_up = (a[i] in up_n) ? up_n[a[i]] : 0
    for (k = 1; k <= n_up; k++) {
      s = up_sym[a[i], k]
      if (n_up > 1 && !(s in want)) continue
      hits++; mapped[s] = 1
    }
    if (hits == 0) unmapped++
    else if (n_up > 1) acc_resolved[a[i]] = 1
  }
  for (s in mapped) {
    if (!(s in want)) mismatch = 1
    if (s in symbol) got[s] = 1
    else dropped[s] = 1
  }
  if (unmapped) nrow_unmapped++
  for (i = 1; i <= nsym; i++) {
    if (sym[i] == "") continue
    s = gene_symbol(sym[i])
    if (s != "" && (s in mapped)) continue
    if (!unmapped) { mismatch = 1; ngene_lost++; continue }
    if (s == "") { dropped[sym[i]] = 1; continue }
    if (!(s in got)) { got[s] = 1; nfallback++ }
  }
  if (mismatch) nrow_mismatch++
  for (s in got) tlist[id] = tlist[id] " " s
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
  printf '# drugs.tsv: generated by tools/build_drug_lexicon.sh from %s and drug_overlay.tsv; columns: name, aliases, classes\n' "${sources}"
  sort -t $'\t' -k1,1 "${work}/drugs.body"
} > "${work}/drugs.tsv"
{
  if [[ -n "${uniprot}" ]]; then
    printf '# drug_targets.tsv: generated by tools/build_drug_lexicon.sh from %s (human mechanism-of-action targets, UniProt accessions mapped to symbols by %s); columns: drug, HGNC symbols\n' "${version}" "${orgdb_version}"
  else
    printf '# drug_targets.tsv: generated by tools/build_drug_lexicon.sh from %s (human mechanism-of-action targets); columns: drug, HGNC symbols\n' "${version}"
  fi
  sort -t $'\t' -k1,1 "${work}/targets.body"
} > "${work}/drug_targets.tsv"
mv "${work}/drugs.tsv" "${out_dir}/drugs.tsv"
mv "${work}/drug_targets.tsv" "${out_dir}/drug_targets.tsv"
cat "${work}/stderr" >&2
