// The Weibo connector's core with a scripted API, an in-memory state and inbox: error
// classification, id order, exactly-once submission across a crash, the reply claim, backoff
// and token expiry. The HTTP side against a fake Weibo server is in
// tests/integration/appeals_weibo_inbox_test.cc.
#include "services/appeals/desk/weibo_inbox.h"

#include <deque>
#include <map>

#include "gtest/gtest.h"

namespace cs::appeals {
namespace {

using namespace std::chrono_literals;

TEST(ClassifyWeiboAnswerTest, ReadsStatusAndErrorCode) {
  EXPECT_EQ(ClassifyWeiboAnswer(true, 200, "").outcome, WeiboOutcome::kOk);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 429, "").outcome, WeiboOutcome::kRateLimited);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 403, "10023").outcome, WeiboOutcome::kRateLimited);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 400, "10022").outcome, WeiboOutcome::kRateLimited);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 401, "21327").outcome, WeiboOutcome::kTokenExpired);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 403, "21332").outcome, WeiboOutcome::kTokenExpired);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 400, "20019").outcome, WeiboOutcome::kRefused);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 503, "10001").outcome, WeiboOutcome::kUnavailable);
  EXPECT_EQ(ClassifyWeiboAnswer(false, 0, "").outcome, WeiboOutcome::kUnavailable);
  // A 200 that carries an error_code is not a success.
  EXPECT_EQ(ClassifyWeiboAnswer(true, 200, "20019").outcome, WeiboOutcome::kRefused);
  EXPECT_EQ(ClassifyWeiboAnswer(true, 403, "10023").detail, "HTTP 403 error_code 10023");
}

TEST(WeiboIdTest, OrdersDecimalIdsOfAnyLength) {
  EXPECT_TRUE(WeiboIdGreater("10", "9"));
  EXPECT_TRUE(WeiboIdGreater("4900000000000000002", "4900000000000000001"));
  EXPECT_FALSE(WeiboIdGreater("5", "5"));
  EXPECT_EQ(WeiboInboxId(WeiboSource::kComment, "42"), "wb-cm-42");
}

class ScriptedApi : public WeiboInboxApi {
 public:
  WeiboPage Fetch(WeiboSource source, const std::string& since_id,
                  const std::string& token) override {
    ++fetches;
    tokens.push_back(token);
    if (!fetch_answers.empty()) {
      WeiboCall c = fetch_answers.front();
      fetch_answers.pop_front();
      if (c.outcome != WeiboOutcome::kOk) return {c, {}};
    }
    WeiboPage page;
    for (const auto& item : items[source]) {
      if (redeliver_everything || since_id.empty() || WeiboIdGreater(item.id, since_id)) {
        page.items.push_back(item);
      }
    }
    return page;
  }
  WeiboSendResult Send(const WeiboReplyTarget& target, const std::string& text,
                       const std::string&) override {
    ++sends;
    WeiboCall c;
    if (!send_answers.empty()) {
      c = send_answers.front();
      send_answers.pop_front();
    }
    if (c.outcome == WeiboOutcome::kOk) sent.emplace_back(target.weibo_id, text);
    return {c, "r" + target.weibo_id};
  }

  std::map<WeiboSource, std::vector<WeiboItem>> items;
  bool redeliver_everything = false;
  std::deque<WeiboCall> fetch_answers;
  std::deque<WeiboCall> send_answers;
  std::vector<std::pair<std::string, std::string>> sent;
  std::vector<std::string> tokens;
  int fetches = 0;
  int sends = 0;
};

