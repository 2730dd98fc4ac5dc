#include "mobile-api/required_fields.h"

#include <gtest/gtest.h>

#include "crowdsafe/v1/appeals.pb.h"
#include "crowdsafe/v1/cases.pb.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;
using Paths = std::vector<std::string>;

TEST(RequiredFieldsTest, EveryMissingFieldAtOnceByItsJsonPath) {
  v1::FileFoundReportRequest found;
  EXPECT_EQ(MissingRequired(found), Paths{"report"});
  found.mutable_report()->set_venue_id("ocean");
  EXPECT_EQ(MissingRequired(found),
            (Paths{"report.foundZoneId", "report.foundAt", "report.heldAt"}));
  found.mutable_report()->set_found_zone_id("penguin");
  found.mutable_report()->mutable_found_at()->set_seconds(1);
  found.mutable_report()->set_held_at("中心");
  EXPECT_TRUE(MissingRequired(found).empty());  // a found child's sex may be unknown
}

// Issue 13: a guardian (or an officer relaying a report) may not know a toddler's sex; the
// matcher treats it as neutral, so a missing report needs the child but not its sex.
TEST(RequiredFieldsTest, AMissingReportNeedsTheChildButNotItsSex) {
  v1::FileMissingReportRequest missing;
  auto* r = missing.mutable_report();
  r->set_last_seen_zone_id("plaza");
  r->mutable_last_seen_at()->set_seconds(1);
  EXPECT_EQ(MissingRequired(missing), Paths{"report.child"});
  r->mutable_child()->set_age_min(4);
  EXPECT_TRUE(MissingRequired(missing).empty());
}

TEST(RequiredFieldsTest, AnAnswerEntryNeedsItsTextOnlyAsAnUpsert) {
  v1::UpsertAnswerRequest upsert;
  EXPECT_EQ(MissingRequired(upsert), Paths{"entry"});
  upsert.mutable_entry()->set_answer_id("ans-1");  // what PUT /v1/answers/{id} binds
  EXPECT_EQ(MissingRequired(upsert), (Paths{"entry.question", "entry.answer"}));
  upsert.mutable_entry()->set_question("走失儿童中心在哪里？");
  upsert.mutable_entry()->set_answer("正门旁。");
  EXPECT_TRUE(MissingRequired(upsert).empty());
  EXPECT_TRUE(MissingRequired(v1::AnswerEntry()).empty());  // as a response it needs nothing
}

TEST(RequiredFieldsTest, ADraftNeedsTheSnapshotsCaseAndTime) {
  v1::DraftAppealRequest draft;
  draft.set_kind(v1::APPEAL_MISSING_CHILD);
  draft.mutable_snapshot()->set_zone_name_zh("企鹅馆");
  EXPECT_EQ(MissingRequired(draft), (Paths{"snapshot.caseId", "snapshot.at"}));
}

TEST(RequiredFieldsTest, EveryTableEntryNamesARealField) {
  for (const auto& [key, fields] : RequiredInside()) {
    const auto dot = key.rfind('.');
    const auto* d = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
        key.substr(0, dot));
    ASSERT_NE(d, nullptr) << key;
    const google::protobuf::FieldDescriptor* holder = nullptr;
    for (int i = 0; i < d->field_count(); ++i)
      if (d->field(i)->json_name() == key.substr(dot + 1)) holder = d->field(i);
    ASSERT_NE(holder, nullptr) << key;
    ASSERT_NE(holder->message_type(), nullptr) << key;
    for (const auto& name : fields) {
      bool found = false;
      for (int i = 0; i < holder->message_type()->field_count(); ++i)
        found |= holder->message_type()->field(i)->json_name() == name;
      EXPECT_TRUE(found) << key << "." << name;
    }
  }
  for (const auto& [type, fields] : RequiredFields()) {
    const auto* d =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    ASSERT_NE(d, nullptr) << type;
    for (const auto& name : fields) {
      bool found = false;
      for (int i = 0; i < d->field_count(); ++i) found |= d->field(i)->json_name() == name;
      EXPECT_TRUE(found) << type << "." << name;
    }
  }
}

}  // namespace
}  // namespace cs::api
