// Cross-replica candidate lag (issue 16): two case-service cores (each its own Redis connection
// pool, store, event log, service and IndexFollower) on one private redis-server (AOF, fsync
// always). Reports are filed alternately on each replica; the figure is the time from the
// filing's answer until the other replica's match index holds the case (IndexFeed), which is
// when its ListCandidates and notifications can name it. Also: what a full resync costs with
// --open cases open, and the Redis commands an idle follower sends.
//
// Run from the repository root:
//   build/release/bin/cases_replica_lag_bench [--open 1000] [--filings 300] [--poll-ms 50]
// Target (issue 16): visible on the other replica within 200 ms.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "common/config.h"
#include "common/grpc/time_convert.h"
#include "bench/bench_venue.h"
#include "common/redis/redis_pool.h"
#include "common/testing/redis_server.h"
#include "services/cases/case_service.h"
#include "services/cases/index_follower.h"

namespace {

namespace v1 = crowdsafe::v1;
using Clock = std::chrono::steady_clock;

struct Replica {
  Replica(const cs::RedisConfig& config, const cs::Venue& venue,
          cs::cases::IndexFollowerOptions follow)
      : pool(config, 4),
        store(pool, venue.id),
        events(pool, venue.id),
        service(venue, store, *cs::SystemClock::Default(), {}, &events, nullptr),
        follower(events, store, service.index_feed(), follow) {}
  cs::RedisPool pool;
  cs::cases::RedisCaseStore store;
  cs::cases::CaseEventLog events;
  cs::cases::CaseServiceImpl service;
  cs::cases::IndexFollower follower;
};

const char* kTops[] = {"红", "深蓝", "黄", "绿", "白", "黑", "粉", "紫", "橙", "灰"};

// Files a found report (odd i) or a missing one (even i) on `r`; its case id, "" on failure.
std::string File(Replica& r, const cs::Venue& venue, std::mt19937& rng, int i) {
  v1::ChildDescription child;
  child.set_sex(rng() % 2 ? v1::SEX_MALE : v1::SEX_FEMALE);
  const int age = 2 + static_cast<int>(rng() % 10);
  child.set_age_min(age);
  child.set_age_max(age);
  child.set_height_cm(80 + age * 6 + static_cast<int>(rng() % 10));
  child.mutable_clothing()->mutable_top()->add_colours(kTops[rng() % 10]);
  const std::string zone = venue.zones[rng() % venue.zones.size()].id;
  v1::Case out;
  grpc::Status s;
  if (i % 2 == 1) {
    v1::FileFoundReportRequest req;
    req.mutable_report()->set_venue_id(venue.id);
    *req.mutable_report()->mutable_child() = child;
    req.mutable_report()->set_found_zone_id(zone);
    req.mutable_report()->set_held_at("走失儿童中心");
    *req.mutable_report()->mutable_found_at() = cs::ProtoNow();
    req.mutable_actor()->set_user_id("patrol.bench");
    req.mutable_actor()->set_role(v1::ROLE_PATROL);
    s = r.service.FileFoundReport(nullptr, &req, &out);
  } else {
    v1::FileMissingReportRequest req;
    req.mutable_report()->set_venue_id(venue.id);
    *req.mutable_report()->mutable_child() = child;
    req.mutable_report()->set_last_seen_zone_id(zone);
    *req.mutable_report()->mutable_last_seen_at() = cs::ProtoNow();
    req.mutable_actor()->set_user_id("desk.bench");
    req.mutable_actor()->set_role(v1::ROLE_DESK);
    s = r.service.FileMissingReport(nullptr, &req, &out);
  }
  if (!s.ok()) std::fprintf(stderr, "filing refused: %s\n", s.error_message().c_str());
  return s.ok() ? out.case_id() : "";
}

int64_t CommandCalls(cs::RedisClient& client, const std::string& command) {
  auto info = client.Command({"INFO", "commandstats"});
  if (!info.ok()) return -1;
  const std::string key = "cmdstat_" + command + ":calls=";
  const size_t at = info->str.find(key);
  return at == std::string::npos ? 0 : std::stoll(info->str.substr(at + key.size()));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cross-replica candidate lag"};
  int open = 1000, filings = 300, poll_ms = 50;
  app.add_option("--open", open, "reports open before measuring (filed on replica A)");
  app.add_option("--filings", filings, "reports measured, filed alternately on A and B");
  app.add_option("--poll-ms", poll_ms, "the followers' poll period");
  CLI11_PARSE(app, argc, argv);

  cs::testing::RedisServer redis;
  if (auto s = redis.Start(); !s.ok()) {
    std::fprintf(stderr, "redis: %s\n", s.ToString().c_str());
    return 1;
  }
  auto venue = cs::bench::LoadOceanVenue();
  if (!venue) return 1;
  cs::cases::IndexFollowerOptions follow;
  follow.poll = std::chrono::milliseconds(poll_ms);
  follow.resync = std::chrono::hours(1);  // not during the measurement
  Replica a(redis.Config(), *venue, follow), b(redis.Config(), *venue, follow);
  std::mt19937 rng(42);
  for (int i = 0; i < open; ++i) {
    if (File(a, *venue, rng, i).empty()) return 1;
  }
  const auto r0 = Clock::now();
  auto primed = b.follower.Prime();
  const double resync_ms = std::chrono::duration<double, std::milli>(Clock::now() - r0).count();
  if (!primed.ok() || !a.follower.Prime().ok()) {
    std::fprintf(stderr, "prime failed\n");
    return 1;
  }
  a.follower.Start();
  b.follower.Start();

  // Idle: what the two followers send while nothing is written.
  const int64_t xrange0 = CommandCalls(a.pool, "xrange");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const int64_t idle_per_s = (CommandCalls(a.pool, "xrange") - xrange0) / 2;

  std::vector<double> ms;
  int late = 0;
  for (int i = 0; i < filings; ++i) {
    Replica& from = i % 2 == 0 ? a : b;
    Replica& to = i % 2 == 0 ? b : a;
    const std::string id = File(from, *venue, rng, i);
    if (id.empty()) return 1;
    const auto filed = Clock::now();
    while (to.service.index_feed().AppliedVersion(id) == 0) {
      if (Clock::now() - filed > std::chrono::seconds(5)) break;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    const double lag = std::chrono::duration<double, std::milli>(Clock::now() - filed).count();
    if (lag > 200) ++late;
    ms.push_back(lag);
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 20));  // unaligned with polls
  }
  a.follower.Stop();
  b.follower.Stop();
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * ms.size()))]; };
  std::printf("open reports: %d, filings measured: %d (alternating replicas), poll %d ms\n", open,
              filings, poll_ms);
  std::printf("visible on the other replica: p50 %.1f ms, p99 %.1f ms, max %.1f ms; over 200 ms: "
              "%d (target: all within 200 ms)\n",
              pct(0.5), pct(0.99), ms.back(), late);
  std::printf("full resync (prime) of %zu open reports: %.1f ms\n", *primed, resync_ms);
  std::printf("idle followers (2 replicas): %lld XRANGE/s\n", static_cast<long long>(idle_per_s));
  return 0;
}
