// Feeds the alert engine and records what it decides; also runs the crowd housekeeping (reset at
// closing, retention of minute history). Density reports are evaluated as they
// arrive (Observe); capacity and gate flow are evaluated once a second from the stored picture
// (a thread), which also lets unacknowledged alerts escalate and cleared levels settle. Every
// change goes to Redis (RedisAlertStore) before anyone is told of it.
//
// Thread-safety: Observe and Acknowledge may be called from any thread; Start/Stop from one.
#pragma once

#include <atomic>
#include <optional>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "common/venue.h"
#include "services/crowd/core/alert_engine.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/redis_alert_store.h"

namespace cs::crowd {

class AlertLoop {
 public:
  AlertLoop(const Venue& venue, CrowdStore& store, RedisAlertStore& alerts, const Clock& clock,
            AlertConfig config, int retention_days = 400,
            const std::vector<std::string>& disabled_rules = {});
  ~AlertLoop();

  void Start(Duration period = std::chrono::seconds(1));
  void Stop();

  // Evaluates camera densities now; returns when the resulting changes are stored.
  absl::Status Observe(const std::vector<DensityReport>& reports);
  absl::StatusOr<crowdsafe::v1::Alert> Acknowledge(const std::string& alert_id,
                                                   const std::string& actor);
  // Raises (or finds, for a retry) an external alert; returns once the raise is stored.
  absl::StatusOr<crowdsafe::v1::Alert> RaiseExternal(const ExternalAlert& alert);
  // One round of capacity, gate-flow and escalation checks (what the thread does each period).
  absl::Status EvaluateOnce();

  // What the last round computed, for readers that can take trends a second old.
  struct Snapshot {
    TimePoint at;
    OccupancyPicture picture;
    std::vector<GateFlowReport> flows;
  };
  std::optional<Snapshot> Latest() const;

  // Blocks until an alert change is recorded by this process or `timeout` passes; returns at
  // once when a change happened after `seen` (pass the value from the previous call, 0 first).
  uint64_t WaitForChange(uint64_t seen, Duration timeout);

 private:
  absl::Status Record(const std::vector<AlertEvent>& events);

  const Venue& venue_;
  CrowdStore& store_;
  RedisAlertStore& alerts_;
  const Clock& clock_;
  AlertLog log_;
  AlertEngine engine_;
  // Held from an engine decision until its changes are stored, so the stream keeps their order.
  std::mutex record_mu_;
  std::mutex mu_;
  std::condition_variable cv_;
  mutable std::mutex snapshot_mu_;
  std::optional<Snapshot> snapshot_;  // guarded by snapshot_mu_
  std::mutex change_mu_;
  std::condition_variable change_cv_;
  uint64_t changes_ = 0;  // guarded by change_mu_
  bool stopping_ = false;  // guarded by mu_
  int retention_days_;
  int64_t last_retention_minute_ = 0;  // guarded by record_mu_
  std::thread thread_;
};

}  // namespace cs::crowd
