// RedisClient over hiredis: one blocking connection, guarded by a mutex, with connect and command
// timeouts and reconnection with exponential backoff.
//
// Failure handling, in one place:
// - No connection: connect now unless still inside the backoff window, in which case answer
//   UNAVAILABLE at once (callers must not pile up behind a dead Redis).
// - A command times out or the connection breaks: the connection is dropped, because a late reply
//   would be read as the answer to the next command. The caller gets DEADLINE_EXCEEDED or
//   UNAVAILABLE; the next call reconnects.
//
// Thread-safety: all methods are thread-safe; calls are serialised on the one connection.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "common/config.h"
#include "common/redis/redis_client.h"

struct redisContext;

namespace cs {

class HiredisClient final : public RedisClient {
 public:
  explicit HiredisClient(RedisConfig config);
  ~HiredisClient() override;
  HiredisClient(const HiredisClient&) = delete;
  HiredisClient& operator=(const HiredisClient&) = delete;

  absl::StatusOr<RedisReply> Command(const RedisArgv& argv) override;
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RedisArgv>& commands) override;

  // Connects now (if not connected); used at start-up to fail fast with a clear message.
  absl::Status Connect();
  int reconnects() const;
  bool BackingOff() const override;

 private:
  struct ContextDeleter {
    void operator()(redisContext* c) const;
  };

  absl::Status EnsureConnectedLocked();
  void BackOffUntilLocked(std::chrono::steady_clock::time_point until);
  absl::Status FailLocked(const std::string& what);
  absl::StatusOr<RedisReply> ReadReplyLocked();

  const RedisConfig config_;
  mutable std::mutex mu_;
  std::unique_ptr<redisContext, ContextDeleter> ctx_;  // GUARDED_BY(mu_)
  std::chrono::steady_clock::time_point next_attempt_{};  // GUARDED_BY(mu_)
  // next_attempt_ while there is no connection, else 0: read without the mutex by BackingOff(),
  // which must not wait behind a command in flight.
  std::atomic<int64_t> backing_off_until_ns_{0};
  std::chrono::milliseconds backoff_{0};                  // GUARDED_BY(mu_)
  int reconnects_ = 0;                                    // GUARDED_BY(mu_)
  bool ever_connected_ = false;                           // GUARDED_BY(mu_)
};

}  // namespace cs
