// The gRPC adapter of appeal-service over the plain desk core (workflow, inbox, answer library).
// It converts and validates messages, maps errors (bad input INVALID_ARGUMENT naming the field,
// illegal transition FAILED_PRECONDITION, self-approval PERMISSION_DENIED) and answers only after
// the store has the write. Without a drafter (the drafting library), DraftAppeal and ExportCap
// answer UNIMPLEMENTED.
//
// Thread-safety: gRPC calls methods concurrently; the cores are thread-safe and the adapter's
// own state (the id generator) is guarded by a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/desk/answer_proposals.h"
#include "services/appeals/desk/appeal_store.h"
#include "services/appeals/desk/appeal_workflow.h"
#include "services/appeals/desk/inbox.h"
#include "services/appeals/desk/inbox_store.h"
#include "services/appeals/desk/inbox_triage.h"
#include "services/appeals/desk/published_photo_store.h"
#include "services/appeals/desk/publisher.h"
#include "services/appeals/desk/tip_sighting.h"
#include "services/appeals/drafting_bridge.h"

namespace cs::appeals {

// What the service runs on; the stores and the publisher are not owned and must outlive it.
struct AppealServiceOptions {
  std::string venue_id;
  std::string venue_name;  // "海洋公园 Ocean Park": the CAP area description
  AppealStore* appeals = nullptr;
  InboxStore* inbox = nullptr;
  AnswerStore* answers = nullptr;
  // Optional: the four-eyes queue through which the library learns from the desk's answers;
  // without it ProposeAnswer and ReviewAnswerProposal answer FAILED_PRECONDITION.
  AnswerProposalStore* answer_proposals = nullptr;
  Publisher* publisher = nullptr;  // OutboxPublisher by default in main.cc
  const Clock* clock = nullptr;
  WorkflowConfig workflow;
  TriageConfig triage = TriageConfig::Default();
  ScriptFolder triage_fold;  // Traditional -> Simplified for triage (OpenCC); may be null
  // The life-safety path, zones and rota (not owned; each may be null).
  InboxDesk desk;
  // Optional: without a drafter DraftAppeal answers UNIMPLEMENTED and text lengths are 0.
  const bridge::AppealDrafter* drafter = nullptr;
  std::string official_hotline;  // the only phone number an appeal may carry
  // Published photos (appeal_service_photos.cc): the face blur, and where its images are kept.
  // Without them a found-child draft that names photos answers FAILED_PRECONDITION. The
  // originals come from `cases` below (GetPhoto as the system).
  const bridge::PhotoRedactor* photos = nullptr;
  PublishedPhotoStore* photo_store = nullptr;
  // Tips as case evidence: case-service (not owned; null: SuggestCasesForTip answers
  // FAILED_PRECONDITION) and the names of the venue's zones, to read where a tip was seen.
  crowdsafe::v1::CaseService::StubInterface* cases = nullptr;
  std::vector<ZoneNames> zones;
  std::chrono::milliseconds cases_timeout{2000};
  // The venue's offset from UTC, where the accountability report's weeks begin (Monday 00:00).
  Duration venue_utc_offset = std::chrono::hours(8);  // Asia/Shanghai keeps +08:00 all year
  // CAP export: who sends, and the venue's area in WGS 84 (the venue model has no coordinates).
  // ExportCap refuses (FAILED_PRECONDITION) until sender and radius_km > 0 are configured.
  struct Cap {
    std::string sender;       // e.g. "press.ocean-park.example"
    std::string sender_name;  // e.g. "海洋公园新闻办 Ocean Park press office"
    double lat = 0, lon = 0, radius_km = 0;
  } cap;
};

class AppealServiceImpl final : public crowdsafe::v1::AppealService::Service {
 public:
  // Checks the triage table and loads the answer library's index from its store.
  static absl::StatusOr<std::unique_ptr<AppealServiceImpl>> Create(AppealServiceOptions options);

