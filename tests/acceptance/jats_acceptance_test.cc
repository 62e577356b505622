// Acceptance for JATS XML input: each article of ../shared/dev/raw (*.nxml)
// is read, and the source and its references carry what the XML says. The
// expected values are taken from the XML with plain string search, not with
// the reader under test.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/pipeline.h"
#include "tests/testing.h"

namespace {

using lg::testing::DataDir;
using lg::testing::FilesIn;
using lg::testing::ReadFileOrDie;
using lg::testing::SharedDir;

size_t Count(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos;
       p = hay.find(needle, p + 1))
    ++n;
  return n;
}

// The text between `open` (an element's start tag, up to its '>') and the
// next `close`, tags removed, numeric character references decoded; "" when
// absent.
std::string ElementText(std::string_view xml, std::string_view open,
                        std::string_view close) {
  size_t b = xml.find(open);
  if (b == std::string_view::npos) return "";
  b = xml.find('>', b) + 1;
  const size_t e = xml.find(close, b);
  std::string out;
  bool in_tag = false;
  for (size_t i = b; i < e; ++i) {
    const char c = xml[i];
    if (c == '<') in_tag = true;
    if (!in_tag) {
      if (c == '&' && xml.substr(i, 3) == "&#x") {
        const size_t semi = xml.find(';', i);
        unsigned long cp =
            std::stoul(std::string(xml.substr(i + 3, semi - i - 3)), nullptr, 16);
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        i = semi;
        continue;
      }
      out += c;
    }
    if (c == '>') in_tag = false;
  }
  return out;
}

}  // namespace

TEST_CASE(
    "a JATS article of ../shared/dev/raw gives its source and references what the XML "
    "says",
    "[acceptance]") {
  auto pipeline = lg::ingest::Pipeline::Create(DataDir());
  REQUIRE(pipeline.ok());
  const std::vector<std::string> articles =
      FilesIn((std::filesystem::path(SharedDir()) / "dev" / "raw").string(), ".nxml");
  REQUIRE(articles.size() >= 2);
  for (const std::string& path : articles) {
    INFO(path);
    const std::string xml = ReadFileOrDie(path);
    lg::ingest::IngestOptions options;
    options.source_id = lg::ingest::DefaultSourceId(path);
    auto data = (*pipeline)->Extract(path, options);
    INFO(data.status().ToString());
    REQUIRE(data.ok());
    const lg::graph::Source& src = data->source;

    const std::string meta = xml.substr(xml.find("<article-meta>"));
    CHECK(src.title == ElementText(meta, "<article-title", "</article-title>"));
    CHECK(src.doi ==
          ElementText(meta, "<article-id pub-id-type=\"doi\"", "</article-id>"));
    CHECK(src.pmid ==
          ElementText(meta, "<article-id pub-id-type=\"pmid\"", "</article-id>"));
    CHECK(src.pmcid ==
          "PMC" + ElementText(meta, "<article-id pub-id-type=\"pmc\"", "</article-id>"));
    CHECK(src.journal == ElementText(xml, "<journal-title>", "</journal-title>"));
    CHECK_FALSE(src.pmid.empty());
    CHECK_FALSE(src.title.empty());
    // The year of the print issue, else of the electronic one, else of the collection.
    std::string year;
    for (const char* type : {"ppub", "epub", "collection"}) {
      const std::string open = std::string("<pub-date pub-type=\"") + type + "\"";
      if (year.empty() && meta.find(open) != std::string::npos) {
        year = ElementText(meta.substr(meta.find(open)), "<year>", "</year>");
      }
    }
    CHECK(src.year == year);
    CHECK(src.year.size() == 4);
    CHECK_FALSE(src.license.empty());

    // Exactly as many PMIDs and DOIs as the XML's reference list holds.
    const size_t list_begin = xml.find("<ref-list");
    REQUIRE(list_begin != std::string::npos);
    const std::string_view list =
        std::string_view(xml).substr(list_begin, xml.find("</ref-list>") - list_begin);
    size_t pmids = 0, dois = 0;
    for (const lg::graph::Reference& r : data->references) {
      pmids += !r.pmid.empty();
      dois += !r.doi.empty();
    }
    CHECK(pmids == Count(list, "pub-id-type=\"pmid\""));
    CHECK(dois == Count(list, "pub-id-type=\"doi\""));
    CHECK(data->references.size() == Count(list, "<ref id="));
    CHECK(pmids + dois > 0);

    // Every evidence span holds its sentence in the stored rendering.
    REQUIRE_FALSE(data->rendering.empty());
    size_t evidence = 0;
    for (const lg::graph::Fact& f : data->facts) {
      for (const lg::graph::Evidence& ev : f.evidence) {
        ++evidence;
        REQUIRE(ev.end <= data->rendering.size());
        CHECK(data->rendering.substr(ev.begin, ev.end - ev.begin) == ev.sentence);
      }
    }
    CHECK(evidence > 10);
  }
}
