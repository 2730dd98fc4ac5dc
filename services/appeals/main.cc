// appeal-service: wiring only. See appeal_service.h for the RPCs.
#include <filesystem>

#include "common/grpc/service_host.h"
#include "common/logging.h"
#include "services/appeals/appeal_requests.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/desk/publisher.h"
#include "services/appeals/drafting_bridge.h"
#include "services/appeals/expiry_sweeper.h"
#include "services/appeals/redis_appeal_store.h"
#include "services/appeals/redis_inbox_store.h"

int main(int argc, char** argv) {
  // Optional section (DraftAppeal needs the hotline, ExportCap the cap part):
  //   appeals:
  //     official_hotline: "021-6123 4567"
  //     cap: {sender: press.ocean-park.example, sender_name: ..., lat: 31.2, lon: 121.5,
  //           radius_km: 1.5}
  std::string hotline;
  // The bilingual phrase table the English is written from, and the press office's additions;
  // both resolved relative to the venue file's folder (config/venues/).
  std::string phrases_file = "../phrases.yaml";
  std::string phrases_extension;
  cs::appeals::AppealServiceOptions options;
  auto host = cs::ServiceHost::FromArgs(argc, argv, "appeals", [&](cs::YamlReader& root) {
    if (auto section = root.OptionalChild("appeals")) {
      hotline = section->Optional<std::string>("official_hotline", "");
      phrases_file = section->Optional<std::string>("phrases_file", phrases_file);
      phrases_extension = section->Optional<std::string>("phrases_extension", "");
      if (auto cap = section->OptionalChild("cap")) {
        options.cap.sender = cap->Required<std::string>("sender");
        options.cap.sender_name = cap->Optional<std::string>("sender_name", "");
        options.cap.lat = cap->Required<double>("lat");
        options.cap.lon = cap->Required<double>("lon");
        options.cap.radius_km = cap->Required<double>("radius_km");
        if (options.cap.radius_km <= 0) cap->Fail("radius_km", "must be > 0");
      }
    }
  });
  if (!host.ok()) return cs::ExitWithError(host.status());
  const std::string& venue_id = (*host)->config().venue.id;
  cs::appeals::RedisAppealStore appeals((*host)->redis(), venue_id);
  cs::appeals::RedisInboxStore inbox((*host)->redis(), venue_id);
  cs::appeals::RedisAnswerStore answers((*host)->redis(), venue_id);
  // Weibo's open API will not take #topics#: by default a press officer posts from the outbox.
  cs::appeals::OutboxPublisher publisher;
  options.venue_id = venue_id;
  options.venue_name = (*host)->config().venue.name_zh + " " + (*host)->config().venue.name_en;
  options.appeals = &appeals;
  options.inbox = &inbox;
  options.answers = &answers;
  options.publisher = &publisher;
  options.clock = cs::SystemClock::Default();
  // Without OpenCC's data the drafter cannot start; the desk and inbox still can, and
  // DraftAppeal and ExportCap then answer UNIMPLEMENTED.
#ifdef CS_APPEALS_HAVE_DRAFTING
  auto beside_venue = [&](const std::string& file) -> std::string {
    if (file.empty() || std::filesystem::path(file).is_absolute()) return file;
    const std::filesystem::path venue((*host)->config().venue_file);
    return (venue.parent_path() / file).lexically_normal().string();
  };
  auto drafter = cs::appeals::bridge::CreateAppealDrafter(beside_venue(phrases_file),
                                                          beside_venue(phrases_extension));
  if (drafter.ok()) {
    options.drafter = drafter->get();
  } else {
    CS_LOG_ERROR("appeal drafter unavailable, DraftAppeal disabled error={}",
                 drafter.status().ToString());
  }
#else
  CS_LOG_WARN("built without the drafting library: DraftAppeal and ExportCap disabled");
#endif
  if (hotline.empty()) CS_LOG_WARN("appeals.official_hotline not set: DraftAppeal will refuse");
  options.official_hotline = hotline;
  auto service = cs::appeals::AppealServiceImpl::Create(std::move(options));
  if (!service.ok()) return cs::ExitWithError(service.status());
  (*host)->AddService(service->get(), "crowdsafe.v1.AppealService");
  cs::appeals::ExpirySweeper sweeper([&] { return (*service)->ExpireStaleAppeals(); },
                                     std::chrono::minutes(1));
  sweeper.Start();
  // Drafts what case-service's timers ask for (appeal_requests.h).
  cs::appeals::AppealRequestConsumer requests((*host)->redis(), venue_id, **service);
  requests.Start();
  int code = (*host)->Run();
  requests.Stop();
  sweeper.Stop();
  return code;
}
