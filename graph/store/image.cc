// The graph image's file format (IMAGE.md): the encoder that lays out an
// image from its content, and GraphImage, the reader over a read-only
// mapping of the file.
#include "graph/store/image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <tuple>

#include "graph/store/image_format.h"
#include "graph/store/store.h"

namespace lg::graph {

static_assert(std::endian::native == std::endian::little,
              "the graph image is little-endian and mapped as is");

namespace image_format {

uint64_t Checksum(const char* data, size_t size) {
  // One 64-bit word at a time: h = rotl((h ^ w) * odd, 31) is a bijection of
  // h for each word and an injection of w for each h, so a changed word
  // always changes the result (every single-byte flip is caught).
  uint64_t h = 0x6c67696d61676531ull ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = std::rotl((h ^ w) * 0x9e3779b97f4a7c15ull, 31);
  }
  if (i < size) {
    uint64_t w = 0;
    std::memcpy(&w, data + i, size - i);
    h = std::rotl((h ^ w) * 0x9e3779b97f4a7c15ull, 31);
  }
  return h ^ (h >> 29);
}

}  // namespace image_format

using image_format::AliasRec;
using image_format::CountsRec;
using image_format::FactRec;
using image_format::Header;
using image_format::kSection;
using image_format::StrRef;
using image_format::VertexRec;

