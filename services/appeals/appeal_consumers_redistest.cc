// Two appeal-service replicas consuming case-service's appeal requests on one real
// redis-server (issue 16): each reads as its own consumer, so a request goes to one of them;
// a replica that dies with requests pending leaves them to the other, which takes them over
// (XAUTOCLAIM) once they have been idle long enough, and never before. Each request is drafted
// once. The drafting itself is a counting stand-in: what is tested is who handles what.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/testing/redis_server.h"
#include "services/appeals/appeal_requests.h"

namespace cs::appeals {
namespace {
namespace v1 = crowdsafe::v1;

// Counts the drafts per request_id; `broken` answers UNAVAILABLE (a replica whose drafting
// cannot reach its store: the entries stay pending under its name).
class CountingDrafts final : public v1::AppealService::Service {
 public:
  explicit CountingDrafts(bool broken = false) : broken_(broken) {}
  grpc::Status DraftAppeal(grpc::ServerContext*, const v1::DraftAppealRequest* req,
                           v1::Appeal* out) override {
    if (broken_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "store unreachable");
    std::lock_guard lock(mu_);
    ++drafts_[req->request_id()];
    out->set_appeal_id("appeal-" + req->request_id());
    return grpc::Status::OK;
  }
  std::map<std::string, int> drafts() {
    std::lock_guard lock(mu_);
    return drafts_;
  }

 private:
  const bool broken_;
  std::mutex mu_;
  std::map<std::string, int> drafts_;
};

class AppealConsumersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
  }

  void Raise(int n, const std::string& prefix) {
    for (int i = 0; i < n; ++i) {
      v1::DraftAppealRequest r;
      r.set_kind(v1::APPEAL_FOUND_CHILD);
      r.set_request_id(prefix + std::to_string(i) + "/found");
      r.mutable_snapshot()->set_case_id(prefix + std::to_string(i));
      ASSERT_TRUE(client_->XAdd(key_, {{"r", r.SerializeAsString()}}).ok());
    }
  }

  std::unique_ptr<AppealRequestConsumer> Consumer(HiredisClient& c, v1::AppealService::Service& s,
                                                  const std::string& name,
                                                  std::chrono::milliseconds idle = kIdle) {
    AppealRequestConsumerOptions o;
    o.consumer = name;
    o.interval = std::chrono::milliseconds(20);
    o.reclaim_idle = idle;
    return std::make_unique<AppealRequestConsumer>(c, "ocean", s, o);
  }

  // Pending entries per consumer (XPENDING's summary form).
  std::map<std::string, int64_t> PendingByConsumer() {
    std::map<std::string, int64_t> out;
    auto r = client_->Command({"XPENDING", key_, AppealRequestConsumer::kGroup});
    if (!r.ok() || r->elements.size() < 4) return out;
    for (const auto& c : r->elements[3].elements)
      out[c.elements[0].str] = std::stoll(c.elements[1].str);
    return out;
  }

  static constexpr std::chrono::milliseconds kIdle{300};
  const std::string key_ = VenueKey("ocean", "appeal-requests");
  cs::testing::RedisServer server_;
  std::unique_ptr<HiredisClient> client_;
};

TEST_F(AppealConsumersTest, DefaultNamesDifferPerProcessAndHost) {
  const std::string name = DefaultConsumerName();
  EXPECT_NE(name.find(':'), std::string::npos);
  EXPECT_NE(name.find(std::to_string(getpid())), std::string::npos);
  CountingDrafts drafts;
  AppealRequestConsumer c(*client_, "ocean", drafts);
  EXPECT_EQ(c.consumer(), name);
}

// Replica A reads ten requests and dies with them pending. B does not touch them while they
// are fresh (A might be alive and slow), and takes all ten over once idle: each drafted once.
TEST_F(AppealConsumersTest, DeadReplicasPendingRequestsAreReclaimedAndDraftedOnce) {
  Raise(10, "case-");
  {
    HiredisClient a_client(server_.Config());
    CountingDrafts broken(/*broken=*/true);
    auto a = Consumer(a_client, broken, "replica-a");
    auto acked = a->Poll();
    ASSERT_TRUE(acked.ok()) << acked.status();
    EXPECT_EQ(*acked, 0);
  }  // A is gone, its ten entries pending under its name
  EXPECT_EQ(PendingByConsumer(), (std::map<std::string, int64_t>{{"replica-a", 10}}));

  HiredisClient b_client(server_.Config());
  CountingDrafts drafts;
  auto b = Consumer(b_client, drafts, "replica-b");
  auto early = b->Poll();
  ASSERT_TRUE(early.ok()) << early.status();
  EXPECT_EQ(*early, 0) << "took entries a live replica may still be drafting";
  EXPECT_TRUE(drafts.drafts().empty());

  std::this_thread::sleep_for(kIdle + std::chrono::milliseconds(50));
  auto reclaimed = b->Poll();
  ASSERT_TRUE(reclaimed.ok()) << reclaimed.status();
  EXPECT_EQ(*reclaimed, 10);
  const auto n = drafts.drafts();
  ASSERT_EQ(n.size(), 10u);
  for (const auto& [id, count] : n) EXPECT_EQ(count, 1) << id;
  EXPECT_TRUE(PendingByConsumer().empty());
  auto len = client_->Command({"XLEN", key_});
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(len->integer, 0) << "handled entries are deleted (they carried restricted values)";
  auto again = b->Poll();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

// Both replicas running their loops while requests arrive: Redis gives each request to one
// consumer, so the two together draft every request exactly once. The reclaim idle time is the
// production order of magnitude here (30 s): it must exceed the time a live replica takes over a
// batch, or the other replica takes entries still being handled (then request_id keeps the
// draft single, but the work is done twice). With 300 ms on this loaded machine it did.
TEST_F(AppealConsumersTest, TwoRunningReplicasDraftEachRequestOnce) {
  HiredisClient a_client(server_.Config()), b_client(server_.Config());
  CountingDrafts a_drafts, b_drafts;
  auto a = Consumer(a_client, a_drafts, "replica-a", std::chrono::seconds(30));
  auto b = Consumer(b_client, b_drafts, "replica-b", std::chrono::seconds(30));
  a->Start();
  b->Start();
  for (int batch = 0; batch < 20; ++batch) {
    Raise(10, "case-" + std::to_string(batch) + "-");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::map<std::string, int> total;
  for (int i = 0; i < 200 && total.size() < 200u; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    total.clear();
    for (auto* d : {&a_drafts, &b_drafts})
      for (const auto& [id, count] : d->drafts()) total[id] += count;
  }
  a->Stop();
  b->Stop();
  ASSERT_EQ(total.size(), 200u);
  for (const auto& [id, count] : total) EXPECT_EQ(count, 1) << id;
  EXPECT_FALSE(a_drafts.drafts().empty()) << "A drafted nothing: not two consumers";
  EXPECT_FALSE(b_drafts.drafts().empty()) << "B drafted nothing: not two consumers";
}

}  // namespace
}  // namespace cs::appeals
