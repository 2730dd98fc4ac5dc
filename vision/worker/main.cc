// vision-worker: wiring only. Serves health (and reflection) on its own port so that deployments
// can probe it like every other process. The camera loop arrives with the vision issue; until
// then the worker reads no camera and reports nothing, and says so at start.
#include "common/grpc/service_host.h"
#include "common/logging.h"

int main(int argc, char** argv) {
  auto host = cs::ServiceHost::FromArgs(argc, argv, "vision");
  if (!host.ok()) return cs::ExitWithError(host.status());
  CS_LOG_WARN("no camera loop yet: vision-worker serves health only");
  return (*host)->Run();
}
