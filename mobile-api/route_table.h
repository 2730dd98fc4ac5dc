// The one table of every HTTP route the gateway serves: method, path template, which roles may
// call it, and the proto messages of its body and answer. Role checks, the OpenAPI document and
// docs/api.md all come from this table, so they cannot disagree with each other.
//
// Path templates use OpenAPI's form: /v1/cases/{case_id}. A parameter matches one path segment
// of id characters [A-Za-z0-9._:-] (1..64), the id rule of common.proto.
//
// Thread-safety: immutable after static initialisation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mobile-api/roles.h"

namespace cs::api {

enum class BodyKind {
  kNone,    // no body is read
  kJson,    // application/json, small (api.limits.json_body_bytes)
  kReport,  // application/json or multipart/form-data with photos (api.limits.report_body_bytes)
};

struct Route {
  std::string method;       // "GET", "POST", "PUT"
  std::string path;         // "/v1/cases/{case_id}"
  RoleSet roles = kPublic;  // kPublic: no token needed
  BodyKind body = BodyKind::kNone;
  std::string request_type;   // full proto name of the JSON body, empty when none
  std::string response_type;  // full proto name of the answer, empty for non-JSON answers
  std::string content_type = "application/json";  // of a success answer
  std::string summary;
  std::vector<std::string> query;  // documented query parameters
  bool sse = false;                // text/event-stream
  // Accepts an Idempotency-Key header (idempotency.h): every POST that changes something.
  bool idempotent = false;

  std::string Key() const { return method + " " + path; }
  bool Allows(Role role) const { return (roles & Bit(role)) != 0; }
  bool Public() const { return roles == kPublic; }
};

const std::vector<Route>& AllRoutes();

// The route whose template matches `method` and `path`, with its path parameters; nullopt when
// none does. Routes under /v1/ only (static files and /metrics are separate).
struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};
std::optional<RouteMatch> MatchRoute(std::string_view method, std::string_view path);

// The route with this exact key ("GET /v1/cases/{case_id}"), or nullptr.
const Route* FindRoute(std::string_view key);

// The regular expression httplib registers for a template ("/v1/cases/([A-Za-z0-9._:-]{1,64})").
std::string PathRegex(const std::string& path_template);
// The parameter names of a template, in order.
std::vector<std::string> PathParams(const std::string& path_template);

}  // namespace cs::api
