// JsonOut: a small streaming JSON writer for CLI and server output, so that
// tools/ never sees RapidJSON (owned by query/). Keys keep insertion order,
// which makes output deterministic.
//
//   JsonOut j;
//   j.StartObject();
//   j.Key("format").Int(1);
//   j.Key("ids").StartArray(); j.String("a"); j.EndArray();
//   j.EndObject();
//   std::cout << j.str();
//
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace lg::query {

class JsonOut {
 public:
  JsonOut();
  ~JsonOut();
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  JsonOut& StartObject();
  JsonOut& EndObject();
  JsonOut& StartArray();
  JsonOut& EndArray();
  JsonOut& Key(std::string_view key);
  JsonOut& String(std::string_view value);
  JsonOut& StringOrNull(std::string_view value);  // null when empty
  JsonOut& Int(int64_t value);
  JsonOut& Uint(uint64_t value);
  JsonOut& Double(double value);
  JsonOut& Bool(bool value);
  JsonOut& Null();

  // The text written so far.
  std::string str() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::query
