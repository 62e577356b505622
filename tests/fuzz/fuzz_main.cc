// libFuzzer entry point for one harness, chosen at compile time by
// LG_FUZZ_HARNESS (a function of tests/fuzz/harnesses.h).
#include "tests/fuzz/harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lg::fuzz::LG_FUZZ_HARNESS(data, size);
  return 0;
}
