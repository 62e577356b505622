// Pipeline: ingest one review text into the store.
//
//   Pipeline pipeline = *Pipeline::Create(data_dir);   // loads the lexicons once
//   auto result = pipeline.Run(store, "paper.txt", {});  // read -> ... -> write
//
// Run is one top-down function: read -> split (structure) -> cite (citations
// and reference list) -> recognise -> relate -> write batch. Nothing is written
// unless every step before the write succeeded, and the write is one atomic
// batch (graph::Store::PutSource).
//
// Thread-safety: a Pipeline is immutable after Create; Extract may run on
// several threads at once; Run's write goes through the caller's Store, which
// serialises writers.
#pragma once

#include <memory>
#include <string>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store/store.h"
#include "ingest/lexicon.h"
#include "ingest/recognize.h"

namespace lg::ingest {

struct IngestOptions {
  // Source id; default: the file name without directory and extension.
  std::string source_id;
};

// Milliseconds spent in each stage.
struct StageTimes {
  double read = 0, split = 0, recognise = 0, relate = 0, write = 0;
  double Total() const { return read + split + recognise + relate + write; }
};

struct IngestResult {
  graph::Source source;    // with counts
  graph::IngestDiff diff;  // what the write changed
  StageTimes times;
  uint64_t bytes = 0;
};

class Pipeline {
 public:
  // Loads the lexicons of `data_dir`/lexicon. Errors as Lexicon::Load.
  static Result<std::unique_ptr<Pipeline>> Create(const std::string& data_dir);

  // Reads and extracts `path` without writing: the SourceData PutSource would
  // store. Errors: those of ReadText (IOError, InvalidArgument with file and
  // offset).
  Result<graph::SourceData> Extract(const std::string& path, const IngestOptions& options,
                                    StageTimes* times = nullptr) const;
  // The same for bytes already in memory; `name` is used in messages and as
  // Source::path.
  Result<graph::SourceData> ExtractBytes(const std::string& name, std::string bytes,
                                         const IngestOptions& options,
                                         StageTimes* times = nullptr) const;

  // What Extract would refuse, found without recognising anything: reads
  // `path` and validates it (UTF-8 text; a JATS article's XML is parsed).
  // Returns the file's size in bytes. Errors: those of Extract, with the
  // same messages. A bulk ingest checks every file first, so that a bad file
  // stops it before anything is written, then extracts in bounded memory.
  Result<uint64_t> Check(const std::string& path) const;

  // The source id Extract gives `path`: options.source_id, else
  // DefaultSourceId(path).
  static std::string SourceIdFor(const std::string& path, const IngestOptions& options);

  // Extract, then store atomically.
  Result<IngestResult> Run(graph::Store& store, const std::string& path,
                           const IngestOptions& options) const;

  const Lexicon& lexicon() const { return *lexicon_; }

 private:
  Pipeline() = default;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<Recognizer> recognizer_;
};

// "dir/000_ab.txt" -> "000_ab".
std::string DefaultSourceId(const std::string& path);

}  // namespace lg::ingest
