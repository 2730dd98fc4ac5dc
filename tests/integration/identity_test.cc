// Proven identity against the real services as shipped (issue 16): every RPC of crowd-service,
// case-service and appeal-service refuses a call without a valid assertion, and a validly signed
// patrol call whose body claims the desk does not get the guardian's contact.
#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>
#include <gtest/gtest.h>


#include "common/grpc/client_channel.h"
#include "common/identity/assertion.h"
#include "common/testing/child_process.h"
#include "common/testing/generic_call.h"
#include "common/testing/identity_keys.h"
#include "common/testing/redis_server.h"
#include "tests/integration/case_requests.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;
using testing::Missing;
using testing::Who;

class IdentityProcessTest : public ::testing::Test {
 protected:
  // crowd-service, case-service and appeal-service from their shipped configs, as deployed:
  // identity on, keys from the build's key folder (CS_IDENTITY_KEY_DIR, set by ctest).
  void SetUp() override {
    ASSERT_FALSE(testing::IdentityKeyDir().empty()) << "ctest sets CS_IDENTITY_KEY_DIR";
    ASSERT_TRUE(redis_.Start().ok());
    Launch(crowd_, "crowd-service", "crowd", &crowd_address_);
    Launch(cases_, "case-service", "cases", &cases_address_);
    Launch(appeals_, "appeal-service", "appeals", &appeals_address_);
    gateway_ = testing::TestSigner("api");
    vision_ = testing::TestSigner("vision");
    ASSERT_NE(gateway_, nullptr);
    ASSERT_NE(vision_, nullptr);
  }

  void Launch(testing::ChildProcess& p, const std::string& binary, const std::string& config,
              std::string* address) {
    ASSERT_TRUE(p.Start({testing::BinaryPath(binary), "--config",
                         testing::SourcePath("config/services/" + config + ".yaml"), "--listen",
                         "127.0.0.1:0", "--redis-port", std::to_string(redis_.port()),
                         "--redis-wait", "20"},
                        redis_.dir() + "/" + config + ".log")
                    .ok());
    auto port = p.WaitForListening(15s);
    ASSERT_TRUE(port.ok()) << binary << ": " << port.status();
    *address = "127.0.0.1:" + std::to_string(*port);
  }

  std::unique_ptr<v1::CaseService::Stub> Stub(std::shared_ptr<const AssertionSigner> signer) {
    return v1::CaseService::NewStub(
        *MakeClientChannel(cases_address_, {.signer = std::move(signer)}));
  }

  testing::RedisServer redis_;
  testing::ChildProcess crowd_, cases_, appeals_;
  std::string crowd_address_, cases_address_, appeals_address_;
  std::shared_ptr<const AssertionSigner> gateway_, vision_;
};

// Calls every method of `service` at `address` with an empty request and no assertion.
// The service is found through a message of its file, which makes sure the file is loaded.
// Sends one fixed x-cs-identity value on every call (a forged or expired assertion).
class FixedAssertion final : public grpc::experimental::Interceptor {
 public:
  explicit FixedAssertion(std::string token) : token_(std::move(token)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kIdentityMetadataKey, token_);
    }
    methods->Proceed();
  }

 private:
  std::string token_;
};
class FixedAssertionFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit FixedAssertionFactory(std::string token) : token_(std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new FixedAssertion(token_);
  }

 private:
  std::string token_;
};

// With `token` (empty: none), every method of `service` at `address` is refused UNAUTHENTICATED
// with an empty request, and nothing comes back.
void ExpectEveryMethodRefused(const std::string& address,
                              const google::protobuf::Descriptor* message_of_its_file,
                              const std::string& service_name, const std::string& token = "") {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> fixed;
  if (!token.empty()) fixed.push_back(std::make_unique<FixedAssertionFactory>(token));
  auto channel = grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(fixed));
  const auto* service = message_of_its_file->file()->pool()->FindServiceByName(service_name);
  ASSERT_NE(service, nullptr) << service_name;
  ASSERT_GT(service->method_count(), 5);
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* method = service->method(i);
    std::string path = "/" + std::string(service->full_name()) + "/" + std::string(method->name());
    bool got_message = false;
    grpc::Status status = testing::CallWithEmptyRequest(
        channel, path, method->server_streaming() || method->client_streaming(), &got_message);
    EXPECT_FALSE(got_message) << path << ": a message came back";
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path;
  }
}

