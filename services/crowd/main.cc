// crowd-service: wiring only. See crowd_service.h for the RPCs.
#include "common/grpc/service_host.h"
#include "services/crowd/crowd_service.h"
#include "services/crowd/redis_crowd_store.h"
#include "services/crowd/redis_density_store.h"

int main(int argc, char** argv) {
  auto host = cs::ServiceHost::FromArgs(argc, argv, "crowd");
  if (!host.ok()) return cs::ExitWithError(host.status());
  cs::crowd::RedisCrowdStore store((*host)->redis());
  cs::crowd::RedisDensityStore density((*host)->redis());
  cs::crowd::CrowdServiceImpl service((*host)->config().venue, store, density,
                                      *cs::SystemClock::Default());
  (*host)->AddService(&service, "crowdsafe.v1.CrowdService");
  return (*host)->Run();
}
