#!/usr/bin/env bash
# Builds corpus/lexicon/genes.tsv from Debian's r-bioc-org.hs.eg.db package
# (the Bioconductor org.Hs.eg.db annotation, an SQLite file) without R:
# `apt-get download` + `dpkg -x` into a temporary directory, then `sqlite3`.
#
# Usage:
#   tools/build_gene_lexicon.sh [--sqlite FILE] [--version TEXT] [--out FILE]
#     --sqlite FILE   read this org.Hs.eg.sqlite (or a fixture with the same
#                     tables) instead of downloading the package
#     --version TEXT  the source named in the header line. Default: the
#                     downloaded package's name and version, or
#                     "sqlite FILE-BASENAME" with --sqlite
#     --out FILE      Default: corpus/lexicon/genes.tsv beside this script
#
# Output (format in corpus/lexicon/README.md): one header line starting with
# '#', then one line per symbol, sorted bytewise by symbol:
#   symbol TAB aliases ('|'-joined, sorted, unique, without the symbol)
#          TAB full name TAB cytoband
# Rules:
#   - a symbol held by several Entrez genes (HBD, TEC, TRNA...) keeps one gene:
#     the best gene type (protein-coding, ncRNA, other kinds, pseudo,
#     biological-region, unknown), then the lowest Entrez id;
#   - cytoband: the gene's first cytogenetic_locations row (NCBI's current
#     map location); empty when none;
#   - tabs, '|' and newlines inside fields become spaces.
# Needs sqlite3 (and apt-get/dpkg when downloading); installs sqlite3 when
# missing and running as root. The download is tools/lib/orgdb.sh's, shared
# with build_drug_lexicon.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/orgdb.sh
source "${here}/lib/orgdb.sh"
out="$(cd "${here}/.." && pwd)/corpus/lexicon/genes.tsv"
sqlite=""
version=""

die() { echo "build_gene_lexicon: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sqlite) [[ $# -ge 2 ]] || die "--sqlite needs a FILE"; sqlite="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a FILE"; out="$2"; shift 2 ;;
    --version) [[ $# -ge 2 ]] || die "--version needs a TEXT"; version="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

orgdb_need_sqlite3 build_gene_lexicon || exit 1

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

if [[ -z "${sqlite}" ]]; then
  orgdb_download build_gene_lexicon "${work}" || exit 1
  sqlite="${ORGDB_SQLITE}"
  [[ -n "${version}" ]] || version="${ORGDB_VERSION}"
fi
[[ -r "${sqlite}" ]] || die "${sqlite}: cannot read"
[[ -n "${version}" ]] || version="sqlite $(basename "${sqlite}")"
source_date="$(orgdb_source_date "${sqlite}")"

sqlite3 -batch -bail "${sqlite}" >/dev/null <<'SQL' || die "${sqlite}: not an org.Hs.eg.db schema"
SELECT 1 FROM genes LIMIT 1;
SELECT _id, symbol, gene_name FROM gene_info LIMIT 1;
SELECT _id, alias_symbol FROM alias LIMIT 1;
SELECT _id, cytogenetic_location FROM cytogenetic_locations LIMIT 1;
SQL

clean="replace(replace(replace(replace(%s, char(9), ' '), char(10), ' '), char(13), ' '), '|', ' ')"
# shellcheck disable=SC2059
c_symbol=$(printf "${clean}" 'gi.symbol')
# shellcheck disable=SC2059
c_name=$(printf "${clean}" 'gi.gene_name')
# shellcheck disable=SC2059
c_alias=$(printf "${clean}" 'a.alias_symbol')
# shellcheck disable=SC2059
c_band=$(printf "${clean}" 'c.cytogenetic_location')

# One chosen gene (_id) per symbol. genetype is optional (fixtures may omit it): rank 9 when absent.
has_type=$(sqlite3 "${sqlite}" \
  "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='genetype';")
if [[ "${has_type}" == 1 ]]; then
  rank="COALESCE((SELECT CASE t.gene_type
      WHEN 'protein-coding' THEN 0 WHEN 'ncRNA' THEN 1 WHEN 'pseudo' THEN 7
      WHEN 'biological-region' THEN 8 WHEN 'unknown' THEN 9 ELSE 2 END
    FROM genetype t WHERE t._id = g._id), 9)"
else
  rank="9"
fi

sqlite3 -batch -bail -separator $'\t' "${sqlite}" <<SQL
CREATE TEMP TABLE chosen AS
  SELECT id, symbol, name FROM (
    SELECT g._id AS id, ${c_symbol} AS symbol, ${c_name} AS name,
           ROW_NUMBER() OVER (PARTITION BY gi.symbol
                              ORDER BY ${rank}, CAST(g.gene_id AS INTEGER)) AS n
    FROM genes g JOIN gene_info gi ON gi._id = g._id)
  WHERE n = 1;
.output ${work}/chosen
SELECT ch.symbol, ch.name,
       COALESCE((SELECT ${c_band} FROM cytogenetic_locations c
                 WHERE c._id = ch.id ORDER BY c.rowid LIMIT 1), '')
FROM chosen ch;
.output ${work}/aliases
SELECT ch.symbol, trim(${c_alias}) FROM chosen ch JOIN alias a ON a._id = ch.id;
SQL

export LC_ALL=C
sort -t $'\t' -k1,1 -u "${work}/chosen" > "${work}/chosen.sorted"
awk -F '\t' '$2 != "" && $2 != $1' "${work}/aliases" | sort -t $'\t' -u -k1,1 -k2,2 |
  awk -F '\t' '
    $1 != sym { if (sym != "") print sym "\t" list; sym = $1; list = $2; next }
    { list = list "|" $2 }
    END { if (sym != "") print sym "\t" list }' > "${work}/aliases.joined"

mkdir -p "$(dirname "${out}")"
{
  printf '# genes.tsv: generated by tools/build_gene_lexicon.sh from %s' "${version}"
  [[ -n "${source_date}" ]] && printf ' (Entrez Gene %s)' "${source_date}"
  printf '; columns: symbol, aliases, name, cytoband\n'
  join -t $'\t' -a 1 -e '' -o '1.1,2.2,1.2,1.3' \
    "${work}/chosen.sorted" "${work}/aliases.joined"
} > "${work}/genes.tsv"
mv "${work}/genes.tsv" "${out}"
echo "build_gene_lexicon: wrote $(($(wc -l < "${out}") - 1)) genes to ${out}" >&2
