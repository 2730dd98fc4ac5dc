// Found report → appeal draft: case-service and appeal-service as real processes on a private
// redis-server (AOF, fsync always). case-service is configured to request the found-child
// appeal at once (found_appeal_after_s: 0) instead of after 15 minutes, so what is timed is the
// path the timer takes when it fires: the report stored, the request raised on the stream,
// appeal-service's consumer reading it, the drafter writing three languages under the PII guard,
// and the draft stored — until ListAppeals shows it (polled every 2 ms).
//
// Run from the repo root:
//   CS_BINARY_DIR=build/release CS_SOURCE_DIR=$PWD build/release/bin/cases_draft_bench [--reports 100]
// Target (DESIGN.md): p99 < 500 ms.
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "common/grpc/time_convert.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace {
namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string Config(const cs::testing::RedisServer& redis, const std::string& name,
                   const std::string& section) {
  std::string path = redis.dir() + "/" + name + ".yaml";
  std::ofstream(path) << "service: " << name << "\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                      << redis.port() << "\nlog:\n  level: warn\nvenue_file: "
                      << cs::testing::SourcePath("config/venues/ocean.yaml") << "\n" << section;
  return path;
}

template <typename Service>
std::unique_ptr<typename Service::Stub> Connect(cs::testing::ChildProcess& p) {
  auto port = p.WaitForListening(15s);
  if (!port.ok()) return nullptr;
  return Service::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(*port),
                                           grpc::InsecureChannelCredentials()));
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"found report → appeal draft latency (real processes)"};
  int reports = 100;
  app.add_option("--reports", reports, "found reports measured, one at a time");
  CLI11_PARSE(app, argc, argv);

  cs::testing::RedisServer redis;
  if (!redis.Start().ok()) return 1;
  cs::testing::ChildProcess cases, appeals;
  if (!cases.Start({cs::testing::BinaryPath("case-service"), "--config",
                    Config(redis, "cases", "cases:\n  escalation: {found_appeal_after_s: 0}\n")},
                   redis.dir() + "/cases.log").ok() ||
      !appeals.Start({cs::testing::BinaryPath("appeal-service"), "--config",
                      Config(redis, "appeals", "appeals:\n  official_hotline: \"021-5819 0110\"\n")},
                     redis.dir() + "/appeals.log").ok()) {
    std::fprintf(stderr, "could not start the services (set CS_BINARY_DIR and CS_SOURCE_DIR)\n");
    return 1;
  }
  auto case_stub = Connect<v1::CaseService>(cases);
  auto appeal_stub = Connect<v1::AppealService>(appeals);
  if (!case_stub || !appeal_stub) return 1;

  std::vector<double> ms;
  std::set<std::string> drafted;
  for (int i = 0; i < reports; ++i) {
    v1::FileFoundReportRequest req;
    auto* r = req.mutable_report();
    r->set_venue_id("ocean");
    r->mutable_child()->set_sex(i % 2 ? v1::SEX_MALE : v1::SEX_FEMALE);
    r->mutable_child()->set_age_min(3 + i % 8);
    r->mutable_child()->set_age_max(4 + i % 8);
    r->mutable_child()->mutable_clothing()->mutable_top()->add_colours("红");
    r->set_found_zone_id("penguin");
    *r->mutable_found_at() = cs::ProtoNow();
    r->set_held_at("走失儿童中心");
    req.mutable_actor()->set_user_id("patrol.bench");
    req.mutable_actor()->set_role(v1::ROLE_PATROL);
    const auto t0 = Clock::now();
    grpc::ClientContext ctx;
    v1::Case c;
    if (auto s = case_stub->FileFoundReport(&ctx, req, &c); !s.ok()) {
      std::fprintf(stderr, "found report refused: %s\n", s.error_message().c_str());
      return 1;
    }
    bool seen = false;
    while (!seen && Clock::now() - t0 < 5s) {
      grpc::ClientContext lctx;
      v1::ListAppealsRequest list;
      list.mutable_page()->set_page_size(500);
      list.mutable_actor()->set_user_id("press.bench");
      list.mutable_actor()->set_role(v1::ROLE_PRESS);
      v1::ListAppealsResponse out;
      if (appeal_stub->ListAppeals(&lctx, list, &out).ok()) {
        for (const auto& a : out.appeals()) seen |= a.case_id() == c.case_id();
      }
      if (!seen) std::this_thread::sleep_for(2ms);
    }
    if (!seen) {
      std::fprintf(stderr, "no draft within 5 s for %s\n", c.case_id().c_str());
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * ms.size()))]; };
  std::printf("found reports: %d, drafted: %zu\n", reports, ms.size());
  std::printf("found report -> appeal draft: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
              "(target p99 < 500 ms)\n", pct(0.5), pct(0.99), ms.back());
  return 0;
}
