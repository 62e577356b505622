// litgraph serve: the queries of the CLI as an HTTP/1.1 JSON API under /v1/,
// the web page at /, and (with --token-file) a write endpoint. Responses are
// the exact text of `litgraph <query> --json` (query/format.h); errors are
// {"error":{"code":N,"message":"..."}} (404s for unknown entities add
// "suggestions"). Endpoints are listed in kOpenApi (GET /v1/openapi.json).
//
// Reads go to a read-only Store and its View, held in an immutable Snapshot
// shared by the request threads; when the store's files change, a new Snapshot
// is opened and swapped in if its generation moved on. Writes (POST
// /v1/ingest) open the store for writing, which takes the writer lock.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "graph/store/curated.h"
#include "ingest/pipeline.h"
#include "query/complete.h"
#include "query/curation_file.h"
#include "query/engine.h"
#include "query/export.h"
#include "query/export_formats.h"
#include "query/format.h"
#include "query/json_out.h"
#include "query/params.h"
#include "tools/args.h"
#include "tools/cli.h"

namespace lg::tools {
namespace {

constexpr size_t kMaxBody = 8 << 20;                 // 8 MiB: larger bodies get 413
constexpr time_t kIoTimeoutSeconds = 10;             // per read or write on a socket
// From the first byte of a request, its line and headers must be in within
// kHeaderTimeout and the whole request (body included) within kRequestTimeout;
// else the connection is closed (a client that dribbles bytes holds a request
// thread no longer). docs/RELIABILITY.md.
constexpr auto kHeaderTimeout = std::chrono::seconds(5);
constexpr auto kRequestTimeout = std::chrono::seconds(60);
constexpr time_t kKeepAliveSeconds = 5;              // idle wait between requests
constexpr auto kRecheckInterval = std::chrono::milliseconds(200);

// ---- the store, as the request threads see it --------------------------------

struct Snapshot {
  std::unique_ptr<graph::Store> store;
  std::unique_ptr<query::Engine> engine;
  const graph::View& view() const { return engine->view(); }
};

// Holds the current Snapshot; Get() replaces it when the store changed on disk.
class Catalog {
 public:
  explicit Catalog(std::string dir) : dir_(std::move(dir)) {}

  Status Load() {
    std::lock_guard<std::mutex> lock(mu_);
    return ReloadLocked(/*force=*/true);
  }

  // The current snapshot; at most every kRecheckInterval, checks the store's
  // files and reloads when they changed. A failed reload keeps the old one.
  std::shared_ptr<const Snapshot> Get() {
    std::lock_guard<std::mutex> lock(mu_);
    auto now = std::chrono::steady_clock::now();
    if (now - last_check_ >= kRecheckInterval) {
      last_check_ = now;
      (void)ReloadLocked(/*force=*/false);
    }
    return current_;
  }

  // After a write of our own: reload now.
  void Invalidate() {
    std::lock_guard<std::mutex> lock(mu_);
    (void)ReloadLocked(/*force=*/false);
  }

  const std::string& dir() const { return dir_; }

 private:
  // Names, sizes and modification times of the store's files.
  std::string Signature() const {
    std::vector<std::string> parts;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      std::error_code e2;
      auto size = entry.is_regular_file(e2) ? entry.file_size(e2) : 0;
      auto time = entry.last_write_time(e2).time_since_epoch().count();
      parts.push_back(entry.path().filename().string() + ":" + std::to_string(size) + ":" +
                      std::to_string(time));
    }
    std::sort(parts.begin(), parts.end());
    std::string out;
    for (const auto& p : parts) out += p + "\n";
    return out;
  }

  Status ReloadLocked(bool force) {
    std::string signature = Signature();
    if (!force && current_ && signature == signature_) return Status::Ok();
    graph::StoreOptions options;
    options.read_only = true;
    options.create_if_missing = false;
    LG_ASSIGN_OR_RETURN(auto raw, graph::Store::Open(dir_, options));
    // Answer from the curated view, as the CLI's queries do by default.
    LG_ASSIGN_OR_RETURN(auto store, graph::OpenCuratedView(std::move(raw)));
    LG_ASSIGN_OR_RETURN(uint64_t generation, store->Generation());
    signature_ = signature;
    if (!force && current_ && generation == current_->view().generation()) {
      return Status::Ok();
    }
    auto next = std::make_shared<Snapshot>();
    next->store = std::move(store);
    LG_ASSIGN_OR_RETURN(next->engine, query::Engine::Open(next->store.get()));
    current_ = std::move(next);
    return Status::Ok();
  }

