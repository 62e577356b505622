// pathological_bench: bounded cost of ingest on adversarial input (issue 7).
//
//   pathological_bench [--sizes 1,10,100] [--cases a,b,...] [--json OUT]
//                      [--max-seconds S] [--max-rss-mb M] [--max-cpu-per-mb C]
//                      [--write DIR] [--list]
//
// For each case and size (MB = 2^20 bytes) the input is generated in memory,
// deterministically, inside a forked child; the child runs
// ingest::Pipeline::ExtractBytes on it (the Pipeline is created once in the
// parent before forking, so loading the lexicons is not counted) and reports
// through a pipe the extraction's wall time and its CPU time (user + system,
// CLOCK_PROCESS_CPUTIME_ID; the ratios use CPU time so that other load on the
// machine does not make a linear case look nonlinear). Peak RSS comes from
// wait4's ru_maxrss; the parent's RSS at fork time (the child starts with those pages) is
// subtracted, so "growth" is what the input and its extraction added,
// including the input string itself.
//
// For each case and each size s after the first (s0): CPU time ratio
// t(s)/t(s0)/(s/s0) and memory ratio growth(s)/growth(s0)/(s/s0); 1.0 is
// linear. A ratio above 1.5, a TIMEOUT (child killed after --max-seconds,
// default 600), a MEMOUT (child killed when its RSS passes --max-rss-mb,
// default 4096, so a runaway case cannot take the machine down) or a failed
// run marks the case NONLINEAR and the exit code is 1. Exit 2 on bad
// arguments.
//
// A ratio cannot see a constant that grew: a case that costs 100 times what
// it did at every size is still linear (docs/RELIABILITY.md, 2026-12-07). So
// a case whose CPU time per MB passes --max-cpu-per-mb (default 20 s, ten
// times the dearest case on a slow shared machine) at any size is SLOW, and
// the exit code is 1 too.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "ingest/pipeline.h"
#include "query/json_out.h"

namespace {

constexpr uint64_t kMB = uint64_t{1} << 20;
constexpr double kNonlinear = 1.5;
// Times a case is measured again when its time ratio is over kNonlinear.
constexpr int kRetries = 2;

// Deterministic 64-bit LCG (Knuth's MMIX constants); no <random> so the
// inputs are the same bytes on every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state_ >> 33);
  }
  size_t Below(size_t n) { return Next() % n; }
  template <size_t N>
  const char* Pick(const char* const (&list)[N]) {
    return list[Below(N)];
  }

 private:
  uint64_t state_;
};

const char* const kWords[] = {
    "the",       "of",         "in",       "and",      "patients", "with",
    "infants",   "treated",    "response", "relapse",  "was",      "were",
    "survival",  "leukemia",   "risk",     "therapy",  "after",    "inhibitor",
    "target",    "rearranged", "cohort",   "high",     "median",   "event-free",
    "remission", "marrow",     "blasts",   "induction"};
const char* const kGenes[] = {"KMT2A", "AFF1",  "MLLT3", "MLLT1", "MLLT10",
                              "MEN1",  "BCL2",  "FLT3",  "NPM1",  "DOT1L",
                              "ETV6",  "RUNX1", "ABL1",  "BCR",   "CD19"};
const char* const kDrugs[] = {
    "venetoclax", "revumenib",   "ziftomenib",   "blinatumomab", "inotuzumab ozogamicin",
    "cytarabine", "azacitidine", "pinometostat", "bortezomib",   "dexamethasone"};
const char* const kFusionSeps[] = {"-", "::", "/"};
const char* const kListSeps[] = {" ", ", ", "; ", " / ", " and ", " + "};

// Appends pieces until `out` holds at least `size` bytes, then cuts it to
// exactly `size` at a byte that does not split a UTF-8 sequence (all
// generators emit ASCII only, so any cut is valid).
using Generator = std::function<void(std::string& out, uint64_t size, Rng& rng)>;

void Words(std::string& out, Rng& rng, int n) {
  for (int i = 0; i < n; ++i) {
    out += rng.Pick(kWords);
    out += ' ';
  }
}

