// The bad-input matrix (docs/RELIABILITY.md): for each case the exit code, a
// message naming the input and the reason, no crash, and a store left as it
// was (`litgraph check` passes, export bytes identical before and after).
// tests/cli/cli_test.cc checks the messages of the basic byte-level cases;
// here each is also run alone and followed by `check`.
#include <sys/mount.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/litgraph_run.h"
#include "tests/testing.h"

namespace {

using lg::testing::Litgraph;
using lg::testing::ReadFileOrDie;
using lg::testing::Run;
using lg::testing::TempDir;
using lg::testing::WriteFile;

const char* kSample =
    "Testinib inhibits ABC1 in KMT2A-rearranged leukemia [1].\n"
    "Venetoclax inhibits BCL2 in acute lymphoblastic leukemia [2].\n\n"
    "References\n1. Doe J. A first paper. J Test. 2020;1:1-2.\n"
    "2. Roe R. A second paper. J Test. 2021;2:3-4.\n";

// A store with one small source; remembers its export.
struct Store {
  TempDir tmp;
  std::string db;
  std::string export_before;
  explicit Store(std::string dir = "") : db(dir.empty() ? tmp.Sub("db") : dir) {
    WriteFile(tmp.Sub("sample.txt"), kSample);
    Run r = Litgraph({"ingest", "--db", db, tmp.Sub("sample.txt")}, tmp);
    INFO(r.err);
    REQUIRE(r.code == 0);
    export_before = Export();
  }
  std::string Export() {
    Run r = Litgraph({"export", "--db", db}, tmp, "export");
    REQUIRE(r.code == 0);
    return r.out;
  }
  // check passes and the export is byte for byte what it was.
  void ExpectUnchanged() {
    Run check = Litgraph({"check", "--db", db}, tmp, "check");
    INFO(check.out << check.err);
    CHECK(check.code == 0);
    CHECK(Export() == export_before);
  }
};

// A tmpfs mounted for one test; unmounted on destruction. ok() is false when
// mounting is not permitted (no CAP_SYS_ADMIN), and the test is skipped.
class Tmpfs {
 public:
  Tmpfs(const std::string& dir, const std::string& options) : dir_(dir) {
    std::filesystem::create_directories(dir);
    ok_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~Tmpfs() {
    if (ok_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool ok() const { return ok_; }
  bool Remount(unsigned long flags, const std::string& options) {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | flags, options.c_str()) ==
           0;
  }

 private:
  std::string dir_;
  bool ok_ = false;
};

}  // namespace

TEST_CASE("bad input files are refused, named, and leave the store unchanged",
          "[reliability]") {
  struct Case {
    std::string file;
    std::string bytes;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"empty.txt", "", "litgraph: ingest: FILE: empty file\nnothing was written.\n"},
      {"binary.bin",
       std::string("\x7f"
                   "ELF\x02\x01\x01",
                   7),
       "litgraph: ingest: FILE: binary content (control byte 0x7F) at offset 0\n"
       "nothing was written.\n"},
      {"latin1.txt", "Caf\xe9 au lait inhibits nothing.\n",
       "litgraph: ingest: FILE: invalid UTF-8 byte 0xE9 at offset 3\nnothing was "
       "written.\n"},
      {"nul.txt", std::string("ABC1\0\0", 6),
       "litgraph: ingest: FILE: NUL byte at offset 4\nnothing was written.\n"},
  };
  Store store;
  for (const Case& c : cases) {
    SECTION(c.file) {
      std::string path = store.tmp.Sub(c.file);
      WriteFile(path, c.bytes);
      Run r = Litgraph({"ingest", "--db", store.db, path}, store.tmp);
      CHECK(r.code == 1);
      std::string expected = c.message;
      expected.replace(expected.find("FILE"), 4, path);
      CHECK(r.err == expected);
      store.ExpectUnchanged();
    }
  }
}

TEST_CASE(
    "a bad file in the middle of a list stops the ingest before any write, at any -j",
    "[reliability]") {
  Store store;
  std::vector<std::string> files;
  for (int i = 0; i < 7; ++i) {
    std::string path = store.tmp.Sub("good" + std::to_string(i) + ".txt");
    WriteFile(path, std::string(kSample) + "Sample " + std::to_string(i) + ".\n");
    files.push_back(path);
  }
  // Two bad files: the first in command-line order is the one named, also
  // when a thread reaches the later one first.
  std::string bad = store.tmp.Sub("bad.txt"), worse = store.tmp.Sub("worse.txt");
  WriteFile(bad, "Caf\xe9 au lait inhibits nothing.\n");
  WriteFile(worse, "");
  files.insert(files.begin() + 4, bad);
  files.push_back(worse);
  // Two files with one source id before them: refused only when no file is bad.
  std::filesystem::create_directories(store.tmp.Sub("again"));
  std::string twin = store.tmp.Sub("again/good0.txt");
  WriteFile(twin, kSample);
  files.insert(files.begin() + 2, twin);
  for (const char* jobs : {"1", "2", "4"}) {
    SECTION(std::string("-j ") + jobs) {
      std::vector<std::string> args = {"ingest", "--db", store.db, "-j", jobs};
      args.insert(args.end(), files.begin(), files.end());
      Run r = Litgraph(args, store.tmp);
      CHECK(r.code == 1);
      CHECK(r.err == "litgraph: ingest: " + bad +
                         ": invalid UTF-8 byte 0xE9 at offset 3\nnothing was written.\n");
      store.ExpectUnchanged();

      std::filesystem::remove(bad);
      std::filesystem::remove(worse);
      args.erase(std::find(args.begin(), args.end(), bad));
      args.pop_back();
      r = Litgraph(args, store.tmp);
      CHECK(r.code == 1);
      CHECK(r.err == "litgraph: ingest: " + files[0] + " and " + twin +
                         " have the same source id 'good0'; rename one or ingest them "
                         "separately with --source-id\nnothing was written.\n");
      store.ExpectUnchanged();
    }
  }
}

// A billion-laughs document: 10 levels of 10 references, 10^10 bytes if expanded.
std::string BillionLaughs() {
  std::string dtd = "<!DOCTYPE article [<!ENTITY l0 \"ha\">";
  for (int i = 1; i <= 10; ++i) {
    dtd += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&l" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  return dtd + "]>\n<article><body><p>&l10;</p></body></article>\n";
}

TEST_CASE("bad XML articles are refused with line and column, no entity is read",
          "[reliability]") {
  TempDir secret_dir;
  const std::string secret = secret_dir.Sub("secret.txt");
  WriteFile(secret, "Secretinib inhibits ABC1.\n");
  const std::string article =
      "<?xml "
      "version=\"1.0\"?>\n<article><front><article-meta><title-group><article-title>"
      "A title</article-title></title-group></article-meta></front>\n<body><p>Testinib "
      "inhibits ABC1 [<xref ref-type=\"bibr\" rid=\"r1\">1</xref>].</p></body>\n<back>"
      "<ref-list><ref id=\"r1\"><mixed-citation>Doe J. A paper.</mixed-citation></ref>"
      "</ref-list></back></article>\n";
  struct Case {
    std::string file;
    std::string bytes;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"malformed.nxml", "<article>\n<body><p>a</b></body></article>\n",
       "ingest: FILE line 2 column 15: Opening and ending tag mismatch: p line 2 and b"},
      {"truncated.nxml", article.substr(0, 150),
       "ingest: FILE line 3 column 10: Premature end of data in tag p line 3"},
      {"not-jats.nxml", "<html><body><p>Testinib inhibits ABC1.</p></body></html>\n",
       "ingest: FILE: not a JATS article (root element <html>)"},
      {"external-entity.nxml",
       "<!DOCTYPE article [<!ENTITY xxe SYSTEM \"file://" + secret +
           "\">]>\n<article><body><p>&xxe;</p></body></article>\n",
       "ingest: FILE: the DTD declares entity 'xxe'; entities are not read"},
      {"laughs.nxml", BillionLaughs(),
       "ingest: FILE line 2 column 24: Detected an entity reference loop"},
  };
  Store store;
  for (const Case& c : cases) {
    SECTION(c.file) {
      std::string path = store.tmp.Sub(c.file);
      WriteFile(path, c.bytes);
      Run r = Litgraph({"ingest", "--db", store.db, path}, store.tmp);
      CHECK(r.code == 1);
      std::string expected = "litgraph: " + c.message + "\nnothing was written.\n";
      expected.replace(expected.find("FILE"), 4, path);
      CHECK(r.err == expected);
      CHECK(r.err.find("Secretinib") == std::string::npos);
      store.ExpectUnchanged();
    }
  }
  SECTION("an external DTD is never read; the article is") {
    // The DTD would declare &secret;: it stays an undefined entity, printed
    // as nothing.
    std::string path = store.tmp.Sub("article.nxml");
    std::string with_dtd = article;
    with_dtd.replace(with_dtd.find("<article>"), 9,
                     "<!DOCTYPE article SYSTEM \"file://" + secret + "\">\n<article>");
    with_dtd.replace(with_dtd.find("ABC1 ["), 4, "ABC1 &secret;");
    WriteFile(path, with_dtd);
    Run r = Litgraph({"ingest", "--db", store.db, path}, store.tmp);
    INFO(r.err);
    CHECK(r.code == 0);
    const std::string after = store.Export();
    CHECK(after.find("\"source:article\"") != std::string::npos);
    CHECK(after.find("Secretinib") == std::string::npos);
    Run check = Litgraph({"check", "--db", store.db}, store.tmp, "check");
    CHECK(check.code == 0);
  }
}

