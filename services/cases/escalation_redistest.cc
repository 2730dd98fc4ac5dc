// The event log, the escalation loop and photos on a real private redis-server, with a manual
// clock: T+0 zone broadcast at filing, T+10 min venue + exit gates, T+30 min appeal request,
// each fired once even across a restart; candidates announced to the desk; the follow-up after a
// handover; role and zone filtering; photos by role; the retention purge.
#include <gtest/gtest.h>

#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/cases/case_service.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {
namespace v1 = crowdsafe::v1;
using std::chrono::minutes;

constexpr int64_t kNowMs = 1'771'300'800'000;  // 2026-02-17 04:00 UTC

v1::Actor Who(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

std::string SmallJpeg() {
  cv::Mat img(64, 48, CV_8UC3, cv::Scalar(30, 30, 200));
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf);
  return std::string(buf.begin(), buf.end());
}

class EscalationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
    store_ = std::make_unique<RedisCaseStore>(*client_, "ocean");
    events_ = std::make_unique<CaseEventLog>(*client_, "ocean");
    StartService();
  }

  // A new loop and service over the same Redis: what a restarted process has.
  void StartService() {
    service_.reset();
    loop_ = std::make_unique<EscalationLoop>(venue_, *store_, *events_, clock_);
    service_ = std::make_unique<CaseServiceImpl>(venue_, *store_, clock_, CaseServiceOptions{},
                                                 events_.get(), loop_.get());
    ASSERT_TRUE(service_->RebuildIndex().ok());
  }

  std::vector<v1::CaseEvent> Events() { return *events_->After("0", 1000); }
  int Count(v1::CaseEventType type) {
    int n = 0;
    for (const auto& e : Events()) n += e.type() == type;
    return n;
  }

  v1::Case FileMissing(bool consent = false) {
    v1::FileMissingReportRequest req;
    auto* r = req.mutable_report();
    r->set_venue_id("ocean");
    r->mutable_child()->set_sex(v1::SEX_MALE);
    r->mutable_child()->set_age_min(5);
    r->mutable_child()->set_age_max(5);
    r->mutable_child()->set_height_cm(110);
    r->mutable_child()->mutable_clothing()->mutable_top()->add_colours("红");
    r->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("蓝");
    r->set_last_seen_zone_id("penguin");
    *r->mutable_last_seen_at() = ToProtoTimeMs(kNowMs - 60'000);
    r->mutable_restricted()->set_child_name("王小明");
    r->mutable_restricted()->set_guardian_phone("13800000000");
    r->mutable_restricted()->set_surname_consent(consent);
    *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
    v1::Case out;
    EXPECT_TRUE(service_->FileMissingReport(nullptr, &req, &out).ok());
    return out;
  }

  v1::Case FileFound(const std::string& photo = "") {
    v1::FileFoundReportRequest req;
    auto* r = req.mutable_report();
    r->set_venue_id("ocean");
    r->mutable_child()->set_sex(v1::SEX_MALE);
    r->mutable_child()->set_age_min(4);
    r->mutable_child()->set_age_max(6);
    r->mutable_child()->set_height_cm(112);
    r->mutable_child()->mutable_clothing()->mutable_top()->add_colours("red");
    r->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("blue");
    r->set_found_zone_id("whale");
    *r->mutable_found_at() = ToProtoTimeMs(kNowMs);
    r->set_held_at("走失儿童中心");
    if (!photo.empty()) {
      auto* p = req.add_photos();
      p->set_data(photo);
      p->set_content_type("image/jpeg");
    }
    *req.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
    v1::Case out;
    EXPECT_TRUE(service_->FileFoundReport(nullptr, &req, &out).ok());
    return out;
  }

  static google::protobuf::Timestamp ToProtoTimeMs(int64_t ms) {
    google::protobuf::Timestamp t;
    t.set_seconds(ms / 1000);
    return t;
  }

  cs::testing::RedisServer server_;
  Venue venue_ = cases::testing::OceanTestVenue();
  ManualClock clock_{FromMillis(kNowMs)};
  std::unique_ptr<HiredisClient> client_;
  std::unique_ptr<RedisCaseStore> store_;
  std::unique_ptr<CaseEventLog> events_;
  std::unique_ptr<EscalationLoop> loop_;
  std::unique_ptr<CaseServiceImpl> service_;
};

