// Runs WeiboApiPublisher against a fake statuses/share server on 127.0.0.1 (port chosen by the
// OS) that records what it receives. No sleeps: the server socket listens before the test starts.
#include "services/appeals/desk/weibo_api_publisher.h"

#include <httplib.h>

#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/testing/local_http_server.h"
#include "gtest/gtest.h"

namespace cs::appeals {
namespace {

constexpr char kTokenEnv[] = "CS_TEST_WEIBO_TOKEN";
constexpr char kToken[] = "2.00SeCrEtToKeN";
constexpr char kStatus[] =
    "【寻找走失儿童家长】今日14时许，在企鹅馆发现一名男孩，约4岁。详情 "
    "https://appeal.oceanpark.example.cn/a/a1";

struct Recorded {
  std::string status;
  std::string pic;
  std::string pic_type;
  std::string auth;
  std::string token_field;
};

// What the fake answers to the next share request.
enum class Reply { kOk, kUnavailable503, kPostedButError500, kUnauthorized401 };

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

class FakeWeibo {
 public:
  FakeWeibo() {
    server_.Post(
        "/2/statuses/share.json", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard<std::mutex> lock(mu_);
          ++share_calls_;
          Reply reply = replies_.empty() ? Reply::kOk : replies_.front();
          if (!replies_.empty()) replies_.pop_front();
          if (reply == Reply::kUnavailable503) {
            res.status = 503;
            res.set_content(R"({"error":"system busy","error_code":10001})", "application/json");
            return;
          }
          if (reply == Reply::kUnauthorized401) {
            res.status = 401;
            res.set_content(R"({"error":"invalid_access_token","error_code":21332})",
                            "application/json");
            return;
          }
          Recorded r;
          r.status = req.get_file_value("status").content;
          r.token_field = req.get_file_value("access_token").content;
          if (req.has_file("pic")) {
            r.pic = req.get_file_value("pic").content;
            r.pic_type = req.get_file_value("pic").content_type;
          }
          r.auth = req.get_header_value("Authorization");
          posts_.push_back(r);
          const std::string id = std::to_string(4900000000000000 + posts_.size());
          if (reply == Reply::kPostedButError500) {
            res.status = 500;  // posted, but the answer is lost: the ambiguous case
            return;
          }
          res.set_content(absl::StrCat(R"({"created_at":"x","id":)", id, R"(,"idstr":")", id,
                                       R"(","text":")", JsonEscape(r.status), "\"}"),
                          "application/json");
        });
    server_.Get("/2/statuses/user_timeline.json",
                [this](const httplib::Request& req, httplib::Response& res) {
                  std::lock_guard<std::mutex> lock(mu_);
                  ++timeline_calls_;
                  if (timeline_down_) {
                    res.status = 502;
                    return;
                  }
                  std::string body = R"({"statuses":[)";
                  for (size_t i = 0; i < posts_.size(); ++i) {
                    const std::string id = std::to_string(4900000000000001 + i);
                    // Weibo shortens links in returned text; the publisher must still recognise the
                    // post.
                    std::string text = posts_[i].status;
                    size_t at = text.find("https://");
                    if (at != std::string::npos) text = text.substr(0, at) + "http://t.cn/A6abcd";
                    absl::StrAppend(&body, i ? "," : "", R"({"id":)", id, R"(,"idstr":")", id,
                                    R"(","text":")", JsonEscape(text), "\"}");
                  }
                  body += "]}";
                  res.set_content(body, "application/json");
                });
    http_.Start();
  }
  ~FakeWeibo() { http_.Stop(); }  // before the members its handlers use

  std::string base_url() const { return http_.base_url(); }
  void Script(std::vector<Reply> replies) {
    std::lock_guard<std::mutex> lock(mu_);
    replies_.assign(replies.begin(), replies.end());
  }
  void SetTimelineDown(bool down) {
    std::lock_guard<std::mutex> lock(mu_);
    timeline_down_ = down;
  }
  std::vector<Recorded> posts() {
    std::lock_guard<std::mutex> lock(mu_);
    return posts_;
  }
  int share_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return share_calls_;
  }

 private:
  testing::LocalHttpServer http_;
  httplib::Server& server_ = http_.server();
  std::mutex mu_;
  std::deque<Reply> replies_;
  std::vector<Recorded> posts_;
  bool timeline_down_ = false;
  int share_calls_ = 0;
  int timeline_calls_ = 0;
};

class WeiboApiPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GT(fake_.base_url().size(), 17u);
    setenv(kTokenEnv, kToken, 1);
    config_.base_url = fake_.base_url();
    config_.token_env = kTokenEnv;
    config_.safe_domain = "appeal.oceanpark.example.cn";
    config_.timeout_ms = 5000;
    image_.photo_id = "photo-1";
    image_.bytes = std::string("\xff\xd8\xff\xe0 fake jpeg", 15);
    request_.appeal_id = "a1";
    request_.version = 2;
    request_.version_sha256 = std::string(64, 'a');
    request_.status_text = kStatus;
    request_.image = &image_;
  }
  void TearDown() override { unsetenv(kTokenEnv); }

  FakeWeibo fake_;
  WeiboApiConfig config_;
  InMemoryPublishLedger ledger_;
  PublishImage image_;
  PublishRequest request_;
};

