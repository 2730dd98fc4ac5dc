// RFC 7807 problem documents: how every error of the gateway is answered, and how a gRPC status
// from a service becomes an HTTP status. A problem names the offending field when there is one
// (from the service's ErrorDetails, or the "<field>: " prefix of its message).
//
// Thread-safety: pure functions.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace cs::api {

struct Problem {
  int status = 500;
  std::string title;
  std::string detail;
  std::string field;  // the request field at fault, when known; never a personal value
  std::vector<std::string> missing;  // every required field absent (field is the first)

  std::string Json() const;
};

inline constexpr const char* kProblemContentType = "application/problem+json";

// The HTTP status for a gRPC code: INVALID_ARGUMENT 400, NOT_FOUND 404, ALREADY_EXISTS 409,
// FAILED_PRECONDITION 409, ABORTED 409, PERMISSION_DENIED 403, UNAUTHENTICATED 401,
// RESOURCE_EXHAUSTED 429, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, UNIMPLEMENTED 501, OUT_OF_RANGE
// 400, CANCELLED 499→503, others 500.
int HttpStatusOf(grpc::StatusCode code);
// The standard reason phrase ("Bad Request").
std::string TitleOf(int http_status);

// A proto field path as the JSON body spells it: "report.found_at" → "report.foundAt",
// "photos[0].content_type" → "photos[0].contentType". Header names pass unchanged.
std::string JsonFieldPath(std::string_view proto_path);

// A problem from a service's answer. Its field (and the "<field>: " prefix of the detail) is
// given in the JSON spelling, as the client sent it, except for the names in `as_sent` (the
// route's path and query parameters, spelled as in the URL: alert_id, page_size).
Problem FromGrpc(const grpc::Status& status, const std::vector<std::string>& as_sent = {});
// A problem from the gateway's own checks (same code mapping); the field is kept as named
// (query parameters such as page_size are spelled as in the URL).
Problem FromStatus(const absl::Status& status);
Problem MakeProblem(int http_status, std::string detail, std::string field = "");
// The problem for an error httplib answers by itself, before any route runs: 414 for a request
// line over its 8192-byte limit, 413 for a body over the payload limit, 404 for no route, 400
// for a request it could not read. `path` is empty when httplib could not read the line.
Problem ProblemForHttplibError(int http_status, const std::string& method, const std::string& path);

}  // namespace cs::api
