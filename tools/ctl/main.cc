// crowdsafe-ctl: operator checks against running services.
//   crowdsafe-ctl health ADDRESS [--service NAME] [--wait SECONDS]   exit 0 when SERVING
//                 [--tls-ca CA.pem [--tls-cert NAME.pem --tls-key NAME.key]]
//   crowdsafe-ctl services ADDRESS                                    list services (reflection)
// With --tls-ca the probe speaks TLS, with a client certificate for a server that requires one
// (mutual TLS, docs/identity.md): deploy/cluster and the Kubernetes probes use it. Health needs
// no identity assertion.
#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <thread>

#include "common/grpc/client_channel.h"
#include "common/grpc/health_probe.h"

int main(int argc, char** argv) {
  CLI::App app{"crowdsafe-ctl: operator checks"};
  app.require_subcommand(1);
  std::string address, service;
  double wait_s = 0;
  auto* health = app.add_subcommand("health", "exit 0 when the server reports SERVING");
  health->add_option("address", address, "host:port")->required();
  health->add_option("--service", service, "a fully-qualified service name; default: the server");
  health->add_option("--wait", wait_s, "keep trying for this many seconds");
  cs::UpstreamTlsConfig tls;
  health->add_option("--tls-ca", tls.ca_file, "PEM of the CA of the server's certificate: TLS");
  health->add_option("--tls-cert", tls.cert_file, "this client's certificate (mutual TLS)");
  health->add_option("--tls-key", tls.key_file, "its private key");
  auto* services = app.add_subcommand("services", "list services by server reflection");
  services->add_option("address", address, "host:port")->required();
  CLI11_PARSE(app, argc, argv);

  if (*health) {
    auto credentials = cs::UpstreamCredentials(tls);
    if (!credentials.ok()) {
      std::cerr << "error: " << credentials.status().message() << "\n";
      return 2;
    }
    auto channel = grpc::CreateChannel(address, *credentials);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
    while (true) {
      auto serving = cs::CheckServing(*channel, service, std::chrono::milliseconds(500));
      if (serving.ok() && *serving) {
        std::cout << address << " SERVING\n";
        return 0;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        std::cout << address << (serving.ok() ? " NOT_SERVING" : " UNREACHABLE: " + std::string(serving.status().message())) << "\n";
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  auto names = cs::ListServicesByReflection(address, std::chrono::seconds(2));
  if (!names.ok()) {
    std::cerr << "error: " << names.status().message() << "\n";
    return 1;
  }
  for (const auto& n : *names) std::cout << n << "\n";
  return 0;
}
