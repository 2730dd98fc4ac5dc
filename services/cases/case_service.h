// The gRPC adapter of case-service: proto ⇄ core structs, absl::Status ⇄ grpc::Status. The
// rules live in core/ (plain C++); the state lives in RedisCaseStore; every write is answered
// only after the store's Lua script returned (Redis has it, AOF fsync always).
//
// Every RPC of cases.proto. After a write is stored it is announced on the case event log
// (filed, candidate for the desk, state changed) and the escalation loop is asked to fire what
// is due at once (the T+0 broadcast, the follow-up after a handover). An announcement that fails
// is logged and does not fail the write: the case is stored, and the escalation loop still
// fires its broadcasts from the stored case.
//
// Thread-safety: gRPC calls methods concurrently. The members are immutable or thread-safe
// (store, clock, MatchIndex with its own lock, IndexFeed); writes to a case are serialised by the
// store's compare-and-set (a lost race answers ABORTED and the client retries).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "common/clock.h"
#include "common/privacy/case_guard.h"
#include "common/venue.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "services/cases/case_events.h"
#include "services/cases/core/matcher.h"
#include "services/cases/core/pfif.h"
#include "services/cases/core/photo.h"
#include "services/cases/core/report.h"
#include "services/cases/escalation_loop.h"
#include "services/cases/index_feed.h"
#include "services/cases/redis_case_store.h"

namespace cs::cases {

struct CaseServiceOptions {
  ValidationLimits validation;
  PhotoLimits photo;
  size_t max_photos = 4;       // per report, as cases.proto says
  int list_page_default = 50;  // ListCases
  int list_page_max = 200;
  // A new report's candidates at or above this score are announced to the desk.
  double notify_threshold = 0.6;
  // The shared phrase table (config/phrases.yaml) the matcher reads features and languages
  // through; null compares features by shared words only. Must outlive the service.
  const text::PhraseTable* phrases = nullptr;
};

class CaseServiceImpl final : public crowdsafe::v1::CaseService::Service {
 public:
  // `events` and `escalation` may be null (tests of the request/response paths alone).
  CaseServiceImpl(const Venue& venue, RedisCaseStore& store, const Clock& clock,
                  CaseServiceOptions options = {}, CaseEventLog* events = nullptr,
                  EscalationLoop* escalation = nullptr);

  // Loads every active case into the match index (at start; after a restart the index is
  // rebuilt from Redis). Returns how many were indexed.
  absl::StatusOr<size_t> RebuildIndex();
  // Where other replicas' writes enter the match index (IndexFollower; main.cc wires it).
  IndexFeed& index_feed() { return feed_; }

