#!/usr/bin/env bash
# format_test: every C++ file of the project (graph, ingest, query, tools,
# tests, examples) is as clang-format writes it with the project's
# .clang-format (Google, 90 columns); and proof that the check bites: a
# file formatted wrongly fails, named in the message.
# To fix a failure: clang-format -i FILE... (the message lists them).
# Usage: format_test.sh SOURCE_DIR
set -euo pipefail
src="${1:?usage: format_test.sh SOURCE_DIR}"
if ! command -v clang-format >/dev/null; then
  echo "format_test: clang-format not found (tools/install_deps.sh installs it)" >&2
  exit 1
fi
cd "${src}"
mapfile -t files < <(find graph ingest query tools tests examples \
  -name node_modules -prune -o -type f \( -name '*.cc' -o -name '*.h' \) -print | sort)
bad=()
for f in "${files[@]}"; do
  clang-format --style=file --dry-run -Werror "${f}" >/dev/null 2>&1 || bad+=("${f}")
done
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "format_test: ${#bad[@]} of ${#files[@]} files are not clang-formatted:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "format_test: run: clang-format -i ${bad[*]}" >&2
  exit 1
fi
echo "format_test: ${#files[@]} files clang-formatted"

# The check bites: a copy of a real file with one line spoiled fails.
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
cp .clang-format "${tmp}/.clang-format"
cp graph/status.cc "${tmp}/spoiled.cc"
printf 'int   spoiled ( ){return  1 ;}\n' >>"${tmp}/spoiled.cc"
if clang-format --style=file --dry-run -Werror "${tmp}/spoiled.cc" 2>"${tmp}/err"; then
  echo "format_test: FAILED: a wrongly formatted file passed the check" >&2
  exit 1
fi
if ! grep -q "spoiled.cc:.*code should be clang-formatted" "${tmp}/err"; then
  cat "${tmp}/err" >&2
  echo "format_test: FAILED: the check did not name the spoiled file" >&2
  exit 1
fi
echo "format_test: a wrongly formatted file is refused: ok"
