// The graph image (graph/store/IMAGE.md): its layout read back through
// GraphImage, the counts computed at write time, when the store writes it,
// and what open and Check do with a missing, stale, corrupt or disagreeing
// image.
#include "graph/store/image.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "graph/store/curated.h"
#include "graph/store/image_format.h"
#include "graph/store/store.h"
#include "graph/view/view.h"
#include "tests/testing.h"

namespace lg::graph {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Store> OpenOrDie(const std::string& dir, StoreOptions options = {}) {
  auto store = Store::Open(dir, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::unique_ptr<Store> OpenReader(const std::string& dir) {
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  return OpenOrDie(dir, options);
}

Entity E(EntityKind kind, const std::string& key, std::vector<std::string> aliases,
         std::string label = "") {
  Entity e;
  e.kind = kind;
  e.id = MakeEntityId(kind, key);
  e.label = label.empty() ? key : label;
  e.aliases = std::move(aliases);
  return e;
}

Evidence Ev(const std::string& source, uint64_t begin, std::vector<std::string> refs) {
  Evidence e;
  e.source = source;
  e.sentence = "A sentence of ours at " + std::to_string(begin) + ".";
  e.begin = begin;
  e.end = begin + 30;
  e.refs = std::move(refs);
  e.rule = "verb";
  return e;
}

Fact F(const std::string& s, std::string_view p, const std::string& o,
       std::vector<Evidence> evidence) {
  Fact f;
  f.subject = s;
  f.predicate = std::string(p);
  f.object = o;
  f.id = ComputeFactId(f);
  f.evidence = std::move(evidence);
  return f;
}

Reference R(const std::string& source, const std::string& n, const std::string& pmid) {
  Reference r;
  r.source = source;
  r.n = n;
  r.first_author = "Author" + n;
  r.raw = "Author" + n + " X. A title.";
  r.pmid = pmid;
  return r;
}

// Source "s1": a drug inhibiting a gene (two sentences citing [1] and [2],
// both the same PMID, and [3] without one), the fusion involving the gene.
SourceData S1() {
  SourceData d;
  d.source.id = "s1";
  d.source.content_hash = "h1";
  d.entities = {E(EntityKind::kDrug, "testinib", {"TST-1"}),
                E(EntityKind::kGene, "ABC1", {"ABC-1", "Abc one"}),
                E(EntityKind::kFusion, "ABC1::XYZ2", {"ABC1-XYZ2"})};
  d.facts = {F("drug:testinib", pred::kInhibits, "gene:ABC1",
               {Ev("s1", 10, {"1", "3"}), Ev("s1", 80, {"2"})}),
             F("fusion:ABC1::XYZ2", pred::kInvolves, "gene:ABC1", {Ev("s1", 200, {})})};
  d.references = {R("s1", "1", "111"), R("s1", "2", "111"), R("s1", "3", "")};
  return d;
}

// Source "s2": the same inhibits fact, citing [1] (PMID 111 again: the same
// study) and [4] (its own), and a second drug.
SourceData S2() {
  SourceData d;
  d.source.id = "s2";
  d.source.content_hash = "h2";
  d.entities = {E(EntityKind::kDrug, "testinib", {"Testinib"}),
                E(EntityKind::kGene, "ABC1", {}),
                E(EntityKind::kDrug, "otherinib", {"ABC-1"})};
  d.facts = {F("drug:testinib", pred::kInhibits, "gene:ABC1", {Ev("s2", 5, {"1", "4"})}),
             F("drug:otherinib", pred::kInhibits, "gene:ABC1", {Ev("s2", 50, {})})};
  d.references = {R("s2", "1", "111"), R("s2", "4", "")};
  return d;
}

std::string ImagePath(const std::string& dir) {
  return (fs::path(dir) / kImageFileName).string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Spit(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::vector<std::string> Ids(const GraphImage& image, const std::vector<uint32_t>& vs) {
  std::vector<std::string> out;
  for (uint32_t v : vs) out.emplace_back(image.vertex(v).id);
  return out;
}

TEST_CASE("an image lays out vertices, facts, the CSR and the alias index", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  auto store = OpenOrDie(dir);
  REQUIRE(store->PutSource(S1()).ok());
  REQUIRE(store->PutSource(S2()).ok());
  REQUIRE(store->Compact().ok());  // writes the image, as the close would
  std::shared_ptr<const GraphImage> image = store->Image();
  REQUIRE(image != nullptr);
  CHECK(image->path() == ImagePath(dir));
  CHECK(image->generation() == 2);
  CHECK(image->totals() == ImageTotals{2, 4, 3, 5, 5});

  // Vertices in id order, with kind and label.
  REQUIRE(image->num_vertices() == 4);
  const std::vector<std::string> ids = {"drug:otherinib", "drug:testinib",
                                        "fusion:ABC1::XYZ2", "gene:ABC1"};
  for (uint32_t v = 0; v < 4; ++v) {
    CHECK(image->vertex(v).id == ids[v]);
    CHECK(image->FindVertex(ids[v]) == v);
  }
  CHECK(image->vertex(2).kind == EntityKind::kFusion);
  CHECK(image->vertex(2).label == "ABC1::XYZ2");
  CHECK(!image->FindVertex("drug:nothing"));

  // Predicates sorted; facts in id order with their counts.
  REQUIRE(image->num_predicates() == 2);
  CHECK(image->predicate(0) == "inhibits");
  CHECK(image->predicate(1) == "involves");
  CHECK(image->PredicateCode("involves") == 1u);
  REQUIRE(image->num_facts() == 3);
  std::vector<std::string> fact_ids = {S1().facts[0].id, S1().facts[1].id,
                                       S2().facts[1].id};
  std::sort(fact_ids.begin(), fact_ids.end());
  for (uint32_t f = 0; f < 3; ++f) {
    ImageFact fact = image->fact(f);
    std::string id = image->fact_id(f);
    INFO("fact " << id);
    CHECK(id == fact_ids[f]);
    if (id == S1().facts[0].id) {
      // testinib inhibits ABC1: 3 evidence items from 2 sources; studies:
      // PMID 111 (s1 [1], s1 [2], s2 [1]), s1 [3], s2 [4].
      CHECK(image->vertex(fact.subject).id == "drug:testinib");
      CHECK(image->vertex(fact.object).id == "gene:ABC1");
      CHECK(fact.predicate == 0u);
      CHECK(fact.evidence == 3);
      CHECK(fact.sources == 2);
      CHECK(fact.references == 3);
    } else if (id == S1().facts[1].id) {
      CHECK(fact.predicate == 1u);
      CHECK(fact.evidence == 1);
      CHECK(fact.sources == 1);
      CHECK(fact.references == 0);
    } else {
      CHECK(image->vertex(fact.subject).id == "drug:otherinib");
      CHECK(fact.evidence == 1);
      CHECK(fact.sources == 1);
    }
  }

  // The CSR: ABC1 has three in-arcs, in (subject vertex, fact) order as
  // Boost's CSR orders them, and no out-arcs.
  uint32_t gene = *image->FindVertex("gene:ABC1");
  CHECK(image->OutArcs(gene).empty());
  REQUIRE(image->InArcs(gene).size() == 3);
  std::vector<std::pair<uint32_t, uint32_t>> expected;  // (subject, fact)
  for (uint32_t f = 0; f < 3; ++f) expected.emplace_back(image->fact(f).subject, f);
  std::sort(expected.begin(), expected.end());
  for (uint32_t i = 0; i < 3; ++i) {
    const ImageArc& arc = image->InArcs(gene)[i];
    CHECK(arc.other == i);  // otherinib, testinib, the fusion: not fact order
    CHECK(arc.other == expected[i].first);
    CHECK(arc.fact == expected[i].second);
  }
  uint32_t testinib = *image->FindVertex("drug:testinib");
  REQUIRE(image->OutArcs(testinib).size() == 1);
  CHECK(image->OutArcs(testinib)[0].other == gene);
  CHECK(image->InArcs(testinib).empty());

  // Resolve: the exact id, then ids, keys and labels, then aliases.
  CHECK(Ids(*image, image->Resolve("gene:ABC1")) ==
        std::vector<std::string>{"gene:ABC1"});
  CHECK(Ids(*image, image->Resolve("abc1")) == std::vector<std::string>{"gene:ABC1"});
  CHECK(Ids(*image, image->Resolve("abc1/xyz2")) ==
        std::vector<std::string>{"fusion:ABC1::XYZ2"});
  // "ABC-1" is an alias of the gene (s1) and of otherinib (s2).
  CHECK(Ids(*image, image->Resolve("ABC 1")) ==
        std::vector<std::string>{"drug:otherinib", "gene:ABC1"});
  CHECK(Ids(*image, image->Resolve("tst 1")) ==
        std::vector<std::string>{"drug:testinib"});
  CHECK(image->Resolve("nothing").empty());
  CHECK(image->Resolve("").empty());
}

// One curator alias, "Abc-Eins" for gene:ABC1: it changes what names resolve.
CurationBatch AliasBatch() {
  CurationOp op;
  op.action = CurationAction::kAlias;
  op.alias = "Abc-Eins";
  op.entity = "gene:ABC1";
  op.curator = "t";
  op.time = "2026-01-01T00:00:00Z";
  CurationBatch batch;
  batch.ops.push_back(op);
  return batch;
}

TEST_CASE("a writer images the store when it closes and at Compact, not per write",
          "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  auto store = OpenOrDie(dir);
  // A new store has the image of an empty graph.
  REQUIRE(store->Image() != nullptr);
  CHECK(store->Image()->generation() == 0);
  CHECK(store->Image()->num_vertices() == 0);
  std::shared_ptr<const GraphImage> empty = store->Image();
  REQUIRE(store->PutSource(S1()).ok());
  // Written since: no image until this writer closes (or compacts).
  CHECK(store->Image() == nullptr);
  CHECK(store->ImageNote().find("written since its graph image") != std::string::npos);
  CHECK(empty->num_vertices() == 0);  // a held image stays mapped and unchanged
  PutOptions unsynced;
  unsynced.sync = false;
  REQUIRE(store->PutSource(S2(), unsynced).ok());
  REQUIRE(store->Sync().ok());
  CHECK(store->Image() == nullptr);  // a sync writes no image either
  REQUIRE(store->Compact().ok());
  REQUIRE(store->Image() != nullptr);
  CHECK(store->Image()->generation() == 2);
  CHECK(store->Image()->num_facts() == 3);
  REQUIRE(store->RemoveSource("s1").ok());
  REQUIRE(store->ApplyCuration(AliasBatch()).ok());
  CHECK(store->Image() == nullptr);
  store.reset();  // the close writes the image of generation 4
  CHECK(!fs::exists(ImagePath(dir) + ".tmp"));
  auto reader = OpenReader(dir);
  REQUIRE(reader->Image() != nullptr);
  CHECK(reader->Image()->generation() == 4);
  CHECK(reader->Image()->num_facts() == 2);
  CHECK(reader->ImageNote().empty());
  auto report = reader->Check();
  REQUIRE(report.ok());
  CHECK(report->faults.empty());
  CHECK(report->image.rfind("current (generation 4: 3 vertices, 2 facts, ", 0) == 0);
}

TEST_CASE("the curated view shows the image only while its overlay changes nothing",
          "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { REQUIRE(OpenOrDie(dir)->PutSource(S1()).ok()); }
  {
    std::unique_ptr<Store> reader = OpenReader(dir);
    auto curated = MakeCuratedView(*reader);
    REQUIRE(curated.ok());
    REQUIRE(reader->Image() != nullptr);
    CHECK((*curated)->Image() == reader->Image());
    CHECK((*curated)->ImageNote().empty());
  }
  {
    auto writer = OpenOrDie(dir);
    REQUIRE(writer->ApplyCuration(AliasBatch()).ok());
  }
  std::unique_ptr<Store> reader = OpenReader(dir);
  auto curated = MakeCuratedView(*reader);
  REQUIRE(curated.ok());
  REQUIRE(reader->Image() != nullptr);    // the machine graph's image is current
  CHECK((*curated)->Image() == nullptr);  // but an alias changes what names resolve
  CHECK((*curated)->ImageNote() == "the curation overlay changes the machine graph");
}

TEST_CASE("a store without an image gets one at its next writer's open", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { REQUIRE(OpenOrDie(dir)->PutSource(S1()).ok()); }
  REQUIRE(fs::remove(ImagePath(dir)));

  // A reader says so and reads the store.
  {
    auto reader = OpenReader(dir);
    CHECK(reader->Image() == nullptr);
    CHECK(reader->ImageNote() == "there is no graph image " + ImagePath(dir) +
                                     " (a store written before images); queries read "
                                     "the store (the next writer rebuilds it)");
    auto report = reader->Check();
    REQUIRE(report.ok());
    CHECK(report->faults.empty());
    CHECK(report->image == "missing (the next writer builds it)");
  }
  std::vector<std::string> notices;
  StoreOptions options;
  options.notice = [&](const std::string& m) { notices.push_back(m); };
  auto writer = OpenOrDie(dir, options);
  REQUIRE(writer->Image() != nullptr);
  CHECK(writer->Image()->generation() == 1);
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].rfind("graph/store: there is no graph image " + ImagePath(dir) +
                             " (a store written before images); built it (generation "
                             "1: 3 vertices, 2 facts, ",
                         0) == 0);
  writer.reset();
  notices.clear();
  OpenOrDie(dir, options);  // current now: nothing to say
  CHECK(notices.empty());
}

TEST_CASE("a stale image is not used, and the next writer rebuilds it", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  {
    auto store = OpenOrDie(dir);
    REQUIRE(store->PutSource(S1()).ok());
  }
  std::string old_image = Slurp(ImagePath(dir));
  { REQUIRE(OpenOrDie(dir)->PutSource(S2()).ok()); }
  // As a writer killed between its store write and its image leaves it.
  Spit(ImagePath(dir), old_image);
  {
    auto reader = OpenReader(dir);
    CHECK(reader->Image() == nullptr);
    CHECK(reader->ImageNote() ==
          "the graph image " + ImagePath(dir) +
              " is stale: it is of generation 1, the store of generation 2; queries "
              "read the store (the next writer rebuilds it)");
    auto report = reader->Check();
    REQUIRE(report.ok());
    CHECK(report->faults.empty());
    CHECK(report->image ==
          "stale: generation 1, the store is at 2 (the next writer rebuilds it)");
  }
  std::vector<std::string> notices;
  StoreOptions options;
  options.notice = [&](const std::string& m) { notices.push_back(m); };
  CHECK(OpenOrDie(dir, options)->Image()->generation() == 2);
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].find("is stale: it is of generation 1, the store of generation 2; "
                        "built it (generation 2: 4 vertices, 3 facts, ") !=
        std::string::npos);
}

TEST_CASE("check fails on an image with a flipped byte, naming the file", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { REQUIRE(OpenOrDie(dir)->PutSource(S1()).ok()); }
  const std::string bytes = Slurp(ImagePath(dir));
  REQUIRE(bytes.size() > 300);
  // Every byte past the magic is covered: the header's fields (the schema,
  // the generation, the section table), the sections.
  for (size_t at :
       {size_t{20}, size_t{24}, size_t{250}, bytes.size() / 2, bytes.size() - 9}) {
    INFO("byte " << at);
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    Spit(ImagePath(dir), flipped);
    auto opened = GraphImage::Open(ImagePath(dir));
    CHECK(opened.status().code() == Status::Code::kCorruption);
    // A reader verifies the header (O(1)), not every byte: it refuses a
    // flipped header byte, and maps an image with a flipped record byte
    // (whose accessors bounds-check what they read).
    auto reader = OpenReader(dir);
    CHECK((reader->Image() == nullptr) == (at < sizeof(image_format::Header)));
    auto report = reader->Check();
    REQUIRE(report.ok());
    REQUIRE(report->faults.size() == 1);
    const std::string& fault = report->faults[0];
    CHECK(fault.rfind("graph/store: " + ImagePath(dir) + ": ", 0) == 0);
    CHECK(fault.find("(delete the file, or open the store for writing, to rebuild it)") !=
          std::string::npos);
    CHECK(report->image == "corrupt");
  }
  // The one in the middle: a checksum mismatch, said so.
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x01;
  Spit(ImagePath(dir), flipped);
  auto opened = GraphImage::Open(ImagePath(dir));
  CHECK(opened.status().message().find(": checksum mismatch: stored ") !=
        std::string::npos);
  flipped = bytes;
  flipped[0] = 'X';
  Spit(ImagePath(dir), flipped);
  CHECK(GraphImage::Open(ImagePath(dir)).status().message() ==
        "graph/store: " + ImagePath(dir) +
            ": not a graph image (bad magic) (delete the file, or open the store for "
            "writing, to rebuild it)");
  Spit(ImagePath(dir), bytes.substr(0, bytes.size() - 8));
  CHECK(GraphImage::Open(ImagePath(dir))
            .status()
            .message()
            .find(": truncated: the header says ") != std::string::npos);

  // A writer rebuilds the corrupt image; then check passes.
  Spit(ImagePath(dir), flipped);
  { OpenOrDie(dir); }
  CHECK(Slurp(ImagePath(dir)) == bytes);
  auto report = OpenReader(dir)->Check();
  REQUIRE(report.ok());
  CHECK(report->faults.empty());
}

// The header of an image's bytes.
image_format::Header HeaderOf(const std::string& bytes) {
  image_format::Header h;
  REQUIRE(bytes.size() >= sizeof(h));
  std::memcpy(&h, bytes.data(), sizeof(h));
  return h;
}

// `bytes` with the u32 at `at` set to `value`.
std::string WithU32(std::string bytes, uint64_t at, uint32_t value) {
  REQUIRE(at + 4 <= bytes.size());
  std::memcpy(bytes.data() + at, &value, 4);
  return bytes;
}

TEST_CASE("an image of format 1 is stale to a reader and rebuilt by the next writer",
          "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { REQUIRE(OpenOrDie(dir)->PutSource(S1()).ok()); }
  const std::string current = Slurp(ImagePath(dir));
  // A format-1 header (version 1, its checksum intact): what an older
  // litgraph left.
  std::string old = WithU32(current, offsetof(image_format::Header, version), 1);
  uint64_t sum = image_format::Checksum(old.data() + image_format::kChecksummedFrom,
                                        old.size() - image_format::kChecksummedFrom);
  std::memcpy(old.data() + offsetof(image_format::Header, checksum), &sum, 8);
  Spit(ImagePath(dir), old);
  const std::string why = "graph/store: " + ImagePath(dir) +
                          ": graph image format 1; this litgraph reads format 2 "
                          "(delete the file, or open the store for writing, to "
                          "rebuild it)";
  {
    auto reader = OpenReader(dir);
    CHECK(reader->Image() == nullptr);
    CHECK(reader->ImageNote() ==
          why + "; queries read the store (the next writer rebuilds it)");
    // Queries read the store.
    auto view = View::Build(*reader);
    REQUIRE(view.ok());
    CHECK(view->num_facts() == 2);
    CHECK(view->Resolve("TST-1").size() == 1);
  }
  std::vector<std::string> notices;
  StoreOptions options;
  options.notice = [&](const std::string& m) { notices.push_back(m); };
  {
    auto writer = OpenOrDie(dir, options);
    REQUIRE(writer->Image() != nullptr);
  }
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].rfind(why + "; built it (generation 1: 3 vertices, 2 facts, ", 0) ==
        0);
  CHECK(Slurp(ImagePath(dir)) == current);
  CHECK(OpenReader(dir)->Image() != nullptr);
}