namespace {

// The strings of an image, appended; a caller that knows a string is stored
// already reuses its StrRef.
class Pool {
 public:
  Result<StrRef> Add(std::string_view s) {
    uint64_t offset = bytes_.size();
    if (offset + s.size() > UINT32_MAX) {
      return Status::InvalidArgument(
          "graph/store: the graph image's string pool exceeds 4 GiB");
    }
    bytes_.append(s);
    return StrRef{static_cast<uint32_t>(offset), static_cast<uint32_t>(s.size())};
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

struct AliasRow {
  std::string norm;
  uint32_t tier;
  uint32_t vertex;
  bool operator<(const AliasRow& o) const {
    return std::tie(norm, tier, vertex) < std::tie(o.norm, o.tier, o.vertex);
  }
  bool operator==(const AliasRow& o) const {
    return norm == o.norm && tier == o.tier && vertex == o.vertex;
  }
};

// The label tier (0) and alias tier (1) of View::Resolve, per vertex.
void AddAliases(const Entity& e, uint32_t v, std::vector<AliasRow>* rows) {
  auto add = [&](std::string_view form, uint32_t tier) {
    std::string norm = NormalizeAlias(form);
    if (!norm.empty()) rows->push_back(AliasRow{std::move(norm), tier, v});
  };
  add(e.id, 0);
  auto parsed = ParseEntityId(e.id);
  if (parsed.ok()) add(parsed->key, 0);
  add(e.label, 0);
  for (const std::string& alias : e.aliases) add(alias, 1);
}

// Appends a section: pads `out` to 8 bytes, records where it starts.
template <typename T>
void PutSection(const std::vector<T>& items, Header::Section* section, std::string* out) {
  out->resize((out->size() + 7) / 8 * 8, '\0');
  section->offset = out->size();
  section->bytes = items.size() * sizeof(T);
  out->append(reinterpret_cast<const char*>(items.data()), section->bytes);
}

// The value of a hex fact id ("f" and 16 lower-case hex digits), if it is one.
std::optional<uint64_t> HexFactIdValue(std::string_view id) {
  if (id.size() != image_format::kHexFactIdLength || id[0] != 'f') return std::nullopt;
  uint64_t value = 0;
  for (char c : id.substr(1)) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  return value;
}

}  // namespace

ArcArrays BuildArcs(std::span<const std::pair<uint32_t, uint32_t>> ends,
                    uint32_t vertices) {
  // Two stable counting sorts: the out-arcs by subject (facts in fact
  // order), then the in-arcs by object from the out-arcs in their order, so
  // an in-list is in (subject, fact) order as Boost's CSR gives it.
  ArcArrays a;
  a.out_begin.assign(vertices + 1, 0);
  a.in_begin.assign(vertices + 1, 0);
  for (const auto& [subject, object] : ends) {
    ++a.out_begin[subject + 1];
    ++a.in_begin[object + 1];
  }
  for (uint32_t v = 0; v < vertices; ++v) {
    a.out_begin[v + 1] += a.out_begin[v];
    a.in_begin[v + 1] += a.in_begin[v];
  }
  a.out_arcs.resize(ends.size());
  a.in_arcs.resize(ends.size());
  std::vector<uint32_t> next(a.out_begin.begin(), a.out_begin.end() - 1);
  for (uint32_t f = 0; f < ends.size(); ++f) {
    a.out_arcs[next[ends[f].first]++] = ImageArc{ends[f].second, f};
  }
  next.assign(a.in_begin.begin(), a.in_begin.end() - 1);
  for (uint32_t v = 0; v < vertices; ++v) {
    for (uint32_t i = a.out_begin[v]; i < a.out_begin[v + 1]; ++i) {
      const ImageArc& arc = a.out_arcs[i];
      a.in_arcs[next[arc.other]++] = ImageArc{v, arc.fact};
    }
  }
  return a;
}

Result<std::string> EncodeImage(ImageContent content) {
  // Vertices: the entities in id order, plus the endpoints no entity record
  // declares.
  std::vector<Entity>& entities = content.entities;
  auto by_id = [](const Entity& a, const Entity& b) { return a.id < b.id; };
  if (!std::is_sorted(entities.begin(), entities.end(), by_id)) {
    std::sort(entities.begin(), entities.end(), by_id);
  }
  auto find = [&](std::string_view id) {
    auto it = std::lower_bound(
        entities.begin(), entities.end(), id,
        [](const Entity& e, std::string_view key) { return e.id < key; });
    return it != entities.end() && it->id == id ? it - entities.begin() : -1;
  };
  std::vector<Entity> undeclared;
  for (const ImageContent::FactRow& f : content.facts) {
    for (const std::string* id : {&f.subject, &f.object}) {
      if (find(*id) >= 0) continue;
      Entity e;
      e.id = *id;
      auto parsed = ParseEntityId(*id);
      e.kind = parsed.ok() ? parsed->kind : EntityKind::kCondition;
      e.label = parsed.ok() ? parsed->key : *id;
      undeclared.push_back(std::move(e));
    }
  }
  if (!undeclared.empty()) {
    std::sort(undeclared.begin(), undeclared.end(), by_id);
    undeclared.erase(
        std::unique(undeclared.begin(), undeclared.end(),
                    [](const Entity& a, const Entity& b) { return a.id == b.id; }),
        undeclared.end());
    for (Entity& e : undeclared) entities.push_back(std::move(e));
    std::sort(entities.begin(), entities.end(), by_id);
  }
  // A vertex number has 31 bits (AliasRec keeps the tier in the 32nd).
  if (entities.size() >= image_format::kAliasTierBit ||
      content.facts.size() >= UINT32_MAX) {
    return Status::InvalidArgument(
        "graph/store: the graph image holds at most 2^31-1 vertices and 2^32-1 facts");
  }
  Pool pool;
  std::vector<VertexRec> vertices;
  std::vector<AliasRow> alias_rows;
  vertices.reserve(entities.size());
  for (const Entity& e : entities) {
    uint32_t v = static_cast<uint32_t>(vertices.size());
    VertexRec rec;
    LG_ASSIGN_OR_RETURN(rec.id, pool.Add(e.id));
    // A label that ends the id (its key, most often) points into it.
    if (e.label.size() <= e.id.size() &&
        std::string_view(e.id).substr(e.id.size() - e.label.size()) == e.label) {
      rec.label =
          StrRef{static_cast<uint32_t>(rec.id.offset + e.id.size() - e.label.size()),
                 static_cast<uint32_t>(e.label.size())};
    } else {
      LG_ASSIGN_OR_RETURN(rec.label, pool.Add(e.label));
    }
    rec.kind = static_cast<uint32_t>(e.kind);
    vertices.push_back(rec);
    AddAliases(e, v, &alias_rows);
  }
  auto vertex_of = [&](const std::string& id) { return static_cast<uint32_t>(find(id)); };
  std::sort(alias_rows.begin(), alias_rows.end());
  alias_rows.erase(std::unique(alias_rows.begin(), alias_rows.end()), alias_rows.end());

  // A few distinct predicates over many facts: a small sorted list.
  std::vector<std::string> predicate_names;
  for (const ImageContent::FactRow& f : content.facts) {
    auto it =
        std::lower_bound(predicate_names.begin(), predicate_names.end(), f.predicate);
    if (it == predicate_names.end() || *it != f.predicate) {
      predicate_names.insert(it, f.predicate);
    }
  }
  std::vector<StrRef> predicates;
  for (const std::string& p : predicate_names) {
    LG_ASSIGN_OR_RETURN(StrRef ref, pool.Add(p));
    predicates.push_back(ref);
  }
  if (predicate_names.size() > UINT16_MAX) {
    return Status::InvalidArgument(
        "graph/store: the graph image holds at most 65535 predicates");
  }
  auto code_of = [&](const std::string& p) {
    return static_cast<uint32_t>(
        std::lower_bound(predicate_names.begin(), predicate_names.end(), p) -
        predicate_names.begin());
  };

  auto by_fact_id = [](const ImageContent::FactRow& a, const ImageContent::FactRow& b) {
    return a.id < b.id;
  };
  if (!std::is_sorted(content.facts.begin(), content.facts.end(), by_fact_id)) {
    std::sort(content.facts.begin(), content.facts.end(), by_fact_id);
  }
  // Fact ids: 8 bytes each, their values when all are hex ids, else a
  // StrRef each.
  bool hex_ids = true;
  for (const ImageContent::FactRow& f : content.facts) {
    if (!HexFactIdValue(f.id)) {
      hex_ids = false;
      break;
    }
  }
  std::vector<uint64_t> fact_ids;
  fact_ids.reserve(content.facts.size());
  std::vector<FactRec> facts;
  facts.reserve(content.facts.size());
  std::vector<image_format::CountsRec> counts;  // by fact number
  for (const ImageContent::FactRow& f : content.facts) {
    if (hex_ids) {
      fact_ids.push_back(*HexFactIdValue(f.id));
    } else {
      LG_ASSIGN_OR_RETURN(StrRef ref, pool.Add(f.id));
      fact_ids.push_back(std::bit_cast<uint64_t>(ref));
    }
    FactRec rec;
    rec.subject = vertex_of(f.subject);
    rec.object = vertex_of(f.object);
    rec.predicate = static_cast<uint16_t>(code_of(f.predicate));
    const uint32_t most = std::max({f.evidence, f.references, f.sources});
    if (most < image_format::kCountsElsewhere) {
      rec.evidence = static_cast<uint16_t>(f.evidence);
      rec.references = static_cast<uint16_t>(f.references);
      rec.sources = static_cast<uint16_t>(f.sources);
    } else {
      rec.evidence = rec.references = rec.sources = image_format::kCountsElsewhere;
      counts.push_back(image_format::CountsRec{static_cast<uint32_t>(facts.size()),
                                               f.evidence, f.references, f.sources});
    }
    facts.push_back(rec);
  }
  std::vector<AliasRec> aliases;
  aliases.reserve(alias_rows.size());
  StrRef norm;
  for (size_t i = 0; i < alias_rows.size(); ++i) {
    // Rows are sorted: a form shared by several rows is stored once.
    if (i == 0 || alias_rows[i].norm != alias_rows[i - 1].norm) {
      LG_ASSIGN_OR_RETURN(norm, pool.Add(alias_rows[i].norm));
    }
    aliases.push_back(
        AliasRec{norm, alias_rows[i].vertex |
                           (alias_rows[i].tier != 0 ? image_format::kAliasTierBit : 0)});
  }
  const uint32_t n = static_cast<uint32_t>(vertices.size());
  std::vector<std::pair<uint32_t, uint32_t>> ends;
  ends.reserve(facts.size());
  for (const FactRec& f : facts) ends.emplace_back(f.subject, f.object);
  ArcArrays arcs = BuildArcs(ends, n);

  Header header;
  std::memcpy(header.magic, image_format::kMagic, sizeof(header.magic));
  header.version = image_format::kVersion;
  header.schema = static_cast<uint32_t>(kSchemaVersion);
  header.generation = content.generation;
  header.totals[0] = content.totals.sources;
  header.totals[1] = content.totals.entities;
  header.totals[2] = content.totals.facts;
  header.totals[3] = content.totals.evidence;
  header.totals[4] = content.totals.references;
  header.vertices = n;
  header.facts = static_cast<uint32_t>(facts.size());
  header.predicates = static_cast<uint32_t>(predicates.size());
  header.aliases = static_cast<uint32_t>(aliases.size());
  header.flags = hex_ids ? image_format::kHexFactIds : 0;
  header.counts = static_cast<uint32_t>(counts.size());

  std::string out(sizeof(Header), '\0');
  std::vector<char> pool_bytes(pool.bytes().begin(), pool.bytes().end());
  PutSection(pool_bytes, &header.sections[kSection.strings], &out);
  PutSection(predicates, &header.sections[kSection.predicates], &out);
  PutSection(vertices, &header.sections[kSection.vertices], &out);
  PutSection(facts, &header.sections[kSection.facts], &out);
  PutSection(fact_ids, &header.sections[kSection.fact_ids], &out);
  PutSection(arcs.out_begin, &header.sections[kSection.out_begin], &out);
  PutSection(arcs.out_arcs, &header.sections[kSection.out_arcs], &out);
  PutSection(arcs.in_begin, &header.sections[kSection.in_begin], &out);
  PutSection(arcs.in_arcs, &header.sections[kSection.in_arcs], &out);
  PutSection(aliases, &header.sections[kSection.aliases], &out);
  PutSection(counts, &header.sections[kSection.counts], &out);
  out.resize((out.size() + 7) / 8 * 8, '\0');
  header.file_size = out.size();
  std::memcpy(out.data(), &header, sizeof(header));
  header.checksum = image_format::Checksum(out.data() + image_format::kChecksummedFrom,
                                           out.size() - image_format::kChecksummedFrom);
  std::memcpy(out.data(), &header, sizeof(header));
  return out;
}

// ---- GraphImage ------------------------------------------------------------

GraphImage::~GraphImage() {
  if (data_ != nullptr) munmap(const_cast<char*>(data_), size_);
}

Result<std::shared_ptr<const GraphImage>> GraphImage::Open(const std::string& path,
                                                           Verify verify) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string message = "graph/store: cannot open " + path + ": " + std::strerror(err);
    if (err == ENOENT) return Status::NotFound(message);
    return Status::IOError(message);
  }
  std::shared_ptr<GraphImage> image(new GraphImage());
  image->path_ = path;
  Status mapped = image->Map(fd);
  ::close(fd);
  LG_RETURN_IF_ERROR(mapped);
  LG_RETURN_IF_ERROR(image->Check(verify));
  return std::shared_ptr<const GraphImage>(std::move(image));
}