TEST_CASE("bad source ids are refused before anything is written", "[reliability]") {
  Store store;
  std::string path = store.tmp.Sub("sample.txt");
  struct Case {
    std::string id;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"../x", "invalid source id '../x' (FILE): it contains the path separator '/'"},
      {"a\\b", "invalid source id 'a\\b' (FILE): it contains the path separator '\\'"},
      {"..", "invalid source id '..' (FILE): it is a directory name"},
      {"a\x01z", "invalid source id 'a\\x01z' (FILE): it contains the control byte 0x01"},
      {"bell\x7f",
       "invalid source id 'bell\\x7F' (FILE): it contains the control byte 0x7F"},
  };
  for (const Case& c : cases) {
    Run r = Litgraph({"ingest", "--db", store.db, "--source-id", c.id, path}, store.tmp);
    CHECK(r.code == 1);
    std::string expected = "litgraph: ingest: " + c.message + "\nnothing was written.\n";
    expected.replace(expected.find("FILE"), 4, path);
    CHECK(r.err == expected);
  }
  // A default id from a file name with a control character, too.
  std::string odd = store.tmp.Sub("odd\tname.txt");
  WriteFile(odd, kSample);
  Run r = Litgraph({"ingest", "--db", store.db, odd}, store.tmp);
  CHECK(r.code == 1);
  CHECK(r.err == "litgraph: ingest: invalid source id 'odd\\x09name' (" + odd +
                     "): it contains the control byte 0x09\nnothing was written.\n");
  store.ExpectUnchanged();
}

