#!/usr/bin/env bash
# thread_safety_test: clang's -Wthread-safety, as an error, over the code
# whose state is shared between threads (the server, tools/serve/, and what
# it includes), and proof that the check bites: a field marked
# LG_GUARDED_BY(mu_) touched without its mutex does not compile.
# Usage: thread_safety_test.sh SOURCE_DIR
set -euo pipefail
src="${1:?usage: thread_safety_test.sh SOURCE_DIR}"
cxx="$(command -v clang++ || true)"
if [[ -z "${cxx}" ]]; then
  echo "thread_safety_test: clang++ not found (tools/install_deps.sh installs it)" >&2
  exit 1
fi
# shellcheck disable=SC2046  # pkg-config prints several flags
flags=(-std=c++20 -fsyntax-only -Wthread-safety -Werror=thread-safety -I"${src}"
       -DLG_WEB_DIR=\"web\" $(pkg-config --cflags cpp-httplib re2 libxml-2.0))
for f in "${src}"/tools/serve/*.cc "${src}"/tools/cmd_serve.cc; do
  "${cxx}" "${flags[@]}" "${f}"
  echo "thread_safety_test: ${f#"${src}"/}: clean"
done

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
cat >"${tmp}/unguarded.cc" <<'CC'
#include "graph/mutex.h"
struct Counter {
  lg::graph::Mutex mu_;
  int n_ LG_GUARDED_BY(mu_) = 0;
  void Locked() { lg::graph::MutexLock lock(&mu_); ++n_; }
  void Unlocked() { ++n_; }
};
int main() { Counter c; c.Locked(); c.Unlocked(); }
CC
if "${cxx}" "${flags[@]}" "${tmp}/unguarded.cc" 2>"${tmp}/err"; then
  echo "thread_safety_test: FAILED: an unguarded write to a guarded field compiled" >&2
  exit 1
fi
if ! grep -q "writing variable 'n_' requires holding mutex 'mu_' exclusively" "${tmp}/err"; then
  cat "${tmp}/err" >&2
  echo "thread_safety_test: FAILED: clang refused the snippet for another reason" >&2
  exit 1
fi
if [[ "$(grep -c "requires holding mutex" "${tmp}/err")" != 1 ]]; then
  cat "${tmp}/err" >&2
  echo "thread_safety_test: FAILED: the locked write was reported too" >&2
  exit 1
fi
echo "thread_safety_test: an unguarded write is refused: ok"
