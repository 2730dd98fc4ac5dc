#include "common/redis/hiredis_client.h"

#include <hiredis/hiredis.h>

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/redis/resp_reply.h"

namespace cs {
namespace {

timeval ToTimeval(int ms) {
  timeval tv;
  tv.tv_sec = ms / 1000;
  tv.tv_usec = (ms % 1000) * 1000;
  return tv;
}

void AppendArgv(redisContext* c, const RedisArgv& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  ptrs.reserve(argv.size());
  lens.reserve(argv.size());
  for (const auto& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  redisAppendCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(), lens.data());
}

// True when an idle connection can no longer carry a command: the server closed it (a restart,
// a kill, its timeout), it is in error, or it holds bytes nobody asked for (a reply to nothing,
// such as the error Redis sends before it drops a client), which would be read as the answer to
// the next command. Costs one poll(2) without waiting.
bool IdleConnectionIsGone(int fd) {
  pollfd p{fd, POLLIN, 0};
  int r;
  do {
    r = ::poll(&p, 1, 0);
  } while (r < 0 && errno == EINTR);
  if (r <= 0) return r < 0;
  if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) return true;
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

}  // namespace

void HiredisClient::ContextDeleter::operator()(redisContext* c) const { redisFree(c); }

HiredisClient::HiredisClient(RedisConfig config) : config_(std::move(config)) {}
HiredisClient::~HiredisClient() = default;

bool HiredisClient::BackingOff() const {
  const int64_t until = backing_off_until_ns_.load(std::memory_order_relaxed);
  return until != 0 && std::chrono::steady_clock::now().time_since_epoch().count() < until;
}

void HiredisClient::BackOffUntilLocked(std::chrono::steady_clock::time_point until) {
  next_attempt_ = until;
  backing_off_until_ns_.store(until.time_since_epoch().count(), std::memory_order_relaxed);
}

int HiredisClient::reconnects() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reconnects_;
}

absl::Status HiredisClient::Connect() {
  std::lock_guard<std::mutex> lock(mu_);
  return EnsureConnectedLocked();
}

absl::Status HiredisClient::EnsureConnectedLocked() {
  if (ctx_) {
    // A connection the server closed while it sat idle is replaced before the command goes out,
    // so a Redis restart costs no failed call (the command was never sent, so this is safe for
    // writes too). Without it every pooled connection failed one call after a restart, in
    // whatever order the callers reached them (issue 18, the flaky lifecycle test).
    if (!IdleConnectionIsGone(ctx_->fd)) return absl::OkStatus();
    ctx_.reset();
    next_attempt_ = {};
  }
  auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_) {
    return absl::UnavailableError("redis unavailable (backing off before reconnecting)");
  }
  timeval tv = ToTimeval(config_.connect_timeout_ms);
  std::unique_ptr<redisContext, ContextDeleter> c(
      redisConnectWithTimeout(config_.host.c_str(), config_.port, tv));
  auto fail = [&](const std::string& why) {
    backoff_ = std::clamp(backoff_ * 2, std::chrono::milliseconds(config_.reconnect_backoff_min_ms),
                          std::chrono::milliseconds(config_.reconnect_backoff_max_ms));
    BackOffUntilLocked(std::chrono::steady_clock::now() + backoff_);
    return absl::UnavailableError(absl::StrCat("redis ", config_.host, ":", config_.port, ": ", why));
  };
  if (c == nullptr) return fail("out of memory");
  if (c->err) return fail(c->errstr);
  timeval cmd_tv = ToTimeval(config_.command_timeout_ms);
  if (redisSetTimeout(c.get(), cmd_tv) != REDIS_OK) return fail("cannot set timeout");
  BoundArrayReplies(c->reader);  // a reply declaring a huge array must not allocate for it
  if (!config_.password.empty()) {
    auto* r = static_cast<redisReply*>(redisCommand(c.get(), "AUTH %b", config_.password.data(),
                                                    config_.password.size()));
    bool ok = r != nullptr && r->type != REDIS_REPLY_ERROR;
    if (r) freeReplyObject(r);
    if (!ok) return fail("authentication failed");
  }
  ctx_ = std::move(c);
  backoff_ = std::chrono::milliseconds(0);
  backing_off_until_ns_.store(0, std::memory_order_relaxed);
  if (ever_connected_) {
    ++reconnects_;
    CS_LOG_INFO("redis reconnected host={} port={} reconnects={}", config_.host, config_.port,
                reconnects_);
  }
  ever_connected_ = true;
  return absl::OkStatus();
}

absl::Status HiredisClient::FailLocked(const std::string& what) {
  // hiredis reports a timeout as an I/O error with EAGAIN.
  bool timeout = ctx_ && ctx_->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
  std::string detail = ctx_ ? std::string(ctx_->errstr) : std::string("no connection");
  ctx_.reset();  // never reuse a connection whose next reply is unknown
  BackOffUntilLocked(std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(config_.reconnect_backoff_min_ms));
  if (timeout) {
    return absl::DeadlineExceededError(absl::StrCat("redis ", what, ": no reply within ",
                                                    config_.command_timeout_ms, " ms"));
  }
  return absl::UnavailableError(absl::StrCat("redis ", what, ": ", detail));
}

absl::StatusOr<RedisReply> HiredisClient::ReadReplyLocked() {
  void* raw = nullptr;
  if (redisGetReply(ctx_.get(), &raw) != REDIS_OK || raw == nullptr) {
    return FailLocked("read");
  }
  RedisReply reply = FromHiredisReply(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

absl::StatusOr<RedisReply> HiredisClient::Command(const RedisArgv& argv) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto s = EnsureConnectedLocked(); !s.ok()) return s;
  AppendArgv(ctx_.get(), argv);
  auto reply = ReadReplyLocked();
  if (!reply.ok()) return reply.status();
  if (reply->type == RedisReply::Type::kError) {
    return RedisErrorStatus(argv.empty() ? "" : argv[0], reply->str);
  }
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> HiredisClient::Pipeline(
    const std::vector<RedisArgv>& commands) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto s = EnsureConnectedLocked(); !s.ok()) return s;
  for (const auto& argv : commands) AppendArgv(ctx_.get(), argv);
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    auto reply = ReadReplyLocked();
    if (!reply.ok()) return reply.status();
    replies.push_back(*std::move(reply));
  }
  return replies;
}

}  // namespace cs