TEST_CASE("a reader refuses a truncated or garbled section table, saying what is wrong",
          "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { REQUIRE(OpenOrDie(dir)->PutSource(S1()).ok()); }
  const std::string bytes = Slurp(ImagePath(dir));
  const image_format::Header h = HeaderOf(bytes);
  auto reader_note = [&](const std::string& image) {
    Spit(ImagePath(dir), image);
    auto opened = GraphImage::Open(ImagePath(dir), GraphImage::Verify::kHeader);
    CHECK(opened.status().code() == Status::Code::kCorruption);
    auto reader = OpenReader(dir);
    CHECK(reader->Image() == nullptr);
    return reader->ImageNote();
  };
  const std::string prefix = "graph/store: " + ImagePath(dir) + ": ";
  const std::string suffix =
      " (delete the file, or open the store for writing, to rebuild it); queries "
      "read the store (the next writer rebuilds it)";
  const uint64_t table = offsetof(image_format::Header, sections);
  const uint64_t facts = image_format::kSection.facts;
  // The facts section one record short of its count.
  CHECK(reader_note(WithU32(bytes, table + 16 * facts + 8,
                            static_cast<uint32_t>(h.sections[facts].bytes - 16))) ==
        prefix + "section 3 does not fit its counts" + suffix);
  // A section that starts past the end of the file.
  CHECK(reader_note(WithU32(bytes, table + 16 * image_format::kSection.in_arcs,
                            static_cast<uint32_t>(bytes.size() + 8))) ==
        prefix + "section 8 does not fit its counts" + suffix);
  // A section off its 8-byte alignment.
  CHECK(reader_note(WithU32(bytes, table + 16 * image_format::kSection.aliases,
                            static_cast<uint32_t>(h.sections[9].offset + 4))) ==
        prefix + "section 9 does not fit its counts" + suffix);
  // A fact count the sections do not hold.
  CHECK(reader_note(WithU32(bytes, offsetof(image_format::Header, facts), 1000)) ==
        prefix + "section 3 does not fit its counts" + suffix);
  // Cut inside the sections, and inside the header.
  CHECK(reader_note(bytes.substr(0, bytes.size() - 8)) ==
        prefix + "truncated: the header says " + std::to_string(bytes.size()) +
            " bytes, the file has " + std::to_string(bytes.size() - 8) + suffix);
  CHECK(reader_note(bytes.substr(0, 100)) ==
        prefix + "not a graph image (100 bytes, shorter than its header)" +
            "; queries read the store (the next writer rebuilds it)");
  // An adjacency that does not end at the fact count.
  const uint64_t out_begin = h.sections[image_format::kSection.out_begin].offset;
  CHECK(reader_note(WithU32(bytes, out_begin + 4 * h.vertices, h.facts + 1)) ==
        prefix + "the adjacency does not span the facts" + suffix);
}

