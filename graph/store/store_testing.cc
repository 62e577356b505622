// The test-only hooks of store_testing.h: raw reads and writes of the keys of
// a closed store.
#include "graph/store/store_testing.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

#include <filesystem>
#include <functional>
#include <memory>

#include "graph/store/store_internal.h"

namespace lg::graph {
namespace {

using store_internal::kSchemaVersionKey;
using store_internal::MakeOptions;
using store_internal::ToSlice;
using store_internal::ToView;

// Opens the closed store in `dir` for one raw write (test hooks only). A raw
// write changes the store behind its generation, so the graph image goes:
// the damage a test makes is in the store alone.
Status WithRawDb(const std::string& dir,
                 const std::function<rocksdb::Status(rocksdb::DB*)>& fn,
                 bool writes = true) {
  if (writes) std::filesystem::remove(std::filesystem::path(dir) / kImageFileName);
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(MakeOptions(), dir, &db);
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  s = fn(db);
  db->Close().PermitUncheckedError();
  delete db;
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  return Status::Ok();
}

}  // namespace

Status PutRawKeyForTesting(const std::string& dir, std::string_view key,
                           std::string_view value) {
  return WithRawDb(dir, [&](rocksdb::DB* db) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return db->Put(wo, ToSlice(key), ToSlice(value));
  });
}

Status DeleteRawKeyForTesting(const std::string& dir, std::string_view key) {
  return WithRawDb(dir, [&](rocksdb::DB* db) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return db->Delete(wo, ToSlice(key));
  });
}

Result<std::vector<std::pair<std::string, std::string>>> ScanRawKeysForTesting(
    const std::string& dir, std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  Status status = WithRawDb(
      dir,
      [&](rocksdb::DB* db) {
        std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
        for (it->Seek(ToSlice(prefix)); it->Valid(); it->Next()) {
          std::string_view key = ToView(it->key());
          if (key.substr(0, prefix.size()) != prefix) break;
          out.emplace_back(std::string(key), std::string(ToView(it->value())));
        }
        return it->status();
      },
      /*writes=*/false);
  if (!status.ok()) return status;
  return out;
}

Status SetSchemaVersionForTesting(const std::string& dir, int version) {
  std::filesystem::remove(std::filesystem::path(dir) / kImageFileName);
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(MakeOptions(), dir, &db);
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  rocksdb::WriteOptions wo;
  wo.sync = true;
  s = db->Put(wo, ToSlice(kSchemaVersionKey), std::to_string(version));
  db->Close().PermitUncheckedError();
  delete db;
  if (!s.ok()) return Status::IOError("graph/store: " + s.ToString());
  return Status::Ok();
}

}  // namespace lg::graph
