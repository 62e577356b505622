// JsonOut: the one JSON writer of the project (the query formatters, the
// JSONL export, CLI, server and bench output), so that only query/json_out.cc
// sees RapidJSON (owned by query/). Keys keep insertion order, which makes
// output deterministic.
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
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

  // Shorthands: Key(key).String(value), and so on.
  JsonOut& KeyString(std::string_view key, std::string_view value);
  JsonOut& KeyStringOrNull(std::string_view key, std::string_view value);
  JsonOut& StringList(const std::vector<std::string>& items);       // an array
  JsonOut& StringMap(const std::map<std::string, std::string>& m);  // an object

  // The text written so far.
  std::string str() const;
  std::string_view view() const;
  // Forgets the text, to write the next value (a JSONL line) with no allocation.
  void Clear();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `s` as a JSON string literal, quotes included, escaped as JsonOut escapes.
std::string JsonString(std::string_view s);

}  // namespace lg::query
