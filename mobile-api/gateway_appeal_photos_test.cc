// The appeal photo routes against a fake appeal-service in-process: lift-blur passes the photo
// id, the reason and the caller's identity from the token; the photo route serves the image
// appeal-service publishes, uncached, to press and desk only, and passes pending_lift; the
// found-report route refuses the photo attacks of issue 18 by the header, naming the photo.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <mutex>
#include <opencv2/imgcodecs.hpp>

#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "common/testing/unavailable_redis.h"
#include "mobile-api/gateway.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

// Redis is not used by these routes: every command fails.
using NoRedis = cs::testing::UnavailableRedis;

class FakeAppeals final : public v1::AppealService::Service {
 public:
  grpc::Status LiftFaceBlur(grpc::ServerContext*, const v1::AppealActionRequest* req,
                            v1::Appeal* out) override {
    std::lock_guard<std::mutex> lock(mu);
    last_lift = *req;
    out->set_appeal_id(req->appeal_id());
    auto* p = out->add_photos();
    p->set_photo_id(req->photo_id());
    p->set_face_blurred(true);
    p->set_lift_pending(true);
    return grpc::Status::OK;
  }
  grpc::Status GetAppealPhoto(grpc::ServerContext*, const v1::GetAppealPhotoRequest* req,
                              v1::AppealPhotoContent* out) override {
    std::lock_guard<std::mutex> lock(mu);
    last_photo = *req;
    if (req->photo_id() != "ap-1/photo-0") return grpc::Status(grpc::StatusCode::NOT_FOUND, "x");
    out->set_content_type("image/jpeg");
    out->set_data(req->pending_lift() ? "unblurred-jpeg" : "blurred-jpeg");
    return grpc::Status::OK;
  }
  std::mutex mu;
  v1::AppealActionRequest last_lift;
  v1::GetAppealPhotoRequest last_photo;
};

// Counts found reports that got past the gateway's checks.
class CountingCases final : public v1::CaseService::Service {
 public:
  grpc::Status FileFoundReport(grpc::ServerContext*, const v1::FileFoundReportRequest*,
                               v1::Case*) override {
    ++reached;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "not in this test");
  }
  std::atomic<int> reached{0};
};

class GatewayAppealPhotosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&appeals_);
    builder.RegisterService(&cases_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    config_.service = "api";
    config_.venue.id = "ocean";
    config_.server.listen = "127.0.0.1:0";
    config_.upstreams["appeals"] = "127.0.0.1:" + std::to_string(port);
    config_.upstreams["cases"] = "127.0.0.1:" + std::to_string(port);
    api_.web_root = "/nonexistent";
    for (auto [name, role] : {std::pair{"press1", Role::kPress}, std::pair{"desk1", Role::kDesk},
                              std::pair{"patrol1", Role::kPatrol}}) {
      User u;
      u.username = name;
      u.role = role;
      u.password_hash = *HashPassword("pw", "min");
      api_.users.push_back(u);
    }
    gateway_ = std::make_unique<Gateway>(config_, api_, redis_, *SystemClock::Default(),
                                         StateBackend::kInProcess);
    ASSERT_TRUE(gateway_->Start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(5, 0);
  }
  void TearDown() override {
    gateway_->Stop();
    server_->Shutdown(std::chrono::system_clock::now() + 1s);
  }
  httplib::Headers Auth(const std::string& user) {
    auto res = client_->Post("/v1/auth/login",
                             "{\"username\":\"" + user + "\",\"password\":\"pw\"}",
                             "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return {{"Authorization",
             "Bearer " + (res ? res->body.substr(res->body.find("\"token\":\"") + 9, 64) : "")}};
  }

  FakeAppeals appeals_;
  CountingCases cases_;
  std::unique_ptr<grpc::Server> server_;
  NoRedis redis_;
  ServiceConfig config_;
  ApiConfig api_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(GatewayAppealPhotosTest, LiftBlurOfOnePhotoCarriesPhotoIdReasonAndCaller) {
  auto res = client_->Post("/v1/appeals/ap-1/lift-blur", Auth("press1"),
                           R"({"photoId":"ap-1/photo-0","reason":"家长书面同意"})",
                           "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("\"liftPending\":true"), std::string::npos) << res->body;
  {
    std::lock_guard<std::mutex> lock(appeals_.mu);
    EXPECT_EQ(appeals_.last_lift.appeal_id(), "ap-1");
    EXPECT_EQ(appeals_.last_lift.photo_id(), "ap-1/photo-0");
    EXPECT_EQ(appeals_.last_lift.reason(), "家长书面同意");
    EXPECT_EQ(appeals_.last_lift.actor().user_id(), "press1");
    EXPECT_EQ(appeals_.last_lift.actor().role(), v1::ROLE_PRESS);
  }
  auto desk = client_->Post("/v1/appeals/ap-1/lift-blur", Auth("desk1"),
                            R"({"photoId":"ap-1/photo-0","reason":"x"})", "application/json");
  ASSERT_TRUE(desk);
  EXPECT_EQ(desk->status, 403);
}

