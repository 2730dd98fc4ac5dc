// A fixed set of HiredisClient connections behind the RedisClient interface, so that concurrent
// RPCs do not queue behind one another on a single connection (a slow Lua script on one
// connection no longer delays an occupancy read on another). Each call takes a free connection,
// or waits for the least recently taken one.
//
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "common/redis/hiredis_client.h"

namespace cs {

class RedisPool final : public RedisClient {
 public:
  RedisPool(const RedisConfig& config, int size);

  absl::StatusOr<RedisReply> Command(const RedisArgv& argv) override;
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RedisArgv>& commands) override;
  int size() const { return static_cast<int>(connections_.size()); }

 private:
  HiredisClient& Pick();

  std::vector<std::unique_ptr<HiredisClient>> connections_;
  std::atomic<uint64_t> next_{0};
};

}  // namespace cs
