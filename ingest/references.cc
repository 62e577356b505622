#include "ingest/references.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "graph/text_util.h"

namespace lg::ingest {
namespace {

struct Line {
  size_t begin = 0;  // normalised span without the '\n'
  size_t end = 0;
};

using graph::IsSpace;
using graph::TrimSpace;

// Collapses runs of white space to one ' ' and trims.
std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// The normalised form of a fragment (markup removed, dashes and quotes
// folded), white space collapsed.
std::string Clean(std::string_view s) {
  auto text = MakeText("reference", std::string(s));
  return Collapse(text.ok() ? std::string_view(text->normalized) : s);
}

std::vector<Line> SplitLines(const std::string& s) {
  std::vector<Line> lines;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      lines.push_back({start, i});
      start = i + 1;
    }
  }
  return lines;
}

// "12." / "12. text" / "[12]" / "[12] text" at the start of `line`: the
// number and the length of the prefix including following white space.
std::optional<std::pair<std::string, size_t>> EntryNumber(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  const bool bracket = i < line.size() && line[i] == '[';
  if (bracket) ++i;
  const size_t digits = i;
  while (i < line.size() && i - digits < 5 &&
         std::isdigit(static_cast<unsigned char>(line[i])))
    ++i;
  if (i == digits || line[digits] == '0') return std::nullopt;
  std::string number(line.substr(digits, i - digits));
  if (i >= line.size() || line[i] != (bracket ? ']' : '.')) return std::nullopt;
  ++i;
  if (i < line.size() && !IsSpace(line[i])) return std::nullopt;
  while (i < line.size() && IsSpace(line[i])) ++i;
  return std::make_pair(std::move(number), i);
}

bool IsReferenceHeading(std::string_view line) {
  static const RE2 kHeading(
      R"((?i)^\s*(?:#+\s*)?(?:\d+\.?\s+)?(?:references(?: and notes)?|reference list|bibliography|literature cited|works cited|cited literature)\s*:?\s*$)");
  return line.size() < 60 && RE2::FullMatch(line, kHeading);
}

bool IsBlank(std::string_view line) { return TrimSpace(line).empty(); }

// Joins the lines of an entry. Lines that are lone punctuation tokens (the
// one-token-per-line layout) attach without a space: "108", "(", "2", "):".
void AppendPiece(std::string* out, std::string_view piece) {
  piece = TrimSpace(piece);
  if (piece.empty()) return;
  if (!out->empty()) {
    const char first = piece.front();
    const char last = out->back();
    const bool glue_before = first == ',' || first == '.' || first == ';' ||
                             first == ':' || first == ')' || piece == "(" ||
                             piece == "-" || piece == "\xE2\x80\x93";
    const char before_last = out->size() >= 2 ? (*out)[out->size() - 2] : ' ';
    const bool digit_before = std::isdigit(static_cast<unsigned char>(before_last)) != 0;
    // "2001;1(2):3-4": volume, issue and pages follow without spaces.
    const bool glue_after =
        last == '(' || out->ends_with("\xE2\x80\x93") || (last == '-' && digit_before) ||
        ((last == ';' || last == ':') && (digit_before || before_last == ')') &&
         std::isdigit(static_cast<unsigned char>(first)));
    if (!glue_before && !glue_after) out->push_back(' ');
  }
  out->append(piece);
}

struct Chain {
  size_t first_line = 0;
  int first_number = 1;
  std::vector<std::pair<size_t, size_t>> entries;  // line ranges [from, to)
  size_t end_line = 0;
};

// Follows entries N, N+1, N+2... from the line holding entry N (`start`).
Chain FollowChain(const std::string& s, const std::vector<Line>& lines, size_t first,
                  int start) {
  Chain chain;
  chain.first_line = first;
  chain.first_number = start;
  int expected = start + 1;
  size_t entry_start = first;
  size_t last_content = first;
  bool blank = false;
  for (size_t i = first + 1; i < lines.size(); ++i) {
    const std::string_view line(s.data() + lines[i].begin, lines[i].end - lines[i].begin);
    if (IsBlank(line)) {
      blank = true;
      continue;
    }
    auto number = EntryNumber(line);
    if (number && number->first == std::to_string(expected)) {
      chain.entries.push_back({entry_start, last_content + 1});
      entry_start = i;
      last_content = i;
      ++expected;
      blank = false;
      continue;
    }
    if (blank) break;
    last_content = i;
  }
  chain.entries.push_back({entry_start, last_content + 1});
  chain.end_line = last_content + 1;
  return chain;
}

}  // namespace

