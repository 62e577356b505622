#include "graph/store/store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "graph/curation.h"
#include "graph/store/coding.h"
#include "graph/store/curated.h"
#include "graph/store/store_testing.h"
#include "tests/testing.h"

namespace lg::graph {
namespace {

using coding::Decoder;

std::string Hex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += char(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

// ---------------------------------------------------------------- coding

TEST_CASE("varint64 encodes to the documented bytes and back", "[graph]") {
  struct Case {
    uint64_t value;
    std::string hex;
  };
  const std::vector<Case> cases = {
      {0, "00"},
      {1, "01"},
      {127, "7f"},
      {128, "8001"},
      {300, "ac02"},
      {16383, "ff7f"},
      {16384, "808001"},
      {0xFFFFFFFFull, "ffffffff0f"},
      {0xFFFFFFFFFFFFFFFFull, "ffffffffffffffffff01"},
  };
  for (const Case& c : cases) {
    std::string out;
    coding::PutVarint64(&out, c.value);
    CHECK(Hex(out) == c.hex);
    Decoder d(out, "test");
    uint64_t back = 0;
    REQUIRE(d.GetVarint64(&back).ok());
    CHECK(back == c.value);
    CHECK(d.ExpectEnd().ok());
  }
}

TEST_CASE("varint32 round trips and rejects values above 32 bits", "[graph]") {
  for (uint32_t value : {0u, 5u, 200u, 70000u, 0xFFFFFFFFu}) {
    std::string out;
    coding::PutVarint32(&out, value);
    Decoder d(out, "test");
    uint32_t back = 1;
    REQUIRE(d.GetVarint32(&back).ok());
    CHECK(back == value);
  }
  std::string big;
  coding::PutVarint64(&big, 0x100000000ull);
  Decoder d(big, "test");
  uint32_t v = 0;
  Status s = d.GetVarint32(&v);
  CHECK(s.code() == Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: test: varint overflows 32 bits at offset 0");
}

TEST_CASE("decoders report truncated and invalid input as Corruption", "[graph]") {
  struct Case {
    std::string hex;
    std::string kind;  // which Get*
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "varint64", "graph/store: t: truncated varint at offset 0"},
      {"80", "varint64", "graph/store: t: truncated varint at offset 0"},
      {"ffffffffffffffffff02", "varint64",
       "graph/store: t: varint overflows 64 bits at offset 0"},
      {"ffffffffffffffffffff01", "varint64",
       "graph/store: t: varint overflows 64 bits at offset 0"},
      {"", "string", "graph/store: t: truncated varint at offset 0"},
      {"03616263", "string", ""},
      {"0461626364", "string", ""},
      {"056162", "string", "graph/store: t: truncated string at offset 0"},
      {"ffffffff0f", "string", "graph/store: t: truncated string at offset 0"},
      {"02016101", "list", "graph/store: t: truncated string at offset 3"},
      {"0201610162", "list", ""},
      {"ffffffff0f", "list", "graph/store: t: truncated string list at offset 5"},
      {"0101610162", "map", ""},
      {"05016101", "map", "graph/store: t: truncated string map at offset 1"},
      {"01016101", "map", "graph/store: t: truncated string at offset 3"},
      {"02016201610161", "map",
       "graph/store: t: string map keys out of order at offset 7"},
      {"02016200016100", "map",
       "graph/store: t: string map keys out of order at offset 6"},
      {"02016100016100", "map",
       "graph/store: t: string map keys out of order at offset 6"},
      {"0101610100", "list map", ""},
      {"05016101", "list map", "graph/store: t: truncated list map at offset 1"},
      {"0101610102", "list map", "graph/store: t: truncated string at offset 4"},
      {"02016200016100", "list map",
       "graph/store: t: list map keys out of order at offset 6"},
  };
  for (const Case& c : cases) {
    INFO(c.kind << " " << c.hex);
    std::string bytes = Unhex(c.hex);
    Decoder d(bytes, "t");
    Status s;
    if (c.kind == "varint64") {
      uint64_t v;
      s = d.GetVarint64(&v);
    } else if (c.kind == "string") {
      std::string v;
      s = d.GetString(&v);
    } else if (c.kind == "list") {
      std::vector<std::string> v;
      s = d.GetStringList(&v);
    } else if (c.kind == "map") {
      std::map<std::string, std::string> v;
      s = d.GetStringMap(&v);
    } else {
      ListAttributes v;
      s = d.GetListMap(&v);
    }
    if (c.message.empty()) {
      CHECK(s.ok());
    } else {
      CHECK(s.code() == Status::Code::kCorruption);
      CHECK(s.message() == c.message);
    }
  }
}

TEST_CASE("string, list and map round trip", "[graph]") {
  std::string out;
  coding::PutString(&out, "");
  coding::PutString(&out, std::string("a\0b", 3));
  coding::PutStringList(&out, {"KMT2A", "", "AFF1"});
  coding::PutStringMap(&out, {{"phase", "2"}, {"status", ""}});
  const ListAttributes lists = {
      {"drugs", {"a + b", "c"}}, {"names", {"X|Y", "", "Z"}}, {"registry_ids", {}}};
  coding::PutListMap(&out, lists);
  Decoder d(out, "t");
  std::string a, b;
  std::vector<std::string> list;
  std::map<std::string, std::string> map;
  ListAttributes list_map;
  REQUIRE(d.GetString(&a).ok());
  REQUIRE(d.GetString(&b).ok());
  REQUIRE(d.GetStringList(&list).ok());
  REQUIRE(d.GetStringMap(&map).ok());
  REQUIRE(d.GetListMap(&list_map).ok());
  CHECK(d.ExpectEnd().ok());
  CHECK(list_map == lists);
  CHECK(a.empty());
  CHECK(b == std::string("a\0b", 3));
  CHECK(list == std::vector<std::string>{"KMT2A", "", "AFF1"});
  CHECK(map == std::map<std::string, std::string>{{"phase", "2"}, {"status", ""}});
}

// Encodes, decodes, compares with `dump`; then every strict prefix and the
// encoding plus one byte must fail with Corruption.
template <typename T, typename Enc, typename Dec, typename Dump>
void CheckRecord(const T& value, Enc encode, Dec decode, Dump dump) {
  std::string bytes = encode(value);
  T back;
  REQUIRE(decode(bytes, "rec", &back).ok());
  CHECK(dump(back) == dump(value));
  for (size_t n = 0; n < bytes.size(); ++n) {
    T partial;
    Status s = decode(std::string_view(bytes).substr(0, n), "rec", &partial);
    INFO("prefix of " << n << " bytes");
    CHECK(s.code() == Status::Code::kCorruption);
  }
  T extra;
  Status s = decode(bytes + "x", "rec", &extra);
  CHECK(s.code() == Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: rec: unexpected trailing bytes at offset " +
                           std::to_string(bytes.size()));
}

std::string DumpSource(const Source& s) {
  std::string out = s.DebugString() + " pmid=" + s.pmid + " pmcid=" + s.pmcid +
                    " license=" + s.license + " ingested=" + s.ingested_at + " authors=";
  for (const auto& a : s.authors) out += a + ";";
  out += " counts=" + std::to_string(s.counts.sentences) + "/" +
         std::to_string(s.counts.entities) + "/" + std::to_string(s.counts.facts) + "/" +
         std::to_string(s.counts.references);
  return out;
}

std::string DumpEvidence(const Evidence& e) {
  return e.DebugString() + " end=" + std::to_string(e.end) + " sentence=" + e.sentence;
}

std::string DumpReference(const Reference& r) {
  std::string out = r.DebugString() + " vol=" + r.volume + " pages=" + r.pages +
                    " pmcid=" + r.pmcid + " url=" + r.url + " reg=" + r.registry_id +
                    " raw=" + r.raw + " source=" + r.source + " authors=";
  for (const auto& a : r.authors) out += a + ";";
  return out;
}

std::string DumpFact(const Fact& f) {
  std::string out = f.id + " " + f.DebugString();
  for (const Evidence& e : f.evidence) out += "\n  " + DumpEvidence(e);
  return out;
}

std::string Dump(const SourceData& d) {
  std::string out = DumpSource(d.source) + "\n";
  for (const Entity& e : d.entities) out += e.DebugString() + "\n";
  for (const Fact& f : d.facts) out += DumpFact(f) + "\n";
  for (const Reference& r : d.references) out += DumpReference(r) + "\n";
  if (!d.rendering.empty()) out += "rendering=" + d.rendering + "\n";
  return out;
}

TEST_CASE("record encodings round trip and reject truncation", "[graph]") {
  Source s;
  s.path = "papers/a.txt";
  s.content_hash = std::string(64, 'a');
  s.title = "A review";
  s.doi = "10.1/x";
  s.journal = "J";
  s.year = "2024";
  s.authors = {"Doe J", "Roe R"};
  s.pmid = "28163000";
  s.pmcid = "PMC5337626";
  s.license = "http://creativecommons.org/licenses/by/4.0/";
  s.ingested_at = "2024-01-01T00:00:00Z";
  s.counts = {300, 40, 5000, 150};
  CheckRecord(s, coding::EncodeSource, coding::DecodeSource, DumpSource);

  Entity e;
  e.kind = EntityKind::kTrial;
  e.label = "NCT1";
  e.aliases = {"A", "B"};
  e.attributes = {{"phase", "1/2"}};
  // Items holding either separator, an empty item, an empty list.
  e.list_attributes = {
      {"names", {"A|B", "C + D", ""}}, {"registry_ids", {}}, {"x", {"1", "2"}}};
  e.sources.emplace_back();
  e.sources[0].body = 2;
  e.sources[0].body_spans = {{10, 14}, {300, 304}};
  e.sources[0].references = 1;
  e.sources[0].reference_spans = {{9000, 9004}};
  e.sources[0].sentence = "NCT1 opened.";
  CheckRecord(e, coding::EncodeEntityRecord, coding::DecodeEntityRecord,
              [](const Entity& x) { return x.DebugString(); });

  Fact f;
  f.subject = "drug:x";
  f.predicate = "inhibits";
  f.object = "gene:Y";
  f.attributes = {{"role", "5p"}};
  CheckRecord(f, coding::EncodeFactRecord, coding::DecodeFactRecord,
              [](const Fact& x) { return x.DebugString(); });
  f.list_attributes = {{"drugs", {"a + b", "c|d"}}};
  CheckRecord(f, coding::EncodeFactRecord, coding::DecodeFactRecord,
              [](const Fact& x) { return x.DebugString(); });
  // The fact record is the documented fields: no list attributes is one 0.
  f.list_attributes.clear();
  CHECK(coding::EncodeFactRecord(f) ==
        Unhex("06") + "drug:x" + Unhex("08") + "inhibits" + Unhex("06") + "gene:Y" +
            Unhex("01") + Unhex("04") + "role" + Unhex("02") + "5p" + Unhex("00"));

  for (bool inherited : {false, true}) {
    for (bool stated : {false, true}) {
      Evidence ev;
      ev.sentence = "Drug x inhibits Y.";
      ev.begin = 100000;
      ev.end = 100018;
      ev.refs = {"2", "10"};
      ev.refs_inherited = inherited;
      ev.rule = "verb";
      ev.stated = stated;
      CheckRecord(ev, coding::EncodeEvidence, coding::DecodeEvidence, DumpEvidence);
    }
  }

  Reference r;
  r.n = "12";
  r.authors = {"Issa GC"};
  r.first_author = "Issa";
  r.title = "T";
  r.journal = "Nature";
  r.year = "2023";
  r.volume = "615";
  r.pages = "920-4";
  r.doi = "10.2/y";
  r.pmid = "1";
  r.pmcid = "PMC2";
  r.url = "u";
  r.registry_id = "NCT0";
  r.kind = "web";
  r.raw = "raw";
  CheckRecord(r, coding::EncodeReference, coding::DecodeReference, DumpReference);

  coding::TotalsRecord t{1, 2, 3, 4, 5};
  CheckRecord(t, coding::EncodeTotals, coding::DecodeTotals,
              [](const coding::TotalsRecord& x) {
                return std::to_string(x.sources) + std::to_string(x.entities) +
                       std::to_string(x.facts) + std::to_string(x.evidence) +
                       std::to_string(x.references);
              });
}

TEST_CASE("the evidence encoding is the one FORMAT.md shows", "[graph]") {
  Evidence ev;
  ev.sentence = "Drug x inhibits Y.";
  ev.begin = 5;
  ev.end = 23;
  ev.refs = {"2"};
  ev.rule = "verb";
  CHECK(Hex(coding::EncodeEvidence(ev)) == "12" + Hex("Drug x inhibits Y.") +
                                               "05"
                                               "17"
                                               "01"
                                               "01" +
                                               Hex("2") + "04" + Hex("verb") + "00");
  ev.stated = false;
  ev.refs_inherited = true;
  CHECK(Hex(coding::EncodeEvidence(ev))
            .substr(Hex(coding::EncodeEvidence(ev)).size() - 2) == "03");
}

TEST_CASE("record decoders reject unknown stored enum values", "[graph]") {
  Entity e;
  std::string bytes = Unhex(
      "0b"
      "00"
      "00"
      "00");  // kind 11 does not exist
  Status s = coding::DecodeEntityRecord(bytes, "rec", &e);
  CHECK(s.code() == Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: rec: unknown entity kind 11");

  Evidence ev;
  std::string ev_bytes = Unhex(
      "00"
      "00"
      "00"
      "00"
      "00"
      "04");  // flag bit 4
  s = coding::DecodeEvidence(ev_bytes, "rec", &ev);
  CHECK(s.code() == Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: rec: unknown evidence flags 4");
}

// ---------------------------------------------------------------- store

std::unique_ptr<Store> OpenOrDie(const std::string& dir, StoreOptions options = {}) {
  auto store = Store::Open(dir, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

Evidence Ev(const std::string& source, uint64_t begin, const std::string& rule,
            std::vector<std::string> refs = {}) {
  Evidence e;
  e.source = source;
  e.sentence = "Sentence at " + std::to_string(begin) + ".";
  e.begin = begin;
  e.end = begin + 20;
  e.refs = std::move(refs);
  e.rule = rule;
  return e;
}

Fact MakeFact(const std::string& s, std::string_view p, const std::string& o,
              std::vector<Evidence> evidence,
              std::map<std::string, std::string> attributes = {}) {
  Fact f;
  f.subject = s;
  f.predicate = std::string(p);
  f.object = o;
  f.attributes = std::move(attributes);
  f.id = ComputeFactId(f);
  f.evidence = std::move(evidence);
  return f;
}

Entity MakeEntity(EntityKind kind, const std::string& key,
                  std::vector<std::string> aliases,
                  std::map<std::string, std::string> attributes = {}) {
  Entity e;
  e.kind = kind;
  e.id = MakeEntityId(kind, key);
  e.label = key;
  e.aliases = std::move(aliases);
  e.attributes = std::move(attributes);
  return e;
}

Reference Ref(const std::string& source, const std::string& n,
              const std::string& author) {
  Reference r;
  r.source = source;
  r.n = n;
  r.first_author = author;
  r.authors = {author + " A"};
  r.title = "Title " + n;
  r.year = "2020";
  r.raw = author + " A. Title " + n + ".";
  return r;
}

// SourceMentions of `source`: body and reference-list counts and spans.
SourceMentions Named(const std::string& source, uint64_t body,
                     std::vector<Span> body_spans, uint64_t references,
                     std::vector<Span> reference_spans, const std::string& sentence) {
  SourceMentions m;
  m.source = source;
  m.body = body;
  m.body_spans = std::move(body_spans);
  m.references = references;
  m.reference_spans = std::move(reference_spans);
  m.sentence = sentence;
  return m;
}

// The canonical form LoadSource returns: entities and facts by id, every
// entity with one mention summary of its source (zeros when none was given).
SourceData Canonical(SourceData d) {
  for (Entity& e : d.entities) {
    if (e.sources.empty()) e.sources.emplace_back();
    e.sources.front().source = d.source.id;
  }
  std::sort(d.entities.begin(), d.entities.end(),
            [](const Entity& a, const Entity& b) { return a.id < b.id; });
  std::sort(d.facts.begin(), d.facts.end(),
            [](const Fact& a, const Fact& b) { return a.id < b.id; });
  return d;
}

// A source "A" about a fusion and a drug.
SourceData SourceA(const std::string& hash = "hash-a-1") {
  SourceData d;
  d.source.id = "A";
  d.source.path = "a.txt";
  d.source.content_hash = hash;
  d.source.title = "Review A";
  d.source.authors = {"Doe J"};
  d.source.counts = {10, 3, 3, 2};
  d.entities = {
      MakeEntity(EntityKind::kFusion, "KMT2A::AFF1", {"KMT2A-AFF1", "MLL-AF4"}),
      MakeEntity(EntityKind::kGene, "KMT2A", {"KMT2A", "MLL"}, {{"name", ""}}),
      MakeEntity(EntityKind::kDrug, "revumenib", {"SNDX-5613", "revumenib"}),
  };
  // KMT2A: named in the body and in the reference list; the others carry no
  // mention summary (stored as zeros).
  d.entities[1].sources = {
      Named("", 2, {{10, 15}, {50, 55}}, 1, {{900, 905}}, "KMT2A is cut in two.")};
  d.facts = {
      MakeFact("fusion:KMT2A::AFF1", pred::kInvolves, "gene:KMT2A",
               {Ev("A", 50, "fusion-parts"), Ev("A", 10, "fusion-parts", {"1"})},
               {{"role", "5p"}}),
      MakeFact("drug:revumenib", pred::kInhibits, "gene:KMT2A",
               {Ev("A", 200, "verb", {"2"})}),
      MakeFact("drug:revumenib", pred::kTargets, "gene:KMT2A", {}),
  };
  d.references = {Ref("A", "10", "Zed"), Ref("A", "2", "Issa"), Ref("A", "1", "Alpha")};
  return d;
}

// A source "B" that shares the inhibits fact and the gene.
SourceData SourceB() {
  SourceData d;
  d.source.id = "B";
  d.source.path = "b.txt";
  d.source.content_hash = "hash-b";
  d.entities = {
      MakeEntity(EntityKind::kGene, "KMT2A", {"ALL-1", "MLL1"},
                 {{"name", "lysine methyltransferase 2A"}}),
      MakeEntity(EntityKind::kDrug, "revumenib", {"Revumenib"}),
      MakeEntity(EntityKind::kDrug, "ziftomenib", {"KO-539"}),
  };
  // KMT2A: named only in B's reference list.
  d.entities[0].sources = {
      Named("B", 0, {}, 2, {{70, 75}, {80, 85}}, "Doe J. KMT2A in mice.")};
  d.facts = {
      MakeFact("drug:revumenib", pred::kInhibits, "gene:KMT2A",
               {Ev("B", 5, "verb"), Ev("B", 5, "apposition")}),
      MakeFact("drug:ziftomenib", pred::kInhibits, "gene:KMT2A", {Ev("B", 90, "verb")}),
  };
  d.references = {Ref("B", "1", "Beta")};
  return d;
}

std::string FactId(const SourceData& d, size_t i) { return d.facts[i].id; }

TEST_CASE("PutSource then LoadSource gives the input back", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  SourceData a = SourceA();
  auto diff = store->PutSource(a);
  REQUIRE(diff.ok());
  CHECK(diff->added == 3);
  CHECK(diff->removed == 0);
  CHECK(diff->unchanged == 0);
  CHECK_FALSE(diff->source_unchanged);

  auto loaded = store->LoadSource("A");
  REQUIRE(loaded.ok());
  SourceData expected = Canonical(a);
  // References come back in numeric order: 1, 2, 10.
  std::swap(expected.references[0], expected.references[2]);
  REQUIRE(expected.references[2].n == "10");
  CHECK(Dump(*loaded) == Dump(expected));

  // Also after reopening (the data is durable, not just in memory).
  store.reset();
  store = OpenOrDie(tmp.Sub("db"));
  loaded = store->LoadSource("A");
  REQUIRE(loaded.ok());
  CHECK(Dump(*loaded) == Dump(expected));

  auto source = store->GetSource("A");
  REQUIRE(source.ok());
  CHECK(DumpSource(*source) == DumpSource(a.source));
  CHECK(store->GetSource("Z").status().message() ==
        "graph/store: no source 'Z' in " + tmp.Sub("db"));
  CHECK(store->LoadSource("Z").status().code() == Status::Code::kNotFound);
}

TEST_CASE(
    "a source's rendering is stored, replaced and removed with it; check reads spans in "
    "it",
    "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  SourceData d;
  d.source.id = "R";
  d.source.path = "r.nxml";
  d.source.content_hash = "hash-r-1";
  d.rendering = "A title\n\nDrug x inhibits Y.\n";
  Evidence ev = Ev("R", 9, "verb");
  ev.sentence = "Drug x inhibits Y.";
  ev.end = 27;
  d.entities = {MakeEntity(EntityKind::kDrug, "x", {"x"}),
                MakeEntity(EntityKind::kGene, "Y", {"Y"})};
  d.facts = {MakeFact("drug:x", pred::kInhibits, "gene:Y", {ev})};
  REQUIRE(store->PutSource(d).ok());
  auto loaded = store->LoadSource("R");
  REQUIRE(loaded.ok());
  CHECK(loaded->rendering == d.rendering);
  auto report = store->Check();
  REQUIRE(report.ok());
  CHECK(report->faults.empty());

  // A span that does not hold its sentence is a fault.
  d.source.content_hash = "hash-r-2";
  d.facts[0].evidence[0].begin = 8;
  d.facts[0].evidence[0].end = 26;
  REQUIRE(store->PutSource(d).ok());
  report = store->Check();
  REQUIRE(report.ok());
  CHECK(report->faults ==
        std::vector<std::string>{
            "evidence e/" + FactId(d, 0) +
            "|R|00000000: span [8, 26) does not hold its sentence in t/R"});

  // Replaced by a version without a rendering, then removed: nothing stays.
  d.source.content_hash = "hash-r-3";
  d.rendering.clear();
  REQUIRE(store->PutSource(d).ok());
  loaded = store->LoadSource("R");
  REQUIRE(loaded.ok());
  CHECK(loaded->rendering.empty());
  d.source.content_hash = "hash-r-4";
  d.rendering = "x";
  REQUIRE(store->PutSource(d).ok());
  REQUIRE(store->RemoveSource("R").ok());
  report = store->Check();
  REQUIRE(report.ok());
  CHECK(report->faults.empty());
  CHECK(report->keys == 3);  // meta/schema_version, meta/generation, meta/totals
}

TEST_CASE("GetFact sorts evidence by source, begin, rule; LoadSource keeps input order",
          "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  REQUIRE(store->PutSource(SourceB()).ok());
  auto fact = store->GetFact(FactId(SourceA(), 0));
  REQUIRE(fact.ok());
  REQUIRE(fact->evidence.size() == 2);
  CHECK(fact->evidence[0].begin == 10);
  CHECK(fact->evidence[1].begin == 50);

  auto shared = store->GetFact(FactId(SourceB(), 0));
  REQUIRE(shared.ok());
  std::vector<std::string> order;
  for (const Evidence& e : shared->evidence) {
    order.push_back(e.source + ":" + std::to_string(e.begin) + ":" + e.rule);
  }
  CHECK(order == std::vector<std::string>{"A:200:verb", "B:5:apposition", "B:5:verb"});

  CHECK(store->GetFact("f0000000000000000").status().message() ==
        "graph/store: no fact 'f0000000000000000' in " + tmp.Sub("db"));
}

TEST_CASE("GetFactHeader is GetFact without the evidence, through the curated view too",
          "[graph]") {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("db");
  const std::string rejected = FactId(SourceA(), 0);
  const std::string kept = FactId(SourceB(), 0);
  CurationOp add;
  add.action = CurationAction::kAdd;
  add.subject = "drug:zz-test-drug";
  add.predicate = "inhibits";
  add.object = "gene:ABC1";
  add.source = "A";
  add.quote = "A curator's sentence of our own.";
  add.curator = "t";
  add.time = "2026-01-01T00:00:00Z";
  {
    Fact f;
    f.subject = add.subject;
    f.predicate = add.predicate;
    f.object = add.object;
    add.fact_id = ComputeFactId(f);
  }
  {
    auto store = OpenOrDie(dir);
    REQUIRE(store->PutSource(SourceA()).ok());
    REQUIRE(store->PutSource(SourceB()).ok());
    for (const std::string& id : {rejected, kept}) {
      auto full = store->GetFact(id);
      auto header = store->GetFactHeader(id);
      REQUIRE(full.ok());
      REQUIRE(header.ok());
      CHECK_FALSE(full->evidence.empty());
      CHECK(header->evidence.empty());
      full->evidence.clear();
      CHECK(header->DebugString() == full->DebugString());
    }
    CHECK(store->GetFactHeader("f0000000000000000").status().message() ==
          "graph/store: no fact 'f0000000000000000' in " + dir);
    CurationOp reject;
    reject.action = CurationAction::kReject;
    reject.fact_id = rejected;
    reject.reason = "a test";
    reject.curator = "t";
    reject.time = "2026-01-01T00:00:00Z";
    CurationBatch batch;
    batch.ops = {reject, add};
    REQUIRE(store->ApplyCuration(batch).ok());
  }
  StoreOptions read_only;
  read_only.read_only = true;
  auto base = Store::Open(dir, read_only);
  REQUIRE(base.ok());
  auto curated = MakeCuratedView(**base);
  REQUIRE(curated.ok());
  // What ForEachFactHeader gives, fact by fact.
  std::map<std::string, std::string> headers;
  REQUIRE((*curated)
              ->ForEachFactHeader([&](Fact& f) {
                headers[f.id] = f.DebugString();
                return Status::Ok();
              })
              .ok());
  CHECK(headers.count(rejected) == 0);
  REQUIRE(headers.count(kept) == 1);
  REQUIRE(headers.count(add.fact_id) == 1);  // the curator's own fact
  for (const auto& [id, text] : headers) {
    auto header = (*curated)->GetFactHeader(id);
    REQUIRE(header.ok());
    CHECK(header->DebugString() == text);
  }
  CHECK((*curated)->GetFactHeader(rejected).status().code() == Status::Code::kNotFound);
}

TEST_CASE("re-putting the same content hash writes nothing", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  auto generation = store->Generation();
  REQUIRE(generation.ok());
  CHECK(*generation == 1);

  SourceData changed_but_same_hash = SourceA();
  changed_but_same_hash.facts.pop_back();
  auto diff = store->PutSource(changed_but_same_hash);
  REQUIRE(diff.ok());
  CHECK(diff->source_unchanged);
  CHECK(diff->added + diff->removed + diff->unchanged == 0);
  CHECK(*store->Generation() == 1);
  auto loaded = store->LoadSource("A");
  REQUIRE(loaded.ok());
  CHECK(loaded->facts.size() == 3);
}

TEST_CASE("replacing a source reports the exact diff", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  SourceData v1 = SourceA();
  REQUIRE(store->PutSource(v1).ok());

  SourceData v2 = SourceA("hash-a-2");
  std::string removed = v2.facts[2].id;  // targets: dropped
  v2.facts.pop_back();
  v2.facts.push_back(
      MakeFact("drug:revumenib", pred::kBinds, "gene:KMT2A", {Ev("A", 300, "verb")}));
  v2.facts[1].evidence = {Ev("A", 210, "verb")};  // inhibits: kept, new evidence
  v2.entities.pop_back();                         // revumenib no longer named
  auto diff = store->PutSource(v2);
  REQUIRE(diff.ok());
  CHECK(diff->added == 1);
  CHECK(diff->removed == 1);
  CHECK(diff->unchanged == 2);
  CHECK_FALSE(diff->source_unchanged);

  CHECK(store->GetFact(removed).status().code() == Status::Code::kNotFound);
  auto kept = store->GetFact(v2.facts[1].id);
  REQUIRE(kept.ok());
  REQUIRE(kept->evidence.size() == 1);
  CHECK(kept->evidence[0].begin == 210);
  auto out = store->OutEdges("drug:revumenib");
  REQUIRE(out.ok());
  std::vector<std::string> preds;
  for (const auto& e : *out) preds.push_back(e.predicate);
  CHECK(preds == std::vector<std::string>{"binds", "inhibits"});
  CHECK(store->GetEntity("drug:revumenib").status().code() == Status::Code::kNotFound);
  CHECK(store->LookupAlias("SNDX-5613")->empty());
  CHECK(*store->Generation() == 2);

  auto loaded = store->LoadSource("A");
  REQUIRE(loaded.ok());
  CHECK(Dump(Canonical(*loaded)) == Dump(*loaded));
  SourceData expected = Canonical(v2);
  std::sort(expected.references.begin(), expected.references.end(),
            [](const Reference& a, const Reference& b) {
              return std::stoi(a.n) < std::stoi(b.n);
            });
  CHECK(Dump(*loaded) == Dump(expected));
}

TEST_CASE("a fact shared by two sources keeps the other source's evidence", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  REQUIRE(store->PutSource(SourceB()).ok());
  std::string shared = FactId(SourceB(), 0);
  REQUIRE(store->GetFact(shared)->evidence.size() == 3);

  REQUIRE(store->RemoveSource("A").ok());
  auto fact = store->GetFact(shared);
  REQUIRE(fact.ok());
  std::vector<std::string> evidence;
  for (const Evidence& e : fact->evidence) evidence.push_back(DumpEvidence(e));
  std::vector<std::string> expected;
  const SourceData b = SourceB();
  for (const Evidence& e : b.facts[0].evidence) expected.push_back(DumpEvidence(e));
  std::sort(expected.begin(), expected.end());  // same begin: by rule
  CHECK(evidence == expected);
  // A's own facts are gone.
  CHECK(store->GetFact(FactId(SourceA(), 0)).status().code() == Status::Code::kNotFound);
  CHECK(store->GetFact(FactId(SourceA(), 2)).status().code() == Status::Code::kNotFound);
  CHECK(store->InEdges("gene:KMT2A")->size() == 2);
  CHECK(store->GetSource("A").status().code() == Status::Code::kNotFound);
  CHECK(store->GetReferences("A").status().code() == Status::Code::kNotFound);

  Status again = store->RemoveSource("A");
  CHECK(again.code() == Status::Code::kNotFound);
  CHECK(again.message() == "graph/store: no source 'A' in " + tmp.Sub("db"));
}

TEST_CASE("entities merge across sources and vanish with their last source", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  REQUIRE(store->PutSource(SourceB()).ok());

  auto gene = store->GetEntity("gene:KMT2A");
  REQUIRE(gene.ok());
  // Aliases: union, sorted; attribute: A's empty name loses to B's value.
  // One mention summary per source, in source-id order.
  CHECK(gene->DebugString() ==
        "gene:KMT2A kind=gene label=KMT2A aliases=[ALL-1,KMT2A,MLL,MLL1] "
        "attrs={name=lysine methyltransferase 2A} "
        "{A body=2 [10,15) [50,55) references=1 [900,905) \"KMT2A is cut in two.\"} "
        "{B body=0 references=2 [70,75) [80,85) \"Doe J. KMT2A in mice.\"}");

  CHECK(*store->LookupAlias("mll/af4") == std::vector<std::string>{"fusion:KMT2A::AFF1"});
  CHECK(*store->LookupAlias("MLL::AF4") ==
        std::vector<std::string>{"fusion:KMT2A::AFF1"});
  CHECK(*store->LookupAlias("kmt2a") == std::vector<std::string>{"gene:KMT2A"});
  CHECK(*store->LookupAlias("all 1") == std::vector<std::string>{"gene:KMT2A"});
  CHECK(*store->LookupAlias("ko539") == std::vector<std::string>{});
  CHECK(*store->LookupAlias("") == std::vector<std::string>{});

  REQUIRE(store->RemoveSource("B").ok());
  gene = store->GetEntity("gene:KMT2A");
  REQUIRE(gene.ok());
  CHECK(gene->DebugString() ==
        "gene:KMT2A kind=gene label=KMT2A aliases=[KMT2A,MLL] attrs={name=} "
        "{A body=2 [10,15) [50,55) references=1 [900,905) \"KMT2A is cut in two.\"}");
  CHECK(store->LookupAlias("ALL-1")->empty());
  CHECK(*store->LookupAlias("mll") == std::vector<std::string>{"gene:KMT2A"});
  auto zifto = store->GetEntity("drug:ziftomenib");
  CHECK(zifto.status().message() ==
        "graph/store: no entity 'drug:ziftomenib' in " + tmp.Sub("db"));

  REQUIRE(store->RemoveSource("A").ok());
  CHECK(store->GetEntity("gene:KMT2A").status().code() == Status::Code::kNotFound);
  CHECK(store->LookupAlias("MLL-AF4")->empty());
  int entities = 0;
  REQUIRE(store
              ->ForEachEntity([&](const Entity&) {
                ++entities;
                return Status::Ok();
              })
              .ok());
  CHECK(entities == 0);
}

// Sources "A" and "B" naming one trial, with list attributes whose items hold
// the separators of the flat form, and an outcome with a regimen.
SourceData ListSource(const std::string& id, ListAttributes trial_lists) {
  SourceData d;
  d.source.id = id;
  d.source.path = id + ".txt";
  d.source.content_hash = "hash-" + id;
  d.entities = {MakeEntity(EntityKind::kTrial, "NCT01234567", {"NCT01234567"},
                           {{"phase", id == "A" ? "" : "2"}})};
  d.entities[0].list_attributes = std::move(trial_lists);
  Fact f = MakeFact("trial:NCT01234567", pred::kOutcome, "condition:X", {Ev(id, 5, "r")},
                    {{"measure", "CR"}});
  f.list_attributes = {{"drugs", {"a + b", "c|d"}}};
  f.id = ComputeFactId(f);
  d.facts = {f};
  return d;
}

TEST_CASE("list attributes round trip through the store and merge by source", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  SourceData a =
      ListSource("A", {{"names", {"KESTREL|2", "K + 2"}}, {"registry_ids", {}}});
  SourceData b =
      ListSource("B", {{"names", {"OTHER"}}, {"registry_ids", {"NCT01234567"}}});
  REQUIRE(store->PutSource(a).ok());
  REQUIRE(store->PutSource(b).ok());

  for (const SourceData& d : {a, b}) {
    auto loaded = store->LoadSource(d.source.id);
    REQUIRE(loaded.ok());
    CHECK(Dump(*loaded) == Dump(Canonical(d)));
    REQUIRE(loaded->entities.size() == 1);
    CHECK(loaded->entities[0].list_attributes == d.entities[0].list_attributes);
  }

  // Each list the first non-empty in source-id order, as each attribute.
  auto trial = store->GetEntity("trial:NCT01234567");
  REQUIRE(trial.ok());
  CHECK(trial->attributes == std::map<std::string, std::string>{{"phase", "2"}});
  CHECK(trial->list_attributes == ListAttributes{{"names", {"KESTREL|2", "K + 2"}},
                                                 {"registry_ids", {"NCT01234567"}}});

  // One fact (same id from both sources), its regimen as given.
  auto fact = store->GetFact(a.facts[0].id);
  REQUIRE(fact.ok());
  CHECK(fact->list_attributes == ListAttributes{{"drugs", {"a + b", "c|d"}}});
  CHECK(fact->evidence.size() == 2);
}

TEST_CASE("mentions are replaced with their source and removed with it", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  REQUIRE(store->PutSource(SourceB()).ok());
  auto mentions = [&](const std::string& id) {
    std::string out;
    auto e = store->GetEntity(id);
    if (!e.ok()) return e.status().ToString();
    for (const SourceMentions& m : e->sources) out += "{" + m.DebugString() + "}";
    return out;
  };
  CHECK(mentions("drug:revumenib") == "{A body=0 references=0}{B body=0 references=0}");

  // A new version of A: KMT2A now only in the body, revumenib named once,
  // the fusion gone.
  SourceData a2 = SourceA("hash-a-2");
  a2.entities.erase(a2.entities.begin());
  a2.facts.erase(a2.facts.begin());
  a2.entities[0].sources = {Named("A", 1, {{12, 17}}, 0, {}, "KMT2A again.")};
  a2.entities[1].sources = {Named("", 1, {{30, 39}}, 0, {}, "Revumenib works.")};
  REQUIRE(store->PutSource(a2).ok());
  CHECK(mentions("gene:KMT2A") ==
        "{A body=1 [12,17) references=0 \"KMT2A again.\"}"
        "{B body=0 references=2 [70,75) [80,85) \"Doe J. KMT2A in mice.\"}");
  CHECK(mentions("drug:revumenib") ==
        "{A body=1 [30,39) references=0 \"Revumenib works.\"}{B body=0 references=0}");
  CHECK(mentions("fusion:KMT2A::AFF1") ==
        "NotFound: graph/store: no entity 'fusion:KMT2A::AFF1' in " + tmp.Sub("db"));
  auto loaded = store->LoadSource("A");
  REQUIRE(loaded.ok());
  SourceData expected = Canonical(a2);
  REQUIRE(loaded->entities.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(loaded->entities[i].DebugString() == expected.entities[i].DebugString());
  }

  // Removing A leaves B's reference-list mentions alone.
  REQUIRE(store->RemoveSource("A").ok());
  CHECK(mentions("gene:KMT2A") ==
        "{B body=0 references=2 [70,75) [80,85) \"Doe J. KMT2A in mice.\"}");
  REQUIRE(store->RemoveSource("B").ok());
  CHECK(mentions("gene:KMT2A") ==
        "NotFound: graph/store: no entity 'gene:KMT2A' in " + tmp.Sub("db"));
  auto report = store->Check();
  REQUIRE(report.ok());
  CHECK(report->faults.empty());
}

TEST_CASE("the entity record holds the mentions and rejects impossible ones", "[graph]") {
  Entity e;
  e.kind = EntityKind::kGene;
  e.label = "X";
  e.sources = {Named("", 3, {{1, 2}, {7, 9}}, 1, {{300, 301}}, "X here.")};
  Entity back;
  REQUIRE(coding::DecodeEntityRecord(coding::EncodeEntityRecord(e), "rec", &back).ok());
  CHECK(back.DebugString() == e.DebugString());
  // No summary is stored as zeros and read back as one empty summary.
  e.sources.clear();
  REQUIRE(coding::DecodeEntityRecord(coding::EncodeEntityRecord(e), "rec", &back).ok());
  CHECK(back.DebugString() ==
        " kind=gene label=X aliases=[] attrs={} { body=0 references=0}");
  // kind gene, label "X", no aliases, no attributes, no list attributes,
  // then 1 body mention with 2 spans.
  Status s = coding::DecodeEntityRecord(Unhex("01"
                                              "0158"
                                              "00"
                                              "00"
                                              "00"
                                              "01"
                                              "02"
                                              "0102"
                                              "0304"),
                                        "rec", &back);
  CHECK(s.code() == Status::Code::kCorruption);
  CHECK(s.message() == "graph/store: rec: 2 spans for 1 mentions");
  s = coding::DecodeEntityRecord(Unhex("01"
                                       "0158"
                                       "00"
                                       "00"
                                       "00"
                                       "01"
                                       "01"
                                       "0502"
                                       "00"
                                       "00"
                                       "00"),
                                 "rec", &back);
  CHECK(s.message() == "graph/store: rec: span [5,2) ends before it begins");
  // A version 1 record (no list attributes, no mention fields) is truncated.
  s = coding::DecodeEntityRecord(Unhex("01"
                                       "0158"
                                       "00"
                                       "00"),
                                 "rec", &back);
  CHECK(s.code() == Status::Code::kCorruption);
}

TEST_CASE("LookupAlias finds every entity sharing a form", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  SourceData d;
  d.source.id = "S";
  d.source.content_hash = "h";
  d.entities = {MakeEntity(EntityKind::kGene, "MLL", {}),
                MakeEntity(EntityKind::kGene, "KMT2A", {"MLL"}),
                MakeEntity(EntityKind::kFusion, "KMT2A::AFF1", {"MLL-AF4"})};
  REQUIRE(store->PutSource(d).ok());
  CHECK(*store->LookupAlias("mll") == std::vector<std::string>{"gene:KMT2A", "gene:MLL"});
  CHECK(*store->LookupAlias("MLL – AF4") ==
        std::vector<std::string>{"fusion:KMT2A::AFF1"});
  // The label is indexed too.
  CHECK(*store->LookupAlias("kmt2a::aff1") ==
        std::vector<std::string>{"fusion:KMT2A::AFF1"});
}

TEST_CASE("OutEdges and InEdges are sorted by predicate, other, fact", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  REQUIRE(store->PutSource(SourceB()).ok());
  SourceData a = SourceA(), b = SourceB();

  auto dump = [](const std::vector<Store::Edge>& edges) {
    std::vector<std::string> out;
    for (const auto& e : edges)
      out.push_back(e.predicate + " " + e.other + " " + e.fact_id);
    return out;
  };
  auto out = store->OutEdges("drug:revumenib");
  REQUIRE(out.ok());
  CHECK(dump(*out) == std::vector<std::string>{
                          "inhibits gene:KMT2A " + a.facts[1].id,
                          "targets gene:KMT2A " + a.facts[2].id,
                      });
  auto in = store->InEdges("gene:KMT2A");
  REQUIRE(in.ok());
  CHECK(dump(*in) == std::vector<std::string>{
                         "inhibits drug:revumenib " + a.facts[1].id,
                         "inhibits drug:ziftomenib " + b.facts[1].id,
                         "involves fusion:KMT2A::AFF1 " + a.facts[0].id,
                         "targets drug:revumenib " + a.facts[2].id,
                     });
  // A prefix of an id is not the id.
  CHECK(store->OutEdges("drug:revu")->empty());
  CHECK(store->InEdges("gene:KMT2")->empty());
  CHECK(store->OutEdges("gene:KMT2A")->empty());
}

TEST_CASE("references come back in numeric order", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  auto refs = store->GetReferences("A");
  REQUIRE(refs.ok());
  std::vector<std::string> ns;
  for (const auto& r : *refs) ns.push_back(r.n + " " + r.source + " " + r.first_author);
  CHECK(ns == std::vector<std::string>{"1 A Alpha", "2 A Issa", "10 A Zed"});
  auto ref = store->GetReference("A", "2");
  REQUIRE(ref.ok());
  CHECK(DumpReference(*ref) == DumpReference(Ref("A", "2", "Issa")));
  CHECK(store->GetReference("A", "3").status().message() ==
        "graph/store: source 'A' has no reference [3]");
  CHECK(store->GetReference("Q", "1").status().code() == Status::Code::kNotFound);
}

TEST_CASE("PutSource rejects malformed input", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  struct Case {
    std::function<void(SourceData*)> mutate;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](SourceData* d) { d->facts[0].id = "fbad"; },
       "graph/store: source 'A': fact 'fbad' (fusion:KMT2A::AFF1 -involves-> gene:KMT2A "
       "{role=5p}) should have id " +
           FactId(SourceA(), 0)},
      {[](SourceData* d) { d->facts[0].attributes["role"] = "3p"; },
       ""},  // checked below: id no longer matches
      {[](SourceData* d) { d->facts.push_back(d->facts[0]); },
       "graph/store: source 'A': fact '" + FactId(SourceA(), 0) + "' is listed twice"},
      {[](SourceData* d) { d->entities[1].kind = EntityKind::kDrug; },
       "graph/store: source 'A': entity 'gene:KMT2A' has kind drug but its id says gene"},
      {[](SourceData* d) { d->entities[1].id = "KMT2A"; },
       "graph/store: source 'A': graph: entity id 'KMT2A' has no '<kind>:' prefix"},
      {[](SourceData* d) { d->references.push_back(Ref("A", "2", "Dup")); },
       "graph/store: source 'A': reference [2] is listed twice"},
      {[](SourceData* d) { d->facts[1].evidence[0].source = "B"; },
       "graph/store: source 'A': fact '" + FactId(SourceA(), 1) +
           "' has evidence from another source 'B'"},
      {[](SourceData* d) { d->source.id = ""; },
       "graph/store: source id '' is empty or contains a NUL byte"},
      {[](SourceData* d) { d->entities[0].sources.resize(2); },
       "graph/store: source 'A': entity 'fusion:KMT2A::AFF1' has 2 mention summaries; a "
       "source gives at most one"},
      {[](SourceData* d) { d->entities[1].sources[0].source = "B"; },
       "graph/store: source 'A': entity 'gene:KMT2A' has the mentions of another source "
       "'B'"},
      {[](SourceData* d) { d->entities[1].sources[0].body = 1; },
       "graph/store: source 'A': entity 'gene:KMT2A' has 2 spans for 1 mentions"},
      {[](SourceData* d) {
         d->entities[1].sources[0].reference_spans[0] = {905, 900};
       },
       "graph/store: source 'A': entity 'gene:KMT2A' has a span [905,900) that ends "
       "before "
       "it begins"},
  };
  for (const Case& c : cases) {
    SourceData d = SourceA();
    c.mutate(&d);
    auto diff = store->PutSource(d);
    CHECK(diff.status().code() == Status::Code::kInvalidArgument);
    if (!c.message.empty()) CHECK(diff.status().message() == c.message);
  }
  CHECK(store->ListSources()->empty());
  CHECK(*store->Generation() == 0);
}

struct Recount {
  uint64_t entities = 0, facts = 0, evidence = 0, references = 0, sources = 0;
};

Recount NaiveRecount(const Store& store) {
  Recount r;
  std::string last;
  REQUIRE(store
              .ForEachEntity([&](const Entity& e) {
                CHECK(e.id > last);  // id order, no duplicates
                last = e.id;
                ++r.entities;
                return Status::Ok();
              })
              .ok());
  last.clear();
  REQUIRE(store
              .ForEachFact([&](const Fact& f) {
                CHECK(f.id > last);
                last = f.id;
                CHECK(ComputeFactId(f) == f.id);
                ++r.facts;
                r.evidence += f.evidence.size();
                return Status::Ok();
              })
              .ok());
  auto sources = store.ListSources();
  REQUIRE(sources.ok());
  r.sources = sources->size();
  for (const Source& s : *sources) r.references += store.GetReferences(s.id)->size();
  return r;
}

void CheckTotals(const Store& store, const Recount& expected) {
  auto totals = store.GetTotals();
  REQUIRE(totals.ok());
  Recount naive = NaiveRecount(store);
  CHECK(totals->sources == naive.sources);
  CHECK(totals->entities == naive.entities);
  CHECK(totals->facts == naive.facts);
  CHECK(totals->evidence == naive.evidence);
  CHECK(totals->references == naive.references);
  // And the hand-counted values.
  CHECK(naive.sources == expected.sources);
  CHECK(naive.entities == expected.entities);
  CHECK(naive.facts == expected.facts);
  CHECK(naive.evidence == expected.evidence);
  CHECK(naive.references == expected.references);
}

TEST_CASE("GetTotals matches a naive recount after every operation", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  CheckTotals(*store, {0, 0, 0, 0, 0});
  REQUIRE(store->PutSource(SourceA()).ok());
  // entities: fusion, gene, revumenib; facts 3; evidence 2+1+0; refs 3.
  CheckTotals(*store, {3, 3, 3, 3, 1});
  REQUIRE(store->PutSource(SourceB()).ok());
  // + ziftomenib; + ziftomenib fact; evidence +3; refs +1.
  CheckTotals(*store, {4, 4, 6, 4, 2});
  SourceData a2 = SourceA("hash-a-2");
  a2.facts.erase(a2.facts.begin() + 1);  // A drops the shared fact
  a2.entities.pop_back();                // and revumenib (B still has it)
  REQUIRE(store->PutSource(a2).ok());
  CheckTotals(*store, {4, 4, 5, 4, 2});
  REQUIRE(store->RemoveSource("B").ok());
  // gene and fusion remain; facts involves + targets; evidence 2.
  CheckTotals(*store, {2, 2, 2, 3, 1});
  REQUIRE(store->PutSource(SourceB()).ok());
  REQUIRE(store->RemoveSource("A").ok());
  CheckTotals(*store, {3, 2, 3, 1, 1});
  REQUIRE(store->RemoveSource("B").ok());
  CheckTotals(*store, {0, 0, 0, 0, 0});
  CHECK(*store->Generation() == 7);
}

TEST_CASE("GroupCommit syncs every Nth changed source and the rest at Finish",
          "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  GroupCommit commit(*store, 2);
  REQUIRE(commit.Put(SourceA()).ok());
  CHECK(commit.unsynced() == 1);
  // The same content again writes nothing and does not count.
  auto again = commit.Put(SourceA());
  REQUIRE(again.ok());
  CHECK(again->source_unchanged);
  CHECK(commit.unsynced() == 1);
  // A put the store refuses leaves the count alone.
  SourceData bad = SourceB();
  bad.source.id.clear();
  CHECK_FALSE(commit.Put(bad).ok());
  CHECK(commit.unsynced() == 1);
  // The second changed source is put with sync: nothing is left unsynced.
  REQUIRE(commit.Put(SourceB()).ok());
  CHECK(commit.unsynced() == 0);
  REQUIRE(commit.Put(SourceA("hash-a-2")).ok());
  CHECK(commit.unsynced() == 1);
  REQUIRE(commit.Finish().ok());
  CHECK(commit.unsynced() == 0);
  CHECK(commit.Finish().ok());  // nothing to sync
  CheckTotals(*store, {4, 4, 6, 4, 2});
  // sync_every below 1 syncs each source alone.
  GroupCommit alone(*store, 0);
  REQUIRE(alone.Put(SourceB()).ok());  // unchanged
  REQUIRE(alone.Put(SourceA("hash-a-3")).ok());
  CHECK(alone.unsynced() == 0);
}

// ---------------------------------------------------------------- open

TEST_CASE("opening a missing store read-only or without create is NotFound", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("none");
  std::string message = "graph/store: no litgraph store at " + dir +
                        "; run `litgraph ingest FILE --db " + dir + "` first";
  for (StoreOptions options : {StoreOptions{true, true}, StoreOptions{false, false}}) {
    auto store = Store::Open(dir, options);
    CHECK(store.status().code() == Status::Code::kNotFound);
    CHECK(store.status().message() == message);
  }
  CHECK_FALSE(std::filesystem::exists(dir));
  // An empty directory is no store either.
  auto store = Store::Open(tmp.path(), StoreOptions{true, true});
  CHECK(store.status().message() == "graph/store: no litgraph store at " + tmp.path() +
                                        "; run `litgraph ingest FILE --db " + tmp.path() +
                                        "` first");
}

TEST_CASE("a non-empty directory that is not a store is refused", "[graph]") {
  testing::TempDir tmp;
  testing::WriteFile(tmp.Sub("notes.txt"), "hello");
  for (bool read_only : {false, true}) {
    auto store = Store::Open(tmp.path(), StoreOptions{read_only, true});
    CHECK(store.status().code() == Status::Code::kFailedPrecondition);
    CHECK(store.status().message() ==
          "graph/store: " + tmp.path() +
              " is not a litgraph store (a non-empty directory without a store)");
  }
  auto file = Store::Open(tmp.Sub("notes.txt"));
  CHECK(file.status().message() == "graph/store: " + tmp.Sub("notes.txt") +
                                       " is not a litgraph store (not a directory)");
}

TEST_CASE("a store of another schema version is refused", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { OpenOrDie(dir); }
  REQUIRE(SetSchemaVersionForTesting(dir, 4).ok());
  for (bool read_only : {false, true}) {
    auto store = Store::Open(dir, StoreOptions{read_only, true});
    CHECK(store.status().code() == Status::Code::kFailedPrecondition);
    CHECK(store.status().message() ==
          "graph/store: " + dir + " has schema version 4; this litgraph reads version 3");
  }
  // An older store says what it lacks and what to do.
  const std::vector<std::pair<int, std::string>> older = {
      {1, "each source's mentions of each entity, and list-valued attributes as lists"},
      {2, "list-valued attributes as lists"},
  };
  for (const auto& [version, lacks] : older) {
    REQUIRE(SetSchemaVersionForTesting(dir, version).ok());
    for (bool read_only : {false, true}) {
      auto store = Store::Open(dir, StoreOptions{read_only, true});
      CHECK(store.status().code() == Status::Code::kFailedPrecondition);
      CHECK(store.status().message() ==
            "graph/store: " + dir + " has schema version " + std::to_string(version) +
                "; this litgraph reads version 3 (it also records " + lacks +
                "): ingest the texts again into a new store (litgraph ingest --db "
                "NEW_DIR FILE...)");
    }
  }
  REQUIRE(SetSchemaVersionForTesting(dir, kSchemaVersion).ok());
  OpenOrDie(dir);
}

TEST_CASE("a second writer is refused while read-only opens work", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  auto writer = OpenOrDie(dir);
  REQUIRE(writer->PutSource(SourceA()).ok());
  CHECK(testing::ReadFileOrDie(dir + "/litgraph.pid") == std::to_string(getpid()) + "\n");

  auto second = Store::Open(dir);
  CHECK(second.status().code() == Status::Code::kFailedPrecondition);
  CHECK(second.status().message() == "graph/store: " + dir +
                                         " is locked by another litgraph process (pid " +
                                         std::to_string(getpid()) + ")");

  auto reader = OpenOrDie(dir, StoreOptions{true, false});
  auto loaded = reader->LoadSource("A");
  REQUIRE(loaded.ok());
  CHECK(loaded->facts.size() == 3);
  CHECK(reader->GetTotals()->facts == 3);
  auto write = reader->PutSource(SourceB());
  CHECK(write.status().code() == Status::Code::kFailedPrecondition);
  CHECK(write.status().message() ==
        "graph/store: " + dir + " is open read-only; writes are not allowed");
  reader.reset();

  writer.reset();
  CHECK_FALSE(std::filesystem::exists(dir + "/litgraph.pid"));
  auto again = OpenOrDie(dir);
  CHECK(again->GetSource("A").ok());
}

TEST_CASE("a writer in another process is named by its pid", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  { REQUIRE(OpenOrDie(dir)->PutSource(SourceA()).ok()); }
  int ready[2], done[2];
  REQUIRE(pipe(ready) == 0);
  REQUIRE(pipe(done) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = Store::Open(dir);
    char c = store.ok() ? 'y' : 'n';
    if (write(ready[1], &c, 1) != 1) _exit(2);
    if (read(done[0], &c, 1) != 1) _exit(3);
    _exit(0);  // the OS releases the lock; no destructors in the child
  }
  char c = 0;
  REQUIRE(read(ready[0], &c, 1) == 1);
  CHECK(c == 'y');
  auto second = Store::Open(dir);
  CHECK(second.status().message() == "graph/store: " + dir +
                                         " is locked by another litgraph process (pid " +
                                         std::to_string(child) + ")");
  {
    auto reader = OpenOrDie(dir, StoreOptions{true, false});
    CHECK(reader->GetSource("A").ok());
  }
  REQUIRE(write(done[1], "x", 1) == 1);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  for (int fd : {ready[0], ready[1], done[0], done[1]}) close(fd);
  // The child died without closing: its pid file stays, the lock does not.
  auto again = OpenOrDie(dir);
  CHECK(again->GetTotals()->sources == 1);
}

TEST_CASE("a read-only store sees the state as of Open", "[graph]") {
  testing::TempDir tmp;
  std::string dir = tmp.Sub("db");
  auto writer = OpenOrDie(dir);
  REQUIRE(writer->PutSource(SourceA()).ok());
  auto reader = OpenOrDie(dir, StoreOptions{true, false});
  REQUIRE(writer->PutSource(SourceB()).ok());
  CHECK(reader->ListSources()->size() == 1);
  CHECK(*reader->Generation() == 1);
  CHECK(*writer->Generation() == 2);
}

TEST_CASE("ForEachFact and ForEachEntity stop at the callback's error", "[graph]") {
  testing::TempDir tmp;
  auto store = OpenOrDie(tmp.Sub("db"));
  REQUIRE(store->PutSource(SourceA()).ok());
  int calls = 0;
  Status s = store->ForEachFact([&](const Fact&) {
    ++calls;
    return Status::Internal("stop");
  });
  CHECK(s.message() == "stop");
  CHECK(calls == 1);
  calls = 0;
  s = store->ForEachEntity([&](const Entity&) {
    ++calls;
    return Status::NotFound("stop entity");
  });
  CHECK(s.message() == "stop entity");
  CHECK(calls == 1);
}

}  // namespace
}  // namespace lg::graph
