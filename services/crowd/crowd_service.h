// The gRPC adapter of crowd-service. Methods not built yet are inherited from the generated
// base class, which answers UNIMPLEMENTED: honest, and visible to clients and reflection.
//
// Thread-safety: gRPC calls methods concurrently; the adapter holds no mutable state of its own.
#pragma once

#include "common/config.h"
#include "common/redis/redis_client.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs::crowd {

class CrowdServiceImpl final : public crowdsafe::v1::CrowdService::Service {
 public:
  CrowdServiceImpl(const Venue& venue, RedisClient& redis) : venue_(venue), redis_(redis) {}

 private:
  [[maybe_unused]] const Venue& venue_;
  [[maybe_unused]] RedisClient& redis_;
};

}  // namespace cs::crowd
