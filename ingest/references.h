// References: locating a review's numbered reference list and parsing each
// entry into a graph::Reference.
//
// Layouts read:
//   - one entry per line, MDPI markdown:
//       "1. Ibrahimova, A.; Pommert, L. Title. *Curr. Oncol. Rep.* **2021**, *23*, 27."
//     and web entries "60. Available online: https://... (accessed on ...)."
//   - one entry per line, Vancouver/AMA:
//       "12. Smith J, Doe A. Title. Journal. 2020;12(3):45-67. doi:10.x PMID: 1"
//   - one token per line (web scrapes of journal pages): "58." on its own line,
//     then "Brown", "P", ",", ..., "Title", ".", "Journal", ".", "2016", ";"...
//     The tokens are joined back into the Vancouver form before parsing.
//
// Start here: FindReferenceList, then ParseReference.
// Thread-safety: stateless functions; reentrant.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "ingest/text.h"

namespace lg::ingest {

// One entry of the list as found in the text.
struct ReferenceEntry {
  std::string number;  // as printed: "58"
  size_t begin = 0;    // normalised span of the entry, number included
  size_t end = 0;
  std::string printed;  // original bytes, number removed, lines joined
};

struct ReferenceList {
  bool found = false;
  // The "References" heading line (normalised span); begin == end when the
  // list has no heading.
  size_t heading_begin = 0;
  size_t heading_end = 0;
  // From the heading (or the first entry) to the end of the last entry.
  size_t begin = 0;
  size_t end = 0;
  std::vector<ReferenceEntry> entries;       // numbered N, N+1, ... in order
  std::vector<graph::Reference> references;  // parsed entries, same order
};

// Finds the numbered list: entries are lines starting "N." or "[N]" numbered
// 1, 2, 3... in order (under a heading, any first number K followed by K+1,
// K+2...: an excerpt keeps its section's numbers; such a list needs at least
// three entries); lines between entry starts continue the current entry
// unless a blank line came first (a blank line followed by anything but the
// next number ends the list). The list after a "References" (or
// "Bibliography", "Literature Cited") heading wins; otherwise the last run of
// at least three entries. found == false when there is none.
ReferenceList FindReferenceList(const Text& text);

// Parses one entry. `printed` is the entry as printed (original bytes, number
// removed, markup allowed). Never fails: fields that cannot be read stay
// empty, and `raw` always holds the entry with white space collapsed.
// kind: "web" (Available online / bare URL: url and registry_id set, no
// author, title, journal or year), "abstract" (an "[abstract]" tag, removed
// from the title), "report" (Place: Publisher; Year), or "".
graph::Reference ParseReference(std::string_view number, std::string_view printed);

// The parts of an MDPI entry "Head *Journal* **Year**tail", exactly as
// ^(.*?)\s\*([^*]+?)\*\s*\*\*((?:1[89]|20)\d\d)\*\*(.*)$ captures them;
// none when it does not match. Internal to ParseReference; here for tests.
struct MdpiParts {
  std::string_view head, journal, year, tail;
};
std::optional<MdpiParts> SplitMdpi(std::string_view s);

// One author opening `s` as RE2::Consume of
// ([^,.;:()\[\]0-9][^,.;:()\[\]]{0,60}?) ([A-Z]{1,5})\b(?: (?:Jr|Sr|2nd|3rd|II|III)\b)?
// reads it ("Smith JA, ..."): the family name, the initials and the length
// consumed; none when it does not match. Internal to ParseReference; here for
// tests.
struct VancouverAuthor {
  std::string_view family, initials;
  size_t length = 0;
};
std::optional<VancouverAuthor> ReadVancouverAuthor(std::string_view s);

}  // namespace lg::ingest
