// JSON text for the benchmark tools' --json outputs (tools/bench/). The tools
// print their objects with printf; this is the one string escaper they share.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace lg::bench {

// `s` as a JSON string literal, quotes included: '"' and '\' escaped, control
// bytes as \u00XX; other bytes (UTF-8 included) as they are.
inline std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace lg::bench
