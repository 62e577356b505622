// JATS: reading a PMC JATS XML article (.nxml) into the same Document the
// plain-text reader produces.
//
// The article is rendered to plain text (title, abstract, body, tables and
// figures of <floats-group>, reference list) and that rendering becomes the
// Document's Text: every span of the Document, and every evidence span drawn
// from it, points into the rendering, not into the XML. The structure comes
// from the markup, not from guessing:
//   - sections and their <title> headings, paragraphs, list items, figure
//     and table captions, table rows (header rows from <thead> or leading
//     rows of <th> cells), table footnotes;
//   - citations from <xref ref-type="bibr" rid="...">, resolved by id to the
//     <ref>'s label (its position in <ref-list> when it has none); a dash
//     between two xrefs is a range over the list. A group printed without
//     brackets (superscripts) is rendered in brackets: "survival.[5, 6]";
//   - references from <ref-list>: authors, title, journal, year, volume,
//     pages and <pub-id pub-id-type="pmid|doi|pmc">.
//
// Safety: the parser never loads a DTD, never fetches or expands an external
// entity and uses no network; a document whose DTD declares entities is
// refused (this also bounds "billion laughs" expansions, which the parser
// itself refuses past its amplification limits).
//
// Start here: IsJatsArticle, then ParseJats.
// Thread-safety: reentrant (the XML parser's global setup runs once).
#pragma once

#include <string>
#include <string_view>

#include "graph/status.h"
#include "ingest/document.h"

namespace lg::ingest {

// True when `name` ends in ".nxml", or when the first element of `bytes`
// (after an XML declaration, comments, processing instructions and a
// DOCTYPE) is <article>: a ".xml" file or a body without a file name.
bool IsJatsArticle(std::string_view name, std::string_view bytes);

struct JatsArticle {
  Document doc;         // Text::original is the rendering
  std::string pmid;     // "28163000"
  std::string pmcid;    // "PMC5337626"
  std::string license;  // the licence URL, else its type, else its text
};

// Parses and renders `xml`. Errors (InvalidArgument), nothing else read:
//   "ingest: NAME line L column C: MESSAGE"  not well-formed XML (the
//                                            parser's message)
//   "ingest: NAME: not a JATS article (root element <x>)"
//   "ingest: NAME line L: the DTD declares entity 'x'; entities are not read"
//   "ingest: NAME: the article has no text"
Result<JatsArticle> ParseJats(const std::string& name, std::string_view xml);

}  // namespace lg::ingest
