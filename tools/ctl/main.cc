// crowdsafe-ctl: operator checks against running services.
//   crowdsafe-ctl health ADDRESS [--service NAME] [--wait SECONDS]   exit 0 when SERVING
//   crowdsafe-ctl services ADDRESS                                    list services (reflection)
#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

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
  auto* services = app.add_subcommand("services", "list services by server reflection");
  services->add_option("address", address, "host:port")->required();
  CLI11_PARSE(app, argc, argv);

  if (*health) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
    while (true) {
      auto serving = cs::CheckServing(address, service, std::chrono::milliseconds(500));
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
