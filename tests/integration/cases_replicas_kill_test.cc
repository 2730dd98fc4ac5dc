// Two case-service processes on one private Redis (issue 16), one killed with SIGKILL while the
// escalation timers of the cases it filed are still running: each timer action (zone and venue
// broadcast, exit-gate watch, appeal request) is announced exactly once by the two replicas
// together, and the survivor's candidates include the cases the dead replica filed.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "tests/integration/case_requests.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;
using testing::Found;
using testing::Missing;
using testing::Who;

struct Replica {
  std::unique_ptr<testing::ChildProcess> process;
  std::unique_ptr<v1::CaseService::Stub> stub;
};

class CasesReplicasKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    const std::string config = redis_.dir() + "/cases.yaml";
    // Timers in seconds: zone broadcast at filing, venue-wide at 3 s, appeal request at 6 s.
    std::ofstream(config) << "service: cases\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                          << redis_.port() << "\nvenue_file: "
                          << testing::SourcePath("config/venues/ocean.yaml")
                          << "\ncases:\n  escalation: {venue_wide_after_s: 3, "
                             "missing_appeal_after_s: 6, found_appeal_after_s: 600, tick_ms: 100}\n";
    for (int i = 0; i < 2; ++i) {
      auto& r = replicas_[i];
      r.process = std::make_unique<testing::ChildProcess>();
      ASSERT_TRUE(r.process
                      ->Start({testing::BinaryPath("case-service"), "--config", config},
                              redis_.dir() + "/cases" + std::to_string(i) + ".log")
                      .ok());
      auto port = r.process->WaitForListening(15s);
      ASSERT_TRUE(port.ok()) << port.status();
      r.stub = v1::CaseService::NewStub(grpc::CreateChannel(
          "127.0.0.1:" + std::to_string(*port), grpc::InsecureChannelCredentials()));
    }
  }

  static std::chrono::system_clock::time_point In(std::chrono::milliseconds d) {
    return std::chrono::system_clock::now() + d;
  }

  std::string FileMissing(Replica& r) {
    grpc::ClientContext ctx;
    ctx.set_deadline(In(5s));
    v1::Case out;
    grpc::Status s = r.stub->FileMissingReport(&ctx, Missing(), &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.case_id();
  }

  // The case ids among `found`'s candidates as replica `r` ranks them.
  std::set<std::string> Candidates(Replica& r, const std::string& found) {
    grpc::ClientContext ctx;
    ctx.set_deadline(In(5s));
    v1::ListCandidatesRequest req;
    req.set_case_id(found);
    req.set_limit(20);
    *req.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    v1::ListCandidatesResponse out;
    EXPECT_TRUE(r.stub->ListCandidates(&ctx, req, &out).ok());
    std::set<std::string> ids;
    for (const auto& c : out.candidates()) ids.insert(c.case_id());
    return ids;
  }

  testing::RedisServer redis_;
  Replica replicas_[2];
};

TEST_F(CasesReplicasKillTest, TimersFireOnceAndCandidatesStayVisibleAfterAKill) {
  // Filed through both replicas; the first one dies before any case's venue-wide stage.
  std::vector<std::string> missing = {FileMissing(replicas_[0]), FileMissing(replicas_[1]),
                                      FileMissing(replicas_[0])};
  replicas_[0].process->Signal(SIGKILL);
  replicas_[0].process->Wait(5s);
  Replica& survivor = replicas_[1];

  grpc::ClientContext found_ctx;
  found_ctx.set_deadline(In(5s));
  v1::Case found;
  ASSERT_TRUE(survivor.stub->FileFoundReport(&found_ctx, Found(), &found).ok());
  std::set<std::string> seen;
  for (auto deadline = std::chrono::steady_clock::now() + 2s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
    seen = Candidates(survivor, found.case_id());
    if (std::all_of(missing.begin(), missing.end(), [&](auto& id) { return seen.count(id); })) break;
  }
  for (const auto& id : missing) EXPECT_TRUE(seen.count(id)) << id << " not a candidate";

  // Every event from the start of the log, as the survivor streams it, until 9 s have passed.
  grpc::ClientContext watch_ctx;
  watch_ctx.set_deadline(In(9s));
  v1::WatchCaseEventsRequest watch;
  watch.set_venue_id("ocean");
  watch.mutable_after()->set_value("0");
  *watch.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  auto reader = survivor.stub->WatchCaseEvents(&watch_ctx, watch);
  std::map<std::string, std::map<std::string, int>> actions;  // case -> action -> count
  v1::CaseEvent e;
  while (reader->Read(&e)) {
    std::string action;
    if (e.type() == v1::CASE_EVENT_BROADCAST_ZONE) action = "zone";
    if (e.type() == v1::CASE_EVENT_BROADCAST_VENUE) action = e.gate_ids_size() ? "exits" : "venue";
    if (e.type() == v1::CASE_EVENT_APPEAL_REQUESTED) action = "appeal";
    if (!action.empty()) ++actions[e.case_id()][action];
  }
  reader->Finish();
  for (const auto& id : missing) {
    for (const char* action : {"zone", "venue", "exits", "appeal"}) {
      EXPECT_EQ(actions[id][action], 1) << id << " " << action;
    }
  }
}

}  // namespace
}  // namespace cs
