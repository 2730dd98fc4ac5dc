// crowd-service: wiring only. See crowd_service.h for the RPCs.
#include "common/grpc/service_host.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_lease.h"
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
  const cs::Venue& venue = (*host)->config().venue;
  cs::crowd::RedisCrowdStore store((*host)->redis());
  cs::crowd::RedisDensityStore density((*host)->redis());
  cs::crowd::RedisAlertStore alerts((*host)->redis());
  // One replica per venue evaluates alerts: the holder of this lease (alert_loop.h).
  cs::RedisLease lease((*host)->redis(), cs::VenueKey(venue.id, "lease:alerts"),
                       cs::ProcessLeaseOwner(), std::chrono::milliseconds(crowd_config.lease_ms));
  cs::crowd::AlertLoop::Options options;
  options.alerts = crowd_config.alerts;
  options.retention_days = crowd_config.retention_days;
  options.disabled_rules = crowd_config.disabled_rules;
  cs::crowd::AlertLoop alert_loop(venue, store, density, alerts, lease,
                                  *cs::SystemClock::Default(), options);
  alert_loop.Start();
  cs::crowd::CrowdServiceImpl service(venue, store, density, alert_loop, alerts,
                                      *cs::SystemClock::Default(), cs::crowd::IngestLimits{},
                                      std::chrono::milliseconds(crowd_config.live_max_age_ms));
  (*host)->AddService(&service, "crowdsafe.v1.CrowdService");
  int code = (*host)->Run();
  alert_loop.Stop();
  return code;
}
