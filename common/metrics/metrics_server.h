// A tiny HTTP server that answers GET /metrics with a RequestMetrics rendering, for processes
// whose main protocol is gRPC (server.metrics_listen in their config).
//
// Thread-safety: Start/Stop from one thread; requests are served on httplib's threads.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/metrics/metrics.h"

namespace httplib {
class Server;
}

namespace cs {

class MetricsServer {
 public:
  explicit MetricsServer(const RequestMetrics& metrics);
  ~MetricsServer();

  // Binds `listen` (host:port; port 0 picks one) and serves in a background thread.
  absl::Status Start(const std::string& listen);
  int port() const { return port_; }
  void Stop();

 private:
  const RequestMetrics& metrics_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace cs
