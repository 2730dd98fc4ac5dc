#include "common/grpc/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "common/logging.h"

namespace cs {

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

GrpcServerRunner::GrpcServerRunner(ServerConfig config) : config_(std::move(config)) {}

GrpcServerRunner::~GrpcServerRunner() { Shutdown(); }

void GrpcServerRunner::AddService(grpc::Service* service, std::string full_name) {
  services_.emplace_back(service, std::move(full_name));
}

absl::Status GrpcServerRunner::Start() {
  // Both are process-wide switches read when the builder builds.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::shared_ptr<grpc::ServerCredentials> creds;
  if (config_.tls.enabled()) {
    grpc::SslServerCredentialsOptions ssl;
    std::string cert = ReadFileOrEmpty(config_.tls.cert_file);
    std::string key = ReadFileOrEmpty(config_.tls.key_file);
    if (cert.empty() || key.empty()) {
      return absl::InvalidArgumentError("server.tls: cannot read cert_file or key_file");
    }
    ssl.pem_key_cert_pairs.push_back({key, cert});
    if (!config_.tls.client_ca_file.empty()) {
      ssl.pem_root_certs = ReadFileOrEmpty(config_.tls.client_ca_file);
      ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
    creds = grpc::SslServerCredentials(ssl);
  } else {
    creds = grpc::InsecureServerCredentials();
  }

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.listen, creds, &port_);
  builder.SetMaxReceiveMessageSize(config_.max_message_bytes);
  builder.SetMaxSendMessageSize(config_.max_message_bytes);
  // Clients ping idle connections every 20 s (common/grpc/client_channel.cc); without these the
  // server counts those pings as abuse and closes the connection with ENHANCE_YOUR_CALM.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  for (auto& [service, name] : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError("server.listen: cannot listen on " + config_.listen);
  }
  // Not serving until the caller says its dependencies are ready.
  SetServing(false);
  return absl::OkStatus();
}

void GrpcServerRunner::SetServing(bool serving) {
  if (!server_) return;
  auto* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus("", serving);
  for (auto& [service, name] : services_) health->SetServingStatus(name, serving);
}

void GrpcServerRunner::Shutdown() {
  if (!server_) return;
  SetServing(false);
  auto deadline =
      std::chrono::system_clock::now() + std::chrono::milliseconds(config_.shutdown_grace_ms);
  server_->Shutdown(deadline);
  server_->Wait();
  server_.reset();
}

void ShutdownSignals::Block() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int ShutdownSignals::Wait() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace cs
