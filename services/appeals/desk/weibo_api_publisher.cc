#include "services/appeals/desk/weibo_api_publisher.h"

#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/http/curl_http.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/absl_view.h"

namespace cs::appeals {
namespace {

// A key/value seen while scanning JSON: enough to read Weibo's flat responses without a full
// parser. Only string and number values of the named keys are kept, in document order.
struct JsonField {
  std::string key;
  std::string value;
};

// Reads a JSON string starting at body[i] == '"'; returns the index after the closing quote.
size_t ReadJsonString(std::string_view body, size_t i, std::string& out) {
  out.clear();
  ++i;
  while (i < body.size() && body[i] != '"') {
    char c = body[i];
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (++i >= body.size()) break;
    char e = body[i++];
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        auto hex4 = [&](size_t at, char32_t& v) {
          if (at + 4 > body.size()) return false;
          v = 0;
          for (size_t k = at; k < at + 4; ++k) {
            char h = body[k];
            v <<= 4;
            if (h >= '0' && h <= '9')
              v |= h - '0';
            else if (h >= 'a' && h <= 'f')
              v |= h - 'a' + 10;
            else if (h >= 'A' && h <= 'F')
              v |= h - 'A' + 10;
            else
              return false;
          }
          return true;
        };
        char32_t cp = 0;
        if (!hex4(i, cp)) return body.size();
        i += 4;
        char32_t low = 0;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= body.size() && body[i] == '\\' &&
            body[i + 1] == 'u' && hex4(i + 2, low) && low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        AppendUtf8(cp, out);
        break;
      }
      default:
        out.push_back(e);  // \" \\ \/
    }
  }
  return i + 1;
}

std::vector<JsonField> ScanJson(std::string_view body, const std::vector<std::string>& keys) {
  std::vector<JsonField> fields;
  std::string token;
  size_t i = 0;
  while (i < body.size()) {
    if (body[i] != '"') {
      ++i;
      continue;
    }
    i = ReadJsonString(body, i, token);
    size_t j = i;
    while (j < body.size() && absl::ascii_isspace(static_cast<unsigned char>(body[j]))) ++j;
    if (j >= body.size() || body[j] != ':') continue;  // a value, not a key
    bool wanted = false;
    for (const auto& k : keys) wanted = wanted || k == token;
    ++j;
    while (j < body.size() && absl::ascii_isspace(static_cast<unsigned char>(body[j]))) ++j;
    if (!wanted || j >= body.size()) {
      i = j;
      continue;
    }
    std::string value;
    if (body[j] == '"') {
      i = ReadJsonString(body, j, value);
    } else {
      size_t k = j;
      while (k < body.size() &&
             (absl::ascii_isdigit(static_cast<unsigned char>(body[k])) || body[k] == '-')) {
        ++k;
      }
      value = std::string(body.substr(j, k - j));
      i = k;
    }
    fields.push_back({token, std::move(value)});
  }
  return fields;
}

// Whitespace and URLs removed: Weibo rewrites links to t.cn short links in returned text, so a
// status is recognised by its words, not its links.
std::string NormaliseForMatch(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (absl::StartsWithIgnoreCase(Av(text.substr(i)), "http://") ||
        absl::StartsWithIgnoreCase(Av(text.substr(i)), "https://")) {
      while (i < text.size() && !absl::ascii_isspace(static_cast<unsigned char>(text[i]))) ++i;
      continue;
    }
    if (!absl::ascii_isspace(static_cast<unsigned char>(text[i]))) out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string WeiboErrorCode(std::string_view body) {
  for (const auto& f : ScanJson(body, {"error_code"})) return f.value;
  return "none";
}

}  // namespace

std::optional<PublishRecord> InMemoryPublishLedger::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.find(key);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

absl::Status InMemoryPublishLedger::Put(const std::string& key, const PublishRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  records_[key] = record;
  return absl::OkStatus();
}

