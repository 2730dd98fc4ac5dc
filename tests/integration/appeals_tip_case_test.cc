// A tip becomes case evidence, through the real binaries on a private Redis: the desk files two
// missing reports with case-service; a member of the public writes to the press desk that they
// saw a boy in a red jacket at the penguin pavilion; appeal-service reads the sighting out of the
// message, case-service's MatchSighting ranks the open cases, the boy's case comes first, and the
// press officer confirms the link, which is recorded on the message. A message describing no
// child is not offered anything.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "common/grpc/time_convert.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

v1::Actor Who(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

v1::FileMissingReportRequest Missing(v1::Sex sex, int age, const std::string& top_colour,
                                     const std::string& top, const std::string& zone) {
  v1::FileMissingReportRequest req;
  auto* r = req.mutable_report();
  r->set_venue_id("ocean");
  r->mutable_child()->set_sex(sex);
  r->mutable_child()->set_age_min(age);
  r->mutable_child()->set_age_max(age);
  r->mutable_child()->set_height_cm(100 + 5 * age);
  r->mutable_child()->mutable_clothing()->mutable_top()->add_colours(top_colour);
  r->mutable_child()->mutable_clothing()->mutable_top()->set_description(top);
  r->set_last_seen_zone_id(zone);
  *r->mutable_last_seen_at() = ToProtoTime(std::chrono::system_clock::now() - 15min);
  r->mutable_restricted()->set_child_name("张小宝");
  r->mutable_restricted()->set_guardian_phone("13912345678");
  *req.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  return req;
}

class TipToCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    WriteConfig("cases", "");
    cases_ = Start("case-service");
    ASSERT_GT(cases_port_, 0);
    WriteConfig("appeals", "upstreams:\n  cases: 127.0.0.1:" + std::to_string(cases_port_) + "\n");
    appeals_ = Start("appeal-service");
    cases_stub_ = v1::CaseService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(cases_port_), grpc::InsecureChannelCredentials()));
    appeals_stub_ = v1::AppealService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(appeals_port_), grpc::InsecureChannelCredentials()));
  }

  void WriteConfig(const std::string& name, const std::string& section) {
    std::ofstream(redis_.dir() + "/" + name + ".yaml")
        << "service: " << name << "\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
        << redis_.port() << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
        << "\n" << section;
  }

  std::unique_ptr<testing::ChildProcess> Start(const std::string& binary) {
    auto child = std::make_unique<testing::ChildProcess>();
    const std::string name = binary == "case-service" ? "cases" : "appeals";
    EXPECT_TRUE(child->Start({testing::BinaryPath(binary), "--config",
                              redis_.dir() + "/" + name + ".yaml", "--redis-wait", "20"},
                             redis_.dir() + "/" + name + ".log")
                    .ok());
    auto port = child->WaitForListening(15s);
    EXPECT_TRUE(port.ok()) << port.status();
    (binary == "case-service" ? cases_port_ : appeals_port_) = port.value_or(0);
    return child;
  }

  template <typename Stub, typename Req, typename Resp, typename Fn>
  grpc::Status Call(Stub& stub, Fn fn, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    return ((*stub).*fn)(&ctx, req, resp);
  }

  std::string Submit(const std::string& text) {
    v1::SubmitMessageRequest req;
    req.set_channel("weibo_dm");
    req.set_text(text);
    *req.mutable_actor() = press_;
    v1::InboxMessage out;
    grpc::Status s = Call(appeals_stub_, &v1::AppealService::Stub::SubmitMessage, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.message_id();
  }

  testing::RedisServer redis_;
  std::unique_ptr<testing::ChildProcess> cases_, appeals_;
  int cases_port_ = 0, appeals_port_ = 0;
  std::unique_ptr<v1::CaseService::Stub> cases_stub_;
  std::unique_ptr<v1::AppealService::Stub> appeals_stub_;
  v1::Actor press_ = Who("press.li", v1::ROLE_PRESS);
};

