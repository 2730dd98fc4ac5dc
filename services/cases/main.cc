// case-service: wiring only. See case_service.h for the RPCs and escalation_loop.h for timers.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "common/city.h"
#include "common/grpc/service_host.h"
#include "common/text/phrase_table.h"
#include "common/logging.h"
#include "services/cases/case_config.h"
#include "services/cases/case_events.h"
#include "services/cases/case_service.h"
#include "services/cases/escalation_loop.h"
#include "services/cases/index_follower.h"
#include "services/cases/redis_case_store.h"

int main(int argc, char** argv) {
  cs::cases::CaseConfig case_config;
  auto host = cs::ServiceHost::FromArgs(argc, argv, "cases", [&](cs::YamlReader& root) {
    cs::cases::ParseCasesSection(root, case_config);
  });
  if (!host.ok()) return cs::ExitWithError(host.status());
  const cs::Venue& venue = (*host)->config().venue;
  const cs::Clock& clock = *cs::SystemClock::Default();
  // The shared phrase table sits beside the venues folder: config/phrases.yaml.
  const auto phrases_file =
      std::filesystem::path((*host)->config().venue_file).parent_path().parent_path() /
      "phrases.yaml";
  auto phrases = cs::text::PhraseTable::LoadFile(phrases_file.string());
  if (!phrases.ok()) return cs::ExitWithError(phrases.status());
  case_config.service.phrases = &*phrases;
  cs::cases::RedisCaseStore store((*host)->redis(), venue.id);
  cs::cases::CaseEventLog events((*host)->redis(), venue.id);
  // A city of venues: this venue's missing cases widen to the others at T+30 min.
  std::optional<cs::City> city;
  std::vector<std::unique_ptr<cs::cases::CaseEventLog>> city_logs;
  std::map<std::string, cs::cases::CaseEventLog*> city_log_by_venue;
  if (!case_config.city_file.empty()) {
    auto loaded = cs::LoadCity(cs::ResolveRelative((*host)->config().venue_file, case_config.city_file));
    if (!loaded.ok()) return cs::ExitWithError(loaded.status());
    city = *std::move(loaded);
    if (city->FindVenue(venue.id) == nullptr)
      return cs::ExitWithError(absl::InvalidArgumentError("cases.city_file: the city does not list this venue"));
    for (const auto& other : city->venues) {
      if (other.id == venue.id) continue;
      city_logs.push_back(std::make_unique<cs::cases::CaseEventLog>((*host)->redis(), other.id));
      city_log_by_venue[other.id] = city_logs.back().get();
    }
    // Case keys carry the case id only: the city's venues share one id counter.
    if (auto s = store.UseCityIds(city->id); !s.ok()) return cs::ExitWithError(s);
    case_config.loop.schedule.city = &*city;
    CS_LOG_INFO("city loaded city={} venues={}", city->id, city->venues.size());
  }
  cs::cases::EscalationLoop escalation(venue, store, events, clock, case_config.loop);
  escalation.SetCityLogs(city_log_by_venue);
  cs::cases::CaseServiceImpl service(venue, store, clock, case_config.service, &events,
                                     &escalation);
  // Other replicas' writes reach this replica's match index through the case event stream.
  cs::cases::IndexFollower follower(events, store, service.index_feed(), case_config.follower);
  // After a restart the match index is rebuilt from Redis before the first request. Serving
  // with an empty index would answer "no match" for every open case: a Redis that is still
  // starting gets ten tries a second apart, then the process exits with the error.
  auto indexed = follower.Prime();
  for (int attempt = 1; !indexed.ok() && attempt < 10; ++attempt) {
    CS_LOG_WARN("match index not rebuilt, retrying attempt={} error={}", attempt,
                indexed.status().ToString());
    std::this_thread::sleep_for(std::chrono::seconds(1));
    indexed = follower.Prime();
  }
  if (!indexed.ok()) return cs::ExitWithError(indexed.status());
  CS_LOG_INFO("match index rebuilt active_cases={}", *indexed);
  follower.Start();
  escalation.Start();
  (*host)->AddService(&service, "crowdsafe.v1.CaseService");
  int code = (*host)->Run();
  escalation.Stop();
  follower.Stop();
  return code;
}
