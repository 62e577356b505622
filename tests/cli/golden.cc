#include "tests/cli/golden.h"

#include <algorithm>
#include <charconv>

namespace lg::testing::golden {
namespace {

constexpr std::string_view kCommand = "$ ";
constexpr std::string_view kFixture = "-FIXTURE ";
constexpr std::string_view kStderr = "--- stderr";
constexpr std::string_view kExit = "--- exit ";
constexpr std::string_view kSection = "--- ";
constexpr std::string_view kNoNewline = "\\ no newline at end";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The lines of `text` without their '\n'; a final newline ends the last line
// rather than starting an empty one.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

std::string At(size_t index, std::string_view why) {
  return std::to_string(index + 1) + ": " + std::string(why);
}

// Reads one output section from lines[*i] on: its lines up to the next marker,
// then an optional no-newline mark. Leaves *i on the first line after it.
std::string ReadSection(const std::vector<std::string_view>& lines, size_t* i) {
  std::string bytes;
  for (; *i < lines.size(); ++*i) {
    std::string_view line = lines[*i];
    if (StartsWith(line, kCommand) || StartsWith(line, kSection)) break;
    if (line == kNoNewline) {
      if (!bytes.empty()) bytes.pop_back();
      ++*i;
      break;
    }
    bytes.append(line).push_back('\n');
  }
  return bytes;
}

bool ParseHeader(const std::vector<std::string_view>& lines, size_t* i, File* file,
                 std::string* error) {
  for (; *i < lines.size() && !StartsWith(lines[*i], kCommand); ++*i) {
    std::string_view line = lines[*i];
    file->header.emplace_back(line);
    if (line.empty() || line[0] == '#') continue;
    if (!StartsWith(line, kFixture) || !file->fixture.empty()) {
      *error = At(*i, "expected '# comment', one '-FIXTURE NAME' or '$ litgraph ...'");
      return false;
    }
    file->fixture = std::string(line.substr(kFixture.size()));
  }
  if (file->fixture.empty()) {
    *error = At(0, "missing '-FIXTURE NAME' before the first command");
    return false;
  }
  if (*i == lines.size()) {
    *error = At(*i, "no '$ litgraph ...' command");
    return false;
  }
  return true;
}

// Parses the command at lines[*i] and its sections; leaves *i on the next one.
bool ParseCommand(const std::vector<std::string_view>& lines, size_t* i, Command* command,
                  std::string* error) {
  command->line = static_cast<int>(*i) + 1;
  command->text = std::string(lines[*i].substr(kCommand.size()));
  if (command->text != "litgraph" && !StartsWith(command->text, "litgraph ")) {
    *error = At(*i, "a command runs litgraph: '$ litgraph ARGS...'");
    return false;
  }
  ++*i;
  command->out = ReadSection(lines, i);
  if (*i < lines.size() && lines[*i] == kStderr) {
    ++*i;
    command->err = ReadSection(lines, i);
  }
  if (*i < lines.size() && StartsWith(lines[*i], kExit)) {
    std::string_view n = lines[*i].substr(kExit.size());
    auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), command->code);
    if (ec != std::errc() || end != n.data() + n.size()) {
      *error = At(*i, "'--- exit N' needs an integer");
      return false;
    }
    ++*i;
  }
  if (*i < lines.size() && !StartsWith(lines[*i], kCommand)) {
    *error = At(*i,
                "expected '--- stderr', '--- exit N' (in that order), the next "
                "'$ litgraph ...' or the end of the file");
    return false;
  }
  return true;
}

void AppendSection(std::string_view bytes, std::string* text) {
  if (bytes.empty()) return;
  text->append(bytes);
  if (bytes.back() != '\n') text->append("\n").append(kNoNewline).append("\n");
}

// ---- diff ----------------------------------------------------------------

struct Op {
  char kind;  // ' ', '-' or '+'
  std::string_view line;
  size_t before, after;  // lines of each side consumed before this op
};

