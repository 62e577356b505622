// Golden CLI cases as files (tests/cli/golden/*.test; the format is in
// tests/cli/golden/README.md): parsing a file, rendering it back with the
// outputs a run produced, and a line diff of the two texts for review.
// Running the commands is golden_main.cc's job; nothing here spawns a process.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lg::testing::golden {

// One `$ litgraph ...` command and what it should print.
struct Command {
  int line = 0;          // 1-based line of the `$ ` line in the file
  std::string text;      // the command line as written, without the leading "$ "
  std::string out, err;  // exact bytes
  int code = 0;          // exit status; 128 + signal when killed
};

// A parsed .test file.
struct File {
  std::vector<std::string> header;  // every line before the first command, verbatim
  std::string fixture;              // the -FIXTURE name
  std::vector<Command> commands;
};

// Parses `text`; on failure returns false and sets `*error` to "LINE: why".
bool Parse(std::string_view text, File* file, std::string* error);

// The file's text: header verbatim, then each command in canonical form
// (stderr and exit sections only when non-empty / non-zero). Parse(Render(f))
// gives back f's commands unless an output holds a line the format reserves
// (see Representable).
std::string Render(const File& file);

// False when `output` has a line that would read as a section marker in a
// file ("$ ", "--- ", "\ "), so that it cannot be written as a golden.
bool Representable(std::string_view output);

// `argv` of a command line: words split at spaces; '...' or "..." quote a
// word with spaces (no escapes). Returns false on an unclosed quote.
bool SplitArgs(std::string_view line, std::vector<std::string>* args);

// A unified diff of `before` and `after` (line based, 3 lines of context),
// each hunk introduced by "PATH:LINE:" (LINE in `before`). Empty when equal.
std::string Diff(std::string_view before, std::string_view after,
                 const std::string& path);

// Every occurrence of `from` in `s` replaced by `to`.
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);

}  // namespace lg::testing::golden
