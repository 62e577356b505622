#include "tools/serve/catalog.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "graph/store/curated.h"

namespace lg::serve {

Status Catalog::Load() {
  graph::MutexLock lock(&mu_);
  return ReloadLocked(/*force=*/true);
}

std::shared_ptr<const Snapshot> Catalog::Get() {
  graph::MutexLock lock(&mu_);
  auto now = std::chrono::steady_clock::now();
  if (now - last_check_ >= kRecheckInterval) {
    last_check_ = now;
    // A store that cannot be opened now (a writer mid-way, files being
    // replaced) is looked at again at the next check; until then requests
    // are answered from the current snapshot.
    ReloadLocked(/*force=*/false).IgnoreError();
  }
  return current_;
}

void Catalog::Invalidate() {
  graph::MutexLock lock(&mu_);
  // As in Get: a failed reload keeps the current snapshot.
  ReloadLocked(/*force=*/false).IgnoreError();
}

std::string Catalog::Signature() const {
  std::vector<std::string> parts;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    std::error_code e2;
    auto size = entry.is_regular_file(e2) ? entry.file_size(e2) : 0;
    auto time = entry.last_write_time(e2).time_since_epoch().count();
    parts.push_back(entry.path().filename().string() + ":" + std::to_string(size) + ":" +
                    std::to_string(time));
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out.append(p).append("\n");
  return out;
}

Status Catalog::ReloadLocked(bool force) {
  std::string signature = Signature();
  if (!force && current_ && signature == signature_) return Status::Ok();
  graph::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  LG_ASSIGN_OR_RETURN(auto raw, graph::Store::Open(dir_, options));
  // Answer from the curated view, as the CLI's queries do by default.
  LG_ASSIGN_OR_RETURN(auto store, graph::OpenCuratedView(std::move(raw)));
  LG_ASSIGN_OR_RETURN(uint64_t generation, store->Generation());
  signature_ = signature;
  if (!force && current_ && generation == current_->view().generation()) {
    return Status::Ok();
  }
  auto next = std::make_shared<Snapshot>();
  next->store = std::move(store);
  LG_ASSIGN_OR_RETURN(next->engine, query::Engine::Open(next->store.get()));
  current_ = std::move(next);
  return Status::Ok();
}

}  // namespace lg::serve
