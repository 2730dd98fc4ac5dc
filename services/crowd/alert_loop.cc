#include "services/crowd/alert_loop.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "services/crowd/alert_convert.h"
#include "services/crowd/core/correction.h"
#include "services/crowd/core/history.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

namespace {

constexpr int64_t kReadBatch = 500;

std::vector<AlertRule> EnabledRules(const std::vector<std::string>& disabled) {
  std::vector<AlertRule> out;
  for (auto& rule : DefaultRules()) {
    if (std::find(disabled.begin(), disabled.end(), rule.id) == disabled.end()) out.push_back(rule);
  }
  return out;
}

void Warn(const char* what, const absl::Status& s) {
  if (!s.ok()) CS_LOG_WARN("{} error=\"{}\"", what, std::string(s.message()));
}

}  // namespace

AlertLoop::AlertLoop(const Venue& venue, CrowdStore& store, RedisDensityStore& density,
                     RedisAlertStore& alerts, RedisLease& lease, const Clock& clock,
                     Options options)
    : venue_(venue),
      store_(store),
      density_(density),
      alerts_(alerts),
      lease_(lease),
      clock_(clock),
      options_(std::move(options)),
      log_(10'000),
      loop_(
          "crowd-alerts", lease, [this](const LeaseTerm& term) { Round(term); }, options_.period,
          [this] { LoseTerm(); }) {}

AlertLoop::~AlertLoop() { Stop(); }

// The first round runs before the service answers anyone, so a reset due at closing can never
// land in the middle of the first batches.
void AlertLoop::Start() { loop_.StartAfterFirstRound(); }

void AlertLoop::Stop() {
  loop_.Stop();
  std::lock_guard<std::mutex> lock(record_mu_);
  engine_.reset();
  token_ = 0;
}

void AlertLoop::Round(const LeaseTerm& term) {
  std::lock_guard<std::mutex> lock(record_mu_);
  if (term.first || engine_ == nullptr || token_ != term.token) {
    if (auto s = TakeOver(term.token); !s.ok()) {
      // Tried again next round; meanwhile nothing is evaluated on half-loaded state.
      engine_.reset();
      Warn("alert lease taken but state not loaded", s);
      return;
    }
    CS_LOG_INFO("alert lease taken venue={} token={}", venue_.id, term.token);
  }
  Warn("reading other replicas' alert changes failed", ReadOtherReplicas());
  Warn("density alert evaluation failed", DrainDensity());
  TimePoint now = clock_.Now();
  if (engine_ != nullptr && now - last_capacity_ >= options_.capacity_every) {
    last_capacity_ = now;
    Warn("alert evaluation skipped", EvaluateCapacity(now));
  }
}

void AlertLoop::LoseTerm() {
  std::lock_guard<std::mutex> lock(record_mu_);
  if (token_ != 0) CS_LOG_WARN("alert lease lost venue={} token={}", venue_.id, token_);
  engine_.reset();
  token_ = 0;
}

absl::Status AlertLoop::TakeOver(int64_t token) {
  AlertConfig config = options_.alerts;
  // The term's token makes ids unique across replicas and restarts without a clock.
  config.id_prefix = absl::StrCat(config.id_prefix, "t", token, "-");
  auto engine = std::make_unique<AlertEngine>(EnabledRules(options_.disabled_rules), config, &log_);
  // The stream position first: whatever is written after it is read again by
  // ReadOtherReplicas, and skipped there when the state read below already has it.
  auto cursor = alerts_.LastCursor(venue_.id);
  if (!cursor.ok()) return cursor.status();
  auto revisions = alerts_.Revisions(venue_.id);
  if (!revisions.ok()) return revisions.status();
  auto open = alerts_.Current(venue_.id);
  if (!open.ok()) return open.status();
  std::map<std::string, int64_t> known;
  for (const auto& a : *open) {
    if (a.state() == v1::ALERT_CLEARED) continue;
    // Alerts open before a restart or takeover can still be acknowledged, escalate on their
    // original schedule and clear.
    if (engine->Restore(AlertFromProto(a)).ok()) known[a.alert_id()] = (*revisions)[a.alert_id()];
  }
  auto density_cursor = alerts_.DensityCursor(venue_.id);
  if (!density_cursor.ok()) return density_cursor.status();
  if (density_cursor->empty()) {
    // No holder ever recorded a position: start at the newest report, not at old history.
    auto last = density_.LastCursor(venue_.id);
    if (!last.ok()) return last.status();
    *density_cursor = *last;
  }
  engine_ = std::move(engine);
  token_ = token;
  alerts_cursor_ = *cursor;
  density_cursor_ = *density_cursor;
  revisions_ = std::move(known);
  if (!revisions_.empty()) CS_LOG_INFO("restored open alerts count={}", revisions_.size());
  return absl::OkStatus();
}

absl::Status AlertLoop::ReadOtherReplicas() {
  if (engine_ == nullptr) return absl::OkStatus();
  while (true) {
    auto changes = alerts_.ChangesAfter(venue_.id, alerts_cursor_, kReadBatch);
    if (!changes.ok()) return changes.status();
    for (auto& [id, change] : *changes) {
      alerts_cursor_ = id;
      const std::string& alert_id = change.alert.alert_id();
      auto known = revisions_.find(alert_id);
      // Our own writes (and what TakeOver read) are known already. Cleared alerts stay known
      // too: their older entries (the raise) must not open them again.
      if (known != revisions_.end() && known->second >= change.revision) continue;
      if (change.alert.state() == v1::ALERT_CLEARED) {
        revisions_[alert_id] = change.revision;
        continue;
      }
      if (engine_->Restore(AlertFromProto(change.alert)).ok()) {
        revisions_[alert_id] = change.revision;
      }
    }
    if (static_cast<int64_t>(changes->size()) < kReadBatch) return absl::OkStatus();
  }
}

absl::Status AlertLoop::DrainDensity() {
  while (engine_ != nullptr) {
    auto logged = density_.After(venue_.id, density_cursor_, kReadBatch);
    if (!logged.ok()) return logged.status();
    if (logged->empty()) return absl::OkStatus();
    TimePoint now = clock_.Now();
    std::vector<AlertEvent> events;
    std::string cursor;
    for (const auto& [id, report] : *logged) {
      cursor = id;
      if (report.region_id.empty() || venue_.FindRegion(report.region_id) == nullptr) continue;
      auto e = engine_->Evaluate(DensityObservation(venue_, report), now);
      if (e.ok()) events.insert(events.end(), e->begin(), e->end());
    }
    if (auto s = Record(events, cursor); !s.ok()) return s;
    if (static_cast<int64_t>(logged->size()) < kReadBatch) return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status AlertLoop::EvaluateCapacity(TimePoint now) {
  std::vector<AlertEvent> events;
  auto picture = ReadPicture(venue_, store_, now);
  if (!picture.ok()) return picture.status();
  for (const auto& obs : CapacityObservations(venue_, *picture)) {
    auto e = engine_->Evaluate(obs, now);
    if (e.ok()) events.insert(events.end(), e->begin(), e->end());
  }
  auto flows = ReadGateFlows(venue_, store_, MinuteOf(now) - 1);
  if (flows.ok()) {
    for (const auto& f : *flows) {
      auto e = engine_->Evaluate(GateFlowObservation(venue_, f), now);
      if (e.ok()) events.insert(events.end(), e->begin(), e->end());
    }
  }
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    snapshot_ = Snapshot{now, *picture, flows.ok() ? *flows : std::vector<GateFlowReport>{}};
  }
  // Housekeeping rides on the same leased round, so it runs on one replica: the reset at
  // closing runs once per closing (the core checks its audit log), and retention drops minute
  // buckets older than the configured days.
  if (auto reset = Corrector(venue_, &store_, &clock_).ResetAtClosing(); !reset.ok()) {
    Warn("closing reset failed", reset.status());
  } else if (!reset->empty()) {
    CS_LOG_INFO("occupancy reset at closing zones={}", reset->size());
  }
  if (ToMillis(now) / 60000 != last_retention_minute_) {
    last_retention_minute_ = ToMillis(now) / 60000;
    (void)History(venue_, &store_, options_.retention_days).EnforceRetention(now);
  }
  auto ticked = engine_->Tick(now);
  events.insert(events.end(), ticked.begin(), ticked.end());
  return Record(events, "");
}

absl::Status AlertLoop::Record(const std::vector<AlertEvent>& events,
                               const std::string& density_cursor) {
  if (events.empty() && density_cursor.empty()) return absl::OkStatus();
  std::vector<RedisAlertStore::Write> writes;
  std::map<std::string, int64_t> expected = revisions_;  // two changes of one alert in a batch
  for (const auto& e : events) {
    int64_t& rev = expected[e.alert.id];
    writes.push_back({AlertToProto(e.alert, venue_), rev});
    ++rev;
    CS_LOG_INFO("alert {} id={} rule={} zone={} value={:.2f}", AlertStateName(e.alert.state),
                e.alert.id, e.alert.rule, e.alert.zone, e.alert.value);
  }
  auto recorded = alerts_.RecordFenced(venue_.id, lease_.fence_key(), token_, density_cursor, writes);
  if (!recorded.ok() || recorded->fenced) {
    // The engine is now ahead of Redis (or a successor owns the venue): drop it, and the next
    // round of a term we still hold loads the state again from Redis.
    engine_.reset();
    if (recorded.ok()) {
      CS_LOG_WARN("alert writes refused: a newer lease term exists venue={} token={}", venue_.id,
                  token_);
      return absl::FailedPreconditionError("alert lease: a newer term exists");
    }
    return recorded.status();
  }
  if (!density_cursor.empty()) density_cursor_ = density_cursor;
  bool stored = false;
  for (size_t i = 0; i < writes.size(); ++i) {
    const std::string& id = writes[i].alert.alert_id();
    if (recorded->revisions[i] == RedisAlertStore::kConflict) {
      // Another replica changed the alert first (an acknowledgement): ReadOtherReplicas brings
      // its state into the engine next round, and the engine decides again from there.
      CS_LOG_INFO("alert change superseded id={}", id);
      continue;
    }
    stored = true;
    // Kept after a clear as well (the engine keeps cleared alerts too): ReadOtherReplicas
    // skips this alert's own older entries by it.
    revisions_[id] = recorded->revisions[i];
  }
  if (stored) NoteChange();
  return absl::OkStatus();
}

void AlertLoop::NoteChange() {
  {
    std::lock_guard<std::mutex> lock(change_mu_);
    ++changes_;
  }
  change_cv_.notify_all();
}

absl::Status AlertLoop::OnDensityStored() {
  if (loop_.holding() == 0) return absl::OkStatus();  // the holder reads it within a period
  std::lock_guard<std::mutex> lock(record_mu_);
  return DrainDensity();
}

absl::StatusOr<v1::Alert> AlertLoop::Acknowledge(const std::string& alert_id,
                                                 const std::string& actor,
                                                 const std::string& note) {
  if (actor.empty()) return absl::InvalidArgumentError("actor: required");
  // A compare-and-set on the stored alert: it works on any replica, and an escalation the
  // holder writes at the same moment either lands first (and is acknowledged here on the next
  // try) or is refused as superseded.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto stored = alerts_.Get(venue_.id, alert_id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return absl::NotFoundError("alert_id: no such alert");
    v1::Alert a = (*stored)->alert;
    if (a.state() == v1::ALERT_ACKNOWLEDGED) {
      return absl::FailedPreconditionError("alert_id: already acknowledged");
    }
    if (a.state() == v1::ALERT_CLEARED) return absl::FailedPreconditionError("alert_id: cleared");
    a.set_state(v1::ALERT_ACKNOWLEDGED);
    a.set_acknowledged_by(actor);
    a.set_acknowledged_note(note);
    TimeToProto(clock_.Now(), a.mutable_acknowledged_at());
    auto rev = alerts_.CompareAndSet(venue_.id, {a, (*stored)->revision});
    if (!rev.ok()) return rev.status();
    if (*rev != RedisAlertStore::kConflict) {
      CS_LOG_INFO("alert ACKNOWLEDGED id={}", alert_id);
      NoteChange();
      return a;
    }
  }
  return absl::AbortedError("alert_id: changed while being acknowledged; try again");
}

absl::StatusOr<v1::Alert> AlertLoop::RaiseExternal(const ExternalAlert& alert) {
  auto made = ExternalAlertOf(alert, clock_.Now(), options_.alerts.id_prefix);
  if (!made.ok()) return made.status();
  v1::Alert a = AlertToProto(*made, venue_);
  // Expected revision 0: created only when absent, so a retry (on any replica) finds the first
  // raise. The holder reads it from the stream and escalates it like any alert.
  auto rev = alerts_.CompareAndSet(venue_.id, {a, 0});
  if (!rev.ok()) return rev.status();
  if (*rev != RedisAlertStore::kConflict) {
    CS_LOG_INFO("alert RAISED id={} rule={} zone={}", made->id, made->rule, made->zone);
    NoteChange();
    return a;
  }
  auto existing = alerts_.Get(venue_.id, a.alert_id());
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return absl::UnavailableError("external alert: raced; try again");
  return (*existing)->alert;
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

}  // namespace cs::crowd
