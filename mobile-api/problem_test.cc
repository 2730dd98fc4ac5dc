#include "mobile-api/problem.h"

#include <gtest/gtest.h>

#include "crowdsafe/v1/common.pb.h"

namespace cs::api {
namespace {

TEST(ProblemTest, MapsEveryDocumentedCode) {
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::FAILED_PRECONDITION), 409);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::DEADLINE_EXCEEDED), 504);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNIMPLEMENTED), 501);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INTERNAL), 500);
}

TEST(ProblemTest, FieldFromErrorDetailsOrMessage) {
  crowdsafe::v1::ErrorDetails d;
  auto* v = d.add_violations();
  v->set_field("report.child.age_min");
  v->set_description("must be 0..17");
  Problem p = FromGrpc(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                    "report.child.age_min: must be 0..17", d.SerializeAsString()));
  EXPECT_EQ(p.status, 400);
  // The client sent JSON: the field comes back as it spelled it.
  EXPECT_EQ(p.field, "report.child.ageMin");
  EXPECT_EQ(p.detail, "report.child.ageMin: must be 0..17");
  EXPECT_EQ(p.title, "Bad Request");
  Problem q = FromGrpc(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "note: too long"));
  EXPECT_EQ(q.field, "note");
  Problem r = FromGrpc(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "illegal transition"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.field, "");
}

TEST(ProblemTest, GatewayStatusesMayNameHeaders) {
  Problem p = FromStatus(absl::InvalidArgumentError("Last-Event-ID: not an event id"));
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(p.field, "Last-Event-ID");
  EXPECT_EQ(FromStatus(absl::NotFoundError("no such file")).field, "");
}

TEST(ProblemTest, FieldPathsUseTheJsonSpelling) {
  EXPECT_EQ(JsonFieldPath("report.found_at"), "report.foundAt");
  EXPECT_EQ(JsonFieldPath("photos[0].content_type"), "photos[0].contentType");
  EXPECT_EQ(JsonFieldPath("zone_ids[2]"), "zoneIds[2]");
  EXPECT_EQ(JsonFieldPath("Idempotency-Key"), "Idempotency-Key");
  EXPECT_EQ(JsonFieldPath("_x"), "_x");
  // A path parameter keeps the URL's spelling.
  EXPECT_EQ(FromGrpc(grpc::Status(grpc::StatusCode::NOT_FOUND, "alert_id: no such alert"),
                     {"alert_id"})
                .field,
            "alert_id");
  // The gateway's own checks name query parameters as the URL spells them.
  Problem p = FromStatus(absl::InvalidArgumentError("page_size: at most 500"));
  EXPECT_EQ(p.field, "page_size");
}

TEST(ProblemTest, JsonHasRfc7807Members) {
  std::string json = MakeProblem(413, "body too large", "body").Json();
  EXPECT_NE(json.find("\"status\":413"), std::string::npos) << json;
  EXPECT_NE(json.find("\"title\":\"Payload Too Large\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"field\":\"body\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"type\":\"about:blank\""), std::string::npos) << json;
}

}  // namespace
}  // namespace cs::api
