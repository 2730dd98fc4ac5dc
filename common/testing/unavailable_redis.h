// A RedisClient whose every command fails UNAVAILABLE: for tests of routes that must not need
// Redis (the gateway's case and appeal routes), so any Redis use shows up as an error.
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace cs::testing {

class UnavailableRedis final : public RedisClient {
 public:
  absl::StatusOr<RedisReply> Command(const RedisArgv&) override {
    return absl::UnavailableError("no redis in this test");
  }
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RedisArgv>&) override {
    return absl::UnavailableError("no redis in this test");
  }
};

}  // namespace cs::testing
