// A lease: the right, for a limited time, to be the one process doing a job (a venue's alert
// evaluation, a camera). Each grant carries a fencing token that grows with every new grant, so
// a store can refuse the writes of a holder whose term has ended (see redis/redis_lease.h).
// PeriodicLoop runs a job only while it holds one.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace cs {

class Lease {
 public:
  virtual ~Lease() = default;

  // Takes the lease when nobody holds it, or continues our own unexpired term. The term's
  // fencing token (> 0), or nullopt when another owner holds it. Errors: Redis unavailable.
  virtual absl::StatusOr<std::optional<int64_t>> TryAcquire() = 0;
  // Extends the term of `token`: false when that term is over (expired, or another owner took
  // the lease since). An error means the renewal is unknown; callers treat it as lost.
  virtual absl::StatusOr<bool> Renew(int64_t token) = 0;
  // Ends the term of `token` at once, so a successor need not wait for expiry. Releasing a term
  // that is already over is not an error.
  virtual absl::Status Release(int64_t token) = 0;

  virtual const std::string& name() const = 0;
  // How long a grant or renewal lasts, counted by the store from when it received the call.
  virtual std::chrono::milliseconds ttl() const = 0;
};

}  // namespace cs
