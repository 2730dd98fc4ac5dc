// The Weibo inbox connector end to end: a fake Weibo open API (cpp-httplib on a free loopback
// port) → the libcurl client → the connector core with its Redis state (a private
// redis-server) → appeal-service's SubmitMessage (in-process) and triage → the desk answers over
// the RPC → the answer goes back as a private message or a comment reply, once.
// Also: duplicate deliveries, a "restarted" connector, HTTP 429 and error_code 10023 rate limits,
// expired tokens (21327, 21332), and a reply whose send is ambiguous. Time is a ManualClock;
// nothing sleeps.
#include <httplib.h>

#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/redis/hiredis_client.h"
#include "common/testing/local_http_server.h"
#include "common/testing/redis_server.h"
#include "gtest/gtest.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/redis_appeal_store.h"
#include "services/appeals/redis_inbox_store.h"
#include "services/appeals/redis_weibo_inbox_state.h"
#include "services/appeals/weibo_inbox_http.h"
#include "services/appeals/weibo_inbox_wiring.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

constexpr char kToken[] = "2.00InBoXtOkEn";

struct Sent {
  std::string path;
  std::map<std::string, std::string> form;
};

// A scripted answer for the next request: HTTP status, body, Retry-After.
struct Scripted {
  int status;
  std::string body;
  std::string retry_after;
};

// Serves the three timelines from what the test put there, honouring since_id unless told to
// redeliver; records every write and the Authorization header of every request.
class FakeWeibo {
 public:
  FakeWeibo() {
    auto timeline = [this](const char* list, std::vector<std::string>* items) {
      return [this, list, items](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(mu_);
        ++reads_;
        if (Answer(req, res)) return;
        const std::string since = req.get_param_value("since_id");
        std::string body = absl::StrCat("{\"", list, "\":[");
        bool first = true;
        for (const auto& item : *items) {
          const std::string id = IdOf(item);
          if (!redeliver_ && !since.empty() &&
              (id.size() < since.size() || (id.size() == since.size() && id <= since))) {
            continue;
          }
          absl::StrAppend(&body, first ? "" : ",", item);
          first = false;
        }
        absl::StrAppend(&body, "],\"total_number\":", items->size(), "}");
        res.set_content(body, "application/json");
      };
    };
    server_.Get("/2/direct_messages.json", timeline("direct_messages", &dms_));
    server_.Get("/2/statuses/mentions.json", timeline("statuses", &mentions_));
    server_.Get("/2/comments/to_me.json", timeline("comments", &comments_));
    auto write = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      ++writes_;
      if (Answer(req, res)) return;
      Sent s{req.path, {}};
      for (const auto& [k, v] : req.params) s.form[k] = v;
      sent_.push_back(s);
      const std::string id = absl::StrCat(5000000000000000 + sent_.size());
      res.set_content(absl::StrCat(R"({"id":)", id, R"(,"idstr":")", id, R"(","text":"ok"})"),
                      "application/json");
    };
    server_.Post("/2/direct_messages/new.json", write);
    server_.Post("/2/comments/reply.json", write);
    server_.Post("/2/comments/create.json", write);
    http_.Start();
  }
  ~FakeWeibo() { http_.Stop(); }  // before the members its handlers use

  std::string base_url() const { return http_.base_url(); }

  void AddDm(const std::string& id, const std::string& text, const std::string& uid,
             const std::string& created_at = "Tue Dec 01 10:00:00 +0800 2026") {
    std::lock_guard<std::mutex> lock(mu_);
    dms_.push_back(absl::StrCat(R"({"id":)", id, R"(,"idstr":")", id,
                                R"(","created_at":")", created_at, R"(","text":")", text,
                                R"(","sender_id":)", uid, R"(,"sender":{"id":)", uid,
                                R"(,"idstr":")", uid, R"(","screen_name":"游客)", uid, R"("}})"));
  }
  void AddMention(const std::string& id, const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    mentions_.push_back(absl::StrCat(
        R"({"id":)", id, R"(,"idstr":")", id,
        R"(","created_at":"Tue Dec 01 10:01:00 +0800 2026","text":")", text,
        R"(","user":{"id":7001,"idstr":"7001","screen_name":"路人甲"}})"));
  }
  void AddComment(const std::string& id, const std::string& text, const std::string& status,
                  const std::string& created_at = "Tue Dec 01 10:02:00 +0800 2026") {
    std::lock_guard<std::mutex> lock(mu_);
    comments_.push_back(absl::StrCat(
        R"({"id":)", id, R"(,"idstr":")", id, R"(","created_at":")", created_at,
        R"(","text":")", text,
        R"(","user":{"id":7002,"idstr":"7002","screen_name":"热心网友"},"status":{"id":)", status,
        R"(,"idstr":")", status, R"("}})"));
  }
  void Script(std::vector<Scripted> answers) {
    std::lock_guard<std::mutex> lock(mu_);
    script_.assign(answers.begin(), answers.end());
  }
  void set_redeliver(bool on) {
    std::lock_guard<std::mutex> lock(mu_);
    redeliver_ = on;
  }
  std::vector<Sent> sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }
  int reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return reads_;
  }
  int writes() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }
  std::vector<std::string> auth_headers() {
    std::lock_guard<std::mutex> lock(mu_);
    return auth_;
  }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mu_);
    return targets_;
  }

 private:
  static std::string IdOf(const std::string& item) {
    auto at = item.find("\"idstr\":\"") + 9;
    return item.substr(at, item.find('"', at) - at);
  }
  // Records the request; plays a scripted answer if there is one.
  bool Answer(const httplib::Request& req, httplib::Response& res) {
    auth_.push_back(req.get_header_value("Authorization"));
    targets_.push_back(req.target);
    if (script_.empty()) return false;
    Scripted s = script_.front();
    script_.pop_front();
    res.status = s.status;
    if (!s.retry_after.empty()) res.set_header("Retry-After", s.retry_after);
    res.set_content(s.body, "application/json");
    return true;
  }

  testing::LocalHttpServer http_;
  httplib::Server& server_ = http_.server();
  std::mutex mu_;
  std::vector<std::string> dms_, mentions_, comments_;
  std::deque<Scripted> script_;
  std::vector<Sent> sent_;
  std::vector<std::string> auth_, targets_;
  bool redeliver_ = false;
  int reads_ = 0;
  int writes_ = 0;
};

