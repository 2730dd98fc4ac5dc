// The one way a crowdsafe process serves gRPC: optional TLS from config, proven identity of
// callers (VerifyIdentity; docs/identity.md), the standard health service (grpc.health.v1),
// server reflection, request metrics, a maximum message size, and graceful shutdown.
//
// A non-loopback listen address needs server.tls, or server.insecure: true said in so many
// words. Identity is verified over TLS or, on loopback, over gRPC's local credentials (plain
// text that accepts only local peers).
//
// Example:
//   GrpcServerRunner runner(config.server);
//   runner.AddService(&crowd_service);
//   CS_RETURN_IF_ERROR(runner.Start());       // binds; port() is now known
//   runner.SetServing(true);
//   ShutdownSignals::Wait();                  // SIGTERM or SIGINT
//   runner.Shutdown();                        // in-flight calls get shutdown_grace_ms
//
// Thread-safety: Start/Shutdown from one thread; SetServing from any thread.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"
#include "common/identity/assertion.h"

namespace cs {

class GrpcServerRunner {
 public:
  explicit GrpcServerRunner(ServerConfig config);
  ~GrpcServerRunner();

  // Services must outlive the runner. Call before Start().
  void AddService(grpc::Service* service, std::string full_name);
  // Every call but health and reflection must carry an assertion `verifier` accepts, and its
  // proven actor replaces the request's. Call before Start().
  void VerifyIdentity(std::shared_ptr<const AssertionVerifier> verifier);

  absl::Status Start();
  int port() const { return port_; }
  // Sets the health status of the server ("") and of every added service.
  void SetServing(bool serving);
  void Shutdown();

 private:
  ServerConfig config_;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials() const;

  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::shared_ptr<const AssertionVerifier> verifier_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// Blocks SIGTERM and SIGINT in the calling thread (and every thread it creates later) so that
// Wait() can take them synchronously. Call at the top of main, before any thread starts.
class ShutdownSignals {
 public:
  static void Block();
  // Returns the signal received.
  static int Wait();
};

// True for 127.0.0.0/8, ::1 and localhost listen addresses ("host:port").
bool IsLoopbackListen(const std::string& listen);


}  // namespace cs
