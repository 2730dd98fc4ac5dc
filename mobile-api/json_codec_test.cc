#include "mobile-api/json_codec.h"

#include <gtest/gtest.h>

#include "crowdsafe/v1/api.pb.h"
#include "crowdsafe/v1/cases.pb.h"
#include "crowdsafe/v1/crowd.pb.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;

std::string ErrorOf(const std::string& json, google::protobuf::Message* m) {
  auto s = ParseJson(json, m);
  return s.ok() ? "OK" : std::string(s.message());
}

TEST(JsonCodecTest, AcceptsCamelAndSnakeCase) {
  v1::FileFoundReportRequest r;
  ASSERT_EQ(
      ErrorOf(R"({"report":{"foundZoneId":"penguin","child":{"age_min":4,"sex":"SEX_MALE"}}})", &r),
      "OK");
  EXPECT_EQ(r.report().found_zone_id(), "penguin");
  EXPECT_EQ(r.report().child().age_min(), 4);
  EXPECT_EQ(r.report().child().sex(), v1::SEX_MALE);
}

TEST(JsonCodecTest, NamesUnknownFieldsAndWrongTypes) {
  v1::FileFoundReportRequest r;
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"shoeSize":30}}})", &r),
            "report.child.shoeSize: unknown field");
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"ageMin":"four"}}})", &r),
            "report.child.ageMin: expected a whole number");
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"ageMin":true}}})", &r),
            "report.child.ageMin: expected a number");
  EXPECT_EQ(ErrorOf(R"({"report":{"foundZoneId":7}})", &r),
            "report.foundZoneId: expected a string");
  EXPECT_EQ(ErrorOf(R"({"report":[]})", &r), "report: expected an object");
  EXPECT_EQ(ErrorOf(R"({"photos":{}})", &r), "photos: expected a list");
  EXPECT_EQ(ErrorOf(R"({"photos":[{"data":"AA=="},{"bogus":1}]})", &r),
            "photos[1].bogus: unknown field");
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"sex":"SEX_ROBOT"}}})", &r),
            "report.child.sex: not a value of Sex");
  // Nothing is left behind after an error.
  EXPECT_FALSE(r.has_report());
}

TEST(JsonCodecTest, EnumsTakeTheQueryParametersShortNames) {
  v1::FileFoundReportRequest r;
  ASSERT_TRUE(ParseJson(R"({"report":{"child":{"sex":"male"}}})", &r).ok());
  EXPECT_EQ(r.report().child().sex(), v1::SEX_MALE);
  ASSERT_TRUE(ParseJson(R"({"report":{"child":{"sex":"SEX_FEMALE"}}})", &r).ok());
  EXPECT_EQ(r.report().child().sex(), v1::SEX_FEMALE);
  v1::TransitionCaseRequest t;
  ASSERT_TRUE(ParseJson(R"({"to":"match-proposed"})", &t).ok());
  EXPECT_EQ(t.to(), v1::CASE_MATCH_PROPOSED);
}

TEST(JsonCodecTest, MalformedAndNonObjectBodies) {
  v1::LoginRequest r;
  EXPECT_EQ(ErrorOf("{", &r), "body: malformed JSON");
  EXPECT_EQ(ErrorOf("", &r), "body: malformed JSON");
  EXPECT_EQ(ErrorOf("[1,2]", &r), "body: expected a JSON object");
  EXPECT_EQ(ErrorOf("\"x\"", &r), "body: expected a JSON object");
  // protobuf's message parser alone would take the last of two equal keys: refused instead.
  EXPECT_EQ(ErrorOf(R"({"username":"a","username":"b"})", &r), "body: malformed JSON");
}

// The fuzz target checks a body's shape once for all request types: that is sound only if the
// first stage's verdict is ParseJson's own for every type, and depends on no type.
TEST(JsonCodecTest, FirstStageGivesParseJsonsVerdictForEveryType) {
  const std::vector<std::string> refused = {"{", "[1,2]", "\"x\"",
                                            std::string(40, '[') + std::string(40, ']')};
  for (const std::string& body : refused) {
    const absl::Status shape = CheckJsonObject(body);
    ASSERT_FALSE(shape.ok()) << body.size();
    v1::LoginRequest login;
    v1::FileFoundReportRequest found;
    EXPECT_EQ(ParseJson(body, &login), shape);
    EXPECT_EQ(ParseJson(body, &found), shape);
  }
  // An object passes the first stage even when the type then refuses its fields.
  EXPECT_TRUE(CheckJsonObject(R"({"nosuchfield":1})").ok());
  v1::LoginRequest login;
  EXPECT_FALSE(ParseJson(R"({"nosuchfield":1})", &login).ok());
}

