#include "common/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>

#include "common/upstream_target.h"

namespace cs {
namespace {

void ParseServer(YamlReader server, ServerConfig& out) {
  out.listen = server.Required<std::string>("listen");
  out.max_message_bytes = server.Optional<int>("max_message_bytes", out.max_message_bytes);
  if (out.max_message_bytes < 1024 || out.max_message_bytes > (64 << 20)) {
    server.Fail("max_message_bytes", "must be between 1024 and 67108864");
  }
  out.shutdown_grace_ms = server.Optional<int>("shutdown_grace_ms", out.shutdown_grace_ms);
  out.metrics_listen = server.Optional<std::string>("metrics_listen", "");
  if (!out.metrics_listen.empty() && out.metrics_listen.rfind(':') == std::string::npos) {
    server.Fail("metrics_listen", "expected host:port");
  }
  out.insecure = server.Optional<bool>("insecure", false);
  if (auto tls = server.OptionalChild("tls")) {
    out.tls.cert_file = tls->Required<std::string>("cert_file");
    out.tls.key_file = tls->Required<std::string>("key_file");
    out.tls.client_ca_file = tls->Optional<std::string>("client_ca_file", "");
  }
}

void ParseIdentity(YamlReader identity, IdentityConfig& out) {
  out.key_dir = identity.Optional<std::string>("key_dir", "");
  out.issuer = identity.Optional<std::string>("issuer", "");
  out.signing_key_file = identity.Optional<std::string>("signing_key_file", "");
  out.signing_key_env = identity.Optional<std::string>("signing_key_env", "");
  if (!out.signing_key_env.empty() && out.issuer.empty()) {
    identity.Fail("issuer", "a signing_key_env needs the issuer it signs as");
  }
  if (!out.signing_key_file.empty() && out.issuer.empty()) {
    identity.Fail("issuer", "a signing_key_file needs the issuer it signs as");
  }
  out.assertion_ttl_ms = identity.Optional<int>("assertion_ttl_ms", out.assertion_ttl_ms);
  // Long enough for a slow call, short enough that a stolen assertion is soon worthless.
  if (out.assertion_ttl_ms < 1000 || out.assertion_ttl_ms > 300000) {
    identity.Fail("assertion_ttl_ms", "must be 1000..300000");
  }
  static const std::set<std::string> kRoles = {"patrol", "desk", "press", "admin", "system"};
  std::set<std::string> seen;
  for (auto& entry : identity.Sequence("trusted")) {
    TrustedIssuer t;
    t.issuer = entry.Required<std::string>("issuer");
    const std::string one = entry.Optional<std::string>("public_key_file", "");
    t.public_key_files = entry.ScalarSequence<std::string>("public_key_files");
    if (!one.empty() && !t.public_key_files.empty()) {
      entry.Fail("public_key_files", "give public_key_file or public_key_files, not both");
    }
    if (!one.empty()) t.public_key_files.push_back(one);
    for (const auto& file : t.public_key_files) {
      if (file.empty()) entry.Fail("public_key_files", "an empty file name");
    }
    t.roles = entry.ScalarSequence<std::string>("roles");
    if (!seen.insert(t.issuer).second) entry.Fail("issuer", "listed twice");
    if (t.roles.empty()) entry.Fail("roles", "name at least one role");
    for (const auto& role : t.roles) {
      if (!kRoles.count(role)) {
        entry.Fail("roles", "unknown role (patrol, desk, press, admin, system)");
        break;
      }
    }
    out.trusted.push_back(std::move(t));
  }
}

// "host:port" with a port in 1..65535.
bool IsHostPort(const std::string& address) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) return false;
  int port = 0;
  for (size_t i = colon + 1; i < address.size(); ++i) {
    if (address[i] < '0' || address[i] > '9' || port > 65535) return false;
    port = port * 10 + (address[i] - '0');
  }
  return port >= 1 && port <= 65535;
}

