// An httplib::Server that gives a connection a worker thread only once its request headers have
// arrived. httplib alone runs one thread per connection from accept onwards, so 70 clients that
// send a header a byte a second held every worker and /healthz timed out (issue 18, slowloris).
// Here a waiting connection is only a file descriptor in one epoll set: the gate peeks (without
// consuming) until the blank line that ends the headers is in, then queues the connection for a
// worker, which reads and answers exactly one request through httplib's own request handling
// (Server::process_request) and hands a kept-alive connection back to the gate.
//
// Limits: headers must be complete within `header_timeout` of the first byte (408 otherwise);
// a kept-alive connection with no new request is closed after `idle_timeout`; once on a worker,
// the rest of the request (the body) must arrive within `request_timeout`, and each read or write
// waits at most that long.
//
// HTTPS (a TlsConfig given): the gate does the TLS handshake and decrypts on its own thread,
// without blocking (the socket is non-blocking), into the connection's buffer instead of peeking,
// so the same header deadline covers the handshake and the headers, and a slow TLS client holds
// no worker either. The handshakes are serialised on the gate thread (one RSA-2048 signature,
// about a millisecond of CPU each): a limit of several hundred new TLS connections a second,
// far above a venue's desks and patrol phones, which keep their connections alive.
//
// Event streams (issue 16): a handler on one of these workers may ask for its connection once
// the response headers are written (HandOffAfterHeaders); the worker then gives the connection,
// non-blocking and with its TLS session, to the taker instead of closing it or keeping it alive,
// and is free for the next request. A stream holds no worker.
//
// Thread-safety: configure before listen; Shutdown() once, after stop() and the listen thread
// have returned. The gate thread and the workers share only the mutex-guarded waiting set.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "common/config.h"
#include "mobile-api/nonblocking_stream.h"

namespace cs::api {

class GatedServer final : public httplib::Server {
 public:
  struct Limits {
    std::chrono::milliseconds header_timeout{5000};
    std::chrono::milliseconds idle_timeout{5000};
    std::chrono::milliseconds request_timeout{10000};
    size_t requests_per_connection = 100;
    int workers = 64;
  };

  // With `tls.enabled()`, HTTPS only (certificate chain and key in PEM; with client_ca_file,
  // client certificates signed by it are required); is_valid() is false when they do not load.
  explicit GatedServer(Limits limits, const TlsConfig& tls = {});
  ~GatedServer() override;

  bool is_valid() const override;

  // Closes every waiting connection and joins the gate and the workers.
  void Shutdown();

  // Connections waiting at the gate now (for tests and the benchmark).
  size_t waiting();

  using Taker = std::function<void(std::unique_ptr<NonBlockingStream>)>;
  // True inside a handler running on a GatedServer worker: HandOffAfterHeaders is available.
  static bool OnWorker();
  // From a chunked content provider of a response on a worker (the headers are out by then):
  // once the provider returns false, the connection goes to `take` instead of being closed.
  // False when not on a worker.
  static bool HandOffAfterHeaders(Taker take);

  class Connection;  // gated_server.cc

 private:
  struct Waiting {
    std::unique_ptr<Connection> conn;
    std::chrono::steady_clock::time_point deadline;
    bool idle = false;        // kept alive and no byte of the next request yet
    bool bytes_seen = false;  // part of a request arrived (a 408 is owed on expiry)
  };

  // httplib calls this on its accept thread for every new socket (our task queue runs it
  // inline): it only registers the socket at the gate.
  bool process_and_close_socket(socket_t sock) override;
  void Admit(std::unique_ptr<Connection> conn);
  void GateLoop();
  // Peeks at a waiting connection: hands it to a worker once its headers are complete, closes
  // it when the peer has gone.
  void Inspect(int fd);
  void ExpireWaiting();
  void Serve(std::unique_ptr<Connection> conn);

  const Limits limits_;
  const bool tls_wanted_;
  SSL_CTX* tls_ = nullptr;  // owned; null for plain HTTP (or when the files did not load)
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: ends the gate loop
  std::atomic<bool> shutting_down_{false};
  std::mutex mu_;
  std::map<int, Waiting> waiting_;  // GUARDED_BY(mu_): by socket
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::thread gate_;
};

}  // namespace cs::api
