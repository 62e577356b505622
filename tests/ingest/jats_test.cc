#include "ingest/jats.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/testing.h"

namespace lg::ingest {
namespace {

// A small article of our own, in the shape of a PMC .nxml file.
const char kArticle[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.0 20120330//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
<front>
  <journal-meta>
    <journal-id journal-id-type="nlm-ta">Test Oncol</journal-id>
    <journal-title-group><journal-title>Testing Oncology</journal-title></journal-title-group>
  </journal-meta>
  <article-meta>
    <article-id pub-id-type="pmid">11111111</article-id>
    <article-id pub-id-type="pmc">2222222</article-id>
    <article-id pub-id-type="doi">10.9999/test.2020.1</article-id>
    <title-group><article-title>Drug Z in <italic>KMT2A</italic>-rearranged leukaemia</article-title></title-group>
    <contrib-group>
      <contrib contrib-type="author"><name><surname>Doe</surname><given-names>Jane A</given-names></name><xref ref-type="aff" rid="a1">1</xref></contrib>
      <contrib contrib-type="author"><name><surname>Roe</surname><given-names>Rick</given-names></name></contrib>
      <contrib contrib-type="editor"><name><surname>Ed</surname><given-names>Itor</given-names></name></contrib>
    </contrib-group>
    <pub-date pub-type="pmc-release"><year>2021</year></pub-date>
    <pub-date pub-type="ppub"><month>3</month><year>2020</year></pub-date>
    <permissions><license license-type="CC BY" xlink:href="http://creativecommons.org/licenses/by/4.0/"><license-p>Open.</license-p></license></permissions>
    <abstract><p>Drug Z was tested in a small trial.</p></abstract>
  </article-meta>
</front>
<body>
  <sec><title>Introduction</title>
    <p>Drug Z inhibits menin [<xref rid="R1" ref-type="bibr">1</xref>, <xref rid="R3" ref-type="bibr">3</xref>]. It was studied in mice [<xref rid="R1" ref-type="bibr">1</xref>&#x2013;<xref rid="R3" ref-type="bibr">3</xref>].</p>
    <p>Survival was 40%.<xref rid="R2" ref-type="bibr">2</xref>, <xref rid="R3" ref-type="bibr">3</xref> Responses were seen in 5 of 9 patients (see Fig. 1). [<xref rid="R1" ref-type="bibr">1</xref>] Drug Z is safe.</p>
    <sec><title>Patients</title>
      <list list-type="bullet"><list-item><p>Adults aged 18 or older.</p></list-item><list-item><p>No prior drug Z.</p></list-item></list>
    </sec>
  </sec>
  <sec><title>Results</title>
    <p>The rate was 50% in arm A, e.g. in adults, and the trial was stopped<xref rid="R9" ref-type="bibr">9</xref>.</p>
  </sec>
</body>
<back>
  <ref-list><title>References</title>
    <ref id="R1"><label>1</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Smith</surname><given-names>J</given-names></name><name><surname>Lee</surname><given-names>AB</given-names></name></person-group><article-title>A first study</article-title><source>J Test</source><year>2001</year><volume>12</volume><fpage>100</fpage><lpage>110</lpage><pub-id pub-id-type="pmid">123</pub-id><pub-id pub-id-type="doi">10.1/first</pub-id></element-citation></ref>
    <ref id="R2"><label>2</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Brown</surname><given-names>C</given-names></name></person-group><article-title>A second study.</article-title><source>Test Med</source><year>2005</year><pub-id pub-id-type="pmc">PMC456</pub-id></element-citation></ref>
    <ref id="R3"><label>3</label><mixed-citation>Green D. <article-title>Third</article-title>. <source>Lab</source> <year>2010</year>.</mixed-citation></ref>
  </ref-list>
</back>
<floats-group>
  <fig id="F1"><label>Figure 1</label><caption><title>Responses</title><p>Responses by arm.</p></caption><graphic xlink:href="f1.jpg"/></fig>
  <table-wrap id="T1"><label>Table 1</label><caption><p>Outcomes by arm</p></caption>
    <table><thead><tr><th>Arm</th><th colspan="2">Outcome</th></tr></thead>
      <tbody><tr><td>Drug Z</td><td>ORR</td><td>50%</td></tr><tr><td>Placebo</td><td>ORR</td><td>10% [<xref rid="R2" ref-type="bibr">2</xref>]</td></tr></tbody></table>
    <table-wrap-foot><fn><p>ORR, overall response rate.</p></fn></table-wrap-foot>
  </table-wrap>
</floats-group>
</article>
)";

JatsArticle MustParse(const std::string& xml) {
  auto article = ParseJats("test.nxml", xml);
  INFO(article.status().ToString());
  REQUIRE(article.ok());
  return std::move(article).value();
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

const char* Kind(BlockKind kind) {
  switch (kind) {
    case BlockKind::kTitle:
      return "TITLE";
    case BlockKind::kHeading:
      return "HEAD";
    case BlockKind::kParagraph:
      return "PARA";
    case BlockKind::kCaption:
      return "CAPT";
    case BlockKind::kTableRow:
      return "ROW";
    case BlockKind::kTableNote:
      return "NOTE";
    case BlockKind::kReferenceEntry:
      return "REF";
    default:
      return "OTHER";
  }
}

TEST_CASE("IsJatsArticle: .nxml by name, any other name by its root element",
          "[ingest]") {
  struct Case {
    const char* name;
    const char* bytes;
    bool jats;
  } cases[] = {
      {"a.nxml", "anything", true},
      {"a.xml",
       "<?xml version=\"1.0\"?>\n<!DOCTYPE article PUBLIC \"x\" \"y.dtd\">\n<article>",
       true},
      {"a.xml", "\xEF\xBB\xBF<!-- c --><?pi x?><article xmlns:x=\"u\">", true},
      {"a.xml", "<!DOCTYPE article [<!ENTITY x \"y\">]><article/>", true},
      {"", "<article>", true},
      {"a.xml", "<?xml version=\"1.0\"?><html>", false},
      {"a.xml", "<articles>", false},
      {"a.txt", "A review of drug Z.", false},
      {"a.xml", "<!-- never closed", false},
  };
  for (const Case& c : cases) {
    INFO(c.name << " " << c.bytes);
    CHECK(IsJatsArticle(c.name, c.bytes) == c.jats);
  }
}

TEST_CASE("JATS front matter: title, authors, journal, year, ids, licence", "[ingest]") {
  const JatsArticle a = MustParse(kArticle);
  CHECK(a.doc.meta.title == "Drug Z in KMT2A-rearranged leukaemia");
  CHECK(Join(a.doc.meta.authors) == "Jane A Doe,Rick Roe");
  CHECK(a.doc.meta.journal == "Testing Oncology");
  CHECK(a.doc.meta.year == "2020");  // ppub before pmc-release
  CHECK(a.doc.meta.doi == "10.9999/test.2020.1");
  CHECK(a.pmid == "11111111");
  CHECK(a.pmcid == "PMC2222222");
  CHECK(a.license == "http://creativecommons.org/licenses/by/4.0/");
}

TEST_CASE("JATS body: blocks in order, floats-group tables with header rows",
          "[ingest]") {
  const JatsArticle a = MustParse(kArticle);
  const Document& d = a.doc;
  std::string dump;
  for (const Block& b : d.blocks) {
    dump += std::string(Kind(b.kind)) + " " + std::string(d.Slice(b.begin, b.end)) + "\n";
  }
  CHECK(dump ==
        "TITLE Drug Z in KMT2A-rearranged leukaemia\n"
        "HEAD Abstract\n"
        "PARA Drug Z was tested in a small trial.\n"
        "HEAD Introduction\n"
        "PARA Drug Z inhibits menin [1, 3]. It was studied in mice [1-3].\n"
        "PARA Survival was 40%.[2, 3] Responses were seen in 5 of 9 patients (see Fig. "
        "1). [1] "
        "Drug Z is safe.\n"
        "HEAD Patients\n"
        "PARA Adults aged 18 or older.\n"
        "PARA No prior drug Z.\n"
        "HEAD Results\n"
        "PARA The rate was 50% in arm A, e.g. in adults, and the trial was stopped[9].\n"
        "CAPT Figure 1 Responses. Responses by arm.\n"
        "CAPT Table 1 Outcomes by arm\n"
        "ROW Arm | Outcome\n"
        "ROW Drug Z | ORR | 50%\n"
        "ROW Placebo | ORR | 10% [2]\n"
        "NOTE ORR, overall response rate.\n"
        "HEAD References\n"
        "REF 1. Smith J, Lee AB: A first study. J Test 2001; 12: 100-110. doi:10.1/first "
        "PMID: 123\n"
        "REF 2. Brown C: A second study. Test Med 2005. PMC456\n"
        "REF 3. Third. Lab 2010.\n");
  REQUIRE(d.tables.size() == 1);
  const Table& t = d.tables[0];
  CHECK(t.label == "Table 1");
  CHECK(t.caption == "Outcomes by arm");
  CHECK(Join(t.header) == "Arm,Outcome,Outcome");
  REQUIRE(t.rows.size() == 2);
  std::vector<std::string> cells;
  for (const auto& [b, e] : t.rows[1].cells) cells.emplace_back(d.Slice(b, e));
  CHECK(Join(cells) == "Placebo,ORR,10% [2]");
  CHECK(d.blocks[t.rows[1].block].kind == BlockKind::kTableRow);
  CHECK(d.Slice(d.sentences[t.rows[1].sentence].begin,
                d.sentences[t.rows[1].sentence].end) == "Placebo | ORR | 10% [2]");
  // Sections: "Patients" nests in "Introduction"; the floats come after the
  // body, outside any section.
  REQUIRE(d.sections.size() == 5);
  CHECK(d.sections[2].title == "Patients");
  for (const Block& b : d.blocks) {
    if (b.kind == BlockKind::kCaption) CHECK(b.section == -1);
  }
}

TEST_CASE("JATS citations: xrefs resolved by id into each sentence's numbers",
          "[ingest]") {
  const JatsArticle a = MustParse(kArticle);
  const Document& d = a.doc;
  std::string dump;
  for (const Sentence& s : d.sentences) {
    dump += std::string(d.Slice(s.begin, s.end)) + " {" + Join(s.refs) +
            (s.refs_inherited ? " inherited" : "") + "}";
    for (const Citation& c : s.citations) {
      dump += " <" + std::string(d.Slice(c.begin, c.end)) + "=" + Join(c.numbers) + ">";
    }
    dump += "\n";
  }
  CHECK(dump ==
        "Drug Z was tested in a small trial. {}\n"
        "Drug Z inhibits menin [1, 3]. {1,3} <[1, 3]=1,3>\n"
        "It was studied in mice [1-3]. {1,2,3} <[1-3]=1,2,3>\n"
        "Survival was 40%.[2, 3] {2,3} <[2, 3]=2,3>\n"
        "Responses were seen in 5 of 9 patients (see Fig. 1). [1] {1} <[1]=1>\n"
        "Drug Z is safe. {1 inherited}\n"
        "Adults aged 18 or older. {}\n"
        "No prior drug Z. {}\n"
        // R9 is not in the list: its marker is a citation with no number.
        "The rate was 50% in arm A, e.g. in adults, and the trial was stopped[9]. {} "
        "<[9]=>\n"
        "Figure 1 Responses. {}\n"
        "Responses by arm. {}\n"
        "Table 1 Outcomes by arm {}\n"
        "Arm | Outcome {}\n"
        "Drug Z | ORR | 50% {}\n"
        "Placebo | ORR | 10% [2] {2} <[2]=2>\n"
        "ORR, overall response rate. {}\n");
}

TEST_CASE("JATS references: ids, authors, journal, year, volume, pages", "[ingest]") {
  const JatsArticle a = MustParse(kArticle);
  const auto& refs = a.doc.references;
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].n == "1");
  CHECK(Join(refs[0].authors) == "Smith J,Lee AB");
  CHECK(refs[0].first_author == "Smith");
  CHECK(refs[0].title == "A first study");
  CHECK(refs[0].journal == "J Test");
  CHECK(refs[0].year == "2001");
  CHECK(refs[0].volume == "12");
  CHECK(refs[0].pages == "100-110");
  CHECK(refs[0].pmid == "123");
  CHECK(refs[0].doi == "10.1/first");
  CHECK(refs[1].pmcid == "PMC456");
  CHECK(refs[1].pmid.empty());
  CHECK(refs[2].title == "Third");
  CHECK(refs[2].first_author.empty());
}

TEST_CASE("JATS references: a group author by its whole name, a page on the web as such",
          "[ingest]") {
  const std::string xml =
      "<article xmlns:xlink=\"http://www.w3.org/1999/xlink\"><body><p>Rates [<xref "
      "ref-type=\"bibr\" rid=\"w\">1</xref>].</p></body>"
      "<back><ref-list>"
      "<ref id=\"w\"><label>1</label><element-citation publication-type=\"other\">"
      "<person-group person-group-type=\"author\"><collab>Society of Test "
      "Oncology</collab>"
      "<name><surname>Lee</surname><given-names>A</given-names></name></person-group>"
      "<article-title>Survival by stage</article-title>"
      "<ext-link ext-link-type=\"uri\" xlink:href=\"https://example.org/rates\">"
      "https://example.org/rates</ext-link></element-citation></ref>"
      "<ref id=\"j\"><label>2</label><element-citation publication-type=\"journal\">"
      "<person-group><name><surname>Kim</surname><given-names>B</given-names></name>"
      "<collab>Test Group</collab></person-group><article-title>A trial</article-title>"
      "<source>J Test</source><year>2012</year>"
      "<ext-link ext-link-type=\"uri\" xlink:href=\"https://example.org/j\">x</ext-link>"
      "</element-citation></ref>"
      "</ref-list></back></article>";
  const JatsArticle a = MustParse(xml);
  const auto& refs = a.doc.references;
  REQUIRE(refs.size() == 2);
  // Not "Society", and not the surname of the second author.
  CHECK(refs[0].first_author == "Society of Test Oncology");
  CHECK(refs[0].url == "https://example.org/rates");
  CHECK(refs[0].kind == "web");
  CHECK(refs[1].first_author == "Kim");
  CHECK(refs[1].kind.empty());  // a journal article with a link is not a web page
}

TEST_CASE("JATS reference numbers: the label, else the position in the list",
          "[ingest]") {
  const std::string xml =
      "<article><body><p>One <xref ref-type=\"bibr\" rid=\"x b\"/>. Two "
      "(<xref ref-type=\"bibr\" rid=\"a\">a</xref>).</p></body><back><ref-list>"
      "<ref id=\"a\"><mixed-citation>First.</mixed-citation></ref>"
      "<ref id=\"b\"><label>[7]</label><mixed-citation>Second.</mixed-citation></ref>"
      "</ref-list></back></article>";
  const JatsArticle a = MustParse(xml);
  const Document& d = a.doc;
  REQUIRE(d.references.size() == 2);
  CHECK(d.references[0].n == "1");
  CHECK(d.references[1].n == "7");
  REQUIRE(d.sentences.size() == 2);
  // An empty xref prints its reference's number; "x" is unknown.
  CHECK(d.Slice(d.sentences[0].begin, d.sentences[0].end) == "One [7].");
  CHECK(Join(d.sentences[0].refs) == "7");
  CHECK(d.Slice(d.sentences[1].begin, d.sentences[1].end) == "Two (a).");
  CHECK(Join(d.sentences[1].refs) == "1");
}

TEST_CASE("JATS errors: bad XML with line and column, no entity ever read", "[ingest]") {
  struct Case {
    std::string xml;
    std::string message;
  } cases[] = {
      {"<article>\n<body><p>a</b></body></article>",
       "ingest: bad.nxml line 2 column 15: Opening and ending tag mismatch: p line 2 and "
       "b"},
      {"<article>\n<body><p>cut",
       "ingest: bad.nxml line 2 column 13: Premature end of data in "
       "tag p line 2"},
      {"", "ingest: bad.nxml line 1 column 1: Document is empty"},
      {"<html><body><p>a</p></body></html>",
       "ingest: bad.nxml: not a JATS article (root element <html>)"},
      {"<!DOCTYPE article [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
       "<article><body><p>&xxe;</p></body></article>",
       "ingest: bad.nxml: the DTD declares entity 'xxe'; entities are not read"},
      {"<!DOCTYPE article [<!ENTITY % pe SYSTEM \"http://127.0.0.1:9/x.dtd\"> %pe;]>\n"
       "<article><body><p>a</p></body></article>",
       "ingest: bad.nxml: the DTD declares entity 'pe'; entities are not read"},
      {"<article><body><p>&nbsp;</p></body></article>",
       "ingest: bad.nxml line 1 column 25: Entity 'nbsp' not defined"},
      {"<article><body><sec><title> </title></sec></body></article>",
       "ingest: bad.nxml: the article has no text"},
  };
  for (const Case& c : cases) {
    auto a = ParseJats("bad.nxml", c.xml);
    INFO(c.xml);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Status::Code::kInvalidArgument);
    CHECK(a.status().message() == c.message);
  }
}

TEST_CASE("JATS: an external DTD is never read, its entities never expanded",
          "[ingest]") {
  testing::TempDir tmp;
  const std::string dtd = tmp.Sub("article.dtd");
  testing::WriteFile(dtd, "<!ENTITY secret \"Secretinib inhibits ABC1.\">\n");
  const JatsArticle a =
      MustParse("<!DOCTYPE article SYSTEM \"file://" + dtd +
                "\">\n<article><body><p>A &secret; B.</p></body></article>");
  CHECK(a.doc.text.original == "A B.\n");
}

TEST_CASE("JATS errors: a billion-laughs document is refused", "[ingest]") {
  std::string dtd = "<!DOCTYPE article [<!ENTITY l0 \"ha\">";
  for (int i = 1; i <= 10; ++i) {
    dtd += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&l" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  for (const std::string& body : {std::string("&l10;"), std::string("&l2;")}) {
    auto a = ParseJats("laughs.nxml",
                       dtd + "<article><body><p>" + body + "</p></body></article>");
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Status::Code::kInvalidArgument);
    INFO(a.status().message());
    // Refused by the parser's amplification limit or by the entity rule.
    CHECK(
        (a.status().message().rfind("ingest: laughs.nxml line ", 0) == 0 ||
         a.status().message() ==
             "ingest: laughs.nxml: the DTD declares entity 'l0'; entities are not read"));
  }
}

}  // namespace
}  // namespace lg::ingest
