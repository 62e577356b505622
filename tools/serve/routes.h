// The endpoints of `litgraph serve`: the queries of the CLI as an HTTP/1.1
// JSON API under /v1/, the web page at /, and (with a token) the write
// endpoints POST /v1/ingest and POST /v1/curation. Responses are the exact
// text of `litgraph <query> --json` (query/format.h); errors are
// {"error":{"code":N,"message":"..."}} (404s for unknown entities add
// "suggestions"). Every endpoint is described by OpenApiJson (openapi.h).
//
// Thread-safety: the handlers run on the server's request threads; reads go
// through the Catalog, writes are serialised by the write mutex.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "graph/mutex.h"
#include "ingest/pipeline.h"
#include "tools/serve/catalog.h"

namespace lg::serve {

struct ServeConfig {
  std::string token;  // empty: writes disabled
  std::string web_dir;
  std::unique_ptr<ingest::Pipeline> pipeline;  // only with a token
};

// Adds every endpoint to `svr`, and error handlers that answer in JSON.
// `catalog`, `config` and `write_mu` must outlive the server; `write_mu` is
// held while a request writes to the store.
void Routes(httplib::Server& svr, Catalog& catalog, const ServeConfig& config,
            graph::Mutex& write_mu);

}  // namespace lg::serve