ReferenceList FindReferenceList(const Text& text) {
  const std::string& s = text.normalized;
  const std::vector<Line> lines = SplitLines(s);
  auto line_view = [&](size_t i) {
    return std::string_view(s.data() + lines[i].begin, lines[i].end - lines[i].begin);
  };
  auto is_first_entry = [&](size_t i) {
    auto number = EntryNumber(line_view(i));
    return number && number->first == "1";
  };
  // Under a heading the list may start at any number: an excerpt keeps its
  // section's numbering ("53.", "54.", ...).
  auto entry_number = [&](size_t i) -> int {
    auto number = EntryNumber(line_view(i));
    return number ? std::stoi(number->first) : 0;
  };

  std::optional<Chain> best;
  std::optional<size_t> heading;
  // A heading followed (within a few non-blank lines) by entry 1.
  for (size_t i = lines.size(); i-- > 0;) {
    if (!IsReferenceHeading(line_view(i))) continue;
    size_t seen = 0;
    for (size_t j = i + 1; j < lines.size() && seen < 4; ++j) {
      if (IsBlank(line_view(j))) continue;
      ++seen;
      if (const int first = entry_number(j); first > 0) {
        Chain chain = FollowChain(s, lines, j, first);
        if (first == 1 || chain.entries.size() >= 3) {
          best = std::move(chain);
          heading = i;
        }
        break;
      }
    }
    if (best) break;
  }
  if (!best) {
    // The longest of the last few runs starting at entry 1 (ties: the later).
    constexpr int kCandidates = 8;
    int tried = 0;
    for (size_t i = lines.size(); i-- > 0 && tried < kCandidates;) {
      if (!is_first_entry(i)) continue;
      ++tried;
      Chain chain = FollowChain(s, lines, i, 1);
      if (chain.entries.size() >= 3 &&
          (!best || chain.entries.size() > best->entries.size())) {
        best = std::move(chain);
      }
    }
  }

  ReferenceList list;
  if (!best) return list;
  list.found = true;
  if (heading) {
    list.heading_begin = lines[*heading].begin;
    list.heading_end = lines[*heading].end;
    list.begin = list.heading_begin;
  } else {
    list.begin = lines[best->first_line].begin;
  }
  list.end = lines[best->end_line - 1].end;
  int n = best->first_number;
  for (const auto& [from, to] : best->entries) {
    ReferenceEntry entry;
    entry.number = std::to_string(n++);
    entry.begin = lines[from].begin;
    entry.end = lines[to - 1].end;
    for (size_t i = from; i < to; ++i) {
      size_t b = lines[i].begin;
      if (i == from) b += EntryNumber(line_view(i))->second;
      const auto [ob, oe] = text.ToOriginal(b, lines[i].end);
      AppendPiece(&entry.printed, std::string_view(text.original).substr(ob, oe - ob));
    }
    list.references.push_back(ParseReference(entry.number, entry.printed));
    list.entries.push_back(std::move(entry));
  }
  return list;
}

namespace {

// Whether `text` contains `lower_word` (lower-case ASCII letters, no 's' or
// 'k': RE2's (?i) also folds those to U+017F and U+212A), ignoring ASCII
// case: a cheap necessary condition checked before a pattern that needs the
// word. (c | 0x20) == x holds for a letter x only when c is x in either case.
bool HasNoCase(std::string_view text, std::string_view lower_word) {
  const size_t n = lower_word.size();
  if (text.size() < n) return false;
  for (size_t i = 0; i + n <= text.size(); ++i) {
    if ((text[i] | 0x20) != lower_word[0]) continue;
    size_t k = 1;
    while (k < n && (text[i + k] | 0x20) == lower_word[k]) ++k;
    if (k == n) return true;
  }
  return false;
}

std::string StripLinks(std::string s) {
  // Every button holds a '['.
  if (s.find('[') == std::string::npos) return s;
  // Markdown link buttons: "[\[CrossRef\]](#)", "[CrossRef]", "[PubMed]".
  static const RE2 kButtons(
      R"((?i)\[?\\?\[(?:crossref|pubmed(?: abstract)?|google scholar|green version|pmc free article|scopus|web of science|ref list)\\?\]\]?(?:\([^)]*\))?)");
  RE2::GlobalReplace(&s, kButtons, "");
  return s;
}

// Trims white space and trailing '.', ',' and ';'.
std::string TrimField(std::string_view s) {
  s = TrimSpace(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';')) {
    s.remove_suffix(1);
    s = TrimSpace(s);
  }
  return std::string(s);
}