Status GraphImage::Map(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    return Status::IOError("graph/store: cannot stat " + path_ + ": " +
                           std::strerror(errno));
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ < sizeof(image_format::Header)) {
    size_ = 0;
    return Status::Corruption("graph/store: " + path_ + ": not a graph image (" +
                              std::to_string(st.st_size) + " bytes, shorter than its " +
                              "header)");
  }
  void* p = mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    size_ = 0;
    return Status::IOError("graph/store: cannot map " + path_ + ": " +
                           std::strerror(errno));
  }
  data_ = static_cast<const char*>(p);
  return Status::Ok();
}

Status GraphImage::Check(Verify verify) {
  auto corrupt = [&](const std::string& what) {
    return Status::Corruption("graph/store: " + path_ + ": " + what +
                              " (delete the file, or open the store for writing, "
                              "to rebuild it)");
  };
  const auto* h = reinterpret_cast<const image_format::Header*>(data_);
  if (std::memcmp(h->magic, image_format::kMagic, sizeof(h->magic)) != 0) {
    return corrupt("not a graph image (bad magic)");
  }
  if (h->version != image_format::kVersion) {
    return corrupt("graph image format " + std::to_string(h->version) +
                   "; this litgraph reads format " +
                   std::to_string(image_format::kVersion));
  }
  if (h->schema != static_cast<uint32_t>(kSchemaVersion)) {
    return corrupt("made for store schema " + std::to_string(h->schema) +
                   "; this litgraph's is " + std::to_string(kSchemaVersion));
  }
  if (h->file_size != size_) {
    return corrupt("truncated: the header says " + std::to_string(h->file_size) +
                   " bytes, the file has " + std::to_string(size_));
  }
  if (verify == Verify::kEveryByte) {
    uint64_t sum = image_format::Checksum(data_ + image_format::kChecksummedFrom,
                                          size_ - image_format::kChecksummedFrom);
    if (sum != h->checksum) {
      char text[80];
      std::snprintf(text, sizeof(text),
                    "checksum mismatch: stored %016llx, computed %016llx",
                    static_cast<unsigned long long>(h->checksum),
                    static_cast<unsigned long long>(sum));
      return corrupt(text);
    }
  }
  // The section table against the counts, before anything is read: each
  // section lies inside the file, aligned, and holds exactly its records.
  const uint64_t v = h->vertices, f = h->facts;
  if (v >= image_format::kAliasTierBit || (v == 0 && f != 0)) {
    return corrupt("the header's counts are impossible (" + std::to_string(v) +
                   " vertices, " + std::to_string(f) + " facts)");
  }
  const uint64_t expected[image_format::kSections] = {UINT64_MAX,
                                                      h->predicates * sizeof(StrRef),
                                                      v * sizeof(VertexRec),
                                                      f * sizeof(FactRec),
                                                      f * sizeof(uint64_t),
                                                      (v + 1) * sizeof(uint32_t),
                                                      f * sizeof(ImageArc),
                                                      (v + 1) * sizeof(uint32_t),
                                                      f * sizeof(ImageArc),
                                                      h->aliases * sizeof(AliasRec),
                                                      h->counts * sizeof(CountsRec)};
  for (int i = 0; i < image_format::kSections; ++i) {
    const Header::Section& s = h->sections[i];
    bool fits = s.offset % 8 == 0 && s.offset >= sizeof(Header) && s.offset <= size_ &&
                s.bytes <= size_ - s.offset;
    if (!fits || (expected[i] != UINT64_MAX && s.bytes != expected[i])) {
      return corrupt("section " + std::to_string(i) + " does not fit its counts");
    }
  }
  auto at = [&](int section) { return data_ + h->sections[section].offset; };
  header_ = h;
  pool_ = at(kSection.strings);
  pool_size_ = h->sections[kSection.strings].bytes;
  predicates_ = reinterpret_cast<const StrRef*>(at(kSection.predicates));
  vertices_ = reinterpret_cast<const VertexRec*>(at(kSection.vertices));
  facts_ = reinterpret_cast<const FactRec*>(at(kSection.facts));
  fact_ids_ = at(kSection.fact_ids);
  hex_fact_ids_ = (h->flags & image_format::kHexFactIds) != 0;
  out_begin_ = reinterpret_cast<const uint32_t*>(at(kSection.out_begin));
  out_arcs_ = reinterpret_cast<const ImageArc*>(at(kSection.out_arcs));
  in_begin_ = reinterpret_cast<const uint32_t*>(at(kSection.in_begin));
  in_arcs_ = reinterpret_cast<const ImageArc*>(at(kSection.in_arcs));
  aliases_ = reinterpret_cast<const AliasRec*>(at(kSection.aliases));
  counts_ = reinterpret_cast<const CountsRec*>(at(kSection.counts));
  if (out_begin_[0] != 0 || in_begin_[0] != 0 || out_begin_[v] != f ||
      in_begin_[v] != f) {
    return corrupt("the adjacency does not span the facts");
  }
  return Status::Ok();
}

