// Fuzz target for the CAP 1.2 writer (services/appeals/drafting/cap_export.cc): an appeal whose
// identifiers, texts, area and times come from the input. ExportCap may refuse with
// InvalidArgument; a document it returns must be well-formed XML, and CapHeadline must keep its
// length bound on any text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/text/utf8.h"
#include "fuzz/fuzz_input.h"
#include "services/appeals/drafting/cap_export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 32 * 1024) return 0;
  using namespace cs::appeals;
  cs::fuzz::ByteReader in(data, size);
  CapAppeal a;
  a.sent = cs::TimePoint(cs::Duration(in.Take<int64_t>()));
  a.utc_offset_minutes = in.Take<int16_t>();
  a.msg_type = static_cast<CapMsgType>(in.Take<uint8_t>() % 3);
  a.area.lat = in.Take<double>();
  a.area.lon = in.Take<double>();
  a.area.radius_km = in.Take<double>();
  const auto polygon_points = in.Take<uint8_t>() % 6;
  for (int i = 0; i < polygon_points; ++i) {
    a.area.polygon.emplace_back(in.Take<double>(), in.Take<double>());
  }
  const auto f = cs::fuzz::SplitFields(in.Rest(), 12);
  a.identifier = f[0];
  a.sender = f[1];
  a.sender_name = f[2];
  a.contact = f[3];
  a.category = f[4].empty() ? "Rescue" : f[4];
  a.area.area_desc = f[5];
  a.infos = {{f[6].empty() ? "zh-CN" : f[6], f[7], f[8], f[9]}, {"en", f[10], f[11], ""}};
  if (a.msg_type != CapMsgType::kAlert) a.references = {{f[1], f[0] + "-0", a.sent}};

  auto xml = ExportCap(a);
  if (xml.ok()) {
    if (!cs::fuzz::XmlLooksWellFormed(*xml)) __builtin_trap();
  } else if (xml.status().code() != absl::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
  const size_t max = 1 + in.Take<uint8_t>();
  if (cs::CodePointCount(CapHeadline(f[7], max)) > max) __builtin_trap();
  return 0;
}