TEST_F(WeiboApiPublisherTest, PostsMultipartOnceAndRemembersThePost) {
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, PublishOutcome::kPosted);
  EXPECT_EQ(r->post_id, "4900000000000001");
  EXPECT_EQ(r->post_url, "https://m.weibo.cn/detail/4900000000000001");
  auto posts = fake_.posts();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].status, kStatus);
  EXPECT_EQ(posts[0].pic, image_.bytes);
  EXPECT_EQ(posts[0].pic_type, "image/jpeg");
  EXPECT_EQ(posts[0].auth, std::string("OAuth2 ") + kToken);
  EXPECT_EQ(posts[0].token_field, kToken);
  // Same version again (a double click, a retry by the caller): no second request at all.
  auto again = publisher.Publish(request_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->post_id, r->post_id);
  EXPECT_EQ(fake_.share_calls(), 1);
}

TEST_F(WeiboApiPublisherTest, ServerErrorThenSuccessPostsExactlyOnce) {
  fake_.Script({Reply::kUnavailable503, Reply::kOk});
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(fake_.share_calls(), 2);
  EXPECT_EQ(fake_.posts().size(), 1u);
  EXPECT_EQ(ledger_.Get(request_.IdempotencyKey())->state, PublishRecord::State::kPosted);
}

TEST_F(WeiboApiPublisherTest, AmbiguousFailureIsReconciledNotRePosted) {
  fake_.Script({Reply::kPostedButError500});
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(fake_.share_calls(), 1);
  EXPECT_EQ(fake_.posts().size(), 1u);
  EXPECT_EQ(r->post_id, "4900000000000001");  // found on the timeline despite the t.cn link
}

TEST_F(WeiboApiPublisherTest, AmbiguousFailureWithoutTimelineStopsUntilItCanCheck) {
  fake_.Script({Reply::kPostedButError500});
  fake_.SetTimelineDown(true);
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  auto again = publisher.Publish(request_);  // still cannot check: still no re-post
  EXPECT_EQ(again.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(fake_.share_calls(), 1);
  fake_.SetTimelineDown(false);
  auto later = publisher.Publish(request_);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(fake_.share_calls(), 1);
  EXPECT_EQ(later->post_id, "4900000000000001");
}

TEST_F(WeiboApiPublisherTest, MissingTokenPostsNothing) {
  unsetenv(kTokenEnv);
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find(kTokenEnv), std::string::npos);
  EXPECT_EQ(fake_.share_calls(), 0);
}

TEST_F(WeiboApiPublisherTest, HashtagTextIsRejectedBeforeAnyRequest) {
  WeiboApiPublisher publisher(config_, &ledger_);
  for (const char* bad : {"#寻找走失儿童# https://appeal.oceanpark.example.cn/a/1",
                          "＃寻人＃ https://appeal.oceanpark.example.cn/a/1"}) {
    request_.status_text = bad;
    auto r = publisher.Publish(request_);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(r.status().message().find("status"), std::string::npos);
  }
  EXPECT_EQ(fake_.share_calls(), 0);
}

TEST_F(WeiboApiPublisherTest, LinkMustBeOnSafeDomain) {
  WeiboApiPublisher publisher(config_, &ledger_);
  for (const char* bad : {"走失儿童 无链接", "走失儿童 https://evil.example.com/a/1",
                          "走失儿童 https://appeal.oceanpark.example.cn.evil.com/a"}) {
    request_.status_text = bad;
    EXPECT_EQ(publisher.Publish(request_).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(fake_.share_calls(), 0);
  EXPECT_TRUE(ValidateShareStatus("注意 #1 号门 https://appeal.oceanpark.example.cn",
                                  "appeal.oceanpark.example.cn")
                  .ok());
}

TEST_F(WeiboApiPublisherTest, RefusalIsFinalAndNeverLeaksTheToken) {
  fake_.Script({Reply::kUnauthorized401});
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().message().find(kToken), std::string::npos);
  EXPECT_NE(r.status().message().find("21332"), std::string::npos);
  EXPECT_EQ(fake_.share_calls(), 1);
}

TEST_F(WeiboApiPublisherTest, UnreachableServerIsRetriedThenUnavailable) {
  config_.base_url = "http://127.0.0.1:1";  // nothing listens on port 1
  WeiboApiPublisher publisher(config_, &ledger_);
  auto r = publisher.Publish(request_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ledger_.Get(request_.IdempotencyKey())->attempts, config_.max_attempts);
  EXPECT_EQ(ledger_.Get(request_.IdempotencyKey())->state, PublishRecord::State::kFailed);
}

TEST_F(WeiboApiPublisherTest, NewVersionGetsNewKey) {
  PublishRequest v3 = request_;
  v3.version = 3;
  v3.version_sha256 = std::string(64, 'b');
  EXPECT_NE(v3.IdempotencyKey(), request_.IdempotencyKey());
}

}  // namespace
}  // namespace cs::appeals
