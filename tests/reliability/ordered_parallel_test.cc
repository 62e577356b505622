// tools/ordered_parallel.h: what `litgraph ingest -j N` relies on for a store
// that is the same whatever N is: results consumed in input order, a bounded
// number in memory, and no index started after the consumer stops.
#include "tools/ordered_parallel.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using lg::tools::OrderedParallel;

TEST_CASE("OrderedParallel consumes in input order with a bounded window",
          "[reliability]") {
  for (int jobs : {1, 2, 4}) {
    INFO("jobs " << jobs);
    std::atomic<int> alive{0}, most_alive{0};
    std::vector<size_t> order;
    const size_t n = 40;
    OrderedParallel<std::string>(
        n, jobs,
        [&](size_t i) {
          int now = ++alive;
          for (int seen = most_alive;
               now > seen && !most_alive.compare_exchange_weak(seen, now);) {
          }
          // Later indices finish first, so results arrive out of order.
          std::this_thread::sleep_for(std::chrono::microseconds(200 * ((n - i) % 5)));
          return "r" + std::to_string(i);
        },
        [&](size_t i, std::string& r) {
          CHECK(r == "r" + std::to_string(i));
          order.push_back(i);
          --alive;  // the result is dropped after this
          std::this_thread::sleep_for(std::chrono::microseconds(300));
          return true;
        });
    REQUIRE(order.size() == n);
    for (size_t i = 0; i < n; ++i) CHECK(order[i] == i);
    // Produced and not yet consumed, counting those in production.
    CHECK(most_alive <= 2 * jobs);
    if (jobs > 1) CHECK(most_alive > 1);
  }
}

TEST_CASE("OrderedParallel starts nothing far past the index that stopped it",
          "[reliability]") {
  for (int jobs : {1, 3}) {
    INFO("jobs " << jobs);
    std::atomic<size_t> highest{0};
    std::vector<size_t> consumed;
    OrderedParallel<size_t>(
        1000, jobs,
        [&](size_t i) {
          for (size_t seen = highest;
               i > seen && !highest.compare_exchange_weak(seen, i);) {
          }
          return i;
        },
        [&](size_t i, size_t& r) {
          CHECK(r == i);
          consumed.push_back(i);
          return i < 7;  // index 7 is bad
        });
    CHECK(consumed == std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7});
    // The window: at most 2 * jobs indices past the last consumed one.
    CHECK(highest <= size_t(7 + 2 * jobs));
    if (jobs == 1) CHECK(highest == 7);
  }
}
