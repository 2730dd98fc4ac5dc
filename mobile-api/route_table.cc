#include "mobile-api/route_table.h"

#include <regex>

namespace cs::api {
namespace {

constexpr const char* kIdPattern = "([A-Za-z0-9._:-]{1,64})";

// Role sets by duty (docs/api.md holds the matrix in words).
constexpr RoleSet kCrowdReaders = kPatrol | kDesk | kPress | kAdmin;
constexpr RoleSet kCaseWorkers = kPatrol | kDesk;
constexpr RoleSet kPressOnly = kPress;
// The public PFIF feed is the same guarded document for every role (docs/privacy.md), and the
// press office gets it over gRPC anyway: over HTTP too, as it does the appeals it feeds.
constexpr RoleSet kPublicFeedReaders = kPatrol | kDesk | kPress;

std::vector<Route> Build() {
  using B = BodyKind;
  std::vector<Route> r;
  auto add = [&](std::string method, std::string path, RoleSet roles, B body, std::string req,
                 std::string resp, std::string summary, std::vector<std::string> query = {}) {
    Route route;
    route.method = std::move(method);
    route.path = std::move(path);
    route.roles = roles;
    route.body = body;
    route.request_type = req.empty() ? "" : "crowdsafe.v1." + req;
    route.response_type = resp.empty() ? "" : "crowdsafe.v1." + resp;
    route.summary = std::move(summary);
    route.query = std::move(query);
    r.push_back(std::move(route));
    return &r.back();
  };
  // Auth and the caller.
  add("POST", "/v1/auth/login", kPublic, B::kJson, "LoginRequest", "LoginResponse",
      "Log in with a configured user; returns a bearer token");
  // Issue 16: sessions are shared by every gateway, so ending one holds everywhere at once.
  add("POST", "/v1/auth/logout", kAnyRole, B::kNone, "", "RevokeSessionsResponse",
      "End the caller's own session: its token is refused by every gateway from now on");
  add("POST", "/v1/auth/revoke", kDesk | kAdmin, B::kJson, "RevokeSessionsRequest",
      "RevokeSessionsResponse",
      "End every session of a user (the desk: patrol officers only; an admin: anyone); audited");
  add("GET", "/v1/me", kAnyRole, B::kNone, "", "Me", "The caller's identity, role and zones");
  // Crowd.
  add("GET", "/v1/venue", kCrowdReaders, B::kNone, "", "VenueInfo", "Zones, gates and cameras");
  add("GET", "/v1/occupancy", kCrowdReaders, B::kNone, "", "VenueOccupancy",
      "Live occupancy of the venue and its zones", {"zone"});
  add("GET", "/v1/occupancy/history", kCrowdReaders, B::kNone, "", "GetHistoryResponse",
      "Per-minute history of a zone or gate", {"zone", "gate", "minutes"});
  add("GET", "/v1/summary", kCrowdReaders, B::kNone, "", "GetSummaryResponse",
      "Daily and multi-day summary", {"from", "to"});
  add("GET", "/v1/cameras/{camera_id}/heatmap.png", kPatrol | kDesk | kAdmin, B::kNone, "", "",
      "Latest density heatmap of a camera")
      ->content_type = "image/png";
  add("GET", "/v1/alerts", kPatrol | kDesk | kAdmin, B::kNone, "", "ListAlertsResponse",
      "Alerts (open by default)", {"state", "min_severity", "page_size", "page_token"});
  add("POST", "/v1/alerts/{alert_id}/acknowledge", kDesk, B::kJson, "AcknowledgeAlertRequest",
      "Alert", "Acknowledge an alert (body: {\"note\"})");
  add("GET", "/v1/incidents", kPatrol | kDesk | kAdmin, B::kNone, "", "ListIncidentsResponse",
      "Incidents: one per zone and kind of problem, with history and suggested action (open by default)",
      {"include_cleared", "min_severity"});
  add("POST", "/v1/incidents/acknowledge", kDesk, B::kJson, "AcknowledgeIncidentsRequest",
      "AcknowledgeIncidentsResponse",
      "Acknowledge every alert of one or more incidents (body: {\"incidentIds\", \"note\"})");
  {
    auto* s = add("GET", "/v1/alerts/stream", kPatrol | kDesk, B::kNone, "", "AlertEvent",
                  "Server-sent alert events in the caller's zones; resumable", {"last_event_id"});
    s->sse = true;
    s->content_type = "text/event-stream";
  }
  // Cases.
  add("POST", "/v1/reports/missing", kCaseWorkers, B::kReport, "FileMissingReportRequest", "Case",
      "File a missing-child report (JSON, or multipart with 'report' and 'photo' parts)");
  add("POST", "/v1/reports/found", kCaseWorkers, B::kReport, "FileFoundReportRequest", "Case",
      "File a found-child report (JSON, or multipart with 'report' and 'photo' parts)");
  add("GET", "/v1/cases", kCaseWorkers, B::kNone, "", "ListCasesResponse", "Cases",
      {"kind", "state", "page_size", "page_token"});
  {
    auto* s = add("GET", "/v1/cases/stream", kCaseWorkers, B::kNone, "", "CaseEvent",
                  "Server-sent case events and broadcasts for the caller's zones; resumable",
                  {"last_event_id"});
    s->sse = true;
    s->content_type = "text/event-stream";
  }
  add("GET", "/v1/cases/{case_id}", kCaseWorkers, B::kNone, "", "Case",
      "One case; the desk gets the restricted part only with a reason (audited)", {"reason"});
  add("GET", "/v1/cases/{case_id}/candidates", kCaseWorkers, B::kNone, "", "ListCandidatesResponse",
      "Ranked match candidates with explanations", {"limit"});
  add("POST", "/v1/cases/{case_id}/confirm-match", kDesk, B::kJson, "ConfirmMatchRequest", "Case",
      "Confirm a match (body: {\"otherCaseId\"})");
  add("POST", "/v1/cases/{case_id}/link-duplicate", kDesk, B::kJson, "LinkDuplicateRequest", "Case",
      "Link a duplicate report (body: {\"duplicateOf\"})");
  add("POST", "/v1/cases/{case_id}/transition", kDesk, B::kJson, "TransitionCaseRequest", "Case",
      "Change a case's state (body: {\"to\", \"reason\"})");
  add("POST", "/v1/cases/{case_id}/verify-guardian", kCaseWorkers, B::kJson,
      "VerifyGuardianRequest", "Case",
      "Record the guardian's verified identity (only a masked number is stored)");
  add("POST", "/v1/cases/{case_id}/broadcast-response", kCaseWorkers, B::kJson,
      "RespondToBroadcastRequest", "Case",
      "Answer a lost-child broadcast: searching, seen or found (kept in the audit log)");
  add("POST", "/v1/cases/{case_id}/handover", kCaseWorkers, B::kJson, "CompleteHandoverRequest",
      "Case", "Hand the child over after verification");
  add("GET", "/v1/cases/{case_id}/audit", kDesk, B::kNone, "", "GetAuditLogResponse",
      "The case's audit log");
  add("GET", "/v1/cases/{case_id}/pfif", kPublicFeedReaders, B::kNone, "", "",
      "Public PFIF 1.4 XML of the case: only what a published appeal may carry (docs/privacy.md)")
      ->content_type = "application/xml";
  add("GET", "/v1/cases/{case_id}/pfif/restricted", kDesk, B::kNone, "", "",
      "The desk's full PFIF with the restricted fields: RESTRICTED, not for publication; "
      "reason required, audited",
      {"reason"})
      ->content_type = "application/xml";
  add("GET", "/v1/cases/{case_id}/photos/{photo_id}", kCaseWorkers, B::kNone, "", "",
      "A stored photo of the case")
      ->content_type = "image/jpeg";
  // Appeals.
  add("GET", "/v1/appeals", kPressOnly, B::kNone, "", "ListAppealsResponse", "Appeals",
      {"state", "page_size", "page_token"});
  add("POST", "/v1/appeals", kPressOnly, B::kJson, "DraftAppealRequest", "Appeal",
      "Draft an appeal from a case snapshot");
  add("GET", "/v1/appeals/{appeal_id}", kPressOnly, B::kNone, "", "Appeal", "One appeal");
  add("PUT", "/v1/appeals/{appeal_id}", kPressOnly, B::kJson, "EditAppealRequest", "Appeal",
      "Edit an appeal (new version; optimistic concurrency on baseVersion)");
  add("GET", "/v1/appeals/{appeal_id}/diff", kPressOnly, B::kNone, "", "DiffVersionsResponse",
      "Line diff of two versions", {"from", "to", "language"});
  for (const char* action : {"submit", "approve", "reject", "retract", "lift-blur"}) {
    add("POST", std::string("/v1/appeals/{appeal_id}/") + action, kPressOnly, B::kJson,
        "AppealActionRequest", "Appeal",
        std::string("Workflow: ") + action +
            " (body: {\"reason\"} where required; lift-blur: {\"photoId\", \"reason\"})");
  }
  add("GET", "/v1/appeals/{appeal_id}/photos/{photo_id}", kPress | kDesk, B::kNone, "", "",
      "A photo of the appeal as it will be published (faces blurred unless a lift was approved)",
      {"pending_lift"})
      ->content_type = "image/jpeg";
  add("POST", "/v1/appeals/{appeal_id}/publish", kPressOnly, B::kJson, "PublishAppealRequest",
      "Appeal", "Mark published with the Weibo post's URL (body: {\"postUrl\"})");
  add("GET", "/v1/appeals/{appeal_id}/audit", kPressOnly, B::kNone, "", "GetAppealAuditResponse",
      "The appeal's audit log");
  add("GET", "/v1/appeals/{appeal_id}/cap", kPressOnly, B::kNone, "", "",
      "CAP 1.2 XML of the appeal")
      ->content_type = "application/xml";
  // Inbox and answers.
  add("GET", "/v1/inbox", kPress | kDesk, B::kNone, "", "ListMessagesResponse", "Press-desk inbox",
      {"department", "state", "overdue", "page_size", "page_token"});
  add("POST", "/v1/inbox", kPressOnly, B::kJson, "SubmitMessageRequest", "InboxMessage",
      "Record a public message");
  add("POST", "/v1/inbox/{message_id}/route", kPressOnly, B::kJson, "RouteMessageRequest",
      "InboxMessage", "Route a message to a department");
  add("POST", "/v1/inbox/{message_id}/answer", kPressOnly, B::kJson, "AnswerMessageRequest",
      "InboxMessage", "Answer a message");
  add("POST", "/v1/inbox/{message_id}/link-case", kPressOnly, B::kJson, "LinkTipToCaseRequest",
      "InboxMessage", "Link a tip to a case");
  add("GET", "/v1/inbox/{message_id}/case-candidates", kPressOnly, B::kNone, "",
      "SuggestCasesForTipResponse", "Open cases the sighting in a message may be about", {"limit"});
  add("GET", "/v1/inbox/report", kPressOnly, B::kNone, "", "AccountabilityReport",
      "Response-deadline report per department", {"from", "to"});
  add("GET", "/v1/answers", kPress | kAdmin, B::kNone, "", "SearchAnswersResponse",
      "Search the answer library", {"q", "limit"});
  // Editing stays with the press office: appeal-service's answer library accepts only press
  // officers as approvers of an entry, so admin is not offered what the service would refuse.
  add("POST", "/v1/answers", kPress, B::kJson, "UpsertAnswerRequest", "AnswerEntry",
      "Add an answer (body: {\"entry\": {...}})");
  add("PUT", "/v1/answers/{answer_id}", kPress, B::kJson, "UpsertAnswerRequest", "AnswerEntry",
      "Edit an answer");
  // The library learns from the desk, four eyes: one press officer proposes, another reviews.
  add("POST", "/v1/inbox/{message_id}/propose-answer", kPress, B::kJson, "ProposeAnswerRequest",
      "AnswerProposal", "Propose a hand-written answer for the library");
  add("GET", "/v1/answers/proposals", kPress, B::kNone, "", "ListAnswerProposalsResponse",
      "Answer proposals awaiting (or past) review", {"state"});
  add("POST", "/v1/answers/proposals/{proposal_id}/review", kPress, B::kJson,
      "ReviewAnswerProposalRequest", "AnswerProposal",
      "Approve ({\"approve\": true}) or reject (with a reason) another officer's proposal");
  // Documents and health.
  add("GET", "/v1/openapi.json", kPublic, B::kNone, "", "", "This API's OpenAPI 3 document");
  add("GET", "/v1/health", kPublic, B::kNone, "", "", "Redis and every upstream's gRPC health");
  add("GET", "/healthz", kPublic, B::kNone, "", "", "Liveness of the gateway and its Redis");
  add("GET", "/metrics", kAdmin, B::kNone, "", "", "Prometheus metrics")->content_type =
      "text/plain; version=0.0.4";
  // A login creates nothing a retry could duplicate, and ending sessions twice ends nothing
  // more; every other POST writes.
  // verify-guardian is left out: its body holds a full document number, and not even a hash of
  // it is kept; a repeated verification is refused by the case's state machine (409) anyway.
  for (Route& route : r) {
    route.idempotent = route.method == "POST" && route.path.rfind("/v1/auth/", 0) != 0 &&
                       route.path != "/v1/cases/{case_id}/verify-guardian";
  }
  return r;
}

}  // namespace

const std::vector<Route>& AllRoutes() {
  static const std::vector<Route> routes = Build();
  return routes;
}

std::vector<std::string> PathParams(const std::string& path_template) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = path_template.find('{', pos)) != std::string::npos) {
    auto end = path_template.find('}', pos);
    out.push_back(path_template.substr(pos + 1, end - pos - 1));
    pos = end;
  }
  return out;
}

