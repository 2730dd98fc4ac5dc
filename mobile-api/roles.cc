#include "mobile-api/roles.h"

namespace cs::api {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPatrol:
      return "patrol";
    case Role::kDesk:
      return "desk";
    case Role::kPress:
      return "press";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kPatrol, Role::kDesk, Role::kPress, Role::kAdmin}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

crowdsafe::v1::Role ToProtoRole(Role role) {
  switch (role) {
    case Role::kPatrol:
      return crowdsafe::v1::ROLE_PATROL;
    case Role::kDesk:
      return crowdsafe::v1::ROLE_DESK;
    case Role::kPress:
      return crowdsafe::v1::ROLE_PRESS;
    case Role::kAdmin:
      return crowdsafe::v1::ROLE_ADMIN;
  }
  return crowdsafe::v1::ROLE_UNSPECIFIED;
}

bool MayRevokeSessionsOf(Role caller, Role target) {
  if (caller == Role::kAdmin) return true;
  return caller == Role::kDesk && target == Role::kPatrol;
}

}  // namespace cs::api
