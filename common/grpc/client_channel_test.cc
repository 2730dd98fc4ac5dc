#include "common/grpc/client_channel.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <grpcpp/support/validate_service_config.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <atomic>

#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using ::testing::Contains;
using ::testing::Not;
using google::protobuf::Struct;
using google::protobuf::Value;

const std::string kCases = crowdsafe::v1::CaseService::service_full_name();
const std::string kCrowd = crowdsafe::v1::CrowdService::service_full_name();
const std::string kAppeals = crowdsafe::v1::AppealService::service_full_name();
// A real client links a proto's descriptors through the stub it makes; this test makes no crowd
// or appeals stub, so it names one message of each (else their services are NOT_FOUND).
[[maybe_unused]] const bool kLinked = crowdsafe::v1::DensityReport::descriptor() != nullptr &&
                                      crowdsafe::v1::GetAppealRequest::descriptor() != nullptr;

TEST(IdempotentMethodsTest, ReadsAndKeyedWritesButNoStreamsOrPlainWrites) {
  auto cases = IdempotentMethods(kCases);
  ASSERT_TRUE(cases.ok());
  EXPECT_THAT(*cases, Contains(kCases + "/GetCase"));
  EXPECT_THAT(*cases, Contains(kCases + "/ListCandidates"));
  EXPECT_THAT(*cases, Not(Contains(kCases + "/FileMissingReport")));
  EXPECT_THAT(*cases, Not(Contains(kCases + "/TransitionCase")));
  EXPECT_THAT(*cases, Not(Contains(kCases + "/WatchCaseEvents")));

  auto crowd = IdempotentMethods(kCrowd);
  ASSERT_TRUE(crowd.ok());
  EXPECT_THAT(*crowd, Contains(kCrowd + "/RaiseExternalAlert"));  // keyed by source_id
  EXPECT_THAT(*crowd, Contains(kCrowd + "/ListAlerts"));
  EXPECT_THAT(*crowd, Not(Contains(kCrowd + "/AcknowledgeAlert")));  // a second one fails
  EXPECT_THAT(*crowd, Not(Contains(kCrowd + "/ReportDensity")));
  EXPECT_THAT(*crowd, Not(Contains(kCrowd + "/WatchAlerts")));
  EXPECT_THAT(*crowd, Not(Contains(kCrowd + "/IngestGateEvents")));

  EXPECT_EQ(IdempotentMethods("crowdsafe.v1.NoSuchService").status().code(),
            absl::StatusCode::kNotFound);
}

// The JSON as gRPC will read it: parsed back into a Struct, and checked by gRPC's own parser.
Struct Parse(const std::string& json) {
  Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &out).ok()) << json;
  return out;
}

TEST(ClientServiceConfigJsonTest, RoundRobinAndRetryOnUnavailableForIdempotentMethodsOnly) {
  RetryPolicy retry;
  retry.max_attempts = 4;
  retry.initial_backoff = std::chrono::milliseconds(50);
  retry.max_backoff = std::chrono::milliseconds(1500);
  auto json = ClientServiceConfigJson({kCases, kCrowd}, retry);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(*json), "") << *json;

  Struct config = Parse(*json);
  const auto& lb = config.fields().at("loadBalancingConfig").list_value();
  ASSERT_EQ(lb.values_size(), 1);
  EXPECT_TRUE(lb.values(0).struct_value().fields().count("round_robin"));

  const auto& method_configs = config.fields().at("methodConfig").list_value();
  ASSERT_EQ(method_configs.values_size(), 1);
  const auto& mc = method_configs.values(0).struct_value().fields();
  std::vector<std::string> named;
  for (const Value& n : mc.at("name").list_value().values()) {
    named.push_back(n.struct_value().fields().at("service").string_value() + "/" +
                    n.struct_value().fields().at("method").string_value());
  }
  EXPECT_THAT(named, Contains(kCases + "/GetCase"));
  EXPECT_THAT(named, Contains(kCrowd + "/GetOccupancy"));
  EXPECT_THAT(named, Not(Contains(kCases + "/FileFoundReport")));
  EXPECT_THAT(named, Not(Contains(kCrowd + "/WatchAlerts")));
  EXPECT_EQ(named.size(), IdempotentMethods(kCases)->size() + IdempotentMethods(kCrowd)->size());

  const auto& policy = mc.at("retryPolicy").struct_value().fields();
  EXPECT_EQ(policy.at("maxAttempts").number_value(), 4);
  EXPECT_EQ(policy.at("initialBackoff").string_value(), "0.050s");
  EXPECT_EQ(policy.at("maxBackoff").string_value(), "1.500s");
  EXPECT_EQ(policy.at("backoffMultiplier").number_value(), 2);
  const auto& codes = policy.at("retryableStatusCodes").list_value();
  ASSERT_EQ(codes.values_size(), 1);
  EXPECT_EQ(codes.values(0).string_value(), "UNAVAILABLE");
  EXPECT_TRUE(config.fields().count("retryThrottling"));
}

