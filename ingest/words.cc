#include "ingest/words.h"

#include <algorithm>
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

namespace lg::ingest {
namespace {

bool IsAlnum(unsigned char c) { return std::isalnum(c) != 0; }
char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The start of the long form of `sf` ending at candidate.end(), or npos:
// each letter/digit of `sf`, right to left, matched in `candidate`, the first
// one at the start of a word.
size_t LongFormStart(std::string_view sf, std::string_view candidate) {
  long s = static_cast<long>(sf.size()) - 1;
  long l = static_cast<long>(candidate.size()) - 1;
  while (s >= 0) {
    char c = LowerAscii(sf[s]);
    if (!IsAlnum(static_cast<unsigned char>(c))) {
      --s;
      continue;
    }
    while (l >= 0 &&
           (LowerAscii(candidate[l]) != c ||
            (s == 0 && l > 0 && IsAlnum(static_cast<unsigned char>(candidate[l - 1]))))) {
      --l;
    }
    if (l < 0) return std::string_view::npos;
    --l;
    --s;
  }
  return static_cast<size_t>(l + 1);
}

}  // namespace

std::vector<Abbreviation> FindAbbreviations(std::string_view text, size_t begin,
                                            size_t end) {
  std::vector<Abbreviation> out;
  for (size_t i = begin; i < end; ++i) {
    if (text[i] != '(' && text[i] != '[') continue;
    char close = text[i] == '(' ? ')' : ']';
    size_t b = i + 1;
    size_t e = b;
    while (e < end && text[e] != close && text[e] != ',' && text[e] != ';' &&
           text[e] != ' ' && text[e] != '(' && text[e] != '[') {
      ++e;
    }
    if (e >= end || (text[e] != close && text[e] != ',' && text[e] != ';')) continue;
    std::string_view sf = text.substr(b, e - b);
    if (sf.size() < 2 || sf.size() > 10 || !IsAlnum(static_cast<unsigned char>(sf[0])))
      continue;
    if (std::none_of(sf.begin(), sf.end(),
                     [](unsigned char c) { return std::isalpha(c); })) {
      continue;
    }
    // Candidate: at most min(|sf| + 5, 2 |sf|) words before the bracket.
    size_t stop = i;
    while (stop > begin && text[stop - 1] == ' ') --stop;
    size_t max_words = std::min(sf.size() + 5, sf.size() * 2);
    size_t start = stop, words = 0;
    while (start > begin && words < max_words) {
      size_t w = start;
      while (w > begin && text[w - 1] == ' ') --w;
      if (w == begin) break;
      char prev = text[w - 1];
      if (prev == '.' || prev == ';' || prev == ',' || prev == ')' || prev == ']' ||
          prev == '(' || prev == '[' || prev == ':') {
        break;
      }
      while (w > begin && text[w - 1] != ' ' && text[w - 1] != '(' && text[w - 1] != '[')
        --w;
      start = w;
      ++words;
    }
    if (start >= stop) continue;
    std::string_view candidate = text.substr(start, stop - start);
    size_t at = LongFormStart(sf, candidate);
    if (at == std::string_view::npos) continue;
    // Extend to the start of the word holding the first letter.
    while (at > 0 && IsAlnum(static_cast<unsigned char>(candidate[at - 1]))) --at;
    std::string_view lf = candidate.substr(at);
    if (lf.size() <= sf.size()) continue;
    out.push_back({std::string(sf), std::string(lf), b, e});
  }
  return out;
}

bool IsRomanNumeral(std::string_view word) {
  if (word.empty() || word.size() > 4) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    char l = LowerAscii(c);
    return l == 'i' || l == 'v' || l == 'x';
  });
}

}  // namespace lg::ingest
