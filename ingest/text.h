// Text: a review file as read, plus the normalised view that matching sees.
//
// Every offset the extractor reports points into `original`; matching runs on
// `normalized`, and `ToOriginal` maps a normalised span back to the bytes.
//
// Normalisation (one pass, left to right):
//   - Unicode dashes U+2010..U+2015 and minus U+2212 -> '-'
//   - NBSP U+00A0, U+2002..U+200A spaces, U+202F -> ' '; tabs are KEPT ('\t'
//     separates table cells)
//   - curly quotes U+2018/U+2019 -> '\'', U+201C/U+201D -> '"'
//   - U+223C '∼' and U+02DC -> '~'; U+2265 '≥' -> ">="; U+2264 '≤' -> "<="
//   - emphasis markup removed: '*' runs adjacent to a word (`*KMT2A*`,
//     `**2024**`), `<i>`, `</i>`, `<b>`, `</b>`
//   - LaTeX fragments `$...$`: the '$' removed, `\geq`/`\ge` -> ">=",
//     `\leq`/`\le` -> "<=", `\pm` -> "+/-", `\%` -> "%", `10^{-4}` -> "10^-4",
//     other `\command` words dropped, braces dropped
//   - markdown escapes `\[`, `\]` -> '[', ']'
//   - CRLF and CR -> '\n'
// Everything else is copied byte for byte.
//
// Thread-safety: plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/status.h"

namespace lg::ingest {

struct Text {
  std::string name;        // the path as given; used in messages
  std::string original;    // the bytes as read
  std::string normalized;  // the view matching sees
  // offsets[i] = offset in `original` of the byte that produced normalized[i];
  // offsets[normalized.size()] = original.size().
  std::vector<uint32_t> offsets;

  // Maps the half-open normalised range [begin, end) to the smallest original
  // range covering it.
  std::pair<uint64_t, uint64_t> ToOriginal(size_t begin, size_t end) const;
};

// Validates and normalises `bytes`. Errors (InvalidArgument), naming `name`
// and the byte offset in the original:
//   "ingest: NAME: empty file"
//   "ingest: NAME: NUL byte at offset N"
//   "ingest: NAME: binary content (control byte 0x01) at offset N"
//   "ingest: NAME: invalid UTF-8 byte 0xC3 at offset N"
//   "ingest: NAME: file too large (N bytes; limit 4294967295)"
Result<Text> MakeText(std::string name, std::string bytes);

// Reads `path` and calls MakeText. IOError "ingest: PATH: cannot read: REASON"
// for a missing or unreadable file or a directory.
Result<Text> ReadText(const std::string& path);

// The bytes of `path` as they are, without MakeText's checks; the IOErrors of
// ReadText. For callers that run MakeText themselves (Pipeline::Extract).
Result<std::string> ReadFileBytes(const std::string& path);

}  // namespace lg::ingest
