// Acceptance of the query layer: on a store holding both reviews, every query
// of the `queries` sections of ../shared/gold/*.json is answered: every
// required agent is returned, each with an evidence sentence (of that gold
// file's source) whose references match the gold refs; and the spellings of
// one fusion give identical results.
#include <rapidjson/document.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "graph/store/store.h"
#include "graph/text_util.h"
#include "ingest/pipeline.h"
#include "query/engine.h"
#include "query/format.h"
#include "tests/testing.h"

namespace {

using lg::graph::Lower;
using lg::testing::DataDir;
using lg::testing::ReadFileOrDie;
using lg::testing::SharedDir;
using lg::testing::TempDir;

const char* kSources[] = {"000_4ae7b0927be87e20", "002_b349d65e17dedb88"};

std::vector<std::string> Strings(const rapidjson::Value& v) {
  std::vector<std::string> out;
  if (!v.IsArray()) return out;
  for (const auto& x : v.GetArray()) out.push_back(x.GetString());
  return out;
}

// A store with both reviews, and its query engine.
struct Fixture {
  TempDir tmp;
  std::unique_ptr<lg::graph::Store> store;
  std::unique_ptr<lg::query::Engine> engine;

  Fixture() {
    auto s = lg::graph::Store::Open(tmp.Sub("db"));
    REQUIRE(s.ok());
    store = std::move(s).value();
    auto pipeline = lg::ingest::Pipeline::Create(DataDir());
    REQUIRE(pipeline.ok());
    for (const char* id : kSources) {
      auto r = (*pipeline)->Run(*store, SharedDir() + "/corpus/" + id + ".txt", {});
      REQUIRE(r.ok());
    }
    auto e = lg::query::Engine::Open(store.get());
    REQUIRE(e.ok());
    engine = std::move(e).value();
  }
};

// The agents of `result` that answer the gold agent `name`: the one of that
// name, or for CAR-T products without an INN any agent whose name holds
// "CAR" and that acts via one of `via` (the gold README's rule).
std::vector<const lg::query::Agent*> FindAgents(const lg::query::AgentsResult& result,
                                                const std::string& name,
                                                const std::vector<std::string>& via) {
  std::vector<const lg::query::Agent*> found;
  for (const auto& a : result.agents) {
    if (Lower(a.entity.label) == Lower(name)) found.push_back(&a);
  }
  if (!found.empty() || name.find("CAR") == std::string::npos) return found;
  for (const auto& a : result.agents) {
    if (a.entity.label.find("CAR") == std::string::npos) continue;
    for (const auto& v : a.via) {
      if (std::find(via.begin(), via.end(), v.label) != via.end()) {
        found.push_back(&a);
        break;
      }
    }
  }
  return found;
}

// Citation numbers of `source` on the agent's kept paths.
std::set<std::string> RefsOf(const lg::query::Agent& agent, const std::string& source) {
  std::set<std::string> refs;
  for (const auto& path : agent.paths) {
    for (const auto& edge : path) {
      for (const auto& ev : edge.evidence) {
        if (ev.source != source) continue;
        for (const auto& r : ev.refs) refs.insert(r.n);
      }
    }
  }
  return refs;
}

}  // namespace

TEST_CASE("every gold query is answered with its required agents and their references",
          "[acceptance][query]") {
  Fixture fx;
  const lg::graph::View& view = fx.engine->view();
  int queries = 0, agents_checked = 0;
  for (const char* source : kSources) {
    std::string text = ReadFileOrDie(SharedDir() + "/gold/" + source + ".json");
    rapidjson::Document gold;
    gold.Parse(text.c_str());
    REQUIRE(!gold.HasParseError());
    for (const auto& q : gold["queries"].GetArray()) {
      std::string type = q["type"].GetString();
      ++queries;
      if (type == "agents_for_fusion") {
        std::string fusion = q["fusion"].GetString();
        lg::query::AgentsOptions options;
        options.max_hops = 4;
        options.max_paths = 1000;  // every path, not the 5 a table shows
        options.limit = 0;         // every agent, not the first page
        auto result = lg::query::Agents(view, fusion, options);
        INFO(source << " agents " << fusion << ": " << result.status().ToString());
        REQUIRE(result.ok());
        for (const auto& req : q["required_agents"].GetArray()) {
          std::string name = req["agent"].GetString();
          std::vector<std::string> via = Strings(req["via"]);
          std::vector<const lg::query::Agent*> agents = FindAgents(*result, name, via);
          INFO("required agent " << name);
          CHECK(!agents.empty());
          if (agents.empty()) continue;
          ++agents_checked;
          std::vector<std::string> gold_refs = Strings(req["refs"]);
          for (const auto& r : Strings(req["refs_context"])) gold_refs.push_back(r);
          if (gold_refs.empty()) continue;  // the text cites nothing for it
          bool match = false;
          for (const lg::query::Agent* agent : agents) {
            std::set<std::string> got = RefsOf(*agent, source);
            match = match ||
                    std::any_of(gold_refs.begin(), gold_refs.end(),
                                [&](const std::string& r) { return got.count(r) > 0; });
          }
          CHECK(match);
        }
      } else if (type == "drugs_for_target") {
        std::string target = q["target"].GetString();
        lg::query::AgentsOptions options;
        options.kind = lg::query::AgentKind::kDrug;
        options.limit = 0;
        auto result = lg::query::Agents(view, target, options);
        INFO(source << " drugs for " << target << ": " << result.status().ToString());
        REQUIRE(result.ok());
        for (const auto& name : Strings(q["required_drugs"])) {
          INFO("required drug " << name);
          CHECK(!FindAgents(*result, name, {target}).empty());
          ++agents_checked;
        }
      }
    }
  }
  CHECK(queries == 31);
  CHECK(agents_checked >= 100);
}