// One line, no newline and no full stop: words, gene and drug names, numbers.
void OneLine(std::string& out, uint64_t size, Rng& rng) {
  while (out.size() < size) {
    Words(out, rng, 1 + static_cast<int>(rng.Below(6)));
    switch (rng.Below(4)) {
      case 0:
        out += rng.Pick(kGenes);
        break;
      case 1:
        out += rng.Pick(kDrugs);
        break;
      case 2:
        out += std::to_string(rng.Below(100000));
        break;
      default:
        out += std::to_string(rng.Below(100)) + "%,";
        break;
    }
    out += ' ';
  }
}

// Gene, drug and fusion names back to back, separators only, no stops.
void MentionDense(std::string& out, uint64_t size, Rng& rng) {
  while (out.size() < size) {
    switch (rng.Below(3)) {
      case 0:
        out += rng.Pick(kGenes);
        out += rng.Pick(kFusionSeps);
        out += rng.Pick(kGenes);
        break;
      case 1:
        out += rng.Pick(kGenes);
        break;
      default:
        out += rng.Pick(kDrugs);
        break;
    }
    out += rng.Pick(kListSeps);
  }
}

// One sentence carrying one citation per ~10 bytes: bracketed lists and
// ranges, and superscript-style numbers glued to words.
void CitationStorm(std::string& out, uint64_t size, Rng& rng) {
  out += "Infant leukemia with ";
  while (out.size() + 2 < size) {
    size_t a = 1 + rng.Below(400);
    switch (rng.Below(4)) {
      case 0:
        out += "[" + std::to_string(a) + "-" + std::to_string(a + 2) + "," +
               std::to_string(a + 4) + "," + std::to_string(a + 6) + "-" +
               std::to_string(a + 8) + "] ";
        break;
      case 1:
        out += "(" + std::to_string(a) + ") ";
        break;
      case 2:
        out += rng.Pick(kGenes);
        out += std::to_string(a) + "," + std::to_string(a + 1) + " ";
        break;
      default:
        out += rng.Pick(kWords);
        out += std::to_string(a) + "-" + std::to_string(a + 3) + " ";
        break;
    }
  }
  out += ".\n";
}

// Thousands of opening brackets never closed, a few lone closers.
void Unbalanced(std::string& out, uint64_t size, Rng& rng) {
  const char* const kOpen[] = {"(", "[", "{", "((", "[[", "{{", "(["};
  while (out.size() < size) {
    for (int i = 0; i < 50; ++i) {
      out += rng.Pick(kOpen);
      if (rng.Below(3) == 0) {
        out += rng.Pick(kGenes);
        out += ' ';
      }
    }
    Words(out, rng, 3);
    if (rng.Below(20) == 0) out += "]]] ";
    if (rng.Below(40) == 0) out += ". ";
  }
}

// A short body citing numbers, then a huge numbered reference list.
void ReferenceList(std::string& out, uint64_t size, Rng& rng) {
  out += "Introduction\n\n";
  const uint64_t body = size / 10;
  while (out.size() < body) {
    Words(out, rng, 6);
    out += rng.Pick(kGenes);
    out += " [" + std::to_string(1 + rng.Below(5000)) + "," +
           std::to_string(1 + rng.Below(5000)) + "]. ";
    if (rng.Below(10) == 0) out += "\n\n";
  }
  out += "\n\nReferences\n\n";
  for (uint64_t n = 1; out.size() < size; ++n) {
    out += std::to_string(n) + ". ";
    int authors = 1 + static_cast<int>(rng.Below(6));
    for (int i = 0; i < authors; ++i) {
      if (i) out += ", ";
      out += "Author";
      out += static_cast<char>('A' + rng.Below(26));
      out += ' ';
      out += static_cast<char>('A' + rng.Below(26));
    }
    out += ". ";
    out += rng.Pick(kGenes);
    out += " in ";
    Words(out, rng, 4);
    out += "leukemia. Blood. " + std::to_string(1990 + rng.Below(35)) + ";" +
           std::to_string(1 + rng.Below(140)) + ":" +
           std::to_string(1 + rng.Below(9000)) + ".\n";
  }
}