  // At start-up: pages the command centre again for open life-safety messages (see Inbox).
  int RepageOpenLifeSafety() { return inbox_.RepageOpenLifeSafety(); }
  // The inbox core, for the in-process parts of appeal-service: the Weibo connector's delivery
  // reports and the loop that mirrors the command centre's acknowledgements.
  Inbox& inbox() { return inbox_; }
  // The workflow core, for the in-process appeal-photo retention worker.
  AppealWorkflow& workflow() { return workflow_; }
  // The answer library's index, for AnswerLibraryFollower to reload (main.cc wires it).
  AnswerLibrary& library() { return library_; }

  // Expires idle drafts and appeals in review (for ExpirySweeper). Returns how many expired.
  absl::StatusOr<int> ExpireStaleAppeals() { return workflow_.ExpireStale(); }

  using Ctx = grpc::ServerContext;
  using V1Appeal = crowdsafe::v1::Appeal;
  using V1Message = crowdsafe::v1::InboxMessage;

  // Drafts through the drafting library and stores the draft. request_id makes a retry return
  // the appeal drafted the first time. A draft the PII guard refuses is INVALID_ARGUMENT.
  grpc::Status DraftAppeal(Ctx*, const crowdsafe::v1::DraftAppealRequest*, V1Appeal*) override;
  grpc::Status GetAppeal(Ctx*, const crowdsafe::v1::GetAppealRequest*, V1Appeal*) override;
  grpc::Status ListAppeals(Ctx*, const crowdsafe::v1::ListAppealsRequest*,
                           crowdsafe::v1::ListAppealsResponse*) override;
  grpc::Status EditAppeal(Ctx*, const crowdsafe::v1::EditAppealRequest*, V1Appeal*) override;
  grpc::Status DiffVersions(Ctx*, const crowdsafe::v1::DiffVersionsRequest*,
                            crowdsafe::v1::DiffVersionsResponse*) override;
  grpc::Status SubmitForReview(Ctx*, const crowdsafe::v1::AppealActionRequest*, V1Appeal*) override;
  grpc::Status ApproveAppeal(Ctx*, const crowdsafe::v1::AppealActionRequest*, V1Appeal*) override;
  grpc::Status RejectAppeal(Ctx*, const crowdsafe::v1::AppealActionRequest*, V1Appeal*) override;
  // With post_url: marks the approved appeal posted there. Without: hands it to the publisher
  // (the outbox queues it; an API publisher posts it).
  grpc::Status PublishAppeal(Ctx*, const crowdsafe::v1::PublishAppealRequest*, V1Appeal*) override;
  grpc::Status RetractAppeal(Ctx*, const crowdsafe::v1::AppealActionRequest*, V1Appeal*) override;
  // Asks to lift the blur of one photo (appeal_service_photos.cc): fetches the original from
  // case-service, stores its unblurred image, and records the request in the workflow.
  grpc::Status LiftFaceBlur(Ctx*, const crowdsafe::v1::AppealActionRequest*, V1Appeal*) override;
  grpc::Status GetAppealPhoto(Ctx*, const crowdsafe::v1::GetAppealPhotoRequest*,
                              crowdsafe::v1::AppealPhotoContent*) override;
  grpc::Status GetAppealAudit(Ctx*, const crowdsafe::v1::GetAppealRequest*,
                              crowdsafe::v1::GetAppealAuditResponse*) override;
  // CAP 1.2 of the published version: PUBLISHED/UPDATED -> Alert (a follow-up: Update
  // referencing its original), RETRACTED -> Cancel referencing the Alert.
  grpc::Status ExportCap(Ctx*, const crowdsafe::v1::GetAppealRequest*,
                         crowdsafe::v1::ExportCapResponse*) override;