TEST_F(EscalationTest, TimersFireOnceEachAndSurviveARestart) {
  v1::Case missing = FileMissing();
  // T+0: filed and broadcast to the last-seen zone and its neighbours, at once.
  ASSERT_EQ(Count(v1::CASE_EVENT_FILED), 1);
  ASSERT_EQ(Count(v1::CASE_EVENT_BROADCAST_ZONE), 1);
  for (const auto& e : Events()) {
    if (e.type() != v1::CASE_EVENT_BROADCAST_ZONE) continue;
    std::vector<std::string> zones(e.zone_ids().begin(), e.zone_ids().end());
    EXPECT_NE(std::find(zones.begin(), zones.end(), "penguin"), zones.end());
    EXPECT_NE(std::find(zones.begin(), zones.end(), "whale"), zones.end());
    EXPECT_NE(std::find(zones.begin(), zones.end(), "parade"), zones.end());
    EXPECT_EQ(std::find(zones.begin(), zones.end(), "theatre"), zones.end());
    EXPECT_EQ(e.child().height_cm(), 110);
  }
  ASSERT_TRUE(loop_->Tick().ok());
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_ZONE), 1) << "fired twice";
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 0);

  // T+10 min (from the last-seen time): whole venue, and a watch at every exit gate.
  clock_.Advance(minutes(10));
  ASSERT_TRUE(loop_->Tick().ok());
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 2);  // the venue, then the exit watch
  bool exit_watch = false;
  for (const auto& e : Events())
    if (e.type() == v1::CASE_EVENT_BROADCAST_VENUE && e.gate_ids_size() > 0) exit_watch = true;
  EXPECT_TRUE(exit_watch);

  // A restarted service (new loop, same Redis) does not fire any of it again.
  StartService();
  ASSERT_TRUE(loop_->Tick().ok());
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 2);

  // T+30 min: one appeal request for appeal-service, with the public description only.
  clock_.Advance(minutes(20));
  ASSERT_TRUE(loop_->Tick().ok());
  ASSERT_TRUE(loop_->Tick().ok());
  EXPECT_EQ(Count(v1::CASE_EVENT_APPEAL_REQUESTED), 1);
  auto requests = client_->XRangeAfter(events_->requests_key(), "0", 10);
  ASSERT_TRUE(requests.ok());
  ASSERT_EQ(requests->size(), 1u);
  v1::DraftAppealRequest draft;
  ASSERT_TRUE(draft.ParseFromString(requests->at(0).fields.at(0).second));
  EXPECT_EQ(draft.kind(), v1::APPEAL_MISSING_CHILD);
  EXPECT_EQ(draft.request_id(), missing.case_id() + "/missing");
  EXPECT_EQ(draft.snapshot().zone_name_zh(), "企鹅馆");
  EXPECT_TRUE(draft.snapshot().surname().empty()) << "no consent, no surname";
  // The public snapshot holds none of the restricted part; the guard gets it, apart.
  EXPECT_EQ(draft.snapshot().SerializeAsString().find("13800000000"), std::string::npos);
  EXPECT_EQ(draft.snapshot().SerializeAsString().find("小明"), std::string::npos);
  EXPECT_EQ(draft.guard_only().guardian_phone(), "13800000000");
  EXPECT_NE(draft.guard_only().child_name().find("小明"), std::string::npos);

  v1::GetCaseRequest get;
  get.set_case_id(missing.case_id());
  *get.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::Case now;
  ASSERT_TRUE(service_->GetCase(nullptr, &get, &now).ok());
  EXPECT_EQ(now.escalation_stage(), 2);
}

// Calls of one Redis command so far (INFO commandstats), to see how much work a tick does.
int64_t CommandCalls(HiredisClient& client, const std::string& command) {
  auto info = client.Command({"INFO", "commandstats"});
  if (!info.ok()) return -1;
  const std::string key = "cmdstat_" + command + ":calls=";
  const size_t at = info->str.find(key);
  if (at == std::string::npos) return 0;
  return std::stoll(info->str.substr(at + key.size()));
}

