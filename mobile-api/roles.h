// Caller roles of the gateway and their names on the wire. A role is only ever taken from the
// server-side session of a bearer token, never from a request.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crowdsafe/v1/common.pb.h"

namespace cs::api {

enum class Role { kPatrol, kDesk, kPress, kAdmin };

// "patrol", "desk", "press", "admin".
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
crowdsafe::v1::Role ToProtoRole(Role role);

// Who may end another user's sessions (POST /v1/auth/revoke, issue 16): an admin anyone's; the
// desk a patrol officer's (the control room cuts off a lost or stolen phone), never a fellow
// desk officer's, the press office's or an admin's. Everyone ends their own with a logout.
bool MayRevokeSessionsOf(Role caller, Role target);

// A set of roles as a bit mask, for the route table.
using RoleSet = unsigned;
constexpr RoleSet Bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr RoleSet kPatrol = Bit(Role::kPatrol);
constexpr RoleSet kDesk = Bit(Role::kDesk);
constexpr RoleSet kPress = Bit(Role::kPress);
constexpr RoleSet kAdmin = Bit(Role::kAdmin);
constexpr RoleSet kAnyRole = kPatrol | kDesk | kPress | kAdmin;
constexpr RoleSet kPublic = 0;  // no token needed (login, health, openapi, dashboard)

}  // namespace cs::api