v1::Actor Press(const std::string& id) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(v1::ROLE_PRESS);
  return a;
}

class WeiboInboxE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_server_.Start().ok());
    redis_ = std::make_unique<HiredisClient>(redis_server_.Config());
    appeals_ = std::make_unique<RedisAppealStore>(*redis_, "ocean");
    inbox_store_ = std::make_unique<RedisInboxStore>(*redis_, "ocean");
    answers_ = std::make_unique<RedisAnswerStore>(*redis_, "ocean");
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = appeals_.get();
    o.inbox = inbox_store_.get();
    o.answers = answers_.get();
    o.publisher = &publisher_;
    o.clock = &clock_;
    o.desk.rota = &rota_;  // 08:00-22:00 in Zhuhai
    auto s = AppealServiceImpl::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status();
    service_ = *std::move(s);
    WeiboInboxHttpConfig http;
    http.base_url = weibo_.base_url();
    http.timeout_ms = 5000;
    http_ = std::make_unique<WeiboInboxHttp>(http);
    gateway_ = std::make_unique<ServiceInboxGateway>(*service_, service_->inbox(), *inbox_store_,
                                                     &clock_);
    Restart(ReplyMode::kApi);
  }

  // A new connector on the same Redis, as after a process restart.
  void Restart(ReplyMode mode) {
    state_ = std::make_unique<RedisWeiboInboxState>(*redis_, "ocean");
    WeiboInboxOptions options;
    options.reply_mode = mode;
    connector_ = std::make_unique<WeiboInbox>(
        http_.get(), state_.get(), gateway_.get(), [this] { return token_; }, &clock_, options);
  }

  WeiboPollStats Poll() {
    auto stats = connector_->PollOnce();
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.value_or(WeiboPollStats{});
  }

  v1::InboxMessage Message(const std::string& id) {
    for (const auto& m : Messages()) {
      if (m.message_id() == id) return m;
    }
    ADD_FAILURE() << "no message " << id;
    return {};
  }

  std::vector<v1::InboxMessage> Messages() {
    v1::ListMessagesRequest req;
    *req.mutable_actor() = Press("officer-li");
    req.mutable_page()->set_page_size(100);
    v1::ListMessagesResponse out;
    EXPECT_TRUE(service_->ListMessages(nullptr, &req, &out).ok());
    return {out.messages().begin(), out.messages().end()};
  }

  void AnswerMessage(const std::string& id, const std::string& text) {
    v1::AnswerMessageRequest req;
    req.set_message_id(id);
    req.set_answer(text);
    *req.mutable_actor() = Press("officer-li");
    v1::InboxMessage out;
    grpc::Status s = service_->AnswerMessage(nullptr, &req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  FakeWeibo weibo_;
  testing::RedisServer redis_server_;
  std::unique_ptr<HiredisClient> redis_;
  std::unique_ptr<RedisAppealStore> appeals_;
  std::unique_ptr<RedisInboxStore> inbox_store_;
  std::unique_ptr<RedisAnswerStore> answers_;
  OutboxPublisher publisher_;
  DeskRota rota_ = *DeskRota::Create({});
  ManualClock clock_{FromMillis(1'796'083'200'000 + 3'600'000 * 3)};  // 2026-12-01 11:00 +08
  std::unique_ptr<AppealServiceImpl> service_;
  std::unique_ptr<WeiboInboxHttp> http_;
  std::unique_ptr<ServiceInboxGateway> gateway_;
  std::unique_ptr<RedisWeiboInboxState> state_;
  std::unique_ptr<WeiboInbox> connector_;
  std::string token_ = kToken;
};

TEST_F(WeiboInboxE2eTest, InTriageReplyOutNoDuplicate) {
  weibo_.AddDm("4901000000000001", "我的孩子在企鹅馆走丢了，穿红色外套，请帮忙", "6001");
  weibo_.AddMention("4902000000000001", "@海洋公园警方 请问几点开园？");
  weibo_.AddComment("4903000000000001", "鲸鲨馆门口排队太久了，投诉", "4800000000000001");

  WeiboPollStats first = Poll();
  EXPECT_EQ(first.fetched, 3);
  EXPECT_EQ(first.submitted, 3);
  auto messages = Messages();
  ASSERT_EQ(messages.size(), 3u);
  std::map<std::string, v1::InboxMessage> by_id;
  for (const auto& m : messages) by_id[m.message_id()] = m;
  ASSERT_TRUE(by_id.count("wb-dm-4901000000000001"));
  const auto& dm = by_id["wb-dm-4901000000000001"];
  EXPECT_EQ(dm.channel(), "weibo_dm");
  EXPECT_EQ(dm.sender_handle(), "@游客6001");
  // Triage ran as for any message: a lost child is not a consultation.
  EXPECT_NE(dm.suggested_category(), v1::MESSAGE_CONSULTATION);
  EXPECT_EQ(by_id["wb-at-4902000000000001"].channel(), "weibo_mention");
  EXPECT_EQ(by_id["wb-cm-4903000000000001"].channel(), "weibo_comment");

  // Duplicate deliveries: Weibo ignores since_id and sends everything again.
  weibo_.set_redeliver(true);
  WeiboPollStats again = Poll();
  EXPECT_EQ(again.submitted, 0);
  EXPECT_EQ(again.duplicates, 3);
  // And a restarted connector (new objects, same Redis) submits nothing either.
  Restart(ReplyMode::kApi);
  EXPECT_EQ(Poll().submitted, 0);
  EXPECT_EQ(Messages().size(), 3u);

  // Nothing is sent before the desk answers.
  EXPECT_TRUE(weibo_.sent().empty());
  AnswerMessage("wb-dm-4901000000000001", "已通知企鹅馆附近巡逻民警，请到企鹅馆服务台等候。");
  AnswerMessage("wb-cm-4903000000000001", "已转游客服务中心，感谢反馈。");
  AnswerMessage("wb-at-4902000000000001", "9:00开园，详见官网。");
  WeiboPollStats out = Poll();
  EXPECT_EQ(out.replies_sent, 3);
  auto sent = weibo_.sent();
  ASSERT_EQ(sent.size(), 3u);
  std::map<std::string, Sent> by_path;
  for (const auto& s : sent) by_path[s.path] = s;
  EXPECT_EQ(by_path["/2/direct_messages/new.json"].form["uid"], "6001");
  EXPECT_EQ(by_path["/2/direct_messages/new.json"].form["text"],
            "已通知企鹅馆附近巡逻民警，请到企鹅馆服务台等候。");
  EXPECT_EQ(by_path["/2/comments/reply.json"].form["cid"], "4903000000000001");
  EXPECT_EQ(by_path["/2/comments/reply.json"].form["id"], "4800000000000001");
  EXPECT_EQ(by_path["/2/comments/create.json"].form["id"], "4902000000000001");
  EXPECT_EQ(by_path["/2/comments/create.json"].form.count("cid"), 0u);

  // No second send, not even after a restart.
  Poll();
  Restart(ReplyMode::kApi);
  Poll();
  EXPECT_EQ(weibo_.sent().size(), 3u);

  // The token went in the Authorization header only, never in a URL.
  for (const auto& h : weibo_.auth_headers()) EXPECT_EQ(h, absl::StrCat("OAuth2 ", kToken));
  for (const auto& t : weibo_.targets()) EXPECT_EQ(t.find(kToken), std::string::npos) << t;
}

TEST_F(WeiboInboxE2eTest, OutboxModeLeavesTheAnswerForAPressOfficer) {
  Restart(ReplyMode::kOutbox);
  weibo_.AddDm("4901000000000010", "请问可以带宠物吗", "6002");
  EXPECT_EQ(Poll().submitted, 1);
  AnswerMessage("wb-dm-4901000000000010", "园区不允许携带宠物入园。");
  WeiboPollStats out = Poll();
  EXPECT_EQ(out.replies_to_outbox, 1);
  EXPECT_EQ(weibo_.writes(), 0);
  auto record = state_->Find(WeiboSource::kDirectMessage, "4901000000000010");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->reply_state, ReplyState::kOutbox);
}

