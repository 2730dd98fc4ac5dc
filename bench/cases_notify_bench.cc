// Found report → desk notification: the time from an officer's FileFoundReport call until the
// desk's WatchCaseEvents stream delivers the CANDIDATE event for it, through real gRPC and a
// real private redis-server (AOF, fsync always), with --open missing reports already open.
// The service runs in this process (CaseServiceImpl on a loopback gRPC server) so the clock on
// both ends is the same; the Redis work and both gRPC hops are the real ones.
//
// Run: build/release/bin/cases_notify_bench [--open 1000] [--reports 300]
// Target (issue 5): notification p99 < 100 ms.
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "common/grpc/time_convert.h"
#include "bench/bench_venue.h"
#include "common/redis/redis_pool.h"
#include "common/testing/redis_server.h"
#include "common/config.h"
#include "services/cases/case_events.h"
#include "services/cases/case_service.h"

namespace {

namespace v1 = crowdsafe::v1;
using Clock = std::chrono::steady_clock;

const char* kTops[] = {"红", "深蓝", "黄", "绿", "白", "黑", "粉", "紫", "橙", "灰"};
const char* kShoes[] = {"白", "黑", "红", "蓝", "粉"};

struct Child {
  v1::Sex sex;
  int age;
  int height;
  std::string top, shoes, zone;
};

Child RandomChild(std::mt19937& rng, const cs::Venue& venue) {
  Child c;
  c.sex = rng() % 2 ? v1::SEX_MALE : v1::SEX_FEMALE;
  c.age = 2 + static_cast<int>(rng() % 10);
  c.height = 80 + c.age * 6 + static_cast<int>(rng() % 10);
  c.top = kTops[rng() % 10];
  c.shoes = kShoes[rng() % 5];
  c.zone = venue.zones[rng() % venue.zones.size()].id;
  return c;
}

void Describe(const Child& c, v1::ChildDescription* d) {
  d->set_sex(c.sex);
  d->set_age_min(c.age);
  d->set_age_max(c.age);
  d->set_height_cm(c.height);
  d->mutable_clothing()->mutable_top()->add_colours(c.top);
  d->mutable_clothing()->mutable_shoes()->add_colours(c.shoes);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"found report → desk notification latency"};
  int open = 1000, reports = 300;
  app.add_option("--open", open, "missing reports open before measuring");
  app.add_option("--reports", reports, "found reports measured");
  CLI11_PARSE(app, argc, argv);

  cs::testing::RedisServer redis;
  if (auto s = redis.Start(); !s.ok()) {
    std::fprintf(stderr, "redis: %s\n", s.ToString().c_str());
    return 1;
  }
  auto venue = cs::bench::LoadOceanVenue();
  if (!venue) return 1;
  cs::RedisPool pool(redis.Config(), 8);
  cs::cases::RedisCaseStore store(pool, venue->id);
  cs::cases::CaseEventLog events(pool, venue->id);
  cs::cases::CaseServiceImpl service(*venue, store, *cs::SystemClock::Default(), {}, &events,
                                     nullptr);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::CaseService::NewStub(channel);

  std::mt19937 rng(42);
  std::vector<Child> missing;
  for (int i = 0; i < open; ++i) {
    Child c = RandomChild(rng, *venue);
    v1::FileMissingReportRequest req;
    req.mutable_report()->set_venue_id(venue->id);
    Describe(c, req.mutable_report()->mutable_child());
    req.mutable_report()->set_last_seen_zone_id(c.zone);
    *req.mutable_report()->mutable_last_seen_at() = cs::ProtoNow();
    req.mutable_actor()->set_user_id("desk.bench");
    req.mutable_actor()->set_role(v1::ROLE_DESK);
    grpc::ClientContext ctx;
    v1::Case out;
    if (auto s = stub->FileMissingReport(&ctx, req, &out); !s.ok()) {
      std::fprintf(stderr, "missing report refused: %s\n", s.error_message().c_str());
      return 1;
    }
    missing.push_back(c);
  }

  // The desk's watch, as the dashboard holds it open all day.
  std::mutex mu;
  std::condition_variable arrived;
  std::map<std::string, Clock::time_point> seen;  // case id → when its candidate arrived
  grpc::ClientContext watch_ctx;
  v1::WatchCaseEventsRequest watch;
  watch.set_venue_id(venue->id);
  watch.mutable_actor()->set_user_id("desk.bench");
  watch.mutable_actor()->set_role(v1::ROLE_DESK);
  auto reader = stub->WatchCaseEvents(&watch_ctx, watch);
  std::thread watcher([&] {
    v1::CaseEvent e;
    while (reader->Read(&e)) {
      if (e.type() != v1::CASE_EVENT_CANDIDATE) continue;
      std::lock_guard lock(mu);
      seen.emplace(e.case_id(), Clock::now());
      arrived.notify_all();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the watch is established

  std::vector<double> ms;
  int missed = 0;
  for (int i = 0; i < reports; ++i) {
    const Child& c = missing[rng() % missing.size()];
    v1::FileFoundReportRequest req;
    req.mutable_report()->set_venue_id(venue->id);
    Describe(c, req.mutable_report()->mutable_child());
    req.mutable_report()->set_found_zone_id(c.zone);
    req.mutable_report()->set_held_at("走失儿童中心");
    *req.mutable_report()->mutable_found_at() = cs::ProtoNow();
    req.mutable_actor()->set_user_id("patrol.bench");
    req.mutable_actor()->set_role(v1::ROLE_PATROL);
    const auto t0 = Clock::now();
    grpc::ClientContext ctx;
    v1::Case out;
    if (auto s = stub->FileFoundReport(&ctx, req, &out); !s.ok()) {
      std::fprintf(stderr, "found report refused: %s\n", s.error_message().c_str());
      watch_ctx.TryCancel();
      watcher.join();
      return 1;
    }
    std::unique_lock lock(mu);
    if (!arrived.wait_for(lock, std::chrono::seconds(2),
                          [&] { return seen.count(out.case_id()) > 0; })) {
      ++missed;
      continue;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(seen[out.case_id()] - t0).count());
  }
  watch_ctx.TryCancel();
  watcher.join();
  server->Shutdown();

  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, size_t(p * ms.size()))]; };
  std::printf("open missing reports: %d, found reports: %d, notified: %zu, no candidate: %d\n",
              open, reports, ms.size(), missed);
  std::printf("found report -> desk notification: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
              "(target p99 < 100 ms)\n", pct(0.50), pct(0.99), ms.empty() ? 0.0 : ms.back());
  return 0;
}
