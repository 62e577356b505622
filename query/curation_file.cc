#include "query/curation_file.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <set>

#include "graph/model.h"
#include "graph/store/curated.h"

namespace lg::query {
namespace {

using graph::CurationAction;

// A RapidJSON input stream over a string that counts lines.
class LineStream {
 public:
  using Ch = char;
  explicit LineStream(std::string_view text) : text_(text) {}
  Ch Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  Ch Take() {
    if (pos_ >= text_.size()) return '\0';
    char c = text_[pos_++];
    if (c == '\n') ++line_;
    return c;
  }
  size_t Tell() const { return pos_; }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }
  int line() const { return line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

// Which fields an action takes.
struct ActionFields {
  std::vector<std::string> required;
  std::vector<std::string> optional;
};
const ActionFields& FieldsOf(CurationAction action) {
  static const ActionFields kReject{{"fact", "reason"}, {"curator"}};
  static const ActionFields kAccept{{"fact"}, {"reason", "curator"}};
  static const ActionFields kAdd{{"subject", "predicate", "object", "source", "quote"},
                                 {"refs", "reason", "curator"}};
  static const ActionFields kAlias{{"alias", "entity"}, {"reason", "curator"}};
  static const ActionFields kUnalias{{"alias"}, {"reason", "curator"}};
  switch (action) {
    case CurationAction::kReject:
      return kReject;
    case CurationAction::kAccept:
      return kAccept;
    case CurationAction::kAdd:
      return kAdd;
    case CurationAction::kAlias:
      return kAlias;
    case CurationAction::kUnalias:
      return kUnalias;
  }
  return kReject;
}

// SAX handler: [ {"key": "string" | ["ref", 12, ...], ...}, ... ].
class Handler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
 public:
  Handler(const LineStream& stream, std::string prefix)
      : stream_(stream), prefix_(std::move(prefix)) {}

  bool StartArray() {
    if (depth_ == 0) return ++depth_, true;
    if (depth_ == 1) return NotAnObject();  // [[...]]: a decision that is a list
    if (depth_ == 2 && key_ == "refs") return ++depth_, true;
    return Fail(FieldError("must be a string"));
  }
  bool EndArray(rapidjson::SizeType) { return --depth_, true; }
  bool StartObject() {
    if (depth_ == 0)
      return Fail(Error(stream_.line(),
                        "the file must be a JSON array of "
                        "decision objects"));
    if (depth_ == 1) {
      ++depth_;
      current_ = Decision{};
      current_.line = stream_.line();
      return true;
    }
    return Fail(FieldError(depth_ == 3 ? "must be a list of reference numbers"
                                       : "must be a string"));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key_.assign(s, n);
    if (current_.lines.count(key_)) {
      return Fail(Error(stream_.line(), "field '" + key_ + "' is given twice"));
    }
    current_.lines[key_] = stream_.line();
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    return Finish();
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 3) return current_.refs.emplace_back(s, n), true;
    if (depth_ == 2) {
      if (key_ == "refs") return Fail(FieldError("must be a list of reference numbers"));
      current_.fields[key_].assign(s, n);
      return true;
    }
    return NotAnObject();
  }
  bool Uint(unsigned n) {
    if (depth_ == 3) return current_.refs.push_back(std::to_string(n)), true;
    return Scalar();
  }
  bool Int(int) { return Scalar(); }
  bool Int64(int64_t) { return Scalar(); }
  bool Uint64(uint64_t) { return Scalar(); }
  bool Double(double) { return Scalar(); }
  bool Bool(bool) { return Scalar(); }
  bool Null() { return Scalar(); }

  std::vector<Decision> decisions;
  std::string error;

 private:
  std::string Error(int line, const std::string& why) const {
    return prefix_ + " line " + std::to_string(line) + ": " + why;
  }
  std::string FieldError(const std::string& why) const {
    return Error(stream_.line(), "field '" + key_ + "' " + why);
  }
  bool Fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }
  bool NotAnObject() {
    if (depth_ == 0) {
      return Fail(
          Error(stream_.line(), "the file must be a JSON array of decision objects"));
    }
    return Fail(Error(stream_.line(), "decision " + std::to_string(decisions.size() + 1) +
                                          " is not an object"));
  }
  bool Scalar() {
    if (depth_ == 3) return Fail(FieldError("must be a list of reference numbers"));
    if (depth_ == 2) {
      return Fail(FieldError(key_ == "refs" ? "must be a list of reference numbers"
                                            : "must be a string"));
    }
    return NotAnObject();
  }

