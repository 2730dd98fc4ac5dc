// Proven identity through real gRPC servers (issue 16): GrpcServerRunner verifying, channels
// from MakeClientChannel signing. The fake CaseService answers with the actor it was given, so
// each test sees exactly what a handler would believe.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/grpc/client_channel.h"
#include "common/grpc/identity_interceptors.h"
#include "common/grpc/server_runner.h"
#include "common/metrics/grpc_metrics.h"
#include "common/testing/actor.h"
#include "common/testing/generic_call.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

namespace v1 = crowdsafe::v1;

using testing::Who;

// GetCase answers case_id = "<user>/<role>" of the request's actor after the interceptors ran.
class EchoCases final : public v1::CaseService::Service {
  grpc::Status GetCase(grpc::ServerContext*, const v1::GetCaseRequest* req, v1::Case* out) override {
    out->set_case_id(req->actor().user_id() + "/" + std::to_string(req->actor().role()));
    return grpc::Status::OK;
  }
};

// GetOccupancy carries no Actor: it answers the actor the call's assertion names, read back with
// the test's verifier (handlers of actor-less requests need only that the call was verified).
class EchoCrowd final : public v1::CrowdService::Service {
 public:
  const AssertionVerifier* verifier = nullptr;
  std::mutex mu;
  std::vector<std::string> tokens;  // GUARDED_BY(mu): every call's assertion, in order
  grpc::Status GetOccupancy(grpc::ServerContext* ctx, const v1::GetOccupancyRequest*,
                            v1::VenueOccupancy* out) override {
    auto token = ctx->client_metadata().find(kIdentityMetadataKey);
    if (token == ctx->client_metadata().end()) return grpc::Status(grpc::StatusCode::INTERNAL, "none");
    {
      std::lock_guard<std::mutex> lock(mu);
      tokens.emplace_back(token->second.data(), token->second.size());
    }
    auto who = verifier->Verify(std::string_view(token->second.data(), token->second.size()),
                                "crowdsafe.v1.CrowdService", NowUnixMs());
    out->set_venue_id(who.ok() ? who->user_id() + "/" + std::to_string(who->role()) : "unproven");
    return grpc::Status::OK;
  }
};

class IdentityGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway_keys_ = GenerateIdentityKeyPair();
    vision_keys_ = GenerateIdentityKeyPair();
    std::map<std::string, AssertionVerifier::Issuer> issuers;
    issuers["api"] = {{gateway_keys_.public_key}, {v1::ROLE_PATROL, v1::ROLE_DESK}};
    issuers["vision"] = {{vision_keys_.public_key}, {v1::ROLE_SYSTEM}};
    verifier_ = std::make_shared<AssertionVerifier>(issuers);
    crowd_.verifier = verifier_.get();
    gateway_ = std::make_shared<AssertionSigner>(*AssertionSigner::FromSeed("api", gateway_keys_.seed, 60000));
    vision_ = std::make_shared<AssertionSigner>(*AssertionSigner::FromSeed("vision", vision_keys_.seed, 60000));
    InstallGrpcMetrics(&metrics_);
    runner_ = std::make_unique<GrpcServerRunner>(ServerConfig{});
    runner_->AddService(&cases_, "crowdsafe.v1.CaseService");
    runner_->AddService(&crowd_, "crowdsafe.v1.CrowdService");
    runner_->VerifyIdentity(verifier_);
    ASSERT_TRUE(runner_->Start().ok());
    runner_->SetServing(true);
    address_ = "127.0.0.1:" + std::to_string(runner_->port());
  }
  void TearDown() override {
    runner_->Shutdown();
    InstallGrpcMetrics(nullptr);
  }

  std::unique_ptr<v1::CaseService::Stub> Cases(std::shared_ptr<const AssertionSigner> signer) {
    return v1::CaseService::NewStub(*MakeClientChannel(address_, {.signer = std::move(signer)}));
  }

  grpc::Status GetCase(v1::CaseService::Stub& stub, const v1::Actor& claimed, v1::Case* out,
                       const std::string& raw_assertion = "") {
    grpc::ClientContext ctx;
    if (!raw_assertion.empty()) ctx.AddMetadata(kIdentityMetadataKey, raw_assertion);
    v1::GetCaseRequest req;
    req.set_case_id("c1");
    *req.mutable_actor() = claimed;
    return stub.GetCase(&ctx, req, out);
  }

  IdentityKeyPair gateway_keys_, vision_keys_;
  std::shared_ptr<AssertionVerifier> verifier_;
  std::shared_ptr<AssertionSigner> gateway_, vision_;
  RequestMetrics metrics_{"cs_test"};
  EchoCases cases_;
  EchoCrowd crowd_;
  std::unique_ptr<GrpcServerRunner> runner_;
  std::string address_;
};