TEST_CASE("the spellings of KMT2A::AFF1 give identical agents, with those of KMT2A-r",
          "[acceptance][query]") {
  Fixture fx;
  const lg::graph::View& view = fx.engine->view();
  std::string canonical;
  for (const char* spelling :
       {"KMT2A::AFF1", "MLL-AF4", "KMT2A-AFF1", "t(4;11)", "mll/af4"}) {
    auto result = lg::query::Agents(view, spelling);
    INFO(spelling << ": " << result.status().ToString());
    REQUIRE(result.ok());
    CHECK(result->target.id == "fusion:KMT2A::AFF1");
    std::string json = lg::query::AgentsJson(*result);
    if (canonical.empty()) {
      canonical = json;
    } else {
      CHECK(json == canonical);
    }
  }
  // Inherited from the group: every agent of KMT2A-r is an agent of KMT2A::AFF1.
  auto group = lg::query::Agents(view, "KMT2A-r");
  auto fusion = lg::query::Agents(view, "KMT2A::AFF1");
  REQUIRE(group.ok());
  REQUIRE(fusion.ok());
  REQUIRE(group->agents.size() >= 10);
  for (const auto& a : group->agents) {
    bool found = std::any_of(
        fusion->agents.begin(), fusion->agents.end(),
        [&](const lg::query::Agent& b) { return b.entity.id == a.entity.id; });
    INFO("group agent " << a.entity.id);
    CHECK(found);
  }
}

TEST_CASE("agents of KMT2A::AFF1 come mechanism first, each with its mechanism in words",
          "[acceptance][query]") {
  Fixture fx;
  auto result = lg::query::Agents(fx.engine->view(), "KMT2A::AFF1");
  REQUIRE(result.ok());
  const auto& agents = result->agents;
  // Cytotoxic chemotherapy and its classes, as the two reviews name them.
  const std::set<std::string> chemotherapy = {
      "drug:cytarabine",     "drug:clofarabine",
      "drug:methotrexate",   "drug:daunorubicin",
      "drug:doxorubicin",    "drug:cyclophosphamide",
      "drug:vincristine",    "drug:etoposide",
      "drug:mercaptopurine", "drug_class:nucleoside analogue"};
  size_t first_chemo = agents.size(), last_men1_dot1l = 0, men1_dot1l = 0;
  for (size_t i = 0; i < agents.size(); ++i) {
    const auto& a = agents[i];
    INFO(a.entity.id);
    CHECK(!a.mechanism.empty());
    CHECK(a.mechanism.rfind(a.entity.label + " ", 0) == 0);  // from the agent ...
    CHECK(a.mechanism.size() >= 11);
    CHECK(a.mechanism.compare(a.mechanism.size() - 11, 11, "KMT2A::AFF1") ==
          0);  // ... to it
    CHECK(a.rank_group >= lg::query::kRankMechanism);
    CHECK(a.rank_group <= lg::query::kRankActivity);
    if (chemotherapy.count(a.entity.id)) first_chemo = std::min(first_chemo, i);
    for (const auto& v : a.via) {
      if (v.id == "gene:MEN1" || v.id == "gene:DOT1L") {
        last_men1_dot1l = i;
        ++men1_dot1l;
        break;
      }
    }
  }
  REQUIRE(first_chemo < agents.size());  // the reviews name chemotherapy
  CHECK(men1_dot1l >= 4);  // revumenib, menin inhibitor, pinometostat, DOT1L inhibitor
  CHECK(last_men1_dot1l < first_chemo);

  // The top 10, by the rule of query/engine.h: group 1 (acts on KMT2A-r or on
  // what it depends on, as the store has it), then two sources before one,
  // then more references, then the name. Each line: group, sources, refs.
  std::vector<std::string> top;
  for (size_t i = 0; i < agents.size() && i < 10; ++i)
    top.push_back(agents[i].entity.label);
  CHECK(top == std::vector<std::string>{"FLT3 inhibitor",   // 1, 2, 15
                                        "lestaurtinib",     // 1, 2, 15
                                        "azacitidine",      // 1, 2, 13
                                        "vorinostat",       // 1, 2, 13
                                        "HDAC inhibitor",   // 1, 2, 11
                                        "panobinostat",     // 1, 2, 11
                                        "romidepsin",       // 1, 2, 11
                                        "DOT1L inhibitor",  // 1, 1, 14
                                        "pinometostat",     // 1, 1, 14
                                        "decitabine"});     // 1, 1, 10
  // And the JSON carries them.
  std::string json = lg::query::AgentsJson(*result);
  CHECK(json.rfind("{\"format\":3,\"query\":\"agents\",", 0) == 0);
  CHECK(json.find("\"rank_group\":1,\"mechanism\":\"revumenib ") != std::string::npos);
}