TEST_F(WeiboInboxE2eTest, RateLimitsPauseEveryCallUntilRetryAfter) {
  weibo_.AddDm("4901000000000020", "停车场在哪里", "6003");
  weibo_.Script({{429, R"({"error":"too many requests"})", "120"}});
  WeiboPollStats limited = Poll();
  EXPECT_TRUE(limited.paused);
  EXPECT_EQ(limited.submitted, 0);
  const int reads = weibo_.reads();
  clock_.Advance(119s);
  EXPECT_TRUE(Poll().paused);
  EXPECT_EQ(weibo_.reads(), reads);  // no call while paused
  clock_.Advance(2s);
  // Weibo's own form: HTTP 403 with error_code 10023, no Retry-After: the backoff doubles.
  weibo_.Script({{403, R"({"error":"User requests out of rate limit!","error_code":10023})", ""}});
  EXPECT_TRUE(Poll().paused);
  EXPECT_EQ(connector_->paused_until(), clock_.Now() + 2min);
  clock_.Advance(2min);
  WeiboPollStats ok = Poll();
  EXPECT_FALSE(ok.paused);
  EXPECT_EQ(ok.submitted, 1);

  // A rate-limited reply is not lost: it goes at the next pass after the pause.
  AnswerMessage("wb-dm-4901000000000020", "P1停车场在正门东侧。");
  weibo_.Script({{200, R"({"direct_messages":[]})", ""},
                 {200, R"({"statuses":[]})", ""},
                 {200, R"({"comments":[]})", ""},
                 {403, R"({"error":"User requests out of rate limit!","error_code":10023})", ""}});
  EXPECT_TRUE(Poll().paused);
  EXPECT_TRUE(weibo_.sent().empty());
  clock_.Advance(5min);
  EXPECT_EQ(Poll().replies_sent, 1);
  EXPECT_EQ(weibo_.sent().size(), 1u);
}

