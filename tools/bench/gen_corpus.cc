// gen_corpus: writes a synthetic review corpus (tools/bench/synth.h).
//
//   gen_corpus --seed S --mb M --out DIR [--doc-kb K] [--data DIR]
//
// Writes DIR/synth_000000.txt ... of about K KB each (default 100), about M MB
// in all (1 <= M <= 1000), the same bytes for the same seed. Prints
// "gen_corpus: N files, B bytes, S s".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tools/bench/bench_args.h"
#include "tools/bench/synth.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "gen_corpus: %s\nusage: gen_corpus --seed S --mb M --out DIR [--doc-kb K "
               "(default 100)] [--data DIR]\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t seed = 1, mb = 0, doc_kb = 100;
  bool have_seed = false, have_mb = false;
  std::string out, data = LG_DATA_DIR;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--seed") {
      if (!lg::bench::ParseU64(v, &seed)) return Usage("--seed needs a number");
      have_seed = true;
    } else if (a == "--mb") {
      if (!lg::bench::ParseU64(v, &mb) || mb < 1 || mb > 1000)
        return Usage("--mb needs 1..1000");
      have_mb = true;
    } else if (a == "--doc-kb") {
      if (!lg::bench::ParseU64(v, &doc_kb) || doc_kb < 4 || doc_kb > 100000) {
        return Usage("--doc-kb needs 4..100000");
      }
    } else if (a == "--out") {
      if (v == nullptr) return Usage("--out needs a directory");
      out = v;
    } else if (a == "--data") {
      if (v == nullptr) return Usage("--data needs a directory");
      data = v;
    } else {
      return Usage(("unknown argument " + a).c_str());
    }
    ++i;
  }
  if (!have_seed || !have_mb || out.empty())
    return Usage("--seed, --mb and --out are required");
  auto start = std::chrono::steady_clock::now();
  auto lex = lg::bench::LoadSynthLexicon(data);
  if (!lex.ok()) {
    std::fprintf(stderr, "%s\n", lex.status().ToString().c_str());
    return 1;
  }
  auto stats = lg::bench::WriteCorpus(*lex, seed, mb * 1000 * 1000, doc_kb * 1000, out);
  if (!stats.ok()) {
    std::fprintf(stderr, "%s\n", stats.status().ToString().c_str());
    return 1;
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("gen_corpus: %llu files, %llu bytes, %.2f s\n",
              static_cast<unsigned long long>(stats->files),
              static_cast<unsigned long long>(stats->bytes), secs);
  return 0;
}