TEST(ClientServiceConfigJsonTest, NoServicesStillBalances) {
  auto json = ClientServiceConfigJson({}, RetryPolicy{});
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(*json), "");
  Struct config = Parse(*json);
  EXPECT_TRUE(config.fields().count("loadBalancingConfig"));
  EXPECT_FALSE(config.fields().count("methodConfig"));
}

TEST(ClientServiceConfigJsonTest, RefusesPoliciesAndServicesGrpcWouldNotTake) {
  RetryPolicy one;
  one.max_attempts = 1;
  EXPECT_EQ(ClientServiceConfigJson({kAppeals}, one).status().code(),
            absl::StatusCode::kInvalidArgument);
  RetryPolicy inverted;
  inverted.max_backoff = std::chrono::milliseconds(10);
  EXPECT_EQ(ClientServiceConfigJson({kAppeals}, inverted).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ClientServiceConfigJson({"nope.Service"}, RetryPolicy{}).status().code(),
            absl::StatusCode::kNotFound);
}

// A case-service whose first answer to each method is UNAVAILABLE (a replica going away), and
// that counts the attempts it saw.
class FlakyCases final : public crowdsafe::v1::CaseService::Service {
 public:
  grpc::Status GetCase(grpc::ServerContext*, const crowdsafe::v1::GetCaseRequest*,
                       crowdsafe::v1::Case* out) override {
    out->set_case_id("c-1");
    return ++get_attempts == 1 ? Unavailable() : grpc::Status::OK;
  }
  grpc::Status FileMissingReport(grpc::ServerContext*,
                                 const crowdsafe::v1::FileMissingReportRequest*,
                                 crowdsafe::v1::Case*) override {
    return ++file_attempts == 1 ? Unavailable() : grpc::Status::OK;
  }
  std::atomic<int> get_attempts{0};
  std::atomic<int> file_attempts{0};

 private:
  static grpc::Status Unavailable() { return {grpc::StatusCode::UNAVAILABLE, "going away"}; }
};

TEST(MakeClientChannelTest, RetriesUnavailableOnIdempotentMethodsOnly) {
  FlakyCases service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  ASSERT_NE(port, 0);
  auto channel = MakeClientChannel("127.0.0.1:" + std::to_string(port), {.services = {kCases}});
  ASSERT_TRUE(channel.ok());
  auto stub = crowdsafe::v1::CaseService::NewStub(*channel);

  grpc::ClientContext get_ctx;
  get_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  crowdsafe::v1::Case got;
  grpc::Status get = stub->GetCase(&get_ctx, {}, &got);
  EXPECT_TRUE(get.ok()) << get.error_message();
  EXPECT_EQ(got.case_id(), "c-1");
  EXPECT_EQ(service.get_attempts.load(), 2);

  // Filing twice could open two cases: the caller sees the UNAVAILABLE and decides.
  grpc::ClientContext file_ctx;
  file_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  crowdsafe::v1::Case filed;
  grpc::Status file = stub->FileMissingReport(&file_ctx, {}, &filed);
  EXPECT_EQ(file.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service.file_attempts.load(), 1);
  server->Shutdown();
}

TEST(MakeClientChannelTest, RefusesAnUpstreamListOfNames) {
  auto channel = MakeClientChannel("cases-a:1,cases-b:1", {.services = {kCases}});
  EXPECT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MakeClientChannel("127.0.0.1:1,127.0.0.1:2", {.services = {kCases}}).ok());
}

}  // namespace
}  // namespace cs
