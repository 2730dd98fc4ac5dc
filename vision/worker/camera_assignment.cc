#include "vision/worker/camera_assignment.h"

#include <functional>

#include "common/logging.h"
#include "common/redis/redis_keys.h"

namespace cs::vision {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CameraAssignment::CameraAssignment(RedisClient& redis, const std::string& venue,
                                   std::string worker, const std::vector<std::string>& cameras,
                                   std::chrono::milliseconds ttl)
    : redis_(redis),
      workers_key_(VenueKey(venue, "vision_workers")),
      worker_(std::move(worker)),
      ttl_(ttl) {
  for (const auto& id : cameras) {
    auto slot = std::make_unique<Slot>();
    slot->camera = id;
    slot->lease = std::make_unique<RedisLease>(redis, VenueKey(venue, "lease:camera:" + id),
                                               worker_, ttl);
    slots_.push_back(std::move(slot));
  }
  // Workers start their search for free cameras at different places, so two workers starting
  // together do not race for the same camera first.
  if (!slots_.empty()) first_try_ = std::hash<std::string>{}(worker_) % slots_.size();
}

absl::StatusOr<int64_t> CameraAssignment::LiveWorkers() {
  // Last-seen times are the workers' wall clocks: a skew only moves the balance, never the
  // one-reader rule, which the leases keep with the server's clock.
  int64_t now = WallMillis();
  auto replies = redis_.Pipeline({
      {"ZADD", workers_key_, std::to_string(now), worker_},
      {"ZREMRANGEBYSCORE", workers_key_, "-inf", std::to_string(now - ttl_.count())},
      {"ZCARD", workers_key_},
  });
  if (!replies.ok()) return replies.status();
  if (replies->back().type != RedisReply::Type::kInteger) {
    return absl::InternalError("vision workers: bad ZCARD reply");
  }
  return replies->back().integer;
}

bool CameraAssignment::Renew(Slot& slot) {
  const auto sent = SteadyClock::now();
  auto renewed = slot.lease->Renew(slot.token.load());
  if (!renewed.ok() || !*renewed) {
    CS_LOG_WARN("camera lease lost camera={}", slot.camera);
    slot.token = 0;
    return false;
  }
  slot.valid_until = (sent + ttl_).time_since_epoch().count();
  return true;
}

bool CameraAssignment::Take(Slot& slot) {
  const auto sent = SteadyClock::now();
  auto granted = slot.lease->TryAcquire();
  if (!granted.ok() || !granted->has_value()) return false;
  slot.valid_until = (sent + ttl_).time_since_epoch().count();
  slot.token = **granted;
  CS_LOG_INFO("camera lease taken camera={} token={}", slot.camera, **granted);
  return true;
}

void CameraAssignment::Drop(Slot& slot) {
  int64_t token = slot.token.exchange(0);
  slot.valid_until = 0;
  if (token != 0) (void)slot.lease->Release(token);  // on failure the term simply runs out
}

void CameraAssignment::Round() {
  auto live = LiveWorkers();
  if (!live.ok()) {
    // Renewals would fail as well; Holds() turns false at each term's deadline by itself.
    CS_LOG_WARN("camera assignment skipped error=\"{}\"", std::string(live.status().message()));
    return;
  }
  const int64_t workers = std::max<int64_t>(*live, 1);
  const int share = static_cast<int>((static_cast<int64_t>(slots_.size()) + workers - 1) / workers);
  share_ = share;
  int held = 0;
  for (auto& slot : slots_) {
    if (slot->token.load() != 0 && Renew(*slot)) ++held;
  }
  // One camera back per round: a newcomer's share fills gradually, never with a gap at once.
  if (held > share) {
    for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) {
      if ((*it)->token.load() == 0) continue;
      CS_LOG_INFO("camera lease given back camera={} share={}", (*it)->camera, share);
      Drop(**it);
      --held;
      break;
    }
  }
  for (size_t i = 0; i < slots_.size() && held < share; ++i) {
    Slot& slot = *slots_[(first_try_ + i) % slots_.size()];
    if (slot.token.load() == 0 && Take(slot)) ++held;
  }
}

void CameraAssignment::ReleaseAll() {
  for (auto& slot : slots_) Drop(*slot);
  (void)redis_.Command({"ZREM", workers_key_, worker_});
}

bool CameraAssignment::Holds(const std::string& camera) const {
  const auto now = SteadyClock::now().time_since_epoch().count();
  for (const auto& slot : slots_) {
    if (slot->camera == camera) return slot->token.load() != 0 && now < slot->valid_until.load();
  }
  return false;
}

std::vector<std::string> CameraAssignment::Held() const {
  std::vector<std::string> out;
  for (const auto& slot : slots_) {
    if (Holds(slot->camera)) out.push_back(slot->camera);
  }
  return out;
}

}  // namespace cs::vision