void ParseRedisTopology(YamlReader& redis, RedisConfig& out) {
  std::string mode = redis.Optional<std::string>("mode", "standalone");
  if (mode == "cluster") {
    out.mode = RedisConfig::Mode::kCluster;
  } else if (mode != "standalone") {
    redis.Fail("mode", "must be standalone or cluster");
  }
  if (out.mode == RedisConfig::Mode::kStandalone) {
    out.host = redis.Optional<std::string>("host", out.host);
    out.port = redis.Optional<int>("port", out.port);
    if (out.port <= 0 || out.port > 65535) redis.Fail("port", "must be 1..65535");
    if (redis.Has("seeds")) redis.Fail("seeds", "only used with mode: cluster");
    if (redis.Has("slot_refresh_interval_ms"))
      redis.Fail("slot_refresh_interval_ms", "only used with mode: cluster");
    return;
  }
  // A cluster is found through its seeds; a host and port as well would leave it unclear which
  // one the operator meant.
  if (redis.Has("host")) redis.Fail("host", "not used with mode: cluster (list nodes in seeds)");
  if (redis.Has("port")) redis.Fail("port", "not used with mode: cluster (list nodes in seeds)");
  out.seeds = redis.ScalarSequence<std::string>("seeds");
  if (out.seeds.empty()) redis.Fail("seeds", "mode: cluster needs at least one host:port");
  for (const auto& seed : out.seeds) {
    if (!IsHostPort(seed)) {
      redis.Fail("seeds", "every seed must be host:port with a port in 1..65535");
      break;
    }
  }
  out.slot_refresh_interval_ms =
      redis.Optional<int>("slot_refresh_interval_ms", out.slot_refresh_interval_ms);
  if (out.slot_refresh_interval_ms < 100 || out.slot_refresh_interval_ms > 600000)
    redis.Fail("slot_refresh_interval_ms", "must be 100..600000");
}

void ParseRedis(YamlReader redis, RedisConfig& out) {
  ParseRedisTopology(redis, out);
  out.connect_timeout_ms = redis.Optional<int>("connect_timeout_ms", out.connect_timeout_ms);
  out.command_timeout_ms = redis.Optional<int>("command_timeout_ms", out.command_timeout_ms);
  out.reconnect_backoff_min_ms =
      redis.Optional<int>("reconnect_backoff_min_ms", out.reconnect_backoff_min_ms);
  out.reconnect_backoff_max_ms =
      redis.Optional<int>("reconnect_backoff_max_ms", out.reconnect_backoff_max_ms);
  out.wait_replicas = redis.Optional<int>("wait_replicas", out.wait_replicas);
  if (out.wait_replicas < 0 || out.wait_replicas > 5) redis.Fail("wait_replicas", "must be 0..5");
  out.wait_timeout_ms = redis.Optional<int>("wait_timeout_ms", out.wait_timeout_ms);
  if (out.wait_timeout_ms < 1 || out.wait_timeout_ms > 60000)
    redis.Fail("wait_timeout_ms", "must be 1..60000");
  out.pool_size = redis.Optional<int>("pool_size", out.pool_size);
  if (out.pool_size < 1 || out.pool_size > 64) redis.Fail("pool_size", "must be 1..64");
  std::string password_env = redis.Optional<std::string>("password_env", "");
  if (!password_env.empty()) out.password = SecretFromEnv(password_env);
  // A literal password in a file would end up in git: refuse it outright.
  if (redis.Has("password")) redis.Fail("password", "secrets come from the environment: use password_env");
}


}  // namespace

absl::Status ResolveIdentityFiles(const std::string& config_file, IdentityConfig& identity) {
  // The environment names the key folder of a deployment (or a test) without editing configs.
  std::string dir = SecretFromEnv("CS_IDENTITY_KEY_DIR");
  if (dir.empty() && !identity.key_dir.empty()) dir = ResolveRelative(config_file, identity.key_dir);
  bool needs_dir = identity.signing_key_file.empty() && identity.signing_key_env.empty() &&
                   !identity.issuer.empty();
  for (const auto& t : identity.trusted) needs_dir = needs_dir || t.public_key_files.empty();
  if (needs_dir && dir.empty()) {
    return absl::InvalidArgumentError(
        config_file + ": identity.key_dir: needed for the key files not named (or set "
        "CS_IDENTITY_KEY_DIR)");
  }
  auto in_dir = [&](const std::string& name) { return (std::filesystem::path(dir) / name).string(); };
  if (identity.signing_key_file.empty()) {
    if (!identity.issuer.empty() && identity.signing_key_env.empty())
      identity.signing_key_file = in_dir(identity.issuer + ".key");
  } else {
    identity.signing_key_file = ResolveRelative(config_file, identity.signing_key_file);
  }
  for (auto& t : identity.trusted) {
    if (t.public_key_files.empty()) {
      t.public_key_files.push_back(in_dir(t.issuer + ".pub"));
    } else {
      for (auto& file : t.public_key_files) file = ResolveRelative(config_file, file);
    }
  }
  if (!dir.empty()) identity.key_dir = dir;
  return absl::OkStatus();
}

