// query/tabular: the flattening rule and the two delimited formats.
#include "query/tabular.h"

#include <catch2/catch.hpp>
#include <string>

namespace lg::query {
namespace {

std::string Rows(const std::string& json, Delimited format = Delimited::kCsv) {
  auto rows = DelimitedRows(json, "items", format);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return *rows;
}

TEST_CASE("tabular: objects by their keys, lists joined, lists of objects by column",
          "[query]") {
  const std::string json =
      R"({"format":1,"items":[)"
      R"({"agent":{"id":"drug:a","label":"a"},"hops":2,"ok":true,"note":null,)"
      R"("names":["x","y"],"via":[{"id":"gene:M","n":1},{"id":"gene:B","n":null}],)"
      R"("paths":[[1,2],[3]]},)"
      R"({"agent":{"id":"drug:b","label":"b, \"c\""},"hops":1,"ok":false,"note":"",)"
      R"("names":[],"via":[],"paths":[],"extra":"z"}]})";
  CHECK(Rows(json) ==
        "agent.id,agent.label,hops,ok,note,names,via.id,via.n,paths,extra\r\n"
        "drug:a,a,2,true,,x;y,gene:M;gene:B,1;,\"[[1,2],[3]]\",\r\n"
        "drug:b,\"b, \"\"c\"\"\",1,false,,,,,[],z\r\n");
}

TEST_CASE("tabular: TSV cannot quote, so tabs and line breaks become spaces", "[query]") {
  const std::string json = R"({"items":[{"a":"one\ttwo\nthree","b":"x,\"y\""}]})";
  CHECK(Rows(json, Delimited::kTsv) == "a\tb\none two three\tx,\"y\"\n");
}

TEST_CASE("tabular: a list whose elements differ in kind is one JSON cell", "[query]") {
  // Flat objects in one record, a nested one in the other: JSON in both.
  const std::string json = R"({"items":[{"l":[{"a":1}]},{"l":[{"a":{"b":2}}]}]})";
  CHECK(Rows(json) == "l\r\n\"[{\"\"a\"\":1}]\"\r\n\"[{\"\"a\"\":{\"\"b\"\":2}}]\"\r\n");
}

TEST_CASE("tabular: no records print nothing; a wrong answer is an error", "[query]") {
  CHECK(Rows(R"({"items":[]})").empty());
  auto missing = DelimitedRows(R"({"other":[]})", "items", Delimited::kCsv);
  REQUIRE(!missing.ok());
  CHECK(missing.status().message() == "query: no list 'items' in the answer to tabulate");
  auto scalar = DelimitedRows(R"({"items":[1]})", "items", Delimited::kCsv);
  REQUIRE(!scalar.ok());
  CHECK(scalar.status().message() == "query: a record of 'items' is not an object");
}

}  // namespace
}  // namespace lg::query
