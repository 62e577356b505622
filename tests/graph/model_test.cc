#include "graph/model.h"

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lg::graph {
namespace {

TEST_CASE("NormalizeAlias folds case, separators and markup", "[graph]") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"MLL-AF4", "mll-af4"},
      {"mll/af4", "mll-af4"},
      {"MLL::AF4", "mll-af4"},
      {"MLL \xE2\x80\x93 AF4", "mll-af4"},  // en dash with spaces
      {"MLL\xE2\x80\x94"
       "AF4",
       "mll-af4"},  // em dash
      {"MLL\xE2\x80\x90"
       "AF4",
       "mll-af4"},  // U+2010 hyphen
      {"MLL\xE2\x88\x92"
       "AF4",
       "mll-af4"},  // U+2212 minus
      {"MLL\xC2\xA0"
       "AF4",
       "mll-af4"},  // no-break space
      {"MLL_AF4", "mll-af4"},
      {"MLL--AF4", "mll-af4"},
      {"*KMT2A*-r", "kmt2a-r"},
      {"<i>KMT2A</i>-rearranged", "kmt2a-rearranged"},
      {"  -KMT2A-  ", "kmt2a"},
      {"KMT2A", "kmt2a"},
      {"", ""},
      {"*", ""},
      {"ALL-1", "all-1"},
      {"ALL1", "all1"},  // a dropped separator is a different form
      {"t(4;11)(q21;q23)", "t(4;11)(q21;q23)"},
      // White space next to a parenthesis is dropped: both karyotype
      // spellings of the texts meet.
      {"t(4;11) (q21;q23)", "t(4;11)(q21;q23)"},
      {"Caf\xC3\xA9", "caf\xC3\xA9"},  // non-ASCII bytes pass through
  };
  for (const Case& c : cases) {
    INFO("input: " << c.input);
    CHECK(NormalizeAlias(c.input) == c.expected);
  }
}

TEST_CASE("ParseEntityId accepts canonical ids and explains bad ones", "[graph]") {
  struct Ok {
    std::string id;
    EntityKind kind;
    std::string key;
  };
  const std::vector<Ok> good = {
      {"gene:KMT2A", EntityKind::kGene, "KMT2A"},
      {"fusion:KMT2A::AFF1", EntityKind::kFusion, "KMT2A::AFF1"},
      {"fusion:KMT2A::?", EntityKind::kFusion, "KMT2A::?"},
      {"drug_class:menin inhibitor", EntityKind::kDrugClass, "menin inhibitor"},
      {"trial:NCT04065399", EntityKind::kTrial, "NCT04065399"},
      {"source:000_4ae7", EntityKind::kSource, "000_4ae7"},
      {"process:DNA methylation", EntityKind::kProcess, "DNA methylation"},
  };
  for (const Ok& c : good) {
    auto parsed = ParseEntityId(c.id);
    REQUIRE(parsed.ok());
    CHECK(parsed->kind == c.kind);
    CHECK(parsed->key == c.key);
    CHECK(MakeEntityId(c.kind, c.key) == c.id);
  }
  struct Bad {
    std::string id;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {"KMT2A", "graph: entity id 'KMT2A' has no '<kind>:' prefix"},
      {"", "graph: entity id '' has no '<kind>:' prefix"},
      {"protein:MEN1", "graph: entity id 'protein:MEN1' has an unknown kind 'protein'"},
      {"Gene:KMT2A", "graph: entity id 'Gene:KMT2A' has an unknown kind 'Gene'"},
      {":KMT2A", "graph: entity id ':KMT2A' has an unknown kind ''"},
      {"gene:", "graph: entity id 'gene:' has an empty key"},
  };
  for (const Bad& c : bad) {
    auto parsed = ParseEntityId(c.id);
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK(parsed.status().message() == c.message);
  }
}

TEST_CASE("entity kinds keep their stored numbers and names", "[graph]") {
  struct Case {
    EntityKind kind;
    int number;
    std::string name;
  };
  const std::vector<Case> cases = {
      {EntityKind::kGene, 1, "gene"},
      {EntityKind::kFusion, 2, "fusion"},
      {EntityKind::kDrug, 3, "drug"},
      {EntityKind::kDrugClass, 4, "drug_class"},
      {EntityKind::kTrial, 5, "trial"},
      {EntityKind::kCondition, 6, "condition"},
      {EntityKind::kReference, 7, "reference"},
      {EntityKind::kSource, 8, "source"},
      {EntityKind::kGeneFamily, 9, "gene_family"},
      {EntityKind::kProcess, 10, "process"},
  };
  for (const Case& c : cases) {
    CHECK(static_cast<int>(c.kind) == c.number);
    CHECK(KindName(c.kind) == c.name);
    CHECK(KindFromName(c.name) == c.kind);
  }
  CHECK(KindName(static_cast<EntityKind>(11)) == "unknown");
  CHECK_FALSE(KindFromName("unknown").has_value());
  CHECK(FusionKey("KMT2A", "AFF1") == "KMT2A::AFF1");
  CHECK(FusionKey("KMT2A", kUnknownPartner) == "KMT2A::?");
}

