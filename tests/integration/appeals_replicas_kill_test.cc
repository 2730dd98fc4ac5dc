// Two appeal-service processes on one private Redis (issue 16): replica A takes case-service's
// request for a found child's appeal but cannot draft it (its case-service upstream is down,
// so the photo cannot be fetched) and holds it pending; while A lives and retries, replica B
// leaves it alone. A is killed with SIGKILL; B reclaims the request (XAUTOCLAIM after
// appeals.reclaim_idle_s) and drafts it: one appeal, nothing left pending.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "tests/integration/case_requests.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;
using testing::Found;
using testing::Who;

const char* kRequests = "cs:{venue:ocean}:appeal-requests";

class AppealsReplicasKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    redis_client_ = std::make_unique<HiredisClient>(redis_.Config());
    // case-service asks for a found child's appeal 1 s after the report.
    Write("cases.yaml", "cases:\n  escalation: {venue_wide_after_s: 600, missing_appeal_after_s: "
                        "600, found_appeal_after_s: 1, tick_ms: 100}\n");
    cases_ = Launch("case-service", "cases.yaml", "cases");
  }

  void Write(const std::string& name, const std::string& section) {
    std::ofstream(redis_.dir() + "/" + name)
        << "service: " << name.substr(0, name.find('.')) << "\nserver:\n  listen: 127.0.0.1:0\n"
        << "redis:\n  port: " << redis_.port() << "\nvenue_file: "
        << testing::SourcePath("config/venues/ocean.yaml") << "\n" << section;
  }

  // An appeal-service replica named `name` whose case-service is `cases` (host:port).
  std::string AppealsConfig(const std::string& name, const std::string& cases) {
    const std::string file = "appeals-" + name + ".yaml";
    std::ofstream(redis_.dir() + "/" + file)
        << "service: appeals\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: " << redis_.port()
        << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
        << "\nupstreams:\n  cases: " << cases << "\nappeals:\n  official_hotline: \"021-5819 0110\"\n"
        << "  consumer_name: " << name << "\n  reclaim_idle_s: 2\n";
    return file;
  }

  struct Launched {
    std::unique_ptr<testing::ChildProcess> process;
    int port = 0;
  };
  Launched Launch(const std::string& binary, const std::string& file, const std::string& log) {
    Launched l;
    l.process = std::make_unique<testing::ChildProcess>();
    EXPECT_TRUE(l.process
                    ->Start({testing::BinaryPath(binary), "--config", redis_.dir() + "/" + file},
                            redis_.dir() + "/" + log + ".log")
                    .ok());
    auto port = l.process->WaitForListening(15s);
    EXPECT_TRUE(port.ok()) << port.status();
    l.port = port.value_or(0);
    return l;
  }

  // Pending entries of the request group by consumer name.
  std::map<std::string, int> Pending() {
    std::map<std::string, int> out;
    auto reply = redis_client_->Command({"XPENDING", kRequests, "appeal-service"});
    if (!reply.ok() || reply->elements.size() < 4) return out;
    for (const auto& c : reply->elements[3].elements) {
      if (c.elements.size() == 2) out[c.elements[0].str] = std::atoi(c.elements[1].str.c_str());
    }
    return out;
  }

  bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(50ms)) {
      if (done()) return true;
    }
    return done();
  }

  testing::RedisServer redis_;
  std::unique_ptr<HiredisClient> redis_client_;
  Launched cases_;
};

TEST_F(AppealsReplicasKillTest, ADeadReplicasPendingRequestIsReclaimedAndDraftedOnce) {
  Launched a = Launch("appeal-service", AppealsConfig("appeals-a", "127.0.0.1:1"), "appeals-a");

  auto cases = v1::CaseService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(cases_.port), grpc::InsecureChannelCredentials()));
  auto report = Found();
  std::vector<uchar> png;
  cv::imencode(".png", cv::Mat(64, 64, CV_8UC3, cv::Scalar(40, 90, 160)), png);
  report.add_photos()->set_data(std::string(png.begin(), png.end()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  v1::Case found;
  grpc::Status filed = cases->FileFoundReport(&ctx, report, &found);
  ASSERT_TRUE(filed.ok()) << filed.error_message();

  // A took the request and cannot draft it: it stays pending under A's name.
  ASSERT_TRUE(WaitFor([&] { return Pending()["appeals-a"] == 1; }, 10s)) << "A never held it";

  Launched b = Launch("appeal-service",
                      AppealsConfig("appeals-b", "127.0.0.1:" + std::to_string(cases_.port)),
                      "appeals-b");
  // A retries its own pending entry every pass, so it never idles past 2 s: B leaves it.
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(Pending()["appeals-a"], 1) << "taken from a live replica";

  a.process->Signal(SIGKILL);
  a.process->Wait(5s);
  ASSERT_TRUE(WaitFor([&] { return Pending().empty(); }, 10s)) << "never reclaimed";

  auto appeals = v1::AppealService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(b.port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext list_ctx;
  v1::ListAppealsRequest list;
  *list.mutable_actor() = Who("press.li", v1::ROLE_PRESS);
  v1::ListAppealsResponse listed;
  ASSERT_TRUE(appeals->ListAppeals(&list_ctx, list, &listed).ok());
  int drafted = 0;
  for (const auto& ap : listed.appeals()) {
    drafted += ap.case_id() == found.case_id() && ap.kind() == v1::APPEAL_FOUND_CHILD;
  }
  EXPECT_EQ(drafted, 1);
}

}  // namespace
}  // namespace cs