uint64_t GraphImage::generation() const { return header_->generation; }

ImageTotals GraphImage::totals() const {
  const uint64_t* t = header_->totals;
  return ImageTotals{t[0], t[1], t[2], t[3], t[4]};
}

uint32_t GraphImage::num_vertices() const { return header_->vertices; }
uint32_t GraphImage::num_facts() const { return header_->facts; }
uint32_t GraphImage::num_predicates() const { return header_->predicates; }
size_t GraphImage::num_aliases() const { return header_->aliases; }

std::string_view GraphImage::String(const StrRef& ref) const {
  if (uint64_t{ref.offset} + ref.length > pool_size_) return {};
  return std::string_view(pool_ + ref.offset, ref.length);
}

ImageVertex GraphImage::vertex(uint32_t v) const {
  if (v >= num_vertices()) return ImageVertex{};
  const VertexRec& r = vertices_[v];
  // A kind this litgraph does not know (a corrupt record) reads as a condition.
  auto kind = static_cast<EntityKind>(r.kind);
  if (r.kind < static_cast<uint32_t>(EntityKind::kGene) ||
      r.kind > static_cast<uint32_t>(EntityKind::kProcess)) {
    kind = EntityKind::kCondition;
  }
  return ImageVertex{kind, String(r.id), String(r.label)};
}