Fact BaseFact() {
  Fact f;
  f.subject = "trial:NCT04065399";
  f.predicate = std::string(pred::kOutcome);
  f.object = "condition:infant ALL";
  f.attributes = {{"measure", "CR rate"}, {"value", "30"}};
  return f;
}

TEST_CASE("ComputeFactId is a stable content hash", "[graph]") {
  // Expected values computed independently (Python hashlib) over the
  // documented "<len>:<bytes>" encoding of subject, predicate, object and
  // the attributes in key order.
  Fact plain;
  plain.subject = "drug:revumenib";
  plain.predicate = "inhibits";
  plain.object = "gene:KMT2A";
  CHECK(ComputeFactId(plain) == "fc8df6895f34f21fb");
  CHECK(ComputeFactId(BaseFact()) == "fb7ae51d5e9bf3db9");

  // Attribute insertion order does not matter.
  Fact reordered = BaseFact();
  reordered.attributes.clear();
  reordered.attributes.emplace("value", "30");
  reordered.attributes.emplace("measure", "CR rate");
  CHECK(ComputeFactId(reordered) == ComputeFactId(BaseFact()));

  // Evidence and the id field are not part of the identity.
  Fact with_evidence = BaseFact();
  with_evidence.id = "fwhatever";
  with_evidence.evidence.push_back(Evidence{});
  CHECK(ComputeFactId(with_evidence) == ComputeFactId(BaseFact()));

  // Any identity field changes the id.
  std::vector<std::function<void(Fact*)>> changes = {
      [](Fact* f) { f->subject = "trial:NCT04065398"; },
      [](Fact* f) { f->predicate = std::string(pred::kTests); },
      [](Fact* f) { f->object = "condition:infant AML"; },
      [](Fact* f) { f->attributes["value"] = "31"; },
      [](Fact* f) { f->attributes["unit"] = "%"; },
      [](Fact* f) { f->attributes.erase("measure"); },
      [](Fact* f) { f->attributes["horizon"] = ""; },
      // Moving bytes between fields is a different fact (length prefixes).
      [](Fact* f) {
        f->subject += "r";
        f->predicate = "eports_outcome";
      },
  };
  // Its two halves, which ingest's id cache uses: the input is the
  // documented encoding, here spelled out by hand.
  CHECK(FactIdInput(plain) == "14:drug:revumenib8:inhibits10:gene:KMT2A");
  CHECK(FactIdOfInput(FactIdInput(plain)) == "fc8df6895f34f21fb");
  Fact listed = plain;
  listed.list_attributes["drugs"] = {"a", "b"};
  CHECK(FactIdInput(listed) == FactIdInput(plain) + "5:drugs5:a + b");
  CHECK(FactIdOfInput(FactIdInput(listed)) == ComputeFactId(listed));

  std::set<std::string> ids = {ComputeFactId(BaseFact())};
  for (const auto& change : changes) {
    Fact f = BaseFact();
    change(&f);
    std::string id = ComputeFactId(f);
    CHECK(id.size() == 17);
    CHECK(id[0] == 'f');
    CHECK(ids.insert(id).second);
  }
}

