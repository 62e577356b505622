#include "query/tabular.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

namespace lg::query {
namespace {

using Value = rapidjson::Value;

bool IsScalar(const Value& v) { return !v.IsObject() && !v.IsArray(); }

std::string Compact(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The cell of a string, number, boolean or null.
std::string Scalar(const Value& v) {
  if (v.IsNull()) return "";
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  return Compact(v);  // a number as the JSON prints it
}

std::string KeyOf(const Value::ConstMemberIterator& m) {
  return std::string(m->name.GetString(), m->name.GetStringLength());
}

enum class ListKind { kEmpty, kScalars, kObjects, kJson };

ListKind Merge(ListKind a, ListKind b) {
  if (a == ListKind::kEmpty) return b;
  if (b == ListKind::kEmpty || a == b) return a;
  return ListKind::kJson;
}

bool FlatObject(const Value& v) {
  if (!v.IsObject()) return false;
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    if (!IsScalar(m->value)) return false;
  }
  return true;
}

ListKind KindOf(const Value& list) {
  ListKind kind = ListKind::kEmpty;
  for (const Value& e : list.GetArray()) {
    kind = Merge(kind, IsScalar(e)     ? ListKind::kScalars
                       : FlatObject(e) ? ListKind::kObjects
                                       : ListKind::kJson);
  }
  return kind;
}

using Emit = std::function<void(const std::string& column, std::string cell)>;

class Flattener {
 public:
  // Pass 1: the kind of every list, over all records.
  void Learn(const Value& object, const std::string& prefix) {
    for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
      const std::string column = prefix + KeyOf(m);
      if (m->value.IsObject()) {
        Learn(m->value, column + ".");
      } else if (m->value.IsArray()) {
        ListKind& kind = lists_[column];
        kind = Merge(kind, KindOf(m->value));
      }
    }
  }

  // Pass 2: the cells of one record, column by column.
  void Cells(const Value& object, const std::string& prefix, const Emit& emit) const {
    for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
      const std::string column = prefix + KeyOf(m);
      const Value& v = m->value;
      if (v.IsObject()) {
        Cells(v, column + ".", emit);
        continue;
      }
      if (!v.IsArray()) {
        emit(column, Scalar(v));
        continue;
      }
      auto it = lists_.find(column);
      const ListKind kind = it == lists_.end() ? ListKind::kEmpty : it->second;
      if (kind == ListKind::kJson) {
        emit(column, Compact(v));
      } else if (kind == ListKind::kObjects) {
        std::vector<std::string> keys;  // the elements' keys, first seen first
        for (const Value& e : v.GetArray()) {
          for (auto k = e.MemberBegin(); k != e.MemberEnd(); ++k) {
            std::string key = KeyOf(k);
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
              keys.push_back(key);
          }
        }
        for (const std::string& key : keys) {
          std::string cell;
          bool first = true;
          for (const Value& e : v.GetArray()) {
            if (!first) cell += ';';
            first = false;
            auto f = e.FindMember(key.c_str());
            if (f != e.MemberEnd()) cell += Scalar(f->value);
          }
          emit(column + "." + key, std::move(cell));
        }
      } else {  // strings and numbers, or a list empty in every record
        std::string cell;
        bool first = true;
        for (const Value& e : v.GetArray()) {
          if (!first) cell += ';';
          first = false;
          cell += Scalar(e);
        }
        emit(column, std::move(cell));
      }
    }
  }

 private:
  std::map<std::string, ListKind> lists_;
};

void AppendCell(std::string_view cell, Delimited format, std::string* out) {
  if (format == Delimited::kTsv) {
    for (char c : cell) *out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
    return;
  }
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    *out += cell;
    return;
  }
  *out += '"';
  for (char c : cell) {
    if (c == '"') *out += '"';
    *out += c;
  }
  *out += '"';
}

void AppendRow(const std::vector<std::string>& cells, Delimited format,
               std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) *out += format == Delimited::kTsv ? '\t' : ',';
    AppendCell(cells[i], format, out);
  }
  *out += format == Delimited::kTsv ? "\n" : "\r\n";
}

}  // namespace

Result<std::string> DelimitedRows(std::string_view json, std::string_view list_key,
                                  Delimited format) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  const std::string key(list_key);
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember(key.c_str()) ||
      !doc[key.c_str()].IsArray()) {
    return Status::InvalidArgument("query: no list '" + key +
                                   "' in the answer to tabulate");
  }
  const Value& records = doc[key.c_str()];
  Flattener flat;
  for (const Value& r : records.GetArray()) {
    if (!r.IsObject()) {
      return Status::InvalidArgument("query: a record of '" + key + "' is not an object");
    }
    flat.Learn(r, "");
  }
  std::vector<std::string> columns;
  std::map<std::string, size_t> index;
  std::vector<std::map<std::string, std::string>> rows;
  for (const Value& r : records.GetArray()) {
    auto& row = rows.emplace_back();
    flat.Cells(r, "", [&](const std::string& column, std::string cell) {
      if (index.emplace(column, columns.size()).second) columns.push_back(column);
      row[column] = std::move(cell);
    });
  }
  std::string out;
  if (rows.empty()) return out;  // no record, no columns to name
  AppendRow(columns, format, &out);
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    cells.reserve(columns.size());
    for (const std::string& c : columns) {
      auto it = row.find(c);
      cells.push_back(it == row.end() ? "" : it->second);
    }
    AppendRow(cells, format, &out);
  }
  return out;
}

}  // namespace lg::query
