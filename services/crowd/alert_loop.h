// Feeds the alert engine and records what it decides; also runs the crowd housekeeping (reset at
// closing, retention of minute history). All of it runs on exactly one replica per venue at a
// time: the one holding the venue's alert lease (cs:{venue:V}:lease:alerts, common/lease.h),
// in a leased PeriodicLoop. Each round the holder reads what other replicas stored (density
// reports from the density log, acknowledgements and external raises from the alert stream),
// evaluates, and writes its changes with its fencing token (RedisAlertStore::RecordFenced), so a
// former holder that has not noticed its loss writes nothing. Capacity and gate flow are
// evaluated once a second from the stored picture, which also lets unacknowledged alerts
// escalate and cleared levels settle.
//
// Any replica serves reads, watches and acknowledgements: an acknowledgement or an external
// raise is a compare-and-set on the alert in Redis, never a message to the holder.
//
// A new holder starts from Redis alone: the open alerts, their revisions and how far the last
// holder had read the density log. What it does not inherit is the engine's memory of levels
// still pending (a level that had held for 20 of its 30 s starts its 30 s again) and of
// cooldowns after a clear; see docs/architecture.md.
//
// Thread-safety: OnDensityStored, Acknowledge, RaiseExternal, Latest and WaitForChange may be
// called from any thread; Start/Stop from one.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <condition_variable>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/periodic_loop.h"
#include "common/redis/redis_lease.h"
#include "common/venue.h"
#include "services/crowd/core/alert_engine.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/redis_alert_store.h"
#include "services/crowd/redis_density_store.h"

namespace cs::crowd {

class AlertLoop {
 public:
  struct Options {
    AlertConfig alerts;
    int retention_days = 400;
    std::vector<std::string> disabled_rules;
    // How often the lease is renewed (or asked for) and the density log read: well under the
    // lease's time to live, and short enough that a report stored on another replica reaches
    // the engine within the 200 ms density-to-alert target.
    std::chrono::milliseconds period{100};
    // How often capacity, gate flow, escalation and housekeeping are evaluated.
    Duration capacity_every = std::chrono::seconds(1);
  };

  AlertLoop(const Venue& venue, CrowdStore& store, RedisDensityStore& density,
            RedisAlertStore& alerts, RedisLease& lease, const Clock& clock, Options options);
  ~AlertLoop();

  // Starts the leased loop; returns once its first round (asking for the lease, and evaluating
  // when granted) is done.
  void Start();
  // Stops and releases the lease, so another replica takes over without waiting for expiry.
  void Stop();

  // Called once a density report is stored: the holder evaluates the log now (returning when
  // its alert changes are stored); another replica leaves it to the holder's next round.
  absl::Status OnDensityStored();
  // The note is stored with the alert and shown with who and when (empty: none).
  absl::StatusOr<crowdsafe::v1::Alert> Acknowledge(const std::string& alert_id,
                                                   const std::string& actor,
                                                   const std::string& note = "");
  // Raises (or finds, for a retry) an external alert; returns once the raise is stored.
  absl::StatusOr<crowdsafe::v1::Alert> RaiseExternal(const ExternalAlert& alert);

  // The fencing token of the term this replica holds, 0 when it holds none.
  int64_t holding() const { return loop_.holding(); }

  // What the holder's last capacity round computed, for readers that can take trends a second
  // old (empty on a replica that does not hold the lease).
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
  void Round(const LeaseTerm& term);
  void LoseTerm();
  // The caller holds record_mu_ for all of these.
  absl::Status TakeOver(int64_t token);
  absl::Status ReadOtherReplicas();
  absl::Status DrainDensity();
  absl::Status EvaluateCapacity(TimePoint now);
  absl::Status Record(const std::vector<AlertEvent>& events, const std::string& density_cursor);
  void NoteChange();

  const Venue& venue_;
  CrowdStore& store_;
  RedisDensityStore& density_;
  RedisAlertStore& alerts_;
  RedisLease& lease_;
  const Clock& clock_;
  const Options options_;
  AlertLog log_;

  // Held from a read of the logs through the engine's decision until its changes are stored,
  // so the stream keeps their order.
  std::mutex record_mu_;
  std::unique_ptr<AlertEngine> engine_;  // guarded by record_mu_; null without a term
  int64_t token_ = 0;                    // guarded by record_mu_: the term engine_ belongs to
  std::string density_cursor_;           // guarded by record_mu_
  std::string alerts_cursor_;            // guarded by record_mu_
  std::map<std::string, int64_t> revisions_;  // guarded by record_mu_; by alert id, this term's
  TimePoint last_capacity_{};                 // guarded by record_mu_
  int64_t last_retention_minute_ = 0;         // guarded by record_mu_

  mutable std::mutex snapshot_mu_;
  std::optional<Snapshot> snapshot_;  // guarded by snapshot_mu_
  std::mutex change_mu_;
  std::condition_variable change_cv_;
  uint64_t changes_ = 0;  // guarded by change_mu_

  PeriodicLoop loop_;  // last: stopped (in its destructor) before the parts it uses go
};

}  // namespace cs::crowd
