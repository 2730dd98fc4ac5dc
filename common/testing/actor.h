// The Actor a test sends or expects: a user id and a role (no zones).
//
// Thread-safety: free function.
#pragma once

#include <string>

#include "crowdsafe/v1/common.pb.h"

namespace cs::testing {

inline crowdsafe::v1::Actor Who(const std::string& user_id, crowdsafe::v1::Role role) {
  crowdsafe::v1::Actor a;
  a.set_user_id(user_id);
  a.set_role(role);
  return a;
}

}  // namespace cs::testing
