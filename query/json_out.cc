#include "query/json_out.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace lg::query {

struct JsonOut::Impl {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer{buffer};
};

JsonOut::JsonOut() : impl_(std::make_unique<Impl>()) {}
JsonOut::~JsonOut() = default;

JsonOut& JsonOut::StartObject() {
  impl_->writer.StartObject();
  return *this;
}
JsonOut& JsonOut::EndObject() {
  impl_->writer.EndObject();
  return *this;
}
JsonOut& JsonOut::StartArray() {
  impl_->writer.StartArray();
  return *this;
}
JsonOut& JsonOut::EndArray() {
  impl_->writer.EndArray();
  return *this;
}
JsonOut& JsonOut::Key(std::string_view key) {
  impl_->writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  return *this;
}
JsonOut& JsonOut::String(std::string_view value) {
  impl_->writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  return *this;
}
JsonOut& JsonOut::StringOrNull(std::string_view value) {
  return value.empty() ? Null() : String(value);
}
JsonOut& JsonOut::Int(int64_t value) {
  impl_->writer.Int64(value);
  return *this;
}
JsonOut& JsonOut::Uint(uint64_t value) {
  impl_->writer.Uint64(value);
  return *this;
}
JsonOut& JsonOut::Double(double value) {
  impl_->writer.Double(value);
  return *this;
}
JsonOut& JsonOut::Bool(bool value) {
  impl_->writer.Bool(value);
  return *this;
}
JsonOut& JsonOut::Null() {
  impl_->writer.Null();
  return *this;
}
JsonOut& JsonOut::KeyString(std::string_view key, std::string_view value) {
  return Key(key).String(value);
}
JsonOut& JsonOut::KeyStringOrNull(std::string_view key, std::string_view value) {
  return Key(key).StringOrNull(value);
}
JsonOut& JsonOut::StringList(const std::vector<std::string>& items) {
  StartArray();
  for (const std::string& s : items) String(s);
  return EndArray();
}
JsonOut& JsonOut::StringMap(const std::map<std::string, std::string>& m) {
  StartObject();
  for (const auto& [k, v] : m) KeyString(k, v);
  return EndObject();
}
std::string JsonOut::str() const { return std::string(view()); }
std::string_view JsonOut::view() const {
  return std::string_view(impl_->buffer.GetString(), impl_->buffer.GetSize());
}
void JsonOut::Clear() {
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
}

std::string JsonString(std::string_view s) {
  JsonOut j;
  j.String(s);
  return j.str();
}

}  // namespace lg::query
