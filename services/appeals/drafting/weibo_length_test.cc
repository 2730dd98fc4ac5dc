#include "services/appeals/drafting/weibo_length.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace cs::appeals {
namespace {

// tests/testdata/weibo_length.json holds the vectors that the dashboard's counter
// (web/src/weibo.js, web/test/weibo.test.mjs) must agree on with this one.
TEST(WeiboLengthTest, AgreesWithTheSharedVectors) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "CS_SOURCE_DIR is set by cs_add_test";
  std::ifstream in(std::string(src) + "/tests/testdata/weibo_length.json");
  ASSERT_TRUE(in) << "tests/testdata/weibo_length.json is missing";
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &doc).ok());
  const auto& vectors = doc.fields().at("vectors").list_value().values();
  ASSERT_GE(vectors.size(), 10);
  for (const auto& v : vectors) {
    const auto& f = v.struct_value().fields();
    const std::string& text = f.at("text").string_value();
    EXPECT_EQ(WeiboLength(text), static_cast<int64_t>(f.at("length").number_value()))
        << f.at("why").string_value() << ": " << text.substr(0, 60);
  }
}

// Bytes that are not UTF-8 cannot be written in JSON: these stay here.
TEST(WeiboLengthTest, InvalidUtf8CountsOnePerBadByteAndNeverCrashes) {
  EXPECT_EQ(WeiboLength("\xff"), 1);
  EXPECT_EQ(WeiboLength("\xe4\xb8"), 2);      // truncated 3-byte sequence
  EXPECT_EQ(WeiboLength("\xc0\xaf"), 2);      // overlong '/'
  EXPECT_EQ(WeiboLength("\xed\xa0\x80"), 3);  // surrogate
}

}  // namespace
}  // namespace cs::appeals
