#include "ingest/words.h"

#include <cctype>

namespace lg::ingest {

std::vector<Word> SplitWords(std::string_view text, size_t begin, size_t end) {
  std::vector<Word> words;
  auto is_word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  size_t i = begin;
  while (i < end) {
    while (i < end && !is_word(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= end) break;
    size_t b = i;
    while (i < end && is_word(static_cast<unsigned char>(text[i]))) ++i;
    words.push_back({b, i});
  }
  return words;
}

std::string Pluralize(std::string_view phrase) {
  std::string p(phrase);
  if (p.empty() || p.back() == 's') return p;
  if (p.size() > 1 && p.back() == 'y' &&
      std::string_view("aeiou").find(p[p.size() - 2]) == std::string_view::npos) {
    p.pop_back();
    return p + "ies";
  }
  return p + "s";
}

}  // namespace lg::ingest
