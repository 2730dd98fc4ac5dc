// One HTTP request with libcurl, set up the one way every caller needs it: no signals (safe in
// threaded servers), a total timeout, headers of our own, the body kept, the response headers
// kept (lower-case names), and a failure told apart by whether the request can have reached the
// server (a caller that must not post twice needs to know).
//
// Example:
//   cs::HttpRequest req{.url = base + "/2/statuses/share.json",
//                       .headers = {"Authorization: OAuth2 " + token}};
//   req.form = {{"status", text}};
//   cs::HttpResponse r = cs::PerformHttp(req);
//   if (!r.reached) return r.never_sent ? Retry() : CheckBeforeRetry();
//
// Thread-safety: PerformHttp may be called from any thread (curl_global_init runs once).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cs {

struct HttpFormPart {  // one part of a multipart/form-data body
  std::string name;
  std::string_view data;  // not copied: must outlive the call
  std::string filename;   // empty: a plain field
  std::string mime_type;  // empty: curl's default
};

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  // POST application/x-www-form-urlencoded when non-empty (values are escaped here).
  std::vector<std::pair<std::string, std::string>> form;
  // POST multipart/form-data when non-empty. Neither: GET.
  std::vector<HttpFormPart> multipart;
  long timeout_ms = 5000;
};

struct HttpResponse {
  bool reached = false;     // an HTTP answer came back (any status)
  bool never_sent = false;  // it failed before any connection existed: nothing reached the server
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case name -> value, trimmed
  std::string error;        // curl's description when !reached
};

HttpResponse PerformHttp(const HttpRequest& request);

}  // namespace cs
