// The command-centre pager over gRPC: crowd-service's RaiseExternalAlert puts a life-safety
// alert on the alert stream the desk watches (pinned to the message's zone), where it must be
// acknowledged within escalate_after (60 s) or escalates. Idempotent on the message id.
// Thread-safety: safe from several threads (a gRPC stub is).
#pragma once

#include <memory>
#include <string>

#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "services/appeals/desk/life_safety.h"

namespace cs::appeals {

class CrowdAlertPager final : public CommandCentrePager {
 public:
  CrowdAlertPager(std::shared_ptr<crowdsafe::v1::CrowdService::StubInterface> stub,
                  std::string venue_id, std::chrono::milliseconds deadline);
  // The alert's id and acknowledgement; Unavailable, DeadlineExceeded, ... as crowd-service
  // answered (the dispatcher retries).
  absl::StatusOr<PageStatus> Page(const LifeSafetyPage& page) override;

 private:
  std::shared_ptr<crowdsafe::v1::CrowdService::StubInterface> stub_;
  std::string venue_id_;
  std::chrono::milliseconds deadline_;
};

crowdsafe::v1::LifeSafetyKind LifeSafetyKindToProto(LifeSafetyKind kind);

}  // namespace cs::appeals
