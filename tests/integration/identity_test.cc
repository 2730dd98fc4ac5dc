// Proven identity against the real case-service process (issue 16): with identity.trusted in its
// config, every RPC of the service refuses a call without a valid assertion, and a validly
// signed patrol call whose body claims the desk does not get the guardian's contact.
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "common/grpc/client_channel.h"
#include "common/identity/assertion.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "tests/integration/case_requests.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;
using testing::Missing;
using testing::Who;

class IdentityProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    const std::string dir = redis_.dir();
    for (const char* name : {"api", "vision"}) {
      auto pair = GenerateIdentityKeyPair();
      ASSERT_TRUE(WriteIdentityKeyFile(dir + "/" + name + ".key", pair.seed, true).ok());
      ASSERT_TRUE(WriteIdentityKeyFile(dir + "/" + name + ".pub", pair.public_key, false).ok());
    }
    std::ofstream(dir + "/cases.yaml")
        << "service: cases\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: " << redis_.port()
        << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml") << "\n"
        << "identity:\n  trusted:\n"
        << "    - {issuer: api, public_key_file: api.pub, roles: [patrol, desk, press, admin]}\n"
        << "    - {issuer: vision, public_key_file: vision.pub, roles: [system]}\n";
    ASSERT_TRUE(cases_.Start({testing::BinaryPath("case-service"), "--config", dir + "/cases.yaml",
                              "--redis-wait", "20"},
                             dir + "/cases.log").ok());
    auto port = cases_.WaitForListening(15s);
    ASSERT_TRUE(port.ok()) << port.status();
    address_ = "127.0.0.1:" + std::to_string(*port);
    gateway_ = *ToolSigner("api", dir + "/api.key");
    vision_ = *ToolSigner("vision", dir + "/vision.key");
  }

  std::unique_ptr<v1::CaseService::Stub> Stub(std::shared_ptr<const AssertionSigner> signer) {
    return v1::CaseService::NewStub(*MakeClientChannel(address_, {.signer = std::move(signer)}));
  }

  testing::RedisServer redis_;
  testing::ChildProcess cases_;
  std::string address_;
  std::shared_ptr<const AssertionSigner> gateway_, vision_;
};

// Every method the service declares, called with a well-formed empty request and no assertion.
TEST_F(IdentityProcessTest, EveryRpcRefusesACallWithoutAnAssertion) {
  auto channel = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  grpc::GenericStub generic(channel);
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      v1::CaseService::service_full_name());
  ASSERT_NE(service, nullptr);
  ASSERT_GT(service->method_count(), 10);
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* method = service->method(i);
    std::string path = "/" + std::string(service->full_name()) + "/" + std::string(method->name());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    grpc::Slice empty(std::string(""));
    grpc::ByteBuffer request(&empty, 1), response;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    if (method->server_streaming()) {
      grpc::CompletionQueue cq;
      auto call = generic.PrepareCall(&ctx, path, &cq);
      call->StartCall(reinterpret_cast<void*>(1));
      void* tag;
      bool ok;
      cq.Next(&tag, &ok);
      call->Write(request, reinterpret_cast<void*>(2));
      cq.Next(&tag, &ok);
      call->WritesDone(reinterpret_cast<void*>(3));
      cq.Next(&tag, &ok);
      call->Read(&response, reinterpret_cast<void*>(4));
      cq.Next(&tag, &ok);
      EXPECT_FALSE(ok) << path << ": a message came back";
      call->Finish(&status, reinterpret_cast<void*>(5));
      cq.Next(&tag, &ok);
      cq.Shutdown();
      while (cq.Next(&tag, &ok)) {
      }
    } else {
      generic.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response,
                        [&](grpc::Status s) {
                          std::lock_guard<std::mutex> lock(mu);
                          status = s;
                          done = true;
                          cv.notify_all();
                        });
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done; });
    }
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path;
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
