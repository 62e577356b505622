#include "query/eval_gold.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "graph/model.h"
#include "query/eval.h"

namespace lg::query {

std::string NormalizeGoldText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  auto put = [&](char c) {
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    auto rest = s.substr(i);
    if (c == '*') {
      ++i;
    } else if (rest.substr(0, 3) == "<i>") {
      i += 3;
    } else if (rest.substr(0, 4) == "</i>") {
      i += 4;
    } else if (rest.substr(0, 2) == "::") {
      put('-');
      i += 2;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
               c == '\v') {
      space = true;
      ++i;
    } else if (c == 0xC2 && rest.size() >= 2 && (unsigned char)rest[1] == 0xA0) {
      space = true;
      i += 2;
    } else if (c == 0xE2 && rest.size() >= 3) {
      unsigned char c1 = rest[1], c2 = rest[2];
      if (c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95) {
        put('-');  // U+2010..U+2015 dashes
      } else if (c1 == 0x88 && c2 == 0x92) {
        put('-');  // U+2212 minus
      } else if (c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xAF)) {
        space = true;  // U+2000..U+200A, U+202F
      } else if (c1 == 0x80 && (c2 == 0x98 || c2 == 0x99)) {
        put('\'');
      } else if (c1 == 0x80 && (c2 == 0x9C || c2 == 0x9D)) {
        put('"');
      } else {
        put(char(c));
        out += rest[1];
        out += rest[2];
      }
      i += 3;
    } else {
      put(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : char(c));
      ++i;
    }
  }
  return out;
}

