// An httplib server for fakes of outside HTTP APIs in tests: routes are registered on server(),
// then Start() binds a free loopback port and returns once it listens (no sleeps), and Stop()
// (or the destructor) stops it and joins its thread. A fake whose handlers use its own members
// calls Stop() in its destructor, before those members go.
//
// Example:
//   cs::testing::LocalHttpServer http;
//   http.server().Get("/ping", [](const httplib::Request&, httplib::Response& res) { ... });
//   http.Start();
//   client.set_base_url(http.base_url());
//
// Thread-safety: Start and Stop from the test's thread; handlers run on the server's threads.
#pragma once

#include <httplib.h>

#include <string>
#include <thread>

namespace cs::testing {

class LocalHttpServer {
 public:
  LocalHttpServer() = default;
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;
  ~LocalHttpServer() { Stop(); }

  httplib::Server& server() { return server_; }

  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }

  void Stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace cs::testing