absl::Status ValidateShareStatus(std::string_view status, std::string_view safe_domain) {
  if (safe_domain.empty()) return absl::FailedPreconditionError("safe_domain: not configured");
  if (status.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return absl::InvalidArgumentError("status: must not be empty");
  }
  if (status.size() > 8000) return absl::InvalidArgumentError("status: longer than 8000 bytes");
  // A #topic# is text between two hash marks, ASCII '#' or full-width '＃' (U+FF03).
  int hashes = 0;
  bool text_since_hash = false;
  for (char32_t cp : DecodeUtf8(status)) {
    if (cp == U'#' || cp == 0xFF03) {
      if (hashes > 0 && text_since_hash) {
        return absl::InvalidArgumentError(
            "status: contains a #topic#, which statuses/share refuses");
      }
      ++hashes;
      text_since_hash = false;
    } else if (hashes > 0 && cp != U' ') {
      text_since_hash = true;
    }
  }
  // The link must be on the safe domain itself (or a subdomain): host ends at / ? # : or space.
  const std::string domain = absl::AsciiStrToLower(Av(safe_domain));
  const std::string lower = absl::AsciiStrToLower(Av(status));
  for (std::string_view scheme : {"https://", "http://"}) {
    size_t at = 0;
    while ((at = lower.find(scheme, at)) != std::string::npos) {
      at += scheme.size();
      size_t end = lower.find_first_of("/?#: \t\r\n", at);
      std::string_view host = std::string_view(lower).substr(
          at, end == std::string::npos ? std::string::npos : end - at);
      if (host == domain || absl::EndsWith(Av(host), absl::StrCat(".", domain))) {
        return absl::OkStatus();
      }
    }
  }
  return absl::InvalidArgumentError("status: must contain a link on the configured safe domain");
}

WeiboApiPublisher::WeiboApiPublisher(WeiboApiConfig config, PublishLedger* ledger)
    : config_(std::move(config)), ledger_(ledger) {}

WeiboApiPublisher::HttpResult WeiboApiPublisher::PostShare(const PublishRequest& request,
                                                           const std::string& token) const {
  HttpRequest http;
  http.url = config_.base_url + config_.share_path;
  http.headers = {"Authorization: OAuth2 " + token};
  http.multipart = {{"access_token", token, "", ""}, {"status", request.status_text, "", ""}};
  if (request.image != nullptr) {
    http.multipart.push_back(
        {"pic", request.image->bytes, request.image->filename, request.image->mime_type});
  }
  http.timeout_ms = config_.timeout_ms;
  HttpResponse answer = PerformHttp(http);
  // Only failures before the connection exists prove the request never reached the server.
  return {answer.reached || !answer.never_sent, answer.status, std::move(answer.body),
          std::move(answer.error)};
}

WeiboApiPublisher::HttpResult WeiboApiPublisher::GetTimeline(const std::string& token) const {
  HttpRequest http;
  // The token goes in a header, never in the URL, so it cannot end up in access logs.
  http.url = config_.base_url + config_.timeline_path + "?count=50";
  http.headers = {"Authorization: OAuth2 " + token};
  http.timeout_ms = config_.timeout_ms;
  HttpResponse answer = PerformHttp(http);
  return {answer.reached, answer.status, std::move(answer.body), std::move(answer.error)};
}

absl::StatusOr<std::string> WeiboApiPublisher::FindOnTimeline(const std::string& status,
                                                              const std::string& token) const {
  HttpResult r = GetTimeline(token);
  if (!r.sent || r.code != 200) {
    return absl::UnavailableError(
        absl::StrCat("an earlier post attempt is ambiguous and the timeline check failed (",
                     r.sent ? absl::StrCat("HTTP ", r.code) : r.error, "); not re-posting"));
  }
  // Each status lists its idstr before its text; a text match takes the nearest idstr before.
  const std::string want = NormaliseForMatch(status);
  std::string last_id;
  for (const auto& f : ScanJson(r.body, {"idstr", "text"})) {
    if (f.key == "idstr") {
      last_id = f.value;
    } else if (!last_id.empty() && NormaliseForMatch(f.value) == want) {
      return last_id;
    }
  }
  return std::string();
}