TEST_CASE("adversarial text is ingested in bounded time and keeps the store sound",
          "[reliability]") {
  Store store;
  // One sentence with 100,000 citation markers; unbalanced brackets.
  std::string cites = "Testinib inhibits ABC1 in KMT2A-rearranged leukemia ";
  for (int i = 0; i < 100000; ++i) cites += "[" + std::to_string(i % 900 + 1) + "]";
  cites += ".\n";
  std::string brackets;
  for (int i = 0; i < 2000; ++i)
    brackets += "Venetoclax ((( inhibits [[[ BCL2 {{ in ALL ]] ))).\n";
  brackets += std::string(100000, '(') + "\n" + std::string(100000, ']') + "\n";
  // A single line of made-up sentences: 50 MB (5 MB under the sanitizers,
  // where 50 MB needs several GB of shadow memory).
#if defined(__SANITIZE_ADDRESS__)
  const size_t long_bytes = 5u << 20;
#else
  const size_t long_bytes = 50u << 20;
#endif
  const std::string sentence =
      "The agent blocks the target in most cases for months [12]. ";
  std::string long_line;
  long_line.reserve(long_bytes + sentence.size());
  while (long_line.size() < long_bytes) long_line += sentence;
  for (const auto& [name, bytes] :
       {std::pair<std::string, std::string>{"cites.txt", cites},
        {"brackets.txt", brackets},
        {"long-line.txt", long_line}}) {
    SECTION(name) {
      std::string path = store.tmp.Sub(name);
      WriteFile(path, bytes);
      Run r = Litgraph({"ingest", "--db", store.db, path}, store.tmp);
      INFO(r.err);
      CHECK(r.code == 0);
      Run check = Litgraph({"check", "--db", store.db}, store.tmp, "check");
      INFO(check.out);
      CHECK(check.code == 0);
      CHECK(check.out.rfind("ok: 2 sources, ", 0) == 0);
    }
  }
}

