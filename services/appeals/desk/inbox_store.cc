#include "services/appeals/desk/inbox_store.h"

namespace cs::appeals {

const char* MessageStateName(MessageState state) {
  switch (state) {
    case MessageState::kReceived:
      return "received";
    case MessageState::kAssigned:
      return "assigned";
    case MessageState::kAnswered:
      return "answered";
    case MessageState::kClosed:
      return "closed";
  }
  return "unknown";
}

const char* ReplyDeliveryName(ReplyDelivery delivery) {
  switch (delivery) {
    case ReplyDelivery::kNone:
      return "none";
    case ReplyDelivery::kQueued:
      return "queued";
    case ReplyDelivery::kSent:
      return "sent";
    case ReplyDelivery::kFailed:
      return "failed";
  }
  return "unknown";
}

absl::Status InMemoryInboxStore::Create(InboxMessage message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (messages_.count(message.id) > 0) {
    return absl::AlreadyExistsError("message.id: already received");
  }
  message.revision = 1;
  std::string id = message.id;
  messages_.emplace(std::move(id), std::move(message));
  return absl::OkStatus();
}

absl::StatusOr<InboxMessage> InMemoryInboxStore::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = messages_.find(id);
  if (it == messages_.end()) return absl::NotFoundError("message_id: no such message");
  return it->second;
}

absl::Status InMemoryInboxStore::Update(const InboxMessage& message) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = messages_.find(message.id);
  if (it == messages_.end()) return absl::NotFoundError("message_id: no such message");
  if (it->second.revision != message.revision) {
    return absl::AbortedError("message changed concurrently; reload and retry");
  }
  it->second = message;
  ++it->second.revision;
  return absl::OkStatus();
}

std::vector<InboxMessage> InMemoryInboxStore::ListReceived(TimePoint from, TimePoint to) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<InboxMessage> out;
  for (const auto& [id, m] : messages_) {
    if (m.received_at >= from && m.received_at < to) out.push_back(m);
  }
  return out;
}

std::vector<InboxMessage> InMemoryInboxStore::ListOpen() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<InboxMessage> out;
  for (const auto& [id, m] : messages_) {
    if (m.state == MessageState::kReceived || m.state == MessageState::kAssigned) {
      out.push_back(m);
    }
  }
  return out;
}

}  // namespace cs::appeals
