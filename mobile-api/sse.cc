#include "mobile-api/sse.h"

#include <cstdio>

#include "crowdsafe/v1/cases.pb.h"

namespace cs::api {

std::string SseEvent(const std::string& id, const std::string& event, const std::string& data) {
  std::string one_line = data;
  for (char& c : one_line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string out;
  if (!id.empty()) out += "id: " + id + "\n";
  out += "event: " + event + "\ndata: " + one_line + "\n\n";
  return out;
}

std::string SseChunk(std::string_view payload) {
  char size[20];
  const int n = std::snprintf(size, sizeof size, "%zx\r\n", payload.size());
  std::string out(size, static_cast<size_t>(n));
  out.append(payload);
  out += "\r\n";
  return out;
}

std::string SseComment(const std::string& text) { return ": " + text + "\n\n"; }

absl::StatusOr<std::string> ResumeCursor(const std::string& header, const std::string& query) {
  const std::string& value = !header.empty() ? header : query;
  const char* source = !header.empty() ? "Last-Event-ID" : "last_event_id";
  if (value.size() > 64) return absl::InvalidArgumentError(std::string(source) + ": too long");
  for (char c : value) {
    bool ok =
        isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return absl::InvalidArgumentError(std::string(source) + ": not an event id");
  }
  return value;
}

bool ZonesOverlap(const std::vector<std::string>& event_zones,
                  const std::vector<std::string>& caller_zones) {
  if (event_zones.empty() || caller_zones.empty()) return true;
  for (const auto& z : event_zones) {
    for (const auto& c : caller_zones) {
      if (z == c) return true;
    }
  }
  return false;
}

bool CaseEventVisible(const crowdsafe::v1::CaseEvent& event, Role role,
                      const std::vector<std::string>& caller_zones) {
  using crowdsafe::v1::CaseEventType;
  if (role == Role::kDesk) return true;  // the desk runs the whole board
  if (role != Role::kPatrol) return false;
  switch (event.type()) {
    case crowdsafe::v1::CASE_EVENT_APPEAL_REQUESTED:
    case crowdsafe::v1::CASE_EVENT_FOLLOW_UP_REQUESTED:
      return false;  // press-office work, not a patrol's
    default:
      break;
  }
  std::vector<std::string> zones(event.zone_ids().begin(), event.zone_ids().end());
  return ZonesOverlap(zones, caller_zones);
}

}  // namespace cs::api
