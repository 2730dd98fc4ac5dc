// Two appeal-service cores on one real redis-server (issue 16): an answer written or retired on
// one replica is found (or no longer found) by the other's SearchAnswers after its follower's
// next check; a check with nothing changed reloads nothing; Redis away leaves the index as it
// was (an outage must not empty the library).
#include <gtest/gtest.h>

#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/appeals/answer_library_follower.h"
#include "services/appeals/appeal_service.h"

namespace cs::appeals {
namespace {
namespace v1 = crowdsafe::v1;

struct Replica {
  Replica(const RedisConfig& config, const Clock& clock,
          std::chrono::milliseconds period = std::chrono::seconds(1))
      : client(config), answers(client, "ocean"), follower(answers, period) {
    EXPECT_TRUE(follower.Prime().ok());
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals;
    o.inbox = &inbox;
    o.answers = &follower;
    o.publisher = &publisher;
    o.clock = &clock;
    auto s = AppealServiceImpl::Create(std::move(o));
    EXPECT_TRUE(s.ok()) << s.status();
    service = *std::move(s);
  }
  absl::StatusOr<bool> Check() { return follower.CheckOnce(service->library()); }

  HiredisClient client;
  RedisAnswerStore answers;
  AnswerLibraryFollower follower;
  InMemoryAppealStore appeals;
  InMemoryInboxStore inbox;
  OutboxPublisher publisher;
  std::unique_ptr<AppealServiceImpl> service;
};

v1::Actor Press(const std::string& id) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(v1::ROLE_PRESS);
  return a;
}

class AnswerLibraryReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    a_ = std::make_unique<Replica>(server_.Config(), clock_);
    b_ = std::make_unique<Replica>(server_.Config(), clock_);
  }

  v1::AnswerEntry Upsert(Replica& r, const std::string& question, const std::string& answer,
                         const std::string& id = "", int version = 0) {
    v1::UpsertAnswerRequest req;
    req.mutable_entry()->set_answer_id(id);
    req.mutable_entry()->set_version(version);
    req.mutable_entry()->set_question(question);
    req.mutable_entry()->set_answer(answer);
    *req.mutable_actor() = Press("press.li");
    v1::AnswerEntry out;
    grpc::Status s = r.service->UpsertAnswer(nullptr, &req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  std::vector<std::string> Search(Replica& r, const std::string& query) {
    v1::SearchAnswersRequest req;
    req.set_query(query);
    *req.mutable_actor() = Press("press.wang");
    v1::SearchAnswersResponse out;
    EXPECT_TRUE(r.service->SearchAnswers(nullptr, &req, &out).ok());
    std::vector<std::string> answers;
    for (const auto& h : out.hits()) answers.push_back(h.entry().answer());
    return answers;
  }

  cs::testing::RedisServer server_;
  ManualClock clock_{FromMillis(1'771'300'900'000)};
  std::unique_ptr<Replica> a_, b_;
};

TEST_F(AnswerLibraryReplicasTest, AnEditOnOneReplicaIsFoundOnTheOtherAfterItsCheck) {
  auto nothing = b_->Check();
  ASSERT_TRUE(nothing.ok());
  EXPECT_FALSE(*nothing) << "nothing changed, yet it reloaded";

  const v1::AnswerEntry e = Upsert(*a_, "停车场几点关门？", "停车场开放至晚上十点。");
  EXPECT_TRUE(Search(*b_, "停车场").empty()) << "B has not checked yet";
  auto reloaded = b_->Check();
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_TRUE(*reloaded);
  EXPECT_EQ(Search(*b_, "停车场"), std::vector<std::string>{"停车场开放至晚上十点。"});

  // B edits it (its index now knows version 1); A follows.
  Upsert(*b_, "停车场几点关门？", "停车场开放至晚上十一点。", e.answer_id(), 1);
  ASSERT_TRUE(*a_->Check());
  EXPECT_EQ(Search(*a_, "停车场"), std::vector<std::string>{"停车场开放至晚上十一点。"});
  auto again = a_->Check();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

TEST_F(AnswerLibraryReplicasTest, RedisAwayLeavesTheIndexAsItWas) {
  Upsert(*a_, "儿童票怎么买？", "一米二以下儿童免票。");
  ASSERT_TRUE(*b_->Check());
  server_.Stop();
  EXPECT_FALSE(b_->Check().ok());
  EXPECT_EQ(Search(*b_, "儿童票").size(), 1u) << "an outage emptied the library";
  ASSERT_TRUE(server_.Restart().ok());
  absl::StatusOr<bool> back = absl::UnavailableError("not yet");
  for (int i = 0; i < 50 && !back.ok(); ++i) {  // the client reconnects with backoff
    back = b_->Check();
    if (!back.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_FALSE(*back) << "nothing changed while Redis was away";
  EXPECT_EQ(Search(*b_, "儿童票").size(), 1u);
}

// The loop itself: with C's follower running (100 ms period), A's new answer is found on C
// within a few periods.
TEST_F(AnswerLibraryReplicasTest, RunningFollowerPicksUpAnotherReplicasAnswer) {
  Replica c(server_.Config(), clock_, std::chrono::milliseconds(100));
  c.follower.Start(&c.service->library());
  Upsert(*a_, "可以带宠物入园吗？", "除导盲犬外，宠物不能入园。");
  bool found = false;
  for (int i = 0; i < 100 && !found; ++i) {
    found = !Search(c, "宠物").empty();
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  c.follower.Stop();
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace cs::appeals
