// OrderedParallel: produce results on several threads, consume them on the
// calling thread in input order. `litgraph ingest` extracts files on -j
// threads this way while the store writes stay in the order of the command
// line, so the store ends up the same whatever -j is.
//
//   OrderedParallel<Result<SourceData>>(files.size(), jobs,
//       [&](size_t i) { return pipeline.Extract(files[i], ...); },   // any thread
//       [&](size_t i, Result<SourceData>& r) { ...write...; return true; });  // caller
//
// Memory is bounded: at most 2 * jobs results are produced and not yet
// consumed, so a slow consumer stalls the producers instead of piling up
// results. consume returning false stops the run: no index after it is
// started (those already running finish and are dropped).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace lg::tools {

// `jobs` <= 1 runs produce and consume alternately on the calling thread,
// with no thread started: the plain sequential loop.
template <typename T>
void OrderedParallel(size_t n, int jobs, const std::function<T(size_t)>& produce,
                     const std::function<bool(size_t, T&)>& consume) {
  if (jobs <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) {
      T result = produce(i);
      if (!consume(i, result)) return;
    }
    return;
  }
  const size_t window = 2 * static_cast<size_t>(jobs);
  std::mutex mu;
  std::condition_variable changed;
  // Index i waits in slots[i % window]: it is claimed only once index
  // i - window has been consumed, so its slot is free again by then.
  std::vector<std::optional<T>> slots(window);
  size_t next = 0;      // the next index a producer claims
  size_t consumed = 0;  // indices below it are consumed
  bool stop = false;

  auto producer = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n) return;
        i = next++;
      }
      T result = produce(i);
      {
        std::lock_guard lock(mu);
        slots[i % window].emplace(std::move(result));
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs && size_t(t) < n; ++t) threads.emplace_back(producer);

  for (size_t i = 0; i < n; ++i) {
    std::optional<T> result;
    {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return slots[i % window].has_value(); });
      result.swap(slots[i % window]);
    }
    const bool go_on = consume(i, *result);
    result.reset();  // before the slot's next owner is started
    {
      std::lock_guard lock(mu);
      ++consumed;
      stop = !go_on;
    }
    changed.notify_all();
    if (!go_on) break;
  }
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  changed.notify_all();
  for (std::thread& t : threads) t.join();
}

}  // namespace lg::tools