void ExtractIdentifiers(const std::string& text, graph::Reference* ref) {
  static const RE2 kDoi(
      R"((?i)(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s<>"]+))");
  static const RE2 kBareDoi(R"(\b(10\.\d{4,9}/[^\s<>"]+))");
  static const RE2 kPmid(R"((?i)\bPMID:?\s*(\d{1,9}))");
  static const RE2 kUrl(R"((https?://[^\s<>"]+))");
  static const RE2 kRegistry(R"(\b(NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|\d{4}-\d{6}-\d{2}))");
  // Each pattern needs a word or a literal the cheap checks look for first.
  std::string doi;
  if (text.find("10.") != std::string::npos &&
      (RE2::PartialMatch(text, kDoi, &doi) || RE2::PartialMatch(text, kBareDoi, &doi))) {
    while (!doi.empty() && (doi.back() == '.' || doi.back() == ',' || doi.back() == ';' ||
                            doi.back() == ')' || doi.back() == ']')) {
      doi.pop_back();
    }
    ref->doi = doi;
  }
  static const RE2 kPmcid(R"((?i)\bPMCID:?\s*(PMC\d{1,9})\b|\b(PMC\d{4,9})\b)");
  if (HasNoCase(text, "pmid")) RE2::PartialMatch(text, kPmid, &ref->pmid);
  std::string pmcid, bare_pmcid;
  if (HasNoCase(text, "pmc") && RE2::PartialMatch(text, kPmcid, &pmcid, &bare_pmcid)) {
    ref->pmcid = pmcid.empty() ? bare_pmcid : pmcid;
  }
  std::string url;
  if (text.find("http") != std::string::npos && RE2::PartialMatch(text, kUrl, &url)) {
    while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')' ||
                            url.back() == ';')) {
      url.pop_back();
    }
    ref->url = url;
    std::string registry;
    if (RE2::PartialMatch(url, kRegistry, &registry)) ref->registry_id = registry;
  }
}

// Removes "[abstract]" and "[published correction ...]"-like tags from a title;
// sets kind "abstract" for the former.
void RemoveNotes(std::string* s) {
  static const RE2 kNote(
      R"((?i)\s*\[(?:published (?:correction|erratum)[^\]]*|erratum[^\]]*|epub ahead of print|article in [^\]]*|in press|retracted[^\]]*)\])");
  if (s->find('[') == std::string::npos) return;  // every note is bracketed
  RE2::GlobalReplace(s, kNote, "");
}

std::string CleanTitle(std::string title, graph::Reference* ref) {
  static const RE2 kAbstract(R"((?i)\s*\[abstract\])");
  if (title.find('[') != std::string::npos &&
      RE2::GlobalReplace(&title, kAbstract, "") > 0) {
    ref->kind = "abstract";
  }
  RemoveNotes(&title);
  return TrimField(title);
}

// Authors and title of an MDPI entry: "A, B.; C, D.E. Title." (normalised).
// Authors are consumed one by one so that a title holding "; " stays whole.
void ParseMdpiHead(std::string_view head, graph::Reference* ref) {
  static const RE2 kAuthor(
      R"(([^,;]{1,80}),\s*((?:[A-Z\x{00C0}-\x{024F}][a-z]?\.\s?-?\s?)+(?:,?\s*(?:Jr|Sr)\.)?)(;\s|\s+))");
  static const RE2 kEtAl(R"(et al\.\s*)");
  re2::StringPiece rest(head.data(), head.size());
  while (!rest.empty()) {
    std::string family, initials, sep;
    if (!RE2::Consume(&rest, kAuthor, &family, &initials, &sep)) break;
    std::string author = std::string(TrimSpace(family));
    std::string compact;
    for (char c : initials) {
      if (c != '.' && c != ',' && c != ' ') compact.push_back(c);
    }
    if (!compact.empty()) author += " " + compact;
    ref->authors.push_back(author);
    if (ref->first_author.empty()) ref->first_author = std::string(TrimSpace(family));
    if (sep[0] != ';') break;  // the last author: the title follows
    if (rest.starts_with("et al") && RE2::Consume(&rest, kEtAl)) break;
  }
  ref->title = CleanTitle(std::string(rest.data(), rest.size()), ref);
}

}  // namespace