absl::StatusOr<PublishResult> WeiboApiPublisher::Publish(const PublishRequest& request) {
  if (request.appeal_id.empty()) return absl::InvalidArgumentError("appeal_id: must not be empty");
  if (auto s = ValidateShareStatus(request.status_text, config_.safe_domain); !s.ok()) return s;
  const char* env = std::getenv(config_.token_env.c_str());
  if (env == nullptr || *env == '\0') {
    return absl::FailedPreconditionError(
        absl::StrCat(config_.token_env, ": Weibo access token is not set in the environment"));
  }
  const std::string token = env;
  const std::string key = request.IdempotencyKey();
  auto posted = [](const std::string& id) {
    return PublishResult{PublishOutcome::kPosted, id, "https://m.weibo.cn/detail/" + id};
  };

  const std::optional<PublishRecord> previous = ledger_->Get(key);
  PublishRecord record = previous.value_or(PublishRecord{});
  if (record.state == PublishRecord::State::kPosted) return posted(record.post_id);
  if (previous.has_value() && (record.state == PublishRecord::State::kInFlight ||
                               record.state == PublishRecord::State::kAmbiguous)) {
    // A previous call (or a crashed process) may have posted: look before posting again.
    auto found = FindOnTimeline(request.status_text, token);
    if (!found.ok()) return found.status();
    if (!found->empty()) {
      record.state = PublishRecord::State::kPosted;
      record.post_id = *found;
      if (auto s = ledger_->Put(key, record); !s.ok()) return s;
      return posted(*found);
    }
  }

  std::string last_error = "no attempt made";
  for (int attempt = 0; attempt < config_.max_attempts; ++attempt) {
    record.state = PublishRecord::State::kInFlight;
    ++record.attempts;
    // Written before sending, so a crash during the request is seen as ambiguous on restart.
    if (auto s = ledger_->Put(key, record); !s.ok()) return s;
    HttpResult r = PostShare(request, token);
    if (r.sent && r.code == 200) {
      std::string id;
      for (const auto& f : ScanJson(r.body, {"idstr", "id"})) {
        if (id.empty() || f.key == "idstr") id = f.value;
        if (f.key == "idstr") break;
      }
      if (id.empty()) {
        record.state = PublishRecord::State::kAmbiguous;
        (void)ledger_->Put(key, record);
        return absl::UnavailableError("Weibo answered 200 without a post id; not re-posting");
      }
      record.state = PublishRecord::State::kPosted;
      record.post_id = id;
      if (auto s = ledger_->Put(key, record); !s.ok()) return s;
      return posted(id);
    }
    if (!r.sent) {
      record.state = PublishRecord::State::kFailed;
      if (auto s = ledger_->Put(key, record); !s.ok()) return s;
      last_error = r.error;
      continue;  // never reached the server: safe to try again
    }
    if (r.code >= 400 && r.code < 500 && r.code != 408 && r.code != 429) {
      record.state = PublishRecord::State::kFailed;
      if (auto s = ledger_->Put(key, record); !s.ok()) return s;
      const std::string why = absl::StrCat("Weibo refused the post: HTTP ", r.code, ", error_code ",
                                           WeiboErrorCode(r.body));
      if (r.code == 401 || r.code == 403) return absl::PermissionDeniedError(why);
      return absl::FailedPreconditionError(why);
    }
    // 5xx, 408, 429, timeout, reset: the post may exist. Check before trying again.
    record.state = PublishRecord::State::kAmbiguous;
    if (auto s = ledger_->Put(key, record); !s.ok()) return s;
    last_error = r.code != 0 ? absl::StrCat("HTTP ", r.code) : r.error;
    auto found = FindOnTimeline(request.status_text, token);
    if (!found.ok()) return found.status();
    if (!found->empty()) {
      record.state = PublishRecord::State::kPosted;
      record.post_id = *found;
      if (auto s = ledger_->Put(key, record); !s.ok()) return s;
      return posted(*found);
    }
  }
  return absl::UnavailableError(
      absl::StrCat("Weibo post failed after ", config_.max_attempts, " attempts: ", last_error));
}

}  // namespace cs::appeals
