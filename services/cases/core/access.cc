#include "services/cases/core/access.h"

namespace cs::cases {

CaseView BuildView(const Case& c, const Actor& viewer, TimePoint now,
                   std::vector<AuditEntry>* audit_out) {
  CaseView v;
  v.id = c.id;
  v.kind = c.kind;
  v.state = c.state;
  v.child = c.child;
  v.zone_id = c.zone_id;
  v.seen_at = c.seen_at;
  v.filed_at = c.filed_at;
  v.held_at = c.held_at;
  v.last_seen_note = c.last_seen_note;
  v.linked_ids = c.linked_ids;
  v.matched_id = c.matched_id;
  v.guardian_verified = c.guardian.has_value();
  v.expired = c.expired;
  if (viewer.role != Role::kDesk || c.expired) return v;

  RestrictedInfo r;
  auto read = [&](const std::string& value, const char* field, std::string* into) {
    if (value.empty()) return;
    *into = value;
    if (audit_out != nullptr)
      audit_out->push_back({now, viewer.id, viewer.role, "read_restricted", "", "",
                            std::string("restricted.") + field, "case view"});
  };
  read(c.restricted.child_name, "child_name", &r.child_name);
  read(c.restricted.guardian_name, "guardian_name", &r.guardian_name);
  read(c.restricted.guardian_phone, "guardian_phone", &r.guardian_phone);
  read(c.restricted.guardian_document, "guardian_document", &r.guardian_document);
  v.restricted = std::move(r);
  if (c.guardian) {
    std::string masked = c.guardian->masked_number;
    read(masked, "guardian_masked_number", &masked);
    v.guardian_masked_number = std::move(masked);
  }
  return v;
}

}  // namespace cs::cases
