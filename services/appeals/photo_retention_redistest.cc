// Issue 14: appeal photos follow case-service's retention. The retention pass on the real Redis
// stores (a private redis-server) and a fake case-service over real gRPC: a purged case's
// published images (blurred and unblurred) are deleted and its appeals forget them, audited;
// other cases keep theirs; an unreachable case-service purges nothing and is retried.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>

#include "common/testing/redis_store_test.h"
#include "services/appeals/case_retention_client.h"
#include "services/appeals/desk/appeal_workflow.h"
#include "services/appeals/desk/photo_retention.h"
#include "services/appeals/redis_appeal_store.h"
#include "services/appeals/redis_published_photo_store.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;

// case-service as far as retention asks it: GetCase's state, NOT_FOUND or UNAVAILABLE.
class FakeCases final : public v1::CaseService::Service {
 public:
  grpc::Status GetCase(grpc::ServerContext*, const v1::GetCaseRequest* req,
                       v1::Case* out) override {
    std::lock_guard<std::mutex> lock(mu);
    ++asked[req->case_id()];
    last_role = req->actor().role();
    if (down) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
    auto it = states.find(req->case_id());
    if (it == states.end()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "case_id");
    out->set_case_id(req->case_id());
    out->set_state(it->second);
    return grpc::Status::OK;
  }
  std::mutex mu;
  std::map<std::string, v1::CaseState> states;
  std::map<std::string, int> asked;
  v1::Role last_role = v1::ROLE_UNSPECIFIED;
  bool down = false;
};

AppealTexts Texts() {
  AppealTexts t;
  t.zh_hans = {"【寻找走失儿童家长】企鹅馆", "请拨打官方热线。"};
  t.zh_hant = {"【尋找走失兒童家長】企鵝館", "請撥打官方熱線。"};
  t.en = {"Looking for the parents of a lost boy", "Call the official hotline."};
  return t;
}

class PhotoRetentionTest : public testing::RedisStoreTest {
 protected:
  void SetUp() override {
    RedisStoreTest::SetUp();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&cases_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = v1::CaseService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                         grpc::InsecureChannelCredentials()));
    client_status_ = std::make_unique<CaseRetentionClient>(stub_.get());
  }
  void TearDown() override { server_->Shutdown(); }
  void MakeStores(RedisClient& client) override {
    appeals_ = std::make_unique<RedisAppealStore>(client, "ocean");
    photos_ = std::make_unique<RedisPublishedPhotoStore>(client, "ocean");
    workflow_ = std::make_unique<AppealWorkflow>(appeals_.get(), &clock_);
  }

  // A found-child draft of `case_id` with one photo whose blurred and unblurred images are
  // stored, as drafting and a lift leave them.
  void Draft(const std::string& id, const std::string& case_id) {
    const std::string photo = id + "/photo-0";
    NewAppeal n{id, case_id, AppealKind::kFoundChild, Texts(), {{photo}}, {}, {}};
    n.photos[0].source_id = case_id + "/photo-0";
    ASSERT_TRUE(workflow_->CreateDraft(n, drafter_).ok());
    ASSERT_TRUE(photos_->Put(photo, PhotoVariant::kBlurred, "blurred-jpeg").ok());
    ASSERT_TRUE(photos_->Put(photo, PhotoVariant::kUnblurred, "unblurred-jpeg").ok());
  }
  bool Stored(const std::string& photo, PhotoVariant v) { return photos_->Get(photo, v).ok(); }
  PhotoRetention Retention() {
    return PhotoRetention(appeals_.get(), workflow_.get(), photos_.get(), client_status_.get());
  }

  FakeCases cases_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::CaseService::Stub> stub_;
  std::unique_ptr<CaseRetentionClient> client_status_;
  std::unique_ptr<RedisAppealStore> appeals_;
  std::unique_ptr<RedisPublishedPhotoStore> photos_;
  std::unique_ptr<AppealWorkflow> workflow_;
  ManualClock clock_{FromMillis(1'771'300'800'000)};
  Actor drafter_{"system:drafter", Role::kSystem};
};

