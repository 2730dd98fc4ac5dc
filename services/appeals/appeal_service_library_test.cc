// The library-learning RPCs through the gRPC adapter (in-memory stores, called directly): a
// hand-written answer proposed, refused to its own proposer, approved by a second press
// officer, then suggested by SearchAnswers with the matched terms as spans. Also the field
// names in errors and what happens without a proposal store.
#include <gtest/gtest.h>

#include "services/appeals/appeal_service.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;

v1::Actor MakeActor(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

class AppealServiceLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override { service_ = Make(&proposals_); }

  std::unique_ptr<AppealServiceImpl> Make(AnswerProposalStore* proposals) {
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals_;
    o.inbox = &inbox_;
    o.answers = &answers_;
    o.answer_proposals = proposals;
    o.publisher = &publisher_;
    o.clock = &clock_;
    auto s = AppealServiceImpl::Create(std::move(o));
    EXPECT_TRUE(s.ok()) << s.status();
    return *std::move(s);
  }

  // A message answered by hand by officer Li; returns its id.
  std::string AnsweredMessage(const std::string& text, const std::string& reply) {
    v1::SubmitMessageRequest submit;
    submit.set_channel("weibo_dm");
    submit.set_text(text);
    *submit.mutable_actor() = li_;
    v1::InboxMessage msg;
    EXPECT_TRUE(service_->SubmitMessage(nullptr, &submit, &msg).ok());
    v1::AnswerMessageRequest answer;
    answer.set_message_id(msg.message_id());
    answer.set_answer(reply);
    *answer.mutable_actor() = li_;
    EXPECT_TRUE(service_->AnswerMessage(nullptr, &answer, &msg).ok());
    return msg.message_id();
  }

  grpc::Status Review(const std::string& id, const v1::Actor& who, bool approve,
                      v1::AnswerProposal* out, const std::string& reason = "") {
    v1::ReviewAnswerProposalRequest r;
    r.set_proposal_id(id);
    r.set_approve(approve);
    r.set_reason(reason);
    *r.mutable_actor() = who;
    return service_->ReviewAnswerProposal(nullptr, &r, out);
  }

  InMemoryAppealStore appeals_;
  InMemoryInboxStore inbox_;
  InMemoryAnswerStore answers_;
  InMemoryAnswerProposalStore proposals_;
  OutboxPublisher publisher_;
  ManualClock clock_{FromMillis(1'796'083'200'000)};
  std::unique_ptr<AppealServiceImpl> service_;
  v1::Actor li_ = MakeActor("officer-li", v1::ROLE_PRESS);
  v1::Actor wang_ = MakeActor("officer-wang", v1::ROLE_PRESS);
  v1::Actor desk_ = MakeActor("desk-zhao", v1::ROLE_DESK);
};

