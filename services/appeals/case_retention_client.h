// CaseRetentionStatus over case-service's GetCase (as the system): a case is purged when its
// state is CASE_PURGED, or when case-service no longer knows it (NOT_FOUND). Any other failure
// is Unavailable, so the retention pass leaves that case for later.
// Thread-safety: safe from several threads (the stub is).
#pragma once

#include <chrono>

#include "crowdsafe/v1/cases.grpc.pb.h"
#include "services/appeals/desk/photo_retention.h"

namespace cs::appeals {

class CaseRetentionClient final : public CaseRetentionStatus {
 public:
  CaseRetentionClient(crowdsafe::v1::CaseService::StubInterface* cases,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : cases_(cases), timeout_(timeout) {}
  absl::StatusOr<bool> Purged(const std::string& case_id) override;

 private:
  crowdsafe::v1::CaseService::StubInterface* cases_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cs::appeals