class FakeInbox : public InboxGateway {
 public:
  absl::Status Submit(const std::string& inbox_id, const WeiboItem& item) override {
    if (item.text.empty()) return absl::InvalidArgumentError("text: required");
    if (messages.count(inbox_id)) return absl::AlreadyExistsError("message.id: already received");
    messages[inbox_id] = item.text;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<std::string>> AnswerFor(const std::string& inbox_id) override {
    auto it = answers.find(inbox_id);
    if (it == answers.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  absl::StatusOr<std::optional<std::string>> AutoReplyFor(const std::string& inbox_id) override {
    auto it = auto_replies.find(inbox_id);
    if (it == auto_replies.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  absl::Status ReportDelivery(const std::string& inbox_id, ReplyKind kind,
                              ReplyDelivery delivery) override {
    (kind == ReplyKind::kAnswer ? answer_delivery : auto_delivery)[inbox_id] = delivery;
    return absl::OkStatus();
  }
  std::map<std::string, std::string> messages;
  std::map<std::string, std::string> answers;
  std::map<std::string, std::string> auto_replies;
  std::map<std::string, ReplyDelivery> answer_delivery, auto_delivery;
};

WeiboItem Item(std::string id, std::string text, std::string uid = "u1") {
  WeiboItem i;
  i.id = std::move(id);
  i.text = std::move(text);
  i.sender_uid = std::move(uid);
  i.status_id = "s1";
  return i;
}

WeiboCall Answer(WeiboOutcome o, Duration retry_after = {}) {
  WeiboCall c;
  c.outcome = o;
  c.retry_after = retry_after;
  return c;
}

class WeiboInboxTest : public ::testing::Test {
 protected:
  WeiboInbox Make(ReplyMode mode = ReplyMode::kApi) {
    WeiboInboxOptions o;
    o.reply_mode = mode;
    o.sources = {WeiboSource::kDirectMessage};
    return WeiboInbox(&api_, &state_, &inbox_, [this] { return token_; }, &clock_, o);
  }
  ScriptedApi api_;
  InMemoryWeiboInboxState state_;
  FakeInbox inbox_;
  std::string token_ = "tok-1";
  ManualClock clock_{FromMillis(1'771'300'800'000)};
};

TEST_F(WeiboInboxTest, SubmitsEachItemOnceEvenWhenRedelivered) {
  api_.items[WeiboSource::kDirectMessage] = {Item("12", "第二条"), Item("11", "第一条"),
                                             Item("13", "")};
  WeiboInbox w = Make();
  auto first = w.PollOnce();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->submitted, 2);
  EXPECT_EQ(first->rejected, 1);  // empty text: the inbox will never take it
  EXPECT_EQ(inbox_.messages.count("wb-dm-11"), 1u);
  EXPECT_EQ(*state_.Cursor(WeiboSource::kDirectMessage), "13");

  api_.redeliver_everything = true;  // Weibo ignores since_id now and then
  auto second = w.PollOnce();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->submitted, 0);
  EXPECT_EQ(second->duplicates, 3);
  EXPECT_EQ(inbox_.messages.size(), 2u);
}

TEST_F(WeiboInboxTest, ACrashBetweenSubmitAndRecordCostsOnlyARefusedResubmit) {
  api_.items[WeiboSource::kDirectMessage] = {Item("21", "求助")};
  inbox_.messages["wb-dm-21"] = "求助";  // submitted before the crash, record never written
  WeiboInbox w = Make();
  auto stats = w.PollOnce();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->submitted, 0);
  EXPECT_EQ(stats->duplicates, 1);
  auto rec = state_.Find(WeiboSource::kDirectMessage, "21");
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->reply_state, ReplyState::kAwaiting);  // still answered once the desk answers
}

// The out-of-hours reply is a second reply with its own state: sent first, once, and reported
// to the inbox; a message without one settles at "none"; the desk's answer still follows.
TEST_F(WeiboInboxTest, TheAutomaticReplyGoesFirstOnceAndIsReported) {
  api_.items[WeiboSource::kDirectMessage] = {Item("41", "几点开门"), Item("42", "停车场在哪")};
  inbox_.auto_replies["wb-dm-41"] = "值守时间 08:00–22:00，紧急请拨 110 / 120";
  WeiboInbox w = Make(ReplyMode::kApi);
  auto night = w.PollOnce();
  ASSERT_TRUE(night.ok()) << night.status();
  EXPECT_EQ(night->auto_replies, 1);
  ASSERT_EQ(api_.sent.size(), 1u);
  EXPECT_EQ(api_.sent[0], std::make_pair(std::string("41"), inbox_.auto_replies["wb-dm-41"]));
  EXPECT_EQ(inbox_.auto_delivery["wb-dm-41"], ReplyDelivery::kSent);
  EXPECT_EQ(inbox_.auto_delivery.count("wb-dm-42"), 0u);  // it had none: nothing to report
  EXPECT_EQ((*state_.Find(WeiboSource::kDirectMessage, "42"))->auto_reply_state,
            ReplyState::kNone);
  EXPECT_EQ((*state_.Find(WeiboSource::kDirectMessage, "41"))->auto_reply_state,
            ReplyState::kSent);

  ASSERT_TRUE(w.PollOnce().ok());
  EXPECT_EQ(api_.sent.size(), 1u);  // not again
  inbox_.answers["wb-dm-41"] = "九点开门";
  ASSERT_TRUE(w.PollOnce().ok());
  ASSERT_EQ(api_.sent.size(), 2u);
  EXPECT_EQ(api_.sent[1].second, "九点开门");
  EXPECT_EQ(inbox_.answer_delivery["wb-dm-41"], ReplyDelivery::kSent);
  EXPECT_EQ(inbox_.auto_delivery["wb-dm-41"], ReplyDelivery::kSent);
}

TEST_F(WeiboInboxTest, ARefusedAutomaticReplyIsReportedFailedAndNotRetried) {
  api_.items[WeiboSource::kDirectMessage] = {Item("51", "几点开门")};
  inbox_.auto_replies["wb-dm-51"] = "请拨 110 / 120";
  api_.send_answers = {Answer(WeiboOutcome::kRefused)};
  WeiboInbox w = Make(ReplyMode::kApi);
  auto night = w.PollOnce();
  ASSERT_TRUE(night.ok());
  EXPECT_EQ(night->replies_failed, 1);
  EXPECT_EQ(night->auto_replies, 0);
  EXPECT_EQ(inbox_.auto_delivery["wb-dm-51"], ReplyDelivery::kFailed);
  ASSERT_TRUE(w.PollOnce().ok());
  EXPECT_EQ(api_.sends, 1);
}

TEST_F(WeiboInboxTest, SendsTheAnswerOnceAndOutboxModeSendsNothing) {
  api_.items[WeiboSource::kDirectMessage] = {Item("31", "几点开门"), Item("32", "停车场在哪")};
  WeiboInbox api_mode = Make(ReplyMode::kApi);
  ASSERT_TRUE(api_mode.PollOnce().ok());
  inbox_.answers["wb-dm-31"] = "9点开园。";
  auto stats = api_mode.PollOnce();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->replies_sent, 1);
  ASSERT_EQ(api_.sent.size(), 1u);
  EXPECT_EQ(api_.sent[0].second, "9点开园。");
  ASSERT_TRUE(api_mode.PollOnce().ok());
  EXPECT_EQ(api_.sends, 1);  // never twice

