// The auth routes: login, logout and revocation (issue 16). Sessions are in the SessionStore
// (Redis in production), so each of these holds on every replica of the gateway at once.
//
// The logs name a session by its SessionRef (a prefix of its token's hash), never by its token
// or its user's name: a login line and the revocation that ended it carry the same ref.
#include <string>

#include "common/logging.h"
#include "crowdsafe/v1/api.pb.h"
#include "mobile-api/gateway.h"
#include "mobile-api/json_codec.h"

namespace cs::api {
namespace {

void Unavailable(httplib::Response& res, const std::string& what) {
  res.set_header("Retry-After", "1");
  res.status = 503;
  res.set_content(MakeProblem(503, what + " is unavailable; retry shortly").Json(),
                  kProblemContentType);
}

std::string Joined(const std::vector<std::string>& refs) {
  std::string out;
  for (const auto& r : refs) out += (out.empty() ? "" : ",") + r;
  return out;
}

}  // namespace

std::string Gateway::ClientIp(const httplib::Request& req) const {
  std::vector<std::string> forwarded;
  if (!api_.trusted_proxies.empty()) {
    const size_t n = req.get_header_value_count("X-Forwarded-For");
    for (size_t i = 0; i < n; ++i) forwarded.push_back(req.get_header_value("X-Forwarded-For", i));
  }
  return api_.trusted_proxies.ClientAddress(req.remote_addr, forwarded);
}

void Gateway::RegisterAuthRoutes() {
  Handle("POST /v1/auth/login", [this](Call& c) { LoginRoute(c); });
  Handle("POST /v1/auth/logout", [this](Call& c) {
    auto ended = sessions_->Revoke(c.session->token);
    if (!ended.ok()) return Unavailable(c.res, "the session store");
    CS_LOG_INFO("logout role={} session={}", RoleName(c.role()), SessionRef(c.session->token));
    crowdsafe::v1::RevokeSessionsResponse out;
    out.set_revoked(*ended ? 1 : 0);
    c.res.set_content(ToJson(out), "application/json");
  });
  Handle("POST /v1/auth/revoke", [this](Call& c) { RevokeRoute(c); });
}

void Gateway::LoginRoute(Call& c) {
  // Limits are taken before the password is checked, and without them no login runs: an
  // unreachable Redis must not turn into unlimited guessing.
  const std::string ip = ClientIp(c.req);
  auto by_ip = login_by_ip_->Allow(ip);
  if (!by_ip.ok()) return Unavailable(c.res, "the login rate limit");
  if (!*by_ip) {
    c.res.set_header("Retry-After", "60");
    return Fail(c.res, MakeProblem(429, "too many logins from this address"));
  }
  crowdsafe::v1::LoginRequest login;
  if (!ParseBody(c, &login, {})) return;
  if (login.username().empty())
    return Fail(c.res, MakeProblem(400, "username: required", "username"));
  // Per address and username: a guesser elsewhere spends only their own attempts.
  auto by_user = login_by_address_and_user_->Allow(ip + "\n" + login.username());
  if (!by_user.ok()) return Unavailable(c.res, "the login rate limit");
  if (!*by_user) {
    c.res.set_header("Retry-After", "60");
    return Fail(c.res, MakeProblem(429, "too many logins for this user from this address"));
  }
  auto session = auth_.Login(login.username(), login.password());
  if (!session.ok()) {
    if (session.status().code() == absl::StatusCode::kUnavailable ||
        session.status().code() == absl::StatusCode::kDeadlineExceeded) {
      return Unavailable(c.res, "the session store");
    }
    // The username is personal data (and a guessed one may be a password typed in the wrong
    // box): redacted, like every name in the logs.
    CS_LOG_WARN("login refused user={} ip={}", Redacted(login.username()), ip);
    if (session.status().code() != absl::StatusCode::kUnauthenticated) {
      return Fail(c.res, FromStatus(session.status()));
    }
    return Fail(c.res, MakeProblem(401, std::string(session.status().message())));
  }
  crowdsafe::v1::LoginResponse out;
  out.set_token(session->token);
  out.set_role(std::string(RoleName(session->role)));
  out.set_username(session->username);
  for (const auto& z : session->zones) out.add_zones(z);
  int64_t ms = ToMillis(session->expires_at);
  out.mutable_expires_at()->set_seconds(ms / 1000);
  CS_LOG_INFO("login user={} role={} session={}", Redacted(session->username),
              RoleName(session->role), SessionRef(session->token));
  c.res.set_content(ToJson(out), "application/json");
}

void Gateway::RevokeRoute(Call& c) {
  crowdsafe::v1::RevokeSessionsRequest req;
  if (!ParseBody(c, &req, {})) return;
  const User* target = auth_.FindUser(req.username());
  if (target == nullptr) {
    return Fail(c.res, MakeProblem(404, "username: no such user", "username"));
  }
  if (!MayRevokeSessionsOf(c.role(), target->role)) {
    return Fail(c.res, MakeProblem(403,
                                   "role " + std::string(RoleName(c.role())) +
                                       " may not end the sessions of a " +
                                       std::string(RoleName(target->role)) + " user",
                                   "username"));
  }
  auto ended = sessions_->RevokeUser(target->username);
  if (!ended.ok()) return Unavailable(c.res, "the session store");
  // The audit line: who (by role and session) ended which sessions, with no name in it.
  CS_LOG_INFO("sessions revoked by_role={} by_session={} target_role={} revoked={} sessions={}",
              RoleName(c.role()), SessionRef(c.session->token), RoleName(target->role),
              ended->size(), Joined(*ended));
  crowdsafe::v1::RevokeSessionsResponse out;
  out.set_revoked(static_cast<int32_t>(ended->size()));
  c.res.set_content(ToJson(out), "application/json");
}

}  // namespace cs::api
