// Test helpers shared by every test executable.
#pragma once

#include <string>
#include <vector>

namespace lg::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it
// when the object goes out of scope. Each store test uses its own.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// ../shared (the real review texts and gold annotations).
std::string SharedDir();
// corpus/ (lexicons and the sample corpus).
std::string DataDir();
// Whole file as bytes; fails the test when unreadable.
std::string ReadFileOrDie(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);
// The files of `dir` whose extension is `ext` (".txt"), sorted: the order of
// a shell glob.
std::vector<std::string> FilesIn(const std::string& dir, const std::string& ext);

}  // namespace lg::testing
