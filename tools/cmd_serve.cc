// litgraph serve: parses the arguments, opens the store and starts the HTTP
// server of tools/serve/ (routes.h: the endpoints; catalog.h: how requests
// see the store; http_server.h: connections and limits). Stops on SIGINT or
// SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <thread>

#include "graph/mutex.h"
#include "ingest/pipeline.h"
#include "ingest/text.h"
#include "tools/args.h"
#include "tools/cli.h"
#include "tools/serve/catalog.h"
#include "tools/serve/http_server.h"
#include "tools/serve/routes.h"

namespace lg::tools {
namespace {

std::string WebDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("LITGRAPH_WEB_DIR"); env && *env) return env;
  return LG_WEB_DIR;
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
  Args args(
      "serve", "",
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
  args.Option("web", "DIR",
              "web page directory (else $LITGRAPH_WEB_DIR, else the source tree's web/)");
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

  serve::ServeConfig config;
  config.web_dir = WebDir(args.Get("web"));
  if (args.Has("token-file")) {
    auto read = ingest::ReadFileBytes(args.Get("token-file"));
    std::string token = read.ok() ? std::move(read).value() : "";
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
      token.pop_back();
    }
    if (token.empty()) {
      return Fail(Status::InvalidArgument("serve: token file " + args.Get("token-file") +
                                          " is unreadable or empty"),
                  err);
    }
    config.token = token;
    auto pipeline = ingest::Pipeline::Create(DataDir());
    if (!pipeline.ok()) return Fail(pipeline.status(), err);
    config.pipeline = std::move(pipeline).value();
  }

  serve::Catalog catalog(ResolveDbDir(args.Get("db")));
  if (Status s = catalog.Load(); !s.ok()) return Fail(s, err);

  serve::DeadlineServer svr;
  serve::ApplyLimits(svr, threads);
  graph::Mutex write_mu;
  serve::Routes(svr, catalog, config, write_mu);

  std::string bind = args.Get("bind");
  int bound =
      port == 0 ? svr.bind_to_any_port(bind) : (svr.bind_to_port(bind, port) ? port : -1);
  if (bound < 0) {
    return Fail(
        Status::IOError("serve: cannot listen on " + bind + ":" + std::to_string(port)),
        err);
  }
  out << "litgraph: serving " << catalog.dir() << " on http://" << bind << ":" << bound
      << "/ (writes " << (config.token.empty() ? "disabled" : "enabled") << ")"
      << std::endl;
  bool ok = false;
  stopper.Start(svr);
  ok = svr.listen_after_bind();
  out << "litgraph: stopped" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace lg::tools