TEST_F(AppealServiceLibraryTest, AHandWrittenAnswerJoinsTheLibraryAfterFourEyes) {
  const std::string id = AnsweredMessage("鲸鲨馆几点喂食？", "鲸鲨馆每天11:00和15:00喂食。");
  v1::ProposeAnswerRequest propose;
  propose.set_message_id(id);
  propose.set_question("鲸鲨馆几点喂食？");
  propose.add_keywords("鲸鲨馆");
  propose.add_keywords("喂食");
  *propose.mutable_actor() = li_;
  v1::AnswerProposal proposal;
  ASSERT_TRUE(service_->ProposeAnswer(nullptr, &propose, &proposal).ok());
  EXPECT_EQ(proposal.state(), v1::ANSWER_PROPOSAL_PENDING);
  EXPECT_EQ(proposal.proposed_by(), "officer-li");

  v1::ListAnswerProposalsRequest list;
  list.set_state(v1::ANSWER_PROPOSAL_PENDING);
  *list.mutable_actor() = wang_;
  v1::ListAnswerProposalsResponse pending;
  ASSERT_TRUE(service_->ListAnswerProposals(nullptr, &list, &pending).ok());
  ASSERT_EQ(pending.proposals_size(), 1);

  v1::AnswerProposal reviewed;
  EXPECT_EQ(Review(proposal.proposal_id(), li_, true, &reviewed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Review(proposal.proposal_id(), desk_, true, &reviewed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Review(proposal.proposal_id(), wang_, true, &reviewed).ok());
  EXPECT_EQ(reviewed.state(), v1::ANSWER_PROPOSAL_APPROVED);
  EXPECT_EQ(reviewed.reviewed_by(), "officer-wang");
  EXPECT_TRUE(reviewed.has_reviewed_at());

  v1::SearchAnswersRequest search;
  search.set_query("请问鲸鲨馆喂食时间");
  *search.mutable_actor() = li_;
  v1::SearchAnswersResponse hits;
  ASSERT_TRUE(service_->SearchAnswers(nullptr, &search, &hits).ok());
  ASSERT_GE(hits.hits_size(), 1);
  const v1::SearchHit& hit = hits.hits(0);
  EXPECT_EQ(hit.entry().answer_id(), reviewed.answer_id());
  EXPECT_EQ(hit.entry().approved_by(), "officer-wang");
  // 鲸鲨馆 [0,3) and 喂食 [5,7) in "鲸鲨馆几点喂食？"; both keywords hit.
  ASSERT_EQ(hit.question_matches_size(), 2);
  EXPECT_EQ(hit.question_matches(0).start(), 0);
  EXPECT_EQ(hit.question_matches(0).end(), 3);
  EXPECT_EQ(hit.question_matches(1).start(), 5);
  EXPECT_EQ(hit.question_matches(1).end(), 7);
  EXPECT_GE(hit.answer_matches_size(), 2);
  ASSERT_EQ(hit.matched_keywords_size(), 2);
  EXPECT_EQ(hit.matched_keywords(0), "鲸鲨馆");
}

TEST_F(AppealServiceLibraryTest, BadRequestsNameTheFieldAndChangeNothing) {
  const std::string id = AnsweredMessage("停车场在哪里", "P1停车场在正门东侧。");
  v1::ProposeAnswerRequest propose;
  propose.set_message_id(id);
  propose.add_keywords("");  // empty keyword
  *propose.mutable_actor() = li_;
  v1::AnswerProposal out;
  grpc::Status s = service_->ProposeAnswer(nullptr, &propose, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("keywords[0]", 0), 0u) << s.error_message();
  propose.clear_keywords();
  propose.set_message_id("");
  EXPECT_EQ(service_->ProposeAnswer(nullptr, &propose, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  propose.set_message_id("no-such-message");
  EXPECT_EQ(service_->ProposeAnswer(nullptr, &propose, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  auto all = proposals_.List();
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());

  propose.set_message_id(id);
  ASSERT_TRUE(service_->ProposeAnswer(nullptr, &propose, &out).ok());
  v1::AnswerProposal reviewed;
  s = Review(out.proposal_id(), wang_, false, &reviewed);  // a rejection needs a reason
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("reason", 0), 0u) << s.error_message();
  ASSERT_TRUE(Review(out.proposal_id(), wang_, false, &reviewed, "口径未定").ok());
  EXPECT_EQ(reviewed.state(), v1::ANSWER_PROPOSAL_REJECTED);
  EXPECT_EQ(Review(out.proposal_id(), wang_, true, &reviewed).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(AppealServiceLibraryTest, WithoutAProposalStoreProposingIsRefused) {
  service_ = Make(nullptr);
  const std::string id = AnsweredMessage("几点开门", "9点。");
  v1::ProposeAnswerRequest propose;
  propose.set_message_id(id);
  *propose.mutable_actor() = li_;
  v1::AnswerProposal out;
  EXPECT_EQ(service_->ProposeAnswer(nullptr, &propose, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace cs::appeals