TEST_F(IdentityGrpcTest, AnUnsignedCallIsRefused) {
  auto stub = Cases(nullptr);
  v1::Case out;
  auto status = GetCase(*stub, Who("desk.wang", v1::ROLE_DESK), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_TRUE(out.case_id().empty());
}

TEST_F(IdentityGrpcTest, ASignedCallReachesTheHandlerAsItsActor) {
  auto stub = Cases(gateway_);
  v1::Case out;
  auto status = GetCase(*stub, Who("patrol.li", v1::ROLE_PATROL), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.case_id(), "patrol.li/" + std::to_string(v1::ROLE_PATROL));
  // The next call on the same connection is served as its own actor, not the previous one.
  ASSERT_TRUE(GetCase(*stub, Who("desk.wang", v1::ROLE_DESK), &out).ok());
  EXPECT_EQ(out.case_id(), "desk.wang/" + std::to_string(v1::ROLE_DESK));
}

// The key guarantee: a validly signed patrol call whose body claims the desk is served as the
// patrol officer it proves.
TEST_F(IdentityGrpcTest, TheBodyActorIsReplacedByTheProvenOne) {
  auto stub = Cases(nullptr);
  std::string patrol = gateway_->Sign(Who("patrol.li", v1::ROLE_PATROL),
                                      "crowdsafe.v1.CaseService", NowUnixMs());
  v1::Case out;
  auto status = GetCase(*stub, Who("desk.wang", v1::ROLE_DESK), &out, patrol);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.case_id(), "patrol.li/" + std::to_string(v1::ROLE_PATROL));
}