TEST_F(WeiboInboxE2eTest, ExpiredTokensStopCallsUntilANewTokenIsSet) {
  weibo_.AddDm("4901000000000030", "失物招领在哪", "6004");
  weibo_.Script({{401, R"({"error":"expired_token","error_code":21327})", ""}});
  EXPECT_TRUE(Poll().token_expired);
  const int reads = weibo_.reads();
  EXPECT_TRUE(Poll().token_expired);
  EXPECT_EQ(weibo_.reads(), reads);  // the expired token is not used again
  token_ = "2.00NeWtOkEn";
  EXPECT_EQ(Poll().submitted, 1);

  // 21332 (invalid_access_token) on a reply: the reply waits for the next token.
  AnswerMessage("wb-dm-4901000000000030", "失物招领处在游客中心。");
  weibo_.Script({{200, R"({"direct_messages":[]})", ""},
                 {200, R"({"statuses":[]})", ""},
                 {200, R"({"comments":[]})", ""},
                 {403, R"({"error":"invalid_access_token","error_code":21332})", ""}});
  EXPECT_TRUE(Poll().token_expired);
  token_ = "2.00ThIrDtOkEn";
  EXPECT_EQ(Poll().replies_sent, 1);
  ASSERT_EQ(weibo_.sent().size(), 1u);
  EXPECT_EQ(weibo_.auth_headers().back(), "OAuth2 2.00ThIrDtOkEn");
}