TEST_CASE("out-of-range numbers in an image's records read as nothing, not past the map",
          "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  {
    auto store = OpenOrDie(dir);
    REQUIRE(store->PutSource(S1()).ok());
    REQUIRE(store->PutSource(S2()).ok());
  }
  std::string bytes = Slurp(ImagePath(dir));
  const image_format::Header h = HeaderOf(bytes);
  REQUIRE(h.vertices == 4);
  REQUIRE(h.facts == 3);
  auto section = [&](int i) { return h.sections[i].offset; };
  const uint32_t kHuge = 0x7ffffff0;
  // Vertex 1 (testinib): its one out-arc names a vertex out of range.
  bytes = WithU32(bytes, section(image_format::kSection.out_arcs) + 8 * 1, kHuge);
  // Vertex 1's in-arcs begin after vertex 2's (not monotone).
  bytes = WithU32(bytes, section(image_format::kSection.in_begin) + 4 * 1, 3);
  // Fact 2's subject, fact 1's predicate, vertex 3's kind and label: out of
  // range; fact 0's counts said to be in a row of large counts it has not.
  const uint64_t facts = section(image_format::kSection.facts);
  bytes = WithU32(bytes, facts + 16 * 2, kHuge);
  bytes = WithU32(bytes, facts + 16 * 1 + 8, 0xfff0);  // predicate 0xfff0, evidence 0
  bytes = WithU32(bytes, facts + 16 * 0 + 10, 0xffffffff);
  bytes = WithU32(bytes, section(image_format::kSection.vertices) + 20 * 3 + 16, 250);
  bytes = WithU32(bytes, section(image_format::kSection.vertices) + 20 * 3 + 8, kHuge);
  // Every alias row names a vertex out of range (tier bits kept).
  for (uint32_t a = 0; a < h.aliases; ++a) {
    uint64_t at = section(image_format::kSection.aliases) + 12 * a + 8;
    uint32_t tier_bit;
    std::memcpy(&tier_bit, bytes.data() + at, 4);
    bytes = WithU32(bytes, at, (tier_bit & image_format::kAliasTierBit) | kHuge);
  }
  Spit(ImagePath(dir), bytes);

  auto reader = OpenReader(dir);
  std::shared_ptr<const GraphImage> image = reader->Image();
  REQUIRE(image != nullptr);  // the header is intact: a reader maps it
  CHECK(image->OutArcs(1).empty());
  CHECK(image->InArcs(1).empty());
  CHECK(image->OutArcs(kHuge).empty());
  CHECK(image->InArcs(4).empty());
  CHECK(image->fact(2).subject == 0);
  CHECK(image->fact(2).object == 0);
  CHECK(image->fact(3).evidence == 0);
  CHECK(image->fact(0).evidence == 0);
  CHECK(image->fact(0).references == 0);
  CHECK(image->fact(0).subject < 4);
  CHECK(image->fact_id(3).empty());
  CHECK(image->predicate(image->fact(1).predicate).empty());
  CHECK(image->vertex(3).kind == EntityKind::kCondition);
  CHECK(image->vertex(3).label.empty());
  CHECK(image->vertex(4).id.empty());
  CHECK(image->Resolve("abc1").empty());
  CHECK(image->Resolve("gene:ABC1") == std::vector<uint32_t>{3});

  // A view over it answers (wrongly, but within bounds) whatever it walks.
  auto view = View::Build(*reader);
  REQUIRE(view.ok());
  for (uint32_t v = 0; v < view->num_vertices(); ++v) {
    view->ForEachArc(v, [&](const View::Step& s) {
      CHECK(s.to < view->num_vertices());
      CHECK(s.fact < view->num_facts());
    });
    for (const View::Reached& r : view->Neighborhood(v, 3)) {
      CHECK(r.vertex < view->num_vertices());
    }
    for (uint32_t w = 0; w < view->num_vertices(); ++w) view->ShortestPaths(v, w);
    CHECK(view->entity(v).id == view->id(v));
  }
  for (uint32_t f = 0; f < view->num_facts(); ++f) {
    CHECK(view->subject(f) < view->num_vertices());
    (void)view->fact(f);
  }
  // `check` verifies every byte: the reader's image is corrupt to it.
  auto report = reader->Check();
  REQUIRE(report.ok());
  CHECK(report->image == "corrupt");
}