  grpc::Status SubmitMessage(Ctx*, const crowdsafe::v1::SubmitMessageRequest*, V1Message*) override;
  grpc::Status ListMessages(Ctx*, const crowdsafe::v1::ListMessagesRequest*,
                            crowdsafe::v1::ListMessagesResponse*) override;
  grpc::Status RouteMessage(Ctx*, const crowdsafe::v1::RouteMessageRequest*, V1Message*) override;
  grpc::Status AnswerMessage(Ctx*, const crowdsafe::v1::AnswerMessageRequest*, V1Message*) override;
  grpc::Status LinkTipToCase(Ctx*, const crowdsafe::v1::LinkTipToCaseRequest*, V1Message*) override;
  // The open cases a message's sighting fits, from case-service's MatchSighting
  // (appeal_service_tips.cc); the desk confirms one with LinkTipToCase.
  grpc::Status SuggestCasesForTip(Ctx*, const crowdsafe::v1::SuggestCasesForTipRequest*,
                                  crowdsafe::v1::SuggestCasesForTipResponse*) override;
  grpc::Status GetAccountabilityReport(Ctx*, const crowdsafe::v1::AccountabilityReportRequest*,
                                       crowdsafe::v1::AccountabilityReport*) override;

  grpc::Status UpsertAnswer(Ctx*, const crowdsafe::v1::UpsertAnswerRequest*,
                            crowdsafe::v1::AnswerEntry*) override;
  grpc::Status SearchAnswers(Ctx*, const crowdsafe::v1::SearchAnswersRequest*,
                             crowdsafe::v1::SearchAnswersResponse*) override;
  // The library learning from the desk (appeal_service_library.cc).
  grpc::Status ProposeAnswer(Ctx*, const crowdsafe::v1::ProposeAnswerRequest*,
                             crowdsafe::v1::AnswerProposal*) override;
  grpc::Status ReviewAnswerProposal(Ctx*, const crowdsafe::v1::ReviewAnswerProposalRequest*,
                                    crowdsafe::v1::AnswerProposal*) override;
  grpc::Status ListAnswerProposals(Ctx*, const crowdsafe::v1::ListAnswerProposalsRequest*,
                                   crowdsafe::v1::ListAnswerProposalsResponse*) override;

 private:
  AppealServiceImpl(AppealServiceOptions options, TriageRules rules);

  void ToProto(const Appeal& a, V1Appeal* out) const;
  void ToProto(const InboxMessage& m, bool restricted, V1Message* out) const;
  grpc::Status Reply(const absl::StatusOr<Appeal>& a, V1Appeal* out) const;
  grpc::Status Reply(const absl::StatusOr<InboxMessage>& m, bool restricted, V1Message* out) const;
  // "<prefix>-<ms>-<12 hex>": unique enough across restarts and replicas.
  std::string NewId(const char* prefix);
  // SubmitMessage's id: the caller's message_id (system connectors only) or a new one.
  absl::StatusOr<std::string> SubmittedMessageId(const crowdsafe::v1::SubmitMessageRequest& req);
  std::string CapIdentifier(const Appeal& a) const;
  // appeal_service_approval.cc: case-service's answer, now, on the case's match candidates.
  MatchCheck AskCaseService(const std::string& case_id) const;
  // A case photo's bytes from case-service, asked as the system.
  absl::StatusOr<std::string> FetchCasePhoto(const std::string& case_id,
                                             const std::string& photo_id) const;
  // The blurred published image of each of the snapshot's photos, stored; empty for none.
  absl::StatusOr<std::vector<Photo>> MakePublishedPhotos(const std::string& appeal_id,
                                                         const crowdsafe::v1::CaseSnapshot& snap);
  // The first photo as it is published now, for a publisher that posts images.
  absl::StatusOr<PublishImage> PublishedImageOf(const Appeal& a) const;

  AppealServiceOptions options_;
  TriageRules rules_;
  AppealWorkflow workflow_;
  AnswerLibrary library_;
  Inbox inbox_;
  std::optional<AnswerProposals> proposals_;  // set when options_.answer_proposals is
  std::mutex id_mu_;
  std::mt19937_64 id_rng_ ABSL_GUARDED_BY(id_mu_);
};

}  // namespace cs::appeals