TEST_F(WeiboInboxE2eTest, AnAmbiguousSendIsNotRepeated) {
  weibo_.AddDm("4901000000000040", "请问有轮椅租借吗", "6005");
  EXPECT_EQ(Poll().submitted, 1);
  AnswerMessage("wb-dm-4901000000000040", "游客中心可免费租借轮椅。");
  weibo_.Script({{200, R"({"direct_messages":[]})", ""},
                 {200, R"({"statuses":[]})", ""},
                 {200, R"({"comments":[]})", ""},
                 {502, "", ""}});
  EXPECT_EQ(Poll().replies_failed, 1);
  Poll();
  Poll();
  EXPECT_EQ(weibo_.writes(), 1);
  auto record = state_->Find(WeiboSource::kDirectMessage, "4901000000000040");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->reply_state, ReplyState::kAmbiguous);
}

TEST_F(WeiboInboxE2eTest, AnItemDatedAheadOfOurClockIsStillTaken) {
  clock_.Set(FromMillis(1'796'083'200'000));  // 2026-12-01 08:00 +08, before the DM's 10:00
  weibo_.AddDm("4901000000000050", "请问有婴儿车租吗", "6006");
  EXPECT_EQ(Poll().submitted, 1);
  auto m = Messages();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].received_at().seconds() * 1000, 1'796'083'200'000);  // our now, not Weibo's
}

TEST_F(WeiboInboxE2eTest, OnlyASystemConnectorMayChooseAMessageId) {
  v1::SubmitMessageRequest req;
  req.set_message_id("wb-dm-1");
  req.set_channel("web");
  req.set_text("hello");
  *req.mutable_actor() = Press("officer-li");
  v1::InboxMessage out;
  grpc::Status s = service_->SubmitMessage(nullptr, &req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("message_id"), std::string::npos);
  EXPECT_TRUE(Messages().empty());
}