  const std::string dir_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> current_;
  std::string signature_;
  std::chrono::steady_clock::time_point last_check_{};
};

// ---- connections ---------------------------------------------------------------

// An httplib::Stream over a connected socket whose reads, besides the per-read
// timeout, stop at the request's deadlines (kHeaderTimeout until the blank
// line that ends the headers has gone by, then kRequestTimeout).
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, std::chrono::milliseconds read_timeout,
                 std::chrono::milliseconds write_timeout)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  // A new request starts with the next byte.
  void StartRequest() {
    start_ = std::chrono::steady_clock::now();
    headers_done_ = false;
    read_failed_ = false;
    tail_ = 0;
  }
  // Whether a read timed out or failed since StartRequest (the connection is
  // then closed after the reply httplib may still send, a 400).
  bool read_failed() const { return read_failed_; }

  bool is_readable() const override { return Wait(POLLIN, ReadBudget()); }
  bool is_writable() const override { return Wait(POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (!is_readable()) {
      read_failed_ = true;
      return -1;
    }
    ssize_t n;
    do {
      n = ::recv(sock_, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) read_failed_ = true;
    for (ssize_t i = 0; i < n && !headers_done_; ++i) {
      // Follows "\r\n\r\n" (or "\n\n") across reads.
      char c = ptr[i];
      tail_ = c == '\n' ? (tail_ == 1 ? 2 : 1) : (c == '\r' ? tail_ : 0);
      headers_done_ = tail_ == 2;
    }
    return n;
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(::getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  // The time left for the next read: the per-read timeout, cut to the
  // request's deadline.
  std::chrono::milliseconds ReadBudget() const {
    auto deadline = start_ + (headers_done_ ? kRequestTimeout : kHeaderTimeout);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(std::chrono::milliseconds(0), std::min(left, read_timeout_));
  }
  bool Wait(short events, std::chrono::milliseconds timeout) const {
    auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      pollfd p{sock_, events, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      int rc = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count())));
      if (rc < 0 && errno == EINTR) continue;
      return rc > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
    }
  }
  void Address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (get(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
    char buf[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
      port = ntohs(a->sin6_port);
    }
    ip = buf;
  }

  const int sock_;
  const std::chrono::milliseconds read_timeout_, write_timeout_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool headers_done_ = false;
  bool read_failed_ = false;
  int tail_ = 0;  // newlines just seen (a '\r' keeps the count)
};

// httplib::Server whose connections are read through a DeadlineStream: this
// replaces httplib's own keep-alive loop (same limits), whose socket reads have
// only the per-read timeout.
class DeadlineServer : public httplib::Server {
 private:
  static std::chrono::milliseconds Millis(time_t sec, time_t usec) {
    return std::chrono::milliseconds(sec * 1000 + usec / 1000);
  }
  // Waits up to the keep-alive timeout for the next request's first byte;
  // false when none came, the client went away or the server is stopping.
  bool WaitForRequest(int sock) const {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET && std::chrono::steady_clock::now() < until) {
      pollfd p{sock, POLLIN, 0};
      int rc = ::poll(&p, 1, 100);
      if (rc < 0 && errno != EINTR) return false;
      if (rc > 0) return true;
    }
    return false;
  }

  bool process_and_close_socket(socket_t sock) override {
    DeadlineStream stream(sock, Millis(read_timeout_sec_, read_timeout_usec_),
                          Millis(write_timeout_sec_, write_timeout_usec_));
    bool ok = false;
    for (size_t left = keep_alive_max_count_; left > 0 && WaitForRequest(sock); --left) {
      stream.StartRequest();
      bool closed = false;
      ok = process_request(stream, /*close_connection=*/left == 1, closed, nullptr);
      if (!ok || closed || stream.read_failed()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }
};

// ---- responses ---------------------------------------------------------------

constexpr const char* kJsonType = "application/json";

void ErrorReply(httplib::Response& res, int code, std::string_view message,
                const std::vector<std::string>& suggestions = {}) {
  query::JsonOut j;
  j.StartObject();
  j.Key("error").StartObject();
  j.Key("code").Int(code);
  j.Key("message").String(message);
  if (!suggestions.empty()) {
    j.Key("suggestions").StartArray();
    for (const auto& s : suggestions) j.String(s);
    j.EndArray();
  }
  j.EndObject();
  j.EndObject();
  res.status = code;
  res.set_content(j.str() + "\n", kJsonType);
}

int HttpCode(const Status& status) {
  switch (status.code()) {
    case Status::Code::kNotFound: return 404;
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kFailedPrecondition: return 409;
    default: return 500;
  }
}

// The status as an error reply; for an unknown entity `surface`, with the
// view's suggestions.
void StatusReply(httplib::Response& res, const Status& status, const graph::View* view = nullptr,
                 std::string_view surface = {}) {
  std::vector<std::string> suggestions;
  if (view && status.code() == Status::Code::kNotFound) suggestions = view->Suggest(surface, 5);
  ErrorReply(res, HttpCode(status), status.message(), suggestions);
}

// The request's query parameters (httplib has percent-decoded them), in
// order, for the parsers of query/params.h.
query::QueryParams Params(const httplib::Request& req) {
  query::QueryParams params;
  for (const auto& [key, value] : req.params) params.Add(key, value);
  return params;
}

// A streambuf that hands its bytes to an httplib DataSink and fails once the
// client has gone away (so an export stops early).
class SinkBuf : public std::streambuf {
 public:
  explicit SinkBuf(httplib::DataSink& sink) : sink_(sink) { setp(buf_, buf_ + sizeof(buf_)); }
  ~SinkBuf() override { sync(); }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    size_t n = static_cast<size_t>(pptr() - pbase());
    if (n == 0) return 0;
    bool ok = sink_.is_writable() && sink_.write(pbase(), n);
    setp(buf_, buf_ + sizeof(buf_));
    return ok ? 0 : -1;
  }

 private:
  httplib::DataSink& sink_;
  char buf_[1 << 16];
};

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

std::string ReadWholeFile(const std::string& path, bool* ok) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  *ok = static_cast<bool>(f);
  return s.str();
}

