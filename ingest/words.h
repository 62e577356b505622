// Words: the tokenisation every recogniser rule shares. A word is a maximal
// run of ASCII letters and digits or non-ASCII bytes (so "α" stays inside a
// word). Separators are everything else. Also the word-level facts the rules
// read from a text: the abbreviations it defines, Roman numerals.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/text_util.h"

namespace lg::ingest {

struct Word {
  size_t begin = 0;  // offsets into the text passed to SplitWords
  size_t end = 0;
};

// ASCII lower case (graph/text_util.h), for every rule.
using graph::Lower;

// The words of text[begin, end).
std::vector<Word> SplitWords(std::string_view text, size_t begin, size_t end);

// The plural of a class or agent phrase, on its last word: "inhibitor" ->
// "inhibitors", "therapy" -> "therapies", "analogue" -> "analogues"; a phrase
// already ending in 's' is returned unchanged.
std::string Pluralize(std::string_view phrase);

}  // namespace lg::ingest

namespace lg::ingest {

// An abbreviation the text defines: "hazard ratio [HR]", "chemoimmunotherapy
// (CIT)". `long_form` is the shortest run of words before the bracket whose
// letters spell the short form in order, the first letter starting a word
// (Schwartz & Hearst, PSB 2003).
struct Abbreviation {
  std::string short_form;  // "HR"
  std::string long_form;   // "hazard ratio"
  size_t begin = 0;        // offsets of the short form in the text searched
  size_t end = 0;
};

// The abbreviations defined in text[begin, end): a short form of 2-10 bytes
// with a letter, alone inside '(' or '[' (or before ',' or ';' there), after
// its long form.
std::vector<Abbreviation> FindAbbreviations(std::string_view text, size_t begin,
                                            size_t end);

// True for a Roman numeral of 1-4 letters ("I", "III", "IV"), any case.
bool IsRomanNumeral(std::string_view word);

}  // namespace lg::ingest