TEST_CASE("check fails on an intact image of the same generation that disagrees",
          "[graph]") {
  testing::TempDir tmp;
  std::string a = tmp.Sub("a"), b = tmp.Sub("b");
  { REQUIRE(OpenOrDie(a)->PutSource(S1()).ok()); }
  { REQUIRE(OpenOrDie(b)->PutSource(S2()).ok()); }
  // Both are at generation 1; b gets a's image.
  fs::copy_file(ImagePath(a), ImagePath(b), fs::copy_options::overwrite_existing);
  auto report = OpenReader(b)->Check();
  REQUIRE(report.ok());
  REQUIRE(report->faults.size() == 1);
  CHECK(report->faults[0].rfind("graph/store: " + ImagePath(b) +
                                    ": generation 1 but its content differs from the "
                                    "store's (first difference at byte ",
                                0) == 0);
  CHECK(report->image == "disagrees with the store");
}

TEST_CASE("EncodeImage gives undeclared endpoints a vertex and is deterministic",
          "[graph]") {
  ImageContent content;
  content.generation = 7;
  content.entities = {E(EntityKind::kGene, "ZZZ9", {})};
  // f3's counts do not fit the fact record's 16 bits: a row of large counts.
  content.facts = {{"f2", "gene:ZZZ9", "inhibits", "drug:ghost", 1, 0, 1},
                   {"f1", "drug:ghost", "binds", "gene:ZZZ9", 2, 1, 1},
                   {"f3", "gene:ZZZ9", "inhibits", "gene:ZZZ9", 70000, 65535, 3}};
  auto bytes = EncodeImage(content);
  REQUIRE(bytes.ok());
  std::reverse(content.facts.begin(), content.facts.end());
  auto again = EncodeImage(content);
  REQUIRE(again.ok());
  CHECK(*bytes == *again);  // the order of the input does not matter
  CHECK(bytes->size() % 8 == 0);

  testing::TempDir tmp;
  std::string path = tmp.Sub("x.image");
  Spit(path, *bytes);
  auto image = GraphImage::Open(path);
  REQUIRE(image.ok());
  const GraphImage& g = **image;
  CHECK(g.generation() == 7);
  REQUIRE(g.num_vertices() == 2);
  CHECK(g.vertex(0).id == "drug:ghost");
  CHECK(g.vertex(0).kind == EntityKind::kDrug);
  CHECK(g.vertex(0).label == "ghost");
  CHECK(g.fact_id(0) == "f1");
  CHECK(g.fact_id(1) == "f2");
  CHECK(g.fact_id(2) == "f3");
  CHECK(g.fact(1).evidence == 1);
  CHECK(g.fact(1).sources == 1);
  CHECK(g.fact(2).evidence == 70000);
  CHECK(g.fact(2).references == 65535);
  CHECK(g.fact(2).sources == 3);
  CHECK(g.predicate(g.fact(2).predicate) == "inhibits");
  CHECK(g.predicate(g.fact(0).predicate) == "binds");
  CHECK(g.fact(0).evidence == 2);
  CHECK(g.fact(0).references == 1);
  CHECK(g.OutArcs(0).size() == 1);
  CHECK(g.InArcs(0).size() == 1);
  CHECK(g.InArcs(0)[0].fact == 1);
}

}  // namespace
}  // namespace lg::graph
