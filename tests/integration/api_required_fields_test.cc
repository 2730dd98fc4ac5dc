// The OpenAPI document's `required` lists against the real services' validation: for each
// documented request, a body with only the required fields (built from the document itself)
// is accepted, and the same body without any one of them is refused with 400 naming it, so a
// developer who follows the document gets neither a surprise 400 nor a useless field.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <map>

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

  // A valid value for a leaf field, by its JSON name (what the venue and the rules accept);
  // `given_` holds the values that depend on the test's state (an existing case's id).
  Value Leaf(const std::string& name) {
    if (auto it = given_.find(name); it != given_.end()) return it->second;
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
    else if (name == "kind")
      v.set_string_value("APPEAL_MISSING_CHILD");
    else if (name == "at")
      v.set_string_value(Iso(now - std::chrono::minutes(5)));
    else if (name == "zoneNameZh")
      v.set_string_value("企鹅馆");
    else if (name == "channel")
      v.set_string_value("weibo_dm");
    else if (name == "text")
      v.set_string_value("请问走失儿童中心在哪里？");
    else if (name == "answer")
      v.set_string_value("走失儿童中心在正门游客服务中心旁。");
    else if (name == "question")
      v.set_string_value("走失儿童中心在哪里？");
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
  // Returns the accepted response (empty when it was not accepted).
  Struct Check(const std::string& url, const std::string& type, const std::string& token,
               const std::string& method = "POST") {
    SCOPED_TRACE(method + " " + url);
    Struct accepted;
    std::vector<std::string> paths;
    Value body = Minimal(type, {}, "", &paths);
    EXPECT_FALSE(paths.empty()) << type << " documents no required field";
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(body, &json).ok());
    httplib::Headers auth = {{"Authorization", "Bearer " + token}};
    for (const auto& path : paths) {
      Value without = body;
      EXPECT_TRUE(Erase(without, path));
      std::string text;
      EXPECT_TRUE(google::protobuf::util::MessageToJsonString(without, &text).ok());
      auto res = Send(method, url, auth, text);
      if (!res) {
        ADD_FAILURE() << "no response without " << path;
        return accepted;
      }
      EXPECT_EQ(res->status, 400) << "without " << path << ": " << res->body;
      Struct problem;
      EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &problem).ok());
      const std::string field =
          problem.fields().count("field") ? problem.fields().at("field").string_value() : "";
      EXPECT_EQ(field.rfind(path, 0), 0u)
          << "without " << path << " the problem names '" << field << "'";
    }
    auto ok = Send(method, url, auth, json);
    if (!ok) {
      ADD_FAILURE() << "no response to the minimal body";
      return accepted;
    }
    EXPECT_EQ(ok->status, 200) << "only the required fields: " << json << " → " << ok->body;
    if (ok->status == 200) {
      EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(ok->body, &accepted).ok());
    }
    return accepted;
  }

  httplib::Result Send(const std::string& method, const std::string& url,
                       const httplib::Headers& auth, const std::string& body) {
    if (method == "PUT") return stack_.Client()->Put(url, auth, body, "application/json");
    return stack_.Client()->Post(url, auth, body, "application/json");
  }

  // POST `body` as `token`; the response's fields, or empty (with a failure) unless 200.
  Struct Post(const std::string& url, const std::string& token, const std::string& body) {
    auto res =
        stack_.Client()->Post(url, {{"Authorization", "Bearer " + token}}, body, "application/json");
    Struct out;
    if (!res || res->status != 200) {
      ADD_FAILURE() << url << " → " << (res ? res->body : "no response");
      return out;
    }
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &out).ok());
    return out;
  }

  // A reason required only for some uses of a message: not in the schema's `required`, but in
  // the field's description, and an empty body is refused with 400 naming it.
  void ExpectReasonRefused(const std::string& url, const std::string& token,
                           const std::string& type) {
    SCOPED_TRACE(url);
    const auto& schema = schemas_->fields().at("crowdsafe.v1." + type).struct_value().fields();
    EXPECT_EQ(schema.count("required"), 0u) << type;
    const auto& reason = schema.at("properties").struct_value().fields().at("reason");
    const auto& rf = reason.struct_value().fields();
    EXPECT_NE(rf.count("description") ? rf.at("description").string_value().find("Required")
                                      : std::string::npos,
              std::string::npos)
        << type << ".reason says when it is required";
    auto res = stack_.Client()->Post(url, {{"Authorization", "Bearer " + token}}, "{}",
                                     "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_NE(res->body.find("\"field\":\"reason\""), std::string::npos) << res->body;
  }

  static std::string Field(const Struct& s, const std::string& name) {
    return s.fields().count(name) ? s.fields().at(name).string_value() : "";
  }

  static Value Str(const std::string& text) {
    Value v;
    v.set_string_value(text);
    return v;
  }

  std::string FileMissing(const std::string& token, const std::string& child,
                          const std::string& zone) {
    return Field(Post("/v1/reports/missing", token,
                      R"({"report":{"child":)" + child + R"(,"lastSeenZoneId":")" + zone +
                          R"(","lastSeenAt":")" +
                          Iso(std::chrono::system_clock::now() - std::chrono::minutes(3)) +
                          R"("}})"),
                 "caseId");
  }

  std::string FileFound(const std::string& token, const std::string& child,
                        const std::string& zone) {
    return Field(Post("/v1/reports/found", token,
                      R"({"report":{"child":)" + child + R"(,"foundZoneId":")" + zone +
                          R"(","foundAt":")" +
                          Iso(std::chrono::system_clock::now() - std::chrono::minutes(1)) +
                          R"(","heldAt":"失物招领及走失儿童中心"}})"),
                 "caseId");
  }

  testing::ApiStack stack_;
  std::map<std::string, Value> given_;
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