  // Checks the finished object's action and fields.
  bool Finish() {
    Decision& d = current_;
    auto action = d.fields.find("action");
    if (action == d.fields.end()) {
      return Fail(Error(d.line, "field 'action' is required"));
    }
    if (!CurationActionFromName(action->second, &d.action)) {
      return Fail(Error(d.lines["action"],
                        "field 'action' must be reject, accept, add, "
                        "alias or unalias, got '" +
                            action->second + "'"));
    }
    const ActionFields& spec = FieldsOf(d.action);
    std::string name(graph::CurationActionName(d.action));
    for (const auto& [field, line] : d.lines) {
      if (field == "action") continue;
      bool known = std::count(spec.required.begin(), spec.required.end(), field) +
                   std::count(spec.optional.begin(), spec.optional.end(), field);
      if (!known) return Fail(Error(line, "unknown field '" + field + "' for " + name));
    }
    for (const std::string& field : spec.required) {
      auto it = d.fields.find(field);
      if (it == d.fields.end() || it->second.empty()) {
        int line = it == d.fields.end() ? d.line : d.lines[field];
        return Fail(Error(line, "field '" + field + "' is required for " + name));
      }
    }
    d.fields.erase("action");
    decisions.push_back(std::move(d));
    return true;
  }

  const LineStream& stream_;
  std::string prefix_;
  int depth_ = 0;
  std::string key_;
  Decision current_;
};

std::string Where(const PlanOptions& options, const Decision& d,
                  const std::string& field) {
  if (d.line == 0) return options.origin + ": ";
  auto it = d.lines.find(field);
  int line = it == d.lines.end() ? d.line : it->second;
  return options.origin + " line " + std::to_string(line) + ": field '" + field + "': ";
}

// Turns what a curator typed into an entity id: a well-formed id as is
// (when `must_exist`, only if the store has it), else a name or alias that
// names exactly one entity.
Result<std::string> ResolveId(const graph::Store& view, const std::string& text,
                              bool must_exist, const std::string& where) {
  if (graph::ParseEntityId(text).ok()) {
    if (!must_exist) return text;
    auto entity = view.GetEntity(text);
    if (entity.ok()) return text;
    if (entity.status().code() != Status::Code::kNotFound) return entity.status();
    return Status::NotFound(where + "no entity '" + text + "' in the store");
  }
  LG_ASSIGN_OR_RETURN(std::vector<std::string> ids, view.LookupAlias(text));
  if (ids.size() == 1) return ids.front();
  if (ids.empty()) {
    return Status::NotFound(where + "unknown entity '" + text +
                            "'; give a name the store knows or a canonical id "
                            "(gene:KMT2A, drug:revumenib)");
  }
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
  return Status::InvalidArgument(where + "'" + text + "' is ambiguous: " + list +
                                 "; give a canonical id");
}

}  // namespace

std::string Decision::Get(const std::string& field) const {
  auto it = fields.find(field);
  return it == fields.end() ? "" : it->second;
}

bool CurationActionFromName(std::string_view name, graph::CurationAction* action) {
  for (CurationAction a :
       {CurationAction::kReject, CurationAction::kAccept, CurationAction::kAdd,
        CurationAction::kAlias, CurationAction::kUnalias}) {
    if (graph::CurationActionName(a) == name) {
      *action = a;
      return true;
    }
  }
  return false;
}

const std::vector<std::string_view>& KnownPredicates() {
  namespace p = graph::pred;
  static const std::vector<std::string_view> kAll = {
      p::kInhibits, p::kTargets,   p::kBinds,     p::kAntagonises,
      p::kMemberOf, p::kInvolves,  p::kDependsOn, p::kOverexpresses,
      p::kTests,    p::kFrequency, p::kOutcome,   p::kActiveIn};
  return kAll;
}

Result<std::vector<Decision>> ParseCurationFile(std::string_view text,
                                                std::string_view name) {
  std::string prefix = "curate apply: " + std::string(name);
  LineStream stream(text);
  Handler handler(stream, prefix);
  rapidjson::Reader reader;
  rapidjson::ParseResult ok = reader.Parse(stream, handler);
  if (!handler.error.empty()) return Status::InvalidArgument(handler.error);
  if (ok.IsError()) {
    int line = 1;
    for (size_t i = 0; i < ok.Offset() && i < text.size(); ++i) line += text[i] == '\n';
    return Status::InvalidArgument(
        prefix + " line " + std::to_string(line) +
        ": invalid JSON: " + rapidjson::GetParseError_En(ok.Code()));
  }
  return std::move(handler.decisions);
}

