// case-service as a real process on a real Redis (AOF, fsync always): a guardian reports at the
// desk, a patrol finds the child, the match is confirmed, the guardian verified, the child handed
// over and the case closed; bad input stores nothing; a report acknowledged just before a
// SIGKILL, or before Redis itself restarts, is there afterwards; the escalation timers fire once
// across a restart of the service, and the appeal they request is drafted by appeal-service.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "common/grpc/time_convert.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "tests/integration/case_requests.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;
using testing::Found;
using testing::Missing;
using testing::Who;

class CasesLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    // Timers in seconds rather than minutes, so the test sees each stage.
    WriteConfig("cases", "cases:\n  escalation: {venue_wide_after_s: 3, missing_appeal_after_s: 6, "
                         "found_appeal_after_s: 600, tick_ms: 100}\n");
    WriteConfig("appeals", "appeals:\n  official_hotline: \"021-5819 0110\"\n");
    StartCases();
  }

  void WriteConfig(const std::string& name, const std::string& section) {
    std::ofstream(redis_.dir() + "/" + name + ".yaml")
        << "service: " << name << "\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
        << redis_.port() << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
        << "\n" << section;
  }

  void StartCases() {
    cases_ = std::make_unique<testing::ChildProcess>();
    ASSERT_TRUE(cases_->Start({testing::BinaryPath("case-service"), "--config",
                               redis_.dir() + "/cases.yaml", "--redis-wait", "20"},
                              redis_.dir() + "/cases.log").ok());
    auto port = cases_->WaitForListening(15s);
    ASSERT_TRUE(port.ok()) << port.status();
    stub_ = v1::CaseService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(*port),
                                                         grpc::InsecureChannelCredentials()));
  }

  void KillCases() {
    cases_->Signal(SIGKILL);
    cases_->Wait(5s);
  }

  template <typename Req, typename Resp, typename Fn>
  grpc::Status Call(Fn fn, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    return ((*stub_).*fn)(&ctx, req, resp);
  }

  int CountCases() {
    v1::ListCasesRequest req;
    req.set_venue_id("ocean");
    *req.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    v1::ListCasesResponse out;
    EXPECT_TRUE(Call(&v1::CaseService::Stub::ListCases, req, &out).ok());
    return out.cases_size();
  }

  // Events visible to `who` from the start of the log, read until `want` arrive or `wait` ends.
  std::vector<v1::CaseEvent> Events(const v1::Actor& who, size_t want,
                                    std::chrono::milliseconds wait,
                                    std::vector<std::string> zones = {}) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + wait);
    v1::WatchCaseEventsRequest req;
    req.set_venue_id("ocean");
    for (auto& z : zones) req.add_zone_ids(z);
    *req.mutable_actor() = who;
    req.mutable_after()->set_value("0");
    auto reader = stub_->WatchCaseEvents(&ctx, req);
    std::vector<v1::CaseEvent> got;
    v1::CaseEvent e;
    while (got.size() < want && reader->Read(&e)) got.push_back(e);
    ctx.TryCancel();
    reader->Finish();
    return got;
  }

  testing::RedisServer redis_;
  std::unique_ptr<testing::ChildProcess> cases_;
  std::unique_ptr<v1::CaseService::Stub> stub_;
};

