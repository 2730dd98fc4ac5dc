// Fuzz target for the PFIF 1.4 writer (services/cases/core/pfif.cc): a case whose every text
// field, time and flag comes from the input is exported. The document must stay well-formed
// XML whatever the text holds; the public document never carries the restricted fields (child's
// name, guardian's phone), and the desk's restricted one always carries its marker.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "services/cases/core/pfif.h"
#include "services/cases/core/test_venue.h"

namespace {

constexpr const char* kChildName = "RESTRICTED-NAME-7e1";
constexpr const char* kGuardianPhone = "RESTRICTED-PHONE-9c4";

cs::TimePoint FuzzTime(cs::fuzz::ByteReader& in) {
  return cs::TimePoint(cs::Duration(in.Take<int64_t>()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 32 * 1024) return 0;
  using namespace cs::cases;
  cs::fuzz::ByteReader in(data, size);
  Case c;
  c.kind = (in.Take<uint8_t>() & 1) ? CaseKind::kFound : CaseKind::kMissing;
  c.state = static_cast<CaseState>(in.Take<uint8_t>() % 9);
  c.child.sex = static_cast<Sex>(in.Take<uint8_t>() % 3);
  c.child.age_min = in.Take<int8_t>();
  c.child.age_max = in.Take<int8_t>();
  c.child.height_cm = in.Take<int16_t>();
  const auto flags = in.Take<uint8_t>();
  c.seen_at = FuzzTime(in);
  c.filed_at = FuzzTime(in);
  if (flags & 1) c.closed_at = FuzzTime(in);
  if (flags & 2) c.reunited_at = FuzzTime(in);
  c.expired = flags & 4;
  c.appeal_published = flags & 8;
  const bool restricted = flags & 16;

  const auto f = cs::fuzz::SplitFields(in.Rest(), 10);
  for (const auto& field : f) {
    // The markers must come only from the restricted fields for the check below to hold.
    if (field.find("RESTRICTED") != std::string::npos) return 0;
  }
  c.id = f[0];
  c.zone_id = f[1];
  c.child.clothing.top.text = f[2];
  c.child.clothing.bottom.colour_words = f[3];
  c.child.features = f[4];
  c.child.language = f[5];
  c.held_at = f[6];
  c.last_seen_note = f[7];
  c.filed_by = f[8];
  c.linked_ids = {f[9]};
  c.restricted.child_name = kChildName;
  c.restricted.guardian_phone = kGuardianPhone;

  static const cs::Venue venue = cs::cases::testing::OceanTestVenue();
  const std::string xml =
      restricted ? ExportRestrictedPfif({c}, venue) : ExportPfif({c}, venue);
  if (!cs::fuzz::XmlLooksWellFormed(xml)) __builtin_trap();
  if (restricted) {
    if (xml.find(kRestrictedMarker) == std::string::npos) __builtin_trap();
    return 0;
  }
  // A leak is a marker that is there only because of the restricted part: the public text can
  // spell one itself (the fuzzer found "RESTRI\xff…CTED-NAME-7e1", whose invalid bytes the writer
  // drops), so the same case without its restricted part is the reference.
  cs::cases::Case without = c;
  without.restricted = {};
  const std::string reference = ExportPfif({without}, venue);
  for (const char* marker : {kChildName, kGuardianPhone}) {
    if (xml.find(marker) != std::string::npos && reference.find(marker) == std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