TEST_F(TipToCaseTest, ATipIsOfferedToTheCaseItFitsAndTheConfirmedLinkIsRecorded) {
  v1::Case boy, girl;
  ASSERT_TRUE(Call(cases_stub_, &v1::CaseService::Stub::FileMissingReport,
                   Missing(v1::SEX_FEMALE, 6, "黄", "黄色连衣裙", "whaleshark"), &girl)
                  .ok());
  ASSERT_TRUE(Call(cases_stub_, &v1::CaseService::Stub::FileMissingReport,
                   Missing(v1::SEX_MALE, 4, "红", "红色外套", "penguin"), &boy)
                  .ok());

  const std::string tip = Submit("刚才在企鹅馆门口看到一个穿红色外套的小男孩一个人在哭，大概4岁");
  v1::SuggestCasesForTipRequest req;
  req.set_message_id(tip);
  *req.mutable_actor() = press_;
  v1::SuggestCasesForTipResponse offered;
  grpc::Status s = Call(appeals_stub_, &v1::AppealService::Stub::SuggestCasesForTip, req, &offered);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(offered.zone_id(), "penguin");
  EXPECT_NE(offered.understood().find("男孩"), std::string::npos) << offered.understood();
  ASSERT_GE(offered.candidates_size(), 2);
  EXPECT_EQ(offered.candidates(0).case_id(), boy.case_id());
  EXPECT_GT(offered.candidates(0).score(), offered.candidates(1).score());
  EXPECT_FALSE(offered.candidates(0).explanations().empty());
  // Offering changes nothing: the message is not linked until the desk confirms.
  v1::ListMessagesRequest list;
  *list.mutable_actor() = press_;
  v1::ListMessagesResponse messages;
  ASSERT_TRUE(Call(appeals_stub_, &v1::AppealService::Stub::ListMessages, list, &messages).ok());
  ASSERT_EQ(messages.messages_size(), 1);
  EXPECT_TRUE(messages.messages(0).linked_case_id().empty());

  // The desk confirms it is a tip and links it.
  v1::RouteMessageRequest route;
  route.set_message_id(tip);
  route.set_category(v1::MESSAGE_TIP);
  *route.mutable_actor() = press_;
  v1::InboxMessage routed;
  ASSERT_TRUE(Call(appeals_stub_, &v1::AppealService::Stub::RouteMessage, route, &routed).ok());
  v1::LinkTipToCaseRequest link;
  link.set_message_id(tip);
  link.set_case_id(offered.candidates(0).case_id());
  *link.mutable_actor() = press_;
  v1::InboxMessage linked;
  ASSERT_TRUE(Call(appeals_stub_, &v1::AppealService::Stub::LinkTipToCase, link, &linked).ok());
  messages.Clear();
  ASSERT_TRUE(Call(appeals_stub_, &v1::AppealService::Stub::ListMessages, list, &messages).ok());
  EXPECT_EQ(messages.messages(0).linked_case_id(), boy.case_id());
}

TEST_F(TipToCaseTest, AMessageDescribingNoChildIsOfferedNothing) {
  const std::string complaint = Submit("企鹅馆排队太久了，建议多开一个入口");
  v1::SuggestCasesForTipRequest req;
  req.set_message_id(complaint);
  *req.mutable_actor() = press_;
  v1::SuggestCasesForTipResponse offered;
  grpc::Status s = Call(appeals_stub_, &v1::AppealService::Stub::SuggestCasesForTip, req, &offered);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("message_id"), std::string::npos);
  req.set_message_id("no-such-message");
  EXPECT_EQ(Call(appeals_stub_, &v1::AppealService::Stub::SuggestCasesForTip, req, &offered)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(TipToCaseTest, MatchSightingRefusesAnUnknownZoneAndStoresNothing) {
  v1::MatchSightingRequest req;
  req.set_zone_id("atlantis");
  *req.mutable_actor() = Who("system:test", v1::ROLE_SYSTEM);
  v1::ListCandidatesResponse out;
  grpc::Status s = Call(cases_stub_, &v1::CaseService::Stub::MatchSighting, req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("zone_id", 0), 0u) << s.error_message();
  v1::ListCasesRequest list;
  list.set_venue_id("ocean");
  *list.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  v1::ListCasesResponse cases;
  ASSERT_TRUE(Call(cases_stub_, &v1::CaseService::Stub::ListCases, list, &cases).ok());
  EXPECT_EQ(cases.cases_size(), 0);
}

}  // namespace
}  // namespace cs
