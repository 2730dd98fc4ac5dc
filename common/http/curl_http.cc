#include "common/http/curl_http.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>

namespace cs {
namespace {

size_t AppendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t KeepHeader(char* data, size_t size, size_t n, void* out) {
  const std::string_view line(data, size * n);
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
      value.remove_prefix(1);
    }
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
      value.remove_suffix(1);
    }
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = std::string(value);
  }
  return size * n;
}

// Failures before a connection exists prove that nothing reached the server.
bool NeverSent(CURLcode rc) {
  return rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
         rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_UNSUPPORTED_PROTOCOL ||
         rc == CURLE_URL_MALFORMAT;
}

}  // namespace

HttpResponse PerformHttp(const HttpRequest& request) {
  // curl_global_init is not thread-safe itself; a function-local static makes it once-only.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
  HttpResponse r;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    r.never_sent = true;
    r.error = "curl_easy_init failed";
    return r;
  }
  curl_slist* list = nullptr;
  for (const auto& h : request.headers) {
    curl_slist* grown = curl_slist_append(list, h.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      r.never_sent = true;
      r.error = "out of memory for headers";
      return r;
    }
    list = grown;
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, curl_slist_free_all);
  std::string form_body;
  for (const auto& [k, v] : request.form) {
    std::unique_ptr<char, decltype(&curl_free)> escaped(
        curl_easy_escape(curl.get(), v.data(), static_cast<int>(v.size())), curl_free);
    form_body += (form_body.empty() ? "" : "&") + k + "=" + (escaped ? escaped.get() : "");
  }
  std::unique_ptr<curl_mime, decltype(&curl_mime_free)> mime(nullptr, curl_mime_free);
  if (!request.multipart.empty()) {
    mime.reset(curl_mime_init(curl.get()));
    for (const auto& p : request.multipart) {
      curl_mimepart* part = curl_mime_addpart(mime.get());
      curl_mime_name(part, p.name.c_str());
      curl_mime_data(part, p.data.data(), p.data.size());
      if (!p.filename.empty()) curl_mime_filename(part, p.filename.c_str());
      if (!p.mime_type.empty()) curl_mime_type(part, p.mime_type.c_str());
    }
  }
  curl_easy_setopt(curl.get(), CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  if (mime) {
    curl_easy_setopt(curl.get(), CURLOPT_MIMEPOST, mime.get());
  } else if (!request.form.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form_body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(form_body.size()));
  }
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, &KeepHeader);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &r.headers);
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    r.never_sent = NeverSent(rc);
    r.error = curl_easy_strerror(rc);
    return r;
  }
  r.reached = true;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

}  // namespace cs