std::optional<uint32_t> GraphImage::FindVertex(std::string_view id) const {
  uint32_t lo = 0, hi = num_vertices();
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (String(vertices_[mid].id) < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < num_vertices() && String(vertices_[lo].id) == id) {
    return lo;
  }
  return std::nullopt;
}

ImageFact GraphImage::fact(uint32_t i) const {
  if (i >= num_facts()) return ImageFact{};
  const FactRec& r = facts_[i];
  if (r.subject >= num_vertices() || r.object >= num_vertices()) return ImageFact{};
  ImageFact out{r.subject, r.object, r.predicate, r.evidence, r.references, r.sources};
  if (r.evidence == image_format::kCountsElsewhere) {
    // The fact's row among the large counts (by fact number); none: zeros.
    const CountsRec* end = counts_ + header_->counts;
    const CountsRec* row = std::lower_bound(
        counts_, end, i, [](const CountsRec& c, uint32_t f) { return c.fact < f; });
    bool found = row != end && row->fact == i;
    out.evidence = found ? row->evidence : 0;
    out.references = found ? row->references : 0;
    out.sources = found ? row->sources : 0;
  }
  return out;
}

std::string GraphImage::fact_id(uint32_t i) const {
  if (i >= num_facts()) return {};
  uint64_t word;
  std::memcpy(&word, fact_ids_ + uint64_t{i} * 8, 8);
  if (!hex_fact_ids_) return std::string(String(std::bit_cast<StrRef>(word)));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id(image_format::kHexFactIdLength, 'f');
  for (size_t d = image_format::kHexFactIdLength - 1; d >= 1; --d, word >>= 4) {
    id[d] = kDigits[word & 15];
  }
  return id;
}

