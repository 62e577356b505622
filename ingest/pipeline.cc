#include "ingest/pipeline.h"

#include <chrono>

#include "graph/clock.h"
#include "ingest/document.h"
#include "ingest/jats.h"
#include "ingest/mentions.h"
#include "ingest/relate.h"
#include "ingest/text.h"

namespace lg::ingest {
namespace {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  // Milliseconds since the last call (or construction).
  double Lap() {
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - start_).count();
    start_ = now;
    return ms;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

std::string DefaultSourceId(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return name;
}

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const std::string& data_dir) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  LG_ASSIGN_OR_RETURN(p->lexicon_, Lexicon::Load(data_dir + "/lexicon"));
  LG_ASSIGN_OR_RETURN(p->recognizer_, Recognizer::Create(*p->lexicon_));
  return p;
}

std::string Pipeline::SourceIdFor(const std::string& path, const IngestOptions& options) {
  return options.source_id.empty() ? DefaultSourceId(path) : options.source_id;
}

Result<uint64_t> Pipeline::Check(const std::string& path) const {
  LG_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path));
  const uint64_t size = bytes.size();
  // The steps of ExtractBytes that can fail; Parse refuses only a Text that
  // MakeText did not build, and recognise and relate never fail.
  if (IsJatsArticle(path, bytes)) {
    LG_RETURN_IF_ERROR(ParseJats(path, bytes).status());
  } else {
    LG_RETURN_IF_ERROR(MakeText(path, std::move(bytes)).status());
  }
  return size;
}

Result<graph::SourceData> Pipeline::Extract(const std::string& path,
                                            const IngestOptions& options,
                                            StageTimes* times) const {
  Stopwatch sw;
  // Only the bytes: ExtractBytes validates and normalises them (ReadText
  // would do it a second time).
  LG_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path));
  double read_ms = sw.Lap();
  auto data = ExtractBytes(path, std::move(bytes), options, times);
  if (times) times->read += read_ms;
  return data;
}

Result<graph::SourceData> Pipeline::ExtractBytes(const std::string& name,
                                                 std::string bytes,
                                                 const IngestOptions& options,
                                                 StageTimes* times) const {
  StageTimes local;
  Stopwatch sw;
  graph::SourceData data;
  graph::Source& src = data.source;
  Document doc;
  if (IsJatsArticle(name, bytes)) {
    // read + split: a JATS article's structure, citations and references
    // come from its markup; the evidence spans point into its rendering.
    src.content_hash = graph::Sha256Hex(bytes);
    LG_ASSIGN_OR_RETURN(JatsArticle article, ParseJats(name, bytes));
    local.split = sw.Lap();
    doc = std::move(article.doc);
    src.pmid = std::move(article.pmid);
    src.pmcid = std::move(article.pmcid);
    src.license = std::move(article.license);
    data.rendering = doc.text.original;
  } else {
    // read: validate and normalise.
    LG_ASSIGN_OR_RETURN(Text text, MakeText(name, std::move(bytes)));
    local.read = sw.Lap();
    // split + cite: structure, citations, reference list.
    LG_ASSIGN_OR_RETURN(doc, Parse(std::move(text)));
    local.split = sw.Lap();
    src.content_hash = graph::Sha256Hex(doc.text.original);
  }
  // recognise: the body, then the reference list (counted apart).
  std::vector<Mention> mentions = recognizer_->Recognize(doc);
  std::vector<Mention> reference_mentions = recognizer_->RecognizeReferences(doc);
  local.recognise = sw.Lap();
  // relate: facts from the body; every entity with its mentions.
  data.source.id = SourceIdFor(name, options);
  Extraction ex = Relate(doc, mentions, *lexicon_, data.source.id);
  TrialPhasesFromTitles(doc, mentions, reference_mentions, &ex);
  AttachMentions(doc, mentions, reference_mentions, ex.canonical, data.source.id,
                 &ex.entities);
  local.relate = sw.Lap();

  src.path = name;
  src.title = doc.meta.title;
  src.doi = doc.meta.doi;
  src.journal = doc.meta.journal;
  src.year = doc.meta.year;
  src.authors = doc.meta.authors;
  src.ingested_at = graph::NowUtcIso();
  data.entities = std::move(ex.entities);
  data.facts = std::move(ex.facts);
  data.references = std::move(doc.references);
  for (graph::Reference& r : data.references) r.source = src.id;
  src.counts.sentences = doc.sentences.size();
  src.counts.entities = data.entities.size();
  src.counts.facts = data.facts.size();
  src.counts.references = data.references.size();
  if (times) *times = local;
  return data;
}

Result<IngestResult> Pipeline::Run(graph::Store& store, const std::string& path,
                                   const IngestOptions& options) const {
  IngestResult result;
  LG_ASSIGN_OR_RETURN(graph::SourceData data, Extract(path, options, &result.times));
  Stopwatch sw;
  LG_ASSIGN_OR_RETURN(result.diff, store.PutSource(data));
  result.times.write = sw.Lap();
  result.source = data.source;
  return result;
}

}  // namespace lg::ingest
