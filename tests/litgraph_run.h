// Running the real litgraph binary from a test: to completion with its
// output captured, or in the background; and the real review texts. Needs
// LG_LITGRAPH_BIN (the test target's compile definition).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::testing {

struct Run {
  int code = -1;  // exit status, or 128 + signal
  std::string out, err;
};

inline const char* kText000 = "000_4ae7b0927be87e20.txt";
inline const char* kText002 = "002_b349d65e17dedb88.txt";

inline std::string Corpus(const std::string& name) {
  return lg::testing::SharedDir() + "/corpus/" + name;
}

// Starts the program `bin` with `args`; stdout and stderr go to the given
// files (/dev/null when empty). Returns the child's pid.
inline pid_t SpawnProgram(const std::string& bin, const std::vector<std::string>& args,
                          const std::string& out_path = "",
                          const std::string& err_path = "") {
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out_path.empty() ? "/dev/null" : out_path.c_str(),
                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_path.empty() ? "/dev/null" : err_path.c_str(),
                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv;
    std::string argv0 = bin;
    argv.push_back(argv0.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Starts litgraph with `args`, as SpawnProgram.
inline pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path = "",
                   const std::string& err_path = "") {
  return SpawnProgram(LG_LITGRAPH_BIN, args, out_path, err_path);
}

// Waits for `pid`; exit status or 128 + signal.
inline int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// True when `pid` has exited; it stays waitable (Wait still reaps it).
inline bool Exited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

// Runs the program `bin` with `args` to completion, capturing stdout and
// stderr in files under `tmp` (named after `tag`, so concurrent runs do not
// collide).
inline Run RunProgram(const std::string& bin, const std::vector<std::string>& args,
                      const lg::testing::TempDir& tmp, const std::string& tag = "run") {
  std::string out_path = tmp.Sub(tag + ".stdout"), err_path = tmp.Sub(tag + ".stderr");
  Run r;
  r.code = Wait(SpawnProgram(bin, args, out_path, err_path));
  r.out = lg::testing::ReadFileOrDie(out_path);
  r.err = lg::testing::ReadFileOrDie(err_path);
  return r;
}

// Runs litgraph with `args`, as RunProgram.
inline Run Litgraph(const std::vector<std::string>& args, const lg::testing::TempDir& tmp,
                    const std::string& tag = "run") {
  return RunProgram(LG_LITGRAPH_BIN, args, tmp, tag);
}

}  // namespace lg::testing
