// The /v1 routes of crowd-service, case-service and appeal-service: each one turns query, path
// and body into the service's request, calls it with the caller's Actor, and answers its JSON.
#include <google/protobuf/util/time_util.h>

#include <type_traits>

#include "common/grpc/time_convert.h"
#include "common/redis/redis_keys.h"
#include "crowdsafe/v1/api.pb.h"
#include "mobile-api/gateway.h"
#include "mobile-api/json_codec.h"
#include "mobile-api/query_params.h"
#include "mobile-api/rpc_traits.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;
using Binds = std::vector<std::pair<std::string, std::string>>;  // proto field ← path param

// Defence in depth: case-service already withholds the restricted part from everyone but the
// desk; the gateway drops it too, so a service bug cannot leak a guardian's contact.
void RedactCase(Role role, v1::Case& c) {
  if (role == Role::kDesk) return;
  bool had = false;
  if (c.has_missing() && c.missing().has_restricted()) {
    c.mutable_missing()->clear_restricted();
    had = true;
  }
  if (c.has_found() && c.found().has_restricted()) {
    c.mutable_found()->clear_restricted();
    had = true;
  }
  if (had) c.set_restricted_redacted(true);
}

// Today's local date (YYYY-MM-DD). Only fixed-offset zones are known here; the venue model's
// Asia/Shanghai is UTC+8 all year, other zones fall back to UTC.
std::string Today(const std::string& timezone, TimePoint now, int days_back = 0) {
  int offset_h = timezone == "Asia/Shanghai" || timezone == "Asia/Hong_Kong" ? 8 : 0;
  std::time_t t = std::chrono::system_clock::to_time_t(now + std::chrono::hours(offset_h) -
                                                       std::chrono::hours(24 * days_back));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

#define CS_QUERY_OR_FAIL(var, expr) \
  auto var = (expr);                \
  if (!var.ok()) return Fail(c.res, FromStatus(var.status()))

void Gateway::RegisterCrowdRoutes() {
  const std::string& venue = config_.venue.id;
  Handle("GET /v1/venue", [this](Call& c) {
    const Venue& v = config_.venue;
    v1::VenueInfo out;
    out.set_id(v.id);
    out.set_name_zh(v.name_zh);
    out.set_name_en(v.name_en);
    out.set_max_capacity(v.max_capacity);
    out.set_best_capacity(v.best_capacity);
    out.set_timezone(v.timezone);
    for (const auto& z : v.zones) {
      auto* o = out.add_zones();
      o->set_id(z.id);
      o->set_name_zh(z.name_zh);
      o->set_name_en(z.name_en);
      o->set_area_m2(z.area_m2);
      o->set_capacity(z.capacity);
      o->set_x_m(z.x_m);
      o->set_y_m(z.y_m);
      for (const auto& n : v.Neighbours(z.id)) o->add_neighbours(n);
    }
    for (const auto& g : v.gates) {
      auto* o = out.add_gates();
      o->set_id(g.id);
      o->set_from_zone(g.from_zone);
      o->set_to_zone(g.to_zone);
      o->set_width_m(g.width_m);
      o->set_turnstiles(g.turnstiles);
      o->set_stairs(g.stairs);
      o->set_exit_watch(g.exit_watch);
    }
    if (!v.lost_child_centre.name_zh.empty()) {
      auto* centre = out.mutable_lost_child_centre();
      centre->set_name_zh(v.lost_child_centre.name_zh);
      centre->set_name_en(v.lost_child_centre.name_en);
      centre->set_zone_id(v.lost_child_centre.zone_id);
    }
    for (const auto& cam : v.cameras) {
      auto* o = out.add_cameras();
      o->set_id(cam.id);
      for (const auto& r : cam.regions) {
        auto* ro = o->add_regions();
        ro->set_id(r.id);
        ro->set_zone_id(r.zone_id);
        ro->set_area_m2(r.area_m2);
      }
    }
    c.res.set_content(ToJson(out), "application/json");
  });
  Handle("GET /v1/occupancy", [this, venue](Call& c) {
    v1::GetOccupancyRequest req;
    req.set_venue_id(venue);
    req.set_zone_id(c.Query("zone"));
    v1::VenueOccupancy out;
    auto ctx = Context(c);
    Reply(c, crowd_->GetOccupancy(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/occupancy/history", [this, venue](Call& c) {
    v1::GetHistoryRequest req;
    req.set_venue_id(venue);
    std::string zone = c.Query("zone"), gate = c.Query("gate");
    if (zone.empty() == gate.empty()) {
      return Fail(c.res, MakeProblem(400, "zone: give exactly one of zone or gate", "zone"));
    }
    if (!zone.empty()) req.set_zone_id(zone);
    if (!gate.empty()) req.set_gate_id(gate);
    CS_QUERY_OR_FAIL(minutes, ParseIntParam("minutes", c.Query("minutes"), 1, 7 * 24 * 60, 60));
    TimePoint now = clock_.Now();
    *req.mutable_range()->mutable_start() = ToProtoTime(now - std::chrono::minutes(*minutes));
    *req.mutable_range()->mutable_end() = ToProtoTime(now);
    v1::GetHistoryResponse out;
    auto ctx = Context(c);
    Reply(c, crowd_->GetHistory(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/summary", [this, venue](Call& c) {
    v1::GetSummaryRequest req;
    req.set_venue_id(venue);
    std::string today = Today(config_.venue.timezone, clock_.Now());
    req.set_from_date(c.Query("from").empty() ? today : c.Query("from"));
    req.set_to_date(c.Query("to").empty() ? today : c.Query("to"));
    v1::GetSummaryResponse out;
    auto ctx = Context(c);
    Reply(c, crowd_->GetSummary(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/cameras/{camera_id}/heatmap.png", [this, venue](Call& c) {
    const std::string& camera = c.Param("camera_id");
    bool known = false;
    for (const auto& cam : config_.venue.cameras) known |= cam.id == camera;
    if (!known) return Fail(c.res, MakeProblem(404, "camera_id: no such camera", "camera_id"));
    auto png = redis_.Get(VenueKey(venue, "heatmap:" + camera));
    if (!png.ok()) return Fail(c.res, MakeProblem(503, "the store is unavailable"));
    if (!png->has_value()) {
      return Fail(c.res, MakeProblem(404, "no heatmap yet for this camera", "camera_id"));
    }
    c.res.set_header("Cache-Control", "no-store");
    c.res.set_content(**png, "image/png");
  });
  Handle("GET /v1/alerts", [this, venue](Call& c) {
    v1::ListAlertsRequest req;
    req.set_venue_id(venue);
    std::string state = c.Query("state");
    if (state == "all") {
      for (int s = v1::ALERT_RAISED; s <= v1::ALERT_CLEARED; ++s) {
        req.add_states(static_cast<v1::AlertState>(s));
      }
    } else if (!state.empty() && state != "open") {
      CS_QUERY_OR_FAIL(states,
                       ParseEnumList("state", state, v1::AlertState_descriptor()));
      for (int s : *states) req.add_states(static_cast<v1::AlertState>(s));
    }
    if (!c.Query("min_severity").empty()) {
      CS_QUERY_OR_FAIL(sev, ParseEnumList("min_severity", c.Query("min_severity"),
                                          v1::Severity_descriptor()));
      req.set_min_severity(static_cast<v1::Severity>(sev->front()));
    }
    CS_QUERY_OR_FAIL(size, ParseIntParam("page_size", c.Query("page_size"), 0, 500, 0));
    req.mutable_page()->set_page_size(*size);
    req.mutable_page()->set_page_token(c.Query("page_token"));
    v1::ListAlertsResponse out;
    auto ctx = Context(c);
    Reply(c, crowd_->ListAlerts(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/alerts/{alert_id}/acknowledge", [this, venue](Call& c) {
    v1::AcknowledgeAlertRequest req;
    if (!ParseBody(c, &req, {{"alert_id", c.Param("alert_id")}, {"venue_id", venue}})) return;
    v1::Alert out;
    auto ctx = Context(c);
    Reply(c, crowd_->AcknowledgeAlert(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/incidents", [this, venue](Call& c) {
    v1::ListIncidentsRequest req;
    req.set_venue_id(venue);
    CS_QUERY_OR_FAIL(cleared, ParseIntParam("include_cleared", c.Query("include_cleared"), 0, 1, 0));
    req.set_include_cleared(*cleared == 1);
    if (!c.Query("min_severity").empty()) {
      CS_QUERY_OR_FAIL(sev, ParseEnumList("min_severity", c.Query("min_severity"),
                                          v1::Severity_descriptor()));
      req.set_min_severity(static_cast<v1::Severity>(sev->front()));
    }
    v1::ListIncidentsResponse out;
    auto ctx = Context(c);
    Reply(c, crowd_->ListIncidents(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/incidents/acknowledge", [this, venue](Call& c) {
    v1::AcknowledgeIncidentsRequest req;
    if (!ParseBody(c, &req, {{"venue_id", venue}})) return;
    v1::AcknowledgeIncidentsResponse out;
    auto ctx = Context(c);
    Reply(c, crowd_->AcknowledgeIncidents(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/alerts/stream", [this](Call& c) { ServeAlertStream(c); });
}

void Gateway::RegisterCaseRoutes() {
  const std::string& venue = config_.venue.id;
  // Body → RPC → Case, for every case-changing route.
  auto case_action = [this](auto rpc, Binds binds) {
    return [this, rpc, binds](Call& c) {
      typename RpcTraits<decltype(rpc)>::Request req;
      Binds values;
      for (const auto& [field, param] : binds) values.emplace_back(field, c.Param(param));
      if (!ParseBody(c, &req, values)) return;
      v1::Case out;
      auto ctx = Context(c);
      auto status = (cases_.get()->*rpc)(ctx.get(), req, &out);
      RedactCase(c.role(), out);
      Reply(c, status, out);
    };
  };
  Handle("POST /v1/reports/missing", [this](Call& c) {
    v1::FileMissingReportRequest req;
    if (!ParseReport(c, &req)) return;
    v1::Case out;
    auto ctx = Context(c);
    auto status = cases_->FileMissingReport(ctx.get(), req, &out);
    RedactCase(c.role(), out);
    Reply(c, status, out);
  });
  Handle("POST /v1/reports/found", [this](Call& c) {
    v1::FileFoundReportRequest req;
    if (!ParseReport(c, &req)) return;
    v1::Case out;
    auto ctx = Context(c);
    auto status = cases_->FileFoundReport(ctx.get(), req, &out);
    RedactCase(c.role(), out);
    Reply(c, status, out);
  });
  Handle("GET /v1/cases", [this, venue](Call& c) {
    v1::ListCasesRequest req;
    req.set_venue_id(venue);
    *req.mutable_actor() = c.Actor();
    if (!c.Query("kind").empty()) {
      CS_QUERY_OR_FAIL(kind,
                       ParseEnumList("kind", c.Query("kind"), v1::CaseKind_descriptor()));
      req.set_kind(static_cast<v1::CaseKind>(kind->front()));
    }
    CS_QUERY_OR_FAIL(states,
                     ParseEnumList("state", c.Query("state"), v1::CaseState_descriptor()));
    for (int s : *states) req.add_states(static_cast<v1::CaseState>(s));
    CS_QUERY_OR_FAIL(size, ParseIntParam("page_size", c.Query("page_size"), 0, 500, 0));
    req.mutable_page()->set_page_size(*size);
    req.mutable_page()->set_page_token(c.Query("page_token"));
    v1::ListCasesResponse out;
    auto ctx = Context(c);
    auto status = cases_->ListCases(ctx.get(), req, &out);
    for (auto& one : *out.mutable_cases()) RedactCase(c.role(), one);
    Reply(c, status, out);
  });
  Handle("GET /v1/cases/stream", [this](Call& c) { ServeCaseStream(c); });
  Handle("GET /v1/cases/{case_id}", [this](Call& c) {
    v1::GetCaseRequest req;
    req.set_case_id(c.Param("case_id"));
    *req.mutable_actor() = c.Actor();
    std::string reason = c.Query("reason");
    if (reason.size() > 500)
      return Fail(c.res, MakeProblem(400, "reason: at most 500 characters", "reason"));
    // Only the desk may ask for the restricted part; for anyone else a reason means nothing.
    if (c.role() == Role::kDesk) req.set_reason(reason);
    v1::Case out;
    auto ctx = Context(c);
    auto status = cases_->GetCase(ctx.get(), req, &out);
    RedactCase(c.role(), out);
    Reply(c, status, out);
  });
  Handle("GET /v1/cases/{case_id}/candidates", [this](Call& c) {
    v1::ListCandidatesRequest req;
    req.set_case_id(c.Param("case_id"));
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(limit, ParseIntParam("limit", c.Query("limit"), 0, 20, 0));
    req.set_limit(*limit);
    v1::ListCandidatesResponse out;
    auto ctx = Context(c);
    Reply(c, cases_->ListCandidates(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/cases/{case_id}/confirm-match",
         case_action(&v1::CaseService::Stub::ConfirmMatch, {{"case_id", "case_id"}}));
  Handle("POST /v1/cases/{case_id}/link-duplicate",
         case_action(&v1::CaseService::Stub::LinkDuplicate, {{"case_id", "case_id"}}));
  Handle("POST /v1/cases/{case_id}/transition",
         case_action(&v1::CaseService::Stub::TransitionCase, {{"case_id", "case_id"}}));
  Handle("POST /v1/cases/{case_id}/verify-guardian",
         case_action(&v1::CaseService::Stub::VerifyGuardian, {{"case_id", "case_id"}}));
  Handle("POST /v1/cases/{case_id}/broadcast-response",
         case_action(&v1::CaseService::Stub::RespondToBroadcast, {{"case_id", "case_id"}}));
  Handle("POST /v1/cases/{case_id}/handover",
         case_action(&v1::CaseService::Stub::CompleteHandover, {{"case_id", "case_id"}}));
  Handle("GET /v1/cases/{case_id}/audit", [this](Call& c) {
    v1::GetAuditLogRequest req;
    req.set_case_id(c.Param("case_id"));
    *req.mutable_actor() = c.Actor();
    v1::GetAuditLogResponse out;
    auto ctx = Context(c);
    Reply(c, cases_->GetAuditLog(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/cases/{case_id}/pfif", [this, venue](Call& c) {
    v1::ExportPfifRequest req;
    req.set_venue_id(venue);
    req.add_case_ids(c.Param("case_id"));
    *req.mutable_actor() = c.Actor();
    v1::ExportPfifResponse out;
    auto ctx = Context(c);
    auto status = cases_->ExportPfif(ctx.get(), req, &out);
    if (!status.ok()) return Reply(c, status, out);
    c.res.set_header("Content-Disposition", "inline; filename=\"" + out.file_name() + "\"");
    c.res.set_content(out.xml(), "application/xml; charset=utf-8");
  });
  Handle("GET /v1/cases/{case_id}/pfif/restricted", [this, venue](Call& c) {
    v1::ExportRestrictedPfifRequest req;
    req.set_venue_id(venue);
    req.add_case_ids(c.Param("case_id"));
    req.set_reason(c.Query("reason"));
    *req.mutable_actor() = c.Actor();
    v1::ExportPfifResponse out;
    auto ctx = Context(c);
    auto status = cases_->ExportRestrictedPfif(ctx.get(), req, &out);
    if (!status.ok()) return Reply(c, status, out);
    // Marked three ways so it cannot pass for the public feed: a download (never shown
    // inline) whose file name says RESTRICTED, a header, and the marker in the document.
    c.res.set_header("Content-Disposition", "attachment; filename=\"" + out.file_name() + "\"");
    c.res.set_header("X-Crowdsafe-Restricted", "RESTRICTED - not for publication");
    c.res.set_header("Cache-Control", "no-store, private");
    c.res.set_content(out.xml(), "application/xml; charset=utf-8");
  });
  Handle("GET /v1/cases/{case_id}/photos/{photo_id}", [this](Call& c) {
    // case-service names photos "<case_id>/photo-<n>"; a path segment cannot hold the slash, so
    // the route takes the part after it ("photo-0") and the gateway puts the id back together.
    v1::GetPhotoRequest req;
    req.set_case_id(c.Param("case_id"));
    req.set_photo_id(c.Param("case_id") + "/" + c.Param("photo_id"));
    *req.mutable_actor() = c.Actor();
    v1::PhotoContent out;
    auto ctx = Context(c);
    auto status = cases_->GetPhoto(ctx.get(), req, &out);
    if (!status.ok()) return Reply(c, status, out);
    // A child's photo: never cached by a browser or a proxy.
    c.res.set_header("Cache-Control", "no-store, private");
    c.res.set_content(out.data(), out.content_type().c_str());
  });
}

// An appeal's photo as it will be published (appeal-service names it "<appeal_id>/photo-<n>";
// the route takes "photo-<n>"); ?pending_lift=true: the unblurred image a pending lift would
// publish, for the press officer who reviews it.
void Gateway::AppealPhoto(Call& c) {
  v1::GetAppealPhotoRequest req;
  req.set_appeal_id(c.Param("appeal_id"));
  req.set_photo_id(c.Param("appeal_id") + "/" + c.Param("photo_id"));
  *req.mutable_actor() = c.Actor();
  if (!c.Query("pending_lift").empty()) {
    CS_QUERY_OR_FAIL(pending, ParseBoolParam("pending_lift", c.Query("pending_lift")));
    req.set_pending_lift(*pending);
  }
  v1::AppealPhotoContent out;
  auto ctx = Context(c);
  auto status = appeals_->GetAppealPhoto(ctx.get(), req, &out);
  if (!status.ok()) return Reply(c, status, out);
  c.res.set_header("Cache-Control", "no-store, private");  // may be an unpublished child's face
  c.res.set_content(out.data(), out.content_type().c_str());
}

void Gateway::RegisterAppealRoutes() {
  const std::string& venue = config_.venue.id;
  // Body → RPC → JSON, for appeal-service routes; `binds` maps proto fields to path params.
  auto action = [this](auto rpc, Binds binds) {
    return [this, rpc, binds](Call& c) {
      typename RpcTraits<decltype(rpc)>::Request req;
      Binds values;
      for (const auto& [field, param] : binds) values.emplace_back(field, c.Param(param));
      if (!ParseBody(c, &req, values)) return;
      typename RpcTraits<decltype(rpc)>::Response out;
      auto ctx = Context(c);
      Reply(c, (appeals_.get()->*rpc)(ctx.get(), req, &out), out);
    };
  };
  using S = v1::AppealService::Stub;
  const Binds by_id = {{"appeal_id", "appeal_id"}};
  Handle("GET /v1/appeals", [this, venue](Call& c) {
    v1::ListAppealsRequest req;
    req.set_venue_id(venue);
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(
        states, ParseEnumList("state", c.Query("state"), v1::AppealState_descriptor()));
    for (int s : *states) req.add_states(static_cast<v1::AppealState>(s));
    CS_QUERY_OR_FAIL(size, ParseIntParam("page_size", c.Query("page_size"), 0, 500, 0));
    req.mutable_page()->set_page_size(*size);
    req.mutable_page()->set_page_token(c.Query("page_token"));
    v1::ListAppealsResponse out;
    auto ctx = Context(c);
    Reply(c, appeals_->ListAppeals(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/appeals", action(&S::DraftAppeal, {}));
  auto get_appeal = [this](auto rpc) {
    return [this, rpc](Call& c) {
      v1::GetAppealRequest req;
      req.set_appeal_id(c.Param("appeal_id"));
      *req.mutable_actor() = c.Actor();
      typename RpcTraits<decltype(rpc)>::Response out;
      auto ctx = Context(c);
      Reply(c, (appeals_.get()->*rpc)(ctx.get(), req, &out), out);
    };
  };
  Handle("GET /v1/appeals/{appeal_id}", get_appeal(&S::GetAppeal));
  Handle("PUT /v1/appeals/{appeal_id}", action(&S::EditAppeal, by_id));
  Handle("GET /v1/appeals/{appeal_id}/diff", [this](Call& c) {
    v1::DiffVersionsRequest req;
    req.set_appeal_id(c.Param("appeal_id"));
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(from, ParseIntParam("from", c.Query("from"), 1, 1000000, 1));
    CS_QUERY_OR_FAIL(to, ParseIntParam("to", c.Query("to"), 1, 1000000, 1));
    req.set_from_version(*from);
    req.set_to_version(*to);
    req.set_language(c.Query("language").empty() ? "zh-Hans" : c.Query("language"));
    v1::DiffVersionsResponse out;
    auto ctx = Context(c);
    Reply(c, appeals_->DiffVersions(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/appeals/{appeal_id}/submit", action(&S::SubmitForReview, by_id));
  Handle("POST /v1/appeals/{appeal_id}/approve", action(&S::ApproveAppeal, by_id));
  Handle("POST /v1/appeals/{appeal_id}/reject", action(&S::RejectAppeal, by_id));
  Handle("POST /v1/appeals/{appeal_id}/retract", action(&S::RetractAppeal, by_id));
  Handle("POST /v1/appeals/{appeal_id}/lift-blur", action(&S::LiftFaceBlur, by_id));
  Handle("POST /v1/appeals/{appeal_id}/publish", action(&S::PublishAppeal, by_id));
  Handle("GET /v1/appeals/{appeal_id}/photos/{photo_id}", [this](Call& c) { AppealPhoto(c); });
  Handle("GET /v1/appeals/{appeal_id}/audit", get_appeal(&S::GetAppealAudit));
  Handle("GET /v1/appeals/{appeal_id}/cap", [this](Call& c) {
    v1::GetAppealRequest req;
    req.set_appeal_id(c.Param("appeal_id"));
    *req.mutable_actor() = c.Actor();
    v1::ExportCapResponse out;
    auto ctx = Context(c);
    auto status = appeals_->ExportCap(ctx.get(), req, &out);
    if (!status.ok()) return Reply(c, status, out);
    c.res.set_content(out.xml(), "application/xml; charset=utf-8");
  });

  Handle("GET /v1/inbox", [this](Call& c) {
    v1::ListMessagesRequest req;
    req.set_department(c.Query("department"));
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(states, ParseEnumList("state", c.Query("state"), v1::MessageState_descriptor()));
    for (int s : *states) req.add_states(static_cast<v1::MessageState>(s));
    CS_QUERY_OR_FAIL(overdue, ParseBoolParam("overdue", c.Query("overdue")));
    req.set_overdue_only(*overdue);
    CS_QUERY_OR_FAIL(size, ParseIntParam("page_size", c.Query("page_size"), 0, 500, 0));
    req.mutable_page()->set_page_size(*size);
    req.mutable_page()->set_page_token(c.Query("page_token"));
    v1::ListMessagesResponse out;
    auto ctx = Context(c);
    Reply(c, appeals_->ListMessages(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/inbox", action(&S::SubmitMessage, {}));
  const Binds by_message = {{"message_id", "message_id"}};
  Handle("POST /v1/inbox/{message_id}/route", action(&S::RouteMessage, by_message));
  Handle("POST /v1/inbox/{message_id}/answer", action(&S::AnswerMessage, by_message));
  Handle("POST /v1/inbox/{message_id}/link-case", action(&S::LinkTipToCase, by_message));
  Handle("GET /v1/inbox/{message_id}/case-candidates", [this](Call& c) {
    v1::SuggestCasesForTipRequest req;
    req.set_message_id(c.Param("message_id"));
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(limit, ParseIntParam("limit", c.Query("limit"), 0, 20, 0));
    req.set_limit(*limit);
    v1::SuggestCasesForTipResponse out;
    auto ctx = Context(c);
    Reply(c, appeals_->SuggestCasesForTip(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/inbox/report", [this](Call& c) {
    v1::AccountabilityReportRequest req;
    *req.mutable_actor() = c.Actor();
    auto parse_time = [&](const char* name, google::protobuf::Timestamp* out) {
      std::string text = c.Query(name);
      if (text.empty()) return true;
      if (!google::protobuf::util::TimeUtil::FromString(text, out)) {
        Fail(c.res, MakeProblem(400, std::string(name) + ": expected an RFC 3339 time", name));
        return false;
      }
      return true;
    };
    if (!c.Query("from").empty()) {
      if (!parse_time("from", req.mutable_range()->mutable_start())) return;
    } else {
      *req.mutable_range()->mutable_start() =
          ToProtoTime(clock_.Now() - std::chrono::hours(24 * 7));
    }
    // Only when given: an empty end would read as 1970 (before any start), not as "now".
    if (!c.Query("to").empty() && !parse_time("to", req.mutable_range()->mutable_end())) return;
    v1::AccountabilityReport out;
    auto ctx = Context(c);
    Reply(c, appeals_->GetAccountabilityReport(ctx.get(), req, &out), out);
  });
  Handle("GET /v1/answers", [this](Call& c) {
    v1::SearchAnswersRequest req;
    req.set_query(c.Query("q"));
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(limit, ParseIntParam("limit", c.Query("limit"), 0, 50, 0));
    req.set_limit(*limit);
    v1::SearchAnswersResponse out;
    auto ctx = Context(c);
    Reply(c, appeals_->SearchAnswers(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/answers", action(&S::UpsertAnswer, {}));
  Handle("PUT /v1/answers/{answer_id}",
         action(&S::UpsertAnswer, {{"entry.answer_id", "answer_id"}}));
  Handle("POST /v1/inbox/{message_id}/propose-answer", action(&S::ProposeAnswer, by_message));
  Handle("GET /v1/answers/proposals", [this](Call& c) {
    v1::ListAnswerProposalsRequest req;
    *req.mutable_actor() = c.Actor();
    CS_QUERY_OR_FAIL(states, ParseEnumList("state", c.Query("state"),
                                           v1::AnswerProposalState_descriptor()));
    if (states->size() > 1) {
      Fail(c.res, MakeProblem(400, "state: give at most one", "state"));
      return;
    }
    if (!states->empty()) req.set_state(static_cast<v1::AnswerProposalState>(states->front()));
    v1::ListAnswerProposalsResponse out;
    auto ctx = Context(c);
    Reply(c, appeals_->ListAnswerProposals(ctx.get(), req, &out), out);
  });
  Handle("POST /v1/answers/proposals/{proposal_id}/review",
         action(&S::ReviewAnswerProposal, {{"proposal_id", "proposal_id"}}));
}

}  // namespace cs::api