TEST_F(IdentityProcessTest, EveryRpcOfEveryServiceRefusesACallWithoutAnAssertion) {
  ExpectEveryMethodRefused(crowd_address_, v1::GetOccupancyRequest::descriptor(),
                           v1::CrowdService::service_full_name());
  ExpectEveryMethodRefused(cases_address_, v1::GetCaseRequest::descriptor(),
                           v1::CaseService::service_full_name());
  ExpectEveryMethodRefused(appeals_address_, v1::GetAppealRequest::descriptor(),
                           v1::AppealService::service_full_name());
}

// The same with an assertion signed by a key no service trusts under the gateway's name
// (forged), one of the gateway's own that expired a minute ago, and one of the gateway's own
// addressed to another service: refused before any method runs, on every RPC.
TEST_F(IdentityProcessTest, EveryRpcOfEveryServiceRefusesAForgedExpiredOrMisaddressedAssertion) {
  auto forger = *AssertionSigner::FromSeed("api", GenerateIdentityKeyPair().seed, 60000);
  const auto desk = Who("desk.chen", v1::ROLE_DESK);
  struct Target {
    std::string address;
    const google::protobuf::Descriptor* message;
    std::string service, other;
  };
  for (const Target& t :
       {Target{crowd_address_, v1::GetOccupancyRequest::descriptor(),
               v1::CrowdService::service_full_name(), v1::CaseService::service_full_name()},
        Target{cases_address_, v1::GetCaseRequest::descriptor(),
               v1::CaseService::service_full_name(), v1::CrowdService::service_full_name()},
        Target{appeals_address_, v1::GetAppealRequest::descriptor(),
               v1::AppealService::service_full_name(), v1::CaseService::service_full_name()}}) {
    const int64_t now = NowUnixMs();
    SCOPED_TRACE(t.service);
    ExpectEveryMethodRefused(t.address, t.message, t.service, forger.Sign(desk, t.service, now));
    ExpectEveryMethodRefused(t.address, t.message, t.service,
                             gateway_->Sign(desk, t.service, now - 120000));
    ExpectEveryMethodRefused(t.address, t.message, t.service, gateway_->Sign(desk, t.other, now));
  }
}

TEST_F(IdentityProcessTest, APatrolAssertionCannotReadTheGuardiansContact) {
  auto desk = Stub(gateway_);
  v1::Case filed;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    ASSERT_TRUE(desk->FileMissingReport(&ctx, Missing(), &filed).ok());
  }
  v1::GetCaseRequest get;
  get.set_case_id(filed.case_id());
  get.set_reason("handover check");
  *get.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  {
    // The desk, proven, sees the guardian's phone.
    grpc::ClientContext ctx;
    v1::Case got;
    ASSERT_TRUE(desk->GetCase(&ctx, get, &got).ok());
    EXPECT_NE(got.DebugString().find("13912345678"), std::string::npos);
  }
  {
    // A patrol officer's valid assertion, with the desk claimed in the body.
    auto unsigned_stub = Stub(nullptr);
    grpc::ClientContext ctx;
    ctx.AddMetadata(kIdentityMetadataKey,
                    gateway_->Sign(Who("patrol.zhou", v1::ROLE_PATROL), "crowdsafe.v1.CaseService",
                                   NowUnixMs()));
    v1::Case got;
    grpc::Status status = unsigned_stub->GetCase(&ctx, get, &got);
    if (status.ok()) {
      EXPECT_EQ(got.DebugString().find("13912345678"), std::string::npos);
      EXPECT_EQ(got.DebugString().find("李建国"), std::string::npos);
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
    }
  }
  {
    // vision-worker's key is trusted for itself only.
    auto vision = Stub(vision_);
    grpc::ClientContext ctx;
    v1::Case got;
    EXPECT_EQ(vision->GetCase(&ctx, get, &got).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
}

}  // namespace
}  // namespace cs
