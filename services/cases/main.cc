// case-service: wiring only. See case_service.h for the RPCs.
#include "common/grpc/service_host.h"
#include "services/cases/case_service.h"

int main(int argc, char** argv) {
  auto host = cs::ServiceHost::FromArgs(argc, argv, "cases");
  if (!host.ok()) return cs::ExitWithError(host.status());
  cs::cases::CaseServiceImpl service((*host)->config().venue, (*host)->redis());
  (*host)->AddService(&service, "crowdsafe.v1.CaseService");
  return (*host)->Run();
}