// Out of hours: the rota's automatic reply (110, 120 and the desk's hours) goes back the way the
// message came, before the desk's own answer the next morning; a threat to life never gets one.
// The inbox shows how far each reply got.
TEST_F(WeiboInboxE2eTest, OutOfHoursTheAutomaticReplyGoesOutAndTheInboxShowsItsDelivery) {
  clock_.Set(FromMillis(1'796'083'200'000 + 55'800'000));  // 2026-12-01 23:30 +08
  weibo_.AddDm("4901000000000060", "请问明天几点开园", "6007", "Tue Dec 01 23:10:00 +0800 2026");
  weibo_.AddDm("4901000000000061", "我不想活了，准备今晚割腕", "6008",
               "Tue Dec 01 23:12:00 +0800 2026");
  weibo_.AddComment("4903000000000060", "停车场晚上还开吗", "4800000000000002",
                    "Tue Dec 01 23:15:00 +0800 2026");
  WeiboPollStats night = Poll();
  EXPECT_EQ(night.submitted, 3);
  EXPECT_EQ(night.auto_replies, 2);
  const v1::InboxMessage question = Message("wb-dm-4901000000000060");
  ASSERT_NE(question.auto_reply().find("110"), std::string::npos);
  EXPECT_EQ(question.auto_reply_delivery(), v1::REPLY_SENT);
  EXPECT_EQ(question.answer_delivery(), v1::REPLY_DELIVERY_UNSPECIFIED);  // not answered yet
  auto sent = weibo_.sent();
  ASSERT_EQ(sent.size(), 2u);  // the DM's and the comment's; none for the threat
  std::map<std::string, Sent> by_path;
  for (const auto& r : sent) by_path[r.path] = r;
  EXPECT_EQ(by_path["/2/direct_messages/new.json"].form["uid"], "6007");
  EXPECT_EQ(by_path["/2/direct_messages/new.json"].form["text"], question.auto_reply());
  const v1::InboxMessage threat = Message("wb-dm-4901000000000061");
  EXPECT_EQ(threat.category(), v1::MESSAGE_LIFE_SAFETY);
  EXPECT_TRUE(threat.auto_reply().empty());
  EXPECT_EQ(threat.auto_reply_delivery(), v1::REPLY_DELIVERY_UNSPECIFIED);
  // A comment reply takes 140 characters: the comment gets the short form, which still gives
  // 110, 120 and the hours, as a reply to that comment.
  const v1::InboxMessage comment = Message("wb-cm-4903000000000060");
  EXPECT_EQ(comment.auto_reply_delivery(), v1::REPLY_SENT);
  EXPECT_NE(comment.auto_reply().find("110"), std::string::npos);
  EXPECT_NE(comment.auto_reply(), question.auto_reply());
  EXPECT_EQ(by_path["/2/comments/reply.json"].form["cid"], "4903000000000060");
  EXPECT_EQ(by_path["/2/comments/reply.json"].form["comment"], comment.auto_reply());

  // Nothing is sent twice, even after a restart.
  Poll();
  Restart(ReplyMode::kApi);
  Poll();
  EXPECT_EQ(weibo_.sent().size(), 2u);

  // The next morning the desk answers: the answer goes out too, and the inbox says so.
  clock_.Advance(9h);
  AnswerMessage("wb-dm-4901000000000060", "明天9:00开园。");
  EXPECT_EQ(Poll().replies_sent, 1);
  ASSERT_EQ(weibo_.sent().size(), 3u);
  EXPECT_EQ(weibo_.sent()[2].form["text"], "明天9:00开园。");
  EXPECT_EQ(Message("wb-dm-4901000000000060").answer_delivery(), v1::REPLY_SENT);
  EXPECT_EQ(Message("wb-dm-4901000000000060").auto_reply_delivery(), v1::REPLY_SENT);
}

TEST_F(WeiboInboxE2eTest, InOutboxModeTheAutomaticReplyIsQueuedLikeAnyOther) {
  Restart(ReplyMode::kOutbox);
  clock_.Set(FromMillis(1'796'083'200'000 + 55'800'000));  // 23:30 +08
  weibo_.AddDm("4901000000000070", "请问可以带宠物吗", "6009", "Tue Dec 01 23:20:00 +0800 2026");
  WeiboPollStats night = Poll();
  EXPECT_EQ(night.replies_to_outbox, 1);
  EXPECT_EQ(night.auto_replies, 1);
  EXPECT_EQ(weibo_.writes(), 0);
  EXPECT_EQ(Message("wb-dm-4901000000000070").auto_reply_delivery(), v1::REPLY_QUEUED);
  auto record = state_->Find(WeiboSource::kDirectMessage, "4901000000000070");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->auto_reply_state, ReplyState::kOutbox);
  EXPECT_EQ((*record)->reply_state, ReplyState::kAwaiting);  // the desk's answer is still to come
  AnswerMessage("wb-dm-4901000000000070", "园区不允许携带宠物入园。");
  Poll();
  EXPECT_EQ(Message("wb-dm-4901000000000070").answer_delivery(), v1::REPLY_QUEUED);
  EXPECT_EQ(weibo_.writes(), 0);
}

}  // namespace
}  // namespace cs::appeals
