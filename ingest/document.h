// Document: the structure of a review text. Parse() turns a Text into
// metadata, blocks (headings, paragraphs, table rows, captions, reference
// entries), sentences with their citations, tables with cells, and the parsed
// reference list.
//
// All offsets are into Text::normalized unless said otherwise.
//
// Start here: Parse(), then Sentence (what the recogniser reads).
// Thread-safety: plain values; Parse is reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "ingest/text.h"

namespace lg::ingest {

enum class BlockKind {
  kTitle,           // the article title
  kFrontMatter,     // authors, affiliations, citation line, dates, keywords
  kHeading,         // a section heading ("4.3. Menin Inhibitors", "FLT3 inhibitors")
  kParagraph,       // body text (including the abstract)
  kCaption,         // "Table 2. ...", "Figure 3. ..." (with legend text)
  kTableRow,        // one row of a table
  kTableNote,       // footnotes under a table ("OS—overall survival; ...")
  kBackMatter,      // acknowledgements, contributions, conflicts, funding
  kReferenceEntry,  // one entry of the reference list
};

struct Block {
  BlockKind kind;
  size_t begin = 0;  // normalised offsets
  size_t end = 0;
  int section = -1;  // index into Document::sections, -1 before the first
  int table = -1;    // for kTableRow/kCaption/kTableNote of a table
  // A paragraph that continues the previous one across a page break (starts
  // lower case or the previous one ends without terminal punctuation).
  bool continues_previous = false;
  // A list item: a line opening "- ", "* ", "• " (bullet) or "12. "
  // (numbered item); each item is its own block.
  bool bullet = false;
  bool numbered_item = false;
  // For a bullet: the block it hangs under (the numbered item or lead-in
  // paragraph before its list), -1 when there is none.
  int parent = -1;
};

struct Section {
  std::string title;  // "4.3. Menin Inhibitors"
  size_t block = 0;   // the heading block
};

// An in-text citation marker: "[40,41]", "[36–39]", or a superscript "4" in
// "was 47%.4 " or "therapies,88-90 ".
struct Citation {
  size_t begin = 0;  // span of the marker (normalised offsets)
  size_t end = 0;
  std::vector<std::string> numbers;  // expanded: "36","37","38","39"
};

struct Sentence {
  size_t begin = 0;  // normalised offsets; a table row is one sentence
  size_t end = 0;
  size_t block = 0;                 // index into Document::blocks
  std::vector<Citation> citations;  // markers inside the sentence
  // Citation numbers attached to this sentence: its own markers' numbers, or
  // when it has none, those of the citation that closes its passage (the
  // next cited sentence of the same paragraph or its page-break
  // continuation), else the nearest citation before it in its paragraph,
  // or a table row's "References" cell. Sorted numerically, unique.
  std::vector<std::string> refs;
  bool refs_inherited = false;
};

struct Table {
  std::string label;                // "Table 2"
  std::string caption;              // "Trials of new agents in infants."
  std::vector<std::string> header;  // column names, as printed
  struct Row {
    size_t block = 0;     // the kTableRow block
    size_t sentence = 0;  // the row's sentence
    // Cells as normalised spans; a row may have fewer cells than the header.
    std::vector<std::pair<size_t, size_t>> cells;
  };
  std::vector<Row> rows;  // duplicated printings of a table are kept once
};

struct Metadata {
  std::string title;
  std::string doi;
  std::string journal;
  std::string year;
  std::vector<std::string> authors;  // as printed: "Marika Kulczycka"
};

struct Document {
  Text text;
  Metadata meta;
  std::vector<Block> blocks;
  std::vector<Section> sections;
  std::vector<Sentence> sentences;  // body sentences and table rows, in order
  std::vector<Table> tables;
  // Numbered K, K+1, ..., N as printed (K is 1 unless the text is an
  // excerpt); source left empty.
  std::vector<graph::Reference> references;

  std::string_view Slice(size_t begin, size_t end) const {
    return std::string_view(text.normalized).substr(begin, end - begin);
  }
};

// Splits `text` into the structure above. Never fails on well-formed UTF-8;
// an input with no recognisable structure is one paragraph of sentences.
// Errors: InvalidArgument only for inputs beyond limits it names.
Result<Document> Parse(Text text);

}  // namespace lg::ingest
