// A small owned JSON value for the scorer (query/eval): the gold files and the
// JSONL export records are read into it, so that the matching code can look up
// the many alternative keys the reference scorer accepts without carrying
// RapidJSON types. Internal to query/eval.
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/status.h"

namespace lg::query::eval {

struct JsonMember;

struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  bool integer = false;  // a number written without fraction or exponent
  std::string str;
  std::vector<Json> items;          // kArray
  std::vector<JsonMember> members;  // kObject, in file order

  bool IsNull() const { return type == Type::kNull; }
  bool IsString() const { return type == Type::kString; }
  bool IsNumber() const { return type == Type::kNumber; }
  bool IsArray() const { return type == Type::kArray; }
  bool IsObject() const { return type == Type::kObject; }
  // nullptr when not an object or the key is absent.
  const Json* Find(std::string_view key) const;
  // Find(key) when it is a string, else "".
  std::string Str(std::string_view key) const;
  // Python truthiness: null, false, 0, "", [] and {} are false.
  bool Truthy() const;
  // "None / '' / []": the values score.py treats as absent.
  bool Blank() const;
  // str() of a scalar as Python prints it: 5 -> "5", 5.5 -> "5.5".
  std::string ScalarText() const;
};

// A key and its value. Not a std::pair: a pair of an incomplete type does not
// compile under clang with libstdc++.
struct JsonMember {
  std::string key;
  Json value;
};

// Parses one JSON text. Error: InvalidArgument "query: WHAT: invalid JSON at
// offset N: <reason>".
Result<Json> ParseJson(std::string_view text, const std::string& what);

// score.py's as_list: null -> [], an array -> its items, else [v].
std::vector<const Json*> AsList(const Json* v);
// score.py's strings(): the non-blank strings of a value (a string, numbers as
// text, a list of them, objects by name/text/label/value/id).
std::vector<std::string> Strings(const Json* v);

}  // namespace lg::query::eval