Result<graph::CurationBatch> PlanCuration(const graph::Store& store,
                                          const std::vector<Decision>& decisions,
                                          const PlanOptions& options) {
  LG_ASSIGN_OR_RETURN(std::unique_ptr<graph::Store> view, graph::MakeCuratedView(store));
  LG_ASSIGN_OR_RETURN(graph::CurationOverlay overlay, store.LoadCuration());
  // What earlier decisions of this batch added (fact id -> op) and the
  // curator aliases as they stand after them (norm -> entity).
  std::map<std::string, graph::CurationOp> added;
  for (const auto& [id, ops] : overlay.added) added.emplace(id, ops.front());
  std::map<std::string, std::string> aliases;
  for (const auto& [norm, op] : overlay.aliases) aliases.emplace(norm, op.entity);

  graph::CurationBatch batch;
  for (const Decision& d : decisions) {
    graph::CurationOp op;
    op.action = d.action;
    op.curator = d.Get("curator").empty() ? options.curator : d.Get("curator");
    op.time = options.time;
    op.reason = d.Get("reason");
    switch (d.action) {
      case CurationAction::kReject:
      case CurationAction::kAccept: {
        op.fact_id = d.Get("fact");
        auto fact = store.GetFact(op.fact_id);
        if (fact.ok()) {
          op.subject = fact->subject;
          op.predicate = fact->predicate;
          op.object = fact->object;
        } else if (fact.status().code() != Status::Code::kNotFound) {
          return fact.status();
        } else if (auto it = added.find(op.fact_id); it != added.end()) {
          op.subject = it->second.subject;
          op.predicate = it->second.predicate;
          op.object = it->second.object;
        } else {
          return Status::NotFound(Where(options, d, "fact") + "no fact '" + op.fact_id +
                                  "' in the store");
        }
        break;
      }
      case CurationAction::kAdd: {
        LG_ASSIGN_OR_RETURN(op.subject, ResolveId(*view, d.Get("subject"), false,
                                                  Where(options, d, "subject")));
        LG_ASSIGN_OR_RETURN(op.object, ResolveId(*view, d.Get("object"), false,
                                                 Where(options, d, "object")));
        op.predicate = d.Get("predicate");
        const auto& known = KnownPredicates();
        if (std::find(known.begin(), known.end(), op.predicate) == known.end()) {
          std::string list;
          for (std::string_view p : known)
            list += (list.empty() ? "" : ", ") + std::string(p);
          return Status::InvalidArgument(Where(options, d, "predicate") +
                                         "unknown predicate '" + op.predicate +
                                         "' (known: " + list + ")");
        }
        op.source = d.Get("source");
        auto source = store.GetSource(op.source);
        if (!source.ok()) {
          if (source.status().code() != Status::Code::kNotFound) return source.status();
          return Status::NotFound(Where(options, d, "source") + "no source '" +
                                  op.source + "' in the store (see `litgraph sources`)");
        }
        for (const std::string& n : d.refs) {
          auto ref = store.GetReference(op.source, n);
          if (!ref.ok()) {
            if (ref.status().code() != Status::Code::kNotFound) return ref.status();
            return Status::NotFound(Where(options, d, "refs") + "source '" + op.source +
                                    "' has no reference [" + n + "]");
          }
        }
        op.refs = d.refs;
        op.quote = d.Get("quote");
        graph::Fact fact;
        fact.subject = op.subject;
        fact.predicate = op.predicate;
        fact.object = op.object;
        op.fact_id = graph::ComputeFactId(fact);
        added.emplace(op.fact_id, op);
        break;
      }
      case CurationAction::kAlias: {
        op.alias = d.Get("alias");
        std::string norm = graph::NormalizeAlias(op.alias);
        if (norm.empty()) {
          return Status::InvalidArgument(Where(options, d, "alias") + "alias '" +
                                         op.alias + "' has no letters or digits");
        }
        LG_ASSIGN_OR_RETURN(op.entity, ResolveId(*view, d.Get("entity"), true,
                                                 Where(options, d, "entity")));
        aliases[norm] = op.entity;
        break;
      }
      case CurationAction::kUnalias: {
        op.alias = d.Get("alias");
        auto it = aliases.find(graph::NormalizeAlias(op.alias));
        if (it == aliases.end()) {
          return Status::NotFound(Where(options, d, "alias") + "'" + op.alias +
                                  "' is not a curator alias (see `litgraph log`)");
        }
        op.entity = it->second;
        aliases.erase(it);
        break;
      }
    }
    batch.ops.push_back(std::move(op));
  }
  return batch;
}

}  // namespace lg::query
