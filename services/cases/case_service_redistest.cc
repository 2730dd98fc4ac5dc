// CaseServiceImpl on a real private redis-server, its RPC methods called directly: the lost-child
// path from report to closed case, role views with audited reads, bad input stored nowhere, and
// the match index rebuilt from Redis by a fresh service.
#include "services/cases/case_service.h"

#include <gtest/gtest.h>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {
namespace v1 = crowdsafe::v1;

constexpr int64_t kNowMs = 1'771'300'800'000;  // 2026-02-17 04:00 UTC

void At(int64_t ms, google::protobuf::Timestamp* t) {
  t->set_seconds(ms / 1000);
  t->set_nanos(0);
}

v1::Actor Who(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

v1::FileMissingReportRequest Missing() {
  v1::FileMissingReportRequest req;
  auto* r = req.mutable_report();
  r->set_venue_id("ocean");
  r->mutable_child()->set_sex(v1::SEX_MALE);
  r->mutable_child()->set_age_min(5);
  r->mutable_child()->set_age_max(5);
  r->mutable_child()->set_height_cm(110);
  r->mutable_child()->mutable_clothing()->mutable_top()->add_colours("红");
  r->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("蓝");
  r->mutable_child()->set_features("缺门牙");
  r->set_last_seen_zone_id("penguin");
  At(kNowMs - 20 * 60 * 1000, r->mutable_last_seen_at());
  r->mutable_restricted()->set_child_name("王小明");
  r->mutable_restricted()->set_guardian_phone("13800000000");
  *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  return req;
}

v1::FileFoundReportRequest Found(const std::string& zone, const std::string& top,
                                 const std::string& shoes, int age, v1::Sex sex) {
  v1::FileFoundReportRequest req;
  auto* r = req.mutable_report();
  r->set_venue_id("ocean");
  r->mutable_child()->set_sex(sex);
  r->mutable_child()->set_age_min(age);
  r->mutable_child()->set_age_max(age + 1);
  r->mutable_child()->set_height_cm(112);
  r->mutable_child()->mutable_clothing()->mutable_top()->add_colours(top);
  r->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours(shoes);
  r->mutable_child()->set_features("缺门牙");
  r->set_found_zone_id(zone);
  At(kNowMs - 5 * 60 * 1000, r->mutable_found_at());
  r->set_held_at("走失儿童中心");
  *req.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
  return req;
}

class CaseServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
    store_ = std::make_unique<RedisCaseStore>(*client_, "ocean");
    service_ = std::make_unique<CaseServiceImpl>(venue_, *store_, clock_);
  }

  int64_t DbSize() { return client_->Command({"DBSIZE"})->integer; }

  // Every string value stored anywhere in Redis, to prove what is never stored.
  std::string AllStoredText() {
    // Each reply is held in a local: a range-for over a member of a temporary StatusOr would
    // dangle (only the last temporary in the chain is lifetime-extended).
    std::string all;
    auto keys = client_->Command({"KEYS", "*"});
    for (const auto& k : keys->elements) {
      auto type = client_->Command({"TYPE", k.str})->str;
      if (type == "string") all += client_->Get(k.str)->value_or("");
      if (type == "hash") {
        auto fields = client_->HGetAll(k.str);
        for (const auto& [f, v] : *fields) all += v;
      }
      if (type == "list") {
        auto items = client_->Command({"LRANGE", k.str, "0", "-1"});
        for (const auto& e : items->elements) all += e.str;
      }
    }
    return all;
  }

  cs::testing::RedisServer server_;
  Venue venue_ = cases::testing::OceanTestVenue();
  ManualClock clock_{FromMillis(kNowMs)};
  std::unique_ptr<HiredisClient> client_;
  std::unique_ptr<RedisCaseStore> store_;
  std::unique_ptr<CaseServiceImpl> service_;
  // The adapter does not read its context; a real one needs a running gRPC library.
  grpc::ServerContext* ctx_ = nullptr;
};

