// appeal-service: wiring only. See appeal_service.h for the RPCs.
#include "common/grpc/service_host.h"
#include "services/appeals/appeal_service.h"

int main(int argc, char** argv) {
  auto host = cs::ServiceHost::FromArgs(argc, argv, "appeals");
  if (!host.ok()) return cs::ExitWithError(host.status());
  cs::appeals::AppealServiceImpl service((*host)->config().venue, (*host)->redis());
  (*host)->AddService(&service, "crowdsafe.v1.AppealService");
  return (*host)->Run();
}
