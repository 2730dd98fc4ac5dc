// crowd-service: wiring only. See crowd_service.h for the RPCs.
#include "common/grpc/service_host.h"
#include "services/crowd/crowd_config.h"
#include "services/crowd/crowd_service.h"
#include "services/crowd/redis_crowd_store.h"
#include "services/crowd/redis_density_store.h"

int main(int argc, char** argv) {
  cs::crowd::CrowdConfig crowd_config;
  auto host = cs::ServiceHost::FromArgs(argc, argv, "crowd", [&](cs::YamlReader& root) {
    cs::crowd::ParseCrowdSection(root, crowd_config);
  });
  if (!host.ok()) return cs::ExitWithError(host.status());
  cs::crowd::RedisCrowdStore store((*host)->redis());
  cs::crowd::RedisDensityStore density((*host)->redis());
  cs::crowd::RedisAlertStore alerts((*host)->redis());
  cs::crowd::AlertConfig alert_config = crowd_config.alerts;
  alert_config.id_prefix = std::to_string(cs::SystemClock::Default()->NowMillis()) + "-";
  cs::crowd::AlertLoop alert_loop((*host)->config().venue, store, alerts,
                                  *cs::SystemClock::Default(), alert_config,
                                  crowd_config.retention_days, crowd_config.disabled_rules);
  alert_loop.Start();
  cs::crowd::CrowdServiceImpl service((*host)->config().venue, store, density, alert_loop, alerts,
                                      *cs::SystemClock::Default());
  (*host)->AddService(&service, "crowdsafe.v1.CrowdService");
  int code = (*host)->Run();
  alert_loop.Stop();
  return code;
}
