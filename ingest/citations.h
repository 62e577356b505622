// Citations: in-text citation markers and the reference numbers each sentence
// carries.
//
// Two marker styles are read:
//   - brackets: "[12]", "[40,41]", "[36-39]" (any dash), "[5,7-9]", "[1; 3]"
//   - superscripts printed inline, glued to the word or punctuation before
//     them: "was 47%.4 Recent", "therapies,88-90 and", "studies.43-46,59 ".
//     A glued number followed in the ORIGINAL bytes by U+00A0, U+2003 or
//     U+2009 (how web pages print a superscript) is a citation; one followed
//     by an ordinary space only when the document uses neither style
//     elsewhere, it follows punctuation or a lower-case word of 3+ letters,
//     and every number is within the reference list. Gene-like tokens (FLT3,
//     CD19, AF4, H3K79) and decimals (46.1%, 1,000) are never citations.
// Every number must lie in 1..N of the parsed reference list.
//
// Start here: DetectCitationStyle, FindCitations, AttachRefs.
// Thread-safety: stateless functions; reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/document.h"
#include "ingest/text.h"

namespace lg::ingest {

struct CitationStyle {
  // Size of the reference list. 0: no list was found; bracket numbers up to
  // kMaxUnlistedNumber are accepted and superscripts are not read.
  int max_number = 0;
  bool brackets = true;
  // Glued numbers followed by U+00A0 / U+2003 / U+2009 in the original.
  bool special_space_superscripts = true;
  // Glued numbers followed by ordinary white space. Default: true; turned off
  // by DetectCitationStyle when the document uses another style.
  bool plain_superscripts = true;
};

inline constexpr int kMaxUnlistedNumber = 999;

// Chooses the superscript rules from the markers of `spans` (normalised body
// spans): plain superscripts are read only when fewer than 3 bracket and 3
// special-space markers occur.
CitationStyle DetectCitationStyle(const Text& text,
                                  const std::vector<std::pair<size_t, size_t>>& spans,
                                  int max_number);

// The markers inside normalised [begin, end), in order. Linear in end-begin.
std::vector<Citation> FindCitations(const Text& text, size_t begin, size_t end,
                                    const CitationStyle& style);

// Expands a printed list ("40,41", "36-39", "5, 7-9", "1;3") into numbers in
// printed order. False (and `out` unchanged) when the list is malformed, a
// range runs backwards, or a number lies outside 1..max_number
// (1..kMaxUnlistedNumber when max_number is 0).
bool ExpandCitationList(std::string_view list, int max_number, std::vector<std::string>* out);

// Sorts citation numbers numerically and removes duplicates.
void SortRefs(std::vector<std::string>* refs);

// Fills Sentence::refs / refs_inherited of every sentence of `doc` from its
// citations: a sentence's own markers; else the refs of the next cited
// sentence of its passage (same block, or the block that continues it across
// a page break: Block::continues_previous), marked inherited; else those
// of the nearest cited sentence before it in its block, marked inherited;
// else none. A
// table row takes its own markers or its "References" cell; rows without
// refs take their caption's refs, or those of a body sentence citing the
// table ("shown in Table 1 [10,11]"), marked inherited.
void AttachRefs(Document* doc);

}  // namespace lg::ingest