std::string_view GraphImage::predicate(uint32_t code) const {
  if (code >= num_predicates()) return {};
  return String(predicates_[code]);
}

std::optional<uint32_t> GraphImage::PredicateCode(std::string_view predicate) const {
  for (uint32_t i = 0; i < num_predicates(); ++i) {
    if (String(predicates_[i]) == predicate) return i;
  }
  return std::nullopt;
}

std::span<const ImageArc> GraphImage::Arcs(const uint32_t* begin, const ImageArc* arcs,
                                           uint32_t v) const {
  // Read per call, not verified at open (O(V + F)): the range within the
  // arcs, and every arc's vertex and fact in range, else none.
  if (v >= num_vertices()) return {};
  const uint32_t b = begin[v], e = begin[v + 1];
  if (b > e || e > num_facts()) return {};
  std::span<const ImageArc> out(arcs + b, arcs + e);
  for (const ImageArc& arc : out) {
    if (arc.other >= num_vertices() || arc.fact >= num_facts()) return {};
  }
  return out;
}

std::span<const ImageArc> GraphImage::OutArcs(uint32_t v) const {
  return Arcs(out_begin_, out_arcs_, v);
}

std::span<const ImageArc> GraphImage::InArcs(uint32_t v) const {
  return Arcs(in_begin_, in_arcs_, v);
}

std::vector<uint32_t> GraphImage::Resolve(std::string_view surface) const {
  if (auto v = FindVertex(surface)) return {*v};
  std::string norm = NormalizeAlias(surface);
  if (norm.empty()) return {};
  // First alias row >= (norm, tier 0).
  auto key = [&](size_t i) {
    const AliasRec& a = aliases_[i];
    return std::make_pair(String(a.norm), a.vertex_tier >= image_format::kAliasTierBit);
  };
  size_t lo = 0, hi = num_aliases();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (key(mid) < std::make_pair(std::string_view(norm), false)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  std::vector<uint32_t> out;
  for (int tier = 0; tier < 2 && out.empty(); ++tier) {
    for (; lo < num_aliases() && key(lo).first == norm && key(lo).second == (tier == 1);
         ++lo) {
      uint32_t v = aliases_[lo].vertex_tier & ~image_format::kAliasTierBit;
      if (v < num_vertices()) out.push_back(v);
    }
  }
  return out;
}

std::string GraphImage::Summary() const {
  return "generation " + std::to_string(generation()) + ": " +
         std::to_string(num_vertices()) + " vertices, " + std::to_string(num_facts()) +
         " facts, " + std::to_string(size_bytes()) + " bytes";
}

}  // namespace lg::graph