// The edit script of a longest common subsequence of lines.
std::vector<Op> EditScript(const std::vector<std::string_view>& a,
                           const std::vector<std::string_view>& b) {
  size_t n = a.size(), m = b.size();
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] =
          a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({' ', a[i], i, j});
      ++i, ++j;
    } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', a[i], i, j});
      ++i;
    } else {
      ops.push_back({'+', b[j], i, j});
      ++j;
    }
  }
  return ops;
}

// ops[begin, end) as one unified hunk.
std::string Hunk(const std::vector<Op>& ops, size_t begin, size_t end,
                 const std::string& path) {
  size_t first_change = begin;
  while (ops[first_change].kind == ' ') ++first_change;
  // The first line removed, or the line an insertion follows.
  size_t line = ops[first_change].before + (ops[first_change].kind == '-');
  size_t before_count = 0, after_count = 0;
  std::string body;
  for (size_t k = begin; k < end; ++k) {
    before_count += ops[k].kind != '+';
    after_count += ops[k].kind != '-';
    body.append(1, ops[k].kind).append(ops[k].line).append("\n");
  }
  // A side with no lines is numbered by the line before it, as diff -u does.
  size_t before_start = ops[begin].before + (before_count > 0);
  size_t after_start = ops[begin].after + (after_count > 0);
  return path + ":" + std::to_string(std::max<size_t>(line, 1)) + ":\n@@ -" +
         std::to_string(before_start) + "," + std::to_string(before_count) + " +" +
         std::to_string(after_start) + "," + std::to_string(after_count) + " @@\n" + body;
}

}  // namespace

bool Parse(std::string_view text, File* file, std::string* error) {
  *file = File();
  std::vector<std::string_view> lines = Lines(text);
  size_t i = 0;
  if (!ParseHeader(lines, &i, file, error)) return false;
  while (i < lines.size()) {
    file->commands.emplace_back();
    if (!ParseCommand(lines, &i, &file->commands.back(), error)) return false;
  }
  return true;
}

std::string Render(const File& file) {
  std::string text;
  for (const std::string& line : file.header) text.append(line).append("\n");
  for (const Command& c : file.commands) {
    text.append(kCommand).append(c.text).append("\n");
    AppendSection(c.out, &text);
    if (!c.err.empty()) text.append(kStderr).append("\n");
    AppendSection(c.err, &text);
    if (c.code != 0) text.append(kExit).append(std::to_string(c.code)).append("\n");
  }
  return text;
}

bool Representable(std::string_view output) {
  for (std::string_view line : Lines(output)) {
    if (StartsWith(line, kCommand) || StartsWith(line, kSection) ||
        StartsWith(line, "\\ ")) {
      return false;
    }
  }
  return true;
}

bool SplitArgs(std::string_view line, std::vector<std::string>* args) {
  args->clear();
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ') {
      if (in_word) args->push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      size_t close = line.find(c, i + 1);
      if (close == std::string_view::npos) return false;
      word.append(line.substr(i + 1, close - i - 1));
      in_word = true;
      i = close;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) args->push_back(word);
  return true;
}

std::string Diff(std::string_view before, std::string_view after,
                 const std::string& path) {
  if (before == after) return "";
  std::vector<Op> ops = EditScript(Lines(before), Lines(after));
  constexpr size_t kContext = 3;
  std::string diff;
  size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    size_t begin = k >= kContext ? k - kContext : 0;
    // Extend over changes closer than two contexts apart.
    size_t end = k, quiet = 0;
    for (; end < ops.size() && quiet < 2 * kContext; ++end) {
      quiet = ops[end].kind == ' ' ? quiet + 1 : 0;
    }
    end -= quiet > kContext ? quiet - kContext : 0;
    diff += Hunk(ops, begin, end, path);
    k = end;
  }
  // Render ends every line with '\n'; a file without its final newline would
  // otherwise differ invisibly.
  if (diff.empty()) diff = path + ": differs only in its final newline\n";
  return diff;
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  for (size_t at = s.find(from); at != std::string::npos;
       at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace lg::testing::golden