// Tab-separated rows of 5,000 columns.
void Table(std::string& out, uint64_t size, Rng& rng) {
  while (out.size() < size) {
    for (int col = 0; col < 5000; ++col) {
      if (col) out += '\t';
      switch (rng.Below(4)) {
        case 0:
          out += rng.Pick(kGenes);
          break;
        case 1:
          out += rng.Pick(kDrugs);
          break;
        case 2:
          out += std::to_string(rng.Below(1000)) + "." + std::to_string(rng.Below(10));
          break;
        default:
          out += std::to_string(rng.Below(100)) + "%";
          break;
      }
    }
    out += '\n';
  }
}

// "A. B. C." and one-word sentences, millions of them.
void TinySentences(std::string& out, uint64_t size, Rng& rng) {
  while (out.size() < size) {
    switch (rng.Below(4)) {
      case 0:
        out += static_cast<char>('A' + rng.Below(26));
        break;
      case 1:
        out += rng.Pick(kGenes);
        break;
      case 2:
        out += "Yes";
        break;
      default:
        out += std::to_string(rng.Below(10));
        break;
    }
    out += rng.Below(50) == 0 ? ".\n" : ". ";
  }
}

// $...$ fragments, runs of backslashes, commands, unterminated $ and $$.
void Latex(std::string& out, uint64_t size, Rng& rng) {
  const char* const kPieces[] = {"$\\alpha$ ",
                                 "$x^{2}_{i}$ ",
                                 "\\\\\\\\",
                                 "\\",
                                 "$",
                                 "$$",
                                 "$\\frac{1}{2}$ ",
                                 "\\textbf{",
                                 "} ",
                                 "$\\mathrm{KMT2A}$ ",
                                 "\\cite{ref",
                                 "$\\$",
                                 "\\$ ",
                                 "{\\it ",
                                 "$\\le 0.05$ ",
                                 "\\\\$\\\\$"};
  while (out.size() < size) {
    out += rng.Pick(kPieces);
    if (rng.Below(8) == 0) {
      out += rng.Pick(kWords);
      out += ' ';
    }
  }
}

// One token with no whitespace or punctuation at all.
void LongToken(std::string& out, uint64_t size, Rng& rng) {
  while (out.size() < size) {
    out += rng.Pick(kGenes);
    out += std::to_string(rng.Below(10));
  }
}

// Short well-formed sentences that state the same few facts again and again:
// evidence per fact grows with the input.
void RepeatedFact(std::string& out, uint64_t size, Rng& rng) {
  const char* const kStatements[] = {
      "Venetoclax inhibits BCL2 in KMT2A-AFF1 leukemia",
      "Revumenib is a menin inhibitor that targets MEN1 in KMT2A-rearranged leukemia",
      "The KMT2A::MLLT3 fusion responds to ziftomenib",
      "Blinatumomab targets CD19 in infants with KMT2A-AFF1 ALL"};
  while (out.size() < size) {
    out += rng.Pick(kStatements);
    out += rng.Below(20) == 0 ? ".\n\n" : ". ";
  }
}

struct Case {
  const char* name;
  const char* what;
  Generator generate;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"one_line", "one line, no newline, no full stop", OneLine},
      {"mention_dense", "names back to back with separators", MentionDense},
      {"citation_storm", "one sentence, ~1 citation per 10 bytes", CitationStorm},
      {"unbalanced", "(, [, { never closed", Unbalanced},
      {"reference_list", "10% body, then a numbered reference list", ReferenceList},
      {"table", "TAB-separated rows of 5,000 columns", Table},
      {"tiny_sentences", "\"A. B. C.\"", TinySentences},
      {"latex", "$...$, backslashes, unclosed $", Latex},
      {"long_token", "one token, no whitespace", LongToken},
      {"repeated_fact", "the same few facts stated in every sentence", RepeatedFact},
  };
  return cases;
}

