// mobile-api: wiring only. See gateway.h.
//
//   mobile-api [--config FILE] [--listen HOST:PORT] [--redis-port N] [--redis-wait S]
//   mobile-api --hash-password [--cost interactive|min]   (reads the password from stdin)
#include <cstring>
#include <iostream>

#include "common/grpc/service_host.h"
#include "common/logging.h"
#include "mobile-api/api_config.h"
#include "mobile-api/auth.h"
#include "mobile-api/gateway.h"

namespace {

// Prints the argon2id hash of the password on stdin, for the users of config/services/api.yaml.
int HashPasswordCommand(int argc, char** argv) {
  std::string cost = "interactive";
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--cost") == 0) cost = argv[i + 1];
  }
  std::string password;
  std::getline(std::cin, password);
  if (password.empty()) {
    std::cerr << "error: empty password on stdin\n";
    return 2;
  }
  auto hash = cs::api::HashPassword(password, cost);
  if (!hash.ok()) {
    std::cerr << "error: " << hash.status().message() << "\n";
    return 2;
  }
  std::cout << *hash << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--hash-password") == 0) {
    return HashPasswordCommand(argc, argv);
  }
  cs::api::ApiConfig api;
  auto host = cs::ServiceHost::FromArgs(argc, argv, "api", [&](cs::YamlReader& root) {
    cs::api::ParseApiSection(root, root.file(), api);
  });
  if (!host.ok()) return cs::ExitWithError(host.status());
  const cs::ServiceConfig& config = (*host)->config();
  for (const auto& user : api.users) {
    for (const auto& zone : user.zones) {
      if (config.venue.FindZone(zone) == nullptr) {
        return cs::ExitWithError(absl::InvalidArgumentError("api.users: user " + user.username +
                                                            " names unknown zone '" + zone + "'"));
      }
    }
  }
  if (auto creds = cs::UpstreamCredentials(config.upstream_tls); !creds.ok()) {
    return cs::ExitWithError(creds.status());
  }
  // Every upstream call carries the end user's identity, signed with the gateway's key.
  cs::api::Gateway gateway(config, api, (*host)->redis(), *cs::SystemClock::Default(),
                           cs::api::StateBackend::kRedis, (*host)->signer());
  if (auto s = gateway.Start(); !s.ok()) return cs::ExitWithError(s);
  CS_LOG_INFO("serving service=api http_port={} users={} tls={} web_root={}", gateway.port(),
              api.users.size(), config.server.tls.enabled(), api.web_root);
  std::cout << "LISTENING " << gateway.port() << std::endl;
  int sig = cs::ShutdownSignals::Wait();
  CS_LOG_INFO("shutting down signal={}", sig);
  gateway.Stop();
  CS_LOG_INFO("stopped cleanly");
  return 0;
}