TEST_CASE("an unknown entity exits 1 and names it", "[reliability]") {
  Store store;
  Run r = Litgraph({"agents", "NOPE", "--db", store.db}, store.tmp);
  CHECK(r.code == 1);
  CHECK(r.err.rfind("litgraph: unknown entity 'NOPE'", 0) == 0);
  store.ExpectUnchanged();
}

TEST_CASE("a read-only store directory refuses writes and keeps answering reads",
          "[reliability]") {
  TempDir tmp;
  std::string mnt = tmp.Sub("ro");
  Tmpfs fs(mnt, "size=16m");
  if (!fs.ok()) {
    WARN("SKIPPED: cannot mount a tmpfs here (not permitted), read-only case not run");
    return;
  }
  Store store(mnt + "/db");
  REQUIRE(fs.Remount(MS_RDONLY, ""));
  WriteFile(store.tmp.Sub("more.txt"), "Revumenib inhibits menin.\n");
  Run r = Litgraph({"ingest", "--db", store.db, store.tmp.Sub("more.txt")}, store.tmp);
  CHECK(r.code == 1);
  CHECK(r.err.rfind("litgraph: graph/store: cannot open " + store.db + ": ", 0) == 0);
  CHECK(r.err.find("Read-only file system") != std::string::npos);
  store.ExpectUnchanged();
}

TEST_CASE("a full disk fails the ingest cleanly and loses nothing", "[reliability]") {
  TempDir tmp;
  std::string mnt = tmp.Sub("full");
  Tmpfs fs(mnt, "size=2m");
  if (!fs.ok()) {
    WARN("SKIPPED: cannot mount a tmpfs here (not permitted), full-disk case not run");
    return;
  }
  Store store(mnt + "/db");
  // Leave almost no room, then ingest the two real reviews.
  std::string filler = mnt + "/filler";
  {
    std::FILE* f = std::fopen(filler.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::string block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size() &&
           std::fflush(f) == 0) {
    }
    std::fclose(f);
  }
  Run r =
      Litgraph({"ingest", "--db", store.db, lg::testing::Corpus(lg::testing::kText000),
                lg::testing::Corpus(lg::testing::kText002)},
               store.tmp);
  CHECK(r.code == 1);
  CHECK(r.err.rfind("litgraph: graph/store: ", 0) == 0);
  CHECK(r.err.find("No space left on device") != std::string::npos);
  // With room again the store opens, is sound and holds what it held.
  std::filesystem::remove(filler);
  store.ExpectUnchanged();
}
