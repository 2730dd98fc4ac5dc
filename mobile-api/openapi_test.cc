#include "mobile-api/openapi.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "mobile-api/route_table.h"

namespace cs::api {
namespace {

TEST(OpenApiTest, EveryRouteOfTheTableIsDocumentedWithItsSchemas) {
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(OpenApiDocument(), &doc).ok());
  EXPECT_EQ(doc.fields().at("openapi").string_value(), "3.0.3");
  const auto& paths = doc.fields().at("paths").struct_value().fields();
  size_t operations = 0;
  for (const auto& [path, item] : paths) operations += item.struct_value().fields().size();
  EXPECT_EQ(operations, AllRoutes().size());
  const auto& schemas =
      doc.fields().at("components").struct_value().fields().at("schemas").struct_value().fields();
  for (const auto& r : AllRoutes()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(tolower(c));
    ASSERT_TRUE(paths.count(r.path)) << r.path;
    ASSERT_TRUE(paths.at(r.path).struct_value().fields().count(method)) << r.Key();
    if (!r.request_type.empty()) {
      EXPECT_TRUE(schemas.count(r.request_type)) << r.request_type;
    }
    if (!r.response_type.empty()) {
      EXPECT_TRUE(schemas.count(r.response_type)) << r.response_type;
    }
  }
  // Nested messages are documented too, with their JSON names.
  ASSERT_TRUE(schemas.count("crowdsafe.v1.ChildDescription"));
  const auto& props = schemas.at("crowdsafe.v1.ChildDescription")
                          .struct_value()
                          .fields()
                          .at("properties")
                          .struct_value()
                          .fields();
  EXPECT_TRUE(props.count("ageMin"));
}

const google::protobuf::Struct& Field(const google::protobuf::Struct& s, const std::string& k) {
  return s.fields().at(k).struct_value();
}

TEST(OpenApiTest, ADeveloperCanBuildAFoundReportFromTheDocumentAlone) {
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(OpenApiDocument(), &doc).ok());
  ASSERT_GT(doc.fields().at("servers").list_value().values_size(), 0);
  const auto& schemas = Field(Field(doc, "components"), "schemas");
  auto required = [&](const std::string& type) {
    std::vector<std::string> out;
    const auto& f = Field(schemas, type).fields();
    if (f.count("required"))
      for (const auto& v : f.at("required").list_value().values()) out.push_back(v.string_value());
    return out;
  };
  EXPECT_EQ(required("crowdsafe.v1.FoundReport"),
            (std::vector<std::string>{"foundZoneId", "foundAt", "heldAt"}));
  EXPECT_EQ(required("crowdsafe.v1.FileFoundReportRequest"), (std::vector<std::string>{"report"}));
  // Output-only fields are marked and explained.
  const auto& request_props =
      Field(Field(schemas, "crowdsafe.v1.FileFoundReportRequest"), "properties");
  EXPECT_TRUE(Field(request_props, "actor").fields().at("readOnly").bool_value());
  const auto& child_props = Field(Field(schemas, "crowdsafe.v1.ChildDescription"), "properties");
  EXPECT_TRUE(Field(child_props, "photoIds").fields().at("readOnly").bool_value());
  EXPECT_FALSE(Field(child_props, "ageMin").fields().at("description").string_value().empty());
  // The report route: the multipart shape, the Idempotency-Key header, 422 documented, an example.
  const auto& op = Field(Field(Field(doc, "paths"), "/v1/reports/found"), "post");
  const auto& content = Field(Field(op, "requestBody"), "content");
  const auto& multipart = Field(content, "multipart/form-data");
  EXPECT_EQ(Field(Field(multipart, "encoding"), "report").fields().at("contentType").string_value(),
            "application/json");
  EXPECT_NE(Field(Field(Field(multipart, "schema"), "properties"), "report")
                .fields()
                .at("description")
                .string_value()
                .find("{\"report\": {...}}"),
            std::string::npos);
  EXPECT_TRUE(Field(content, "application/json").fields().count("example"));
  bool has_key = false;
  for (const auto& p : op.fields().at("parameters").list_value().values())
    has_key |= p.struct_value().fields().at("name").string_value() == "Idempotency-Key";
  EXPECT_TRUE(has_key);
  EXPECT_TRUE(Field(op, "responses").fields().count("422"));
  // Login takes no key; it creates nothing a retry could duplicate.
  const auto& login = Field(Field(Field(doc, "paths"), "/v1/auth/login"), "post");
  for (const auto& p : login.fields().at("parameters").list_value().values())
    EXPECT_NE(p.struct_value().fields().at("name").string_value(), "Idempotency-Key");
}

}  // namespace
}  // namespace cs::api
