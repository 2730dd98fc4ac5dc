#include "services/appeals/weibo_inbox_http.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/http/curl_http.h"

namespace cs::appeals {
namespace {

namespace pb = google::protobuf;

struct HttpAnswer {
  bool reached = false;     // an HTTP answer came back
  bool never_sent = false;  // the request surely never left
  long status = 0;
  std::string body;
  Duration retry_after{};
  std::string error;
};

// Retry-After in seconds (Weibo sends no HTTP dates), capped at a day; zero when absent.
Duration RetryAfterOf(const std::map<std::string, std::string>& headers) {
  auto it = headers.find("retry-after");
  int64_t seconds = 0;
  if (it == headers.end() || !absl::SimpleAtoi(it->second, &seconds) || seconds <= 0) {
    return Duration{};
  }
  return std::chrono::seconds(std::min<int64_t>(seconds, 86400));
}

// One request. `form` empty: GET; otherwise POST application/x-www-form-urlencoded.
HttpAnswer Call(const std::string& url, const std::string& token,
                const std::vector<std::pair<std::string, std::string>>& form, long timeout_ms) {
  HttpRequest request;
  request.url = url;
  request.headers = {"Authorization: OAuth2 " + token};
  request.form = form;
  request.timeout_ms = timeout_ms;
  HttpResponse r = PerformHttp(request);
  HttpAnswer a;
  a.reached = r.reached;
  a.never_sent = r.never_sent;
  a.status = r.status;
  a.body = std::move(r.body);
  a.retry_after = RetryAfterOf(r.headers);
  a.error = std::move(r.error);
  return a;
}

std::string StringField(const pb::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end()) return "";
  const pb::Value& v = it->second;
  if (v.kind_case() == pb::Value::kStringValue) return v.string_value();
  if (v.kind_case() == pb::Value::kNumberValue) {
    // Numbers past 2^53 lose digits as doubles: only the *idstr fields are trusted for ids.
    return absl::StrCat(static_cast<int64_t>(std::llround(v.number_value())));
  }
  return "";
}

const pb::Struct* StructField(const pb::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end() || it->second.kind_case() != pb::Value::kStructValue) return nullptr;
  return &it->second.struct_value();
}

// Weibo's "Fri Jul 08 15:48:42 +0800 2011".
TimePoint ParseCreatedAt(const std::string& text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%a %b %d %H:%M:%S %z %Y", text, &t, &err)) return TimePoint{};
  return absl::ToChronoTime(t);
}

// The answer's error_code ("" when it has none or is not JSON).
std::string ErrorCodeOf(const std::string& body, pb::Struct* parsed) {
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!pb::util::JsonStringToMessage(body, parsed, options).ok()) return "";
  return StringField(*parsed, "error_code");
}

WeiboCall CallOutcome(const HttpAnswer& a, pb::Struct* parsed) {
  const std::string code = a.reached ? ErrorCodeOf(a.body, parsed) : "";
  WeiboCall call = ClassifyWeiboAnswer(a.reached, a.status, code, a.retry_after);
  call.never_sent = a.never_sent;
  if (!a.reached) call.detail = a.error;
  return call;
}

WeiboItem ItemFrom(WeiboSource source, const pb::Struct& s) {
  WeiboItem item;
  item.source = source;
  item.id = StringField(s, "idstr");
  if (item.id.empty()) item.id = StringField(s, "id");
  item.text = StringField(s, "text");
  item.created_at = ParseCreatedAt(StringField(s, "created_at"));
  const pb::Struct* user = StructField(s, source == WeiboSource::kDirectMessage ? "sender" : "user");
  if (user != nullptr) {
    item.sender_uid = StringField(*user, "idstr");
    if (item.sender_uid.empty()) item.sender_uid = StringField(*user, "id");
    item.sender_name = StringField(*user, "screen_name");
  }
  if (item.sender_uid.empty()) item.sender_uid = StringField(s, "sender_id");
  if (item.sender_name.empty()) item.sender_name = StringField(s, "sender_screen_name");
  if (source == WeiboSource::kMention) {
    item.status_id = item.id;
  } else if (const pb::Struct* status = StructField(s, "status")) {
    item.status_id = StringField(*status, "idstr");
    if (item.status_id.empty()) item.status_id = StringField(*status, "id");
  }
  return item;
}

}  // namespace

WeiboInboxHttp::WeiboInboxHttp(WeiboInboxHttpConfig config) : config_(std::move(config)) {}

WeiboPage WeiboInboxHttp::Fetch(WeiboSource source, const std::string& since_id,
                                const std::string& token) {
  const std::string* path = &config_.direct_messages_path;
  const char* list = "direct_messages";
  if (source == WeiboSource::kMention) {
    path = &config_.mentions_path;
    list = "statuses";
  } else if (source == WeiboSource::kComment) {
    path = &config_.comments_path;
    list = "comments";
  }
  std::string url = absl::StrCat(config_.base_url, *path, "?count=", config_.page_size);
  if (!since_id.empty()) absl::StrAppend(&url, "&since_id=", since_id);  // digits only
  HttpAnswer a = Call(url, token, {}, config_.timeout_ms);
  pb::Struct parsed;
  WeiboPage page;
  page.call = CallOutcome(a, &parsed);
  if (page.call.outcome != WeiboOutcome::kOk) return page;
  auto it = parsed.fields().find(list);
  if (parsed.fields().empty() ||
      (it != parsed.fields().end() && it->second.kind_case() != pb::Value::kListValue)) {
    page.call.outcome = WeiboOutcome::kUnavailable;  // a 200 we cannot read: try again later
    page.call.detail = absl::StrCat("HTTP 200 without a readable ", list, " list");
    return page;
  }
  if (it == parsed.fields().end()) return page;  // nothing new
  for (const auto& v : it->second.list_value().values()) {
    if (v.kind_case() != pb::Value::kStructValue) continue;
    page.items.push_back(ItemFrom(source, v.struct_value()));
  }
  return page;
}

WeiboSendResult WeiboInboxHttp::Send(const WeiboReplyTarget& target, const std::string& text,
                                     const std::string& token) {
  std::string url;
  std::vector<std::pair<std::string, std::string>> form;
  switch (target.source) {
    case WeiboSource::kDirectMessage:
      url = config_.base_url + config_.send_message_path;
      form = {{"uid", target.sender_uid}, {"text", text}};
      break;
    case WeiboSource::kComment:
      url = config_.base_url + config_.reply_comment_path;
      form = {{"cid", target.weibo_id}, {"id", target.status_id}, {"comment", text}};
      break;
    case WeiboSource::kMention:
      url = config_.base_url + config_.create_comment_path;
      form = {{"id", target.status_id}, {"comment", text}};
      break;
  }
  HttpAnswer a = Call(url, token, form, config_.timeout_ms);
  pb::Struct parsed;
  WeiboSendResult result;
  result.call = CallOutcome(a, &parsed);
  if (result.call.outcome == WeiboOutcome::kOk) {
    result.reply_id = StringField(parsed, "idstr");
    if (result.reply_id.empty()) result.reply_id = StringField(parsed, "id");
  }
  return result;
}

}  // namespace cs::appeals
