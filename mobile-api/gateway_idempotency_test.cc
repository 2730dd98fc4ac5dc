// Idempotency-Key through the real gateway on a private redis-server, with an in-process fake
// case-service that counts what it was asked to create: a retry with the same key and body is
// answered from Redis and creates nothing; the same key with another body is 422 naming the
// header; keys are per user; a key still in flight is 409; answers a retry may change are not
// kept; the record lives 24 h.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "mobile-api/gateway.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

class CountingCases final : public v1::CaseService::Service {
 public:
  grpc::Status FileFoundReport(grpc::ServerContext*, const v1::FileFoundReportRequest* req,
                               v1::Case* out) override {
    int n = ++filed;
    if (hold_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms.load()));
    if (fail_next.exchange(false)) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    out->set_case_id("case-" + std::to_string(n));
    out->set_created_by(req->actor().user_id());
    out->set_kind(v1::CASE_FOUND);
    return grpc::Status::OK;
  }
  grpc::Status CompleteHandover(grpc::ServerContext*, const v1::CompleteHandoverRequest* req,
                                v1::Case* out) override {
    ++handovers;
    out->set_case_id(req->case_id());
    out->set_state(v1::CASE_REUNITED);
    return grpc::Status::OK;
  }
  std::atomic<int> filed{0};
  std::atomic<int> handovers{0};
  std::atomic<int> hold_ms{0};
  std::atomic<bool> fail_next{false};
};

class GatewayIdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_server_.Start().ok());
    redis_ = std::make_unique<HiredisClient>(redis_server_.Config());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&cases_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    config_.service = "api";
    config_.venue.id = "ocean";
    config_.server.listen = "127.0.0.1:0";
    config_.upstreams["cases"] = "127.0.0.1:" + std::to_string(port);
    api_.web_root = "/nonexistent";
    api_.login_per_minute_per_ip = 1000;
    for (const char* name : {"patrol1", "patrol2"}) {
      User u;
      u.username = name;
      u.role = Role::kPatrol;
      u.password_hash = *HashPassword("pw", "min");
      u.zones = {"penguin"};
      api_.users.push_back(u);
    }
    gateway_ = std::make_unique<Gateway>(config_, api_, *redis_, *SystemClock::Default());
    ASSERT_TRUE(gateway_->Start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(10, 0);
  }
  void TearDown() override {
    gateway_->Stop();
    server_->Shutdown(std::chrono::system_clock::now() + 1s);
  }

  // One login per user: logins are rate limited per user.
  std::string Token(const std::string& user) {
    auto& token = tokens_[user];
    if (token.empty()) token = Login(user);
    return token;
  }
  std::string Login(const std::string& user) {
    auto res =
        client_->Post("/v1/auth/login", "{\"username\":\"" + user + "\",\"password\":\"pw\"}",
                      "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return res ? res->body.substr(res->body.find("\"token\":\"") + 9, 64) : "";
  }
  httplib::Headers Headers(const std::string& user, const std::string& key) {
    httplib::Headers h = {{"Authorization", "Bearer " + Token(user)}};
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return h;
  }
  httplib::Result PostReport(const std::string& user, const std::string& key,
                             const std::string& body) {
    return client_->Post("/v1/reports/found", Headers(user, key), body, "application/json");
  }

  static constexpr const char* kBody =
      R"({"report":{"foundZoneId":"penguin","foundAt":"2026-02-01T06:12:00Z","heldAt":"centre"}})";
  static constexpr const char* kKey = "0b6f2c1e-7a55-4c1b-9d0e-2f6a3b9c8d71";

  cs::testing::RedisServer redis_server_;
  std::unique_ptr<HiredisClient> redis_;
  CountingCases cases_;
  std::unique_ptr<grpc::Server> server_;
  ServiceConfig config_;
  ApiConfig api_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(GatewayIdempotencyTest, RetryWithSameKeyAndBodyCreatesNothingAndGetsTheSameAnswer) {
  auto first = PostReport("patrol1", kKey, kBody);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto again = PostReport("patrol1", kKey, kBody);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(cases_.filed.load(), 1);
  // The record is in Redis, under the venue's hash tag and the user, for 24 h.
  auto ttl = redis_->Command({"TTL", "cs:{venue:ocean}:idem:patrol1:" + std::string(kKey)});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 86400 - 60);
  EXPECT_LE(ttl->integer, 86400);
  // Without a key every POST creates.
  ASSERT_EQ(PostReport("patrol1", "", kBody)->status, 200);
  EXPECT_EQ(cases_.filed.load(), 2);
}