  grpc::Status FileMissingReport(grpc::ServerContext*,
                                 const crowdsafe::v1::FileMissingReportRequest* request,
                                 crowdsafe::v1::Case* response) override;
  grpc::Status FileFoundReport(grpc::ServerContext*,
                               const crowdsafe::v1::FileFoundReportRequest* request,
                               crowdsafe::v1::Case* response) override;
  grpc::Status GetCase(grpc::ServerContext*, const crowdsafe::v1::GetCaseRequest* request,
                       crowdsafe::v1::Case* response) override;
  grpc::Status ListCases(grpc::ServerContext*, const crowdsafe::v1::ListCasesRequest* request,
                         crowdsafe::v1::ListCasesResponse* response) override;
  grpc::Status ListCandidates(grpc::ServerContext*,
                              const crowdsafe::v1::ListCandidatesRequest* request,
                              crowdsafe::v1::ListCandidatesResponse* response) override;
  // case_service_sighting.cc
  grpc::Status MatchSighting(grpc::ServerContext*,
                             const crowdsafe::v1::MatchSightingRequest* request,
                             crowdsafe::v1::ListCandidatesResponse* response) override;
  grpc::Status ConfirmMatch(grpc::ServerContext*, const crowdsafe::v1::ConfirmMatchRequest* request,
                            crowdsafe::v1::Case* response) override;
  grpc::Status LinkDuplicate(grpc::ServerContext*,
                             const crowdsafe::v1::LinkDuplicateRequest* request,
                             crowdsafe::v1::Case* response) override;
  grpc::Status TransitionCase(grpc::ServerContext*,
                              const crowdsafe::v1::TransitionCaseRequest* request,
                              crowdsafe::v1::Case* response) override;
  grpc::Status VerifyGuardian(grpc::ServerContext*,
                              const crowdsafe::v1::VerifyGuardianRequest* request,
                              crowdsafe::v1::Case* response) override;
  grpc::Status CompleteHandover(grpc::ServerContext*,
                                const crowdsafe::v1::CompleteHandoverRequest* request,
                                crowdsafe::v1::Case* response) override;
  grpc::Status RespondToBroadcast(grpc::ServerContext*,
                                  const crowdsafe::v1::RespondToBroadcastRequest* request,
                                  crowdsafe::v1::Case* response) override;
  grpc::Status GetAuditLog(grpc::ServerContext*, const crowdsafe::v1::GetAuditLogRequest* request,
                           crowdsafe::v1::GetAuditLogResponse* response) override;
  grpc::Status ExportPfif(grpc::ServerContext*, const crowdsafe::v1::ExportPfifRequest* request,
                          crowdsafe::v1::ExportPfifResponse* response) override;
  grpc::Status ExportRestrictedPfif(grpc::ServerContext*,
                                    const crowdsafe::v1::ExportRestrictedPfifRequest* request,
                                    crowdsafe::v1::ExportPfifResponse* response) override;
  grpc::Status WatchCaseEvents(grpc::ServerContext* context,
                               const crowdsafe::v1::WatchCaseEventsRequest* request,
                               grpc::ServerWriter<crowdsafe::v1::CaseEvent>* writer) override;
  grpc::Status GetPhoto(grpc::ServerContext*, const crowdsafe::v1::GetPhotoRequest* request,
                        crowdsafe::v1::PhotoContent* response) override;

 private:
  // Sanitises the photos, stores the case (version 1) and indexes it. `c` has no id yet.
  absl::Status FileCase(Case& c, const Actor& actor,
                        const google::protobuf::RepeatedPtrField<crowdsafe::v1::Photo>& photos);
  // Stores `c` read at its version, keeps the match index in step (other replicas hear of it
  // through the STATE_CHANGED event and their IndexFollower).
  absl::Status Save(const Case& c);
  void Reindex(const Case& c);  // `c` as stored: its version is the one Put returned
  // Announcements after a stored write (no-ops without an event log).
  void AnnounceFiled(const Case& c);
  void AnnounceState(const Case& c);
  void EscalateNow(const std::string& case_id);
  // One ranked candidate as the API shows it (ListCandidates and MatchSighting).
  static void CandidateToProto(const Candidate& m, const Case& other, crowdsafe::v1::Candidate* out);
  // The case as `viewer` may see it, without restricted data (writes and lists).
  void Redacted(const Case& c, crowdsafe::v1::Case* out) const;
  // case_service_pfif.cc: the named cases (all missing ones NotFound), or every case updated
  // in `since` when `ids` is empty.
  absl::StatusOr<std::vector<Case>> CasesForExport(const std::vector<std::string>& ids,
                                                   const crowdsafe::v1::TimeRange* since);
  PfifOptions PfifOptionsForVenue() const;

  const Venue& venue_;
  RedisCaseStore& store_;
  const Clock& clock_;
  const CaseServiceOptions options_;
  MatchIndex index_;
  IndexFeed feed_{index_};  // every update of index_ goes through it (versions ordered)
  CaseEventLog* const events_;
  EscalationLoop* const escalation_;
  // The privacy guard's script converters for PFIF exports; null when OpenCC's data is missing
  // (the exports then refuse rather than risk a name in the other script).
  std::unique_ptr<privacy::ScriptVariants> script_variants_;
};

}  // namespace cs::cases
