// Redis implementation of the answer library's four-eyes queue (desk/answer_proposals.h).
// Thread-safety: safe from several threads; every write is one Lua script.
//
// Keys, under the venue's hash tag:
//   cs:{venue:<v>}:answer-proposal:<id>   hash {rev, data}; data = EncodeAnswerProposal
//   cs:{venue:<v>}:answer-proposals       set of proposal ids
#pragma once

#include <string>

#include "common/redis/redis_client.h"
#include "services/appeals/desk/answer_proposals.h"

namespace cs::appeals {

class RedisAnswerProposalStore final : public AnswerProposalStore {
 public:
  RedisAnswerProposalStore(RedisClient& redis, std::string venue_id);

  absl::Status Create(const AnswerProposal& proposal) override;
  absl::StatusOr<AnswerProposal> Get(const std::string& id) const override;
  absl::Status Update(const AnswerProposal& proposal) override;
  absl::StatusOr<std::vector<AnswerProposal>> List() const override;

 private:
  std::string Key(const std::string& id) const;

  RedisClient& redis_;
  std::string venue_id_;
  std::string ids_key_;
};

}  // namespace cs::appeals