TEST_F(GatewayAppealPhotosTest, PublishedPhotoServedToPressAndDeskUncached) {
  for (const char* user : {"press1", "desk1"}) {
    auto res = client_->Get("/v1/appeals/ap-1/photos/photo-0", Auth(user));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << user << " " << res->body;
    EXPECT_EQ(res->body, "blurred-jpeg");
    EXPECT_EQ(res->get_header_value("Content-Type"), "image/jpeg");
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store, private");
  }
  std::lock_guard<std::mutex> lock(appeals_.mu);
  EXPECT_EQ(appeals_.last_photo.actor().role(), v1::ROLE_DESK);
  EXPECT_FALSE(appeals_.last_photo.pending_lift());
}

TEST_F(GatewayAppealPhotosTest, PendingLiftPreviewAndRefusals) {
  auto preview = client_->Get("/v1/appeals/ap-1/photos/photo-0?pending_lift=true", Auth("press1"));
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200);
  EXPECT_EQ(preview->body, "unblurred-jpeg");
  auto patrol = client_->Get("/v1/appeals/ap-1/photos/photo-0", Auth("patrol1"));
  ASSERT_TRUE(patrol);
  EXPECT_EQ(patrol->status, 403);
  auto missing = client_->Get("/v1/appeals/ap-1/photos/photo-7", Auth("press1"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto bad = client_->Get("/v1/appeals/ap-1/photos/photo-0?pending_lift=maybe", Auth("press1"));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

// Issue 18 items 1 and 5 through the gateway: refused with 400 naming the photo, before any
// service is asked.
TEST_F(GatewayAppealPhotosTest, PhotoAttacksAreRefusedByTheHeader) {
  std::vector<uchar> small;
  cv::imencode(".jpg", cv::Mat(8, 8, CV_8UC1, cv::Scalar(90)), small,
               {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  std::string bomb(small.begin(), small.end());
  for (size_t i = 2; i + 9 < bomb.size();) {
    const size_t len = (uint8_t(bomb[i + 2]) << 8) | uint8_t(bomb[i + 3]);
    if (uint8_t(bomb[i + 1]) == 0xC2) {
      bomb[i + 5] = 0x40, bomb[i + 6] = 0, bomb[i + 7] = 0x40, bomb[i + 8] = 0;  // 16384²
      break;
    }
    i += 2 + len;
  }
  cv::Mat noise(240, 320, CV_8UC3);
  cv::randu(noise, 0, 255);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", noise, jpeg);
  const std::string cut(jpeg.begin(), jpeg.begin() + jpeg.size() * 6 / 10);
  const std::string report =
      R"({"report":{"foundZoneId":"penguin","foundAt":"2026-02-01T06:12:00Z","heldAt":"centre"}})";
  for (const auto& [photo, detail] :
       {std::pair{bomb, "photos[0]: image has more than 16000000 pixels"},
        std::pair{cut, "photos[0]: JPEG is truncated (no end-of-image marker)"}}) {
    httplib::MultipartFormDataItems items = {{"report", report, "", "application/json"},
                                             {"photo", photo, "p.jpg", "image/jpeg"}};
    auto res = client_->Post("/v1/reports/found", Auth("patrol1"), items);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_NE(res->body.find(detail), std::string::npos) << res->body;
    EXPECT_NE(res->body.find("\"field\":\"photos[0]\""), std::string::npos) << res->body;
  }
  EXPECT_EQ(cases_.reached.load(), 0);
}

}  // namespace
}  // namespace cs::api
