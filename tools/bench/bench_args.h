// Command-line numbers for the benchmark tools (tools/bench/).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace lg::bench {

// A decimal count: digits only (no sign, no exponent), within uint64_t.
inline bool ParseU64(const char* text, uint64_t* out) {
  if (text == nullptr) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-') return false;
  *out = v;
  return true;
}

}  // namespace lg::bench
