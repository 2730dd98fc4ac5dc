// RedisCaseStore against a real private redis-server: codec round trip, compare-and-set, the
// audit log growing only, the venue indexes, and an acknowledged report surviving a restart.
#include "services/cases/redis_case_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/cases/core/lifecycle.h"

namespace cs::cases {
namespace {

Case SampleCase(const std::string& id) {
  Case c;
  c.id = id;
  c.kind = CaseKind::kMissing;
  c.child.sex = Sex::kMale;
  c.child.age_min = 4;
  c.child.age_max = 5;
  c.child.height_cm = 105;
  c.child.clothing.top = {"深蓝", "带帽卫衣：胸前有鲸鱼", {{30.5, 10.25, -40.125}}};
  c.child.clothing.shoes = {"red", "", {}};
  c.child.features = "左脸有痣 12:34";  // a colon and digits must not confuse the codec
  c.child.photo_refs = {"x/photo-0"};
  c.zone_id = "penguin";
  c.seen_at = FromMillis(1'771'300'000'123);
  c.filed_at = FromMillis(1'771'300'100'000);
  c.filed_by = "desk.wang";
  c.restricted = {"王小明", "王芳", "+86 138 0000 0000", ""};
  c.linked_ids = {"case-9"};
  c.fired_actions = {"k1"};
  c.closed_at = FromMillis(5);
  c.audit.push_back({c.filed_at, "desk.wang", Role::kDesk, "filed", "", "OPEN", "", "r"});
  return c;
}

class RedisCaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
    store_ = std::make_unique<RedisCaseStore>(*client_, "ocean");
  }
  testing::RedisServer server_;
  std::unique_ptr<HiredisClient> client_;
  std::unique_ptr<RedisCaseStore> store_;
};

TEST(RedisCaseStoreCodec, BodyRoundTripsAndRejectsGarbage) {
  Case c = SampleCase("case-1");
  c.guardian = GuardianVerification{"resident_id", "3101**********1234", "desk.li",
                                    FromMillis(77)};
  auto back = RedisCaseStore::DecodeBody(RedisCaseStore::EncodeBody(c));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->child.clothing.top.text, c.child.clothing.top.text);
  EXPECT_DOUBLE_EQ(back->child.clothing.top.photo_colours.at(0).b, -40.125);
  EXPECT_EQ(back->child.features, c.child.features);
  EXPECT_EQ(back->restricted.guardian_phone, c.restricted.guardian_phone);
  EXPECT_EQ(back->seen_at, c.seen_at);
  EXPECT_EQ(back->guardian->masked_number, "3101**********1234");
  EXPECT_EQ(back->closed_at, c.closed_at);
  EXPECT_FALSE(back->reunited_at.has_value());
  EXPECT_EQ(back->linked_ids, c.linked_ids);
  c.last_seen_note = "在企鹅馆出口走散";
  std::string body = RedisCaseStore::EncodeBody(c);
  auto with_note = RedisCaseStore::DecodeBody(body);
  ASSERT_TRUE(with_note.ok()) << with_note.status();
  EXPECT_EQ(with_note->last_seen_note, c.last_seen_note);
  EXPECT_FALSE(RedisCaseStore::DecodeBody(body.substr(0, body.size() - 3)).ok());
  EXPECT_FALSE(RedisCaseStore::DecodeBody("nonsense").ok());
  ASSERT_EQ(body.rfind("5:case4", 0), 0u);
}

std::string ReadRecord(const std::string& name) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  std::ifstream in(std::string(src ? src : ".") + "/tests/testdata/records/" + name,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Bodies written by the encoder before the codec moved to common/ (tests/testdata/records):
// case3 with every integer as a string of digits, and, cut from it, case2 (no note) and case1
// (no consent flag either). Records already in Redis must keep reading.
TEST(RedisCaseStoreCodec, BodiesOfEveryOlderFormatStillRead) {
  const std::string case3 = ReadRecord("case3_body.bin");
  ASSERT_EQ(case3.rfind("5:case3", 0), 0u) << "tests/testdata/records/case3_body.bin is missing";
  auto v3 = RedisCaseStore::DecodeBody(case3);
  ASSERT_TRUE(v3.ok()) << v3.status();
  Case c = SampleCase("case-1");
  EXPECT_EQ(v3->child.features, c.child.features);
  EXPECT_EQ(v3->child.age_max, 5);
  EXPECT_EQ(v3->child.height_cm, 105);
  EXPECT_DOUBLE_EQ(v3->child.clothing.top.photo_colours.at(0).b, -40.125);
  EXPECT_EQ(v3->seen_at, c.seen_at);
  EXPECT_EQ(v3->closed_at, c.closed_at);
  EXPECT_EQ(v3->guardian->verified_at, FromMillis(77));
  EXPECT_EQ(v3->restricted.guardian_phone, c.restricted.guardian_phone);
  EXPECT_TRUE(v3->restricted.surname_consent);
  EXPECT_EQ(v3->last_seen_note, "在企鹅馆出口走散");
  // Written again, it is a case4 body that reads back the same.
  auto again = RedisCaseStore::DecodeBody(RedisCaseStore::EncodeBody(*v3));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->last_seen_note, v3->last_seen_note);
  EXPECT_EQ(again->guardian->masked_number, v3->guardian->masked_number);

  const std::string note = "在企鹅馆出口走散";
  const size_t note_bytes = std::to_string(note.size()).size() + 1 + note.size();
  const std::string case2 = "5:case2" + case3.substr(7, case3.size() - 7 - note_bytes);
  auto v2 = RedisCaseStore::DecodeBody(case2);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_TRUE(v2->last_seen_note.empty());
  EXPECT_TRUE(v2->restricted.surname_consent);
  const std::string case1 = "5:case1" + case3.substr(7, case3.size() - 7 - note_bytes - 3);
  auto v1 = RedisCaseStore::DecodeBody(case1);
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ(v1->child.features, c.child.features);
  EXPECT_FALSE(v1->restricted.surname_consent);

  auto audit = RedisCaseStore::DecodeAudit(ReadRecord("audit_entry_v1.bin"));
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_EQ(audit->time, c.filed_at);
  EXPECT_EQ(audit->role, Role::kDesk);
  EXPECT_EQ(audit->to_state, "OPEN");
}

