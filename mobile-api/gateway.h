// The HTTP/JSON gateway in front of the gRPC services (cpp-httplib). This first version serves
// liveness and an aggregated health view; the REST API under /v1 grows with the services.
// Every route not built yet answers 501 with an RFC 7807 problem document, never a fake result.
//
// Thread-safety: Start/Stop from one thread; httplib serves requests on its own thread pool.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/config.h"
#include "common/redis/redis_client.h"

namespace cs::api {

class Gateway {
 public:
  Gateway(const ServiceConfig& config, RedisClient& redis);
  ~Gateway();

  // Binds server.listen (port 0 picks a free port) and serves in a background thread.
  absl::Status Start();
  int port() const { return port_; }
  void Stop();

 private:
  void Routes();

  const ServiceConfig& config_;
  RedisClient& redis_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// An RFC 7807 problem document.
std::string ProblemJson(int status, const std::string& title, const std::string& detail);

}  // namespace cs::api
