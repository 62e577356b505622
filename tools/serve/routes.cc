#include "tools/serve/routes.h"

#include <ostream>
#include <streambuf>
#include <string_view>
#include <vector>

#include "graph/clock.h"
#include "ingest/text.h"
#include "query/complete.h"
#include "query/curation_file.h"
#include "query/export.h"
#include "query/export_formats.h"
#include "query/format.h"
#include "query/json_out.h"
#include "query/params.h"
#include "tools/serve/http_server.h"
#include "tools/serve/openapi.h"

namespace lg::serve {
namespace {

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
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kFailedPrecondition:
      return 409;
    default:
      return 500;
  }
}

// The status as an error reply; for an unknown entity `surface`, with the
// view's suggestions.
void StatusReply(httplib::Response& res, const Status& status,
                 const graph::View* view = nullptr, std::string_view surface = {}) {
  std::vector<std::string> suggestions;
  if (view && status.code() == Status::Code::kNotFound)
    suggestions = view->Suggest(surface, 5);
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
  explicit SinkBuf(httplib::DataSink& sink) : sink_(sink) {
    setp(buf_, buf_ + sizeof(buf_));
  }
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

void JsonReply(httplib::Response& res, std::string body) {
  res.set_content(std::move(body), kJsonType);
}

// Writes answer only to the configured token; on false the reply is made.
bool Authorized(const ServeConfig& config, const httplib::Request& req,
                httplib::Response& res) {
  if (config.token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    ErrorReply(res, 401,
               "serve: writes are disabled; start the server with --token-file FILE");
    return false;
  }
  if (!ConstantTimeEquals(req.get_header_value("Authorization"),
                          "Bearer " + config.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    ErrorReply(res, 401, "serve: missing or wrong 'Authorization: Bearer' token");
    return false;
  }
  return true;
}

}  // namespace

void Routes(httplib::Server& svr, Catalog& catalog, const ServeConfig& config,
            graph::Mutex& write_mu) {
  svr.Get("/v1/agents", [&](const httplib::Request& req, httplib::Response& res) {
    auto params = query::ParseAgentsParams(Params(req));
    if (!params.ok()) return StatusReply(res, params.status());
    auto snap = catalog.Get();
    auto result = query::Agents(snap->view(), params->target, params->options);
    if (!result.ok())
      return StatusReply(res, result.status(), &snap->view(), params->target);
    JsonReply(res, query::AgentsJson(*result));
  });

  svr.Get(R"(/v1/entities/(.+))",
          [&](const httplib::Request& req, httplib::Response& res) {
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
    auto result =
        query::FindPaths(snap->view(), params->from, params->to,
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
    if (!result.ok())
      return StatusReply(res, result.status(), &snap->view(), params->entity);
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
    j.Key("facts").Uint(snap->view().num_facts());
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
    res.set_chunked_content_provider(type,
                                     [snap, write](size_t, httplib::DataSink& sink) {
                                       {
                                         SinkBuf buf(sink);
                                         std::ostream out(&buf);
                                         // A failure here means the client went away:
                                         // nothing is left to tell.
                                         write(*snap->store, out).IgnoreError();
                                         out.flush();
                                       }
                                       sink.done();
                                       return true;
                                     });
  });

  svr.Get("/v1/openapi.json", [&](const httplib::Request&, httplib::Response& res) {
    JsonReply(res, std::string(OpenApiJson()));
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
    plan.time = graph::NowUtcIso();
    plan.origin = "serve: curation: request body";
    graph::MutexLock lock(&write_mu);
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
    if (req.body.empty())
      return ErrorReply(res, 400, "serve: ingest: the request body is empty");
    ingest::IngestOptions options;
    options.source_id = *source_id;
    auto data = config.pipeline->ExtractBytes(*source_id, req.body, options);
    if (!data.ok()) return StatusReply(res, data.status());
    graph::MutexLock lock(&write_mu);
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
      auto body = ingest::ReadFileBytes(config.web_dir + "/" + rel);
      if (!body.ok()) {
        return ErrorReply(res, 404,
                          "serve: " + config.web_dir + "/" + rel +
                              " is missing (run tools/install_deps.sh)");
      }
      res.set_content(std::move(body).value(), type);
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
  file("/cose-base.js", "node_modules/cose-base/cose-base.js",
       "text/javascript; charset=utf-8");
  file("/cytoscape-fcose.js", "node_modules/cytoscape-fcose/cytoscape-fcose.js",
       "text/javascript; charset=utf-8");

  // Everything httplib answers by itself (unknown route 404, 413, 400) as JSON.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;  // ours
        std::string message;
        if (res.status == 404) {
          message = "serve: no endpoint " + req.method + " " + req.path;
        } else if (res.status == 413) {
          message =
              "serve: request body larger than " + std::to_string(kMaxBody) + " bytes";
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

}  // namespace lg::serve