// Issue 13: an idle service read every active case every second. Timers now come due from a
// sorted set ordered by due time: a tick with nothing due reads no case at all, and when
// something comes due it reads only those cases.
TEST_F(EscalationTest, Issue13IdleTickReadsNoCaseAndDueTickOnlyTheDue) {
  for (int i = 0; i < 20; ++i) FileMissing();
  ASSERT_EQ(Count(v1::CASE_EVENT_BROADCAST_ZONE), 20);
  clock_.Advance(minutes(5));
  const int64_t reads = CommandCalls(*client_, "hget");
  auto idle = loop_->Tick();
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(*idle, 0);
  EXPECT_EQ(CommandCalls(*client_, "hget"), reads) << "an idle tick read a case";

  clock_.Advance(minutes(5));  // T+10 min: every case owes its venue-wide broadcast
  auto due = loop_->Tick();
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, 20);
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 40);  // venue + exit watch, once each
  auto again = loop_->Tick();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "rescheduled to T+30 min, not due again";
}

// The index lives in Redis: a restarted loop fires what came due while it was down, once.
TEST_F(EscalationTest, Issue13TimerIndexSurvivesARestartAndFiresEachActionOnce) {
  v1::Case missing = FileMissing();
  loop_.reset();  // the process goes away with nothing due yet
  service_.reset();
  clock_.Advance(minutes(31));  // venue-wide (T+10) and appeal (T+30) came due meanwhile
  StartService();
  auto fired = loop_->Tick();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(*fired, 1);
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 2);
  EXPECT_EQ(Count(v1::CASE_EVENT_APPEAL_REQUESTED), 1);
  StartService();  // and again: nothing twice
  ASSERT_TRUE(loop_->Tick().ok());
  clock_.Advance(minutes(60));
  ASSERT_TRUE(loop_->Tick().ok());
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 2);
  EXPECT_EQ(Count(v1::CASE_EVENT_APPEAL_REQUESTED), 1);
  auto due = store_->DueBy(clock_.Now() + std::chrono::hours(24 * 365), 10);
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->empty()) << "a case that owes nothing more leaves the index";
}

// Cases stored before the index existed are put into it by the first Start().
TEST_F(EscalationTest, Issue13FirstStartIndexesCasesStoredBeforeTheIndex) {
  FileMissing();
  ASSERT_TRUE(client_->Del({"cs:{venue:ocean}:due", "cs:{venue:ocean}:due_built"}).ok());
  clock_.Advance(minutes(10));
  auto none = loop_->Tick();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0) << "not in the index yet";
  loop_->Start();  // builds the index (and handles what is due) before its thread runs
  loop_->Stop();
  EXPECT_EQ(Count(v1::CASE_EVENT_BROADCAST_VENUE), 2);
  EXPECT_TRUE(*store_->WakeIndexBuilt());
}

