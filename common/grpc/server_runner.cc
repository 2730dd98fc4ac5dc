#include "common/grpc/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <signal.h>

#include <chrono>

#include "common/grpc/identity_interceptors.h"
#include "common/logging.h"
#include "common/metrics/grpc_metrics.h"

namespace cs {

GrpcServerRunner::GrpcServerRunner(ServerConfig config) : config_(std::move(config)) {}

GrpcServerRunner::~GrpcServerRunner() { Shutdown(); }

void GrpcServerRunner::AddService(grpc::Service* service, std::string full_name) {
  services_.emplace_back(service, std::move(full_name));
}

void GrpcServerRunner::VerifyIdentity(std::shared_ptr<const AssertionVerifier> verifier) {
  verifier_ = std::move(verifier);
}

bool IsLoopbackListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> GrpcServerRunner::Credentials() const {
  bool loopback = IsLoopbackListen(config_.listen);
  if (!config_.tls.enabled() && !loopback && !config_.insecure) {
    return absl::InvalidArgumentError(
        "server.listen: a non-loopback address needs server.tls (or server.insecure: true)");
  }
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
  } else if (verifier_ != nullptr && loopback) {
    // Plain text like insecure credentials (insecure clients connect), but, unlike them, able
    // to run an AuthMetadataProcessor; and it refuses any peer that is not on this machine.
    creds = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  } else if (verifier_ != nullptr) {
    return absl::InvalidArgumentError(
        "identity: callers cannot be verified on a plain-text non-loopback listener; "
        "configure server.tls");
  } else {
    creds = grpc::InsecureServerCredentials();
  }
  if (verifier_ != nullptr) {
    creds->SetAuthMetadataProcessor(std::make_shared<IdentityAuthProcessor>(verifier_));
  }
  return creds;
}

absl::Status GrpcServerRunner::Start() {
  // Both are process-wide switches read when the builder builds.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  auto creds = Credentials();
  if (!creds.ok()) return creds.status();
  if (!config_.tls.enabled() && !IsLoopbackListen(config_.listen)) {
    CS_LOG_WARN("listening in plain text on a non-loopback address (server.insecure: true)");
  }

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.listen, *creds, &port_);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  if (verifier_ != nullptr) {
    interceptors.push_back(std::make_unique<ActorFromAssertionInterceptorFactory>());
  }
  interceptors.push_back(MakeGrpcMetricsInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
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
