// appeal-service: wiring only. See appeal_service.h for the RPCs.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "absl/time/time.h"

#include "common/config.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/service_host.h"
#include "common/logging.h"
#include "services/appeals/answer_library_follower.h"
#include "services/appeals/appeal_requests.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/crowd_alert_pager.h"
#include "services/appeals/desk/publisher.h"
#include "services/appeals/drafting_bridge.h"
#include "services/appeals/case_retention_client.h"
#include "services/appeals/expiry_sweeper.h"
#include "services/appeals/photo_retention_worker.h"
#include "services/appeals/redis_answer_proposals.h"
#include "services/appeals/redis_appeal_store.h"
#include "services/appeals/redis_published_photo_store.h"
#include "services/appeals/redis_inbox_store.h"
#include "services/appeals/triage_config_loader.h"
#include "services/appeals/weibo_inbox_wiring.h"

int main(int argc, char** argv) {
  // Optional section (DraftAppeal needs the hotline, ExportCap the cap part):
  //   appeals:
  //     official_hotline: "0756-8899 0110"
  //     cap: {sender: press.ocean-park.example, sender_name: ..., lat: 22.10, lon: 113.53,
  //           radius_km: 1.5}
  //     triage_rules_dir: /etc/crowdsafe/triage  # relative to this file; by default the triage
  //                                              # folder beside the venue file's (config/triage)
  //     desk_hours: {open: "08:00", close: "22:00"}   # local time of the venue
  //     consumer_name: appeals-1   # this replica's name for case-service's requests
  //                                # (default hostname:pid); one name per replica
  //     reclaim_idle_s: 60         # a request pending this long under another name is taken
  // upstreams.crowd: where life-safety messages page the command centre (RaiseExternalAlert).
  std::string hotline;
  std::string triage_dir;
  cs::appeals::DeskHoursConfig desk_hours;
  // The bilingual phrase table the English is written from, and the press office's additions;
  // both resolved relative to the venue file's folder (config/venues/).
  std::string phrases_file = "../phrases.yaml";
  std::string phrases_extension;
  cs::appeals::AppealServiceOptions options;
  cs::appeals::WeiboInboxSettings weibo;  // off unless appeals.weibo_inbox.enabled
  cs::appeals::AppealRequestConsumerOptions request_consumer;
  auto host = cs::ServiceHost::FromArgs(argc, argv, "appeals", [&](cs::YamlReader& root) {
    if (auto section = root.OptionalChild("appeals")) {
      hotline = section->Optional<std::string>("official_hotline", "");
      if (auto hours = section->OptionalChild("desk_hours")) {
        auto open = cs::appeals::ParseClockMinute(hours->Required<std::string>("open"));
        auto close = cs::appeals::ParseClockMinute(hours->Required<std::string>("close"));
        if (!open) hours->Fail("open", "expected HH:MM");
        if (!close) hours->Fail("close", "expected HH:MM or 24:00");
        desk_hours.open_minute = open.value_or(desk_hours.open_minute);
        desk_hours.close_minute = close.value_or(desk_hours.close_minute);
        desk_hours.out_of_hours_reply =
            hours->Optional<std::string>("out_of_hours_reply", desk_hours.out_of_hours_reply);
        desk_hours.out_of_hours_short_reply = hours->Optional<std::string>(
            "out_of_hours_short_reply", desk_hours.out_of_hours_short_reply);
      }
      if (section->Has("triage_rules_dir")) {
        triage_dir = cs::ResolveRelative(section->file(),
                                         section->Required<std::string>("triage_rules_dir"));
      }
      if (auto w = section->OptionalChild("weibo_inbox")) {
        weibo = cs::appeals::ParseWeiboInboxSettings(*w);
      }
      phrases_file = section->Optional<std::string>("phrases_file", phrases_file);
      request_consumer.consumer = section->Optional<std::string>("consumer_name", "");
      const int reclaim_s = section->Optional<int>("reclaim_idle_s", 60);
      if (reclaim_s < 1 || reclaim_s > 3600) section->Fail("reclaim_idle_s", "must be 1..3600");
      request_consumer.reclaim_idle = std::chrono::seconds(reclaim_s);
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
  // The desk's triage rules, zone names and hours (config/triage/*.yaml).
  if (triage_dir.empty()) {
    triage_dir = cs::ResolveRelative((*host)->config().venue_file, "../triage");
  }
  auto triage = cs::appeals::LoadTriageConfigDir(triage_dir, venue_id);
  if (!triage.ok()) return cs::ExitWithError(triage.status());
  if (!triage->pinyin_table_error.ok()) {
    CS_LOG_ERROR("pinyin table unavailable, triage matches no homophones error={}",
                 triage->pinyin_table_error.ToString());
  }
  if (!(*host)->config().venue.timezone.empty()) {
    desk_hours.timezone = (*host)->config().venue.timezone;
  }
  auto rota = cs::appeals::DeskRota::Create(desk_hours);
  if (!rota.ok()) return cs::ExitWithError(rota.status());
  options.triage = triage->triage;
#ifdef CS_APPEALS_HAVE_DRAFTING
  if (auto fold = cs::appeals::bridge::CreateTraditionalFolder(); fold.ok()) {
    options.triage_fold = *fold;
  } else {
    CS_LOG_ERROR(
        "OpenCC unavailable: triage reads Traditional script only through its own "
        "phrases error={}",
        fold.status().ToString());
  }
#endif
  cs::appeals::ZoneMentions zones(triage->zones, options.triage_fold);
  // Life-safety messages page the command centre through crowd-service's alert stream.
  std::unique_ptr<cs::appeals::CrowdAlertPager> pager;
  if (auto it = (*host)->config().upstreams.find("crowd");
      it != (*host)->config().upstreams.end()) {
    auto channel = cs::MakeClientChannel(
        it->second, (*host)->UpstreamOptions({crowdsafe::v1::CrowdService::service_full_name()}));
    if (!channel.ok()) return cs::ExitWithError(channel.status());
    pager = std::make_unique<cs::appeals::CrowdAlertPager>(
        crowdsafe::v1::CrowdService::NewStub(*channel), venue_id, std::chrono::seconds(2));
  } else {
    CS_LOG_ERROR("upstreams.crowd not set: life-safety messages cannot page the command centre");
  }
  cs::appeals::LifeSafetyDispatcher life_safety(pager.get(), cs::SystemClock::Default());
  options.desk = {&life_safety, &zones, &*rota};
  cs::appeals::RedisAppealStore appeals((*host)->redis(), venue_id);
  cs::appeals::RedisInboxStore inbox((*host)->redis(), venue_id);
  cs::appeals::RedisAnswerStore answers((*host)->redis(), venue_id);
  // The answer library loads through the follower, which reloads it when any replica edits it
  // (answer_library_follower.h). A Redis not answering yet leaves it empty until it does.
  cs::appeals::AnswerLibraryFollower answer_follower(answers);
  if (auto s = answer_follower.Prime(); !s.ok())
    CS_LOG_WARN("answer library not read yet, the follower retries error={}", s.ToString());
  cs::appeals::RedisAnswerProposalStore answer_proposals((*host)->redis(), venue_id);
  cs::appeals::RedisPublishedPhotoStore published_photos((*host)->redis(), venue_id);
  // Weibo's open API will not take #topics#: by default a press officer posts from the outbox.
  cs::appeals::OutboxPublisher publisher;
  options.venue_id = venue_id;
  options.venue_name = (*host)->config().venue.name_zh + " " + (*host)->config().venue.name_en;
  options.appeals = &appeals;
  options.inbox = &inbox;
  options.answers = &answer_follower;
  options.answer_proposals = &answer_proposals;
  options.publisher = &publisher;
  options.clock = cs::SystemClock::Default();
  // Tips as case evidence: where a tip was seen (the venue's zone names) and case-service to
  // match it against open cases (upstreams.cases; without it SuggestCasesForTip refuses).
  for (const auto& z : (*host)->config().venue.zones) {
    options.zones.push_back({z.id, {z.name_zh, z.name_en, z.id}});
  }
  std::unique_ptr<crowdsafe::v1::CaseService::Stub> cases;
  if (auto it = (*host)->config().upstreams.find("cases"); it != (*host)->config().upstreams.end()) {
    auto channel = cs::MakeClientChannel(
        it->second, (*host)->UpstreamOptions({crowdsafe::v1::CaseService::service_full_name()}));
    if (!channel.ok()) return cs::ExitWithError(channel.status());
    cases = crowdsafe::v1::CaseService::NewStub(*channel);
    options.cases = cases.get();
  }
  // The accountability report's weeks begin on Monday 00:00 venue time.
  if (absl::TimeZone tz; absl::LoadTimeZone((*host)->config().venue.timezone, &tz)) {
    options.venue_utc_offset = std::chrono::seconds(tz.At(absl::Now()).offset);
  } else {
    CS_LOG_WARN("venue timezone unknown, report weeks use +08:00 timezone={}",
                (*host)->config().venue.timezone);
  }
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
  // Found-child appeals publish the report's photos with faces blurred (opencv-data cascades).
  auto redactor = cs::appeals::bridge::CreatePhotoRedactor();
  if (redactor.ok()) {
    options.photos = redactor->get();
    options.photo_store = &published_photos;
  } else {
    CS_LOG_ERROR("face blur unavailable, found-child drafts with photos refused error={}",
                 redactor.status().ToString());
  }
#else
  CS_LOG_WARN("built without the drafting library: DraftAppeal and ExportCap disabled");
#endif
  if (hotline.empty()) CS_LOG_WARN("appeals.official_hotline not set: DraftAppeal will refuse");
  options.official_hotline = hotline;
  auto service = cs::appeals::AppealServiceImpl::Create(std::move(options));
  if (!service.ok()) return cs::ExitWithError(service.status());
  (*host)->AddService(service->get(), "crowdsafe.v1.AppealService");
  answer_follower.Start(&(*service)->library());
  // A page queued before a restart lived in memory only: page every open threat again.
  if (int n = (*service)->RepageOpenLifeSafety(); n > 0) {
    CS_LOG_INFO("re-paged {} open life-safety messages", n);
  }
  cs::appeals::ExpirySweeper sweeper([&] { return (*service)->ExpireStaleAppeals(); },
                                     std::chrono::minutes(1));
  sweeper.Start();
  // Every 5 s: pages that crowd-service did not take (restarting, unreachable) are retried, and
  // the command centre's acknowledgements are mirrored onto the inbox for the desk to see.
  cs::appeals::ExpirySweeper page_retry(
      [&]() -> absl::StatusOr<int> {
        return life_safety.RetryPending() + (*service)->inbox().MirrorPageAcknowledgements();
      },
      std::chrono::seconds(5));
  page_retry.Start();
  // Appeal photos go when case-service purges their case (its 30-day retention); hourly.
  std::optional<cs::appeals::CaseRetentionClient> case_retention;
  std::optional<cs::appeals::PhotoRetentionWorker> photo_retention;
  if (cases != nullptr) {
    case_retention.emplace(cases.get());
    photo_retention.emplace(cs::appeals::PhotoRetention(&appeals, &(*service)->workflow(),
                                                        &published_photos, &*case_retention),
                            std::chrono::hours(1));
    photo_retention->Start();
  } else {
    CS_LOG_WARN("upstreams.cases not set: appeal photos are not purged with their cases");
  }
  // Drafts what case-service's timers ask for (appeal_requests.h).
  // One consumer name per replica (appeals.consumer_name, or hostname:pid).
  cs::appeals::AppealRequestConsumer requests((*host)->redis(), venue_id, **service,
                                              request_consumer);
  requests.Start();
  // Weibo direct messages, @mentions and comments into the inbox; answers back out.
  std::optional<cs::appeals::WeiboInboxRunner> weibo_inbox;
  if (weibo.enabled) {
    weibo_inbox.emplace(std::move(weibo), (*host)->redis(), venue_id, **service,
                        (*service)->inbox(), inbox,
                        cs::SystemClock::Default());
    weibo_inbox->Start();
  }
  int code = (*host)->Run();
  if (weibo_inbox) weibo_inbox->Stop();
  requests.Stop();
  answer_follower.Stop();
  if (photo_retention) photo_retention->Stop();
  page_retry.Stop();
  sweeper.Stop();
  return code;
}
