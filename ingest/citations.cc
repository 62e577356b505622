#include "ingest/citations.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

#include "graph/text_util.h"

namespace lg::ingest {
namespace {

using graph::IsDigit;
using graph::IsLetter;
using graph::IsLower;
using graph::IsSpace;
using graph::IsUpper;

int Bound(int max_number) { return max_number > 0 ? max_number : kMaxUnlistedNumber; }

bool Increasing(const std::vector<std::string>& numbers) {
  for (size_t k = 1; k < numbers.size(); ++k) {
    if (std::stoi(numbers[k]) <= std::stoi(numbers[k - 1])) return false;
  }
  return true;
}

std::optional<int> ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 6 || s[0] == '0') return std::nullopt;
  int value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

// True when the original bytes at `pos` start U+00A0, U+2003 or U+2009.
bool SpecialSpaceAt(const std::string& original, size_t pos) {
  auto at = [&](size_t k) {
    return pos + k < original.size() ? static_cast<unsigned char>(original[pos + k]) : 0;
  };
  if (at(0) == 0xC2 && at(1) == 0xA0) return true;
  return at(0) == 0xE2 && at(1) == 0x80 && (at(2) == 0x83 || at(2) == 0x89);
}

// A bracket marker opening at `i` ('['): its end (past ']') and numbers.
std::optional<Citation> Bracket(std::string_view s, size_t i, size_t end,
                                int max_number) {
  size_t j = i + 1;
  while (j < end && j - i < 4096 &&
         (IsDigit(s[j]) || s[j] == ',' || s[j] == '-' || s[j] == ';' || s[j] == ' ')) {
    ++j;
  }
  if (j >= end || s[j] != ']') return std::nullopt;
  Citation c;
  if (!ExpandCitationList(s.substr(i + 1, j - i - 1), max_number, &c.numbers)) {
    return std::nullopt;
  }
  c.begin = i;
  c.end = j + 1;
  return c;
}

// A superscript marker starting at the digit `i`, or nullopt.
std::optional<Citation> Superscript(const Text& text, size_t i, size_t begin, size_t end,
                                    const CitationStyle& style) {
  const std::string& s = text.normalized;
  if (style.max_number <= 0 || i == begin) return std::nullopt;
  const char prev = s[i - 1];
  bool after_letter = false;
  bool lower_word = false;
  if (IsLetter(prev)) {
    // The letter run before the number: at least 3 letters, not inside an
    // alphanumeric token (H3K79), not a fusion partner (KMT2A-MLLT10).
    size_t w = i - 1;
    while (w > begin && i - w < 64 && IsLetter(s[w - 1])) --w;
    const size_t len = i - w;
    if (len < 3) return std::nullopt;
    if (w > begin && (IsDigit(s[w - 1]) || s[w - 1] == '-' || s[w - 1] == ':' ||
                      s[w - 1] == '/' || s[w - 1] == '_')) {
      return std::nullopt;
    }
    lower_word =
        std::all_of(s.begin() + static_cast<long>(w), s.begin() + static_cast<long>(i),
                    [](char c) { return IsLower(c); });
    after_letter = true;
  } else if (prev == '.' || prev == ',' || prev == ';' || prev == ':') {
    // "46.1", "1,000", "1:2" are numbers, not citations; "ENT1.36,37" (a
    // gene name, then the marker) is not a number.
    if (i - 1 > begin && IsDigit(s[i - 2])) {
      size_t d = i - 2;
      while (d > begin && i - d < 16 && IsDigit(s[d - 1])) --d;
      size_t w = d;
      while (w > begin && d - w < 16 && IsLetter(s[w - 1])) --w;
      if (d - w < 2) return std::nullopt;
    }
  } else if (prev != ')' && prev != '%' && prev != '"' && prev != '\'') {
    return std::nullopt;
  }
  size_t j = i;
  bool spaced = false;
  while (j < end && j - i < 512) {
    if (IsDigit(s[j]) || s[j] == ',' || s[j] == '-') {
      ++j;
    } else if (s[j] == ' ' && s[j - 1] == ',' && j + 1 < end && IsDigit(s[j + 1])) {
      spaced = true;  // "cancer.5, 6 In": a list run on with ", "
      ++j;
    } else {
      break;
    }
  }
  if (s[j - 1] == ',' || s[j - 1] == '-') return std::nullopt;
  // The marker ends at white space or at the end of the span; the span may
  // stop just before the special space that follows it.
  if (j < end && !IsSpace(s[j])) return std::nullopt;
  const bool special =
      j < s.size() && IsSpace(s[j]) && SpecialSpaceAt(text.original, text.offsets[j]);
  if (special) {
    if (!style.special_space_superscripts) return std::nullopt;
    if (after_letter && !lower_word) {
      // An upper-case token with one digit is a gene or alias (FLT3, AF4).
      const size_t digits = static_cast<size_t>(
          std::find_if(s.begin() + static_cast<long>(i), s.begin() + static_cast<long>(j),
                       [](char c) { return !IsDigit(c); }) -
          (s.begin() + static_cast<long>(i)));
      if (digits < 2) return std::nullopt;
    }
  } else {
    if (!style.plain_superscripts) return std::nullopt;
    if (after_letter && !lower_word) return std::nullopt;
  }
  Citation c;
  if (!ExpandCitationList(s.substr(i, j - i), style.max_number, &c.numbers,
                          style.min_number)) {
    return std::nullopt;
  }
  // "at week 5, 6 patients": a spaced list must climb ("22, 23, 24").
  if (spaced && !Increasing(c.numbers)) return std::nullopt;
  c.begin = i;
  c.end = j;
  return c;
}

// "(12).", "(3, 4),", "(5-7)" at `i` ('('), followed by punctuation or the
// end of the span; not after a digit or a letter ("f(1)", "CD20(3)").
std::optional<Citation> Parenthesised(std::string_view s, size_t i, size_t begin,
                                      size_t end, const CitationStyle& style) {
  if (i > begin && (IsDigit(s[i - 1]) || IsLetter(s[i - 1]))) return std::nullopt;
  size_t j = i + 1;
  while (j < end && j - i < 256 &&
         (IsDigit(s[j]) || s[j] == ',' || s[j] == '-' || s[j] == ';' || s[j] == ' ')) {
    ++j;
  }
  if (j >= end || s[j] != ')' || j == i + 1) return std::nullopt;
  const size_t after = j + 1;
  if (after < end && s[after] != '.' && s[after] != ',' && s[after] != ';' &&
      s[after] != ':') {
    return std::nullopt;
  }
  Citation c;
  if (!ExpandCitationList(s.substr(i + 1, j - i - 1), style.max_number, &c.numbers,
                          style.min_number)) {
    return std::nullopt;
  }
  c.begin = i;
  c.end = after;
  return c;
}

// The ASCII digit of a Unicode superscript digit at `i` (¹ ² ³ ⁰ ⁴..⁹) and
// its byte length, or nullopt.
std::optional<std::pair<char, size_t>> SuperscriptDigitAt(std::string_view s, size_t i) {
  auto at = [&](size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  if (at(0) == 0xC2) {
    if (at(1) == 0xB9) return std::make_pair('1', size_t{2});
    if (at(1) == 0xB2) return std::make_pair('2', size_t{2});
    if (at(1) == 0xB3) return std::make_pair('3', size_t{2});
    return std::nullopt;
  }
  if (at(0) == 0xE2 && at(1) == 0x81) {
    if (at(2) == 0xB0) return std::make_pair('0', size_t{3});
    if (at(2) >= 0xB4 && at(2) <= 0xB9)
      return std::make_pair(static_cast<char>('4' + at(2) - 0xB4), size_t{3});
  }
  return std::nullopt;
}

// Unicode superscript digits at `i` glued to a word of 3+ letters or to
// punctuation: "cancer¹²,¹³". Separators ',' and '-' (or '⁻') may be printed
// on the line or raised.
std::optional<Citation> UnicodeSuperscript(std::string_view s, size_t i, size_t begin,
                                           size_t end, const CitationStyle& style) {
  if (i == begin) return std::nullopt;
  const char prev = s[i - 1];
  if (IsLetter(prev)) {
    size_t w = i - 1;
    while (w > begin && i - w < 64 && IsLetter(s[w - 1])) --w;
    if (i - w < 3) return std::nullopt;  // "m²", "cm³"
    if (w > begin && (IsDigit(s[w - 1]) || s[w - 1] == '/' || s[w - 1] == '-')) {
      return std::nullopt;
    }
  } else if (prev != '.' && prev != ',' && prev != ';' && prev != ':' && prev != ')' &&
             prev != '%' && prev != '"' && prev != '\'' && prev != ']') {
    return std::nullopt;
  }
  std::string list;
  size_t j = i;
  while (j < end && list.size() < 256) {
    if (auto digit = SuperscriptDigitAt(s, j)) {
      list.push_back(digit->first);
      j += digit->second;
    } else if (s[j] == ',' || s[j] == '-') {
      list.push_back(s[j]);
      ++j;
    } else if (j + 2 < end && static_cast<unsigned char>(s[j]) == 0xE2 &&
               static_cast<unsigned char>(s[j + 1]) == 0x81 &&
               static_cast<unsigned char>(s[j + 2]) == 0xBB) {
      list.push_back('-');  // U+207B superscript minus
      j += 3;
    } else {
      break;
    }
  }
  while (!list.empty() && (list.back() == ',' || list.back() == '-')) {
    list.pop_back();
    --j;  // the separator was one byte on the line ("cancer¹,")
  }
  Citation c;
  if (list.empty() ||
      !ExpandCitationList(list, style.max_number, &c.numbers, style.min_number)) {
    return std::nullopt;
  }
  c.begin = i;
  c.end = j;
  return c;
}

std::vector<Citation> Scan(const Text& text, size_t begin, size_t end,
                           const CitationStyle& style, int* special_count) {
  const std::string& s = text.normalized;
  std::vector<Citation> out;
  end = std::min(end, s.size());
  size_t i = begin;
  while (i < end) {
    const char c = s[i];
    if (c == '[' && style.brackets) {
      if (auto cit = Bracket(s, i, end, style.max_number)) {
        i = cit->end;
        out.push_back(std::move(*cit));
        continue;
      }
    } else if (c == '(' && style.parentheses) {
      if (auto cit = Parenthesised(s, i, begin, end, style)) {
        i = cit->end;
        out.push_back(std::move(*cit));
        continue;
      }
    } else if ((c == '\xC2' || c == '\xE2') && style.max_number > 0 &&
               SuperscriptDigitAt(s, i)) {
      if (auto cit = UnicodeSuperscript(s, i, begin, end, style)) {
        i = cit->end;
        out.push_back(std::move(*cit));
        continue;
      }
      while (i < end && SuperscriptDigitAt(s, i)) i += SuperscriptDigitAt(s, i)->second;
      continue;
    } else if (IsDigit(c) && i > begin && !IsDigit(s[i - 1])) {
      if (auto cit = Superscript(text, i, begin, end, style)) {
        if (special_count != nullptr && cit->end < s.size() &&
            SpecialSpaceAt(text.original, text.offsets[cit->end])) {
          ++*special_count;
        }
        i = cit->end;
        out.push_back(std::move(*cit));
        continue;
      }
      while (i < end && IsDigit(s[i])) ++i;
      continue;
    }
    ++i;
  }
  return out;
}

}  // namespace

bool ExpandCitationList(std::string_view list, int max_number,
                        std::vector<std::string>* out, int min_number) {
  const int bound = Bound(max_number);
  std::vector<std::string> numbers;
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < list.size() && list[i] == ' ') ++i;
  };
  auto read_number = [&]() -> std::optional<int> {
    skip_spaces();
    const size_t start = i;
    while (i < list.size() && IsDigit(list[i])) ++i;
    auto n = ParseNumber(list.substr(start, i - start));
    skip_spaces();
    return n;
  };
  while (true) {
    auto lo = read_number();
    if (!lo || *lo < std::max(min_number, 1) || *lo > bound) return false;
    int hi = *lo;
    if (i < list.size() && list[i] == '-') {
      ++i;
      auto h = read_number();
      if (!h || *h <= *lo || *h > bound) return false;
      hi = *h;
    }
    for (int n = *lo; n <= hi; ++n) numbers.push_back(std::to_string(n));
    if (i == list.size()) break;
    if (list[i] != ',' && list[i] != ';') return false;
    ++i;
  }
  out->insert(out->end(), numbers.begin(), numbers.end());
  return true;
}

