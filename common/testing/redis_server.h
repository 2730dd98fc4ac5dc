// A private redis-server for tests: started on a free loopback port in a fresh temporary folder,
// with AOF on (as in production), and removed with that folder when the object goes away.
// Kill() and Restart() let fault tests take Redis down and bring it back on the same port and
// data, as an operator's restart would.
//
// Example:
//   RedisServer redis;
//   ASSERT_TRUE(redis.Start().ok());
//   HiredisClient client(redis.Config());
//
// Thread-safety: not thread-safe; owned by one test.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"

namespace cs::testing {

class RedisServer {
 public:
  RedisServer() = default;
  // A server started with these extra redis-server arguments ("--cluster-enabled", "yes", ...).
  // `cluster_bus`: also keep port + 10000 free, the port the cluster bus listens on.
  RedisServer(std::vector<std::string> extra_args, bool cluster_bus)
      : extra_args_(std::move(extra_args)), cluster_bus_(cluster_bus) {}
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts redis-server (from $REDIS_SERVER or PATH) and waits until it answers PING.
  absl::Status Start();
  // SIGKILL, as a crash would; data not yet in the AOF may be lost (we fsync always).
  void Kill();
  // SIGTERM and wait (a paused server is resumed first).
  void Stop();
  // SIGSTOP and SIGCONT: a server that hangs, keeps its connections and answers nothing, as a
  // replica stuck on a dead disk or a frozen VM would.
  void Pause();
  void Resume();
  // Starts again on the same port and folder; AOF data comes back.
  absl::Status Restart();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  bool running() const { return pid_ > 0; }
  RedisConfig Config() const;

  // A port that was free a moment ago on 127.0.0.1 (bind to port 0, read it, close).
  static int PickFreePort();
  // A free port p whose cluster bus port p + 10000 is free as well.
  static int PickFreeClusterPort();

 private:
  absl::Status Launch();

  std::vector<std::string> extra_args_;
  bool cluster_bus_ = false;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace cs::testing
