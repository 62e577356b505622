// Replays every saved fuzz input (seeds, and each crash the fuzzers found)
// through its harness in the ordinary and the sanitizer builds.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/fuzz/harnesses.h"
#include "tests/testing.h"

TEST_CASE("every saved fuzz input runs through its harness", "[reliability][fuzz]") {
  namespace fs = std::filesystem;
  for (const auto& harness : lg::fuzz::AllHarnesses()) {
    fs::path dir = fs::path(LG_SOURCE_DIR) / "tests/fuzz/corpus" / harness.name;
    REQUIRE(fs::is_directory(dir));
    int inputs = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string bytes = lg::testing::ReadFileOrDie(entry.path().string());
      INFO(harness.name << ": " << entry.path().filename().string());
      harness.fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
    CHECK(inputs >= 3);
  }
}