int FirstReferenceNumber(const std::vector<graph::Reference>& references) {
  if (references.empty()) return 1;
  auto n = ParseNumber(references.front().n);
  return n ? *n : 1;
}

int LastReferenceNumber(const std::vector<graph::Reference>& references) {
  if (references.empty()) return 0;
  auto n = ParseNumber(references.back().n);
  return n ? *n : static_cast<int>(references.size());
}

void SortRefs(std::vector<std::string>* refs) {
  auto key = [](const std::string& r) {
    auto n = ParseNumber(r);
    return std::make_pair(n ? *n : 1 << 30, r);
  };
  std::sort(refs->begin(), refs->end(),
            [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
  refs->erase(std::unique(refs->begin(), refs->end()), refs->end());
}

CitationStyle DetectCitationStyle(const Text& text,
                                  const std::vector<std::pair<size_t, size_t>>& spans,
                                  int max_number, int min_number) {
  CitationStyle style;
  style.max_number = max_number;
  style.min_number = min_number;
  style.plain_superscripts = false;
  style.parentheses = max_number > 0;
  int brackets = 0;
  int parentheses = 0;
  int special = 0;
  for (const auto& [b, e] : spans) {
    for (const Citation& c : Scan(text, b, e, style, &special)) {
      if (text.normalized[c.begin] == '[') ++brackets;
      if (text.normalized[c.begin] == '(') ++parentheses;
    }
  }
  style.plain_superscripts = brackets < 3 && special < 3;
  style.parentheses = brackets < 3 && parentheses >= 3;
  return style;
}

std::vector<Citation> FindCitations(const Text& text, size_t begin, size_t end,
                                    const CitationStyle& style) {
  return Scan(text, begin, end, style, nullptr);
}

namespace {

std::vector<std::string> OwnRefs(const Sentence& sentence) {
  std::vector<std::string> refs;
  for (const Citation& c : sentence.citations) {
    refs.insert(refs.end(), c.numbers.begin(), c.numbers.end());
  }
  SortRefs(&refs);
  return refs;
}

bool IsPassageBlock(BlockKind kind) {
  return kind == BlockKind::kParagraph || kind == BlockKind::kCaption ||
         kind == BlockKind::kTableNote;
}

// The paragraph block that `block` continues, or -1.
std::vector<long> ContinuedBlocks(const Document& doc) {
  std::vector<long> continued(doc.blocks.size(), -1);
  long last_paragraph = -1;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    if (block.kind == BlockKind::kHeading) last_paragraph = -1;
    if (block.kind != BlockKind::kParagraph) continue;
    if (block.continues_previous) continued[b] = last_paragraph;
    last_paragraph = static_cast<long>(b);
  }
  return continued;
}

// Tables a sentence names ("Table 1", "Tables 2"), by label.
std::vector<size_t> TablesNamed(std::string_view sentence,
                                const std::map<std::string, size_t>& by_label) {
  std::vector<size_t> out;
  if (by_label.empty()) return out;
  size_t pos = 0;
  while ((pos = sentence.find("Table", pos)) != std::string_view::npos) {
    size_t i = pos + 5;
    if (i < sentence.size() && sentence[i] == 's') ++i;
    while (i < sentence.size() && sentence[i] == ' ') ++i;
    const size_t digits = i;
    while (i < sentence.size() && i - digits < 4 && IsDigit(sentence[i])) ++i;
    pos = i > pos + 5 ? i : pos + 5;
    if (i == digits) continue;
    auto it = by_label.find("Table " + std::string(sentence.substr(digits, i - digits)));
    if (it != by_label.end()) out.push_back(it->second);
  }
  return out;
}

}  // namespace

void AttachRefs(Document* doc) {
  std::vector<Sentence>& sentences = doc->sentences;
  for (Sentence& s : sentences) {
    s.refs = OwnRefs(s);
    s.refs_inherited = false;
  }

  // Table rows: the "References" cell, read as a bare number list too.
  for (const Table& table : doc->tables) {
    long ref_column = -1;
    for (size_t k = 0; k < table.header.size(); ++k) {
      std::string h;
      for (char c : table.header[k]) {
        if (IsLetter(c))
          h.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
      if (h == "references" || h == "reference" || h == "refs" || h == "ref") {
        ref_column = static_cast<long>(k);
      }
    }
    if (ref_column < 0) continue;
    for (const Table::Row& row : table.rows) {
      if (static_cast<size_t>(ref_column) >= row.cells.size()) continue;
      const auto [b, e] = row.cells[static_cast<size_t>(ref_column)];
      std::string cell(doc->Slice(b, e));
      std::string list;
      for (char c : cell) {
        if (c != '[' && c != ']') list.push_back(c);
      }
      std::vector<std::string> numbers;
      const int max = LastReferenceNumber(doc->references);
      if (ExpandCitationList(list, max, &numbers)) {
        Sentence& s = sentences[row.sentence];
        s.refs.insert(s.refs.end(), numbers.begin(), numbers.end());
        SortRefs(&s.refs);
      }
    }
  }

  // Passages: walk the blocks backwards carrying the refs of the next cited
  // sentence; a paragraph's carry at its start flows into the paragraph it
  // continues.
  const std::vector<long> continued = ContinuedBlocks(*doc);
  std::vector<size_t> first(doc->blocks.size(), sentences.size());
  std::vector<size_t> last(doc->blocks.size(), 0);
  for (size_t k = 0; k < sentences.size(); ++k) {
    const size_t b = sentences[k].block;
    first[b] = std::min(first[b], k);
    last[b] = k + 1;
  }
  std::vector<std::vector<std::string>> inherit(doc->blocks.size());
  for (size_t b = doc->blocks.size(); b-- > 0;) {
    if (!IsPassageBlock(doc->blocks[b].kind) || first[b] >= last[b]) continue;
    std::vector<std::string> carry = std::move(inherit[b]);
    for (size_t k = last[b]; k-- > first[b];) {
      Sentence& s = sentences[k];
      if (!s.refs.empty()) {
        carry = s.refs;
      } else if (!carry.empty()) {
        s.refs = carry;
        s.refs_inherited = true;
      }
    }
    if (continued[b] >= 0) inherit[static_cast<size_t>(continued[b])] = std::move(carry);
  }
  // A paragraph's tail that no citation closes takes the nearest citation
  // before it in the same paragraph ("... were described.9 Three partners
  // make up most cases: ...").
  for (size_t b = 0; b < doc->blocks.size(); ++b) {
    if (!IsPassageBlock(doc->blocks[b].kind) || first[b] >= last[b]) continue;
    std::vector<std::string> carry;
    for (size_t k = first[b]; k < last[b]; ++k) {
      Sentence& s = sentences[k];
      if (!s.citations.empty()) {
        carry = s.refs;
      } else if (s.refs.empty() && !carry.empty()) {
        s.refs = carry;
        s.refs_inherited = true;
      }
    }
  }

  // A bullet without refs takes those of the item it hangs under ("1. The
  // X trial ... [54]" then "- The median PFS was ...").
  for (Sentence& s : sentences) {
    const Block& block = doc->blocks[s.block];
    if (!s.refs.empty() || block.parent < 0) continue;
    const auto parent = static_cast<size_t>(block.parent);
    if (first[parent] >= last[parent]) continue;
    for (size_t k = last[parent]; k-- > first[parent];) {
      if (sentences[k].refs.empty()) continue;
      s.refs = sentences[k].refs;
      s.refs_inherited = true;
      break;
    }
  }

  // Rows without refs: the caption's own citations, else those of the first
  // cited body sentence naming the table ("shown in Table 1 [10,11]").
  std::vector<std::vector<std::string>> fallback(doc->tables.size());
  std::map<std::string, size_t> by_label;
  for (size_t t = 0; t < doc->tables.size(); ++t) {
    if (!doc->tables[t].label.empty()) by_label.emplace(doc->tables[t].label, t);
  }
  std::vector<bool> from_caption(doc->tables.size(), false);
  for (const Sentence& s : sentences) {
    const Block& block = doc->blocks[s.block];
    if (block.kind == BlockKind::kCaption && block.table >= 0 && !s.citations.empty()) {
      const auto t = static_cast<size_t>(block.table);
      if (!from_caption[t]) fallback[t].clear();
      from_caption[t] = true;
      for (const Citation& c : s.citations) {
        fallback[t].insert(fallback[t].end(), c.numbers.begin(), c.numbers.end());
      }
    } else if (block.kind == BlockKind::kParagraph && !s.citations.empty()) {
      for (size_t t : TablesNamed(doc->Slice(s.begin, s.end), by_label)) {
        if (!from_caption[t] && fallback[t].empty()) {
          for (const Citation& c : s.citations) {
            fallback[t].insert(fallback[t].end(), c.numbers.begin(), c.numbers.end());
          }
        }
      }
    }
  }
  for (size_t t = 0; t < doc->tables.size(); ++t) {
    SortRefs(&fallback[t]);
    if (fallback[t].empty()) continue;
    for (const Table::Row& row : doc->tables[t].rows) {
      Sentence& s = sentences[row.sentence];
      if (s.refs.empty()) {
        s.refs = fallback[t];
        s.refs_inherited = true;
      }
    }
  }
}

}  // namespace lg::ingest
