#include "mobile-api/problem.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>

#include "common/grpc/status_convert.h"
#include "crowdsafe/v1/common.pb.h"

namespace cs::api {

std::string Problem::Json() const {
  google::protobuf::Struct doc;
  auto& f = *doc.mutable_fields();
  f["type"].set_string_value("about:blank");
  f["title"].set_string_value(title.empty() ? TitleOf(status) : title);
  f["status"].set_number_value(status);
  f["detail"].set_string_value(detail);
  if (!field.empty()) f["field"].set_string_value(field);
  if (!missing.empty()) {
    auto* list = f["missing"].mutable_list_value();
    for (const auto& m : missing) list->add_values()->set_string_value(m);
  }
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(doc, &out);
  return out;
}

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

std::string TitleOf(int s) {
  switch (s) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return s >= 500 ? "Internal Server Error" : "Error";
  }
}

Problem ProblemForHttplibError(int status, const std::string& /*method*/, const std::string& path) {
  switch (status) {
    case 413:
      return MakeProblem(413, "body too large", "body");
    case 414:
      // httplib's CPPHTTPLIB_REQUEST_URI_MAX_LENGTH; the target itself is not echoed.
      return MakeProblem(414, "the request line is longer than 8192 bytes", "path");
    case 404:
      // The method and path are the caller's own input: named, never echoed.
      if (!path.empty()) return MakeProblem(404, "no such route for this method and path", "path");
      break;
    case 400:
      return MakeProblem(400, "the request line or a header could not be read");
    default:
      break;
  }
  return MakeProblem(status, TitleOf(status));
}

std::string JsonFieldPath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    char next = i + 1 < path.size() ? path[i + 1] : '\0';
    if (path[i] == '_' && !out.empty() && std::islower(static_cast<unsigned char>(next))) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(next))));
      ++i;
    } else {
      out.push_back(path[i]);
    }
  }
  return out;
}

namespace {

// The field and the detail's "<field>: " prefix, in the JSON spelling.
void UseJsonSpelling(Problem& p) {
  if (p.field.empty()) return;
  std::string json = JsonFieldPath(p.field);
  if (p.detail.rfind(p.field, 0) == 0) p.detail = json + p.detail.substr(p.field.size());
  p.field = std::move(json);
}

}  // namespace

Problem MakeProblem(int http_status, std::string detail, std::string field) {
  Problem p;
  p.status = http_status;
  p.title = TitleOf(http_status);
  p.detail = std::move(detail);
  p.field = std::move(field);
  return p;
}

namespace {

// The field as the status names it (a proto path, or a header or query parameter).
Problem FromStatusAsNamed(const grpc::Status& status) {
  Problem p = MakeProblem(HttpStatusOf(status.error_code()), status.error_message());
  crowdsafe::v1::ErrorDetails details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details()) &&
      details.violations_size() > 0) {
    p.field = details.violations(0).field();
  } else {
    p.field = FieldOf(status.error_message());
  }
  if (p.detail.empty()) p.detail = p.title;
  return p;
}

}  // namespace

Problem FromGrpc(const grpc::Status& status, const std::vector<std::string>& as_sent) {
  // A service names fields of the request body by proto path; the client wrote JSON.
  Problem p = FromStatusAsNamed(status);
  if (std::find(as_sent.begin(), as_sent.end(), p.field) == as_sent.end()) UseJsonSpelling(p);
  return p;
}

Problem FromStatus(const absl::Status& status) {
  grpc::Status g(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
  Problem p = FromStatusAsNamed(g);
  // The gateway's own messages may name a header ("Last-Event-ID: ..."), which the services'
  // field-path rule does not allow for.
  if (p.field.empty()) {
    const std::string message(status.message());
    std::string_view m = message;
    auto colon = m.find(": ");
    bool ok = colon != std::string_view::npos && colon > 0;
    for (size_t i = 0; ok && i < colon; ++i) {
      char c = m[i];
      ok = isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '[' ||
           c == ']';
    }
    if (ok) p.field = std::string(m.substr(0, colon));
  }
  return p;
}

}  // namespace cs::api