std::optional<MdpiParts> SplitMdpi(std::string_view s) {
  static const RE2 kJournalYear(
      R"(^(.*?)\s\*([^*]+?)\*\s*\*\*((?:1[89]|20)\d\d)\*\*(.*)$)");
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!graph::IsWellFormedUtf8(s)) {
    re2::StringPiece g[4];
    if (!RE2::FullMatch(s, kJournalYear, &g[0], &g[1], &g[2], &g[3])) return std::nullopt;
    return MdpiParts{std::string_view(g[0].data(), g[0].size()),
                     std::string_view(g[1].data(), g[1].size()),
                     std::string_view(g[2].data(), g[2].size()),
                     std::string_view(g[3].data(), g[3].size())};
  }
  // The head is the shortest run (no newline) after which the rest
  // matches; the rest has one reading: the journal runs to the next '*', the
  // year is the bold one after it, the tail is all that follows (no newline).
  auto rest_at = [&](size_t i) -> std::optional<MdpiParts> {
    const size_t journal = i + 2;
    const size_t close = s.find('*', journal);
    if (close == std::string_view::npos || close == journal) return std::nullopt;
    size_t m = close + 1;
    while (m < s.size() && space(s[m])) ++m;
    if (s.substr(m, 2) != "**" || m + 8 > s.size()) return std::nullopt;
    const std::string_view year = s.substr(m + 2, 4);
    const bool century = (year[0] == '1' && (year[1] == '8' || year[1] == '9')) ||
                         (year[0] == '2' && year[1] == '0');
    if (!century || !digit(year[2]) || !digit(year[3]) || s.substr(m + 6, 2) != "**") {
      return std::nullopt;
    }
    const std::string_view tail = s.substr(m + 8);
    if (tail.find('\n') != std::string_view::npos) return std::nullopt;
    return MdpiParts{s.substr(0, i), s.substr(journal, close - journal), year, tail};
  };
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (space(s[i]) && s[i + 1] == '*') {
      if (auto parts = rest_at(i)) return parts;
    }
    if (s[i] == '\n') break;  // the head holds no newline
  }
  return std::nullopt;
}

std::optional<VancouverAuthor> ReadVancouverAuthor(std::string_view s) {
  static const RE2 kAuthor(
      R"(([^,.;:()\[\]0-9][^,.;:()\[\]]{0,60}?) ([A-Z]{1,5})\b(?: (?:Jr|Sr|2nd|3rd|II|III)\b)?)");
  if (!graph::IsWellFormedUtf8(s)) {
    re2::StringPiece rest(s.data(), s.size()), family, initials;
    if (!RE2::Consume(&rest, kAuthor, &family, &initials)) return std::nullopt;
    return VancouverAuthor{std::string_view(family.data(), family.size()),
                           std::string_view(initials.data(), initials.size()),
                           static_cast<size_t>(rest.data() - s.data())};
  }
  auto cp_len = [&](size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  };
  auto word = [&](size_t i) {  // RE2's \w, ASCII only
    const char c = s[i];
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == '_';
  };
  auto boundary_after = [&](size_t i) { return i == s.size() || !word(i); };
  auto upper = [&](size_t i) { return i < s.size() && s[i] >= 'A' && s[i] <= 'Z'; };
  const std::string_view kStop = ",.;:()[]";
  if (s.empty() || kStop.find(s[0]) != std::string_view::npos ||
      (s[0] >= '0' && s[0] <= '9')) {
    return std::nullopt;
  }
  // The family name is the shortest run (1 + at most 60 code points) that
  // a space and a run of 1-5 capitals ending at a word boundary follow; the
  // capitals can only be the whole run (a shorter one ends before a capital).
  size_t pos = cp_len(0);
  for (int extra = 0;; ++extra) {
    if (pos < s.size() && s[pos] == ' ') {
      size_t run = 0;
      while (upper(pos + 1 + run)) ++run;
      if (run >= 1 && run <= 5 && boundary_after(pos + 1 + run)) {
        size_t end = pos + 1 + run;
        if (end < s.size() && s[end] == ' ') {
          for (std::string_view suffix : {"Jr", "Sr", "2nd", "3rd", "II", "III"}) {
            if (s.substr(end + 1, suffix.size()) == suffix &&
                boundary_after(end + 1 + suffix.size())) {
              end += 1 + suffix.size();
              break;
            }
          }
        }
        return VancouverAuthor{s.substr(0, pos), s.substr(pos + 1, run), end};
      }
    }
    if (extra == 60 || pos >= s.size() || kStop.find(s[pos]) != std::string_view::npos) {
      return std::nullopt;
    }
    pos += cp_len(pos);
  }
}