TEST_F(CasesLifecycleTest, GuardianReportsPatrolFindsHandoverVerifiedCaseCloses) {
  v1::Case missing, found, out;
  ASSERT_TRUE(Call(&v1::CaseService::Stub::FileMissingReport, Missing(), &missing).ok());
  ASSERT_TRUE(Call(&v1::CaseService::Stub::FileFoundReport, Found(), &found).ok());

  // A patrol in the penguin zone got the T+0 broadcast; the desk got the candidate.
  auto patrol = Events(Who("patrol.zhou", v1::ROLE_PATROL), 10, 2s, {"penguin"});
  bool broadcast = false;
  for (const auto& e : patrol) {
    broadcast |= e.type() == v1::CASE_EVENT_BROADCAST_ZONE && e.case_id() == missing.case_id();
    EXPECT_NE(e.type(), v1::CASE_EVENT_CANDIDATE) << "candidates are for the desk";
  }
  EXPECT_TRUE(broadcast);
  bool candidate = false;
  for (const auto& e : Events(Who("desk.chen", v1::ROLE_DESK), 5, 2s))
    candidate |= e.type() == v1::CASE_EVENT_CANDIDATE && e.case_id() == found.case_id() &&
                 e.candidate_case_id() == missing.case_id();
  EXPECT_TRUE(candidate);

  v1::ListCandidatesRequest lc;
  lc.set_case_id(found.case_id());
  *lc.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  v1::ListCandidatesResponse cands;
  ASSERT_TRUE(Call(&v1::CaseService::Stub::ListCandidates, lc, &cands).ok());
  ASSERT_GE(cands.candidates_size(), 1);
  EXPECT_EQ(cands.candidates(0).case_id(), missing.case_id());
  EXPECT_GE(cands.candidates(0).features_size(), 4) << "each score is explained";

  // The patrol officer never sees the guardian's contact; the desk does, with a reason, audited.
  v1::GetCaseRequest get;
  get.set_case_id(missing.case_id());
  get.set_reason("handover");
  *get.mutable_actor() = Who("patrol.zhou", v1::ROLE_PATROL);
  ASSERT_TRUE(Call(&v1::CaseService::Stub::GetCase, get, &out).ok());
  EXPECT_TRUE(out.missing().restricted().guardian_phone().empty());
  *get.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  ASSERT_TRUE(Call(&v1::CaseService::Stub::GetCase, get, &out).ok());
  EXPECT_EQ(out.missing().restricted().guardian_phone(), "13912345678");

  v1::ConfirmMatchRequest cm;
  cm.set_case_id(found.case_id());
  cm.set_other_case_id(missing.case_id());
  *cm.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  ASSERT_TRUE(Call(&v1::CaseService::Stub::ConfirmMatch, cm, &out).ok());

  v1::CompleteHandoverRequest ho;
  ho.set_case_id(missing.case_id());
  *ho.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  EXPECT_EQ(Call(&v1::CaseService::Stub::CompleteHandover, ho, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION) << "no handover before verification";

  v1::VerifyGuardianRequest vg;
  vg.set_case_id(missing.case_id());
  vg.set_document_type("resident_id");
  vg.set_document_number("310101198805051234");
  *vg.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  ASSERT_TRUE(Call(&v1::CaseService::Stub::VerifyGuardian, vg, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_GUARDIAN_VERIFIED);
  EXPECT_EQ(out.verification().verified_by(), "desk.chen");
  // Only the masked number was kept, and only the desk (with a reason) reads it back.
  ASSERT_TRUE(Call(&v1::CaseService::Stub::GetCase, get, &out).ok());
  EXPECT_EQ(out.verification().document_number_masked(), "3101**********1234");
  ASSERT_TRUE(Call(&v1::CaseService::Stub::CompleteHandover, ho, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_REUNITED);
  v1::TransitionCaseRequest close;
  close.set_case_id(missing.case_id());
  close.set_to(v1::CASE_CLOSED);
  *close.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  ASSERT_TRUE(Call(&v1::CaseService::Stub::TransitionCase, close, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_CLOSED);
  close.set_to(v1::CASE_OPEN);
  EXPECT_EQ(Call(&v1::CaseService::Stub::TransitionCase, close, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::GetAuditLogRequest al;
  al.set_case_id(missing.case_id());
  *al.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  v1::GetAuditLogResponse log;
  ASSERT_TRUE(Call(&v1::CaseService::Stub::GetAuditLog, al, &log).ok());
  bool read_audited = false;
  for (const auto& e : log.entries())
    read_audited |= e.action() == "read_restricted" && e.actor().user_id() == "desk.chen" &&
                    e.reason() == "handover";
  EXPECT_TRUE(read_audited);
  // The process log never holds the child's or guardian's personal data.
  std::ifstream in(redis_.dir() + "/cases.log");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find("13912345678"), std::string::npos);
  EXPECT_EQ(text.find("李乐乐"), std::string::npos);
  EXPECT_EQ(text.find("310101198805051234"), std::string::npos);
}

// Invalid UTF-8 cannot cross gRPC at all (proto3 strings refuse it when serialising), so it is
// tested where it can arrive: the adapter called directly (services/cases) and mobile-api's JSON.
TEST_F(CasesLifecycleTest, BadInputNamesTheFieldAndStoresNothing) {
  struct BadCase {
    std::string field;
    std::function<void(v1::FileMissingReportRequest&)> spoil;
  };
  std::vector<uchar> png;
  cv::imencode(".png", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)), png);
  const std::vector<BadCase> bad = {
      {"report.last_seen_zone_id", [](auto& r) { r.mutable_report()->clear_last_seen_zone_id(); }},
      {"actor.user_id", [](auto& r) { r.mutable_actor()->clear_user_id(); }},
      {"report.child.age_max",
       [](auto& r) { r.mutable_report()->mutable_child()->set_age_max(40); }},
      {"report.child.height_cm",
       [](auto& r) { r.mutable_report()->mutable_child()->set_height_cm(900); }},
      {"report.last_seen_zone_id",
       [](auto& r) { r.mutable_report()->set_last_seen_zone_id("mars"); }},
      {"report.child.features",
       [](auto& r) { r.mutable_report()->mutable_child()->set_features(std::string(10000, 'a')); }},
      {"photos[0].data",
       [](auto& r) { r.add_photos()->set_data(std::string(6 * 1024 * 1024, '\xFF')); }},
      {"photos[0].data", [](auto& r) { r.add_photos()->set_data("GIF89a not a photo"); }},
      {"photos[1].data",
       [&](auto& r) {
         r.add_photos()->set_data(std::string(png.begin(), png.end()));
         r.add_photos()->set_data(std::string(png.begin(), png.begin() + 20));  // truncated
       }},
  };
  for (const auto& b : bad) {
    auto req = Missing();
    b.spoil(req);
    v1::Case out;
    grpc::Status s = Call(&v1::CaseService::Stub::FileMissingReport, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << b.field;
    EXPECT_EQ(s.error_message().rfind(b.field, 0), 0u)
        << "want field " << b.field << ", got: " << s.error_message();
    EXPECT_EQ(s.error_message().find("13912345678"), std::string::npos);
  }
  EXPECT_EQ(CountCases(), 0) << "nothing stored";
}

TEST_F(CasesLifecycleTest, AcknowledgedReportsSurviveAKillAndARedisRestart) {
  v1::Case first, second, out;
  ASSERT_TRUE(Call(&v1::CaseService::Stub::FileMissingReport, Missing(), &first).ok());
  KillCases();  // right after the acknowledgement
  StartCases();
  v1::GetCaseRequest get;
  get.set_case_id(first.case_id());
  *get.mutable_actor() = Who("patrol.zhou", v1::ROLE_PATROL);
  ASSERT_TRUE(Call(&v1::CaseService::Stub::GetCase, get, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_OPEN);

  ASSERT_TRUE(Call(&v1::CaseService::Stub::FileFoundReport, Found(), &second).ok());
  redis_.Kill();  // AOF with fsync always: what was acknowledged is on disk
  ASSERT_TRUE(redis_.Restart().ok());
  grpc::Status s;
  for (int i = 0; i < 50; ++i) {  // the service reconnects with backoff
    get.set_case_id(second.case_id());
    s = Call(&v1::CaseService::Stub::GetCase, get, &out);
    if (s.ok()) break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.found().held_at(), "走失儿童中心");
  EXPECT_EQ(CountCases(), 2);
}

// Issue 18: an unknown case id or zone came back in the error message as the client sent it,
// CR/LF included; the field is named, the value never echoed.
TEST_F(CasesLifecycleTest, Issue18UnknownIdsAndZonesAreNamedNotEchoed) {
  const std::string hostile = "x\r\nlevel=error forged";
  v1::GetCaseRequest get;
  get.set_case_id(hostile);
  *get.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  v1::Case out;
  grpc::Status s = Call(&v1::CaseService::Stub::GetCase, get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "case_id: no such case");

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  v1::WatchCaseEventsRequest watch;
  watch.set_venue_id("ocean");
  watch.add_zone_ids("penguin");
  watch.add_zone_ids(hostile);
  *watch.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  auto reader = stub_->WatchCaseEvents(&ctx, watch);
  v1::CaseEvent e;
  while (reader->Read(&e)) {
  }
  s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "zone_ids[1]: unknown zone");
}

TEST_F(CasesLifecycleTest, TimersFireOnceAcrossARestartAndTheAppealIsDrafted) {
  testing::ChildProcess appeals;
  ASSERT_TRUE(appeals.Start({testing::BinaryPath("appeal-service"), "--config",
                             redis_.dir() + "/appeals.yaml"},
                            redis_.dir() + "/appeals.log").ok());
  auto appeals_port = appeals.WaitForListening(15s);
  ASSERT_TRUE(appeals_port.ok()) << appeals_port.status();

  v1::Case missing;
  ASSERT_TRUE(Call(&v1::CaseService::Stub::FileMissingReport, Missing(), &missing).ok());
  KillCases();  // before the 3 s venue-wide stage
  std::this_thread::sleep_for(1s);
  StartCases();
  // By 8 s: zone broadcast, venue broadcast, exit-gate watch, appeal request — each once.
  auto events = Events(Who("desk.chen", v1::ROLE_DESK), 100, 9s);
  int zone = 0, venue = 0, exits = 0, appeal = 0;
  for (const auto& e : events) {
    if (e.case_id() != missing.case_id()) continue;
    zone += e.type() == v1::CASE_EVENT_BROADCAST_ZONE;
    venue += e.type() == v1::CASE_EVENT_BROADCAST_VENUE && e.gate_ids_size() == 0;
    exits += e.type() == v1::CASE_EVENT_BROADCAST_VENUE && e.gate_ids_size() > 0;
    appeal += e.type() == v1::CASE_EVENT_APPEAL_REQUESTED;
  }
  EXPECT_EQ(zone, 1);
  EXPECT_EQ(venue, 1);
  EXPECT_EQ(exits, 1);
  EXPECT_EQ(appeal, 1);

  auto stub = v1::AppealService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(*appeals_port), grpc::InsecureChannelCredentials()));
  v1::ListAppealsResponse listed;
  for (int i = 0; i < 30 && listed.appeals_size() == 0; ++i) {
    grpc::ClientContext ctx;
    v1::ListAppealsRequest req;
    *req.mutable_actor() = Who("press.li", v1::ROLE_PRESS);
    ASSERT_TRUE(stub->ListAppeals(&ctx, req, &listed).ok());
    if (listed.appeals_size() == 0) std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(listed.appeals_size(), 1);
  const v1::Appeal& a = listed.appeals(0);
  EXPECT_EQ(a.case_id(), missing.case_id());
  EXPECT_EQ(a.kind(), v1::APPEAL_MISSING_CHILD);
  EXPECT_EQ(a.state(), v1::APPEAL_DRAFT);
  const std::string all = a.DebugString();
  EXPECT_EQ(all.find("李乐乐"), std::string::npos);
  EXPECT_EQ(all.find("13912345678"), std::string::npos);
  appeals.Signal(SIGTERM);
  EXPECT_EQ(appeals.Wait(10s), 0);
}

}  // namespace
}  // namespace cs
