#include "mobile-api/route_table.h"

#include <gtest/gtest.h>

#include <set>

namespace cs::api {
namespace {

TEST(RouteTableTest, KeysAreUniqueAndPathsWellFormed) {
  std::set<std::string> keys;
  for (const auto& r : AllRoutes()) {
    EXPECT_TRUE(keys.insert(r.Key()).second) << r.Key();
    EXPECT_EQ(r.path[0], '/') << r.Key();
    EXPECT_FALSE(r.summary.empty()) << r.Key();
    if (r.body != BodyKind::kNone) {
      EXPECT_FALSE(r.request_type.empty()) << r.Key();
    }
  }
}

TEST(RouteTableTest, MatchesTemplatesAndLiteralRoutesWin) {
  auto m = MatchRoute("GET", "/v1/cases/stream");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->route->Key(), "GET /v1/cases/stream");
  m = MatchRoute("GET", "/v1/cases/c-42");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->route->Key(), "GET /v1/cases/{case_id}");
  EXPECT_EQ(m->params.at("case_id"), "c-42");
  m = MatchRoute("POST", "/v1/appeals/a1/approve");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params.at("appeal_id"), "a1");
  EXPECT_FALSE(MatchRoute("DELETE", "/v1/cases/c-42"));
  EXPECT_FALSE(MatchRoute("GET", "/v1/cases/../etc/passwd"));
  EXPECT_FALSE(MatchRoute("GET", "/v1/cases/" + std::string(65, 'a')));
}

// The role matrix of docs/api.md, spot-checked where a mistake would leak or block.
TEST(RouteTableTest, RoleMatrix) {
  auto allows = [](const char* key, Role role) {
    const Route* r = FindRoute(key);
    EXPECT_NE(r, nullptr) << key;
    return r != nullptr && r->Allows(role);
  };
  EXPECT_TRUE(allows("GET /v1/occupancy", Role::kPatrol));
  EXPECT_TRUE(allows("GET /v1/occupancy", Role::kPress));
  EXPECT_TRUE(allows("GET /v1/occupancy", Role::kAdmin));
  EXPECT_FALSE(allows("POST /v1/alerts/{alert_id}/acknowledge", Role::kPatrol));
  EXPECT_TRUE(allows("POST /v1/alerts/{alert_id}/acknowledge", Role::kDesk));
  EXPECT_TRUE(allows("POST /v1/reports/found", Role::kPatrol));
  EXPECT_FALSE(allows("POST /v1/reports/found", Role::kPress));
  EXPECT_FALSE(allows("GET /v1/cases/{case_id}", Role::kAdmin));
  EXPECT_FALSE(allows("GET /v1/cases/{case_id}", Role::kPress));
  EXPECT_FALSE(allows("POST /v1/cases/{case_id}/transition", Role::kPatrol));
  EXPECT_FALSE(allows("POST /v1/appeals/{appeal_id}/approve", Role::kDesk));
  EXPECT_TRUE(allows("POST /v1/appeals/{appeal_id}/approve", Role::kPress));
  EXPECT_TRUE(allows("GET /v1/inbox", Role::kDesk));
  EXPECT_FALSE(allows("POST /v1/inbox/{message_id}/answer", Role::kDesk));
  EXPECT_FALSE(allows("PUT /v1/answers/{answer_id}", Role::kAdmin));
  EXPECT_TRUE(allows("GET /v1/answers", Role::kAdmin));
  EXPECT_TRUE(allows("GET /metrics", Role::kAdmin));
  EXPECT_FALSE(allows("GET /metrics", Role::kDesk));
  EXPECT_TRUE(FindRoute("POST /v1/auth/login")->Public());
  // Issue 14: the public PFIF is the guarded one; the full export is the desk's alone.
  EXPECT_TRUE(allows("GET /v1/cases/{case_id}/pfif", Role::kPatrol));
  EXPECT_TRUE(allows("GET /v1/cases/{case_id}/pfif", Role::kDesk));
  // The public feed is the same for every role, so the press office reads it over HTTP too.
  EXPECT_TRUE(allows("GET /v1/cases/{case_id}/pfif", Role::kPress));
  EXPECT_FALSE(allows("GET /v1/cases/{case_id}/pfif", Role::kAdmin));
  EXPECT_FALSE(allows("GET /v1/cases/{case_id}/pfif/restricted", Role::kPress));
  EXPECT_TRUE(allows("GET /v1/cases/{case_id}/pfif/restricted", Role::kDesk));
  EXPECT_FALSE(allows("GET /v1/cases/{case_id}/pfif/restricted", Role::kPatrol));
  // Issue 16: everyone may end their own session; the desk and the admin end others' (which
  // ones: MayRevokeSessionsOf, auth_test). Neither takes an Idempotency-Key.
  for (Role role : {Role::kPatrol, Role::kDesk, Role::kPress, Role::kAdmin}) {
    EXPECT_TRUE(allows("POST /v1/auth/logout", role));
  }
  EXPECT_TRUE(allows("POST /v1/auth/revoke", Role::kDesk));
  EXPECT_TRUE(allows("POST /v1/auth/revoke", Role::kAdmin));
  EXPECT_FALSE(allows("POST /v1/auth/revoke", Role::kPatrol));
  EXPECT_FALSE(allows("POST /v1/auth/revoke", Role::kPress));
  EXPECT_FALSE(FindRoute("POST /v1/auth/logout")->idempotent);
  EXPECT_FALSE(FindRoute("POST /v1/auth/revoke")->idempotent);
  // No route that reads case data is open to the admin or the press, but the public PFIF feed.
  for (const auto& r : AllRoutes()) {
    if (r.path.rfind("/v1/cases", 0) == 0 || r.path.rfind("/v1/reports", 0) == 0) {
      EXPECT_FALSE(r.Allows(Role::kAdmin)) << r.Key();
      if (r.Key() == "GET /v1/cases/{case_id}/pfif") continue;
      EXPECT_FALSE(r.Allows(Role::kPress)) << r.Key();
    }
  }
}

TEST(RouteTableTest, PathRegexEscapesDots) {
  EXPECT_EQ(PathRegex("/v1/cameras/{camera_id}/heatmap.png"),
            "/v1/cameras/([A-Za-z0-9._:-]{1,64})/heatmap\\.png");
  EXPECT_EQ(PathParams("/v1/cases/{case_id}/photos/{photo_id}"),
            (std::vector<std::string>{"case_id", "photo_id"}));
}

}  // namespace
}  // namespace cs::api
