#include "services/appeals/redis_answer_proposals.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/redis/redis_keys.h"
#include "services/appeals/record_codec.h"

namespace cs::appeals {
namespace {

// KEYS: 1 proposal, 2 ids set. ARGV: 1 id, 2 blob. Returns 1 created, 0 the id is taken.
constexpr const char* kCreateScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rev', 1, 'data', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
)lua";

// KEYS: 1 proposal. ARGV: 1 expected rev, 2 blob. Returns -1 absent, 0 moved on, 1 written.
constexpr const char* kUpdateScript = R"lua(
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return -1 end
if rev ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rev', tonumber(rev) + 1, 'data', ARGV[2])
return 1
)lua";

absl::StatusOr<AnswerProposal> FromHash(const RedisReply& reply) {
  if (reply.elements.size() != 2 || reply.elements[0].is_nil() || reply.elements[1].is_nil()) {
    return absl::NotFoundError("proposal_id: no such proposal");
  }
  auto p = DecodeAnswerProposal(reply.elements[1].str);
  if (!p.ok()) return p.status();
  if (!absl::SimpleAtoi(reply.elements[0].str, &p->revision)) {
    return absl::DataLossError("proposal: stored revision is malformed");
  }
  return p;
}

}  // namespace

RedisAnswerProposalStore::RedisAnswerProposalStore(RedisClient& redis, std::string venue_id)
    : redis_(redis),
      venue_id_(std::move(venue_id)),
      ids_key_(VenueKey(venue_id_, "answer-proposals")) {}

std::string RedisAnswerProposalStore::Key(const std::string& id) const {
  return VenueKey(venue_id_, absl::StrCat("answer-proposal:", id));
}

absl::Status RedisAnswerProposalStore::Create(const AnswerProposal& proposal) {
  auto reply = redis_.Eval(kCreateScript, {Key(proposal.id), ids_key_},
                           {proposal.id, EncodeAnswerProposal(proposal)});
  if (!reply.ok()) return reply.status();
  if (reply->integer == 0) return absl::AlreadyExistsError("proposal_id: taken");
  return absl::OkStatus();
}

absl::StatusOr<AnswerProposal> RedisAnswerProposalStore::Get(const std::string& id) const {
  auto reply = redis_.Command({"HMGET", Key(id), "rev", "data"});
  if (!reply.ok()) return reply.status();
  return FromHash(*reply);
}

absl::Status RedisAnswerProposalStore::Update(const AnswerProposal& proposal) {
  auto reply = redis_.Eval(kUpdateScript, {Key(proposal.id)},
                           {absl::StrCat(proposal.revision), EncodeAnswerProposal(proposal)});
  if (!reply.ok()) return reply.status();
  if (reply->integer < 0) return absl::NotFoundError("proposal_id: no such proposal");
  if (reply->integer == 0) {
    return absl::AbortedError("proposal: changed concurrently; reload and retry");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AnswerProposal>> RedisAnswerProposalStore::List() const {
  auto ids = redis_.Command({"SMEMBERS", ids_key_});
  if (!ids.ok()) return ids.status();
  std::vector<RedisArgv> commands;
  for (const auto& e : ids->elements) commands.push_back({"HMGET", Key(e.str), "rev", "data"});
  if (commands.empty()) return std::vector<AnswerProposal>{};
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) return replies.status();
  std::vector<AnswerProposal> out;
  for (const auto& r : *replies) {
    auto p = FromHash(r);
    if (!p.ok()) return p.status();
    out.push_back(*std::move(p));
  }
  return out;
}

}  // namespace cs::appeals