std::string PathRegex(const std::string& path_template) {
  std::string out;
  for (size_t i = 0; i < path_template.size(); ++i) {
    char c = path_template[i];
    if (c == '{') {
      i = path_template.find('}', i);
      out += kIdPattern;
    } else if (c == '.') {
      out += "\\.";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<RouteMatch> MatchRoute(std::string_view method, std::string_view path) {
  // Compiled once; literal routes are listed before the templated ones they could shadow
  // (/v1/cases/stream before /v1/cases/{case_id}), and the first match wins.
  static const std::vector<std::regex> compiled = [] {
    std::vector<std::regex> v;
    for (const auto& r : AllRoutes()) v.emplace_back(PathRegex(r.path));
    return v;
  }();
  const auto& routes = AllRoutes();
  std::string p(path);
  for (size_t i = 0; i < routes.size(); ++i) {
    if (routes[i].method != method) continue;
    std::smatch m;
    if (!std::regex_match(p, m, compiled[i])) continue;
    RouteMatch match{&routes[i], {}};
    auto names = PathParams(routes[i].path);
    for (size_t k = 0; k < names.size(); ++k) match.params[names[k]] = m[k + 1].str();
    return match;
  }
  return std::nullopt;
}

const Route* FindRoute(std::string_view key) {
  for (const auto& r : AllRoutes()) {
    if (r.Key() == key) return &r;
  }
  return nullptr;
}

}  // namespace cs::api
