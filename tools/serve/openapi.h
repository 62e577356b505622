// The OpenAPI 3 description of `litgraph serve`'s endpoints, served at
// GET /v1/openapi.json. Keep it in step with tools/serve/routes.cc and the
// parameter parsers of query/params.h (server_test checks every path).
#pragma once

#include <string_view>

namespace lg::serve {

std::string_view OpenApiJson();

}  // namespace lg::serve
