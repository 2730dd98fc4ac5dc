// mobile-api: wiring only. See gateway.h.
#include <iostream>

#include "common/grpc/service_host.h"
#include "common/logging.h"
#include "mobile-api/gateway.h"

int main(int argc, char** argv) {
  auto host = cs::ServiceHost::FromArgs(argc, argv, "api");
  if (!host.ok()) return cs::ExitWithError(host.status());
  cs::api::Gateway gateway((*host)->config(), (*host)->redis());
  if (auto s = gateway.Start(); !s.ok()) return cs::ExitWithError(s);
  CS_LOG_INFO("serving service=api http_port={}", gateway.port());
  std::cout << "LISTENING " << gateway.port() << std::endl;
  int sig = cs::ShutdownSignals::Wait();
  CS_LOG_INFO("shutting down signal={}", sig);
  gateway.Stop();
  CS_LOG_INFO("stopped cleanly");
  return 0;
}
