// A child process for multi-process tests: started with a pipe on its stdout, so a test can wait
// for the "LISTENING <port>" line a crowdsafe binary prints once it serves, then signal it.
//
// Thread-safety: not thread-safe; owned by one test.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::testing {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();  // SIGKILLs a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // argv[0] is the binary path. stderr goes to `stderr_path` (or is inherited when empty).
  absl::Status Start(const std::vector<std::string>& argv, const std::string& stderr_path = "");
  // Reads stdout lines until one starts with `prefix`; returns the rest of that line.
  absl::StatusOr<std::string> WaitForLine(const std::string& prefix, std::chrono::milliseconds timeout);
  // Convenience: the port from "LISTENING <port>".
  absl::StatusOr<int> WaitForListening(std::chrono::milliseconds timeout);
  void Signal(int sig);
  // Waits for exit; the exit code, or nullopt on timeout (the child is then left running).
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
};

// The path of a built binary: $CS_BINARY_DIR/bin/<name>.
std::string BinaryPath(const std::string& name);
// The path of a file in the source tree: $CS_SOURCE_DIR/<relative>.
std::string SourcePath(const std::string& relative);

}  // namespace cs::testing
