#include "services/crowd/alert_loop.h"

#include <algorithm>

#include "common/logging.h"
#include "services/crowd/alert_convert.h"
#include "services/crowd/core/correction.h"
#include "services/crowd/core/history.h"

namespace cs::crowd {
namespace {

std::vector<AlertRule> EnabledRules(const std::vector<std::string>& disabled) {
  std::vector<AlertRule> out;
  for (auto& rule : DefaultRules()) {
    if (std::find(disabled.begin(), disabled.end(), rule.id) == disabled.end()) out.push_back(rule);
  }
  return out;
}

}  // namespace

AlertLoop::AlertLoop(const Venue& venue, CrowdStore& store, RedisAlertStore& alerts,
                     const Clock& clock, AlertConfig config, int retention_days,
                     const std::vector<std::string>& disabled_rules)
    : venue_(venue),
      store_(store),
      alerts_(alerts),
      clock_(clock),
      log_(10'000),
      engine_(EnabledRules(disabled_rules), std::move(config), &log_),
      retention_days_(retention_days) {}

AlertLoop::~AlertLoop() { Stop(); }

void AlertLoop::Start(Duration period) {
  // Alerts open before a restart come back from Redis: the desk can still acknowledge them and
  // they escalate on their original schedule.
  if (auto open = alerts_.Current(venue_.id); open.ok()) {
    int restored = 0;
    for (const auto& a : *open) {
      if (a.state() == crowdsafe::v1::ALERT_CLEARED) continue;
      if (engine_.Restore(AlertFromProto(a)).ok()) ++restored;
    }
    if (restored > 0) CS_LOG_INFO("restored open alerts count={}", restored);
  } else {
    CS_LOG_WARN("cannot read open alerts error=\"{}\"", std::string(open.status().message()));
  }
  // The first round runs before the service answers anyone, so a reset due at closing can
  // never land in the middle of the first batches.
  if (auto s = EvaluateOnce(); !s.ok()) {
    CS_LOG_WARN("first alert evaluation failed error=\"{}\"", std::string(s.message()));
  }
  thread_ = std::thread([this, period] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      if (auto s = EvaluateOnce(); !s.ok()) {
        CS_LOG_WARN("alert evaluation skipped error=\"{}\"", std::string(s.message()));
      }
      lock.lock();
    }
  });
}

void AlertLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

absl::Status AlertLoop::Record(const std::vector<AlertEvent>& events) {
  std::vector<crowdsafe::v1::Alert> changes;
  for (const auto& e : events) {
    changes.push_back(AlertToProto(e.alert));
    CS_LOG_INFO("alert {} id={} rule={} zone={} value={:.2f}", AlertStateName(e.alert.state),
                e.alert.id, e.alert.rule, e.alert.zone, e.alert.value);
  }
  if (changes.empty()) return absl::OkStatus();
  auto stored = alerts_.Append(venue_.id, changes);
  if (stored.ok()) {
    std::lock_guard<std::mutex> lock(change_mu_);
    ++changes_;
  }
  change_cv_.notify_all();
  return stored;
}

std::optional<AlertLoop::Snapshot> AlertLoop::Latest() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  return snapshot_;
}

uint64_t AlertLoop::WaitForChange(uint64_t seen, Duration timeout) {
  std::unique_lock<std::mutex> lock(change_mu_);
  change_cv_.wait_for(lock, timeout, [&] { return changes_ != seen; });
  return changes_;
}

absl::Status AlertLoop::Observe(const std::vector<DensityReport>& reports) {
  std::lock_guard<std::mutex> lock(record_mu_);
  TimePoint now = clock_.Now();
  std::vector<AlertEvent> events;
  for (const auto& r : reports) {
    auto e = engine_.Evaluate(DensityObservation(venue_, r), now);
    if (!e.ok()) return e.status();
    events.insert(events.end(), e->begin(), e->end());
  }
  return Record(events);
}

absl::StatusOr<crowdsafe::v1::Alert> AlertLoop::Acknowledge(const std::string& alert_id,
                                                            const std::string& actor) {
  std::lock_guard<std::mutex> lock(record_mu_);
  auto e = engine_.Acknowledge(alert_id, actor, clock_.Now());
  if (!e.ok()) return e.status();
  if (auto s = Record({*e}); !s.ok()) return s;
  return AlertToProto(e->alert);
}

absl::StatusOr<crowdsafe::v1::Alert> AlertLoop::RaiseExternal(const ExternalAlert& alert) {
  std::lock_guard<std::mutex> lock(record_mu_);
  auto raised = engine_.RaiseExternal(alert, clock_.Now());
  if (!raised.ok()) return raised.status();
  if (raised->created) {
    if (auto s = Record({raised->event}); !s.ok()) return s;
  }
  return AlertToProto(raised->event.alert);
}

absl::Status AlertLoop::EvaluateOnce() {
  std::lock_guard<std::mutex> lock(record_mu_);
  TimePoint now = clock_.Now();
  std::vector<AlertEvent> events;
  auto picture = ReadPicture(venue_, store_, now);
  if (!picture.ok()) return picture.status();
  for (const auto& obs : CapacityObservations(venue_, *picture)) {
    auto e = engine_.Evaluate(obs, now);
    if (e.ok()) events.insert(events.end(), e->begin(), e->end());
  }
  auto flows = ReadGateFlows(venue_, store_, MinuteOf(now) - 1);
  if (flows.ok()) {
    for (const auto& f : *flows) {
      auto e = engine_.Evaluate(GateFlowObservation(venue_, f), now);
      if (e.ok()) events.insert(events.end(), e->begin(), e->end());
    }
  }
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    snapshot_ = Snapshot{now, *picture, flows.ok() ? *flows : std::vector<GateFlowReport>{}};
  }
  // Housekeeping rides on the same round: the reset at closing runs once per closing (the core
  // checks its audit log), and retention drops minute buckets older than the configured days.
  if (auto reset = Corrector(venue_, &store_, &clock_).ResetAtClosing(); !reset.ok()) {
    CS_LOG_WARN("closing reset failed error=\"{}\"", std::string(reset.status().message()));
  } else if (!reset->empty()) {
    CS_LOG_INFO("occupancy reset at closing zones={}", reset->size());
  }
  if (ToMillis(now) / 60000 != last_retention_minute_) {
    last_retention_minute_ = ToMillis(now) / 60000;
    (void)History(venue_, &store_, retention_days_).EnforceRetention(now);
  }
  auto ticked = engine_.Tick(now);
  events.insert(events.end(), ticked.begin(), ticked.end());
  return Record(events);
}

}  // namespace cs::crowd
