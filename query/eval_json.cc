#include "query/eval_json.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace lg::query::eval {
namespace {

Json Convert(const rapidjson::Value& v) {
  Json out;
  switch (v.GetType()) {
    case rapidjson::kNullType:
      break;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      out.type = Json::Type::kBool;
      out.boolean = v.GetBool();
      break;
    case rapidjson::kNumberType:
      out.type = Json::Type::kNumber;
      out.number = v.GetDouble();
      out.integer = v.IsInt64() || v.IsUint64();
      break;
    case rapidjson::kStringType:
      out.type = Json::Type::kString;
      out.str.assign(v.GetString(), v.GetStringLength());
      break;
    case rapidjson::kArrayType:
      out.type = Json::Type::kArray;
      out.items.reserve(v.Size());
      for (const auto& x : v.GetArray()) out.items.push_back(Convert(x));
      break;
    case rapidjson::kObjectType:
      out.type = Json::Type::kObject;
      out.members.reserve(v.MemberCount());
      for (const auto& m : v.GetObject()) {
        std::string key(m.name.GetString(), m.name.GetStringLength());
        Json value = Convert(m.value);
        bool replaced = false;  // a repeated key keeps the last value, as Python does
        for (auto& [k, old] : out.members) {
          if (k == key) {
            old = std::move(value);
            replaced = true;
            break;
          }
        }
        if (!replaced) out.members.push_back({std::move(key), std::move(value)});
      }
      break;
  }
  return out;
}

}  // namespace

const Json* Json::Find(std::string_view key) const {
  if (type != Type::kObject) return nullptr;
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Json::Str(std::string_view key) const {
  const Json* v = Find(key);
  return v && v->IsString() ? v->str : std::string();
}

bool Json::Truthy() const {
  switch (type) {
    case Type::kNull:
      return false;
    case Type::kBool:
      return boolean;
    case Type::kNumber:
      return number != 0;
    case Type::kString:
      return !str.empty();
    case Type::kArray:
      return !items.empty();
    case Type::kObject:
      return !members.empty();
  }
  return false;
}

bool Json::Blank() const {
  return IsNull() || (IsString() && str.empty()) || (IsArray() && items.empty());
}

std::string Json::ScalarText() const {
  switch (type) {
    case Type::kString:
      return str;
    case Type::kBool:
      return boolean ? "True" : "False";
    case Type::kNumber: {
      char buf[64];
      if (integer) {
        std::snprintf(buf, sizeof buf, "%.0f", number);
        return buf;
      }
      // Python's repr: shortest text that reads back; 5.0 keeps its ".0".
      for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, number);
        if (std::strtod(buf, nullptr) == number) break;
      }
      std::string s = buf;
      if (s.find_first_of(".en") == std::string::npos) s += ".0";
      return s;
    }
    default:
      return "";
  }
}

Result<Json> ParseJson(std::string_view text, const std::string& what) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return Status::InvalidArgument("query: " + what + ": invalid JSON at offset " +
                                   std::to_string(doc.GetErrorOffset()) + ": " +
                                   rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return Convert(doc);
}

std::vector<const Json*> AsList(const Json* v) {
  std::vector<const Json*> out;
  if (v == nullptr || v->IsNull()) return out;
  if (v->IsArray()) {
    for (const Json& x : v->items) out.push_back(&x);
  } else {
    out.push_back(v);
  }
  return out;
}

namespace {
bool NotBlank(const std::string& s) {
  for (unsigned char c : s) {
    if (!std::isspace(c)) return true;
  }
  return false;
}
}  // namespace

std::vector<std::string> Strings(const Json* v) {
  std::vector<std::string> out;
  for (const Json* x : AsList(v)) {
    if (x->IsString()) {
      if (NotBlank(x->str)) out.push_back(x->str);
    } else if (x->IsNumber()) {
      out.push_back(x->ScalarText());
    } else if (x->IsObject()) {
      for (const char* k : {"name", "text", "label", "value", "id"}) {
        const Json* s = x->Find(k);
        if (s && s->IsString() && NotBlank(s->str)) {
          out.push_back(s->str);
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace lg::query::eval
