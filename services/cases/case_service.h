// The gRPC adapter of case-service. Methods not built yet are inherited from the generated
// base class, which answers UNIMPLEMENTED: honest, and visible to clients and reflection.
//
// Thread-safety: gRPC calls methods concurrently; the adapter holds no mutable state of its own.
#pragma once

#include "common/config.h"
#include "common/redis/redis_client.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace cs::cases {

class CaseServiceImpl final : public crowdsafe::v1::CaseService::Service {
 public:
  CaseServiceImpl(const Venue& venue, RedisClient& redis) : venue_(venue), redis_(redis) {}

 private:
  [[maybe_unused]] const Venue& venue_;
  [[maybe_unused]] RedisClient& redis_;
};

}  // namespace cs::cases
