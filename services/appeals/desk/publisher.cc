#include "services/appeals/desk/publisher.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/absl_view.h"

namespace cs::appeals {

std::string PublishRequest::IdempotencyKey() const {
  return absl::StrCat(appeal_id, ":v", version, ":", version_sha256.substr(0, 16));
}

absl::StatusOr<PublishResult> OutboxPublisher::Publish(const PublishRequest& request) {
  if (request.status_text.empty()) {
    return absl::InvalidArgumentError("status_text: must not be empty");
  }
  return PublishResult{PublishOutcome::kQueued, "", ""};
}

absl::Status ValidateWeiboPostUrl(std::string_view url, std::string_view field) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(Av(field), ": ", Av(why)));
  };
  if (url.size() > 2048) return bad("longer than 2048 characters");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return bad("contains a space, control or non-ASCII character");
    }
  }
  constexpr std::string_view kScheme = "https://";
  if (url.size() < kScheme.size() ||
      !absl::EqualsIgnoreCase(Av(url.substr(0, kScheme.size())), Av(kScheme))) {
    return bad("must start with https://");
  }
  std::string_view rest = url.substr(kScheme.size());
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return bad("must not contain user info");
  std::string host = absl::AsciiStrToLower(Av(authority));
  if (size_t colon = host.find(':'); colon != std::string::npos) {
    if (host.substr(colon + 1) != "443") return bad("must use the default https port");
    host.resize(colon);
  }
  if (!host.empty() && host.back() == '.') host.pop_back();  // "weibo.com." is the same host
  const bool weibo = host == "weibo.com" || host == "weibo.cn" ||
                     absl::EndsWith(host, ".weibo.com") || absl::EndsWith(host, ".weibo.cn");
  if (!weibo) return bad("host must be weibo.com or weibo.cn");
  if (end == std::string_view::npos || rest.size() <= end + 1) {
    return bad("must name a post (a path after the host)");
  }
  return absl::OkStatus();
}

}  // namespace cs::appeals