std::string ResolveRelative(const std::string& base_file, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base_file).parent_path() / p).lexically_normal().string();
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string SecretFromEnv(const std::string& variable) {
  const char* v = std::getenv(variable.c_str());
  return v == nullptr ? std::string() : std::string(v);
}

absl::StatusOr<ServiceConfig> ParseServiceConfig(const std::string& yaml, const std::string& name,
                                                 const SectionParser& extra) {
  auto doc = YamlReader::LoadString(yaml, name);
  if (!doc.ok()) return doc.status();
  ServiceConfig config;
  config.service = doc->Required<std::string>("service");
  ParseServer(doc->Child("server"), config.server);
  if (auto redis = doc->OptionalChild("redis")) ParseRedis(*redis, config.redis);
  if (auto log = doc->OptionalChild("log")) {
    config.log.level = log->Optional<std::string>("level", config.log.level);
    static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn",
                                                  "error", "critical", "off"};
    if (!kLevels.count(config.log.level)) log->Fail("level", "unknown log level '" + config.log.level + "'");
  }
  std::string venue = doc->Required<std::string>("venue_file");
  if (auto upstreams = doc->OptionalChild("upstreams")) {
    // The reader has no "scalar or list" accessor, so the raw document says which one to ask for.
    std::set<std::string> lists;
    try {
      YAML::Node raw = YAML::Load(yaml)["upstreams"];
      for (const char* name : {"crowd", "cases", "appeals"}) {
        if (raw.IsMap() && raw[name] && raw[name].IsSequence()) lists.insert(name);
      }
    } catch (const YAML::Exception&) {
      // The reader reports what is wrong with the document.
    }
    for (const char* name : {"crowd", "cases", "appeals"}) {
      // One address, "a,b", a dns: name, or a YAML list of addresses (common/upstream_target.h).
      std::string field = std::string("upstreams.") + name;
      absl::StatusOr<std::string> target;
      if (lists.count(name)) {
        target = UpstreamTarget(upstreams->ScalarSequence<std::string>(name), field);
      } else {
        std::string address = upstreams->Optional<std::string>(name, "");
        if (address.empty()) continue;
        target = UpstreamTarget(address, field);
      }
      if (target.ok()) {
        config.upstreams[name] = *target;
      } else {
        upstreams->Fail(name, std::string(target.status().message().substr(field.size() + 2)));
      }
    }
  }
  if (auto identity = doc->OptionalChild("identity")) ParseIdentity(*identity, config.identity);
  if (auto tls = doc->OptionalChild("upstream_tls")) {
    config.upstream_tls.ca_file = tls->Required<std::string>("ca_file");
    config.upstream_tls.cert_file = tls->Optional<std::string>("cert_file", "");
    config.upstream_tls.key_file = tls->Optional<std::string>("key_file", "");
    if (config.upstream_tls.cert_file.empty() != config.upstream_tls.key_file.empty()) {
      tls->Fail("cert_file", "cert_file and key_file go together");
    }
  }
  if (extra) extra(*doc);
  if (auto status = doc->Finish(); !status.ok()) return status;
  config.venue_file = venue;
  return config;
}

absl::StatusOr<ServiceConfig> LoadServiceConfig(const std::string& path,
                                                const SectionParser& extra) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("config file not found: " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseServiceConfig(text.str(), path, extra);
  if (!parsed.ok()) return parsed.status();
  ServiceConfig config = *std::move(parsed);
  config.venue_file = ResolveRelative(path, config.venue_file);
  if (auto s = ResolveIdentityFiles(path, config.identity); !s.ok()) return s;
  // TLS material, like every other file a config names, is found relative to the config.
  for (std::string* file : {&config.server.tls.cert_file, &config.server.tls.key_file,
                            &config.server.tls.client_ca_file, &config.upstream_tls.ca_file,
                            &config.upstream_tls.cert_file, &config.upstream_tls.key_file}) {
    if (!file->empty()) *file = ResolveRelative(path, *file);
  }
  auto loaded = LoadVenue(config.venue_file);
  if (!loaded.ok()) return loaded.status();
  config.venue = *std::move(loaded);
  return config;
}

}  // namespace cs
