// The api: section of config/services/api.yaml: users (with argon2id hashes, never plaintext),
// token lifetime, limits, rate limits, trusted proxies and the dashboard's web root.
//
// Thread-safety: plain values; parsed once at start-up.
#pragma once

#include <string>
#include <vector>

#include "common/photo/photo_check.h"
#include "common/yaml_reader.h"
#include "mobile-api/auth.h"
#include "mobile-api/client_address.h"

namespace cs::api {

struct ApiConfig {
  std::vector<User> users;
  int token_ttl_s = 8 * 3600;      // one shift
  std::string web_root;            // resolved against the config file's folder
  int request_timeout_ms = 10000;  // HTTP read/write of one request, headers and body together
  int header_timeout_ms = 5000;    // from a connection's first byte to its last header line
  int idle_timeout_s = 5;          // a kept-alive connection with no new request is closed
  // HTTP and HTTPS: a connection gets a worker once its headers are in (gated_server.h).
  // false gives httplib's thread per connection (SSLServer with TLS), kept for comparison
  // (bench/slowloris_bench).
  bool header_gate = true;
  int sse_streams_per_user = 4;    // open event streams one username may hold
  int upstream_timeout_ms = 5000;  // deadline of each gRPC call
  int sse_keepalive_s = 15;
  // Event streams are written by one epoll thread (sse_writer.h), not a worker each: the cap is
  // file descriptors and memory, each stream queueing at most sse_queue_bytes before its client
  // is dropped as too slow.
  int sse_max_streams = 4096;
  size_t sse_queue_bytes = 256 << 10;
  size_t json_body_bytes = 64 << 10;
  size_t report_body_bytes = 8 << 20;  // a report with its photos (each <= 5 MB)
  photo::PhotoLimits photo_limits;     // api.limits.photos, the same check as case-service's
  double login_per_minute_per_ip = 10;
  double login_per_minute_per_user = 5;
  double requests_per_s_per_token = 50;
  double request_burst_per_token = 100;
  int threads = 64;  // HTTP workers (an SSE stream holds one only until its headers are out)
  // Connections the kernel queues before the accept loop takes them (listen(2)); the kernel caps
  // it at net.core.somaxconn. httplib's own is 5, too short for a shift change: 2,000 phones
  // reconnecting at once overflowed it and waited out SYN retries of 1 s, 3 s, 7 s (issue 16).
  int listen_backlog = 4096;
  // Peers whose X-Forwarded-For is believed (client_address.h); empty: the header is ignored.
  TrustedProxies trusted_proxies;
};

// Parses `api:` if present (defaults otherwise). Errors are recorded on the reader, naming
// file:line. `config_file` resolves a relative web_root.
void ParseApiSection(YamlReader& root, const std::string& config_file, ApiConfig& out);

}  // namespace cs::api
