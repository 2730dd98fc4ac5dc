// GrpcServerRunner in-process: health follows SetServing, reflection is on, the message size
// limit is enforced, and TLS from config serves a client that trusts the certificate.
#include "common/grpc/server_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/grpc/health_probe.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;

// A service with no methods overridden: every RPC answers UNIMPLEMENTED.
class BareCrowdService final : public crowdsafe::v1::CrowdService::Service {};

TEST(GrpcServerRunnerTest, HealthFollowsSetServingAndReflectionListsServices) {
  BareCrowdService service;
  GrpcServerRunner runner(ServerConfig{});
  runner.AddService(&service, "crowdsafe.v1.CrowdService");
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_GT(runner.port(), 0);
  std::string address = "127.0.0.1:" + std::to_string(runner.port());

  EXPECT_FALSE(*CheckServing(address, "", 1s)) << "serving before the owner said so";
  runner.SetServing(true);
  EXPECT_TRUE(*CheckServing(address, "", 1s));
  EXPECT_TRUE(*CheckServing(address, "crowdsafe.v1.CrowdService", 1s));

  auto names = ListServicesByReflection(address, 2s);
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_THAT(*names, ::testing::IsSupersetOf({"crowdsafe.v1.CrowdService", "grpc.health.v1.Health"}));
  runner.Shutdown();
  EXPECT_FALSE(CheckServing(address, "", 300ms).ok()) << "still answering after Shutdown";
}

TEST(GrpcServerRunnerTest, UnbuiltMethodsAnswerUnimplemented) {
  BareCrowdService service;
  GrpcServerRunner runner(ServerConfig{});
  runner.AddService(&service, "crowdsafe.v1.CrowdService");
  ASSERT_TRUE(runner.Start().ok());
  auto stub = crowdsafe::v1::CrowdService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(runner.port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  crowdsafe::v1::VenueOccupancy out;
  auto status = stub->GetOccupancy(&ctx, crowdsafe::v1::GetOccupancyRequest{}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST(GrpcServerRunnerTest, OversizedMessageIsRefused) {
  BareCrowdService service;
  ServerConfig config;
  config.max_message_bytes = 4096;
  GrpcServerRunner runner(config);
  runner.AddService(&service, "crowdsafe.v1.CrowdService");
  ASSERT_TRUE(runner.Start().ok());
  auto stub = crowdsafe::v1::CrowdService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(runner.port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  crowdsafe::v1::GetOccupancyRequest big;
  big.set_venue_id(std::string(10000, 'x'));
  crowdsafe::v1::VenueOccupancy out;
  EXPECT_EQ(stub->GetOccupancy(&ctx, big, &out).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(GrpcServerRunnerTest, UnusableListenAddressIsAnError) {
  ServerConfig config;
  config.listen = "256.1.1.1:1";
  config.insecure = true;  // past the plain-text check, so the bind itself is what fails
  GrpcServerRunner runner(config);
  EXPECT_EQ(runner.Start().code(), absl::StatusCode::kUnavailable);
}

TEST(GrpcServerRunnerTest, ServesTlsFromConfig) {
  auto dir = std::filesystem::temp_directory_path() / ("cs-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
                    "-addext subjectAltName=DNS:localhost -keyout " + key + " -out " + cert +
                    " >/dev/null 2>&1";
  // openssl is installed by deploy/install-deps.sh: its absence is a broken setup, not a skip.
  if (std::system(cmd.c_str()) != 0) FAIL() << "openssl could not make a test certificate";

  BareCrowdService service;
  ServerConfig config;
  config.tls.cert_file = cert;
  config.tls.key_file = key;
  GrpcServerRunner runner(config);
  runner.AddService(&service, "crowdsafe.v1.CrowdService");
  ASSERT_TRUE(runner.Start().ok());
  runner.SetServing(true);

  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadFileOrEmpty(cert);
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  auto channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(runner.port()),
                                           grpc::SslCredentials(ssl), args);
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  grpc::health::v1::HealthCheckResponse response;
  auto status = health->Check(&ctx, grpc::health::v1::HealthCheckRequest{}, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  // A plaintext client must not get through.
  EXPECT_FALSE(CheckServing("127.0.0.1:" + std::to_string(runner.port()), "", 1s).ok());
  std::filesystem::remove_all(dir);
}

TEST(GrpcServerRunnerTest, MissingTlsFilesAreAConfigError) {
  ServerConfig config;
  config.tls.cert_file = "/nonexistent/cert.pem";
  config.tls.key_file = "/nonexistent/key.pem";
  GrpcServerRunner runner(config);
  auto s = runner.Start();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("server.tls"));
}

}  // namespace
}  // namespace cs
