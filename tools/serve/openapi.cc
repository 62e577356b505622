#include "tools/serve/openapi.h"

namespace lg::serve {
namespace {

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
   {"name":"max_evidence","in":"query","schema":{"type":"integer","minimum":0,"default":5}},
   {"name":"limit","in":"query","description":"agents listed, best first; 0 for all","schema":{"type":"integer","minimum":0,"default":50}},
   {"name":"offset","in":"query","description":"ranked agents skipped before the list (paging); the answer's total counts them all","schema":{"type":"integer","minimum":0,"default":0}}],
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

}  // namespace

std::string_view OpenApiJson() { return kOpenApi; }

}  // namespace lg::serve