TEST_F(RequiredFieldsTest, CasePairsAndTheGuardianNeedWhatTheDocumentSays) {
  const std::string desk = stack_.Login("desk1");
  const std::string patrol = stack_.Login("patrol1");
  const std::string boy = R"({"sex":"SEX_MALE","ageMin":4,"ageMax":6})";
  const std::string missing = FileMissing(desk, boy, "penguin");
  const std::string found = FileFound(patrol, boy, "penguin");
  ASSERT_FALSE(missing.empty());
  ASSERT_FALSE(found.empty());
  given_["otherCaseId"] = Str(found);
  Check("/v1/cases/" + missing + "/confirm-match", "crowdsafe.v1.ConfirmMatchRequest", desk);
  // The guardian is verified on the confirmed pair, as at the centre.
  Check("/v1/cases/" + missing + "/verify-guardian", "crowdsafe.v1.VerifyGuardianRequest", desk);

  const std::string first = FileMissing(desk, boy, "plaza");
  const std::string again = FileMissing(desk, boy, "plaza");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(again.empty());
  given_["duplicateOf"] = Str(first);
  Check("/v1/cases/" + again + "/link-duplicate", "crowdsafe.v1.LinkDuplicateRequest", desk);
}

TEST_F(RequiredFieldsTest, AppealsNeedWhatTheDocumentSays) {
  const std::string press = stack_.Login("press1");
  const std::string other = stack_.Login("press2");
  ASSERT_FALSE(press.empty());
  ASSERT_FALSE(other.empty());
  given_["caseId"] = Str("case-required-1");
  Struct appeal = Check("/v1/appeals", "crowdsafe.v1.DraftAppealRequest", press);
  const std::string id = Field(appeal, "appealId");
  ASSERT_FALSE(id.empty());

  Value texts;
  Value zh;
  (*zh.mutable_struct_value()->mutable_fields())["language"] = Str("zh-Hans");
  (*zh.mutable_struct_value()->mutable_fields())["headline"] = Str("寻人启事：海洋公园一名男孩走失");
  (*zh.mutable_struct_value()->mutable_fields())["longText"] =
      Str("一名四至六岁男孩在海洋公园走失，如有线索请联系园区。");
  *texts.mutable_list_value()->add_values() = zh;
  // The minimal snapshot's words have no English in the phrase table, so the draft needs
  // translation (issue 14): the edit writes the English, which clears it for submission.
  Value en;
  (*en.mutable_struct_value()->mutable_fields())["language"] = Str("en");
  (*en.mutable_struct_value()->mutable_fields())["headline"] = Str("Missing child at Ocean Park");
  (*en.mutable_struct_value()->mutable_fields())["longText"] =
      Str("A boy aged about 4 to 6 is missing at Ocean Park. Please contact the park.");
  *texts.mutable_list_value()->add_values() = en;
  given_["texts"] = texts;
  Value version;
  version.set_number_value(appeal.fields().at("versionCount").number_value());
  given_["baseVersion"] = version;
  Check("/v1/appeals/" + id, "crowdsafe.v1.EditAppealRequest", press, "PUT");

  // The actions document no required field: submit and approve take an empty body. A reason
  // is required only for some actions (its description says which), so the empty body of a
  // retract is refused naming it, not by the schema.
  const std::string base = "/v1/appeals/" + id;
  EXPECT_EQ(Field(Post(base + "/submit", press, "{}"), "appealId"), id);
  EXPECT_EQ(Field(Post(base + "/approve", other, "{}"), "appealId"), id);
  ExpectReasonRefused(base + "/retract", press, "AppealActionRequest");
}

