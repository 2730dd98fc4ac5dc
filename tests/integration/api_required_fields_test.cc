// The OpenAPI document's `required` lists against the real services' validation: for each
// documented request, a body with only the required fields (built from the document itself)
// is accepted, and the same body without any one of them is refused with 400 naming it, so a
// developer who follows the document gets neither a surprise 400 nor a useless field.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "tests/integration/api_stack.h"

namespace cs {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string Iso(std::chrono::system_clock::time_point t) {
  std::time_t s = std::chrono::system_clock::to_time_t(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&s));
  return buf;
}

class RequiredFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stack_.Start().ok());
    auto res = stack_.Client()->Get("/v1/openapi.json");
    ASSERT_TRUE(res && res->status == 200);
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &doc_).ok());
    schemas_ = &doc_.fields().at("components").struct_value().fields().at("schemas").struct_value();
  }

  // A valid value for a leaf field, by its JSON name (what the venue and the rules accept).
  Value Leaf(const std::string& name) {
    Value v;
    const auto now = std::chrono::system_clock::now();
    if (name == "foundZoneId" || name == "lastSeenZoneId")
      v.set_string_value("penguin");
    else if (name == "foundAt" || name == "lastSeenAt")
      v.set_string_value(Iso(now - std::chrono::minutes(2)));
    else if (name == "heldAt")
      v.set_string_value("失物招领及走失儿童中心");
    else if (name == "sex")
      v.set_string_value("SEX_MALE");
    else if (name == "response")
      v.set_string_value("BROADCAST_SEARCHING");
    else if (name == "to")
      v.set_string_value("CASE_CANCELLED");
    else if (name == "documentType")
      v.set_string_value("resident_id");
    else if (name == "documentNumber")
      v.set_string_value("440402198001011234");
    else if (name == "username")
      v.set_string_value("desk1");
    else
      ADD_FAILURE() << "no test value for required field " << name;
    return v;
  }

  // The schema a property points at ($ref, or allOf [$ref, {required}]), with extra required.
  std::string Target(const Value& prop, std::vector<std::string>* extra) {
    const auto& f = prop.struct_value().fields();
    if (f.count("$ref"))
      return f.at("$ref").string_value().substr(sizeof("#/components/schemas/") - 1);
    if (f.count("allOf")) {
      std::string ref;
      for (const auto& part : f.at("allOf").list_value().values()) {
        const auto& pf = part.struct_value().fields();
        if (pf.count("$ref")) ref = Target(part, nullptr);
        if (pf.count("required") && extra)
          for (const auto& r : pf.at("required").list_value().values())
            extra->push_back(r.string_value());
      }
      return ref;
    }
    return "";
  }

  // The smallest body the document allows: every required field, recursively, and no other.
  // `paths` collects each required field's JSON path.
  Value Minimal(const std::string& type, const std::vector<std::string>& extra,
                const std::string& prefix, std::vector<std::string>* paths) {
    Value out;
    auto& fields = *out.mutable_struct_value()->mutable_fields();
    const auto& schema = schemas_->fields().at(type).struct_value().fields();
    std::vector<std::string> required = extra;
    if (schema.count("required"))
      for (const auto& r : schema.at("required").list_value().values())
        required.push_back(r.string_value());
    for (const auto& name : required) {
      const Value& prop = schema.at("properties").struct_value().fields().at(name);
      std::string path = prefix.empty() ? name : prefix + "." + name;
      paths->push_back(path);
      std::vector<std::string> inside;
      std::string target = Target(prop, &inside);
      fields[name] = target.empty() || target == "google.protobuf.Timestamp"
                         ? Leaf(name)
                         : Minimal(target, inside, path, paths);
    }
    return out;
  }

  static bool Erase(Value& body, const std::string& path) {
    auto dot = path.find('.');
    auto& f = *body.mutable_struct_value()->mutable_fields();
    if (dot == std::string::npos) return f.erase(path) == 1;
    return f.count(path.substr(0, dot)) && Erase(f[path.substr(0, dot)], path.substr(dot + 1));
  }

  // The document's minimal body for `type` is accepted at `url`, and each required field is
  // needed: without it, 400 naming it (or a field inside it).
  void Check(const std::string& url, const std::string& type, const std::string& token) {
    SCOPED_TRACE(url);
    std::vector<std::string> paths;
    Value body = Minimal(type, {}, "", &paths);
    ASSERT_FALSE(paths.empty()) << type << " documents no required field";
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(body, &json).ok());
    httplib::Headers auth = {{"Authorization", "Bearer " + token}};
    for (const auto& path : paths) {
      Value without = body;
      ASSERT_TRUE(Erase(without, path));
      std::string text;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(without, &text).ok());
      auto res = stack_.Client()->Post(url, auth, text, "application/json");
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 400) << "without " << path << ": " << res->body;
      Struct problem;
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &problem).ok());
      const std::string field =
          problem.fields().count("field") ? problem.fields().at("field").string_value() : "";
      EXPECT_EQ(field.rfind(path, 0), 0u)
          << "without " << path << " the problem names '" << field << "'";
    }
    auto ok = stack_.Client()->Post(url, auth, json, "application/json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << "only the required fields: " << json << " → " << ok->body;
  }

  testing::ApiStack stack_;
  Struct doc_;
  const Struct* schemas_ = nullptr;
};

