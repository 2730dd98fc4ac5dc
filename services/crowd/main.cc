// crowd-service: wiring only. See crowd_service.h for the RPCs.
#include "common/grpc/service_host.h"
#include "services/crowd/crowd_service.h"

int main(int argc, char** argv) {
  auto host = cs::ServiceHost::FromArgs(argc, argv, "crowd");
  if (!host.ok()) return cs::ExitWithError(host.status());
  cs::crowd::CrowdServiceImpl service((*host)->config().venue, (*host)->redis());
  (*host)->AddService(&service, "crowdsafe.v1.CrowdService");
  return (*host)->Run();
}
