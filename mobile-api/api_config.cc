#include "mobile-api/api_config.h"

#include "common/photo/photo_limits_config.h"

#include <filesystem>
#include <set>

namespace cs::api {

void ParseApiSection(YamlReader& root, const std::string& config_file, ApiConfig& out) {
  std::string web_root = "../../web/dist";
  auto section = root.OptionalChild("api");
  if (section) {
    web_root = section->Optional<std::string>("web_root", web_root);
    out.token_ttl_s = section->Optional<int>("token_ttl_s", out.token_ttl_s);
    if (out.token_ttl_s < 1 || out.token_ttl_s > 7 * 86400) {
      section->Fail("token_ttl_s", "must be 1..604800");
    }
    out.request_timeout_ms = section->Optional<int>("request_timeout_ms", out.request_timeout_ms);
    if (out.request_timeout_ms < 100 || out.request_timeout_ms > 600000) {
      section->Fail("request_timeout_ms", "must be 100..600000");
    }
    out.header_timeout_ms = section->Optional<int>("header_timeout_ms", out.header_timeout_ms);
    if (out.header_timeout_ms < 100 || out.header_timeout_ms > 120000) {
      section->Fail("header_timeout_ms", "must be 100..120000");
    }
    out.header_gate = section->Optional<bool>("header_gate", out.header_gate);
    out.idle_timeout_s = section->Optional<int>("idle_timeout_s", out.idle_timeout_s);
    if (out.idle_timeout_s < 1 || out.idle_timeout_s > 300) {
      section->Fail("idle_timeout_s", "must be 1..300");
    }
    out.sse_streams_per_user =
        section->Optional<int>("sse_streams_per_user", out.sse_streams_per_user);
    if (out.sse_streams_per_user < 1 || out.sse_streams_per_user > 64) {
      section->Fail("sse_streams_per_user", "must be 1..64");
    }
    out.upstream_timeout_ms =
        section->Optional<int>("upstream_timeout_ms", out.upstream_timeout_ms);
    if (out.upstream_timeout_ms < 10 || out.upstream_timeout_ms > 600000) {
      section->Fail("upstream_timeout_ms", "must be 10..600000");
    }
    out.sse_keepalive_s = section->Optional<int>("sse_keepalive_s", out.sse_keepalive_s);
    if (out.sse_keepalive_s < 1 || out.sse_keepalive_s > 300) {
      section->Fail("sse_keepalive_s", "must be 1..300");
    }
    out.sse_max_streams = section->Optional<int>("sse_max_streams", out.sse_max_streams);
    if (out.sse_max_streams < 1 || out.sse_max_streams > 100000) {
      section->Fail("sse_max_streams", "must be 1..100000");
    }
    const int queue_kib = section->Optional<int>(
        "sse_queue_kib", static_cast<int>(out.sse_queue_bytes >> 10));
    if (queue_kib < 4 || queue_kib > 16384) section->Fail("sse_queue_kib", "must be 4..16384");
    out.sse_queue_bytes = static_cast<size_t>(queue_kib) << 10;
    out.threads = section->Optional<int>("threads", out.threads);
    if (out.threads < 2 || out.threads > 1024) section->Fail("threads", "must be 2..1024");
    out.listen_backlog = section->Optional<int>("listen_backlog", out.listen_backlog);
    if (out.listen_backlog < 16 || out.listen_backlog > 65535) {
      section->Fail("listen_backlog", "must be 16..65535");
    }
    if (auto limits = section->OptionalChild("limits")) {
      int json = limits->Optional<int>("json_body_bytes", static_cast<int>(out.json_body_bytes));
      int report =
          limits->Optional<int>("report_body_bytes", static_cast<int>(out.report_body_bytes));
      if (json < 1024 || json > (16 << 20))
        limits->Fail("json_body_bytes", "must be 1 KiB..16 MiB");
      if (report < 1024 || report > (64 << 20)) {
        limits->Fail("report_body_bytes", "must be 1 KiB..64 MiB");
      }
      out.json_body_bytes = static_cast<size_t>(std::max(json, 0));
      out.report_body_bytes = static_cast<size_t>(std::max(report, 0));
      if (auto photos = limits->OptionalChild("photos")) {
        photo::ParsePhotoLimits(*photos, out.photo_limits);
      }
    }
    if (auto rl = section->OptionalChild("rate_limits")) {
      auto positive = [&](const char* key, double fallback) {
        double v = rl->Optional<double>(key, fallback);
        if (!(v > 0)) rl->Fail(key, "must be > 0");
        return v;
      };
      out.login_per_minute_per_ip =
          positive("login_per_minute_per_ip", out.login_per_minute_per_ip);
      out.login_per_minute_per_user =
          positive("login_per_minute_per_user", out.login_per_minute_per_user);
      out.requests_per_s_per_token =
          positive("requests_per_s_per_token", out.requests_per_s_per_token);
      out.request_burst_per_token =
          positive("request_burst_per_token", out.request_burst_per_token);
    }
    // Reverse proxies in front of the gateway (addresses or CIDR ranges): only their
    // X-Forwarded-For is read, for the per-address login limits.
    auto proxies = TrustedProxies::Parse(section->ScalarSequence<std::string>("trusted_proxies"));
    if (proxies.ok()) {
      out.trusted_proxies = *std::move(proxies);
    } else {
      section->Fail("trusted_proxies", std::string(proxies.status().message()));
    }
    std::set<std::string> seen;
    for (auto& u : section->Sequence("users")) {
      User user;
      user.username = u.Required<std::string>("username");
      std::string role = u.Required<std::string>("role");
      if (auto r = ParseRole(role)) {
        user.role = *r;
      } else {
        u.Fail("role", "must be patrol, desk, press or admin");
      }
      user.zones = u.ScalarSequence<std::string>("zones");
      user.password_hash = u.Required<std::string>("password_hash");
      if (!IsArgon2idHash(user.password_hash)) {
        u.Fail("password_hash", "must be an argon2id hash (mobile-api --hash-password)");
      }
      // A literal password in a file would end up in git: refuse it outright.
      if (u.Has("password")) u.Fail("password", "store password_hash, never a password");
      if (user.username.empty() || !seen.insert(user.username).second) {
        u.Fail("username", "must be non-empty and unique");
      }
      out.users.push_back(std::move(user));
    }
  }
  std::filesystem::path p(web_root);
  out.web_root =
      p.is_absolute()
          ? web_root
          : (std::filesystem::path(config_file).parent_path() / p).lexically_normal().string();
}

}  // namespace cs::api
