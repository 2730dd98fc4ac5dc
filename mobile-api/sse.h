// Server-sent events: the wire format of one event, where a client resumes from, and the zone
// and role filter applied to case events before they reach a caller.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mobile-api/roles.h"

namespace crowdsafe::v1 {
class CaseEvent;
}

namespace cs::api {

// "id: <id>\nevent: <event>\ndata: <data>\n\n". `data` must be one line (our JSON is); any
// newline in it is replaced so that one event can never be split into two.
std::string SseEvent(const std::string& id, const std::string& event, const std::string& data);
// A comment line that keeps proxies from closing an idle stream: ": keep-alive\n\n".
std::string SseComment(const std::string& text);

// One HTTP/1.1 chunk (RFC 9112 section 7.1) holding `payload`; and the last chunk, which ends
// the body. Streams taken off httplib (sse_writer.h) frame their own chunks.
std::string SseChunk(std::string_view payload);
inline constexpr std::string_view kSseLastChunk = "0\r\n\r\n";

// The cursor to resume after: the Last-Event-ID header if present, else the last_event_id query
// parameter, else "" (only new events). INVALID_ARGUMENT naming the source when it is not a
// cursor (at most 64 characters of [A-Za-z0-9._:-]).
absl::StatusOr<std::string> ResumeCursor(const std::string& header, const std::string& query);

// Whether a case event targeting `event_zones` (empty: the whole venue) goes to a caller working
// in `caller_zones` (empty: the whole venue).
bool ZonesOverlap(const std::vector<std::string>& event_zones,
                  const std::vector<std::string>& caller_zones);

// The event as this caller may see it: patrol officers get broadcasts, candidates and state
// changes; appeal requests are for the desk. Returns false when the event is not for them.
bool CaseEventVisible(const crowdsafe::v1::CaseEvent& event, Role role,
                      const std::vector<std::string>& caller_zones);

}  // namespace cs::api
