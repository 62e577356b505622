// oneshot_bench: wall time and peak RSS of one command run N times.
//   oneshot_bench --runs N [--json OUT] [--label L] -- CMD ARGS...
//
// Runs CMD N times in sequence (fork + execvp, stdout to /dev/null, stderr
// kept), each timed from fork to wait4 with the steady clock. Prints p50,
// p99 and max in ms (nearest rank) and the peak RSS in MB (wait4's
// ru_maxrss, max over the runs; 1 MB = 2^20 bytes).
//
// --json OUT writes one object; these keys are stable (scripts read them):
//   label (--label, else CMD), command (array: CMD ARGS...), runs,
//   p50_ms, p99_ms, max_ms, mean_ms, peak_rss_mb.
// Exit status: 0; 1 when a run cannot start or exits non-zero ("oneshot_bench:
// run K of `CMD ...`: exit status S"), or OUT cannot be written; 2 on bad
// usage.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "query/json_out.h"
#include "tools/bench/bench_stats.h"

namespace lg::bench {
namespace {

int Usage(const std::string& why) {
  std::fprintf(
      stderr,
      "oneshot_bench: %s\nusage: oneshot_bench --runs N [--json OUT] [--label L] "
      "-- CMD ARGS...\n",
      why.c_str());
  return 2;
}

std::string CommandLine(const std::vector<std::string>& cmd) {
  std::string out;
  for (const std::string& a : cmd) {
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

// One run: its wall ms and ru_maxrss (KiB), or an error message.
struct RunResult {
  double ms = 0;
  long maxrss_kib = 0;
  std::string error;
};

RunResult RunOnce(const std::vector<std::string>& cmd) {
  RunResult r;
  std::vector<char*> argv;
  for (const std::string& a : cmd) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    r.error = std::string("fork failed: ") + std::strerror(errno);
    return r;
  }
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO);
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "oneshot_bench: cannot run %s: %s\n", argv[0],
                 std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  pid_t got;
  do {
    got = wait4(pid, &status, 0, &usage);
  } while (got < 0 && errno == EINTR);
  auto end = std::chrono::steady_clock::now();
  if (got < 0) {
    r.error = std::string("wait4 failed: ") + std::strerror(errno);
    return r;
  }
  r.ms = std::chrono::duration<double, std::milli>(end - start).count();
  r.maxrss_kib = usage.ru_maxrss;
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    r.error = "exit status " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    r.error = "killed by signal " + std::to_string(WTERMSIG(status));
  }
  return r;
}

int Main(int argc, char** argv) {
  long runs = 0;
  std::string json, label;
  std::vector<std::string> cmd;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (i + 1 >= argc) return Usage("option '" + a + "' needs a value");
    if (a == "--runs") {
      char* end = nullptr;
      errno = 0;
      runs = std::strtol(argv[++i], &end, 10);
      if (errno != 0 || *end != '\0' || end == argv[i] || runs < 1) {
        return Usage(std::string("option '--runs' needs a positive integer, got '") +
                     argv[i] + "'");
      }
    } else if (a == "--json") {
      json = argv[++i];
    } else if (a == "--label") {
      label = argv[++i];
    } else {
      return Usage("unknown argument '" + a + "'");
    }
  }
  for (; i < argc; ++i) cmd.push_back(argv[i]);
  if (runs == 0) return Usage("--runs N is required");
  if (cmd.empty()) return Usage("no command after '--'");
  if (label.empty()) label = cmd[0];

  std::vector<double> ms;
  long peak_kib = 0;
  for (long k = 1; k <= runs; ++k) {
    RunResult r = RunOnce(cmd);
    if (!r.error.empty()) {
      std::fprintf(stderr, "oneshot_bench: run %ld of `%s`: %s\n", k,
                   CommandLine(cmd).c_str(), r.error.c_str());
      return 1;
    }
    ms.push_back(r.ms);
    peak_kib = std::max(peak_kib, r.maxrss_kib);
  }
  double mean = 0;
  for (double x : ms) mean += x;
  mean /= static_cast<double>(ms.size());
  std::sort(ms.begin(), ms.end());
  double p50 = Percentile(ms, 0.50), p99 = Percentile(ms, 0.99), max = ms.back();
  double peak_mb = static_cast<double>(peak_kib) / 1024.0;

  std::printf("oneshot_bench  %s  (%ld runs)\n  `%s`\n", label.c_str(), runs,
              CommandLine(cmd).c_str());
  std::printf("  %10s %10s %10s %10s %14s\n", "p50 ms", "p99 ms", "max ms", "mean ms",
              "peak RSS MB");
  std::printf("  %10.2f %10.2f %10.2f %10.2f %14.1f\n", p50, p99, max, mean, peak_mb);

  if (!json.empty()) {
    std::FILE* f = std::fopen(json.c_str(), "w");
    if (f == nullptr) {
      std::fprintf(stderr, "oneshot_bench: --json %s: cannot write\n", json.c_str());
      return 1;
    }
    std::string command = "[";
    for (size_t j = 0; j < cmd.size(); ++j)
      command += (j ? ", " : "") + query::JsonString(cmd[j]);
    command += "]";
    std::fprintf(f,
                 "{\"label\": %s, \"command\": %s, \"runs\": %ld, \"p50_ms\": %.3f, "
                 "\"p99_ms\": %.3f, \"max_ms\": %.3f, \"mean_ms\": %.3f, "
                 "\"peak_rss_mb\": %.2f}\n",
                 query::JsonString(label).c_str(), command.c_str(), runs, p50, p99, max,
                 mean, peak_mb);
    if (std::fclose(f) != 0) {
      std::fprintf(stderr, "oneshot_bench: --json %s: write failed\n", json.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace lg::bench

int main(int argc, char** argv) { return lg::bench::Main(argc, argv); }