std::string Build(const Case& c, uint64_t size_mb) {
  const uint64_t size = size_mb * kMB;
  std::string out;
  out.reserve(size + 4096);
  Rng rng(0x5eed0000ULL + std::strlen(c.name) * 7919);
  c.generate(out, size, rng);
  out.resize(size);                         // ASCII only: any cut is valid UTF-8
  if (out.back() == ' ') out.back() = '.';  // no trailing-space special case
  return out;
}

// Current resident set of this process in KB (VmRSS), 0 if unknown.
long CurrentRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

// Resident set of process `pid` in KB (from /proc/PID/statm), 0 if unknown.
long RssKbOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/statm");
  long size = 0, resident = 0;
  if (!(in >> size >> resident)) return 0;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// What the child sends back through the pipe.
struct ChildReport {
  double seconds = 0;      // wall
  double cpu_seconds = 0;  // user + system
  uint64_t sentences = 0, entities = 0, facts = 0, references = 0;
  int ok = 0;
  char message[512] = {};
};

enum class Outcome { kOk, kError, kTimeout, kMemout, kCrash };

struct Measurement {
  std::string case_name;
  uint64_t size_mb = 0;
  Outcome outcome = Outcome::kCrash;
  ChildReport report;
  double peak_rss_mb = 0;
  double growth_mb = 0;  // peak - parent baseline
  std::string detail;
};