TEST_F(PhotoRetentionTest, PurgedCaseLosesItsAppealPhotosOthersKeepTheirs) {
  cases_.states = {{"case-old", v1::CASE_PURGED}, {"case-new", v1::CASE_CLOSED}};
  Draft("a-old", "case-old");
  Draft("a-old-2", "case-old");  // two appeals of one case: case-service asked once
  Draft("a-new", "case-new");
  Draft("a-gone", "case-gone");  // case-service no longer knows the case
  auto count = Retention().PurgeOnce();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(count->appeals, 3);
  EXPECT_EQ(count->skipped, 0);
  for (const char* id : {"a-old", "a-old-2", "a-gone"}) {
    const std::string photo = std::string(id) + "/photo-0";
    EXPECT_FALSE(Stored(photo, PhotoVariant::kBlurred)) << id;
    EXPECT_FALSE(Stored(photo, PhotoVariant::kUnblurred)) << id;
    auto a = appeals_->Get(id);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_TRUE(a->photos.empty()) << id;
    ASSERT_FALSE(a->audit.empty());
    EXPECT_EQ(a->audit.back().action, "purge_photos");
    EXPECT_EQ(a->audit.back().actor_id, "system:retention");
    EXPECT_EQ(a->state, AppealState::kDraft) << "retention changes no state";
  }
  EXPECT_TRUE(Stored("a-new/photo-0", PhotoVariant::kBlurred));
  EXPECT_TRUE(Stored("a-new/photo-0", PhotoVariant::kUnblurred));
  EXPECT_EQ(appeals_->Get("a-new")->photos.size(), 1u);
  {
    std::lock_guard<std::mutex> lock(cases_.mu);
    EXPECT_EQ(cases_.asked["case-old"], 1);
    EXPECT_EQ(cases_.last_role, v1::ROLE_SYSTEM);
  }
  // The next pass has nothing left to purge and asks only about the case that kept its photos.
  auto again = Retention().PurgeOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->appeals, 0);
  std::lock_guard<std::mutex> lock(cases_.mu);
  EXPECT_EQ(cases_.asked["case-old"], 1);
  EXPECT_EQ(cases_.asked["case-new"], 2);
}

TEST_F(PhotoRetentionTest, UnreachableCaseServicePurgesNothingAndIsRetried) {
  cases_.states = {{"case-old", v1::CASE_PURGED}};
  Draft("a-old", "case-old");
  {
    std::lock_guard<std::mutex> lock(cases_.mu);
    cases_.down = true;
  }
  auto count = Retention().PurgeOnce();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(count->appeals, 0);
  EXPECT_EQ(count->skipped, 1);
  EXPECT_TRUE(Stored("a-old/photo-0", PhotoVariant::kBlurred));
  {
    std::lock_guard<std::mutex> lock(cases_.mu);
    cases_.down = false;
  }
  auto later = Retention().PurgeOnce();
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->appeals, 1);
  EXPECT_FALSE(Stored("a-old/photo-0", PhotoVariant::kBlurred));
}

// The purge is acknowledged only once Redis has it: after a crash and restart (AOF) the images
// stay gone and the appeal still has no photo.
TEST_F(PhotoRetentionTest, PurgeSurvivesARedisRestart) {
  cases_.states = {{"case-old", v1::CASE_PURGED}};
  Draft("a-old", "case-old");
  ASSERT_TRUE(Retention().PurgeOnce().ok());
  CrashAndRestartRedis();
  EXPECT_FALSE(Stored("a-old/photo-0", PhotoVariant::kBlurred));
  auto a = appeals_->Get("a-old");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->photos.empty());
}

// A record changed between reading it and forgetting its photos (a lift stored a new image)
// is left for the next pass, which deletes again.
TEST_F(PhotoRetentionTest, ForgetPhotosIsACompareAndSet) {
  Draft("a-old", "case-old");
  auto a = appeals_->Get("a-old");
  ASSERT_TRUE(a.ok());
  auto stale = workflow_->ForgetPhotos("a-old", a->revision - 1);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(appeals_->Get("a-old")->photos.size(), 1u);
  auto fresh = workflow_->ForgetPhotos("a-old", a->revision);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_TRUE(fresh->photos.empty());
}

}  // namespace
}  // namespace cs::appeals