  inbox_.answers["wb-dm-32"] = "P2停车场。";
  WeiboInbox outbox = Make(ReplyMode::kOutbox);
  auto o = outbox.PollOnce();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->replies_to_outbox, 1);
  EXPECT_EQ(api_.sends, 1);
  auto rec = state_.Find(WeiboSource::kDirectMessage, "32");
  EXPECT_EQ((*rec)->reply_state, ReplyState::kOutbox);
}

TEST_F(WeiboInboxTest, RateLimitPausesEveryCallWithBackoff) {
  api_.items[WeiboSource::kDirectMessage] = {Item("41", "你好")};
  api_.fetch_answers = {Answer(WeiboOutcome::kRateLimited, 90s),
                        Answer(WeiboOutcome::kRateLimited)};
  WeiboInbox w = Make();
  auto s1 = w.PollOnce();
  ASSERT_TRUE(s1.ok());
  EXPECT_TRUE(s1->paused);
  EXPECT_EQ(w.paused_until(), clock_.Now() + 90s);  // Retry-After beats the 1 min backoff
  auto s2 = w.PollOnce();
  EXPECT_TRUE(s2->paused);
  EXPECT_EQ(api_.fetches, 1);  // paused: no call at all
  clock_.Advance(91s);
  auto s3 = w.PollOnce();
  EXPECT_TRUE(s3->paused);  // limited again: the backoff doubled to 2 min
  EXPECT_EQ(w.paused_until(), clock_.Now() + 2min);
  clock_.Advance(2min);
  auto s4 = w.PollOnce();
  ASSERT_TRUE(s4.ok());
  EXPECT_FALSE(s4->paused);
  EXPECT_EQ(s4->submitted, 1);
}

