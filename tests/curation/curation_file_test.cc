// The curation-file parser (query/curation_file.h): a table of inputs and the
// decisions or the exact error they give.
#include "query/curation_file.h"

#include <catch2/catch.hpp>

namespace {

using lg::query::Decision;
using lg::query::ParseCurationFile;

// "reject fact=f1 reason=r line=2" per decision, or the error message.
std::string Dump(std::string_view text) {
  auto parsed = ParseCurationFile(text, "d.json");
  if (!parsed.ok()) return parsed.status().message();
  std::string out;
  for (const Decision& d : *parsed) {
    out += std::string(lg::graph::CurationActionName(d.action));
    for (const auto& [k, v] : d.fields) out += " " + k + "=" + v;
    for (const auto& n : d.refs) out += " ref=" + n;
    out += " line=" + std::to_string(d.line) + ";";
  }
  return out;
}

}  // namespace

TEST_CASE("curation files parse into decisions or name the line and field", "[query]") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const std::string p = "curate apply: d.json ";
  std::vector<Case> cases = {
      {"[]", ""},
      {"[\n{\"action\":\"reject\",\"fact\":\"f1\",\"reason\":\"r\"}]",
       "reject fact=f1 reason=r line=2;"},
      {"[{\"action\":\"accept\",\"fact\":\"f1\",\"curator\":\"ann\"},\n"
       " {\"action\":\"unalias\",\"alias\":\"X\"}]",
       "accept curator=ann fact=f1 line=1;unalias alias=X line=2;"},
      {"[{\"action\":\"add\",\"subject\":\"a\",\"predicate\":\"inhibits\",\"object\":"
       "\"b\","
       "\"source\":\"s\",\"quote\":\"q\",\"refs\":[\"3a\",12]}]",
       "add object=b predicate=inhibits quote=q source=s subject=a ref=3a ref=12 "
       "line=1;"},
      {"[\n{\"action\":\"alias\",\"alias\":\"MLL-AF4\",\"entity\":\"fusion:KMT2A::AFF1\"}"
       "]",
       "alias alias=MLL-AF4 entity=fusion:KMT2A::AFF1 line=2;"},
      // Errors.
      {"", p + "line 1: invalid JSON: The document is empty."},
      {"{}", p + "line 1: the file must be a JSON array of decision objects"},
      {"\"x\"", p + "line 1: the file must be a JSON array of decision objects"},
      {"[1]", p + "line 1: decision 1 is not an object"},
      {"[[1]]", p + "line 1: decision 1 is not an object"},
      {"[{\"action\":\"reject\",\"fact\":\"f1\",\"reason\":\"r\"},\n [\"x\"]]",
       p + "line 2: decision 2 is not an object"},
      {"[{\"action\":\"reject\",\"fact\":\"f1\",\"reason\":\"r\"},\n \"x\"]",
       p + "line 2: decision 2 is not an object"},
      {"[\n\n{\"fact\":\"f1\"}]", p + "line 3: field 'action' is required"},
      {"[{\"action\":\"delete\",\"fact\":\"f1\"}]",
       p + "line 1: field 'action' must be reject, accept, add, alias or unalias, got "
           "'delete'"},
      {"[{\"action\":\"reject\",\n\"fact\":\"f1\"}]",
       p + "line 1: field 'reason' is required for reject"},
      {"[{\"action\":\"reject\",\"fact\":\"f1\",\n\"reason\":\"\"}]",
       p + "line 2: field 'reason' is required for reject"},
      {"[{\"action\":\"reject\",\"fact\":\"f1\",\"reason\":\"r\",\n\"facts\":\"x\"}]",
       p + "line 2: unknown field 'facts' for reject"},
      {"[{\"action\":\"accept\",\"fact\":\"f1\",\"quote\":\"x\"}]",
       p + "line 1: unknown field 'quote' for accept"},
      {"[{\"action\":\"reject\",\"fact\":\"f1\",\"fact\":\"f2\",\"reason\":\"r\"}]",
       p + "line 1: field 'fact' is given twice"},
      {"[{\"action\":\"reject\",\n\"fact\":7,\"reason\":\"r\"}]",
       p + "line 2: field 'fact' must be a string"},
      {"[{\"action\":\"reject\",\"fact\":{\"id\":1},\"reason\":\"r\"}]",
       p + "line 1: field 'fact' must be a string"},
      {"[{\"action\":\"add\",\"refs\":\"12\"}]",
       p + "line 1: field 'refs' must be a list of reference numbers"},
      {"[{\"action\":\"add\",\"refs\":[true]}]",
       p + "line 1: field 'refs' must be a list of reference numbers"},
      {"[{\"action\":\"add\",\"subject\":\"a\"}]",
       p + "line 1: field 'predicate' is required for add"},
      {"[\n{\"action\":\"alias\",\"alias\":\"x\"}\n]",
       p + "line 2: field 'entity' is required for alias"},
      {"[{\"action\":\"accept\",\"fact\":\"f1\"}\n,]",
       p + "line 2: invalid JSON: Invalid value."},
      {"[{\"action\":\"accept\",\"fact\":\"f1\"}] x",
       p + "line 1: invalid JSON: The document root must not be followed by other "
           "values."},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(Dump(c.input) == c.expected);
  }
}
