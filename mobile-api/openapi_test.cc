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

}  // namespace
}  // namespace cs::api