namespace {

// MDPI: "Authors. Title. *Journal* **Year**, *Volume*, pages." Returns false
// when the entry is not in this layout.
bool ParseMdpi(const std::string& printed, graph::Reference* ref) {
  static const RE2 kVolume(
      R"(^\s*,\s*\*([^*]+)\*(?:\s*\(([^)]*)\))?\s*(?:,\s*([^\s.,;\[]+))?)");
  // kJournalYear needs a bold year "**2019**": skip the (costly, four
  // captures) full match when there is no "**" at all.
  if (printed.find("**") == std::string::npos) return false;
  std::optional<MdpiParts> parts = SplitMdpi(printed);
  if (!parts) return false;
  const std::string head(parts->head), journal(parts->journal), year(parts->year),
      tail(parts->tail);
  ref->journal = std::string(TrimSpace(Clean(journal)));  // as printed, dots kept
  ref->year = year;
  std::string volume, issue, pages;
  if (RE2::PartialMatch(tail, kVolume, &volume, &issue, &pages)) {
    ref->volume = Clean(volume);
    ref->pages = Clean(pages);
  }
  ParseMdpiHead(Clean(head), ref);
  return true;
}

// Index just past the author list of a Vancouver entry ("Smith J, Doe AB, et
// al." or "...; Group Name."), or 0 when the entry does not open with one.
size_t VancouverAuthors(std::string_view s, graph::Reference* ref) {
  static const RE2 kEtAl(R"(et al\b)");
  re2::StringPiece rest(s.data(), s.size());
  std::vector<std::pair<std::string, std::string>> authors;
  while (true) {
    re2::StringPiece before = rest;
    if (rest.starts_with("et al") && RE2::Consume(&rest, kEtAl)) {
      // after "et al" comes '.' or ';'
    } else if (auto author = ReadVancouverAuthor({rest.data(), rest.size()})) {
      authors.emplace_back(author->family, author->initials);
      rest.remove_prefix(author->length);
    } else {
      rest = before;
      break;
    }
    if (rest.starts_with(", ")) {
      rest.remove_prefix(2);
      continue;
    }
    break;
  }
  if (authors.empty()) {
    // A corporate author: "Children's Oncology Group. Title. ..."
    static const RE2 kGroup(
        R"(^([^.]{3,120}?\b(?:Group|Organi[sz]ation|Committee|Consortium|Society|Association|Network|Investigators|Collaborat\w*|Institute|Agency|Council|Working Party|Panel|Foundation|Cent(?:er|re)|Program(?:me)?|Alliance|Board))[.:]\s)");
    std::string group;
    if (!RE2::PartialMatch(s, kGroup, &group)) return 0;
    ref->authors.push_back(group);
    ref->first_author = group;
    return group.size() + 1;
  }
  // Group author after ';' ends at a ". " not preceded by a short
  // abbreviation ("St. Jude").
  if (rest.starts_with("; ") || rest.starts_with(";")) {
    rest.remove_prefix(rest.starts_with("; ") ? 2 : 1);
    const std::string_view r(rest.data(), rest.size());
    size_t end = std::string_view::npos;
    for (size_t i = 0; i + 1 < r.size(); ++i) {
      if (r[i] != '.' || r[i + 1] != ' ') continue;
      size_t w = i;
      while (w > 0 && std::isalpha(static_cast<unsigned char>(r[w - 1]))) --w;
      const size_t len = i - w;
      if (len <= 2 && len > 0 && std::isupper(static_cast<unsigned char>(r[w]))) continue;
      end = i;
      break;
    }
    if (end == std::string_view::npos) return 0;
    rest.remove_prefix(end);
  }
  // The list ends "." (Vancouver) or ":" (PDQ, Lancet: "Smith J, et al.: ").
  if (rest.starts_with(".:")) rest.remove_prefix(1);
  if (!rest.starts_with(".") && !rest.starts_with(":")) return 0;
  rest.remove_prefix(1);
  for (const auto& [family, initials] : authors) {
    ref->authors.push_back(family + " " + initials);
  }
  ref->first_author = authors.front().first;
  return static_cast<size_t>(rest.data() - s.data());
}

// The title of a padded entry (". " + body) that ends with the boundary
// character at `boundary` ('.', '?', '!' or the ']' of "[Abstract]").
std::string TitleBefore(std::string_view padded, size_t boundary, graph::Reference* ref) {
  const size_t title_len = boundary >= 2 ? boundary + 1 - 2 : 0;
  return CleanTitle(std::string(padded.substr(2, title_len)), ref);
}

// Lancet/Vancouver without a period after the journal: "Title. Journal Year;
// Vol: Pages." or "Title. Journal Year." (`padded` is ". " + body). The
// journal holds no period. False when the entry has no such tail.
bool ParseJournalYearVolume(const std::string& padded, graph::Reference* ref) {
  static const RE2 kTail(
      R"(([.?!\]])\s+([A-Z][^.?!;:]*?[^.?!;:\s])\s+((?:1[89]|20)\d\d)[a-z]?\s*(?:;\s*([^(:;.\s]+)?\s*(?:\(([^)]*)\))?\s*(?::\s*([^\s.;,]+))?[^;]*|\.?)\s*$)");
  re2::StringPiece match[7];
  if (!kTail.Match(padded, 0, padded.size(), RE2::UNANCHORED, match, 7)) return false;
  const size_t boundary = static_cast<size_t>(match[1].data() - padded.data());
  ref->journal = TrimField(std::string_view(match[2].data(), match[2].size()));
  ref->year = std::string(match[3].data(), match[3].size());
  ref->volume = std::string(match[4].data(), match[4].size());
  ref->pages = std::string(match[6].data(), match[6].size());
  ref->title = TitleBefore(padded, boundary, ref);
  return true;
}

// PDQ: "Title. Journal Vol (Issue): Pages, Year." (`padded` is ". " +
// body); abstracts add a page ("A-2, 1s, 2005"), a journal may hold ": "
// ("Cancer: Principles and Practice"). False when the entry has no such tail.
bool ParseJournalVolumeYear(const std::string& padded, graph::Reference* ref) {
  static const RE2 kTail(
      R"(([.?!\]])\s+([A-Z](?:[^.?!;:]|:\s[A-Z])*?[^.?!;:\s])\s+([A-Za-z]?\d+[A-Za-z]?)?\s*(?:\(([^)]*)\))?\s*:\s*([^\s,;]*).*?,\s*((?:1[89]|20)\d\d)[a-z]?\s*\.?\s*$)");
  re2::StringPiece match[7];
  if (!kTail.Match(padded, 0, padded.size(), RE2::UNANCHORED, match, 7)) return false;
  const size_t boundary = static_cast<size_t>(match[1].data() - padded.data());
  ref->journal = TrimField(std::string_view(match[2].data(), match[2].size()));
  ref->year = std::string(match[6].data(), match[6].size());
  ref->volume = std::string(match[3].data(), match[3].size());
  ref->pages = std::string(match[5].data(), match[5].size());
  ref->title = TitleBefore(padded, boundary, ref);
  return true;
}

// Vancouver/AMA: "Authors. Title. Journal. Year;Vol(Issue):Pages."
void ParseVancouver(const std::string& entry, graph::Reference* ref) {
  static const RE2 kAnchor(
      R"(([.?!\]])\s+([^.?!]*?[^.?!\s])\.\s+((?:1[89]|20)\d\d)[a-z]?(?:\s+[A-Z][a-z]{2,8}\.?(?:-[A-Z][a-z]{2,8})?(?:\s+\d{1,2})?)?\s*(?:;|:|\.|,|$))");
  static const RE2 kVolume(
      R"(^(?:\s+[A-Z][a-z]{2,8}\.?(?:-[A-Z][a-z]{2,8})?(?:\s+\d{1,2})?)?\s*;\s*([^(:;.\s]+)?\s*(?:\(([^)]*)\))?\s*(?::\s*([^\s.;,]+))?)");
  static const RE2 kReport(
      R"(\.\s+[^.:;]{2,80}:\s*[^.;:]{2,120};\s*((?:1[89]|20)\d\d)\b)");
  static const RE2 kAnyYear(R"(\b((?:1[89]|20)\d\d)\b)");
  static const RE2 kParenYear(R"(\(((?:1[89]|20)\d\d)[a-z]?\))");

  const size_t after_authors = VancouverAuthors(entry, ref);
  const std::string body(TrimSpace(std::string_view(entry).substr(after_authors)));
  // The first "<boundary> Journal. Year" anchor; the padding lets an entry
  // without a title anchor on its journal.
  const std::string padded = ". " + body;
  if (ParseJournalYearVolume(padded, ref) || ParseJournalVolumeYear(padded, ref)) return;
  re2::StringPiece match[4];
  if (kAnchor.Match(padded, 0, padded.size(), RE2::UNANCHORED, match, 4)) {
    const size_t journal_at = static_cast<size_t>(match[2].data() - padded.data());
    const size_t year_end =
        static_cast<size_t>(match[3].data() - padded.data()) + match[3].size();
    std::string_view journal(match[2].data(), match[2].size());
    // "...[abstract] Blood. 2015": the journal starts after the last "] ".
    const size_t cut = journal.rfind("] ");
    size_t journal_start = journal_at;
    if (cut != std::string_view::npos) {
      journal_start += cut + 2;
      journal = journal.substr(cut + 2);
    }
    ref->journal = TrimField(journal);
    ref->year = std::string(match[3].data(), match[3].size());
    const size_t title_len = journal_start > 2 ? journal_start - 2 : 0;
    ref->title =
        CleanTitle(std::string(std::string_view(padded).substr(2, title_len)), ref);
    std::string volume, issue, pages;
    if (RE2::PartialMatch(std::string_view(padded).substr(year_end), kVolume, &volume,
                          &issue, &pages)) {
      ref->volume = volume;
      ref->pages = pages;
    }
    return;
  }
  // No "Journal. Year;" anchor: a report/book ("Place: Publisher; Year") or
  // an unrecognised layout. The first sentence is the title.
  const size_t dot = body.find(". ");
  std::string title = dot == std::string::npos ? body : body.substr(0, dot);
  ref->title = CleanTitle(title, ref);
  std::string year;
  if (RE2::PartialMatch(padded, kReport, &year)) {
    ref->year = year;
    if (ref->kind.empty()) ref->kind = "report";
    return;
  }
  if (RE2::PartialMatch(body, kParenYear, &year)) {
    ref->year = year;
    return;
  }
  re2::StringPiece scan(body);
  while (RE2::FindAndConsume(&scan, kAnyYear, &year)) ref->year = year;
}

}  // namespace

