// The store's graph image (graph/store/IMAGE.md): read its content from the
// store under one snapshot, write it atomically beside the store, map it at
// open, and verify it for Check.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "graph/store/image_format.h"
#include "graph/store/store_internal.h"

namespace lg::graph::store_internal {
namespace {

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Status::IOError("graph/store: cannot write " + path + ": " +
                             std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Writes `bytes` to `path` so that a crash leaves the old file or the new
// one, whole: a temporary file beside it, fsync, rename, fsync of the
// directory.
Status WriteFileAtomically(const std::string& dir, const std::string& path,
                           std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IOError("graph/store: cannot create " + tmp + ": " +
                           std::strerror(errno));
  }
  Status s = WriteAll(fd, bytes, tmp);
  if (s.ok() && ::fsync(fd) != 0) {
    s = Status::IOError("graph/store: cannot sync " + tmp + ": " + std::strerror(errno));
  }
  ::close(fd);
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::IOError("graph/store: cannot rename " + tmp + " to " + path + ": " +
                        std::strerror(errno));
  }
  if (!s.ok()) {
    std::remove(tmp.c_str());
    return s;
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    // The rename is durable once the directory is; a failure here leaves
    // at worst the old image after a machine crash, which is then stale.
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

// Distinct studies cited by one fact's evidence, as Engine counts them: a
// reference with a PMID, DOI or PMCID is its study, the same in every
// source; any other is its (source, number).
class StudyCounter {
 public:
  explicit StudyCounter(
      const std::unordered_map<std::string, std::string>* study_of_reference)
      : study_of_(study_of_reference) {}
  void Add(std::string_view source, const std::vector<std::string>& refs) {
    for (const std::string& n : refs) {
      std::string key(source);
      key.push_back('\0');
      key.append(n);
      auto it = study_of_->find(key);
      if (it != study_of_->end() && !it->second.empty()) key = "\0" + it->second;
      keys_.push_back(std::move(key));
    }
  }
  uint32_t Take() {
    std::sort(keys_.begin(), keys_.end());
    auto n =
        static_cast<uint32_t>(std::unique(keys_.begin(), keys_.end()) - keys_.begin());
    keys_.clear();
    return n;
  }

 private:
  const std::unordered_map<std::string, std::string>* study_of_;
  std::vector<std::string> keys_;
};

}  // namespace

std::string RocksStore::ImagePath() const {
  return (std::filesystem::path(dir()) / kImageFileName).string();
}

Result<ImageContent> RocksStore::ReadImageContent(const rocksdb::ReadOptions& ro) const {
  ImageContent content;
  LG_ASSIGN_OR_RETURN(content.generation, ReadGeneration(ro));
  LG_ASSIGN_OR_RETURN(coding::TotalsRecord t, ReadTotals(ro));
  content.totals = ImageTotals{t.sources, t.entities, t.facts, t.evidence, t.references};
  LG_RETURN_IF_ERROR(ForEachEntityAt(ro, [&](Entity& e) {
    Entity kept;
    kept.id = std::move(e.id);
    kept.kind = e.kind;
    kept.label = std::move(e.label);
    kept.aliases = std::move(e.aliases);
    content.entities.push_back(std::move(kept));
    return Status::Ok();
  }));
  LG_RETURN_IF_ERROR(Scan(ro, kFactPrefix, [&](std::string_view id, std::string_view v) {
    Fact fact;
    LG_RETURN_IF_ERROR(coding::DecodeFactRecord(v, "f/" + std::string(id), &fact));
    content.facts.push_back(
        ImageContent::FactRow{std::string(id), std::move(fact.subject),
                              std::move(fact.predicate), std::move(fact.object)});
    return Status::Ok();
  }));
  // p/ and e/ keys come in fact-id order, as the f/ keys did: a cursor walks
  // the facts alongside each scan.
  size_t cursor = 0;
  auto row = [&](std::string_view key,
                 std::string_view fact_id) -> Result<ImageContent::FactRow*> {
    if (cursor < content.facts.size() && content.facts[cursor].id < fact_id) {
      auto it = std::lower_bound(
          content.facts.begin() + cursor, content.facts.end(), fact_id,
          [](const ImageContent::FactRow& f, std::string_view id) { return f.id < id; });
      cursor = it - content.facts.begin();
    }
    if (cursor == content.facts.size() || content.facts[cursor].id != fact_id) {
      return Status::Corruption("graph/store: " + dir() + ": " + Printable(key) +
                                " names a fact without a record");
    }
    return &content.facts[cursor];
  };
  LG_RETURN_IF_ERROR(
      Scan(ro, kSupportPrefix, [&](std::string_view rest, std::string_view) {
        LG_ASSIGN_OR_RETURN(auto* f, row("p/" + std::string(rest), SplitKey(rest)[0]));
        ++f->sources;
        return Status::Ok();
      }));
  cursor = 0;
  // Reference numbers -> study keys, to count a fact's studies.
  std::unordered_map<std::string, std::string> study_of;
  LG_RETURN_IF_ERROR(
      Scan(ro, kReferencePrefix, [&](std::string_view rest, std::string_view value) {
        Reference r;
        LG_RETURN_IF_ERROR(
            coding::DecodeReference(value, "r/" + Printable(std::string(rest)), &r));
        study_of.emplace(std::string(rest), r.StudyKey());
        return Status::Ok();
      }));
  // Evidence keys are grouped by fact: count each group as it ends.
  StudyCounter studies(&study_of);
  ImageContent::FactRow* current = nullptr;
  LG_RETURN_IF_ERROR(
      Scan(ro, kEvidencePrefix, [&](std::string_view rest, std::string_view value) {
        std::vector<std::string_view> parts = SplitKey(rest);  // fact, source, seq
        if (parts.size() != 3) {
          return Status::Corruption("graph/store: " + dir() +
                                    ": malformed evidence key e/" + Printable(rest));
        }
        if (current == nullptr || current->id != parts[0]) {
          if (current != nullptr) current->references = studies.Take();
          LG_ASSIGN_OR_RETURN(current, row("e/" + Printable(rest), parts[0]));
        }
        Evidence ev;
        LG_RETURN_IF_ERROR(coding::DecodeEvidence(value, "e/" + Printable(rest), &ev));
        ++current->evidence;
        studies.Add(parts[1], ev.refs);
        return Status::Ok();
      }));
  if (current != nullptr) current->references = studies.Take();
  return content;
}

Status RocksStore::WriteImage() {
  Snapshot snap(db_);
  LG_ASSIGN_OR_RETURN(ImageContent content, ReadImageContent(snap.options));
  LG_ASSIGN_OR_RETURN(std::string bytes, EncodeImage(std::move(content)));
  LG_RETURN_IF_ERROR(WriteFileAtomically(dir(), ImagePath(), bytes));
  LG_ASSIGN_OR_RETURN(std::shared_ptr<const GraphImage> image,
                      GraphImage::Open(ImagePath()));
  SetImage(std::move(image), "");
  return Status::Ok();
}

void RocksStore::SetImage(std::shared_ptr<const GraphImage> image, std::string note) {
  MutexLock lock(&image_mu_);
  image_ = std::move(image);
  image_note_ = std::move(note);
}

std::shared_ptr<const GraphImage> RocksStore::Image() const {
  MutexLock lock(&image_mu_);
  return image_;
}

std::string RocksStore::ImageNote() const {
  MutexLock lock(&image_mu_);
  return image_note_;
}

void RocksStore::MarkImageStale() {
  SetImage(nullptr,
           "the store was written since its graph image was made; this writer "
           "rebuilds it when it closes");
}

void RocksStore::RefreshImage() {
  if (read_only_) return;
  auto generation = ReadGeneration(rocksdb::ReadOptions());
  std::shared_ptr<const GraphImage> image = Image();
  if (generation.ok() && image != nullptr && image->generation() == *generation) return;
  Status written = WriteImage();
  if (!written.ok()) {
    // The store's write stands; the image file (if any) is now stale, and
    // the next writer rebuilds it.
    SetImage(nullptr, "the graph image could not be written: " + written.message());
  }
}

Status RocksStore::OpenImage(bool fresh,
                             const std::function<void(const std::string&)>& notice) {
  const rocksdb::ReadOptions ro;
  LG_ASSIGN_OR_RETURN(uint64_t generation, ReadGeneration(ro));
  LG_ASSIGN_OR_RETURN(coding::TotalsRecord t, ReadTotals(ro));
  const ImageTotals totals{t.sources, t.entities, t.facts, t.evidence, t.references};
  // A reader verifies the header and section table only (O(1)); a writer,
  // which rebuilds a bad image, every byte.
  auto opened =
      GraphImage::Open(ImagePath(), read_only_ ? GraphImage::Verify::kHeader
                                               : GraphImage::Verify::kEveryByte);
  std::string why;
  if (!opened.ok() && opened.status().code() == Status::Code::kNotFound) {
    why = "there is no graph image " + ImagePath() + " (a store written before images)";
  } else if (!opened.ok()) {
    why = opened.status().message();
  } else if ((*opened)->generation() != generation || (*opened)->totals() != totals) {
    why = "the graph image " + ImagePath() + " is stale: it is of generation " +
          std::to_string((*opened)->generation()) + ", the store of generation " +
          std::to_string(generation);
  } else {
    SetImage(std::move(opened).value(), "");
    return Status::Ok();
  }
  if (read_only_ || bulk_load_) {
    SetImage(nullptr, why + "; queries read the store (the next writer rebuilds it)");
    return Status::Ok();
  }
  auto start = std::chrono::steady_clock::now();
  Status written = WriteImage();
  if (!written.ok()) {
    SetImage(nullptr, why + "; rebuilding it failed: " + written.message());
    return Status::Ok();
  }
  if (!fresh && notice) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    // A verification error names its module already.
    const bool named = why.rfind("graph/store: ", 0) == 0;
    notice((named ? "" : "graph/store: ") + why + "; built it (" + Image()->Summary() +
           ") in " + std::to_string(ms) + " ms");
  }
  return Status::Ok();
}

std::string RocksStore::CheckImage(const rocksdb::ReadOptions& ro,
                                   std::vector<std::string>* faults) const {
  auto opened = GraphImage::Open(ImagePath());
  if (!opened.ok() && opened.status().code() == Status::Code::kNotFound) {
    return "missing (the next writer builds it)";
  }
  if (!opened.ok()) {
    faults->push_back(opened.status().message());
    return "corrupt";
  }
  const GraphImage& image = **opened;
  auto generation = ReadGeneration(ro);
  if (!generation.ok()) return "not compared (" + generation.status().message() + ")";
  if (image.generation() != *generation) {
    return "stale: generation " + std::to_string(image.generation()) +
           ", the store is at " + std::to_string(*generation) +
           " (the next writer rebuilds it)";
  }
  auto content = ReadImageContent(ro);
  auto expected = content.ok() ? EncodeImage(std::move(content).value())
                               : Result<std::string>(content.status());
  if (!expected.ok()) return "not compared (" + expected.status().message() + ")";
  // Compare byte for byte with the image the store's records give. A writer
  // may have renamed a newer image over the file since it was opened: then
  // the bytes read name another generation, and are not compared.
  std::string actual;
  if (std::FILE* file = std::fopen(ImagePath().c_str(), "rb")) {
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), file)) > 0) actual.append(buf, n);
    std::fclose(file);
  }
  const size_t at_generation = offsetof(image_format::Header, generation);
  uint64_t read_generation = 0;
  if (actual.size() >= sizeof(image_format::Header)) {
    std::memcpy(&read_generation, actual.data() + at_generation, sizeof(uint64_t));
  }
  if (read_generation != image.generation()) {
    return "replaced during the check (a writer wrote a newer one); not compared";
  }
  if (actual != *expected) {
    size_t at = 0;
    while (at < actual.size() && at < expected->size() && actual[at] == (*expected)[at]) {
      ++at;
    }
    faults->push_back("graph/store: " + ImagePath() + ": generation " +
                      std::to_string(image.generation()) +
                      " but its content differs from the store's (first difference at "
                      "byte " +
                      std::to_string(at) +
                      "; delete the file, or open the store for writing, to rebuild it)");
    return "disagrees with the store";
  }
  return "current (" + image.Summary() + ")";
}

}  // namespace lg::graph::store_internal
