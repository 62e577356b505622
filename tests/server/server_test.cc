// Apps: the exports (KGX, GraphML, DOT), `litgraph serve` and the library
// example, on a store of the two real reviews ingested by the litgraph binary.
// Expected JSON comes from the CLI's --json for the same query (the contract
// the server promises); error bodies are written by hand.
//   [export]  KGX column/category/predicate check, GraphML read by networkx
//   [server]  every endpoint against the CLI, 401, 413, 414, 404 + suggestions,
//             refresh after another process writes, concurrent readers, the
//             query-parameter parsers (query/params.h), a client that dribbles
//             its headers cut off by the header timeout, the page's files
//             from the web directory (LITGRAPH_WEB_DIR) or a 404 naming them
//   [example] examples/agents_example against `litgraph agents --json`
//   [web]     (hidden; ctest web_test) the page in headless Chromium
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "graph/model.h"
#include "graph/store/store.h"
#include "query/export_formats.h"
#include "query/params.h"
#include "tests/testing.h"
#include "tools/bench/query_fixture.h"

extern char** environ;

namespace lg::testing {
namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

pid_t Spawn(std::vector<std::string> args, const std::string& out_path,
            const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

Run Command(const TempDir& dir, std::vector<std::string> args) {
  std::string out = dir.Sub("cmd.stdout"), err = dir.Sub("cmd.stderr");
  Run run;
  pid_t pid = Spawn(std::move(args), out, err);
  REQUIRE(pid > 0);
  int status = 0;
  waitpid(pid, &status, 0);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFileOrDie(out);
  run.err = ReadFileOrDie(err);
  return run;
}

Run Litgraph(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), LG_LITGRAPH_BIN);
  return Command(dir, std::move(args));
}

