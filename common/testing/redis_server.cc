#include "common/testing/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "common/redis/hiredis_client.h"

namespace cs::testing {

RedisServer::~RedisServer() {
  Kill();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

namespace {

// Binds 127.0.0.1:`port` (0: any) and returns the port bound, or 0 when it is taken.
int BindAndRelease(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  int bound = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    bound = ntohs(addr.sin_port);
  }
  close(fd);
  return bound;
}

}  // namespace

int RedisServer::PickFreePort() { return BindAndRelease(0); }

int RedisServer::PickFreeClusterPort() {
  for (int attempt = 0; attempt < 100; ++attempt) {
    int port = BindAndRelease(0);
    if (port > 0 && port + 10000 <= 65535 && BindAndRelease(port + 10000) == port + 10000) return port;
  }
  return 0;
}

RedisConfig RedisServer::Config() const {
  RedisConfig c;
  c.host = "127.0.0.1";
  c.port = port_;
  c.connect_timeout_ms = 500;
  c.command_timeout_ms = 1000;
  c.reconnect_backoff_min_ms = 20;
  c.reconnect_backoff_max_ms = 200;
  return c;
}

absl::Status RedisServer::Start() {
  if (dir_.empty()) {
    std::string templ = (std::filesystem::temp_directory_path() / "cs-redis-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) return absl::InternalError("mkdtemp failed");
    dir_ = templ;
  }
  // Another process may grab the port between pick and bind: try a few.
  absl::Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = cluster_bus_ ? PickFreeClusterPort() : PickFreePort();
    last = Launch();
    if (last.ok()) return last;
  }
  return last;
}

absl::Status RedisServer::Restart() {
  if (pid_ > 0) Stop();
  return Launch();
}

absl::Status RedisServer::Launch() {
  const char* env = std::getenv("REDIS_SERVER");
  std::string binary = env != nullptr && *env != '\0' ? env : "redis-server";
  std::string port = std::to_string(port_);
  // Built before fork: the child of a threaded process may only exec.
  std::string log = dir_ + "/redis.log";
  std::vector<std::string> args = {binary, "--port", port, "--bind", "127.0.0.1", "--dir", dir_,
                                   "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                                   "--daemonize", "no", "--logfile", log, "--protected-mode", "yes",
                                   "--enable-debug-command", "local"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // Dies with the test: an aborted test left its redis-server running (and ctest waiting on
    // the output pipe it inherited).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    // Quiet child: the test output should show test results, not Redis banners (--logfile).
    execvp(binary.c_str(), argv.data());
    _exit(127);
  }
  pid_ = pid;
  HiredisClient probe(Config());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError("redis-server exited at start (port " + port + "); see " +
                                    dir_ + "/redis.log");
    }
    if (probe.Ping().ok()) return absl::OkStatus();
    // Polling a child process that has no readiness signal: the one place tests wait on time.
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  Kill();
  return absl::DeadlineExceededError("redis-server did not answer PING within 10 s");
}

void RedisServer::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisServer::Pause() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void RedisServer::Resume() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGCONT);  // a paused server would never see the SIGTERM
  ::kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace cs::testing
