// Typed configuration shared by every service: server, Redis, logging and the venue file.
// Loaded strictly from YAML (unknown keys fail, naming file:line); secrets only from the
// environment, named by *_env keys, never written in config files.
//
// Thread-safety: plain values; load once at start-up.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/logging.h"
#include "common/venue.h"
#include "common/yaml_reader.h"

namespace cs {

struct TlsConfig {
  std::string cert_file;  // PEM; empty: plaintext (loopback deployments)
  std::string key_file;
  std::string client_ca_file;  // optional: require client certificates signed by this CA
  bool enabled() const { return !cert_file.empty(); }
};

// TLS for this process's calls to its upstreams (mTLS when cert_file is set; the servers then
// require it with server.tls.client_ca_file). Files relative to the config file.
struct UpstreamTlsConfig {
  std::string ca_file;    // PEM of the CA that signed the upstreams' certificates
  std::string cert_file;  // optional: this process's client certificate
  std::string key_file;
  bool enabled() const { return !ca_file.empty(); }
};

struct ServerConfig {
  std::string listen = "127.0.0.1:0";  // host:port; port 0 picks a free port (tests)
  int max_message_bytes = 8 << 20;     // photos are <= 5 MB; leave room for the envelope
  int shutdown_grace_ms = 5000;        // in-flight calls get this long on SIGTERM
  TlsConfig tls;
  // A non-loopback listen address without tls is refused unless this says so in so many words
  // (a deployment whose network is private by other means).
  bool insecure = false;
  // host:port of a plain-HTTP Prometheus endpoint (GET /metrics) beside a gRPC server; empty:
  // none. Port 0 picks a free port (its number is logged and printed as "METRICS <port>").
  std::string metrics_listen;
};

struct RedisConfig {
  // standalone: one redis-server at host:port (the embedded default). cluster: a Redis Cluster
  // found through `seeds`; the client learns the rest of the nodes and the slot map from them.
  enum class Mode { kStandalone, kCluster };
  Mode mode = Mode::kStandalone;
  std::string host = "127.0.0.1";  // standalone only
  int port = 6379;                 // standalone only
  std::vector<std::string> seeds;  // cluster only: "host:port" of a few nodes, any role
  // cluster only: the slot map is re-read this often even when no MOVED reply asked for it.
  int slot_refresh_interval_ms = 10000;
  // Writes that must survive a failover are confirmed by WAIT: this many replicas within
  // wait_timeout_ms, or the write is not acknowledged (docs/error_policy.md). 0: no WAIT (the
  // standalone default; a cluster deployment sets 1).
  int wait_replicas = 0;
  int wait_timeout_ms = 500;
  int connect_timeout_ms = 1000;
  int command_timeout_ms = 1000;
  int reconnect_backoff_min_ms = 50;
  int reconnect_backoff_max_ms = 2000;
  int pool_size = 4;  // connections per process; concurrent RPCs use different ones
  std::string password;  // from the environment variable named by redis.password_env
};

// A caller this process believes, and the roles it may assert (docs/identity.md).
struct TrustedIssuer {
  std::string issuer;           // the key's name, e.g. "api" (the gateway) or "vision"
  // Its public keys, each file relative to the config file; default <key_dir>/<issuer>.pub.
  // More than one while a key is rotated: an assertion verifies with any of them
  // (docs/identity.md, "Rotating a key"). YAML: public_key_file (one) or public_key_files.
  std::vector<std::string> public_key_files;
  std::vector<std::string> roles;  // patrol, desk, press, admin, system
};

// Proven identity between processes (issue 16; docs/identity.md). Signing: every gRPC call this
// process makes carries an Ed25519 assertion of the actor in the request (or of the process
// itself). Verifying: every call to this process's services must carry one from a trusted issuer.
struct IdentityConfig {
  // The folder of <name>.key and <name>.pub (crowdsafe-keygen), for the files not named below;
  // resolved relative to the config file. The environment variable CS_IDENTITY_KEY_DIR, when
  // set, replaces it (a deployment's or a test's own keys without editing the configs).
  std::string key_dir;
  std::string issuer;            // this process's key name; empty: outgoing calls are unsigned
  std::string signing_key_file;  // the 32-byte seed, base64; default <key_dir>/<issuer>.key
  // The environment variable holding the seed (base64) instead of a file: a deployment's
  // secret store sets it (STYLE.md: secrets from the environment). Wins over the file.
  std::string signing_key_env;
  int assertion_ttl_ms = 60000;
  std::vector<TrustedIssuer> trusted;  // empty: callers are not verified (loopback only)
  bool signs() const { return !issuer.empty(); }
  bool verifies() const { return !trusted.empty(); }
};

struct ServiceConfig {
  std::string service;      // "crowd", "cases", ...
  ServerConfig server;
  RedisConfig redis;
  LogConfig log;
  std::string venue_file;   // resolved relative to the config file's folder
  Venue venue;
  // gRPC addresses of the services this one calls, by name: crowd, cases, appeals.
  std::map<std::string, std::string> upstreams;
  IdentityConfig identity;
  UpstreamTlsConfig upstream_tls;
};

// Parses the service-specific section of the file, if any; called with the open reader so that
// its keys count as known. Returns nothing: errors are recorded on the reader.
using SectionParser = std::function<void(YamlReader& root)>;

// Loads a service config file and the venue it names. Example file: config/services/crowd.yaml.
absl::StatusOr<ServiceConfig> LoadServiceConfig(const std::string& path,
                                                const SectionParser& extra = nullptr);

// LoadServiceConfig's parsing and checks of YAML text, without loading the venue: venue_file is
// returned as written. `name` stands for the file in error messages.
absl::StatusOr<ServiceConfig> ParseServiceConfig(const std::string& yaml, const std::string& name,
                                                 const SectionParser& extra = nullptr);

// Loads and checks a venue file (config/venues/*.yaml): unique ids, gates that join known
// zones, positive widths and capacities.
absl::StatusOr<Venue> LoadVenue(const std::string& path);

// LoadVenue's checks on YAML text; `name` stands for the file in error messages.
absl::StatusOr<Venue> ParseVenue(const std::string& yaml, const std::string& name);

// `path` relative to the folder of `base_file` (a config file naming another file); an
// absolute `path` unchanged.
std::string ResolveRelative(const std::string& base_file, const std::string& path);

// Fills in the identity key files LoadServiceConfig reads: key_dir (or CS_IDENTITY_KEY_DIR) and
// the defaults <issuer>.key and <issuer>.pub, all relative to `config_file`.
absl::Status ResolveIdentityFiles(const std::string& config_file, IdentityConfig& identity);

// Reads a whole file a config names (TLS material); empty string when missing or unreadable.
std::string ReadFileOrEmpty(const std::string& path);

// Reads a secret from the environment; empty when unset.
std::string SecretFromEnv(const std::string& variable);

}  // namespace cs
