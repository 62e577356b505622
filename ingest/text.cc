#include "ingest/text.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "graph/text_util.h"

namespace lg::ingest {
namespace {

std::string Hex2(unsigned char byte) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out = "0x";
  out += kDigits[byte >> 4];
  out += kDigits[byte & 0xF];
  return out;
}

using graph::DecodeUtf8;
using graph::IsLetter;
using graph::IsSpace;
using graph::Utf8Length;

// The normalised replacement of a code point, or nullptr to copy it.
const char* MapCodePoint(uint32_t cp) {
  if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) return "-";
  if (cp == 0x00A0 || (cp >= 0x2002 && cp <= 0x200A) || cp == 0x202F) {
    return " ";
  }
  if (cp == 0x2018 || cp == 0x2019) return "'";
  if (cp == 0x201C || cp == 0x201D) return "\"";
  if (cp == 0x223C || cp == 0x02DC) return "~";
  if (cp == 0x2265) return ">=";
  if (cp == 0x2264) return "<=";
  return nullptr;
}

// Markup tags removed wherever they occur.
size_t TagLength(std::string_view s, size_t i) {
  static const char* const kTags[] = {"<i>", "</i>", "<b>", "</b>"};
  for (const char* tag : kTags) {
    const size_t n = std::strlen(tag);
    if (s.compare(i, n, tag) == 0) return n;
  }
  return 0;
}

// The end of a `$...$` fragment opened at `i` (index of the closing '$'), or
// npos. Fragments stay on one line and are short, which bounds the search.
size_t LatexEnd(std::string_view s, size_t i) {
  constexpr size_t kMaxFragment = 400;
  const size_t limit = std::min(s.size(), i + 1 + kMaxFragment);
  for (size_t j = i + 1; j < limit; ++j) {
    if (s[j] == '\n' || s[j] == '\r') return std::string_view::npos;
    if (s[j] == '$') return j == i + 1 ? std::string_view::npos : j;
  }
  return std::string_view::npos;
}

class Normalizer {
 public:
  Normalizer(std::string_view in, Text* out) : in_(in), out_(out) {}

  void Run() {
    out_->normalized.reserve(in_.size());
    out_->offsets.reserve(in_.size() + 1);
    size_t i = 0;
    while (i < in_.size()) i = Step(i);
    out_->offsets.push_back(static_cast<uint32_t>(in_.size()));
  }

 private:
  void Emit(std::string_view s, size_t from) {
    for (char c : s) {
      out_->normalized.push_back(c);
      out_->offsets.push_back(static_cast<uint32_t>(from));
    }
  }

  // Normalises the unit at `i` (outside LaTeX) and returns the next index.
  size_t Step(size_t i) {
    const auto c = static_cast<unsigned char>(in_[i]);
    if (c == '\r') {
      Emit("\n", i);
      return (i + 1 < in_.size() && in_[i + 1] == '\n') ? i + 2 : i + 1;
    }
    if (c == '*') return Stars(i);
    if (c == '<') {
      if (size_t n = TagLength(in_, i)) return i + n;
    }
    if (c == '\\' && i + 1 < in_.size() && (in_[i + 1] == '[' || in_[i + 1] == ']')) {
      Emit(std::string_view(&in_[i + 1], 1), i);
      return i + 2;
    }
    if (c == '$') {
      const size_t end = LatexEnd(in_, i);
      if (end != std::string_view::npos) {
        Latex(i + 1, end);
        return end + 1;
      }
    }
    if (c >= 0x80) {
      const size_t len = Utf8Length(in_, i);  // validated by the caller
      const char* mapped = MapCodePoint(DecodeUtf8(in_, i, len));
      if (mapped != nullptr) {
        Emit(mapped, i);
      } else {
        Emit(in_.substr(i, len), i);
      }
      return i + len;
    }
    // A run of bytes none of the cases above looks at is copied as is, in
    // one append (the common case: plain ASCII prose).
    size_t j = i + 1;
    while (j < in_.size() && IsPlain(static_cast<unsigned char>(in_[j]))) ++j;
    out_->normalized.append(in_.data() + i, j - i);
    for (size_t k = i; k < j; ++k) out_->offsets.push_back(static_cast<uint32_t>(k));
    return j;
  }

  // True for a byte Step copies unchanged without looking at its neighbours.
  static bool IsPlain(unsigned char c) {
    return c < 0x80 && c != '\r' && c != '*' && c != '<' && c != '\\' && c != '$';
  }

  // A run of '*' is emphasis markup (removed) unless white space or a line
  // boundary sits on both sides of it.
  size_t Stars(size_t i) {
    size_t j = i;
    while (j < in_.size() && in_[j] == '*') ++j;
    const bool space_before = i == 0 || IsSpace(in_[i - 1]);
    const bool space_after = j == in_.size() || IsSpace(in_[j]);
    if (space_before && space_after) Emit(in_.substr(i, j - i), i);
    return j;
  }

