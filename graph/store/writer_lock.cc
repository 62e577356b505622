#include "graph/store/writer_lock.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace lg::graph::store_internal {
namespace {

namespace fs = std::filesystem;

// The pid recorded by the writer of `dir`, or "unknown".
std::string ReadPid(const std::string& dir) {
  std::ifstream in(fs::path(dir) / kPidFile);
  std::string pid;
  if (!(in >> pid) || pid.empty() ||
      !std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "unknown";
  }
  return pid;
}

}  // namespace

Status RecordLockOwner(const std::string& dir) {
  std::ofstream pid(fs::path(dir) / kPidFile, std::ios::trunc);
  pid << ::getpid() << "\n";
  if (!pid.flush()) {
    return Status::IOError("graph/store: cannot write " + dir + "/" +
                           std::string(kPidFile));
  }
  return Status::Ok();
}

void ForgetLockOwner(const std::string& dir) {
  std::error_code ec;
  fs::remove(fs::path(dir) / kPidFile, ec);
}

bool HeldByAnotherWriter(const rocksdb::Status& open_status) {
  return open_status.IsIOError() &&
         open_status.ToString().find("lock") != std::string::npos &&
         open_status.ToString().find("Read-only file system") == std::string::npos;
}

Status LockedByAnotherWriter(const std::string& dir) {
  return Status::FailedPrecondition("graph/store: " + dir +
                                    " is locked by another litgraph process (pid " +
                                    ReadPid(dir) + ")");
}

}  // namespace lg::graph::store_internal