std::string WebDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("LITGRAPH_WEB_DIR"); env && *env) return env;
  return LG_WEB_DIR;
}

// The OpenAPI 3 description of the endpoints below.
constexpr std::string_view kOpenApi = R"json({
"openapi":"3.0.3",
"info":{"title":"litgraph","version":"1","description":"Questions over a knowledge graph read from oncology reviews. Bodies are the JSON of `litgraph <query> --json` (query/JSON.md). Errors: {\"error\":{\"code\":N,\"message\":\"...\"}}."},
"components":{
 "securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
 "schemas":{
  "Error":{"type":"object","required":["error"],"properties":{"error":{"type":"object","required":["code","message"],"properties":{"code":{"type":"integer"},"message":{"type":"string"},"suggestions":{"type":"array","items":{"type":"string"}}}}}},
  "Result":{"type":"object","required":["format","query"],"properties":{"format":{"type":"integer"},"query":{"type":"string"}},"additionalProperties":true}},
 "responses":{
  "Ok":{"description":"the query's JSON (query/JSON.md)","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Result"}}}},
  "Error":{"description":"an error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}}},
"paths":{
 "/v1/agents":{"get":{"summary":"drugs and drug classes acting on a target","parameters":[
   {"name":"target","in":"query","required":true,"schema":{"type":"string"}},
   {"name":"max_hops","in":"query","schema":{"type":"integer","minimum":1,"default":4}},
   {"name":"kind","in":"query","schema":{"type":"string","enum":["any","drug","class"],"default":"any"}},
   {"name":"sort","in":"query","schema":{"type":"string","enum":["mechanism","refs","sources","hops"],"default":"mechanism"}},
   {"name":"max_evidence","in":"query","schema":{"type":"integer","minimum":0,"default":5}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"400":{"$ref":"#/components/responses/Error"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/entities/{id}":{"get":{"summary":"the card of an entity (id, name or alias)","parameters":[
   {"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/mentions":{"get":{"summary":"the sources that name an entity: mentions in the body and in the reference list, first spans, the sentence of the first mention","parameters":[
   {"name":"entity","in":"query","required":true,"schema":{"type":"string"}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"400":{"$ref":"#/components/responses/Error"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/trials":{"get":{"summary":"trials, filtered","parameters":[
   {"name":"drug","in":"query","schema":{"type":"string"}},{"name":"target","in":"query","schema":{"type":"string"}},
   {"name":"phase","in":"query","schema":{"type":"string"}},{"name":"status","in":"query","schema":{"type":"string"}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/outcomes":{"get":{"summary":"outcome facts, filtered","parameters":[
   {"name":"trial","in":"query","schema":{"type":"string"}},{"name":"drug","in":"query","schema":{"type":"string"}},
   {"name":"measure","in":"query","schema":{"type":"string"}},{"name":"group","in":"query","schema":{"type":"string"}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/path":{"get":{"summary":"shortest paths between two entities","parameters":[
   {"name":"from","in":"query","required":true,"schema":{"type":"string"}},{"name":"to","in":"query","required":true,"schema":{"type":"string"}},
   {"name":"max_paths","in":"query","schema":{"type":"integer","minimum":1,"default":10}},
   {"name":"max_evidence","in":"query","schema":{"type":"integer","minimum":0,"default":5}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/neighbors":{"get":{"summary":"entities around an entity","parameters":[
   {"name":"entity","in":"query","required":true,"schema":{"type":"string"}},
   {"name":"depth","in":"query","schema":{"type":"integer","minimum":1,"default":1}},
   {"name":"predicate","in":"query","schema":{"type":"string"}},
   {"name":"max_evidence","in":"query","schema":{"type":"integer","minimum":0,"default":5}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/sources":{"get":{"summary":"the ingested sources","responses":{"200":{"$ref":"#/components/responses/Ok"}}}},
 "/v1/refs":{"get":{"summary":"a source's reference list","parameters":[
   {"name":"source","in":"query","required":true,"schema":{"type":"string"}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"404":{"$ref":"#/components/responses/Error"}}}},
 "/v1/complete":{"get":{"summary":"entity names starting with (or containing) q","parameters":[
   {"name":"q","in":"query","required":true,"schema":{"type":"string"}},
   {"name":"max","in":"query","schema":{"type":"integer","minimum":1,"default":10}}],
   "responses":{"200":{"$ref":"#/components/responses/Ok"}}}},
 "/v1/export":{"get":{"summary":"the whole graph, streamed","parameters":[
   {"name":"format","in":"query","schema":{"type":"string","enum":["jsonl","graphml","dot"],"default":"jsonl"}}],
   "responses":{"200":{"description":"JSON Lines (query/JSON.md), GraphML or DOT","content":{"application/x-ndjson":{},"application/graphml+xml":{},"text/vnd.graphviz":{}}}}}},
 "/v1/status":{"get":{"summary":"store generation and whether writes are enabled","responses":{"200":{"$ref":"#/components/responses/Ok"}}}},
 "/v1/curation":{"post":{"summary":"apply curation decisions, a `litgraph curate apply` file (needs the server's token)","security":[{"bearer":[]}],
   "parameters":[{"name":"curator","in":"query","required":false,"schema":{"type":"string"}}],
   "requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"array","items":{"type":"object"}}}}},
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"400":{"$ref":"#/components/responses/Error"},"401":{"$ref":"#/components/responses/Error"},"404":{"$ref":"#/components/responses/Error"},"409":{"$ref":"#/components/responses/Error"},"413":{"$ref":"#/components/responses/Error"}}}},
 "/v1/ingest":{"post":{"summary":"ingest a posted review text (needs the server's token)","security":[{"bearer":[]}],
   "parameters":[{"name":"source_id","in":"query","required":true,"schema":{"type":"string"}}],
   "requestBody":{"required":true,"content":{"text/plain":{"schema":{"type":"string","maxLength":8388608}}}},
   "responses":{"200":{"$ref":"#/components/responses/Ok"},"400":{"$ref":"#/components/responses/Error"},"401":{"$ref":"#/components/responses/Error"},"409":{"$ref":"#/components/responses/Error"},"413":{"$ref":"#/components/responses/Error"}}}}
}}
)json";

// "2026-11-21T10:00:00Z".
std::string NowUtcIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct ServeConfig {
  std::string token;  // empty: writes disabled
  std::string web_dir;
  std::unique_ptr<ingest::Pipeline> pipeline;  // only with a token
};

void JsonReply(httplib::Response& res, std::string body) {
  res.set_content(std::move(body), kJsonType);
}

// Writes answer only to the configured token; on false the reply is made.
bool Authorized(const ServeConfig& config, const httplib::Request& req,
                httplib::Response& res) {
  if (config.token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    ErrorReply(res, 401, "serve: writes are disabled; start the server with --token-file FILE");
    return false;
  }
  if (!ConstantTimeEquals(req.get_header_value("Authorization"), "Bearer " + config.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    ErrorReply(res, 401, "serve: missing or wrong 'Authorization: Bearer' token");
    return false;
  }
  return true;
}

void Routes(httplib::Server& svr, Catalog& catalog, ServeConfig& config, std::mutex& write_mu) {

  svr.Get("/v1/agents", [&](const httplib::Request& req, httplib::Response& res) {
    auto params = query::ParseAgentsParams(Params(req));
    if (!params.ok()) return StatusReply(res, params.status());
    auto snap = catalog.Get();
    auto result = query::Agents(snap->view(), params->target, params->options);
    if (!result.ok()) return StatusReply(res, result.status(), &snap->view(), params->target);
    JsonReply(res, query::AgentsJson(*result));
  });

  svr.Get(R"(/v1/entities/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    auto snap = catalog.Get();
    auto card = query::Show(snap->view(), id);
    if (!card.ok()) return StatusReply(res, card.status(), &snap->view(), id);
    JsonReply(res, query::CardJson(*card));
  });

  svr.Get("/v1/mentions", [&](const httplib::Request& req, httplib::Response& res) {
    auto entity = query::ParseMentionsParams(Params(req));
    if (!entity.ok()) return StatusReply(res, entity.status());
    auto snap = catalog.Get();
    auto result = query::Mentions(snap->view(), *entity);
    if (!result.ok()) return StatusReply(res, result.status(), &snap->view(), *entity);
    JsonReply(res, query::MentionsJson(*result));
  });

  svr.Get("/v1/trials", [&](const httplib::Request& req, httplib::Response& res) {
    query::TrialFilter filter = query::ParseTrialsParams(Params(req));
    auto snap = catalog.Get();
    auto rows = query::Trials(snap->view(), filter);
    if (!rows.ok()) {
      return StatusReply(res, rows.status(), &snap->view(),
                         filter.drug.empty() ? filter.target : filter.drug);
    }
    JsonReply(res, query::TrialsJson(filter, *rows));
  });

  svr.Get("/v1/outcomes", [&](const httplib::Request& req, httplib::Response& res) {
    query::OutcomeFilter filter = query::ParseOutcomesParams(Params(req));
    auto snap = catalog.Get();
    auto rows = query::Outcomes(snap->view(), filter);
    if (!rows.ok()) {
      return StatusReply(res, rows.status(), &snap->view(),
                         filter.trial.empty() ? filter.drug : filter.trial);
    }
    JsonReply(res, query::OutcomesJson(filter, *rows));
  });

  svr.Get("/v1/path", [&](const httplib::Request& req, httplib::Response& res) {
    auto params = query::ParsePathParams(Params(req));
    if (!params.ok()) return StatusReply(res, params.status());
    auto snap = catalog.Get();
    auto result = query::FindPaths(snap->view(), params->from, params->to,
                                   static_cast<size_t>(params->max_paths), params->max_evidence);
    if (!result.ok()) {
      bool from_ok = query::ResolveEntity(snap->view(), params->from).ok();
      return StatusReply(res, result.status(), &snap->view(),
                         from_ok ? params->to : params->from);
    }
    JsonReply(res, query::PathsJson(*result));
  });

  svr.Get("/v1/neighbors", [&](const httplib::Request& req, httplib::Response& res) {
    auto params = query::ParseNeighborsParams(Params(req));
    if (!params.ok()) return StatusReply(res, params.status());
    auto snap = catalog.Get();
    auto result = query::Neighbors(snap->view(), params->entity, params->options);
    if (!result.ok()) return StatusReply(res, result.status(), &snap->view(), params->entity);
    JsonReply(res, query::NeighborsJson(*result));
  });

  svr.Get("/v1/sources", [&](const httplib::Request&, httplib::Response& res) {
    auto snap = catalog.Get();
    JsonReply(res, query::SourcesJson(query::Sources(snap->view())));
  });

  svr.Get("/v1/refs", [&](const httplib::Request& req, httplib::Response& res) {
    auto source = query::ParseRefsParams(Params(req));
    if (!source.ok()) return StatusReply(res, source.status());
    auto snap = catalog.Get();
    auto refs = query::Refs(snap->view(), *source);
    if (!refs.ok()) return StatusReply(res, refs.status());
    std::string id = refs->empty() ? *source : refs->front().source;
    JsonReply(res, query::RefsJson(id, *refs));
  });

  svr.Get("/v1/complete", [&](const httplib::Request& req, httplib::Response& res) {
    auto params = query::ParseCompleteParams(Params(req));
    if (!params.ok()) return StatusReply(res, params.status());
    auto snap = catalog.Get();
    JsonReply(res, query::CompletionsJson(
                       params->q, query::Complete(snap->view(), params->q,
                                                  static_cast<size_t>(params->max))));
  });

  svr.Get("/v1/status", [&](const httplib::Request&, httplib::Response& res) {
    auto snap = catalog.Get();
    query::JsonOut j;
    j.StartObject();
    j.Key("format").Int(1);
    j.Key("query").String("status");
    j.Key("generation").Uint(snap->view().generation());
    j.Key("entities").Uint(snap->view().num_vertices());
    j.Key("facts").Uint(snap->view().facts().size());
    j.Key("writes").Bool(!config.token.empty());
    j.EndObject();
    JsonReply(res, j.str() + "\n");
  });

  svr.Get("/v1/export", [&](const httplib::Request& req, httplib::Response& res) {
    auto format = query::ParseExportParams(Params(req));
    if (!format.ok()) return StatusReply(res, format.status());
    Status (*write)(const graph::Store&, std::ostream&) = query::ExportJsonl;
    const char* type = "application/x-ndjson";
    if (*format == query::ExportFormat::kGraphml) {
      write = query::ExportGraphml;
      type = "application/graphml+xml";
    } else if (*format == query::ExportFormat::kDot) {
      write = query::ExportDot;
      type = "text/vnd.graphviz";
    }
    auto snap = catalog.Get();
    res.set_chunked_content_provider(type, [snap, write](size_t, httplib::DataSink& sink) {
      {
        SinkBuf buf(sink);
        std::ostream out(&buf);
        (void)write(*snap->store, out);  // a failure means the client went away
        out.flush();
      }
      sink.done();
      return true;
    });
  });

  svr.Get("/v1/openapi.json", [&](const httplib::Request&, httplib::Response& res) {
    JsonReply(res, std::string(kOpenApi));
  });

  // Curation decisions: the body is a `litgraph curate apply` file (a JSON
  // array of decisions, graph/store/CURATION.md), validated whole and applied
  // all or nothing. ?curator=NAME is the default curator (else "api").
  svr.Post("/v1/curation", [&](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(config, req, res)) return;
    auto decisions = query::ParseCurationFile(req.body, "request body");
    if (!decisions.ok()) return StatusReply(res, decisions.status());
    query::PlanOptions plan;
    plan.curator = query::ParseCurationParams(Params(req));
    plan.time = NowUtcIso();
    plan.origin = "serve: curation: request body";
    std::lock_guard<std::mutex> lock(write_mu);
    graph::StoreOptions store_options;
    store_options.create_if_missing = false;
    auto store = graph::Store::Open(catalog.dir(), store_options);
    if (!store.ok()) return StatusReply(res, store.status());
    auto batch = query::PlanCuration(**store, *decisions, plan);
    if (!batch.ok()) return StatusReply(res, batch.status());
    Status applied = (*store)->ApplyCuration(*batch);
    store->reset();  // release the writer lock before answering
    if (!applied.ok()) return StatusReply(res, applied);
    catalog.Invalidate();
    query::JsonOut j;
    j.StartObject();
    j.Key("format").Int(1);
    j.Key("query").String("curation");
    j.Key("applied").Uint(batch->ops.size());
    j.Key("curator").String(plan.curator);
    j.Key("time").String(plan.time);
    j.EndObject();
    JsonReply(res, j.str() + "\n");
  });

  svr.Post("/v1/ingest", [&](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(config, req, res)) return;
    auto source_id = query::ParseIngestParams(Params(req));
    if (!source_id.ok()) return StatusReply(res, source_id.status());
    if (req.body.empty()) return ErrorReply(res, 400, "serve: ingest: the request body is empty");
    ingest::IngestOptions options;
    options.source_id = *source_id;
    auto data = config.pipeline->ExtractBytes(*source_id, req.body, options);
    if (!data.ok()) return StatusReply(res, data.status());
    std::lock_guard<std::mutex> lock(write_mu);
    graph::StoreOptions store_options;
    store_options.create_if_missing = false;
    auto store = graph::Store::Open(catalog.dir(), store_options);
    if (!store.ok()) return StatusReply(res, store.status());
    auto diff = (*store)->PutSource(*data);
    store->reset();  // release the writer lock before answering
    if (!diff.ok()) return StatusReply(res, diff.status());
    catalog.Invalidate();
    const graph::Source& s = data->source;
    query::JsonOut j;
    j.StartObject();
    j.Key("format").Int(1);
    j.Key("query").String("ingest");
    j.Key("source").StartObject();
    j.Key("id").String(s.id);
    j.Key("content_hash").String(s.content_hash);
    j.Key("sentences").Uint(s.counts.sentences);
    j.Key("entities").Uint(s.counts.entities);
    j.Key("facts").Uint(s.counts.facts);
    j.Key("references").Uint(s.counts.references);
    j.Key("unchanged").Bool(diff->source_unchanged);
    j.Key("diff").StartObject();
    j.Key("added").Uint(diff->added);
    j.Key("removed").Uint(diff->removed);
    j.Key("unchanged").Uint(diff->unchanged);
    j.EndObject();
    j.EndObject();
    j.EndObject();
    JsonReply(res, j.str() + "\n");
  });

  // The web page and its scripts, read from the web directory per request.
  auto file = [&](const std::string& route, const std::string& rel, const char* type) {
    svr.Get(route, [&config, rel, type](const httplib::Request&, httplib::Response& res) {
      bool ok = false;
      std::string body = ReadWholeFile(config.web_dir + "/" + rel, &ok);
      if (!ok) {
        return ErrorReply(res, 404, "serve: " + config.web_dir + "/" + rel +
                                        " is missing (run tools/install_deps.sh)");
      }
      res.set_content(std::move(body), type);
    });
  };
  file("/", "index.html", "text/html; charset=utf-8");
  file("/app.js", "app.js", "text/javascript; charset=utf-8");
  file("/cytoscape.min.js", "node_modules/cytoscape/dist/cytoscape.min.js",
       "text/javascript; charset=utf-8");
  // The fcose layout extension and the two libraries it is built on, loaded
  // in this order (each UMD bundle finds the previous one as a global).
  file("/layout-base.js", "node_modules/layout-base/layout-base.js",
       "text/javascript; charset=utf-8");
  file("/cose-base.js", "node_modules/cose-base/cose-base.js", "text/javascript; charset=utf-8");
  file("/cytoscape-fcose.js", "node_modules/cytoscape-fcose/cytoscape-fcose.js",
       "text/javascript; charset=utf-8");

  // Everything httplib answers by itself (unknown route 404, 413, 400) as JSON.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // ours
    std::string message;
    if (res.status == 404) {
      message = "serve: no endpoint " + req.method + " " + req.path;
    } else if (res.status == 413) {
      message = "serve: request body larger than " + std::to_string(kMaxBody) + " bytes";
    } else {
      message = "serve: bad request (HTTP " + std::to_string(res.status) + ")";
    }
    ErrorReply(res, res.status, message);
    return httplib::Server::HandlerResponse::Handled;
  }));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        ErrorReply(res, 500, "serve: internal error");
      });
}

// Stops a server on SIGINT or SIGTERM. Construct it before any thread starts
// (the store's threads included): it blocks both signals, which every later
// thread inherits, and Start() makes one thread wait for them.
class SignalStopper {
 public:
  SignalStopper() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  void Start(httplib::Server& svr) {
    thread_ = std::thread([this, &svr] {
      int sig = 0;
      sigwait(&set_, &sig);
      signalled_ = true;
      if (!done_) svr.stop();
    });
  }
  ~SignalStopper() {
    done_ = true;
    if (thread_.joinable()) {
      if (!signalled_) pthread_kill(thread_.native_handle(), SIGTERM);
      thread_.join();
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t set_, old_;
  std::atomic<bool> done_{false}, signalled_{false};
  std::thread thread_;
};

}  // namespace

int RunServe(const Argv& argv, std::ostream& out, std::ostream& err) {
  Args args("serve", "",
            "Serve the store over HTTP/1.1: the queries as JSON under /v1/ (the shapes of\n"
            "--json; GET /v1/openapi.json describes them) and a web page at /. Writes\n"
            "(POST /v1/ingest) exist only with --token-file and need\n"
            "'Authorization: Bearer TOKEN'. Stops on SIGINT or SIGTERM.\n"
            "Timeouts: a request's line and headers must arrive within 5 s of its\n"
            "first byte and the whole request within 60 s; each socket read or\n"
            "write within 10 s; an idle connection closes after 5 s.");
  args.Option("db", "DIR", "store directory (else $LITGRAPH_DB, else ./litgraph.db)");
  args.Option("bind", "ADDR", "address to listen on", "127.0.0.1");
  args.Option("port", "N", "port (0: any free port, printed on start)", "8080");
  args.Option("token-file", "F", "file holding the bearer token that enables writes");
  args.Option("threads", "N", "request threads", "8");
  args.Option("web", "DIR", "web page directory (else $LITGRAPH_WEB_DIR, else the source tree's web/)");
  args.Positionals(0, 0);
  if (int rc = args.Parse(argv, out, err); rc >= 0) return rc;
  SignalStopper stopper;
  int port = -1, threads = 0;
  {
    std::string p = args.Get("port"), t = args.Get("threads");
    auto [pp, pe] = std::from_chars(p.data(), p.data() + p.size(), port);
    auto [tp, te] = std::from_chars(t.data(), t.data() + t.size(), threads);
    if (pe != std::errc() || pp != p.data() + p.size() || port < 0 || port > 65535) {
      err << "litgraph serve: option '--port' needs a port number, got '" << p << "'\n\n"
          << args.Help();
      return 2;
    }
    if (te != std::errc() || tp != t.data() + t.size() || threads < 1 || threads > 256) {
      err << "litgraph serve: option '--threads' needs 1..256, got '" << t << "'\n\n"
          << args.Help();
      return 2;
    }
  }

  ServeConfig config;
  config.web_dir = WebDir(args.Get("web"));
  if (args.Has("token-file")) {
    bool ok = false;
    std::string token = ReadWholeFile(args.Get("token-file"), &ok);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
      token.pop_back();
    }
    if (!ok || token.empty()) {
      return Fail(Status::InvalidArgument("serve: token file " + args.Get("token-file") +
                                          " is unreadable or empty"),
                  err);
    }
    config.token = token;
    auto pipeline = ingest::Pipeline::Create(DataDir());
    if (!pipeline.ok()) return Fail(pipeline.status(), err);
    config.pipeline = std::move(pipeline).value();
  }

  Catalog catalog(ResolveDbDir(args.Get("db")));
  if (Status s = catalog.Load(); !s.ok()) return Fail(s, err);

  DeadlineServer svr;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_payload_max_length(kMaxBody);
  svr.set_read_timeout(kIoTimeoutSeconds, 0);
  svr.set_write_timeout(kIoTimeoutSeconds, 0);
  svr.set_keep_alive_timeout(kKeepAliveSeconds);
  std::mutex write_mu;
  Routes(svr, catalog, config, write_mu);

  std::string bind = args.Get("bind");
  int bound = port == 0 ? svr.bind_to_any_port(bind) : (svr.bind_to_port(bind, port) ? port : -1);
  if (bound < 0) {
    return Fail(Status::IOError("serve: cannot listen on " + bind + ":" + std::to_string(port)),
                err);
  }
  out << "litgraph: serving " << catalog.dir() << " on http://" << bind << ":" << bound
      << "/ (writes " << (config.token.empty() ? "disabled" : "enabled") << ")" << std::endl;
  bool ok = false;
  stopper.Start(svr);
  ok = svr.listen_after_bind();
  out << "litgraph: stopped" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace lg::tools