TEST_F(CaseServiceTest, FromReportsToAClosedCase) {
  v1::Case missing, near, far;
  auto m = Missing();
  auto f_far = Found("theatre", "绿", "白", 9, v1::SEX_FEMALE);
  auto f_near = Found("whale", "红", "蓝", 5, v1::SEX_MALE);
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &m, &missing).ok());
  ASSERT_TRUE(service_->FileFoundReport(ctx_, &f_far, &far).ok());
  ASSERT_TRUE(service_->FileFoundReport(ctx_, &f_near, &near).ok());
  EXPECT_EQ(missing.state(), v1::CASE_OPEN);
  EXPECT_TRUE(missing.restricted_redacted());
  EXPECT_TRUE(missing.missing().restricted().child_name().empty());

  v1::ListCandidatesRequest lc;
  lc.set_case_id(missing.case_id());
  *lc.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ListCandidatesResponse cands;
  ASSERT_TRUE(service_->ListCandidates(ctx_, &lc, &cands).ok());
  ASSERT_EQ(cands.candidates_size(), 2);
  EXPECT_EQ(cands.candidates(0).case_id(), near.case_id());
  EXPECT_GT(cands.candidates(0).score(), cands.candidates(1).score());
  EXPECT_GT(cands.candidates(0).features_size(), 0);

  v1::ConfirmMatchRequest cm;
  cm.set_case_id(missing.case_id());
  cm.set_other_case_id(near.case_id());
  *cm.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::Case out;
  ASSERT_TRUE(service_->ConfirmMatch(ctx_, &cm, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_MATCH_CONFIRMED);
  EXPECT_EQ(out.matched_case_id(), near.case_id());

  // Handover before verification is refused.
  v1::CompleteHandoverRequest ho;
  ho.set_case_id(missing.case_id());
  *ho.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  EXPECT_EQ(service_->CompleteHandover(ctx_, &ho, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::VerifyGuardianRequest vg;
  vg.set_case_id(missing.case_id());
  vg.set_document_type("resident_id");
  vg.set_document_number("310101199001011234");
  *vg.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  ASSERT_TRUE(service_->VerifyGuardian(ctx_, &vg, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_GUARDIAN_VERIFIED);
  EXPECT_EQ(AllStoredText().find("310101199001011234"), std::string::npos);
  EXPECT_NE(AllStoredText().find("3101**********1234"), std::string::npos);

  ASSERT_TRUE(service_->CompleteHandover(ctx_, &ho, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_REUNITED);
  v1::TransitionCaseRequest tc;
  tc.set_case_id(missing.case_id());
  tc.set_to(v1::CASE_CLOSED);
  *tc.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  ASSERT_TRUE(service_->TransitionCase(ctx_, &tc, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_CLOSED);
  // Closed cannot reopen.
  tc.set_to(v1::CASE_OPEN);
  EXPECT_EQ(service_->TransitionCase(ctx_, &tc, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::GetAuditLogRequest al;
  al.set_case_id(missing.case_id());
  *al.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::GetAuditLogResponse log;
  ASSERT_TRUE(service_->GetAuditLog(ctx_, &al, &log).ok());
  ASSERT_GE(log.entries_size(), 6);
  EXPECT_EQ(log.entries(0).action(), "filed");
  EXPECT_EQ(log.entries(log.entries_size() - 1).to(), v1::CASE_CLOSED);
  *al.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
  EXPECT_EQ(service_->GetAuditLog(ctx_, &al, &log).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ExportPfifRequest ex;
  ex.set_venue_id("ocean");
  *ex.mutable_actor() = Who("press.zhao", v1::ROLE_PRESS);
  v1::ExportPfifResponse pfif;
  ASSERT_TRUE(service_->ExportPfif(ctx_, &ex, &pfif).ok());
  EXPECT_NE(pfif.xml().find("http://zesty.ca/pfif/1.4"), std::string::npos);
  EXPECT_EQ(pfif.xml().find("王小明"), std::string::npos);
}

TEST_F(CaseServiceTest, RestrictedPartOnlyForTheDeskWithAReasonAndAudited) {
  v1::Case filed, out;
  auto req = Missing();
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &req, &filed).ok());
  v1::GetCaseRequest get;
  get.set_case_id(filed.case_id());
  *get.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
  get.set_reason("curious");
  ASSERT_TRUE(service_->GetCase(ctx_, &get, &out).ok());
  EXPECT_TRUE(out.missing().restricted().child_name().empty());
  EXPECT_TRUE(out.restricted_redacted());
  *get.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  get.clear_reason();
  ASSERT_TRUE(service_->GetCase(ctx_, &get, &out).ok());
  EXPECT_TRUE(out.missing().restricted().child_name().empty());
  EXPECT_EQ(store_->Get(filed.case_id())->audit.size(), 1u);  // nothing read, nothing logged

  get.set_reason("calling the guardian back");
  ASSERT_TRUE(service_->GetCase(ctx_, &get, &out).ok());
  EXPECT_EQ(out.missing().restricted().child_name(), "王小明");
  EXPECT_FALSE(out.restricted_redacted());
  auto stored = store_->Get(filed.case_id());
  ASSERT_EQ(stored->audit.size(), 3u);  // filed + child_name + guardian_phone
  EXPECT_EQ(stored->audit[1].field_read, "restricted.child_name");
  EXPECT_EQ(stored->audit[1].reason, "calling the guardian back");
  EXPECT_EQ(stored->audit[2].actor, "desk.wang");
}

TEST_F(CaseServiceTest, BadInputNamesTheFieldAndStoresNothing) {
  struct Bad {
    std::function<void(v1::FileMissingReportRequest&)> edit;
    std::string field;
  };
  const std::vector<Bad> cases = {
      {[](auto& r) { r.mutable_report()->clear_last_seen_zone_id(); }, "report.last_seen_zone_id"},
      {[](auto& r) { r.mutable_report()->mutable_child()->set_age_min(30); },
       "report.child.age_min"},
      {[](auto& r) { r.mutable_report()->set_last_seen_zone_id("mars"); },
       "report.last_seen_zone_id"},
      {[](auto& r) { r.mutable_report()->mutable_child()->set_features("\xff\xfe"); },
       "report.child.features"},
      {[](auto& r) {
         r.mutable_report()->mutable_child()->mutable_clothing()->mutable_top()->set_description(
             std::string(10000, 'a'));
       },
       "report.child.clothing.top.description"},
      {[](auto& r) {
         auto* p = r.add_photos();
         p->set_data(std::string(6 * 1024 * 1024, 'x'));
         p->set_content_type("image/jpeg");
       },
       "photos[0].data"},
      {[](auto& r) { r.mutable_report()->set_venue_id("other"); }, "report.venue_id"},
      {[](auto& r) { r.mutable_actor()->clear_user_id(); }, "actor.user_id"},
  };
  for (const auto& bad : cases) {
    auto req = Missing();
    bad.edit(req);
    v1::Case out;
    grpc::Status s = service_->FileMissingReport(ctx_, &req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_EQ(s.error_message().rfind(bad.field + ":", 0), 0u) << s.error_message();
    EXPECT_EQ(s.error_message().find("王小明"), std::string::npos);
  }
  EXPECT_EQ(DbSize(), 0);
}

// Issue 18: lastSeenAt 2999-01-01 was stored as 1829-11-23 (a TimePoint wraps past 2262), year
// 0001 as 1754, and nanos -5 was taken; an age of -1 was answered "is required".
TEST_F(CaseServiceTest, Issue18TimesAndAgesOutOfRangeAreRefusedNamingTheField) {
  struct Bad {
    std::function<void(google::protobuf::Timestamp*)> edit;
    std::string expect;
  };
  const std::vector<Bad> times = {
      {[](auto* t) { t->set_seconds(32472144000); }, "must be between 2000-01-01"},  // 2999-01-01
      {[](auto* t) { t->set_seconds(-62135596800); }, "must be between 2000-01-01"},  // 0001-01-01
      {[](auto* t) { t->set_nanos(-5); }, "nanos must be in"},
  };
  for (const auto& bad : times) {
    auto m = Missing();
    bad.edit(m.mutable_report()->mutable_last_seen_at());
    v1::Case out;
    grpc::Status s = service_->FileMissingReport(ctx_, &m, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_EQ(s.error_message().rfind("report.last_seen_at: " + bad.expect, 0), 0u)
        << s.error_message();
    EXPECT_EQ(s.error_message().find("2999"), std::string::npos) << "the value is not echoed";
    auto f = Found("penguin", "红", "蓝", 5, v1::SEX_MALE);
    bad.edit(f.mutable_report()->mutable_found_at());
    s = service_->FileFoundReport(ctx_, &f, &out);
    EXPECT_EQ(s.error_message().rfind("report.found_at: " + bad.expect, 0), 0u)
        << s.error_message();
  }
  v1::MatchSightingRequest sighting;
  sighting.set_zone_id("penguin");
  sighting.mutable_seen_at()->set_seconds(32472144000);
  *sighting.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ListCandidatesResponse candidates;
  const auto matched = service_->MatchSighting(ctx_, &sighting, &candidates);
  EXPECT_EQ(matched.error_message().rfind("seen_at: ", 0), 0u) << matched.error_message();
  v1::ExportPfifRequest pfif;
  pfif.set_venue_id("ocean");
  pfif.mutable_since()->mutable_end()->set_seconds(32472144000);
  *pfif.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ExportPfifResponse xml;
  EXPECT_EQ(service_->ExportPfif(ctx_, &pfif, &xml).error_message().rfind("since.end: ", 0), 0u);
  auto m = Missing();
  m.mutable_report()->mutable_child()->set_age_min(-1);
  m.mutable_report()->mutable_child()->set_age_max(-1);
  v1::Case out;
  EXPECT_EQ(service_->FileMissingReport(ctx_, &m, &out).error_message(),
            "report.child.age_min: must be 0..17");
  EXPECT_EQ(DbSize(), 0);
}

// Issue 18: with Redis down a restarted case-service rebuilt an empty index and served on.
TEST_F(CaseServiceTest, Issue18RebuildFailsWhileRedisIsDown) {
  v1::Case missing;
  auto m = Missing();
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &m, &missing).ok());
  server_.Stop();
  CaseServiceImpl fresh(venue_, *store_, clock_);
  EXPECT_FALSE(fresh.RebuildIndex().ok());
}

// Issue 13: ListCandidates of an open case matches from the profile indexed at filing and
// reads the case and its candidates in one pipeline: one HMGET per case, no audit log read,
// no second round trip. An unknown case is NOT_FOUND.
TEST_F(CaseServiceTest, Issue13ListCandidatesOfAnIndexedCaseReadsOnlyWhatItShows) {
  v1::Case missing, found;
  auto m = Missing();
  auto f = Found("whale", "红", "蓝", 5, v1::SEX_MALE);
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &m, &missing).ok());
  ASSERT_TRUE(service_->FileFoundReport(ctx_, &f, &found).ok());
  auto calls = [&](const std::string& command) {
    auto info = client_->Command({"INFO", "commandstats"});
    const std::string key = "cmdstat_" + command + ":calls=";
    const size_t at = info.ok() ? info->str.find(key) : std::string::npos;
    return at == std::string::npos ? int64_t{0} : std::stoll(info->str.substr(at + key.size()));
  };
  const int64_t hmget = calls("hmget"), lrange = calls("lrange"), hget = calls("hget");
  v1::ListCandidatesRequest lc;
  lc.set_case_id(found.case_id());
  *lc.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ListCandidatesResponse cands;
  ASSERT_TRUE(service_->ListCandidates(ctx_, &lc, &cands).ok());
  ASSERT_EQ(cands.candidates_size(), 1);
  EXPECT_EQ(cands.candidates(0).case_id(), missing.case_id());
  EXPECT_EQ(calls("hmget") - hmget, 2);  // the found case and its one candidate
  EXPECT_EQ(calls("lrange") - lrange, 0);  // no audit log
  EXPECT_EQ(calls("hget") - hget, 0);

  lc.set_case_id("case-999");
  EXPECT_EQ(service_->ListCandidates(ctx_, &lc, &cands).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CaseServiceTest, AFreshServiceRebuildsTheMatchIndexFromRedis) {
  v1::Case missing, found;
  auto m = Missing();
  auto f = Found("whale", "红", "蓝", 5, v1::SEX_MALE);
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &m, &missing).ok());
  ASSERT_TRUE(service_->FileFoundReport(ctx_, &f, &found).ok());
  CaseServiceImpl fresh(venue_, *store_, clock_);
  v1::ListCandidatesRequest lc;
  lc.set_case_id(missing.case_id());
  *lc.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ListCandidatesResponse before, after;
  ASSERT_TRUE(fresh.ListCandidates(ctx_, &lc, &before).ok());
  EXPECT_EQ(before.candidates_size(), 0);
  EXPECT_EQ(*fresh.RebuildIndex(), 2u);
  ASSERT_TRUE(fresh.ListCandidates(ctx_, &lc, &after).ok());
  ASSERT_EQ(after.candidates_size(), 1);
  EXPECT_EQ(after.candidates(0).case_id(), found.case_id());

  v1::ListCasesRequest list;
  list.set_venue_id("ocean");
  list.set_kind(v1::CASE_FOUND);
  *list.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ListCasesResponse listed;
  ASSERT_TRUE(fresh.ListCases(ctx_, &list, &listed).ok());
  ASSERT_EQ(listed.cases_size(), 1);
  EXPECT_EQ(listed.cases(0).case_id(), found.case_id());
}

TEST_F(CaseServiceTest, BroadcastResponseIsStoredInTheAuditLog) {
  v1::Case missing, out;
  auto m = Missing();
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &m, &missing).ok());
  v1::RespondToBroadcastRequest r;
  r.set_case_id(missing.case_id());
  r.set_zone_id("penguin");
  *r.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
  EXPECT_EQ(service_->RespondToBroadcast(ctx_, &r, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // no response given
  r.set_response(v1::BROADCAST_SEARCHING);
  r.set_zone_id("atlantis");
  EXPECT_EQ(service_->RespondToBroadcast(ctx_, &r, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  r.set_zone_id("penguin");
  ASSERT_TRUE(service_->RespondToBroadcast(ctx_, &r, &out).ok());
  EXPECT_EQ(out.state(), v1::CASE_OPEN);

  // Stored: a fresh read of the audit log (from Redis) holds the answer.
  v1::GetAuditLogRequest al;
  al.set_case_id(missing.case_id());
  *al.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::GetAuditLogResponse log;
  ASSERT_TRUE(service_->GetAuditLog(ctx_, &al, &log).ok());
  int answers = 0;
  for (const auto& e : log.entries()) {
    if (e.action() != "broadcast_response") continue;
    ++answers;
    EXPECT_EQ(e.actor().user_id(), "patrol.li");
    EXPECT_EQ(e.reason(), "searching in penguin");
  }
  EXPECT_EQ(answers, 1);
}

}  // namespace
}  // namespace cs::cases

namespace cs::cases {
namespace {

// Issue 14: one rule for every outbound channel. The public PFIF is the same for every role and
// carries nothing the case's guard refuses; the full export is the desk's, audited, marked.
TEST_F(CaseServiceTest, PublicPfifIsGuardedForEveryRole) {
  auto req = Missing();
  req.mutable_report()->mutable_child()->set_features(
      "缺门牙，妈妈王 秀 英电话13912345678，微信 wxid_abc123 #寻人# http://t.cn/x\x07");
  req.mutable_report()->mutable_restricted()->set_guardian_name("王秀英");
  v1::Case filed;
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &req, &filed).ok());
  for (v1::Role role : {v1::ROLE_PRESS, v1::ROLE_PATROL, v1::ROLE_DESK}) {
    v1::ExportPfifRequest ex;
    ex.set_venue_id("ocean");
    ex.add_case_ids(filed.case_id());
    *ex.mutable_actor() = Who("someone", role);
    v1::ExportPfifResponse pfif;
    ASSERT_TRUE(service_->ExportPfif(ctx_, &ex, &pfif).ok());
    EXPECT_NE(pfif.xml().find("缺门牙"), std::string::npos);
    for (const char* bad : {"王小明", "秀", "13912345678", "13800000000", "wxid", "#", "t.cn",
                            "\x07", "RESTRICTED"}) {
      EXPECT_EQ(pfif.xml().find(bad), std::string::npos) << bad << " for role " << role;
    }
    EXPECT_FALSE(pfif.restricted());
    EXPECT_EQ(pfif.file_name(), filed.case_id() + ".pfif.xml");
  }
}

TEST_F(CaseServiceTest, RestrictedPfifIsDeskOnlyAuditedAndMarked) {
  auto req = Missing();
  v1::Case filed;
  ASSERT_TRUE(service_->FileMissingReport(ctx_, &req, &filed).ok());
  v1::ExportRestrictedPfifRequest ex;
  ex.set_venue_id("ocean");
  ex.add_case_ids(filed.case_id());
  ex.set_reason("police request 王小明 13800000000");  // personal data typed into the reason
  v1::ExportPfifResponse out;
  for (v1::Role role : {v1::ROLE_PRESS, v1::ROLE_PATROL, v1::ROLE_ADMIN, v1::ROLE_SYSTEM}) {
    *ex.mutable_actor() = Who("not.desk", role);
    const grpc::Status s = service_->ExportRestrictedPfif(ctx_, &ex, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << role;
    EXPECT_NE(s.error_message().find("actor.role"), std::string::npos);
  }
  *ex.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::ExportRestrictedPfifRequest no_reason = ex;
  no_reason.clear_reason();
  const grpc::Status bad = service_->ExportRestrictedPfif(ctx_, &no_reason, &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("reason"), std::string::npos);

  v1::GetAuditLogRequest al;
  al.set_case_id(filed.case_id());
  *al.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::GetAuditLogResponse before;
  ASSERT_TRUE(service_->GetAuditLog(ctx_, &al, &before).ok());
  for (const auto& e : before.entries()) EXPECT_NE(e.action(), "export_pfif_restricted");

  ASSERT_TRUE(service_->ExportRestrictedPfif(ctx_, &ex, &out).ok());
  EXPECT_TRUE(out.restricted());
  EXPECT_EQ(out.file_name(), filed.case_id() + ".RESTRICTED-not-for-publication.pfif.xml");
  EXPECT_NE(out.xml().find("<!-- RESTRICTED — not for publication"), std::string::npos);
  EXPECT_NE(out.xml().find("<pfif:full_name>王小明</pfif:full_name>"), std::string::npos);
  EXPECT_NE(out.xml().find("13800000000"), std::string::npos);

  v1::GetAuditLogResponse after;
  ASSERT_TRUE(service_->GetAuditLog(ctx_, &al, &after).ok());
  ASSERT_EQ(after.entries_size(), before.entries_size() + 1);
  const v1::AuditEntry& e = after.entries(after.entries_size() - 1);
  EXPECT_EQ(e.action(), "export_pfif_restricted");
  EXPECT_EQ(e.actor().user_id(), "desk.wang");
  EXPECT_EQ(e.actor().role(), v1::ROLE_DESK);
  EXPECT_EQ(e.at().seconds(), clock_.Now().time_since_epoch() / std::chrono::seconds(1));
  EXPECT_NE(e.field().find("restricted.child_name"), std::string::npos);
  EXPECT_NE(e.field().find("venue ocean"), std::string::npos);
  EXPECT_NE(e.reason().find("police request"), std::string::npos);
  for (const std::string* text : {&e.reason(), &e.field()}) {
    EXPECT_EQ(text->find("王小明"), std::string::npos);
    EXPECT_EQ(text->find("13800000000"), std::string::npos);
  }
}

}  // namespace
}  // namespace cs::cases
