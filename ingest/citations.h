// Citations: in-text citation markers and the reference numbers each sentence
// carries.
//
// Marker styles read:
//   - brackets: "[12]", "[40,41]", "[36-39]" (any dash), "[5,7-9]", "[1; 3]"
//   - parentheses, when the document cites that way: "(12).", "(3, 4),"
//   - Unicode superscript digits glued to a word: "cancer¹²,¹³ ", always
//     (never after a digit: "10⁹/L", nor in units: "mg/m²")
//   - superscripts printed inline, glued to the word or punctuation before
//     them: "was 47%.4 Recent", "therapies,88-90 and", "studies.43-46,59 ".
//     A glued number followed in the ORIGINAL bytes by U+00A0, U+2003 or
//     U+2009 (how web pages print a superscript) is a citation; one followed
//     by an ordinary space only when the document uses neither style
//     elsewhere, it follows punctuation or a lower-case word of 3+ letters,
//     and every number is within the reference list. Lancet-style lists run
//     on with ", " ("cancer.5, 6 In", "40%.3, 4 "), increasing. Gene-like
//     tokens (FLT3, CD19, AF4, H3K79) and decimals (46.1%, 1,000, the
//     middle-dot 50·3) are never citations.
// Every number must lie in min_number..max_number of the parsed reference
// list.
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
  // The first number of the list (an excerpt keeps its section's numbers:
  // 53..85). Superscript and parenthesised numbers below it are not read.
  int min_number = 1;
  bool brackets = true;
  // "(12)", "(3, 4)", "(5-7)" before punctuation or the end of the span.
  // Default: false; turned on by DetectCitationStyle when the body has at
  // least 3 such markers and fewer than 3 bracket markers.
  bool parentheses = false;
  // Glued numbers followed by U+00A0 / U+2003 / U+2009 in the original.
  bool special_space_superscripts = true;
  // Glued numbers followed by ordinary white space. Default: true; turned off
  // by DetectCitationStyle when the document uses another style.
  bool plain_superscripts = true;
};

inline constexpr int kMaxUnlistedNumber = 999;

// Chooses the superscript rules from the markers of `spans` (normalised body
// spans): plain superscripts are read only when fewer than 3 bracket and 3
// special-space markers occur; parentheses only when fewer than 3 bracket
// and at least 3 parenthesised markers occur.
CitationStyle DetectCitationStyle(const Text& text,
                                  const std::vector<std::pair<size_t, size_t>>& spans,
                                  int max_number, int min_number = 1);

// The markers inside normalised [begin, end), in order. Linear in end-begin.
std::vector<Citation> FindCitations(const Text& text, size_t begin, size_t end,
                                    const CitationStyle& style);

// Expands a printed list ("40,41", "36-39", "5, 7-9", "1;3") into numbers in
// printed order. False (and `out` unchanged) when the list is malformed, a
// range runs backwards, or a number lies outside min_number..max_number
// (min_number..kMaxUnlistedNumber when max_number is 0).
bool ExpandCitationList(std::string_view list, int max_number,
                        std::vector<std::string>* out, int min_number = 1);

// The number of the last entry of a parsed reference list (lists may start
// past 1), 0 when the list is empty.
int LastReferenceNumber(const std::vector<graph::Reference>& references);
// The number of its first entry, 1 when the list is empty.
int FirstReferenceNumber(const std::vector<graph::Reference>& references);

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
