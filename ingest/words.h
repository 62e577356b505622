// Words: the tokenisation every recogniser rule shares. A word is a maximal
// run of ASCII letters and digits or non-ASCII bytes (so "α" stays inside a
// word). Separators are everything else.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lg::ingest {

struct Word {
  size_t begin = 0;  // offsets into the text passed to SplitWords
  size_t end = 0;
};

// The words of text[begin, end).
std::vector<Word> SplitWords(std::string_view text, size_t begin, size_t end);

// The plural of a class or agent phrase, on its last word: "inhibitor" ->
// "inhibitors", "therapy" -> "therapies", "analogue" -> "analogues"; a phrase
// already ending in 's' is returned unchanged.
std::string Pluralize(std::string_view phrase);

}  // namespace lg::ingest