TEST_F(WeiboInboxTest, AnExpiredTokenIsNotUsedAgainUntilANewOneIsSet) {
  api_.items[WeiboSource::kDirectMessage] = {Item("51", "你好")};
  api_.fetch_answers = {Answer(WeiboOutcome::kTokenExpired)};
  WeiboInbox w = Make();
  EXPECT_TRUE(w.PollOnce()->token_expired);
  EXPECT_TRUE(w.PollOnce()->token_expired);
  EXPECT_EQ(api_.fetches, 1);
  token_ = "tok-2";
  auto s = w.PollOnce();
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->token_expired);
  EXPECT_EQ(s->submitted, 1);
  EXPECT_EQ(api_.tokens.back(), "tok-2");
  token_ = "";
  EXPECT_TRUE(absl::IsFailedPrecondition(w.PollOnce().status()));
}

TEST_F(WeiboInboxTest, AnAmbiguousSendIsNeverRetriedButALimitedOneIs) {
  api_.items[WeiboSource::kDirectMessage] = {Item("61", "a"), Item("62", "b")};
  WeiboInbox w = Make();
  ASSERT_TRUE(w.PollOnce().ok());
  inbox_.answers["wb-dm-61"] = "answer a";
  inbox_.answers["wb-dm-62"] = "answer b";
  api_.send_answers = {Answer(WeiboOutcome::kUnavailable), Answer(WeiboOutcome::kRateLimited)};
  auto s = w.PollOnce();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->replies_failed, 1);
  EXPECT_TRUE(s->paused);
  EXPECT_EQ((*state_.Find(WeiboSource::kDirectMessage, "61"))->reply_state,
            ReplyState::kAmbiguous);
  EXPECT_EQ((*state_.Find(WeiboSource::kDirectMessage, "62"))->reply_state,
            ReplyState::kAwaiting);
  clock_.Advance(2min);
  ASSERT_TRUE(w.PollOnce().ok());
  EXPECT_EQ(api_.sends, 3);
  ASSERT_EQ(api_.sent.size(), 1u);
  EXPECT_EQ(api_.sent[0].first, "62");
}

TEST_F(WeiboInboxTest, AStaleSendingClaimBecomesAmbiguousNotASecondSend) {
  api_.items[WeiboSource::kDirectMessage] = {Item("71", "a")};
  WeiboInbox w = Make();
  ASSERT_TRUE(w.PollOnce().ok());
  WeiboReplyTarget t{WeiboSource::kDirectMessage, "71", "s1", "u1"};
  ASSERT_TRUE(*state_.MoveReply(t, ReplyKind::kAnswer, ReplyState::kAwaiting, ReplyState::kSending, "", ""));
  inbox_.answers["wb-dm-71"] = "answer";
  ASSERT_TRUE(w.PollOnce().ok());  // first seen
  clock_.Advance(3min);
  auto s = w.PollOnce();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->replies_failed, 1);
  EXPECT_EQ(api_.sends, 0);
  EXPECT_EQ((*state_.Find(WeiboSource::kDirectMessage, "71"))->reply_state,
            ReplyState::kAmbiguous);
}

TEST_F(WeiboInboxTest, ACommentAnswerTooLongForWeiboIsLeftForTheDesk) {
  WeiboInboxOptions o;
  o.reply_mode = ReplyMode::kApi;
  o.sources = {WeiboSource::kComment};
  WeiboInbox w(&api_, &state_, &inbox_, [this] { return token_; }, &clock_, o);
  api_.items[WeiboSource::kComment] = {Item("81", "评论")};
  ASSERT_TRUE(w.PollOnce().ok());
  inbox_.answers["wb-cm-81"] = std::string(141, 'x');  // 141 characters
  auto s = w.PollOnce();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->replies_failed, 1);
  EXPECT_EQ(api_.sends, 0);
}

}  // namespace
}  // namespace cs::appeals