TEST_F(IdentityGrpcTest, ForgedExpiredAndMisaddressedAssertionsAreRefused) {
  auto stub = Cases(nullptr);
  auto stranger = GenerateIdentityKeyPair();
  auto forger = *AssertionSigner::FromSeed("api", stranger.seed, 60000);
  auto patrol = Who("patrol.li", v1::ROLE_PATROL);
  int64_t now = NowUnixMs();
  for (const std::string& token :
       {forger.Sign(patrol, "crowdsafe.v1.CaseService", now),
        gateway_->Sign(patrol, "crowdsafe.v1.CaseService", now - 120000),
        gateway_->Sign(patrol, "crowdsafe.v1.CrowdService", now)}) {
    v1::Case out;
    auto status = GetCase(*stub, patrol, &out, token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  }
}

// Two assertions in one call: the processor and the interceptor must not read different ones.
TEST_F(IdentityGrpcTest, ACallWithTwoAssertionsIsRefused) {
  auto stub = Cases(gateway_);
  std::string desk = gateway_->Sign(Who("desk.wang", v1::ROLE_DESK), "crowdsafe.v1.CaseService",
                                    NowUnixMs());
  grpc::ClientContext ctx;
  ctx.AddMetadata(kIdentityMetadataKey, desk);
  ctx.AddMetadata(kIdentityMetadataKey, desk);
  v1::GetCaseRequest req;
  *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
  v1::Case out;
  // The signed channel replaces the caller's entries with its own one; an unsigned one does not.
  auto unsigned_stub = Cases(nullptr);
  EXPECT_EQ(unsigned_stub->GetCase(&ctx, req, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityGrpcTest, AServiceKeyCannotSpeakForTheDesk) {
  auto stub = Cases(vision_);
  v1::Case out;
  auto status = GetCase(*stub, Who("desk.wang", v1::ROLE_DESK), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityGrpcTest, ARequestWithoutActorIsSignedForTheProcessOrOnBehalfOfAUser) {
  auto channel = *MakeClientChannel(address_, {.signer = vision_});
  auto crowd = v1::CrowdService::NewStub(channel);
  {
    grpc::ClientContext ctx;
    v1::VenueOccupancy out;
    ASSERT_TRUE(crowd->GetOccupancy(&ctx, v1::GetOccupancyRequest(), &out).ok());
    EXPECT_EQ(out.venue_id(), "vision/" + std::to_string(v1::ROLE_SYSTEM));
  }
  auto gateway_crowd = v1::CrowdService::NewStub(*MakeClientChannel(address_, {.signer = gateway_}));
  {
    grpc::ClientContext ctx;
    OnBehalfOf(ctx, Who("desk.wang", v1::ROLE_DESK));
    v1::VenueOccupancy out;
    ASSERT_TRUE(gateway_crowd->GetOccupancy(&ctx, v1::GetOccupancyRequest(), &out).ok());
    EXPECT_EQ(out.venue_id(), "desk.wang/" + std::to_string(v1::ROLE_DESK));
  }
  {
    // Without a user to speak for, the gateway would speak as itself, a role it is not
    // trusted with: refused rather than raised to system.
    grpc::ClientContext ctx;
    v1::VenueOccupancy out;
    EXPECT_EQ(gateway_crowd->GetOccupancy(&ctx, v1::GetOccupancyRequest(), &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
}

// Signer caching (issue 16): calls for the same actor to the same service carry the same
// assertion, which still verifies; another actor gets its own; a channel that does not reuse
// signs every call anew.
TEST_F(IdentityGrpcTest, AssertionsAreReusedPerActorAndService) {
  auto occupancy = [&](v1::CrowdService::Stub& stub, const v1::Actor* on_behalf_of) {
    grpc::ClientContext ctx;
    if (on_behalf_of != nullptr) OnBehalfOf(ctx, *on_behalf_of);
    v1::VenueOccupancy out;
    EXPECT_TRUE(stub.GetOccupancy(&ctx, v1::GetOccupancyRequest(), &out).ok());
    // Different issue times, so a new signature would differ.
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    return out.venue_id();
  };
  auto reusing = v1::CrowdService::NewStub(*MakeClientChannel(address_, {.signer = gateway_}));
  auto patrol = Who("patrol.li", v1::ROLE_PATROL);
  auto desk = Who("desk.wang", v1::ROLE_DESK);
  EXPECT_EQ(occupancy(*reusing, &patrol), "patrol.li/" + std::to_string(v1::ROLE_PATROL));
  EXPECT_EQ(occupancy(*reusing, &patrol), "patrol.li/" + std::to_string(v1::ROLE_PATROL));
  EXPECT_EQ(occupancy(*reusing, &desk), "desk.wang/" + std::to_string(v1::ROLE_DESK));
  EXPECT_EQ(occupancy(*reusing, &patrol), "patrol.li/" + std::to_string(v1::ROLE_PATROL));
  auto every_call = v1::CrowdService::NewStub(
      *MakeClientChannel(address_, {.signer = gateway_, .reuse_assertions = false}));
  occupancy(*every_call, &patrol);
  occupancy(*every_call, &patrol);
  std::lock_guard<std::mutex> lock(crowd_.mu);
  const auto& t = crowd_.tokens;
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0], t[1]);
  EXPECT_NE(t[0], t[2]);
  EXPECT_EQ(t[0], t[3]);
  EXPECT_NE(t[4], t[5]);
}

TEST_F(IdentityGrpcTest, HealthAndReflectionStayOpenAndCallsAreStillCounted) {
  auto status = testing::CallWithEmptyRequest(*MakeClientChannel(address_, {}),
                                              "/grpc.health.v1.Health/Check", false);
  EXPECT_TRUE(status.ok()) << status.error_message();
  auto stub = Cases(gateway_);
  v1::Case out;
  ASSERT_TRUE(GetCase(*stub, Who("patrol.li", v1::ROLE_PATROL), &out).ok());
  std::string text = metrics_.Render();
  EXPECT_NE(text.find("route=\"/crowdsafe.v1.CaseService/GetCase\",status=\"OK\"} 1"),
            std::string::npos)
      << text;
}

TEST(ServerListenTest, PlainTextOffLoopbackNeedsInsecureSaidAndCannotVerify) {
  ServerConfig config;
  config.listen = "0.0.0.0:0";
  {
    GrpcServerRunner runner(config);
    auto started = runner.Start();
    EXPECT_EQ(started.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(started.message().find("server.tls"), std::string_view::npos);
  }
  config.insecure = true;
  {
    GrpcServerRunner runner(config);
    EXPECT_TRUE(runner.Start().ok());
    runner.Shutdown();
  }
  {
    GrpcServerRunner runner(config);
    runner.VerifyIdentity(std::make_shared<AssertionVerifier>(
        std::map<std::string, AssertionVerifier::Issuer>{}));
    EXPECT_EQ(runner.Start().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(IsLoopbackListen("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackListen("[::1]:50051"));
  EXPECT_TRUE(IsLoopbackListen("localhost:1"));
  EXPECT_FALSE(IsLoopbackListen("10.0.0.5:50051"));
  EXPECT_FALSE(IsLoopbackListen("0.0.0.0:50051"));
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

// Mutual TLS with the certificates deploy/tls/make-certs.sh makes, identity verified on top.
TEST(MutualTlsTest, OnlyAClientWithACertificateOfTheCaConnectsAndItStillSigns) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "ctest sets CS_SOURCE_DIR";
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("cs-mtls-" + std::to_string(::getpid()))).string();
  std::string cmd = std::string(src) + "/deploy/tls/make-certs.sh " + dir + " cases api >/dev/null";
  // openssl is installed by deploy/install-deps.sh: its absence is a broken setup, not a skip.
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "make-certs.sh failed";

  auto keys = GenerateIdentityKeyPair();
  auto signer = std::make_shared<const AssertionSigner>(*AssertionSigner::FromSeed("api", keys.seed, 60000));
  EchoCases cases;
  ServerConfig config;
  config.tls = {dir + "/cases.pem", dir + "/cases.key", dir + "/ca.pem"};
  GrpcServerRunner runner(config);
  runner.AddService(&cases, "crowdsafe.v1.CaseService");
  runner.VerifyIdentity(std::make_shared<AssertionVerifier>(
      std::map<std::string, AssertionVerifier::Issuer>{{"api", {{keys.public_key}, {v1::ROLE_DESK}}}}));
  ASSERT_TRUE(runner.Start().ok());
  std::string address = "127.0.0.1:" + std::to_string(runner.port());

  auto call = [&](std::shared_ptr<grpc::ChannelCredentials> creds,
                  std::shared_ptr<const AssertionSigner> with) {
    auto stub = v1::CaseService::NewStub(
        *MakeClientChannel(address, {.credentials = std::move(creds), .signer = std::move(with)}));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    v1::GetCaseRequest req;
    *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
    v1::Case out;
    return stub->GetCase(&ctx, req, &out);
  };
  auto mutual = UpstreamCredentials({dir + "/ca.pem", dir + "/api.pem", dir + "/api.key"});
  ASSERT_TRUE(mutual.ok()) << mutual.status();
  auto no_certificate = UpstreamCredentials({dir + "/ca.pem", "", ""});
  ASSERT_TRUE(no_certificate.ok());

  EXPECT_TRUE(call(*mutual, signer).ok());
  // Replicas as a list (deploy/cluster): the certificate is checked against the first address,
  // not against the list's text, which no certificate names.
  {
    GrpcServerRunner second(config);
    second.AddService(&cases, "crowdsafe.v1.CaseService");
    ASSERT_TRUE(second.Start().ok());
    const std::string saved = address;
    address = saved + ",127.0.0.1:" + std::to_string(second.port());
    for (int i = 0; i < 2; ++i) {
      auto status = call(*mutual, signer);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    address = saved;
    second.Shutdown();
  }
  EXPECT_EQ(call(*mutual, nullptr).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(call(*no_certificate, signer).error_code(), grpc::StatusCode::OK);
  EXPECT_NE(call(grpc::InsecureChannelCredentials(), signer).error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(UpstreamCredentials({dir + "/missing.pem", "", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  runner.Shutdown();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cs