TEST_CASE("a list hashes as its flat form, the joined string it was", "[graph]") {
  // Expected value computed independently (Python hashlib) over the
  // documented encoding, the list as "revumenib + venetoclax".
  Fact listed = BaseFact();
  listed.list_attributes[attr::kDrugs] = {"revumenib", "venetoclax"};
  CHECK(ComputeFactId(listed) == "f12953bce8d0f3833");
  // The id the joined string of schema 2 gave: ids of existing data stay.
  Fact joined = BaseFact();
  joined.attributes[attr::kDrugs] = "revumenib + venetoclax";
  CHECK(ComputeFactId(joined) == ComputeFactId(listed));
  // One flat form, one id, as one export line.
  Fact one_item = BaseFact();
  one_item.list_attributes[attr::kDrugs] = {"revumenib + venetoclax"};
  CHECK(ComputeFactId(one_item) == ComputeFactId(listed));

  // Otherwise a list is part of the identity like any attribute: an empty
  // list is "" (present), each item and each key counts.
  std::set<std::string> ids = {ComputeFactId(BaseFact()), ComputeFactId(listed)};
  std::vector<std::function<void(Fact*)>> changes = {
      [](Fact* f) { f->list_attributes[attr::kDrugs] = {}; },
      [](Fact* f) { f->list_attributes[attr::kDrugs] = {"revumenib"}; },
      [](Fact* f) {
        f->list_attributes[attr::kDrugs] = {"venetoclax", "revumenib"};
      },
      [](Fact* f) {
        f->list_attributes[attr::kNames] = {"revumenib", "venetoclax"};
      },
      // '|' separates names, not drugs.
      [](Fact* f) { f->list_attributes[attr::kDrugs] = {"revumenib|venetoclax"}; },
  };
  for (const auto& change : changes) {
    Fact f = BaseFact();
    change(&f);
    CHECK(ids.insert(ComputeFactId(f)).second);
  }
  Fact empty_list = BaseFact();
  empty_list.list_attributes[attr::kDrugs] = {};
  Fact empty_string = BaseFact();
  empty_string.attributes[attr::kDrugs] = "";
  CHECK(ComputeFactId(empty_list) == ComputeFactId(empty_string));
}

TEST_CASE("list attributes: flat form, split and debug string", "[graph]") {
  using Items = std::vector<std::string>;
  CHECK(IsListAttribute(attr::kNames));
  CHECK(IsListAttribute(attr::kRegistryIds));
  CHECK(IsListAttribute(attr::kDrugs));
  CHECK_FALSE(IsListAttribute(attr::kDrug));
  CHECK_FALSE(IsListAttribute(attr::kPhase));

  CHECK(JoinListAttribute(attr::kNames, {"AUGMENT-101", "A|B"}) == "AUGMENT-101|A|B");
  CHECK(JoinListAttribute(attr::kDrugs, {"a", "b + c"}) == "a + b + c");
  CHECK(JoinListAttribute(attr::kDrugs, {}).empty());
  CHECK(SplitListAttribute(attr::kNames, "AUGMENT-101|A") == Items{"AUGMENT-101", "A"});
  CHECK(SplitListAttribute(attr::kDrugs, "a + b|c") == Items{"a", "b|c"});
  CHECK(SplitListAttribute(attr::kDrugs, "").empty());

  Entity e;
  e.id = "trial:X";
  e.kind = EntityKind::kTrial;
  e.label = "X";
  e.attributes = {{"phase", "2"}};
  e.list_attributes = {{"names", {"X", "Y|Z"}}, {"registry_ids", {}}};
  CHECK(e.FlatAttributes() == std::map<std::string, std::string>{{"names", "X|Y|Z"},
                                                                 {"phase", "2"},
                                                                 {"registry_ids", ""}});
  CHECK(e.List("names") == Items{"X", "Y|Z"});
  CHECK(e.List("sponsor").empty());
  CHECK(e.DebugString() ==
        "trial:X kind=trial label=X aliases=[] attrs={phase=2} "
        "lists={names=[X,Y|Z],registry_ids=[]}");

  std::map<std::string, std::string> scalars = {{"stale", "1"}};
  ListAttributes lists = {{"stale", {"1"}}};
  UnflattenAttributes({{"drugs", "a + b"}, {"drug", "a"}, {"names", ""}}, &scalars,
                      &lists);
  CHECK(scalars == std::map<std::string, std::string>{{"drug", "a"}});
  CHECK(lists == ListAttributes{{"drugs", {"a", "b"}}, {"names", {}}});

  Fact f = BaseFact();
  f.list_attributes[attr::kDrugs] = {"a", "b"};
  CHECK(f.DebugString() ==
        "trial:NCT04065399 -reports_outcome-> condition:infant ALL "
        "{measure=CR rate,value=30} lists={drugs=[a,b]}");
}

TEST_CASE("Sha256Hex matches the FIPS 180-2 test vectors", "[graph]") {
  struct Case {
    std::string input;
    std::string hex;
  };
  const std::vector<Case> cases = {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const Case& c : cases) {
    INFO("input size " << c.input.size());
    CHECK(Sha256Hex(c.input) == c.hex);
  }
}

TEST_CASE("IsTargetPredicate covers the drug -> target predicates only", "[graph]") {
  for (std::string_view p :
       {pred::kInhibits, pred::kTargets, pred::kBinds, pred::kAntagonises}) {
    CHECK(IsTargetPredicate(p));
  }
  for (std::string_view p :
       {pred::kMemberOf, pred::kInvolves, pred::kTests, pred::kOutcome}) {
    CHECK_FALSE(IsTargetPredicate(p));
  }
}

}  // namespace
}  // namespace lg::graph