TEST(JsonCodecTest, DeepNestingIsRefusedNotACrash) {
  std::string deep(5000, '[');
  v1::LoginRequest r;
  EXPECT_NE(ErrorOf(deep, &r), "OK");
  std::string nested = "{\"report\":";
  for (int i = 0; i < 200; ++i) nested += "{\"child\":";
  v1::FileFoundReportRequest f;
  EXPECT_NE(ErrorOf(nested, &f), "OK");
}

// Issue 18: a 32 KB [[[...]]] cost 10.8 CPU-seconds in protobuf's parser before it was refused.
TEST(JsonCodecTest, Issue18NestingIsCheckedBeforeParsing) {
  v1::LoginRequest r;
  EXPECT_EQ(ErrorOf(std::string(32 << 10, '['), &r), "body: nested deeper than 32 levels");
  EXPECT_EQ(ErrorOf("{\"username\":" + std::string(40, '{'), &r),
            "body: nested deeper than 32 levels");
  // Exactly the limit passes the scan (and is then judged by the parser); brackets inside
  // strings, escaped quotes included, do not count.
  EXPECT_TRUE(CheckJsonNesting(std::string(32, '[') + std::string(32, ']'), 32).ok());
  EXPECT_FALSE(CheckJsonNesting(std::string(33, '[') + std::string(33, ']'), 32).ok());
  EXPECT_EQ(ErrorOf(R"({"username":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"[[[["})", &r), "OK");
  EXPECT_EQ(r.username(), std::string(40, '[') + "\"[[[[");
}

// Issue 18: errors protobuf's message parser found were answered with the field "body".
TEST(JsonCodecTest, Issue18ValueErrorsNameTheFieldNotTheBody) {
  v1::FileFoundReportRequest r;
  EXPECT_EQ(ErrorOf(R"({"report":{"foundAt":"yesterday"}})", &r),
            "report.foundAt: expected an RFC 3339 time such as 2026-02-17T06:40:00Z");
  EXPECT_EQ(ErrorOf(R"({"report":{"foundAt":17}})", &r),
            "report.foundAt: expected an RFC 3339 time such as 2026-02-17T06:40:00Z");
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"ageMin":4.5}}})", &r),
            "report.child.ageMin: expected a whole number");
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"ageMin":1e12}}})", &r),
            "report.child.ageMin: out of range for int32 (-2147483648..2147483647)");
  EXPECT_EQ(ErrorOf(R"({"photos":[{},{"data":"AA=="}],)"
                    R"("report":{"child":{"heightCm":-3000000000}}})",
                    &r),
            "report.child.heightCm: out of range for int32 (-2147483648..2147483647)");
  EXPECT_EQ(ErrorOf(R"({"photos":[{"data":"not base64!"}]})", &r),
            "photos[0].data: expected base64");
  EXPECT_EQ(ErrorOf(R"({"photos":[{"data":"AAE="},{"data":"AAEC"},{"data":"AA"}]})", &r), "OK");
  // A negative age is a whole int32: the gateway passes it on and case-service, which knows
  // ages are 0..17, answers "out of range" (services/cases/case_convert.cc).
  EXPECT_EQ(ErrorOf(R"({"report":{"child":{"ageMin":-1}}})", &r), "OK");
}

TEST(JsonCodecTest, BadTimestampIsRefused) {
  v1::FileFoundReportRequest r;
  EXPECT_NE(ErrorOf(R"({"report":{"foundAt":"yesterday"}})", &r), "OK");
  EXPECT_EQ(ErrorOf(R"({"report":{"foundAt":"2026-02-17T06:40:00Z"}})", &r), "OK");
  EXPECT_EQ(r.report().found_at().seconds(), 1771310400);
}

TEST(JsonCodecTest, PrintsProtoJsonMapping) {
  v1::ZoneOccupancy z;
  z.set_zone_id("penguin");
  z.set_occupancy(1200);
  z.set_tier(v1::CAPACITY_YELLOW);
  EXPECT_EQ(ToJson(z), R"({"zoneId":"penguin","occupancy":"1200","tier":"CAPACITY_YELLOW"})");
}

}  // namespace
}  // namespace cs::api