TEST_F(GatewayIdempotencyTest, SameKeyWithAnotherBodyIs422NamingTheHeader) {
  ASSERT_EQ(PostReport("patrol1", kKey, kBody)->status, 200);
  auto other = PostReport(
      "patrol1", kKey,
      R"({"report":{"foundZoneId":"plaza","foundAt":"2026-02-01T06:12:00Z","heldAt":"centre"}})");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 422);
  EXPECT_EQ(other->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_NE(other->body.find("\"field\":\"Idempotency-Key\""), std::string::npos) << other->body;
  // The same key on another route is another request too.
  auto elsewhere = client_->Post("/v1/cases/case-1/handover", Headers("patrol1", kKey), "{}",
                                 "application/json");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 422);
  EXPECT_EQ(cases_.filed.load(), 1);
  EXPECT_EQ(cases_.handovers.load(), 0);
}

TEST_F(GatewayIdempotencyTest, KeysAreScopedPerUser) {
  auto mine = PostReport("patrol1", kKey, kBody);
  ASSERT_EQ(mine->status, 200);
  // Another officer reusing (or forging) the key neither sees the first answer nor is blocked.
  auto theirs = PostReport("patrol2", kKey, kBody);
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->status, 200);
  EXPECT_EQ(theirs->get_header_value("Idempotent-Replayed"), "");
  EXPECT_NE(theirs->body, mine->body);
  EXPECT_NE(theirs->body.find("patrol2"), std::string::npos);
  EXPECT_EQ(cases_.filed.load(), 2);
}

TEST_F(GatewayIdempotencyTest, MultipartRetryWithANewBoundaryIsTheSameRequest) {
  cv::Mat img(80, 80, CV_8UC3, cv::Scalar(10, 20, 30));
  std::vector<uchar> jpg;
  ASSERT_TRUE(cv::imencode(".jpg", img, jpg));
  httplib::MultipartFormDataItems items = {
      {"report", kBody, "report.json", "application/json"},
      {"photo", std::string(jpg.begin(), jpg.end()), "a.jpg", "image/jpeg"}};
  // httplib draws a fresh random boundary for each request, as a browser does.
  auto first = client_->Post("/v1/reports/found", Headers("patrol1", kKey), items);
  auto second = client_->Post("/v1/reports/found", Headers("patrol1", kKey), items);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, first->body);
  EXPECT_EQ(cases_.filed.load(), 1);
  items[1].content[items[1].content.size() / 2] ^= 1;  // another photo
  auto changed = client_->Post("/v1/reports/found", Headers("patrol1", kKey), items);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 422);
}

TEST_F(GatewayIdempotencyTest, AKeyInFlightIs409AndAFailureIsNotKept) {
  cases_.hold_ms = 800;
  const httplib::Headers headers = Headers("patrol1", kKey);
  std::thread slow([&] {
    httplib::Client own("127.0.0.1", gateway_->port());  // a client is not shared across threads
    own.set_read_timeout(10, 0);
    auto res = own.Post("/v1/reports/found", headers, kBody, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  });
  std::this_thread::sleep_for(300ms);
  auto concurrent = PostReport("patrol1", kKey, kBody);
  slow.join();
  ASSERT_TRUE(concurrent);
  EXPECT_EQ(concurrent->status, 409) << concurrent->body;
  EXPECT_EQ(concurrent->get_header_value("Retry-After"), "1");
  EXPECT_EQ(cases_.filed.load(), 1);

  // A 503 from the service is not the request's answer: the retry runs again.
  cases_.hold_ms = 0;
  cases_.fail_next = true;
  const std::string key2 = "retry-after-503";
  EXPECT_EQ(PostReport("patrol1", key2, kBody)->status, 503);
  auto retried = PostReport("patrol1", key2, kBody);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, 200);
  EXPECT_EQ(retried->get_header_value("Idempotent-Replayed"), "");
  EXPECT_EQ(cases_.filed.load(), 3);
}

TEST_F(GatewayIdempotencyTest, BadKeysAreRefusedBeforeAnythingRuns) {
  auto blank = PostReport("patrol1", std::string(129, 'a'), kBody);
  ASSERT_TRUE(blank);
  EXPECT_EQ(blank->status, 400);
  EXPECT_NE(blank->body.find("\"field\":\"Idempotency-Key\""), std::string::npos);
  auto odd = PostReport("patrol1", "key with spaces", kBody);
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->status, 400);
  EXPECT_EQ(cases_.filed.load(), 0);
}

TEST_F(GatewayIdempotencyTest, WithoutRedisAKeyedWriteIsRefusedNotRunTwice) {
  Token("patrol1");  // logged in while Redis is up; sessions are in Redis too (issue 16)
  redis_server_.Kill();
  auto res = PostReport("patrol1", kKey, kBody);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(cases_.filed.load(), 0);
}

}  // namespace
}  // namespace cs::api