namespace gold {

// The match key: README normalisation, then separators (space, '-', '/',
// '::', '_') folded as in graph::NormalizeAlias.
std::string Key(std::string_view s) {
  return graph::NormalizeAlias(NormalizeGoldText(s));
}

// First decimal number in `s` ("~70", "46.1%"), if any.
std::optional<double> ParseNumber(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && !(s[i] >= '0' && s[i] <= '9')) ++i;
  if (i == s.size()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + s.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

namespace {

using JValue = rapidjson::Value;

// Gold values are strings, numbers or null; all read as text ("" for null).
std::string Str(const JValue& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return "";
  const JValue& v = it->value;
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) return FormatNumber(v.GetDouble());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  return "";
}

std::optional<double> Num(const JValue& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsNumber()) return it->value.GetDouble();
  if (it->value.IsString()) return ParseNumber(it->value.GetString());
  return std::nullopt;
}

bool Bool(const JValue& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

bool Has(const JValue& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && !it->value.IsNull();
}

std::vector<std::string> Strs(const JValue& obj, const char* key) {
  std::vector<std::string> out;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return out;
  if (it->value.IsString()) {
    out.emplace_back(it->value.GetString(), it->value.GetStringLength());
    return out;
  }
  if (!it->value.IsArray()) return out;
  for (const JValue& v : it->value.GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
    if (v.IsNumber())
      out.push_back(v.IsInt64() ? std::to_string(v.GetInt64())
                                : FormatNumber(v.GetDouble()));
  }
  return out;
}

// Reads the array `key` of objects; `required` keys must be present.
class GoldReader {
 public:
  GoldReader(const std::string& path, const JValue& root) : path_(path), root_(root) {}

  Status Objects(const char* key, bool required, std::vector<const JValue*>* out) const {
    auto it = root_.FindMember(key);
    if (it == root_.MemberEnd() || it->value.IsNull()) {
      if (required) {
        return Status::InvalidArgument("query: " + path_ + ": missing key '" + key + "'");
      }
      return Status::Ok();
    }
    if (!it->value.IsArray()) {
      return Status::InvalidArgument("query: " + path_ + ": '" + key +
                                     "' is not an array");
    }
    size_t i = 0;
    for (const JValue& v : it->value.GetArray()) {
      if (!v.IsObject()) {
        return Status::InvalidArgument("query: " + path_ + ": " + key + "[" +
                                       std::to_string(i) + "] is not an object");
      }
      out->push_back(&v);
      ++i;
    }
    return Status::Ok();
  }

 private:
  const std::string& path_;
  const JValue& root_;
};

GoldFrequency ReadFrequency(const JValue& f, const std::string& owner) {
  GoldFrequency g;
  g.owner = owner;
  g.value = Num(f, "value_percent").value_or(0);
  g.value_max = Num(f, "value_max_percent");
  g.population = Str(f, "population");
  g.refs = Strs(f, "refs");
  g.refs_context = Strs(f, "refs_context");
  return g;
}

void IndexTrial(GoldTrial* t) {
  for (const auto& r : t->registry_ids) t->reg_keys.insert(Key(r));
  for (const auto& n : t->names) t->name_keys.insert(Key(n));
  for (const auto& n : t->other_names) t->name_keys.insert(Key(n));
  std::string id = Key(t->id);
  if (!t->reg_keys.count(id)) t->name_keys.insert(id);
  t->all_keys = t->reg_keys;
  t->all_keys.insert(t->name_keys.begin(), t->name_keys.end());
}

}  // namespace

Result<Gold> LoadGold(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("query: " + path + ": cannot read: " + std::strerror(errno));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();

  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError()) {
    return Status::InvalidArgument("query: " + path + ": invalid JSON at offset " +
                                   std::to_string(doc.GetErrorOffset()) + ": " +
                                   rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) {
    return Status::InvalidArgument("query: " + path + ": top level is not an object");
  }
  GoldReader reader(path, doc);
  Gold gold;
  gold.source = Str(doc, "source");

  std::vector<const JValue*> items;
  LG_RETURN_IF_ERROR(reader.Objects("genes", true, &items));
  for (const JValue* v : items) {
    gold.genes.push_back(
        {Str(*v, "symbol"), Strs(*v, "aliases_in_text"), Bool(*v, "core")});
    auto freq = v->FindMember("frequency");
    if (freq != v->MemberEnd() && freq->value.IsArray()) {
      for (const JValue& f : freq->value.GetArray()) {
        if (f.IsObject()) gold.other_freqs.push_back(ReadFrequency(f, Str(*v, "symbol")));
      }
    }
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("gene_families", false, &items));
  for (const JValue* v : items) {
    gold.families.push_back(
        {Str(*v, "id"), Strs(*v, "aliases_in_text"), Strs(*v, "members")});
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("fusions", true, &items));
  for (const JValue* v : items) {
    GoldFusion f{Str(*v, "id"), Strs(*v, "aliases_in_text"), Bool(*v, "implicit")};
    auto freq = v->FindMember("frequency");
    if (freq != v->MemberEnd() && freq->value.IsArray()) {
      for (const JValue& x : freq->value.GetArray()) {
        if (x.IsObject()) gold.fusion_freqs.push_back(ReadFrequency(x, f.id));
      }
    }
    gold.fusions.push_back(std::move(f));
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("other_frequencies", false, &items));
  for (const JValue* v : items) {
    gold.other_freqs.push_back(ReadFrequency(*v, Str(*v, "feature")));
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("drugs", true, &items));
  for (const JValue* v : items) {
    gold.drugs.push_back({Str(*v, "name"), Strs(*v, "aliases_in_text")});
  }
  gold.class_names = Strs(doc, "drug_classes");
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("regimens", false, &items));
  for (const JValue* v : items) gold.class_names.push_back(Str(*v, "name"));
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("targets", true, &items));
  for (const JValue* v : items) {
    GoldTarget t;
    t.drug = Str(*v, "drug");
    t.drug_kind = Str(*v, "drug_kind");
    t.target = Str(*v, "target");
    t.strength = Str(*v, "strength");
    t.members = Strs(*v, "target_members");
    t.refs = Strs(*v, "refs");
    t.refs_context = Strs(*v, "refs_context");
    t.core = Bool(*v, "core");
    if (t.drug_kind == "class") gold.class_names.push_back(t.drug);
    gold.targets.push_back(std::move(t));
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("trials", true, &items));
  for (const JValue* v : items) {
    GoldTrial t;
    t.id = Str(*v, "id");
    t.registry_ids = Strs(*v, "registry_ids");
    t.names = Strs(*v, "names");
    t.other_names = Strs(*v, "names_from_reference_titles");
    for (auto& n : Strs(*v, "canonical_aliases")) t.other_names.push_back(n);
    t.phase = Str(*v, "phase");
    t.phase_alt = Strs(*v, "phase_alt");
    t.status = Str(*v, "status");
    t.status_inferred = Has(*v, "status_strength");
    t.name_inferred = Str(*v, "name_strength") == "inferred";
    IndexTrial(&t);
    gold.trials.push_back(std::move(t));
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("outcomes", true, &items));
  for (const JValue* v : items) {
    GoldOutcome o;
    o.measure = Str(*v, "measure");
    o.value = Num(*v, "value_percent").value_or(0);
    o.value_max = Num(*v, "value_max_percent");
    auto alt = v->FindMember("alt_values");
    if (alt != v->MemberEnd() && alt->value.IsArray()) {
      for (const JValue& a : alt->value.GetArray()) {
        if (a.IsNumber()) o.alt_values.push_back(a.GetDouble());
      }
    }
    o.cohort = Str(*v, "trial_or_cohort");
    o.horizon = Str(*v, "horizon");
    o.cohort_keys = Strs(*v, "cohort_keys");
    o.refs = Strs(*v, "refs");
    o.refs_context = Strs(*v, "refs_context");
    o.quotes = Strs(*v, "quote");
    for (auto& q : Strs(*v, "quote_alt")) o.quotes.push_back(q);
    o.inferred = Str(*v, "strength") == "inferred";
    gold.outcomes.push_back(std::move(o));
  }
  items.clear();
  LG_RETURN_IF_ERROR(reader.Objects("references", true, &items));
  for (const JValue* v : items) {
    gold.references.push_back({Str(*v, "n"), Str(*v, "first_author"), Str(*v, "title"),
                               Str(*v, "journal"), Str(*v, "year"), Str(*v, "kind"),
                               Str(*v, "url"), Str(*v, "registry_id")});
  }
  return gold;
}

}  // namespace gold
}  // namespace lg::query
