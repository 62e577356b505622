# shellcheck shell=bash
# Sourced by tools/build_gene_lexicon.sh and tools/build_drug_lexicon.sh:
# sqlite3, and Debian's r-bioc-org.hs.eg.db package (the Bioconductor
# org.Hs.eg.db annotation, an SQLite file) obtained without R.
# Both scripts read the same package so that genes.tsv and the drug targets'
# symbols come from one Entrez Gene release.

# orgdb_need_sqlite3 PREFIX: installs sqlite3 when missing and running as
# root, else fails with a message starting with PREFIX.
orgdb_need_sqlite3() {
  command -v sqlite3 >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q sqlite3 >/dev/null && return 0
    echo "$1: cannot install sqlite3" >&2
  else
    echo "$1: sqlite3 not found (apt-get install sqlite3)" >&2
  fi
  return 1
}

# orgdb_download PREFIX WORKDIR: `apt-get download` + `dpkg -x` of the
# package into WORKDIR (a directory the caller removes). Sets ORGDB_SQLITE
# to the extracted org.Hs.eg.sqlite and ORGDB_VERSION to "PACKAGE VERSION".
# Messages start with PREFIX.
orgdb_download() {
  local prefix="$1" work="$2" pkg=r-bioc-org.hs.eg.db deb
  chmod 755 "${work}"  # apt-get download drops privileges to _apt
  (cd "${work}" && apt-get download -q "${pkg}" >/dev/null) || {
    echo "${prefix}: apt-get download ${pkg} failed (run apt-get update?)" >&2
    return 1
  }
  deb="$(ls "${work}"/${pkg}_*.deb)"
  dpkg -x "${deb}" "${work}/x"
  ORGDB_SQLITE="$(find "${work}/x" -name org.Hs.eg.sqlite | head -n 1)"
  [[ -n "${ORGDB_SQLITE}" ]] || { echo "${prefix}: ${deb}: no org.Hs.eg.sqlite inside" >&2; return 1; }
  # shellcheck disable=SC2034  # read by the sourcing script
  ORGDB_VERSION="${pkg} $(dpkg-deb -f "${deb}" Version)"
}

# orgdb_source_date SQLITE: the Entrez Gene date of its metadata table, or
# nothing (fixtures may lack it).
orgdb_source_date() {
  sqlite3 "$1" "SELECT value FROM metadata WHERE name = 'EGSOURCEDATE';" 2>/dev/null || true
}
