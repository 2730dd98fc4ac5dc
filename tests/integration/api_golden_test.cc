// Golden request/response pairs for mobile-api (tests/golden/api/*.json), replayed in file-name
// order against the real stack (api_stack.h). Each file holds the request (method, path, user
// whose token to send, JSON body or raw bodyText), the expected status, and the expected JSON
// answer with volatile members (ids, times, tokens) replaced by "<masked>" wherever a key listed
// in "mask" appears.
//
// CS_GOLDEN_UPDATE=1 rewrites the expected status and response from what the stack answers
// (review the diff before committing it).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/integration/api_stack.h"

namespace cs {
namespace {

namespace fs = std::filesystem;
using google::protobuf::Value;

void Mask(Value& v, const std::set<std::string>& keys) {
  if (v.has_struct_value()) {
    for (auto& [k, child] : *v.mutable_struct_value()->mutable_fields()) {
      if (keys.count(k)) {
        child.set_string_value("<masked>");
      } else {
        Mask(child, keys);
      }
    }
  } else if (v.has_list_value()) {
    for (auto& child : *v.mutable_list_value()->mutable_values()) Mask(child, keys);
  }
}

std::string Pretty(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

TEST(ApiGoldenTest, EveryPairMatches) {
  testing::ApiStack stack;
  auto started = stack.Start();
  ASSERT_TRUE(started.ok()) << started;
  const bool update = std::getenv("CS_GOLDEN_UPDATE") != nullptr;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(testing::SourcePath("tests/golden/api"))) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 10u);
  std::map<std::string, std::string> tokens;
  auto client = stack.Client();
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    google::protobuf::Struct golden;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(text.str(), &golden).ok());
    const auto& req = golden.fields().at("request").struct_value().fields();
    std::string method = req.at("method").string_value();
    std::string path = req.at("path").string_value();
    httplib::Headers headers;
    if (req.count("user")) {
      std::string user = req.at("user").string_value();
      if (!tokens.count(user)) tokens[user] = stack.Login(user);
      headers.emplace("Authorization", "Bearer " + tokens[user]);
    }
    if (req.count("token"))
      headers.emplace("Authorization", "Bearer " + req.at("token").string_value());
    std::string body;
    if (req.count("body")) {
      (void)google::protobuf::util::MessageToJsonString(req.at("body"), &body);
    } else if (req.count("bodyText")) {
      body = req.at("bodyText").string_value();
    }
    httplib::Result res = method == "GET" ? client->Get(path.c_str(), headers)
                          : method == "PUT"
                              ? client->Put(path.c_str(), headers, body, "application/json")
                              : client->Post(path.c_str(), headers, body, "application/json");
    ASSERT_TRUE(res) << path;
    std::set<std::string> mask;
    if (golden.fields().count("mask")) {
      for (const auto& k : golden.fields().at("mask").list_value().values())
        mask.insert(k.string_value());
    }
    Value actual;
    if (!google::protobuf::util::JsonStringToMessage(res->body, &actual).ok()) {
      actual.set_string_value(res->body);  // a non-JSON answer is compared as text
    }
    Mask(actual, mask);
    if (update) {
      (*golden.mutable_fields())["status"].set_number_value(res->status);
      *(*golden.mutable_fields())["response"].mutable_struct_value() = actual.struct_value();
      if (!actual.has_struct_value()) (*golden.mutable_fields())["response"] = actual;
      std::ofstream(file) << Pretty(golden) << "\n";
      continue;
    }
    EXPECT_EQ(res->status, static_cast<int>(golden.fields().at("status").number_value()))
        << res->body;
    const Value& expected = golden.fields().at("response");
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(expected, actual))
        << "expected " << Pretty(expected) << "\nactual " << Pretty(actual);
  }
}

}  // namespace
}  // namespace cs