// Issue 18: a Redis that could not answer at start was taken as "index built", and the timers
// of cases stored before the index never fired. Now the loop retries until Redis answers.
TEST_F(EscalationTest, Issue18TimerIndexIsBuiltOnceRedisAnswers) {
  FileMissing();
  ASSERT_TRUE(client_->Del({"cs:{venue:ocean}:due", "cs:{venue:ocean}:due_built"}).ok());
  server_.Stop();
  loop_->Start();  // Redis down: logged, retried by the loop
  ASSERT_TRUE(server_.Restart().ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  absl::StatusOr<bool> built = false;
  while (std::chrono::steady_clock::now() < deadline) {
    built = store_->WakeIndexBuilt();
    if (built.ok() && *built) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  loop_->Stop();
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_TRUE(*built) << "the loop never built the timer index after Redis came back";
}

TEST_F(EscalationTest, SurnameGoesOutOnlyWithConsent) {
  v1::Case missing = FileMissing(/*consent=*/true);
  clock_.Advance(minutes(31));
  ASSERT_TRUE(loop_->Tick().ok());
  ASSERT_TRUE(loop_->Tick().ok());
  auto requests = client_->XRangeAfter(events_->requests_key(), "0", 10);
  ASSERT_EQ(requests->size(), 1u);
  v1::DraftAppealRequest draft;
  ASSERT_TRUE(draft.ParseFromString(requests->at(0).fields.at(0).second));
  EXPECT_EQ(draft.snapshot().surname(), "王");
  EXPECT_TRUE(draft.snapshot().surname_consent());
  EXPECT_EQ(draft.snapshot().SerializeAsString().find("小明"), std::string::npos);
}

TEST_F(EscalationTest, FoundChildCandidateReachesTheDeskAndFollowUpAfterHandover) {
  v1::Case missing = FileMissing();
  v1::Case found = FileFound();
  std::string candidate_of;
  for (const auto& e : Events())
    if (e.type() == v1::CASE_EVENT_CANDIDATE && e.case_id() == found.case_id())
      candidate_of = e.candidate_case_id();
  EXPECT_EQ(candidate_of, missing.case_id());

  // Unclaimed for 15 min: a found-child appeal is requested (the missing one is 16 min old).
  clock_.Advance(minutes(15));
  ASSERT_TRUE(loop_->Tick().ok());
  auto requests = client_->XRangeAfter(events_->requests_key(), "0", 10);
  ASSERT_EQ(requests->size(), 1u);

  v1::ConfirmMatchRequest cm;
  cm.set_case_id(missing.case_id());
  cm.set_other_case_id(found.case_id());
  *cm.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::Case out;
  ASSERT_TRUE(service_->ConfirmMatch(nullptr, &cm, &out).ok());
  v1::VerifyGuardianRequest vg;
  vg.set_case_id(missing.case_id());
  vg.set_document_type("resident_id");
  vg.set_document_number("310101199001011234");
  *vg.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  ASSERT_TRUE(service_->VerifyGuardian(nullptr, &vg, &out).ok());
  v1::CompleteHandoverRequest ho;
  ho.set_case_id(missing.case_id());
  *ho.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  ASSERT_TRUE(service_->CompleteHandover(nullptr, &ho, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_REUNITED);

  // The found report of the same child is reunited too, and its appeal gets a follow-up.
  v1::GetCaseRequest get;
  get.set_case_id(found.case_id());
  *get.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
  ASSERT_TRUE(service_->GetCase(nullptr, &get, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_REUNITED);
  EXPECT_EQ(Count(v1::CASE_EVENT_FOLLOW_UP_REQUESTED), 1);
  requests = client_->XRangeAfter(events_->requests_key(), "0", 10);
  ASSERT_EQ(requests->size(), 2u);
  v1::DraftAppealRequest follow;
  ASSERT_TRUE(follow.ParseFromString(requests->at(1).fields.at(0).second));
  EXPECT_EQ(follow.kind(), v1::APPEAL_FOLLOW_UP);
  EXPECT_EQ(follow.request_id(), found.case_id() + "/follow_up");
  // Nothing more is owed: no second follow-up from a sweep.
  ASSERT_TRUE(loop_->Sweep().ok());
  EXPECT_EQ(Count(v1::CASE_EVENT_FOLLOW_UP_REQUESTED), 1);
}

// Issue 14: the found-child appeal request names the report's photos (ids only; appeal-service
// fetches and blurs them), never their bytes.
TEST_F(EscalationTest, FoundChildAppealRequestNamesTheReportPhotos) {
  v1::Case found = FileFound(SmallJpeg());
  ASSERT_EQ(found.found().child().photo_ids_size(), 1);
  clock_.Advance(minutes(15));
  ASSERT_TRUE(loop_->Tick().ok());
  auto requests = client_->XRangeAfter(events_->requests_key(), "0", 10);
  ASSERT_TRUE(requests.ok());
  ASSERT_EQ(requests->size(), 1u);
  v1::DraftAppealRequest draft;
  ASSERT_TRUE(draft.ParseFromString(requests->at(0).fields.at(0).second));
  EXPECT_EQ(draft.kind(), v1::APPEAL_FOUND_CHILD);
  ASSERT_EQ(draft.snapshot().photo_ids_size(), 1);
  EXPECT_EQ(draft.snapshot().photo_ids(0), found.found().child().photo_ids(0));
  EXPECT_LT(requests->at(0).fields.at(0).second.size(), 4096u) << "photo bytes in the request";
}

TEST_F(EscalationTest, EventsAreFilteredByRoleAndZone) {
  v1::CaseEvent appeal;
  appeal.set_type(v1::CASE_EVENT_APPEAL_REQUESTED);
  v1::CaseEvent zone;
  zone.set_type(v1::CASE_EVENT_BROADCAST_ZONE);
  zone.add_zone_ids("penguin");
  v1::CaseEvent venue;
  venue.set_type(v1::CASE_EVENT_BROADCAST_VENUE);
  v1::CaseEvent candidate;
  candidate.set_type(v1::CASE_EVENT_CANDIDATE);
  EXPECT_FALSE(EventVisibleTo(appeal, v1::ROLE_PATROL, {}));
  EXPECT_TRUE(EventVisibleTo(appeal, v1::ROLE_PRESS, {}));
  EXPECT_FALSE(EventVisibleTo(candidate, v1::ROLE_PATROL, {}));
  EXPECT_TRUE(EventVisibleTo(candidate, v1::ROLE_DESK, {}));
  EXPECT_TRUE(EventVisibleTo(zone, v1::ROLE_PATROL, {"penguin"}));
  EXPECT_FALSE(EventVisibleTo(zone, v1::ROLE_PATROL, {"theatre"}));
  EXPECT_TRUE(EventVisibleTo(venue, v1::ROLE_PATROL, {"theatre"}));
  EXPECT_FALSE(EventVisibleTo(zone, v1::ROLE_UNSPECIFIED, {}));
}

TEST_F(EscalationTest, PhotosByRoleAndOnlyOfTheirOwnCase) {
  v1::Case other = FileMissing();
  v1::Case found = FileFound(SmallJpeg());
  ASSERT_EQ(found.found().child().photo_ids_size(), 1);
  v1::GetPhotoRequest req;
  req.set_case_id(found.case_id());
  req.set_photo_id(found.found().child().photo_ids(0));
  *req.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
  v1::PhotoContent photo;
  ASSERT_TRUE(service_->GetPhoto(nullptr, &req, &photo).ok());
  EXPECT_EQ(photo.content_type(), "image/jpeg");
  EXPECT_FALSE(
      cv::imdecode(std::vector<uchar>(photo.data().begin(), photo.data().end()), cv::IMREAD_COLOR)
          .empty());
  *req.mutable_actor() = Who("press.zhao", v1::ROLE_PRESS);
  EXPECT_EQ(service_->GetPhoto(nullptr, &req, &photo).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  req.set_case_id(other.case_id());  // another case's id with this photo's ref
  EXPECT_EQ(service_->GetPhoto(nullptr, &req, &photo).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(EscalationTest, RetentionPurgesClosedCasesAndTheirPhotos) {
  v1::Case found = FileFound(SmallJpeg());
  v1::TransitionCaseRequest tc;
  tc.set_case_id(found.case_id());
  tc.set_to(v1::CASE_CANCELLED);
  tc.set_reason("guardian came to the centre");
  *tc.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::Case out;
  ASSERT_TRUE(service_->TransitionCase(nullptr, &tc, &out).ok());
  tc.set_to(v1::CASE_CLOSED);
  ASSERT_TRUE(service_->TransitionCase(nullptr, &tc, &out).ok()) << out.DebugString();
  ASSERT_EQ(*loop_->Tick(), 0) << "not yet due";
  clock_.Advance(std::chrono::hours(24 * 31));
  ASSERT_EQ(*loop_->Tick(), 1) << "the purge comes due from the timer index";
  auto c = store_->Get(found.case_id());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->state, CaseState::kPurged);
  EXPECT_TRUE(c->child.photo_refs.empty());
  EXPECT_FALSE(store_->GetPhoto(found.case_id(), found.case_id() + "/photo-0").ok());
}

}  // namespace
}  // namespace cs::cases