TEST_F(RedisCaseStoreTest, CompareAndSetRefusesConflicts) {
  Case c = SampleCase("case-1");
  auto v1 = store_->Put(c, 0);
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ(*v1, 1);
  EXPECT_EQ(store_->Put(c, 0).status().code(), absl::StatusCode::kAlreadyExists);

  auto a = store_->Get("case-1");
  auto b = store_->Get("case-1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->version, 1);
  Actor desk{"desk.wang", Role::kDesk};
  ASSERT_TRUE(Transition(*a, CaseState::kCancelled, desk, FromMillis(2), "found alone").ok());
  EXPECT_EQ(*store_->Put(*a, a->version), 2);
  // b was read at version 1: its write is refused and changes nothing.
  b->child.height_cm = 180;
  EXPECT_EQ(store_->Put(*b, b->version).status().code(), absl::StatusCode::kAborted);
  auto now = store_->Get("case-1");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->state, CaseState::kCancelled);
  EXPECT_EQ(now->child.height_cm, 105);
  EXPECT_EQ(store_->Put(SampleCase("case-404"), 3).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RedisCaseStoreTest, AuditOnlyGrowsAndReadsAppendWithoutAVersion) {
  ASSERT_TRUE(store_->Put(SampleCase("case-1"), 0).ok());
  auto c = store_->Get("case-1");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->audit.size(), 1u);
  // A read is logged by someone else meanwhile.
  ASSERT_TRUE(store_->AppendAudit("case-1", {{FromMillis(9), "desk.li", Role::kDesk,
                                               "read_restricted", "", "", "restricted.child_name",
                                               "call back"}})
                  .ok());
  ASSERT_TRUE(Transition(*c, CaseState::kCancelled, {"desk.wang", Role::kDesk}, FromMillis(10),
                         "x")
                  .ok());
  ASSERT_TRUE(store_->Put(*c, c->version).ok());
  auto after = store_->Get("case-1");
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->audit.size(), 3u);
  EXPECT_EQ(after->audit[0].action, "filed");
  EXPECT_EQ(after->audit[1].field_read, "restricted.child_name");
  EXPECT_EQ(after->audit[2].to_state, "CANCELLED");
  EXPECT_EQ(after->audit[1].role, Role::kDesk);
  EXPECT_EQ(store_->AppendAudit("case-404", {after->audit[0]}).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RedisCaseStoreTest, IndexesFollowTheState) {
  ASSERT_TRUE(store_->Put(SampleCase("case-1"), 0).ok());
  ASSERT_TRUE(store_->Put(SampleCase("case-2"), 0).ok());
  EXPECT_EQ(*store_->ListActive(), (std::vector<std::string>{"case-1", "case-2"}));
  auto c = store_->Get("case-1");
  ASSERT_TRUE(Transition(*c, CaseState::kCancelled, {"d", Role::kDesk}, FromMillis(3), "").ok());
  ASSERT_TRUE(store_->Put(*c, c->version).ok());
  EXPECT_EQ(*store_->ListActive(), (std::vector<std::string>{"case-2"}));
  EXPECT_EQ(store_->ListAll()->size(), 2u);
  auto id1 = store_->NewId();
  auto id2 = store_->NewId();
  ASSERT_TRUE(id1.ok() && id2.ok());
  EXPECT_NE(*id1, *id2);
}

TEST_F(RedisCaseStoreTest, AcknowledgedReportSurvivesARedisRestart) {
  ASSERT_TRUE(store_->Put(SampleCase("case-7"), 0).ok());
  server_.Kill();  // a crash: only what reached the AOF comes back
  ASSERT_TRUE(server_.Restart().ok());
  HiredisClient fresh(server_.Config());
  RedisCaseStore store(fresh, "ocean");
  auto c = store.Get("case-7");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->restricted.child_name, "王小明");
  EXPECT_EQ(c->audit.size(), 1u);
  EXPECT_EQ(*store.ListActive(), std::vector<std::string>{"case-7"});
}

// Issue 18: with Redis down, ListActive answered an empty list, so case-service started with an
// empty match index as if nothing were open.
TEST_F(RedisCaseStoreTest, Issue18ListActiveFailsWhenRedisIsDown) {
  ASSERT_TRUE(store_->Put(SampleCase("case-8"), 0).ok());
  server_.Stop();
  auto active = store_->ListActive();
  EXPECT_FALSE(active.ok()) << "an empty list would mean no open cases";
  // A new case is refused, not half-indexed: nothing was stored.
  EXPECT_FALSE(store_->Put(SampleCase("case-9"), 0).ok());
  ASSERT_TRUE(server_.Restart().ok());
  HiredisClient fresh(server_.Config());
  RedisCaseStore store(fresh, "ocean");
  EXPECT_EQ(*store.ListActive(), std::vector<std::string>{"case-8"});
  EXPECT_TRUE(absl::IsNotFound(store.Get("case-9").status()));
}

}  // namespace
}  // namespace cs::cases