bool WriteAll(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

Measurement Measure(const lg::ingest::Pipeline& pipeline, const Case& c, uint64_t size_mb,
                    double max_seconds, long max_rss_kb, long baseline_kb) {
  Measurement m;
  m.case_name = c.name;
  m.size_mb = size_mb;
  int fds[2];
  if (pipe(fds) != 0) {
    m.detail = "pipe failed";
    return m;
  }
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    m.detail = "fork failed";
    close(fds[0]);
    close(fds[1]);
    return m;
  }
  if (pid == 0) {
    close(fds[0]);
    ChildReport r;
    std::string input = Build(c, size_mb);
    const std::string name =
        std::string(c.name) + "_" + std::to_string(size_mb) + "MB.txt";
    timespec cpu0{}, cpu1{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    auto start = std::chrono::steady_clock::now();
    auto data = pipeline.ExtractBytes(name, std::move(input), {});
    r.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    r.cpu_seconds = static_cast<double>(cpu1.tv_sec - cpu0.tv_sec) +
                    static_cast<double>(cpu1.tv_nsec - cpu0.tv_nsec) * 1e-9;
    if (data.ok()) {
      r.ok = 1;
      r.sentences = data->source.counts.sentences;
      r.entities = data->entities.size();
      r.facts = data->facts.size();
      r.references = data->references.size();
    } else {
      std::snprintf(r.message, sizeof r.message, "%s", data.status().message().c_str());
    }
    bool sent = WriteAll(fds[1], &r, sizeof r);
    _exit(sent ? 0 : 3);  // skip destructors: freeing is not part of the cost
  }
  close(fds[1]);
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  struct rusage usage {};
  bool timed_out = false, memout = false;
  double elapsed_at_exit = 0;
  for (;;) {
    pid_t w = wait4(pid, &status, WNOHANG, &usage);
    if (w == pid) {
      elapsed_at_exit =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      break;
    }
    if (w < 0) {
      m.detail = std::string("wait4: ") + std::strerror(errno);
      close(fds[0]);
      return m;
    }
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!timed_out && elapsed > max_seconds) {
      kill(pid, SIGKILL);
      timed_out = true;
    }
    if (!timed_out && !memout && RssKbOf(pid) > max_rss_kb) {
      kill(pid, SIGKILL);
      memout = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  m.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  m.growth_mb = static_cast<double>(usage.ru_maxrss - baseline_kb) / 1024.0;
  ChildReport r;
  ssize_t got = 0;
  size_t total = 0;
  while (total < sizeof r && (got = read(fds[0], reinterpret_cast<char*>(&r) + total,
                                         sizeof r - total)) > 0) {
    total += static_cast<size_t>(got);
  }
  close(fds[0]);
  if (memout) {
    m.outcome = Outcome::kMemout;
    m.detail = "killed above " + std::to_string(max_rss_kb / 1024) + " MB RSS after " +
               std::to_string(static_cast<int>(elapsed_at_exit)) + " s";
  } else if (timed_out) {
    m.outcome = Outcome::kTimeout;
    m.detail = "killed after " + std::to_string(static_cast<int>(max_seconds)) + " s";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || total != sizeof r) {
    m.outcome = Outcome::kCrash;
    m.detail = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                   : "exit " + std::to_string(WEXITSTATUS(status));
  } else if (!r.ok) {
    m.outcome = Outcome::kError;
    r.message[sizeof r.message - 1] = '\0';
    m.detail = r.message;
  } else {
    m.outcome = Outcome::kOk;
  }
  m.report = r;
  return m;
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kError:
      return "ERROR";
    case Outcome::kTimeout:
      return "TIMEOUT";
    case Outcome::kMemout:
      return "MEMOUT";
    case Outcome::kCrash:
      return "CRASH";
  }
  return "?";
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

int Usage() {
  std::fprintf(
      stderr,
      "usage: pathological_bench [--sizes 1,10,100] [--cases a,b,...] [--json OUT]\n"
      "                          [--max-seconds S] [--max-rss-mb M]"
      " [--max-cpu-per-mb C]\n"
      "                          [--write DIR] [--list]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint64_t> sizes = {1, 10, 100};
  std::vector<const Case*> cases;
  std::string json_path, write_dir;
  double max_seconds = 600;
  long max_rss_mb = 4096;
  double max_cpu_per_mb = 20;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--list") {
      for (const auto& c : Cases()) std::printf("%-16s %s\n", c.name, c.what);
      return 0;
    } else if (a == "--sizes" && has_value) {
      sizes.clear();
      for (const auto& s : SplitComma(argv[++i])) {
        char* end = nullptr;
        unsigned long long v = std::strtoull(s.c_str(), &end, 10);
        if (*end != '\0' || v == 0 || v > 4000) {
          std::fprintf(stderr, "pathological_bench: bad size '%s' (MB, 1..4000)\n",
                       s.c_str());
          return 2;
        }
        sizes.push_back(v);
      }
    } else if (a == "--cases" && has_value) {
      for (const auto& n : SplitComma(argv[++i])) {
        const Case* found = nullptr;
        for (const auto& c : Cases()) {
          if (n == c.name) found = &c;
        }
        if (!found) {
          std::fprintf(stderr, "pathological_bench: unknown case '%s' (see --list)\n",
                       n.c_str());
          return 2;
        }
        cases.push_back(found);
      }
    } else if (a == "--json" && has_value) {
      json_path = argv[++i];
    } else if (a == "--max-rss-mb" && has_value) {
      max_rss_mb = std::atol(argv[++i]);
      if (max_rss_mb <= 0) return Usage();
    } else if (a == "--write" && has_value) {
      write_dir = argv[++i];
    } else if (a == "--max-cpu-per-mb" && has_value) {
      max_cpu_per_mb = std::atof(argv[++i]);
      if (max_cpu_per_mb <= 0) return Usage();
    } else if (a == "--max-seconds" && has_value) {
      max_seconds = std::atof(argv[++i]);
      if (max_seconds <= 0) return Usage();
    } else {
      return Usage();
    }
  }
  if (sizes.empty()) return Usage();
  if (cases.empty()) {
    for (const auto& c : Cases()) cases.push_back(&c);
  }

  if (!write_dir.empty()) {
    mkdir(write_dir.c_str(), 0755);
    for (const Case* c : cases) {
      for (uint64_t s : sizes) {
        std::string path = write_dir + "/" + c->name + "_" + std::to_string(s) + "MB.txt";
        std::string bytes = Build(*c, s);
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
          std::fprintf(stderr, "pathological_bench: cannot write %s\n", path.c_str());
          return 1;
        }
        std::printf("wrote %s\n", path.c_str());
      }
    }
    return 0;
  }

  const char* data_dir = std::getenv("LITGRAPH_DATA_DIR");
  auto pipeline =
      lg::ingest::Pipeline::Create(data_dir && *data_dir ? data_dir : LG_DATA_DIR);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "pathological_bench: %s\n", pipeline.status().message().c_str());
    return 1;
  }
  const long baseline_kb = CurrentRssKb();
  std::printf("parent RSS baseline (lexicons loaded): %.1f MB; subtracted from peak\n",
              baseline_kb / 1024.0);
  std::printf("%-15s %6s %8s %8s %7s %9s %9s %9s %9s %8s %8s %s\n", "case", "MB",
              "wall_s", "cpu_s", "MB/cpu_s", "peakMB", "growthMB", "growth/MB",
              "sentences", "entities", "facts", "status");

  std::vector<Measurement> all;
  bool nonlinear_any = false;
  struct Ratio {
    std::string case_name;
    uint64_t size_mb;
    double time, memory;
    bool nonlinear;
  };
  std::vector<Ratio> ratios;
  std::vector<std::string> nonlinear_cases;
  std::vector<std::string> slow_cases;  // over --max-cpu-per-mb
  for (const Case* c : cases) {
    std::vector<Measurement> row;
    bool case_bad = false;
    for (uint64_t s : sizes) {
      Measurement m =
          Measure(**pipeline, *c, s, max_seconds, max_rss_mb * 1024, baseline_kb);
      std::printf(
          "%-15s %6llu %8.2f %8.2f %7.2f %9.1f %9.1f %9.2f %9llu %8llu %8llu %s%s%s\n",
          c->name, static_cast<unsigned long long>(s), m.report.seconds,
          m.report.cpu_seconds, m.report.cpu_seconds > 0 ? s / m.report.cpu_seconds : 0.0,
          m.peak_rss_mb, m.growth_mb, m.outcome == Outcome::kOk ? m.growth_mb / s : 0.0,
          static_cast<unsigned long long>(m.report.sentences),
          static_cast<unsigned long long>(m.report.entities),
          static_cast<unsigned long long>(m.report.facts), OutcomeName(m.outcome),
          m.detail.empty() ? "" : ": ", m.detail.c_str());
      std::fflush(stdout);
      if (m.outcome != Outcome::kOk) case_bad = true;
      row.push_back(m);
      // Larger sizes would be killed too.
      if (m.outcome == Outcome::kTimeout || m.outcome == Outcome::kMemout) break;
    }
    auto time_ratio = [&](size_t i) {
      double scale =
          static_cast<double>(row[i].size_mb) / static_cast<double>(row[0].size_mb);
      return row[i].report.cpu_seconds / row[0].report.cpu_seconds / scale;
    };
    auto all_ok = [&] {
      for (const auto& m : row) {
        if (m.outcome != Outcome::kOk) return false;
      }
      return true;
    };
    // CPU time still varies a little with what shares the cores (caches,
    // clock). A time ratio over the bar is measured again, up to kRetries
    // times, keeping each size's smallest CPU time: a real nonlinearity stays.
    for (int retry = 0; retry < kRetries && all_ok(); ++retry) {
      bool over = false;
      for (size_t i = 1; i < row.size(); ++i) over = over || time_ratio(i) > kNonlinear;
      if (!over) break;
      std::printf("%-15s time ratio over %.1f: measured again (%d of %d)\n", c->name,
                  kNonlinear, retry + 1, kRetries);
      for (auto& m : row) {
        Measurement again = Measure(**pipeline, *c, m.size_mb, max_seconds,
                                    max_rss_mb * 1024, baseline_kb);
        if (again.outcome != Outcome::kOk) {
          m = again;
          case_bad = true;
        } else if (again.report.cpu_seconds < m.report.cpu_seconds) {
          m.report.cpu_seconds = again.report.cpu_seconds;
          m.report.seconds = again.report.seconds;
        }
        std::printf("%-15s %6llu %8.2f %8.2f  (smallest so far)\n", c->name,
                    static_cast<unsigned long long>(m.size_mb), m.report.seconds,
                    m.report.cpu_seconds);
      }
    }
    for (const Measurement& m : row) {
      double per_mb = m.report.cpu_seconds / static_cast<double>(m.size_mb);
      if (m.outcome != Outcome::kOk || per_mb <= max_cpu_per_mb) continue;
      slow_cases.push_back(std::string(c->name) + " at " + std::to_string(m.size_mb) +
                           " MB: " + std::to_string(per_mb) + " CPU s per MB");
    }
    all.insert(all.end(), row.begin(), row.end());
    for (size_t i = 1; i < row.size(); ++i) {
      if (row[0].outcome != Outcome::kOk || row[i].outcome != Outcome::kOk) continue;
      double scale =
          static_cast<double>(row[i].size_mb) / static_cast<double>(row[0].size_mb);
      Ratio r{c->name, row[i].size_mb, time_ratio(i),
              row[i].growth_mb / row[0].growth_mb / scale, false};
      r.nonlinear = r.time > kNonlinear || r.memory > kNonlinear;
      if (r.nonlinear) case_bad = true;
      ratios.push_back(r);
    }
    if (case_bad) {
      nonlinear_any = true;
      nonlinear_cases.push_back(c->name);
    }
  }

  std::printf("\nratios against %llu MB (1.0 = linear; > %.1f = NONLINEAR)\n",
              static_cast<unsigned long long>(sizes[0]), kNonlinear);
  std::printf("%-15s %6s %8s %8s\n", "case", "MB", "cpu", "memory");
  for (const auto& r : ratios) {
    std::printf("%-15s %6llu %8.2f %8.2f%s\n", r.case_name.c_str(),
                static_cast<unsigned long long>(r.size_mb), r.time, r.memory,
                r.nonlinear ? "  NONLINEAR" : "");
  }
  for (const auto& n : nonlinear_cases) std::printf("NONLINEAR: %s\n", n.c_str());
  for (const auto& n : slow_cases) {
    std::printf("SLOW: %s (bound %.1f)\n", n.c_str(), max_cpu_per_mb);
  }
  std::printf("%s\n", nonlinear_any        ? "result: NONLINEAR"
                      : slow_cases.empty() ? "result: linear"
                                           : "result: SLOW");

  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << "{\"baseline_rss_mb\":" << baseline_kb / 1024.0 << ",\"runs\":[";
    for (size_t i = 0; i < all.size(); ++i) {
      const auto& m = all[i];
      out << (i ? "," : "") << "{\"case\":\"" << m.case_name
          << "\",\"size_mb\":" << m.size_mb << ",\"status\":\"" << OutcomeName(m.outcome)
          << "\",\"detail\":" << lg::query::JsonString(m.detail)
          << ",\"seconds\":" << m.report.seconds
          << ",\"cpu_seconds\":" << m.report.cpu_seconds
          << ",\"peak_rss_mb\":" << m.peak_rss_mb << ",\"growth_mb\":" << m.growth_mb
          << ",\"sentences\":" << m.report.sentences
          << ",\"entities\":" << m.report.entities << ",\"facts\":" << m.report.facts
          << ",\"references\":" << m.report.references << "}";
    }
    out << "],\"ratios\":[";
    for (size_t i = 0; i < ratios.size(); ++i) {
      const auto& r = ratios[i];
      out << (i ? "," : "") << "{\"case\":\"" << r.case_name
          << "\",\"size_mb\":" << r.size_mb << ",\"cpu\":" << r.time
          << ",\"memory\":" << r.memory
          << ",\"nonlinear\":" << (r.nonlinear ? "true" : "false") << "}";
    }
    out << "],\"nonlinear\":" << (nonlinear_any ? "true" : "false")
        << ",\"slow\":" << (slow_cases.empty() ? "false" : "true") << "}\n";
    if (!out) {
      std::fprintf(stderr, "pathological_bench: cannot write %s\n", json_path.c_str());
      return 1;
    }
  }
  return nonlinear_any || !slow_cases.empty() ? 1 : 0;
}