graph::Reference ParseReference(std::string_view number, std::string_view printed) {
  graph::Reference ref;
  ref.n = std::string(number);
  const std::string stripped = StripLinks(std::string(printed));
  const std::string clean = Clean(stripped);
  // Most entries have no link buttons: the same text, the same cleaning.
  ref.raw = stripped == printed ? clean : Clean(printed);
  ExtractIdentifiers(clean, &ref);

  static const RE2 kWeb(
      R"((?i)^\s*(?:available\s+(?:online|from|at)\s*:?\s*)?<?https?://)");
  if (RE2::PartialMatch(clean, kWeb)) {
    ref.kind = "web";
    static const RE2 kRegistry(R"(\b(NCT\d{8})\b)");
    if (ref.registry_id.empty()) RE2::PartialMatch(clean, kRegistry, &ref.registry_id);
    return ref;
  }
  if (ParseMdpi(stripped, &ref)) return ref;
  // Vancouver: drop trailing identifiers before reading the fields.
  static const RE2 kTail(
      R"((?i)\s*(?:\b(?:doi|pmid|pmcid)\s*:?\s*\S+|\bPMC\d{4,9}\b|https?://\S+|\bavailable (?:online|from|at):?)\s*\.?)");
  std::string entry = clean;
  if (HasNoCase(entry, "doi") || HasNoCase(entry, "pmid") || HasNoCase(entry, "pmc") ||
      HasNoCase(entry, "http") || HasNoCase(entry, "available")) {
    RE2::GlobalReplace(&entry, kTail, "");
  }
  RemoveNotes(&entry);  // "[published correction appears in J. 2017;31:1]"
  ParseVancouver(entry, &ref);
  ref.registry_id.clear();  // only web entries carry a registry id
  return ref;
}

}  // namespace lg::ingest