TEST_F(RequiredFieldsTest, InboxAndAnswersNeedWhatTheDocumentSays) {
  const std::string press = stack_.Login("press1");
  const std::string desk = stack_.Login("desk1");
  ASSERT_FALSE(press.empty());
  Struct message = Check("/v1/inbox", "crowdsafe.v1.SubmitMessageRequest", press);
  const std::string id = Field(message, "messageId");
  ASSERT_FALSE(id.empty());
  Check("/v1/inbox/" + id + "/answer", "crowdsafe.v1.AnswerMessageRequest", press);
  // Proposing the answer for the library needs no body field; a review that rejects (approve
  // absent is false) needs a reason, which the schema describes instead of requiring.
  const std::string proposal =
      Field(Post("/v1/inbox/" + id + "/propose-answer", press, "{}"), "proposalId");
  ASSERT_FALSE(proposal.empty());
  ExpectReasonRefused("/v1/answers/proposals/" + proposal + "/review",
                      stack_.Login("press2"), "ReviewAnswerProposalRequest");

  // Only a tip links to a case: route a second message as one first (routing needs nothing).
  const std::string tip =
      Field(Post("/v1/inbox", press,
                 R"({"channel":"weibo_dm","text":"企鹅馆门口有个穿红衣服的小男孩在哭"})"),
            "messageId");
  ASSERT_FALSE(tip.empty());
  Post("/v1/inbox/" + tip + "/route", press, R"({"category":"MESSAGE_TIP"})");
  const std::string case_id = FileMissing(desk, R"({"sex":"SEX_MALE","ageMin":4,"ageMax":6})",
                                          "penguin");
  ASSERT_FALSE(case_id.empty());
  given_["caseId"] = Str(case_id);
  Check("/v1/inbox/" + tip + "/link-case", "crowdsafe.v1.LinkTipToCaseRequest", press);

  Struct entry = Check("/v1/answers", "crowdsafe.v1.UpsertAnswerRequest", press);
  const std::string answer_id = Field(entry, "answerId");
  ASSERT_FALSE(answer_id.empty());
  Check("/v1/answers/" + answer_id, "crowdsafe.v1.UpsertAnswerRequest", press, "PUT");
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
