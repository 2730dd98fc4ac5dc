// The reports the case-service tests file: a missing boy at the penguin pavilion (with a name
// and a guardian's phone that must never leak) and a found boy who matches him.
//
// Thread-safety: free functions.
#pragma once

#include <string>

#include "common/grpc/time_convert.h"
#include "common/testing/actor.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace cs::testing {

namespace v1 = crowdsafe::v1;

inline v1::FileMissingReportRequest Missing() {
  v1::FileMissingReportRequest req;
  auto* r = req.mutable_report();
  r->set_venue_id("ocean");
  r->mutable_child()->set_sex(v1::SEX_MALE);
  r->mutable_child()->set_age_min(5);
  r->mutable_child()->set_age_max(5);
  r->mutable_child()->set_height_cm(110);
  r->mutable_child()->mutable_clothing()->mutable_top()->add_colours("深蓝");
  r->mutable_child()->mutable_clothing()->mutable_top()->set_description("羽绒服，胸前有企鹅图案");
  r->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("红");
  r->mutable_child()->set_features("缺一颗门牙");
  r->set_last_seen_zone_id("penguin");
  *r->mutable_last_seen_at() = ProtoNow();
  r->mutable_restricted()->set_child_name("李乐乐");
  r->mutable_restricted()->set_guardian_name("李建国");
  r->mutable_restricted()->set_guardian_phone("13912345678");
  *req.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
  return req;
}

inline v1::FileFoundReportRequest Found() {
  v1::FileFoundReportRequest req;
  auto* r = req.mutable_report();
  r->set_venue_id("ocean");
  r->mutable_child()->set_sex(v1::SEX_MALE);
  r->mutable_child()->set_age_min(4);
  r->mutable_child()->set_age_max(6);
  r->mutable_child()->set_height_cm(108);
  r->mutable_child()->mutable_clothing()->mutable_top()->add_colours("navy");
  r->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("red");
  r->set_found_zone_id("penguin");
  *r->mutable_found_at() = ProtoNow();
  r->set_held_at("走失儿童中心");
  *req.mutable_actor() = Who("patrol.zhou", v1::ROLE_PATROL);
  return req;
}

}  // namespace cs::testing