  // The inside of a `$...$` fragment, [begin, end).
  void Latex(size_t begin, size_t end) {
    size_t i = begin;
    while (i < end) {
      const char c = in_[i];
      if (c == '{' || c == '}') {
        ++i;
        continue;
      }
      if (c != '\\') {
        if (static_cast<unsigned char>(c) >= 0x80) {
          const size_t len = Utf8Length(in_, i);
          const char* mapped = MapCodePoint(DecodeUtf8(in_, i, len));
          Emit(mapped != nullptr ? std::string_view(mapped) : in_.substr(i, len), i);
          i += len;
        } else {
          Emit(in_.substr(i, 1), i);
          ++i;
        }
        continue;
      }
      size_t j = i + 1;
      while (j < end && IsLetter(in_[j])) ++j;
      if (j == i + 1) {  // backslash + symbol
        if (j >= end) {
          ++i;
          continue;
        }
        const char sym = in_[j];
        if (static_cast<unsigned char>(sym) >= 0x80) {
          // A backslash before a non-ASCII character: keep the whole
          // character (stepping one byte would land inside it).
          const size_t len = std::max<size_t>(1, Utf8Length(in_, j));
          Emit(in_.substr(j, len), i);
          i = j + len;
          continue;
        }
        if (sym == ',' || sym == ';' || sym == ':' || sym == ' ') {
          Emit(" ", i);
        } else if (sym != '!') {
          Emit(in_.substr(j, 1), i);
        }
        i = j + 1;
        continue;
      }
      const std::string_view word = in_.substr(i + 1, j - i - 1);
      if (word == "geq" || word == "ge") {
        Emit(">=", i);
      } else if (word == "leq" || word == "le") {
        Emit("<=", i);
      } else if (word == "pm") {
        Emit("+/-", i);
      }
      i = j;
    }
  }

  std::string_view in_;
  Text* out_;
};

// The source length of the unit that produced a normalised byte whose offset
// is `pos`: a UTF-8 sequence, CRLF, a LaTeX command or escape, or one byte.
size_t UnitLength(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  const auto c = static_cast<unsigned char>(s[pos]);
  if (c >= 0x80) {
    const size_t len = Utf8Length(s, pos);
    return len == 0 ? 1 : len;
  }
  if (c == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') return 2;
  if (c == '\\' && pos + 1 < s.size()) {
    size_t j = pos + 1;
    while (j < s.size() && j < pos + 33 && IsLetter(s[j])) ++j;
    return j == pos + 1 ? 2 : j - pos;
  }
  return 1;
}

}  // namespace

std::pair<uint64_t, uint64_t> Text::ToOriginal(size_t begin, size_t end) const {
  const size_t n = normalized.size();
  if (offsets.size() != n + 1) return {0, 0};
  if (begin > n) begin = n;
  if (end > n) end = n;
  if (end <= begin) return {offsets[begin], offsets[begin]};
  const uint64_t first = offsets[begin];
  const size_t last = end - 1;
  uint64_t stop = offsets[last] + UnitLength(original, offsets[last]);
  // The next normalised byte, when it comes from a later unit, bounds the
  // range: it excludes markup removed between the two.
  if (offsets[end] > offsets[last] && offsets[end] < stop) stop = offsets[end];
  if (stop > original.size()) stop = original.size();
  return {first, stop};
}

Result<Text> MakeText(std::string name, std::string bytes) {
  const std::string prefix = "ingest: " + name + ": ";
  if (bytes.empty()) return Status::InvalidArgument(prefix + "empty file");
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument(prefix + "file too large (" +
                                   std::to_string(bytes.size()) +
                                   " bytes; limit 4294967295)");
  }
  const std::string_view in(bytes);
  for (size_t i = 0; i < in.size();) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == 0) {
      return Status::InvalidArgument(prefix + "NUL byte at offset " + std::to_string(i));
    }
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
      return Status::InvalidArgument(prefix + "binary content (control byte " + Hex2(c) +
                                     ") at offset " + std::to_string(i));
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = Utf8Length(in, i);
    if (len == 0) {
      return Status::InvalidArgument(prefix + "invalid UTF-8 byte " + Hex2(c) +
                                     " at offset " + std::to_string(i));
    }
    i += len;
  }
  Text text;
  text.name = std::move(name);
  text.original = std::move(bytes);
  Normalizer(text.original, &text).Run();
  return text;
}

Result<std::string> ReadFileBytes(const std::string& path) {
  const std::string prefix = "ingest: " + path + ": cannot read: ";
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::IOError(prefix + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return Status::IOError(prefix + std::strerror(EISDIR));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError(prefix + std::strerror(errno));
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, got);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return Status::IOError(prefix + std::strerror(err));
  return bytes;
}

Result<Text> ReadText(const std::string& path) {
  LG_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path));
  return MakeText(path, std::move(bytes));
}

}  // namespace lg::ingest