// A store of both real reviews, written by `litgraph ingest`.
std::string MakeRealStore(const TempDir& dir) {
  std::string db = dir.Sub("db");
  std::vector<std::string> args = {"ingest", "--db", db};
  for (const auto& entry : std::filesystem::directory_iterator(SharedDir() + "/corpus")) {
    if (entry.path().extension() == ".txt") args.push_back(entry.path().string());
  }
  REQUIRE(args.size() >= 5);
  Run run = Litgraph(dir, args);
  INFO(run.err);
  REQUIRE(run.code == 0);
  return db;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// Counts of the JSONL export: all nodes, entity nodes (not source/reference)
// with their ids, and edges.
struct JsonlCounts {
  size_t nodes = 0, entity_nodes = 0, edges = 0;
  std::set<std::string> entity_ids;
};
JsonlCounts CountJsonl(const std::string& jsonl) {
  JsonlCounts c;
  for (const std::string& line : Lines(jsonl)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    REQUIRE(!d.HasParseError());
    std::string type = d["type"].GetString();
    if (type == "edge") {
      ++c.edges;
      continue;
    }
    ++c.nodes;
    std::string kind = d["kind"].GetString();
    if (kind != "source" && kind != "reference") {
      ++c.entity_nodes;
      c.entity_ids.insert(query::KgxCurie(d["id"].GetString()));
    }
  }
  return c;
}

// ---- exports ------------------------------------------------------------

TEST_CASE("escapes and the Biolink mapping", "[export]") {
  struct Case {
    std::string input, xml, dot, tsv, curie;
  };
  const std::vector<Case> cases = {
      {"KMT2A::AFF1", "KMT2A::AFF1", "\"KMT2A::AFF1\"", "KMT2A::AFF1", "KMT2A::AFF1"},
      {"a <b> & \"c\" 'd'", "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;",
       "\"a <b> & \\\"c\\\" 'd'\"", "a <b> & \"c\" 'd'", "a%20<b>%20&%20\"c\"%20'd'"},
      {"x\ty\nz|w%", "x\ty\nz|w%", "\"x y\\nz|w%\"", "x y z\xC2\xA6w%",
       "x%09y%0Az%7Cw%25"},
      {std::string("bell\x07") + "\\", "bell \\", "\"bell\x07\\\\\"", "bell\x07\\",
       "bell%07\\"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(query::XmlEscape(c.input) == c.xml);
    CHECK(query::DotQuote(c.input) == c.dot);
    CHECK(query::TsvCell(c.input) == c.tsv);
    CHECK(query::KgxCurie(c.input) == c.curie);
  }
  const std::vector<std::pair<std::string_view, std::string_view>> predicates = {
      {graph::pred::kInhibits, "biolink:affects"},
      {graph::pred::kTargets, "biolink:affects"},
      {graph::pred::kBinds, "biolink:directly_physically_interacts_with"},
      {graph::pred::kAntagonises, "biolink:affects"},
      {graph::pred::kMemberOf, "biolink:member_of"},
      {graph::pred::kInvolves, "biolink:has_part"},
      {graph::pred::kDependsOn, "biolink:related_to"},
      {graph::pred::kOverexpresses, "biolink:affects"},
      {graph::pred::kTests, "biolink:related_to"},
      {graph::pred::kFrequency, "biolink:associated_with"},
      {graph::pred::kOutcome, "biolink:related_to"},
      {graph::pred::kActiveIn, "biolink:treats_or_applied_or_studied_to_treat"},
      {"some_new_predicate", "biolink:related_to"},
  };
  for (const auto& [ours, biolink] : predicates) {
    INFO(ours);
    CHECK(query::BiolinkPredicate(ours) == biolink);
  }
  CHECK(query::BiolinkCategory(graph::EntityKind::kGene) == "biolink:Gene");
  CHECK(query::BiolinkCategory(graph::EntityKind::kFusion) == "biolink:SequenceVariant");
  CHECK(query::BiolinkCategory(graph::EntityKind::kDrug) == "biolink:Drug");
  CHECK(query::BiolinkCategory(graph::EntityKind::kTrial) == "biolink:ClinicalTrial");
  CHECK(query::BiolinkCategory(graph::EntityKind::kCondition) == "biolink:Disease");
}

// Written from the KGX format description and the Biolink model's class,
// predicate and enum pages (docs/KGX.md lists the mapping).
TEST_CASE("KGX files pass the column, category, predicate and CURIE check", "[export]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Run jsonl = Litgraph(dir, {"export", "--db", db});
  REQUIRE(jsonl.code == 0);
  JsonlCounts counts = CountJsonl(jsonl.out);
  Run kgx =
      Litgraph(dir, {"export", "--db", db, "--format", "kgx", "--out", dir.Sub("kgx")});
  INFO(kgx.err);
  REQUIRE(kgx.code == 0);

  const std::set<std::string> categories = {
      "biolink:Gene",           "biolink:SequenceVariant",   "biolink:Drug",
      "biolink:ChemicalEntity", "biolink:ClinicalTrial",     "biolink:Disease",
      "biolink:GeneFamily",     "biolink:BiologicalProcess", "biolink:PhenotypicFeature",
      "biolink:Publication"};
  const std::set<std::string> predicates = {
      "biolink:affects",
      "biolink:directly_physically_interacts_with",
      "biolink:member_of",
      "biolink:has_part",
      "biolink:related_to",
      "biolink:associated_with",
      "biolink:treats_or_applied_or_studied_to_treat"};
  const std::set<std::string> knowledge_levels = {
      "knowledge_assertion",     "logical_entailment", "prediction",
      "statistical_association", "observation",        "not_provided"};
  const std::set<std::string> agent_types = {
      "manual_agent",        "automated_agent",
      "text_mining_agent",   "data_analysis_pipeline",
      "computational_model", "manual_validation_of_automated_agent",
      "not_provided"};
  const std::regex curie(R"([A-Za-z_][A-Za-z0-9_.-]*:[^\s|]+)");

  auto table = [](const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& line : Lines(text)) rows.push_back(Split(line, '\t'));
    return rows;
  };
  auto column = [](const std::vector<std::string>& header, const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<size_t>(it - header.begin());
  };

  auto nodes = table(ReadFileOrDie(dir.Sub("kgx/nodes.tsv")));
  REQUIRE(nodes.size() > 1);
  const auto& nh = nodes[0];
  size_t n_id = column(nh, "id"), n_cat = column(nh, "category"),
         n_name = column(nh, "name");
  column(nh, "provided_by");
  std::set<std::string> node_ids;
  for (size_t i = 1; i < nodes.size(); ++i) {
    const auto& row = nodes[i];
    INFO("nodes.tsv row " << i);
    REQUIRE(row.size() == nh.size());
    CHECK(std::regex_match(row[n_id], curie));
    for (const std::string& c : Split(row[n_cat], '|')) CHECK(categories.count(c) == 1);
    CHECK(!row[n_name].empty());
    CHECK(node_ids.insert(row[n_id]).second);
  }
  CHECK(nodes.size() - 1 == counts.entity_nodes);
  CHECK(node_ids == counts.entity_ids);

  auto edges = table(ReadFileOrDie(dir.Sub("kgx/edges.tsv")));
  REQUIRE(edges.size() > 1);
  const auto& eh = edges[0];
  size_t e_id = column(eh, "id"), e_s = column(eh, "subject"),
         e_p = column(eh, "predicate"), e_o = column(eh, "object"),
         e_kl = column(eh, "knowledge_level"), e_at = column(eh, "agent_type"),
         e_pks = column(eh, "primary_knowledge_source"),
         e_pub = column(eh, "publications"), e_text = column(eh, "supporting_text");
  size_t with_publications = 0;
  for (size_t i = 1; i < edges.size(); ++i) {
    const auto& row = edges[i];
    INFO("edges.tsv row " << i);
    REQUIRE(row.size() == eh.size());
    CHECK(std::regex_match(row[e_id], curie));
    CHECK(node_ids.count(row[e_s]) == 1);
    CHECK(node_ids.count(row[e_o]) == 1);
    CHECK(predicates.count(row[e_p]) == 1);
    CHECK(knowledge_levels.count(row[e_kl]) == 1);
    CHECK(agent_types.count(row[e_at]) == 1);
    CHECK(row[e_pks].rfind("infores:", 0) == 0);
    CHECK(!row[e_text].empty());
    if (!row[e_pub].empty()) {
      ++with_publications;
      for (const std::string& p : Split(row[e_pub], '|'))
        CHECK(std::regex_match(p, curie));
    }
  }
  CHECK(edges.size() - 1 == counts.edges);
  CHECK(with_publications > 0);  // the IJMS review's DOI at least
}

TEST_CASE("GraphML is read back by networkx with the JSONL counts; DOT too", "[export]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Run jsonl = Litgraph(dir, {"export", "--db", db});
  REQUIRE(jsonl.code == 0);
  JsonlCounts counts = CountJsonl(jsonl.out);
  REQUIRE(counts.edges > 100);

  std::string graphml = dir.Sub("graph.graphml");
  REQUIRE(Litgraph(dir, {"export", "--db", db, "--format", "graphml", "--out", graphml})
              .code == 0);
  // Debian's python3-networkx lives with /usr/bin/python3.
  Run py = Command(
      dir, {"/usr/bin/python3",
            std::string(LG_SOURCE_DIR) + "/tests/server/graphml_counts.py", graphml});
  INFO(py.err);
  REQUIRE(py.code == 0);
  CHECK(py.out == "nodes " + std::to_string(counts.nodes) + " edges " +
                      std::to_string(counts.edges) + "\n");

  Run dot = Litgraph(dir, {"export", "--db", db, "--format", "dot"});
  REQUIRE(dot.code == 0);
  size_t arrows = 0, node_lines = 0;
  for (const std::string& line : Lines(dot.out)) {
    if (line.find("\" -> \"") != std::string::npos) {
      ++arrows;
    } else if (line.find("[label=") != std::string::npos) {
      ++node_lines;
    }
  }
  CHECK(arrows == counts.edges);
  CHECK(node_lines == counts.entity_nodes);
  CHECK(dot.out.rfind("digraph litgraph {\n", 0) == 0);

  Run bad = Litgraph(dir, {"export", "--db", db, "--format", "kgx"});
  CHECK(bad.code == 2);
  CHECK(bad.err.rfind("litgraph export: --format kgx needs --out DIR\n", 0) == 0);
}

// ---- server -------------------------------------------------------------

// `litgraph serve --port 0` in the background; stopped with SIGTERM.
class Server {
 public:
  Server(const TempDir& dir, const std::string& db, const std::string& token_file = "") {
    std::vector<std::string> args = {LG_LITGRAPH_BIN, "serve", "--db", db, "--port", "0"};
    if (!token_file.empty()) {
      args.push_back("--token-file");
      args.push_back(token_file);
    }
    out_ = dir.Sub("serve.stdout");
    err_ = dir.Sub("serve.stderr");
    pid_ = Spawn(args, out_, err_);
    REQUIRE(pid_ > 0);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::smatch m;
    const std::regex serving(R"(on http://127\.0\.0\.1:(\d+)/)");
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = ReadFileOrDie(out_);
      if (std::regex_search(text, m, serving)) {
        port_ = std::stoi(m[1]);
        break;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL("litgraph serve exited: " << ReadFileOrDie(err_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(port_ > 0);
  }
  ~Server() { Stop(); }

  // Stops the server; its exit code (0 after SIGTERM).
  int Stop() {
    if (pid_ <= 0) return code_;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return code_;
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }
  int port() const { return port_; }
  std::string Stderr() const { return ReadFileOrDie(err_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int code_ = -1;
  std::string out_, err_;
};

struct Got {
  int status = 0;
  std::string body, type;
};
Got Get(const Server& server, const std::string& path) {
  auto res = server.Client().Get(path);
  REQUIRE(res);
  return {res->status, res->body, res->get_header_value("Content-Type")};
}
Got Post(const Server& server, const std::string& path, const std::string& body,
         const std::string& token = "") {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto res = server.Client().Post(path, headers, body, "text/plain");
  REQUIRE(res);
  return {res->status, res->body, res->get_header_value("Content-Type")};
}

uint64_t Generation(const Server& server) {
  Got got = Get(server, "/v1/status");
  REQUIRE(got.status == 200);
  rapidjson::Document d;
  d.Parse(got.body.c_str());
  REQUIRE(!d.HasParseError());
  return d["generation"].GetUint64();
}

TEST_CASE("every endpoint answers what the CLI prints with --json", "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Server server(dir, db);
  struct Case {
    std::string path;
    std::vector<std::string> cli;  // --db is appended
  };
  const std::vector<Case> cases = {
      {"/v1/agents?target=MLL-AF4", {"agents", "MLL-AF4", "--json"}},
      {"/v1/agents?target=KMT2A%3A%3A%3F&max_hops=2&kind=drug",
       {"agents", "KMT2A::?", "--max-hops", "2", "--kind", "drug", "--json"}},
      {"/v1/agents?target=MLL-AF4&kind=class",
       {"agents", "MLL-AF4", "--kind", "class", "--json"}},
      {"/v1/agents?target=MLL-AF4&limit=2&offset=1",
       {"agents", "MLL-AF4", "--limit", "2", "--offset", "1", "--json"}},
      {"/v1/agents?target=MLL-AF4&limit=0",
       {"agents", "MLL-AF4", "--limit", "0", "--json"}},
      {"/v1/entities/fusion%3AKMT2A%3A%3AAFF1", {"show", "fusion:KMT2A::AFF1", "--json"}},
      {"/v1/entities/revumenib", {"show", "revumenib", "--json"}},
      {"/v1/trials", {"trials", "--json"}},
      {"/v1/trials?drug=revumenib", {"trials", "--drug", "revumenib", "--json"}},
      {"/v1/outcomes", {"outcomes", "--json"}},
      {"/v1/outcomes?measure=efs", {"outcomes", "--measure", "efs", "--json"}},
      {"/v1/path?from=MLL-AF4&to=venetoclax",
       {"path", "MLL-AF4", "venetoclax", "--json"}},
      {"/v1/neighbors?entity=gene%3AMEN1&depth=2",
       {"neighbors", "gene:MEN1", "--depth", "2", "--json"}},
      {"/v1/sources", {"sources", "--json"}},
      {"/v1/refs?source=002", {"refs", "002", "--json"}},
      {"/v1/mentions?entity=revumenib", {"mentions", "revumenib", "--json"}},
      {"/v1/mentions?entity=MLL-AF4", {"mentions", "MLL-AF4", "--json"}},
      {"/v1/export", {"export"}},
      {"/v1/export?format=graphml", {"export", "--format", "graphml"}},
      {"/v1/export?format=dot", {"export", "--format", "dot"}},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    std::vector<std::string> cli = c.cli;
    cli.push_back("--db");
    cli.push_back(db);
    Run expected = Litgraph(dir, cli);
    REQUIRE(expected.code == 0);
    REQUIRE(expected.out.size() > 60);  // a real answer, not an empty list
    Got got = Get(server, c.path);
    CHECK(got.status == 200);
    CHECK(got.body == expected.out);
    if (c.cli[0] != "export") CHECK(got.type == "application/json");
  }
  CHECK(Get(server, "/v1/agents?target=MLL-AF4").body.find("\"id\":\"drug:revumenib\"") !=
        std::string::npos);
  // Only the second review names revumenib, in its body (and its reference
  // list); MLL-AF6 (gene:AFDN's alias) only in the first review's references.
  std::string mentions = Get(server, "/v1/mentions?entity=revumenib").body;
  CHECK(mentions.find("\"sources\":[{\"source\":\"002_b349d65e17dedb88\",") !=
        std::string::npos);
  CHECK(mentions.find("000_4ae7b0927be87e20") == std::string::npos);
  CHECK(mentions.find("\"in\":\"body\",\"body\":5,\"references\":1,") !=
        std::string::npos);
  CHECK(Get(server, "/v1/mentions?entity=MLL-AF6")
            .body.find("\"source\":\"000_4ae7b0927be87e20\",\"title\":\"") !=
        std::string::npos);

  // Completion of a prefix, by hand from the store's aliases. MLL-AF6 is an
  // alias of gene:AFDN, which the first review names in its reference list.
  Got complete = Get(server, "/v1/complete?q=mll-af&max=2");
  CHECK(complete.body ==
        "{\"format\":1,\"query\":\"complete\",\"q\":\"mll-af\",\"completions\":["
        "{\"text\":\"MLL-AF4\",\"entity\":{\"id\":\"fusion:KMT2A::AFF1\",\"kind\":"
        "\"fusion\","
        "\"label\":\"KMT2A::AFF1\"}},"
        "{\"text\":\"MLL-AF6\",\"entity\":{\"id\":\"gene:AFDN\",\"kind\":\"gene\","
        "\"label\":\"AFDN\"}}]}\n");

  // The OpenAPI description parses and names every endpoint.
  Got openapi = Get(server, "/v1/openapi.json");
  rapidjson::Document d;
  d.Parse(openapi.body.c_str());
  REQUIRE(!d.HasParseError());
  CHECK(std::string(d["openapi"].GetString()).rfind("3.", 0) == 0);
  for (const char* p : {"/v1/agents", "/v1/entities/{id}", "/v1/trials", "/v1/outcomes",
                        "/v1/path", "/v1/neighbors", "/v1/sources", "/v1/mentions",
                        "/v1/export", "/v1/complete", "/v1/ingest"}) {
    INFO(p);
    CHECK(d["paths"].HasMember(p));
  }
  CHECK(server.Stop() == 0);
}

TEST_CASE("errors are JSON: 404 with suggestions, 400, unknown routes", "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Server server(dir, db);
  struct Case {
    std::string path;
    int status;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"/v1/entities/MLL-AF5", 404,
       "{\"error\":{\"code\":404,\"message\":\"unknown entity 'MLL-AF5'; did you mean: "
       "MLL-AF4, "
       "MLL-AF6, MLL-AF9, "
       "MLL-AF10?\",\"suggestions\":[\"MLL-AF4\",\"MLL-AF6\",\"MLL-AF9\","
       "\"MLL-AF10\"]}}\n"},
      {"/v1/agents?target=MLL-AF5", 404,
       "{\"error\":{\"code\":404,\"message\":\"unknown entity 'MLL-AF5'; did you mean: "
       "MLL-AF4, "
       "MLL-AF6, MLL-AF9, "
       "MLL-AF10?\",\"suggestions\":[\"MLL-AF4\",\"MLL-AF6\",\"MLL-AF9\","
       "\"MLL-AF10\"]}}\n"},
      {"/v1/agents", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: missing query parameter "
       "'target'\"}}\n"},
      {"/v1/agents?target=MLL-AF4&max_hops=0", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: query parameter 'max_hops' needs a "
       "positive integer, got '0'\"}}\n"},
      {"/v1/agents?target=MLL-AF4&limit=-1", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: query parameter 'limit' needs a "
       "non-negative integer, got '-1'\"}}\n"},
      {"/v1/agents?target=MLL-AF4&offset=x", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: query parameter 'offset' needs a "
       "non-negative integer, got 'x'\"}}\n"},
      {"/v1/agents?target=MLL-AF4&kind=gene", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: query parameter 'kind' must be "
       "drug, "
       "class or any, got 'gene'\"}}\n"},
      {"/v1/mentions", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: missing query parameter "
       "'entity'\"}}\n"},
      {"/v1/mentions?entity=MLL-AF5", 404,
       "{\"error\":{\"code\":404,\"message\":\"unknown entity 'MLL-AF5'; did you mean: "
       "MLL-AF4, "
       "MLL-AF6, MLL-AF9, "
       "MLL-AF10?\",\"suggestions\":[\"MLL-AF4\",\"MLL-AF6\",\"MLL-AF9\","
       "\"MLL-AF10\"]}}\n"},
      {"/v1/nothing", 404,
       "{\"error\":{\"code\":404,\"message\":\"serve: no endpoint GET /v1/nothing\"}}\n"},
      {"/v1/export?format=csv", 400,
       "{\"error\":{\"code\":400,\"message\":\"serve: query parameter 'format' must be "
       "jsonl, "
       "graphml or dot, got 'csv'\"}}\n"},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    Got got = Get(server, c.path);
    CHECK(got.status == c.status);
    CHECK(got.body == c.body);
    CHECK(got.type == "application/json");
  }
}

TEST_CASE("writes: 401 without the token, 413 when too large, ingest with it",
          "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  const std::string text =
      "Zanubrutinib inhibits BTK in a small series of our own making [1].\n\n"
      "References\n1. Nobody A. A made-up note. J Test. 2020;1:1-2.\n";
  {
    Server server(dir, db);  // no token: writes are disabled
    uint64_t before = Generation(server);
    Got got = Post(server, "/v1/ingest?source_id=note", text, "anything");
    CHECK(got.status == 401);
    CHECK(got.body ==
          "{\"error\":{\"code\":401,\"message\":\"serve: writes are disabled; start the "
          "server "
          "with --token-file FILE\"}}\n");
    CHECK(Generation(server) == before);
  }
  WriteFile(dir.Sub("token"), "s3cret-token\n");
  Server server(dir, db, dir.Sub("token"));
  uint64_t before = Generation(server);
  const std::string wrong =
      "{\"error\":{\"code\":401,\"message\":\"serve: missing or wrong 'Authorization: "
      "Bearer' "
      "token\"}}\n";
  Got none = Post(server, "/v1/ingest?source_id=note", text);
  CHECK(none.status == 401);
  CHECK(none.body == wrong);
  Got bad = Post(server, "/v1/ingest?source_id=note", text, "s3cret-tokeN");
  CHECK(bad.status == 401);
  CHECK(bad.body == wrong);
  Got big = Post(server, "/v1/ingest?source_id=note", std::string(9 << 20, 'a'),
                 "s3cret-token");
  CHECK(big.status == 413);
  CHECK(big.body ==
        "{\"error\":{\"code\":413,\"message\":\"serve: request body larger than 8388608 "
        "bytes\"}}\n");
  CHECK(Generation(server) == before);
  CHECK(Get(server, "/v1/sources").body.find("\"id\":\"note\"") == std::string::npos);

  Got ok = Post(server, "/v1/ingest?source_id=note", text, "s3cret-token");
  INFO(ok.body);
  CHECK(ok.status == 200);
  CHECK(ok.body.rfind("{\"format\":1,\"query\":\"ingest\",\"source\":{\"id\":\"note\",",
                      0) == 0);
  CHECK(Generation(server) == before + 1);
  CHECK(Get(server, "/v1/sources").body.find("\"id\":\"note\"") != std::string::npos);
  CHECK(server.Stop() == 0);
}

TEST_CASE("curation over HTTP: token, validation, all or nothing", "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  WriteFile(dir.Sub("token"), "s3cret-token\n");
  Server server(dir, db, dir.Sub("token"));
  uint64_t before = Generation(server);
  const std::string alias =
      R"([{"action":"alias","alias":"OURFUSION","entity":"fusion:KMT2A::AFF1"}])";

  Got none = Post(server, "/v1/curation", alias);
  CHECK(none.status == 401);
  // A file with one bad decision changes nothing, and says where.
  Got bad = Post(server, "/v1/curation",
                 "[" + alias.substr(1, alias.size() - 2) + ",\n" +
                     R"({"action":"reject","fact":"f0000000000000000"}])",
                 "s3cret-token");
  CHECK(bad.status == 400);
  CHECK(bad.body.find("request body line 2: field 'reason' is required for reject") !=
        std::string::npos);
  CHECK(Generation(server) == before);
  CHECK(Get(server, "/v1/agents?target=OURFUSION").status == 404);

  Got ok = Post(server, "/v1/curation?curator=ana", alias, "s3cret-token");
  INFO(ok.body);
  CHECK(ok.status == 200);
  CHECK(ok.body.rfind(R"({"format":1,"query":"curation","applied":1,"curator":"ana",)",
                      0) == 0);
  CHECK(Generation(server) == before + 1);
  // The alias answers like the canonical name.
  Got by_alias = Get(server, "/v1/agents?target=OURFUSION");
  CHECK(by_alias.status == 200);
  CHECK(by_alias.body == Get(server, "/v1/agents?target=KMT2A::AFF1").body);
  CHECK(server.Stop() == 0);
}

TEST_CASE("the server sees another process's writes; readers run at once", "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Server server(dir, db);
  const std::string expected =
      Litgraph(dir, {"agents", "MLL-AF4", "--json", "--db", db}).out;
  REQUIRE(expected.size() > 100);

  std::vector<std::thread> readers;
  std::atomic<int> same{0};
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&] {
      auto client = server.Client();
      for (int i = 0; i < 5; ++i) {
        auto res = client.Get("/v1/agents?target=MLL-AF4");
        if (res && res->status == 200 && res->body == expected) ++same;
      }
    });
  }
  for (auto& t : readers) t.join();
  CHECK(same == 40);

  // Another process ingests a new source; the server's view follows.
  uint64_t before = Generation(server);
  WriteFile(dir.Sub("extra.txt"), "Venetoclax inhibits BCL2 in a sample of our own.\n");
  Run ingest = Litgraph(dir, {"ingest", "--db", db, dir.Sub("extra.txt")});
  INFO(ingest.err);
  REQUIRE(ingest.code == 0);
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    seen = Get(server, "/v1/sources").body.find("\"id\":\"extra\"") != std::string::npos;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(seen);
  CHECK(Generation(server) == before + 1);
}

// The parsers behind every endpoint's query parameters: a table of
// {query pairs, expected parse or error}, by hand from the contract in
// query/params.h (first value of a repeated key wins, as in httplib).
TEST_CASE("max_evidence: 5 unless given, 0 for all, else a message", "[server]") {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  auto parsed = [](Pairs pairs) {
    pairs.insert(pairs.end(),
                 {{"target", "t"}, {"from", "a"}, {"to", "b"}, {"entity", "e"}});
    query::QueryParams p(pairs);
    auto agents = query::ParseAgentsParams(p);
    auto path = query::ParsePathParams(p);
    auto nb = query::ParseNeighborsParams(p);
    if (!agents.ok()) return agents.status().message();
    REQUIRE(path.ok());
    REQUIRE(nb.ok());
    return std::to_string(agents->options.max_evidence) + " " +
           std::to_string(path->max_evidence) + " " +
           std::to_string(nb->options.max_evidence);
  };
  CHECK(parsed({}) == "5 5 5");
  CHECK(parsed({{"max_evidence", "0"}}) == "0 0 0");
  CHECK(parsed({{"max_evidence", "12"}}) == "12 12 12");
  CHECK(parsed({{"max_evidence", "-1"}}) ==
        "serve: query parameter 'max_evidence' needs a non-negative integer, got '-1'");
  CHECK(parsed({{"max_evidence", ""}}) ==
        "serve: query parameter 'max_evidence' needs a non-negative integer, got ''");
  CHECK(parsed({{"max_evidence", "-0"}}) ==
        "serve: query parameter 'max_evidence' needs a non-negative integer, got '-0'");
}

TEST_CASE("query parameters parse into the query options or name what is wrong",
          "[server]") {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  // One line per endpoint: its parse, or its error message.
  auto dump = [](const Pairs& pairs) {
    query::QueryParams p(pairs);
    std::string out;
    auto line = [&](const std::string& name, const Status& status,
                    const std::string& ok) {
      out += name + ": " + (status.ok() ? ok : status.message()) + "\n";
    };
    auto agents = query::ParseAgentsParams(p);
    line("agents", agents.status(),
         agents.ok() ? agents->target + " " + std::to_string(agents->options.max_hops) +
                           " " + std::string(query::AgentKindName(agents->options.kind))
                     : "");
    auto path = query::ParsePathParams(p);
    line("path", path.status(),
         path.ok() ? path->from + " " + path->to + " " + std::to_string(path->max_paths)
                   : "");
    auto nb = query::ParseNeighborsParams(p);
    line("neighbors", nb.status(),
         nb.ok() ? nb->entity + " " + std::to_string(nb->options.depth) + " [" +
                       nb->options.predicate + "]"
                 : "");
    auto complete = query::ParseCompleteParams(p);
    line("complete", complete.status(),
         complete.ok() ? "[" + complete->q + "] " + std::to_string(complete->max) : "");
    auto format = query::ParseExportParams(p);
    line("export", format.status(),
         format.ok() ? std::to_string(static_cast<int>(*format)) : "");
    auto refs = query::ParseRefsParams(p);
    line("refs", refs.status(), refs.ok() ? *refs : "");
    auto ingest = query::ParseIngestParams(p);
    line("ingest", ingest.status(), ingest.ok() ? *ingest : "");
    query::TrialFilter t = query::ParseTrialsParams(p);
    query::OutcomeFilter o = query::ParseOutcomesParams(p);
    out += "trials: [" + t.drug + "|" + t.target + "|" + t.phase + "|" + t.status + "]\n";
    out +=
        "outcomes: [" + o.trial + "|" + o.drug + "|" + o.measure + "|" + o.group + "]\n";
    out += "curator: " + query::ParseCurationParams(p) + "\n";
    return out;
  };
  struct Case {
    Pairs pairs;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{},
       "agents: serve: missing query parameter 'target'\n"
       "path: serve: missing query parameter 'from'\n"
       "neighbors: serve: missing query parameter 'entity'\n"
       "complete: [] 10\n"
       "export: 0\n"
       "refs: serve: missing query parameter 'source'\n"
       "ingest: serve: missing query parameter 'source_id'\n"
       "trials: [|||]\noutcomes: [|||]\ncurator: api\n"},
      {{{"target", "KMT2A::AFF1"},
        {"max_hops", "007"},
        {"kind", "class"},
        {"from", "a b"},
        {"to", "c&d"},
        {"max_paths", "3"},
        {"entity", "gene:MEN1"},
        {"depth", "2"},
        {"predicate", "inhibits"},
        {"q", "mll"},
        {"max", "51"},
        {"format", "dot"},
        {"source", "002"},
        {"source_id", "note"},
        {"drug", "x"},
        {"target", "second"},
        {"phase", "1/2"},
        {"status", "open"},
        {"trial", "t"},
        {"measure", "efs"},
        {"group", "g"},
        {"curator", "ana"}},
       "agents: KMT2A::AFF1 7 class\n"
       "path: a b c&d 3\n"
       "neighbors: gene:MEN1 2 [inhibits]\n"
       "complete: [mll] 50\n"
       "export: 2\n"
       "refs: 002\n"
       "ingest: note\n"
       "trials: [x|KMT2A::AFF1|1/2|open]\noutcomes: [t|x|efs|g]\ncurator: ana\n"},
      {{{"target", "T"},
        {"max_hops", "+2"},
        {"from", "a"},
        {"to", ""},
        {"entity", "e"},
        {"depth", ""},
        {"max", "2147483648"},
        {"format", "JSONL"},
        {"source", ""},
        {"curator", ""}},
       "agents: serve: query parameter 'max_hops' needs a positive integer, got '+2'\n"
       "path: serve: missing query parameter 'to'\n"
       "neighbors: serve: query parameter 'depth' needs a positive integer, got ''\n"
       "complete: serve: query parameter 'max' needs a positive integer, got "
       "'2147483648'\n"
       "export: serve: query parameter 'format' must be jsonl, graphml or dot, got "
       "'JSONL'\n"
       "refs: serve: missing query parameter 'source'\n"
       "ingest: serve: missing query parameter 'source_id'\n"
       "trials: [|T||]\noutcomes: [|||]\ncurator: \n"},
      {{{"target", "T"},
        {"max_hops", "2x"},
        {"kind", ""},
        {"depth", "-1"},
        {"max", "0"},
        {"format", "graphml"},
        {"max_paths", "1"}},
       "agents: serve: query parameter 'max_hops' needs a positive integer, got '2x'\n"
       "path: serve: missing query parameter 'from'\n"
       "neighbors: serve: missing query parameter 'entity'\n"
       "complete: serve: query parameter 'max' needs a positive integer, got '0'\n"
       "export: 1\n"
       "refs: serve: missing query parameter 'source'\n"
       "ingest: serve: missing query parameter 'source_id'\n"
       "trials: [|T||]\noutcomes: [|||]\ncurator: api\n"},
      {{{"target", "T"}, {"kind", ""}, {"format", ""}},
       "agents: serve: query parameter 'kind' must be drug, class or any, got ''\n"
       "path: serve: missing query parameter 'from'\n"
       "neighbors: serve: missing query parameter 'entity'\n"
       "complete: [] 10\n"
       "export: serve: query parameter 'format' must be jsonl, graphml or dot, got ''\n"
       "refs: serve: missing query parameter 'source'\n"
       "ingest: serve: missing query parameter 'source_id'\n"
       "trials: [|T||]\noutcomes: [|||]\ncurator: api\n"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i);
    CHECK(dump(cases[i].pairs) == cases[i].expected);
  }
  // Every parser fails with InvalidArgument (HTTP 400).
  query::QueryParams bad;
  bad.Add("max_hops", "0");
  CHECK(query::ParseAgentsParams(bad).status().code() == Status::Code::kInvalidArgument);
  CHECK(bad.PositiveInt("max_hops", 4).status().code() == Status::Code::kInvalidArgument);
  CHECK(*bad.PositiveInt("depth", 4) == 4);
  // sort: the orders of `agents --sort`, mechanism by default.
  query::QueryParams sorted;
  sorted.Add("target", "MLL-AF4");
  CHECK(query::ParseAgentsParams(sorted)->options.sort == query::AgentSort::kMechanism);
  sorted.Add("sort", "refs");
  CHECK(query::ParseAgentsParams(sorted)->options.sort == query::AgentSort::kRefs);
  query::QueryParams unknown;
  unknown.Add("target", "MLL-AF4");
  unknown.Add("sort", "label");
  CHECK(query::ParseAgentsParams(unknown).status().message() ==
        "serve: query parameter 'sort' must be mechanism, refs, sources or hops, got "
        "'label'");
}

// A plain TCP connection to the server; -1 when it cannot connect.
int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST_CASE("a client dribbling its headers is cut off; others are answered meanwhile",
          "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Server server(dir, db);
  using Clock = std::chrono::steady_clock;
  // The request line at once, then the headers three bytes a second.
  const std::string line = "GET /v1/status HTTP/1.1\r\n";
  const std::string request = "Host: 127.0.0.1\r\nX-Slow: " + std::string(200, 'a');
  int fd = Connect(server.port());
  REQUIRE(fd >= 0);
  auto start = Clock::now();
  REQUIRE(::send(fd, line.data(), line.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(line.size()));
  bool closed = false, answered = false;
  double other_seconds = -1;
  std::string reply;
  // Never the blank line that ends the headers; stop once the server hangs
  // up (or after 12 s, a failure).
  for (size_t i = 0; !closed && Clock::now() - start < std::chrono::seconds(12); i += 3) {
    if (i < request.size() &&
        ::send(fd, request.data() + i, std::min<size_t>(3, request.size() - i),
               MSG_NOSIGNAL) < 0) {
      closed = true;
      break;
    }
    if (i == 6) {  // meanwhile, another connection is answered at once
      auto t0 = Clock::now();
      answered = Get(server, "/v1/status").status == 200;
      other_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) > 0) {
      char buf[4096];
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        closed = true;
      } else {
        reply.append(buf, static_cast<size_t>(n));
      }
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  INFO("cut after " << seconds << " s; reply: " << reply);
  CHECK(closed);
  // The header timeout is 5 s from the first byte (tools/serve/http_server.h).
  CHECK(seconds >= 4.5);
  CHECK(seconds < 8.0);
  CHECK(answered);
  CHECK(other_seconds < 2.0);
  // What the server says before it hangs up: a 400 in our JSON shape.
  CHECK(reply.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
  CHECK(
      reply.find(
          "{\"error\":{\"code\":400,\"message\":\"serve: bad request (HTTP 400)\"}}\n") !=
      std::string::npos);
  // And the server goes on answering.
  CHECK(Get(server, "/v1/status").status == 200);
  CHECK(server.Stop() == 0);
}

TEST_CASE("oversized request line and header: 414 and 400 as JSON", "[server]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Server server(dir, db);
  // httplib's limits: 8192 bytes for the request line and for a header line.
  Got uri = Get(server, "/v1/complete?q=" + std::string(9000, 'a'));
  CHECK(uri.status == 414);
  CHECK(uri.body ==
        "{\"error\":{\"code\":414,\"message\":\"serve: bad request (HTTP 414)\"}}\n");
  auto res = server.Client().Get("/v1/status", {{"X-Big", std::string(9000, 'b')}});
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(res->body ==
        "{\"error\":{\"code\":400,\"message\":\"serve: bad request (HTTP 400)\"}}\n");
  CHECK(Get(server, "/v1/status").status == 200);
}

// ---- library example ----------------------------------------------------

TEST_CASE("examples/agents_example prints what `litgraph agents --json` prints",
          "[example]") {
  TempDir dir;
  std::string db = MakeRealStore(dir);
  Run example = Command(dir, {LG_AGENTS_EXAMPLE_BIN, db, "MLL-AF4"});
  Run cli = Litgraph(dir, {"agents", "MLL-AF4", "--json", "--db", db});
  INFO(example.err);
  CHECK(example.code == 0);
  CHECK(example.out.size() > 100);
  CHECK(example.out == cli.out);
  Run missing = Command(dir, {LG_AGENTS_EXAMPLE_BIN, db, "MLL-AF5"});
  CHECK(missing.code == 1);
  CHECK(missing.err.rfind("NotFound: unknown entity 'MLL-AF5'", 0) == 0);
}

// ---- web page (ctest web_test) ------------------------------------------

// Runs web_test.mjs against a server of `db`: search `target`, expect at
// least `min_agents` agents, save the screenshot as `png` (in the build tree).
Run WebTest(const TempDir& dir, const std::string& db, const std::string& target,
            int min_agents, const std::string& png) {
  Server server(dir, db);
  std::string screenshot = std::string(LG_BINARY_DIR) + "/" + png;
  std::filesystem::remove(screenshot);
  Run node = Command(
      dir, {"/usr/bin/node", std::string(LG_SOURCE_DIR) + "/tests/server/web_test.mjs",
            "http://127.0.0.1:" + std::to_string(server.port()) + "/",
            std::string(LG_SOURCE_DIR) + "/web", screenshot, target,
            std::to_string(min_agents)});
  CHECK(server.Stop() == 0);
  if (node.code == 0) CHECK(std::filesystem::file_size(screenshot) > 10000);
  return node;
}

// A hub fusion with 200 drugs and 4 drug classes acting on it, in our own
// words: drugs inhibit one of 6 genes it depends on, target its 5' gene or
// bind one of 2 markers it overexpresses (so all three mechanism groups and
// 10 groups by `via` appear). Names vary in length ("alotinib",
// "corasantuzumab"); references carry PMIDs (odd) or DOIs (even).
std::string MakeHubStore(const TempDir& dir) {
  using graph::EntityKind;
  namespace pred = graph::pred;
  const std::string src = "hub_review", hub = "fusion:HUB1::PART1";
  graph::SourceData data;
  data.source.id = src;
  data.source.path = "hub_review.txt";
  data.source.content_hash = graph::Sha256Hex("hub review");
  data.source.title = "A synthetic hub fusion";
  data.entities.push_back(
      FixtureEntity(EntityKind::kFusion, "HUB1::PART1", {"HUB1-PART1", "HUB1::PART1"}));
  data.entities.push_back(FixtureEntity(EntityKind::kGene, "HUB1", {"HUB1"}));
  data.facts.push_back(FixtureFact(src, hub, pred::kInvolves, "gene:HUB1",
                                   "HUB1-PART1 fuses HUB1 to PART1.", {"1"},
                                   {{"role", "5prime"}}));
  std::vector<std::string> acted_on = {"gene:HUB1"};
  for (int g = 0; g < 6; ++g) {
    std::string key = "DEP" + std::to_string(g + 1);
    data.entities.push_back(FixtureEntity(EntityKind::kGene, key, {key}));
    data.facts.push_back(FixtureFact(src, hub, pred::kDependsOn, "gene:" + key,
                                     "HUB1-PART1 cells need " + key + ".", {"2"}));
    acted_on.push_back("gene:" + key);
  }
  for (const std::string key : {"MARKA", "MARKB"}) {
    data.entities.push_back(FixtureEntity(EntityKind::kGene, key, {key}));
    data.facts.push_back(FixtureFact(src, hub, pred::kOverexpresses, "gene:" + key,
                                     "HUB1-PART1 blasts show much " + key + ".", {"3"}));
    acted_on.push_back("gene:" + key);
  }
  const char* prefix[] = {"alo",  "bexa", "cora", "dovi", "elto",
                          "fira", "gemo", "hala", "iru",  "jova"};
  const char* middle[] = {"", "lo", "ver", "san"};
  const char* stem[] = {"tinib", "mab", "ciclib", "tuzumab", "lisib"};
  for (int i = 0; i < 200; ++i) {
    std::string name = std::string(prefix[i % 10]) + middle[(i / 10) % 4] + stem[i / 40];
    std::string on = acted_on[i % acted_on.size()];
    std::string_view verb = on.find("MARK") != std::string::npos ? pred::kBinds
                            : on == "gene:HUB1"                  ? pred::kTargets
                                                                 : pred::kInhibits;
    if (i % 25 == 24) {  // reported activity, no molecular target
      on = hub;
      verb = pred::kActiveIn;
    }
    data.entities.push_back(FixtureEntity(EntityKind::kDrug, name, {name}));
    data.facts.push_back(FixtureFact(src, "drug:" + name, verb, on,
                                     "In our notes " + name + " acts as reported.",
                                     {std::to_string(4 + i % 20)}));
  }
  for (int c = 0; c < 4; ++c) {
    std::string key = "class " + std::to_string(c + 1) + " inhibitor";
    data.entities.push_back(FixtureEntity(EntityKind::kDrugClass, key, {key}));
    data.facts.push_back(FixtureFact(src, "drug_class:" + key, pred::kInhibits,
                                     acted_on[1 + c], "Agents of " + key + " block it.",
                                     {"24"}));
  }
  for (int n = 1; n <= 24; ++n) {
    graph::Reference r = FixtureRef(src, std::to_string(n), "Author" + std::to_string(n),
                                    "2024", "J Synth", "Study " + std::to_string(n));
    if (n % 2) {
      r.pmid = std::to_string(30000000 + n);
    } else {
      r.doi = "10.9999/synth." + std::to_string(n);
    }
    data.references.push_back(r);
  }
  data.source.counts = {300, data.entities.size(), data.facts.size(),
                        data.references.size()};
  std::string db = dir.Sub("hub.db");
  auto store = graph::Store::Open(db);
  REQUIRE(store.ok());
  REQUIRE((*store)->PutSource(data).ok());
  return db;
}

TEST_CASE(
    "the page and its scripts come from the web directory, or a 404 says what to run",
    "[server]") {
  TempDir dir;
  std::string db = MakeHubStore(dir);
  const std::string web = dir.Sub("web");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/", "index.html"},
      {"/app.js", "app.js"},
      {"/cytoscape.min.js", "node_modules/cytoscape/dist/cytoscape.min.js"},
      {"/layout-base.js", "node_modules/layout-base/layout-base.js"},
      {"/cose-base.js", "node_modules/cose-base/cose-base.js"},
      {"/cytoscape-fcose.js", "node_modules/cytoscape-fcose/cytoscape-fcose.js"},
  };
  for (const auto& [route, file] : routes) {
    std::filesystem::create_directories(
        std::filesystem::path(web + "/" + file).parent_path());
    WriteFile(web + "/" + file, "// " + file + "\n");
  }
  REQUIRE(setenv("LITGRAPH_WEB_DIR", web.c_str(), 1) == 0);
  Server server(dir, db);
  unsetenv("LITGRAPH_WEB_DIR");
  for (const auto& [route, file] : routes) {
    INFO(route);
    Got got = Get(server, route);
    CHECK(got.status == 200);
    CHECK(got.body == "// " + file + "\n");
    CHECK(got.type ==
          (route == "/" ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8"));
  }
  std::filesystem::remove(web + "/node_modules/cose-base/cose-base.js");
  Got missing = Get(server, "/cose-base.js");
  CHECK(missing.status == 404);
  CHECK(missing.body == "{\"error\":{\"code\":404,\"message\":\"serve: " + web +
                            "/node_modules/cose-base/cose-base.js is missing (run "
                            "tools/install_deps.sh)\"}}\n");
  CHECK(server.Stop() == 0);
}

TEST_CASE("the web page draws the agents of MLL-AF4 without overlapping labels",
          "[.][web]") {
  TempDir dir;
  Run node = WebTest(dir, MakeRealStore(dir), "MLL-AF4", 20, "web_test.png");
  INFO(node.out << node.err);
  CHECK(node.code == 0);
  CHECK(node.out.rfind("web_test: ok agents=", 0) == 0);
  CHECK(node.out.find(" overlaps=0 ") != std::string::npos);
}

TEST_CASE("the web page stays readable with 200 agents of one hub fusion", "[.][web]") {
  TempDir dir;
  Run node = WebTest(dir, MakeHubStore(dir), "HUB1-PART1", 204, "web_test_hub.png");
  INFO(node.out << node.err);
  CHECK(node.code == 0);
  CHECK(node.out.rfind("web_test: ok agents=204 groups=10 ", 0) == 0);
  CHECK(node.out.find(" overlaps=0 ") != std::string::npos);
}

}  // namespace
}  // namespace lg::testing