TEST_F(RequiredFieldsTest, EveryDocumentedRequiredFieldIsWhatTheServicesRequire) {
  const std::string desk = stack_.Login("desk1");
  const std::string patrol = stack_.Login("patrol1");
  ASSERT_FALSE(desk.empty());
  Check("/v1/reports/found", "crowdsafe.v1.FileFoundReportRequest", patrol);
  Check("/v1/reports/missing", "crowdsafe.v1.FileMissingReportRequest", desk);

  // Case actions on a real missing report.
  auto filed = stack_.Client()->Post(
      "/v1/reports/missing", {{"Authorization", "Bearer " + desk}},
      R"({"report":{"child":{"sex":"female","ageMin":6,"ageMax":7},"lastSeenZoneId":"plaza","lastSeenAt":")" +
          Iso(std::chrono::system_clock::now() - std::chrono::minutes(3)) + R"("}})",
      "application/json");
  ASSERT_TRUE(filed && filed->status == 200) << (filed ? filed->body : "");
  Struct c;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(filed->body, &c).ok());
  const std::string id = c.fields().at("caseId").string_value();
  Check("/v1/cases/" + id + "/broadcast-response", "crowdsafe.v1.RespondToBroadcastRequest",
        patrol);
  Check("/v1/cases/" + id + "/transition", "crowdsafe.v1.TransitionCaseRequest", desk);
}

TEST_F(RequiredFieldsTest, OutputOnlyFieldsAreRefusedNotSilentlyUsed) {
  const std::string patrol = stack_.Login("patrol1");
  httplib::Headers auth = {{"Authorization", "Bearer " + patrol}};
  const std::string base = R"("foundZoneId":"penguin","foundAt":")" +
                           Iso(std::chrono::system_clock::now() - std::chrono::minutes(1)) +
                           R"(","heldAt":"中心")";
  auto actor = stack_.Client()->Post(
      "/v1/reports/found", auth,
      R"({"actor":{"userId":"someone","role":"ROLE_DESK"},"report":{)" + base + "}}",
      "application/json");
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->status, 400);
  EXPECT_NE(actor->body.find("\"field\":\"actor\""), std::string::npos) << actor->body;
  auto photo_ids = stack_.Client()->Post(
      "/v1/reports/found", auth, R"({"report":{"child":{"photoIds":["x/photo-0"]},)" + base + "}}",
      "application/json");
  ASSERT_TRUE(photo_ids);
  EXPECT_EQ(photo_ids->status, 400);
  EXPECT_NE(photo_ids->body.find("\"field\":\"report.child.photoIds\""), std::string::npos)
      << photo_ids->body;
}

}  // namespace
}  // namespace cs
